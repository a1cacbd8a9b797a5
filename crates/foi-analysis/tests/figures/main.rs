//! Figures computed by polars over a real Parquet store written from hand-made rows (`store.rs`).

mod forces;
mod store;

use chrono::NaiveDate;
use foi_analysis::*;
use foi_model::{Campaign, Observation, PeriodBasis, Reference, Response, ResponseStatus, SourceRef, ValueStatus};
use foi_store::{CampaignData, Store};

use store::*;
