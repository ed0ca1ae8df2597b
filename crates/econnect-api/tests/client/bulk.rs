use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use econnect_api::{BulkOptions, BulkOutcome, UserQuery};
use econnect_contract::{ErrorCode, InvitationRequest, UserPatch};
use econnect_domain::Role;

use crate::support::Sandbox;

#[tokio::test]
async fn a_bulk_invite_reports_a_result_per_item_and_progress() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin_client();
    let emails = [
        "one@acme.example",
        "gina.peters@acme.example",
        "bad address",
        "two@acme.example",
    ];
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let options = BulkOptions {
        concurrency: 2,
        on_progress: Some(Arc::new(move |progress| {
            seen.fetch_add(1, Ordering::Relaxed);
            assert!(progress.done <= progress.total);
        })),
        ..BulkOptions::default()
    };
    let requests = emails
        .iter()
        .map(|email| InvitationRequest {
            name: None,
            email: (*email).to_owned(),
            role: Some(Role::Advanced),
            method: None,
            organisations: Vec::new(),
        })
        .collect();
    let results = admin.invite_many(requests, &options).await;
    assert_eq!(calls.load(Ordering::Relaxed), 4);
    let codes: Vec<Option<ErrorCode>> = results
        .iter()
        .map(|item| match &item.outcome {
            BulkOutcome::Done(user) => {
                assert_eq!(user.role, Role::Advanced);
                None
            }
            BulkOutcome::Failed(error) => error.code(),
            BulkOutcome::Cancelled => panic!("nothing was cancelled"),
        })
        .collect();
    assert_eq!(
        codes,
        [
            None,
            Some(ErrorCode::AlreadyInvited),
            Some(ErrorCode::InvalidEmail),
            None
        ]
    );
    let keys: std::collections::HashSet<_> = results
        .iter()
        .map(|item| item.idempotency_key.clone())
        .collect();
    assert_eq!(keys.len(), 4, "one key per item");
}

#[tokio::test]
async fn a_bulk_update_changes_each_user_at_its_current_version() {
    let sandbox = Sandbox::start().await;
    let admin = sandbox.admin_client();
    let basics = admin
        .all_users(&UserQuery {
            role: Some(Role::Basic),
            ..UserQuery::default()
        })
        .await
        .unwrap();
    let updates = basics
        .iter()
        .map(|user| {
            (
                user.id.clone(),
                UserPatch {
                    relationship_manager: Some(true),
                    ..UserPatch::default()
                },
            )
        })
        .collect();
    let results = admin.update_many(updates, &BulkOptions::default()).await;
    assert!(
        results.iter().all(|item| item.outcome.is_done()),
        "{results:?}"
    );
    let after = admin
        .all_users(&UserQuery {
            role: Some(Role::Basic),
            ..UserQuery::default()
        })
        .await
        .unwrap();
    assert!(after.iter().all(|user| user.relationship_manager));
}
