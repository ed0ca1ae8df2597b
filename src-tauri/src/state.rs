//! What the shell keeps for the life of the app.

use econnect_api::ApiClient;
use econnect_core::{AppDirs, EnvironmentStore, Keychain};
use tokio::sync::Mutex;

pub struct AppState {
    pub app_dirs: AppDirs,
    pub environments: EnvironmentStore,
    pub keychain: Keychain,
    /// The environment signed in to, and its client.
    pub session: Mutex<Option<(String, ApiClient)>>,
    /// The embedded sandbox platform, once started.
    pub local_sandbox: Mutex<Option<econnect_sandbox::RunningSandbox>>,
}

impl AppState {
    pub fn new(app_dirs: AppDirs) -> Self {
        Self {
            environments: EnvironmentStore::in_config_dir(&app_dirs.config_dir),
            keychain: Keychain::default(),
            session: Mutex::new(None),
            local_sandbox: Mutex::new(None),
            app_dirs,
        }
    }
}
