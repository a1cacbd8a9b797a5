//! Answers the press-release questions with lazy polars queries over the store.
//!
//! Entry points: [`force_figures`] (one force's release, with the national figures and its ranks),
//! [`national_figures`], and [`all_force_figures`] (every force of the reference, national figures computed
//! once). Every sum counts its reported and suppressed parts beside it: polars sums an all-null group to 0,
//! and a withheld number must never become 0.

mod compute;
mod figures;
mod query;

pub use compute::{all_force_figures, force_figures, national_figures, POPULATION_NOT_COMPARABLE_BELOW};
pub use figures::*;

/// Why figures could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error(transparent)]
    Store(#[from] foi_store::StoreError),
    #[error("query over the store failed: {0}")]
    Polars(#[from] polars::prelude::PolarsError),
    #[error("unknown force {0:?}: not in the reference table")]
    UnknownForce(String),
    #[error("campaign {campaign} has no {what} question")]
    NoQuestion { campaign: String, what: &'static str },
    #[error("campaign {campaign}: period {label:?} is not a year of the campaign's basis")]
    BadPeriod { campaign: String, label: String },
}

#[cfg(test)]
mod tests;
