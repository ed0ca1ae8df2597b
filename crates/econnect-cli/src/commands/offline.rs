//! `ecadmin sync`, `ecadmin pending`, and the changes every other command makes: one call of
//! the core each (`Workspace::sync`, `pending_changes`, `apply`), as the app makes them.

use econnect_core::{ChangeOutcome, Workspace};
use econnect_store::sync::SyncReport;
use econnect_store::{Change, OutboxState};
use serde::Serialize;

use crate::commands::Context;
use crate::error::CliError;
use crate::output;

/// Pushes and pulls; when the platform is unreachable, says so on stderr (one line) and
/// carries on with the cache.
pub async fn refresh(workspace: &Workspace) -> Result<SyncReport, CliError> {
    let report = workspace.sync().await?;
    if report.offline {
        let state = workspace.store().sync_state().await?;
        match state.last_synced_at {
            Some(at) => eprintln!("offline: data from {}", at.format("%Y-%m-%d %H:%M UTC")),
            None => {
                return Err(CliError::Failed(
                    "the platform cannot be reached and nothing is cached yet; try again when online".to_owned(),
                ));
            }
        }
    }
    Ok(report)
}

pub async fn sync(context: &Context) -> Result<(), CliError> {
    let workspace = context.cached_workspace().await?;
    let report = refresh(&workspace).await?;
    let store = workspace.store();
    let waiting = store.outbox().await?.len();
    let last_synced_at = store.sync_state().await?.last_synced_at;
    if context.json {
        return output::json(&serde_json::json!({
            "lastSyncedAt": last_synced_at,
            "full": report.full,
            "changesPulled": report.changes_pulled,
            "pushed": report.pushed,
            "conflicts": report.conflicts,
            "rejected": report.rejected,
            "offline": report.offline,
            "waiting": waiting,
        }));
    }
    println!(
        "{}: {} changes received, {} sent, {} conflicts, {} refused, {waiting} waiting.",
        if report.offline {
            "Offline"
        } else if report.full {
            "Full sync"
        } else {
            "Synced"
        },
        report.changes_pulled,
        report.pushed,
        report.conflicts,
        report.rejected,
    );
    if let Some(at) = last_synced_at {
        println!(
            "Last successful sync: {}.",
            at.format("%Y-%m-%d %H:%M:%S UTC")
        );
    }
    Ok(())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PendingRow {
    seq: i64,
    state: &'static str,
    change: Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    created_at: String,
    attempts: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

pub async fn pending(context: &Context) -> Result<(), CliError> {
    let workspace = context.cached_workspace().await?;
    let rows: Vec<PendingRow> = workspace
        .pending_changes()
        .await?
        .into_iter()
        .map(|pending| PendingRow {
            seq: pending.entry.seq,
            state: match pending.entry.state {
                OutboxState::Pending => "pending",
                OutboxState::Conflict => "conflict",
            },
            change: pending.entry.change,
            email: pending.email,
            created_at: pending.entry.created_at.to_rfc3339(),
            attempts: pending.entry.attempts,
            problem: pending.entry.problem,
        })
        .collect();
    if context.json {
        return output::json(&rows);
    }
    if rows.is_empty() {
        println!("No changes waiting.");
        return Ok(());
    }
    output::table(
        &["#", "STATE", "CHANGE", "USER", "SINCE", "TRIES"],
        rows.iter()
            .map(|row| {
                vec![
                    row.seq.to_string(),
                    row.state.to_owned(),
                    serde_json::to_string(&row.change).unwrap_or_default(),
                    row.email.clone().unwrap_or_default(),
                    row.created_at.clone(),
                    row.attempts.to_string(),
                ]
            })
            .collect(),
    );
    Ok(())
}

/// Makes one change as the app makes it (`Workspace::apply`): queued, then sent at once.
/// Offline, it stays queued (and that is fine).
pub async fn change(
    context: &Context,
    workspace: &Workspace,
    change: Change,
) -> Result<(), CliError> {
    let outcome = workspace
        .apply(vec![change], &mut |_, _| {})
        .await?
        .pop()
        .unwrap_or(ChangeOutcome::Queued);
    match outcome {
        ChangeOutcome::Done => Ok(()),
        ChangeOutcome::Queued => {
            eprintln!("offline: the change is queued and will be sent by the next `ecadmin sync`");
            if context.json {
                output::json(&serde_json::json!({"queued": true}))?;
            }
            Ok(())
        }
        ChangeOutcome::Conflict { reason, .. } => Err(CliError::Failed(format!(
            "conflict: {reason}. See `ecadmin pending`"
        ))),
        ChangeOutcome::Refused { reason, .. } => Err(CliError::Failed(format!(
            "the change was refused: {reason}"
        ))),
    }
}
