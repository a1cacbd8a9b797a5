//! xlsx / xlsm / xlsb / xls / ods through calamine.
//!
//! calamine builds a dense grid over a sheet's bounding box, so a tiny file with cells at A1 and XFD1048576
//! would ask for hundreds of gigabytes and abort the process (pitfalls.md). For xlsx and xlsb we stream the
//! cells and build our own grid only when the box is sane; xls and ods have no streaming reader, so they are
//! bounded by file size.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Ods, Reader, SheetVisible, Xls, Xlsb, Xlsx};

use super::{Document, Format, Limits, NoteKind, ReadError, ReadNote};
use crate::grid::{Cell, Merge, Origin, Sheet};

/// A sheet may hold at most this many cells in its bounding box: a list of a million crimes in six columns.
pub const MAX_GRID_CELLS: u64 = 6_000_000;
/// xls and ods are parsed whole at open: cap their size instead.
pub const MAX_WHOLE_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Stream one sheet's cells (xlsx and xlsb readers share the shape but no trait), stopping at
/// `limits.max_sheet_cells`: a zip can inflate to any number of cells. A sheet cut short is a `Truncated` note,
/// which blocks the force's figures. `None` when the sheet cannot be opened.
macro_rules! stream_cells {
    ($wb:expr, $name:expr, $doc:expr, $limits:expr) => {{
        match $wb.worksheet_cells_reader(&$name) {
            Err(e) => {
                $doc.notes.push(ReadNote::new($name.clone(), NoteKind::Unreadable, format!("sheet unreadable: {e}")));
                None
            }
            Ok(mut reader) => {
                let mut cells = Vec::new();
                let cap = $limits.max_sheet_cells;
                loop {
                    match reader.next_cell() {
                        Ok(Some(_)) if cells.len() as u64 >= cap => {
                            $doc.notes.push(ReadNote::new(
                                $name.clone(),
                                NoteKind::Truncated,
                                format!("sheet has more than {cap} cells; only the first {cap} were read, so every figure counted from it is incomplete"),
                            ));
                            break;
                        }
                        Ok(Some(c)) => {
                            let (r, col) = c.get_position();
                            cells.push((r, col, from_data(&Data::from(c.get_value().clone()))));
                        }
                        Ok(None) => break,
                        Err(e) => {
                            $doc.notes.push(ReadNote::new(
                                $name.clone(),
                                NoteKind::Truncated,
                                format!("sheet cut short by damage: {e}"),
                            ));
                            break;
                        }
                    }
                }
                Some(cells)
            }
        }
    }};
}

pub fn read(file: &str, bytes: &[u8], format: Format, limits: &Limits) -> Result<Document, ReadError> {
    let mut doc = Document { file: file.to_string(), ..Default::default() };
    let corrupt = |e: &dyn std::fmt::Display| ReadError::Corrupt(format!("{e}"));
    match format {
        Format::Xlsx => {
            doc.kind = "xlsx";
            let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
            let markers = super::rich_text::marker_free(bytes);
            for (name, visible) in sheet_list(&wb) {
                if let Some(note) = hidden_note(&name, visible) {
                    doc.notes.push(note);
                    continue;
                }
                let Some(cells) = stream_cells!(wb, name, doc, limits) else { continue };
                let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
                let cells = if markers.is_empty() {
                    cells
                } else {
                    // A footnote marker typed as a superscript run never joins the number or label before it.
                    cells
                        .into_iter()
                        .map(|(r, c, v)| match v {
                            Cell::Text(t) => (r, c, Cell::Text(markers.get(&t).cloned().unwrap_or(t))),
                            v => (r, c, v),
                        })
                        .collect()
                };
                match sparse_to_sheet(&name, cells, &merges, limits) {
                    Ok(sheet) => doc.sheets.push(sheet),
                    Err(note) => doc.notes.push(note),
                }
            }
        }
        Format::Xlsb => {
            doc.kind = "xlsb";
            let mut wb: Xlsb<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
            for (name, visible) in sheet_list(&wb) {
                if let Some(note) = hidden_note(&name, visible) {
                    doc.notes.push(note);
                    continue;
                }
                let Some(cells) = stream_cells!(wb, name, doc, limits) else { continue };
                match sparse_to_sheet(&name, cells, &[], limits) {
                    Ok(sheet) => doc.sheets.push(sheet),
                    Err(note) => doc.notes.push(note),
                }
            }
        }
        Format::Xls | Format::Ods => {
            if bytes.len() as u64 > MAX_WHOLE_FILE_BYTES {
                return Err(ReadError::TooLarge(bytes.len() as u64, MAX_WHOLE_FILE_BYTES));
            }
            if format == Format::Xls {
                doc.kind = "xls";
                let mut wb: Xls<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
                for (name, visible) in sheet_list(&wb) {
                    if let Some(note) = hidden_note(&name, visible) {
                        doc.notes.push(note);
                        continue;
                    }
                    let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
                    push_range(&mut doc, &name, wb.worksheet_range(&name).map_err(|e| e.to_string()), &merges, limits);
                }
            } else {
                doc.kind = "ods";
                let mut wb: Ods<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
                for (name, visible) in sheet_list(&wb) {
                    if let Some(note) = hidden_note(&name, visible) {
                        doc.notes.push(note);
                        continue;
                    }
                    push_range(&mut doc, &name, wb.worksheet_range(&name).map_err(|e| e.to_string()), &[], limits);
                }
            }
        }
        _ => unreachable!("spreadsheet::read is only called for spreadsheet formats"),
    }
    Ok(doc)
}

fn sheet_list<RS, R: Reader<RS>>(wb: &R) -> Vec<(String, SheetVisible)>
where
    RS: std::io::Read + std::io::Seek,
{
    wb.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible)).collect()
}

fn hidden_note(name: &str, visible: SheetVisible) -> Option<ReadNote> {
    (visible != SheetVisible::Visible)
        .then(|| ReadNote::new(name, NoteKind::Hidden, "hidden sheet not read (unhide it if it holds the answer)"))
}

fn push_range(
    doc: &mut Document,
    name: &str,
    range: Result<calamine::Range<Data>, String>,
    merges: &[calamine::Dimensions],
    limits: &Limits,
) {
    let range = match range {
        Ok(r) => r,
        Err(e) => {
            doc.notes.push(ReadNote::new(name, NoteKind::Unreadable, format!("sheet unreadable: {e}")));
            return;
        }
    };
    let cells = range
        .cells()
        .filter(|(_, _, v)| !matches!(v, Data::Empty))
        .map(|(r, c, v)| {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            (r as u32 + r0, c as u32 + c0, from_data(v))
        })
        .collect();
    match sparse_to_sheet(name, cells, merges, limits) {
        Ok(sheet) => doc.sheets.push(sheet),
        Err(note) => doc.notes.push(note),
    }
}

/// Absolute (row, col, value) triples to a dense sheet anchored at A1, refusing absurd bounding boxes.
fn sparse_to_sheet(
    name: &str,
    cells: Vec<(u32, u32, Cell)>,
    merges: &[calamine::Dimensions],
    limits: &Limits,
) -> Result<Sheet, ReadNote> {
    let cells: Vec<_> = cells.into_iter().filter(|(_, _, v)| !v.is_empty()).collect();
    let rows = cells.iter().map(|c| c.0 as u64 + 1).max().unwrap_or(0);
    let cols = cells.iter().map(|c| c.1 as u64 + 1).max().unwrap_or(0);
    if rows * cols > limits.max_sheet_cells.max(MAX_GRID_CELLS) {
        return Err(ReadNote::new(
            name,
            NoteKind::Unreadable,
            format!(
                "sheet spans {rows} rows x {cols} columns for {} values: too sparse to be a table, not read",
                cells.len()
            ),
        ));
    }
    let mut grid = vec![vec![Cell::Empty; cols as usize]; rows as usize];
    for (r, c, v) in cells {
        grid[r as usize][c as usize] = v;
    }
    let merges = merges
        .iter()
        .map(|d| Merge { first: (d.start.0 as usize, d.start.1 as usize), last: (d.end.0 as usize, d.end.1 as usize) })
        .collect();
    Ok(Sheet { name: name.to_string(), rows: grid, origin: Origin::Grid { row0: 0, col0: 0 }, merges })
}

fn from_data(v: &Data) -> Cell {
    match v {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(d) => d.as_datetime().map(|d| Cell::Date(d.date())).unwrap_or(Cell::Number(d.as_f64())),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

fn iso_date(s: &str) -> Cell {
    chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
        .map(Cell::Date)
        .unwrap_or_else(|_| Cell::Text(s.to_string()))
}
