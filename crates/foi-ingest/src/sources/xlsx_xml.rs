//! xlsx read straight from its XML, for speed, giving exactly what calamine gives or nothing at all.
//!
//! calamine reads a sheet through quick-xml's general event reader: five events and a copy per cell, about
//! 0.7 µs a cell, 3.8 s for a million-row list. The parts of a workbook a table lives in (`sheetData`, the shared
//! strings, the number formats) are a small, regular vocabulary, so they are scanned here directly, in chunks as
//! the zip inflates them, several times faster.
//!
//! Fidelity comes first: this reader follows calamine 0.38's rules to the letter (its sources are cited where
//! they decide a value), and whatever it is not sure to read the same way — an entity or escape it does not
//! know, CDATA, carriage returns in text, a part found only by a case-insensitive name, an unknown cell type,
//! a chart sheet, a `1904` workbook — makes it decline the whole file, which calamine then reads as before.
//! Declining is never an error and never a note: `tests/xlsx_fast.rs` reads every workbook of the corpus both
//! ways and requires the same sheets.

use std::io::{Cursor, Read};

use calamine::{CellErrorType, Dimensions, ExcelDateTime, ExcelDateTimeType, SheetVisible};
use rustc_hash::FxHashMap;
use zip::ZipArchive;

use crate::grid::{Cell, Texts};

/// Why the file was left to calamine (for tests and traces; it is not shown to users).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declined(pub &'static str);

type Res<T> = Result<T, Declined>;

/// One sheet as listed by the workbook.
pub struct SheetEntry {
    pub name: String,
    pub visible: SheetVisible,
    path: String,
}

/// What the workbook says about every sheet: names, visibility, strings and number formats.
pub struct Workbook<'b> {
    bytes: &'b [u8],
    zip: ZipArchive<Cursor<&'b [u8]>>,
    /// Lower-cased part names to the names stored (calamine looks parts up this way).
    names: FxHashMap<String, String>,
    pub sheets: Vec<SheetEntry>,
    ctx: Ctx,
}

/// What cells are read against: the shared strings and each style's number format.
#[derive(Default)]
struct Ctx {
    strings: Vec<String>,
    formats: Vec<Format>,
}

/// A cell format as calamine classifies it (`formats.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Other,
    DateTime,
    TimeDelta,
}

impl<'b> Workbook<'b> {
    pub fn open(bytes: &'b [u8]) -> Res<Workbook<'b>> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Declined("not a zip"))?;
        let mut names = FxHashMap::default();
        for name in zip.file_names() {
            let name = name.map_err(|_| Declined("odd part name"))?;
            names.insert(name.replace('\\', "/").to_ascii_lowercase(), name.to_string());
        }
        let mut wb = Workbook { bytes, zip, names, sheets: Vec::new(), ctx: Ctx::default() };
        let (xl_path, workbook_name) = wb.package_relationships()?;
        if let Some(bytes) = wb.part(&format!("{xl_path}sharedStrings.xml"))? {
            wb.ctx.strings = shared_strings(&bytes)?;
        }
        if let Some(bytes) = wb.part(&format!("{xl_path}styles.xml"))? {
            wb.ctx.formats = cell_formats(&bytes)?;
        }
        let rels = wb.part(&format!("{xl_path}_rels/{workbook_name}.rels"))?.ok_or(Declined("no workbook rels"))?;
        let rels = relationships(&rels)?;
        let workbook = wb.part(&format!("{xl_path}{workbook_name}"))?.ok_or(Declined("no workbook part"))?;
        wb.sheets = sheet_list(&workbook, &rels, &xl_path)?;
        Ok(wb)
    }

    /// The stored name of a part, found the way calamine finds it; `None` when absent.
    fn stored_name(&self, path: &str) -> Option<String> {
        let name = self.names.get(&path.to_ascii_lowercase()).cloned().unwrap_or_else(|| path.to_string());
        self.zip.index_for_name(&name).is_some().then_some(name)
    }

    fn part(&mut self, path: &str) -> Res<Option<Vec<u8>>> {
        let Some(name) = self.stored_name(path) else { return Ok(None) };
        let mut file = self.zip.by_name(&name).map_err(|_| Declined("part unreadable"))?;
        let mut out = Vec::with_capacity(file.size().min(64 << 20) as usize);
        file.read_to_end(&mut out).map_err(|_| Declined("part damaged"))?;
        Ok(Some(out))
    }

    /// `_rels/.rels`: where the workbook part is (calamine `read_package_relationships`).
    fn package_relationships(&mut self) -> Res<(String, String)> {
        let bytes = self.part("_rels/.rels")?.ok_or(Declined("no package rels"))?;
        let mut xml = Xml::over(&bytes);
        let mut target = None;
        while let Some(tok) = xml.next()? {
            if let Tok::Start { name, attrs, .. } = tok {
                if local(name) == b"Relationship" {
                    let (ty, t) = (attr(attrs, b"Type")?, attr(attrs, b"Target")?);
                    if ty.is_some_and(|ty| ty.ends_with(b"/relationships/officeDocument")) {
                        if let Some(t) = t {
                            target = Some(unescape(t)?);
                        }
                    }
                }
            }
        }
        let target = target.ok_or(Declined("no office document"))?;
        let (dir, name) = match target.rfind('/') {
            Some(i) => target.split_at(i + 1),
            None => ("", target.as_str()),
        };
        if name.is_empty() {
            return Err(Declined("odd workbook target"));
        }
        Ok((dir.strip_prefix('/').unwrap_or(dir).to_string(), name.to_string()))
    }

    /// Stream one sheet's cells in document order to `cell` (which returns false to stop), then read its merges.
    pub fn sheet<F>(&mut self, index: usize, want_merges: bool, cell: F) -> Res<Vec<Dimensions>>
    where
        F: FnMut(u32, u32, Cell) -> bool,
    {
        let name = self.stored_name(&self.sheets[index].path).ok_or(Declined("sheet part missing"))?;
        let file = self.zip.by_name(&name).map_err(|_| Declined("sheet part unreadable"))?;
        if file.size() < PIPE_FROM || file.compression() == zip::CompressionMethod::Stored {
            let size = file.size();
            return self.ctx.cells(Xml::sized(file, size), want_merges, cell);
        }
        drop(file);
        // A big sheet inflates on a second thread while this one scans: inflating is a fifth of the work.
        let bytes = self.bytes;
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<u8>, ()>>(4);
            scope.spawn(move || inflate_into(bytes, &name, &tx));
            self.ctx.cells(Xml::new(Piped { rx, chunk: Vec::new(), pos: 0 }), want_merges, cell)
        })
    }
}

/// Parts inflating to less than this are read on the thread that scans them.
const PIPE_FROM: u64 = 4 << 20;

/// Inflate one part of the zip in chunks into `tx`, until the part ends, it is damaged, or the reader hangs up.
fn inflate_into(bytes: &[u8], name: &str, tx: &std::sync::mpsc::SyncSender<Result<Vec<u8>, ()>>) {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        let _ = tx.send(Err(()));
        return;
    };
    let Ok(mut file) = zip.by_name(name) else {
        let _ = tx.send(Err(()));
        return;
    };
    loop {
        let mut chunk = vec![0u8; CHUNK];
        let mut got = 0;
        while got < CHUNK {
            match file.read(&mut chunk[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => {
                    let _ = tx.send(Err(()));
                    return;
                }
            }
        }
        chunk.truncate(got);
        if got == 0 || tx.send(Ok(chunk)).is_err() {
            return;
        }
    }
}

/// The reading end of `inflate_into`.
struct Piped {
    rx: std::sync::mpsc::Receiver<Result<Vec<u8>, ()>>,
    chunk: Vec<u8>,
    pos: usize,
}

impl Read for Piped {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.chunk.len() {
            match self.rx.recv() {
                Ok(Ok(chunk)) => (self.chunk, self.pos) = (chunk, 0),
                Ok(Err(())) => return Err(std::io::Error::other("part damaged")),
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.chunk.len() - self.pos);
        out[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

impl Ctx {
    /// One sheet's XML: its cells in document order to `cell` (false stops it), then its merges.
    fn cells<R: Read, F>(&self, mut xml: Xml<R>, want_merges: bool, mut cell: F) -> Res<Vec<Dimensions>>
    where
        F: FnMut(u32, u32, Cell) -> bool,
    {
        let mut texts = Texts::default();
        let mut scratch = Vec::new();
        // XlsxCellReader::new: up to <sheetData>, checking a <dimension> on the way.
        loop {
            match xml.next()? {
                Some(Tok::Start { name, attrs, .. }) => match local(name) {
                    b"dimension" => {
                        let r = attr(attrs, b"ref")?.ok_or(Declined("dimension without ref"))?;
                        dimension(r)?;
                    }
                    b"sheetData" => break,
                    // Merges are looked for after the cells; calamine would find them here too.
                    b"mergeCells" => return Err(Declined("merges before the cells")),
                    _ => {}
                },
                Some(_) => {}
                None => return Err(Declined("no sheetData")),
            }
        }
        // XlsxCellReader::next_cell, with self-closing elements expanded to start and end as calamine has them.
        let (mut row, mut col) = (0u32, 0u32);
        loop {
            let ev = match xml.next()? {
                None => return Err(Declined("sheet ends inside sheetData")),
                Some(Tok::Text(_)) => continue,
                Some(Tok::End { name }) => match local(name) {
                    b"row" => Ev::RowEnd,
                    b"sheetData" => break,
                    _ => continue,
                },
                Some(Tok::Start { name, attrs, empty }) => match local(name) {
                    b"row" => Ev::Row(attr(attrs, b"r")?.map(row_number).transpose()?, empty),
                    b"c" => {
                        let a = cell_attrs(attrs)?;
                        let format = match a.s {
                            Some(s) => {
                                let id = digits(s).ok_or(Declined("odd style index"))?;
                                self.formats.get(id as usize).copied()
                            }
                            None => Some(Format::Other),
                        };
                        Ev::Cell(a.r.map(cell_ref).transpose()?, cell_kind(a.t)?, format, empty)
                    }
                    b"sheetData" => return Err(Declined("nested sheetData")),
                    _ => continue,
                },
            };
            match ev {
                Ev::Row(r, empty) => {
                    if let Some(r) = r {
                        row = r;
                    }
                    if empty {
                        row += 1;
                        col = 0;
                    }
                }
                Ev::RowEnd => {
                    row += 1;
                    col = 0;
                }
                Ev::Cell(r, kind, format, empty) => {
                    let pos = match r {
                        Some(p) => {
                            col = p.1;
                            p
                        }
                        None => (row, col),
                    };
                    let value = if empty {
                        Cell::Empty
                    } else {
                        self.cell_value(&mut xml, kind, format, &mut texts, &mut scratch)?
                    };
                    col += 1;
                    if !cell(pos.0, pos.1, value) {
                        // The caller has what it can take; only the merges may still be wanted, after the cells.
                        if !want_merges {
                            return Ok(Vec::new());
                        }
                        skip_to_end(&mut xml, b"sheetData")?;
                        break;
                    }
                }
            }
        }
        let mut merges = Vec::new();
        if want_merges {
            // Worksheet::merge_cells_by_sheet_name: the first <mergeCells> after the cells.
            let mut inside = false;
            while let Some(tok) = xml.next()? {
                match tok {
                    Tok::Start { name, .. } if local(name) == b"mergeCells" => inside = true,
                    Tok::Start { name, attrs, .. } if inside && local(name) == b"mergeCell" => {
                        if let Some(r) = attr(attrs, b"ref")? {
                            merges.push(dimension(r)?);
                        }
                    }
                    Tok::End { name } if inside && local(name) == b"mergeCells" => break,
                    _ => {}
                }
            }
        }
        Ok(merges)
    }
}

impl Ctx {
    /// The children of a `<c>` up to its end; as in calamine's `read_value`, each child replaces the value.
    fn cell_value<R: Read>(
        &self,
        xml: &mut Xml<R>,
        kind: Kind,
        format: Option<Format>,
        texts: &mut Texts,
        scratch: &mut Vec<u8>,
    ) -> Res<Cell> {
        // Most cells are `<v>text</v></c>` and nothing else: read as such without a token per tag. Anything
        // else, or a cell cut by the end of what is buffered, goes the general way below.
        if kind != Kind::Inline {
            if let Some((text, after)) = xml.plain_value() {
                let value = self.read_v(&xml.buf[text.0..text.1], kind, format, texts)?;
                xml.pos = after;
                return Ok(value);
            }
        }
        let mut value = Cell::Empty;
        loop {
            match xml.next()?.ok_or(Declined("sheet ends inside a cell"))? {
                Tok::Text(_) => {}
                Tok::End { name } => {
                    if local(name) == b"c" {
                        return Ok(value);
                    }
                    return Err(Declined("unexpected end in a cell"));
                }
                Tok::Start { name, empty, .. } => {
                    value = match local(name) {
                        b"is" => {
                            let s = if empty { String::new() } else { rich_string(xml, b"is")? };
                            texts.cell(&s)
                        }
                        b"f" => {
                            if !empty {
                                skip_to_end(xml, b"f")?;
                            }
                            Cell::Empty
                        }
                        b"v" if kind == Kind::Inline => {
                            if !empty {
                                skip_to_end(xml, b"v")?;
                            }
                            Cell::Empty
                        }
                        b"v" => {
                            scratch.clear();
                            if !empty {
                                element_text(xml, b"v", scratch)?;
                            }
                            self.read_v(scratch, kind, format, texts)?
                        }
                        _ => return Err(Declined("unexpected element in a cell")),
                    };
                }
            }
        }
    }

    /// calamine `read_v`, mapped to a cell the way `spreadsheet::from_ref` maps calamine's values.
    fn read_v(&self, v: &[u8], kind: Kind, format: Option<Format>, texts: &mut Texts) -> Res<Cell> {
        Ok(match kind {
            Kind::Shared => {
                if v.is_empty() {
                    return Ok(Cell::Empty);
                }
                let i = digits(v).ok_or(Declined("odd shared string index"))?;
                let s = self.strings.get(i as usize).ok_or(Declined("shared string index out of range"))?;
                texts.cell(s)
            }
            Kind::Bool => {
                let s = std::str::from_utf8(v).map_err(|_| Declined("not UTF-8"))?.trim();
                if s.is_empty() {
                    Cell::Empty
                } else if s == "0" || s.eq_ignore_ascii_case("false") {
                    Cell::Text("false".into())
                } else if s == "1" || s.eq_ignore_ascii_case("true") {
                    Cell::Text("true".into())
                } else {
                    return Err(Declined("odd boolean"));
                }
            }
            Kind::Error => {
                let s = std::str::from_utf8(v).map_err(|_| Declined("not UTF-8"))?;
                let e: CellErrorType = s.parse().map_err(|_| Declined("odd error value"))?;
                Cell::Error(e.to_string().into())
            }
            Kind::Str => texts.cell(&unescape(v)?),
            Kind::Date => super::spreadsheet::iso_date(&unescape(v)?),
            Kind::Number | Kind::Untyped => {
                if v.is_empty() {
                    return Ok(Cell::Empty);
                }
                // Plain decimal notation only: there std's and calamine's float parsers agree bit for bit.
                if !v.iter().all(|b| matches!(b, b'0'..=b'9' | b'.' | b'-' | b'+' | b'e' | b'E')) {
                    return Err(Declined("number in an unusual notation"));
                }
                let s = std::str::from_utf8(v).map_err(|_| Declined("not UTF-8"))?;
                let n: f64 = s.parse().map_err(|_| Declined("unparsable number"))?;
                match format {
                    Some(Format::DateTime) => date_cell(n, ExcelDateTimeType::DateTime),
                    Some(Format::TimeDelta) => date_cell(n, ExcelDateTimeType::TimeDelta),
                    _ => Cell::Number(n),
                }
            }
            Kind::Inline => Cell::Empty,
        })
    }
}

fn date_cell(n: f64, ty: ExcelDateTimeType) -> Cell {
    let d = ExcelDateTime::new(n, ty, false);
    d.as_datetime().map(|d| Cell::Date(d.date())).unwrap_or(Cell::Number(d.as_f64()))
}

/// A sheet-loop token with what it says already read, so nothing borrows the buffer across a refill.
enum Ev {
    Row(Option<u32>, bool),
    RowEnd,
    Cell(Option<(u32, u32)>, Kind, Option<Format>, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Untyped,
    Number,
    Shared,
    Bool,
    Error,
    Str,
    Date,
    Inline,
}

fn cell_kind(t: Option<&[u8]>) -> Res<Kind> {
    Ok(match t {
        None => Kind::Untyped,
        Some(b"n") => Kind::Number,
        Some(b"s") => Kind::Shared,
        Some(b"b") => Kind::Bool,
        Some(b"e") => Kind::Error,
        Some(b"str") => Kind::Str,
        Some(b"d") => Kind::Date,
        Some(b"inlineStr" | b"is") => Kind::Inline,
        Some(_) => return Err(Declined("unknown cell type")),
    })
}

struct CellAttrs<'a> {
    r: Option<&'a [u8]>,
    s: Option<&'a [u8]>,
    t: Option<&'a [u8]>,
}

/// The `r`, `s` and `t` of a `<c>` in one pass (calamine's `get_attrs!` matches whole raw names, first wins).
fn cell_attrs(attrs: &[u8]) -> Res<CellAttrs<'_>> {
    let mut out = CellAttrs { r: None, s: None, t: None };
    let mut it = Attrs { rest: attrs };
    // Values unchecked: r, s and t are each parsed strictly below, and the rest are ignored as calamine does.
    while let Some((k, v)) = it.next_raw()? {
        match k {
            b"r" if out.r.is_none() => out.r = Some(v),
            b"s" if out.s.is_none() => out.s = Some(v),
            b"t" if out.t.is_none() => out.t = Some(v),
            _ => {}
        }
    }
    Ok(out)
}

/// A cell reference `AB12`, upper-case letters then digits, to (row, column) from 0.
fn cell_ref(r: &[u8]) -> Res<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if letters == 0 || letters > 3 {
        return Err(Declined("odd cell reference"));
    }
    let mut col = 0u32;
    for b in &r[..letters] {
        col = col * 26 + (b - b'A') as u32 + 1;
    }
    Ok((row_number(&r[letters..])?, col - 1))
}

/// A row number from 1, to a row from 0.
fn row_number(r: &[u8]) -> Res<u32> {
    match digits(r) {
        Some(n) if (1..=1_048_576).contains(&n) => Ok(n as u32 - 1),
        _ => Err(Declined("odd row number")),
    }
}

fn dimension(r: &[u8]) -> Res<Dimensions> {
    let mut parts = r.split(|b| *b == b':');
    let start = cell_ref(parts.next().unwrap_or_default())?;
    let end = match parts.next() {
        Some(p) => cell_ref(p)?,
        None => start,
    };
    if parts.next().is_some() || end.0 < start.0 || end.1 < start.1 {
        return Err(Declined("odd range"));
    }
    Ok(Dimensions { start, end })
}

/// Decimal digits only, not too many to be a u64.
fn digits(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 18 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0u64, |n, b| n * 10 + (b - b'0') as u64))
}

/// Text up to the end of the element just started (`<v>`, `<t>`), into `out`: text only, nothing nested.
fn element_text<R: Read>(xml: &mut Xml<R>, end: &[u8], out: &mut Vec<u8>) -> Res<()> {
    out.clear();
    // calamine takes a number's first run of text only: a comment inside a value would split it.
    let skipped = xml.skipped;
    loop {
        if xml.skipped != skipped {
            return Err(Declined("comment inside a value"));
        }
        match xml.next()?.ok_or(Declined("ends inside an element"))? {
            Tok::Text(t) => out.extend_from_slice(t),
            Tok::End { name } if local(name) == end => return Ok(()),
            _ => return Err(Declined("element inside a value")),
        }
    }
}

/// Past the end of the element just started, whatever it holds (a formula).
fn skip_to_end<R: Read>(xml: &mut Xml<R>, end: &[u8]) -> Res<()> {
    let mut depth = 0usize;
    loop {
        match xml.next()?.ok_or(Declined("ends inside an element"))? {
            Tok::Start { name, empty: false, .. } if local(name) == end => depth += 1,
            Tok::End { name } if local(name) == end => {
                if depth == 0 {
                    return Ok(());
                }
                depth -= 1;
            }
            _ => {}
        }
    }
}

/// calamine `read_string_with_bufs`: every `<t>` not in a phonetic run, each trimmed of ASCII white space unless
/// `xml:space="preserve"`, joined, up to the end of the element just started (`<si>` or `<is>`).
fn rich_string<R: Read>(xml: &mut Xml<R>, closing: &[u8]) -> Res<String> {
    let mut out = String::new();
    let mut phonetic = false;
    loop {
        let (is_t, preserve) = match xml.next()?.ok_or(Declined("ends inside a string"))? {
            Tok::Start { name, attrs, empty } => match local(name) {
                b"rPh" if !empty => {
                    phonetic = true;
                    continue;
                }
                b"t" if !phonetic && !empty => (true, attr(attrs, b"xml:space")? == Some(b"preserve")),
                _ => continue,
            },
            Tok::End { name } => {
                match local(name) {
                    n if n == closing => return Ok(out),
                    b"rPh" => phonetic = false,
                    _ => {}
                }
                continue;
            }
            Tok::Text(_) => continue,
        };
        if is_t {
            let mut raw = Vec::new();
            element_text(xml, b"t", &mut raw)?;
            let value = unescape(&raw)?;
            if preserve {
                out.push_str(&value);
            } else {
                out.push_str(value.trim_matches([' ', '\t', '\r', '\n']));
            }
        }
    }
}

/// sharedStrings.xml: one string per `<si>`.
fn shared_strings(bytes: &[u8]) -> Res<Vec<String>> {
    let mut xml = Xml::over(bytes);
    let mut out = Vec::new();
    loop {
        match xml.next()?.ok_or(Declined("no sst"))? {
            Tok::Start { name, attrs, empty } if local(name) == b"sst" => {
                if let Some(n) = attr(attrs, b"uniqueCount")?.and_then(digits) {
                    out.reserve(n.min(4_000_000) as usize);
                }
                if empty {
                    return Ok(out);
                }
                break;
            }
            _ => {}
        }
    }
    // calamine stops at </sst>; what follows is never read.
    loop {
        let si = match xml.next()?.ok_or(Declined("sst not closed"))? {
            Tok::Start { name, empty, .. } if local(name) == b"si" => empty,
            Tok::End { name } if local(name) == b"sst" => return Ok(out),
            _ => continue,
        };
        out.push(if si { String::new() } else { rich_string(&mut xml, b"si")? });
    }
}

/// styles.xml: each `cellXfs/xf`'s number format classified as calamine `read_styles` does.
fn cell_formats(bytes: &[u8]) -> Res<Vec<Format>> {
    let mut xml = Xml::over(bytes);
    let mut custom: FxHashMap<Vec<u8>, String> = FxHashMap::default();
    let mut out = Vec::new();
    let mut in_numfmts = false;
    let mut in_xfs = false;
    while let Some(tok) = xml.next()? {
        match tok {
            Tok::Start { name, attrs, empty } => match local(name) {
                b"numFmts" if !empty => in_numfmts = true,
                b"numFmt" if in_numfmts => {
                    if let (Some(id), Some(code)) = (attr(attrs, b"numFmtId")?, attr(attrs, b"formatCode")?) {
                        custom.insert(id.to_vec(), unescape(code)?);
                    }
                }
                b"cellXfs" if !empty => in_xfs = true,
                b"xf" if in_xfs => out.push(match attr(attrs, b"numFmtId")? {
                    None => Format::Other,
                    Some(id) => match custom.get(id) {
                        Some(code) => custom_format(code),
                        None => builtin_format(id),
                    },
                }),
                _ => {}
            },
            Tok::End { name } => match local(name) {
                b"numFmts" => in_numfmts = false,
                b"cellXfs" => in_xfs = false,
                b"styleSheet" => break,
                _ => {}
            },
            Tok::Text(_) => {}
        }
    }
    Ok(out)
}

/// calamine `builtin_format_by_id` (MIT, Johann Tuffe and contributors), as in 0.38.
fn builtin_format(id: &[u8]) -> Format {
    match id {
        b"14" | b"15" | b"16" | b"17" | b"18" | b"19" | b"20" | b"21" | b"22" | b"45" | b"47" => Format::DateTime,
        b"27" | b"28" | b"29" | b"30" | b"31" | b"32" | b"33" | b"34" | b"35" | b"36" | b"50" | b"51" | b"52"
        | b"53" | b"54" | b"55" | b"56" | b"57" | b"58" => Format::DateTime,
        b"46" => Format::TimeDelta,
        _ => Format::Other,
    }
}

/// calamine `detect_custom_number_format` (MIT, Johann Tuffe and contributors), as in 0.38.
fn custom_format(format: &str) -> Format {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return Format::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Format::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Format::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => return Format::DateTime,
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    Format::Other
}

type Rels = FxHashMap<Vec<u8>, (Vec<u8>, Vec<u8>)>;

/// The workbook rels: id to (target, type), raw as calamine keeps them.
fn relationships(bytes: &[u8]) -> Res<Rels> {
    let mut xml = Xml::over(bytes);
    let mut out = FxHashMap::default();
    while let Some(tok) = xml.next()? {
        if let Tok::Start { name, attrs, .. } = tok {
            if local(name) == b"Relationship" {
                if let Some(id) = attr(attrs, b"Id")? {
                    let target = attr(attrs, b"Target")?.unwrap_or_default().to_vec();
                    let ty = attr(attrs, b"Type")?.unwrap_or_default().to_vec();
                    if target.contains(&b'&') {
                        return Err(Declined("escaped relationship target"));
                    }
                    out.insert(id.to_vec(), (target, ty));
                }
            }
        }
    }
    Ok(out)
}

/// workbook.xml's `<sheet>`s (calamine `read_workbook`).
fn sheet_list(bytes: &[u8], rels: &Rels, xl_path: &str) -> Res<Vec<SheetEntry>> {
    let mut xml = Xml::over(bytes);
    let mut out = Vec::new();
    while let Some(tok) = xml.next()? {
        let Tok::Start { name, attrs, .. } = tok else { continue };
        match local(name) {
            b"sheet" => {
                let (mut sheet, mut rel_id, mut visible) = (String::new(), &b""[..], SheetVisible::Visible);
                let mut it = Attrs { rest: attrs };
                while let Some((k, v)) = it.next_attr()? {
                    match k {
                        b"name" => sheet = unescape(v)?,
                        b"state" => {
                            visible = match v {
                                b"visible" => SheetVisible::Visible,
                                b"hidden" => SheetVisible::Hidden,
                                b"veryHidden" => SheetVisible::VeryHidden,
                                _ => return Err(Declined("odd sheet state")),
                            }
                        }
                        k if local(k) == b"id" => rel_id = v,
                        _ => {}
                    }
                }
                let (target, ty) = rels.get(rel_id).ok_or(Declined("sheet without relationship"))?;
                if ty.rsplit(|b| *b == b'/').next() != Some(&b"worksheet"[..]) {
                    return Err(Declined("not a worksheet"));
                }
                let target = std::str::from_utf8(target).map_err(|_| Declined("not UTF-8"))?;
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("{xl_path}{target}"),
                };
                out.push(SheetEntry { name: sheet, visible, path });
            }
            b"workbookPr" => {
                if let Some(v) = attr(attrs, b"date1904")? {
                    if v == b"1" || v == b"true" {
                        return Err(Declined("1904 date system"));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// XML text or attribute value as calamine ends up with it: line ends folded to `\n` (XML 1.0, as quick-xml's
/// `xml10_content`), the five predefined entities and character references replaced. What calamine would treat
/// otherwise — Excel's `_xHHHH_` escapes, which it decodes in some places and not others; a reference to a
/// carriage return or to a character XML forbids; any other entity — declines.
fn unescape(raw: &[u8]) -> Res<String> {
    let s = std::str::from_utf8(raw).map_err(|_| Declined("not UTF-8"))?;
    let folded;
    let s = if s.contains('\r') {
        folded = s.replace("\r\n", "\n").replace('\r', "\n");
        folded.as_str()
    } else {
        s
    };
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').ok_or(Declined("unterminated entity"))?;
        let ent = &after[..end];
        match ent {
            "amp" => out.push('&'),
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "quot" => out.push('"'),
            "apos" => out.push('\''),
            _ => {
                let code = if let Some(hex) = ent.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = ent.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                match code.and_then(char::from_u32) {
                    Some(c) if c != '\r' && (c >= ' ' || matches!(c, '\t' | '\n')) => out.push(c),
                    _ => return Err(Declined("entity needs calamine")),
                }
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    if has_excel_escape(&out) {
        return Err(Declined("text has an Excel escape"));
    }
    Ok(out)
}

/// Whether `_xHHHH_` (Excel's escape of a UTF-16 unit) occurs: calamine `find_xml_escape`.
fn has_excel_escape(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(b'_', b).any(|i| {
        b.get(i + 1..i + 7).is_some_and(|h| h[0] == b'x' && h[1..5].iter().all(u8::is_ascii_hexdigit) && h[5] == b'_')
    })
}

/// The part of a name after its namespace prefix.
fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The first `needle` in `hay`. Tokens of sheet XML are a few bytes long, where a plain loop beats memchr's
/// set-up; a long text falls through to memchr.
#[inline]
fn find(needle: u8, hay: &[u8]) -> Option<usize> {
    const SHORT: usize = 24;
    match hay.iter().take(SHORT).position(|&b| b == needle) {
        Some(i) => Some(i),
        None if hay.len() > SHORT => memchr::memchr(needle, &hay[SHORT..]).map(|i| i + SHORT),
        None => None,
    }
}

/// One attribute by its whole raw name.
fn attr<'a>(attrs: &'a [u8], key: &[u8]) -> Res<Option<&'a [u8]>> {
    let mut it = Attrs { rest: attrs };
    while let Some((k, v)) = it.next_attr()? {
        if k == key {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

struct Attrs<'a> {
    rest: &'a [u8],
}

impl<'a> Attrs<'a> {
    fn next_attr(&mut self) -> Res<Option<(&'a [u8], &'a [u8])>> {
        let Some((key, value)) = self.next_raw()? else { return Ok(None) };
        if value.iter().any(|b| matches!(b, b'\t' | b'\n' | b'\r' | b'<')) {
            return Err(Declined("attribute value needs normalising"));
        }
        Ok(Some((key, value)))
    }

    fn next_raw(&mut self) -> Res<Option<(&'a [u8], &'a [u8])>> {
        let s = self.rest.trim_ascii_start();
        if s.is_empty() {
            return Ok(None);
        }
        let eq = find(b'=', s).ok_or(Declined("attribute without value"))?;
        let key = s[..eq].trim_ascii_end();
        let after = s[eq + 1..].trim_ascii_start();
        let quote = *after.first().ok_or(Declined("attribute without value"))?;
        if quote != b'"' && quote != b'\'' {
            return Err(Declined("unquoted attribute"));
        }
        // A '>' inside a value ends the tag early here: the closing quote is then missing and the file declined.
        let close = find(quote, &after[1..]).ok_or(Declined("attribute value has a '>'"))?;
        let value = &after[1..1 + close];
        self.rest = &after[close + 2..];
        Ok(Some((key, value)))
    }
}

/// A token of the XML stream; slices borrow the reader's buffer until the next token.
enum Tok<'x> {
    Start { name: &'x [u8], attrs: &'x [u8], empty: bool },
    End { name: &'x [u8] },
    Text(&'x [u8]),
}

/// XML read in chunks as it inflates: a million-row sheet is never held whole.
struct Xml<R> {
    src: R,
    /// Always initialised to its length (read into, never zeroed again); the input is `buf[pos..end]`.
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// Comments and processing instructions passed over so far.
    skipped: u64,
    /// The buffer's first length: a part's own size when it is known and small (most parts of a small workbook
    /// are a few kilobytes; zeroing a whole chunk for each was a tenth of reading them).
    first: usize,
}

const CHUNK: usize = 256 * 1024;
/// A single token longer than this (a text of 64 MB) is not a table's: left to calamine.
const MAX_TOKEN: usize = 64 << 20;

impl<'a> Xml<&'a [u8]> {
    /// A reader of a part already in memory.
    fn over(bytes: &'a [u8]) -> Xml<&'a [u8]> {
        Xml::sized(bytes, bytes.len() as u64)
    }
}

impl<R: Read> Xml<R> {
    fn new(src: R) -> Xml<R> {
        Xml::sized(src, CHUNK as u64)
    }

    /// A reader of a part said to be `size` bytes long (a buffer one longer sees its end in one read; a part
    /// longer than it says grows the buffer as any other).
    fn sized(src: R, size: u64) -> Xml<R> {
        let first = size.saturating_add(1).clamp(64, CHUNK as u64) as usize;
        Xml { src, buf: Vec::new(), pos: 0, end: 0, eof: false, skipped: 0, first }
    }

    /// More input after what is left; false at the end.
    fn fill(&mut self) -> Res<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            // What is left is one token filling the buffer: a bigger buffer, within reason.
            if self.buf.len() > MAX_TOKEN {
                return Err(Declined("token too long"));
            }
            self.buf.resize((self.buf.len() * 2).max(self.first), 0);
        }
        let start = self.end;
        while self.end < self.buf.len() {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(Declined("part damaged")),
            }
        }
        Ok(self.end > start)
    }

    /// At `<v>text</v></c>` (text without markup), the text's bounds and where the cell ends.
    fn plain_value(&self) -> Option<((usize, usize), usize)> {
        let body = self.buf[self.pos..self.end].strip_prefix(b"<v>")?;
        let i = find(b'<', body)?;
        body[i..].starts_with(b"</v></c>").then(|| {
            let text = self.pos + 3;
            ((text, text + i), text + i + 8)
        })
    }

    fn next(&mut self) -> Res<Option<Tok<'_>>> {
        loop {
            let rest = &self.buf[self.pos..self.end];
            if rest.is_empty() {
                if self.fill()? {
                    continue;
                }
                return Ok(None);
            }
            if rest[0] != b'<' {
                match find(b'<', rest) {
                    Some(i) => {
                        let start = self.pos;
                        self.pos += i;
                        return Ok(Some(Tok::Text(&self.buf[start..start + i])));
                    }
                    None if self.eof => {
                        let start = self.pos;
                        self.pos = self.end;
                        return Ok(Some(Tok::Text(&self.buf[start..self.end])));
                    }
                    None => {
                        self.fill()?;
                        continue;
                    }
                }
            }
            let Some(gt) = find(b'>', rest) else {
                if !self.fill()? {
                    return Err(Declined("unclosed tag"));
                }
                continue;
            };
            let tag_start = self.pos;
            match rest.get(1) {
                Some(b'!') => {
                    if !rest.starts_with(b"<!--") {
                        return Err(Declined("CDATA or DOCTYPE"));
                    }
                    match memchr::memmem::find(&rest[4..], b"-->") {
                        Some(i) => {
                            self.pos += 4 + i + 3;
                            self.skipped += 1;
                            continue;
                        }
                        None => {
                            if !self.fill()? {
                                return Err(Declined("unclosed comment"));
                            }
                            continue;
                        }
                    }
                }
                Some(b'?') => {
                    if rest[gt - 1] != b'?' {
                        return Err(Declined("odd processing instruction"));
                    }
                    self.pos += gt + 1;
                    self.skipped += 1;
                    continue;
                }
                Some(b'/') => {
                    self.pos += gt + 1;
                    let name = self.buf[tag_start + 2..tag_start + gt].trim_ascii();
                    return Ok(Some(Tok::End { name }));
                }
                _ => {
                    self.pos += gt + 1;
                    let mut inner = &self.buf[tag_start + 1..tag_start + gt];
                    let empty = inner.last() == Some(&b'/');
                    if empty {
                        inner = &inner[..inner.len() - 1];
                    }
                    let split = inner.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(inner.len());
                    let (name, attrs) = inner.split_at(split);
                    if name.is_empty() {
                        return Err(Declined("tag without name"));
                    }
                    return Ok(Some(Tok::Start { name, attrs, empty }));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_ranges() {
        assert_eq!(cell_ref(b"A1"), Ok((0, 0)));
        assert_eq!(cell_ref(b"AB12"), Ok((11, 27)));
        assert!(cell_ref(b"a1").is_err());
        assert!(cell_ref(b"A0").is_err());
        assert_eq!(dimension(b"B2:C5").map(|d| (d.start, d.end)), Ok(((1, 1), (4, 2))));
    }

    #[test]
    fn unescape_known_entities_and_declines_the_rest() {
        assert_eq!(unescape(b"Crime &amp; outcome &#8211; &#x41;").as_deref(), Ok("Crime & outcome \u{2013} A"));
        assert!(unescape(b"a&nbsp;b").is_err());
        assert!(unescape(b"line_x000D_").is_err());
        assert!(unescape(b"_x000D&#95;").is_err(), "an escape made by an entity is still an escape");
        assert!(unescape(b"a__x0041_").is_err());
        assert_eq!(unescape(b"_x00G1_ _x004").as_deref(), Ok("_x00G1_ _x004"));
        assert_eq!(unescape(b"_xlnm.Print_Area").as_deref(), Ok("_xlnm.Print_Area"));
        assert_eq!(unescape(b"a\r\nb\rc").as_deref(), Ok("a\nb\nc"));
    }

    #[test]
    fn custom_formats_classified_as_calamine_does() {
        assert_eq!(custom_format("dd/mm/yyyy"), Format::DateTime);
        assert_eq!(custom_format("[h]:mm:ss"), Format::TimeDelta);
        assert_eq!(custom_format("#,##0"), Format::Other);
        assert_eq!(custom_format("\"Day\" 0"), Format::Other);
    }

    /// Every token, as text, read through a buffer that starts `size` bytes long.
    fn tokens(src: &[u8], size: usize) -> Vec<String> {
        let mut xml = Xml::new(src);
        xml.buf = vec![0; size];
        let mut out = Vec::new();
        while let Some(tok) = xml.next().unwrap() {
            out.push(match tok {
                Tok::Start { name, attrs, empty } => {
                    format!("<{}|{}|{empty}>", String::from_utf8_lossy(name), String::from_utf8_lossy(attrs))
                }
                Tok::End { name } => format!("</{}>", String::from_utf8_lossy(name)),
                Tok::Text(t) => String::from_utf8_lossy(t).into_owned(),
            });
        }
        out
    }

    #[test]
    fn tokens_survive_chunk_boundaries() {
        // A buffer of a few bytes: every token straddles a refill, and the buffer grows for the long ones.
        let src = br#"<?xml version="1.0"?><sst count="3"><!-- a comment --><si><t xml:space="preserve"> a </t></si><si><r><t>b</t></r><r><t> c </t></r><rPh><t>x</t></rPh></si><si/></sst>"#;
        let whole = tokens(src, 0);
        assert_eq!(whole.len(), 25, "{whole:?}");
        for size in 1..24 {
            assert_eq!(tokens(src, size), whole, "buffer of {size} bytes");
        }
        assert_eq!(shared_strings(src).unwrap(), [" a ", "bc", ""]);
    }
}
