//! Tables for people, JSON for scripts.

use comfy_table::{Table, presets};
use serde::Serialize;

use crate::error::CliError;

pub fn json(value: &impl Serialize) -> Result<(), CliError> {
    let text =
        serde_json::to_string_pretty(value).map_err(|error| CliError::Failed(error.to_string()))?;
    println!("{text}");
    Ok(())
}

pub fn table(header: &[&str], rows: Vec<Vec<String>>) {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_header(header.to_vec());
    for row in rows {
        table.add_row(row);
    }
    println!("{}", table.trim_fmt());
}
