//! Every environment at once: discovering and adding environments, each cache's status and
//! syncing them all, a person across the caches, offboarding or blocking everywhere,
//! insights across environments and the access report. Each is one call of
//! `econnect_core::all_environments`, as `ecadmin` makes it.

use econnect_core::SavedEnvironment;
use econnect_core::all_environments::{self, DiscoveredEnvironment};
use econnect_core::spreadsheet::Separator;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::all_environments as shell;
use crate::commands::import::save;
use crate::ipc_error::IpcError;
use crate::ipc_types::{
    AccessReportView, CrossInsightsView, DiscoveredView, EnvironmentStatusView, EnvironmentView,
    EverywhereAction, EverywhereProgress, EverywhereView, PersonAccessView, Progress, count,
};
use crate::state::AppState;

/// What the signed-in environment's sign-in may enter, asked of the platform.
async fn discover(
    state: &AppState,
) -> Result<(SavedEnvironment, Vec<DiscoveredEnvironment>), IpcError> {
    let from = shell::current(state).await?;
    let client = shell::client_for(state, &from, true).await?;
    let discovered = all_environments::discover_environments(
        &state.environments,
        &state.keychain,
        &from,
        &client,
    )
    .await?;
    Ok((from, discovered))
}

/// The environments the signed-in person may enter, and which of them are saved already.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn discover_environments(
    state: State<'_, AppState>,
) -> Result<Vec<DiscoveredView>, IpcError> {
    let (_, discovered) = discover(&state).await?;
    Ok(discovered.into_iter().map(Into::into).collect())
}

/// Saves every discovered environment not saved yet (each signs in with the current one's
/// credentials: nothing more in the keychain), then syncs them in the background.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn add_discovered_environments(
    state: State<'_, AppState>,
) -> Result<Vec<EnvironmentView>, IpcError> {
    let (from, discovered) = discover(&state).await?;
    let added = all_environments::add_discovered(&state.environments, &from, &discovered)?;
    tracing::info!(n = added.len(), from = %from.name, "discovered environments added");
    state.many.sync_soon();
    Ok(added.into_iter().map(Into::into).collect())
}

/// Every environment with its cache's status (for the switcher); changes arrive as
/// `EnvironmentStatusView` events.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn environment_statuses(
    state: State<'_, AppState>,
) -> Result<Vec<EnvironmentStatusView>, IpcError> {
    Ok(shell::statuses(&state).await?)
}

/// Syncs every environment now, in the background (their statuses tell how it goes).
#[tauri::command]
#[specta::specta]
pub fn sync_all_environments(app: AppHandle, state: State<'_, AppState>) {
    shell::start_background_sync(&app);
    state.many.sync_soon();
}

/// The people whose address or name holds every typed word, one row per environment they
/// are in, from the caches (offline too).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn find_people(
    state: State<'_, AppState>,
    text: String,
    limit: u32,
) -> Result<Vec<PersonAccessView>, IpcError> {
    let environments = shell::environments(&state).await?;
    let rows = state
        .many
        .directory
        .find(
            &state.app_dirs.data_dir,
            &environments,
            &text,
            usize::try_from(limit).unwrap_or(usize::MAX),
        )
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// What offboarding (or blocking) `email` would do in each environment; nothing changes.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn plan_everywhere(
    state: State<'_, AppState>,
    email: String,
    action: EverywhereAction,
) -> Result<Vec<EverywhereView>, IpcError> {
    let environments = shell::environments(&state).await?;
    let plans = all_environments::plan_everywhere(
        &state.app_dirs.data_dir,
        shell::connected(&state, environments).await,
        &email,
        action.into(),
    )
    .await?;
    let mut views: Vec<EverywhereView> = plans.iter().map(EverywhereView::from).collect();
    views.sort_by(|a, b| a.environment_name.cmp(&b.environment_name));
    Ok(views)
}

/// Offboards (or blocks) `email` wherever the plan can run, each environment through its
/// own outbox (offline: queued there, sent by its next sync, exactly once). Each result is
/// sent as an `EverywhereProgress` event as it comes; all of them are returned, with the
/// plan's word for the environments not run.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn run_everywhere(
    app: AppHandle,
    state: State<'_, AppState>,
    email: String,
    action: EverywhereAction,
    operation: String,
) -> Result<Vec<EverywhereView>, IpcError> {
    let environments = shell::environments(&state).await?;
    let plans = all_environments::plan_everywhere(
        &state.app_dirs.data_dir,
        shell::connected(&state, environments.clone()).await,
        &email,
        action.into(),
    )
    .await?;
    let to_run: Vec<_> = environments
        .into_iter()
        .filter(|environment| {
            plans
                .iter()
                .any(|plan| plan.environment == environment.name && plan.can_run())
        })
        .collect();
    let total = count(to_run.len());
    let done = std::sync::atomic::AtomicU32::new(0);
    let results = all_environments::run_everywhere(
        &state.app_dirs.data_dir,
        shell::connected(&state, to_run).await,
        &email,
        action.into(),
        &|result| {
            let done = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            let sent = EverywhereProgress {
                operation: operation.clone(),
                outcome: EverywhereView::from(result),
            }
            .emit(&app)
            .and_then(|()| {
                Progress {
                    operation: operation.clone(),
                    done,
                    total,
                }
                .emit(&app)
            });
            if let Err(error) = sent {
                tracing::warn!(%error, "progress could not be sent to the window");
            }
        },
    )
    .await?;
    let changed: Vec<String> = results
        .iter()
        .map(|result| result.environment.clone())
        .collect();
    state.many.directory.mark_changed(&changed).await;
    state.many.sync_soon();
    Ok(all_environments::outcomes(&plans, results)
        .iter()
        .map(EverywhereView::from)
        .collect())
}

/// Insights over every cache: environments with one administrator, people who are
/// administrator in many, expired invitations, users without organisation.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn cross_insights(state: State<'_, AppState>) -> Result<CrossInsightsView, IpcError> {
    let environments = shell::environments(&state).await?;
    Ok(all_environments::cross_insights(
        &state.app_dirs.data_dir,
        &environments,
        &state.many.directory,
    )
    .await?
    .into())
}

/// Who has access where, over every cache, as a spreadsheet in the downloads folder.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn save_access_report(
    state: State<'_, AppState>,
    semicolon: bool,
) -> Result<AccessReportView, IpcError> {
    let environments = shell::environments(&state).await?;
    let separator = if semicolon {
        Separator::Semicolon
    } else {
        Separator::Comma
    };
    let sheet =
        all_environments::access_report(&state.app_dirs.data_dir, &environments, separator).await?;
    let path = save("eConnect access report", &sheet)?;
    let n_cached = environments
        .iter()
        .filter(|environment| {
            all_environments::has_cache(&state.app_dirs.data_dir, &environment.name)
        })
        .count();
    Ok(AccessReportView::new(path.display().to_string(), n_cached))
}
