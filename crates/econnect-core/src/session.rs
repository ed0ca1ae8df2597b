//! Saving an environment with its secrets, and connecting to it.

use econnect_api::{ApiClient, ClientOptions, Credentials, Endpoints, Secret};

use crate::environments::{EnvironmentError, EnvironmentKind, EnvironmentStore, SavedEnvironment};
use crate::error::CoreError;
use crate::keychain::{Keychain, SecretKind};

impl SavedEnvironment {
    /// An environment as typed (in a form or on the command line): names, URLs, client id
    /// and username trimmed, an empty username dropped, and the URLs checked (TLS rule)
    /// before anything is asked or saved.
    pub fn from_input(
        name: &str,
        kind: EnvironmentKind,
        api_url: &str,
        identity_url: &str,
        client_id: &str,
        username: Option<&str>,
    ) -> Result<Self, CoreError> {
        let environment = SavedEnvironment {
            name: name.trim().to_owned(),
            kind,
            api_url: api_url.trim().to_owned(),
            identity_url: identity_url.trim().to_owned(),
            client_id: client_id.trim().to_owned(),
            username: username
                .map(str::trim)
                .filter(|username| !username.is_empty())
                .map(str::to_owned),
            environment_id: None,
            platform_name: None,
            signs_in_with: None,
        };
        Endpoints::new(&environment.api_url, &environment.identity_url)?;
        Ok(environment)
    }
}

/// Signs in once with the secrets (unless `verify` is false), so that a typo is caught
/// before anything is stored, then saves the environment: secrets to the keychain, the
/// rest to the config file. Nothing is saved when the sign-in is refused.
pub async fn add_verified_environment(
    store: &EnvironmentStore,
    keychain: &Keychain,
    environment: SavedEnvironment,
    client_secret: &Secret,
    password: Option<&Secret>,
    verify: bool,
) -> Result<SavedEnvironment, CoreError> {
    if verify {
        verify_credentials(&environment, client_secret, password).await?;
    }
    add_environment(
        store,
        keychain,
        environment.clone(),
        client_secret,
        password,
    )?;
    tracing::info!(environment = %environment.name, "environment added");
    Ok(environment)
}

/// Saves an environment: secrets into the keychain first, then the rest into the config
/// file. If either step fails, nothing of it stays behind.
fn add_environment(
    store: &EnvironmentStore,
    keychain: &Keychain,
    environment: SavedEnvironment,
    client_secret: &Secret,
    password: Option<&Secret>,
) -> Result<(), CoreError> {
    keychain.check_available()?;
    if store
        .list()?
        .iter()
        .any(|saved| saved.name == environment.name)
    {
        return Err(EnvironmentError::Exists(environment.name).into());
    }
    let name = environment.name.clone();
    let stored = (|| {
        keychain.store(&name, SecretKind::ClientSecret, client_secret)?;
        if let Some(password) = password {
            keychain.store(&name, SecretKind::Password, password)?;
        }
        store.add(environment)?;
        Ok::<(), CoreError>(())
    })();
    if stored.is_err() {
        let _ = keychain.delete_environment(&name);
    }
    stored
}

/// Signs in once with secrets that are not saved yet, so that a typo is caught before
/// anything is stored. Returns who signed in.
async fn verify_credentials(
    environment: &SavedEnvironment,
    client_secret: &Secret,
    password: Option<&Secret>,
) -> Result<econnect_contract::Me, CoreError> {
    let endpoints = Endpoints::new(&environment.api_url, &environment.identity_url)?;
    let credentials = Credentials {
        client_id: environment.client_id.clone(),
        client_secret: client_secret.clone(),
        user: environment.username.clone().zip(password.cloned()),
    };
    let client = ApiClient::new(endpoints, credentials, ClientOptions::default())?;
    Ok(client.me().await?)
}

/// Where an environment's offline cache lives.
pub fn cache_path(data_dir: &std::path::Path, environment: &str) -> std::path::PathBuf {
    data_dir
        .join("caches")
        .join(format!("{environment}.sqlite3"))
}

/// Removes an environment, its keychain entries and its offline cache.
pub fn remove_environment(
    store: &EnvironmentStore,
    keychain: &Keychain,
    data_dir: &std::path::Path,
    name: &str,
) -> Result<SavedEnvironment, CoreError> {
    let environment = store.get(name)?;
    let removed = store.remove(name)?;
    // Only its own entry: one found through another signs in with that one's.
    if environment.signs_in_with.is_none() {
        keychain.delete_environment(name)?;
    }
    delete_cache(data_dir, name);
    Ok(removed)
}

/// Deletes an environment's offline cache (signing out wipes the cached data).
pub fn delete_cache(data_dir: &std::path::Path, environment: &str) {
    let cache = cache_path(data_dir, environment);
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let mut file = cache.clone().into_os_string();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
}

/// A client for a saved environment, with its secrets from the keychain: its own entry, or
/// (for one found through another) that one's, asking tokens for this environment's id.
pub fn connect(
    environment: &SavedEnvironment,
    keychain: &Keychain,
    options: ClientOptions,
) -> Result<ApiClient, CoreError> {
    let endpoints = Endpoints::new(&environment.api_url, &environment.identity_url)?;
    let entry = environment.credentials_name();
    let missing = |what| CoreError::MissingSecret {
        environment: entry.to_owned(),
        what,
    };
    let client_secret = keychain
        .load(entry, SecretKind::ClientSecret)?
        .ok_or_else(|| missing("client secret"))?;
    let user = match &environment.username {
        None => None,
        Some(username) => {
            let password = keychain
                .load(entry, SecretKind::Password)?
                .ok_or_else(|| missing("password"))?;
            Some((username.clone(), password))
        }
    };
    let credentials = Credentials {
        client_id: environment.client_id.clone(),
        client_secret,
        user,
    };
    let client = ApiClient::new(endpoints, credentials, options)?;
    match (&environment.signs_in_with, &environment.environment_id) {
        (Some(_), Some(id)) => Ok(client.for_environment(id)?),
        _ => Ok(client),
    }
}
