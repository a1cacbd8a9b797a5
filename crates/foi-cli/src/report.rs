use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context};
use foi_model::Reference;
use rayon::prelude::*;

use crate::campaign::{find_force, Sources};

#[derive(clap::Args)]
pub struct Args {
    /// The force: slug, name or alias in any case. Leave out with --all.
    force: Option<String>,
    /// Every force's release, plus the national overview.
    #[arg(long, conflicts_with = "force")]
    all: bool,
    #[command(flatten)]
    sources: Sources,
    /// Releases go to <out>/<campaign>/<force>.pdf, with the .typ, .json and .figures.csv beside.
    #[arg(long, default_value = "reports")]
    out: PathBuf,
}

fn hint(e: foi_report::ReportError) -> anyhow::Error {
    match e {
        foi_report::ReportError::TypstMissing { .. } => {
            anyhow::anyhow!("{e}\n  (or run `just report …`, which installs it; set FOI_TYPST to use another binary)")
        }
        other => other.into(),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reference = Reference::builtin();
    let (store, campaign) = args.sources.open()?;
    let out = args.out.join(&campaign.slug);
    if args.all {
        let all = foi_analysis::all_force_figures(&store, &campaign, &reference)?;
        let done = AtomicUsize::new(0);
        let results: Vec<_> = all
            .par_iter()
            .map(|f| {
                let r = foi_report::render_force(&out, &campaign, f).map_err(hint);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                eprint!("\r{n}/{} releases", all.len());
                (f, r)
            })
            .collect();
        eprintln!();
        let mut failed = 0;
        for (f, r) in &results {
            match r {
                Ok(r) => println!("{:<28} {}", f.force, r.headline),
                Err(e) => {
                    failed += 1;
                    eprintln!("{}: {e:#}", f.force);
                }
            }
        }
        let national = foi_analysis::national_figures(&store, &campaign, &reference)?;
        let overview = foi_report::render_overview(&out, &campaign, &national).map_err(hint)?;
        println!("\nWrote {} releases and {} to {}", results.len() - failed, overview.pdf.display(), out.display());
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
    let r = foi_report::render_force(&out, &campaign, &figures).map_err(hint)?;
    println!("{}", r.headline);
    println!("Wrote {}", r.pdf.display());
    println!("  figures for fact-checkers: {}", r.figures_csv.display());
    println!("  typst source and data:     {}, {}", r.typ.display(), r.json.display());
    if !r.typst_warnings.trim().is_empty() {
        eprintln!("typst warnings:\n{}", r.typst_warnings);
    }
    Ok(ExitCode::SUCCESS)
}
