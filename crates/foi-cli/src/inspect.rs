//! `foi inspect FILE`: what foi sees in one file — its sheets (or a document's paragraphs and tables) as rows of
//! cells with their addresses, the way ingest will read them. For checking a new layout before ingesting it.

use std::path::PathBuf;

use anyhow::Context;
use foi_ingest::grid::Sheet;

#[derive(clap::Args)]
pub struct Args {
    /// The file: any format ingest reads (xlsx, xls, ods, csv, html, docx, eml, pdf).
    file: PathBuf,
    /// Show at most this many rows of each sheet.
    #[arg(long, default_value_t = 200)]
    rows: usize,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let bytes = fs_err::read(&args.file)?;
    let name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let docs = foi_ingest::sources::read_bytes(
        &name,
        &bytes,
        &crate::isolated::limits(foi_ingest::Limits::default().max_sheet_cells)?,
    )
    .with_context(|| format!("reading {}", args.file.display()))?;
    for d in &docs {
        println!("== {} ({})", crate::escape(&d.file), d.kind);
        for n in &d.notes {
            println!("   note: {}: {}", crate::escape(&n.sheet), crate::escape(&n.message));
        }
        for s in &d.sheets {
            print_sheet(s, args.rows);
        }
    }
    Ok(())
}

fn print_sheet(s: &Sheet, max: usize) {
    let mut block = String::new();
    for (r, row) in s.rows.iter().enumerate().take(max) {
        if row.iter().all(|c| c.is_empty()) {
            continue;
        }
        let (name, first) = s.locate(r, 0);
        if name != block {
            println!("-- {}", crate::escape(&name));
            block = name;
        }
        let cells: Vec<String> = row.iter().map(|c| crate::clip(&crate::escape(&c.display()), 60)).collect();
        let row_no = first.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        println!("{row_no:>5} | {}", cells.join(" | "));
    }
    if s.rows.len() > max {
        println!("   … {} more rows (--rows N shows more)", s.rows.len() - max);
    }
}
