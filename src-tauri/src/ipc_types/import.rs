//! A spreadsheet import as the window sees it: the preview's summary, its rows a window at a
//! time (a file may have 200,000), and the run's report.

use econnect_core::spreadsheet::columns::level_name;
use econnect_core::workspace::{ImportPreview, ImportRow, ImportedRow, RowResult, Verdict};
use serde::Serialize;

use super::{RoleView, count};

mirror_enum! {
    /// What a row would do.
    VerdictView <=> Verdict { Invite, Direct, Update, Skip, Warning, Error }
}

mirror_enum! {
    /// What became of a row.
    RowResultView <=> RowResult { Sent, Queued, Skipped, Failed }
}

#[derive(Debug, Clone, Default, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VerdictCountsView {
    pub invite: u32,
    pub direct: u32,
    pub update: u32,
    pub skip: u32,
    pub warning: u32,
    pub error: u32,
}

/// What a file would do, in sum.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummaryView {
    pub file_name: String,
    pub encoding: String,
    /// "comma", "semicolon" or "tab".
    pub separator: String,
    pub has_header: bool,
    pub ignored_columns: Vec<String>,
    pub total: u32,
    pub counts: VerdictCountsView,
}

impl ImportSummaryView {
    pub fn new(file_name: &str, preview: &ImportPreview) -> Self {
        let counts = &preview.counts;
        Self {
            file_name: file_name.to_owned(),
            encoding: preview.encoding.clone(),
            separator: preview.separator.clone(),
            has_header: preview.has_header,
            ignored_columns: preview.ignored_columns.clone(),
            total: count(preview.rows.len()),
            counts: VerdictCountsView {
                invite: count(counts.invite),
                direct: count(counts.direct),
                update: count(counts.update),
                skip: count(counts.skip),
                warning: count(counts.warning),
                error: count(counts.error),
            },
        }
    }
}

/// One row of the preview (and, after the run, what became of it).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRowView {
    /// The line of the file.
    pub line: u32,
    pub email: String,
    pub name: Option<String>,
    pub role: RoleView,
    /// "Acme Finance (Member)", …
    pub organisations: Vec<String>,
    pub verdict: VerdictView,
    pub code: Option<String>,
    pub message: String,
    pub result: Option<RowResultView>,
    pub result_message: Option<String>,
}

impl ImportRowView {
    pub fn of(row: &ImportRow, imported: Option<&ImportedRow>) -> Self {
        Self {
            line: count(row.line),
            email: row.email.clone(),
            name: row.name.clone(),
            role: row.role.into(),
            organisations: row
                .organisations
                .iter()
                .map(|grant| format!("{} ({})", grant.name, level_name(grant.level)))
                .collect(),
            verdict: row.verdict.into(),
            code: row.code.clone(),
            message: row.message.clone(),
            result: imported.map(|imported| imported.result.into()),
            result_message: imported
                .map(|imported| imported.result_message.clone())
                .filter(|message| !message.is_empty()),
        }
    }
}

/// A window of the preview's rows.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRowsView {
    /// Rows that pass the filter.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<ImportRowView>,
}

/// What a run did, and where its results file is.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReportView {
    pub sent: u32,
    pub queued: u32,
    pub skipped: u32,
    pub failed: u32,
    /// The results file, saved next to the user's downloads.
    pub results_file: Option<String>,
    /// Why it could not be saved (the report is still here).
    pub results_file_error: Option<String>,
}

impl ImportReportView {
    pub fn new(results: &[ImportedRow]) -> Self {
        let n =
            |result: RowResult| count(results.iter().filter(|row| row.result == result).count());
        Self {
            sent: n(RowResult::Sent),
            queued: n(RowResult::Queued),
            skipped: n(RowResult::Skipped),
            failed: n(RowResult::Failed),
            results_file: None,
            results_file_error: None,
        }
    }
}
