//! Where releases are written: the one place that names output files.

use std::path::{Path, PathBuf};

use foi_model::Campaign;

use crate::OVERVIEW_STEM;

/// A campaign's release folder, `<out>/<campaign slug>/`, so the releases of two campaigns never mix.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseDir(PathBuf);

impl ReleaseDir {
    pub fn new(out: &Path, campaign: &Campaign) -> ReleaseDir {
        ReleaseDir(out.join(&campaign.slug))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The files of one release (`stem` is a force slug or [`OVERVIEW_STEM`]), whether they exist or not. Each
    /// force's pack has a folder of its own (`<out>/<campaign>/<force>/`), so a press office can send one folder;
    /// the overview and the newsroom page sit above them.
    pub fn files(&self, stem: &str) -> ReleaseFiles {
        let dir = if stem == OVERVIEW_STEM { self.0.clone() } else { self.0.join(stem) };
        let at = |ext: &str| dir.join(format!("{stem}.{ext}"));
        ReleaseFiles {
            stem: stem.to_string(),
            pdf: at("pdf"),
            typ: at("typ"),
            json: at("json"),
            figures_csv: at("figures.csv"),
            league_csv: (stem == OVERVIEW_STEM).then(|| at("csv")),
            dispositions_csv: (stem == OVERVIEW_STEM).then(|| at("dispositions.csv")),
            txt: at("txt"),
            html: at("html"),
            docx: at("docx"),
            chart_typ: dir.join(CHART_SOURCE),
            chart_png: at("chart.png"),
            chart_svg: at("chart.svg"),
            chart_csv: at("chart.csv"),
        }
    }

    /// The newsroom's page of the campaign: every release and each of its files, linked.
    pub fn index(&self) -> PathBuf {
        self.0.join("index.html")
    }
}

/// One release's files: the PDF, the typst source and JSON data it is compiled from, the figures for
/// fact-checkers and, for the overview, the league table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseFiles {
    pub stem: String,
    pub pdf: PathBuf,
    pub typ: PathBuf,
    pub json: PathBuf,
    pub figures_csv: PathBuf,
    pub league_csv: Option<PathBuf>,
    /// How each force dealt with the request (overview only).
    pub dispositions_csv: Option<PathBuf>,
    /// The release as plain text for an email body, and as HTML for a CMS.
    pub txt: PathBuf,
    pub html: PathBuf,
    /// The same release as a Word document a press officer can edit.
    pub docx: PathBuf,
    /// The chart's typst source, one for every release of the folder (it only reads the JSON it is given).
    pub chart_typ: PathBuf,
    /// The release's chart as images, and its data as a CSV for a charting tool.
    pub chart_png: PathBuf,
    pub chart_svg: PathBuf,
    pub chart_csv: PathBuf,
}

/// The file name of the shared chart source.
pub const CHART_SOURCE: &str = "chart.typ";

impl ReleaseFiles {
    pub fn all(&self) -> impl Iterator<Item = &PathBuf> {
        [
            &self.pdf,
            &self.typ,
            &self.json,
            &self.figures_csv,
            &self.txt,
            &self.html,
            &self.docx,
            &self.chart_png,
            &self.chart_svg,
            &self.chart_csv,
        ]
        .into_iter()
        .chain(&self.league_csv)
        .chain(&self.dispositions_csv)
    }

    /// The folder they are in.
    pub fn dir(&self) -> &Path {
        self.typ.parent().unwrap_or(Path::new("."))
    }
}

/// The name of a file within its folder (typst is run inside the folder, on names alone).
pub(crate) fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
