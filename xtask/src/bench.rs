//! `cargo xtask bench`: the SPEC §6 figures, measured here, printed as a table and written to
//! `target/bench/results.json` (numbers only).
//!
//! 1. The installer: one release build (the app with its embedded UI, and the benchmarks,
//!    which also seed the app's Local sandbox), then the app bundled as a `.deb` by the
//!    Tauri CLI (from npm), whose size is `installer_mb`. The CLI wants `tauri.conf.json` next to the app's
//!    `Cargo.toml`, so a copy with its paths rebased is written to `src-tauri/` (ignored).
//! 2. The core: `econnect-bench` (release) — sync, delta sync, search, bulk invitations.
//! 3. The app: `tests/e2e/bench-app.mjs` drives the release app — start-up and memory.

use std::process::Stdio;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};

use crate::package;
use crate::prerequisites;
use crate::shell::{self, step};
use crate::tasks;

/// A goal from SPEC §6: the key, how to read it, and whether the figure meets it.
struct Goal {
    key: &'static str,
    label: &'static str,
    goal: &'static str,
    met: fn(f64) -> bool,
}

const GOALS: &[Goal] = &[
    Goal {
        key: "full_sync_users",
        label: "full sync: users",
        goal: "10,000",
        met: |v| v >= 10_000.0,
    },
    Goal {
        key: "full_sync_s",
        label: "full sync: time (s)",
        goal: "within seconds",
        met: |v| v < 5.0,
    },
    Goal {
        key: "full_sync_requests",
        label: "full sync: requests",
        goal: "O(pages)",
        met: |v| v <= 40.0,
    },
    Goal {
        key: "delta_vs_full_time_ratio",
        label: "re-sync after 10 changes / full: time",
        goal: "<= 0.02 (50x less)",
        met: |v| v <= 0.02,
    },
    Goal {
        key: "delta_vs_full_bytes_ratio",
        label: "re-sync after 10 changes / full: bytes",
        goal: "<= 0.02 (50x less)",
        met: |v| v <= 0.02,
    },
    Goal {
        key: "search_100k_p95_ms",
        label: "search over 100k users: p95 (ms)",
        goal: "< 10",
        met: |v| v < 10.0,
    },
    Goal {
        key: "bulk_invite_1000_speedup_vs_sequential",
        label: "bulk invite 1,000 vs one by one",
        goal: ">= 8x",
        met: |v| v >= 8.0,
    },
    Goal {
        key: "bulk_invite_duplicates",
        label: "bulk invite: duplicates",
        goal: "0",
        met: |v| v == 0.0,
    },
    Goal {
        key: "csv_import_100k_preview_s",
        label: "import preview, 100k rows vs 10k cached (s)",
        goal: "< 3",
        met: |v| v < 3.0,
    },
    Goal {
        key: "cross_env_search_p95_ms",
        label: "search across 20 caches x 10k users, p95 (ms)",
        goal: "< 20",
        met: |v| v < 20.0,
    },
    Goal {
        key: "sync_all_20_envs_s",
        label: "delta sync of 20 environments, 10 changes each (s)",
        goal: "< 2",
        met: |v| v < 2.0,
    },
    Goal {
        key: "full_sync_100k_users_s",
        label: "full sync of one 100k-user environment (s)",
        goal: "< 30",
        met: |v| v < 30.0,
    },
    Goal {
        key: "csv_import_1000_vs_bulk_invite_ratio",
        label: "import 1,000 rows / bulk invite 1,000: time",
        goal: "<= 1.2",
        met: |v| v <= 1.2,
    },
    Goal {
        key: "startup_to_overview_ms",
        label: "start to overview, 10k cached, median (ms)",
        goal: "< 1000",
        met: |v| v < 1000.0,
    },
    Goal {
        key: "app_rss_10k_users_mb",
        label: "app resident, 10k users, median (MB)",
        goal: "< 250",
        met: |v| v < 250.0,
    },
    Goal {
        key: "app_rss_over_webview_mb",
        label: "app resident over a bare WebKitGTK window (MB)",
        goal: "<= 50",
        met: |v| v <= 50.0,
    },
    Goal {
        key: "keystroke_to_rows_p95_ms",
        label: "keystroke to painted rows, 100k cached, p95 (ms)",
        goal: "< 33",
        met: |v| v < 33.0,
    },
    Goal {
        key: "local_vs_server_search_ratio",
        label: "same search as a platform round trip / in the window",
        goal: ">= 20x",
        met: |v| v >= 20.0,
    },
    Goal {
        key: "app_process_20_envs_over_1_mb",
        label: "app process, 20 cached environments over 1 (MB)",
        goal: "<= 10",
        met: |v| v <= 10.0,
    },
    Goal {
        key: "installer_mb",
        label: "installer .deb (MB)",
        goal: "< 20",
        met: |v| v < 20.0,
    },
];

pub fn bench() -> Result<()> {
    let started = Instant::now();
    prerequisites::ensure_system_packages()?;
    prerequisites::ensure_npm_packages()?;
    let tauri_driver = prerequisites::ensure_tauri_driver()?;
    tasks::build_ui()?;
    let root = shell::repo_root();
    let mut figures = Map::new();

    // One build for both, so that shared crates compile once.
    step(
        "release build: the app, ecadmin and the benchmarks",
        // --timings: target/cargo-timings/cargo-timing.html shows what the build spent.
        shell::cargo().args([
            "build",
            "--release",
            "--timings",
            "--package",
            "econnect-admin",
            "--package",
            "econnect-bench",
            "--package",
            "econnect-cli",
        ]),
    )?;
    // The .deb as `cargo xtask package` makes it (the app and ecadmin with its documentation).
    let installer = package::bundle(&root, &["deb"], None)?.remove(0);
    figures.insert(
        "installer_mb".into(),
        round(package::size_mb(&installer)?, 2).into(),
    );

    let core = json_output(
        "core benchmarks",
        &mut shell::command(&root.join("target/release/econnect-bench").to_string_lossy()),
    )?;
    figures.extend(core);

    let app = json_output(
        "app benchmarks (start-up, memory)",
        shell::command("node")
            .arg("tests/e2e/bench-app.mjs")
            .env(
                "ECADMIN_E2E_APP",
                root.join("target/release/econnect-admin"),
            )
            .env("ECADMIN_E2E_TAURI_DRIVER", &tauri_driver)
            .env("ECADMIN_E2E_OUT", root.join("target/bench"))
            .env(
                "ECADMIN_BENCH_SEEDER",
                root.join("target/release/econnect-bench"),
            ),
    )?;
    figures.extend(app);

    let results = root.join("target/bench/results.json");
    std::fs::create_dir_all(results.parent().unwrap_or(&root))?;
    std::fs::write(
        &results,
        serde_json::to_string_pretty(&Value::Object(figures.clone()))? + "\n",
    )?;
    print_table(&figures);
    eprintln!(
        "\nwrote {} in {:.0} s",
        results.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs a step whose last stdout line is a JSON object of figures.
fn json_output(name: &str, command: &mut std::process::Command) -> Result<Map<String, Value>> {
    eprintln!("\n==> {name}");
    let started = Instant::now();
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("{name}: cannot start"))?;
    if !output.status.success() {
        bail!("step `{name}` failed ({})", output.status);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout
        .lines()
        .rev()
        .find(|line| line.trim_start().starts_with('{'));
    let figures: Map<String, Value> = serde_json::from_str(last.unwrap_or("{}"))
        .with_context(|| format!("{name}: no JSON figures in its output: {stdout}"))?;
    eprintln!("<== {name}: ok in {:.1} s", started.elapsed().as_secs_f64());
    Ok(figures)
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

/// Figures that explain a goal's figure (printed under it, without a verdict).
const DETAILS: &[(&str, &str, &str)] = &[
    (
        "csv_import_1000_vs_bulk_invite_ratio",
        "csv_import_1000_rows_s",
        "  the import's own time (s)",
    ),
    (
        "startup_to_overview_ms",
        "startup_to_overview_min_ms",
        "  lowest of the three starts",
    ),
    (
        "startup_to_overview_ms",
        "startup_to_overview_max_ms",
        "  highest of the three starts",
    ),
    (
        "app_rss_10k_users_mb",
        "app_rss_10k_users_min_mb",
        "  lowest of the three starts",
    ),
    (
        "app_rss_10k_users_mb",
        "app_rss_10k_users_max_mb",
        "  highest of the three starts",
    ),
    (
        "app_rss_10k_users_mb",
        "app_rss_sum_10k_users_mb",
        "  the processes' VmRSS added up",
    ),
    (
        "app_rss_10k_users_mb",
        "app_pss_10k_users_mb",
        "  the processes' PSS added up",
    ),
    (
        "app_process_20_envs_over_1_mb",
        "app_process_1_env_mb",
        "  the app process, People screen, 1 environment (MB)",
    ),
    (
        "app_process_20_envs_over_1_mb",
        "app_process_20_envs_mb",
        "  the app process, People screen, 20 environments (MB)",
    ),
    (
        "app_process_20_envs_over_1_mb",
        "app_rss_1_env_mb",
        "  the process tree, 1 environment (MB)",
    ),
    (
        "app_process_20_envs_over_1_mb",
        "app_rss_20_envs_mb",
        "  the process tree, 20 environments (MB)",
    ),
];

fn print_table(figures: &Map<String, Value>) {
    println!(
        "\n{:<42} {:>12}  {:<20}",
        "figure", "measured", "goal (SPEC §6)"
    );
    for goal in GOALS {
        let value = figures.get(goal.key).and_then(Value::as_f64);
        let (shown, verdict) = match value {
            Some(value) => (
                format!("{value}"),
                if (goal.met)(value) { "ok" } else { "MISSED" },
            ),
            None => ("—".to_owned(), "not measured"),
        };
        println!(
            "{:<42} {:>12}  {:<20} {verdict}",
            goal.label, shown, goal.goal
        );
        for (_, key, label) in DETAILS.iter().filter(|(of, _, _)| *of == goal.key) {
            if let Some(value) = figures.get(*key).and_then(Value::as_f64) {
                println!("{label:<42} {value:>12}");
            }
        }
    }
}
