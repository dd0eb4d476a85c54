//! The standardized workbook read back with calamine: sheets, headers, values, dates as
//! dates, the Riskmatris and Översikt sheets; and, in the sheet XML (calamine does not
//! show them), the validations, the riskvärde colour scale, the chart and the properties.

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use ikplan::model::*;
use ikplan::normalize::date::Date;
use ikplan::write::tables::{ANMARKNING_COLS, Col, EXTRA_COLS, Entity, platt_cols};
use ikplan::write::xlsx::{XlsxOptions, to_xlsx, to_xlsx_with};

/// The seeds converted, as one model.
fn seeds() -> Output {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ut.json");
    let mut cmd = std::process::Command::new(common::bin());
    cmd.args(["convert", "-q"]);
    for (seed, _) in common::seeds() {
        cmd.arg(seed);
    }
    assert!(cmd.arg("-o").arg(&out).status().unwrap().success());
    serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

fn risk(id: &str, s: Option<i64>, k: Option<i64>, v: Option<i64>) -> Risk {
    Risk {
        risk_id: format!("d:{id}").into(),
        dokument_id: "d".into(),
        riskomrade: format!("Risk {id}"),
        sannolikhet: s,
        konsekvens: k,
        riskvarde: v,
        ..Default::default()
    }
}

/// A small model with sannolikhet × konsekvens, a risk with only a riskvärde, follow-ups
/// with statuses, and a finding.
fn small() -> Output {
    let fu = |n: u32, s: Status, a: Option<Assessment>| FollowUp {
        uppfoljning_id: format!("d:R1:K1:U{n}").into(),
        kontroll_id: "d:R1:K1".into(),
        dokument_id: "d".into(),
        period: Some(Period::Delar),
        ar: Some(2024),
        status: Some(s),
        kontrollbedomning: a,
        ..Default::default()
    };
    let mut r1 = risk("R1", Some(3), Some(4), Some(12));
    r1.kontroller.push(Control {
        kontroll_id: "d:R1:K1".into(),
        risk_id: "d:R1".into(),
        dokument_id: "d".into(),
        kontroll: "Attestkontroll".into(),
        startdatum: Date::new(2024, 2, 1),
        avstamningsdatum: vec![
            Date::new(2024, 5, 1).unwrap(),
            Date::new(2024, 9, 1).unwrap(),
        ],
        ansvarig: vec!["Ekonomichef".into(), "Controller".into()],
        uppfoljningar: vec![
            fu(1, Status::Genomford, Some(Assessment::IngaBrister)),
            fu(2, Status::Pagaende, None),
        ],
        ..Default::default()
    });
    r1.kontroller.push(Control {
        kontroll_id: "d:R1:K2".into(),
        risk_id: "d:R1".into(),
        dokument_id: "d".into(),
        typ: ControlType::Atgard,
        kontroll: "Ny rutin".into(),
        ..Default::default()
    });
    Output {
        schema: SCHEMA.into(),
        dokument: vec![Document {
            dokument_id: "d".into(),
            kalla_fil: "d.xlsx".into(),
            titel: Some("Plan för intern kontroll 2024".into()),
            namnd: Some("Socialnämnden".into()),
            ar: Some(2024),
            datum: Date::new(2024, 3, 21),
            risker: vec![
                r1,
                risk("R2", Some(3), Some(4), Some(12)),
                risk("R3", Some(5), Some(5), Some(25)),
                risk("R4", None, None, Some(9)),
                risk("R5", None, None, None),
            ],
            ..Default::default()
        }],
        anmarkningar: vec![Finding {
            kod: "IK502".into(),
            allvarlighet: Severity::Varning,
            meddelande: "Risk utan kontroll".into(),
            post_id: Some("d:R2".into()),
            ..Default::default()
        }],
    }
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
}

/// A part of the package as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The XML of a sheet by name (sheets are written in order, sheet1.xml first).
fn sheet_xml(bytes: &[u8], sheet: &str) -> String {
    let wb = open(bytes);
    let i = wb.sheet_names().iter().position(|n| n == sheet).unwrap();
    part(bytes, &format!("xl/worksheets/sheet{}.xml", i + 1))
}

fn header(range: &calamine::Range<Data>) -> Vec<String> {
    (0..range.width() as u32)
        .map(|c| match range.get_value((0, c)) {
            Some(Data::String(s)) => s.clone(),
            other => panic!("header cell {c}: {other:?}"),
        })
        .collect()
}

fn labels(cols: &[Col]) -> Vec<String> {
    cols.iter().map(|c| c.label.to_string()).collect()
}

fn col_of(range: &calamine::Range<Data>, label: &str) -> u32 {
    header(range).iter().position(|h| h == label).unwrap() as u32
}

#[test]
fn workbook_has_overview_matrix_and_entity_sheets_with_their_headers() {
    let bytes = to_xlsx(&seeds()).unwrap();
    let mut wb = open(&bytes);
    assert_eq!(
        wb.sheet_names(),
        [
            "Översikt",
            "Riskmatris",
            "Dokument",
            "Risker",
            "Kontroller",
            "Uppföljningar",
            "Anmärkningar",
            "Extra"
        ]
    );
    for (sheet, cols) in [
        ("Dokument", Entity::Dokument.sheet_cols()),
        ("Risker", Entity::Risker.sheet_cols()),
        ("Kontroller", Entity::Kontroller.sheet_cols()),
        ("Uppföljningar", Entity::Uppfoljningar.sheet_cols()),
        ("Anmärkningar", ANMARKNING_COLS),
        ("Extra", EXTRA_COLS),
    ] {
        let range = wb.worksheet_range(sheet).unwrap();
        assert_eq!(header(&range), labels(cols), "{sheet}");
    }
    // What people read comes first and the ids last (issue 23).
    let mut first_last = |sheet: &str| {
        let h = header(&wb.worksheet_range(sheet).unwrap());
        (h[0].clone(), h[1].clone(), h[h.len() - 1].clone())
    };
    assert_eq!(
        first_last("Risker"),
        ("Nr".into(), "Riskområde".into(), "Dokument-id".into())
    );
    assert_eq!(
        first_last("Kontroller"),
        ("Nr".into(), "Kontroll".into(), "Dokument-id".into())
    );
    assert_eq!(
        first_last("Uppföljningar"),
        ("Risk".into(), "Kontroll".into(), "Dokument-id".into())
    );
    let docs = wb.worksheet_range("Dokument").unwrap();
    assert_eq!(docs.height(), 6, "a header and five documents");
    let datum = col_of(&docs, "Datum");
    let dates: Vec<f64> = (1..docs.height() as u32)
        .filter_map(|r| match docs.get_value((r, datum)) {
            Some(Data::DateTime(d)) => Some(d.as_f64()),
            Some(Data::Empty) | None => None,
            other => panic!("Datum is not a date cell: {other:?}"),
        })
        .collect();
    // 2024-03-21 and 2022-12-05 (seed 002's follow-up and plan).
    assert_eq!(dates, vec![45372.0, 44900.0]);
    let risker = wb.worksheet_range("Risker").unwrap();
    let rv = col_of(&risker, "Riskvärde");
    let values: Vec<&Data> = (1..risker.height() as u32)
        .filter_map(|r| risker.get_value((r, rv)))
        .filter(|d| !matches!(d, Data::Empty))
        .collect();
    assert!(
        values.iter().all(|d| matches!(d, Data::Float(_))),
        "{values:?}"
    );
    assert!(values.contains(&&Data::Float(16.0)));
    let k = wb.worksheet_range("Kontroller").unwrap();
    let start = col_of(&k, "Startdatum");
    assert!(
        (1..k.height() as u32).any(|r| matches!(k.get_value((r, start)), Some(Data::DateTime(_)))),
        "some startdatum is a date cell"
    );
}

#[test]
fn values_lists_and_dates_are_written_as_such() {
    let bytes = to_xlsx(&small()).unwrap();
    let mut wb = open(&bytes);
    let k = wb.worksheet_range("Kontroller").unwrap();
    assert_eq!(
        k.get_value((1, col_of(&k, "Ansvarig"))),
        Some(&Data::String("Ekonomichef; Controller".into()))
    );
    assert_eq!(
        k.get_value((1, col_of(&k, "Avstämningsdatum"))),
        Some(&Data::String("2024-05-01; 2024-09-01".into()))
    );
    match k.get_value((1, col_of(&k, "Startdatum"))) {
        Some(Data::DateTime(d)) => {
            let (y, m, dd, ..) = d.to_ymd_hms_milli();
            assert_eq!((y, m, dd), (2024, 2, 1));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        k.get_value((2, col_of(&k, "Typ"))),
        Some(&Data::String("Åtgärd".into())),
        "an enum is shown by its Swedish label"
    );
    let u = wb.worksheet_range("Uppföljningar").unwrap();
    // A follow-up shows its control's text and its risk; K1 is "Attestkontroll" of R1.
    assert_eq!(
        u.get_value((1, col_of(&u, "Kontroll"))),
        Some(&Data::String("Attestkontroll".into()))
    );
    assert_eq!(
        u.get_value((1, col_of(&u, "Period"))),
        Some(&Data::String("Delår".into()))
    );
    assert_eq!(
        u.get_value((1, col_of(&u, "Status"))),
        Some(&Data::String("Genomförd".into()))
    );
    assert_eq!(
        u.get_value((1, col_of(&u, "År"))),
        Some(&Data::Float(2024.0))
    );
}

#[test]
fn every_enum_date_and_number_column_has_a_validation() {
    let bytes = to_xlsx(&seeds()).unwrap();
    let count = |xml: &str| xml.matches("<dataValidation ").count();
    let dok = sheet_xml(&bytes, "Dokument");
    // kalla_format, ar, typ, period, datum.
    assert_eq!(count(&dok), 5, "{dok}");
    assert!(dok.contains(r#"type="list""#) && dok.contains("Plan,Uppföljning"));
    assert!(dok.contains("Delår,Helår"));
    assert!(dok.contains(r#"type="date""#));
    let risker = sheet_xml(&bytes, "Risker");
    // kategori, sannolikhet, konsekvens, riskvarde.
    assert_eq!(count(&risker), 4);
    assert!(risker.contains("Ekonomi,Verksamhet,Medborgare,Invånare,Medarbetare"));
    assert!(
        risker.contains(r#"errorStyle="information""#),
        "kategori allows other text"
    );
    assert!(risker.contains(r#"type="whole""#));
    assert!(risker.contains("<formula1>1</formula1><formula2>25</formula2>"));
    assert!(risker.contains("<formula1>1</formula1><formula2>5</formula2>"));
    // Riskvärde is coloured by level, as the Riskmatris: 1–4, 5–9, 10–16, 17 and above
    // (a blank cell is no level); the Risknivå column by its words.
    for rule in [
        r#"operator="between"><formula>1</formula><formula>4</formula>"#,
        r#"operator="between"><formula>5</formula><formula>9</formula>"#,
        r#"operator="between"><formula>10</formula><formula>16</formula>"#,
        r#"operator="greaterThanOrEqual"><formula>17</formula>"#,
        r#"type="beginsWith""#,
    ] {
        assert!(risker.contains(rule), "{rule}");
    }
    assert!(
        !risker.contains("<colorScale>"),
        "one scale of levels, no gradient"
    );
    let k = sheet_xml(&bytes, "Kontroller");
    // typ, startdatum, slutdatum.
    assert_eq!(count(&k), 3);
    assert!(k.contains("Kontroll,Åtgärd"));
    let u = sheet_xml(&bytes, "Uppföljningar");
    // period, ar, status, kontrollbedomning.
    assert_eq!(count(&u), 4);
    assert!(u.contains("Ej påbörjad,Pågående,Genomförd,Ej genomförd,Inställd"));
    assert!(u.contains(
        "Inga brister,Mindre brister,Väsentliga brister,Allvarliga brister,Ingen bedömning gjord"
    ));
    let a = sheet_xml(&bytes, "Anmärkningar");
    assert!(a.contains("fel,varning,info"));
    for sheet in ["Dokument", "Risker", "Kontroller", "Uppföljningar"] {
        let xml = sheet_xml(&bytes, sheet);
        assert!(
            xml.contains(r#"<pane ySplit="1""#),
            "{sheet}: frozen header"
        );
        assert!(xml.contains("<tableParts"), "{sheet}: an Excel table");
    }
}

#[test]
fn riskmatris_counts_pairs_and_lists_risks_with_only_a_value() {
    let bytes = to_xlsx(&small()).unwrap();
    let mut wb = open(&bytes);
    let m = wb.worksheet_range("Riskmatris").unwrap();
    // The grid of all documents: sannolikhet 5 on row 8 (index 7) down to 1, konsekvens
    // 1–5 in columns C–G.
    let at = |s: u32, k: u32| m.get_value((7 + (5 - s), 1 + k)).cloned();
    assert_eq!(m.get_value((7, 1)), Some(&Data::Float(5.0)));
    assert_eq!(
        m.get_value((12, 2)),
        Some(&Data::Float(1.0)),
        "konsekvens axis"
    );
    assert_eq!(at(3, 4), Some(Data::Float(2.0)));
    assert_eq!(at(5, 5), Some(Data::Float(1.0)));
    assert!(matches!(at(1, 1), Some(Data::Empty) | None));
    let text = |r: u32, c: u32| match m.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    assert_eq!(text(7, 8), "Nr");
    assert_eq!(text(8, 9), "Risk R4");
    assert_eq!(m.get_value((8, 10)), Some(&Data::Float(9.0)));
    assert_eq!(text(8, 11), "Medel");
    assert!(
        text(6, 0).contains("3 i matrisen, 1 med bara riskvärde, 1 utan värden"),
        "{}",
        text(6, 0)
    );
    // Cells are coloured by level: the styles hold the four fills.
    let styles = part(&bytes, "xl/styles.xml");
    for fill in ["FF92D050", "FFFFE766", "FFFFB347", "FFFF6B6B"] {
        assert!(styles.contains(fill), "fill {fill}");
    }
}

#[test]
fn oversikt_counts_per_document_and_has_a_status_chart() {
    let bytes = to_xlsx(&small()).unwrap();
    let mut wb = open(&bytes);
    let o = wb.worksheet_range("Översikt").unwrap();
    // The describing columns' headers are merged over the two header rows (4 and 5).
    let heads: Vec<String> = (0..o.width() as u32)
        .map(|c| match (o.get_value((4, c)), o.get_value((3, c))) {
            (Some(Data::String(s)), _) => s.clone(),
            (_, Some(Data::String(s))) if c < 4 => s.clone(),
            _ => String::new(),
        })
        .collect();
    let v = |label: &str, row: u32| {
        let c = heads.iter().position(|h| h == label).unwrap() as u32;
        o.get_value((row, c)).cloned()
    };
    assert_eq!(
        v("Dokument", 5),
        Some(Data::String("Socialnämnden: Plan 2024".into()))
    );
    assert_eq!(v("Risker", 5), Some(Data::Float(5.0)));
    assert_eq!(v("Kontroller", 5), Some(Data::Float(1.0)));
    assert_eq!(v("Åtgärder", 5), Some(Data::Float(1.0)));
    assert_eq!(v("Uppföljningar", 5), Some(Data::Float(2.0)));
    assert_eq!(v("Genomförd", 5), Some(Data::Float(1.0)));
    assert_eq!(v("Pågående", 5), Some(Data::Float(1.0)));
    assert_eq!(v("Inga brister", 5), Some(Data::Float(1.0)));
    assert_eq!(v("Utan bedömning", 5), Some(Data::Float(1.0)));
    assert_eq!(v("Varning", 5), Some(Data::Float(1.0)));
    // Risks by level, as Risker and Riskmatris name them: 12, 12 Hög; 25 Mycket hög; 9
    // Medel; one without a value.
    assert_eq!(v("Låg", 5), Some(Data::Float(0.0)));
    assert_eq!(v("Medel", 5), Some(Data::Float(1.0)));
    assert_eq!(v("Hög", 5), Some(Data::Float(2.0)));
    assert_eq!(v("Mycket hög", 5), Some(Data::Float(1.0)));
    assert_eq!(v("Utan riskvärde", 5), Some(Data::Float(1.0)));
    let r = wb.worksheet_range("Risker").unwrap();
    let levels: Vec<String> = (1..r.height() as u32)
        .map(|row| match r.get_value((row, col_of(&r, "Risknivå"))) {
            Some(Data::String(s)) => s.clone(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(levels, ["Hög", "Hög", "Mycket hög", "Medel", ""]);
    assert_eq!(v("Dokument", 6), Some(Data::String("Totalt".into())));
    assert_eq!(v("Risker", 6), Some(Data::Float(5.0)));
    let chart = part(&bytes, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>") && chart.contains(r#"<c:grouping val="stacked"/>"#));
    assert!(chart.contains("Uppföljningar per status"));
    assert_eq!(
        chart.matches("<c:ser>").count(),
        6,
        "five statuses and none"
    );
}

#[test]
fn properties_are_fixed_and_the_bytes_deterministic() {
    let model = seeds();
    let a = to_xlsx(&model).unwrap();
    let b = to_xlsx(&model).unwrap();
    assert_eq!(a, b);
    let core = part(&a, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Intern kontroll – normaliserad</dc:title>"),
        "{core}"
    );
    assert!(core.contains("<dc:subject>"));
    assert!(core.contains("<dc:creator>ikplan</dc:creator>"));
    assert!(core.contains("2000-01-01T00:00:00Z"));
}

#[test]
fn platt_sheet_has_one_row_per_control_and_risk_without_control() {
    let model = small();
    let bytes = to_xlsx_with(&model, XlsxOptions { platt: true }).unwrap();
    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names().last().map(String::as_str), Some("Platt"));
    let p = wb.worksheet_range("Platt").unwrap();
    assert_eq!(header(&p), labels(platt_cols()));
    // R1 has two controls; R2–R5 none: 2 + 4 rows.
    assert_eq!(p.height(), 7);
    let status = col_of(&p, "Status");
    // The latest follow-up of K1 is U2 (both delår 2024: the last written).
    assert_eq!(
        p.get_value((1, status)),
        Some(&Data::String("Pågående".into()))
    );
    assert_eq!(
        p.get_value((1, col_of(&p, "Nämnd"))),
        Some(&Data::String("Socialnämnden".into()))
    );
    assert!(matches!(
        p.get_value((1, col_of(&p, "Startdatum"))),
        Some(Data::DateTime(_))
    ));
}

#[test]
fn riskmatris_is_four_by_four_when_the_plan_says_so() {
    let mut model = small();
    let d = &mut model.dokument[0];
    d.anteckningar = Some("Riskerna bedöms på en fyrgradig skala.".into());
    d.risker.retain(|r| r.riskvarde.is_none_or(|v| v <= 16));
    let bytes = to_xlsx(&model).unwrap();
    let mut wb = open(&bytes);
    let m = wb.worksheet_range("Riskmatris").unwrap();
    let text = |r: u32, c: u32| match m.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    assert!(text(6, 0).starts_with("Skala 1–4 (4×4)"), "{}", text(6, 0));
    assert_eq!(
        m.get_value((7, 1)),
        Some(&Data::Float(4.0)),
        "top row is sannolikhet 4"
    );
    assert_eq!(
        m.get_value((11, 2)),
        Some(&Data::Float(1.0)),
        "konsekvens axis under 4 rows"
    );
    // sannolikhet 3 × konsekvens 4: row 8 (index 8), column F (index 5).
    assert_eq!(m.get_value((8, 5)), Some(&Data::Float(2.0)));
    assert_eq!(text(3, 5), "12–16", "the legend on the four-step scale");
    let risker = sheet_xml(&bytes, "Risker");
    assert!(
        risker.contains(r#"operator="greaterThanOrEqual"><formula>10</formula>"#),
        "the top level starts at 10 on the four-step scale"
    );
}

/// Each entity sheet's Excel table covers its header and every data row: rust_xlsxwriter
/// is told a table of one data row, and the table's part is widened after saving.
#[test]
fn entity_tables_span_every_row() {
    let bytes = to_xlsx(&seeds()).unwrap();
    let mut wb = open(&bytes);
    wb.load_tables().unwrap();
    for (sheet, name, cols) in [
        ("Dokument", "T_dokument", Entity::Dokument.sheet_cols()),
        ("Risker", "T_risker", Entity::Risker.sheet_cols()),
        (
            "Kontroller",
            "T_kontroller",
            Entity::Kontroller.sheet_cols(),
        ),
        (
            "Uppföljningar",
            "T_uppfoljningar",
            Entity::Uppfoljningar.sheet_cols(),
        ),
        ("Anmärkningar", "T_anmarkningar", ANMARKNING_COLS),
    ] {
        let range = wb.worksheet_range(sheet).unwrap();
        assert!(range.height() > 3, "{sheet}: a table of several rows");
        let table = wb.table_by_name(name).unwrap();
        assert_eq!(table.sheet_name(), sheet);
        assert_eq!(table.columns(), labels(cols), "{sheet}");
        assert_eq!(table.data().height(), range.height() - 1, "{sheet}");
        assert_eq!(table.data().width(), cols.len(), "{sheet}");
    }
}
