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
            "risk_kategorier",
            "kontroll_personer",
            "kontroll_avstamningar",
            "koder",
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

/// The rows of a bridge table per record, values in their `ordning`, joined by "; ".
fn joined(
    rows: &Rows,
    id: &str,
    value: &str,
    filter: impl Fn(&HashMap<String, String>) -> bool,
) -> HashMap<String, String> {
    let mut per: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for r in rows.iter().filter(|r| filter(r)) {
        per.entry(r[id].clone())
            .or_default()
            .push((r["ordning"].parse().unwrap(), r[value].clone()));
    }
    per.into_iter()
        .map(|(k, mut v)| {
            v.sort();
            assert!(
                v.iter().enumerate().all(|(i, (n, _))| *n == i as i64 + 1),
                "{k}: {v:?}"
            );
            (
                k,
                v.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join("; "),
            )
        })
        .collect()
}

#[test]
fn bridge_tables_reproduce_the_joined_columns_and_codes_have_labels() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ut");
    let package = convert(&out, &[]);
    let res = |name: &str| {
        package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()
            .clone()
    };
    let table = |name: &str| read(&out, &res(name)).1;
    let (risks, controls) = (table("risker"), table("kontroller"));
    let cases = [
        (
            &risks,
            "risk_id",
            "kategori",
            table("risk_kategorier"),
            "kategori",
            None,
        ),
        (
            &controls,
            "kontroll_id",
            "ansvarig",
            table("kontroll_personer"),
            "namn",
            Some("ansvarig"),
        ),
        (
            &controls,
            "kontroll_id",
            "rapporteringsansvarig",
            table("kontroll_personer"),
            "namn",
            Some("rapporteringsansvarig"),
        ),
        (
            &controls,
            "kontroll_id",
            "avstamningsdatum",
            table("kontroll_avstamningar"),
            "datum",
            None,
        ),
    ];
    for (records, id, column, bridge, value, role) in cases {
        let by_id = joined(&bridge, id, value, |r| {
            role.is_none_or(|role| r["roll"] == role)
        });
        let mut filled = 0;
        for rec in records {
            let expected = &rec[column];
            let got = by_id.get(&rec[id]).map(String::as_str).unwrap_or("");
            assert_eq!(got, expected, "{column} of {}", rec[id]);
            filled += usize::from(!expected.is_empty());
        }
        assert!(filled > 0, "the seeds fill {column}");
        // Every bridge row belongs to a record.
        let ids: HashSet<&String> = records.iter().map(|r| &r[id]).collect();
        assert!(bridge.iter().all(|r| ids.contains(&r[id])));
    }
    // Every enum of the package has each value in koder.csv, with a label.
    let codes = table("koder");
    let mut enums = 0;
    for r in package["resources"].as_array().unwrap() {
        for f in r["schema"]["fields"].as_array().unwrap() {
            let Some(values) = f["constraints"]["enum"].as_array() else {
                continue;
            };
            let falt = format!(
                "{}.{}",
                r["name"].as_str().unwrap(),
                f["name"].as_str().unwrap()
            );
            for v in values {
                let row = codes
                    .iter()
                    .find(|c| c["falt"] == falt && c["kod"] == v.as_str().unwrap());
                assert!(row.is_some_and(|c| !c["etikett"].is_empty()), "{falt} {v}");
                enums += 1;
            }
        }
    }
    assert_eq!(enums, codes.len(), "no code without its column");
    let label = |falt: &str, kod: &str| {
        codes
            .iter()
            .find(|c| c["falt"] == falt && c["kod"] == kod)
            .unwrap()["etikett"]
            .clone()
    };
    assert_eq!(label("dokument.period", "delar"), "Delår");
    assert_eq!(label("uppfoljningar.period", "helar"), "Helår");
    assert_eq!(label("kontroller.typ", "atgard"), "Åtgärd");
    assert_eq!(label("dokument.typ", "uppfoljning"), "Uppföljning");
    assert_eq!(
        label("kontroll_personer.roll", "rapporteringsansvarig"),
        "Rapporteringsansvarig"
    );
    assert_eq!(
        res("kontroll_personer")["schema"]["foreignKeys"][0]["reference"]["resource"],
        "kontroller"
    );
    assert_eq!(
        res("risk_kategorier")["schema"]["foreignKeys"][0]["reference"]["resource"],
        "risker"
    );
    validate(&out, &package);
}
