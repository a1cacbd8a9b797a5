use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use foi_model::{ProblemKind, Reference};

use crate::campaign::Sources;
use crate::print_table;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    sources: Sources,
    /// Only this force (slug, name or alias).
    #[arg(long)]
    force: Option<String>,
    /// Only this kind of problem (e.g. unmapped_label, total_mismatch).
    #[arg(long)]
    kind: Option<String>,
    /// Only the open blocking problems (by default notes and settled problems follow them, one line each).
    #[arg(long)]
    open: bool,
    /// Print the review as JSON: every problem with its candidates, spellings and corrections.toml lines.
    #[arg(long, conflicts_with = "html")]
    json: bool,
    /// Write the review as one self-contained HTML page (each problem beside its cells) to this file.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (store, campaign) = args.sources.open()?;
    let reference = Reference::builtin();
    let force = match &args.force {
        Some(name) => Some(crate::campaign::find_force(&reference, name)?.slug.clone()),
        None => None,
    };
    let kind = match &args.kind {
        Some(k) => Some(ProblemKind::parse(k).with_context(|| {
            format!(
                "no problem kind {k:?}; kinds are {}",
                ProblemKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
            )
        })?),
        None => None,
    };
    let problems: Vec<_> = store
        .read_problems(Some(&campaign.slug))?
        .into_iter()
        .filter(|p| force.as_ref().is_none_or(|f| &p.force == f))
        .filter(|p| kind.is_none_or(|k| p.kind == k))
        .collect();
    let review = foi_review::review(&campaign, &reference, &problems);
    if let Some(path) = &args.html {
        let page = foi_review::html(&review);
        let tmp = path.with_extension("html.tmp");
        fs_err::write(&tmp, page).with_context(|| format!("writing {}", tmp.display()))?;
        fs_err::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
        println!(
            "Wrote {} ({} open blocking problem(s)); open it in a browser.",
            path.display(),
            review.open_blocking()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&review)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut shown = 0;
    for f in &review.forces {
        let (open, rest): (Vec<_>, Vec<_>) = f.items.iter().partition(|i| i.problem.is_open_blocking());
        if open.is_empty() && (args.open || rest.is_empty()) {
            continue;
        }
        println!("\n== {} — {} open blocking, {} settled, {} notes", f.name, f.blocking, f.settled, f.notes);
        for i in open {
            shown += 1;
            let p = &i.problem;
            println!("\n[BLOCKING] {} — {}", p.kind.as_str(), crate::escape(&p.source.to_string()));
            println!("  {}", crate::escape(&p.message));
            if p.cells.len() > 1 {
                println!("  cells: {}", p.cells.join(", "));
            }
            if !i.candidates.is_empty() {
                let rows: Vec<Vec<String>> =
                    i.candidates.iter().map(|c| vec![format!("{:.2}", c.score), c.name.clone()]).collect();
                println!("  closest reference entries:");
                print_table(&["score", "entry"], &rows);
            }
            if i.spellings.len() > 1 {
                println!(
                    "  spelt {} ways in this campaign: {}",
                    i.spellings.len(),
                    crate::escape(&i.spellings.join(" · "))
                );
            }
            if !i.toml.is_empty() {
                println!("  to settle, add to data-raw/{}/corrections.toml:", campaign.slug);
                for line in i.toml.lines() {
                    println!("    {}", crate::escape(line));
                }
            }
        }
        if !args.open && !rest.is_empty() {
            println!();
            for i in rest {
                shown += 1;
                let p = &i.problem;
                let what = match &p.settled {
                    Some(reason) => format!("settled: {} — {} (reason: {reason})", p.kind.as_str(), p.message),
                    None => format!("note: {} — {}", p.kind.as_str(), p.message),
                };
                println!("  {}  [{}]", crate::escape(&what), crate::escape(&p.source.to_string()));
            }
        }
    }
    if shown == 0 {
        println!("No problems recorded.");
    } else if review.open_blocking() == 0 {
        println!("\nNo blocking problem is open: every release can be final.");
    } else {
        println!(
            "\n{} open blocking problem(s). After editing corrections.toml, run `foi ingest` again.",
            review.open_blocking()
        );
    }
    Ok(ExitCode::SUCCESS)
}
