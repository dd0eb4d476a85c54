//! The whole pipeline on arbitrary bytes under every file name: read → layout → normalize
//! → rules → JSON, CSV and xlsx writers; a lost or double-counted cell (IK107) is a crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["f.txt", "f.csv", "f.xlsx", "f.xls", "f.ods", "f.docx", "f.tsv", "f"];

// libfuzzer-sys aborts on every panic; one inside a guarded workbook read is caught by
// ikplan and reported as a broken file, so only the others are crashes.
fuzz_target!(
    init: ikplan::read::workbook::let_guarded_reads_catch_their_panics(),
    |data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let name = NAMES[pick as usize % NAMES.len()];
    let Ok(source) = ikplan::read::read_bytes(body, name) else { return };
    let opts = ikplan::normalize::assemble::Options { id_base: "f".into(), ..Default::default() };
    let conv = ikplan::pipeline::convert_source(&source, &opts);
    // The ledger: whatever the bytes, every filled cell read is accounted for.
    if let Some(f) = conv.findings.iter().find(|f| f.kod == "IK107") {
        panic!("IK107: {}", f.meddelande);
    }
    let out = ikplan::pipeline::output(vec![conv]);
    let _ = ikplan::write::json::to_json(&out);
    for t in ikplan::write::tables::flatten(&out) {
        let _ = ikplan::write::csv::table_csv(&t, Default::default());
    }
    let _ = ikplan::write::xlsx::to_xlsx(&out);
});
