//! Issues: what a reader or a check found, before they are folded into the store's [`Problem`]s.
//!
//! Every issue says how much it matters ([`Severity`]): blocking when a number a release would print may be wrong
//! or missing, a note otherwise. Issues of one kind about one label (or with one message) in one sheet are
//! folded into one problem with a count and the first few cells, so that a million odd rows read as one line.

use std::collections::BTreeMap;

use foi_model::{Problem, ProblemKind, Region, Severity, SourceRef};

use crate::grid::Sheet;

/// How many cells a folded problem lists.
pub const CELLS_LISTED: usize = 6;

#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub kind: ProblemKind,
    pub severity: Severity,
    pub source: SourceRef,
    pub message: String,
    /// The campaign question (its index) whose figures it touches, when it is about one.
    pub question: Option<usize>,
    /// The force's words it is about (an unmapped label).
    pub label: Option<String>,
    pub hint: String,
    pub region: Option<Region>,
    /// Settled by a correction: its reason.
    pub settled: Option<String>,
}

/// The severity a kind of issue has unless its finder says otherwise.
pub fn default_severity(kind: ProblemKind) -> Severity {
    use ProblemKind::*;
    match kind {
        PeriodBasisDiffers | Duplicate | Corrected | UnknownPeriod => Severity::Note,
        UnknownForce | UnreadableFile | UnsupportedFile | UnmappedLabel | BadValue | TotalMismatch | BasisUnclear
        | MissingAnswer | UnrecognisedTable | PartlyRead | Truncated | Conflict | Inconsistent => Severity::Blocking,
    }
}

/// What would settle an issue of this kind, when its finder gives no better hint.
fn default_hint(kind: ProblemKind) -> &'static str {
    use ProblemKind::*;
    match kind {
        UnknownForce => "rename the folder to the force's name, or skip it in corrections.toml",
        UnreadableFile | UnsupportedFile => {
            "ask the force for a readable copy, type its figures in as [[figure]] entries, or [[skip]] the file if it holds no figures"
        }
        UnmappedLabel => "map the label to a reference entry with a [[label]] entry (`foi review` suggests candidates)",
        UnknownPeriod => "declare the table with a [[table]] entry naming its period, or [[skip]] the rows",
        BadValue => "check the cell in the force's file; type the right figure in as a [[figure]] entry, or [[accept]] it",
        TotalMismatch => "check the force's total; [[accept]] it (the parts are used) or ask the force",
        PeriodBasisDiffers => "nothing to do: the release says which years the force used",
        BasisUnclear => "set the force's year basis with a [[force]] entry, citing where you found it",
        MissingAnswer => {
            "find the answer in the files (declare it with a [[table]] entry), or set the status with a [[force]] entry"
        }
        UnrecognisedTable | PartlyRead => "declare the table's range, question and orientation with a [[table]] entry",
        Truncated => "the file is larger than the reader's limit: ask for a smaller extract or raise the limit",
        Conflict => "decide which figure is right: [[skip]] the other table or file, or [[accept]] the first",
        Duplicate | Corrected => "",
        Inconsistent => "check the figures against the force's files; declare the table, or [[accept]] with a reason",
    }
}

impl Issue {
    pub fn new(kind: ProblemKind, source: SourceRef, message: impl Into<String>) -> Issue {
        Issue {
            kind,
            severity: default_severity(kind),
            source,
            message: message.into(),
            question: None,
            label: None,
            hint: String::new(),
            region: None,
            settled: None,
        }
    }
    pub fn note(mut self) -> Issue {
        self.severity = Severity::Note;
        self
    }
    pub fn blocking(mut self) -> Issue {
        self.severity = Severity::Blocking;
        self
    }
    pub fn about(mut self, q: usize) -> Issue {
        self.question = Some(q);
        self
    }
    pub fn about_opt(mut self, q: Option<usize>) -> Issue {
        self.question = q;
        self
    }
    pub fn label(mut self, l: impl Into<String>) -> Issue {
        self.label = Some(l.into());
        self
    }
    pub fn hint(mut self, h: impl Into<String>) -> Issue {
        self.hint = h.into();
        self
    }
    pub fn region(mut self, r: Option<Region>) -> Issue {
        self.region = r;
        self
    }
}

/// The cells of `sheet` around (`r`, `c`) within the table spanning `rows` × `0..width`, at most 16 rows and
/// 8 columns, with (`r`, `c`) highlighted.
pub fn region(sheet: &Sheet, table_rows: (usize, usize), width: usize, highlight: &[(usize, usize)]) -> Region {
    let (top, bottom) = table_rows;
    let &(r, c) = highlight.first().unwrap_or(&(top, 0));
    let (r0, r1) = window(top, bottom, r, 16);
    let (c0, c1) = window(0, width.max(1) - 1, c, 8);
    let rows = (r0..=r1).map(|rr| (c0..=c1).map(|cc| clip(&sheet.cell(rr, cc).display())).collect()).collect();
    let hl = highlight
        .iter()
        .filter(|(hr, hc)| (r0..=r1).contains(hr) && (c0..=c1).contains(hc))
        .map(|(hr, hc)| ((hr - r0) as u32, (hc - c0) as u32))
        .collect();
    let (sheet_name, top_left) = sheet.locate(r0, c0);
    let (_, first) = sheet.locate(top, 0);
    let (_, last) = sheet.locate(bottom, width.max(1) - 1);
    Region { sheet: sheet_name, top_left, rows, highlight: hl, table_range: Some(format!("{first}:{last}")) }
}

/// `n` positions of `lo..=hi` around `at`.
fn window(lo: usize, hi: usize, at: usize, n: usize) -> (usize, usize) {
    if hi + 1 - lo <= n {
        return (lo, hi);
    }
    let start = at.saturating_sub(n / 3).max(lo).min(hi + 1 - n);
    (start, start + n - 1)
}

fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Fold issues into the store's problems: one per kind, severity, file, sheet, question and label (or message),
/// with a count and the first [`CELLS_LISTED`] cells.
pub fn fold(campaign: &str, force: &str, issues: Vec<Issue>, measure: impl Fn(usize) -> String) -> Vec<Problem> {
    type Key = (ProblemKind, Severity, String, String, Option<usize>, String, Option<String>);
    let mut groups: BTreeMap<Key, Problem> = BTreeMap::new();
    let mut order: Vec<Key> = Vec::new();
    for i in issues {
        let key: Key = (
            i.kind,
            i.severity,
            i.source.file.clone(),
            i.source.sheet.clone(),
            i.question,
            i.label.clone().unwrap_or_else(|| i.message.clone()),
            i.settled.clone(),
        );
        match groups.get_mut(&key) {
            Some(p) => {
                p.count += 1;
                if p.cells.len() < CELLS_LISTED && !i.source.cell.is_empty() && !p.cells.contains(&i.source.cell) {
                    p.cells.push(i.source.cell.clone());
                }
            }
            None => {
                let mut p = Problem::new(campaign, force, i.kind, i.severity, i.source, i.message);
                p.measure = i.question.map(&measure);
                p.label = i.label;
                p.hint = if i.hint.is_empty() { default_hint(i.kind).to_string() } else { i.hint };
                p.region = i.region;
                p.settled = i.settled;
                order.push(key.clone());
                groups.insert(key, p);
            }
        }
    }
    order
        .into_iter()
        .filter_map(|k| groups.remove(&k))
        .map(|mut p| {
            if p.count > 1 {
                p.message = format!("{} ({} cells like this)", p.message, p.count);
            }
            p
        })
        .collect()
}

/// `B7` of a sheet position, for messages.
pub fn cell_name(sheet: &Sheet, r: usize, c: usize) -> String {
    match &sheet.origin {
        crate::grid::Origin::Grid { .. } => sheet.locate(r, c).1,
        crate::grid::Origin::Flow { .. } => {
            let (s, cell) = sheet.locate(r, c);
            format!("{s}!{cell}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_million_rows_with_one_odd_label_fold_into_one_problem() {
        let issues: Vec<Issue> = (0..1000)
            .map(|r| {
                Issue::new(
                    ProblemKind::UnmappedLabel,
                    SourceRef { file: "f.xlsx".into(), sheet: "S".into(), cell: format!("C{}", r + 2) },
                    "offence \"Cyber stuff\" matches no reference entry; counted under its own words",
                )
                .label("Cyber stuff")
                .about(1)
            })
            .collect();
        let p = fold("c", "kent", issues, |_| "offences_by_type".into());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].count, 1000);
        assert_eq!(p[0].cells, ["C2", "C3", "C4", "C5", "C6", "C7"]);
        assert_eq!(p[0].measure.as_deref(), Some("offences_by_type"));
        assert!(p[0].message.ends_with("(1000 cells like this)"));
        assert!(p[0].is_open_blocking());
    }
}
