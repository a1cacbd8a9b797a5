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
        if is_hidden(el) || el.ancestors().filter_map(ElementRef::wrap).any(is_hidden) {
            continue;
        }
        let in_table = el.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() == "table");
        match el.value().name() {
            "table" if !in_table => flow.table(table_rows(el)),
            "table" => {}
            _ if in_table => {}
            _ => flow.paragraph(&visible_text(el)),
        }
    }
    flow.finish("page")
}

/// Content no reader sees, or that is a footnote marker: scripts and styles, anything hidden (the `hidden`
/// attribute, `aria-hidden`, `display:none`, `visibility:hidden`) and superscripts and subscripts ("45<sup>1</sup>"
/// is 45 with a footnote, never 451).
fn is_hidden(el: ElementRef<'_>) -> bool {
    let v = el.value();
    matches!(v.name(), "script" | "style" | "template" | "noscript" | "sup" | "sub")
        || v.attr("hidden").is_some()
        || v.attr("aria-hidden").is_some_and(|a| a.eq_ignore_ascii_case("true"))
        || v.attr("style").is_some_and(|s| {
            let s: String = s.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// The text of an element as a reader sees it (see [`is_hidden`]).
fn visible_text(el: ElementRef<'_>) -> String {
    fn walk(el: ElementRef<'_>, out: &mut String) {
        for child in el.children() {
            match child.value() {
                scraper::Node::Text(t) => out.push_str(t),
                scraper::Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child).filter(|c| !is_hidden(*c)) {
                        // Block-level children start a new word.
                        if matches!(c.value().name(), "br" | "p" | "div" | "li") {
                            out.push(' ');
                        }
                        walk(c, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    walk(el, &mut out);
    out
}

fn table_rows(table: ElementRef<'_>) -> Vec<Vec<String>> {
    let tr = Selector::parse("tr").expect("static selector");
    let cell = Selector::parse("th, td").expect("static selector");
    let mut rows = Vec::new();
    for row in table.select(&tr) {
        // Rows of nested tables belong to the nested table.
        let owner = row.ancestors().filter_map(ElementRef::wrap).find(|a| a.value().name() == "table");
        if owner.map(|o| o.id()) != Some(table.id()) || is_hidden(row) {
            continue;
        }
        let mut cells = Vec::new();
        for c in row.select(&cell) {
            if is_hidden(c) {
                continue;
            }
            let text = visible_text(c).split_whitespace().collect::<Vec<_>>().join(" ");
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

    #[test]
    fn footnote_markers_and_hidden_text_never_join_a_number() {
        let page = br#"<html><head><script>var n = 999;</script><style>td{}</style></head><body>
            <p>Offences<sup>1</sup> by year<span style="display: none">secret 77</span></p>
            <noscript>Enable scripts 5</noscript>
            <table>
              <tr><th>Year</th><th>Count</th></tr>
              <tr><td>2021/22</td><td>45<sup>1</sup></td></tr>
              <tr><td>2022/23</td><td>3<span hidden>0</span><span aria-hidden="true">9</span></td></tr>
              <tr style="display:none"><td>2023/24</td><td>12</td></tr>
            </table></body></html>"#;
        let d = read("x.html", page).unwrap();
        let s = &d.sheets[0];
        let texts: Vec<String> = s.rows.iter().flatten().map(Cell::display).filter(|t| !t.is_empty()).collect();
        assert_eq!(texts, ["Offences by year", "Year", "Count", "2021/22", "45", "2022/23", "3"], "{texts:?}");
    }
}
