use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use econnect_domain::{EmailAddress, InvitationMethod, MembershipLevel, Role, UserStatus};

/// A user of the environment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    #[schema(value_type = String, format = Email)]
    pub email: EmailAddress,
    /// Filled in by the user on activation; while invited, the name the inviter proposed (if
    /// any).
    pub name: Option<String>,
    pub role: Role,
    pub status: UserStatus,
    /// Only has effect for Advanced users and Administrators.
    pub relationship_manager: bool,
    /// The organisations this user belongs to, with their level.
    pub memberships: Vec<Membership>,
    /// Present while the invitation is pending (status `invited`).
    pub invitation: Option<Invitation>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; the `ETag` of `GET /users/{id}` is derived from it.
    pub version: i64,
}

impl User {
    /// The ETag the API sends with this user and expects back in `If-Match`.
    pub fn etag(&self) -> String {
        etag_for_version(self.version)
    }
}

/// The ETag of a given user version (a strong validator).
pub fn etag_for_version(version: i64) -> String {
    format!("\"{version}\"")
}

/// One organisation a user belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    pub organisation_id: String,
    pub level: MembershipLevel,
}

/// A pending invitation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    /// The administrator who invited, by email address (absent for seeded data).
    #[schema(value_type = Option<String>, format = Email)]
    pub invited_by: Option<EmailAddress>,
    pub invited_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub method: InvitationMethod,
}

/// A page of users; `nextCursor` is null on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPage {
    pub items: Vec<User>,
    pub next_cursor: Option<String>,
}

/// `POST /invitations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvitationRequest {
    /// Checked by the server; an invalid address gets `invalid_email`.
    #[schema(format = Email)]
    pub email: String,
    /// The person's name as the inviter knows it (from a spreadsheet, say): plain text of at
    /// most 200 characters. Shown while they are invited, offered on the activation page,
    /// and the account's name when added directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `basic` when absent.
    #[serde(default)]
    pub role: Option<Role>,
    /// `email` when absent. `direct` creates the account at once and mails a set-password link.
    #[serde(default)]
    pub method: Option<InvitationMethod>,
    /// Organisations to grant in the same step.
    #[serde(default)]
    pub organisations: Vec<OrganisationGrant>,
}

/// An organisation and the level to grant in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationGrant {
    pub organisation_id: String,
    pub level: MembershipLevel,
}

/// `PATCH /users/{id}`: every field is optional; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship_manager: Option<bool>,
    /// `true` blocks, `false` unblocks. Only active or blocked users can be (un)blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<bool>,
}

impl UserPatch {
    pub fn is_empty(&self) -> bool {
        self.role.is_none() && self.relationship_manager.is_none() && self.blocked.is_none()
    }
}
