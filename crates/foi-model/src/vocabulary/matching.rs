//! Reading a force's label as an entry, subgroup or group of a vocabulary.

use super::{CategoryMatch, Entry, Level, Vocabulary};
use crate::normalise;

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
        if let Some((code, rest, explicit)) = self.code_prefix(label) {
            if let Some(e) = self.entry(code) {
                return Some(self.code_match(e));
            }
            // An explicit code word with an unknown code ("Outcome 99") is not the words after it.
            return if explicit || rest.is_empty() { None } else { self.match_label(rest) };
        }
        // "Group - Subgroup" wording.
        for sep in [" - ", ": ", " – "] {
            if let Some((g, s)) = label.split_once(sep) {
                let ng = normalise(g);
                if let Some(e) =
                    self.entries.iter().find(|e| e.subgroup.as_deref().is_some_and(|sg| normalise(sg) == normalise(s)))
                {
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
        let key = normalise(label);
        if key.is_empty() {
            return None;
        }
        let entry = self
            .entries
            .iter()
            .find(|e| normalise(&e.description) == key || e.aliases.iter().any(|a| normalise(a) == key));
        match entry {
            Some(e) => Some(self.code_match(e)),
            None => self.category_named(&key),
        }
    }

    /// A subgroup or group named by its words (a subgroup that shares its group's name is a subgroup: the
    /// force's words name both).
    fn category_named(&self, key: &str) -> Option<CategoryMatch> {
        if let Some(e) = self.entries.iter().find(|e| e.subgroup.as_deref().is_some_and(|s| normalise(s) == key)) {
            return Some(CategoryMatch {
                level: Level::Subgroup,
                group: e.group.clone(),
                subgroup: e.subgroup.clone(),
                code: None,
            });
        }
        self.groups.iter().find(|g| normalise(&g.key) == key || normalise(&g.label) == key).map(|g| CategoryMatch {
            level: Level::Group,
            group: g.key.clone(),
            subgroup: None,
            code: None,
        })
    }

    /// A code at the start of a label, the words after it, and whether a code word introduced it:
    /// "Outcome 16 - …", "OC16", "16: …", "8L - Harassment", "8L Harassment" (bare codes only).
    fn code_prefix<'a>(&self, label: &'a str) -> Option<(&'a str, &'a str, bool)> {
        let lower = label.to_ascii_lowercase();
        let word = self
            .code_words
            .iter()
            .filter(|w| lower.starts_with(w.as_str()))
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
