//! Writing campaigns to the store: validated, sorted, a whole new version switched to atomically.

use fs_err::{self as fs, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use foi_model::{Observation, Problem, Response, ValueStatus};
use polars::prelude::*;
use rayon::prelude::*;

use crate::schema::*;
use crate::version::{self, VERSIONS};
use crate::{columns, CampaignData, StoreError};

/// Write (replace) the given campaigns in the store, as one new version.
///
/// The new version is a folder of its own under `versions/`: the given campaigns' three tables are written
/// there, every other campaign's files are hard-linked from the current version, and everything is fsynced.
/// Only then does the `current` pointer (a symlink) switch to it, by one atomic rename. A crash at any moment
/// leaves `current` naming either the complete old version or the complete new one; a reader that opened the
/// old one keeps reading it (see [`crate::Store::open`]). Writers take the store's lock, so two ingests run one
/// after the other. Deterministic: rows are sorted, no timestamps are stored.
pub fn write(dir: &Path, campaigns: &[CampaignData]) -> Result<(), StoreError> {
    let mut seen = std::collections::BTreeSet::new();
    for c in campaigns {
        validate(c)?;
        if !seen.insert(c.campaign.as_str()) {
            return Err(StoreError::Invalid(format!("campaign {:?} given twice", c.campaign)));
        }
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    fs::create_dir_all(dir.join(VERSIONS)).map_err(io(&dir.join(VERSIONS)))?;
    let _lock = version::lock_writer(dir)?;
    let base = version::current(dir)?;
    let name = version::next_name(dir)?;
    let new = dir.join(VERSIONS).join(&name);
    fs::create_dir(&new).map_err(io(&new))?;
    let result = (|| {
        for table in TABLES.iter().chain([&SOURCES]) {
            fs::create_dir(new.join(table)).map_err(io(&new.join(table)))?;
        }
        // Every table of every campaign is encoded side by side: a single campaign's write is most of a
        // small ingest's last moments.
        let tasks: Vec<(&CampaignData, &str)> =
            campaigns.iter().flat_map(|c| TABLES.iter().map(move |&t| (c, t))).collect();
        let mut written: Vec<(PathBuf, File)> = tasks
            .par_iter()
            .map(|&(c, table)| -> Result<(PathBuf, File), StoreError> {
                let mut df = match table {
                    "observations" => observations_frame(&c.observations)?,
                    "responses" => responses_frame(&c.responses)?,
                    _ => problems_frame(&c.problems)?,
                };
                let path = new.join(table).join(format!("{}.parquet", c.campaign));
                let file = write_parquet(&path, &mut df)?;
                version::fault(&format!("table {table} {}", c.campaign));
                Ok((path, file))
            })
            .collect::<Result<_, _>>()?;
        for c in campaigns {
            if let Some(key) = &c.source_key {
                let path = new.join(SOURCES).join(format!("{}.key", c.campaign));
                let mut f = File::create(&path).map_err(io(&path))?;
                f.write_all(key.as_bytes()).map_err(io(&path))?;
                written.push((path, f));
            }
        }
        sync_all_at_once(written)?;
        // A campaign written without a key loses the old one with its rows.
        let rewritten: std::collections::BTreeSet<String> =
            campaigns.iter().map(|c| format!("{}.key", c.campaign)).collect();
        if let Some(base) = &base {
            if let Ok(keys) = fs::read_dir(base.join(SOURCES)) {
                for e in keys.filter_map(Result::ok) {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let target = new.join(SOURCES).join(&name);
                    if name.ends_with(".key") && !rewritten.contains(&name) && !target.exists() {
                        fs::hard_link(e.path(), &target)
                            .or_else(|_| fs::copy(e.path(), &target).map(|_| ()))
                            .map_err(io(&target))?;
                    }
                }
            }
        }
        // Campaigns not written this time carry over unchanged, as links to the same files.
        if let Some(base) = &base {
            for table in TABLES {
                for old in parquet_files(&base.join(table))? {
                    let target = new.join(table).join(old.file_name().expect("a file name"));
                    if !target.exists() {
                        fs::hard_link(&old, &target)
                            .or_else(|_| fs::copy(&old, &target).map(|_| ()))
                            .map_err(io(&target))?;
                    }
                }
            }
        }
        for table in TABLES.iter().chain([&SOURCES]) {
            fsync_dir(&new.join(table))?;
        }
        fsync_dir(&new)?;
        fsync_dir(&dir.join(VERSIONS))
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&new);
        return Err(e);
    }
    version::switch(dir, &name)?;
    tracing::debug!(store = %dir.display(), version = name.as_str(), campaigns = campaigns.len(), "store written");
    version::prune(dir, &new, base.as_deref());
    Ok(())
}

/// The folder of each campaign's source key (see [`CampaignData::source_key`]).
pub(crate) const SOURCES: &str = "sources";

/// The Parquet files of a table folder, sorted (hidden and temporary files skipped).
pub(crate) fn parquet_files(d: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let entries = match fs::read_dir(d) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StoreError::Io { path: d.to_path_buf(), source }),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| StoreError::Io { path: d.to_path_buf(), source })?;
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
        if o.value.is_some_and(|v| !(0..=foi_model::MAX_COUNT).contains(&v)) {
            return Err(StoreError::Invalid(format!(
                "observation at {} has value {:?}, outside 0..={} (every later sum relies on the bound)",
                o.source,
                o.value,
                foi_model::MAX_COUNT
            )));
        }
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

/// Rows in one Parquet row group: polars' own default.
const ROW_GROUP_ROWS: usize = 512 * 512;

/// Files waiting on the disk at once at most, each on a thread of its own.
const SYNC_THREADS: usize = 16;

/// fsync every file, all at once rather than one after another: each waits on the disk, not the processor, and
/// the file system commits files synced together in one go (the three tables of a campaign took two disk waits
/// one after the other when synced on the two workers that encoded them).
fn sync_all_at_once(files: Vec<(PathBuf, File)>) -> Result<(), StoreError> {
    let per_thread = files.len().div_ceil(SYNC_THREADS).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    for (path, file) in chunk {
                        file.sync_all().map_err(|source| StoreError::Io { path: path.clone(), source })?;
                    }
                    Ok::<(), StoreError>(())
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

/// Encode a frame to a new Parquet file, flushed but not yet synced (see [`sync_all_at_once`]).
fn write_parquet(path: &Path, df: &mut DataFrame) -> Result<File, StoreError> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let file = File::create(path).map_err(io)?;
    let mut out = BufWriter::new(file);
    let polars = |e: PolarsError| StoreError::Polars { path: path.to_path_buf(), message: e.to_string() };
    // Row groups cut here rather than by `ParquetWriter::finish`: its regrouping of a frame's chunks empties a
    // copy of each column for nothing. One chunk per column, sliced at the row-group size, is what it would have
    // written.
    df.rechunk_mut();
    let mut writer = ParquetWriter::new(&mut out)
        .with_compression(ParquetCompression::Zstd(None))
        // Minimum, maximum and null count per column chunk let a reader skip row groups; a distinct-count
        // estimate (hashing every value) is read by nothing.
        .with_statistics(StatisticsOptions::default())
        .set_parallel(false)
        .batched(df.schema())
        .map_err(polars)?;
    let height = df.height();
    if height <= ROW_GROUP_ROWS {
        writer.write_batch(df).map_err(polars)?;
    } else {
        for offset in (0..height).step_by(ROW_GROUP_ROWS) {
            let rows = ROW_GROUP_ROWS.min(height - offset);
            writer.write_batch(&df.slice(offset as i64, rows)).map_err(polars)?;
        }
    }
    writer.finish().map_err(polars)?;
    out.flush().map_err(io)?;
    out.into_inner().map_err(|e| io(e.into_error()))
}

pub(crate) fn fsync_dir(dir: &Path) -> Result<(), StoreError> {
    // Directories can be opened read-only and fsynced on Unix; elsewhere this is best effort.
    match File::open(dir).and_then(|d| d.sync_all()) {
        Ok(()) => Ok(()),
        Err(e) if cfg!(unix) => Err(StoreError::Io { path: dir.to_path_buf(), source: e }),
        Err(_) => Ok(()),
    }
}

/// Orders A1 addresses as a reader would: column letters (shorter first), then the row number, so A2 < A10.
/// Anything else sorts by its text after all A1 addresses.
pub(crate) fn cell_key(cell: &str) -> (u8, usize, Letters<'_>, u64, &str) {
    // Called twice per comparison while sorting every row: nothing is allocated.
    let n = cell.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (letters, digits) = cell.split_at(n);
    match digits.parse::<u64>() {
        Ok(row) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => (0, n, Letters(letters), row, ""),
        _ => (1, 0, Letters(""), 0, cell),
    }
}

/// Column letters, compared without regard to case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Letters<'a>(&'a str);

impl Ord for Letters<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.bytes().map(|b| b.to_ascii_uppercase()).cmp(other.0.bytes().map(|b| b.to_ascii_uppercase()))
    }
}

impl PartialOrd for Letters<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Letters<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Letters<'_> {}

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
pub(crate) fn observation_order(a: &Observation, b: &Observation) -> std::cmp::Ordering {
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
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let evidence: Vec<String> = rows
        .iter()
        .map(|r| {
            r.evidence
                .iter()
                .map(|e| {
                    format!(
                        "{}\t{}\t{}\t{}",
                        flat(&e.fact),
                        flat(&e.source.file),
                        flat(&e.source.sheet),
                        flat(&e.quote)
                    )
                })
                .collect::<Vec<_>>()
                .join(crate::schema::EVIDENCE_SEPARATOR)
        })
        .collect();
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
        str_col(columns::EVIDENCE, evidence.iter().map(String::as_str).collect()),
        str_col(columns::ANSWERED_LEVELS, rows.iter().map(|r| r.answered_levels.as_str()).collect()),
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
