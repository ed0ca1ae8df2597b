//! Every environment at once: discovery, each cache's sync status, a person across the
//! caches, offboarding or blocking everywhere, cross-environment insights.

use econnect_core::all_environments::{
    CrossInsights, DiscoveredEnvironment, EnvironmentInsight, EnvironmentPlan, EnvironmentResult,
    PersonAccess, PlanStep, ResultKind, SyncStatus,
};
use serde::{Deserialize, Serialize};

use super::{EnvironmentKindView, LevelView, RoleView, StatusView, count, time};

/// An environment the signed-in person may enter.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveredView {
    pub id: String,
    pub name: String,
    pub role: RoleView,
    /// The environment signed in to.
    pub current: bool,
    /// The saved environment it is already, if any.
    pub saved_as: Option<String>,
}

impl From<DiscoveredEnvironment> for DiscoveredView {
    fn from(found: DiscoveredEnvironment) -> Self {
        Self {
            id: found.id,
            name: found.name,
            role: found.role.into(),
            current: found.current,
            saved_as: found.saved_as,
        }
    }
}

/// Where an environment's cache stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum EnvironmentState {
    /// Up to date as of `lastSyncedAt`.
    Synced,
    /// In the round that runs now.
    Syncing,
    /// The platform could not be reached; the cache is as of `lastSyncedAt`.
    Offline,
    /// Its credentials are missing or refused: sign in to it.
    SignInNeeded,
    /// Something else went wrong (`message` says what).
    Failed,
    /// No cache on this machine yet.
    NotSynced,
}

/// One environment in the switcher, with its cache's status.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentStatusView {
    /// The saved environment's name (what `sign_in` takes); the Local sandbox's own name
    /// for it.
    pub environment: String,
    /// The platform's name for it, when known.
    pub environment_name: String,
    pub kind: EnvironmentKindView,
    pub state: EnvironmentState,
    pub last_synced_at: Option<String>,
    /// Changes waiting in its outbox, and conflicts waiting for a decision.
    pub waiting: u32,
    pub conflicts: u32,
    pub message: Option<String>,
    /// The environment signed in to (its own session keeps it in sync).
    pub current: bool,
}

impl EnvironmentStatusView {
    /// Sets the state a sync round ended in.
    pub fn set_synced(&mut self, status: &SyncStatus, waiting: u32, conflicts: u32) {
        self.waiting = waiting;
        self.conflicts = conflicts;
        self.message = None;
        match status {
            SyncStatus::Synced { at } => {
                self.state = EnvironmentState::Synced;
                self.last_synced_at = Some(time(*at));
            }
            SyncStatus::Offline { last_synced_at, .. } => {
                self.state = EnvironmentState::Offline;
                self.last_synced_at = last_synced_at.map(time).or(self.last_synced_at.take());
            }
            SyncStatus::SignInNeeded { reason } => {
                self.state = EnvironmentState::SignInNeeded;
                self.message = Some(reason.clone());
            }
            SyncStatus::Failed { reason } => {
                self.state = EnvironmentState::Failed;
                self.message = Some(reason.clone());
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonOrganisationView {
    pub id: String,
    pub name: String,
    pub level: LevelView,
}

/// A person in one environment, from its cache.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonAccessView {
    pub environment: String,
    pub environment_name: String,
    pub email: String,
    pub name: Option<String>,
    pub role: RoleView,
    pub status: StatusView,
    pub organisations: Vec<PersonOrganisationView>,
    pub last_synced_at: Option<String>,
}

impl From<PersonAccess> for PersonAccessView {
    fn from(row: PersonAccess) -> Self {
        Self {
            environment: row.environment,
            environment_name: row.environment_name,
            email: row.email,
            name: row.name,
            role: row.role.into(),
            status: row.status.into(),
            organisations: row
                .organisations
                .into_iter()
                .map(|organisation| PersonOrganisationView {
                    id: organisation.id,
                    name: organisation.name,
                    level: organisation.level.into(),
                })
                .collect(),
            last_synced_at: row.last_synced_at.map(time),
        }
    }
}

/// Offboard (memberships, then the account) or block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum EverywhereAction {
    Offboard,
    Block,
}

impl From<EverywhereAction> for econnect_core::all_environments::Everywhere {
    fn from(action: EverywhereAction) -> Self {
        match action {
            EverywhereAction::Offboard => Self::Offboard,
            EverywhereAction::Block => Self::Block,
        }
    }
}

/// One step in one environment.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum StepView {
    #[serde(rename_all = "camelCase")]
    RemoveMembership {
        organisation_id: String,
        organisation_name: String,
    },
    RemoveUser,
    RevokeInvitation,
    Block,
}

impl From<&PlanStep> for StepView {
    fn from(step: &PlanStep) -> Self {
        match step {
            PlanStep::RemoveMembership {
                organisation_id,
                organisation_name,
            } => Self::RemoveMembership {
                organisation_id: organisation_id.clone(),
                organisation_name: organisation_name.clone(),
            },
            PlanStep::RemoveUser => Self::RemoveUser,
            PlanStep::RevokeInvitation => Self::RevokeInvitation,
            PlanStep::Block => Self::Block,
        }
    }
}

/// What a plan says or a run did in one environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum EverywhereResultView {
    /// The plan: these steps would run.
    Planned,
    Done,
    /// Waiting in that environment's outbox: sent by its next sync, exactly once.
    Queued,
    Refused,
    Conflict,
    /// Not a user there.
    NotFound,
}

impl From<ResultKind> for EverywhereResultView {
    fn from(kind: ResultKind) -> Self {
        match kind {
            ResultKind::Done => Self::Done,
            ResultKind::Queued => Self::Queued,
            ResultKind::Refused => Self::Refused,
            ResultKind::Conflict => Self::Conflict,
            ResultKind::NotFound => Self::NotFound,
        }
    }
}

/// One environment's plan or result.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EverywhereView {
    pub environment: String,
    pub environment_name: String,
    pub steps: Vec<StepView>,
    pub result: EverywhereResultView,
    /// The platform contract's error code (`last_administrator`, …), when refused.
    pub platform_code: Option<String>,
    /// Why it is refused and what to do, or what happened.
    pub message: String,
}

impl From<&EnvironmentPlan> for EverywhereView {
    fn from(plan: &EnvironmentPlan) -> Self {
        match plan.verdict() {
            Some(verdict) => Self::from(&verdict),
            None => Self {
                environment: plan.environment.clone(),
                environment_name: plan.environment_name.clone(),
                steps: plan.steps.iter().map(StepView::from).collect(),
                result: EverywhereResultView::Planned,
                platform_code: None,
                message: String::new(),
            },
        }
    }
}

impl From<&EnvironmentResult> for EverywhereView {
    fn from(result: &EnvironmentResult) -> Self {
        Self {
            environment: result.environment.clone(),
            environment_name: result.environment_name.clone(),
            steps: result.steps.iter().map(StepView::from).collect(),
            result: result.result.into(),
            platform_code: result.code.map(|code| code.as_str().to_owned()),
            message: result.message.clone(),
        }
    }
}

/// One environment's result as it comes, during a run everywhere.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct EverywhereProgress {
    /// The id the UI gave the run.
    pub operation: String,
    pub outcome: EverywhereView,
}

/// What needs attention in one environment.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentInsightView {
    pub environment: String,
    pub environment_name: String,
    pub active_administrators: u32,
    pub expired_invitations: u32,
    pub stale_invitations: u32,
    pub without_organisation: u32,
    pub users: u32,
    pub last_synced_at: Option<String>,
}

impl From<EnvironmentInsight> for EnvironmentInsightView {
    fn from(insight: EnvironmentInsight) -> Self {
        Self {
            environment: insight.environment,
            environment_name: insight.environment_name,
            active_administrators: insight.active_administrators,
            expired_invitations: insight.expired_invitations,
            stale_invitations: insight.stale_invitations,
            without_organisation: insight.without_organisation,
            users: insight.users,
            last_synced_at: insight.last_synced_at.map(time),
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AdministratorInManyView {
    pub email: String,
    pub name: Option<String>,
    pub environments: Vec<String>,
}

/// Insights across every cache.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CrossInsightsView {
    pub environments: Vec<EnvironmentInsightView>,
    pub administrators_in_many: Vec<AdministratorInManyView>,
}

impl From<CrossInsights> for CrossInsightsView {
    fn from(insights: CrossInsights) -> Self {
        Self {
            environments: insights.environments.into_iter().map(Into::into).collect(),
            administrators_in_many: insights
                .administrators_in_many
                .into_iter()
                .map(|person| AdministratorInManyView {
                    email: person.email,
                    name: person.name,
                    environments: person.environments,
                })
                .collect(),
        }
    }
}

/// The access report, saved.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccessReportView {
    pub path: String,
    pub environments: u32,
}

impl AccessReportView {
    pub fn new(path: String, environments: usize) -> Self {
        Self {
            path,
            environments: count(environments),
        }
    }
}
