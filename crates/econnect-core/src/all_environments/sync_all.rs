//! Keeping every cache fresh: each environment synced through its own cache and outbox, a
//! few at a time, each with its own status.

use std::path::Path;

use chrono::{DateTime, Utc};
use econnect_store::Store;
use futures_util::StreamExt;
use futures_util::stream;

use super::Connected;
use crate::error::CoreError;
use crate::session::cache_path;

/// Where an environment's cache stands after a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncStatus {
    /// Brought up to date now.
    Synced { at: DateTime<Utc> },
    /// The platform could not be reached; the cache is as it was.
    Offline {
        since: Option<DateTime<Utc>>,
        last_synced_at: Option<DateTime<Utc>>,
    },
    /// No usable credentials (missing from the keychain, or refused): sign in again.
    SignInNeeded { reason: String },
    /// Something else went wrong (the cache could not be opened, say).
    Failed { reason: String },
}

/// One environment's round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentSync {
    pub environment: String,
    pub status: SyncStatus,
    /// Changes still waiting in its outbox, and conflicts waiting for a decision.
    pub n_pending: u32,
    pub n_conflicts: u32,
    /// Users read or changes applied this round; whether it was a full read.
    pub changes_pulled: usize,
    pub full: bool,
}

/// Syncs every environment (push its outbox, then pull what changed), at most
/// `concurrency` at a time; each cache is opened for its round and closed after, so that
/// thirty environments do not keep thirty caches in memory. `on_done` hears each result as
/// it comes; the results are returned in the order given.
#[tracing::instrument(skip_all, fields(n = environments.len(), concurrency), err)]
pub async fn sync_all(
    data_dir: &Path,
    environments: Vec<Connected>,
    concurrency: usize,
    on_done: &(dyn Fn(&EnvironmentSync) + Send + Sync),
) -> Result<Vec<EnvironmentSync>, CoreError> {
    let rounds = stream::iter(environments.into_iter().enumerate())
        .map(|(index, connected)| async move {
            let result = sync_one(data_dir, connected).await;
            on_done(&result);
            (index, result)
        })
        .buffer_unordered(concurrency.max(1));
    let mut results: Vec<(usize, EnvironmentSync)> = rounds.collect().await;
    results.sort_by_key(|(index, _)| *index);
    Ok(results.into_iter().map(|(_, result)| result).collect())
}

async fn sync_one(data_dir: &Path, connected: Connected) -> EnvironmentSync {
    let name = connected.environment.name.clone();
    let path = cache_path(data_dir, &name);
    let mut result = EnvironmentSync {
        environment: name.clone(),
        status: SyncStatus::Failed {
            reason: String::new(),
        },
        n_pending: 0,
        n_conflicts: 0,
        changes_pulled: 0,
        full: false,
    };
    let client = match connected.client {
        Ok(client) => client,
        Err(error) => {
            result.status = SyncStatus::SignInNeeded {
                reason: error.to_string(),
            };
            if path.exists() {
                fill_counts(&mut result, &path).await;
            }
            return result;
        }
    };
    let store = match Store::open(&path).await {
        Ok(store) => store,
        Err(error) => {
            result.status = SyncStatus::Failed {
                reason: error.to_string(),
            };
            return result;
        }
    };
    result.status = match econnect_store::sync::sync(&store, &client).await {
        Ok(report) if report.offline => {
            let state = store.sync_state().await.ok();
            SyncStatus::Offline {
                since: state.as_ref().and_then(|s| s.offline_since),
                last_synced_at: state.and_then(|s| s.last_synced_at),
            }
        }
        Ok(report) => {
            result.changes_pulled = report.changes_pulled;
            result.full = report.full;
            SyncStatus::Synced { at: Utc::now() }
        }
        Err(error) => {
            let error = CoreError::from(error);
            if error.kind() == econnect_domain::ErrorKind::Authentication {
                SyncStatus::SignInNeeded {
                    reason: error.to_string(),
                }
            } else {
                SyncStatus::Failed {
                    reason: error.to_string(),
                }
            }
        }
    };
    if let Ok(state) = store.connection_state().await {
        result.n_pending = state.n_pending;
        result.n_conflicts = state.n_conflicts;
    }
    store.close().await;
    tracing::debug!(environment = %name, status = ?result.status, "synced");
    result
}

async fn fill_counts(result: &mut EnvironmentSync, path: &Path) {
    if let Ok(store) = Store::open(path).await {
        if let Ok(state) = store.connection_state().await {
            result.n_pending = state.n_pending;
            result.n_conflicts = state.n_conflicts;
        }
        store.close().await;
    }
}

/// What an environment's cache says of its connection — its last sync, what waits in its
/// outbox — without syncing it; `None` when it has no cache here (or it cannot be read).
pub async fn cache_status(
    data_dir: &Path,
    environment: &str,
) -> Option<econnect_store::ConnectionState> {
    let path = cache_path(data_dir, environment);
    if !path.exists() {
        return None;
    }
    let store = Store::open(&path).await.ok()?;
    let state = store.connection_state().await.ok();
    store.close().await;
    state
}
