//! Fault injection, and errors that are not about the domain.

use serde_json::json;

use crate::support::Sandbox;

#[tokio::test]
async fn an_error_rate_answers_503_before_anything_happens() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    sandbox.set_faults(json!({"errorRate": 1.0})).await;
    admin
        .invite(json!({"email": "never@acme.example"}))
        .await
        .expect_problem(503, "unavailable", "injected 5xx");
    sandbox.set_faults(json!({})).await;
    assert!(
        admin.get("/users?q=never@").await.body["items"]
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing landed"
    );
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    sandbox.set_faults(json!({"rateLimit": 2})).await;
    let mut statuses = Vec::new();
    let mut limited = None;
    for _ in 0..4 {
        let reply = admin.get("/me").await;
        statuses.push(reply.status);
        if reply.status == 429 {
            limited = Some(reply);
        }
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    let limited = limited
        .unwrap()
        .expect_problem(429, "rate_limited", "over the limit");
    assert_eq!(limited.headers["retry-after"], "1");
}

#[tokio::test]
async fn a_reset_drops_the_connection_after_the_change_landed() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    sandbox.set_faults(json!({"resetRate": 1.0})).await;
    let result = admin
        .http
        .post(format!("{}/api/v1/invitations", admin.base))
        .bearer_auth(&admin.token)
        .json(&json!({"email": "landed@acme.example"}))
        .send()
        .await;
    assert!(result.is_err(), "the client hears nothing: {result:?}");
    sandbox.set_faults(json!({})).await;
    assert_eq!(
        admin.user("landed@acme.example").await["status"],
        "invited",
        "but the change landed"
    );
}

#[tokio::test]
async fn latency_is_added_and_faults_validate() {
    let sandbox =
        Sandbox::start_with(|options| options.faults = "latency=150ms".parse().unwrap()).await;
    let admin = sandbox.admin().await;
    let started = std::time::Instant::now();
    admin.get("/me").await.expect(200, "slow but fine");
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(150),
        "{:?}",
        started.elapsed()
    );
    let bad = sandbox
        .http
        .put(sandbox.url("/_sandbox/faults"))
        .json(&json!({"errorRate": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn unknown_routes_and_bad_bodies_are_problem_details() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    admin
        .get("/nothing-here")
        .await
        .expect_problem(404, "not_found", "unknown route");
    let bad_json = admin
        .http
        .post(format!("{}/api/v1/invitations", admin.base))
        .bearer_auth(&admin.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_json.status(), 422);
    assert_eq!(
        bad_json.headers()["content-type"],
        "application/problem+json"
    );
}
