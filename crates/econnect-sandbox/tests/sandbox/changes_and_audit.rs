//! The change feed (delta sync) and the audit trail.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{BASIC, INVITED, NO_ORGANISATION, Sandbox};

fn kinds(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_feed_carries_only_what_changed_after_the_cursor() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let head = admin.get("/changes").await.expect(200, "head");
    assert!(head.body["items"].as_array().unwrap().is_empty());
    let cursor = head.body["nextCursor"].as_str().unwrap().to_owned();

    let bram = admin.user_id(BASIC).await;
    admin
        .patch_user(&bram, json!({"role": "advanced"}))
        .await
        .expect(200, "change 1");
    admin
        .invite(json!({"email": "delta@acme.example"}))
        .await
        .expect(201, "change 2");
    let gina = admin.user_id(INVITED).await;
    admin
        .delete(&format!("/users/{gina}/invitation"))
        .await
        .expect(204, "change 3 (deletion)");

    let changes = admin
        .get(&format!("/changes?since={cursor}"))
        .await
        .expect(200, "changes");
    // Gina was a member of Acme Retail BV: its member count changed with her removal.
    assert_eq!(
        kinds(&changes.body),
        [
            "userUpserted",
            "userUpserted",
            "userDeleted",
            "organisationUpserted"
        ]
    );
    let items = changes.body["items"].as_array().unwrap();
    assert_eq!(items[0]["user"]["role"], "advanced");
    assert_eq!(items[1]["user"]["email"], "delta@acme.example");
    assert_eq!(items[2]["userId"], gina.as_str());
    assert_eq!(items[3]["organisation"]["name"], "Acme Retail BV");
    assert_eq!(changes.body["hasMore"], false);

    let next = changes.body["nextCursor"].as_str().unwrap();
    let nothing = admin
        .get(&format!("/changes?since={next}"))
        .await
        .expect(200, "caught up");
    assert!(nothing.body["items"].as_array().unwrap().is_empty());
    assert_eq!(nothing.body["nextCursor"], next);
    admin.get("/changes?since=yesterday").await.expect_problem(
        422,
        "validation_failed",
        "bad cursor",
    );
}

#[tokio::test]
async fn the_feed_pages_and_sends_each_entity_once_per_page() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let cursor = admin.get("/changes").await.body["nextCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let eva = admin.user_id(NO_ORGANISATION).await;
    for relationship_manager in [true, false, true] {
        admin
            .patch_user(&eva, json!({"relationshipManager": relationship_manager}))
            .await
            .expect(200, "flip");
    }
    let compacted = admin
        .get(&format!("/changes?since={cursor}"))
        .await
        .expect(200, "page");
    assert_eq!(
        kinds(&compacted.body),
        ["userUpserted"],
        "three changes of one user, sent once"
    );
    assert_eq!(
        compacted.body["items"][0]["user"]["relationshipManager"],
        true
    );
    let first = admin
        .get(&format!("/changes?since={cursor}&limit=2"))
        .await
        .expect(200, "page of 2");
    assert_eq!(first.body["hasMore"], true);
    let rest = admin
        .get(&format!(
            "/changes?since={}&limit=2",
            first.body["nextCursor"].as_str().unwrap()
        ))
        .await
        .expect(200, "rest");
    assert_eq!(rest.body["hasMore"], false);
}

#[tokio::test]
async fn a_delta_transfers_far_less_than_a_full_read() {
    let sandbox = Sandbox::start_with(|options| {
        options.seed = Some(econnect_sandbox::Seed::Large {
            users: 2000,
            organisations: 100,
        })
    })
    .await;
    let admin = sandbox.caller("admin@large.example").await;
    let cursor = admin.get("/changes").await.body["nextCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    sandbox
        .http
        .post(sandbox.url("/_sandbox/stats/reset"))
        .send()
        .await
        .unwrap();
    let mut page_cursor: Option<String> = None;
    loop {
        let path = match &page_cursor {
            Some(c) => format!("/users?limit=1000&cursor={c}"),
            None => "/users?limit=1000".to_owned(),
        };
        let page = admin.get(&path).await.expect(200, "full read");
        match page.body["nextCursor"].as_str() {
            Some(next) => page_cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let full = sandbox.stats().await;
    let full_bytes = full["routes"]["GET /api/v1/users"]["responseBytes"]
        .as_u64()
        .unwrap();
    assert_eq!(
        full["routes"]["GET /api/v1/users"]["requests"], 2,
        "2000 users in 2 pages"
    );

    let ids: Vec<String> = admin.get("/users?limit=10").await.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["id"].as_str().unwrap().to_owned())
        .collect();
    for id in &ids {
        admin
            .patch_user(id, json!({"relationshipManager": true}))
            .await;
    }
    sandbox
        .http
        .post(sandbox.url("/_sandbox/stats/reset"))
        .send()
        .await
        .unwrap();
    let delta = admin
        .get(&format!("/changes?since={cursor}"))
        .await
        .expect(200, "delta");
    assert_eq!(delta.body["items"].as_array().unwrap().len(), 10);
    let delta_bytes = sandbox.stats().await["routes"]["GET /api/v1/changes"]["responseBytes"]
        .as_u64()
        .unwrap();
    assert!(
        delta_bytes * 50 < full_bytes,
        "delta {delta_bytes} B vs full {full_bytes} B"
    );
}

#[tokio::test]
async fn every_change_leaves_an_audit_event_newest_first() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let bram = admin.user_id(BASIC).await;
    admin
        .invite(json!({"email": "audited@acme.example", "role": "advanced"}))
        .await
        .expect(201, "invite");
    admin
        .patch_user(
            &bram,
            json!({"role": "advanced", "relationshipManager": true}),
        )
        .await
        .expect(200, "patch");
    let finance = admin.organisation_id("Acme Finance").await;
    admin
        .send(
            Method::PUT,
            &format!("/organisations/{finance}/members/{bram}"),
            Some(json!({"level": "administrator"})),
            &[],
        )
        .await
        .expect(200, "relevel");
    let events = admin.get("/audit-events").await.expect(200, "audit");
    let actions: Vec<&str> = events.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "member_level_changed",
            "relationship_manager_changed",
            "role_changed",
            "user_invited"
        ]
    );
    let role_change = &events.body["items"][2];
    assert_eq!(role_change["actor"], "ada.admin@acme.example");
    assert_eq!(role_change["targetEmail"], BASIC);
    assert_eq!(role_change["detail"], "basic → advanced");
    let filtered = admin
        .get("/audit-events?action=user_invited")
        .await
        .expect(200, "filter");
    assert_eq!(filtered.body["items"].as_array().unwrap().len(), 1);
    let paged = admin.get("/audit-events?limit=3").await.expect(200, "page");
    let next = paged.body["nextCursor"].as_str().unwrap();
    let rest = admin
        .get(&format!("/audit-events?limit=3&cursor={next}"))
        .await
        .expect(200, "rest");
    assert_eq!(rest.body["items"][0]["action"], "user_invited");
}
