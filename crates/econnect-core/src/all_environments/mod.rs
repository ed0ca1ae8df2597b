//! Every saved environment at once — the work of accountants and IT service providers who
//! look after many clients: finding the environments one sign-in may enter and saving them
//! (one keychain credential for all), keeping every cache fresh with bounded concurrency, a
//! person across every environment from the caches (offline too), offboarding or blocking
//! them everywhere through each environment's own outbox, and insights and an access
//! report over all caches.
//!
//! Each environment keeps its own cache and outbox (`data/caches/<name>.sqlite3`): nothing
//! here is a second copy of the platform's data except the [`PeopleDirectory`], a compact
//! in-memory index of every cache's addresses and names, rebuilt per cache when that cache
//! changes on disk.

mod directory;
mod discover;
mod offboard;
mod report;
mod sync_all;

use std::path::Path;
use std::sync::Arc;

use econnect_api::ApiClient;

use crate::environments::SavedEnvironment;
use crate::error::CoreError;
use crate::session::cache_path;
use crate::workspace::Workspace;

pub use directory::{PeopleDirectory, PersonAccess, PersonOrganisation};
pub use discover::{DiscoveredEnvironment, add_discovered, discover_environments, saved_name_for};
pub use offboard::{
    EnvironmentPlan, EnvironmentResult, Everywhere, PlanStep, ResultKind, outcomes,
    plan_everywhere, run_everywhere,
};
pub use report::{
    CrossInsights, EnvironmentInsight, PersonWithAdminRole, access_report, cross_insights,
};
pub use sync_all::{EnvironmentSync, SyncStatus, cache_status, sync_all};

/// How many environments sync at once: enough to keep a laptop's connection busy, few
/// enough that thirty clients never mean thirty full syncs side by side.
pub const SYNC_CONCURRENCY: usize = 4;

/// A saved environment with a client for it, or why there is none (its secrets are
/// missing from the keychain: it needs signing in).
pub struct Connected {
    pub environment: SavedEnvironment,
    pub client: Result<ApiClient, CoreError>,
    /// The environment's workspace when it is open already (the app's signed-in one): the
    /// plan and the run use it instead of opening the same cache and outbox a second time,
    /// so that one outbox is never sent by two workspaces at once.
    pub open: Option<Arc<Workspace>>,
}

impl Connected {
    pub fn new(environment: SavedEnvironment, client: Result<ApiClient, CoreError>) -> Self {
        Self {
            environment,
            client,
            open: None,
        }
    }

    /// The workspace to act through: the open one, or this environment's cache opened now
    /// (the flag says so: the caller closes what it opened).
    async fn workspace(
        &self,
        data_dir: &Path,
        client: ApiClient,
    ) -> Result<(Arc<Workspace>, bool), CoreError> {
        match &self.open {
            Some(workspace) => Ok((workspace.clone(), false)),
            None => Ok((
                Arc::new(Workspace::open(data_dir, &self.environment.name, client).await?),
                true,
            )),
        }
    }
}

/// Whether an environment has a cache on this machine (it was synced here before).
pub fn has_cache(data_dir: &Path, environment: &str) -> bool {
    cache_path(data_dir, environment).exists()
}

/// The name shown for an environment: the platform's, when a discovery or sign-in said it.
pub fn display_name(environment: &SavedEnvironment) -> &str {
    environment
        .platform_name
        .as_deref()
        .unwrap_or(&environment.name)
}
