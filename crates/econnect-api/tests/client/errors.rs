//! Every problem code the platform gives reaches the caller as a typed error.

use econnect_api::{ApiError, ClientOptions, UserQuery, new_idempotency_key};
use econnect_contract::{ErrorCode, InvitationRequest, UserPatch};
use econnect_domain::{InvitationMethod, MembershipLevel, Role};
use serde_json::json;

use crate::support::{Sandbox, fast_options};

fn invitation(email: &str) -> InvitationRequest {
    InvitationRequest {
        name: None,
        email: email.to_owned(),
        role: None,
        method: None,
        organisations: Vec::new(),
    }
}

#[track_caller]
fn assert_code<T: std::fmt::Debug>(result: Result<T, ApiError>, code: ErrorCode) -> ApiError {
    let error = result.expect_err("an error");
    assert_eq!(error.code(), Some(code), "{error:?}");
    assert!(!error.to_string().is_empty());
    error
}

#[tokio::test]
async fn problem_codes_are_mapped() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin_client();
    let key = new_idempotency_key;
    let user = |q: &str| {
        let admin = admin.clone();
        let q = q.to_owned();
        async move {
            admin
                .all_users(&UserQuery {
                    q: Some(q),
                    ..UserQuery::default()
                })
                .await
                .unwrap()
                .remove(0)
        }
    };
    let ada = user("ada.admin").await;
    let bram = user("bram").await;
    let gina = user("gina").await;

    assert_code(
        admin.invite(&invitation("not an address"), &key()).await,
        ErrorCode::InvalidEmail,
    );
    assert_code(
        admin
            .invite(&invitation(&gina.email.to_string()), &key())
            .await,
        ErrorCode::AlreadyInvited,
    );
    assert_code(
        admin
            .invite(&invitation(&bram.email.to_string()), &key())
            .await,
        ErrorCode::AlreadyUser,
    );
    let shared = assert_code(
        admin.invite(&invitation("x@globex.example"), &key()).await,
        ErrorCode::SharedEmailDomain,
    );
    assert!(
        matches!(&shared, ApiError::Problem { hint: Some(hint), .. } if hint.contains("directly")),
        "{shared:?}"
    );
    let direct = InvitationRequest {
        name: None,
        method: Some(InvitationMethod::Direct),
        ..invitation("x@globex.example")
    };
    admin.invite(&direct, &key()).await.unwrap();

    let ada_now = admin.get_user(&ada.id).await.unwrap();
    let demote = UserPatch {
        role: Some(Role::Basic),
        ..UserPatch::default()
    };
    assert_code(
        admin.update_user(&ada.id, &ada_now.etag, &demote).await,
        ErrorCode::LastAdministrator,
    );
    let bram_now = admin.get_user(&bram.id).await.unwrap();
    let promote = UserPatch {
        role: Some(Role::Advanced),
        ..UserPatch::default()
    };
    admin
        .update_user(&bram.id, &bram_now.etag, &promote)
        .await
        .unwrap();
    assert_code(
        admin.update_user(&bram.id, &bram_now.etag, &promote).await,
        ErrorCode::StaleVersion,
    );
    let gina_now = admin.get_user(&gina.id).await.unwrap();
    let block = UserPatch {
        blocked: Some(true),
        ..UserPatch::default()
    };
    assert_code(
        admin.update_user(&gina.id, &gina_now.etag, &block).await,
        ErrorCode::InvalidState,
    );
    assert_code(
        admin.resend_invitation(&bram.id, &key()).await,
        ErrorCode::NotPending,
    );
    assert_code(admin.get_user("no-such-user").await, ErrorCode::NotFound);
    assert_code(
        admin.create_organisation("Acme Finance", &key()).await,
        ErrorCode::AlreadyExists,
    );
    assert_code(
        admin.changes(Some("yesterday"), 10).await,
        ErrorCode::ValidationFailed,
    );

    let basic = sandbox.client_with(
        sandbox.credentials_for("eva.smit@acme.example"),
        fast_options(),
    );
    assert_code(
        basic.invite(&invitation("y@acme.example"), &key()).await,
        ErrorCode::Forbidden,
    );
    let organisations = admin.all_organisations().await.unwrap();
    assert_code(
        basic
            .set_member(&organisations[0].id, &bram.id, MembershipLevel::Member)
            .await,
        ErrorCode::Forbidden,
    );

    // One attempt, and no patience for Retry-After: the codes come through as they are.
    let impatient = ClientOptions {
        max_attempts: 1,
        max_retry_after: std::time::Duration::ZERO,
        ..fast_options()
    };
    let once = sandbox.client_with(
        sandbox.credentials_for(&sandbox.running.info.admin_email),
        impatient,
    );
    once.me().await.unwrap();
    sandbox.set_faults(json!({"errorRate": 1.0})).await;
    assert_code(once.me().await, ErrorCode::Unavailable);
    sandbox.set_faults(json!({"rateLimit": 1})).await;
    once.me().await.ok();
    assert_code(once.me().await, ErrorCode::RateLimited);
    sandbox.set_faults(json!({})).await;
}

#[tokio::test]
async fn a_blocked_users_session_is_unauthorized() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin_client();
    let eva = sandbox.client_with(
        sandbox.credentials_for("eva.smit@acme.example"),
        fast_options(),
    );
    let me = eva.me().await.unwrap();
    let current = admin
        .get_user(me.user_id.as_deref().unwrap())
        .await
        .unwrap();
    admin
        .update_user(
            &current.value.id,
            &current.etag,
            &UserPatch {
                blocked: Some(true),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();
    // The client signs in again after the 401, and the identity server refuses a blocked account.
    let error = eva.me().await.unwrap_err();
    assert!(
        matches!(&error, ApiError::Authentication { error, .. } if error == "invalid_grant"),
        "{error:?}"
    );
}

#[test]
fn plain_http_to_a_remote_host_is_refused_before_anything_is_sent() {
    let error = econnect_api::Endpoints::new(
        "http://api.econnect.example",
        "https://identity.econnect.example",
    )
    .unwrap_err();
    assert!(matches!(error, ApiError::InsecureUrl { .. }), "{error:?}");
    assert!(error.to_string().contains("https://"), "{error}");
}
