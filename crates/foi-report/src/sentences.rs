//! The sentences of a release, from the campaign's question shapes and vocabularies: the lead count year by
//! year, what a partial answer left out, each breakdown's "most often" sentence, each highlight's own sentence,
//! and the national picture.

use foi_analysis::{Breakdown, Figure, ForceFigures, NationalFigures};
use foi_model::{Campaign, MostOften, Question, ResponseStatus, Vocabulary};

use crate::data::NationalSection;
use crate::format::{
    self, count_in, decapitalise, figure_in, join_and, join_or, noun, ordinal_in, plural_in, whole, Numerals,
};
use crate::methodology::league_flags;
use crate::story::{self, force_title, Story};

/// Numbers in running text: one to nine in words.
pub(crate) const WORDS: Numerals = Numerals::Words;

pub(crate) fn years_sentence(f: &ForceFigures) -> Option<String> {
    if f.years.is_empty() {
        return None;
    }
    let parts: Vec<String> = f
        .years
        .iter()
        .map(|y| match (y.value, y.suppressed) {
            (Some(v), suppressed) => format!("{} in {}", count_in(v, suppressed, WORDS), y.period),
            (None, true) => format!("a number it withheld in {}", y.period),
            (None, false) => format!("no figure for {}", y.period),
        })
        .collect();
    Some(format!("Year by year, the force gave {}.", join_and(&parts)))
}

/// "The offence types it recorded most often in 2023/24 were harassment (20), stalking (15) …".
fn most_often_categories(v: &Vocabulary, b: &Breakdown) -> Option<String> {
    let mut rows: Vec<_> = b.rows.iter().filter(|r| r.value.is_some_and(|v| v > 0)).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.value));
    let top: Vec<String> = rows
        .iter()
        .take(v.most_often_count)
        .map(|r| {
            // A count in brackets is a list's datum, not prose: digits, like the table below it.
            let n = count_in(r.value.unwrap_or_default(), r.suppressed, Numerals::Digits);
            format!("{} ({n})", decapitalise(&r.label))
        })
        .collect();
    match top.len() {
        0 => None,
        1 => Some(format!("The {} it recorded most often in {} was {}.", v.noun, b.period, top[0])),
        _ => Some(format!("The {} it recorded most often in {} were {}.", v.plural, b.period, join_and(&top))),
    }
}

/// "The outcome the force recorded most often in 2023/24 was “…”, as it was nationally."
fn most_often_group(v: &Vocabulary, b: &Breakdown, national: &NationalFigures) -> Option<String> {
    let g = b.most_common_group.as_ref()?;
    let same = national.most_common.iter().any(|m| m.vocabulary == v.name && &m.group == g);
    Some(format!(
        "The {} the force recorded most often in {} was “{}”{}.",
        v.noun,
        b.period,
        v.group_label(g),
        if same { ", as it was nationally" } else { "" }
    ))
}

/// A vocabulary's sentence template filled in: `{n}`, `{cases}`, `{period}`, `{subject}`, `{parts}`.
fn fill(template: &str, x: &Figure, period: &str, subject: &str, parts: &str) -> String {
    let n = figure_in(x, WORDS).unwrap_or_default();
    let cases = noun(format::figure_count(x).unwrap_or(0), "case", "cases");
    template
        .replace("{n}", &n)
        .replace("{cases}", cases)
        .replace("{period}", period)
        .replace("{subject}", subject)
        .replace("{parts}", parts)
}

/// The highlights' sentences, in two paragraphs: what happened, and what is still open.
fn highlight_sentences(v: &Vocabulary, b: &Breakdown, f: &ForceFigures, subject: &str) -> [Vec<String>; 2] {
    let mut paragraphs: [Vec<String>; 2] = Default::default();
    for h in v.highlights.iter().filter(|h| h.parent.is_none()) {
        let Some(x) = f.highlight(&v.name, &h.id) else { continue };
        let zero = !x.lower_bound && format::figure_count(x) == Some(0);
        let template = match (&h.zero, &h.sentence) {
            (Some(z), _) if zero => z,
            (_, Some(s)) if x.value.is_some() => s,
            _ => continue,
        };
        let parts: Vec<String> = v
            .highlights
            .iter()
            .filter(|p| p.parent.as_deref() == Some(h.id.as_str()))
            .filter_map(|p| {
                let px = f.highlight(&v.name, &p.id)?;
                px.value?;
                Some(fill(p.part.as_deref()?, px, &b.period, subject, ""))
            })
            .collect();
        let parts = if parts.is_empty() { String::new() } else { format!(", including {}", join_and(&parts)) };
        let i = if h.paragraph >= 2 { 1 } else { 0 };
        paragraphs[i].push(fill(template, x, &b.period, subject, &parts));
    }
    paragraphs
}

/// The paragraphs about the force's breakdowns, in the campaign's order.
pub(crate) fn breakdown_paragraphs(campaign: &Campaign, f: &ForceFigures) -> Vec<String> {
    let subject = campaign.release.subject.trim();
    let mut out = Vec::new();
    for b in &f.breakdowns {
        let Some(v) = campaign.vocabulary(&b.vocabulary) else { continue };
        let [mut first, mut rest] = if v.highlights.is_empty() {
            [most_often_categories(v, b).into_iter().collect(), Vec::new()]
        } else {
            highlight_sentences(v, b, f, subject)
        };
        if v.most_often == MostOften::Group {
            rest.extend(most_often_group(v, b, &f.national));
        } else if !v.highlights.is_empty() {
            first.extend(most_often_categories(v, b));
        }
        for p in [first, rest] {
            if !p.is_empty() {
                out.push(p.join(" "));
            }
        }
    }
    out
}

/// Whether the figures hold an answer to a question (a withheld year is an answer; an empty breakdown is not).
fn answers(f: &ForceFigures, q: &Question) -> bool {
    if q.is_count() {
        f.years.iter().any(|y| y.value.is_some() || y.suppressed)
    } else {
        f.breakdowns.iter().any(|b| b.question == q.id)
    }
}

/// For a force that answered in part: the campaign's questions its figures answer, and those they do not.
/// `None` for any other status, or when nothing is missing.
fn partial_answer<'a>(campaign: &'a Campaign, f: &ForceFigures) -> Option<(Vec<&'a Question>, Vec<&'a Question>)> {
    if f.status != ResponseStatus::Partial {
        return None;
    }
    let (answered, missing): (Vec<&Question>, Vec<&Question>) = campaign.questions.iter().partition(|q| answers(f, q));
    (!missing.is_empty()).then_some((answered, missing))
}

/// What a question asked for, and the phrases for a force that gave it or did not.
struct Asked {
    asked_for: String,
    gave: String,
    missing: String,
}

fn asked(campaign: &Campaign, q: &Question) -> Asked {
    let subject = campaign.release.subject.trim();
    match campaign.vocabulary_of(q) {
        Some(v) => Asked { asked_for: v.asked_for(), gave: v.gave(), missing: v.missing() },
        None => Asked {
            asked_for: "the yearly numbers".into(),
            gave: "gave yearly figures".into(),
            missing: format!("how many {subject} it recorded each year"),
        },
    }
}

/// Each phrase once, in the questions' order.
fn phrases(questions: &[&Question], phrase: impl Fn(&Question) -> String) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in questions {
        let p = phrase(q);
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// ", citing section 12 of the Freedom of Information Act (cost of compliance)", or nothing.
fn citing(f: &ForceFigures) -> String {
    f.exemption
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .map(|e| format!(", {}", story::exemption_phrase(e)))
        .unwrap_or_default()
}

/// The local section's sentence about a partial answer: "Gwent Police gave yearly figures but did not say what
/// the offences were or what action was taken, citing section 12 of the Freedom of Information Act (cost of
/// compliance)."
pub(crate) fn partial_sentence(campaign: &Campaign, f: &ForceFigures) -> Option<String> {
    let (answered, missing) = partial_answer(campaign, f)?;
    let gave = phrases(&answered, |q| asked(campaign, q).gave);
    let not_said = phrases(&missing, |q| asked(campaign, q).missing);
    let force = force_title(f);
    let did = if gave.is_empty() {
        format!("{force} answered only part of the request and")
    } else {
        format!("{force} {} but", join_and(&gave))
    };
    Some(format!("{did} did not say {}{}.", join_or(&not_said), citing(f)))
}

/// "question 1" / "questions 1a and 1b", each followed by what it asked for in brackets.
fn questions_list(campaign: &Campaign, questions: &[&Question], and_or: &str) -> String {
    let items: Vec<String> = questions.iter().map(|q| format!("{} ({})", q.id, asked(campaign, q).asked_for)).collect();
    let list = match items.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} {and_or} {last}", init.join(", ")),
        _ => items.join(""),
    };
    format!("{} {list}", if questions.len() == 1 { "question" } else { "questions" })
}

/// The methodology box's line about a partial answer: which of the campaign's questions it answered.
pub(crate) fn partial_caveat(campaign: &Campaign, f: &ForceFigures) -> Option<String> {
    let (answered, missing) = partial_answer(campaign, f)?;
    let force = force_title(f);
    let none_on = join_or(&phrases(&missing, |q| asked(campaign, q).asked_for));
    let what = if answered.is_empty() {
        format!("it gave no answer to {}", questions_list(campaign, &missing, "and"))
    } else {
        format!("{} but not {}", questions_list(campaign, &answered, "and"), questions_list(campaign, &missing, "or"))
    };
    Some(format!(
        "{force} answered only part of the request: {what}{}, so this release has no figures on {none_on}.",
        citing(f),
    ))
}

/// "Figures from Kent and Essex are under review and are left out of the national figures."
pub(crate) fn under_review_sentence(n: &NationalFigures) -> Option<String> {
    match n.under_review.as_slice() {
        [] => None,
        [one] => Some(format!(
            "Figures from {one} are under review and are left out of the national figures until they are checked."
        )),
        many => Some(format!(
            "Figures from {} forces ({}) are under review and are left out of the national figures until they are checked.",
            many.len(),
            join_and(many)
        )),
    }
}

pub(crate) fn national_section(f: &ForceFigures, campaign: &Campaign, story: Story) -> NationalSection {
    let n = &f.national;
    let subject = campaign.release.subject.trim();
    let mut paragraphs = Vec::new();
    let mut first = Vec::new();
    if !story.is_non_answer() {
        if let Some(s) = story::national_sentence(f, subject, false, WORDS) {
            first.push(s);
        }
    }
    if let Some(v) = figure_in(&n.latest_year_total, WORDS) {
        let (_, _, p) = story::national_periods(f);
        first.push(format!("In {p} alone, those forces recorded {v}."));
    }
    if let Some(c) = &n.change {
        let forces = plural_in(n.change_forces, "force", "forces", WORDS);
        let w = |v: i64| whole(v, WORDS);
        let how = match c.pct {
            Some(p) if p > 0 => format!("rose by {p}%, from {} to {}", w(c.from), w(c.to)),
            Some(p) if p < 0 => format!("fell by {}%, from {} to {}", p.abs(), w(c.from), w(c.to)),
            Some(_) => format!("was unchanged at {}", w(c.to)),
            None if c.to > c.from => format!("rose from {} to {}", w(c.from), w(c.to)),
            None if c.to < c.from => format!("fell from {} to {}", w(c.from), w(c.to)),
            None => format!("was unchanged at {}", w(c.to)),
        };
        first.push(format!(
            "Comparing like with like, among the {forces} that gave figures for both {} and {} the number {how}.",
            c.from_period, c.to_period
        ));
    }
    if !first.is_empty() {
        paragraphs.push(first.join(" "));
    }

    let force = force_title(f);
    if let Some(rank) = f.rank_by_count {
        let ranked = n.league.len();
        let row = n.league.iter().find(|r| r.force == f.force);
        // Equal totals share a rank: say so.
        let joint = row.is_some_and(|r| n.league.iter().filter(|o| o.rank == r.rank).count() > 1);
        let mut s = format!(
            "{force} ranked {}{} of the {} in the table by the number of {subject} recorded",
            if joint { "joint " } else { "" },
            ordinal_in(rank, WORDS),
            plural_in(ranked, "force", "forces", WORDS)
        );
        match (f.rank_by_rate, row.and_then(|r| r.rate_per_100k)) {
            (Some(rr), Some(rate)) => {
                let rated = n.league.iter().filter(|r| r.rate_rank.is_some()).count();
                s.push_str(&format!(
                    ", and {} of {} by the rate per 100,000 residents ({}).",
                    ordinal_in(rr, WORDS),
                    whole(rated as i64, WORDS),
                    format::one_decimal(rate),
                ));
            }
            _ => s.push('.'),
        }
        if let Some(flag) = row.and_then(|r| league_flags(&r.flags)) {
            s.push_str(&format!(" Note: {flag}."));
        }
        paragraphs.push(s);
    }

    let lists = [
        (n.refused.len(), "refused the request"),
        (n.not_held.len(), "said the information was not held"),
        (n.no_response.len(), "did not respond"),
        (n.partial.len(), "answered only in part"),
    ];
    let parts: Vec<String> = lists
        .iter()
        .filter(|(k, _)| *k > 0)
        .map(|(k, what)| format!("{} {what}", plural_in(*k, "force", "forces", WORDS)))
        .collect();
    if !parts.is_empty() {
        paragraphs.push(format!("Of all the forces asked, {}.", join_and(&parts)));
    }
    for m in &n.most_common {
        let Some(v) = campaign.vocabulary(&m.vocabulary) else { continue };
        let (_, _, latest) = story::national_periods(f);
        paragraphs.push(format!(
            "Nationally, the {} recorded most often in {latest} was “{}”.",
            v.noun,
            v.group_label(&m.group)
        ));
    }
    paragraphs.extend(under_review_sentence(n));
    NationalSection { heading: "The national picture".into(), paragraphs }
}
