//! Signing in (to a saved environment or the Local sandbox), switching, signing out.

use std::sync::Arc;

use econnect_api::ApiClient;
use econnect_core::{Workspace, session};
use econnect_store::StoreEvent;
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

use crate::all_environments;
use crate::ipc_error::IpcError;
use crate::ipc_types::{CacheChanged, ConnectionView, EnvironmentKindView, SignedIn};
use crate::local_sandbox;
use crate::state::{AppState, Session};

/// Connects to a saved environment and makes it the current one. When the platform cannot
/// be reached but the environment was synced before, it opens on the cached data.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn sign_in(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
) -> Result<SignedIn, IpcError> {
    let environment = state.environments.get(&name)?;
    let client = all_environments::client_for(&state, &environment, true).await?;
    open_session(
        &app,
        &state,
        &environment.name,
        environment.kind.into(),
        client,
        environment.username.clone(),
    )
    .await
}

/// Starts the embedded Local sandbox if needed and signs in to it as its administrator.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn sign_in_local_sandbox(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<SignedIn, IpcError> {
    let client = {
        let mut local = state.local_sandbox.lock().await;
        let sandbox = local_sandbox::ensure_running(&mut local, &state.app_dirs.data_dir).await?;
        local_sandbox::admin_client(&sandbox.info)?
    };
    open_session(
        &app,
        &state,
        local_sandbox::LOCAL_SANDBOX_NAME,
        EnvironmentKindView::LocalSandbox,
        client,
        None,
    )
    .await
}

/// Who is signed in, if anyone (the UI asks on start-up and after a reload).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn current_session(state: State<'_, AppState>) -> Result<Option<SignedIn>, IpcError> {
    Ok(state
        .session
        .lock()
        .await
        .as_ref()
        .map(|session| session.signed_in.clone()))
}

/// Ends the session and wipes the environment's cached data (its waiting changes too: the
/// UI warns before). The saved environment and its keychain entries stay.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn sign_out(state: State<'_, AppState>) -> Result<(), IpcError> {
    if let Some(session) = state.session.lock().await.take() {
        session.workspace.store().close().await;
        let name = session.signed_in.environment.clone();
        drop(session);
        session::delete_cache(&state.app_dirs.data_dir, &name);
        tracing::info!(environment = %name, "signed out; cache wiped");
    }
    Ok(())
}

async fn open_session(
    app: &AppHandle,
    state: &AppState,
    environment: &str,
    kind: EnvironmentKindView,
    client: ApiClient,
    username: Option<String>,
) -> Result<SignedIn, IpcError> {
    // Signing in again (or switching) ends the current session first.
    drop(state.session.lock().await.take());
    let (workspace, me) = Workspace::sign_in(&state.app_dirs.data_dir, environment, client).await?;
    let whole_environment = workspace
        .store()
        .sync_state()
        .await?
        .holds_whole_environment();
    let workspace = Arc::new(workspace);
    if let Some(me) = &me {
        // Remembered, so that a discovery recognises this environment as saved.
        if let Err(error) = state.environments.note_environment(
            environment,
            &me.environment.id,
            &me.environment.name,
        ) {
            tracing::warn!(%error, "the environment's platform id could not be saved");
        }
    }
    let signed_in = match me {
        Some(me) => SignedIn {
            environment: environment.to_owned(),
            kind,
            environment_name: me.environment.name,
            login: me.login,
            name: me.name,
            role: me.role.to_string(),
            can_invite: me.permissions.can_invite,
            can_manage_users: me.permissions.can_manage_users,
            offline: false,
        },
        None => SignedIn {
            environment: environment.to_owned(),
            kind,
            environment_name: environment.to_owned(),
            login: username.unwrap_or_default(),
            name: None,
            role: String::new(),
            // Offline, what the last sync could read says it.
            can_invite: whole_environment,
            can_manage_users: whole_environment,
            offline: true,
        },
    };
    let forwarder = tauri::async_runtime::spawn(forward_events(
        app.clone(),
        environment.to_owned(),
        workspace.store().subscribe(),
    ));
    // Build the search index while the window renders: the overview's first query is then
    // a scan, not a load of every cached user.
    let warm_up = tauri::async_runtime::spawn({
        let workspace = workspace.clone();
        async move {
            let query = econnect_store::SearchQuery {
                limit: 1,
                ..Default::default()
            };
            if let Err(error) = workspace.store().search(&query).await {
                tracing::warn!(%error, "the search index could not be built ahead");
            }
        }
    });
    let syncer = tauri::async_runtime::spawn({
        let workspace = workspace.clone();
        async move { workspace.keep_in_sync().await }
    });
    *state.session.lock().await = Some(Session {
        signed_in: signed_in.clone(),
        workspace,
        tasks: vec![forwarder, warm_up, syncer],
        import: Default::default(),
    });
    all_environments::start_background_sync(app);
    tracing::info!(environment, offline = signed_in.offline, "signed in");
    Ok(signed_in)
}

/// Passes the store's events on to the UI (and tells the people directory that this
/// environment's cache changed).
async fn forward_events(
    app: AppHandle,
    environment: String,
    mut events: tokio::sync::broadcast::Receiver<StoreEvent>,
) {
    use tokio::sync::broadcast::error::RecvError;
    loop {
        let sent = match events.recv().await {
            Ok(StoreEvent::CacheChanged(change)) => {
                app.state::<AppState>()
                    .many
                    .directory
                    .mark_changed(std::slice::from_ref(&environment))
                    .await;
                CacheChanged::from(change).emit(&app)
            }
            Ok(StoreEvent::Connection(connection)) => ConnectionView::from(connection).emit(&app),
            // Missed some: tell every screen to refresh.
            Err(RecvError::Lagged(_)) => {
                CacheChanged::from(econnect_store::CacheChange::All).emit(&app)
            }
            Err(RecvError::Closed) => return,
        };
        if let Err(error) = sent {
            tracing::warn!(%error, "an event could not be sent to the window");
        }
    }
}
