//! The text table reader (tabs, HTML fragments, headings) and its layout on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // libfuzzer-sys aborts on every panic; a panic inside a guarded workbook read is
        // caught by ikplan and reported as a broken file, so only the others are crashes.
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !ikplan::read::workbook::in_guarded_read() {
                abort(info);
            }
        }));
    },
    |data: &[u8]| {
    if let Ok(source) = ikplan::read::read_bytes(data, "fuzz.txt") {
        let _ = ikplan::layout::layout(&source);
    }
});
