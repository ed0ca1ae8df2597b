//! One row of a file: which column means what, the values in it, the organisations it names,
//! and what it would change for a user who exists already.

use std::collections::{HashMap, HashSet};

use econnect_contract::{Organisation, User};
use econnect_domain::{EmailAddress, InvitationMethod, MembershipLevel, Role, text};
use econnect_store::Change;

use super::{ImportGrant, ImportOptions, ImportRow, Verdict};
use crate::error::CoreError;
use crate::spreadsheet::columns::{self, Column, level_name, role_name};
use crate::spreadsheet::{Sheet, SheetRow, undo_formula_guard};

/// The columns of a file, by position.
pub(super) struct Layout {
    columns: Vec<Option<Column>>,
    pub(super) has_header: bool,
    pub(super) ignored: Vec<String>,
    /// The `result` column of a results file, if this is one.
    pub(super) result: Option<usize>,
}

pub(super) fn layout(sheet: &Sheet) -> Result<Layout, CoreError> {
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
pub(super) struct Organisations {
    by_key: HashMap<String, (String, String)>,
}

impl Organisations {
    pub(super) fn new(organisations: &[Organisation]) -> Self {
        let mut by_key = HashMap::new();
        for organisation in organisations {
            let entry = (organisation.id.clone(), organisation.name.clone());
            by_key.insert(columns::key(&organisation.name), entry.clone());
            by_key.insert(organisation.id.clone(), entry);
        }
        Self { by_key }
    }

    /// `Acme Finance`, an id, or `Acme Finance (Organisation administrator)` as the export
    /// writes it; `None` when no organisation here has that name or id.
    fn resolve(&self, part: &str, level: MembershipLevel) -> Option<ImportGrant> {
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

    pub(super) fn verdict(mut self, verdict: Verdict, code: Option<&str>, message: String) -> Self {
        self.verdict = verdict;
        self.code = code.map(str::to_owned);
        self.message = message;
        self
    }
}

/// A row read, before the cache is asked about it.
pub(super) struct Parsed {
    pub(super) row: ImportRow,
    pub(super) email: EmailAddress,
    /// The role cell was empty (an existing user keeps theirs).
    role_given: bool,
}

pub(super) fn parse_row(
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
        let grant = organisations.resolve(&part, level).ok_or_else(|| {
            fail(
                "unknown_organisation",
                format!("no organisation `{part}` here: use the name as the Organisations screen shows it, or its id"),
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
pub(super) fn update_of(parsed: &Parsed, user: &User) -> (Vec<Change>, Vec<String>) {
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
