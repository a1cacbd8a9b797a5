use super::{decode_text, Document, ReadError};
use crate::grid::{Cell, Sheet};

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

pub fn read(file: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let (text, _encoding) = decode_text(bytes);
    let delimiter = sniff_delimiter(&text);
    let text = keep_blank_lines(&text, delimiter);
    let mut reader =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ReadError::Corrupt(format!("CSV: {e}")))?;
        rows.push(
            record.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) }).collect(),
        );
    }
    let name = std::path::Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Document { file: file.to_string(), kind: "csv", sheets: vec![Sheet::grid(name, rows)], ..Default::default() })
}

/// The csv crate skips empty lines, but a blank line is what separates stacked tables: write each blank line
/// (outside a quoted field) as a lone delimiter, a row of empty cells, so that two tables never read as one.
fn keep_blank_lines(text: &str, delimiter: u8) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_quotes = false;
    for line in text.split_inclusive('\n') {
        if !in_quotes && line.trim().is_empty() {
            out.push(delimiter as char);
            out.push('\n');
            continue;
        }
        in_quotes ^= line.matches('"').count() % 2 == 1;
        out.push_str(line);
    }
    out
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
    fn blank_lines_keep_stacked_tables_apart() {
        let d = read("x.csv", b"Year,Count\n2021/22,4\n\nOffence,Count\n\"Multi\nline\",2\n\nOutcome,Count\n").unwrap();
        let rows = &d.sheets[0].rows;
        assert_eq!(rows.len(), 7, "{rows:?}");
        assert!([2, 5].iter().all(|&r| rows[r].iter().all(Cell::is_empty)), "{rows:?}");
        assert_eq!(rows[4][0], Cell::Text("Multi\nline".into()));
        assert_eq!(rows[6][0], Cell::Text("Outcome".into()));
    }

    #[test]
    fn sniffs_semicolons_and_keeps_quoted_commas() {
        let d = read("x.csv", b"Offence;Count\n\"Public fear, alarm or distress\";4\nTotal;4\n").unwrap();
        assert_eq!(d.sheets[0].rows[1][0], Cell::Text("Public fear, alarm or distress".into()));
        assert_eq!(d.sheets[0].rows[1][1], Cell::Text("4".into()));
    }
}
