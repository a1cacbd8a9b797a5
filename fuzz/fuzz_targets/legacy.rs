//! xls and ods only, read in this process (ingest reads them in the CLI's child process, capped at 512 MB and
//! 20 s, which is why read_bytes leaves them out). A panic in calamine itself is let through to the catch in
//! `read_in_process`, as in ingest (the file is reported as unreadable); any other panic is a finding. A sheet
//! of absurd dimensions runs out of memory here by design (the child's limit is what stops it in ingest), so
//! `just fuzz` leaves this target out: run it by name, e.g. `just fuzz 300 legacy`. FOI_FUZZ_STRICT=1 makes
//! calamine's panics findings too (to replay fuzz/regressions/legacy-calamine-*).
#![no_main]

use std::sync::Once;

use foi_ingest::sources::{read_bytes, sniff, Format};
use libfuzzer_sys::fuzz_target;

fn let_calamine_panics_unwind() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        // libFuzzer's hook aborts on every panic, even one that ingest catches.
        if std::env::var_os("FOI_FUZZ_STRICT").is_some() {
            return;
        }
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                abort(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    if !matches!(sniff(data), Ok(Format::Xls | Format::Ods)) {
        return;
    }
    let_calamine_panics_unwind();
    let limits = foi_ingest::Limits { max_sheet_cells: 200_000, sandbox: None };
    let _ = read_bytes("fuzz.bin", data, &limits);
});
