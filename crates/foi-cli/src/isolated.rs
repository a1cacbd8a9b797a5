//! `foi read-isolated`: the child process ingest reads xls, ods and HTML files in (see
//! `foi_ingest::sources::isolate`). It caps its own address space and CPU time before reading a byte, so a file
//! that asks for gigabytes ends this process, not the ingest.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// xls, ods or html.
    #[arg(long)]
    format: String,
    #[arg(long)]
    max_cells: u64,
    /// Address space in bytes.
    #[arg(long)]
    memory: u64,
    /// CPU seconds.
    #[arg(long)]
    seconds: u64,
}

/// The limits every command that reads answers uses: xls, ods and HTML are read in a child process with memory
/// and time limits — `foi-read` beside this binary (small, so quick to start), else this binary itself.
pub fn limits(max_sheet_cells: u64) -> anyhow::Result<foi_ingest::Limits> {
    use anyhow::Context;
    let exe = std::env::current_exe().context("finding the foi binary to read xls, ods and HTML files in a child")?;
    let small = exe.with_file_name(format!("foi-read{}", std::env::consts::EXE_SUFFIX));
    let sandbox = if small.is_file() {
        foi_ingest::sources::isolate::Sandbox::new(small, Vec::new())
    } else {
        foi_ingest::sources::isolate::Sandbox::new(exe, vec!["read-isolated".into()])
    };
    Ok(foi_ingest::Limits { max_sheet_cells, sandbox: Some(sandbox) })
}

pub fn run(args: Args) -> ExitCode {
    limit(args.memory, args.seconds);
    let (stdin, stdout, stderr) = (std::io::stdin(), std::io::stdout(), std::io::stderr());
    let result = foi_ingest::sources::isolate::child_main(
        &args.format,
        args.max_cells,
        &mut stdin.lock(),
        &mut std::io::BufWriter::new(stdout.lock()),
        &mut stderr.lock(),
    );
    match result {
        Ok(true) => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

#[cfg(unix)]
#[allow(unsafe_code)]
fn limit(memory: u64, seconds: u64) {
    for (resource, value) in [(libc::RLIMIT_AS, memory), (libc::RLIMIT_CPU, seconds)] {
        let lim = libc::rlimit { rlim_cur: value as libc::rlim_t, rlim_max: value as libc::rlim_t };
        // SAFETY: setrlimit reads the struct we pass and changes only this process's limits.
        unsafe {
            libc::setrlimit(resource, &lim);
        }
    }
}

#[cfg(not(unix))]
fn limit(_memory: u64, _seconds: u64) {}
