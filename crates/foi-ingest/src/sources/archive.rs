//! Zip archives that are not Office documents (a spreadsheet zipped to pass a mail filter, zips inside zips):
//! each member read as a file of its own, within limits on members, sizes, compression ratio and depth.

use std::io::Read;

use super::{read_nested, Document, Limits, NoteKind, ReadError, ReadNote, MAX_FILE_BYTES};

/// Members read from one archive; an answer zips a handful of files.
const MAX_MEMBERS: usize = 200;
/// How far a member may inflate relative to its stored size: text and spreadsheets compress at most ~100:1.
const MAX_RATIO: u64 = 200;
/// Archives and emails inside one another.
pub(super) const MAX_DEPTH: usize = 4;

pub fn read(file: &str, bytes: &[u8], depth: usize, limits: &Limits) -> Result<Vec<Document>, ReadError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("damaged zip archive: {e}")))?;
    let mut doc = Document { file: file.to_string(), kind: "zip", ..Default::default() };
    let mut out = Vec::new();
    if archive.len() > MAX_MEMBERS {
        doc.notes.push(ReadNote::new(
            String::new(),
            NoteKind::Unreadable,
            format!("archive of {} members, over the limit of {MAX_MEMBERS}; not read", archive.len()),
        ));
        return Ok(vec![doc]);
    }
    for i in 0..archive.len() {
        let Ok(mut member) = archive.by_index(i) else {
            doc.notes.push(ReadNote::new(
                format!("member {}", i + 1),
                NoteKind::Unreadable,
                "damaged member; not read",
            ));
            continue;
        };
        let name = member.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("member {}", i + 1));
        if member.is_dir() {
            continue;
        }
        // The member's own name only: a path in the archive ("../../etc") never leaves it.
        let short = name.rsplit(['/', '\\']).next().unwrap_or(&name).to_string();
        let unread = |why: String| ReadNote::new(short.clone(), NoteKind::Unreadable, why);
        if depth >= MAX_DEPTH {
            doc.notes.push(unread("archive nested too deeply; not read".into()));
            continue;
        }
        let (size, packed) = (member.size(), member.compressed_size().max(1));
        if size > MAX_FILE_BYTES || size / packed > MAX_RATIO {
            doc.notes.push(unread(format!(
                "member declares {size} bytes from {packed} stored, over the limits ({MAX_FILE_BYTES} bytes, {MAX_RATIO}:1); not read"
            )));
            continue;
        }
        let mut data = Vec::with_capacity(size as usize);
        // Read no more than declared (plus one byte, to catch a member that lies about its size).
        if let Err(e) = (&mut member).take(size + 1).read_to_end(&mut data) {
            doc.notes.push(unread(format!("member not read: {e}")));
            continue;
        }
        if data.len() as u64 > size {
            doc.notes.push(unread("member inflates past its declared size; not read".into()));
            continue;
        }
        match read_nested(&format!("{file}/{short}"), &data, depth + 1, limits) {
            Ok(docs) => out.extend(docs),
            Err(e) => doc.notes.push(unread(format!("member not read: {e}"))),
        }
    }
    out.insert(0, doc);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in members {
            w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn members_are_read_and_zips_inside_zips_too() {
        let inner = zip_of(&[("q1.csv", b"Year,Count\n2021/22,4\n")]);
        let outer = zip_of(&[("answer/inner.zip", &inner), ("notes.txt", b"Offence,2021/22\nHarassment,3\n")]);
        let docs = read("a.zip", &outer, 0, &Limits::default()).unwrap();
        let files: Vec<&str> = docs.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(files, ["a.zip", "a.zip/inner.zip", "a.zip/inner.zip/q1.csv", "a.zip/notes.txt"]);
        assert!(docs.iter().all(|d| d.notes.is_empty()), "{:?}", docs.iter().map(|d| &d.notes).collect::<Vec<_>>());
    }

    #[test]
    fn nesting_is_bounded() {
        let mut z = zip_of(&[("q.csv", b"Year,Count\n2021/22,4\n")]);
        for _ in 0..6 {
            z = zip_of(&[("deeper.zip", &z)]);
        }
        let docs = read("a.zip", &z, 0, &Limits::default()).unwrap();
        assert!(docs.iter().any(|d| d.notes.iter().any(|n| n.message.contains("nested too deeply"))));
        assert!(!docs.iter().any(|d| d.file.ends_with("q.csv")));
    }
}
