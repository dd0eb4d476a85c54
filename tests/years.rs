//! One nämnd over three years (fixtures/years, README.md there says what it holds): the
//! risk series, the links of follow-ups to their plans, the findings across documents and
//! `ikplan jämför`, as snapshots read against the fixture's README.

mod common;

use std::process::Command;

use common::{bin, root};

fn ikplan(args: &[&str]) -> String {
    let out = Command::new(bin())
        .args(args)
        .current_dir(root().join("fixtures/years"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Each document id replaced by its file's name, so that a snapshot reads without hashes.
fn named(text: &str, json: &serde_json::Value) -> String {
    let mut text = text.to_string();
    for d in json["dokument"].as_array().unwrap() {
        let id = d["dokument_id"].as_str().unwrap();
        text = text.replace(id, &format!("<{}>", d["kalla_fil"].as_str().unwrap()));
    }
    text
}

#[test]
fn series_links_and_findings_across_three_years() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ut.json");
    ikplan(&[
        "convert",
        "-q",
        "socialnamnden",
        "-o",
        out.to_str().unwrap(),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let mut s = String::new();
    for d in json["dokument"].as_array().unwrap() {
        s += &format!(
            "{} {} {} {}\n",
            d["dokument_id"], d["typ"], d["ar"], d["period"]
        );
        for r in d["risker"].as_array().unwrap() {
            s += &format!(
                "  risk {} [{}] {}\n",
                r["riskomrade"], r["riskvarde"], r["risk_serie"]
            );
            for k in r["kontroller"].as_array().unwrap() {
                let status: Vec<_> = k["uppfoljningar"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u["status"].clone())
                    .collect();
                s += &format!(
                    "    kontroll {} {:?}\n      nyckel {}\n      plan {}\n",
                    k["kontroll"], status, k["kontroll_nyckel"], k["plan_kontroll_id"]
                );
            }
        }
    }
    for f in json["anmarkningar"].as_array().unwrap() {
        if f["kod"].as_str().unwrap().starts_with("IK7") {
            s += &format!(
                "{} {}:{} {} {}\n",
                f["kod"], f["fil"], f["rad"], f["post_id"], f["meddelande"]
            );
        }
    }
    insta::assert_snapshot!(named(&s, &json));
}

#[test]
fn jamfor_text_and_json() {
    insta::assert_snapshot!("jamfor_text", ikplan(&["jämför", "socialnamnden"]));
    insta::assert_snapshot!(
        "jamfor_json",
        ikplan(&["jämför", "--format", "json", "socialnamnden"])
    );
}
