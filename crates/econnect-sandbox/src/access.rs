//! Who may read what. Writes check their rights inside their transaction ([`crate::write`]);
//! reads check them here, against the caller's row as it was read for this very request
//! (the bearer token says who, never what they may do).
//!
//! The rule, as the contract documents it per operation (`x-access` in the OpenAPI):
//! environment administrators (and API clients) read the whole environment; anyone else
//! reads `me` and, as organisation administrator, the organisations they administer and
//! those organisations' members — with only those organisations' memberships shown.

use std::collections::BTreeSet;

use econnect_contract::{ErrorCode, User};
use sqlx::SqliteConnection;

use crate::auth::Actor;
use crate::error::{ApiError, ApiResult};

/// What the caller may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadScope {
    /// Everything in the environment.
    Environment,
    /// The organisations with these ids (the ones the caller administers; possibly none) and
    /// their members.
    Organisations(BTreeSet<String>),
}

impl ReadScope {
    /// The caller's scope now.
    pub async fn of(conn: &mut SqliteConnection, actor: &Actor) -> ApiResult<Self> {
        let Some(user_id) = actor.user_id() else {
            return Ok(Self::Environment);
        };
        if actor.role().is_administrator() {
            return Ok(Self::Environment);
        }
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT organisation_id FROM memberships WHERE user_id = ? AND level = 'administrator'",
        )
        .bind(user_id)
        .fetch_all(conn)
        .await?;
        Ok(Self::Organisations(ids.into_iter().collect()))
    }

    /// Only administrators read `what` (the user list, the change feed, the audit events).
    pub fn require_environment(&self, what: &str) -> ApiResult<()> {
        match self {
            Self::Environment => Ok(()),
            Self::Organisations(_) => Err(ApiError::new(
                ErrorCode::Forbidden,
                format!("only the environment's administrators may read {what}"),
            )
            .with_hint(
                "organisation administrators read the organisations they administer and their members",
            )),
        }
    }

    /// The caller may read this organisation and its members. For a caller with an
    /// organisation scope an organisation outside it is refused whether it exists or not,
    /// so that its existence is not told either.
    pub fn require_organisation(&self, organisation_id: &str) -> ApiResult<()> {
        match self {
            Self::Environment => Ok(()),
            Self::Organisations(ids) if ids.contains(organisation_id) => Ok(()),
            Self::Organisations(_) => Err(not_in_scope()),
        }
    }

    /// `user` as this caller may see them: whole for administrators; for an organisation
    /// administrator only when they are a member of an organisation the caller administers,
    /// and with only those memberships.
    pub fn visible_user(&self, mut user: User) -> ApiResult<User> {
        match self {
            Self::Environment => Ok(user),
            Self::Organisations(ids) => {
                user.memberships
                    .retain(|membership| ids.contains(&membership.organisation_id));
                if user.memberships.is_empty() {
                    Err(not_in_scope())
                } else {
                    Ok(user)
                }
            }
        }
    }

    /// What to answer for something that does not exist: 404 for a caller who may read
    /// everything, the same refusal as for a hidden one for anyone else.
    pub fn not_found(&self, what: &str) -> ApiError {
        match self {
            Self::Environment => ApiError::not_found(what),
            Self::Organisations(_) => not_in_scope(),
        }
    }

    /// The organisations a caller with an organisation scope is limited to; `None` for all.
    pub fn organisation_ids(&self) -> Option<&BTreeSet<String>> {
        match self {
            Self::Environment => None,
            Self::Organisations(ids) => Some(ids),
        }
    }
}

fn not_in_scope() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "this is outside the organisations you administer",
    )
    .with_hint("an administrator of the environment can read it, or make you an administrator of its organisation")
}
