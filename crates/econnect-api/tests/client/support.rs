use std::time::Duration;

use econnect_api::{ApiClient, ClientOptions, Credentials, Endpoints, Secret};
use econnect_sandbox::{RunningSandbox, SandboxOptions, StatsSnapshot};
use tempfile::TempDir;

pub struct Sandbox {
    pub running: RunningSandbox,
    pub dir: TempDir,
    http: reqwest::Client,
}

impl Sandbox {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(configure: impl FnOnce(&mut SandboxOptions)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut options = SandboxOptions::new(dir.path());
        options.seed = Some(econnect_sandbox::Seed::Demo);
        configure(&mut options);
        let running = econnect_sandbox::start(options).await.unwrap();
        Self {
            running,
            dir,
            http: econnect_api::http_client_builder()
                .build()
                .expect("an HTTP client"),
        }
    }

    pub fn endpoints(&self) -> Endpoints {
        Endpoints::new(&self.running.info.api_url, &self.running.info.identity_url).unwrap()
    }

    pub fn credentials_for(&self, email: &str) -> Credentials {
        Credentials {
            client_id: self.running.info.client_id.clone(),
            client_secret: Secret::new(self.running.info.client_secret.clone()),
            user: Some((
                email.to_owned(),
                Secret::new(self.running.info.demo_password.clone()),
            )),
        }
    }

    /// A client signed in as the demo administrator, with quick backoffs for tests.
    pub fn admin_client(&self) -> ApiClient {
        self.client_with(
            self.credentials_for(&self.running.info.admin_email),
            fast_options(),
        )
    }

    pub fn client_with(&self, credentials: Credentials, options: ClientOptions) -> ApiClient {
        ApiClient::new(self.endpoints(), credentials, options).unwrap()
    }

    pub async fn set_faults(&self, faults: serde_json::Value) {
        let response = self
            .http
            .put(format!("{}/_sandbox/faults", self.running.base_url))
            .json(&faults)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    pub async fn stats(&self) -> StatsSnapshot {
        self.http
            .get(format!("{}/_sandbox/stats", self.running.base_url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn reset_stats(&self) {
        self.http
            .post(format!("{}/_sandbox/stats/reset", self.running.base_url))
            .send()
            .await
            .unwrap();
    }

    /// How many emails went to `to`.
    pub fn emails_to(&self, to: &str) -> usize {
        std::fs::read_dir(&self.running.outbox_dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|entry| {
                        entry
                            .file_name()
                            .to_string_lossy()
                            .ends_with(&format!("-{to}.eml"))
                    })
                    .count()
            })
            .unwrap_or(0)
    }
}

pub fn fast_options() -> ClientOptions {
    ClientOptions {
        request_timeout: Duration::from_secs(10),
        max_attempts: 12,
        base_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(200),
        max_retry_after: Duration::from_secs(5),
    }
}

/// Requests of `route` answered with `status`.
pub fn count(stats: &StatsSnapshot, route: &str, status: u16) -> u64 {
    stats
        .statuses
        .get(route)
        .and_then(|by_status| by_status.get(&status))
        .copied()
        .unwrap_or(0)
}

pub const TOKEN_ROUTE: &str = "POST /identity/connect/token";
pub const ME_ROUTE: &str = "GET /api/v1/me";
