//! The forces of England and Wales (and British Transport Police), compiled into the binary from
//! `crates/foi-model/reference/forces.csv`, found by any name or alias. Offence and outcome lists are
//! vocabularies ([`crate::vocabulary`]).
//!
//! Matching is by normalised text ([`normalise`]) against every name and alias the table gives, never by a
//! guess.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

const FORCES_CSV: &str = include_str!("../reference/forces.csv");

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

#[derive(Debug, Clone)]
pub struct Reference {
    pub forces: Vec<Force>,
    force_names: HashMap<String, usize>,
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
    // One pass, no intermediate strings: every label of every sheet comes through here.
    let mut out = String::with_capacity(s.len() + 4);
    // A separator is owed before the next word character (never at the start; runs of separators give one).
    let mut owed = false;
    let word = |out: &mut String, owed: &mut bool, text: &mut dyn Iterator<Item = char>| {
        if *owed && !out.is_empty() {
            out.push(' ');
        }
        *owed = false;
        out.extend(text);
    };
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            word(&mut out, &mut owed, &mut std::iter::once(ch.to_ascii_lowercase()));
        } else if ch == '&' {
            owed = true;
            word(&mut out, &mut owed, &mut "and".chars());
            owed = true;
        } else if !ch.is_ascii() && ch.is_alphanumeric() {
            word(&mut out, &mut owed, &mut ch.to_lowercase());
        } else {
            owed = true;
        }
    }
    out
}

/// Words that name a force's kind rather than the force ("Northants Police" is Northants).
const FORCE_NOISE: &[&str] = &["police", "constabulary", "service", "force", "the"];

fn force_key(s: &str) -> String {
    normalise(s).split(' ').filter(|w| !FORCE_NOISE.contains(w)).collect::<Vec<_>>().join(" ")
}

impl Reference {
    /// The table compiled into the binary.
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
        Reference::new(forces)
    }

    pub fn new(forces: Vec<Force>) -> Reference {
        let mut force_names = HashMap::new();
        for (i, f) in forces.iter().enumerate() {
            for n in [&f.slug, &f.name, &f.official_name].into_iter().chain(&f.aliases) {
                force_names.insert(force_key(n), i);
                force_names.insert(normalise(n), i);
            }
        }
        Reference { forces, force_names }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> Reference {
        Reference::builtin()
    }

    /// The plain statement of what `normalise` does, kept to check the one-pass version against.
    fn normalise_by_steps(s: &str) -> String {
        let s = s.replace('&', " and ");
        let mut out = String::new();
        for ch in s.chars() {
            if ch.is_alphanumeric() {
                out.extend(ch.to_lowercase());
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out.trim().to_string()
    }

    #[test]
    fn normalise_agrees_with_its_definition() {
        let cases = [
            "",
            " ",
            "&",
            "&&",
            "a&b",
            " Devon & Cornwall ",
            "R&D/Other--crimes",
            "  ÉCOLE  Straße İstanbul ΣΑΣ ",
            "3.1 Harassment (s.2)",
            "tab\there\nnewline",
            "½ ² ٣ 〇",
            "Malicious Communications  Act 1988 \u{200b}",
            "&start and end&",
        ];
        for c in cases {
            assert_eq!(normalise(c), normalise_by_steps(c), "{c:?}");
        }
        for line in include_str!("../vocabularies/offence.csv")
            .lines()
            .chain(include_str!("../vocabularies/outcome.csv").lines())
        {
            assert_eq!(normalise(line), normalise_by_steps(line), "{line:?}");
        }
        assert_eq!(normalise("Devon & Cornwall"), "devon and cornwall");
    }

    #[test]
    fn reference_tables_load() {
        let r = r();
        assert_eq!(r.forces.len(), 44);
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
}
