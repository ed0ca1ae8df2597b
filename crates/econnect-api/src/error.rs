//! The client's errors. Problem details from the platform keep their stable `code`; every
//! other failure says what to do.

use std::time::Duration;

use econnect_contract::{ErrorCode, Problem};
use econnect_domain::ErrorKind;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The platform answered with problem details.
    #[error("{title}: {detail}{}", hint.as_deref().map(|hint| format!(" ({hint})")).unwrap_or_default())]
    Problem {
        status: u16,
        code: ErrorCode,
        title: String,
        detail: String,
        hint: Option<String>,
    },
    /// The identity server refused the credentials (OAuth `invalid_grant`, `invalid_client`, …).
    #[error(
        "sign-in refused ({error}): {description}. Check the client id, client secret, email address and password of this environment"
    )]
    Authentication { error: String, description: String },
    /// An answer that is neither success nor problem details.
    #[error("the platform answered {status} to {what}: {body}")]
    UnexpectedStatus {
        status: u16,
        what: String,
        body: String,
    },
    /// A success whose body does not match the contract.
    #[error("the platform's answer to {what} does not match the contract at `{field}`: {message}")]
    Decode {
        what: String,
        field: String,
        message: String,
    },
    /// No answer (connection refused or reset, DNS, TLS), after retrying where that is safe.
    #[error(
        "cannot reach the platform for {what}: {message}. Check the connection and the environment's URLs"
    )]
    Transport { what: String, message: String },
    #[error("no answer to {what} within {} s; the platform may be slow or unreachable", timeout.as_secs())]
    Timeout { what: String, timeout: Duration },
    #[error(
        "{url} uses plain http:// to a machine that is not this one; use https:// (plain http is only for a local sandbox on 127.0.0.1 or localhost)"
    )]
    InsecureUrl { url: String },
    #[error("{reason}: {url}")]
    InvalidUrl { url: String, reason: String },
    #[error("cancelled before it was sent")]
    Cancelled,
}

impl ApiError {
    /// The problem code, when the platform answered with one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Problem { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// What the failure means for whoever meets it.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::Problem { code, .. } => code.kind(),
            ApiError::Authentication { .. } => ErrorKind::Authentication,
            ApiError::Transport { .. } | ApiError::Timeout { .. } => ErrorKind::Unreachable,
            ApiError::InsecureUrl { .. } | ApiError::InvalidUrl { .. } => ErrorKind::InvalidInput,
            ApiError::UnexpectedStatus { .. } | ApiError::Decode { .. } | ApiError::Cancelled => {
                ErrorKind::Internal
            }
        }
    }

    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem { status, .. } | ApiError::UnexpectedStatus { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The platform is down or busy (5xx, 429): come back later, nothing is wrong with the
    /// request.
    pub fn is_temporary(&self) -> bool {
        self.status()
            .is_some_and(|status| status >= 500 || status == 429)
    }

    /// True when the request never got an answer: it may or may not have landed.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, ApiError::Transport { .. } | ApiError::Timeout { .. })
    }

    pub(crate) fn from_problem(problem: Problem) -> Self {
        ApiError::Problem {
            status: problem.status,
            code: problem.code,
            title: problem.title,
            detail: problem.detail,
            hint: problem.hint,
        }
    }

    pub(crate) fn from_reqwest(error: &reqwest::Error, what: &str, timeout: Duration) -> Self {
        if error.is_timeout() {
            return ApiError::Timeout {
                what: what.to_owned(),
                timeout,
            };
        }
        // The chain holds the useful part ("connection refused", "connection reset").
        let mut message = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            message = format!("{message}: {cause}");
            source = cause.source();
        }
        ApiError::Transport {
            what: what.to_owned(),
            message,
        }
    }
}

/// Decodes a success body, naming the field that failed.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    what: &str,
) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| ApiError::Decode {
        what: what.to_owned(),
        field: error.path().to_string(),
        message: error.inner().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        role: econnect_domain::Role,
    }

    #[test]
    fn a_decode_error_names_the_failing_field() {
        let error = decode::<Page>(
            br#"{"items":[{"role":"basic"},{"role":"owner"}]}"#,
            "GET /users",
        )
        .unwrap_err();
        match error {
            ApiError::Decode { field, message, .. } => {
                assert_eq!(field, "items[1].role");
                assert!(message.contains("owner"), "{message}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn a_problem_keeps_code_title_detail_and_hint() {
        let problem = Problem::new(
            ErrorCode::SharedEmailDomain,
            "globex.example is linked elsewhere",
        )
        .with_hint("add directly");
        let error = ApiError::from_problem(problem);
        assert_eq!(error.code(), Some(ErrorCode::SharedEmailDomain));
        assert_eq!(error.status(), Some(422));
        assert_eq!(
            error.to_string(),
            "Shared email domain: globex.example is linked elsewhere (add directly)"
        );
    }
}
