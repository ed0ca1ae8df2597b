//! Saved environments: where each platform lives and who signs in, in the app's config
//! folder (`environments.json`). Never a secret here: those are in the keychain.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What kind of platform an environment is; the app colours it so that nobody changes
/// production by mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EnvironmentKind {
    Production,
    Acceptance,
    LocalSandbox,
    Custom,
}

impl std::str::FromStr for EnvironmentKind {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "production" => Ok(Self::Production),
            "acceptance" => Ok(Self::Acceptance),
            "local-sandbox" => Ok(Self::LocalSandbox),
            "custom" => Ok(Self::Custom),
            other => Err(format!(
                "`{other}` is not an environment kind; use production, acceptance, local-sandbox or custom"
            )),
        }
    }
}

impl EnvironmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Production => "production",
            Self::Acceptance => "acceptance",
            Self::LocalSandbox => "local-sandbox",
            Self::Custom => "custom",
        }
    }
}

/// One saved environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedEnvironment {
    pub name: String,
    pub kind: EnvironmentKind,
    pub api_url: String,
    pub identity_url: String,
    pub client_id: String,
    /// The email address to sign in with (password grant); absent for client credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The platform's id of this environment, once known (a discovery or a sign-in says
    /// it): how a saved environment is recognised when discovered again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_id: Option<String>,
    /// The environment's name on the platform, once known (shown next to `name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// Found through another saved environment: that one's keychain entry signs in here
    /// too (one credential, a token per environment), for `environment_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signs_in_with: Option<String>,
}

impl SavedEnvironment {
    /// The saved environment whose keychain entry holds this one's secrets.
    pub fn credentials_name(&self) -> &str {
        self.signs_in_with.as_deref().unwrap_or(&self.name)
    }
}

/// A known platform's URLs, overridable for when eConnect moves them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    pub kind: EnvironmentKind,
    pub label: &'static str,
    pub api_url: String,
    pub identity_url: String,
}

/// eConnect Acceptance and Production. `ECADMIN_ACCEPTANCE_API_URL`,
/// `ECADMIN_ACCEPTANCE_IDENTITY_URL`, `ECADMIN_PRODUCTION_API_URL` and
/// `ECADMIN_PRODUCTION_IDENTITY_URL` override the URLs.
pub fn presets() -> Vec<Preset> {
    let url = |var: &str, default: &str| {
        std::env::var(var)
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| default.to_owned())
    };
    vec![
        Preset {
            kind: EnvironmentKind::Acceptance,
            label: "eConnect Acceptance",
            api_url: url("ECADMIN_ACCEPTANCE_API_URL", "https://acc-api.econnect.eu"),
            identity_url: url(
                "ECADMIN_ACCEPTANCE_IDENTITY_URL",
                "https://acc-identity.econnect.eu",
            ),
        },
        Preset {
            kind: EnvironmentKind::Production,
            label: "eConnect Production",
            api_url: url("ECADMIN_PRODUCTION_API_URL", "https://api.econnect.eu"),
            identity_url: url(
                "ECADMIN_PRODUCTION_IDENTITY_URL",
                "https://identity.econnect.eu",
            ),
        },
    ]
}

#[derive(Debug, thiserror::Error)]
pub enum EnvironmentError {
    #[error("no saved environment is called `{name}`; saved: {known}")]
    NotFound { name: String, known: String },
    #[error("an environment called `{0}` is saved already; remove it first or pick another name")]
    Exists(String),
    #[error("`{0}` is not a usable name: use 1 to 64 letters, digits, dots, dashes or underscores")]
    BadName(String),
    #[error(transparent)]
    Url(#[from] econnect_api::ApiError),
    #[error(
        "`{name}` signs in for {dependants} too (they use its credentials); remove those first"
    )]
    InUse { name: String, dependants: String },
    #[error("cannot read or write {path}: {reason}")]
    File { path: PathBuf, reason: String },
}

/// The saved environments of this OS user.
#[derive(Debug, Clone)]
pub struct EnvironmentStore {
    path: PathBuf,
}

impl EnvironmentStore {
    pub const FILE_NAME: &'static str = "environments.json";

    pub fn in_config_dir(config_dir: &Path) -> Self {
        Self {
            path: config_dir.join(Self::FILE_NAME),
        }
    }

    pub fn list(&self) -> Result<Vec<SavedEnvironment>, EnvironmentError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(self.file_error(error)),
        };
        serde_json::from_str(&text).map_err(|error| EnvironmentError::File {
            path: self.path.clone(),
            reason: format!("it is not valid ({error}); fix or remove the file"),
        })
    }

    pub fn get(&self, name: &str) -> Result<SavedEnvironment, EnvironmentError> {
        let environments = self.list()?;
        environments
            .iter()
            .find(|environment| environment.name == name)
            .cloned()
            .ok_or_else(|| EnvironmentError::NotFound {
                name: name.to_owned(),
                known: known_names(&environments),
            })
    }

    /// Saves a new environment after checking its name and URLs (TLS rule included).
    pub fn add(&self, environment: SavedEnvironment) -> Result<(), EnvironmentError> {
        check_name(&environment.name)?;
        econnect_api::Endpoints::new(&environment.api_url, &environment.identity_url)?;
        let mut environments = self.list()?;
        if environments
            .iter()
            .any(|saved| saved.name == environment.name)
        {
            return Err(EnvironmentError::Exists(environment.name));
        }
        environments.push(environment);
        self.write(&environments)
    }

    /// Saves several new environments at once (one write): all or none.
    pub fn add_all(&self, new: Vec<SavedEnvironment>) -> Result<(), EnvironmentError> {
        let mut environments = self.list()?;
        for environment in new {
            check_name(&environment.name)?;
            econnect_api::Endpoints::new(&environment.api_url, &environment.identity_url)?;
            if environments
                .iter()
                .any(|saved| saved.name == environment.name)
            {
                return Err(EnvironmentError::Exists(environment.name));
            }
            environments.push(environment);
        }
        self.write(&environments)
    }

    /// Notes the platform's id and name of a saved environment (known after a sign-in);
    /// writes only when they changed.
    pub fn note_environment(
        &self,
        name: &str,
        id: &str,
        platform_name: &str,
    ) -> Result<(), EnvironmentError> {
        let mut environments = self.list()?;
        let Some(saved) = environments.iter_mut().find(|saved| saved.name == name) else {
            return Ok(());
        };
        if saved.environment_id.as_deref() == Some(id)
            && saved.platform_name.as_deref() == Some(platform_name)
        {
            return Ok(());
        }
        saved.environment_id = Some(id.to_owned());
        saved.platform_name = Some(platform_name.to_owned());
        self.write(&environments)
    }

    /// Removes an environment; returns it. Refused while others sign in with its
    /// credentials (remove those first).
    pub fn remove(&self, name: &str) -> Result<SavedEnvironment, EnvironmentError> {
        let mut environments = self.list()?;
        let dependants: Vec<&str> = environments
            .iter()
            .filter(|saved| saved.signs_in_with.as_deref() == Some(name))
            .map(|saved| saved.name.as_str())
            .collect();
        if !dependants.is_empty() {
            return Err(EnvironmentError::InUse {
                name: name.to_owned(),
                dependants: dependants.join(", "),
            });
        }
        let Some(index) = environments.iter().position(|saved| saved.name == name) else {
            return Err(EnvironmentError::NotFound {
                name: name.to_owned(),
                known: known_names(&environments),
            });
        };
        let removed = environments.remove(index);
        self.write(&environments)?;
        Ok(removed)
    }

    /// Writes atomically: a crash never leaves half a file.
    fn write(&self, environments: &[SavedEnvironment]) -> Result<(), EnvironmentError> {
        if let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| self.file_error(error))?;
        }
        let json = serde_json::to_string_pretty(environments).unwrap_or_default();
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, json + "\n").map_err(|error| self.file_error(error))?;
        std::fs::rename(&tmp, &self.path).map_err(|error| self.file_error(error))
    }

    fn file_error(&self, error: std::io::Error) -> EnvironmentError {
        EnvironmentError::File {
            path: self.path.clone(),
            reason: error.to_string(),
        }
    }
}

fn known_names(environments: &[SavedEnvironment]) -> String {
    if environments.is_empty() {
        "none yet (add one with `ecadmin env add`)".to_owned()
    } else {
        environments
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn check_name(name: &str) -> Result<(), EnvironmentError> {
    let ok = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        && !name.starts_with('.');
    if ok {
        Ok(())
    } else {
        Err(EnvironmentError::BadName(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> SavedEnvironment {
        SavedEnvironment {
            name: name.to_owned(),
            kind: EnvironmentKind::Custom,
            api_url: "https://api.example.com".to_owned(),
            identity_url: "https://id.example.com".to_owned(),
            client_id: "client".to_owned(),
            username: Some("ada@example.com".to_owned()),
            environment_id: None,
            platform_name: None,
            signs_in_with: None,
        }
    }

    #[test]
    fn add_list_get_remove() {
        let tmp = tempfile::tempdir().unwrap();
        let store = EnvironmentStore::in_config_dir(tmp.path());
        assert!(store.list().unwrap().is_empty());
        store.add(sample("acme-prod")).unwrap();
        store.add(sample("acme-acc")).unwrap();
        assert_eq!(store.get("acme-acc").unwrap(), sample("acme-acc"));
        assert!(matches!(
            store.add(sample("acme-acc")),
            Err(EnvironmentError::Exists(_))
        ));
        store.remove("acme-prod").unwrap();
        let missing = store.get("acme-prod").unwrap_err().to_string();
        assert!(
            missing.contains("acme-acc"),
            "names what is saved: {missing}"
        );
    }

    #[test]
    fn an_environment_others_sign_in_with_stays_until_they_go() {
        let tmp = tempfile::tempdir().unwrap();
        let store = EnvironmentStore::in_config_dir(tmp.path());
        store.add(sample("home")).unwrap();
        let mut client = sample("client-a");
        client.signs_in_with = Some("home".to_owned());
        client.environment_id = Some("env-a".to_owned());
        store.add_all(vec![client]).unwrap();
        let refused = store.remove("home").unwrap_err().to_string();
        assert!(refused.contains("client-a"), "{refused}");
        store.remove("client-a").unwrap();
        store.remove("home").unwrap();
    }

    #[test]
    fn refuses_plain_http_to_remote_hosts_and_bad_names() {
        let tmp = tempfile::tempdir().unwrap();
        let store = EnvironmentStore::in_config_dir(tmp.path());
        let mut insecure = sample("x");
        insecure.api_url = "http://api.example.com".to_owned();
        assert!(matches!(store.add(insecure), Err(EnvironmentError::Url(_))));
        assert!(matches!(
            store.add(sample("has space")),
            Err(EnvironmentError::BadName(_))
        ));
        assert!(store.list().unwrap().is_empty(), "nothing half-saved");
    }

    #[test]
    fn a_corrupt_file_says_which_file() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(EnvironmentStore::FILE_NAME), "{not json").unwrap();
        let error = EnvironmentStore::in_config_dir(tmp.path())
            .list()
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("environments.json") && error.contains("not valid"),
            "{error}"
        );
    }
}
