//! One row per crime with a date or a period: crimes counted into the request's years for the count question,
//! and by the categories of each breakdown question whose vocabulary a column speaks.

use std::collections::BTreeMap;

// Keys hashed a million times a list (each row's wordings): FxHash, not SipHash's defence against
// adversarial keys, which a map of a few dozen wordings does not need.
use rustc_hash::FxHashMap as HashMap;

use foi_model::{normalise, CategoryMatch, ProblemKind, SourceRef, Vocabulary};

use super::{Ctx, Issue, Out, RawObs, Shape};
use crate::tables::Table;
use crate::values::{cell_date, parse_period, read_value, PeriodLabel, Value};

/// What places a crime of the list in a year.
#[derive(Clone, Copy)]
pub(super) enum When {
    /// The date it was recorded or committed: counted into the request's own years.
    Date(usize),
    /// The year the force put it in ("2019/2020"): the force's years, whose basis its letter settles.
    Period(usize),
}

impl When {
    fn col(self) -> usize {
        match self {
            When::Date(c) | When::Period(c) => c,
        }
    }
}

/// Rows at least: fewer, and a table with a period column is more likely a table of counts than a list.
const MIN_LISTED: usize = 10;

/// A list of crimes by year with no dates: a period column, a running number ("No.") and columns of categories,
/// and no column of counts. Each row is one crime.
pub(super) fn detect_period_list(ctx: &Ctx<'_>, t: &Table<'_>, shape: &Shape, out: &mut Out) -> bool {
    let Some(pc) = shape.period_col else { return false };
    if t.rows.len() < MIN_LISTED || shape.date_col.is_some() {
        return false;
    }
    // Every value column must be a running number: a column of counts makes this a table of counts.
    if shape.value_cols.is_empty() || !shape.value_cols.iter().all(|&c| running_number(t, c)) {
        return false;
    }
    let not_categories: Vec<usize> = std::iter::once(pc).chain(shape.value_cols.iter().copied()).collect();
    if columns(ctx, t, &not_categories, shape).is_empty() {
        return false;
    }
    for &c in &shape.value_cols {
        for &r in &t.rows {
            out.accounted.insert((r, c));
        }
    }
    read(ctx, t, When::Period(pc), shape, out);
    true
}

/// A column numbering the rows 1, 2, 3 … (nearly all of them one more than the row above).
fn running_number(t: &Table<'_>, c: usize) -> bool {
    let values: Vec<Option<i64>> = t
        .rows
        .iter()
        .map(|&r| match read_value(t.sheet.cell(r, c)) {
            Value::Count(n) => Some(n),
            _ => None,
        })
        .collect();
    let steps = values.windows(2).filter(|w| matches!(w, [Some(a), Some(b)] if *b == a + 1)).count();
    steps * 10 >= (values.len() - 1) * 9
}

/// The columns a breakdown question is read from: the best-matching one, and a second that also speaks its
/// vocabulary (a description beside a code), used for the label and when the first does not match.
struct Columns<'v> {
    question: usize,
    vocabulary: &'v Vocabulary,
    primary: usize,
    secondary: Option<usize>,
}

/// For each breakdown question in turn, the columns whose cells mostly match its vocabulary (a free vocabulary
/// has no list: its column is the one whose heading names it).
fn columns<'v>(ctx: &'v Ctx<'_>, t: &Table<'_>, when_cols: &[usize], shape: &Shape) -> Vec<Columns<'v>> {
    let mut taken = when_cols.to_vec();
    let mut out = Vec::new();
    // Which column speaks a vocabulary is judged on rows spread through the list: a million rows say no more
    // than two thousand, and a column of unique crime references would fill the match memo.
    let step = t.rows.len().div_ceil(2_000).max(1);
    let sample: Vec<usize> = t.rows.iter().copied().step_by(step).collect();
    for (question, v) in ctx.breakdowns() {
        // How many sampled cells of a column the vocabulary knows, or `None` once too many have missed for the
        // column to reach half: a column of crime references is given up on after half its cells, not matched
        // to the end.
        let rate = |c: usize| -> Option<usize> {
            let need = sample.len().div_ceil(2);
            let mut missed = 0;
            let mut matched = 0;
            for &r in &sample {
                let s = super::shown(t.sheet.cell(r, c));
                if !s.is_empty() && ctx.match_in(v, &s).is_some() {
                    matched += 1;
                } else {
                    missed += 1;
                    if sample.len() - missed < need {
                        return None;
                    }
                }
            }
            Some(matched)
        };
        let named = |c: usize| {
            let h = format!(" {} ", normalise(&t.header(c)));
            [&v.name, &v.noun].iter().any(|w| h.contains(&format!(" {} ", normalise(w))))
        };
        let mut scored: Vec<(usize, usize)> = (0..shape.width)
            .filter(|c| !taken.contains(c))
            .filter(|&c| !v.free || named(c))
            .filter_map(|c| Some((c, rate(c)?)))
            .filter(|&(_, n)| n * 2 >= sample.len() && n > 0)
            .collect();
        scored.sort_by_key(|&(c, n)| (std::cmp::Reverse(n), c));
        let Some(&(primary, _)) = scored.first() else { continue };
        let secondary = scored.get(1).map(|&(c, _)| c);
        taken.push(primary);
        taken.extend(secondary);
        out.push(Columns { question, vocabulary: v, primary, secondary });
    }
    out
}

/// A number for each distinct wording of a list's cells. A list repeats a few dozen wordings a million times,
/// and a long one is one shared text in every cell that has it (see `grid::Texts`): it is found by where it
/// lives before it is hashed and compared letter by letter.
#[derive(Default)]
struct Wordings {
    by_place: HashMap<(usize, usize), u32>,
    by_text: HashMap<String, u32>,
}

impl Wordings {
    /// Places remembered; past this (a column of unshared texts) wordings are found by their text alone.
    const MAX_PLACES: usize = 65_536;

    fn id(&mut self, s: &str) -> u32 {
        // A short text lives inside its cell, so its place is never shared: it is quicker to hash.
        let place = (s.len() > 15).then_some((s.as_ptr() as usize, s.len()));
        if let Some(&id) = place.and_then(|p| self.by_place.get(&p)) {
            return id;
        }
        let id = match self.by_text.get(s) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.by_text.len()).unwrap_or(u32::MAX);
                self.by_text.insert(s.to_string(), id);
                id
            }
        };
        if let Some(p) = place.filter(|_| self.by_place.len() < Self::MAX_PLACES) {
            self.by_place.insert(p, id);
        }
        id
    }
}

pub(super) fn read(ctx: &Ctx<'_>, t: &Table<'_>, when: When, shape: &Shape, out: &mut Out) {
    let basis = ctx.campaign.basis();
    let count = ctx.count_question();
    let asked: Vec<i32> =
        ctx.campaign.periods.labels.iter().filter_map(|l| foi_model::Period::start_year_of_label(l)).collect();
    let date_col = when.col();
    let not_categories: Vec<usize> = match when {
        When::Date(c) => vec![c],
        // A list by year numbers its rows: the running number is no category.
        When::Period(c) => std::iter::once(c).chain(shape.value_cols.iter().copied()).collect(),
    };
    let cols = columns(ctx, t, &not_categories, shape);
    // The force's own period label for each year, when the list gives periods rather than dates.
    let mut labels_of: BTreeMap<i32, PeriodLabel> = BTreeMap::new();

    /// Crimes counted under one (question, year, key): the label shown, how many, and the rows they span.
    struct Tally {
        label: String,
        n: i64,
        first: usize,
        last: usize,
        col: usize,
        category: Option<CategoryMatch>,
    }
    /// What one wording (a column's cell, with its second column's) resolves to; a list repeats a few dozen
    /// wordings a million times, so each is matched, labelled and keyed once.
    struct Resolved {
        category: Option<CategoryMatch>,
        label: String,
        /// Index into `keys`: the tally is keyed by number while rows are counted.
        key: usize,
        /// The question whose breakdown column it was read from.
        question: usize,
        /// The first row of this wording, and how many rows have it.
        first: usize,
        rows: usize,
    }
    // key text → index, and back: tallies sort by the key text at the end, as one map keyed by text would.
    let mut key_ids: HashMap<String, usize> = HashMap::default();
    let mut keys: Vec<String> = Vec::new();
    let mut counts: HashMap<(usize, i32, usize), Tally> = HashMap::default();
    let mut bump = |key: (usize, i32, usize), label: &str, r: usize, col: usize, category: &Option<CategoryMatch>| {
        let e = counts.entry(key).or_insert_with(|| Tally {
            label: label.to_string(),
            n: 0,
            first: r,
            last: r,
            col,
            category: category.clone(),
        });
        e.n += 1;
        e.first = e.first.min(r);
        e.last = e.last.max(r);
    };
    let mut key_of = |text: String| -> usize {
        let next = keys.len();
        *key_ids.entry(text).or_insert_with_key(|k| {
            keys.push(k.clone());
            next
        })
    };
    let listed_key = key_of(String::new());
    // Per breakdown column: the ids of the first and second cells' wordings → what they resolve to, by index
    // into `resolved` (an index is copied out of the lookup, so a row builds no string).
    let mut memo: Vec<HashMap<(u32, u32), usize>> = cols.iter().map(|_| HashMap::default()).collect();
    let mut wordings = Wordings::default();
    let mut resolved: Vec<Resolved> = Vec::new();
    let mut outside = 0usize;
    for &r in &t.rows {
        let year = match when {
            When::Date(_) => cell_date(t.sheet.cell(r, date_col)).map(|d| basis.start_year_of(d)),
            When::Period(_) => parse_period(&super::shown(t.sheet.cell(r, date_col))).map(|p| {
                labels_of.entry(p.start_year).or_insert(p);
                p.start_year
            }),
        };
        let Some(year) = year else {
            out.issue_at(
                ctx,
                t,
                (r, date_col),
                ProblemKind::BadValue,
                match when {
                    When::Date(_) => "a row without a readable date in a list of crimes; the crime is not counted",
                    When::Period(_) => "a row without a readable year in a list of crimes; the crime is not counted",
                },
            );
            continue;
        };
        if !asked.contains(&year) {
            outside += 1;
            continue;
        }
        let listed = match when {
            When::Date(_) => "crimes listed (rows dated in the year)",
            When::Period(_) => "crimes listed (rows of the year)",
        };
        bump((count, year, listed_key), listed, r, date_col, &None);
        for (c, memo) in cols.iter().zip(memo.iter_mut()) {
            let first = super::shown(t.sheet.cell(r, c.primary));
            let second = c.secondary.map(|s| super::shown(t.sheet.cell(r, s))).unwrap_or_default();
            let pair = (wordings.id(&first), wordings.id(&second));
            let id = match memo.get(&pair) {
                Some(&id) => id,
                None => {
                    let (category, label) = if first.is_empty() && second.is_empty() {
                        match &c.vocabulary.blank {
                            // A blank cell that means something ("no outcome yet": the investigation is still open).
                            Some(g) => (
                                Some(CategoryMatch {
                                    level: foi_model::Level::Group,
                                    group: g.clone(),
                                    subgroup: None,
                                    code: None,
                                }),
                                format!("(no {} recorded)", c.vocabulary.noun),
                            ),
                            None => (None, String::new()),
                        }
                    } else {
                        let m = ctx.match_in(c.vocabulary, &first).or_else(|| ctx.match_in(c.vocabulary, &second));
                        (m, if second.is_empty() { first.to_string() } else { second.to_string() })
                    };
                    let key =
                        key_of(category.as_ref().map(|m| format!("{m:?}")).unwrap_or_else(|| format!("?{label}")));
                    memo.insert(pair, resolved.len());
                    resolved.push(Resolved { category, label, key, question: c.question, first: r, rows: 0 });
                    resolved.len() - 1
                }
            };
            let res = &mut resolved[id];
            res.rows += 1;
            bump((c.question, year, res.key), &res.label, r, c.primary, &res.category);
        }
    }
    // (question, wording) → (first row, column, noun, rows) of labels no entry matches: one issue per wording,
    // at its first row (a list repeats a label thousands of times; two cells' wordings may show as one label).
    let mut unmapped: BTreeMap<(usize, String), (usize, usize, String, usize)> = BTreeMap::new();
    for res in resolved.iter().filter(|res| res.category.is_none() && res.rows > 0) {
        let c = cols.iter().find(|c| c.question == res.question).expect("a resolution's own column");
        let e = unmapped.entry((c.question, res.label.clone())).or_insert((
            res.first,
            c.primary,
            c.vocabulary.noun.clone(),
            0,
        ));
        e.0 = e.0.min(res.first);
        e.3 += res.rows;
    }
    let counts: BTreeMap<(usize, i32, &str), Tally> =
        counts.into_iter().map(|((q, y, k), tally)| ((q, y, keys[k].as_str()), tally)).collect();
    for ((question, label), (r, col, noun, n)) in unmapped {
        let rows = if n == 1 { "1 row".to_string() } else { format!("{n} rows") };
        let i = out.issue_at(
            ctx,
            t,
            (r, col),
            ProblemKind::UnmappedLabel,
            if label.is_empty() {
                format!("crimes with no {noun} recorded ({rows}); counted under a blank label")
            } else {
                format!("{noun} {label:?} matches no reference entry; its {rows} counted under its own words")
            },
        );
        i.label = Some(label).filter(|l| !l.is_empty());
        i.question = Some(question);
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
    for ((question, year, _), Tally { label, n, first, last, col, category }) in counts {
        let (sheet, cell) = t.sheet.locate_range(first, last, col);
        let (period, counted_from_rows) = match when {
            When::Date(_) => (
                PeriodLabel {
                    start_year: year,
                    basis: Some(basis),
                    calendar: basis == foi_model::PeriodBasis::Calendar,
                    whole_request: false,
                },
                true,
            ),
            When::Period(_) => (labels_of[&year], false),
        };
        out.obs.push(RawObs {
            question,
            period,
            category,
            label,
            value: Some(n),
            source: SourceRef { file: ctx.file.to_string(), sheet, cell },
            counted_from_rows,
            from_total: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{read, values};

    #[test]
    fn a_numbered_list_by_year_is_counted() {
        let mut rows: Vec<Vec<String>> = vec![vec!["No.".into(), "Year".into(), "Offence".into()]];
        for i in 1..=12 {
            let year = if i <= 5 { "2022/23" } else { "2023/24" };
            let offence = if i % 3 == 0 { "Stalking" } else { "Harassment" };
            rows.push(vec![i.to_string(), year.into(), offence.into()]);
        }
        let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let out = read(&rows);
        assert_eq!(out.layout, Some("list by year"));
        let got = values(&out);
        let count = |q: usize, y: i32, l: &str| got.iter().find(|o| o.0 == q && o.1 == y && o.2 == l).and_then(|o| o.3);
        assert_eq!(count(0, 2022, "crimes listed (rows of the year)"), Some(5));
        assert_eq!(count(0, 2023, "crimes listed (rows of the year)"), Some(7));
        // Rows 6..=12 of 2023/24: 6, 9 and 12 are stalking.
        assert_eq!(count(1, 2023, "Stalking"), Some(3));
        assert_eq!(count(1, 2023, "Harassment"), Some(4));
    }
}
