//! Offboarding (or blocking) one person in every environment: a plan per environment from
//! its cache, then a run through each environment's own outbox — so that it works offline
//! and every change lands exactly once — with a result per environment.

use std::path::Path;

use econnect_contract::ErrorCode;
use econnect_domain::rules::RuleViolation;
use econnect_store::Change;
use futures_util::StreamExt;
use futures_util::stream;

use super::{Connected, display_name};
use crate::error::CoreError;
use crate::session::cache_path;
use crate::workspace::{ChangeOutcome, Workspace};

/// What to do everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Everywhere {
    /// Every membership removed, then the account (an invitation revoked).
    Offboard,
    /// The account blocked: quick, and undone by unblocking.
    Block,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanStep {
    RemoveMembership {
        organisation_id: String,
        organisation_name: String,
    },
    RemoveUser,
    RevokeInvitation,
    Block,
}

impl PlanStep {
    /// The step in words, for the command line and logs (the app words it itself).
    pub fn describe(&self) -> String {
        match self {
            PlanStep::RemoveMembership {
                organisation_name, ..
            } => format!("remove from {organisation_name}"),
            PlanStep::RemoveUser => "remove the user".to_owned(),
            PlanStep::RevokeInvitation => "revoke the invitation".to_owned(),
            PlanStep::Block => "block".to_owned(),
        }
    }
}

/// What would happen in one environment.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvironmentPlan {
    pub environment: String,
    pub environment_name: String,
    /// Nothing to do: the person is not in this environment's cache.
    pub found: bool,
    pub steps: Vec<PlanStep>,
    /// Why it cannot be done here (the last administrator, no permission, no sign-in),
    /// with the platform's code and what to do.
    pub refused: Option<(Option<ErrorCode>, String)>,
}

impl EnvironmentPlan {
    /// There is something to do here, and nothing refuses it.
    pub fn can_run(&self) -> bool {
        self.found && self.refused.is_none()
    }

    /// The plan's word where it cannot run — refused (why, and what to do) or not a user
    /// there — as a result; `None` where its steps would run.
    pub fn verdict(&self) -> Option<EnvironmentResult> {
        let (result, code, message) = match &self.refused {
            Some((code, message)) => (ResultKind::Refused, *code, message.clone()),
            None if !self.found => (ResultKind::NotFound, None, "not a user here".to_owned()),
            None => return None,
        };
        Some(EnvironmentResult {
            environment: self.environment.clone(),
            environment_name: self.environment_name.clone(),
            steps: self.steps.clone(),
            result,
            code,
            message,
        })
    }
}

/// One result per planned environment, by display name: the run's where it ran, the
/// plan's word (refused, not a user there) where it did not.
pub fn outcomes(
    plans: &[EnvironmentPlan],
    mut results: Vec<EnvironmentResult>,
) -> Vec<EnvironmentResult> {
    let mut outcomes: Vec<EnvironmentResult> = plans
        .iter()
        .map(|plan| {
            match results
                .iter()
                .position(|result| result.environment == plan.environment)
            {
                Some(at) => results.swap_remove(at),
                None => plan.verdict().unwrap_or_else(|| EnvironmentResult {
                    environment: plan.environment.clone(),
                    environment_name: plan.environment_name.clone(),
                    steps: plan.steps.clone(),
                    result: ResultKind::Refused,
                    code: None,
                    message: "not run: nothing changed here".to_owned(),
                }),
            }
        })
        .collect();
    outcomes.sort_by(|a, b| a.environment_name.cmp(&b.environment_name));
    outcomes
}

/// How it went in one environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    /// The platform applied every step.
    Done,
    /// Waiting in the outbox (offline): sent by the next sync, exactly once.
    Queued,
    /// Nothing changed: refused here or by the platform.
    Refused,
    /// Changed elsewhere meanwhile: the administrator decides in that environment.
    Conflict,
    /// Not a user there.
    NotFound,
}

impl ResultKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResultKind::Done => "done",
            ResultKind::Queued => "queued",
            ResultKind::Refused => "refused",
            ResultKind::Conflict => "conflict",
            ResultKind::NotFound => "not-found",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnvironmentResult {
    pub environment: String,
    pub environment_name: String,
    pub steps: Vec<PlanStep>,
    pub result: ResultKind,
    pub code: Option<ErrorCode>,
    pub message: String,
}

/// The changes and their steps for one environment, or why not.
async fn changes_for(
    workspace: &Workspace,
    email: &str,
    action: Everywhere,
) -> Result<Option<(Vec<Change>, Vec<PlanStep>)>, CoreError> {
    // Someone who is not an administrator there sees only part of it, and may not act.
    let state = workspace.store().sync_state().await?;
    if !state.holds_whole_environment() {
        return Err(CoreError::Rule {
            subject: email.to_owned(),
            violation: RuleViolation::NotAdministrator,
        });
    }
    let Some(user) = workspace.store().user_by_email(email).await? else {
        return Ok(None);
    };
    let changes = match action {
        Everywhere::Offboard => workspace.offboarding_changes(&user.id).await?,
        Everywhere::Block => {
            let detail = workspace.user_detail(&user.id).await?;
            if detail.last_administrator {
                return Err(CoreError::Rule {
                    subject: email.to_owned(),
                    violation: RuleViolation::LastAdministrator,
                });
            }
            vec![Change::SetBlocked {
                user_id: user.id.clone(),
                blocked: true,
                base_version: user.version,
            }]
        }
    };
    let mut steps = Vec::with_capacity(changes.len());
    for change in &changes {
        steps.push(match change {
            Change::RemoveMember {
                organisation_id, ..
            } => PlanStep::RemoveMembership {
                organisation_name: workspace
                    .store()
                    .organisation_name(organisation_id)
                    .await?
                    .unwrap_or_else(|| organisation_id.clone()),
                organisation_id: organisation_id.clone(),
            },
            Change::RevokeInvitation { .. } => PlanStep::RevokeInvitation,
            Change::SetBlocked { .. } => PlanStep::Block,
            _ => PlanStep::RemoveUser,
        });
    }
    Ok(Some((changes, steps)))
}

/// A refusal in the administrator's words, with the platform's code and what to do.
fn refusal(environment_name: &str, error: &CoreError) -> (Option<ErrorCode>, String) {
    let message = match error {
        CoreError::Rule {
            violation: RuleViolation::LastAdministrator,
            ..
        } => format!(
            "the only administrator of {environment_name}: make someone else an administrator there first"
        ),
        CoreError::Rule {
            violation: RuleViolation::NotAdministrator,
            ..
        } => format!(
            "you are not an administrator of {environment_name}: ask one of its administrators"
        ),
        other => other.to_string(),
    };
    (error.platform_code(), message)
}

/// What offboarding (or blocking) `email` would do in each environment, from the caches
/// (offline too). Nothing is changed.
#[tracing::instrument(skip_all, fields(n = environments.len()), err)]
pub async fn plan_everywhere(
    data_dir: &Path,
    environments: Vec<Connected>,
    email: &str,
    action: Everywhere,
) -> Result<Vec<EnvironmentPlan>, CoreError> {
    let email = email.trim().to_lowercase();
    let mut plans = Vec::with_capacity(environments.len());
    for connected in environments {
        let environment = &connected.environment;
        let mut plan = EnvironmentPlan {
            environment: environment.name.clone(),
            environment_name: display_name(environment).to_owned(),
            found: false,
            steps: Vec::new(),
            refused: None,
        };
        if !cache_path(data_dir, &environment.name).exists() {
            plans.push(plan);
            continue;
        }
        let client = match &connected.client {
            Ok(client) => client.clone(),
            Err(error) => {
                plan.found = true;
                plan.refused = Some(refusal(&plan.environment_name, error));
                plans.push(plan);
                continue;
            }
        };
        let (workspace, opened_here) = connected.workspace(data_dir, client).await?;
        match changes_for(&workspace, &email, action).await {
            Ok(None) => {}
            Ok(Some((_, steps))) => {
                plan.found = true;
                plan.steps = steps;
            }
            Err(error) => {
                plan.found = true;
                plan.refused = Some(refusal(&plan.environment_name, &error));
            }
        }
        if opened_here {
            workspace.store().close().await;
        }
        plans.push(plan);
    }
    Ok(plans)
}

/// Offboards (or blocks) `email` in every environment: each environment's changes are
/// queued in its own outbox and sent (a few environments at a time); offline, they wait
/// there and land with that environment's next sync. `on_done` hears each environment's
/// result as it comes; the results are returned in the order given.
#[tracing::instrument(skip_all, fields(n = environments.len()), err)]
pub async fn run_everywhere(
    data_dir: &Path,
    environments: Vec<Connected>,
    email: &str,
    action: Everywhere,
    on_done: &(dyn Fn(&EnvironmentResult) + Send + Sync),
) -> Result<Vec<EnvironmentResult>, CoreError> {
    let email = email.trim().to_lowercase();
    let email = email.as_str();
    let runs = stream::iter(environments.into_iter().enumerate())
        .map(|(index, connected)| async move {
            let result = run_one(data_dir, connected, email, action).await;
            on_done(&result);
            (index, result)
        })
        .buffer_unordered(super::SYNC_CONCURRENCY);
    let mut results: Vec<(usize, EnvironmentResult)> = runs.collect().await;
    results.sort_by_key(|(index, _)| *index);
    Ok(results.into_iter().map(|(_, result)| result).collect())
}

async fn run_one(
    data_dir: &Path,
    connected: Connected,
    email: &str,
    action: Everywhere,
) -> EnvironmentResult {
    let environment = &connected.environment;
    let mut result = EnvironmentResult {
        environment: environment.name.clone(),
        environment_name: display_name(environment).to_owned(),
        steps: Vec::new(),
        result: ResultKind::NotFound,
        code: None,
        message: String::new(),
    };
    if !cache_path(data_dir, &environment.name).exists() {
        result.message = "no cache of this environment here yet: sync it first".to_owned();
        return result;
    }
    let refuse = |result: &mut EnvironmentResult, error: &CoreError| {
        let (code, message) = refusal(&result.environment_name, error);
        result.result = ResultKind::Refused;
        result.code = code;
        result.message = message;
    };
    let client = match &connected.client {
        Ok(client) => client.clone(),
        Err(error) => {
            refuse(&mut result, error);
            return result;
        }
    };
    let (workspace, opened_here) = match connected.workspace(data_dir, client).await {
        Ok(opened) => opened,
        Err(error) => {
            refuse(&mut result, &error);
            return result;
        }
    };
    match changes_for(&workspace, email, action).await {
        Ok(None) => result.message = "not a user here".to_owned(),
        Err(error) => refuse(&mut result, &error),
        Ok(Some((changes, steps))) => {
            result.steps = steps;
            match workspace.apply(changes, &mut |_, _| {}).await {
                Ok(outcomes) => summarise(&mut result, &outcomes),
                Err(error) => refuse(&mut result, &error),
            }
        }
    }
    if opened_here {
        workspace.store().close().await;
    }
    tracing::info!(environment = %result.environment, result = result.result.as_str(), "offboarded everywhere: one environment");
    result
}

/// One result for an environment's changes: the worst of them.
fn summarise(result: &mut EnvironmentResult, outcomes: &[ChangeOutcome]) {
    result.result = ResultKind::Done;
    result.message = "done".to_owned();
    for outcome in outcomes {
        match outcome {
            ChangeOutcome::Done => {}
            ChangeOutcome::Queued => {
                if result.result == ResultKind::Done {
                    result.result = ResultKind::Queued;
                    result.message = "queued: sent when the platform can be reached".to_owned();
                }
            }
            ChangeOutcome::Conflict { reason, code } => {
                result.result = ResultKind::Conflict;
                result.code = *code;
                result.message = reason.clone();
            }
            ChangeOutcome::Refused { reason, code } => {
                result.result = ResultKind::Refused;
                result.code = *code;
                result.message = reason.clone();
                return;
            }
        }
    }
}
