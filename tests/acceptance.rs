//! Acceptance: every seed in fixtures/seeds meets its expectation in tests/acceptance,
//! compared exactly as ../shared/acceptance/README.md says (the same comparison as
//! tools/check_acceptance.py, carried here so the project needs nothing outside itself).

mod common;

use common::{Comparison, convert_to_json, seeds};

#[test]
fn seeds_meet_their_expectations_with_all_findings() {
    let mut failures = Vec::new();
    for (seed, expected) in seeds() {
        let out = convert_to_json(&seed);
        let cmp = Comparison::run(&out, &expected, false);
        if !cmp.diffs.is_empty() {
            failures.push(format!(
                "{}: {}/{} matched\n  {}",
                seed.display(),
                cmp.ok,
                cmp.total,
                cmp.diffs.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_comparison_itself_catches_differences() {
    let out = serde_json::json!({"dokument": [{"typ": "plan", "risker": [{"nummer": "1 a)", "riskomrade": "Hot  och\nvåld"}]}], "anmarkningar": [{"kod": "IK102", "rad": 3}]});
    let good = serde_json::json!({"dokument": [{"typ": "plan", "risker": [{"nummer": "1a", "riskomrade": "Hot och våld", "riskomrade^": "Hot"}]}], "anmarkningar_minst": [{"kod": "IK102", "rad": 3}]});
    assert!(Comparison::run(&out, &good, false).diffs.is_empty());
    let bad = serde_json::json!({"dokument": [{"typ": "uppfoljning", "risker": [{"riskomrade": "Hot"}, {}]}], "anmarkningar_minst": [{"kod": "IK102", "rad": 4}]});
    let cmp = Comparison::run(&out, &bad, false);
    assert_eq!(cmp.diffs.len(), 4, "{:?}", cmp.diffs);
}

/// Layouts of real plans from other municipalities (fixtures/real; SOURCES.md says where
/// each comes from and what of it was seen), each with what a careful human reads out of it,
/// written from the source, not from ikplan's output. The first batch was read while the
/// layout was tuned on it: each case must read exactly. Later batches (`b2_` to `b10_`) were
/// made after, held out: each batch's share of fields matched must not fall below where it
/// stands (REAL.md).
#[test]
fn real_plans_of_other_municipalities_meet_their_expectations() {
    const HELD_OUT_FLOORS: [(&str, f64); 32] = [
        ("b2_", 0.98),
        ("b3_", 0.99),
        ("b4_", 0.99),
        ("b5_", 0.99),
        ("b6_", 0.99),
        ("b7_", 0.99),
        ("b8_", 0.99),
        ("b9_", 0.99),
        ("b10_", 0.99),
        ("b11_", 0.99),
        ("b12_", 0.99),
        ("b13_", 0.92),
        ("b14_", 0.99),
        ("b15_", 0.99),
        ("b16_", 0.99),
        ("b17_", 0.99),
        ("b18_", 0.96),
        ("b19_", 0.99),
        ("b20_", 0.99),
        ("b21_", 0.99),
        ("b22_", 0.99),
        ("b23_", 0.99),
        ("b24_", 0.99),
        ("b25_", 0.99),
        ("b26_", 0.99),
        ("b27_", 0.99),
        ("b28_", 0.99),
        ("b29_", 0.99),
        ("b30_", 0.99),
        ("b31_", 0.99),
        // Batch 32: earlier batches' Word and Excel plans printed to PDF and pulled out as text
        // (REAL.md); its floor is its reading after the one-space cells and tall rows were read (first
        // reading 0.39), to be raised as the text reader learns (0.72 after the twenty-ninth session's
        // page columns and banners).
        ("b32_", 0.72),
        // Batch 33: held-out real layouts in non-text formats (REAL.md, SOURCES.md); its floor is its first
        // reading (0.902: the ods assessment marks under a two-row header, Word list paragraphs with inline
        // labels, a review report's header words), raised to 0.99 when those three kinds were read
        // (0.996; a lone "a)" control is left).
        ("b33_", 0.99),
    ];
    let dir = common::root().join("fixtures/real");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/real")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            !name.ends_with(".json") && !name.ends_with(".md") && !name.ends_with(".py")
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 50, "{cases:?}");
    let mut failures = Vec::new();
    // Per held-out batch: fields matched, fields compared, the differences.
    let mut batches: Vec<(usize, usize, Vec<String>)> =
        vec![(0, 0, Vec::new()); HELD_OUT_FLOORS.len()];
    for case in &cases {
        let stem = case.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(dir.join(format!("{stem}.expected.json")))
            .expect("each case has its expectation");
        let expected: serde_json::Value = serde_json::from_str(&text).expect("expectation json");
        let cmp = Comparison::run(&convert_to_json(case), &expected, false);
        let report = format!(
            "{}: {}/{} matched\n  {}",
            case.display(),
            cmp.ok,
            cmp.total,
            cmp.diffs.join("\n  ")
        );
        match HELD_OUT_FLOORS
            .iter()
            .position(|(prefix, _)| stem.starts_with(prefix))
        {
            Some(b) => {
                let batch = &mut batches[b];
                batch.0 += cmp.ok;
                batch.1 += cmp.total;
                if !cmp.diffs.is_empty() {
                    batch.2.push(report);
                }
            }
            None if !cmp.diffs.is_empty() => failures.push(report),
            None => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for ((prefix, floor), (ok, total, diffs)) in HELD_OUT_FLOORS.iter().zip(&batches) {
        assert!(*total > 250, "{prefix}: {total}");
        let share = *ok as f64 / *total as f64;
        assert!(
            share >= *floor,
            "held-out real plans {prefix}: {ok}/{total} = {share:.3} < {floor}\n{}",
            diffs.join("\n")
        );
    }
}
