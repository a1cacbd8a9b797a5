use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use foi_model::Reference;

use crate::print_table;

#[derive(clap::Args)]
pub struct Args {
    /// Folder of campaigns: <raw>/<campaign>/campaign.toml and one folder per force.
    #[arg(long, default_value = "data-raw")]
    raw: PathBuf,
    /// Where to write the Parquet store.
    #[arg(long, default_value = "data/store")]
    store: PathBuf,
    /// Exit with status 1 when any problem was recorded (for CI gates on a corpus).
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reference = Reference::builtin();
    let started = Instant::now();
    let campaigns = foi_ingest::ingest_all(&args.raw, &reference)
        .with_context(|| format!("reading {} (each campaign folder needs a campaign.toml)", args.raw.display()))?;
    if campaigns.is_empty() {
        anyhow::bail!("no campaign folders in {} (a campaign folder holds campaign.toml)", args.raw.display());
    }
    let read_time = started.elapsed();
    let data: Vec<foi_store::CampaignData> = campaigns
        .iter()
        .map(|c| foi_store::CampaignData {
            campaign: c.campaign.slug.clone(),
            observations: c.observations.clone(),
            responses: c.responses.clone(),
            problems: c.problems.clone(),
        })
        .collect();
    foi_store::write(&args.store, &data).with_context(|| format!("writing the store at {}", args.store.display()))?;
    let total_time = started.elapsed();

    let mut problems = 0;
    for c in &campaigns {
        let mut by_status: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for r in &c.responses {
            by_status.entry(r.status.as_str()).or_default().push(r.force.as_str());
        }
        println!("{} — {} observations from {} forces", c.campaign.slug, c.observations.len(), c.responses.len());
        for (status, forces) in &by_status {
            let list = if forces.len() <= 6 { format!(": {}", forces.join(", ")) } else { String::new() };
            println!("  {status:<12} {:>3}{list}", forces.len());
        }
        if !c.problems.is_empty() {
            println!("\nProblems ({}) — `foi review` lists them again:", c.problems.len());
            let rows: Vec<Vec<String>> = c
                .problems
                .iter()
                .map(|p| vec![p.force.clone(), p.kind.as_str().to_string(), p.source.to_string(), p.message.clone()])
                .collect();
            print_table(&["force", "kind", "where", "message"], &rows);
        }
        problems += c.problems.len();
        println!();
    }
    println!(
        "Store written to {} in {:.0} ms (reading {:.0} ms).",
        args.store.display(),
        total_time.as_secs_f64() * 1000.0,
        read_time.as_secs_f64() * 1000.0
    );
    Ok(if args.strict && problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
