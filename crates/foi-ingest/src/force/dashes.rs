//! What a dash means in this answer, when its letter does not say: a Total that the numbers beside it make
//! exactly, with each dash counted as 0, shows that the force writes 0 as a dash. A Total larger than the
//! numbers beside a dash leaves it open (the dash may hide a withheld number), and so does any answer without
//! such a Total.

use foi_model::SourceRef;

use crate::grid::Cell;
use crate::tables::Table;
use crate::values::{is_total_label, read_value, Value};

pub(super) struct Proof {
    pub source: SourceRef,
    pub message: String,
}

/// One run of cells (a column above a Total row, or a row left of a Total column) and the Total it should make.
struct Run {
    known: i64,
    dashes: usize,
    total: i64,
}

impl Run {
    /// `Some(true)`: the dashes must be 0; `Some(false)`: they may be more; `None`: no dash, or not numbers.
    fn verdict(&self) -> Option<bool> {
        (self.dashes > 0).then_some(self.known == self.total)
    }
}

fn run<'c>(cells: impl Iterator<Item = &'c Cell>, total: &Cell) -> Option<Run> {
    let Value::Count(total) = read_value(total) else { return None };
    let (mut known, mut dashes) = (0i64, 0usize);
    for c in cells {
        match read_value(c) {
            Value::Count(n) => known = known.saturating_add(n),
            Value::Dash => dashes += 1,
            Value::Empty => {}
            // Words or withheld markers: not a run of numbers this can judge.
            _ => return None,
        }
    }
    Some(Run { known, dashes, total })
}

fn first_text(row: &[Cell]) -> &str {
    row.iter().find_map(|c| c.text().filter(|t| !t.is_empty())).unwrap_or("")
}

/// The first proof in the answer's tables that its dashes are zeros, unless some Total says otherwise.
pub(super) fn zero_by_totals<'a>(tables: impl Iterator<Item = (&'a str, &'a Table<'a>)>) -> Option<Proof> {
    let mut proof = None;
    for (file, t) in tables {
        let s = t.sheet;
        let width = t.width();
        let is_total_row = |r: usize| is_total_label(first_text(&s.rows[r]));
        // Down each column, to each Total row from the one before it.
        let mut start = 0;
        for (i, &r) in t.rows.iter().enumerate() {
            if !is_total_row(r) {
                continue;
            }
            let above = &t.rows[start..i];
            start = i + 1;
            for c in 0..width {
                let Some(run) = run(above.iter().map(|&a| s.cell(a, c)), s.cell(r, c)) else { continue };
                match run.verdict() {
                    Some(false) => return None,
                    Some(true) if proof.is_none() => {
                        let (sheet, cell) = s.locate(r, c);
                        proof = Some(Proof {
                            message: format!(
                                "a dash means 0 in this answer: the figures above the total at {cell} make its {} exactly with each of their {} dash(es) as 0",
                                run.total, run.dashes
                            ),
                            source: SourceRef { file: file.to_string(), sheet, cell },
                        });
                    }
                    _ => {}
                }
            }
        }
        // Along each row, to a Total column.
        let Some(h) = t.header_row else { continue };
        for tc in (1..width).filter(|&c| is_total_label(&s.cell(h, c).display())) {
            for &r in t.rows.iter().filter(|&&r| !is_total_row(r)) {
                // The row's cells between its label and the Total column.
                let Some(run) = run((1..tc).map(|c| s.cell(r, c)), s.cell(r, tc)) else { continue };
                match run.verdict() {
                    Some(false) => return None,
                    Some(true) if proof.is_none() => {
                        let (sheet, cell) = s.locate(r, tc);
                        proof = Some(Proof {
                            message: format!(
                                "a dash means 0 in this answer: the figures of the row ending at {cell} make its total {} exactly with each of their {} dash(es) as 0",
                                run.total, run.dashes
                            ),
                            source: SourceRef { file: file.to_string(), sheet, cell },
                        });
                    }
                    _ => {}
                }
            }
        }
    }
    proof
}
