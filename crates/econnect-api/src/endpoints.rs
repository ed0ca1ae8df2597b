//! Where an environment's API and identity server live, and the TLS rule.

use reqwest::Url;

use crate::error::ApiError;

/// The two base URLs of an environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The API base; the API is under `{api_url}/api/v1`.
    pub api_url: Url,
    /// The identity base; the token endpoint is `{identity_url}/connect/token`.
    pub identity_url: Url,
}

impl Endpoints {
    /// Parses and checks both URLs: `https://` everywhere, `http://` only on loopback.
    pub fn new(api_url: &str, identity_url: &str) -> Result<Self, ApiError> {
        Ok(Self {
            api_url: checked_url(api_url, "API URL")?,
            identity_url: checked_url(identity_url, "identity URL")?,
        })
    }

    pub(crate) fn api(&self, path: &str) -> String {
        format!(
            "{}{}{path}",
            trimmed(&self.api_url),
            econnect_contract::API_PREFIX
        )
    }

    pub(crate) fn token(&self) -> String {
        format!(
            "{}{}",
            trimmed(&self.identity_url),
            econnect_contract::TOKEN_PATH
        )
    }
}

fn trimmed(url: &Url) -> &str {
    url.as_str().trim_end_matches('/')
}

/// TLS is required for every URL but loopback ones (127.0.0.0/8, ::1, localhost), which are
/// allowed over plain `http://` for the local sandbox. Checked before a byte is sent. A URL
/// with a user name or password in it, or with spaces inside, is refused (credentials have
/// their own fields and live in the keychain); the error never repeats such a URL whole.
pub fn checked_url(input: &str, what: &str) -> Result<Url, ApiError> {
    let input = input.trim();
    if input.chars().any(char::is_whitespace) {
        return Err(ApiError::InvalidUrl {
            url: input.to_owned(),
            reason: format!("the {what} has a space or line break inside; remove it"),
        });
    }
    let url = Url::parse(input).map_err(|error| ApiError::InvalidUrl {
        url: input.to_owned(),
        reason: format!("the {what} is not a valid URL ({error})"),
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        let mut shown = url.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        return Err(ApiError::InvalidUrl {
            url: shown.to_string(),
            reason: format!(
                "the {what} has a user name or password in it; remove them from the URL (the client secret and password have their own fields, and are kept in the keychain)"
            ),
        });
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(ApiError::InsecureUrl {
            url: input.to_owned(),
        }),
        scheme => Err(ApiError::InvalidUrl {
            url: input.to_owned(),
            reason: format!("the {what} must start with https:// (not {scheme}://)"),
        }),
    }
}

/// True for 127.0.0.0/8, ::1 and localhost.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_always_allowed() {
        assert!(checked_url("https://api.econnect.eu", "API URL").is_ok());
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:9000/",
            "http://LOCALHOST:1",
        ] {
            assert!(checked_url(ok, "API URL").is_ok(), "{ok}");
        }
        for refused in [
            "http://api.econnect.eu",
            "http://10.0.0.1",
            "http://localhost.evil.example",
            "http://[::2]",
        ] {
            assert!(
                matches!(
                    checked_url(refused, "API URL"),
                    Err(ApiError::InsecureUrl { .. })
                ),
                "{refused} must be refused"
            );
        }
    }

    #[test]
    fn other_schemes_and_garbage_are_invalid() {
        assert!(matches!(
            checked_url("ftp://x.example", "API URL"),
            Err(ApiError::InvalidUrl { .. })
        ));
        assert!(matches!(
            checked_url("not a url", "API URL"),
            Err(ApiError::InvalidUrl { .. })
        ));
    }

    #[test]
    fn credentials_and_spaces_in_a_url_are_refused_without_repeating_them() {
        for refused in [
            "https://admin:hunter2@api.example.com",
            "https://admin@api.example.com",
            "http://user:pw@127.0.0.1:8080",
        ] {
            let error = checked_url(refused, "API URL").unwrap_err();
            let message = error.to_string();
            assert!(message.contains("user name or password"), "{message}");
            assert!(
                !message.contains("hunter2") && !message.contains("pw@"),
                "{message}"
            );
        }
        for refused in ["https://api.exa mple.com", "https://api.example.com/a\nb"] {
            assert!(
                matches!(
                    checked_url(refused, "API URL"),
                    Err(ApiError::InvalidUrl { .. })
                ),
                "{refused}"
            );
        }
        assert!(
            checked_url("  https://api.example.com  ", "API URL").is_ok(),
            "trimmed"
        );
        assert!(matches!(
            checked_url("javascript:alert(1)", "API URL"),
            Err(ApiError::InvalidUrl { .. })
        ));
    }

    #[test]
    fn joins_paths_with_or_without_a_trailing_slash() {
        let endpoints = Endpoints::new("https://a.example/base/", "https://id.example").unwrap();
        assert_eq!(
            endpoints.api("/users"),
            "https://a.example/base/api/v1/users"
        );
        assert_eq!(endpoints.token(), "https://id.example/connect/token");
    }
}
