//! Signing in: the token endpoint (password or client-credentials grant), the token kept in
//! memory and renewed before it expires (at 90 %, at most a minute early).

use std::time::{Duration, Instant};

use econnect_contract::{OAuthError, Problem, TokenResponse};
use reqwest::StatusCode;

use crate::client::{ApiClient, CachedToken};
use crate::error::{ApiError, decode};
use crate::retry::{backoff, retry_after, snippet};
use crate::secret::Secret;

impl ApiClient {
    /// Signs in now (instead of on the first request), to check the credentials.
    pub async fn sign_in(&self) -> Result<(), ApiError> {
        self.invalidate_token().await;
        self.bearer().await.map(|_| ())
    }

    pub(crate) async fn invalidate_token(&self) {
        *self.0.token.lock().await = None;
    }

    /// A valid access token, fetched or renewed when needed.
    pub(crate) async fn bearer(&self) -> Result<Secret, ApiError> {
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
                if let Some(environment) = &self.0.environment {
                    form.push(("environment", environment));
                }
            }
            None => form.push(("grant_type", "client_credentials")),
        }
        let what = "signing in";
        let mut attempt = 0;
        loop {
            attempt += 1;
            let sent = self
                .0
                .token_http
                .post(self.0.endpoints.token())
                .form(&form)
                .send()
                .await;
            let response = match sent {
                Ok(response) => response,
                Err(error) if attempt < self.0.options.max_attempts => {
                    tracing::warn!(attempt, error = %error, "token request got no answer; retrying");
                    tokio::time::sleep(backoff(&self.0.options, attempt)).await;
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
            if status.is_redirection() {
                // Not followed: the secrets stay here.
                return Err(ApiError::InvalidUrl {
                    url: self.0.endpoints.token(),
                    reason: format!(
                        "the identity server answered the sign-in with a redirect ({status}); it was not followed, so the credentials went nowhere else. Check the environment's identity URL"
                    ),
                });
            }
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
                let wait = retry_after.unwrap_or_else(|| backoff(&self.0.options, attempt));
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
}
