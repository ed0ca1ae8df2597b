//! Saved environments and sign-in.

use econnect_core::environments::{EnvironmentKind, Preset, SavedEnvironment};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum EnvironmentKindView {
    Production,
    Acceptance,
    LocalSandbox,
    Custom,
}

impl From<EnvironmentKind> for EnvironmentKindView {
    fn from(kind: EnvironmentKind) -> Self {
        match kind {
            EnvironmentKind::Production => Self::Production,
            EnvironmentKind::Acceptance => Self::Acceptance,
            EnvironmentKind::LocalSandbox => Self::LocalSandbox,
            EnvironmentKind::Custom => Self::Custom,
        }
    }
}

impl From<EnvironmentKindView> for EnvironmentKind {
    fn from(kind: EnvironmentKindView) -> Self {
        match kind {
            EnvironmentKindView::Production => Self::Production,
            EnvironmentKindView::Acceptance => Self::Acceptance,
            EnvironmentKindView::LocalSandbox => Self::LocalSandbox,
            EnvironmentKindView::Custom => Self::Custom,
        }
    }
}

/// A saved environment, as the environment switcher shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentView {
    pub name: String,
    pub kind: EnvironmentKindView,
    pub api_url: String,
    pub identity_url: String,
    pub client_id: String,
    pub username: Option<String>,
}

impl From<SavedEnvironment> for EnvironmentView {
    fn from(environment: SavedEnvironment) -> Self {
        Self {
            name: environment.name,
            kind: environment.kind.into(),
            api_url: environment.api_url,
            identity_url: environment.identity_url,
            client_id: environment.client_id,
            username: environment.username,
        }
    }
}

/// eConnect Acceptance or Production, to prefill the sign-in form.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PresetView {
    pub kind: EnvironmentKindView,
    pub label: String,
    pub api_url: String,
    pub identity_url: String,
}

impl From<Preset> for PresetView {
    fn from(preset: Preset) -> Self {
        Self {
            kind: preset.kind.into(),
            label: preset.label.to_owned(),
            api_url: preset.api_url,
            identity_url: preset.identity_url,
        }
    }
}

/// What the sign-in form sends. The secrets become `Secret`s at once and are never logged.
#[derive(Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewEnvironment {
    pub name: String,
    pub kind: EnvironmentKindView,
    pub api_url: String,
    pub identity_url: String,
    pub client_id: String,
    pub username: Option<String>,
    pub client_secret: String,
    pub password: Option<String>,
}

impl std::fmt::Debug for NewEnvironment {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("NewEnvironment")
            .field("name", &self.name)
            .field("api_url", &self.api_url)
            .field("client_secret", &"<redacted>")
            .field("password", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// Who is signed in, where.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    /// The saved environment's name.
    pub environment: String,
    pub kind: EnvironmentKindView,
    /// The platform's name for the environment.
    pub environment_name: String,
    pub login: String,
    pub name: Option<String>,
    pub role: String,
    pub can_invite: bool,
    /// An environment administrator: reads everyone and changes roles, blocks and removes.
    /// Anyone else manages only the members of the organisations they administer (the
    /// platform gives them nothing more).
    pub can_manage_users: bool,
    /// Signed in from the cache: the platform could not be reached.
    pub offline: bool,
}
