//! Saved environments: list, add (after a successful sign-in), remove.

use econnect_api::Secret;
use econnect_core::environments::{self, SavedEnvironment};
use econnect_core::session;
use tauri::State;

use crate::ipc_error::IpcError;
use crate::ipc_types::{EnvironmentView, NewEnvironment, PresetView};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub fn list_environments(state: State<'_, AppState>) -> Result<Vec<EnvironmentView>, IpcError> {
    Ok(state
        .environments
        .list()?
        .into_iter()
        .map(EnvironmentView::from)
        .collect())
}

#[tauri::command]
#[specta::specta]
pub fn environment_presets() -> Vec<PresetView> {
    environments::presets()
        .into_iter()
        .map(PresetView::from)
        .collect()
}

/// Signs in once with the given secrets, then saves the environment (secrets to the
/// keychain). Nothing is saved when the sign-in is refused.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn add_environment(
    state: State<'_, AppState>,
    input: NewEnvironment,
) -> Result<EnvironmentView, IpcError> {
    let environment = SavedEnvironment::from_input(
        &input.name,
        input.kind.into(),
        &input.api_url,
        &input.identity_url,
        &input.client_id,
        input.username.as_deref(),
    )?;
    let password = input
        .password
        .filter(|password| !password.is_empty())
        .map(Secret::new);
    let saved = session::add_verified_environment(
        &state.environments,
        &state.keychain,
        environment,
        &Secret::new(input.client_secret),
        password.as_ref(),
        true,
    )
    .await?;
    Ok(saved.into())
}

/// Removes a saved environment and its keychain entries.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn remove_environment(state: State<'_, AppState>, name: String) -> Result<(), IpcError> {
    let mut current = state.session.lock().await;
    if let Some(session) = current
        .as_ref()
        .filter(|session| session.signed_in.environment == name)
    {
        session.workspace.store().close().await;
        *current = None;
    }
    session::remove_environment(
        &state.environments,
        &state.keychain,
        &state.app_dirs.data_dir,
        &name,
    )?;
    Ok(())
}
