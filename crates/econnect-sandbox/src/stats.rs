//! What the sandbox served, per route: requests and response bytes. Benchmarks and delta-sync
//! tests read it from `GET /_sandbox/stats` to assert on what crossed the wire.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

#[derive(Debug, Default, Clone, Copy, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteStats {
    pub requests: u64,
    pub response_bytes: u64,
}

/// Answers by status code, e.g. `"401": 2`; `0` counts connections dropped by an injected reset.
pub type StatusCounts = BTreeMap<u16, u64>;

#[derive(Debug, Default, Clone, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsSnapshot {
    pub requests: u64,
    pub response_bytes: u64,
    /// Keyed by `METHOD /route/{template}`.
    pub routes: BTreeMap<String, RouteStats>,
    /// Keyed like `routes`, then by status code.
    pub statuses: BTreeMap<String, StatusCounts>,
}

#[derive(Default)]
pub struct Stats(Mutex<StatsSnapshot>);

impl Stats {
    pub fn record(&self, route: String, status: u16, response_bytes: u64) {
        let mut snapshot = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        snapshot.requests += 1;
        snapshot.response_bytes += response_bytes;
        *snapshot
            .statuses
            .entry(route.clone())
            .or_default()
            .entry(status)
            .or_default() += 1;
        let entry = snapshot.routes.entry(route).or_default();
        entry.requests += 1;
        entry.response_bytes += response_bytes;
    }

    pub fn snapshot(&self) -> StatsSnapshot {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn reset(&self) {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = StatsSnapshot::default();
    }
}
