//! What "queued" costs: enqueueing changes offline into a cache whose every commit is on disk
//! before it returns (`synchronous=FULL` and the commit checked), p50/p95 per change.

use std::time::Instant;

use econnect_contract::InvitationRequest;
use econnect_store::{Change, Store};

use crate::round3;

const N_CHANGES: usize = 300;

pub async fn run(figures: &mut serde_json::Map<String, serde_json::Value>) -> anyhow::Result<()> {
    eprintln!("outbox: queueing {N_CHANGES} changes …");
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("cache.sqlite3")).await?;
    let mut millis = Vec::with_capacity(N_CHANGES);
    for n in 0..N_CHANGES {
        let change = Change::Invite {
            request: InvitationRequest {
                name: None,
                email: format!("queued.{n}@acme.example"),
                role: None,
                method: None,
                organisations: Vec::new(),
            },
        };
        let started = Instant::now();
        store.enqueue(change).await?;
        millis.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    store.close().await;
    millis.sort_by(f64::total_cmp);
    let at = |quantile: f64| millis[((millis.len() - 1) as f64 * quantile).round() as usize];
    figures.insert("outbox_enqueue_p50_ms".to_owned(), round3(at(0.5)).into());
    figures.insert("outbox_enqueue_p95_ms".to_owned(), round3(at(0.95)).into());
    Ok(())
}
