//! What a force's letter says in words: that it suppresses small numbers, that the information is not held,
//! the section it cites to refuse, its FOI reference, the date of its answer, and how it defined a year.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::NaiveDate;
use foi_model::{Campaign, Evidence, Observation, PeriodBasis, ProblemKind, Response, ResponseStatus, SourceRef};
use regex_automata::{meta, util::captures::Captures, util::syntax, MatchKind};

use super::src;
use crate::interpret::RawObs;
use crate::issue::Issue;

/// The answer says it withholds small numbers, so a dash in its tables is a withheld number.
pub(super) fn suppression_noted(text: &str) -> bool {
    SUPPRESSION_NOTE.is_match(text) || hidden_small_numbers(text)
}

/// "Redacted" or "withheld" in the same sentence as words about low or small numbers, at most 80 characters
/// between them, either first: what the patterns `(redact|withheld)[^.]{0,80}\b(low|small) (numbers|…)` and its
/// mirror say, found from where the two wordings are. As part of one pattern, the 160 copies of "any character but
/// a full stop" were a third of the compiling every ingest does before its first letter.
fn hidden_small_numbers(text: &str) -> bool {
    // Neither wording can overlap itself, so these are all of their places, in order (ends too).
    let hidden: Vec<(usize, usize)> = HIDDEN.find_iter(text).map(|(at, m)| (at, at + m.len())).collect();
    if hidden.is_empty() {
        return false;
    }
    // At most 80 characters, none a full stop (a character is at most four bytes).
    let near = |from: usize, to: usize| {
        let gap = &text[from..to];
        gap.len() <= 4 * 80 && !gap.contains('.') && gap.chars().count() <= 80
    };
    SMALL_NUMBERS.find_iter(text).any(|(start, m)| {
        let end = start + m.len();
        // The nearest on each side is enough: a farther one has the nearer one's gap inside its own.
        let before = hidden.partition_point(|&(_, e)| e <= start).checked_sub(1).map(|i| hidden[i]);
        let after = hidden.get(hidden.partition_point(|&(s, _)| s < end)).copied();
        before.is_some_and(|(_, e)| near(e, start)) || after.is_some_and(|(s, _)| near(end, s))
    })
}

/// The answer says the information is not held.
pub(super) fn not_held(text: &str) -> bool {
    NOT_HELD.is_match(text)
}

/// A letter pattern: the regex crate's own engine (regex-automata's meta regex, which `regex::Regex` wraps, with
/// the same configuration) built without its literal prefilter. Every ingest compiles the patterns it meets
/// before its first letter is read, and half of that was the prefilter: the case-insensitive alternatives
/// expand into hundreds of literals and an Aho-Corasick automaton (14 patterns: 6.1 → 3.2 ms). Letters are a
/// few kilobytes, which the lazy DFA scans without it; what matches is the same.
struct Pattern(meta::Regex);

impl Pattern {
    fn new(pattern: &str) -> Pattern {
        let config = meta::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .utf8_empty(true)
            .nfa_size_limit(Some(10 << 20))
            .hybrid_cache_capacity(2 << 20)
            .auto_prefilter(false);
        let regex = meta::Builder::new().configure(config).syntax(syntax::Config::new().utf8(true)).build(pattern);
        Pattern(regex.expect("static regex"))
    }

    fn is_match(&self, haystack: &str) -> bool {
        self.0.is_match(haystack)
    }

    fn find<'h>(&self, haystack: &'h str) -> Option<&'h str> {
        self.0.find(haystack).map(|m| &haystack[m.range()])
    }

    /// Each match's start and text, left to right.
    fn find_iter<'p, 'h>(&'p self, haystack: &'h str) -> impl Iterator<Item = (usize, &'h str)> + use<'p, 'h> {
        self.0.find_iter(haystack).map(move |m| (m.start(), &haystack[m.range()]))
    }

    fn captures<'h>(&self, haystack: &'h str) -> Option<Groups<'h>> {
        let mut caps = self.0.create_captures();
        self.0.captures(haystack, &mut caps);
        caps.is_match().then_some(Groups { haystack, caps })
    }

    fn captures_iter<'p, 'h>(&'p self, haystack: &'h str) -> impl Iterator<Item = Groups<'h>> + use<'p, 'h> {
        self.0.captures_iter(haystack).map(move |caps| Groups { haystack, caps })
    }
}

/// The groups of one match.
struct Groups<'h> {
    haystack: &'h str,
    caps: Captures,
}

impl<'h> Groups<'h> {
    fn get(&self, i: usize) -> Option<&'h str> {
        self.caps.get_group(i).map(|span| &self.haystack[span.range()])
    }
}

/// A group that took no part in the match reads as empty.
impl std::ops::Index<usize> for Groups<'_> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

// Digits are written `[0-9]`, not `\d`: Unicode's `\d` (every script's digits) made the patterns a third slower to
// compile, a cost every ingest pays before its first letter, and the figures they capture are parsed as ASCII.
static SUPPRESSION_NOTE: LazyLock<Pattern> = LazyLock::new(|| {
    // "Withheld" or "redacted" alone is the boilerplate of every letter ("if information is withheld, it will be
    // clearly marked"): only with words about small figures does it say numbers are hidden.
    Pattern::new(r"(?i)suppress|(less|fewer) than (5|five|3|three|10|ten)|small (numbers|figures|counts)|<\s*5")
});
// With `hidden_small_numbers`.
static HIDDEN: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"(?i)redact|withheld"));
static SMALL_NUMBERS: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\b(low|small) (numbers|figures|counts|values)"));
static NOT_HELD: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\bnot held\b|\bdoes not hold\b|\bdo not hold\b|\bno (recorded )?information (is )?held\b")
});
static SECTION: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\b(?:section|s\.?)\s?([0-9]{1,2})(?:\s?\([0-9]\))?"));
static REFUSAL_WORDS: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)refus|exempt|cost limit|exceed|appropriate limit|neither confirm nor deny|applies")
});
static FOI_REF: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)(?:foi|reference|ref)[^0-9\n]{0,25}([0-9]{2,6})\s*[/-]\s*([0-9]{2,4})\b"));
/// "My Reference: FOI 1306/25", "Reference: 1406745", "Our ref: 01/FOI/25/006753/Z", "Reference No: 2549/24";
/// "Your reference" is the requester's own and is passed over.
static OWN_REF: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(your\s+)?(?:ref(?:erence)?\b(?:\s*(?:no|number)\b\.?)?|foi\b(?:\s+request)?)[\s:.\-–]*(?:foi[\s\-]*)?([0-9][0-9A-Z]*(?:\s*[/\-]\s*[0-9A-Z]+)*)",
    )
});
static RESPONSE_DATE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)date[^0-9\n]{0,30}([0-9]{1,2}/[0-9]{1,2}/[0-9]{4})"));
/// "15 October 2025", "13th October 2025".
static LONG_DATE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b([0-9]{1,2})(?:st|nd|rd|th)?\s+(january|february|march|april|may|june|july|august|september|october|november|december)\s+([0-9]{4})\b",
    )
});
static LABELLED_LONG_DATE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\bdate\b[\s:\-]{0,5}[0-9]{1,2}(?:st|nd|rd|th)?\s+[a-z]+\s+[0-9]{4}"));
/// A date range the answer states ("Date - 01/04/19 - 31/03/24", "1 April 2019 to 31 March 2024").
static DATE_RANGE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)\b[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}\s*(?:-|–|to)\s*[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}\b")
});
static DISCLOSES: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)\b(?:can confirm|do hold|does hold|please find|is provided|are provided|attached|below|enclosed|considered and)\b",
    )
});
static FY_APR1: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?i)\b1(st)?\s+april\b|\b31(st)?\s+march\b|\bapril\s+1(st)?\b"));
static FY_APR6: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"(?i)\b[56](th)?\s+april\b|\bapril\s+[56](th)?\b"));
static CALENDAR: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"(?i)\bcalendar years?\b"));

// Each pattern is compiled when first used, not all at start: a campaign's letters need only some of them
// (the refusal sections, a stated date range), and compiling every one up front on a thread of its own measured
// slower (one campaign: 36.6 → 35.3 ms median wall, 60.0 → 58.2 ms CPU without it, 41 alternating runs).

/// The FOI Act section a letter relies on to refuse (s12 cost limit, s14 vexatious, s40 personal data …).
pub(super) fn exemption(text: &str) -> Option<String> {
    exemption_cited(text).map(|(s, _)| s)
}

/// The section and the paragraph that cites it.
pub(super) fn exemption_cited(text: &str) -> Option<(String, &str)> {
    for para in text.split('\n') {
        if !REFUSAL_WORDS.is_match(para) {
            continue;
        }
        // Section 17 is the refusal notice itself, not a reason.
        if let Some(n) = SECTION.captures_iter(para).map(|c| c[1].to_string()).find(|n| n != "17") {
            return Some((format!("s{n}"), para));
        }
    }
    None
}

/// The year basis a force used: what its period labels state, else what its letter says, else the request's.
/// Labels or statements that disagree leave it unsettled: the request's basis is used and a blocking issue says
/// so (a [[force]] correction settles it).
pub(super) fn force_basis(campaign: &Campaign, obs: &[RawObs], text: &str) -> (PeriodBasis, Option<Issue>) {
    let labelled: BTreeSet<PeriodBasis> = obs
        .iter()
        .filter(|o| !o.counted_from_rows)
        .filter_map(|o| if o.period.calendar { Some(PeriodBasis::Calendar) } else { o.period.basis })
        .collect();
    match labelled.len() {
        1 => return (*labelled.iter().next().expect("one element"), None),
        n if n > 1 => {
            let names: Vec<&str> = labelled.iter().map(|b| b.as_str()).collect();
            return (
                PeriodBasis::Other,
                Some(Issue::new(
                    ProblemKind::BasisUnclear,
                    src(""),
                    format!("the force's period labels state different year definitions ({})", names.join(", ")),
                )),
            );
        }
        _ => {}
    }
    if obs.iter().all(|o| o.counted_from_rows) && !obs.is_empty() {
        return (campaign.basis(), None);
    }
    let evidence: BTreeSet<PeriodBasis> = [
        (FY_APR1.is_match(text), PeriodBasis::FyApr1),
        (FY_APR6.is_match(text), PeriodBasis::FyApr6),
        (CALENDAR.is_match(text), PeriodBasis::Calendar),
    ]
    .into_iter()
    .filter_map(|(hit, b)| hit.then_some(b))
    .collect();
    match evidence.len() {
        1 => (*evidence.iter().next().expect("one element"), None),
        0 => (campaign.basis(), None),
        _ if obs.is_empty() => (campaign.basis(), None),
        _ => {
            let names: Vec<&str> = evidence.iter().map(|b| b.describe()).collect();
            (
                campaign.basis(),
                Some(Issue::new(
                    ProblemKind::BasisUnclear,
                    src(""),
                    format!(
                        "the letter speaks of {}; the request's {} is assumed until a [[force]] entry settles it",
                        names.join(" and "),
                        campaign.basis().describe()
                    ),
                )),
            )
        }
    }
}

/// "Reference No: 2549/24", "FOI 1920/24", "Our ref: 01/FOI/25/006753/Z", or a file named FOI-2549-24.
pub(super) fn foi_reference<'a>(text: &str, files: impl Iterator<Item = &'a str>) -> Option<String> {
    let from = |s: &str| FOI_REF.captures(s).map(|c| format!("{}/{}", &c[1], &c[2]));
    own_reference(text).or_else(|| files.filter_map(|f| from(f.rsplit('/').next().unwrap_or(f))).next())
}

/// The force's own reference in the letter's words, with the spaces around its separators taken out.
fn own_reference(text: &str) -> Option<String> {
    OWN_REF
        .captures_iter(text)
        .filter(|c| c.get(1).is_none())
        .map(|c| c[2].chars().filter(|ch| !ch.is_whitespace()).collect::<String>())
        // A year alone ("FOI 2000") is no reference.
        .find(|r| r.len() > 4 || r.contains(['/', '-']))
}

/// The date of the answer: a date the letter labels as its date ("Date: 10/10/2025", "Date: 15 October 2025"),
/// else a line that is only a date (a letter's dateline).
pub(super) fn response_date(text: &str) -> Option<NaiveDate> {
    RESPONSE_DATE
        .captures(text)
        .and_then(|c| NaiveDate::parse_from_str(&c[1], "%d/%m/%Y").ok())
        .or_else(|| LABELLED_LONG_DATE.find(text).and_then(long_date))
        .or_else(|| {
            text.lines().filter(|l| LONG_DATE.find(l.trim()).is_some_and(|m| m == l.trim())).find_map(long_date)
        })
}

fn long_date(s: &str) -> Option<NaiveDate> {
    let c = LONG_DATE.captures(s)?;
    let month = MONTH_NAMES.iter().position(|m| m.eq_ignore_ascii_case(&c[2]))? as u32 + 1;
    NaiveDate::from_ymd_opt(c[3].parse().ok()?, month, c[1].parse().ok()?)
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A piece of the letter's text and where it is.
pub(crate) struct Passage {
    pub source: SourceRef,
    pub text: String,
}

/// The sentence of `text` around byte `at`, whitespace collapsed and at most 400 characters.
fn sentence_at(text: &str, at: usize) -> String {
    let bytes = text.as_bytes();
    let is_end =
        |i: usize| matches!(bytes[i], b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
    let start = (0..at).rev().find(|&i| is_end(i) || bytes[i] == b'\n').map_or(0, |i| i + 1);
    let end = (at..bytes.len()).find(|&i| is_end(i) || bytes[i] == b'\n').map_or(bytes.len(), |i| {
        if bytes[i] == b'\n' {
            i
        } else {
            i + 1
        }
    });
    // A letterhead has no full stops: a long "sentence" is cut to the words around the match.
    let (start, end) = if end - start > 300 {
        let floor = |i: usize| (0..=i).rev().find(|&k| text.is_char_boundary(k)).unwrap_or(0);
        (floor(at.saturating_sub(60).max(start)), floor((at + 140).min(end)))
    } else {
        (start, end)
    };
    text.get(start..end).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first passage a pattern matches, as evidence of `fact`.
fn first(passages: &[Passage], fact: &str, re: &Pattern, keep: impl Fn(&str) -> bool) -> Option<Evidence> {
    passages.iter().find_map(|p| {
        let (start, _) = re.find_iter(&p.text).find(|(_, m)| keep(m))?;
        Some(Evidence { fact: fact.into(), quote: sentence_at(&p.text, start), source: p.source.clone() })
    })
}

/// The sentences that justify the response's status, year basis, reference and date, each with its page.
pub(super) fn evidence(passages: &[Passage], r: &Response, observations: &[Observation]) -> Vec<Evidence> {
    let mut out = Vec::new();
    let status = match r.status {
        ResponseStatus::Refused | ResponseStatus::Partial if r.exemption.is_some() => {
            let n = r.exemption.as_deref().unwrap_or("").trim_start_matches('s').to_string();
            first(passages, "status", &SECTION, |m| SECTION.captures(m).is_some_and(|c| c[1] == n))
        }
        ResponseStatus::NotHeld => first(passages, "status", &NOT_HELD, |_| true),
        ResponseStatus::Disclosed | ResponseStatus::Partial => first(passages, "status", &DISCLOSES, |_| true),
        _ => None,
    };
    out.extend(status);
    let basis = match r.period_basis {
        PeriodBasis::Calendar => first(passages, "period_basis", &CALENDAR, |_| true),
        PeriodBasis::FyApr1 => first(passages, "period_basis", &FY_APR1, |_| true),
        PeriodBasis::FyApr6 => first(passages, "period_basis", &FY_APR6, |_| true),
        PeriodBasis::Other => None,
    }
    .or_else(|| first(passages, "period_basis", &DATE_RANGE, |_| true))
    .or_else(|| {
        // No sentence states it: the years as the force labelled its figures are the evidence.
        let o = observations.iter().find(|o| !o.source.sheet.is_empty())?;
        let mut years: Vec<&str> =
            observations.iter().filter(|o| !o.period.contains(" to ")).map(|o| o.period.as_str()).collect();
        years.sort();
        years.dedup();
        Some(Evidence {
            fact: "period_basis".into(),
            quote: format!(
                "figures given for the years {} ({}); the letter states no dates",
                years.join(", "),
                r.period_basis.describe()
            ),
            source: SourceRef { cell: String::new(), ..o.source.clone() },
        })
    });
    out.extend(basis);
    if let Some(reference) = &r.reference {
        out.extend(passages.iter().find_map(|p| {
            let squeezed: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
            let at = p.text.find(reference.as_str()).or_else(|| squeezed.contains(reference.as_str()).then_some(0))?;
            Some(Evidence { fact: "reference".into(), quote: sentence_at(&p.text, at), source: p.source.clone() })
        }));
    }
    if let Some(d) = r.received {
        out.extend(passages.iter().find_map(|p| {
            let at = response_date(&p.text).filter(|x| *x == d).map(|_| 0)?;
            Some(Evidence { fact: "received".into(), quote: sentence_at(&p.text, at), source: p.source.clone() })
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exemptions_from_letter_text() {
        assert_eq!(
            exemption("Section 12(1) of the Freedom of Information Act 2000 applies: it would exceed the cost limit."),
            Some("s12".into())
        );
        assert_eq!(exemption("This letter is a refusal notice under Section 17."), None);
        assert_eq!(exemption("Thank you for your request."), None);
    }

    #[test]
    fn suppression_noted_as_the_one_pattern_said() {
        let one = Pattern::new(
            r"(?i)suppress|(less|fewer) than (5|five|3|three|10|ten)|small (numbers|figures|counts)|<\s*5|(redact|withheld)[^.]{0,80}\b(low|small) (numbers|figures|counts|values)|\b(low|small) (numbers|figures|counts|values)[^.]{0,80}(redact|withheld)",
        );
        let pieces = [
            "Redacted",
            "withheld",
            "WITHHELD",
            "low numbers",
            "Small values",
            "xlow counts",
            "small figures",
            ".",
            " ",
            "\n",
            "é",
            "ſmall counts",
            "a",
            "word ",
            "figures",
            "redactwithheld",
            "low values.",
        ];
        // A fixed sequence of pseudo-random texts: pieces and fillers of 0 to 90 characters.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut seen = [0usize; 2];
        for _ in 0..8_000 {
            let mut text = String::new();
            for _ in 0..next(6) + 1 {
                match next(4) {
                    0 => text.push_str(&"é x".repeat(next(31))),
                    // Two wordings with a gap of about 80 characters between them.
                    1 => {
                        text.push_str(pieces[next(pieces.len())]);
                        text.push_str(&["é", "x", " "][next(3)].repeat(75 + next(10)));
                        text.push_str(pieces[next(pieces.len())]);
                    }
                    _ => text.push_str(pieces[next(pieces.len())]),
                }
            }
            let expected = one.is_match(&text);
            assert_eq!(suppression_noted(&text), expected, "{text:?}");
            seen[usize::from(expected)] += 1;
        }
        assert!(seen[0] > 400 && seen[1] > 400, "both answers are tried: {seen:?}");
    }

    #[test]
    fn references_and_dates() {
        assert_eq!(
            foi_reference("Freedom of Information Request Reference No: 2549/24", std::iter::empty()),
            Some("2549/24".into())
        );
        assert_eq!(foi_reference("", ["x/FOI-0134-24.xlsx"].into_iter()), Some("0134/24".into()));
        assert_eq!(response_date("Date of response: 17/07/2024"), NaiveDate::from_ymd_opt(2024, 7, 17));
    }
}
