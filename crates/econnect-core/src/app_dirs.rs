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
    pub fn create_all(&self) -> Result<(), AppDirsError> {
        for path in [&self.config_dir, &self.data_dir, &self.log_dir] {
            std::fs::create_dir_all(path).map_err(|source| AppDirsError::Create {
                path: path.clone(),
                source,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
