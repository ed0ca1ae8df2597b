//! Fuzzing the spreadsheet reader with a bounded number of random cases (proptest; run by
//! `cargo xtask test`; `ECADMIN_FUZZ_CASES` raises the count): any bytes are read or refused
//! with a message, never a panic; and whatever the writer writes, the reader reads back cell
//! for cell, whichever separator.

use econnect_core::spreadsheet::{Separator, SheetWriter, read_sheet};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("ECADMIN_FUZZ_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(4_000)
}

/// Bytes shaped like spreadsheet files: separators, quotes, line ends, BOMs, Latin-1 and
/// UTF-8 letters, NULs and the rest.
fn file_like() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            Just(b",".to_vec()),
            Just(b";".to_vec()),
            Just(b"\t".to_vec()),
            Just(b"\"".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\n".to_vec()),
            Just(vec![0xEF, 0xBB, 0xBF]),
            Just(vec![0xFF, 0xFE]),
            Just(vec![0xE9]),
            Just("é".as_bytes().to_vec()),
            Just(b"a@b.example".to_vec()),
            Just(vec![0]),
            "[a-z ]{1,5}".prop_map(String::into_bytes),
            any::<u8>().prop_map(|byte| vec![byte]),
        ],
        0..120,
    )
    .prop_map(|parts| parts.concat())
}

/// A cell people type: letters, separators, quotes, line breaks inside, formula starts.
fn cell() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9@.]{1,6}",
            Just(",".to_owned()),
            Just(";".to_owned()),
            Just("\t".to_owned()),
            Just("\"".to_owned()),
            Just("\n".to_owned()),
            Just("é".to_owned()),
            Just("=".to_owned()),
        ],
        1..6,
    )
    // The reader trims cells (spreadsheets pad them): cells here have no edge whitespace.
    .prop_map(|parts| match parts.concat().trim() {
        "" => "x".to_owned(),
        cell => cell.to_owned(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_are_read_or_refused_with_a_message(bytes in file_like()) {
        match read_sheet(&bytes) {
            Ok(sheet) => {
                prop_assert!(!sheet.rows.is_empty());
                let mut previous = 0;
                for row in &sheet.rows {
                    prop_assert!(row.line > previous, "lines go up: {:?}", sheet.rows);
                    previous = row.line;
                    prop_assert!(row.cells.last().is_some_and(|cell| !cell.is_empty()));
                }
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn what_the_writer_writes_the_reader_reads(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 1..5), 1..8),
        separator in prop_oneof![Just(Separator::Comma), Just(Separator::Semicolon), Just(Separator::Tab)],
    ) {
        // The writer neutralises formula starts; the reader gives the cells as written.
        let expected: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|cell| econnect_core::spreadsheet::neutralise_formula(cell)).collect())
            .collect();
        let mut writer = SheetWriter::new(separator);
        for row in &rows {
            writer.row(row).unwrap();
        }
        let sheet = read_sheet(&writer.finish().unwrap()).unwrap();
        if rows[0].len() > 1 {
            prop_assert_eq!(sheet.separator, separator);
        }
        let read: Vec<Vec<String>> = sheet.rows.into_iter().map(|row| row.cells).collect();
        prop_assert_eq!(read, expected);
    }
}
