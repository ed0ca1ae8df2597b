//! Changes and what became of each; the changes waiting to be sent, and settling conflicts.

use std::collections::{HashMap, HashSet};

use econnect_contract::ErrorCode;
use econnect_store::{Change, OutboxEntry, OutboxState, StoreError};

use super::Workspace;
use crate::error::CoreError;

/// What became of one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeOutcome {
    /// The platform applied it.
    Done,
    /// The platform cannot be reached: it waits and is sent by the next sync.
    Queued,
    /// Changed elsewhere meanwhile (or no longer possible): the administrator decides.
    Conflict {
        reason: String,
        code: Option<ErrorCode>,
    },
    /// Refused, here before sending or by the platform; nothing changed. `code` is the
    /// platform's (also for a refusal here: the code the platform would have answered).
    Refused {
        reason: String,
        code: Option<ErrorCode>,
    },
}

impl ChangeOutcome {
    /// A change refused here before anything was written or sent.
    pub(super) fn refused_here(error: StoreError) -> Result<Self, CoreError> {
        match error {
            error @ (StoreError::Rule(_)
            | StoreError::Refused { .. }
            | StoreError::UnknownUser(_)) => Ok(ChangeOutcome::Refused {
                code: error.platform_code(),
                reason: match error {
                    StoreError::UnknownUser(user_id) => CoreError::UnknownUser(user_id).to_string(),
                    other => other.to_string(),
                },
            }),
            other => Err(other.into()),
        }
    }
}

/// A change waiting to be sent or for a decision, with the address of the user it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingChange {
    pub entry: OutboxEntry,
    pub email: Option<String>,
}

/// How the administrator settles a waiting change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Send my change again, on top of the platform's current version.
    KeepMine,
    /// Drop my change and show the platform's state.
    TakeTheirs,
    /// Give up on a waiting change.
    Discard,
}

impl Workspace {
    /// Applies changes: each is checked and applied to the cache, then all are sent in order.
    /// `on_answered(n_answered, n_total)` reports progress. One result per change, in order.
    #[tracing::instrument(skip_all, fields(environment = %self.environment, n = changes.len()), err)]
    pub async fn apply(
        &self,
        changes: Vec<Change>,
        on_answered: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<ChangeOutcome>, CoreError> {
        let total = changes.len();
        let mut queued: Vec<Result<i64, ChangeOutcome>> = Vec::with_capacity(total);
        for change in changes {
            queued.push(self.queue(change).await?);
        }
        let mine: HashSet<i64> = sequence_numbers(&queued).into_iter().collect();
        let mut n_answered = total - mine.len();
        on_answered(n_answered, total);
        if !mine.is_empty() {
            econnect_store::sync::push_reporting(&self.store, &self.client, &mut |seq| {
                if mine.contains(&seq) {
                    n_answered += 1;
                    on_answered(n_answered, total);
                }
            })
            .await?;
            self.store.announce_connection_state().await?;
        }
        self.outcomes(queued, &mine).await
    }

    /// Queues a change (applied to the cache at once), or says why it is refused here before
    /// anything is written or sent.
    pub(super) async fn queue(
        &self,
        change: Change,
    ) -> Result<Result<i64, ChangeOutcome>, CoreError> {
        match self.store.enqueue(change).await {
            Ok(seq) => Ok(Ok(seq)),
            Err(error) => Ok(Err(ChangeOutcome::refused_here(error)?)),
        }
    }

    /// [`Workspace::queue`] for many changes at once: one write to disk for all of them.
    pub(super) async fn queue_all(
        &self,
        changes: Vec<Change>,
    ) -> Result<Vec<Result<i64, ChangeOutcome>>, CoreError> {
        self.store
            .enqueue_all(changes)
            .await?
            .into_iter()
            .map(|queued| match queued {
                Ok(seq) => Ok(Ok(seq)),
                Err(error) => Ok(Err(ChangeOutcome::refused_here(error)?)),
            })
            .collect()
    }

    /// What became of queued changes, read back from the outbox: still there (queued, or a
    /// conflict), rolled back with the platform's reason, or gone (done).
    pub(super) async fn outcomes(
        &self,
        queued: Vec<Result<i64, ChangeOutcome>>,
        mine: &HashSet<i64>,
    ) -> Result<Vec<ChangeOutcome>, CoreError> {
        let outbox: HashMap<i64, OutboxEntry> = self
            .store
            .outbox()
            .await?
            .into_iter()
            .map(|entry| (entry.seq, entry))
            .collect();
        let rejected: HashMap<i64, (String, Option<String>)> = self
            .store
            .rejected_changes()
            .await?
            .into_iter()
            .filter(|rejected| mine.contains(&rejected.seq))
            .map(|rejected| (rejected.seq, (rejected.reason, rejected.code)))
            .collect();
        Ok(queued
            .into_iter()
            .map(|queued| match queued {
                Err(outcome) => outcome,
                Ok(seq) => match (outbox.get(&seq), rejected.get(&seq)) {
                    (Some(entry), _) if entry.state == OutboxState::Conflict => {
                        ChangeOutcome::Conflict {
                            reason: entry.problem.clone().unwrap_or_default(),
                            code: entry.problem_code.as_deref().and_then(parse_error_code),
                        }
                    }
                    (Some(_), _) => ChangeOutcome::Queued,
                    (None, Some((reason, code))) => ChangeOutcome::Refused {
                        reason: reason.clone(),
                        code: code.as_deref().and_then(parse_error_code),
                    },
                    (None, None) => ChangeOutcome::Done,
                },
            })
            .collect())
    }

    /// Changes waiting to be sent or for a decision, oldest first, each with its user's
    /// address.
    pub async fn pending_changes(&self) -> Result<Vec<PendingChange>, CoreError> {
        let mut pending = Vec::new();
        for entry in self.store.outbox().await? {
            let email = match entry.change.user_id() {
                Some(user_id) => self
                    .store
                    .user(user_id)
                    .await?
                    .map(|user| user.email.to_string()),
                None => match &entry.change {
                    Change::Invite { request } => Some(request.email.clone()),
                    _ => None,
                },
            };
            pending.push(PendingChange { entry, email });
        }
        Ok(pending)
    }

    /// Settles a conflict (keep mine / take theirs) or drops a waiting change.
    #[tracing::instrument(skip(self), fields(environment = %self.environment), err)]
    pub async fn resolve_change(&self, seq: i64, resolution: Resolution) -> Result<(), CoreError> {
        match resolution {
            Resolution::KeepMine => {
                self.store.keep_mine(seq).await?;
                self.request_sync();
            }
            Resolution::TakeTheirs | Resolution::Discard => self.store.discard(seq).await?,
        }
        self.store.announce_connection_state().await?;
        Ok(())
    }
}

/// The outbox sequence numbers of the changes that were queued.
pub(super) fn sequence_numbers(queued: &[Result<i64, ChangeOutcome>]) -> Vec<i64> {
    queued
        .iter()
        .filter_map(|q| q.as_ref().ok())
        .copied()
        .collect()
}

/// A code as the outbox kept it (its wire name).
pub(super) fn parse_error_code(code: &str) -> Option<ErrorCode> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
}
