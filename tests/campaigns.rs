//! The campaigns after TikTok, as data only: `snapchat-2025` (the same three questions about another platform,
//! other years) and `knife-crime-2025` (calendar years, a campaign vocabulary of suspects' ages, outcomes). Each
//! is ingested from data-raw/ into a real Parquet store, scored against its own `expected.json` (written by its
//! generator in scripts/campaigns/), and written as releases and an overview with the real typst, read back.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use foi_model::{Campaign, Reference, ResponseStatus};
use foi_tests::{ingest_corpus_into, raw, score};

const CAMPAIGNS: [&str; 2] = ["snapchat-2025", "knife-crime-2025"];

struct Desk {
    _tmp: tempfile::TempDir,
    store: foi_store::Store,
    out: PathBuf,
}

fn desk() -> &'static Desk {
    static D: OnceLock<Desk> = OnceLock::new();
    D.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let store = ingest_corpus_into(&tmp.path().join("store"));
        let out = tmp.path().join("reports");
        Desk { _tmp: tmp, store, out }
    })
}

fn expected(slug: &str) -> serde_json::Value {
    serde_json::from_str(&fs_err::read_to_string(raw().join(slug).join("expected.json")).unwrap()).unwrap()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn thousands(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[test]
fn each_campaign_ingests_to_its_expected_values() {
    for slug in CAMPAIGNS {
        let observations = desk().store.read_observations(slug).unwrap();
        let responses = desk().store.read_responses(slug).unwrap();
        let s = score(&raw().join(slug).join("expected.json"), &observations, &responses);
        assert!(s.wrong.is_empty(), "{slug} wrong values:\n{}", s.wrong.join("\n"));
        assert!(s.spurious.is_empty(), "{slug} spurious rows:\n{}", s.spurious.join("\n"));
        assert!(s.status_errors.is_empty(), "{slug} status errors:\n{}", s.status_errors.join("\n"));
        assert_eq!(s.correct, s.total, "{slug}");
        assert!(s.total >= 200, "{slug}: the expected file holds {} values", s.total);
        let exp = expected(slug);
        let forces = exp["forces"].as_object().unwrap();
        assert!(forces.len() >= 6, "{slug}: answers from at least six forces");
        let layouts: std::collections::BTreeSet<&str> =
            forces.values().map(|f| f["layout"].as_str().unwrap()).collect();
        assert_eq!(layouts.len(), forces.len(), "{slug}: every force in its own layout");
        for (force, e) in forces {
            let r = responses.iter().find(|r| &r.force == force).unwrap();
            assert_eq!(r.period_basis.as_str(), e["period_basis"].as_str().unwrap(), "{slug} {force} basis");
        }
        let open: Vec<_> =
            desk().store.read_problems(Some(slug)).unwrap().into_iter().filter(|p| p.is_open_blocking()).collect();
        assert!(open.is_empty(), "{slug}: open blocking problems {open:#?}");
    }
}

#[test]
fn a_campaign_vocabulary_is_stored_like_a_built_in_one() {
    let observations = desk().store.read_observations("knife-crime-2025").unwrap();
    let ages: Vec<_> = observations.iter().filter(|o| o.breakdown.as_deref() == Some("suspect_age")).collect();
    assert!(!ages.is_empty());
    for o in &ages {
        assert_eq!(o.measure, "knife_offences_by_suspect_age");
        let group = o.category_group.as_deref().unwrap_or_else(|| panic!("every age label matched: {o:?}"));
        assert!(["under_18", "18_to_24", "25_and_over", "not_recorded"].contains(&group), "{o:?}");
        // A code, except where a list of crimes left the age blank: the vocabulary's `blank` group.
        match o.category_code.as_deref() {
            Some(code) => assert!(["U18", "18-24", "25+", "NR"].contains(&code), "{o:?}"),
            None => assert!(group == "not_recorded" && o.label.contains("no age group recorded"), "{o:?}"),
        }
    }
    // Every year of the age question is stored, not only the last.
    let years: std::collections::BTreeSet<&str> = ages.iter().map(|o| o.period.as_str()).collect();
    assert_eq!(years.into_iter().collect::<Vec<_>>(), ["2022", "2023", "2024"]);
}

/// Write every release of a campaign and its overview, once.
fn rendered(slug: &str) -> PathBuf {
    static DONE: OnceLock<std::sync::Mutex<Vec<String>>> = OnceLock::new();
    let done = DONE.get_or_init(Default::default);
    let mut done = done.lock().unwrap();
    let campaign = Campaign::load(&raw().join(slug)).unwrap();
    let dir = foi_report::ReleaseDir::new(&desk().out, &campaign);
    if !done.iter().any(|d| d == slug) {
        let reference = Reference::builtin();
        let all = foi_analysis::all_force_figures(&desk().store, &campaign, &reference).unwrap();
        let with_answers: Vec<_> = all.iter().filter(|f| f.status != ResponseStatus::NoResponse).collect();
        for f in with_answers {
            foi_report::render_force(&dir, &campaign, f, foi_report::Publish::FinalOnly)
                .unwrap_or_else(|e| panic!("{slug} {}: {e}", f.force));
        }
        let national = foi_analysis::national_figures(&desk().store, &campaign, &reference).unwrap();
        foi_report::render_overview(&dir, &campaign, &national).unwrap();
        done.push(slug.to_string());
    }
    dir.path().to_path_buf()
}

/// The sum of a count measure over the expected file's forces and periods, and whether a part was withheld.
fn expected_total(slug: &str, measure: &str) -> (i64, bool) {
    let exp = expected(slug);
    let values: Vec<Option<i64>> = exp["forces"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|f| f["observations"].as_array().unwrap())
        .filter(|o| o["measure"] == measure)
        .map(|o| o["value"].as_i64())
        .collect();
    (values.iter().flatten().sum(), values.iter().any(Option::is_none))
}

fn expected_value(slug: &str, force: &str, measure: &str, period: &str, code: &str) -> i64 {
    expected(slug)["forces"][force]["observations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["measure"] == measure && o["period"] == period && o["category_code"] == code)
        .and_then(|o| o["value"].as_i64())
        .unwrap_or_else(|| panic!("{slug} {force} {measure} {period} {code} in expected.json"))
}

#[test]
fn each_campaign_writes_releases_in_its_own_words_and_an_overview() {
    for (slug, platform, subject, years, other) in [
        ("snapchat-2025", "Snapchat", "crimes linked to Snapchat", ("2022/23", "2024/25"), ["TikTok", "knife"]),
        ("knife-crime-2025", "", "knife crime offences", ("2022", "2024"), ["TikTok", "Snapchat"]),
    ] {
        let dir = rendered(slug);
        let overview = pdf_text(&dir.join("national-overview.pdf"));
        let measure = Campaign::load(&raw().join(slug)).unwrap().count_question().measure.clone();
        let (total, withheld) = expected_total(slug, &measure);
        let total = format!("{}{}", if withheld { "at least " } else { "" }, thousands(total));
        assert!(
            overview.contains(&format!("{total} {subject} from {} to {}", years.0, years.1)),
            "{slug}:\n{overview}"
        );
        for f in expected(slug)["forces"].as_object().unwrap().keys() {
            let text = pdf_text(&dir.join(f).join(format!("{f}.pdf")));
            for word in other {
                assert!(!text.contains(word), "{slug} {f} mentions {word:?}:\n{text}");
            }
            assert!(text.contains(subject) || text.contains(&subject.replacen("crimes", "crime", 1)), "{slug} {f}");
            if !platform.is_empty() {
                assert!(text.contains(platform), "{slug} {f}");
            }
            assert!(!text.contains("DRAFT"), "{slug} {f} is final");
        }
    }
}

#[test]
fn the_knife_release_tells_the_age_breakdown_from_its_vocabulary() {
    let dir = rendered("knife-crime-2025");
    let text = pdf_text(&dir.join("lancashire/lancashire.pdf"));
    let m = "knife_offences_by_suspect_age";
    let under_18 = expected_value("knife-crime-2025", "lancashire", m, "2024", "U18");
    assert!(
        text.contains(&format!(
            "{} of the offences recorded in 2024 had a suspect aged under 18.",
            thousands(under_18)
        )),
        "{text}"
    );
    // The campaign vocabulary asks for its whole table, ranked, under its own title and column; each row a
    // figure of the sources appendix.
    assert!(text.contains("Offences recorded in 2024, by age of the suspect Age of suspect"), "{text}");
    let data: serde_json::Value =
        serde_json::from_str(&fs_err::read_to_string(dir.join("lancashire/lancashire.json")).unwrap()).unwrap();
    let table = data["local"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "Offences recorded in 2024, by age of the suspect")
        .expect("the age table");
    let rows: Vec<(String, String)> = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["cells"][0].as_str().unwrap().to_string(), r["cells"][1].as_str().unwrap().to_string()))
        .collect();
    let mut want: Vec<(String, i64)> =
        [("25 and over", "25+"), ("18 to 24", "18-24"), ("Not recorded", "NR"), ("Under 18", "U18")]
            .iter()
            .map(|(label, code)| (label.to_string(), expected_value("knife-crime-2025", "lancashire", m, "2024", code)))
            .collect();
    want.sort_by_key(|(_, v)| std::cmp::Reverse(*v));
    assert_eq!(rows, want.iter().map(|(l, v)| (l.clone(), thousands(*v))).collect::<Vec<_>>(), "largest first");
    let figures = fs_err::read_to_string(dir.join("lancashire/lancashire.figures.csv")).unwrap();
    assert_eq!(figures.lines().filter(|l| l.starts_with("suspect_age.")).count(), 4 + 2, "4 rows and 2 highlights");
    // Outcomes keep the built-in vocabulary's highlights.
    let charged = expected_value("knife-crime-2025", "lancashire", "knife_offences_by_outcome", "2024", "1");
    assert!(text.contains(&format!("{charged} had led to a charge or summons")), "{text}");
    assert!(text.contains("from 2022 to 2024"), "calendar years keep their labels");
}
