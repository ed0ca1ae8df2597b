//! First full sync of a large environment, and a re-sync after 10 changes.

use std::time::Instant;

use econnect_contract::UserPatch;
use econnect_domain::Role;
use econnect_sandbox::Seed;
use econnect_store::Store;

use crate::setup::Platform;
use crate::{round_to, round3};

pub async fn run(figures: &mut serde_json::Map<String, serde_json::Value>) -> anyhow::Result<()> {
    eprintln!("sync: seeding large:10000:1000 …");
    let platform = Platform::start(Seed::Large {
        users: 10_000,
        organisations: 1_000,
    })
    .await?;
    let client = platform.admin()?;
    client.me().await?; // sign in before measuring
    let cache_dir = tempfile::tempdir()?;
    let store = Store::open(&cache_dir.path().join("cache.sqlite3")).await?;

    platform.reset_stats().await?;
    let started = Instant::now();
    let report = econnect_store::sync::sync(&store, &client).await?;
    let full_s = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        report.full && !report.offline,
        "the first sync was not a full read: {report:?}"
    );
    let full = platform.stats().await?;
    let counts = store.status_counts().await?;
    let memberships: u32 = store
        .organisation_summaries()
        .await?
        .iter()
        .map(|organisation| organisation.member_count)
        .sum();
    eprintln!(
        "sync: full sync of {} users, {memberships} memberships in {full_s:.2} s, {} requests, {} bytes",
        counts.total, full.requests, full.response_bytes
    );

    // Ten changes on the platform, by someone else.
    let other = platform.admin()?;
    let users = other
        .list_users(
            &econnect_api::UserQuery {
                status: Some(econnect_domain::UserStatus::Active),
                ..Default::default()
            },
            None,
            50,
        )
        .await?;
    // Not the administrators: demoting the one making the changes would stop them.
    let users: Vec<_> = users
        .items
        .into_iter()
        .filter(|user| user.role != Role::Administrator)
        .take(10)
        .collect();
    anyhow::ensure!(
        users.len() == 10,
        "the seed has fewer than 10 active non-administrators"
    );
    for user in &users {
        let role = if user.role == Role::Advanced {
            Role::Basic
        } else {
            Role::Advanced
        };
        other
            .update_user(
                &user.id,
                &user.etag(),
                &UserPatch {
                    role: Some(role),
                    ..UserPatch::default()
                },
            )
            .await?;
    }

    platform.reset_stats().await?;
    let started = Instant::now();
    let report = econnect_store::sync::sync(&store, &client).await?;
    let delta_s = started.elapsed().as_secs_f64();
    let delta = platform.stats().await?;
    anyhow::ensure!(!report.full, "the re-sync was a full read: {report:?}");
    anyhow::ensure!(
        report.changes_pulled >= 10,
        "the re-sync missed changes: {report:?}"
    );
    eprintln!(
        "sync: re-sync after 10 changes in {delta_s:.4} s, {} requests, {} bytes",
        delta.requests, delta.response_bytes
    );

    figures.insert("full_sync_users".into(), counts.total.into());
    figures.insert("full_sync_memberships".into(), memberships.into());
    figures.insert("full_sync_s".into(), round3(full_s).into());
    figures.insert("full_sync_requests".into(), full.requests.into());
    figures.insert("full_sync_bytes".into(), full.response_bytes.into());
    figures.insert("delta_sync_s".into(), round_to(delta_s, 6).into());
    figures.insert("delta_sync_requests".into(), delta.requests.into());
    figures.insert("delta_sync_bytes".into(), delta.response_bytes.into());
    figures.insert(
        "delta_vs_full_time_ratio".into(),
        round_to(delta_s / full_s, 5).into(),
    );
    figures.insert(
        "delta_vs_full_bytes_ratio".into(),
        round_to(delta.response_bytes as f64 / full.response_bytes as f64, 5).into(),
    );
    platform.sandbox.stop().await;
    Ok(())
}
