//! The whole pipeline on the real corpus with the real typst: ingest → Parquet store → figures → 44 releases and
//! the national overview as PDF, read back with pdftotext and checked against values derived from
//! tests/data/expected.json (a copy of the corpus's EXPECTED.json) — and against the slips of the published
//! release in ../shared/seed (wrong force named, mixed % bases, "so far" for a finished year, national total
//! off by a factor of ten).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use foi_model::Reference;
use foi_tests::{ingest_corpus_into, raw, root};
use regex::Regex;

struct Rendered {
    _tmp: tempfile::TempDir,
    out: PathBuf,
}

/// Render everything once for all tests in this file.
fn rendered() -> &'static Rendered {
    static R: OnceLock<Rendered> = OnceLock::new();
    R.get_or_init(|| {
        let reference = Reference::builtin();
        let tmp = tempfile::tempdir().unwrap();
        let store = ingest_corpus_into(&tmp.path().join("store"));
        let campaign = foi_model::Campaign::load(&raw().join("tiktok-2024")).unwrap();
        let out = foi_report::ReleaseDir::new(&tmp.path().join("reports"), &campaign);
        let all = foi_analysis::all_force_figures(&store, &campaign, &reference).unwrap();
        assert_eq!(all.len(), 44, "one release per force of the reference");
        for f in &all {
            foi_report::render_force(&out, &campaign, f, foi_report::Publish::FinalOnly)
                .unwrap_or_else(|e| panic!("{}: {e}", f.force));
        }
        let national = foi_analysis::national_figures(&store, &campaign, &reference).unwrap();
        foi_report::render_overview(&out, &campaign, &national).unwrap();
        Rendered { _tmp: tmp, out: out.path().to_path_buf() }
    })
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: .ci/run installs it");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    // One line of text: releases are not hyphenated, so line breaks are only spaces.
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn release(force: &str) -> String {
    pdf_text(&rendered().out.join(format!("{force}.pdf")))
}

/// The force's own part of its release: everything before the national comparison.
fn local_section(text: &str) -> &str {
    text.split("The national picture").next().unwrap()
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

const WORDS: [&str; 10] = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/// A count as prose may print it: digits with thousands separators, or a word under ten.
fn count_pattern(n: i64) -> String {
    if (0..10).contains(&n) {
        format!(r"(?:\b{n}\b|\b{}\b)", WORDS[n as usize])
    } else {
        format!(r"\b{}\b", regex::escape(&thousands(n)))
    }
}

fn has_count_near(text: &str, n: i64, words: &str) -> bool {
    Regex::new(&format!(r"(?i){}[^.]{{0,80}}{words}", count_pattern(n))).unwrap().is_match(text)
        || Regex::new(&format!(r"(?i){words}[^.]{{0,40}}{}", count_pattern(n))).unwrap().is_match(text)
}

struct Expected {
    status: String,
    years: Vec<(String, Option<i64>)>,
    charged: Option<i64>,
}

fn expected() -> BTreeMap<String, Expected> {
    let v: serde_json::Value =
        serde_json::from_str(&fs_err::read_to_string(root().join("tests/data/expected.json")).unwrap()).unwrap();
    v["forces"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(force, e)| {
            let obs = e["observations"].as_array().unwrap();
            let years = obs
                .iter()
                .filter(|o| o["measure"] == "offences_by_year")
                .map(|o| (o["period"].as_str().unwrap().to_string(), o["value"].as_i64()))
                .collect();
            let charged = obs
                .iter()
                .find(|o| o["measure"] == "outcomes" && o["outcome_code"] == "1")
                .and_then(|o| o["value"].as_i64());
            (force.clone(), Expected { status: e["status"].as_str().unwrap().to_string(), years, charged })
        })
        .collect()
}

#[test]
fn every_force_gets_a_release_and_the_overview_is_written() {
    let r = rendered();
    let pdfs = fs_err::read_dir(&r.out)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "pdf"))
        .count();
    assert_eq!(pdfs, 45, "44 releases and the national overview");
    for force in expected().keys() {
        for ext in ["typ", "json", "figures.csv"] {
            assert!(r.out.join(format!("{force}.{ext}")).is_file(), "{force}.{ext} beside the PDF");
        }
    }
}

#[test]
fn every_release_prints_its_forces_figures_from_expected() {
    let reference = Reference::builtin();
    let exp = expected();
    let national_total: i64 = exp.values().flat_map(|e| e.years.iter().filter_map(|y| y.1)).sum();
    let pct_re = Regex::new(r"(\d+)%").unwrap();
    for (force, e) in &exp {
        let text = release(force);
        let local = local_section(&text);
        let me = reference.force_by_slug(force).unwrap();
        assert!(
            local.contains(me.name.as_str()) || local.contains(me.official_name.as_str()),
            "{force}: its release names it"
        );
        assert!(!text.to_lowercase().contains("so far"), "{force}: a complete year is never 'so far'");
        assert!(
            text.contains(&thousands(national_total)),
            "{force}: national total {national_total} (sum over the forces listed)"
        );
        match e.status.as_str() {
            "refused_s12" => {
                assert!(local.contains("refused") && local.contains("section 12"), "{force}: says it refused (s12)")
            }
            "not_held" => {
                assert!(local.contains("does not hold") || local.contains("not held"), "{force}: says not held")
            }
            "no_response" => assert!(local.contains("did not respond"), "{force}: says it did not respond"),
            _ => {
                let values: Vec<i64> = e.years.iter().map(|y| y.1.unwrap()).collect();
                for (period, v) in &e.years {
                    assert!(
                        Regex::new(&format!(r"{}\s+in\s+{}", count_pattern(v.unwrap()), regex::escape(period)))
                            .unwrap()
                            .is_match(local),
                        "{force}: {v:?} in {period}"
                    );
                }
                let total: i64 = values.iter().sum();
                assert!(
                    Regex::new(&count_pattern(total)).unwrap().is_match(local),
                    "{force}: three-year total {total}"
                );
                // One definition of change everywhere: first to last year, on the first year as base; none under 10.
                let (first, last) = (values[0], values[values.len() - 1]);
                let pcts: Vec<i64> = pct_re.captures_iter(local).map(|c| c[1].parse().unwrap()).collect();
                if first >= 10 {
                    let pct = (((last - first) as f64) / first as f64 * 100.0).round().abs() as i64;
                    assert!(pcts.contains(&pct), "{force}: change {pct}% from {first} to {last}");
                    assert!(pcts.iter().all(|p| *p == pct), "{force}: only one % in the local section, got {pcts:?}");
                } else {
                    assert!(pcts.is_empty(), "{force}: no percentage on a base of {first}, got {pcts:?}");
                }
                if let Some(c) = e.charged {
                    assert!(has_count_near(local, c, "charge"), "{force}: {c} charged");
                }
            }
        }
        // The force asked for is the only force named in its own section (the seed credited Northamptonshire's
        // figures to North Yorkshire Police).
        for other in reference.forces.iter().filter(|f| &f.slug != force) {
            for n in [&other.name, &other.official_name] {
                let re = Regex::new(&format!(r"\b{}\b", regex::escape(n))).unwrap();
                // "South Wales" must not match inside "England and Wales"; whole names only.
                assert!(!re.is_match(local), "{force}'s local section names {n}");
            }
        }
    }
}

#[test]
fn northamptonshire_states_what_the_issue_asks() {
    let text = release("northamptonshire");
    let local = local_section(&text);
    assert!(
        local.contains("63%") && local.to_lowercase().contains("up 63%") || local.contains("rise of 63%"),
        "63% rise"
    );
    assert!(has_count_near(local, 252, "total") || has_count_near(local, 252, "three years"), "252 over three years");
    assert!(
        local.contains("106 crimes linked to TikTok in 2023/24") || has_count_near(local, 106, "2023/24"),
        "106 in 2023/24"
    );
    assert!(has_count_near(local, 1, "charge"), "one charge");
    assert!(
        has_count_near(local, 24, "no suspect") || has_count_near(local, 24, "without a suspect"),
        "24 closed, no suspect"
    );
    assert!(has_count_near(local, 19, "victim supported"), "19 evidential difficulties, victim supported");
    assert!(has_count_near(local, 33, "did not support"), "33 victim did not support");
}

#[test]
fn golden_forces_from_the_issue() {
    let herts = release("hertfordshire");
    assert!(
        herts.contains("138%") && has_count_near(&herts, 37, "2021/22") && has_count_near(&herts, 88, "2023/24"),
        "Herts +138%: 37 → 88"
    );
    let lancs = local_section(&release("lancashire")).to_string();
    for (v, p) in [(71, "2021/22"), (66, "2022/23"), (98, "2023/24")] {
        assert!(has_count_near(&lancs, v, p), "Lancashire {v} in {p}");
    }
    assert!(has_count_near(&lancs, 3, "charge"), "Lancashire three charges");
    let dp = local_section(&release("dyfed-powys")).to_string();
    for (v, p) in [(22, "2021/22"), (42, "2022/23"), (42, "2023/24")] {
        assert!(has_count_near(&dp, v, p), "Dyfed-Powys {v} in {p}");
    }
    assert!(dp.to_lowercase().contains("no charges"), "Dyfed-Powys no charges");
}

#[test]
fn calendar_year_force_is_caveated() {
    let btp = release("british-transport-police");
    assert!(btp.contains("calendar years"), "BTP's calendar years are caveated");
}

#[test]
fn national_overview_totals_the_league_it_prints() {
    let text = pdf_text(&rendered().out.join("national-overview.pdf"));
    let exp = expected();
    let national_total: i64 = exp.values().flat_map(|e| e.years.iter().filter_map(|y| y.1)).sum();
    assert!(text.contains(&thousands(national_total)), "overview states the national total {national_total}");
    // The league CSV beside it sums to the same total: no factor-of-ten slip is possible.
    let csv = fs_err::read_to_string(rendered().out.join("national-overview.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == "total").expect("league CSV has a total column");
    let sum: i64 = rdr.records().map(|r| r.unwrap()[col].parse::<i64>().unwrap()).sum();
    assert_eq!(sum, national_total);
    for name in ["Essex", "Northumbria", "North Wales", "Surrey"] {
        assert!(text.contains(name), "overview lists {name} among the forces without figures");
    }
}

/// With the campaign's corrections.toml every release is final (rendered with `Publish::FinalOnly` above), and each
/// decision made by hand is printed in the sources appendix of the force it touches, with its reason.
#[test]
fn decisions_made_by_hand_are_shown_where_they_apply() {
    let devon = release("devon-and-cornwall");
    assert!(
        devon.contains("Corrected by hand: accepted: yearly counts: stated total 558, parts sum to 557"),
        "{devon}"
    );
    assert!(devon.contains("the rows are used"), "the reason is printed");
    let cleveland = release("cleveland");
    assert!(cleveland.contains("Corrected by hand: year basis set to fy_apr1"), "{cleveland}");
    assert!(cleveland.contains("disclosure log"), "the reason is printed");
    for f in Reference::builtin().forces.iter().map(|f| f.slug.as_str()) {
        let text = release(f);
        assert!(!text.contains("DRAFT"), "{f} is final");
        if !["devon-and-cornwall", "cleveland"].contains(&f) {
            assert!(!text.contains("Corrected by hand"), "{f} had no decision made by hand");
        }
    }
}
