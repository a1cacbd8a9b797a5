//! Vocabularies: the categories a breakdown question counts by, with the wordings forces use for them.
//!
//! A vocabulary is data: a TOML file saying how its codes are written and what the release needs to know
//! (its nouns, which rows make a headline figure such as "charged or summonsed"), beside a CSV of its entries
//! (`code, description, group, group_label, subgroup, aliases`). The Home Office offence list and the crime
//! outcomes framework ship with the tool (`crates/foi-model/vocabularies/`); a campaign can bring its own in
//! `<campaign>/vocabularies/<name>.toml` (age bands, victim sex, hate-crime strands …).
//!
//! Matching is by normalised text against every wording an entry gives, never by a guess: a label that matches
//! nothing is reported by the caller as a problem and kept with its own words.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::normalise;

mod matching;
pub use matching::loose;

/// The level at which a force described a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Code,
    Subgroup,
    Group,
}

/// What a label means in a vocabulary, at the level the force answered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CategoryMatch {
    pub level: Level,
    /// The group's key (`Violence against the person`, `charged_summonsed`).
    pub group: String,
    pub subgroup: Option<String>,
    pub code: Option<String>,
}

/// One entry of a vocabulary (a code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    pub description: String,
    /// The group's key.
    pub group: String,
    pub subgroup: Option<String>,
    pub aliases: Vec<String>,
}

/// A group of entries: its key and the words for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub key: String,
    pub label: String,
    /// Other wordings forces use for the group ("Drugs" for Drug offences).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A sub-group of a group, known by its name or another wording, whether or not an entry sits under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subgroup {
    pub group: String,
    pub name: String,
    pub aliases: Vec<String>,
}

/// How the release ranks a breakdown by this vocabulary in its "most often" sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MostOften {
    /// The top categories at the level the force answered ("harassment (20), stalking (15) …").
    #[default]
    Categories,
    /// The single largest group ("“Evidential difficulties - victim does not support action”").
    Group,
}

/// A row of a breakdown the release prints as a figure of its own ("charged or summonsed"), with the sentence
/// that says it. Sentences are templates: `{n}` the count (words under ten), `{cases}` "case" or "cases",
/// `{period}`, `{subject}` (the campaign's subject), `{parts}` the parts' phrases. Nothing else is filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Highlight {
    pub id: String,
    /// The figure's name in the figures file and the sources appendix.
    pub label: String,
    /// The row's words in the release's table.
    pub row: String,
    /// Rows with one of these codes, or in one of these groups, make the figure.
    #[serde(default)]
    pub codes: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    /// A part of another highlight: printed under it, and listed in its sentence's `{parts}`.
    pub parent: Option<String>,
    /// The sentence for a count above zero (or "at least").
    pub sentence: Option<String>,
    /// The sentence for exactly zero.
    pub zero: Option<String>,
    /// The phrase for this part in its parent's `{parts}`.
    pub part: Option<String>,
    /// Added to the headline when the force reported exactly zero.
    pub headline_zero: Option<String>,
    /// Which paragraph the sentence goes in (1: what happened, 2: what is still open).
    #[serde(default = "one")]
    pub paragraph: u8,
}

fn one() -> u8 {
    1
}

/// How the release words a breakdown by this vocabulary. Placeholders: `{period}`, `{subject}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// What a question by this vocabulary asks for, as a noun phrase: "the offences", "the action taken".
    pub asked_for: Option<String>,
    /// What a force that answered it did: "said what the offences were".
    pub gave: Option<String>,
    /// What a force that did not answer it left unsaid: "what the offences were".
    pub missing: Option<String>,
    /// The title of its table in the release: "Offences recorded in {period}, by type".
    pub table_title: Option<String>,
    /// The heading of the table's first column: "Offence".
    pub column: Option<String>,
    /// A note under the table.
    pub table_note: Option<String>,
    /// Which table the release prints: every row ranked, or only the highlights (the default when the
    /// vocabulary declares highlights: a framework of 23 outcomes is told through its few telling rows, while
    /// four age bands are short enough to print whole).
    pub table: Option<TableStyle>,
}

/// The table a release prints for a breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableStyle {
    /// Every row, largest first.
    Ranked,
    /// The vocabulary's highlights, parts under their parent.
    Highlights,
}

/// The definition file of a vocabulary.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Definition {
    name: String,
    title: String,
    noun: String,
    plural: String,
    /// The CSV of entries, beside this file. Left out for a free vocabulary.
    entries: Option<String>,
    /// A CSV of groups and sub-groups with the wordings forces use for them (`level,group,subgroup,aliases`),
    /// beside this file: categories a force may answer at without naming any entry.
    #[serde(default)]
    categories: Option<String>,
    /// A vocabulary with no list: its categories are the force's own words (hospital names).
    #[serde(default)]
    free: bool,
    /// Words that introduce a code: "Outcome 16", "OC16".
    #[serde(default)]
    code_words: Vec<String>,
    /// Words a table's heading or title uses for this vocabulary ("crime type", "disposal"), beside its name,
    /// noun and plural: a table so headed is about it.
    #[serde(default)]
    headings: Vec<String>,
    /// A code standing alone, or followed only by a space, is a code ("8L Harassment", "105A"); otherwise it
    /// needs one of `code_words` or a separator after it ("16: …").
    #[serde(default)]
    bare_codes: bool,
    #[serde(default)]
    most_often: MostOften,
    /// How many categories the "most often" sentence names.
    #[serde(default = "three")]
    most_often_count: usize,
    /// A line for the release's methodology box.
    methodology: Option<String>,
    /// Counts by this vocabulary are provisional (outcomes change as investigations end).
    #[serde(default)]
    provisional: bool,
    /// The group a blank cell means in a list of crimes (an outcome not yet recorded: `not_yet_assigned`).
    blank: Option<String>,
    #[serde(default)]
    release: Words,
    #[serde(default)]
    highlight: Vec<Highlight>,
}

fn three() -> usize {
    3
}

/// A vocabulary, loaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    pub name: String,
    pub title: String,
    /// "offence type", "outcome", "age group".
    pub noun: String,
    pub plural: String,
    pub free: bool,
    pub code_words: Vec<String>,
    /// Words that name this vocabulary in a table's heading: its name, noun, plural, column and `headings`.
    pub headings: Vec<String>,
    pub bare_codes: bool,
    pub most_often: MostOften,
    pub most_often_count: usize,
    pub methodology: Option<String>,
    pub provisional: bool,
    pub blank: Option<String>,
    pub words: Words,
    pub highlights: Vec<Highlight>,
    pub entries: Vec<Entry>,
    pub groups: Vec<Group>,
    pub subgroups: Vec<Subgroup>,
    /// Each entry's description and aliases in their loose form, built on first use: a list of a million crimes
    /// asks for thousands of distinct labels, each of which would otherwise re-normalise every entry.
    #[serde(skip)]
    pub(crate) loose_index: LooseIndex,
}

/// Loose wordings → what they name: a derived view of the entries, subgroups and groups, so never compared.
#[derive(Debug, Clone, Default)]
pub(crate) struct LooseIndex(std::sync::OnceLock<LooseMaps>);

#[derive(Debug, Clone, Default)]
pub(crate) struct LooseMaps {
    /// An entry's description or alias → the entry's index.
    pub entries: std::collections::HashMap<String, usize>,
    /// A subgroup's or group's name, label or alias → the category it names.
    pub categories: std::collections::HashMap<String, CategoryMatch>,
    /// An entry's subgroup as `normalise` gives it → the first entry in it.
    pub subgroup_entries: std::collections::HashMap<String, usize>,
}

impl PartialEq for LooseIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl LooseIndex {
    /// Built on first use. Where two things share a wording, the one a scan in order would find first keeps it:
    /// entries in order; then subgroups (as entries name them, then as listed), then groups.
    pub(crate) fn get<'v>(&'v self, v: &Vocabulary) -> &'v LooseMaps {
        use matching::loose;
        self.0.get_or_init(|| {
            let mut m = LooseMaps::default();
            for (i, e) in v.entries.iter().enumerate() {
                for w in std::iter::once(&e.description).chain(&e.aliases) {
                    m.entries.entry(loose(w)).or_insert(i);
                }
            }
            let subgroup = |group: &str, name: &str| CategoryMatch {
                level: Level::Subgroup,
                group: group.to_string(),
                subgroup: Some(name.to_string()),
                code: None,
            };
            for (i, e) in v.entries.iter().enumerate() {
                if let Some(s) = &e.subgroup {
                    m.categories.entry(loose(s)).or_insert_with(|| subgroup(&e.group, s));
                    m.subgroup_entries.entry(normalise(s)).or_insert(i);
                }
            }
            for s in &v.subgroups {
                for w in std::iter::once(&s.name).chain(&s.aliases) {
                    m.categories.entry(loose(w)).or_insert_with(|| subgroup(&s.group, &s.name));
                }
            }
            for g in &v.groups {
                for w in [&g.key, &g.label].into_iter().chain(&g.aliases) {
                    m.categories.entry(loose(w)).or_insert_with(|| CategoryMatch {
                        level: Level::Group,
                        group: g.key.clone(),
                        subgroup: None,
                        code: None,
                    });
                }
            }
            m
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    #[error("vocabulary {name}: {message}")]
    Invalid { name: String, message: String },
}

#[derive(Deserialize)]
struct CategoryRow {
    level: String,
    group: String,
    subgroup: Option<String>,
    aliases: Option<String>,
}

#[derive(Deserialize)]
struct EntryRow {
    code: String,
    description: String,
    #[serde(alias = "offence_group", alias = "outcome_group")]
    group: Option<String>,
    #[serde(alias = "outcome_group_label")]
    group_label: Option<String>,
    #[serde(alias = "offence_subgroup")]
    subgroup: Option<String>,
    #[serde(default)]
    aliases: Option<String>,
}

fn split_aliases(s: &str) -> Vec<String> {
    s.split(';').map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect()
}

const OFFENCE_TOML: &str = include_str!("../../vocabularies/offence.toml");
const OFFENCE_CSV: &str = include_str!("../../vocabularies/offence.csv");
const OFFENCE_CATEGORIES_CSV: &str = include_str!("../../vocabularies/offence-categories.csv");
const OUTCOME_TOML: &str = include_str!("../../vocabularies/outcome.toml");
const OUTCOME_CSV: &str = include_str!("../../vocabularies/outcome.csv");

/// The vocabularies compiled into the binary: the Home Office offence list and crime outcomes framework.
pub fn builtin_vocabularies() -> Vec<Vocabulary> {
    [(OFFENCE_TOML, OFFENCE_CSV, Some(OFFENCE_CATEGORIES_CSV)), (OUTCOME_TOML, OUTCOME_CSV, None)]
        .into_iter()
        .map(|(t, c, g)| {
            Vocabulary::parse_with(t, Some(c), g).expect("the vocabularies compiled into foi are valid (tested)")
        })
        .collect()
}

impl Vocabulary {
    /// A vocabulary from its definition and, unless it is free, the text of its entries CSV.
    pub fn parse(definition: &str, entries_csv: Option<&str>) -> Result<Vocabulary, VocabularyError> {
        Self::parse_with(definition, entries_csv, None)
    }

    /// [`Vocabulary::parse`] with the text of its categories CSV (groups and sub-groups, see `categories`).
    pub fn parse_with(
        definition: &str,
        entries_csv: Option<&str>,
        categories_csv: Option<&str>,
    ) -> Result<Vocabulary, VocabularyError> {
        let d: Definition = toml::from_str(definition)
            .map_err(|e| VocabularyError::Invalid { name: "?".into(), message: e.to_string() })?;
        let invalid = |message: String| VocabularyError::Invalid { name: d.name.clone(), message };
        let mut entries = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        match (d.free, entries_csv) {
            (true, _) => {}
            (false, None) => return Err(invalid("names no entries CSV (entries = \"….csv\") and is not free".into())),
            (false, Some(csv_text)) => {
                let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
                for (i, row) in reader.deserialize::<EntryRow>().enumerate() {
                    let row = row.map_err(|e| invalid(format!("entries row {}: {e}", i + 2)))?;
                    let group = row.group.filter(|g| !g.trim().is_empty()).unwrap_or_else(|| row.description.clone());
                    let label = row.group_label.filter(|l| !l.trim().is_empty()).unwrap_or_else(|| group.clone());
                    if !groups.iter().any(|g| g.key == group) {
                        groups.push(Group { key: group.clone(), label, aliases: Vec::new() });
                    }
                    entries.push(Entry {
                        code: row.code.trim().to_string(),
                        description: row.description,
                        group,
                        subgroup: row.subgroup.filter(|s| !s.trim().is_empty()),
                        aliases: row.aliases.as_deref().map(split_aliases).unwrap_or_default(),
                    });
                }
            }
        }
        let mut subgroups: Vec<Subgroup> = Vec::new();
        if let Some(text) = categories_csv {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            for (i, row) in reader.deserialize::<CategoryRow>().enumerate() {
                let row = row.map_err(|e| invalid(format!("categories row {}: {e}", i + 2)))?;
                let aliases = row.aliases.as_deref().map(split_aliases).unwrap_or_default();
                match (row.level.as_str(), row.subgroup.filter(|s| !s.trim().is_empty())) {
                    ("group", None) => match groups.iter_mut().find(|g| g.key == row.group) {
                        Some(g) => g.aliases.extend(aliases),
                        None => groups.push(Group { key: row.group.clone(), label: row.group, aliases }),
                    },
                    ("subgroup", Some(name)) => {
                        if !groups.iter().any(|g| g.key == row.group) {
                            return Err(invalid(format!(
                                "categories row {}: sub-group of an unknown group {:?}",
                                i + 2,
                                row.group
                            )));
                        }
                        subgroups.push(Subgroup { group: row.group, name, aliases });
                    }
                    (level, _) => {
                        return Err(invalid(format!(
                            "categories row {}: level {level:?} (group, or subgroup with its name)",
                            i + 2
                        )))
                    }
                }
            }
        }
        let headings = {
            let mut h: Vec<String> = [Some(&d.name), Some(&d.noun), Some(&d.plural), d.release.column.as_ref()]
                .into_iter()
                .flatten()
                .chain(&d.headings)
                .map(|w| normalise(&w.replace('_', " ")))
                .filter(|w| !w.is_empty())
                .collect();
            h.sort();
            h.dedup();
            h
        };
        let v = Vocabulary {
            name: d.name.clone(),
            title: d.title,
            noun: d.noun,
            plural: d.plural,
            free: d.free,
            code_words: d.code_words.iter().map(|w| w.to_lowercase()).collect(),
            headings,
            bare_codes: d.bare_codes,
            most_often: d.most_often,
            most_often_count: d.most_often_count.max(1),
            methodology: d.methodology,
            provisional: d.provisional,
            blank: d.blank,
            words: d.release,
            highlights: d.highlight,
            entries,
            groups,
            subgroups,
            loose_index: Default::default(),
        };
        if let Some(b) = &v.blank {
            if v.group(b).is_none() {
                return Err(invalid(format!("blank names an unknown group {b:?}")));
            }
        }
        for h in &v.highlights {
            if let Some(p) = &h.parent {
                if !v.highlights.iter().any(|x| &x.id == p) {
                    return Err(invalid(format!("highlight {:?} names an unknown parent {p:?}", h.id)));
                }
            }
            for c in &h.codes {
                if v.entry(c).is_none() {
                    return Err(invalid(format!("highlight {:?} names an unknown code {c:?}", h.id)));
                }
            }
            for g in &h.groups {
                if v.group(g).is_none() {
                    return Err(invalid(format!("highlight {:?} names an unknown group {g:?}", h.id)));
                }
            }
        }
        Ok(v)
    }

    /// `<dir>/<name>.toml` and the entries CSV it names.
    pub fn load(dir: &Path, name: &str) -> Result<Vocabulary, String> {
        let path = dir.join(format!("{name}.toml"));
        let definition = fs_err::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let value = toml::from_str::<toml::Value>(&definition).ok();
        // A file the definition names (`entries`, `categories`), read from beside it and nowhere else.
        let beside = |key: &str| -> Result<Option<String>, String> {
            let Some(file) = value.as_ref().and_then(|v| v.get(key)).and_then(|e| e.as_str()) else { return Ok(None) };
            let p = dir.join(file);
            if p.components().any(|c| matches!(c, std::path::Component::ParentDir)) || Path::new(file).is_absolute() {
                return Err(format!("{}: {key} {file:?} must be a file beside it", path.display()));
            }
            Ok(Some(fs_err::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?))
        };
        let (csv_text, categories) = (beside("entries")?, beside("categories")?);
        let v = Vocabulary::parse_with(&definition, csv_text.as_deref(), categories.as_deref())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if v.name != name {
            return Err(format!("{} calls itself {:?}: name the file after the vocabulary", path.display(), v.name));
        }
        Ok(v)
    }

    pub fn entry(&self, code: &str) -> Option<&Entry> {
        let code = code.trim();
        self.entries.iter().find(|e| e.code.eq_ignore_ascii_case(code))
    }

    pub fn group(&self, key: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.key == key)
    }

    /// Words for a group: its label, or the key itself.
    pub fn group_label<'a>(&'a self, key: &'a str) -> &'a str {
        self.group(key).map(|g| g.label.as_str()).unwrap_or(key)
    }

    /// Words for a match at its level: the code's description, the subgroup, or the group's label.
    pub fn describe(&self, m: &CategoryMatch) -> String {
        match (&m.code, &m.subgroup) {
            (Some(c), _) => self.entry(c).map(|e| e.description.clone()).unwrap_or_else(|| c.clone()),
            (None, Some(s)) => s.clone(),
            (None, None) => self.group_label(&m.group).to_string(),
        }
    }

    /// Does a table's heading or title name this vocabulary ("Crime Outcome / Financial Year" names outcomes)?
    pub fn named_in(&self, heading: &str) -> bool {
        let text = format!(" {} ", normalise(heading));
        self.headings.iter().any(|w| text.contains(&format!(" {w} ")))
    }

    /// The table a release prints for a breakdown by this vocabulary: as declared, else the highlights when
    /// there are any, else every row ranked.
    pub fn table_style(&self) -> TableStyle {
        self.words.table.unwrap_or(if self.highlights.is_empty() { TableStyle::Ranked } else { TableStyle::Highlights })
    }

    /// "the offences" (or "the {plural}").
    pub fn asked_for(&self) -> String {
        self.words.asked_for.clone().unwrap_or_else(|| format!("the {}", self.plural))
    }
    /// "said what the offences were".
    pub fn gave(&self) -> String {
        self.words.gave.clone().unwrap_or_else(|| format!("said what the {} were", self.plural))
    }
    /// "what the offences were".
    pub fn missing(&self) -> String {
        self.words.missing.clone().unwrap_or_else(|| format!("what the {} were", self.plural))
    }

    /// Does a stored row (code, group) belong to a highlight?
    pub fn in_highlight(h: &Highlight, code: Option<&str>, group: Option<&str>) -> bool {
        code.is_some_and(|c| h.codes.iter().any(|x| x == c)) || group.is_some_and(|g| h.groups.iter().any(|x| x == g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(name: &str) -> Vocabulary {
        builtin_vocabularies().into_iter().find(|v| v.name == name).unwrap()
    }

    #[test]
    fn offences_match_at_the_level_given() {
        let o = v("offence");
        let code = |l: &str| o.match_label(l).and_then(|m| m.code);
        assert_eq!(code("8L - Harassment").as_deref(), Some("8L"));
        assert_eq!(code("8L Harassment").as_deref(), Some("8L"));
        assert_eq!(code("HARASSMENT").as_deref(), Some("8L"));
        assert_eq!(code("Harassment without violence").as_deref(), Some("8L"));
        assert_eq!(code("Sending letters etc with intent to cause distress or anxiety").as_deref(), Some("8R"));
        assert_eq!(code("105A").as_deref(), Some("105A"));
        assert_eq!(code("35").as_deref(), Some("35"));
        let sub = o.match_label("Violence Against The Person - Stalking And Harassment").unwrap();
        assert_eq!((sub.level, sub.subgroup.as_deref()), (Level::Subgroup, Some("Stalking and harassment")));
        assert_eq!(o.match_label("Public order offences").unwrap().level, Level::Subgroup);
        let group = o.match_label("Sexual offences").unwrap();
        assert_eq!((group.level, group.subgroup), (Level::Group, None));
        assert!(o.match_label("Dragon theft").is_none());
        assert!(o.match_label("").is_none());
    }

    #[test]
    fn outcomes_match_by_code_description_or_group() {
        let o = v("outcome");
        let m = |l: &str| o.match_label(l).map(|m| (m.code, m.group));
        let charged = Some((Some("1".to_string()), "charged_summonsed".to_string()));
        assert_eq!(m("Outcome 1 - Charged/Summonsed"), charged);
        assert_eq!(m("1: Charged/Summonsed"), charged);
        assert_eq!(m("OC1"), charged);
        assert_eq!(m("OC 1"), charged);
        assert_eq!(m("Charged/Summonsed"), charged);
        assert_eq!(m("Charge/Summons"), Some((None, "charged_summonsed".to_string())));
        assert_eq!(
            m("Evidential difficulties - victim does not support action"),
            Some((None, "evidential_difficulties_victim_does_not_support".to_string()))
        );
        assert_eq!(m("Outcome 99 - Made up"), None);
        assert_eq!(m("Gremlins"), None);
        assert_eq!(m("16"), None, "a bare number is no outcome code without a code word");
        assert_eq!(m("2021/22"), None);
    }

    #[test]
    fn highlights_are_data_and_checked() {
        let o = v("outcome");
        let charged = o.highlights.iter().find(|h| h.id == "charged").unwrap();
        assert!(Vocabulary::in_highlight(charged, Some("1"), Some("charged_summonsed")));
        assert!(Vocabulary::in_highlight(charged, None, Some("charged_summonsed")));
        assert!(!Vocabulary::in_highlight(charged, Some("16"), None));
        let bad = OUTCOME_TOML.replace("codes = [\"1\"]", "codes = [\"77\"]");
        assert!(Vocabulary::parse(&bad, Some(OUTCOME_CSV)).unwrap_err().to_string().contains("77"));
    }

    #[test]
    fn a_free_vocabulary_takes_the_forces_words() {
        let free = Vocabulary::parse(
            "name = \"hospital\"\ntitle = \"Hospitals\"\nnoun = \"hospital\"\nplural = \"hospitals\"\nfree = true\n",
            None,
        )
        .unwrap();
        assert_eq!(free.match_label("  Royal  Infirmary ").unwrap().group, "Royal Infirmary");
        assert!(free.match_label(" ").is_none());
    }

    #[test]
    fn a_band_written_like_a_code_and_words_is_matched_by_its_own_words() {
        let csv = "code,description,group,aliases\n\
                   U18,Under 18,under_18,\n\
                   18-24,18 to 24,18_to_24,18-24 years;18-24\n\
                   25+,25 and over,25_and_over,\n";
        let ages = Vocabulary::parse(
            "name = \"age\"\ntitle = \"Age\"\nnoun = \"age group\"\nplural = \"age groups\"\n",
            Some(csv),
        )
        .unwrap();
        let code = |l: &str| ages.match_label(l).and_then(|m| m.code);
        assert_eq!(code("18-24").as_deref(), Some("18-24"), "not code 18 followed by the words 24");
        assert_eq!(code("18-24 years").as_deref(), Some("18-24"));
        assert_eq!(code("under 18").as_deref(), Some("U18"));
        assert_eq!(code("25 and over").as_deref(), Some("25+"));
        assert_eq!(code("30-39"), None);
    }
}
