//! Reading a force's label as an entry, subgroup or group of a vocabulary.

use super::{CategoryMatch, Entry, Level, Vocabulary};
use crate::normalise;

/// A wording compared in lower case without punctuation and without plural endings: "Drug Offence" is "Drug
/// offences", "Miscellaneous Crime Against Society" is "Miscellaneous crimes against society".
pub fn loose(s: &str) -> String {
    let n = normalise(s);
    let mut out = String::with_capacity(n.len());
    for (i, w) in n.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(match w.strip_suffix('s') {
            Some(stem) if w.len() > 3 && !stem.ends_with('s') => stem,
            _ => w,
        });
    }
    out
}

/// A label without a trailing statute (" - … Act 1986 …") or footnote number (" 5"), when it has one.
fn without_additions(label: &str) -> Option<String> {
    // Every label that matches no entry whole comes through here (a column of crime references, thousands):
    // nothing is allocated until there is something to give back.
    let label = label.trim();
    let mut l = label;
    if label.contains(" - ") {
        // ASCII lower case keeps every byte where it was, so a position found in it cuts the label.
        let lower = label.to_ascii_lowercase();
        if let Some(at) = lower.find(" act ") {
            if let Some(dash) = lower[..at].rfind(" - ") {
                l = &label[..dash];
            }
        }
    }
    // A footnote number: one or two digits after words, not a code or an age band.
    if let Some((words, last)) = l.rsplit_once(' ') {
        // "Under 18", "Aged 10 to 17": a number the words lead up to is part of them.
        let before = words.rsplit(' ').next().unwrap_or("");
        let leads_up = words.chars().any(|c| c.is_ascii_digit())
            || ["under", "over", "to", "aged", "and", "plus", "than", "age"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(before));
        if (1..=2).contains(&last.len())
            && last.chars().all(|c| c.is_ascii_digit())
            && words.chars().any(char::is_alphabetic)
            && !leads_up
        {
            l = words;
        }
    }
    let l = l.trim();
    (l != label && !l.is_empty()).then(|| l.to_string())
}

impl Vocabulary {
    fn code_match(&self, e: &Entry) -> CategoryMatch {
        CategoryMatch {
            level: Level::Code,
            group: e.group.clone(),
            subgroup: e.subgroup.clone(),
            code: Some(e.code.clone()),
        }
    }

    /// What a force's label means here, at the level it speaks: a code ("8L - Harassment", "Outcome 16",
    /// "OC16", "16: …", a description or another wording of it), a subgroup ("Stalking and harassment",
    /// "Violence against the person - Stalking and harassment") or a group ("Sexual offences", "Charge/Summons").
    /// A free vocabulary takes every non-blank label as its own category.
    pub fn match_label(&self, label: &str) -> Option<CategoryMatch> {
        let label = label.trim();
        if self.free {
            return (!label.is_empty()).then(|| CategoryMatch {
                level: Level::Group,
                group: label.split_whitespace().collect::<Vec<_>>().join(" "),
                subgroup: None,
                code: None,
            });
        }
        // The whole label first: a wording such as "18-24" or "10-17" is an entry's own words, not a code "18"
        // followed by more words.
        if let Some(m) = self.match_whole(label) {
            return Some(m);
        }
        // The same words with what forces add after them: the statute ("Affray - Public Order Act 1986. Sec 3")
        // or a footnote number glued on ("Stalking and harassment 5").
        if let Some(m) = without_additions(label).and_then(|l| self.match_whole(&l)) {
            return Some(m);
        }
        if let Some((code, rest, explicit)) = self.code_prefix(label) {
            if let Some(e) = self.entry(code) {
                return Some(self.code_match(e));
            }
            // An explicit code word with an unknown code ("Outcome 99") is not the words after it.
            return if explicit || rest.is_empty() { None } else { self.match_label(rest) };
        }
        // "Group - Subgroup" wording. Every separator has a space: a label without one (a crime reference) is
        // not searched three times.
        let separators: &[&str] = if label.contains(' ') { &[" - ", ": ", " – "] } else { &[] };
        for sep in separators {
            if let Some((g, s)) = label.split_once(sep) {
                let ng = normalise(g);
                let first = self.loose_index.get(self).subgroup_entries.get(&normalise(s));
                if let Some(e) = first.map(|&i| &self.entries[i]) {
                    if normalise(&e.group) == ng || normalise(self.group_label(&e.group)) == ng {
                        return Some(CategoryMatch {
                            level: Level::Subgroup,
                            group: e.group.clone(),
                            subgroup: e.subgroup.clone(),
                            code: None,
                        });
                    }
                }
            }
        }
        None
    }

    /// The label as a whole: a bare code, an entry's description or alias, or a subgroup's or group's words.
    fn match_whole(&self, label: &str) -> Option<CategoryMatch> {
        if self.bare_codes {
            if let Some(e) = self.entry(label) {
                return Some(self.code_match(e));
            }
        }
        let key = loose(label);
        if key.is_empty() {
            return None;
        }
        let entry = self.loose_index.get(self).entries.get(&key).map(|&i| &self.entries[i]);
        match entry {
            Some(e) => Some(self.code_match(e)),
            None => self.category_named(&key),
        }
    }

    /// A subgroup or group named by its words (a subgroup that shares its group's name is a subgroup: the
    /// force's words name both).
    fn category_named(&self, key: &str) -> Option<CategoryMatch> {
        self.loose_index.get(self).categories.get(key).cloned()
    }

    /// A code at the start of a label, the words after it, and whether a code word introduced it:
    /// "Outcome 16 - …", "OC16", "16: …", "8L - Harassment", "8L Harassment" (bare codes only).
    fn code_prefix<'a>(&self, label: &'a str) -> Option<(&'a str, &'a str, bool)> {
        // Code words are in lower case: the label's first bytes, in ASCII lower case, are compared with them.
        let word = self
            .code_words
            .iter()
            .filter(|w| label.as_bytes().get(..w.len()).is_some_and(|head| head.eq_ignore_ascii_case(w.as_bytes())))
            .find(|w| label[w.len()..].trim_start().starts_with(|c: char| c.is_ascii_digit()));
        let (after, explicit) = match word {
            Some(w) => (label[w.len()..].trim_start(), true),
            None => (label, false),
        };
        let end = after.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(after.len());
        let head = &after[..end];
        let digits = head.chars().take_while(|c| c.is_ascii_digit()).count();
        let letters = head.len() - digits;
        if !(1..=4).contains(&digits) || letters > 1 || !head[digits..].chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let rest = &after[end..];
        let separated = rest.trim_start().starts_with([':', '-', '–', '.', '/']);
        let spaced = rest.starts_with(' ');
        let ok = explicit
            || (separated && !rest.trim_start_matches([' ', ':', '-', '–', '.', '/']).is_empty())
            || (self.bare_codes && (spaced || rest.is_empty()) && (letters > 0 || spaced));
        if !ok || rest.is_empty() && !explicit {
            return None;
        }
        Some((head, rest.trim_start_matches([' ', ':', '-', '–', '.', '/']).trim(), explicit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin_vocabularies;

    fn offence() -> Vocabulary {
        builtin_vocabularies().into_iter().find(|v| v.name == "offence").unwrap()
    }

    #[test]
    fn groups_and_subgroups_in_forces_words() {
        let v = offence();
        let at = |l: &str| v.match_label(l).map(|m| (m.level, m.group, m.subgroup));
        let group = |g: &str| Some((Level::Group, g.to_string(), None));
        let sub = |g: &str, s: &str| Some((Level::Subgroup, g.to_string(), Some(s.to_string())));
        assert_eq!(at("Drug Offence"), group("Drug offences"));
        // A sub-group named as its group is read as the sub-group: the words name both.
        let misc = "Miscellaneous crimes against society";
        assert_eq!(at("MISCELLANEOUS CRIMES AGAINST SOCIETY"), sub(misc, misc));
        assert_eq!(at("Miscellaneous Crime Against Society"), sub(misc, misc));
        assert_eq!(at("ARSON AND CRIMINAL DAMAGE"), group("Criminal damage and arson"));
        assert_eq!(at("VEHICLE OFFENCES"), sub("Theft offences", "Vehicle offences"));
        assert_eq!(at("Burglary Business and Community"), sub("Theft offences", "Business and community burglary"));
        assert_eq!(at("Possession of Drugs"), sub("Drug offences", "Possession of drugs"));
        // Words that name no single category are left for a person: "Burglary" (residential or business?),
        // "THEFT" beside separate burglary and vehicle rows, "NON-NOTIFIABLE".
        assert_eq!(at("Burglary"), None);
        assert_eq!(at("THEFT"), None);
        assert_eq!(at("NON-NOTIFIABLE"), None);
    }

    #[test]
    fn statutes_and_footnote_numbers_left_off() {
        let v = offence();
        assert_eq!(v.match_label("Stalking and harassment 5").map(|m| m.level), Some(Level::Subgroup));
        let m = v.match_label("Harassment - Protection from Harassment Act 1997 Sec 2").unwrap();
        assert_eq!(m.code.as_deref(), Some("8L"));
        assert_eq!(without_additions("18-24"), None);
        assert_eq!(without_additions("Aged 10 to 17"), None, "a number that is part of the words");
        assert_eq!(without_additions("Under 18"), None);
        // Cut where the dash is in the label itself, whatever lower case does to letters before it.
        assert_eq!(
            without_additions("İİ harassment - Protection from Harassment Act 1997"),
            Some("İİ harassment".to_string())
        );
    }
}
