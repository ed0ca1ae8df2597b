//! The API client of one environment: what it holds (endpoints, credentials, options, the
//! token), and how it is made. The rest is in one module per concern, each adding methods:
//! `auth` (tokens), `transport` (the one retry loop: backoff, 429, re-sign-in), and
//! `resources/` (one module per resource of Platform Admin API v1).

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::endpoints::{Endpoints, is_loopback};
use crate::error::ApiError;
use crate::secret::Secret;

/// How the client signs in.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: Secret,
    /// A user's email address and password (the password grant); `None` signs in as the API
    /// client itself (client credentials).
    pub user: Option<(String, Secret)>,
}

/// Timeouts and retries.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// The limit for one request, connection included.
    pub request_timeout: Duration,
    /// How often a retryable request is tried in all.
    pub max_attempts: u32,
    /// The first backoff; it doubles per attempt (with full jitter) up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured before giving up with `rate_limited`.
    pub max_retry_after: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(30),
            max_attempts: 6,
            base_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

pub(crate) struct CachedToken {
    pub(crate) access_token: Secret,
    /// When to fetch a new one: a little before it expires.
    pub(crate) renew_at: Instant,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// For the token endpoint only: follows no redirect (the request carries the secrets).
    pub(crate) token_http: reqwest::Client,
    pub(crate) endpoints: Endpoints,
    pub(crate) credentials: Credentials,
    pub(crate) options: ClientOptions,
    /// The environment to ask tokens for when it is not the client's own (the token
    /// request's `environment`: one identity, a token per environment).
    pub(crate) environment: Option<String>,
    pub(crate) token: Mutex<Option<CachedToken>>,
    /// After a 429, no request leaves before this moment.
    pub(crate) paused_until: std::sync::Mutex<Option<Instant>>,
}

/// A client of one environment. Cheap to clone; clones share the token.
#[derive(Clone)]
pub struct ApiClient(pub(crate) Arc<Inner>);

/// A user with the version to send back in `If-Match`.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    pub value: T,
    pub etag: String,
}

/// A `reqwest` client builder with TLS set up: rustls with the ring crypto provider. Every
/// HTTP client in the workspace starts here, because reqwest refuses to build a client
/// before a provider is installed (installing fails only when one already is).
pub fn http_client_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

impl ApiClient {
    pub fn new(
        endpoints: Endpoints,
        credentials: Credentials,
        options: ClientOptions,
    ) -> Result<Self, ApiError> {
        // Plain http only when both ends are on this machine (the local sandbox); a redirect is
        // followed only within the same origin and never from https to http, and the token
        // request (which carries the secrets) is never redirected at all.
        let https_only = !(is_loopback(&endpoints.api_url) && is_loopback(&endpoints.identity_url));
        let build = |redirects: reqwest::redirect::Policy| {
            http_client_builder()
                .timeout(options.request_timeout)
                .connect_timeout(options.request_timeout.min(Duration::from_secs(10)))
                .user_agent(concat!("econnect-admin/", env!("CARGO_PKG_VERSION")))
                .https_only(https_only)
                .redirect(redirects)
                .build()
                .map_err(|error| ApiError::Transport {
                    what: "setting up the HTTP client".to_owned(),
                    message: error.to_string(),
                })
        };
        let http = build(same_origin_redirects())?;
        let token_http = build(reqwest::redirect::Policy::none())?;
        Ok(Self(Arc::new(Inner {
            http,
            token_http,
            endpoints,
            credentials,
            options,
            environment: None,
            token: Mutex::new(None),
            paused_until: std::sync::Mutex::new(None),
        })))
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.0.endpoints
    }

    /// A client of another environment the same person has access to (an id from
    /// [`ApiClient::my_environments`]), signing in with the same credentials. Password
    /// sign-ins only: an API client belongs to one environment.
    pub fn for_environment(&self, environment_id: &str) -> Result<Self, ApiError> {
        let inner = &self.0;
        let mut client = Self::new(
            inner.endpoints.clone(),
            inner.credentials.clone(),
            inner.options.clone(),
        )?;
        if let Some(fresh) = Arc::get_mut(&mut client.0) {
            fresh.environment = Some(environment_id.to_owned());
        }
        Ok(client)
    }

    /// The environment this client asks tokens for, when it is not the client's own.
    pub fn environment(&self) -> Option<&str> {
        self.0.environment.as_deref()
    }
}

/// Redirects within the same origin (scheme, host and port), at most five, never from
/// https to http; anything else is not followed (the answer is the redirect itself).
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.stop();
        };
        let next = attempt.url();
        let same_origin = next.scheme() == first.scheme()
            && next.host_str() == first.host_str()
            && next.port_or_known_default() == first.port_or_known_default();
        if attempt.previous().len() > 5 || !same_origin {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// A new Idempotency-Key.
pub fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}
