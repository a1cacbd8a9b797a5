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

/// The largest count stored. England and Wales record about 6.7 million crimes a year in all, so one force's
/// count above this is a typo, a reference number or a hostile file. Bounding every stored value here is what
/// makes every later sum safe: six million rows at this bound sum to under 2^63.
pub const MAX_COUNT: i64 = 10_000_000;

/// One number a force gave (or withheld), normalised to its question's vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub campaign: String,
    pub force: String,
    pub measure: String,
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// The vocabulary a breakdown row counts by (`offence`, `outcome` …); `None` for a plain count.
    pub breakdown: Option<String>,
    /// The row's category in that vocabulary, at the level the force answered.
    pub category_group: Option<String>,
    pub category_subgroup: Option<String>,
    pub category_code: Option<String>,
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
    /// The sentences of the force's letter that justify its status, year basis, reference and date.
    pub evidence: Vec<Evidence>,
    /// The level each breakdown was answered at, with how many rows: "offence: code 12, subgroup 3; outcome:
    /// group 4" (empty when no breakdown was read). A force answering by group cannot be compared code by code.
    pub answered_levels: String,
}

/// A sentence of a force's letter, where it is, and the fact of the response it justifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What it justifies: `status`, `period_basis`, `reference` or `received`.
    pub fact: String,
    /// The sentence, as the letter words it (whitespace collapsed).
    pub quote: String,
    /// The file and the page or paragraph it is on.
    pub source: SourceRef,
}

impl Observation {
    /// The row's category, when it has one.
    pub fn category(&self) -> Option<crate::CategoryMatch> {
        let group = self.category_group.clone()?;
        let level = match (&self.category_code, &self.category_subgroup) {
            (Some(_), _) => crate::Level::Code,
            (None, Some(_)) => crate::Level::Subgroup,
            (None, None) => crate::Level::Group,
        };
        Some(crate::CategoryMatch {
            level,
            group,
            subgroup: self.category_subgroup.clone(),
            code: self.category_code.clone(),
        })
    }

    /// Set the row's vocabulary and category (none for an unmapped label of a breakdown).
    pub fn set_category(&mut self, vocabulary: Option<&str>, m: Option<&crate::CategoryMatch>) {
        self.breakdown = vocabulary.map(String::from);
        self.category_group = m.map(|m| m.group.clone());
        self.category_subgroup = m.and_then(|m| m.subgroup.clone());
        self.category_code = m.and_then(|m| m.code.clone());
    }
}
