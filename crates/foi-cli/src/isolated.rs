//! `foi read-isolated`: the child process ingest reads xls, ods and HTML files in, one after another (see
//! `foi_ingest::sources::isolate`). It caps its own address space and CPU time before reading a byte, so a file
//! that asks for gigabytes ends this process, not the ingest.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Address space in bytes.
    #[arg(long)]
    memory: u64,
    /// CPU seconds each file may take.
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
    limit_memory(args.memory);
    let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
    let result = foi_ingest::sources::isolate::child_main(
        &mut stdin.lock(),
        &mut std::io::BufWriter::new(stdout.lock()),
        &mut || limit_cpu(args.seconds),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

#[cfg(unix)]
#[allow(unsafe_code)]
fn limit_memory(memory: u64) {
    let lim = libc::rlimit { rlim_cur: memory as libc::rlim_t, rlim_max: memory as libc::rlim_t };
    // SAFETY: setrlimit reads the struct we pass and changes only this process's limits.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &lim);
    }
}

/// The CPU time this process has used, plus `seconds` for the next file: the kernel ends it past that. The
/// hard limit stays open, since an unprivileged process can never raise it again for the file after.
#[cfg(unix)]
#[allow(unsafe_code)]
fn limit_cpu(seconds: u64) {
    // SAFETY: getrusage and setrlimit read and write only the structs we pass, for this process.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0 {
            return;
        }
        let used = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) as u64 + 1;
        let mut lim: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_CPU, &mut lim) != 0 {
            return;
        }
        lim.rlim_cur = ((used + seconds) as libc::rlim_t).min(lim.rlim_max);
        libc::setrlimit(libc::RLIMIT_CPU, &lim);
    }
}

#[cfg(not(unix))]
fn limit_memory(_memory: u64) {}

#[cfg(not(unix))]
fn limit_cpu(_seconds: u64) {}
