//! Reading the store: lazy scans with the canonical schema, and typed rows for callers that need them.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use foi_model::{
    Observation, PeriodBasis, Problem, ProblemKind, Response, ResponseStatus, Severity, SourceRef, ValueStatus,
};
use polars::prelude::*;

use crate::schema::*;
use crate::{columns, StoreError};

/// An open store: one version of it, pinned for as long as this value lives (an ingest that finishes
/// meanwhile switches later opens to its new version, and pruning leaves this one alone).
pub struct Store {
    dir: PathBuf,
    version: PathBuf,
    _pin: Option<std::fs::File>,
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        match crate::version::pin(dir)? {
            Some((version, pin)) => Ok(Store { dir: dir.to_path_buf(), version, _pin: pin }),
            None => Err(StoreError::Missing(dir.to_path_buf())),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder of the version this store reads (`<store>/versions/<n>`): its tables as Parquet files.
    pub fn version_dir(&self) -> &Path {
        &self.version
    }

    /// The source key the campaign was stored with (see [`crate::CampaignData::source_key`]), if any.
    pub fn source_key(&self, campaign: &str) -> Option<String> {
        fs_err::read_to_string(self.version.join(crate::write::SOURCES).join(format!("{campaign}.key"))).ok()
    }

    /// The campaigns with an observations file, sorted.
    pub fn campaigns(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .files("observations")?
            .iter()
            .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(String::from))
            .collect())
    }

    /// The Parquet files of one table, sorted by name (temp files and hidden files are skipped).
    fn files(&self, table: &str) -> Result<Vec<PathBuf>, StoreError> {
        crate::write::parquet_files(&self.version.join(table))
    }

    /// One table as a lazy scan over all its files, cast to the canonical schema (an empty frame with that
    /// schema when the table has no file yet).
    fn scan(&self, table: &str) -> Result<LazyFrame, StoreError> {
        let schema = schema_of(table);
        let files = self.files(table)?;
        let err = |e: PolarsError| StoreError::Polars { path: self.version.join(table), message: e.to_string() };
        let lf = if files.is_empty() {
            DataFrame::empty_with_schema(&schema).lazy()
        } else {
            let paths =
                files.iter().map(|p| PlRefPath::try_from_path(p)).collect::<PolarsResult<Vec<_>>>().map_err(err)?;
            let args = ScanArgsParquet { hive_options: HiveOptions::new_disabled(), ..Default::default() };
            LazyFrame::scan_parquet_files(paths.into_iter().collect(), args).map_err(err)?
        };
        let exprs: Vec<Expr> = schema.iter().map(|(name, dtype)| col(name.clone()).cast(dtype.clone())).collect();
        Ok(lf.select(exprs))
    }

    /// All observations, as a lazy scan with the canonical schema.
    pub fn observations(&self) -> Result<LazyFrame, StoreError> {
        self.scan("observations")
    }

    pub fn responses(&self) -> Result<LazyFrame, StoreError> {
        self.scan("responses")
    }

    pub fn problems(&self) -> Result<LazyFrame, StoreError> {
        self.scan("problems")
    }

    fn collect(&self, table: &str, lf: LazyFrame) -> Result<DataFrame, StoreError> {
        lf.collect().map_err(|e| StoreError::Polars { path: self.version.join(table), message: e.to_string() })
    }

    /// Typed reads for callers that need rows rather than frames (the CLI's `review`, the report's sources).
    /// Rows come back in the store's order.
    pub fn read_observations(&self, campaign: &str) -> Result<Vec<Observation>, StoreError> {
        let lf = self.observations()?.filter(col(columns::CAMPAIGN).eq(lit(campaign)));
        let df = self.collect("observations", lf)?;
        let err = self.conv_err("observations");
        observations_from_frame(&df).map_err(err)
    }

    pub fn read_responses(&self, campaign: &str) -> Result<Vec<Response>, StoreError> {
        let lf = self.responses()?.filter(col(columns::CAMPAIGN).eq(lit(campaign)));
        let df = self.collect("responses", lf)?;
        responses_from_frame(&df).map_err(self.conv_err("responses"))
    }

    pub fn read_problems(&self, campaign: Option<&str>) -> Result<Vec<Problem>, StoreError> {
        let mut lf = self.problems()?;
        if let Some(c) = campaign {
            lf = lf.filter(col(columns::CAMPAIGN).eq(lit(c)));
        }
        let df = self.collect("problems", lf)?;
        problems_from_frame(&df).map_err(self.conv_err("problems"))
    }

    fn conv_err(&self, table: &str) -> impl Fn(String) -> StoreError {
        let path = self.version.join(table);
        move |message| StoreError::Polars { path: path.clone(), message }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Frames back to model types
// ---------------------------------------------------------------------------------------------------------

struct Cols<'a>(&'a DataFrame);

impl<'a> Cols<'a> {
    fn str(&self, name: &str) -> Result<&'a StringChunked, String> {
        self.0.column(name).and_then(|c| c.str()).map_err(|e| e.to_string())
    }
    fn i64(&self, name: &str) -> Result<&'a Int64Chunked, String> {
        self.0.column(name).and_then(|c| c.i64()).map_err(|e| e.to_string())
    }
    fn u32(&self, name: &str) -> Result<&'a UInt32Chunked, String> {
        self.0.column(name).and_then(|c| c.u32()).map_err(|e| e.to_string())
    }
    fn date(&self, name: &str) -> Result<Vec<Option<NaiveDate>>, String> {
        let d = self.0.column(name).and_then(|c| c.date()).map_err(|e| e.to_string())?;
        Ok(d.as_date_iter().collect())
    }
}

fn req<T>(v: Option<T>, column: &str, row: usize) -> Result<T, String> {
    v.ok_or_else(|| format!("null in required column {column} (row {row})"))
}

fn observations_from_frame(df: &DataFrame) -> Result<Vec<Observation>, String> {
    let c = Cols(df);
    let (campaign, force, measure, period) =
        (c.str(columns::CAMPAIGN)?, c.str(columns::FORCE)?, c.str(columns::MEASURE)?, c.str(columns::PERIOD)?);
    let (start, end) = (c.date(columns::PERIOD_START)?, c.date(columns::PERIOD_END)?);
    let (bd, cg, csg) =
        (c.str(columns::BREAKDOWN)?, c.str(columns::CATEGORY_GROUP)?, c.str(columns::CATEGORY_SUBGROUP)?);
    let cc = c.str(columns::CATEGORY_CODE)?;
    let (label, value, status) = (c.str(columns::LABEL)?, c.i64(columns::VALUE)?, c.str(columns::VALUE_STATUS)?);
    let (file, sheet, cell) =
        (c.str(columns::SOURCE_FILE)?, c.str(columns::SOURCE_SHEET)?, c.str(columns::SOURCE_CELL)?);
    let s = |ca: &StringChunked, name: &str, i: usize| req(ca.get(i), name, i).map(String::from);
    let o = |ca: &StringChunked, i: usize| ca.get(i).map(String::from);
    (0..df.height())
        .map(|i| {
            let st = s(status, "value_status", i)?;
            Ok(Observation {
                campaign: s(campaign, "campaign", i)?,
                force: s(force, "force", i)?,
                measure: s(measure, "measure", i)?,
                period: s(period, "period", i)?,
                period_start: req(start[i], "period_start", i)?,
                period_end: req(end[i], "period_end", i)?,
                breakdown: o(bd, i),
                category_group: o(cg, i),
                category_subgroup: o(csg, i),
                category_code: o(cc, i),
                label: s(label, "label", i)?,
                value: value.get(i),
                value_status: ValueStatus::parse(&st).ok_or_else(|| format!("unknown value_status {st:?}"))?,
                source: SourceRef {
                    file: s(file, "source_file", i)?,
                    sheet: s(sheet, "source_sheet", i)?,
                    cell: s(cell, "source_cell", i)?,
                },
            })
        })
        .collect()
}

fn responses_from_frame(df: &DataFrame) -> Result<Vec<Response>, String> {
    let c = Cols(df);
    let (campaign, force, status, exemption) =
        (c.str(columns::CAMPAIGN)?, c.str(columns::FORCE)?, c.str(columns::STATUS)?, c.str(columns::EXEMPTION)?);
    let (basis, reference, files, problems) =
        (c.str(columns::PERIOD_BASIS)?, c.str(columns::REFERENCE)?, c.str(columns::FILES)?, c.u32(columns::PROBLEMS)?);
    let received = c.date(columns::RECEIVED)?;
    let evidence = c.str(columns::EVIDENCE)?;
    let answered_levels = c.str(columns::ANSWERED_LEVELS)?;
    (0..df.height())
        .map(|i| {
            let st = req(status.get(i), "status", i)?;
            let b = req(basis.get(i), "period_basis", i)?;
            let files = req(files.get(i), "files", i)?;
            Ok(Response {
                campaign: req(campaign.get(i), "campaign", i)?.to_string(),
                force: req(force.get(i), "force", i)?.to_string(),
                status: ResponseStatus::parse(st).ok_or_else(|| format!("unknown status {st:?}"))?,
                exemption: exemption.get(i).map(String::from),
                period_basis: PeriodBasis::parse(b).ok_or_else(|| format!("unknown period_basis {b:?}"))?,
                reference: reference.get(i).map(String::from),
                received: received[i],
                files: if files.is_empty() {
                    Vec::new()
                } else {
                    files.split(FILES_SEPARATOR).map(String::from).collect()
                },
                problems: req(problems.get(i), "problems", i)?,
                answered_levels: answered_levels.get(i).unwrap_or("").to_string(),
                evidence: evidence
                    .get(i)
                    .unwrap_or("")
                    .split(crate::schema::EVIDENCE_SEPARATOR)
                    .filter(|l| !l.is_empty())
                    .map(|l| {
                        let f: Vec<&str> = l.splitn(4, '\t').collect();
                        let at = |k: usize| f.get(k).copied().unwrap_or("").to_string();
                        foi_model::Evidence {
                            fact: at(0),
                            quote: at(3),
                            source: foi_model::SourceRef { file: at(1), sheet: at(2), cell: String::new() },
                        }
                    })
                    .collect(),
            })
        })
        .collect()
}

fn problems_from_frame(df: &DataFrame) -> Result<Vec<Problem>, String> {
    let c = Cols(df);
    let (campaign, force, kind, message) =
        (c.str(columns::CAMPAIGN)?, c.str(columns::FORCE)?, c.str(columns::KIND)?, c.str(columns::MESSAGE)?);
    let (file, sheet, cell) =
        (c.str(columns::SOURCE_FILE)?, c.str(columns::SOURCE_SHEET)?, c.str(columns::SOURCE_CELL)?);
    let (severity, measure, label, count) =
        (c.str(columns::SEVERITY)?, c.str(columns::MEASURE)?, c.str(columns::LABEL)?, c.u32(columns::COUNT)?);
    let (cells, hint, settled, region) =
        (c.str(columns::CELLS)?, c.str(columns::HINT)?, c.str(columns::SETTLED)?, c.str(columns::REGION)?);
    (0..df.height())
        .map(|i| {
            let k = req(kind.get(i), "kind", i)?;
            let sev = req(severity.get(i), "severity", i)?;
            let cells = req(cells.get(i), "cells", i)?;
            Ok(Problem {
                campaign: req(campaign.get(i), "campaign", i)?.to_string(),
                force: req(force.get(i), "force", i)?.to_string(),
                kind: ProblemKind::parse(k).ok_or_else(|| format!("unknown problem kind {k:?}"))?,
                severity: Severity::parse(sev).ok_or_else(|| format!("unknown severity {sev:?}"))?,
                source: SourceRef {
                    file: req(file.get(i), "source_file", i)?.to_string(),
                    sheet: req(sheet.get(i), "source_sheet", i)?.to_string(),
                    cell: req(cell.get(i), "source_cell", i)?.to_string(),
                },
                message: req(message.get(i), "message", i)?.to_string(),
                measure: measure.get(i).map(String::from),
                label: label.get(i).map(String::from),
                count: req(count.get(i), "count", i)?,
                cells: if cells.is_empty() {
                    Vec::new()
                } else {
                    cells.split(CELLS_SEPARATOR).map(String::from).collect()
                },
                hint: req(hint.get(i), "hint", i)?.to_string(),
                settled: settled.get(i).map(String::from),
                region: region
                    .get(i)
                    .map(serde_json::from_str)
                    .transpose()
                    .map_err(|e| format!("unreadable region (row {i}): {e}"))?,
            })
        })
        .collect()
}
