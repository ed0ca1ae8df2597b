//! Installs what a fresh machine is missing, so that `cargo xtask run|test` needs nothing by
//! hand: the Debian packages Tauri and the tests need, the npm packages, and tauri-driver.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::shell::{self, step};

/// Debian packages: WebKitGTK and GTK for Tauri, the WebDriver and Xvfb for the end-to-end
/// tests (imagemagick takes their screenshots), gnome-keyring and D-Bus for the real Secret
/// Service keychain.
const DEBIAN_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "webkit2gtk-driver",
    "xvfb",
    "gnome-keyring",
    "dbus-x11",
    "libsecret-tools",
    "imagemagick",
    "curl",
    // the benchmark builds a bare WebKitGTK window (tests/e2e/bare-webview.c) to compare with
    "gcc",
    "pkgconf",
    // the package test: rpm reads the .rpm, desktop-file-validate the desktop entry, man
    // the manual page
    "rpm",
    "desktop-file-utils",
    "man-db",
];

/// The tauri-driver release the end-to-end harness is verified with.
const TAURI_DRIVER_VERSION: &str = "2.1.0";

pub fn ensure_system_packages() -> Result<()> {
    if !cfg!(target_os = "linux") || !shell::on_path("dpkg-query") {
        eprintln!(
            "(not a Debian-like Linux: install Tauri's prerequisites for this OS yourself, see README.md)"
        );
        return Ok(());
    }
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .copied()
        .filter(|package| !debian_package_installed(package))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !running_as_root() {
        bail!(
            "these Debian packages are missing: {list}\ninstall them with: sudo apt-get install -y {list}",
            list = missing.join(" ")
        );
    }
    step(
        "apt-get update",
        shell::command("apt-get")
            .args(["update", "-qq"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    step(
        &format!("apt-get install {}", missing.join(" ")),
        shell::command("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn debian_package_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Status}", package])
        .output()
        .map(|output| output.status.success() && output.stdout == b"installed")
        .unwrap_or(false)
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|output| output.stdout.trim_ascii() == b"0")
        .unwrap_or(false)
}

/// `npm ci` when node_modules is missing or older than the lockfile.
pub fn ensure_npm_packages() -> Result<()> {
    if !shell::on_path("npm") {
        bail!(
            "Node.js 20.19 or newer with npm is needed to build the UI; install it from https://nodejs.org or your OS's packages"
        );
    }
    let root = shell::repo_root();
    let installed_marker = root.join("node_modules/.package-lock.json");
    let lockfile = root.join("package-lock.json");
    let fresh = match (modified(&installed_marker), modified(&lockfile)) {
        (Some(installed), Some(locked)) => installed >= locked,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    step(
        "npm ci",
        shell::command("npm").args(["ci", "--no-audit", "--no-fund"]),
    )
}

fn modified(path: &std::path::Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path)
        .and_then(|meta| meta.modified())
        .ok()
}

/// tauri-driver, installed from crates.io into target/tools (not into the user's cargo).
pub fn ensure_tauri_driver() -> Result<PathBuf> {
    let tools_root = shell::repo_root().join("target/tools");
    let binary = tools_root.join("bin/tauri-driver");
    if binary.is_file() {
        return Ok(binary);
    }
    step(
        &format!("cargo install tauri-driver@{TAURI_DRIVER_VERSION}"),
        shell::cargo()
            .args([
                "install",
                "tauri-driver",
                "--locked",
                // a proxy between the harness and WebKitWebDriver: unoptimised builds in a
                // third of the time and is as fast as it needs to be
                "--debug",
                "--version",
                TAURI_DRIVER_VERSION,
                "--root",
            ])
            .arg(&tools_root),
    )
    .context("installing tauri-driver for the end-to-end tests")?;
    Ok(binary)
}

/// The sqlx-cli release matching the sqlx the store uses.
const SQLX_CLI_VERSION: &str = "0.9.0";

/// sqlx-cli (for `cargo sqlx prepare --check`), installed from crates.io into target/tools,
/// SQLite only. Returns the folder to put on PATH.
pub fn ensure_sqlx_cli() -> Result<PathBuf> {
    let tools_root = shell::repo_root().join("target/tools");
    let bin = tools_root.join("bin");
    if bin.join("cargo-sqlx").is_file() && bin.join("sqlx").is_file() {
        return Ok(bin);
    }
    step(
        &format!("cargo install sqlx-cli@{SQLX_CLI_VERSION}"),
        shell::cargo()
            .args(["install", "sqlx-cli", "--version", SQLX_CLI_VERSION])
            .args(["--no-default-features", "--features", "sqlite", "--root"])
            .arg(&tools_root),
    )
    .context("installing sqlx-cli for the checked-queries check")?;
    Ok(bin)
}
