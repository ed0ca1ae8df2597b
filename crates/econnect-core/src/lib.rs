//! The core of eConnect Admin that both the desktop app and the `ecadmin` command line drive.
//!
//! Nothing here depends on Tauri: the app's shell (`src-tauri/`) adapts these functions to IPC.

pub mod app_dirs;
pub mod logging;

pub use app_dirs::AppDirs;

/// The bundle identifier, also the name of the app's folders on every OS.
pub const APP_IDENTIFIER: &str = "nl.econnect.admin";

/// The product name users see.
pub const PRODUCT_NAME: &str = "eConnect Admin";
