//! The table finder and every layout detector on a grid made directly from the input, cells of every kind
//! (numbers, dates, errors, text): shapes no reader's output need ever take. The first byte sets the
//! switches; the rest is lines of comma-separated cells.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use foi_ingest::grid::{Cell, Sheet};
use foi_ingest::interpret::{interpret, Ctx};
use foi_ingest::tables::{find_tables, side_by_side};
use foi_model::Campaign;
use libfuzzer_sys::fuzz_target;

const CAMPAIGN: &str = include_str!("../../data-raw/tiktok-2024/campaign.toml");

fn campaign() -> &'static Campaign {
    static C: OnceLock<Campaign> = OnceLock::new();
    C.get_or_init(|| Campaign::parse(CAMPAIGN).expect("the sample campaign parses"))
}

/// A cell as a person types it: blank, `#REF!` (an error), `d:2023-04-06` (a date), a number, else text.
fn cell(s: &str) -> Cell {
    if s.is_empty() {
        return Cell::Empty;
    }
    if s.starts_with('#') && s.ends_with('!') {
        return Cell::Error(s.to_string());
    }
    if let Some(d) = s.strip_prefix("d:").and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        return Cell::Date(d);
    }
    match s.parse::<f64>() {
        Ok(n) => Cell::Number(n),
        Err(_) => Cell::Text(s.to_string()),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let rows: Vec<Vec<Cell>> = text.split('\n').map(|line| line.split(',').map(cell).collect()).collect();
    let sheet = Sheet::grid("Sheet1", rows);
    let sheets = if flags & 4 != 0 { side_by_side(sheet) } else { vec![sheet] };
    let headings: Vec<String> =
        if flags & 8 != 0 { vec!["age".into(), "group".into(), "nature".into()] } else { Vec::new() };
    let campaign = campaign();
    let ctx = Ctx {
        campaign,
        file: "fuzz.xlsx",
        suppression_noted: flags & 1 != 0,
        dash_zero: flags & 2 != 0,
        // The type is foi-ingest's private LabelMap: no labels mapped by hand.
        labels: &Default::default(),
        memo: Default::default(),
    };
    for sheet in &sheets {
        let layout = find_tables(sheet, &headings);
        for t in &layout.tables {
            let out = interpret(&ctx, t);
            for o in &out.obs {
                assert!(o.question < campaign.questions.len(), "{o:?}");
                assert!(o.value.is_none_or(|v| (0..=foi_model::MAX_COUNT).contains(&v)), "{o:?}");
            }
        }
    }
});
