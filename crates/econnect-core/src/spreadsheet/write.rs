//! Writing a spreadsheet Excel opens as it should: UTF-8 with a BOM (else Excel reads it as
//! the Windows code page), CRLF line ends, every field quoted, and the separator the user's
//! Excel expects (`;` where the decimal separator is a comma, as in Dutch). Cells that a
//! spreadsheet would run as a formula are neutralised (OWASP "CSV injection").

use super::read::Separator;

/// Rows written to a buffer.
pub struct SheetWriter {
    writer: csv::Writer<Vec<u8>>,
}

impl SheetWriter {
    pub fn new(separator: Separator) -> Self {
        let mut buffer = Vec::new();
        buffer.extend_from_slice("\u{feff}".as_bytes());
        let writer = csv::WriterBuilder::new()
            .delimiter(separator.byte())
            .quote_style(csv::QuoteStyle::Always)
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(buffer);
        Self { writer }
    }

    /// One row; each cell neutralised first.
    pub fn row<I, S>(&mut self, cells: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|cell| neutralise_formula(cell.as_ref()))
            .collect();
        self.writer
            .write_record(&cells)
            .map_err(std::io::Error::other)
    }

    pub fn finish(self) -> std::io::Result<Vec<u8>> {
        self.writer
            .into_inner()
            .map_err(|error| std::io::Error::other(error.to_string()))
    }
}

/// A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
/// so that a spreadsheet shows it as text instead of running it.
pub fn neutralise_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The reverse, for reading a file this app wrote: `'=x` is `=x` again.
pub fn undo_formula_guard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_read_back() {
        for cell in ["=HYPERLINK(\"x\")", "+31 20", "-2", "@SUM(A1)", "\tx"] {
            let safe = neutralise_formula(cell);
            assert!(safe.starts_with('\''), "{safe}");
            assert_eq!(undo_formula_guard(&safe), cell);
        }
        assert_eq!(neutralise_formula("Ada"), "Ada");
        assert_eq!(undo_formula_guard("'t Hooft"), "'t Hooft");
    }

    #[test]
    fn excel_ready_bytes() {
        let mut writer = SheetWriter::new(Separator::Semicolon);
        writer.row(["email", "name"]).unwrap();
        writer.row(["a@b.example", "Jansen; Piet"]).unwrap();
        let bytes = writer.finish().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}\"email\";\"name\"\r\n\"a@b.example\";\"Jansen; Piet\"\r\n"
        );
    }
}
