//! Organisations, their members, and the activity feed.

use tauri::State;

use crate::ipc_error::IpcError;
use crate::ipc_types::{AuditPageView, MemberView, OrganisationView};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn organisations(state: State<'_, AppState>) -> Result<Vec<OrganisationView>, IpcError> {
    let workspace = state.workspace().await?;
    Ok(workspace
        .store()
        .organisation_summaries()
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn organisation_members(
    state: State<'_, AppState>,
    organisation_id: String,
) -> Result<Vec<MemberView>, IpcError> {
    let workspace = state.workspace().await?;
    Ok(workspace
        .store()
        .organisation_members(&organisation_id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The environment's audit events, newest first, a page at a time (needs the platform).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn audit_events(
    state: State<'_, AppState>,
    cursor: Option<String>,
) -> Result<AuditPageView, IpcError> {
    let workspace = state.workspace().await?;
    let page = workspace.audit_events(cursor.as_deref(), 200).await?;
    Ok(AuditPageView {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
    })
}
