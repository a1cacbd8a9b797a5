//! Years down the side: `Period | Offences` (one value column, or one per platform).

use foi_model::ProblemKind;

use super::{account, check_total, record, row_is_total, value_at, Ctx, Out, Parts, Shape, Subject};
use crate::tables::Table;
use crate::values::parse_period;

pub(super) fn detect(ctx: &Ctx<'_>, t: &Table<'_>, shape: &Shape, out: &mut Out) -> bool {
    let (Some(pc), Some(first_value)) = (shape.period_col, shape.first_value) else { return false };
    if pc > first_value {
        return false;
    }
    let count = ctx.count_question();
    if shape.value_cols.len() != 1 {
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
    let vc = shape.value_cols[0];
    let mut parts = Parts::default();
    let subject = Subject { question: count, category: None };
    for &r in &t.rows {
        let label = t.sheet.cell(r, pc).display();
        if row_is_total(t, r, Some(pc)) {
            if let Some(Some(total)) = value_at(ctx, t, r, vc, out) {
                check_total(ctx, t, (r, vc), &mut parts, total, ("yearly counts", Some(count)), out);
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
        if let Some(value) = record(ctx, t, (r, vc), subject.clone(), period, label, out) {
            parts.push(value);
            for &tc in &shape.total_cols {
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
