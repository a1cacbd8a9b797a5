//! The fast xlsx reader (`foi-ingest/src/sources/xlsx_xml.rs`) against calamine, the reader it stands in for:
//! every workbook it accepts must come out cell for cell, note for note, as calamine reads it, and what it is
//! unsure of it must decline. Read here: every xlsx of the corpus and the fixtures, real Excel files from
//! `../shared` (when present), and a workbook written by hand with the quirks of the format.

#![allow(clippy::print_stderr)] // what was declined, and skipped tests, are said on stderr

use std::io::Write;
use std::path::{Path, PathBuf};

use foi_ingest::grid::Cell;
use foi_ingest::sources::xlsx_both_ways;
use foi_ingest::Limits;
use foi_tests::root;

fn workbooks(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs_err::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            workbooks(&p, out);
        } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm")) {
            out.push(p);
        }
    }
}

/// Read both ways, with the guard's facts and with everything looked for; returns whether the fast reader took it.
fn same_both_ways(bytes: &[u8], label: &str, limits: &Limits) -> bool {
    same_both_ways_as(bytes, label, limits, true)
}

fn same_both_ways_as(bytes: &[u8], label: &str, limits: &Limits, unpack: bool) -> bool {
    let mut taken = true;
    for whole in [false, true] {
        let Ok((fast, slow)) = xlsx_both_ways(bytes, limits, whole, unpack) else {
            return false; // refused by the zip guard before either reader
        };
        match (fast, slow) {
            (Ok((sheets, notes)), Ok(doc)) => {
                assert_eq!(notes, doc.notes, "{label} (whole={whole}): notes differ");
                assert_eq!(sheets.len(), doc.sheets.len(), "{label} (whole={whole}): sheet count differs");
                for (a, b) in sheets.iter().zip(&doc.sheets) {
                    assert_eq!(a.name, b.name, "{label}: sheet names differ");
                    assert_eq!(a.merges, b.merges, "{label} {}: merges differ", a.name);
                    assert_eq!(a.rows.len(), b.rows.len(), "{label} {}: row count differs", a.name);
                    for (r, (ra, rb)) in a.rows.iter().zip(&b.rows).enumerate() {
                        assert_eq!(ra, rb, "{label} {}: row {} differs", a.name, r + 1);
                    }
                    assert_eq!(a, b, "{label} {}: sheets differ", a.name);
                }
            }
            (Ok(_), Err(e)) => panic!("{label}: the fast reader read a workbook calamine refuses ({e})"),
            (Err(why), _) => {
                eprintln!("{label}: declined ({why})");
                taken = false;
            }
        }
    }
    taken
}

#[test]
fn every_corpus_workbook_reads_as_calamine_reads_it() {
    let mut files = Vec::new();
    workbooks(&root().join("data-raw"), &mut files);
    workbooks(&root().join("tests/fixtures"), &mut files);
    assert!(files.len() >= 40, "the corpus has its workbooks ({} found)", files.len());
    let limits = Limits::default();
    let mut taken = 0;
    for f in &files {
        let bytes = fs_err::read(f).unwrap();
        let label = f.strip_prefix(root()).unwrap_or(f).display().to_string();
        taken += usize::from(same_both_ways(&bytes, &label, &limits));
    }
    // Declining is allowed, but a fast reader that declines the corpus is no fast reader.
    assert!(taken * 10 >= files.len() * 9, "the fast reader took only {taken} of {} workbooks", files.len());
}

#[test]
fn real_excel_workbooks_read_as_calamine_reads_them() {
    let shared = std::env::var_os("FOI_SHARED").map(PathBuf::from).unwrap_or_else(|| root().join("../shared"));
    let dir = shared.join("real-world");
    let mut files = Vec::new();
    workbooks(&dir, &mut files);
    if files.is_empty() {
        eprintln!("SKIPPED real_excel_workbooks…: no xlsx under ../shared/real-world (set FOI_SHARED)");
        return;
    }
    let limits = Limits::default();
    for f in &files {
        let bytes = fs_err::read(f).unwrap();
        same_both_ways(&bytes, &f.display().to_string(), &limits);
    }
}

/// A workbook zipped from the XML given for each part.
fn workbook(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="false"/><sheets><sheet name="Crime &amp; outcome" sheetId="1" r:id="rId1"/><sheet name='Notes' sheetId="2" r:id="rId2"/><sheet name="Old" sheetId="3" state="hidden" r:id="rId3"/></sheets><definedNames><definedName name="x">'Notes'!$A$1</definedName></definedNames></workbook>"#;
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="&quot;FY&quot; 0"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="46"/></cellXfs></styleSheet>"#;
const SHARED: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>Offence</t></si><si><t xml:space="preserve">  Harassment </t></si><si><r><rPr><b/></rPr><t>Stalking</t></r><r><rPr><vertAlign val="superscript"/></rPr><t>1</t></r></si><si><t>  padded  </t><rPh sb="0" eb="1"><t>phonetic</t></rPh></si><si/><si><t>Fear &lt;alarm&gt; &#8211; distress &#x2019;s</t></si></sst>"#;
const SHEET1: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:F9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="2" width="9"/></cols>
<sheetData>
  <row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>
  <row r="2"><c r="A2"><v>12</v></c><c r="B2" s="1"><v>44652</v></c><c r="C2" s="2"><v>45000.5</v></c><c r="D2" s="3"><v>2024</v></c><c r="E2" s="4"><v>1.25</v></c><c r="F2" t="n"><v>-3.5E2</v></c></row>
  <row r="3"><c r="A3" t="str"><f>A2&amp;"x"</f><v>12 &amp; x</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="e"><v>#DIV/0!</v></c><c r="D3" t="inlineStr"><is><t>inline</t></is></c><c r="E3" t="d"><v>2023-04-01T00:00:00</v></c><c r="F3"><f>SUM(A2:A2)</f><v>12</v></c></row>
  <row r="4"/>
  <row><c t="s"><v>1</v></c><c/><c><v>7</v></c><c r="F5" s="99"><v>5</v></c></row>
  <row r="7"><c r="B7" s="0"/><c r="C7" t="inlineStr"><is><r><t>rich </t></r><r><t xml:space="preserve">inline </t></r></is></c><c r="D7"><v></v></c><c r="E7" t="s"><v></v></c><c r="F7" t="b"><v>false</v></c></row>
  <!-- a comment inside the data -->
  <row r="9"><c r="A9" t="s" cm="1"><v>4</v></c><c r="B9"><v>0</v></c><c r="C9" t="str"><v>  spaced text  </v></c><c r="D9" t="str"><v>two{CRLF}lines{CR}and _xlnm</v></c></row>
</sheetData><mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C9"/></mergeCells><pageMargins left="0.7"/></worksheet>"#;
const SHEET2: &str = r#"<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2" t="s"><x:v>2</x:v></x:c><x:c r="C2"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>"#;
const SHEET3: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#;

fn quirks(sheet1: &str) -> Vec<u8> {
    workbook(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", SHARED),
        ("xl/worksheets/sheet1.xml", &sheet1.replace("{CRLF}", "\r\n").replace("{CR}", "\r")),
        ("xl/worksheets/sheet2.xml", SHEET2),
        ("xl/worksheets/sheet3.xml", SHEET3),
    ])
}

#[test]
fn a_workbook_of_quirks_reads_as_calamine_reads_it() {
    let bytes = quirks(SHEET1);
    assert!(same_both_ways(&bytes, "quirks", &Limits::default()), "the fast reader takes the quirks workbook");
    // And the values are the ones a person sees, not just the same on both sides.
    let (fast, _) = xlsx_both_ways(&bytes, &Limits::default(), true, true).unwrap();
    let (sheets, notes) = fast.unwrap();
    assert_eq!(notes.len(), 1, "the hidden sheet is noted: {notes:?}");
    let s = &sheets[0];
    assert_eq!(s.name, "Crime & outcome");
    let date = |y, m, d| Cell::Date(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
    assert_eq!(s.rows[1][1], date(2022, 4, 1));
    assert_eq!(s.rows[1][2], date(2023, 3, 15));
    assert_eq!(s.rows[1][3], Cell::Number(2024.0), "a custom format with only quoted letters is no date");
    assert_eq!(s.rows[2][3], Cell::Text("inline".into()));
    assert_eq!(s.rows[0][5], Cell::Text("Fear <alarm> \u{2013} distress \u{2019}s".into()));
    assert_eq!(s.rows[4][0], Cell::Text("  Harassment ".into()), "a cell without r follows the last one");
    assert_eq!(s.rows[4][2], Cell::Number(7.0));
    assert_eq!(s.merges.len(), 2);
    assert_eq!(s.rows[8][3], Cell::Text("two\nlines\nand _xlnm".into()), "line ends folded as XML says");
}

#[test]
fn what_the_fast_reader_is_unsure_of_it_leaves_to_calamine() {
    for (what, from, to) in [
        ("an Excel escape", "<v>  spaced text  </v>", "<v>line_x000D_break</v>"),
        ("a reference to a carriage return", "<v>  spaced text  </v>", "<v>a&#13;b</v>"),
        ("CDATA", "<v>  spaced text  </v>", "<v><![CDATA[x]]></v>"),
        ("an unknown entity", "<v>  spaced text  </v>", "<v>a&nbsp;b</v>"),
        ("an unknown cell type", r#"t="str""#, r#"t="x""#),
        ("a lower-case reference", r#"r="B9""#, r#"r="b9""#),
        ("a number in words", "<v>0</v>", "<v>NaN</v>"),
        ("a comment inside a number", "<v>0</v>", "<v>1<!-- x -->2</v>"),
        ("merges before the cells", "<sheetData>", r#"<mergeCells><mergeCell ref="A1:B1"/></mergeCells><sheetData>"#),
    ] {
        assert!(SHEET1.contains(from), "{what}: the quirk is put in");
        let bytes = quirks(&SHEET1.replacen(from, to, 1));
        let (fast, _) = xlsx_both_ways(&bytes, &Limits::default(), false, true).unwrap();
        assert!(fast.is_err(), "{what}: declined");
    }
}

#[test]
fn a_sheet_past_the_cell_limit_is_cut_the_same_way() {
    let limits = Limits { max_sheet_cells: 7, ..Limits::default() };
    assert!(same_both_ways(&quirks(SHEET1), "quirks, cut at 7 cells", &limits));
}

#[test]
fn a_big_sheet_inflated_beside_the_scan_reads_as_calamine_reads_it() {
    // Past 4 MB of XML a deflated sheet is inflated on a second thread and handed over in chunks; read as given
    // (not the guard's stored copy) so that path is the one taken.
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in 1..=60_000u32 {
        xml.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>{}</v></c><c r="B{r}" s="1"><v>{}</v></c><c r="C{r}"><v>{}</v></c></row>"#,
            r % 6,
            44_000 + r % 1500,
            r * 7 % 1000
        ));
    }
    xml.push_str(r#"</sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>"#);
    assert!(xml.len() > 4 << 20, "the sheet is past the threshold ({} bytes)", xml.len());
    let bytes = quirks(&xml);
    assert!(same_both_ways_as(&bytes, "big sheet, piped", &Limits::default(), false), "the fast reader takes it");
    let cut = Limits { max_sheet_cells: 100_001, ..Limits::default() };
    assert!(same_both_ways_as(&bytes, "big sheet, piped, cut", &cut, false));
}
