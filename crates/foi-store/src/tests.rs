use std::path::Path;

use chrono::NaiveDate;
use foi_model::*;
use fs_err as fs;
use polars::prelude::*;

use super::*;
use crate::schema::schema_of;
use crate::write::{cell_key, observation_order};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn obs(force: &str, period: &str, start: i32, value: Option<i64>, cell: &str) -> Observation {
    Observation {
        campaign: "tiktok-2024".into(),
        force: force.into(),
        measure: "offences_by_year".into(),
        period: period.into(),
        period_start: d(start, 4, 6),
        period_end: d(start + 1, 4, 5),
        breakdown: None,
        category_group: None,
        category_subgroup: None,
        category_code: None,
        label: "Number of offences".into(),
        value,
        value_status: if value.is_some() { ValueStatus::Reported } else { ValueStatus::Suppressed },
        source: SourceRef { file: format!("{force}/answer.xlsx"), sheet: "Sheet1".into(), cell: cell.into() },
    }
}

fn sample() -> CampaignData {
    let mut outcome = obs("northamptonshire", "2023/24", 2023, Some(24), "B12");
    outcome.measure = "outcomes".into();
    outcome.breakdown = Some("outcome".into());
    outcome.category_group = Some("no_suspect_identified".into());
    outcome.category_code = Some("18".into());
    outcome.label = "Outcome 18 - Investigation complete - no suspect identified".into();
    let mut offence = obs("lancashire", "2023/24", 2023, None, "C7");
    offence.measure = "offences_by_type".into();
    offence.breakdown = Some("offence".into());
    offence.category_group = Some("Violence against the person".into());
    offence.category_subgroup = Some("Stalking and harassment".into());
    offence.category_code = Some("8L".into());
    CampaignData {
        campaign: "tiktok-2024".into(),
        // Deliberately out of order: the store sorts.
        observations: vec![
            obs("northamptonshire", "2023/24", 2023, Some(106), "B4"),
            outcome,
            obs("northamptonshire", "2021/22", 2021, Some(65), "B2"),
            offence,
            obs("lancashire", "2022/23", 2022, None, "B10"),
            obs("northamptonshire", "2022/23", 2022, Some(81), "B3"),
            obs("lancashire", "2021/22", 2021, Some(71), "B9"),
        ],
        responses: vec![
            Response {
                campaign: "tiktok-2024".into(),
                force: "northamptonshire".into(),
                status: ResponseStatus::Disclosed,
                exemption: None,
                period_basis: PeriodBasis::FyApr6,
                reference: Some("2549/24".into()),
                received: Some(d(2024, 6, 3)),
                files: vec!["northamptonshire/FOI-2549-24.xlsx".into(), "northamptonshire/letter.pdf".into()],
                problems: 1,
                evidence: vec![foi_model::Evidence {
                    fact: "reference".into(),
                    quote: "Freedom of Information Request Reference No: 2549/24".into(),
                    source: SourceRef {
                        file: "northamptonshire/letter.pdf".into(),
                        sheet: "page 1 paragraph 2".into(),
                        cell: String::new(),
                    },
                }],
                answered_levels: "offence: code 12, subgroup 3; outcome: group 4".into(),
            },
            Response {
                campaign: "tiktok-2024".into(),
                force: "essex".into(),
                status: ResponseStatus::Refused,
                exemption: Some("s12".into()),
                period_basis: PeriodBasis::Other,
                reference: None,
                received: None,
                files: vec![],
                problems: 0,
                evidence: vec![],
                answered_levels: String::new(),
            },
        ],
        problems: vec![{
            let mut p = Problem::new(
                "tiktok-2024",
                "northamptonshire",
                ProblemKind::TotalMismatch,
                foi_model::Severity::Blocking,
                SourceRef {
                    file: "northamptonshire/FOI-2549-24.xlsx".into(),
                    sheet: "Sheet1".into(),
                    cell: "B5".into(),
                },
                "total 253 differs from the sum 252",
            );
            p.measure = Some("offences_by_year".into());
            p.cells.push("B6".into());
            p.count = 2;
            p.hint = "check the force's total".into();
            p.settled = Some("the force's total is one out".into());
            p.region = Some(foi_model::Region {
                sheet: "Sheet1".into(),
                top_left: "A1".into(),
                rows: vec![vec!["Year".into(), "Count".into()], vec!["Total".into(), "253".into()]],
                highlight: vec![(1, 1)],
                table_range: Some("A1:B5".into()),
            });
            p
        }],
        source_key: Some("sample inputs".into()),
    }
}

fn sorted(mut v: Vec<Observation>) -> Vec<Observation> {
    v.sort_by(observation_order);
    v
}

#[test]
fn observations_round_trip_with_suppressed_values() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample();
    write(dir.path(), std::slice::from_ref(&data)).unwrap();
    let store = Store::open(dir.path()).unwrap();

    let back = store.read_observations("tiktok-2024").unwrap();
    assert_eq!(back, sorted(data.observations.clone()));
    let suppressed: Vec<_> = back.iter().filter(|o| o.value_status == ValueStatus::Suppressed).collect();
    assert_eq!(suppressed.len(), 2);
    assert!(suppressed.iter().all(|o| o.value.is_none()), "suppressed must come back as null, never 0");

    let mut responses = data.responses.clone();
    responses.sort_by(|a, b| a.force.cmp(&b.force));
    assert_eq!(store.read_responses("tiktok-2024").unwrap(), responses);
    assert_eq!(store.read_problems(Some("tiktok-2024")).unwrap(), data.problems);
    assert_eq!(store.read_problems(None).unwrap(), data.problems);
    assert!(store.read_observations("other-campaign").unwrap().is_empty());
    assert_eq!(store.campaigns().unwrap(), ["tiktok-2024"]);
}

#[test]
fn rows_are_sorted_with_a1_cells_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[sample()]).unwrap();
    let back = Store::open(dir.path()).unwrap().read_observations("tiktok-2024").unwrap();
    let keys: Vec<_> = back.iter().map(|o| (o.force.as_str(), o.measure.as_str(), o.source.cell.as_str())).collect();
    assert_eq!(
        keys,
        [
            ("lancashire", "offences_by_type", "C7"),
            ("lancashire", "offences_by_year", "B9"),
            ("lancashire", "offences_by_year", "B10"),
            ("northamptonshire", "offences_by_year", "B2"),
            ("northamptonshire", "offences_by_year", "B3"),
            ("northamptonshire", "offences_by_year", "B4"),
            ("northamptonshire", "outcomes", "B12"),
        ]
    );
    assert!(cell_key("B2") < cell_key("B10"));
    assert!(cell_key("Z9") < cell_key("AA1"));
    assert!(cell_key("b2") == cell_key("B2") && cell_key("a9") < cell_key("B1"));
    // Anything else after every address, by its text.
    assert!(cell_key("ZZ99") < cell_key("line 3") && cell_key("line 3") < cell_key("p. 2"));
    assert!(cell_key("") > cell_key("A1") && cell_key("B") > cell_key("A1"));
}

#[test]
fn writing_twice_gives_identical_bytes_whatever_the_input_order() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let data = sample();
    let mut shuffled = data.clone();
    shuffled.observations.reverse();
    shuffled.responses.reverse();
    write(a.path(), std::slice::from_ref(&data)).unwrap();
    write(b.path(), &[shuffled]).unwrap();
    for table in TABLES {
        let file = format!("current/{table}/tiktok-2024.parquet");
        let first = fs_err::read(a.path().join(&file)).unwrap();
        assert_eq!(first, fs_err::read(b.path().join(&file)).unwrap(), "{file}");
        // And rewriting in place gives the same bytes again.
        write(a.path(), std::slice::from_ref(&data)).unwrap();
        assert_eq!(first, fs_err::read(a.path().join(&file)).unwrap(), "{file} rewritten");
    }
}

#[test]
fn schema_is_the_documented_one() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[sample()]).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let names = |s: &Schema| s.iter().map(|(n, t)| format!("{n}:{t:?}")).collect::<Vec<_>>().join(" ");
    // Schema of the file itself, not of the cast scan.
    let file = dir.path().join("current/observations/tiktok-2024.parquet");
    let raw = ParquetReader::new(fs_err::File::open(file).unwrap().into_parts().0).finish().unwrap();
    assert_eq!(
        names(raw.schema()),
        "campaign:String force:String measure:String period:String period_start:Date period_end:Date \
         breakdown:String category_group:String category_subgroup:String category_code:String \
         label:String value:Int64 value_status:String source_file:String source_sheet:String source_cell:String"
    );
    let mut scan = store.responses().unwrap();
    assert_eq!(
        names(&scan.collect_schema().unwrap()),
        "campaign:String force:String status:String exemption:String period_basis:String reference:String \
         received:Date files:String problems:UInt32 evidence:String answered_levels:String"
    );
    let mut scan = store.problems().unwrap();
    assert_eq!(
        names(&scan.collect_schema().unwrap()),
        "campaign:String force:String kind:String severity:String source_file:String source_sheet:String \
         source_cell:String message:String measure:String label:String count:UInt32 cells:String hint:String \
         settled:String region:String"
    );
}

#[test]
fn empty_tables_are_written_with_the_full_schema() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[CampaignData { campaign: "empty".into(), ..Default::default() }]).unwrap();
    for table in TABLES {
        let file = dir.path().join(format!("current/{table}/empty.parquet"));
        let df = ParquetReader::new(fs_err::File::open(file).unwrap().into_parts().0).finish().unwrap();
        assert_eq!(df.height(), 0);
        assert_eq!(**df.schema(), schema_of(table), "{table}");
    }
    let store = Store::open(dir.path()).unwrap();
    assert!(store.read_observations("empty").unwrap().is_empty());
    let n = store.observations().unwrap().collect().unwrap().height();
    assert_eq!(n, 0);
}

#[test]
fn a_scan_spans_every_campaign_and_other_campaigns_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let first = sample();
    let mut second = sample();
    second.campaign = "second".into();
    for o in &mut second.observations {
        o.campaign = "second".into();
    }
    second.responses.clear();
    second.problems.clear();
    write(dir.path(), &[first.clone(), second]).unwrap();
    // Rewriting only the first leaves the second in place.
    write(dir.path(), &[first]).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let df = store
        .observations()
        .unwrap()
        .group_by([col("campaign")])
        .agg([len().alias("n")])
        .sort(["campaign"], Default::default())
        .collect()
        .unwrap();
    assert_eq!(
        df.column("campaign").unwrap().str().unwrap().iter().flatten().collect::<Vec<_>>(),
        ["second", "tiktok-2024"]
    );
    assert_eq!(store.read_observations("second").unwrap().len(), 7);
}

#[test]
fn an_open_store_keeps_reading_its_version_while_a_new_one_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[sample()]).unwrap();
    let before = Store::open(dir.path()).unwrap();
    let mut new = sample();
    new.observations.truncate(1);
    write(dir.path(), &[new.clone()]).unwrap();
    write(dir.path(), &[new]).unwrap();
    // Two writes later, the version the first reader pinned is still there and still whole.
    assert_eq!(before.read_observations("tiktok-2024").unwrap().len(), 7);
    assert_eq!(Store::open(dir.path()).unwrap().read_observations("tiktok-2024").unwrap().len(), 1);
    drop(before);
    // Once nobody reads it, the next write prunes it: the current version and the one before are kept.
    write(dir.path(), &[sample()]).unwrap();
    let left: Vec<_> = fs::read_dir(dir.path().join(VERSIONS))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(left, ["00000003", "00000004"]);
}

#[test]
fn a_killed_writers_unfinished_version_is_never_read_and_is_pruned() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[sample()]).unwrap();
    // What a writer killed mid-way leaves: a version folder with half its tables and no pointer to it.
    let unfinished = dir.path().join(VERSIONS).join("00000002");
    fs::create_dir_all(unfinished.join("observations")).unwrap();
    fs::write(unfinished.join("observations/tiktok-2024.parquet"), b"PAR1 half").unwrap();
    fs::write(dir.path().join(".current.tmp-1"), b"").unwrap();
    assert_eq!(Store::open(dir.path()).unwrap().read_observations("tiktok-2024").unwrap().len(), 7);
    write(dir.path(), &[sample()]).unwrap();
    assert!(!unfinished.exists());
    assert!(!dir.path().join(".current.tmp-1").exists());
    let store = Store::open(dir.path()).unwrap();
    assert!(store.version_dir().ends_with("versions/00000003"));
    assert_eq!(store.read_observations("tiktok-2024").unwrap().len(), 7);
}

#[test]
fn a_store_written_before_versions_is_read_and_carried_over() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[sample()]).unwrap();
    // Lay the tables out as the store did before versions: at the top level, no pointer.
    let v = fs::read_link(dir.path().join(CURRENT)).unwrap();
    for table in TABLES {
        // That layout had no links to `current` in the tables' places.
        fs::remove_file(dir.path().join(table)).unwrap();
        fs::rename(dir.path().join(&v).join(table), dir.path().join(table)).unwrap();
    }
    fs::remove_file(dir.path().join(CURRENT)).unwrap();
    fs::remove_dir_all(dir.path().join(VERSIONS)).unwrap();
    assert_eq!(Store::open(dir.path()).unwrap().read_observations("tiktok-2024").unwrap().len(), 7);
    write(dir.path(), &[other_campaign()]).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.campaigns().unwrap(), ["other", "tiktok-2024"]);
    // The old top-level tables are removed; their place holds the link through `current`.
    let top = dir.path().join("observations");
    assert!(fs::symlink_metadata(&top).unwrap().file_type().is_symlink(), "the old top-level tables are removed");
    assert_eq!(fs::read_link(&top).unwrap(), Path::new(CURRENT).join("observations"));
}

/// The sample's observations as a second campaign, with no responses or problems.
fn other_campaign() -> CampaignData {
    let mut other = sample();
    other.campaign = "other".into();
    for o in &mut other.observations {
        o.campaign = "other".into();
    }
    other.responses.clear();
    other.problems.clear();
    other
}

/// Tools that glob the store's own folder (`<store>/observations/*.parquet`) read the current version.
#[test]
fn the_store_folder_shows_the_current_version_to_other_tools() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[sample()]).unwrap();
    write(dir.path(), &[other_campaign()]).unwrap();
    let current = Store::open(dir.path()).unwrap().version_dir().to_path_buf();
    for table in TABLES {
        let mut seen: Vec<_> = fs::read_dir(dir.path().join(table)).unwrap().map(|e| e.unwrap().file_name()).collect();
        let mut expected: Vec<_> = fs::read_dir(current.join(table)).unwrap().map(|e| e.unwrap().file_name()).collect();
        seen.sort();
        expected.sort();
        assert_eq!(seen, expected, "{table}");
    }
    assert_eq!(
        fs::read(dir.path().join("observations/other.parquet")).unwrap(),
        fs::read(current.join("observations/other.parquet")).unwrap()
    );
}

#[test]
fn invalid_data_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = sample();
    bad.observations[0].value = Some(0);
    bad.observations[0].value_status = ValueStatus::Suppressed;
    assert!(matches!(write(dir.path(), &[bad]), Err(StoreError::Invalid(_))));
    let mut bad = sample();
    bad.campaign = "../escape".into();
    assert!(matches!(write(dir.path(), &[bad]), Err(StoreError::Invalid(_))));
    let mut bad = sample();
    bad.responses[0].campaign = "other".into();
    assert!(matches!(write(dir.path(), &[bad]), Err(StoreError::Invalid(_))));
    assert!(!dir.path().join(CURRENT).exists());
}

#[test]
fn opening_a_missing_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(Store::open(&dir.path().join("nope")), Err(StoreError::Missing(_))));
}

/// Writes the sample store to `$FOI_STORE_SAMPLE_DIR` for checking with other readers (DuckDB, pandas):
/// `FOI_STORE_SAMPLE_DIR=/tmp/s cargo test -p foi-store -- --ignored write_sample_store`.
#[test]
#[ignore]
fn write_sample_store() {
    let dir = std::env::var("FOI_STORE_SAMPLE_DIR").expect("set FOI_STORE_SAMPLE_DIR");
    let mut empty = CampaignData { campaign: "empty".into(), ..Default::default() };
    empty.responses.clear();
    write(Path::new(&dir), &[sample(), empty]).unwrap();
}

#[test]
fn a_campaigns_source_key_travels_with_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[sample()]).unwrap();
    let key = |c: &str| Store::open(dir.path()).unwrap().source_key(c);
    assert_eq!(key("tiktok-2024").as_deref(), Some("sample inputs"));
    // Another campaign written alone: the first keeps its rows and its key.
    write(dir.path(), &[CampaignData { campaign: "other".into(), ..Default::default() }]).unwrap();
    assert_eq!(key("tiktok-2024").as_deref(), Some("sample inputs"));
    assert_eq!(key("other"), None);
    // Rewritten without a key, its old key goes with its old rows.
    write(dir.path(), &[CampaignData { source_key: None, ..sample() }]).unwrap();
    assert_eq!(key("tiktok-2024"), None);
}
