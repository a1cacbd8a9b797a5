//! Readers that cannot be bounded from inside run in a child process with memory and time limits.
//!
//! calamine's xls and ods readers build whole sheets at open (a lying dimensions record, a looping sector chain
//! or a repeat count of millions asks for gigabytes), and html5ever's tree builder slows to a crawl on deep
//! nesting. An allocation failure aborts a Rust process and cannot be caught; a child that dies costs only its
//! file. The child is the `foi` binary itself (`foi read-isolated`), which sets its own limits, reads the file's
//! bytes from stdin and writes the document as JSON to stdout.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Document, Format, Limits, ReadError};

/// How to start a child reader and what it may spend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sandbox {
    /// The program and its leading arguments (`foi read-isolated`); `--format` and `--max-cells` follow.
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Address space the child may map (it sets this limit on itself).
    pub memory_bytes: u64,
    /// Wall-clock time before the child is killed.
    pub timeout: Duration,
}

impl Sandbox {
    pub fn new(program: PathBuf, args: Vec<String>) -> Sandbox {
        Sandbox { program, args, memory_bytes: DEFAULT_MEMORY, timeout: DEFAULT_TIMEOUT }
    }
}

/// Room for a legitimate xls or ods of 16 MB with the reader's own overhead, far below what a bomb asks.
pub const DEFAULT_MEMORY: u64 = 512 * 1024 * 1024;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
/// The most JSON a child may send back (a sheet at the cell cap).
const MAX_OUTPUT: u64 = 1024 * 1024 * 1024;

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Docx => "docx",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Eml => "eml",
            Format::Pdf => "pdf",
            Format::Zip => "zip",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        [Format::Xlsx, Format::Xlsb, Format::Xls, Format::Ods, Format::Html].into_iter().find(|f| f.name() == name)
    }
}

/// Read one file in a child process.
pub fn read(
    sandbox: &Sandbox,
    file: &str,
    bytes: &[u8],
    format: Format,
    limits: &Limits,
) -> Result<Document, ReadError> {
    let started = Instant::now();
    let mut child = Command::new(&sandbox.program)
        .args(&sandbox.args)
        .args(["--format", format.name(), "--max-cells", &limits.max_sheet_cells.to_string()])
        .arg("--memory")
        .arg(sandbox.memory_bytes.to_string())
        .arg("--seconds")
        .arg(sandbox.timeout.as_secs().max(1).to_string())
        // One malloc arena: address space, not memory in use, is what the limit counts.
        .env("MALLOC_ARENA_MAX", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ReadError::Corrupt(format!("cannot start the isolated reader ({e})")))?;
    let (mut stdin, mut stdout, mut stderr) =
        (child.stdin.take().expect("piped"), child.stdout.take().expect("piped"), child.stderr.take().expect("piped"));
    let out = std::thread::scope(|s| {
        let writer = s.spawn(move || {
            // A child that stops reading (it died) closes the pipe: that is its exit status's to explain.
            let _ = stdin.write_all(bytes);
        });
        let reader = s.spawn(move || {
            let mut out = Vec::new();
            let _ = (&mut stdout).take(MAX_OUTPUT).read_to_end(&mut out);
            out
        });
        let errors = s.spawn(move || {
            // Drained to the end (a child blocked on a full pipe would look hung), keeping only the tail.
            let (mut tail, mut buf) = (Vec::new(), [0u8; 8192]);
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                tail.extend_from_slice(&buf[..n]);
                if tail.len() > 64 * 1024 {
                    tail.drain(..tail.len() - 16 * 1024);
                }
            }
            tail
        });
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if started.elapsed() > sandbox.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(());
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(());
                }
            }
        };
        let _ = writer.join();
        (status, reader.join().unwrap_or_default(), errors.join().unwrap_or_default())
    });
    let (status, stdout, stderr) = out;
    let Ok(status) = status else {
        return Err(ReadError::Limit(format!(
            "reading it took longer than {} s; the reader was stopped",
            sandbox.timeout.as_secs()
        )));
    };
    if !status.success() {
        let said = String::from_utf8_lossy(&stderr);
        let said = said.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
        // The child reports a reader's own error as one line; anything else is a crash.
        if let Some(msg) = said.strip_prefix("read error: ") {
            return Err(ReadError::Corrupt(msg.to_string()));
        }
        if let Some(msg) = said.strip_prefix("limit: ") {
            return Err(ReadError::Limit(msg.to_string()));
        }
        if let Some(msg) = said.strip_prefix("unsupported: ") {
            return Err(ReadError::Unsupported(msg.to_string()));
        }
        return Err(ReadError::Limit(format!(
            "the reader stopped without an answer ({}): the file asks for more than {} MB of memory or {} s, \
             or is damaged",
            describe(&status),
            sandbox.memory_bytes / (1024 * 1024),
            sandbox.timeout.as_secs()
        )));
    }
    let mut doc: Document = serde_json::from_slice(&stdout)
        .map_err(|e| ReadError::Corrupt(format!("the isolated reader's answer was unreadable ({e})")))?;
    doc.file = file.to_string();
    doc.kind = format.name();
    Ok(doc)
}

fn describe(status: &std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return format!("signal {sig}");
        }
    }
    status.code().map_or_else(|| "no exit code".to_string(), |c| format!("exit code {c}"))
}

/// The child's side: read stdin, write the document as JSON to `out`. The caller (the CLI) has set the
/// process's limits first. Errors go to `err` as one line the parent recognises.
pub fn child_main(
    format: &str,
    max_cells: u64,
    input: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<bool> {
    let Some(format) = Format::from_name(format) else {
        writeln!(err, "unsupported: format {format:?} is not read in isolation")?;
        return Ok(false);
    };
    let mut bytes = Vec::new();
    input.take(super::MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    let limits = Limits { max_sheet_cells: max_cells, sandbox: None };
    match super::read_in_process("", &bytes, format, 0, &limits, super::guard::ZipFacts { merged_cells: true }) {
        Ok(mut docs) if docs.len() == 1 => {
            let doc = docs.pop().expect("one document");
            serde_json::to_writer(&mut *out, &doc).map_err(std::io::Error::other)?;
            out.flush()?;
            Ok(true)
        }
        Ok(_) => {
            writeln!(err, "read error: the reader gave no single document")?;
            Ok(false)
        }
        Err(ReadError::Unsupported(m)) => {
            writeln!(err, "unsupported: {}", m.replace('\n', " "))?;
            Ok(false)
        }
        Err(ReadError::Limit(m)) => {
            writeln!(err, "limit: {}", m.replace('\n', " "))?;
            Ok(false)
        }
        Err(e) => {
            writeln!(err, "read error: {}", e.to_string().replace('\n', " "))?;
            Ok(false)
        }
    }
}
