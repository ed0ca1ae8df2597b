//! Where the app keeps its configuration, cached data and logs.
//!
//! The desktop app and `ecadmin` use the same folders, so an environment saved in one is
//! visible in the other. `ECADMIN_HOME`, when set, puts all three under one folder (tests and
//! portable installs use it).

use std::path::{Path, PathBuf};

use crate::APP_IDENTIFIER;

/// The three folders of the app. None of them ever holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppDirs {
    /// Saved environments and preferences (no secrets: those live in the OS keychain).
    pub config_dir: PathBuf,
    /// The offline cache, one SQLite database per saved environment; disposable.
    pub data_dir: PathBuf,
    /// Rolling log files.
    pub log_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum AppDirsError {
    #[error("cannot find the home folder of this user; set ECADMIN_HOME to a writable folder")]
    NoHome,
    #[error("cannot create the folder {path}: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl AppDirs {
    /// The folders of this OS user: `ECADMIN_HOME` if set, else the platform's conventions
    /// (XDG on Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
    pub fn for_current_user() -> Result<Self, AppDirsError> {
        if let Some(home) = std::env::var_os("ECADMIN_HOME").filter(|value| !value.is_empty()) {
            return Ok(Self::under(Path::new(&home)));
        }
        Self::platform()
    }

    /// The platform's folders for this user, whatever `ECADMIN_HOME` says.
    fn platform() -> Result<Self, AppDirsError> {
        let config_base = dirs::config_dir().ok_or(AppDirsError::NoHome)?;
        let data_base = dirs::data_local_dir().ok_or(AppDirsError::NoHome)?;
        let data_dir = data_base.join(APP_IDENTIFIER);
        Ok(Self {
            config_dir: config_base.join(APP_IDENTIFIER),
            log_dir: data_dir.join("logs"),
            data_dir,
        })
    }

    /// All three folders under one root.
    pub fn under(root: &Path) -> Self {
        Self {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
            log_dir: root.join("logs"),
        }
    }

    /// Creates the folders that do not exist yet.
    /// Creates the three folders, readable by this user alone (0700 on Unix; what is in
    /// them already — from an older version — is made 0700/0600 too).
    pub fn create_all(&self) -> Result<(), AppDirsError> {
        for path in [&self.config_dir, &self.data_dir, &self.log_dir] {
            std::fs::create_dir_all(path).map_err(|source| AppDirsError::Create {
                path: path.clone(),
                source,
            })?;
            make_private(path).map_err(|source| AppDirsError::Create {
                path: path.clone(),
                source,
            })?;
        }
        Ok(())
    }
}

/// Makes every file the process creates from now on readable by this user alone (umask
/// 077: files 0600, folders 0700): the config, the caches (SQLite creates its files itself),
/// the logs and the Local sandbox's data, which holds its secrets in plain text. Unix only:
/// on Windows the app's folders are in the user's profile, which only they can read (the
/// profile's ACL), so there is no file mode to set.
#[cfg(unix)]
pub fn keep_new_files_private() {
    #[allow(unsafe_code)]
    // SAFETY: umask(2) only sets the process's file-mode creation mask; it takes a plain
    // integer, touches no memory and cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

#[cfg(not(unix))]
pub fn keep_new_files_private() {}

/// 0700 for `path` and the folders below it, 0600 for the files (Unix only), walking only
/// folders that are not 0700 yet.
#[cfg(unix)]
fn make_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = std::fs::symlink_metadata(path)?;
    if metadata.file_type().is_symlink() {
        return Ok(());
    }
    if metadata.is_dir() {
        // A folder that is 0700 already was made so by this version, and what is in it was
        // written under umask 077: only a folder from an older version is walked (once), so
        // that start-up does not visit every cached file and email each time.
        if metadata.permissions().mode() & 0o777 == 0o700 {
            return Ok(());
        }
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
        for entry in std::fs::read_dir(path)? {
            make_private(&entry?.path())?;
        }
    } else if metadata.permissions().mode() & 0o077 != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_folders_and_what_is_in_them_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let app_dirs = AppDirs::under(root.path());
        std::fs::create_dir_all(&app_dirs.config_dir).unwrap();
        let old = app_dirs.config_dir.join("environments.json");
        std::fs::write(&old, "[]").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&app_dirs.config_dir, std::fs::Permissions::from_mode(0o755))
            .unwrap();
        app_dirs.create_all().unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        for dir in [&app_dirs.config_dir, &app_dirs.data_dir, &app_dirs.log_dir] {
            assert_eq!(mode(dir), 0o700, "{dir:?}");
        }
        assert_eq!(mode(&old), 0o600, "a file from an older version");
    }

    /// The base folders as this OS names them for the user running the test.
    fn from_env(name: &str) -> PathBuf {
        PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} is not set")))
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_the_folders_follow_xdg() {
        let home = from_env("HOME");
        let xdg = |name: &str, fallback: &str| {
            std::env::var_os(name)
                .map(PathBuf::from)
                .filter(|path| path.is_absolute())
                .unwrap_or_else(|| home.join(fallback))
        };
        let dirs = AppDirs::platform().unwrap();
        assert_eq!(
            dirs.config_dir,
            xdg("XDG_CONFIG_HOME", ".config").join(APP_IDENTIFIER)
        );
        assert_eq!(
            dirs.data_dir,
            xdg("XDG_DATA_HOME", ".local/share").join(APP_IDENTIFIER)
        );
        assert_eq!(dirs.log_dir, dirs.data_dir.join("logs"));
    }

    #[cfg(target_os = "macos")]
    #[test]
    fn on_macos_the_folders_are_in_application_support() {
        let support = from_env("HOME")
            .join("Library/Application Support")
            .join(APP_IDENTIFIER);
        let dirs = AppDirs::platform().unwrap();
        assert_eq!(dirs.config_dir, support);
        assert_eq!(dirs.data_dir, support);
        assert_eq!(dirs.log_dir, support.join("logs"));
    }

    #[cfg(target_os = "windows")]
    #[test]
    fn on_windows_the_config_roams_and_the_cache_stays_local() {
        let dirs = AppDirs::platform().unwrap();
        assert_eq!(dirs.config_dir, from_env("APPDATA").join(APP_IDENTIFIER));
        assert_eq!(dirs.data_dir, from_env("LOCALAPPDATA").join(APP_IDENTIFIER));
        assert_eq!(dirs.log_dir, dirs.data_dir.join("logs"));
    }

    #[test]
    fn under_puts_every_folder_below_the_root() {
        let root = Path::new("/tmp/ecadmin-root");
        let app_dirs = AppDirs::under(root);
        for dir in [&app_dirs.config_dir, &app_dirs.data_dir, &app_dirs.log_dir] {
            assert!(dir.starts_with(root), "{dir:?} is not below {root:?}");
        }
        assert_ne!(app_dirs.config_dir, app_dirs.data_dir);
    }

    #[test]
    fn create_all_makes_the_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let app_dirs = AppDirs::under(&tmp.path().join("nested"));
        app_dirs.create_all().unwrap();
        assert!(app_dirs.log_dir.is_dir(), "log folder was not created");
        assert!(
            app_dirs.config_dir.is_dir(),
            "config folder was not created"
        );
    }
}
