//! What every handler shares.

use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;
use tokio::sync::{Mutex, MutexGuard};

use crate::faults::Faults;
use crate::mail::Mailer;
use crate::stats::Stats;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub pool: SqlitePool,
    /// SQLite has one writer; taking this before a write transaction makes writes queue here
    /// instead of failing with SQLITE_BUSY, and makes check-then-write sequences atomic.
    write_lock: Mutex<()>,
    /// The server's own base URL (`http://127.0.0.1:PORT`), for links in emails.
    pub base_url: String,
    pub mailer: Mailer,
    pub faults: Faults,
    pub stats: Stats,
    pub token_lifetime: Duration,
    /// Failed sign-ins per client and per user, for throttling guessers.
    pub sign_in_failures: crate::throttle::Throttle,
}

impl AppState {
    pub fn new(
        pool: SqlitePool,
        base_url: String,
        mailer: Mailer,
        faults: Faults,
        token_lifetime: Duration,
    ) -> Self {
        Self(Arc::new(Inner {
            pool,
            write_lock: Mutex::new(()),
            base_url,
            mailer,
            faults,
            stats: Stats::default(),
            token_lifetime,
            sign_in_failures: crate::throttle::Throttle::default(),
        }))
    }

    pub async fn write_lock(&self) -> MutexGuard<'_, ()> {
        self.0.write_lock.lock().await
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}
