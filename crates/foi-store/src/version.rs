//! Versions of the store and the pointer to the current one.
//!
//! ```text
//! <store>/versions/00000007/{observations,responses,problems}/<campaign>.parquet
//! <store>/current -> versions/00000007      (a symlink, replaced by rename: the one atomic step)
//! <store>/observations -> current/observations   (and responses, problems: tools that glob the store's own
//!                                                 folder, as DuckDB or a scoring script does, read the current
//!                                                 version through them)
//! <store>/.lock                             (held by the one writer)
//! ```
//! Readers pin the version `current` names when they open the store and hold a shared lock on its `.readers`
//! file, so pruning never removes a version under a reader.

use std::path::{Path, PathBuf};

use fs_err as fs;

use crate::write::fsync_dir;
use crate::StoreError;

pub const VERSIONS: &str = "versions";
pub const CURRENT: &str = "current";
const LOCK: &str = ".lock";
const READERS: &str = ".readers";

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io { path, source }
}

/// The writer's lock: a second writer waits here (and says so) until the first is done.
pub fn lock_writer(dir: &Path) -> Result<std::fs::File, StoreError> {
    let path = dir.join(LOCK);
    let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io(&path))?;
    let file = file.into_parts().0;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            tracing::warn!(store = %dir.display(), "another ingest is writing this store; waiting for it to finish");
            file.lock().map_err(io(&path))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io(&path)(e)),
    }
    Ok(file)
}

/// The folder holding the current version's tables: the version `current` names, or a store written before
/// versions (tables at the top level), or none.
pub fn current(dir: &Path) -> Result<Option<PathBuf>, StoreError> {
    let pointer = dir.join(CURRENT);
    match std::fs::read_link(&pointer) {
        Ok(target) => {
            let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let v = dir.join(VERSIONS).join(&name);
            if name.is_empty() || !v.is_dir() {
                return Err(StoreError::Polars {
                    path: pointer,
                    message: format!("`current` names version {name:?}, which is not in {VERSIONS}/"),
                });
            }
            Ok(Some(v))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A store written before versions: its tables in real folders at the top.
            let legacy = std::fs::symlink_metadata(dir.join("observations")).is_ok_and(|m| m.is_dir());
            Ok(legacy.then(|| dir.to_path_buf()))
        }
        Err(e) => Err(io(&pointer)(e)),
    }
}

fn version_numbers(dir: &Path) -> Result<Vec<(u64, PathBuf)>, StoreError> {
    let d = dir.join(VERSIONS);
    let mut out = Vec::new();
    for entry in fs::read_dir(&d).map_err(io(&d))? {
        let entry = entry.map_err(io(&d))?;
        if let Some(n) = entry.file_name().to_str().and_then(|s| s.parse::<u64>().ok()) {
            out.push((n, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// A name after every version present, finished or not (a killed writer's folder is never reused).
pub fn next_name(dir: &Path) -> Result<String, StoreError> {
    let last = version_numbers(dir)?.last().map_or(0, |(n, _)| *n);
    let next = last.checked_add(1).ok_or_else(|| StoreError::Invalid("version numbers exhausted".into()))?;
    Ok(format!("{next:08}"))
}

/// Point `current` at `name`: a new symlink beside it, renamed over it.
pub fn switch(dir: &Path, name: &str) -> Result<(), StoreError> {
    let readers = dir.join(VERSIONS).join(name).join(READERS);
    fs::File::create(&readers).map_err(io(&readers))?;
    let tmp = dir.join(format!(".{CURRENT}.tmp-{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    symlink(&Path::new(VERSIONS).join(name), &tmp).map_err(io(&tmp))?;
    fault("pointer");
    fs::rename(&tmp, dir.join(CURRENT)).map_err(io(&dir.join(CURRENT)))?;
    fsync_dir(dir)?;
    fault("switched");
    link_tables(dir)
}

/// `<store>/<table> -> current/<table>` for each table, made once: they follow `current` as it switches.
fn link_tables(dir: &Path) -> Result<(), StoreError> {
    for table in crate::TABLES {
        let link = dir.join(table);
        if std::fs::symlink_metadata(&link).is_ok() {
            continue;
        }
        let tmp = dir.join(format!(".{table}.tmp-{}", std::process::id()));
        let _ = fs::remove_file(&tmp);
        symlink(&Path::new(CURRENT).join(table), &tmp).map_err(io(&tmp))?;
        fs::rename(&tmp, &link).map_err(io(&link))?;
    }
    fsync_dir(dir)
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("the store's `current` pointer needs symlinks (Unix)"))
}

/// Remove every version but the current one and the one it replaced (readers may have opened that an instant
/// ago): older ones, unfinished ones left by killed writers,
/// leftover pointer files, and the tables of a store written before versions. A version a reader holds is
/// left for a later run. Best effort: what cannot be removed now is removed next time.
pub fn prune(dir: &Path, current: &Path, previous: Option<&Path>) {
    let Ok(versions) = version_numbers(dir) else { return };
    for (_, path) in &versions {
        if path == current || Some(path.as_path()) == previous {
            continue;
        }
        let readers = path.join(READERS);
        let held = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&readers).ok().map(|f| {
            let f = f.into_parts().0;
            let free = f.try_lock().is_ok();
            (f, free)
        });
        if let Some((_f, true)) = held {
            if let Err(e) = fs::remove_dir_all(path) {
                tracing::debug!(version = %path.display(), error = %e, "old store version not removed");
            }
        }
        fault("pruning");
    }
    for table in crate::TABLES {
        // A real folder of tables is a store written before versions; the link to `current` is not.
        let legacy = dir.join(table);
        if std::fs::symlink_metadata(&legacy).is_ok_and(|m| m.is_dir()) {
            let _ = fs::remove_dir_all(&legacy);
        }
    }
    // Their places, freed, take the links to `current`.
    let _ = link_tables(dir);
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let pointer_tmp = std::iter::once(CURRENT)
                .chain(crate::TABLES.iter().copied())
                .any(|n| name.starts_with(&format!(".{n}.tmp-")));
            if pointer_tmp {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// Pin the current version for reading: a shared lock on its `.readers` file, taken and then checked (a
/// pruner may have removed the version between reading `current` and locking).
pub fn pin(dir: &Path) -> Result<Option<(PathBuf, Option<std::fs::File>)>, StoreError> {
    for _ in 0..20 {
        let Some(v) = current(dir)? else { return Ok(None) };
        if v == dir {
            return Ok(Some((v, None)));
        }
        let Ok(file) = fs::File::open(v.join(READERS)).map(|f| f.into_parts().0) else { continue };
        file.lock_shared().map_err(io(&v.join(READERS)))?;
        if v.join("observations").is_dir() {
            return Ok(Some((v, Some(file))));
        }
    }
    Err(StoreError::Polars {
        path: dir.to_path_buf(),
        message: "the current version kept changing while it was opened; try again".into(),
    })
}

/// A test hook: `FOI_STORE_KILL_AT=<step>` makes the writer SIGKILL itself at that step of [`crate::write`]
/// (`table observations`, `table responses`, `table problems`, `pointer`, `switched`, `pruning`), so the
/// crash tests can stop it exactly there rather than only at random.
pub fn fault(step: &str) {
    let Some(at) = std::env::var_os("FOI_STORE_KILL_AT") else { return };
    if step.starts_with(at.to_string_lossy().as_ref()) {
        let _ = std::process::Command::new("kill").args(["-KILL", &std::process::id().to_string()]).status();
        // The signal is on its way; nothing more may be written.
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
}
