//! Starting a sandbox per test and calling it.

use std::path::PathBuf;

use econnect_sandbox::{RunningSandbox, SandboxOptions};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;
use sqlx::SqlitePool;
use tempfile::TempDir;

/// A plain HTTP client. The workspace's reqwest has TLS through rustls without a default
/// crypto provider (econnect-api installs ring), so the tests install it too.
pub fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

pub struct Sandbox {
    pub running: RunningSandbox,
    pub dir: TempDir,
    pub http: reqwest::Client,
}

impl Sandbox {
    /// A sandbox seeded with `demo`.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(configure: impl FnOnce(&mut SandboxOptions)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut options = SandboxOptions::new(dir.path());
        options.seed = Some(econnect_sandbox::Seed::Demo);
        configure(&mut options);
        let running = econnect_sandbox::start(options)
            .await
            .expect("sandbox starts");
        Sandbox {
            running,
            dir,
            http: http_client(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.base_url)
    }

    /// Posts the token form; returns status and body.
    pub async fn token_request(&self, form: &[(&str, &str)]) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}/connect/token", self.running.info.identity_url))
            .form(form)
            .send()
            .await
            .expect("token request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn password_token(&self, email: &str, password: &str) -> String {
        let info = &self.running.info;
        let (status, body) = self
            .token_request(&[
                ("grant_type", "password"),
                ("client_id", &info.client_id),
                ("client_secret", &info.client_secret),
                ("username", email),
                ("password", password),
            ])
            .await;
        assert_eq!(status, 200, "token for {email}: {body}");
        body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }

    /// A signed-in seeded user (every seeded account has the demo password).
    pub async fn caller(&self, email: &str) -> Caller {
        let token = self
            .password_token(email, &self.running.info.demo_password)
            .await;
        self.caller_with_token(token)
    }

    pub fn caller_with_token(&self, token: String) -> Caller {
        Caller {
            http: self.http.clone(),
            base: self.running.base_url.clone(),
            token,
        }
    }

    /// The demo environment's only administrator.
    pub async fn admin(&self) -> Caller {
        let email = self.running.info.admin_email.clone();
        self.caller(&email).await
    }

    /// Grace, the administrator of Globex Partners: another environment on the same
    /// platform, signed in through that environment's client.
    pub async fn other_environment_admin(&self) -> Caller {
        let (secret,): (String,) =
            sqlx::query_as("SELECT client_secret FROM clients WHERE client_id = 'globex-admin'")
                .fetch_one(&self.database().await)
                .await
                .expect("the Globex client");
        let (status, body) = self
            .token_request(&[
                ("grant_type", "password"),
                ("client_id", "globex-admin"),
                ("client_secret", &secret),
                ("username", "grace.hopper@globex.example"),
                ("password", &self.running.info.demo_password),
            ])
            .await;
        assert_eq!(status, 200, "Grace signs in to Globex: {body}");
        self.caller_with_token(
            body["access_token"]
                .as_str()
                .expect("access_token")
                .to_owned(),
        )
    }

    /// The sandbox's own database, for setting up states the API cannot reach (an expired link).
    pub async fn database(&self) -> SqlitePool {
        SqlitePool::connect(&format!(
            "sqlite://{}",
            self.dir.path().join("sandbox.sqlite3").display()
        ))
        .await
        .expect("open the sandbox database")
    }

    /// The `.eml` files in the outbox, oldest first.
    pub fn outbox(&self) -> Vec<(PathBuf, String)> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.running.outbox_dir)
            .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path).expect("read eml");
                (path, text)
            })
            .collect()
    }

    /// The activation link in the newest email to `to`.
    pub fn activation_link(&self, to: &str) -> String {
        let (_, text) = self
            .outbox()
            .into_iter()
            .rev()
            .find(|(path, _)| path.to_string_lossy().ends_with(&format!("-{to}.eml")))
            .unwrap_or_else(|| panic!("no email to {to} in the outbox"));
        let unfolded = text.replace("=\r\n", "").replace("\r\n", "\n");
        unfolded
            .split_whitespace()
            .find(|word| word.contains("/activate/"))
            .unwrap_or_else(|| panic!("no activation link in: {text}"))
            .to_owned()
    }

    pub async fn stats(&self) -> Value {
        self.http
            .get(self.url("/_sandbox/stats"))
            .send()
            .await
            .expect("stats")
            .json()
            .await
            .expect("stats json")
    }

    pub async fn set_faults(&self, faults: Value) {
        let response = self
            .http
            .put(self.url("/_sandbox/faults"))
            .json(&faults)
            .send()
            .await
            .expect("set faults");
        assert_eq!(
            response.status(),
            200,
            "set faults: {}",
            response.text().await.unwrap_or_default()
        );
    }
}

/// An authenticated API caller.
#[derive(Clone)]
pub struct Caller {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The problem's `code`, or "" for a success.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }

    #[track_caller]
    pub fn expect(self, status: u16, what: &str) -> Self {
        assert_eq!(self.status, status, "{what}: {}", self.body);
        self
    }

    #[track_caller]
    pub fn expect_problem(self, status: u16, code: &str, what: &str) -> Self {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "{what}: {}",
            self.body
        );
        let content_type = self
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(
            content_type, "application/problem+json",
            "{what}: problem content type"
        );
        assert!(
            self.body["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{what}: a detail"
        );
        self
    }
}

impl Caller {
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = self
            .http
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the sandbox");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(body), &[]).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None, &[]).await
    }

    /// PATCH with the user's current ETag.
    pub async fn patch_user(&self, user_id: &str, patch: Value) -> Reply {
        let etag = self.etag_of(user_id).await;
        self.send(
            Method::PATCH,
            &format!("/users/{user_id}"),
            Some(patch),
            &[("If-Match", &etag)],
        )
        .await
    }

    /// The user's current ETag.
    pub async fn etag_of(&self, user_id: &str) -> String {
        let current = self
            .get(&format!("/users/{user_id}"))
            .await
            .expect(200, "read the ETag");
        current.headers["etag"].to_str().expect("etag").to_owned()
    }

    /// `DELETE /users/{id}` with the user's current ETag in `If-Match`.
    pub async fn delete_user(&self, user_id: &str) -> Reply {
        let etag = self.etag_of(user_id).await;
        self.send(
            Method::DELETE,
            &format!("/users/{user_id}"),
            None,
            &[("If-Match", &etag)],
        )
        .await
    }

    /// The user with this email, as the list returns them.
    pub async fn user(&self, email: &str) -> Value {
        let reply = self
            .get(&format!("/users?q={email}"))
            .await
            .expect(200, "search user");
        reply.body["items"]
            .as_array()
            .and_then(|items| items.iter().find(|item| item["email"] == email).cloned())
            .unwrap_or_else(|| panic!("{email} not found: {}", reply.body))
    }

    pub async fn user_id(&self, email: &str) -> String {
        self.user(email).await["id"]
            .as_str()
            .expect("id")
            .to_owned()
    }

    pub async fn organisation_id(&self, name: &str) -> String {
        let reply = self
            .get("/organisations?limit=1000")
            .await
            .expect(200, "organisations");
        reply.body["items"]
            .as_array()
            .and_then(|items| items.iter().find(|item| item["name"] == name))
            .and_then(|item| item["id"].as_str())
            .unwrap_or_else(|| panic!("organisation {name} not found"))
            .to_owned()
    }

    pub async fn invite(&self, body: Value) -> Reply {
        self.post("/invitations", body).await
    }
}

pub const BASIC: &str = "bram.devries@acme.example";
pub const ADVANCED: &str = "chris.jansen@acme.example";
/// Basic user, organisation administrator of Acme Finance.
pub const ORG_ADMIN: &str = "dana.bakker@acme.example";
pub const BLOCKED: &str = "frank.visser@acme.example";
pub const INVITED: &str = "gina.peters@acme.example";
pub const NO_ORGANISATION: &str = "eva.smit@acme.example";
