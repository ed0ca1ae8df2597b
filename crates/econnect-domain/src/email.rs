//! Email addresses: the login name, and where notifications go.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Domains of free-mail providers. Business addresses are strongly preferred; an invitation to
/// one of these gets a warning first.
const FREE_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.nl",
    "live.com",
    "live.nl",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "proton.me",
    "protonmail.com",
    "zoho.com",
    "yandex.com",
    "mail.com",
    "ziggo.nl",
    "kpnmail.nl",
    "planet.nl",
    "home.nl",
    "telenet.be",
    "skynet.be",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("enter an email address")]
    Empty,
    #[error("`{0}` is not a valid email address; check for typos, spaces or a missing @")]
    Invalid(String),
    #[error("this email address is longer than the {MAX_LENGTH} characters an address may have")]
    TooLong,
}

/// RFC 5321's limits: 254 characters in all, 64 before the `@`.
pub const MAX_LENGTH: usize = 254;
const MAX_LOCAL_LENGTH: usize = 64;

/// A syntactically valid email address in the one form addresses are compared in: trimmed,
/// NFKC-normalised (full-width and other compatibility characters become their plain
/// form), lower-cased, and with the domain in its IDNA ASCII form (`münchen.example` is
/// `xn--mnchen-3ya.example`), so that `ａcme.example`, `ACME.example` and `acme.example` are
/// one domain for the duplicate and shared-domain checks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        use unicode_normalization::UnicodeNormalization;
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > MAX_LENGTH * 4 {
            return Err(EmailError::TooLong);
        }
        let invalid = || EmailError::Invalid(trimmed.to_owned());
        let normalised: String = trimmed.nfkc().collect::<String>().to_lowercase();
        if normalised
            .chars()
            .any(|c| c.is_control() || crate::text::is_bidi_control(c))
        {
            return Err(invalid());
        }
        let (local, domain) = normalised.rsplit_once('@').ok_or_else(invalid)?;
        let domain = idna::domain_to_ascii(domain).map_err(|_| invalid())?;
        if local.chars().count() > MAX_LOCAL_LENGTH {
            return Err(EmailError::TooLong);
        }
        let lowered = format!("{local}@{domain}");
        if lowered.chars().count() > MAX_LENGTH {
            return Err(EmailError::TooLong);
        }
        // Display names ("Ada <ada@x.nl>") and IP-literal domains are valid in RFC 5322 but
        // not as a login name.
        let options = email_address::Options::default()
            .without_display_text()
            .without_domain_literal();
        let domain_has_dot = lowered.rsplit_once('@').is_some_and(|(_, domain)| {
            domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        });
        if !domain_has_dot
            || email_address::EmailAddress::parse_with_options(&lowered, options).is_err()
        {
            return Err(invalid());
        }
        Ok(Self(lowered))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0
            .rsplit_once('@')
            .map(|(_, domain)| domain)
            .unwrap_or_default()
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0
            .rsplit_once('@')
            .map(|(local, _)| local)
            .unwrap_or_default()
    }

    /// True for addresses of free-mail providers (gmail.com, outlook.com, …).
    pub fn is_free_mail(&self) -> bool {
        is_free_mail_domain(self.domain())
    }
}

pub fn is_free_mail_domain(domain: &str) -> bool {
    let domain = domain.trim().to_ascii_lowercase();
    FREE_MAIL_DOMAINS.contains(&domain.as_str())
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl FromStr for EmailAddress {
    type Err = EmailError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;

    fn try_from(input: String) -> Result<Self, Self::Error> {
        Self::parse(&input)
    }
}

impl From<EmailAddress> for String {
    fn from(address: EmailAddress) -> Self {
        address.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_domain_however_it_is_typed() {
        let plain = EmailAddress::parse("ada@acme.example").unwrap();
        for typed in [
            "ada@ＡＣＭＥ.example",
            "ADA@ACME.EXAMPLE",
            "ａｄａ@ａｃｍｅ.example",
        ] {
            assert_eq!(EmailAddress::parse(typed).unwrap(), plain, "{typed}");
        }
        let idn = EmailAddress::parse("jan@münchen.example").unwrap();
        assert_eq!(idn.domain(), "xn--mnchen-3ya.example");
        assert_eq!(EmailAddress::parse("jan@MÜNCHEN.example").unwrap(), idn);
    }

    #[test]
    fn control_and_bidi_characters_and_overlong_addresses_are_refused() {
        for refused in [
            "ada\u{202E}@acme.example",
            "ada@acme\u{200F}.example",
            "a\u{0007}da@acme.example",
        ] {
            assert!(EmailAddress::parse(refused).is_err(), "{refused:?}");
        }
        let long_local = format!("{}@acme.example", "a".repeat(65));
        assert_eq!(EmailAddress::parse(&long_local), Err(EmailError::TooLong));
        let long_domain = format!("ada@{}.example", "d".repeat(250));
        assert!(EmailAddress::parse(&long_domain).is_err());
    }

    #[test]
    fn normalises_case_and_whitespace() {
        let address = EmailAddress::parse("  Ada.Lovelace@Example.COM ").unwrap();
        assert_eq!(address.as_str(), "ada.lovelace@example.com");
        assert_eq!(address.domain(), "example.com");
        assert_eq!(address.local_part(), "ada.lovelace");
    }

    #[test]
    fn rejects_what_cannot_be_a_login_name() {
        for bad in [
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada @example.com",
            "Ada <ada@example.com>",
            "ada@[127.0.0.1]",
            "ada@@example.com",
        ] {
            assert!(
                matches!(EmailAddress::parse(bad), Err(EmailError::Invalid(_))),
                "{bad:?} was accepted"
            );
        }
        assert_eq!(EmailAddress::parse("   "), Err(EmailError::Empty));
    }

    #[test]
    fn recognises_free_mail() {
        assert!(EmailAddress::parse("x@Gmail.com").unwrap().is_free_mail());
        assert!(!EmailAddress::parse("x@acme.nl").unwrap().is_free_mail());
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<EmailAddress>("\"not-an-address\"").is_err());
        let address: EmailAddress = serde_json::from_str("\"A@B.NL\"").unwrap();
        assert_eq!(address.as_str(), "a@b.nl");
    }
}
