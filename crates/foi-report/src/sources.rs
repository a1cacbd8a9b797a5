//! The sources appendix: every figure with how it was calculated and the cells it comes from, files under
//! short keys, runs of cells as ranges.

use std::collections::HashSet;

use foi_analysis::Figure;
use foi_model::SourceRef;

use crate::data::{SourceFile, SourceRow, SourcesSection};
use crate::format;

/// How many source cells a row of the sources appendix lists before pointing to the figures file.
pub const SOURCE_CELLS_SHOWN: usize = 12;

/// A sheet name as a spreadsheet writes it in a reference: `Q1`, or `'Q1a 2023-24'` when it needs quotes.
fn sheet_ref(sheet: &str) -> String {
    if !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// `"B16"` → `("B", 16)`.
fn split_cell(cell: &str) -> Option<(&str, u64)> {
    let letters = cell.chars().take_while(char::is_ascii_alphabetic).count();
    let row: u64 = cell[letters..].parse().ok()?;
    (letters > 0).then_some((&cell[..letters], row))
}

/// Runs of three or more cells down one column as a range: `B2, B3, B4, B6` → `B2–B4, B6`.
fn with_ranges(cells: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let mut j = i;
        while let (Some((col, row)), Some((next_col, next_row))) =
            (split_cell(cells[j]), cells.get(j + 1).and_then(|c| split_cell(c)))
        {
            if next_col == col && next_row == row + 1 {
                j += 1;
            } else {
                break;
            }
        }
        if j - i >= 2 {
            out.push(format!("{}–{}", cells[i], cells[j]));
        } else {
            out.extend(cells[i..=j].iter().map(|c| c.to_string()));
        }
        i = j + 1;
    }
    out
}

/// Cells as a reader wants them, one entry per run of cells in one sheet of one file:
/// `[1] Q1!B2, B3, B4`, where `[1]` is the file's key in `files` (added there on first sight). At most `limit`
/// cells; with `ranges`, runs down a column are written as ranges (`B2–B17`).
pub(crate) fn cell_groups(sources: &[SourceRef], files: &mut Vec<String>, limit: usize, ranges: bool) -> Vec<String> {
    let mut groups: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for s in sources.iter().take(limit) {
        match groups.last_mut() {
            Some((file, sheet, cells)) if *file == s.file && *sheet == s.sheet => cells.push(&s.cell),
            _ => groups.push((&s.file, &s.sheet, vec![&s.cell])),
        }
    }
    groups
        .into_iter()
        .map(|(file, sheet, cells)| {
            let key = match files.iter().position(|f| f == file) {
                Some(i) => i + 1,
                None => {
                    files.push(file.to_string());
                    files.len()
                }
            };
            let cells: Vec<&str> = cells.into_iter().filter(|c| !c.is_empty()).collect();
            let cells: Vec<String> =
                if ranges { with_ranges(&cells) } else { cells.iter().map(|c| c.to_string()).collect() };
            match (sheet.is_empty(), cells.is_empty()) {
                (true, true) => format!("[{key}]"),
                (true, false) => format!("[{key}] {}", cells.join(", ")),
                (false, true) => format!("[{key}] {}", sheet_ref(sheet)),
                (false, false) => format!("[{key}] {}!{}", sheet_ref(sheet), cells.join(", ")),
            }
        })
        .collect()
}

/// Figures the sources appendix lists as one row, such as the rows of the offence table: one figure per printed
/// row, each with its single cell. The row gives the values and the cells in the same order, all of them.
#[derive(Debug, Clone)]
pub(crate) struct RowGroup {
    /// The members' ids, in the order they are listed.
    pub ids: Vec<String>,
    /// Printed in the Figure column: `offence.1–16`.
    pub id_text: String,
    /// What the members are: "the offence table's rows".
    pub what: String,
    /// The members' values as printed, in order ("58", "withheld").
    pub values: Vec<String>,
}

/// `[1, 2, 3, 5, 4]` → `"1–3, 5, 4"`.
pub(crate) fn number_runs(ns: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ns.len() {
        let mut j = i;
        while j + 1 < ns.len() && ns[j + 1] == ns[j] + 1 {
            j += 1;
        }
        out.push(if i == j { ns[i].to_string() } else { format!("{}–{}", ns[i], ns[j]) });
        i = j + 1;
    }
    out.join(", ")
}

/// How a sources appendix is laid out.
pub(crate) struct Appendix<'a> {
    pub heading: &'a str,
    pub intro: String,
    /// Figures listed together as one row, where the first of them would be (a table's rows).
    pub groups: &'a [RowGroup],
    /// The figures file that holds every cell.
    pub csv_name: &'a str,
    /// Figures listed without cells, pointing to another file instead (national figures in a force release:
    /// every force's cells are in the overview's figures file).
    pub elsewhere: (&'a dyn Fn(&Figure) -> bool, &'a str),
    /// Cells that are listed (a force release lists its own force's files only).
    pub own: &'a dyn Fn(&SourceRef) -> bool,
    /// The word the release printed for a figure without a value ("withheld", "no value").
    pub no_value: &'a dyn Fn(&Figure) -> &'static str,
}

/// The sources appendix of `figures`, laid out as `a` says.
pub(crate) fn sources_section<'f>(a: &Appendix<'_>, figures: impl IntoIterator<Item = &'f Figure>) -> SourcesSection {
    let Appendix { heading, groups, csv_name, own, no_value, .. } = a;
    let (elsewhere, elsewhere_file) = a.elsewhere;
    let intro = a.intro.clone();
    let figures: Vec<&Figure> = figures.into_iter().collect();
    let by_id = |id: &str| figures.iter().copied().find(|x| x.id == id);
    let group_of = |id: &str| groups.iter().position(|g| g.ids.iter().any(|m| m == id));
    let mut files = Vec::new();
    let mut rows = Vec::new();
    let mut done = HashSet::new();
    for x in &figures {
        if let Some(gi) = group_of(&x.id) {
            if !done.insert(gi) {
                continue;
            }
            let g = &groups[gi];
            let members: Vec<&Figure> = g.ids.iter().filter_map(|id| by_id(id)).collect();
            let all: Vec<&SourceRef> = members.iter().flat_map(|m| &m.sources).collect();
            let listed: Vec<SourceRef> = all.iter().filter(|s| own(s)).map(|s| (*s).clone()).collect();
            // The members' formulas, each once; one that only adds to another ("…: withheld") is left to the values.
            let mut formulas: Vec<&str> = Vec::new();
            for m in &members {
                if !formulas.contains(&m.formula.as_str()) {
                    formulas.push(&m.formula);
                }
            }
            let formulas: Vec<&str> = formulas
                .iter()
                .copied()
                .filter(|f| !formulas.iter().any(|o| o != f && !o.is_empty() && f.starts_with(o)))
                .collect();
            let periods: Vec<String> = members.iter().map(|m| m.period_text()).collect();
            rows.push(SourceRow {
                id: g.id_text.clone(),
                label: g.what.clone(),
                value: String::new(),
                formula: format!("{}; {}, in order: {}", formulas.join("; "), g.what, g.values.join(", ")),
                period: if periods.iter().all(|p| *p == periods[0]) { periods[0].clone() } else { String::new() },
                base: String::new(),
                cells: cell_groups(&listed, &mut files, usize::MAX, true),
                more: (listed.len() < all.len()).then(|| format!("other forces' cells: see {csv_name}")),
                group: true,
            });
            continue;
        }
        let here = !elsewhere(x);
        let listed: Vec<SourceRef> =
            if here { x.sources.iter().filter(|s| own(s)).cloned().collect() } else { Vec::new() };
        let more = if !here {
            Some(format!("see {elsewhere_file}"))
        } else if listed.len() < x.sources.len() {
            Some(format!("other forces' cells: see {csv_name}"))
        } else {
            (listed.len() > SOURCE_CELLS_SHOWN).then(|| format!("… more in {csv_name}"))
        };
        rows.push(SourceRow {
            id: x.id.clone(),
            label: x.label.clone(),
            value: format::figure(x).unwrap_or_else(|| no_value(x).to_string()),
            formula: x.formula.clone(),
            period: x.period_text(),
            base: x.base.clone(),
            cells: cell_groups(&listed, &mut files, SOURCE_CELLS_SHOWN, false),
            more,
            group: false,
        });
    }
    SourcesSection {
        heading: heading.to_string(),
        intro,
        files: files
            .into_iter()
            .enumerate()
            .map(|(i, path)| SourceFile { key: format!("[{}]", i + 1), path })
            .collect(),
        rows,
        decisions: Vec::new(),
    }
}

/// True for a source file in the force's own folder (`<campaign>/<force>/…` or `<force>/…`).
pub(crate) fn in_force_folder(slug: &str, s: &SourceRef) -> bool {
    s.file.split(['/', '\\']).rev().skip(1).any(|c| c == slug)
}
