//! How many of the offence labels real forces wrote (569 of them, from 29 forces' answers to one campaign:
//! ../shared/real-world/labels/) the shipped offence vocabulary maps, to which level, and that none lands in a
//! wrong group. The oracle is the Home Office list's facts in ../shared/reference/ (read at test time, never
//! copied here). Skipped, saying so, when ../shared is absent.
// A skip and the coverage figures are printed, where `cargo test -- --nocapture` shows them.
#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use foi_model::vocabulary::loose;
use foi_model::{builtin_vocabularies, normalise, Level, Vocabulary};
use foi_tests::root;

fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("FOI_SHARED").map(PathBuf::from).unwrap_or_else(|| root().join("../shared"));
    dir.join("real-world/labels/offence-labels-29-forces.txt").exists().then_some(dir)
}

/// Wording (loose) → the Home Office group it belongs to, and code → group, from the reference files.
fn oracle(shared: &Path) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let (mut words, mut codes) = (BTreeMap::new(), BTreeMap::new());
    let mut full = csv::Reader::from_path(shared.join("reference/offences-full.csv")).unwrap();
    let h = full.headers().unwrap().clone();
    let at = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (code, desc, group, aliases) = (at("code"), at("description"), at("offence_group"), at("aliases"));
    for r in full.records() {
        let r = r.unwrap();
        codes.insert(r[code].to_uppercase(), r[group].to_string());
        for w in std::iter::once(&r[desc]).chain(r[aliases].split(';')) {
            words.insert(loose(w), r[group].to_string());
        }
    }
    let mut groups = csv::Reader::from_path(shared.join("reference/offence-groups.csv")).unwrap();
    for r in groups.records() {
        let r = r.unwrap();
        for w in [&r[1], &r[2]].into_iter().chain(r[3].split(';')) {
            if !w.is_empty() {
                words.insert(loose(w), r[1].to_string());
            }
        }
    }
    (words, codes)
}

/// Labels mapped (of all), by level, and the labels in a wrong group.
fn coverage(shared: &Path, v: &Vocabulary) -> (usize, usize, BTreeMap<&'static str, usize>, Vec<String>) {
    let text = fs_err::read_to_string(shared.join("real-world/labels/offence-labels-29-forces.txt")).unwrap();
    let labels: Vec<String> =
        text.lines().skip(1).map(|l| l.trim().trim_matches('"').to_string()).filter(|l| !l.is_empty()).collect();
    let group_name = |key: &str| v.group_label(key).to_string();
    let (words, codes) = oracle(shared);
    let mut by_level: BTreeMap<&str, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for l in &labels {
        let Some(m) = v.match_label(l) else {
            *by_level.entry("unmapped").or_default() += 1;
            continue;
        };
        *by_level
            .entry(match m.level {
                Level::Code => "code",
                Level::Subgroup => "subgroup",
                Level::Group => "group",
            })
            .or_default() += 1;
        let ours = group_name(&m.group);
        let theirs = words.get(&loose(l)).or_else(|| m.code.as_ref().and_then(|c| codes.get(&c.to_uppercase())));
        if let Some(theirs) = theirs {
            if normalise(theirs) != normalise(&ours) {
                wrong.push(format!("{l:?}: mapped to {ours:?}, the Home Office list says {theirs:?}"));
            }
        }
    }
    let mapped = labels.len() - by_level.get("unmapped").copied().unwrap_or(0);
    (mapped, labels.len(), by_level, wrong)
}

#[test]
fn real_offence_labels_map_to_the_right_group_or_not_at_all() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED real_offence_labels…: ../shared/real-world/labels is absent (set FOI_SHARED)");
        return;
    };
    let v: Vocabulary = builtin_vocabularies().into_iter().find(|v| v.name == "offence").unwrap();
    let (mapped, n, by_level, wrong) = coverage(&shared, &v);
    eprintln!("{n} real offence labels, shipped vocabulary: {mapped} mapped {by_level:?}");
    assert!(wrong.is_empty(), "labels mapped to a wrong group:\n{}", wrong.join("\n"));
    // The coverage this vocabulary defends: groups, sub-groups and 23 common classifications, exact wordings only.
    assert!(mapped >= 92, "coverage fell: {mapped} of {n} mapped");
}

/// A campaign can use the Home Office's full offence list instead: its own `vocabularies/offence.toml` naming the
/// list beside it replaces the built-in vocabulary.
#[test]
fn the_full_home_office_list_can_replace_the_shipped_vocabulary() {
    let Some(shared) = shared() else {
        eprintln!("SKIPPED the_full_home_office_list…: ../shared/reference is absent (set FOI_SHARED)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let shipped = root().join("crates/foi-model/vocabularies");
    let toml = fs_err::read_to_string(shipped.join("offence.toml"))
        .unwrap()
        .replace("entries = \"offence.csv\"", "entries = \"offences-full.csv\"");
    fs_err::write(tmp.path().join("offence.toml"), toml).unwrap();
    fs_err::copy(shared.join("reference/offences-full.csv"), tmp.path().join("offences-full.csv")).unwrap();
    fs_err::copy(shipped.join("offence-categories.csv"), tmp.path().join("offence-categories.csv")).unwrap();
    let v = Vocabulary::load(tmp.path(), "offence").expect("the full list loads as the offence vocabulary");
    assert!(v.entries.len() > 100, "{} entries", v.entries.len());
    let (mapped, n, by_level, wrong) = coverage(&shared, &v);
    eprintln!("{n} real offence labels, full Home Office list: {mapped} mapped {by_level:?}");
    assert!(wrong.is_empty(), "labels mapped to a wrong group:\n{}", wrong.join("\n"));
    assert!(mapped > 92, "the full list maps no more than the shipped vocabulary: {mapped}");
}
