//! Many environments against a sandbox with an accountant's practice of five clients:
//! discovery with one keychain credential, a person found across the caches, offboarding
//! everywhere online and offline, and a Basic user who cannot act.

use std::net::SocketAddr;

use econnect_api::{ApiClient, ClientOptions, Credentials, Endpoints, Secret};
use econnect_contract::{AuditAction, ErrorCode};
use econnect_core::all_environments::{
    self, Connected, Everywhere, PeopleDirectory, ResultKind, SYNC_CONCURRENCY, SyncStatus,
};
use econnect_core::environments::{EnvironmentKind, EnvironmentStore, SavedEnvironment};
use econnect_core::keychain::{Keychain, SecretKind};
use econnect_core::session;
use econnect_domain::Role;
use econnect_sandbox::{RunningSandbox, SandboxOptions, Seed};

const CLIENTS: u32 = 5;
const BAS: &str = "bas.bakker@boekhoudhulp.example";
const CARLA: &str = "carla.smit@salarisadvies.example";
const DAAN: &str = "daan.mulder@ict-mulder.example";

struct Practice {
    sandbox: Option<RunningSandbox>,
    sandbox_dir: tempfile::TempDir,
    data_dir: tempfile::TempDir,
    port: u16,
}

impl Practice {
    async fn start() -> Self {
        let sandbox_dir = tempfile::tempdir().unwrap();
        let mut options = SandboxOptions::new(sandbox_dir.path());
        options.seed = Some(Seed::Practice {
            clients: CLIENTS,
            users: 12,
        });
        let sandbox = econnect_sandbox::start(options).await.unwrap();
        let port = sandbox
            .base_url
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Self {
            sandbox: Some(sandbox),
            sandbox_dir,
            data_dir: tempfile::tempdir().unwrap(),
            port,
        }
    }

    fn info(&self) -> &econnect_sandbox::SandboxInfo {
        &self.sandbox.as_ref().unwrap().info
    }

    /// A client of the first client environment signed in as `email`.
    fn home_client(&self, email: &str) -> ApiClient {
        let info = self.info();
        ApiClient::new(
            Endpoints::new(&info.api_url, &info.identity_url).unwrap(),
            Credentials {
                client_id: info.client_id.clone(),
                client_secret: Secret::new(info.client_secret.clone()),
                user: Some((email.to_owned(), Secret::new(info.demo_password.clone()))),
            },
            ClientOptions {
                base_backoff: std::time::Duration::from_millis(10),
                max_backoff: std::time::Duration::from_millis(50),
                max_attempts: 2,
                ..ClientOptions::default()
            },
        )
        .unwrap()
    }

    /// Every environment `email` may enter, as saved environments with clients made from
    /// the one sign-in (what discovery saves), named by the platform's names.
    async fn environments_of(&self, email: &str) -> Vec<(SavedEnvironment, ApiClient)> {
        let home = self.home_client(email);
        let listed = home.my_environments().await.unwrap();
        let taken: Vec<String> = Vec::new();
        listed
            .items
            .into_iter()
            .map(|item| {
                let name = format!(
                    "{}-{}",
                    all_environments::saved_name_for(&item.name, &taken),
                    email.split('@').next().unwrap().replace('.', "-")
                );
                let environment = SavedEnvironment {
                    name,
                    kind: EnvironmentKind::LocalSandbox,
                    api_url: self.info().api_url.clone(),
                    identity_url: self.info().identity_url.clone(),
                    client_id: self.info().client_id.clone(),
                    username: Some(email.to_owned()),
                    environment_id: Some(item.id.clone()),
                    platform_name: Some(item.name.clone()),
                    signs_in_with: Some("home".to_owned()),
                };
                (environment, home.for_environment(&item.id).unwrap())
            })
            .collect()
    }

    fn connected(environments: &[(SavedEnvironment, ApiClient)]) -> Vec<Connected> {
        environments
            .iter()
            .map(|(environment, client)| Connected::new(environment.clone(), Ok(client.clone())))
            .collect()
    }

    async fn sync_all(
        &self,
        environments: &[(SavedEnvironment, ApiClient)],
    ) -> Vec<all_environments::EnvironmentSync> {
        all_environments::sync_all(
            self.data_dir.path(),
            Self::connected(environments),
            SYNC_CONCURRENCY,
            &|_| {},
        )
        .await
        .unwrap()
    }

    /// The platform's users of a client environment, asked with that client's own
    /// credentials (not through the app's caches).
    async fn platform_emails(&self, environment_name: &str) -> Vec<String> {
        let info = self.info();
        let seeded = info
            .environments
            .iter()
            .find(|e| e.name == environment_name)
            .unwrap();
        let client = ApiClient::new(
            Endpoints::new(&seeded.api_url, &seeded.identity_url).unwrap(),
            Credentials {
                client_id: seeded.client_id.clone(),
                client_secret: Secret::new(seeded.client_secret.clone()),
                user: None,
            },
            ClientOptions::default(),
        )
        .unwrap();
        client
            .all_users(&Default::default())
            .await
            .unwrap()
            .into_iter()
            .map(|user| user.email.to_string())
            .collect()
    }

    async fn audit_count(&self, environment_name: &str, email: &str, action: AuditAction) -> usize {
        let info = self.info();
        let seeded = info
            .environments
            .iter()
            .find(|e| e.name == environment_name)
            .unwrap();
        let client = ApiClient::new(
            Endpoints::new(&seeded.api_url, &seeded.identity_url).unwrap(),
            Credentials {
                client_id: seeded.client_id.clone(),
                client_secret: Secret::new(seeded.client_secret.clone()),
                user: None,
            },
            ClientOptions::default(),
        )
        .unwrap();
        let page = client.audit_events(None, 500).await.unwrap();
        page.items
            .iter()
            .filter(|event| event.action == action && event.target_email.as_deref() == Some(email))
            .count()
    }
}

#[tokio::test]
async fn discovery_adds_every_environment_with_one_keychain_credential() {
    let practice = Practice::start().await;
    let info = practice.info().clone();
    let config = tempfile::tempdir().unwrap();
    let store = EnvironmentStore::in_config_dir(config.path());
    let keychain = Keychain::new(format!("econnect-test-many-{}", std::process::id()));
    let home = SavedEnvironment::from_input(
        "home",
        EnvironmentKind::Custom,
        &info.api_url,
        &info.identity_url,
        &info.client_id,
        Some(&info.admin_email),
    )
    .unwrap();
    let home = session::add_verified_environment(
        &store,
        &keychain,
        home,
        &Secret::new(info.client_secret.clone()),
        Some(&Secret::new(info.demo_password.clone())),
        true,
    )
    .await
    .unwrap();
    let client = session::connect(&home, &keychain, ClientOptions::default()).unwrap();
    let found = all_environments::discover_environments(&store, &keychain, &home, &client)
        .await
        .unwrap();
    assert_eq!(found.len(), CLIENTS as usize, "{found:?}");
    assert!(found.iter().all(|e| e.role == Role::Administrator));
    let current: Vec<_> = found.iter().filter(|e| e.current).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(
        current[0].saved_as.as_deref(),
        Some("home"),
        "the one signed in to is saved already"
    );
    let added =
        all_environments::add_discovered(&store, &store.get("home").unwrap(), &found).unwrap();
    assert_eq!(added.len(), CLIENTS as usize - 1);
    // Discovered again: every one recognised, nothing added twice.
    let again = all_environments::discover_environments(&store, &keychain, &home, &client)
        .await
        .unwrap();
    assert!(again.iter().all(|e| e.saved_as.is_some()), "{again:?}");
    assert!(
        all_environments::add_discovered(&store, &home, &again)
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.list().unwrap().len(), CLIENTS as usize);
    // One keychain credential: the added ones have no entries of their own, and each signs
    // in to its own environment with home's.
    for saved in &added {
        assert_eq!(saved.signs_in_with.as_deref(), Some("home"));
        assert!(
            keychain
                .load(&saved.name, SecretKind::Password)
                .unwrap()
                .is_none()
        );
        assert!(
            keychain
                .load(&saved.name, SecretKind::ClientSecret)
                .unwrap()
                .is_none()
        );
        let me = session::connect(saved, &keychain, ClientOptions::default())
            .unwrap()
            .me()
            .await
            .unwrap();
        assert_eq!(
            Some(me.environment.name.as_str()),
            saved.platform_name.as_deref()
        );
        assert_eq!(
            Some(me.environment.id.as_str()),
            saved.environment_id.as_deref()
        );
    }
    // The environments.json holds no secret.
    let file = std::fs::read_to_string(config.path().join(EnvironmentStore::FILE_NAME)).unwrap();
    assert!(!file.contains(&info.demo_password) && !file.contains(&info.client_secret));
    // Home cannot go while the others sign in with it.
    let refused = session::remove_environment(&store, &keychain, practice.data_dir.path(), "home")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("remove those first"), "{refused}");
    for saved in &added {
        session::remove_environment(&store, &keychain, practice.data_dir.path(), &saved.name)
            .unwrap();
    }
    session::remove_environment(&store, &keychain, practice.data_dir.path(), "home").unwrap();
}

#[tokio::test]
async fn a_person_is_found_in_exactly_the_environments_they_are_in() {
    let practice = Practice::start().await;
    let accountant = practice.info().admin_email.clone();
    let environments = practice.environments_of(&accountant).await;
    let synced = practice.sync_all(&environments).await;
    assert!(
        synced
            .iter()
            .all(|s| matches!(s.status, SyncStatus::Synced { .. }) && s.full),
        "{synced:?}"
    );
    let saved: Vec<SavedEnvironment> = environments.iter().map(|(e, _)| e.clone()).collect();
    let directory = PeopleDirectory::default();
    for (email, query) in [
        (BAS, "bas bakker"),
        (CARLA, "SALARISADVIES"),
        (DAAN, "daan"),
    ] {
        let rows = directory
            .find(practice.data_dir.path(), &saved, query, 500)
            .await
            .unwrap();
        let mut found: Vec<String> = rows
            .iter()
            .filter(|row| row.email == email)
            .map(|row| row.environment_name.clone())
            .collect();
        found.sort();
        let mut expected = Vec::new();
        for seeded in &practice.info().environments {
            if practice
                .platform_emails(&seeded.name)
                .await
                .iter()
                .any(|e| e == email)
            {
                expected.push(seeded.name.clone());
            }
        }
        expected.sort();
        assert!(expected.len() > 1, "{email} is in several");
        assert_eq!(found, expected, "{email} found by `{query}`");
        let row = rows.iter().find(|row| row.email == email).unwrap();
        assert!(
            row.organisations
                .iter()
                .any(|o| o.name == row.environment_name),
            "with their organisation: {row:?}"
        );
        assert!(row.last_synced_at.is_some());
    }
    assert!(
        directory
            .find(practice.data_dir.path(), &saved, "nobody-called-this", 500)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn offboarding_everywhere_leaves_them_nowhere_except_where_they_are_the_last_administrator() {
    let practice = Practice::start().await;
    let accountant = practice.info().admin_email.clone();
    let environments = practice.environments_of(&accountant).await;
    practice.sync_all(&environments).await;
    let plans = all_environments::plan_everywhere(
        practice.data_dir.path(),
        Practice::connected(&environments),
        &accountant,
        Everywhere::Offboard,
    )
    .await
    .unwrap();
    let sole = "Transport Bakker BV";
    for plan in &plans {
        assert!(plan.found, "{plan:?}");
        if plan.environment_name == sole {
            let (code, message) = plan
                .refused
                .clone()
                .expect("refused where the only administrator");
            assert_eq!(code, Some(ErrorCode::LastAdministrator));
            assert!(
                message.contains("make someone else an administrator"),
                "{message}"
            );
        } else {
            assert!(plan.refused.is_none(), "{plan:?}");
            assert_eq!(
                plan.steps.len(),
                3,
                "two memberships and the account: {plan:?}"
            );
        }
    }
    let results = all_environments::run_everywhere(
        practice.data_dir.path(),
        Practice::connected(&environments),
        &accountant,
        Everywhere::Offboard,
        &|_| {},
    )
    .await
    .unwrap();
    for result in &results {
        let emails = practice.platform_emails(&result.environment_name).await;
        if result.environment_name == sole {
            assert_eq!(result.result, ResultKind::Refused, "{result:?}");
            assert_eq!(result.code, Some(ErrorCode::LastAdministrator));
            assert!(emails.contains(&accountant), "still there");
        } else {
            assert_eq!(result.result, ResultKind::Done, "{result:?}");
            assert!(
                !emails.contains(&accountant),
                "gone from {}",
                result.environment_name
            );
        }
    }
}

#[tokio::test]
async fn offboarding_everywhere_offline_queues_in_each_outbox_and_lands_once() {
    let mut practice = Practice::start().await;
    let accountant = practice.info().admin_email.clone();
    let environments = practice.environments_of(&accountant).await;
    practice.sync_all(&environments).await;
    let carlas: Vec<String> = {
        let mut names = Vec::new();
        for seeded in &practice.info().environments {
            if practice
                .platform_emails(&seeded.name)
                .await
                .iter()
                .any(|e| e == CARLA)
            {
                names.push(seeded.name.clone());
            }
        }
        names
    };
    assert!(carlas.len() >= 2);
    practice.sandbox.take().unwrap().stop().await;
    let results = all_environments::run_everywhere(
        practice.data_dir.path(),
        Practice::connected(&environments),
        CARLA,
        Everywhere::Offboard,
        &|_| {},
    )
    .await
    .unwrap();
    for result in &results {
        let expected = if carlas.contains(&result.environment_name) {
            ResultKind::Queued
        } else {
            ResultKind::NotFound
        };
        assert_eq!(result.result, expected, "{result:?}");
    }
    // The platform comes back; the next round of syncs sends each outbox.
    let mut options = SandboxOptions::new(practice.sandbox_dir.path());
    options.listen = SocketAddr::from(([127, 0, 0, 1], practice.port));
    practice.sandbox = Some(econnect_sandbox::start(options).await.unwrap());
    let synced = practice.sync_all(&environments).await;
    assert!(
        synced.iter().all(|s| s.n_pending == 0),
        "every outbox sent: {synced:?}"
    );
    // And again: nothing more is sent.
    practice.sync_all(&environments).await;
    for name in &carlas {
        assert!(
            !practice
                .platform_emails(name)
                .await
                .contains(&CARLA.to_owned()),
            "gone from {name}"
        );
        assert_eq!(
            practice
                .audit_count(name, CARLA, AuditAction::UserRemoved)
                .await,
            1,
            "removed exactly once in {name}"
        );
    }
}

#[tokio::test]
async fn a_basic_user_cannot_act_in_their_environments() {
    let practice = Practice::start().await;
    let environments = practice.environments_of(BAS).await;
    assert_eq!(environments.len(), 4, "Bas's clients");
    practice.sync_all(&environments).await;
    let results = all_environments::run_everywhere(
        practice.data_dir.path(),
        Practice::connected(&environments),
        DAAN,
        Everywhere::Block,
        &|_| {},
    )
    .await
    .unwrap();
    for result in &results {
        assert_eq!(result.result, ResultKind::Refused, "{result:?}");
        assert!(
            result.message.contains("not an administrator"),
            "{}",
            result.message
        );
    }
    // Nobody was blocked anywhere.
    for seeded in &practice.info().environments {
        assert_eq!(
            practice
                .audit_count(&seeded.name, DAAN, AuditAction::UserBlocked)
                .await,
            0
        );
    }
}

/// The files' latest modification time, as the directory stamps a cache.
fn modified(cache: &std::path::Path) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let mut wal = cache.as_os_str().to_owned();
    wal.push("-wal");
    [cache.to_path_buf(), std::path::PathBuf::from(wal)]
        .into_iter()
        .filter_map(|path| {
            let time = std::fs::metadata(&path).ok()?.modified().ok()?;
            Some((path, time))
        })
        .collect()
}

#[tokio::test]
async fn a_cache_written_while_it_was_read_is_read_again_once_said_so() {
    let practice = Practice::start().await;
    let accountant = practice.info().admin_email.clone();
    let environments = practice.environments_of(&accountant).await;
    practice.sync_all(&environments).await;
    let saved: Vec<SavedEnvironment> = environments.iter().map(|(e, _)| e.clone()).collect();
    let directory = PeopleDirectory::default();
    let daan_in = |rows: &[econnect_core::all_environments::PersonAccess], name: &str| {
        rows.iter()
            .find(|row| row.email == DAAN && row.environment == name)
            .map(|row| row.status)
    };
    let rows = directory
        .find(practice.data_dir.path(), &saved, "daan", 500)
        .await
        .unwrap();
    let (environment, status) = saved
        .iter()
        .find_map(|e| daan_in(&rows, &e.name).map(|status| (e.name.clone(), status)))
        .expect("Daan in one of the environments");
    assert_eq!(status, econnect_domain::UserStatus::Active);

    // A write whose commit the directory's stamp does not show: it landed between a read
    // and the stamp taken after it (emulated by putting the files' times back).
    let cache = session::cache_path(practice.data_dir.path(), &environment);
    let stamped = modified(&cache);
    let store = econnect_store::Store::open(&cache).await.unwrap();
    let daan = store.user_by_email(DAAN).await.unwrap().unwrap();
    store
        .enqueue(econnect_store::Change::SetBlocked {
            user_id: daan.id.clone(),
            blocked: true,
            base_version: daan.version,
        })
        .await
        .unwrap();
    store.close().await;
    let latest = stamped.iter().map(|(_, time)| *time).max().unwrap();
    for (path, _) in modified(&cache) {
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(latest)
            .unwrap();
    }
    let rows = directory
        .find(practice.data_dir.path(), &saved, "daan", 500)
        .await
        .unwrap();
    assert_eq!(
        daan_in(&rows, &environment),
        Some(econnect_domain::UserStatus::Active),
        "the stamp alone cannot tell"
    );

    directory
        .mark_changed(std::slice::from_ref(&environment))
        .await;
    let rows = directory
        .find(practice.data_dir.path(), &saved, "daan", 500)
        .await
        .unwrap();
    assert_eq!(
        daan_in(&rows, &environment),
        Some(econnect_domain::UserStatus::Blocked),
        "read again once said so"
    );
}
