//! How well ikplan reads layouts it has never seen: plans generated in random plausible layouts
//! (tests/gen/), written as xlsx, CSV and text, read back through the library and compared
//! field by field. `cargo run --release --example layout_report` writes the same measure for
//! 2,000 layouts per format into LAYOUTS.md.

#[path = "gen/mod.rs"]
mod layoutgen;

use layoutgen::compare::{Agg, Outcome, file_name, run, tables, worst_features};
use layoutgen::wordings::Wordings;
use layoutgen::{Format, Rng};

const SEED: u64 = 0x1C_2024;
const N: usize = 150;

/// The floor on the share of fields matched, per format, in percent. A ratchet: each is set a
/// little below what was measured when it was last changed, so it only catches regressions;
/// raise it as layout reading improves (today ikplan is known to read unseen layouts poorly,
/// and the measured number, printed by this test and kept in LAYOUTS.md, is the point).
fn floor(format: Format) -> f64 {
    match format {
        // Measured 20.1 %, 33.0 %, 23.4 % before the evidence-based layout and 98.5 %,
        // 98.9 %, 98.2 % after it (2026-12-05, seed 0x1c2024, 150 per format).
        Format::Xlsx => 97.0,
        Format::Csv => 97.0,
        Format::Text => 97.0,
    }
}

/// The most files per format that may read as 0 risks with no finding of severity fel or
/// varning: none (`no_silent_empty_reading` asserts it file by file).
fn silent_empty_max(_format: Format) -> u64 {
    0
}

/// Generates, reads and gathers the layouts of every format.
fn measure() -> (Vec<(Format, Agg)>, Vec<Outcome>) {
    let w = Wordings::load();
    let dir = tempfile::tempdir().unwrap();
    let mut aggs = Vec::new();
    let mut all = Vec::new();
    for format in Format::ALL {
        let outcomes = run(&w, SEED, format, N, dir.path(), false);
        let mut agg = Agg::default();
        for o in &outcomes {
            agg.add(o);
        }
        aggs.push((format, agg));
        all.extend(outcomes);
    }
    (aggs, all)
}

fn name(o: &Outcome) -> String {
    file_name(o.format, o.index)
}

#[test]
fn rng_is_deterministic() {
    let a: Vec<u64> = (0..5).map(|_| Rng::new(7).next()).collect();
    assert!(a.windows(2).all(|w| w[0] == w[1]));
    let w = Wordings::load();
    let x = layoutgen::case(&w, SEED, Format::Csv, 3);
    let y = layoutgen::case(&w, SEED, Format::Csv, 3);
    assert_eq!(x.grid.rows, y.grid.rows);
}

#[test]
fn generated_layouts_are_read() {
    let (aggs, all) = measure();
    eprintln!(
        "\nGenerated layouts, seed {SEED:#x}, {N} per format\n\n{}",
        tables(&aggs)
    );
    eprintln!("Features lowering the share most (with − without, all formats):");
    for (feature, d) in worst_features(&aggs).iter().take(5) {
        eprintln!("  {d:+.1} points  {feature}");
    }
    let mut problems = Vec::new();
    for o in &all {
        if let Some(p) = &o.panicked {
            problems.push(format!("{}: panic: {p}", name(o)));
        }
        if o.ik107 {
            problems.push(format!("{}: IK107 (cells lost)", name(o)));
        }
    }
    for (format, agg) in &aggs {
        eprintln!(
            "{}: {:.1} % of fields matched (floor {:.1} %), {} silent empty readings (at most {})",
            format.name(),
            agg.share(),
            floor(*format),
            agg.silent_empty,
            silent_empty_max(*format)
        );
        if agg.share() < floor(*format) {
            problems.push(format!(
                "{}: {:.1} % of fields matched, below the floor of {:.1} %",
                format.name(),
                agg.share(),
                floor(*format)
            ));
        }
        if agg.silent_empty > silent_empty_max(*format) {
            problems.push(format!(
                "{}: {} files read as 0 risks with no fel or varning, more than {}",
                format.name(),
                agg.silent_empty,
                silent_empty_max(*format)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The target: a file that reads as no risk at all says so with a finding of severity fel or
/// varning.
#[test]
fn no_silent_empty_reading() {
    let (_, all) = measure();
    let silent: Vec<String> = all
        .iter()
        .filter(|o| o.silent_empty)
        .map(|o| format!("{}: 0 risks, findings {:?}", name(o), o.findings))
        .collect();
    assert!(
        silent.is_empty(),
        "{} files read as 0 risks with no finding of severity fel or varning \
         (`cargo run --example layout_report -- 150 /dev/null --dump DIR` writes them):\n{}",
        silent.len(),
        silent.join("\n")
    );
}
