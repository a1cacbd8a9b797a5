//! The desk the CLI tests work at: a raw folder holding the TikTok campaign and fixture answers, a store, an
//! output folder, and the real `foi` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BLOCKED: i32 = 3;
pub const BANNER: &str = "DRAFT — NOT FOR PUBLICATION";

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A newsroom's desk: a raw folder with the TikTok campaign and the given force folders, a store, an output folder.
pub struct Desk {
    _tmp: tempfile::TempDir,
    pub raw: PathBuf,
    pub store: PathBuf,
    pub out: PathBuf,
}

impl Desk {
    pub fn new(forces: &[(&str, &[&str])]) -> Desk {
        let tmp = tempfile::tempdir().unwrap();
        let raw = tmp.path().join("raw");
        let campaign = raw.join("tiktok-2024");
        fs_err::create_dir_all(&campaign).unwrap();
        for f in ["campaign.toml", "request.txt"] {
            fs_err::copy(root().join("data-raw/tiktok-2024").join(f), campaign.join(f)).unwrap();
        }
        for (force, files) in forces {
            fs_err::create_dir_all(campaign.join(force)).unwrap();
            for f in *files {
                let from = root().join("tests/fixtures").join(f);
                let name = from.file_name().unwrap().to_owned();
                fs_err::copy(&from, campaign.join(force).join(name)).unwrap_or_else(|e| panic!("{f}: {e}"));
            }
        }
        Desk { store: tmp.path().join("store"), out: tmp.path().join("reports"), raw, _tmp: tmp }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_foi")).args(args).output().expect("run foi");
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "foi {args:?} panicked:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn paths(&self) -> [String; 4] {
        ["--raw".into(), self.raw.display().to_string(), "--store".into(), self.store.display().to_string()]
    }

    pub fn ingest(&self, extra: &[&str]) -> Output {
        let mut args = vec!["ingest".to_string()];
        args.extend(self.paths());
        args.extend(extra.iter().map(|s| s.to_string()));
        let out = self.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(out.status.success(), "ingest failed:\n{}", String::from_utf8_lossy(&out.stderr));
        out
    }

    pub fn report(&self, extra: &[&str]) -> Output {
        let mut args = vec!["report".to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        args.extend(self.paths());
        args.extend(["--out".to_string(), self.out.display().to_string()]);
        self.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
    }

    pub fn review(&self, force: &str) -> serde_json::Value {
        let mut args = vec!["review".to_string(), "--json".into(), "--force".into(), force.into()];
        args.extend(self.paths());
        let out = self.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// The review of every force, as JSON.
    pub fn review_all(&self) -> serde_json::Value {
        let mut args = vec!["review".to_string(), "--json".into()];
        args.extend(self.paths());
        let out = self.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Open blocking problems of the force (a force with no problem at all is not listed by review).
    pub fn open(&self, force: &str) -> u64 {
        let r = self.review(force);
        r["forces"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["force"] == force)
            .map_or(0, |f| f["blocking"].as_u64().unwrap())
    }

    /// The folder of one release's files: a force's own folder, or the campaign's for the overview.
    pub fn pack(&self, stem: &str) -> PathBuf {
        let campaign = self.out.join("tiktok-2024");
        if stem == foi_report::OVERVIEW_STEM {
            campaign
        } else {
            campaign.join(stem)
        }
    }

    pub fn correct(&self, toml: &str) {
        fs_err::write(self.raw.join("tiktok-2024/corrections.toml"), toml).unwrap();
    }

    pub fn pdf(&self, stem: &str) -> PathBuf {
        self.pack(stem).join(format!("{stem}.pdf"))
    }

    /// The PDF's text, page by page, with white space collapsed.
    pub fn pages(&self, stem: &str) -> Vec<String> {
        let out = Command::new("pdftotext").arg(self.pdf(stem)).arg("-").output().expect("pdftotext (poppler-utils)");
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let mut pages: Vec<String> =
            text.split('\u{c}').map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        pages.retain(|p| !p.is_empty());
        pages
    }

    pub fn figures_csv(&self, stem: &str) -> Vec<csv::StringRecord> {
        let path = self.pack(stem).join(format!("{stem}.figures.csv"));
        csv::Reader::from_path(path).unwrap().records().map(Result::unwrap).collect()
    }
}

pub fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}
