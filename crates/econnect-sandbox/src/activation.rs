//! The page behind the link in invitation and set-password emails: `GET /activate/{token}`
//! shows a small form, `POST` (form fields `name`, `password`) activates the account.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};
use econnect_contract::AuditAction;
use econnect_domain::text;
use serde::Deserialize;

use crate::password::{hash_new_password, hash_token};
use crate::repo::{self, AuditRecord};
use crate::state::AppState;

const MIN_PASSWORD_CHARS: usize = 10;

#[derive(sqlx::FromRow)]
struct TokenRow {
    user_id: String,
    purpose: String,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
}

enum Lookup {
    Valid {
        token: TokenRow,
        email: String,
        environment_id: String,
        current_name: Option<String>,
    },
    Page(Response),
}

fn page(status: StatusCode, title: &str, body_html: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · eConnect sandbox</title>\
         <meta name=\"viewport\" content=\"width=device-width\"><style>\
         body{{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d2330}}\
         h1{{color:#d9650f;font-size:1.5rem}} label{{display:block;margin:.8rem 0 .2rem}}\
         input{{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}}\
         button{{margin-top:1rem;font:inherit;padding:.5rem 1.2rem;background:#f47920;color:#fff;border:0;border-radius:6px}}\
         .error{{color:#b3261e}} .note{{color:#5b6474;font-size:.9rem}}</style></head>\
         <body><h1>{title}</h1>{body_html}<p class=\"note\">This is the eConnect sandbox, not the real platform.</p></body></html>"
    );
    (status, Html(html)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

async fn lookup(state: &AppState, token: &str) -> Result<Lookup, sqlx::Error> {
    let mut conn = state.pool.acquire().await?;
    let row: Option<TokenRow> = sqlx::query_as(
        "SELECT user_id, purpose, expires_at, used_at FROM activation_tokens WHERE token_hash = ?",
    )
    .bind(hash_token(token))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(Lookup::Page(page(
            StatusCode::NOT_FOUND,
            "This link is not valid",
            "<p>The link may have been replaced by a newer invitation, or the invitation was revoked. \
             Use the link in the most recent email, or ask your administrator to send the invitation again.</p>",
        )));
    };
    if row.used_at.is_some() {
        return Ok(Lookup::Page(page(
            StatusCode::GONE,
            "This link was already used",
            "<p>Your account is set up. Sign in with your email address and password.</p>",
        )));
    }
    if row.expires_at <= Utc::now() {
        return Ok(Lookup::Page(page(
            StatusCode::GONE,
            "This link has expired",
            "<p>Invitation links are valid for 14 days. Ask your administrator to resend the invitation; \
             the new email has a fresh link.</p>",
        )));
    }
    let user: Option<(String, String, Option<String>)> =
        sqlx::query_as("SELECT email, environment_id, name FROM users WHERE id = ?")
            .bind(&row.user_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((email, environment_id, current_name)) = user else {
        return Ok(Lookup::Page(page(
            StatusCode::GONE,
            "This invitation was withdrawn",
            "<p>The account no longer exists. Ask your administrator if you should have access.</p>",
        )));
    };
    Ok(Lookup::Valid {
        token: row,
        email,
        environment_id,
        current_name,
    })
}

fn form(email: &str, name: &str, error: Option<&str>) -> String {
    let error_html = error
        .map(|error| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(error)))
        .unwrap_or_default();
    format!(
        "<p>Set up the eConnect account for <strong>{email}</strong>.</p>{error_html}\
         <form method=\"post\"><label for=\"name\">Your full name</label>\
         <input id=\"name\" name=\"name\" autocomplete=\"name\" required value=\"{name}\">\
         <label for=\"password\">Choose a password (at least {MIN_PASSWORD_CHARS} characters)</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required minlength=\"{MIN_PASSWORD_CHARS}\">\
         <button type=\"submit\">Activate my account</button></form>",
        email = escape(email),
        name = escape(name),
    )
}

fn internal(error: sqlx::Error) -> Response {
    tracing::error!(%error, "activation page database error");
    page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "<p>Try again in a moment.</p>",
    )
}

pub async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match lookup(&state, &token).await {
        Ok(Lookup::Valid {
            email,
            current_name,
            ..
        }) => page(
            StatusCode::OK,
            "Welcome to eConnect",
            &form(&email, current_name.as_deref().unwrap_or_default(), None),
        ),
        Ok(Lookup::Page(response)) => response,
        Err(error) => internal(error),
    }
}

#[derive(Debug, Deserialize)]
pub struct ActivationForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

pub async fn activate(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(input): Form<ActivationForm>,
) -> Response {
    match activate_inner(&state, &token, input).await {
        Ok(response) => response,
        Err(error) => internal(error),
    }
}

async fn activate_inner(
    state: &AppState,
    token: &str,
    input: ActivationForm,
) -> Result<Response, sqlx::Error> {
    // An unknown or used token is answered without the global write lock, so that guessing
    // tokens cannot hold up every write of the sandbox; a valid one is looked up again under
    // the lock (it may have been used meanwhile).
    if let Lookup::Page(response) = lookup(state, token).await? {
        return Ok(response);
    }
    let _write = state.write_lock().await;
    let (row, email, environment_id) = match lookup(state, token).await? {
        Lookup::Valid {
            token,
            email,
            environment_id,
            ..
        } => (token, email, environment_id),
        Lookup::Page(response) => return Ok(response),
    };
    let name = input.name.trim();
    let problem = if name.is_empty() {
        Some("Enter your full name.".to_owned())
    } else if let Err(error) = text::plain_text("Your name", name, text::MAX_NAME_CHARS) {
        Some(format!("{error}."))
    } else if input.password.chars().count() < MIN_PASSWORD_CHARS {
        Some(format!(
            "The password must have at least {MIN_PASSWORD_CHARS} characters."
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        return Ok(page(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Welcome to eConnect",
            &form(&email, name, Some(&problem)),
        ));
    }
    let (salt, hash) = hash_new_password(&input.password);
    let mut tx = state.pool.begin().await?;
    // An invitation turns the user active; a set-password link leaves the status as it is.
    sqlx::query(
        "UPDATE users SET name = ?, password_salt = ?, password_hash = ?, \
         status = CASE WHEN status = 'invited' THEN 'active' ELSE status END, \
         invited_at = NULL, expires_at = NULL WHERE id = ?",
    )
    .bind(name)
    .bind(&salt)
    .bind(&hash)
    .bind(&row.user_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE activation_tokens SET used_at = ? WHERE token_hash = ?")
        .bind(Utc::now())
        .bind(hash_token(token))
        .execute(&mut *tx)
        .await?;
    let recorded = async {
        repo::touch_user(&mut tx, &environment_id, &row.user_id).await?;
        if row.purpose == "invitation" {
            let record = AuditRecord {
                actor: &email,
                action: AuditAction::InvitationAccepted,
                target_email: Some(&email),
                organisation_id: None,
                detail: None,
            };
            repo::record_audit(&mut tx, &environment_id, record).await?;
        }
        Ok::<_, crate::error::ApiError>(())
    }
    .await;
    if recorded.is_err() {
        return Err(sqlx::Error::Protocol(
            "recording the activation failed".into(),
        ));
    }
    tx.commit().await?;
    Ok(page(
        StatusCode::OK,
        "Your account is active",
        &format!(
            "<p>You can now sign in to eConnect as <strong>{}</strong> with the password you chose.</p>",
            escape(&email)
        ),
    ))
}
