//! The text table reader (tabs, HTML fragments, headings) and its layout on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = ikplan::read::read_bytes(data, "fuzz.txt") {
        let _ = ikplan::layout::layout(&source);
    }
});
