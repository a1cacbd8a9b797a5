//! How a force answered: from the questions its figures answer, what its letter says, or a correction.

use foi_model::{Campaign, Observation, PeriodBasis, ProblemKind, ResponseStatus, Severity};

use super::{letter, src};
use crate::issue::Issue;

/// What corrections.toml decided about the answer.
#[derive(Default)]
pub(super) struct Decided {
    pub status: Option<ResponseStatus>,
    pub exemption: Option<String>,
}

/// The force's status and the exemption it cites, with an issue for every question left unanswered (blocking
/// when the letter gives no reason) and for years on another basis than the request's.
#[allow(clippy::too_many_arguments)]
pub(super) fn settle(
    campaign: &Campaign,
    observations: &[Observation],
    text: &str,
    decided: Decided,
    has_files: bool,
    basis: PeriodBasis,
    folder: &str,
    issues: &mut Vec<Issue>,
) -> (ResponseStatus, Option<String>) {
    let answered: Vec<bool> =
        campaign.questions.iter().map(|q| observations.iter().any(|o| o.measure == q.measure)).collect();
    let n_answered = answered.iter().filter(|a| **a).count();
    let exemption = decided.exemption.or_else(|| letter::exemption(text));
    let status = decided.status.unwrap_or(if n_answered == campaign.questions.len() {
        ResponseStatus::Disclosed
    } else if n_answered > 0 {
        ResponseStatus::Partial
    } else if exemption.is_some() {
        ResponseStatus::Refused
    } else if letter::not_held(text) {
        ResponseStatus::NotHeld
    } else if !has_files {
        ResponseStatus::NoResponse
    } else {
        ResponseStatus::Partial
    });
    // The paragraph citing the exemption may say what it withholds ("the names of the hospitals"): then it
    // covers only the questions whose vocabulary it names; otherwise every question left unanswered.
    let cited = letter::exemption_cited(text).map(|(_, para)| para);
    let named: Vec<bool> = campaign
        .questions
        .iter()
        .map(|q| campaign.vocabulary_of(q).is_some_and(|v| cited.is_some_and(|p| v.named_in(p))))
        .collect();
    let names_any = named.iter().any(|n| *n);
    if matches!(status, ResponseStatus::Partial | ResponseStatus::Disclosed) {
        for (qi, q) in campaign.questions.iter().enumerate().filter(|(i, _)| !answered[*i]) {
            let covers = !names_any || named[qi];
            let (why, severity) = match &exemption {
                Some(e) if covers => (format!("question {} not answered (the force cites {e})", q.id), Severity::Note),
                Some(e) => (
                    format!("question {} not answered; the letter cites {e} only for other questions", q.id),
                    Severity::Blocking,
                ),
                None if n_answered == 0 => (
                    format!("question {}: no figures could be read from the force's files; check them by hand", q.id),
                    Severity::Blocking,
                ),
                None => {
                    (format!("question {} not answered and no reason found in the letter", q.id), Severity::Blocking)
                }
            };
            let mut i = Issue::new(ProblemKind::MissingAnswer, src(""), why).about(qi);
            i.severity = severity;
            issues.push(i);
        }
    }
    if status == ResponseStatus::NoResponse {
        issues.push(Issue::new(ProblemKind::MissingAnswer, src(folder), "folder holds no files").note());
    }
    if !observations.is_empty() && basis != campaign.basis() {
        issues.push(
            Issue::new(
                ProblemKind::PeriodBasisDiffers,
                src(""),
                format!(
                    "the force answered for {}, not the request's {}",
                    basis.describe(),
                    campaign.basis().describe()
                ),
            )
            .note(),
        );
    }
    (status, exemption)
}
