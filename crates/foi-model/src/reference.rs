//! The reference tables that ship with the tool: forces, Home Office offence codes, crime outcomes.
//!
//! Matching is by normalised text ([`normalise`]) against every name and alias a table gives, never by a
//! guess: a label that matches nothing is reported by the caller as a problem and kept with its own words.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

const FORCES_CSV: &str = include_str!("../reference/forces.csv");
const OFFENCES_CSV: &str = include_str!("../reference/offences.csv");
const OUTCOMES_CSV: &str = include_str!("../reference/outcomes.csv");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Force {
    pub slug: String,
    pub name: String,
    pub official_name: String,
    pub ons_pfa_code: Option<String>,
    pub aliases: Vec<String>,
    /// Approximate resident population, rounded to 10,000; absent for forces with no resident area (BTP).
    pub approx_population: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offence {
    pub code: String,
    pub description: String,
    pub group: String,
    pub subgroup: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub code: String,
    pub description: String,
    pub group: String,
    pub group_label: String,
}

/// The level at which a force described an offence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OffenceLevel {
    Code,
    Subgroup,
    Group,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffenceMatch {
    pub level: OffenceLevel,
    pub group: String,
    pub subgroup: Option<String>,
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeMatch {
    pub group: String,
    pub code: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Reference {
    pub forces: Vec<Force>,
    pub offences: Vec<Offence>,
    pub outcomes: Vec<Outcome>,
    force_names: HashMap<String, usize>,
    offence_names: HashMap<String, usize>,
    subgroups: HashMap<String, (String, String)>,
    groups: HashMap<String, String>,
    outcome_names: HashMap<String, usize>,
    outcome_groups: HashMap<String, String>,
}

#[derive(Deserialize)]
struct ForceRow {
    slug: String,
    name: String,
    official_name: String,
    ons_pfa_code: String,
    aliases: String,
    approx_population: String,
}

#[derive(Deserialize)]
struct OffenceRow {
    code: String,
    description: String,
    offence_group: String,
    offence_subgroup: String,
    aliases: String,
}

#[derive(Deserialize)]
struct OutcomeRow {
    code: String,
    description: String,
    outcome_group: String,
    outcome_group_label: String,
}

fn split_aliases(s: &str) -> Vec<String> {
    s.split(';').map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect()
}

fn read_csv<T: for<'de> Deserialize<'de>>(text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("the reference tables compiled into foi are well-formed (checked by tests)")
}

/// Lower case, `&` as `and`, punctuation as spaces, single spaces. "Devon & Cornwall" = "devon and cornwall".
pub fn normalise(s: &str) -> String {
    let s = s.replace('&', " and ");
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// Words that name a force's kind rather than the force ("Northants Police" is Northants).
const FORCE_NOISE: &[&str] = &["police", "constabulary", "service", "force", "the"];

fn force_key(s: &str) -> String {
    normalise(s).split(' ').filter(|w| !FORCE_NOISE.contains(w)).collect::<Vec<_>>().join(" ")
}

impl Reference {
    /// The tables compiled into the binary.
    pub fn builtin() -> Reference {
        let forces = read_csv::<ForceRow>(FORCES_CSV)
            .into_iter()
            .map(|r| Force {
                slug: r.slug,
                name: r.name,
                official_name: r.official_name,
                ons_pfa_code: Some(r.ons_pfa_code).filter(|s| !s.is_empty()),
                aliases: split_aliases(&r.aliases),
                approx_population: r.approx_population.trim().parse().ok(),
            })
            .collect();
        let offences = read_csv::<OffenceRow>(OFFENCES_CSV)
            .into_iter()
            .map(|r| Offence {
                code: r.code,
                description: r.description,
                group: r.offence_group,
                subgroup: r.offence_subgroup,
                aliases: split_aliases(&r.aliases),
            })
            .collect();
        let outcomes = read_csv::<OutcomeRow>(OUTCOMES_CSV)
            .into_iter()
            .map(|r| Outcome {
                code: r.code,
                description: r.description,
                group: r.outcome_group,
                group_label: r.outcome_group_label,
            })
            .collect();
        Reference::new(forces, offences, outcomes)
    }

    pub fn new(forces: Vec<Force>, offences: Vec<Offence>, outcomes: Vec<Outcome>) -> Reference {
        let mut force_names = HashMap::new();
        for (i, f) in forces.iter().enumerate() {
            for n in [&f.slug, &f.name, &f.official_name].into_iter().chain(&f.aliases) {
                force_names.insert(force_key(n), i);
                force_names.insert(normalise(n), i);
            }
        }
        let mut offence_names = HashMap::new();
        let mut subgroups = HashMap::new();
        let mut groups = HashMap::new();
        for (i, o) in offences.iter().enumerate() {
            for n in std::iter::once(&o.description).chain(&o.aliases) {
                offence_names.insert(normalise(n), i);
            }
            subgroups.insert(normalise(&o.subgroup), (o.group.clone(), o.subgroup.clone()));
            groups.insert(normalise(&o.group), o.group.clone());
        }
        let mut outcome_names = HashMap::new();
        let mut outcome_groups = HashMap::new();
        for (i, o) in outcomes.iter().enumerate() {
            outcome_names.insert(normalise(&o.description), i);
            outcome_groups.insert(normalise(&o.group_label), o.group.clone());
            outcome_groups.insert(normalise(&o.group), o.group.clone());
        }
        Reference {
            forces,
            offences,
            outcomes,
            force_names,
            offence_names,
            subgroups,
            groups,
            outcome_names,
            outcome_groups,
        }
    }

    /// The force named by a slug, name, official name or alias, in any case ("Northants Police").
    pub fn force(&self, name: &str) -> Option<&Force> {
        let i = self
            .force_names
            .get(&normalise(name))
            .or_else(|| self.force_names.get(&force_key(name)))
            .or_else(|| self.force_names.get(&force_key(&name.replace(['-', '_'], " "))))?;
        Some(&self.forces[*i])
    }

    /// The one force whose name or alias stands as whole words in `text`, for folder names such as
    /// "2024-07-19 Northants reply". `None` when no force, or more than one, is named.
    pub fn force_mentioned(&self, text: &str) -> Option<&Force> {
        let words = format!(" {} ", normalise(&text.replace(['-', '_'], " ")));
        let mut found: Option<usize> = None;
        for (key, &i) in &self.force_names {
            if key.len() < 3 || !words.contains(&format!(" {key} ")) {
                continue;
            }
            match found {
                Some(j) if j != i => return None,
                _ => found = Some(i),
            }
        }
        found.map(|i| &self.forces[i])
    }

    pub fn force_by_slug(&self, slug: &str) -> Option<&Force> {
        self.forces.iter().find(|f| f.slug == slug)
    }

    /// The closest force name to a misspelt one, for "did you mean".
    pub fn suggest_force(&self, name: &str) -> Option<&Force> {
        let key = force_key(name);
        self.force_names
            .iter()
            .map(|(n, i)| (strsim::jaro_winkler(&key, n), *i))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| &self.forces[i])
    }

    pub fn offence_by_code(&self, code: &str) -> Option<&Offence> {
        let code = code.trim();
        self.offences.iter().find(|o| o.code.eq_ignore_ascii_case(code))
    }

    /// Map a force's offence label to the reference at the level it speaks: a code ("8L - Harassment",
    /// "Harassment", statute wording), a subgroup ("Stalking and harassment", "Violence Against The Person -
    /// Stalking And Harassment") or a group ("Sexual offences").
    pub fn match_offence(&self, label: &str) -> Option<OffenceMatch> {
        let label = label.trim();
        if let Some((code, rest)) = split_code_prefix(label) {
            if let Some(o) = self.offence_by_code(code) {
                return Some(code_match(o));
            }
            return self.match_offence(rest);
        }
        if let Some(o) = self.offence_by_code(label) {
            return Some(code_match(o));
        }
        let key = normalise(label);
        if let Some(&i) = self.offence_names.get(&key) {
            return Some(code_match(&self.offences[i]));
        }
        if let Some(m) = self.match_offence_category(&key) {
            return Some(m);
        }
        // "Group - Subgroup" wording.
        for sep in [" - ", ": ", " – "] {
            if let Some((g, s)) = label.split_once(sep) {
                if let Some((group, subgroup)) = self.subgroups.get(&normalise(s)) {
                    if normalise(group) == normalise(g) {
                        return Some(OffenceMatch {
                            level: OffenceLevel::Subgroup,
                            group: group.clone(),
                            subgroup: Some(subgroup.clone()),
                            code: None,
                        });
                    }
                }
            }
        }
        None
    }

    fn match_offence_category(&self, key: &str) -> Option<OffenceMatch> {
        // A subgroup that shares its group's name ("Public order offences") is reported at subgroup level:
        // the force's words name both.
        if let Some((group, subgroup)) = self.subgroups.get(key) {
            return Some(OffenceMatch {
                level: OffenceLevel::Subgroup,
                group: group.clone(),
                subgroup: Some(subgroup.clone()),
                code: None,
            });
        }
        self.groups.get(key).map(|group| OffenceMatch {
            level: OffenceLevel::Group,
            group: group.clone(),
            subgroup: None,
            code: None,
        })
    }

    pub fn outcome_by_code(&self, code: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.code == code.trim())
    }

    /// Map an outcome label ("Outcome 16 - …", "16: …", "OC16", the description, or a group label such as
    /// "Charge/Summons") to the framework.
    pub fn match_outcome(&self, label: &str) -> Option<OutcomeMatch> {
        let label = label.trim();
        if let Some((code, _rest)) = outcome_code_prefix(label) {
            let o = self.outcome_by_code(&code)?;
            return Some(OutcomeMatch { group: o.group.clone(), code: Some(o.code.clone()) });
        }
        let key = normalise(label);
        if let Some(&i) = self.outcome_names.get(&key) {
            let o = &self.outcomes[i];
            return Some(OutcomeMatch { group: o.group.clone(), code: Some(o.code.clone()) });
        }
        self.outcome_groups.get(&key).map(|g| OutcomeMatch { group: g.clone(), code: None })
    }

    pub fn outcome_group_label(&self, group: &str) -> Option<&str> {
        self.outcomes.iter().find(|o| o.group == group).map(|o| o.group_label.as_str())
    }
}

fn code_match(o: &Offence) -> OffenceMatch {
    OffenceMatch {
        level: OffenceLevel::Code,
        group: o.group.clone(),
        subgroup: Some(o.subgroup.clone()),
        code: Some(o.code.clone()),
    }
}

/// "8L - Harassment" → ("8L", "Harassment"). A code is 1–3 digits and up to one letter.
fn split_code_prefix(label: &str) -> Option<(&str, &str)> {
    let (head, rest) = label.split_once([' ', ':', '-', '–'])?;
    let head = head.trim();
    let digits = head.chars().take_while(|c| c.is_ascii_digit()).count();
    let tail = &head[digits..];
    let looks_like_code = (1..=3).contains(&digits) && tail.len() <= 1 && tail.chars().all(|c| c.is_ascii_alphabetic());
    if !looks_like_code {
        return None;
    }
    let rest = rest.trim_start_matches([' ', ':', '-', '–']).trim();
    (!rest.is_empty()).then_some((head, rest))
}

/// "Outcome 16 - …", "Outcome 16", "16: …", "16 - …", "OC16", "OC 16" → ("16", rest).
fn outcome_code_prefix(label: &str) -> Option<(String, &str)> {
    let lower = label.to_ascii_lowercase();
    let (skip, explicit) = if lower.starts_with("outcome") {
        ("outcome".len(), true)
    } else if lower.starts_with("oc") && lower[2..].trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        (2, true)
    } else {
        (0, false)
    };
    let after = label[skip..].trim_start();
    let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let rest = &after[digits.len()..];
    let rest_trim = rest.trim_start();
    // A bare number is only a code when the label says "Outcome"; "16: text" and "16 - text" are codes too.
    let separated = rest_trim.starts_with([':', '-', '–', '.']) || rest_trim.is_empty();
    if !(explicit || (separated && !rest_trim.is_empty())) {
        return None;
    }
    Some((digits, rest_trim.trim_start_matches([':', '-', '–', '.', ' '])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> Reference {
        Reference::builtin()
    }

    #[test]
    fn reference_tables_load() {
        let r = r();
        assert_eq!(r.forces.len(), 44);
        assert_eq!(r.outcomes.len(), 23);
        assert!(r.offences.len() > 20);
    }

    #[test]
    fn forces_are_found_by_any_name_in_any_case() {
        let r = r();
        for name in ["Northants Police", "northamptonshire", "NORTHAMPTONSHIRE POLICE", "Northamptonshire-Police"] {
            assert_eq!(r.force(name).map(|f| f.slug.as_str()), Some("northamptonshire"), "{name}");
        }
        assert_eq!(r.force("Devon & Cornwall Police").unwrap().slug, "devon-and-cornwall");
        assert_eq!(r.force("met").unwrap().slug, "metropolitan");
        assert!(r.force("Gotham City Police").is_none());
        assert_eq!(r.suggest_force("Northamptonshre").unwrap().slug, "northamptonshire");
        assert_eq!(r.force_mentioned("2024-07-19 Northants reply").unwrap().slug, "northamptonshire");
        assert_eq!(r.force_mentioned("FOI South Wales Police (final)").unwrap().slug, "south-wales");
        assert!(r.force_mentioned("Kent and Essex joint reply").is_none(), "two forces: not guessed");
        assert!(r.force_mentioned("misc").is_none());
    }

    #[test]
    fn offences_match_at_the_level_given() {
        let r = r();
        let code = |l: &str| r.match_offence(l).and_then(|m| m.code);
        assert_eq!(code("8L - Harassment").as_deref(), Some("8L"));
        assert_eq!(code("HARASSMENT").as_deref(), Some("8L"));
        assert_eq!(code("Harassment without violence").as_deref(), Some("8L"));
        assert_eq!(code("Sending letters etc with intent to cause distress or anxiety").as_deref(), Some("8R"));
        assert_eq!(code("105A").as_deref(), Some("105A"));
        let sub = r.match_offence("Violence Against The Person - Stalking And Harassment").unwrap();
        assert_eq!((sub.level, sub.subgroup.as_deref()), (OffenceLevel::Subgroup, Some("Stalking and harassment")));
        let both = r.match_offence("Public order offences").unwrap();
        assert_eq!(both.level, OffenceLevel::Subgroup);
        let group = r.match_offence("Sexual offences").unwrap();
        assert_eq!((group.level, group.subgroup), (OffenceLevel::Group, None));
        assert!(r.match_offence("Dragon theft").is_none());
    }

    #[test]
    fn outcomes_match_by_code_description_or_group() {
        let r = r();
        let m = |l: &str| r.match_outcome(l).map(|m| (m.code, m.group));
        let charged = Some((Some("1".to_string()), "charged_summonsed".to_string()));
        assert_eq!(m("Outcome 1 - Charged/Summonsed"), charged);
        assert_eq!(m("1: Charged/Summonsed"), charged);
        assert_eq!(m("OC1"), charged);
        assert_eq!(m("Charged/Summonsed"), charged);
        assert_eq!(m("Charge/Summons"), Some((None, "charged_summonsed".to_string())));
        assert_eq!(
            m("Evidential difficulties - victim does not support action"),
            Some((None, "evidential_difficulties_victim_does_not_support".to_string()))
        );
        assert_eq!(m("Outcome 99 - Made up"), None);
        assert_eq!(m("Gremlins"), None);
    }
}
