//! The outbox: changes made here, applied to the cache at once (optimistically) and sent to
//! the platform in order. Writing the change and applying it happen in one transaction, and
//! the Idempotency-Key is made then, once: a replay after a crash carries the same key, so
//! the platform applies it exactly once.

use chrono::{DateTime, Duration, Utc};
use econnect_contract::{ErrorCode, INVITATION_VALID_DAYS, Invitation, Membership, User};
use econnect_domain::rules::{self, UserChange};
use econnect_domain::{EmailAddress, InvitationMethod, UserStatus};
use sqlx::{Connection, SqliteConnection};

use crate::change::{Change, OutboxEntry, OutboxState, RejectedChange, placeholder_id};
use crate::error::StoreError;
use crate::events::CacheChange;
use crate::store::{BEGIN_WRITE, Store, ensure_committed};
use crate::users_table::{
    count_active_administrators, delete_user, load_user, rewrite_with_pending, write_user,
};

/// Checks what the platform would refuse anyway, so the administrator learns before asking.
async fn check_rules(
    conn: &mut SqliteConnection,
    change: &Change,
    user: &User,
) -> Result<(), StoreError> {
    let rule_change = match change {
        Change::SetRole { role, .. } => UserChange::SetRole(*role),
        Change::SetBlocked { blocked: true, .. } => UserChange::Block,
        Change::SetBlocked { blocked: false, .. } => UserChange::Unblock,
        Change::RemoveUser { .. } => UserChange::Remove,
        _ => return Ok(()),
    };
    let n_administrators = count_active_administrators(conn).await?;
    rules::check_keeps_an_administrator(user.role, user.status, rule_change, n_administrators)?;
    if matches!(change, Change::SetBlocked { .. }) && user.status == UserStatus::Invited {
        return Err(StoreError::refused(
            ErrorCode::InvalidState,
            format!(
                "{} has not accepted the invitation yet; revoke the invitation instead of blocking",
                user.email
            ),
        ));
    }
    Ok(())
}

impl Store {
    /// Records a change and applies it to the cache, in one transaction. Returns the outbox
    /// sequence number. Refuses, before anything is written, what the platform's rules forbid.
    pub async fn enqueue(&self, change: Change) -> Result<i64, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let queued = self.enqueue_on(&mut conn, change).await;
        // Only now is it the user's queued work: on disk, not in a transaction SQLite ended
        // on a full disk while the driver lost count (later "commits" on such a connection
        // only release savepoints). A connection in that state is closed, never reused.
        let committed = ensure_committed(&mut conn).await;
        if queued.is_err() || committed.is_err() {
            conn.close_on_drop();
        }
        let seq = queued?;
        committed?;
        Ok(seq)
    }

    async fn enqueue_on(
        &self,
        conn: &mut SqliteConnection,
        change: Change,
    ) -> Result<i64, StoreError> {
        let mut tx = conn.begin_with(BEGIN_WRITE).await?;
        let (seq, changed_user) = record(&mut tx, change).await?;
        tx.commit().await?;
        self.emit(CacheChange::Users(changed_user.into_iter().collect()));
        self.emit(CacheChange::Outbox);
        Ok(seq)
    }

    /// [`Store::enqueue`] for many changes in one transaction (one write to disk for all,
    /// which for a spreadsheet of a thousand rows is the difference between a second and a
    /// few milliseconds). Each change is checked and recorded on its own savepoint: one that
    /// is refused is left out with its reason, the others are queued. Nothing is queued when
    /// the write itself fails.
    pub async fn enqueue_all(
        &self,
        changes: Vec<Change>,
    ) -> Result<Vec<Result<i64, StoreError>>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let queued = async {
            let mut tx = conn.begin_with(BEGIN_WRITE).await?;
            let mut results = Vec::with_capacity(changes.len());
            let mut changed_users = Vec::new();
            for change in changes {
                let mut savepoint = sqlx::Connection::begin(&mut *tx).await?;
                match record(&mut savepoint, change).await {
                    Ok((seq, changed_user)) => {
                        savepoint.commit().await?;
                        changed_users.extend(changed_user);
                        results.push(Ok(seq));
                    }
                    Err(
                        refusal @ (StoreError::Rule(_)
                        | StoreError::Refused { .. }
                        | StoreError::UnknownUser(_)),
                    ) => {
                        savepoint.rollback().await?;
                        results.push(Err(refusal));
                    }
                    Err(error) => return Err(error),
                }
            }
            tx.commit().await?;
            Ok::<_, StoreError>((results, changed_users))
        }
        .await;
        let committed = ensure_committed(&mut conn).await;
        if queued.is_err() || committed.is_err() {
            conn.close_on_drop();
        }
        let (results, changed_users) = queued?;
        committed?;
        self.emit(CacheChange::Users(changed_users));
        self.emit(CacheChange::Outbox);
        Ok(results)
    }
}

/// Checks a change, applies it to the cached user and appends it to the outbox, inside the
/// caller's transaction. The outbox sequence number, and the user whose row changed.
async fn record(
    tx: &mut SqliteConnection,
    change: Change,
) -> Result<(i64, Option<String>), StoreError> {
    let key = econnect_api::new_idempotency_key();
    let now = Utc::now();
    let mut change = change;
    let changed_user;
    match &change {
        Change::Invite { request } => {
            let email = EmailAddress::parse(&request.email)
                .map_err(|error| StoreError::refused(ErrorCode::InvalidEmail, error.to_string()))?;
            if let Some(existing) =
                sqlx::query_scalar!("SELECT status FROM users WHERE email = ?", email.as_str())
                    .fetch_optional(&mut *tx)
                    .await?
            {
                return Err(if existing == "invited" {
                    StoreError::refused(
                        ErrorCode::AlreadyInvited,
                        format!("{email} already has a pending invitation; resend it instead"),
                    )
                } else {
                    StoreError::refused(
                        ErrorCode::AlreadyUser,
                        format!("{email} is already a user of this environment"),
                    )
                });
            }
            let method = request.method.unwrap_or_default();
            let placeholder = User {
                id: placeholder_id(&key),
                email,
                name: None,
                role: request.role.unwrap_or_default(),
                status: match method {
                    InvitationMethod::Email => UserStatus::Invited,
                    InvitationMethod::Direct => UserStatus::Active,
                },
                relationship_manager: false,
                memberships: request
                    .organisations
                    .iter()
                    .map(|grant| Membership {
                        organisation_id: grant.organisation_id.clone(),
                        level: grant.level,
                    })
                    .collect(),
                invitation: (method == InvitationMethod::Email).then(|| Invitation {
                    invited_by: None,
                    invited_at: now,
                    expires_at: now + Duration::days(INVITATION_VALID_DAYS),
                    method,
                }),
                created_at: now,
                updated_at: now,
                version: 0,
            };
            write_user(&mut *tx, &placeholder, 1).await?;
            changed_user = Some(placeholder.id);
        }
        other => {
            let user_id = other.user_id().unwrap_or_default().to_owned();
            if user_id.starts_with("local:") {
                return Err(StoreError::refused(
                    ErrorCode::InvalidState,
                    "this invitation has not reached the platform yet; change it once it has been sent",
                ));
            }
            let (mut user, pending) = load_user(&mut *tx, &user_id)
                .await?
                .ok_or_else(|| StoreError::UnknownUser(user_id.clone()))?;
            check_rules(&mut *tx, other, &user).await?;
            // Chained own changes are made against the platform's version as cached.
            change = change.clone().with_base_version(user.version);
            if change.removes_user() {
                delete_user(&mut *tx, &user_id).await?;
            } else {
                change.apply_to(&mut user, now);
                write_user(&mut *tx, &user, pending + 1).await?;
            }
            changed_user = Some(user_id);
        }
    }
    let body = serde_json::to_string(&change)?;
    let user_id = change
        .user_id()
        .map(str::to_owned)
        .or_else(|| changed_user.clone());
    let seq = sqlx::query_scalar!(
            r#"INSERT INTO outbox (change, user_id, idempotency_key, created_at) VALUES (?, ?, ?, ?) RETURNING seq AS "seq!: i64""#,
            body,
            user_id,
            key,
            now
        )
        .fetch_one(&mut *tx)
        .await?;
    Ok((seq, changed_user))
}

impl Store {
    /// Every outbox entry, oldest first.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let rows = sqlx::query!(
            r#"SELECT seq AS "seq!: i64", change, idempotency_key, created_at AS "created_at: DateTime<Utc>", attempts,
                      state, problem, problem_code, platform_state FROM outbox ORDER BY seq"#
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(OutboxEntry {
                    seq: row.seq,
                    change: serde_json::from_str(&row.change)?,
                    idempotency_key: row.idempotency_key,
                    created_at: row.created_at,
                    attempts: row.attempts,
                    state: if row.state == "conflict" {
                        OutboxState::Conflict
                    } else {
                        OutboxState::Pending
                    },
                    problem: row.problem,
                    problem_code: row.problem_code,
                    platform_state: row
                        .platform_state
                        .as_deref()
                        .map(serde_json::from_str)
                        .transpose()?,
                })
            })
            .collect()
    }

    pub async fn rejected_changes(&self) -> Result<Vec<RejectedChange>, StoreError> {
        let rows = sqlx::query!(
            r#"SELECT seq AS "seq!: i64", change, reason, code, rejected_at AS "rejected_at: DateTime<Utc>" FROM rejected_changes ORDER BY seq"#
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(RejectedChange {
                    seq: row.seq,
                    change: serde_json::from_str(&row.change)?,
                    reason: row.reason,
                    code: row.code,
                    rejected_at: row.rejected_at,
                })
            })
            .collect()
    }

    pub(crate) async fn note_attempt(&self, seq: i64) -> Result<(), StoreError> {
        sqlx::query!(
            "UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?",
            seq
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The platform confirmed the change. `platform_user` is the user as it is now (absent
    /// when the change removed them). Later entries for the same user are rebased on the new
    /// version, and the cache shows the platform's user with the remaining local changes.
    pub(crate) async fn complete(
        &self,
        entry: &OutboxEntry,
        platform_user: Option<&User>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with(BEGIN_WRITE).await?;
        let deleted = sqlx::query!("DELETE FROM outbox WHERE seq = ?", entry.seq)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            // Another process completed or discarded it meanwhile: its answer may be older
            // than what the cache holds now, so it is not written.
            return Ok(());
        }
        let placeholder = match &entry.change {
            Change::Invite { .. } => Some(placeholder_id(&entry.idempotency_key)),
            _ => None,
        };
        if let Some(placeholder) = &placeholder {
            delete_user(&mut tx, placeholder).await?;
        }
        let mut changed = Vec::new();
        if let Some(user) = platform_user {
            // A membership change carries no version but bumps the user's by one: changes
            // queued after it against the version just before are rebased too. Had someone
            // else changed the user meanwhile, the versions would not line up, and those
            // changes still meet the platform's conflict check.
            let old_version = entry.change.base_version().or_else(|| {
                matches!(
                    entry.change,
                    Change::SetMember { .. } | Change::RemoveMember { .. }
                )
                .then(|| user.version - 1)
            });
            if let Some(old_version) = old_version {
                self.rebase_following(&mut tx, &user.id, old_version, user.version)
                    .await?;
            }
            rewrite_with_pending(&mut tx, user).await?;
            changed.push(user.id.clone());
        }
        tx.commit().await?;
        changed.extend(placeholder);
        changed.extend(entry.change.user_id().map(str::to_owned));
        self.emit(CacheChange::Users(changed));
        self.emit(CacheChange::Outbox);
        Ok(())
    }

    async fn rebase_following(
        &self,
        conn: &mut SqliteConnection,
        user_id: &str,
        old_version: i64,
        new_version: i64,
    ) -> Result<(), StoreError> {
        let rows = sqlx::query!(
            r#"SELECT seq AS "seq!: i64", change FROM outbox WHERE user_id = ? ORDER BY seq"#,
            user_id
        )
        .fetch_all(&mut *conn)
        .await?;
        for row in rows {
            let change: Change = serde_json::from_str(&row.change)?;
            if change.base_version() == Some(old_version) {
                let body = serde_json::to_string(&change.with_base_version(new_version))?;
                sqlx::query!("UPDATE outbox SET change = ? WHERE seq = ?", body, row.seq)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Ok(())
    }

    /// The platform refused because the user changed elsewhere: keep the entry, marked, with
    /// the platform's state for the resolver.
    pub(crate) async fn mark_conflict(
        &self,
        seq: i64,
        problem: &str,
        problem_code: Option<&str>,
        platform_user: Option<&User>,
    ) -> Result<(), StoreError> {
        let platform_state = platform_user.map(serde_json::to_string).transpose()?;
        sqlx::query!(
            "UPDATE outbox SET state = 'conflict', problem = ?, problem_code = ?, platform_state = ? WHERE seq = ?",
            problem,
            problem_code,
            platform_state,
            seq
        )
        .execute(&self.pool)
        .await?;
        self.emit(CacheChange::Outbox);
        Ok(())
    }

    /// The platform refused the change for good (403, or invalid): roll it back here, keep
    /// the reason. `platform_user` is the user as the platform has it (absent: gone).
    pub(crate) async fn reject(
        &self,
        entry: &OutboxEntry,
        reason: &str,
        code: Option<&str>,
        platform_user: Option<&User>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with(BEGIN_WRITE).await?;
        let body = serde_json::to_string(&entry.change)?;
        let now = Utc::now();
        sqlx::query!(
            "INSERT OR REPLACE INTO rejected_changes (seq, change, reason, code, rejected_at) VALUES (?, ?, ?, ?, ?)",
            entry.seq,
            body,
            reason,
            code,
            now
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!("DELETE FROM outbox WHERE seq = ?", entry.seq)
            .execute(&mut *tx)
            .await?;
        self.restore_platform_state(&mut tx, entry, platform_user)
            .await?;
        tx.commit().await?;
        self.emit(CacheChange::Users(
            entry
                .change
                .user_id()
                .map(str::to_owned)
                .into_iter()
                .collect(),
        ));
        self.emit(CacheChange::Outbox);
        Ok(())
    }

    async fn restore_platform_state(
        &self,
        conn: &mut SqliteConnection,
        entry: &OutboxEntry,
        platform_user: Option<&User>,
    ) -> Result<(), StoreError> {
        if let Change::Invite { .. } = &entry.change {
            let placeholder = placeholder_id(&entry.idempotency_key);
            delete_user(conn, &placeholder).await?;
        }
        match (platform_user, entry.change.user_id()) {
            (Some(user), _) => rewrite_with_pending(conn, user).await?,
            (None, Some(user_id)) => {
                delete_user(conn, user_id).await?;
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// Conflict resolution: send my change again on top of the platform's current version.
    pub async fn keep_mine(&self, seq: i64) -> Result<(), StoreError> {
        let entry = self.entry(seq).await?;
        let Some(platform) = &entry.platform_state else {
            return Err(StoreError::refused(
                ErrorCode::InvalidState,
                "this change is not in conflict",
            ));
        };
        let body =
            serde_json::to_string(&entry.change.clone().with_base_version(platform.version))?;
        sqlx::query!(
            "UPDATE outbox SET change = ?, state = 'pending', problem = NULL, problem_code = NULL, platform_state = NULL WHERE seq = ?",
            body,
            seq
        )
        .execute(&self.pool)
        .await?;
        self.emit(CacheChange::Outbox);
        Ok(())
    }

    /// Conflict resolution (or giving up on a pending change): drop my change and show the
    /// platform's state.
    pub async fn discard(&self, seq: i64) -> Result<(), StoreError> {
        let entry = self.entry(seq).await?;
        let mut tx = self.pool.begin_with(BEGIN_WRITE).await?;
        sqlx::query!("DELETE FROM outbox WHERE seq = ?", seq)
            .execute(&mut *tx)
            .await?;
        match (&entry.platform_state, entry.change.user_id()) {
            (Some(platform), _) => rewrite_with_pending(&mut tx, platform).await?,
            (None, Some(user_id)) => {
                // The optimistic copy still shows the discarded change and the platform's state
                // is not at hand: the next sync becomes a full read, which rewrites the user as
                // the platform has them (with the remaining local changes on top).
                if let Some((user, pending)) = load_user(&mut tx, user_id).await? {
                    write_user(&mut tx, &user, (pending - 1).max(0)).await?;
                }
                sqlx::query!("UPDATE sync_state SET cursor = NULL WHERE id = 1")
                    .execute(&mut *tx)
                    .await?;
            }
            (None, None) => {
                let placeholder = placeholder_id(&entry.idempotency_key);
                delete_user(&mut tx, &placeholder).await?;
            }
        }
        tx.commit().await?;
        self.emit(CacheChange::Outbox);
        self.emit(CacheChange::Users(
            entry
                .change
                .user_id()
                .map(str::to_owned)
                .into_iter()
                .collect(),
        ));
        Ok(())
    }

    async fn entry(&self, seq: i64) -> Result<OutboxEntry, StoreError> {
        self.outbox()
            .await?
            .into_iter()
            .find(|entry| entry.seq == seq)
            .ok_or_else(|| {
                StoreError::refused(
                    ErrorCode::NotFound,
                    format!("there is no waiting change #{seq}"),
                )
            })
    }
}
