//! Press releases: typst source from a template, data as JSON, the external `typst` CLI to make the PDF.
//!
//! For each force, [`render_force`] writes four files to the output folder:
//!
//! * `<force>.typ` — the release template, the same for every force (no force-specific text in it);
//! * `<force>.json` — [`ReleaseData`]: the figures, the campaign's release text, and every sentence and table
//!   cell already formatted by [`release_data`] (pure, snapshot-tested);
//! * `<force>.figures.csv` — one row per printed figure with its formula and source cells (Datawrapper-ready,
//!   formula-like text defused);
//! * `<force>.txt` and `<force>.html` — the same release as plain text for an email body and as clean HTML
//!   for a CMS ([`release_text`], [`release_html`]: the same `ReleaseData`, no sentence of their own);
//! * `<force>.pdf` — `typst compile --root <out_dir> --input data=<force>.json --ignore-system-fonts
//!   --creation-timestamp 1700000000 <force>.typ <force>.pdf`.
//!
//! The template reads its data with `json(sys.inputs.data)` and only ever shows strings as text, so a cell
//! containing `#read("/etc/passwd")`, `<5` or `*` is printed as written and never run as markup.
//!
//! [`render_overview`] does the same for the national overview (`national-overview.*`, plus
//! `national-overview.csv`, the league table, and `national-overview.dispositions.csv`, how each force dealt
//! with the request).

mod csv_out;
mod data;
mod docx;
mod draft;
pub mod format;
mod index;
mod methodology;
mod overview;
mod paths;
mod release;
mod sentences;
mod sources;
mod story;
mod tables;
mod text;
mod typst;

use std::path::{Path, PathBuf};

use foi_analysis::{ForceFigures, NationalFigures, ReleaseState};
use foi_model::Campaign;

pub use csv_out::{figure_status, figures_csv, league_csv, protect};
pub use data::{
    Bar, CampaignText, Chart, DraftBox, ForceText, LocalSection, Masthead, NationalSection, QuestionText, ReleaseData,
    SourceFile, SourceRow, SourcesSection, Table, TableRow,
};
pub use docx::release_docx;
pub use draft::{open_problem_line, DRAFT_BANNER};
pub use foi_analysis::rules::{CHANGE_THRESHOLD_PCT, SMALL_BASE};
pub use index::write_index;
pub use methodology::{caveats_in_words, league_flags};
pub use overview::{overview_data, DispositionSection, OverviewData, ResponseList, OVERVIEW_STEM};
pub use paths::{ReleaseDir, ReleaseFiles};
pub use release::{printed_figures, release_data};
pub use sources::SOURCE_CELLS_SHOWN;
pub use story::{classify, headline, national_periods, Headline, Story};
pub use text::{release_html, release_text};
pub use typst::{Typst, CREATION_TIMESTAMP, DEFAULT_TIMEOUT, TYPST_ENV};

const RELEASE_TEMPLATE: &str = include_str!("../templates/release.typ");
const OVERVIEW_TEMPLATE: &str = include_str!("../templates/overview.typ");
const CHART_TEMPLATE: &str = include_str!("../templates/chart.typ");

/// The typst source of a force release (identical for every force: all it shows comes from the JSON).
pub fn typst_source() -> &'static str {
    RELEASE_TEMPLATE
}

/// The typst source of the national overview.
pub fn overview_typst_source() -> &'static str {
    OVERVIEW_TEMPLATE
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The typst binary is not on PATH, or `$FOI_TYPST` names a file that does not exist.
    #[error("typst not found: install it with `cargo install --locked typst-cli`")]
    TypstMissing { program: PathBuf },
    /// typst ran and failed; `stderr` is its diagnostics.
    #[error("typst failed on {}: {stderr}", file.display())]
    Typst { file: PathBuf, status: Option<i32>, stderr: String },
    #[error("typst took longer than {seconds} s on {} and was stopped", file.display())]
    TypstTimeout { file: PathBuf, seconds: u64 },
    /// The force has open blocking problems and only a final release was asked for.
    #[error("{force}'s figures have {open} open blocking problem(s): no final release (write a marked draft instead)")]
    Blocked { force: String, open: usize },
    /// A force slug that cannot be used as a file name.
    #[error("{0:?} cannot name a release file: use lower-case letters, digits and hyphens")]
    BadSlug(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("cannot write the release data as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write the figures CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("{0}")]
    Format(String),
}

/// Which forms of a release to write. The `.typ`, `.json` and figures CSV are always written: they are what the
/// others are made from and what fact-checkers read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub pdf: bool,
    pub txt: bool,
    pub html: bool,
    pub docx: bool,
    /// The chart as an image (with its data as `<force>.chart.csv`).
    pub png: bool,
    pub svg: bool,
}

impl Formats {
    pub const ALL: Formats = Formats { pdf: true, txt: true, html: true, docx: true, png: true, svg: true };
    const NONE: Formats = Formats { pdf: false, txt: false, html: false, docx: false, png: false, svg: false };
    /// The names `--format` takes, in order.
    pub const NAMES: [&str; 6] = ["pdf", "txt", "html", "docx", "png", "svg"];

    /// "pdf,txt": the forms named, comma-separated.
    pub fn parse(list: &str) -> Result<Formats, ReportError> {
        let mut f = Formats::NONE;
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name.to_ascii_lowercase().as_str() {
                "pdf" => f.pdf = true,
                "txt" | "text" => f.txt = true,
                "html" => f.html = true,
                "docx" | "word" => f.docx = true,
                "png" => f.png = true,
                "svg" => f.svg = true,
                n => {
                    return Err(ReportError::Format(format!(
                        "unknown format {n:?}: choose from {}",
                        Self::NAMES.join(", ")
                    )))
                }
            }
        }
        if f == Formats::NONE {
            return Err(ReportError::Format(format!("no format named: choose from {}", Self::NAMES.join(", "))));
        }
        Ok(f)
    }
}

/// The files written for one release.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedRelease {
    /// File stem: the force slug, or [`OVERVIEW_STEM`].
    pub stem: String,
    pub headline: String,
    /// `None` for the national overview.
    pub story: Option<Story>,
    pub typ: PathBuf,
    pub json: PathBuf,
    pub figures_csv: PathBuf,
    /// The league table (overview only).
    pub league_csv: Option<PathBuf>,
    /// How each force dealt with the request (overview only).
    pub dispositions_csv: Option<PathBuf>,
    /// The plain-text and HTML forms, when written.
    pub txt: Option<PathBuf>,
    pub html: Option<PathBuf>,
    pub docx: Option<PathBuf>,
    /// The chart's CSV when written, and its images when asked for (made by [`compile_pack`]); `None` for a
    /// release with no chart.
    pub chart_csv: Option<PathBuf>,
    pub chart_png: Option<PathBuf>,
    pub chart_svg: Option<PathBuf>,
    /// Written by [`render_force`] / [`render_overview`]; not by the `write_*_inputs` functions.
    pub pdf: PathBuf,
    /// typst's warnings, empty when there were none.
    pub typst_warnings: String,
    /// Final, or a draft marked on every page.
    pub state: ReleaseState,
    /// Every path the release may have, as `paths.rs` names them (the fields above say which were written).
    all_files: ReleaseFiles,
}

impl RenderedRelease {
    fn new(files: ReleaseFiles, headline: String, story: Option<Story>, state: ReleaseState) -> Self {
        let all_files = files.clone();
        RenderedRelease {
            all_files,
            stem: files.stem,
            headline,
            story,
            typ: files.typ,
            json: files.json,
            figures_csv: files.figures_csv,
            league_csv: files.league_csv,
            dispositions_csv: files.dispositions_csv,
            txt: None,
            html: None,
            docx: None,
            chart_csv: None,
            chart_png: None,
            chart_svg: None,
            pdf: files.pdf,
            typst_warnings: String::new(),
            state,
        }
    }

    /// Its files.
    pub fn files(&self) -> ReleaseFiles {
        self.all_files.clone()
    }
}

fn check_slug(slug: &str) -> Result<(), ReportError> {
    let ok = !slug.is_empty()
        && slug.len() <= 100
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && slug != OVERVIEW_STEM;
    if ok {
        Ok(())
    } else {
        Err(ReportError::BadSlug(slug.to_string()))
    }
}

/// Write `bytes` to `path` through a temporary file in the same folder and a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    fs_err::write(&tmp, bytes)?;
    if let Err(e) = fs_err::rename(&tmp, path) {
        let _ = fs_err::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}

/// What may be written for a force with open blocking problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// Only a final release: a force with an open blocking problem is refused ([`ReportError::Blocked`]).
    FinalOnly,
    /// A final release when the figures are clean, else a draft marked on every page.
    DraftAllowed,
}

/// Write a force's `.typ`, `.json` and `.figures.csv` (no PDF).
///
/// Refused with [`ReportError::Blocked`] when the figures are a draft and `publish` is [`Publish::FinalOnly`]; the
/// files of an earlier release of the force are then removed, so that no release older than the store's figures
/// can be taken for a final one.
pub fn write_force_inputs(
    out: &ReleaseDir,
    campaign: &Campaign,
    figures: &ForceFigures,
    publish: Publish,
) -> Result<RenderedRelease, ReportError> {
    write_force_pack(out, campaign, figures, publish, Formats::ALL)
}

/// [`write_force_inputs`] for the chosen forms: the text and HTML are written here (they need no compiler); a
/// form not chosen has any earlier file of it removed, so no stale copy sits beside newer figures.
pub fn write_force_pack(
    out: &ReleaseDir,
    campaign: &Campaign,
    figures: &ForceFigures,
    publish: Publish,
    formats: Formats,
) -> Result<RenderedRelease, ReportError> {
    check_slug(&figures.force)?;
    let files = out.files(&figures.force);
    if figures.review.state == ReleaseState::Draft && publish == Publish::FinalOnly {
        for f in files.all() {
            if f.exists() {
                fs_err::remove_file(f)?;
            }
        }
        return Err(ReportError::Blocked { force: figures.force.clone(), open: figures.review.open.len() });
    }
    fs_err::create_dir_all(files.dir())?;
    let data = release_data(campaign, figures);
    let mut r = RenderedRelease::new(files, data.local.headline.clone(), Some(data.story), figures.review.state);
    let files = r.files();
    write_atomic(&r.typ, typst_source().as_bytes())?;
    write_atomic(&r.json, &serde_json::to_vec_pretty(&data)?)?;
    write_atomic(&r.figures_csv, &figures_csv(printed_figures(figures), figures.review.state)?)?;
    type Form = fn(&ReleaseData) -> Result<Vec<u8>, ReportError>;
    let forms: [(bool, &PathBuf, &mut Option<PathBuf>, Form); 3] = [
        (formats.txt, &files.txt, &mut r.txt, |d| Ok(release_text(d).into_bytes())),
        (formats.html, &files.html, &mut r.html, |d| Ok(release_html(d).into_bytes())),
        (formats.docx, &files.docx, &mut r.docx, release_docx),
    ];
    for (wanted, path, slot, body) in forms {
        if wanted {
            write_atomic(path, &body(&data)?)?;
            *slot = Some(path.clone());
        } else if path.exists() {
            fs_err::remove_file(path)?;
        }
    }
    if !formats.pdf && r.pdf.exists() {
        fs_err::remove_file(&r.pdf)?;
    }
    let chart = data.local.chart.as_ref().filter(|_| formats.png || formats.svg);
    if let Some(chart) = chart {
        write_atomic(&files.chart_typ, CHART_TEMPLATE.as_bytes())?;
        write_atomic(&files.chart_csv, &csv_out::chart_csv(chart)?)?;
        r.chart_csv = Some(files.chart_csv.clone());
    } else if files.chart_csv.exists() {
        fs_err::remove_file(&files.chart_csv)?;
    }
    // The images are made by `compile_pack`; here only their slots are set (and stale ones removed).
    for (wanted, path, slot) in
        [(formats.png, files.chart_png, &mut r.chart_png), (formats.svg, files.chart_svg, &mut r.chart_svg)]
    {
        if wanted && chart.is_some() {
            *slot = Some(path);
        } else if path.exists() {
            fs_err::remove_file(&path)?;
        }
    }
    Ok(r)
}

/// Write the overview's `.typ`, `.json`, `.figures.csv` and league `.csv` (no PDF).
pub fn write_overview_inputs(
    out: &ReleaseDir,
    campaign: &Campaign,
    national: &NationalFigures,
) -> Result<RenderedRelease, ReportError> {
    fs_err::create_dir_all(out.path())?;
    let data = overview_data(campaign, national);
    let state = if national.campaign_problems.is_empty() { ReleaseState::Final } else { ReleaseState::Draft };
    let r = RenderedRelease::new(out.files(OVERVIEW_STEM), data.headline.clone(), None, state);
    write_atomic(&r.typ, overview_typst_source().as_bytes())?;
    write_atomic(&r.json, &serde_json::to_vec_pretty(&data)?)?;
    write_atomic(&r.figures_csv, &figures_csv([&national.total, &national.latest_year_total], state)?)?;
    if let Some(league) = &r.league_csv {
        write_atomic(league, &league_csv(&national.league)?)?;
    }
    if let Some(d) = &r.dispositions_csv {
        write_atomic(d, &overview::disposition_csv(national)?)?;
    }
    Ok(r)
}

/// Write a force's files and compile `<force>.pdf` in `out` with the typst named by `$FOI_TYPST` (or on PATH).
pub fn render_force(
    out: &ReleaseDir,
    campaign: &Campaign,
    figures: &ForceFigures,
    publish: Publish,
) -> Result<RenderedRelease, ReportError> {
    render_force_with(&Typst::from_env(), out, campaign, figures, publish)
}

/// [`render_force`] with an explicit typst.
pub fn render_force_with(
    typst: &Typst,
    out: &ReleaseDir,
    campaign: &Campaign,
    figures: &ForceFigures,
    publish: Publish,
) -> Result<RenderedRelease, ReportError> {
    let mut r = write_force_inputs(out, campaign, figures, publish)?;
    compile_pack(typst, &mut r, Formats::ALL)?;
    Ok(r)
}

/// A force's pack in the chosen forms: [`write_force_pack`], then [`compile_pack`].
pub fn render_force_pack(
    out: &ReleaseDir,
    campaign: &Campaign,
    figures: &ForceFigures,
    publish: Publish,
    formats: Formats,
) -> Result<RenderedRelease, ReportError> {
    let mut r = write_force_pack(out, campaign, figures, publish, formats)?;
    compile_pack(&Typst::from_env(), &mut r, formats)?;
    Ok(r)
}

/// What typst makes of a written pack: the PDF when asked for, and the chart's PNG and SVG where
/// [`write_force_pack`] set their slots. Warnings are gathered in `typst_warnings`.
pub fn compile_pack(typst: &Typst, r: &mut RenderedRelease, formats: Formats) -> Result<(), ReportError> {
    let files = r.files();
    let mut warnings = Vec::new();
    if formats.pdf {
        warnings.push(typst.compile(&files)?);
    }
    for (slot, format) in [(&r.chart_png, "png"), (&r.chart_svg, "svg")] {
        if let Some(image) = slot {
            warnings.push(typst.compile_to(&files.chart_typ, &files.json, image, format)?);
        }
    }
    r.typst_warnings = warnings.into_iter().filter(|w| !w.trim().is_empty()).collect::<Vec<_>>().join("\n");
    Ok(())
}

/// Write the national overview's files and compile `national-overview.pdf` in `out`.
pub fn render_overview(
    out: &ReleaseDir,
    campaign: &Campaign,
    national: &NationalFigures,
) -> Result<RenderedRelease, ReportError> {
    render_overview_with(&Typst::from_env(), out, campaign, national)
}

/// [`render_overview`] with an explicit typst.
pub fn render_overview_with(
    typst: &Typst,
    out: &ReleaseDir,
    campaign: &Campaign,
    national: &NationalFigures,
) -> Result<RenderedRelease, ReportError> {
    let mut r = write_overview_inputs(out, campaign, national)?;
    r.typst_warnings = typst.compile(&r.files())?;
    Ok(r)
}
