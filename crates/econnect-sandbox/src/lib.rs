//! The sandbox eConnect platform: a real implementation of **Platform Admin API v1** on axum
//! and SQLite, with its own identity server, activation emails (an outbox folder, and SMTP
//! when configured), seed data and fault injection. The app is developed, demonstrated and
//! tested against it; the app also embeds it as the "Local sandbox" environment.
//!
//! Start it with [`start`]; the returned [`RunningSandbox`] says where it listens and stops
//! it again.

mod access;
mod activation;
mod admin;
mod auth;
mod error;
pub mod faults;
mod idempotency;
mod identity;
mod mail;
pub mod openapi;
mod password;
mod repo;
mod routes;
pub mod seed;
mod state;
mod stats;
mod throttle;
mod write;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use econnect_contract::ErrorCode;
use serde::Serialize;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::oneshot;

pub use faults::FaultConfig;
pub use seed::{Seed, SeedError};
pub use stats::{RouteStats, StatsSnapshot};

use crate::error::ApiError;
use crate::faults::FaultDecision;
use crate::state::AppState;

/// How to start the sandbox.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// Where to listen; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Holds `sandbox.sqlite3` and `outbox/`.
    pub data_dir: PathBuf,
    /// Seed afresh (wiping existing data); `None` keeps existing data, or seeds
    /// `initial_seed` into an empty folder.
    pub seed: Option<Seed>,
    /// What an empty folder starts with when `seed` is `None` (`demo` unless set).
    pub initial_seed: Seed,
    /// `HOST:PORT` of an SMTP server to send mail through, besides the outbox.
    pub smtp: Option<String>,
    pub faults: FaultConfig,
    /// The access-token lifetime (one hour on the real platform).
    pub token_lifetime: Duration,
}

impl SandboxOptions {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.into(),
            seed: None,
            initial_seed: Seed::Demo,
            smtp: None,
            faults: FaultConfig::default(),
            token_lifetime: Duration::from_secs(3600),
        }
    }
}

/// What a client needs to talk to the sandbox. The first line the binary prints.
#[derive(Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxInfo {
    /// API base URL; the API is under `{apiUrl}/api/v1`.
    pub api_url: String,
    /// Identity base URL; the token endpoint is `{identityUrl}/connect/token`.
    pub identity_url: String,
    pub client_id: String,
    pub client_secret: String,
    /// The primary environment's administrator.
    pub admin_email: String,
    /// The password of every seeded account.
    pub demo_password: String,
    /// A practice seed's environments (the first is the one above); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub environments: Vec<SeededEnvironment>,
    /// A practice seed's accountant: administrator in every one of `environments`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accountant_email: Option<String>,
    /// A practice seed's addresses that are users in more than one environment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_people: Vec<String>,
}

/// One environment of a practice seed, as a client signs in to it.
#[derive(Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeededEnvironment {
    pub name: String,
    pub api_url: String,
    pub identity_url: String,
    pub client_id: String,
    pub client_secret: String,
}

impl std::fmt::Debug for SeededEnvironment {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SeededEnvironment")
            .field("name", &self.name)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

impl std::fmt::Debug for SandboxInfo {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SandboxInfo")
            .field("api_url", &self.api_url)
            .field("identity_url", &self.identity_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("admin_email", &self.admin_email)
            .field("demo_password", &"<redacted>")
            .field("environments", &self.environments)
            .field("accountant_email", &self.accountant_email)
            .field("shared_people", &self.shared_people)
            .finish()
    }
}

/// A started sandbox. Dropping it without [`RunningSandbox::stop`] stops the server too.
pub struct RunningSandbox {
    pub info: SandboxInfo,
    /// `http://127.0.0.1:PORT`: the server's own base (also of the activation links).
    pub base_url: String,
    pub outbox_dir: PathBuf,
    state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl RunningSandbox {
    /// The faults to inject from now on (what `PUT /_sandbox/faults` sets), for tests that
    /// run the sandbox in their own process.
    pub fn set_faults(&self, faults: FaultConfig) {
        self.state.faults.set(faults);
    }

    /// What was served so far (what `GET /_sandbox/stats` answers).
    pub fn stats(&self) -> StatsSnapshot {
        self.state.stats.snapshot()
    }

    pub fn reset_stats(&self) {
        self.state.stats.reset();
    }

    /// Stops accepting connections, finishes requests in flight, and returns.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            match tokio::time::timeout(Duration::from_secs(5), task).await {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(error))) => {
                    tracing::warn!(%error, "the sandbox server stopped with an error")
                }
                Ok(Err(error)) => tracing::warn!(%error, "the sandbox server task failed"),
                Err(_) => tracing::warn!("the sandbox server did not stop within 5 s"),
            }
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

const DATABASE_FILE: &str = "sandbox.sqlite3";

/// SQLite's own page cache per connection (negative: in KiB; SQLite's default is 2,000 KiB).
/// The OS caches the file already; with eight connections the default cost the app, which
/// embeds the sandbox, a few MB of memory (`cargo xtask bench`) for no measurable speed.
const PAGE_CACHE_SIZE: &str = "-256";

/// Opens (and migrates) the sandbox database in `data_dir`.
async fn open_database(data_dir: &Path) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::new()
        .filename(data_dir.join(DATABASE_FILE))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("cache_size", PAGE_CACHE_SIZE);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the sandbox database in {}", data_dir.display()))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .context("cannot migrate the sandbox database; start with --seed to begin afresh")?;
    Ok(pool)
}

/// Removes the database and the outbox, for a fresh seed.
fn wipe(data_dir: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let path = data_dir.join(format!("{DATABASE_FILE}{suffix}"));
        if path.exists() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    let outbox = data_dir.join("outbox");
    if outbox.exists() {
        std::fs::remove_dir_all(&outbox)
            .with_context(|| format!("cannot empty {}", outbox.display()))?;
    }
    Ok(())
}

async fn read_meta(pool: &SqlitePool, key: &str) -> anyhow::Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT value FROM sandbox_meta WHERE key = ?")
            .bind(key)
            .fetch_optional(pool)
            .await?,
    )
}

/// Starts the sandbox and returns once it accepts connections.
pub async fn start(options: SandboxOptions) -> anyhow::Result<RunningSandbox> {
    options.faults.validate()?;
    std::fs::create_dir_all(&options.data_dir).with_context(|| {
        format!(
            "cannot create the data folder {}",
            options.data_dir.display()
        )
    })?;
    if options.seed.is_some() {
        wipe(&options.data_dir)?;
    }
    let pool = open_database(&options.data_dir).await?;
    if read_meta(&pool, "client_id").await?.is_none() {
        let seed = options.seed.unwrap_or(options.initial_seed);
        let started = std::time::Instant::now();
        let mut tx = pool.begin().await?;
        seed::seed(&mut tx, seed).await.context("seeding failed")?;
        tx.commit().await?;
        tracing::info!(?seed, seconds = started.elapsed().as_secs_f64(), "seeded");
    }
    let client_id = read_meta(&pool, "client_id")
        .await?
        .context("the sandbox database has no primary client")?;
    let client_secret: String =
        sqlx::query_scalar("SELECT client_secret FROM clients WHERE client_id = ?")
            .bind(&client_id)
            .fetch_one(&pool)
            .await?;
    let admin_email = read_meta(&pool, "admin_email").await?.unwrap_or_default();
    let demo_password = read_meta(&pool, "demo_password").await?.unwrap_or_default();
    let accountant_email = read_meta(&pool, "accountant_email").await?;
    let shared_people = read_meta(&pool, "shared_people")
        .await?
        .map(|people| people.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    let practice_clients: Vec<(String, String, String)> =
        match read_meta(&pool, "practice_client_ids").await? {
            None => Vec::new(),
            Some(ids) => {
                let mut clients = Vec::new();
                for id in ids.split(',') {
                    clients.push(
                        sqlx::query_as(
                            "SELECT e.name, c.client_id, c.client_secret FROM clients c \
                         JOIN environments e ON e.id = c.environment_id WHERE c.client_id = ?",
                        )
                        .bind(id)
                        .fetch_one(&pool)
                        .await?,
                    );
                }
                clients
            }
        };

    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .with_context(|| format!("cannot listen on {}", options.listen))?;
    let mut address = listener.local_addr()?;
    if address.ip().is_unspecified() {
        address.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let base_url = format!("http://{address}");
    let outbox_dir = options.data_dir.join("outbox");
    let mailer = mail::Mailer::new(outbox_dir.clone(), options.smtp.as_deref())?;
    let state = AppState::new(
        pool,
        base_url.clone(),
        mailer,
        faults::Faults::new(options.faults.clone()),
        options.token_lifetime,
    );
    let app = router(state.clone());
    let (shutdown, shutdown_signal) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = shutdown_signal.await;
        })
        .await
    });
    tracing::info!(%base_url, "sandbox listening");
    Ok(RunningSandbox {
        info: SandboxInfo {
            api_url: base_url.clone(),
            identity_url: format!("{base_url}/identity"),
            client_id,
            client_secret,
            admin_email,
            demo_password,
            environments: practice_clients
                .into_iter()
                .map(|(name, client_id, client_secret)| SeededEnvironment {
                    name,
                    api_url: base_url.clone(),
                    identity_url: format!("{base_url}/identity"),
                    client_id,
                    client_secret,
                })
                .collect(),
            accountant_email,
            shared_people,
        },
        base_url,
        outbox_dir,
        state,
        shutdown: Some(shutdown),
        task: Some(task),
    })
}

fn router(state: AppState) -> Router {
    use routes::{audit, changes, invitations, me, organisations, users};
    let platform = Router::new()
        .route("/identity/connect/token", post(identity::token))
        .route("/api/v1/me", get(me::get))
        .route("/api/v1/me/environments", get(me::environments))
        .route("/api/v1/users", get(users::list))
        .route(
            "/api/v1/users/{id}",
            get(users::get).patch(users::patch).delete(users::delete),
        )
        .route("/api/v1/invitations", post(invitations::create))
        .route(
            "/api/v1/users/{id}/invitation/resend",
            post(invitations::resend),
        )
        .route("/api/v1/users/{id}/invitation", delete(invitations::revoke))
        .route(
            "/api/v1/organisations",
            get(organisations::list).post(organisations::create),
        )
        .route("/api/v1/organisations/{id}", get(organisations::get))
        .route(
            "/api/v1/organisations/{id}/members",
            get(organisations::members),
        )
        .route(
            "/api/v1/organisations/{id}/members/{userId}",
            put(organisations::put_member).delete(organisations::delete_member),
        )
        .route("/api/v1/changes", get(changes::list))
        .route("/api/v1/audit-events", get(audit::list))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            faults_and_stats,
        ));
    // The sandbox's own pages and controls answer only to this machine's names: a page on
    // another site that points a name of its own at 127.0.0.1 (DNS rebinding) gets nothing.
    let local_pages = Router::new()
        .route(
            "/activate/{token}",
            get(activation::show).post(activation::activate),
        )
        .route(
            "/_sandbox/faults",
            get(admin::get_faults).put(admin::put_faults),
        )
        .route("/_sandbox/stats", get(admin::get_stats))
        .route("/_sandbox/stats/reset", post(admin::reset_stats))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            loopback_host_only,
        ));
    Router::new()
        .merge(platform)
        .merge(local_pages)
        .route("/openapi.json", get(openapi_document))
        .fallback(not_found)
        .with_state(state)
}

async fn openapi_document() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi::document(),
    )
        .into_response()
}

async fn not_found(request: Request) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("{} is not a route of this API", request.uri().path()),
    )
}

/// Refuses a request whose `Host` is not a loopback name (or the sandbox's own address).
async fn loopback_host_only(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(axum::http::header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if is_local_host(host, &state.base_url) {
        next.run(request).await
    } else {
        ApiError::new(
            ErrorCode::Forbidden,
            "this page answers only to this machine's own address (localhost or 127.0.0.1)",
        )
        .into_response()
    }
}

/// `localhost`, `127.x.y.z`, `[::1]` (any port), or the host of the sandbox's base URL.
fn is_local_host(host: &str, base_url: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let own = base_url
        .split("://")
        .nth(1)
        .unwrap_or_default()
        .split('/')
        .next()
        .unwrap_or_default();
    !name.is_empty()
        && (name.eq_ignore_ascii_case("localhost")
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
            || host.eq_ignore_ascii_case(own))
}

/// Injects the configured faults and counts what was served.
async fn faults_and_stats(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = match request.extensions().get::<MatchedPath>() {
        Some(path) => format!("{} {}", request.method(), path.as_str()),
        None => format!("{} {}", request.method(), request.uri().path()),
    };
    let _in_flight = state.stats.begin(&route);
    let latency = state.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let response = match state.faults.decide() {
        FaultDecision::Fail503 => ApiError::new(
            ErrorCode::Unavailable,
            "injected fault: the sandbox is pretending to be down",
        )
        .into_response(),
        FaultDecision::RateLimited {
            retry_after_seconds,
        } => ApiError::rate_limited(retry_after_seconds).into_response(),
        FaultDecision::Proceed { reset_after } => {
            let response = next.run(request).await;
            if reset_after {
                state.stats.record(route.clone(), 0, 0);
                tracing::info!(%route, "injected fault: dropping the connection after processing");
                // Unwinding out of the connection's task drops the socket without an answer.
                // resume_unwind skips the panic hook, so nothing is printed.
                std::panic::resume_unwind(Box::new("injected connection reset"));
            }
            response
        }
    };
    let bytes = axum::body::HttpBody::size_hint(response.body())
        .exact()
        .unwrap_or(0);
    state.stats.record(route, response.status().as_u16(), bytes);
    if response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!("answered 500");
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_local_host;

    #[test]
    fn only_this_machines_names_are_local() {
        let base = "http://127.0.0.1:4000";
        for local in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LOCALHOST",
            "[::1]:4000",
            "127.9.9.9",
        ] {
            assert!(is_local_host(local, base), "{local}");
        }
        for foreign in [
            "evil.example:4000",
            "127.0.0.1.evil.example",
            "",
            "localhost.evil.example:4000",
        ] {
            assert!(!is_local_host(foreign, base), "{foreign}");
        }
        assert!(
            is_local_host("sandbox.lan:4000", "http://sandbox.lan:4000"),
            "its own address"
        );
    }
}
