//! The figures a release prints, each with its value, formula, period, base and source cells.
//!
//! This is the contract between analysis and report: analysis computes a [`ForceFigures`] from the store, the
//! report renders it (and writes it beside the PDF as the fact-checkers' figures file). Nothing downstream
//! computes a number; it only formats what is here.

use foi_model::SourceRef;
use serde::{Deserialize, Serialize};

/// One printed number and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Stable key, e.g. `total`, `year.2023/24`, `outcome.charged`, `change.pct`.
    pub id: String,
    /// What it is, in words: "Offences linked to TikTok, 2021/22 to 2023/24".
    pub label: String,
    /// The number; `None` when every part was suppressed or the force did not answer.
    pub value: Option<f64>,
    /// True when suppressed parts were left out, so the true value is at least `value` ("at least 13").
    pub lower_bound: bool,
    /// How it was computed: "sum of offences_by_year over 2021/22, 2022/23, 2023/24".
    pub formula: String,
    /// The period(s) it covers, canonical labels joined by ", ".
    pub period: String,
    /// The base a percentage or rate is taken on, in words ("65 in 2021/22"); empty otherwise.
    pub base: String,
    /// Every store cell that went into it.
    pub sources: Vec<SourceRef>,
    /// An open blocking problem touches the question this figure comes from: it may be wrong.
    #[serde(default)]
    pub doubtful: bool,
}

/// One year of the three-year series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearCount {
    pub period: String,
    pub value: Option<i64>,
    pub suppressed: bool,
}

/// Change from the first to the last year asked about, one definition everywhere:
/// `pct = (to - from) / from * 100`, rounded to a whole number, on the first year as base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub from_period: String,
    pub to_period: String,
    pub from: i64,
    pub to: i64,
    pub difference: i64,
    /// `None` when the base is under 10 (too small for a percentage: give the counts) or zero.
    pub pct: Option<i64>,
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Rise,
    Fall,
    Flat,
}

/// A row of a breakdown (offence types or outcomes) for the latest year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    /// Reference wording at the level the force answered (offence subgroup/description, outcome group label).
    pub label: String,
    /// Reference keys: offence group / outcome group.
    pub group: String,
    pub code: Option<String>,
    pub value: Option<i64>,
    pub suppressed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeagueRow {
    pub rank: usize,
    pub force: String,
    pub name: String,
    /// Three-year total (lower bound where parts were suppressed).
    pub total: i64,
    pub lower_bound: bool,
    /// Per 100,000 residents over three years; `None` for forces without a resident population (BTP).
    pub rate_per_100k: Option<f64>,
    pub rate_rank: Option<usize>,
    /// A caveat for the reader, e.g. "tiny resident population: rate not comparable" (City of London) or the
    /// period basis when it is not the request's.
    pub flag: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NationalFigures {
    /// Sum of the three-year totals of `forces_counted`; equals the sum of the league table's `total`.
    pub total: Figure,
    pub forces_counted: Vec<String>,
    pub latest_year_total: Figure,
    /// Like-for-like change: only forces with both first and last year on the request's basis.
    pub change: Option<Change>,
    pub change_forces: usize,
    pub refused: Vec<String>,
    pub not_held: Vec<String>,
    pub no_response: Vec<String>,
    pub partial: Vec<String>,
    pub league: Vec<LeagueRow>,
    /// The outcome group most often recorded nationally in the latest year.
    pub most_common_outcome_group: Option<String>,
    /// Forces left out of every national figure (and of the lists of refusals and partial answers) while a
    /// blocking problem of theirs is open ("figures under review"), by name.
    pub under_review: Vec<String>,
    /// Open blocking problems that are not about one force (a folder that matches no force): while any is open,
    /// the national figures themselves are in doubt.
    pub campaign_problems: Vec<OpenProblem>,
}

/// Whether a release may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseState {
    /// No open blocking problem touches it.
    Final,
    /// A blocking problem is open: it may only be written as a marked draft.
    Draft,
}

/// A blocking problem still open, as the release and the CLI show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenProblem {
    pub kind: String,
    pub message: String,
    /// The first cell concerned, and the others folded into the problem.
    pub source: SourceRef,
    pub cells: Vec<String>,
    pub count: u32,
    /// The store measure it touches; `None` for the whole answer.
    pub measure: Option<String>,
    pub label: Option<String>,
    /// What would settle it.
    pub hint: String,
}

/// A decision from corrections.toml that touched the force's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// What was decided ("label \"Harrassment\" mapped to 8L", or the problem that was accepted).
    pub what: String,
    pub reason: String,
    pub source: SourceRef,
}

/// The review state of a force's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub state: ReleaseState,
    /// Open blocking problems of the force, then those of the campaign as a whole.
    pub open: Vec<OpenProblem>,
    pub decisions: Vec<Decision>,
}

/// Everything one force's release prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForceFigures {
    pub campaign: String,
    pub force: String,
    pub force_name: String,
    pub official_name: String,
    /// `disclosed | partial | refused | not_held | no_response`.
    pub status: String,
    pub exemption: Option<String>,
    /// The force's own year definition (`fy_apr6 | fy_apr1 | calendar | other`).
    pub period_basis: String,
    pub foi_reference: Option<String>,
    pub years: Vec<YearCount>,
    pub first_period: String,
    pub latest_period: String,
    pub total: Option<Figure>,
    pub latest: Option<Figure>,
    pub change: Option<Change>,
    pub offences: Vec<BreakdownRow>,
    pub outcomes: Vec<BreakdownRow>,
    /// outcome.charged (code 1), outcome.evidential (14+15+16), outcome.evidential_14/15/16,
    /// outcome.no_suspect (18), outcome.not_yet_assigned (0 or blank): present when the force answered 1b.
    pub outcome_figures: Vec<Figure>,
    pub most_common_outcome_group: Option<String>,
    pub rank_by_count: Option<usize>,
    pub rank_by_rate: Option<usize>,
    pub national: NationalFigures,
    /// Every figure printed, flat, for the figures file (CSV/JSON) and the sources appendix.
    pub figures: Vec<Figure>,
    /// Caveats that apply to this force (period basis, suppression, provisional outcomes …).
    pub caveats: Vec<String>,
    /// Final or draft, what is still open, and the decisions made by hand.
    pub review: Review,
}
