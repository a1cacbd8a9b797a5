//! `foi-bench list ROWS DIR [xlsx|csv]`: write a generated campaign with one force's crime list of ROWS rows
//! under DIR (a raw folder). `foi-bench check ROWS STORE`: compare what a store holds for that campaign with the
//! counts the generator made, and fail on any difference. `foi-bench hostile CAMPAIGN_DIR [small|full]`: add the
//! hostile corpus to a copy of a campaign folder and list its attacks.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;

use foi_bench::crime_list;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["bench", foi, typst, campaign, rest @ ..] => {
            let rows = rest.first().and_then(|r| whole_number(r)).unwrap_or(1_000_000);
            match run_bench(foi, typst, std::path::Path::new(campaign), rows) {
                Ok(table) => {
                    println!("{table}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("bench failed: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        ["hostile", dir, rest @ ..] => {
            let scale = match rest.first().copied().unwrap_or("small") {
                "full" => foi_bench::hostile::Scale::Full,
                "small" => foi_bench::hostile::Scale::Small,
                other => {
                    eprintln!("scale is small or full, not {other:?}");
                    return ExitCode::from(2);
                }
            };
            match foi_bench::hostile::generate(std::path::Path::new(dir), scale) {
                Ok(attacks) => {
                    for a in attacks {
                        println!("{}\t{}", a.path.escape_debug(), a.what);
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("cannot write the hostile corpus into {dir}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        ["list", rows, dir, rest @ ..] => {
            let Some(rows) = whole_number(rows) else { return ExitCode::from(2) };
            let format = rest.first().copied().unwrap_or("xlsx");
            let campaign = PathBuf::from(dir).join("generated-list");
            let force = campaign.join("northamptonshire");
            let (crimes, expected) = crime_list::generate(rows);
            let written =
                crime_list::write_campaign(&campaign).and_then(|_| fs_err::create_dir_all(&force)).and_then(|_| {
                    match format {
                        "csv" => crime_list::write_csv(&force.join("crimes.csv"), &crimes),
                        _ => crime_list::write_xlsx(&force.join("crimes.xlsx"), &crimes),
                    }
                });
            if let Err(e) = written {
                eprintln!("cannot write the list: {e}");
                return ExitCode::FAILURE;
            }
            println!(
                "{} crimes in the years asked, {} outside",
                expected.by_year.values().sum::<i64>(),
                expected.outside
            );
            ExitCode::SUCCESS
        }
        ["check", rows, store] => {
            let Some(rows) = whole_number(rows) else { return ExitCode::from(2) };
            let (_, mut expected) = crime_list::generate(rows);
            expected.outside = 0;
            let got = foi_store::Store::open(std::path::Path::new(store))
                .and_then(|s| s.read_observations("generated-list"))
                .map_err(|e| e.to_string())
                .and_then(|obs| crime_list::stored(&obs));
            match got {
                Ok(got) if got == expected => {
                    let total: i64 = got.by_year.values().sum();
                    println!(
                        "exact: {total} crimes in the years asked, {} offence and {} outcome counts equal the generator's",
                        got.by_offence.len(),
                        got.by_outcome.len()
                    );
                    ExitCode::SUCCESS
                }
                Ok(got) => {
                    eprintln!("the store differs from the list:\n expected {expected:?}\n stored   {got:?}");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("cannot read the store: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!(
                "usage: foi-bench list ROWS DIR [xlsx|csv] | foi-bench check ROWS STORE | foi-bench hostile CAMPAIGN_DIR [small|full]"
            );
            ExitCode::from(2)
        }
    }
}

/// ROWS as written on the command line ("1_000_000" too); `None` after saying why.
fn whole_number(rows: &str) -> Option<usize> {
    let n = rows.replace('_', "").parse().ok();
    if n.is_none() {
        eprintln!("ROWS must be a whole number, not {rows:?}");
    }
    n
}

/// The whole benchmark: inputs made in a temp folder, each measurement beside what it is compared with.
fn run_bench(foi: &str, typst: &str, campaign: &std::path::Path, rows: usize) -> std::io::Result<String> {
    use foi_bench::bench::{self, Row};
    let tmp = std::env::temp_dir().join(format!("foi-bench-{}", std::process::id()));
    let _ = fs_err::remove_dir_all(&tmp);
    fs_err::create_dir_all(&tmp)?;
    // Built beside this binary by `cargo build -p foi-bench`.
    let floor_bin = std::env::current_exe()?.with_file_name("calamine-floor");
    let result = (|| {
        let mut table = Vec::new();
        let s = |p: &std::path::Path| p.to_string_lossy().into_owned();
        let slug = campaign.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        for n in [1usize, 10, 100] {
            eprintln!("campaign x{n} …");
            let raw = tmp.join(format!("raw-{n}"));
            bench::copies(campaign, &raw, n)?;
            let sheets = bench::spreadsheets(&raw);
            let files = walk_files(&raw);
            let (floor_s, cells) = bench::time_here(3, || bench::floor(&sheets).1);
            table.push(Row {
                what: format!(
                    "floor x{n}: calamine reads every cell of {} spreadsheets ({cells} cells), 1 thread, in this process",
                    sheets.len()
                ),
                seconds: floor_s,
                peak_mb: None,
                work: Some((sheets.len() as f64, "files")),
                versus: None,
            });
            // Short runs vary most from run to run: more of them.
            let runs = match n {
                1 => 11,
                10 => 5,
                _ => 3,
            };
            // The floor the way foi is timed: a process of its own, from start to exit.
            let (process_s, process_peak) = bench::time(&[&s(&floor_bin), &s(&raw)], runs, &[])?;
            table.push(Row {
                what: format!("floor x{n} as a whole process (start, find the spreadsheets, read every cell, exit)"),
                seconds: process_s,
                peak_mb: Some(process_peak),
                work: Some((sheets.len() as f64, "files")),
                versus: None,
            });
            let store = tmp.join(format!("store-{n}"));
            // Every timed run reads everything: the cache of unchanged forces is what the re-ingest rows measure.
            let (secs, peak) =
                bench::time(&[foi, "ingest", "--raw", &s(&raw), "--store", &s(&store), "--no-cache"], runs, &[])?;
            table.push(Row {
                what: format!(
                    "foi ingest x{n} ({files} files of {n} campaign(s)); {:.2}× the in-process floor",
                    secs / floor_s
                ),
                seconds: secs,
                peak_mb: Some(peak),
                work: Some((files as f64, "files")),
                versus: Some(("the whole-process floor".into(), secs / process_s)),
            });
            if n == 100 {
                let full_100 = secs;
                let ingest = [foi, "ingest", "--raw", &s(&raw), "--store", &s(&store)];
                // Fill the cache once, then time runs that find nothing changed.
                bench::time(&ingest, 1, &[])?;
                let (secs, peak) = bench::time(&ingest, 3, &[])?;
                table.push(Row {
                    what: "foi ingest x100 again, nothing changed".into(),
                    seconds: secs,
                    peak_mb: Some(peak),
                    work: Some((files as f64, "files")),
                    versus: Some(("the full ingest x100".into(), secs / full_100)),
                });
                // One force's answer changed before each run: a byte appended to the first spreadsheet of the
                // first copy, so every timed run has that force to read again.
                let mut times = Vec::new();
                let mut peak = 0.0f64;
                for _ in 0..3 {
                    if let Some(first) = sheets.first() {
                        let mut bytes = fs_err::read(first)?;
                        bytes.push(b'\n');
                        fs_err::write(first, bytes)?;
                    }
                    let (t, p) = bench::time(&ingest, 1, &[])?;
                    times.push(t);
                    peak = peak.max(p);
                }
                times.sort_by(f64::total_cmp);
                let secs = times[times.len() / 2];
                table.push(Row {
                    what: "foi ingest x100 again, one force's file changed".into(),
                    seconds: secs,
                    peak_mb: Some(peak),
                    work: Some((files as f64, "files")),
                    versus: Some(("the full ingest x100".into(), secs / full_100)),
                });
            }
            if n == 1 {
                eprintln!("releases …");
                let out = tmp.join("reports");
                let slug = format!("{slug}-copy-001");
                let report = |format: &str| {
                    bench::time(
                        &[
                            foi,
                            "report",
                            "--all",
                            "--campaign",
                            &slug,
                            "--store",
                            &s(&store),
                            "--raw",
                            &s(&raw),
                            "--out",
                            &s(&out),
                            "--format",
                            format,
                        ],
                        3,
                        &[("FOI_TYPST", typst)],
                    )
                };
                // The whole newsroom pack (text, HTML, chart images beside each PDF), then PDFs alone, which is
                // what bare typst is compared with.
                let (pack_secs, pack_peak) = report("pdf,txt,html,docx,png,svg")?;
                let (secs, peak) = report("pdf")?;
                let dir = out.join(&slug);
                // Each release's own source, in the campaign folder (the overview) and each force's folder; the
                // chart source makes the packs' images, not a release.
                let mut sources = Vec::new();
                let mut folders = vec![dir.clone()];
                while let Some(d) = folders.pop() {
                    for p in fs_err::read_dir(&d)?.filter_map(Result::ok).map(|e| e.path()) {
                        if p.is_dir() {
                            folders.push(p);
                        } else if p.extension().is_some_and(|x| x == "typ") && !p.ends_with("chart.typ") {
                            sources.push(p);
                        }
                    }
                }
                sources.sort();
                let (bare, ok) = bench::time_here(3, || bare_typst(typst, &sources));
                if !ok {
                    return Err(std::io::Error::other("bare typst failed on the generated sources"));
                }
                table.push(Row {
                    what: format!("bare typst compile of the same {} sources, 2 at a time", sources.len()),
                    seconds: bare,
                    peak_mb: None,
                    work: Some((sources.len() as f64, "PDFs")),
                    versus: None,
                });
                table.push(Row {
                    what: format!("foi report --all --format pdf ({} PDFs)", sources.len()),
                    seconds: secs,
                    peak_mb: Some(peak),
                    work: Some((sources.len() as f64, "PDFs")),
                    versus: Some(("bare typst".into(), secs / bare)),
                });
                table.push(Row {
                    what: format!(
                        "foi report --all, whole packs ({} PDFs, text, HTML, Word, chart PNG and SVG)",
                        sources.len()
                    ),
                    seconds: pack_secs,
                    peak_mb: Some(pack_peak),
                    work: Some((sources.len() as f64, "packs")),
                    versus: Some(("bare typst, PDFs only".into(), pack_secs / bare)),
                });
            }
            let _ = fs_err::remove_dir_all(&raw);
            let _ = fs_err::remove_dir_all(&store);
        }
        eprintln!("crime list of {rows} rows …");
        let (crimes, _) = crime_list::generate(rows);
        for format in ["xlsx", "csv"] {
            let raw = tmp.join(format!("list-{format}"));
            let dir = raw.join("generated-list");
            crime_list::write_campaign(&dir)?;
            let force = dir.join("northamptonshire");
            fs_err::create_dir_all(&force)?;
            let file = force.join(format!("crimes.{format}"));
            match format {
                "csv" => crime_list::write_csv(&file, &crimes)?,
                _ => crime_list::write_xlsx(&file, &crimes)?,
            }
            let (floor_s, what) = if format == "xlsx" {
                let (s, cells) = bench::time_here(1, || bench::floor(std::slice::from_ref(&file)).1);
                (s, format!("floor: calamine reads the {rows}-row xlsx ({cells} cells)"))
            } else {
                let (s, records) = bench::time_here(1, || {
                    csv::Reader::from_path(&file).map(|mut r| r.byte_records().count()).unwrap_or(0)
                });
                (s, format!("floor: the csv crate splits the {rows}-row csv ({records} records)"))
            };
            table.push(Row { what, seconds: floor_s, peak_mb: None, work: Some((rows as f64, "rows")), versus: None });
            let store = tmp.join(format!("store-{format}"));
            let (secs, peak) = bench::time(&[foi, "ingest", "--raw", &s(&raw), "--store", &s(&store)], 1, &[])?;
            table.push(Row {
                what: format!("foi ingest of the {rows}-row {format} list"),
                seconds: secs,
                peak_mb: Some(peak),
                work: Some((rows as f64, "rows")),
                versus: Some(("the floor".into(), secs / floor_s)),
            });
            let _ = fs_err::remove_dir_all(&raw);
            let _ = fs_err::remove_dir_all(&store);
        }
        Ok(bench::markdown(&table))
    })();
    let _ = fs_err::remove_dir_all(&tmp);
    result
}

fn walk_files(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for e in fs_err::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            n += walk_files(&p);
        } else if !matches!(p.extension().and_then(|x| x.to_str()), Some("toml" | "txt")) {
            n += 1;
        }
    }
    n
}

/// The generated sources compiled by bare typst, two at a time, with the arguments foi gives it.
fn bare_typst(typst: &str, sources: &[std::path::PathBuf]) -> bool {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let ok = std::sync::atomic::AtomicBool::new(true);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(src) = sources.get(i) else { break };
                let stem = src.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let dir = src.parent().unwrap_or(std::path::Path::new("."));
                let status = std::process::Command::new(typst)
                    .current_dir(dir)
                    .args(["compile", "--root", ".", "--input"])
                    .arg(format!("data={stem}.json"))
                    .args(["--ignore-system-fonts", "--format", "pdf"])
                    .arg(format!("{stem}.typ"))
                    .arg(format!(".bare-{stem}.pdf"))
                    .status();
                if !status.is_ok_and(|s| s.success()) {
                    ok.store(false, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    ok.into_inner()
}
