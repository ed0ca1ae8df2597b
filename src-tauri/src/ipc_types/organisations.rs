//! Organisations and their members; the activity feed.

use econnect_contract::AuditEvent;
use econnect_domain::{MembershipLevel, Role, UserStatus};
use econnect_store::{MemberRow, OrganisationSummary};
use serde::Serialize;

use super::{LevelView, RoleView, StatusView, time};

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationView {
    pub id: String,
    pub name: String,
    pub member_count: u32,
    pub administrator_count: u32,
}

impl From<OrganisationSummary> for OrganisationView {
    fn from(summary: OrganisationSummary) -> Self {
        Self {
            id: summary.id,
            name: summary.name,
            member_count: summary.member_count,
            administrator_count: summary.administrator_count,
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    pub user_id: String,
    pub email: String,
    pub name: Option<String>,
    pub role: RoleView,
    pub status: StatusView,
    pub level: LevelView,
    pub pending: bool,
}

impl From<MemberRow> for MemberView {
    fn from(row: MemberRow) -> Self {
        Self {
            role: row.role.parse().unwrap_or(Role::Basic).into(),
            status: row.status.parse().unwrap_or(UserStatus::Active).into(),
            level: row.level.parse().unwrap_or(MembershipLevel::Member).into(),
            user_id: row.user_id,
            email: row.email,
            name: row.name,
            pending: row.pending,
        }
    }
}

/// One audit event.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventView {
    pub id: String,
    pub at: String,
    pub actor: String,
    /// The platform's action code (`user_invited`, `role_changed`, …).
    pub action: String,
    pub target_email: Option<String>,
    pub organisation_id: Option<String>,
    pub detail: Option<String>,
}

impl From<AuditEvent> for AuditEventView {
    fn from(event: AuditEvent) -> Self {
        Self {
            id: event.id,
            at: time(event.at),
            actor: event.actor,
            action: event.action.as_str().to_owned(),
            target_email: event.target_email,
            organisation_id: event.organisation_id,
            detail: event.detail,
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditPageView {
    pub items: Vec<AuditEventView>,
    pub next_cursor: Option<String>,
}
