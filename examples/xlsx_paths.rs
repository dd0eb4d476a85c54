//! Checks the fast xlsx reader against calamine's on any workbooks: one line per file,
//! `same`, `calamine` (the fast path stepped aside) or `DIFF` (with the first difference).
//!
//! ```sh
//! cargo run --release --example xlsx_paths -- FILE...
//! ```

use ikplan::read::workbook::xlsx_both_paths;

fn main() {
    let mut diffs = 0;
    for f in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&f) else {
            println!("unreadable {f}");
            continue;
        };
        let (fast, slow) = xlsx_both_paths(&bytes, &f);
        let Some(fast) = fast else {
            println!("calamine {f}");
            continue;
        };
        let (a, b) = (format!("{fast:#?}"), format!("{slow:#?}"));
        if a == b {
            println!("same {f}");
            continue;
        }
        diffs += 1;
        let line = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        let show = |s: &str| {
            s.lines()
                .skip(line.saturating_sub(3))
                .take(6)
                .collect::<Vec<_>>()
                .join("\n")
        };
        println!(
            "DIFF {f}\n--- fast\n{}\n--- calamine\n{}",
            show(&a),
            show(&b)
        );
    }
    std::process::exit(i32::from(diffs > 0));
}
