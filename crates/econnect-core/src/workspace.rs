//! One signed-in environment: its client and its offline cache, and what an administrator
//! does with them. The app's commands are thin wrappers over these functions.
//!
//! Every change goes through the outbox: it is applied to the cache at once, then sent; when
//! the platform cannot be reached it waits and is sent by the next sync. So a change made
//! offline is never lost, and one made online shows its result at once.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use econnect_api::ApiClient;
use econnect_contract::{AuditEventPage, InvitationRequest, OrganisationGrant, User};
use econnect_domain::{EmailAddress, InvitationMethod, Role, rules};
use econnect_store::sync::SyncReport;
use econnect_store::{Change, OutboxState, SearchQuery, Store, StoreError};
use tokio::sync::Notify;

use crate::session::cache_path;

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Api(#[from] econnect_api::ApiError),
    #[error("{0} is not in this environment (any more); refresh the list")]
    UnknownUser(String),
    #[error("{0}")]
    Invalid(String),
}

/// What became of one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeOutcome {
    /// The platform applied it.
    Done,
    /// The platform cannot be reached: it waits and is sent by the next sync.
    Queued,
    /// Changed elsewhere meanwhile (or no longer possible): the administrator decides.
    Conflict { reason: String },
    /// Refused, here before sending or by the platform; nothing changed.
    Refused {
        reason: String,
        code: Option<String>,
    },
}

/// Why an address cannot be invited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressProblem {
    Invalid(String),
    /// Listed before in the same list.
    Duplicate,
    AlreadyUser,
    AlreadyInvited,
}

/// Worth a second look, but may be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressWarning {
    /// gmail.com and the like: business addresses are strongly preferred.
    FreeMail,
    /// No user of this environment has an address at this domain. If the domain is linked to
    /// another environment, an email invitation would start a new environment: add directly.
    UnfamiliarDomain,
}

/// The verdict on one address of an invitation list, before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressCheck {
    /// As typed or pasted.
    pub input: String,
    /// Normalised, when it is an address at all.
    pub email: Option<String>,
    pub problem: Option<AddressProblem>,
    pub warnings: Vec<AddressWarning>,
}

/// A user with what the detail screen needs besides the user.
#[derive(Debug, Clone, PartialEq)]
pub struct UserDetail {
    pub user: User,
    /// `(organisation id, organisation name)` for each membership, in the user's order.
    pub organisation_names: HashMap<String, String>,
    /// Local changes of this user waiting to be sent.
    pub n_pending: u32,
    /// The conflict waiting for a decision, if any.
    pub conflict: Option<String>,
    /// This is the environment's only active administrator: they cannot be demoted, blocked
    /// or removed.
    pub last_administrator: bool,
}

/// One signed-in environment.
pub struct Workspace {
    environment: String,
    client: ApiClient,
    store: Store,
    sync_requested: Notify,
}

/// How long the background sync waits between rounds.
const ONLINE_SYNC_INTERVAL: Duration = Duration::from_secs(20);
const OFFLINE_RETRY_INTERVAL: Duration = Duration::from_secs(3);

impl Workspace {
    /// Opens the environment's cache (creating it on first use).
    pub async fn open(
        data_dir: &Path,
        environment: &str,
        client: ApiClient,
    ) -> Result<Self, WorkspaceError> {
        let store = Store::open(&cache_path(data_dir, environment)).await?;
        Ok(Self {
            environment: environment.to_owned(),
            client,
            store,
            sync_requested: Notify::new(),
        })
    }

    pub fn environment(&self) -> &str {
        &self.environment
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn client(&self) -> &ApiClient {
        &self.client
    }

    /// Sends what waits, then brings the cache up to date.
    pub async fn sync(&self) -> Result<SyncReport, WorkspaceError> {
        Ok(econnect_store::sync::sync(&self.store, &self.client).await?)
    }

    /// Asks the background sync for a round now.
    pub fn request_sync(&self) {
        self.sync_requested.notify_one();
    }

    /// Syncs now and then for as long as the future is polled: every 20 s online, every 3 s
    /// while offline (so that queued changes land soon after the connection returns), and at
    /// once on [`Workspace::request_sync`].
    pub async fn keep_in_sync(&self) {
        loop {
            let wait = match self.sync().await {
                Ok(report) if report.offline => OFFLINE_RETRY_INTERVAL,
                Ok(_) => ONLINE_SYNC_INTERVAL,
                Err(error) => {
                    tracing::warn!(environment = %self.environment, %error, "background sync failed");
                    ONLINE_SYNC_INTERVAL
                }
            };
            let _ = tokio::time::timeout(wait, self.sync_requested.notified()).await;
        }
    }

    /// Applies changes: each is checked and applied to the cache, then all are sent in order.
    /// `on_answered(n_answered, n_total)` reports progress. One result per change, in order.
    pub async fn apply(
        &self,
        changes: Vec<Change>,
        on_answered: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<ChangeOutcome>, WorkspaceError> {
        let total = changes.len();
        let mut queued: Vec<Result<i64, ChangeOutcome>> = Vec::with_capacity(total);
        let mut n_answered = 0;
        for change in changes {
            match self.store.enqueue(change).await {
                Ok(seq) => queued.push(Ok(seq)),
                Err(StoreError::Refused(reason)) => {
                    n_answered += 1;
                    queued.push(Err(ChangeOutcome::Refused { reason, code: None }));
                }
                Err(StoreError::UnknownUser(user_id)) => {
                    n_answered += 1;
                    queued.push(Err(ChangeOutcome::Refused {
                        reason: WorkspaceError::UnknownUser(user_id).to_string(),
                        code: Some("not_found".to_owned()),
                    }));
                }
                Err(error) => return Err(error.into()),
            }
        }
        on_answered(n_answered, total);
        let mine: HashSet<i64> = queued
            .iter()
            .filter_map(|q| q.as_ref().ok())
            .copied()
            .collect();
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
        let outbox: HashMap<i64, (OutboxState, Option<String>)> = self
            .store
            .outbox()
            .await?
            .into_iter()
            .map(|entry| (entry.seq, (entry.state, entry.problem)))
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
                    (Some((OutboxState::Conflict, problem)), _) => ChangeOutcome::Conflict {
                        reason: problem.clone().unwrap_or_default(),
                    },
                    (Some((OutboxState::Pending, _)), _) => ChangeOutcome::Queued,
                    (None, Some((reason, code))) => ChangeOutcome::Refused {
                        reason: reason.clone(),
                        code: code.clone(),
                    },
                    (None, None) => ChangeOutcome::Done,
                },
            })
            .collect())
    }

    /// Checks a typed or pasted list of addresses before inviting: syntax, duplicates in the
    /// list, already a user or invited, free-mail and unfamiliar domains.
    pub async fn check_addresses(&self, text: &str) -> Result<Vec<AddressCheck>, WorkspaceError> {
        let mut seen = HashSet::new();
        let mut known_domains: HashMap<String, bool> = HashMap::new();
        let mut checks = Vec::new();
        for input in split_address_list(text) {
            let email = match EmailAddress::parse(&input) {
                Ok(email) => email,
                Err(error) => {
                    checks.push(AddressCheck {
                        input,
                        email: None,
                        problem: Some(AddressProblem::Invalid(error.to_string())),
                        warnings: Vec::new(),
                    });
                    continue;
                }
            };
            let mut warnings = Vec::new();
            if email.is_free_mail() {
                warnings.push(AddressWarning::FreeMail);
            } else {
                let domain = email.domain().to_owned();
                let known = match known_domains.get(&domain) {
                    Some(known) => *known,
                    None => {
                        let known = self.store.domain_in_use(&domain).await?;
                        known_domains.insert(domain, known);
                        known
                    }
                };
                if !known {
                    warnings.push(AddressWarning::UnfamiliarDomain);
                }
            }
            let problem = if !seen.insert(email.clone()) {
                Some(AddressProblem::Duplicate)
            } else {
                match self.store.user_by_email(email.as_str()).await? {
                    Some(user) if user.status == econnect_domain::UserStatus::Invited => {
                        Some(AddressProblem::AlreadyInvited)
                    }
                    Some(_) => Some(AddressProblem::AlreadyUser),
                    None => None,
                }
            };
            checks.push(AddressCheck {
                input,
                email: Some(email.to_string()),
                problem,
                warnings,
            });
        }
        Ok(checks)
    }

    /// Invites every address of the list that passes the checks; the others are reported as
    /// refused without sending. One result per address of the list, in order.
    pub async fn invite(
        &self,
        text: &str,
        role: Role,
        method: InvitationMethod,
        grants: Vec<OrganisationGrant>,
        on_answered: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<Vec<(String, ChangeOutcome)>, WorkspaceError> {
        let checks = self.check_addresses(text).await?;
        if checks.is_empty() {
            return Err(WorkspaceError::Invalid(
                "enter at least one email address".to_owned(),
            ));
        }
        let mut to_send = Vec::new();
        let mut results: Vec<(String, Option<ChangeOutcome>)> = Vec::new();
        for check in checks {
            let label = check.email.clone().unwrap_or_else(|| check.input.clone());
            match (check.problem, check.email) {
                (None, Some(email)) => {
                    to_send.push(Change::Invite {
                        request: InvitationRequest {
                            email,
                            role: Some(role),
                            method: Some(method),
                            organisations: grants.clone(),
                        },
                    });
                    results.push((label, None));
                }
                (problem, _) => results.push((
                    label,
                    Some(ChangeOutcome::Refused {
                        reason: describe_problem(problem.as_ref()),
                        code: None,
                    }),
                )),
            }
        }
        let mut sent = self.apply(to_send, on_answered).await?.into_iter();
        Ok(results
            .into_iter()
            .map(|(email, outcome)| {
                let outcome = outcome
                    .or_else(|| sent.next())
                    .unwrap_or(ChangeOutcome::Queued);
                (email, outcome)
            })
            .collect())
    }

    /// A user as cached, with what the detail screen needs.
    pub async fn user_detail(&self, user_id: &str) -> Result<UserDetail, WorkspaceError> {
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| WorkspaceError::UnknownUser(user_id.to_owned()))?;
        let mut organisation_names = HashMap::new();
        for membership in &user.memberships {
            let name = self
                .store
                .organisation_name(&membership.organisation_id)
                .await?
                .unwrap_or_else(|| membership.organisation_id.clone());
            organisation_names.insert(membership.organisation_id.clone(), name);
        }
        let entries: Vec<_> = self
            .store
            .outbox()
            .await?
            .into_iter()
            .filter(|entry| entry.change.user_id() == Some(user_id))
            .collect();
        let counts = self.store.status_counts().await?;
        Ok(UserDetail {
            last_administrator: rules::counts_as_administrator(user.role, user.status)
                && counts.active_administrators <= 1,
            n_pending: u32::try_from(entries.len()).unwrap_or(u32::MAX),
            conflict: entries
                .iter()
                .find(|entry| entry.state == OutboxState::Conflict)
                .and_then(|entry| entry.problem.clone()),
            organisation_names,
            user,
        })
    }

    /// The changes that take a colleague off the environment: every membership, then the
    /// account. Refused for the last administrator (someone must remain).
    pub async fn offboarding_changes(&self, user_id: &str) -> Result<Vec<Change>, WorkspaceError> {
        let detail = self.user_detail(user_id).await?;
        if detail.last_administrator {
            return Err(WorkspaceError::Invalid(format!(
                "{} is the only administrator: make someone else an administrator first",
                detail.user.email
            )));
        }
        let user = detail.user;
        let mut changes: Vec<Change> = user
            .memberships
            .iter()
            .map(|membership| Change::RemoveMember {
                organisation_id: membership.organisation_id.clone(),
                user_id: user.id.clone(),
            })
            .collect();
        changes.push(if user.invitation.is_some() {
            Change::RevokeInvitation {
                user_id: user.id.clone(),
            }
        } else {
            Change::RemoveUser {
                user_id: user.id.clone(),
                base_version: user.version,
            }
        });
        Ok(changes)
    }

    /// Clears the relationship-manager flag of every Basic user holding it (it does nothing
    /// for them).
    pub async fn ineffective_relationship_manager_changes(
        &self,
    ) -> Result<Vec<Change>, WorkspaceError> {
        let mut changes = Vec::new();
        let mut query = SearchQuery {
            ineffective_relationship_manager: true,
            limit: 1000,
            ..SearchQuery::default()
        };
        loop {
            let page = self.store.search(&query).await?;
            let n = page.rows.len();
            changes.extend(
                page.rows
                    .into_iter()
                    .map(|row| Change::SetRelationshipManager {
                        user_id: row.id,
                        value: false,
                        base_version: 0,
                    }),
            );
            if n < query.limit as usize {
                return Ok(changes);
            }
            query.offset += query.limit;
        }
    }

    /// The environment's audit events, newest first (online only: the platform keeps them).
    pub async fn audit_events(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<AuditEventPage, WorkspaceError> {
        Ok(self.client.audit_events(cursor, limit).await?)
    }
}

fn describe_problem(problem: Option<&AddressProblem>) -> String {
    match problem {
        Some(AddressProblem::Invalid(reason)) => reason.clone(),
        Some(AddressProblem::Duplicate) => "listed twice; invited once".to_owned(),
        Some(AddressProblem::AlreadyUser) => "already a user of this environment".to_owned(),
        Some(AddressProblem::AlreadyInvited) => {
            "already invited; resend the invitation instead".to_owned()
        }
        None => "not an email address".to_owned(),
    }
}

/// Splits a pasted list: separated by commas, semicolons, new lines or spaces, with
/// `Name <address>` entries (as mail programs copy them) reduced to the address.
pub fn split_address_list(text: &str) -> Vec<String> {
    let mut addresses = Vec::new();
    for entry in text.split([',', ';', '\n', '\r', '\t']) {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        if let (Some(open), Some(close)) = (entry.rfind('<'), entry.rfind('>'))
            && open < close
        {
            addresses.push(entry[open + 1..close].trim().to_owned());
            continue;
        }
        addresses.extend(entry.split_whitespace().map(str::to_owned));
    }
    addresses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_list_becomes_addresses() {
        assert_eq!(
            split_address_list(
                "Ada Lovelace <ada@acme.example>; bob@acme.example,\n carol@acme.example dave@acme.example\r\n\n"
            ),
            vec![
                "ada@acme.example",
                "bob@acme.example",
                "carol@acme.example",
                "dave@acme.example"
            ]
        );
        assert!(split_address_list(" ;, \n").is_empty());
    }
}
