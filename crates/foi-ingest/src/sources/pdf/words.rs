//! Words and their boxes, from poppler's `pdftotext -bbox` run as an external program (the way the report runs
//! typst): bounded in time and output, its failures turned into read errors.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::sources::ReadError;

/// The program run: `$FOI_PDFTOTEXT`, else `pdftotext` on PATH.
pub const PDFTOTEXT_ENV: &str = "FOI_PDFTOTEXT";
/// How long one PDF may take to read.
pub const TIMEOUT: Duration = Duration::from_secs(60);
/// The most words kept from one PDF (a 61-page crime list is about 60,000).
pub const MAX_WORDS: usize = 2_000_000;
/// The most pages read from one PDF.
pub const MAX_PAGES: u32 = 2_000;

/// A word and its box in points, y growing down the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

impl Word {
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
}

/// The words of every page of a PDF.
pub fn extract(bytes: &[u8]) -> Result<Vec<Page>, ReadError> {
    let program = std::env::var_os(PDFTOTEXT_ENV).unwrap_or_else(|| "pdftotext".into());
    let mut child = Command::new(&program)
        .args(["-q", "-bbox", "-enc", "UTF-8", "-l"])
        .arg(MAX_PAGES.to_string())
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::Unsupported(
                "PDF: reading it needs poppler's pdftotext (apt-get install poppler-utils, or set FOI_PDFTOTEXT)"
                    .into(),
            ),
            _ => ReadError::Corrupt(format!("cannot run pdftotext: {e}")),
        })?;
    // Feed stdin and drain stdout/stderr on threads, so a large PDF cannot deadlock the pipes.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        // Enough for MAX_WORDS words of markup; anything beyond is cut and reported.
        let _ = (&mut stdout).take(400 * 1024 * 1024).read_to_end(&mut buf);
        buf
    });
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let errors = std::thread::spawn(move || {
        let mut buf = String::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_string(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(ReadError::Corrupt(format!("pdftotext: {e}"))),
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = errors.join().unwrap_or_default();
    match status {
        None => Err(ReadError::Corrupt(format!("pdftotext took longer than {} s; not read", TIMEOUT.as_secs()))),
        Some(s) if !s.success() => {
            let why = err.lines().next().unwrap_or("no message").trim().to_string();
            Err(ReadError::Corrupt(format!("pdftotext could not read this PDF: {why}")))
        }
        Some(_) => parse(&out),
    }
}

/// Parse pdftotext's `-bbox` XHTML: `<page width height>` holding `<word xMin yMin xMax yMax>text</word>`.
pub fn parse(xhtml: &[u8]) -> Result<Vec<Page>, ReadError> {
    let mut reader = Reader::from_reader(xhtml);
    reader.config_mut().check_end_names = false;
    let mut pages: Vec<Page> = Vec::new();
    let mut word: Option<Word> = None;
    let mut count = 0usize;
    let mut buf = Vec::new();
    loop {
        let event =
            reader.read_event_into(&mut buf).map_err(|e| ReadError::Corrupt(format!("pdftotext output: {e}")))?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == "page" => {
                let a = attrs(&e);
                pages.push(Page { width: a("width"), height: a("height"), words: Vec::new() });
            }
            Event::Start(e) if e.local_name().as_ref() == "word" => {
                let a = attrs(&e);
                word = Some(Word { x0: a("xMin"), y0: a("yMin"), x1: a("xMax"), y1: a("yMax"), text: String::new() });
            }
            Event::Text(t) => {
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&super::super::general_ref(&r.xml10_content()));
                }
            }
            Event::End(e) if e.local_name().as_ref() == "word" => {
                if let (Some(w), Some(page)) = (word.take(), pages.last_mut()) {
                    if !w.text.trim().is_empty() && w.x1 >= w.x0 && w.y1 >= w.y0 {
                        count += 1;
                        if count > MAX_WORDS {
                            return Err(ReadError::TooLarge(count as u64, MAX_WORDS as u64));
                        }
                        page.words.push(w);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(pages)
}

fn attrs<'a>(e: &'a quick_xml::events::BytesStart<'a>) -> impl Fn(&str) -> f64 + 'a {
    move |name: &str| {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .and_then(|a| a.value.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_pages_from_the_bbox_markup() {
        let x = br#"<html><body><doc><page width="595.3" height="841.9">
<word xMin="10" yMin="20" xMax="30" yMax="31">Year</word>
<word xMin="40" yMin="20" xMax="50" yMax="31">R&amp;D</word>
</page><page width="595.3" height="841.9"></page></doc></body></html>"#;
        let pages = parse(x).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].words[1].text, "R&D");
        assert_eq!(pages[0].words[0].x1, 30.0);
        assert!(pages[1].words.is_empty());
    }
}
