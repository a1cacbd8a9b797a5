//! The hostile corpus (foi_bench::hostile, at its small size) mixed into the sample campaign, through the real
//! binary: the run ends normally, every sample value is still stored, every hostile file or folder is named in
//! a problem, text from answers stays data in the releases and the figures files, and a closed pipe is no
//! panic. `just stress` runs the full-size corpus through the release binary and measures it.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use foi_bench::hostile::{self, AttackKind, Scale};

fn foi(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_foi")).args(args).output().expect("run foi");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "foi {args:?} panicked:\n{err}");
    out
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_hostile_corpus_costs_only_its_own_files() {
    let tmp = tempfile::tempdir().unwrap();
    let raw = tmp.path().join("raw");
    let campaign = raw.join("tiktok-2024");
    foi_bench::bench::copy_tree(&common::root().join("data-raw/tiktok-2024"), &campaign).unwrap();
    let attacks = hostile::generate(&campaign, Scale::Small).unwrap();
    assert!(attacks.len() >= 28, "{} attacks", attacks.len());
    let store = tmp.path().join("store");
    let (raw_s, store_s) = (raw.to_str().unwrap(), store.to_str().unwrap());

    let out = foi(&["ingest", "--raw", raw_s, "--store", store_s]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ingest failed:\n{err}");
    // No library noise: the problems table on stdout says what happened to each file.
    assert!(err.len() < 2000, "{} bytes on stderr:\n{}", err.len(), &err[..err.len().min(2000)]);

    // Every sample value is still stored, exactly as without the attacks.
    let s = foi_store::Store::open(&store).unwrap();
    let (observations, responses) =
        (s.read_observations("tiktok-2024").unwrap(), s.read_responses("tiktok-2024").unwrap());
    let score = foi_tests::score(&common::root().join("tests/data/expected.json"), &observations, &responses);
    assert!(score.wrong.is_empty(), "wrong values:\n{}", score.wrong.join("\n"));
    assert!(score.spurious.is_empty(), "spurious rows:\n{}", score.spurious.join("\n"));
    assert!(score.status_errors.is_empty(), "status errors:\n{}", score.status_errors.join("\n"));
    assert_eq!((score.correct, score.total), (1007, 1007));

    // Every attack is named in a problem, with a reason.
    let problems = s.read_problems(Some("tiktok-2024")).unwrap();
    for a in &attacks {
        let at = format!("tiktok-2024/{}", a.path);
        let named = problems.iter().find(|p| p.source.file == at || p.source.file.starts_with(&format!("{at}/")));
        let Some(p) = named else { panic!("{} ({}) is named in no problem", a.path.escape_debug(), a.what) };
        assert!(!p.message.is_empty());
        if matches!(a.kind, AttackKind::File | AttackKind::Folder | AttackKind::CampaignFile) {
            assert!(p.is_open_blocking() || p.message.contains("not read"), "{}: {}", a.path, p.message);
        }
    }
    // Nothing of the machine's files reached the store.
    assert!(!problems.iter().any(|p| p.message.contains("root:x:0")), "/etc/passwd was read");

    // Review, as text and JSON, reads every problem (a 70,000-character label among them) without a panic.
    let review = foi(&["review", "--raw", raw_s, "--store", store_s]);
    assert!(review.status.success(), "{}", String::from_utf8_lossy(&review.stderr));
    let review = String::from_utf8_lossy(&review.stdout);
    assert!(!review.contains('\u{1b}'), "an escape sequence from a folder name reached the terminal");

    // Releases: markup in the campaign title and in answers' labels printed as text; figures files neutralised.
    let reports = tmp.path().join("reports");
    let out = foi(&["report", "--all", "--raw", raw_s, "--store", store_s, "--out", reports.to_str().unwrap()]);
    assert!(out.status.code().is_some(), "report --all was killed");
    let dir = reports.join("tiktok-2024");
    let overview = pdf_text(&dir.join(format!("{}.pdf", foi_report::OVERVIEW_STEM)));
    assert!(overview.contains("#set page(fill: red)"), "the title's markup is not literal in the overview");
    let mut csvs = Vec::new();
    let mut folders = vec![dir.clone()];
    while let Some(d) = folders.pop() {
        for e in fs_err::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|x| x == "csv") {
                csvs.push(path);
            }
        }
    }
    assert!(csvs.len() > 44, "every pack's CSVs are checked ({} found)", csvs.len());
    for path in csvs {
        {
            for record in csv::Reader::from_path(&path).unwrap().records() {
                for field in record.unwrap().iter() {
                    let formula = field.starts_with(['=', '+', '@', '\t', '\r'])
                        || (field.starts_with('-') && field[1..].parse::<f64>().is_err());
                    assert!(!formula, "{}: {field:?} would run as a formula", path.display());
                }
            }
        }
    }

    // Names from the command line cannot lead out of the raw folder or the reports folder.
    let outside = tmp.path().join("escaped");
    for args in [
        vec!["report", "../escaped/x", "--draft"],
        vec!["report", "kent", "--draft", "--campaign", "../escaped"],
        vec!["figures", "../../etc/passwd"],
    ] {
        let mut args: Vec<&str> = args;
        args.extend(["--raw", raw_s, "--store", store_s]);
        if args[0] == "report" {
            args.extend(["--out", reports.to_str().unwrap()]);
        }
        let out = foi(&args);
        assert!(!out.status.success(), "foi {args:?} accepted a name that is no force or campaign");
    }
    assert!(!outside.exists());

    // `foi review | head -c 100`: the reader goes away; the writer ends quietly.
    let mut child = Command::new(env!("CARGO_BIN_EXE_foi"))
        .args(["review", "--raw", raw_s, "--store", store_s])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// Regression fixtures from `just fuzz`: small .xls files on which calamine asks for gigabytes (libFuzzer's
/// out-of-memory reports) or panics (a sector sliced past the end of the file, an assertion on a chain's length).
/// Read in the child process, each costs only itself, with a blocking problem that says why.
#[test]
fn fuzzed_xls_files_that_exhaust_calamine_cost_only_themselves() {
    let files = [
        "fuzz/xls-oom-1.xls",
        "fuzz/xls-oom-2.xls",
        "fuzz/xls-oom-3.xls",
        "fuzz/xls-panic-sector-slice.xls",
        "fuzz/xls-panic-to-u32.xls",
    ];
    let desk = common::Desk::new(&[("kent", &files), ("essex", &["wide.xlsx"])]);
    desk.ingest(&[]);
    let s = foi_store::Store::open(&desk.store).unwrap();
    let problems = s.read_problems(Some("tiktok-2024")).unwrap();
    for f in files {
        let name = f.trim_start_matches("fuzz/");
        let p = problems
            .iter()
            .find(|p| p.source.file.ends_with(name))
            .unwrap_or_else(|| panic!("{name} named in no problem"));
        assert!(p.is_open_blocking() && p.kind == foi_model::ProblemKind::UnreadableFile, "{name}: {}", p.message);
    }
    // The other force's answer beside them is read.
    assert!(s.read_observations("tiktok-2024").unwrap().iter().any(|o| o.force == "essex"));
}
