//! Waiting between attempts, and reading what a failed answer says: plain functions.

use std::time::Duration;

use rand::Rng;
use reqwest::header;

use crate::client::ClientOptions;

/// Exponential backoff with full jitter.
pub(crate) fn backoff(options: &ClientOptions, attempt: u32) -> Duration {
    let ceiling = options
        .base_backoff
        .saturating_mul(1 << attempt.saturating_sub(1).min(16))
        .min(options.max_backoff);
    let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
    Duration::from_millis(rand::rng().random_range(millis / 2..=millis.max(1)))
}

/// `Retry-After` in seconds (the sandbox's form) or as an HTTP date is not needed: seconds only.
pub(crate) fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

pub(crate) fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    if text.chars().count() > 200 {
        format!("{}…", text.chars().take(200).collect::<String>())
    } else {
        text.to_owned()
    }
}
