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
                "tab" => para.push('\t'),
                "br" => para.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                para.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                // Character references that the text event leaves out (&amp; and friends).
                let name = r.xml10_content();
                let ch = match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
                para.push_str(ch);
                let num = name
                    .strip_prefix("#x")
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse));
                if let Some(c) = num.and_then(Result::ok).and_then(char::from_u32) {
                    para.push(c);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
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
