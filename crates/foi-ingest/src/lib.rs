//! Reads every FOI response in a campaign folder into normalised observations.
//!
//! Sources (any format, recognised by content) become [`grid::Sheet`]s; [`tables`] finds tables on them;
//! [`interpret`] maps tables to the campaign's questions and the reference vocabularies. Readers return
//! values *and* problems: an odd cell or file is recorded and the run goes on. This crate knows calamine
//! and the file formats; it knows nothing of Parquet.

pub mod grid;
pub mod interpret;
pub mod issue;
pub mod sources;
pub mod tables;
pub mod values;

mod cache;
mod checks;
mod corrections;
mod declared;
mod force;

use std::path::{Path, PathBuf};

use foi_model::{
    Campaign, CampaignError, Corrections, CorrectionsError, Observation, Problem, ProblemKind, Reference, Response,
    ResponseStatus, Severity, SourceRef,
};
use rayon::prelude::*;

pub use cache::Cache;
pub use force::ForceResult;
pub use sources::Limits;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("raw folder {0} not found")]
    MissingRaw(PathBuf),
    #[error("cannot list {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    #[error(transparent)]
    Corrections(#[from] CorrectionsError),
}

/// Everything one campaign's answers gave.
#[derive(Debug, Clone)]
pub struct CampaignIngest {
    pub campaign: Campaign,
    pub observations: Vec<Observation>,
    pub responses: Vec<Response>,
    pub problems: Vec<Problem>,
    /// Forces whose results were reused from the cache (their files unchanged since the last ingest).
    pub reused: usize,
    /// A digest of every input of this campaign's results (with the cache on): equal keys, equal results.
    pub source_key: Option<String>,
}

/// Every `<raw>/<campaign>/` folder holding a `campaign.toml`.
pub fn campaign_dirs(raw: &Path) -> Result<Vec<PathBuf>, IngestError> {
    if !raw.is_dir() {
        return Err(IngestError::MissingRaw(raw.to_path_buf()));
    }
    let mut dirs: Vec<PathBuf> = fs_err::read_dir(raw)
        .map_err(|source| IngestError::Io { path: raw.to_path_buf(), source })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join(foi_model::campaign::CAMPAIGN_FILE).is_file())
        .collect();
    dirs.sort();
    Ok(dirs)
}

pub fn ingest_all(raw: &Path, reference: &Reference) -> Result<Vec<CampaignIngest>, IngestError> {
    ingest_all_with(raw, reference, &Limits::default())
}

pub fn ingest_all_with(raw: &Path, reference: &Reference, limits: &Limits) -> Result<Vec<CampaignIngest>, IngestError> {
    ingest_all_cached(raw, reference, limits, &Cache::none())
}

/// [`ingest_all_with`], reusing the results of forces whose answers are unchanged since the last run.
pub fn ingest_all_cached(
    raw: &Path,
    reference: &Reference,
    limits: &Limits,
    cache: &Cache,
) -> Result<Vec<CampaignIngest>, IngestError> {
    // Campaigns in parallel as well as the forces within each: a newsroom's archive is many small campaigns.
    campaign_dirs(raw)?.par_iter().map(|d| ingest_campaign_cached(d, raw, reference, limits, cache)).collect()
}

/// Read one campaign folder: one sub-folder per force, matched to the reference by slug, name or alias.
pub fn ingest_campaign(dir: &Path, raw: &Path, reference: &Reference) -> Result<CampaignIngest, IngestError> {
    ingest_campaign_with(dir, raw, reference, &Limits::default())
}

/// [`ingest_campaign`] with explicit limits. The campaign's `corrections.toml` is applied; an entry that names no
/// force, or that no force's answer used, is an error (nothing is written), so a decision cannot silently lapse.
pub fn ingest_campaign_with(
    dir: &Path,
    raw: &Path,
    reference: &Reference,
    limits: &Limits,
) -> Result<CampaignIngest, IngestError> {
    ingest_campaign_cached(dir, raw, reference, limits, &Cache::none())
}

fn ingest_campaign_cached(
    dir: &Path,
    raw: &Path,
    reference: &Reference,
    limits: &Limits,
    cache: &Cache,
) -> Result<CampaignIngest, IngestError> {
    let campaign = Campaign::load(dir)?;
    let corrections = Corrections::load(dir)?;
    let corrections_path = dir.join(foi_model::corrections::CORRECTIONS_FILE);
    let unknown = corrections::unknown_names(&corrections, &campaign, reference);
    if !unknown.is_empty() {
        return Err(CorrectionsError::Unmatched { path: corrections_path, unmatched: unknown }.into());
    }
    let _span = tracing::info_span!("campaign", campaign = campaign.slug.as_str()).entered();
    let mut problems = Vec::new();
    let campaign_file = dir.join(foi_model::campaign::CAMPAIGN_FILE);
    let campaign_file = campaign_file.strip_prefix(raw).unwrap_or(&campaign_file).to_string_lossy().replace('\\', "/");
    for why in &campaign.refused {
        let mut p = Problem::new(
            &campaign.slug,
            "",
            ProblemKind::UnreadableFile,
            Severity::Blocking,
            SourceRef { file: campaign_file.clone(), ..Default::default() },
            why.clone(),
        );
        p.hint = "name a file in the campaign folder (request_file = \"request.txt\")".into();
        problems.push(p);
    }
    let mut entries: Vec<_> = fs_err::read_dir(dir)
        .map_err(|source| IngestError::Io { path: dir.to_path_buf(), source })?
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| e.file_name() != foi_model::campaign::VOCABULARIES_DIR)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir() || (t.is_symlink() && e.path().is_dir())))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    let rel_of = |p: &Path| p.strip_prefix(raw).unwrap_or(p).to_string_lossy().replace('\\', "/");
    // Each folder's force; then, where two folders name one force, the folder named exactly by its slug wins
    // (a stray " kent" beside "kent" must not displace the real answers).
    let mut named: Vec<(String, PathBuf, &foi_model::Force)> = Vec::new();
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = rel_of(&e.path());
        if e.file_type().is_ok_and(|t| t.is_symlink()) {
            let mut p = Problem::new(
                &campaign.slug,
                "",
                ProblemKind::UnreadableFile,
                Severity::Blocking,
                SourceRef { file: rel, ..Default::default() },
                format!("folder {name:?} is a symlink; not followed"),
            );
            p.hint = "copy the force's files into a folder of the campaign".into();
            problems.push(p);
            continue;
        }
        match reference.force(&name).or_else(|| reference.force_mentioned(&name)) {
            Some(f) => named.push((name, e.path(), f)),
            None => {
                let hint =
                    reference.suggest_force(&name).map(|f| format!(" (did you mean {}?)", f.slug)).unwrap_or_default();
                let mut p = Problem::new(
                    &campaign.slug,
                    "",
                    ProblemKind::UnknownForce,
                    Severity::Blocking,
                    SourceRef { file: rel, ..Default::default() },
                    format!("folder {name:?} matches no one force in the reference{hint}; not read"),
                );
                p.hint = "rename the folder to the force's name (slug, name or alias), or move it out of the campaign"
                    .into();
                problems.push(p);
            }
        }
    }
    let mut folders: Vec<(String, PathBuf)> = Vec::new();
    for (name, path, f) in &named {
        let rivals: Vec<&(String, PathBuf, &foi_model::Force)> =
            named.iter().filter(|(_, _, g)| g.slug == f.slug).collect();
        let winner = rivals.iter().find(|(n, _, _)| *n == f.slug).unwrap_or(&rivals[0]);
        if winner.1 == *path {
            folders.push((f.slug.clone(), path.clone()));
            continue;
        }
        let mut p = Problem::new(
            &campaign.slug,
            &f.slug,
            ProblemKind::Conflict,
            Severity::Blocking,
            SourceRef { file: rel_of(path), ..Default::default() },
            format!("folder {name:?} is a second folder for {} beside {:?}; not read", f.name, winner.0),
        );
        p.hint = "move the files into one folder per force".into();
        problems.push(p);
    }
    let matches = interpret::Matches::default();
    let input =
        force::ForceInput { campaign: &campaign, reference, corrections: &corrections, limits, raw, matches: &matches };
    let mut kept = if cache.is_on() { cache.load(&campaign.slug) } else { Default::default() };
    let kept_forces = kept.len();
    let context = cache.is_on().then(|| {
        let dirs: Vec<PathBuf> = named.iter().map(|(_, p, _)| p.clone()).collect();
        cache.context(dir, &dirs, limits)
    });
    // Each force's key (with the cache on), its kept result taken (not copied) where the key is the same, then
    // the rest read: the result, its key, and whether it was reused.
    let keys: Vec<Option<String>> = folders
        .par_iter()
        .map(|(_, path)| context.map(|context| cache::key(context, force::files::digest(path, raw))))
        .collect();
    let reusable: Vec<Option<ForceResult>> = folders
        .iter()
        .zip(&keys)
        .map(|((slug, _), key)| kept.remove(slug).filter(|e| Some(&e.key) == key.as_ref()).map(|e| e.result))
        .collect();
    drop(kept);
    // The largest folders first: one force's long list started last would leave the other cores idle while it
    // is read. The results are put back in folder order.
    let mut work: Vec<(usize, u64, Option<String>, Option<ForceResult>)> = keys
        .into_iter()
        .zip(reusable)
        .enumerate()
        .map(|(i, (key, reusable))| {
            let size = if reusable.is_some() { 0 } else { force::files::folder_bytes(&folders[i].1) };
            (i, size, key, reusable)
        })
        .collect();
    work.sort_by_key(|w| std::cmp::Reverse(w.1));
    // Each force's result, its key, and whether it was reused.
    type Done = (ForceResult, Option<String>, bool);
    let mut results: Vec<(usize, Done)> = work
        .into_par_iter()
        .map(|(i, _, key, reusable)| {
            let (slug, path) = &folders[i];
            let r = match reusable {
                Some(result) => (result, key, true),
                None => (force::ingest_force(&input, slug, path), key, false),
            };
            (i, r)
        })
        .collect();
    results.sort_by_key(|r| r.0);
    let results: Vec<Done> = results.into_iter().map(|r| r.1).collect();
    let reused = results.iter().filter(|r| r.2).count();
    // Everything the campaign's results depend on: the campaign's own files and reading (the context), each
    // force folder's digest, and the names of the folders taken as forces (a losing rival is a problem).
    let source_key = context.map(|context| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&context.to_le_bytes());
        for (name, _, f) in &named {
            h.update(format!("{name}\0{}\0", f.slug).as_bytes());
        }
        for r in &results {
            h.update(r.1.as_deref().unwrap_or_default().as_bytes());
        }
        format!("{:032x}", h.digest128())
    });
    if cache.is_on() {
        tracing::info!(campaign = campaign.slug.as_str(), reused, read = results.len() - reused, "forces");
        if reused < results.len() || kept_forces != results.len() {
            let entries = folders.iter().zip(&results).filter_map(|((slug, _), (result, key, _))| {
                Some((slug.clone(), cache::Entry { key: key.clone()?, result: result.clone() }))
            });
            cache.store(&campaign.slug, entries.collect());
        }
    }
    let results = results.into_iter().map(|r| r.0);
    let mut out = CampaignIngest {
        campaign: campaign.clone(),
        observations: Vec::new(),
        responses: Vec::new(),
        problems,
        reused,
        source_key,
    };
    let mut used = std::collections::BTreeSet::new();
    for r in results {
        out.observations.extend(r.observations);
        out.responses.push(r.response);
        out.problems.extend(r.problems);
        used.extend(r.used);
    }
    let unused = corrections::unused(&corrections, &used);
    if !unused.is_empty() {
        return Err(CorrectionsError::Unmatched { path: corrections_path, unmatched: unused }.into());
    }
    // A campaign of the answers held (`asked = "folders"`) says nothing of forces without a folder.
    for f in reference.forces.iter().filter(|_| campaign.asked == foi_model::Asked::All) {
        if !folders.iter().any(|(s, _)| *s == f.slug) {
            out.responses.push(Response {
                campaign: campaign.slug.clone(),
                force: f.slug.clone(),
                status: ResponseStatus::NoResponse,
                exemption: None,
                period_basis: campaign.basis(),
                reference: None,
                received: None,
                files: Vec::new(),
                problems: 0,
                evidence: Vec::new(),
                answered_levels: String::new(),
            });
        }
    }
    out.responses.sort_by(|a, b| a.force.cmp(&b.force));
    Ok(out)
}
