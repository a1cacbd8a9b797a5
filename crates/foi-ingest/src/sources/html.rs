//! HTML pages (disclosure logs): tables and the paragraphs around them, in document order.

use scraper::{ElementRef, Html, Selector};

use super::{decode_text, Document, FlowBuilder, ReadError};

pub fn read(file: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let (text, _) = decode_text(bytes);
    let (sheet, prose) = flow_html(&text);
    Ok(Document { file: file.to_string(), kind: "html", sheets: vec![sheet], prose, ..Default::default() })
}

/// Also used for HTML email bodies.
pub fn flow_html(text: &str) -> (crate::grid::Sheet, Vec<String>) {
    let html = Html::parse_document(text);
    let blocks =
        Selector::parse("table, p, h1, h2, h3, h4, h5, h6, li, caption, dt, dd, pre").expect("static selector");
    let mut flow = FlowBuilder::default();
    for el in html.select(&blocks) {
        let in_table = el.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() == "table");
        match el.value().name() {
            "table" if !in_table => flow.table(table_rows(el)),
            "table" => {}
            _ if in_table => {}
            _ => flow.paragraph(&el.text().collect::<String>()),
        }
    }
    flow.finish("page")
}

fn table_rows(table: ElementRef<'_>) -> Vec<Vec<String>> {
    let tr = Selector::parse("tr").expect("static selector");
    let cell = Selector::parse("th, td").expect("static selector");
    let mut rows = Vec::new();
    for row in table.select(&tr) {
        // Rows of nested tables belong to the nested table.
        let owner = row.ancestors().filter_map(ElementRef::wrap).find(|a| a.value().name() == "table");
        if owner.map(|o| o.id()) != Some(table.id()) {
            continue;
        }
        let mut cells = Vec::new();
        for c in row.select(&cell) {
            let text = c.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
            cells.push(text);
            let span: usize = c.value().attr("colspan").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
            for _ in 1..span.clamp(1, 100) {
                cells.push(String::new());
            }
        }
        rows.push(cells);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Cell;

    #[test]
    fn tables_and_paragraphs_flow_in_order() {
        let d = read("x.html", b"<html><body><p>Intro</p><table><tr><td>Year</td><td>Count</td></tr><tr><td>2021/22</td><td>4</td></tr></table><p>* note</p></body></html>").unwrap();
        let s = &d.sheets[0];
        assert_eq!(s.cell(0, 0), &Cell::Text("Intro".into()));
        assert_eq!(s.cell(3, 1), &Cell::Text("4".into()));
        assert_eq!(s.locate(3, 1), ("table 1".to_string(), "B2".to_string()));
        assert_eq!(d.prose, ["Intro", "* note"]);
    }
}
