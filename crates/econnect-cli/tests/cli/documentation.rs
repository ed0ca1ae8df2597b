//! What the packages take from the command line itself: the version line, the shell
//! completions and the manual page.

use std::process::{Command, Output};

/// `ecadmin` with a home of its own, so that what it would write shows up there.
fn ecadmin(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ecadmin"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .unwrap()
}

fn stdout_of(output: &Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn the_version_is_the_workspace_version_and_the_commit_it_was_built_from() {
    let home = tempfile::tempdir().unwrap();
    let line = stdout_of(&ecadmin(home.path(), &["--version"]), "--version");
    let prefix = format!("ecadmin {} (commit ", env!("CARGO_PKG_VERSION"));
    let commit = line
        .trim()
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("not `{prefix}…)`: {line}"));
    assert!(
        commit == "unknown"
            || (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "the commit: {commit}"
    );
}

#[test]
fn completions_for_bash_zsh_and_fish_know_every_subcommand() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(&ecadmin(home.path(), &["completions", shell]), shell);
        for subcommand in ["invite", "import", "offboard", "people", "completions"] {
            assert!(
                script.contains(subcommand),
                "{shell} completions lack {subcommand}"
            );
        }
    }
    let unknown = ecadmin(home.path(), &["completions", "tcsh"]);
    assert_eq!(
        unknown.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_manual_page_is_roff_and_lists_the_subcommands() {
    let home = tempfile::tempdir().unwrap();
    let page = stdout_of(&ecadmin(home.path(), &["man"]), "man");
    assert!(
        page.contains(".TH ecadmin 1"),
        "a section-1 page: {}",
        &page[..page.len().min(200)]
    );
    for subcommand in ["invite", "offboard", "report"] {
        assert!(page.contains(subcommand), "the page lacks {subcommand}");
    }
}

#[test]
fn printing_the_documentation_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    stdout_of(
        &ecadmin(home.path(), &["completions", "bash"]),
        "completions",
    );
    stdout_of(&ecadmin(home.path(), &["man"]), "man");
    let written: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .collect();
    assert!(
        written.is_empty(),
        "a package build must not get folders or logs: {written:?}"
    );
}
