//! The floor as a whole process: calamine opens every spreadsheet under a folder and reads every cell of every
//! sheet, on one thread, and nothing else. `just bench` times it the way it times `foi ingest`, so process
//! start-up, the walk of the folder and the exit count on both sides.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: calamine-floor DIR");
        return ExitCode::from(2);
    };
    let files = foi_bench::bench::spreadsheets(std::path::Path::new(&dir));
    let (_, cells) = foi_bench::bench::floor(&files);
    println!("{} spreadsheets, {cells} cells", files.len());
    ExitCode::SUCCESS
}
