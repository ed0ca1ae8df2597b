//! The identity server and per-request authentication.

use serde_json::{Value, json};

use crate::support::{BASIC, BLOCKED, INVITED, Sandbox};

#[tokio::test]
async fn password_grant_gives_a_bearer_token_for_an_hour() {
    let sandbox = Sandbox::start().await;
    let info = &sandbox.running.info;
    let (status, body) = sandbox
        .token_request(&[
            ("grant_type", "password"),
            ("client_id", &info.client_id),
            ("client_secret", &info.client_secret),
            ("username", &info.admin_email.to_uppercase()),
            ("password", &info.demo_password),
        ])
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let admin = sandbox.caller_with_token(body["access_token"].as_str().unwrap().to_owned());
    let me = admin.get("/me").await.expect(200, "me");
    assert_eq!(me.body["login"], info.admin_email.as_str());
    assert_eq!(me.body["role"], "administrator");
    assert_eq!(me.body["permissions"]["canInvite"], true);
}

#[tokio::test]
async fn bad_credentials_get_oauth_errors() {
    let sandbox = Sandbox::start().await;
    let info = &sandbox.running.info;
    let wrong_password = sandbox
        .token_request(&[
            ("grant_type", "password"),
            ("client_id", &info.client_id),
            ("client_secret", &info.client_secret),
            ("username", &info.admin_email),
            ("password", "not-the-password"),
        ])
        .await;
    assert_eq!(
        (wrong_password.0, wrong_password.1["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    let wrong_secret = sandbox
        .token_request(&[
            ("grant_type", "client_credentials"),
            ("client_id", &info.client_id),
            ("client_secret", "nope"),
        ])
        .await;
    assert_eq!(
        (wrong_secret.0, wrong_secret.1["error"].as_str()),
        (401, Some("invalid_client"))
    );

    let unsupported = sandbox
        .token_request(&[
            ("grant_type", "authorization_code"),
            ("client_id", &info.client_id),
            ("client_secret", &info.client_secret),
        ])
        .await;
    assert_eq!(unsupported.1["error"], "unsupported_grant_type");

    for (email, why) in [(BLOCKED, "blocked"), (INVITED, "not activated")] {
        let (status, body) = sandbox
            .token_request(&[
                ("grant_type", "password"),
                ("client_id", &info.client_id),
                ("client_secret", &info.client_secret),
                ("username", email),
                ("password", &info.demo_password),
            ])
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{why}: {body}"
        );
    }
}

#[tokio::test]
async fn client_credentials_act_as_the_environments_integration() {
    let sandbox = Sandbox::start().await;
    let info = &sandbox.running.info;
    let (status, body) = sandbox
        .token_request(&[
            ("grant_type", "client_credentials"),
            ("client_id", &info.client_id),
            ("client_secret", &info.client_secret),
        ])
        .await;
    assert_eq!(status, 200, "{body}");
    let client = sandbox.caller_with_token(body["access_token"].as_str().unwrap().to_owned());
    let me = client.get("/me").await.expect(200, "me as client");
    assert_eq!(me.body["login"], info.client_id.as_str());
    assert!(me.body["userId"].is_null());
    client
        .invite(json!({"email": "via.client@acme.example"}))
        .await
        .expect(201, "a client may invite");
}

#[tokio::test]
async fn missing_unknown_and_expired_tokens_are_401() {
    let sandbox =
        Sandbox::start_with(|options| options.token_lifetime = std::time::Duration::from_secs(1))
            .await;
    let response = sandbox
        .http
        .get(sandbox.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["code"], "unauthorized");

    let stranger = sandbox.caller_with_token("made-up".to_owned());
    stranger
        .get("/me")
        .await
        .expect_problem(401, "unauthorized", "unknown token");

    let admin = sandbox.admin().await;
    admin.get("/me").await.expect(200, "fresh token");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let expired = admin
        .get("/me")
        .await
        .expect_problem(401, "unauthorized", "expired token");
    assert!(
        expired.body["detail"].as_str().unwrap().contains("expired"),
        "{}",
        expired.body
    );
}

#[tokio::test]
async fn a_role_change_applies_to_the_very_next_request() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let bram = sandbox.caller(BASIC).await;
    bram.invite(json!({"email": "first.try@acme.example"}))
        .await
        .expect_problem(403, "forbidden", "a basic user may not invite");
    let bram_id = admin.user_id(BASIC).await;
    admin
        .patch_user(&bram_id, json!({"role": "administrator"}))
        .await
        .expect(200, "promote");
    // Same token, no new sign-in.
    bram.invite(json!({"email": "second.try@acme.example"}))
        .await
        .expect(201, "the promotion holds at once");
    admin
        .patch_user(&bram_id, json!({"role": "basic"}))
        .await
        .expect(200, "demote");
    bram.invite(json!({"email": "third.try@acme.example"}))
        .await
        .expect_problem(403, "forbidden", "the demotion holds at once");
}

#[tokio::test]
async fn blocking_or_removing_a_user_ends_their_token_at_once() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    let bram = sandbox.caller(BASIC).await;
    let eva = sandbox.caller(crate::support::NO_ORGANISATION).await;
    bram.get("/me").await.expect(200, "before");
    let bram_id = admin.user_id(BASIC).await;
    admin
        .patch_user(&bram_id, json!({"blocked": true}))
        .await
        .expect(200, "block");
    bram.get("/me")
        .await
        .expect_problem(401, "unauthorized", "blocked user's token");
    admin
        .patch_user(&bram_id, json!({"blocked": false}))
        .await
        .expect(200, "unblock");
    bram.get("/me")
        .await
        .expect(200, "unblocked user's token works again");

    let eva_id = admin.user_id(crate::support::NO_ORGANISATION).await;
    admin.delete_user(&eva_id).await.expect(204, "remove");
    eva.get("/me")
        .await
        .expect_problem(401, "unauthorized", "removed user's token");
}

/// Guessing passwords meets a 429 with Retry-After after a few tries — for the right password
/// too, until the minute has passed — and an unknown address looks exactly like a wrong
/// password.
#[tokio::test]
async fn repeated_failed_sign_ins_are_throttled_and_say_nothing_about_who_exists() {
    let sandbox = Sandbox::start().await;
    let info = &sandbox.running.info;
    let attempt = |username: &'static str, password: String| {
        let sandbox = &sandbox;
        async move {
            let form = [
                ("grant_type", "password"),
                ("client_id", info.client_id.as_str()),
                ("client_secret", info.client_secret.as_str()),
                ("username", username),
                ("password", password.as_str()),
            ];
            let response = sandbox
                .http
                .post(format!("{}/connect/token", info.identity_url))
                .form(&form)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .map(|value| value.to_str().unwrap().to_owned());
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (status, retry_after, body)
        }
    };
    let unknown = attempt("nobody@acme.example", "whatever".to_owned()).await;
    let wrong = attempt("eva.smit@acme.example", "whatever".to_owned()).await;
    assert_eq!(
        (unknown.0, &unknown.2),
        (wrong.0, &wrong.2),
        "unknown address = wrong password"
    );

    let admin: &'static str = Box::leak(info.admin_email.clone().into_boxed_str());
    let mut throttled = None;
    for n in 0..40 {
        let (status, retry_after, _) = attempt(admin, format!("guess-{n}")).await;
        if status == 429 {
            throttled = Some((n, retry_after));
            break;
        }
        assert_eq!(status, 400, "a wrong password");
    }
    let (n, retry_after) = throttled.expect("forty wrong passwords in a row never met a 429");
    assert!(n <= 10, "throttled only after {n} failures");
    let seconds: u64 = retry_after.expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&seconds), "{seconds}");
    let right = attempt(admin, info.demo_password.clone()).await;
    assert_eq!(
        right.0, 429,
        "the right password waits too: a guesser learns nothing"
    );
    let other = attempt("bram.devries@acme.example", info.demo_password.clone()).await;
    assert_eq!(
        other.0, 200,
        "another user of the same client signs in: {:?}",
        other.2
    );
}
