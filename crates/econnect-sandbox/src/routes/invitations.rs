//! Invitations: invite (by email or directly), resend, revoke.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use econnect_contract::{
    AuditAction, ErrorCode, INVITATION_VALID_DAYS, InvitationRequest, Problem, User,
};
use econnect_domain::rules;
use econnect_domain::{EmailAddress, InvitationMethod, Role, UserStatus};
use sqlx::SqliteConnection;

use crate::auth::Actor;
use crate::error::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::idempotency::IdempotencyKey;
use crate::mail::OutgoingMail;
use crate::password::{hash_token, random_token};
use crate::repo::{self, AuditRecord, Entity};
use crate::routes::users::remove_user;
use crate::state::AppState;
use crate::write::{Begun, Write};

/// Invite someone: by email (an activation link) or directly (the account exists at once and
/// the person gets a set-password link). Send an `Idempotency-Key`: a retry then never
/// invites twice.
#[utoipa::path(
    post,
    path = "/api/v1/invitations",
    tag = "invitations",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result")),
    request_body = InvitationRequest,
    responses(
        (status = 201, description = "The new user (status invited, or active when added directly)", body = User),
        (status = 409, description = "already_invited or already_user", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<InvitationRequest>,
) -> ApiResult<Response> {
    // Early, before any work; checked again inside the transaction (`Write`).
    rules::check_may_administer_users(actor.role())?;
    let email = EmailAddress::parse(&request.email)
        .map_err(|error| ApiError::new(ErrorCode::InvalidEmail, error.to_string()))?;
    let role = request.role.unwrap_or_default();
    let method = request.method.unwrap_or_default();
    let name = match request.name.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(
            econnect_domain::text::plain_text("name", name, econnect_domain::text::MAX_NAME_CHARS)
                .map_err(|error| ApiError::validation(error.to_string()))?
                .to_owned(),
        ),
    };
    let mut seen = std::collections::HashSet::new();
    if let Some(duplicate) = request
        .organisations
        .iter()
        .find(|grant| !seen.insert(grant.organisation_id.as_str()))
    {
        return Err(ApiError::validation(format!(
            "organisation {} is listed twice; grant each organisation once",
            duplicate.organisation_id
        )));
    }

    let env = actor.environment_id.clone();
    let mut write =
        match Write::begin_idempotent(&state, &actor, key, "POST /invitations", &request).await? {
            Begun::Fresh(write) => write,
            Begun::Replayed(answer) => return Ok(answer),
        };
    write.require_administrator()?;
    let tx = &mut *write.tx;
    check_invitable(tx, &env, &email, method, &request.organisations).await?;
    let now = Utc::now();
    let expires_at = now + Duration::days(INVITATION_VALID_DAYS);
    let user_id = insert_invited_user(
        tx,
        &env,
        &actor,
        &email,
        name.as_deref(),
        &request,
        now,
        expires_at,
    )
    .await?;
    repo::record_change(tx, &env, Entity::User, &user_id, false).await?;
    let actor_label = actor.label();
    let action = match method {
        InvitationMethod::Email => AuditAction::UserInvited,
        InvitationMethod::Direct => AuditAction::UserAddedDirectly,
    };
    let organisations_detail = if request.organisations.is_empty() {
        String::new()
    } else {
        format!(", {} organisations", request.organisations.len())
    };
    let record = AuditRecord {
        actor: &actor_label,
        action,
        target_email: Some(email.as_str()),
        organisation_id: None,
        detail: Some(format!("as {role}{organisations_detail}")),
    };
    repo::record_audit(tx, &env, record).await?;
    let mail = activation_mail(
        tx,
        &state,
        &env,
        &user_id,
        &email,
        role,
        method,
        &actor_label,
        expires_at,
    )
    .await?;
    let user = repo::load_user(tx, &env, &user_id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::Internal, "the new user vanished"))?;
    write
        .commit_with(StatusCode::CREATED, &user, |tx| {
            commit_then_send(tx, &state, mail)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(user)).into_response())
}

/// Refuses an invitation the platform's rules forbid: an organisation that is not here, an
/// address that is a user or invited already, an email invitation to a domain linked to
/// another environment (it would make the invitee a new environment).
async fn check_invitable(
    tx: &mut SqliteConnection,
    env: &str,
    email: &EmailAddress,
    method: InvitationMethod,
    organisations: &[econnect_contract::OrganisationGrant],
) -> ApiResult<()> {
    for grant in organisations {
        if repo::find_organisation(tx, env, &grant.organisation_id)
            .await?
            .is_none()
        {
            return Err(ApiError::validation(format!(
                "organisation {} does not exist in this environment",
                grant.organisation_id
            )));
        }
    }
    if let Some(existing) = repo::find_user_by_email(tx, env, email.as_str()).await? {
        return Err(match existing.status() {
            UserStatus::Invited => ApiError::new(
                ErrorCode::AlreadyInvited,
                format!("{email} already has a pending invitation"),
            )
            .with_hint("resend the invitation instead"),
            _ => ApiError::new(
                ErrorCode::AlreadyUser,
                format!("{email} is already a user of this environment"),
            ),
        });
    }
    let linked_environment: Option<String> =
        sqlx::query_scalar("SELECT environment_id FROM environment_domains WHERE domain = ?")
            .bind(email.domain())
            .fetch_optional(&mut *tx)
            .await?;
    if method == InvitationMethod::Email
        && linked_environment
            .as_deref()
            .is_some_and(|linked| linked != env)
    {
        return Err(ApiError::new(
            ErrorCode::SharedEmailDomain,
            format!(
                "{} is linked to another eConnect environment: an email invitation would make {email} a new environment instead of a user here",
                email.domain()
            ),
        )
        .with_hint("add the user directly (method \"direct\"): the account is created here and they get an email to set a password"));
    }

    Ok(())
}

/// Inserts the invited (or directly added) user with their memberships, and the name the
/// inviter proposed (offered on the activation page); returns the id.
#[allow(clippy::too_many_arguments)]
async fn insert_invited_user(
    tx: &mut SqliteConnection,
    env: &str,
    actor: &Actor,
    email: &EmailAddress,
    name: Option<&str>,
    request: &InvitationRequest,
    now: chrono::DateTime<Utc>,
    expires_at: chrono::DateTime<Utc>,
) -> ApiResult<String> {
    let user_id = repo::new_id();
    let role = request.role.unwrap_or_default();
    let method = request.method.unwrap_or_default();
    let (status, invited_at, invitation_expires_at) = match method {
        InvitationMethod::Email => (UserStatus::Invited, Some(now), Some(expires_at)),
        InvitationMethod::Direct => (UserStatus::Active, None, None),
    };
    sqlx::query(
        "INSERT INTO users (id, environment_id, email, name, role, status, relationship_manager, invited_by, \
         invited_at, expires_at, invitation_method, created_at, updated_at, version) \
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 1)",
    )
    .bind(&user_id)
    .bind(env)
    .bind(email.as_str())
    .bind(name)
    .bind(role.as_str())
    .bind(status.as_str())
    .bind(actor.email())
    .bind(invited_at)
    .bind(invitation_expires_at)
    .bind(method.as_str())
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for grant in &request.organisations {
        sqlx::query("INSERT INTO memberships (organisation_id, user_id, level) VALUES (?, ?, ?)")
            .bind(&grant.organisation_id)
            .bind(&user_id)
            .bind(grant.level.as_str())
            .execute(&mut *tx)
            .await?;
        repo::touch_organisation(tx, env, &grant.organisation_id).await?;
    }
    Ok(user_id)
}

/// Creates the activation token and composes the email (sent once the transaction commits).
#[allow(clippy::too_many_arguments)]
async fn activation_mail(
    conn: &mut SqliteConnection,
    state: &AppState,
    environment_id: &str,
    user_id: &str,
    email: &EmailAddress,
    role: Role,
    method: InvitationMethod,
    inviter: &str,
    expires_at: chrono::DateTime<Utc>,
) -> ApiResult<OutgoingMail> {
    let purpose = match method {
        InvitationMethod::Email => "invitation",
        InvitationMethod::Direct => "set_password",
    };
    sqlx::query("DELETE FROM activation_tokens WHERE user_id = ? AND used_at IS NULL")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    let token = random_token();
    sqlx::query("INSERT INTO activation_tokens (token_hash, user_id, purpose, expires_at) VALUES (?, ?, ?, ?)")
        .bind(hash_token(&token))
        .bind(user_id)
        .bind(purpose)
        .bind(expires_at)
        .execute(&mut *conn)
        .await?;
    let environment_name: String = sqlx::query_scalar("SELECT name FROM environments WHERE id = ?")
        .bind(environment_id)
        .fetch_one(&mut *conn)
        .await?;
    let link = format!("{}/activate/{token}", state.base_url);
    let valid_until = expires_at.format("%-d %B %Y, %H:%M UTC");
    let (subject, body, kind) = match method {
        InvitationMethod::Email => (
            format!("You are invited to {environment_name} on eConnect"),
            format!(
                "Hello,\n\n{inviter} invited you to the eConnect environment \"{environment_name}\" as {role}.\n\n\
                 Accept the invitation and complete your details here:\n{link}\n\n\
                 The link is valid until {valid_until}. If you did not expect this email, you can ignore it.\n"
            ),
            "invitation",
        ),
        InvitationMethod::Direct => (
            format!("Your eConnect account for {environment_name}"),
            format!(
                "Hello,\n\n{inviter} added you to the eConnect environment \"{environment_name}\" as {role}.\n\n\
                 Set your password here:\n{link}\n\nThe link is valid until {valid_until}.\n"
            ),
            "set-password",
        ),
    };
    Ok(OutgoingMail {
        to: email.to_string(),
        subject,
        body,
        kind,
    })
}

/// Commits, then writes the email, in a task of its own: a client that disconnects meanwhile
/// drops this handler, and must not leave a committed invitation without its email.
async fn commit_then_send(
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    state: &AppState,
    mail: OutgoingMail,
) -> ApiResult<()> {
    let state = state.clone();
    tokio::spawn(async move {
        tx.commit().await?;
        send_after_commit(&state, mail);
        Ok::<(), ApiError>(())
    })
    .await
    .map_err(|error| ApiError::new(ErrorCode::Internal, error.to_string()))?
}

fn send_after_commit(state: &AppState, mail: OutgoingMail) {
    if let Err(error) = state.mailer.send(mail) {
        tracing::error!(%error, "could not write the email to the outbox");
    }
}

/// Send the invitation again, with a new link and a renewed expiry.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/invitation/resend",
    tag = "invitations",
    params(
        ("id" = String, Path, description = "The invited user's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first result and send no second email"),
    ),
    responses(
        (status = 200, description = "The user with the renewed invitation", body = User),
        (status = 404, description = "No such user here", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "not_pending: the invitation was accepted or revoked", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn resend(
    State(state): State<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Response> {
    // Early, before any work; checked again inside the transaction (`Write`).
    rules::check_may_administer_users(actor.role())?;
    let env = actor.environment_id.clone();
    let mut write = match Write::begin_idempotent(
        &state,
        &actor,
        key,
        "POST /users/{id}/invitation/resend",
        &id,
    )
    .await?
    {
        Begun::Fresh(write) => write,
        Begun::Replayed(answer) => return Ok(answer),
    };
    write.require_administrator()?;
    let tx = &mut *write.tx;
    let current = repo::require_user(tx, &env, &id).await?;
    if current.status() != UserStatus::Invited {
        return Err(ApiError::new(
            ErrorCode::NotPending,
            format!(
                "{} has no pending invitation (status {})",
                current.email, current.status
            ),
        ));
    }
    let now = Utc::now();
    let expires_at = now + Duration::days(INVITATION_VALID_DAYS);
    sqlx::query("UPDATE users SET invited_at = ?, expires_at = ?, invited_by = COALESCE(?, invited_by) WHERE id = ?")
        .bind(now)
        .bind(expires_at)
        .bind(actor.email())
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    repo::touch_user(tx, &env, &id).await?;
    let actor_label = actor.label();
    let record = AuditRecord {
        actor: &actor_label,
        action: AuditAction::InvitationResent,
        target_email: Some(&current.email),
        organisation_id: None,
        detail: None,
    };
    repo::record_audit(tx, &env, record).await?;
    let email = EmailAddress::parse(&current.email)
        .map_err(|error| ApiError::new(ErrorCode::Internal, error.to_string()))?;
    let mail = activation_mail(
        tx,
        &state,
        &env,
        &id,
        &email,
        current.role(),
        InvitationMethod::Email,
        &actor_label,
        expires_at,
    )
    .await?;
    let user = repo::load_user(tx, &env, &id)
        .await?
        .ok_or_else(|| ApiError::not_found(&format!("user {id}")))?;
    write
        .commit_with(StatusCode::OK, &user, |tx| {
            commit_then_send(tx, &state, mail)
        })
        .await?;
    Ok((StatusCode::OK, Json(user)).into_response())
}

/// Revoke a pending invitation: the invited user is removed and the link stops working.
#[utoipa::path(
    delete,
    path = "/api/v1/users/{id}/invitation",
    tag = "invitations",
    params(("id" = String, Path, description = "The invited user's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such user here", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "not_pending", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    // Early, before any work; checked again inside the transaction (`Write`).
    rules::check_may_administer_users(actor.role())?;
    let env = actor.environment_id.clone();
    let mut write = Write::begin(&state, &actor).await?;
    write.require_administrator()?;
    let tx = &mut *write.tx;
    let current = repo::require_user(tx, &env, &id).await?;
    if current.status() != UserStatus::Invited {
        return Err(ApiError::new(
            ErrorCode::NotPending,
            format!(
                "{} accepted the invitation already; remove the user instead of revoking",
                current.email
            ),
        ));
    }
    remove_user(tx, &env, &current, &actor, AuditAction::InvitationRevoked).await?;
    write.commit(StatusCode::NO_CONTENT, &()).await?;
    Ok(StatusCode::NO_CONTENT)
}
