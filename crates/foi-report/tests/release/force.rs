//! The right force, and only it: local sections, sources, offence tables and the campaign's own words.

use super::*;

fn contains_word(hay: &str, needle: &str) -> bool {
    let hay = hay.to_lowercase();
    let needle = needle.to_lowercase();
    hay.match_indices(&needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn the_local_section_names_only_this_force() {
    let reference = Reference::builtin();
    for force in &reference.forces {
        for mut f in all_stories() {
            f.force = force.slug.clone();
            f.force_name = force.name.clone();
            f.official_name = force.official_name.clone();
            let d = release_data(&campaign(), &f);
            let local = serde_json::to_string(&d.local).unwrap();
            let national = serde_json::to_string(&d.national).unwrap();
            assert!(local.contains(&force.official_name), "{} not named in its own release", force.official_name);
            assert_eq!(d.force.title, force.official_name);
            for other in reference.forces.iter().filter(|o| o.slug != force.slug) {
                for name in [&other.name, &other.official_name] {
                    if contains_word(&force.official_name, name) || contains_word(&force.name, name) {
                        continue;
                    }
                    assert!(!contains_word(&local, name), "{}'s {:?} release names {name}", force.name, d.story);
                    assert!(
                        !contains_word(&national, name),
                        "{}'s {:?} national section names {name}",
                        force.name,
                        d.story
                    );
                }
            }
        }
    }
}

#[test]
fn the_sources_list_only_this_forces_files() {
    let mut f = rising();
    let other = fixtures::src("tiktok-2024/kent/Kent FOI 123.xlsx", "Sheet1", "B2");
    f.national.total.sources.push(other.clone());
    f.figures.push(fixtures::fig(
        "rank.count",
        "Rank by count",
        Some(3.0),
        false,
        "position in the league",
        "",
        vec![fixtures::src("northamptonshire/FOI-2549-24.xlsx", "Q1", "B2"), other],
    ));
    let d = release_data(&campaign(), &f);
    let sources = serde_json::to_string(&d.sources).unwrap();
    assert!(!sources.contains("kent"), "{sources}");
    let rank = d.sources.rows.iter().find(|r| r.id == "rank.count").unwrap();
    assert_eq!(rank.cells, ["[1] Q1!B2"]);
    assert_eq!(rank.more.as_deref(), Some("other forces' cells: see northamptonshire.figures.csv"));
    let national = d.sources.rows.iter().find(|r| r.id == "national.total").unwrap();
    assert!(national.cells.is_empty());
    // The figures file is the fact-checkers' full list: it keeps every cell.
    let csv = String::from_utf8(figures_csv(printed_figures(&f), f.review.state).unwrap()).unwrap();
    assert!(csv.contains("tiktok-2024/kent/Kent FOI 123.xlsx"));
}

/// `"[1] Q1a!B2–B4, B7"` → `["B2", "B3", "B4", "B7"]` (the cells of one appendix entry, ranges expanded).
fn expand_cells(entry: &str) -> Vec<String> {
    let cells = entry.split_once('!').map_or(entry, |(_, c)| c);
    let split = |c: &str| {
        let n = c.chars().take_while(char::is_ascii_alphabetic).count();
        (c[..n].to_string(), c[n..].parse::<u64>().unwrap())
    };
    cells
        .split(", ")
        .flat_map(|part| match part.split_once('–') {
            Some((a, b)) => {
                let ((col, from), (_, to)) = (split(a), split(b));
                (from..=to).map(|r| format!("{col}{r}")).collect::<Vec<_>>()
            }
            None => vec![part.to_string()],
        })
        .collect()
}

#[test]
fn every_offence_table_number_has_its_cell() {
    for f in [rising(), small(), fixtures::big()] {
        let d = release_data(&campaign(), &f);
        let table = &d.local.tables[0];
        let printed: Vec<&str> = table.rows.iter().map(|r| r.cells[2].as_str()).collect();
        // One appendix row for the whole table, with every value and every cell, in the table's order.
        let rows: Vec<&SourceRow> = d.sources.rows.iter().filter(|r| r.id.starts_with("offence.")).collect();
        assert_eq!(rows.len(), 1, "{:?}", rows);
        let row = rows[0];
        let offences = &f.breakdown("offence").unwrap().rows;
        assert_eq!(row.id, format!("offence.1–{}", offences.len()));
        assert!(row.formula.ends_with(&format!("in order: {}", printed.join(", "))), "{}", row.formula);
        assert_eq!(row.cells.len(), 1);
        assert!(row.more.is_none());
        let cells = expand_cells(&row.cells[0]);
        let expected: Vec<String> = (1..=offences.len())
            .map(|i| f.figures.iter().find(|x| x.id == format!("offence.{i}")).unwrap().sources[0].cell.clone())
            .collect();
        assert_eq!(cells, expected);
        // The figures file has one line per row, with its cell.
        let csv = String::from_utf8(figures_csv(printed_figures(&f), f.review.state).unwrap()).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let lines: Vec<csv::StringRecord> =
            reader.records().map(Result::unwrap).filter(|r| r[0].starts_with("offence.")).collect();
        assert_eq!(lines.len(), offences.len());
        for (i, (line, r)) in lines.iter().zip(offences).enumerate() {
            assert_eq!(&line[0], format!("offence.{}", i + 1));
            assert_eq!(&line[1], "final");
            assert_eq!(&line[3], r.value.map(|v| v.to_string()).unwrap_or_default());
            assert!(line[8].ends_with(&format!("!{}", expected[i])), "{:?}", line);
        }
    }
    let big = release_data(&campaign(), &fixtures::big());
    let row = big.sources.rows.iter().find(|r| r.id.starts_with("offence.")).unwrap();
    assert_eq!(row.cells, ["[1] 'Q1a 2023-24'!C5–C20"]);
}

#[test]
fn offence_rows_out_of_order_keep_their_own_cells() {
    // Rows that analysis did not sort (a withheld row first): the table sorts them, and the appendix follows the
    // table, naming each row's figure.
    let mut f = rising();
    fixtures::breakdown_mut(&mut f, "offence").rows.rotate_right(1);
    let stalking = f.figures.iter().position(|x| x.id == "offence.6").unwrap();
    let cells: Vec<String> = (1..=6)
        .map(|i| f.figures.iter().find(|x| x.id == format!("offence.{i}")).unwrap().sources[0].cell.clone())
        .collect();
    // Renumber the figures to follow the rotated rows.
    for x in f.figures.iter_mut().filter(|x| x.id.starts_with("offence.")) {
        let n: usize = x.id["offence.".len()..].parse().unwrap();
        x.id = format!("offence.{}", n % 6 + 1);
        x.kind = fixtures::kind(&x.id);
    }
    assert_eq!(f.figures[stalking].id, "offence.1");
    let d = release_data(&campaign(), &f);
    let row = d.sources.rows.iter().find(|r| r.id.starts_with("offence.")).unwrap();
    assert_eq!(row.id, "offence.2–6, 1");
    assert!(row.formula.ends_with("in order: 31, 28, 14, 6, 4, withheld"), "{}", row.formula);
    assert_eq!(expand_cells(&row.cells[0]), cells);
}

#[test]
fn a_partial_answer_says_what_is_missing() {
    let c = campaign();
    let f = fixtures::partial_answer();
    let d = release_data(&c, &f);
    let sentence = "Northamptonshire Police gave yearly figures but did not say what the offences were or what action \
                    was taken, citing section 12 of the Freedom of Information Act (cost of compliance).";
    assert!(d.local.paragraphs.iter().any(|p| p == sentence), "{:#?}", d.local.paragraphs);
    assert!(d.local.side_table.is_none() && d.local.tables.is_empty());
    assert!(
        d.methodology.contains(
            &"Northamptonshire Police answered only part of the request: question 1 (the yearly numbers) but not \
              questions 1a (the offences) or 1b (the action taken), citing section 12 of the Freedom of Information \
              Act (cost of compliance), so this release has no figures on the offences or the action taken."
                .to_string()
        ),
        "{:#?}",
        d.methodology
    );
    // Analysis's own general caveat about the partial answer is not printed twice; a specific one is.
    let mut with_caveat = f.clone();
    with_caveat.caveats = vec![foi_analysis::Caveat::PartialAnswer, foi_analysis::Caveat::Withheld { figures: 2 }];
    let m = release_data(&c, &with_caveat).methodology;
    assert!(!m.iter().any(|x| x == "Northamptonshire answered only part of the request."), "{m:#?}");
    assert!(m.iter().any(|x| x.starts_with("Northamptonshire withheld 2 figures")), "{m:#?}");
    // What is missing comes from the campaign's questions, not from fixed words.
    let mut c2 = c.clone();
    c2.questions.retain(|q| q.vocabulary.as_deref() != Some("outcome"));
    let d = release_data(&c2, &f);
    assert!(d.local.paragraphs.iter().any(|p| p.ends_with("gave yearly figures but did not say what the offences were, citing section 12 of the Freedom of Information Act (cost of compliance).")), "{:#?}", d.local.paragraphs);
    // Yearly figures and outcomes, no offences; no exemption given.
    let mut g = rising();
    g.status = foi_model::ResponseStatus::Partial;
    g.breakdowns.retain(|b| b.vocabulary != "offence");
    g.figures.retain(|x| !x.id.starts_with("offence."));
    let d = release_data(&c, &g);
    assert!(d.local.paragraphs.iter().any(|p| p == "Northamptonshire Police gave yearly figures and said what action was taken but did not say what the offences were."), "{:#?}", d.local.paragraphs);
    // A force that answered everything, or is not a partial answer, gets neither line.
    for f in [rising(), refused()] {
        let d = release_data(&c, &f);
        let all = serde_json::to_string(&(&d.local, &d.methodology)).unwrap();
        assert!(!all.contains("did not say") && !all.contains("only part of the request"), "{all}");
    }
}

#[test]
fn a_count_of_one_is_singular() {
    let c = campaign();
    let mut f = with_change(12, 1, Some(-92));
    f.national.total.value = Some(1.0);
    f.national.total.lower_bound = false;
    for id in ["outcome.no_suspect", "outcome.evidential"] {
        fixtures::set_figure(&mut f, id, |x| x.value = Some(1.0));
    }
    let d = release_data(&c, &f);
    assert!(
        d.local.standfirst.starts_with("Northamptonshire Police recorded 1 crime linked to TikTok in 2023/24"),
        "{}",
        d.local.standfirst
    );
    let national = d.national.paragraphs.join(" ");
    assert!(national.contains("one crime linked to TikTok was recorded"), "{national}");
    let local = d.local.paragraphs.join(" ");
    assert!(local.contains("In one case the investigation was completed"), "{local}");
    assert!(local.contains("stopped further action in one case,"), "{local}");
    let mut t = f.clone();
    t.change = None;
    t.years[0] = foi_analysis::YearCount { period: "2021/22".into(), value: None, suppressed: true };
    t.total.as_mut().unwrap().value = Some(1.0);
    let d = release_data(&c, &t);
    assert_eq!(d.local.headline, "Northamptonshire Police recorded 1 crime linked to TikTok from 2021/22 to 2023/24");
    for f in all_stories().into_iter().chain([f, t]) {
        let all = serde_json::to_string(&release_data(&c, &f)).unwrap();
        for wrong in [" 1 crimes", " one crimes", " 1 cases", " one cases", "1 crime linked to TikTok were"] {
            assert!(!all.contains(wrong), "{wrong:?} in {all}");
        }
    }
}

/// The numbers one to nine written as digits in `text`, leaving out periods, percentages, decimals and
/// analysis's own text (flags, caveats), which are quoted as they are.
fn small_digits(f: &ForceFigures, text: &str) -> Vec<String> {
    let mut t = text.to_string();
    let mut quoted: Vec<String> = f.years.iter().map(|y| y.period.clone()).collect();
    quoted.extend([f.first_period.clone(), f.latest_period.clone()]);
    let (a, b, c) = national_periods(f);
    quoted.extend([a, b, c]);
    quoted.sort_by_key(|p| std::cmp::Reverse(p.len()));
    quoted.extend(f.national.league.iter().filter_map(|r| league_flags(&r.flags)));
    for q in &quoted {
        t = t.replace(q.as_str(), " ");
    }
    let mut out = Vec::new();
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ((chars[i] == ',' || chars[i] == '.') && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            let token: String = chars[start..i].iter().collect();
            // Percentages, and counts in brackets ("harassment (8)": a list's datum), keep digits.
            let bracketed = start > 0 && chars[start - 1] == '(' && chars.get(i) == Some(&')');
            if chars.get(i) != Some(&'%') && !bracketed {
                out.push(token);
            }
        } else {
            i += 1;
        }
    }
    out.into_iter().filter(|t| t.len() == 1 && t != "0").collect()
}

#[test]
fn running_text_writes_one_to_nine_as_words() {
    for f in all_stories().into_iter().chain([fixtures::big()]) {
        let d = release_data(&campaign(), &f);
        for text in d.local.paragraphs.iter().chain(&d.national.paragraphs) {
            assert_eq!(small_digits(&f, text), Vec::<String>::new(), "{:?}: {text:?}", d.story);
        }
    }
    // Display text, tables and the chart keep their digits.
    let d = release_data(&campaign(), &small());
    assert!(d.local.headline.contains("rose from 3 in 2021/22 to 7 in 2023/24"));
    assert!(d.local.paragraphs[0].contains("three in 2021/22, seven in 2022/23 and seven in 2023/24"));
    let bars: Vec<&str> = d.local.chart.as_ref().unwrap().bars.iter().map(|b| b.value_text.as_str()).collect();
    assert_eq!(bars, ["3", "7", "7"]);
    assert_eq!(d.local.tables[0].rows[0].cells[2], "5");
    assert_eq!(d.local.side_table.as_ref().unwrap().rows[1].cells[1], "5");
    let d = release_data(&campaign(), &rising());
    assert!(d
        .local
        .paragraphs
        .iter()
        .any(|p| p.contains("Of the offences recorded in 2023/24, one had led to a charge")));
    assert!(d
        .national
        .paragraphs
        .iter()
        .any(|p| p.contains("ranked third of the five forces") && p.contains("(31.9)")));
}

#[test]
fn generic_caveats_are_not_repeated_but_specific_ones_are_kept() {
    use foi_analysis::Caveat;
    let mut f = rising();
    f.caveats = vec![
        Caveat::KeywordSearch,
        Caveat::Provisional { vocabulary: "outcome".into() },
        Caveat::MissingPeriods { periods: vec!["2022/23".into()] },
        Caveat::NoPopulation,
    ];
    let m = release_data(&campaign(), &f).methodology;
    // Said once, in the box's own general lines: the campaign's methodology and the vocabulary's.
    assert_eq!(m.iter().filter(|c| c.contains("not official statistics")).count(), 1, "{m:#?}");
    assert_eq!(m.iter().filter(|c| c.starts_with("Outcomes are provisional")).count(), 1, "{m:#?}");
    assert!(m.iter().any(|c| c == "Northamptonshire gave no figure for 2022/23."), "{m:#?}");
    assert!(m.iter().any(|c| c.starts_with("Northamptonshire has no resident population")), "{m:#?}");
}

#[test]
fn the_request_is_reflowed_for_display() {
    let d = release_data(&campaign(), &rising());
    assert_eq!(d.campaign.request_paragraphs.len(), 4, "{:#?}", d.campaign.request_paragraphs);
    assert!(d.campaign.request_paragraphs[0]
        .ends_with("(43 territorial forces and British Transport Police), spring 2024."));
    assert!(d.campaign.request_paragraphs[1].starts_with("1. In the last 3 years"));
    assert!(d.campaign.request_paragraphs[1].contains("recorded as being an element"));
    assert!(d.campaign.request_paragraphs[3].starts_with("1b)"));
}

#[test]
fn the_templates_hold_no_force_specific_text() {
    let reference = Reference::builtin();
    for src in [typst_source(), overview_typst_source()] {
        assert!(src.contains("json(sys.inputs.data)"));
        assert!(!src.contains("@preview"), "no packages: they are downloaded at compile time");
        for f in &reference.forces {
            for name in [&f.name, &f.official_name] {
                assert!(!contains_word(src, name), "template mentions {name}");
            }
        }
        for word in ["TikTok", "Legal Expert", "2021/22", "2023/24"] {
            assert!(!src.contains(word), "template mentions {word}");
        }
    }
}

#[test]
fn the_overview_lists_every_kind_of_answer() {
    let d = overview_data(&campaign(), &fixtures::national());
    assert_eq!(d.headline, "5 police forces recorded at least 1,234 crimes linked to TikTok from 2021/22 to 2023/24");
    assert!(d.paragraphs[0].contains("only the 4 forces that gave figures on the requested basis for both years — the number rose by 38%, from 328 in 2021/22 to 453 in 2023/24"), "{}", d.paragraphs[0]);
    let lists: Vec<(&str, Vec<&str>)> =
        d.responses.iter().map(|r| (r.title.as_str(), r.forces.iter().map(String::as_str).collect())).collect();
    assert_eq!(
        lists,
        [
            ("Refused", vec!["Gwent"]),
            ("Said the information is not held", vec!["Cumbria"]),
            ("Did not respond", vec!["Dorset"]),
            ("Answered in part", vec!["British Transport Police"]),
        ]
    );
    assert_eq!(
        d.league.rows[3].cells,
        ["4", "British Transport Police", "at least 65", "–", "–", "no resident population: rate not calculated"]
    );
    assert_eq!(d.league.rows[0].cells[3], "31.9");
}
