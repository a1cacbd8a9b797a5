//! Tests of the release data (pure, snapshot-tested) and of real PDFs made by the typst CLI, over the
//! hand-made figures in `fixtures.rs`.

mod files;
mod fixtures;
mod force;
mod pdf;
mod snapshots;
mod story;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use foi_analysis::ForceFigures;
use foi_model::Reference;
use foi_report::*;

use fixtures::{all_stories, campaign, refused, rising, small, with_change};

/// The release folder of the test campaign under `dir`.
fn out(dir: &Path) -> ReleaseDir {
    ReleaseDir::new(dir, &campaign())
}
