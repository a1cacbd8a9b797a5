//! Which story a force's figures tell, and the headline and standfirst that tell it.
//!
//! Pure functions of [`ForceFigures`] and the campaign's release text: every number comes from the figures,
//! every period is a complete year named by its label ("in 2023/24"), and the force is the one in the figures.

use foi_analysis::rules::direction_of;
use foi_analysis::{Change, Direction, ForceFigures};
use foi_model::{Campaign, ResponseStatus};
use serde::Serialize;

use crate::format::{capitalise, counted, counted_figure, figure_count, plural_in, thousands, Numerals};

/// The kind of release a force gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Story {
    /// Up by `CHANGE_THRESHOLD_PCT` % or more on a base of at least `SMALL_BASE` (see `foi_analysis::rules`).
    Rise,
    /// Down by `CHANGE_THRESHOLD_PCT` % or more on a base of at least `SMALL_BASE`.
    Fall,
    /// Within ±`CHANGE_THRESHOLD_PCT` % (exclusive).
    Flat,
    /// First-year base under `SMALL_BASE`: counts only, no percentage.
    SmallNumbers,
    /// A total but no first-to-last change (a year missing or withheld).
    TotalOnly,
    /// Answered in part, with no yearly figures to report.
    Partial,
    Refused,
    NotHeld,
    NoResponse,
}

impl Story {
    /// True for the short releases about a force that gave no figures.
    pub fn is_non_answer(self) -> bool {
        matches!(self, Story::Refused | Story::NotHeld | Story::NoResponse | Story::Partial)
    }
}

/// The headline decision and its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Headline {
    pub story: Story,
    /// The headline ends on a zero the force reported ("with no charges in 2023/24"), not a withheld number.
    pub headline_zero: bool,
    pub headline: String,
    pub standfirst: String,
}

/// The change to report, if the figures support one: both end years reported and not withheld.
fn usable_change(f: &ForceFigures) -> Option<&Change> {
    let c = f.change.as_ref()?;
    let withheld = |period: &str| f.years.iter().any(|y| y.period == period && (y.suppressed || y.value.is_none()));
    (!withheld(&c.from_period) && !withheld(&c.to_period)).then_some(c)
}

/// The story for these figures (the rules, in order):
/// 1. refused / not held / no response → a short release saying so;
/// 2. a usable first-to-last change with a base under `SMALL_BASE` (or no percentage) → counts only;
/// 3. otherwise the percentage decides: ≥ 5 rise, ≤ −5 fall, else flat;
/// 4. no change but a total → total only; nothing at all → partial.
pub fn classify(f: &ForceFigures) -> Story {
    match f.status {
        ResponseStatus::Refused => return Story::Refused,
        ResponseStatus::NotHeld => return Story::NotHeld,
        ResponseStatus::NoResponse => return Story::NoResponse,
        ResponseStatus::Disclosed | ResponseStatus::Partial => {}
    }
    if let Some(c) = usable_change(f) {
        return match direction_of(c) {
            Some(Direction::Rise) => Story::Rise,
            Some(Direction::Fall) => Story::Fall,
            Some(Direction::Flat) => Story::Flat,
            None => Story::SmallNumbers,
        };
    }
    if f.total.as_ref().is_some_and(|t| t.value.is_some()) {
        Story::TotalOnly
    } else {
        Story::Partial
    }
}

/// The headline's ending for a highlight the force reported as exactly zero ("with no charges in 2023/24"),
/// from the vocabulary's `headline_zero`; a withheld or "at least" figure is never a zero.
pub fn zero_ending(f: &ForceFigures, campaign: &Campaign) -> Option<String> {
    for b in &f.breakdowns {
        let Some(v) = campaign.vocabulary(&b.vocabulary) else { continue };
        for h in v.highlights.iter().filter(|h| h.headline_zero.is_some()) {
            let Some(x) = f.highlight(&v.name, &h.id) else { continue };
            if !x.lower_bound && figure_count(x) == Some(0) {
                let period = x.periods.first().cloned().unwrap_or_else(|| b.period.clone());
                return h.headline_zero.as_ref().map(|t| t.replace("{period}", &period));
            }
        }
    }
    None
}

/// How the release names the force: its official name from the figures (falling back to its short name).
pub fn force_title(f: &ForceFigures) -> &str {
    if f.official_name.trim().is_empty() {
        &f.force_name
    } else {
        &f.official_name
    }
}

/// "citing section 12 of the Freedom of Information Act (cost of compliance)".
pub fn exemption_phrase(exemption: &str) -> String {
    match exemption_parts(exemption) {
        Some((digits, Some(what))) => format!("citing section {digits} of the Freedom of Information Act ({what})"),
        Some((digits, None)) => format!("citing section {digits} of the Freedom of Information Act"),
        None => format!("citing the exemption “{}”", exemption.trim()),
    }
}

/// "section 12 (cost of compliance)": the section cited, as a table cell says it.
pub fn section_cited(exemption: &str) -> String {
    match exemption_parts(exemption) {
        Some((digits, Some(what))) => format!("section {digits} ({what})"),
        Some((digits, None)) => format!("section {digits}"),
        None => format!("“{}”", exemption.trim()),
    }
}

/// The section number an exemption names ("s12", "Section 12(1)") and what that section is about.
fn exemption_parts(exemption: &str) -> Option<(String, Option<&'static str>)> {
    let e = exemption.trim();
    let digits: String = e.chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).collect();
    let what = match digits.as_str() {
        "12" => Some("cost of compliance"),
        "14" => Some("vexatious or repeated requests"),
        "21" => Some("information reasonably accessible by other means"),
        "22" => Some("information intended for future publication"),
        "30" => Some("investigations"),
        "31" => Some("law enforcement"),
        "40" => Some("personal information"),
        _ => None,
    };
    (!digits.is_empty()).then_some((digits, what))
}

fn period_range(f: &ForceFigures) -> String {
    if f.first_period == f.latest_period || f.first_period.is_empty() {
        format!("in {}", f.latest_period)
    } else {
        format!("from {} to {}", f.first_period, f.latest_period)
    }
}

/// The national figures' own periods — first and last year of the national total, and the national latest
/// year — which need not be this force's (a force on calendar years still sits in a national total of the
/// request's years). Falls back to the force's periods only when the national figures name none.
pub fn national_periods(f: &ForceFigures) -> (String, String, String) {
    let n = &f.national;
    let labels: Vec<&str> = n.total.periods.iter().map(String::as_str).filter(|p| !p.is_empty()).collect();
    let first = labels.first().map_or(f.first_period.clone(), |s| s.to_string());
    let last = labels.last().map_or(f.latest_period.clone(), |s| s.to_string());
    let latest = n.latest_year_total.periods.last().cloned().unwrap_or_else(|| last.clone());
    (first, last, latest)
}

fn national_range(f: &ForceFigures) -> String {
    let (first, last, _) = national_periods(f);
    if first == last {
        format!("in {last}")
    } else {
        format!("from {first} to {last}")
    }
}

/// National context: "Across the 40 forces that did provide figures, at least 140,123 crimes linked to TikTok
/// were recorded from 2021/22 to 2023/24." (`did` for the short releases; `style` for the numbers of forces and
/// crimes).
pub fn national_sentence(f: &ForceFigures, subject: &str, did: bool, style: Numerals) -> Option<String> {
    let n = &f.national;
    let total = counted_figure(&n.total, subject, style)?;
    let were = if figure_count(&n.total) == Some(1) { "was" } else { "were" };
    let forces = n.forces_counted.len();
    let did = if did { "did provide" } else { "provided" };
    Some(format!(
        "Across the {} that {did} figures, {total} {were} recorded {}.",
        plural_in(forces, "force", "forces", style),
        national_range(f)
    ))
}

/// The headline and standfirst for a force.
pub fn headline(f: &ForceFigures, campaign: &Campaign) -> Headline {
    let release = &campaign.release;
    let story = classify(f);
    let force = force_title(f);
    let subject = release.subject.trim();
    let org = release.organisation.trim();
    let zero = if story.is_non_answer() { None } else { zero_ending(f, campaign) };
    let obtained = format!("according to figures obtained by {org} under the Freedom of Information Act");
    let total_sentence = || {
        f.total
            .as_ref()
            .and_then(crate::format::figure)
            .map(|t| format!(" It recorded {t} in total {}.", period_range(f)))
    };

    let (mut headline, standfirst) = match story {
        Story::Rise | Story::Fall | Story::Flat => {
            let c = usable_change(f).expect("classified on a usable change");
            let pct = c.pct.expect("classified on a percentage");
            let head = match story {
                Story::Rise => format!("up {pct}%"),
                Story::Fall => format!("down {}%", pct.abs()),
                _ => "little changed".to_string(),
            };
            let compared = match story {
                Story::Rise => format!("up {pct}% on the {} recorded in {}", thousands(c.from), c.from_period),
                Story::Fall => format!("down {}% on the {} recorded in {}", pct.abs(), thousands(c.from), c.from_period),
                _ if pct == 0 => format!("the same as the {} recorded in {}", thousands(c.from), c.from_period),
                _ => format!(
                    "compared with {} in {} ({} {}%)",
                    thousands(c.from),
                    c.from_period,
                    if pct > 0 { "up" } else { "down" },
                    pct.abs()
                ),
            };
            (
                format!("{} recorded by {force} {head} from {} to {}", capitalise(subject), c.from_period, c.to_period),
                format!(
                    "{force} recorded {} in {}, {compared}, {obtained}.{}",
                    counted(c.to, false, subject, Numerals::Digits),
                    c.to_period,
                    total_sentence().unwrap_or_default()
                ),
            )
        }
        Story::SmallNumbers => {
            let c = usable_change(f).expect("classified on a usable change");
            let head = if c.to > c.from {
                format!("rose from {} in {} to {} in {}", thousands(c.from), c.from_period, thousands(c.to), c.to_period)
            } else if c.to < c.from {
                format!("fell from {} in {} to {} in {}", thousands(c.from), c.from_period, thousands(c.to), c.to_period)
            } else {
                format!("unchanged at {} in {} and {}", thousands(c.to), c.from_period, c.to_period)
            };
            (
                format!("{} recorded by {force} {head}", capitalise(subject)),
                format!(
                    "{force} recorded {} in {}, compared with {} in {}, {obtained}. The numbers are too small for a meaningful percentage change.{}",
                    counted(c.to, false, subject, Numerals::Digits),
                    c.to_period,
                    thousands(c.from),
                    c.from_period,
                    total_sentence().unwrap_or_default()
                ),
            )
        }
        Story::TotalOnly => {
            let t = f
                .total
                .as_ref()
                .and_then(|t| counted_figure(t, subject, Numerals::Digits))
                .expect("classified on a total");
            (
                format!("{force} recorded {t} {}", period_range(f)),
                format!(
                    "{force} recorded {t} {}, {obtained}. The force did not give a figure for every year, so no change over the period is reported.",
                    period_range(f)
                ),
            )
        }
        Story::Partial => (
            format!("{force} answered only part of a request about {subject}"),
            format!(
                "{force} answered only part of a Freedom of Information request from {org} about {subject} {} and gave no yearly figures.{}",
                period_range(f),
                national_sentence(f, subject, true, Numerals::Digits).map(|s| format!(" {s}")).unwrap_or_default()
            ),
        ),
        Story::Refused => {
            let citing = f.exemption.as_deref().filter(|e| !e.trim().is_empty()).map(|e| format!(", {}", exemption_phrase(e)));
            (
                format!("{force} refused to say how many {subject} it recorded"),
                format!(
                    "{force} refused a Freedom of Information request from {org} for the number of {subject} it recorded {}{}.{}",
                    period_range(f),
                    citing.unwrap_or_default(),
                    national_sentence(f, subject, true, Numerals::Digits).map(|s| format!(" {s}")).unwrap_or_default()
                ),
            )
        }
        Story::NotHeld => (
            format!("{force} says it holds no figures on {subject}"),
            format!(
                "{force} told {org} that it does not hold the information requested under the Freedom of Information Act about {subject} {}.{}",
                period_range(f),
                national_sentence(f, subject, true, Numerals::Digits).map(|s| format!(" {s}")).unwrap_or_default()
            ),
        ),
        Story::NoResponse => (
            format!("{force} did not answer a request for figures on {subject}"),
            format!(
                "{force} did not respond to a Freedom of Information request from {org} about {subject} {}.{}",
                period_range(f),
                national_sentence(f, subject, true, Numerals::Digits).map(|s| format!(" {s}")).unwrap_or_default()
            ),
        ),
    };

    if let Some(ending) = &zero {
        // The body says it with its context (outcomes as recorded when the force answered).
        headline.push_str(&format!(", {ending}"));
    }
    Headline { story, headline_zero: zero.is_some(), headline, standfirst }
}
