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

/// A workbook whose input spans several plan years has the sheet Utveckling after
/// Översikt: a row per nämnd and year with what `jämför` counts (read against
/// fixtures/years/socialnamnden/README.md: 2022 adds one risk, drops one, renames one, and
/// follows up two of its three controls).
#[test]
fn the_workbook_has_a_development_sheet_over_the_years() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ut.xlsx");
    let input = root().join("fixtures/years");
    let st = Command::new(bin())
        .args(["convert", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let names = wb.sheet_names();
    assert_eq!(&names[..3], ["Översikt", "Utveckling", "Riskmatris"]);
    let r = wb.worksheet_range("Utveckling").unwrap();
    let row = |i: u32| -> Vec<String> {
        (0..12)
            .map(|c| match r.get_value((i, c)) {
                Some(Data::Float(f)) => format!("{f}"),
                Some(Data::String(s)) => s.clone(),
                _ => String::new(),
            })
            .collect()
    };
    assert_eq!(row(0)[3], "Risker");
    // Nämnd, år, jämfört med, risker, tillkomna, borttagna, omdöpta, …, kontroller, överförda.
    assert_eq!(
        &row(2)[..11],
        [
            "Socialnämnden",
            "2022",
            "2021",
            "3",
            "1",
            "1",
            "1",
            "1",
            "1",
            "3",
            "2"
        ]
    );
    let share = match r.get_value((2, 11)) {
        Some(Data::Float(f)) => *f,
        v => panic!("{v:?}"),
    };
    assert!((share - 2.0 / 3.0).abs() < 1e-9);
    // One plan year: no such sheet.
    let one = dir.path().join("ett.xlsx");
    let st = Command::new(bin())
        .args(["convert", "-q"])
        .arg(root().join("fixtures/seeds/000_84152a127077ff70.txt"))
        .arg("-o")
        .arg(&one)
        .status()
        .unwrap();
    assert!(st.success());
    let wb: Xlsx<_> = open_workbook(&one).unwrap();
    assert!(!wb.sheet_names().contains(&"Utveckling".to_string()));
}
