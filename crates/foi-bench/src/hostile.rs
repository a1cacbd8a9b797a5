//! A hostile corpus, mixed into a copy of a real campaign: the files and folders a newsroom inbox can hold that
//! are broken, absurd or malicious. Each is made here from a few lines of code, so the corpus is reviewable and
//! can be made at any size; every attack is listed with what it is, so a test can check that each is named in a
//! problem and that every good answer beside it is still read.

use std::fmt::Write as _;
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

    /// `folder/name`, or `folder/stem-2.ext`, … when a real answer already has that name: an attack never
    /// replaces what it is mixed into.
    fn free(&self, folder: &str, name: &str) -> String {
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
            _ => (name, String::new()),
        };
        (1..)
            .map(|n| if n == 1 { format!("{folder}/{name}") } else { format!("{folder}/{stem}-{n}{ext}") })
            .find(|rel| std::fs::symlink_metadata(self.dir.join(rel)).is_err())
            .expect("some name is free")
    }

    /// Write `bytes` as `name` into the next force folder.
    fn file(&mut self, name: &str, what: &'static str, kind: AttackKind, bytes: &[u8]) -> std::io::Result<()> {
        let f = self.folder();
        let rel = self.free(&f, name);
        fs_err::write(self.dir.join(&rel), bytes)?;
        self.attacks.push(Attack { path: rel, what, kind });
        Ok(())
    }

    /// A symlink named `name` in the next force folder, pointing at `target`.
    fn symlink(&mut self, name: &str, target: &str, what: &'static str) -> std::io::Result<()> {
        let f = self.folder();
        let rel = self.free(&f, name);
        std::os::unix::fs::symlink(target, self.dir.join(&rel))?;
        self.attacks.push(Attack { path: rel, what, kind: AttackKind::File });
        Ok(())
    }

    fn made(&mut self, rel: String, what: &'static str, kind: AttackKind) {
        self.attacks.push(Attack { path: rel, what, kind });
    }

    /// The first file with extension `ext` in the force folders (sorted), read whole: a real answer to damage.
    fn real(&self, ext: &str) -> Option<Vec<u8>> {
        self.forces.iter().find_map(|f| {
            let mut files: Vec<PathBuf> = fs_err::read_dir(self.dir.join(f))
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case(ext)))
                .collect();
            files.sort();
            files.first().and_then(|p| fs_err::read(p).ok())
        })
    }
}

/// Add the hostile corpus to `campaign_dir` (a copy of a campaign folder with one folder per force) and list
/// its attacks. Attack files go round-robin into the force folders that hold answers (sorted by name; never a
/// named force), beside those answers and never over one; look-alike folders are added beside the forces; the
/// campaign file is edited in place. `Small` is made in about a second (debug build) and is a few tens of MB
/// on disk (plus a sparse 8 GB file that takes none); `Full` has bombs of gigabytes and a 200 MB CSV.
pub fn generate(campaign_dir: &Path, scale: Scale) -> std::io::Result<Vec<Attack>> {
    let mut folders: Vec<(String, bool)> = fs_err::read_dir(campaign_dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n != "vocabularies")
        .map(|n| {
            let answered = fs_err::read_dir(campaign_dir.join(&n))
                .is_ok_and(|mut d| d.any(|e| e.is_ok_and(|e| e.file_type().is_ok_and(|t| t.is_file()))));
            (n, answered)
        })
        .collect();
    folders.sort();
    // Folders with an answer in them; every folder if fewer than two have one.
    let answered: Vec<String> = folders.iter().filter(|(_, a)| *a).map(|(n, _)| n.clone()).collect();
    let forces = if answered.len() >= 2 { answered } else { folders.into_iter().map(|(n, _)| n).collect() };
    if forces.len() < 2 {
        return Err(std::io::Error::other("the campaign needs at least two force folders"));
    }
    let mut m = Maker { dir: campaign_dir.to_path_buf(), forces, next: 0, attacks: Vec::new() };
    // Real answers to damage, taken before any attack is added.
    let real_xlsx = m.real("xlsx");
    let legacy = legacy_xls().or_else(|| m.real("xls"));
    let full = scale == Scale::Full;
    let mb = |small: usize, big: usize| if full { big << 20 } else { small << 20 };

    // 1–4. Zip bombs in xlsx: one shared string, or one inline string, that inflates to gigabytes (400 MB when
    // small); tens of millions of short shared strings past the member limit; a shared-strings count of
    // billions; absurd dimensions with a cell at the far corner.
    let bomb_sst = xlsx_bomb(Bomb::OneSharedString(mb(400, 4096)))?;
    m.file(
        "bomb-shared-string.xlsx",
        if full {
            "xlsx whose one shared string inflates to 4 GB"
        } else {
            "xlsx whose one shared string inflates to 400 MB"
        },
        AttackKind::File,
        &bomb_sst,
    )?;
    let bomb_inline = xlsx_bomb(Bomb::Inline(mb(400, 4096)))?;
    m.file(
        "bomb-inline-string.xlsx",
        if full { "xlsx whose inline string inflates to 4 GB" } else { "xlsx whose inline string inflates to 400 MB" },
        AttackKind::File,
        &bomb_inline,
    )?;
    let many = xlsx_bomb(Bomb::ManyStrings(mb(600, 2048)))?;
    m.file(
        "bomb-many-strings.xlsx",
        "xlsx whose shared strings (millions of short ones) inflate past every member limit",
        AttackKind::File,
        &many,
    )?;
    m.file(
        "billions-of-strings.xlsx",
        "xlsx whose sharedStrings declares count and uniqueCount of 4 billion and holds 2",
        AttackKind::File,
        &xlsx_bomb(Bomb::DeclaredCount)?,
    )?;
    m.file(
        "far-corner.xlsx",
        "xlsx declaring A1:XFD1048576 with a cell at the far corner",
        AttackKind::File,
        &xlsx_bomb(Bomb::FarCorner)?,
    )?;

    // 5. ODS repeat counts in the millions, on a cell and a row that hold a value (tiny on disk at any scale).
    m.file(
        "repeats.ods",
        "ods with number-columns-repeated=16000000 and number-rows-repeated=1000000 on values",
        AttackKind::File,
        &ods_repeats()?,
    )?;

    // 6. Legacy xls: a cell at the far corner under a lying DIMENSIONS record, DIMENSIONS claiming 2^31 rows, the
    // directory's sector chain pointing at itself, the workbook stream's first sector pointing at itself.
    for (name, what, patch) in [
        (
            "far-corner.xls",
            "xls with a cell at row 65536, column IV, DIMENSIONS claiming 65536 x 256",
            XlsPatch::FarCorner,
        ),
        ("lying-dimensions.xls", "xls whose DIMENSIONS record claims 2^31 rows", XlsPatch::Dimensions),
        ("looping-directory.xls", "xls whose directory's FAT chain points at itself", XlsPatch::DirectoryLoop),
        (
            "looping-stream.xls",
            "xls whose Workbook stream's first sector's FAT entry points at itself",
            XlsPatch::StreamLoop,
        ),
    ] {
        if let Some(bytes) = legacy.as_deref().and_then(|b| patch_xls(b, patch)) {
            m.file(name, what, AttackKind::File, &bytes)?;
        }
    }

    // 7. An email carrying the bombs of 1 and 2 (base64 of about 1 MB when small, 10 MB when full).
    m.file(
        "bombs.eml",
        "email whose attachments are the two xlsx zip bombs",
        AttackKind::File,
        &email(&[("answer.xlsx", &bomb_sst), ("figures.xlsx", &bomb_inline)]),
    )?;
    drop((bomb_sst, bomb_inline, many));

    // 8. HTML: a table of 100,000 (1,000,000) cells; elements nested 100,000 deep.
    let cells = if full { 1_000_000 } else { 100_000 };
    let mut wide = String::from("<html><body><table>");
    for r in 0..cells / 10 {
        wide.push_str("<tr>");
        for c in 0..10 {
            write!(wide, "<td>{}</td>", r * 10 + c).expect("write to a String");
        }
        wide.push_str("</tr>");
    }
    wide.push_str("</table></body></html>");
    m.file(
        "huge-table.html",
        if full { "HTML with a table of 1,000,000 cells" } else { "HTML with a table of 100,000 cells" },
        AttackKind::File,
        wide.as_bytes(),
    )?;
    let deep = format!("<html><body>{}</body></html>", "<div><span>".repeat(50_000));
    m.file("deep.html", "HTML with elements nested 100,000 deep", AttackKind::File, deep.as_bytes())?;

    // 9. CSV: one cell of 60 MB, one line of 50 MB, 200 MB in all (small: 8 MB, 8 MB, none).
    let mut cell = b"Financial Year,Number of Offences\n2021/22,\"".to_vec();
    cell.extend(std::iter::repeat_n(b'7', mb(8, 60)));
    cell.extend_from_slice(b"\"\n");
    m.file(
        "one-huge-cell.csv",
        if full { "CSV with one 60 MB cell" } else { "CSV with one 8 MB cell" },
        AttackKind::File,
        &cell,
    )?;
    let mut line = b"Financial Year,Number of Offences\n".to_vec();
    line.extend(std::iter::repeat_n(b"1,".as_slice(), mb(8, 50) / 2).flatten());
    line.push(b'\n');
    m.file(
        "one-huge-line.csv",
        if full { "CSV with one 50 MB line of 26 million cells" } else { "CSV with one 8 MB line of 4 million cells" },
        AttackKind::File,
        &line,
    )?;
    drop((cell, line));
    if full {
        let mut big = Vec::with_capacity((200 << 20) + 64);
        big.extend_from_slice(b"Crime reference,Offence\n");
        let mut i = 0u64;
        while big.len() < 200 << 20 {
            writeln!(big, "REF{i:012},Malicious communications").expect("write to a Vec");
            i += 1;
        }
        m.file("two-hundred-mb.csv", "CSV of 200 MB (5.5 million rows)", AttackKind::File, &big)?;
    }

    // 10. Things that are not files to read: a FIFO (a reader that opens it waits forever for a writer), a
    // symlink loop, symlinks out of the raw folder, a sparse file of 8 GB (no disk at any scale).
    let f = m.folder();
    let fifo = m.free(&f, "answer.csv");
    let status = std::process::Command::new("mkfifo").arg(m.dir.join(&fifo)).status()?;
    if !status.success() {
        return Err(std::io::Error::other(format!("mkfifo {fifo}: {status}")));
    }
    m.made(fifo, "a FIFO named like an answer", AttackKind::File);
    let f = m.folder();
    let (a, b) = (m.free(&f, "loop-a.csv"), m.free(&f, "loop-b.csv"));
    let name = |rel: &str| rel.rsplit('/').next().unwrap_or(rel).to_string();
    std::os::unix::fs::symlink(name(&b), m.dir.join(&a))?;
    std::os::unix::fs::symlink(name(&a), m.dir.join(&b))?;
    m.made(a, "a symlink loop (loop-a.csv -> loop-b.csv -> loop-a.csv)", AttackKind::File);
    m.symlink("data.csv", "/dev/zero", "a symlink to /dev/zero named like an answer")?;
    let f = m.folder();
    let sparse = m.free(&f, "big.xlsx");
    fs_err::File::create(m.dir.join(&sparse))?.set_len(8 << 30)?;
    m.made(sparse, "a sparse 8 GB file named .xlsx", AttackKind::File);
    m.symlink("etc", "/etc", "a symlink to /etc")?;
    m.symlink("passwd.csv", "/etc/passwd", "a symlink to /etc/passwd named like an answer")?;

    // 11. Folders: a look-alike of a real force's folder, one named after two forces, one of markup and an
    // escape sequence; each holds a small answer, which must not be read as any force's.
    let (a, b) = (m.forces[0].clone(), m.forces[1].clone());
    let small_csv = b"Financial Year,Number of Offences\n2021/22,1\n2022/23,2\n2023/24,3\n";
    for (name, what) in [
        (format!(" {a}"), "a folder named like a force with a leading space"),
        (format!("{a} and {b}"), "a folder named after two forces at once"),
        ("#set text(red) \u{1b}[31m".to_string(), "a folder named in typst markup and an escape sequence"),
    ] {
        if std::fs::symlink_metadata(m.dir.join(&name)).is_ok() {
            continue; // the campaign has such a folder already: it is not ours to add to
        }
        fs_err::create_dir(m.dir.join(&name))?;
        fs_err::write(m.dir.join(&name).join("answer.csv"), small_csv)?;
        m.made(name, what, AttackKind::Folder);
    }

    // 12. Counts no force could have recorded, number syntax no force writes, a label of 70,000 characters, in
    // an answer shaped like the real ones (year, count, total).
    let long = "Malicious communications ".repeat(2800);
    let counts = format!(
        "Financial Year,Number of Offences\n2021/22,12345678901234567890\n2022/23,5e3\n2023/24,9223372036854775807\n\
         \"{long}\",5e3\nTotal,12345678901234572890\n"
    );
    m.file(
        "extra-figures.csv",
        "counts of 19 and 20 digits, 5e3, a 70,000-character label",
        AttackKind::File,
        counts.as_bytes(),
    )?;

    // 13. Markup and formulas as an answer's labels; the campaign file asks for /etc/passwd as its request and
    // carries markup in its title.
    let mut labels = String::from("Offence,Number of Offences\n");
    for l in MARKUP {
        writeln!(labels, "\"{}\",1e3", l.replace('"', "\"\"")).expect("write to a String");
    }
    m.file(
        "markup-labels.csv",
        "labels of typst markup, spreadsheet formulas and escape sequences",
        AttackKind::Text,
        labels.as_bytes(),
    )?;
    let toml_path = m.dir.join("campaign.toml");
    let text = fs_err::read_to_string(&toml_path)?;
    fs_err::write(&toml_path, hostile_campaign(&text))?;
    m.made(
        "campaign.toml".into(),
        "request_file = \"/etc/passwd\"; a line of typst markup added to the title",
        AttackKind::CampaignFile,
    );

    // 14. Quick ones: random bytes, a real xlsx cut off halfway, a zip whose member claims encryption, a
    // billion laughs.
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
    let whole = match real_xlsx {
        Some(b) => b,
        None => xlsx_bomb(Bomb::FarCorner)?,
    };
    m.file("truncated.xlsx", "an xlsx cut off halfway", AttackKind::File, &whole[..whole.len() / 2])?;
    m.file("encrypted.zip", "a zip whose member is flagged as encrypted", AttackKind::File, &encrypted_zip()?)?;
    m.file("laughs.docx", "a Word file whose XML declares a billion laughs", AttackKind::File, &billion_laughs()?)?;
    Ok(m.attacks)
}

/// The campaign file with `request_file` pointing at /etc/passwd (put first when there is none) and a second
/// line of typst markup in a basic-string title (a `\n` escape, so it stays valid TOML).
fn hostile_campaign(text: &str) -> String {
    let key = |l: &str, k: &str| l.strip_prefix(k).is_some_and(|r| r.trim_start().starts_with('='));
    let mut out = String::new();
    if !text.lines().take_while(|l| !l.trim_start().starts_with('[')).any(|l| key(l, "request_file")) {
        out.push_str("request_file = \"/etc/passwd\"\n");
    }
    let mut top = true; // before the first [table]: the campaign's own keys
    for l in text.lines() {
        top &= !l.trim_start().starts_with('[');
        let title = l.split_once('=').filter(|_| top && key(l, "title")).map(|(_, v)| v.trim());
        if top && key(l, "request_file") {
            out.push_str("request_file = \"/etc/passwd\"\n");
        } else if let Some(t) = title.and_then(|v| v.strip_prefix('"')).and_then(|v| v.strip_suffix('"')) {
            writeln!(out, "title = \"{t}\\n#set page(fill: red)\"").expect("write to a String");
        } else {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

enum Bomb {
    OneSharedString(usize),
    Inline(usize),
    ManyStrings(usize),
    DeclaredCount,
    FarCorner,
}

/// Deflate level of the bombs. Measured on runs of one byte (256 MB, flate2's zlib-rs backend): level 1 packs
/// them only 103:1 (2.5 MB) in 0.05 s; level 2 reaches deflate's ceiling of 1028:1 (255 KB) in 0.07 s, as do 3
/// to 6; level 9 is no smaller and 5 times slower. So 2: the fastest to make a bomb of the full ratio.
const LEVEL: i64 = 2;

fn xlsx_bomb(bomb: Bomb) -> std::io::Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
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

/// The legacy .xls the patches start from: the repository's own fixture (a real BIFF8 workbook of 5.5 KB).
fn legacy_xls() -> Option<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/legacy.xls");
    fs_err::read(path).ok()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum XlsPatch {
    /// Move the sheet's last cell to row 65536, column IV (the last BIFF8 has) and make DIMENSIONS claim the
    /// whole 65536 x 256 grid: a reader that sizes its grid from either allocates 16.7 million cells.
    FarCorner,
    /// DIMENSIONS claiming rows 0 to 2^31: a reader that trusts it reserves billions of rows.
    Dimensions,
    /// The directory's FAT entry points at its own sector: following the chain never ends.
    DirectoryLoop,
    /// The Workbook stream's first FAT entry points at itself: a stream whose chain never ends.
    StreamLoop,
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// Patch a BIFF8 workbook inside its compound file (CFB). Returns `None` when the file is not laid out as
/// expected (the attack is then left out, never written half-made).
///
/// CFB: a 512-byte header, then sectors of 2^shift bytes (shift at 0x1E), sector n at (n + 1) << shift. The
/// FAT maps each sector to the next of its chain (0xFFFFFFFE ends one); its sectors are listed in the header's
/// DIFAT at 0x4C (109 of them, enough for any small file). The directory starts at the sector named at 0x30;
/// its 128-byte entries hold a UTF-16 name, the type at 66, the first sector at 116 and the size at 120.
/// Streams under the cutoff at 0x38 live in the mini stream (the root entry's chain) instead.
///
/// BIFF: records of `id: u16, len: u16, body`; each substream opens with BOF (0x0809, 16 bytes, its type at
/// body + 2: 0x0010 for a worksheet). The Workbook stream is patched in place in the file's bytes, found by
/// its BOF records, which holds when its sectors are in order (as in the fixture: sectors 0 to 7).
fn patch_xls(bytes: &[u8], patch: XlsPatch) -> Option<Vec<u8>> {
    let mut b = bytes.to_vec();
    if b.get(..8)? != b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" {
        return None;
    }
    let size = 1usize.checked_shl(u32::from(u16_at(&b, 0x1E)?))?;
    let sector = |n: u32| (n as usize + 1) * size;
    // Where sector n's FAT entry is in the file.
    let fat_entry = |b: &[u8], n: u32| -> Option<usize> {
        let per = (size / 4) as u32;
        let k = (n / per) as usize;
        (k < 109).then_some(())?;
        Some(sector(u32_at(b, 0x4C + 4 * k)?) + 4 * (n % per) as usize)
    };
    match patch {
        XlsPatch::DirectoryLoop => {
            let dir = u32_at(&b, 0x30)?;
            let at = fat_entry(&b, dir)?;
            b.get_mut(at..at + 4)?.copy_from_slice(&dir.to_le_bytes());
            Some(b)
        }
        XlsPatch::StreamLoop => {
            // The Workbook entry in the directory's first sector (under the cutoff, the mini stream holding it):
            // its first sector's FAT entry points at itself, so the chain cycles long before the stream's
            // declared size is read (a loop at the chain's end would hide behind a reader that stops at the size).
            let dir = sector(u32_at(&b, 0x30)?);
            let name: Vec<u8> = "Workbook".encode_utf16().flat_map(u16::to_le_bytes).collect();
            let entry =
                (0..size / 128).map(|i| dir + i * 128).find(|&e| b.get(e..e + name.len()) == Some(&name[..]))?;
            let (mut start, len) = (u32_at(&b, entry + 116)?, u32_at(&b, entry + 120)?);
            if len < u32_at(&b, 0x38)? {
                start = u32_at(&b, dir + 116)?;
            }
            let at = fat_entry(&b, start)?;
            b.get_mut(at..at + 4)?.copy_from_slice(&start.to_le_bytes());
            Some(b)
        }
        XlsPatch::Dimensions | XlsPatch::FarCorner => {
            let mut patched = (false, false); // (DIMENSIONS, a cell)
            let sheets: Vec<usize> = (0..b.len().saturating_sub(8))
                .filter(|&i| u16_at(&b, i) == Some(0x0809) && u16_at(&b, i + 2) == Some(16))
                .filter(|&i| u16_at(&b, i + 6) == Some(0x0010))
                .collect();
            for start in sheets {
                let (mut i, mut last_cell) = (start, None);
                while let (Some(id), Some(len)) = (u16_at(&b, i), u16_at(&b, i + 2)) {
                    let (body, len) = (i + 4, len as usize);
                    if body + len > b.len() || id == 0 {
                        break;
                    }
                    match id {
                        // DIMENSIONS: first row u32, last row + 1 u32, first column u16, last column + 1 u16.
                        0x0200 if len >= 14 => {
                            let (rows, cols) =
                                if patch == XlsPatch::FarCorner { (65_536, 256) } else { (1 << 31, 256) };
                            b[body..body + 4].copy_from_slice(&0u32.to_le_bytes());
                            b[body + 4..body + 8].copy_from_slice(&(rows as u32).to_le_bytes());
                            b[body + 8..body + 10].copy_from_slice(&0u16.to_le_bytes());
                            b[body + 10..body + 12].copy_from_slice(&(cols as u16).to_le_bytes());
                            patched.0 = true;
                        }
                        // NUMBER, RK, LABELSST, LABEL, BOOLERR, FORMULA: row u16 and column u16 first.
                        0x0203 | 0x027E | 0x00FD | 0x0204 | 0x0205 | 0x0006 => last_cell = Some(body),
                        0x000A => break, // EOF of this substream
                        _ => {}
                    }
                    i = body + len;
                }
                if let (XlsPatch::FarCorner, Some(cell)) = (patch, last_cell) {
                    b[cell..cell + 2].copy_from_slice(&0xFFFFu16.to_le_bytes());
                    b[cell + 2..cell + 4].copy_from_slice(&0x00FFu16.to_le_bytes());
                    patched.1 = true;
                }
            }
            let done = if patch == XlsPatch::FarCorner { patched.0 && patched.1 } else { patched.0 };
            done.then_some(b)
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

    /// A campaign of three forces, each with one answer named `answer.csv` (the FIFO's name too).
    fn fake_campaign(dir: &Path) {
        for f in ["alpha", "beta", "gamma"] {
            fs_err::create_dir_all(dir.join(f)).unwrap();
            fs_err::write(dir.join(f).join("answer.csv"), format!("Year,Number\n2021/22,4\n{f}\n")).unwrap();
        }
        fs_err::create_dir_all(dir.join("vocabularies")).unwrap();
        fs_err::write(dir.join("request.txt"), "How many?\n").unwrap();
        fs_err::write(dir.join("campaign.toml"), "slug = \"x\"\ntitle = \"T\"\nrequest_file = \"request.txt\"\n")
            .unwrap();
    }

    #[test]
    fn every_attack_is_made_where_it_says() {
        let tmp = tempfile::tempdir().unwrap();
        let c = tmp.path().join("campaign");
        fake_campaign(&c);
        let started = std::time::Instant::now();
        let attacks = generate(&c, Scale::Small).unwrap();
        assert!(started.elapsed().as_secs() < 5, "small took {:?}", started.elapsed());
        assert!(attacks.len() >= 30, "{}", attacks.len());
        for a in &attacks {
            assert!(std::fs::symlink_metadata(c.join(&a.path)).is_ok(), "{} missing", a.path);
            assert!(!a.path.starts_with("vocabularies"), "{}", a.path);
        }
        // Every kind is there, the four patched xls among the files, and the FIFO is a FIFO.
        for kind in [AttackKind::File, AttackKind::Folder, AttackKind::CampaignFile, AttackKind::Text] {
            assert!(attacks.iter().any(|a| a.kind == kind), "no {kind:?}");
        }
        assert_eq!(attacks.iter().filter(|a| a.path.ends_with(".xls")).count(), 4);
        let fifo = attacks.iter().find(|a| a.what.contains("FIFO")).unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(c.join(&fifo.path)).unwrap().file_type().is_fifo());
        // Spread over all three forces; each real answer is still there, unchanged.
        for f in ["alpha", "beta", "gamma"] {
            assert!(attacks.iter().filter(|a| a.path.starts_with(&format!("{f}/"))).count() >= 8, "{f}");
            let answer = fs_err::read_to_string(c.join(f).join("answer.csv")).unwrap();
            assert!(answer.ends_with(&format!("{f}\n")), "{f}/answer.csv was replaced");
        }
        let toml = fs_err::read_to_string(c.join("campaign.toml")).unwrap();
        assert!(toml.contains("request_file = \"/etc/passwd\"") && toml.contains("\\n#set page"), "{toml}");
    }

    #[test]
    fn the_real_campaign_file_stays_valid_with_its_markup() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data-raw/tiktok-2024/campaign.toml");
        let Ok(text) = fs_err::read_to_string(root) else { return };
        let c = foi_model::Campaign::parse(&hostile_campaign(&text)).unwrap();
        assert_eq!(c.request_file.as_deref(), Some("/etc/passwd"));
        assert!(c.title.ends_with("\n#set page(fill: red)"), "{:?}", c.title);
        // No request_file at all: one is added where it is the campaign's own key.
        let c = hostile_campaign("slug = \"x\"\ntitle = \"T\"\n[periods]\ntitle = \"not this\"\n");
        assert_eq!(c, "request_file = \"/etc/passwd\"\nslug = \"x\"\ntitle = \"T\\n#set page(fill: red)\"\n[periods]\ntitle = \"not this\"\n");
    }

    /// Read back what each xls patch wrote (with the offsets the fixture has: see `patch_xls`).
    #[test]
    fn the_xls_patches_say_what_they_claim() {
        let Some(xls) = legacy_xls() else { return };
        let grid = |b: &[u8]| {
            let dims =
                (0..b.len() - 18).find(|&i| u16_at(b, i) == Some(0x0200) && u16_at(b, i + 2) == Some(14)).unwrap();
            (u32_at(b, dims + 8).unwrap(), u16_at(b, dims + 14).unwrap())
        };
        assert_eq!(grid(&xls), (5, 2));
        let far = patch_xls(&xls, XlsPatch::FarCorner).unwrap();
        assert_eq!(grid(&far), (65_536, 256));
        assert!(
            far.windows(8).any(|w| w[..2] == [0x7E, 0x02] && w[4..] == [0xFF, 0xFF, 0xFF, 0x00]),
            "no RK at the corner"
        );
        assert_eq!(grid(&patch_xls(&xls, XlsPatch::Dimensions).unwrap()).0, 1 << 31);
        // The directory (sector 9, FAT in sector 8) points at itself; so does the Workbook's first sector (0).
        let fat = |b: &[u8], n: usize| u32_at(b, 9 * 512 + 4 * n).unwrap();
        assert_eq!(fat(&xls, 9), 0xFFFF_FFFE);
        assert_eq!(fat(&patch_xls(&xls, XlsPatch::DirectoryLoop).unwrap(), 9), 9);
        assert_eq!(fat(&xls, 0), 1);
        assert_eq!(fat(&patch_xls(&xls, XlsPatch::StreamLoop).unwrap(), 0), 0);
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }
}
