//! A re-ingest reads only what changed: forces whose files, campaign files, limits and build are the same reuse
//! their last results, and the store they make is byte for byte the store a full read makes.

mod common;

use std::path::Path;

use common::{text, Desk};

const TABLES: [&str; 3] = ["observations", "responses", "problems"];

fn tables(store: &Path) -> Vec<Vec<u8>> {
    let s = foi_store::Store::open(store).unwrap();
    TABLES.iter().map(|t| fs_err::read(s.version_dir().join(t).join("tiktok-2024.parquet")).unwrap()).collect()
}

/// The store a full read of the same folder makes, with no cache.
fn fresh(desk: &Desk) -> Vec<Vec<u8>> {
    let other = tempfile::tempdir().unwrap();
    let store = other.path().join("store");
    let out = desk.run(&[
        "ingest",
        "--raw",
        &desk.raw.display().to_string(),
        "--store",
        &store.display().to_string(),
        "--no-cache",
    ]);
    assert!(out.status.success());
    assert!(!text(&out).contains("unchanged"), "--no-cache reused results:\n{}", text(&out));
    tables(&store)
}

fn reused(out: &std::process::Output) -> usize {
    let t = text(out);
    t.split(" unchanged since the last ingest")
        .next()
        .and_then(|s| s.rsplit('(').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn only_changed_forces_are_read_again_and_the_store_is_the_same_as_a_full_read() {
    let desk = Desk::new(&[("kent", &["suppressed.xlsx"]), ("essex", &["wide.xlsx"]), ("surrey", &["platforms.xlsx"])]);
    let campaign = desk.raw.join("tiktok-2024");
    assert_eq!(reused(&desk.ingest(&[])), 0, "a first ingest has nothing to reuse");
    assert_eq!(reused(&desk.ingest(&[])), 3, "nothing changed: every force reused");
    assert_eq!(tables(&desk.store), fresh(&desk));

    // One force's answer replaced: that force alone is read again, and its new figures are stored.
    let before = tables(&desk.store);
    fs_err::remove_file(campaign.join("essex/wide.xlsx")).unwrap();
    fs_err::copy(common::root().join("tests/fixtures/months_across.csv"), campaign.join("essex/months.csv")).unwrap();
    assert_eq!(reused(&desk.ingest(&[])), 2);
    let after = tables(&desk.store);
    assert_ne!(before[0], after[0], "the changed answer's observations are stored");
    assert_eq!(after, fresh(&desk));

    // The same bytes under another name are another answer (file names are cited as sources).
    fs_err::rename(campaign.join("essex/months.csv"), campaign.join("essex/months-renamed.csv")).unwrap();
    assert_eq!(reused(&desk.ingest(&[])), 2);
    assert_eq!(tables(&desk.store), fresh(&desk));

    // A campaign file changed (the request, corrections, vocabularies): every force is read again.
    let request = campaign.join("request.txt");
    let mut words = fs_err::read_to_string(&request).unwrap();
    words.push('\n');
    fs_err::write(&request, words).unwrap();
    assert_eq!(reused(&desk.ingest(&[])), 0);

    // A run without the cache writes the store behind the cache's back; the next cached run must not take the
    // store for what its unchanged inputs made.
    let before = tables(&desk.store);
    let months = campaign.join("essex/months-renamed.csv");
    let kept = fs_err::read(&months).unwrap();
    fs_err::remove_file(&months).unwrap();
    desk.ingest(&["--no-cache"]);
    assert_ne!(tables(&desk.store), before);
    fs_err::write(&months, kept).unwrap();
    assert_eq!(reused(&desk.ingest(&[])), 3, "every force is as the cache last saw it");
    assert_eq!(tables(&desk.store), before, "yet the store is rewritten from them");
    assert_eq!(tables(&desk.store), fresh(&desk));

    // Another limit is another reading.
    assert_eq!(reused(&desk.ingest(&["--max-sheet-cells", "5000000"])), 0);
    assert_eq!(reused(&desk.ingest(&["--max-sheet-cells", "5000000"])), 3);
}

#[test]
fn a_damaged_cache_only_costs_a_full_read() {
    let desk = Desk::new(&[("kent", &["suppressed.xlsx"]), ("essex", &["wide.xlsx"])]);
    desk.ingest(&[]);
    let cache = desk.store.join("ingest-cache/tiktok-2024.msgpack");
    assert!(cache.is_file(), "the cache is kept with the store");
    let good = fs_err::read(&cache).unwrap();
    // Cut short (a disk filled mid-write), another shape, not MessagePack at all, empty.
    let half = good[..good.len() / 2].to_vec();
    let mut other = good.clone();
    other[good.len() / 3] ^= 0xff;
    for garbage in
        [&half[..], &other[..], &b"{\"format\": 1, \"forces\": {\"kent\": 3}}"[..], b"\x00\x01 not json", b""]
    {
        fs_err::write(&cache, garbage).unwrap();
        let out = desk.ingest(&[]);
        assert_eq!(reused(&out), 0);
        assert_eq!(tables(&desk.store), fresh(&desk));
    }
    assert_eq!(reused(&desk.ingest(&[])), 2, "the damaged cache was replaced by a good one");
}
