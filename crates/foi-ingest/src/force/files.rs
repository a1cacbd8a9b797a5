//! A force's files: listed, read (less what `[[skip]]` leaves out), and the ranges of `[[table]]` and
//! `[[skip]]` entries located on their sheets.

use std::path::{Path, PathBuf};

use foi_model::{Campaign, CellRange, ProblemKind, SourceRef};

use super::{corrected, rel_dir, src};
use crate::corrections::{ForceCorrections, Section};
use crate::issue::Issue;
use crate::sources::{read_bytes, Document, Limits, ReadError};

/// Files in a force folder, sorted, relative to `raw`; hidden files and editor droppings skipped.
///
/// Only regular files inside the raw folder are listed. A FIFO would block the read forever, a device or a
/// symlink to one reads without end, and a symlink out of the raw folder would put any file on the machine
/// into a problem message or a release: each is refused, with the reason, in `refused`.
fn list_files(
    dir: &Path,
    raw: &Path,
    root: &Path,
    depth: usize,
    out: &mut Vec<(String, PathBuf)>,
    refused: &mut Vec<(String, String)>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs_err::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let path = e.path();
        let rel = path.strip_prefix(raw).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let kind = e.file_type()?;
        if kind.is_symlink() {
            match std::fs::canonicalize(&path) {
                Err(err) => refused.push((rel, format!("a symlink that leads nowhere or loops ({err}); not read"))),
                Ok(target) if !target.starts_with(root) => refused.push((
                    rel,
                    "a symlink to a file outside the raw folder; not read (copy the file in instead)".into(),
                )),
                Ok(target) if target.is_file() => out.push((rel, path)),
                Ok(target) if target.is_dir() => {
                    refused.push((rel, "a symlink to a folder; not followed (copy the files in instead)".into()))
                }
                Ok(_) => refused.push((rel, "a symlink to a pipe, socket or device; not read".into())),
            }
        } else if kind.is_dir() {
            if depth >= MAX_FOLDER_DEPTH {
                refused.push((rel, format!("folders nested over {MAX_FOLDER_DEPTH} deep; not read")));
            } else {
                list_files(&path, raw, root, depth + 1, out, refused)?;
            }
        } else if kind.is_file() {
            out.push((rel, path));
        } else {
            refused.push((rel, "not a regular file (a pipe, socket or device); not read".into()));
        }
    }
    Ok(())
}

/// How deep sub-folders of a force folder are read (an unzipped archive nests two or three).
const MAX_FOLDER_DEPTH: usize = 8;

/// A file opened to be read whole, with its size, unless it is over the limit (the errors `read_bounded` and
/// `hash_bounded` share, so the digest of a refused file is its refusal).
fn open_bounded(path: &Path) -> Result<(fs_err::File, u64), String> {
    let limit = crate::sources::MAX_FILE_BYTES;
    let file = fs_err::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let size = file.metadata().map_err(|e| format!("cannot read: {e}"))?.len();
    if size > limit {
        return Err(ReadError::TooLarge(size, limit).to_string());
    }
    Ok((file, size))
}

/// A file's bytes, at most `MAX_FILE_BYTES`: the size is checked before reading (a sparse 8 GB file costs
/// nothing to make), and the read stops at the limit in case the file grows meanwhile.
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let limit = crate::sources::MAX_FILE_BYTES;
    let (file, size) = open_bounded(path)?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64, limit).to_string());
    }
    Ok(bytes)
}

/// The bytes of the files under a folder, as deep as they are read (to read the largest first); links and what
/// cannot be read count nothing.
pub(crate) fn folder_bytes(dir: &Path) -> u64 {
    fn walk(dir: &Path, depth: usize) -> u64 {
        let Ok(entries) = fs_err::read_dir(dir) else { return 0 };
        entries
            .filter_map(Result::ok)
            .map(|e| match e.file_type() {
                Ok(t) if t.is_dir() && depth < MAX_FOLDER_DEPTH => walk(&e.path(), depth + 1),
                Ok(t) if t.is_file() => e.metadata().map_or(0, |m| m.len()),
                _ => 0,
            })
            .sum()
    }
    walk(dir, 0)
}

/// A file's xxh3-128, as `read_bounded` would have it read (the same errors), streamed through `buf`: hashing a
/// 50 MB list should not cost a 50 MB buffer's page faults before the file is read for real.
fn hash_bounded(path: &Path, buf: &mut [u8]) -> Result<u128, String> {
    use std::io::Read;
    let limit = crate::sources::MAX_FILE_BYTES;
    let (mut file, _) = open_bounded(path)?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut total = 0u64;
    loop {
        match file.read(buf) {
            Ok(0) => break,
            Ok(n) => {
                total += n as u64;
                if total > limit {
                    return Err(ReadError::TooLarge(total, limit).to_string());
                }
                h.update(&buf[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("cannot read: {e}")),
        }
    }
    Ok(h.digest128())
}

/// A force folder's content as one digest: every file's path and bytes, and every entry refused with why.
/// Equal digests mean the folder would be read the same.
pub(crate) fn digest(dir: &Path, raw: &Path) -> u128 {
    let (mut files, mut refused) = (Vec::new(), Vec::new());
    let root = std::fs::canonicalize(raw).unwrap_or_else(|_| raw.to_path_buf());
    let listed = list_files(dir, raw, &root, 0, &mut files, &mut refused);
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(format!("{:?}{refused:?}", listed.err()).as_bytes());
    let mut buf = vec![0u8; 256 * 1024];
    for (rel, path) in &files {
        h.update(rel.as_bytes());
        h.update(&[0]);
        match hash_bounded(path, &mut buf) {
            Ok(hash) => h.update(&hash.to_le_bytes()),
            Err(e) => h.update(e.as_bytes()),
        }
    }
    h.digest128()
}

/// Read every file of the folder that no `[[skip]]` entry leaves out.
pub(super) fn read(
    dir: &Path,
    raw: &Path,
    fc: &ForceCorrections<'_>,
    limits: &Limits,
    issues: &mut Vec<Issue>,
) -> (Vec<(String, PathBuf)>, Vec<Document>) {
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let root = std::fs::canonicalize(raw).unwrap_or_else(|_| raw.to_path_buf());
    if let Err(e) = list_files(dir, raw, &root, 0, &mut files, &mut refused) {
        issues.push(Issue::new(
            ProblemKind::UnreadableFile,
            src(&rel_dir(dir, raw)),
            format!("folder unreadable: {e}"),
        ));
    }
    for (rel, why) in refused {
        issues.push(Issue::new(ProblemKind::UnreadableFile, src(&rel), why));
    }
    files.retain(|(rel, _)| {
        let skip = fc.skips.iter().find(|(_, s)| s.sheet.is_none() && s.range.is_none() && fc.file_is(rel, &s.file));
        if let Some((i, s)) = skip {
            fc.mark(Section::Skip, *i);
            let mut note = corrected("file not read".into(), &s.reason);
            note.source = src(rel);
            issues.push(note);
        }
        skip.is_none()
    });
    let mut docs: Vec<Document> = Vec::new();
    for (rel, path) in &files {
        let _span = tracing::info_span!("file", file = rel.as_str()).entered();
        let bytes = match read_bounded(path) {
            Ok(b) => b,
            Err(e) => {
                issues.push(Issue::new(ProblemKind::UnreadableFile, src(rel), e));
                continue;
            }
        };
        match read_bytes(rel, &bytes, limits) {
            Ok(d) => docs.extend(d),
            Err(e @ ReadError::Unsupported(_)) => {
                issues.push(Issue::new(ProblemKind::UnsupportedFile, src(rel), e.to_string()))
            }
            Err(e) => issues.push(Issue::new(ProblemKind::UnreadableFile, src(rel), e.to_string())),
        }
    }
    (files, docs)
}

/// A `[[table]]` entry located in a document: read by the declared reader, hidden from the automatic one.
pub(super) struct DeclaredTable {
    pub file: String,
    /// The sheet as it was before its declared and skipped ranges were blanked.
    pub sheet: crate::grid::Sheet,
    pub range: crate::declared::Range,
    /// The question's index in the campaign.
    pub question: usize,
    pub orientation: foi_model::Orientation,
    pub period: Option<String>,
}

/// Apply `[[skip]]` entries for sheets and ranges, and locate `[[table]]` entries (blanking their ranges so the
/// automatic reader does not read them twice).
pub(super) fn apply_sheet_corrections(
    docs: &mut [Document],
    fc: &ForceCorrections<'_>,
    campaign: &Campaign,
    issues: &mut Vec<Issue>,
) -> Vec<DeclaredTable> {
    let mut declared = Vec::new();
    for d in docs.iter_mut() {
        // Whole sheets.
        let file = d.file.clone();
        d.sheets.retain(|sheet| {
            let hit = fc.skips.iter().find(|(_, s)| {
                s.range.is_none() && s.sheet.as_deref() == Some(sheet.name.as_str()) && fc.file_is(&file, &s.file)
            });
            if let Some((i, s)) = hit {
                fc.mark(Section::Skip, *i);
                let mut note = corrected(format!("sheet {:?} not read", sheet.name), &s.reason);
                note.source = SourceRef { file: file.clone(), sheet: sheet.name.clone(), cell: String::new() };
                issues.push(note);
            }
            hit.is_none()
        });
        let only_sheet = d.sheets.len() == 1;
        for sheet in d.sheets.iter_mut() {
            let mut original: Option<crate::grid::Sheet> = None;
            for (i, t) in &fc.tables {
                if !fc.file_is(&file, &t.file) {
                    continue;
                }
                let Ok(range) = CellRange::parse(&t.range) else { continue };
                let Some((first, last)) = locate(sheet, only_sheet, &range, None) else { continue };
                let Some(qi) = campaign.questions.iter().position(|q| q.id == t.question) else { continue };
                fc.mark(Section::Table, *i);
                let mut note = corrected(
                    format!("{} read as the answer to question {} ({:?})", t.range, t.question, t.orientation),
                    &t.reason,
                );
                note.source = SourceRef { file: file.clone(), sheet: sheet.name.clone(), cell: String::new() };
                note.question = Some(qi);
                issues.push(note);
                let orig = original.get_or_insert_with(|| sheet.clone());
                declared.push(DeclaredTable {
                    file: file.clone(),
                    sheet: orig.clone(),
                    range: crate::declared::Range { first, last },
                    question: qi,
                    orientation: t.orientation,
                    period: t.period.clone(),
                });
                sheet.blank(first, last);
            }
            for (i, s) in &fc.skips {
                let Some(r) = s.range.as_deref().and_then(|r| CellRange::parse(r).ok()) else { continue };
                if !fc.file_is(&file, &s.file) {
                    continue;
                }
                let Some((first, last)) = locate(sheet, only_sheet, &r, s.sheet.as_deref()) else { continue };
                fc.mark(Section::Skip, *i);
                let mut note =
                    corrected(format!("range {} not read", s.range.as_deref().unwrap_or_default()), &s.reason);
                note.source = SourceRef { file: file.clone(), sheet: sheet.name.clone(), cell: String::new() };
                issues.push(note);
                sheet.blank(first, last);
            }
        }
    }
    declared
}

/// Where a correction's range lies on `sheet`: its own sheet name, or `sheet_name`, or (for a file of one grid
/// sheet) that sheet.
fn locate(
    sheet: &crate::grid::Sheet,
    only_sheet: bool,
    range: &CellRange,
    sheet_name: Option<&str>,
) -> Option<((usize, usize), (usize, usize))> {
    let name = match range.sheet.as_deref().or(sheet_name) {
        Some(n) => n.to_string(),
        None if only_sheet && matches!(sheet.origin, crate::grid::Origin::Grid { .. }) => sheet.name.clone(),
        None => return None,
    };
    Some((sheet.position(&name, range.first)?, sheet.position(&name, range.last)?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_streamed_hash_is_the_hash_of_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        let bytes: Vec<u8> = (0..1_000_003u32).map(|i| (i % 251) as u8).collect();
        fs_err::write(&path, &bytes).unwrap();
        let mut buf = vec![0u8; 4096];
        assert_eq!(super::hash_bounded(&path, &mut buf), Ok(xxhash_rust::xxh3::xxh3_128(&bytes)));
    }
}
