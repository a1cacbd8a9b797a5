//! `Financial Year | Measure | Category | Count`: one figure per row, its subject in the text columns between the
//! period and the count.

use foi_model::ProblemKind;

use super::{account, record, Ctx, Out, Shape, Subject};
use crate::tables::Table;
use crate::values::{is_total_label, parse_period};

pub(super) fn detect(ctx: &Ctx<'_>, t: &Table<'_>, shape: &Shape, out: &mut Out) -> bool {
    let (Some(pc), Some(first_value)) = (shape.period_col, shape.first_value) else { return false };
    if pc > first_value {
        return false;
    }
    let text_cols: Vec<usize> = (pc + 1..first_value).filter(|&c| shape.stats[c].texts > 0).collect();
    if text_cols.is_empty() {
        return false;
    }
    let Some(&vc) = shape.value_cols.first().filter(|_| shape.value_cols.len() == 1) else {
        out.issue_at(
            ctx,
            t,
            (t.rows[0], pc),
            ProblemKind::UnrecognisedTable,
            "long table with several count columns; not read",
        );
        return true;
    };
    let count = ctx.count_question();
    let about = super::classify::about(t);
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
        let breakdown = labels.iter().find_map(|l| Subject::of(&ctx.classify(l, &about)).map(|s| (s, l.clone())));
        let found = breakdown.or_else(|| {
            labels.iter().any(|l| is_total_label(l) || ctx.mentions_platform(l)).then(|| {
                (
                    Subject { question: count, category: None },
                    labels.iter().rev().cloned().collect::<Vec<_>>().join(" / "),
                )
            })
        });
        let Some((subject, label)) = found else {
            let words = labels.join(" / ");
            let i = out.issue_at(
                ctx,
                t,
                (r, text_cols[text_cols.len() - 1]),
                ProblemKind::UnmappedLabel,
                format!("{words:?} matches no {}, nor a total; not read", ctx.vocabulary_names()),
            );
            i.label = labels.first().cloned();
            continue;
        };
        record(ctx, t, (r, vc), subject, period, label, out);
    }
    let mut label_cols = text_cols;
    label_cols.push(pc);
    account(ctx, t, &label_cols, out);
    true
}

#[cfg(test)]
mod tests {
    use super::super::testing::{read, values};

    #[test]
    fn one_row_per_year_and_offence() {
        let out = read(&[
            &["Year", "Offence", "Count"],
            &["2023/24", "Harassment", "4"],
            &["2023/24", "Stalking", "2"],
            &["2022/23", "Harassment", "1"],
        ]);
        assert_eq!(out.layout, Some("long table"));
        let got = values(&out);
        assert!(got.contains(&(1, 2023, "Harassment".into(), Some(4))), "{got:?}");
        assert!(got.contains(&(1, 2023, "Stalking".into(), Some(2))), "{got:?}");
    }
}
