//! `econnect-bench`: measures the core against SPEC §6 and prints one JSON object of figures
//! (numbers only) on stdout; progress goes to stderr. `cargo xtask bench` runs it in release
//! mode, adds the app's own figures (start-up, memory, installer) and writes
//! `target/bench/results.json`.
//!
//! Everything runs on loopback against the real sandbox, real SQLite files and the real
//! client; nothing is mocked.
//!
//! `econnect-bench seed DIR SEED` only seeds a sandbox's data folder (for example the app's
//! Local sandbox, `DIR` = its folder, `SEED` = `large:10000:1000`) and exits: the app's
//! benchmark prepares its environment with it.

mod bulk;
mod import;
mod many;
mod outbox;
mod search;
mod setup;
mod sync;

use std::time::Instant;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [command, dir, seed] = args.as_slice()
        && command == "seed"
    {
        let seed: econnect_sandbox::Seed = seed.parse()?;
        return setup::seed_folder(dir.into(), seed).await;
    }
    if let [command] = args.as_slice()
        && command == "many"
    {
        // Only the many-environments figures (while working on them).
        let mut figures = serde_json::Map::new();
        many::run(&mut figures).await?;
        println!("{}", serde_json::Value::Object(figures));
        return Ok(());
    }
    if !args.is_empty() {
        anyhow::bail!("usage: econnect-bench [seed DIR SEED | many]");
    }
    let started = Instant::now();
    let mut figures = serde_json::Map::new();
    sync::run(&mut figures).await?;
    search::run(&mut figures).await?;
    bulk::run(&mut figures).await?;
    outbox::run(&mut figures).await?;
    import::run(&mut figures).await?;
    many::run(&mut figures).await?;
    eprintln!(
        "core benchmarks done in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!("{}", serde_json::Value::Object(figures));
    Ok(())
}

/// Rounds to three decimals.
pub fn round3(value: f64) -> f64 {
    round_to(value, 3)
}

/// Rounds to `digits` decimals.
pub fn round_to(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}
