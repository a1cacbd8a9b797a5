//! What a label means: a total, a category of one of the campaign's breakdown questions, or neither.

use foi_model::{normalise, CategoryMatch, Vocabulary};

use super::Ctx;
use crate::tables::Table;
use crate::values::is_total_label;

/// What a table says it is about.
pub(super) struct About {
    /// Its header row and its sheet's name: what the table itself says.
    pub own: String,
    /// Those and the headings and paragraphs above it, which may speak of the whole request ("crimes on hospital
    /// grounds, by offence").
    pub all: String,
}

pub(super) fn about(t: &Table<'_>) -> About {
    let header = (0..t.width()).map(|c| t.header(c)).collect::<Vec<_>>().join(" ");
    let own = format!("{header} {}", t.sheet.name);
    About { all: format!("{} {own}", t.context.join(" ")), own }
}

impl Ctx<'_> {
    /// Which breakdown question a label belongs to, and its category (see [`Ctx::classify_all`]).
    pub(super) fn classify(&self, label: &str, about: &About) -> RowKind {
        self.classify_all(&[label.to_string()], about).pop().unwrap_or(RowKind::Other)
    }

    /// The labels of one table, each as a total, a category of a breakdown question, or neither. A label several
    /// vocabularies know ("18-24": an age band, or outcome 18) goes to the vocabulary its words name
    /// ("Outcome 16"), else to the one that knows most of the table's labels, else to the first breakdown asked:
    /// a table's rows answer one question, whatever order the campaign asks them in. A free vocabulary (whose
    /// categories are any words, such as hospitals' names) is only considered where the table's heading names it
    /// itself (`about.own`; the paragraphs above may name the whole request): anywhere else it would swallow every
    /// label nothing else knows.
    pub(super) fn classify_all(&self, labels: &[String], about: &About) -> Vec<RowKind> {
        let breakdowns: Vec<(usize, &Vocabulary)> =
            self.breakdowns().into_iter().filter(|(_, v)| !v.free || v.named_in(&about.own)).collect();
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
                // Known to several: the one the label names, else the one the table's heading names, else the one
                // most of the table's labels belong to.
                let best = h
                    .iter()
                    .find(|(.., v)| h.len() > 1 && named(v))
                    .or_else(|| h.iter().find(|(.., v)| h.len() > 1 && !v.free && v.named_in(&about.all)))
                    .or_else(|| h.iter().max_by_key(|(q, ..)| (votes(*q), std::cmp::Reverse(*q))));
                match best {
                    Some((q, m, _)) => RowKind::Category(*q, m.clone()),
                    None => RowKind::Other,
                }
            })
            .collect()
    }

    /// The question a table's rows answer: the one most of its labels belong to, else the one its heading names.
    pub(super) fn dominant(&self, kinds: &[RowKind], about: &About) -> Option<usize> {
        let votes = |q: usize| kinds.iter().filter(|k| matches!(k, RowKind::Category(x, _) if *x == q)).count();
        let breakdowns = self.breakdowns();
        breakdowns
            .iter()
            .map(|(q, _)| *q)
            .filter(|&q| votes(q) > 0)
            .max_by_key(|&q| (votes(q), std::cmp::Reverse(q)))
            .or_else(|| {
                let named: Vec<usize> = breakdowns
                    .iter()
                    .filter(|(_, v)| v.named_in(if v.free { &about.own } else { &about.all }))
                    .map(|(q, _)| *q)
                    .collect();
                (named.len() == 1).then(|| named[0])
            })
    }
}

/// What a row's label says.
#[derive(Clone)]
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
