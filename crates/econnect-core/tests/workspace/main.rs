//! The workspace (what the app's screens call) against the real sandbox on loopback: changes
//! with a result per item, address checks, invitations, offboarding, the insight fix, and a
//! change made while the platform is down that lands once it is back.

// Test helpers panic with the failing value on purpose.
#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;

use econnect_api::BulkOptions;
use econnect_api::{ApiClient, ClientOptions, Credentials, Endpoints, Secret};
use econnect_contract::ErrorCode;
use econnect_core::workspace::{AddressProblem, AddressWarning, Invitations};
use econnect_core::{ChangeOutcome, Workspace};
use econnect_domain::{InvitationMethod, MembershipLevel, Role, UserStatus};
use econnect_sandbox::{RunningSandbox, SandboxOptions, Seed};
use econnect_store::{Change, SearchQuery};

mod import;
mod many;

struct Setup {
    sandbox: Option<RunningSandbox>,
    sandbox_dir: tempfile::TempDir,
    data_dir: tempfile::TempDir,
    port: u16,
}

impl Setup {
    async fn new() -> Self {
        let sandbox_dir = tempfile::tempdir().unwrap();
        let mut options = SandboxOptions::new(sandbox_dir.path());
        options.seed = Some(Seed::Demo);
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

    fn sandbox(&self) -> &RunningSandbox {
        self.sandbox.as_ref().unwrap()
    }

    async fn workspace(&self) -> Workspace {
        self.workspace_as(&self.sandbox().info.admin_email.clone(), "Test")
            .await
    }

    /// A workspace signed in as this seeded person (each their own cache).
    async fn workspace_as(&self, email: &str, environment: &str) -> Workspace {
        self.workspace_with(email, environment, 2).await
    }

    /// A workspace whose client tries each request up to `max_attempts` times.
    async fn workspace_with(&self, email: &str, environment: &str, max_attempts: u32) -> Workspace {
        let info = &self.sandbox().info;
        let client = ApiClient::new(
            Endpoints::new(&info.api_url, &info.identity_url).unwrap(),
            Credentials {
                client_id: info.client_id.clone(),
                client_secret: Secret::new(info.client_secret.clone()),
                user: Some((email.to_owned(), Secret::new(info.demo_password.clone()))),
            },
            ClientOptions {
                base_backoff: std::time::Duration::from_millis(10),
                max_backoff: std::time::Duration::from_millis(50),
                max_attempts,
                ..ClientOptions::default()
            },
        )
        .unwrap();
        let workspace = Workspace::open(self.data_dir.path(), environment, client)
            .await
            .unwrap();
        let report = workspace.sync().await.unwrap();
        assert!(report.full && !report.offline, "{report:?}");
        workspace
    }

    async fn stop_sandbox(&mut self) {
        self.sandbox.take().unwrap().stop().await;
    }

    async fn restart_sandbox(&mut self) {
        let mut options = SandboxOptions::new(self.sandbox_dir.path());
        options.listen = SocketAddr::from(([127, 0, 0, 1], self.port));
        self.sandbox = Some(econnect_sandbox::start(options).await.unwrap());
    }
}

async fn user_id(workspace: &Workspace, email: &str) -> String {
    workspace
        .store()
        .user_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn platform_user(workspace: &Workspace, id: &str) -> Option<econnect_contract::User> {
    match workspace.client().get_user(id).await {
        Ok(user) => Some(user.value),
        Err(error) if error.code() == Some(econnect_contract::ErrorCode::NotFound) => None,
        Err(error) => panic!("{error}"),
    }
}

#[tokio::test]
async fn each_change_gets_its_own_result_and_progress_is_reported() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    let bram = user_id(&workspace, "bram.devries@acme.example").await;
    let ada = user_id(&workspace, "ada.admin@acme.example").await;
    let mut progress = Vec::new();
    let outcomes = workspace
        .apply(
            vec![
                Change::SetRole {
                    user_id: bram.clone(),
                    role: Role::Advanced,
                    base_version: 0,
                },
                // The only administrator: refused here, before anything is sent.
                Change::SetRole {
                    user_id: ada.clone(),
                    role: Role::Basic,
                    base_version: 0,
                },
                Change::SetBlocked {
                    user_id: bram.clone(),
                    blocked: true,
                    base_version: 0,
                },
            ],
            &mut |done, total| progress.push((done, total)),
        )
        .await
        .unwrap();
    assert_eq!(outcomes[0], ChangeOutcome::Done, "{outcomes:?}");
    assert!(
        matches!(&outcomes[1], ChangeOutcome::Refused { reason, .. } if reason.contains("administrator")),
        "{outcomes:?}"
    );
    assert_eq!(outcomes[2], ChangeOutcome::Done, "{outcomes:?}");
    assert_eq!(progress.last(), Some(&(3, 3)), "{progress:?}");
    let on_platform = platform_user(&workspace, &bram).await.unwrap();
    assert_eq!(
        (on_platform.role, on_platform.status),
        (Role::Advanced, UserStatus::Blocked)
    );
    assert_eq!(
        platform_user(&workspace, &ada).await.unwrap().role,
        Role::Administrator
    );
    let detail = workspace.user_detail(&ada).await.unwrap();
    assert!(detail.last_administrator, "Ada is the only administrator");
    assert!(
        !workspace
            .user_detail(&bram)
            .await
            .unwrap()
            .last_administrator
    );
}

#[tokio::test]
async fn a_pasted_list_is_checked_before_anything_is_sent() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    let checks = workspace
        .check_addresses(
            "New Person <new.person@acme.example>; new.person@acme.example, someone@gmail.com\n\
             bram.devries@acme.example gina.peters@acme.example not-an-address partner@elsewhere.example",
        )
        .await
        .unwrap();
    let verdicts: Vec<_> = checks
        .iter()
        .map(|check| {
            (
                check.email.clone().unwrap_or(check.input.clone()),
                check.problem.clone(),
                check.warnings.clone(),
            )
        })
        .collect();
    assert_eq!(verdicts.len(), 7, "{verdicts:?}");
    assert_eq!(
        verdicts[0],
        ("new.person@acme.example".to_owned(), None, vec![])
    );
    assert_eq!(verdicts[1].1, Some(AddressProblem::Duplicate));
    assert_eq!(verdicts[2].2, vec![AddressWarning::FreeMail]);
    assert_eq!(verdicts[3].1, Some(AddressProblem::AlreadyUser));
    assert_eq!(verdicts[4].1, Some(AddressProblem::AlreadyInvited));
    assert!(
        matches!(verdicts[5].1, Some(AddressProblem::Invalid(_))),
        "{verdicts:?}"
    );
    assert_eq!(verdicts[6].2, vec![AddressWarning::UnfamiliarDomain]);
}

#[tokio::test]
async fn inviting_a_list_gives_one_result_per_address_and_a_shared_domain_is_named() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    let finance = workspace
        .store()
        .organisation_summaries()
        .await
        .unwrap()
        .into_iter()
        .find(|organisation| organisation.name == "Acme Finance")
        .unwrap();
    let results = workspace
        .invite(
            &Invitations {
                addresses: "first@acme.example, first@acme.example; second@acme.example\nsomeone@globex.example".to_owned(),
                role: Role::Advanced,
                method: InvitationMethod::Email,
                organisations: vec![econnect_contract::OrganisationGrant {
                    organisation_id: finance.id.clone(),
                    level: MembershipLevel::Member,
                }],
            },
            &BulkOptions::default(),
            &mut |_, _| {},
        )
        .await
        .unwrap();
    let emails: Vec<&str> = results.iter().map(|(email, _)| email.as_str()).collect();
    assert_eq!(
        emails,
        [
            "first@acme.example",
            "first@acme.example",
            "second@acme.example",
            "someone@globex.example"
        ]
    );
    assert_eq!(results[0].1, ChangeOutcome::Done);
    assert!(
        matches!(&results[1].1, ChangeOutcome::Refused { reason, .. } if reason.contains("twice")),
        "{results:?}"
    );
    assert_eq!(results[2].1, ChangeOutcome::Done);
    assert!(
        matches!(&results[3].1, ChangeOutcome::Refused { code: Some(code), .. } if *code == ErrorCode::SharedEmailDomain),
        "{results:?}"
    );
    let first = workspace
        .store()
        .user_by_email("first@acme.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (first.role, first.status),
        (Role::Advanced, UserStatus::Invited)
    );
    assert_eq!(first.memberships.len(), 1);
    assert!(
        workspace
            .store()
            .user_by_email("someone@globex.example")
            .await
            .unwrap()
            .is_none()
    );
    // Added directly instead, the shared-domain address works.
    let retried = workspace
        .invite(
            &Invitations {
                addresses: "someone@globex.example".to_owned(),
                role: Role::Basic,
                method: InvitationMethod::Direct,
                organisations: vec![],
            },
            &BulkOptions::default(),
            &mut |_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(retried[0].1, ChangeOutcome::Done, "{retried:?}");
}

#[tokio::test]
async fn offboarding_removes_memberships_then_the_account_but_never_the_last_administrator() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    let dana = workspace
        .store()
        .user_by_email("dana.bakker@acme.example")
        .await
        .unwrap()
        .unwrap();
    assert!(
        !dana.memberships.is_empty(),
        "the demo gives Dana memberships"
    );
    let changes = workspace.offboarding_changes(&dana.id).await.unwrap();
    assert_eq!(changes.len(), dana.memberships.len() + 1);
    let outcomes = workspace.apply(changes, &mut |_, _| {}).await.unwrap();
    assert!(
        outcomes
            .iter()
            .all(|outcome| *outcome == ChangeOutcome::Done),
        "{outcomes:?}"
    );
    assert!(
        platform_user(&workspace, &dana.id).await.is_none(),
        "Dana is gone from the platform"
    );
    assert!(
        workspace.store().user(&dana.id).await.unwrap().is_none(),
        "and from the cache"
    );
    let ada = user_id(&workspace, "ada.admin@acme.example").await;
    let refused = workspace.offboarding_changes(&ada).await.unwrap_err();
    assert!(
        refused.to_string().contains("last administrator"),
        "{refused}"
    );
    assert_eq!(
        refused.platform_code(),
        Some(ErrorCode::LastAdministrator),
        "refused here with the platform's code, so every surface shows it by code"
    );
}

/// The app's invite command and `ecadmin invite` are this one call: it sends through the
/// bulk path, several invitations in flight at once (seen by the sandbox), each exactly once.
#[tokio::test]
async fn invitations_go_through_the_bulk_path() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    setup.sandbox().set_faults(econnect_sandbox::FaultConfig {
        latency_ms: 150,
        ..Default::default()
    });
    setup.sandbox().reset_stats();
    let addresses: Vec<String> = (0..12).map(|i| format!("bulk{i}@acme.example")).collect();
    let mut progress = Vec::new();
    let results = workspace
        .invite(
            &Invitations {
                addresses: addresses.join("\n"),
                role: Role::Basic,
                method: InvitationMethod::Email,
                organisations: vec![],
            },
            &BulkOptions::default(),
            &mut |done, total| progress.push((done, total)),
        )
        .await
        .unwrap();
    assert!(
        results
            .iter()
            .all(|(_, outcome)| *outcome == ChangeOutcome::Done),
        "{results:?}"
    );
    assert_eq!(progress.last(), Some(&(12, 12)), "{progress:?}");
    let stats = setup.sandbox().stats();
    let invitations = &stats.routes["POST /api/v1/invitations"];
    assert_eq!(
        invitations.requests, 12,
        "each invitation sent once: {stats:?}"
    );
    assert!(
        invitations.peak_in_flight > 1,
        "the invitations went one at a time, not through the bulk path: {stats:?}"
    );
    assert!(workspace.store().outbox().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_insight_fix_clears_flags_that_have_no_effect() {
    let setup = Setup::new().await;
    let workspace = setup.workspace().await;
    assert_eq!(
        workspace
            .store()
            .status_counts()
            .await
            .unwrap()
            .ineffective_relationship_managers,
        1
    );
    let changes = workspace
        .ineffective_relationship_manager_changes()
        .await
        .unwrap();
    assert_eq!(changes.len(), 1);
    let outcomes = workspace.apply(changes, &mut |_, _| {}).await.unwrap();
    assert_eq!(outcomes, [ChangeOutcome::Done]);
    assert_eq!(
        workspace
            .store()
            .status_counts()
            .await
            .unwrap()
            .ineffective_relationship_managers,
        0
    );
    let dana = user_id(&workspace, "dana.bakker@acme.example").await;
    assert!(
        !platform_user(&workspace, &dana)
            .await
            .unwrap()
            .relationship_manager
    );
    let page = workspace
        .store()
        .search(&SearchQuery {
            ineffective_relationship_manager: true,
            limit: 10,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 0);
}

#[tokio::test]
async fn a_change_made_while_the_platform_is_down_is_queued_and_lands_when_it_is_back() {
    let mut setup = Setup::new().await;
    let workspace = setup.workspace().await;
    let eva = user_id(&workspace, "eva.smit@acme.example").await;
    setup.stop_sandbox().await;
    let outcomes = workspace
        .apply(
            vec![Change::SetRole {
                user_id: eva.clone(),
                role: Role::Advanced,
                base_version: 0,
            }],
            &mut |_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(outcomes, [ChangeOutcome::Queued]);
    let state = workspace.store().connection_state().await.unwrap();
    assert!(
        state.offline_since.is_some() && state.n_pending == 1,
        "{state:?}"
    );
    assert_eq!(
        workspace.store().user(&eva).await.unwrap().unwrap().role,
        Role::Advanced,
        "shown at once"
    );
    setup.restart_sandbox().await;
    let report = workspace.sync().await.unwrap();
    assert!(!report.offline && report.pushed == 1, "{report:?}");
    assert_eq!(
        platform_user(&workspace, &eva).await.unwrap().role,
        Role::Advanced
    );
    let state = workspace.store().connection_state().await.unwrap();
    assert!(
        state.offline_since.is_none() && state.n_pending == 0,
        "{state:?}"
    );
}

/// An organisation administrator who is not an environment administrator may not read the
/// user list or the change feed; their workspace still syncs, holding the organisation they
/// administer and its members (with only that organisation's memberships), and their changes
/// to its members land — sync after sync.
#[tokio::test]
async fn an_organisation_administrator_works_on_their_organisations() {
    let setup = Setup::new().await;
    let dana = setup.workspace_as("dana.bakker@acme.example", "Dana").await;
    let organisations = dana.store().organisations().await.unwrap();
    let names: Vec<&str> = organisations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Acme Finance"]);
    let finance = organisations[0].id.clone();
    let everyone = SearchQuery {
        limit: 100,
        ..SearchQuery::default()
    };
    let page = dana.store().search(&everyone).await.unwrap();
    assert_eq!(page.total, 3);
    let mut emails: Vec<String> = page.rows.iter().map(|row| row.email.clone()).collect();
    emails.sort();
    assert_eq!(
        emails,
        [
            "bram.devries@acme.example",
            "dana.bakker@acme.example",
            "jan.kantoor@jansen-accountants.example"
        ]
    );
    let jan = dana
        .store()
        .user_by_email("jan.kantoor@jansen-accountants.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        jan.memberships.len(),
        1,
        "only Finance: {:?}",
        jan.memberships
    );

    let bram = user_id(&dana, "bram.devries@acme.example").await;
    let outcomes = dana
        .apply(
            vec![Change::SetMember {
                organisation_id: finance.clone(),
                user_id: bram.clone(),
                level: MembershipLevel::Administrator,
            }],
            &mut |_, _| {},
        )
        .await
        .unwrap();
    assert_eq!(outcomes, [ChangeOutcome::Done]);
    // What an environment administrator sees, from the platform.
    let admin = setup.workspace().await;
    let bram_now = platform_user(&admin, &bram).await.unwrap();
    assert!(
        bram_now
            .memberships
            .iter()
            .any(|m| m.organisation_id == finance && m.level == MembershipLevel::Administrator),
        "{bram_now:?}"
    );
    // A later round reads the scope again (there is no change feed to follow).
    let report = dana.sync().await.unwrap();
    assert!(report.full && !report.offline, "{report:?}");
    let bram_cached = dana.store().user(&bram).await.unwrap().unwrap();
    assert_eq!(
        bram_cached.memberships[0].level,
        MembershipLevel::Administrator
    );
}
