//! xlsx / xlsm / xlsb / xls / ods through calamine, xlsx first through `xlsx_xml` (several times faster), which
//! gives exactly calamine's cells or declines the file to calamine.
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

/// Stream one sheet's cells (xlsx and xlsb readers share the shape but no trait) straight into rows, stopping at
/// `limits.max_sheet_cells`: a zip can inflate to any number of cells. A sheet cut short is a `Truncated` note,
/// which blocks the force's figures. `None` when the sheet cannot be opened or its box is too sparse to be a
/// table. No list of every cell is kept beside the rows: a million-row extract is held once.
macro_rules! stream_cells {
    ($wb:expr, $name:expr, $doc:expr, $limits:expr) => {{
        match $wb.worksheet_cells_reader(&$name) {
            Err(e) => {
                $doc.notes.push(ReadNote::new($name.clone(), NoteKind::Unreadable, format!("sheet unreadable: {e}")));
                None
            }
            Ok(mut reader) => {
                let mut grid = Grid::new($limits);
                let mut texts = crate::grid::Texts::default();
                let cap = $limits.max_sheet_cells;
                let mut read = 0u64;
                loop {
                    match reader.next_cell() {
                        Ok(Some(_)) if read >= cap => {
                            $doc.notes.push(truncated_note(&$name, cap));
                            break;
                        }
                        Ok(Some(c)) => {
                            read += 1;
                            let (r, col) = c.get_position();
                            if !grid.put(r, col, from_ref(c.get_value(), &mut texts)) {
                                break;
                            }
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
                match grid.finish(&$name) {
                    Ok(rows) => Some(rows),
                    Err(note) => {
                        $doc.notes.push(note);
                        None
                    }
                }
            }
        }
    }};
}

fn truncated_note(sheet: &str, cap: u64) -> ReadNote {
    ReadNote::new(
        sheet,
        NoteKind::Truncated,
        format!("sheet has more than {cap} cells; only the first {cap} were read, so every figure counted from it is incomplete"),
    )
}

/// Rows built as cells arrive, refusing a bounding box too sparse to be a table before allocating it.
struct Grid {
    rows: Vec<Vec<Cell>>,
    values: u64,
    width: u64,
    limit: u64,
    /// The first cell beyond the limit: (row, column) it asked for.
    refused: Option<(u64, u64)>,
}

impl Grid {
    fn new(limits: &Limits) -> Grid {
        Grid { rows: Vec::new(), values: 0, width: 0, limit: limits.max_sheet_cells.max(MAX_GRID_CELLS), refused: None }
    }

    /// Place a cell; false (and nothing more is taken) once the box would pass the limit.
    fn put(&mut self, r: u32, c: u32, v: Cell) -> bool {
        if v.is_empty() {
            return true;
        }
        let (rows, cols) = ((r as u64 + 1).max(self.rows.len() as u64), (c as u64 + 1).max(self.width));
        if rows * cols > self.limit {
            self.refused = Some((rows, cols));
            return false;
        }
        self.width = cols;
        self.values += 1;
        if self.rows.len() <= r as usize {
            // Rows are as wide as the ones before: sized once, not grown cell by cell (capacity doubling
            // would leave a million-row list's rows three cells too long each).
            let width = self.width as usize;
            self.rows.resize_with(r as usize + 1, || Vec::with_capacity(width));
        }
        let row = &mut self.rows[r as usize];
        if row.len() <= c as usize {
            row.resize(c as usize + 1, Cell::Empty);
        }
        row[c as usize] = v;
        true
    }

    fn finish(mut self, name: &str) -> Result<Vec<Vec<Cell>>, ReadNote> {
        if let Some((rows, cols)) = self.refused {
            return Err(ReadNote::new(
                name,
                NoteKind::Unreadable,
                format!(
                    "sheet spans at least {rows} rows x {cols} columns for {} values: too sparse to be a table, not read",
                    self.values
                ),
            ));
        }
        // Every row as wide as the widest, as the rest of ingest expects of a sheet.
        let width = self.width as usize;
        for row in &mut self.rows {
            row.resize(width, Cell::Empty);
        }
        Ok(self.rows)
    }
}

/// `facts`: what the guard saw in the container (no merged cells, no superscripts), to skip looking again.
pub fn read(
    file: &str,
    bytes: &[u8],
    format: Format,
    limits: &Limits,
    facts: super::guard::ZipFacts,
) -> Result<Document, ReadError> {
    let mut doc = Document { file: file.to_string(), ..Default::default() };
    let corrupt = |e: &dyn std::fmt::Display| ReadError::Corrupt(format!("{e}"));
    match format {
        Format::Xlsx => {
            doc.kind = "xlsx";
            match read_xlsx_xml(bytes, limits, facts) {
                Ok((sheets, notes)) => {
                    doc.sheets = sheets;
                    doc.notes = notes;
                    return Ok(doc);
                }
                Err(declined) => tracing::debug!(file, reason = declined.0, "xlsx left to calamine"),
            }
            xlsx_with_calamine(&mut doc, bytes, limits, facts)?;
        }
        Format::Xlsb => {
            doc.kind = "xlsb";
            let mut wb: Xlsb<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
            for (name, visible) in sheet_list(&wb) {
                if let Some(note) = hidden_note(&name, visible) {
                    doc.notes.push(note);
                    continue;
                }
                let Some(rows) = stream_cells!(wb, name, doc, limits) else { continue };
                doc.sheets.push(sheet(&name, rows, &[]));
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

/// The fast reader (`xlsx_xml`): the same sheets and notes as the calamine path below, or `Declined`.
pub(super) fn read_xlsx_xml(
    bytes: &[u8],
    limits: &Limits,
    facts: super::guard::ZipFacts,
) -> Result<(Vec<Sheet>, Vec<ReadNote>), super::xlsx_xml::Declined> {
    let mut wb = super::xlsx_xml::Workbook::open(bytes)?;
    // calamine reads the first sheet of a name; two sheets of one name are left to it.
    let mut seen = std::collections::HashSet::new();
    if !wb.sheets.iter().all(|s| seen.insert(s.name.as_str())) {
        return Err(super::xlsx_xml::Declined("two sheets of one name"));
    }
    let markers = if facts.superscripts { super::rich_text::marker_free(bytes) } else { Default::default() };
    let (mut sheets, mut notes) = (Vec::new(), Vec::new());
    for i in 0..wb.sheets.len() {
        let (name, visible) = (wb.sheets[i].name.clone(), wb.sheets[i].visible);
        if let Some(note) = hidden_note(&name, visible) {
            notes.push(note);
            continue;
        }
        let mut grid = Grid::new(limits);
        let cap = limits.max_sheet_cells;
        let (mut read, mut truncated) = (0u64, false);
        let merges = wb.sheet(i, facts.merged_cells, |r, c, v| {
            if read >= cap {
                truncated = true;
                return false;
            }
            read += 1;
            grid.put(r, c, v)
        })?;
        if truncated {
            notes.push(truncated_note(&name, cap));
        }
        match grid.finish(&name) {
            Ok(mut rows) => {
                unmark(&mut rows, &markers);
                sheets.push(sheet(&name, rows, &merges));
            }
            Err(note) => notes.push(note),
        }
    }
    Ok((sheets, notes))
}

/// The calamine path for xlsx: every workbook the fast reader declines, and the reference it is tested against.
pub(super) fn xlsx_with_calamine(
    doc: &mut Document,
    bytes: &[u8],
    limits: &Limits,
    facts: super::guard::ZipFacts,
) -> Result<(), ReadError> {
    let corrupt = |e: &dyn std::fmt::Display| ReadError::Corrupt(format!("{e}"));
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    let markers = if facts.superscripts { super::rich_text::marker_free(bytes) } else { Default::default() };
    for (name, visible) in sheet_list(&wb) {
        if let Some(note) = hidden_note(&name, visible) {
            doc.notes.push(note);
            continue;
        }
        let Some(mut rows) = stream_cells!(wb, name, doc, limits) else { continue };
        let merges =
            if facts.merged_cells { wb.merge_cells_by_sheet_name(&name).unwrap_or_default() } else { Vec::new() };
        unmark(&mut rows, &markers);
        doc.sheets.push(sheet(&name, rows, &merges));
    }
    Ok(())
}

/// A footnote marker typed as a superscript run never joins the number or label before it: each text that has
/// one is replaced by its text without (`rich_text::marker_free`).
fn unmark(rows: &mut [Vec<Cell>], markers: &std::collections::HashMap<String, String>) {
    if markers.is_empty() {
        return;
    }
    for cell in rows.iter_mut().flatten() {
        if let Cell::Text(t) = cell {
            if let Some(bare) = markers.get(t.as_str()) {
                *t = bare.as_str().into();
            }
        }
    }
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
    // The same grid as the streamed readers build: cells placed one by one, an absurd box refused.
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut grid = Grid::new(limits);
    for (r, c, v) in range.cells().filter(|(_, _, v)| !matches!(v, Data::Empty)) {
        if !grid.put(r as u32 + r0, c as u32 + c0, from_data(v)) {
            break;
        }
    }
    match grid.finish(name) {
        Ok(rows) => doc.sheets.push(sheet(name, rows, merges)),
        Err(note) => doc.notes.push(note),
    }
}

fn sheet(name: &str, rows: Vec<Vec<Cell>>, merges: &[calamine::Dimensions]) -> Sheet {
    let merges = merges
        .iter()
        .map(|d| Merge { first: (d.start.0 as usize, d.start.1 as usize), last: (d.end.0 as usize, d.end.1 as usize) })
        .collect();
    Sheet { name: name.to_string(), rows, origin: Origin::Grid { row0: 0, col0: 0 }, merges }
}

fn from_data(v: &Data) -> Cell {
    match v {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.as_str().into()),
        Data::Bool(b) => Cell::Text(b.to_string().into()),
        Data::DateTime(d) => d.as_datetime().map(|d| Cell::Date(d.date())).unwrap_or(Cell::Number(d.as_f64())),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => Cell::Text(s.as_str().into()),
        Data::Error(e) => Cell::Error(e.to_string().into()),
        Data::Empty => Cell::Empty,
    }
}

/// A streamed cell without copying it first: a shared string is copied once, into the cell.
fn from_ref(v: &calamine::DataRef<'_>, texts: &mut crate::grid::Texts) -> Cell {
    use calamine::DataRef;
    match v {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) | DataRef::DurationIso(s) => texts.cell(s),
        DataRef::SharedString(s) => texts.cell(s),
        DataRef::Bool(b) => Cell::Text(b.to_string().into()),
        DataRef::DateTime(d) => d.as_datetime().map(|d| Cell::Date(d.date())).unwrap_or(Cell::Number(d.as_f64())),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::Error(e) => Cell::Error(e.to_string().into()),
        DataRef::Empty => Cell::Empty,
    }
}

pub(super) fn iso_date(s: &str) -> Cell {
    chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
        .map(Cell::Date)
        .unwrap_or_else(|_| Cell::Text(s.into()))
}
