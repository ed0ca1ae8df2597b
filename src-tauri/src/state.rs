//! What the shell keeps for the life of the app.

use std::collections::HashMap;
use std::sync::Arc;

use econnect_api::CancellationToken;
use econnect_core::workspace::{ImportPreview, ImportedRow};
use econnect_core::{AppDirs, CoreError, EnvironmentStore, Keychain, Workspace};
use tokio::sync::Mutex;

use crate::all_environments::ManyEnvironments;
use crate::ipc_error::IpcError;
use crate::ipc_types::SignedIn;

/// The environment signed in to: its workspace and the tasks that keep it in sync and
/// forward its events. Dropping it stops the tasks.
pub struct Session {
    pub signed_in: SignedIn,
    pub workspace: Arc<Workspace>,
    pub tasks: Vec<tauri::async_runtime::JoinHandle<()>>,
    /// The spreadsheet being imported, if any.
    pub import: Arc<Mutex<ImportSession>>,
}

/// A spreadsheet import in this session: the file's preview, and once run, its results.
#[derive(Default)]
pub struct ImportSession {
    pub file_name: String,
    pub preview: Option<ImportPreview>,
    pub results: Option<Vec<ImportedRow>>,
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
    /// How to sign in to it, from its first start on (kept while it is stopped: it is then
    /// offline, not unknown).
    pub info: Option<econnect_sandbox::SandboxInfo>,
}

pub struct AppState {
    pub app_dirs: AppDirs,
    pub environments: EnvironmentStore,
    pub keychain: Keychain,
    pub session: Mutex<Option<Session>>,
    pub local_sandbox: Mutex<LocalSandbox>,
    /// Every environment at once: the people directory and each cache's status.
    pub many: ManyEnvironments,
    /// Long operations the window may cancel, by the id it gave them.
    pub operations: std::sync::Mutex<HashMap<String, CancellationToken>>,
}

impl AppState {
    pub fn new(app_dirs: AppDirs) -> Self {
        Self {
            environments: EnvironmentStore::in_config_dir(&app_dirs.config_dir),
            keychain: Keychain::default(),
            session: Mutex::new(None),
            local_sandbox: Mutex::new(LocalSandbox::default()),
            many: ManyEnvironments::default(),
            operations: std::sync::Mutex::new(HashMap::new()),
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

    /// The signed-in environment's import.
    pub async fn import_session(&self) -> Result<Arc<Mutex<ImportSession>>, IpcError> {
        self.session
            .lock()
            .await
            .as_ref()
            .map(|session| session.import.clone())
            .ok_or_else(|| CoreError::NotSignedIn.into())
    }

    /// A cancellable operation starts: its token, until [`AppState::end_operation`].
    pub fn start_operation(&self, operation: &str) -> CancellationToken {
        let token = CancellationToken::new();
        self.operations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(operation.to_owned(), token.clone());
        token
    }

    pub fn end_operation(&self, operation: &str) {
        self.operations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .remove(operation);
    }

    /// Cancels the operation, if it still runs.
    pub fn cancel_operation(&self, operation: &str) {
        if let Some(token) = self
            .operations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(operation)
        {
            token.cancel();
        }
    }
}
