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
    campaign_dirs(raw)?.iter().map(|d| ingest_campaign_with(d, raw, reference, limits)).collect()
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
    let campaign = Campaign::load(dir)?;
    let corrections = Corrections::load(dir)?;
    let corrections_path = dir.join(foi_model::corrections::CORRECTIONS_FILE);
    let unknown = corrections::unknown_names(&corrections, &campaign, reference);
    if !unknown.is_empty() {
        return Err(CorrectionsError::Unmatched { path: corrections_path, unmatched: unknown }.into());
    }
    let _span = tracing::info_span!("campaign", campaign = campaign.slug.as_str()).entered();
    let mut problems = Vec::new();
    let mut folders: Vec<(String, PathBuf)> = Vec::new();
    let mut entries: Vec<_> = fs_err::read_dir(dir)
        .map_err(|source| IngestError::Io { path: dir.to_path_buf(), source })?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| e.file_name() != foi_model::campaign::VOCABULARIES_DIR)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = e.path().strip_prefix(raw).unwrap_or(&e.path()).to_string_lossy().replace('\\', "/");
        match reference.force(&name).or_else(|| reference.force_mentioned(&name)) {
            Some(f) if folders.iter().any(|(s, _)| *s == f.slug) => {
                let mut p = Problem::new(
                    &campaign.slug,
                    &f.slug,
                    ProblemKind::Conflict,
                    Severity::Blocking,
                    SourceRef { file: rel, ..Default::default() },
                    format!("a second folder for {}; not read (merge the folders)", f.name),
                );
                p.hint = "move the files into one folder per force".into();
                problems.push(p);
            }
            Some(f) => folders.push((f.slug.clone(), e.path())),
            None => {
                let hint =
                    reference.suggest_force(&name).map(|f| format!(" (did you mean {}?)", f.slug)).unwrap_or_default();
                let mut p = Problem::new(
                    &campaign.slug,
                    "",
                    ProblemKind::UnknownForce,
                    Severity::Blocking,
                    SourceRef { file: rel, ..Default::default() },
                    format!("folder {name:?} matches no force in the reference{hint}; not read"),
                );
                p.hint = "rename the folder to the force's name (slug, name or alias), or move it out of the campaign"
                    .into();
                problems.push(p);
            }
        }
    }
    let input = force::ForceInput { campaign: &campaign, reference, corrections: &corrections, limits, raw };
    let results: Vec<ForceResult> =
        folders.par_iter().map(|(slug, path)| force::ingest_force(&input, slug, path)).collect();
    let mut out =
        CampaignIngest { campaign: campaign.clone(), observations: Vec::new(), responses: Vec::new(), problems };
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
