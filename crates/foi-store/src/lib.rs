//! The normalised Parquet store. Only this crate knows the file layout and the column names.
//!
//! Layout (see docs/store.md):
//! - `<store>/observations/<campaign>.parquet`
//! - `<store>/responses/<campaign>.parquet`
//! - `<store>/problems/<campaign>.parquet`
//!
//! Every file of a table has the same canonical schema ([`observations_schema`], [`responses_schema`],
//! [`problems_schema`]): strings are plain `String` (never Categorical), dates are `Date`, counts `Int64`.
//! Files are written atomically (temp file in the same folder, fsync, rename, fsync the folder) and
//! deterministically (rows sorted, no timestamps), so the same input gives byte-identical files.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use foi_model::{
    Observation, PeriodBasis, Problem, ProblemKind, Response, ResponseStatus, Severity, SourceRef, ValueStatus,
};
use polars::prelude::*;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store at {0} (run `foi ingest` first)")]
    Missing(PathBuf),
    #[error("cannot write the store at {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the store at {path} is unreadable: {message}")]
    Polars { path: PathBuf, message: String },
    /// The data handed to [`write`] breaks an invariant of the store (nothing was written).
    #[error("refusing to write the store: {0}")]
    Invalid(String),
}

/// What one ingest run writes for one campaign.
#[derive(Debug, Clone, Default)]
pub struct CampaignData {
    pub campaign: String,
    pub observations: Vec<Observation>,
    pub responses: Vec<Response>,
    pub problems: Vec<Problem>,
}

/// The store's column names: every reader of the store (analysis) names columns through these.
pub mod columns {
    pub const CAMPAIGN: &str = "campaign";
    pub const FORCE: &str = "force";
    pub const MEASURE: &str = "measure";
    pub const PERIOD: &str = "period";
    pub const PERIOD_START: &str = "period_start";
    pub const PERIOD_END: &str = "period_end";
    /// The vocabulary of a breakdown row; null for a plain count.
    pub const BREAKDOWN: &str = "breakdown";
    pub const CATEGORY_GROUP: &str = "category_group";
    pub const CATEGORY_SUBGROUP: &str = "category_subgroup";
    pub const CATEGORY_CODE: &str = "category_code";
    pub const LABEL: &str = "label";
    pub const VALUE: &str = "value";
    pub const VALUE_STATUS: &str = "value_status";
    pub const SOURCE_FILE: &str = "source_file";
    pub const SOURCE_SHEET: &str = "source_sheet";
    pub const SOURCE_CELL: &str = "source_cell";
    pub const STATUS: &str = "status";
    pub const EXEMPTION: &str = "exemption";
    pub const PERIOD_BASIS: &str = "period_basis";
    pub const REFERENCE: &str = "reference";
    pub const RECEIVED: &str = "received";
    pub const FILES: &str = "files";
    pub const PROBLEMS: &str = "problems";
    pub const KIND: &str = "kind";
    pub const SEVERITY: &str = "severity";
    pub const MESSAGE: &str = "message";
    pub const COUNT: &str = "count";
    pub const CELLS: &str = "cells";
    pub const HINT: &str = "hint";
    pub const SETTLED: &str = "settled";
    pub const REGION: &str = "region";
    /// `value_status` of a withheld number (value null).
    pub const SUPPRESSED: &str = "suppressed";
}

/// The three tables, each a folder of one Parquet file per campaign.
pub const TABLES: [&str; 3] = ["observations", "responses", "problems"];

/// The separator of `responses.files`.
pub const FILES_SEPARATOR: &str = "; ";

/// Canonical schema of `observations`.
pub fn observations_schema() -> Schema {
    use DataType::*;
    Schema::from_iter([
        Field::new(columns::CAMPAIGN.into(), String),
        Field::new(columns::FORCE.into(), String),
        Field::new(columns::MEASURE.into(), String),
        Field::new(columns::PERIOD.into(), String),
        Field::new(columns::PERIOD_START.into(), Date),
        Field::new(columns::PERIOD_END.into(), Date),
        Field::new(columns::BREAKDOWN.into(), String),
        Field::new(columns::CATEGORY_GROUP.into(), String),
        Field::new(columns::CATEGORY_SUBGROUP.into(), String),
        Field::new(columns::CATEGORY_CODE.into(), String),
        Field::new(columns::LABEL.into(), String),
        Field::new(columns::VALUE.into(), Int64),
        Field::new(columns::VALUE_STATUS.into(), String),
        Field::new(columns::SOURCE_FILE.into(), String),
        Field::new(columns::SOURCE_SHEET.into(), String),
        Field::new(columns::SOURCE_CELL.into(), String),
    ])
}

/// Canonical schema of `responses`.
pub fn responses_schema() -> Schema {
    use DataType::*;
    Schema::from_iter([
        Field::new(columns::CAMPAIGN.into(), String),
        Field::new(columns::FORCE.into(), String),
        Field::new(columns::STATUS.into(), String),
        Field::new(columns::EXEMPTION.into(), String),
        Field::new(columns::PERIOD_BASIS.into(), String),
        Field::new(columns::REFERENCE.into(), String),
        Field::new(columns::RECEIVED.into(), Date),
        Field::new(columns::FILES.into(), String),
        Field::new(columns::PROBLEMS.into(), UInt32),
    ])
}

/// Canonical schema of `problems`.
pub fn problems_schema() -> Schema {
    use DataType::*;
    Schema::from_iter([
        Field::new(columns::CAMPAIGN.into(), String),
        Field::new(columns::FORCE.into(), String),
        Field::new(columns::KIND.into(), String),
        Field::new(columns::SEVERITY.into(), String),
        Field::new(columns::SOURCE_FILE.into(), String),
        Field::new(columns::SOURCE_SHEET.into(), String),
        Field::new(columns::SOURCE_CELL.into(), String),
        Field::new(columns::MESSAGE.into(), String),
        Field::new(columns::MEASURE.into(), String),
        Field::new(columns::LABEL.into(), String),
        Field::new(columns::COUNT.into(), UInt32),
        Field::new(columns::CELLS.into(), String),
        Field::new(columns::HINT.into(), String),
        Field::new(columns::SETTLED.into(), String),
        Field::new(columns::REGION.into(), String),
    ])
}

/// The separator of `problems.cells`.
pub const CELLS_SEPARATOR: &str = ", ";

fn schema_of(table: &str) -> Schema {
    match table {
        "observations" => observations_schema(),
        "responses" => responses_schema(),
        "problems" => problems_schema(),
        _ => unreachable!("unknown table {table}"),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------

/// Write (replace) the given campaigns in the store.
///
/// For each campaign, `observations/<campaign>.parquet`, `responses/<campaign>.parquet` and
/// `problems/<campaign>.parquet` are replaced. Files of campaigns not given are left alone.
///
/// Atomic per file: every file is first written in full to a temporary file in its own folder and
/// fsynced; only when all of them are written are they renamed over the old files, and the folders
/// fsynced. A failure before the renames leaves every old file untouched (and removes the temporary
/// files). Deterministic: rows are sorted, no timestamps are stored.
pub fn write(dir: &Path, campaigns: &[CampaignData]) -> Result<(), StoreError> {
    let mut seen = std::collections::BTreeSet::new();
    for c in campaigns {
        validate(c)?;
        if !seen.insert(c.campaign.as_str()) {
            return Err(StoreError::Invalid(format!("campaign {:?} given twice", c.campaign)));
        }
    }
    for table in TABLES {
        let d = dir.join(table);
        fs::create_dir_all(&d).map_err(|source| StoreError::Io { path: d.clone(), source })?;
    }

    // Phase 1: every temp file, written and fsynced.
    let mut pending: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for c in campaigns {
            let frames = [
                ("observations", observations_frame(&c.observations)?),
                ("responses", responses_frame(&c.responses)?),
                ("problems", problems_frame(&c.problems)?),
            ];
            for (table, mut df) in frames {
                let target = dir.join(table).join(format!("{}.parquet", c.campaign));
                let tmp = dir.join(table).join(format!(".{}.parquet.tmp-{}", c.campaign, std::process::id()));
                // Record before writing, so a half-written temp file is removed on failure.
                pending.push((tmp.clone(), target));
                write_parquet(&tmp, &mut df)?;
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &pending {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }

    // Phase 2: rename over, then make the renames durable.
    for (i, (tmp, target)) in pending.iter().enumerate() {
        if let Err(source) = fs::rename(tmp, target) {
            for (tmp, _) in &pending[i..] {
                let _ = fs::remove_file(tmp);
            }
            return Err(StoreError::Io { path: target.clone(), source });
        }
    }
    for table in TABLES {
        let d = dir.join(table);
        fsync_dir(&d)?;
    }
    tracing::debug!(store = %dir.display(), campaigns = campaigns.len(), "store written");
    Ok(())
}

fn validate(c: &CampaignData) -> Result<(), StoreError> {
    let slug = &c.campaign;
    let ok = !slug.is_empty()
        && !slug.starts_with('.')
        && slug.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'));
    if !ok {
        return Err(StoreError::Invalid(format!(
            "campaign slug {slug:?} is not a safe file name (letters, digits, '-', '_', '.')"
        )));
    }
    let stray = c
        .observations
        .iter()
        .map(|o| &o.campaign)
        .chain(c.responses.iter().map(|r| &r.campaign))
        .chain(c.problems.iter().map(|p| &p.campaign))
        .find(|other| *other != slug);
    if let Some(other) = stray {
        return Err(StoreError::Invalid(format!("a row of campaign {other:?} was given with campaign {slug:?}")));
    }
    for o in &c.observations {
        let consistent = match o.value_status {
            ValueStatus::Reported => o.value.is_some(),
            ValueStatus::Suppressed => o.value.is_none(),
        };
        if !consistent {
            return Err(StoreError::Invalid(format!(
                "observation at {} has value {:?} with status {} (suppressed must be null, reported must not)",
                o.source,
                o.value,
                o.value_status.as_str()
            )));
        }
    }
    Ok(())
}

fn write_parquet(path: &Path, df: &mut DataFrame) -> Result<(), StoreError> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let file = File::create(path).map_err(io)?;
    let mut out = BufWriter::new(file);
    ParquetWriter::new(&mut out)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::full())
        .set_parallel(false)
        .finish(df)
        .map_err(|e| StoreError::Polars { path: path.to_path_buf(), message: e.to_string() })?;
    out.flush().map_err(io)?;
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    Ok(())
}

fn fsync_dir(dir: &Path) -> Result<(), StoreError> {
    // Directories can be opened read-only and fsynced on Unix; elsewhere this is best effort.
    match File::open(dir).and_then(|d| d.sync_all()) {
        Ok(()) => Ok(()),
        Err(e) if cfg!(unix) => Err(StoreError::Io { path: dir.to_path_buf(), source: e }),
        Err(_) => Ok(()),
    }
}

/// Orders A1 addresses as a reader would: column letters (shorter first), then the row number, so A2 < A10.
/// Anything else sorts by its text after all A1 addresses.
fn cell_key(cell: &str) -> (u8, usize, String, u64, String) {
    let letters: String = cell.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &cell[letters.len()..];
    match digits.parse::<u64>() {
        Ok(row) if !letters.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) => {
            (0, letters.len(), letters.to_ascii_uppercase(), row, String::new())
        }
        _ => (1, 0, String::new(), 0, cell.to_string()),
    }
}

fn str_col(name: &str, values: Vec<&str>) -> Column {
    Column::new(name.into(), values)
}

fn opt_str_col(name: &str, values: Vec<Option<&str>>) -> Column {
    Column::new(name.into(), values)
}

fn cast_to(mut df: DataFrame, schema: &Schema) -> PolarsResult<DataFrame> {
    // Empty vectors infer odd types (e.g. Null): cast every column to the canonical dtype.
    let cols = df
        .columns()
        .iter()
        .map(|c| c.cast(schema.get(c.name()).expect("column of the schema")))
        .collect::<PolarsResult<Vec<_>>>()?;
    df = DataFrame::new(df.height(), cols)?;
    Ok(df)
}

fn polars_err(what: &str) -> impl Fn(PolarsError) -> StoreError + '_ {
    move |e| StoreError::Polars { path: PathBuf::from(what), message: e.to_string() }
}

/// The sort order of observation rows (also used by [`Store::read_observations`]).
fn observation_order(a: &Observation, b: &Observation) -> std::cmp::Ordering {
    fn key(o: &Observation) -> impl Ord + '_ {
        (
            (&o.force, &o.measure, o.period_start, &o.period),
            (&o.breakdown, &o.category_group, &o.category_subgroup, &o.category_code),
            (&o.source.file, &o.source.sheet, cell_key(&o.source.cell)),
            (&o.label, o.value, o.value_status.as_str()),
        )
    }
    key(a).cmp(&key(b))
}

fn observations_frame(rows: &[Observation]) -> Result<DataFrame, StoreError> {
    let mut rows: Vec<&Observation> = rows.iter().collect();
    rows.sort_by(|a, b| observation_order(a, b));
    let s = |f: fn(&Observation) -> &str| rows.iter().map(|o| f(o)).collect::<Vec<_>>();
    let o = |f: fn(&Observation) -> Option<&str>| rows.iter().map(|o| f(o)).collect::<Vec<_>>();
    let cols = vec![
        str_col(columns::CAMPAIGN, s(|o| &o.campaign)),
        str_col(columns::FORCE, s(|o| &o.force)),
        str_col(columns::MEASURE, s(|o| &o.measure)),
        str_col(columns::PERIOD, s(|o| &o.period)),
        Column::new(columns::PERIOD_START.into(), rows.iter().map(|o| o.period_start).collect::<Vec<NaiveDate>>()),
        Column::new(columns::PERIOD_END.into(), rows.iter().map(|o| o.period_end).collect::<Vec<NaiveDate>>()),
        opt_str_col(columns::BREAKDOWN, o(|o| o.breakdown.as_deref())),
        opt_str_col(columns::CATEGORY_GROUP, o(|o| o.category_group.as_deref())),
        opt_str_col(columns::CATEGORY_SUBGROUP, o(|o| o.category_subgroup.as_deref())),
        opt_str_col(columns::CATEGORY_CODE, o(|o| o.category_code.as_deref())),
        str_col(columns::LABEL, s(|o| &o.label)),
        Column::new(columns::VALUE.into(), rows.iter().map(|o| o.value).collect::<Vec<Option<i64>>>()),
        str_col(columns::VALUE_STATUS, s(|o| o.value_status.as_str())),
        str_col(columns::SOURCE_FILE, s(|o| &o.source.file)),
        str_col(columns::SOURCE_SHEET, s(|o| &o.source.sheet)),
        str_col(columns::SOURCE_CELL, s(|o| &o.source.cell)),
    ];
    let df = DataFrame::new(rows.len(), cols).map_err(polars_err("observations"))?;
    cast_to(df, &observations_schema()).map_err(polars_err("observations"))
}

fn responses_frame(rows: &[Response]) -> Result<DataFrame, StoreError> {
    let mut rows: Vec<&Response> = rows.iter().collect();
    rows.sort_by(|a, b| {
        (&a.force, a.status, &a.reference, a.received, &a.files, &a.exemption, a.period_basis, a.problems).cmp(&(
            &b.force,
            b.status,
            &b.reference,
            b.received,
            &b.files,
            &b.exemption,
            b.period_basis,
            b.problems,
        ))
    });
    let files: Vec<String> = rows.iter().map(|r| r.files.join(FILES_SEPARATOR)).collect();
    let cols = vec![
        str_col(columns::CAMPAIGN, rows.iter().map(|r| r.campaign.as_str()).collect()),
        str_col(columns::FORCE, rows.iter().map(|r| r.force.as_str()).collect()),
        str_col(columns::STATUS, rows.iter().map(|r| r.status.as_str()).collect()),
        opt_str_col(columns::EXEMPTION, rows.iter().map(|r| r.exemption.as_deref()).collect()),
        str_col(columns::PERIOD_BASIS, rows.iter().map(|r| r.period_basis.as_str()).collect()),
        opt_str_col(columns::REFERENCE, rows.iter().map(|r| r.reference.as_deref()).collect()),
        Column::new(columns::RECEIVED.into(), rows.iter().map(|r| r.received).collect::<Vec<Option<NaiveDate>>>()),
        str_col(columns::FILES, files.iter().map(String::as_str).collect()),
        Column::new(columns::PROBLEMS.into(), rows.iter().map(|r| r.problems).collect::<Vec<u32>>()),
    ];
    let df = DataFrame::new(rows.len(), cols).map_err(polars_err("responses"))?;
    cast_to(df, &responses_schema()).map_err(polars_err("responses"))
}

fn problem_order(a: &Problem, b: &Problem) -> std::cmp::Ordering {
    fn key(p: &Problem) -> impl Ord + '_ {
        (
            (&p.force, &p.source.file, &p.source.sheet, cell_key(&p.source.cell)),
            (p.kind, p.severity, &p.message, &p.label, &p.measure, &p.settled),
        )
    }
    key(a).cmp(&key(b))
}

fn problems_frame(rows: &[Problem]) -> Result<DataFrame, StoreError> {
    let mut rows: Vec<&Problem> = rows.iter().collect();
    rows.sort_by(|a, b| problem_order(a, b));
    let cells: Vec<String> = rows.iter().map(|p| p.cells.join(CELLS_SEPARATOR)).collect();
    let regions: Vec<Option<String>> = rows
        .iter()
        .map(|p| p.region.as_ref().map(serde_json::to_string).transpose())
        .collect::<Result<_, _>>()
        .map_err(|e| StoreError::Invalid(format!("a problem's region cannot be written as JSON: {e}")))?;
    let cols = vec![
        str_col(columns::CAMPAIGN, rows.iter().map(|p| p.campaign.as_str()).collect()),
        str_col(columns::FORCE, rows.iter().map(|p| p.force.as_str()).collect()),
        str_col(columns::KIND, rows.iter().map(|p| p.kind.as_str()).collect()),
        str_col(columns::SEVERITY, rows.iter().map(|p| p.severity.as_str()).collect()),
        str_col(columns::SOURCE_FILE, rows.iter().map(|p| p.source.file.as_str()).collect()),
        str_col(columns::SOURCE_SHEET, rows.iter().map(|p| p.source.sheet.as_str()).collect()),
        str_col(columns::SOURCE_CELL, rows.iter().map(|p| p.source.cell.as_str()).collect()),
        str_col(columns::MESSAGE, rows.iter().map(|p| p.message.as_str()).collect()),
        opt_str_col(columns::MEASURE, rows.iter().map(|p| p.measure.as_deref()).collect()),
        opt_str_col(columns::LABEL, rows.iter().map(|p| p.label.as_deref()).collect()),
        Column::new(columns::COUNT.into(), rows.iter().map(|p| p.count).collect::<Vec<u32>>()),
        str_col(columns::CELLS, cells.iter().map(String::as_str).collect()),
        str_col(columns::HINT, rows.iter().map(|p| p.hint.as_str()).collect()),
        opt_str_col(columns::SETTLED, rows.iter().map(|p| p.settled.as_deref()).collect()),
        opt_str_col(columns::REGION, regions.iter().map(|r| r.as_deref()).collect()),
    ];
    let df = DataFrame::new(rows.len(), cols).map_err(polars_err("problems"))?;
    cast_to(df, &problems_schema()).map_err(polars_err("problems"))
}

// ---------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------

pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        if !dir.join("observations").is_dir() {
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        Ok(Store { dir: dir.to_path_buf() })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
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
        let d = self.dir.join(table);
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(StoreError::Io { path: d, source }),
        };
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| StoreError::Io { path: d.clone(), source })?;
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !name.starts_with('.') && name.ends_with(".parquet") && path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }

    /// One table as a lazy scan over all its files, cast to the canonical schema (an empty frame with that
    /// schema when the table has no file yet).
    fn scan(&self, table: &str) -> Result<LazyFrame, StoreError> {
        let schema = schema_of(table);
        let files = self.files(table)?;
        let err = |e: PolarsError| StoreError::Polars { path: self.dir.join(table), message: e.to_string() };
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
        lf.collect().map_err(|e| StoreError::Polars { path: self.dir.join(table), message: e.to_string() })
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
        let path = self.dir.join(table);
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

#[cfg(test)]
mod tests;
