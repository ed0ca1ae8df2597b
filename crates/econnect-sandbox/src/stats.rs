//! What the sandbox served, per route: requests, response bytes, and the most requests it was
//! answering at once. Benchmarks and delta-sync tests read it from `GET /_sandbox/stats` to
//! assert on what crossed the wire (and the bulk path's tests on how many were in flight).

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

#[derive(Debug, Default, Clone, Copy, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteStats {
    pub requests: u64,
    pub response_bytes: u64,
    /// The most requests of this route the sandbox was handling at the same moment.
    #[serde(default)]
    pub peak_in_flight: u64,
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
pub struct Stats(Mutex<StatsSnapshot>, Mutex<BTreeMap<String, u64>>);

/// A request being handled; dropping it (answered, or its connection dropped) ends it.
pub struct InFlight<'a> {
    stats: &'a Stats,
    route: String,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut in_flight = self
            .stats
            .1
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(n) = in_flight.get_mut(&self.route) {
            *n = n.saturating_sub(1);
        }
    }
}

impl Stats {
    /// Counts a request of `route` as being handled until the guard is dropped.
    pub fn begin(&self, route: &str) -> InFlight<'_> {
        let now = {
            let mut in_flight = self
                .1
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let n = in_flight.entry(route.to_owned()).or_default();
            *n += 1;
            *n
        };
        let mut snapshot = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = snapshot.routes.entry(route.to_owned()).or_default();
        entry.peak_in_flight = entry.peak_in_flight.max(now);
        InFlight {
            stats: self,
            route: route.to_owned(),
        }
    }

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
