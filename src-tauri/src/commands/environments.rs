//! Saved environments, sign-in and sign-out.

use econnect_api::{ClientOptions, Secret};
use econnect_core::environments::{self, SavedEnvironment};
use econnect_core::session;
use tauri::State;

use econnect_domain::UserStatus;

use crate::ipc_error::{IpcError, IpcErrorCode};
use crate::ipc_types::{
    EnvironmentKindView, EnvironmentView, NewEnvironment, PresetView, SignedIn, UserCounts,
};
use crate::local_sandbox;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
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
pub async fn add_environment(
    state: State<'_, AppState>,
    input: NewEnvironment,
) -> Result<EnvironmentView, IpcError> {
    let client_secret = Secret::new(input.client_secret);
    let password = input
        .password
        .filter(|password| !password.is_empty())
        .map(Secret::new);
    let environment = SavedEnvironment {
        name: input.name.trim().to_owned(),
        kind: input.kind.into(),
        api_url: input.api_url.trim().to_owned(),
        identity_url: input.identity_url.trim().to_owned(),
        client_id: input.client_id.trim().to_owned(),
        username: input
            .username
            .map(|username| username.trim().to_owned())
            .filter(|u| !u.is_empty()),
    };
    session::verify_credentials(&environment, &client_secret, password.as_ref()).await?;
    session::add_environment(
        &state.environments,
        &state.keychain,
        environment.clone(),
        &client_secret,
        password.as_ref(),
    )?;
    tracing::info!(environment = %environment.name, "environment added");
    Ok(environment.into())
}

/// Connects to a saved environment and makes it the current one.
#[tauri::command]
#[specta::specta]
pub async fn sign_in(state: State<'_, AppState>, name: String) -> Result<SignedIn, IpcError> {
    let environment = state.environments.get(&name)?;
    let client = session::connect(&environment, &state.keychain, ClientOptions::default())?;
    let me = client.me().await?;
    *state.session.lock().await = Some((environment.name.clone(), client));
    tracing::info!(environment = %environment.name, "signed in");
    Ok(SignedIn {
        environment: environment.name,
        kind: environment.kind.into(),
        environment_name: me.environment.name,
        login: me.login,
        name: me.name,
        role: me.role.to_string(),
        can_invite: me.permissions.can_invite,
    })
}

/// Starts the embedded Local sandbox if needed and signs in to it as its administrator.
#[tauri::command]
#[specta::specta]
pub async fn sign_in_local_sandbox(state: State<'_, AppState>) -> Result<SignedIn, IpcError> {
    let mut local = state.local_sandbox.lock().await;
    if local.is_none() {
        let sandbox = local_sandbox::start(&state.app_dirs.data_dir)
            .await
            .map_err(|error| {
                IpcError::new(
                    IpcErrorCode::Internal,
                    format!("the Local sandbox cannot start: {error:#}"),
                )
            })?;
        tracing::info!(base_url = %sandbox.base_url, "Local sandbox started");
        *local = Some(sandbox);
    }
    let Some(sandbox) = local.as_ref() else {
        return Err(IpcError::new(
            IpcErrorCode::Internal,
            "the Local sandbox did not start",
        ));
    };
    let client = local_sandbox::admin_client(sandbox)?;
    let me = client.me().await?;
    *state.session.lock().await = Some((local_sandbox::LOCAL_SANDBOX_NAME.to_owned(), client));
    Ok(SignedIn {
        environment: local_sandbox::LOCAL_SANDBOX_NAME.to_owned(),
        kind: EnvironmentKindView::LocalSandbox,
        environment_name: me.environment.name,
        login: me.login,
        name: me.name,
        role: me.role.to_string(),
        can_invite: me.permissions.can_invite,
    })
}

/// How many users the signed-in environment has, per status.
#[tauri::command]
#[specta::specta]
pub async fn user_counts(state: State<'_, AppState>) -> Result<UserCounts, IpcError> {
    let client = match state.session.lock().await.as_ref() {
        Some((_, client)) => client.clone(),
        None => {
            return Err(IpcError::new(
                IpcErrorCode::Authentication,
                "sign in to an environment first",
            ));
        }
    };
    let users = client.all_users(&Default::default()).await?;
    let count = |status: UserStatus| {
        u32::try_from(users.iter().filter(|user| user.status == status).count()).unwrap_or(u32::MAX)
    };
    Ok(UserCounts {
        total: u32::try_from(users.len()).unwrap_or(u32::MAX),
        active: count(UserStatus::Active),
        invited: count(UserStatus::Invited),
        blocked: count(UserStatus::Blocked),
    })
}

/// Ends the current session.
#[tauri::command]
#[specta::specta]
pub async fn sign_out(state: State<'_, AppState>) -> Result<(), IpcError> {
    if let Some((name, _)) = state.session.lock().await.take() {
        tracing::info!(environment = %name, "signed out");
    }
    Ok(())
}

/// Removes a saved environment and its keychain entries.
#[tauri::command]
#[specta::specta]
pub async fn remove_environment(state: State<'_, AppState>, name: String) -> Result<(), IpcError> {
    let mut current = state.session.lock().await;
    if current
        .as_ref()
        .is_some_and(|(signed_in, _)| *signed_in == name)
    {
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
