//! `me` and users: list (with filters), read, update with `If-Match`, remove.

use econnect_contract::{EnvironmentAccessList, Me, User, UserPage, UserPatch};
use econnect_domain::{Role, UserStatus};
use reqwest::Method;
use serde::Serialize;

use crate::client::{ApiClient, Versioned};
use crate::error::{ApiError, decode};
use crate::transport::{Call, segment, to_json};

/// Filters of `GET /users`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
}

impl ApiClient {
    pub async fn me(&self) -> Result<Me, ApiError> {
        self.get_json("/me", &()).await
    }

    /// The environments the signed-in person has access to, with their role in each.
    pub async fn my_environments(&self) -> Result<EnvironmentAccessList, ApiError> {
        self.get_json("/me/environments", &()).await
    }

    pub async fn list_users(
        &self,
        query: &UserQuery,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<UserPage, ApiError> {
        #[derive(Serialize)]
        struct Params<'a> {
            #[serde(flatten)]
            query: &'a UserQuery,
            limit: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            cursor: Option<&'a str>,
        }
        self.get_json(
            "/users",
            &Params {
                query,
                limit,
                cursor,
            },
        )
        .await
    }

    /// Every user matching the query, page by page.
    pub async fn all_users(&self, query: &UserQuery) -> Result<Vec<User>, ApiError> {
        let mut users = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = self
                .list_users(query, cursor.as_deref(), econnect_contract::MAX_PAGE_SIZE)
                .await?;
            users.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(users),
            }
        }
    }

    pub async fn get_user(&self, user_id: &str) -> Result<Versioned<User>, ApiError> {
        let call = Call::new(
            Method::GET,
            self.0
                .endpoints
                .api(&format!("/users/{}", segment(user_id))),
        );
        let what = call.what.clone();
        let success = self.execute(call).await?;
        let user: User = decode(&success.bytes, &what)?;
        let etag = success.etag.unwrap_or_else(|| user.etag());
        Ok(Versioned { value: user, etag })
    }

    /// Updates a user if it is still at `etag`; a change made elsewhere since gives
    /// `stale_version` and nothing is overwritten.
    pub async fn update_user(
        &self,
        user_id: &str,
        etag: &str,
        patch: &UserPatch,
    ) -> Result<Versioned<User>, ApiError> {
        self.patch_user(user_id, etag, patch, None).await
    }

    /// Like [`ApiClient::update_user`], with an Idempotency-Key: safe to retry, and a replay
    /// (after a crash, say) returns the first result instead of `stale_version`.
    pub async fn update_user_with_key(
        &self,
        user_id: &str,
        etag: &str,
        patch: &UserPatch,
        idempotency_key: &str,
    ) -> Result<Versioned<User>, ApiError> {
        self.patch_user(user_id, etag, patch, Some(idempotency_key))
            .await
    }

    async fn patch_user(
        &self,
        user_id: &str,
        etag: &str,
        patch: &UserPatch,
        idempotency_key: Option<&str>,
    ) -> Result<Versioned<User>, ApiError> {
        let mut call = Call::new(
            Method::PATCH,
            self.0
                .endpoints
                .api(&format!("/users/{}", segment(user_id))),
        );
        call.idempotency_key = idempotency_key.map(str::to_owned);
        call.if_match = Some(etag.to_owned());
        call.body = Some(to_json(patch));
        let what = call.what.clone();
        let success = self.execute(call).await?;
        let user: User = decode(&success.bytes, &what)?;
        let etag = success.etag.unwrap_or_else(|| user.etag());
        Ok(Versioned { value: user, etag })
    }

    /// Removes a user from the environment. A retry that finds the user gone, after an
    /// attempt that got no answer, counts as done.
    pub async fn remove_user(&self, user_id: &str, etag: &str) -> Result<(), ApiError> {
        let mut call = Call::new(
            Method::DELETE,
            self.0
                .endpoints
                .api(&format!("/users/{}", segment(user_id))),
        );
        call.if_match = Some(etag.to_owned());
        self.execute_delete(call).await
    }
}
