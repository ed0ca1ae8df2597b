//! A spreadsheet file as administrators really save it, read into rows of text with the line
//! each row starts on: the encoding from the BOM, else UTF-8 when it is valid, else detected
//! (Excel's "CSV" on a Dutch or German Windows is Windows-1252); the separator (`,`, `;` or
//! tab) from the first lines; quoting, line breaks inside fields, CRLF or LF by the `csv`
//! crate. Blank rows and trailing empty cells are dropped.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// The largest file read, in bytes (200,000 rows of a few columns fit many times over).
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// The most data rows read.
pub const MAX_ROWS: usize = 200_000;

/// Why a file cannot be read as a spreadsheet. Each says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the file is empty: save the spreadsheet with a header row and one row per person")]
    Empty,
    #[error(
        "the file is {size_mb} MB; files up to {max_mb} MB can be imported: split it into smaller files"
    )]
    TooLarge { size_mb: u64, max_mb: u64 },
    #[error("the file has more than {max} rows; split it into files of at most {max} rows")]
    TooManyRows { max: usize },
    #[error(
        "this is not a text file (it looks like {what}); in Excel choose File → Save as → CSV UTF-8, or Unicode text"
    )]
    NotText { what: &'static str },
    #[error("line {line} could not be read: {reason}")]
    Malformed { line: u64, reason: String },
}

/// One row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// The line of the file the row starts on (1-based), as a spreadsheet user finds it.
    pub line: u64,
    /// The cells, trimmed, without trailing empty ones.
    pub cells: Vec<String>,
}

/// A file read into rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The encoding it was read with: "UTF-8", "UTF-16LE", "windows-1252", …
    pub encoding: &'static str,
    /// Whether it started with a byte-order mark.
    pub bom: bool,
    pub separator: Separator,
    /// Every non-blank row, the header (when there is one) included.
    pub rows: Vec<SheetRow>,
}

/// The field separators a spreadsheet uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    Comma,
    Semicolon,
    Tab,
}

impl Separator {
    pub fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
            Separator::Tab => b'\t',
        }
    }

    /// How the preview names it.
    pub fn name(self) -> &'static str {
        match self {
            Separator::Comma => "comma",
            Separator::Semicolon => "semicolon",
            Separator::Tab => "tab",
        }
    }

    /// `,` `;` or `tab` (also `\t`) as typed on a command line.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "," | "comma" => Some(Separator::Comma),
            ";" | "semicolon" => Some(Separator::Semicolon),
            "\t" | "\\t" | "tab" => Some(Separator::Tab),
            _ => None,
        }
    }
}

/// Checks a file's size before it is read at all.
pub fn check_size(size: u64) -> Result<(), SheetError> {
    if size > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge {
            size_mb: size.div_ceil(1024 * 1024),
            max_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    Ok(())
}

/// Reads the bytes of a file.
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet, SheetError> {
    check_size(bytes.len() as u64)?;
    let (text, encoding, bom) = decode(bytes)?;
    let separator = detect_separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator.byte())
        .from_reader(text.as_bytes());
    // The reader's own line count skips blank lines; a person looks for the line the
    // spreadsheet shows, so lines are counted from the byte where each record starts.
    let bytes = text.as_bytes();
    let line_starts: Vec<usize> = (0..bytes.len())
        .filter(|index| {
            bytes[*index] == b'\n'
                || (bytes[*index] == b'\r' && bytes.get(index + 1) != Some(&b'\n'))
        })
        .map(|index| index + 1)
        .collect();
    // A record's position is where the reader started looking for it: before the line end
    // of the row above and any blank lines.
    let line_at = |byte: u64| {
        let byte = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        let start = text
            .get(byte..)
            .and_then(|rest| rest.find(|c| c != '\r' && c != '\n'))
            .map_or(byte, |offset| byte + offset);
        line_starts.partition_point(|line_start| *line_start <= start) as u64 + 1
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| SheetError::Malformed {
            line: error
                .position()
                .map_or(0, |position| line_at(position.byte())),
            reason: error.to_string(),
        })?;
        let line = record
            .position()
            .map_or(0, |position| line_at(position.byte()));
        let mut cells: Vec<String> = record.iter().map(|cell| cell.trim().to_owned()).collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if cells.is_empty() {
            continue;
        }
        if rows.len() > MAX_ROWS {
            return Err(SheetError::TooManyRows { max: MAX_ROWS });
        }
        rows.push(SheetRow { line, cells });
    }
    if rows.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok(Sheet {
        encoding: encoding.name(),
        bom,
        separator,
        rows,
    })
}

/// The text of the file and the encoding it was in.
fn decode(bytes: &[u8]) -> Result<(String, &'static Encoding, bool), SheetError> {
    if bytes.iter().all(|byte| byte.is_ascii_whitespace()) {
        return Err(SheetError::Empty);
    }
    if let Some(what) = binary_signature(bytes) {
        return Err(SheetError::NotText { what });
    }
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        if had_errors && encoding != UTF_8 {
            return Err(SheetError::NotText {
                what: "binary data after a text marker",
            });
        }
        return checked_text(text.into_owned(), encoding, true);
    }
    // UTF-16 without a BOM: every other byte zero.
    if let Some(encoding) = bomless_utf16(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return checked_text(text.into_owned(), encoding, false);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return checked_text(text.to_owned(), UTF_8, false);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _, _) = encoding.decode(bytes);
    checked_text(text.into_owned(), encoding, false)
}

/// Text with NUL or many other control characters is not a spreadsheet.
fn checked_text(
    text: String,
    encoding: &'static Encoding,
    bom: bool,
) -> Result<(String, &'static Encoding, bool), SheetError> {
    let sample: Vec<char> = text.chars().take(64 * 1024).collect();
    let controls = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if sample.contains(&'\0') || controls * 100 > sample.len().max(1) {
        return Err(SheetError::NotText {
            what: "binary data",
        });
    }
    if text.trim().is_empty() {
        return Err(SheetError::Empty);
    }
    Ok((text, encoding, bom))
}

/// Files that are spreadsheets but not text: the formats people pick by mistake.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (
            b"PK\x03\x04",
            "an Excel workbook (.xlsx) or another ZIP file",
        ),
        (b"\xD0\xCF\x11\xE0", "an old Excel workbook (.xls)"),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
    ];
    SIGNATURES
        .iter()
        .find(|(signature, _)| bytes.starts_with(signature))
        .map(|(_, what)| *what)
}

fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|byte| **byte == 0)
            .count()
    };
    let half = sample.len() / 2;
    if zeros_at(1) * 10 >= half * 9 && zeros_at(0) == 0 {
        Some(UTF_16LE)
    } else if zeros_at(0) * 10 >= half * 9 && zeros_at(1) == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The separator that splits the first lines most consistently: the one found (outside
/// quotes) in the most of the first 20 lines, then the most often; ties go to tab, then `;`,
/// then `,` (a comma-separated file rarely has semicolons in its header; the reverse is
/// common).
fn detect_separator(text: &str) -> Separator {
    let lines = first_records(text, 20);
    let score = |separator: char| {
        let counts: Vec<usize> = lines
            .iter()
            .map(|line| line.chars().filter(|c| *c == separator).count())
            .collect();
        (
            counts.iter().filter(|n| **n > 0).count(),
            counts.iter().sum::<usize>(),
        )
    };
    let candidates = [
        (Separator::Tab, score('\t')),
        (Separator::Semicolon, score(';')),
        (Separator::Comma, score(',')),
    ];
    let best = candidates
        .iter()
        .filter(|(_, (lines, _))| *lines > 0)
        .max_by(|(_, a), (_, b)| a.cmp(b))
        .map(|(separator, score)| (*separator, *score));
    match best {
        // `max_by` keeps the last of equal scores: find the first with that score instead.
        Some((_, score)) => candidates
            .iter()
            .find(|(_, candidate)| *candidate == score)
            .map_or(Separator::Comma, |(separator, _)| *separator),
        None => Separator::Comma,
    }
}

/// The first `n` non-blank lines with their quoted parts removed.
fn first_records(text: &str, n: usize) -> Vec<String> {
    let mut records = Vec::new();
    let mut outside = String::new();
    let mut quoted = false;
    let mut blank = true;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                blank = false;
            }
            '\n' | '\r' if !quoted => {
                if !blank {
                    records.push(std::mem::take(&mut outside));
                    if records.len() == n {
                        return records;
                    }
                }
                outside.clear();
                blank = true;
            }
            _ => {
                blank &= c.is_whitespace();
                if !quoted {
                    outside.push(c);
                }
            }
        }
    }
    if !blank {
        records.push(outside);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_found_outside_quotes() {
        assert_eq!(
            detect_separator("email;name\na@b.example;A"),
            Separator::Semicolon
        );
        assert_eq!(detect_separator("email,name\n"), Separator::Comma);
        assert_eq!(detect_separator("email\tname;x\n"), Separator::Tab);
        assert_eq!(
            detect_separator("\"Jansen; Piet\",email\n"),
            Separator::Comma,
            "the semicolon is inside quotes"
        );
        assert_eq!(detect_separator("a@b.example\n"), Separator::Comma);
        assert_eq!(
            detect_separator("email\na@b.example;A\nc@d.example;C\n"),
            Separator::Semicolon,
            "found on the lines below a header of one column"
        );
    }

    #[test]
    fn utf16_without_a_bom_is_recognised() {
        let bytes: Vec<u8> = "email\tname\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(bomless_utf16(&bytes), Some(UTF_16LE));
        assert_eq!(bomless_utf16(b"email,name\r\n"), None);
    }
}

#[cfg(test)]
mod line_numbers {
    use super::*;

    #[test]
    fn rows_keep_the_line_they_start_on() {
        let sheet = read_sheet(b"email;name\r\na@x.example;A\r\n\r\n\"b@x.example\";\"two\r\nlines\"\r\nc@x.example;C\r\n").unwrap();
        let lines: Vec<u64> = sheet.rows.iter().map(|row| row.line).collect();
        assert_eq!(lines, [1, 2, 4, 6]);
    }
}
