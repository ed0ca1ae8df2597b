//! Spreadsheet import: the preview (read + validate + diff) of a 100,000-row file against a
//! cache of 10,000 users, and a 1,000-row import run at 50 ms latency with the rate limit
//! on, to set beside the bulk path's own figure (SPEC §5.6).

use std::time::Instant;

use econnect_api::BulkOptions;
use econnect_core::Workspace;
use econnect_core::workspace::{ImportOptions, RowResult};
use econnect_sandbox::{FaultConfig, Seed};

use crate::round3;
use crate::setup::Platform;

const N_PREVIEW_ROWS: usize = 100_000;
const N_RUN_ROWS: usize = 1_000;

/// A file as an HR export would be: a header, every cached user once (existing users, half
/// of them with a role to change), new addresses, and an error now and then.
fn file(existing: &[String], n_rows: usize) -> Vec<u8> {
    let mut text = String::from("\u{feff}E-mailadres;Naam;Rol;Organisaties\r\n");
    for n in 0..n_rows {
        let line = match existing.get(n) {
            Some(email) if n % 2 == 0 => format!("{email};Bestaand {n};Gevorderde gebruiker;\r\n"),
            Some(email) => format!("{email};Bestaand {n};;\r\n"),
            None if n % 1000 == 7 => format!("geen adres {n};Fout {n};;\r\n"),
            None => format!("nieuw.{n}@large.example;Nieuw {n};Basisgebruiker;\r\n"),
        };
        text.push_str(&line);
    }
    text.into_bytes()
}

pub async fn run(figures: &mut serde_json::Map<String, serde_json::Value>) -> anyhow::Result<()> {
    eprintln!("import: a {N_PREVIEW_ROWS}-row file against a 10,000-user cache …");
    let platform = Platform::start(Seed::Large {
        users: 10_000,
        organisations: 1_000,
    })
    .await?;
    let data = tempfile::tempdir()?;
    let workspace = Workspace::open(data.path(), "Bench", platform.admin()?).await?;
    workspace.sync().await?;
    let existing: Vec<String> = workspace
        .client()
        .all_users(&Default::default())
        .await?
        .into_iter()
        .map(|user| user.email.to_string())
        .collect();
    let bytes = file(&existing, N_PREVIEW_ROWS);
    let started = Instant::now();
    let preview = workspace
        .preview_import(&bytes, &ImportOptions::default())
        .await?;
    let preview_s = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        preview.rows.len() == N_PREVIEW_ROWS,
        "{} rows previewed",
        preview.rows.len()
    );
    eprintln!("import: preview {preview_s:.2} s ({:?})", preview.counts);
    workspace.store().close().await;
    platform.sandbox.stop().await;

    eprintln!("import: {N_RUN_ROWS} rows at 50 ms latency …");
    let platform = Platform::start(Seed::Demo).await?;
    platform
        .set_faults(&FaultConfig {
            latency_ms: 50,
            rate_limit: Some(200),
            ..FaultConfig::default()
        })
        .await?;
    let data = tempfile::tempdir()?;
    let workspace = Workspace::open(data.path(), "Bench", platform.admin()?).await?;
    workspace.sync().await?;
    let mut text = String::from("email,name,role\n");
    for n in 0..N_RUN_ROWS {
        text.push_str(&format!(
            "csv.invitee{n:04}@acme.example,Invitee {n},basic\n"
        ));
    }
    let preview = workspace
        .preview_import(text.as_bytes(), &ImportOptions::default())
        .await?;
    let started = Instant::now();
    let results = workspace
        .run_import(&preview, false, &BulkOptions::default(), &mut |_, _| {})
        .await?;
    let run_s = started.elapsed().as_secs_f64();
    let sent = results
        .iter()
        .filter(|row| row.result == RowResult::Sent)
        .count();
    anyhow::ensure!(sent == N_RUN_ROWS, "{sent} of {N_RUN_ROWS} rows sent");
    eprintln!("import: run {run_s:.2} s");
    workspace.store().close().await;
    platform.sandbox.stop().await;

    figures.insert("csv_import_100k_preview_s".into(), round3(preview_s).into());
    figures.insert("csv_import_1000_rows_s".into(), round3(run_s).into());
    if let Some(bulk) = figures
        .get("bulk_invite_1000_s")
        .and_then(serde_json::Value::as_f64)
    {
        figures.insert(
            "csv_import_1000_vs_bulk_invite_ratio".into(),
            round3(run_s / bulk).into(),
        );
    }
    Ok(())
}
