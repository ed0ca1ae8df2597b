//! The one error type that crosses IPC: `{code, message, platformCode}`. The core classifies
//! every failure once (`CoreError::kind`, `CoreError::platform_code`); this is one
//! conversion over that classification. The UI translates by `platformCode`, else by `code`,
//! and shows `message` (English, for the log and for what only the message can say) only
//! when neither says enough.

use econnect_core::CoreError;
use econnect_domain::ErrorKind;
use serde::Serialize;

/// What went wrong, in terms the UI can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IpcErrorCode {
    /// The app's own folders cannot be used (full disk, permissions); the message names the folder.
    AppFolder,
    /// No OS keychain is reachable or it is locked; nothing was stored anywhere else.
    Keychain,
    /// The platform refused the sign-in (wrong client id, secret, email or password), or the
    /// session ended (blocked, removed).
    Authentication,
    /// Input the app cannot use (a name, an insecure URL); the message says what to change.
    InvalidInput,
    /// No such saved environment, user or change.
    NotFound,
    /// The platform cannot be reached; try again when the connection is back.
    Unreachable,
    /// Refused for a rule of the platform; `platformCode` says which.
    Rejected,
    /// Changed elsewhere meanwhile; refresh and decide again.
    Conflict,
    /// Something unexpected; the message says what to report.
    Internal,
}

impl From<ErrorKind> for IpcErrorCode {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::AppFolder => Self::AppFolder,
            ErrorKind::Keychain => Self::Keychain,
            ErrorKind::Authentication => Self::Authentication,
            ErrorKind::InvalidInput => Self::InvalidInput,
            ErrorKind::NotFound => Self::NotFound,
            ErrorKind::Unreachable => Self::Unreachable,
            ErrorKind::Rejected => Self::Rejected,
            ErrorKind::Conflict => Self::Conflict,
            ErrorKind::Internal => Self::Internal,
        }
    }
}

/// An error as the UI receives it. `message` says what happened and what to do, and never
/// contains a secret.
#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
    /// The platform's stable error code (`last_administrator`, `shared_email_domain`, …),
    /// also when the app refused before asking, with the code the platform would answer.
    pub platform_code: Option<String>,
}

impl IpcError {
    pub fn new(code: IpcErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            platform_code: None,
        }
    }
}

impl From<CoreError> for IpcError {
    fn from(error: CoreError) -> Self {
        Self {
            code: error.kind().into(),
            platform_code: error.platform_code().map(|code| code.as_str().to_owned()),
            message: error.to_string(),
        }
    }
}

// Every error of the crates below converts through the core's classification.
econnect_core::convert_through_core_error!(IpcError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_message_and_platform_code() {
        let json =
            serde_json::to_value(IpcError::new(IpcErrorCode::AppFolder, "disk full")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "app_folder", "message": "disk full", "platformCode": null})
        );
    }

    #[test]
    fn a_folder_error_names_the_folder_and_what_to_do() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("not-a-folder");
        std::fs::write(&file, "").unwrap();
        let app_dirs = econnect_core::AppDirs::under(&file);
        let error = IpcError::from(app_dirs.create_all().unwrap_err());
        assert_eq!(error.code, IpcErrorCode::AppFolder);
        assert!(
            error.message.contains("not-a-folder") && error.message.contains("disk"),
            "{}",
            error.message
        );
    }

    #[test]
    fn platform_errors_map_to_codes_the_ui_handles() {
        use econnect_api::ApiError;
        let refused = ApiError::Authentication {
            error: "invalid_grant".to_owned(),
            description: "wrong password".to_owned(),
        };
        assert_eq!(IpcError::from(refused).code, IpcErrorCode::Authentication);
        let insecure = ApiError::InsecureUrl {
            url: "http://api.example.com".to_owned(),
        };
        let error = IpcError::from(insecure);
        assert_eq!(error.code, IpcErrorCode::InvalidInput);
        assert!(error.message.contains("https://"), "{}", error.message);
        let offline = ApiError::Transport {
            what: "GET /me".to_owned(),
            message: "connection refused".to_owned(),
        };
        assert_eq!(IpcError::from(offline).code, IpcErrorCode::Unreachable);
    }

    #[test]
    fn a_rule_refused_before_asking_keeps_its_code() {
        let refused = IpcError::from(econnect_store::StoreError::Rule(
            econnect_domain::rules::RuleViolation::LastAdministrator,
        ));
        assert_eq!(refused.code, IpcErrorCode::Rejected);
        assert_eq!(refused.platform_code.as_deref(), Some("last_administrator"));
    }
}
