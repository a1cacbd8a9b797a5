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

/// `["a", "b", "c"]` → `"a, b and c"`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
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
        assert_eq!(plural(1, "force", "forces"), "1 force");
    }
}
