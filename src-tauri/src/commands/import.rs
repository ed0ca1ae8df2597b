//! Onboarding from a spreadsheet and exporting one: thin over the core's
//! `Workspace::preview_import`, `run_import` and `export_users`. The window sends the file it
//! read (base64); the preview stays here and is shown a window of rows at a time; the
//! results file and exports are saved in the user's downloads folder.

use std::path::PathBuf;

use base64::Engine;
use econnect_api::BulkOptions;
use econnect_core::CoreError;
use econnect_core::spreadsheet::Separator;
use econnect_core::workspace::{ImportOptions, RowResult, Verdict, results_sheet};
use econnect_domain::InvitationMethod;
use tauri::{AppHandle, State};

use crate::commands::users::progress_reporter;
use crate::ipc_error::IpcError;
use crate::ipc_types::{
    ImportReportView, ImportRowView, ImportRowsView, ImportSummaryView, UserQuery,
};
use crate::state::{AppState, ImportSession};

/// Reads a file the window chose and gives every row its verdict; nothing is sent. The
/// preview replaces any earlier one.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn import_preview(
    state: State<'_, AppState>,
    file_name: String,
    content_base64: String,
    add_directly: bool,
) -> Result<ImportSummaryView, IpcError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content_base64.as_bytes())
        .map_err(|error| {
            CoreError::Invalid(format!(
                "the file did not arrive whole ({error}); choose it again"
            ))
        })?;
    let workspace = state.workspace().await?;
    let options = ImportOptions {
        default_method: if add_directly {
            InvitationMethod::Direct
        } else {
            InvitationMethod::Email
        },
    };
    let preview = workspace.preview_import(&bytes, &options).await?;
    let summary = ImportSummaryView::new(&file_name, &preview);
    *state.import_session().await?.lock().await = ImportSession {
        file_name,
        preview: Some(preview),
        results: None,
    };
    Ok(summary)
}

/// A window of the preview's rows (with their results once run); `only_problems` keeps the
/// rows with an error, and after a run those that failed.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn import_rows(
    state: State<'_, AppState>,
    offset: u32,
    limit: u32,
    only_problems: bool,
) -> Result<ImportRowsView, IpcError> {
    let import = state.import_session().await?;
    let import = import.lock().await;
    let Some(preview) = &import.preview else {
        return Err(CoreError::Invalid("choose a file to import first".to_owned()).into());
    };
    let results = import.results.as_deref();
    let shown: Vec<usize> = (0..preview.rows.len())
        .filter(|index| {
            !only_problems
                || preview.rows[*index].verdict == Verdict::Error
                || results.is_some_and(|results| results[*index].result == RowResult::Failed)
        })
        .collect();
    let rows = shown
        .iter()
        .skip(offset as usize)
        .take(limit.min(1000) as usize)
        .map(|index| {
            ImportRowView::of(
                &preview.rows[*index],
                results.map(|results| &results[*index]),
            )
        })
        .collect();
    Ok(ImportRowsView {
        total: u32::try_from(shown.len()).unwrap_or(u32::MAX),
        offset,
        rows,
    })
}

/// Sends what the preview would do (existing users' changes only with `update_existing`),
/// reporting progress as `operation`; [`cancel_operation`] stops it between windows. The
/// results file is saved in the downloads folder.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn import_run(
    app: AppHandle,
    state: State<'_, AppState>,
    operation: String,
    update_existing: bool,
) -> Result<ImportReportView, IpcError> {
    let workspace = state.workspace().await?;
    let import = state.import_session().await?;
    let (preview, file_name) = {
        let import = import.lock().await;
        let Some(preview) = import.preview.clone() else {
            return Err(CoreError::Invalid("choose a file to import first".to_owned()).into());
        };
        (preview, import.file_name.clone())
    };
    let options = BulkOptions {
        cancel: state.start_operation(&operation),
        ..BulkOptions::default()
    };
    let results = workspace
        .run_import(
            &preview,
            update_existing,
            &options,
            &mut progress_reporter(&app, operation.clone()),
        )
        .await;
    state.end_operation(&operation);
    let results = results?;
    let mut report = ImportReportView::new(&results);
    let separator = match preview.separator.as_str() {
        "semicolon" => Separator::Semicolon,
        "tab" => Separator::Tab,
        _ => Separator::Comma,
    };
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name.as_str(), |(stem, _)| stem);
    match results_sheet(&results, separator)
        .and_then(|sheet| save(&format!("{stem} - results"), &sheet))
    {
        Ok(path) => report.results_file = Some(path.display().to_string()),
        Err(error) => report.results_file_error = Some(error.to_string()),
    }
    import.lock().await.results = Some(results);
    Ok(report)
}

/// A new preview of the rows that did not succeed in the last run (its results file, read
/// again: what was sent is skipped).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn import_retry_failed(
    state: State<'_, AppState>,
) -> Result<ImportSummaryView, IpcError> {
    let workspace = state.workspace().await?;
    let import = state.import_session().await?;
    let mut import = import.lock().await;
    let Some(results) = &import.results else {
        return Err(CoreError::Invalid("run the import first".to_owned()).into());
    };
    let sheet = results_sheet(results, Separator::Comma)?;
    let preview = workspace
        .preview_import(&sheet, &ImportOptions::default())
        .await?;
    let summary = ImportSummaryView::new(&import.file_name, &preview);
    import.preview = Some(preview);
    import.results = None;
    Ok(summary)
}

/// Stops a running operation (an import) after what is in flight.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all)]
pub async fn cancel_operation(
    state: State<'_, AppState>,
    operation: String,
) -> Result<(), IpcError> {
    state.cancel_operation(&operation);
    Ok(())
}

/// The users the overview's filter finds, as a spreadsheet in the downloads folder (offline
/// too); its path. `semicolon` is what Excel expects where the decimal separator is a comma.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, err)]
pub async fn export_users(
    state: State<'_, AppState>,
    query: UserQuery,
    semicolon: bool,
) -> Result<String, IpcError> {
    let workspace = state.workspace().await?;
    let separator = if semicolon {
        Separator::Semicolon
    } else {
        Separator::Comma
    };
    let sheet = workspace.export_users(&query.into(), separator).await?;
    let name = format!("eConnect users - {}", workspace.environment());
    Ok(save(&name, &sheet)?.display().to_string())
}

/// Saves `bytes` as `<name> <date time>.csv` in the downloads folder (or the home folder).
pub(crate) fn save(name: &str, bytes: &[u8]) -> Result<PathBuf, CoreError> {
    let folder = dirs::download_dir()
        .or_else(dirs::home_dir)
        .ok_or_else(|| {
            CoreError::Invalid(
                "there is no downloads or home folder to save the file in".to_owned(),
            )
        })?;
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stamp = chrono::Local::now().format("%Y-%m-%d %H.%M.%S");
    std::fs::create_dir_all(&folder).map_err(|error| {
        CoreError::Invalid(format!("{} cannot be created: {error}", folder.display()))
    })?;
    let path = folder.join(format!("{safe} {stamp}.csv"));
    std::fs::write(&path, bytes).map_err(|error| {
        CoreError::Invalid(format!("{} cannot be written: {error}", path.display()))
    })?;
    tracing::info!(path = %path.display(), bytes = bytes.len(), "spreadsheet saved");
    Ok(path)
}
