use super::{decode_text, Document, Limits, NoteKind, ReadError, ReadNote};
use crate::grid::{Cell, Sheet};

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Excel's widest sheet: a row of more fields is no table (and would make every row that wide).
pub const MAX_COLUMNS: usize = 16_384;
/// A cell of Excel holds 32,767 characters, at most 4 bytes each in UTF-8.
pub const MAX_CELL_BYTES: usize = 4 * 32_767;

/// Refuse a line wider than a sheet or a run longer than a cell from the bytes alone, before the text is decoded
/// and split: the csv crate keeps a bound per field, so one 50 MB line of `1,1,1…` would cost 700 MB to split.
fn check_shape(bytes: &[u8]) -> Result<(), ReadError> {
    // A line shorter than MAX_COLUMNS bytes can hold neither too many fields nor too long a run: only longer
    // lines are looked at byte by byte (a million-row list has none).
    const _: () = assert!(MAX_COLUMNS <= MAX_CELL_BYTES);
    let mut start = 0;
    for (i, end) in memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]).enumerate() {
        if end - start >= MAX_COLUMNS {
            check_line(&bytes[start..end], i + 1)?;
        }
        start = end + 1;
    }
    Ok(())
}

fn check_line(line: &[u8], number: usize) -> Result<(), ReadError> {
    let (mut fields, mut run) = ([1usize; DELIMITERS.len()], 0usize);
    for &b in line {
        if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
            fields[i] += 1;
            run = 0;
            if fields[i] > MAX_COLUMNS {
                return Err(ReadError::Limit(format!(
                    "line {number} has over {MAX_COLUMNS} fields, the most columns a spreadsheet holds"
                )));
            }
        } else {
            run += 1;
            if run > MAX_CELL_BYTES {
                return Err(ReadError::Limit(format!(
                    "line {number} has a field of over {MAX_CELL_BYTES} bytes; a spreadsheet cell holds at most \
                     32,767 characters"
                )));
            }
        }
    }
    Ok(())
}

pub fn read(file: &str, bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    check_shape(bytes)?;
    // One copy of the text at a time: a million-row extract is a hundred megabytes.
    let (text, _encoding) = decode_text(bytes);
    let delimiter = sniff_delimiter(&text);
    let text = keep_blank_lines(&text, delimiter);
    let name = std::path::Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut notes = Vec::new();
    let mut reader =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut cells = 0u64;
    let cap = limits.max_sheet_cells;
    // One record reused for every line: a million-row extract is not a million record allocations.
    let mut record = ::csv::StringRecord::new();
    let mut texts = crate::grid::Texts::default();
    while reader.read_record(&mut record).map_err(|e| ReadError::Corrupt(format!("CSV: {e}")))? {
        if record.len() > MAX_COLUMNS {
            return Err(ReadError::Limit(format!(
                "row {} has {} fields, over the {MAX_COLUMNS} columns a spreadsheet holds",
                rows.len() + 1,
                record.len()
            )));
        }
        if let Some(long) = record.iter().find(|f| f.len() > MAX_CELL_BYTES) {
            return Err(ReadError::Limit(format!(
                "row {} has a field of {} bytes; a spreadsheet cell holds at most 32,767 characters",
                rows.len() + 1,
                long.len()
            )));
        }
        cells += record.len() as u64;
        if cells > cap {
            notes.push(ReadNote::new(
                name.clone(),
                NoteKind::Truncated,
                format!("file has more than {cap} cells; only the first {} rows were read, so every figure counted from it is incomplete", rows.len()),
            ));
            break;
        }
        rows.push(record.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { texts.cell(f) }).collect());
    }
    Ok(Document {
        file: file.to_string(),
        kind: "csv",
        sheets: vec![Sheet::grid(name, rows)],
        notes,
        ..Default::default()
    })
}

/// The csv crate skips empty lines, but a blank line is what separates stacked tables: write each blank line
/// (outside a quoted field) as a lone delimiter, a row of empty cells, so that two tables never read as one.
/// Text without a blank line is returned as it is (a million-row list is not copied).
fn keep_blank_lines(text: &str, delimiter: u8) -> std::borrow::Cow<'_, str> {
    if !may_have_blank_line(text) {
        return text.into();
    }
    let mut out: Option<String> = None;
    let mut in_quotes = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if !in_quotes && line.trim().is_empty() {
            let out = out.get_or_insert_with(|| {
                let mut s = String::with_capacity(text.len() + 16);
                s.push_str(&text[..at]);
                s
            });
            out.push(delimiter as char);
            out.push('\n');
        } else {
            in_quotes ^= memchr::memchr_iter(b'"', line.as_bytes()).count() % 2 == 1;
            if let Some(out) = &mut out {
                out.push_str(line);
            }
        }
        at += line.len();
    }
    match out {
        Some(s) => s.into(),
        None => text.into(),
    }
}

/// Whether any line may be blank, looking only at each line's first bytes (a non-ASCII byte may be Unicode
/// white space, so it counts as blank here; the full pass decides).
fn may_have_blank_line(text: &str) -> bool {
    let b = text.as_bytes();
    // Most lines answer at their first byte.
    let blank_at = |i: usize| {
        for &c in &b[i..] {
            match c {
                b'\n' => return true,
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c | 0x80.. => {}
                _ => return false,
            }
        }
        // Text ending in a newline has no line after it.
        i < b.len()
    };
    blank_at(0) || memchr::memchr_iter(b'\n', b).any(|i| blank_at(i + 1))
}

/// The delimiter that splits the most lines into the same number (> 1) of fields.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(50).collect();
    let mut best = (0usize, b',');
    for &d in &DELIMITERS {
        let counts: Vec<usize> = lines.iter().map(|l| count_fields(l, d)).collect();
        let Some(&mode) = mode(&counts) else { continue };
        if mode < 2 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == mode).count();
        if agreeing > best.0 {
            best = (agreeing, d);
        }
    }
    best.1
}

fn count_fields(line: &str, d: u8) -> usize {
    let mut in_quotes = false;
    let mut n = 1;
    for b in line.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == d && !in_quotes {
            n += 1;
        }
    }
    n
}

fn mode(xs: &[usize]) -> Option<&usize> {
    xs.iter().max_by_key(|x| xs.iter().filter(|y| y == x).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_wider_than_a_sheet_or_a_field_longer_than_a_cell_is_refused() {
        let wide = format!("Year,Count\n{}\n", "1,".repeat(MAX_COLUMNS));
        assert!(
            matches!(read("x.csv", wide.as_bytes(), &Limits::default()), Err(ReadError::Limit(m)) if m.contains("fields"))
        );
        let long = format!("Year,Count\n2021/22,\"{}\"\n", "9".repeat(MAX_CELL_BYTES + 1));
        assert!(
            matches!(read("x.csv", long.as_bytes(), &Limits::default()), Err(ReadError::Limit(m)) if m.contains("bytes"))
        );
    }

    #[test]
    fn the_shape_check_finds_a_wide_or_long_line_anywhere() {
        let fields = |n: usize, d: &str| vec!["1"; n].join(d);
        let ok = format!("a,b\n{}\n{}", fields(MAX_COLUMNS, ","), "9".repeat(MAX_CELL_BYTES));
        check_shape(ok.as_bytes()).unwrap();
        for (text, says) in [
            (format!("a,b\n1,2\n{}\n3,4\n", fields(MAX_COLUMNS + 1, ",")), "line 3 has over"),
            // Any delimiter, not only the one the file turns out to use; the last line needs no newline.
            (format!("a,b\n{}", fields(MAX_COLUMNS + 1, "\t")), "line 2 has over"),
            (format!("a,b\r\n1,{}\r\n", "9".repeat(MAX_CELL_BYTES + 1)), "line 2 has a field"),
        ] {
            match check_shape(text.as_bytes()) {
                Err(ReadError::Limit(m)) => assert!(m.starts_with(says), "{m}"),
                other => panic!("{says}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_quick_blank_line_test_misses_none() {
        for text in ["a\n\nb", "\nb", " \t\r\nb", "a\n  ", "a\r\n\r\nb", "a\n\u{a0}\nb", "a\n\u{2003}", "a\n\u{b}\nb"] {
            assert!(may_have_blank_line(text), "{text:?}");
            assert!(matches!(keep_blank_lines(text, b','), std::borrow::Cow::Owned(_)), "{text:?}");
        }
        for text in ["a\nb\n", "", "a", "a,b\r\nc,d\r\n"] {
            assert!(!may_have_blank_line(text), "{text:?}");
        }
    }

    #[test]
    fn blank_lines_keep_stacked_tables_apart() {
        let d = read(
            "x.csv",
            b"Year,Count\n2021/22,4\n\nOffence,Count\n\"Multi\nline\",2\n\nOutcome,Count\n",
            &Limits::default(),
        )
        .unwrap();
        let rows = &d.sheets[0].rows;
        assert_eq!(rows.len(), 7, "{rows:?}");
        assert!([2, 5].iter().all(|&r| rows[r].iter().all(Cell::is_empty)), "{rows:?}");
        assert_eq!(rows[4][0], Cell::Text("Multi\nline".into()));
        assert_eq!(rows[6][0], Cell::Text("Outcome".into()));
    }

    #[test]
    fn sniffs_semicolons_and_keeps_quoted_commas() {
        let d = read("x.csv", b"Offence;Count\n\"Public fear, alarm or distress\";4\nTotal;4\n", &Limits::default())
            .unwrap();
        assert_eq!(d.sheets[0].rows[1][0], Cell::Text("Public fear, alarm or distress".into()));
        assert_eq!(d.sheets[0].rows[1][1], Cell::Text("4".into()));
    }
}
