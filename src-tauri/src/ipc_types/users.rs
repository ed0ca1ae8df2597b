//! Users: the overview's query and rows, the detail, changes and invitations.

use chrono::Utc;
use econnect_core::ChangeOutcome;
use econnect_core::workspace::{
    AddressCheck, AddressProblem, AddressWarning, Invitations, SameAccess, UserDetail,
};
use econnect_domain::{InvitationMethod, MembershipLevel, Role, UserStatus};
use econnect_store::{Change, SearchPage, SearchQuery, SortKey, StatusCounts, UserRow};
use serde::{Deserialize, Serialize};

use super::{count, time};

mirror_enum!(
    /// A platform role.
    RoleView <=> Role { Basic, Advanced, Administrator }
);
mirror_enum!(
    /// A user's status.
    StatusView <=> UserStatus { Invited, Active, Blocked }
);
mirror_enum!(
    /// A level in an organisation.
    LevelView <=> MembershipLevel { Member, Administrator }
);
mirror_enum!(
    /// How an invitation reaches the person.
    MethodView <=> InvitationMethod { Email, Direct }
);
mirror_enum!(
    /// The overview's sort column.
    SortView <=> SortKey { Name, Email, Role, Status, Organisations, Expires }
);

/// What the overview asks for: text, filters, sort, and the window of rows.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct UserQuery {
    pub text: Option<String>,
    pub status: Option<StatusView>,
    pub role: Option<RoleView>,
    pub organisation_id: Option<String>,
    pub no_organisation: bool,
    pub pending_invitation: bool,
    pub expired: bool,
    pub stale_invitation: bool,
    pub ineffective_relationship_manager: bool,
    pub sort: Option<SortView>,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

impl From<UserQuery> for SearchQuery {
    fn from(query: UserQuery) -> Self {
        Self {
            text: query.text,
            status: query.status.map(Into::into),
            role: query.role.map(Into::into),
            organisation_id: query.organisation_id,
            no_organisation: query.no_organisation,
            pending_invitation: query.pending_invitation,
            expired: query.expired,
            stale_invitation: query.stale_invitation,
            ineffective_relationship_manager: query.ineffective_relationship_manager,
            sort: query.sort.map(Into::into).unwrap_or_default(),
            descending: query.descending,
            offset: query.offset,
            limit: query.limit,
        }
    }
}

/// One row of the overview.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserRowView {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub role: RoleView,
    pub status: StatusView,
    pub relationship_manager: bool,
    pub organisation_count: u32,
    pub invited_by: Option<String>,
    pub invited_at: Option<String>,
    pub expires_at: Option<String>,
    /// The invitation expired without being accepted.
    pub expired: bool,
    /// Local changes of this user wait to be sent.
    pub pending: bool,
}

impl From<UserRow> for UserRowView {
    fn from(row: UserRow) -> Self {
        Self {
            role: row.role.into(),
            status: row.status.into(),
            expired: row.status == UserStatus::Invited
                && row.expires_at.is_some_and(|at| at <= Utc::now()),
            id: row.id,
            email: row.email,
            name: row.name,
            relationship_manager: row.relationship_manager,
            organisation_count: count(row.organisation_count),
            invited_by: row.invited_by,
            invited_at: row.invited_at.map(time),
            expires_at: row.expires_at.map(time),
            pending: row.pending > 0,
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserPageView {
    /// All matching rows (for the scrollbar and the "n users" line).
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<UserRowView>,
}

impl UserPageView {
    pub fn new(page: SearchPage, offset: u32) -> Self {
        Self {
            total: page.total,
            offset,
            rows: page.rows.into_iter().map(Into::into).collect(),
        }
    }
}

/// Counts per status, and of what needs attention (the overview's chips and Insights).
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OverviewCounts {
    pub total: u32,
    pub active: u32,
    pub invited: u32,
    pub blocked: u32,
    pub expired: u32,
    pub no_organisation: u32,
    pub pending_changes: u32,
    pub active_administrators: u32,
    pub stale_invitations: u32,
    pub ineffective_relationship_managers: u32,
}

impl From<StatusCounts> for OverviewCounts {
    fn from(counts: StatusCounts) -> Self {
        Self {
            total: counts.total,
            active: counts.active,
            invited: counts.invited,
            blocked: counts.blocked,
            expired: counts.expired,
            no_organisation: counts.no_organisation,
            pending_changes: counts.pending_changes,
            active_administrators: counts.active_administrators,
            stale_invitations: counts.stale_invitations,
            ineffective_relationship_managers: counts.ineffective_relationship_managers,
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MembershipView {
    pub organisation_id: String,
    pub organisation_name: String,
    pub level: LevelView,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InvitationView {
    pub invited_by: Option<String>,
    pub invited_at: String,
    pub expires_at: String,
    pub expired: bool,
    pub method: MethodView,
}

/// Everything the user-detail screen shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserDetailView {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub role: RoleView,
    pub status: StatusView,
    pub relationship_manager: bool,
    pub memberships: Vec<MembershipView>,
    pub invitation: Option<InvitationView>,
    pub created_at: String,
    pub n_pending: u32,
    pub conflict: Option<String>,
    /// The platform's code for the conflict (`stale_version`, …), to show it translated.
    pub conflict_code: Option<String>,
    /// The only active administrator: demote, block and remove are impossible.
    pub last_administrator: bool,
    /// True while the invitation has not reached the platform (queued offline).
    pub local_only: bool,
}

impl From<UserDetail> for UserDetailView {
    fn from(detail: UserDetail) -> Self {
        let user = detail.user;
        let now = Utc::now();
        Self {
            local_only: user.id.starts_with("local:"),
            memberships: user
                .memberships
                .iter()
                .map(|membership| MembershipView {
                    organisation_name: detail
                        .organisation_names
                        .get(&membership.organisation_id)
                        .cloned()
                        .unwrap_or_else(|| membership.organisation_id.clone()),
                    organisation_id: membership.organisation_id.clone(),
                    level: membership.level.into(),
                })
                .collect(),
            invitation: user.invitation.as_ref().map(|invitation| InvitationView {
                invited_by: invitation.invited_by.as_ref().map(ToString::to_string),
                invited_at: time(invitation.invited_at),
                expires_at: time(invitation.expires_at),
                expired: invitation.expires_at <= now,
                method: invitation.method.into(),
            }),
            id: user.id,
            email: user.email.to_string(),
            name: user.name,
            role: user.role.into(),
            status: user.status.into(),
            relationship_manager: user.relationship_manager,
            created_at: time(user.created_at),
            n_pending: detail.n_pending,
            conflict: detail.conflict,
            conflict_code: detail.conflict_code.map(|code| code.as_str().to_owned()),
            last_administrator: detail.last_administrator,
        }
    }
}

/// A change the administrator makes. The version it is made against is the cached one.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ChangeRequest {
    SetRole {
        user_id: String,
        role: RoleView,
    },
    SetRelationshipManager {
        user_id: String,
        value: bool,
    },
    SetBlocked {
        user_id: String,
        blocked: bool,
    },
    RemoveUser {
        user_id: String,
    },
    ResendInvitation {
        user_id: String,
    },
    RevokeInvitation {
        user_id: String,
    },
    SetMember {
        organisation_id: String,
        user_id: String,
        level: LevelView,
    },
    RemoveMember {
        organisation_id: String,
        user_id: String,
    },
}

impl From<ChangeRequest> for Change {
    fn from(request: ChangeRequest) -> Self {
        // `base_version` is filled in from the cache when the change is recorded.
        match request {
            ChangeRequest::SetRole { user_id, role } => Change::SetRole {
                user_id,
                role: role.into(),
                base_version: 0,
            },
            ChangeRequest::SetRelationshipManager { user_id, value } => {
                Change::SetRelationshipManager {
                    user_id,
                    value,
                    base_version: 0,
                }
            }
            ChangeRequest::SetBlocked { user_id, blocked } => Change::SetBlocked {
                user_id,
                blocked,
                base_version: 0,
            },
            ChangeRequest::RemoveUser { user_id } => Change::RemoveUser {
                user_id,
                base_version: 0,
            },
            ChangeRequest::ResendInvitation { user_id } => Change::ResendInvitation { user_id },
            ChangeRequest::RevokeInvitation { user_id } => Change::RevokeInvitation { user_id },
            ChangeRequest::SetMember {
                organisation_id,
                user_id,
                level,
            } => Change::SetMember {
                organisation_id,
                user_id,
                level: level.into(),
            },
            ChangeRequest::RemoveMember {
                organisation_id,
                user_id,
            } => Change::RemoveMember {
                organisation_id,
                user_id,
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum OutcomeView {
    Done,
    Queued,
    Conflict,
    Refused,
}

/// What became of one change.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChangeResult {
    pub outcome: OutcomeView,
    /// Why, for a conflict or a refusal, written for the administrator.
    pub reason: Option<String>,
    /// The platform's error code (`shared_email_domain`, `last_administrator`, …).
    pub code: Option<String>,
}

impl From<ChangeOutcome> for ChangeResult {
    fn from(outcome: ChangeOutcome) -> Self {
        match outcome {
            ChangeOutcome::Done => Self {
                outcome: OutcomeView::Done,
                reason: None,
                code: None,
            },
            ChangeOutcome::Queued => Self {
                outcome: OutcomeView::Queued,
                reason: None,
                code: None,
            },
            ChangeOutcome::Conflict { reason, code } => Self {
                outcome: OutcomeView::Conflict,
                reason: Some(reason),
                code: code.map(|code| code.as_str().to_owned()),
            },
            ChangeOutcome::Refused { reason, code } => Self {
                outcome: OutcomeView::Refused,
                reason: Some(reason),
                code: code.map(|code| code.as_str().to_owned()),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum AddressProblemView {
    Invalid,
    Duplicate,
    AlreadyUser,
    AlreadyInvited,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum AddressWarningView {
    FreeMail,
    UnfamiliarDomain,
}

/// The verdict on one address before inviting.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AddressCheckView {
    pub input: String,
    pub email: Option<String>,
    pub problem: Option<AddressProblemView>,
    /// For an invalid address: what is wrong with it.
    pub problem_detail: Option<String>,
    pub warnings: Vec<AddressWarningView>,
}

impl From<AddressCheck> for AddressCheckView {
    fn from(check: AddressCheck) -> Self {
        let (problem, problem_detail) = match check.problem {
            None => (None, None),
            Some(AddressProblem::Invalid(reason)) => {
                (Some(AddressProblemView::Invalid), Some(reason))
            }
            Some(AddressProblem::Duplicate) => (Some(AddressProblemView::Duplicate), None),
            Some(AddressProblem::AlreadyUser) => (Some(AddressProblemView::AlreadyUser), None),
            Some(AddressProblem::AlreadyInvited) => {
                (Some(AddressProblemView::AlreadyInvited), None)
            }
        };
        Self {
            input: check.input,
            email: check.email,
            problem,
            problem_detail,
            warnings: check
                .warnings
                .into_iter()
                .map(|warning| match warning {
                    AddressWarning::FreeMail => AddressWarningView::FreeMail,
                    AddressWarning::UnfamiliarDomain => AddressWarningView::UnfamiliarDomain,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GrantView {
    pub organisation_id: String,
    pub level: LevelView,
}

/// A colleague's access, for an invitation "with the same access as" them.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SameAccessView {
    pub email: String,
    pub name: Option<String>,
    pub role: RoleView,
    pub organisations: Vec<GrantView>,
}

impl From<SameAccess> for SameAccessView {
    fn from(access: SameAccess) -> Self {
        Self {
            email: access.email,
            name: access.name,
            role: access.role.into(),
            organisations: access
                .organisations
                .into_iter()
                .map(|grant| GrantView {
                    organisation_id: grant.organisation_id,
                    level: grant.level.into(),
                })
                .collect(),
        }
    }
}

/// The invite dialog's request.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InviteInput {
    /// One or many addresses, as typed or pasted.
    pub addresses: String,
    pub role: RoleView,
    pub method: MethodView,
    pub organisations: Vec<GrantView>,
}

impl From<InviteInput> for Invitations {
    fn from(input: InviteInput) -> Self {
        Self {
            addresses: input.addresses,
            role: input.role.into(),
            method: input.method.into(),
            organisations: input
                .organisations
                .into_iter()
                .map(|grant| econnect_contract::OrganisationGrant {
                    organisation_id: grant.organisation_id,
                    level: grant.level.into(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InviteResult {
    pub email: String,
    pub result: ChangeResult,
}
