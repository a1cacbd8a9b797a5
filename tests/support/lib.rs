//! Helpers shared by the end-to-end tests in tests/: paths, a throwaway campaign built from fixtures, and the
//! scorer that compares a store with `tests/data/expected.json` (a copy of the corpus's EXPECTED.json).

use std::path::{Path, PathBuf};

use foi_ingest::CampaignIngest;
use foi_model::{Observation, Reference, Response};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn raw() -> PathBuf {
    root().join("data-raw")
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// A raw folder in a temp dir holding one campaign: the real campaign.toml and request, one folder per force
/// holding the named fixtures, and `corrections` as its corrections.toml (none when empty). Returns the temp
/// dir (the raw folder) and the campaign folder.
pub fn campaign_of_fixtures(forces: &[(&str, &[&str])], corrections: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let campaign = tmp.path().join("tiktok-2024");
    fs_err::create_dir_all(&campaign).unwrap();
    for f in ["campaign.toml", "request.txt"] {
        fs_err::copy(raw().join("tiktok-2024").join(f), campaign.join(f)).unwrap();
    }
    if !corrections.is_empty() {
        fs_err::write(campaign.join("corrections.toml"), corrections).unwrap();
    }
    for (folder, files) in forces {
        let dir = campaign.join(folder);
        fs_err::create_dir_all(&dir).unwrap();
        for f in *files {
            let name = Path::new(f).file_name().expect("a fixture file");
            fs_err::copy(fixture(f), dir.join(name)).unwrap_or_else(|e| panic!("copying fixture {f}: {e}"));
        }
    }
    (tmp, campaign)
}

/// A campaign folder in a temp dir: the real campaign.toml and request, and one folder per force holding the
/// named fixtures. Returns the ingest result (and keeps the dir alive with it).
pub fn ingest_fixtures(forces: &[(&str, &[&str])]) -> (tempfile::TempDir, CampaignIngest) {
    ingest_fixtures_with(forces, "")
}

/// [`ingest_fixtures`] with a corrections.toml.
pub fn ingest_fixtures_with(forces: &[(&str, &[&str])], corrections: &str) -> (tempfile::TempDir, CampaignIngest) {
    let (tmp, campaign) = campaign_of_fixtures(forces, corrections);
    let out = foi_ingest::ingest_campaign(&campaign, tmp.path(), &Reference::builtin()).expect("ingest");
    (tmp, out)
}

/// The result of comparing a store's rows with EXPECTED.json, as `score_store.py` does.
#[derive(Debug, Default)]
pub struct Score {
    pub correct: usize,
    pub total: usize,
    pub spurious: Vec<String>,
    pub status_errors: Vec<String>,
    pub wrong: Vec<String>,
}

/// The keys of an expected row that name its category. The TikTok EXPECTED.json names them per vocabulary
/// (`offence_code`: the vocabulary is the part before `_`); later expected files name them as the store does
/// (`breakdown` with `category_group`, `category_subgroup`, `category_code`).
const KEYS: [&str; 8] = [
    "offence_group",
    "offence_subgroup",
    "offence_code",
    "outcome_group",
    "outcome_code",
    "category_group",
    "category_subgroup",
    "category_code",
];

fn key_of<'a>(o: &'a Observation, k: &str) -> Option<&'a str> {
    let (vocabulary, part) = k.split_once('_').expect("a vocabulary_part key");
    if vocabulary != "category" && o.breakdown.as_deref() != Some(vocabulary) {
        return None;
    }
    match part {
        "group" => o.category_group.as_deref(),
        "subgroup" => o.category_subgroup.as_deref(),
        _ => o.category_code.as_deref(),
    }
}

/// Does a store row answer an expected row: same force, measure and period, and every category key the
/// expected row gives?
fn answers(r: &Observation, force: &str, o: &serde_json::Value) -> bool {
    let norm = |s: &str| s.trim().to_lowercase();
    r.force == force
        && o["measure"].as_str() == Some(r.measure.as_str())
        && o["period"].as_str() == Some(r.period.as_str())
        && o.get("breakdown").and_then(|b| b.as_str()).is_none_or(|b| r.breakdown.as_deref() == Some(b))
        && KEYS.iter().all(|k| match o.get(*k).and_then(|v| v.as_str()) {
            Some(v) => key_of(r, k).map(norm) == Some(norm(v)),
            None => true,
        })
}

/// Compare a campaign's store rows with an expected-values file, as `score_store.py` does: every expected value
/// found (summing the rows that answer it; "suppressed" is a null value), no spurious row (a row for a force,
/// measure and period the file asks about, or of a plain count, that answers no expected row), and each
/// force's response status.
pub fn score(expected: &Path, observations: &[Observation], responses: &[Response]) -> Score {
    let exp: serde_json::Value = serde_json::from_str(&fs_err::read_to_string(expected).unwrap()).unwrap();
    let forces = exp["forces"].as_object().unwrap();
    let mut s = Score::default();
    let mut used = vec![false; observations.len()];
    let mut asked = std::collections::HashSet::new();
    let mut counts = std::collections::HashSet::new();
    for (force, e) in forces {
        for o in e["observations"].as_array().unwrap() {
            s.total += 1;
            let measure = o["measure"].as_str().unwrap();
            let period = o["period"].as_str().unwrap();
            asked.insert((force.clone(), measure.to_string(), period.to_string()));
            if o.get("breakdown").is_none() && !KEYS.iter().any(|k| o.get(*k).is_some()) {
                counts.insert(measure.to_string());
            }
            let hits: Vec<usize> =
                observations.iter().enumerate().filter(|(_, r)| answers(r, force, o)).map(|(i, _)| i).collect();
            for &i in &hits {
                used[i] = true;
            }
            let ok = match &o["value"] {
                serde_json::Value::String(v) if v == "suppressed" => {
                    !hits.is_empty() && hits.iter().all(|&i| observations[i].value.is_none())
                }
                v => {
                    !hits.is_empty()
                        && hits.iter().all(|&i| observations[i].value.is_some())
                        && hits.iter().map(|&i| observations[i].value.unwrap()).sum::<i64>() == v.as_i64().unwrap()
                }
            };
            if ok {
                s.correct += 1;
            } else {
                let got: Vec<String> = hits.iter().map(|&i| format!("{:?}", observations[i].value)).collect();
                s.wrong.push(format!("{force} {measure} {period} {o} — got [{}]", got.join(", ")));
            }
        }
    }
    for (i, r) in observations.iter().enumerate() {
        if !used[i]
            && forces.contains_key(&r.force)
            && (counts.contains(&r.measure) || asked.contains(&(r.force.clone(), r.measure.clone(), r.period.clone())))
        {
            s.spurious.push(format!("{r:?}"));
        }
    }
    let want = |st: &str| {
        match st {
            "refused_s12" => "refused",
            other => other,
        }
        .to_string()
    };
    for (force, e) in forces {
        let got = responses.iter().find(|r| &r.force == force).map(|r| r.status.as_str().to_string());
        if got.as_deref() != Some(want(e["status"].as_str().unwrap()).as_str()) {
            s.status_errors.push(format!("{force}: expected {} got {got:?}", e["status"]));
        }
    }
    s
}

/// Ingest the corpus in data-raw/ and write it to a real Parquet store in `dir`.
pub fn ingest_corpus_into(dir: &Path) -> foi_store::Store {
    let data: Vec<foi_store::CampaignData> = foi_ingest::ingest_all(&raw(), &Reference::builtin())
        .expect("ingest data-raw")
        .into_iter()
        .map(|c| foi_store::CampaignData {
            campaign: c.campaign.slug.clone(),
            observations: c.observations,
            responses: c.responses,
            problems: c.problems,
            source_key: None,
        })
        .collect();
    foi_store::write(dir, &data).expect("write the store");
    foi_store::Store::open(dir).expect("open the store")
}

/// Debian's chromium, or the browser named by `FOI_CHROMIUM`. `None` only when there is none and
/// `FOI_REQUIRE_BROWSER` is not set (the test then says it was skipped); in CI it is set, and a missing browser fails.
// Test support: the skip is said where the test's output is shown.
#[allow(clippy::print_stderr)]
pub fn chromium(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("FOI_CHROMIUM").map(PathBuf::from).or_else(|| {
        ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
            std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(name)).find(|p| p.is_file())
        })
    });
    if found.is_none() {
        assert!(
            std::env::var_os("FOI_REQUIRE_BROWSER").is_none(),
            "FOI_REQUIRE_BROWSER is set but no chromium was found (apt-get install chromium)"
        );
        eprintln!("SKIPPED {test}: no chromium on PATH (apt-get install chromium)");
    }
    found
}

/// Open `page` in headless `browser` with a profile under `profile` and the given extra arguments
/// (`--dump-dom`, `--screenshot=…`).
pub fn browse(browser: &Path, profile: &Path, page: &Path, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium")
}

/// The pixels of a PNG (a screenshot) as RGB triples, with its width and height.
pub fn rgb_pixels(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(fs_err::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    let px = buf[..info.buffer_size()].chunks(step).map(|c| [c[0], c[1], c[2]]).collect();
    (info.width, info.height, px)
}
