//! `GET /changes?since=`: the change feed for delta sync.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use econnect_contract::{Change, ChangePage};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::access::ReadScope;
use crate::auth::Actor;
use crate::error::{ApiError, ApiQuery, ApiResult};
use crate::repo::{self, USER_COLUMNS, UserRow};
use crate::routes::page_size;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `nextCursor` of the previous answer. Absent: the answer is empty and carries the
    /// current cursor (take it before a full sync).
    pub since: Option<String>,
    /// 1 to 1000; 100 when absent.
    pub limit: Option<u32>,
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    seq: i64,
    entity: String,
    entity_id: String,
    deleted: bool,
}

/// The changes after `since`, oldest first (administrators only). Within a page only the latest change of each
/// entity is sent, as the entity is now.
#[utoipa::path(
    get,
    path = "/api/v1/changes",
    tag = "changes",
    params(ChangesQuery),
    responses((status = 200, description = "The changes after the cursor", body = ChangePage))
)]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(query): ApiQuery<ChangesQuery>,
) -> ApiResult<Json<ChangePage>> {
    let limit = page_size(query.limit)?;
    ReadScope::of(&mut *state.pool.acquire().await?, &actor)
        .await?
        .require_environment("the change feed")?;
    let env = actor.environment_id.as_str();
    let mut conn = state.pool.acquire().await?;
    let Some(since) = query.since else {
        let head: Option<i64> =
            sqlx::query_scalar("SELECT MAX(seq) FROM changes WHERE environment_id = ?")
                .bind(env)
                .fetch_one(&mut *conn)
                .await?;
        return Ok(Json(ChangePage {
            items: Vec::new(),
            next_cursor: head.unwrap_or(0).to_string(),
            has_more: false,
        }));
    };
    let since: i64 = since
        .trim()
        .parse()
        .ok()
        .filter(|since| *since >= 0)
        .ok_or_else(|| ApiError::validation("since must be a cursor returned by this endpoint"))?;
    let mut rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT seq, entity, entity_id, deleted FROM changes WHERE environment_id = ? AND seq > ? ORDER BY seq LIMIT ?",
    )
    .bind(env)
    .bind(since)
    .bind(i64::from(limit) + 1)
    .fetch_all(&mut *conn)
    .await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = rows.last().map_or(since, |row| row.seq).to_string();

    // Keep the last change per entity, in feed order.
    let mut last_index: HashMap<(&str, &str), usize> = HashMap::new();
    for (index, row) in rows.iter().enumerate() {
        last_index.insert((row.entity.as_str(), row.entity_id.as_str()), index);
    }
    let latest: Vec<&ChangeRow> = rows
        .iter()
        .enumerate()
        .filter(|(index, row)| {
            last_index.get(&(row.entity.as_str(), row.entity_id.as_str())) == Some(index)
        })
        .map(|(_, row)| row)
        .collect();

    // Load every upserted user in one query.
    let user_ids: Vec<String> = latest
        .iter()
        .filter(|row| row.entity == "user" && !row.deleted)
        .map(|row| row.entity_id.clone())
        .collect();
    let mut users = HashMap::new();
    for chunk in user_ids.chunks(500) {
        let mut builder = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE environment_id = "
        ));
        builder.push_bind(env.to_owned()).push(" AND id IN (");
        let mut separated = builder.separated(", ");
        for id in chunk {
            separated.push_bind(id.clone());
        }
        builder.push(")");
        let user_rows: Vec<UserRow> = builder.build_query_as().fetch_all(&mut *conn).await?;
        for user in repo::users_to_contract(&mut conn, &user_rows).await? {
            users.insert(user.id.clone(), user);
        }
    }

    let mut items = Vec::with_capacity(latest.len());
    for row in latest {
        let change = match (row.entity.as_str(), row.deleted) {
            ("user", true) => Some(Change::UserDeleted {
                user_id: row.entity_id.clone(),
            }),
            ("user", false) => users
                .remove(&row.entity_id)
                .map(|user| Change::UserUpserted { user }),
            ("organisation", true) => Some(Change::OrganisationDeleted {
                organisation_id: row.entity_id.clone(),
            }),
            _ => repo::find_organisation(&mut conn, env, &row.entity_id)
                .await?
                .map(|organisation| Change::OrganisationUpserted { organisation }),
        };
        // An upsert of an entity that is gone has a deletion later in the feed.
        items.extend(change);
    }
    Ok(Json(ChangePage {
        items,
        next_cursor,
        has_more,
    }))
}
