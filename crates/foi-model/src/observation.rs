use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::PeriodBasis;

/// Where a value came from: the file (relative to the raw folder), the sheet or table, and the cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct SourceRef {
    pub file: String,
    pub sheet: String,
    /// A1 address within `sheet` (for documents: within the table named by `sheet`).
    pub cell: String,
}

impl std::fmt::Display for SourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.sheet.is_empty(), self.cell.is_empty()) {
            (true, _) => write!(f, "{}", self.file),
            (false, true) => write!(f, "{} [{}]", self.file, self.sheet),
            (false, false) => write!(f, "{} [{}]!{}", self.file, self.sheet, self.cell),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueStatus {
    Reported,
    /// The force withheld the number (`*`, `<5`, `[c]` …). The value is null, never 0.
    Suppressed,
}

impl ValueStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ValueStatus::Reported => "reported",
            ValueStatus::Suppressed => "suppressed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "reported" => Some(Self::Reported),
            "suppressed" => Some(Self::Suppressed),
            _ => None,
        }
    }
}

/// One number a force gave (or withheld), normalised to the reference vocabularies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub campaign: String,
    pub force: String,
    pub measure: String,
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub offence_group: Option<String>,
    pub offence_subgroup: Option<String>,
    pub offence_code: Option<String>,
    pub outcome_group: Option<String>,
    pub outcome_code: Option<String>,
    /// The force's own words for the row (or the count's description for row-level answers).
    pub label: String,
    pub value: Option<i64>,
    pub value_status: ValueStatus,
    pub source: SourceRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    Disclosed,
    Partial,
    Refused,
    NotHeld,
    NoResponse,
}

impl ResponseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseStatus::Disclosed => "disclosed",
            ResponseStatus::Partial => "partial",
            ResponseStatus::Refused => "refused",
            ResponseStatus::NotHeld => "not_held",
            ResponseStatus::NoResponse => "no_response",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "disclosed" => Self::Disclosed,
            "partial" => Self::Partial,
            "refused" => Self::Refused,
            "not_held" => Self::NotHeld,
            "no_response" => Self::NoResponse,
            _ => return None,
        })
    }
    /// Words for a reader.
    pub fn describe(self) -> &'static str {
        match self {
            ResponseStatus::Disclosed => "answered",
            ResponseStatus::Partial => "answered in part",
            ResponseStatus::Refused => "refused",
            ResponseStatus::NotHeld => "said the information is not held",
            ResponseStatus::NoResponse => "did not respond",
        }
    }
}

/// How one force answered one campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub campaign: String,
    pub force: String,
    pub status: ResponseStatus,
    /// The FOI Act exemption relied on, e.g. `s12` (cost limit).
    pub exemption: Option<String>,
    pub period_basis: PeriodBasis,
    /// The force's own FOI reference, e.g. `2549/24`.
    pub reference: Option<String>,
    pub received: Option<NaiveDate>,
    /// Files read, relative to the raw folder.
    pub files: Vec<String>,
    pub problems: u32,
}
