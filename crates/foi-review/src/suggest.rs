//! Candidates for an unmapped label, and clusters of spellings of one label.

use foi_model::{normalise, Vocabulary};
use serde::Serialize;

/// A vocabulary entry a label may mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub vocabulary: String,
    /// The corrections.toml key that maps to it beside `vocabulary`: `code`, `subgroup` or `group`.
    pub key: &'static str,
    /// The value for that key: a code, or a group's or subgroup's name.
    pub value: String,
    /// The entry in words.
    pub name: String,
    /// 0 to 1: how alike the label and the entry's wording are.
    pub score: f64,
}

/// How many candidates are offered.
pub const CANDIDATES: usize = 3;

/// Words that carry no meaning for matching: statute references, footnote numbers, filler.
const NOISE: &[&str] = &["act", "sec", "section", "s", "the", "of", "a", "an", "etc", "offence", "offences", "other"];

/// A label for comparison: normalised, statute references and glued-on footnote numbers dropped.
pub fn clean_label(label: &str) -> String {
    let n = normalise(label);
    n.split(' ')
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()) && !NOISE.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn tokens(s: &str) -> Vec<&str> {
    s.split(' ').filter(|w| !w.is_empty()).collect()
}

/// Alike-ness of two cleaned labels: the best of edit distance over the whole text, and word overlap (each word
/// matched to its closest word in the other, so that typos and abbreviations still count).
pub fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let whole = strsim::normalized_damerau_levenshtein(a, b);
    let (ta, tb) = (tokens(a), tokens(b));
    let best = |w: &str, other: &[&str]| -> f64 {
        other
            .iter()
            .map(|o| {
                let lev = strsim::normalized_levenshtein(w, o);
                // "agg" for "aggravated", "comms" for "communications".
                let prefix =
                    if w.len() >= 3 && o.starts_with(w) || o.len() >= 3 && w.starts_with(o) { 0.9 } else { 0.0 };
                lev.max(prefix)
            })
            .fold(0.0, f64::max)
    };
    let ab: f64 = ta.iter().map(|w| best(w, &tb)).sum::<f64>() / ta.len() as f64;
    let ba: f64 = tb.iter().map(|w| best(w, &ta)).sum::<f64>() / tb.len() as f64;
    let words = 2.0 * ab * ba / (ab + ba).max(f64::EPSILON);
    whole.max(words)
}

/// The closest entries of `v` to `label`, best first, at most [`CANDIDATES`], with scores.
pub fn candidates(v: &Vocabulary, label: &str) -> Vec<Candidate> {
    let label = clean_label(label);
    let mut all: Vec<Candidate> = Vec::new();
    let mut push = |key: &'static str, value: &str, name: String, wordings: &[&str]| {
        let score = wordings.iter().map(|w| similarity(&label, &clean_label(w))).fold(0.0, f64::max);
        if let Some(c) = all.iter_mut().find(|c| c.key == key && c.value == value) {
            c.score = c.score.max(score);
        } else {
            all.push(Candidate { vocabulary: v.name.clone(), key, value: value.to_string(), name, score });
        }
    };
    for e in &v.entries {
        let mut wordings: Vec<&str> = vec![&e.description];
        wordings.extend(e.aliases.iter().map(String::as_str));
        push("code", &e.code, format!("{} ({})", e.description, e.code), &wordings);
        if let Some(sub) = &e.subgroup {
            push("subgroup", sub, format!("{sub} (sub-group)"), &[sub]);
        }
    }
    for g in &v.groups {
        push("group", &g.key, format!("{} (group)", g.label), &[&g.label]);
    }
    all.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.name.cmp(&b.name)));
    all.retain(|c| c.score >= 0.3);
    all.truncate(CANDIDATES);
    for c in &mut all {
        c.score = (c.score * 100.0).round() / 100.0;
    }
    all
}

/// Spellings of one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// The cleaned wording the members share (of the first member).
    pub key: String,
    /// The labels as forces wrote them, each once, in first-seen order.
    pub members: Vec<String>,
    /// The forces that wrote them, each once.
    pub forces: Vec<String>,
}

/// How alike two fingerprints must be to count as one label spelt two ways.
const SAME_LABEL: f64 = 0.85;

/// Group labels (with the force that wrote each) that are one label spelt differently: first by fingerprint
/// (cleaned words, sorted), then by edit distance between fingerprints. A label met once, in one force, is no
/// cluster.
pub fn cluster(labels: &[(&str, &str)]) -> Vec<Cluster> {
    let fingerprint = |l: &str| {
        let mut w: Vec<String> = tokens(&clean_label(l)).into_iter().map(String::from).collect();
        w.sort();
        w.dedup();
        w.join(" ")
    };
    let mut groups: Vec<(String, Cluster)> = Vec::new();
    for &(l, force) in labels {
        let f = fingerprint(l);
        if f.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(g, _)| *g == f || strsim::normalized_levenshtein(g, &f) >= SAME_LABEL) {
            Some((_, c)) => {
                if !c.members.iter().any(|m| m == l) {
                    c.members.push(l.to_string());
                }
                if !c.forces.iter().any(|x| x == force) {
                    c.forces.push(force.to_string());
                }
            }
            None => groups.push((
                f,
                Cluster { key: clean_label(l), members: vec![l.to_string()], forces: vec![force.to_string()] },
            )),
        }
    }
    groups.into_iter().map(|(_, c)| c).filter(|c| c.members.len() > 1 || c.forces.len() > 1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_abbreviations_and_footnotes_find_their_entry() {
        let all = foi_model::vocabulary::builtin_vocabularies();
        let (offence, outcome) = (&all[0], &all[1]);
        let top = |l: &str| candidates(offence, l).into_iter().next().map(|c| (c.key, c.value));
        assert_eq!(top("Harrassment"), Some(("code", "8L".to_string())));
        assert_eq!(top("Stalking and harassment 5"), Some(("subgroup", "Stalking and harassment".to_string())));
        assert_eq!(top("MALICIOUS COMMS"), Some(("code", "8R".to_string())));
        let c = candidates(offence, "Harrassment");
        assert!(c.len() <= CANDIDATES && c[0].score > 0.8, "{c:?}");
        let o = candidates(outcome, "Evidential difficulties victim doesnt support");
        assert_eq!(o[0].vocabulary, "outcome", "{o:?}");
    }

    #[test]
    fn spellings_of_one_label_cluster() {
        let c = cluster(&[
            ("Harrassment", "kent"),
            ("HARASSMENT 5", "essex"),
            ("harrasment", "kent"),
            ("Theft of a dragon", "kent"),
            ("Stalking", "kent"),
        ]);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].members, ["Harrassment", "HARASSMENT 5", "harrasment"]);
        assert_eq!(c[0].forces, ["kent", "essex"]);
    }
}
