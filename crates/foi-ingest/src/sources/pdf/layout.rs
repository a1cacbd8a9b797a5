//! One page's words as a person reads them: paragraphs, and tables of rows and columns.
//!
//! Lines are words on one baseline; a line splits into fragments where a gap is wider than a space. A block of
//! lines closer together than a paragraph break is a table when at least two of its lines hold several fragments,
//! a number among them. A table's columns are the x-bands its fragments occupy (taken from the lines that hold
//! numbers, so a header spanning columns cannot merge them); blank cells are simply bands with nothing in them
//! on that row. Its rows are the lines no row boundary separates: a wrapped cell's lines sit one leading apart,
//! while rows are a little further apart (cell padding), and a centred or bottom-aligned number shares its row
//! with the label lines around or above it. The leading is measured on the table itself.

use super::words::Word;
use crate::values::{read_text_value, Value};

/// Words on one baseline, split where the gap is wider than a space.
#[derive(Debug, Clone)]
pub struct Line {
    pub y0: f64,
    pub y1: f64,
    pub frags: Vec<Frag>,
}

/// A run of words on one line with no wide gap: a cell's text on that line, or a piece of prose.
#[derive(Debug, Clone)]
pub struct Frag {
    pub x0: f64,
    pub x1: f64,
    pub text: String,
    /// A count, a withheld marker or a dash.
    pub value: bool,
}

impl Line {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    pub fn text(&self) -> String {
        self.frags.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join(" ")
    }
    fn x0(&self) -> f64 {
        self.frags.first().map_or(0.0, |f| f.x0)
    }
    fn x1(&self) -> f64 {
        self.frags.last().map_or(0.0, |f| f.x1)
    }
}

/// What a page holds, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph { text: String, y0: f64, y1: f64 },
    Table(Table),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Each column's x-extent.
    pub bands: Vec<(f64, f64)>,
    /// Cell texts, one per band ("" for a blank cell).
    pub rows: Vec<Vec<String>>,
    pub y0: f64,
    pub y1: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Group words into lines (by baseline) and each line into fragments (by gaps wider than a space).
pub fn lines(words: &[Word]) -> Vec<Line> {
    let mut ws: Vec<&Word> = words.iter().collect();
    ws.sort_by(|a, b| a.y1.total_cmp(&b.y1).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<&Word>> = Vec::new();
    for w in ws {
        // Same baseline: bottoms within a third of the word's height.
        match groups.last_mut() {
            Some(g) if (g[0].y1 - w.y1).abs() <= 0.35 * w.height().max(g[0].height()) => g.push(w),
            _ => groups.push(vec![w]),
        }
    }
    // A superscript ("13th") sits a little higher than its line in smaller type: it belongs to the line below it.
    let mut i = 0;
    while i + 1 < groups.len() {
        let small = median(groups[i].iter().map(|w| w.height()).collect());
        let next = median(groups[i + 1].iter().map(|w| w.height()).collect());
        let top = groups[i].iter().map(|w| w.y1).fold(f64::NEG_INFINITY, f64::max);
        let next_top = groups[i + 1].iter().map(|w| w.y0).fold(f64::INFINITY, f64::min);
        if small < 0.8 * next && top > next_top {
            let moved = groups.remove(i);
            groups[i].extend(moved);
        } else {
            i += 1;
        }
    }
    groups
        .into_iter()
        .map(|mut g| {
            g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let h = median(g.iter().map(|w| w.height()).collect());
            let split = (0.5 * h).max(4.0);
            let mut frags: Vec<Frag> = Vec::new();
            let mut last_x1 = f64::NEG_INFINITY;
            for w in &g {
                match frags.last_mut() {
                    Some(f) if w.x0 - last_x1 <= split => {
                        // Touching words ("13" and a raised "th") are one word.
                        if w.x0 - last_x1 > 0.8 {
                            f.text.push(' ');
                        }
                        f.text.push_str(w.text.trim());
                        f.x1 = f.x1.max(w.x1);
                    }
                    _ => frags.push(Frag { x0: w.x0, x1: w.x1, text: w.text.trim().to_string(), value: false }),
                }
                last_x1 = last_x1.max(w.x1);
            }
            for f in &mut frags {
                f.value = figure_like(&f.text);
            }
            let y0 = g.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min);
            let y1 = g.iter().map(|w| w.y1).fold(f64::NEG_INFINITY, f64::max);
            Line { y0, y1, frags }
        })
        .collect()
}

/// The page's lines as paragraphs and tables, top to bottom.
pub fn blocks(lines: &[Line]) -> Vec<Block> {
    let h = median(lines.iter().map(Line::height).collect());
    // A paragraph break: more white space between two lines than three quarters of a line.
    let brk = 0.75 * h;
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=lines.len() {
        let split = i == lines.len() || lines[i].y0 - lines[i - 1].y1 > brk;
        if split {
            out.extend(block(&lines[start..i], h));
            start = i;
        }
    }
    out
}

/// One run of close lines: a table, or paragraphs.
fn block(lines: &[Line], _page_h: f64) -> Vec<Block> {
    if lines.is_empty() {
        return Vec::new();
    }
    let width =
        lines.iter().map(Line::x1).fold(0.0, f64::max) - lines.iter().map(Line::x0).fold(f64::INFINITY, f64::min);
    // A row of a table: several pieces, none of them a run of prose across the block ("1. The total number of
    // crimes logged by your force…" is a numbered paragraph, not a row).
    let tabular = |l: &Line| l.frags.len() >= 2 && l.frags.iter().all(|f| f.x1 - f.x0 <= 0.5 * width);
    let rows = lines.iter().filter(|l| tabular(l)).count();
    let numeric = lines.iter().any(|l| tabular(l) && l.frags.iter().any(|f| f.value));
    if rows < 2 || !numeric {
        return vec![paragraph(lines)];
    }
    let first = lines.iter().position(&tabular).expect("a tabular line");
    let last = lines.iter().rposition(&tabular).expect("a tabular line");
    let all = bands(lines);
    // Above the first row: a caption or a question (a line across several columns, a lone number such as "1.",
    // or prose across the table) and everything above it is text; a piece of a wrapped heading stays.
    let caption = |l: &Line| {
        l.frags.len() == 1 && {
            let f = &l.frags[0];
            let spanned = all.iter().filter(|b| overlap((f.x0, f.x1), **b) > 0.25 * (b.1 - b.0)).count();
            f.value || spanned >= 2 || f.x1 - f.x0 > 0.5 * width
        }
    };
    let top = lines[..first].iter().rposition(&caption).map_or(0, |k| k + 1);
    // Below the last row: a wrapped label's last lines stay; from the first line of prose on it is text.
    let bottom =
        lines[last + 1..].iter().position(|l| caption(l) || l.frags.len() > 1).map_or(lines.len(), |k| last + 1 + k);
    let mut out = Vec::new();
    if top > 0 {
        out.push(paragraph(&lines[..top]));
    }
    match table(&lines[top..bottom]) {
        Some(t) => out.extend(split_side_by_side(t, &lines[top..bottom])),
        None => out.push(paragraph(&lines[top..bottom])),
    }
    if bottom < lines.len() {
        out.push(paragraph(&lines[bottom..]));
    }
    out
}

fn paragraph(lines: &[Line]) -> Block {
    let text = lines.iter().map(Line::text).collect::<Vec<_>>().join(" ");
    Block::Paragraph { text, y0: lines[0].y0, y1: lines[lines.len() - 1].y1 }
}

/// Column bands: merged x-extents of the fragments on lines that hold a number, then every other fragment joins
/// the band it overlaps most (a heading over an empty column makes a band of its own).
fn bands(lines: &[Line]) -> Vec<(f64, f64)> {
    let width =
        lines.iter().map(Line::x1).fold(0.0, f64::max) - lines.iter().map(Line::x0).fold(f64::INFINITY, f64::min);
    let mut spans: Vec<(f64, f64)> = lines
        .iter()
        .filter(|l| l.frags.iter().any(|f| f.value))
        .flat_map(|l| l.frags.iter().map(|f| (f.x0, f.x1)))
        .collect();
    let mut bands = merge(&mut spans);
    for l in lines {
        for f in &l.frags {
            // A line of prose across the table is not a column.
            if l.frags.len() == 1 && f.x1 - f.x0 > 0.6 * width {
                continue;
            }
            if !bands.iter().any(|b| overlap((f.x0, f.x1), *b) > 0.0) {
                bands.push((f.x0, f.x1));
                bands = merge(&mut bands);
            }
        }
    }
    bands
}

fn merge(spans: &mut [(f64, f64)]) -> Vec<(f64, f64)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for &(a, b) in spans.iter() {
        match out.last_mut() {
            Some(last) if a < last.1 - 0.5 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

fn overlap(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.1.min(b.1) - a.0.max(b.0)).max(0.0)
}

/// The band a fragment belongs to: the one it overlaps most, else the nearest.
fn band_of(f: &Frag, bands: &[(f64, f64)]) -> usize {
    let best =
        (0..bands.len()).max_by(|&i, &j| overlap((f.x0, f.x1), bands[i]).total_cmp(&overlap((f.x0, f.x1), bands[j])));
    match best {
        Some(i) if overlap((f.x0, f.x1), bands[i]) > 0.0 => i,
        _ => (0..bands.len())
            .min_by(|&i, &j| {
                let d = |b: (f64, f64)| (f.x0 - b.1).max(b.0 - f.x1).max(0.0);
                d(bands[i]).total_cmp(&d(bands[j]))
            })
            .unwrap_or(0),
    }
}

fn table(lines: &[Line]) -> Option<Table> {
    if lines.is_empty() {
        return None;
    }
    // The table's own line height: its text may be smaller or larger than the letter's.
    let h = median(lines.iter().map(Line::height).collect());
    let bands = bands(lines);
    if bands.len() < 2 {
        return None;
    }
    // Per line: which bands hold text, which hold numbers.
    let placed: Vec<Vec<(usize, &Frag)>> =
        lines.iter().map(|l| l.frags.iter().map(|f| (band_of(f, &bands), f)).collect()).collect();
    let texts = |i: usize, b: usize| placed[i].iter().any(|(x, f)| *x == b && !f.value);
    let numbers = |i: usize, b: usize| placed[i].iter().any(|(x, f)| *x == b && f.value);
    let stacked_numbers = |i: usize| (0..bands.len()).any(|b| numbers(i, b) && numbers(i + 1, b));
    let pitch = |i: usize| lines[i + 1].y0 - lines[i].y0;
    // Two lines may be one cell's text run on: they share a column of text, no column holds a number on both, and
    // a line with numbers is followed or preceded only by a single piece of text (a header line above a row of
    // figures is a row of its own).
    let bands_of = |i: usize| placed[i].iter().map(|(b, _)| *b).collect::<std::collections::BTreeSet<_>>();
    let has_numbers = |i: usize| placed[i].iter().any(|(_, f)| f.value);
    let may_continue = |i: usize| {
        let shared = (0..bands.len()).any(|b| texts(i, b) && texts(i + 1, b));
        let mixed = (has_numbers(i) && bands_of(i + 1).len() > 1) || (has_numbers(i + 1) && bands_of(i).len() > 1);
        shared && !stacked_numbers(i) && !mixed
    };
    // The leading of a wrapped cell: the smallest step between two such lines.
    let leading =
        (0..lines.len().saturating_sub(1)).filter(|&i| may_continue(i)).map(pitch).fold(f64::INFINITY, f64::min);
    // No step that small: no cell wraps, and every line is a row of its own.
    let wraps = leading <= 1.15 * h;
    let mut rows: Vec<Vec<usize>> = vec![vec![0]];
    for i in 0..lines.len() - 1 {
        let p = pitch(i);
        // Lines that overlap (a number centred between two lines of its label) always share a row.
        let same = (p < 0.7 * h && !stacked_numbers(i)) || (wraps && may_continue(i) && p <= leading + 0.3);
        if same {
            rows.last_mut().expect("a row").push(i + 1);
        } else {
            rows.push(vec![i + 1]);
        }
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|members| {
            let mut row = vec![String::new(); bands.len()];
            for &i in members {
                for (b, f) in &placed[i] {
                    if !row[*b].is_empty() {
                        row[*b].push(' ');
                    }
                    row[*b].push_str(&f.text);
                }
            }
            row
        })
        .collect();
    Some(Table { bands, rows: cells, y0: lines[0].y0, y1: lines[lines.len() - 1].y1 })
}

/// Two tables printed side by side share lines but not columns: split where a column of labels starts again
/// after a column of numbers, across a gutter wider than the table's other gaps between columns.
fn split_side_by_side(t: Table, lines: &[Line]) -> Vec<Block> {
    let h = median(lines.iter().map(Line::height).collect());
    let n = t.bands.len();
    let numeric = |b: usize| {
        let cells: Vec<&String> = t.rows.iter().map(|r| &r[b]).filter(|c| !c.is_empty()).collect();
        let values = cells.iter().filter(|c| figure_like(c)).count();
        !cells.is_empty() && values * 2 > cells.len()
    };
    let gaps: Vec<f64> = (1..n).map(|b| t.bands[b].0 - t.bands[b - 1].1).collect();
    let typical = median(gaps.clone());
    let cut = (2..n).find(|&b| !numeric(b) && numeric(b - 1) && gaps[b - 1] > 1.5 * typical.max(2.0 * h));
    let Some(cut) = cut else { return vec![Block::Table(t)] };
    // Everything left of the middle of the gutter is the first table, the rest the second.
    let middle = (t.bands[cut - 1].1 + t.bands[cut].0) / 2.0;
    let part = |left: bool| -> Vec<Block> {
        let mine: Vec<Line> = lines
            .iter()
            .filter_map(|l| {
                let frags: Vec<Frag> =
                    l.frags.iter().filter(|f| ((f.x0 + f.x1) / 2.0 < middle) == left).cloned().collect();
                (!frags.is_empty()).then_some(Line { y0: l.y0, y1: l.y1, frags })
            })
            .collect();
        match table(&mine) {
            Some(t) => split_side_by_side(t, &mine),
            None => vec![Block::Paragraph {
                text: mine.iter().map(Line::text).collect::<Vec<_>>().join(" "),
                y0: mine.first().map_or(0.0, |l| l.y0),
                y1: mine.last().map_or(0.0, |l| l.y1),
            }],
        }
    };
    let mut out = part(true);
    out.extend(part(false));
    out
}

/// A fragment laid out like a figure: a count, a withheld marker, a dash, or a list number ("1.") that sits in
/// the margin beside a numbered answer's table (kept apart from the table's words, and read later as no count).
fn figure_like(text: &str) -> bool {
    let t = text.trim();
    matches!(read_text_value(t), Value::Count(_) | Value::Suppressed(_) | Value::Dash)
        || t.strip_suffix('.').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words from a compact description: each `(x0, y0, text)` 10 pt high, 6 pt per character.
    fn words(spec: &[(f64, f64, &str)]) -> Vec<Word> {
        spec.iter()
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
            .collect()
    }

    fn tables(spec: &[(f64, f64, &str)]) -> Vec<Vec<Vec<String>>> {
        blocks(&lines(&words(spec)))
            .into_iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t.rows),
                _ => None,
            })
            .collect()
    }

    fn r(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn blank_cells_keep_their_column() {
        let t = tables(&[
            (40.0, 100.0, "Outcome"),
            (200.0, 100.0, "A"),
            (260.0, 100.0, "B"),
            (320.0, 100.0, "C"),
            (40.0, 113.0, "Charged"),
            (320.0, 113.0, "4"),
            (40.0, 126.0, "Cautioned"),
            (200.0, 126.0, "2"),
            (260.0, 126.0, "7"),
        ]);
        assert_eq!(
            t,
            [vec![r(&["Outcome", "A", "B", "C"]), r(&["Charged", "", "", "4"]), r(&["Cautioned", "2", "7", ""])]]
        );
    }

    #[test]
    fn a_bottom_aligned_number_takes_the_wrapped_label_above_it() {
        // Rows 13 pt apart, a wrapped label's lines 10 pt apart.
        let t = tables(&[
            (40.0, 100.0, "Offence"),
            (200.0, 100.0, "2021"),
            (40.0, 113.0, "Arson"),
            (200.0, 113.0, "3"),
            (40.0, 126.0, "Disclosure, Obstruction"),
            (40.0, 136.0, "Statements Etc"),
            (200.0, 136.0, "1"),
            (40.0, 149.0, "Rape"),
            (200.0, 149.0, "8"),
        ]);
        assert_eq!(t[0][2], r(&["Disclosure, Obstruction Statements Etc", "1"]));
        assert_eq!(t[0][3], r(&["Rape", "8"]));
    }

    #[test]
    fn a_centred_number_takes_the_label_lines_around_it() {
        let t = tables(&[
            (40.0, 100.0, "Outcome"),
            (200.0, 100.0, "2021"),
            (40.0, 114.0, "Charged"),
            (200.0, 114.0, "28"),
            (40.0, 128.0, "Named Suspect Identified"),
            (200.0, 133.0, "24"),
            (40.0, 138.0, "Too Ill to Prosecute"),
            (40.0, 152.0, "Suspect NOT Identified"),
            (40.0, 162.0, "Difficulties: Victim"),
            (200.0, 162.0, "4"),
            (40.0, 172.0, "Unable to Support"),
            (40.0, 186.0, "Fraud"),
            (200.0, 186.0, "-"),
        ]);
        assert_eq!(
            t[0],
            [
                r(&["Outcome", "2021"]),
                r(&["Charged", "28"]),
                r(&["Named Suspect Identified Too Ill to Prosecute", "24"]),
                r(&["Suspect NOT Identified Difficulties: Victim Unable to Support", "4"]),
                r(&["Fraud", "-"]),
            ]
        );
    }

    #[test]
    fn rows_of_a_list_never_merge() {
        // Tight rows and no wrapped cell: each line is a row.
        let t = tables(&[
            (40.0, 100.0, "No."),
            (80.0, 100.0, "Year"),
            (160.0, 100.0, "Type"),
            (40.0, 111.0, "1"),
            (80.0, 111.0, "2019/2020"),
            (160.0, 111.0, "THEFT"),
            (40.0, 122.0, "2"),
            (80.0, 122.0, "2019/2020"),
            (160.0, 122.0, "ROBBERY"),
        ]);
        assert_eq!(t[0].len(), 3);
        assert_eq!(t[0][2], r(&["2", "2019/2020", "ROBBERY"]));
    }

    #[test]
    fn prose_stays_prose() {
        let b = blocks(&lines(&words(&[
            (40.0, 100.0, "Dear Ms Robinson,"),
            (40.0, 130.0, "I refer to your request for information received on 15 September 2025."),
            (40.0, 142.0, "I can confirm that the force holds some information."),
        ])));
        assert_eq!(b.len(), 2);
        assert!(matches!(&b[1], Block::Paragraph { text, .. } if text.ends_with("holds some information.")));
    }

    #[test]
    fn tables_side_by_side_are_kept_apart() {
        let t = tables(&[
            (40.0, 100.0, "Year"),
            (100.0, 100.0, "Crimes"),
            (300.0, 100.0, "Outcome"),
            (420.0, 100.0, "Count"),
            (40.0, 113.0, "2019"),
            (100.0, 113.0, "12"),
            (300.0, 113.0, "Charged"),
            (420.0, 113.0, "3"),
            (40.0, 126.0, "2020"),
            (100.0, 126.0, "15"),
            (300.0, 126.0, "Cautioned"),
            (420.0, 126.0, "4"),
            (300.0, 139.0, "Ongoing"),
            (420.0, 139.0, "1"),
        ]);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(t[0], [r(&["Year", "Crimes"]), r(&["2019", "12"]), r(&["2020", "15"])]);
        assert_eq!(t[1][3], r(&["Ongoing", "1"]));
    }
}
