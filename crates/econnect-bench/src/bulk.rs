//! 1,000 invitations with 50 ms added latency and the rate limit on: the core's bulk path
//! against one at a time, each on a fresh platform; then duplicates counted on the platform
//! (users and invitation emails per address).

use std::collections::HashMap;
use std::time::Instant;

use econnect_api::{BulkOptions, BulkOutcome, new_idempotency_key};
use econnect_contract::InvitationRequest;
use econnect_domain::{InvitationMethod, Role};
use econnect_sandbox::{FaultConfig, Seed};

use crate::round3;
use crate::setup::Platform;

const N_INVITATIONS: usize = 1_000;
const LATENCY_MS: u64 = 50;
/// Requests per second the sandbox accepts before answering 429.
const RATE_LIMIT: u32 = 200;

fn requests() -> Vec<InvitationRequest> {
    (0..N_INVITATIONS)
        .map(|index| InvitationRequest {
            name: None,
            email: format!("bulk.invitee{index:04}@acme.example"),
            role: Some(Role::Basic),
            method: Some(InvitationMethod::Email),
            organisations: Vec::new(),
        })
        .collect()
}

async fn slow_platform() -> anyhow::Result<Platform> {
    let platform = Platform::start(Seed::Demo).await?;
    platform
        .set_faults(&FaultConfig {
            latency_ms: LATENCY_MS,
            rate_limit: Some(RATE_LIMIT),
            ..FaultConfig::default()
        })
        .await?;
    Ok(platform)
}

/// How many invited addresses appear more than once, as users or as invitation emails.
async fn duplicates(platform: &Platform) -> anyhow::Result<(usize, usize)> {
    let users = platform.admin()?.all_users(&Default::default()).await?;
    let mut per_address: HashMap<String, usize> = HashMap::new();
    for user in &users {
        if user.email.as_str().starts_with("bulk.invitee") {
            *per_address.entry(user.email.to_string()).or_default() += 1;
        }
    }
    anyhow::ensure!(
        per_address.len() == N_INVITATIONS,
        "{} of {N_INVITATIONS} invitees are on the platform",
        per_address.len()
    );
    let duplicate_users = per_address.values().filter(|n| **n > 1).count();
    let mut emails: HashMap<String, usize> = HashMap::new();
    for entry in std::fs::read_dir(&platform.sandbox.outbox_dir)? {
        let text = std::fs::read_to_string(entry?.path())?;
        if let Some(to) = text.lines().find_map(|line| line.strip_prefix("To: "))
            && to.contains("bulk.invitee")
        {
            *emails.entry(to.trim().to_owned()).or_default() += 1;
        }
    }
    let duplicate_emails = emails.values().filter(|n| **n > 1).count();
    Ok((duplicate_users, duplicate_emails))
}

fn too_many_requests(stats: &econnect_sandbox::StatsSnapshot) -> u64 {
    stats
        .statuses
        .values()
        .filter_map(|statuses| statuses.get(&429))
        .sum()
}

pub async fn run(figures: &mut serde_json::Map<String, serde_json::Value>) -> anyhow::Result<()> {
    eprintln!(
        "bulk: {N_INVITATIONS} invitations through the bulk path ({LATENCY_MS} ms latency, {RATE_LIMIT} requests/s limit) …"
    );
    let platform = slow_platform().await?;
    let client = platform.admin()?;
    client.me().await?;
    platform.reset_stats().await?;
    let started = Instant::now();
    let results = client
        .invite_many(requests(), &BulkOptions::default())
        .await;
    let bulk_s = started.elapsed().as_secs_f64();
    let failed = results
        .iter()
        .filter(|item| !matches!(item.outcome, BulkOutcome::Done(_)))
        .count();
    anyhow::ensure!(failed == 0, "{failed} bulk invitations failed");
    let stats = platform.stats().await?;
    let rate_limited = too_many_requests(&stats);
    let (duplicate_users, duplicate_emails) = duplicates(&platform).await?;
    eprintln!(
        "bulk: {bulk_s:.2} s, {rate_limited} answers 429, {duplicate_users} duplicate users, {duplicate_emails} duplicate emails"
    );
    platform.sandbox.stop().await;

    eprintln!("bulk: the same {N_INVITATIONS} one at a time …");
    let platform = slow_platform().await?;
    let client = platform.admin()?;
    client.me().await?;
    let started = Instant::now();
    for request in requests() {
        client.invite(&request, &new_idempotency_key()).await?;
    }
    let sequential_s = started.elapsed().as_secs_f64();
    eprintln!("bulk: one at a time {sequential_s:.2} s");
    platform.sandbox.stop().await;

    figures.insert("bulk_invite_1000_s".into(), round3(bulk_s).into());
    figures.insert(
        "sequential_invite_1000_s".into(),
        round3(sequential_s).into(),
    );
    figures.insert(
        "bulk_invite_1000_speedup_vs_sequential".into(),
        round3(sequential_s / bulk_s).into(),
    );
    figures.insert(
        "bulk_invite_rate_limited_answers".into(),
        rate_limited.into(),
    );
    figures.insert(
        "bulk_invite_duplicates".into(),
        (duplicate_users + duplicate_emails).into(),
    );
    Ok(())
}
