//! Polars building blocks: the campaign's rows of one measure aligned to the requested years, and sums
//! that keep count of their suppressed parts.

use std::collections::HashSet;

use chrono::Datelike;
use foi_model::{Period, ResponseStatus, SourceRef};
use foi_store::columns::*;
use foi_store::Store;
use polars::prelude::*;

use crate::AnalysisError;

/// Column added by [`aligned`]: the requested period a row counts towards.
pub(crate) const REQUEST_PERIOD: &str = "request_period";
/// Column added by [`aligned`]: position of [`REQUEST_PERIOD`] in the requested periods (Int64).
pub(crate) const YEAR_INDEX: &str = "year_index";

/// A sum over store rows, with its parts counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Parts {
    /// Sum of the reported values (0 when none was reported: look at `reported`).
    pub sum: i64,
    /// Rows with a value.
    pub reported: i64,
    /// Rows withheld by the force (value null).
    pub suppressed: i64,
    pub rows: i64,
    pub sources: Vec<SourceRef>,
}

impl Parts {
    /// `None` when no part was reported (all suppressed, or no rows): never 0 for a withheld number.
    pub fn value(&self) -> Option<i64> {
        (self.reported > 0).then_some(self.sum)
    }
    /// True when reported parts were summed and suppressed parts left out: the value is "at least".
    pub fn lower_bound(&self) -> bool {
        self.reported > 0 && self.suppressed > 0
    }
}

/// The aggregate expressions every sum carries: `sum`, `reported`, `suppressed`, `rows` (all Int64).
pub(crate) fn sum_exprs() -> [Expr; 4] {
    [
        col(VALUE).sum().cast(DataType::Int64).alias("sum"),
        col(VALUE).is_not_null().cast(DataType::Int64).sum().alias("reported"),
        col(VALUE_STATUS).eq(lit(SUPPRESSED)).cast(DataType::Int64).sum().alias("suppressed"),
        len().cast(DataType::Int64).alias("rows"),
    ]
}

/// Sum `value` over the rows of `lf`, with its parts counted and the source cell of every row.
pub(crate) fn parts(lf: LazyFrame) -> Result<Parts, AnalysisError> {
    Ok(parts_each(lf, &[lit(true)])?.swap_remove(0))
}

/// [`parts`] of the rows of `lf` that each filter keeps (a null test keeps no row), all in one query: a
/// release's breakdown asks a dozen of these of one small table.
pub(crate) fn parts_each(lf: LazyFrame, filters: &[Expr]) -> Result<Vec<Parts>, AnalysisError> {
    // Each filter is worked out once, as a column, and summed from there: written into each of its four sums,
    // it was planned and evaluated four times over.
    let kept: Vec<Expr> =
        filters.iter().enumerate().map(|(i, f)| f.clone().fill_null(lit(false)).alias(format!("kept_{i}"))).collect();
    let suppressed = col(VALUE_STATUS).eq(lit(SUPPRESSED)).alias("is_suppressed");
    let mut exprs = vec![col(SOURCE_FILE), col(SOURCE_SHEET), col(SOURCE_CELL)];
    for i in 0..filters.len() {
        let kept = col(format!("kept_{i}"));
        exprs.extend([
            kept.clone(),
            col(VALUE).filter(kept.clone()).sum().cast(DataType::Int64).alias(format!("sum_{i}")),
            col(VALUE).filter(kept.clone()).count().cast(DataType::Int64).alias(format!("reported_{i}")),
            col("is_suppressed").and(kept.clone()).sum().cast(DataType::Int64).alias(format!("suppressed_{i}")),
            kept.sum().cast(DataType::Int64).alias(format!("rows_{i}")),
        ]);
    }
    // Plain evaluation: on a table of a few dozen rows, planning the query (common subexpressions, pushdowns)
    // costs more than it saves.
    let df = lf
        .select(
            [col(SOURCE_FILE), col(SOURCE_SHEET), col(SOURCE_CELL), col(VALUE), suppressed]
                .into_iter()
                .chain(kept)
                .collect::<Vec<_>>(),
        )
        .select(exprs)
        .without_optimizations()
        .collect()?;
    let get = |name: &str| -> Result<i64, AnalysisError> {
        // polars' `get` on an empty column panics rather than answering None.
        Ok(if df.height() == 0 { 0 } else { df.column(name)?.i64()?.get(0).unwrap_or(0) })
    };
    let all = all_sources(&df)?;
    (0..filters.len())
        .map(|i| {
            let kept = df.column(&format!("kept_{i}"))?.bool()?;
            Ok(Parts {
                sum: get(&format!("sum_{i}"))?,
                reported: get(&format!("reported_{i}"))?,
                suppressed: get(&format!("suppressed_{i}"))?,
                rows: get(&format!("rows_{i}"))?,
                sources: in_reading_order(
                    all.iter().zip(kept.iter()).filter(|(_, k)| *k == Some(true)).map(|(s, _)| s.clone()).collect(),
                ),
            })
        })
        .collect()
}

/// [`parts_each`] of a collected frame, each filter given as a flag per row. A release sums a dozen rows of its
/// own force a dozen ways; as a query each sum was planned (~0.2 ms) for microseconds of adding.
pub(crate) fn parts_masked(rows: &DataFrame, masks: &[Vec<bool>]) -> Result<Vec<Parts>, AnalysisError> {
    let value = i64_col(rows, VALUE)?;
    let suppressed: Vec<bool> = rows.column(VALUE_STATUS)?.str()?.iter().map(|s| s == Some(SUPPRESSED)).collect();
    let all = all_sources(rows)?;
    Ok(masks
        .iter()
        .map(|kept| {
            debug_assert_eq!(kept.len(), rows.height(), "one flag per row");
            let mut p = Parts::default();
            let mut sources = Vec::new();
            for i in (0..rows.height()).filter(|&i| kept[i]) {
                p.rows += 1;
                if let Some(v) = value[i] {
                    p.sum += v;
                    p.reported += 1;
                }
                p.suppressed += i64::from(suppressed[i]);
                sources.push(all[i].clone());
            }
            p.sources = in_reading_order(sources);
            p
        })
        .collect())
}

/// The source cells of the rows of `lf`, in reading order (file, sheet, A1 cell).
pub(crate) fn sources(lf: LazyFrame) -> Result<Vec<SourceRef>, AnalysisError> {
    Ok(in_reading_order(all_sources(&lf.select([col(SOURCE_FILE), col(SOURCE_SHEET), col(SOURCE_CELL)]).collect()?)?))
}

/// Every row's source cell, row by row.
fn all_sources(df: &DataFrame) -> Result<Vec<SourceRef>, AnalysisError> {
    let (f, s, c) = (str_col(df, SOURCE_FILE)?, str_col(df, SOURCE_SHEET)?, str_col(df, SOURCE_CELL)?);
    Ok((0..df.height())
        .map(|i| SourceRef {
            file: f[i].clone().unwrap_or_default(),
            sheet: s[i].clone().unwrap_or_default(),
            cell: c[i].clone().unwrap_or_default(),
        })
        .collect())
}

fn in_reading_order(mut out: Vec<SourceRef>) -> Vec<SourceRef> {
    out.sort_by(|a, b| source_key(a).cmp(&source_key(b)));
    out.dedup();
    out
}

fn source_key(s: &SourceRef) -> (&str, &str, (usize, String, u64, &str)) {
    let letters: String = s.cell.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let row = s.cell[letters.len()..].parse::<u64>().unwrap_or(u64::MAX);
    (&s.file, &s.sheet, (letters.len(), letters.to_ascii_uppercase(), row, &s.cell))
}

pub(crate) fn str_col(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>, AnalysisError> {
    Ok(df.column(name)?.str()?.iter().map(|v| v.map(String::from)).collect())
}

pub(crate) fn i64_col(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>, AnalysisError> {
    let c = df.column(name)?.cast(&DataType::Int64)?;
    Ok(c.i64()?.iter().collect())
}

pub(crate) fn f64_col(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>, AnalysisError> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().collect())
}

pub(crate) fn is(column: &str, value: &str) -> Expr {
    col(column).eq(lit(value.to_string()))
}

/// Observations of one campaign and measure, from forces whose answer counts (disclosed or partial), with
/// the force's `period_basis` from its response, and each row's requested period ([`REQUEST_PERIOD`],
/// [`YEAR_INDEX`]). Rows whose period matches no requested period are left out (and returned as
/// `(force, period)` in the second value).
///
/// Alignment, per force: a period whose label is a requested label counts for it; otherwise, when the force
/// gave exactly as many periods as were requested (a calendar-year answer to a tax-year request), its
/// periods in date order are matched to the requested ones in order (if each starts within a year of its
/// match); otherwise a period counts for the requested year that starts in the same calendar year. Two
/// periods of one force never count for the same requested year (the later one is left out).
pub(crate) fn aligned(
    store: &Store,
    campaign: &str,
    measure: &str,
    targets: &[Period],
) -> Result<(LazyFrame, Vec<(String, String)>), AnalysisError> {
    let answered = store
        .responses()?
        .filter(
            is(CAMPAIGN, campaign)
                .and(is(STATUS, ResponseStatus::Disclosed.as_str()).or(is(STATUS, ResponseStatus::Partial.as_str()))),
        )
        .select([col(FORCE), col(PERIOD_BASIS)]);
    let rows = store.observations()?.filter(is(CAMPAIGN, campaign).and(is(MEASURE, measure))).inner_join(
        answered,
        col(FORCE),
        col(FORCE),
    );

    // Each force's distinct periods with their position in date order and the number of them.
    // A span of several years (a table that named no period, read as the whole request) is no year of it.
    let rows =
        rows.filter((col(PERIOD_END).cast(DataType::Int32) - col(PERIOD_START).cast(DataType::Int32)).lt_eq(lit(370)));
    let periods = rows.clone().group_by([col(FORCE), col(PERIOD)]).agg([col(PERIOD_START).min()]);
    let ordinals = periods
        .clone()
        .inner_join(periods.select([col(FORCE), col(PERIOD_START).alias("other_start")]), col(FORCE), col(FORCE))
        .group_by([col(FORCE), col(PERIOD), col(PERIOD_START)])
        .agg([
            col("other_start").lt(col(PERIOD_START)).cast(DataType::Int64).sum().alias("ordinal"),
            len().cast(DataType::Int64).alias("n_periods"),
        ])
        .sort_by_exprs(
            [col(FORCE), col(PERIOD_START), col(PERIOD)],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()?;

    let forces = str_col(&ordinals, FORCE)?;
    let labels = str_col(&ordinals, PERIOD)?;
    let starts: Vec<Option<chrono::NaiveDate>> = ordinals.column(PERIOD_START)?.date()?.as_date_iter().collect();
    let ordinal = i64_col(&ordinals, "ordinal")?;
    let n_periods = i64_col(&ordinals, "n_periods")?;

    let mut taken = HashSet::new();
    let (mut m_force, mut m_period, mut m_request, mut m_index) = (vec![], vec![], vec![], vec![]);
    let mut unmatched = Vec::new();
    for i in 0..ordinals.height() {
        let (Some(force), Some(label), Some(start)) = (&forces[i], &labels[i], starts[i]) else {
            continue;
        };
        let (ord, n) = (ordinal[i].unwrap_or(0) as usize, n_periods[i].unwrap_or(0) as usize);
        let exact = targets.iter().position(|t| &t.label == label);
        let positional = (n == targets.len() && ord < targets.len())
            .then_some(ord)
            .filter(|&k| (start.year() - targets[k].start.year()).abs() <= 1);
        let same_year = targets.iter().position(|t| t.start.year() == start.year());
        match exact.or(positional).or(same_year) {
            Some(k) if taken.insert((force.clone(), k)) => {
                m_force.push(force.clone());
                m_period.push(label.clone());
                m_request.push(targets[k].label.clone());
                m_index.push(k as i64);
            }
            _ => unmatched.push((force.clone(), label.clone())),
        }
    }
    let mapping = DataFrame::new(
        m_force.len(),
        vec![
            Column::new(FORCE.into(), m_force),
            Column::new(PERIOD.into(), m_period),
            Column::new(REQUEST_PERIOD.into(), m_request),
            Column::new(YEAR_INDEX.into(), m_index),
        ],
    )?;
    let on = [col(FORCE), col(PERIOD)];
    let lf = rows.join(mapping.lazy(), on.clone(), on, JoinArgs::new(JoinType::Inner));
    Ok((lf, unmatched))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A force's rows as the store holds them: reported, withheld (null value), a null status, out of order.
    fn rows() -> DataFrame {
        let value: Vec<Option<i64>> = vec![Some(5), None, Some(7), None, Some(0), Some(3)];
        let status = ["reported", SUPPRESSED, "reported", SUPPRESSED, "reported", "reported"].map(Some);
        let mut status = status.to_vec();
        status[5] = None;
        let group = [Some("a"), Some("a"), None, Some("b"), Some("b"), Some("a")];
        DataFrame::new(
            6,
            vec![
                Column::new(VALUE.into(), value),
                Column::new(VALUE_STATUS.into(), status),
                Column::new(CATEGORY_GROUP.into(), group.to_vec()),
                Column::new(SOURCE_FILE.into(), ["f.xlsx"; 6].to_vec()),
                Column::new(SOURCE_SHEET.into(), ["S"; 6].to_vec()),
                Column::new(SOURCE_CELL.into(), ["B10", "B2", "B3", "A9", "B2", "AA1"].to_vec()),
            ],
        )
        .unwrap()
    }

    #[test]
    fn sums_of_flags_are_the_sums_of_the_same_filters_as_a_query() {
        let df = rows();
        let group = str_col(&df, CATEGORY_GROUP).unwrap();
        let filters =
            [lit(true), lit(false), is(CATEGORY_GROUP, "a"), is(CATEGORY_GROUP, "b"), col(CATEGORY_GROUP).is_null()];
        let masks: Vec<Vec<bool>> = vec![
            vec![true; 6],
            vec![false; 6],
            group.iter().map(|g| g.as_deref() == Some("a")).collect(),
            group.iter().map(|g| g.as_deref() == Some("b")).collect(),
            group.iter().map(Option::is_none).collect(),
        ];
        let by_query = parts_each(df.clone().lazy(), &filters).unwrap();
        let by_flags = parts_masked(&df, &masks).unwrap();
        assert_eq!(by_flags, by_query);
        // And what they are: group "a" is 5 + 3 with one part withheld, "b" only a 0 and a withheld part.
        assert_eq!((by_flags[2].sum, by_flags[2].reported, by_flags[2].suppressed, by_flags[2].rows), (8, 2, 1, 3));
        assert!(by_flags[2].lower_bound());
        assert_eq!((by_flags[3].value(), by_flags[3].suppressed), (Some(0), 1));
        assert_eq!(by_flags[1].value(), None, "no row: no figure, not 0");
        let cells: Vec<&str> = by_flags[0].sources.iter().map(|s| s.cell.as_str()).collect();
        assert_eq!(cells, ["A9", "B2", "B3", "B10", "AA1"], "reading order, each cell once");
    }
}
