//! The shell's part in working across environments: which environments the app knows (the
//! saved ones, and the Local sandbox once used), a client for each (its keychain entry; the
//! Local sandbox's administrator for it and for the environments discovered through it),
//! each cache's status for the switcher, and the background rounds that keep every cache
//! fresh — a few environments at a time, never the signed-in one (its session syncs it).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use econnect_api::{ApiClient, ClientOptions};
use econnect_core::all_environments::{self, Connected, PeopleDirectory, SyncStatus};
use econnect_core::environments::{EnvironmentKind, SavedEnvironment};
use econnect_core::{CoreError, session};
use tauri::{AppHandle, Manager};
use tauri_specta::Event;
use tokio::sync::Notify;

use crate::ipc_types::{EnvironmentKindView, EnvironmentState, EnvironmentStatusView, time};
use crate::local_sandbox::{self, LOCAL_SANDBOX_NAME};
use crate::state::AppState;

/// How often every cache is brought up to date in the background.
const SYNC_ALL_EVERY: Duration = Duration::from_secs(5 * 60);

/// What the app keeps for working across environments.
#[derive(Default)]
pub struct ManyEnvironments {
    /// The people of every cache, for searching across environments in milliseconds.
    pub directory: PeopleDirectory,
    statuses: std::sync::Mutex<HashMap<String, EnvironmentStatusView>>,
    wake: Notify,
    started: AtomicBool,
}

impl ManyEnvironments {
    /// Asks for a background round now (after adding environments, say).
    pub fn sync_soon(&self) {
        self.wake.notify_one();
    }

    fn statuses(&self) -> std::sync::MutexGuard<'_, HashMap<String, EnvironmentStatusView>> {
        self.statuses
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The Local sandbox as an environment (it is not saved: its secrets are the sandbox's
/// own). Its address is the running sandbox's, when it runs.
fn local_sandbox_environment(info: Option<&econnect_sandbox::SandboxInfo>) -> SavedEnvironment {
    SavedEnvironment {
        name: LOCAL_SANDBOX_NAME.to_owned(),
        kind: EnvironmentKind::LocalSandbox,
        api_url: info.map(|info| info.api_url.clone()).unwrap_or_default(),
        identity_url: info
            .map(|info| info.identity_url.clone())
            .unwrap_or_default(),
        client_id: info.map(|info| info.client_id.clone()).unwrap_or_default(),
        username: info.map(|info| info.admin_email.clone()),
        environment_id: None,
        platform_name: None,
        signs_in_with: None,
    }
}

fn is_local_sandbox(environment: &SavedEnvironment) -> bool {
    environment.name == LOCAL_SANDBOX_NAME && environment.kind == EnvironmentKind::LocalSandbox
}

/// Every environment the app knows: the saved ones, and the Local sandbox when it runs or
/// has a cache here.
pub async fn environments(state: &AppState) -> Result<Vec<SavedEnvironment>, CoreError> {
    let mut environments = state.environments.list()?;
    let local = state.local_sandbox.lock().await;
    if local.info.is_some()
        || all_environments::has_cache(&state.app_dirs.data_dir, LOCAL_SANDBOX_NAME)
    {
        environments.insert(0, local_sandbox_environment(local.info.as_ref()));
    }
    Ok(environments)
}

/// The environment signed in to, as saved (the Local sandbox as [`environments`] has it).
pub async fn current(state: &AppState) -> Result<SavedEnvironment, CoreError> {
    let name = state
        .session
        .lock()
        .await
        .as_ref()
        .map(|session| session.signed_in.environment.clone())
        .ok_or(CoreError::NotSignedIn)?;
    let local = state.local_sandbox.lock().await;
    if name == LOCAL_SANDBOX_NAME && local.info.is_some() {
        return Ok(local_sandbox_environment(local.info.as_ref()));
    }
    Ok(state.environments.get(&name)?)
}

/// A client for an environment. Those of the Local sandbox sign in as its administrator;
/// with `start`, the sandbox is started first if it is not running (a sign-in), without,
/// a stopped sandbox is simply not reached (offline, as on a train).
pub async fn client_for(
    state: &AppState,
    environment: &SavedEnvironment,
    start: bool,
) -> Result<ApiClient, CoreError> {
    let through_sandbox = environment.signs_in_with.as_deref() == Some(LOCAL_SANDBOX_NAME);
    if !(through_sandbox || is_local_sandbox(environment)) {
        return session::connect(environment, &state.keychain, ClientOptions::default());
    }
    let mut local = state.local_sandbox.lock().await;
    if start {
        local_sandbox::ensure_running(&mut local, &state.app_dirs.data_dir)
            .await
            .map_err(|error| CoreError::Invalid(error.message))?;
    }
    let Some(info) = local.info.as_ref() else {
        return Err(CoreError::Invalid(
            "the Local sandbox has not been started since the app opened: sign in to it first"
                .to_owned(),
        ));
    };
    let client = local_sandbox::admin_client(info)?;
    match (&environment.environment_id, through_sandbox) {
        (Some(id), true) => Ok(client.for_environment(id)?),
        _ => Ok(client),
    }
}

/// Each environment with a client; the signed-in one with its open workspace, so that its
/// outbox is only ever sent by its own session.
pub async fn connected(state: &AppState, environments: Vec<SavedEnvironment>) -> Vec<Connected> {
    let open = state.session.lock().await.as_ref().map(|session| {
        (
            session.signed_in.environment.clone(),
            session.workspace.clone(),
        )
    });
    let mut connected = Vec::with_capacity(environments.len());
    for environment in environments {
        let client = client_for(state, &environment, false).await;
        let mut entry = Connected::new(environment, client);
        entry.open = open
            .as_ref()
            .filter(|(name, _)| *name == entry.environment.name)
            .map(|(_, workspace)| workspace.clone());
        connected.push(entry);
    }
    connected
}

/// Every environment's status for the switcher: the last round's word, else what its
/// cache says; the signed-in one from its session.
pub async fn statuses(state: &AppState) -> Result<Vec<EnvironmentStatusView>, CoreError> {
    let environments = environments(state).await?;
    let session = state.session.lock().await.as_ref().map(|session| {
        (
            session.signed_in.environment.clone(),
            session.workspace.clone(),
        )
    });
    let mut views = Vec::with_capacity(environments.len());
    for environment in &environments {
        let known = state.many.statuses().get(&environment.name).cloned();
        let mut view = match known {
            Some(view) => view,
            None => from_cache(state, environment).await,
        };
        view.environment_name = all_environments::display_name(environment).to_owned();
        view.current = false;
        if let Some((_, workspace)) = session
            .as_ref()
            .filter(|(name, _)| *name == environment.name)
        {
            let connection = workspace.store().connection_state().await?;
            view.current = true;
            view.state = if connection.offline_since.is_some() {
                EnvironmentState::Offline
            } else if connection.last_synced_at.is_some() {
                EnvironmentState::Synced
            } else {
                EnvironmentState::Syncing
            };
            view.last_synced_at = connection.last_synced_at.map(time);
            view.waiting = connection.n_pending;
            view.conflicts = connection.n_conflicts;
            view.message = None;
        }
        views.push(view);
    }
    Ok(views)
}

/// An environment's status before anything is known of its cache.
fn blank_status(environment: &SavedEnvironment) -> EnvironmentStatusView {
    EnvironmentStatusView {
        environment: environment.name.clone(),
        environment_name: all_environments::display_name(environment).to_owned(),
        kind: EnvironmentKindView::from(environment.kind),
        state: EnvironmentState::NotSynced,
        last_synced_at: None,
        waiting: 0,
        conflicts: 0,
        message: None,
        current: false,
    }
}

async fn from_cache(state: &AppState, environment: &SavedEnvironment) -> EnvironmentStatusView {
    let mut view = blank_status(environment);
    let Some(cached) =
        all_environments::cache_status(&state.app_dirs.data_dir, &environment.name).await
    else {
        return view;
    };
    view.state = if cached.offline_since.is_some() {
        EnvironmentState::Offline
    } else if cached.last_synced_at.is_some() {
        EnvironmentState::Synced
    } else {
        EnvironmentState::NotSynced
    };
    view.last_synced_at = cached.last_synced_at.map(time);
    view.waiting = cached.n_pending;
    view.conflicts = cached.n_conflicts;
    view
}

/// Starts the background rounds (once; after the first sign-in, so that the app asks the
/// keychain for nothing before the administrator does something).
pub fn start_background_sync(app: &AppHandle) {
    let state = app.state::<AppState>();
    if state.many.started.swap(true, Ordering::SeqCst) {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            sync_round(&app).await;
            let state = app.state::<AppState>();
            tokio::select! {
                () = tokio::time::sleep(SYNC_ALL_EVERY) => {}
                () = state.many.wake.notified() => {}
            }
        }
    });
}

/// One round over every environment but the signed-in one; each status is sent to the
/// window as it changes, and the directory reads the caches that changed.
async fn sync_round(app: &AppHandle) {
    let state = app.state::<AppState>();
    let Ok(all) = environments(&state).await else {
        return;
    };
    let current = state
        .session
        .lock()
        .await
        .as_ref()
        .map(|session| session.signed_in.environment.clone());
    let others: Vec<SavedEnvironment> = all
        .iter()
        .filter(|environment| Some(&environment.name) != current.as_ref())
        .cloned()
        .collect();
    for environment in &others {
        // Not read from the cache here: the round opens each cache once, and its result
        // brings the last sync time and what waits.
        let known = state.many.statuses().get(&environment.name).cloned();
        let mut view = known.unwrap_or_else(|| blank_status(environment));
        view.state = EnvironmentState::Syncing;
        view.message = None;
        send_status(app, &state, view);
    }
    let connected = connected(&state, others).await;
    let synced = std::sync::Mutex::new(Vec::new());
    let result = all_environments::sync_all(
        &state.app_dirs.data_dir,
        connected,
        all_environments::SYNC_CONCURRENCY,
        &|result| {
            synced
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(result.environment.clone());
            let state = app.state::<AppState>();
            let Some(mut view) = state.many.statuses().get(&result.environment).cloned() else {
                return;
            };
            view.set_synced(&result.status, result.n_pending, result.n_conflicts);
            if matches!(result.status, SyncStatus::Synced { .. }) {
                tracing::debug!(environment = %result.environment, "synced in the background");
            }
            send_status(app, &state, view);
        },
    )
    .await;
    if let Err(error) = result {
        tracing::warn!(%error, "a background sync round failed");
    }
    // A search during the round may have read a cache while its sync was writing it.
    let synced = synced
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    state.many.directory.mark_changed(&synced).await;
    if let Err(error) = state
        .many
        .directory
        .refresh(&state.app_dirs.data_dir, &all)
        .await
    {
        tracing::warn!(%error, "the people directory could not be refreshed");
    }
    // The round opened, synced and closed every other cache: hand what it freed back.
    econnect_store::return_freed_memory();
}

fn send_status(app: &AppHandle, state: &AppState, view: EnvironmentStatusView) {
    state
        .many
        .statuses()
        .insert(view.environment.clone(), view.clone());
    if let Err(error) = view.emit(app) {
        tracing::warn!(%error, "an environment's status could not be sent to the window");
    }
}
