use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use econnect_domain::Role;

/// The caller: a signed-in user, or an API client using client credentials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    /// The user's id; absent for an API client.
    pub user_id: Option<String>,
    /// The user's email address, or the API client's id.
    pub login: String,
    pub name: Option<String>,
    /// The caller's platform role now (checked on every request, never frozen in the token).
    pub role: Role,
    pub environment: MeEnvironment,
    pub permissions: Permissions,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeEnvironment {
    pub id: String,
    pub name: String,
}

/// What the caller may do, derived from the role and organisation levels now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    pub can_invite: bool,
    pub can_manage_users: bool,
    pub can_manage_organisations: bool,
    /// Organisations whose members the caller may manage as organisation administrator.
    pub administered_organisation_ids: Vec<String>,
}

/// An environment the signed-in person has access to (`GET /me/environments`): one identity,
/// a token per environment (the token request's `environment`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentAccess {
    /// The environment's id: what the token request's `environment` takes.
    pub id: String,
    pub name: String,
    /// The person's role there now.
    pub role: Role,
    /// True for the environment the calling token is for.
    pub current: bool,
}

/// Every environment the signed-in person can sign in to, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentAccessList {
    pub items: Vec<EnvironmentAccess>,
}
