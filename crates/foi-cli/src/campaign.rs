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
    /// Campaign slug (the folder under data-raw/). Default: the only campaign in the store, else the most
    /// recently sent.
    // A later --campaign wins, so `just report X --campaign Y` overrides the justfile's default.
    #[arg(long, overrides_with = "campaign")]
    pub campaign: Option<String>,
}

impl Sources {
    /// The store and the campaign the command is about: `--campaign`, else the only campaign in the store, else
    /// the most recently sent (saying which, and how to choose another).
    pub fn open(&self) -> anyhow::Result<(foi_store::Store, Campaign)> {
        let store = foi_store::Store::open(&self.store).with_context(|| {
            format!("no store at {} — run `just ingest` (or `foi ingest`) first", self.store.display())
        })?;
        let in_store = store.campaigns()?;
        if in_store.is_empty() {
            bail!("the store at {} holds no campaign — run `foi ingest`", self.store.display());
        }
        let campaigns = load_campaigns(&self.raw)?;
        let campaign = match &self.campaign {
            Some(slug) => {
                let Some(c) = campaigns.into_iter().find(|c| &c.slug == slug) else {
                    bail!(
                        "no campaign {slug:?} under {}; campaigns in the store: {}",
                        self.raw.display(),
                        in_store.join(", ")
                    );
                };
                if !in_store.contains(slug) {
                    bail!("campaign {slug:?} is not in the store yet — run `foi ingest` (or `just ingest`)");
                }
                c
            }
            None => {
                let mut held: Vec<Campaign> = campaigns.into_iter().filter(|c| in_store.contains(&c.slug)).collect();
                // Most recent first; a campaign without a `sent` date counts as the oldest, then by slug.
                held.sort_by(|a, b| (b.sent, &a.slug).cmp(&(a.sent, &b.slug)));
                let n = held.len();
                let Some(c) = held.into_iter().next() else {
                    bail!(
                        "the store holds {} but no campaign.toml under {} has that slug",
                        in_store.join(", "),
                        self.raw.display()
                    );
                };
                if n > 1 {
                    let sent = c.sent.map(|d| format!(", sent {d}")).unwrap_or_default();
                    eprintln!(
                        "campaign: {} (the most recent of {n} in the store{sent}); choose another with --campaign {}",
                        c.slug,
                        in_store.iter().filter(|s| **s != c.slug).cloned().collect::<Vec<_>>().join("|")
                    );
                }
                c
            }
        };
        warn_if_stale(&self.raw.join(&campaign.slug), &self.store);
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

/// Every campaign under the raw folder.
fn load_campaigns(raw: &Path) -> anyhow::Result<Vec<Campaign>> {
    foi_ingest::campaign_dirs(raw)?.iter().map(|dir| Campaign::load(dir).map_err(Into::into)).collect()
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
