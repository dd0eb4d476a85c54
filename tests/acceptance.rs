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
