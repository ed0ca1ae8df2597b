//! Many environments (SPEC §6): a practice of 20 client environments × 10,000 users synced
//! into 20 caches; a delta sync of all 20 after 10 changes in each (`sync_all`, bounded
//! concurrency); person search across the 20 caches, keystroke by keystroke (the
//! `PeopleDirectory`); and one 100,000-user environment fully synced, with the process's
//! peak memory.

use std::time::Instant;

use econnect_api::ApiClient;
use econnect_contract::{UserPatch, etag_for_version};
use econnect_core::all_environments::{self, Connected, PeopleDirectory, SYNC_CONCURRENCY};
use econnect_core::environments::{EnvironmentKind, SavedEnvironment};
use econnect_domain::UserStatus;
use econnect_sandbox::Seed;
use econnect_store::Store;

use crate::round3;
use crate::setup::Platform;

const N_ENVIRONMENTS: u32 = 20;
const N_USERS: u32 = 10_000;

/// What an administrator types looking for people: names, addresses, typos, nobody.
const TYPED: &[&str] = &[
    "anna",
    "anna visser",
    "bas",
    "bas bakker",
    "carla smit",
    "daan",
    "jansen",
    "de vries",
    "emma.mulder",
    "@boekhoudhulp",
    "salarisadvies.example",
    "zzz",
    "kim dekker",
    "vos.12",
    "eigenaar",
    "iris meijer",
    "noah",
    "xena bos",
];

fn keystrokes() -> Vec<String> {
    let mut queries = Vec::new();
    for word in TYPED {
        let chars: Vec<char> = word.chars().collect();
        for end in 1..=chars.len() {
            queries.push(chars[..end].iter().collect());
        }
    }
    queries
}

/// A `kB` line of `/proc/self/status` (`VmRSS`, `VmHWM`), in MB.
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with(key))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Starts measuring peak memory from now: Linux resets `VmHWM` to the current resident
/// size when `5` is written to `clear_refs`. Answers the resident size now, in MB.
fn reset_peak_rss() -> f64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_mb("VmRSS:")
}

pub async fn run(figures: &mut serde_json::Map<String, serde_json::Value>) -> anyhow::Result<()> {
    eprintln!("many: seeding {N_ENVIRONMENTS} environments × {N_USERS} users …");
    let platform = Platform::start(Seed::Practice {
        clients: N_ENVIRONMENTS,
        users: N_USERS,
    })
    .await?;
    let info = platform.sandbox.info.clone();
    let home = platform.admin()?;
    let listed = home.my_environments().await?;
    let data = tempfile::tempdir()?;
    let environments: Vec<(SavedEnvironment, ApiClient)> = listed
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let environment = SavedEnvironment {
                name: format!("client-{index:02}"),
                kind: EnvironmentKind::LocalSandbox,
                api_url: info.api_url.clone(),
                identity_url: info.identity_url.clone(),
                client_id: info.client_id.clone(),
                username: Some(info.admin_email.clone()),
                environment_id: Some(item.id.clone()),
                platform_name: Some(item.name.clone()),
                signs_in_with: Some("home".to_owned()),
            };
            Ok((environment, home.for_environment(&item.id)?))
        })
        .collect::<anyhow::Result<_>>()?;
    let connected = || {
        environments
            .iter()
            .map(|(environment, client)| Connected::new(environment.clone(), Ok(client.clone())))
            .collect::<Vec<_>>()
    };
    let started = Instant::now();
    let first =
        all_environments::sync_all(data.path(), connected(), SYNC_CONCURRENCY, &|_| {}).await?;
    anyhow::ensure!(
        first.iter().all(|s| s.full),
        "every cache filled: {first:?}"
    );
    let full_all_s = started.elapsed().as_secs_f64();
    eprintln!("many: {N_ENVIRONMENTS} full syncs in {full_all_s:.1} s");

    // Ten changes in each environment, made on the platform (elsewhere).
    for (_, client) in &environments {
        let users = client.list_users(&Default::default(), None, 40).await?;
        let mut changed = 0;
        for user in users
            .items
            .iter()
            .filter(|u| u.status == UserStatus::Active && !u.role.is_administrator())
        {
            let patch = UserPatch {
                relationship_manager: Some(!user.relationship_manager),
                ..Default::default()
            };
            client
                .update_user(&user.id, &etag_for_version(user.version), &patch)
                .await?;
            changed += 1;
            if changed == 10 {
                break;
            }
        }
        anyhow::ensure!(changed == 10, "ten changes");
    }
    let started = Instant::now();
    let delta =
        all_environments::sync_all(data.path(), connected(), SYNC_CONCURRENCY, &|_| {}).await?;
    let delta_s = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        delta.iter().all(|s| !s.full && s.changes_pulled >= 10),
        "delta syncs: {delta:?}"
    );
    eprintln!("many: delta sync of {N_ENVIRONMENTS} in {delta_s:.3} s");
    figures.insert("sync_all_20_envs_full_s".into(), round3(full_all_s).into());
    figures.insert("sync_all_20_envs_s".into(), round3(delta_s).into());

    // Search across the 20 caches.
    let saved: Vec<SavedEnvironment> = environments.iter().map(|(e, _)| e.clone()).collect();
    let directory = PeopleDirectory::default();
    let started = Instant::now();
    directory.refresh(data.path(), &saved).await?;
    let directory_build_s = started.elapsed().as_secs_f64();
    let queries = keystrokes();
    for query in &queries {
        directory.find(data.path(), &saved, query, 200).await?;
    }
    let mut timings_ms = Vec::with_capacity(queries.len());
    for query in &queries {
        let started = Instant::now();
        let rows = directory.find(data.path(), &saved, query, 200).await?;
        timings_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(rows);
    }
    timings_ms.sort_by(f64::total_cmp);
    let percentile = |p: f64| timings_ms[((timings_ms.len() as f64 - 1.0) * p).round() as usize];
    eprintln!(
        "many: {} keystrokes across {N_ENVIRONMENTS} caches, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms; directory built in {directory_build_s:.2} s",
        timings_ms.len(),
        percentile(0.5),
        percentile(0.95),
        percentile(1.0)
    );
    figures.insert(
        "cross_env_search_keystrokes".into(),
        timings_ms.len().into(),
    );
    figures.insert(
        "cross_env_search_p95_ms".into(),
        round3(percentile(0.95)).into(),
    );
    figures.insert(
        "cross_env_directory_build_s".into(),
        round3(directory_build_s).into(),
    );
    drop(directory);
    platform.sandbox.stop().await;

    // One environment of 100,000 users, synced in full.
    eprintln!("many: seeding one environment of 100,000 users …");
    let platform = Platform::start(Seed::Large {
        users: 100_000,
        organisations: 2_000,
    })
    .await?;
    let client = platform.admin()?;
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("cache.sqlite3")).await?;
    let rss_before = reset_peak_rss();
    let started = Instant::now();
    let report = econnect_store::sync::sync(&store, &client).await?;
    let full_s = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        report.full && report.changes_pulled == 100_000,
        "{report:?}"
    );
    let peak_growth = (status_mb("VmHWM:") - rss_before).max(0.0);
    eprintln!(
        "many: 100,000 users fully synced in {full_s:.1} s; peak memory grew {peak_growth:.0} MB"
    );
    figures.insert("full_sync_100k_users_s".into(), round3(full_s).into());
    figures.insert(
        "full_sync_100k_peak_growth_mb".into(),
        round3(peak_growth).into(),
    );
    store.close().await;
    platform.sandbox.stop().await;
    Ok(())
}
