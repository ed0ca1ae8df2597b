//! The commit a build was made from, for `ecadmin --version` and the app's About. Called by
//! the build scripts of the app and the command line: it sets `ECADMIN_COMMIT` for the crate
//! being built, read there with `env!("ECADMIN_COMMIT")`.
//!
//! The commit is the `ECADMIN_COMMIT` variable when the build has one (a build from a source
//! archive, which has no Git history), else `git rev-parse --short=12 HEAD`, else
//! `unknown`. The build script runs again when HEAD moves.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Sets `ECADMIN_COMMIT` for the crate whose build script calls this.
pub fn emit_commit() {
    println!("cargo:rerun-if-env-changed=ECADMIN_COMMIT");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    if let Some(git_dir) = git_dir(&manifest_dir) {
        for watched in ["HEAD", "packed-refs"] {
            println!("cargo:rerun-if-changed={}", git_dir.join(watched).display());
        }
        if let Some(reference) = head_reference(&git_dir) {
            println!(
                "cargo:rerun-if-changed={}",
                git_dir.join(reference).display()
            );
        }
    }
    let commit = std::env::var("ECADMIN_COMMIT")
        .ok()
        .filter(|commit| !commit.trim().is_empty())
        .or_else(|| git_commit(&manifest_dir))
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=ECADMIN_COMMIT={}", commit.trim());
}

/// The `.git` folder of the checkout `dir` is in.
fn git_dir(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|ancestor| ancestor.join(".git"))
        .find(|candidate| candidate.is_dir())
}

/// The branch HEAD points at (`refs/heads/main`), when it points at one.
fn head_reference(git_dir: &Path) -> Option<String> {
    let head = std::fs::read_to_string(git_dir.join("HEAD")).ok()?;
    head.strip_prefix("ref: ")
        .map(|reference| reference.trim().to_owned())
}

fn git_commit(dir: &Path) -> Option<String> {
    let output = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(dir)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .filter(|commit| !commit.is_empty())
}
