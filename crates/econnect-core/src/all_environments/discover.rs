//! Which environments one sign-in may enter, and saving them: each becomes a saved
//! environment with its own cache that signs in with the first one's keychain entry.

use econnect_api::{ApiClient, ClientOptions};
use econnect_domain::Role;

use crate::environments::{EnvironmentStore, SavedEnvironment};
use crate::error::CoreError;
use crate::keychain::Keychain;
use crate::session;

/// An environment the signed-in person may enter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredEnvironment {
    /// The platform's id.
    pub id: String,
    pub name: String,
    /// The person's role there.
    pub role: Role,
    /// The environment signed in to (the one asked).
    pub current: bool,
    /// The saved environment it already is, if any.
    pub saved_as: Option<String>,
}

/// Asks the platform, signed in as `from`, which environments the same person may enter,
/// and says which are saved already. A saved environment on the same platform whose id is
/// not known yet signs in once to learn it (so that nothing is added twice).
#[tracing::instrument(skip_all, fields(environment = %from.name), err)]
pub async fn discover_environments(
    store: &EnvironmentStore,
    keychain: &Keychain,
    from: &SavedEnvironment,
    client: &ApiClient,
) -> Result<Vec<DiscoveredEnvironment>, CoreError> {
    let listed = client.my_environments().await?;
    if let Some(current) = listed.items.iter().find(|item| item.current) {
        store.note_environment(&from.name, &current.id, &current.name)?;
    }
    for saved in store.list()? {
        let same_platform = saved.api_url == from.api_url && saved.environment_id.is_none();
        if !same_platform || saved.name == from.name {
            continue;
        }
        let Ok(other) = session::connect(&saved, keychain, ClientOptions::default()) else {
            continue;
        };
        if let Ok(me) = other.me().await {
            store.note_environment(&saved.name, &me.environment.id, &me.environment.name)?;
        }
    }
    let saved = store.list()?;
    Ok(listed
        .items
        .into_iter()
        .map(|item| DiscoveredEnvironment {
            saved_as: saved
                .iter()
                .find(|s| {
                    // Environments signing in with `from`'s credentials are on its platform
                    // even when its address changed (the Local sandbox's port, say).
                    s.environment_id.as_deref() == Some(item.id.as_str())
                        && (s.api_url == from.api_url
                            || s.signs_in_with.as_deref() == Some(from.name.as_str()))
                })
                .map(|s| s.name.clone())
                .or_else(|| item.current.then(|| from.name.clone())),
            id: item.id,
            name: item.name,
            role: item.role,
            current: item.current,
        })
        .collect())
}

/// A saved-environment name for a platform name: `Bakkerij de Vries BV` →
/// `bakkerij-de-vries-bv`, with `-2`, `-3`, … when taken.
pub fn saved_name_for(platform_name: &str, taken: &[String]) -> String {
    let mut slug = String::new();
    for c in platform_name.chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        };
        if c != '-' || !(slug.is_empty() || slug.ends_with('-')) {
            slug.push(c);
        }
    }
    let mut slug: String = slug.trim_end_matches('-').chars().take(56).collect();
    if slug.is_empty() {
        slug = "environment".to_owned();
    }
    let mut name = slug.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{slug}-{n}");
        n += 1;
    }
    name
}

/// Saves the discovered environments that are not saved yet, each signing in with `from`'s
/// keychain entry (one credential), in one write. Returns what was added.
pub fn add_discovered(
    store: &EnvironmentStore,
    from: &SavedEnvironment,
    discovered: &[DiscoveredEnvironment],
) -> Result<Vec<SavedEnvironment>, CoreError> {
    if from.username.is_none() {
        return Err(CoreError::Invalid(format!(
            "`{}` signs in with client credentials, which belong to one environment; add a \
             saved environment that signs in with an email address and password to discover others",
            from.name
        )));
    }
    let mut taken: Vec<String> = store.list()?.into_iter().map(|s| s.name).collect();
    let mut added = Vec::new();
    for environment in discovered
        .iter()
        .filter(|d| d.saved_as.is_none() && !d.current)
    {
        let name = saved_name_for(&environment.name, &taken);
        taken.push(name.clone());
        added.push(SavedEnvironment {
            name,
            kind: from.kind,
            api_url: from.api_url.clone(),
            identity_url: from.identity_url.clone(),
            client_id: from.client_id.clone(),
            username: from.username.clone(),
            environment_id: Some(environment.id.clone()),
            platform_name: Some(environment.name.clone()),
            signs_in_with: Some(from.credentials_name().to_owned()),
        });
    }
    store.add_all(added.clone())?;
    tracing::info!(from = %from.name, n_added = added.len(), "discovered environments saved");
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::saved_name_for;

    #[test]
    fn names_are_slugs_and_never_taken_twice() {
        assert_eq!(
            saved_name_for("Bakkerij de Vries BV", &[]),
            "bakkerij-de-vries-bv"
        );
        assert_eq!(saved_name_for("  Café & Co.  ", &[]), "caf-co");
        assert_eq!(
            saved_name_for("Acme", &["acme".to_owned(), "acme-2".to_owned()]),
            "acme-3"
        );
        assert_eq!(saved_name_for("!!!", &[]), "environment");
    }
}
