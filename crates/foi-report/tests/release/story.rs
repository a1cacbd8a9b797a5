//! Headline rules, the release's wording, and every printed number traced to a figure.

use super::*;

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
        let (nf, nl, nlatest) = national_periods(&f);
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
