// Test helpers panic with the failing value on purpose.
#![allow(clippy::unwrap_used)]

//! Integration tests of the sandbox platform: the real server on a loopback port, a real
//! SQLite file, real HTTP. One module per area of SPEC §2 and the API contract.

mod support;

mod activation;
mod authorization;
mod binary;
mod changes_and_audit;
mod faults;
mod identity;
mod invitations;
mod organisations;
mod practice;
mod smtp;
mod users;
