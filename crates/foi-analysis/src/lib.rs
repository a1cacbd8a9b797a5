//! Answers the press-release questions with lazy polars queries over the store.
//!
//! Entry points: [`force_figures`] (one force's release, with the national figures and its ranks),
//! [`national_figures`], and [`all_force_figures`] (every force of the reference, national figures computed
//! once). Every sum counts its reported and suppressed parts beside it: polars sums an all-null group to 0,
//! and a withheld number must never become 0. What is computed follows the campaign's questions: the count the
//! release leads with, and a breakdown for each breakdown question, by its vocabulary.

mod breakdown;
mod ctx;
mod figures;
mod force;
mod national;
mod query;
mod review;
pub mod rules;
mod words;

use foi_model::{Campaign, Reference};
use foi_store::Store;

pub use figures::*;
pub use rules::POPULATION_NOT_COMPARABLE_BELOW;

/// Why figures could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error(transparent)]
    Store(#[from] foi_store::StoreError),
    #[error("query over the store failed: {0}")]
    Polars(#[from] polars::prelude::PolarsError),
    #[error("unknown force {0:?}: not in the reference table")]
    UnknownForce(String),
    #[error("campaign {campaign}: question {question} counts by a vocabulary the campaign does not load")]
    NoVocabulary { campaign: String, question: String },
    #[error("campaign {campaign}: period {label:?} is not a year of the campaign's basis")]
    BadPeriod { campaign: String, label: String },
}

/// The country's figures for a campaign: totals over the forces that answered with counts, the like-for-like
/// change, who did not answer, and the league table.
pub fn national_figures(
    store: &Store,
    campaign: &Campaign,
    reference: &Reference,
) -> Result<NationalFigures, AnalysisError> {
    let ctx = ctx::Ctx::new(store, campaign, reference)?;
    Ok(national::national(&ctx)?.figures)
}

/// Figures for every force in the reference (national figures computed once), in reference order.
pub fn all_force_figures(
    store: &Store,
    campaign: &Campaign,
    reference: &Reference,
) -> Result<Vec<ForceFigures>, AnalysisError> {
    let batch = Batch::new(store, campaign, reference)?;
    batch.forces().iter().map(|f| batch.force(f)).collect()
}

/// A campaign's figures as one batch: the store is read and the national figures computed once, and each
/// force's figures are computed on demand from any thread, so a caller can compile one release while the next
/// one's figures are computed.
pub struct Batch<'a> {
    ctx: ctx::Ctx<'a>,
    national: national::National,
    forces: Vec<String>,
}

impl<'a> Batch<'a> {
    pub fn new(store: &'a Store, campaign: &'a Campaign, reference: &'a Reference) -> Result<Batch<'a>, AnalysisError> {
        let ctx = ctx::Ctx::new(store, campaign, reference)?;
        let national = national::national(&ctx)?;
        // Every force the campaign covers: all of them, or for a campaign of the answers held, those it holds.
        let covered =
            |slug: &str| campaign.asked == foi_model::Asked::All || ctx.responses.iter().any(|r| r.force == slug);
        let forces = reference.forces.iter().filter(|f| covered(&f.slug)).map(|f| f.slug.clone()).collect();
        Ok(Batch { ctx, national, forces })
    }

    /// The forces the campaign covers, in reference order.
    pub fn forces(&self) -> &[String] {
        &self.forces
    }

    /// One force's figures, with the national figures and its ranks.
    pub fn force(&self, slug: &str) -> Result<ForceFigures, AnalysisError> {
        force::force(&self.ctx, &self.national, slug)
    }

    pub fn national(&self) -> &NationalFigures {
        &self.national.figures
    }
}

/// One force's figures, with the national figures and the force's ranks.
pub fn force_figures(
    store: &Store,
    campaign: &Campaign,
    reference: &Reference,
    force_slug: &str,
) -> Result<ForceFigures, AnalysisError> {
    if reference.force_by_slug(force_slug).is_none() {
        return Err(AnalysisError::UnknownForce(force_slug.to_string()));
    }
    let ctx = ctx::Ctx::new(store, campaign, reference)?;
    let n = national::national(&ctx)?;
    force::force(&ctx, &n, force_slug)
}
