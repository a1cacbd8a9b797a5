//! From tables to raw observations: which question a table answers, which cells are values, what each row
//! and column means. Periods stay as read ([`PeriodLabel`]) until the force's year basis is known.
//!
//! A table is measured once ([`Shape`]: what each column holds), then the layout detectors are tried in order
//! ([`DETECTORS`]); the first that recognises the table reads it. Whatever reads it, every number of the table
//! must end up stored, checked as a total or set aside on purpose ([`account`]), else the table was read only
//! in part and says so.

mod breakdown;
mod classify;
mod crosstab;
mod dated;
mod long_format;
mod months_across;
mod row_level;
mod years_across;
mod years_down;

use std::collections::{BTreeSet, HashSet};

use foi_model::{normalise, Campaign, CategoryMatch, ProblemKind, SourceRef, Vocabulary};

use crate::corrections::LabelMap;
use crate::grid::Cell;
use crate::issue::{region, Issue};
use crate::tables::Table;
use crate::values::{is_total_label, parse_period, read_value, PeriodLabel, Value};

use classify::RowKind;
pub(crate) use classify::Subject;

/// An observation before its period is pinned to dates.
#[derive(Debug, Clone, PartialEq)]
pub struct RawObs {
    /// The campaign question it answers (its index in `campaign.questions`).
    pub question: usize,
    pub period: PeriodLabel,
    /// For a breakdown row: its category, when the label matched one.
    pub category: Option<CategoryMatch>,
    pub label: String,
    /// `Some(n)` reported, `None` suppressed.
    pub value: Option<i64>,
    pub source: SourceRef,
    /// Row-level answers are counted into the request's own years; no basis question arises.
    pub counted_from_rows: bool,
    /// A breakdown's Total row, the force's own count for the period: used for the count question only where
    /// no table answers that question directly.
    pub from_total: bool,
}

pub struct Ctx<'a> {
    pub campaign: &'a Campaign,
    pub file: &'a str,
    /// The document says it suppresses small numbers, so a dash is a withheld value.
    pub suppression_noted: bool,
    /// The answer's own totals show that its dashes are zeros (a Total that the numbers make with each dash as 0).
    pub dash_zero: bool,
    /// The force's labels mapped by hand in corrections.toml.
    pub labels: &'a LabelMap,
    /// Labels already matched, by vocabulary, shared by every force of the campaign.
    pub memo: &'a Matches,
}

/// Wordings already matched to a vocabulary: a crime list repeats a handful of them a million times, the forces
/// of a campaign write the same ones ("Harassment"), and matching one normalises it against every entry. Shared
/// by the threads reading a campaign's forces; a force's own corrections are looked up before it.
#[derive(Default)]
/// Keyed by vocabulary, then wording, so a lookup borrows the label instead of building a key.
pub struct Matches(
    std::sync::RwLock<rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<String, Option<CategoryMatch>>>>,
);

#[derive(Default)]
pub struct Out {
    pub obs: Vec<RawObs>,
    pub issues: Vec<Issue>,
    /// Cells whose value was stored, checked as a total, or set aside on purpose (another platform's column).
    /// A number left outside this set means the table was read only in part.
    pub accounted: HashSet<(usize, usize)>,
    /// The detector that read the table (its name in [`DETECTORS`]), if one did.
    pub layout: Option<&'static str>,
}

impl Out {
    /// An issue about cell (`r`, `c`) of `t`, with the cells around it.
    pub(crate) fn issue_at(
        &mut self,
        ctx: &Ctx<'_>,
        t: &Table<'_>,
        (r, c): (usize, usize),
        kind: ProblemKind,
        message: impl Into<String>,
    ) -> &mut Issue {
        let i = Issue::new(kind, ctx.src(t, r, c), message).region(Some(ctx.region(t, &[(r, c)])));
        self.issues.push(i);
        self.issues.last_mut().expect("just pushed")
    }
    /// Every cell of row `r` set aside on purpose.
    fn set_aside_row(&mut self, t: &Table<'_>, r: usize) {
        for c in 0..t.sheet.rows[r].len() {
            self.accounted.insert((r, c));
        }
    }
}

impl Ctx<'_> {
    pub(crate) fn src(&self, t: &Table<'_>, r: usize, c: usize) -> SourceRef {
        let (sheet, cell) = t.sheet.locate(r, c);
        SourceRef { file: self.file.to_string(), sheet, cell }
    }
    pub(crate) fn region(&self, t: &Table<'_>, cells: &[(usize, usize)]) -> foi_model::Region {
        let top = t.header_row.unwrap_or(t.rows[0]).min(t.rows[0]);
        let bottom = *t.rows.last().unwrap_or(&top);
        region(t.sheet, (top, bottom), t.width(), cells)
    }
    fn mentions_platform(&self, text: &str) -> bool {
        let Some(p) = self.campaign.platform.as_deref().map(normalise).filter(|p| !p.is_empty()) else {
            return false;
        };
        format!(" {} ", normalise(text)).contains(&format!(" {p} "))
    }
    fn mentions_platform_any(&self, t: &Table<'_>, rows: &[usize], label_col: Option<usize>) -> bool {
        rows.iter().any(|&r| self.mentions_platform(&label_at(t, r, label_col)))
    }
    /// The index of the count question the release leads with.
    pub(crate) fn count_question(&self) -> usize {
        self.campaign.questions.iter().position(|q| q.is_count()).expect("a campaign asks a count question")
    }
    /// The breakdown questions with their vocabularies, in the campaign's order.
    pub(crate) fn breakdowns(&self) -> Vec<(usize, &Vocabulary)> {
        self.campaign
            .questions
            .iter()
            .enumerate()
            .filter_map(|(i, q)| Some((i, self.campaign.vocabulary_of(q)?)))
            .collect()
    }
    /// What a label means in a vocabulary: the force's own mapping from corrections.toml first.
    pub(crate) fn match_in(&self, v: &Vocabulary, label: &str) -> Option<CategoryMatch> {
        match self.labels.get(label) {
            Some(m) if m.vocabulary == v.name => return Some(m.category.clone()),
            Some(_) => return None,
            None => {}
        }
        let memo = self.memo.0.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(m) = memo.get(v.name.as_str()).and_then(|by_label| by_label.get(label)) {
            return m.clone();
        }
        drop(memo);
        let m = v.match_label(label);
        let mut memo = self.memo.0.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        memo.entry(v.name.clone()).or_default().insert(label.to_string(), m.clone());
        m
    }
    /// The names of the breakdowns' vocabularies, for messages ("offence or outcome").
    fn vocabulary_names(&self) -> String {
        let names: Vec<String> = self.breakdowns().iter().map(|(_, v)| v.noun.clone()).collect();
        match names.as_slice() {
            [] => "category".into(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        }
    }
}

#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct ColStats {
    nonempty: usize,
    values: usize,
    texts: usize,
    dates: usize,
    periods: usize,
}

/// The cell as read, borrowed when it is text (`display` would copy every cell of a million-row list).
fn shown(cell: &Cell) -> std::borrow::Cow<'_, str> {
    match cell.text() {
        Some(t) => t.into(),
        None => cell.display().into(),
    }
}

/// Rows a column's kind is judged on. A list of a million crimes says what each column holds in its first
/// twenty thousand rows spread evenly through it as well as in all of them, at a fiftieth of the cost; every
/// row is still read when the table is counted.
const SHAPE_SAMPLE: usize = 20_000;

/// What a cell counts as in its column's [`ColStats`].
#[derive(Clone, Copy)]
enum Kind {
    Date,
    Period,
    Value,
    Text,
    /// A total's label, which is none of the others.
    Total,
}

fn kind_of(cell: &Cell) -> Kind {
    if matches!(cell, Cell::Date(_)) || matches!(cell, Cell::Text(x) if crate::values::parse_date_text(x).is_some()) {
        Kind::Date
    } else if !matches!(cell, Cell::Number(n) if !(1990.0..2100.0).contains(n)) && parse_period(&shown(cell)).is_some()
    {
        Kind::Period
    } else if crate::values::is_value_like(cell) {
        Kind::Value
    } else if !is_total_label(&shown(cell)) {
        Kind::Text
    } else {
        Kind::Total
    }
}

/// Distinct texts of one column whose kind is remembered: a list's columns repeat a handful of wordings; one of
/// free text or reference numbers is judged cell by cell past this.
const JUDGED_TEXTS: usize = 4096;

fn col_stats(t: &Table<'_>, rows: &[usize], c: usize) -> ColStats {
    let mut s = ColStats::default();
    // A text's kind depends on the text alone: each distinct one is judged once (a fifth of reading a list of
    // a few thousand crimes was judging "Malicious Communications" again on every row).
    let mut judged: rustc_hash::FxHashMap<&str, Kind> = rustc_hash::FxHashMap::default();
    for &r in rows {
        let cell = t.sheet.cell(r, c);
        if cell.is_empty() {
            continue;
        }
        s.nonempty += 1;
        let kind = match cell {
            Cell::Text(x) => match judged.get(x.as_str()) {
                Some(&k) => k,
                None => {
                    let k = kind_of(cell);
                    if judged.len() < JUDGED_TEXTS {
                        judged.insert(x.as_str(), k);
                    }
                    k
                }
            },
            _ => kind_of(cell),
        };
        match kind {
            Kind::Date => s.dates += 1,
            Kind::Period => s.periods += 1,
            Kind::Value => s.values += 1,
            Kind::Text => s.texts += 1,
            Kind::Total => {}
        }
    }
    s
}

/// What a table's columns hold, measured once for every detector.
pub(crate) struct Shape {
    pub width: usize,
    pub stats: Vec<ColStats>,
    /// A column mostly of dates (a list of crimes, or counts by day or month).
    pub date_col: Option<usize>,
    /// A column mostly of period labels.
    pub period_col: Option<usize>,
    /// Columns mostly of counts, other platforms' and total columns left out.
    pub value_cols: Vec<usize>,
    /// The first value column, before platforms and totals were left out.
    pub first_value: Option<usize>,
    pub label_col: Option<usize>,
    pub total_cols: Vec<usize>,
    /// Value columns whose heading is a period.
    pub header_periods: Vec<(usize, PeriodLabel)>,
    /// Other platforms' columns, set aside on purpose.
    pub other_platforms: Vec<usize>,
}

impl Shape {
    fn of(ctx: &Ctx<'_>, t: &Table<'_>) -> Shape {
        let width = t.width();
        let n_rows = t.rows.len();
        let stats: Vec<ColStats> = if n_rows <= SHAPE_SAMPLE {
            (0..width).map(|c| col_stats(t, &t.rows, c)).collect()
        } else {
            let sample: Vec<usize> = t.rows.iter().copied().step_by(n_rows.div_ceil(SHAPE_SAMPLE)).collect();
            // Scaled to the whole table, so the detectors' shares of rows mean the same at any size.
            let scale = |x: usize| x * n_rows / sample.len();
            (0..width)
                .map(|c| {
                    let s = col_stats(t, &sample, c);
                    ColStats {
                        nonempty: scale(s.nonempty),
                        values: scale(s.values),
                        texts: scale(s.texts),
                        dates: scale(s.dates),
                        periods: scale(s.periods),
                    }
                })
                .collect()
        };
        let date_col = (0..width).find(|&c| n_rows >= 3 && stats[c].dates * 10 >= n_rows * 6);
        let period_col = (0..width).find(|&c| stats[c].nonempty > 0 && stats[c].periods * 10 >= stats[c].nonempty * 6);
        let mut value_cols: Vec<usize> = (0..width)
            .filter(|&c| Some(c) != period_col && stats[c].values > 0 && stats[c].values * 2 >= stats[c].nonempty)
            .collect();
        let first_value = value_cols.first().copied();
        // The label column: of the text columns before the values, the one with most labels. A group written
        // once above its rows and left blank below ("Violence against the person" over "Harassment", "Stalking")
        // leaves the finer column beside it as the rows' labels; the rows' own categories carry their groups.
        let label_col = first_value.and_then(|fv| {
            (0..fv)
                .filter(|&c| Some(c) != period_col && stats[c].texts > 0 && stats[c].texts * 2 >= stats[c].nonempty)
                .max_by_key(|&c| (stats[c].texts, std::cmp::Reverse(c)))
        });
        let total_cols: Vec<usize> = value_cols.iter().copied().filter(|&c| is_total_label(&t.header(c))).collect();
        value_cols.retain(|c| !total_cols.contains(c));
        // Several platforms side by side: keep the campaign's.
        let platform_cols: Vec<usize> =
            value_cols.iter().copied().filter(|&c| ctx.mentions_platform(&t.header(c))).collect();
        let mut other_platforms = Vec::new();
        if !platform_cols.is_empty() && platform_cols.len() < value_cols.len() {
            other_platforms = value_cols.iter().copied().filter(|c| !platform_cols.contains(c)).collect();
            value_cols = platform_cols;
        }
        let header_periods = value_cols.iter().filter_map(|&c| parse_period(&t.header(c)).map(|p| (c, p))).collect();
        Shape {
            width,
            stats,
            date_col,
            period_col,
            value_cols,
            first_value,
            label_col,
            total_cols,
            header_periods,
            other_platforms,
        }
    }
}

/// A layout detector: reads the table into `out` and returns true when it recognises it, else leaves `out`
/// alone and returns false.
type Detector = fn(&Ctx<'_>, &Table<'_>, &Shape, &mut Out) -> bool;

/// The layouts, in the order they are tried. Dated rows first (a crime list has counts of its own making),
/// then tables with a period column, then periods across the header, then one-column breakdowns.
const DETECTORS: &[(&str, Detector)] = &[
    ("dated rows", dated::detect),
    ("list by year", row_level::detect_period_list),
    ("long table", long_format::detect),
    ("years down", years_down::detect),
    ("years across", years_across::detect),
    ("months across", months_across::detect),
    ("breakdown", breakdown::detect),
    ("cross-tabulation", crosstab::detect),
];

pub fn interpret(ctx: &Ctx<'_>, t: &Table<'_>) -> Out {
    let mut out = Out::default();
    let shape = Shape::of(ctx, t);
    if shape.date_col.is_none() && shape.first_value.is_none() {
        // No numbers, nothing doubtful: a table of words (contacts, a list of exemptions) is a note.
        let at = (t.header_row.unwrap_or(t.rows[0]), 0);
        let n = t.rows.len();
        out.issue_at(
            ctx,
            t,
            at,
            ProblemKind::UnrecognisedTable,
            format!("table with {n} rows has no column of counts; not read"),
        )
        .severity = foi_model::Severity::Note;
        return out;
    }
    for &c in &shape.other_platforms {
        for &r in &t.rows {
            out.accounted.insert((r, c));
        }
    }
    for (name, detect) in DETECTORS {
        if detect(ctx, t, &shape, &mut out) {
            tracing::debug!(layout = name, rows = t.rows.len(), "table read");
            out.layout = Some(name);
            return out;
        }
    }
    let names = shape.value_cols.iter().map(|&c| t.header(c)).collect::<Vec<_>>().join(", ");
    let platform = ctx.campaign.platform.as_deref().map(|p| format!("{p} or ")).unwrap_or_default();
    out.issue_at(
        ctx,
        t,
        (t.header_row.unwrap_or(t.rows[0]), shape.first_value.unwrap_or(0)),
        ProblemKind::UnrecognisedTable,
        format!(
            "table has {} count columns ({names}) and none names {platform}a year; not read",
            shape.value_cols.len()
        ),
    );
    out
}

/// Every number of the table must have been stored, checked or set aside; the rest make the table doubtful.
fn account(ctx: &Ctx<'_>, t: &Table<'_>, label_cols: &[usize], out: &mut Out) {
    if out.issues.iter().any(|i| i.kind == ProblemKind::UnrecognisedTable) {
        return;
    }
    let mut left: Vec<(usize, usize)> = Vec::new();
    for &r in &t.rows {
        for c in 0..t.sheet.rows[r].len() {
            if label_cols.contains(&c) || out.accounted.contains(&(r, c)) {
                continue;
            }
            if matches!(read_value(t.sheet.cell(r, c)), Value::Count(_) | Value::Suppressed(_)) {
                left.push((r, c));
            }
        }
    }
    if left.is_empty() {
        return;
    }
    let names: Vec<String> = left.iter().take(6).map(|&(r, c)| t.sheet.locate(r, c).1).collect();
    let more = if left.len() > names.len() { format!(" and {} more", left.len() - names.len()) } else { String::new() };
    let first = left[0];
    // The question the table was taken to answer, when all it stored answers one.
    let questions: BTreeSet<usize> = out.obs.iter().map(|o| o.question).collect();
    let question = (questions.len() == 1).then(|| *questions.iter().next().expect("one question"));
    let i = Issue::new(
        ProblemKind::PartlyRead,
        ctx.src(t, first.0, first.1),
        format!(
            "{} number(s) in this table were neither stored nor checked as totals ({}{more}): the table was read only in part, so what was stored from it may be wrong",
            left.len(),
            names.join(", ")
        ),
    )
    .about_opt(question)
    .region(Some(ctx.region(t, &left)));
    out.issues.push(i);
}

/// Read a value cell: a count, a suppressed marker, or a problem.
pub(crate) fn value_at(ctx: &Ctx<'_>, t: &Table<'_>, r: usize, c: usize, out: &mut Out) -> Option<Option<i64>> {
    out.accounted.insert((r, c));
    match read_value(t.sheet.cell(r, c)) {
        Value::Count(n) => Some(Some(n)),
        Value::Suppressed(_) => Some(None),
        Value::Dash if ctx.suppression_noted => Some(None),
        Value::Dash if ctx.dash_zero => Some(Some(0)),
        Value::Dash => {
            out.issue_at(
                ctx,
                t,
                (r, c),
                ProblemKind::BadValue,
                "a dash: zero or withheld? the answer does not say it suppresses small numbers; not stored",
            )
            .hint = "ask the force whether a dash means zero or a withheld number; enter it as a [[figure]]".into();
            None
        }
        Value::Empty => {
            out.issue_at(
                ctx,
                t,
                (r, c),
                ProblemKind::BadValue,
                "empty cell where a count was expected; not stored (never read as 0)",
            );
            None
        }
        Value::Bad(why) => {
            out.issue_at(ctx, t, (r, c), ProblemKind::BadValue, format!("{why}; not stored"));
            None
        }
    }
}

/// Read the value cell `(r, c)` and record it as an observation of `subject`; the value read (None for a
/// withheld one) is returned for total checks, nothing when the cell is a problem.
fn record(
    ctx: &Ctx<'_>,
    t: &Table<'_>,
    (r, c): (usize, usize),
    subject: Subject,
    period: PeriodLabel,
    label: String,
    out: &mut Out,
) -> Option<Option<i64>> {
    // In a breakdown, a blank cell (or a dash the answer's totals show to be 0) is a category with nothing in
    // it that period: accounted for, not stored (a breakdown row that is absent counts nothing). In a count it
    // stays a problem: a year's figure is never taken as 0 from a blank.
    let breakdown = ctx.campaign.questions.get(subject.question).is_some_and(|q| q.is_breakdown());
    let cell = read_value(t.sheet.cell(r, c));
    if breakdown && !ctx.suppression_noted && (cell == Value::Empty || (cell == Value::Dash && ctx.dash_zero)) {
        out.accounted.insert((r, c));
        return Some(Some(0));
    }
    let value = value_at(ctx, t, r, c, out)?;
    out.obs.push(RawObs {
        question: subject.question,
        period,
        category: subject.category,
        label,
        value,
        source: ctx.src(t, r, c),
        counted_from_rows: false,
        from_total: false,
    });
    Some(value)
}

fn label_at(t: &Table<'_>, r: usize, c: Option<usize>) -> String {
    c.map(|c| t.sheet.cell(r, c).display()).unwrap_or_default()
}

/// A row whose label cell is blank but another of its text cells says Total ("Total" in column A, offences in
/// column B) is a total row, never a category.
fn row_is_total(t: &Table<'_>, r: usize, label_col: Option<usize>) -> bool {
    let label = label_at(t, r, label_col);
    if is_total_label(&label) {
        return true;
    }
    label.trim().is_empty() && t.sheet.rows[r].iter().any(|c| matches!(c, Cell::Text(x) if is_total_label(x)))
}

/// The parts a total row is checked against: those since the last total (a subtotal) or all of them (a grand
/// total). Values are None when suppressed.
#[derive(Default)]
pub(crate) struct Parts {
    all: Vec<Option<i64>>,
    since_total: Vec<Option<i64>>,
}

impl Parts {
    pub fn push(&mut self, v: Option<i64>) {
        self.all.push(v);
        self.since_total.push(v);
    }
    /// Check a total row against the parts since the last total, else against all parts; the parts since
    /// the last total start afresh either way.
    pub fn check(&mut self, total: i64, what: &str) -> Option<String> {
        let since = std::mem::take(&mut self.since_total);
        if since.len() < self.all.len() && total_error(&since, total, what).is_none() {
            return None;
        }
        total_error(&self.all, total, what)
    }
}

/// Why `parts` cannot make `total`, if they cannot.
fn total_error(parts: &[Option<i64>], total: i64, what: &str) -> Option<String> {
    let known = parts.iter().flatten().fold(0i64, |a, b| a.saturating_add(*b));
    let suppressed = parts.iter().filter(|p| p.is_none()).count();
    if suppressed == 0 && known != total {
        Some(format!("{what}: stated total {total}, parts sum to {known}"))
    } else if suppressed > 0 && known > total {
        Some(format!(
            "{what}: stated total {total} is less than the {known} of the parts given ({suppressed} suppressed)"
        ))
    } else {
        None
    }
}

/// Check a total cell against the parts; a mismatch is a blocking problem at the total's cell.
fn check_total(
    ctx: &Ctx<'_>,
    t: &Table<'_>,
    at: (usize, usize),
    parts: &mut Parts,
    total: i64,
    (what, q): (&str, Option<usize>),
    out: &mut Out,
) {
    if let Some(msg) = parts.check(total, what) {
        let i = out.issue_at(ctx, t, at, ProblemKind::TotalMismatch, msg);
        i.question = q;
    }
}

/// A table of strings read by the detectors as a campaign asking for counts per 6 April year 2021/22 to 2023/24
/// and, for 2023/24, offences and outcomes: the unit tests of each detector's file.
#[cfg(test)]
pub(super) mod testing {
    use super::*;
    use crate::grid::{Cell, Sheet};

    const CAMPAIGN: &str = r#"slug = "unit"
title = "Unit"
sent = "2024-05-01"
[periods]
basis = "fy_apr6"
labels = ["2021/22", "2022/23", "2023/24"]
[[questions]]
id = "1"
text = "How many offences?"
measure = "offences_by_year"
kind = "count"
periods = ["2021/22", "2022/23", "2023/24"]
[[questions]]
id = "2"
text = "What offences?"
measure = "offences_by_type"
kind = "breakdown"
vocabulary = "offence"
periods = ["2023/24"]
[[questions]]
id = "3"
text = "What outcomes?"
measure = "outcomes"
kind = "breakdown"
vocabulary = "outcome"
periods = ["2023/24"]
[release]
organisation = "Unit"
subject = "offences"
"#;

    /// The first table of the rows (cells written as a person types them; whole numbers become numbers).
    pub fn read(rows: &[&[&str]]) -> Out {
        let campaign = Campaign::parse(CAMPAIGN).expect("the test campaign parses");
        let cells = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|s| match s.parse::<f64>() {
                        _ if s.is_empty() => Cell::Empty,
                        Ok(n) => Cell::Number(n),
                        Err(_) => Cell::Text((*s).into()),
                    })
                    .collect()
            })
            .collect();
        let sheet = Sheet::grid("Sheet1", cells);
        let layout = crate::tables::find_tables(&sheet, &[]);
        let labels = LabelMap::default();
        let matches = Matches::default();
        let ctx = Ctx {
            campaign: &campaign,
            file: "unit.xlsx",
            suppression_noted: false,
            dash_zero: false,
            labels: &labels,
            memo: &matches,
        };
        interpret(&ctx, &layout.tables[0])
    }

    /// (question, year it starts, label, value) of what was read, in order.
    pub fn values(out: &Out) -> Vec<(usize, i32, String, Option<i64>)> {
        out.obs.iter().map(|o| (o.question, o.period.start_year, o.label.clone(), o.value)).collect()
    }
}
