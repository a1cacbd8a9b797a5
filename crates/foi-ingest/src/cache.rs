//! Forces whose answers have not changed since the last ingest are not read again.
//!
//! Each force's result is kept beside a key: a digest of everything that result depends on — the force
//! folder's files (paths and bytes), the campaign folder's own files (campaign.toml, corrections.toml, the
//! request, vocabularies), the reading limits and the build of foi doing the reading. A force is reused only
//! when its key is equal; anything else (a changed file, a new correction, a new build) reads it afresh. The
//! cache is one MessagePack file per campaign, replaced atomically; a missing, damaged or foreign file only means
//! every force is read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::force::ForceResult;
use crate::sources::Limits;

/// Where results are kept between runs, and what build made them.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    dir: Option<PathBuf>,
    build: String,
}

impl Cache {
    /// No cache: every force is read.
    pub fn none() -> Cache {
        Cache::default()
    }

    /// Keep results under `dir`. `build` names the reading code (a version and the executable's identity):
    /// results made by another build are never reused.
    pub fn at(dir: impl Into<PathBuf>, build: impl Into<String>) -> Cache {
        Cache { dir: Some(dir.into()), build: build.into() }
    }

    pub(crate) fn is_on(&self) -> bool {
        self.dir.is_some()
    }

    fn file(&self, campaign: &str) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(format!("{campaign}.msgpack")))
    }

    /// The digest of the campaign folder's own files and of how it is read, shared by all its forces.
    pub(crate) fn context(&self, campaign_dir: &Path, force_dirs: &[PathBuf], limits: &Limits) -> u128 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(self.build.as_bytes());
        h.update(format!("{limits:?}").as_bytes());
        let mut stack = vec![campaign_dir.to_path_buf()];
        let mut files = Vec::new();
        while let Some(d) = stack.pop() {
            let Ok(rd) = fs_err::read_dir(&d) else { continue };
            for e in rd.filter_map(Result::ok) {
                let p = e.path();
                if force_dirs.contains(&p) {
                    continue;
                }
                match e.file_type() {
                    Ok(t) if t.is_dir() => stack.push(p),
                    Ok(_) => files.push(p),
                    Err(_) => {}
                }
            }
        }
        files.sort();
        for p in files {
            h.update(p.to_string_lossy().as_bytes());
            // Bytes read whole: these are a campaign's few small text files (a large one is still read right).
            match fs_err::read(&p) {
                Ok(b) => h.update(&xxhash_rust::xxh3::xxh3_128(&b).to_le_bytes()),
                Err(e) => h.update(e.to_string().as_bytes()),
            }
        }
        h.digest128()
    }

    /// The results kept for a campaign, by force slug.
    pub(crate) fn load(&self, campaign: &str) -> BTreeMap<String, Entry> {
        let Some(file) = self.file(campaign) else { return BTreeMap::new() };
        let Ok(bytes) = fs_err::read(&file) else { return BTreeMap::new() };
        // A damaged file that still decodes would bring wrong figures back: the payload carries its digest.
        let payload = match bytes.split_at_checked(16) {
            Some((digest, payload)) if digest == xxhash_rust::xxh3::xxh3_128(payload).to_le_bytes() => payload,
            _ => {
                tracing::warn!(file = %file.display(), "ingest cache damaged; every force is read");
                return BTreeMap::new();
            }
        };
        match rmp_serde::from_slice::<Kept>(payload) {
            Ok(k) if k.format == FORMAT => k.forces,
            Ok(_) => BTreeMap::new(),
            Err(e) => {
                tracing::warn!(file = %file.display(), error = %e, "ingest cache unreadable; every force is read");
                BTreeMap::new()
            }
        }
    }

    /// Replace a campaign's kept results. A cache that cannot be written costs speed next time, not this run.
    pub(crate) fn store(&self, campaign: &str, forces: BTreeMap<String, Entry>) {
        let (Some(dir), Some(file)) = (&self.dir, self.file(campaign)) else { return };
        let kept = Kept { format: FORMAT, forces };
        let result = fs_err::create_dir_all(dir).and_then(|_| {
            let tmp = dir.join(format!(".{campaign}.msgpack.{}", std::process::id()));
            // Fields by position, not by name: decoding every observation's field names was half of a re-ingest.
            // Nothing kept skips a field when empty (positions would misread it); the cache's tests reuse every
            // force, which a misread would not.
            let payload = rmp_serde::to_vec(&kept).map_err(std::io::Error::other)?;
            let mut bytes = xxhash_rust::xxh3::xxh3_128(&payload).to_le_bytes().to_vec();
            bytes.extend_from_slice(&payload);
            fs_err::write(&tmp, bytes)?;
            fs_err::rename(&tmp, &file)?;
            // What the first format kept is never read again.
            let _ = fs_err::remove_file(dir.join(format!("{campaign}.json")));
            Ok(())
        });
        if let Err(e) = result {
            tracing::warn!(file = %file.display(), error = %e, "ingest cache not written");
        }
    }
}

/// Bumped whenever what is kept changes shape.
const FORMAT: u32 = 3;

#[derive(serde::Serialize, serde::Deserialize)]
struct Kept {
    format: u32,
    forces: BTreeMap<String, Entry>,
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Entry {
    /// Hex of the 128-bit key.
    pub key: String,
    pub result: ForceResult,
}

pub(crate) fn key(context: u128, folder: u128) -> String {
    format!("{context:032x}{folder:032x}")
}
