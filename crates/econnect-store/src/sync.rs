//! Talking to the platform: push the outbox, then pull what changed.

use econnect_api::{ApiClient, ApiError};
use econnect_contract::{ErrorCode, MAX_PAGE_SIZE, User, UserPatch};

use crate::cache::Store;
use crate::error::StoreError;
use crate::outbox::{Change, OutboxEntry, OutboxState};

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
        Err(StoreError::Api(error)) if error.is_unreachable() || is_temporary(&error) => {
            store.mark_offline().await?;
            report.offline = true;
        }
        Err(error) => return Err(error),
    }
    Ok(report)
}

/// The platform is down or busy: come back later, nothing is wrong with the change.
fn is_temporary(error: &ApiError) -> bool {
    error
        .status()
        .is_some_and(|status| status >= 500 || status == 429)
}

/// A full read when there is no cursor, else the change feed from the cursor.
pub async fn pull(store: &Store, client: &ApiClient) -> Result<(bool, usize), StoreError> {
    let state = store.sync_state().await?;
    match state.cursor {
        None => {
            // Take the cursor first: changes made during the read are replayed afterwards.
            let head = client.changes(None, 1).await?;
            let users = client.all_users(&Default::default()).await?;
            let organisations = client.all_organisations().await?;
            store
                .replace_all(&users, &organisations, &head.next_cursor)
                .await?;
            Ok((true, users.len()))
        }
        Some(mut cursor) => {
            let mut n = 0;
            loop {
                let page = client.changes(Some(&cursor), MAX_PAGE_SIZE).await?;
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

/// What became of one entry.
enum Outcome {
    Done(Option<User>),
    Conflict(String, Option<User>),
    Rejected(String, Option<&'static str>, Option<User>),
    Offline,
}

/// Sends the outbox in order. Stops at the first entry that gets no answer (offline): the
/// order of an administrator's changes is kept.
pub async fn push(store: &Store, client: &ApiClient) -> Result<SyncReport, StoreError> {
    push_reporting(store, client, &mut |_| {}).await
}

/// [`push`], calling `on_answered` with the outbox sequence number of each change the
/// platform has answered (done, conflict or refused), for a progress bar.
pub async fn push_reporting(
    store: &Store,
    client: &ApiClient,
    on_answered: &mut (dyn FnMut(i64) + Send),
) -> Result<SyncReport, StoreError> {
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
        match send(client, &entry).await {
            Outcome::Done(user) => {
                store.complete(&entry, user.as_ref()).await?;
                report.pushed += 1;
            }
            Outcome::Conflict(problem, platform) => {
                store
                    .mark_conflict(entry.seq, &problem, platform.as_ref())
                    .await?;
                report.conflicts += 1;
            }
            Outcome::Rejected(reason, code, platform) => {
                store
                    .reject(&entry, &reason, code, platform.as_ref())
                    .await?;
                report.rejected += 1;
            }
            Outcome::Offline => {
                store.mark_offline().await?;
                report.offline = true;
                return Ok(report);
            }
        }
        on_answered(entry.seq);
    }
    Ok(report)
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
    let result: Result<Option<User>, ApiError> = match &entry.change {
        Change::Invite { request } => client.invite(request, key).await.map(Some),
        Change::SetRole {
            user_id,
            role,
            base_version,
        } => {
            let patch = UserPatch {
                role: Some(*role),
                ..UserPatch::default()
            };
            client
                .update_user_with_key(user_id, &etag(*base_version), &patch, key)
                .await
                .map(|v| Some(v.value))
        }
        Change::SetRelationshipManager {
            user_id,
            value,
            base_version,
        } => {
            let patch = UserPatch {
                relationship_manager: Some(*value),
                ..UserPatch::default()
            };
            client
                .update_user_with_key(user_id, &etag(*base_version), &patch, key)
                .await
                .map(|v| Some(v.value))
        }
        Change::SetBlocked {
            user_id,
            blocked,
            base_version,
        } => {
            let patch = UserPatch {
                blocked: Some(*blocked),
                ..UserPatch::default()
            };
            client
                .update_user_with_key(user_id, &etag(*base_version), &patch, key)
                .await
                .map(|v| Some(v.value))
        }
        Change::RemoveUser {
            user_id,
            base_version,
        } => client
            .remove_user(user_id, Some(&etag(*base_version)))
            .await
            .map(|()| None),
        Change::ResendInvitation { user_id } => {
            client.resend_invitation(user_id, key).await.map(Some)
        }
        Change::RevokeInvitation { user_id } => {
            client.revoke_invitation(user_id).await.map(|()| None)
        }
        Change::SetMember {
            organisation_id,
            user_id,
            level,
        } => match client.set_member(organisation_id, user_id, *level).await {
            Ok(_) => current(client, user_id).await,
            Err(error) => Err(error),
        },
        Change::RemoveMember {
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
        Err(error @ ApiError::Problem { .. }) if !is_temporary(&error) => {
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
            ErrorCode::StaleVersion
            | ErrorCode::LastAdministrator
            | ErrorCode::InvalidState
            | ErrorCode::NotPending,
        ) => Outcome::Conflict(message, platform),
        Some(ErrorCode::AlreadyInvited | ErrorCode::AlreadyUser) => {
            Outcome::Conflict(message, platform)
        }
        Some(ErrorCode::Unauthorized) => Outcome::Offline,
        code => Outcome::Rejected(message, code.map(ErrorCode::as_str), platform),
    }
}
