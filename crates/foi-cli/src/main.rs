//! `foi`: ingest FOI answers, review what needs a person's eye, print figures, write press releases.
//!
//! The only crate that prints, sets up tracing and uses anyhow: libraries return typed errors and this turns
//! them into messages with a hint of what to do.

// The one crate whose job is to talk to the user.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod campaign;
mod figures;
mod ingest;
mod inspect;
mod isolated;
mod report;
mod review;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "foi", version, about = "Turn police forces' FOI answers into traceable figures and press releases")]
struct Cli {
    /// More detail on stderr (-v: per file, -vv: per sheet). RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read every answer in the raw folder and write the normalised Parquet store.
    Ingest(ingest::Args),
    /// List the problems ingest recorded: unmapped labels, totals that do not add up, unreadable files.
    Review(review::Args),
    /// Print every figure of a force's release with its value, formula, period, base and source cells.
    Figures(figures::Args),
    /// Write a force's press release as PDF (with its typst source, data and figures file beside it).
    Report(report::Args),
    /// Show how one file is read: its sheets or its paragraphs and tables, as rows of cells with addresses.
    Inspect(inspect::Args),
    /// Read one file from stdin under memory and time limits and write it as JSON (ingest runs this itself).
    #[command(hide = true)]
    ReadIsolated(isolated::Args),
}

fn main() -> ExitCode {
    // `foi review | head`: a closed pipe ends the process quietly, as it does for any Unix tool, instead of
    // making every later print panic.
    #[cfg(unix)]
    #[allow(unsafe_code)]
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    // The child reader sets its own limits and talks only JSON: no logging, no messages.
    if let Command::ReadIsolated(a) = cli.command {
        return isolated::run(a);
    }
    let level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    // Only foi's own crates speak by default: a parser's warnings about a hostile file (calamine logged 3 GB of
    // them for one 12 MB ods) are the file's problem record's to report, once. RUST_LOG shows them.
    let level = ["foi", "foi_ingest", "foi_store", "foi_analysis", "foi_report", "foi_review"]
        .map(|c| format!("{c}={level}"))
        .join(",");
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| level.as_str().into()),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    let result = match cli.command {
        Command::Ingest(a) => ingest::run(a),
        Command::Review(a) => review::run(a),
        Command::Figures(a) => figures::run(a),
        Command::Report(a) => report::run(a),
        Command::Inspect(a) => inspect::run(a).map(|()| ExitCode::SUCCESS),
        Command::ReadIsolated(_) => unreachable!("handled before tracing is set up"),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Exit status of `foi report FORCE` when the force has open blocking problems and no final release was written.
pub const EXIT_BLOCKED: u8 = 3;

/// Text from answers shown on a terminal: control characters (escape sequences, carriage returns) and the
/// invisible marks that reorder text (bidi overrides) made visible.
pub fn escape(s: &str) -> String {
    let hidden = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
    s.chars()
        .map(
            |c| {
                if (c.is_control() && c != '\n') || hidden(c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            },
        )
        .collect()
}

/// At most `n` characters, with an ellipsis when cut.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// The widest a terminal table's column grows: an answer's label can run to thousands of characters.
const MAX_COLUMN: usize = 160;

/// A fixed-width text table for the terminal.
pub fn print_table(headers: &[&str], rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> =
        rows.iter().map(|r| r.iter().map(|c| clip(&escape(c).replace('\n', " "), MAX_COLUMN)).collect()).collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([headers[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    println!("{}", line(headers.to_vec()));
    println!("{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
    for r in &rows {
        println!("{}", line(r.iter().map(String::as_str).collect()));
    }
}
