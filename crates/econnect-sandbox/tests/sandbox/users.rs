//! Users: paging, filters, ETags, updates and administrator safety.

use reqwest::Method;
use serde_json::json;

use crate::support::{ADVANCED, BASIC, BLOCKED, INVITED, Sandbox};

#[tokio::test]
async fn pages_through_every_user_with_cursors() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/users?limit=3&cursor={cursor}"),
            None => "/users?limit=3".to_owned(),
        };
        let page = admin.get(&path).await.expect(200, "page");
        pages += 1;
        for item in page.body["items"].as_array().unwrap() {
            seen.push(item["email"].as_str().unwrap().to_owned());
        }
        match page.body["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let all = admin.get("/users?limit=1000").await.expect(200, "all");
    let n_all = all.body["items"].as_array().unwrap().len();
    assert_eq!(seen.len(), n_all, "paging returns every user once");
    assert_eq!(pages, n_all.div_ceil(3));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), n_all, "no user twice");
    assert!(
        seen.iter().all(|email| !email.ends_with("globex.example")),
        "another environment's users leak: {seen:?}"
    );
}

#[tokio::test]
async fn filters_by_status_role_text_and_organisation() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let emails = |reply: crate::support::Reply| -> Vec<String> {
        reply.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["email"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        emails(
            admin
                .get("/users?status=blocked")
                .await
                .expect(200, "blocked")
        ),
        [BLOCKED]
    );
    let invited = emails(
        admin
            .get("/users?status=invited")
            .await
            .expect(200, "invited"),
    );
    assert_eq!(invited.len(), 3, "{invited:?}");
    assert_eq!(
        emails(
            admin
                .get("/users?role=administrator")
                .await
                .expect(200, "admins")
        ),
        ["ada.admin@acme.example"]
    );
    // Name or email, case-insensitive: Chris Jansen by name, Jan by his jansen-accountants address.
    assert_eq!(
        emails(admin.get("/users?q=JANSEN").await.expect(200, "text")),
        [ADVANCED, "jan.kantoor@jansen-accountants.example"]
    );
    assert_eq!(
        emails(admin.get("/users?q=chris").await.expect(200, "text")),
        [ADVANCED]
    );
    let finance = admin.organisation_id("Acme Finance").await;
    let members = emails(
        admin
            .get(&format!("/users?organisationId={finance}"))
            .await
            .expect(200, "org"),
    );
    assert_eq!(members.len(), 3, "{members:?}");
    admin.get("/users?status=sleeping").await.expect_problem(
        422,
        "validation_failed",
        "bad status",
    );
    admin
        .get("/users?limit=0")
        .await
        .expect_problem(422, "validation_failed", "bad limit");
}

#[tokio::test]
async fn pending_invitations_carry_who_when_and_expiry() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let gina = admin.user(INVITED).await;
    assert_eq!(gina["status"], "invited");
    assert_eq!(gina["invitation"]["invitedBy"], "ada.admin@acme.example");
    assert!(
        gina["invitation"]["invitedAt"].is_string() && gina["invitation"]["expiresAt"].is_string()
    );
    let bram = admin.user(BASIC).await;
    assert!(
        bram["invitation"].is_null(),
        "an active user has no pending invitation"
    );
    assert_eq!(bram["memberships"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn updates_need_the_current_etag() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let id = admin.user_id(BASIC).await;
    let read = admin.get(&format!("/users/{id}")).await.expect(200, "read");
    let etag = read.headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"{}\"", read.body["version"]));

    admin
        .send(
            Method::PATCH,
            &format!("/users/{id}"),
            Some(json!({"role": "advanced"})),
            &[],
        )
        .await
        .expect_problem(428, "precondition_required", "no If-Match");
    let updated = admin
        .send(
            Method::PATCH,
            &format!("/users/{id}"),
            Some(json!({"role": "advanced"})),
            &[("If-Match", &etag)],
        )
        .await
        .expect(200, "with the ETag");
    assert_eq!(updated.body["role"], "advanced");
    assert_ne!(
        updated.headers["etag"].to_str().unwrap(),
        etag,
        "a new version"
    );
    // Another administrator working from the old read must not overwrite.
    let stale = admin
        .send(
            Method::PATCH,
            &format!("/users/{id}"),
            Some(json!({"role": "basic"})),
            &[("If-Match", &etag)],
        )
        .await
        .expect_problem(412, "stale_version", "stale ETag");
    assert!(stale.body["detail"].as_str().unwrap().contains(BASIC));
    assert_eq!(
        admin.user(BASIC).await["role"],
        "advanced",
        "nothing overwritten"
    );
    admin
        .send(
            Method::DELETE,
            &format!("/users/{id}"),
            None,
            &[("If-Match", &etag)],
        )
        .await
        .expect_problem(412, "stale_version", "stale delete");
    admin
        .patch_user(&id, json!({"colour": "red"}))
        .await
        .expect_problem(422, "validation_failed", "unknown field");
    admin
        .patch_user(&id, json!({}))
        .await
        .expect_problem(422, "validation_failed", "empty patch");
}

#[tokio::test]
async fn the_last_administrator_cannot_be_demoted_blocked_or_removed() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let ada = admin.user_id("ada.admin@acme.example").await;
    for (patch, what) in [
        (json!({"role": "advanced"}), "demote"),
        (json!({"blocked": true}), "block"),
    ] {
        let refused =
            admin
                .patch_user(&ada, patch)
                .await
                .expect_problem(409, "last_administrator", what);
        assert!(
            refused.body["detail"]
                .as_str()
                .unwrap()
                .contains("last administrator")
        );
    }
    admin
        .delete_user(&ada)
        .await
        .expect_problem(409, "last_administrator", "remove");
    assert_eq!(
        admin.user("ada.admin@acme.example").await["role"],
        "administrator"
    );

    // With a second administrator it becomes possible.
    let chris = admin.user_id(ADVANCED).await;
    admin
        .patch_user(&chris, json!({"role": "administrator"}))
        .await
        .expect(200, "second admin");
    admin
        .patch_user(&ada, json!({"role": "advanced"}))
        .await
        .expect(200, "now ada may step down");
    // Chris is now the last one.
    let chris_caller = sandbox.caller(ADVANCED).await;
    chris_caller
        .patch_user(&chris, json!({"blocked": true}))
        .await
        .expect_problem(409, "last_administrator", "self-block of the last admin");
}

#[tokio::test]
async fn blocked_and_invited_administrators_do_not_count() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let invited = admin
        .invite(json!({"email": "future.admin@acme.example", "role": "administrator"}))
        .await
        .expect(201, "invite an admin");
    assert_eq!(invited.body["role"], "administrator");
    let ada = admin.user_id("ada.admin@acme.example").await;
    admin
        .patch_user(&ada, json!({"role": "basic"}))
        .await
        .expect_problem(
            409,
            "last_administrator",
            "an invited admin cannot take over yet",
        );
}

/// An administrator added directly is Active at once but cannot sign in until they set a
/// password: they do not keep the environment administered, and removing them is fine.
#[tokio::test]
async fn an_administrator_added_directly_who_never_signed_in_does_not_count() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let direct = admin
        .invite(json!({"email": "direct.admin@acme.example", "role": "administrator", "method": "direct"}))
        .await
        .expect(201, "add an admin directly");
    assert_eq!(direct.body["status"], "active");
    let ada = admin.user_id("ada.admin@acme.example").await;
    for (patch, what) in [
        (
            json!({"role": "basic"}),
            "demote the only administrator who can sign in",
        ),
        (
            json!({"blocked": true}),
            "block the only administrator who can sign in",
        ),
    ] {
        admin
            .patch_user(&ada, patch)
            .await
            .expect_problem(409, "last_administrator", what);
    }
    admin.delete_user(&ada).await.expect_problem(
        409,
        "last_administrator",
        "remove the only administrator who can sign in",
    );
    // The one who never signed in can be demoted: Ada still administers.
    let direct_id = direct.body["id"].as_str().unwrap().to_owned();
    admin
        .patch_user(&direct_id, json!({"role": "basic"}))
        .await
        .expect(200, "demote the never-activated administrator");
}

#[tokio::test]
async fn only_active_or_blocked_users_can_be_blocked_or_unblocked() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let gina = admin.user_id(INVITED).await;
    admin
        .patch_user(&gina, json!({"blocked": true}))
        .await
        .expect_problem(409, "invalid_state", "block an invited user");
    let frank = admin.user_id(BLOCKED).await;
    let unblocked = admin
        .patch_user(&frank, json!({"blocked": false}))
        .await
        .expect(200, "unblock");
    assert_eq!(unblocked.body["status"], "active");
}

#[tokio::test]
async fn relationship_manager_is_granted_by_administrators_only() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let bram = admin.user_id(BASIC).await;
    let granted = admin
        .patch_user(&bram, json!({"relationshipManager": true}))
        .await
        .expect(
            200,
            "grant (stored even for a basic user, where it has no effect)",
        );
    assert_eq!(granted.body["relationshipManager"], true);
    // Chris may not read Bram either: the administrator's ETag is the one he sends.
    let etag = admin.etag_of(&bram).await;
    let chris = sandbox.caller(ADVANCED).await;
    chris
        .send(
            Method::PATCH,
            &format!("/users/{bram}"),
            Some(json!({"relationshipManager": false})),
            &[("If-Match", &etag)],
        )
        .await
        .expect_problem(403, "forbidden", "an advanced user may not");
}

#[tokio::test]
async fn removing_a_user_removes_their_memberships_and_is_404_after() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let finance = admin.organisation_id("Acme Finance").await;
    let before = admin
        .get(&format!("/organisations/{finance}"))
        .await
        .expect(200, "org")
        .body["memberCount"]
        .as_u64()
        .unwrap();
    let bram = admin.user_id(BASIC).await;
    admin.delete_user(&bram).await.expect(204, "remove");
    admin
        .get(&format!("/users/{bram}"))
        .await
        .expect_problem(404, "not_found", "gone");
    let after = admin
        .get(&format!("/organisations/{finance}"))
        .await
        .expect(200, "org")
        .body["memberCount"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before - 1);
    let invited = admin.user_id(INVITED).await;
    let etag = admin.etag_of(&invited).await;
    sandbox
        .caller(ADVANCED)
        .await
        .send(
            Method::DELETE,
            &format!("/users/{invited}"),
            None,
            &[("If-Match", &etag)],
        )
        .await
        .expect_problem(403, "forbidden", "non-admin remove");
}

#[tokio::test]
async fn environments_are_isolated() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let database = sandbox.database().await;
    let (globex_secret,): (String,) =
        sqlx::query_as("SELECT client_secret FROM clients WHERE client_id = 'globex-admin'")
            .fetch_one(&database)
            .await
            .unwrap();
    let (status, body) = sandbox
        .token_request(&[
            ("grant_type", "client_credentials"),
            ("client_id", "globex-admin"),
            ("client_secret", &globex_secret),
        ])
        .await;
    assert_eq!(status, 200);
    let globex = sandbox.caller_with_token(body["access_token"].as_str().unwrap().to_owned());
    let globex_users = globex.get("/users").await.expect(200, "globex users");
    let emails: Vec<_> = globex_users.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].clone())
        .collect();
    assert_eq!(emails, [json!("grace.hopper@globex.example")]);
    let bram = admin.user_id(BASIC).await;
    globex.get(&format!("/users/{bram}")).await.expect_problem(
        404,
        "not_found",
        "another environment's user",
    );
    globex.patch_user_unchecked(&bram).await.expect_problem(
        404,
        "not_found",
        "cannot touch another environment's user",
    );
    let finance = admin.organisation_id("Acme Finance").await;
    globex
        .get(&format!("/organisations/{finance}"))
        .await
        .expect_problem(404, "not_found", "other org");
    // Acme can invite an address that exists in Globex only by adding it directly.
    admin
        .invite(json!({"email": "grace.hopper@globex.example"}))
        .await
        .expect_problem(422, "shared_email_domain", "shared domain");
}

impl crate::support::Caller {
    async fn patch_user_unchecked(&self, id: &str) -> crate::support::Reply {
        self.send(
            Method::PATCH,
            &format!("/users/{id}"),
            Some(json!({"role": "basic"})),
            &[("If-Match", "*")],
        )
        .await
    }
}

#[tokio::test]
async fn a_patch_replayed_with_its_key_returns_the_first_result_instead_of_412() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let id = admin.user_id(BASIC).await;
    let etag = admin.get(&format!("/users/{id}")).await.headers["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    let headers = [("If-Match", etag.as_str()), ("Idempotency-Key", "patch-1")];
    let body = json!({"role": "advanced"});
    let first = admin
        .send(
            Method::PATCH,
            &format!("/users/{id}"),
            Some(body.clone()),
            &headers,
        )
        .await
        .expect(200, "first");
    let replay = admin
        .send(Method::PATCH, &format!("/users/{id}"), Some(body), &headers)
        .await
        .expect(200, "replay");
    assert_eq!(first.body, replay.body);
    let audit = admin
        .get("/audit-events?action=role_changed")
        .await
        .expect(200, "audit");
    assert_eq!(
        audit.body["items"].as_array().unwrap().len(),
        1,
        "applied once"
    );
}

/// Every update and removal names the version it was made against, strongly: no If-Match or
/// `*` is 428, a weak tag never matches (RFC 9110 §13.1.1).
#[tokio::test]
async fn updates_and_removals_need_a_strong_etag() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let eva = admin.user_id("eva.smit@acme.example").await;
    let current = admin
        .get(&format!("/users/{eva}"))
        .await
        .expect(200, "read");
    let etag = current.headers["etag"].to_str().unwrap().to_owned();
    let patch = Some(json!({"role": "advanced"}));
    let path = format!("/users/{eva}");
    let weak = format!("W/{etag}");
    for (if_match, status, code, what) in [
        (None, 428, "precondition_required", "PATCH without If-Match"),
        (Some("*"), 428, "precondition_required", "PATCH with *"),
        (
            Some(weak.as_str()),
            412,
            "stale_version",
            "PATCH with a weak tag",
        ),
    ] {
        let headers: Vec<(&str, &str)> = if_match.iter().map(|tag| ("If-Match", *tag)).collect();
        admin
            .send(Method::PATCH, &path, patch.clone(), &headers)
            .await
            .expect_problem(status, code, what);
    }
    for (if_match, what) in [
        (None, "DELETE without If-Match"),
        (Some("*"), "DELETE with *"),
    ] {
        let headers: Vec<(&str, &str)> = if_match.iter().map(|tag| ("If-Match", *tag)).collect();
        admin
            .send(Method::DELETE, &path, None, &headers)
            .await
            .expect_problem(428, "precondition_required", what);
    }
    assert_eq!(
        admin.user("eva.smit@acme.example").await["role"],
        "basic",
        "nothing changed"
    );
    admin
        .delete_user(&eva)
        .await
        .expect(204, "with the current strong ETag");
}

/// No check-then-act window: an administrator demoted while their writes are in flight gets
/// none of them in after the demotion. Each write re-reads the caller's role inside its own
/// transaction, so in the audit log every change Chris made comes before his demotion.
#[tokio::test]
async fn a_write_racing_the_callers_demotion_never_lands_after_it() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let chris_id = admin.user_id(ADVANCED).await;
    admin
        .patch_user(&chris_id, json!({"role": "administrator"}))
        .await
        .expect(200, "promote Chris");
    let chris = sandbox.caller(ADVANCED).await;
    let demotion_etag = admin.etag_of(&chris_id).await;
    let mut writes = tokio::task::JoinSet::new();
    for n in 0..80 {
        let chris = chris.clone();
        writes.spawn(async move {
            chris
                .post("/organisations", json!({"name": format!("Race {n}")}))
                .await
                .status
        });
        if n == 25 {
            let (admin, chris_id, etag) = (admin.clone(), chris_id.clone(), demotion_etag.clone());
            writes.spawn(async move {
                admin
                    .send(
                        Method::PATCH,
                        &format!("/users/{chris_id}"),
                        Some(json!({"role": "advanced"})),
                        &[("If-Match", &etag)],
                    )
                    .await
                    .status
                    + 1000
            });
        }
    }
    let statuses: Vec<u16> = writes.join_all().await;
    assert!(
        statuses.contains(&1200),
        "the demotion landed: {statuses:?}"
    );
    let events = admin
        .get("/audit-events?limit=1000")
        .await
        .expect(200, "audit")
        .body["items"]
        .as_array()
        .unwrap()
        .clone();
    // Newest first: the demotion, then (further down) everything Chris did.
    let demotion = events
        .iter()
        .position(|event| {
            event["action"] == "role_changed"
                && event["targetEmail"] == ADVANCED
                && event["actor"] == admin_email(&sandbox)
                && event["detail"]
                    .as_str()
                    .unwrap_or_default()
                    .ends_with("advanced")
        })
        .unwrap_or_else(|| panic!("no demotion in {events:?}"));
    let after: Vec<&serde_json::Value> = events[..demotion]
        .iter()
        .filter(|event| event["actor"] == ADVANCED)
        .collect();
    assert!(
        after.is_empty(),
        "Chris's changes after his demotion: {after:?}"
    );
    let refused = statuses.iter().filter(|status| **status == 403).count();
    let created = statuses.iter().filter(|status| **status == 201).count();
    assert_eq!(
        refused + created,
        80,
        "every write was answered: {statuses:?}"
    );
}

fn admin_email(sandbox: &Sandbox) -> String {
    sandbox.running.info.admin_email.clone()
}
