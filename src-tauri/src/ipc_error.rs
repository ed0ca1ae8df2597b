//! The one error type that crosses IPC: `{code, message}`, with codes the UI handles.

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
    /// No such saved environment.
    NotFound,
    /// The platform cannot be reached; try again when the connection is back.
    Unreachable,
    /// The platform refused the change for a domain reason; `message` says which.
    Rejected,
    /// Something unexpected; the message says what to report.
    Internal,
}

/// An error as the UI receives it. `message` is written for the administrator: it says what
/// happened and what to do, and never contains a secret.
#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: IpcErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<econnect_core::app_dirs::AppDirsError> for IpcError {
    fn from(error: econnect_core::app_dirs::AppDirsError) -> Self {
        Self::new(
            IpcErrorCode::AppFolder,
            format!("{error}. Check that the disk is not full and that you may write there."),
        )
    }
}

impl From<econnect_api::ApiError> for IpcError {
    fn from(error: econnect_api::ApiError) -> Self {
        use econnect_api::ApiError;
        let code = match &error {
            ApiError::Authentication { .. } => IpcErrorCode::Authentication,
            ApiError::Problem { code, .. }
                if *code == econnect_contract::ErrorCode::Unauthorized =>
            {
                IpcErrorCode::Authentication
            }
            ApiError::Problem { .. } => IpcErrorCode::Rejected,
            ApiError::Transport { .. } | ApiError::Timeout { .. } => IpcErrorCode::Unreachable,
            ApiError::InsecureUrl { .. } | ApiError::InvalidUrl { .. } => {
                IpcErrorCode::InvalidInput
            }
            ApiError::UnexpectedStatus { .. } | ApiError::Decode { .. } | ApiError::Cancelled => {
                IpcErrorCode::Internal
            }
        };
        Self::new(code, error.to_string())
    }
}

impl From<econnect_core::environments::EnvironmentError> for IpcError {
    fn from(error: econnect_core::environments::EnvironmentError) -> Self {
        use econnect_core::environments::EnvironmentError;
        let code = match &error {
            EnvironmentError::NotFound { .. } => IpcErrorCode::NotFound,
            EnvironmentError::Exists(_) | EnvironmentError::BadName(_) => {
                IpcErrorCode::InvalidInput
            }
            EnvironmentError::Url(api) => return api.clone().into(),
            EnvironmentError::File { .. } => IpcErrorCode::AppFolder,
        };
        Self::new(code, error.to_string())
    }
}

impl From<econnect_core::session::SessionError> for IpcError {
    fn from(error: econnect_core::session::SessionError) -> Self {
        use econnect_core::session::SessionError;
        match error {
            SessionError::Environment(error) => error.into(),
            SessionError::Api(error) => error.into(),
            SessionError::Keychain(_) | SessionError::MissingSecret { .. } => {
                Self::new(IpcErrorCode::Keychain, error.to_string())
            }
        }
    }
}

impl From<econnect_store::StoreError> for IpcError {
    fn from(error: econnect_store::StoreError) -> Self {
        use econnect_store::StoreError;
        match error {
            StoreError::Api(error) => error.into(),
            StoreError::Refused(reason) => Self::new(IpcErrorCode::Rejected, reason),
            StoreError::UnknownUser(_) => Self::new(IpcErrorCode::NotFound, error.to_string()),
            other => Self::new(
                IpcErrorCode::AppFolder,
                format!(
                    "the offline cache cannot be used: {other}. Check the disk; signing out and in again rebuilds it."
                ),
            ),
        }
    }
}

impl From<econnect_core::WorkspaceError> for IpcError {
    fn from(error: econnect_core::WorkspaceError) -> Self {
        use econnect_core::WorkspaceError;
        match error {
            WorkspaceError::Store(error) => error.into(),
            WorkspaceError::Api(error) => error.into(),
            WorkspaceError::UnknownUser(_) => Self::new(IpcErrorCode::NotFound, error.to_string()),
            WorkspaceError::Invalid(reason) => Self::new(IpcErrorCode::InvalidInput, reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let json =
            serde_json::to_value(IpcError::new(IpcErrorCode::AppFolder, "disk full")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "app_folder", "message": "disk full"})
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
}
