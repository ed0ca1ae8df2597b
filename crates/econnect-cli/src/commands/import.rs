//! `ecadmin import` and `ecadmin export`: the app's spreadsheet import and export, through
//! the same core functions (`Workspace::preview_import`, `run_import`, `export_users`).

use std::io::{IsTerminal, Read, Write};

use econnect_api::BulkOptions;
use econnect_core::spreadsheet::{self, Separator};
use econnect_core::workspace::{
    ImportOptions, ImportPreview, ImportedRow, RowResult, Verdict, results_sheet,
};
use econnect_domain::InvitationMethod;
use econnect_store::SearchQuery;

use crate::cli::{ExportArgs, ImportArgs};
use crate::commands::Context;
use crate::error::CliError;
use crate::output;

/// The file's bytes, its size checked before it is read; `-` is standard input.
fn read_input(file: &str) -> Result<Vec<u8>, CliError> {
    let unreadable =
        |error: std::io::Error| CliError::Usage(format!("{file} cannot be read: {error}"));
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(spreadsheet::MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        spreadsheet::check_size(bytes.len() as u64)
            .map_err(|error| CliError::Usage(error.to_string()))?;
        return Ok(bytes);
    }
    let metadata = std::fs::metadata(file).map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(CliError::Usage(format!("{file} is a folder, not a file")));
    }
    spreadsheet::check_size(metadata.len())
        .map_err(|error| CliError::Usage(format!("{file}: {error}")))?;
    std::fs::read(file).map_err(unreadable)
}

fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Invite => "invite",
        Verdict::Direct => "direct",
        Verdict::Update => "update",
        Verdict::Skip => "skip",
        Verdict::Warning => "warning",
        Verdict::Error => "error",
    }
}

fn summary(preview: &ImportPreview) -> String {
    let counts = &preview.counts;
    format!(
        "{} rows ({}, {} separated): {} to invite, {} to add directly, {} existing users to update, {} with a warning, {} skipped, {} with an error",
        preview.rows.len(),
        preview.encoding,
        preview.separator,
        counts.invite,
        counts.direct,
        counts.update,
        counts.warning,
        counts.skip,
        counts.error
    )
}

fn print_preview(preview: &ImportPreview) {
    output::table(
        &[
            "LINE", "EMAIL", "NAME", "ROLE", "ORGS", "VERDICT", "MESSAGE",
        ],
        preview
            .rows
            .iter()
            .map(|row| {
                vec![
                    row.line.to_string(),
                    row.email.clone(),
                    row.name.clone().unwrap_or_default(),
                    row.role.to_string(),
                    row.organisations
                        .iter()
                        .map(|grant| grant.name.as_str())
                        .collect::<Vec<_>>()
                        .join(" | "),
                    verdict_word(row.verdict).to_owned(),
                    row.message.clone(),
                ]
            })
            .collect(),
    );
}

/// Asks on the terminal; without one (a script), `--yes` is needed.
pub(crate) fn confirmed(question: &str) -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "not sent: confirm with --yes (no terminal to ask on), or look first with --dry-run"
                .to_owned(),
        ));
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|error| CliError::Failed(error.to_string()))?;
    Ok(matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "j" | "ja"
    ))
}

pub async fn import(context: &Context, args: ImportArgs) -> Result<(), CliError> {
    let bytes = read_input(&args.file)?;
    let workspace = context.workspace().await?;
    let options = ImportOptions {
        default_method: if args.direct {
            InvitationMethod::Direct
        } else {
            InvitationMethod::Email
        },
    };
    let preview = workspace.preview_import(&bytes, &options).await?;
    if !preview.ignored_columns.is_empty() {
        eprintln!("ignored columns: {}", preview.ignored_columns.join(", "));
    }
    eprintln!("{}", summary(&preview));
    let has_errors = preview.counts.error > 0;
    if args.dry_run {
        if context.json {
            output::json(&preview.rows)?;
        } else {
            print_preview(&preview);
        }
        return if has_errors {
            Err(CliError::Failed(format!(
                "{} rows have an error; nothing was sent",
                preview.counts.error
            )))
        } else {
            Ok(())
        };
    }
    let n_to_send = preview.counts.invite
        + preview.counts.direct
        + preview.counts.warning
        + if args.update_existing {
            preview.counts.update
        } else {
            0
        };
    if n_to_send > 0 && !args.yes {
        if !context.json {
            print_preview(&preview);
        }
        if !confirmed(&format!("send {n_to_send} rows?"))? {
            return Err(CliError::Failed("nothing was sent".to_owned()));
        }
    }
    let started = std::time::Instant::now();
    let results = workspace
        .run_import(
            &preview,
            args.update_existing,
            &BulkOptions::default(),
            &mut |done, total| {
                if total > 0 && std::io::stderr().is_terminal() {
                    let rate = done as f64 / started.elapsed().as_secs_f64().max(0.001);
                    eprint!("\r{done} of {total} ({rate:.0} per second)   ");
                }
            },
        )
        .await?;
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
    if let Some(path) = &args.results {
        let separator = match preview.separator.as_str() {
            "semicolon" => Separator::Semicolon,
            "tab" => Separator::Tab,
            _ => Separator::Comma,
        };
        let sheet = results_sheet(&results, separator)?;
        std::fs::write(path, sheet).map_err(|error| {
            CliError::Failed(format!(
                "the results file {} could not be written: {error}",
                path.display()
            ))
        })?;
        eprintln!("results written to {}", path.display());
    }
    report(context, &results)
}

fn report(context: &Context, results: &[ImportedRow]) -> Result<(), CliError> {
    let count = |result: RowResult| results.iter().filter(|row| row.result == result).count();
    let failed = count(RowResult::Failed);
    if context.json {
        output::json(&results)?;
    } else {
        output::table(
            &["LINE", "EMAIL", "RESULT", "MESSAGE"],
            results
                .iter()
                .filter(|row| {
                    row.result != RowResult::Skipped || row.row.verdict == Verdict::Update
                })
                .map(|row| {
                    vec![
                        row.row.line.to_string(),
                        row.row.email.clone(),
                        row.result.as_str().to_owned(),
                        row.result_message.clone(),
                    ]
                })
                .collect(),
        );
    }
    eprintln!(
        "{} sent, {} queued (sent by the next `ecadmin sync`), {} skipped, {failed} failed",
        count(RowResult::Sent),
        count(RowResult::Queued),
        count(RowResult::Skipped)
    );
    if failed > 0 {
        return Err(CliError::Failed(format!(
            "{failed} rows were not sent; fix them in the results file (--results) and import it again"
        )));
    }
    Ok(())
}

pub async fn export(context: &Context, args: ExportArgs) -> Result<(), CliError> {
    let workspace = context.cached_workspace().await?;
    let query = SearchQuery {
        status: args.status,
        role: args.role,
        organisation_id: args.organisation,
        ..SearchQuery::default()
    };
    let sheet = workspace.export_users(&query, args.separator).await?;
    match &args.output {
        Some(path) => std::fs::write(path, &sheet).map_err(|error| {
            CliError::Failed(format!("{} could not be written: {error}", path.display()))
        })?,
        None => std::io::stdout()
            .write_all(&sheet)
            .map_err(|error| CliError::Failed(error.to_string()))?,
    }
    Ok(())
}
