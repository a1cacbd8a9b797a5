//! A force's answer to a breakdown question, for the last period the question asks about: its rows in the
//! vocabulary's words, a figure per row (for ranked tables), and the vocabulary's highlights.

use foi_model::{CategoryMatch, Highlight, Level, MostOften, SourceRef, TableStyle, Vocabulary};
use foi_store::columns::*;
use polars::prelude::*;

use crate::ctx::{BreakdownQuestion, Ctx};
use crate::figures::*;
use crate::national::most_common_group;
use crate::query::{self, i64_col, is, str_col, YEAR_INDEX};
use crate::words::suppressed_note;
use crate::AnalysisError;

/// The force's breakdown for question `b`, with its figures pushed onto `out.figures`; `None` when the force
/// gave no rows for it.
pub(crate) fn breakdown(
    ctx: &Ctx,
    out: &mut ForceFigures,
    b: &BreakdownQuestion,
) -> Result<Option<Breakdown>, AnalysisError> {
    let measure = &b.question.measure;
    let target = &b.periods[b.periods.len() - 1];
    let mut rows = rows_of(ctx, &out.force, measure, &b.periods)?;
    // A force that gave this breakdown only for the whole request (a table naming no period, confirmed by its
    // own counts at ingest) is shown for that span, with no year's count as its base.
    let mut span = false;
    if rows.height() == 0 {
        rows = span_rows(ctx, &out.force, measure)?;
        span = true;
    }
    if rows.height() == 0 {
        return Ok(None);
    }
    let v = b.vocabulary;
    let withheld = count_withheld(&rows)?;
    let period = str_col(&rows, PERIOD)?.into_iter().flatten().next().unwrap_or_else(|| target.label.clone());
    // A span's rows are cells of a cross-tabulation: one row per category, each the sum of its cells.
    let (printed, sources) = if span { by_category(&rows)? } else { (rows.clone(), one_source_each(&rows)?) };
    let table = table_rows(v, &printed)?;
    let mut found = Breakdown {
        question: b.question.id.clone(),
        measure: measure.clone(),
        vocabulary: v.name.clone(),
        period: period.clone(),
        rows: table,
        highlights: Vec::new(),
        most_common_group: None,
        withheld: withheld as usize,
    };
    if v.table_style() == TableStyle::Ranked {
        // A ranked table: every row is a figure with its own cell.
        out.figures.extend(row_figures(v, &found.rows, &sources, measure, &period, span));
    }
    if !v.highlights.is_empty() {
        // The force's own count for the period the breakdown describes: a table adding up to it is complete.
        let year_count = ctx
            .periods
            .iter()
            .position(|p| p.label == target.label)
            .and_then(|i| out.years.get(i))
            .filter(|y| !y.suppressed && !span)
            .and_then(|y| y.value);
        found.highlights = highlights(v, &rows, measure, &period, year_count)?;
        out.figures.extend(found.highlights.iter().cloned());
    }
    if v.most_often == MostOften::Group {
        found.most_common_group = most_common_group(rows.lazy())?;
    }
    Ok(Some(found))
}

/// Rows largest first, withheld rows last, ties in the vocabulary's order and then by cell: the columns and
/// whether each is descending.
const LARGEST_FIRST: ([&str; 6], [bool; 6]) = (
    [VALUE, CATEGORY_GROUP, CATEGORY_SUBGROUP, CATEGORY_CODE, LABEL, SOURCE_CELL],
    [true, false, false, false, false, false],
);

fn largest_first_options() -> SortMultipleOptions {
    SortMultipleOptions::default()
        .with_order_descending_multi(LARGEST_FIRST.1)
        .with_nulls_last(true)
        .with_maintain_order(true)
}

/// [`LARGEST_FIRST`] as a query step.
fn largest_first(rows: LazyFrame) -> LazyFrame {
    rows.sort_by_exprs(LARGEST_FIRST.0.map(col), largest_first_options())
}

/// The force's rows of a measure for the last requested period, largest first (withheld rows last).
fn rows_of(ctx: &Ctx, force: &str, measure: &str, targets: &[foi_model::Period]) -> Result<DataFrame, AnalysisError> {
    let (rows, _) = ctx.aligned_of(measure, targets, force)?;
    let last = rows.column(YEAR_INDEX)?.i64()?.equal(targets.len() as i64 - 1);
    // Sorted as it stands, not through a query: see `Ctx::aligned_of`.
    Ok(rows.filter(&last)?.sort(LARGEST_FIRST.0, largest_first_options())?)
}

/// The force's rows of a measure that cover several years (the whole request), largest first.
fn span_rows(ctx: &Ctx, force: &str, measure: &str) -> Result<DataFrame, AnalysisError> {
    let days = col(PERIOD_END).cast(DataType::Int32) - col(PERIOD_START).cast(DataType::Int32);
    let rows = ctx
        .store
        .observations()?
        .filter(is(CAMPAIGN, ctx.slug()).and(is(FORCE, force)).and(is(MEASURE, measure)).and(days.gt(lit(370))));
    Ok(largest_first(rows).collect()?)
}

/// What a row is printed under: its category, or its own words when it has none.
const KEYS: [&str; 4] = [CATEGORY_GROUP, CATEGORY_SUBGROUP, CATEGORY_CODE, "own_words"];

fn own_words() -> Expr {
    when(col(CATEGORY_GROUP).is_null()).then(col(LABEL)).otherwise(lit(NULL).cast(DataType::String)).alias("own_words")
}

/// One row per category, its value the sum of its cells (withheld only when every cell is), largest first; and
/// the cells of each.
fn by_category(rows: &DataFrame) -> Result<(DataFrame, Vec<Vec<SourceRef>>), AnalysisError> {
    let keyed = rows.clone().lazy().with_column(own_words());
    let summed = keyed
        .clone()
        .group_by_stable(KEYS.map(col))
        .agg([
            col(LABEL).first(),
            col(PERIOD).first(),
            col(VALUE).sum().alias(VALUE),
            col(VALUE).count().alias("reported"),
        ])
        .with_columns([
            when(col("reported").gt(lit(0))).then(col(VALUE)).otherwise(lit(NULL).cast(DataType::Int64)).alias(VALUE),
            when(col("reported").gt(lit(0)))
                .then(lit(foi_model::ValueStatus::Reported.as_str()))
                .otherwise(lit(SUPPRESSED))
                .alias(VALUE_STATUS),
        ])
        .sort_by_exprs(
            [col(VALUE), col(CATEGORY_GROUP), col(LABEL)],
            SortMultipleOptions::default()
                .with_order_descending_multi([true, false, false])
                .with_nulls_last(true)
                .with_maintain_order(true),
        )
        .collect()?;
    let keys: Vec<Vec<Option<String>>> = KEYS.iter().map(|k| str_col(&summed, k)).collect::<Result<_, _>>()?;
    let mut sources = Vec::with_capacity(summed.height());
    for i in 0..summed.height() {
        let mut same = lit(true);
        for (k, values) in KEYS.iter().zip(&keys) {
            let v = match &values[i] {
                Some(x) => lit(x.clone()),
                None => lit(NULL).cast(DataType::String),
            };
            same = same.and(col(*k).eq_missing(v));
        }
        sources.push(query::sources(keyed.clone().filter(same))?);
    }
    Ok((summed, sources))
}

/// Each row's own cell.
fn one_source_each(rows: &DataFrame) -> Result<Vec<Vec<SourceRef>>, AnalysisError> {
    let (file, sheet, cell) = (str_col(rows, SOURCE_FILE)?, str_col(rows, SOURCE_SHEET)?, str_col(rows, SOURCE_CELL)?);
    Ok((0..rows.height())
        .map(|i| {
            vec![SourceRef {
                file: file[i].clone().unwrap_or_default(),
                sheet: sheet[i].clone().unwrap_or_default(),
                cell: cell[i].clone().unwrap_or_default(),
            }]
        })
        .collect())
}

/// Rows the force withheld. Read off the collected rows: a query of its own is planned for each breakdown of
/// every release, at a hundred times the cost of counting a dozen rows.
fn count_withheld(rows: &DataFrame) -> Result<i64, AnalysisError> {
    Ok(rows.column(VALUE_STATUS)?.str()?.iter().filter(|s| *s == Some(SUPPRESSED)).count() as i64)
}

/// The rows in the vocabulary's words at the level the force answered, or the force's own words when
/// nothing matched.
fn table_rows(v: &Vocabulary, rows: &DataFrame) -> Result<Vec<BreakdownRow>, AnalysisError> {
    let group = str_col(rows, CATEGORY_GROUP)?;
    let subgroup = str_col(rows, CATEGORY_SUBGROUP)?;
    let code = str_col(rows, CATEGORY_CODE)?;
    let label = str_col(rows, LABEL)?;
    let value = i64_col(rows, VALUE)?;
    let status = str_col(rows, VALUE_STATUS)?;
    Ok((0..rows.height())
        .map(|i| {
            let m = group[i].clone().map(|g| CategoryMatch {
                level: if code[i].is_some() {
                    Level::Code
                } else if subgroup[i].is_some() {
                    Level::Subgroup
                } else {
                    Level::Group
                },
                group: g,
                subgroup: subgroup[i].clone(),
                code: code[i].clone(),
            });
            let g = group[i].clone().unwrap_or_default();
            BreakdownRow {
                label: m.as_ref().map(|m| v.describe(m)).or_else(|| label[i].clone()).unwrap_or_default(),
                group_label: if g.is_empty() { String::new() } else { v.group_label(&g).to_string() },
                group: g,
                code: code[i].clone(),
                value: value[i],
                suppressed: status[i].as_deref() == Some(SUPPRESSED),
            }
        })
        .collect())
}

/// One figure per row of a ranked table, so that every number of it has its cell.
fn row_figures(
    v: &Vocabulary,
    printed: &[BreakdownRow],
    sources: &[Vec<SourceRef>],
    measure: &str,
    period: &str,
    span: bool,
) -> Vec<Figure> {
    printed
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut f = Figure::new(
                FigureKind::Row { vocabulary: v.name.clone(), index: i + 1 },
                format!("{} ({period})", row.label),
            );
            f.value = row.value.map(|v| v as f64);
            f.formula = match (row.suppressed, span) {
                (true, _) => format!("{measure} row as given by the force: withheld (suppressed), not zero"),
                (false, false) => format!("{measure} row as given by the force"),
                (false, true) => format!(
                    "sum of the force's {measure} cells for this row over {period} (a table by two breakdowns, naming no period, that adds up to the force's count for those years)"
                ),
            };
            f.periods = vec![period.to_string()];
            f.sources = sources.get(i).cloned().unwrap_or_default();
            f
        })
        .collect()
}

/// Whether a row (its group and code) has one of the highlight's codes or is in one of its groups.
fn matches(h: &Highlight, group: Option<&str>, code: Option<&str>) -> bool {
    code.is_some_and(|c| h.codes.iter().any(|x| x == c)) || group.is_some_and(|g| h.groups.iter().any(|x| x == g))
}

/// "codes 14, 15, 16 or groups a, b"
fn describe_rows(h: &Highlight) -> String {
    let mut parts = Vec::new();
    match h.codes.as_slice() {
        [] => {}
        [one] => parts.push(format!("code {one}")),
        many => parts.push(format!("codes {}", many.join(", "))),
    }
    match h.groups.as_slice() {
        [] => {}
        [one] => parts.push(format!("group {one}")),
        many => parts.push(format!("groups {}", many.join(", "))),
    }
    parts.join(" or ")
}

/// The vocabulary's highlights the force's answer supports. A highlight the force's table has no row for counts
/// as 0 only when the table is complete: every row matched to the vocabulary, none withheld, and its rows add
/// up to the force's own count for the period (`year_count`). Otherwise an absent row says nothing and the
/// figure is left out. A part of a highlight is left out when the force answered its parent at group level.
fn highlights(
    v: &Vocabulary,
    rows: &DataFrame,
    measure: &str,
    period: &str,
    year_count: Option<i64>,
) -> Result<Vec<Figure>, AnalysisError> {
    // The sums below: the unmapped rows, the whole table, then for each highlight its parent's group-level rows
    // (none when it has no parent) and its own rows.
    let (group, code) = (str_col(rows, CATEGORY_GROUP)?, str_col(rows, CATEGORY_CODE)?);
    let each = |keep: &dyn Fn(Option<&str>, Option<&str>) -> bool| -> Vec<bool> {
        group.iter().zip(&code).map(|(g, c)| keep(g.as_deref(), c.as_deref())).collect()
    };
    let mut masks = vec![each(&|g, _| g.is_none()), each(&|_, _| true)];
    for h in &v.highlights {
        let parent = h.parent.as_ref().and_then(|p| v.highlights.iter().find(|x| &x.id == p));
        masks.push(each(&|g, c| parent.is_some_and(|parent| matches(parent, g, c) && c.is_none())));
        masks.push(each(&|g, c| matches(h, g, c)));
    }
    let sums = query::parts_masked(rows, &masks)?;
    let (unmapped, whole) = (sums[0].rows, &sums[1]);
    let complete = unmapped == 0 && whole.suppressed == 0 && Some(whole.sum) == year_count;
    let mut out = Vec::new();
    for (i, h) in v.highlights.iter().enumerate() {
        let (group_level, p) = (&sums[2 + 2 * i], &sums[3 + 2 * i]);
        if group_level.rows > 0 {
            continue;
        }
        let (value, formula, sources) = if p.rows > 0 {
            let mut formula = format!("sum of {measure} for {period}: {}{}", describe_rows(h), suppressed_note(p));
            if p.reported == 0 {
                formula.push_str(" (suppressed by the force: no figure)");
            }
            (p.value(), formula, p.sources.clone())
        } else if complete {
            // The evidence for a zero is the whole table, which accounts for every row of the period.
            let formula = format!(
                "0: the force's {measure} table for {period} has no row for {} ({}); its rows, all matched to the \
                 {} and none withheld, add up to the {} the force recorded in {period}",
                h.label,
                describe_rows(h),
                v.title,
                whole.sum
            );
            (Some(0), formula, whole.sources.clone())
        } else {
            continue;
        };
        let mut f =
            Figure::new(FigureKind::Highlight { vocabulary: v.name.clone(), id: h.id.clone() }, h.label.clone());
        f.value = value.map(|v| v as f64);
        f.lower_bound = p.lower_bound();
        f.formula = formula;
        f.periods = vec![period.to_string()];
        f.sources = sources;
        out.push(f);
    }
    Ok(out)
}
