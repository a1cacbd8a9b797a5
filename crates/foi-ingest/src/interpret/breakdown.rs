//! One value column of counts by the categories of a breakdown question (offences, outcomes, age groups …).

use foi_model::ProblemKind;

use super::{account, check_total, label_at, record, row_is_total, value_at, Ctx, Out, Parts, RowKind, Shape, Subject};
use crate::tables::Table;
use crate::values::{parse_period, PeriodLabel};

/// The period a one-column breakdown speaks of: its value header, its label header, the headings above it,
/// the sheet's name, or else the one period the question asked about.
fn breakdown_period(ctx: &Ctx<'_>, t: &Table<'_>, label_col: usize, vc: usize, question: usize) -> Option<PeriodLabel> {
    let candidates = std::iter::once(t.header(vc))
        .chain(std::iter::once(t.header(label_col)))
        .chain(t.context.iter().rev().cloned())
        .chain(std::iter::once(t.sheet.name.clone()));
    for text in candidates {
        if let Some(p) = parse_period(&text) {
            return Some(p);
        }
    }
    match ctx.campaign.questions[question].periods.as_slice() {
        [only] => parse_period(only),
        _ => None,
    }
}

pub(super) fn detect(ctx: &Ctx<'_>, t: &Table<'_>, shape: &Shape, out: &mut Out) -> bool {
    if shape.value_cols.len() != 1 || shape.period_col.is_some_and(|pc| shape.first_value.is_some_and(|fv| pc < fv)) {
        return false;
    }
    let vc = shape.value_cols[0];
    let Some(lc) = shape.label_col else {
        out.issue_at(ctx, t, (t.rows[0], vc), ProblemKind::UnrecognisedTable, "counts without labels; not read");
        return true;
    };
    let about = super::classify::about(t);
    let labels: Vec<String> = t.rows.iter().map(|&r| label_at(t, r, Some(lc))).collect();
    let kinds: Vec<(usize, RowKind)> = t
        .rows
        .iter()
        .zip(ctx.classify_all(&labels, &about))
        .map(|(&r, kind)| (r, if row_is_total(t, r, Some(lc)) { RowKind::Total } else { kind }))
        .collect();
    // The question most rows belong to (the first asked, on a tie), else the one the heading names.
    let only: Vec<RowKind> = kinds.iter().map(|(_, k)| k.clone()).collect();
    let Some(question) = ctx.dominant(&only, &about) else {
        out.issue_at(
            ctx,
            t,
            (t.header_row.unwrap_or(t.rows[0]), lc),
            ProblemKind::UnrecognisedTable,
            format!(
                "no row names a {} (first row: {:?}); not read",
                ctx.vocabulary_names(),
                label_at(t, t.rows[0], Some(lc))
            ),
        );
        return true;
    };
    let noun =
        ctx.campaign.vocabulary_of(&ctx.campaign.questions[question]).map(|v| v.noun.clone()).unwrap_or_default();
    let Some(period) = breakdown_period(ctx, t, lc, vc, question) else {
        out.issue_at(
            ctx,
            t,
            (t.header_row.unwrap_or(t.rows[0]), vc),
            ProblemKind::UnknownPeriod,
            "cannot tell which year this breakdown covers; not read",
        )
        .severity = foi_model::Severity::Blocking;
        return true;
    };
    let mut parts = Parts::default();
    for (r, rk) in kinds {
        let label = label_at(t, r, Some(lc));
        let subject = match &rk {
            RowKind::Total => {
                if let Some(Some(total)) = value_at(ctx, t, r, vc, out) {
                    check_total(ctx, t, (r, vc), &mut parts, total, ("breakdown total", Some(question)), out);
                }
                continue;
            }
            RowKind::Category(q, _) if *q == question => Subject::of(&rk).expect("a category row"),
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
                i.question = Some(question);
                continue;
            }
            _ => {
                let i = out.issue_at(
                    ctx,
                    t,
                    (r, lc),
                    ProblemKind::UnmappedLabel,
                    format!("{label:?} matches no {noun} in the reference; kept with its own words"),
                );
                i.label = Some(label.clone());
                i.question = Some(question);
                Subject { question, category: None }
            }
        };
        if let Some(value) = record(ctx, t, (r, vc), subject, period, label, out) {
            parts.push(value);
        }
    }
    account(ctx, t, &[lc], out);
    true
}

#[cfg(test)]
mod tests {
    use super::super::testing::{read, values};

    #[test]
    fn offences_down_the_side_with_a_total_row() {
        let out = read(&[&["Offence", "Count"], &["Harassment", "4"], &["Stalking", "2"], &["Total", "6"]]);
        assert_eq!(out.layout, Some("breakdown"));
        let got: Vec<_> = values(&out).into_iter().filter(|o| o.0 == 1).map(|(_, _, l, v)| (l, v)).collect();
        assert_eq!(got, [("Harassment".to_string(), Some(4)), ("Stalking".to_string(), Some(2))]);
        assert!(!out.issues.iter().any(|i| i.kind == foi_model::ProblemKind::TotalMismatch));
    }

    #[test]
    fn a_total_the_rows_do_not_make_is_a_mismatch() {
        let out = read(&[&["Offence", "Count"], &["Harassment", "4"], &["Stalking", "2"], &["Total", "7"]]);
        assert!(out.issues.iter().any(|i| i.kind == foi_model::ProblemKind::TotalMismatch));
    }
}
