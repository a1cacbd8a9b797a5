//! The whole sample corpus, unmodified in data-raw/, through ingest and the real Parquet store, scored against
//! tests/data/expected.json exactly as `score_store.py --statuses` scores it.

use foi_tests::{ingest_corpus_into, root, score};

#[test]
fn corpus_ingests_to_the_expected_store() {
    let tmp = tempfile::tempdir().unwrap();
    let store = ingest_corpus_into(tmp.path());
    let observations = store.read_observations("tiktok-2024").unwrap();
    let responses = store.read_responses("tiktok-2024").unwrap();

    let s = score(&root().join("tests/data/expected.json"), &observations, &responses);
    assert!(s.wrong.is_empty(), "wrong values:\n{}", s.wrong.join("\n"));
    assert!(s.spurious.is_empty(), "spurious rows:\n{}", s.spurious.join("\n"));
    assert!(s.status_errors.is_empty(), "status errors:\n{}", s.status_errors.join("\n"));
    assert_eq!((s.correct, s.total), (1007, 1007));
    assert_eq!(responses.len(), 44);

    // The year basis each force answered on, as EXPECTED records it.
    let exp: serde_json::Value =
        serde_json::from_str(&fs_err::read_to_string(root().join("tests/data/expected.json")).unwrap()).unwrap();
    for (force, e) in exp["forces"].as_object().unwrap() {
        let r = responses.iter().find(|r| &r.force == force).unwrap();
        assert_eq!(r.period_basis.as_str(), e["period_basis"].as_str().unwrap(), "{force} period basis");
    }
}

#[test]
fn reingest_writes_the_same_store() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    ingest_corpus_into(a.path());
    ingest_corpus_into(b.path());
    for part in ["observations", "responses", "problems"] {
        let file = format!("current/{part}/tiktok-2024.parquet");
        assert_eq!(
            fs_err::read(a.path().join(&file)).unwrap(),
            fs_err::read(b.path().join(&file)).unwrap(),
            "{file} differs"
        );
    }
}
