//! Reading a range a journalist declared in corrections.toml (`[[table]]`): which question it answers and which
//! way its categories run are given, so only the table's structure is left to find. The steps are explicit:
//! turn the range so that categories run down the rows, take the header rows (no counts in them) and the label
//! columns (no counts in them), fill group labels down and merged headings across, then read every value cell
//! under its row's category and its column's period. Cells that share a category and a period (quarters of a
//! year, months) are summed; total and subtotal rows are checked against their parts and never stored.

use std::collections::BTreeMap;

use foi_model::{Orientation, ProblemKind, SourceRef};

use crate::grid::{Cell, Sheet};
use crate::interpret::{Ctx, Out, Parts, RawObs};
use crate::issue::Issue;
use crate::tables::Table;
use crate::values::{is_total_label, parse_period, read_value, PeriodLabel, Value};

/// A declared range, in sheet positions (inclusive).
#[derive(Debug, Clone, Copy)]
pub struct Range {
    pub first: (usize, usize),
    pub last: (usize, usize),
}

/// Read `range` of `sheet` as the answer to the campaign question with index `qi`.
pub fn read(
    ctx: &Ctx<'_>,
    sheet: &Sheet,
    range: Range,
    qi: usize,
    orientation: Orientation,
    period: Option<&str>,
) -> Out {
    let question = &ctx.campaign.questions[qi];
    let count_question = question.is_count();
    let mut out = Out::default();
    let table = Table { sheet, header_row: None, rows: (range.first.0..=range.last.0).collect(), context: Vec::new() };
    // Positions of the turned grid: m[i][j] is the sheet cell at pos[i][j].
    let (h, w) = (range.last.0 - range.first.0 + 1, range.last.1 - range.first.1 + 1);
    let (rows, cols) = match orientation {
        Orientation::Down => (h, w),
        Orientation::Across => (w, h),
    };
    let pos = |i: usize, j: usize| -> (usize, usize) {
        match orientation {
            Orientation::Down => (range.first.0 + i, range.first.1 + j),
            Orientation::Across => (range.first.0 + j, range.first.1 + i),
        }
    };
    let cell = |i: usize, j: usize| -> &Cell {
        let (r, c) = pos(i, j);
        merged_value(sheet, r, c)
    };
    let is_count = |c: &Cell| matches!(read_value(c), Value::Count(_) | Value::Suppressed(_) | Value::Dash);
    let is_year_number = |c: &Cell| matches!(c, Cell::Number(n) if (1990.0..2100.0).contains(n) && n.fract() == 0.0);

    // Header rows: the leading rows with no counts (years typed as numbers are headings).
    let header_rows =
        (0..rows).take_while(|&i| !(0..cols).any(|j| is_count(cell(i, j)) && !is_year_number(cell(i, j)))).count();
    if header_rows >= rows {
        out.issues.push(declared_issue(ctx, &table, pos(0, 0), "the declared range holds no counts"));
        return out;
    }
    // Label columns: the leading columns with no counts in the data rows (a first column of years is labels).
    let label_cols = (0..cols)
        .take_while(|&j| {
            (header_rows..rows).all(|i| {
                let c = cell(i, j);
                !is_count(c) || (j == 0 && is_year_number(c))
            })
        })
        .count();
    if label_cols == 0 || label_cols >= cols {
        out.issues.push(declared_issue(
            ctx,
            &table,
            pos(header_rows, 0),
            "cannot tell the label columns from the value columns in the declared range (is the orientation right?)",
        ));
        return out;
    }

    // Headings of value columns: header rows joined, blanks in upper rows filled from the left (merged years).
    let mut heads: Vec<String> = vec![String::new(); cols];
    for i in 0..header_rows {
        let mut carry = String::new();
        for (j, head) in heads.iter_mut().enumerate().skip(label_cols) {
            let text = cell(i, j).display();
            let text = if text.is_empty() && i + 1 < header_rows { carry.clone() } else { text };
            if !text.is_empty() {
                carry = text.clone();
                if !head.is_empty() {
                    head.push(' ');
                }
                head.push_str(&text);
            }
        }
    }
    // Labels of data rows: group columns filled down (never from a total), the last label column as written.
    let mut labels: Vec<Vec<String>> = Vec::new();
    let mut above: Vec<String> = vec![String::new(); label_cols];
    for i in header_rows..rows {
        let mut row = Vec::with_capacity(label_cols);
        let row_blank = (0..label_cols).all(|j| cell(i, j).display().is_empty());
        for (j, carried) in above.iter_mut().enumerate() {
            let text = cell(i, j).display();
            if !text.is_empty() {
                *carried = if is_total_label(&text) { String::new() } else { text.clone() };
                row.push(text);
            } else if j + 1 < label_cols && !row_blank {
                row.push(carried.clone());
            } else {
                row.push(String::new());
            }
        }
        labels.push(row);
    }

    let kind = qi;
    let total_cols: Vec<usize> = (label_cols..cols).filter(|&j| is_total_label(&heads[j])).collect();
    let value_cols: Vec<usize> = (label_cols..cols).filter(|j| !total_cols.contains(j)).collect();
    let fixed_period = period.and_then(parse_period).or_else(|| match question.periods.as_slice() {
        [only] => parse_period(only),
        _ => None,
    });

    // (category key, period start year) → summed cells
    struct Sum {
        label: String,
        subject: crate::interpret::Subject,
        period: PeriodLabel,
        value: Option<i64>,
        suppressed: usize,
        cells: Vec<(usize, usize)>,
    }
    let mut sums: BTreeMap<(usize, i32), Sum> = BTreeMap::new();
    let mut order = 0usize;
    let mut keys: BTreeMap<String, usize> = BTreeMap::new();
    // Data rows' sums and total rows, in order: totals are checked once every row is read.
    enum RowValue {
        Part(Option<i64>),
        Total(i64, (usize, usize)),
    }
    let mut rows_in_order: Vec<RowValue> = Vec::new();

    for (k, i) in (header_rows..rows).enumerate() {
        let row_labels = &labels[k];
        let has_values = (label_cols..cols).any(|j| !cell(i, j).is_empty());
        if !has_values {
            continue;
        }
        let is_total = row_labels.iter().any(|l| is_total_label(l));
        let last_label = row_labels.iter().rev().find(|l| !l.is_empty()).cloned().unwrap_or_default();
        if is_total {
            // Checked against the parts (since the last total, else all), never stored.
            let mut row_sum: Option<i64> = Some(0);
            for &j in &value_cols {
                let (r, c) = pos(i, j);
                match value_at(ctx, &table, (r, c), &mut out) {
                    Some(Some(v)) => row_sum = row_sum.map(|s| s.saturating_add(v)),
                    _ => row_sum = None,
                }
            }
            for &j in &total_cols {
                out.accounted.insert(pos(i, j));
            }
            if let Some(total) = row_sum {
                rows_in_order.push(RowValue::Total(total, pos(i, label_cols)));
            }
            continue;
        }
        // What the row counts, and for a yearly count, which year.
        let (subject, row_period) = match count_question {
            true => {
                let text = row_labels.join(" ");
                match parse_period(&text) {
                    Some(p) => (crate::interpret::Subject { question: qi, category: None }, Some(p)),
                    None => {
                        out.issues.push(
                            Issue::new(
                                ProblemKind::UnknownPeriod,
                                src(ctx, sheet, pos(i, 0)),
                                format!("{text:?} is not a period; row of the declared table not read"),
                            )
                            .blocking()
                            .about(kind)
                            .region(Some(region(ctx, &table, pos(i, 0)))),
                        );
                        continue;
                    }
                }
            }
            false => {
                if last_label.trim().is_empty() {
                    out.issues.push(
                        Issue::new(
                            ProblemKind::Inconsistent,
                            src(ctx, sheet, pos(i, label_cols)),
                            "a row of counts with a blank label in the declared table; not stored",
                        )
                        .about(kind)
                        .region(Some(region(ctx, &table, pos(i, label_cols)))),
                    );
                    for j in label_cols..cols {
                        out.accounted.insert(pos(i, j));
                    }
                    continue;
                }
                let context: Vec<&String> = row_labels.iter().filter(|l| !l.is_empty()).collect();
                (subject_of(ctx, kind, &last_label, &context, &table, pos(i, label_cols - 1), &mut out), None)
            }
        };
        let key_text = if count_question { String::new() } else { row_labels.join("\u{1f}") };
        let key = *keys.entry(key_text).or_insert_with(|| {
            order += 1;
            order
        });
        let mut row_parts = Parts::default();
        let mut row_sum: Option<i64> = Some(0);
        for &j in &value_cols {
            let Some(period) = row_period.or_else(|| parse_period(&heads[j])).or(fixed_period) else {
                out.issues.push(
                    Issue::new(
                        ProblemKind::UnknownPeriod,
                        src(ctx, sheet, pos(0, j)),
                        format!(
                            "cannot tell which year the column {:?} of the declared table covers; give `period`",
                            heads[j]
                        ),
                    )
                    .blocking()
                    .about(kind),
                );
                out.accounted.insert(pos(i, j));
                continue;
            };
            let (r, c) = pos(i, j);
            let Some(v) = value_at(ctx, &table, (r, c), &mut out) else { continue };
            row_parts.push(v);
            row_sum = match (row_sum, v) {
                (Some(s), Some(v)) => Some(s.saturating_add(v)),
                _ => None,
            };
            let e = sums.entry((key, period.start_year)).or_insert_with(|| Sum {
                label: if count_question { row_labels.join(" ").trim().to_string() } else { last_label.clone() },
                subject: subject.clone(),
                period,
                value: Some(0),
                suppressed: 0,
                cells: Vec::new(),
            });
            match v {
                Some(v) => e.value = e.value.map(|s| s.saturating_add(v)),
                None => e.suppressed += 1,
            }
            e.cells.push((r, c));
        }
        rows_in_order.push(RowValue::Part(row_sum));
        for &j in &total_cols {
            if let Some(Some(total)) = value_at(ctx, &table, pos(i, j), &mut out) {
                if let Some(msg) = row_parts.check(total, "row total") {
                    out.issues.push(
                        Issue::new(ProblemKind::TotalMismatch, src(ctx, sheet, pos(i, j)), msg)
                            .about(kind)
                            .region(Some(region(ctx, &table, pos(i, j)))),
                    );
                }
            }
        }
    }
    let mut parts = Parts::default();
    for row in rows_in_order {
        match row {
            RowValue::Part(v) => parts.push(v),
            RowValue::Total(total, at) => {
                if let Some(msg) = parts.check(total, "declared table total") {
                    out.issues.push(
                        Issue::new(ProblemKind::TotalMismatch, src(ctx, sheet, at), msg)
                            .about(kind)
                            .region(Some(region(ctx, &table, at))),
                    );
                }
            }
        }
    }
    for (_, s) in sums {
        let value = if s.suppressed > 0 { None } else { s.value };
        for part in s.cells.iter().filter(|_| s.suppressed > 0 && s.cells.len() > 1).take(1) {
            out.issues.push(
                Issue::new(
                    ProblemKind::BadValue,
                    src(ctx, sheet, *part),
                    format!(
                        "{} of the {} cells summed for {:?} are withheld: the sum is stored as withheld",
                        s.suppressed,
                        s.cells.len(),
                        s.label
                    ),
                )
                .note()
                .about(kind),
            );
        }
        let first = s.cells[0];
        let last = *s.cells.last().expect("a sum has cells");
        let mut source = src(ctx, sheet, first);
        if s.cells.len() > 1 {
            source.cell = format!("{}:{}", source.cell, sheet.locate(last.0, last.1).1);
        }
        out.obs.push(RawObs {
            question: qi,
            period: s.period,
            category: s.subject.category,
            label: s.label,
            value,
            source,
            counted_from_rows: false,
            from_total: false,
        });
    }
    out
}

/// The value of a merged cell is in its top-left cell: every cell of the merge reads it.
fn merged_value(sheet: &Sheet, r: usize, c: usize) -> &Cell {
    match sheet.merge_at(r, c) {
        Some(m) => sheet.cell(m.first.0, m.first.1),
        None => sheet.cell(r, c),
    }
}

fn value_at(ctx: &Ctx<'_>, t: &Table<'_>, (r, c): (usize, usize), out: &mut Out) -> Option<Option<i64>> {
    crate::interpret::value_at(ctx, t, r, c, out)
}

fn src(ctx: &Ctx<'_>, sheet: &Sheet, (r, c): (usize, usize)) -> SourceRef {
    let (s, cell) = sheet.locate(r, c);
    SourceRef { file: ctx.file.to_string(), sheet: s, cell }
}

fn region(_ctx: &Ctx<'_>, t: &Table<'_>, at: (usize, usize)) -> foi_model::Region {
    let top = t.rows[0];
    let bottom = *t.rows.last().unwrap_or(&top);
    crate::issue::region(t.sheet, (top, bottom), t.width(), &[at])
}

fn declared_issue(ctx: &Ctx<'_>, t: &Table<'_>, at: (usize, usize), message: &str) -> Issue {
    Issue::new(ProblemKind::UnrecognisedTable, src(ctx, t.sheet, at), message).region(Some(region(ctx, t, at)))
}

/// The subject of a breakdown row: its label mapped (by hand or by the vocabulary), else with the group label
/// beside it ("Violence against the person - Harassment"), else kept in its own words as a blocking problem.
fn subject_of(
    ctx: &Ctx<'_>,
    qi: usize,
    label: &str,
    context: &[&String],
    t: &Table<'_>,
    at: (usize, usize),
    out: &mut Out,
) -> crate::interpret::Subject {
    let Some(v) = ctx.campaign.vocabulary_of(&ctx.campaign.questions[qi]) else {
        return crate::interpret::Subject { question: qi, category: None };
    };
    let with_group = context.len() > 1;
    let m = ctx.match_in(v, label).or_else(|| {
        with_group.then(|| ctx.match_in(v, &format!("{} - {label}", context[context.len() - 2]))).flatten()
    });
    if m.is_none() {
        out.issues.push(unmapped(ctx, t, at, label, &v.noun, qi));
    }
    crate::interpret::Subject { question: qi, category: m }
}

fn unmapped(ctx: &Ctx<'_>, t: &Table<'_>, at: (usize, usize), label: &str, what: &str, qi: usize) -> Issue {
    Issue::new(
        ProblemKind::UnmappedLabel,
        src(ctx, t.sheet, at),
        format!("{label:?} matches no {what} in the reference; kept with its own words"),
    )
    .label(label)
    .about(qi)
    .region(Some(region(ctx, t, at)))
}
