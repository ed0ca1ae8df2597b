//! Over every cache: the access report auditors ask for, and the insights that only make
//! sense across environments.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Utc};
use econnect_domain::UserStatus;
use econnect_store::Store;

use super::{PeopleDirectory, display_name};
use crate::environments::SavedEnvironment;
use crate::error::CoreError;
use crate::session::cache_path;
use crate::spreadsheet::columns::{level_name, role_name};
use crate::spreadsheet::{Separator, SheetWriter};

/// The access report's columns.
pub const ACCESS_REPORT_HEADER: [&str; 10] = [
    "environment",
    "email",
    "name",
    "role",
    "status",
    "organisation",
    "level",
    "invited by",
    "invited at",
    "last synced",
];

fn status_name(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Invited => "Invited",
        UserStatus::Active => "Active",
        UserStatus::Blocked => "Blocked",
    }
}

fn io(error: std::io::Error) -> CoreError {
    CoreError::Invalid(format!("the report could not be written: {error}"))
}

fn when(at: Option<DateTime<Utc>>) -> String {
    at.map(|at| at.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Who has access where: one row per environment × user × organisation (a user without
/// organisation gets one row with the organisation empty), from the caches, as a
/// spreadsheet — UTF-8 with BOM, CRLF, every field quoted, formulas neutralised, like the
/// overview's export. Environments without a cache here are left out.
#[tracing::instrument(skip_all, fields(n = environments.len()), err)]
pub async fn access_report(
    data_dir: &Path,
    environments: &[SavedEnvironment],
    separator: Separator,
) -> Result<Vec<u8>, CoreError> {
    let mut sheet = SheetWriter::new(separator);
    sheet.row(ACCESS_REPORT_HEADER).map_err(io)?;
    for environment in environments {
        let path = cache_path(data_dir, &environment.name);
        if !path.exists() {
            continue;
        }
        let store = Store::open(&path).await?;
        let read = async {
            Ok::<_, CoreError>((
                store.all_users().await?,
                store.organisations().await?,
                store.sync_state().await?,
            ))
        }
        .await;
        store.close().await;
        let (users, organisations, state) = read?;
        let names: HashMap<String, String> = organisations
            .into_iter()
            .map(|organisation| (organisation.id, organisation.name))
            .collect();
        let environment_name = display_name(environment);
        let synced = when(state.last_synced_at);
        for user in users {
            let invitation = user.invitation.as_ref();
            let invited_by = invitation
                .and_then(|i| i.invited_by.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default();
            let invited_at = when(invitation.map(|i| i.invited_at));
            let mut grants: Vec<(&str, &str)> = user
                .memberships
                .iter()
                .map(|membership| {
                    (
                        names
                            .get(&membership.organisation_id)
                            .map_or(membership.organisation_id.as_str(), String::as_str),
                        level_name(membership.level),
                    )
                })
                .collect();
            grants.sort();
            if grants.is_empty() {
                grants.push(("", ""));
            }
            for (organisation, level) in grants {
                sheet
                    .row([
                        environment_name,
                        user.email.as_str(),
                        user.name.as_deref().unwrap_or_default(),
                        role_name(user.role),
                        status_name(user.status),
                        organisation,
                        level,
                        &invited_by,
                        &invited_at,
                        &synced,
                    ])
                    .map_err(io)?;
            }
        }
    }
    sheet.finish().map_err(io)
}

/// What needs attention in one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentInsight {
    pub environment: String,
    pub environment_name: String,
    pub active_administrators: u32,
    pub expired_invitations: u32,
    pub stale_invitations: u32,
    pub without_organisation: u32,
    pub users: u32,
    pub last_synced_at: Option<DateTime<Utc>>,
}

/// Someone who is administrator in several environments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonWithAdminRole {
    pub email: String,
    pub name: Option<String>,
    /// The environments' display names.
    pub environments: Vec<String>,
}

/// The insights across environments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossInsights {
    /// Every environment with a cache, with its counts (filter on what you need).
    pub environments: Vec<EnvironmentInsight>,
    /// People with the administrator role in two or more environments, most first.
    pub administrators_in_many: Vec<PersonWithAdminRole>,
}

impl CrossInsights {
    /// Environments with exactly one active administrator: if that person leaves or is
    /// locked out, nobody can manage it.
    pub fn single_administrator(&self) -> impl Iterator<Item = &EnvironmentInsight> {
        self.environments
            .iter()
            .filter(|e| e.active_administrators == 1)
    }
}

/// Insights over every cache (offline too).
#[tracing::instrument(skip_all, fields(n = environments.len()), err)]
pub async fn cross_insights(
    data_dir: &Path,
    environments: &[SavedEnvironment],
    directory: &PeopleDirectory,
) -> Result<CrossInsights, CoreError> {
    let mut insights = Vec::new();
    for environment in environments {
        let path = cache_path(data_dir, &environment.name);
        if !path.exists() {
            continue;
        }
        let store = Store::open(&path).await?;
        let read =
            async { Ok::<_, CoreError>((store.status_counts().await?, store.sync_state().await?)) }
                .await;
        store.close().await;
        let (counts, state) = read?;
        insights.push(EnvironmentInsight {
            environment: environment.name.clone(),
            environment_name: display_name(environment).to_owned(),
            active_administrators: counts.active_administrators,
            expired_invitations: counts.expired,
            stale_invitations: counts.stale_invitations,
            without_organisation: counts.no_organisation,
            users: counts.total,
            last_synced_at: state.last_synced_at,
        });
    }
    let mut administrators: BTreeMap<String, PersonWithAdminRole> = BTreeMap::new();
    for row in directory.everyone(data_dir, environments).await? {
        if !row.role.is_administrator() || row.status != UserStatus::Active {
            continue;
        }
        let entry =
            administrators
                .entry(row.email.clone())
                .or_insert_with(|| PersonWithAdminRole {
                    email: row.email.clone(),
                    name: row.name.clone(),
                    environments: Vec::new(),
                });
        entry.environments.push(row.environment_name);
    }
    let mut administrators_in_many: Vec<PersonWithAdminRole> = administrators
        .into_values()
        .filter(|person| person.environments.len() >= 2)
        .collect();
    administrators_in_many.sort_by(|a, b| {
        b.environments
            .len()
            .cmp(&a.environments.len())
            .then_with(|| a.email.cmp(&b.email))
    });
    Ok(CrossInsights {
        environments: insights,
        administrators_in_many,
    })
}
