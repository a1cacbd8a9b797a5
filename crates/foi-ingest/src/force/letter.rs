//! What a force's letter says in words: that it suppresses small numbers, that the information is not held,
//! the section it cites to refuse, its FOI reference, the date of its answer, and how it defined a year.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::NaiveDate;
use foi_model::{Campaign, PeriodBasis, ProblemKind};
use regex::Regex;

use super::src;
use crate::interpret::RawObs;
use crate::issue::Issue;

/// The answer says it withholds small numbers, so a dash in its tables is a withheld number.
pub(super) fn suppression_noted(text: &str) -> bool {
    SUPPRESSION_NOTE.is_match(text)
}

/// The answer says the information is not held.
pub(super) fn not_held(text: &str) -> bool {
    NOT_HELD.is_match(text)
}

static SUPPRESSION_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)suppress|redact|withheld|(less|fewer) than (5|five|3|three|10|ten)|small numbers|<\s*5")
        .expect("static regex")
});
static NOT_HELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bnot held\b|\bdoes not hold\b|\bdo not hold\b|\bno (recorded )?information (is )?held\b")
        .expect("static regex")
});
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:section|s\.?)\s?(\d{1,2})(?:\s?\(\d\))?").expect("static regex"));
static REFUSAL_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)refus|exempt|cost limit|exceed|appropriate limit|neither confirm nor deny|applies")
        .expect("static regex")
});
static FOI_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:foi|reference|ref)[^0-9\n]{0,25}(\d{2,6})\s*[/-]\s*(\d{2,4})\b").expect("static regex")
});
static RESPONSE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)date[^0-9\n]{0,30}(\d{1,2}/\d{1,2}/\d{4})").expect("static regex"));
static FY_APR1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b1(st)?\s+april\b|\b31(st)?\s+march\b|\bapril\s+1(st)?\b").expect("static regex")
});
static FY_APR6: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b[56](th)?\s+april\b|\bapril\s+[56](th)?\b").expect("static regex"));
static CALENDAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bcalendar years?\b").expect("static regex"));

/// The FOI Act section a letter relies on to refuse (s12 cost limit, s14 vexatious, s40 personal data …).
pub(super) fn exemption(text: &str) -> Option<String> {
    for para in text.split('\n') {
        if !REFUSAL_WORDS.is_match(para) {
            continue;
        }
        // Section 17 is the refusal notice itself, not a reason.
        if let Some(n) = SECTION.captures_iter(para).map(|c| c[1].to_string()).find(|n| n != "17") {
            return Some(format!("s{n}"));
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

/// "Reference No: 2549/24", "FOI 1920/24", or a file named FOI-2549-24.
pub(super) fn foi_reference<'a>(text: &str, files: impl Iterator<Item = &'a str>) -> Option<String> {
    let from = |s: &str| FOI_REF.captures(s).map(|c| format!("{}/{}", &c[1], &c[2]));
    from(text).or_else(|| files.filter_map(|f| from(f.rsplit('/').next().unwrap_or(f))).next())
}

pub(super) fn response_date(text: &str) -> Option<NaiveDate> {
    RESPONSE_DATE.captures(text).and_then(|c| NaiveDate::parse_from_str(&c[1], "%d/%m/%Y").ok())
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
    fn references_and_dates() {
        assert_eq!(
            foi_reference("Freedom of Information Request Reference No: 2549/24", std::iter::empty()),
            Some("2549/24".into())
        );
        assert_eq!(foi_reference("", ["x/FOI-0134-24.xlsx"].into_iter()), Some("0134/24".into()));
        assert_eq!(response_date("Date of response: 17/07/2024"), NaiveDate::from_ymd_opt(2024, 7, 17));
    }
}
