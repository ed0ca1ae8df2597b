//! `ecadmin` end to end: the real binary, the real sandbox on loopback, the real Secret
//! Service (run under `cargo xtask test`, which starts an unlocked GNOME Keyring in a
//! private D-Bus session).

// Test helpers panic with the failing value on purpose.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use econnect_core::{Keychain, SecretKind};
use econnect_sandbox::{RunningSandbox, SandboxOptions};
use serde_json::Value;

mod documentation;
mod many;

struct Setup {
    sandbox: RunningSandbox,
    _sandbox_dir: tempfile::TempDir,
    home: tempfile::TempDir,
    keychain_service: String,
}

impl Setup {
    async fn new() -> Self {
        Self::with_seed(econnect_sandbox::Seed::Demo).await
    }

    async fn with_seed(seed: econnect_sandbox::Seed) -> Self {
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "these tests need a Secret Service: run them with `cargo xtask test`"
        );
        let sandbox_dir = tempfile::tempdir().unwrap();
        let mut options = SandboxOptions::new(sandbox_dir.path());
        options.seed = Some(seed);
        let sandbox = econnect_sandbox::start(options).await.unwrap();
        Self {
            sandbox,
            _sandbox_dir: sandbox_dir,
            home: tempfile::tempdir().unwrap(),
            keychain_service: format!("nl.econnect.admin.test.{}", uuid_like()),
        }
    }

    fn ecadmin(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ecadmin"));
        command
            .args(args)
            .env("ECADMIN_HOME", self.home.path())
            .env("ECADMIN_KEYCHAIN_SERVICE", &self.keychain_service)
            .env("ECADMIN_LOG", "debug")
            .env_remove("ECADMIN_ENV")
            .env_remove("ECADMIN_CLIENT_SECRET")
            .env_remove("ECADMIN_PASSWORD");
        command
    }

    /// Runs ecadmin off the async runtime (it talks to the sandbox running on it).
    async fn run(&self, mut command: Command) -> Output {
        tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap()
    }

    async fn add_environment(&self) -> Output {
        let info = &self.sandbox.info;
        let mut command = self.ecadmin(&[
            "env",
            "add",
            "sandbox",
            "--kind",
            "local-sandbox",
            "--api-url",
            &info.api_url,
            "--identity-url",
            &info.identity_url,
            "--client-id",
            &info.client_id,
            "--username",
            &info.admin_email,
        ]);
        command
            .env("ECADMIN_CLIENT_SECRET", &info.client_secret)
            .env("ECADMIN_PASSWORD", &info.demo_password);
        self.run(command).await
    }
}

fn uuid_like() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

#[track_caller]
fn expect(output: &Output, code: i32, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}\nstdout: {stdout}\nstderr: {stderr}"
    );
    stdout
}

/// Random numbers below a bound, seeded by the clock (for kill moments; no crate needed).
fn random_below() -> impl FnMut(u64) -> u64 {
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    move |bound: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % bound
    }
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path)
            } else {
                files.push(path)
            }
        }
    }
    files
}

#[tokio::test]
async fn a_new_administrator_works_end_to_end_and_no_secret_touches_a_file() {
    let setup = Setup::new().await;
    let info = setup.sandbox.info.clone();
    expect(&setup.add_environment().await, 0, "env add");

    let keychain = Keychain::new(setup.keychain_service.clone());
    assert_eq!(
        keychain
            .load("sandbox", SecretKind::ClientSecret)
            .unwrap()
            .unwrap()
            .expose(),
        info.client_secret,
        "the client secret is in the Secret Service"
    );

    let listed = expect(
        &setup.run(setup.ecadmin(&["env", "list", "--json"])).await,
        0,
        "env list",
    );
    let environments: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(environments[0]["name"], "sandbox");
    assert_eq!(environments[0]["kind"], "local-sandbox");

    let users = expect(
        &setup.run(setup.ecadmin(&["users", "list", "--json"])).await,
        0,
        "users list",
    );
    let users: Value = serde_json::from_str(&users).unwrap();
    assert_eq!(
        users.as_array().unwrap().len(),
        11,
        "the demo environment's users"
    );
    let table = expect(
        &setup
            .run(setup.ecadmin(&["users", "list", "--status", "invited"]))
            .await,
        0,
        "table",
    );
    assert!(
        table.starts_with(" EMAIL") || table.contains("EMAIL"),
        "{table}"
    );
    assert_eq!(
        table.lines().count(),
        4,
        "a header and three invited users: {table}"
    );

    let orgs = expect(
        &setup.run(setup.ecadmin(&["orgs", "list", "--json"])).await,
        0,
        "orgs",
    );
    let orgs: Value = serde_json::from_str(&orgs).unwrap();
    let finance = orgs
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Acme Finance")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let grant = format!("{finance}:administrator");
    let invited = expect(
        &setup
            .run(setup.ecadmin(&[
                "invite",
                "new.one@acme.example",
                "new.two@acme.example",
                "--role",
                "advanced",
                "--org",
                &grant,
                "--json",
            ]))
            .await,
        0,
        "invite",
    );
    let invited: Value = serde_json::from_str(&invited).unwrap();
    assert_eq!(invited.as_array().unwrap().len(), 2);
    assert!(
        invited
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["ok"] == true && r["user"]["role"] == "advanced"),
        "{invited}"
    );

    let again = setup
        .run(setup.ecadmin(&["invite", "new.one@acme.example", "--json"]))
        .await;
    let again_out = expect(&again, 1, "a second invitation fails");
    assert!(again_out.contains("already_invited"), "{again_out}");

    expect(
        &setup
            .run(setup.ecadmin(&[
                "user",
                "set-role",
                "bram.devries@acme.example",
                "administrator",
            ]))
            .await,
        0,
        "set-role",
    );
    let shown = expect(
        &setup
            .run(setup.ecadmin(&["user", "show", "bram.devries@acme.example", "--json"]))
            .await,
        0,
        "show",
    );
    assert_eq!(
        serde_json::from_str::<Value>(&shown).unwrap()["role"],
        "administrator"
    );
    expect(
        &setup
            .run(setup.ecadmin(&["user", "block", "eva.smit@acme.example"]))
            .await,
        0,
        "block",
    );
    expect(
        &setup
            .run(setup.ecadmin(&["user", "unblock", "eva.smit@acme.example"]))
            .await,
        0,
        "unblock",
    );
    expect(
        &setup
            .run(setup.ecadmin(&[
                "org",
                "add-member",
                &finance,
                "eva.smit@acme.example",
                "--level",
                "member",
            ]))
            .await,
        0,
        "add member",
    );
    expect(
        &setup
            .run(setup.ecadmin(&[
                "org",
                "set-level",
                &finance,
                "eva.smit@acme.example",
                "administrator",
            ]))
            .await,
        0,
        "level",
    );
    expect(
        &setup
            .run(setup.ecadmin(&["org", "remove-member", &finance, "eva.smit@acme.example"]))
            .await,
        0,
        "remove member",
    );
    expect(
        &setup
            .run(setup.ecadmin(&["user", "remove", "lotte.mulder@acme.example"]))
            .await,
        0,
        "remove user",
    );

    // No secret in any file the app wrote: configuration, data, logs.
    let files = files_below(setup.home.path());
    assert!(
        files.iter().any(|f| f.to_string_lossy().contains("logs")),
        "logs were written: {files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("environments.json")),
        "{files:?}"
    );
    // And every file and folder it wrote is the user's alone.
    {
        use std::os::unix::fs::PermissionsExt;
        for file in &files {
            let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
            assert_eq!(
                mode & 0o077,
                0,
                "{} is {mode:o}, readable by others",
                file.display()
            );
            let folder = file.parent().unwrap();
            let mode = std::fs::metadata(folder).unwrap().permissions().mode() & 0o777;
            if folder != setup.home.path() {
                assert_eq!(mode, 0o700, "{} is {mode:o}", folder.display());
            }
        }
    }
    for file in &files {
        let content = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&content);
        for secret in [&info.client_secret, &info.demo_password] {
            assert!(
                !text.contains(secret.as_str()),
                "a secret is in {}",
                file.display()
            );
        }
    }

    expect(
        &setup
            .run(setup.ecadmin(&["env", "remove", "sandbox"]))
            .await,
        0,
        "env remove",
    );
    assert!(
        keychain
            .load("sandbox", SecretKind::ClientSecret)
            .unwrap()
            .is_none(),
        "keychain entries removed"
    );
    assert!(
        keychain
            .load("sandbox", SecretKind::Password)
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn mistakes_get_the_documented_exit_codes() {
    let setup = Setup::new().await;
    let none = expect(
        &setup.run(setup.ecadmin(&["users", "list"])).await,
        2,
        "no environment yet",
    );
    assert!(none.is_empty());
    expect(
        &setup.run(setup.ecadmin(&["users", "frobnicate"])).await,
        2,
        "unknown command",
    );

    let info = setup.sandbox.info.clone();
    let mut wrong = setup.ecadmin(&[
        "env",
        "add",
        "wrong",
        "--api-url",
        &info.api_url,
        "--identity-url",
        &info.identity_url,
        "--client-id",
        &info.client_id,
        "--username",
        &info.admin_email,
    ]);
    wrong
        .env("ECADMIN_CLIENT_SECRET", &info.client_secret)
        .env("ECADMIN_PASSWORD", "not-the-password");
    let refused = setup.run(wrong).await;
    expect(&refused, 3, "a wrong password is an authentication error");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("sign-in refused"));
    let listed = expect(
        &setup.run(setup.ecadmin(&["env", "list", "--json"])).await,
        0,
        "list",
    );
    assert_eq!(listed.trim(), "[]", "nothing saved after a refused sign-in");

    let mut insecure = setup.ecadmin(&[
        "env",
        "add",
        "remote",
        "--api-url",
        "http://api.example.com",
        "--identity-url",
        "https://id.example.com",
        "--client-id",
        "x",
    ]);
    insecure.env("ECADMIN_CLIENT_SECRET", "s");
    let insecure = setup.run(insecure).await;
    expect(&insecure, 2, "plain http to a remote host");
    assert!(String::from_utf8_lossy(&insecure.stderr).contains("https://"));

    let no_secret = setup.ecadmin(&[
        "env",
        "add",
        "x",
        "--api-url",
        &info.api_url,
        "--identity-url",
        &info.identity_url,
        "--client-id",
        "x",
    ]);
    let no_secret = setup.run(no_secret).await;
    expect(&no_secret, 2, "no secret and no terminal");
    assert!(String::from_utf8_lossy(&no_secret.stderr).contains("ECADMIN_CLIENT_SECRET"));

    expect(&setup.add_environment().await, 0, "env add");
    let blocked = setup
        .run(setup.ecadmin(&["user", "block", "ada.admin@acme.example"]))
        .await;
    expect(&blocked, 1, "the last administrator cannot be blocked");
    assert!(String::from_utf8_lossy(&blocked.stderr).contains("last administrator"));
    expect(
        &setup
            .run(setup.ecadmin(&["--env", "nope", "users", "list"]))
            .await,
        2,
        "unknown environment",
    );
    expect(
        &setup
            .run(setup.ecadmin(&["invite", "not-an-address"]))
            .await,
        2,
        "bad address",
    );
}

#[tokio::test]
async fn without_a_keychain_there_is_one_clear_error_and_no_plaintext_fallback() {
    let setup = Setup::new().await;
    let info = setup.sandbox.info.clone();
    let mut command = setup.ecadmin(&[
        "env",
        "add",
        "sandbox",
        "--api-url",
        &info.api_url,
        "--identity-url",
        &info.identity_url,
        "--client-id",
        &info.client_id,
    ]);
    command
        .env("ECADMIN_CLIENT_SECRET", &info.client_secret)
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    let output = setup.run(command).await;
    expect(&output, 3, "no keychain");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no keychain is reachable") && stderr.contains("never in files"),
        "{stderr}"
    );
    for file in files_below(setup.home.path()) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            !text.contains(&info.client_secret),
            "the secret fell back into {}",
            file.display()
        );
    }
    assert!(
        !setup.home.path().join("config/environments.json").exists(),
        "nothing saved"
    );
}

/// The hard case: 200 changes queued, faults on, the replaying process killed with
/// SIGKILL at random moments and restarted, until the outbox is empty. The platform must end
/// in exactly the intended state: nothing lost, nothing doubled.
#[tokio::test]
async fn queued_changes_survive_sigkill_during_replay_and_land_exactly_once() {
    use econnect_contract::InvitationRequest;
    use econnect_domain::Role;
    use econnect_store::{Change, Store};

    let setup = Setup::new().await;
    expect(&setup.add_environment().await, 0, "env add");
    expect(
        &setup.run(setup.ecadmin(&["sync"])).await,
        0,
        "first sync fills the cache",
    );

    let cache = setup.home.path().join("data/caches/sandbox.sqlite3");
    let store = Store::open(&cache).await.unwrap();
    let invitees: Vec<String> = (0..150)
        .map(|n| format!("killed.{n}@acme.example"))
        .collect();
    for email in &invitees {
        let request = InvitationRequest {
            name: None,
            email: email.clone(),
            role: Some(Role::Advanced),
            method: None,
            organisations: Vec::new(),
        };
        store.enqueue(Change::Invite { request }).await.unwrap();
    }
    let targets = [
        "bram.devries@acme.example",
        "chris.jansen@acme.example",
        "dana.bakker@acme.example",
        "eva.smit@acme.example",
        "lotte.mulder@acme.example",
    ];
    let mut intended = Vec::new();
    for email in targets {
        let user = store.user_by_email(email).await.unwrap().unwrap();
        for n in 0..9 {
            store
                .enqueue(Change::SetRelationshipManager {
                    user_id: user.id.clone(),
                    value: n % 2 == 0,
                    base_version: 0,
                })
                .await
                .unwrap();
        }
        store
            .enqueue(Change::SetRole {
                user_id: user.id.clone(),
                role: Role::Advanced,
                base_version: 0,
            })
            .await
            .unwrap();
        intended.push((email, true, Role::Advanced));
    }
    assert_eq!(store.outbox().await.unwrap().len(), 200);
    store.close().await;

    let http = econnect_api::http_client_builder()
        .build()
        .expect("an HTTP client");
    let faults = serde_json::json!({"errorRate": 0.1, "resetRate": 0.1, "latencyMs": 5});
    http.put(format!("{}/_sandbox/faults", setup.sandbox.base_url))
        .json(&faults)
        .send()
        .await
        .unwrap();

    let mut random = random_below();
    let (mut kills, mut finished, mut left_after_kills) = (0, false, 200);
    // Twelve runs are killed at a random moment; after that, runs may finish.
    for _ in 0..40 {
        let mut child = setup
            .ecadmin(&["sync"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let wait = if kills < 12 {
            std::time::Duration::from_millis(50 + random(1200))
        } else {
            std::time::Duration::from_secs(120)
        };
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() >= wait {
                break None;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        };
        match status {
            Some(status) => {
                let store = Store::open(&cache).await.unwrap();
                let left = store.outbox().await.unwrap().len();
                store.close().await;
                if status.success() && left == 0 {
                    finished = true;
                    break;
                }
            }
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                kills += 1;
                let store = Store::open(&cache).await.unwrap();
                left_after_kills = store.outbox().await.unwrap().len();
                store.close().await;
            }
        }
    }
    http.put(format!("{}/_sandbox/faults", setup.sandbox.base_url))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert!(finished, "the outbox drained after {kills} kills");
    assert_eq!(kills, 12, "the replay was really interrupted");
    assert!(
        left_after_kills < 200,
        "the killed runs made progress before dying: {left_after_kills} left"
    );

    let listed = expect(
        &setup.run(setup.ecadmin(&["users", "list", "--json"])).await,
        0,
        "users",
    );
    let users: Value = serde_json::from_str(&listed).unwrap();
    let users = users.as_array().unwrap();
    for email in &invitees {
        let matching: Vec<_> = users
            .iter()
            .filter(|u| u["email"] == email.as_str())
            .collect();
        assert_eq!(matching.len(), 1, "{email} invited exactly once");
        assert_eq!(matching[0]["role"], "advanced");
        let mails = std::fs::read_dir(&setup.sandbox.outbox_dir)
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .ends_with(&format!("-{email}.eml"))
            })
            .count();
        assert_eq!(mails, 1, "one invitation email to {email}");
    }
    for (email, relationship_manager, role) in intended {
        let user = users.iter().find(|u| u["email"] == email).unwrap();
        assert_eq!(user["relationshipManager"], relationship_manager, "{email}");
        assert_eq!(user["role"], role.as_str(), "{email}");
    }
    let pending = expect(
        &setup.run(setup.ecadmin(&["pending", "--json"])).await,
        0,
        "pending",
    );
    assert_eq!(pending.trim(), "[]");
}

#[tokio::test]
async fn offline_reads_come_from_the_cache_and_changes_are_queued() {
    let setup = Setup::new().await;
    expect(&setup.add_environment().await, 0, "env add");
    expect(&setup.run(setup.ecadmin(&["sync"])).await, 0, "first sync");
    let http = econnect_api::http_client_builder()
        .build()
        .expect("an HTTP client");
    let faults = |error_rate: f64| {
        http.put(format!("{}/_sandbox/faults", setup.sandbox.base_url))
            .json(&serde_json::json!({"errorRate": error_rate}))
            .send()
    };
    faults(1.0).await.unwrap();

    let read = setup.run(setup.ecadmin(&["users", "list", "--json"])).await;
    let users = expect(&read, 0, "a read while the platform is down");
    assert_eq!(
        serde_json::from_str::<Value>(&users)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        11,
        "from the cache"
    );
    let note = String::from_utf8_lossy(&read.stderr);
    assert!(
        note.contains("offline: data from"),
        "one line says so: {note}"
    );

    let queued = setup
        .run(setup.ecadmin(&["user", "set-role", "eva.smit@acme.example", "advanced"]))
        .await;
    expect(&queued, 0, "a change while offline is queued, not failed");
    assert!(
        String::from_utf8_lossy(&queued.stderr).contains("queued"),
        "and it says so"
    );
    let pending = expect(
        &setup.run(setup.ecadmin(&["pending", "--json"])).await,
        0,
        "pending",
    );
    let pending: Value = serde_json::from_str(&pending).unwrap();
    assert_eq!(pending.as_array().unwrap().len(), 1, "{pending}");
    assert_eq!(pending[0]["change"]["kind"], "setRole");
    let shown = expect(
        &setup
            .run(setup.ecadmin(&["user", "show", "eva.smit@acme.example", "--json"]))
            .await,
        0,
        "show",
    );
    assert_eq!(
        serde_json::from_str::<Value>(&shown).unwrap()["role"],
        "advanced",
        "the cache shows the change at once"
    );

    faults(0.0).await.unwrap();
    let synced = expect(
        &setup.run(setup.ecadmin(&["sync", "--json"])).await,
        0,
        "back online",
    );
    let synced: Value = serde_json::from_str(&synced).unwrap();
    assert_eq!(
        (synced["pushed"].as_u64(), synced["waiting"].as_u64()),
        (Some(1), Some(0)),
        "{synced}"
    );
    assert!(synced["lastSyncedAt"].is_string());
    let platform: Value = http
        .get(format!(
            "{}/api/v1/users?q=eva.smit",
            setup.sandbox.info.api_url
        ))
        .bearer_auth(platform_token(&setup).await)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        platform["items"][0]["role"], "advanced",
        "it landed on the platform"
    );
}

async fn platform_token(setup: &Setup) -> String {
    let info = &setup.sandbox.info;
    let token: Value = econnect_api::http_client_builder()
        .build()
        .expect("an HTTP client")
        .post(format!("{}/connect/token", info.identity_url))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", info.client_id.as_str()),
            ("client_secret", info.client_secret.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    token["access_token"].as_str().unwrap().to_owned()
}

/// `ecadmin invite` is the app's invite: `Workspace::invite`, through the bulk path — the
/// sandbox sees several invitations in flight at once, and each exactly once.
#[tokio::test]
async fn invite_goes_through_the_bulk_path_like_the_app() {
    let setup = Setup::new().await;
    expect(&setup.add_environment().await, 0, "env add");
    expect(&setup.run(setup.ecadmin(&["sync"])).await, 0, "first sync");
    setup.sandbox.set_faults(econnect_sandbox::FaultConfig {
        latency_ms: 150,
        ..Default::default()
    });
    setup.sandbox.reset_stats();
    let addresses: Vec<String> = (0..8).map(|n| format!("bulk.{n}@acme.example")).collect();
    let mut args = vec!["invite", "--json"];
    args.extend(addresses.iter().map(String::as_str));
    let invited = expect(&setup.run(setup.ecadmin(&args)).await, 0, "invite");
    let invited: Value = serde_json::from_str(&invited).unwrap();
    assert!(
        invited
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["ok"] == true && r["result"] == "sent"),
        "{invited}"
    );
    let stats = setup.sandbox.stats();
    let invitations = &stats.routes["POST /api/v1/invitations"];
    assert_eq!(invitations.requests, 8, "each once: {stats:?}");
    assert!(
        invitations.peak_in_flight > 1,
        "ecadmin sent the invitations one at a time, not through the bulk path: {stats:?}"
    );
}

/// SIGKILL while the cache is being migrated (an older cache opened by this version, again
/// and again): every queued change is still there, with its Idempotency-Key, and the cache
/// opens afterwards.
#[tokio::test]
async fn a_kill_during_the_cache_migration_loses_no_queued_change() {
    /// SQL that takes a cache back to before the store's newest migration: the tables that
    /// migration creates dropped, and its record deleted.
    fn undo_newest_migration() -> String {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../econnect-store/migrations");
        let newest = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
            .max()
            .unwrap();
        let text = std::fs::read_to_string(&newest).unwrap();
        const CREATE: &str = "CREATE TABLE ";
        let mut sql: String = text
            .match_indices(CREATE)
            .map(|(at, _)| {
                let table: String = text[at + CREATE.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                format!("DROP TABLE IF EXISTS {table}; ")
            })
            .collect();
        assert!(
            !sql.is_empty(),
            "the newest migration {} creates a table",
            newest.display()
        );
        sql.push_str(
            "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations);",
        );
        sql
    }

    use econnect_store::{Change, Store};
    use sqlx::Connection;
    let setup = Setup::new().await;
    expect(&setup.add_environment().await, 0, "env add");
    expect(&setup.run(setup.ecadmin(&["sync"])).await, 0, "first sync");
    let cache = setup.home.path().join("data/caches/sandbox.sqlite3");
    let store = Store::open(&cache).await.unwrap();
    let eva = store
        .user_by_email("eva.smit@acme.example")
        .await
        .unwrap()
        .unwrap();
    for n in 0..20 {
        store
            .enqueue(Change::SetRelationshipManager {
                user_id: eva.id.clone(),
                value: n % 2 == 0,
                base_version: 0,
            })
            .await
            .unwrap();
    }
    let keys: Vec<String> = store
        .outbox()
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.idempotency_key)
        .collect();
    store.close().await;
    drop(store);

    let mut random = random_below();
    let mut killed = 0;
    for _ in 0..15 {
        // Make it an older cache again: the newest migration is not applied yet.
        let mut conn = sqlx::SqliteConnection::connect_with(
            &sqlx::sqlite::SqliteConnectOptions::new().filename(&cache),
        )
        .await
        .unwrap();
        // The table names come from our own migration file.
        sqlx::raw_sql(sqlx::AssertSqlSafe(undo_newest_migration()))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();

        let mut child = setup
            .ecadmin(&["pending"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(random(40))).await;
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();

        let store = Store::open(&cache).await.unwrap();
        assert!(
            store.recovery().is_none(),
            "the cache was usable: {:?}",
            store.recovery()
        );
        let now: Vec<String> = store
            .outbox()
            .await
            .unwrap()
            .into_iter()
            .map(|entry| entry.idempotency_key)
            .collect();
        assert_eq!(now, keys, "every queued change, with its key");
        store.close().await;
    }
    assert!(killed > 0, "no run was killed while it worked");

    // A cache from a newer version: ecadmin says to update, and leaves it (and its outbox).
    let mut conn = sqlx::SqliteConnection::connect_with(
        &sqlx::sqlite::SqliteConnectOptions::new().filename(&cache),
    )
    .await
    .unwrap();
    sqlx::raw_sql(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
         VALUES (29991231000000, 'from the future', CURRENT_TIMESTAMP, 1, X'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let newer = setup.run(setup.ecadmin(&["pending"])).await;
    expect(&newer, 1, "a cache written by a newer version");
    let said = String::from_utf8_lossy(&newer.stderr);
    assert!(
        said.contains("newer version") && said.contains("update"),
        "{said}"
    );
    let mut conn = sqlx::SqliteConnection::connect_with(
        &sqlx::sqlite::SqliteConnectOptions::new().filename(&cache),
    )
    .await
    .unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(n, 20, "the newer cache's outbox is untouched");
    conn.close().await.unwrap();
}

/// `ecadmin import` with a Dutch Excel file: the dry run prints a verdict per row and sends
/// nothing (exit 1: a row has an error); the run without a terminal needs --yes; with it the
/// good rows land, the results file lists the failed one, and `ecadmin export` writes a file
/// Excel opens (BOM, `;`) that the importer reads back with nothing to do.
#[tokio::test]
async fn import_and_export_spreadsheets() {
    let setup = Setup::new().await;
    expect(&setup.add_environment().await, 0, "env add");
    let file = setup.home.path().join("afdeling.csv");
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(
        "E-mailadres;Naam;Rol;Organisaties\r\nnieuw.een@acme.example;Een;Basisgebruiker;Acme Finance\r\nnieuw.twee@acme.example;Twee;Beheerder;\r\nfout-adres;Drie;;\r\n"
            .as_bytes(),
    );
    std::fs::write(&file, &bytes).unwrap();
    let file = file.to_string_lossy().into_owned();
    setup.sandbox.reset_stats();

    let dry = setup
        .run(setup.ecadmin(&["--json", "import", &file, "--dry-run"]))
        .await;
    let rows: Value = serde_json::from_str(&expect(&dry, 1, "dry run with an error row")).unwrap();
    let verdicts: Vec<(u64, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["line"].as_u64().unwrap(),
                row["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(verdicts, [(2, "invite"), (3, "warning"), (4, "error")]);
    assert_eq!(rows[0]["organisations"][0]["name"], "Acme Finance");
    assert_eq!(rows[2]["code"], "invalid_email");
    let posts = |setup: &Setup| {
        setup
            .sandbox
            .stats()
            .routes
            .get("POST /api/v1/invitations")
            .map_or(0, |route| route.requests)
    };
    assert_eq!(posts(&setup), 0, "a dry run sends nothing");

    let unconfirmed = setup.run(setup.ecadmin(&["import", &file])).await;
    let stderr = String::from_utf8_lossy(&unconfirmed.stderr);
    assert_eq!(unconfirmed.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--yes"), "{stderr}");
    assert_eq!(posts(&setup), 0);

    let results_file = setup.home.path().join("resultaten.csv");
    let results_path = results_file.to_string_lossy().into_owned();
    let run = setup
        .run(setup.ecadmin(&[
            "--json",
            "import",
            &file,
            "--yes",
            "--results",
            &results_path,
        ]))
        .await;
    let results: Value = serde_json::from_str(&expect(&run, 1, "one row failed")).unwrap();
    let outcome: Vec<&str> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["result"].as_str().unwrap())
        .collect();
    assert_eq!(outcome, ["sent", "sent", "failed"]);
    assert_eq!(posts(&setup), 2);
    let written = std::fs::read_to_string(&results_file).unwrap();
    assert!(written.starts_with('\u{feff}'), "Excel-ready");
    assert!(written.contains("\"fout-adres\""), "{written}");

    // The results file again: the sent rows are done, only the failed one is left.
    let again = setup
        .run(setup.ecadmin(&["--json", "import", &results_path, "--dry-run"]))
        .await;
    let again: Value =
        serde_json::from_str(&expect(&again, 1, "the failed row is still wrong")).unwrap();
    let verdicts: Vec<&str> = again
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["skip", "skip", "error"]);

    let export = setup.home.path().join("export.csv");
    let export_path = export.to_string_lossy().into_owned();
    expect(
        &setup
            .run(setup.ecadmin(&["export", "-o", &export_path, "--separator", ";"]))
            .await,
        0,
        "export",
    );
    let exported = std::fs::read_to_string(&export).unwrap();
    assert!(
        exported.starts_with("\u{feff}\"email\";\"name\";\"role\""),
        "{exported}"
    );
    assert!(exported.contains("\"nieuw.een@acme.example\";\"Een\";\"Basic user\";\"Invited\";\"Acme Finance (Member)\""), "{exported}");
    let back = setup
        .run(setup.ecadmin(&["--json", "import", &export_path, "--dry-run"]))
        .await;
    let back: Value = serde_json::from_str(&expect(&back, 0, "the export reads back")).unwrap();
    assert!(
        back.as_array()
            .unwrap()
            .iter()
            .all(|row| row["verdict"] == "skip"),
        "{back}"
    );

    let missing = setup
        .run(setup.ecadmin(&["import", "/no/such/file.csv"]))
        .await;
    assert_eq!(missing.status.code(), Some(2));
}

/// `GET /api/v1{path}` on the platform, as an administrator (the test's paths need no
/// escaping).
async fn platform_get(setup: &Setup, path: &str) -> Value {
    econnect_api::http_client_builder()
        .build()
        .expect("an HTTP client")
        .get(format!("{}/api/v1{path}", setup.sandbox.info.api_url))
        .bearer_auth(platform_token(setup).await)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The platform's user at `email`, as its API has them.
async fn platform_user(setup: &Setup, email: &str) -> Value {
    let page = platform_get(setup, &format!("/users?q={email}")).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|user| user["email"] == email)
        .cloned()
        .unwrap_or_else(|| panic!("{email} on the platform: {page}"))
}

/// Memberships as `organisation id → level`, to compare two users' access.
fn access(user: &Value) -> (String, std::collections::BTreeMap<String, String>) {
    let memberships = user["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["organisationId"].as_str().unwrap().to_owned(),
                m["level"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (user["role"].as_str().unwrap().to_owned(), memberships)
}

/// `ecadmin invite --like EMAIL`: the new colleagues get the colleague's role and every one
/// of their organisations at the same level; `--role` and `--org` change what is copied.
#[tokio::test]
async fn invite_like_a_colleague_copies_role_memberships_and_levels() {
    let setup = Setup::new().await;
    expect(&setup.add_environment().await, 0, "env add");
    expect(&setup.run(setup.ecadmin(&["sync"])).await, 0, "first sync");
    // The demo colleague with the most organisations, to copy from.
    let everyone = platform_get(&setup, "/users?limit=200").await;
    let model_email = everyone["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|user| user["status"] == "active")
        .max_by_key(|user| user["memberships"].as_array().map_or(0, Vec::len))
        .unwrap()["email"]
        .as_str()
        .unwrap()
        .to_owned();
    let model = platform_user(&setup, &model_email).await;
    let (model_role, model_memberships) = access(&model);
    assert!(
        model_memberships.len() >= 2,
        "a model with several organisations: {model}"
    );

    let output = setup
        .run(setup.ecadmin(&["invite", "--like", &model_email, "like.one@acme.example"]))
        .await;
    expect(&output, 0, "invite --like");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains(&format!("with the same access as {model_email}")),
        "says what it copies: {said}"
    );
    assert_eq!(
        access(&platform_user(&setup, "like.one@acme.example").await),
        (model_role.clone(), model_memberships.clone()),
        "the same role and organisations, at the same levels"
    );

    // An explicit role and level win over the copied ones.
    let (first_org, first_level) = model_memberships.iter().next().unwrap();
    let other_level = if first_level == "member" {
        "administrator"
    } else {
        "member"
    };
    let grant = format!("{first_org}:{other_level}");
    expect(
        &setup
            .run(setup.ecadmin(&[
                "invite",
                "--like",
                &model_email,
                "--role",
                "basic",
                "--org",
                &grant,
                "like.two@acme.example",
            ]))
            .await,
        0,
        "invite --like with changes",
    );
    let (role, memberships) = access(&platform_user(&setup, "like.two@acme.example").await);
    assert_eq!(role, "basic");
    let mut expected = model_memberships.clone();
    expected.insert(first_org.clone(), other_level.to_owned());
    assert_eq!(memberships, expected);

    // Nobody to copy from: said so, nothing sent.
    let output = setup
        .run(setup.ecadmin(&[
            "invite",
            "--like",
            "nobody@acme.example",
            "like.three@acme.example",
        ]))
        .await;
    assert_ne!(output.status.code(), Some(0));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("nobody with the address nobody@acme.example"),
        "{said}"
    );
}
