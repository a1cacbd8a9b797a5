//! What a zip container (xlsx, xlsb, docx, ods, a zip of answers) may cost, checked before any parser opens it.
//!
//! A zip says how large each member is, but the saying is not binding: a member of a few kilobytes can inflate
//! to gigabytes, and calamine reads shared strings and each cell's text whole, so a bomb would abort the
//! process. Each member is therefore inflated once into a counting sink (nothing is kept) and refused past a
//! limit; XML members are also scanned for one text run longer than any spreadsheet cell can hold, and a
//! shared-strings table that declares more strings than its bytes can hold (calamine reserves room for the
//! declared number up front).

use std::io::{Read, Write};

use super::ReadError;

/// Members in one container: an xlsx has a dozen; a zip of answers, a few hundred at most.
pub const MAX_MEMBERS: usize = 10_000;
/// One member, inflated: the sheet of a million-row crime list is about 150 MB of XML.
pub const MAX_MEMBER_BYTES: u64 = 512 * 1024 * 1024;
/// All members together, inflated.
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// The longest run of text between two XML tags: a cell holds at most 32,767 characters (4 bytes each at most,
/// then escaped), so a run of megabytes is no cell.
pub const MAX_TEXT_RUN: u64 = 1024 * 1024;
const _: () = assert!(MAX_TEXT_RUN > CHUNK as u64, "runs inside one chunk are not measured");
/// Bytes inflated at a time.
const CHUNK: usize = 64 * 1024;

/// What the one pass over a container learnt that spares a parser a second pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZipFacts {
    /// Some worksheet part has a `<mergeCell>`. Asking calamine for a sheet's merges parses the whole sheet
    /// again (a fifth of the time of a million-row list), so it is asked only when there are any.
    pub merged_cells: bool,
    /// Some worksheet or the shared strings have superscript or subscript runs (`vertAlign`), whose text is
    /// looked for again (see `rich_text`) only when there are any.
    pub superscripts: bool,
}

impl ZipFacts {
    /// What is assumed of a container not looked into: anything may be there.
    pub const UNKNOWN: ZipFacts = ZipFacts { merged_cells: true, superscripts: true };
}

/// Whether a word occurs in a member read in chunks, also where it straddles two of them.
struct Spot<'n> {
    finder: memchr::memmem::Finder<'n>,
    /// The end of the previous chunk.
    carry: Vec<u8>,
}

impl<'n> Spot<'n> {
    fn new(word: &'n [u8]) -> Spot<'n> {
        Spot { finder: memchr::memmem::Finder::new(word), carry: Vec::new() }
    }

    fn seen_in(&mut self, chunk: &[u8]) -> bool {
        let w = self.finder.needle().len();
        self.carry.extend_from_slice(&chunk[..chunk.len().min(w)]);
        let seen = self.finder.find(&self.carry).is_some() || self.finder.find(chunk).is_some();
        self.carry.clear();
        self.carry.extend_from_slice(&chunk[chunk.len().saturating_sub(w)..]);
        seen
    }

    fn restart(&mut self) {
        self.carry.clear();
    }
}

/// A container at most this large is also unpacked while it is checked (see [`check_and_unpack`]).
pub const UNPACK_MAX_PACKED: usize = 8 * 1024 * 1024;
/// Inflated bytes an unpacked copy may hold: past this the copy is dropped and the check goes on alone.
pub const UNPACK_MAX_BYTES: u64 = 64 * 1024 * 1024;

pub fn check_zip(bytes: &[u8]) -> Result<ZipFacts, ReadError> {
    check_and_unpack(bytes, false).map(|(facts, _)| facts)
}

/// The check, and with `unpack` (for a container of at most [`UNPACK_MAX_PACKED`] bytes) the same container
/// with every member stored uncompressed, made from what the check inflated: the parser then reads it without
/// inflating everything a second time (a tenth of reading a campaign's small workbooks was the second inflate).
/// No copy is made when any member cannot be read back whole and intact (damage, encryption, an unknown
/// method): the parser reads the original and reports that in its own words.
pub fn check_and_unpack(bytes: &[u8], unpack: bool) -> Result<(ZipFacts, Option<Vec<u8>>), ReadError> {
    let mut copy = (unpack && bytes.len() <= UNPACK_MAX_PACKED)
        .then(|| zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(bytes.len() * 4))));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(false);
    let mut facts = ZipFacts::default();
    let (mut merge_tag, mut vert_align) = (Spot::new(b"<mergeCell"), Spot::new(b"vertAlign"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("damaged zip container: {e}")))?;
    if archive.len() > MAX_MEMBERS {
        return Err(ReadError::Limit(format!(
            "the zip holds {} members, over the limit of {MAX_MEMBERS}",
            archive.len()
        )));
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; CHUNK];
    for i in 0..archive.len() {
        let mut member = match archive.by_index(i) {
            Ok(m) => m,
            // An unreadable member (encrypted, unknown compression) is the parser's to report.
            Err(_) => {
                copy = None;
                continue;
            }
        };
        let name = match member.name() {
            Ok(n) => n.into_owned(),
            Err(_) => {
                copy = None;
                format!("#{i}")
            }
        };
        if let Some(w) = &mut copy {
            let started = if member.is_dir() {
                w.add_directory(name.as_str(), stored)
            } else {
                w.start_file(name.as_str(), stored)
            };
            if started.is_err() {
                copy = None;
            }
        }
        if member.size() > MAX_MEMBER_BYTES {
            return Err(ReadError::Limit(format!(
                "member {name} declares {} bytes, over the limit of {MAX_MEMBER_BYTES}",
                member.size()
            )));
        }
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        let shared_strings = name.eq_ignore_ascii_case("xl/sharedStrings.xml");
        let worksheet = xml && name.starts_with("xl/worksheets/");
        merge_tag.restart();
        vert_align.restart();
        let mut head: Vec<u8> = Vec::new();
        let (mut size, mut run, mut longest) = (0u64, 0u64, 0u64);
        loop {
            let n = match member.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                // Damage inside a member is the parser's to report, with its own words.
                Err(_) => {
                    copy = None;
                    break;
                }
            };
            size += n as u64;
            if size > MAX_MEMBER_BYTES {
                return Err(ReadError::Limit(format!(
                    "member {name} inflates past {MAX_MEMBER_BYTES} bytes (a zip bomb?)"
                )));
            }
            if let Some(w) = &mut copy {
                if total + size > UNPACK_MAX_BYTES || w.write_all(&buf[..n]).is_err() {
                    copy = None;
                }
            }
            if xml && head.len() < 4096 {
                head.extend_from_slice(&buf[..n.min(4096 - head.len())]);
            }
            if worksheet && !facts.merged_cells {
                facts.merged_cells = merge_tag.seen_in(&buf[..n]);
            }
            if (worksheet || shared_strings) && !facts.superscripts {
                facts.superscripts = vert_align.seen_in(&buf[..n]);
            }
            if xml {
                // Only a run that reaches a chunk's edge can pass the limit (a chunk is far shorter than it), so
                // the first and last `<` of each chunk are all that is looked for.
                match (memchr::memchr(b'<', &buf[..n]), memchr::memrchr(b'<', &buf[..n])) {
                    (Some(first), Some(last)) => {
                        longest = longest.max(run + first as u64);
                        run = (n - last - 1) as u64;
                    }
                    _ => run += n as u64,
                }
                if run.max(longest) > MAX_TEXT_RUN {
                    return Err(ReadError::Limit(format!(
                        "member {name} holds a text of over {MAX_TEXT_RUN} bytes in one piece; a spreadsheet cell \
                         holds at most 32,767 characters"
                    )));
                }
            }
        }
        // A DTD can only stand before the root element, so in the head. Office and OpenDocument never write
        // one; entity declarations in a document part are a billion-laughs attempt, whatever a parser does.
        if xml && (contains(&head, b"<!DOCTYPE") || contains(&head, b"<!ENTITY")) {
            return Err(ReadError::Limit(format!(
                "member {name} declares XML entities (a DTD), which office documents never do"
            )));
        }
        total += size;
        if total > MAX_TOTAL_BYTES {
            return Err(ReadError::Limit(format!(
                "the zip inflates past {MAX_TOTAL_BYTES} bytes in all (a zip bomb?)"
            )));
        }
        if shared_strings {
            if let Some(declared) = declared_count(&head) {
                // The shortest entry, `<si/>`, is 5 bytes.
                if declared > size / 5 + 1 {
                    return Err(ReadError::Limit(format!(
                        "the shared strings declare {declared} entries but their {size} bytes hold at most {}",
                        size / 5 + 1
                    )));
                }
            }
        }
    }
    let unpacked = copy.and_then(|w| w.finish().ok()).map(std::io::Cursor::into_inner);
    Ok((facts, unpacked))
}

/// Whether `needle`, which starts with `<`, occurs in `hay` in any letter case. Only at a `<` can it start: the
/// head of every XML member of every container is searched, and trying each byte was a third of the guard's own
/// time.
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    debug_assert_eq!(needle.first(), Some(&b'<'));
    memchr::memchr_iter(b'<', hay).any(|i| hay.get(i..i + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)))
}

/// `uniqueCount` (or else `count`) of the `<sst>` element at the head of a shared-strings part.
fn declared_count(head: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(head);
    let sst = &text[text.find("<sst")?..];
    let sst = &sst[..sst.find('>').unwrap_or(sst.len())];
    ["uniqueCount=", "count="].iter().find_map(|attr| {
        let at = sst.find(attr)? + attr.len();
        let digits: String = sst[at..].chars().skip(1).take_while(char::is_ascii_digit).collect();
        // Too many digits for a u64 is itself absurd.
        Some(digits.parse::<u64>().unwrap_or(u64::MAX))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        for (name, data) in members {
            w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_member_that_inflates_past_the_limit_is_refused() {
        let bomb = vec![b'A'; 2 * MAX_TEXT_RUN as usize];
        let bytes = zip_of(&[("xl/sharedStrings.xml", &bomb)]);
        assert!(bytes.len() < 100_000, "deflate shrinks the run");
        let err = check_zip(&bytes).unwrap_err().to_string();
        assert!(err.contains("in one piece"), "{err}");
    }

    #[test]
    fn a_declaration_is_found_in_any_case_and_anywhere_in_the_head() {
        assert!(contains(b"<?xml?><!doctype d>", b"<!DOCTYPE"));
        assert!(contains(b"<<!EnTiTy", b"<!ENTITY"), "after another <");
        assert!(contains(b"<!ENTITY", b"<!ENTITY"), "the whole head");
        assert!(!contains(b"x<!ENTIT", b"<!ENTITY"), "cut short at the end");
        assert!(!contains(b"!DOCTYPE <DOCTYPE", b"<!DOCTYPE"));
        assert!(!contains(b"", b"<!DOCTYPE"));
    }

    #[test]
    fn a_document_part_that_declares_entities_is_refused() {
        let laughs = br#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><d>&b;</d>"#;
        let err = check_zip(&zip_of(&[("word/document.xml", laughs)])).unwrap_err().to_string();
        assert!(err.contains("DTD"), "{err}");
    }

    #[test]
    fn a_shared_strings_count_its_bytes_cannot_hold_is_refused() {
        let sst = br#"<?xml version="1.0"?><sst xmlns="x" count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>"#;
        let err = check_zip(&zip_of(&[("xl/sharedStrings.xml", sst)])).unwrap_err().to_string();
        assert!(err.contains("declare 4000000000 entries"), "{err}");
        let ok = br#"<sst count="1" uniqueCount="1"><si><t>a</t></si></sst>"#;
        check_zip(&zip_of(&[("xl/sharedStrings.xml", ok)])).unwrap();
    }

    #[test]
    fn the_unpacked_copy_holds_the_same_members_stored_and_a_damaged_container_gets_none() {
        let sheet = b"<worksheet><sheetData><row r=\"1\"/></sheetData></worksheet>".repeat(50);
        let bytes = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("xl/worksheets/sheet1.xml", &sheet)]);
        let (_, copy) = check_and_unpack(&bytes, true).unwrap();
        let copy = copy.expect("a small intact container is unpacked");
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&copy)).unwrap();
        assert_eq!(z.len(), 2);
        let mut m = z.by_name("xl/worksheets/sheet1.xml").unwrap();
        assert_eq!(m.compression(), zip::CompressionMethod::Stored);
        let mut back = Vec::new();
        m.read_to_end(&mut back).unwrap();
        assert_eq!(back, sheet);
        assert!(check_and_unpack(&bytes, false).unwrap().1.is_none(), "not asked for");
        // A member whose bytes no longer match its checksum: the parser reads the original and says so.
        let mut damaged = bytes.clone();
        let at = damaged.windows(4).position(|w| w == b"PK\x03\x04").unwrap() + 30 + "xl/workbook.xml".len();
        damaged[at] ^= 0xff;
        assert!(check_and_unpack(&damaged, true).unwrap().1.is_none());
    }

    #[test]
    fn merged_cells_are_seen_even_across_two_reads() {
        let plain = b"<worksheet><sheetData><row r=\"1\"/></sheetData></worksheet>".to_vec();
        assert!(!check_zip(&zip_of(&[("xl/worksheets/sheet1.xml", &plain)])).unwrap().merged_cells);
        // The tag straddles the 64 KB read boundary.
        let mut split = vec![b' '; 64 * 1024 - 4];
        split.extend_from_slice(b"<mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells>");
        assert!(check_zip(&zip_of(&[("xl/worksheets/sheet1.xml", &split)])).unwrap().merged_cells);
        // Elsewhere than a worksheet it is nothing.
        assert!(!check_zip(&zip_of(&[("xl/other.xml", &split)])).unwrap().merged_cells);
        // Superscript runs, in the shared strings or a sheet's inline strings, also across two reads.
        assert!(!check_zip(&zip_of(&[("xl/sharedStrings.xml", &plain)])).unwrap().superscripts);
        let mut sup = vec![b' '; 64 * 1024 - 3];
        sup.extend_from_slice(b"<rPr><vertAlign val=\"superscript\"/></rPr>");
        for part in ["xl/sharedStrings.xml", "xl/worksheets/sheet2.xml"] {
            assert!(check_zip(&zip_of(&[(part, &sup)])).unwrap().superscripts, "{part}");
        }
        assert!(!check_zip(&zip_of(&[("xl/styles.xml", &sup)])).unwrap().superscripts);
    }
}
