use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use foi_model::{Reference, Severity};

use crate::print_table;

#[derive(clap::Args)]
pub struct Args {
    /// Folder of campaigns: <raw>/<campaign>/campaign.toml and one folder per force.
    #[arg(long, default_value = "data-raw")]
    raw: PathBuf,
    /// Where to write the Parquet store.
    #[arg(long, default_value = "data/store")]
    store: PathBuf,
    /// Exit with status 1 when any blocking problem is open (for CI gates on a corpus).
    #[arg(long)]
    strict: bool,
    /// Cells read from one xlsx/xlsb sheet before it is cut short (which blocks the force's figures).
    #[arg(long, value_name = "N", default_value_t = foi_ingest::Limits::default().max_sheet_cells)]
    max_sheet_cells: u64,
    /// Read every force again, even those whose files have not changed since the last ingest.
    #[arg(long)]
    no_cache: bool,
}

/// What identifies this build's reading: results another build made are never reused. A rebuilt binary has a
/// new modification time even when its version is the same.
fn build_identity() -> String {
    let exe = std::env::current_exe().ok().and_then(|p| fs_err::metadata(p).ok());
    let stamp = exe.map(|m| format!("{} {:?}", m.len(), m.modified().ok())).unwrap_or_else(|| "unknown".into());
    format!("foi {} {stamp}", env!("CARGO_PKG_VERSION"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reference = Reference::builtin();
    let started = Instant::now();
    let limits = crate::isolated::limits(args.max_sheet_cells)?;
    // Kept with the store it feeds: a different store (a test's, a second archive's) has its own.
    let cache = if args.no_cache {
        foi_ingest::Cache::none()
    } else {
        foi_ingest::Cache::at(args.store.join("ingest-cache"), build_identity())
    };
    let mut campaigns = foi_ingest::ingest_all_cached(&args.raw, &reference, &limits, &cache)
        .with_context(|| format!("reading {} (each campaign folder needs a campaign.toml)", args.raw.display()))?;
    if campaigns.is_empty() {
        anyhow::bail!("no campaign folders in {} (a campaign folder holds campaign.toml)", args.raw.display());
    }
    let read_time = started.elapsed();
    // The child readers kept for xls, ods and HTML are ended (killed and waited for) beside the store write, not
    // after it: nothing is read any more.
    let _ = std::thread::Builder::new().name("foi-read shutdown".into()).spawn(move || drop(limits));
    // A campaign the store already holds as these inputs make it is not written again (the new version links
    // its files): a re-ingest of an archive writes what changed.
    let stored = foi_store::Store::open(&args.store).ok();
    // The observations move to the writer (an archive's are most of what ingest holds); the summary below
    // needs only their number.
    let observed: Vec<usize> = campaigns.iter().map(|c| c.observations.len()).collect();
    let data: Vec<foi_store::CampaignData> = campaigns
        .iter_mut()
        .filter(|c| {
            let held = stored.as_ref().and_then(|s| s.source_key(&c.campaign.slug));
            c.source_key.is_none() || held != c.source_key
        })
        .map(|c| foi_store::CampaignData {
            campaign: c.campaign.slug.clone(),
            observations: std::mem::take(&mut c.observations),
            responses: c.responses.clone(),
            problems: c.problems.clone(),
            source_key: c.source_key.clone(),
        })
        .collect();
    drop(stored);
    foi_store::write(&args.store, &data).with_context(|| format!("writing the store at {}", args.store.display()))?;
    // The process ends soon after: freeing every observation one by one is work the system does at once.
    std::mem::forget(data);
    let total_time = started.elapsed();

    let mut open_total = 0;
    for (c, observed) in campaigns.iter().zip(observed) {
        let reused = match c.reused {
            0 => String::new(),
            n => format!(" ({n} unchanged since the last ingest, not read again)"),
        };
        println!("{} — {} observations from {} forces{reused}", c.campaign.slug, observed, c.responses.len());
        // One line per force: how it answered, and what is open.
        let mut rows = Vec::new();
        for r in &c.responses {
            let mine: Vec<_> = c.problems.iter().filter(|p| p.force == r.force).collect();
            let blocking = mine.iter().filter(|p| p.is_open_blocking()).count();
            let settled = mine.iter().filter(|p| p.severity == Severity::Blocking && p.settled.is_some()).count();
            let notes = mine.iter().filter(|p| p.severity == Severity::Note).count();
            let state = if blocking > 0 { format!("{blocking} blocking") } else { "ok".to_string() };
            let mut detail = Vec::new();
            if settled > 0 {
                detail.push(format!("{settled} settled"));
            }
            if notes > 0 {
                detail.push(format!("{notes} note{}", if notes == 1 { "" } else { "s" }));
            }
            rows.push(vec![r.force.clone(), r.status.as_str().to_string(), state, detail.join(", ")]);
        }
        print_table(&["force", "answer", "state", "also"], &rows);
        let open: Vec<_> = c.problems.iter().filter(|p| p.is_open_blocking()).collect();
        open_total += open.len();
        if open.is_empty() {
            println!("\nNo blocking problem is open: every release can be final.");
        } else {
            let forces: BTreeMap<&str, usize> = open.iter().fold(BTreeMap::new(), |mut m, p| {
                *m.entry(p.force.as_str()).or_default() += 1;
                m
            });
            println!(
                "\nBlocking problems ({} in {} force{}) — releases stay drafts until each is settled; `foi review` suggests how:",
                open.len(),
                forces.len(),
                if forces.len() == 1 { "" } else { "s" }
            );
            let rows: Vec<Vec<String>> = open
                .iter()
                .map(|p| {
                    vec![
                        if p.force.is_empty() { "(campaign)".into() } else { p.force.clone() },
                        p.kind.as_str().to_string(),
                        crate::clip(&p.source.to_string(), 70),
                        crate::clip(&p.message, 110),
                    ]
                })
                .collect();
            print_table(&["force", "kind", "where", "message"], &rows);
        }
        println!();
    }
    println!(
        "Store written to {} in {:.0} ms (reading {:.0} ms).",
        args.store.display(),
        total_time.as_secs_f64() * 1000.0,
        read_time.as_secs_f64() * 1000.0
    );
    std::mem::forget(campaigns);
    Ok(if args.strict && open_total > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
