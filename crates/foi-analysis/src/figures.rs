//! The figures a release prints, each with its value, formula, periods, base and source cells.
//!
//! This is the one contract between analysis and report: analysis computes a [`ForceFigures`] from the store,
//! the report words it (and writes it beside the PDF as the fact-checkers' figures file). Nothing downstream
//! computes a number; it only formats what is here. Figures are told apart by their [`FigureKind`], statuses
//! and year bases are enums, periods are lists, and caveats are data ([`Caveat`]) the report words.

use foi_model::{PeriodBasis, ResponseStatus, SourceRef};
use serde::{Deserialize, Serialize};

/// What a figure is. The report finds and words figures by kind; [`FigureKind::id`] names one in files.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FigureKind {
    /// The lead count for one period (the force's own label).
    Year {
        period: String,
    },
    /// The lead count over the periods given.
    Total,
    /// The lead count for the last period asked about.
    Latest,
    /// Last minus first period.
    ChangeDifference,
    /// Last against first period, per cent.
    ChangePct,
    /// The `index`-th row (1-based, in the force's breakdown's order) of the breakdown by `vocabulary`.
    Row {
        vocabulary: String,
        index: usize,
    },
    /// A highlight of a vocabulary ("charged or summonsed").
    Highlight {
        vocabulary: String,
        id: String,
    },
    RankCount,
    Rate,
    RankRate,
    NationalTotal,
    NationalLatest,
    NationalChangeDifference,
    NationalChangePct,
}

impl FigureKind {
    /// The figure's name in the figures file: `year.2021/22`, `total`, `offence.3`, `outcome.charged` …
    pub fn id(&self) -> String {
        match self {
            FigureKind::Year { period } => format!("year.{period}"),
            FigureKind::Total => "total".into(),
            FigureKind::Latest => "latest".into(),
            FigureKind::ChangeDifference => "change.difference".into(),
            FigureKind::ChangePct => "change.pct".into(),
            FigureKind::Row { vocabulary, index } => format!("{vocabulary}.{index}"),
            FigureKind::Highlight { vocabulary, id } => format!("{vocabulary}.{id}"),
            FigureKind::RankCount => "rank.count".into(),
            FigureKind::Rate => "rate".into(),
            FigureKind::RankRate => "rank.rate".into(),
            FigureKind::NationalTotal => "national.total".into(),
            FigureKind::NationalLatest => "national.latest".into(),
            FigureKind::NationalChangeDifference => "national.change.difference".into(),
            FigureKind::NationalChangePct => "national.change.pct".into(),
        }
    }

    /// National figures are the same in every release; the others are the force's own.
    pub fn is_national(&self) -> bool {
        matches!(
            self,
            FigureKind::NationalTotal
                | FigureKind::NationalLatest
                | FigureKind::NationalChangeDifference
                | FigureKind::NationalChangePct
        )
    }
}

/// One printed number and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub kind: FigureKind,
    /// [`FigureKind::id`], kept for whoever reads the JSON or the figures file.
    pub id: String,
    /// What it is, in words: "Offences linked to TikTok, 2021/22 to 2023/24".
    pub label: String,
    /// The number; `None` when every part was suppressed or the force did not answer.
    pub value: Option<f64>,
    /// True when suppressed parts were left out, so the true value is at least `value` ("at least 13").
    pub lower_bound: bool,
    /// How it was computed: "sum of offences_by_year over 2021/22, 2022/23, 2023/24".
    pub formula: String,
    /// The periods it covers, canonical labels.
    pub periods: Vec<String>,
    /// The base a percentage or rate is taken on, in words ("65 in 2021/22"); empty otherwise.
    pub base: String,
    /// Every store cell that went into it.
    pub sources: Vec<SourceRef>,
    /// An open blocking problem touches the question this figure comes from: it may be wrong.
    #[serde(default)]
    pub doubtful: bool,
}

impl Figure {
    pub fn new(kind: FigureKind, label: impl Into<String>) -> Figure {
        Figure {
            id: kind.id(),
            kind,
            label: label.into(),
            value: None,
            lower_bound: false,
            formula: String::new(),
            periods: Vec::new(),
            base: String::new(),
            sources: Vec::new(),
            doubtful: false,
        }
    }

    /// The periods as a reader reads them: "2021/22, 2022/23".
    pub fn period_text(&self) -> String {
        self.periods.join(", ")
    }

    /// The value as a whole count, when it is one.
    pub fn count(&self) -> Option<i64> {
        self.value.filter(|v| v.fract() == 0.0 && v.is_finite()).map(|v| v as i64)
    }
}

/// One period of the lead count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearCount {
    pub period: String,
    pub value: Option<i64>,
    pub suppressed: bool,
}

/// Change from the first to the last year asked about, one definition everywhere ([`crate::rules::change`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub from_period: String,
    pub to_period: String,
    pub from: i64,
    pub to: i64,
    pub difference: i64,
    /// `None` when the base is under [`crate::rules::SMALL_BASE`] (too small for a percentage) or zero.
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

/// A row of a breakdown for its last period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    /// The vocabulary's words at the level the force answered, or the force's own words when nothing matched.
    pub label: String,
    /// The group's key and words.
    pub group: String,
    pub group_label: String,
    pub code: Option<String>,
    pub value: Option<i64>,
    pub suppressed: bool,
}

/// A force's answer to one breakdown question, for the last period it asks about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// The question's id in the campaign (`1a`).
    pub question: String,
    pub measure: String,
    pub vocabulary: String,
    /// The force's own label of the period.
    pub period: String,
    /// Largest first; withheld rows last.
    pub rows: Vec<BreakdownRow>,
    /// The vocabulary's highlights the answer supports ("charged or summonsed"), in the vocabulary's order.
    pub highlights: Vec<Figure>,
    /// The group with the largest reported sum (ties: the first key in order).
    pub most_common_group: Option<String>,
    /// Rows the force withheld.
    pub withheld: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeagueRow {
    pub rank: usize,
    pub force: String,
    pub name: String,
    /// Total over the periods (lower bound where parts were suppressed).
    pub total: i64,
    pub lower_bound: bool,
    /// Per 100,000 residents over the periods; `None` for forces without a resident population (BTP).
    pub rate_per_100k: Option<f64>,
    pub rate_rank: Option<usize>,
    /// Why the row needs care, as data the report words.
    pub flags: Vec<LeagueFlag>,
}

/// Why a league row needs care.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum LeagueFlag {
    /// The force's years are not the request's.
    Basis {
        basis: PeriodBasis,
    },
    /// Figures for `given` of the `asked` periods only.
    SomeYears {
        given: usize,
        asked: usize,
    },
    NoPopulation,
    /// A resident population too small for a comparable rate.
    SmallPopulation {
        population: u64,
    },
}

/// Which breakdown's group was recorded most often nationally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MostCommon {
    pub question: String,
    pub vocabulary: String,
    pub group: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NationalFigures {
    /// Sum of the totals of `forces_counted`; equals the sum of the league table's `total`.
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
    /// For each breakdown ranked by group: the group recorded most often nationally in its last period.
    pub most_common: Vec<MostCommon>,
    /// Forces left out of every national figure (and of the lists of refusals and partial answers) while a
    /// blocking problem of theirs is open ("figures under review"), by name.
    pub under_review: Vec<String>,
    /// Open blocking problems that are not about one force (a folder that matches no force): while any is open,
    /// the national figures themselves are in doubt.
    pub campaign_problems: Vec<OpenProblem>,
    /// The date the request was sent (campaign.toml `sent`), from which answers are timed.
    pub sent: Option<chrono::NaiveDate>,
    /// How each force the campaign covers dealt with the request, in name order: the campaign's own story.
    pub dispositions: Vec<Disposition>,
}

/// How one force dealt with the request: its answer, when, how long it took against the 20 working days the Act
/// allows, and the exemption it cited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disposition {
    pub force: String,
    pub name: String,
    pub status: ResponseStatus,
    /// The section of the Act cited ("s12"), for a refusal or a part withheld.
    pub exemption: Option<String>,
    /// The date of the answer, as its letter gives it.
    pub received: Option<chrono::NaiveDate>,
    /// Working days from the request to the answer (see [`crate::rules::working_days`]); `None` when either date
    /// is unknown or the days cannot be counted.
    pub working_days: Option<i64>,
    /// More working days than the Act allows; `None` when not known.
    pub late: Option<bool>,
    /// A blocking problem of the force's is open: its status itself may be a misreading.
    pub under_review: bool,
}

/// A caveat a release must carry, as data: the report words it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "caveat", rename_all = "snake_case")]
pub enum Caveat {
    /// Figures come from searches of records, not official statistics.
    KeywordSearch,
    /// The force answered only part of the request.
    PartialAnswer,
    /// Periods the force gave that match none of the request's.
    UnmatchedPeriods {
        periods: Vec<String>,
    },
    /// Periods the request asked for that the force gave no figure for.
    MissingPeriods {
        periods: Vec<String>,
    },
    /// The force's years are not the request's; its own labels and the requested ones they stand against.
    OtherBasis {
        basis: PeriodBasis,
        own: Vec<String>,
        requested: Vec<String>,
    },
    /// Counts by this vocabulary are provisional.
    Provisional {
        vocabulary: String,
    },
    /// The force withheld this many figures.
    Withheld {
        figures: usize,
    },
    /// A resident population too small for a comparable rate.
    SmallPopulation {
        population: u64,
    },
    NoPopulation,
}

/// Everything one force's release prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForceFigures {
    pub campaign: String,
    pub force: String,
    pub force_name: String,
    pub official_name: String,
    pub status: ResponseStatus,
    pub exemption: Option<String>,
    /// The force's own year definition.
    pub period_basis: PeriodBasis,
    pub foi_reference: Option<String>,
    /// The lead count question's id and measure.
    pub count_question: String,
    pub years: Vec<YearCount>,
    pub first_period: String,
    pub latest_period: String,
    pub total: Option<Figure>,
    pub latest: Option<Figure>,
    pub change: Option<Change>,
    /// One per breakdown question the force answered, in the campaign's order.
    pub breakdowns: Vec<Breakdown>,
    pub rank_by_count: Option<usize>,
    pub rank_by_rate: Option<usize>,
    pub national: NationalFigures,
    /// Every figure printed, flat, for the figures file (CSV/JSON) and the sources appendix.
    pub figures: Vec<Figure>,
    pub caveats: Vec<Caveat>,
    /// Final or draft, what is still open, and the decisions made by hand.
    pub review: Review,
}

impl ForceFigures {
    /// The figure of this kind, among the force's and the national ones.
    pub fn figure(&self, kind: &FigureKind) -> Option<&Figure> {
        self.figures.iter().find(|f| &f.kind == kind)
    }

    /// The breakdown by this vocabulary, when the force gave one.
    pub fn breakdown(&self, vocabulary: &str) -> Option<&Breakdown> {
        self.breakdowns.iter().find(|b| b.vocabulary == vocabulary)
    }

    /// A highlight of a vocabulary ("charged").
    pub fn highlight(&self, vocabulary: &str, id: &str) -> Option<&Figure> {
        self.figure(&FigureKind::Highlight { vocabulary: vocabulary.into(), id: id.into() })
    }
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
    /// What was decided ("label \"Harrasment\" mapped to 8L (offence)", or the problem that was accepted).
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
