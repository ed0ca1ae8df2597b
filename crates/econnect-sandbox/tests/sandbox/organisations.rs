//! Organisations and who may manage their members.

use reqwest::Method;
use serde_json::json;

use crate::support::{ADVANCED, BASIC, NO_ORGANISATION, ORG_ADMIN, Sandbox};

#[tokio::test]
async fn administrators_create_organisations_with_unique_names() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let created = admin
        .post("/organisations", json!({"name": "Acme Export"}))
        .await
        .expect(201, "create");
    assert_eq!(
        (
            created.body["name"].as_str(),
            created.body["memberCount"].as_u64()
        ),
        (Some("Acme Export"), Some(0))
    );
    admin
        .post("/organisations", json!({"name": "Acme Export"}))
        .await
        .expect_problem(409, "already_exists", "same name");
    admin
        .post("/organisations", json!({"name": "  "}))
        .await
        .expect_problem(422, "validation_failed", "blank");
    sandbox
        .caller(ORG_ADMIN)
        .await
        .post("/organisations", json!({"name": "Shadow IT"}))
        .await
        .expect_problem(
            403,
            "forbidden",
            "an organisation administrator is not an environment administrator",
        );
    let replayed = admin
        .send(
            Method::POST,
            "/organisations",
            Some(json!({"name": "Acme Labs"})),
            &[("Idempotency-Key", "org-1")],
        )
        .await
        .expect(201, "with key");
    let again = admin
        .send(
            Method::POST,
            "/organisations",
            Some(json!({"name": "Acme Labs"})),
            &[("Idempotency-Key", "org-1")],
        )
        .await
        .expect(201, "replay");
    assert_eq!(replayed.body["id"], again.body["id"]);
}

#[tokio::test]
async fn members_are_added_relevelled_and_removed_keeping_the_account() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let logistics = admin.organisation_id("Acme Logistics").await;
    let eva = admin.user_id(NO_ORGANISATION).await;
    let path = format!("/organisations/{logistics}/members/{eva}");
    let added = admin
        .send(Method::PUT, &path, Some(json!({"level": "member"})), &[])
        .await
        .expect(200, "add");
    assert_eq!(
        (added.body["level"].as_str(), added.body["email"].as_str()),
        (Some("member"), Some(NO_ORGANISATION))
    );
    admin
        .send(Method::PUT, &path, Some(json!({"level": "member"})), &[])
        .await
        .expect(200, "idempotent");
    admin
        .send(
            Method::PUT,
            &path,
            Some(json!({"level": "administrator"})),
            &[],
        )
        .await
        .expect(200, "change level");
    let members = admin
        .get(&format!("/organisations/{logistics}/members"))
        .await
        .expect(200, "members");
    let eva_row = members.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["userId"] == eva.as_str())
        .cloned();
    assert_eq!(eva_row.unwrap()["level"], "administrator");
    assert_eq!(
        admin.user(NO_ORGANISATION).await["memberships"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    admin
        .delete(&path)
        .await
        .expect(204, "remove from organisation");
    admin
        .delete(&path)
        .await
        .expect_problem(404, "not_found", "not a member any more");
    let eva_now = admin.user(NO_ORGANISATION).await;
    assert_eq!(eva_now["status"], "active", "the account stays");
    assert!(eva_now["memberships"].as_array().unwrap().is_empty());
    admin
        .send(Method::PUT, &path, Some(json!({"level": "owner"})), &[])
        .await
        .expect_problem(422, "validation_failed", "bad level");
    admin
        .send(
            Method::PUT,
            &format!("/organisations/nope/members/{eva}"),
            Some(json!({"level": "member"})),
            &[],
        )
        .await
        .expect_problem(404, "not_found", "unknown organisation");
}

#[tokio::test]
async fn organisation_administrators_manage_only_their_organisations() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let dana = sandbox.caller(ORG_ADMIN).await; // Basic user, administrator of Acme Finance
    let finance = admin.organisation_id("Acme Finance").await;
    let logistics = admin.organisation_id("Acme Logistics").await;
    let eva = admin.user_id(NO_ORGANISATION).await;
    let me = dana.get("/me").await.expect(200, "me");
    assert_eq!(
        me.body["permissions"]["administeredOrganisationIds"],
        json!([finance])
    );
    assert_eq!(me.body["permissions"]["canInvite"], false);

    dana.send(
        Method::PUT,
        &format!("/organisations/{finance}/members/{eva}"),
        Some(json!({"level": "member"})),
        &[],
    )
    .await
    .expect(200, "own organisation");
    dana.delete(&format!("/organisations/{finance}/members/{eva}"))
        .await
        .expect(204, "remove in own organisation");
    dana.send(
        Method::PUT,
        &format!("/organisations/{logistics}/members/{eva}"),
        Some(json!({"level": "member"})),
        &[],
    )
    .await
    .expect_problem(403, "forbidden", "another organisation");
    let bram = sandbox.caller(BASIC).await; // a plain member of Finance
    bram.send(
        Method::PUT,
        &format!("/organisations/{finance}/members/{eva}"),
        Some(json!({"level": "member"})),
        &[],
    )
    .await
    .expect_problem(403, "forbidden", "a member may not manage members");
    // An environment administrator needs no membership to manage any organisation.
    let chris = admin.user_id(ADVANCED).await;
    admin
        .send(
            Method::PUT,
            &format!("/organisations/{finance}/members/{chris}"),
            Some(json!({"level": "member"})),
            &[],
        )
        .await
        .expect(200, "environment administrator");
}
