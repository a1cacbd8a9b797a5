//! Months across the top: `Offence | Apr-21 | May-21 | … | Mar-24`, one row per category (or one count row).
//! Each row's months are summed into the request's years; a month cannot be split at 6 April, so under 6 April
//! years the sums are years from 1 April, and say so. A year with months missing is flagged.

use std::collections::BTreeMap;

use chrono::Datelike;
use foi_model::{PeriodBasis, ProblemKind, SourceRef};

use super::{account, label_at, row_is_total, value_at, Ctx, Issue, Out, RawObs, RowKind, Shape, Subject};
use crate::tables::Table;
use crate::values::{parse_date_text, parse_month_text, PeriodLabel};

/// Columns headed by a month ("Apr-21", "April 2021", "01/04/2021").
fn month_columns(t: &Table<'_>, shape: &Shape) -> Vec<(usize, chrono::NaiveDate)> {
    shape
        .value_cols
        .iter()
        .filter_map(|&c| {
            let h = t.header(c);
            parse_month_text(&h).or_else(|| parse_date_text(&h).filter(|d| d.day() == 1)).map(|d| (c, d))
        })
        .collect()
}

pub(super) fn detect(ctx: &Ctx<'_>, t: &Table<'_>, shape: &Shape, out: &mut Out) -> bool {
    let months = month_columns(t, shape);
    if months.len() < 3 || months.len() * 2 < shape.value_cols.len() || !shape.header_periods.is_empty() {
        return false;
    }
    let basis = match ctx.campaign.basis() {
        PeriodBasis::FyApr6 => PeriodBasis::FyApr1,
        b => b,
    };
    let asked: Vec<i32> =
        ctx.campaign.periods.labels.iter().filter_map(|l| foi_model::Period::start_year_of_label(l)).collect();
    let label_col = shape.label_col;
    let about = super::classify::about(t);
    let labels: Vec<String> = t.rows.iter().map(|&r| label_at(t, r, label_col)).collect();
    let kinds: Vec<RowKind> = t
        .rows
        .iter()
        .zip(ctx.classify_all(&labels, &about))
        .map(|(&r, k)| if row_is_total(t, r, label_col) { RowKind::Total } else { k })
        .collect();
    let others = kinds.iter().filter(|k| matches!(k, RowKind::Other)).count();
    let count = ctx.count_question();
    for ((&r, kind), label) in t.rows.iter().zip(&kinds).zip(&labels) {
        let subject = match kind {
            RowKind::Total => {
                // A total row adds nothing its rows do not give: set aside.
                for c in 0..t.sheet.rows[r].len() {
                    out.accounted.insert((r, c));
                }
                continue;
            }
            RowKind::Category(..) => Subject::of(kind).expect("a category row"),
            // The one row no vocabulary knows, in a table of no categories, is the count.
            RowKind::Other if others == 1 && kinds.iter().all(|k| !matches!(k, RowKind::Category(..))) => {
                Subject { question: count, category: None }
            }
            RowKind::Other => {
                let i = out.issue_at(
                    ctx,
                    t,
                    (r, label_col.unwrap_or(0)),
                    ProblemKind::UnmappedLabel,
                    format!("row {label:?} matches no {}; not read", ctx.vocabulary_names()),
                );
                i.label = Some(label.clone()).filter(|l| !l.trim().is_empty());
                continue;
            }
        };
        // start year → (sum, withheld months, months seen, first column, last column)
        let mut years: BTreeMap<i32, (i64, usize, usize, usize, usize)> = BTreeMap::new();
        for &(c, month) in &months {
            let year = basis.start_year_of(month);
            if !asked.contains(&year) {
                out.accounted.insert((r, c));
                continue;
            }
            let Some(value) = value_at(ctx, t, r, c, out) else { continue };
            let e = years.entry(year).or_insert((0, 0, 0, c, c));
            match value {
                Some(v) => e.0 = e.0.saturating_add(v),
                None => e.1 += 1,
            }
            e.2 += 1;
            e.4 = c;
        }
        for &tc in &shape.total_cols {
            out.accounted.insert((r, tc));
        }
        for (year, (sum, withheld, seen, first, last)) in years {
            let (sheet, a) = t.sheet.locate(r, first);
            let (_, b) = t.sheet.locate(r, last);
            let source = SourceRef { file: ctx.file.to_string(), sheet, cell: format!("{a}:{b}") };
            if seen != 12 {
                out.issues.push(
                    Issue::new(
                        ProblemKind::MissingAnswer,
                        source.clone(),
                        format!(
                            "{seen} of 12 months given for the year from {year} ({label:?}); its sum is not the year's"
                        ),
                    )
                    .about(subject.question),
                );
                continue;
            }
            out.obs.push(RawObs {
                question: subject.question,
                period: PeriodLabel { start_year: year, basis: Some(basis), calendar: false, whole_request: false },
                category: subject.category.clone(),
                label: if subject.category.is_some() { label.clone() } else { format!("sum of 12 months ({label})") },
                value: (withheld == 0).then_some(sum),
                source,
                counted_from_rows: false,
                from_total: false,
            });
        }
    }
    account(ctx, t, &label_col.into_iter().collect::<Vec<_>>(), out);
    true
}

#[cfg(test)]
mod tests {
    use super::super::testing::{read, values};

    #[test]
    fn months_across_are_summed_into_april_years() {
        let months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"];
        let mut header = vec![String::new()];
        let mut counts = vec!["Offences".to_string()];
        for (y, fy) in [(21, 1), (22, 2), (23, 3)] {
            for (i, m) in months.iter().enumerate() {
                header.push(format!("{m}-{}", if i < 9 { y } else { y + 1 }));
                counts.push(fy.to_string());
            }
        }
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let counts: Vec<&str> = counts.iter().map(String::as_str).collect();
        let out = read(&[&header, &counts]);
        assert_eq!(out.layout, Some("months across"));
        let got: Vec<_> = values(&out).into_iter().filter(|o| o.0 == 0).map(|(_, y, _, v)| (y, v)).collect();
        assert_eq!(got, [(2021, Some(12)), (2022, Some(24)), (2023, Some(36))]);
        assert!(out.obs.iter().all(|o| o.period.basis == Some(foi_model::PeriodBasis::FyApr1)), "1 April years");
    }
}
