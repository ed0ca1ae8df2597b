//! The Tauri shell of eConnect Admin: start-up, state, commands, capabilities, logs.
//!
//! The shell stays thin: a command converts its input, calls one function of a core crate
//! (`crates/`), and converts the result. No SQL and no HTTP live here.

mod all_environments;
mod bindings;
#[cfg(test)]
mod command_names;
mod commands;
mod ipc_error;
mod ipc_types;
mod local_sandbox;
mod state;

#[cfg(feature = "updater")]
mod updates;

#[cfg(target_os = "linux")]
mod linux {
    /// The webview's environment, set before GTK or WebKit start (WebKit's processes inherit
    /// it). A variable the user has set is left as it is. Measured by `cargo xtask bench`
    /// (see the README's Performance section).
    ///
    /// - The app draws without the GPU (see [`lean_webview`]), so nothing should load an
    ///   OpenGL driver. Three probes would otherwise load Mesa (on a machine without a GPU
    ///   driver, its software renderer and the 100 MB libLLVM) into the app's process: GTK's
    ///   GL check (`GDK_GL`), WebKit's choice of how to hand frames over (DMA-BUF, which
    ///   needs EGL), and WebKit's question to EGL which GPU to give the page
    ///   (`WEBKIT_WEB_RENDER_DEVICE_FILE`: naming a device that does not exist skips the
    ///   question; without DMA-BUF the page never opens it). 55 MB less in the app's process
    ///   (22 MB less in all: WebKit's web process still maps the same libLLVM).
    /// - JavaScriptCore runs the UI without its JIT compilers (`JSC_useJIT=0`): the UI is a
    ///   few forms and a virtualised table, which the interpreter runs with time to spare;
    ///   compiling it cost about 17 MB in the web process and 150 ms of start-up on two cores,
    ///   and no JIT means no writable-and-executable memory in the process that runs the UI.
    pub fn lean_webview_environment() {
        const LEAN_WEBVIEW: [(&str, &str); 4] = [
            ("GDK_GL", "disable"),
            ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
            (
                "WEBKIT_WEB_RENDER_DEVICE_FILE",
                "/nonexistent/econnect-admin/no-gpu",
            ),
            ("JSC_useJIT", "0"),
        ];
        for (name, value) in LEAN_WEBVIEW {
            if std::env::var_os(name).is_none() {
                // SAFETY: called first thing in `run`, before the app starts any thread, so
                // nothing reads the environment while it changes.
                #[expect(
                    unsafe_code,
                    reason = "the environment is set before any thread starts"
                )]
                unsafe {
                    std::env::set_var(name, value);
                }
            }
        }
    }

    /// The webview shows forms and tables from one local page, so:
    /// - no GPU compositing (WebKitGTK composites with OpenGL by default): about 130 MB less
    ///   in the web process, a faster start, and no GPU driver can break the window;
    /// - WebKit's cache model for a single local document: no memory cache of resources and
    ///   no back/forward cache of pages, which a one-page app never revisits.
    pub fn lean_webview(window: &tauri::WebviewWindow) {
        use webkit2gtk::{
            CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
        };
        let result = window.with_webview(|webview| {
            let webview = webview.inner();
            if let Some(settings) = webview.settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                settings.set_enable_page_cache(false);
            }
            if let Some(context) = webview.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
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
    // Before any file is written: the config, caches, logs and the Local sandbox's data are
    // the user's alone.
    econnect_core::app_dirs::keep_new_files_private();
    #[cfg(target_os = "linux")]
    linux::lean_webview_environment();
    let app_dirs = match econnect_core::AppDirs::for_current_user() {
        Ok(app_dirs) => app_dirs,
        Err(error) => {
            eprintln!("eConnect Admin cannot start: {error}");
            std::process::exit(1);
        }
    };
    if let Err(error) = app_dirs.create_all() {
        eprintln!("eConnect Admin: {error}");
    }
    // Logging is best effort: the app still works when the log folder is read-only.
    let _log_guard = econnect_core::logging::init_file_logging(&app_dirs.log_dir, "econnect-admin")
        .inspect_err(|error| eprintln!("eConnect Admin runs without a log file: {error}"))
        .ok();
    tracing::info!(version = env!("CARGO_PKG_VERSION"), commit = env!("ECADMIN_COMMIT"), log_dir = %app_dirs.log_dir.display(), "starting");

    let specta_builder = bindings::builder();
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            // A second launch brings the running window forward instead of opening another.
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::new().build());
    // Automatic updates: only in a build with the `updater` feature, whose configuration
    // (the update key and the manifest's URL) `cargo xtask package --updater` builds in.
    #[cfg(feature = "updater")]
    let builder = builder.plugin(tauri_plugin_updater::Builder::new().build());
    let result = builder
        .manage(state::AppState::new(app_dirs))
        .invoke_handler(specta_builder.invoke_handler())
        .setup(move |app| {
            specta_builder.mount_events(app);
            #[cfg(target_os = "linux")]
            if let Some(window) = app.get_webview_window("main") {
                linux::lean_webview(&window);
            }
            #[cfg(feature = "updater")]
            updates::check_in_background(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(error) = result {
        tracing::error!(%error, "the app stopped with an error");
        eprintln!("eConnect Admin stopped with an error: {error}");
        std::process::exit(1);
    }
}
