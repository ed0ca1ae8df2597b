//! The one retry loop every request goes through: authentication (one re-sign-in on a 401),
//! transport errors and 500/502/503/504 retried with exponential backoff and full jitter
//! only for GET/PUT/DELETE and for calls with an Idempotency-Key, a 429 pausing the whole
//! client for `Retry-After` (for any call: it was not processed), and a DELETE whose retry
//! finds the thing gone after an unanswered attempt counted as done.

use std::time::{Duration, Instant};

use econnect_contract::{IDEMPOTENCY_KEY_HEADER, Problem};
use reqwest::{Method, StatusCode, header};
use serde::Serialize;

use crate::client::ApiClient;
use crate::error::{ApiError, decode};
use crate::retry::{backoff, retry_after, snippet};

/// How often one request waits out a 429 before it gives up with `rate_limited`.
const MAX_RATE_LIMITED_WAITS: u32 = 20;

/// One request, as the retry loop sees it.
pub(crate) struct Call {
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) what: String,
    pub(crate) body: Option<serde_json::Value>,
    pub(crate) if_match: Option<String>,
    pub(crate) idempotency_key: Option<String>,
}

impl Call {
    pub(crate) fn new(method: Method, url: String) -> Self {
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
pub(crate) struct Success {
    pub(crate) status: StatusCode,
    pub(crate) etag: Option<String>,
    pub(crate) bytes: Vec<u8>,
}

impl ApiClient {
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
    pub(crate) async fn execute(&self, call: Call) -> Result<Success, ApiError> {
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
                        tokio::time::sleep(backoff(options, attempt)).await;
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
                        tokio::time::sleep(backoff(options, attempt)).await;
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
                let wait = wait.unwrap_or_else(|| backoff(options, attempt));
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
                let wait = wait.unwrap_or_else(|| backoff(options, attempt));
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

    pub(crate) async fn get_json<T: serde::de::DeserializeOwned>(
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

    pub(crate) async fn execute_delete(&self, call: Call) -> Result<(), ApiError> {
        self.execute(call).await.map(|_| ())
    }
}

pub(crate) fn to_json(value: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Percent-encodes one path segment.
pub(crate) fn segment(value: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::UserQuery;
    use econnect_domain::UserStatus;

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
