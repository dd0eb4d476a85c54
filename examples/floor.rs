//! The benchmark floor: only read workbooks with calamine and write their cells as CSV.
//! Nothing ikplan does beyond reading and writing is here, so ikplan ÷ floor is the cost of
//! everything else (layout, normalization, rules, the model).
//!
//! ```sh
//! cargo run --release --example floor -- OUT_DIR FILE...
//! ```

use std::io::Write;

use calamine::{Data, Reader, open_workbook_auto};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, files) = args.split_first().expect("usage: floor OUT_DIR FILE...");
    std::fs::create_dir_all(out).expect("out dir");
    for (i, f) in files.iter().enumerate() {
        let Ok(mut wb) = open_workbook_auto(f) else {
            continue;
        };
        let path = std::path::Path::new(out).join(format!("{i}.csv"));
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(
            std::fs::File::create(path).expect("csv file"),
        ));
        for name in wb.sheet_names() {
            let Ok(range) = wb.worksheet_range(&name) else {
                continue;
            };
            for row in range.rows() {
                let rec: Vec<String> = row
                    .iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect();
                w.write_record(&rec).expect("record");
            }
        }
        w.flush().expect("flush");
        std::io::stdout().flush().ok();
    }
}
