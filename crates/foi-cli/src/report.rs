use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex, PoisonError};

use anyhow::{bail, Context};
use foi_analysis::{ForceFigures, ReleaseState};
use foi_model::{Reference, ResponseStatus};
use foi_report::{Publish, ReportError};

use crate::campaign::{find_force, Sources};
use crate::{print_table, EXIT_BLOCKED};

#[derive(clap::Args)]
pub struct Args {
    /// The force: slug, name or alias in any case. Leave out with --all.
    force: Option<String>,
    /// Every force's release (finals for clean forces, marked drafts for the rest), plus the national overview.
    #[arg(long, conflicts_with = "force")]
    all: bool,
    /// Write the release even while a blocking problem is open, marked "DRAFT — NOT FOR PUBLICATION" on every
    /// page with the open problems listed on page 1.
    #[arg(long)]
    draft: bool,
    #[command(flatten)]
    sources: Sources,
    /// Releases go to <out>/<campaign>/<force>.pdf, with the .typ, .json and .figures.csv beside.
    #[arg(long, default_value = "reports")]
    out: PathBuf,
    /// The forms to write, comma-separated: pdf (typst), txt (an email body), html (a CMS), docx (to edit),
    /// png and svg (the chart, with its data as .chart.csv). The .json and the figures CSV are always written.
    #[arg(long, default_value = "pdf,txt,html,docx,png,svg", value_name = "LIST")]
    format: String,
}

fn hint(e: ReportError) -> anyhow::Error {
    match e {
        ReportError::TypstMissing { .. } => {
            anyhow::anyhow!("{e}\n  (or run `just report …`, which installs it; set FOI_TYPST to use another binary)")
        }
        other => other.into(),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reference = Reference::builtin();
    let (store, campaign) = args.sources.open()?;
    let out = foi_report::ReleaseDir::new(&args.out, &campaign);
    let formats = foi_report::Formats::parse(&args.format)?;
    if args.all {
        let batch = foi_analysis::Batch::new(&store, &campaign, &reference)?;
        let national = batch.national();
        let (overview, results) = render_all(&batch, &out, &campaign, formats)?;
        let written: Vec<foi_report::RenderedRelease> =
            results.iter().filter_map(|(_, r)| r.as_ref().ok().cloned()).collect();
        let index = foi_report::write_index(&out, &campaign, national, &overview, &written).map_err(hint)?;
        let mut failed = 0;
        let mut rows = Vec::new();
        for (f, r) in &results {
            match r {
                Ok(r) => rows.push(vec![
                    f.force.clone(),
                    kind_of(f).to_string(),
                    f.review.open.len().to_string(),
                    crate::clip(&r.headline, 90),
                ]),
                Err(e) => {
                    failed += 1;
                    eprintln!("{}: {e:#}", f.force);
                }
            }
        }
        print_table(&["force", "release", "open problems", "headline"], &rows);
        let drafts = results.iter().filter(|(f, _)| f.review.state == ReleaseState::Draft).count();
        println!(
            "\nWrote {} releases ({} final, {drafts} marked drafts) and {}{} to {}",
            results.len() - failed,
            results.len() - failed - drafts,
            overview.pdf.display(),
            if overview.state == ReleaseState::Draft { " (a marked draft)" } else { "" },
            out.path().display()
        );
        println!("Newsroom page: {}", index.display());
        if !national.under_review.is_empty() {
            println!(
                "National figures leave out {} while their problems are open: `foi review` lists them.",
                national.under_review.join(", ")
            );
        }
        if failed > 0 {
            bail!("{failed} release(s) failed");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(name) = args.force else {
        bail!("name a force (e.g. `foi report northamptonshire`) or use --all");
    };
    let force = find_force(&reference, &name)?;
    let figures = foi_analysis::force_figures(&store, &campaign, &reference, &force.slug)
        .with_context(|| format!("computing {}'s figures", force.name))?;
    let publish = if args.draft { Publish::DraftAllowed } else { Publish::FinalOnly };
    let r = match foi_report::render_force_pack(&out, &campaign, &figures, publish, formats) {
        Err(ReportError::Blocked { .. }) => {
            refuse(&figures);
            return Ok(ExitCode::from(EXIT_BLOCKED));
        }
        other => other.map_err(hint)?,
    };
    if r.state == ReleaseState::Draft {
        println!("DRAFT — NOT FOR PUBLICATION ({} open problem(s) listed on page 1)", figures.review.open.len());
    }
    println!("{}", crate::escape(&r.headline));
    if formats.pdf {
        println!("Wrote {}", r.pdf.display());
    }
    if let Some(txt) = &r.txt {
        println!("  text for an email body:    {}", txt.display());
    }
    if let Some(html) = &r.html {
        println!("  HTML for a CMS:            {}", html.display());
    }
    if let Some(docx) = &r.docx {
        println!("  Word, to edit:             {}", docx.display());
    }
    for chart in [&r.chart_png, &r.chart_svg, &r.chart_csv].into_iter().flatten() {
        println!("  chart:                     {}", chart.display());
    }
    println!("  figures for fact-checkers: {}", r.figures_csv.display());
    println!("  typst source and data:     {}, {}", r.typ.display(), r.json.display());
    if !r.typst_warnings.trim().is_empty() {
        eprintln!("typst warnings:\n{}", r.typst_warnings);
    }
    Ok(ExitCode::SUCCESS)
}

/// `final`, `draft`, or the way the force did not answer.
fn kind_of(f: &ForceFigures) -> &'static str {
    match (f.review.state, Some(f.status)) {
        (ReleaseState::Draft, _) => "draft",
        (_, Some(ResponseStatus::Refused)) => "final (refused)",
        (_, Some(ResponseStatus::NotHeld)) => "final (not held)",
        (_, Some(ResponseStatus::NoResponse)) => "final (no response)",
        (_, Some(ResponseStatus::Partial)) => "final (in part)",
        _ => "final",
    }
}

/// Why no final release was written, what is open, and how to settle it.
fn refuse(f: &ForceFigures) {
    eprintln!(
        "{}: {} open blocking problem(s); no final release written (an earlier one, if any, was removed).\n",
        f.force_name,
        f.review.open.len()
    );
    for p in &f.review.open {
        eprintln!("  - {}", crate::escape(&foi_report::open_problem_line(p)));
    }
    eprintln!(
        "\nSettle each one: fix the reading in data-raw/{}/corrections.toml (`foi review --force {}` suggests the lines), \
         run `foi ingest` again, then `foi report {}`.\nTo see the release as it stands, write a marked draft: `foi report {} --draft`.",
        f.campaign, f.force, f.force, f.force
    );
}

/// A force's figures and how its release went.
type ForceRelease = (ForceFigures, anyhow::Result<foi_report::RenderedRelease>);

/// Every release of a campaign and its overview. This thread computes each force's figures and writes its
/// sources while as many typst processes as there are cores compile the ones already written, so typst is
/// never kept waiting by the figures and no more compiles run at once than cores can take.
fn render_all(
    batch: &foi_analysis::Batch<'_>,
    out: &foi_report::ReleaseDir,
    campaign: &foi_model::Campaign,
    formats: foi_report::Formats,
) -> anyhow::Result<(foi_report::RenderedRelease, Vec<ForceRelease>)> {
    let typst = foi_report::Typst::from_env();
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let total = batch.forces().len();
    // A counter redrawn in place only makes sense on a terminal; in a log it is one long line.
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let done = AtomicUsize::new(0);
    // Index 0 is the overview; force i is at i + 1.
    let compiled: Mutex<Vec<(usize, anyhow::Result<foi_report::RenderedRelease>)>> = Mutex::new(Vec::new());
    let mut figures: Vec<(ForceFigures, Option<anyhow::Error>)> = Vec::new();
    let (tx, rx) = mpsc::sync_channel::<(usize, foi_report::RenderedRelease)>(workers * 2);
    let rx = Mutex::new(rx);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let next = rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                let Ok((i, mut r)) = next else { break };
                let result = foi_report::compile_pack(&typst, &mut r, formats).map(|()| r);
                if i > 0 {
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if progress {
                        eprint!("\r{n}/{total} releases");
                    }
                }
                compiled.lock().unwrap_or_else(PoisonError::into_inner).push((i, result.map_err(hint)));
            });
        }
        // The overview first: it is the longest compile, and starts while the first figures are computed.
        let overview = foi_report::write_overview_inputs(out, campaign, batch.national()).map_err(hint)?;
        tx.send((0, overview)).ok();
        for (i, slug) in batch.forces().iter().enumerate() {
            let f = batch.force(slug).with_context(|| format!("computing {slug}'s figures"))?;
            match foi_report::write_force_pack(out, campaign, &f, Publish::DraftAllowed, formats) {
                Ok(r) => {
                    tx.send((i + 1, r)).ok();
                    figures.push((f, None));
                }
                Err(e) => figures.push((f, Some(hint(e)))),
            }
        }
        drop(tx);
        Ok(())
    })?;
    if progress {
        eprintln!();
    }
    let mut compiled = compiled.into_inner().unwrap_or_else(PoisonError::into_inner);
    compiled.sort_by_key(|(i, _)| *i);
    let mut compiled = compiled.into_iter().peekable();
    let overview = match compiled.next_if(|(i, _)| *i == 0) {
        Some((_, r)) => r?,
        None => anyhow::bail!("the overview was not compiled"),
    };
    let mut results = Vec::new();
    for (i, (f, failed)) in figures.into_iter().enumerate() {
        let r = match failed {
            Some(e) => Err(e),
            None => match compiled.next_if(|(j, _)| *j == i + 1) {
                Some((_, r)) => r,
                None => Err(anyhow::anyhow!("{}'s release was not compiled", f.force)),
            },
        };
        results.push((f, r));
    }
    Ok((overview, results))
}
