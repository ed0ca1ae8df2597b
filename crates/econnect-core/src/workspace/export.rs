//! Users out to a spreadsheet, with the importer's column names so that export → edit in
//! Excel → import round-trips; and the results file of an import, the same columns plus
//! `result` and `message`, which imports again with only the rows that failed.

use std::collections::HashMap;

use econnect_domain::{MembershipLevel, UserStatus};
use econnect_store::SearchQuery;

use super::Workspace;
use super::import::{ImportGrant, ImportedRow};
use crate::error::CoreError;
use crate::spreadsheet::columns::{EXPORT_HEADER, level_name, role_name};
use crate::spreadsheet::{Separator, SheetWriter};

fn status_name(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Invited => "Invited",
        UserStatus::Active => "Active",
        UserStatus::Blocked => "Blocked",
    }
}

/// `Acme Finance (Member) | Acme Retail BV (Organisation administrator)`: each organisation
/// with its level, as the importer reads it back.
fn organisations_cell<'a>(grants: impl IntoIterator<Item = (&'a str, MembershipLevel)>) -> String {
    grants
        .into_iter()
        .map(|(name, level)| format!("{name} ({})", level_name(level)))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn io(error: std::io::Error) -> CoreError {
    CoreError::Invalid(format!("the file could not be written: {error}"))
}

impl Workspace {
    /// The users the overview's `query` finds (its window ignored: all of them), from the
    /// cache, as a spreadsheet. Works offline.
    #[tracing::instrument(skip_all, fields(environment = %self.environment), err)]
    pub async fn export_users(
        &self,
        query: &SearchQuery,
        separator: Separator,
    ) -> Result<Vec<u8>, CoreError> {
        let everyone = SearchQuery {
            offset: 0,
            limit: u32::MAX,
            ..query.clone()
        };
        let ids: Vec<String> = self
            .store
            .search(&everyone)
            .await?
            .rows
            .into_iter()
            .map(|row| row.id)
            .collect();
        let users = self.store.users_by_id(&ids).await?;
        let names: HashMap<String, String> = self
            .store
            .organisations()
            .await?
            .into_iter()
            .map(|organisation| (organisation.id, organisation.name))
            .collect();
        let mut sheet = SheetWriter::new(separator);
        sheet.row(EXPORT_HEADER).map_err(io)?;
        for user in users {
            let organisations = organisations_cell(user.memberships.iter().map(|membership| {
                let name = names
                    .get(&membership.organisation_id)
                    .map_or(membership.organisation_id.as_str(), String::as_str);
                (name, membership.level)
            }));
            let invitation = user.invitation.as_ref();
            let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
                at.map(|at| at.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default()
            };
            sheet
                .row([
                    user.email.to_string(),
                    user.name.clone().unwrap_or_default(),
                    role_name(user.role).to_owned(),
                    status_name(user.status).to_owned(),
                    organisations,
                    String::new(),
                    if user.relationship_manager { "yes" } else { "" }.to_owned(),
                    invitation
                        .and_then(|invitation| invitation.invited_by.as_ref())
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    when(invitation.map(|invitation| invitation.invited_at)),
                    when(invitation.map(|invitation| invitation.expires_at)),
                ])
                .map_err(io)?;
        }
        sheet.finish().map_err(io)
    }
}

/// An import's results as a spreadsheet: each row as read, with `result` and `message`.
/// Imported again, it sends only the rows that did not succeed.
pub fn results_sheet(rows: &[ImportedRow], separator: Separator) -> Result<Vec<u8>, CoreError> {
    let mut sheet = SheetWriter::new(separator);
    sheet
        .row([
            "line",
            "email",
            "name",
            "role",
            "organisations",
            "method",
            "result",
            "message",
        ])
        .map_err(io)?;
    for imported in rows {
        let row = &imported.row;
        let organisations = organisations_cell(
            row.organisations
                .iter()
                .map(|ImportGrant { name, level, .. }| (name.as_str(), *level)),
        );
        let message = if imported.result_message.is_empty() {
            row.message.clone()
        } else {
            imported.result_message.clone()
        };
        sheet
            .row([
                row.line.to_string(),
                row.email.clone(),
                row.name.clone().unwrap_or_default(),
                role_name(row.role).to_owned(),
                organisations,
                row.method.to_string(),
                imported.result.as_str().to_owned(),
                message,
            ])
            .map_err(io)?;
    }
    sheet.finish().map_err(io)
}
