//! The normalised Parquet store. Only this crate knows the file layout and the column names.
//!
//! Layout (see docs/store.md): `<store>/current` points at `<store>/versions/<n>/`, which holds
//! - `observations/<campaign>.parquet`
//! - `responses/<campaign>.parquet`
//! - `problems/<campaign>.parquet`
//!
//! Every file of a table has the same canonical schema ([`observations_schema`], [`responses_schema`],
//! [`problems_schema`]): strings are plain `String` (never Categorical), dates are `Date`, counts `Int64`.
//! An ingest writes a whole new version and switches `current` to it in one rename, so no reader ever sees
//! tables of two runs; files are written deterministically (rows sorted, no timestamps), so the same input
//! gives byte-identical files.

pub mod columns;
mod read;
mod schema;
mod version;
mod write;

use std::path::PathBuf;

use foi_model::{Observation, Problem, Response};

pub use read::Store;
pub use schema::{observations_schema, problems_schema, responses_schema, CELLS_SEPARATOR, FILES_SEPARATOR, TABLES};
pub use version::{CURRENT, VERSIONS};
pub use write::write;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store at {0} (run `foi ingest` first)")]
    Missing(PathBuf),
    #[error("cannot write the store at {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the store at {path} is unreadable: {message}")]
    Polars { path: PathBuf, message: String },
    /// The data handed to [`write`] breaks an invariant of the store (nothing was written).
    #[error("refusing to write the store: {0}")]
    Invalid(String),
}

/// What one ingest run writes for one campaign.
#[derive(Debug, Clone, Default)]
pub struct CampaignData {
    pub campaign: String,
    pub observations: Vec<Observation>,
    pub responses: Vec<Response>,
    pub problems: Vec<Problem>,
    /// What the rows were made from, as the writer names it (ingest: a digest of every input). Kept beside the
    /// tables so a later run can tell the stored campaign is already what its inputs would make, and leave it.
    /// `None` when the writer cannot say.
    pub source_key: Option<String>,
}

#[cfg(test)]
mod tests;
