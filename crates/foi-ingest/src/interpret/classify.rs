//! What a label means: a total, a category of one of the campaign's breakdown questions, or neither.

use foi_model::{normalise, CategoryMatch, Vocabulary};

use super::Ctx;
use crate::values::is_total_label;

impl Ctx<'_> {
    /// Which breakdown question a label belongs to, and its category (see [`Ctx::classify_all`]).
    pub(super) fn classify(&self, label: &str) -> RowKind {
        self.classify_all(&[label.to_string()]).pop().unwrap_or(RowKind::Other)
    }

    /// The labels of one table, each as a total, a category of a breakdown question, or neither. A label several
    /// vocabularies know ("18-24": an age band, or outcome 18) goes to the vocabulary its words name
    /// ("Outcome 16"), else to the one that knows most of the table's labels, else to the first breakdown asked:
    /// a table's rows answer one question, whatever order the campaign asks them in.
    pub(super) fn classify_all(&self, labels: &[String]) -> Vec<RowKind> {
        let breakdowns = self.breakdowns();
        let hits: Vec<Vec<(usize, CategoryMatch, &Vocabulary)>> = labels
            .iter()
            .map(|label| {
                if is_total_label(label) {
                    return Vec::new();
                }
                breakdowns.iter().filter_map(|(q, v)| Some((*q, self.match_in(v, label)?, *v))).collect()
            })
            .collect();
        let votes = |q: usize| hits.iter().filter(|h| h.iter().any(|(x, ..)| *x == q)).count();
        labels
            .iter()
            .zip(&hits)
            .map(|(label, h)| {
                if is_total_label(label) {
                    return RowKind::Total;
                }
                let words = format!(" {} ", normalise(label));
                let named = |v: &Vocabulary| {
                    [&v.name, &v.noun].iter().any(|w| words.contains(&format!(" {} ", normalise(w))))
                        || v.code_words.iter().any(|w| words.contains(&format!(" {w} ")))
                };
                let best = h
                    .iter()
                    .find(|(.., v)| h.len() > 1 && named(v))
                    .or_else(|| h.iter().max_by_key(|(q, ..)| (votes(*q), std::cmp::Reverse(*q))));
                match best {
                    Some((q, m, _)) => RowKind::Category(*q, m.clone()),
                    None => RowKind::Other,
                }
            })
            .collect()
    }
}

/// What a row's label says.
pub(super) enum RowKind {
    /// A category of the breakdown question with this index.
    Category(usize, CategoryMatch),
    Total,
    Other,
}

/// What a figure counts: its question and category.
#[derive(Clone, Debug)]
pub(crate) struct Subject {
    pub question: usize,
    pub category: Option<CategoryMatch>,
}

impl Subject {
    pub(super) fn of(kind: &RowKind) -> Option<Subject> {
        match kind {
            RowKind::Category(q, m) => Some(Subject { question: *q, category: Some(m.clone()) }),
            _ => None,
        }
    }
}
