//! Number and word formatting. Nothing here computes a figure: it only writes one down.

use foi_analysis::Figure;

/// `1234567` → `"1,234,567"`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A count as a reader sees it: `"at least 1,234"` when parts were withheld.
pub fn count(n: i64, lower_bound: bool) -> String {
    if lower_bound {
        format!("at least {}", thousands(n))
    } else {
        thousands(n)
    }
}

/// A figure's value without "at least": whole numbers with separators, anything else to one decimal place.
pub fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 && v.abs() < 9.0e15 {
        thousands(v.round() as i64)
    } else {
        one_decimal(v)
    }
}

/// `1234.56` → `"1,234.6"` (rates).
pub fn one_decimal(v: f64) -> String {
    let s = format!("{:.1}", v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "0"));
    let int: i64 = int.parse().unwrap_or(0);
    let sign = if v < 0.0 && s != "0.0" { "-" } else { "" };
    format!("{sign}{}.{frac}", thousands(int))
}

/// A figure as printed: `Some("at least 13")`, or `None` when it has no value.
pub fn figure(f: &Figure) -> Option<String> {
    let v = f.value?;
    Some(if f.lower_bound { format!("at least {}", number(v)) } else { number(v) })
}

/// The figure's value as a whole count, when it is one.
pub fn figure_count(f: &Figure) -> Option<i64> {
    let v = f.value?;
    ((v - v.round()).abs() < 1e-9).then_some(v.round() as i64)
}

/// `1` → `"1st"`, `12` → `"12th"`, `22` → `"22nd"`.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `"1 force"` / `"3 forces"`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n as i64), if n == 1 { one } else { many })
}

/// First letter upper case: "crimes linked to TikTok" → "Crimes linked to TikTok".
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// First letter lower case for use mid-sentence, unless the first word is an acronym ("CPS", "NFIB").
pub fn decapitalise(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    let acronym = first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first_word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    if acronym {
        return s.to_string();
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How a sentence writes whole numbers. Headlines, standfirsts, tables, the chart and the appendix use
/// [`Numerals::Digits`]; running text uses [`Numerals::Words`], where one to nine are words ("one", "nine") as
/// newspapers write them, and 10 and over, zero, percentages and decimals stay in digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numerals {
    Digits,
    Words,
}

const NUMBER_WORDS: [&str; 9] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const ORDINAL_WORDS: [&str; 9] = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];

/// `3` → `Some("three")`; only one to nine have a word.
pub fn number_word(n: i64) -> Option<&'static str> {
    (1..=9).contains(&n).then(|| NUMBER_WORDS[(n - 1) as usize])
}

/// The whole number a number word or ordinal word stands for: `"three"` → 3, `"Ninth"` → 9 (how a
/// fact-checker, or a test, reads prose back into figures).
pub fn word_value(word: &str) -> Option<i64> {
    let w = word.to_lowercase();
    NUMBER_WORDS.iter().chain(&ORDINAL_WORDS).position(|x| *x == w).map(|i| (i % 9) as i64 + 1)
}

/// A whole number in the given style: `whole(7, Words)` → `"seven"`, `whole(12, Words)` → `"12"`.
pub fn whole(n: i64, style: Numerals) -> String {
    match (style, number_word(n)) {
        (Numerals::Words, Some(w)) => w.to_string(),
        _ => thousands(n),
    }
}

/// [`count`] in the given style: `"at least three"`.
pub fn count_in(n: i64, lower_bound: bool, style: Numerals) -> String {
    if lower_bound {
        format!("at least {}", whole(n, style))
    } else {
        whole(n, style)
    }
}

/// [`figure`] in the given style: whole counts as [`count_in`], anything else to one decimal place.
pub fn figure_in(f: &Figure, style: Numerals) -> Option<String> {
    match figure_count(f) {
        Some(n) => Some(count_in(n, f.lower_bound, style)),
        None => figure(f),
    }
}

/// [`ordinal`] in the given style: `"third"` in words, `"21st"` either way.
pub fn ordinal_in(n: usize, style: Numerals) -> String {
    match style {
        Numerals::Words if (1..=9).contains(&n) => ORDINAL_WORDS[n - 1].to_string(),
        _ => ordinal(n),
    }
}

/// [`plural`] in the given style: `"one force"`, `"three forces"`, `"40 forces"`.
pub fn plural_in(n: usize, one: &str, many: &str, style: Numerals) -> String {
    format!("{} {}", whole(n as i64, style), if n == 1 { one } else { many })
}

/// A plural English noun made singular: "crimes" → "crime", "offences" → "offence", "robberies" → "robbery",
/// "businesses" → "business". Words that do not look plural are returned as they are.
pub fn singularise(word: &str) -> String {
    let lower = word.to_lowercase();
    for (many, one) in [("people", "person"), ("children", "child"), ("women", "woman"), ("men", "man")] {
        if lower == many {
            return match word.chars().next() {
                Some(c) if c.is_uppercase() => capitalise(one),
                _ => one.to_string(),
            };
        }
    }
    let keep = |n: usize| word[..word.len() - n].to_string();
    if lower.len() > 3 && lower.ends_with("ies") {
        format!("{}{}", keep(3), if word.ends_with("IES") { "Y" } else { "y" })
    } else if ["sses", "shes", "ches", "xes", "zzes"].iter().any(|e| lower.ends_with(e)) {
        keep(2)
    } else if lower.ends_with('s') && !["ss", "us", "is"].iter().any(|e| lower.ends_with(e)) {
        keep(1)
    } else {
        word.to_string()
    }
}

/// The campaign's subject for a count of one: its first word made singular ("crimes linked to TikTok" →
/// "crime linked to TikTok").
pub fn singular_subject(subject: &str) -> String {
    let subject = subject.trim();
    match subject.split_once(' ') {
        Some((first, rest)) => format!("{} {rest}", singularise(first)),
        None => singularise(subject),
    }
}

/// A count of the subject: `"1 crime linked to TikTok"`, `"at least one crime linked to TikTok"` (words),
/// `"106 crimes linked to TikTok"`. `subject` is the campaign's plural wording.
pub fn counted(n: i64, lower_bound: bool, subject: &str, style: Numerals) -> String {
    let subject = subject.trim();
    let noun = if n == 1 { singular_subject(subject) } else { subject.to_string() };
    format!("{} {noun}", count_in(n, lower_bound, style))
}

/// A figure's value followed by the subject, singular for exactly one; falls back to [`figure`] and the plural
/// when the value is not a whole count.
pub fn counted_figure(f: &Figure, subject: &str, style: Numerals) -> Option<String> {
    match figure_count(f) {
        Some(n) => Some(counted(n, f.lower_bound, subject, style)),
        None => figure(f).map(|v| format!("{v} {}", subject.trim())),
    }
}

/// `noun(1, "case", "cases")` → `"case"`.
pub fn noun<'a>(n: i64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `["a", "b", "c"]` → `"a, b and c"`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `["a", "b", "c"]` → `"a, b or c"`.
pub fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(140_123), "140,123");
        assert_eq!(thousands(-1_234_567), "-1,234,567");
        assert_eq!(count(13, true), "at least 13");
        assert_eq!(number(7.000_000_000_000_001), "7");
        assert_eq!(number(12.34), "12.3");
        assert_eq!(one_decimal(1234.56), "1,234.6");
        assert_eq!(one_decimal(0.04), "0.0");
    }

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal).into();
        assert_eq!(got, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"]);
    }

    #[test]
    fn words() {
        assert_eq!(capitalise("crimes linked to TikTok"), "Crimes linked to TikTok");
        assert_eq!(decapitalise("Malicious communications"), "malicious communications");
        assert_eq!(decapitalise("CPS decision"), "CPS decision");
        assert_eq!(join_and(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(join_or(&["a".into(), "b".into()]), "a or b");
        assert_eq!(plural(1, "force", "forces"), "1 force");
    }

    #[test]
    fn one_is_singular() {
        assert_eq!(singular_subject("crimes linked to TikTok"), "crime linked to TikTok");
        assert_eq!(singular_subject("offences involving TikTok"), "offence involving TikTok");
        assert_eq!(singular_subject("robberies"), "robbery");
        assert_eq!(singular_subject("businesses targeted"), "business targeted");
        assert_eq!(singular_subject("people arrested"), "person arrested");
        assert_eq!(singular_subject("Crimes"), "Crime");
        assert_eq!(counted(1, false, "crimes linked to TikTok", Numerals::Digits), "1 crime linked to TikTok");
        assert_eq!(counted(1, true, "crimes linked to TikTok", Numerals::Words), "at least one crime linked to TikTok");
        assert_eq!(counted(0, false, "crimes linked to TikTok", Numerals::Words), "0 crimes linked to TikTok");
        assert_eq!(counted(2, false, "crimes linked to TikTok", Numerals::Digits), "2 crimes linked to TikTok");
        assert_eq!(counted(1_234, false, "crimes", Numerals::Words), "1,234 crimes");
        assert_eq!(noun(1, "case", "cases"), "case");
        assert_eq!(noun(0, "case", "cases"), "cases");
        assert_eq!(plural_in(1, "force", "forces", Numerals::Words), "one force");
    }

    #[test]
    fn small_numbers_in_words_only_in_running_text() {
        let words: Vec<String> = [0, 1, 5, 9, 10, 11, 1_000].map(|n| whole(n, Numerals::Words)).into();
        assert_eq!(words, ["0", "one", "five", "nine", "10", "11", "1,000"]);
        assert_eq!(whole(9, Numerals::Digits), "9");
        assert_eq!(count_in(3, true, Numerals::Words), "at least three");
        assert_eq!(ordinal_in(3, Numerals::Words), "third");
        assert_eq!(ordinal_in(9, Numerals::Words), "ninth");
        assert_eq!(ordinal_in(10, Numerals::Words), "10th");
        assert_eq!(ordinal_in(3, Numerals::Digits), "3rd");
        for n in 1..=9 {
            assert_eq!(word_value(&whole(n, Numerals::Words)), Some(n));
            assert_eq!(word_value(&ordinal_in(n as usize, Numerals::Words)), Some(n));
        }
        assert_eq!(word_value("Seven"), Some(7));
        assert_eq!(word_value("none"), None);
        let mut f = Figure::new(foi_analysis::FigureKind::Total, "");
        f.value = Some(4.0);
        assert_eq!(figure_in(&f, Numerals::Words).as_deref(), Some("four"));
        assert_eq!(figure_in(&Figure { value: Some(4.5), ..f.clone() }, Numerals::Words).as_deref(), Some("4.5"));
        assert_eq!(figure_in(&f, Numerals::Digits).as_deref(), Some("4"));
    }
}
