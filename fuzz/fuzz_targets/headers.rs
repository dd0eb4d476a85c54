//! Header recognition on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = ikplan::layout::synonyms::header_key(s);
    let _ = ikplan::layout::synonyms::role_of(s);
});
