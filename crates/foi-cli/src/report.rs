use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context};
use foi_analysis::{ForceFigures, ReleaseState};
use foi_model::{Reference, ResponseStatus};
use foi_report::{Publish, ReportError};
use rayon::prelude::*;

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
    if args.all {
        let all = foi_analysis::all_force_figures(&store, &campaign, &reference)?;
        let done = AtomicUsize::new(0);
        // A counter redrawn in place only makes sense on a terminal; in a log it is one long line.
        let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
        let results: Vec<_> = all
            .par_iter()
            .map(|f| {
                let r = foi_report::render_force(&out, &campaign, f, Publish::DraftAllowed).map_err(hint);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if progress {
                    eprint!("\r{n}/{} releases", all.len());
                }
                (f, r)
            })
            .collect();
        if progress {
            eprintln!();
        }
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
        let national = foi_analysis::national_figures(&store, &campaign, &reference)?;
        let overview = foi_report::render_overview(&out, &campaign, &national).map_err(hint)?;
        let drafts = all.iter().filter(|f| f.review.state == ReleaseState::Draft).count();
        println!(
            "\nWrote {} releases ({} final, {drafts} marked drafts) and {}{} to {}",
            results.len() - failed,
            results.len() - failed - drafts,
            overview.pdf.display(),
            if overview.state == ReleaseState::Draft { " (a marked draft)" } else { "" },
            out.path().display()
        );
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
    let r = match foi_report::render_force(&out, &campaign, &figures, publish) {
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
    println!("Wrote {}", r.pdf.display());
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
