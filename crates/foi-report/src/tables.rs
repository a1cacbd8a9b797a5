//! The release's chart and tables: the lead count by period, a ranked table for each breakdown, and the
//! highlight table of a vocabulary that declares highlights.

use foi_analysis::{Breakdown, Figure, FigureKind, ForceFigures};
use foi_model::{Campaign, TableStyle, Vocabulary};

use crate::data::{Bar, Chart, Table, TableRow};
use crate::format::{self, capitalise};
use crate::sources::{number_runs, RowGroup};
use crate::story::force_title;

/// A count, withheld or missing value as a table or chart prints it.
pub(crate) fn value_cell(value: Option<i64>, suppressed: bool) -> String {
    match (value, suppressed) {
        (Some(v), true) => format!("at least {}", format::thousands(v)),
        (Some(v), false) => format::thousands(v),
        (None, true) => "withheld".to_string(),
        (None, false) => "not given".to_string(),
    }
}

pub(crate) fn chart(f: &ForceFigures, subject: &str) -> Option<Chart> {
    if f.years.iter().all(|y| y.value.is_none()) {
        return None;
    }
    let max = f.years.iter().filter_map(|y| y.value).max().unwrap_or(0).max(0);
    let bars = f
        .years
        .iter()
        .map(|y| Bar {
            period: y.period.clone(),
            value_text: value_cell(y.value, y.suppressed),
            fraction: match y.value {
                Some(v) if max > 0 => (v.max(0) as f64) / (max as f64),
                _ => 0.0,
            },
            missing: y.value.is_none(),
            value: y.value,
            lower_bound: y.value.is_some() && y.suppressed,
        })
        .collect::<Vec<_>>();
    let note =
        f.years.iter().any(|y| y.suppressed).then(|| {
            "“At least”: the force withheld part of the count; “withheld”: it withheld all of it.".to_string()
        });
    Some(Chart { title: format!("{} recorded by {}, by year", capitalise(subject), force_title(f)), bars, note })
}

/// A breakdown's rows in the order its table prints them (largest first; withheld and missing values last, in the
/// figures' order), as indexes into `b.rows`: row `i` is the figure `Row { index: i + 1 }`.
fn row_order(b: &Breakdown) -> Vec<usize> {
    let mut order: Vec<usize> = (0..b.rows.len()).collect();
    order.sort_by_key(|&i| (b.rows[i].value.is_none(), std::cmp::Reverse(b.rows[i].value.unwrap_or(0))));
    order
}

fn title(v: &Vocabulary, period: &str) -> String {
    match &v.words.table_title {
        Some(t) => t.replace("{period}", period),
        None => format!("{}, {period}", capitalise(&v.plural)),
    }
}

fn column(v: &Vocabulary) -> String {
    v.words.column.clone().unwrap_or_else(|| capitalise(&v.noun))
}

/// A breakdown's rows, largest first.
pub(crate) fn ranked_table(v: &Vocabulary, b: &Breakdown) -> Option<Table> {
    if b.rows.is_empty() {
        return None;
    }
    let rows: Vec<_> = row_order(b).into_iter().map(|i| &b.rows[i]).collect();
    let any_withheld = rows.iter().any(|r| r.suppressed);
    // A group column only when the vocabulary's groups say more than its entries.
    let grouped = v.entries.iter().any(|e| v.group_label(&e.group) != e.description);
    let mut columns = vec![column(v)];
    if grouped {
        columns.push("Group".into());
    }
    columns.push(b.period.clone());
    Some(Table {
        title: title(v, &b.period),
        columns,
        rows: rows
            .into_iter()
            .map(|r| {
                let mut cells = vec![r.label.clone()];
                if grouped {
                    cells.push(r.group_label.clone());
                }
                cells.push(value_cell(r.value, r.suppressed));
                TableRow { cells, level: 0 }
            })
            .collect(),
        note: any_withheld.then(|| "“Withheld”: the force withheld a small number to protect identities.".to_string()),
    })
}

/// The table of a vocabulary's highlights, a part under its parent.
pub(crate) fn highlight_table(v: &Vocabulary, b: &Breakdown, f: &ForceFigures) -> Option<Table> {
    let rows: Vec<TableRow> = v
        .highlights
        .iter()
        .filter_map(|h| {
            let x = f.highlight(&v.name, &h.id)?;
            Some(TableRow {
                cells: vec![h.row.clone(), format::figure(x).unwrap_or_else(|| "withheld".into())],
                level: u8::from(h.parent.is_some()),
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(Table {
        title: title(v, &b.period),
        columns: vec![column(v), b.period.clone()],
        rows,
        note: v.words.table_note.clone(),
    })
}

/// The local section's tables: the first table of highlights beside the chart, the others below.
pub(crate) fn tables(campaign: &Campaign, f: &ForceFigures) -> (Option<Table>, Vec<Table>) {
    let mut side = None;
    let mut ranked = Vec::new();
    for b in &f.breakdowns {
        let Some(v) = campaign.vocabulary(&b.vocabulary) else { continue };
        if v.table_style() == TableStyle::Ranked {
            ranked.extend(ranked_table(v, b));
        } else if side.is_none() {
            side = highlight_table(v, b, f);
        } else {
            ranked.extend(highlight_table(v, b, f));
        }
    }
    (side, ranked)
}

/// Each ranked table's figures (one per row) as one row of the sources appendix, listed in the table's order.
pub(crate) fn row_groups(f: &ForceFigures) -> Vec<RowGroup> {
    let mut out = Vec::new();
    for b in &f.breakdowns {
        let members: Vec<(usize, &Figure)> = row_order(b)
            .into_iter()
            .filter_map(|i| {
                f.figure(&FigureKind::Row { vocabulary: b.vocabulary.clone(), index: i + 1 }).map(|x| (i, x))
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        let numbers: Vec<usize> = members.iter().map(|(i, _)| i + 1).collect();
        out.push(RowGroup {
            ids: members.iter().map(|(_, x)| x.id.clone()).collect(),
            id_text: format!("{}.{}", b.vocabulary, number_runs(&numbers)),
            what: format!("the {} table's rows", b.vocabulary),
            values: members
                .iter()
                .map(|(i, x)| {
                    let r = &b.rows[*i];
                    format::figure(x).unwrap_or_else(|| value_cell(r.value, r.suppressed))
                })
                .collect(),
        });
    }
    out
}
