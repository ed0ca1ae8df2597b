//! A user's detail, the changes that offboard a colleague, and the insight fix.

use std::collections::HashMap;

use econnect_contract::{ErrorCode, User};
use econnect_domain::rules::{self, RuleViolation};
use econnect_store::{Change, OutboxState, SearchQuery};

use super::Workspace;
use super::changes::parse_error_code;
use crate::error::CoreError;

/// A user with what the detail screen needs besides the user.
#[derive(Debug, Clone, PartialEq)]
pub struct UserDetail {
    pub user: User,
    /// `(organisation id, organisation name)` for each membership, in the user's order.
    pub organisation_names: HashMap<String, String>,
    /// Local changes of this user waiting to be sent.
    pub n_pending: u32,
    /// The conflict waiting for a decision, if any: the platform's words and its code.
    pub conflict: Option<String>,
    pub conflict_code: Option<ErrorCode>,
    /// This is the environment's only active administrator: they cannot be demoted, blocked
    /// or removed.
    pub last_administrator: bool,
}

impl Workspace {
    /// A user as cached, with what the detail screen needs.
    #[tracing::instrument(skip(self), fields(environment = %self.environment), err)]
    pub async fn user_detail(&self, user_id: &str) -> Result<UserDetail, CoreError> {
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or_else(|| CoreError::UnknownUser(user_id.to_owned()))?;
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
        let conflict = entries
            .iter()
            .find(|entry| entry.state == OutboxState::Conflict);
        Ok(UserDetail {
            last_administrator: rules::counts_as_administrator(user.role, user.status)
                && counts.active_administrators <= 1,
            n_pending: u32::try_from(entries.len()).unwrap_or(u32::MAX),
            conflict: conflict.and_then(|entry| entry.problem.clone()),
            conflict_code: conflict
                .and_then(|entry| entry.problem_code.as_deref())
                .and_then(parse_error_code),
            organisation_names,
            user,
        })
    }

    /// The changes that take a colleague off the environment: every membership, then the
    /// account. Refused for the last administrator (someone must remain).
    #[tracing::instrument(skip(self), fields(environment = %self.environment), err)]
    pub async fn offboarding_changes(&self, user_id: &str) -> Result<Vec<Change>, CoreError> {
        let detail = self.user_detail(user_id).await?;
        if detail.last_administrator {
            return Err(CoreError::Rule {
                subject: detail.user.email.to_string(),
                violation: RuleViolation::LastAdministrator,
            });
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
    pub async fn ineffective_relationship_manager_changes(&self) -> Result<Vec<Change>, CoreError> {
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
}
