//! Two breakdowns against each other and no period: `Outcome | Hospital A | Hospital B …`, one row per category
//! of one question and one column per category of another. Each cell counts crimes of its row's category and of
//! its column's, so it is stored under both questions (each question's figures add up to the table's whole).
//! The table names no period: it is read as covering the whole period of the request, which the force's own
//! count must then confirm (see `checks::whole_request`).

use foi_model::ProblemKind;

use super::{account, label_at, record, row_is_total, Ctx, Out, RowKind, Shape, Subject};
use crate::tables::Table;
use crate::values::PeriodLabel;

pub(super) fn detect(ctx: &Ctx<'_>, t: &Table<'_>, shape: &Shape, out: &mut Out) -> bool {
    if !shape.header_periods.is_empty()
        || shape.period_col.is_some()
        || shape.date_col.is_some()
        || shape.value_cols.len() < 2
        || t.header_row.is_none()
    {
        return false;
    }
    let Some(lc) = shape.label_col else { return false };
    let about = super::classify::about(t);
    let labels: Vec<String> = t.rows.iter().map(|&r| label_at(t, r, Some(lc))).collect();
    let kinds: Vec<RowKind> = t
        .rows
        .iter()
        .zip(ctx.classify_all(&labels, &about))
        .map(|(&r, kind)| if row_is_total(t, r, Some(lc)) { RowKind::Total } else { kind })
        .collect();
    let Some(row_q) = ctx.dominant(&kinds, &about) else { return false };
    // Most rows must be the row question's: a table of words with numbers beside is not a cross-tabulation.
    let known = kinds.iter().filter(|k| matches!(k, RowKind::Category(q, _) if *q == row_q)).count();
    if known * 2 < kinds.iter().filter(|k| !matches!(k, RowKind::Total)).count() {
        return false;
    }
    // Every column heading must be a category of one other breakdown question.
    let headers: Vec<String> = shape.value_cols.iter().map(|&c| t.header(c)).collect();
    let col_kinds = ctx.classify_all(&headers, &about);
    let col_q = match col_kinds.first() {
        Some(RowKind::Category(q, _)) if *q != row_q => *q,
        _ => return false,
    };
    if !col_kinds.iter().all(|k| matches!(k, RowKind::Category(q, _) if *q == col_q)) {
        return false;
    }
    let first = ctx.campaign.periods.labels.first().and_then(|l| foi_model::Period::start_year_of_label(l));
    let Some(start_year) = first else { return false };
    let period = PeriodLabel { start_year, basis: None, calendar: false, whole_request: true };
    let noun = |q: usize| {
        ctx.campaign.vocabulary_of(&ctx.campaign.questions[q]).map_or("category".to_string(), |v| v.noun.clone())
    };
    for ((&r, kind), label) in t.rows.iter().zip(&kinds).zip(&labels) {
        let row_subject = match kind {
            RowKind::Total => {
                // A total row or column of a cross-tabulation adds nothing the cells do not give.
                out.set_aside_row(t, r);
                continue;
            }
            RowKind::Category(..) => Subject::of(kind).expect("a category row"),
            RowKind::Other if label.trim().is_empty() => continue,
            RowKind::Other => {
                let i = out.issue_at(
                    ctx,
                    t,
                    (r, lc),
                    ProblemKind::UnmappedLabel,
                    format!("{label:?} matches no {} in the reference; kept with its own words", noun(row_q)),
                );
                i.label = Some(label.clone());
                i.question = Some(row_q);
                Subject { question: row_q, category: None }
            }
        };
        for (&c, col_kind) in shape.value_cols.iter().zip(&col_kinds) {
            let header = t.header(c);
            let before = out.obs.len();
            let row_label = format!("{} ({})", label.trim(), header.trim());
            record(ctx, t, (r, c), row_subject.clone(), period, row_label, out);
            if out.obs.len() > before {
                let mut by_column = out.obs[before].clone();
                let col_subject = Subject::of(col_kind).expect("checked to be a category");
                by_column.question = col_subject.question;
                by_column.category = col_subject.category;
                by_column.label = format!("{} ({})", header.trim(), label.trim());
                out.obs.push(by_column);
            }
        }
        for &tc in &shape.total_cols {
            out.accounted.insert((r, tc));
        }
    }
    account(ctx, t, &[lc], out);
    true
}
