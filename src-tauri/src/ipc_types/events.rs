//! Events the back end sends to the UI, so that screens refresh without polling.

use econnect_store::CacheChange;
use serde::Serialize;

/// The cache changed: refresh what shows it.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct CacheChanged {
    /// Everything changed (a full sync); refresh every screen.
    pub all: bool,
    /// These users changed.
    pub user_ids: Vec<String>,
    pub organisations: bool,
    /// The waiting changes changed.
    pub outbox: bool,
}

impl From<CacheChange> for CacheChanged {
    fn from(change: CacheChange) -> Self {
        let mut event = Self {
            all: false,
            user_ids: Vec::new(),
            organisations: false,
            outbox: false,
        };
        match change {
            CacheChange::All => event.all = true,
            CacheChange::Users(ids) => event.user_ids = ids,
            CacheChange::Organisations => event.organisations = true,
            CacheChange::Outbox => event.outbox = true,
        }
        event
    }
}

/// Progress of a long operation started by the UI (a bulk change, an invitation list).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The id the UI gave the operation.
    pub operation: String,
    pub done: u32,
    pub total: u32,
}
