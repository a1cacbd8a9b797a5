//! Running the external `typst` CLI.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::paths::{file_name, ReleaseFiles};
use crate::ReportError;

/// Environment variable naming the typst binary (default: `typst` on PATH).
pub const TYPST_ENV: &str = "FOI_TYPST";
/// Fixed PDF creation time (2023-11-14T22:13:20Z), so the same data gives the same PDF bytes.
pub const CREATION_TIMESTAMP: i64 = 1_700_000_000;
/// A compile that takes longer than this is stopped (a normal one takes well under a second).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// How to run typst.
#[derive(Debug, Clone)]
pub struct Typst {
    program: PathBuf,
    timeout: Duration,
}

impl Typst {
    /// `$FOI_TYPST` if set (and not empty), else `typst` from PATH.
    pub fn from_env() -> Typst {
        match std::env::var_os(TYPST_ENV) {
            Some(p) if !p.is_empty() => Typst::new(p),
            _ => Typst::new("typst"),
        }
    }

    pub fn new(program: impl Into<PathBuf>) -> Typst {
        Typst { program: program.into(), timeout: DEFAULT_TIMEOUT }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Typst {
        self.timeout = timeout;
        self
    }

    pub fn program(&self) -> &Path {
        &self.program
    }

    fn missing(&self) -> ReportError {
        ReportError::TypstMissing { program: self.program.clone() }
    }

    fn command(&self) -> Result<Command, ReportError> {
        // A path (not a bare name to look up on PATH) that does not exist is "missing", not an I/O error.
        if self.program.components().count() > 1 && !self.program.exists() {
            return Err(self.missing());
        }
        let mut cmd = Command::new(&self.program);
        // Only the fonts built into typst: the same PDF on every machine.
        for var in
            ["TYPST_FONT_PATHS", "TYPST_IGNORE_EMBEDDED_FONTS", "TYPST_FEATURES", "TYPST_ROOT", "SOURCE_DATE_EPOCH"]
        {
            cmd.env_remove(var);
        }
        cmd.stdin(Stdio::null());
        Ok(cmd)
    }

    /// `typst --version`, e.g. "typst 0.15.1 (…)".
    pub fn version(&self) -> Result<String, ReportError> {
        let out = self.command()?.arg("--version").output().map_err(|e| self.spawn_error(e))?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    fn spawn_error(&self, e: std::io::Error) -> ReportError {
        if e.kind() == std::io::ErrorKind::NotFound {
            self.missing()
        } else {
            ReportError::Io(std::io::Error::new(e.kind(), format!("cannot run {}: {e}", self.program.display())))
        }
    }

    /// Compile a release's `.typ` with `--input data=<its .json>` into its `.pdf`, with `--root` its folder,
    /// built-in fonts only and a fixed creation timestamp. Returns typst's warnings (empty when none).
    ///
    /// The PDF is written under a temporary name and renamed, so a failed compile never leaves a half-written
    /// file; a PDF from an earlier run is removed on failure, so it cannot be mistaken for this run's.
    pub fn compile(&self, files: &ReleaseFiles) -> Result<String, ReportError> {
        self.compile_to(&files.typ, &files.json, &files.pdf, "pdf")
    }

    /// Compile `source` (a `.typ` in the release folder) with `--input data=<json>` into `output` as `format`
    /// (`pdf`, `png` or `svg`; an image is of the document's first page). Same guarantees as [`Typst::compile`].
    pub fn compile_to(&self, source: &Path, json: &Path, output: &Path, format: &str) -> Result<String, ReportError> {
        let root = source.parent().unwrap_or(Path::new(".")).canonicalize()?;
        let source = file_name(source);
        let pdf = root.join(file_name(output));
        let tmp = format!(".{}.tmp-{}.{format}", file_name(output), std::process::id());
        let mut cmd = self.command()?;
        cmd.current_dir(&root)
            .arg("compile")
            .arg("--root")
            .arg(&root)
            .arg("--input")
            .arg(OsString::from(format!("data={}", file_name(json))))
            .arg("--ignore-system-fonts")
            .arg("--creation-timestamp")
            .arg(CREATION_TIMESTAMP.to_string())
            .arg("--format")
            .arg(format)
            .arg("--diagnostic-format")
            .arg("short");
        if format == "png" {
            // Twice the screen's 72 dpi: sharp on a phone, a few tens of kilobytes.
            cmd.arg("--ppi").arg("144");
        }
        cmd.arg(&source).arg(&tmp).stdout(Stdio::null()).stderr(Stdio::piped());
        tracing::debug!(?cmd, "running typst");
        let mut child = cmd.spawn().map_err(|e| self.spawn_error(e))?;
        let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
        // typst's stderr closes when it exits: waiting for that, with the timeout, wakes the moment it is done
        // (polling the child every few milliseconds cost a release that much each, 45 times over).
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr_pipe.read_to_end(&mut buf);
            let _ = done_tx.send(());
            String::from_utf8_lossy(&buf).into_owned()
        });
        let status = match done_rx.recv_timeout(self.timeout) {
            Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Some(child.wait()?),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = child.wait();
                None
            }
        };
        let stderr = reader.join().unwrap_or_default();
        let tmp_path = root.join(&tmp);
        let fail = |e: ReportError| {
            let _ = fs_err::remove_file(&tmp_path);
            let _ = fs_err::remove_file(&pdf);
            Err(e)
        };
        match status {
            None => fail(ReportError::TypstTimeout { file: root.join(&source), seconds: self.timeout.as_secs() }),
            Some(s) if !s.success() => fail(ReportError::Typst {
                file: root.join(&source),
                status: s.code(),
                stderr: stderr.trim().to_string(),
            }),
            Some(_) => {
                if let Err(e) = fs_err::rename(&tmp_path, &pdf) {
                    return fail(e.into());
                }
                Ok(stderr.trim().to_string())
            }
        }
    }
}
