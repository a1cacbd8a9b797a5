//! A crime list read whole and counted exactly: a generated list (crates/foi-bench) of one row per crime, as
//! xlsx and as csv, ingested through the real readers; every yearly, offence and outcome count must equal the
//! generator's own tally. `FOI_LIST_ROWS` sets the length (100,000 here in a debug build; `just bench` runs
//! 1,000,000 through the release binary).

use std::collections::BTreeMap;

use foi_bench::crime_list;
use foi_model::{Reference, Severity};

fn rows() -> usize {
    std::env::var("FOI_LIST_ROWS").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000)
}

fn ingest_list(file: &str, write: fn(&std::path::Path, &[crime_list::Crime]) -> std::io::Result<()>) {
    let (crimes, mut expected) = crime_list::generate(rows());
    let tmp = tempfile::tempdir().unwrap();
    let campaign = tmp.path().join("generated-list");
    crime_list::write_campaign(&campaign).unwrap();
    let force = campaign.join("northamptonshire");
    fs_err::create_dir_all(&force).unwrap();
    write(&force.join(file), &crimes).unwrap();
    drop(crimes);

    let out = foi_ingest::ingest_campaign(&campaign, tmp.path(), &Reference::builtin()).expect("ingest");
    let blocking: Vec<String> =
        out.problems.iter().filter(|p| p.severity == Severity::Blocking).map(|p| p.message.clone()).collect();
    assert!(blocking.is_empty(), "a clean list raises no blocking problem: {blocking:#?}");
    let outside: Vec<&str> =
        out.problems.iter().filter(|p| p.message.contains("outside the periods")).map(|p| p.message.as_str()).collect();
    assert_eq!(
        outside,
        [format!("{} crimes dated outside the periods asked about were not counted", expected.outside)]
    );

    let got = crime_list::stored(&out.observations).unwrap();
    expected.outside = 0;
    assert_eq!(got.by_year, expected.by_year);
    assert_eq!(got.by_offence, expected.by_offence);
    assert_eq!(got.by_outcome, expected.by_outcome);

    // Each count points at the rows it was counted from.
    let per_year: BTreeMap<&str, &str> = out
        .observations
        .iter()
        .filter(|o| o.measure == "crimes_by_year")
        .map(|o| (o.period.as_str(), o.source.cell.as_str()))
        .collect();
    assert_eq!(per_year.len(), 3);
    assert!(per_year.values().all(|c| c.starts_with('B') && c.contains(':')), "{per_year:?}");
}

#[test]
fn a_crime_list_in_xlsx_is_counted_whole() {
    ingest_list("crimes.xlsx", crime_list::write_xlsx);
}

#[test]
fn a_crime_list_in_csv_is_counted_whole() {
    ingest_list("crimes.csv", crime_list::write_csv);
}
