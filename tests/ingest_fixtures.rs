//! One small fixture per quirk of real answers (tests/fixtures, made by make_fixtures.py or typed by hand),
//! each read through the whole ingest: folder matching, format sniffing, table finding, normalisation.

use foi_ingest::CampaignIngest;
use foi_model::{Observation, PeriodBasis, ProblemKind, ResponseStatus};
use foi_tests::{ingest_fixtures, ingest_fixtures_with};

fn obs<'a>(c: &'a CampaignIngest, force: &str, measure: &str) -> Vec<&'a Observation> {
    c.observations.iter().filter(|o| o.force == force && o.measure == measure).collect()
}

fn years(c: &CampaignIngest, force: &str) -> Vec<(String, Option<i64>)> {
    obs(c, force, "offences_by_year").into_iter().map(|o| (o.period.clone(), o.value)).collect()
}

fn status(c: &CampaignIngest, force: &str) -> ResponseStatus {
    c.responses.iter().find(|r| r.force == force).unwrap().status
}

fn problems(c: &CampaignIngest, force: &str, kind: ProblemKind) -> Vec<String> {
    c.problems
        .iter()
        .filter(|p| p.force == force && p.kind == kind)
        .map(|p| format!("{}: {}", p.source, p.message))
        .collect()
}

fn y(p: &str, v: i64) -> (String, Option<i64>) {
    (p.to_string(), Some(v))
}

#[test]
fn stacked_tables_under_a_letterhead_indented_with_numbers_as_text() {
    let (_t, c) = ingest_fixtures(&[("Example Constabulary", &["stacked_indented.xlsx"])]);
    // "Example Constabulary" is no force: the folder is a recorded problem, and nothing is guessed.
    assert!(c.problems.iter().any(|p| p.kind == ProblemKind::UnknownForce));
    let (_t, c) = ingest_fixtures(&[("Northants Police", &["stacked_indented.xlsx"])]);
    assert_eq!(years(&c, "northamptonshire"), vec![y("2021/22", 1144), y("2022/23", 20), y("2023/24", 30)]);
    let types = obs(&c, "northamptonshire", "offences_by_type");
    assert_eq!(types.len(), 2);
    assert_eq!(types[0].category_code.as_deref(), Some("8L"));
    assert_eq!(types[1].category_code.as_deref(), Some("8R"), "upper-case label maps");
    let outcomes = obs(&c, "northamptonshire", "outcomes");
    assert_eq!(
        outcomes.iter().map(|o| (o.category_code.clone().unwrap(), o.value.unwrap())).collect::<Vec<_>>(),
        vec![("1".into(), 2), ("16".into(), 28)]
    );
    // Every value knows its cell; totals ("Grand Total", "Sum:", "TOTAL") are checked and never stored.
    assert_eq!(obs(&c, "northamptonshire", "offences_by_year")[0].source.cell, "C7");
    assert!(c.observations.iter().all(|o| !o.label.to_lowercase().contains("total") && o.label != "Sum:"));
    assert!(problems(&c, "northamptonshire", ProblemKind::TotalMismatch).is_empty());
    let r = c.responses.iter().find(|r| r.force == "northamptonshire").unwrap();
    assert_eq!(r.reference.as_deref(), Some("0001/24"));
    assert_eq!(r.received, chrono::NaiveDate::from_ymd_opt(2024, 7, 17));
}

#[test]
fn suppressed_values_are_null_never_zero() {
    let (_t, c) = ingest_fixtures(&[("norfolk", &["suppressed.xlsx"])]);
    assert_eq!(years(&c, "norfolk"), vec![y("2021/22", 4), ("2022/23".into(), None), y("2023/24", 7)]);
    let sup: Vec<_> = c.observations.iter().filter(|o| o.value.is_none()).collect();
    assert_eq!(sup.len(), 3);
    assert!(sup.iter().all(|o| o.value_status == foi_model::ValueStatus::Suppressed));
    // Parts with suppressed cells cannot be checked exactly against the total: no false alarm.
    assert!(problems(&c, "norfolk", ProblemKind::TotalMismatch).is_empty());
}

#[test]
fn totals_that_do_not_add_up_are_problems_with_their_cell() {
    let (_t, c) = ingest_fixtures(&[("kent", &["total_mismatch.xlsx"])]);
    let p = problems(&c, "kent", ProblemKind::TotalMismatch);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("[Q1]!B5") && p[0].contains("40") && p[0].contains("33"), "{}", p[0]);
    assert_eq!(years(&c, "kent").len(), 3, "the parts are still stored");
}

#[test]
fn calendar_years_keep_their_labels_and_are_flagged() {
    let (_t, c) = ingest_fixtures(&[("BTP", &["calendar.xlsx"])]);
    let f = "british-transport-police";
    assert_eq!(years(&c, f), vec![y("2021", 5), y("2022", 6), y("2023", 7)]);
    assert_eq!(obs(&c, f, "offences_by_year")[0].period_start, chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap());
    assert_eq!(obs(&c, f, "offences_by_type")[0].period, "2023");
    let r = c.responses.iter().find(|r| r.force == f).unwrap();
    assert_eq!(r.period_basis, PeriodBasis::Calendar);
    assert_eq!(problems(&c, f, ProblemKind::PeriodBasisDiffers).len(), 1);
    assert_eq!(status(&c, f), ResponseStatus::Partial, "1b unanswered");
}

#[test]
fn only_the_campaign_platform_is_kept() {
    let (_t, c) = ingest_fixtures(&[("cheshire", &["platforms.xlsx"])]);
    assert_eq!(years(&c, "cheshire"), vec![y("2021/22", 11), y("2022/23", 12), y("2023/24", 13)]);
}

#[test]
fn years_across_with_total_column_and_outcome_groups() {
    let (_t, c) = ingest_fixtures(&[("durham", &["wide.xlsx"]), ("glos", &["years_across.ods"])]);
    assert_eq!(years(&c, "durham"), vec![y("2021/22", 1), y("2022/23", 2), y("2023/24", 3)]);
    let outcomes = obs(&c, "durham", "outcomes");
    assert_eq!(outcomes[0].category_group.as_deref(), Some("charged_summonsed"));
    assert_eq!(outcomes[0].category_code, None, "a group label says nothing of the code");
    assert_eq!(outcomes[1].category_group.as_deref(), Some("not_yet_assigned"));
    let durham = c.responses.iter().find(|r| r.force == "durham").unwrap();
    assert_eq!(durham.answered_levels, "outcome: group 2");
    assert!(problems(&c, "durham", ProblemKind::TotalMismatch).is_empty());
    assert_eq!(years(&c, "gloucestershire"), vec![y("2021/22", 10), y("2022/23", 20), y("2023/24", 30)]);
}

#[test]
fn crime_lists_are_counted_into_6_april_years() {
    let (_t, c) = ingest_fixtures(&[("leics", &["rowlevel.xlsx"])]);
    let f = "leicestershire";
    // 5 April 2022 belongs to 2021/22, 6 April 2022 to 2022/23; 5 April 2021 and 6 April 2024 are outside.
    assert_eq!(years(&c, f), vec![y("2021/22", 2), y("2022/23", 1), y("2023/24", 2)]);
    let p = problems(&c, f, ProblemKind::UnknownPeriod);
    assert!(p.iter().any(|m| m.contains("2 crimes dated outside")), "{p:?}");
    let open: Vec<_> = obs(&c, f, "outcomes")
        .into_iter()
        .filter(|o| o.category_group.as_deref() == Some("not_yet_assigned"))
        .collect();
    assert_eq!((open.len(), open[0].period.as_str(), open[0].value), (1, "2023/24", Some(1)));
    let charged_2324: i64 = obs(&c, f, "outcomes")
        .iter()
        .filter(|o| o.period == "2023/24" && o.category_code.as_deref() == Some("1"))
        .map(|o| o.value.unwrap())
        .sum();
    assert_eq!(charged_2324, 1);
}

#[test]
fn csv_encodings_delimiters_and_long_tables() {
    let (_t, c) = ingest_fixtures(&[("beds", &["windows1252.csv"]), ("GMP", &["long_bom.csv"])]);
    assert_eq!(years(&c, "bedfordshire"), vec![y("2021/22", 23), y("2022/23", 29), y("2023/24", 43)]);
    let g = "greater-manchester";
    assert_eq!(years(&c, g), vec![y("2021/22", 5), y("2022/23", 6), y("2023/24", 7)]);
    assert_eq!(obs(&c, g, "offences_by_type").len(), 2);
    assert_eq!(obs(&c, g, "outcomes").len(), 2);
    assert_eq!(status(&c, g), ResponseStatus::Disclosed);
}

#[test]
fn a_dash_is_suppressed_only_where_footnoted() {
    let (_t, c) = ingest_fixtures(&[("kent", &["dash_no_footnote.csv"]), ("essex", &["dash_footnoted.csv"])]);
    assert_eq!(obs(&c, "kent", "offences_by_type").iter().filter(|o| o.value.is_none()).count(), 0);
    assert_eq!(problems(&c, "kent", ProblemKind::BadValue).len(), 1);
    // An unknown offence is kept with its words and flagged, never guessed.
    let unmapped = problems(&c, "kent", ProblemKind::UnmappedLabel);
    assert!(unmapped[0].contains("Theft of a dragon"), "{unmapped:?}");
    let dragon = obs(&c, "kent", "offences_by_type").into_iter().find(|o| o.label == "Theft of a dragon").unwrap();
    assert_eq!((dragon.category_group.as_ref(), dragon.value), (None, Some(2)));
    let essex = obs(&c, "essex", "offences_by_type");
    assert_eq!(essex.iter().filter(|o| o.value.is_none()).count(), 1);
}

#[test]
fn html_disclosure_log_with_dated_periods() {
    let (_t, c) =
        ingest_fixtures(&[("Dorset Police", &["disclosure_log.html"]), ("cleveland", &["fy_apr1_letter.html"])]);
    assert_eq!(years(&c, "dorset"), vec![y("2021/22", 14), y("2022/23", 16), y("2023/24", 16)]);
    let first = &obs(&c, "dorset", "offences_by_year")[0];
    assert_eq!((first.source.sheet.as_str(), first.source.cell.as_str()), ("table 1", "B2"));
    assert_eq!(obs(&c, "dorset", "outcomes").len(), 2);
    let cl = c.responses.iter().find(|r| r.force == "cleveland").unwrap();
    assert_eq!(cl.period_basis, PeriodBasis::FyApr1);
    assert_eq!(
        obs(&c, "cleveland", "offences_by_year")[0].period_start,
        chrono::NaiveDate::from_ymd_opt(2021, 4, 1).unwrap()
    );
}

#[test]
fn word_letters_and_legacy_xls() {
    let (_t, c) = ingest_fixtures(&[("dyfed powys", &["letter_tables.docx"]), ("cumbria", &["legacy.xls"])]);
    assert_eq!(years(&c, "dyfed-powys"), vec![y("2021/22", 22), y("2022/23", 42), y("2023/24", 42)]);
    assert_eq!(obs(&c, "dyfed-powys", "offences_by_type")[0].category_code.as_deref(), Some("88A"));
    assert_eq!(years(&c, "cumbria"), vec![y("2021/22", 25), y("2022/23", 38), y("2023/24", 48)]);
}

#[test]
fn refusals_not_held_and_partial_answers_are_statuses_not_zeros() {
    let (_t, c) = ingest_fixtures(&[
        ("essex", &["refusal.eml"]),
        ("northumbria", &["refusal.docx"]),
        ("north wales", &["not_held.eml"]),
        ("gwent", &["partial_with_attachment.eml"]),
    ]);
    for f in ["essex", "northumbria"] {
        let r = c.responses.iter().find(|r| r.force == f).unwrap();
        assert_eq!((r.status, r.exemption.as_deref()), (ResponseStatus::Refused, Some("s12")), "{f}");
    }
    assert_eq!(status(&c, "north-wales"), ResponseStatus::NotHeld);
    let gwent = c.responses.iter().find(|r| r.force == "gwent").unwrap();
    assert_eq!((gwent.status, gwent.exemption.as_deref()), (ResponseStatus::Partial, Some("s12")));
    assert_eq!(years(&c, "gwent"), vec![y("2021/22", 52), y("2022/23", 71), y("2023/24", 74)]);
    assert_eq!(
        obs(&c, "gwent", "offences_by_year")[0].source.file,
        "tiktok-2024/gwent/partial_with_attachment.eml/q1.csv"
    );
    for f in ["essex", "northumbria", "north-wales"] {
        assert!(c.observations.iter().all(|o| o.force != f), "{f} has no figures, not zeros");
    }
    // Every force in the reference has a response row; those with no folder did not respond.
    assert_eq!(c.responses.len(), 44);
    assert_eq!(status(&c, "surrey"), ResponseStatus::NoResponse);
}

#[test]
fn hostile_spreadsheets_cost_a_sheet_not_the_run() {
    let (_t, c) = ingest_fixtures(&[
        ("kent", &["sparse_bomb.xlsx"]),
        ("sussex", &["hidden_sheet.xlsx"]),
        ("surrey", &["ods_bomb.ods", "windows1252.csv"]),
    ]);
    // A file that asks for billions of cells is one unreadable file; the force's other files are still read.
    assert_eq!(problems(&c, "surrey", ProblemKind::UnreadableFile).len(), 1);
    assert_eq!(years(&c, "surrey").len(), 3);
    let p = problems(&c, "kent", ProblemKind::UnreadableFile);
    assert!(p.iter().any(|m| m.contains("too sparse")), "{p:?}");
    assert_eq!(years(&c, "sussex"), vec![y("2021/22", 1), y("2022/23", 2), y("2023/24", 3)]);
    assert!(problems(&c, "sussex", ProblemKind::UnrecognisedTable).iter().any(|m| m.contains("hidden sheet")));
}

/// What ingest made of a file, one line per stored value, for snapshot review.
fn table_of(c: &CampaignIngest, force: &str) -> String {
    let mut out = String::new();
    for o in c.observations.iter().filter(|o| o.force == force) {
        let key = [&o.breakdown, &o.category_code, &o.category_subgroup, &o.category_group]
            .iter()
            .filter_map(|k| k.as_deref())
            .collect::<Vec<_>>()
            .join(" / ");
        let value = o.value.map(|v| v.to_string()).unwrap_or_else(|| "suppressed".into());
        out.push_str(&format!(
            "{:<16} {:<8} {:<60} {:>10}  {}!{}  {:?}\n",
            o.measure, o.period, key, value, o.source.sheet, o.source.cell, o.label
        ));
    }
    for p in c.problems.iter().filter(|p| p.force == force) {
        out.push_str(&format!("problem {}: {} — {}\n", p.kind.as_str(), p.source, p.message));
    }
    out
}

#[test]
fn snapshot_of_a_stacked_letterhead_sheet() {
    let (_t, c) = ingest_fixtures(&[("northamptonshire", &["stacked_indented.xlsx"])]);
    insta::assert_snapshot!(table_of(&c, "northamptonshire"));
}

#[test]
fn snapshot_of_a_disclosure_log_page() {
    let (_t, c) = ingest_fixtures(&[("dorset", &["disclosure_log.html"])]);
    insta::assert_snapshot!(table_of(&c, "dorset"));
}

#[test]
fn snapshot_of_a_crime_list() {
    let (_t, c) = ingest_fixtures(&[("leicestershire", &["rowlevel.xlsx"])]);
    insta::assert_snapshot!(table_of(&c, "leicestershire"));
}

#[test]
fn corrections_set_what_the_files_leave_unsaid() {
    let (_t, c) = ingest_fixtures_with(
        &[("cleveland", &["total_mismatch.xlsx"]), ("durham", &["total_mismatch.xlsx"])],
        "[[force]]\nforce = \"Cleveland Police\"\nperiod_basis = \"fy_apr1\"\nreason = \"the force's disclosure log gives financial years\"\n",
    );
    let basis = |f: &str| c.responses.iter().find(|r| r.force == f).unwrap().period_basis;
    assert_eq!((basis("cleveland"), basis("durham")), (PeriodBasis::FyApr1, PeriodBasis::FyApr6));
    assert_eq!(
        obs(&c, "cleveland", "offences_by_year")[0].period_end,
        chrono::NaiveDate::from_ymd_opt(2022, 3, 31).unwrap()
    );
    let p = problems(&c, "cleveland", ProblemKind::Corrected);
    assert!(p.iter().any(|m| m.contains("year basis set to fy_apr1") && m.contains("disclosure log")), "{p:?}");
}

#[test]
fn folders_named_loosely_still_find_their_force() {
    let (_t, c) = ingest_fixtures(&[
        ("2024-07-19 Kent Police reply", &["total_mismatch.xlsx"]),
        ("Kent and Essex", &["legacy.xls"]),
    ]);
    assert_eq!(years(&c, "kent").len(), 3);
    // Two forces in one name is not guessed at.
    assert!(c
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::UnknownForce && p.source.file.ends_with("Kent and Essex")));
}

#[test]
fn monthly_counts_are_summed_into_years_not_counted_as_rows() {
    let (_t, c) = ingest_fixtures(&[("wiltshire", &["monthly.xlsx"])]);
    let f = "wiltshire";
    // Twelve months of 2 make 24; 2022/23 has one month given and one withheld: withheld, never a number.
    assert_eq!(years(&c, f), vec![y("2021/22", 24), ("2022/23".into(), None)]);
    // Months cannot be split at 6 April: the years run 1 April to 31 March, and the release will say so.
    let r = c.responses.iter().find(|r| r.force == f).unwrap();
    assert_eq!(r.period_basis, PeriodBasis::FyApr1);
    assert_eq!(obs(&c, f, "offences_by_year")[0].source.cell, "B2:B13");
    assert!(!problems(&c, f, ProblemKind::MissingAnswer).is_empty(), "2022/23 has 2 of 12 months");
}

#[test]
fn tab_separated_text_is_a_table_like_any_other() {
    let (_t, c) = ingest_fixtures(&[("kent", &["tab_separated.txt"])]);
    let types = obs(&c, "kent", "offences_by_type");
    let by = |code: &str, p: &str| {
        types.iter().find(|o| o.category_code.as_deref() == Some(code) && o.period == p).map(|o| o.value)
    };
    assert_eq!(by("8L", "2023/24"), Some(Some(9)));
    assert_eq!(by("8R", "2021/22"), Some(Some(2)));
    assert_eq!(by("8R", "2022/23"), None, "a blank cell in a breakdown is no row, never a 0");
    assert!(problems(&c, "kent", ProblemKind::TotalMismatch).is_empty());
}

#[test]
fn footnote_marks_and_hidden_text_never_join_a_number() {
    let (_t, c) = ingest_fixtures(&[("essex", &["footnotes.html"])]);
    assert_eq!(years(&c, "essex"), vec![y("2021/22", 45), y("2022/23", 38), y("2023/24", 51)]);
}

/// An email whose spreadsheet is zipped inside a zip attachment: read through both archives.
#[test]
fn a_spreadsheet_zipped_twice_in_an_email_attachment() {
    use std::io::Write;
    let zip_of = |name: &str, bytes: &[u8]| {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
        w.finish().unwrap().into_inner()
    };
    let xlsx = fs_err::read(foi_tests::fixture("stacked_indented.xlsx")).unwrap();
    let zipped = zip_of("answer.zip", &zip_of("FOI-0001-24.xlsx", &xlsx));
    let b64 = base64(&zipped);
    let eml = format!(
        "From: foi@force.example\r\nTo: desk@example.org\r\nSubject: Your request\r\nDate: Wed, 17 Jul 2024 10:00:00 +0100\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
         Please find the answer attached.\r\n--b\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; \
         filename=\"answer-bundle.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--b--\r\n"
    );
    let (tmp, campaign) = foi_tests::campaign_of_fixtures(&[], "");
    let dir = campaign.join("northamptonshire");
    fs_err::create_dir_all(&dir).unwrap();
    fs_err::write(dir.join("reply.eml"), eml).unwrap();
    let c = foi_ingest::ingest_campaign(&campaign, tmp.path(), &foi_model::Reference::builtin()).unwrap();
    assert_eq!(years(&c, "northamptonshire"), vec![y("2021/22", 1144), y("2022/23", 20), y("2023/24", 30)]);
    let o = &obs(&c, "northamptonshire", "offences_by_year")[0];
    assert!(o.source.file.ends_with("reply.eml/answer-bundle.zip/answer.zip/FOI-0001-24.xlsx"), "{}", o.source.file);
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(A[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Counts by month across the top, for the yearly question and a breakdown: summed into the request's years,
/// which run from 1 April (a month cannot be split at 6 April), and the force's basis says so.
#[test]
fn months_across_are_summed_into_years_from_1_april() {
    let (_t, c) = ingest_fixtures(&[("surrey", &["months_across.csv"])]);
    assert_eq!(years(&c, "surrey"), vec![y("2021/22", 12), y("2022/23", 24), y("2023/24", 36)]);
    let types = obs(&c, "surrey", "offences_by_type");
    let sum = |code: &str, p: &str| {
        types.iter().find(|o| o.category_code.as_deref() == Some(code) && o.period == p).and_then(|o| o.value)
    };
    assert_eq!(sum("8L", "2022/23"), Some(12));
    assert_eq!(sum("8R", "2021/22"), Some(0));
    assert_eq!(sum("8R", "2023/24"), Some(24));
    assert_eq!(c.responses.iter().find(|r| r.force == "surrey").unwrap().period_basis, PeriodBasis::FyApr1);
    assert!(problems(&c, "surrey", ProblemKind::PartlyRead).is_empty());
    assert!(problems(&c, "surrey", ProblemKind::UnrecognisedTable).is_empty());
}

/// Group labels written once with blanks below, a subtotal per group and a grand total: the offences stored with
/// their groups, the subtotals and the total checked and never stored, nothing counted twice.
#[test]
fn groups_written_once_with_subtotals() {
    let (_t, c) = ingest_fixtures(&[("suffolk", &["group_subtotals.csv"])]);
    let types = obs(&c, "suffolk", "offences_by_type");
    let got: Vec<(String, String, Option<i64>)> =
        types.iter().map(|o| (o.period.clone(), o.category_code.clone().unwrap_or_default(), o.value)).collect();
    assert_eq!(
        got,
        [
            ("2022/23".into(), "8L".into(), Some(4)),
            ("2023/24".into(), "8L".into(), Some(6)),
            ("2022/23".into(), "8R".into(), Some(2)),
            ("2023/24".into(), "8R".into(), Some(3)),
            ("2022/23".into(), "88A".into(), Some(1)),
            ("2023/24".into(), "88A".into(), Some(2)),
        ]
    );
    assert!(types.iter().all(|o| o.category_group.is_some()), "every row under its group");
    assert!(problems(&c, "suffolk", ProblemKind::TotalMismatch).is_empty());
    assert!(problems(&c, "suffolk", ProblemKind::PartlyRead).is_empty());
    // The grand total is the force's count for each year.
    assert_eq!(years(&c, "suffolk"), vec![y("2022/23", 7), y("2023/24", 11)]);
}

/// A table starting at D9 under title, reference and date lines, with a second header row merged over the years
/// above it and a footnote below: read in place, each value at its own cell.
#[test]
fn a_table_anywhere_under_a_letterhead_with_two_header_rows() {
    let (_t, c) = ingest_fixtures(&[("kent", &["table_anywhere.csv"])]);
    assert_eq!(years(&c, "kent"), vec![y("2021/22", 6), y("2022/23", 9), y("2023/24", 14)]);
    let types = obs(&c, "kent", "offences_by_type");
    let cells: Vec<(String, String, Option<i64>)> =
        types.iter().map(|o| (o.category_code.clone().unwrap_or_default(), o.source.cell.clone(), o.value)).collect();
    assert!(cells.contains(&("8L".into(), "E10".into(), Some(4))), "{cells:?}");
    assert!(cells.contains(&("8R".into(), "G11".into(), Some(5))), "{cells:?}");
    assert_eq!(types.len(), 6);
    assert!(problems(&c, "kent", ProblemKind::PartlyRead).is_empty());
    assert_eq!(c.responses.iter().find(|r| r.force == "kent").unwrap().reference.as_deref(), Some("1234/24"));
}

/// Two tables side by side on one sheet, separated by a blank column, each under its own question heading.
#[test]
fn tables_side_by_side_on_one_sheet() {
    let (_t, c) = ingest_fixtures(&[("kent", &["side_by_side.csv"])]);
    assert_eq!(years(&c, "kent"), vec![y("2021/22", 10), y("2022/23", 18), y("2023/24", 25)]);
    let types = obs(&c, "kent", "offences_by_type");
    let got: Vec<(String, Option<i64>, String)> =
        types.iter().map(|o| (o.category_code.clone().unwrap_or_default(), o.value, o.source.cell.clone())).collect();
    assert_eq!(
        got,
        [
            ("8L".into(), Some(12), "E3".into()),
            ("8R".into(), Some(8), "E4".into()),
            ("8Q".into(), Some(5), "E5".into())
        ]
    );
    assert!(problems(&c, "kent", ProblemKind::UnrecognisedTable).is_empty());
    assert!(problems(&c, "kent", ProblemKind::Inconsistent).is_empty());
}

/// The new layouts' stored rows and problems, as snapshots: a change in how any of them is read shows in review.
#[test]
fn snapshots_of_the_layouts_read_since_the_first_corpus() {
    for (force, file, name) in [
        ("surrey", "months_across.csv", "months_across"),
        ("suffolk", "group_subtotals.csv", "group_subtotals"),
        ("kent", "side_by_side.csv", "side_by_side"),
        ("kent", "table_anywhere.csv", "table_anywhere"),
        ("kent", "tab_separated.txt", "tab_separated"),
        ("essex", "footnotes.html", "footnotes"),
    ] {
        let (_t, c) = ingest_fixtures(&[(force, &[file])]);
        insta::assert_snapshot!(name, table_of(&c, force));
    }
}

/// Superscript runs inside xlsx rich-text cells (inline strings here; shared strings in the reader's unit test)
/// are footnote markers: "45" + "¹" is 45, and "Harassment" + "³" is Harassment.
#[test]
fn superscript_runs_in_spreadsheet_cells_are_footnote_markers() {
    let (_t, c) = ingest_fixtures(&[("essex", &["rich_text_footnotes.xlsx"])]);
    assert_eq!(years(&c, "essex"), vec![y("2021/22", 45), y("2022/23", 38), y("2023/24", 51)]);
    let types: Vec<(String, Option<i64>, Option<String>)> = obs(&c, "essex", "offences_by_type")
        .iter()
        .map(|o| (o.label.clone(), o.value, o.category_code.clone()))
        .collect();
    assert_eq!(
        types,
        vec![
            ("Harassment".to_string(), Some(40), Some("8L".to_string())),
            ("Malicious communications".to_string(), Some(11), Some("8R".to_string())),
        ]
    );
}

/// A transposed breakdown: outcome groups as columns, the years as rows, a Total column checked against each
/// row (and never stored as a category); a row whose Total disagrees is a blocking mismatch.
#[test]
fn outcomes_as_columns_with_years_down_and_a_total_column() {
    let (_t, c) = ingest_fixtures(&[("kent", &["transposed.csv"])]);
    let got: Vec<(String, String, Option<i64>, String)> = obs(&c, "kent", "outcomes")
        .iter()
        .filter(|o| o.period == "2023/24")
        .map(|o| (o.label.clone(), o.category_group.clone().unwrap(), o.value, o.source.cell.clone()))
        .collect();
    let want = [
        ("Charge/Summons", "charged_summonsed", 5, "B5"),
        ("Community resolution", "out_of_court_informal", 0, "C5"),
        ("Investigation complete - no suspect identified", "no_suspect_identified", 14, "D5"),
        ("Under investigation - no outcome yet", "not_yet_assigned", 7, "E5"),
    ];
    let mut got = got;
    got.sort();
    assert_eq!(got, want.map(|(l, g, v, cell)| (l.to_string(), g.to_string(), Some(v), cell.to_string())));
    assert_eq!(obs(&c, "kent", "outcomes").len(), 12, "every year's row is stored");
    let kent = c.responses.iter().find(|r| r.force == "kent").unwrap();
    // Two of the four headings are groups with one code each, and say so in that code's own words.
    assert_eq!(kent.answered_levels, "outcome: code 6, group 6", "the level the force answered at is recorded");
    assert!(problems(&c, "kent", ProblemKind::TotalMismatch).is_empty());

    let text = fs_err::read_to_string(foi_tests::fixture("transposed.csv")).unwrap().replace(",26", ",27");
    let (tmp, campaign) = foi_tests::campaign_of_fixtures(&[], "");
    let dir = campaign.join("kent");
    fs_err::create_dir_all(&dir).unwrap();
    fs_err::write(dir.join("transposed.csv"), text).unwrap();
    let c = foi_ingest::ingest_campaign(&campaign, tmp.path(), &foi_model::Reference::builtin()).unwrap();
    let p = problems(&c, "kent", ProblemKind::TotalMismatch);
    assert!(p.iter().any(|m| m.contains("27") && m.contains("26")), "{p:?}");
}
