//! The campaign file (`<raw>/<campaign>/campaign.toml`): what was asked, how years are defined, and the text
//! a press release quotes.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Period, PeriodBasis};

pub const CAMPAIGN_FILE: &str = "campaign.toml";

#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a valid campaign file: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    pub slug: String,
    pub title: String,
    /// The platform asked about; other platforms' columns are ignored.
    pub platform: String,
    pub request_file: Option<String>,
    #[serde(default)]
    pub request_text: String,
    pub requester: Option<String>,
    pub sent: Option<NaiveDate>,
    pub periods: Periods,
    pub questions: Vec<Question>,
    pub release: Release,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Periods {
    pub basis: PeriodBasisName,
    pub labels: Vec<String>,
}

/// The basis as written in the file (`fy_apr6` …).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(try_from = "String", into = "String")]
pub struct PeriodBasisName(pub PeriodBasis);

impl TryFrom<String> for PeriodBasisName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        PeriodBasis::parse(&s)
            .map(PeriodBasisName)
            .ok_or_else(|| format!("unknown period basis {s:?} (use fy_apr6, fy_apr1 or calendar)"))
    }
}

impl From<PeriodBasisName> for String {
    fn from(b: PeriodBasisName) -> String {
        b.0.as_str().to_string()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// The store's `measure` for the answers to this question.
    pub measure: String,
    /// What shape of answer the question asks for; tells ingest which tables answer it.
    pub kind: QuestionKind,
    pub periods: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One count per period.
    YearlyCount,
    /// Counts by offence (code, subgroup or group).
    OffenceBreakdown,
    /// Counts by crime outcome (code or group).
    OutcomeBreakdown,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub organisation: String,
    /// How the release names the subject in running text, e.g. "crimes linked to TikTok".
    pub subject: String,
    pub contact: Option<String>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub notes_to_editors: NotesToEditors,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NotesToEditors {
    #[serde(default)]
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub speaker: String,
    pub role: String,
    pub text: String,
}

impl Campaign {
    /// Read `dir/campaign.toml` (and the request text it names).
    pub fn load(dir: &Path) -> Result<Campaign, CampaignError> {
        let path = dir.join(CAMPAIGN_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| CampaignError::Io { path: path.clone(), source })?;
        let mut c = Campaign::parse(&text).map_err(|message| CampaignError::Invalid { path: path.clone(), message })?;
        if let Some(req) = &c.request_file {
            let p = dir.join(req);
            c.request_text = std::fs::read_to_string(&p).map_err(|source| CampaignError::Io { path: p, source })?;
        }
        Ok(c)
    }

    pub fn parse(text: &str) -> Result<Campaign, String> {
        let c: Campaign = toml::from_str(text).map_err(|e| e.to_string())?;
        for label in c.periods.labels.iter().chain(c.questions.iter().flat_map(|q| &q.periods)) {
            if c.period(label).is_none() {
                return Err(format!("period {label:?} is not a year label such as 2021/22 or 2021"));
            }
        }
        Ok(c)
    }

    pub fn basis(&self) -> PeriodBasis {
        self.periods.basis.0
    }

    /// The request's own period with this label, with its dates.
    pub fn period(&self, label: &str) -> Option<Period> {
        let y = Period::start_year_of_label(label)?;
        let p = Period::year(self.basis(), y);
        (p.label == label).then_some(p)
    }

    pub fn periods(&self) -> Vec<Period> {
        self.periods.labels.iter().filter_map(|l| self.period(l)).collect()
    }

    pub fn question_for(&self, measure: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.measure == measure)
    }

    /// The question with this id (`1a`).
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn question_of_kind(&self, kind: QuestionKind) -> Option<&Question> {
        self.questions.iter().find(|q| q.kind == kind)
    }

    pub fn measures(&self) -> impl Iterator<Item = &str> {
        self.questions.iter().map(|q| q.measure.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_campaign_file_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data-raw/tiktok-2024");
        let c = Campaign::load(&dir).unwrap();
        assert_eq!(c.basis(), PeriodBasis::FyApr6);
        assert_eq!(c.periods().len(), 3);
        assert_eq!(c.period("2021/22").unwrap().start, NaiveDate::from_ymd_opt(2021, 4, 6).unwrap());
        assert!(c.request_text.contains("TikTok"));
        assert_eq!(c.question_for("outcomes").unwrap().periods, ["2023/24"]);
    }

    #[test]
    fn bad_period_labels_are_refused() {
        let text = include_str!("../../../data-raw/tiktok-2024/campaign.toml")
            .replace("\"2022/23\", \"2023/24\"]\n\n[[q", "\"22/23\"]\n\n[[q");
        assert!(Campaign::parse(&text).is_err());
    }
}
