//! What the shell keeps for the life of the app.

use econnect_core::AppDirs;

pub struct AppState {
    pub app_dirs: AppDirs,
}

impl AppState {
    pub fn new(app_dirs: AppDirs) -> Self {
        Self { app_dirs }
    }
}
