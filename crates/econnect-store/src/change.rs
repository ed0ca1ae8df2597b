//! `Change`: every change an administrator can make, as it waits in the outbox, and how it
//! applies to a cached user. Plain types: no database, no HTTP.

use chrono::{DateTime, Duration, Utc};
use econnect_contract::{INVITATION_VALID_DAYS, Membership, User, UserPatch};
use econnect_domain::{MembershipLevel, Role, UserStatus};
use serde::{Deserialize, Serialize};

use econnect_contract::InvitationRequest;

/// One change an administrator made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Change {
    Invite {
        request: InvitationRequest,
    },
    #[serde(rename_all = "camelCase")]
    SetRole {
        user_id: String,
        role: Role,
        base_version: i64,
    },
    #[serde(rename_all = "camelCase")]
    SetRelationshipManager {
        user_id: String,
        value: bool,
        base_version: i64,
    },
    #[serde(rename_all = "camelCase")]
    SetBlocked {
        user_id: String,
        blocked: bool,
        base_version: i64,
    },
    #[serde(rename_all = "camelCase")]
    RemoveUser {
        user_id: String,
        base_version: i64,
    },
    #[serde(rename_all = "camelCase")]
    ResendInvitation {
        user_id: String,
    },
    #[serde(rename_all = "camelCase")]
    RevokeInvitation {
        user_id: String,
    },
    #[serde(rename_all = "camelCase")]
    SetMember {
        organisation_id: String,
        user_id: String,
        level: MembershipLevel,
    },
    #[serde(rename_all = "camelCase")]
    RemoveMember {
        organisation_id: String,
        user_id: String,
    },
}

impl Change {
    /// The user the change is about (for an invitation: its placeholder's id).
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Change::Invite { .. } => None,
            Change::SetRole { user_id, .. }
            | Change::SetRelationshipManager { user_id, .. }
            | Change::SetBlocked { user_id, .. }
            | Change::RemoveUser { user_id, .. }
            | Change::ResendInvitation { user_id }
            | Change::RevokeInvitation { user_id }
            | Change::SetMember { user_id, .. }
            | Change::RemoveMember { user_id, .. } => Some(user_id),
        }
    }

    /// The version of the user this change was made against (for `If-Match`).
    pub fn base_version(&self) -> Option<i64> {
        match self {
            Change::SetRole { base_version, .. }
            | Change::SetRelationshipManager { base_version, .. }
            | Change::SetBlocked { base_version, .. }
            | Change::RemoveUser { base_version, .. } => Some(*base_version),
            _ => None,
        }
    }

    /// What to send the platform for this change: the one mapping from a change to a
    /// request (a user update becomes one `PATCH` with `If-Match`).
    pub(crate) fn request(&self) -> Request<'_> {
        let patch = |user_id, base_version, patch| Request::UpdateUser {
            user_id,
            base_version,
            patch,
        };
        match self {
            Change::Invite { request } => Request::Invite(request),
            Change::SetRole {
                user_id,
                role,
                base_version,
            } => patch(
                user_id,
                *base_version,
                UserPatch {
                    role: Some(*role),
                    ..UserPatch::default()
                },
            ),
            Change::SetRelationshipManager {
                user_id,
                value,
                base_version,
            } => patch(
                user_id,
                *base_version,
                UserPatch {
                    relationship_manager: Some(*value),
                    ..UserPatch::default()
                },
            ),
            Change::SetBlocked {
                user_id,
                blocked,
                base_version,
            } => patch(
                user_id,
                *base_version,
                UserPatch {
                    blocked: Some(*blocked),
                    ..UserPatch::default()
                },
            ),
            Change::RemoveUser {
                user_id,
                base_version,
            } => Request::RemoveUser {
                user_id,
                base_version: *base_version,
            },
            Change::ResendInvitation { user_id } => Request::ResendInvitation { user_id },
            Change::RevokeInvitation { user_id } => Request::RevokeInvitation { user_id },
            Change::SetMember {
                organisation_id,
                user_id,
                level,
            } => Request::SetMember {
                organisation_id,
                user_id,
                level: *level,
            },
            Change::RemoveMember {
                organisation_id,
                user_id,
            } => Request::RemoveMember {
                organisation_id,
                user_id,
            },
        }
    }

    pub(crate) fn with_base_version(mut self, version: i64) -> Self {
        match &mut self {
            Change::SetRole { base_version, .. }
            | Change::SetRelationshipManager { base_version, .. }
            | Change::SetBlocked { base_version, .. }
            | Change::RemoveUser { base_version, .. } => *base_version = version,
            _ => {}
        }
        self
    }

    /// True when the change deletes the user from the cache.
    pub(crate) fn removes_user(&self) -> bool {
        matches!(
            self,
            Change::RemoveUser { .. } | Change::RevokeInvitation { .. }
        )
    }

    /// Applies the change to a cached user (for the optimistic copy).
    pub(crate) fn apply_to(&self, user: &mut User, now: DateTime<Utc>) {
        match self {
            Change::SetRole { role, .. } => user.role = *role,
            Change::SetRelationshipManager { value, .. } => user.relationship_manager = *value,
            Change::SetBlocked { blocked, .. } => {
                user.status = if *blocked {
                    UserStatus::Blocked
                } else {
                    UserStatus::Active
                };
            }
            Change::ResendInvitation { .. } => {
                if let Some(invitation) = user.invitation.as_mut() {
                    invitation.invited_at = now;
                    invitation.expires_at = now + Duration::days(INVITATION_VALID_DAYS);
                }
            }
            Change::SetMember {
                organisation_id,
                level,
                ..
            } => {
                match user
                    .memberships
                    .iter_mut()
                    .find(|m| &m.organisation_id == organisation_id)
                {
                    Some(membership) => membership.level = *level,
                    None => user.memberships.push(Membership {
                        organisation_id: organisation_id.clone(),
                        level: *level,
                    }),
                }
            }
            Change::RemoveMember {
                organisation_id, ..
            } => {
                user.memberships
                    .retain(|m| &m.organisation_id != organisation_id);
            }
            Change::Invite { .. } | Change::RemoveUser { .. } | Change::RevokeInvitation { .. } => {
            }
        }
    }
}

/// What is sent to the platform for a [`Change`].
pub(crate) enum Request<'a> {
    Invite(&'a InvitationRequest),
    UpdateUser {
        user_id: &'a str,
        base_version: i64,
        patch: UserPatch,
    },
    RemoveUser {
        user_id: &'a str,
        base_version: i64,
    },
    ResendInvitation {
        user_id: &'a str,
    },
    RevokeInvitation {
        user_id: &'a str,
    },
    SetMember {
        organisation_id: &'a str,
        user_id: &'a str,
        level: MembershipLevel,
    },
    RemoveMember {
        organisation_id: &'a str,
        user_id: &'a str,
    },
}

/// Where an outbox entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Waiting to be sent (or re-sent).
    Pending,
    /// The platform refused because the user changed elsewhere (409/412): the administrator
    /// decides — keep mine (retry on top of theirs), take theirs, or discard.
    Conflict,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub seq: i64,
    pub change: Change,
    pub idempotency_key: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    pub state: OutboxState,
    /// Why it is in conflict.
    pub problem: Option<String>,
    /// The platform's code for the conflict (`stale_version`, …), when it gave one.
    pub problem_code: Option<String>,
    /// The user as the platform has it, when the conflict was found.
    pub platform_state: Option<User>,
}

/// A change the platform refused outright (403) and that was rolled back here.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedChange {
    pub seq: i64,
    pub change: Change,
    pub reason: String,
    /// The platform's error code, when it gave one (`shared_email_domain`, …).
    pub code: Option<String>,
    pub rejected_at: DateTime<Utc>,
}

/// The placeholder id of an invitation not yet confirmed.
pub fn placeholder_id(idempotency_key: &str) -> String {
    format!("local:{idempotency_key}")
}
