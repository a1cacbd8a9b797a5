//! Word letters (.docx): body paragraphs and top-level tables, in order.

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{Document, FlowBuilder, ReadError};

const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;

pub fn read(file: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("damaged docx: {e}")))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|e| ReadError::Corrupt(format!("docx without word/document.xml: {e}")))?
        .take(MAX_XML_BYTES)
        .read_to_string(&mut xml)
        .map_err(|e| ReadError::Corrupt(format!("docx body unreadable: {e}")))?;
    let (sheet, prose) = flow_docx(&xml)?;
    Ok(Document { file: file.to_string(), kind: "docx", sheets: vec![sheet], prose, ..Default::default() })
}

fn flow_docx(xml: &str) -> Result<(crate::grid::Sheet, Vec<String>), ReadError> {
    let mut reader = Reader::from_str(xml);
    let mut flow = FlowBuilder::default();
    let mut table_depth = 0usize;
    let mut para = String::new();
    let mut in_text = false;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut span = 1usize;
    // The run being read is a footnote marker (superscript or subscript) or hidden: its text is left out, so a
    // "¹" after "45" never makes 451.
    let mut skip_run = false;
    loop {
        match reader.read_event().map_err(|e| ReadError::Corrupt(format!("docx XML: {e}")))? {
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => table_depth += 1,
                "tr" if table_depth == 1 => row.clear(),
                "tc" if table_depth == 1 => {
                    cell.clear();
                    span = 1;
                }
                "t" => in_text = true,
                "p" => para.clear(),
                "r" => skip_run = false,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "gridSpan" if table_depth == 1 => {
                    span = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().into_inner() == "val")
                        .and_then(|a| a.value.trim().parse().ok())
                        .unwrap_or(1);
                }
                "vertAlign" | "vanish" | "specVanish" => {
                    let val = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().into_inner() == "val")
                        .map(|a| a.value.to_lowercase());
                    skip_run |= match e.local_name().as_ref() {
                        "vertAlign" => matches!(val.as_deref(), Some("superscript" | "subscript")),
                        _ => !matches!(val.as_deref(), Some("0" | "false" | "off")),
                    };
                }
                "tab" => para.push('\t'),
                "br" => para.push('\n'),
                _ => {}
            },
            Event::Text(_) | Event::GeneralRef(_) if in_text && skip_run => {}
            Event::Text(t) if in_text => {
                para.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                para.push_str(&super::general_ref(&r.xml10_content()));
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "r" => skip_run = false,
                "p" => {
                    if table_depth == 0 {
                        flow.paragraph(&para);
                    } else {
                        if !cell.is_empty() {
                            cell.push('\n');
                        }
                        cell.push_str(para.trim());
                    }
                    para.clear();
                }
                "tc" if table_depth == 1 => {
                    row.push(cell.trim().to_string());
                    for _ in 1..span.clamp(1, 100) {
                        row.push(String::new());
                    }
                }
                "tr" if table_depth == 1 => rows.push(std::mem::take(&mut row)),
                "tbl" => {
                    table_depth = table_depth.saturating_sub(1);
                    if table_depth == 0 {
                        flow.table(std::mem::take(&mut rows));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(flow.finish("document"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Cell;

    #[test]
    fn superscript_and_hidden_runs_never_join_a_number() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>Offences by year</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r></w:p>
            <w:tbl>
              <w:tr><w:tc><w:p><w:r><w:t>2021/22</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>45</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:p><w:r><w:t>2022/23</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>3</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>0</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>7</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#;
        let (sheet, prose) = flow_docx(xml).unwrap();
        assert_eq!(prose, ["Offences by year"]);
        let cells: Vec<String> = sheet.rows.iter().flatten().map(Cell::display).filter(|t| !t.is_empty()).collect();
        assert_eq!(cells, ["Offences by year", "2021/22", "45", "2022/23", "37"]);
    }
}
