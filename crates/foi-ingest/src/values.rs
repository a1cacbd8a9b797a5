//! Reading one cell as a count, a suppression marker or a period label.

use chrono::{Datelike, NaiveDate};
use foi_model::PeriodBasis;

use crate::grid::Cell;

/// What a value cell says.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Count(i64),
    /// Withheld by the force; never a number.
    Suppressed(String),
    /// A dash: zero in some forces' tables, withheld in others. Suppressed only where the document says it
    /// suppresses small numbers.
    Dash,
    Empty,
    Bad(String),
}

/// Markers forces use for withheld small numbers.
const SUPPRESSION: &[&str] = &[
    "*",
    "**",
    "***",
    "[c]",
    "[x]",
    "[z]",
    "c",
    "x",
    "..",
    "s",
    "~",
    "suppressed",
    "redacted",
    "withheld",
    "<5",
    "< 5",
    "<3",
    "< 3",
    "<10",
    "< 10",
    "1-4",
    "1 - 4",
    "0-4",
    "fewer than 5",
    "less than 5",
];

pub fn read_value(cell: &Cell) -> Value {
    match cell {
        Cell::Empty => Value::Empty,
        Cell::Number(n) if n.is_finite() && n.round() > MAX_COUNT as f64 => too_large(&n.to_string()),
        Cell::Number(n) => {
            count_from_f64(*n).map(Value::Count).unwrap_or_else(|| Value::Bad(format!("{n} is not a whole count")))
        }
        Cell::Date(d) => Value::Bad(format!("a date ({d}) where a count was expected")),
        Cell::Error(e) => Value::Bad(format!("spreadsheet error {e}")),
        Cell::Text(t) => read_text_value(t),
    }
}

/// The largest count read as one (see [`foi_model::MAX_COUNT`]).
pub use foi_model::MAX_COUNT;

fn count_from_f64(n: f64) -> Option<i64> {
    // Floats carry binary noise (7.0000000000000009): a count is within a hair of a whole number.
    let r = n.round();
    ((n - r).abs() < 1e-6 && (0.0..=MAX_COUNT as f64).contains(&r)).then_some(r as i64)
}

fn too_large(s: &str) -> Value {
    Value::Bad(format!("{s:?} is more than any force could have recorded (the most read as a count is {MAX_COUNT})"))
}

/// Footnote marks forces put after a count.
const MARKS: [char; 13] = ['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰', '†', '‡', '§'];

/// Could `read_text_value` take this text for a count, a marker or a dash? Every character such a text holds
/// is a digit, a separator, a bound's sign or a letter of "less than" / "fewer than"; a date, a reference or
/// a sentence has others, and is answered without lower-casing or parsing it.
fn may_be_value_text(t: &str) -> bool {
    t.chars().all(|c| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || matches!(c, ',' | '.' | '-' | '<' | '=' | '≤' | '–' | '—')
            || MARKS.contains(&c)
            || "lesthanfwrLESTHANFWR".contains(c)
    })
}

pub fn read_text_value(t: &str) -> Value {
    let s = t.trim().trim_matches('\u{a0}').trim();
    if s.is_empty() {
        return Value::Empty;
    }
    let lower = s.to_lowercase();
    if SUPPRESSION.contains(&lower.as_str()) {
        return Value::Suppressed(s.to_string());
    }
    if matches!(s, "-" | "–" | "—") {
        return Value::Dash;
    }
    // "<5", "≤ 10", "less than 3": a bound, not a count.
    let bound = lower
        .strip_prefix("<=")
        .or_else(|| lower.strip_prefix('<'))
        .or_else(|| lower.strip_prefix('≤'))
        .or_else(|| lower.strip_prefix("less than"))
        .or_else(|| lower.strip_prefix("fewer than"));
    if bound.is_some_and(|b| !b.trim().is_empty() && b.trim().chars().all(|c| c.is_ascii_digit())) {
        return Value::Suppressed(s.to_string());
    }
    // A footnote mark after a count ("45¹", "12†") is no digit of it.
    let s = match s.trim_end_matches(MARKS).trim_end() {
        bare if !bare.is_empty() && bare.len() < s.len() => bare,
        _ => s,
    };
    // "1." heads a numbered answer ("1. The total number of crimes…"): a list number, not a count.
    if s.strip_suffix('.').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())) {
        return Value::Bad(format!("{s:?} is a list number, not a count"));
    }
    // " 1,144 ", "1 144", "1144.0"
    let digits: String = s.chars().filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}')).collect();
    let plain = |d: &str| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit());
    if plain(&digits) {
        return match digits.parse::<i64>() {
            Ok(i) if i <= MAX_COUNT => Value::Count(i),
            _ => too_large(s),
        };
    }
    if let Some(n) = digits.strip_prefix('-').filter(|n| plain(n)) {
        return Value::Bad(format!("negative count {s:?} ({n} below zero)"));
    }
    // Only "1144.0": Rust would also take "5e3", "inf" and "NaN" as numbers, which no force writes as a count.
    let decimal = digits.split_once('.').is_some_and(|(i, f)| plain(i) && (f.is_empty() || plain(f)));
    if let Some(f) = digits.parse::<f64>().ok().filter(|_| decimal) {
        if f.round() > MAX_COUNT as f64 {
            return too_large(s);
        }
        return count_from_f64(f)
            .map(Value::Count)
            .unwrap_or_else(|| Value::Bad(format!("{s:?} is not a whole count")));
    }
    Value::Bad(format!("{s:?} is not a count"))
}

/// Is this cell a value cell at all (count, marker or dash)? Used to find a table's value columns.
pub fn is_value_like(cell: &Cell) -> bool {
    // Asked of every cell of a table, a million of them in a list of crimes: text without a digit can only be a
    // marker or a dash, which is answered without building the message a `Bad` value would carry.
    if let Cell::Text(t) = cell {
        if !t.bytes().any(|b| b.is_ascii_digit()) {
            let s = t.trim().trim_matches('\u{a0}').trim();
            return matches!(s, "-" | "–" | "—") || (s.len() <= 32 && SUPPRESSION.contains(&s.to_lowercase().as_str()));
        }
        if !may_be_value_text(t) {
            return false;
        }
    }
    matches!(read_value(cell), Value::Count(_) | Value::Suppressed(_) | Value::Dash)
}

/// A period a label names: the year it starts in and what the label says about the year's definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodLabel {
    pub start_year: i32,
    /// The basis the label itself states; `None` when it only says "2021/22" or "April 2021 - March 2022".
    pub basis: Option<PeriodBasis>,
    /// True for a single calendar year ("2021").
    pub calendar: bool,
    /// A table that names no period at all, read as covering the whole period the request asked about: stored
    /// so only where its figures add up to the force's own count for that whole period.
    pub whole_request: bool,
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Read a period label: "2021/22", "2021-22", "2021/2022", "FY 2021-22", "2021 to 2022", "Volume 2023/24",
/// "6th Apr 2021 to 5th Apr 2022", "1 April 2021 - 31 March 2022", "April 2021 - March 2022", "2021".
pub fn parse_period(text: &str) -> Option<PeriodLabel> {
    // Every period names a year in digits; most cells of a list name none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // A count ("12", "1144"): digits alone are a period only as a four-digit year.
    let bare = text.trim();
    if bare.len() != 4 && bare.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let lower = text.to_lowercase();
    let years = years_in(&lower);
    match years.as_slice() {
        [] => short_split_year(&lower),
        [(y, pos, len)] => {
            // "2021/22", "2021-22", "2021–22": a four-digit year and its successor's last two digits.
            let rest = &lower[pos + len..];
            let rest = rest.trim_start();
            let mut chars = rest.chars();
            if let Some(sep) = chars.next() {
                if matches!(sep, '/' | '-' | '–' | '—' | '\\') {
                    let two: String = chars.as_str().trim_start().chars().take_while(|c| c.is_ascii_digit()).collect();
                    if two.len() == 2 && two.parse::<i32>().ok() == Some((y + 1) % 100) {
                        return Some(PeriodLabel {
                            start_year: *y,
                            basis: None,
                            calendar: false,
                            whole_request: false,
                        });
                    }
                }
            }
            // A lone year is a calendar year only when nothing else in the label is a number (not "Q1 2021"),
            // and a month only when the label runs from January to December ("Jan - Dec 2022", not "May 2022").
            let other_digits = lower.chars().filter(|c| c.is_ascii_digit()).count() > 4;
            if other_digits || has_month(&lower) && !january_to_december(&lower) {
                return None;
            }
            Some(PeriodLabel { start_year: *y, basis: None, calendar: true, whole_request: false })
        }
        // "1 Jan 2022 - 31 Dec 2022", "01/01/2022 to 31/12/2022": one calendar year written as its first and last day.
        [(a, ..), (b, ..)] if a == b && calendar_dates(&lower, *a) => Some(PeriodLabel {
            start_year: *a,
            basis: Some(PeriodBasis::Calendar),
            calendar: true,
            whole_request: false,
        }),
        [(a, ..), (b, ..)] if *b == *a + 1 => {
            let basis = day_month_basis(&lower);
            Some(PeriodLabel { start_year: *a, basis, calendar: false, whole_request: false })
        }
        _ => None,
    }
}

/// "21/22", "FY21-22", "FY 2021/22" without the century: a two-digit year and its successor, standing alone.
fn short_split_year(s: &str) -> Option<PeriodLabel> {
    let b = s.as_bytes();
    let two = |i: usize| -> Option<i32> {
        let ok = i + 2 <= b.len()
            && b[i].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && (i + 2 == b.len() || !b[i + 2].is_ascii_digit());
        ok.then(|| ((b[i] - b'0') * 10 + (b[i + 1] - b'0')) as i32)
    };
    let mut found = None;
    for i in 0..b.len() {
        let Some(a) = two(i) else { continue };
        let sep = i + 2;
        if sep < b.len() && matches!(b[sep], b'/' | b'-') {
            if let Some(c) = two(sep + 1) {
                if c == (a + 1) % 100 && found.is_none() {
                    found = Some(a);
                } else {
                    return None;
                }
            }
        }
    }
    // Other digits in the label (a day, a code) make it something else.
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    found.filter(|_| digits == 4 && !has_month(s)).map(|a| PeriodLabel {
        start_year: 2000 + a,
        basis: None,
        calendar: false,
        whole_request: false,
    })
}

/// Four-digit years 1990–2099 standing alone as numbers, with their byte positions.
fn years_in(s: &str) -> Vec<(i32, usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                let y: i32 = s[start..i].parse().unwrap_or(0);
                if (1990..2100).contains(&y) {
                    out.push((y, start, 4));
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The label names January first and December last, and no other month ("January to December 2022").
fn january_to_december(s: &str) -> bool {
    let months: Vec<usize> = s
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 3)
        .filter_map(|w| MONTHS.iter().position(|m| w.starts_with(m)))
        .collect();
    months == [0, 11]
}

/// The label runs from 1 January to 31 December of `year`, in words or as dates.
fn calendar_dates(s: &str, year: i32) -> bool {
    let words: Vec<&str> = s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let day_months: Vec<(u32, usize)> = words
        .windows(2)
        .filter_map(|w| {
            let day = w[0].trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>().ok()?;
            let month = MONTHS.iter().position(|m| w[1].starts_with(m) && w[1].len() >= 3)?;
            (1..=31).contains(&day).then_some((day, month))
        })
        .collect();
    if !day_months.is_empty() {
        return day_months == [(1, 0), (31, 11)];
    }
    let dates: Vec<NaiveDate> = s.split(|c: char| c.is_whitespace() || c == '–').filter_map(parse_date_text).collect();
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    dates.len() == 2 && Some(dates[0]) == first && Some(dates[1]) == last
}

fn has_month(s: &str) -> bool {
    MONTHS.iter().any(|m| s.split(|c: char| !c.is_alphabetic()).any(|w| w.starts_with(m) && w.len() >= 3))
}

/// "6th Apr 2021 to 5th Apr 2022" → fy_apr6; "1 April 2021 - 31 March 2022" → fy_apr1; "1 Jan 2021 to 31 Dec 2021"
/// → calendar. Month-only ranges ("April 2021 - March 2022") say nothing about the day: `None`.
fn day_month_basis(s: &str) -> Option<PeriodBasis> {
    let words: Vec<&str> = s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut first: Option<(u32, usize)> = None;
    for w in words.windows(2) {
        let day = w[0].trim_end_matches(|c: char| c.is_alphabetic());
        if let (Ok(d), Some(m)) = (day.parse::<u32>(), MONTHS.iter().position(|m| w[1].starts_with(m))) {
            if (1..=31).contains(&d) && w[0].len() <= 4 {
                first = Some((d, m));
                break;
            }
        }
    }
    match first {
        Some((6, 3)) => Some(PeriodBasis::FyApr6),
        Some((1, 3)) => Some(PeriodBasis::FyApr1),
        Some((1, 0)) => Some(PeriodBasis::Calendar),
        Some(_) => Some(PeriodBasis::Other),
        None => None,
    }
}

/// Dates typed as text in UK order ("06/04/2021", "6/4/21", "2021-04-06").
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let s = s.split_whitespace().next()?; // drop a time part
                                          // Each format below is digits and two separators: anything else (a reference, a code, words) is no date,
                                          // said without asking chrono five times. A list of crimes asks this of every cell.
    let b = s.as_bytes();
    if !b.iter().all(|c| c.is_ascii_digit() || matches!(c, b'/' | b'-' | b'.')) || b.len() < 6 {
        return None;
    }
    // The common dd/mm/yyyy directly; chrono answers the same for it (an impossible day is no date in any
    // of the formats).
    if b.len() == 10 && b[2] == b'/' && b[5] == b'/' {
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
        if let (Some(d), Some(m), Some(y)) = (num(0..2), num(3..5), num(6..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    for fmt in ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"] {
        // chrono's %Y takes "21" as the year 21: a two-digit year is %y's, the 21st century's.
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt).map_err(|_| ()).and_then(|d| {
            if fmt.contains("%Y") && d.year() < 1000 {
                Err(())
            } else {
                Ok(d)
            }
        }) {
            return Some(d);
        }
    }
    None
}

pub fn cell_date(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Text(t) => parse_date_text(t).or_else(|| parse_month_text(t)),
        _ => None,
    }
}

/// A month written as text, read as its first day: "April 2021", "Apr-21", "Apr 21", "2021-04".
pub fn parse_month_text(s: &str) -> Option<NaiveDate> {
    let lower = s.trim().to_lowercase();
    if let Some((y, m)) = lower.split_once('-').filter(|(y, m)| y.len() == 4 && m.len() == 2) {
        if let (Ok(y), Ok(m)) = (y.parse(), m.parse()) {
            return NaiveDate::from_ymd_opt(y, m, 1);
        }
    }
    let parts: Vec<&str> = lower.split([' ', '-', '/']).filter(|w| !w.is_empty()).collect();
    let [month, year] = parts.as_slice() else { return None };
    let m = MONTHS.iter().position(|name| month.starts_with(name) && month.len() >= 3)? as u32 + 1;
    let y: i32 = match year.len() {
        4 => year.parse().ok()?,
        2 => 2000 + year.parse::<i32>().ok()?,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// Labels of total and subtotal rows and columns: "Total", "Grand Total", "Sum:", "Subtotal", "Violence against
/// the person Total", "All offences". Such a row is checked against its parts and never stored as a category.
pub fn is_total_label(text: &str) -> bool {
    // Every such label holds "total", "sum" or "all" in some case; most labels hold none (only ASCII letters
    // lower-case to these, so the test on bytes is enough).
    let b = text.as_bytes();
    let at = |i: usize, w: &[u8]| b.len() - i >= w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w);
    // One pass: `| 0x20` lower-cases an ASCII letter, and only 'T'/'t', 'S'/'s', 'A'/'a' become these bytes.
    let hint = (0..b.len()).any(|i| match b[i] | 0x20 {
        b't' => at(i, b"total"),
        b's' => at(i, b"sum"),
        b'a' => at(i, b"all"),
        _ => false,
    });
    if !hint {
        return false;
    }
    let n = foi_model::normalise(text);
    matches!(
        n.as_str(),
        "total" | "grand total" | "sum" | "totals" | "overall total" | "all" | "subtotal" | "sub total"
    ) || n.starts_with("total ")
        || n.starts_with("grand total")
        || n.starts_with("subtotal ")
        || n.starts_with("sub total ")
        || n.ends_with(" total")
        || n.ends_with(" totals")
        || n.ends_with(" subtotal")
        || matches!(n.as_str(), "all offences" | "all crimes" | "all outcomes" | "all offence types")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_stored_as_text_or_noisy_floats() {
        assert_eq!(read_text_value(" 1,144 "), Value::Count(1144));
        assert_eq!(read_value(&Cell::Number(7.000000000000001)), Value::Count(7));
        assert!(matches!(read_value(&Cell::Number(2.5)), Value::Bad(_)));
        assert!(matches!(read_text_value("about 4"), Value::Bad(_)));
        // A numbered answer's "1." is not a count of one.
        assert!(matches!(read_text_value("1."), Value::Bad(_)));
        assert_eq!(read_text_value("12.0"), Value::Count(12));
        // A footnote mark is not a digit: 45¹ is 45.
        assert_eq!(read_text_value("45¹"), Value::Count(45));
        assert_eq!(read_text_value("1,144†"), Value::Count(1144));
    }

    #[test]
    fn counts_no_force_could_have_recorded_and_number_syntax_no_force_writes_are_refused() {
        for s in ["12345678901234567890", "9223372036854775807", "9,223,372,036,854,775,808", "10000001", "1e7"] {
            assert!(matches!(read_text_value(s), Value::Bad(_)), "{s}");
        }
        for s in ["5e3", "5E3", "inf", "NaN", "0x10", "+5", "1.2.3"] {
            assert!(matches!(read_text_value(s), Value::Bad(_)), "{s}");
        }
        assert!(matches!(read_value(&Cell::Number(1e19)), Value::Bad(m) if m.contains("more than any force")));
        assert!(matches!(read_value(&Cell::Number(f64::NAN)), Value::Bad(_)));
        assert!(matches!(read_text_value("-3"), Value::Bad(m) if m.contains("negative")));
        assert_eq!(read_text_value("10,000,000"), Value::Count(MAX_COUNT));
        assert_eq!(read_text_value("0"), Value::Count(0));
    }

    #[test]
    fn suppression_markers_are_never_numbers() {
        for m in ["*", "<5", "< 5", "[c]", "c", "x", "≤5", "<=10", "less than 3"] {
            assert!(matches!(read_text_value(m), Value::Suppressed(_)), "{m}");
        }
        assert_eq!(read_text_value("-"), Value::Dash);
    }

    #[test]
    fn period_labels() {
        let split = |y| Some(PeriodLabel { start_year: y, basis: None, calendar: false, whole_request: false });
        assert_eq!(parse_period("2021/22"), split(2021));
        assert_eq!(parse_period("2021-22"), split(2021));
        assert_eq!(parse_period("2021\u{2013}22"), split(2021));
        assert_eq!(parse_period("2021/2022"), split(2021));
        assert_eq!(parse_period("Volume 2023/24"), split(2023));
        assert_eq!(parse_period("TikTok offences 2023/24"), split(2023));
        assert_eq!(parse_period("April 2021 - March 2022"), split(2021));
        assert_eq!(parse_period("6th Apr 2021 to 5th Apr 2022").unwrap().basis, Some(PeriodBasis::FyApr6));
        assert_eq!(parse_period("1 April 2021 - 31 March 2022").unwrap().basis, Some(PeriodBasis::FyApr1));
        assert_eq!(
            parse_period("2021"),
            Some(PeriodLabel { start_year: 2021, basis: None, calendar: true, whole_request: false })
        );
        assert_eq!(parse_period("8L - Harassment"), None);
        assert_eq!(parse_period("Outcome 16"), None);
        assert_eq!(parse_period("2021/23"), None);
        assert_eq!(parse_period("21/22"), split(2021));
        assert_eq!(parse_period("FY23-24"), split(2023));
        assert_eq!(parse_period("05/04"), None);
        assert_eq!(parse_period("16: Evidential difficulties"), None);
        let calendar = Some(PeriodLabel {
            start_year: 2022,
            basis: Some(PeriodBasis::Calendar),
            calendar: true,
            whole_request: false,
        });
        assert_eq!(parse_period("1 Jan 2022 - 31 Dec 2022"), calendar);
        assert_eq!(parse_period("01/01/2022 - 31/12/2022"), calendar);
        assert_eq!(parse_period("1st January 2022 to 31st December 2022"), calendar);
        assert_eq!(parse_period("January - December 2022").map(|p| (p.start_year, p.calendar)), Some((2022, true)));
        assert_eq!(parse_period("Jan-Dec 2022").map(|p| (p.start_year, p.calendar)), Some((2022, true)));
        assert_eq!(parse_period("May 2022"), None);
        assert_eq!(parse_period("1 Jan 2022 - 30 Jun 2022"), None);
        assert_eq!(parse_period("01/04/2022 - 31/12/2022"), None);
        assert_eq!(parse_period("1 Jan 2022 - 31 May 2022"), None);
    }

    #[test]
    fn totals() {
        for t in [
            "Total",
            "Grand Total",
            "Sum:",
            "TOTAL",
            "Total offences",
            "Sub-total",
            "Violence against the person Total",
        ] {
            assert!(is_total_label(t), "{t}");
        }
        assert!(!is_total_label("Harassment"));
        assert!(!is_total_label("Totally unrelated"));
    }

    #[test]
    fn months_typed_as_text() {
        let apr = NaiveDate::from_ymd_opt(2021, 4, 1);
        for m in ["April 2021", "Apr-21", "apr 21", "2021-04"] {
            assert_eq!(parse_month_text(m), apr, "{m}");
        }
        assert_eq!(parse_month_text("April 2021 - March 2022"), None);
        assert_eq!(parse_month_text("Harassment"), None);
    }

    #[test]
    fn uk_dates_typed_as_text() {
        assert_eq!(parse_date_text("05/04/2022"), NaiveDate::from_ymd_opt(2022, 4, 5));
        assert_eq!(parse_date_text("2022-04-06 00:00:00"), NaiveDate::from_ymd_opt(2022, 4, 6));
    }

    #[test]
    fn the_quick_paths_answer_as_chrono_does() {
        // dd/mm/yyyy read directly, an impossible day refused as every format refuses it.
        assert_eq!(parse_date_text("31/12/2021"), NaiveDate::from_ymd_opt(2021, 12, 31));
        assert_eq!(parse_date_text("31/02/2021"), None);
        assert_eq!(parse_date_text("00/01/2021"), None);
        // The other formats still go to chrono.
        assert_eq!(parse_date_text("6/4/21"), NaiveDate::from_ymd_opt(2021, 4, 6));
        assert_eq!(parse_date_text("06.04.2021"), NaiveDate::from_ymd_opt(2021, 4, 6));
        assert_eq!(parse_date_text("06-04-2021"), NaiveDate::from_ymd_opt(2021, 4, 6));
        // Codes and references are no dates.
        for s in ["105A", "8R", "CR/0000001/21", "2021", "12.0", "Harassment", ""] {
            assert_eq!(parse_date_text(s), None, "{s}");
        }
        for s in ["Total", "Sub-Total", "ALL OFFENCES", "Grand total", "Sum"] {
            assert!(is_total_label(s), "{s}");
        }
        for s in ["Harassment", "Malicious communications", "Tot"] {
            assert!(!is_total_label(s), "{s}");
        }
        for s in ["*", "-", "Redacted", " x ", "12", "<5"] {
            assert!(is_value_like(&Cell::Text(s.into())), "{s}");
        }
        for s in ["Harassment", "CR/0000001/21", "105A", "1."] {
            assert!(!is_value_like(&Cell::Text(s.into())), "{s}");
        }
        assert_eq!(parse_period("Harassment"), None);
    }

    /// The quick answers (`is_value_like`'s character test, `parse_period`'s digits-only test,
    /// `is_total_label`'s one-pass hint) give what the full readers give.
    #[test]
    fn quick_answers_agree_with_the_full_readers() {
        let mut texts: Vec<String> = SUPPRESSION.iter().map(|s| s.to_string()).collect();
        texts.extend(
            [
                "12",
                " 1,144 ",
                "1 144",
                "1144.0",
                "12.5",
                "-3",
                "45¹",
                "12†",
                "1.",
                "<= 4",
                "≤ 10",
                "Less than 3",
                "FEWER THAN 5",
                "less than",
                "<",
                "0",
                "007",
                "2021",
                " 2022 ",
                "12345",
                "2021/22",
                "21/22",
                "2021-2022",
                "04/03/2022",
                "1 Jan 2022 - 31 Dec 2022",
                "Q1 2021",
                "2021 total",
                "TOTAL",
                "Sub total",
                "All offences",
                "totally",
                "summary",
                "Sum:",
                "Alla",
                "Small",
                "",
                " ",
                "–",
                "—",
                "-",
                "—5",
                "5e3",
                "inf",
                "NaN",
                "1\u{a0}144",
                "1\u{202f}144",
                "12 (est.)",
                "Harassment 5",
                "less than 5 ",
            ]
            .map(String::from),
        );
        for t in &texts {
            let full = matches!(
                read_value(&Cell::Text(t.as_str().into())),
                Value::Count(_) | Value::Suppressed(_) | Value::Dash
            );
            assert_eq!(is_value_like(&Cell::Text(t.as_str().into())), full, "{t:?}");
            let lower = t.to_lowercase();
            let by_words = {
                let has = |w: &str| lower.contains(w);
                has("total") || has("sum") || has("all")
            };
            if !by_words {
                assert!(!is_total_label(t), "{t:?}");
            }
        }
        assert_eq!(parse_period("2021").map(|p| p.start_year), Some(2021));
        assert_eq!(parse_period(" 2022 ").map(|p| p.start_year), Some(2022));
        for t in ["12", "0", "12345", "007", " 1144 "] {
            assert_eq!(parse_period(t), None, "{t:?}");
        }
    }
}
