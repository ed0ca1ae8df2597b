//! Every saved environment at once: `env discover`, `sync --all`, `people find`,
//! `offboard`, `report access` — each one call of `econnect_core::all_environments`, as the
//! app makes it.

use std::io::Write;

use econnect_api::ClientOptions;
use econnect_core::SavedEnvironment;
use econnect_core::all_environments::{
    self, Connected, EnvironmentPlan, EnvironmentResult, Everywhere, PeopleDirectory, ResultKind,
    SyncStatus,
};
use econnect_core::spreadsheet::Separator;
use serde::Serialize;

use crate::cli::{OffboardArgs, PeopleCommand};
use crate::commands::Context;
use crate::commands::import::confirmed;
use crate::error::CliError;
use crate::output;

impl Context {
    /// Every saved environment, or only the chosen one.
    fn environments(&self, all: bool) -> Result<Vec<SavedEnvironment>, CliError> {
        if all {
            let saved = self.store.list()?;
            if saved.is_empty() {
                return Err(CliError::Usage(
                    "no environment is saved yet; add one with `ecadmin env add`".to_owned(),
                ));
            }
            Ok(saved)
        } else {
            Ok(vec![self.environment()?])
        }
    }

    /// Each environment with a client (or why there is none).
    fn connected(&self, environments: Vec<SavedEnvironment>) -> Vec<Connected> {
        environments
            .into_iter()
            .map(|environment| {
                let client = econnect_core::session::connect(
                    &environment,
                    &self.keychain,
                    ClientOptions::default(),
                );
                Connected::new(environment, client)
            })
            .collect()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DiscoveredView {
    id: String,
    name: String,
    role: String,
    current: bool,
    saved_as: Option<String>,
    added: bool,
}

pub async fn discover(context: &Context, add: bool) -> Result<(), CliError> {
    let (from, client) = context.client()?;
    let discovered =
        all_environments::discover_environments(&context.store, &context.keychain, &from, &client)
            .await?;
    let added = if add {
        all_environments::add_discovered(&context.store, &from, &discovered)?
    } else {
        Vec::new()
    };
    let views: Vec<DiscoveredView> = discovered
        .iter()
        .map(|found| {
            let new = added
                .iter()
                .find(|saved| saved.environment_id.as_deref() == Some(found.id.as_str()));
            DiscoveredView {
                id: found.id.clone(),
                name: found.name.clone(),
                role: found.role.to_string(),
                current: found.current,
                saved_as: found
                    .saved_as
                    .clone()
                    .or_else(|| new.map(|saved| saved.name.clone())),
                added: new.is_some(),
            }
        })
        .collect();
    if context.json {
        return output::json(&views);
    }
    let n_new = views.iter().filter(|v| v.saved_as.is_none()).count();
    output::table(
        &["ENVIRONMENT", "ROLE", "SAVED AS"],
        views
            .iter()
            .map(|view| {
                vec![
                    view.name.clone(),
                    view.role.clone(),
                    match (&view.saved_as, view.added) {
                        (Some(name), true) => format!("{name} (added now)"),
                        (Some(name), false) => name.clone(),
                        (None, _) => "-".to_owned(),
                    },
                ]
            })
            .collect(),
    );
    if add {
        println!(
            "{} environments added; they sign in with {}'s keychain entry. Run `ecadmin sync --all` to fill their caches.",
            added.len(),
            from.credentials_name()
        );
    } else if n_new > 0 {
        println!(
            "{n_new} not saved yet: add them with `ecadmin --env {} env discover --add`.",
            from.name
        );
    }
    Ok(())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SyncView {
    environment: String,
    status: &'static str,
    message: Option<String>,
    last_synced_at: Option<chrono::DateTime<chrono::Utc>>,
    changes_pulled: usize,
    full: bool,
    waiting: u32,
    conflicts: u32,
}

pub async fn sync_all(context: &Context) -> Result<(), CliError> {
    let environments = context.connected(context.environments(true)?);
    let json = context.json;
    let results = all_environments::sync_all(
        &context.data_dir,
        environments,
        all_environments::SYNC_CONCURRENCY,
        &|result| {
            if !json {
                eprintln!("{}: {}", result.environment, status_words(&result.status));
            }
        },
    )
    .await?;
    let views: Vec<SyncView> = results
        .iter()
        .map(|result| {
            let (status, message, last_synced_at) = match &result.status {
                SyncStatus::Synced { at } => ("synced", None, Some(*at)),
                SyncStatus::Offline { last_synced_at, .. } => ("offline", None, *last_synced_at),
                SyncStatus::SignInNeeded { reason } => {
                    ("sign-in-needed", Some(reason.clone()), None)
                }
                SyncStatus::Failed { reason } => ("failed", Some(reason.clone()), None),
            };
            SyncView {
                environment: result.environment.clone(),
                status,
                message,
                last_synced_at,
                changes_pulled: result.changes_pulled,
                full: result.full,
                waiting: result.n_pending,
                conflicts: result.n_conflicts,
            }
        })
        .collect();
    let failed = views
        .iter()
        .filter(|v| matches!(v.status, "failed" | "sign-in-needed"))
        .count();
    if json {
        output::json(&views)?;
    } else {
        output::table(
            &["ENVIRONMENT", "STATUS", "CHANGES", "WAITING"],
            views
                .iter()
                .map(|v| {
                    vec![
                        v.environment.clone(),
                        v.status.to_owned(),
                        v.changes_pulled.to_string(),
                        v.waiting.to_string(),
                    ]
                })
                .collect(),
        );
    }
    if failed > 0 {
        return Err(CliError::Failed(format!(
            "{failed} of {} environments did not sync (see above)",
            views.len()
        )));
    }
    Ok(())
}

fn status_words(status: &SyncStatus) -> String {
    match status {
        SyncStatus::Synced { .. } => "synced".to_owned(),
        SyncStatus::Offline { .. } => "offline: the cache is as it was".to_owned(),
        SyncStatus::SignInNeeded { reason } => format!("sign-in needed: {reason}"),
        SyncStatus::Failed { reason } => format!("failed: {reason}"),
    }
}

#[derive(Serialize)]
struct OrganisationView {
    id: String,
    name: String,
    level: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PersonView {
    environment: String,
    environment_name: String,
    email: String,
    name: Option<String>,
    role: String,
    status: String,
    organisations: Vec<OrganisationView>,
    last_synced_at: Option<chrono::DateTime<chrono::Utc>>,
}

pub async fn people(context: &Context, command: PeopleCommand) -> Result<(), CliError> {
    let PeopleCommand::Find { text, limit } = command;
    let environments = context.environments(true)?;
    let rows = PeopleDirectory::default()
        .find(&context.data_dir, &environments, &text, limit)
        .await?;
    let views: Vec<PersonView> = rows
        .into_iter()
        .map(|row| PersonView {
            environment: row.environment,
            environment_name: row.environment_name,
            email: row.email,
            name: row.name,
            role: row.role.to_string(),
            status: row.status.to_string(),
            organisations: row
                .organisations
                .into_iter()
                .map(|o| OrganisationView {
                    id: o.id,
                    name: o.name,
                    level: o.level.to_string(),
                })
                .collect(),
            last_synced_at: row.last_synced_at,
        })
        .collect();
    if context.json {
        return output::json(&views);
    }
    if views.is_empty() {
        println!(
            "Nobody matches `{text}` in the caches of {} environments.",
            environments.len()
        );
        return Ok(());
    }
    output::table(
        &[
            "EMAIL",
            "NAME",
            "ENVIRONMENT",
            "ROLE",
            "STATUS",
            "ORGANISATIONS",
        ],
        views
            .iter()
            .map(|v| {
                vec![
                    v.email.clone(),
                    v.name.clone().unwrap_or_default(),
                    v.environment_name.clone(),
                    v.role.clone(),
                    v.status.clone(),
                    v.organisations
                        .iter()
                        .map(|o| format!("{} ({})", o.name, o.level))
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect(),
    );
    Ok(())
}

#[derive(Serialize)]
struct OutcomeView {
    environment: String,
    #[serde(rename = "environmentName")]
    environment_name: String,
    actions: Vec<String>,
    result: &'static str,
    code: Option<String>,
    message: String,
}

fn plan_view(plan: &EnvironmentPlan) -> OutcomeView {
    match plan.verdict() {
        Some(verdict) => result_view(&verdict),
        None => OutcomeView {
            environment: plan.environment.clone(),
            environment_name: plan.environment_name.clone(),
            actions: plan.steps.iter().map(|step| step.describe()).collect(),
            result: "planned",
            code: None,
            message: String::new(),
        },
    }
}

fn result_view(result: &EnvironmentResult) -> OutcomeView {
    OutcomeView {
        environment: result.environment.clone(),
        environment_name: result.environment_name.clone(),
        actions: result.steps.iter().map(|step| step.describe()).collect(),
        result: result.result.as_str(),
        code: result.code.map(|c| c.as_str().to_owned()),
        message: result.message.clone(),
    }
}

fn print_outcomes(views: &[OutcomeView]) {
    output::table(
        &["ENVIRONMENT", "RESULT", "ACTIONS", "MESSAGE"],
        views
            .iter()
            .map(|v| {
                vec![
                    v.environment_name.clone(),
                    v.result.to_owned(),
                    v.actions.join("; "),
                    v.message.clone(),
                ]
            })
            .collect(),
    );
}

pub async fn offboard(context: &Context, args: OffboardArgs) -> Result<(), CliError> {
    let action = if args.block {
        Everywhere::Block
    } else {
        Everywhere::Offboard
    };
    let environments = context.environments(args.all_envs)?;
    let plans = all_environments::plan_everywhere(
        &context.data_dir,
        context.connected(environments.clone()),
        &args.email,
        action,
    )
    .await?;
    let plan_views: Vec<OutcomeView> = plans.iter().map(plan_view).collect();
    let n_to_do = plans.iter().filter(|p| p.can_run()).count();
    let n_refused = plans.iter().filter(|p| p.refused.is_some()).count();
    if args.dry_run || n_to_do == 0 {
        if context.json {
            output::json(&plan_views)?;
        } else {
            print_outcomes(&plan_views);
            if n_to_do == 0 {
                println!(
                    "Nothing to do: {} is in none of these environments' caches where it can be done.",
                    args.email
                );
            }
        }
        return refused_exit(n_refused, plans.len());
    }
    if !context.json {
        print_outcomes(&plan_views);
    }
    let verb = if args.block { "block" } else { "offboard" };
    if !args.yes && !confirmed(&format!("{verb} {} in {n_to_do} environments?", args.email))? {
        return Err(CliError::Failed("nothing changed".to_owned()));
    }
    let to_run: Vec<SavedEnvironment> = environments
        .into_iter()
        .filter(|environment| {
            plans
                .iter()
                .any(|p| p.environment == environment.name && p.can_run())
        })
        .collect();
    let json = context.json;
    let results = all_environments::run_everywhere(
        &context.data_dir,
        context.connected(to_run),
        &args.email,
        action,
        &|result| {
            if !json {
                eprintln!("{}: {}", result.environment_name, result.result.as_str());
            }
        },
    )
    .await?;
    let views: Vec<OutcomeView> = all_environments::outcomes(&plans, results)
        .iter()
        .map(result_view)
        .collect();
    if json {
        output::json(&views)?;
    } else {
        print_outcomes(&views);
    }
    let n_refused = views
        .iter()
        .filter(|v| {
            v.result == ResultKind::Refused.as_str() || v.result == ResultKind::Conflict.as_str()
        })
        .count();
    refused_exit(n_refused, views.len())
}

fn refused_exit(n_refused: usize, n: usize) -> Result<(), CliError> {
    if n_refused > 0 {
        Err(CliError::Failed(format!(
            "refused in {n_refused} of {n} environments (see the message of each)"
        )))
    } else {
        Ok(())
    }
}

pub async fn access_report(
    context: &Context,
    all_envs: bool,
    output_file: Option<std::path::PathBuf>,
    separator: Separator,
) -> Result<(), CliError> {
    let environments = context.environments(all_envs)?;
    let sheet =
        all_environments::access_report(&context.data_dir, &environments, separator).await?;
    match &output_file {
        Some(path) => std::fs::write(path, &sheet).map_err(|error| {
            CliError::Failed(format!("cannot write {}: {error}", path.display()))
        })?,
        None => std::io::stdout()
            .write_all(&sheet)
            .map_err(|error| CliError::Failed(error.to_string()))?,
    }
    if let Some(path) = output_file {
        eprintln!(
            "Access report of {} environments written to {}.",
            environments.len(),
            path.display()
        );
    }
    Ok(())
}
