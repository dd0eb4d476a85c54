//! Header recognition on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

// libfuzzer-sys aborts on every panic; one inside a guarded workbook read is caught by
// ikplan and reported as a broken file, so only the others are crashes.
fuzz_target!(
    init: ikplan::read::workbook::let_guarded_reads_catch_their_panics(),
    |data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = ikplan::layout::synonyms::header_key(s);
    let _ = ikplan::layout::synonyms::role_of(s);
});
