//! The normalised Parquet store. Only this crate knows the file layout and the column names.
//!
//! Layout (see docs/store.md):
//! - `<store>/observations/<campaign>.parquet`
//! - `<store>/responses/<campaign>.parquet`
//! - `<store>/problems/<campaign>.parquet`

use std::path::{Path, PathBuf};

use foi_model::{Observation, Problem, Response};
use polars::prelude::LazyFrame;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store at {0} (run `foi ingest` first)")]
    Missing(PathBuf),
    #[error("cannot write the store at {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the store at {path} is unreadable: {message}")]
    Polars { path: PathBuf, message: String },
}

/// What one ingest run writes for one campaign.
#[derive(Debug, Clone, Default)]
pub struct CampaignData {
    pub campaign: String,
    pub observations: Vec<Observation>,
    pub responses: Vec<Response>,
    pub problems: Vec<Problem>,
}

/// Write (replace) the given campaigns in the store. TODO(store): implement atomically.
pub fn write(_dir: &Path, _campaigns: &[CampaignData]) -> Result<(), StoreError> {
    unimplemented!("foi-store is being written")
}

pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        if !dir.join("observations").is_dir() {
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        Ok(Store { dir: dir.to_path_buf() })
    }
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    /// All observations, as a lazy scan with the canonical schema.
    pub fn observations(&self) -> Result<LazyFrame, StoreError> {
        unimplemented!()
    }
    pub fn responses(&self) -> Result<LazyFrame, StoreError> {
        unimplemented!()
    }
    pub fn problems(&self) -> Result<LazyFrame, StoreError> {
        unimplemented!()
    }
    /// Typed reads for callers that need rows rather than frames (the CLI's `review`, the report's sources).
    pub fn read_observations(&self, _campaign: &str) -> Result<Vec<Observation>, StoreError> {
        unimplemented!()
    }
    pub fn read_responses(&self, _campaign: &str) -> Result<Vec<Response>, StoreError> {
        unimplemented!()
    }
    pub fn read_problems(&self, _campaign: Option<&str>) -> Result<Vec<Problem>, StoreError> {
        unimplemented!()
    }
}
