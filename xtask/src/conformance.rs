//! Contract conformance: schemathesis (from PyPI) fuzzes the running sandbox with requests
//! generated from the committed OpenAPI document and fails on any server error or any
//! response the document does not describe.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::shell::{self, step};

const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Seconds of fuzzing; the whole step stays around a minute.
const FUZZ_SECONDS: &str = "40";

/// Stops the sandbox when dropped, also when the step fails.
struct SandboxProcess(Child);

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn ensure_schemathesis() -> Result<PathBuf> {
    let venv = shell::repo_root().join("target/tools/schemathesis");
    let binary = venv.join("bin/schemathesis");
    let version_ok = Command::new(&binary)
        .arg("--version")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).contains(SCHEMATHESIS_VERSION))
        .unwrap_or(false);
    if version_ok {
        return Ok(binary);
    }
    step(
        "python3 -m venv target/tools/schemathesis",
        shell::command("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&venv),
    )
    .context("schemathesis needs Python 3 with venv (Debian: apt-get install python3-venv)")?;
    step(
        &format!("pip install schemathesis=={SCHEMATHESIS_VERSION}"),
        shell::command(&venv.join("bin/pip").to_string_lossy()).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
        ]),
    )?;
    Ok(binary)
}

/// Runs schemathesis against a freshly seeded sandbox. Expects the sandbox binary built.
pub fn run() -> Result<()> {
    let schemathesis = ensure_schemathesis()?;
    let root = shell::repo_root();
    let data = root.join("target/conformance-sandbox");
    let mut child = Command::new(root.join("target/debug/econnect-sandbox"))
        .args(["--listen", "127.0.0.1:0", "--seed", "demo", "--data"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start target/debug/econnect-sandbox (is it built?)")?;
    let stdout = child.stdout.take().context("sandbox stdout")?;
    let _sandbox = SandboxProcess(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let info: serde_json::Value =
        serde_json::from_str(&line).with_context(|| format!("sandbox said {line:?}"))?;
    let field = |name: &str| {
        info[name]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("no {name} in {line}"))
    };
    let (api_url, identity_url) = (field("apiUrl")?, field("identityUrl")?);
    let token_output = Command::new("curl")
        .args([
            "-sf",
            "-X",
            "POST",
            &format!("{identity_url}/connect/token"),
        ])
        .args(["-d", "grant_type=client_credentials"])
        .args(["-d", &format!("client_id={}", field("clientId")?)])
        .args(["-d", &format!("client_secret={}", field("clientSecret")?)])
        .output()
        .context("curl is needed to get a token")?;
    let token: serde_json::Value =
        serde_json::from_slice(&token_output.stdout).context("token answer")?;
    let Some(access_token) = token["access_token"].as_str() else {
        bail!("the sandbox gave no token: {token}");
    };
    step(
        "schemathesis against the sandbox",
        shell::command(&schemathesis.to_string_lossy())
            .arg("run")
            .arg(root.join("crates/econnect-sandbox/openapi.json"))
            .args(["--url", &api_url])
            .args(["--header", &format!("Authorization: Bearer {access_token}")])
            .args([
                "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            ])
            .args(["--phases", "examples,coverage,fuzzing", "--max-time", FUZZ_SECONDS])
            // One worker: CPython 3.11's ast.parse is not thread-safe, and hypothesis calls it
            // while describing strategies ("AST constructor recursion depth mismatch").
            .args(["--workers", "1", "--no-color"]),
    )
}
