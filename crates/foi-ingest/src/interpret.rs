//! From tables to raw observations: which question a table answers, which cells are values, what each
//! row and column means. Periods stay as read ([`PeriodLabel`]) until the force's year basis is known.

use std::collections::HashSet;

use chrono::Datelike;
use foi_model::{normalise, Campaign, OffenceMatch, OutcomeMatch, ProblemKind, QuestionKind, Reference, SourceRef};

use crate::corrections::LabelMap;
use crate::grid::Cell;
use crate::issue::{region, Issue};
use crate::tables::Table;
use crate::values::{cell_date, is_total_label, parse_period, read_value, PeriodLabel, Value};

/// An observation before its period is pinned to dates.
#[derive(Debug, Clone, PartialEq)]
pub struct RawObs {
    pub kind: QuestionKind,
    pub period: PeriodLabel,
    pub offence: Option<OffenceMatch>,
    pub outcome: Option<OutcomeMatch>,
    pub label: String,
    /// `Some(n)` reported, `None` suppressed.
    pub value: Option<i64>,
    pub source: SourceRef,
    /// Row-level answers are counted into the request's own years; no basis question arises.
    pub counted_from_rows: bool,
}

pub struct Ctx<'a> {
    pub campaign: &'a Campaign,
    pub reference: &'a Reference,
    pub file: &'a str,
    /// The document says it suppresses small numbers, so a dash is a withheld value.
    pub suppression_noted: bool,
    /// The force's labels mapped by hand in corrections.toml.
    pub labels: &'a LabelMap,
}

#[derive(Default)]
pub struct Out {
    pub obs: Vec<RawObs>,
    pub issues: Vec<Issue>,
    /// Cells whose value was stored, checked as a total, or set aside on purpose (another platform's column).
    /// A number left outside this set means the table was read only in part.
    pub accounted: HashSet<(usize, usize)>,
}

impl Out {
    /// An issue about cell (`r`, `c`) of `t`, with the cells around it.
    fn issue_at(
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
}

impl Ctx<'_> {
    fn src(&self, t: &Table<'_>, r: usize, c: usize) -> SourceRef {
        let (sheet, cell) = t.sheet.locate(r, c);
        SourceRef { file: self.file.to_string(), sheet, cell }
    }
    fn region(&self, t: &Table<'_>, cells: &[(usize, usize)]) -> foi_model::Region {
        let top = t.header_row.unwrap_or(t.rows[0]).min(t.rows[0]);
        let bottom = *t.rows.last().unwrap_or(&top);
        region(t.sheet, (top, bottom), t.width(), cells)
    }
    /// An offence match: the force's own mapping from corrections.toml first, then the reference.
    pub(crate) fn match_offence(&self, label: &str) -> Option<OffenceMatch> {
        match self.labels.get(label) {
            Some(crate::corrections::Mapped::Offence(m)) => Some(m),
            Some(crate::corrections::Mapped::Outcome(_)) => None,
            None => self.reference.match_offence(label),
        }
    }
    pub(crate) fn match_outcome(&self, label: &str) -> Option<OutcomeMatch> {
        match self.labels.get(label) {
            Some(crate::corrections::Mapped::Outcome(m)) => Some(m),
            Some(crate::corrections::Mapped::Offence(_)) => None,
            None => self.reference.match_outcome(label),
        }
    }
    fn platform(&self) -> String {
        normalise(&self.campaign.platform)
    }
    fn mentions_platform(&self, text: &str) -> bool {
        let p = self.platform();
        !p.is_empty() && format!(" {} ", normalise(text)).contains(&format!(" {p} "))
    }
}

#[derive(Default, Clone, Copy, Debug)]
struct ColStats {
    nonempty: usize,
    values: usize,
    texts: usize,
    dates: usize,
    periods: usize,
}

fn col_stats(t: &Table<'_>, c: usize) -> ColStats {
    let mut s = ColStats::default();
    for &r in &t.rows {
        let cell = t.sheet.cell(r, c);
        if cell.is_empty() {
            continue;
        }
        s.nonempty += 1;
        if matches!(cell, Cell::Date(_)) || matches!(cell, Cell::Text(x) if crate::values::parse_date_text(x).is_some())
        {
            s.dates += 1;
        } else if parse_period(&cell.display()).is_some()
            && !matches!(cell, Cell::Number(n) if !(1990.0..2100.0).contains(n))
        {
            s.periods += 1;
        } else if matches!(read_value(cell), Value::Count(_) | Value::Suppressed(_) | Value::Dash) {
            s.values += 1;
        } else if !is_total_label(&cell.display()) {
            s.texts += 1;
        }
    }
    s
}

/// Which question kind a label answers, if any.
enum RowKind {
    Offence(OffenceMatch),
    Outcome(OutcomeMatch),
    Total,
    Other,
}

fn classify(ctx: &Ctx<'_>, label: &str) -> RowKind {
    if is_total_label(label) {
        return RowKind::Total;
    }
    let outcome = ctx.match_outcome(label);
    let offence = ctx.match_offence(label);
    match (offence, outcome) {
        (Some(o), None) => RowKind::Offence(o),
        (None, Some(o)) => RowKind::Outcome(o),
        // Both vocabularies know the words: an explicit outcome code wins, else the offence reading.
        (Some(o), Some(oc)) => {
            if label.to_lowercase().contains("outcome") {
                RowKind::Outcome(oc)
            } else {
                RowKind::Offence(o)
            }
        }
        (None, None) => RowKind::Other,
    }
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

pub fn interpret(ctx: &Ctx<'_>, t: &Table<'_>) -> Out {
    let mut out = Out::default();
    let width = t.width();
    let stats: Vec<ColStats> = (0..width).map(|c| col_stats(t, c)).collect();
    let n_rows = t.rows.len();

    // A list of crimes, one per row, with a date: count them ourselves.
    if let Some(date_col) = (0..width).find(|&c| n_rows >= 3 && stats[c].dates * 10 >= n_rows * 6) {
        // Dates beside a column of counts are counts by day or month, not a list of crimes.
        match (0..width)
            .find(|&c| c != date_col && stats[c].values * 10 >= n_rows * 6 && is_count_heading(&t.header(c)))
        {
            Some(count_col) => {
                dated_counts(ctx, t, date_col, count_col, &mut out);
                account(ctx, t, &[date_col], &mut out);
            }
            None => row_level(ctx, t, date_col, &stats, &mut out),
        }
        return out;
    }

    let period_col = (0..width).find(|&c| stats[c].nonempty > 0 && stats[c].periods * 10 >= stats[c].nonempty * 6);
    let mut value_cols: Vec<usize> = (0..width)
        .filter(|&c| Some(c) != period_col && stats[c].values > 0 && stats[c].values * 2 >= stats[c].nonempty)
        .collect();
    if value_cols.is_empty() {
        // No numbers, nothing doubtful: a table of words (contacts, a list of exemptions) is a note.
        let at = (t.header_row.unwrap_or(t.rows[0]), 0);
        out.issue_at(
            ctx,
            t,
            at,
            ProblemKind::UnrecognisedTable,
            format!("table with {n_rows} rows has no column of counts; not read"),
        )
        .severity = foi_model::Severity::Note;
        return out;
    }
    let first_value = value_cols[0];
    let label_col = (0..first_value)
        .find(|&c| Some(c) != period_col && stats[c].texts > 0 && stats[c].texts * 2 >= stats[c].nonempty);

    // Several platforms side by side: keep the campaign's.
    let total_cols: Vec<usize> = value_cols.iter().copied().filter(|&c| is_total_label(&t.header(c))).collect();
    value_cols.retain(|c| !total_cols.contains(c));
    let platform_cols: Vec<usize> =
        value_cols.iter().copied().filter(|&c| ctx.mentions_platform(&t.header(c))).collect();
    if !platform_cols.is_empty() && platform_cols.len() < value_cols.len() {
        // Other platforms' columns are set aside on purpose.
        for &c in value_cols.iter().filter(|c| !platform_cols.contains(c)) {
            for &r in &t.rows {
                out.accounted.insert((r, c));
            }
        }
        value_cols = platform_cols;
    }

    let mut label_like: Vec<usize> = period_col.into_iter().chain(label_col).collect();
    match period_col {
        Some(pc) if pc < first_value => {
            let text_cols: Vec<usize> = (pc + 1..first_value).filter(|&c| stats[c].texts > 0).collect();
            label_like.extend(&text_cols);
            if text_cols.is_empty() {
                years_down(ctx, t, pc, &value_cols, &total_cols, &mut out);
            } else {
                long_format(ctx, t, pc, &text_cols, &value_cols, &mut out);
            }
        }
        _ => {
            let header_periods: Vec<(usize, PeriodLabel)> =
                value_cols.iter().filter_map(|&c| parse_period(&t.header(c)).map(|p| (c, p))).collect();
            if header_periods.len() >= 2 || (header_periods.len() == 1 && value_cols.len() == 1 && label_col.is_none())
            {
                years_across(ctx, t, label_col, &header_periods, &total_cols, &mut out);
            } else if value_cols.len() == 1 {
                breakdown(ctx, t, label_col, value_cols[0], &mut out);
            } else {
                let names = value_cols.iter().map(|&c| t.header(c)).collect::<Vec<_>>().join(", ");
                out.issue_at(
                    ctx,
                    t,
                    (t.header_row.unwrap_or(t.rows[0]), first_value),
                    ProblemKind::UnrecognisedTable,
                    format!(
                        "table has {} count columns ({names}) and none names {} or a year; not read",
                        value_cols.len(),
                        ctx.campaign.platform
                    ),
                );
                return out;
            }
        }
    }
    account(ctx, t, &label_like, &mut out);
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
    let kinds: std::collections::BTreeSet<QuestionKind> = out.obs.iter().map(|o| o.kind).collect();
    let question = (kinds.len() == 1).then(|| *kinds.iter().next().expect("one kind"));
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

/// What a figure counts: its question kind and reference keys.
#[derive(Clone)]
pub(crate) struct Subject {
    pub kind: QuestionKind,
    pub offence: Option<OffenceMatch>,
    pub outcome: Option<OutcomeMatch>,
}

impl Subject {
    pub const YEARLY: Subject = Subject { kind: QuestionKind::YearlyCount, offence: None, outcome: None };

    fn of(kind: &RowKind) -> Option<Subject> {
        match kind {
            RowKind::Offence(o) => {
                Some(Subject { kind: QuestionKind::OffenceBreakdown, offence: Some(o.clone()), outcome: None })
            }
            RowKind::Outcome(o) => {
                Some(Subject { kind: QuestionKind::OutcomeBreakdown, offence: None, outcome: Some(o.clone()) })
            }
            _ => None,
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
    let value = value_at(ctx, t, r, c, out)?;
    let Subject { kind, offence, outcome } = subject;
    out.obs.push(RawObs {
        kind,
        period,
        offence,
        outcome,
        label,
        value,
        source: ctx.src(t, r, c),
        counted_from_rows: false,
    });
    Some(value)
}

fn label_at(t: &Table<'_>, r: usize, c: Option<usize>) -> String {
    c.map(|c| t.sheet.cell(r, c).display()).unwrap_or_default()
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
        if since.len() < self.all.len() && total_fits(&since, total) {
            return None;
        }
        total_error(&self.all, total, what)
    }
}

fn total_fits(parts: &[Option<i64>], total: i64) -> bool {
    total_error(parts, total, "").is_none()
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
    (what, q): (&str, Option<QuestionKind>),
    out: &mut Out,
) {
    if let Some(msg) = parts.check(total, what) {
        let i = out.issue_at(ctx, t, at, ProblemKind::TotalMismatch, msg);
        i.question = q;
    }
}

/// Years down the side: `Period | Offences` (one value column, or one per platform).
fn years_down(ctx: &Ctx<'_>, t: &Table<'_>, pc: usize, value_cols: &[usize], total_cols: &[usize], out: &mut Out) {
    if value_cols.len() != 1 {
        out.issue_at(
            ctx,
            t,
            (t.header_row.unwrap_or(t.rows[0]), pc),
            ProblemKind::UnrecognisedTable,
            format!(
                "years down the side with {} count columns, none naming {}; not read",
                value_cols.len(),
                ctx.campaign.platform
            ),
        );
        return;
    }
    let vc = value_cols[0];
    let mut parts = Parts::default();
    for &r in &t.rows {
        let label = t.sheet.cell(r, pc).display();
        if row_is_total(t, r, Some(pc)) {
            if let Some(Some(total)) = value_at(ctx, t, r, vc, out) {
                check_total(
                    ctx,
                    t,
                    (r, vc),
                    &mut parts,
                    total,
                    ("yearly counts", Some(QuestionKind::YearlyCount)),
                    out,
                );
            }
            continue;
        }
        let Some(period) = parse_period(&label) else {
            out.issue_at(
                ctx,
                t,
                (r, pc),
                ProblemKind::UnknownPeriod,
                format!("{label:?} is not a period; row not read"),
            )
            .severity = foi_model::Severity::Blocking;
            continue;
        };
        if let Some(value) = record(ctx, t, (r, vc), Subject::YEARLY, period, label, out) {
            parts.push(value);
            for &tc in total_cols {
                // A total column beside one count column repeats it.
                if let Some(Some(total)) = value_at(ctx, t, r, tc, out) {
                    let mut one = Parts::default();
                    one.push(value);
                    check_total(ctx, t, (r, tc), &mut one, total, ("row total", Some(QuestionKind::YearlyCount)), out);
                }
            }
        }
    }
}

/// Years across the top: `Measure | 2021/22 | 2022/23 | 2023/24 | Total`.
fn years_across(
    ctx: &Ctx<'_>,
    t: &Table<'_>,
    label_col: Option<usize>,
    periods: &[(usize, PeriodLabel)],
    total_cols: &[usize],
    out: &mut Out,
) {
    let kinds: Vec<(usize, RowKind)> = t
        .rows
        .iter()
        .map(|&r| {
            (r, if row_is_total(t, r, label_col) { RowKind::Total } else { classify(ctx, &label_at(t, r, label_col)) })
        })
        .collect();
    let others: Vec<usize> = kinds.iter().filter(|(_, k)| matches!(k, RowKind::Other)).map(|(r, _)| *r).collect();
    let platform_rows: Vec<usize> =
        others.iter().copied().filter(|&r| ctx.mentions_platform(&label_at(t, r, label_col))).collect();
    let count_rows: Vec<usize> = if !platform_rows.is_empty() {
        platform_rows
    } else if others.len() == 1 {
        others.clone()
    } else {
        vec![]
    };
    let mut col_parts: Vec<Parts> = (0..periods.len()).map(|_| Parts::default()).collect();
    for (r, kind) in &kinds {
        let r = *r;
        let label = label_at(t, r, label_col);
        let subject = match kind {
            RowKind::Total => {
                for (i, &(c, _)) in periods.iter().enumerate() {
                    if let Some(Some(total)) = value_at(ctx, t, r, c, out) {
                        check_total(ctx, t, (r, c), &mut col_parts[i], total, ("column total", None), out);
                    }
                }
                for &tc in total_cols {
                    out.accounted.insert((r, tc));
                }
                continue;
            }
            RowKind::Offence(_) | RowKind::Outcome(_) => Subject::of(kind).expect("an offence or outcome row"),
            RowKind::Other if count_rows.contains(&r) => Subject::YEARLY,
            RowKind::Other if !others.is_empty() && ctx.mentions_platform_any(t, &others, label_col) => {
                // Another platform's row, set aside on purpose.
                for c in 0..t.sheet.rows[r].len() {
                    out.accounted.insert((r, c));
                }
                continue;
            }
            RowKind::Other => {
                let i = out.issue_at(
                    ctx,
                    t,
                    (r, label_col.unwrap_or(0)),
                    ProblemKind::UnmappedLabel,
                    if label.trim().is_empty() {
                        "a row of counts with no label; not read".to_string()
                    } else {
                        format!("row {label:?} matches no offence or outcome; not read")
                    },
                );
                i.label = Some(label.clone()).filter(|l| !l.trim().is_empty());
                continue;
            }
        };
        let mut row_parts = Parts::default();
        for (i, &(c, period)) in periods.iter().enumerate() {
            let label = if subject.kind == QuestionKind::YearlyCount {
                format!("{label} {}", t.header(c)).trim().to_string()
            } else {
                label.clone()
            };
            if let Some(value) = record(ctx, t, (r, c), subject.clone(), period, label, out) {
                col_parts[i].push(value);
                row_parts.push(value);
            }
        }
        for &tc in total_cols {
            if let Some(Some(total)) = value_at(ctx, t, r, tc, out) {
                check_total(ctx, t, (r, tc), &mut row_parts, total, ("row total", Some(subject.kind)), out);
            }
        }
    }
}

impl Ctx<'_> {
    fn mentions_platform_any(&self, t: &Table<'_>, rows: &[usize], label_col: Option<usize>) -> bool {
        rows.iter().any(|&r| self.mentions_platform(&label_at(t, r, label_col)))
    }
}

/// The period a one-column breakdown speaks of: its value header, its label header, the headings above it,
/// the sheet's name, or else the one period the question asked about.
fn breakdown_period(
    ctx: &Ctx<'_>,
    t: &Table<'_>,
    label_col: Option<usize>,
    vc: usize,
    kind: QuestionKind,
) -> Option<PeriodLabel> {
    let candidates = std::iter::once(t.header(vc))
        .chain(label_col.map(|c| t.header(c)))
        .chain(t.context.iter().rev().cloned())
        .chain(std::iter::once(t.sheet.name.clone()));
    for text in candidates {
        if let Some(p) = parse_period(&text) {
            return Some(p);
        }
    }
    let q = ctx.campaign.question_of_kind(kind)?;
    match q.periods.as_slice() {
        [only] => parse_period(only),
        _ => None,
    }
}

/// One value column of counts by offence or by outcome.
fn breakdown(ctx: &Ctx<'_>, t: &Table<'_>, label_col: Option<usize>, vc: usize, out: &mut Out) {
    let Some(lc) = label_col else {
        out.issue_at(ctx, t, (t.rows[0], vc), ProblemKind::UnrecognisedTable, "counts without labels; not read");
        return;
    };
    let kinds: Vec<(usize, RowKind)> = t
        .rows
        .iter()
        .map(|&r| {
            (r, if row_is_total(t, r, Some(lc)) { RowKind::Total } else { classify(ctx, &label_at(t, r, Some(lc))) })
        })
        .collect();
    let offences = kinds.iter().filter(|(_, k)| matches!(k, RowKind::Offence(_))).count();
    let outcomes = kinds.iter().filter(|(_, k)| matches!(k, RowKind::Outcome(_))).count();
    let kind = if outcomes > offences {
        QuestionKind::OutcomeBreakdown
    } else if offences > 0 {
        QuestionKind::OffenceBreakdown
    } else {
        out.issue_at(
            ctx,
            t,
            (t.header_row.unwrap_or(t.rows[0]), lc),
            ProblemKind::UnrecognisedTable,
            format!(
                "no row names an offence or an outcome (first row: {:?}); not read",
                label_at(t, t.rows[0], Some(lc))
            ),
        );
        return;
    };
    let Some(period) = breakdown_period(ctx, t, Some(lc), vc, kind) else {
        out.issue_at(
            ctx,
            t,
            (t.header_row.unwrap_or(t.rows[0]), vc),
            ProblemKind::UnknownPeriod,
            "cannot tell which year this breakdown covers; not read",
        )
        .severity = foi_model::Severity::Blocking;
        return;
    };
    let mut parts = Parts::default();
    for (r, rk) in kinds {
        let label = label_at(t, r, Some(lc));
        let subject = match (&rk, kind) {
            (RowKind::Total, _) => {
                if let Some(Some(total)) = value_at(ctx, t, r, vc, out) {
                    check_total(ctx, t, (r, vc), &mut parts, total, ("breakdown total", Some(kind)), out);
                }
                continue;
            }
            (RowKind::Offence(_), QuestionKind::OffenceBreakdown)
            | (RowKind::Outcome(_), QuestionKind::OutcomeBreakdown) => {
                Subject::of(&rk).expect("an offence or outcome row")
            }
            _ if label.trim().is_empty() => {
                // A count with no words beside it: whose is it? Never stored under a blank label.
                out.accounted.insert((r, vc));
                let i = out.issue_at(
                    ctx,
                    t,
                    (r, vc),
                    ProblemKind::Inconsistent,
                    "a count with a blank label in a breakdown; not stored (is the label in another column, or is this a subtotal?)",
                );
                i.question = Some(kind);
                continue;
            }
            _ => {
                let i = out.issue_at(
                    ctx,
                    t,
                    (r, lc),
                    ProblemKind::UnmappedLabel,
                    format!(
                        "{label:?} matches no {} in the reference; kept with its own words",
                        if kind == QuestionKind::OutcomeBreakdown { "outcome" } else { "offence" }
                    ),
                );
                i.label = Some(label.clone());
                i.question = Some(kind);
                Subject { kind, offence: None, outcome: None }
            }
        };
        if let Some(value) = record(ctx, t, (r, vc), subject, period, label, out) {
            parts.push(value);
        }
    }
}

/// `Financial Year | Measure | Category | Count`: one figure per row, its subject in the text columns.
fn long_format(ctx: &Ctx<'_>, t: &Table<'_>, pc: usize, text_cols: &[usize], value_cols: &[usize], out: &mut Out) {
    let Some(&vc) = value_cols.first().filter(|_| value_cols.len() == 1) else {
        out.issue_at(
            ctx,
            t,
            (t.rows[0], pc),
            ProblemKind::UnrecognisedTable,
            "long table with several count columns; not read",
        );
        return;
    };
    for &r in &t.rows {
        let plabel = t.sheet.cell(r, pc).display();
        let Some(period) = parse_period(&plabel) else {
            if is_total_label(&plabel) {
                out.accounted.insert((r, vc));
            } else {
                out.issue_at(
                    ctx,
                    t,
                    (r, pc),
                    ProblemKind::UnknownPeriod,
                    format!("{plabel:?} is not a period; row not read"),
                )
                .severity = foi_model::Severity::Blocking;
            }
            continue;
        };
        let labels: Vec<String> =
            text_cols.iter().rev().map(|&c| t.sheet.cell(r, c).display()).filter(|s| !s.is_empty()).collect();
        let breakdown = labels.iter().find_map(|l| Subject::of(&classify(ctx, l)).map(|s| (s, l.clone())));
        let found = breakdown.or_else(|| {
            labels
                .iter()
                .any(|l| is_total_label(l) || ctx.mentions_platform(l))
                .then(|| (Subject::YEARLY, labels.iter().rev().cloned().collect::<Vec<_>>().join(" / ")))
        });
        let Some((subject, label)) = found else {
            let words = labels.join(" / ");
            let i = out.issue_at(
                ctx,
                t,
                (r, text_cols[text_cols.len() - 1]),
                ProblemKind::UnmappedLabel,
                format!("{words:?} matches no offence, outcome or total; not read"),
            );
            i.label = labels.first().cloned();
            continue;
        };
        record(ctx, t, (r, vc), subject, period, label, out);
    }
}

/// The heading of a column of counts ("Offences", "Number of crimes", "Count"), as opposed to a code or a
/// reference number that happens to be numeric.
fn is_count_heading(h: &str) -> bool {
    let n = normalise(h);
    ["count", "number", "offences", "crimes", "total", "volume", "recorded"]
        .iter()
        .any(|w| n.split(' ').any(|x| x == *w))
        && !["code", "ref", "reference", "id"].iter().any(|w| n.split(' ').any(|x| x == *w))
}

/// Counts by day or month (`Month | Offences`): summed into the request's years. Months cannot be split at
/// 6 April, so monthly figures make 1 April years under a 6 April request, and say so through the basis.
fn dated_counts(ctx: &Ctx<'_>, t: &Table<'_>, date_col: usize, count_col: usize, out: &mut Out) {
    use std::collections::BTreeMap;
    let monthly = t.rows.iter().filter_map(|&r| cell_date(t.sheet.cell(r, date_col))).all(|d| d.day0() == 0);
    let basis = match ctx.campaign.basis() {
        foi_model::PeriodBasis::FyApr6 if monthly => foi_model::PeriodBasis::FyApr1,
        b => b,
    };
    let asked: Vec<i32> =
        ctx.campaign.periods.labels.iter().filter_map(|l| foi_model::Period::start_year_of_label(l)).collect();
    // start year → (known sum, suppressed parts, months seen, first row, last row)
    let mut years: BTreeMap<i32, (i64, usize, usize, usize, usize)> = BTreeMap::new();
    for &r in &t.rows {
        if row_is_total(t, r, Some(date_col)) {
            out.accounted.insert((r, count_col));
            continue;
        }
        let Some(date) = cell_date(t.sheet.cell(r, date_col)) else {
            out.issue_at(ctx, t, (r, date_col), ProblemKind::BadValue, "not a date; row not counted");
            continue;
        };
        let year = basis.start_year_of(date);
        if !asked.contains(&year) {
            out.accounted.insert((r, count_col));
            continue;
        }
        let Some(value) = value_at(ctx, t, r, count_col, out) else { continue };
        let e = years.entry(year).or_insert((0, 0, 0, r, r));
        match value {
            Some(v) => e.0 = e.0.saturating_add(v),
            None => e.1 += 1,
        }
        e.2 += 1;
        e.4 = r;
    }
    for (year, (sum, suppressed, seen, first, last)) in years {
        let (sheet, cell) = t.sheet.locate_range(first, last, count_col);
        let source = SourceRef { file: ctx.file.to_string(), sheet, cell };
        let reg = Some(ctx.region(t, &[(first, count_col)]));
        if monthly && seen != 12 {
            out.issues.push(
                Issue::new(
                    ProblemKind::MissingAnswer,
                    source.clone(),
                    format!("{seen} of 12 months given for the year from {year}"),
                )
                .about(QuestionKind::YearlyCount)
                .region(reg.clone()),
            );
        }
        if suppressed > 0 {
            out.issues.push(
                Issue::new(
                    ProblemKind::BadValue,
                    source.clone(),
                    format!("{suppressed} withheld month(s) in the year from {year}: the year is stored as withheld (known part {sum})"),
                )
                .note()
                .about(QuestionKind::YearlyCount)
                .region(reg),
            );
        }
        out.obs.push(RawObs {
            kind: QuestionKind::YearlyCount,
            period: PeriodLabel {
                start_year: year,
                basis: Some(basis),
                calendar: basis == foi_model::PeriodBasis::Calendar,
            },
            offence: None,
            outcome: None,
            label: format!("sum of {} {} rows", seen, if monthly { "monthly" } else { "dated" }),
            value: (suppressed == 0).then_some(sum),
            source,
            counted_from_rows: false,
        });
    }
}

/// One row per crime with a date: count crimes into the request's years, by offence and by outcome.
fn row_level(ctx: &Ctx<'_>, t: &Table<'_>, date_col: usize, stats: &[ColStats], out: &mut Out) {
    use std::collections::BTreeMap;
    let width = stats.len();
    let basis = ctx.campaign.basis();
    let asked: Vec<i32> =
        ctx.campaign.periods().iter().map(|p| p.start.format("%Y").to_string().parse().unwrap_or(0)).collect();
    let rate = |c: usize, f: &dyn Fn(&str) -> bool| -> usize {
        t.rows.iter().filter(|&&r| f(&t.sheet.cell(r, c).display())).count()
    };
    let code_col = (0..width)
        .filter(|&c| c != date_col)
        .map(|c| (c, rate(c, &|s| !s.is_empty() && ctx.reference.offence_by_code(s).is_some())))
        .filter(|&(_, n)| n * 10 >= t.rows.len() * 6)
        .max_by_key(|&(_, n)| n)
        .map(|(c, _)| c);
    let offence_col = (0..width)
        .filter(|&c| c != date_col && Some(c) != code_col)
        .map(|c| (c, rate(c, &|s| !s.is_empty() && ctx.match_offence(s).is_some())))
        .filter(|&(_, n)| n * 2 >= t.rows.len())
        .max_by_key(|&(_, n)| n)
        .map(|(c, _)| c);
    let outcome_col = (0..width)
        .filter(|&c| c != date_col && Some(c) != code_col && Some(c) != offence_col)
        .map(|c| (c, rate(c, &|s| !s.is_empty() && ctx.match_outcome(s).is_some())))
        .filter(|&(_, n)| n * 2 >= t.rows.len())
        .max_by_key(|&(_, n)| n)
        .map(|(c, _)| c);

    /// Crimes counted under one (kind, year, key): the label shown, how many, and the rows they span.
    struct Tally {
        label: String,
        n: i64,
        first: usize,
        last: usize,
        col: usize,
        offence: Option<OffenceMatch>,
        outcome: Option<OutcomeMatch>,
    }
    type Key = (u8, i32, String);
    let mut counts: BTreeMap<Key, Tally> = BTreeMap::new();
    let mut outside = 0usize;
    let mut bump = |key: Key,
                    label: String,
                    r: usize,
                    col: usize,
                    offence: Option<OffenceMatch>,
                    outcome: Option<OutcomeMatch>| {
        let e = counts.entry(key).or_insert(Tally { label, n: 0, first: r, last: r, col, offence, outcome });
        e.n += 1;
        e.first = e.first.min(r);
        e.last = e.last.max(r);
    };
    for &r in &t.rows {
        let Some(date) = cell_date(t.sheet.cell(r, date_col)) else {
            out.issue_at(
                ctx,
                t,
                (r, date_col),
                ProblemKind::BadValue,
                "a row without a readable date in a list of crimes; the crime is not counted",
            );
            continue;
        };
        let year = basis.start_year_of(date);
        if !asked.contains(&year) {
            outside += 1;
            continue;
        }
        bump((0, year, String::new()), "crimes listed (rows dated in the year)".into(), r, date_col, None, None);
        let off_cell = code_col.or(offence_col);
        if let Some(c) = off_cell {
            let code_text = t.sheet.cell(r, c).display();
            let desc = offence_col.map(|oc| t.sheet.cell(r, oc).display()).unwrap_or_default();
            let m = ctx.match_offence(&code_text).or_else(|| ctx.match_offence(&desc));
            let label = if desc.is_empty() { code_text.clone() } else { desc.clone() };
            if m.is_none() {
                let i = out.issue_at(
                    ctx,
                    t,
                    (r, c),
                    ProblemKind::UnmappedLabel,
                    format!("offence {label:?} matches no reference entry; counted under its own words"),
                );
                i.label = Some(label.clone());
                i.question = Some(QuestionKind::OffenceBreakdown);
            }
            let key = m
                .as_ref()
                .map(|m| format!("{:?}", (m.code.clone(), m.subgroup.clone(), m.group.clone())))
                .unwrap_or_else(|| format!("?{label}"));
            bump((1, year, key), label, r, c, m, None);
        }
        if let Some(c) = outcome_col {
            let text = t.sheet.cell(r, c).display();
            let (m, label) = if text.is_empty() {
                // No outcome recorded yet: the crime is still open.
                (
                    Some(OutcomeMatch { group: "not_yet_assigned".into(), code: None }),
                    "(no outcome recorded)".to_string(),
                )
            } else {
                (ctx.match_outcome(&text), text.clone())
            };
            if m.is_none() {
                let i = out.issue_at(
                    ctx,
                    t,
                    (r, c),
                    ProblemKind::UnmappedLabel,
                    format!("outcome {text:?} matches no reference entry; counted under its own words"),
                );
                i.label = Some(text.clone());
                i.question = Some(QuestionKind::OutcomeBreakdown);
            }
            let key = m
                .as_ref()
                .map(|m| format!("{:?}", (m.code.clone(), m.group.clone())))
                .unwrap_or_else(|| format!("?{label}"));
            bump((2, year, key), label, r, c, None, m);
        }
    }
    if outside > 0 {
        out.issues.push(
            Issue::new(
                ProblemKind::UnknownPeriod,
                ctx.src(t, t.rows[0], date_col),
                format!("{outside} crimes dated outside the periods asked about were not counted"),
            )
            .note(),
        );
    }
    for ((kind, year, _), Tally { label, n, first, last, col, offence, outcome }) in counts {
        let (sheet, cell) = t.sheet.locate_range(first, last, col);
        out.obs.push(RawObs {
            kind: match kind {
                0 => QuestionKind::YearlyCount,
                1 => QuestionKind::OffenceBreakdown,
                _ => QuestionKind::OutcomeBreakdown,
            },
            period: PeriodLabel { start_year: year, basis: Some(basis), calendar: false },
            offence,
            outcome,
            label,
            value: Some(n),
            source: SourceRef { file: ctx.file.to_string(), sheet, cell },
            counted_from_rows: true,
        });
    }
}
