//! CSV decoding (encodings) and delimiter sniffing on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ikplan::read::detect::decode(data);
    let _ = ikplan::read::read_bytes(data, "fuzz.csv");
});
