//! `foi review` through the real binary: candidates for unmapped labels, spellings clustered across forces so one
//! decision covers them all, lines that paste into corrections.toml and settle the problems, and the review page
//! looked at in a real headless browser.

mod common;

use std::path::Path;

use common::{text, Desk};
use serde_json::Value;

fn items(review: &Value) -> Vec<&Value> {
    review["forces"].as_array().unwrap().iter().flat_map(|f| f["items"].as_array().unwrap()).collect()
}

#[test]
fn review_suggests_the_mapping_and_one_decision_covers_every_spelling() {
    let desk = Desk::new(&[("kent", &["misreads/labels_kent.csv"]), ("essex", &["misreads/labels_essex.csv"])]);
    desk.ingest(&[]);
    assert!(desk.open("kent") > 0 && desk.open("essex") > 0, "unmapped labels in a breakdown block both forces");
    let review = desk.review_all();
    let all = items(&review);
    let harr = all.iter().find(|i| i["problem"]["label"] == "Harrasment").expect("the misspelt label is a problem");
    assert_eq!(harr["candidates"][0]["key"], "code");
    assert_eq!(harr["candidates"][0]["vocabulary"], "offence");
    assert_eq!(harr["candidates"][0]["value"], "8L");
    assert!(harr["candidates"][0]["score"].as_f64().unwrap() >= 0.8, "{harr:#}");
    assert!(harr["candidates"].as_array().unwrap().len() <= 3);
    assert_eq!(harr["spellings"], serde_json::json!(["Harrasment", "HARRASSMENT 5"]));
    let toml = harr["toml"].as_str().unwrap();
    assert!(
        toml.contains("label = [\"Harrasment\", \"HARRASSMENT 5\"]")
            && toml.contains("vocabulary = \"offence\"\ncode = \"8L\""),
        "{toml}"
    );
    assert!(!toml.contains("\nforce ="), "spellings from several forces: one mapping for every force\n{toml}");
    let comms = all.iter().find(|i| i["problem"]["label"] == "Malicious comms").unwrap();
    assert_eq!(comms["candidates"][0]["value"], "8R", "{comms:#}");

    // Paste the suggested lines (each decision once), give the reasons, ingest again: both forces are settled.
    let mut pasted: Vec<String> = Vec::new();
    for i in &all {
        let t = i["toml"].as_str().unwrap_or_default();
        let key = {
            let mut s: Vec<&str> =
                i["spellings"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            s.sort();
            format!("{s:?}")
        };
        if !t.is_empty() && !pasted.iter().any(|p| p.contains(&key)) {
            pasted.push(format!("# {key}\n{}", t.replace('…', "spelling checked against the force's letter")));
        }
    }
    desk.correct(&pasted.join("\n"));
    desk.ingest(&[]);
    assert_eq!((desk.open("kent"), desk.open("essex")), (0, 0), "{:#}", desk.review_all());
    for force in ["kent", "essex"] {
        let out = desk.report(&[force]);
        assert!(out.status.success(), "{}", text(&out));
        let said = desk.pages(force).join(" ");
        assert!(said.contains("malicious communications (22), harassment (20) and stalking (15)"), "{said}");
        assert!(said.contains("Corrected by hand: label"), "{said}");
    }
}

#[test]
fn the_review_page_in_a_real_browser() {
    let Some(browser) = foi_tests::chromium("the_review_page_in_a_real_browser") else { return };
    let desk = Desk::new(&[
        ("essex", &["misreads/outcomes_across.xlsx"]),
        ("surrey", &["misreads/quarterly.xlsx"]),
        ("kent", &["misreads/labels_kent.csv"]),
    ]);
    desk.ingest(&[]);
    let page = desk.out.join("review.html");
    fs_err::create_dir_all(&desk.out).unwrap();
    let mut args = vec!["review".to_string(), "--html".into(), page.display().to_string()];
    args.extend(desk.paths());
    let out = desk.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", text(&out));
    let profile = tempfile::tempdir().unwrap();
    let shot = desk.out.join("review.png");
    let browse = |extra: &[&str]| foi_tests::browse(&browser, profile.path(), &page, extra);
    // What the browser built from the page: the counts, each force, the grid with its highlighted cell.
    let dom = browse(&["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("open blocking problems in 3 forces"), "{dom}");
    for needle in ["Essex", "Surrey", "Kent", "Harrasment", "[[table]]", "[[label]]", "class=\"hl\""] {
        assert!(dom.contains(needle), "the page should show {needle:?}");
    }
    // What a person sees: a phone-width screenshot with the red badges and the yellow highlighted cells.
    let taken = browse(&[&format!("--screenshot={}", shot.display()), "--window-size=412,2400"]);
    assert!(shot.exists(), "no screenshot: {}", String::from_utf8_lossy(&taken.stderr));
    let (w, h, px) = foi_tests::rgb_pixels(&shot);
    assert_eq!((w, h), (412, 2400));
    let near = |p: &[u8; 3], c: [u8; 3]| p.iter().zip(c).all(|(a, b)| a.abs_diff(b) <= 12);
    let red = px.iter().filter(|p| near(p, [0xb3, 0x26, 0x1e])).count();
    let yellow = px.iter().filter(|p| near(p, [0xff, 0xe0, 0x8a])).count();
    assert!(red > 200, "blocking badges drawn in red ({red} pixels)");
    assert!(yellow > 200, "highlighted cells drawn in yellow ({yellow} pixels)");
    if let Some(dir) = std::env::var_os("FOI_SCREENSHOT_DIR") {
        fs_err::copy(&shot, Path::new(&dir).join("review-page.png")).unwrap();
    }
}

/// A table not understood and the question it leaves unanswered: the review's suggestion, pasted as it is with
/// a reason, declares the right range, question and orientation.
#[test]
fn the_suggested_table_declaration_settles_the_problem() {
    let desk = Desk::new(&[("essex", &["misreads/outcomes_across.xlsx"])]);
    desk.ingest(&[]);
    let review = desk.review("essex");
    let table = items(&review)
        .into_iter()
        .find(|i| i["problem"]["kind"] == "unrecognised_table")
        .expect("outcomes along the header with no year are not understood");
    let toml = table["toml"].as_str().unwrap();
    assert!(toml.contains("range = \"'Q1b'!A1:F2\"") && toml.contains("question = \"1b\""), "{toml}");
    assert!(toml.contains("orientation = \"across\""), "{toml}");
    desk.correct(&toml.replace('…', "outcomes run along the header"));
    desk.ingest(&[]);
    assert_eq!(desk.open("essex"), 0, "{:#}", desk.review("essex"));
}
