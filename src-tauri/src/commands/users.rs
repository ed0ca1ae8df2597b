//! The users overview, the user detail, changes, invitations and offboarding.

use econnect_api::BulkOptions;
use econnect_core::ChangeOutcome;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::ipc_error::IpcError;
use crate::ipc_types::{
    AddressCheckView, ChangeRequest, ChangeResult, InviteInput, InviteResult, OverviewCounts,
    Progress, SameAccessView, UserDetailView, UserPageView, UserQuery,
};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn search_users(
    state: State<'_, AppState>,
    query: UserQuery,
) -> Result<UserPageView, IpcError> {
    let workspace = state.workspace().await?;
    let offset = query.offset;
    let page = workspace.store().search(&query.into()).await?;
    Ok(UserPageView::new(page, offset))
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn overview_counts(state: State<'_, AppState>) -> Result<OverviewCounts, IpcError> {
    let workspace = state.workspace().await?;
    Ok(workspace.store().status_counts().await?.into())
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn user_detail(
    state: State<'_, AppState>,
    user_id: String,
) -> Result<UserDetailView, IpcError> {
    let workspace = state.workspace().await?;
    Ok(workspace.user_detail(&user_id).await?.into())
}

/// Applies changes (one, or a bulk selection) and says what became of each, in order.
/// `operation` names the progress events.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn apply_changes(
    app: AppHandle,
    state: State<'_, AppState>,
    operation: String,
    changes: Vec<ChangeRequest>,
) -> Result<Vec<ChangeResult>, IpcError> {
    let workspace = state.workspace().await?;
    let changes = changes.into_iter().map(Into::into).collect();
    let outcomes = workspace
        .apply(changes, &mut progress_reporter(&app, operation))
        .await?;
    Ok(results(outcomes))
}

/// Checks a typed or pasted address list before inviting.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn check_addresses(
    state: State<'_, AppState>,
    addresses: String,
) -> Result<Vec<AddressCheckView>, IpcError> {
    let workspace = state.workspace().await?;
    Ok(workspace
        .check_addresses(&addresses)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// A colleague's role and organisations with their levels, from the cache, for an
/// invitation "with the same access as" them.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn same_access_as(
    state: State<'_, AppState>,
    email: String,
) -> Result<SameAccessView, IpcError> {
    let workspace = state.workspace().await?;
    Ok(workspace.same_access_as(&email).await?.into())
}

/// Invites every acceptable address of the list; one result per address.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn invite(
    app: AppHandle,
    state: State<'_, AppState>,
    operation: String,
    input: InviteInput,
) -> Result<Vec<InviteResult>, IpcError> {
    let workspace = state.workspace().await?;
    let results = workspace
        .invite(
            &input.into(),
            &BulkOptions::default(),
            &mut progress_reporter(&app, operation),
        )
        .await?;
    Ok(results
        .into_iter()
        .map(|(email, outcome)| InviteResult {
            email,
            result: outcome.into(),
        })
        .collect())
}

/// Guided offboarding: every membership, then the account. Refused for the last
/// administrator.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn offboard(
    app: AppHandle,
    state: State<'_, AppState>,
    operation: String,
    user_id: String,
) -> Result<Vec<ChangeResult>, IpcError> {
    let workspace = state.workspace().await?;
    let changes = workspace.offboarding_changes(&user_id).await?;
    let outcomes = workspace
        .apply(changes, &mut progress_reporter(&app, operation))
        .await?;
    Ok(results(outcomes))
}

/// Clears the relationship-manager flag of every Basic user (it does nothing for them).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn clear_ineffective_relationship_managers(
    app: AppHandle,
    state: State<'_, AppState>,
    operation: String,
) -> Result<Vec<ChangeResult>, IpcError> {
    let workspace = state.workspace().await?;
    let changes = workspace.ineffective_relationship_manager_changes().await?;
    let outcomes = workspace
        .apply(changes, &mut progress_reporter(&app, operation))
        .await?;
    Ok(results(outcomes))
}

fn results(outcomes: Vec<ChangeOutcome>) -> Vec<ChangeResult> {
    outcomes.into_iter().map(Into::into).collect()
}

pub(crate) fn progress_reporter(
    app: &AppHandle,
    operation: String,
) -> impl FnMut(usize, usize) + Send {
    let app = app.clone();
    move |done, total| {
        let progress = Progress {
            operation: operation.clone(),
            done: u32::try_from(done).unwrap_or(u32::MAX),
            total: u32::try_from(total).unwrap_or(u32::MAX),
        };
        if let Err(error) = progress.emit(&app) {
            tracing::warn!(%error, "progress could not be sent to the window");
        }
    }
}
