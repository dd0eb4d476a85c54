//! `ikplan mall`: the template's sheets, headers, prefilled document and validations, and a
//! plan written in it (same sheets and headers, as a person fills them in) read back into
//! the model.

mod common;

use std::io::{Cursor, Read};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

fn mall(dir: &std::path::Path, extra: &[&str]) -> Vec<u8> {
    let out = dir.join("mall.xlsx");
    let st = Command::new(common::bin())
        .args(["mall", "-o"])
        .arg(&out)
        .args(extra)
        .status()
        .unwrap();
    assert!(st.success());
    std::fs::read(out).unwrap()
}

/// Each sheet's header row, as the template writes it.
fn headers(bytes: &[u8]) -> Vec<(String, Vec<String>)> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let r = wb.worksheet_range(&name).unwrap();
        let h = (0..r.width() as u32)
            .map(|c| match r.get_value((0, c)) {
                Some(Data::String(s)) => s.clone(),
                _ => String::new(),
            })
            .collect();
        out.push((name, h));
    }
    out
}

#[test]
fn template_has_instructions_entity_sheets_and_the_document_row() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = mall(dir.path(), &["--ar", "2025", "--namnd", "Socialnämnden"]);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Instruktion",
            "Dokument",
            "Risker",
            "Kontroller",
            "Uppföljningar"
        ]
    );
    let ins = wb.worksheet_range("Instruktion").unwrap();
    assert_eq!(
        ins.get_value((0, 0)),
        Some(&Data::String(
            "Plan för intern kontroll 2025 – Socialnämnden".into()
        ))
    );
    let d = wb.worksheet_range("Dokument").unwrap();
    let h = &headers(&bytes)[1].1;
    let v = |label: &str| d.get_value((1, h.iter().position(|x| x == label).unwrap() as u32));
    assert_eq!(v("Typ"), Some(&Data::String("Plan".into())));
    assert_eq!(v("År"), Some(&Data::Float(2025.0)));
    assert_eq!(v("Nämnd"), Some(&Data::String("Socialnämnden".into())));
    let mut z = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut xml = |i: usize| {
        let mut s = String::new();
        z.by_name(&format!("xl/worksheets/sheet{i}.xml"))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    let risker = xml(3);
    assert!(risker.contains("<dataValidation "), "validations in Risker");
    assert!(
        risker.contains(r#"hidden="1""#),
        "ikplan's own columns hidden"
    );
    let kontroller = xml(4);
    assert!(
        kontroller.contains("<formula1>Risker!$N$2:$N$"),
        "risk dropdown: {kontroller}"
    );
    assert!(kontroller.contains("Kontroll,Åtgärd"));
    let upp = xml(5);
    assert!(upp.contains("<formula1>Kontroller!$P$2:$P$"));
    assert!(upp.contains("Ej påbörjad,Pågående,Genomförd"));
}

#[test]
fn template_is_deterministic_and_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let a = mall(dir.path(), &[]);
    let st = Command::new(common::bin())
        .args(["mall", "-o"])
        .arg(dir.path().join("mall.xlsx"))
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    // The flag is named in Swedish (issue 23); its English spelling is still read.
    assert!(String::from_utf8_lossy(&st.stderr).contains("--skriv-over"));
    let b = mall(dir.path(), &["--force"]);
    assert_eq!(a, b);
}

/// Writes a plan in the template's sheets and headers, as a person fills it in: ids only
/// where the instructions ask (R1, K1), dates as date cells, numbers as numbers, a list
/// with "; ", an own column ("Kommentar").
fn fill(template: &[u8]) -> Vec<u8> {
    let sheets = headers(template);
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, mut cols) in sheets {
        if name == "Instruktion" {
            continue;
        }
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        if name == "Risker" {
            cols.push("Kommentar".into());
        }
        for (c, h) in cols.iter().enumerate() {
            ws.write_string(0, c as u16, h).unwrap();
        }
        let at = |label: &str| cols.iter().position(|x| x == label).unwrap() as u16;
        let rows: Vec<Vec<(&str, Value)>> = match name.as_str() {
            "Dokument" => vec![vec![
                ("Titel", "Plan för intern kontroll 2025".into()),
                ("Nämnd", "Socialnämnden".into()),
                ("År", 2025.into()),
                ("Typ", "plan".into()),
                ("Datum", "2024-12-05".into()),
            ]],
            "Risker" => vec![
                vec![
                    ("Risk-id", "R1".into()),
                    ("Riskområde", "Felaktiga utbetalningar".into()),
                    ("Kategori", "Ekonomi; Egen".into()),
                    ("Sannolikhet", 3.into()),
                    ("Konsekvens", 4.into()),
                    ("Riskvärde", 12.into()),
                    ("Kommentar", "ny för 2025".into()),
                ],
                vec![
                    ("Risk-id", "R2".into()),
                    ("Riskområde", "Hot och våld".into()),
                    ("Sannolikhet", 2.into()),
                    ("Konsekvens", 5.into()),
                    ("Riskvärde", "hög".into()),
                ],
            ],
            "Kontroller" => vec![
                vec![
                    ("Kontroll-id", "K1".into()),
                    ("Risk-id", "R1".into()),
                    ("Typ", "kontroll".into()),
                    ("Kontroll", "Stickprov på utbetalningar".into()),
                    ("Ansvarig", "Ekonomichef; Controller".into()),
                    ("Startdatum", "2025-01-01".into()),
                    ("Avstämningsdatum", "2025-05-01; 2025-09-01".into()),
                    ("Slutdatum", "2025-12-31".into()),
                ],
                vec![
                    ("Risk-id", "R2".into()),
                    ("Typ", "atgard".into()),
                    ("Kontroll", "Utbilda i rutin för hot och våld".into()),
                ],
                vec![
                    ("Risk-id", "R1".into()),
                    ("Kontroll", "Attestlistor".into()),
                ],
            ],
            "Uppföljningar" => vec![vec![
                ("Kontroll-id", "K1".into()),
                ("Period", "delar".into()),
                ("År", 2025.into()),
                ("Status", "Genomförd".into()),
                ("Kontrollbedömning", "Inga brister".into()),
                ("Resultat", "Inga fel hittades.".into()),
            ]],
            _ => vec![],
        };
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (label, v) in row {
                let c = at(label);
                match v {
                    Value::Number(n) => {
                        ws.write_number(r, c, n.as_f64().unwrap()).unwrap();
                    }
                    Value::String(s) if label.contains("datum") || *label == "Datum" => {
                        match ExcelDateTime::parse_from_str(s) {
                            Ok(d) if !s.contains(';') => {
                                ws.write_datetime_with_format(r, c, &d, &date).unwrap();
                            }
                            _ => {
                                ws.write_string(r, c, s).unwrap();
                            }
                        }
                    }
                    Value::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    _ => {}
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_plan_written_in_the_template_reads_back_into_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let template = mall(dir.path(), &["--ar", "2025", "--namnd", "Socialnämnden"]);
    std::fs::write(dir.path().join("plan_2025.xlsx"), fill(&template)).unwrap();
    let st = Command::new(common::bin())
        .current_dir(dir.path())
        .args(["convert", "-q", "plan_2025.xlsx", "-o", "plan.json"])
        .status()
        .unwrap();
    assert!(st.success());
    let out: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("plan.json")).unwrap())
            .unwrap();
    let docs = out["dokument"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    // A blank id is made from the file's name and bytes, as for any file.
    let bytes = std::fs::read(dir.path().join("plan_2025.xlsx")).unwrap();
    let id = ikplan::pipeline::stable_id_base("plan_2025.xlsx", &bytes);
    assert!(id.starts_with("plan-2025-"), "{id}");
    assert_eq!(d["dokument_id"], id.as_str());
    assert_eq!(d["kalla_format"], "ikplan");
    assert_eq!(d["kalla_fil"], "plan_2025.xlsx");
    assert_eq!(d["typ"], "plan");
    assert_eq!(d["ar"], 2025);
    assert_eq!(d["datum"], "2024-12-05");
    assert_eq!(d["namnd"], "Socialnämnden");
    let risks = d["risker"].as_array().unwrap();
    assert_eq!(risks.len(), 2);
    let r1 = &risks[0];
    assert_eq!(r1["risk_id"], format!("{id}:R1"));
    assert_eq!(r1["risk_nyckel"], "felaktiga-utbetalningar");
    assert_eq!(r1["kategori"], serde_json::json!(["Ekonomi", "Egen"]));
    assert_eq!(
        (r1["sannolikhet"].clone(), r1["riskvarde"].clone()),
        (3.into(), 12.into())
    );
    assert_eq!(r1["extra"]["Kommentar"], "ny för 2025");
    assert_eq!(r1["kalla"]["blad"], "Risker");
    assert_eq!(r1["kalla"]["rader"], "2");
    let r2 = &risks[1];
    assert_eq!(r2["riskvarde"], Value::Null);
    assert_eq!(
        r2["extra"]["Riskvärde"], "hög",
        "a value that is not a number is kept"
    );
    let k = r1["kontroller"].as_array().unwrap();
    assert_eq!(k.len(), 2);
    assert_eq!(k[0]["kontroll_id"], format!("{id}:R1:K1"));
    assert_eq!(
        k[0]["ansvarig"],
        serde_json::json!(["Ekonomichef", "Controller"])
    );
    assert_eq!(k[0]["startdatum"], "2025-01-01");
    assert_eq!(
        k[0]["avstamningsdatum"],
        serde_json::json!(["2025-05-01", "2025-09-01"])
    );
    assert_eq!(
        k[1]["kontroll_id"],
        format!("{id}:R1:K2"),
        "a blank id is made"
    );
    assert_eq!(k[1]["typ"], "kontroll", "a blank type is a control");
    assert_eq!(r2["kontroller"][0]["typ"], "atgard");
    let u = &k[0]["uppfoljningar"][0];
    assert_eq!(u["uppfoljning_id"], format!("{id}:R1:K1:U1"));
    assert_eq!(u["status"], "Genomförd");
    assert_eq!(u["kontrollbedomning"], "Inga brister");
    assert_eq!(u["period"], "delar");
    let findings = out["anmarkningar"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["kod"] == "IK201" && f["blad"] == "Risker" && f["cell"].is_string()),
        "the text riskvärde is reported at its cell: {findings:?}"
    );
}

/// Every sheet of a workbook copied cell by cell (text and numbers; dates as their number),
/// with `set` giving new text for some cells of a sheet: a follow-up sheet as a controller
/// fills it in and saves it.
fn copy_with(bytes: &[u8], set: &dyn Fn(&str, u32, &str) -> Option<String>) -> Vec<u8> {
    let mut src: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut wb = Workbook::new();
    for name in src.sheet_names() {
        let r = src.worksheet_range(&name).unwrap();
        let h: Vec<String> = (0..r.width() as u32)
            .map(|c| match r.get_value((0, c)) {
                Some(Data::String(s)) => s.clone(),
                _ => String::new(),
            })
            .collect();
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        for row in 0..r.height() as u32 {
            for c in 0..r.width() as u32 {
                if let Some(v) = (row > 0).then(|| set(&name, row, &h[c as usize])).flatten() {
                    ws.write_string(row, c as u16, v).unwrap();
                    continue;
                }
                match r.get_value((row, c)) {
                    Some(Data::String(s)) => ws.write_string(row, c as u16, s).map(|_| ()),
                    Some(Data::Float(f)) => ws.write_number(row, c as u16, *f).map(|_| ()),
                    Some(Data::DateTime(d)) => {
                        ws.write_number(row, c as u16, d.as_f64()).map(|_| ())
                    }
                    _ => Ok(()),
                }
                .unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn convert_json(dir: &std::path::Path, input: &std::path::Path, name: &str) -> Value {
    let out = dir.join(name);
    let st = Command::new(common::bin())
        .args(["convert", "-q"])
        .arg(input)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

/// The controls of a conversion: (risk's riskområde, control's text) in order.
fn controls(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for d in v["dokument"].as_array().unwrap() {
        for r in d["risker"].as_array().unwrap() {
            for k in r["kontroller"].as_array().unwrap() {
                out.push((
                    r["riskomrade"].as_str().unwrap().to_string(),
                    k["kontroll"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    out
}

/// `mall --fran plan`: a row per control of the plan with its risk and text; filled in and
/// saved, it reads back as the plan's follow-up: every follow-up under its control, the
/// filled statuses and results read, the period and year the template's.
#[test]
fn follow_up_template_from_a_plan_reads_back_as_its_follow_up() {
    let dir = tempfile::tempdir().unwrap();
    let plan = common::root().join("fixtures/seeds/002_8a63876615782a7f.txt");
    let template = dir.path().join("uppf.xlsx");
    let st = Command::new(common::bin())
        .args(["mall", "--fran"])
        .arg(&plan)
        .args(["--period", "helår", "--ar", "2024", "-o"])
        .arg(&template)
        .status()
        .unwrap();
    assert!(st.success());
    let bytes = std::fs::read(&template).unwrap();
    let planned = controls(&convert_json(dir.path(), &plan, "plan.json"));
    assert!(planned.len() > 5);
    // The sheet shows each control's risk and text, in the plan's order.
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let u = wb.worksheet_range("Uppföljningar").unwrap();
    let cell = |r: u32, c: u32| match u.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    assert_eq!((cell(0, 0), cell(0, 1)), ("Risk".into(), "Kontroll".into()));
    let shown: Vec<(String, String)> = (1..u.height() as u32)
        .map(|r| (cell(r, 0), cell(r, 1)))
        .collect();
    assert_eq!(shown, planned);
    // The first two rows filled in, the rest left as they are.
    let filled = copy_with(&bytes, &|sheet, row, head| match (sheet, row, head) {
        ("Uppföljningar", 1, "Status") => Some("Genomförd".into()),
        ("Uppföljningar", 1, "Kontrollbedömning") => Some("Inga brister".into()),
        ("Uppföljningar", 1, "Resultat") => Some("Stickprov utan anmärkning.".into()),
        ("Uppföljningar", 2, "Status") => Some("Pågående".into()),
        _ => None,
    });
    let filled_path = dir.path().join("ifylld.xlsx");
    std::fs::write(&filled_path, filled).unwrap();
    let back = convert_json(dir.path(), &filled_path, "ifylld.json");
    assert_eq!(
        controls(&back),
        planned,
        "the plan's controls, as they were"
    );
    let mut fus = Vec::new();
    for d in back["dokument"].as_array().unwrap() {
        assert_eq!(d["typ"], "uppfoljning");
        assert_eq!(d["period"], "helar");
        for r in d["risker"].as_array().unwrap() {
            for k in r["kontroller"].as_array().unwrap() {
                let u = k["uppfoljningar"].as_array().unwrap();
                assert_eq!(u.len(), 1, "one follow-up per control");
                assert_eq!(u[0]["kontroll_id"], k["kontroll_id"]);
                assert!(
                    u[0]["kontroll_id"]
                        .as_str()
                        .unwrap()
                        .starts_with(d["dokument_id"].as_str().unwrap())
                );
                fus.push(u[0].clone());
            }
        }
    }
    assert_eq!(fus[0]["status"], "Genomförd");
    assert_eq!(fus[0]["kontrollbedomning"], "Inga brister");
    assert_eq!(fus[0]["resultat"], "Stickprov utan anmärkning.");
    assert_eq!(fus[0]["period"], "helar");
    assert_eq!(fus[0]["ar"], 2024);
    assert_eq!(fus[1]["status"], "Pågående");
    assert_eq!(fus[2]["status"], Value::Null);
    // Nothing of the template lands in extra (the shown Risk and Kontroll columns are
    // not read back).
    let text = back.to_string();
    assert!(
        !text.contains(r#""Risk":"#) && !text.contains(r#""Risknivå":"#),
        "{text}"
    );
}
