//! Tracing set up once per process: a daily rolling file in the app's log folder, the level
//! from `ECADMIN_LOG` (an `EnvFilter` directive such as `info` or `econnect_api=debug`).
//!
//! Secrets never reach a log line: they travel in a redacting type whose `Debug` prints
//! `<redacted>`, and entry points skip them in `#[instrument]`.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// The environment variable that sets the log filter.
pub const LOG_FILTER_VAR: &str = "ECADMIN_LOG";

const DEFAULT_FILTER: &str = "info";

/// Log lines queued for the writer thread before new ones are dropped. The writer only
/// appends to a file, so the queue stays short; tracing-appender's default (128,000) is a
/// slot array allocated up front, 4 MB resident in every process (`cargo xtask bench`).
const QUEUED_LINES_LIMIT: usize = 8_192;

#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error("cannot open the log folder {path}: {source}")]
    Folder {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("logging was already set up in this process")]
    AlreadyInitialised,
}

/// Starts logging to `<log_dir>/<file_prefix>.<date>.log`. Keep the returned guard alive for
/// the life of the process: dropping it flushes and stops the writer thread.
pub fn init_file_logging(log_dir: &Path, file_prefix: &str) -> Result<WorkerGuard, LoggingError> {
    std::fs::create_dir_all(log_dir).map_err(|source| LoggingError::Folder {
        path: log_dir.to_path_buf(),
        source,
    })?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix(file_prefix)
        .filename_suffix("log")
        .max_log_files(14)
        .build(log_dir)
        .map_err(|error| LoggingError::Folder {
            path: log_dir.to_path_buf(),
            source: std::io::Error::other(error),
        })?;
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(QUEUED_LINES_LIMIT)
        .finish(appender);
    tracing_subscriber::registry()
        .with(env_filter())
        .with(fmt::layer().with_writer(writer).with_ansi(false))
        .try_init()
        .map_err(|_| LoggingError::AlreadyInitialised)?;
    Ok(guard)
}

fn env_filter() -> EnvFilter {
    EnvFilter::try_from_env(LOG_FILTER_VAR).unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_events_to_a_file_in_the_log_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let guard = init_file_logging(tmp.path(), "test").unwrap();
        tracing::info!(answer = 42, "logging works");
        drop(guard);
        let files: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert_eq!(files.len(), 1, "expected one log file, found {files:?}");
        let content = std::fs::read_to_string(files[0].path()).unwrap();
        assert!(
            content.contains("logging works") && content.contains("answer=42"),
            "log: {content}"
        );
    }
}
