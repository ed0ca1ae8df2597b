//! Sending what a preview would do: queued a window at a time (one transaction each), then
//! sent through the bulk path; Cancel stops the sending and takes back what is left queued.

use std::collections::HashSet;

use econnect_api::BulkOptions;
use econnect_contract::{InvitationRequest, OrganisationGrant};
use econnect_domain::InvitationMethod;
use econnect_store::Change;

use super::{ImportPreview, ImportRow, ImportedRow, RowResult, Verdict};
use crate::error::CoreError;
use crate::workspace::changes::sequence_numbers;
use crate::workspace::{ChangeOutcome, Workspace};

/// How many rows are queued (in one transaction) and then sent at a time. Cancel stops the
/// sending at once; what it leaves queued of the window is taken back.
const WINDOW: usize = 250;

impl Workspace {
    /// Sends what the preview would do: new addresses through the bulk path, and — when
    /// `update_existing` — the existing users' changes. Rows with an error are never sent;
    /// `on_answered(done, total)` reports progress over the rows that are. Cancelling
    /// `options.cancel` stops the sending: what was sent stays and is reported, what this
    /// run queued and did not send is taken back and reported as not sent.
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
            // Held until the window's results are read back and what was not sent is taken
            // back: the background sync must not send one of them meanwhile (it would land
            // while reported "not sent").
            let sending = self.store.sending().await;
            let queued = self
                .queue_all(
                    window
                        .iter()
                        .map(|index| invitation_of(&preview.rows[*index]))
                        .collect(),
                )
                .await?;
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
                    &sending,
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
