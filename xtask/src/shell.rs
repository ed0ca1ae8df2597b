//! Running commands from the repository root, loudly.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// The repository root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The cargo that runs this xtask (so that rustup's choice of toolchain holds).
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(repo_root());
    command
}

pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(repo_root());
    command
}

/// Runs one named step and fails with its name when it fails.
pub fn step(name: &str, command: &mut Command) -> Result<()> {
    eprintln!("\n==> {name}");
    let started = Instant::now();
    let status = command
        .status()
        .with_context(|| format!("{name}: cannot start {:?}", command.get_program()))?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        bail!("step `{name}` failed ({status}) after {seconds:.1} s");
    }
    eprintln!("<== {name}: ok in {seconds:.1} s");
    Ok(())
}

/// True when `program` is on PATH.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}
