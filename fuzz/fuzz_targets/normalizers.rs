//! Date, number, name, category and vocabulary normalizers on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ikplan::normalize::{date, names, number, text, vocab};

// libfuzzer-sys aborts on every panic; one inside a guarded workbook read is caught by
// ikplan and reported as a broken file, so only the others are crashes.
fuzz_target!(
    init: ikplan::read::workbook::let_guarded_reads_catch_their_panics(),
    |data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = date::parse_date(s);
    for (d, range) in date::find_dates(s) {
        assert!(s.get(range).is_some(), "find_dates gave a range off char boundaries");
        let _ = date::to_excel_serial(d);
    }
    if let Ok(f) = s.trim().parse::<f64>() {
        let _ = date::from_excel_serial(f);
    }
    let _ = number::parse_int(s);
    let _ = number::parse_risk(s);
    let _ = names::split_people(s);
    let _ = names::split_categories(s);
    let _ = names::split_combined_people(s, &Default::default());
    let v = vocab::Vocab::default();
    let _ = v.status(s);
    let _ = v.assessment(s);
    let _ = vocab::period_in(s);
    let _ = text::strip_icons(s);
    let _ = text::slug(s);
    let _ = text::decode_entities(s);
});
