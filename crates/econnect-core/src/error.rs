//! The core's one error type, and its classification: every surface (the app's IPC error,
//! `ecadmin`'s exit codes) matches on [`CoreError::kind`] and shows refusals by
//! [`CoreError::platform_code`], never by text.
//!
//! The leaf modules' own errors (folders, saved environments, the keychain) are its sources;
//! the store's and the client's errors pass through typed.

use econnect_api::ApiError;
use econnect_contract::ErrorCode;
use econnect_domain::ErrorKind;
use econnect_domain::rules::RuleViolation;
use econnect_store::StoreError;

use crate::app_dirs::AppDirsError;
use crate::environments::EnvironmentError;
use crate::keychain::KeychainError;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{0}. Check that the disk is not full and that you may write there")]
    AppFolder(#[from] AppDirsError),
    #[error(transparent)]
    Environment(#[from] EnvironmentError),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error(
        "the keychain has no {what} for environment `{environment}`; add the environment again to enter it"
    )]
    MissingSecret {
        environment: String,
        what: &'static str,
    },
    #[error("{}", describe_store_error(.0))]
    Store(#[from] StoreError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("sign in to an environment first")]
    NotSignedIn,
    #[error(
        "the platform cannot be reached and nothing of `{0}` is cached yet; try again when online"
    )]
    NeverSynced(String),
    #[error("{0} is not in this environment (any more); refresh the list")]
    UnknownUser(String),
    /// Refused before asking: a rule of the platform.
    #[error("{subject}: {violation}")]
    Rule {
        subject: String,
        violation: RuleViolation,
    },
    #[error("{0}")]
    Invalid(String),
    /// A file that cannot be read as a spreadsheet.
    #[error(transparent)]
    Sheet(#[from] crate::spreadsheet::SheetError),
}

fn describe_store_error(error: &StoreError) -> String {
    match error {
        StoreError::Database(_) | StoreError::Unusable { .. } => format!(
            "the offline cache cannot be used: {error}. Check that the disk is not full and that you may write there, then try again"
        ),
        _ => error.to_string(),
    }
}

impl CoreError {
    /// What the failure means for whoever meets it: the one classification the surfaces use.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CoreError::AppFolder(_) => ErrorKind::AppFolder,
            CoreError::Environment(error) => match error {
                EnvironmentError::NotFound { .. } => ErrorKind::NotFound,
                EnvironmentError::Exists(_)
                | EnvironmentError::BadName(_)
                | EnvironmentError::InUse { .. } => ErrorKind::InvalidInput,
                EnvironmentError::Url(error) => error.kind(),
                EnvironmentError::File { .. } => ErrorKind::AppFolder,
            },
            CoreError::Keychain(_) | CoreError::MissingSecret { .. } => ErrorKind::Keychain,
            CoreError::Store(error) => error.kind(),
            CoreError::Api(error) => error.kind(),
            CoreError::NotSignedIn => ErrorKind::Authentication,
            CoreError::NeverSynced(_) => ErrorKind::Unreachable,
            CoreError::UnknownUser(_) => ErrorKind::NotFound,
            CoreError::Rule { violation, .. } => ErrorCode::from(*violation).kind(),
            CoreError::Invalid(_) | CoreError::Sheet(_) => ErrorKind::InvalidInput,
        }
    }

    /// The platform's code of a refusal — also when it was refused here before asking, with
    /// the code the platform would have answered.
    pub fn platform_code(&self) -> Option<ErrorCode> {
        match self {
            CoreError::Store(error) => error.platform_code(),
            CoreError::Api(error) | CoreError::Environment(EnvironmentError::Url(error)) => {
                error.code()
            }
            CoreError::UnknownUser(_) => Some(ErrorCode::NotFound),
            CoreError::Rule { violation, .. } => Some(ErrorCode::from(*violation)),
            _ => None,
        }
    }
}

/// Implements `From<E> for $target` for the errors of the crates below the core, each
/// through `CoreError` (so through its one classification): what the app's IPC error and
/// `ecadmin`'s error both use.
#[macro_export]
macro_rules! convert_through_core_error {
    ($target:ty) => {
        $crate::convert_through_core_error!(
            $target:
            $crate::app_dirs::AppDirsError,
            $crate::environments::EnvironmentError,
            econnect_api::ApiError,
            econnect_store::StoreError,
        );
    };
    ($target:ty: $($error:ty),+ $(,)?) => {
        $(impl From<$error> for $target {
            fn from(error: $error) -> Self {
                $crate::CoreError::from(error).into()
            }
        })+
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_refused_here_carries_the_platform_code() {
        let refused = CoreError::from(StoreError::Rule(RuleViolation::LastAdministrator));
        assert_eq!(refused.kind(), ErrorKind::Rejected);
        assert_eq!(refused.platform_code(), Some(ErrorCode::LastAdministrator));
        let offboarding = CoreError::Rule {
            subject: "ada@acme.example".to_owned(),
            violation: RuleViolation::LastAdministrator,
        };
        assert_eq!(
            offboarding.platform_code(),
            Some(ErrorCode::LastAdministrator)
        );
        assert!(offboarding.to_string().starts_with("ada@acme.example: "));
    }

    #[test]
    fn errors_without_an_answer_are_unreachable() {
        let offline = CoreError::from(ApiError::Transport {
            what: "GET /me".to_owned(),
            message: "connection refused".to_owned(),
        });
        assert_eq!(offline.kind(), ErrorKind::Unreachable);
        assert_eq!(offline.platform_code(), None);
        let cache = CoreError::from(StoreError::Corrupt("bad row".to_owned()));
        assert_eq!(cache.kind(), ErrorKind::Internal);
    }
}
