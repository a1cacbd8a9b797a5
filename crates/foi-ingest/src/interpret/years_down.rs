//! Years down the side: `Period | Offences` (one value column, or one per platform), or a breakdown turned on
//! its side, `Year | Under 18 | 18-24 | 25+ | Total`, its categories across the top.

use foi_model::ProblemKind;

use super::{account, check_total, record, row_is_total, value_at, Ctx, Out, Parts, RowKind, Shape, Subject};
use crate::tables::Table;
use crate::values::parse_period;

pub(super) fn detect(ctx: &Ctx<'_>, t: &Table<'_>, shape: &Shape, out: &mut Out) -> bool {
    let (Some(pc), Some(first_value)) = (shape.period_col, shape.first_value) else { return false };
    if pc > first_value {
        return false;
    }
    let count = ctx.count_question();
    if shape.value_cols.len() > 1 && categories_across(ctx, t, shape, pc, out) {
        return true;
    }
    // `Financial Year | Total`: the one count column is headed Total, the year's total.
    let value_cols = match (shape.value_cols.as_slice(), shape.total_cols.as_slice()) {
        ([], [only]) => vec![*only],
        (v, _) => v.to_vec(),
    };
    let total_cols: Vec<usize> = shape.total_cols.iter().copied().filter(|c| !value_cols.contains(c)).collect();
    if value_cols.len() != 1 {
        let platform = ctx.campaign.platform.as_deref().unwrap_or("the campaign's subject");
        out.issue_at(
            ctx,
            t,
            (t.header_row.unwrap_or(t.rows[0]), pc),
            ProblemKind::UnrecognisedTable,
            format!(
                "years down the side with {} count columns, none naming {platform}; not read",
                shape.value_cols.len()
            ),
        );
        return true;
    }
    let vc = value_cols[0];
    let mut parts = Parts::default();
    let subject = Subject { question: count, category: None };
    for &r in &t.rows {
        let label = t.sheet.cell(r, pc).display();
        if row_is_total(t, r, Some(pc)) {
            if let Some(Some(total)) = value_at(ctx, t, r, vc, out) {
                check_total(ctx, t, (r, vc), &mut parts, total, ("yearly counts", Some(count)), out);
            }
            for &tc in &total_cols {
                out.accounted.insert((r, tc));
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
        if let Some(value) = record(ctx, t, (r, vc), subject.clone(), period, label, out) {
            parts.push(value);
            for &tc in &total_cols {
                // A total column beside one count column repeats it.
                if let Some(Some(total)) = value_at(ctx, t, r, tc, out) {
                    let mut one = Parts::default();
                    one.push(value);
                    check_total(ctx, t, (r, tc), &mut one, total, ("row total", Some(count)), out);
                }
            }
        }
    }
    account(ctx, t, &[pc], out);
    true
}

/// Periods down, one column per category of one breakdown question: every count column's heading is a category
/// of the same question (a vote settles labels two vocabularies know). Returns false, touching nothing, for any
/// other table.
fn categories_across(ctx: &Ctx<'_>, t: &Table<'_>, shape: &Shape, pc: usize, out: &mut Out) -> bool {
    let headers: Vec<String> = shape.value_cols.iter().map(|&c| t.header(c)).collect();
    let kinds = ctx.classify_all(&headers, &super::classify::about(t));
    let question = match kinds.first() {
        Some(RowKind::Category(q, _)) => *q,
        _ => return false,
    };
    if !kinds.iter().all(|k| matches!(k, RowKind::Category(q, _) if *q == question)) {
        return false;
    }
    let mut col_parts: Vec<Parts> = shape.value_cols.iter().map(|_| Parts::default()).collect();
    for &r in &t.rows {
        let label = t.sheet.cell(r, pc).display();
        if row_is_total(t, r, Some(pc)) {
            for (i, &c) in shape.value_cols.iter().enumerate() {
                if let Some(Some(total)) = value_at(ctx, t, r, c, out) {
                    check_total(ctx, t, (r, c), &mut col_parts[i], total, ("column total", Some(question)), out);
                }
            }
            for &tc in &shape.total_cols {
                out.accounted.insert((r, tc));
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
        let mut row_parts = Parts::default();
        for (i, (&c, kind)) in shape.value_cols.iter().zip(&kinds).enumerate() {
            let subject = Subject::of(kind).expect("a category column");
            if let Some(value) = record(ctx, t, (r, c), subject, period, headers[i].clone(), out) {
                col_parts[i].push(value);
                row_parts.push(value);
            }
        }
        // A total column is the period's count as the breakdown adds it up: checked, never stored.
        for &tc in &shape.total_cols {
            if let Some(Some(total)) = value_at(ctx, t, r, tc, out) {
                check_total(ctx, t, (r, tc), &mut row_parts, total, ("row total", Some(question)), out);
            }
        }
    }
    account(ctx, t, &[pc], out);
    true
}

#[cfg(test)]
mod tests {
    use super::super::testing::{read, values};

    #[test]
    fn a_count_per_year_down_the_side() {
        let out = read(&[&["Year", "Offences"], &["2021/22", "4"], &["2022/23", "5"], &["2023/24", "6"]]);
        assert_eq!(out.layout, Some("years down"));
        let got: Vec<_> = values(&out).into_iter().map(|(q, y, _, v)| (q, y, v)).collect();
        assert_eq!(got, [(0, 2021, Some(4)), (0, 2022, Some(5)), (0, 2023, Some(6))]);
    }

    #[test]
    fn outcomes_across_the_top_are_a_breakdown_per_year() {
        let out = read(&[
            &["Year", "Charge/Summons", "Community resolution", "Total"],
            &["2022/23", "1", "2", "3"],
            &["2023/24", "4", "5", "9"],
        ]);
        assert_eq!(out.layout, Some("years down"));
        let got: Vec<_> = values(&out);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got.contains(&(2, 2023, "Community resolution".into(), Some(5))), "{got:?}");
        assert!(out.issues.is_empty(), "the totals add up");
    }
}
