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
    /// The commit the build was made from (`unknown` for a build without its Git history).
    pub commit: String,
    pub config_dir: String,
    pub data_dir: String,
    pub log_dir: String,
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    let app_dirs = &state.app_dirs;
    // The folders are shown so that an administrator can open them: make sure they exist.
    app_dirs.create_all()?;
    Ok(AppInfo {
        product_name: econnect_core::PRODUCT_NAME.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        commit: env!("ECADMIN_COMMIT").to_owned(),
        config_dir: app_dirs.config_dir.display().to_string(),
        data_dir: app_dirs.data_dir.display().to_string(),
        log_dir: app_dirs.log_dir.display().to_string(),
    })
}

/// When the process started (set first thing in `run`), for the start-up figure.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The UI says the overview shows its first rows: the first time, the time since the process
/// started goes to the log (`cargo xtask bench` reads it as `startup_to_overview_ms`).
#[tauri::command]
#[specta::specta]
pub fn overview_shown(total: u32) {
    static REPORTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if REPORTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    if let Some(started) = STARTED.get() {
        let startup_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        tracing::info!(startup_ms, users = total, "overview shown");
    }
}
