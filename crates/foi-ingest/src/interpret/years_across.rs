//! Years across the top: `Measure | 2021/22 | 2022/23 | 2023/24 | Total`, one row per category (or one count
//! row, or one row per platform).

use foi_model::ProblemKind;

use super::{
    account, check_total, label_at, record, row_is_total, value_at, Ctx, Out, Parts, RawObs, RowKind, Shape, Subject,
};
use crate::tables::Table;

pub(super) fn detect(ctx: &Ctx<'_>, t: &Table<'_>, shape: &Shape, out: &mut Out) -> bool {
    if shape.period_col.is_some_and(|pc| shape.first_value.is_some_and(|fv| pc < fv)) {
        return false;
    }
    let periods = &shape.header_periods;
    let label_col = shape.label_col;
    let across = periods.len() >= 2 || (periods.len() == 1 && shape.value_cols.len() == 1 && label_col.is_none());
    if !across {
        return false;
    }
    let count = ctx.count_question();
    let about = super::classify::about(t);
    let labels: Vec<String> = t.rows.iter().map(|&r| label_at(t, r, label_col)).collect();
    let kinds: Vec<(usize, RowKind)> = t
        .rows
        .iter()
        .zip(ctx.classify_all(&labels, &about))
        .map(|(&r, kind)| (r, if row_is_total(t, r, label_col) { RowKind::Total } else { kind }))
        .collect();
    // A table of categories (most rows known to one breakdown, or a heading naming one): its other rows are
    // that breakdown's too, kept under their own words until mapped.
    let only: Vec<RowKind> = kinds.iter().map(|(_, k)| k.clone()).collect();
    let table_of = ctx.dominant(&only, &about).filter(|_| label_col.is_some());
    let others: Vec<usize> = kinds.iter().filter(|(_, k)| matches!(k, RowKind::Other)).map(|(r, _)| *r).collect();
    let platform_rows: Vec<usize> =
        others.iter().copied().filter(|&r| ctx.mentions_platform(&label_at(t, r, label_col))).collect();
    let count_rows: Vec<usize> = if !platform_rows.is_empty() {
        platform_rows
    } else if others.len() == 1 && (table_of.is_none() || holds_the_rest(t, &kinds, others[0], periods)) {
        others.clone()
    } else {
        vec![]
    };
    let mut col_parts: Vec<Parts> = (0..periods.len()).map(|_| Parts::default()).collect();
    let mut totals: Vec<RawObs> = Vec::new();
    for (r, kind) in &kinds {
        let r = *r;
        let label = label_at(t, r, label_col);
        let subject = match kind {
            RowKind::Total => {
                for (i, &(c, period)) in periods.iter().enumerate() {
                    if let Some(Some(total)) = value_at(ctx, t, r, c, out) {
                        check_total(ctx, t, (r, c), &mut col_parts[i], total, ("column total", None), out);
                        if table_of.is_some() {
                            // The force's own count for the period, as its breakdown totals it: the last total
                            // row's (a group's subtotal comes before the grand total).
                            let label = format!("{} {}", label.trim(), t.header(c)).trim().to_string();
                            totals.retain(|o: &RawObs| o.period != period);
                            totals.push(RawObs {
                                question: count,
                                period,
                                category: None,
                                label,
                                value: Some(total),
                                source: ctx.src(t, r, c),
                                counted_from_rows: false,
                                from_total: true,
                            });
                        }
                    }
                }
                for &tc in &shape.total_cols {
                    out.accounted.insert((r, tc));
                }
                continue;
            }
            RowKind::Category(..) => Subject::of(kind).expect("a category row"),
            RowKind::Other if count_rows.contains(&r) => Subject { question: count, category: None },
            RowKind::Other if !others.is_empty() && ctx.mentions_platform_any(t, &others, label_col) => {
                // Another platform's row, set aside on purpose.
                out.set_aside_row(t, r);
                continue;
            }
            RowKind::Other if table_of.is_some() && !label.trim().is_empty() => {
                let question = table_of.expect("checked");
                let noun = ctx
                    .campaign
                    .vocabulary_of(&ctx.campaign.questions[question])
                    .map_or("category".to_string(), |v| v.noun.clone());
                let i = out.issue_at(
                    ctx,
                    t,
                    (r, label_col.unwrap_or(0)),
                    ProblemKind::UnmappedLabel,
                    format!("{label:?} matches no {noun} in the reference; kept with its own words"),
                );
                i.label = Some(label.clone());
                i.question = Some(question);
                Subject { question, category: None }
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
                        format!("row {label:?} matches no {}; not read", ctx.vocabulary_names())
                    },
                );
                i.label = Some(label.clone()).filter(|l| !l.trim().is_empty());
                continue;
            }
        };
        let mut row_parts = Parts::default();
        for (i, &(c, period)) in periods.iter().enumerate() {
            // A count row's label is its wording and the year; a category row's is its own words.
            let label = if subject.category.is_none() && subject.question == count {
                format!("{label} {}", t.header(c)).trim().to_string()
            } else {
                label.clone()
            };
            if let Some(value) = record(ctx, t, (r, c), subject.clone(), period, label, out) {
                col_parts[i].push(value);
                row_parts.push(value);
            }
        }
        for &tc in &shape.total_cols {
            if let Some(Some(total)) = value_at(ctx, t, r, tc, out) {
                check_total(ctx, t, (r, tc), &mut row_parts, total, ("row total", Some(subject.question)), out);
            }
        }
    }
    out.obs.extend(totals);
    account(ctx, t, &label_col.into_iter().collect::<Vec<_>>(), out);
    true
}

/// In a table of categories, the one row no vocabulary knows is the count of the whole ("Number of crimes")
/// only if it is at least the sum of the category rows in every period; else it is one more category
/// ("Burglary" among offence groups).
fn holds_the_rest(
    t: &Table<'_>,
    kinds: &[(usize, RowKind)],
    row: usize,
    periods: &[(usize, crate::values::PeriodLabel)],
) -> bool {
    let count = |r: usize, c: usize| match crate::values::read_value(t.sheet.cell(r, c)) {
        crate::values::Value::Count(n) => n,
        _ => 0,
    };
    periods.iter().all(|&(c, _)| {
        let rest = kinds
            .iter()
            .filter(|(_, k)| matches!(k, RowKind::Category(..)))
            .try_fold(0i64, |sum, (r, _)| sum.checked_add(count(*r, c)));
        rest.is_some_and(|rest| count(row, c) >= rest)
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{read, values};

    #[test]
    fn years_across_the_top_with_a_total_column() {
        let out = read(&[&["", "2021/22", "2022/23", "2023/24", "Total"], &["Offences", "4", "5", "6", "15"]]);
        assert_eq!(out.layout, Some("years across"));
        let got: Vec<_> = values(&out).into_iter().map(|(q, y, _, v)| (q, y, v)).collect();
        assert_eq!(got, [(0, 2021, Some(4)), (0, 2022, Some(5)), (0, 2023, Some(6))]);
    }
}
