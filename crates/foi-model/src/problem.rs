//! Problems: what ingest could not read cleanly, how much it matters, and what would settle it.

use serde::{Deserialize, Serialize};

use crate::SourceRef;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A folder under the campaign that matches no force in the reference.
    UnknownForce,
    /// A file that could not be opened or parsed at all.
    UnreadableFile,
    /// A file of a kind no reader understands.
    UnsupportedFile,
    /// A label no reference entry matches; kept with its text.
    UnmappedLabel,
    /// A period label that could not be read, or lies outside the request.
    UnknownPeriod,
    /// A value cell that is neither a count nor a suppression marker.
    BadValue,
    /// A total row or column that differs from the sum of its parts.
    TotalMismatch,
    /// The force defined years differently from the request.
    PeriodBasisDiffers,
    /// The files do not settle how the force defined a year (conflicting statements or labels).
    BasisUnclear,
    /// A question of the campaign that the answer does not cover.
    MissingAnswer,
    /// A table whose shape or subject could not be recognised.
    UnrecognisedTable,
    /// A table read only in part: some of its numbers were neither stored nor checked as totals.
    PartlyRead,
    /// A sheet or file cut short by a limit: its figures are incomplete.
    Truncated,
    /// The same figure given twice with different values.
    Conflict,
    /// The same figure given twice with the same value: stored once.
    Duplicate,
    /// Figures that contradict each other (a breakdown against the year's count, a part larger than its whole,
    /// two rows with one key, a blank label).
    Inconsistent,
    /// A decision from `corrections.toml` that changed what was read.
    Corrected,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 17] = [
        ProblemKind::UnknownForce,
        ProblemKind::UnreadableFile,
        ProblemKind::UnsupportedFile,
        ProblemKind::UnmappedLabel,
        ProblemKind::UnknownPeriod,
        ProblemKind::BadValue,
        ProblemKind::TotalMismatch,
        ProblemKind::PeriodBasisDiffers,
        ProblemKind::BasisUnclear,
        ProblemKind::MissingAnswer,
        ProblemKind::UnrecognisedTable,
        ProblemKind::PartlyRead,
        ProblemKind::Truncated,
        ProblemKind::Conflict,
        ProblemKind::Duplicate,
        ProblemKind::Inconsistent,
        ProblemKind::Corrected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::UnknownForce => "unknown_force",
            ProblemKind::UnreadableFile => "unreadable_file",
            ProblemKind::UnsupportedFile => "unsupported_file",
            ProblemKind::UnmappedLabel => "unmapped_label",
            ProblemKind::UnknownPeriod => "unknown_period",
            ProblemKind::BadValue => "bad_value",
            ProblemKind::TotalMismatch => "total_mismatch",
            ProblemKind::PeriodBasisDiffers => "period_basis_differs",
            ProblemKind::BasisUnclear => "basis_unclear",
            ProblemKind::MissingAnswer => "missing_answer",
            ProblemKind::UnrecognisedTable => "unrecognised_table",
            ProblemKind::PartlyRead => "partly_read",
            ProblemKind::Truncated => "truncated",
            ProblemKind::Conflict => "conflict",
            ProblemKind::Duplicate => "duplicate",
            ProblemKind::Inconsistent => "inconsistent",
            ProblemKind::Corrected => "corrected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A heading for a person: "Labels that match no reference entry".
    pub fn describe(self) -> &'static str {
        match self {
            ProblemKind::UnknownForce => "Folders that match no force",
            ProblemKind::UnreadableFile => "Files that could not be read",
            ProblemKind::UnsupportedFile => "Files of a kind foi does not read",
            ProblemKind::UnmappedLabel => "Labels that match no reference entry",
            ProblemKind::UnknownPeriod => "Periods not read or not asked about",
            ProblemKind::BadValue => "Cells that are not counts",
            ProblemKind::TotalMismatch => "Totals that do not add up",
            ProblemKind::PeriodBasisDiffers => "Years defined differently from the request",
            ProblemKind::BasisUnclear => "Year definitions the files do not settle",
            ProblemKind::MissingAnswer => "Questions without an answer",
            ProblemKind::UnrecognisedTable => "Tables not understood",
            ProblemKind::PartlyRead => "Tables read only in part",
            ProblemKind::Truncated => "Sheets cut short",
            ProblemKind::Conflict => "Figures given twice with different values",
            ProblemKind::Duplicate => "Figures given twice (stored once)",
            ProblemKind::Inconsistent => "Figures that contradict each other",
            ProblemKind::Corrected => "Decisions from corrections.toml",
        }
    }
}

/// Whether a problem makes a stored number doubtful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A number the release would print may be wrong or missing: no final release until it is settled.
    Blocking,
    /// Worth knowing; no printed number depends on it being settled.
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Blocking => "blocking",
            Severity::Note => "note",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "blocking" => Some(Severity::Blocking),
            "note" => Some(Severity::Note),
            _ => None,
        }
    }
}

/// The cells around a problem as the force laid them out, for a person to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// The sheet (or document table) the cells are in.
    pub sheet: String,
    /// A1 address of `rows[0][0]`.
    pub top_left: String,
    /// The cells as a person reads them, row by row.
    pub rows: Vec<Vec<String>>,
    /// (row, column) positions within `rows` that the problem is about.
    pub highlight: Vec<(u32, u32)>,
    /// The whole table the problem is in, as an A1 range (`B5:E12`), when it is about a table.
    pub table_range: Option<String>,
}

/// Something in the input a person should look at. Never fatal: ingest records it and goes on.
///
/// Problems of one kind about one label or one message in one sheet are folded into one, with `count` and the
/// first few `cells`, so that a list of a million rows with one odd label is one problem, not a million.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub campaign: String,
    /// Empty when the problem is not about one force (e.g. an unknown folder).
    pub force: String,
    pub kind: ProblemKind,
    pub severity: Severity,
    /// The first cell (or the file) concerned.
    pub source: SourceRef,
    pub message: String,
    /// The store `measure` of the question whose figures it touches; `None` when it touches the whole answer.
    pub measure: Option<String>,
    /// The force's own words the problem is about (an unmapped label), for clustering and suggestions.
    pub label: Option<String>,
    /// How many cells or rows were folded into this problem (at least 1).
    pub count: u32,
    /// The first few cells concerned (A1 within `source.sheet`), `source.cell` first.
    pub cells: Vec<String>,
    /// What would settle it, in words.
    pub hint: String,
    /// Set when a decision in `corrections.toml` settled the problem: the reason given there.
    pub settled: Option<String>,
    /// The cells around it, for review.
    pub region: Option<Region>,
}

impl Problem {
    /// A problem with the defaults: one cell, no reach, no hint.
    pub fn new(
        campaign: &str,
        force: &str,
        kind: ProblemKind,
        severity: Severity,
        source: SourceRef,
        message: impl Into<String>,
    ) -> Problem {
        let cells = if source.cell.is_empty() { Vec::new() } else { vec![source.cell.clone()] };
        Problem {
            campaign: campaign.to_string(),
            force: force.to_string(),
            kind,
            severity,
            source,
            message: message.into(),
            measure: None,
            label: None,
            count: 1,
            cells,
            hint: String::new(),
            settled: None,
            region: None,
        }
    }

    /// Blocking and not settled by a correction: no final release while one is open.
    pub fn is_open_blocking(&self) -> bool {
        self.severity == Severity::Blocking && self.settled.is_none()
    }

    /// A short, stable name for the problem (kind, force, file, sheet, cell, label) that a correction can cite.
    pub fn key(&self) -> String {
        let mut k = format!("{}:{}:{}", self.kind.as_str(), self.force, self.source);
        if let Some(l) = &self.label {
            k.push_str(&format!(":{l}"));
        }
        k
    }
}
