//! What the shell keeps for the life of the app.

use std::sync::Arc;

use econnect_core::{AppDirs, CoreError, EnvironmentStore, Keychain, Workspace};
use tokio::sync::Mutex;

use crate::ipc_error::IpcError;
use crate::ipc_types::SignedIn;

/// The environment signed in to: its workspace and the tasks that keep it in sync and
/// forward its events. Dropping it stops the tasks.
pub struct Session {
    pub signed_in: SignedIn,
    pub workspace: Arc<Workspace>,
    pub tasks: Vec<tauri::async_runtime::JoinHandle<()>>,
}

impl Drop for Session {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// The embedded Local sandbox: running or stopped, and the port it keeps across restarts
/// (the signed-in client keeps its address).
#[derive(Default)]
pub struct LocalSandbox {
    pub running: Option<econnect_sandbox::RunningSandbox>,
    pub port: Option<u16>,
}

pub struct AppState {
    pub app_dirs: AppDirs,
    pub environments: EnvironmentStore,
    pub keychain: Keychain,
    pub session: Mutex<Option<Session>>,
    pub local_sandbox: Mutex<LocalSandbox>,
}

impl AppState {
    pub fn new(app_dirs: AppDirs) -> Self {
        Self {
            environments: EnvironmentStore::in_config_dir(&app_dirs.config_dir),
            keychain: Keychain::default(),
            session: Mutex::new(None),
            local_sandbox: Mutex::new(LocalSandbox::default()),
            app_dirs,
        }
    }

    /// The signed-in environment's workspace.
    pub async fn workspace(&self) -> Result<Arc<Workspace>, IpcError> {
        self.session
            .lock()
            .await
            .as_ref()
            .map(|session| session.workspace.clone())
            .ok_or_else(|| CoreError::NotSignedIn.into())
    }
}
