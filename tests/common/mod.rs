//! Helpers shared by the integration tests: the seeds, running the binary, and the
//! acceptance comparison of shared/acceptance/README.md.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Each seed with its expectation.
pub fn seeds() -> Vec<(PathBuf, Value)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(root().join("fixtures/seeds"))
        .expect("fixtures/seeds")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for seed in entries {
        let stem = seed.file_stem().unwrap().to_string_lossy().into_owned();
        let exp = root().join("tests/acceptance").join(format!("{stem}.json"));
        let text = std::fs::read_to_string(&exp).expect("expectation");
        out.push((seed, serde_json::from_str(&text).expect("expectation json")));
    }
    out
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ikplan"))
}

/// Runs `ikplan convert INPUT -o tmp.json` and returns the parsed JSON.
pub fn convert_to_json(input: &Path) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let st = Command::new(bin())
        .args(["convert", "-q"])
        .arg(input)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success(), "convert failed for {}", input.display());
    serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

fn fold(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

fn norm_nummer(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != ')')
        .collect::<String>()
        .to_lowercase()
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(fold(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The comparison of an output with an expectation; `diffs` lists each difference.
#[derive(Debug, Default)]
pub struct Comparison {
    pub total: usize,
    pub ok: usize,
    pub diffs: Vec<String>,
}

impl Comparison {
    pub fn run(out: &Value, exp: &Value, structure_only: bool) -> Comparison {
        let mut c = Comparison::default();
        let docs = out["dokument"].as_array().cloned().unwrap_or_default();
        let exp_docs = exp["dokument"].as_array().cloned().unwrap_or_default();
        c.children(&docs, &exp_docs, "dokument");
        let found = out["anmarkningar"].as_array().cloned().unwrap_or_default();
        for a in exp["anmarkningar_minst"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            let kod = a["kod"].as_str().unwrap_or_default();
            if structure_only && !kod.starts_with("IK1") {
                continue;
            }
            let hit = found.iter().any(|f| {
                f["kod"].as_str() == Some(kod)
                    && (a.get("rad").is_none() || f.get("rad") == a.get("rad"))
            });
            c.point(hit, "anmarkningar", format!("missing {a}"));
        }
        for t in exp["text_innehaller"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            let falt = t["falt"].as_str().unwrap_or_default();
            let risk = fold(t["riskomrade"].as_str().unwrap_or_default());
            let want = fold(t["text"].as_str().unwrap_or_default());
            let mut texts = Vec::new();
            for d in &docs {
                for r in d["risker"].as_array().into_iter().flatten() {
                    if text_of(r.get("riskomrade")).as_deref() != Some(risk.as_str()) {
                        continue;
                    }
                    for k in r["kontroller"].as_array().into_iter().flatten() {
                        texts.push(text_of(k.get(falt)).unwrap_or_default());
                        for u in k["uppfoljningar"].as_array().into_iter().flatten() {
                            texts.push(text_of(u.get(falt)).unwrap_or_default());
                        }
                    }
                }
            }
            let hit = texts.iter().any(|x| x.contains(&want));
            c.point(
                hit,
                "text_innehaller",
                format!("{falt} under {risk:?} lacks {want:?}"),
            );
        }
        c
    }

    fn point(&mut self, good: bool, at: &str, msg: String) {
        self.total += 1;
        if good {
            self.ok += 1;
        } else {
            self.diffs.push(format!("{at}: {msg}"));
        }
    }

    fn record(&mut self, got: &Value, exp: &Value, at: &str) {
        let Some(map) = exp.as_object() else { return };
        for (key, want) in map {
            if ["risker", "kontroller", "uppfoljningar"].contains(&key.as_str()) {
                continue;
            }
            let prefix = key.ends_with('^');
            let field = key.trim_end_matches('^');
            let have = got.get(field);
            if field == "nummer" && !empty(Some(want)) {
                let ok = have.map(norm_nummer) == Some(norm_nummer(want));
                self.point(ok, at, format!("{field}: got {have:?}, want {want}"));
            } else if empty(Some(want)) {
                self.point(
                    empty(have),
                    at,
                    format!("{field}: got {have:?}, want empty"),
                );
            } else if prefix {
                let w = fold(want.as_str().unwrap_or_default());
                let ok = have
                    .and_then(|h| h.as_str())
                    .is_some_and(|h| fold(h).starts_with(&w));
                self.point(
                    ok,
                    at,
                    format!("{field}: got {have:?}, want it to start with {w:?}"),
                );
            } else if let Some(items) = want.as_array() {
                let ok = have.and_then(|h| h.as_array()).is_some_and(|h| {
                    h.len() == items.len()
                        && h.iter()
                            .zip(items)
                            .all(|(a, b)| text_of(Some(a)) == text_of(Some(b)))
                });
                self.point(ok, at, format!("{field}: got {have:?}, want {want}"));
            } else {
                let ok = text_of(have).is_some() && text_of(have) == text_of(Some(want));
                self.point(ok, at, format!("{field}: got {have:?}, want {want}"));
            }
        }
        for child in ["risker", "kontroller", "uppfoljningar"] {
            if let Some(e) = exp.get(child).and_then(|v| v.as_array()) {
                let g = got
                    .get(child)
                    .and_then(|v| v.as_array())
                    .cloned()
                    .unwrap_or_default();
                self.children(&g, e, &format!("{at}/{child}"));
            }
        }
    }

    fn children(&mut self, got: &[Value], exp: &[Value], at: &str) {
        self.point(
            got.len() == exp.len(),
            at,
            format!("{} records, want {}", got.len(), exp.len()),
        );
        let none = Value::Object(Default::default());
        for (i, e) in exp.iter().enumerate() {
            self.record(got.get(i).unwrap_or(&none), e, &format!("{at}[{i}]"));
        }
    }
}

/// Copies the workbook `src` to `dst` with its second sheet given the first sheet's name
/// in `xl/workbook.xml` (Excel never writes that, but a workbook can hold it).
pub fn duplicate_sheet_names(src: &Path, dst: &Path) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let names: Vec<&str> = text
                .split("<sheet name=\"")
                .skip(1)
                .map(|s| s.split('"').next().unwrap())
                .collect();
            assert!(names.len() >= 2, "{text}");
            let second = format!("<sheet name=\"{}\"", names[1]);
            let first = format!("<sheet name=\"{}\"", names[0]);
            bytes = text.replacen(&second, &first, 1).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
}
