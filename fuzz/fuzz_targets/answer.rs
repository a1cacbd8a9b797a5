//! One force's answer, end to end: the bytes as the one file of a force folder in a campaign, through the
//! readers, the table finder, every layout detector, the checks and the problems. Text formats are the point
//! (CSV, HTML, email): the table finder and detectors see whatever grid the bytes make.
#![no_main]

use std::sync::OnceLock;

use foi_ingest::sources::{sniff, Format};
use foi_model::Reference;
use libfuzzer_sys::fuzz_target;

const CAMPAIGN: &str = include_str!("../../data-raw/tiktok-2024/campaign.toml");

fn reference() -> &'static Reference {
    static R: OnceLock<Reference> = OnceLock::new();
    R.get_or_init(Reference::builtin)
}

fuzz_target!(|data: &[u8]| {
    if matches!(sniff(data), Ok(Format::Xls | Format::Ods | Format::Pdf)) {
        return;
    }
    let tmp = tempfile::tempdir().expect("a temp dir");
    let raw = tmp.path();
    let campaign = raw.join("fuzz");
    let force = campaign.join("kent");
    std::fs::create_dir_all(&force).expect("folders");
    let toml = CAMPAIGN.replace("request_file = \"request.txt\"\n", "");
    std::fs::write(campaign.join("campaign.toml"), toml).expect("campaign file");
    std::fs::write(force.join("answer"), data).expect("the answer");
    let result = foi_ingest::ingest_campaign(&campaign, raw, reference()).expect("the campaign itself is valid");
    for o in &result.observations {
        assert!(o.value.is_none_or(|v| (0..=foi_model::MAX_COUNT).contains(&v)), "{o:?}");
    }
});
