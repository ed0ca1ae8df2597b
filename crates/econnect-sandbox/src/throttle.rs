//! Throttling of failed sign-ins: after a few failures in a row for the same client, or the
//! same client and user, the token endpoint answers 429 with `Retry-After` until the window
//! has passed — for right and wrong passwords alike, so a guesser learns nothing more. A
//! successful sign-in clears the user's count.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per user (client + email) within [`WINDOW`].
pub const MAX_USER_FAILURES: u32 = 5;
/// Failures allowed per client within [`WINDOW`] (many users behind one client).
pub const MAX_CLIENT_FAILURES: u32 = 50;
/// How long failures are remembered, and how long a throttled caller waits.
pub const WINDOW: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct Throttle(Mutex<HashMap<String, (u32, Instant)>>);

fn user_key(client_id: &str, email: &str) -> String {
    format!("user\u{0}{client_id}\u{0}{}", email.trim().to_lowercase())
}

fn client_key(client_id: &str) -> String {
    format!("client\u{0}{client_id}")
}

impl Throttle {
    /// `Some(seconds to wait)` when this client or user has failed too often lately.
    pub fn retry_after(&self, client_id: &str, email: Option<&str>) -> Option<u64> {
        let now = Instant::now();
        let failures = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let over = |key: String, limit: u32| {
            failures.get(&key).and_then(|(n, since)| {
                let elapsed = now.duration_since(*since);
                (*n >= limit && elapsed < WINDOW).then(|| (WINDOW - elapsed).as_secs().max(1))
            })
        };
        over(client_key(client_id), MAX_CLIENT_FAILURES)
            .or_else(|| email.and_then(|email| over(user_key(client_id, email), MAX_USER_FAILURES)))
    }

    pub fn failed(&self, client_id: &str, email: Option<&str>) {
        let now = Instant::now();
        let mut failures = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let mut count = |key: String| {
            let entry = failures.entry(key).or_insert((0, now));
            if now.duration_since(entry.1) >= WINDOW {
                *entry = (0, now);
            }
            entry.0 += 1;
        };
        count(client_key(client_id));
        if let Some(email) = email {
            count(user_key(client_id, email));
        }
    }

    pub fn succeeded(&self, client_id: &str, email: Option<&str>) {
        if let Some(email) = email {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&user_key(client_id, email));
        }
    }
}
