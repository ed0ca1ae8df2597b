//! What the store tells its listeners (the app turns these into UI events), so that screens
//! refresh without polling.

use chrono::{DateTime, Utc};

/// What changed in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheChange {
    /// Everything was replaced (a full sync, or a rebuilt cache).
    All,
    /// These users changed (upserts or deletions).
    Users(Vec<String>),
    Organisations,
    Outbox,
}

/// The honest status line: online or offline since when, and what is waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionState {
    /// `None` while the platform answers.
    pub offline_since: Option<DateTime<Utc>>,
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Changes waiting to be sent.
    pub n_pending: u32,
    /// Changes waiting for the administrator's decision.
    pub n_conflicts: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreEvent {
    CacheChanged(CacheChange),
    Connection(ConnectionState),
}
