//! Finding tables on a sheet: letterheads and titles, several tables stacked with headings and footnotes,
//! header rows anywhere (also indented by a column), data rows under them.

use crate::grid::{Cell, Sheet};
use crate::values::is_value_like;

/// A table found on a sheet. Rows and columns are grid indices into `sheet`.
#[derive(Debug, Clone)]
pub struct Table<'s> {
    pub sheet: &'s Sheet,
    pub header_row: Option<usize>,
    pub rows: Vec<usize>,
    /// Title, question and heading lines above the table, nearest last.
    pub context: Vec<String>,
}

impl Table<'_> {
    pub fn header(&self, c: usize) -> String {
        self.header_row.map(|r| self.sheet.cell(r, c).display()).unwrap_or_default()
    }
    pub fn width(&self) -> usize {
        self.header_row.iter().chain(&self.rows).map(|&r| self.sheet.rows[r].len()).max().unwrap_or(0)
    }
}

/// What a sheet holds: its tables, and its lines of free text (titles, questions, footnotes).
#[derive(Debug, Default)]
pub struct Layout<'s> {
    pub tables: Vec<Table<'s>>,
    /// Lines of text outside tables, with their rows (to say where a sentence of a letter is).
    pub lines: Vec<(usize, String)>,
}

fn non_empty(row: &[Cell]) -> usize {
    row.iter().filter(|c| !c.is_empty()).count()
}

/// A line of text: one non-empty cell that is not a number.
fn text_line(row: &[Cell]) -> Option<String> {
    let mut cells = row.iter().filter(|c| !c.is_empty());
    let only = cells.next()?;
    if cells.next().is_some() || is_value_like(only) {
        return None;
    }
    match only {
        Cell::Text(t) => Some(t.trim().to_string()),
        _ => None,
    }
}

fn close<'s>(current: &mut Option<Table<'s>>, layout: &mut Layout<'s>) {
    if let Some(t) = current.take() {
        if !t.rows.is_empty() {
            layout.tables.push(t);
        }
    }
}

/// A blank row or a line of text ends a table. Headings above the next table start afresh after a table with
/// data; a header with no data under it yet becomes a heading itself.
fn end_table<'s>(
    sheet: &'s Sheet,
    current: &mut Option<Table<'s>>,
    layout: &mut Layout<'s>,
    context: &mut Vec<String>,
) {
    if current.as_ref().is_some_and(|t| !t.rows.is_empty()) {
        close(current, layout);
        context.clear();
    } else if let Some(h) = current.take().and_then(|t| t.header_row) {
        context.push(sheet.rows[h].iter().map(Cell::display).collect::<Vec<_>>().join(" ").trim().to_string());
    }
}

/// Find the tables on a sheet. `headings` are words of column headings beyond the common ones (the campaign's
/// vocabularies' nouns: "age group"), so that `Age group | 2022 | 2023` reads as a header.
pub fn find_tables<'s>(sheet: &'s Sheet, headings: &[String]) -> Layout<'s> {
    let mut layout = Layout::default();
    let mut context: Vec<String> = Vec::new();
    let mut current: Option<Table<'_>> = None;
    for (r, row) in sheet.rows.iter().enumerate() {
        let n = non_empty(row);
        if n == 0 {
            end_table(sheet, &mut current, &mut layout, &mut context);
            continue;
        }
        if let Some(line) = text_line(row) {
            layout.lines.push((r, line.clone()));
            end_table(sheet, &mut current, &mut layout, &mut context);
            context.push(line);
            continue;
        }
        match current.as_mut() {
            Some(t) => t.rows.push(r),
            None => {
                let header = !row.iter().any(is_value_like) || looks_like_year_header(row, headings);
                current = Some(Table {
                    sheet,
                    header_row: header.then_some(r),
                    rows: if header { vec![] } else { vec![r] },
                    context: context.clone(),
                });
            }
        }
    }
    close(&mut current, &mut layout);
    layout
}

/// Words of column headings. A row like `Offence | 2023` is a header (years typed as numbers), while
/// `Harassment | 2023` is a count of 2023 offences: only the heading words tell them apart.
const HEADING_WORDS: &[&str] = &[
    "offence",
    "offences",
    "crime",
    "crimes",
    "type",
    "category",
    "outcome",
    "outcomes",
    "measure",
    "description",
    "year",
    "period",
    "month",
    "count",
    "number",
    "volume",
    "classification",
    "action",
    "result",
    "disposal",
    "total",
];

/// A header of year columns typed as numbers (`Offence | 2021 | 2022 | 2023`): every value-like cell is a
/// year and every text cell a heading word.
fn looks_like_year_header(row: &[Cell], headings: &[String]) -> bool {
    let values: Vec<&Cell> = row.iter().filter(|c| is_value_like(c)).collect();
    let texts: Vec<&str> =
        row.iter().filter(|c| !is_value_like(c)).filter_map(Cell::text).filter(|t| !t.is_empty()).collect();
    !values.is_empty()
        && !texts.is_empty()
        && values.iter().all(
            |c| matches!(crate::values::read_value(c), crate::values::Value::Count(y) if (1990..2100).contains(&y)),
        )
        && texts.iter().all(|t| {
            foi_model::normalise(t).split(' ').any(|w| HEADING_WORDS.contains(&w) || headings.iter().any(|h| h == w))
        })
}

/// Tables printed side by side on one sheet, separated by a column empty from top to bottom: one sheet per band
/// of columns, each holding only its own cells (addresses unchanged), so that each table is found under its own
/// heading. A blank column is a separator only where every band holds both words and figures: a spacer column
/// inside one table (labels, blank, figures) leaves the sheet whole.
pub fn side_by_side(sheet: Sheet) -> Vec<Sheet> {
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    // Bounded work: a sheet too large to be a letter's tables is never split.
    if width < 3 || sheet.rows.len().saturating_mul(width) > 2_000_000 {
        return vec![sheet];
    }
    let used: Vec<bool> =
        (0..width).map(|c| sheet.rows.iter().any(|r| r.get(c).is_some_and(|x| !x.is_empty()))).collect();
    let mut bands: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (c, &u) in used.iter().enumerate().chain(std::iter::once((width, &false))) {
        match (u, start) {
            (true, None) => start = Some(c),
            (false, Some(s)) => {
                bands.push((s, c));
                start = None;
            }
            _ => {}
        }
    }
    let table_like = |&(a, b): &(usize, usize)| {
        let cells = || sheet.rows.iter().flat_map(|r| r.iter().take(b).skip(a));
        cells().any(is_value_like) && cells().any(|x| !x.is_empty() && !is_value_like(x))
    };
    if bands.len() < 2 || !bands.iter().all(table_like) {
        return vec![sheet];
    }
    bands
        .iter()
        .map(|&(a, b)| Sheet {
            name: sheet.name.clone(),
            rows: sheet
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .map(|(c, x)| if (a..b).contains(&c) { x.clone() } else { Cell::Empty })
                        .collect()
                })
                .collect(),
            origin: sheet.origin.clone(),
            merges: sheet.merges.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.into())
        }
    }

    #[test]
    fn stacked_tables_with_questions_and_footnotes() {
        let rows = vec![
            vec![t("Force Police")],
            vec![t("Reference No: 1/24")],
            vec![],
            vec![t("1. How many?")],
            vec![t("Period"), t("Offences")],
            vec![t("2021/22"), t("4")],
            vec![t("Total"), t("4")],
            vec![t("Please note: keyword search")],
            vec![],
            vec![t(""), t("1a) What offences?")],
            vec![t(""), t("Offence"), t("Count")],
            vec![t(""), t("Harassment"), t("*")],
        ];
        let sheet = Sheet::grid("s", rows);
        let layout = find_tables(&sheet, &[]);
        assert_eq!(layout.tables.len(), 2);
        assert_eq!(layout.tables[0].header_row, Some(4));
        assert_eq!(layout.tables[0].rows, vec![5, 6]);
        assert_eq!(layout.tables[0].context.last().unwrap(), "1. How many?");
        assert_eq!(layout.tables[1].header(1), "Offence");
        // Headings reach back past blank rows; the nearest is last.
        assert_eq!(layout.tables[1].context.last().unwrap(), "1a) What offences?");
        assert!(layout.lines.iter().any(|(_, l)| l == "Please note: keyword search"));
    }

    #[test]
    fn years_typed_as_numbers_head_a_table_of_the_campaigns_own_categories() {
        let y = |n: f64| Cell::Number(n);
        let rows = vec![
            vec![t("Age group"), y(2022.0), y(2023.0), y(2024.0), t("Total")],
            vec![t("Under 18"), y(12.0), y(15.0), y(9.0), y(36.0)],
        ];
        let sheet = Sheet::grid("s", rows);
        assert_eq!(find_tables(&sheet, &[]).tables[0].header_row, None, "no heading word: a row of counts");
        let headings = vec!["age".to_string(), "group".to_string()];
        let layout = find_tables(&sheet, &headings);
        assert_eq!(layout.tables[0].header_row, Some(0));
        assert_eq!(layout.tables[0].rows, vec![1]);
    }

    #[test]
    fn side_by_side_tables_split_but_a_spacer_column_does_not() {
        let t = |s: &str| Cell::Text(s.into());
        let two = Sheet::grid(
            "s",
            vec![
                vec![t("Year"), t("Count"), Cell::Empty, t("Offence"), t("Count")],
                vec![t("2021/22"), t("4"), Cell::Empty, t("Harassment"), t("3")],
            ],
        );
        let bands = side_by_side(two);
        assert_eq!(bands.len(), 2);
        assert_eq!(bands[1].cell(1, 3), &t("Harassment"));
        assert_eq!(bands[1].cell(1, 0), &Cell::Empty);
        let spaced = Sheet::grid(
            "s",
            vec![vec![t("Offence"), Cell::Empty, t("2021/22")], vec![t("Harassment"), Cell::Empty, t("4")]],
        );
        assert_eq!(side_by_side(spaced).len(), 1, "labels | blank | figures is one table");
    }
}
