//! Readers: bytes in, [`Document`]s out. Formats are recognised by content, never by file extension.
//!
//! A reader never panics on input and never gives up on a whole force because one file is odd: it returns
//! what it could read and the caller records a problem for the rest.

mod archive;
mod csv;
mod docx;
mod eml;
pub mod guard;
mod html;
pub mod isolate;
pub mod pdf;
mod rich_text;
mod spreadsheet;
mod xlsx_xml;

pub use flow::FlowBuilder;

mod flow {
    use crate::grid::{Cell, FlowBlock, Origin, Sheet};

    /// Lays a document's paragraphs and tables out as rows, remembering which table each row came from.
    #[derive(Default)]
    pub struct FlowBuilder {
        rows: Vec<Vec<Cell>>,
        blocks: Vec<FlowBlock>,
        tables: usize,
        paragraphs: usize,
        pub prose: Vec<String>,
    }

    impl FlowBuilder {
        pub fn paragraph(&mut self, text: &str) {
            let name = format!("paragraph {}", self.paragraphs + 1);
            self.named_paragraph(name, text);
        }

        /// A paragraph under a name of the reader's choosing ("page 2 paragraph 3").
        pub fn named_paragraph(&mut self, name: String, text: &str) {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() {
                return;
            }
            self.paragraphs += 1;
            self.blocks.push(FlowBlock { first_row: self.rows.len(), name });
            self.rows.push(vec![Cell::Text(text.as_str().into())]);
            self.prose.push(text);
        }

        /// A table's rows; each row's cells already padded for column spans.
        pub fn table(&mut self, rows: Vec<Vec<String>>) {
            let name = format!("table {}", self.tables + 1);
            self.named_table(name, rows);
        }

        /// A table under a name of the reader's choosing ("page 2 table 1").
        pub fn named_table(&mut self, name: String, rows: Vec<Vec<String>>) {
            if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
                return;
            }
            self.tables += 1;
            // A blank row keeps consecutive tables apart, as they are on the page.
            self.rows.push(Vec::new());
            self.push_rows(name, rows);
        }

        /// More rows of the table just added (a table continued on the next page): one table to every reader,
        /// its rows addressed under `name` ("page 3 table 1 (continued)").
        pub fn continue_table(&mut self, name: String, rows: Vec<Vec<String>>) {
            if self.rows.last().is_some_and(|r| r.is_empty()) {
                self.rows.pop();
            }
            self.push_rows(name, rows);
        }

        fn push_rows(&mut self, name: String, rows: Vec<Vec<String>>) {
            self.blocks.push(FlowBlock { first_row: self.rows.len(), name });
            for r in rows {
                self.rows.push(
                    r.into_iter()
                        .map(|c| if c.trim().is_empty() { Cell::Empty } else { Cell::Text(c.into()) })
                        .collect(),
                );
            }
            self.rows.push(Vec::new());
        }

        pub fn finish(self, name: &str) -> (Sheet, Vec<String>) {
            let sheet = Sheet {
                name: name.to_string(),
                rows: self.rows,
                origin: Origin::Flow { blocks: self.blocks },
                merges: Vec::new(),
            };
            (sheet, self.prose)
        }
    }
}

use chrono::NaiveDate;
use std::borrow::Cow;

use crate::grid::Sheet;

/// What one file (or one attachment) holds: sheets of cells, and its prose (letter text, titles, notes).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// Path relative to the raw folder; attachments are `letter.eml/attachment.xlsx`.
    pub file: String,
    /// Set by whoever reads the file (a document back from a child process is given its kind again).
    #[serde(skip)]
    pub kind: &'static str,
    pub sheets: Vec<Sheet>,
    /// Free text outside tables: letter paragraphs, email bodies and subjects.
    pub prose: Vec<String>,
    /// The date the answer was sent, when the file says (an email's Date header).
    pub sent: Option<NaiveDate>,
    /// Things the reader skipped or could not read inside an otherwise readable file.
    pub notes: Vec<ReadNote>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReadNote {
    pub sheet: String,
    pub message: String,
    pub kind: NoteKind,
}

/// What a reader skipped inside a readable file, and so how much it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NoteKind {
    /// A hidden sheet, left unread on purpose.
    Hidden,
    /// A sheet or attachment that could not be read.
    Unreadable,
    /// A sheet cut short by a limit: what was read of it is incomplete.
    Truncated,
}

impl ReadNote {
    pub fn new(sheet: impl Into<String>, kind: NoteKind, message: impl Into<String>) -> ReadNote {
        ReadNote { sheet: sheet.into(), message: message.into(), kind }
    }
}

/// The text of an XML character or entity reference that quick-xml hands over unresolved (`amp`, `#8217`).
fn general_ref(name: &str) -> String {
    let named = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    };
    let num =
        name.strip_prefix("#x").map(|h| u32::from_str_radix(h, 16)).or_else(|| name.strip_prefix('#').map(str::parse));
    match num.and_then(Result::ok).and_then(char::from_u32) {
        Some(c) => c.to_string(),
        None => named.to_string(),
    }
}

/// Bounds on what one file may cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Cells read from one sheet (xlsx, xlsb, csv) before it is cut short (and its force's figures blocked).
    pub max_sheet_cells: u64,
    /// Where the readers that cannot be bounded from inside (xls, ods, HTML) run: a child process with
    /// memory and time limits. `None` reads them in this process, bounded only by file size.
    pub sandbox: Option<isolate::Sandbox>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_sheet_cells: spreadsheet::MAX_GRID_CELLS, sandbox: None }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not a format foi reads ({0})")]
    Unsupported(String),
    #[error("{0}")]
    Corrupt(String),
    #[error("the reader crashed on this file ({0}); it was skipped")]
    Panicked(String),
    #[error("the file is {0} bytes, over the {1}-byte limit for its format")]
    TooLarge(u64, u64),
    /// Over a limit of what one file may cost to read (a zip bomb, a cell of megabytes, a table nested
    /// thousands deep): the file is not read.
    #[error("not read: {0}")]
    Limit(String),
    /// A PDF with no text layer: its figures are pictures of text.
    #[error("{0}")]
    Scanned(String),
}

/// The formats recognised by sniffing the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Docx,
    Csv,
    Html,
    Eml,
    Pdf,
    /// A zip archive of other files.
    Zip,
}

/// Largest file read at all. Most FOI answers are kilobytes, but a row-level extract of a million crimes as CSV
/// is about 110 MB; what a file may cost once read is bounded by the cell cap of [`Limits`].
pub const MAX_FILE_BYTES: u64 = 192 * 1024 * 1024;

pub fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Format::Xls);
    }
    // The header may follow a little junk (up to 1 KB, as PDF readers allow).
    if bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Ok(Format::Pdf);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<table") {
        return Ok(Format::Html);
    }
    if looks_like_email(head) {
        return Ok(Format::Eml);
    }
    if bytes.iter().take(4096).filter(|&&b| b == 0).count() > 0
        && !bytes.starts_with(&[0xFF, 0xFE])
        && !bytes.starts_with(&[0xFE, 0xFF])
    {
        return Err(ReadError::Unsupported("binary file of unknown kind".into()));
    }
    Ok(Format::Csv)
}

fn looks_like_email(head: &str) -> bool {
    let mut headers = 0;
    for line in head.lines().take(30) {
        if line.is_empty() {
            break;
        }
        if ["from:", "to:", "subject:", "date:", "mime-version:", "content-type:", "received:", "message-id:"]
            .iter()
            .any(|h| line.starts_with(h))
        {
            headers += 1;
        }
    }
    headers >= 2
}

fn sniff_zip(bytes: &[u8]) -> Result<Format, ReadError> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("damaged zip container: {e}")))?;
    let names: Vec<String> = archive.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("word/document.xml") {
        Ok(Format::Docx)
    } else if has("content.xml") && bytes.windows(39).any(|w| w == b"application/vnd.oasis.opendocument.spre") {
        Ok(Format::Ods)
    } else if has("content.xml") {
        Err(ReadError::Unsupported("OpenDocument file that is not a spreadsheet".into()))
    } else {
        Ok(Format::Zip)
    }
}

/// Read one file's bytes into documents (an email yields itself and one per attachment).
pub fn read_bytes(file: &str, bytes: &[u8], limits: &Limits) -> Result<Vec<Document>, ReadError> {
    read_nested(file, bytes, 0, limits)
}

fn read_nested(file: &str, bytes: &[u8], depth: usize, limits: &Limits) -> Result<Vec<Document>, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64, MAX_FILE_BYTES));
    }
    let format = sniff(bytes)?;
    let (facts, unpacked) = if matches!(format, Format::Xlsx | Format::Xlsb | Format::Docx | Format::Ods | Format::Zip)
    {
        // A workbook or letter is read here from the copy the guard unpacked. Not an archive of answers, whose
        // reader weighs each member's stored size against its inflated size, nor an OpenDocument file, read
        // in a child process from the file as it came.
        guard::check_and_unpack(bytes, matches!(format, Format::Xlsx | Format::Xlsb | Format::Docx))?
    } else {
        // Nothing was learnt, so nothing is skipped.
        (guard::ZipFacts::UNKNOWN, None)
    };
    if let (Some(sandbox), Format::Xls | Format::Ods | Format::Html) = (&limits.sandbox, format) {
        return isolate::read(sandbox, file, bytes, format, limits).map(|d| vec![d]);
    }
    read_in_process(file, unpacked.as_deref().unwrap_or(bytes), format, depth, limits, facts)
}

/// Read a file whose format is known, in this process.
fn read_in_process(
    file: &str,
    bytes: &[u8],
    format: Format,
    depth: usize,
    limits: &Limits,
    facts: guard::ZipFacts,
) -> Result<Vec<Document>, ReadError> {
    // Readers are third-party parsers of hostile input: a panic in one must cost one file, not the run.
    let result = std::panic::catch_unwind(|| match format {
        Format::Xlsx | Format::Xlsb | Format::Xls | Format::Ods => {
            spreadsheet::read(file, bytes, format, limits, facts).map(|d| vec![d])
        }
        Format::Csv => csv::read(file, bytes, limits).map(|d| vec![d]),
        Format::Html => html::read(file, bytes).map(|d| vec![d]),
        Format::Docx => docx::read(file, bytes).map(|d| vec![d]),
        Format::Eml => eml::read(file, bytes, depth, limits),
        Format::Pdf => pdf::read(file, bytes).map(|d| vec![d]),
        Format::Zip => archive::read(file, bytes, depth, limits),
    });
    match result {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(ReadError::Panicked(msg))
        }
    }
}

/// Text decoded as UTF-8 (with or without BOM), UTF-16 with BOM, or else Windows-1252.
pub fn decode_text(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest), "UTF-8 (BOM)");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, enc, _) = encoding_rs::UTF_16LE.decode(bytes);
        return (text, enc.name());
    }
    // UTF-8 is borrowed as it is: a million-row extract is not copied to be read.
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text, "Windows-1252")
        }
    }
}

/// The fast xlsx reader's sheets and notes, or why it declined.
#[doc(hidden)]
pub type FastRead = Result<(Vec<Sheet>, Vec<ReadNote>), &'static str>;

/// An xlsx read both ways, for the test that holds the fast reader to calamine: the fast reader's sheets and
/// notes (or why it declined), and calamine's document. `whole` to read merges and superscripts whether or not
/// the guard saw any; `unpack` to read the copy the guard unpacks (as ingest does), else the file as given.
#[doc(hidden)]
pub fn xlsx_both_ways(
    bytes: &[u8],
    limits: &Limits,
    whole: bool,
    unpack: bool,
) -> Result<(FastRead, Result<Document, ReadError>), ReadError> {
    let (facts, unpacked) = guard::check_and_unpack(bytes, unpack)?;
    let facts = if whole { guard::ZipFacts::UNKNOWN } else { facts };
    let bytes = unpacked.as_deref().unwrap_or(bytes);
    let fast = spreadsheet::read_xlsx_xml(bytes, limits, facts).map_err(|d| d.0);
    let mut doc = Document { file: String::new(), kind: "xlsx", ..Default::default() };
    let slow = spreadsheet::xlsx_with_calamine(&mut doc, bytes, limits, facts).map(|()| doc);
    Ok((fast, slow))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"a,b\n1,2\n").unwrap(), Format::Csv);
        assert_eq!(sniff(b"<!DOCTYPE html><html><table>").unwrap(), Format::Html);
        assert_eq!(sniff(b"From: a@b\nTo: c@d\nSubject: x\n\nbody").unwrap(), Format::Eml);
        assert_eq!(sniff(b"%PDF-1.7\n").unwrap(), Format::Pdf);
    }

    #[test]
    fn decodes_windows_1252() {
        let (text, enc) = decode_text(b"2021\x9622");
        assert_eq!((text.as_ref(), enc), ("2021\u{2013}22", "Windows-1252"));
        assert_eq!(decode_text(b"\xEF\xBB\xBFYear").0, "Year");
    }
}
