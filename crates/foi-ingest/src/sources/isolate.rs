//! Readers that cannot be bounded from inside run in a child process with memory and time limits.
//!
//! calamine's xls and ods readers build whole sheets at open (a lying dimensions record, a looping sector chain
//! or a repeat count of millions asks for gigabytes), and html5ever's tree builder slows to a crawl on deep
//! nesting. An allocation failure aborts a Rust process and cannot be caught; a child that dies costs only its
//! file. The child is `foi-read` (or `foi read-isolated`), which sets its own limits and then answers requests
//! on stdin — a file's format, cell cap and bytes — with the document as JSON on stdout, one after another.
//!
//! Children are kept between files: starting a process per file cost a sixth of an archive's ingest. A file
//! whose child dies after it had read other files is read again in a fresh child, so what a file costs — and
//! whether it is read — never depends on the files read before it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{Document, Format, Limits, ReadError};

/// How to start a child reader and what it may spend. Clones share the children kept between files.
#[derive(Clone)]
pub struct Sandbox {
    /// The program and its leading arguments (`foi read-isolated`); `--memory` and `--seconds` follow.
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Address space the child may map (it sets this limit on itself).
    pub memory_bytes: u64,
    /// Time one file may take, wall clock in this process and CPU in the child, before the child is killed.
    pub timeout: Duration,
    idle: Arc<Mutex<Vec<Worker>>>,
}

impl Sandbox {
    pub fn new(program: PathBuf, args: Vec<String>) -> Sandbox {
        Sandbox { program, args, memory_bytes: DEFAULT_MEMORY, timeout: DEFAULT_TIMEOUT, idle: Arc::default() }
    }

    fn spawn(&self) -> Result<Worker, ReadError> {
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .arg("--memory")
            .arg(self.memory_bytes.to_string())
            .arg("--seconds")
            .arg(self.timeout.as_secs().max(1).to_string())
            // One malloc arena: address space, not memory in use, is what the limit counts.
            .env("MALLOC_ARENA_MAX", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // What a dying reader says (an allocation failure, a panic) is not the user's to read: the exit
            // status is reported instead.
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| ReadError::Corrupt(format!("cannot start the isolated reader ({e})")))?;
        let stdin = child.stdin.take().expect("piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        // One thread per child waits for its answers, so a request can be given up on after the timeout without
        // a thread started for every file. It ends when the child's output does (at its death or kill).
        let (tx, answers) = std::sync::mpsc::channel();
        let listener = std::thread::Builder::new()
            .name("foi-read answers".into())
            .spawn(move || loop {
                let answer = read_answer(&mut stdout);
                let end = answer.is_none();
                if tx.send(answer).is_err() || end {
                    return;
                }
            })
            .map_err(|e| ReadError::Corrupt(format!("cannot start the isolated reader ({e})")))?;
        Ok(Worker { child, stdin, answers, listener: Some(listener) })
    }

    fn take_idle(&self) -> Option<Worker> {
        self.idle.lock().ok()?.pop()
    }

    fn put_back(&self, worker: Worker) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(worker);
        }
    }
}

// What the readers produce depends on these, not on which children happen to be running (the ingest cache keys
// on this text).
impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("program", &self.program)
            .field("args", &self.args)
            .field("memory_bytes", &self.memory_bytes)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl PartialEq for Sandbox {
    fn eq(&self, other: &Sandbox) -> bool {
        (&self.program, &self.args, self.memory_bytes, self.timeout)
            == (&other.program, &other.args, other.memory_bytes, other.timeout)
    }
}

impl Eq for Sandbox {}

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

/// A running child reader between requests.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    /// The child's answers in order; `None` once it has died or said something that is no answer.
    answers: std::sync::mpsc::Receiver<Option<Result<Document, ReadError>>>,
    listener: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The child is gone, so its output has ended and the listener with it.
        if let Some(listener) = self.listener.take() {
            let _ = listener.join();
        }
    }
}

/// How one request ended: an answer (the child lives on) or the child's death.
enum Outcome {
    Answered(Result<Document, ReadError>),
    /// Killed for taking too long: the time is this file's own, whatever the child read before.
    TimedOut(ReadError),
    Died(ReadError),
}

/// Read one file in a child process.
pub fn read(
    sandbox: &Sandbox,
    file: &str,
    bytes: &[u8],
    format: Format,
    limits: &Limits,
) -> Result<Document, ReadError> {
    let (mut worker, mut fresh) = match sandbox.take_idle() {
        Some(w) => (w, false),
        None => (sandbox.spawn()?, true),
    };
    loop {
        match ask(sandbox, &mut worker, bytes, format, limits) {
            Outcome::Answered(result) => {
                sandbox.put_back(worker);
                return result.map(|mut doc| {
                    doc.file = file.to_string();
                    doc.kind = format.name();
                    doc
                });
            }
            // A child that had read other files may have died of what they left behind (memory, CPU time
            // spent): only a fresh child's death is this file's.
            Outcome::Died(_) if !fresh => {
                worker = sandbox.spawn()?;
                fresh = true;
            }
            Outcome::Died(e) | Outcome::TimedOut(e) => return Err(e),
        }
    }
}

fn ask(sandbox: &Sandbox, worker: &mut Worker, bytes: &[u8], format: Format, limits: &Limits) -> Outcome {
    let header = format!("{} {} {}\n", format.name(), limits.max_sheet_cells, bytes.len());
    // The child reads a whole request before it answers, so writing it all first cannot deadlock; a child that
    // has died shows as a broken pipe, and its exit status says why below.
    let sent = worker.stdin.write_all(header.as_bytes()).and_then(|_| worker.stdin.write_all(bytes));
    let sent = sent.and_then(|_| worker.stdin.flush());
    if sent.is_err() {
        let _ = worker.child.kill();
    }
    let answer = match worker.answers.recv_timeout(sandbox.timeout) {
        Ok(answer) => Some(answer),
        // A listener that has ended sent its last word (`None`) before it did; this is only a safeguard.
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Some(None),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            // Killing it ends the listener's read with end of file.
            let _ = worker.child.kill();
            None
        }
    };
    match answer {
        None => Outcome::TimedOut(ReadError::Limit(format!(
            "reading it took longer than {} s; the reader was stopped",
            sandbox.timeout.as_secs()
        ))),
        Some(Some(answer)) => Outcome::Answered(answer),
        Some(None) => {
            let _ = worker.child.kill();
            let status = worker.child.wait().map_or_else(|e| e.to_string(), |s| describe(&s));
            Outcome::Died(ReadError::Limit(format!(
                "the reader stopped without an answer ({status}): the file asks for more than {} MB of memory or \
                 {} s, or is damaged",
                sandbox.memory_bytes / (1024 * 1024),
                sandbox.timeout.as_secs()
            )))
        }
    }
}

/// One answer: `ok LEN` and the document's JSON, or a line naming how the reader refused the file. `None` when
/// the child died or said something that is no answer.
fn read_answer(stdout: &mut BufReader<ChildStdout>) -> Option<Result<Document, ReadError>> {
    let mut line = String::new();
    stdout.by_ref().take(64 * 1024).read_line(&mut line).ok()?;
    let line = line.strip_suffix('\n')?;
    let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
    let refused = |e: fn(String) -> ReadError| Some(Err(e(rest.to_string())));
    match kind {
        "ok" => {
            let len: u64 = rest.parse().ok().filter(|n| *n <= MAX_OUTPUT)?;
            let mut json = Vec::with_capacity(len as usize);
            stdout.by_ref().take(len).read_to_end(&mut json).ok()?;
            if json.len() as u64 != len {
                return None;
            }
            Some(
                serde_json::from_slice(&json)
                    .map_err(|e| ReadError::Corrupt(format!("the isolated reader's answer was unreadable ({e})"))),
            )
        }
        "read-error" => refused(ReadError::Corrupt),
        "limit" => refused(ReadError::Limit),
        "unsupported" => refused(ReadError::Unsupported),
        _ => None,
    }
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

/// The child's side: answer requests from `input` until it closes. The caller (the CLI) has set the process's
/// memory limit; `before_each` renews its CPU-time allowance for the next file.
pub fn child_main(input: &mut dyn BufRead, out: &mut dyn Write, before_each: &mut dyn FnMut()) -> std::io::Result<()> {
    loop {
        let mut header = String::new();
        if Read::take(&mut *input, 256).read_line(&mut header)? == 0 {
            return Ok(());
        }
        let mut parts = header.split_whitespace();
        let (Some(format), Some(max_cells), Some(len), None) = (
            parts.next(),
            parts.next().and_then(|n| n.parse::<u64>().ok()),
            parts.next().and_then(|n| n.parse::<u64>().ok()),
            parts.next(),
        ) else {
            return Err(std::io::Error::other(format!("not a request: {header:?}")));
        };
        if len > super::MAX_FILE_BYTES {
            return Err(std::io::Error::other(format!("a request of {len} bytes is over the limit")));
        }
        let mut bytes = Vec::with_capacity(len as usize);
        Read::take(&mut *input, len).read_to_end(&mut bytes)?;
        if bytes.len() as u64 != len {
            return Ok(());
        }
        before_each();
        let answer = match Format::from_name(format) {
            None => Err(ReadError::Unsupported(format!("format {format:?} is not read in isolation"))),
            Some(format) => {
                let limits = Limits { max_sheet_cells: max_cells, sandbox: None };
                let read = super::read_in_process("", &bytes, format, 0, &limits, super::guard::ZipFacts::UNKNOWN);
                drop(bytes);
                match read {
                    Ok(mut docs) if docs.len() == 1 => Ok(docs.pop().expect("one document")),
                    Ok(_) => Err(ReadError::Corrupt("the reader gave no single document".into())),
                    Err(e) => Err(e),
                }
            }
        };
        match answer {
            Ok(doc) => {
                let json = serde_json::to_vec(&doc).map_err(std::io::Error::other)?;
                writeln!(out, "ok {}", json.len())?;
                out.write_all(&json)?;
            }
            Err(e) => {
                let kind = match e {
                    ReadError::Unsupported(_) => "unsupported",
                    ReadError::Limit(_) => "limit",
                    _ => "read-error",
                };
                let message = match e {
                    ReadError::Unsupported(m) | ReadError::Limit(m) => m,
                    e => e.to_string(),
                };
                writeln!(out, "{kind} {}", message.replace(['\n', '\r'], " "))?;
            }
        }
        out.flush()?;
    }
}
