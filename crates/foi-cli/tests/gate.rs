//! The publish gate end to end, through the real `foi` binary, real fixtures (tests/fixtures/misreads), the real
//! Parquet store and the real typst: each answer laid out the way the reader once got wrong is a blocking
//! problem, `foi report` refuses it with its own exit status and names the cells, `--draft` marks every page,
//! and one entry in corrections.toml makes the next ingest and the final release right.

mod common;

use common::{root, text, Desk, BANNER, BLOCKED};

/// A misread: the force and its file, what the refusal must name, the one correction, and what the final
/// release must then say.
struct Case<'a> {
    force: &'a str,
    files: &'a [&'a str],
    ingest: &'a [&'a str],
    names: &'a [&'a str],
    correction: &'a str,
    reingest: &'a [&'a str],
    says: &'a [&'a str],
}

fn gate(case: Case<'_>) {
    let desk = Desk::new(&[(case.force, case.files)]);
    desk.ingest(case.ingest);
    assert!(desk.open(case.force) > 0, "{}: no blocking problem\n{:#}", case.force, desk.review(case.force));

    // No final release: a distinct exit status, the problems with their cells, how to settle them, no PDF.
    let refused = desk.report(&[case.force]);
    let said = text(&refused);
    assert_eq!(refused.status.code(), Some(BLOCKED), "{said}");
    for n in case.names {
        assert!(said.contains(n), "the refusal should name {n:?}:\n{said}");
    }
    assert!(said.contains("corrections.toml") && said.contains("--draft"), "{said}");
    assert!(!desk.pdf(case.force).exists(), "no PDF is written for a refused release");

    // A draft says so on every page and lists what is open on page 1; its figures file marks doubtful figures.
    let draft = desk.report(&[case.force, "--draft"]);
    assert!(draft.status.success(), "{}", text(&draft));
    let pages = desk.pages(case.force);
    assert!(pages.iter().all(|p| p.contains(BANNER)), "every page of a draft carries the banner");
    assert!(pages[0].contains("Open problems"), "{}", pages[0]);
    let statuses: Vec<String> = desk.figures_csv(case.force).iter().map(|r| r[1].to_string()).collect();
    assert!(statuses.iter().all(|s| s == "draft" || s == "doubtful") && statuses.contains(&"doubtful".into()));

    // One correction, and the next ingest and report are right.
    desk.correct(case.correction);
    desk.ingest(case.reingest);
    assert_eq!(desk.open(case.force), 0, "{:#}", desk.review(case.force));
    let fin = desk.report(&[case.force]);
    assert!(fin.status.success(), "{}", text(&fin));
    let all = desk.pages(case.force).join(" ");
    assert!(!all.contains(BANNER), "a final release has no draft banner");
    for s in case.says {
        assert!(all.contains(s), "the final release should say {s:?}:\n{all}");
    }
    if !case.correction.is_empty() {
        assert!(all.contains("Corrected by hand"), "the sources appendix shows the decision:\n{all}");
    }
    assert!(desk.figures_csv(case.force).iter().all(|r| &r[1] == "final"));
}

const YEARS: &str = "40 in 2021/22, 50 in 2022/23 and 70 in 2023/24";
const OFFENCES: &str = "malicious communications (22), harassment (20) and stalking (15)";
const OUTCOMES: &str = "six had led to a charge or summons";

#[test]
fn quarters_under_each_year() {
    gate(Case {
        force: "surrey",
        files: &["misreads/quarterly.xlsx"],
        ingest: &[],
        names: &["quarterly.xlsx [Q1]!C3", "read only in part"],
        correction: "[[table]]\nforce = \"surrey\"\nfile = \"quarterly.xlsx\"\nrange = \"'Q1'!A1:M3\"\nquestion = \"1\"\norientation = \"across\"\nreason = \"four quarters under each year\"\n",
        reingest: &[],
        says: &[YEARS, "recorded 160 in total", OFFENCES],
    });
}

#[test]
fn an_excel_pivot_table() {
    gate(Case {
        force: "sussex",
        files: &["misreads/pivot.xlsx"],
        ingest: &[],
        names: &["pivot.xlsx [Pivot]", "question 1 not answered"],
        correction: "[[table]]\nforce = \"sussex\"\nfile = \"pivot.xlsx\"\nrange = \"'Pivot'!A4:E6\"\nquestion = \"1\"\norientation = \"across\"\nreason = \"an Excel pivot table pasted as values\"\n",
        reingest: &[],
        says: &[YEARS, "recorded 160 in total"],
    });
}

/// Each group written once, beside its first subgroup (blank below), once needed a `[[table]]` correction: the
/// label column is now the finer one beside the groups, and the table is read as it stands.
#[test]
fn a_group_written_once_beside_its_first_subgroup_is_read_right() {
    let desk = Desk::new(&[("norfolk", &["misreads/group_first_subgroup.xlsx"])]);
    desk.ingest(&[]);
    assert_eq!(desk.open("norfolk"), 0, "{:#}", desk.review("norfolk"));
    let out = desk.report(&["norfolk"]);
    assert!(out.status.success(), "{}", text(&out));
    let all = desk.pages("norfolk").join(" ");
    let says = "stalking and harassment (42), violence without injury (15) and other sexual offences (13)";
    assert!(all.contains(says), "{says:?}:\n{all}");
}

#[test]
fn a_letter_restating_the_spreadsheet_with_a_different_figure() {
    gate(Case {
        force: "devon-and-cornwall",
        files: &["misreads/restated.xlsx", "misreads/restated_wrong.html"],
        ingest: &[],
        names: &["restated_wrong.html [table 1]!B2", "41 here but 40"],
        correction: "[[skip]]\nforce = \"devon-and-cornwall\"\nfile = \"restated_wrong.html\"\nreason = \"the letter's 41 for 2021/22 is a typing slip; the spreadsheet is the force's data\"\n",
        reingest: &[],
        says: &[YEARS, "recorded 160 in total", OFFENCES],
    });
}

#[test]
fn a_crime_list_cut_short_is_never_a_final_release() {
    // 161 rows of 4 cells read under a cap of 400 cells: the sheet is cut short. Read whole, it is right.
    gate(Case {
        force: "cumbria",
        files: &["misreads/crime_list.xlsx"],
        ingest: &["--max-sheet-cells", "400"],
        names: &["crime_list.xlsx [Crimes]", "only the first 400 were read"],
        correction: "",
        reingest: &[],
        says: &[YEARS, OFFENCES, OUTCOMES],
    });
}

/// Layouts the checks now read right: stored once, never doubled, no problem to settle.
#[test]
fn subtotals_totals_in_another_column_and_restated_letters_are_read_right() {
    let desk = Desk::new(&[
        ("kent", &["misreads/group_subtotals.xlsx"]),
        ("suffolk", &["misreads/total_other_column.xlsx"]),
        ("dorset", &["misreads/restated.xlsx", "misreads/restated.html"]),
    ]);
    desk.ingest(&[]);
    for force in ["kent", "suffolk", "dorset"] {
        assert_eq!(desk.open(force), 0, "{force}");
        let out = desk.report(&[force]);
        assert!(out.status.success(), "{}", text(&out));
        let all = desk.pages(force).join(" ");
        assert!(
            all.contains(YEARS) && all.contains("recorded 160 in total") && all.contains(OFFENCES),
            "{force}: {all}"
        );
        assert!(!all.to_lowercase().contains("total (57)") && !all.contains("(70)"), "{force}: a total as an offence");
        let offences = desk.figures_csv(force).iter().filter(|r| r[0].starts_with("offence.")).count();
        assert_eq!(offences, 5, "{force}: five offence rows, each once");
    }
}

/// Outcomes along the header with the year down the side (a breakdown turned on its side) once needed a
/// `[[table]]` correction; the years-down reader now reads it as it stands, its Total column checked.
#[test]
fn outcomes_transposed_into_columns_are_read_right() {
    let desk = Desk::new(&[("essex", &["misreads/transposed_outcomes.xlsx"])]);
    desk.ingest(&[]);
    assert_eq!(desk.open("essex"), 0, "{:#}", desk.review("essex"));
    let out = desk.report(&["essex"]);
    assert!(out.status.success(), "{}", text(&out));
    let all = desk.pages("essex").join(" ");
    for s in [YEARS, OUTCOMES, "In 25 cases the investigation was completed without a suspect being identified"] {
        assert!(all.contains(s), "{s:?}:\n{all}");
    }
    let outcomes = desk.figures_csv("essex").iter().filter(|r| r[0].starts_with("outcome.")).count();
    assert!(outcomes >= 3, "the outcome highlights are figures");
}

/// While a force is under review, national figures leave it out and say so; `--all` writes finals and drafts and
/// ends with a table; a final release written earlier is removed when its force becomes blocked.
#[test]
fn national_figures_leave_out_forces_under_review() {
    let desk = Desk::new(&[("kent", &["misreads/group_subtotals.xlsx"]), ("surrey", &["misreads/quarterly.xlsx"])]);
    desk.ingest(&[]);
    let all = desk.report(&["--all"]);
    let said = text(&all);
    assert!(all.status.success(), "{said}");
    let line = |force: &str| said.lines().find(|l| l.starts_with(&format!("{force} "))).unwrap_or_default().to_string();
    assert!(line("kent").contains("final"), "{said}");
    assert!(line("surrey").contains("draft"), "{said}");
    let overview = desk.pages("national-overview").join(" ");
    assert!(overview.contains("Figures from Surrey are under review"), "{overview}");
    assert!(overview.contains("recorded 160 crimes linked to TikTok"), "Kent's 160 alone: {overview}");
    let kent = desk.pages("kent").join(" ");
    assert!(kent.contains("Figures from Surrey are under review") && !kent.contains(BANNER), "{kent}");

    // Kent's answer changes under it: the earlier final release goes, and no new one is written.
    fs_err::copy(
        root().join("tests/fixtures/misreads/restated_wrong.html"),
        desk.raw.join("tiktok-2024/kent/restated_wrong.html"),
    )
    .unwrap();
    desk.ingest(&[]);
    assert!(desk.pdf("kent").exists());
    let refused = desk.report(&["kent"]);
    assert_eq!(refused.status.code(), Some(BLOCKED), "{}", text(&refused));
    assert!(!desk.pdf("kent").exists(), "a final release older than the store's figures is removed");
}

/// A corrections.toml entry that matches nothing stops ingest, naming the entry.
#[test]
fn a_correction_that_matches_nothing_is_an_error() {
    let desk = Desk::new(&[("kent", &["misreads/group_subtotals.xlsx"])]);
    desk.correct("[[skip]]\nforce = \"kent\"\nfile = \"no-such-file.pdf\"\nreason = \"covering letter\"\n");
    let mut args = vec!["ingest".to_string()];
    args.extend(desk.paths());
    let out = desk.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!out.status.success());
    let said = text(&out);
    assert!(said.contains("[[skip]] #1") && said.contains("no-such-file.pdf"), "{said}");
    desk.correct("[[skip]]\nforce = \"kent\"\nfile = \"x.pdf\"\nreason = \"covering letter\"\ncolour = \"red\"\n");
    let out = desk.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!out.status.success() && text(&out).contains("colour"), "{}", text(&out));
}
