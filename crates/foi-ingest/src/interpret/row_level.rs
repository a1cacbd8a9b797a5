//! One row per crime with a date: crimes counted into the request's years for the count question, and by the
//! categories of each breakdown question whose vocabulary a column speaks.

use std::collections::BTreeMap;

use foi_model::{normalise, CategoryMatch, ProblemKind, SourceRef, Vocabulary};

use super::{Ctx, Issue, Out, RawObs, Shape};
use crate::tables::Table;
use crate::values::{cell_date, PeriodLabel};

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
fn columns<'v>(ctx: &'v Ctx<'_>, t: &Table<'_>, date_col: usize, shape: &Shape) -> Vec<Columns<'v>> {
    let mut taken = vec![date_col];
    let mut out = Vec::new();
    for (question, v) in ctx.breakdowns() {
        let rate = |c: usize| -> usize {
            t.rows
                .iter()
                .filter(|&&r| {
                    let s = t.sheet.cell(r, c).display();
                    !s.is_empty() && ctx.match_in(v, &s).is_some()
                })
                .count()
        };
        let named = |c: usize| {
            let h = format!(" {} ", normalise(&t.header(c)));
            [&v.name, &v.noun].iter().any(|w| h.contains(&format!(" {} ", normalise(w))))
        };
        let mut scored: Vec<(usize, usize)> = (0..shape.width)
            .filter(|c| !taken.contains(c))
            .filter(|&c| !v.free || named(c))
            .map(|c| (c, rate(c)))
            .filter(|&(_, n)| n * 2 >= t.rows.len() && n > 0)
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

pub(super) fn read(ctx: &Ctx<'_>, t: &Table<'_>, date_col: usize, shape: &Shape, out: &mut Out) {
    let basis = ctx.campaign.basis();
    let count = ctx.count_question();
    let asked: Vec<i32> =
        ctx.campaign.periods.labels.iter().filter_map(|l| foi_model::Period::start_year_of_label(l)).collect();
    let cols = columns(ctx, t, date_col, shape);

    /// Crimes counted under one (question, year, key): the label shown, how many, and the rows they span.
    struct Tally {
        label: String,
        n: i64,
        first: usize,
        last: usize,
        col: usize,
        category: Option<CategoryMatch>,
    }
    let mut counts: BTreeMap<(usize, i32, String), Tally> = BTreeMap::new();
    let mut bump = |key: (usize, i32, String), label: String, r: usize, col: usize, category: Option<CategoryMatch>| {
        let e = counts.entry(key).or_insert(Tally { label, n: 0, first: r, last: r, col, category });
        e.n += 1;
        e.first = e.first.min(r);
        e.last = e.last.max(r);
    };
    let mut outside = 0usize;
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
        bump((count, year, String::new()), "crimes listed (rows dated in the year)".into(), r, date_col, None);
        for c in &cols {
            let first = t.sheet.cell(r, c.primary).display();
            let second = c.secondary.map(|s| t.sheet.cell(r, s).display()).unwrap_or_default();
            let (m, label) = if first.is_empty() && second.is_empty() {
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
                (m, if second.is_empty() { first.clone() } else { second.clone() })
            };
            if m.is_none() {
                let i = out.issue_at(
                    ctx,
                    t,
                    (r, c.primary),
                    ProblemKind::UnmappedLabel,
                    if label.is_empty() {
                        format!("a crime with no {} recorded; counted under a blank label", c.vocabulary.noun)
                    } else {
                        format!(
                            "{} {label:?} matches no reference entry; counted under its own words",
                            c.vocabulary.noun
                        )
                    },
                );
                i.label = Some(label.clone()).filter(|l| !l.is_empty());
                i.question = Some(c.question);
            }
            let key = m.as_ref().map(|m| format!("{m:?}")).unwrap_or_else(|| format!("?{label}"));
            bump((c.question, year, key), label, r, c.primary, m);
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
    for ((question, year, _), Tally { label, n, first, last, col, category }) in counts {
        let (sheet, cell) = t.sheet.locate_range(first, last, col);
        out.obs.push(RawObs {
            question,
            period: PeriodLabel {
                start_year: year,
                basis: Some(basis),
                calendar: basis == foi_model::PeriodBasis::Calendar,
            },
            category,
            label,
            value: Some(n),
            source: SourceRef { file: ctx.file.to_string(), sheet, cell },
            counted_from_rows: true,
        });
    }
}
