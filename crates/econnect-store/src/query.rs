//! What the overview asks the cache: a query (text, filters, sort, window), its page of rows,
//! and the counts per status. Plain types.

use chrono::{DateTime, Utc};
use econnect_domain::{MembershipLevel, Role, UserStatus};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Name,
    Email,
    Role,
    Status,
    Organisations,
    Expires,
}

impl SortKey {
    pub(crate) fn slot(self) -> usize {
        match self {
            SortKey::Name => 0,
            SortKey::Email => 1,
            SortKey::Role => 2,
            SortKey::Status => 3,
            SortKey::Organisations => 4,
            SortKey::Expires => 5,
        }
    }
}

/// What the overview asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words; each must be the start of a word of the name or the email address.
    pub text: Option<String>,
    pub status: Option<UserStatus>,
    pub role: Option<Role>,
    pub organisation_id: Option<String>,
    /// Only users in no organisation (they see no documents at all).
    pub no_organisation: bool,
    /// Only invitations still pending (not expired).
    pub pending_invitation: bool,
    /// Only invitations that expired.
    pub expired: bool,
    /// Only invitations sent more than [`STALE_INVITATION_DAYS`] ago and not accepted
    /// (expired ones included).
    pub stale_invitation: bool,
    /// Only Basic users holding the relationship-manager flag (it does nothing for them).
    pub ineffective_relationship_manager: bool,
    pub sort: SortKey,
    pub descending: bool,
    /// The window: rows `offset .. offset + limit` of the sorted result.
    pub offset: u32,
    pub limit: u32,
}

/// One row of the overview.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    #[sqlx(try_from = "String")]
    pub role: Role,
    #[sqlx(try_from = "String")]
    pub status: UserStatus,
    pub relationship_manager: bool,
    pub organisation_count: i64,
    pub invited_by: Option<String>,
    pub invited_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Local changes waiting to be sent.
    pub pending: i64,
}

/// A cached user as a directory of people across environments keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    pub status: UserStatus,
    /// `(organisation id, level)`, by organisation id.
    pub memberships: Vec<(String, MembershipLevel)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    /// All matching rows, for the scrollbar.
    pub total: u32,
    pub rows: Vec<UserRow>,
}

/// An invitation not accepted after this many days needs attention.
pub const STALE_INVITATION_DAYS: i64 = 7;

/// Counts per status, and of what needs attention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    pub total: u32,
    pub active: u32,
    pub invited: u32,
    pub blocked: u32,
    pub expired: u32,
    pub no_organisation: u32,
    pub pending_changes: u32,
    /// Active administrators (the environment needs at least one; two are recommended).
    pub active_administrators: u32,
    pub stale_invitations: u32,
    pub ineffective_relationship_managers: u32,
}
