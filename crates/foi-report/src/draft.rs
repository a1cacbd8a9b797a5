//! A draft: a banner on every page, and on page 1 what is still open and how to settle it.

use foi_analysis::OpenProblem;

use crate::data::DraftBox;

/// The banner a draft carries on every page.
pub const DRAFT_BANNER: &str = "DRAFT — NOT FOR PUBLICATION";

/// How many open problems a draft's box lists before pointing to `foi review`.
pub const DRAFT_ITEMS_SHOWN: usize = 8;

/// `file [sheet]!B5, B6: message. To settle: hint`
pub fn open_problem_line(p: &OpenProblem) -> String {
    let mut at = p.source.to_string();
    let more: Vec<&String> = p.cells.iter().filter(|c| **c != p.source.cell).collect();
    if !more.is_empty() {
        at.push_str(&format!(", {}", more.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")));
    }
    let hint = if p.hint.is_empty() { String::new() } else { format!(" To settle: {}.", p.hint.trim_end_matches('.')) };
    format!("{at}: {}.{hint}", p.message.trim_end_matches('.'))
}

/// The draft box for `open` problems; `review` is the command that lists them all.
pub(crate) fn draft_box(open: &[OpenProblem], review: &str) -> DraftBox {
    let mut items: Vec<String> = open.iter().take(DRAFT_ITEMS_SHOWN).map(open_problem_line).collect();
    if open.len() > DRAFT_ITEMS_SHOWN {
        items.push(format!("… and {} more: run `{review}`.", open.len() - DRAFT_ITEMS_SHOWN));
    }
    DraftBox {
        banner: DRAFT_BANNER.to_string(),
        title: "Open problems: figures in this draft may be wrong".to_string(),
        intro: format!(
            "Ingest found {} that {} a figure here doubtful. Settle each in the force's files or in corrections.toml, re-run `foi ingest`, and write the release again; until then it is a draft.",
            noun_count(open.len(), "problem", "problems"),
            if open.len() == 1 { "makes" } else { "make" }
        ),
        items,
    }
}

fn noun_count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
