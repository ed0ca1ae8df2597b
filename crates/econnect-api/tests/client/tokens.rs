use std::time::Duration;

use econnect_api::{ApiError, Credentials, Secret};

use crate::support::{ME_ROUTE, Sandbox, TOKEN_ROUTE, count, fast_options};

#[tokio::test]
async fn signs_in_with_a_password_or_as_the_client() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin_client();
    assert_eq!(
        admin.me().await.unwrap().login,
        sandbox.running.info.admin_email
    );
    let client = sandbox.client_with(
        Credentials {
            client_id: sandbox.running.info.client_id.clone(),
            client_secret: Secret::new(sandbox.running.info.client_secret.clone()),
            user: None,
        },
        fast_options(),
    );
    let me = client.me().await.unwrap();
    assert_eq!(me.login, sandbox.running.info.client_id);
    assert!(me.user_id.is_none());
}

#[tokio::test]
async fn the_token_is_kept_and_renewed_before_it_expires() {
    let sandbox =
        Sandbox::start_with(|options| options.token_lifetime = Duration::from_secs(2)).await;
    let admin = sandbox.admin_client();
    for _ in 0..3 {
        admin.me().await.unwrap();
    }
    let stats = sandbox.stats().await;
    assert_eq!(
        count(&stats, TOKEN_ROUTE, 200),
        1,
        "one sign-in for three calls"
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    admin.me().await.unwrap();
    let stats = sandbox.stats().await;
    assert_eq!(count(&stats, TOKEN_ROUTE, 200), 2, "renewed");
    assert_eq!(
        count(&stats, ME_ROUTE, 401),
        0,
        "renewed before expiry, never by a 401"
    );
}

#[tokio::test]
async fn a_401_signs_in_again_once_and_the_call_succeeds() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin_client();
    admin.me().await.unwrap();
    // The platform drops every session (as after a key rotation).
    let database = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        sandbox.dir.path().join("sandbox.sqlite3").display()
    ))
    .await
    .unwrap();
    sqlx::query("DELETE FROM access_tokens")
        .execute(&database)
        .await
        .unwrap();
    let me = admin.me().await.unwrap();
    assert_eq!(me.login, sandbox.running.info.admin_email);
    let stats = sandbox.stats().await;
    assert_eq!(count(&stats, ME_ROUTE, 401), 1);
    assert_eq!(count(&stats, TOKEN_ROUTE, 200), 2);
}

#[tokio::test]
async fn wrong_credentials_are_an_authentication_error() {
    let sandbox = Sandbox::start().await;
    let mut credentials = sandbox.credentials_for(&sandbox.running.info.admin_email);
    credentials.user = Some((
        sandbox.running.info.admin_email.clone(),
        Secret::new("wrong-password"),
    ));
    let client = sandbox.client_with(credentials, fast_options());
    match client.sign_in().await {
        Err(ApiError::Authentication { error, .. }) => assert_eq!(error, "invalid_grant"),
        other => panic!("expected invalid_grant, got {other:?}"),
    }
    let mut bad_client = sandbox.credentials_for(&sandbox.running.info.admin_email);
    bad_client.client_secret = Secret::new("nope");
    let error = sandbox
        .client_with(bad_client, fast_options())
        .me()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ApiError::Authentication { error, .. } if error == "invalid_client"),
        "{error:?}"
    );
    assert!(
        !format!("{error:?} {error}").contains("nope"),
        "no secret in the error"
    );
}
