//! Rows with a date: a list of crimes (counted into the request's years, by each breakdown's categories), or
//! counts by day or month beside a count column (summed into years).

use std::collections::BTreeMap;

use chrono::Datelike;
use foi_model::{ProblemKind, SourceRef};

use super::{account, normalise, row_is_total, value_at, Ctx, Issue, Out, RawObs, Shape};
use crate::tables::Table;
use crate::values::{cell_date, PeriodLabel};

/// The heading of a column of counts ("Offences", "Number of crimes", "Count"), as opposed to a code or a
/// reference number that happens to be numeric ("Crime Ref", "Occurrence Number", "URN").
fn is_count_heading(h: &str) -> bool {
    let n = normalise(h);
    let words: Vec<&str> = n.split(' ').filter(|w| !w.is_empty()).collect();
    let counts = ["count", "number", "offences", "crimes", "total", "volume", "recorded"];
    let identifies = ["code", "ref", "reference", "id", "urn", "occurrence", "incident", "case", "log"];
    // "Crime Number", "Occurrence No": a thing's number names it; "Number of crimes", "Total number" count.
    let names_one = matches!(words.as_slice(), [.., before, "number" | "no"] if *before != "total");
    words.iter().any(|w| counts.contains(w)) && !words.iter().any(|w| identifies.contains(w)) && !names_one
}

/// Values no count of crimes by day or month reaches: a column of them is reference numbers, not counts.
const NOT_A_DAILY_COUNT: i64 = 1_000_000;

pub(super) fn detect(ctx: &Ctx<'_>, t: &Table<'_>, shape: &Shape, out: &mut Out) -> bool {
    let Some(date_col) = shape.date_col else { return false };
    let n_rows = t.rows.len();
    // Dates beside a column of counts are counts by day or month, not a list of crimes.
    match (0..shape.width).find(|&c| {
        c != date_col && shape.stats[c].values * 10 >= n_rows * 6 && is_count_heading(&t.header(c)) && !all_huge(t, c)
    }) {
        Some(count_col) => {
            dated_counts(ctx, t, date_col, count_col, out);
            account(ctx, t, &[date_col], out);
        }
        None => super::row_level::read(ctx, t, super::row_level::When::Date(date_col), shape, out),
    }
    true
}

/// Every number in the column is at least [`NOT_A_DAILY_COUNT`].
fn all_huge(t: &Table<'_>, c: usize) -> bool {
    let mut numbers = t
        .rows
        .iter()
        .filter_map(|&r| match crate::values::read_value(t.sheet.cell(r, c)) {
            crate::values::Value::Count(v) => Some(v),
            _ => None,
        })
        .peekable();
    numbers.peek().is_some() && numbers.all(|v| v >= NOT_A_DAILY_COUNT)
}

/// Counts by day or month (`Month | Offences`): summed into the request's years. Months cannot be split at
/// 6 April, so monthly figures make 1 April years under a 6 April request, and say so through the basis.
fn dated_counts(ctx: &Ctx<'_>, t: &Table<'_>, date_col: usize, count_col: usize, out: &mut Out) {
    let monthly = t.rows.iter().filter_map(|&r| cell_date(t.sheet.cell(r, date_col))).all(|d| d.day0() == 0);
    let basis = match ctx.campaign.basis() {
        foi_model::PeriodBasis::FyApr6 if monthly => foi_model::PeriodBasis::FyApr1,
        b => b,
    };
    let question = ctx.count_question();
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
                .about(question)
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
                .about(question)
                .region(reg),
            );
        }
        out.obs.push(RawObs {
            question,
            period: PeriodLabel {
                start_year: year,
                basis: Some(basis),
                calendar: basis == foi_model::PeriodBasis::Calendar,
                whole_request: false,
            },
            category: None,
            label: format!("sum of {} {} rows", seen, if monthly { "monthly" } else { "dated" }),
            value: (suppressed == 0).then_some(sum),
            source,
            counted_from_rows: false,
            from_total: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::is_count_heading;

    #[test]
    fn a_things_number_names_it_and_a_number_of_things_counts_them() {
        for count in ["Offences", "Number of crimes", "Count", "Total number", "No. of offences", "Number"] {
            assert!(is_count_heading(count), "{count}");
        }
        for id in ["Occurrence Number", "Crime Number", "Crime Ref", "URN", "Incident No", "Offence code"] {
            assert!(!is_count_heading(id), "{id}");
        }
    }
}
