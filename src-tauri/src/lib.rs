//! The Tauri shell of eConnect Admin: start-up, state, commands, capabilities, logs.
//!
//! The shell stays thin: a command converts its input, calls one function of a core crate
//! (`crates/`), and converts the result. No SQL and no HTTP live here.

mod bindings;
mod commands;
mod ipc_error;
mod ipc_types;
mod local_sandbox;
mod state;

#[cfg(target_os = "linux")]
mod linux {
    /// WebKitGTK composites with OpenGL by default. The app shows forms and tables, which
    /// need none of it; without it the web process holds about 130 MB less (measured by
    /// `cargo xtask bench`), starts faster, and no GPU driver can break the window.
    pub fn without_gpu_compositing(window: &tauri::WebviewWindow) {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        let result = window.with_webview(|webview| {
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(error) = result {
            tracing::warn!(%error, "the webview's settings could not be changed");
        }
    }
}

use tauri::Manager;

/// Starts the app; returns when the last window closes.
pub fn run() {
    commands::app::STARTED.get_or_init(std::time::Instant::now);
    let app_dirs = match econnect_core::AppDirs::for_current_user() {
        Ok(app_dirs) => app_dirs,
        Err(error) => {
            eprintln!("eConnect Admin cannot start: {error}");
            std::process::exit(1);
        }
    };
    // Logging is best effort: the app still works when the log folder is read-only.
    let _log_guard = econnect_core::logging::init_file_logging(&app_dirs.log_dir, "econnect-admin")
        .inspect_err(|error| eprintln!("eConnect Admin runs without a log file: {error}"))
        .ok();
    tracing::info!(version = env!("CARGO_PKG_VERSION"), log_dir = %app_dirs.log_dir.display(), "starting");

    let specta_builder = bindings::builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            // A second launch brings the running window forward instead of opening another.
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .manage(state::AppState::new(app_dirs))
        .invoke_handler(specta_builder.invoke_handler())
        .setup(move |app| {
            specta_builder.mount_events(app);
            #[cfg(target_os = "linux")]
            if let Some(window) = app.get_webview_window("main") {
                linux::without_gpu_compositing(&window);
            }
            Ok(())
        })
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(error) = result {
        tracing::error!(%error, "the app stopped with an error");
        eprintln!("eConnect Admin stopped with an error: {error}");
        std::process::exit(1);
    }
}
