//! A sandbox on loopback and clients signed in to it.

use econnect_api::{ApiClient, ClientOptions, Credentials, Endpoints, Secret};
use econnect_sandbox::{FaultConfig, RunningSandbox, SandboxOptions, Seed, StatsSnapshot};

/// Seeds a sandbox data folder (wiping what was there), then stops the sandbox.
/// Seeds a sandbox's data folder and prints, as one JSON line on stdout, the API client of
/// its primary environment (`clientId`, `clientSecret`): the app's benchmark asks the same
/// sandbox, started by the app, for the same searches as a platform round trip. A throw-away
/// sandbox's own test client, not anyone's credentials.
pub async fn seed_folder(dir: std::path::PathBuf, seed: Seed) -> anyhow::Result<()> {
    std::fs::create_dir_all(&dir)?;
    let mut options = SandboxOptions::new(dir);
    options.seed = Some(seed);
    let sandbox = econnect_sandbox::start(options).await?;
    let client = serde_json::json!({
        "clientId": sandbox.info.client_id,
        "clientSecret": sandbox.info.client_secret,
    });
    sandbox.stop().await;
    println!("{client}");
    Ok(())
}

pub struct Platform {
    pub sandbox: RunningSandbox,
    _dir: tempfile::TempDir,
    http: reqwest::Client,
}

impl Platform {
    pub async fn start(seed: Seed) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let mut options = SandboxOptions::new(dir.path());
        options.seed = Some(seed);
        let sandbox = econnect_sandbox::start(options).await?;
        Ok(Self {
            sandbox,
            _dir: dir,
            http: econnect_api::http_client_builder()
                .build()
                .expect("an HTTP client"),
        })
    }

    pub fn admin(&self) -> anyhow::Result<ApiClient> {
        let info = &self.sandbox.info;
        Ok(ApiClient::new(
            Endpoints::new(&info.api_url, &info.identity_url)?,
            Credentials {
                client_id: info.client_id.clone(),
                client_secret: Secret::new(info.client_secret.clone()),
                user: Some((
                    info.admin_email.clone(),
                    Secret::new(info.demo_password.clone()),
                )),
            },
            ClientOptions::default(),
        )?)
    }

    pub async fn set_faults(&self, faults: &FaultConfig) -> anyhow::Result<()> {
        self.http
            .put(format!("{}/_sandbox/faults", self.sandbox.base_url))
            .json(faults)
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    pub async fn reset_stats(&self) -> anyhow::Result<()> {
        self.http
            .post(format!("{}/_sandbox/stats/reset", self.sandbox.base_url))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    pub async fn stats(&self) -> anyhow::Result<StatsSnapshot> {
        Ok(self
            .http
            .get(format!("{}/_sandbox/stats", self.sandbox.base_url))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }
}
