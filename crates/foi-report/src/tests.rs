//! Tests of the release data (pure, snapshot-tested) and of real PDFs made by the typst CLI.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use foi_analysis::ForceFigures;
use foi_model::Reference;

use crate::fixtures::{self, all_stories, campaign, refused, rising, small, with_change};
use crate::*;

// ------------------------------------------------------------------------------------------------------------
// Snapshots of the data the template prints.

#[test]
fn snapshot_rising_force() {
    insta::assert_json_snapshot!("rising_force", release_data(&campaign(), &rising()));
}

#[test]
fn snapshot_small_force() {
    insta::assert_json_snapshot!("small_force", release_data(&campaign(), &small()));
}

#[test]
fn snapshot_refused_force() {
    insta::assert_json_snapshot!("refused_force", release_data(&campaign(), &refused()));
}

#[test]
fn snapshot_overview() {
    insta::assert_json_snapshot!("national_overview", overview_data(&campaign(), &fixtures::national()));
}

// ------------------------------------------------------------------------------------------------------------
// Headline rules.

#[test]
fn headline_rules_pick_the_story() {
    assert_eq!(classify(&with_change(100, 105, Some(5))), Story::Rise);
    assert_eq!(classify(&with_change(100, 104, Some(4))), Story::Flat);
    assert_eq!(classify(&with_change(100, 96, Some(-4))), Story::Flat);
    assert_eq!(classify(&with_change(100, 95, Some(-5))), Story::Fall);
    assert_eq!(classify(&with_change(10, 20, Some(100))), Story::Rise, "a base of exactly 10 takes a percentage");
    // A base under 10 gives counts, even if a percentage was (wrongly) supplied.
    assert_eq!(classify(&with_change(9, 20, Some(122))), Story::SmallNumbers);
    assert_eq!(classify(&with_change(0, 4, None)), Story::SmallNumbers);
    assert_eq!(classify(&small()), Story::SmallNumbers);
    assert_eq!(classify(&refused()), Story::Refused);
    let stories: Vec<Story> = all_stories().iter().map(classify).collect();
    for s in [
        Story::Rise,
        Story::Fall,
        Story::Flat,
        Story::SmallNumbers,
        Story::TotalOnly,
        Story::Partial,
        Story::Refused,
        Story::NotHeld,
        Story::NoResponse,
    ] {
        assert!(stories.contains(&s), "all_stories() covers {s:?}");
    }
}

#[test]
fn national_context_keeps_the_national_periods() {
    let f = fixtures::calendar();
    let d = release_data(&campaign(), &f);
    assert!(d.local.headline.ends_with("up 63% from 2021 to 2023"), "{}", d.local.headline);
    let national = d.national.paragraphs.join(" ");
    assert!(national.contains("were recorded from 2021/22 to 2023/24"), "{national}");
    assert!(national.contains("In 2023/24 alone"), "{national}");
    assert!(national.contains("most often in 2023/24"), "{national}");
    for p in ["2021 ", "2023 ", "2023.", "2023,"] {
        assert!(!national.contains(p), "the force's own year {p:?} in the national section: {national}");
    }
    let refused = release_data(&campaign(), &refused());
    assert!(refused.local.standfirst.contains("were recorded from 2021/22 to 2023/24"));
}

#[test]
fn a_withheld_end_year_gives_no_change_story() {
    let mut f = rising();
    f.years[0].suppressed = true;
    assert_eq!(classify(&f), Story::TotalOnly);
}

#[test]
fn headline_wording() {
    let c = campaign();
    let h = headline(&rising(), &c);
    assert_eq!(
        h.headline,
        "Crimes linked to TikTok recorded by Northamptonshire Police up 63% from 2021/22 to 2023/24"
    );
    assert!(h.standfirst.contains("up 63% on the 65 recorded in 2021/22"), "{}", h.standfirst);
    assert!(!h.headline_zero);

    let h = headline(&small(), &c);
    assert_eq!(
        h.headline,
        "Crimes linked to TikTok recorded by Dyfed-Powys Police rose from 3 in 2021/22 to 7 in 2023/24, with no charges in 2023/24"
    );
    assert!(h.headline_zero);
    assert!(!h.standfirst.contains('%'), "no percentage on a base under 10: {}", h.standfirst);

    let h = headline(&with_change(100, 80, Some(-20)), &c);
    assert!(h.headline.contains("down 20% from 2021/22 to 2023/24"), "{}", h.headline);
    let h = headline(&with_change(100, 102, Some(2)), &c);
    assert!(h.headline.contains("little changed"), "{}", h.headline);
    assert!(h.standfirst.contains("compared with 100 in 2021/22 (up 2%)"), "{}", h.standfirst);

    let h = headline(&refused(), &c);
    assert_eq!(h.headline, "Gwent Police refused to say how many crimes linked to TikTok it recorded");
    assert!(h.standfirst.contains("citing section 12 of the Freedom of Information Act (cost of compliance)"));
    assert!(
        h.standfirst.contains(
            "Across the 5 forces that did provide figures, at least 1,234 crimes linked to TikTok were recorded"
        ),
        "{}",
        h.standfirst
    );
}

#[test]
fn suppressed_charges_are_not_no_charges() {
    let mut f = small();
    fixtures::set_figure(&mut f, "outcome.charged", |x| x.value = None);
    assert!(!headline(&f, &campaign()).headline_zero);
    let mut f = small();
    fixtures::set_figure(&mut f, "outcome.charged", |x| x.lower_bound = true); // "at least 0" is not "none"
    assert!(!headline(&f, &campaign()).headline_zero);
}

#[test]
fn lower_bounds_say_at_least() {
    let f = &all_stories()[5];
    assert_eq!(classify(f), Story::TotalOnly);
    let d = release_data(&campaign(), f);
    assert!(d.local.headline.contains("at least 252"), "{}", d.local.headline);
    assert!(d.local.paragraphs[0].contains("a number it withheld in 2021/22"), "{}", d.local.paragraphs[0]);
    assert!(!d.local.standfirst.contains('%'));
}

/// Every text field a reader sees, from the sections about this force and the nation.
fn prose(d: &ReleaseData) -> Vec<String> {
    let mut out = vec![d.local.headline.clone(), d.local.standfirst.clone()];
    out.extend(d.local.paragraphs.iter().cloned());
    out.extend(d.national.paragraphs.iter().cloned());
    if let Some(c) = &d.local.chart {
        out.extend(c.bars.iter().map(|b| b.value_text.clone()));
    }
    out
}

#[test]
fn periods_are_complete_years_never_so_far() {
    for f in all_stories() {
        let d = release_data(&campaign(), &f);
        let all = serde_json::to_string(&(&d.local, &d.national, &d.methodology)).unwrap().to_lowercase();
        for banned in ["so far", "this year", "last year", "year to date", "in the last"] {
            assert!(!all.contains(banned), "{:?} release says {banned:?}", d.story);
        }
    }
}

#[test]
fn percentages_only_come_from_change_pct() {
    for f in all_stories() {
        let d = release_data(&campaign(), &f);
        let allowed: HashSet<String> = f
            .change
            .iter()
            .filter_map(|c| c.pct)
            .chain(f.national.change.iter().filter_map(|c| c.pct))
            .map(|p| format!("{}%", p.abs()))
            .collect();
        for text in prose(&d) {
            for (i, _) in text.match_indices('%') {
                let start = text[..i].rfind(|c: char| !c.is_ascii_digit()).map_or(0, |j| j + 1);
                let pct = &text[start..=i];
                assert!(allowed.contains(pct), "{pct} in {text:?} is not a change.pct of the figures");
            }
        }
    }
}

/// Every number that may be printed: the figures' values, formatted.
fn allowed_numbers(f: &ForceFigures) -> HashSet<String> {
    let mut n: Vec<String> = Vec::new();
    let mut int = |v: i64| n.push(format::thousands(v.abs()));
    for y in &f.years {
        y.value.map(&mut int);
    }
    for c in f.change.iter().chain(f.national.change.iter()) {
        int(c.from);
        int(c.to);
        int(c.difference);
        c.pct.map(&mut int);
    }
    for r in f.breakdowns.iter().flat_map(|b| &b.rows) {
        r.value.map(&mut int);
    }
    for r in [f.rank_by_count, f.rank_by_rate].into_iter().flatten() {
        int(r as i64);
    }
    let nat = &f.national;
    for k in [
        nat.forces_counted.len(),
        nat.change_forces,
        nat.league.len(),
        nat.refused.len(),
        nat.not_held.len(),
        nat.no_response.len(),
        nat.partial.len(),
    ] {
        int(k as i64);
    }
    int(nat.league.iter().filter(|r| r.rate_rank.is_some()).count() as i64);
    for r in &nat.league {
        int(r.total);
    }
    let mut n: HashSet<String> = n.into_iter().collect();
    for x in printed_figures(f) {
        if let Some(v) = x.value {
            n.insert(format::number(v.abs()));
        }
    }
    for r in &nat.league {
        if let Some(rate) = r.rate_per_100k {
            n.insert(format::one_decimal(rate));
        }
    }
    if let Some(e) = &f.exemption {
        n.insert(e.chars().filter(char::is_ascii_digit).collect());
    }
    n.insert("100,000".into()); // "per 100,000 residents"
    n
}

/// `"ranked third of five"` → `"ranked 3 of 5"`: number words and ordinal words as digits; other words as written.
fn words_as_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match format::word_value(word) {
            Some(n) => out.push_str(&n.to_string()),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[test]
fn number_words_are_read_back_as_numbers() {
    assert_eq!(
        words_as_digits("ranked third of the five forces, none of them"),
        "ranked 3 of the 5 forces, none of them"
    );
    assert_eq!(words_as_digits("One had led to someone"), "1 had led to someone");
}

#[test]
fn every_number_printed_is_a_figure() {
    for f in all_stories() {
        let d = release_data(&campaign(), &f);
        let allowed = allowed_numbers(&f);
        let mut periods: Vec<String> = f.years.iter().map(|y| y.period.clone()).collect();
        periods.extend([f.first_period.clone(), f.latest_period.clone()]);
        let (nf, nl, nlatest) = crate::story::national_periods(&f);
        periods.extend([nf, nl, nlatest]);
        periods.extend(f.national.change.iter().flat_map(|c| [c.from_period.clone(), c.to_period.clone()]));
        // Longest first, so "2021/22" goes before "2021".
        periods.sort_by_key(|p| std::cmp::Reverse(p.len()));
        // Text written by analysis (flags, caveats) is quoted as it is, not composed here.
        periods.extend(f.national.league.iter().filter_map(|r| league_flags(&r.flags)));
        for text in prose(&d) {
            let mut t = text.clone();
            for p in &periods {
                t = t.replace(p.as_str(), " ");
            }
            // Running text writes one to nine as words: read them back as the numbers they are, so that they are
            // checked like digits ("third" is 3).
            let t = words_as_digits(&t);
            let mut chars = t.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if !c.is_ascii_digit() {
                    continue;
                }
                let mut end = i + 1;
                while let Some(&(j, c)) = chars.peek() {
                    if c.is_ascii_digit()
                        || ((c == ',' || c == '.') && t[j + 1..].starts_with(|d: char| d.is_ascii_digit()))
                    {
                        end = j + c.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let token = &t[i..end];
                assert!(allowed.contains(token), "{:?}: {token} in {text:?} is not in the figures", d.story);
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------------------
// The right force, and only it.

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
    let (a, b, c) = crate::story::national_periods(f);
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

// ------------------------------------------------------------------------------------------------------------
// Files.

#[test]
fn inputs_are_written_beside_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let r = write_force_inputs(dir.path(), &campaign(), &rising(), Publish::FinalOnly).unwrap();
    assert_eq!(r.typ, dir.path().join("northamptonshire.typ"));
    assert_eq!(fs_err::read_to_string(&r.typ).unwrap(), typst_source());
    let json: serde_json::Value = serde_json::from_slice(&fs_err::read(&r.json).unwrap()).unwrap();
    assert_eq!(json["local"]["headline"], r.headline);
    assert_eq!(json["figures"]["force"], "northamptonshire");
    let csv = fs_err::read_to_string(&r.figures_csv).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["id", "status", "label", "value", "lower_bound", "formula", "period", "base", "sources"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), printed_figures(&rising()).len());
    let total = rows.iter().find(|r| &r[0] == "total").unwrap();
    assert_eq!(&total[1], "final");
    assert_eq!(&total[3], "252");
    assert_eq!(&total[8], "northamptonshire/FOI-2549-24.xlsx [Q1]!B2; northamptonshire/FOI-2549-24.xlsx [Q1]!B3; northamptonshire/FOI-2549-24.xlsx [Q1]!B4");
    let leftovers: Vec<_> = fs_err::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn unsafe_slugs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for slug in ["../etc", "a/b", "", "National", "national-overview", "-x"] {
        let mut f = rising();
        f.force = slug.into();
        assert!(
            matches!(write_force_inputs(dir.path(), &campaign(), &f, Publish::FinalOnly), Err(ReportError::BadSlug(_))),
            "{slug:?}"
        );
    }
}

#[test]
fn a_missing_typst_is_reported_with_the_install_command() {
    let dir = tempfile::tempdir().unwrap();
    for program in ["/nonexistent/bin/typst", "foi-no-such-typst-binary"] {
        let err = render_force_with(&Typst::new(program), dir.path(), &campaign(), &rising(), Publish::FinalOnly)
            .unwrap_err();
        assert!(matches!(err, ReportError::TypstMissing { .. }), "{program}: {err:?}");
        assert_eq!(err.to_string(), "typst not found: install it with `cargo install --locked typst-cli`");
    }
}

// ------------------------------------------------------------------------------------------------------------
// Real PDFs. CI installs typst (`cargo install --locked typst-cli`) and poppler-utils: these tests fail without.

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
    let r = render_force_with(&typst(), dir.path(), &campaign(), &rising(), Publish::FinalOnly).unwrap();
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
    let r = render_force_with(&typst(), dir.path(), &campaign(), &fixtures::big(), Publish::FinalOnly).unwrap();
    let pages = pdf_pages(&r.pdf);
    assert!(pages <= 2, "{pages} pages");
}

#[test]
fn short_releases_compile_too() {
    let dir = tempfile::tempdir().unwrap();
    for f in [small(), refused()] {
        let r = render_force_with(&typst(), dir.path(), &campaign(), &f, Publish::FinalOnly).unwrap();
        let text = pdf_text(&r.pdf);
        assert!(text.contains(&r.headline), "the PDF lacks {:?}:\n{text}", r.headline);
        assert!((1..=2).contains(&pdf_pages(&r.pdf)));
    }
}

#[test]
fn the_overview_compiles() {
    let dir = tempfile::tempdir().unwrap();
    let r = render_overview_with(&typst(), dir.path(), &campaign(), &fixtures::national()).unwrap();
    assert_eq!(r.pdf, dir.path().join("national-overview.pdf"));
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
    let dir = tempfile::tempdir().unwrap();
    let r = render_force_with(&typst(), dir.path(), &c, &f, Publish::FinalOnly).unwrap();
    let text = pdf_text(&r.pdf);
    assert!(text.contains(&format!("“{evil}”")), "the quote is not literal:\n{text}");
    assert!(text.contains(&format!("were {evil} (31)")), "the offence label is not literal:\n{text}");
    assert!(!text.contains("root:"), "a file was read into the PDF");
}

#[test]
fn the_same_data_gives_the_same_pdf() {
    let t = typst();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let ra = render_force_with(&t, a.path(), &campaign(), &rising(), Publish::FinalOnly).unwrap();
    let rb = render_force_with(&t, b.path(), &campaign(), &rising(), Publish::FinalOnly).unwrap();
    assert_eq!(fs_err::read(ra.pdf).unwrap(), fs_err::read(rb.pdf).unwrap());
}

#[test]
fn typst_errors_carry_its_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let r = write_force_inputs(dir.path(), &campaign(), &rising(), Publish::FinalOnly).unwrap();
    fs_err::write(&r.typ, "#let x = (\n").unwrap();
    fs_err::write(&r.pdf, "stale").unwrap();
    let err = typst().compile(dir.path(), &r.stem).unwrap_err();
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
        render_force_with(&typst(), &dir, &campaign(), &f, Publish::FinalOnly).unwrap();
    }
    render_overview_with(&typst(), &dir, &campaign(), &fixtures::national()).unwrap();
}
