//! `cargo xtask package`: this OS's installers from a release build. On Linux the `.deb` and
//! the `.rpm` (Tauri's bundler), each with the app and its desktop entry and icons, `ecadmin`
//! on the PATH (`/usr/bin/ecadmin`), its manual page and its shell completions (bash, zsh,
//! fish), made from the release binary; then the package test on both. On Windows the NSIS
//! installer and the `.msi`, on macOS the `.dmg` (the CI workflow builds them there).
//! AppImage is left out: its tools are downloaded from outside crates.io, npm and PyPI when
//! it is built.
//!
//! The package test, without installing anything on this machine: the `.deb` unpacked into a
//! scratch root (`dpkg-deb -x`), `ecadmin --version` and `--help` run from there, the manual
//! page read from there with `man`, the completions and the desktop entry in place, the entry
//! valid (`desktop-file-validate`), the control fields checked (version, dependencies); the
//! `.rpm`'s file list, requirements and version read with `rpm -qpl`, `-qpR` and `-qp`.
//! Every installer must stay under the goal, 20 MB.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use serde_json::{Value, json};

use crate::prerequisites;
use crate::shell::{self, step};
use crate::tasks;

/// SPEC §6 and issue 19: each installer under this size.
const INSTALLER_GOAL_MB: f64 = 20.0;

/// Where the packages put what `ecadmin` brings, per package kind: (path in the package,
/// file under target/release/package-files).
const CLI_FILES_DEB: &[(&str, &str)] = &[
    ("/usr/bin/ecadmin", "ecadmin"),
    ("/usr/share/man/man1/ecadmin.1.gz", "ecadmin.1.gz"),
    (
        "/usr/share/bash-completion/completions/ecadmin",
        "ecadmin.bash",
    ),
    ("/usr/share/zsh/vendor-completions/_ecadmin", "_ecadmin"),
    (
        "/usr/share/fish/vendor_completions.d/ecadmin.fish",
        "ecadmin.fish",
    ),
];
/// Fedora and openSUSE look for zsh functions in site-functions.
const CLI_FILES_RPM: &[(&str, &str)] = &[
    ("/usr/bin/ecadmin", "ecadmin"),
    ("/usr/share/man/man1/ecadmin.1.gz", "ecadmin.1.gz"),
    (
        "/usr/share/bash-completion/completions/ecadmin",
        "ecadmin.bash",
    ),
    ("/usr/share/zsh/site-functions/_ecadmin", "_ecadmin"),
    (
        "/usr/share/fish/vendor_completions.d/ecadmin.fish",
        "ecadmin.fish",
    ),
];

/// `--updater`: with automatic updates (docs/RELEASING.md); needs the update key's public
/// half and the manifest's URL (`ECADMIN_UPDATER_PUBKEY`, `ECADMIN_UPDATER_ENDPOINT`) and,
/// for the bundler to sign the update archives, `TAURI_SIGNING_PRIVATE_KEY`.
pub fn package(args: &[String]) -> Result<()> {
    let updater = match args {
        [] => None,
        [flag] if flag == "--updater" => Some(updater_config()?),
        _ => bail!("usage: cargo xtask package [--updater]"),
    };
    prerequisites::ensure_system_packages()?;
    prerequisites::ensure_npm_packages()?;
    tasks::build_ui()?;
    let root = shell::repo_root();
    let mut build = shell::cargo();
    build.args([
        "build",
        "--release",
        "--package",
        "econnect-admin",
        "--package",
        "econnect-cli",
    ]);
    if let Some(config) = &updater {
        // The app's build reads the updater's configuration from TAURI_CONFIG.
        build
            .args(["--features", "econnect-admin/updater"])
            .env("TAURI_CONFIG", config.to_string());
    }
    step("release build: the app and ecadmin", &mut build)?;
    // This OS's installers; the package test is Linux's (where CI's test job runs too).
    let kinds: &[&str] = if cfg!(target_os = "windows") {
        &["nsis", "msi"]
    } else if cfg!(target_os = "macos") {
        &["dmg"]
    } else {
        &["deb", "rpm"]
    };
    let packages = bundle(&root, kinds, updater.as_ref())?;
    if cfg!(target_os = "linux") {
        test_deb(&packages[0])?;
        test_rpm(&packages[1])?;
    }
    eprintln!();
    for path in &packages {
        let mb = size_mb(path)?;
        eprintln!(
            "{}: {mb:.1} MB (goal < {INSTALLER_GOAL_MB} MB)",
            path.strip_prefix(&root).unwrap_or(path).display()
        );
        ensure!(
            mb < INSTALLER_GOAL_MB,
            "{} is {mb:.1} MB, over the goal of {INSTALLER_GOAL_MB} MB",
            path.display()
        );
    }
    Ok(())
}

/// The package's size in MB.
pub fn size_mb(path: &Path) -> Result<f64> {
    Ok(std::fs::metadata(path)
        .with_context(|| format!("no package at {}", path.display()))?
        .len() as f64
        / 1_048_576.0)
}

/// The updater's build configuration, from the environment (docs/RELEASING.md).
fn updater_config() -> Result<Value> {
    let variable = |name: &str| -> Result<String> {
        std::env::var(name)
            .ok()
            .filter(|value| !value.trim().is_empty())
            .with_context(|| format!("--updater needs {name} (see docs/RELEASING.md)"))
    };
    let pubkey = variable("ECADMIN_UPDATER_PUBKEY")?;
    let endpoint = variable("ECADMIN_UPDATER_ENDPOINT")?;
    ensure!(
        endpoint.starts_with("https://"),
        "ECADMIN_UPDATER_ENDPOINT must be an https:// URL"
    );
    variable("TAURI_SIGNING_PRIVATE_KEY")?;
    Ok(json!({
        "bundle": { "createUpdaterArtifacts": true },
        "plugins": { "updater": { "pubkey": pubkey, "endpoints": [endpoint] } },
    }))
}

/// Where the bundler puts a kind of installer: its folder under target/release/bundle and
/// the installer's file extension.
fn bundle_place(kind: &str) -> (&str, &str) {
    match kind {
        "nsis" => ("nsis", "exe"),
        other => (other, other),
    }
}

/// Bundles the release app (and on Linux `ecadmin`; both built before) as the given kinds
/// (`deb`, `rpm`, `nsis`, `msi`, `dmg`); returns the installers in that order. The bundler
/// reads `src-tauri/tauri.conf.json`, written here from the repository's `tauri.conf.json`
/// with the paths made relative to `src-tauri/`, the Linux packages' own settings (files,
/// dependencies) and, with `updater`, the updater's.
pub fn bundle(root: &Path, kinds: &[&str], updater: Option<&Value>) -> Result<Vec<PathBuf>> {
    let mut config: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("tauri.conf.json"))?)?;
    config["build"]["frontendDist"] = "../ui/dist".into();
    if let Some(icons) = config["bundle"]["icon"].as_array_mut() {
        for icon in icons {
            *icon = format!("../{}", icon.as_str().unwrap_or_default()).into();
        }
    }
    if let Some(object) = config.as_object_mut() {
        object.remove("$schema");
    }
    if cfg!(target_os = "linux") {
        config["bundle"]["linux"] = linux_settings(&cli_files(root)?);
    }
    if let Some(updater) = updater {
        config["bundle"]["createUpdaterArtifacts"] = true.into();
        config["plugins"] = updater["plugins"].clone();
    }
    std::fs::write(
        root.join("src-tauri/tauri.conf.json"),
        serde_json::to_string_pretty(&config)?,
    )?;
    let bundle_dir = root.join("target/release/bundle");
    for kind in kinds {
        let _ = std::fs::remove_dir_all(bundle_dir.join(bundle_place(kind).0));
    }
    step(
        &format!("the installers: {} (tauri bundle)", kinds.join(", ")),
        shell::command(&root.join("node_modules/.bin/tauri").to_string_lossy())
            .current_dir(root.join("src-tauri"))
            .args(["bundle", "--bundles", &kinds.join(","), "--ci"]),
    )?;
    kinds
        .iter()
        .map(|kind| {
            let (folder, extension) = bundle_place(kind);
            let dir = bundle_dir.join(folder);
            std::fs::read_dir(&dir)
                .with_context(|| format!("no bundle in {}", dir.display()))?
                .flatten()
                .map(|entry| entry.path())
                .find(|path| path.extension().is_some_and(|ext| ext == extension))
                .with_context(|| format!("no .{extension} in {}", dir.display()))
        })
        .collect()
}

/// The `.deb`'s and the `.rpm`'s own settings: what `ecadmin` brings (`files`, the folder
/// `cli_files` made) and the dependencies the bundler does not add itself.
fn linux_settings(files: &Path) -> Value {
    let mapped = |paths: &[(&str, &str)]| -> Value {
        paths
            .iter()
            .map(|(inside, name)| {
                (
                    (*inside).to_owned(),
                    files.join(name).display().to_string().into(),
                )
            })
            .collect::<serde_json::Map<String, Value>>()
            .into()
    };
    json!({
        "deb": {
            "section": "utils",
            "files": mapped(CLI_FILES_DEB),
            // The keychain is the Secret Service, over D-Bus: GNOME Keyring, KWallet or
            // KeePassXC provide it. WebKitGTK 4.1 and GTK 3 the bundler adds itself.
            "recommends": ["gnome-keyring | kwalletmanager | keepassxc", "man-db"],
        },
        "rpm": {
            "files": mapped(CLI_FILES_RPM),
            "recommends": ["gnome-keyring"],
        },
    })
}

/// `ecadmin`, its manual page (gzipped, as Debian and Fedora ship them) and completions, into
/// target/release/package-files; returns that folder.
fn cli_files(root: &Path) -> Result<PathBuf> {
    let ecadmin = root.join("target/release/ecadmin");
    ensure!(ecadmin.is_file(), "{} is not built", ecadmin.display());
    let dir = root.join("target/release/package-files");
    std::fs::create_dir_all(&dir)?;
    std::fs::copy(&ecadmin, dir.join("ecadmin"))?;
    let page = output_of(Command::new(&ecadmin).arg("man"), "ecadmin man")?;
    // -n: no name or time in the header, so that the same page gives the same file.
    let mut gzip = Command::new("gzip");
    gzip.args(["-9", "-n", "-c"]);
    std::fs::write(
        dir.join("ecadmin.1.gz"),
        output_with_input(&mut gzip, &page, "gzip")?,
    )?;
    for (shell, name) in [
        ("bash", "ecadmin.bash"),
        ("zsh", "_ecadmin"),
        ("fish", "ecadmin.fish"),
    ] {
        let script = output_of(Command::new(&ecadmin).args(["completions", shell]), shell)?;
        std::fs::write(dir.join(name), script)?;
    }
    Ok(dir)
}

/// The `.deb` unpacked into a scratch root, and what an administrator would try there.
fn test_deb(deb: &Path) -> Result<()> {
    eprintln!("\n==> package test: {}", deb.display());
    let scratch = tempfile::tempdir()?;
    let root = scratch.path();
    step(
        "dpkg-deb -x (into a scratch root)",
        Command::new("dpkg-deb").arg("-x").arg(deb).arg(root),
    )?;
    let ecadmin = root.join("usr/bin/ecadmin");
    let version = text(&output_of(
        Command::new(&ecadmin).arg("--version"),
        "ecadmin --version",
    )?);
    let workspace_version = env!("CARGO_PKG_VERSION");
    ensure!(
        version.starts_with(&format!("ecadmin {workspace_version} (commit ")),
        "ecadmin --version from the package: {version}"
    );
    let help = text(&output_of(
        Command::new(&ecadmin).arg("--help"),
        "ecadmin --help",
    )?);
    ensure!(
        help.contains("invite") && help.contains("offboard"),
        "ecadmin --help: {help}"
    );
    // `man ecadmin` against the package's manual folder, as it reads once installed.
    let page = text(&output_of(
        Command::new("man")
            .arg("--manpath")
            .arg(root.join("usr/share/man"))
            .args(["-P", "cat", "ecadmin"])
            .env("MANWIDTH", "100"),
        "man ecadmin",
    )?);
    ensure!(
        page.contains("ecadmin") && page.contains("invite"),
        "man ecadmin: {page}"
    );
    for inside in CLI_FILES_DEB.iter().map(|(inside, _)| inside) {
        ensure!(root.join(&inside[1..]).is_file(), "the .deb lacks {inside}");
    }
    let desktop = std::fs::read_dir(root.join("usr/share/applications"))
        .context("the .deb has no desktop entry")?
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "desktop"))
        .context("the .deb has no .desktop file")?;
    step(
        "desktop-file-validate",
        Command::new("desktop-file-validate").arg(&desktop),
    )?;
    ensure!(
        root.join("usr/share/icons/hicolor/128x128/apps").is_dir(),
        "the .deb has no icons"
    );
    let control = text(&output_of(
        Command::new("dpkg-deb").arg("-f").arg(deb),
        "dpkg-deb -f",
    )?);
    for wanted in [
        format!("Version: {workspace_version}"),
        "libwebkit2gtk-4.1-0".to_owned(),
        "gnome-keyring".to_owned(),
        "Homepage: https://".to_owned(),
        "ecadmin".to_owned(),
    ] {
        ensure!(
            control.contains(&wanted),
            "the .deb's control lacks {wanted}:\n{control}"
        );
    }
    eprintln!("ok: {version}, man page, completions, desktop entry, control fields");
    Ok(())
}

/// The `.rpm`'s files and requirements, read without installing it.
fn test_rpm(rpm: &Path) -> Result<()> {
    eprintln!("\n==> package test: {}", rpm.display());
    let files = text(&output_of(
        Command::new("rpm").arg("-qpl").arg(rpm),
        "rpm -qpl",
    )?);
    for inside in CLI_FILES_RPM.iter().map(|(inside, _)| *inside).chain([
        "/usr/bin/econnect-admin",
        "/usr/share/applications/eConnect Admin.desktop",
    ]) {
        ensure!(
            files.lines().any(|line| line.trim() == inside),
            "the .rpm lacks {inside}:\n{files}"
        );
    }
    let requires = text(&output_of(
        Command::new("rpm").arg("-qpR").arg(rpm),
        "rpm -qpR",
    )?);
    ensure!(
        requires.contains("webkit2gtk4.1") || requires.contains("libwebkit2gtk-4.1"),
        "the .rpm does not require WebKitGTK 4.1:\n{requires}"
    );
    let version = text(&output_of(
        Command::new("rpm")
            .args(["-qp", "--queryformat", "%{VERSION}"])
            .arg(rpm),
        "rpm -qp",
    )?);
    if version != env!("CARGO_PKG_VERSION") {
        bail!("the .rpm's version is {version}, not the workspace's");
    }
    eprintln!(
        "ok: {} files, requires WebKitGTK 4.1",
        files.lines().count()
    );
    Ok(())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_owned()
}

fn output_of(command: &mut Command, what: &str) -> Result<Vec<u8>> {
    let output = command
        .output()
        .with_context(|| format!("{what}: cannot start"))?;
    ensure!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(output.stdout)
}

fn output_with_input(command: &mut Command, input: &[u8], what: &str) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("{what}: cannot start"))?;
    child.stdin.take().context("no stdin")?.write_all(input)?;
    let output = child.wait_with_output()?;
    ensure!(output.status.success(), "{what} failed");
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_packages_put_ecadmin_its_page_and_every_completion_in_place() {
        let settings = linux_settings(Path::new("/build/package-files"));
        for kind in ["deb", "rpm"] {
            let files = settings[kind]["files"].as_object().unwrap();
            assert_eq!(
                files["/usr/bin/ecadmin"], "/build/package-files/ecadmin",
                "{kind}"
            );
            assert!(
                files.contains_key("/usr/share/man/man1/ecadmin.1.gz"),
                "{kind}"
            );
            for shell in ["bash-completion", "zsh", "fish"] {
                assert!(
                    files.keys().any(|path| path.contains(shell)),
                    "{kind} lacks {shell} completions"
                );
            }
        }
        assert!(
            settings["deb"]["recommends"][0]
                .as_str()
                .unwrap()
                .contains("gnome-keyring")
        );
    }

    #[test]
    fn each_kind_of_installer_is_looked_for_where_the_bundler_puts_it() {
        assert_eq!(bundle_place("deb"), ("deb", "deb"));
        assert_eq!(bundle_place("nsis"), ("nsis", "exe"));
        assert_eq!(bundle_place("msi"), ("msi", "msi"));
        assert_eq!(bundle_place("dmg"), ("dmg", "dmg"));
    }
}
