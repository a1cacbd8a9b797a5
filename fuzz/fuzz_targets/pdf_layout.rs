//! A PDF's words and boxes as pdftotext -bbox prints them (the XHTML, not the PDF: pdftotext is poppler's, not
//! ours), through the page layout (lines, paragraphs, tables, running heads, tables continued over a page), then
//! the table finder and every layout detector. Seeds are the pdftotext output of tests/fixtures/pdf.
#![no_main]

use std::sync::OnceLock;

use foi_ingest::interpret::{interpret, Ctx};
use foi_ingest::sources::pdf::{read_pages, words};
use foi_ingest::tables::{find_tables, side_by_side};
use foi_model::Campaign;
use libfuzzer_sys::fuzz_target;

const CAMPAIGN: &str = include_str!("../../data-raw/tiktok-2024/campaign.toml");

fn campaign() -> &'static Campaign {
    static C: OnceLock<Campaign> = OnceLock::new();
    C.get_or_init(|| Campaign::parse(CAMPAIGN).expect("the sample campaign parses"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(pages) = words::parse(data) else { return };
    let Ok(doc) = read_pages("fuzz.pdf", &pages) else { return };
    let ctx = Ctx {
        campaign: campaign(),
        file: "fuzz.pdf",
        suppression_noted: false,
        dash_zero: false,
        // The type is foi-ingest's private LabelMap: no labels mapped by hand.
        labels: &Default::default(),
        memo: Default::default(),
    };
    for sheet in doc.sheets.into_iter().flat_map(side_by_side) {
        let layout = find_tables(&sheet, &[]);
        for t in &layout.tables {
            let _ = interpret(&ctx, t);
        }
    }
});
