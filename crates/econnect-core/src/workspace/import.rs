//! Onboarding from a spreadsheet, the same for the app and `ecadmin import`: a file is read
//! ([`crate::spreadsheet`]), every row gets a verdict against the cache — what it would do,
//! with its line in the file — and nothing is sent until [`Workspace::run_import`] is asked
//! to. The run goes through the outbox and the bulk path like every invitation (each with its
//! own Idempotency-Key, so a retry never invites twice; offline, they wait), in windows so
//! that Cancel stops between them.

use std::collections::{HashMap, HashSet};

use econnect_api::BulkOptions;
use econnect_contract::{InvitationRequest, Organisation, OrganisationGrant, User};
use econnect_domain::{EmailAddress, InvitationMethod, MembershipLevel, Role, UserStatus, text};
use econnect_store::Change;
use serde::Serialize;

use super::changes::sequence_numbers;
use super::{ChangeOutcome, Workspace};
use crate::error::CoreError;
use crate::spreadsheet::columns::{self, Column, level_name, role_name};
use crate::spreadsheet::{Sheet, SheetRow, read_sheet, undo_formula_guard};

/// How many rows are queued and sent at a time; Cancel takes effect between windows.
const WINDOW: usize = 100;

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

/// The columns of a file, by position.
struct Layout {
    columns: Vec<Option<Column>>,
    has_header: bool,
    ignored: Vec<String>,
    /// The `result` column of a results file, if this is one.
    result: Option<usize>,
}

fn layout(sheet: &Sheet) -> Result<Layout, CoreError> {
    let first = &sheet.rows[0];
    let known: Vec<Option<Column>> = first
        .cells
        .iter()
        .map(|cell| columns::column_of(cell))
        .collect();
    if !known.contains(&Some(Column::Email)) {
        if first
            .cells
            .first()
            .is_some_and(|cell| EmailAddress::parse(cell).is_ok())
        {
            // No header: a column of addresses (anything beside it is ignored).
            let width = sheet
                .rows
                .iter()
                .map(|row| row.cells.len())
                .max()
                .unwrap_or(1);
            return Ok(Layout {
                columns: vec![Some(Column::Email)],
                has_header: false,
                ignored: (2..=width).map(|n| format!("column {n}")).collect(),
                result: None,
            });
        }
        return Err(CoreError::Invalid(format!(
            "the file has no email column: its first row is `{}`. Name the column of addresses \
             `email` (or e-mail, e-mailadres, mail), or save a file with one address per line",
            first.cells.join(", ")
        )));
    }
    let mut seen = HashSet::new();
    let mut columns = Vec::with_capacity(known.len());
    let mut ignored = Vec::new();
    let mut result = None;
    for (index, (cell, column)) in first.cells.iter().zip(known).enumerate() {
        match column {
            Some(Column::Informational) => {
                if columns::key(cell) == "result" || columns::key(cell) == "resultaat" {
                    result = Some(index);
                }
                columns.push(None);
            }
            Some(column) if seen.insert(column) => columns.push(Some(column)),
            _ => {
                ignored.push(if cell.is_empty() {
                    format!("column {}", index + 1)
                } else {
                    cell.clone()
                });
                columns.push(None);
            }
        }
    }
    let width = sheet
        .rows
        .iter()
        .map(|row| row.cells.len())
        .max()
        .unwrap_or(0);
    ignored.extend((columns.len() + 1..=width).map(|n| format!("column {n}")));
    Ok(Layout {
        columns,
        has_header: true,
        ignored,
        result,
    })
}

/// The cells of a row by meaning.
#[derive(Default)]
struct Cells<'a> {
    email: &'a str,
    name: &'a str,
    role: &'a str,
    organisations: &'a str,
    level: &'a str,
    method: &'a str,
}

fn cells_of<'a>(layout: &Layout, row: &'a SheetRow) -> Cells<'a> {
    let mut cells = Cells::default();
    for (column, cell) in layout.columns.iter().zip(&row.cells) {
        let cell = undo_formula_guard(cell);
        match column {
            Some(Column::Email) => cells.email = cell,
            Some(Column::Name) => cells.name = cell,
            Some(Column::Role) => cells.role = cell,
            Some(Column::Organisations) => cells.organisations = cell,
            Some(Column::Level) => cells.level = cell,
            Some(Column::Method) => cells.method = cell,
            Some(Column::Informational) | None => {}
        }
    }
    cells
}

/// The cache's organisations by id and by comparable name.
struct Organisations {
    by_key: HashMap<String, (String, String)>,
}

impl Organisations {
    fn new(organisations: &[Organisation]) -> Self {
        let mut by_key = HashMap::new();
        for organisation in organisations {
            let entry = (organisation.id.clone(), organisation.name.clone());
            by_key.insert(columns::key(&organisation.name), entry.clone());
            by_key.insert(organisation.id.clone(), entry);
        }
        Self { by_key }
    }

    /// `Acme Finance`, an id, or `Acme Finance (Organisation administrator)` as the export
    /// writes it.
    fn resolve(&self, part: &str, level: MembershipLevel) -> Result<ImportGrant, String> {
        let (name, level) = match part
            .strip_suffix(')')
            .and_then(|rest| rest.rsplit_once('('))
        {
            Some((name, suffix)) => match columns::level_of(suffix) {
                Some(level) => (name.trim(), level),
                None => (part, level),
            },
            None => (part, level),
        };
        self.by_key
            .get(name)
            .or_else(|| self.by_key.get(&columns::key(name)))
            .map(|(id, name)| ImportGrant {
                id: id.clone(),
                name: name.clone(),
                level,
            })
            .ok_or_else(|| name.to_owned())
    }
}

impl ImportRow {
    fn error(line: u64, email: &str, code: &str, message: String) -> Box<Self> {
        Box::new(Self {
            line,
            email: email.to_owned(),
            name: None,
            role: Role::Basic,
            organisations: Vec::new(),
            method: InvitationMethod::Email,
            verdict: Verdict::Error,
            code: Some(code.to_owned()),
            message,
            changes: Vec::new(),
            sends_as: None,
        })
    }

    fn verdict(mut self, verdict: Verdict, code: Option<&str>, message: String) -> Self {
        self.verdict = verdict;
        self.code = code.map(str::to_owned);
        self.message = message;
        self
    }
}

/// A row read, before the cache is asked about it.
struct Parsed {
    row: ImportRow,
    email: EmailAddress,
    /// The role cell was empty (an existing user keeps theirs).
    role_given: bool,
}

fn parse_row(
    layout: &Layout,
    row: &SheetRow,
    organisations: &Organisations,
    options: &ImportOptions,
) -> Result<Parsed, Box<ImportRow>> {
    let cells = cells_of(layout, row);
    let line = row.line;
    if cells.email.is_empty() {
        return Err(ImportRow::error(
            line,
            "",
            "missing_email",
            "no email address in this row".to_owned(),
        ));
    }
    let email = EmailAddress::parse(cells.email)
        .map_err(|error| ImportRow::error(line, cells.email, "invalid_email", error.to_string()))?;
    let fail = |code: &str, message: String| ImportRow::error(line, email.as_str(), code, message);
    let role = columns::role_of(cells.role).ok_or_else(|| {
        fail(
            "unknown_role",
            format!(
                "unknown role `{}`: write Basic user, Advanced user or Administrator (or Basisgebruiker, Gevorderde gebruiker, Beheerder)",
                cells.role
            ),
        )
    })?;
    let level = columns::level_of(cells.level).ok_or_else(|| {
        fail(
            "unknown_level",
            format!(
                "unknown level `{}`: write Member or Organisation administrator (or Lid, Organisatiebeheerder)",
                cells.level
            ),
        )
    })?;
    let method = columns::method_of(cells.method)
        .ok_or_else(|| {
            fail(
                "unknown_method",
                format!("unknown method `{}`: write invite or direct", cells.method),
            )
        })?
        .unwrap_or(options.default_method);
    let name = match cells.name {
        "" => None,
        name => Some(
            text::plain_text("name", name, text::MAX_NAME_CHARS)
                .map_err(|error| fail("invalid_name", error.to_string()))?
                .to_owned(),
        ),
    };
    let mut grants: Vec<ImportGrant> = Vec::new();
    for part in columns::split_organisations(cells.organisations) {
        let grant = organisations.resolve(&part, level).map_err(|name| {
            fail(
                "unknown_organisation",
                format!("no organisation `{name}` here: use the name as the Organisations screen shows it, or its id"),
            )
        })?;
        if !grants.iter().any(|known| known.id == grant.id) {
            grants.push(grant);
        }
    }
    Ok(Parsed {
        row: ImportRow {
            line,
            email: email.to_string(),
            name,
            role,
            organisations: grants,
            method,
            verdict: Verdict::Invite,
            code: None,
            message: String::new(),
            changes: Vec::new(),
            sends_as: None,
        },
        email,
        role_given: !cells.role.trim().is_empty(),
    })
}

/// What an import would change for a user who exists: a role given in the file that differs,
/// organisations they are not in or are in at another level (nothing is taken away).
fn update_of(parsed: &Parsed, user: &User) -> (Vec<Change>, Vec<String>) {
    let mut changes = Vec::new();
    let mut said = Vec::new();
    if parsed.role_given && parsed.row.role != user.role {
        changes.push(Change::SetRole {
            user_id: user.id.clone(),
            role: parsed.row.role,
            base_version: user.version,
        });
        said.push(format!(
            "role {} → {}",
            role_name(user.role),
            role_name(parsed.row.role)
        ));
    }
    for grant in &parsed.row.organisations {
        let current = user
            .memberships
            .iter()
            .find(|membership| membership.organisation_id == grant.id)
            .map(|membership| membership.level);
        if current == Some(grant.level) {
            continue;
        }
        changes.push(Change::SetMember {
            organisation_id: grant.id.clone(),
            user_id: user.id.clone(),
            level: grant.level,
        });
        said.push(match current {
            None => format!("+ {} as {}", grant.name, level_name(grant.level)),
            Some(level) => format!(
                "{}: {} → {}",
                grant.name,
                level_name(level),
                level_name(grant.level)
            ),
        });
    }
    (changes, said)
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

    /// Sends what the preview would do: new addresses through the bulk path, and — when
    /// `update_existing` — the existing users' changes. Rows with an error are never sent;
    /// `on_answered(done, total)` reports progress over the rows that are. Cancelling
    /// `options.cancel` stops after the window in flight: what was sent stays and is
    /// reported, the rest is reported as not sent.
    #[tracing::instrument(skip_all, fields(environment = %self.environment, rows = preview.rows.len()), err)]
    pub async fn run_import(
        &self,
        preview: &ImportPreview,
        update_existing: bool,
        options: &BulkOptions,
        on_answered: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<ImportedRow>, CoreError> {
        let sends = |row: &ImportRow| match row.verdict {
            Verdict::Invite | Verdict::Direct | Verdict::Warning => true,
            Verdict::Update => update_existing,
            Verdict::Skip | Verdict::Error => false,
        };
        let total = preview.rows.iter().filter(|row| sends(row)).count();
        let mut results: Vec<Option<(RowResult, String)>> = vec![None; preview.rows.len()];
        for (index, row) in preview.rows.iter().enumerate() {
            if !sends(row) {
                results[index] = Some(match row.verdict {
                    Verdict::Error => (RowResult::Failed, row.message.clone()),
                    Verdict::Update => (
                        RowResult::Skipped,
                        "an existing user: not updated (choose to update existing users)"
                            .to_owned(),
                    ),
                    _ => (RowResult::Skipped, row.message.clone()),
                });
            }
        }
        let mut done = 0;
        on_answered(done, total);
        let invitations: Vec<usize> = (0..preview.rows.len())
            .filter(|index| {
                sends(&preview.rows[*index]) && preview.rows[*index].verdict != Verdict::Update
            })
            .collect();
        let mut cancelled = false;
        let mut offline = false;
        for window in invitations.chunks(WINDOW) {
            if options.cancel.is_cancelled() {
                cancelled = true;
                break;
            }
            let window_start = done;
            let mut queued = Vec::with_capacity(window.len());
            for index in window {
                queued.push(self.queue(invitation_of(&preview.rows[*index])).await?);
            }
            let mine = sequence_numbers(&queued);
            let n_refused_here = window.len() - mine.len();
            done += n_refused_here;
            on_answered(done, total);
            // Offline, the rest only joins the outbox: the next sync sends it.
            if !mine.is_empty() && !offline {
                let report = econnect_store::sync::push_side_by_side(
                    &self.store,
                    &self.client,
                    &mine,
                    options,
                    &mut |_| {
                        done += 1;
                        on_answered(done, total);
                    },
                )
                .await?;
                offline = report.offline;
            }
            if offline {
                done = window_start + window.len();
                on_answered(done, total);
            }
            let seqs: Vec<Option<i64>> = queued
                .iter()
                .map(|queued| queued.as_ref().ok().copied())
                .collect();
            let mine: HashSet<i64> = mine.into_iter().collect();
            let outcomes = self.outcomes(queued, &mine).await?;
            for ((index, outcome), seq) in window.iter().zip(outcomes).zip(seqs) {
                // Cancelled: what this run queued and did not send is taken back (the
                // administrator asked for it not to be sent), and reported as not sent.
                results[*index] = Some(match (outcome, seq) {
                    (ChangeOutcome::Queued, Some(seq)) if options.cancel.is_cancelled() => {
                        self.store.discard(seq).await?;
                        (
                            RowResult::Failed,
                            "not sent: the import was cancelled".to_owned(),
                        )
                    }
                    (outcome, _) => result_of(&outcome),
                });
            }
        }
        for index in (0..preview.rows.len()).filter(|index| sends(&preview.rows[*index])) {
            if results[index].is_some() {
                continue;
            }
            let row = &preview.rows[index];
            if cancelled || options.cancel.is_cancelled() {
                cancelled = true;
                results[index] = Some((
                    RowResult::Failed,
                    "not sent: the import was cancelled".to_owned(),
                ));
                continue;
            }
            if row.verdict == Verdict::Update {
                let outcomes = self.apply(row.changes.clone(), &mut |_, _| {}).await?;
                results[index] = Some(combined(&outcomes));
                done += 1;
                on_answered(done, total);
            }
        }
        self.store.announce_connection_state().await?;
        Ok(preview
            .rows
            .iter()
            .cloned()
            .zip(results)
            .map(|(row, result)| {
                let (result, result_message) =
                    result.unwrap_or((RowResult::Failed, "not sent".to_owned()));
                ImportedRow {
                    row,
                    result,
                    result_message,
                }
            })
            .collect())
    }
}

fn invitation_of(row: &ImportRow) -> Change {
    let method = match row.sends_as {
        Some(Verdict::Direct) => InvitationMethod::Direct,
        _ => row.method,
    };
    Change::Invite {
        request: InvitationRequest {
            email: row.email.clone(),
            name: row.name.clone(),
            role: Some(row.role),
            method: Some(method),
            organisations: row
                .organisations
                .iter()
                .map(|grant| OrganisationGrant {
                    organisation_id: grant.id.clone(),
                    level: grant.level,
                })
                .collect(),
        },
    }
}

fn result_of(outcome: &ChangeOutcome) -> (RowResult, String) {
    match outcome {
        ChangeOutcome::Done => (RowResult::Sent, String::new()),
        ChangeOutcome::Queued => (
            RowResult::Queued,
            "waits to be sent: the platform could not be reached".to_owned(),
        ),
        ChangeOutcome::Conflict { reason, .. } | ChangeOutcome::Refused { reason, .. } => {
            (RowResult::Failed, reason.clone())
        }
    }
}

/// One row's result over its changes: failed if any failed, queued if any waits, else sent.
fn combined(outcomes: &[ChangeOutcome]) -> (RowResult, String) {
    let results: Vec<(RowResult, String)> = outcomes.iter().map(result_of).collect();
    if let Some(failed) = results
        .iter()
        .find(|(result, _)| *result == RowResult::Failed)
    {
        return failed.clone();
    }
    if let Some(queued) = results
        .iter()
        .find(|(result, _)| *result == RowResult::Queued)
    {
        return queued.clone();
    }
    (RowResult::Sent, String::new())
}
