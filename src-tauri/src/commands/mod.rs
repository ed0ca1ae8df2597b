//! The app's commands. Each converts its input, calls the core, converts the result.

pub mod app;
pub mod environments;
