//! Inviting, adding directly, resending, revoking; idempotency.

use reqwest::Method;
use serde_json::json;

use crate::support::{ADVANCED, BASIC, INVITED, Sandbox};

#[tokio::test]
async fn an_invitation_makes_a_basic_invited_user_and_one_email() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let created = admin
        .invite(json!({"email": "  New.Colleague@Acme.example "}))
        .await
        .expect(201, "invite");
    assert_eq!(created.body["email"], "new.colleague@acme.example");
    assert_eq!(created.body["role"], "basic", "Basic unless given");
    assert_eq!(created.body["status"], "invited");
    assert_eq!(
        created.body["invitation"]["invitedBy"],
        "ada.admin@acme.example"
    );
    assert_eq!(created.body["invitation"]["method"], "email");
    let mails = sandbox.outbox();
    assert_eq!(mails.len(), 1, "one email");
    let (path, text) = &mails[0];
    assert!(
        path.to_string_lossy()
            .contains("invitation-new.colleague@acme.example"),
        "{path:?}"
    );
    assert!(text.contains("To: new.colleague@acme.example"), "{text}");
    assert!(text.contains("/activate/"), "{text}");
}

#[tokio::test]
async fn an_invitation_grants_role_and_organisations_in_one_step() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let finance = admin.organisation_id("Acme Finance").await;
    let retail = admin.organisation_id("Acme Retail BV").await;
    let created = admin
        .invite(json!({
            "email": "controller@acme.example",
            "role": "advanced",
            "organisations": [
                {"organisationId": finance, "level": "administrator"},
                {"organisationId": retail, "level": "member"}
            ]
        }))
        .await
        .expect(201, "invite with organisations");
    assert_eq!(created.body["role"], "advanced");
    let memberships = created.body["memberships"].as_array().unwrap();
    assert_eq!(memberships.len(), 2, "{memberships:?}");
    assert!(memberships.contains(&json!({"organisationId": finance, "level": "administrator"})));
    admin
        .invite(json!({"email": "x@acme.example", "organisations": [{"organisationId": "nope", "level": "member"}]}))
        .await
        .expect_problem(422, "validation_failed", "unknown organisation");
    admin
        .invite(json!({"email": "y@acme.example", "organisations": [
            {"organisationId": finance, "level": "member"}, {"organisationId": finance, "level": "administrator"}]}))
        .await
        .expect_problem(422, "validation_failed", "organisation twice");
    assert!(
        admin.get("/users?q=x@acme.example").await.body["items"]
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing half-applied"
    );
}

#[tokio::test]
async fn nobody_is_invited_twice() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let again = admin
        .invite(json!({"email": INVITED}))
        .await
        .expect_problem(409, "already_invited", "pending");
    assert_eq!(again.body["hint"], "resend the invitation instead");
    admin
        .invite(json!({"email": BASIC.to_uppercase()}))
        .await
        .expect_problem(409, "already_user", "user");
}

#[tokio::test]
async fn invalid_addresses_are_refused_with_a_reason() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    for bad in ["not-an-address", "a@b", "Ada <ada@acme.example>", ""] {
        admin
            .invite(json!({"email": bad}))
            .await
            .expect_problem(422, "invalid_email", bad);
    }
    admin
        .invite(json!({"email": "ok@acme.example", "role": "owner"}))
        .await
        .expect_problem(422, "validation_failed", "unknown role");
}

#[tokio::test]
async fn a_shared_domain_needs_add_directly() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let refused = admin
        .invite(json!({"email": "new.person@globex.example"}))
        .await
        .expect_problem(
            422,
            "shared_email_domain",
            "email invitation to a shared domain",
        );
    assert!(
        refused.body["hint"].as_str().unwrap().contains("directly"),
        "{}",
        refused.body
    );
    assert!(
        sandbox.outbox().is_empty(),
        "no email for a refused invitation"
    );
    let added = admin
        .invite(
            json!({"email": "new.person@globex.example", "method": "direct", "role": "advanced"}),
        )
        .await
        .expect(201, "add directly");
    assert_eq!(added.body["status"], "active", "the account exists at once");
    assert!(added.body["invitation"].is_null());
    let mails = sandbox.outbox();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].0.to_string_lossy().contains("set-password"),
        "{:?}",
        mails[0].0
    );
}

#[tokio::test]
async fn a_replayed_invitation_returns_the_first_result_and_sends_no_second_email() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let body = json!({"email": "once@acme.example", "role": "advanced"});
    let key = [("Idempotency-Key", "invite-once-1")];
    let first = admin
        .send(Method::POST, "/invitations", Some(body.clone()), &key)
        .await
        .expect(201, "first");
    let second = admin
        .send(Method::POST, "/invitations", Some(body.clone()), &key)
        .await
        .expect(201, "replay");
    assert_eq!(first.body, second.body, "the replay is the first answer");
    assert_eq!(sandbox.outbox().len(), 1, "one email");
    let other = json!({"email": "other@acme.example"});
    admin
        .send(Method::POST, "/invitations", Some(other), &key)
        .await
        .expect_problem(422, "idempotency_key_reused", "same key, different request");
    // Without the key, a retry is a new request and meets the duplicate rule.
    admin
        .invite(body)
        .await
        .expect_problem(409, "already_invited", "no key");
}

#[tokio::test]
async fn resend_renews_the_expiry_and_the_link() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    admin
        .invite(json!({"email": "slow.reader@acme.example"}))
        .await
        .expect(201, "invite");
    let first_link = sandbox.activation_link("slow.reader@acme.example");
    let id = admin.user_id("slow.reader@acme.example").await;
    let before = admin.user("slow.reader@acme.example").await["invitation"]["expiresAt"].clone();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let key = [("Idempotency-Key", "resend-1")];
    let resent = admin
        .send(
            Method::POST,
            &format!("/users/{id}/invitation/resend"),
            None,
            &key,
        )
        .await
        .expect(200, "resend");
    admin
        .send(
            Method::POST,
            &format!("/users/{id}/invitation/resend"),
            None,
            &key,
        )
        .await
        .expect(200, "replayed resend");
    assert!(
        resent.body["invitation"]["expiresAt"].as_str() > before.as_str(),
        "expiry renewed"
    );
    assert_eq!(sandbox.outbox().len(), 2, "the replay sent nothing");
    let second_link = sandbox.activation_link("slow.reader@acme.example");
    assert_ne!(first_link, second_link);
    let old = sandbox.http.get(&first_link).send().await.unwrap();
    assert_eq!(old.status(), 404, "the old link no longer works");

    let bram = admin.user_id(BASIC).await;
    admin
        .post(&format!("/users/{bram}/invitation/resend"), json!(null))
        .await
        .expect_problem(409, "not_pending", "resend to an active user");
}

#[tokio::test]
async fn revoke_removes_a_pending_invitation_only() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let gina = admin.user_id(INVITED).await;
    admin
        .delete(&format!("/users/{gina}/invitation"))
        .await
        .expect(204, "revoke");
    admin
        .get(&format!("/users/{gina}"))
        .await
        .expect_problem(404, "not_found", "revoked");
    admin
        .delete(&format!("/users/{gina}/invitation"))
        .await
        .expect_problem(404, "not_found", "twice");
    let chris = admin.user_id(ADVANCED).await;
    admin
        .delete(&format!("/users/{chris}/invitation"))
        .await
        .expect_problem(409, "not_pending", "revoke an active user");
    sandbox
        .caller(ADVANCED)
        .await
        .delete(&format!(
            "/users/{}/invitation",
            admin.user_id("ilse.dekker@acme.example").await
        ))
        .await
        .expect_problem(403, "forbidden", "only administrators revoke");
}
