//! A force's raw figures pinned to periods, and the figures typed in by hand (`[[figure]]`).

use std::collections::{BTreeSet, HashMap};

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
    for o in raw_obs {
        let obs_basis = if o.counted_from_rows {
            campaign.basis()
        } else if o.period.calendar {
            PeriodBasis::Calendar
        } else {
            o.period.basis.unwrap_or(basis)
        };
        let period = Period::year(obs_basis, o.period.start_year);
        if !asked.contains(&o.period.start_year) {
            unasked.insert(format!("{} ({})", period.label, o.source));
            continue;
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
