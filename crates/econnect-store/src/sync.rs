//! Talking to the platform: push the outbox, then pull what changed.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use econnect_api::{ApiClient, ApiError, BulkOptions, BulkOutcome, UserQuery, run_bulk_keyed};
use econnect_contract::{ErrorCode, MAX_PAGE_SIZE, Organisation, User};

use crate::change::{Change, OutboxEntry, OutboxState, Request};
use crate::error::StoreError;
use crate::full_read::FullRead;
use crate::store::{Sending, Store};

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// True when this was a full read (first sync, or after a lost cursor).
    pub full: bool,
    pub changes_pulled: usize,
    pub pushed: usize,
    pub conflicts: usize,
    pub rejected: usize,
    /// The platform could not be reached; what is cached stays as it was.
    pub offline: bool,
}

/// Sends waiting changes, then brings the cache up to date.
pub async fn sync(store: &Store, client: &ApiClient) -> Result<SyncReport, StoreError> {
    let report = sync_without_announcing(store, client).await;
    store.announce_connection_state().await?;
    report
}

async fn sync_without_announcing(
    store: &Store,
    client: &ApiClient,
) -> Result<SyncReport, StoreError> {
    let mut report = push(store, client).await?;
    if report.offline {
        return Ok(report);
    }
    match pull(store, client).await {
        Ok((full, changes_pulled)) => {
            report.full = full;
            report.changes_pulled = changes_pulled;
        }
        Err(StoreError::Api(error)) if error.is_unreachable() || error.is_temporary() => {
            store.mark_offline().await?;
            report.offline = true;
        }
        Err(error) => return Err(error),
    }
    Ok(report)
}

/// A full read when there is no cursor, else the change feed from the cursor.
pub async fn pull(store: &Store, client: &ApiClient) -> Result<(bool, usize), StoreError> {
    let state = store.sync_state().await?;
    match state.cursor {
        None => {
            // Take the cursor first: changes made during the read are replayed afterwards.
            let head = match client.changes(None, 1).await {
                Ok(head) => head,
                Err(error) if error.code() == Some(ErrorCode::Forbidden) => {
                    return read_organisation_scope(store, client).await;
                }
                Err(error) => return Err(error.into()),
            };
            let mut read = store.begin_full_read().await?;
            match read_everything(client, &mut read).await {
                Ok(organisations) => {
                    let n = read.finish(&organisations, Some(&head.next_cursor)).await?;
                    Ok((true, n))
                }
                Err(error) => {
                    read.abandon().await?;
                    Err(error)
                }
            }
        }
        Some(mut cursor) => {
            let mut n = 0;
            loop {
                let page = match client.changes(Some(&cursor), MAX_PAGE_SIZE).await {
                    Ok(page) => page,
                    // No longer an administrator: what they may still read, in full.
                    Err(error) if error.code() == Some(ErrorCode::Forbidden) => {
                        return read_organisation_scope(store, client).await;
                    }
                    Err(error) => return Err(error.into()),
                };
                n += page.items.len();
                store.apply_changes(&page).await?;
                cursor = page.next_cursor;
                if !page.has_more {
                    return Ok((false, n));
                }
            }
        }
    }
}

/// Every user, page by page into the read (one page in memory at a time), then the
/// organisations (a few thousand at most: read whole).
async fn read_everything(
    client: &ApiClient,
    read: &mut FullRead<'_>,
) -> Result<Vec<Organisation>, StoreError> {
    let mut cursor: Option<String> = None;
    loop {
        let page = client
            .list_users(&UserQuery::default(), cursor.as_deref(), MAX_PAGE_SIZE)
            .await?;
        read.add_users(&page.items).await?;
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(client.all_organisations().await?)
}

/// A full read for a caller who is not an administrator: the platform gives them the
/// organisations they administer and those organisations' members (each with only those
/// memberships), and no change feed, so every sync reads that scope in full (it is small).
async fn read_organisation_scope(
    store: &Store,
    client: &ApiClient,
) -> Result<(bool, usize), StoreError> {
    let organisations = client.all_organisations().await?;
    let mut users: BTreeMap<String, User> = BTreeMap::new();
    for organisation in &organisations {
        let query = UserQuery {
            organisation_id: Some(organisation.id.clone()),
            ..Default::default()
        };
        for user in client.all_users(&query).await? {
            match users.entry(user.id.clone()) {
                Entry::Vacant(entry) => {
                    entry.insert(user);
                }
                Entry::Occupied(mut entry) => {
                    let known = entry.get_mut();
                    for membership in user.memberships {
                        if !known.memberships.contains(&membership) {
                            known.memberships.push(membership);
                        }
                    }
                }
            }
        }
    }
    let users: Vec<User> = users.into_values().collect();
    store.replace_all(&users, &organisations, None).await?;
    Ok((true, users.len()))
}

/// What became of one entry.
enum Outcome {
    Done(Option<User>),
    Conflict(String, Option<&'static str>, Option<User>),
    Rejected(String, Option<&'static str>, Option<User>),
    Offline,
}

/// Sends the outbox in order. Stops at the first entry that gets no answer (offline): the
/// order of an administrator's changes is kept.
pub async fn push(store: &Store, client: &ApiClient) -> Result<SyncReport, StoreError> {
    push_reporting(store, client, &mut |_| {}).await
}

/// [`push`], calling `on_answered` with the outbox sequence number of each change the
/// platform has answered (done, conflict or refused), for a progress bar. Waits for the
/// right to send ([`Store::sending`]) first.
pub async fn push_reporting(
    store: &Store,
    client: &ApiClient,
    on_answered: &mut (dyn FnMut(i64) + Send),
) -> Result<SyncReport, StoreError> {
    let _sending = store.sending().await;
    let mut report = SyncReport::default();
    let mut after = 0;
    // Re-read the next entry each time: completing one rebases the ones after it.
    while let Some(entry) = store
        .outbox()
        .await?
        .into_iter()
        .find(|entry| entry.seq > after && entry.state == OutboxState::Pending)
    {
        after = entry.seq;
        store.note_attempt(entry.seq).await?;
        let outcome = send(client, &entry).await;
        if record(store, &entry, outcome, &mut report).await? {
            return Ok(report);
        }
        on_answered(entry.seq);
    }
    Ok(report)
}

/// Writes what became of an entry into the store and the report. True when the platform
/// could not be reached (the entry stays queued).
async fn record(
    store: &Store,
    entry: &OutboxEntry,
    outcome: Outcome,
    report: &mut SyncReport,
) -> Result<bool, StoreError> {
    match outcome {
        Outcome::Done(user) => {
            store.complete(entry, user.as_ref()).await?;
            report.pushed += 1;
        }
        Outcome::Conflict(problem, code, platform) => {
            store
                .mark_conflict(entry.seq, &problem, code, platform.as_ref())
                .await?;
            report.conflicts += 1;
        }
        Outcome::Rejected(reason, code, platform) => {
            store
                .reject(entry, &reason, code, platform.as_ref())
                .await?;
            report.rejected += 1;
        }
        Outcome::Offline => {
            store.mark_offline().await?;
            report.offline = true;
            return Ok(true);
        }
    }
    Ok(false)
}

/// Sends the waiting entries `seqs` side by side, `options.concurrency` at a time, through
/// the client's bulk path (each with the Idempotency-Key it was queued with). Only for
/// changes that do not depend on each other or on what waits before them — invitations of
/// new addresses. When the platform cannot be reached, what was not sent yet stays queued.
/// `on_answered` gets the sequence number of each entry the platform answered. The caller
/// holds the right to send (`_sending`, from [`Store::sending`]) from before it queued them
/// until it has read back what became of them.
pub async fn push_side_by_side(
    store: &Store,
    client: &ApiClient,
    seqs: &[i64],
    options: &BulkOptions,
    _sending: &Sending,
    on_answered: &mut (dyn FnMut(i64) + Send),
) -> Result<SyncReport, StoreError> {
    let entries: Vec<(OutboxEntry, String)> = store
        .outbox()
        .await?
        .into_iter()
        .filter(|entry| entry.state == OutboxState::Pending && seqs.contains(&entry.seq))
        .map(|entry| {
            let key = entry.idempotency_key.clone();
            (entry, key)
        })
        .collect();
    let report = std::sync::Mutex::new(SyncReport::default());
    let on_answered = std::sync::Mutex::new(on_answered);
    // Once the platform is out of reach, the rest is not sent (it would only wait for
    // timeouts): it stays queued for the next sync.
    let unreachable = options.cancel.child_token();
    let run_options = BulkOptions {
        cancel: unreachable.clone(),
        ..options.clone()
    };
    let results = run_bulk_keyed(entries, &run_options, |entry, _key| {
        let (report, on_answered, unreachable) = (&report, &on_answered, &unreachable);
        async move {
            store.note_attempt(entry.seq).await?;
            let outcome = send(client, &entry).await;
            let mut entry_report = SyncReport::default();
            let offline = record(store, &entry, outcome, &mut entry_report).await?;
            if offline {
                unreachable.cancel();
            } else {
                (on_answered.lock().unwrap_or_else(|p| p.into_inner()))(entry.seq);
            }
            let mut report = report.lock().unwrap_or_else(|p| p.into_inner());
            report.pushed += entry_report.pushed;
            report.conflicts += entry_report.conflicts;
            report.rejected += entry_report.rejected;
            report.offline |= entry_report.offline;
            Ok::<(), StoreError>(())
        }
    })
    .await;
    for item in results {
        if let BulkOutcome::Failed(error) = item.outcome {
            return Err(error);
        }
    }
    Ok(report.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// The user as the platform has it now: `Ok(None)` only when the platform says they are gone.
async fn current(client: &ApiClient, user_id: &str) -> Result<Option<User>, ApiError> {
    match client.get_user(user_id).await {
        Ok(versioned) => Ok(Some(versioned.value)),
        Err(error) if error.code() == Some(ErrorCode::NotFound) => Ok(None),
        Err(error) => Err(error),
    }
}

async fn send(client: &ApiClient, entry: &OutboxEntry) -> Outcome {
    let key = entry.idempotency_key.as_str();
    let etag = |version: i64| econnect_contract::etag_for_version(version);
    let result: Result<Option<User>, ApiError> = match entry.change.request() {
        Request::Invite(request) => client.invite(request, key).await.map(Some),
        Request::UpdateUser {
            user_id,
            base_version,
            patch,
        } => client
            .update_user_with_key(user_id, &etag(base_version), &patch, key)
            .await
            .map(|v| Some(v.value)),
        Request::RemoveUser {
            user_id,
            base_version,
        } => client
            .remove_user(user_id, &etag(base_version))
            .await
            .map(|()| None),
        Request::ResendInvitation { user_id } => {
            client.resend_invitation(user_id, key).await.map(Some)
        }
        Request::RevokeInvitation { user_id } => {
            client.revoke_invitation(user_id).await.map(|()| None)
        }
        Request::SetMember {
            organisation_id,
            user_id,
            level,
        } => match client.set_member(organisation_id, user_id, level).await {
            Ok(_) => current(client, user_id).await,
            Err(error) => Err(error),
        },
        Request::RemoveMember {
            organisation_id,
            user_id,
        } => match client.remove_member(organisation_id, user_id).await {
            Ok(()) => current(client, user_id).await,
            Err(error) => Err(error),
        },
    };
    match result {
        Ok(user) => Outcome::Done(user),
        // Only a 4xx answer from the platform judges the change; anything else (no answer,
        // a refused sign-in, a reply this client cannot read) leaves it waiting.
        Err(error @ ApiError::Problem { .. }) if !error.is_temporary() => {
            classify(client, entry, error).await
        }
        Err(error) => {
            tracing::warn!(seq = entry.seq, %error, "the change stays queued");
            Outcome::Offline
        }
    }
}

async fn classify(client: &ApiClient, entry: &OutboxEntry, error: ApiError) -> Outcome {
    let user_id = entry.change.user_id();
    let platform = match user_id {
        Some(user_id) => match current(client, user_id).await {
            Ok(platform) => platform,
            // Without the platform's state the outcome cannot be recorded faithfully: retry later.
            Err(_) => return Outcome::Offline,
        },
        None => None,
    };
    let message = error.to_string();
    match error.code() {
        // Already gone: what a removal wanted.
        Some(ErrorCode::NotFound)
            if matches!(
                entry.change,
                Change::RemoveUser { .. }
                    | Change::RevokeInvitation { .. }
                    | Change::RemoveMember { .. }
            ) =>
        {
            Outcome::Done(platform)
        }
        Some(
            code @ (ErrorCode::StaleVersion
            | ErrorCode::LastAdministrator
            | ErrorCode::InvalidState
            | ErrorCode::NotPending
            | ErrorCode::AlreadyInvited
            | ErrorCode::AlreadyUser),
        ) => Outcome::Conflict(message, Some(code.as_str()), platform),
        Some(ErrorCode::Unauthorized) => Outcome::Offline,
        code => Outcome::Rejected(message, code.map(ErrorCode::as_str), platform),
    }
}
