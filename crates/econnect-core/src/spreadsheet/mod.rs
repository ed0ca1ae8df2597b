//! Spreadsheets in and out: reading a CSV or tab-separated file as Excel and other tools save
//! it (`read`), what its columns and values mean in English and Dutch (`columns`), and
//! writing one that Excel opens as it should and that the importer reads back (`write`).
//! What a file's rows would do, and doing it, are the workspace's
//! ([`crate::workspace::ImportPreview`]).

pub mod columns;
mod read;
mod write;

pub use read::{
    MAX_FILE_BYTES, MAX_ROWS, Separator, Sheet, SheetError, SheetRow, check_size, read_sheet,
};
pub use write::{SheetWriter, neutralise_formula, undo_formula_guard};
