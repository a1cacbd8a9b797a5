//! Review: what ingest could not read cleanly, grouped by force, with what would settle each problem.
//!
//! For an unmapped label: the best reference candidates with scores, the other spellings of the same label
//! (clustered by a normalised fingerprint, then by edit distance, so that one decision covers them all), and the
//! `corrections.toml` lines to paste. For a table not understood: its range and the lines that declare it. The
//! same review renders as a self-contained HTML page ([`html`]) that draws each problem's cells as a grid.
//!
//! Pure: problems in, a review out. The CLI reads the store and prints or writes it.

mod html;
mod suggest;
mod toml_lines;

use std::collections::BTreeMap;

use foi_model::{Campaign, Problem, ProblemKind, Reference, Severity};
use serde::Serialize;

pub use html::{escape as html_escape, html};
pub use suggest::{candidates, clean_label, cluster, Candidate, Cluster};
pub use toml_lines::{toml_lines, toml_string};

/// One problem with what would settle it.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub problem: Problem,
    /// For an unmapped label: the closest reference entries, best first.
    pub candidates: Vec<Candidate>,
    /// Other spellings of the same label met in the campaign (its cluster), this one first.
    pub spellings: Vec<String>,
    /// Lines to paste into corrections.toml (with a reason to fill in); empty when nothing is to be done.
    pub toml: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForceReview {
    /// Force slug; empty for problems of the campaign as a whole.
    pub force: String,
    pub name: String,
    /// Open blocking problems.
    pub blocking: usize,
    pub notes: usize,
    /// Blocking problems settled by a correction.
    pub settled: usize,
    /// Open blocking problems first, then settled ones, then notes.
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CampaignReview {
    pub campaign: String,
    pub title: String,
    pub forces: Vec<ForceReview>,
    /// Unmapped labels grouped by spelling, across forces.
    pub clusters: Vec<Cluster>,
}

impl CampaignReview {
    pub fn open_blocking(&self) -> usize {
        self.forces.iter().map(|f| f.blocking).sum()
    }
}

/// The vocabulary a problem's label belongs to, from the question its measure answers.
fn vocabulary<'c>(campaign: &'c Campaign, p: &Problem) -> Option<&'c foi_model::Vocabulary> {
    let q = campaign.questions.iter().find(|q| Some(&q.measure) == p.measure.as_ref())?;
    campaign.vocabulary_of(q)
}

/// The review of a campaign's problems.
pub fn review(campaign: &Campaign, reference: &Reference, problems: &[Problem]) -> CampaignReview {
    let unmapped: Vec<(&str, &str)> = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::UnmappedLabel && p.settled.is_none())
        .filter_map(|p| p.label.as_deref().map(|l| (l, p.force.as_str())))
        .collect();
    let clusters = cluster(&unmapped);
    let mut by_force: BTreeMap<&str, Vec<&Problem>> = BTreeMap::new();
    for p in problems {
        by_force.entry(p.force.as_str()).or_default().push(p);
    }
    // A question left unanswered beside one table not understood: that table probably answers it, and the
    // suggestion declares it so (and the other way round).
    let unread = |k: ProblemKind| matches!(k, ProblemKind::UnrecognisedTable | ProblemKind::PartlyRead);
    let pair = |ps: &[&Problem], p: &Problem| -> Option<Problem> {
        let open = |f: &dyn Fn(&Problem) -> bool| -> Vec<&Problem> {
            ps.iter().copied().filter(|x| x.is_open_blocking() && f(x)).collect()
        };
        let unanswered = open(&|x| x.kind == ProblemKind::MissingAnswer && x.measure.is_some());
        let tables = open(&|x| unread(x.kind));
        match (p.kind, unanswered.as_slice(), tables.as_slice()) {
            (ProblemKind::MissingAnswer, _, [t]) => Some(Problem { measure: p.measure.clone(), ..(*t).clone() }),
            (k, [q], _) if unread(k) && p.measure.is_none() => {
                Some(Problem { measure: q.measure.clone(), ..p.clone() })
            }
            _ => None,
        }
    };
    let mut forces: Vec<ForceReview> = by_force
        .into_iter()
        .map(|(force, ps)| {
            let mut items: Vec<Item> = ps
                .iter()
                .map(|&p| {
                    let vocab = vocabulary(campaign, p);
                    let (candidates, cluster) = match (&p.label, p.kind) {
                        (Some(l), ProblemKind::UnmappedLabel) => (
                            vocab.map(|v| candidates(v, l)).unwrap_or_default(),
                            clusters.iter().find(|c| c.members.iter().any(|m| m == l)),
                        ),
                        _ => (Vec::new(), None),
                    };
                    // This spelling first, then the others.
                    let spellings: Vec<String> = match (cluster, &p.label) {
                        (Some(c), Some(l)) => {
                            std::iter::once(l.clone()).chain(c.members.iter().filter(|x| *x != l).cloned()).collect()
                        }
                        _ => Vec::new(),
                    };
                    let every_force = cluster.is_some_and(|c| c.forces.len() > 1);
                    let toml = if p.is_open_blocking() {
                        let paired = pair(&ps, p);
                        toml_lines(campaign, paired.as_ref().unwrap_or(p), candidates.first(), &spellings, every_force)
                    } else {
                        String::new()
                    };
                    Item { problem: p.clone(), candidates, spellings, toml }
                })
                .collect();
            items.sort_by_key(|i| order(&i.problem));
            ForceReview {
                force: force.to_string(),
                name: if force.is_empty() {
                    "The campaign as a whole".to_string()
                } else {
                    reference.force_by_slug(force).map(|f| f.name.clone()).unwrap_or_else(|| force.to_string())
                },
                blocking: items.iter().filter(|i| i.problem.is_open_blocking()).count(),
                notes: items.iter().filter(|i| i.problem.severity == Severity::Note).count(),
                settled: items
                    .iter()
                    .filter(|i| i.problem.severity == Severity::Blocking && i.problem.settled.is_some())
                    .count(),
                items,
            }
        })
        .collect();
    // Forces with open problems first, most first; then the rest by name.
    forces.sort_by(|a, b| {
        (b.blocking > 0).cmp(&(a.blocking > 0)).then(b.blocking.cmp(&a.blocking)).then(a.name.cmp(&b.name))
    });
    CampaignReview { campaign: campaign.slug.clone(), title: campaign.title.clone(), forces, clusters }
}

fn order(p: &Problem) -> (u8, ProblemKind) {
    let rank = match (p.severity, &p.settled) {
        (Severity::Blocking, None) => 0,
        (Severity::Blocking, Some(_)) => 1,
        (Severity::Note, _) => 2,
    };
    (rank, p.kind)
}
