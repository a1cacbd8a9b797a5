//! A hostile corpus, mixed into a copy of a real campaign: the files and folders a newsroom inbox can hold that
//! are broken, absurd or malicious. Each is made here from a few lines of code, so the corpus is reviewable and
//! can be made at any size; every attack is listed with what it is, so a test can check that each is named in a
//! problem and that every good answer beside it is still read.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::crime_list::{CONTENT_TYPES, ROOT_RELS, STYLES, WORKBOOK, WORKBOOK_RELS};

/// How large the attacks are: `Small` for the test suite (seconds to make and to read), `Full` as they were met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttackKind {
    /// A file that must be refused, with a problem naming it.
    File,
    /// A folder of the campaign that must be reported, not read as a force.
    Folder,
    /// The campaign file itself, edited.
    CampaignFile,
    /// A file whose text must arrive as data (literal in releases, neutralised in CSVs), not be refused.
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attack {
    /// Relative to the campaign folder, '/'-separated.
    pub path: String,
    pub what: &'static str,
    pub kind: AttackKind,
}

/// Text that would be markup in typst, a formula in a spreadsheet or an escape sequence on a terminal.
pub const MARKUP: &[&str] = &[
    "#set page(fill: red)",
    "#read(\"/etc/passwd\")",
    "] #eval(\"1 + 1\") [",
    "$x^2$ *bold* _it_ @ref <label>",
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1+2",
    "-1+2",
    "\u{1b}[31mred\u{1b}[0m \u{202e}desrever",
];

struct Maker {
    dir: PathBuf,
    forces: Vec<String>,
    next: usize,
    attacks: Vec<Attack>,
}

impl Maker {
    /// The next real force folder, round-robin, so the attacks sit beside real answers.
    fn folder(&mut self) -> String {
        let f = self.forces[self.next % self.forces.len()].clone();
        self.next += 1;
        f
    }

    fn file(&mut self, name: &str, what: &'static str, kind: AttackKind, bytes: &[u8]) -> std::io::Result<()> {
        let rel = format!("{}/{name}", self.folder());
        fs_err::write(self.dir.join(&rel), bytes)?;
        self.attacks.push(Attack { path: rel, what, kind });
        Ok(())
    }

    fn made(&mut self, rel: String, what: &'static str, kind: AttackKind) {
        self.attacks.push(Attack { path: rel, what, kind });
    }
}

/// Add the hostile corpus to `campaign_dir` (a copy of a campaign folder with one folder per force).
pub fn generate(campaign_dir: &Path, scale: Scale) -> std::io::Result<Vec<Attack>> {
    let mut forces: Vec<String> = fs_err::read_dir(campaign_dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n != "vocabularies")
        .collect();
    forces.sort();
    if forces.len() < 2 {
        return Err(std::io::Error::other("the campaign needs at least two force folders"));
    }
    let mut m = Maker { dir: campaign_dir.to_path_buf(), forces, next: 0, attacks: Vec::new() };
    let full = scale == Scale::Full;
    let mb = |small: usize, big: usize| if full { big << 20 } else { small << 20 };

    // Zip bombs in xlsx: one shared string, or one inline string, that inflates to gigabytes; many short
    // shared strings past the member limit; a shared-strings count of billions; absurd dimensions.
    let bomb_sst = xlsx_bomb(Bomb::OneSharedString(mb(64, 4096)))?;
    m.file(
        "bomb-shared-string.xlsx",
        "xlsx whose one shared string inflates to gigabytes",
        AttackKind::File,
        &bomb_sst,
    )?;
    let bomb_inline = xlsx_bomb(Bomb::Inline(mb(64, 4096)))?;
    m.file(
        "bomb-inline-string.xlsx",
        "xlsx whose inline string inflates to gigabytes",
        AttackKind::File,
        &bomb_inline,
    )?;
    let many = xlsx_bomb(Bomb::ManyStrings(mb(600, 2048)))?;
    m.file(
        "bomb-many-strings.xlsx",
        "xlsx whose shared strings inflate past every member limit",
        AttackKind::File,
        &many,
    )?;
    m.file(
        "billions-of-strings.xlsx",
        "xlsx whose sharedStrings declares uniqueCount of 4 billion",
        AttackKind::File,
        &xlsx_bomb(Bomb::DeclaredCount)?,
    )?;
    m.file(
        "far-corner.xlsx",
        "xlsx declaring A1:XFD1048576 with a cell at the far corner",
        AttackKind::File,
        &xlsx_bomb(Bomb::FarCorner)?,
    )?;

    // ODS repeat counts in the millions, on cells and rows that hold a value.
    m.file(
        "repeats.ods",
        "ods with number-columns-repeated and number-rows-repeated in the millions",
        AttackKind::File,
        &ods_repeats()?,
    )?;

    // Legacy xls with a lying dimensions record, a cell at the far corner, a looping sector chain.
    let legacy = legacy_xls();
    for (name, what, patch) in [
        ("lying-dimensions.xls", "xls whose DIMENSIONS record claims 2^31 rows", XlsPatch::Dimensions),
        ("far-corner.xls", "xls with a cell at row 65536, column IV", XlsPatch::FarCorner),
        ("looping-chain.xls", "xls whose sector chain points at itself", XlsPatch::Loop),
    ] {
        if let Some(bytes) = legacy.as_deref().and_then(|b| patch_xls(b, patch)) {
            m.file(name, what, AttackKind::File, &bytes)?;
        }
    }

    // An email carrying the bombs.
    m.file(
        "bombs.eml",
        "email whose attachments are zip bombs",
        AttackKind::File,
        &email(&[("answer.xlsx", &bomb_sst), ("figures.xlsx", &bomb_inline)]),
    )?;

    // HTML: a table of 100,000 (1,000,000) cells; elements nested 100,000 deep.
    let cells = if full { 1_000_000 } else { 100_000 };
    let mut wide = String::from("<html><body><table>");
    for r in 0..cells / 10 {
        wide.push_str("<tr>");
        for c in 0..10 {
            wide.push_str(&format!("<td>{}</td>", r * 10 + c));
        }
        wide.push_str("</tr>");
    }
    wide.push_str("</table></body></html>");
    m.file("huge-table.html", "HTML with a table of 100,000 cells", AttackKind::File, wide.as_bytes())?;
    let deep = format!("<html><body>{}</body></html>", "<div><span>".repeat(50_000));
    m.file("deep.html", "HTML nested 100,000 deep", AttackKind::File, deep.as_bytes())?;

    // CSV: one cell of 60 MB, one line of 50 MB, 200 MB in all.
    let mut cell = b"Year,Number of offences\n2021/22,\"".to_vec();
    cell.extend(std::iter::repeat_n(b'7', mb(8, 60)));
    cell.extend_from_slice(b"\"\n");
    m.file("one-huge-cell.csv", "CSV with one 60 MB cell", AttackKind::File, &cell)?;
    let mut line = b"Year,Number of offences\n".to_vec();
    line.extend(std::iter::repeat_n(b"1,".as_slice(), mb(8, 50) / 2).flatten());
    line.push(b'\n');
    m.file("one-huge-line.csv", "CSV with one 50 MB line", AttackKind::File, &line)?;
    if full {
        let mut big = Vec::with_capacity(200 << 20);
        big.extend_from_slice(b"Crime reference,Offence\n");
        let mut i = 0u64;
        while big.len() < 200 << 20 {
            writeln!(big, "REF{i:012},Malicious communications").expect("write to a Vec");
            i += 1;
        }
        m.file("two-hundred-mb.csv", "CSV of 200 MB", AttackKind::File, &big)?;
    }

    // Things that are not files to read.
    let f = m.folder();
    let fifo = m.dir.join(&f).join("answer.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    if made {
        m.made(format!("{f}/answer.csv"), "a FIFO named like an answer", AttackKind::File);
    }
    let f = m.folder();
    std::os::unix::fs::symlink("loop-b.csv", m.dir.join(&f).join("loop-a.csv"))?;
    std::os::unix::fs::symlink("loop-a.csv", m.dir.join(&f).join("loop-b.csv"))?;
    m.made(format!("{f}/loop-a.csv"), "a symlink loop", AttackKind::File);
    let f = m.folder();
    std::os::unix::fs::symlink("/dev/zero", m.dir.join(&f).join("data.csv"))?;
    m.made(format!("{f}/data.csv"), "a symlink to /dev/zero", AttackKind::File);
    let f = m.folder();
    fs_err::File::create(m.dir.join(&f).join("big.xlsx"))?.set_len(8 << 30)?;
    m.made(format!("{f}/big.xlsx"), "a sparse 8 GB file", AttackKind::File);
    let f = m.folder();
    std::os::unix::fs::symlink("/etc", m.dir.join(&f).join("etc"))?;
    m.made(format!("{f}/etc"), "a symlink to /etc", AttackKind::File);
    let f = m.folder();
    std::os::unix::fs::symlink("/etc/passwd", m.dir.join(&f).join("passwd.csv"))?;
    m.made(format!("{f}/passwd.csv"), "a symlink to /etc/passwd", AttackKind::File);

    // Folders: a look-alike of a real force's folder, one named after two forces, one of markup.
    let (a, b) = (m.forces[0].clone(), m.forces[1].clone());
    let small_csv = b"Year,Number of offences\n2021/22,1\n2022/23,2\n2023/24,3\n";
    for (name, what) in [
        (format!(" {a}"), "a folder named like a force with a leading space"),
        (format!("{a} and {b}"), "a folder named after two forces at once"),
        ("#set text(red) \u{1b}[31m".to_string(), "a folder named in typst markup and an escape sequence"),
    ] {
        fs_err::create_dir_all(m.dir.join(&name))?;
        fs_err::write(m.dir.join(&name).join("answer.csv"), small_csv)?;
        m.made(name, what, AttackKind::Folder);
    }

    // Counts no force could have recorded, number syntax no force writes, a label of 70,000 characters.
    let long = "Malicious communications ".repeat(2800);
    let counts = format!(
        "Year,Number of offences\n2021/22,12345678901234567890\n2022/23,5e3\n2023/24,9223372036854775807\n\"{long}\",5e3\n"
    );
    m.file(
        "extra-figures.csv",
        "counts of 19 and 20 digits, 5e3, a 70,000-character label",
        AttackKind::File,
        counts.as_bytes(),
    )?;

    // Markup and formulas as an answer's labels (values no count, so nothing is stored from them).
    let mut labels = String::from("Offence,Number of offences\n");
    for l in MARKUP {
        labels.push_str(&format!("\"{}\",1e3\n", l.replace('"', "\"\"")));
    }
    m.file(
        "markup-labels.csv",
        "labels of typst markup, spreadsheet formulas and escape sequences",
        AttackKind::Text,
        labels.as_bytes(),
    )?;

    // The campaign file: a request file outside the folder, markup in the title.
    let toml_path = m.dir.join("campaign.toml");
    let text = fs_err::read_to_string(&toml_path)?;
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("request_file") {
                "request_file = \"/etc/passwd\"".to_string()
            } else if let Some(title) = l.strip_prefix("title = \"").and_then(|t| t.strip_suffix('"')) {
                format!("title = \"{title} #set page(fill: red)\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs_err::write(&toml_path, text + "\n")?;
    m.made("campaign.toml".into(), "request_file = \"/etc/passwd\" and markup in the title", AttackKind::CampaignFile);

    // Quick ones: random bytes, a truncated xlsx, a zip whose member claims encryption, a billion laughs.
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let random: Vec<u8> = (0..1 << 20)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect();
    m.file("random.xlsx", "1 MB of random bytes named .xlsx", AttackKind::File, &random)?;
    let whole = xlsx_bomb(Bomb::FarCorner)?;
    m.file("truncated.xlsx", "an xlsx cut off halfway", AttackKind::File, &whole[..whole.len() / 2])?;
    m.file("encrypted.zip", "a zip whose member is flagged as encrypted", AttackKind::File, &encrypted_zip()?)?;
    m.file("laughs.docx", "a Word file whose XML declares a billion laughs", AttackKind::File, &billion_laughs()?)?;
    Ok(m.attacks)
}

enum Bomb {
    OneSharedString(usize),
    Inline(usize),
    ManyStrings(usize),
    DeclaredCount,
    FarCorner,
}

/// Level 1 deflate makes a bomb of a given inflated size several times faster than level 9, at a few times
/// the size on disk: still kilobytes to megabytes.
const FAST: bool = true;

fn xlsx_bomb(bomb: Bomb) -> std::io::Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(if FAST { 1 } else { 9 }))
        .large_file(true);
    let part = |zip: &mut zip::ZipWriter<_>, name: &str, body: &[u8]| -> std::io::Result<()> {
        zip.start_file(name, opts).map_err(std::io::Error::other)?;
        zip.write_all(body)
    };
    part(&mut zip, "[Content_Types].xml", CONTENT_TYPES.as_bytes())?;
    part(&mut zip, "_rels/.rels", ROOT_RELS.as_bytes())?;
    part(&mut zip, "xl/workbook.xml", WORKBOOK.as_bytes())?;
    part(&mut zip, "xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes())?;
    part(&mut zip, "xl/styles.xml", STYLES.as_bytes())?;
    const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;
    let repeat = |zip: &mut zip::ZipWriter<_>, unit: &[u8], bytes: usize| -> std::io::Result<()> {
        let chunk: Vec<u8> = unit.iter().copied().cycle().take((1 << 20) / unit.len() * unit.len()).collect();
        let mut left = bytes;
        while left > 0 {
            let n = left.min(chunk.len());
            zip.write_all(&chunk[..n])?;
            left -= n;
        }
        Ok(())
    };
    let sheet_a1_shared =
        format!(r#"{SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#);
    match bomb {
        Bomb::OneSharedString(bytes) => {
            part(&mut zip, "xl/worksheets/sheet1.xml", sheet_a1_shared.as_bytes())?;
            zip.start_file("xl/sharedStrings.xml", opts).map_err(std::io::Error::other)?;
            zip.write_all(br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#)?;
            repeat(&mut zip, b"A", bytes)?;
            zip.write_all(b"</t></si></sst>")?;
        }
        Bomb::Inline(bytes) => {
            zip.start_file("xl/worksheets/sheet1.xml", opts).map_err(std::io::Error::other)?;
            write!(zip, r#"{SHEET_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#)?;
            repeat(&mut zip, b"A", bytes)?;
            zip.write_all(b"</t></is></c></row></sheetData></worksheet>")?;
            part(&mut zip, "xl/sharedStrings.xml", br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#)?;
        }
        Bomb::ManyStrings(bytes) => {
            part(&mut zip, "xl/worksheets/sheet1.xml", sheet_a1_shared.as_bytes())?;
            zip.start_file("xl/sharedStrings.xml", opts).map_err(std::io::Error::other)?;
            let unit = b"<si><t>A</t></si>";
            write!(
                zip,
                r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">"#,
                bytes / unit.len()
            )?;
            repeat(&mut zip, unit, bytes / unit.len() * unit.len())?;
            zip.write_all(b"</sst>")?;
        }
        Bomb::DeclaredCount => {
            part(&mut zip, "xl/worksheets/sheet1.xml", sheet_a1_shared.as_bytes())?;
            part(&mut zip, "xl/sharedStrings.xml", br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>Year</t></si><si><t>2021/22</t></si></sst>"#)?;
        }
        Bomb::FarCorner => {
            let sheet = format!(
                r#"{SHEET_HEAD}<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576"><c r="XFD1048576"><v>7</v></c></row></sheetData></worksheet>"#
            );
            part(&mut zip, "xl/worksheets/sheet1.xml", sheet.as_bytes())?;
            part(&mut zip, "xl/sharedStrings.xml", br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>Year</t></si></sst>"#)?;
        }
    }
    zip.finish().map_err(std::io::Error::other)?;
    Ok(out.into_inner())
}

fn ods_repeats() -> std::io::Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).map_err(std::io::Error::other)?;
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("META-INF/manifest.xml", opts).map_err(std::io::Error::other)?;
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)?;
    zip.start_file("content.xml", opts).map_err(std::io::Error::other)?;
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row><table:table-cell office:value-type="string"><text:p>Year</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16000000" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#)?;
    zip.finish().map_err(std::io::Error::other)?;
    Ok(out.into_inner())
}

/// The legacy .xls the patches start from: the repository's own fixture.
fn legacy_xls() -> Option<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/legacy.xls");
    fs_err::read(path).ok()
}

#[derive(Clone, Copy)]
enum XlsPatch {
    Dimensions,
    FarCorner,
    Loop,
}

/// Patch a BIFF8 workbook in its compound file. BIFF records are `id: u16, len: u16, body`; the Workbook
/// stream is found by its first record (BOF, 0x0809) rather than through the directory, which is enough for a
/// small file whose stream is stored in order.
fn patch_xls(bytes: &[u8], patch: XlsPatch) -> Option<Vec<u8>> {
    let mut b = bytes.to_vec();
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
    match patch {
        XlsPatch::Loop => {
            // Header: sector size 2^shift at 0x1E; the first FAT sector's number at 0x4C; the directory's first
            // sector at 0x30. Make the directory's chain point at itself.
            let shift = u16_at(&b, 0x1E) as u32;
            let size = 1usize << shift;
            let fat = u32::from_le_bytes(b[0x4C..0x50].try_into().ok()?) as usize;
            let dir = u32::from_le_bytes(b[0x30..0x34].try_into().ok()?);
            let at = (fat + 1) * size + dir as usize * 4;
            b.get_mut(at..at + 4)?.copy_from_slice(&dir.to_le_bytes());
            Some(b)
        }
        XlsPatch::Dimensions | XlsPatch::FarCorner => {
            // Walk records from each BOF (0x0809, length 16) found in the file.
            let mut patched = false;
            let starts: Vec<usize> = (0..b.len().saturating_sub(4))
                .filter(|&i| u16_at(&b, i) == 0x0809 && u16_at(&b, i + 2) == 16)
                .collect();
            for start in starts {
                let mut i = start;
                while i + 4 <= b.len() {
                    let (id, len) = (u16_at(&b, i), u16_at(&b, i + 2) as usize);
                    if i + 4 + len > b.len() || id == 0 {
                        break;
                    }
                    let body = i + 4;
                    match (patch, id) {
                        // DIMENSIONS: first row u32, last row + 1 u32, first col u16, last col + 1 u16.
                        (XlsPatch::Dimensions, 0x0200) if len >= 14 => {
                            b[body + 4..body + 8].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
                            b[body + 10..body + 12].copy_from_slice(&256u16.to_le_bytes());
                            patched = true;
                        }
                        // NUMBER, RK, LABELSST: row u16, col u16 first. Move one cell to the far corner.
                        (XlsPatch::FarCorner, 0x0203 | 0x027E | 0x00FD) if !patched => {
                            b[body..body + 2].copy_from_slice(&0xFFFFu16.to_le_bytes());
                            b[body + 2..body + 4].copy_from_slice(&0x00FFu16.to_le_bytes());
                            patched = true;
                        }
                        _ => {}
                    }
                    if id == 0x000A {
                        break; // EOF of this substream
                    }
                    i = body + len;
                }
            }
            patched.then_some(b)
        }
    }
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + bytes.len() / 57 * 2 + 4);
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let n = chunk.iter().fold(0u32, |n, &b| (n << 8) | b as u32) << (8 * (3 - chunk.len()));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(T[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn email(attachments: &[(&str, &[u8])]) -> Vec<u8> {
    let mut e = String::from(
        "From: foi@force.example\r\nTo: desk@example.org\r\nSubject: FOI response\r\nDate: Fri, 19 Jul 2024 10:14:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPlease find attached.\r\n",
    );
    for (name, bytes) in attachments {
        e.push_str(&format!(
            "--b\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            base64(bytes)
        ));
    }
    e.push_str("--b--\r\n");
    e.into_bytes()
}

fn encrypted_zip() -> std::io::Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    zip.start_file("answer.csv", zip::write::SimpleFileOptions::default()).map_err(std::io::Error::other)?;
    zip.write_all(b"Year,Number of offences\n2021/22,4\n")?;
    zip.finish().map_err(std::io::Error::other)?;
    let mut b = out.into_inner();
    // General-purpose flag bit 0 (encrypted), in the local header (offset 6) and the central directory entry.
    b[6] |= 1;
    if let Some(cd) = b.windows(4).rposition(|w| w == b"PK\x01\x02") {
        b[cd + 8] |= 1;
    }
    Ok(b)
}

fn billion_laughs() -> std::io::Result<Vec<u8>> {
    let mut doc = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        doc.push_str(&format!("<!ENTITY lol{i} \"{}\">", format!("&{prev};").repeat(10)));
    }
    doc.push_str("]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).map_err(std::io::Error::other)?;
    zip.write_all(doc.as_bytes())?;
    zip.finish().map_err(std::io::Error::other)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attack_is_made_where_it_says() {
        let tmp = tempfile::tempdir().unwrap();
        let c = tmp.path().join("campaign");
        for f in ["alpha", "beta", "gamma"] {
            fs_err::create_dir_all(c.join(f)).unwrap();
            fs_err::write(c.join(f).join("answer.csv"), "Year,Number\n2021/22,4\n").unwrap();
        }
        fs_err::write(c.join("campaign.toml"), "slug = \"x\"\ntitle = \"T\"\nrequest_file = \"request.txt\"\n")
            .unwrap();
        let attacks = generate(&c, Scale::Small).unwrap();
        assert!(attacks.len() >= 25, "{}", attacks.len());
        for a in &attacks {
            assert!(std::fs::symlink_metadata(c.join(&a.path)).is_ok(), "{} missing", a.path);
        }
        let toml = fs_err::read_to_string(c.join("campaign.toml")).unwrap();
        assert!(toml.contains("request_file = \"/etc/passwd\"") && toml.contains("#set page"), "{toml}");
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }
}
