//! The embedded "Local sandbox": the sandbox platform started inside the app on a loopback
//! port, with demo data, so that anyone can try everything without an eConnect account. Its
//! data lives in the app's data folder and survives restarts; its credentials are the
//! sandbox's own and stay in memory (nothing to put in the keychain).

use econnect_api::{ApiClient, ClientOptions, Credentials, Endpoints, Secret};
use econnect_sandbox::{RunningSandbox, SandboxOptions};

/// The saved-environment name the Local sandbox appears under.
pub const LOCAL_SANDBOX_NAME: &str = "Local sandbox";

/// Starts the embedded sandbox (demo data on first start).
pub async fn start(data_dir: &std::path::Path) -> anyhow::Result<RunningSandbox> {
    let options = SandboxOptions::new(data_dir.join("local-sandbox"));
    econnect_sandbox::start(options).await
}

/// A client signed in as the Local sandbox's administrator.
pub fn admin_client(sandbox: &RunningSandbox) -> Result<ApiClient, econnect_api::ApiError> {
    let info = &sandbox.info;
    let credentials = Credentials {
        client_id: info.client_id.clone(),
        client_secret: Secret::new(info.client_secret.clone()),
        user: Some((
            info.admin_email.clone(),
            Secret::new(info.demo_password.clone()),
        )),
    };
    ApiClient::new(
        Endpoints::new(&info.api_url, &info.identity_url)?,
        credentials,
        ClientOptions::default(),
    )
}
