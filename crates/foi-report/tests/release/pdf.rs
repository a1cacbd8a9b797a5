//! Real PDFs. CI installs typst (`cargo install --locked typst-cli`) and poppler-utils: these tests fail without.

use super::*;

fn typst() -> Typst {
    let t = Typst::from_env();
    if let Err(e) = t.version() {
        panic!("these tests need the typst CLI ({e}); set {TYPST_ENV} or put typst on PATH");
    }
    t
}

/// The PDF's text with all whitespace runs as single spaces.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed to read the PDF back");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("page count")
}

#[test]
fn a_release_pdf_carries_the_headline_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let r = render_force_with(&typst(), &out(dir.path()), &campaign(), &rising(), Publish::FinalOnly).unwrap();
    assert!(r.typst_warnings.is_empty(), "typst warned: {}", r.typst_warnings);
    let text = pdf_text(&r.pdf);
    for needle in [
        "Crimes linked to TikTok recorded by Northamptonshire Police up 63% from 2021/22 to 2023/24",
        "up 63% on the 65 recorded in 2021/22",
        "It recorded 252 in total from 2021/22 to 2023/24",
        "Year by year, the force gave 65 in 2021/22, 81 in 2022/23 and 106 in 2023/24.",
        "Evidential difficulties stopped further action in 52 cases",
        "Methodology and caveats",
        "2549/24",
        "[1] northamptonshire/FOI-2549-24.xlsx",
        "[1] Q1!B2, B3, B4",
        "Jane Davies",
    ] {
        assert!(text.contains(needle), "the PDF lacks {needle:?}:\n{text}");
    }
    let pages = pdf_pages(&r.pdf);
    assert!((1..=2).contains(&pages), "{pages} pages");
}

#[test]
fn the_fullest_release_fits_two_pages() {
    let dir = tempfile::tempdir().unwrap();
    let r = render_force_with(&typst(), &out(dir.path()), &campaign(), &fixtures::big(), Publish::FinalOnly).unwrap();
    let pages = pdf_pages(&r.pdf);
    assert!(pages <= 2, "{pages} pages");
}

#[test]
fn short_releases_compile_too() {
    let dir = tempfile::tempdir().unwrap();
    for f in [small(), refused()] {
        let r = render_force_with(&typst(), &out(dir.path()), &campaign(), &f, Publish::FinalOnly).unwrap();
        let text = pdf_text(&r.pdf);
        assert!(text.contains(&r.headline), "the PDF lacks {:?}:\n{text}", r.headline);
        assert!((1..=2).contains(&pdf_pages(&r.pdf)));
    }
}

#[test]
fn the_overview_compiles() {
    let dir = tempfile::tempdir().unwrap();
    let r = render_overview_with(&typst(), &out(dir.path()), &campaign(), &fixtures::national()).unwrap();
    assert_eq!(r.pdf, dir.path().join("tiktok-2024/national-overview.pdf"));
    assert!(r.league_csv.as_ref().unwrap().exists());
    let text = pdf_text(&r.pdf);
    for needle in [r.headline.as_str(), "British Transport Police", "at least 65", "Gwent", "Cumbria", "Dorset"] {
        assert!(text.contains(needle), "the overview lacks {needle:?}:\n{text}");
    }
}

#[test]
fn markup_in_the_data_is_printed_literally() {
    let evil = r#"#read("/etc/passwd") <5 $x^2$ *bold* _it_ // not a comment @ref [link] \ back"#;
    let mut f = rising();
    fixtures::breakdown_mut(&mut f, "offence").rows[0].label = evil.to_string();
    f.figures[0].label = evil.to_string();
    let mut c = campaign();
    c.release.quotes[0].text = evil.to_string();
    c.title = format!("Title {evil}");
    let dir = tempfile::tempdir().unwrap();
    let r = render_force_with(&typst(), &out(dir.path()), &c, &f, Publish::FinalOnly).unwrap();
    let text = pdf_text(&r.pdf);
    assert!(text.contains(&format!("Title {evil}")), "the campaign's title is not literal:\n{text}");
    assert!(text.contains(&format!("“{evil}”")), "the quote is not literal:\n{text}");
    assert!(text.contains(&format!("were {evil} (31)")), "the offence label is not literal:\n{text}");
    assert!(!text.contains("root:"), "a file was read into the PDF");
}

#[test]
fn the_same_data_gives_the_same_pdf() {
    let t = typst();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let ra = render_force_with(&t, &out(a.path()), &campaign(), &rising(), Publish::FinalOnly).unwrap();
    let rb = render_force_with(&t, &out(b.path()), &campaign(), &rising(), Publish::FinalOnly).unwrap();
    assert_eq!(fs_err::read(ra.pdf).unwrap(), fs_err::read(rb.pdf).unwrap());
}

#[test]
fn typst_errors_carry_its_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let r = write_force_inputs(&out(dir.path()), &campaign(), &rising(), Publish::FinalOnly).unwrap();
    fs_err::write(&r.typ, "#let x = (\n").unwrap();
    fs_err::write(&r.pdf, "stale").unwrap();
    let err = typst().compile(&r.files()).unwrap_err();
    match &err {
        ReportError::Typst { stderr, .. } => assert!(stderr.contains("error"), "{stderr}"),
        other => panic!("{other:?}"),
    }
    assert!(!r.pdf.exists(), "a stale PDF must not survive a failed compile");
}

/// Not a test: `FOI_REPORT_SAMPLES=<dir> cargo test -p foi-report write_samples -- --ignored` writes sample
/// releases to look at.
#[test]
#[ignore]
fn write_samples() {
    let dir = std::path::PathBuf::from(std::env::var("FOI_REPORT_SAMPLES").expect("FOI_REPORT_SAMPLES=<dir>"));
    for f in all_stories().into_iter().chain([fixtures::big()]) {
        let mut f = f;
        let story = format!("{:?}", classify(&f)).to_lowercase();
        f.force = format!("{}-{story}", f.force);
        render_force_with(&typst(), &out(&dir), &campaign(), &f, Publish::FinalOnly).unwrap();
    }
    render_overview_with(&typst(), &out(&dir), &campaign(), &fixtures::national()).unwrap();
}
