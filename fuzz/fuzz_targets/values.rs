//! The cell parsers: counts and markers, periods, dates, months, total labels.
#![no_main]

use foi_ingest::values::{is_total_label, parse_date_text, parse_month_text, parse_period, read_text_value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let foi_ingest::values::Value::Count(n) = read_text_value(s) {
        assert!((0..=foi_model::MAX_COUNT).contains(&n), "{s:?} read as {n}");
    }
    let _ = parse_period(s);
    let _ = parse_date_text(s);
    let _ = parse_month_text(s);
    let _ = is_total_label(s);
});
