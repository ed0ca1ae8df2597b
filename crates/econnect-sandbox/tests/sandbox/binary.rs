//! The `econnect-sandbox` command: its first stdout line, and data kept across restarts.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(data: &std::path::Path, seed: Option<&str>) -> (Server, Value) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_econnect-sandbox"));
    command
        .args(["--listen", "127.0.0.1:0", "--data"])
        .arg(data);
    if let Some(seed) = seed {
        command.args(["--seed", seed]);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start econnect-sandbox");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let info: Value =
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("first line is not JSON: {line:?}"));
    (server, info)
}

#[tokio::test]
async fn prints_one_json_line_and_keeps_its_data_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let (server, info) = start(dir.path(), Some("demo"));
    for key in [
        "apiUrl",
        "identityUrl",
        "clientId",
        "clientSecret",
        "adminEmail",
        "demoPassword",
    ] {
        assert!(
            info[key].as_str().is_some_and(|v| !v.is_empty()),
            "{key} in {info}"
        );
    }
    let api_url = info["apiUrl"].as_str().unwrap();
    assert!(!api_url.ends_with(":0"), "the real port: {api_url}");
    let http = crate::support::http_client();
    let token: Value = http
        .post(format!(
            "{}/connect/token",
            info["identityUrl"].as_str().unwrap()
        ))
        .form(&[
            ("grant_type", "password"),
            ("client_id", info["clientId"].as_str().unwrap()),
            ("client_secret", info["clientSecret"].as_str().unwrap()),
            ("username", info["adminEmail"].as_str().unwrap()),
            ("password", info["demoPassword"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_owned();
    let invited = http
        .post(format!("{api_url}/api/v1/invitations"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"email": "kept@acme.example"}))
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), 201);
    drop(server);

    let (_server, again) = start(dir.path(), None);
    assert_eq!(
        again["clientSecret"], info["clientSecret"],
        "same environment after a restart"
    );
    let api_url = again["apiUrl"].as_str().unwrap();
    let token: Value = http
        .post(format!(
            "{}/connect/token",
            again["identityUrl"].as_str().unwrap()
        ))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", again["clientId"].as_str().unwrap()),
            ("client_secret", again["clientSecret"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let users: Value = http
        .get(format!("{api_url}/api/v1/users?q=kept@"))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        users["items"][0]["email"], "kept@acme.example",
        "data kept: {users}"
    );
}

#[test]
fn a_bad_flag_says_what_to_do() {
    let output = Command::new(env!("CARGO_BIN_EXE_econnect-sandbox"))
        .args(["--data", "/tmp/unused-sandbox", "--seed", "huge"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("large:USERS:ORGANISATIONS"), "{stderr}");
}

#[tokio::test]
async fn seeds_ten_thousand_users_with_about_three_memberships_each() {
    let dir = tempfile::tempdir().unwrap();
    let mut options = econnect_sandbox::SandboxOptions::new(dir.path());
    options.seed = Some(econnect_sandbox::Seed::Large {
        users: 10_000,
        organisations: 1_000,
    });
    let sandbox = econnect_sandbox::start(options).await.expect("large seed");
    let database = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("sandbox.sqlite3").display()
    ))
    .await
    .unwrap();
    let (users, memberships, organisations): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users u JOIN environments e ON e.id = u.environment_id WHERE e.name = 'Large Environment'), \
         (SELECT COUNT(*) FROM memberships), (SELECT COUNT(*) FROM organisations)",
    )
    .fetch_one(&database)
    .await
    .unwrap();
    assert_eq!((users, organisations), (10_000, 1_000));
    assert!(
        (25_000..=35_000).contains(&memberships),
        "{memberships} memberships"
    );
    sandbox.stop().await;
}
