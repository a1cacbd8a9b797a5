//! The canonical schema of each table.

use polars::prelude::*;

use crate::columns;

/// The three tables, each a folder of one Parquet file per campaign.
pub const TABLES: [&str; 3] = ["observations", "responses", "problems"];

/// The separator of `responses.files`.
pub const FILES_SEPARATOR: &str = "; ";
/// `responses.evidence`: one line per sentence (`fact`, `file`, `sheet`, `quote`, tab-separated; quotes have
/// their whitespace collapsed, so hold neither tabs nor newlines).
pub const EVIDENCE_SEPARATOR: &str = "\n";

/// Canonical schema of `observations`.
pub fn observations_schema() -> Schema {
    use DataType::*;
    Schema::from_iter([
        Field::new(columns::CAMPAIGN.into(), String),
        Field::new(columns::FORCE.into(), String),
        Field::new(columns::MEASURE.into(), String),
        Field::new(columns::PERIOD.into(), String),
        Field::new(columns::PERIOD_START.into(), Date),
        Field::new(columns::PERIOD_END.into(), Date),
        Field::new(columns::BREAKDOWN.into(), String),
        Field::new(columns::CATEGORY_GROUP.into(), String),
        Field::new(columns::CATEGORY_SUBGROUP.into(), String),
        Field::new(columns::CATEGORY_CODE.into(), String),
        Field::new(columns::LABEL.into(), String),
        Field::new(columns::VALUE.into(), Int64),
        Field::new(columns::VALUE_STATUS.into(), String),
        Field::new(columns::SOURCE_FILE.into(), String),
        Field::new(columns::SOURCE_SHEET.into(), String),
        Field::new(columns::SOURCE_CELL.into(), String),
    ])
}

/// Canonical schema of `responses`.
pub fn responses_schema() -> Schema {
    use DataType::*;
    Schema::from_iter([
        Field::new(columns::CAMPAIGN.into(), String),
        Field::new(columns::FORCE.into(), String),
        Field::new(columns::STATUS.into(), String),
        Field::new(columns::EXEMPTION.into(), String),
        Field::new(columns::PERIOD_BASIS.into(), String),
        Field::new(columns::REFERENCE.into(), String),
        Field::new(columns::RECEIVED.into(), Date),
        Field::new(columns::FILES.into(), String),
        Field::new(columns::PROBLEMS.into(), UInt32),
        Field::new(columns::EVIDENCE.into(), String),
        Field::new(columns::ANSWERED_LEVELS.into(), String),
    ])
}

/// Canonical schema of `problems`.
pub fn problems_schema() -> Schema {
    use DataType::*;
    Schema::from_iter([
        Field::new(columns::CAMPAIGN.into(), String),
        Field::new(columns::FORCE.into(), String),
        Field::new(columns::KIND.into(), String),
        Field::new(columns::SEVERITY.into(), String),
        Field::new(columns::SOURCE_FILE.into(), String),
        Field::new(columns::SOURCE_SHEET.into(), String),
        Field::new(columns::SOURCE_CELL.into(), String),
        Field::new(columns::MESSAGE.into(), String),
        Field::new(columns::MEASURE.into(), String),
        Field::new(columns::LABEL.into(), String),
        Field::new(columns::COUNT.into(), UInt32),
        Field::new(columns::CELLS.into(), String),
        Field::new(columns::HINT.into(), String),
        Field::new(columns::SETTLED.into(), String),
        Field::new(columns::REGION.into(), String),
    ])
}

/// The separator of `problems.cells`.
pub const CELLS_SEPARATOR: &str = ", ";

pub(crate) fn schema_of(table: &str) -> Schema {
    match table {
        "observations" => observations_schema(),
        "responses" => responses_schema(),
        "problems" => problems_schema(),
        _ => unreachable!("unknown table {table}"),
    }
}
