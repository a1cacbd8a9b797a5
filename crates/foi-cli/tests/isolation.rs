//! The child readers xls, ods and HTML files are read in (`foi-read`): one child serves file after file, reads
//! each exactly as this process would, and a file that kills its child costs only itself.

use std::path::{Path, PathBuf};

use foi_ingest::sources::isolate::Sandbox;
use foi_ingest::sources::{read_bytes, Document, ReadError};
use foi_ingest::Limits;

fn fixture(name: &str) -> (String, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name);
    (name.to_string(), fs_err::read(path).unwrap())
}

fn sandboxed() -> Limits {
    let program = PathBuf::from(env!("CARGO_BIN_EXE_foi-read"));
    Limits { sandbox: Some(Sandbox::new(program, Vec::new())), ..Limits::default() }
}

fn json(docs: &[Document]) -> String {
    serde_json::to_string(docs).unwrap()
}

/// This test process's living children that run `foi-read`.
fn readers() -> usize {
    let me = std::process::id().to_string();
    fs_err::read_dir("/proc")
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            let stat = fs_err::read_to_string(e.path().join("stat")).unwrap_or_default();
            // pid (comm) state ppid …: the name may hold spaces, so fields are counted after the last ')'.
            let Some((name, rest)) = stat.rsplit_once(')') else { return false };
            let fields: Vec<&str> = rest.split_whitespace().collect();
            name.ends_with("(foi-read") && fields.get(1) == Some(&me.as_str()) && fields.first() != Some(&"Z")
        })
        .count()
}

/// The tests count this process's children: one at a time.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn one_child_reads_file_after_file_as_this_process_would() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let files = ["legacy.xls", "years_across.ods", "disclosure_log.html", "footnotes.html", "legacy.xls"];
    let limits = sandboxed();
    for f in files {
        let (name, bytes) = fixture(f);
        let inside = read_bytes(&name, &bytes, &Limits::default()).unwrap();
        let isolated = read_bytes(&name, &bytes, &limits).unwrap();
        assert_eq!(json(&isolated), json(&inside), "{f}");
        assert!(!inside.is_empty() && !inside[0].sheets.is_empty(), "{f} read nothing");
    }
    if cfg!(target_os = "linux") {
        // Read one after another, the files needed one child, kept between them.
        assert_eq!(readers(), 1);
        drop(limits);
        assert_eq!(readers(), 0, "the children outlived the sandbox");
    }
}

#[test]
fn a_file_that_kills_its_child_costs_only_itself() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let limits = sandboxed();
    let (good, good_bytes) = fixture("legacy.xls");
    let expected = json(&read_bytes(&good, &good_bytes, &Limits::default()).unwrap());
    // The same verdict whether the child was fresh or had read files before (it is then tried in a fresh one).
    let verdict = |f: &str| {
        let (name, bytes) = fixture(f);
        match read_bytes(&name, &bytes, &limits) {
            Err(ReadError::Limit(m) | ReadError::Corrupt(m)) => m,
            other => panic!("{f}: {other:?}"),
        }
    };
    let fresh = verdict("fuzz/xls-oom-1.xls");
    for f in ["fuzz/xls-oom-1.xls", "fuzz/xls-oom-2.xls", "fuzz/xls-panic-sector-slice.xls"] {
        assert_eq!(json(&read_bytes(&good, &good_bytes, &limits).unwrap()), expected);
        let m = verdict(f);
        if f == "fuzz/xls-oom-1.xls" {
            assert_eq!(m, fresh, "a used child's death was blamed differently");
        }
    }
    // And the files after them are read.
    assert_eq!(json(&read_bytes(&good, &good_bytes, &limits).unwrap()), expected);
}
