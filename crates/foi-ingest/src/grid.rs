//! Every source, whatever its format, becomes sheets of cells with addresses a person can find again.

use chrono::NaiveDate;
use ecow::EcoString;

/// One cell as the source holds it. Text up to 15 bytes sits inside the cell itself (a list of a million
/// crimes is mostly references, dates and codes that short), and longer text is shared between the cells that
/// repeat it (see [`Texts`]), so a sheet costs 24 bytes a cell and one allocation a distinct long text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Cell {
    Empty,
    Text(EcoString),
    Number(f64),
    Date(NaiveDate),
    /// A spreadsheet error value such as `#REF!`.
    Error(Box<str>),
}

const _: () = assert!(std::mem::size_of::<Cell>() == 24);

/// Texts repeated down a list (an outcome's wording on a hundred thousand rows) held once: each cell shares the
/// first copy. Short texts live inside the cell and are not looked up.
#[derive(Default)]
pub struct Texts(rustc_hash::FxHashSet<EcoString>);

impl Texts {
    /// Distinct long texts remembered; past this (a column of free-text descriptions) each is its own copy.
    const MAX: usize = 100_000;

    pub fn cell(&mut self, s: &str) -> Cell {
        if s.len() <= EcoString::INLINE_LIMIT {
            return Cell::Text(s.into());
        }
        if let Some(t) = self.0.get(s) {
            return Cell::Text(t.clone());
        }
        let t = EcoString::from(s);
        if self.0.len() < Self::MAX {
            self.0.insert(t.clone());
        }
        Cell::Text(t)
    }
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s.trim()),
            _ => None,
        }
    }

    /// The cell as a person reads it.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Error(e) => e.to_string(),
        }
    }
}

/// How grid positions map back to what the source calls them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Origin {
    /// A spreadsheet or CSV: row/column 0 is the sheet's A1 shifted by this offset.
    Grid { row0: u32, col0: u32 },
    /// A document (HTML, Word, email) flowed into rows: paragraphs are one-cell rows and each table's rows
    /// follow in order. Addresses are given per table ("table 3", B2) or per paragraph.
    Flow { blocks: Vec<FlowBlock> },
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FlowBlock {
    pub first_row: usize,
    pub name: String,
}

/// A rectangle of cells that the source merged: the value sits in the top-left cell.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Merge {
    pub first: (usize, usize),
    pub last: (usize, usize),
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    pub origin: Origin,
    pub merges: Vec<Merge>,
}

impl Sheet {
    pub fn grid(name: impl Into<String>, rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet { name: name.into(), rows, origin: Origin::Grid { row0: 0, col0: 0 }, merges: Vec::new() }
    }

    pub fn cell(&self, r: usize, c: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows.get(r).and_then(|row| row.get(c)).unwrap_or(&EMPTY)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// (sheet or table name, A1 address) of a grid position.
    pub fn locate(&self, r: usize, c: usize) -> (String, String) {
        match &self.origin {
            Origin::Grid { row0, col0 } => (self.name.clone(), a1(r + *row0 as usize, c + *col0 as usize)),
            Origin::Flow { blocks } => match blocks.iter().rev().find(|b| b.first_row <= r) {
                Some(b) => (b.name.clone(), a1(r - b.first_row, c)),
                None => (self.name.clone(), a1(r, c)),
            },
        }
    }

    /// A1 range of a column span of rows, e.g. `B2:B80`.
    pub fn locate_range(&self, r0: usize, r1: usize, c: usize) -> (String, String) {
        let (sheet, first) = self.locate(r0, c);
        let (last_sheet, last) = self.locate(r1, c);
        if sheet != last_sheet {
            // Rows over several blocks (a list printed over many pages): from the first cell to the last, each
            // with its own block.
            (sheet.clone(), format!("{first} to [{last_sheet}]!{last}"))
        } else if first == last {
            (sheet, first)
        } else {
            (sheet, format!("{first}:{last}"))
        }
    }

    /// The grid position of a cell the source names: its sheet (or document table) and A1 position within it.
    pub fn position(&self, sheet: &str, (r, c): (usize, usize)) -> Option<(usize, usize)> {
        match &self.origin {
            Origin::Grid { row0, col0 } => (sheet == self.name)
                .then(|| Some((r.checked_sub(*row0 as usize)?, c.checked_sub(*col0 as usize)?)))
                .flatten(),
            Origin::Flow { blocks } => blocks.iter().find(|b| b.name == sheet).map(|b| (b.first_row + r, c)),
        }
    }

    /// Blank every cell of the rectangle, so that no other reading sees them.
    pub fn blank(&mut self, first: (usize, usize), last: (usize, usize)) {
        for row in self.rows.iter_mut().take(last.0 + 1).skip(first.0) {
            for cell in row.iter_mut().take(last.1 + 1).skip(first.1) {
                *cell = Cell::Empty;
            }
        }
    }

    /// The row of text a merged cell spans to, for headers merged across columns.
    pub fn merge_at(&self, r: usize, c: usize) -> Option<&Merge> {
        self.merges.iter().find(|m| m.first.0 <= r && r <= m.last.0 && m.first.1 <= c && c <= m.last.1)
    }
}

/// Zero-based (row, column) to `A1`.
pub fn a1(r: usize, c: usize) -> String {
    let mut col = String::new();
    let mut n = c + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        col.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{col}{}", r + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_addresses() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1048575, 16383), "XFD1048576");
    }

    #[test]
    fn flowed_documents_address_by_table() {
        let mut s = Sheet::grid("doc", vec![vec![]; 6]);
        s.origin = Origin::Flow {
            blocks: vec![
                FlowBlock { first_row: 0, name: "paragraph 1".into() },
                FlowBlock { first_row: 1, name: "table 1".into() },
                FlowBlock { first_row: 4, name: "table 2".into() },
            ],
        };
        assert_eq!(s.locate(2, 1), ("table 1".to_string(), "B2".to_string()));
        assert_eq!(s.locate(5, 0), ("table 2".to_string(), "A2".to_string()));
    }
}
