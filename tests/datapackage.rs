//! `datapackage.json` beside the CSV files describes them: one resource per file, the
//! header equal to the schema's field names, values of each field's type and enum, unique
//! primary keys, foreign keys that resolve; `--excel` is declared in the dialect.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn convert(dir: &Path, extra: &[&str]) -> Value {
    let mut cmd = Command::new(common::bin());
    cmd.args(["convert", "-q"]);
    for (seed, _) in common::seeds() {
        cmd.arg(seed);
    }
    assert!(
        cmd.arg("-o")
            .arg(dir)
            .args(extra)
            .status()
            .unwrap()
            .success()
    );
    serde_json::from_str(&std::fs::read_to_string(dir.join("datapackage.json")).unwrap()).unwrap()
}

type Rows = Vec<HashMap<String, String>>;

fn read(dir: &Path, res: &Value) -> (Vec<String>, Rows) {
    let delim = res["dialect"]["delimiter"].as_str().unwrap().as_bytes()[0];
    let mut bytes = std::fs::read(dir.join(res["path"].as_str().unwrap())).unwrap();
    if res["encoding"] == "utf-8-sig" {
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM");
        bytes.drain(..3);
    }
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delim)
        .from_reader(&bytes[..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (header, rows)
}

fn validate(dir: &Path, package: &Value) {
    let mut tables: HashMap<String, Rows> = HashMap::new();
    for res in package["resources"].as_array().unwrap() {
        let name = res["name"].as_str().unwrap();
        let (header, rows) = read(dir, res);
        let fields = res["schema"]["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(header, names, "{name}: header");
        for f in fields {
            let key = f["name"].as_str().unwrap();
            for row in &rows {
                let v = &row[key];
                if v.is_empty() {
                    assert!(
                        f["constraints"]["required"] != true,
                        "{name}.{key} required"
                    );
                    continue;
                }
                match f["type"].as_str().unwrap() {
                    "integer" => assert!(v.parse::<i64>().is_ok(), "{name}.{key}: {v}"),
                    "date" => assert!(
                        ikplan::normalize::date::parse_iso(v).is_some(),
                        "{name}.{key}: {v}"
                    ),
                    "string" => {}
                    other => panic!("{name}.{key}: type {other}"),
                }
                if let Some(e) = f["constraints"]["enum"].as_array() {
                    assert!(
                        e.iter().any(|x| x == v.as_str()),
                        "{name}.{key}: {v} not in enum"
                    );
                }
            }
        }
        if let Some(pk) = res["schema"]["primaryKey"].as_array() {
            let mut seen = HashSet::new();
            for row in &rows {
                let k: Vec<&String> = pk.iter().map(|p| &row[p.as_str().unwrap()]).collect();
                assert!(seen.insert(k.clone()), "{name}: duplicate key {k:?}");
            }
        }
        tables.insert(name.to_string(), rows);
    }
    for res in package["resources"].as_array().unwrap() {
        let name = res["name"].as_str().unwrap();
        for fk in res["schema"]["foreignKeys"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let field = fk["fields"][0].as_str().unwrap();
            let target = fk["reference"]["resource"].as_str().unwrap();
            let tfield = fk["reference"]["fields"][0].as_str().unwrap();
            let keys: HashSet<&String> = tables[target].iter().map(|r| &r[tfield]).collect();
            for row in &tables[name] {
                let v = &row[field];
                assert!(
                    v.is_empty() || keys.contains(v),
                    "{name}.{field} = {v} not in {target}"
                );
            }
        }
    }
}

#[test]
fn datapackage_describes_the_csv_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ut");
    let package = convert(&out, &["--platt"]);
    assert_eq!(package["profile"], "tabular-data-package");
    let names: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "dokument",
            "risker",
            "kontroller",
            "uppfoljningar",
            "anmarkningar",
            "extra",
            "platt"
        ]
    );
    let risker = &package["resources"][1]["schema"];
    assert_eq!(risker["primaryKey"], serde_json::json!(["risk_id"]));
    assert_eq!(
        risker["foreignKeys"][0]["reference"]["resource"],
        "dokument"
    );
    validate(&out, &package);
}

#[test]
fn excel_csv_is_declared_with_bom_and_semicolon() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ut");
    let package = convert(&out, &["--excel"]);
    for res in package["resources"].as_array().unwrap() {
        assert_eq!(res["encoding"], "utf-8-sig");
        assert_eq!(res["dialect"]["delimiter"], ";");
    }
    assert!(
        !out.join("platt.csv").exists(),
        "platt.csv only with --platt"
    );
    validate(&out, &package);
}
