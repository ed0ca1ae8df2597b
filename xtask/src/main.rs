//! `cargo xtask <task>`: the project's commands.
//!
//! - `run`       install what is missing, build the UI and the app, open the app
//! - `test`      install what is missing, then every check CI runs
//! - `e2e`       only the end-to-end suite (the real window through WebDriver)
//! - `bindings`  regenerate the UI's typed IPC bindings from the Rust commands
//! - `openapi`   regenerate the API contract (crates/econnect-sandbox/openapi.json)
//! - `sqlx-prepare`  regenerate .sqlx/ after changing a checked query
//! - `bench`     measure SPEC §6 and write target/bench/results.json
//! - `package`   the .deb and .rpm (app, ecadmin, man page, completions), then the package test
//!
//! Each task prints the steps it runs, so a failure names the step that failed.

mod bench;
mod conformance;
mod keyring_session;
mod package;
mod prerequisites;
mod shell;
mod tasks;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  run        install what is missing, build the UI and the app, and open the app
  test       install what is missing, then run every check (what CI runs)
  e2e        build the app and run only the end-to-end suite
  bindings   regenerate ui/src/lib/ipc/bindings.ts from the Rust commands
  openapi    regenerate crates/econnect-sandbox/openapi.json from the sandbox's code
  conformance  fuzz the running sandbox against its OpenAPI document (schemathesis)
  sqlx-prepare regenerate .sqlx/ (the offline data of the store's checked queries)
  bench      measure SPEC §6 (sync, search, bulk, start-up, memory, installer) into
             target/bench/results.json
  package    this OS's installers: on Linux the .deb and .rpm (the app, ecadmin, its man
             page and completions), then the package test on both; --updater builds
             in automatic updates (docs/RELEASING.md)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => tasks::run(&args[1..]),
        Some("test") => tasks::test(),
        Some("e2e") => tasks::e2e(),
        Some("bindings") => tasks::bindings(),
        Some("openapi") => tasks::openapi(),
        Some("conformance") => tasks::conformance(),
        Some("sqlx-prepare") => tasks::sqlx_prepare(),
        Some("bench") => bench::bench(),
        Some("package") => package::package(&args[1..]),
        Some("-h" | "--help" | "help") => {
            eprint!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprint!("unknown task `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask failed: {error:#}");
            ExitCode::FAILURE
        }
    }
}
