//! `just bench`: the pipeline timed beside its floor on inputs made here — the sample campaign ×1, ×10 and ×100,
//! a re-ingest with one force's file changed, a million-row crime list as xlsx and as csv, and the releases
//! against bare typst on the same sources. Whole processes, wall-clock medians, peak memory from the kernel.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use calamine::{open_workbook_auto, Reader};

/// One measured line of the table.
#[derive(Debug, Clone)]
pub struct Row {
    pub what: String,
    /// Median wall-clock seconds.
    pub seconds: f64,
    /// Peak resident memory of the process, when measured.
    pub peak_mb: Option<f64>,
    /// Work done, for throughput: (amount, unit) — files, rows, PDFs.
    pub work: Option<(f64, &'static str)>,
    /// The row this one is compared with, and the ratio.
    pub versus: Option<(String, f64)>,
}

/// `n` copies of the campaign folder `src` under `raw`, each a campaign of its own (`<slug>-copy-<i>`).
pub fn copies(src: &Path, raw: &Path, n: usize) -> std::io::Result<()> {
    let slug = src.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    for i in 1..=n {
        let to = raw.join(format!("{slug}-copy-{i:03}"));
        copy_tree(src, &to)?;
        let toml = fs_err::read_to_string(to.join("campaign.toml"))?;
        let toml = toml.replacen(&format!("slug = \"{slug}\""), &format!("slug = \"{slug}-copy-{i:03}\""), 1);
        fs_err::write(to.join("campaign.toml"), toml)?;
    }
    Ok(())
}

pub fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    fs_err::create_dir_all(to)?;
    for e in fs_err::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &target)?;
        } else {
            fs_err::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

/// Every spreadsheet file (xlsx, xlsm, xlsb, xls, ods) under `dir`, sorted.
pub fn spreadsheets(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs_err::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| ["xlsx", "xlsm", "xlsb", "xls", "ods"].contains(&x.to_ascii_lowercase().as_str()))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The floor: calamine opens each spreadsheet and reads every cell of every sheet, nothing else, on one thread.
/// Returns the seconds and the cells read.
pub fn floor(files: &[PathBuf]) -> (f64, u64) {
    let started = Instant::now();
    let mut cells = 0u64;
    for f in files {
        let Ok(mut wb) = open_workbook_auto(f) else { continue };
        for name in wb.sheet_names() {
            if let Ok(range) = wb.worksheet_range(&name) {
                cells += range.used_cells().count() as u64;
            }
        }
    }
    (started.elapsed().as_secs_f64(), cells)
}

/// Run a command under `/usr/bin/time` `runs` times: the median seconds and the largest peak memory (MB).
///
/// The seconds are this process's clock around the whole run (`/usr/bin/time` prints hundredths, too coarse
/// for a run of a few tens of milliseconds), so they include starting `/usr/bin/time` itself: about a
/// millisecond, the same for every command timed here.
pub fn time(cmd: &[&str], runs: usize, env: &[(&str, &str)]) -> std::io::Result<(f64, f64)> {
    let mut secs = Vec::new();
    let mut peak: f64 = 0.0;
    let out = std::env::temp_dir().join(format!("foi-bench-time-{}", std::process::id()));
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let status = Command::new("/usr/bin/time")
            .args(["-f", "%e %M", "-o"])
            .arg(&out)
            .args(cmd)
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()?;
        let elapsed = started.elapsed().as_secs_f64();
        if !status.success() && status.code() != Some(3) {
            return Err(std::io::Error::other(format!("{} failed ({status})", cmd.join(" "))));
        }
        let text = fs_err::read_to_string(&out)?;
        let last = text.lines().last().unwrap_or("");
        let kb: f64 = last.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
        secs.push(elapsed);
        peak = peak.max(kb / 1024.0);
    }
    let _ = fs_err::remove_file(&out);
    secs.sort_by(f64::total_cmp);
    Ok((secs[secs.len() / 2], peak))
}

/// Time a closure `runs` times in this process: the median seconds.
pub fn time_here<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut secs = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        last = Some(f());
        secs.push(started.elapsed().as_secs_f64());
    }
    secs.sort_by(f64::total_cmp);
    (secs[secs.len() / 2], last.expect("one run"))
}

/// The table, as markdown.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from("| work | time | peak memory | throughput | versus |\n|---|---:|---:|---:|---|\n");
    for r in rows {
        let peak = r.peak_mb.map_or("—".into(), |m| format!("{m:.0} MB"));
        let through = r.work.map_or("—".into(), |(n, unit)| format!("{:.0} {unit}/s", n / r.seconds.max(1e-9)));
        let versus = r.versus.as_ref().map_or("—".into(), |(what, ratio)| format!("{ratio:.2}× {what}"));
        out.push_str(&format!("| {} | {:.3} s | {peak} | {through} | {versus} |\n", r.what, r.seconds));
    }
    out
}
