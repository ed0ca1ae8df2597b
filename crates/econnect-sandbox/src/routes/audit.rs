//! `GET /audit-events`: who did what to whom, when. Newest first.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use econnect_contract::{AuditAction, AuditEvent, AuditEventPage};
use serde::Deserialize;
use sqlx::{QueryBuilder, Sqlite};
use utoipa::IntoParams;

use crate::access::ReadScope;
use crate::auth::Actor;
use crate::error::{ApiError, ApiQuery, ApiResult};
use crate::routes::page_size;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// 1 to 1000; 100 when absent.
    pub limit: Option<u32>,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Only events by this actor (email address or `client:<id>`).
    pub actor: Option<String>,
    /// Only events of this action.
    pub action: Option<AuditAction>,
    /// Only events about this user (email address).
    pub target_email: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    id: String,
    at: DateTime<Utc>,
    actor: String,
    action: String,
    target_email: Option<String>,
    organisation_id: Option<String>,
    detail: Option<String>,
}

/// The environment's audit events, newest first (administrators only).
#[utoipa::path(
    get,
    path = "/api/v1/audit-events",
    tag = "audit",
    params(AuditQuery),
    responses((status = 200, description = "A page of audit events", body = AuditEventPage))
)]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<AuditEventPage>> {
    let limit = page_size(query.limit)?;
    ReadScope::of(&mut *state.pool.acquire().await?, &actor)
        .await?
        .require_environment("the audit events")?;
    let cursor: Option<i64> = match &query.cursor {
        None => None,
        Some(cursor) => Some(cursor.parse().map_err(|_| {
            ApiError::validation("cursor must be a nextCursor returned by this endpoint")
        })?),
    };
    let mut builder = QueryBuilder::<Sqlite>::new(
        "SELECT seq, id, at, actor, action, target_email, organisation_id, detail FROM audit_events WHERE environment_id = ",
    );
    builder.push_bind(actor.environment_id.clone());
    if let Some(cursor) = cursor {
        builder.push(" AND seq < ").push_bind(cursor);
    }
    if let Some(by) = &query.actor {
        builder
            .push(" AND actor = ")
            .push_bind(by.trim().to_lowercase());
    }
    if let Some(action) = query.action {
        builder.push(" AND action = ").push_bind(action.as_str());
    }
    if let Some(target) = &query.target_email {
        builder
            .push(" AND target_email = ")
            .push_bind(target.trim().to_lowercase());
    }
    builder
        .push(" ORDER BY seq DESC LIMIT ")
        .push_bind(i64::from(limit) + 1);
    let mut conn = state.pool.acquire().await?;
    let mut rows: Vec<AuditRow> = builder.build_query_as().fetch_all(&mut *conn).await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if has_more {
        rows.last().map(|row| row.seq.to_string())
    } else {
        None
    };
    let items = rows
        .into_iter()
        .filter_map(|row| {
            Some(AuditEvent {
                id: row.id,
                at: row.at,
                actor: row.actor,
                action: AuditAction::parse(&row.action)?,
                target_email: row.target_email,
                organisation_id: row.organisation_id,
                detail: row.detail,
            })
        })
        .collect();
    Ok(Json(AuditEventPage { items, next_cursor }))
}
