//! A force's raw figures pinned to periods, and the figures typed in by hand (`[[figure]]`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use foi_model::{Campaign, Observation, Period, PeriodBasis, ProblemKind, SourceRef, ValueStatus};

use super::{corrected, src};
use crate::checks::Checked;
use crate::corrections::{resolve_target, ForceCorrections, Section};
use crate::interpret::RawObs;
use crate::issue::Issue;
use crate::values::parse_period;

/// `[[figure]]` entries: counts typed in from a letter or PDF, sourced to its file and page.
pub(super) fn entered(campaign: &Campaign, fc: &ForceCorrections<'_>, issues: &mut Vec<Issue>) -> Vec<RawObs> {
    let mut out = Vec::new();
    for (i, f) in &fc.figures {
        let Some(qi) = campaign.questions.iter().position(|q| q.id == f.question) else { continue };
        let Some(period) = parse_period(&f.period) else { continue };
        let q = &campaign.questions[qi];
        // The category: named in the entry, or the entry's label read like any label of the force's.
        let category = match (resolve_target(&f.target, campaign), campaign.vocabulary_of(q), f.label.as_deref()) {
            (Ok(m), _, _) => Some(m.category),
            (Err(_), Some(v), Some(l)) => match fc.labels.get(l) {
                Some(m) if m.vocabulary == v.name => Some(m.category),
                _ => v.match_label(l),
            },
            _ => None,
        };
        fc.mark(Section::Figure, *i);
        let source = SourceRef {
            file: format!("{}/{}", fc.dir, f.file.trim_start_matches("./")),
            sheet: f.page.map(|p| format!("page {p}")).unwrap_or_default(),
            cell: String::new(),
        };
        let mut note = corrected(
            format!(
                "question {} {} entered as {} from {}",
                f.question,
                f.period,
                f.value.count().map(|v| v.to_string()).unwrap_or_else(|| "withheld".into()),
                source
            ),
            &f.reason,
        );
        note.source = source.clone();
        note.question = Some(qi);
        issues.push(note);
        out.push(RawObs {
            question: qi,
            period,
            category,
            label: f.label.clone().unwrap_or_else(|| format!("entered by hand: {}", f.period)),
            value: f.value.count(),
            source,
            counted_from_rows: false,
            from_total: false,
        });
    }
    out
}

/// Raw observations pinned to the force's periods (`basis` where a label does not say its own); figures for
/// periods the request did not ask about are left out, with a note.
pub(super) fn pin_periods(
    campaign: &Campaign,
    slug: &str,
    basis: PeriodBasis,
    raw_obs: Vec<RawObs>,
    issues: &mut Vec<Issue>,
) -> Vec<Checked> {
    let asked: Vec<i32> = campaign.periods.labels.iter().filter_map(|l| Period::start_year_of_label(l)).collect();
    let mut out = Vec::new();
    let mut unasked: BTreeSet<String> = BTreeSet::new();
    let mut questions_unasked: HashMap<usize, SourceRef> = HashMap::new();
    let basis_asked = campaign.basis();
    // The dates the request covers: the first year's start to the last year's end.
    let window = match (asked.first(), asked.last()) {
        (Some(&a), Some(&b)) => Some((Period::year(basis_asked, a).start, Period::year(basis_asked, b).end)),
        _ => None,
    };
    // Calendar years running outside the window: label → (a source, question → sum of its figures).
    let mut outside: BTreeMap<String, (SourceRef, BTreeMap<usize, i64>)> = BTreeMap::new();
    // Every calendar year's figures: question → label → sum, to set a part-year beside its neighbours.
    let mut calendar_sums: BTreeMap<usize, BTreeMap<String, i64>> = BTreeMap::new();
    for o in raw_obs {
        let obs_basis = if o.counted_from_rows {
            campaign.basis()
        } else if o.period.calendar {
            PeriodBasis::Calendar
        } else {
            o.period.basis.unwrap_or(basis)
        };
        let period = if o.period.whole_request {
            // A table that names no period: the whole of the request's, to be confirmed by the force's count.
            let (Some(&first), Some(&last)) = (asked.first(), asked.last()) else { continue };
            let (a, b) = (Period::year(basis, first), Period::year(basis, last));
            Period { label: format!("{} to {}", a.label, b.label), basis, start: a.start, end: b.end }
        } else {
            Period::year(obs_basis, o.period.start_year)
        };
        // A calendar year that overlaps the request's window is kept even where it starts or ends outside it
        // (2024 in an answer by calendar years to a request ending 31 March 2024); that it runs past the window
        // is flagged below.
        let overlaps = window.as_ref().is_some_and(|(a, b)| period.start <= *b && period.end >= *a);
        let calendar_in = o.period.calendar && basis_asked != PeriodBasis::Calendar && overlaps;
        if !o.period.whole_request && !asked.contains(&o.period.start_year) && !calendar_in {
            unasked.insert(format!("{} ({})", period.label, o.source));
            continue;
        }
        if calendar_in && window.as_ref().is_some_and(|(a, b)| period.start < *a || period.end > *b) {
            let e = outside.entry(period.label.clone()).or_insert((o.source.clone(), BTreeMap::new()));
            *e.1.entry(o.question).or_insert(0) += o.value.unwrap_or(0);
        }
        if o.period.calendar {
            let e = calendar_sums.entry(o.question).or_default();
            *e.entry(period.label.clone()).or_insert(0) += o.value.unwrap_or(0);
        }
        let Some(question) = campaign.questions.get(o.question) else {
            questions_unasked.entry(o.question).or_insert(o.source);
            continue;
        };
        let mut obs = Observation {
            campaign: campaign.slug.clone(),
            force: slug.to_string(),
            measure: question.measure.clone(),
            period: period.label.clone(),
            period_start: period.start,
            period_end: period.end,
            breakdown: None,
            category_group: None,
            category_subgroup: None,
            category_code: None,
            label: o.label.clone(),
            value: o.value,
            value_status: if o.value.is_some() { ValueStatus::Reported } else { ValueStatus::Suppressed },
            source: o.source.clone(),
        };
        obs.set_category(question.vocabulary.as_deref(), o.category.as_ref());
        out.push(Checked { obs, question: o.question, count: question.is_count() });
    }
    // Calendar years in place of the request's (as many of them) are a basis that differs, noted elsewhere; more
    // calendar years than were asked means the answer's edge years are cut by the request's dates, or not.
    let calendar_years = calendar_sums.values().map(BTreeMap::len).max().unwrap_or(0);
    if let (false, Some((a, b)), true) = (outside.is_empty(), window, calendar_years > asked.len()) {
        let years: Vec<String> = outside.keys().cloned().collect();
        let (source, _) = outside.values().next().expect("not empty").clone();
        // The question with most calendar years shows the part-years beside the full ones.
        let sums = calendar_sums.values().max_by_key(|m| m.len()).cloned().unwrap_or_default();
        let all: Vec<String> = sums.iter().map(|(l, n)| format!("{l}: {n}")).collect();
        issues.push(
            Issue::new(
                ProblemKind::BasisUnclear,
                source,
                format!(
                    "the force answered in calendar years, but the request covers {} to {}: {} run outside it, so each holds either part of a year (if the force kept to the request's dates) or months the request did not ask about, and the letter gives no date range; its figures by year are {}",
                    a.format("%-d %B %Y"),
                    b.format("%-d %B %Y"),
                    years.join(" and "),
                    all.join(", ")
                ),
            )
            .hint("ask the force which dates its figures cover; then set its basis with a [[force]] entry, or [[accept]] the issue with the dates it gave"),
        );
    }
    for (_, source) in questions_unasked {
        issues.push(
            Issue::new(
                ProblemKind::UnrecognisedTable,
                source,
                "figures of a kind the campaign did not ask for; not stored",
            )
            .note(),
        );
    }
    for p in unasked {
        issues.push(
            Issue::new(
                ProblemKind::UnknownPeriod,
                src(""),
                format!("figures for {p}, a period the request did not ask about, not stored"),
            )
            .note(),
        );
    }
    out
}
