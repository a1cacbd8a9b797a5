//! The campaign file (`<raw>/<campaign>/campaign.toml`): what was asked, how years are defined, and the text
//! a press release quotes.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::vocabulary::{builtin_vocabularies, Vocabulary};
use crate::{Period, PeriodBasis};

pub const CAMPAIGN_FILE: &str = "campaign.toml";
/// The folder of a campaign's own vocabularies (`<name>.toml` and its CSV): not a force's folder.
pub const VOCABULARIES_DIR: &str = "vocabularies";

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
    /// The platform asked about, when the request is about one: other platforms' columns are ignored.
    pub platform: Option<String>,
    pub request_file: Option<String>,
    #[serde(default)]
    pub request_text: String,
    pub requester: Option<String>,
    pub sent: Option<NaiveDate>,
    /// Which forces the campaign covers: every force in the reference (`"all"`, the default: a force with no
    /// folder did not respond), or only those with a folder (`"folders"`: the answers held are a sample of a
    /// wider request, and a missing folder says nothing about a force).
    #[serde(default)]
    pub asked: Asked,
    pub periods: Periods,
    pub questions: Vec<Question>,
    pub release: Release,
    /// The vocabularies the questions count by: the built-in ones and the campaign's own
    /// (`<campaign>/vocabularies/<name>.toml`), resolved when the campaign is loaded.
    #[serde(skip)]
    pub vocabularies: Vec<Vocabulary>,
    /// What the campaign file names but was refused (a request file outside the campaign folder): ingest
    /// records each as a problem of the campaign, and the rest of the campaign is read.
    #[serde(skip)]
    pub refused: Vec<String>,
}

/// The most text a request file may hold (a request is a page or two).
const MAX_REQUEST_BYTES: u64 = 1024 * 1024;

/// Which forces a campaign covers (see [`Campaign::asked`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Asked {
    #[default]
    All,
    Folders,
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
    /// The shape of answer the question asks for: one count per period, or counts by a vocabulary's categories.
    pub kind: Shape,
    /// For a breakdown: the vocabulary it counts by (`offence`, `outcome`, or one of the campaign's own).
    pub vocabulary: Option<String>,
    pub periods: Vec<String>,
}

/// The shape of a question's answer.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// One count per period.
    Count,
    /// Counts by the categories of a vocabulary.
    Breakdown,
    /// Older campaign files: a count per year.
    #[serde(rename = "yearly_count")]
    LegacyYearlyCount,
    /// Older campaign files: a breakdown by offence.
    #[serde(rename = "offence_breakdown")]
    LegacyOffenceBreakdown,
    /// Older campaign files: a breakdown by outcome.
    #[serde(rename = "outcome_breakdown")]
    LegacyOutcomeBreakdown,
}

impl Question {
    pub fn is_count(&self) -> bool {
        self.kind == Shape::Count
    }
    pub fn is_breakdown(&self) -> bool {
        self.kind == Shape::Breakdown
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub organisation: String,
    /// How the release names the subject in running text, e.g. "crimes linked to TikTok".
    pub subject: String,
    pub contact: Option<String>,
    /// How the figures were gathered, in the campaign's own words: the first lines of every release's
    /// methodology box (left out, the release says that forces searched their records for the platform).
    #[serde(default)]
    pub methodology: Vec<String>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub notes_to_editors: NotesToEditors,
    /// The day the release goes out, printed on every output.
    #[serde(default)]
    pub date: Option<chrono::NaiveDate>,
    /// When it may be published, as printed after "EMBARGOED UNTIL": "00:01 Monday 5 August 2024".
    #[serde(default)]
    pub embargo: Option<String>,
    /// Where the story is filed from, before the date on the first line of the story ("LONDON").
    #[serde(default)]
    pub dateline: Option<String>,
    /// Who answers questions about the release.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// What each force was offered before publication, printed in the notes ("Each force was sent its figures
    /// on 29 July 2024 and invited to comment.").
    #[serde(default)]
    pub right_of_reply: Option<String>,
}

/// A press contact.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
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
    /// Read `dir/campaign.toml`, the request text it names and the vocabularies its questions count by.
    pub fn load(dir: &Path) -> Result<Campaign, CampaignError> {
        let path = dir.join(CAMPAIGN_FILE);
        let invalid = |message: String| CampaignError::Invalid { path: path.clone(), message };
        let text = fs_err::read_to_string(&path).map_err(|source| CampaignError::Io { path: path.clone(), source })?;
        let mut c: Campaign = toml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        if let Some(req) = c.request_file.clone() {
            // The request is a file of the campaign: a path out of its folder (written so, or through a symlink)
            // is refused, never read, so no file of the machine can reach a release.
            let rel = Path::new(&req);
            let inside = !rel.is_absolute() && rel.components().all(|p| matches!(p, std::path::Component::Normal(_)));
            let p = dir.join(rel);
            let resolved = match (std::fs::canonicalize(dir), std::fs::canonicalize(&p)) {
                (Ok(d), Ok(f)) => f.starts_with(d) && f.is_file(),
                _ => false,
            };
            let size = fs_err::metadata(&p).map(|m| m.len()).unwrap_or(0);
            if !inside || (p.exists() && !resolved) {
                c.refused.push(format!("request_file {req:?} is not a file inside the campaign folder; not read"));
            } else if size > MAX_REQUEST_BYTES {
                c.refused.push(format!("request_file {req:?} is {size} bytes, over {MAX_REQUEST_BYTES}; not read"));
            } else {
                let text = fs_err::read(&p).map_err(|source| CampaignError::Io { path: p, source })?;
                c.request_text = String::from_utf8_lossy(&text).into_owned();
            }
        }
        let own = dir.join(VOCABULARIES_DIR);
        // A campaign's own vocabulary of a built-in's name replaces it: a newsroom points `offence` at the Home
        // Office's full offence list (republished every April) by putting it beside an `offence.toml` here.
        c.resolve(|name| own.join(format!("{name}.toml")).is_file().then(|| Vocabulary::load(&own, name)))
            .map_err(invalid)?;
        Ok(c)
    }

    /// A campaign from the text of its file, with the built-in vocabularies only.
    pub fn parse(text: &str) -> Result<Campaign, String> {
        let mut c: Campaign = toml::from_str(text).map_err(|e| e.to_string())?;
        c.resolve(|_| None)?;
        Ok(c)
    }

    /// Check the periods, turn older question kinds into shapes, and find each breakdown's vocabulary: a
    /// built-in one, else the campaign's own (`own`).
    fn resolve(&mut self, own: impl Fn(&str) -> Option<Result<Vocabulary, String>>) -> Result<(), String> {
        // The slug names the store's files and the releases' folder: one plain path component, nothing more.
        let slug = &self.slug;
        let safe = !slug.is_empty()
            && slug.len() <= 100
            && !slug.starts_with('.')
            && slug.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !safe {
            return Err(format!("slug {slug:?} must be letters, digits, '-', '_' or '.' (it names files and folders)"));
        }
        for label in self.periods.labels.iter().chain(self.questions.iter().flat_map(|q| &q.periods)) {
            if self.period(label).is_none() {
                return Err(format!("period {label:?} is not a year label such as 2021/22 or 2021"));
            }
        }
        for q in &mut self.questions {
            let (shape, vocabulary) = match q.kind {
                Shape::LegacyYearlyCount => (Shape::Count, None),
                Shape::LegacyOffenceBreakdown => (Shape::Breakdown, Some("offence")),
                Shape::LegacyOutcomeBreakdown => (Shape::Breakdown, Some("outcome")),
                other => (other, None),
            };
            q.kind = shape;
            if let Some(v) = vocabulary {
                q.vocabulary.get_or_insert_with(|| v.to_string());
            }
            match (q.kind, &q.vocabulary) {
                (Shape::Breakdown, None) => {
                    return Err(format!(
                        "question {}: a breakdown names its vocabulary (vocabulary = \"offence\")",
                        q.id
                    ))
                }
                (Shape::Count, Some(_)) => {
                    return Err(format!("question {}: a count has no vocabulary (kind = \"breakdown\"?)", q.id))
                }
                _ => {}
            }
        }
        if !self.questions.iter().any(Question::is_count) {
            return Err(
                "the campaign asks no count question (kind = \"count\"): its release has no figure to lead with".into(),
            );
        }
        let mut all = builtin_vocabularies();
        let mut vocabularies = Vec::new();
        for name in self.questions.iter().filter_map(|q| q.vocabulary.as_deref()) {
            if vocabularies.iter().any(|v: &Vocabulary| v.name == name) {
                continue;
            }
            // The name picks a file in vocabularies/: a plain name, never a path out of the folder.
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')) {
                return Err(format!("vocabulary {name:?} must be letters, digits, '-' or '_' (it names a file)"));
            }
            let v = match (own(name), all.iter().position(|v| v.name == name)) {
                (Some(v), _) => v?,
                (None, Some(i)) => all.swap_remove(i),
                (None, None) => {
                    return Err(format!(
                        "no vocabulary {name:?}: add vocabularies/{name}.toml (and its entries) beside campaign.toml"
                    ))
                }
            };
            vocabularies.push(v);
        }
        self.vocabularies = vocabularies;
        Ok(())
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

    /// The count the release leads with: the first count question.
    pub fn count_question(&self) -> &Question {
        self.questions.iter().find(|q| q.is_count()).expect("a campaign asks a count question (checked at load)")
    }

    /// The breakdown questions, in the campaign's order.
    pub fn breakdowns(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(|q| q.is_breakdown())
    }

    pub fn vocabulary(&self, name: &str) -> Option<&Vocabulary> {
        self.vocabularies.iter().find(|v| v.name == name)
    }

    /// The vocabulary a question counts by.
    pub fn vocabulary_of(&self, q: &Question) -> Option<&Vocabulary> {
        q.vocabulary.as_deref().and_then(|n| self.vocabulary(n))
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
        assert_eq!(c.count_question().measure, "offences_by_year");
        let outcomes = c.question("1b").unwrap();
        assert_eq!((outcomes.kind, c.vocabulary_of(outcomes).unwrap().name.as_str()), (Shape::Breakdown, "outcome"));
    }

    #[test]
    fn older_question_kinds_read_as_shapes() {
        let text = include_str!("../../../data-raw/tiktok-2024/campaign.toml")
            .replace("kind = \"count\"", "kind = \"yearly_count\"")
            .replace("kind = \"breakdown\"\nvocabulary = \"offence\"", "kind = \"offence_breakdown\"");
        let c = Campaign::parse(&text).unwrap();
        assert!(c.questions[0].is_count());
        assert_eq!(c.questions[1].vocabulary.as_deref(), Some("offence"));
    }

    #[test]
    fn a_vocabulary_name_is_never_a_path() {
        let text = include_str!("../../../data-raw/tiktok-2024/campaign.toml");
        let bad = text.replace("vocabulary = \"offence\"", "vocabulary = \"../../../etc/x\"");
        assert!(Campaign::parse(&bad).unwrap_err().contains("names a file"));
    }

    #[test]
    fn a_breakdown_needs_a_vocabulary_that_exists() {
        let text = include_str!("../../../data-raw/tiktok-2024/campaign.toml");
        let unknown = text.replace("vocabulary = \"offence\"", "vocabulary = \"weather\"");
        assert!(Campaign::parse(&unknown).unwrap_err().contains("weather"));
        let missing = text.replace("vocabulary = \"offence\"\n", "");
        assert!(Campaign::parse(&missing).unwrap_err().contains("names its vocabulary"));
    }

    #[test]
    fn the_request_file_stays_inside_the_campaign() {
        let tmp = std::env::temp_dir().join(format!("foi-campaign-{}", std::process::id()));
        fs_err::create_dir_all(&tmp).unwrap();
        let text = include_str!("../../../data-raw/tiktok-2024/campaign.toml")
            .replace("request_file = \"request.txt\"", "request_file = \"/etc/passwd\"");
        fs_err::write(tmp.join(CAMPAIGN_FILE), text).unwrap();
        let c = Campaign::load(&tmp).unwrap();
        assert_eq!(c.request_text, "");
        assert!(c.refused[0].contains("inside the campaign folder"), "{:?}", c.refused);
        // Nor through a symlink that sits inside it.
        let text = include_str!("../../../data-raw/tiktok-2024/campaign.toml");
        fs_err::write(tmp.join(CAMPAIGN_FILE), text).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", tmp.join("request.txt")).unwrap();
        let c = Campaign::load(&tmp).unwrap();
        fs_err::remove_dir_all(&tmp).unwrap();
        assert_eq!(c.request_text, "");
        assert!(c.refused[0].contains("inside the campaign folder"), "{:?}", c.refused);
    }

    #[test]
    fn a_slug_that_is_not_one_plain_file_name_is_refused() {
        let text = include_str!("../../../data-raw/tiktok-2024/campaign.toml");
        for bad in ["../../etc", "a/b", ".hidden", "", "#set page(fill: red)"] {
            let t = text.replace("slug = \"tiktok-2024\"", &format!("slug = {bad:?}"));
            assert!(Campaign::parse(&t).unwrap_err().contains("must be letters"), "{bad}");
        }
    }

    #[test]
    fn bad_period_labels_are_refused() {
        let text = include_str!("../../../data-raw/tiktok-2024/campaign.toml")
            .replace("\"2022/23\", \"2023/24\"]\n\n[[q", "\"22/23\"]\n\n[[q");
        assert!(Campaign::parse(&text).is_err());
    }
}
