//! The client of **Platform Admin API v1**, shared by the desktop app and `ecadmin`.
//!
//! - Tokens (password or client-credentials grant) live in memory only, are renewed before
//!   they expire, and once more on a 401.
//! - Idempotent requests, and creates/actions that carry an `Idempotency-Key`, are retried
//!   with exponential backoff and jitter; a 429 pauses the client for `Retry-After`; a bare
//!   POST or PATCH is never sent twice.
//! - Problem details become [`ApiError::Problem`] with their stable code; a body that does
//!   not match the contract names the failing field.
//! - Plain `http://` is refused before anything is sent, unless the host is loopback.

// Plain parts.
mod endpoints;
mod error;
mod retry;
mod secret;
// The client, then what it does: sign in, send (the retry loop), the resources.
mod auth;
mod client;
mod resources;
mod transport;
// Many requests at once.
mod bulk;

pub use bulk::{BulkItem, BulkOptions, BulkOutcome, BulkProgress, run_bulk, run_bulk_keyed};
pub use client::{
    ApiClient, ClientOptions, Credentials, Versioned, http_client_builder, new_idempotency_key,
};
pub use endpoints::{Endpoints, checked_url};
pub use error::ApiError;
pub use resources::UserQuery;
pub use secret::Secret;
pub use tokio_util::sync::CancellationToken;
