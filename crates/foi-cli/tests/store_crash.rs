//! The store survives: an ingest killed (SIGKILL) at random moments and at each step of the switch leaves the
//! store as the complete old version or the complete new one, never a mix; two ingests started together run one
//! after the other; a reader during ingests always reads one whole version.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Desk;

const TABLES: [&str; 3] = ["observations", "responses", "problems"];

/// The bytes of every table of the version a reader opens, read while that version is pinned.
fn snapshot(store: &Path) -> Vec<Vec<u8>> {
    let s = foi_store::Store::open(store).expect("the store opens");
    // Reading through the store proves the version is readable, not only present.
    for c in s.campaigns().unwrap() {
        s.read_observations(&c).unwrap();
        s.read_responses(&c).unwrap();
        s.read_problems(Some(&c)).unwrap();
    }
    TABLES.iter().map(|t| fs_err::read(s.version_dir().join(t).join("tiktok-2024.parquet")).unwrap()).collect()
}

fn ingest(raw: &Path, store: &Path, kill_at: Option<&str>) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_foi"));
    cmd.args(["ingest", "--raw"]).arg(raw).arg("--store").arg(store).stdout(Stdio::null()).stderr(Stdio::piped());
    if let Some(step) = kill_at {
        cmd.env("FOI_STORE_KILL_AT", step);
    }
    cmd.spawn().expect("run foi")
}

/// Two answer sets for the same campaign, so old and new stores differ in every table.
fn desks() -> (Desk, Desk) {
    let a = Desk::new(&[("kent", &["suppressed.xlsx"]), ("essex", &["wide.xlsx"])]);
    let b = Desk::new(&[("surrey", &["platforms.xlsx"]), ("devon-and-cornwall", &["months_across.csv"])]);
    (a, b)
}

fn leftovers(store: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs_err::read_dir(store)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_killed_ingest_leaves_the_old_store_or_the_new_one_never_a_mix() {
    let (desk, other) = desks();
    let b_raw = other.raw.clone();
    let (ref_a, ref_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let started = Instant::now();
    assert!(ingest(&desk.raw, ref_a.path(), None).wait().unwrap().success());
    let clean_run = started.elapsed();
    assert!(ingest(&b_raw, ref_b.path(), None).wait().unwrap().success());
    let (a, b) = (snapshot(ref_a.path()), snapshot(ref_b.path()));
    assert_ne!(a, b, "the two answer sets must give different stores");

    let store = desk.store.clone();
    assert!(ingest(&desk.raw, &store, None).wait().unwrap().success());
    let mut state = a.clone();
    let mut kills = 0;

    // At each step of the switch: before the pointer is renamed the old store stands, after it the new one.
    for (step, switched) in [
        ("table observations", false),
        ("table responses", false),
        ("table problems", false),
        ("pointer", false),
        ("switched", true),
        ("pruning", true),
    ] {
        let (raw, new) = if state == a { (&b_raw, &b) } else { (&desk.raw, &a) };
        let status = ingest(raw, &store, Some(step)).wait().unwrap();
        assert!(!status.success(), "the ingest was to be killed at {step}");
        kills += 1;
        let now = snapshot(&store);
        let expected = if switched { new } else { &state };
        assert!(
            &now == expected,
            "killed at {step}: the store is not the {} one",
            if switched { "new" } else { "old" }
        );
        state = now;
    }

    // At random moments through a whole run (a fixed seed, so a failure can be replayed).
    let mut seed: u64 = 0x05ee_df01;
    let span = clean_run.as_micros().max(1000) as u64;
    for i in 0..24 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = Duration::from_micros((seed >> 33) % (span + span / 4));
        let raw = if i % 2 == 0 { &b_raw } else { &desk.raw };
        let mut child = ingest(raw, &store, None);
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        kills += 1;
        let now = snapshot(&store);
        assert!(now == a || now == b, "kill {i} after {delay:?}: the store mixes two runs");
    }
    assert!(kills >= 30);

    // A clean run after all that writes the store as a clean run does, and clears what the kills left.
    assert!(ingest(&desk.raw, &store, None).wait().unwrap().success());
    assert!(snapshot(&store) == a);
    assert_eq!(leftovers(&store), Vec::<String>::new());
    let versions = fs_err::read_dir(store.join(foi_store::VERSIONS)).unwrap().count();
    assert!(versions <= 2, "{versions} versions kept");
}

#[test]
fn ingests_started_together_take_turns_and_readers_see_one_whole_version() {
    let (desk, other) = desks();
    let b_raw = other.raw.clone();
    let (ref_a, ref_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert!(ingest(&desk.raw, ref_a.path(), None).wait().unwrap().success());
    assert!(ingest(&b_raw, ref_b.path(), None).wait().unwrap().success());
    let (a, b) = (snapshot(ref_a.path()), snapshot(ref_b.path()));
    let store = desk.store.clone();
    assert!(ingest(&desk.raw, &store, None).wait().unwrap().success());

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (store, stop, a, b) = (store.clone(), stop.clone(), a.clone(), b.clone());
        std::thread::spawn(move || {
            let mut reads = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let now = snapshot(&store);
                assert!(now == a || now == b, "read {reads} mixed two runs");
                reads += 1;
            }
            reads
        })
    };
    for round in 0..4 {
        let first = ingest(&b_raw, &store, None);
        let second = ingest(&desk.raw, &store, None);
        for (name, child) in [("first", first), ("second", second)] {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: the {name} ingest failed:\n{err}");
            assert!(!err.contains("panicked"), "{err}");
        }
        let now = snapshot(&store);
        assert!(now == a || now == b, "round {round}: the store after two ingests is neither run's");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let reads = reader.join().expect("every read saw one whole version");
    assert!(reads > 10, "only {reads} reads were made during the ingests");
}
