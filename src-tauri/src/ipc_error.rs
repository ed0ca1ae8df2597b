//! The one error type that crosses IPC: `{code, message}`, with codes the UI handles.

use serde::Serialize;

/// What went wrong, in terms the UI can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum IpcErrorCode {
    /// The app's own folders cannot be used (full disk, permissions); the message names the folder.
    AppFolder,
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
}
