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
/// Above this many remembered callers, the expired ones are forgotten before a new failure
/// is counted, so that failures with ever new addresses cannot grow the map without end. (A
/// client is throttled after [`MAX_CLIENT_FAILURES`], so the live entries stay few.)
const PRUNE_ABOVE: usize = 1024;

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
        self.failed_at(client_id, email, Instant::now());
    }

    fn failed_at(&self, client_id: &str, email: Option<&str>, now: Instant) {
        let mut failures = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() > PRUNE_ABOVE {
            failures.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_past_the_window_are_forgotten_instead_of_piling_up() {
        let throttle = Throttle::default();
        let Some(long_ago) = Instant::now().checked_sub(WINDOW * 2) else {
            return; // a clock this young has no past to test with
        };
        for n in 0..3 * PRUNE_ABOVE {
            throttle.failed_at(
                &format!("client-{n}"),
                Some("someone@example.org"),
                long_ago,
            );
        }
        throttle.failed("client-now", Some("someone@example.org"));
        let remembered = throttle.0.lock().unwrap_or_else(|p| p.into_inner()).len();
        assert!(remembered <= PRUNE_ABOVE + 2, "{remembered} entries kept");
        assert_eq!(
            throttle.retry_after("client-now", Some("someone@example.org")),
            None
        );
    }

    #[test]
    fn the_sixth_failure_of_a_user_waits() {
        let throttle = Throttle::default();
        for _ in 0..MAX_USER_FAILURES {
            assert_eq!(throttle.retry_after("c", Some("a@example.org")), None);
            throttle.failed("c", Some("a@example.org"));
        }
        assert!(throttle.retry_after("c", Some("A@example.org ")).is_some());
        throttle.succeeded("c", Some("a@example.org"));
        assert_eq!(throttle.retry_after("c", Some("a@example.org")), None);
    }
}
