//! The API client against the real sandbox on a loopback port: tokens, retries under
//! injected faults, error mapping, the bulk path.

// Test helpers panic with the failing value on purpose.
#![allow(clippy::unwrap_used)]

mod support;

mod bulk;
mod errors;
mod redirects;
mod reliability;
mod tokens;
