//! The text table reader (tabs, HTML fragments, headings) and its layout on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

// libfuzzer-sys aborts on every panic; one inside a guarded workbook read is caught by
// ikplan and reported as a broken file, so only the others are crashes.
fuzz_target!(
    init: ikplan::read::workbook::let_guarded_reads_catch_their_panics(),
    |data: &[u8]| {
    if let Ok(source) = ikplan::read::read_bytes(data, "fuzz.txt") {
        let _ = ikplan::layout::layout(&source);
    }
});
