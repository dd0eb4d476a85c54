//! Round trip: every fixture converted to the model, written as ikplan's workbook and read
//! back, gives the same model (documents equal with `kolumner` cleared, findings equal
//! aside from their source locations).

mod common;

use std::path::{Path, PathBuf};

use ikplan::model::{Finding, Output};
use ikplan::normalize::assemble::Options;
use ikplan::pipeline::{Converted, convert_path, id_base, output};
use ikplan::read::ikplan::read_ikplan;
use ikplan::rules::RuleOptions;
use ikplan::write::xlsx::{XlsxOptions, to_xlsx, to_xlsx_with};

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            fixtures(&p, out);
        } else if !matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("md" | "py" | "sh" | "json" | "snap")
        ) {
            out.push(p);
        }
    }
}

/// Every fixture the pipeline reads, as (name, model).
fn models() -> Vec<(String, Output)> {
    let root = common::root().join("fixtures");
    let mut paths = Vec::new();
    fixtures(&root, &mut paths);
    let mut out = Vec::new();
    let mut used = std::collections::HashSet::new();
    for p in paths {
        let name = p
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Unique id bases, as a batch gives them (a.docx and a.xlsx share a stem).
        let mut base = id_base(&name);
        let mut n = 2;
        while !used.insert(base.clone()) {
            base = format!("{}-{n}", id_base(&name));
            n += 1;
        }
        let opts = Options {
            id_base: base,
            ..Default::default()
        };
        let Ok(c): Result<Converted, _> = convert_path(&p, &name, &opts, &RuleOptions::default())
        else {
            continue;
        };
        out.push((name, output(vec![c])));
    }
    assert!(out.len() >= 20, "only {} fixtures read", out.len());
    out
}

fn unlocated(f: &[Finding]) -> Vec<Finding> {
    f.iter()
        .map(|f| Finding {
            fil: None,
            blad: None,
            cell: None,
            rad: None,
            ..f.clone()
        })
        .collect()
}

fn assert_same(name: &str, model: &Output, back: &Output) {
    let mut docs = model.dokument.clone();
    for d in &mut docs {
        d.kolumner.clear();
    }
    assert_eq!(back.schema, model.schema, "{name}: schema");
    assert_eq!(
        back.dokument.len(),
        docs.len(),
        "{name}: number of documents"
    );
    for (a, b) in docs.iter().zip(&back.dokument) {
        assert_eq!(
            serde_json::to_value(b).unwrap(),
            serde_json::to_value(a).unwrap(),
            "{name}: document {}",
            a.dokument_id
        );
        assert_eq!(b, a, "{name}: document {}", a.dokument_id);
    }
    assert_eq!(
        unlocated(&back.anmarkningar),
        unlocated(&model.anmarkningar),
        "{name}: findings"
    );
}

#[test]
fn every_fixture_reads_back_from_its_workbook() {
    for (name, model) in models() {
        let bytes = to_xlsx(&model).unwrap();
        let back = read_ikplan(&bytes, "ut.xlsx")
            .unwrap()
            .unwrap_or_else(|| panic!("{name}: not recognised as ikplan's workbook"));
        assert_same(&name, &model, &back);
    }
}

#[test]
fn all_fixtures_in_one_workbook_read_back_with_the_wide_sheet() {
    let mut parts = Vec::new();
    for (_, m) in models() {
        parts.push(Converted {
            documents: m.dokument,
            findings: m.anmarkningar,
        });
    }
    let model = output(parts);
    let bytes = to_xlsx_with(&model, XlsxOptions { platt: true }).unwrap();
    let back = read_ikplan(&bytes, "alla.xlsx").unwrap().unwrap();
    assert_same("alla", &model, &back);
}

#[test]
fn the_workbook_reads_back_through_the_pipeline() {
    let (name, model) = models()
        .into_iter()
        .find(|(n, _)| n.contains("002_"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ut.xlsx");
    std::fs::write(&path, to_xlsx(&model).unwrap()).unwrap();
    let c = convert_path(
        &path,
        "ut.xlsx",
        &Options::default(),
        &RuleOptions::default(),
    )
    .unwrap();
    let back = output(vec![c]);
    assert_same(&name, &model, &back);
}

#[test]
fn other_workbooks_are_not_ikplans() {
    let root = common::root().join("fixtures/formats");
    for e in std::fs::read_dir(root).unwrap().flatten() {
        let p = e.path();
        if p.extension().and_then(|e| e.to_str()) == Some("xlsx") {
            let bytes = std::fs::read(&p).unwrap();
            assert!(
                read_ikplan(&bytes, "x.xlsx").unwrap().is_none(),
                "{}",
                p.display()
            );
        }
    }
}

/// A model with every field filled, extra on every level, each provenance form, and values
/// a spreadsheet likes to change (leading zeros, formulas, dates before 1900, line breaks).
fn full_model() -> Output {
    use ikplan::model::*;
    use ikplan::normalize::date::Date;
    use ikplan::read::Format;
    let d = |y, m, dd| Date::new(y, m, dd).unwrap();
    let extra =
        |k: &str, v: &str| Extra(vec![(k.into(), v.into()), ("Övrigt".into(), "x\ny".into())]);
    let fu = FollowUp {
        uppfoljning_id: "a:R1:K1:U1".into(),
        kontroll_id: "a:R1:K1".into(),
        dokument_id: "a".into(),
        period: Some(Period::Delar),
        ar: Some(2024),
        status: Some(Status::Pagaende),
        kontrollbedomning: Some(Assessment::MindreBrister),
        resultat: Some("Första stycket.\nAndra stycket.".into()),
        ny_atgard: Some("=SUMMA(A1)".into()),
        status_kalla: Some("▶ Pågår".into()),
        kontrollbedomning_kalla: Some("Brister".into()),
        extra: extra("Kommentar", "007"),
        kalla: Provenance {
            fil: "a.xlsx".into(),
            blad: Some("Plan 2024".into()),
            rader: "5\u{2013}7".into(),
            omrade: Some("A5:M7".into()),
        },
    };
    let k = Control {
        kontroll_id: "a:R1:K1".into(),
        risk_id: "a:R1".into(),
        dokument_id: "a".into(),
        kontroll_nyckel: "socialnamnden/felaktiga-utbetalningar/kontrollera-attester".into(),
        plan_kontroll_id: Some("plan:R1:K1".into()),
        typ: ControlType::Atgard,
        nummer: Some("1 b".into()),
        kontroll: "Kontrollera attester".into(),
        beskrivning: Some("Stickprov".into()),
        metod: Some("Stickprov om 10".into()),
        frekvens: Some("en gång/kvartal".into()),
        ansvarig: vec![
            "Ekonomichef".into(),
            "Enhetschef stöd- och försörjning".into(),
        ],
        rapporteringsansvarig: vec!["Controller".into()],
        startdatum: Some(d(1899, 12, 31)),
        avstamningsdatum: vec![d(2024, 5, 1), d(2024, 9, 1)],
        slutdatum: Some(d(2024, 12, 31)),
        uppfoljning_nar: Some("Delår och helår".into()),
        extra: extra("Budget", "12,5"),
        kalla: Provenance {
            fil: "a.xlsx".into(),
            blad: None,
            rader: "5".into(),
            omrade: Some("A5:M5".into()),
        },
        uppfoljningar: vec![
            fu.clone(),
            FollowUp {
                uppfoljning_id: "a:R1:K1:U2".into(),
                period: Some(Period::Helar),
                extra: Extra::default(),
                ..fu
            },
        ],
    };
    let r = Risk {
        risk_id: "a:R1".into(),
        dokument_id: "a".into(),
        risk_nyckel: "felaktiga-utbetalningar".into(),
        risk_serie: "socialnamnden/felaktiga-utbetalningar".into(),
        nummer: Some("01".into()),
        riskomrade: "Felaktiga utbetalningar".into(),
        riskbeskrivning: Some("Risk att fel belopp betalas ut".into()),
        kategori: vec!["Ekonomi".into(), "Egen kategori".into()],
        process: Some("Utbetalning".into()),
        sannolikhet: Some(3),
        konsekvens: Some(4),
        riskvarde: Some(12),
        befintliga_rutiner: Some("Attest".into()),
        extra: extra("Risknivå", "Hög"),
        kalla: Provenance {
            fil: "a.xlsx".into(),
            blad: Some("Plan 2024".into()),
            rader: "12".into(),
            omrade: None,
        },
        kontroller: vec![k],
    };
    let doc = Document {
        dokument_id: "a".into(),
        kalla_fil: "a.xlsx".into(),
        kalla_blad: Some("Plan 2024".into()),
        kalla_format: Some(Format::Xlsx),
        titel: Some("Plan för intern kontroll 2024".into()),
        kommun: Some("Exempelkommun".into()),
        namnd: Some("Socialnämnden".into()),
        forvaltning: Some("Socialförvaltningen".into()),
        ar: Some(2024),
        typ: DocType::Uppfoljning,
        period: Some(Period::Helar),
        datum: Some(d(2024, 3, 21)),
        diarienummer: Some("2024SOCN18".into()),
        anteckningar: Some("Stycke ett.\n\nStycke två.".into()),
        extra: extra("Rubrik", "Plan"),
        kalla: Provenance {
            fil: "a.xlsx".into(),
            blad: None,
            rader: "3\u{2013}122".into(),
            omrade: None,
        },
        risker: vec![r],
        kolumner: Vec::new(),
    };
    let empty = Document {
        dokument_id: "b".into(),
        kalla_fil: "b.txt".into(),
        kalla_format: Some(Format::Text),
        kalla: Provenance::default(),
        ..Default::default()
    };
    Output {
        schema: SCHEMA.into(),
        dokument: vec![doc, empty],
        anmarkningar: vec![Finding {
            kod: "IK203".into(),
            allvarlighet: Severity::Fel,
            meddelande: "Riskvärdet 12 är inte 3 × 5".into(),
            fil: Some("a.xlsx".into()),
            blad: Some("Plan 2024".into()),
            cell: Some("K12".into()),
            rad: Some(12),
            post_id: Some("a:R1".into()),
        }],
    }
}

#[test]
fn a_model_with_every_field_filled_reads_back_exactly() {
    let model = full_model();
    let bytes = to_xlsx_with(&model, XlsxOptions { platt: true }).unwrap();
    let back = read_ikplan(&bytes, "ut.xlsx").unwrap().unwrap();
    assert_eq!(back, model);
}
