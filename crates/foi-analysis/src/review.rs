//! A force's review state: its open blocking problems (and the campaign's), the decisions made by hand about its
//! answer, and which of its figures an open problem touches.

use foi_model::{Problem, ProblemKind};

use crate::ctx::Ctx;
use crate::figures::*;

pub(crate) fn open_problem(p: &Problem) -> OpenProblem {
    OpenProblem {
        kind: p.kind.as_str().to_string(),
        message: p.message.clone(),
        source: p.source.clone(),
        cells: p.cells.clone(),
        count: p.count,
        measure: p.measure.clone(),
        label: p.label.clone(),
        hint: p.hint.clone(),
    }
}

/// The force's open blocking problems (and the campaign's), and every decision made by hand about its answer.
pub(crate) fn review(ctx: &Ctx, slug: &str) -> Review {
    let open: Vec<OpenProblem> = ctx
        .problems
        .iter()
        .filter(|p| p.is_open_blocking() && p.force == slug)
        .chain(ctx.problems.iter().filter(|p| p.is_open_blocking() && p.force.is_empty()))
        .map(open_problem)
        .collect();
    let decisions = ctx
        .problems
        .iter()
        .filter(|p| p.force == slug)
        .filter_map(|p| match (&p.settled, p.kind) {
            (Some(reason), _) => Some(Decision {
                what: format!("accepted: {}", p.message),
                reason: reason.clone(),
                source: p.source.clone(),
            }),
            (None, ProblemKind::Corrected) => {
                let text = p.message.trim_start_matches("corrected by hand: ");
                let (what, reason) = text.split_once(" — ").unwrap_or((text, ""));
                Some(Decision { what: what.to_string(), reason: reason.to_string(), source: p.source.clone() })
            }
            _ => None,
        })
        .collect();
    Review { state: if open.is_empty() { ReleaseState::Final } else { ReleaseState::Draft }, open, decisions }
}

/// The store measure a force figure is made from.
fn measure_of<'c>(ctx: &'c Ctx, kind: &FigureKind) -> Option<&'c str> {
    match kind {
        k if k.is_national() => None,
        FigureKind::Row { vocabulary, .. } | FigureKind::Highlight { vocabulary, .. } => {
            ctx.breakdowns.iter().find(|b| &b.vocabulary.name == vocabulary).map(|b| b.question.measure.as_str())
        }
        _ => Some(ctx.count.measure.as_str()),
    }
}

/// A figure is doubtful when an open blocking problem of the force touches its question (or the whole answer).
pub(crate) fn mark_doubtful(ctx: &Ctx, out: &mut ForceFigures) {
    let open: Vec<Option<String>> = out.review.open.iter().map(|p| p.measure.clone()).collect();
    if open.is_empty() {
        return;
    }
    let touched = |m: Option<&str>| m.is_some_and(|m| open.iter().any(|o| o.as_deref().is_none_or(|o| o == m)));
    let mark = |f: &mut Figure| f.doubtful = touched(measure_of(ctx, &f.kind));
    out.figures.iter_mut().for_each(mark);
    out.breakdowns.iter_mut().flat_map(|b| b.highlights.iter_mut()).for_each(mark);
    if let Some(f) = out.total.as_mut() {
        mark(f);
    }
    if let Some(f) = out.latest.as_mut() {
        mark(f);
    }
}
