//! `econnect-sandbox`: the sandbox eConnect platform as a command.
//!
//! Its first line on stdout is one JSON object with what a client needs
//! (`apiUrl`, `identityUrl`, `clientId`, `clientSecret`, `adminEmail`, `demoPassword`);
//! logs go to stderr.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use econnect_sandbox::{FaultConfig, SandboxOptions, Seed};

/// The sandbox eConnect platform: Platform Admin API v1 on a local port.
#[derive(Debug, Parser)]
#[command(name = "econnect-sandbox", version)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Folder for the database and the mail outbox; kept between runs.
    #[arg(long)]
    data: PathBuf,
    /// Start afresh with `demo`, `large:USERS:ORGANISATIONS`, `practice:N[:USERS]` (an
    /// accountant's N client environments) or `demo+practice:N` (wipes the folder's data).
    #[arg(long)]
    seed: Option<Seed>,
    /// Also send mail through this SMTP server (HOST:PORT).
    #[arg(long)]
    smtp: Option<String>,
    /// Faults to inject, e.g. `latency=50ms,error_rate=0.1,reset_rate=0.05,rate_limit=100`.
    #[arg(long, default_value = "")]
    faults: FaultConfig,
    /// Lifetime of access tokens in seconds.
    #[arg(long, default_value_t = 3600)]
    token_lifetime: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ECONNECT_SANDBOX_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("econnect-sandbox: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("econnect-sandbox: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> anyhow::Result<()> {
    let options = SandboxOptions {
        listen: args.listen,
        data_dir: args.data,
        seed: args.seed,
        initial_seed: econnect_sandbox::Seed::Demo,
        smtp: args.smtp,
        faults: args.faults,
        token_lifetime: Duration::from_secs(args.token_lifetime.max(1)),
    };
    let sandbox = econnect_sandbox::start(options).await?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", serde_json::to_string(&sandbox.info)?)?;
    stdout.flush()?;
    drop(stdout);
    wait_for_stop().await;
    tracing::info!("stopping");
    sandbox.stop().await;
    Ok(())
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
