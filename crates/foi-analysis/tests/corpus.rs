//! The figures of the sample corpus in data-raw/tiktok-2024, through the real ingest and store.

use std::path::Path;

use foi_analysis::{all_force_figures, ForceFigures};
use foi_model::Reference;
use foi_store::{CampaignData, Store};

fn figures() -> (tempfile::TempDir, Vec<ForceFigures>) {
    let raw = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data-raw");
    let reference = Reference::builtin();
    let c = foi_ingest::ingest_campaign(&raw.join("tiktok-2024"), &raw, &reference).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = CampaignData {
        campaign: c.campaign.slug.clone(),
        observations: c.observations.clone(),
        responses: c.responses.clone(),
        problems: c.problems.clone(),
        source_key: None,
    };
    foi_store::write(dir.path(), &[data]).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let all = all_force_figures(&store, &c.campaign, &reference).unwrap();
    (dir, all)
}

fn years(f: &ForceFigures) -> Vec<Option<i64>> {
    f.years.iter().map(|y| y.value).collect()
}

fn outcome(f: &ForceFigures, id: &str) -> Option<f64> {
    f.highlight("outcome", id.strip_prefix("outcome.").unwrap_or(id)).and_then(|x| x.value)
}

#[test]
fn golden_facts_of_the_sample_corpus() {
    let (_dir, all) = figures();
    let get = |slug: &str| all.iter().find(|f| f.force == slug).unwrap();

    let n = get("northamptonshire");
    assert_eq!(years(n), [Some(65), Some(81), Some(106)]);
    assert_eq!(n.total.as_ref().unwrap().value, Some(252.0));
    assert_eq!(n.change.as_ref().unwrap().pct, Some(63));
    assert_eq!(outcome(n, "outcome.charged"), Some(1.0));
    assert_eq!(outcome(n, "outcome.no_suspect"), Some(24.0));
    assert_eq!(outcome(n, "outcome.evidential_15"), Some(19.0));
    assert_eq!(outcome(n, "outcome.evidential_16"), Some(33.0));
    assert_eq!(outcome(n, "outcome.evidential_14"), Some(7.0));
    assert_eq!(outcome(n, "outcome.evidential"), Some(59.0));

    let h = get("hertfordshire");
    let c = h.change.as_ref().unwrap();
    assert_eq!((c.from, c.to, c.pct), (37, 88, Some(138)));

    let l = get("lancashire");
    assert_eq!(years(l), [Some(71), Some(66), Some(98)]);
    assert_eq!(outcome(l, "outcome.charged"), Some(3.0));

    let dp = get("dyfed-powys");
    assert_eq!(years(dp), [Some(22), Some(42), Some(42)]);
    assert_eq!(outcome(dp, "outcome.charged"), Some(0.0));
    // City of London withheld every outcome row: its table cannot show that nobody was charged.
    let col = get("city-of-london");
    assert_eq!(outcome(col, "outcome.charged"), None);

    // The national total is the sum of the league.
    let national = &n.national;
    let league: i64 = national.league.iter().map(|r| r.total).sum();
    assert_eq!(national.total.value, Some(league as f64));
    assert!(all.iter().all(|f| &f.national == national));
    for f in &all {
        for x in f.figures.iter().filter(|x| x.value.is_some() && !x.id.starts_with("rank")) {
            assert!(!x.sources.is_empty(), "{} {} has no source", f.force, x.id);
        }
    }
}
