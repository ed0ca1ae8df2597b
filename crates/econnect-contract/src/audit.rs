use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    UserInvited,
    UserAddedDirectly,
    InvitationResent,
    InvitationRevoked,
    InvitationAccepted,
    RoleChanged,
    RelationshipManagerChanged,
    UserBlocked,
    UserUnblocked,
    UserRemoved,
    OrganisationCreated,
    MemberAdded,
    MemberLevelChanged,
    MemberRemoved,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UserInvited => "user_invited",
            Self::UserAddedDirectly => "user_added_directly",
            Self::InvitationResent => "invitation_resent",
            Self::InvitationRevoked => "invitation_revoked",
            Self::InvitationAccepted => "invitation_accepted",
            Self::RoleChanged => "role_changed",
            Self::RelationshipManagerChanged => "relationship_manager_changed",
            Self::UserBlocked => "user_blocked",
            Self::UserUnblocked => "user_unblocked",
            Self::UserRemoved => "user_removed",
            Self::OrganisationCreated => "organisation_created",
            Self::MemberAdded => "member_added",
            Self::MemberLevelChanged => "member_level_changed",
            Self::MemberRemoved => "member_removed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(value.to_owned())).ok()
    }
}

/// Who did what to whom, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    pub id: String,
    pub at: DateTime<Utc>,
    /// The user who acted (email), or the API client's id for client-credentials calls.
    pub actor: String,
    pub action: AuditAction,
    /// The user acted on, by email, when there is one.
    pub target_email: Option<String>,
    pub organisation_id: Option<String>,
    /// A short human summary, e.g. `basic → advanced`.
    pub detail: Option<String>,
}

/// Newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventPage {
    pub items: Vec<AuditEvent>,
    pub next_cursor: Option<String>,
}
