//! The API client: tokens, retries, and one method per endpoint of Platform Admin API v1.

use std::sync::Arc;
use std::time::{Duration, Instant};

use econnect_contract::{
    AuditEventPage, ChangePage, IDEMPOTENCY_KEY_HEADER, InvitationRequest, Me, MemberLevel,
    NewOrganisation, OAuthError, Organisation, OrganisationMember, OrganisationMemberPage,
    OrganisationPage, Problem, TokenResponse, User, UserPage, UserPatch,
};
use econnect_domain::{MembershipLevel, Role, UserStatus};
use rand::Rng;
use reqwest::{Method, StatusCode, header};
use serde::Serialize;
use tokio::sync::Mutex;

use crate::endpoints::Endpoints;
use crate::error::{ApiError, decode};
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

/// How often one request waits out a 429 before it gives up with `rate_limited`.
const MAX_RATE_LIMITED_WAITS: u32 = 20;

struct CachedToken {
    access_token: Secret,
    /// When to fetch a new one: a little before it expires.
    renew_at: Instant,
}

struct Inner {
    http: reqwest::Client,
    endpoints: Endpoints,
    credentials: Credentials,
    options: ClientOptions,
    token: Mutex<Option<CachedToken>>,
    /// After a 429, no request leaves before this moment.
    paused_until: std::sync::Mutex<Option<Instant>>,
}

/// A client of one environment. Cheap to clone; clones share the token.
#[derive(Clone)]
pub struct ApiClient(Arc<Inner>);

/// A user with the version to send back in `If-Match`.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    pub value: T,
    pub etag: String,
}

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

/// One request, as the retry loop sees it.
struct Call {
    method: Method,
    url: String,
    what: String,
    body: Option<serde_json::Value>,
    if_match: Option<String>,
    idempotency_key: Option<String>,
}

impl Call {
    fn new(method: Method, url: String) -> Self {
        let path = url
            .split("/api/v1")
            .nth(1)
            .unwrap_or(&url)
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        Self {
            what: format!("{method} {path}"),
            method,
            url,
            body: None,
            if_match: None,
            idempotency_key: None,
        }
    }

    /// Safe to send again when no answer came: idempotent methods, and anything carrying an
    /// Idempotency-Key. Never a bare POST or PATCH.
    fn is_retryable(&self) -> bool {
        matches!(
            self.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE
        ) || self.idempotency_key.is_some()
    }
}

/// An answer that is a success.
struct Success {
    status: StatusCode,
    etag: Option<String>,
    bytes: Vec<u8>,
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
        let http = http_client_builder()
            .timeout(options.request_timeout)
            .connect_timeout(options.request_timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("econnect-admin/", env!("CARGO_PKG_VERSION")))
            .https_only(false) // the TLS rule is enforced by Endpoints, per URL
            .build()
            .map_err(|error| ApiError::Transport {
                what: "setting up the HTTP client".to_owned(),
                message: error.to_string(),
            })?;
        Ok(Self(Arc::new(Inner {
            http,
            endpoints,
            credentials,
            options,
            token: Mutex::new(None),
            paused_until: std::sync::Mutex::new(None),
        })))
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.0.endpoints
    }

    /// Signs in now (instead of on the first request), to check the credentials.
    pub async fn sign_in(&self) -> Result<(), ApiError> {
        self.invalidate_token().await;
        self.bearer().await.map(|_| ())
    }

    async fn invalidate_token(&self) {
        *self.0.token.lock().await = None;
    }

    /// A valid access token, fetched or renewed when needed.
    async fn bearer(&self) -> Result<Secret, ApiError> {
        let mut cached = self.0.token.lock().await;
        if let Some(token) = cached.as_ref()
            && Instant::now() < token.renew_at
        {
            return Ok(token.access_token.clone());
        }
        let fresh = self.fetch_token().await?;
        let token = fresh.access_token.clone();
        *cached = Some(fresh);
        Ok(token)
    }

    async fn fetch_token(&self) -> Result<CachedToken, ApiError> {
        let credentials = &self.0.credentials;
        let mut form: Vec<(&str, &str)> = vec![
            ("client_id", &credentials.client_id),
            ("client_secret", credentials.client_secret.expose()),
        ];
        match &credentials.user {
            Some((username, password)) => {
                form.extend([
                    ("grant_type", "password"),
                    ("username", username),
                    ("password", password.expose()),
                ]);
            }
            None => form.push(("grant_type", "client_credentials")),
        }
        let what = "signing in";
        let mut attempt = 0;
        loop {
            attempt += 1;
            let sent = self
                .0
                .http
                .post(self.0.endpoints.token())
                .form(&form)
                .send()
                .await;
            let response = match sent {
                Ok(response) => response,
                Err(error) if attempt < self.0.options.max_attempts => {
                    tracing::warn!(attempt, error = %error, "token request got no answer; retrying");
                    tokio::time::sleep(self.backoff(attempt)).await;
                    continue;
                }
                Err(error) => {
                    return Err(ApiError::from_reqwest(
                        &error,
                        what,
                        self.0.options.request_timeout,
                    ));
                }
            };
            let status = response.status();
            let retry_after = retry_after(response.headers());
            let bytes = response.bytes().await.map_err(|error| {
                ApiError::from_reqwest(&error, what, self.0.options.request_timeout)
            })?;
            if status.is_success() {
                let token: TokenResponse = decode(&bytes, what)?;
                // A day at most: an absurd expires_in must not overflow the clock.
                let lifetime = Duration::from_secs(token.expires_in.clamp(1, 86_400));
                let margin = (lifetime / 10).min(Duration::from_secs(60));
                tracing::debug!(expires_in = token.expires_in, "signed in");
                return Ok(CachedToken {
                    access_token: Secret::new(token.access_token),
                    renew_at: Instant::now() + lifetime - margin,
                });
            }
            if (status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error())
                && attempt < self.0.options.max_attempts
            {
                let wait = retry_after.unwrap_or_else(|| self.backoff(attempt));
                tokio::time::sleep(wait.min(self.0.options.max_retry_after)).await;
                continue;
            }
            if let Ok(oauth) = serde_json::from_slice::<OAuthError>(&bytes) {
                return Err(ApiError::Authentication {
                    error: oauth.error,
                    description: oauth.error_description.unwrap_or_default(),
                });
            }
            // A gateway or the platform may answer an outage with problem details.
            if let Ok(problem) = serde_json::from_slice::<Problem>(&bytes) {
                return Err(ApiError::from_problem(problem));
            }
            return Err(ApiError::UnexpectedStatus {
                status: status.as_u16(),
                what: what.to_owned(),
                body: snippet(&bytes),
            });
        }
    }

    /// Exponential backoff with full jitter.
    fn backoff(&self, attempt: u32) -> Duration {
        let options = &self.0.options;
        let ceiling = options
            .base_backoff
            .saturating_mul(1 << attempt.saturating_sub(1).min(16))
            .min(options.max_backoff);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::rng().random_range(millis / 2..=millis.max(1)))
    }

    async fn wait_for_rate_limit(&self) {
        let until = *self
            .0
            .paused_until
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(until) = until {
            let now = Instant::now();
            if until > now {
                tokio::time::sleep(until - now).await;
            }
        }
    }

    fn pause_for(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut paused = self
            .0
            .paused_until
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if paused.is_none_or(|current| current < until) {
            *paused = Some(until);
        }
    }

    /// Sends a call with authentication, retries and backoff.
    async fn execute(&self, call: Call) -> Result<Success, ApiError> {
        let options = &self.0.options;
        let mut attempt = 0;
        let mut reauthenticated = false;
        let mut unanswered = false;
        let mut rate_limited_waits = 0;
        loop {
            attempt += 1;
            self.wait_for_rate_limit().await;
            let token = self.bearer().await?;
            let mut request = self
                .0
                .http
                .request(call.method.clone(), &call.url)
                .bearer_auth(token.expose());
            if let Some(etag) = &call.if_match {
                request = request.header(header::IF_MATCH, etag);
            }
            if let Some(key) = &call.idempotency_key {
                request = request.header(IDEMPOTENCY_KEY_HEADER, key);
            }
            if let Some(body) = &call.body {
                request = request.json(body);
            }
            let response = match request.send().await {
                Ok(response) => response,
                Err(error) => {
                    let error = ApiError::from_reqwest(&error, &call.what, options.request_timeout);
                    unanswered = true;
                    if call.is_retryable() && attempt < options.max_attempts {
                        tracing::warn!(what = %call.what, attempt, %error, "no answer; retrying");
                        tokio::time::sleep(self.backoff(attempt)).await;
                        continue;
                    }
                    return Err(error);
                }
            };
            let status = response.status();
            let etag = response
                .headers()
                .get(header::ETAG)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let wait = retry_after(response.headers());
            let bytes = match response.bytes().await {
                Ok(bytes) => bytes.to_vec(),
                Err(error) => {
                    unanswered = true;
                    if call.is_retryable() && attempt < options.max_attempts {
                        tokio::time::sleep(self.backoff(attempt)).await;
                        continue;
                    }
                    return Err(ApiError::from_reqwest(
                        &error,
                        &call.what,
                        options.request_timeout,
                    ));
                }
            };
            if status.is_success() {
                return Ok(Success {
                    status,
                    etag,
                    bytes,
                });
            }
            if call.method == Method::DELETE && status == StatusCode::NOT_FOUND && unanswered {
                // An earlier attempt got no answer but did land: the thing is gone, as asked.
                tracing::info!(what = %call.what, "already deleted by an earlier unanswered attempt");
                return Ok(Success {
                    status: StatusCode::NO_CONTENT,
                    etag,
                    bytes: Vec::new(),
                });
            }
            if status == StatusCode::UNAUTHORIZED && !reauthenticated {
                // The token expired or was revoked early: sign in again, once.
                tracing::info!(what = %call.what, "401; signing in again");
                reauthenticated = true;
                attempt -= 1;
                self.invalidate_token().await;
                continue;
            }
            if status == StatusCode::TOO_MANY_REQUESTS
                && rate_limited_waits < MAX_RATE_LIMITED_WAITS
            {
                // Refused before processing: safe to send again, for any method. Waiting out
                // a rate limit is not a failed attempt.
                let wait = wait.unwrap_or_else(|| self.backoff(attempt));
                if wait <= options.max_retry_after {
                    tracing::info!(what = %call.what, wait_ms = wait.as_millis() as u64, "rate limited; waiting");
                    rate_limited_waits += 1;
                    attempt -= 1;
                    self.pause_for(wait);
                    continue;
                }
            }
            if matches!(status.as_u16(), 500 | 502 | 503 | 504)
                && call.is_retryable()
                && attempt < options.max_attempts
            {
                tracing::warn!(what = %call.what, attempt, status = status.as_u16(), "server error; retrying");
                let wait = wait.unwrap_or_else(|| self.backoff(attempt));
                tokio::time::sleep(wait.min(options.max_retry_after)).await;
                continue;
            }
            return Err(match serde_json::from_slice::<Problem>(&bytes) {
                Ok(problem) => ApiError::from_problem(problem),
                Err(_) => ApiError::UnexpectedStatus {
                    status: status.as_u16(),
                    what: call.what.clone(),
                    body: snippet(&bytes),
                },
            });
        }
    }

    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &impl Serialize,
    ) -> Result<T, ApiError> {
        let url = self.url_with_query(path, query)?;
        let call = Call::new(Method::GET, url);
        let what = call.what.clone();
        let success = self.execute(call).await?;
        decode(&success.bytes, &what)
    }

    fn url_with_query(&self, path: &str, query: &impl Serialize) -> Result<String, ApiError> {
        let mut url = reqwest::Url::parse(&self.0.endpoints.api(path)).map_err(|error| {
            ApiError::InvalidUrl {
                url: path.to_owned(),
                reason: error.to_string(),
            }
        })?;
        let encoded = serde_urlencoded_query(query);
        if !encoded.is_empty() {
            url.set_query(Some(&encoded));
        }
        Ok(url.into())
    }

    // ---- the endpoints ----

    pub async fn me(&self) -> Result<Me, ApiError> {
        self.get_json("/me", &()).await
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
    pub async fn remove_user(&self, user_id: &str, etag: Option<&str>) -> Result<(), ApiError> {
        let mut call = Call::new(
            Method::DELETE,
            self.0
                .endpoints
                .api(&format!("/users/{}", segment(user_id))),
        );
        call.if_match = etag.map(str::to_owned);
        self.execute_delete(call).await
    }

    async fn execute_delete(&self, call: Call) -> Result<(), ApiError> {
        self.execute(call).await.map(|_| ())
    }

    /// Invites one person. `idempotency_key` makes a retry return the first result.
    pub async fn invite(
        &self,
        request: &InvitationRequest,
        idempotency_key: &str,
    ) -> Result<User, ApiError> {
        let mut call = Call::new(Method::POST, self.0.endpoints.api("/invitations"));
        call.idempotency_key = Some(idempotency_key.to_owned());
        call.body = Some(to_json(request));
        let what = call.what.clone();
        let success = self.execute(call).await?;
        debug_assert_eq!(success.status, StatusCode::CREATED);
        decode(&success.bytes, &what)
    }

    pub async fn resend_invitation(
        &self,
        user_id: &str,
        idempotency_key: &str,
    ) -> Result<User, ApiError> {
        let mut call = Call::new(
            Method::POST,
            self.0
                .endpoints
                .api(&format!("/users/{}/invitation/resend", segment(user_id))),
        );
        call.idempotency_key = Some(idempotency_key.to_owned());
        let what = call.what.clone();
        decode(&self.execute(call).await?.bytes, &what)
    }

    pub async fn revoke_invitation(&self, user_id: &str) -> Result<(), ApiError> {
        let call = Call::new(
            Method::DELETE,
            self.0
                .endpoints
                .api(&format!("/users/{}/invitation", segment(user_id))),
        );
        self.execute_delete(call).await
    }

    pub async fn list_organisations(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<OrganisationPage, ApiError> {
        #[derive(Serialize)]
        struct Params<'a> {
            limit: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            cursor: Option<&'a str>,
        }
        self.get_json("/organisations", &Params { limit, cursor })
            .await
    }

    pub async fn all_organisations(&self) -> Result<Vec<Organisation>, ApiError> {
        let mut organisations = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = self
                .list_organisations(cursor.as_deref(), econnect_contract::MAX_PAGE_SIZE)
                .await?;
            organisations.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(organisations),
            }
        }
    }

    pub async fn create_organisation(
        &self,
        name: &str,
        idempotency_key: &str,
    ) -> Result<Organisation, ApiError> {
        let mut call = Call::new(Method::POST, self.0.endpoints.api("/organisations"));
        call.idempotency_key = Some(idempotency_key.to_owned());
        call.body = Some(to_json(&NewOrganisation {
            name: name.to_owned(),
        }));
        let what = call.what.clone();
        decode(&self.execute(call).await?.bytes, &what)
    }

    pub async fn organisation_members(
        &self,
        organisation_id: &str,
    ) -> Result<Vec<OrganisationMember>, ApiError> {
        #[derive(Serialize)]
        struct Params<'a> {
            limit: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            cursor: Option<&'a str>,
        }
        let path = format!("/organisations/{}/members", segment(organisation_id));
        let mut members = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page: OrganisationMemberPage = self
                .get_json(
                    &path,
                    &Params {
                        limit: econnect_contract::MAX_PAGE_SIZE,
                        cursor: cursor.as_deref(),
                    },
                )
                .await?;
            members.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(members),
            }
        }
    }

    /// Adds a member or changes their level (idempotent).
    pub async fn set_member(
        &self,
        organisation_id: &str,
        user_id: &str,
        level: MembershipLevel,
    ) -> Result<OrganisationMember, ApiError> {
        let mut call = Call::new(
            Method::PUT,
            self.0.endpoints.api(&format!(
                "/organisations/{}/members/{}",
                segment(organisation_id),
                segment(user_id)
            )),
        );
        call.body = Some(to_json(&MemberLevel { level }));
        let what = call.what.clone();
        decode(&self.execute(call).await?.bytes, &what)
    }

    pub async fn remove_member(
        &self,
        organisation_id: &str,
        user_id: &str,
    ) -> Result<(), ApiError> {
        let call = Call::new(
            Method::DELETE,
            self.0.endpoints.api(&format!(
                "/organisations/{}/members/{}",
                segment(organisation_id),
                segment(user_id)
            )),
        );
        self.execute_delete(call).await
    }

    /// The change feed after `since`; `None` asks for the current cursor.
    pub async fn changes(&self, since: Option<&str>, limit: u32) -> Result<ChangePage, ApiError> {
        #[derive(Serialize)]
        struct Params<'a> {
            limit: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            since: Option<&'a str>,
        }
        self.get_json("/changes", &Params { limit, since }).await
    }

    pub async fn audit_events(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<AuditEventPage, ApiError> {
        #[derive(Serialize)]
        struct Params<'a> {
            limit: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            cursor: Option<&'a str>,
        }
        self.get_json("/audit-events", &Params { limit, cursor })
            .await
    }
}

/// A new Idempotency-Key.
pub fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn to_json(value: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Percent-encodes one path segment.
fn segment(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

fn serde_urlencoded_query(query: &impl Serialize) -> String {
    let value = to_json(query);
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    if let serde_json::Value::Object(map) = value {
        for (key, value) in map {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::String(text) => {
                    serializer.append_pair(&key, &text);
                }
                other => {
                    serializer.append_pair(&key, &other.to_string());
                }
            }
        }
    }
    serializer.finish()
}

/// `Retry-After` in seconds (the sandbox's form) or as an HTTP date is not needed: seconds only.
fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    if text.chars().count() > 200 {
        format!("{}…", text.chars().take(200).collect::<String>())
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_idempotent_or_keyed_calls_are_retried() {
        let url = "http://127.0.0.1/api/v1/x".to_owned();
        assert!(Call::new(Method::GET, url.clone()).is_retryable());
        assert!(Call::new(Method::DELETE, url.clone()).is_retryable());
        assert!(!Call::new(Method::POST, url.clone()).is_retryable());
        assert!(!Call::new(Method::PATCH, url.clone()).is_retryable());
        let mut keyed = Call::new(Method::POST, url);
        keyed.idempotency_key = Some("k".to_owned());
        assert!(keyed.is_retryable());
    }

    #[test]
    fn query_strings_skip_absent_filters() {
        let query = UserQuery {
            status: Some(UserStatus::Invited),
            q: Some("a b&c".to_owned()),
            ..UserQuery::default()
        };
        assert_eq!(serde_urlencoded_query(&query), "q=a+b%26c&status=invited");
    }
}
