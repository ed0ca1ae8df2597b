//! The cache against the real sandbox on loopback: full and delta sync, the outbox under
//! faults, conflicts, rollbacks, search.

// Test helpers panic with the failing value on purpose.
#![allow(clippy::unwrap_used)]

use econnect_api::{ApiClient, ClientOptions, Credentials, Endpoints, Secret, UserQuery};
use econnect_contract::{InvitationRequest, UserPatch};
use econnect_domain::{MembershipLevel, Role, UserStatus};
use econnect_sandbox::{RunningSandbox, SandboxOptions, StatsSnapshot};
use econnect_store::sync::{pull, push, sync};
use econnect_store::{Change, OutboxState, SearchQuery, SortKey, Store};
use serde_json::json;

mod modules;
mod opening;

struct Setup {
    sandbox: RunningSandbox,
    _dir: tempfile::TempDir,
    cache_dir: tempfile::TempDir,
    http: reqwest::Client,
}

impl Setup {
    async fn new(seed: econnect_sandbox::Seed) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut options = SandboxOptions::new(dir.path());
        options.seed = Some(seed);
        let sandbox = econnect_sandbox::start(options).await.unwrap();
        Self {
            sandbox,
            _dir: dir,
            cache_dir: tempfile::tempdir().unwrap(),
            http: econnect_api::http_client_builder()
                .build()
                .expect("an HTTP client"),
        }
    }

    fn client(&self, email: &str) -> ApiClient {
        let info = &self.sandbox.info;
        ApiClient::new(
            Endpoints::new(&info.api_url, &info.identity_url).unwrap(),
            Credentials {
                client_id: info.client_id.clone(),
                client_secret: Secret::new(info.client_secret.clone()),
                user: Some((email.to_owned(), Secret::new(info.demo_password.clone()))),
            },
            ClientOptions {
                base_backoff: std::time::Duration::from_millis(10),
                max_backoff: std::time::Duration::from_millis(100),
                ..ClientOptions::default()
            },
        )
        .unwrap()
    }

    fn admin(&self) -> ApiClient {
        self.client(&self.sandbox.info.admin_email.clone())
    }

    async fn store(&self) -> Store {
        Store::open(&self.cache_dir.path().join("cache.sqlite3"))
            .await
            .unwrap()
    }

    async fn set_faults(&self, faults: serde_json::Value) {
        let response = self
            .http
            .put(format!("{}/_sandbox/faults", self.sandbox.base_url))
            .json(&faults)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }

    async fn stats(&self) -> StatsSnapshot {
        self.http
            .get(format!("{}/_sandbox/stats", self.sandbox.base_url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn reset_stats(&self) {
        self.http
            .post(format!("{}/_sandbox/stats/reset", self.sandbox.base_url))
            .send()
            .await
            .unwrap();
    }
}

async fn user_id(client: &ApiClient, q: &str) -> String {
    client
        .all_users(&UserQuery {
            q: Some(q.to_owned()),
            ..UserQuery::default()
        })
        .await
        .unwrap()[0]
        .id
        .clone()
}

#[tokio::test]
async fn a_delta_sync_fetches_only_what_changed() {
    let setup = Setup::new(econnect_sandbox::Seed::Large {
        users: 3000,
        organisations: 100,
    })
    .await;
    let admin = setup.client("admin@large.example");
    let store = setup.store().await;
    setup.reset_stats().await;
    let full = sync(&store, &admin).await.unwrap();
    assert!(full.full && !full.offline, "{full:?}");
    let full_stats = setup.stats().await;
    assert_eq!(store.status_counts().await.unwrap().total, 3000);
    assert!(store.sync_state().await.unwrap().last_synced_at.is_some());

    let ids: Vec<String> = admin
        .list_users(&UserQuery::default(), None, 7)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|u| u.id)
        .collect();
    for id in &ids {
        let current = admin.get_user(id).await.unwrap();
        admin
            .update_user(
                id,
                &current.etag,
                &UserPatch {
                    relationship_manager: Some(!current.value.relationship_manager),
                    ..UserPatch::default()
                },
            )
            .await
            .unwrap();
    }
    setup.reset_stats().await;
    let delta = sync(&store, &admin).await.unwrap();
    assert!(!delta.full);
    assert_eq!(delta.changes_pulled, 7, "{delta:?}");
    let delta_stats = setup.stats().await;
    assert!(
        !delta_stats.routes.contains_key("GET /api/v1/users"),
        "no full read: {:?}",
        delta_stats.routes.keys()
    );
    assert_eq!(delta_stats.routes["GET /api/v1/changes"].requests, 1);
    let full_bytes = full_stats.response_bytes;
    assert!(
        delta_stats.response_bytes * 50 < full_bytes,
        "delta {} B, full {full_bytes} B",
        delta_stats.response_bytes
    );
    for id in &ids {
        let cached = store.user(id).await.unwrap().unwrap();
        let platform = admin.get_user(id).await.unwrap().value;
        assert_eq!(
            cached.relationship_manager, platform.relationship_manager,
            "cache follows the platform"
        );
    }
}

#[tokio::test]
async fn queued_changes_land_exactly_once_under_faults() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let admin = setup.admin();
    let store = setup.store().await;
    sync(&store, &admin).await.unwrap();
    let bram = user_id(&admin, "bram").await;
    let organisations = admin.all_organisations().await.unwrap();
    for n in 0..40 {
        store
            .enqueue(Change::Invite {
                request: InvitationRequest {
                    name: None,
                    email: format!("queued.{n}@acme.example"),
                    role: Some(Role::Advanced),
                    method: None,
                    organisations: Vec::new(),
                },
            })
            .await
            .unwrap();
    }
    for n in 0..10 {
        store
            .enqueue(Change::SetRelationshipManager {
                user_id: bram.clone(),
                value: n % 2 == 0,
                base_version: 0,
            })
            .await
            .unwrap();
    }
    store
        .enqueue(Change::SetRole {
            user_id: bram.clone(),
            role: Role::Advanced,
            base_version: 0,
        })
        .await
        .unwrap();
    store
        .enqueue(Change::SetMember {
            organisation_id: organisations[1].id.clone(),
            user_id: bram.clone(),
            level: MembershipLevel::Administrator,
        })
        .await
        .unwrap();
    assert_eq!(store.status_counts().await.unwrap().pending_changes, 52);
    let cached = store.user(&bram).await.unwrap().unwrap();
    assert_eq!(
        (cached.role, cached.relationship_manager),
        (Role::Advanced, false),
        "applied optimistically"
    );

    setup
        .set_faults(json!({"errorRate": 0.25, "resetRate": 0.25, "rateLimit": 30}))
        .await;
    let mut rounds = 0;
    while !store.outbox().await.unwrap().is_empty() {
        rounds += 1;
        assert!(rounds < 200, "the outbox does not drain");
        let report = push(&store, &admin).await.unwrap();
        assert_eq!(
            (report.conflicts, report.rejected),
            (0, 0),
            "{report:?}: {:?}",
            store.outbox().await.unwrap()
        );
    }
    setup.set_faults(json!({})).await;
    let platform_bram = admin.get_user(&bram).await.unwrap().value;
    assert_eq!(
        (platform_bram.role, platform_bram.relationship_manager),
        (Role::Advanced, false)
    );
    assert!(
        platform_bram
            .memberships
            .iter()
            .any(|m| m.organisation_id == organisations[1].id
                && m.level == MembershipLevel::Administrator)
    );
    let invited = admin
        .all_users(&UserQuery {
            q: Some("queued.".to_owned()),
            ..UserQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(invited.len(), 40, "every invitation exactly once");
    for n in 0..40 {
        let emails = std::fs::read_dir(&setup.sandbox.outbox_dir)
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .ends_with(&format!("-queued.{n}@acme.example.eml"))
            })
            .count();
        assert_eq!(emails, 1, "one email to queued.{n}");
    }
    pull(&store, &admin).await.unwrap();
    let cached = store
        .search(&SearchQuery {
            text: Some("queued".to_owned()),
            limit: 100,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(cached.total, 40, "placeholders replaced by the real users");
    assert!(
        cached
            .rows
            .iter()
            .all(|row| !row.id.starts_with("local:") && row.pending == 0)
    );
}

#[tokio::test]
async fn a_concurrent_edit_is_a_conflict_and_nothing_is_overwritten() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let admin = setup.admin();
    let store = setup.store().await;
    sync(&store, &admin).await.unwrap();
    let bram = user_id(&admin, "bram").await;
    store
        .enqueue(Change::SetRole {
            user_id: bram.clone(),
            role: Role::Advanced,
            base_version: 0,
        })
        .await
        .unwrap();

    // Meanwhile another administrator changes Bram.
    let other = setup.admin();
    let current = other.get_user(&bram).await.unwrap();
    other
        .update_user(
            &bram,
            &current.etag,
            &UserPatch {
                role: Some(Role::Administrator),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();

    let report = push(&store, &admin).await.unwrap();
    assert_eq!(report.conflicts, 1, "{report:?}");
    let entry = store.outbox().await.unwrap().remove(0);
    assert_eq!(entry.state, OutboxState::Conflict);
    assert!(
        entry
            .problem
            .as_deref()
            .unwrap()
            .contains("changed by someone else"),
        "{:?}",
        entry.problem
    );
    assert_eq!(
        entry.problem_code.as_deref(),
        Some("stale_version"),
        "the conflict keeps the platform's code, so that the app shows it translated"
    );
    assert_eq!(
        entry.platform_state.as_ref().unwrap().role,
        Role::Administrator,
        "the platform's state is held"
    );
    assert_eq!(
        admin.get_user(&bram).await.unwrap().value.role,
        Role::Administrator,
        "not overwritten"
    );

    store.keep_mine(entry.seq).await.unwrap();
    let report = push(&store, &admin).await.unwrap();
    assert_eq!(report.pushed, 1);
    assert_eq!(
        admin.get_user(&bram).await.unwrap().value.role,
        Role::Advanced,
        "mine, on purpose"
    );

    // Take theirs: discard.
    let eva = user_id(&admin, "eva.smit").await;
    store
        .enqueue(Change::SetRelationshipManager {
            user_id: eva.clone(),
            value: true,
            base_version: 0,
        })
        .await
        .unwrap();
    let current = other.get_user(&eva).await.unwrap();
    other
        .update_user(
            &eva,
            &current.etag,
            &UserPatch {
                role: Some(Role::Advanced),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();
    push(&store, &admin).await.unwrap();
    let seq = store.outbox().await.unwrap()[0].seq;
    store.discard(seq).await.unwrap();
    let cached = store.user(&eva).await.unwrap().unwrap();
    assert_eq!(
        (cached.role, cached.relationship_manager),
        (Role::Advanced, false),
        "theirs"
    );
    assert!(store.outbox().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_forbidden_change_is_rolled_back_with_the_reason() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    // Dana administers Acme Finance, where Bram is a member: she sees him, but may not
    // change what only environment administrators change.
    let basic = setup.client("dana.bakker@acme.example");
    let store = setup.store().await;
    sync(&store, &basic).await.unwrap();
    let bram = store
        .user_by_email("bram.devries@acme.example")
        .await
        .unwrap()
        .expect("Bram is in Dana's organisation")
        .id;
    store
        .enqueue(Change::SetRelationshipManager {
            user_id: bram.clone(),
            value: true,
            base_version: 0,
        })
        .await
        .unwrap();
    assert!(
        store
            .user(&bram)
            .await
            .unwrap()
            .unwrap()
            .relationship_manager
    );
    let report = push(&store, &basic).await.unwrap();
    assert_eq!(report.rejected, 1);
    assert!(
        !store
            .user(&bram)
            .await
            .unwrap()
            .unwrap()
            .relationship_manager,
        "rolled back"
    );
    let rejected = store.rejected_changes().await.unwrap();
    assert!(
        rejected[0].reason.contains("only administrators"),
        "{:?}",
        rejected[0]
    );
}

#[tokio::test]
async fn offline_changes_wait_and_the_rules_are_checked_before_asking() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let admin = setup.admin();
    let store = setup.store().await;
    sync(&store, &admin).await.unwrap();
    let ada = user_id(&admin, "ada.admin").await;
    let refused = store
        .enqueue(Change::SetBlocked {
            user_id: ada.clone(),
            blocked: true,
            base_version: 0,
        })
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("last administrator"),
        "{refused}"
    );
    // Kept typed: every surface shows it by its code, as if the platform had refused.
    assert_eq!(
        refused.platform_code(),
        Some(econnect_contract::ErrorCode::LastAdministrator),
        "{refused:?}"
    );
    assert_eq!(refused.kind(), econnect_domain::ErrorKind::Rejected);
    assert!(store.outbox().await.unwrap().is_empty(), "nothing queued");

    let gina = user_id(&admin, "gina").await;
    store
        .enqueue(Change::RevokeInvitation {
            user_id: gina.clone(),
        })
        .await
        .unwrap();
    assert!(
        store.user(&gina).await.unwrap().is_none(),
        "gone from the cache at once"
    );
    setup.set_faults(json!({"errorRate": 1.0})).await;
    let report = sync(&store, &admin).await.unwrap();
    assert!(report.offline);
    assert!(store.sync_state().await.unwrap().offline_since.is_some());
    assert_eq!(store.outbox().await.unwrap().len(), 1, "still waiting");
    setup.set_faults(json!({})).await;
    let report = sync(&store, &admin).await.unwrap();
    assert!(!report.offline && report.pushed == 1, "{report:?}");
    assert!(store.sync_state().await.unwrap().offline_since.is_none());
    assert!(
        admin.get_user(&gina).await.is_err(),
        "revoked on the platform"
    );
}

#[tokio::test]
async fn search_filters_sorts_and_windows_the_cache() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let admin = setup.admin();
    let store = setup.store().await;
    sync(&store, &admin).await.unwrap();
    let page = store
        .search(&SearchQuery {
            text: Some("ja".to_owned()),
            limit: 50,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    let emails: Vec<&str> = page.rows.iter().map(|r| r.email.as_str()).collect();
    assert_eq!(
        emails,
        [
            "chris.jansen@acme.example",
            "jan.kantoor@jansen-accountants.example"
        ],
        "prefix of a word of name or email"
    );
    let invited = store
        .search(&SearchQuery {
            status: Some(UserStatus::Invited),
            limit: 50,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(invited.total, 3);
    let expired = store
        .search(&SearchQuery {
            expired: true,
            limit: 50,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(expired.rows[0].email, "hugo.expired@acme.example");
    let pending = store
        .search(&SearchQuery {
            pending_invitation: true,
            limit: 50,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(pending.total, 2);
    let lonely = store
        .search(&SearchQuery {
            no_organisation: true,
            status: Some(UserStatus::Active),
            limit: 50,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(
        lonely
            .rows
            .iter()
            .map(|r| r.email.as_str())
            .collect::<Vec<_>>(),
        ["eva.smit@acme.example"]
    );
    let window = store
        .search(&SearchQuery {
            offset: 2,
            limit: 3,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!((window.total, window.rows.len()), (11, 3));
    let all = store
        .search(&SearchQuery {
            limit: 100,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(
        window.rows,
        all.rows[2..5].to_vec(),
        "a window of the same order"
    );
    let counts = store.status_counts().await.unwrap();
    assert_eq!(
        (
            counts.total,
            counts.active,
            counts.invited,
            counts.blocked,
            counts.expired
        ),
        (11, 7, 3, 1, 1)
    );
}

#[tokio::test]
async fn an_unreadable_cache_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    std::fs::write(&path, b"this is not a database, it is a cup of coffee").unwrap();
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.status_counts().await.unwrap().total, 0);
    assert!(
        store.sync_state().await.unwrap().cursor.is_none(),
        "a fresh cache: the next sync is a full one"
    );
}

#[tokio::test]
async fn listeners_hear_cache_changes_and_the_connection_state() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let admin = setup.admin();
    let store = setup.store().await;
    let mut events = store.subscribe();
    sync(&store, &admin).await.unwrap();
    assert_eq!(
        events.recv().await.unwrap(),
        econnect_store::StoreEvent::CacheChanged(econnect_store::CacheChange::All)
    );
    match events.recv().await.unwrap() {
        econnect_store::StoreEvent::Connection(state) => {
            assert!(
                state.offline_since.is_none()
                    && state.last_synced_at.is_some()
                    && state.n_pending == 0,
                "{state:?}"
            )
        }
        other => panic!("expected the connection state, got {other:?}"),
    }
    let bram = user_id(&admin, "bram").await;
    setup.set_faults(json!({"errorRate": 1.0})).await;
    store
        .enqueue(Change::SetRelationshipManager {
            user_id: bram.clone(),
            value: true,
            base_version: 0,
        })
        .await
        .unwrap();
    assert_eq!(
        events.recv().await.unwrap(),
        econnect_store::StoreEvent::CacheChanged(econnect_store::CacheChange::Users(vec![bram]))
    );
    assert_eq!(
        events.recv().await.unwrap(),
        econnect_store::StoreEvent::CacheChanged(econnect_store::CacheChange::Outbox)
    );
    sync(&store, &admin).await.unwrap();
    let state = loop {
        if let econnect_store::StoreEvent::Connection(state) = events.recv().await.unwrap() {
            break state;
        }
    };
    assert!(state.offline_since.is_some(), "offline since…");
    assert_eq!(state.n_pending, 1, "1 change waiting");
    setup.set_faults(json!({})).await;
}

#[tokio::test]
async fn a_refused_sign_in_leaves_the_outbox_waiting() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let admin = setup.admin();
    let store = setup.store().await;
    sync(&store, &admin).await.unwrap();
    let bram = user_id(&admin, "bram").await;
    store
        .enqueue(Change::SetRelationshipManager {
            user_id: bram.clone(),
            value: true,
            base_version: 0,
        })
        .await
        .unwrap();
    let info = &setup.sandbox.info;
    let wrong = ApiClient::new(
        Endpoints::new(&info.api_url, &info.identity_url).unwrap(),
        Credentials {
            client_id: info.client_id.clone(),
            client_secret: Secret::new(info.client_secret.clone()),
            user: Some((
                info.admin_email.clone(),
                Secret::new("a-password-that-changed"),
            )),
        },
        ClientOptions::default(),
    )
    .unwrap();
    let report = push(&store, &wrong).await.unwrap();
    assert_eq!((report.pushed, report.rejected), (0, 0), "{report:?}");
    assert_eq!(
        store.outbox().await.unwrap().len(),
        1,
        "the change still waits"
    );
    assert!(
        store.rejected_changes().await.unwrap().is_empty(),
        "nothing thrown away"
    );
    assert!(
        store
            .user(&bram)
            .await
            .unwrap()
            .unwrap()
            .relationship_manager,
        "still shown"
    );
    push(&store, &admin).await.unwrap();
    assert!(
        admin
            .get_user(&bram)
            .await
            .unwrap()
            .value
            .relationship_manager,
        "sent once the sign-in works"
    );
}

#[tokio::test]
async fn search_follows_every_change_to_the_cache() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let client = setup.admin();
    let store = setup.store().await;
    sync(&store, &client).await.unwrap();
    let find = |text: &str, role: Option<Role>| SearchQuery {
        text: Some(text.to_owned()),
        role,
        limit: 50,
        ..SearchQuery::default()
    };
    let eva = store.search(&find("eva smit", None)).await.unwrap();
    assert_eq!(eva.total, 1, "{eva:?}");
    let eva_id = eva.rows[0].id.clone();
    assert_eq!(eva.rows[0].pending, 0);

    // An optimistic change shows at once, with its pending mark.
    store
        .enqueue(Change::SetRole {
            user_id: eva_id.clone(),
            role: Role::Advanced,
            base_version: 0,
        })
        .await
        .unwrap();
    let advanced = store
        .search(&find("eva", Some(Role::Advanced)))
        .await
        .unwrap();
    assert_eq!(
        advanced
            .rows
            .iter()
            .map(|r| (r.id.as_str(), r.pending))
            .collect::<Vec<_>>(),
        [(eva_id.as_str(), 1)]
    );

    // An invitation queued here is found by its address at once.
    store
        .enqueue(Change::Invite {
            request: InvitationRequest {
                name: None,
                email: "zoe.new@acme.example".to_owned(),
                role: Some(Role::Basic),
                method: None,
                organisations: Vec::new(),
            },
        })
        .await
        .unwrap();
    assert_eq!(store.search(&find("zoe.n", None)).await.unwrap().total, 1);

    // Sent: the platform's users replace the optimistic ones, nothing is counted twice.
    push(&store, &client).await.unwrap();
    assert_eq!(store.search(&find("zoe", None)).await.unwrap().total, 1);
    let after = store
        .search(&find("eva", Some(Role::Advanced)))
        .await
        .unwrap();
    assert_eq!(after.rows[0].pending, 0, "{after:?}");

    // Removed elsewhere: gone from the search after the next sync.
    let version = client.get_user(&eva_id).await.unwrap().value.version;
    client
        .remove_user(&eva_id, &econnect_contract::etag_for_version(version))
        .await
        .unwrap();
    sync(&store, &client).await.unwrap();
    assert_eq!(
        store.search(&find("eva smit", None)).await.unwrap().total,
        0
    );
    let everyone = store
        .search(&SearchQuery {
            limit: 100,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(everyone.total, store.status_counts().await.unwrap().total);
}

#[tokio::test]
async fn a_changed_user_moves_in_the_sort_orders_already_built() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let client = setup.admin();
    let store = setup.store().await;
    sync(&store, &client).await.unwrap();
    let by = |sort: SortKey| SearchQuery {
        sort,
        limit: 100,
        ..SearchQuery::default()
    };
    let roles = |page: &econnect_store::SearchPage| {
        page.rows
            .iter()
            .map(|row| row.role.as_str())
            .collect::<Vec<_>>()
    };
    // Build both orders first, so that the change has to correct them in place.
    let by_name = store.search(&by(SortKey::Name)).await.unwrap();
    let by_role = store.search(&by(SortKey::Role)).await.unwrap();
    let mut sorted = roles(&by_role);
    sorted.sort();
    assert_eq!(roles(&by_role), sorted, "sorted by role to begin with");
    let basic = by_role
        .rows
        .iter()
        .find(|row| row.role == Role::Basic)
        .expect("the demo has a basic user")
        .id
        .clone();

    store
        .enqueue(Change::SetRole {
            user_id: basic.clone(),
            role: Role::Administrator,
            base_version: 0,
        })
        .await
        .unwrap();

    let by_role = store.search(&by(SortKey::Role)).await.unwrap();
    let mut sorted = roles(&by_role);
    sorted.sort();
    assert_eq!(roles(&by_role), sorted, "the role order follows the change");
    assert_eq!(
        by_role
            .rows
            .iter()
            .find(|row| row.id == basic)
            .map(|row| row.role.as_str()),
        Some("administrator")
    );
    let ids = |page: &econnect_store::SearchPage| {
        page.rows
            .iter()
            .map(|row| row.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&store.search(&by(SortKey::Name)).await.unwrap()),
        ids(&by_name),
        "a role change leaves the name order as it was"
    );
}

/// `%` and `_` in a typed domain are characters, not wildcards: `acme_example` is not a
/// domain a colleague uses just because `acme.example` is.
#[tokio::test]
async fn a_domain_is_matched_literally() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let admin = setup.admin();
    let store = setup.store().await;
    sync(&store, &admin).await.unwrap();
    assert!(store.domain_in_use("acme.example").await.unwrap());
    assert!(
        store.domain_in_use("ACME.example").await.unwrap(),
        "case-insensitive"
    );
    for wildcard in ["acme_example", "%", "acme%", "_cme.example"] {
        assert!(
            !store.domain_in_use(wildcard).await.unwrap(),
            "`{wildcard}` matched as a pattern"
        );
    }
}

/// Rows a full read left in its staging tables.
async fn staged_rows(store_path: &std::path::Path) -> i64 {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", store_path.display()))
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM full_read_users) + (SELECT COUNT(*) FROM full_read_memberships) \
         + (SELECT COUNT(*) FROM full_reads)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    n
}

#[tokio::test]
async fn a_full_read_lands_whole_or_not_at_all_and_keeps_local_changes() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let admin = setup.admin();
    let store = setup.store().await;
    let path = setup.cache_dir.path().join("cache.sqlite3");
    sync(&store, &admin).await.unwrap();
    let gina = user_id(&admin, "gina").await;
    let version = store.user(&gina).await.unwrap().unwrap().version;
    store
        .enqueue(Change::SetRole {
            user_id: gina.clone(),
            role: Role::Advanced,
            base_version: version,
        })
        .await
        .unwrap();
    let before = store.all_users().await.unwrap();
    let page = admin
        .list_users(&UserQuery::default(), None, 3)
        .await
        .unwrap();
    assert!(page.items.iter().all(|user| user.id != gina));

    // A read broken off half-way: the cache never shows it, and it leaves nothing behind.
    let mut read = store.begin_full_read().await.unwrap();
    read.add_users(&page.items[..2]).await.unwrap();
    assert_eq!(
        store.all_users().await.unwrap(),
        before,
        "not shown half-way"
    );
    read.abandon().await.unwrap();
    assert_eq!(store.all_users().await.unwrap(), before, "as it was");
    assert_eq!(staged_rows(&path).await, 0);

    // A finished read is the cache, whole: a user listed on two pages is kept once, and the
    // user with a queued change keeps it on top.
    let organisations = admin.all_organisations().await.unwrap();
    let mut read = store.begin_full_read().await.unwrap();
    read.add_users(&page.items[..2]).await.unwrap();
    read.add_users(&page.items[1..]).await.unwrap();
    let gina_now = admin.get_user(&gina).await.unwrap().value;
    read.add_users(std::slice::from_ref(&gina_now))
        .await
        .unwrap();
    read.finish(&organisations, Some("after-the-read"))
        .await
        .unwrap();
    let mut cached: Vec<String> = store
        .all_users()
        .await
        .unwrap()
        .into_iter()
        .map(|user| user.id)
        .collect();
    cached.sort();
    let mut expected: Vec<String> = page.items.iter().map(|user| user.id.clone()).collect();
    expected.push(gina.clone());
    expected.sort();
    assert_eq!(cached, expected);
    let gina_cached = store.user(&gina).await.unwrap().unwrap();
    assert_eq!(
        gina_cached.role,
        Role::Advanced,
        "the queued change stays on top"
    );
    assert_eq!(store.outbox().await.unwrap().len(), 1, "and stays queued");
    assert_eq!(
        store.sync_state().await.unwrap().cursor.as_deref(),
        Some("after-the-read")
    );
    assert_eq!(staged_rows(&path).await, 0);
    assert_eq!(
        store.organisations().await.unwrap().len(),
        organisations.len()
    );
}

#[tokio::test]
async fn one_sender_of_the_outbox_at_a_time() {
    let setup = Setup::new(econnect_sandbox::Seed::Demo).await;
    let admin = setup.admin();
    let store = setup.store().await;
    sync(&store, &admin).await.unwrap();
    let gina = user_id(&admin, "gina").await;
    store
        .enqueue(Change::RevokeInvitation {
            user_id: gina.clone(),
        })
        .await
        .unwrap();
    // An import holding the right to send: the background sync's push waits for it, and
    // sends nothing meanwhile.
    let sending = store.sending().await;
    let waiting =
        tokio::time::timeout(std::time::Duration::from_millis(300), push(&store, &admin)).await;
    assert!(waiting.is_err(), "the push waited");
    assert_eq!(store.outbox().await.unwrap().len(), 1, "nothing was sent");
    drop(sending);
    let report = push(&store, &admin).await.unwrap();
    assert_eq!(report.pushed, 1, "{report:?}");
    assert!(store.outbox().await.unwrap().is_empty());
}
