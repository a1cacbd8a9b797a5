//! The journalist's decisions about a campaign's answers (`<raw>/<campaign>/corrections.toml`), each with its
//! reason: what a label means, where a table is and what it answers, what to skip, which odd total to accept,
//! a force's year basis or status, and figures typed in from a letter. Ingest applies them, lists every one it
//! used among the problems (kind `corrected`), and refuses a file in which one matches nothing.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::campaign::PeriodBasisName;
use crate::{ProblemKind, ResponseStatus};

pub const CORRECTIONS_FILE: &str = "corrections.toml";

#[derive(Debug, thiserror::Error)]
pub enum CorrectionsError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a valid corrections file: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{path}: {} correction(s) match nothing in the answers:\n{}", unmatched.len(), unmatched.join("\n"))]
    Unmatched { path: PathBuf, unmatched: Vec<String> },
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    /// Map a force's wording to a reference entry.
    #[serde(default)]
    pub label: Vec<LabelCorrection>,
    /// Read a range as a table answering a question.
    #[serde(default)]
    pub table: Vec<TableCorrection>,
    /// Leave a file, sheet or range unread.
    #[serde(default)]
    pub skip: Vec<SkipCorrection>,
    /// Accept a blocking problem as it stands (a total that does not add up, a check that fails for a known
    /// reason).
    #[serde(default)]
    pub accept: Vec<AcceptCorrection>,
    /// Facts about a force's answer its files leave unsaid: year basis, status.
    #[serde(default)]
    pub force: Vec<ForceCorrection>,
    /// Figures typed in from a letter, a PDF or a phone call, with where they came from.
    #[serde(default)]
    pub figure: Vec<FigureCorrection>,
}

/// One wording, or several spellings of one label.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Labels {
    One(String),
    Many(Vec<String>),
}

impl Labels {
    pub fn all(&self) -> Vec<&str> {
        match self {
            Labels::One(s) => vec![s.as_str()],
            Labels::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
    /// The first wording, for messages.
    pub fn first(&self) -> &str {
        self.all().first().copied().unwrap_or("")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LabelCorrection {
    /// The force (slug, name or alias); left out, the mapping holds for every force.
    pub force: Option<String>,
    /// The force's words, as review shows them (compared after normalising case and punctuation); a list maps
    /// every spelling of one label at once.
    pub label: Labels,
    #[serde(flatten)]
    pub target: Target,
    pub reason: String,
}

/// A category of a vocabulary a correction names: `vocabulary` with one of `code`, `subgroup`, `group`; or, for
/// the built-in vocabularies, the short forms `offence = "8L"`, `offence_subgroup`, `offence_group`,
/// `outcome = "16"`, `outcome_group`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Target {
    pub vocabulary: Option<String>,
    pub code: Option<String>,
    pub subgroup: Option<String>,
    pub group: Option<String>,
    pub offence: Option<String>,
    pub offence_subgroup: Option<String>,
    pub offence_group: Option<String>,
    pub outcome: Option<String>,
    pub outcome_group: Option<String>,
}

/// The level a target names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetLevel {
    Code,
    Subgroup,
    Group,
}

impl Target {
    /// (vocabulary, level, value) the target names, or why it names none (or several).
    pub fn resolve(&self) -> Result<(String, TargetLevel, String), String> {
        let generic = [
            (&self.code, TargetLevel::Code),
            (&self.subgroup, TargetLevel::Subgroup),
            (&self.group, TargetLevel::Group),
        ];
        let short = [
            (&self.offence, "offence", TargetLevel::Code),
            (&self.offence_subgroup, "offence", TargetLevel::Subgroup),
            (&self.offence_group, "offence", TargetLevel::Group),
            (&self.outcome, "outcome", TargetLevel::Code),
            (&self.outcome_group, "outcome", TargetLevel::Group),
        ];
        let mut found: Vec<(String, TargetLevel, String)> = Vec::new();
        for (v, level) in generic {
            if let Some(v) = v {
                let vocab = self.vocabulary.clone().ok_or("code, subgroup and group need `vocabulary = \"…\"`")?;
                found.push((vocab, level, v.clone()));
            }
        }
        for (v, vocab, level) in short {
            if let Some(v) = v {
                found.push((vocab.to_string(), level, v.clone()));
            }
        }
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err("names no category: give `vocabulary` with one of code, subgroup, group (or offence = \"8L\", outcome = \"16\" …)".into()),
            _ => Err("names several categories: give exactly one".into()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.resolve().is_err() && self.vocabulary.is_none()
    }
}

/// Which way the categories (or the periods, for a yearly count) run in a declared table.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Down the first columns, one per row; the header row names the periods (or the count).
    Down,
    /// Along the header rows, one per column; the rows are periods (or the one count row).
    Across,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TableCorrection {
    pub force: String,
    /// The file, relative to the force's folder (or to the raw folder, as review prints it).
    pub file: String,
    /// `'Sheet 1'!D9:G20`: header rows first. For documents the sheet is the table (`'table 2'!A1:C6`).
    pub range: String,
    /// The campaign question the table answers (its `id`).
    pub question: String,
    pub orientation: Orientation,
    /// The period, when neither the table nor the question says it.
    pub period: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SkipCorrection {
    pub force: String,
    pub file: String,
    /// One sheet (or document table) of the file; left out with no range, the whole file is skipped.
    pub sheet: Option<String>,
    /// `'Sheet 1'!A20:D30` or `A20:D30` with `sheet`: a range left unread.
    pub range: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AcceptCorrection {
    pub force: String,
    /// The problem's kind (`total_mismatch`, `inconsistent` …).
    pub kind: String,
    /// The file the problem names (relative to the force folder or the raw folder); any when left out.
    pub file: Option<String>,
    /// The problem's cell, `B5` or `'Sheet 1'!B5`; any when left out.
    pub cell: Option<String>,
    /// The problem's label, when it has one.
    pub label: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ForceCorrection {
    pub force: String,
    /// The year basis the force used, where its files leave it unsaid.
    pub period_basis: Option<PeriodBasisName>,
    /// The answer's status, where the letter does not make it plain.
    pub status: Option<ResponseStatus>,
    /// The FOI Act section relied on (`s12`).
    pub exemption: Option<String>,
    pub reason: String,
}

/// A count typed in by hand, or `"suppressed"`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum EnteredValue {
    Count(u64),
    Marker(Suppressed),
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Suppressed {
    Suppressed,
}

impl EnteredValue {
    pub fn count(self) -> Option<i64> {
        match self {
            EnteredValue::Count(n) => i64::try_from(n).ok(),
            EnteredValue::Marker(_) => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FigureCorrection {
    pub force: String,
    /// The campaign question (its `id`).
    pub question: String,
    pub period: String,
    pub value: EnteredValue,
    /// For a breakdown: the force's words for the row (mapped like any label), or the category below.
    pub label: Option<String>,
    #[serde(flatten)]
    pub target: Target,
    /// Where the figure was read, relative to the force folder (a PDF, a letter).
    pub file: String,
    /// The page it is on.
    pub page: Option<u32>,
    pub reason: String,
}

impl Corrections {
    /// `dir/corrections.toml`, or no corrections when there is no such file.
    pub fn load(dir: &Path) -> Result<Corrections, CorrectionsError> {
        let path = dir.join(CORRECTIONS_FILE);
        if !path.exists() {
            return Ok(Corrections::default());
        }
        let text =
            fs_err::read_to_string(&path).map_err(|source| CorrectionsError::Io { path: path.clone(), source })?;
        Corrections::parse(&text).map_err(|message| CorrectionsError::Invalid { path, message })
    }

    pub fn parse(text: &str) -> Result<Corrections, String> {
        let c: Corrections = toml::from_str(text).map_err(|e| e.to_string())?;
        c.validate()?;
        Ok(c)
    }

    pub fn is_empty(&self) -> bool {
        self.label.is_empty()
            && self.table.is_empty()
            && self.skip.is_empty()
            && self.accept.is_empty()
            && self.force.is_empty()
            && self.figure.is_empty()
    }

    fn validate(&self) -> Result<(), String> {
        let blank = |what: &str, s: &str| -> Result<(), String> {
            if s.trim().is_empty() {
                Err(format!("a [[{what}]] entry needs a reason: say why, it is printed with the release"))
            } else {
                Ok(())
            }
        };
        for f in &self.figure {
            if let EnteredValue::Count(n) = f.value {
                if n > crate::MAX_COUNT as u64 {
                    return Err(format!(
                        "[[figure]] value {n} for {} is more than any force could have recorded (at most {})",
                        f.force,
                        crate::MAX_COUNT
                    ));
                }
            }
        }
        for l in &self.label {
            blank("label", &l.reason)?;
            l.target.resolve().map_err(|e| format!("[[label]] {:?}: {e}", l.label.first()))?;
        }
        for t in &self.table {
            blank("table", &t.reason)?;
            CellRange::parse(&t.range).map_err(|e| format!("[[table]] range {:?}: {e}", t.range))?;
        }
        for s in &self.skip {
            blank("skip", &s.reason)?;
            if let Some(r) = &s.range {
                let range = CellRange::parse(r).map_err(|e| format!("[[skip]] range {r:?}: {e}"))?;
                if range.sheet.is_none() && s.sheet.is_none() {
                    return Err(format!("[[skip]] range {r:?}: name the sheet (`sheet = …` or `'Sheet'!A1:B2`)"));
                }
            }
        }
        for a in &self.accept {
            blank("accept", &a.reason)?;
            if ProblemKind::parse(&a.kind).is_none() {
                return Err(format!(
                    "[[accept]] kind {:?} is not a problem kind ({})",
                    a.kind,
                    ProblemKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        for f in &self.force {
            blank("force", &f.reason)?;
            if f.period_basis.is_none() && f.status.is_none() && f.exemption.is_none() {
                return Err(format!("[[force]] {:?}: give period_basis, status or exemption", f.force));
            }
        }
        for f in &self.figure {
            blank("figure", &f.reason)?;
        }
        Ok(())
    }
}

/// A rectangle of cells: `'Sheet 1'!D9:G20`, `D9:G20`, `B5`. Rows and columns are zero-based and inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRange {
    pub sheet: Option<String>,
    pub first: (usize, usize),
    pub last: (usize, usize),
}

impl CellRange {
    pub fn parse(s: &str) -> Result<CellRange, String> {
        let s = s.trim();
        let (sheet, cells) = match s.rfind('!') {
            Some(i) => {
                let name = s[..i].trim();
                let name = match name.strip_prefix('\'').and_then(|n| n.strip_suffix('\'')) {
                    Some(quoted) => quoted.replace("''", "'"),
                    None => name.to_string(),
                };
                (Some(name), &s[i + 1..])
            }
            None => (None, s),
        };
        let (a, b) = cells.split_once(':').unwrap_or((cells, cells));
        let first = parse_a1(a.trim()).ok_or_else(|| format!("{a:?} is not a cell such as B5"))?;
        let last = parse_a1(b.trim()).ok_or_else(|| format!("{b:?} is not a cell such as B5"))?;
        if last.0 < first.0 || last.1 < first.1 {
            return Err("the range must run from its top-left cell to its bottom-right cell".into());
        }
        Ok(CellRange { sheet, first, last })
    }

    pub fn contains(&self, r: usize, c: usize) -> bool {
        self.first.0 <= r && r <= self.last.0 && self.first.1 <= c && c <= self.last.1
    }
}

/// `B5` → (4, 1).
pub fn parse_a1(s: &str) -> Option<(usize, usize)> {
    let letters = s.chars().take_while(char::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let row: usize = s[letters..].parse().ok().filter(|&r| r > 0)?;
    let mut col = 0usize;
    for ch in s[..letters].chars() {
        col = col * 26 + (ch.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    Some((row - 1, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_with_and_without_sheets() {
        let r = CellRange::parse("'Sheet 1'!D9:G20").unwrap();
        assert_eq!((r.sheet.as_deref(), r.first, r.last), (Some("Sheet 1"), (8, 3), (19, 6)));
        let r = CellRange::parse("B5").unwrap();
        assert_eq!((r.sheet, r.first, r.last), (None, (4, 1), (4, 1)));
        assert_eq!(CellRange::parse("Q1!AA1:AB2").unwrap().first, (0, 26));
        assert!(CellRange::parse("G20:D9").is_err());
        assert!(CellRange::parse("nonsense").is_err());
    }

    #[test]
    fn every_entry_kind_parses_and_unknown_keys_are_refused() {
        let c = Corrections::parse(
            r#"
[[label]]
force = "kent"
label = "Harrassment"
offence = "8L"
reason = "typo"

[[table]]
force = "kent"
file = "answer.xlsx"
range = "'Sheet 1'!A1:C9"
question = "1a"
orientation = "down"
reason = "groups written once"

[[skip]]
force = "kent"
file = "letter.docx"
reason = "restates the spreadsheet"

[[accept]]
force = "devon-and-cornwall"
kind = "total_mismatch"
cell = "B20"
reason = "the force's grand total is one more than its rows"

[[force]]
force = "cleveland"
period_basis = "fy_apr1"
reason = "disclosure log"

[[figure]]
force = "kent"
question = "1"
period = "2023/24"
value = "suppressed"
file = "letter.pdf"
page = 2
reason = "typed from the PDF"
"#,
        )
        .unwrap();
        assert_eq!(c.table[0].orientation, Orientation::Down);
        assert_eq!(c.figure[0].value.count(), None);
        let many = Corrections::parse(
            "[[label]]\nlabel = [\"Harrasment\", \"HARRASSMENT 5\"]\noffence = \"8L\"\nreason = \"r\"\n",
        )
        .unwrap();
        assert_eq!(many.label[0].label.all(), ["Harrasment", "HARRASSMENT 5"]);
        assert!(Corrections::parse("[[label]]\nforce = \"kent\"\nlabel = \"x\"\noffense = \"8L\"\nreason = \"r\"\n")
            .unwrap_err()
            .contains("offense"));
        assert!(Corrections::parse("[[skip]]\nforce = \"kent\"\nfile = \"x\"\nreason = \"\"\n").is_err());
        assert!(Corrections::parse("[[accept]]\nforce = \"kent\"\nkind = \"oops\"\nreason = \"r\"\n").is_err());
    }
}

#[cfg(test)]
mod flatten_tests {
    use super::*;

    #[test]
    fn unknown_keys_beside_a_target_are_refused() {
        let e = Corrections::parse("[[label]]\nlabel = \"x\"\noffence = \"8L\"\ncolour = \"red\"\nreason = \"r\"\n");
        assert!(e.as_ref().is_err_and(|e| e.contains("colour")), "{e:?}");
        let e = Corrections::parse("[[figure]]\nforce = \"kent\"\nquestion = \"1\"\nperiod = \"2023/24\"\nvalue = 3\nfile = \"a.pdf\"\ncolour = \"red\"\nreason = \"r\"\n");
        assert!(e.is_err(), "{e:?}");
        let ok = Corrections::parse(
            "[[label]]\nlabel = \"x\"\nvocabulary = \"suspect_age\"\ncode = \"U18\"\nreason = \"r\"\n",
        )
        .unwrap();
        assert_eq!(
            ok.label[0].target.resolve().unwrap(),
            ("suspect_age".to_string(), TargetLevel::Code, "U18".to_string())
        );
    }
}
