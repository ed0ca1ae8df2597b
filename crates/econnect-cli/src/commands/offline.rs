//! `ecadmin sync`, `ecadmin pending`, and the offline cache behind reads and changes.

use econnect_api::ApiClient;
use econnect_store::sync::SyncReport;
use econnect_store::{Change, OutboxState, Store};
use serde::Serialize;

use crate::commands::Context;
use crate::error::CliError;
use crate::output;

fn store_error(error: econnect_store::StoreError) -> CliError {
    match error {
        econnect_store::StoreError::Refused(reason) => CliError::Failed(reason),
        econnect_store::StoreError::Api(api) => api.into(),
        other => CliError::Failed(other.to_string()),
    }
}

/// Pushes and pulls; when the platform is unreachable, says so on stderr (one line) and
/// carries on with the cache.
pub async fn refresh(store: &Store, client: &ApiClient) -> Result<SyncReport, CliError> {
    let report = econnect_store::sync::sync(store, client)
        .await
        .map_err(store_error)?;
    if report.offline {
        let state = store.sync_state().await.map_err(store_error)?;
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
    let (client, store) = context.client_and_cache().await?;
    let report = refresh(&store, &client).await?;
    let waiting = store.outbox().await.map_err(store_error)?.len();
    let last_synced_at = store
        .sync_state()
        .await
        .map_err(store_error)?
        .last_synced_at;
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
    created_at: String,
    attempts: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

pub async fn pending(context: &Context) -> Result<(), CliError> {
    let (_, store) = context.client_and_cache().await?;
    let rows: Vec<PendingRow> = store
        .outbox()
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|entry| PendingRow {
            seq: entry.seq,
            state: match entry.state {
                OutboxState::Pending => "pending",
                OutboxState::Conflict => "conflict",
            },
            change: entry.change,
            created_at: entry.created_at.to_rfc3339(),
            attempts: entry.attempts,
            problem: entry.problem,
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
        &["#", "STATE", "CHANGE", "SINCE", "TRIES"],
        rows.iter()
            .map(|row| {
                vec![
                    row.seq.to_string(),
                    row.state.to_owned(),
                    serde_json::to_string(&row.change).unwrap_or_default(),
                    row.created_at.clone(),
                    row.attempts.to_string(),
                ]
            })
            .collect(),
    );
    Ok(())
}

/// Queues a change and tries to send it at once. Offline, it stays queued (and that is fine).
pub async fn change(
    context: &Context,
    store: &Store,
    client: &ApiClient,
    change: Change,
) -> Result<(), CliError> {
    let seq = store.enqueue(change).await.map_err(store_error)?;
    let report = econnect_store::sync::push(store, client)
        .await
        .map_err(store_error)?;
    let entry = store
        .outbox()
        .await
        .map_err(store_error)?
        .into_iter()
        .find(|entry| entry.seq == seq);
    match entry {
        None if store
            .rejected_changes()
            .await
            .map_err(store_error)?
            .iter()
            .any(|r| r.seq == seq) =>
        {
            let reason = store
                .rejected_changes()
                .await
                .map_err(store_error)?
                .into_iter()
                .find(|r| r.seq == seq)
                .map(|r| r.reason)
                .unwrap_or_default();
            Err(CliError::Failed(format!(
                "the platform refused the change: {reason}"
            )))
        }
        None => Ok(()),
        Some(entry) if entry.state == OutboxState::Conflict => Err(CliError::Failed(format!(
            "conflict: {}. See `ecadmin pending`",
            entry.problem.unwrap_or_default()
        ))),
        Some(_) => {
            debug_assert!(report.offline);
            eprintln!(
                "offline: the change is queued (#{seq}) and will be sent by the next `ecadmin sync`"
            );
            if context.json {
                output::json(&serde_json::json!({"queued": seq}))?;
            }
            Ok(())
        }
    }
}
