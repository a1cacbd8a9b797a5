//! Every reader's entry point on arbitrary bytes: the format is sniffed from the content, as ingest does.
//! xls and ods are left out: ingest reads them in a child process with memory limits (calamine builds whole
//! sheets at open, which no in-process bound can stop), and PDFs go to pdftotext, an external program.
#![no_main]

use foi_ingest::sources::{read_bytes, sniff, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if matches!(sniff(data), Ok(Format::Xls | Format::Ods | Format::Pdf)) {
        return;
    }
    let limits = foi_ingest::Limits { max_sheet_cells: 200_000, sandbox: None };
    let _ = read_bytes("fuzz.bin", data, &limits);
});
