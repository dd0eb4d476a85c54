//! The fast xlsx reader against calamine's: the input is a sheet's XML, then (after a NUL
//! byte) the shared strings and (after another) the styles, packed into a minimal xlsx.
//! When the fast path gives cells, calamine's path must give the same cells.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: ikplan::read::workbook::let_guarded_reads_catch_their_panics(),
    |data: &[u8]| {
    let bytes = ikplan::read::workbook::xlsx_of_parts(data);
    let (fast, slow) = ikplan::read::workbook::xlsx_both_paths(&bytes, "f.xlsx");
    if let (Some(Ok(fast)), Ok(slow)) = (&fast, &slow) {
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "the two xlsx readers differ");
    }
});
