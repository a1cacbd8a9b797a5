//! Footnote markers inside xlsx rich-text cells. calamine joins a string's runs into one text, so a superscript
//! "¹" run after "45" reads as "451". The shared strings (`<si>`) and the sheets' inline strings (`<is>`) say
//! which runs are superscript or subscript: each string that has such runs is mapped to its text without them,
//! and the reader swaps it in.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

/// Parts larger than this are not scanned: a footnoted table is small, and a list of a million crimes has no
/// footnote markers worth a second pass over its hundred megabytes.
const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;

/// Whole text → text without its superscript/subscript runs, for the workbook's strings that have any.
pub fn marker_free(bytes: &[u8]) -> HashMap<String, String> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return HashMap::new() };
    let parts: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .filter(|n: &String| n == "xl/sharedStrings.xml" || (n.starts_with("xl/worksheets/") && n.ends_with(".xml")))
        .collect();
    let mut out = HashMap::new();
    for name in parts {
        let Ok(part) = zip.by_name(&name) else { continue };
        if part.size() > MAX_PART_BYTES {
            continue;
        }
        let mut xml = String::new();
        if part.take(MAX_PART_BYTES).read_to_string(&mut xml).is_ok() && xml.contains("vertAlign") {
            out.extend(from_sst(&xml));
        }
    }
    out
}

fn from_sst(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let (mut whole, mut kept) = (String::new(), String::new());
    let (mut in_text, mut marker, mut phonetic, mut dropped) = (false, false, false, false);
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            // A damaged part: calamine will say so when it reads the strings; no swaps here.
            Err(_) => return HashMap::new(),
        };
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" | "is" => {
                    whole.clear();
                    kept.clear();
                    dropped = false;
                }
                "r" => marker = false,
                "rPh" => phonetic = true,
                "t" => in_text = !phonetic,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "vertAlign" => {
                marker = e.attributes().flatten().any(|a| {
                    a.key.local_name().as_ref() == "val" && matches!(a.value.as_ref(), "superscript" | "subscript")
                });
            }
            Event::Text(_) | Event::GeneralRef(_) if in_text => {
                let text = match &event {
                    Event::Text(t) => t.xml10_content().into_owned(),
                    Event::GeneralRef(r) => super::general_ref(&r.xml10_content()),
                    _ => String::new(),
                };
                whole.push_str(&text);
                if marker {
                    dropped = true;
                } else {
                    kept.push_str(&text);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "r" => marker = false,
                "rPh" => phonetic = false,
                "si" | "is" if dropped && !kept.trim().is_empty() => {
                    out.insert(std::mem::take(&mut whole), std::mem::take(&mut kept));
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superscript_and_subscript_runs_are_markers() {
        let xml = r#"<sst><si><r><t>45</t></r><r><rPr><vertAlign val="superscript"/></rPr><t>1</t></r></si><si><t>Plain</t></si><si><r><rPr><b/></rPr><t>Stalking &amp; harassment</t></r><r><rPr><vertAlign val="subscript"/></rPr><t>2</t></r></si><si><r><rPr><vertAlign val="baseline"/></rPr><t>12</t></r><r><t>3</t></r></si></sst>"#;
        let m = from_sst(xml);
        assert_eq!(m.get("451").map(String::as_str), Some("45"));
        assert_eq!(m.get("Stalking & harassment2").map(String::as_str), Some("Stalking & harassment"));
        assert_eq!(m.len(), 2, "{m:?}");
    }
}
