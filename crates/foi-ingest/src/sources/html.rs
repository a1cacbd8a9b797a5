//! HTML pages (disclosure logs): tables and the paragraphs around them, in document order.

use scraper::{ElementRef, Html, Selector};

use super::{decode_text, Document, FlowBuilder, ReadError};

/// Elements open at once: real pages nest a few dozen deep; html5ever's tree building slows to a crawl on
/// tens of thousands.
pub const MAX_DEPTH: usize = 512;
/// Table cells on one page: a disclosure log's tables hold hundreds.
pub const MAX_CELLS: usize = 250_000;

pub fn read(file: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let (text, _) = decode_text(bytes);
    check_shape(&text)?;
    let (sheet, prose) = flow_html(&text);
    Ok(Document { file: file.to_string(), kind: "html", sheets: vec![sheet], prose, ..Default::default() })
}

/// Refuse a page nested deeper than [`MAX_DEPTH`] or with more than [`MAX_CELLS`] table cells, from its tags
/// alone, before any tree is built.
pub fn check_shape(text: &str) -> Result<(), ReadError> {
    const VOID: [&str; 14] =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"];
    // Elements html5ever closes by itself when the next one opens: they never pile up.
    const SELF_ENDING: [&str; 14] =
        ["p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "option", "optgroup", "rt"];
    let (mut depth, mut deepest, mut cells) = (0usize, 0usize, 0usize);
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
        i += at + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            continue;
        }
        let name = text[start..start + name_len].to_ascii_lowercase();
        if VOID.contains(&name.as_str()) || SELF_ENDING.contains(&name.as_str()) {
            if !closing && (name == "td" || name == "th") {
                cells += 1;
            }
            continue;
        }
        let self_closed = bytes[start..].iter().take_while(|&&b| b != b'>').last() == Some(&b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closed {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    if deepest > MAX_DEPTH {
        return Err(ReadError::Limit(format!("the page nests elements {deepest} deep, over the limit of {MAX_DEPTH}")));
    }
    if cells > MAX_CELLS {
        return Err(ReadError::Limit(format!("the page has {cells} table cells, over the limit of {MAX_CELLS}")));
    }
    Ok(())
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
            // HTML itself caps colspan at 1000; a wider span than 100 is no table of figures.
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
    fn pages_nested_too_deep_or_with_too_many_cells_are_refused_before_parsing() {
        let deep = "<div>".repeat(MAX_DEPTH + 1);
        assert!(matches!(read("x.html", deep.as_bytes()), Err(ReadError::Limit(m)) if m.contains("deep")));
        let wide = format!("<table><tr>{}</tr></table>", "<td>1".repeat(MAX_CELLS + 1));
        assert!(matches!(read("x.html", wide.as_bytes()), Err(ReadError::Limit(m)) if m.contains("cells")));
        // Unclosed cells and paragraphs, void elements and self-closed tags do not count as nesting.
        let flat = format!("<table>{}</table>{}", "<tr><td>1<td>2".repeat(1000), "<p>a<br><img/>".repeat(1000));
        assert!(read("x.html", flat.as_bytes()).is_ok());
    }

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
