//! The connection status, syncing, waiting changes and conflicts, the Local sandbox.

use tauri::State;

use crate::ipc_error::{IpcError, IpcErrorCode};
use crate::ipc_types::{
    ConnectionView, LocalSandboxView, PendingChangeView, Resolution, SyncReportView,
};
use crate::local_sandbox;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn connection_state(state: State<'_, AppState>) -> Result<ConnectionView, IpcError> {
    let workspace = state.workspace().await?;
    Ok(workspace.store().connection_state().await?.into())
}

/// Sends what waits and brings the cache up to date, now.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn sync_now(state: State<'_, AppState>) -> Result<SyncReportView, IpcError> {
    let workspace = state.workspace().await?;
    Ok(workspace.sync().await?.into())
}

/// Changes waiting to be sent or for a decision, oldest first.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn pending_changes(
    state: State<'_, AppState>,
) -> Result<Vec<PendingChangeView>, IpcError> {
    let workspace = state.workspace().await?;
    Ok(workspace
        .pending_changes()
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Settles a conflict (keep mine / take theirs) or drops a waiting change.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn resolve_change(
    state: State<'_, AppState>,
    seq: u32,
    resolution: Resolution,
) -> Result<(), IpcError> {
    let workspace = state.workspace().await?;
    Ok(workspace
        .resolve_change(i64::from(seq), resolution.into())
        .await?)
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn local_sandbox_status(
    state: State<'_, AppState>,
) -> Result<LocalSandboxView, IpcError> {
    let local = state.local_sandbox.lock().await;
    Ok(LocalSandboxView {
        running: local.running.is_some(),
        base_url: local
            .running
            .as_ref()
            .map(|sandbox| sandbox.base_url.clone()),
        outbox_dir: local_sandbox::folder(&state.app_dirs.data_dir)
            .join("outbox")
            .display()
            .to_string(),
    })
}

/// Stops the Local sandbox: the app goes offline, as on a train.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn stop_local_sandbox(state: State<'_, AppState>) -> Result<LocalSandboxView, IpcError> {
    local_sandbox::stop(&mut *state.local_sandbox.lock().await).await;
    if let Ok(workspace) = state.workspace().await {
        workspace.request_sync();
    }
    local_sandbox_status(state).await
}

/// Starts the Local sandbox again (same port, same data): waiting changes are sent.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn start_local_sandbox(state: State<'_, AppState>) -> Result<LocalSandboxView, IpcError> {
    {
        let mut local = state.local_sandbox.lock().await;
        if local.port.is_none() {
            return Err(IpcError::new(
                IpcErrorCode::InvalidInput,
                "sign in to the Local sandbox first",
            ));
        }
        local_sandbox::ensure_running(&mut local, &state.app_dirs.data_dir).await?;
    }
    if let Ok(workspace) = state.workspace().await {
        workspace.request_sync();
    }
    local_sandbox_status(state).await
}
