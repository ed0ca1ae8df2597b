//! The store's one error type. A refusal keeps its reason typed: the rule it breaks
//! ([`RuleViolation`]) or the platform code it would get ([`ErrorCode`]), so that every
//! surface shows it by code.

use econnect_contract::ErrorCode;
use econnect_domain::ErrorKind;
use econnect_domain::rules::RuleViolation;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the offline cache failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the offline cache could not be migrated or rebuilt at {path}: {reason}")]
    Unusable {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error(
        "the offline cache {path} was written by a newer version of eConnect Admin{}; update the app (the cache, with any changes waiting in it, is left as it is)",
        version.as_deref().map(|version| format!(" ({version})")).unwrap_or_default()
    )]
    NewerCache {
        path: std::path::PathBuf,
        version: Option<String>,
    },
    #[error(
        "the offline cache {path} is in use by another program ({reason}); close the other eConnect Admin or ecadmin and try again"
    )]
    Busy {
        path: std::path::PathBuf,
        reason: String,
    },
    /// A write was not stored although SQLite reported the commit (a full disk).
    #[error(
        "the change could not be written to the offline cache (is the disk full?); nothing was queued. Free some space and try again"
    )]
    NotWritten,
    #[error(
        "the cache holds a record it cannot read ({0}); it will be rebuilt on the next full sync"
    )]
    Corrupt(String),
    /// Refused here, before sending: a rule of the platform the change would break.
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    /// Refused here, before sending, with the code the platform would answer.
    #[error("{reason}")]
    Refused { code: ErrorCode, reason: String },
    #[error("no such user in the cache: {0}")]
    UnknownUser(String),
    #[error(transparent)]
    Api(#[from] econnect_api::ApiError),
}

impl StoreError {
    pub(crate) fn refused(code: ErrorCode, reason: impl Into<String>) -> Self {
        StoreError::Refused {
            code,
            reason: reason.into(),
        }
    }

    /// What the failure means for whoever meets it.
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::Database(_)
            | StoreError::Unusable { .. }
            | StoreError::NewerCache { .. }
            | StoreError::Busy { .. }
            | StoreError::NotWritten => ErrorKind::AppFolder,
            StoreError::Corrupt(_) => ErrorKind::Internal,
            StoreError::Rule(violation) => ErrorCode::from(*violation).kind(),
            StoreError::Refused { code, .. } => code.kind(),
            StoreError::UnknownUser(_) => ErrorKind::NotFound,
            StoreError::Api(error) => error.kind(),
        }
    }

    /// The platform's code for a refusal, whether the platform or this store refused.
    pub fn platform_code(&self) -> Option<ErrorCode> {
        match self {
            StoreError::Rule(violation) => Some(ErrorCode::from(*violation)),
            StoreError::Refused { code, .. } => Some(*code),
            StoreError::UnknownUser(_) => Some(ErrorCode::NotFound),
            StoreError::Api(error) => error.code(),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::Corrupt(error.to_string())
    }
}
