//! What the app tells about itself.

use serde::Serialize;
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// What the app tells the UI about itself (the About box, the footer, support requests).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub product_name: String,
    pub version: String,
    pub config_dir: String,
    pub data_dir: String,
    pub log_dir: String,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    let app_dirs = &state.app_dirs;
    // The folders are shown so that an administrator can open them: make sure they exist.
    app_dirs.create_all()?;
    Ok(AppInfo {
        product_name: econnect_core::PRODUCT_NAME.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        config_dir: app_dirs.config_dir.display().to_string(),
        data_dir: app_dirs.data_dir.display().to_string(),
        log_dir: app_dirs.log_dir.display().to_string(),
    })
}
