use std::process::ExitCode;

use foi_model::Reference;

use crate::campaign::{find_force, Sources};
use crate::print_table;

#[derive(clap::Args)]
pub struct Args {
    /// The force: slug, name or alias in any case ("Northants", "Northamptonshire Police").
    force: String,
    #[command(flatten)]
    sources: Sources,
    /// Print the figures as JSON (every field, every source cell).
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reference = Reference::builtin();
    let force = find_force(&reference, &args.force)?;
    let (store, campaign) = args.sources.open()?;
    let figures = foi_analysis::force_figures(&store, &campaign, &reference, &force.slug)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} — {} ({})", figures.official_name, crate::escape(&campaign.title), figures.status.describe());
    let rows: Vec<Vec<String>> = figures
        .figures
        .iter()
        .map(|f| {
            let value = match f.value {
                Some(v) if f.lower_bound => format!("at least {v}"),
                Some(v) => format!("{v}"),
                None => "—".into(),
            };
            let sources = match f.sources.len() {
                0 => String::new(),
                1..=3 => f.sources.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
                n => format!("{} (+{} more)", f.sources[0], n - 1),
            };
            vec![f.id.clone(), value, f.period_text(), f.formula.clone(), f.base.clone(), sources]
        })
        .collect();
    print_table(&["figure", "value", "period", "formula", "base", "sources"], &rows);
    for c in foi_report::caveats_in_words(&figures, &campaign) {
        println!("note: {}", crate::escape(&c));
    }
    Ok(ExitCode::SUCCESS)
}
