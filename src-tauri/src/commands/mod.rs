//! The app's commands. Each converts its input, calls the core, converts the result.

pub mod app;
pub mod environments;
pub mod import;
pub mod many;
pub mod organisations;
pub mod session;
pub mod sync;
pub mod users;
