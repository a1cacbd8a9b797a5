//! Snapshots of the data the template prints.

use super::*;

#[test]
fn snapshot_rising_force() {
    insta::assert_json_snapshot!("rising_force", release_data(&campaign(), &rising()));
}

#[test]
fn snapshot_small_force() {
    insta::assert_json_snapshot!("small_force", release_data(&campaign(), &small()));
}

#[test]
fn snapshot_refused_force() {
    insta::assert_json_snapshot!("refused_force", release_data(&campaign(), &refused()));
}

#[test]
fn snapshot_overview() {
    insta::assert_json_snapshot!("national_overview", overview_data(&campaign(), &fixtures::national()));
}
