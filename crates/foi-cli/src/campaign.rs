//! Finding the campaign and the force a command is about, with hints when the user's words match nothing.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use foi_model::{Campaign, Force, Reference};

#[derive(clap::Args, Clone)]
pub struct Sources {
    /// The Parquet store written by `foi ingest`.
    #[arg(long, default_value = "data/store")]
    pub store: PathBuf,
    /// The raw folder (for the campaign file's release text).
    #[arg(long, default_value = "data-raw")]
    pub raw: PathBuf,
    /// Campaign slug; may be left out when the store holds one campaign.
    #[arg(long)]
    pub campaign: Option<String>,
}

impl Sources {
    pub fn open(&self) -> anyhow::Result<(foi_store::Store, Campaign)> {
        let store = foi_store::Store::open(&self.store).with_context(|| {
            format!("no store at {} — run `just ingest` (or `foi ingest`) first", self.store.display())
        })?;
        let slug = match &self.campaign {
            Some(c) => c.clone(),
            None => {
                let all = store.campaigns()?;
                match all.as_slice() {
                    [one] => one.clone(),
                    [] => bail!("the store at {} holds no campaign — run `foi ingest`", self.store.display()),
                    many => {
                        bail!("the store holds several campaigns ({}): choose one with --campaign", many.join(", "))
                    }
                }
            }
        };
        let campaign = load_campaign(&self.raw, &slug)?;
        warn_if_stale(&self.raw.join(&slug), &self.store);
        Ok((store, campaign))
    }
}

/// Figures from a store older than the answers would silently miss a correction: say so.
fn warn_if_stale(raw: &Path, store: &Path) {
    fn newest(dir: &Path) -> Option<std::time::SystemTime> {
        let mut best = None;
        for e in fs_err::read_dir(dir).ok()?.flatten() {
            let t = if e.path().is_dir() { newest(&e.path()) } else { e.metadata().ok()?.modified().ok() };
            best = best.max(t);
        }
        best
    }
    if let (Some(raw_t), Some(store_t)) = (newest(raw), newest(store)) {
        if raw_t > store_t {
            eprintln!(
                "warning: {} has files newer than the store at {}: run `foi ingest` (or `just ingest`) to include them",
                raw.display(),
                store.display()
            );
        }
    }
}

fn load_campaign(raw: &Path, slug: &str) -> anyhow::Result<Campaign> {
    for dir in foi_ingest::campaign_dirs(raw)? {
        let c = Campaign::load(&dir)?;
        if c.slug == slug {
            return Ok(c);
        }
    }
    bail!("no campaign.toml with slug {slug:?} under {}", raw.display())
}

/// A force by slug, name or alias in any case; "did you mean" when nothing matches.
pub fn find_force<'r>(reference: &'r Reference, name: &str) -> anyhow::Result<&'r Force> {
    if let Some(f) = reference.force(name) {
        return Ok(f);
    }
    match reference.suggest_force(name) {
        Some(f) => bail!("no force called {name:?}; did you mean {:?} ({})?", f.slug, f.name),
        None => bail!("no force called {name:?}; forces are named by slug (e.g. northamptonshire), name or alias"),
    }
}
