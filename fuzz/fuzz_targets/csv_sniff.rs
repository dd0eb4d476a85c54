//! CSV decoding (encodings) and delimiter sniffing on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

// libfuzzer-sys aborts on every panic; one inside a guarded workbook read is caught by
// ikplan and reported as a broken file, so only the others are crashes.
fuzz_target!(
    init: ikplan::read::workbook::let_guarded_reads_catch_their_panics(),
    |data: &[u8]| {
    let _ = ikplan::read::detect::decode(data);
    let _ = ikplan::read::read_bytes(data, "fuzz.csv");
});
