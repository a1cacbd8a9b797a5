//! The whole sample corpus, unmodified in data-raw/, through ingest and the real Parquet store, scored against
//! tests/data/expected.json exactly as `score_store.py --statuses` scores it.

use foi_model::Reference;
use foi_tests::{raw, root, score};

#[test]
fn corpus_ingests_to_the_expected_store() {
    let campaigns = foi_ingest::ingest_all(&raw(), &Reference::builtin()).unwrap();
    let data: Vec<foi_store::CampaignData> = campaigns
        .iter()
        .map(|c| foi_store::CampaignData {
            campaign: c.campaign.slug.clone(),
            observations: c.observations.clone(),
            responses: c.responses.clone(),
            problems: c.problems.clone(),
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    foi_store::write(tmp.path(), &data).unwrap();
    let store = foi_store::Store::open(tmp.path()).unwrap();
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
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/data/expected.json")).unwrap()).unwrap();
    for (force, e) in exp["forces"].as_object().unwrap() {
        let r = responses.iter().find(|r| &r.force == force).unwrap();
        assert_eq!(r.period_basis.as_str(), e["period_basis"].as_str().unwrap(), "{force} period basis");
    }
}

#[test]
fn reingest_writes_the_same_store() {
    let reference = Reference::builtin();
    let write = |dir: &std::path::Path| {
        let data: Vec<_> = foi_ingest::ingest_all(&raw(), &reference)
            .unwrap()
            .into_iter()
            .map(|c| foi_store::CampaignData {
                campaign: c.campaign.slug.clone(),
                observations: c.observations,
                responses: c.responses,
                problems: c.problems,
            })
            .collect();
        foi_store::write(dir, &data).unwrap();
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(a.path());
    write(b.path());
    for part in ["observations", "responses", "problems"] {
        let file = format!("{part}/tiktok-2024.parquet");
        assert_eq!(
            std::fs::read(a.path().join(&file)).unwrap(),
            std::fs::read(b.path().join(&file)).unwrap(),
            "{file} differs"
        );
    }
}
