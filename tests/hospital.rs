//! The only genuine police answers we have: four forces' PDF letters to the 2025 request about crimes on
//! hospital grounds. They are third-party files, kept in ../shared/real-world/hospital-crime-2025 and never in
//! this repository: the test copies them beside the campaign file in data-raw/, ingests them with the real
//! `pdftotext`, and checks every figure of TRUTH.md (a transcription made cell by cell from the rendered pages,
//! parsed here at test time) against what was stored, with its page. Skipped, saying so, when ../shared is absent.
// A skipped test says so on stderr, where `cargo test` shows it.
#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use foi_ingest::CampaignIngest;
use foi_model::{normalise, Observation, PeriodBasis, ProblemKind, Reference, ResponseStatus, Severity};
use foi_tests::{raw, root};

const SLUG: &str = "hospital-crime-2025";

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("FOI_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"))
        .join("real-world")
        .join(SLUG);
    dir.join("TRUTH.md").exists().then_some(dir)
}

struct Ingested {
    _tmp: tempfile::TempDir,
    out: CampaignIngest,
    truth: String,
}

/// The campaign ingested from a temp raw folder holding data-raw's campaign file and the four letters.
fn ingested() -> Option<&'static Ingested> {
    static I: OnceLock<Option<Ingested>> = OnceLock::new();
    I.get_or_init(|| {
        let Some(shared) = shared() else {
            eprintln!("SKIPPED: ../shared/real-world/{SLUG} is absent (set FOI_SHARED to the shared folder)");
            return None;
        };
        let tmp = tempfile::tempdir().unwrap();
        let campaign = tmp.path().join(SLUG);
        copy_tree(&raw().join(SLUG), &campaign, &|p| p.is_dir() && !p.ends_with("vocabularies"));
        for force in fs_err::read_dir(&shared).unwrap() {
            let force = force.unwrap().path();
            if force.is_dir() {
                copy_tree(&force, &campaign.join(force.file_name().unwrap()), &|_| false);
            }
        }
        let out = foi_ingest::ingest_campaign(&campaign, tmp.path(), &Reference::builtin()).expect("ingest");
        let truth = fs_err::read_to_string(shared.join("TRUTH.md")).unwrap();
        Some(Ingested { _tmp: tmp, out, truth })
    })
    .as_ref()
}

/// Copy `from` into `to`, leaving out what `skip` names (force folders linked in by `just hospital`).
fn copy_tree(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) {
    fs_err::create_dir_all(to).unwrap();
    for e in fs_err::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if skip(&p) {
            continue;
        }
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest, &|_| false);
        } else {
            fs_err::copy(&p, &dest).unwrap();
        }
    }
}

/// A table of TRUTH.md: the force it is under, its header cells and rows of cells.
struct TruthTable {
    force: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn truth_tables(truth: &str) -> Vec<TruthTable> {
    let mut out: Vec<TruthTable> = Vec::new();
    let mut force = String::new();
    let mut current: Option<TruthTable> = None;
    for line in truth.lines() {
        if line.starts_with("## ") {
            // "## 1. Cumbria Constabulary: FOI 1306/25 (`hospital-crime-2025/cumbria/Cumbria.pdf`)"
            force = line.split(&format!("{SLUG}/")).nth(1).and_then(|r| r.split('/').next()).unwrap_or("").to_string();
        }
        if line.starts_with('|') && !force.is_empty() {
            let cells: Vec<String> = line.trim().trim_matches('|').split('|').map(|c| c.trim().to_string()).collect();
            match current.as_mut() {
                None => current = Some(TruthTable { force: force.clone(), header: cells, rows: Vec::new() }),
                Some(_) if cells.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':'))) => {}
                Some(t) => t.rows.push(cells),
            }
        } else if let Some(t) = current.take() {
            out.push(t);
        }
    }
    out.extend(current);
    out
}

/// "2019/2020" and "2019/20" → "2019/20"; "2019" → "2019".
fn period_of(header: &str) -> Option<String> {
    let h = header.trim();
    let y: i32 = h.get(..4)?.parse().ok()?;
    match h.len() {
        4 => Some(y.to_string()),
        7 | 9 if h.as_bytes()[4] == b'/' => Some(format!("{y}/{:02}", (y + 1) % 100)),
        _ => None,
    }
}

fn number(cell: &str) -> Option<i64> {
    cell.trim_matches('*').replace(',', "").parse().ok()
}

/// A row label of TRUTH.md as a prefix of the source's words: bold and "(Table 1 only)" notes off, cut at "…".
fn label_key(label: &str) -> String {
    let l = label.trim_matches('*');
    let l = l.split(" (Table").next().unwrap_or(l);
    normalise(l.split('…').next().unwrap_or(l))
}

fn observations(force: &str) -> Vec<&'static Observation> {
    ingested().unwrap().out.observations.iter().filter(|o| o.force == force).collect()
}

/// Every figure the force gave must be stored, sourced to its page. Zeros may be absent: a blank cell or dash
/// in a breakdown is a category with nothing in it, stored as nothing.
#[test]
fn every_figure_in_truth_is_stored_with_its_page() {
    let Some(i) = ingested() else { return };
    let mut checked = 0usize;
    let mut missing: Vec<String> = Vec::new();
    for t in truth_tables(&i.truth) {
        let first = t.header[0].to_lowercase();
        if first.contains("ho code") || first == "file" || first == "force" || t.force.is_empty() {
            continue; // sums by code the transcriber computed, or not a force's table
        }
        let obs = observations(&t.force);
        if t.header.iter().any(|h| h == "Bram") {
            checked += crosstab(&t, &obs, &mut missing);
            continue;
        }
        let years: Vec<(usize, String)> =
            t.header.iter().enumerate().filter_map(|(c, h)| period_of(h).map(|p| (c, p))).collect();
        if years.is_empty() {
            // A count by year: years down the first column, the count beside.
            for row in &t.rows {
                let (Some(p), Some(v)) = (period_of(&row[0]), row.get(1).and_then(|c| number(c))) else { continue };
                checked += 1;
                if !obs.iter().any(|o| o.breakdown.is_none() && o.period == p && o.value == Some(v)) {
                    missing.push(format!("{} count {p} = {v}", t.force));
                }
            }
            continue;
        }
        for row in &t.rows {
            let label = &row[0];
            if label.starts_with("**") || label.starts_with("*(") || label.starts_with('(') {
                continue; // totals and the transcriber's own sums
            }
            let key = label_key(label);
            for (c, p) in &years {
                let Some(v) = row.get(*c).and_then(|x| number(x)).filter(|v| *v > 0) else { continue };
                checked += 1;
                let found = obs.iter().find(|o| {
                    o.breakdown.is_some()
                        && o.period == *p
                        && o.value == Some(v)
                        && normalise(&o.label).starts_with(&key)
                });
                match found {
                    Some(o) => assert!(o.source.sheet.starts_with("page "), "{} has no page: {:?}", o.label, o.source),
                    None => missing.push(format!("{} {label:?} {p} = {v}", t.force)),
                }
            }
        }
    }
    assert!(missing.is_empty(), "{} of {checked} figures not stored:\n{}", missing.len(), missing.join("\n"));
    assert!(checked > 700, "only {checked} figures checked: TRUTH.md was not parsed as expected");
}

/// Cumbria's outcome × hospital tables: each non-zero cell stored under outcomes and under hospitals.
fn crosstab(t: &TruthTable, obs: &[&Observation], missing: &mut Vec<String>) -> usize {
    let hospitals: Vec<String> = {
        let mut names: Vec<String> = obs
            .iter()
            .filter(|o| o.measure == "hospital_crimes_by_hospital")
            .filter_map(|o| o.category_group.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    };
    // A shortened heading ("Carl", "JCook", "WCumb") names the hospital it begins, else whose capitals and
    // letters it follows in order.
    let full = |short: &str| -> Option<String> {
        let squeezed = |n: &str| n.replace(' ', "");
        let prefix: Vec<&String> = hospitals.iter().filter(|n| squeezed(n).starts_with(short)).collect();
        if prefix.len() == 1 {
            return Some(prefix[0].clone());
        }
        let follows = |n: &str| {
            let mut it = n.chars();
            short.chars().all(|s| it.any(|c| c == s))
        };
        let seq: Vec<&String> = hospitals.iter().filter(|n| follows(n)).collect();
        (seq.len() == 1).then(|| seq[0].clone())
    };
    let mut n = 0;
    for row in &t.rows {
        let label = &row[1];
        if label.starts_with("**") || row[0].is_empty() {
            continue;
        }
        let key = label_key(label);
        for (c, short) in t.header.iter().enumerate().skip(3) {
            if short.starts_with("**") {
                continue;
            }
            let Some(v) = row.get(c).and_then(|x| number(x)).filter(|v| *v > 0) else { continue };
            n += 1;
            let Some(hospital) = full(short) else {
                missing.push(format!("cumbria: no hospital named like {short:?}"));
                continue;
            };
            let span = "2019/20 to 2023/24";
            let by_outcome = obs.iter().any(|o| {
                o.measure == "hospital_crimes_by_outcome"
                    && o.period == span
                    && o.value == Some(v)
                    && normalise(&o.label).starts_with(&key)
                    && o.label.ends_with(&format!("({hospital})"))
            });
            let by_hospital = obs.iter().any(|o| {
                o.measure == "hospital_crimes_by_hospital"
                    && o.period == span
                    && o.value == Some(v)
                    && o.category_group.as_deref() == Some(hospital.as_str())
                    && normalise(&o.label).contains(&key)
            });
            if !(by_outcome && by_hospital) {
                missing.push(format!(
                    "cumbria {label:?} × {hospital} = {v} (outcome {by_outcome}, hospital {by_hospital})"
                ));
            }
        }
    }
    n
}

#[test]
fn the_outcome_table_that_does_not_add_up_blocks_with_both_figures() {
    let Some(i) = ingested() else { return };
    let found = i.out.problems.iter().any(|p| {
        p.force == "durham"
            && p.kind == ProblemKind::Inconsistent
            && p.severity == Severity::Blocking
            && p.message.contains("285")
            && p.message.contains("289")
    });
    assert!(found, "no blocking problem names Durham's 285 and 289");
}

#[test]
fn the_calendar_year_answer_is_calendar_with_its_part_year_flagged() {
    let Some(i) = ingested() else { return };
    let r = i.out.responses.iter().find(|r| r.force == "humberside").unwrap();
    assert_eq!(r.period_basis, PeriodBasis::Calendar);
    let periods: BTreeMap<&str, i64> = observations("humberside")
        .iter()
        .filter(|o| o.measure == "hospital_crimes_by_offence")
        .fold(BTreeMap::new(), |mut m, o| {
            *m.entry(o.period.as_str()).or_insert(0) += o.value.unwrap_or(0);
            m
        });
    let want: BTreeMap<&str, i64> =
        [("2019", 457), ("2020", 486), ("2021", 465), ("2022", 481), ("2023", 609), ("2024", 153)].into();
    assert_eq!(periods, want, "Humberside's offence table by calendar year");
    assert!(
        i.out.problems.iter().any(|p| p.force == "humberside"
            && p.kind == ProblemKind::BasisUnclear
            && p.severity == Severity::Blocking
            && p.message.contains("2024")),
        "the part-year is not flagged"
    );
}

#[test]
fn withheld_hospital_names_make_a_partial_answer() {
    let Some(i) = ingested() else { return };
    let r = i.out.responses.iter().find(|r| r.force == "humberside").unwrap();
    assert_eq!(r.status, ResponseStatus::Partial);
    assert_eq!(r.exemption.as_deref(), Some("s40"));
}

#[test]
fn the_crime_list_is_counted_into_years_types_and_outcomes() {
    let Some(_) = ingested() else { return };
    let herts = observations("hertfordshire");
    let sum = |measure: &str, period: &str| -> i64 {
        herts.iter().filter(|o| o.measure == measure && o.period == period).filter_map(|o| o.value).sum()
    };
    for (p, n) in [("2019/20", 883), ("2020/21", 996), ("2021/22", 888), ("2022/23", 877), ("2023/24", 848)] {
        assert_eq!(sum("hospital_crimes_by_offence", p), n, "crime types {p}");
        assert_eq!(sum("hospital_crimes_by_outcome", p), n, "outcomes {p}");
    }
}

/// Each letter's reference, date, status and year basis, with the sentence and page that say so.
#[test]
fn the_letters_say_who_answered_when_and_how_with_their_sentences() {
    let Some(i) = ingested() else { return };
    assert_eq!(i.out.responses.len(), 4, "a campaign of the answers held covers only their forces");
    let r = |force: &str| i.out.responses.iter().find(|r| r.force == force).unwrap();
    let said = |force: &str, fact: &str| -> (String, String) {
        let e = r(force)
            .evidence
            .iter()
            .find(|e| e.fact == fact)
            .unwrap_or_else(|| panic!("{force}: no evidence for {fact}: {:#?}", r(force).evidence));
        assert!(e.source.sheet.starts_with("page "), "{force} {fact}: no page in {:?}", e.source);
        (e.quote.clone(), e.source.sheet.clone())
    };
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(r("cumbria").reference.as_deref(), Some("1306/25"));
    assert_eq!(r("cumbria").received, date(2025, 10, 13));
    assert!(said("cumbria", "reference").0.contains("My Reference: FOI 1306/25"));
    assert_eq!(said("cumbria", "received").0, "13th October 2025");
    assert_eq!(r("durham").reference.as_deref(), Some("1406745"));
    assert_eq!(r("durham").received, date(2025, 10, 15));
    assert!(said("durham", "status").0.contains("information requested is held"));
    assert_eq!(r("humberside").reference.as_deref(), Some("01/FOI/25/006753/Z"));
    assert_eq!(r("humberside").received, date(2025, 10, 10));
    let (quote, page) = said("humberside", "status");
    assert!(quote.contains("names of the hospitals") && quote.contains("Section 40(2)"), "{quote}");
    assert!(page.starts_with("page 3"), "{page}");
    assert!(said("humberside", "period_basis").0.contains("2024"));
    assert!(said("hertfordshire", "period_basis").0.contains("01/04/19 - 31/03/24"));
}

/// Outcome wordings as forces write them, added up by Home Office code: TRUTH.md's table of Humberside's
/// outcomes by code ("1: Charged" and "1: Summonsed…" are both code 1; "Ongoing" has no outcome yet).
#[test]
fn outcome_wordings_add_up_by_code() {
    let Some(i) = ingested() else { return };
    let t = truth_tables(&i.truth)
        .into_iter()
        .find(|t| t.force == "humberside" && t.header[0] == "HO code")
        .expect("TRUTH.md's Humberside outcomes by code");
    let obs = observations("humberside");
    let mut wrong = Vec::new();
    for row in &t.rows {
        let code = row[0].trim_matches(|c| c == '(' || c == ')');
        for (c, year) in t.header.iter().enumerate().skip(1).filter(|(_, h)| period_of(h).is_some()) {
            let want = number(&row[c]).unwrap();
            let got: i64 = obs
                .iter()
                .filter(|o| o.measure == "hospital_crimes_by_outcome" && o.period == *year)
                .filter(|o| match code {
                    "Ongoing" => o.category_group.as_deref() == Some("not_yet_assigned"),
                    _ => o.category_code.as_deref() == Some(code),
                })
                .filter_map(|o| o.value)
                .sum();
            if got != want {
                wrong.push(format!("code {code} {year}: {got}, not {want}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
