//! The embedded "Local sandbox": the sandbox platform started inside the app on a loopback
//! port, with demo data, so that anyone can try everything without an eConnect account. Its
//! data lives in the app's data folder and survives restarts; its credentials are the
//! sandbox's own and stay in memory (nothing to put in the keychain). It can be stopped and
//! started again from Settings (on the same port), to see how the app behaves offline.

use std::net::SocketAddr;

use econnect_api::{ApiClient, ClientOptions, Credentials, Endpoints, Secret};
use econnect_sandbox::{RunningSandbox, SandboxInfo, SandboxOptions};

use crate::ipc_error::{IpcError, IpcErrorCode};
use crate::state::LocalSandbox;

/// The saved-environment name the Local sandbox appears under.
pub const LOCAL_SANDBOX_NAME: &str = "Local sandbox";

/// Client environments next to the demo in a new Local sandbox.
pub const LOCAL_PRACTICE_CLIENTS: u32 = 4;

/// The sandbox's folder inside the app's data folder.
pub fn folder(data_dir: &std::path::Path) -> std::path::PathBuf {
    data_dir.join("local-sandbox")
}

/// Starts the sandbox unless it runs (demo data on first start; the same port as before
/// after a stop).
pub async fn ensure_running<'a>(
    local: &'a mut LocalSandbox,
    data_dir: &std::path::Path,
) -> Result<&'a RunningSandbox, IpcError> {
    if local.running.is_none() {
        let mut options = SandboxOptions::new(folder(data_dir));
        // The demo, and beside it a small accountant's practice whose accountant is the
        // demo's administrator: a new user sees the many-environments work at once.
        options.initial_seed = econnect_sandbox::Seed::DemoPractice {
            clients: LOCAL_PRACTICE_CLIENTS,
        };
        if let Some(port) = local.port {
            options.listen = SocketAddr::from(([127, 0, 0, 1], port));
        }
        let sandbox = econnect_sandbox::start(options).await.map_err(|error| {
            IpcError::new(
                IpcErrorCode::Internal,
                format!("the Local sandbox cannot start: {error:#}"),
            )
        })?;
        tracing::info!(base_url = %sandbox.base_url, "Local sandbox started");
        local.port = url_port(&sandbox.base_url);
        local.info = Some(sandbox.info.clone());
        local.running = Some(sandbox);
    }
    local
        .running
        .as_ref()
        .ok_or_else(|| IpcError::new(IpcErrorCode::Internal, "the Local sandbox did not start"))
}

/// Stops the sandbox (the app then sees the platform as unreachable).
pub async fn stop(local: &mut LocalSandbox) {
    if let Some(sandbox) = local.running.take() {
        sandbox.stop().await;
        tracing::info!("Local sandbox stopped");
    }
}

fn url_port(base_url: &str) -> Option<u16> {
    base_url
        .rsplit(':')
        .next()?
        .trim_end_matches('/')
        .parse()
        .ok()
}

/// A client signed in as the Local sandbox's administrator (who is the accountant of its
/// practice's client environments too).
pub fn admin_client(info: &SandboxInfo) -> Result<ApiClient, econnect_api::ApiError> {
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_port_is_read_from_the_base_url() {
        assert_eq!(super::url_port("http://127.0.0.1:41234"), Some(41234));
        assert_eq!(super::url_port("http://127.0.0.1:41234/"), Some(41234));
    }
}
