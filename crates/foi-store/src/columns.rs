//! The store's column names: every reader of the store (analysis) names columns through these.

pub const CAMPAIGN: &str = "campaign";
pub const FORCE: &str = "force";
pub const MEASURE: &str = "measure";
pub const PERIOD: &str = "period";
pub const PERIOD_START: &str = "period_start";
pub const PERIOD_END: &str = "period_end";
/// The vocabulary of a breakdown row; null for a plain count.
pub const BREAKDOWN: &str = "breakdown";
pub const CATEGORY_GROUP: &str = "category_group";
pub const CATEGORY_SUBGROUP: &str = "category_subgroup";
pub const CATEGORY_CODE: &str = "category_code";
pub const LABEL: &str = "label";
pub const VALUE: &str = "value";
pub const VALUE_STATUS: &str = "value_status";
pub const SOURCE_FILE: &str = "source_file";
pub const SOURCE_SHEET: &str = "source_sheet";
pub const SOURCE_CELL: &str = "source_cell";
pub const STATUS: &str = "status";
pub const EXEMPTION: &str = "exemption";
pub const PERIOD_BASIS: &str = "period_basis";
pub const REFERENCE: &str = "reference";
pub const RECEIVED: &str = "received";
pub const FILES: &str = "files";
pub const PROBLEMS: &str = "problems";
pub const EVIDENCE: &str = "evidence";
pub const ANSWERED_LEVELS: &str = "answered_levels";
pub const KIND: &str = "kind";
pub const SEVERITY: &str = "severity";
pub const MESSAGE: &str = "message";
pub const COUNT: &str = "count";
pub const CELLS: &str = "cells";
pub const HINT: &str = "hint";
pub const SETTLED: &str = "settled";
pub const REGION: &str = "region";
/// `value_status` of a withheld number (value null).
pub const SUPPRESSED: &str = "suppressed";
