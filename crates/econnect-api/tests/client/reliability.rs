use econnect_api::{ApiError, BulkOptions, BulkOutcome, ClientOptions, UserQuery};
use econnect_contract::{ErrorCode, InvitationRequest, UserPatch};
use econnect_domain::Role;
use serde_json::json;

use crate::support::{Sandbox, count, fast_options};

fn invitation(email: &str) -> InvitationRequest {
    InvitationRequest {
        name: None,
        email: email.to_owned(),
        role: None,
        method: None,
        organisations: Vec::new(),
    }
}

#[tokio::test]
async fn under_5xx_resets_and_429s_every_invitation_lands_exactly_once() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin_client();
    admin.me().await.unwrap();
    sandbox
        .set_faults(json!({"errorRate": 0.2, "resetRate": 0.2, "rateLimit": 40}))
        .await;
    let emails: Vec<String> = (0..60).map(|n| format!("flaky.{n}@acme.example")).collect();
    let requests = emails.iter().map(|email| invitation(email)).collect();
    let results = admin
        .invite_many(
            requests,
            &BulkOptions {
                concurrency: 8,
                ..BulkOptions::default()
            },
        )
        .await;
    sandbox.set_faults(json!({})).await;

    let failures: Vec<_> = results
        .iter()
        .filter(|item| !item.outcome.is_done())
        .collect();
    assert!(
        failures.is_empty(),
        "every item done despite the faults: {failures:?}"
    );
    let stats = sandbox.stats().await;
    let route = "POST /api/v1/invitations";
    assert!(
        count(&stats, route, 503) > 0,
        "5xx were injected: {:?}",
        stats.statuses.get(route)
    );
    assert!(
        count(&stats, route, 0) > 0,
        "resets were injected: {:?}",
        stats.statuses.get(route)
    );
    for email in &emails {
        assert_eq!(
            sandbox.emails_to(email),
            1,
            "exactly one invitation email to {email}"
        );
    }
    let on_platform = admin
        .all_users(&UserQuery {
            q: Some("flaky.".to_owned()),
            ..UserQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(on_platform.len(), emails.len(), "each invited once");
}

#[tokio::test]
async fn reads_are_retried_through_errors_and_rate_limits() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin_client();
    admin.me().await.unwrap();
    sandbox
        .set_faults(json!({"errorRate": 0.3, "resetRate": 0.3}))
        .await;
    for _ in 0..10 {
        admin.all_users(&UserQuery::default()).await.unwrap();
    }
    sandbox.set_faults(json!({"rateLimit": 3})).await;
    for _ in 0..8 {
        admin.me().await.unwrap();
    }
    let stats = sandbox.stats().await;
    assert!(
        count(&stats, "GET /api/v1/me", 429) > 0,
        "rate limited and recovered"
    );
}

#[tokio::test]
async fn a_patch_without_a_key_is_never_sent_twice() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin_client();
    let bram = admin
        .all_users(&UserQuery {
            q: Some("bram".to_owned()),
            ..UserQuery::default()
        })
        .await
        .unwrap();
    let current = admin.get_user(&bram[0].id).await.unwrap();
    sandbox.reset_stats().await;
    sandbox.set_faults(json!({"resetRate": 1.0})).await;
    let patch = UserPatch {
        role: Some(Role::Advanced),
        ..UserPatch::default()
    };
    let error = admin
        .update_user(&bram[0].id, &current.etag, &patch)
        .await
        .unwrap_err();
    assert!(error.is_unreachable(), "{error:?}");
    let stats = sandbox.stats().await;
    assert_eq!(
        stats.routes["PATCH /api/v1/users/{id}"].requests, 1,
        "sent once, not retried"
    );
    sandbox.set_faults(json!({})).await;
    // It did land; the caller learns so by reading again.
    assert_eq!(
        admin.get_user(&bram[0].id).await.unwrap().value.role,
        Role::Advanced
    );
}

#[tokio::test]
async fn a_delete_retried_after_a_lost_answer_counts_as_done() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin_client();
    let eva = admin
        .all_users(&UserQuery {
            q: Some("eva.smit".to_owned()),
            ..UserQuery::default()
        })
        .await
        .unwrap();
    let etag = admin.get_user(&eva[0].id).await.unwrap().etag;
    sandbox.set_faults(json!({"resetRate": 1.0})).await;
    // First attempt lands and loses its answer; faults then clear so the retry gets 404.
    let clear = async {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        sandbox.set_faults(json!({})).await;
    };
    let (removed, ()) = tokio::join!(admin.remove_user(&eva[0].id, &etag), clear);
    removed.unwrap();
    let error = admin.get_user(&eva[0].id).await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::NotFound));
}

#[tokio::test]
async fn every_request_has_a_timeout() {
    let sandbox =
        Sandbox::start_with(|options| options.faults = "latency=1500ms".parse().unwrap()).await;
    let options = ClientOptions {
        request_timeout: std::time::Duration::from_millis(300),
        max_attempts: 1,
        ..fast_options()
    };
    let client = sandbox.client_with(
        sandbox.credentials_for(&sandbox.running.info.admin_email),
        options,
    );
    let error = client.me().await.unwrap_err();
    assert!(matches!(error, ApiError::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn cancelling_a_bulk_run_leaves_no_item_half_done() {
    let sandbox =
        Sandbox::start_with(|options| options.faults = "latency=40ms".parse().unwrap()).await;
    let admin = sandbox.admin_client();
    let emails: Vec<String> = (0..40)
        .map(|n| format!("cancel.{n}@acme.example"))
        .collect();
    let options = BulkOptions {
        concurrency: 3,
        ..BulkOptions::default()
    };
    let cancel = options.cancel.clone();
    let progress_cancel = cancel.clone();
    let options = BulkOptions {
        on_progress: Some(std::sync::Arc::new(
            move |progress: econnect_api::BulkProgress| {
                if progress.done >= 6 {
                    progress_cancel.cancel();
                }
            },
        )),
        ..options
    };
    let results = admin
        .invite_many(emails.iter().map(|e| invitation(e)).collect(), &options)
        .await;
    assert!(cancel.is_cancelled());
    let done: Vec<_> = results
        .iter()
        .filter(|item| item.outcome.is_done())
        .collect();
    let cancelled: Vec<_> = results
        .iter()
        .filter(|item| matches!(item.outcome, BulkOutcome::Cancelled))
        .collect();
    assert_eq!(
        done.len() + cancelled.len(),
        emails.len(),
        "no failures: {results:?}"
    );
    assert!(
        !cancelled.is_empty() && done.len() >= 6,
        "{} done, {} cancelled",
        done.len(),
        cancelled.len()
    );
    for item in &results {
        let expected = usize::from(item.outcome.is_done());
        assert_eq!(
            sandbox.emails_to(&item.input.email),
            expected,
            "{}: done items landed, cancelled did not",
            item.input.email
        );
    }
    assert_eq!(results[0].input.email, emails[0], "results in input order");
}
