//! The core of eConnect Admin that both the desktop app and the `ecadmin` command line drive:
//! app folders, logging, saved environments, the keychain, and connecting to a platform.
//!
//! Nothing here depends on Tauri: the app's shell (`src-tauri/`) adapts these functions to IPC.

pub mod all_environments;
pub mod app_dirs;
pub mod environments;
mod error;
pub mod keychain;
pub mod logging;
pub mod session;
pub mod spreadsheet;
pub mod workspace;

pub use app_dirs::AppDirs;
pub use environments::{EnvironmentKind, EnvironmentStore, SavedEnvironment};
pub use error::CoreError;
pub use keychain::{Keychain, SecretKind};
pub use workspace::{ChangeOutcome, Workspace};

/// The bundle identifier, also the name of the app's folders on every OS.
pub const APP_IDENTIFIER: &str = "nl.econnect.admin";

/// The product name users see.
pub const PRODUCT_NAME: &str = "eConnect Admin";
