use std::process::ExitCode;

use anyhow::Context;

use crate::print_table;

#[derive(clap::Args)]
pub struct Args {
    /// The Parquet store written by `foi ingest`.
    #[arg(long, default_value = "data/store")]
    store: std::path::PathBuf,
    /// Only this campaign.
    #[arg(long)]
    campaign: Option<String>,
    /// Only this force (slug, name or alias).
    #[arg(long)]
    force: Option<String>,
    /// Only this kind of problem (e.g. unmapped_label, total_mismatch).
    #[arg(long)]
    kind: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = foi_store::Store::open(&args.store).context("opening the store (run `foi ingest` first)")?;
    let reference = foi_model::Reference::builtin();
    let force = match &args.force {
        Some(name) => Some(crate::campaign::find_force(&reference, name)?.slug.clone()),
        None => None,
    };
    let problems = store.read_problems(args.campaign.as_deref())?;
    let rows: Vec<Vec<String>> = problems
        .iter()
        .filter(|p| force.as_ref().is_none_or(|f| &p.force == f))
        .filter(|p| args.kind.as_ref().is_none_or(|k| p.kind.as_str() == k))
        .map(|p| {
            vec![
                p.campaign.clone(),
                p.force.clone(),
                p.kind.as_str().to_string(),
                p.source.to_string(),
                p.message.clone(),
            ]
        })
        .collect();
    if rows.is_empty() {
        println!("No problems recorded.");
    } else {
        print_table(&["campaign", "force", "kind", "where", "message"], &rows);
        println!("\n{} problem(s).", rows.len());
    }
    Ok(ExitCode::SUCCESS)
}
