//! Fault injection for reliability tests: added latency, a 5xx rate, connection resets and a
//! rate limit. Set with `--faults` at start-up and changed at run time through
//! `PUT /_sandbox/faults` (loopback only).
//!
//! The spec is a comma-separated list: `latency=50ms,error_rate=0.1,reset_rate=0.05,rate_limit=100`.
//! - `latency`: added to every API and identity request (`ms` or `s`).
//! - `error_rate`: share of requests answered 503 `unavailable` before they are processed.
//! - `reset_rate`: share of requests whose connection is dropped *after* they were processed
//!   (the change landed, the client never hears) — the case idempotency keys exist for.
//! - `rate_limit`: requests per second over the whole API; beyond it 429 with `Retry-After`.

use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultConfig {
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default)]
    pub error_rate: f64,
    #[serde(default)]
    pub reset_rate: f64,
    /// Requests per second; absent or 0 for no limit.
    #[serde(default)]
    pub rate_limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid fault spec `{spec}`: {reason}. Example: latency=50ms,error_rate=0.1,reset_rate=0.05,rate_limit=100"
)]
pub struct FaultSpecError {
    spec: String,
    reason: InvalidFault,
}

/// One value of a fault configuration that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidFault(String);

impl FaultConfig {
    pub fn validate(&self) -> Result<(), InvalidFault> {
        for (name, rate) in [
            ("error_rate", self.error_rate),
            ("reset_rate", self.reset_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(InvalidFault(format!(
                    "{name} must be between 0 and 1, not {rate}"
                )));
            }
        }
        Ok(())
    }
}

impl FromStr for FaultConfig {
    type Err = FaultSpecError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let error = |reason: InvalidFault| FaultSpecError {
            spec: spec.to_owned(),
            reason,
        };
        let invalid = |reason: String| error(InvalidFault(reason));
        let mut config = FaultConfig::default();
        for part in spec
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
        {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| invalid(format!("`{part}` has no `=`")))?;
            let value = value.trim();
            match name.trim() {
                "latency" => config.latency_ms = parse_duration_ms(value).map_err(error)?,
                "error_rate" => config.error_rate = parse_rate(value).map_err(error)?,
                "reset_rate" => config.reset_rate = parse_rate(value).map_err(error)?,
                "rate_limit" => {
                    let limit: u32 = value.parse().map_err(|_| {
                        invalid(format!("rate_limit `{value}` is not a whole number"))
                    })?;
                    config.rate_limit = (limit > 0).then_some(limit);
                }
                other => return Err(invalid(format!("unknown fault `{other}`"))),
            }
        }
        config.validate().map_err(error)?;
        Ok(config)
    }
}

fn parse_duration_ms(value: &str) -> Result<u64, InvalidFault> {
    let (number, factor) = if let Some(ms) = value.strip_suffix("ms") {
        (ms, 1)
    } else if let Some(s) = value.strip_suffix('s') {
        (s, 1000)
    } else {
        (value, 1)
    };
    number
        .trim()
        .parse::<u64>()
        .map(|n| n * factor)
        .map_err(|_| {
            InvalidFault(format!(
                "latency `{value}` is not a duration like 50ms or 2s"
            ))
        })
}

fn parse_rate(value: &str) -> Result<f64, InvalidFault> {
    value
        .parse::<f64>()
        .ok()
        .filter(|rate| (0.0..=1.0).contains(rate))
        .ok_or_else(|| InvalidFault(format!("`{value}` is not a rate between 0 and 1")))
}

/// What to do with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultDecision {
    Proceed { reset_after: bool },
    Fail503,
    RateLimited { retry_after_seconds: u64 },
}

/// The live fault configuration and the rate limiter's window.
pub struct Faults {
    config: Mutex<FaultConfig>,
    window: Mutex<RateWindow>,
}

struct RateWindow {
    started: Instant,
    count: u32,
}

impl Faults {
    pub fn new(config: FaultConfig) -> Self {
        Self {
            config: Mutex::new(config),
            window: Mutex::new(RateWindow {
                started: Instant::now(),
                count: 0,
            }),
        }
    }

    pub fn config(&self) -> FaultConfig {
        self.config
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set(&self, config: FaultConfig) {
        *self.config.lock().unwrap_or_else(|p| p.into_inner()) = config;
    }

    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.config().latency_ms)
    }

    /// Decides the fate of one request. The rate limit counts requests in fixed one-second
    /// windows.
    pub fn decide(&self) -> FaultDecision {
        let config = self.config();
        if let Some(limit) = config.rate_limit {
            let mut window = self.window.lock().unwrap_or_else(|p| p.into_inner());
            let elapsed = window.started.elapsed();
            if elapsed >= Duration::from_secs(1) {
                window.started = Instant::now();
                window.count = 0;
            }
            if window.count >= limit {
                return FaultDecision::RateLimited {
                    retry_after_seconds: 1,
                };
            }
            window.count += 1;
        }
        let mut rng = rand::rng();
        if config.error_rate > 0.0 && rng.random_bool(config.error_rate) {
            return FaultDecision::Fail503;
        }
        let reset_after = config.reset_rate > 0.0 && rng.random_bool(config.reset_rate);
        FaultDecision::Proceed { reset_after }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_spec() {
        let config: FaultConfig = "latency=50ms, error_rate=0.1,reset_rate=0.05,rate_limit=100"
            .parse()
            .unwrap();
        assert_eq!(
            config,
            FaultConfig {
                latency_ms: 50,
                error_rate: 0.1,
                reset_rate: 0.05,
                rate_limit: Some(100)
            }
        );
        assert_eq!(
            "latency=2s".parse::<FaultConfig>().unwrap().latency_ms,
            2000
        );
        assert_eq!("".parse::<FaultConfig>().unwrap(), FaultConfig::default());
    }

    #[test]
    fn a_bad_spec_says_what_is_wrong_and_shows_an_example() {
        let message = "error_rate=2"
            .parse::<FaultConfig>()
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("between 0 and 1") && message.contains("Example"),
            "{message}"
        );
        assert!(
            "jitter=5"
                .parse::<FaultConfig>()
                .unwrap_err()
                .to_string()
                .contains("unknown fault")
        );
    }

    #[test]
    fn the_rate_limit_refuses_beyond_the_limit_within_a_second() {
        let faults = Faults::new(FaultConfig {
            rate_limit: Some(3),
            ..FaultConfig::default()
        });
        let decisions: Vec<_> = (0..5).map(|_| faults.decide()).collect();
        assert_eq!(
            decisions[..3],
            [FaultDecision::Proceed { reset_after: false }; 3]
        );
        assert_eq!(
            decisions[3],
            FaultDecision::RateLimited {
                retry_after_seconds: 1
            }
        );
    }

    #[test]
    fn an_error_rate_of_one_always_fails() {
        let faults = Faults::new(FaultConfig {
            error_rate: 1.0,
            ..FaultConfig::default()
        });
        assert!((0..20).all(|_| faults.decide() == FaultDecision::Fail503));
    }
}
