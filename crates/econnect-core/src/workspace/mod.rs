//! One signed-in environment: its client and its offline cache, and what an administrator
//! does with them. Every surface's command is a few lines over one of these functions: the
//! app's Tauri commands and `ecadmin`'s subcommands call the same ones.
//!
//! Every change goes through the outbox: it is applied to the cache at once, then sent; when
//! the platform cannot be reached it waits and is sent by the next sync. So a change made
//! offline is never lost, and one made online shows its result at once.
//!
//! By concern: opening and syncing (here), changes and their outcomes, waiting changes and
//! conflicts (`changes`), address checks and invitations through the bulk path
//! (`invitations`, over the pasted-list reader `addresses`), a user's detail, offboarding
//! and the insight fix (`users`), onboarding from a spreadsheet (`import`: the preview with
//! a verdict per row, then the run) and users out to one (`export`).

mod addresses;
mod changes;
mod export;
mod import;
mod invitations;
mod users;

use std::path::Path;
use std::time::Duration;

use econnect_api::ApiClient;
use econnect_contract::{AuditEventPage, Me};
use econnect_store::Store;
use econnect_store::sync::SyncReport;
use tokio::sync::Notify;

use crate::error::CoreError;
use crate::session::cache_path;

pub use addresses::split_address_list;
pub use changes::{ChangeOutcome, PendingChange, Resolution};
pub use export::results_sheet;
pub use import::{
    ImportGrant, ImportOptions, ImportPreview, ImportRow, ImportedRow, RowResult, Verdict,
    VerdictCounts,
};
pub use invitations::{AddressCheck, AddressProblem, AddressWarning, Invitations, SameAccess};
pub use users::UserDetail;

/// One signed-in environment.
pub struct Workspace {
    environment: String,
    client: ApiClient,
    store: Store,
    sync_requested: Notify,
}

/// How long the background sync waits between rounds.
const ONLINE_SYNC_INTERVAL: Duration = Duration::from_secs(20);
const OFFLINE_RETRY_INTERVAL: Duration = Duration::from_secs(3);

impl Workspace {
    /// Opens the environment's cache (creating it on first use), without asking the
    /// platform anything.
    pub async fn open(
        data_dir: &Path,
        environment: &str,
        client: ApiClient,
    ) -> Result<Self, CoreError> {
        let store = Store::open(&cache_path(data_dir, environment)).await?;
        Ok(Self {
            environment: environment.to_owned(),
            client,
            store,
            sync_requested: Notify::new(),
        })
    }

    /// Connects, or opens on the cached data: asks the platform who signed in; when it
    /// cannot be reached (or is down) but the environment was synced before, opens offline
    /// (`None`). The first time, syncs before returning, so that the overview appears
    /// populated rather than filling up.
    #[tracing::instrument(skip(data_dir, client), err)]
    pub async fn sign_in(
        data_dir: &Path,
        environment: &str,
        client: ApiClient,
    ) -> Result<(Self, Option<Me>), CoreError> {
        let workspace = Self::open(data_dir, environment, client).await?;
        let synced_before = workspace.store.sync_state().await?.last_synced_at.is_some();
        let me = match workspace.client.me().await {
            Ok(me) => Some(me),
            Err(error) if error.is_unreachable() || error.is_temporary() => {
                if !synced_before {
                    return Err(CoreError::NeverSynced(environment.to_owned()));
                }
                tracing::info!(environment, %error, "platform unreachable; opening on cached data");
                None
            }
            Err(error) => return Err(error.into()),
        };
        if me.is_some() && !synced_before {
            workspace.sync().await?;
        }
        Ok((workspace, me))
    }

    pub fn environment(&self) -> &str {
        &self.environment
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn client(&self) -> &ApiClient {
        &self.client
    }

    /// Sends what waits, then brings the cache up to date.
    #[tracing::instrument(skip(self), fields(environment = %self.environment), err)]
    pub async fn sync(&self) -> Result<SyncReport, CoreError> {
        Ok(econnect_store::sync::sync(&self.store, &self.client).await?)
    }

    /// Asks the background sync for a round now.
    pub fn request_sync(&self) {
        self.sync_requested.notify_one();
    }

    /// Syncs now and then for as long as the future is polled: every 20 s online, every 3 s
    /// while offline (so that queued changes land soon after the connection returns), and at
    /// once on [`Workspace::request_sync`].
    pub async fn keep_in_sync(&self) {
        loop {
            let wait = match self.sync().await {
                Ok(report) if report.offline => OFFLINE_RETRY_INTERVAL,
                Ok(_) => ONLINE_SYNC_INTERVAL,
                Err(error) => {
                    tracing::warn!(environment = %self.environment, %error, "background sync failed");
                    ONLINE_SYNC_INTERVAL
                }
            };
            let _ = tokio::time::timeout(wait, self.sync_requested.notified()).await;
        }
    }

    /// The environment's audit events, newest first (online only: the platform keeps them).
    #[tracing::instrument(skip(self), fields(environment = %self.environment), err)]
    pub async fn audit_events(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<AuditEventPage, CoreError> {
        Ok(self.client.audit_events(cursor, limit).await?)
    }
}
