//! The same plan reads the same in every format: each layout fixture's CSV, turned into
//! tab-separated text at run time (the seeds' form: a Word table's cells split by tabs, a
//! line break in a cell written `<br>`), gives the same model and the same finding codes.

mod common;

use std::path::Path;

use common::{convert_to_json, root};
use serde_json::Value;

/// Fixtures whose text reading still differs from their CSV's, and why. A fixture leaves this
/// list when it reads the same; the test fails if a listed fixture already does.
const KNOWN_APART: &[(&str, &str)] = &[
    (
        "legend_line_under_a_matrix_beside_the_table",
        "the legend line under the matrix joins the matrix block in text",
    ),
    (
        "section_rows",
        "a section line in text is read into the process of the rows above",
    ),
];

/// The CSV's rows as tab-separated lines (bytes as written: the text reader decodes them as
/// the CSV reader does). The delimiter is the one most lines hold.
fn csv_as_tab_text(csv_bytes: &[u8]) -> Vec<u8> {
    let lines = csv_bytes.split(|b| *b == b'\n');
    let (semi, comma) = lines.fold((0, 0), |(s, c), l| {
        (
            s + usize::from(l.contains(&b';')),
            c + usize::from(l.contains(&b',')),
        )
    });
    let delimiter = if semi >= comma { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(csv_bytes);
    let mut out = Vec::new();
    for record in reader.byte_records() {
        let record = record.expect("a fixture's CSV parses");
        for (i, cell) in record.iter().enumerate() {
            if i > 0 {
                out.push(b'\t');
            }
            let text = String::from_utf8_lossy(cell);
            if text.contains('\n') {
                let joined = text.replace("\r\n", "\n").replace('\n', "<br>");
                out.extend_from_slice(joined.as_bytes());
            } else {
                out.extend_from_slice(cell);
            }
        }
        out.push(b'\n');
    }
    out
}

/// A converted file's documents without ids and source locations (which name the file and
/// its format), and its finding codes.
fn model_of(file: &Path) -> (Value, Vec<String>) {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| !k.ends_with("_id") && !k.starts_with("kalla"))
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    let out = convert_to_json(file);
    let mut codes: Vec<String> = out["anmarkningar"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["kod"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    codes.dedup();
    (strip(&out["dokument"]), codes)
}

#[test]
fn every_layout_fixture_reads_the_same_as_tab_separated_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut fixtures: Vec<_> = std::fs::read_dir(root().join("fixtures/layouts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    fixtures.sort();
    assert!(
        fixtures.len() > 40,
        "{} CSV layout fixtures",
        fixtures.len()
    );
    let mut apart = Vec::new();
    let mut mended = Vec::new();
    for csv_file in &fixtures {
        let stem = csv_file.file_stem().unwrap().to_string_lossy().into_owned();
        let text_file = dir.path().join(format!("{stem}.txt"));
        std::fs::write(
            &text_file,
            csv_as_tab_text(&std::fs::read(csv_file).unwrap()),
        )
        .unwrap();
        let (csv_model, csv_codes) = model_of(csv_file);
        let (text_model, text_codes) = model_of(&text_file);
        let same = csv_model == text_model && csv_codes == text_codes;
        let known = KNOWN_APART.iter().any(|(k, _)| *k == stem);
        if !same && !known {
            apart.push(format!(
                "{stem}: codes csv {csv_codes:?}, text {text_codes:?}{}",
                if csv_model == text_model {
                    ""
                } else {
                    "; the models differ"
                }
            ));
        }
        if same && known {
            mended.push(stem);
        }
    }
    assert!(
        apart.is_empty(),
        "read apart as text:\n{}",
        apart.join("\n")
    );
    assert!(
        mended.is_empty(),
        "now read the same (remove from KNOWN_APART): {mended:?}"
    );
}
