//! Automatic updates, in a build with the `updater` feature only (docs/RELEASING.md): once
//! after start, the update manifest at the endpoint built in is asked whether there is a
//! newer version; what it offers is verified against the public key built in (Tauri's
//! updater refuses an unsigned or wrongly signed update) and logged. Downloading and
//! installing are left to the administrator.

use tauri_plugin_updater::UpdaterExt;

pub fn check_in_background(app: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        let checked = match app.updater() {
            Ok(updater) => updater.check().await,
            Err(error) => Err(error),
        };
        match checked {
            Ok(Some(update)) => tracing::info!(
                current = %update.current_version,
                available = %update.version,
                "an update is available"
            ),
            Ok(None) => tracing::info!("no update available"),
            Err(error) => tracing::warn!(%error, "could not check for updates"),
        }
    });
}
