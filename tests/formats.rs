//! The format matrix: every seed, as LibreOffice saved it in xlsx, xls, ods, docx and as
//! Swedish Excel's two CSV flavours (fixtures/formats, made by make.sh), meets its acceptance
//! expectation, source locations aside. Page-break findings (IK102, IK103) are left out:
//! these files were made without page breaks.

mod common;

use common::{Comparison, convert_to_json, root, seeds};

const FORMATS: &[&str] = &["xlsx", "xls", "ods", "docx", "cp1252.csv", "utf16.csv"];

/// The expectation without page-break findings and without line numbers.
fn without_locations(exp: &serde_json::Value) -> serde_json::Value {
    let mut e = exp.clone();
    if let Some(list) = e
        .get_mut("anmarkningar_minst")
        .and_then(|v| v.as_array_mut())
    {
        list.retain(|a| !matches!(a["kod"].as_str(), Some("IK102" | "IK103")));
        for a in list.iter_mut() {
            if let Some(m) = a.as_object_mut() {
                m.remove("rad");
            }
        }
    }
    e
}

#[test]
fn every_seed_in_every_format_meets_its_expectation() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (seed, expected) in seeds() {
        let stem = seed.file_stem().unwrap().to_string_lossy().into_owned();
        let exp = without_locations(&expected);
        for ext in FORMATS {
            let file = root()
                .join("fixtures/formats")
                .join(format!("{stem}.{ext}"));
            let out = convert_to_json(&file);
            let cmp = Comparison::run(&out, &exp, false);
            checked += 1;
            if !cmp.diffs.is_empty() {
                failures.push(format!(
                    "{stem}.{ext}: {}/{}\n  {}",
                    cmp.ok,
                    cmp.total,
                    cmp.diffs.join("\n  ")
                ));
            }
            let formats: Vec<&str> = out["dokument"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["kalla_format"].as_str().unwrap_or_default())
                .collect();
            let want = match *ext {
                "cp1252.csv" | "utf16.csv" => "csv",
                other => other,
            };
            assert!(
                formats.iter().all(|f| *f == want),
                "{stem}.{ext}: {formats:?}"
            );
        }
    }
    assert_eq!(checked, 24);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
