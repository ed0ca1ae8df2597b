//! Onboarding from a spreadsheet, the same for the app and `ecadmin import`: a file is read
//! ([`crate::spreadsheet`]), every row gets a verdict against the cache — what it would do,
//! with its line in the file — and nothing is sent until [`Workspace::run_import`] is asked
//! to. The run goes through the outbox and the bulk path like every invitation (each with its
//! own Idempotency-Key, so a retry never invites twice; offline, they wait); Cancel stops it
//! and takes back what it queued and did not send.
//!
//! Here: the types and the preview; `rows` reads a row (columns, values, organisations) and
//! what it would change for an existing user; `run` sends.

mod rows;
mod run;

use std::collections::HashMap;

use econnect_domain::{InvitationMethod, MembershipLevel, Role, UserStatus};
use econnect_store::Change;
use serde::Serialize;

use super::Workspace;
use crate::error::CoreError;
use crate::spreadsheet::columns::role_name;
use crate::spreadsheet::read_sheet;
use rows::{Organisations, Parsed, layout, parse_row, update_of};

/// What one row would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// A new address, invited by email.
    Invite,
    /// A new address, added directly.
    Direct,
    /// An existing user whose role or organisations would change (only when asked).
    Update,
    /// Nothing to do: already invited, or a user with this access already.
    Skip,
    /// Sent once confirmed, but worth a look (free mail, a domain no one here uses).
    Warning,
    /// Never sent: what is wrong is in the message.
    Error,
}

/// An organisation a row grants, resolved against the cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportGrant {
    pub id: String,
    pub name: String,
    pub level: MembershipLevel,
}

/// One data row of the file and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportRow {
    /// The line of the file the row starts on.
    pub line: u64,
    /// Normalised when it is an address; as in the file otherwise.
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    pub organisations: Vec<ImportGrant>,
    pub method: InvitationMethod,
    pub verdict: Verdict,
    /// Machine-readable: `invalid_email`, `duplicate`, `unknown_organisation`, `free_mail`,
    /// `already_invited`, `same_access`, …
    pub code: Option<String>,
    /// What the verdict means for this row, for a person.
    pub message: String,
    /// For an existing user: the changes an update would make.
    #[serde(skip)]
    pub changes: Vec<Change>,
    /// The method a warning row is sent with (invite or direct).
    #[serde(skip)]
    sends_as: Option<Verdict>,
}

/// What a file would do, row by row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// "UTF-8", "UTF-16LE", "windows-1252", …
    pub encoding: String,
    /// "comma", "semicolon" or "tab".
    pub separator: String,
    pub has_header: bool,
    /// Header cells the importer does not know (ignored), and "column N" for cells past the
    /// header.
    pub ignored_columns: Vec<String>,
    pub rows: Vec<ImportRow>,
    pub counts: VerdictCounts,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictCounts {
    pub invite: usize,
    pub direct: usize,
    pub update: usize,
    pub skip: usize,
    pub warning: usize,
    pub error: usize,
}

impl VerdictCounts {
    fn of(rows: &[ImportRow]) -> Self {
        let mut counts = Self::default();
        for row in rows {
            *match row.verdict {
                Verdict::Invite => &mut counts.invite,
                Verdict::Direct => &mut counts.direct,
                Verdict::Update => &mut counts.update,
                Verdict::Skip => &mut counts.skip,
                Verdict::Warning => &mut counts.warning,
                Verdict::Error => &mut counts.error,
            } += 1;
        }
        counts
    }
}

/// Choices for a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// For rows without a method: invite by email unless told otherwise.
    pub default_method: InvitationMethod,
}

/// What became of one row in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RowResult {
    Sent,
    /// Waits in the outbox: the platform could not be reached.
    Queued,
    Skipped,
    Failed,
}

impl RowResult {
    pub fn as_str(self) -> &'static str {
        match self {
            RowResult::Sent => "sent",
            RowResult::Queued => "queued",
            RowResult::Skipped => "skipped",
            RowResult::Failed => "failed",
        }
    }
}

/// A row with what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedRow {
    #[serde(flatten)]
    pub row: ImportRow,
    pub result: RowResult,
    /// Why it failed or was skipped; empty when sent.
    pub result_message: String,
}

impl Workspace {
    /// Reads a file and gives every data row its verdict, against what is cached; nothing is
    /// sent. A file that cannot be read at all is one error saying why.
    #[tracing::instrument(skip_all, fields(environment = %self.environment, bytes = bytes.len()), err)]
    pub async fn preview_import(
        &self,
        bytes: &[u8],
        options: &ImportOptions,
    ) -> Result<ImportPreview, CoreError> {
        let sheet = read_sheet(bytes)?;
        let layout = layout(&sheet)?;
        let data = if layout.has_header {
            &sheet.rows[1..]
        } else {
            &sheet.rows[..]
        };
        if data.is_empty() {
            return Err(CoreError::Invalid(
                "the file has a header row and nothing under it: add one row per person".to_owned(),
            ));
        }
        let organisations = Organisations::new(&self.store.organisations().await?);
        let mut parsed = Vec::with_capacity(data.len());
        for row in data {
            // A results file: what an earlier run did is not done again.
            let earlier = layout
                .result
                .and_then(|index| row.cells.get(index))
                .map(|cell| cell.trim().to_lowercase())
                .filter(|result| matches!(result.as_str(), "sent" | "queued" | "skipped"));
            parsed.push((parse_row(&layout, row, &organisations, options), earlier));
        }
        let emails: Vec<String> = parsed
            .iter()
            .filter_map(|(row, _)| row.as_ref().ok().map(|parsed| parsed.row.email.clone()))
            .collect();
        let users = self.store.users_by_email(&emails).await?;
        let mut first_line: HashMap<String, u64> = HashMap::new();
        let mut domains: HashMap<String, bool> = HashMap::new();
        let mut rows = Vec::with_capacity(parsed.len());
        for (parsed, earlier) in parsed {
            let parsed = match parsed {
                Ok(parsed) => parsed,
                Err(error_row) => {
                    rows.push(*error_row);
                    continue;
                }
            };
            if let Some(line) = first_line.get(&parsed.row.email) {
                let message = format!("the same address as line {line}; it is imported once");
                rows.push(
                    parsed
                        .row
                        .verdict(Verdict::Error, Some("duplicate"), message),
                );
                continue;
            }
            first_line.insert(parsed.row.email.clone(), parsed.row.line);
            if let Some(result) = earlier {
                let message = format!("{result} by an earlier run (this is a results file)");
                rows.push(
                    parsed
                        .row
                        .verdict(Verdict::Skip, Some("done_before"), message),
                );
                continue;
            }
            rows.push(match users.get(&parsed.row.email) {
                Some(user) if user.status == UserStatus::Invited => {
                    let message =
                        "already invited; resend the invitation from their page".to_owned();
                    parsed
                        .row
                        .verdict(Verdict::Skip, Some("already_invited"), message)
                }
                Some(user) => {
                    let (changes, said) = update_of(&parsed, user);
                    if changes.is_empty() {
                        let message = "already a user with this access".to_owned();
                        parsed
                            .row
                            .verdict(Verdict::Skip, Some("same_access"), message)
                    } else {
                        let mut row = parsed.row.verdict(
                            Verdict::Update,
                            Some("existing_user"),
                            format!("existing user: {}", said.join("; ")),
                        );
                        row.changes = changes;
                        row
                    }
                }
                None => self.new_address_verdict(parsed, &mut domains).await?,
            });
        }
        Ok(ImportPreview {
            encoding: sheet.encoding.to_owned(),
            separator: sheet.separator.name().to_owned(),
            has_header: layout.has_header,
            ignored_columns: layout.ignored,
            counts: VerdictCounts::of(&rows),
            rows,
        })
    }

    async fn new_address_verdict(
        &self,
        parsed: Parsed,
        domains: &mut HashMap<String, bool>,
    ) -> Result<ImportRow, CoreError> {
        let sends_as = match parsed.row.method {
            InvitationMethod::Email => Verdict::Invite,
            InvitationMethod::Direct => Verdict::Direct,
        };
        let mut warnings = Vec::new();
        let mut code = None;
        if parsed.email.is_free_mail() {
            warnings
                .push("a free-mail address: business addresses are strongly preferred".to_owned());
            code = Some("free_mail");
        } else if sends_as == Verdict::Invite {
            let domain = parsed.email.domain().to_owned();
            let known = match domains.get(&domain) {
                Some(known) => *known,
                None => {
                    let known = self.store.domain_in_use(&domain).await?;
                    domains.insert(domain.clone(), known);
                    known
                }
            };
            if !known {
                warnings.push(format!(
                    "no one here has an address at {domain}: if that domain belongs to another environment the invitation is refused; then add directly (method direct)"
                ));
                code = Some("unfamiliar_domain");
            }
        }
        if parsed.row.role == Role::Administrator {
            warnings.push("becomes an administrator of the whole environment".to_owned());
            code = code.or(Some("administrator"));
        }
        let what = match sends_as {
            Verdict::Direct => "will be added directly",
            _ => "will be invited",
        };
        let organisations = match parsed.row.organisations.len() {
            0 => " without organisations (they see no documents until they get one)".to_owned(),
            n => format!(
                " with access to {n} organisation{}",
                if n == 1 { "" } else { "s" }
            ),
        };
        let role = role_name(parsed.row.role);
        let message = format!("{what} as {role}{organisations}");
        let mut row = if warnings.is_empty() {
            parsed.row.verdict(sends_as, None, message)
        } else {
            let message = format!("{message}; {}", warnings.join("; "));
            parsed.row.verdict(Verdict::Warning, code, message)
        };
        row.sends_as = Some(sends_as);
        Ok(row)
    }
}
