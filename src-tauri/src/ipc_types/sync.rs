//! The connection status line, waiting changes and conflicts, the Local sandbox's controls.

use econnect_core::workspace::PendingChange;
use econnect_store::sync::SyncReport;
use econnect_store::{Change, ConnectionState, OutboxState};
use serde::Serialize;

use super::{LevelView, RoleView, count, time};

/// The honest status line.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionView {
    pub online: bool,
    pub offline_since: Option<String>,
    pub last_synced_at: Option<String>,
    pub n_pending: u32,
    pub n_conflicts: u32,
}

impl From<ConnectionState> for ConnectionView {
    fn from(state: ConnectionState) -> Self {
        Self {
            online: state.offline_since.is_none(),
            offline_since: state.offline_since.map(time),
            last_synced_at: state.last_synced_at.map(time),
            n_pending: state.n_pending,
            n_conflicts: state.n_conflicts,
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncReportView {
    pub full: bool,
    pub changes_pulled: u32,
    pub pushed: u32,
    pub conflicts: u32,
    pub rejected: u32,
    pub offline: bool,
}

impl From<SyncReport> for SyncReportView {
    fn from(report: SyncReport) -> Self {
        Self {
            full: report.full,
            changes_pulled: count(report.changes_pulled),
            pushed: count(report.pushed),
            conflicts: count(report.conflicts),
            rejected: count(report.rejected),
            offline: report.offline,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKindView {
    Invite,
    SetRole,
    SetRelationshipManager,
    Block,
    Unblock,
    RemoveUser,
    ResendInvitation,
    RevokeInvitation,
    SetMember,
    RemoveMember,
}

/// A change waiting to be sent, or waiting for a decision.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PendingChangeView {
    pub seq: u32,
    pub kind: ChangeKindView,
    pub conflict: bool,
    pub user_id: Option<String>,
    /// The user's address (for an invitation: the invitee's).
    pub email: Option<String>,
    pub role: Option<RoleView>,
    pub level: Option<LevelView>,
    pub organisation_id: Option<String>,
    pub value: Option<bool>,
    pub created_at: String,
    pub attempts: u32,
    /// Why it is in conflict, in the platform's words, and its code (`stale_version`, …).
    pub problem: Option<String>,
    pub problem_code: Option<String>,
}

impl From<PendingChange> for PendingChangeView {
    fn from(PendingChange { entry, email }: PendingChange) -> Self {
        let mut view = Self {
            seq: count(entry.seq),
            kind: ChangeKindView::Invite,
            conflict: entry.state == OutboxState::Conflict,
            user_id: entry.change.user_id().map(str::to_owned),
            email,
            role: None,
            level: None,
            organisation_id: None,
            value: None,
            created_at: time(entry.created_at),
            attempts: count(entry.attempts),
            problem: entry.problem,
            problem_code: entry.problem_code,
        };
        match entry.change {
            Change::Invite { request } => view.role = request.role.map(Into::into),
            Change::SetRole { role, .. } => {
                view.kind = ChangeKindView::SetRole;
                view.role = Some(role.into());
            }
            Change::SetRelationshipManager { value, .. } => {
                view.kind = ChangeKindView::SetRelationshipManager;
                view.value = Some(value);
            }
            Change::SetBlocked { blocked, .. } => {
                view.kind = if blocked {
                    ChangeKindView::Block
                } else {
                    ChangeKindView::Unblock
                };
            }
            Change::RemoveUser { .. } => view.kind = ChangeKindView::RemoveUser,
            Change::ResendInvitation { .. } => view.kind = ChangeKindView::ResendInvitation,
            Change::RevokeInvitation { .. } => view.kind = ChangeKindView::RevokeInvitation,
            Change::SetMember {
                organisation_id,
                level,
                ..
            } => {
                view.kind = ChangeKindView::SetMember;
                view.organisation_id = Some(organisation_id);
                view.level = Some(level.into());
            }
            Change::RemoveMember {
                organisation_id, ..
            } => {
                view.kind = ChangeKindView::RemoveMember;
                view.organisation_id = Some(organisation_id);
            }
        }
        view
    }
}

mirror_enum!(
    /// How a conflict (or a waiting change) is settled: keep mine (send it again on top of
    /// the platform's state), take theirs, or discard a change not sent yet.
    Resolution <=> econnect_core::workspace::Resolution { KeepMine, TakeTheirs, Discard }
);

/// The embedded Local sandbox.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LocalSandboxView {
    pub running: bool,
    /// `http://127.0.0.1:PORT` while running.
    pub base_url: Option<String>,
    /// Where the sandbox writes the emails it "sends" (`.eml` files).
    pub outbox_dir: String,
}
