//! The activation link in the email, end to end.

use serde_json::json;

use crate::support::Sandbox;

#[tokio::test]
async fn the_link_in_the_email_activates_and_the_password_signs_in() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    admin
        .invite(json!({"email": "newbie@acme.example"}))
        .await
        .expect(201, "invite");
    let link = sandbox.activation_link("newbie@acme.example");
    assert!(link.starts_with(&sandbox.running.base_url), "{link}");

    let form = sandbox.http.get(&link).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(
        html.contains("newbie@acme.example") && html.contains("name=\"password\""),
        "{html}"
    );

    let too_short = sandbox
        .http
        .post(&link)
        .form(&[("name", "Nieuw"), ("password", "short")])
        .send()
        .await
        .unwrap();
    assert_eq!(too_short.status(), 422);
    assert!(
        too_short
            .text()
            .await
            .unwrap()
            .contains("at least 10 characters")
    );
    assert_eq!(
        admin.user("newbie@acme.example").await["status"],
        "invited",
        "nothing applied"
    );

    let done = sandbox
        .http
        .post(&link)
        .form(&[("name", "Nina Nieuw"), ("password", "a-long-passphrase")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let user = admin.user("newbie@acme.example").await;
    assert_eq!(
        (user["status"].as_str(), user["name"].as_str()),
        (Some("active"), Some("Nina Nieuw"))
    );
    assert!(user["invitation"].is_null());

    let token = sandbox
        .password_token("newbie@acme.example", "a-long-passphrase")
        .await;
    let me = sandbox
        .caller_with_token(token)
        .get("/me")
        .await
        .expect(200, "sign in");
    assert_eq!(me.body["role"], "basic");

    let again = sandbox.http.get(&link).send().await.unwrap();
    assert_eq!(again.status(), 410, "a used link");
    assert!(again.text().await.unwrap().contains("already used"));
    let audit = admin
        .get("/audit-events?action=invitation_accepted")
        .await
        .expect(200, "audit");
    assert_eq!(audit.body["items"][0]["targetEmail"], "newbie@acme.example");
}

#[tokio::test]
async fn an_expired_link_says_so() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    admin
        .invite(json!({"email": "late@acme.example"}))
        .await
        .expect(201, "invite");
    let link = sandbox.activation_link("late@acme.example");
    let database = sandbox.database().await;
    sqlx::query("UPDATE activation_tokens SET expires_at = '2020-01-01T00:00:00Z'")
        .execute(&database)
        .await
        .unwrap();
    let page = sandbox.http.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 410);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("expired") && html.contains("resend"),
        "{html}"
    );
    let post = sandbox
        .http
        .post(&link)
        .form(&[("name", "L"), ("password", "a-long-passphrase")])
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 410);
    assert_eq!(admin.user("late@acme.example").await["status"], "invited");
}

#[tokio::test]
async fn a_direct_add_gets_a_set_password_link() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin().await;
    admin
        .invite(json!({"email": "partner@globex.example", "method": "direct"}))
        .await
        .expect(201, "add directly");
    let link = sandbox.activation_link("partner@globex.example");
    let done = sandbox
        .http
        .post(&link)
        .form(&[("name", "Pat Partner"), ("password", "another-long-one")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    sandbox
        .password_token("partner@globex.example", "another-long-one")
        .await;
}
