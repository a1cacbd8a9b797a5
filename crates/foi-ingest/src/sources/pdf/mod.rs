//! PDF letters and exports with a text layer: the words and their positions (poppler's `pdftotext -bbox`), laid
//! out as paragraphs and tables ([`layout`]), then flowed like any other document. Tables are named by page
//! ("page 2 table 1"); a table that runs on over a page break is one table to every reader, its rows on the next
//! page addressed as "page 3 table 1 (continued)". A letterhead or footer repeated on every page is read once.
//! A PDF with no text at all is a scan: a read error that asks for OCR or transcription, never an empty answer.

pub mod layout;
pub mod words;

use std::collections::HashMap;

use layout::{Block, Line, Table};
use words::Page;

use super::{Document, FlowBuilder, NoteKind, ReadError, ReadNote};

pub fn read(file: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let pages = words::extract(bytes)?;
    read_pages(file, &pages)
}

/// A document from pages of words (the part of [`read`] after pdftotext).
pub fn read_pages(file: &str, pages: &[Page]) -> Result<Document, ReadError> {
    if pages.iter().all(|p| p.words.is_empty()) {
        return Err(ReadError::Scanned(format!(
            "scanned: {} with no text layer, so no figure can be read; needs OCR or transcription (type its figures in as [[figure]] entries with their page)",
            plural(pages.len(), "page")
        )));
    }
    let mut notes = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        if p.words.is_empty() {
            notes.push(ReadNote::new(
                format!("page {}", i + 1),
                NoteKind::Unreadable,
                format!("page {} has no text layer (a scan?): not read; it needs OCR or transcription", i + 1),
            ));
        }
    }
    let mut page_lines: Vec<Vec<Line>> = pages.iter().map(|p| layout::lines(&p.words)).collect();
    strip_running(&mut page_lines, pages);
    let page_blocks: Vec<Vec<Block>> = page_lines.iter().map(|l| layout::blocks(l)).collect();
    let (sheet, prose) = flow(&page_blocks).finish("document");
    Ok(Document { file: file.to_string(), kind: "pdf", sheets: vec![sheet], prose, notes, ..Default::default() })
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// A letterhead or footer repeated on several pages (the same words at the same height, near the top or the
/// bottom) is kept on the first page it appears on and dropped from the others; a page number ("Page 2 of 6",
/// "3") at the top or bottom is dropped everywhere.
fn strip_running(page_lines: &mut [Vec<Line>], pages: &[Page]) {
    let edge = |l: &Line, p: &Page| l.y1 < 0.2 * p.height || l.y0 > 0.85 * p.height;
    let page_number = |l: &Line| {
        let t = l.text().to_lowercase();
        let t = t.trim_start_matches("page").trim();
        !t.is_empty()
            && t.split(|c: char| c == '/' || c.is_whitespace()).filter(|w| !w.is_empty() && *w != "of").count() <= 2
            && t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '/' || "of".contains(c))
            && t.chars().any(|c| c.is_ascii_digit())
    };
    // (exact text, height to 3 pt) → the pages it is on
    let key = |l: &Line| (l.text(), (l.y0 / 3.0).round() as i64);
    let mut seen: HashMap<(String, i64), Vec<usize>> = HashMap::new();
    for (i, (lines, page)) in page_lines.iter().zip(pages).enumerate() {
        for l in lines.iter().filter(|l| edge(l, page)) {
            let on = seen.entry(key(l)).or_default();
            if on.last() != Some(&i) {
                on.push(i);
            }
        }
    }
    let several = page_lines.len() >= 2;
    for (i, (lines, page)) in page_lines.iter_mut().zip(pages).enumerate() {
        lines.retain(|l| {
            if !edge(l, page) {
                return true;
            }
            if several && page_number(l) {
                return false;
            }
            let on = &seen[&key(l)];
            on.len() < 2 || on[0] == i
        });
    }
}

/// The table a page ended with (or the table just read): its columns and its header row.
type OpenTable = (Vec<(f64, f64)>, Vec<String>);

/// A part of the flow before it is written: a paragraph, a table, or more rows of the table before it.
enum Part {
    Paragraph(String, String),
    Table { name: String, rows: Vec<Vec<String>>, continues: bool },
}

/// The pages' blocks as one flowed document: paragraphs and tables named by page, a table joined by the table
/// that follows it with nothing between (at the head of the next page, or further down the same page after a
/// tall row) when their columns line up and the second does not start with a heading of its own.
fn flow(page_blocks: &[Vec<Block>]) -> FlowBuilder {
    let mut parts: Vec<Part> = Vec::new();
    // The table just written: its columns and header row.
    let mut open: Option<OpenTable> = None;
    for (p, blocks) in page_blocks.iter().enumerate() {
        let page = p + 1;
        let (mut tables, mut paragraphs) = (0, 0);
        for (j, b) in blocks.iter().enumerate() {
            match b {
                Block::Paragraph { text, .. } => {
                    paragraphs += 1;
                    parts.push(Part::Paragraph(format!("page {page} paragraph {paragraphs}"), text.clone()));
                    open = None;
                }
                Block::Table(t) => match open.as_ref().and_then(|(bands, header)| continuation(bands, header, t)) {
                    Some(mut rows) => {
                        let Some(Part::Table { rows: above, .. }) = parts.last_mut() else { unreachable!("open") };
                        // A row cut by the page break: its label's last words head the next page alone.
                        if split_cell(&rows) {
                            let tail = rows.remove(0);
                            if let Some(last) = above.last_mut() {
                                for (cell, more) in last.iter_mut().zip(tail) {
                                    if !more.is_empty() {
                                        cell.push(' ');
                                        cell.push_str(&more);
                                    }
                                }
                            }
                        }
                        if j == 0 {
                            // At the head of a page: the same table, its rows here addressed by this page.
                            tables += 1;
                            let name = format!("page {page} table {tables} (continued)");
                            parts.push(Part::Table { name, rows, continues: true });
                        } else {
                            // Further down the same page, after a tall row: the same rows' numbering goes on.
                            above.extend(rows);
                        }
                    }
                    None => {
                        tables += 1;
                        parts.push(Part::Table {
                            name: format!("page {page} table {tables}"),
                            rows: t.rows.clone(),
                            continues: false,
                        });
                        open = Some((t.bands.clone(), t.rows.first().cloned().unwrap_or_default()));
                    }
                },
            }
        }
    }
    let mut flow = FlowBuilder::default();
    for part in parts {
        match part {
            Part::Paragraph(name, text) => flow.named_paragraph(name, &text),
            Part::Table { name, rows, continues: false } => flow.named_table(name, rows),
            Part::Table { name, rows, continues: true } => flow.continue_table(name, rows),
        }
    }
    flow
}

/// The first row of a continuation holds only words in its first column and no figure: the rest of a label
/// the page break cut.
fn split_cell(rows: &[Vec<String>]) -> bool {
    rows.first()
        .is_some_and(|r| !r.is_empty() && !r[0].is_empty() && r[1..].iter().all(String::is_empty) && rows.len() > 1)
}

/// The rows of `t` laid into the columns of the table it continues, or `None` when its columns do not line up
/// with them (every column of `t` must fall within a different column of the table above, in order). A header
/// row repeated at the head of the page is dropped.
fn continuation(bands: &[(f64, f64)], header: &[String], t: &Table) -> Option<Vec<Vec<String>>> {
    if t.bands.len() > bands.len() {
        return None;
    }
    let overlap = |a: (f64, f64), b: (f64, f64)| (a.1.min(b.1) - a.0.max(b.0)).max(0.0);
    let mut map = Vec::with_capacity(t.bands.len());
    for &b in &t.bands {
        let (i, o) = bands.iter().enumerate().map(|(i, &a)| (i, overlap(a, b))).max_by(|x, y| x.1.total_cmp(&y.1))?;
        let narrow = (b.1 - b.0).min(bands[i].1 - bands[i].0);
        if o < 0.3 * narrow.max(1.0) || map.last().is_some_and(|&prev| prev >= i) {
            return None;
        }
        map.push(i);
    }
    let mut rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![String::new(); bands.len()];
            for (cell, &i) in r.iter().zip(&map) {
                row[i] = cell.clone();
            }
            row
        })
        .collect();
    if rows.first().is_some_and(|r| r == header) {
        rows.remove(0);
    } else if rows.first().is_some_and(|r| r.iter().all(|c| !is_figure(c.as_str()))) && !split_cell(&rows) {
        // A new heading: another table with the same columns.
        return None;
    }
    Some(rows)
}

fn is_figure(text: &str) -> bool {
    use crate::values::{read_text_value, Value};
    matches!(read_text_value(text), Value::Count(_) | Value::Suppressed(_) | Value::Dash)
}

#[cfg(test)]
mod tests {
    use super::words::Word;
    use super::*;

    fn page(spec: &[(f64, f64, &str)]) -> Page {
        let words = spec
            .iter()
            .flat_map(|&(x, y, text)| {
                let mut x = x;
                text.split(' ')
                    .map(|t| {
                        let w = Word { x0: x, y0: y, x1: x + 6.0 * t.len() as f64, y1: y + 10.0, text: t.into() };
                        x = w.x1 + 2.5;
                        w
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        Page { width: 595.0, height: 842.0, words }
    }

    #[test]
    fn a_table_over_a_page_break_is_one_table_without_the_repeated_letterhead() {
        let head = |mut v: Vec<(f64, f64, &'static str)>| {
            v.insert(0, (400.0, 30.0, "Police Headquarters"));
            v
        };
        let p1 = page(&head(vec![
            (40.0, 100.0, "Dear Ms Robinson,"),
            (40.0, 200.0, "Offence"),
            (200.0, 200.0, "2021"),
            (40.0, 213.0, "Arson"),
            (200.0, 213.0, "3"),
            (40.0, 226.0, "Rape"),
            (200.0, 226.0, "8"),
        ]));
        let p2 = page(&head(vec![
            (40.0, 80.0, "Robbery"),
            (200.0, 80.0, "2"),
            (40.0, 93.0, "Theft"),
            (200.0, 93.0, "11"),
            (40.0, 150.0, "Yours sincerely"),
        ]));
        let d = read_pages("x.pdf", &[p1, p2]).unwrap();
        let s = &d.sheets[0];
        let layout = crate::tables::find_tables(s, &[]);
        assert_eq!(layout.tables.len(), 1);
        let t = &layout.tables[0];
        assert_eq!(t.rows.len(), 4, "Arson, Rape, Robbery, Theft");
        let theft = *t.rows.last().unwrap();
        assert_eq!(s.cell(theft, 1).display(), "11");
        assert_eq!(s.locate(theft, 1), ("page 2 table 1 (continued)".to_string(), "B2".to_string()));
        assert_eq!(s.locate(t.rows[0], 1), ("page 1 table 1".to_string(), "B2".to_string()));
        assert_eq!(d.prose.iter().filter(|p| p.contains("Police Headquarters")).count(), 1, "{:?}", d.prose);
        assert!(d.prose.contains(&"Yours sincerely".to_string()));
    }

    #[test]
    fn a_scan_is_an_error_asking_for_ocr() {
        let blank = Page { width: 595.0, height: 842.0, words: vec![] };
        let err = read_pages("scan.pdf", &[blank.clone(), blank]).unwrap_err();
        assert!(err.to_string().starts_with("scanned: 2 pages with no text layer"), "{err}");
    }
}
