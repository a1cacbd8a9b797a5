//! `foi-read`: the child process ingest reads xls, ods and HTML files in (see `foi_ingest::sources::isolate`),
//! the same code as `foi read-isolated` in a binary that links only the readers: ingest keeps one per reading thread,
//! and a small binary starts in a fraction of the time the whole CLI takes to load.

use std::process::ExitCode;

use clap::Parser;

#[allow(dead_code)]
#[path = "../isolated.rs"]
mod isolated;

#[derive(Parser)]
#[command(name = "foi-read", about = "Read one file from stdin under memory and time limits (run by foi ingest)")]
struct Cli {
    #[command(flatten)]
    args: isolated::Args,
}

fn main() -> ExitCode {
    isolated::run(Cli::parse().args)
}
