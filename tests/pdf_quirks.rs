//! The PDF reader on small letters of our own, one quirk each (tests/fixtures/pdf/README.md): each is compiled
//! with the real `typst` and read with the real `pdftotext`, as the forces' PDFs are.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use foi_ingest::sources::{read_bytes, Document, ReadError};
use foi_ingest::Limits;
use foi_tests::fixture;

fn typst() -> String {
    std::env::var("FOI_TYPST").unwrap_or_else(|_| "typst".into())
}

/// The PDF typst writes from the fixture `name.typ`.
fn pdf(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join(format!("{name}.pdf"));
    let status = Command::new(typst())
        .arg("compile")
        .arg(fixture(&format!("pdf/{name}.typ")))
        .arg(&out)
        .status()
        .expect("typst (cargo install --locked typst-cli, or set FOI_TYPST)");
    assert!(status.success(), "typst compile {name}.typ");
    (tmp, out)
}

fn read(name: &str) -> Result<Vec<Document>, ReadError> {
    let (_tmp, path) = pdf(name);
    read_bytes(&format!("{name}.pdf"), &fs_err::read(&path).unwrap(), &Limits::default())
}

/// Each block of the document's flow (`page 1 table 1`, `page 2 paragraph 1` …) with its rows of cell texts.
fn blocks(name: &str) -> BTreeMap<String, Vec<Vec<String>>> {
    let docs = read(name).expect("a text PDF is read");
    let mut out: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for s in docs.iter().flat_map(|d| &d.sheets) {
        for (r, row) in s.rows.iter().enumerate() {
            if row.iter().all(|c| c.is_empty()) {
                continue;
            }
            out.entry(s.locate(r, 0).0).or_default().push(row.iter().map(|c| c.display()).collect());
        }
    }
    out
}

fn table<'a>(b: &'a BTreeMap<String, Vec<Vec<String>>>, name: &str) -> &'a Vec<Vec<String>> {
    b.get(name).unwrap_or_else(|| panic!("no {name}; blocks: {:#?}", b.keys().collect::<Vec<_>>()))
}

#[test]
fn a_label_wrapped_over_lines_is_one_cell() {
    let b = blocks("wrapped_labels");
    let t = table(&b, "page 1 table 1");
    assert_eq!(t[0], ["Offence", "2022/23", "2023/24"]);
    assert_eq!(
        t[1],
        [
            "Racially or religiously aggravated public fear, alarm or distress and other public order offences",
            "18",
            "24"
        ]
    );
    assert_eq!(t[2], ["Arson", "3", "4"]);
    assert_eq!(t.len(), 4, "{t:#?}");
}

#[test]
fn blank_cells_stay_blank_and_figures_keep_their_columns() {
    let b = blocks("blank_cells");
    let t = table(&b, "page 1 table 1");
    assert_eq!(t[0], ["Offence", "2021", "2022", "2023"]);
    assert_eq!(t[1], ["Aggravated vehicle taking", "1", "", ""]);
    assert_eq!(t[2], ["Arson", "", "3", "1"]);
    assert_eq!(t[3], ["Rape", "", "", "2"]);
    assert_eq!(t[4], ["Shoplifting", "2", "3", "5"]);
}

#[test]
fn a_table_continued_over_a_page_is_joined_without_the_letterhead() {
    let b = blocks("continued");
    let first = table(&b, "page 1 table 1");
    let rest: Vec<&Vec<String>> = b.iter().filter(|(k, _)| k.contains("(continued)")).flat_map(|(_, v)| v).collect();
    assert!(!rest.is_empty(), "the table goes on over the page: {:#?}", b.keys().collect::<Vec<_>>());
    let rows: Vec<&Vec<String>> = first.iter().skip(1).chain(rest).collect();
    assert_eq!(rows.len(), 30, "every row once, the header once: {rows:#?}");
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        assert_eq!(**row, [format!("Offence number {n}"), (n * 2).to_string(), (n * 3).to_string()]);
    }
    let heads = b.values().flatten().flatten().filter(|c| c.contains("EXAMPLE POLICE")).count();
    assert_eq!(heads, 1, "the letterhead repeated on every page is read once");
}

#[test]
fn tables_side_by_side_are_kept_apart() {
    let b = blocks("side_by_side");
    let outcomes = table(&b, "page 1 table 1");
    let hospitals = table(&b, "page 1 table 2");
    assert_eq!(outcomes[0], ["Outcome", "2022/23", "2023/24"]);
    assert_eq!(outcomes[1], ["Charged", "12", "15"]);
    assert_eq!(outcomes.len(), 4);
    assert_eq!(hospitals[0], ["Hospital", "2022/23", "2023/24"]);
    assert_eq!(hospitals[2], ["Memorial Hospital", "6", "5"]);
    assert_eq!(hospitals.len(), 3);
}

#[test]
fn a_pdf_without_text_is_a_scan_not_an_empty_answer() {
    match read("scanned") {
        Err(ReadError::Scanned(why)) => assert!(why.contains("OCR"), "{why}"),
        Err(e) => panic!("another error: {e}"),
        Ok(d) => panic!("read as a document: {} sheets", d.iter().map(|d| d.sheets.len()).sum::<usize>()),
    }
}
