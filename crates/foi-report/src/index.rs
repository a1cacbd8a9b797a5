//! The newsroom's page of a campaign (`<out>/<campaign>/index.html`): the national headline and league table,
//! how each force dealt with the request, and every force's release with a link to each of its files. One
//! self-contained file (no script, nothing fetched) that reads on a phone; every word comes from the overview's
//! and the releases' own data.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use foi_analysis::{NationalFigures, ReleaseState};
use foi_model::Campaign;

use crate::overview::overview_data;
use crate::paths::file_name;
use crate::text::{table_html, STYLE};
use crate::{write_atomic, ReleaseDir, RenderedRelease, ReportError};
use foi_review::html_escape as escape;

/// The links of one release: its files that exist, in the order a reader wants them, relative to the page.
fn links(r: &RenderedRelease, page_dir: &Path) -> Vec<(&'static str, String)> {
    let files = r.files();
    let candidates: [(&str, Option<&Path>); 11] = [
        ("PDF", Some(files.pdf.as_path())),
        ("Text", Some(files.txt.as_path())),
        ("HTML", Some(files.html.as_path())),
        ("Word", Some(files.docx.as_path())),
        ("Chart PNG", Some(files.chart_png.as_path())),
        ("Chart SVG", Some(files.chart_svg.as_path())),
        ("Chart CSV", Some(files.chart_csv.as_path())),
        ("Figures CSV", Some(files.figures_csv.as_path())),
        ("League CSV", files.league_csv.as_deref()),
        ("Answers CSV", files.dispositions_csv.as_deref()),
        ("Data (JSON)", Some(files.json.as_path())),
    ];
    let relative = |p: &Path| match p.strip_prefix(page_dir) {
        Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"),
        Err(_) => file_name(p),
    };
    candidates.into_iter().filter_map(|(label, p)| p.filter(|p| p.exists()).map(|p| (label, relative(p)))).collect()
}

fn link_list(o: &mut String, r: &RenderedRelease, page_dir: &Path) {
    o.push_str("<ul class=\"files\">");
    for (label, name) in links(r, page_dir) {
        let _ = write!(o, "<li><a href=\"{}\">{}</a></li>", escape(&name), escape(label));
    }
    o.push_str("</ul>");
}

/// Write the campaign's index page beside its releases.
pub fn write_index(
    out: &ReleaseDir,
    campaign: &Campaign,
    national: &NationalFigures,
    overview: &RenderedRelease,
    releases: &[RenderedRelease],
) -> Result<PathBuf, ReportError> {
    let data = overview_data(campaign, national);
    let e = escape;
    let name_of = |slug: &str| {
        national.dispositions.iter().find(|d| d.force == slug).map(|d| d.name.clone()).unwrap_or_else(|| slug.into())
    };
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}\
         .releases li{{margin:.6rem 0}}.files{{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem .8rem;font-size:.9rem}}\
         .state{{font-size:.8rem;color:#b3261e;font-weight:bold}}         .national td:nth-child(2),.disposition td:first-child{{min-width:8rem}}         .national td:nth-child(6),.disposition td:last-child{{min-width:14rem;text-align:left}}         .disposition td{{text-align:left}}</style>\n</head>\n<body>\n<main>\n",
        e(&data.campaign.title),
        STYLE
    );
    if let Some(em) = &data.masthead.embargo {
        let _ = writeln!(o, "<p class=\"embargo\">{}</p>", e(em));
    }
    let _ = writeln!(o, "<p class=\"kicker\">{} · {}</p>", e(&data.release.organisation), e(&data.campaign.title));
    if let Some(date) = &data.masthead.date {
        let _ = writeln!(o, "<p class=\"date\">{}</p>", e(date));
    }
    let _ = writeln!(o, "<h1>{}</h1>\n<p class=\"standfirst\">{}</p>", e(&data.headline), e(&data.standfirst));
    if overview.state == ReleaseState::Draft {
        let _ =
            writeln!(o, "<p class=\"state\">The national figures are a draft: a problem of the campaign is open.</p>");
    }
    o.push_str("<section class=\"national\">\n<h2>National overview</h2>\n");
    link_list(&mut o, overview, out.path());
    table_html(&mut o, &data.league);
    o.push_str("</section>\n<section class=\"disposition\">\n");
    let _ = writeln!(o, "<h2>{}</h2>", e(&data.disposition.heading));
    for p in &data.disposition.paragraphs {
        let _ = writeln!(o, "<p>{}</p>", e(p));
    }
    table_html(&mut o, &data.disposition.table);
    o.push_str("</section>\n<section class=\"releases\">\n<h2>Every force's release</h2>\n<ul>\n");
    let mut sorted: Vec<&RenderedRelease> = releases.iter().collect();
    sorted.sort_by_key(|r| name_of(&r.stem));
    for r in sorted {
        let state = match r.state {
            ReleaseState::Draft => " <span class=\"state\">DRAFT — NOT FOR PUBLICATION</span>",
            ReleaseState::Final => "",
        };
        let _ = write!(
            o,
            "<li id=\"{}\"><strong>{}</strong>{state}<br>{}",
            e(&r.stem),
            e(&name_of(&r.stem)),
            e(&r.headline)
        );
        link_list(&mut o, r, out.path());
        o.push_str("</li>\n");
    }
    o.push_str("</ul>\n</section>\n</main>\n</body>\n</html>\n");
    let path = out.index();
    write_atomic(&path, o.as_bytes())?;
    Ok(path)
}
