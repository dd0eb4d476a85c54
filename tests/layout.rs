//! Layout: one case per kind of layout that real plans show (fixtures/layouts/), and the
//! vocabulary against the header wordings collected from real plans
//! (fixtures/layouts/wordings.toml).

mod common;

use ikplan::layout::Role;
use ikplan::layout::synonyms::role_of;

/// The roles a field's wording may name: the field itself, or a role that fills it.
fn accepts(field: &str, role: Role) -> bool {
    let own = Role::from_key(field);
    own == Some(role)
        || match field {
            // A process column is the risk where nothing else names it (the resolver).
            "riskomrade" => matches!(role, Role::RiskTitelBeskrivning | Role::Process),
            // "Riskkategori/Beskrivning": either.
            "riskbeskrivning" => role == Role::Kategori,
            // "Åtgärder för att minska risken" in a plan is its decided action.
            "ny_atgard" => role == Role::Atgard,
            // "Rapportering": the content decides between who and when (the resolver).
            "uppfoljning_nar" => role == Role::Rapporteringsansvarig,
            "riskvarde" => role == Role::RiskTitelBeskrivning,
            "kontroll" => role == Role::Atgard,
            _ => false,
        }
}

#[test]
fn every_collected_wording_names_its_field() {
    let text =
        std::fs::read_to_string(common::root().join("fixtures/layouts/wordings.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let fields = doc["fields"].as_table().unwrap();
    let mut missed = Vec::new();
    let mut n = 0;
    for (field, groups) in fields {
        for group in ["seen", "plausible"] {
            for w in groups[group].as_array().unwrap() {
                let w = w.as_str().unwrap();
                n += 1;
                let role = role_of(w);
                if !accepts(field, role) {
                    missed.push(format!("{w:?} ({group}) → {role}, not {field}"));
                }
            }
        }
    }
    assert!(n > 80, "the wordings file lists {n} wordings");
    assert!(
        missed.is_empty(),
        "{} of {n}:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

use ikplan::model::{Assessment, Document, Finding, Period, Status};
use ikplan::normalize::assemble::Options;
use ikplan::pipeline::convert_path;
use ikplan::rules::RuleOptions;

/// The documents and findings of a fixture of fixtures/layouts/, read with `opts`.
fn read_with(name: &str, opts: &Options) -> (Vec<Document>, Vec<Finding>) {
    let path = common::root().join("fixtures/layouts").join(name);
    let c = convert_path(&path, name, opts, &RuleOptions::default()).unwrap();
    (c.documents, c.findings)
}

fn read(name: &str) -> (Vec<Document>, Vec<Finding>) {
    read_with(name, &Options::default())
}

fn codes(f: &[Finding]) -> Vec<&str> {
    f.iter().map(|f| f.kod.as_str()).collect()
}

#[test]
fn section_rows_are_the_category_of_the_rows_below() {
    let (docs, f) = read("section_rows.csv");
    let d = &docs[0];
    assert_eq!(d.namnd.as_deref(), Some("Tekniska nämnden"));
    assert_eq!(d.ar, Some(2022));
    let risks: Vec<(&str, &[String], Option<&str>)> = d
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), &r.kategori[..], r.process.as_deref()))
        .collect();
    assert_eq!(risks.len(), 3, "{risks:?}");
    assert_eq!(risks[0].0, "Inköp utanför avtal");
    assert_eq!(risks[0].1, ["Ekonomi"]);
    assert_eq!(risks[0].2, Some("Inköp"));
    assert_eq!(risks[1].1, ["Ekonomi"]);
    assert_eq!(risks[2].1, ["Personal"]);
    // Values written with their scale word are read.
    assert_eq!(
        (d.risker[1].sannolikhet, d.risker[1].konsekvens),
        (Some(2), Some(4))
    );
    assert!(!codes(&f).contains(&"IK201"), "{f:#?}");
    assert!(!codes(&f).contains(&"IK107"), "{f:#?}");
}

#[test]
fn a_section_row_beside_a_printed_matrix_is_a_section() {
    // A risk matrix printed right of the plan puts its numbers ("K\\S 1 2 3 4", "1") on the
    // section rows: wordless marks in a column no header names, they keep no row from being
    // a section.
    let (docs, f) = read("section_rows_beside_a_printed_matrix.csv");
    let d = &docs[0];
    let risks: Vec<(Option<&str>, &str, &[String])> = d
        .risker
        .iter()
        .map(|r| (r.nummer.as_deref(), r.riskomrade.as_str(), &r.kategori[..]))
        .collect();
    assert_eq!(risks.len(), 3, "{risks:?}");
    assert_eq!(risks[0].0, Some("1"));
    assert_eq!(risks[0].1, "Felaktiga utbetalningar");
    assert_eq!(risks[1].2, ["Regionövergripande kontroller"]);
    assert_eq!(risks[2].2, ["Styrelsens egna kontroller"]);
    assert_eq!(d.risker[2].kontroller[0].kontroll, "Loggkontroll");
    // The matrix's cells on the risks' rows are kept.
    let k = &d.risker[0].kontroller[0];
    let kept = d.risker[0].extra.0.iter().chain(&k.extra.0);
    assert!(
        kept.into_iter()
            .any(|(h, v)| h == "Riskmatris" && v == "4 1, 3"),
        "{:?} {:?}",
        d.risker[0].extra,
        k.extra
    );
    assert!(!codes(&f).contains(&"IK107"), "{f:#?}");
}

#[test]
fn aligned_people_one_to_a_line_in_a_key_column() {
    // A PDF's table (controls first, then the risk) whose "Ansvarig befattning" cells hold one
    // line each but one: "Kvalitetsutv|ecklare" over "Controller", two people one to a line.
    // The column is filled on each record's first line only, like a key; the second person,
    // on a line whose other texts plainly go on the record's ("över 100", "ekonomisyst"), is
    // the cell's next item, no new record.
    let (docs, f) = read("aligned_people_one_to_a_line_in_a_key_column.txt");
    let d = &docs[0];
    assert_eq!(d.risker.len(), 4, "{:#?}", d.risker);
    let r = &d.risker[3];
    assert_eq!(r.riskomrade, "Bristande informationssäkerhet");
    assert_eq!(r.kontroller.len(), 1);
    let k = &r.kontroller[0];
    assert_eq!(k.kontroll, "Granskning av inköp över 100 000 kr");
    assert_eq!(k.metod.as_deref(), Some("Jämförelse mot ekonomisystemet"));
    assert_eq!(k.ansvarig, ["Kvalitetsutvecklare", "Controller"]);
    assert!(!codes(&f).contains(&"IK107"), "{f:#?}");
}

#[test]
fn outline_numbers_and_a_type_column_number_and_type_the_controls() {
    let (docs, f) = read("outline_numbers.csv");
    type Control<'a> = (Option<&'a str>, &'a str);
    let rows: Vec<(Option<&str>, &str, Vec<Control>)> = docs[0]
        .risker
        .iter()
        .map(|r| {
            (
                r.nummer.as_deref(),
                r.riskomrade.as_str(),
                r.kontroller
                    .iter()
                    .map(|k| (k.nummer.as_deref(), k.typ.as_str()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                Some("1"),
                "Felaktiga utbetalningar",
                vec![(Some("1.1"), "kontroll"), (Some("1.2"), "atgard")]
            ),
            (
                Some("2"),
                "Bristande arkivering",
                vec![(Some("2.1"), "kontroll")]
            ),
        ]
    );
    assert!(!codes(&f).contains(&"IK107"), "{f:#?}");
}

#[test]
fn unknown_header_words_lower_confidence_but_keep_the_table() {
    let (docs, f) = read("unknown_headers.csv");
    let d = &docs[0];
    assert_eq!(d.risker.len(), 3, "{f:#?}");
    assert_eq!(d.risker[0].kontroller[0].kontroll, "Stickprov av 10 beslut");
    // The long process header is a weak reading, reported with IK111.
    assert_eq!(d.risker[0].process.as_deref(), Some("Bidragshantering"));
    assert!(codes(&f).contains(&"IK111"), "{f:#?}");
    // A yes/no column is no status: the plan stays a plan.
    assert_eq!(d.typ, ikplan::model::DocType::Plan);
    assert!(d.risker[0].kontroller[0].uppfoljningar.is_empty());
}

#[test]
fn a_group_label_over_a_sub_row_completes_the_header() {
    let (docs, f) = read("two_row_header.txt");
    let d = &docs[0];
    assert_eq!(d.risker.len(), 2, "{f:#?}");
    let u = &d.risker[0].kontroller[0].uppfoljningar[0];
    assert_eq!(u.status, Some(Status::Genomford));
    assert_eq!(u.resultat.as_deref(), Some("Inga avvikelser noterades."));
    assert!(!codes(&f).contains(&"IK109"));
}

#[test]
fn a_code_wrapped_in_a_narrow_column_numbers_its_risk() {
    let (docs, f) = read("aligned_narrow_columns_and_cell_cut_by_page.txt");
    let numbers: Vec<Option<&str>> = docs[0].risker.iter().map(|r| r.nummer.as_deref()).collect();
    assert_eq!(
        numbers,
        [
            Some("KS-1"),
            Some("KS-2"),
            Some("KS-3"),
            Some("KS-4"),
            Some("KS-11"),
            Some("KS-12")
        ],
        "{f:#?}"
    );
    // The cell the page break cut goes on under the repeated header: the text reader joins
    // the record's lines on both pages.
    assert_eq!(
        docs[0].risker[3].kontroller[0].kontroll,
        "Avstämning av utbetalningar mot ansökan om föreningsbidrag över 10 tusen kronor",
        "{f:#?}"
    );
}

#[test]
fn content_decides_what_a_column_is() {
    let (docs, _) = read("content_decides.csv");
    let r = &docs[0].risker[0];
    // "Risk" with sentences beside Riskområde is the description, not the riskvärde.
    assert_eq!(r.riskomrade, "Felaktiga utbetalningar");
    assert!(
        r.riskbeskrivning
            .as_deref()
            .unwrap()
            .starts_with("Risk för att")
    );
    assert_eq!(r.riskvarde, None);
    // "Rapportering" holding when it is reported is uppfoljning_nar, not a person.
    let k = &r.kontroller[0];
    assert_eq!(
        k.uppfoljning_nar.as_deref(),
        Some("Vid delår och årsbokslut")
    );
    assert!(k.rapporteringsansvarig.is_empty());
}

#[test]
fn assessment_words_under_a_result_header_are_the_assessment() {
    // "Resultat av bedömning" over "Inga brister", "Mindre brister": the column holds the
    // assessment, not the result's text; the comment beside it is the result.
    let (docs, _) = read("assessment_words_under_a_result_header.csv");
    let r = &docs[0].risker;
    assert_eq!(r.len(), 2);
    let u = &r[0].kontroller[1].uppfoljningar[0];
    assert_eq!(u.kontrollbedomning, Some(Assessment::MindreBrister));
    assert_eq!(
        u.resultat.as_deref(),
        Some("Två dubbelbetalningar hittades och har återbetalats.")
    );
    let u = &r[1].kontroller[0].uppfoljningar[0];
    assert_eq!(u.kontrollbedomning, Some(Assessment::VasentligaBrister));
    assert_eq!(u.resultat.as_deref(), Some("Rutinen ses över under våren."));
}

#[test]
fn a_schedule_beside_how_often_is_when_it_is_reported() {
    // "Hur ofta?" says how often; "Tidplan" beside it is when the control is reported, and
    // "Datum för genomförande" over dates is the day it is done by, not its method.
    let (docs, _) = read("schedule_beside_how_often_and_a_date_of_doing.csv");
    let k = &docs[0].risker[0].kontroller[1];
    assert_eq!(k.frekvens.as_deref(), Some("Varje kvartal"));
    assert_eq!(k.uppfoljning_nar.as_deref(), Some("September"));
    assert_eq!(
        k.slutdatum.map(|d| d.to_string()).as_deref(),
        Some("2023-09-30")
    );
    assert_eq!(k.metod.as_deref(), Some("Utbetalningslistan stäms av."));
}

#[test]
fn report_to_and_when_beside_a_when_column_is_kept_in_extra() {
    // "När följs kontrollen upp?" says when; "Rapporteras till och när" beside it, over
    // "Nämnden vid delår", is kept in extra instead of joining the other's values.
    let (docs, _) = read("report_to_and_when_beside_a_when_column.csv");
    let k = &docs[0].risker[1].kontroller[1];
    assert_eq!(k.uppfoljning_nar.as_deref(), Some("T2"));
    assert_eq!(
        k.extra.0,
        [(
            "Rapporteras till och när".to_string(),
            "Ledningsgruppen, december".to_string()
        )]
    );
}

#[test]
fn a_header_without_rows_and_rows_outside_tables_are_reported() {
    let (_, f) = read("header_without_rows.csv");
    let ik109: Vec<_> = f.iter().filter(|f| f.kod == "IK109").collect();
    assert_eq!(ik109.len(), 1, "{f:#?}");
    assert_eq!(ik109[0].allvarlighet, ikplan::model::Severity::Fel);
    let (_, f) = read("rows_fall_out.txt");
    let ik110: Vec<_> = f.iter().filter(|f| f.kod == "IK110").collect();
    assert_eq!(ik110.len(), 1, "{f:#?}");
    assert!(
        ik110[0].meddelande.starts_with("2 rader"),
        "{}",
        ik110[0].meddelande
    );
    assert_eq!(ik110[0].rad, Some(4));
}

#[test]
fn the_users_mapping_decides() {
    let (docs, f) = read("user_mapping.csv");
    assert!(docs[0].risker.is_empty(), "no header word is known");
    assert!(codes(&f).contains(&"IK108"));
    assert!(
        f.iter()
            .any(|f| f.kod == "IK108" && f.meddelande.contains("[kolumner]")),
        "{f:#?}"
    );
    let mut opts = Options::default();
    opts.layout.map("Ämne", "riskomrade").unwrap();
    opts.layout.map("Sätt", "kontroll").unwrap();
    opts.layout.map("Person", "ansvarig").unwrap();
    opts.layout.rubrikrad = Some(1);
    let (docs, f) = read_with("user_mapping.csv", &opts);
    let d = &docs[0];
    assert_eq!(d.risker.len(), 2, "{f:#?}");
    assert_eq!(d.risker[1].riskomrade, "Bristande arkivering");
    assert_eq!(d.risker[1].kontroller[0].ansvarig, ["Registrator"]);
}

#[test]
fn kolumn_flag_and_project_file_beside_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("planer");
    std::fs::create_dir(&plans).unwrap();
    std::fs::copy(
        common::root().join("fixtures/layouts/user_mapping.csv"),
        plans.join("bun.csv"),
    )
    .unwrap();
    std::fs::write(
        plans.join("ikplan.toml"),
        "[[fil]]\nglob = \"bun.csv\"\nrubrikrad = 1\nnamnd = \"Barn- och utbildningsnämnden\"\n\
         [fil.kolumner]\n\"Ämne\" = \"riskomrade\"\n\"Sätt\" = \"kontroll\"\n\"Person\" = \"ansvarig\"\n",
    )
    .unwrap();
    let out = dir.path().join("ut.json");
    let st = std::process::Command::new(common::bin())
        .args(["convert", "-q"])
        .arg(&plans)
        .arg("-o")
        .arg(&out)
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(st.success());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let d = &json["dokument"][0];
    assert_eq!(d["namnd"], "Barn- och utbildningsnämnden");
    assert_eq!(d["risker"].as_array().unwrap().len(), 2);
    // An unknown key in the project file is an error naming the file and the line.
    std::fs::write(
        plans.join("ikplan.toml"),
        "[kolumnr]\n\"Ämne\" = \"riskomrade\"\n",
    )
    .unwrap();
    let o = std::process::Command::new(common::bin())
        .args(["check"])
        .arg(&plans)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ikplan.toml") && err.contains("rad 1"),
        "{err}"
    );
    // --kolumn on the command line.
    let o = std::process::Command::new(common::bin())
        .args([
            "inspect",
            "--kolumn",
            "Ämne=riskomrade",
            "--kolumn",
            "Sätt=kontroll",
            "--toml",
        ])
        .arg(common::root().join("fixtures/layouts/user_mapping.csv"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("\"Ämne\" = \"riskomrade\""), "{text}");
    assert!(text.contains("\"Sätt\" = \"kontroll\""), "{text}");
}

#[test]
fn the_users_words_for_types_and_periods_and_headers_that_open_with_a_mapped_wording() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ikplan.toml"),
        "[kolumner]\n\"Vad gör vi\" = \"kontroll\"\n\
         [ordlista.typ]\n\"Insats\" = \"åtgärd\"\n\"Koll\" = \"kontroll\"\n\
         [ordlista.period]\n\"T2\" = \"delar\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("t2.csv"),
        "Uppföljning internkontroll T2 2023\n\n\
         Risk;Vad gör vi (beskriv kort);Slag;Status;Kommentar\n\
         Felaktiga utbetalningar;Stickprov på utbetalningar;Koll;Genomförd;Inga fel.\n\
         Bristande arkivering;Ny rutin för arkivering;Insats;Pågående;Rutinen skrivs.\n\
         Brister i upphandling;Genomgång av avtal;Koll;Ej påbörjad;Görs i höst.\n",
    )
    .unwrap();
    let out = dir.path().join("ut.json");
    let st = std::process::Command::new(common::bin())
        .args(["convert", "-q", "t2.csv", "-o"])
        .arg(&out)
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(st.success());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let d = &json["dokument"][0];
    assert_eq!(d["period"], "delar", "{d:#}");
    let controls: Vec<(String, String)> = d["risker"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let k = &r["kontroller"][0];
            (
                k["kontroll"].as_str().unwrap().to_string(),
                k["typ"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        controls,
        [
            (
                "Stickprov på utbetalningar".to_string(),
                "kontroll".to_string()
            ),
            ("Ny rutin för arkivering".to_string(), "atgard".to_string()),
            ("Genomgång av avtal".to_string(), "kontroll".to_string()),
        ]
    );
}

/// A workbook as kommuner make them: an instructions sheet, the plan with a process merged
/// over two risks, and a risk matrix.
fn workbook_with_sheets(path: &std::path::Path) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Instruktioner").unwrap();
    ws.write_string(0, 0, "Så fyller du i planen").unwrap();
    ws.write_string(
        1,
        0,
        "Skriv en risk per rad och minst en kontroll per risk.",
    )
    .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Plan").unwrap();
    for (c, h) in ["Process", "Riskområde", "Riskvärde", "Kontroll", "Ansvarig"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // "Ekonomi" merged over the rows of two different risks: it fills down, it does not
    // make the second risk a control of the first.
    ws.merge_range(1, 0, 3, 0, "Ekonomi", &Format::new())
        .unwrap();
    let rows = [
        [
            "Felaktiga utbetalningar",
            "12",
            "Stickprov på fakturor",
            "Ekonomichef",
        ],
        ["", "", "Granskning av attestlistor", "Controller"],
        [
            "Inköp utanför avtal",
            "9",
            "Granskning av leverantörer",
            "Inköpschef",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16 + 1, *v).unwrap();
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("Riskmatris").unwrap();
    ws.write_string(0, 0, "Sannolikhet").unwrap();
    for k in 1..=5u16 {
        ws.write_number(0, k, f64::from(k)).unwrap();
        ws.write_number(k as u32, 0, f64::from(k)).unwrap();
        for s in 1..=5u16 {
            ws.write_number(k as u32, s, f64::from(k * s)).unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn sheets_without_a_plan_are_no_documents_and_merges_fill_down() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    workbook_with_sheets(&path);
    let c = convert_path(
        &path,
        "plan.xlsx",
        &Options::default(),
        &RuleOptions::default(),
    )
    .unwrap();
    assert_eq!(c.documents.len(), 1, "{:#?}", c.documents);
    let d = &c.documents[0];
    assert_eq!(d.kalla_blad.as_deref(), Some("Plan"));
    let notes = d.anteckningar.as_deref().unwrap_or_default();
    assert!(notes.contains("[Bladet Instruktioner]"), "{notes}");
    assert!(notes.contains("Skriv en risk per rad"), "{notes}");
    let ik113: Vec<_> = c.findings.iter().filter(|f| f.kod == "IK113").collect();
    assert_eq!(ik113.len(), 2, "{:#?}", c.findings);
    assert!(!codes(&c.findings).contains(&"IK107"), "{:#?}", c.findings);
    // The merged process is each risk's; the risks stay two.
    let risks: Vec<(&str, Option<&str>, usize)> = d
        .risker
        .iter()
        .map(|r| {
            (
                r.riskomrade.as_str(),
                r.process.as_deref(),
                r.kontroller.len(),
            )
        })
        .collect();
    assert_eq!(
        risks,
        [
            ("Felaktiga utbetalningar", Some("Ekonomi"), 2),
            ("Inköp utanför avtal", Some("Ekonomi"), 1)
        ]
    );
}

#[test]
fn a_label_row_over_its_value_row_gives_the_documents_facts() {
    let (docs, f) = read("label_row_over_values.csv");
    let d = &docs[0];
    assert_eq!(
        d.datum.map(|x| x.to_string()).as_deref(),
        Some("2023-02-14")
    );
    assert_eq!(d.diarienummer.as_deref(), Some("SN 2021/123"));
    assert_eq!(d.ar, Some(2023));
    // A label that names no fact keeps its value in the notes.
    assert_eq!(d.anteckningar.as_deref(), Some("Sida: 1"));
    assert_eq!(d.risker.len(), 1);
    assert!(!codes(&f).contains(&"IK107"), "{f:#?}");
}

/// What a person checks in a plan read from a layout: the document's facts, each risk with
/// its values and controls, each follow-up, and the findings' codes.
fn model_summary(docs: &[Document], f: &[Finding]) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    for d in docs {
        let _ = writeln!(
            s,
            "dokument {} typ={} nämnd={:?} år={:?} datum={:?} dnr={:?}",
            d.dokument_id,
            d.typ.as_str(),
            d.namnd,
            d.ar,
            d.datum.map(|x| x.to_string()),
            d.diarienummer
        );
        for r in &d.risker {
            let _ = writeln!(
                s,
                "  risk {:?} kategori={:?} process={:?} S={:?} K={:?} R={:?}",
                r.riskomrade, r.kategori, r.process, r.sannolikhet, r.konsekvens, r.riskvarde
            );
            if let Some(b) = &r.riskbeskrivning {
                let _ = writeln!(s, "    beskrivning {b:?}");
            }
            for k in &r.kontroller {
                let _ = writeln!(
                    s,
                    "    kontroll {:?} typ={} metod={:?} ansvarig={:?} rapportering={:?} när={:?}",
                    k.kontroll,
                    k.typ.as_str(),
                    k.metod,
                    k.ansvarig,
                    k.rapporteringsansvarig,
                    k.uppfoljning_nar
                );
                for u in &k.uppfoljningar {
                    let _ = writeln!(
                        s,
                        "      uppföljning {:?} status={:?} bedömning={:?} resultat={:?}",
                        u.period.map(|p| p.as_str()),
                        u.status.map(|x| x.as_str()),
                        u.kontrollbedomning.map(|x| x.as_str()),
                        u.resultat
                    );
                }
            }
        }
    }
    let mut codes: Vec<&str> = f.iter().map(|f| f.kod.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let _ = writeln!(s, "anmärkningar {}", codes.join(" "));
    s
}

/// Each layout case's model, as a snapshot read by a person (tests/snapshots/layout__*.snap).
#[test]
fn each_layout_case_reads_as_its_snapshot() {
    let dir = common::root().join("fixtures/layouts");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".toml") && !n.ends_with(".py"))
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    for name in names {
        let (docs, f) = read(&name);
        let stem = name.replace('.', "_");
        insta::assert_snapshot!(format!("case_{stem}"), model_summary(&docs, &f));
    }
}

#[test]
fn a_column_counting_up_from_one_numbers_the_risks() {
    // "Ref" over 1, 1, 2, 3 beside "Nr" over 1.1, 1.2, 2.1: the risks' and the controls'.
    let (docs, f) = read("ref_column_counting_risks_beside_child_numbers.csv");
    let risks = &docs[0].risker;
    let numbers: Vec<Option<&str>> = risks.iter().map(|r| r.nummer.as_deref()).collect();
    assert_eq!(numbers, [Some("1"), Some("2"), Some("3")], "{f:#?}");
    assert_eq!(risks[0].kontroller[1].nummer.as_deref(), Some("1.2"));
    // "Ref" over R1, R1, R2, R3 is no risk value beside "Riskvärde".
    let (docs, f) = read("ref_column_of_prefixed_numbers_counting_risks.csv");
    let risk = &docs[0].risker[1];
    assert_eq!(risk.nummer.as_deref(), Some("R2"), "{f:#?}");
    assert_eq!(risk.riskvarde, Some(6));
}

#[test]
fn lone_first_cells_under_a_table_are_a_finding_and_the_users_header_row_reads_them() {
    // "Jäv" and "Bisysslor" alone under the table read as headings: kept as notes, and said.
    let (docs, f) = read("lone_first_cells.csv");
    assert_eq!(docs[0].risker.len(), 1, "{f:#?}");
    let ik116: Vec<_> = f.iter().filter(|f| f.kod == "IK116").collect();
    assert_eq!(ik116.len(), 1, "{f:#?}");
    assert!(
        ik116[0].meddelande.starts_with("2 rader"),
        "{}",
        ik116[0].meddelande
    );
    assert_eq!(ik116[0].rad, Some(3));
    // The advice holds: with the header row given, they are risks without controls.
    let mut opts = Options::default();
    opts.layout.rubrikrad = Some(1);
    let (docs, f) = read_with("lone_first_cells.csv", &opts);
    let names: Vec<&str> = docs[0]
        .risker
        .iter()
        .map(|r| r.riskomrade.as_str())
        .collect();
    assert_eq!(names, ["Mutor", "Jäv", "Bisysslor"], "{f:#?}");
    assert!(!codes(&f).contains(&"IK116"));
    // A footnote sentence under a table is no such row.
    let (_, f) = read("footnote_under_table.csv");
    assert!(!codes(&f).contains(&"IK116"), "{f:#?}");
}

#[test]
fn a_done_column_holding_dates_or_status_words_is_the_status() {
    let (docs, f) = read("done_column_dates.csv");
    let got: Vec<(Option<Status>, Option<&str>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .flat_map(|k| &k.uppfoljningar)
        .map(|u| (u.status, u.status_kalla.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(Status::Genomford), Some("2021-09-30")),
            (Some(Status::EjGenomford), Some("Ej utförd")),
            (Some(Status::Genomford), Some("2021-11-02")),
        ]
    );
    assert!(!codes(&f).contains(&"IK101"), "{f:#?}");
}

#[test]
fn klart_over_dates_beside_a_status_column_is_the_last_day() {
    // "Klart" over a date on every row is the day the control is to be done by, not a
    // second status: one follow-up per control, from the status column.
    let (docs, f) = read("klart_dates_beside_a_status_and_an_evaluation.csv");
    let got: Vec<(Option<String>, usize, Option<Status>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .map(|k| {
            (
                k.slutdatum.map(|d| d.to_string()),
                k.uppfoljningar.len(),
                k.uppfoljningar.first().and_then(|u| u.status),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("2023-06-30".into()), 1, Some(Status::Genomford)),
            (Some("2023-09-15".into()), 1, Some(Status::Pagaende)),
            (Some("2023-11-30".into()), 1, Some(Status::EjGenomford)),
        ],
        "{f:#?}"
    );
}

#[test]
fn numbered_headings_over_tables_name_and_number_their_risks() {
    let (docs, _) = read("numbered_headings_over_tables.txt");
    let got: Vec<(Option<&str>, &str)> = docs[0]
        .risker
        .iter()
        .map(|r| (r.nummer.as_deref(), r.riskomrade.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("1"), "Avvikelsehantering"),
            (Some("2"), "Läkemedelshantering")
        ]
    );
}

#[test]
fn follow_ups_on_a_sheet_without_a_title_follow_up_the_documents_period() {
    let (docs, f) = read("follow_ups_without_a_title_keyed_by_number.xlsx");
    assert_eq!(docs.len(), 1, "{f:#?}");
    let got: Vec<(Option<Period>, Option<i32>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .flat_map(|k| &k.uppfoljningar)
        .map(|u| (u.period, u.ar))
        .collect();
    assert_eq!(got, [(Some(Period::Helar), Some(2023)); 3]);
}

#[test]
fn follow_ups_on_a_sheet_of_their_own_join_their_controls_by_number() {
    let (docs, f) = read("follow_ups_on_a_sheet_keyed_by_number.xlsx");
    // One document: the plan, now a follow-up; the keyed sheet is no document of its own.
    assert_eq!(docs.len(), 1, "{f:#?}");
    assert_eq!(docs[0].typ, ikplan::model::DocType::Uppfoljning);
    let got: Vec<(&str, Option<Status>, Option<&str>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .flat_map(|k| k.uppfoljningar.iter().map(move |u| (k, u)))
        .map(|(k, u)| {
            (
                k.nummer.as_deref().unwrap_or_default(),
                u.status,
                u.kontrollbedomning.map(|a| a.as_str()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1.1", Some(Status::Genomford), Some("Inga brister")),
            ("1.2", Some(Status::EjGenomford), None),
            ("2.1", Some(Status::Genomford), Some("Mindre brister")),
        ]
    );
    // The keyed sheet's title and legend are kept; a sheet of numbers no control has stays
    // notes, and says so.
    let notes = docs[0].anteckningar.as_deref().unwrap_or_default();
    assert!(
        notes.contains("[Bladet Uppföljning helår]\nUppföljning helår 2021"),
        "{notes}"
    );
    assert!(notes.contains("Nr: 7.1; Genomförd: Ja"), "{notes}");
    let ik105: Vec<Option<&str>> = f
        .iter()
        .filter(|f| f.kod == "IK105")
        .map(|f| f.blad.as_deref())
        .collect();
    assert_eq!(ik105, [Some("Tidigare år")]);
}

#[test]
fn a_control_column_of_codes_beside_the_controls_numbers_them() {
    let (docs, f) = read("control_codes_beside_the_controls.csv");
    let got: Vec<(Option<&str>, &str)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .map(|k| (k.nummer.as_deref(), k.kontroll.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("1a"), "Stickprov av tio utbetalningar mot beslut"),
            (Some("1b"), "Kontroll av attesträtter i ekonomisystemet"),
            (Some("2a"), "Genomgång av jävsdeklarationer"),
        ],
        "{f:#?}"
    );
}

#[test]
fn a_title_merged_over_rows_of_other_values_is_one_risk() {
    let (docs, _) = read("merged_title_over_values.xlsx");
    let risks = &docs[0].risker;
    let got: Vec<(&str, Option<i64>, usize)> = risks
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.riskvarde, r.kontroller.len()))
        .collect();
    assert_eq!(
        got,
        [
            ("Lönehantering", Some(12), 2),
            ("Attestrutiner", Some(6), 1)
        ]
    );
    // The second row's own value is kept with its control.
    assert!(
        risks[0].kontroller[1]
            .extra
            .0
            .iter()
            .any(|(k, v)| k == "Riskvärde" && v == "9"),
        "{:?}",
        risks[0].kontroller[1].extra
    );
}

#[test]
fn a_question_row_under_the_header_is_part_of_it() {
    let (docs, f) = read("question_row_under_header.txt");
    let risks = &docs[0].risker;
    assert_eq!(risks.len(), 2, "{f:#?}");
    // The column left of the description names the risk; "/ Rapportering" does not make
    // it a person.
    assert_eq!(risks[0].riskomrade, "Korrekt registrering av ärenden");
    let k = &risks[0].kontroller;
    // Of the two control columns, the one reading as checks gives the controls.
    assert_eq!(k.len(), 2);
    assert_eq!(
        k[0].kontroll,
        "Kontroll av att inkomna ärenden registrerats samma dag"
    );
    assert!(k[0].rapporteringsansvarig.is_empty());
    assert_eq!(k[0].uppfoljning_nar.as_deref(), Some("Vid delår"));
}

#[test]
fn statuses_as_sentences_and_answers() {
    let (docs, _) = read("status_sentences_in_result_column.txt");
    let got: Vec<(Option<Status>, Option<&str>)> = docs[0]
        .risker
        .iter()
        .map(|r| {
            let u = &r.kontroller[0].uppfoljningar[0];
            (u.status, u.status_kalla.as_deref())
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some(Status::Genomford), Some("Kontrollen är genomförd.")),
            (Some(Status::Pagaende), Some("Kontrollen pågår.")),
            (
                Some(Status::EjGenomford),
                Some("Kontrollen har inte genomförts.")
            ),
            (None, Some("Kontrollen är delvis genomförd.")),
        ]
    );
    let (docs, _) = read("done_answers_with_a_date.txt");
    let got: Vec<(usize, Option<Status>)> = docs[0]
        .risker
        .iter()
        .map(|r| (r.kontroller.len(), r.kontroller[0].uppfoljningar[0].status))
        .collect();
    assert_eq!(
        got,
        [
            (1, Some(Status::Genomford)),
            (1, Some(Status::Genomford)),
            (1, None),
            (1, Some(Status::EjGenomford)),
        ]
    );
}

#[test]
fn rows_per_control_and_period_join_as_its_follow_ups() {
    let (docs, f) = read("follow_up_rows_per_tertial.csv");
    let risks = &docs[0].risker;
    assert_eq!(risks.len(), 2, "{f:#?}");
    let periods: Vec<Vec<(Option<Period>, Option<i32>)>> = risks
        .iter()
        .map(|r| {
            assert_eq!(r.kontroller.len(), 1);
            r.kontroller[0]
                .uppfoljningar
                .iter()
                .map(|u| (u.period, u.ar))
                .collect()
        })
        .collect();
    assert_eq!(
        periods,
        [
            vec![
                (Some(Period::Delar), Some(2021)),
                (Some(Period::Delar), Some(2021))
            ],
            vec![
                (Some(Period::Delar), Some(2021)),
                (Some(Period::Helar), Some(2021))
            ],
        ]
    );
}

#[test]
fn rv_beside_the_scale_is_the_risk_value() {
    let (docs, f) = read("rv_beside_the_scale.txt");
    let values: Vec<Option<i64>> = docs[0].risker.iter().map(|r| r.riskvarde).collect();
    assert_eq!(values, [Some(6), Some(8)], "{f:#?}");
}

#[test]
fn a_time_column_of_quarters_months_and_dates_is_the_frequency() {
    let (docs, f) = read("time_column_holds_quarters_and_dates.csv");
    let controls: Vec<_> = docs[0].risker.iter().flat_map(|r| &r.kontroller).collect();
    let when: Vec<(Option<&str>, Option<&str>)> = controls
        .iter()
        .map(|k| (k.frekvens.as_deref(), k.uppfoljning_nar.as_deref()))
        .collect();
    assert_eq!(
        when,
        [
            (Some("Q2"), None),
            (Some("31/5"), None),
            (Some("mars"), None),
            (Some("2019-10-31"), None)
        ],
        "{f:#?}"
    );
}

#[test]
fn outline_numbers_varying_within_a_repeated_risk_number_the_controls() {
    let (docs, f) = read("numbers_vary_within_repeated_risk.csv");
    let risks: Vec<(&str, Option<&str>)> = docs[0]
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.nummer.as_deref()))
        .collect();
    assert_eq!(
        risks,
        [
            ("Brister i journalföring", None),
            ("Felaktiga ersättningar", None)
        ],
        "{f:#?}"
    );
    let numbers: Vec<Option<&str>> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .map(|k| k.nummer.as_deref())
        .collect();
    assert_eq!(numbers, [Some("1.1"), Some("1.2"), Some("2.1")], "{f:#?}");
}

#[test]
fn a_risk_treatment_column_types_the_rows_and_an_accepted_risk_has_no_control() {
    let (docs, f) = read("risk_treatment_column_types_the_rows.csv");
    let kinds: Vec<Vec<&str>> = docs[0]
        .risker
        .iter()
        .map(|r| r.kontroller.iter().map(|k| k.typ.as_str()).collect())
        .collect();
    assert_eq!(
        kinds,
        [vec!["kontroll"], vec!["atgard"], Vec::<&str>::new()],
        "{f:#?}"
    );
}

#[test]
fn a_matrix_beside_the_table_is_no_part_of_its_rows() {
    let (docs, f) = read("matrix_beside_the_table.csv");
    let d = &docs[0];
    let risks: Vec<(Option<&str>, &str, &[String], usize)> = d
        .risker
        .iter()
        .map(|r| {
            (
                r.nummer.as_deref(),
                r.riskomrade.as_str(),
                &r.kategori[..],
                r.kontroller.len(),
            )
        })
        .collect();
    assert_eq!(
        risks,
        [
            (
                Some("1"),
                "Felaktiga utbetalningar",
                &["Övergripande kontroller".to_string()][..],
                1
            ),
            (
                Some("2"),
                "Bristande arkivering",
                &["Övergripande kontroller".to_string()][..],
                2
            ),
            (
                Some("3"),
                "Obehörig åtkomst",
                &["Styrelsens egna kontroller".to_string()][..],
                1
            ),
        ],
        "{f:#?}"
    );
    // The matrix is kept, as notes.
    assert!(
        d.anteckningar
            .as_deref()
            .is_some_and(|a| a.contains("Riskmatris"))
    );
}

#[test]
fn outline_child_rows_in_the_risk_columns_are_the_controls() {
    let (docs, f) = read("outline_controls_in_the_risk_columns.csv");
    type Control<'a> = (Option<&'a str>, &'a str, Option<&'a str>, &'a [String]);
    let rows: Vec<(Option<&str>, &str, Vec<Control>)> = docs[0]
        .risker
        .iter()
        .map(|r| {
            (
                r.nummer.as_deref(),
                r.riskomrade.as_str(),
                r.kontroller
                    .iter()
                    .map(|k| {
                        (
                            k.nummer.as_deref(),
                            k.kontroll.as_str(),
                            k.beskrivning.as_deref(),
                            &k.ansvarig[..],
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let people = |p: &str| vec![p.to_string()];
    let (ekonomichef, ekonom, registrator) = (
        people("Ekonomichef"),
        people("Ekonom"),
        people("Registrator"),
    );
    assert_eq!(
        rows,
        [
            (
                Some("1"),
                "Felaktiga utbetalningar",
                vec![
                    (
                        Some("1.1"),
                        "Stickprov av utbetalningar",
                        Some("Tio utbetalningar per halvår."),
                        &ekonomichef[..]
                    ),
                    (
                        Some("1.2"),
                        "Avstämning av budget mot utfall",
                        None,
                        &ekonom[..]
                    ),
                ]
            ),
            (
                Some("2"),
                "Bristande arkivering",
                vec![(Some("2.1"), "Genomgång av diariet", None, &registrator[..])]
            ),
        ],
        "{f:#?}"
    );
}

#[test]
fn a_label_row_ending_a_table_assesses_its_follow_ups() {
    let (docs, f) = read("closing_label_row_assesses_the_table.csv");
    let d = &docs[0];
    let assessed: Vec<Vec<Option<&str>>> = d
        .risker
        .iter()
        .map(|r| {
            r.kontroller
                .iter()
                .flat_map(|k| &k.uppfoljningar)
                .map(|u| u.kontrollbedomning_kalla.as_deref())
                .collect()
        })
        .collect();
    assert_eq!(
        assessed,
        [
            vec![Some("Mindre brister"), Some("Mindre brister")],
            vec![Some("Inga brister")]
        ],
        "{f:#?}"
    );
    assert!(
        !d.anteckningar
            .as_deref()
            .is_some_and(|a| a.contains("Samlad bedömning"))
    );
}

#[test]
fn a_column_saying_risk_or_control_on_every_row_types_the_rows_whatever_its_header() {
    // "Objekttyp" (or "Nivå") over Risk / Kontroll / Åtgärd: the generic "Namn" names both.
    let (docs, f) = read("level_column_types_the_rows.csv");
    type Control<'a> = (&'a str, &'a str);
    let rows: Vec<(&str, Vec<Control>)> = docs[0]
        .risker
        .iter()
        .map(|r| {
            (
                r.riskomrade.as_str(),
                r.kontroller
                    .iter()
                    .map(|k| (k.kontroll.as_str(), k.typ.as_str()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Fel i lönehanteringen",
                vec![
                    ("Stickprov av lönebesked", "kontroll"),
                    ("Ny rutin för attest av lönelistor", "atgard")
                ]
            ),
            (
                "Bristande arkivering",
                vec![("Genomgång av arkivplanen", "kontroll")]
            ),
        ],
        "{f:#?}"
    );
}

#[test]
fn a_status_word_alone_on_a_result_cells_first_line_is_the_status() {
    // "Genomförd⏎Inga avvikelser." under a period's column: status, then the result.
    let (docs, f) = read("status_on_the_first_line_of_period_cells.csv");
    let got: Vec<(Option<&str>, Option<&str>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .flat_map(|k| &k.uppfoljningar)
        .map(|u| (u.status_kalla.as_deref(), u.resultat.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("Genomförd"), Some("Inga avvikelser.")),
            (Some("Pågår"), Some("Stickprov för maj pågår.")),
            (Some("Ej påbörjad"), Some("Görs i tertial 2.")),
            (Some("Genomförd"), Some("Två köp utanför avtal; rättat.")),
            (None, Some("Inga avvikelser i stickprovet.")),
            (Some("Genomförd"), Some("Inga avvikelser.")),
        ],
        "{f:#?}"
    );
}

#[test]
fn a_label_table_per_control_report_numbers_the_control_and_an_empty_label_is_no_record() {
    // "Kontrollrapport n" over each label table; report 3's "Bedömning" left empty.
    let (docs, f) = read("cards_label_table_per_control_report.csv");
    type Control<'a> = (Option<&'a str>, &'a str, Option<&'a str>);
    let rows: Vec<(&str, Vec<Control>)> = docs[0]
        .risker
        .iter()
        .map(|r| {
            (
                r.riskomrade.as_str(),
                r.kontroller
                    .iter()
                    .map(|k| {
                        (
                            k.nummer.as_deref(),
                            k.kontroll.as_str(),
                            k.uppfoljningar[0].resultat.as_deref(),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Felaktiga utbetalningar",
                vec![(
                    Some("1"),
                    "Stickprov av tio utbetalningar",
                    Some("Inga fel hittades.")
                )]
            ),
            (
                "Bristande dokumentation",
                vec![
                    (
                        Some("2"),
                        "Granskning av fem journaler",
                        Some("Två journaler saknade signatur.")
                    ),
                    (Some("3"), "Kontroll av signering", Some("Görs till helår."))
                ]
            ),
        ],
        "{f:#?}"
    );
    assert!(docs[0].risker.iter().all(|r| r.process.is_none()));
}

#[test]
fn a_page_footer_inside_a_prose_card_and_a_wrapped_result_paragraph() {
    // "Tekniska nämnden   Sida 1 av 2" between two labelled lines: no risk, no break; the
    // result paragraph wrapped over two lines is the result.
    let (docs, f) = read("cards_prose_per_control_with_page_footer.txt");
    let got: Vec<(&str, &[String], Option<&str>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.riskomrade.as_str(),
                &k.ansvarig[..],
                k.uppfoljningar[0].resultat.as_deref(),
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{got:?} {f:#?}");
    assert_eq!(got[0].0, "Inköp");
    assert!(
        got[0]
            .2
            .is_some_and(|r| r.starts_with("Av 15") && r.ends_with("rätt person.")),
        "{got:?}"
    );
    assert_eq!(got[1].0, "Arkivering");
    assert_eq!(got[1].1, ["Registrator"]);
}

#[test]
fn an_x_in_one_of_several_status_columns_gives_that_columns_status() {
    let (docs, f) = read("status_marked_with_x_in_its_column.csv");
    let got: Vec<Option<Status>> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .flat_map(|k| &k.uppfoljningar)
        .map(|u| u.status)
        .collect();
    assert_eq!(
        got,
        [
            Some(Status::Genomford),
            Some(Status::Pagaende),
            Some(Status::EjPaborjad)
        ],
        "{f:#?}"
    );
}

#[test]
fn a_period_group_over_a_done_header_gives_the_period_and_the_header_the_field() {
    // "Uppföljning helår" over "Genomförd (Ja/Nej)": the status of the year-end follow-up.
    let (docs, f) = read("period_group_over_a_done_header.csv");
    let got: Vec<(Option<ikplan::model::Period>, Option<Status>, Option<&str>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .flat_map(|k| &k.uppfoljningar)
        .map(|u| (u.period, u.status, u.status_kalla.as_deref()))
        .collect();
    let helar = Some(ikplan::model::Period::Helar);
    assert_eq!(
        got,
        [
            (helar, Some(Status::Genomford), Some("Ja")),
            (helar, Some(Status::EjGenomford), Some("Nej")),
            (helar, Some(Status::Genomford), Some("Ja")),
        ],
        "{f:#?}"
    );
}

#[test]
fn a_comment_carried_over_a_page_break_alone_is_the_rows_comment_not_a_control() {
    // After the page break a row fills only the comment column: the comment's next
    // paragraphs, under a comment that ended with a full stop. It is no control of its own.
    let (docs, f) = read("comment_carried_over_a_page_break.txt");
    let controls: Vec<&ikplan::model::Control> =
        docs[0].risker.iter().flat_map(|r| &r.kontroller).collect();
    assert_eq!(controls.len(), 3, "{f:#?}");
    let result = controls[1].uppfoljningar[0]
        .resultat
        .as_deref()
        .unwrap_or("");
    assert!(
        result.starts_with("Kontrollen har inte hunnit göras."),
        "{result}"
    );
    assert!(
        result.contains("Den flyttas till planen för 2023."),
        "{result}"
    );
    assert!(result.contains("nytt system"), "{result}");
    assert_eq!(
        controls[2].uppfoljningar[0].resultat.as_deref(),
        Some("Inga avvikelser.")
    );
    assert!(codes(&f).contains(&"IK103"), "{f:#?}");
}

/// A plan whose header takes two rows: the field names merged down over both, a group
/// "Kontrollen genomförs (månad)" merged across over one month column each below.
fn workbook_with_month_schedule(path: &std::path::Path) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Internkontrollplan 2020").unwrap();
    for (c, h) in ["Risk", "Kontrollmoment", "Ansvarig"].iter().enumerate() {
        ws.merge_range(2, c as u16, 3, c as u16, h, &Format::new())
            .unwrap();
    }
    ws.merge_range(2, 3, 2, 6, "Kontrollen genomförs (månad)", &Format::new())
        .unwrap();
    for (c, m) in ["Jan", "Feb", "Mar", "Apr"].iter().enumerate() {
        ws.write_string(3, c as u16 + 3, *m).unwrap();
    }
    let rows = [
        [
            "Felaktiga utbetalningar",
            "Stickprov",
            "Controller",
            "X",
            "",
            "",
            "",
        ],
        ["", "Attestlistor", "Ekonomichef", "", "", "X", ""],
        [
            "Bristande arkivering",
            "Genomgång",
            "Arkivarie",
            "",
            "X",
            "",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 4, c as u16, *v).unwrap();
            }
        }
    }
    ws.merge_range(4, 0, 5, 0, "Felaktiga utbetalningar", &Format::new())
        .unwrap();
    wb.save(path).unwrap();
}

#[test]
fn month_columns_under_a_merged_group_are_the_second_header_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    workbook_with_month_schedule(&path);
    let c = convert_path(
        &path,
        "plan.xlsx",
        &Options::default(),
        &RuleOptions::default(),
    )
    .unwrap();
    let risks: Vec<(&str, usize)> = c.documents[0]
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.kontroller.len()))
        .collect();
    assert_eq!(
        risks,
        [("Felaktiga utbetalningar", 2), ("Bristande arkivering", 1)],
        "{:#?}",
        c.findings
    );
    // Each X keeps the month it stands under.
    let k = &c.documents[0].risker[0].kontroller[1];
    assert_eq!(
        k.extra.0,
        [(
            "Kontrollen genomförs (månad) Mar".to_string(),
            "X".to_string()
        )]
    );
}

#[test]
fn a_summary_row_at_a_tables_foot_is_no_risk_and_no_control() {
    let (docs, f) = read("summary_row_at_a_tables_foot.csv");
    let d = &docs[0];
    let risks: Vec<(&str, usize)> = d
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.kontroller.len()))
        .collect();
    assert_eq!(
        risks,
        [("Ekonomiskt bistånd", 1), ("Delegering", 1)],
        "{f:#?}"
    );
    // The controls have an assessment column: the one not yet assessed stays so.
    let u = &d.risker[1].kontroller[0].uppfoljningar[0];
    assert_eq!(u.kontrollbedomning, None);
    let notes = d.anteckningar.as_deref().unwrap_or_default();
    assert!(
        notes.contains("Sammanfattande bedömning för processen: Godtagbar med anmärkning"),
        "{notes}"
    );
}

#[test]
fn a_legend_line_under_a_matrix_beside_the_table_is_a_note() {
    let (docs, f) = read("legend_line_under_a_matrix_beside_the_table.csv");
    let d = &docs[0];
    let controls: Vec<usize> = d.risker.iter().map(|r| r.kontroller.len()).collect();
    assert_eq!(controls, [1, 1], "{f:#?}");
    let notes = d.anteckningar.as_deref().unwrap_or_default();
    assert!(notes.contains("Grön 1-4 låg"), "{notes}");
}

#[test]
fn a_process_on_its_groups_first_row_and_a_paragraph_after_a_page_break() {
    let (docs, f) = read("process_on_a_groups_first_row_and_a_paragraph_after_the_break.txt");
    let d = &docs[0];
    let risks: Vec<(&str, Option<&str>)> = d
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.process.as_deref()))
        .collect();
    assert_eq!(
        risks,
        [
            ("Lönetillägg utan beslut", Some("Personal")),
            ("Bisysslor anmäls inte", Some("Personal")),
            ("Borgen följs inte upp", Some("Ekonomi")),
            ("Felaktig redovisning", Some("Ekonomi")),
        ],
        "{f:#?}"
    );
    // The paragraph under the repeated header ends the row above; it is no header.
    let borgen = &d.risker[2].kontroller[0].uppfoljningar[0];
    assert!(
        borgen
            .resultat
            .as_deref()
            .is_some_and(|r| r.ends_with("Uppföljningen fortsätter vid helår.")),
        "{borgen:?}"
    );
    let last = &d.risker[3].kontroller[0].uppfoljningar[0];
    assert_eq!(last.period, Some(ikplan::model::Period::Delar));
}

#[test]
fn a_card_label_set_beside_a_long_value_is_the_values_label() {
    let (docs, f) = read("cards_label_beside_a_long_value.txt");
    let d = &docs[0];
    let risks: Vec<(&str, Vec<&str>)> = d
        .risker
        .iter()
        .map(|r| {
            (
                r.riskomrade.as_str(),
                r.kontroller.iter().map(|k| k.kontroll.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        risks,
        [
            (
                "Bristande uppföljning av avtal",
                vec!["Kontroll av att avtalsansvarig finns för alla avtal över 1 miljon kronor"]
            ),
            (
                "Brister i informationssäkerheten",
                vec!["Kontroll av att behörigheter tas bort vid avslutad anställning"]
            ),
        ],
        "{f:#?}"
    );
    let u = &d.risker[0].kontroller[0].uppfoljningar[0];
    assert_eq!(
        u.resultat.as_deref(),
        Some("Avtalsansvarig saknades för tre av 42 avtal. Ansvariga har utsetts.")
    );
    // A dash alone as the new action: none.
    assert_eq!(u.ny_atgard, None);
}

#[test]
fn abbreviated_headers_a_yes_no_column_and_moments_of_the_year() {
    // "Sann." / "Kons." / "Ansv." written out; "Rutin finns (Ja/Nej)" over Ja / Nej is no
    // process (the second control stays under its risk); "Tidpunkt" over the election
    // year's moments is the frequency as written.
    let (docs, f) = read("abbreviations_and_a_yes_no_rutin_column.csv");
    let risks = &docs[0].risker;
    assert_eq!(risks.len(), 3, "{f:#?}");
    assert_eq!(risks[0].riskomrade, "Förtidsröster skickas för sent");
    assert_eq!(risks[0].nummer.as_deref(), Some("1"));
    assert_eq!(
        (risks[0].sannolikhet, risks[0].konsekvens),
        (Some(3), Some(3))
    );
    assert_eq!(risks[0].process, None);
    assert_eq!(risks[0].kontroller.len(), 2);
    let k = &risks[0].kontroller[1];
    assert_eq!(k.ansvarig, ["Valkansliet"]);
    assert_eq!(k.frekvens.as_deref(), Some("Valdagen"));
    assert_eq!(k.uppfoljning_nar, None);
}

#[test]
fn a_status_and_assessment_column_splits_at_the_dash() {
    let (docs, f) = read("status_and_assessment_in_one_cell.csv");
    let got: Vec<(Option<&str>, Option<&str>, Option<&str>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .flat_map(|k| &k.uppfoljningar)
        .map(|u| {
            (
                u.status.map(|s| s.as_str()),
                u.status_kalla.as_deref(),
                u.kontrollbedomning.map(|a| a.as_str()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("Genomförd"), Some("Genomförd"), Some("Inga brister")),
            (Some("Genomförd"), Some("Genomförd"), Some("Mindre brister")),
            (Some("Pågående"), Some("Pågående"), None),
        ],
        "{f:#?}"
    );
}

#[test]
fn labels_inside_a_cell_name_its_fields_and_are_no_part_of_them() {
    let (docs, f) = read("labelled_paragraphs_in_a_risk_and_a_control_cell.csv");
    let r = &docs[0].risker[0];
    assert_eq!(r.riskomrade, "Biljettintäkter redovisas fel", "{f:#?}");
    assert_eq!(
        r.riskbeskrivning.as_deref(),
        Some("Kassasystemet stäms inte av mot bokföringen.")
    );
    let k = &r.kontroller[0];
    assert_eq!(k.kontroll, "Avstämning av kassasystem mot huvudbok");
    assert_eq!(k.metod.as_deref(), Some("Månadsvis avstämning"));
    assert_eq!(docs[0].risker[1].riskomrade, "Upphovsrätt betalas inte");
}

#[test]
fn a_yes_no_done_header_over_one_row_is_the_status() {
    let (docs, f) = read("done_yes_no_header_over_one_row.csv");
    let u = &docs[0].risker[0].kontroller[0].uppfoljningar[0];
    assert_eq!(u.status, Some(Status::EjGenomford), "{f:#?}");
    assert_eq!(u.status_kalla.as_deref(), Some("Nej"));
}

#[test]
fn category_codes_are_read_through_the_documents_legend() {
    let (docs, f) = read("category_codes_by_a_legend.csv");
    let got: Vec<&[String]> = docs[0]
        .risker
        .iter()
        .map(|r| r.kategori.as_slice())
        .collect();
    assert_eq!(
        got,
        [
            &["Ekonomi".to_string()][..],
            &["Verksamhet".to_string()][..],
            &["Personal".to_string()][..]
        ],
        "{f:#?}"
    );
}

#[test]
fn aligned_header_words_broken_over_many_lines_name_their_fields() {
    // A Word table of narrow columns as `pdftotext -layout` prints it: each header word is
    // broken inside over two or three lines ("Riskiden" over "tifiering", "Bedömni" over
    // "ng av" over "kontroll"). The pieces are joined into the columns' wordings, which the
    // vocabulary then names (made by make_aligned_header_words_broken.py).
    let (docs, f) = read("aligned_header_words_broken_over_many_lines.txt");
    let d = &docs[0];
    assert_eq!(d.typ, ikplan::model::DocType::Uppfoljning, "{f:#?}");
    let risks: Vec<(&str, Option<i64>, Option<i64>)> = d
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.sannolikhet, r.konsekvens))
        .collect();
    assert_eq!(
        risks,
        [
            ("Inköp utanför avtal", Some(3), Some(2)),
            ("Felaktiga löner", Some(2), Some(4)),
            ("Bristande arkivering", Some(3), Some(3)),
            // (The reader joins this cell's wrapped words without their space: see
            // mend_broken_words.)
            ("Otillåtenrepresentation", Some(2), Some(3)),
            ("Jäv vid bidrag", Some(2), Some(4)),
            ("Felaktiga avgifter", Some(3), Some(2)),
        ],
        "{f:#?}"
    );
    let r = &d.risker[1];
    assert_eq!(
        r.riskbeskrivning.as_deref(),
        Some("Risk att lön betalas ut fel.")
    );
    let k = &r.kontroller[0];
    assert_eq!(k.kontroll, "Kontroll av lönelistor");
    assert_eq!(k.ansvarig, ["Lönechef"]);
    assert_eq!(
        k.uppfoljningar[0].kontrollbedomning,
        Some(ikplan::model::Assessment::IngaBrister)
    );
}

#[test]
fn a_group_over_an_unknown_label_under_a_header_merged_down_is_the_headers() {
    let (docs, f) = read("group_over_an_unknown_label_merged_down.xlsx");
    assert_eq!(docs.len(), 1, "{f:#?}");
    let got: Vec<(Option<&str>, &str, Option<i64>, usize)> = docs[0]
        .risker
        .iter()
        .map(|r| {
            (
                r.nummer.as_deref(),
                r.riskomrade.as_str(),
                r.riskvarde,
                r.kontroller.len(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("1"), "Felaktig debitering av avgifter", Some(6), 2),
            (Some("2"), "Bristande attestrutiner", Some(9), 1),
        ]
    );
}

#[test]
fn a_follow_up_sheet_of_comments_keyed_by_number_holds_the_results() {
    let (docs, f) = read("follow_up_sheet_of_comments_keyed_by_number.xlsx");
    // One document: the keyed sheet joins the plan's controls.
    assert_eq!(docs.len(), 1, "{f:#?}");
    assert_eq!(docs[0].typ, ikplan::model::DocType::Uppfoljning);
    let got: Vec<(&str, Vec<Option<&str>>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .map(|k| {
            (
                k.nummer.as_deref().unwrap_or_default(),
                k.uppfoljningar
                    .iter()
                    .map(|u| u.resultat.as_deref())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1.1", vec![Some("Alla beslut var anmälda.")]),
            ("1.2", vec![Some("Två beslut anmäldes sent.")]),
            ("2.1", vec![Some("Kontrollen flyttas till hösten.")]),
        ]
    );
}

/// A risk's number, title and its controls' numbers.
type Numbered<'a> = (Option<&'a str>, &'a str, Vec<Option<&'a str>>);

#[test]
fn numbers_opening_each_risk_at_one_number_its_controls() {
    // "1.1", "2.1", "3.1", a risk to each: an outline whose risks are the parents.
    let (docs, f) = read("control_numbers_opening_each_risk.csv");
    assert_eq!(docs.len(), 1, "{f:#?}");
    let got: Vec<Numbered> = docs[0]
        .risker
        .iter()
        .map(|r| {
            (
                r.nummer.as_deref(),
                r.riskomrade.as_str(),
                r.kontroller.iter().map(|k| k.nummer.as_deref()).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Some("1"),
                "Diarieföring och dokumenthantering",
                vec![Some("1.1")]
            ),
            (Some("2"), "Felaktiga utbetalningar", vec![Some("2.1")]),
            (Some("3"), "Livsmedelskontroll", vec![Some("3.1")]),
        ]
    );
}

#[test]
fn labels_beside_a_name_merged_down_are_the_documents_facts() {
    let (docs, f) = read("labels_beside_a_name_merged_down.xlsx");
    assert_eq!(docs.len(), 1, "{f:#?}");
    let d = &docs[0];
    assert_eq!(d.kommun.as_deref(), Some("ÖSTRA KOMMUN"));
    assert_eq!(d.namnd.as_deref(), Some("Kommunstyrelsen"));
    assert_eq!(d.diarienummer.as_deref(), Some("KS 2024/12"));
    assert_eq!(
        d.datum.map(|x| x.to_string()).as_deref(),
        Some("2024-01-15")
    );
    assert_eq!(d.anteckningar, None);
    let controls: Vec<usize> = d.risker.iter().map(|r| r.kontroller.len()).collect();
    assert_eq!(controls, [2, 1]);
}

/// A risk's number and its control's follow-ups (status, result).
type Keyed<'a> = (Option<&'a str>, Vec<(Option<Status>, Option<&'a str>)>);

#[test]
fn follow_ups_keyed_by_risk_number_below_the_plan_join_the_risks_one_control() {
    let (docs, f) = read("follow_ups_keyed_by_risk_number_below_the_plan.csv");
    assert_eq!(docs.len(), 1, "{f:#?}");
    assert_eq!(docs[0].typ, ikplan::model::DocType::Uppfoljning);
    let got: Vec<Keyed> = docs[0]
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.nummer.as_deref(),
                k.uppfoljningar
                    .iter()
                    .map(|u| (u.status, u.resultat.as_deref()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Some("1"),
                vec![(Some(Status::Genomford), Some("Två fakturor var fel."))]
            ),
            (
                Some("2"),
                vec![(Some(Status::EjGenomford), Some("Flyttas till 2024."))]
            ),
        ]
    );
}

#[test]
fn follow_ups_on_a_sheet_keyed_by_risk_number_join_the_risks_one_control() {
    let (docs, f) = read("follow_ups_on_a_sheet_keyed_by_risk_number.xlsx");
    assert_eq!(docs.len(), 1, "{f:#?}");
    assert_eq!(docs[0].typ, ikplan::model::DocType::Uppfoljning);
    // No title or header names the period: the sheet's name "Uppföljning helår" does.
    assert_eq!(docs[0].period, Some(ikplan::model::Period::Helar));
    let periods: Vec<_> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .flat_map(|k| &k.uppfoljningar)
        .map(|u| u.period)
        .collect();
    assert_eq!(periods, [Some(ikplan::model::Period::Helar); 2]);
    let got: Vec<Keyed> = docs[0]
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.nummer.as_deref(),
                k.uppfoljningar
                    .iter()
                    .map(|u| (u.status, u.resultat.as_deref()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Some("1"),
                vec![(Some(Status::Genomford), Some("Två fakturor var fel."))]
            ),
            (
                Some("2"),
                vec![(Some(Status::EjGenomford), Some("Flyttas till 2024."))]
            ),
        ]
    );
}

#[test]
fn aligned_cells_one_space_apart_are_split_at_the_columns_edges() {
    // A PDF's table as `pdftotext -layout` prints it, where two cells stand one space apart:
    // a right-aligned number ends one space before the next column's text ("1 Felaktiga
    // …", "12 Stickprov …"), and a control that fills its cell ends one space before the
    // responsible ("… med Controller"). The header's column edges split them.
    let (docs, f) = read("aligned_cells_one_space_apart.txt");
    let d = &docs[0];
    // Number, title, S, K and RV of a risk.
    type RiskRow<'a> = (
        Option<&'a str>,
        &'a str,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    );
    let risks: Vec<RiskRow> = d
        .risker
        .iter()
        .map(|r| {
            (
                r.nummer.as_deref(),
                r.riskomrade.as_str(),
                r.sannolikhet,
                r.konsekvens,
                r.riskvarde,
            )
        })
        .collect();
    assert_eq!(
        risks,
        [
            (
                Some("1"),
                "Felaktiga utbetalningar av ekonomiskt bistånd",
                Some(3),
                Some(4),
                Some(12)
            ),
            (Some("2"), "Inköp utanför avtal", Some(2), Some(3), Some(6)),
            (
                Some("3"),
                "Brister i dokumentationen i hemtjänsten",
                Some(3),
                Some(3),
                Some(9)
            ),
        ],
        "{f:#?}"
    );
    let controls: Vec<(&str, &[String])> = d
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .map(|k| (k.kontroll.as_str(), k.ansvarig.as_slice()))
        .collect();
    assert_eq!(
        controls,
        [
            (
                "Stickprov på utbetalningar mot beslut",
                &["Ekonomichef".to_string()][..]
            ),
            (
                "Genomgång av leverantörer med avtalsuppföljning",
                &["Controller".to_string()][..]
            ),
            ("Granskning av journaler", &["Enhetschef".to_string()][..]),
        ]
    );
}

#[test]
fn aligned_tall_rows_keep_their_table_over_blank_lines() {
    // A Word table of tall rows printed to PDF: three or four blank lines stand between its
    // rows. The rows below fit the header's columns, so the table goes on.
    let (docs, f) = read("aligned_tall_rows_with_blank_lines.txt");
    let d = &docs[0];
    assert_eq!(d.typ, ikplan::model::DocType::Uppfoljning, "{f:#?}");
    let rows: Vec<(&str, &str, Option<&str>)> = d
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.riskomrade.as_str(),
                k.kontroll.as_str(),
                k.uppfoljningar.first().and_then(|u| u.resultat.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Bidrag",
                "Stickprov av beviljade bidrag mot ansökan",
                Some("Inga avvikelser.")
            ),
            ("Inköp", "Kontroll av avtalstrohet", Some("Analys pågår.")),
            (
                "Representation",
                "Granskning av fakturor mot riktlinjerna",
                Some("En faktura saknade deltagare.")
            ),
        ],
        "{f:#?}"
    );
}

#[test]
fn aligned_sub_header_after_a_blank_line_names_the_groups_columns() {
    // A Word table's two header rows printed to PDF with a blank line between them: the
    // group's text ("Riskbedömning") on the first, its sub-columns ("Sannolikhet ·
    // Konsekvens · Riskvärde") on the second, the first row right under it.
    let (docs, f) = read("aligned_sub_header_after_blank_line.txt");
    let d = &docs[0];
    // Per control: its risk's title, S, K and RV, the control and its frequency.
    type ControlRow<'a> = (
        &'a str,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        &'a str,
        Option<&'a str>,
    );
    let rows: Vec<ControlRow> = d
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.riskomrade.as_str(),
                r.sannolikhet,
                r.konsekvens,
                r.riskvarde,
                k.kontroll.as_str(),
                k.frekvens.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Felaktiga utbetalningar av bistånd",
                Some(3),
                Some(3),
                Some(9),
                "Stickprov av tio utbetalningar",
                Some("Två gånger per år")
            ),
            (
                "Brister i dokumentation",
                Some(2),
                Some(4),
                Some(8),
                "Granskning av journaler",
                Some("En gång per år")
            ),
        ],
        "{f:#?}"
    );
}

/// A hidden column of database keys ("ID") before the plan's own "Nr" is not the risks'
/// numbering: its cells are not read, and IK118 names the column; a hidden row (last year's
/// risk kept out of print) is read, and IK119 says so.
#[test]
fn a_hidden_id_column_is_not_read_and_a_hidden_row_is_read_and_said() {
    let (docs, f) = read("hidden_id_column_and_a_hidden_old_risk.xlsx");
    assert_eq!(docs.len(), 1, "{f:#?}");
    let d = &docs[0];
    assert_eq!(d.namnd.as_deref(), Some("Socialnämnden"));
    let risks: Vec<(Option<&str>, &str)> = d
        .risker
        .iter()
        .map(|r| (r.nummer.as_deref(), r.riskomrade.as_str()))
        .collect();
    assert_eq!(
        risks,
        [
            (Some("1"), "Felaktiga utbetalningar"),
            (Some("2"), "Jäv vid upphandling"),
            (Some("3"), "Bristande arkivering"),
        ],
        "{f:#?}"
    );
    assert!(
        d.risker.iter().all(|r| r.extra.0.is_empty()),
        "no key kept as a field"
    );
    let hidden_cols: Vec<&Finding> = f.iter().filter(|f| f.kod == "IK118").collect();
    assert_eq!(hidden_cols.len(), 1, "{f:#?}");
    assert_eq!(hidden_cols[0].cell.as_deref(), Some("A3"));
    assert!(
        hidden_cols[0].meddelande.contains("A \u{201d}ID\u{201d}"),
        "{}",
        hidden_cols[0].meddelande
    );
    let hidden_rows: Vec<&Finding> = f.iter().filter(|f| f.kod == "IK119").collect();
    assert_eq!(hidden_rows.len(), 1, "{f:#?}");
    assert_eq!(hidden_rows[0].rad, Some(6));
    assert_eq!(hidden_rows[0].cell.as_deref(), Some("B6"));
    assert!(
        hidden_rows[0]
            .meddelande
            .starts_with("Bladet har 1 dold rad")
    );
}

/// A risk's number, name, sheet and riskvärde.
type OnSheet<'a> = (Option<&'a str>, &'a str, Option<&'a str>, Option<i64>);

/// One risk per sheet ("Risk 1", "Risk 2", "Risk 3"), each the same card: one plan of
/// three risks, numbered by their sheets, each risk located on its own sheet.
#[test]
fn one_risk_per_sheet_is_one_plan() {
    let (docs, f) = read("one_risk_per_sheet_cards.xlsx");
    assert_eq!(docs.len(), 1, "{docs:#?}");
    let d = &docs[0];
    assert_eq!(d.kalla_blad, None);
    assert_eq!(
        (d.namnd.as_deref(), d.ar),
        (Some("Socialnämnden"), Some(2024))
    );
    let risks: Vec<OnSheet> = d
        .risker
        .iter()
        .map(|r| {
            (
                r.nummer.as_deref(),
                r.riskomrade.as_str(),
                r.kalla.blad.as_deref(),
                r.riskvarde,
            )
        })
        .collect();
    assert_eq!(
        risks,
        [
            (
                Some("1"),
                "Felaktiga utbetalningar",
                Some("Risk 1"),
                Some(12)
            ),
            (Some("2"), "Jäv vid upphandling", Some("Risk 2"), Some(8)),
            (Some("3"), "Bristande arkivering", Some("Risk 3"), Some(4)),
        ],
        "{f:#?}"
    );
    let ids: Vec<&str> = d.risker.iter().map(|r| r.risk_id.as_str()).collect();
    assert_eq!(ids.len(), 3);
    assert!(ids.windows(2).all(|w| w[0] != w[1]), "{ids:?}");
    assert!(
        d.risker
            .iter()
            .all(|r| r.kontroller.len() == 1 && r.dokument_id.as_str() == d.dokument_id),
        "{d:#?}"
    );
}

/// A wide sheet printed as it is: each page holds a slice of the columns (Process and
/// Kontrollmoment; Ansvarig and Frekvens; Riskvärde and Rapporteras till). The slices are
/// stitched back into whole rows, a control under a merged process cell (no blank line
/// above it on the first page) included.
#[test]
fn a_wide_sheet_printed_in_page_slices_reads_as_one_table() {
    let (docs, f) = read("aligned_wide_sheet_printed_in_page_slices.txt");
    let risks = &docs[0].risker;
    let titles: Vec<&str> = risks.iter().map(|r| r.riskomrade.as_str()).collect();
    assert_eq!(
        titles,
        ["Ekonomi", "Personal", "Informationssäkerhet"],
        "{f:#?}"
    );
    let values: Vec<Option<i64>> = risks.iter().map(|r| r.riskvarde).collect();
    assert_eq!(values, [Some(12), Some(8), Some(12)]);
    let controls: Vec<(&str, &str, Option<&str>)> = risks
        .iter()
        .flat_map(|r| &r.kontroller)
        .map(|k| {
            (
                k.kontroll.as_str(),
                k.ansvarig[0].as_str(),
                k.frekvens.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        controls,
        [
            (
                "Stickprov av 20 fakturor mot attestlistan",
                "Ekonomichef",
                Some("Två gånger per år")
            ),
            (
                "Kontroll av att avtalen följs",
                "Upphandlare",
                Some("En gång per år")
            ),
            (
                "Avstämning av lön mot anställningsavtal",
                "Lönechef",
                Some("Kvartalsvis")
            ),
            (
                "Kontroll av behörigheter i verksamhetssystemet",
                "IT-chef",
                Some("En gång per år")
            ),
        ]
    );
    assert!(!codes(&f).contains(&"IK107"), "{f:#?}");
}

/// A PDF's table pulled out with plain `pdftotext` (one cell per line, column after
/// column) is no table to trust: IK120, a fel, names it and the way out.
#[test]
fn a_table_pulled_out_one_cell_per_line_is_a_fel_that_says_how_to_get_it_right() {
    let (_, f) = read("plain_pdftotext_one_cell_per_line.txt");
    let hits: Vec<&Finding> = f.iter().filter(|f| f.kod == "IK120").collect();
    assert_eq!(hits.len(), 1, "{f:#?}");
    assert_eq!(hits[0].allvarlighet, ikplan::model::Severity::Fel);
    assert_eq!(hits[0].rad, Some(4));
    assert!(
        hits[0].meddelande.contains("pdftotext -layout"),
        "{}",
        hits[0].meddelande
    );
    // A table of one cell per line read row by row reads and is no IK120.
    let (docs, f) = read("aligned_wide_sheet_printed_in_page_slices.txt");
    assert!(!docs[0].risker.is_empty());
    assert!(!codes(&f).contains(&"IK120"));
}

#[test]
fn aligned_tall_header_with_no_blank_line_reads_whole() {
    // A group's text ("Riskbedömning") over sub-columns whose words and scales a narrow
    // column broke over three lines ("Sannoli" / "khet 1–" / "5"), no blank line under
    // them, a section's name under "#" first: the header ends there, no junk row.
    let (docs, f) = read("aligned_tall_header_no_blank_line.txt");
    let d = &docs[0];
    let rows: Vec<(&str, Option<i64>, Option<i64>, &str)> = d
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.riskomrade.as_str(),
                r.sannolikhet,
                r.konsekvens,
                k.kontroll.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Felaktiga utbetalningar",
                Some(3),
                Some(4),
                "Stickprov av fakturor"
            ),
            (
                "Brister i attest",
                Some(2),
                Some(2),
                "Granskning av attestlistor"
            ),
        ],
        "{f:#?}"
    );
}

#[test]
fn aligned_records_title_over_description_and_new_sentences_stay_one_record() {
    // A Word table through `pdftotext -layout` without blank lines between records: a risk
    // cell's title stands over its description ("Sjukfrånvaro" over "Risk att …", which
    // would have fitted after it: a paragraph of its own), and a record's line that starts a
    // new sentence in two long cells ("Granskningen omfattar …" beside "Avvikelser följs")
    // but leaves the number, S and responsible blank goes on that record.
    let (docs, f) = read("aligned_records_title_over_description_and_new_sentences.txt");
    let d = &docs[0];
    let risks: Vec<(&str, Option<&str>)> = d
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.riskbeskrivning.as_deref()))
        .collect();
    assert_eq!(
        risks,
        [
            (
                "Sjukfrånvaro",
                Some("Risk att hög sjukfrånvaro påverkar verksamheten.")
            ),
            (
                "Färdtjänst",
                Some("Risk att resor debiteras fel.\nGranskningen omfattar alla resor.")
            ),
            ("Inköp", Some("Risk att avtal inte följs.")),
        ],
        "{f:#?}"
    );
    let controls: Vec<(&str, Option<&str>, Vec<String>)> = d
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .map(|k| (k.kontroll.as_str(), k.metod.as_deref(), k.ansvarig.clone()))
        .collect();
    assert_eq!(
        controls,
        [
            (
                "Uppföljning av frånvaro",
                Some("Statistik granskas.\nAvvikelser följs upp."),
                vec!["Controller".to_string()]
            ),
            (
                "Mätning av tider",
                Some("Resor granskas.\nUrvalet är stort.\nAvvikelser följs upp."),
                vec!["Rektor".to_string()]
            ),
            (
                "Kontroll av avtal",
                Some("Stickprov."),
                vec!["Controller".to_string()]
            ),
        ],
        "{f:#?}"
    );
    assert_eq!(d.risker[1].sannolikhet, Some(2));
}

#[test]
fn aligned_cards_in_an_order_of_their_own_under_the_documents_head() {
    // Aligned text cards whose labels stand apart from their values, each card listing its
    // control's labels before its risk's; a block of control labels alone is the next
    // control of the risk above; "Metod Hur ska kontrollen genomföras?Stickprov …" is a
    // label glued to its value; the title, "Ansvarig nämnd: …" and "Dnr …" above the first
    // card are the document's, no risk's title.
    let (docs, f) = read("cards_aligned_shuffled_with_head_and_glued_question.txt");
    let d = &docs[0];
    assert_eq!(d.diarienummer.as_deref(), Some("SN 2023/412"), "{f:#?}");
    // (title, number, process, controls) of each risk.
    type Risk<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Vec<&'a str>);
    let risks: Vec<Risk> = d
        .risker
        .iter()
        .map(|r| {
            (
                r.riskomrade.as_str(),
                r.nummer.as_deref(),
                r.process.as_deref(),
                r.kontroller.iter().map(|k| k.kontroll.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        risks,
        [
            (
                "Felaktiga utbetalningar",
                Some("1"),
                Some("Ekonomi"),
                vec!["Granskning av attester", "Kontroll av leverantörsregister"]
            ),
            (
                "Hot och våld",
                Some("2"),
                Some("Personal"),
                vec!["Uppföljning av tillbud"]
            ),
        ],
        "{f:#?}"
    );
    let r = &d.risker[0];
    assert_eq!(
        r.riskbeskrivning.as_deref(),
        Some("Risk att fakturor betalas utan att ha attesterats.")
    );
    assert_eq!(
        (r.sannolikhet, r.konsekvens, r.riskvarde),
        (Some(3), Some(4), Some(12))
    );
    let k = &r.kontroller[0];
    assert_eq!(
        k.metod.as_deref(),
        Some("Stickprov om tjugo fakturor per kvartal.")
    );
    assert_eq!(k.ansvarig, ["Ekonomichef"]);
    let k = &r.kontroller[1];
    assert_eq!(k.metod.as_deref(), Some("Uttag ur ekonomisystemet."));
    assert_eq!(k.ansvarig, ["Controller"]);
    assert_eq!(
        k.uppfoljningar[0].resultat.as_deref(),
        Some("Registret granskas under hösten.")
    );
}

#[test]
fn aligned_first_column_group_over_sub_columns() {
    // The first column's header is a group ("Riskbedömning") whose sub-columns are named
    // right under it ("Sannol." · "Konsekve" / "ns 1–5"), no blank line under the header:
    // a text under the first column that does not go on with the group's text names a
    // sub-column there, it ends no header.
    let (docs, f) = read("aligned_first_column_group_over_sub_columns.txt");
    let d = &docs[0];
    type Row<'a> = (&'a str, Option<i64>, Option<i64>, &'a str, &'a [String]);
    let rows: Vec<Row> = d
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.riskomrade.as_str(),
                r.sannolikhet,
                r.konsekvens,
                k.kontroll.as_str(),
                k.ansvarig.as_slice(),
            )
        })
        .collect();
    let controller = ["Controller".to_string()];
    let chief = ["Enhetschef".to_string()];
    assert_eq!(
        rows,
        [
            (
                "Felaktiga utbetalningar",
                Some(3),
                Some(4),
                "Stickprov av fakturor",
                &controller[..]
            ),
            (
                "Brister i attest",
                Some(2),
                Some(2),
                "Granskning av attestlistor",
                &chief[..]
            ),
        ],
        "{f:#?}"
    );
}

#[test]
fn aligned_capitals_header_pieces_on_every_page() {
    // A wide header in capitals broken by narrow columns ("STAT" / "US" / "DELÅ" / "R"),
    // repeated on every page: its lines of four pieces ("US ÖMN US ÖMN", "DELÅ ING HELÅ
    // ING") are no key/value card's, they stand among the header's wider lines.
    let (docs, f) = read("aligned_capitals_header_pieces_on_every_page.txt");
    let d = &docs[0];
    type Row<'a> = (&'a str, &'a str, Vec<(Option<Period>, Option<Status>)>);
    let rows: Vec<Row> = d
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.riskomrade.as_str(),
                k.kontroll.as_str(),
                k.uppfoljningar
                    .iter()
                    .map(|u| (u.period, u.status))
                    .collect(),
            )
        })
        .collect();
    let done = |p| (Some(p), Some(Status::Genomford));
    assert_eq!(
        rows,
        [
            (
                "Felaktiga utbetalningar",
                "Stickprov av fakturor",
                vec![done(Period::Delar), done(Period::Helar)]
            ),
            (
                "Brister i attest",
                "Granskning av attestlistor",
                vec![done(Period::Delar), (Some(Period::Helar), None)]
            ),
            (
                "Jäv vid upphandling",
                "Kontroll av protokoll",
                vec![done(Period::Delar), done(Period::Helar)]
            ),
            (
                "Sen diarieföring",
                "Stickprov av ärenden",
                vec![done(Period::Delar), done(Period::Helar)]
            ),
        ],
        "{f:#?}"
    );
}

#[test]
fn aligned_header_abbreviation_beside_a_name() {
    // "N Risker" over "r": the abbreviation "Nr" a narrow column broke stands one space from
    // the next column's name; the two are two columns. A broken word's rest that ends in a
    // sign joins it ("genomfö" over "ras?", "Omfattnin" over "g/frekvens").
    let (docs, f) = read("aligned_header_abbreviation_beside_a_name.txt");
    let d = &docs[0];
    type Row<'a> = (Option<&'a str>, &'a str, Option<&'a str>, Option<&'a str>);
    let rows: Vec<Row> = d
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.nummer.as_deref(),
                r.riskomrade.as_str(),
                k.metod.as_deref(),
                k.frekvens.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                Some("1"),
                "Felaktiga utbetalningar",
                Some("Stickprov"),
                Some("Varje månad")
            ),
            (
                Some("2"),
                "Brister i attest",
                Some("Genomgång"),
                Some("Två gånger per år")
            ),
        ],
        "{f:#?}"
    );
}

#[test]
fn aligned_dense_rows_every_cell_wrapped() {
    // No key column and no blank line between records: every cell wraps, so no column is
    // blank on a record's lower lines. The control's title ("Uppföljning av" over
    // "kontrollplan") tells the records apart: its lower lines go on its text.
    let (docs, _) = read("aligned_dense_rows_every_cell_wrapped.txt");
    let d = &docs[0];
    let risks: Vec<&str> = d.risker.iter().map(|r| r.riskomrade.as_str()).collect();
    assert_eq!(
        risks,
        [
            "Krisberedskap",
            "Skolplikt och frånvaro",
            "Livsmedelskontroll"
        ]
    );
    let controls: Vec<&str> = d
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(|k| k.kontroll.as_str()))
        .collect();
    assert_eq!(
        controls,
        [
            "Uppföljning av kontrollplan",
            "Stickprov av utbetalningar",
            "Mätning av handläggningstid",
            "Kontroll av avvikelser"
        ]
    );
    let k = &d.risker[0].kontroller[1];
    assert_eq!(
        k.metod.as_deref(),
        Some("Stickprov på tio utbetalningar per kvartal jämförs mot beslut.")
    );
    assert_eq!(k.ansvarig, ["Ekonomichef", "Controller"]);
    assert_eq!(
        k.uppfoljningar[0].resultat.as_deref(),
        Some("Samtliga behörigheter är uppdaterade.")
    );
}

#[test]
fn group_word_in_each_columns_header() {
    // A two-row header written as one row: each column's header starts with its group's
    // word ("Riskbedömning Sannolikhet", "Tidplan Slut"); the words after it name the field.
    let (docs, _) = read("group_word_in_each_columns_header.csv");
    let r = &docs[0].risker[1];
    assert_eq!(r.riskomrade, "Brister i attest");
    assert_eq!(
        (r.sannolikhet, r.konsekvens, r.riskvarde),
        (Some(3), Some(3), Some(9))
    );
    let k = &r.kontroller[0];
    assert_eq!(
        k.startdatum.map(|d| d.to_string()).as_deref(),
        Some("2024-02-01")
    );
    assert_eq!(
        k.slutdatum.map(|d| d.to_string()).as_deref(),
        Some("2024-11-30")
    );
    assert_eq!(k.uppfoljning_nar, None);
}

#[test]
fn aligned_sub_header_with_a_note_line() {
    // Sub-columns named under a group's text ("Riskbedömning" over "Sannolikhet ·
    // Konsekvens"), then a line of scale notes "(1-5)" and a wrapped word ("Tidpunkt för"
    // over "kontroll") before the blank line: the header's lines, not a row.
    let (docs, f) = read("aligned_sub_header_with_a_note_line.txt");
    let risks: Vec<(&str, Option<i64>, Option<i64>)> = docs[0]
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.sannolikhet, r.konsekvens))
        .collect();
    assert_eq!(
        risks,
        [
            ("Bristande avtalsuppföljning", Some(4), Some(3)),
            ("Sen attest", Some(2), Some(3))
        ]
    );
    assert!(
        !f.iter().any(|x| x.kod == "IK201" || x.kod == "IK503"),
        "{f:?}"
    );
    let k = &docs[0].risker[0].kontroller[0];
    assert_eq!(k.frekvens.as_deref(), Some("Kvartalsvis"));
}

#[test]
fn docx_category_headings_one_a_field_word() {
    // One table per category under its heading; the last heading, "Verksamhet", is also
    // a header's word for the category: it names its table's category like its siblings.
    let (docs, _) = read("docx_category_headings_one_a_field_word.docx");
    let got: Vec<(&str, Vec<String>)> = docs[0]
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.kategori.clone()))
        .collect();
    let cat = |s: &str| vec![s.to_string()];
    assert_eq!(
        got,
        [
            ("Felaktiga utbetalningar", cat("Ekonomi")),
            ("Hög sjukfrånvaro", cat("Medarbetare")),
            ("Sen handläggning av bygglov", cat("Verksamhet")),
            ("Bristande tillsyn", cat("Verksamhet")),
        ]
    );
}

#[test]
fn control_row_after_a_blank_row_is_no_header() {
    // A risk's second control, set apart by a blank row: its cells ("Redovisning av
    // statsbidrag", "Kontroll att …") begin field words, but a sentence is no header.
    let (docs, f) = read("control_row_after_a_blank_row_is_no_header.csv");
    let got: Vec<(&str, Vec<&str>)> = docs[0]
        .risker
        .iter()
        .map(|r| {
            (
                r.riskomrade.as_str(),
                r.kontroller.iter().map(|k| k.kontroll.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Jäv vid myndighetsutövning",
                vec!["Granskning av körjournaler", "Redovisning av statsbidrag"]
            ),
            ("Kontanthantering", vec!["Kassainventering"]),
        ]
    );
    assert_eq!(docs[0].risker[0].kontroller[1].ansvarig, ["Registrator"]);
    assert!(!f.iter().any(|x| x.kod == "IK101"), "{f:?}");
}

#[test]
fn aligned_sub_columns_split_the_rows_values() {
    // The row values stand under sub-columns named on the header's last line ("Sannolikhet
    // (S) · Konsekvens/väsentlighet · Riskvärde" under "Riskbedömning"), which the header's
    // first line alone does not have: the header's lines make the columns.
    let (docs, _) = read("aligned_sub_columns_split_the_rows_values.txt");
    type Row<'a> = (&'a str, Option<i64>, Option<i64>, Option<i64>, Vec<String>);
    let got: Vec<Row> = docs[0]
        .risker
        .iter()
        .map(|r| {
            (
                r.riskomrade.as_str(),
                r.sannolikhet,
                r.konsekvens,
                r.riskvarde,
                r.kategori.clone(),
            )
        })
        .collect();
    let cat = |s: &str| vec![s.to_string()];
    assert_eq!(
        got,
        [
            (
                "Inköp utanför avtal",
                Some(4),
                Some(4),
                Some(16),
                cat("Ekonomi")
            ),
            (
                "Felaktiga utbetalningar",
                Some(2),
                Some(3),
                Some(6),
                cat("Ekonomi")
            ),
            (
                "Sen handläggning",
                Some(3),
                Some(2),
                Some(6),
                cat("Medborgare")
            ),
        ]
    );
    let k = &docs[0].risker[1].kontroller[0];
    assert_eq!(k.kontroll, "Avstämning av lönelistor");
    assert_eq!(k.ansvarig, ["Registrator"]);
}

#[test]
fn aligned_header_abbreviation_broken_to_a_full_stop() {
    // A header band with no blank line under it, sub-columns named under "Riskbedömning",
    // and the abbreviation "Kons." broken in its narrow column over three lines ("Ko" /
    // "ns" / "."): the lone full stop is the header's, not a row's sentence.
    let (docs, f) = read("aligned_header_abbreviation_broken_to_a_full_stop.txt");
    let d = &docs[0];
    type Row<'a> = (&'a str, Option<i64>, Option<i64>, &'a str, Vec<String>);
    let rows: Vec<Row> = d
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.riskomrade.as_str(),
                r.sannolikhet,
                r.konsekvens,
                k.kontroll.as_str(),
                k.ansvarig.clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Fel i löner",
                Some(3),
                Some(4),
                "Stickprov av fakturor",
                vec!["Controller".to_string()]
            ),
            (
                "Jäv vid inköp",
                Some(2),
                Some(2),
                "Granskning av attestlistor",
                vec!["Enhetschef".to_string()]
            ),
            (
                "Sen fakturering",
                Some(2),
                Some(3),
                "Kontroll av anmälningar",
                vec!["Ekonomichef".to_string()]
            ),
        ],
        "{f:#?}"
    );
    assert_eq!(d.risker[0].riskvarde, Some(12), "{f:#?}");
}

#[test]
fn aligned_section_label_over_two_lines() {
    // A Word table's rows with no blank line between them and no key column (the risk is
    // merged over its controls, every other cell wraps); the control's title leads each
    // record. A section's label and name stand on two lines under the first column
    // ("Område:" over "Medborgare"): they lead no record, the rows under them are still
    // told apart by the control's title, and the section names the risks' category.
    let (docs, f) = read("aligned_section_label_over_two_lines.txt");
    let d = &docs[0];
    type Row<'a> = (
        &'a str,
        &'a [String],
        &'a str,
        Option<&'a str>,
        &'a [String],
    );
    let rows: Vec<Row> = d
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            (
                r.riskomrade.as_str(),
                r.kategori.as_slice(),
                k.kontroll.as_str(),
                k.frekvens.as_deref(),
                k.ansvarig.as_slice(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    let (medborgare, ekonomi) = (s(&["Medborgare"]), s(&["Ekonomi"]));
    let (two, chief) = (s(&["Controller", "Enhetschef"]), s(&["Kulturchef"]));
    let economy = s(&["Ekonomichef", "Controller"]);
    assert_eq!(
        rows,
        [
            (
                "Bidrag till föreningar",
                &medborgare[..],
                "Kontroll av utbetalda bidrag",
                Some("En gång per år"),
                &two[..]
            ),
            (
                "Bidrag till föreningar",
                &medborgare[..],
                "Uppföljning av redovisningar",
                Some("Varje kvartal"),
                &chief[..]
            ),
            (
                "Inköp utanför avtal",
                &ekonomi[..],
                "Granskning av fakturor",
                Some("Två gånger per år"),
                &economy[..]
            ),
            (
                "Inköp utanför avtal",
                &ekonomi[..],
                "Kontroll av direkta inköp",
                Some("Löpande"),
                &chief[..]
            ),
        ],
        "{f:#?}"
    );
    assert_eq!(
        d.risker[0].kontroller[0].metod.as_deref(),
        Some("Stickprov på fem ärenden per år.")
    );
}

#[test]
fn aligned_section_wrapped_in_a_narrow_first_column() {
    // A section's name in capitals wrapped and broken over lines of its own in a narrow
    // first column ("TILLSYN" / "OCH" / "MYNDIGH" / "ET") right under the header: one
    // section over the rows below it (each line alone would end the table there).
    let (docs, f) = read("aligned_section_wrapped_in_a_narrow_first_column.txt");
    let d = &docs[0];
    let risks: Vec<(Option<&str>, &str, &[String])> = d
        .risker
        .iter()
        .map(|r| {
            (
                r.nummer.as_deref(),
                r.riskomrade.as_str(),
                r.kategori.as_slice(),
            )
        })
        .collect();
    let tillsyn = ["TILLSYN OCH MYNDIGHET".to_string()];
    let ekonomi = ["Ekonomi".to_string()];
    assert_eq!(
        risks,
        [
            (Some("1"), "Felaktiga beslut", &tillsyn[..]),
            (Some("2"), "Långa väntetider", &tillsyn[..]),
            (Some("3"), "Felaktig debitering", &ekonomi[..]),
            (Some("4"), "Inköp utanför avtal", &ekonomi[..]),
        ],
        "{f:#?}"
    );
    let k = &d.risker[1].kontroller[0];
    assert_eq!(k.kontroll, "Mätning av handläggningstid");
    assert_eq!(k.frekvens.as_deref(), Some("Varje kvartal"));
}

#[test]
fn aligned_sub_columns_under_a_group_below_wrapped_header() {
    // A Word table's two-row header: "Delår" over its sub-columns "Genomförd" ·
    // "Kommentar", named on the line where the other columns' words ("Tidpunkt" / "för" /
    // "uppföljning") still wrap, no blank line under it. The sub-columns' names under the
    // group's blank line are the header's second row, not the first row's texts.
    let (docs, f) = read("aligned_sub_columns_under_a_group_below_wrapped_header.txt");
    let d = &docs[0];
    type Row<'a> = (
        Option<&'a str>,
        &'a str,
        Option<&'a str>,
        Option<Status>,
        Option<&'a str>,
    );
    let rows: Vec<Row> = d
        .risker
        .iter()
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
        .map(|(r, k)| {
            let u = k.uppfoljningar.first();
            (
                r.nummer.as_deref(),
                k.kontroll.as_str(),
                k.uppfoljning_nar.as_deref(),
                u.and_then(|u| u.status),
                u.and_then(|u| u.resultat.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                Some("1"),
                "Stickprov av fakturor",
                Some("Augusti"),
                Some(Status::Genomford),
                Some("Inga fel hittades.")
            ),
            (
                Some("2"),
                "Granskning av attestlistor",
                Some("Augusti"),
                Some(Status::EjGenomford),
                Some("Flyttas till hösten.")
            ),
            (
                Some("3"),
                "Kontroll av anmälningar",
                Some("Oktober"),
                Some(Status::Genomford),
                Some("Två ärenden åtgärdades.")
            ),
        ],
        "{f:#?}"
    );
}

#[test]
fn a_merged_cell_cut_by_a_page_goes_on_under_the_repeated_two_line_header() {
    // The page break cuts risk 2's description, merged beside its second control, and that
    // control's result: under the header repeated on its two lines the rest of both goes
    // on, lower case first, then a sentence of its own in each.
    let (docs, f) = read("aligned_merged_cell_cut_by_a_page_under_a_band_header.txt");
    let d = &docs[0];
    let risks: Vec<(Option<&str>, Option<i64>)> = d
        .risker
        .iter()
        .map(|r| (r.nummer.as_deref(), r.riskvarde))
        .collect();
    assert_eq!(
        risks,
        [
            (Some("1"), Some(12)),
            (Some("2"), Some(16)),
            (Some("3"), Some(6))
        ],
        "{f:#?}"
    );
    let avtal = &d.risker[1];
    assert_eq!(
        avtal.riskbeskrivning.as_deref(),
        Some(
            "Risk att inköp görs hos leverantörer som kommunen saknar avtal med.\n\
             Eventuella avvikelser rapporteras."
        )
    );
    let stickprov = &avtal.kontroller[1];
    assert_eq!(stickprov.kontroll, "Stickprov av fakturor");
    assert_eq!(
        stickprov.uppfoljningar[0].resultat.as_deref(),
        Some("Stickprovet visade att rutinen följs. Eventuella avvikelser rapporteras.")
    );
}

#[test]
fn key_cells_a_narrow_column_or_a_page_break_cut_stay_in_their_record() {
    // "10." over "1" in a narrow number column, "Medel" over "(6)" in the risk value
    // column, and "10." over "2" across a page break: each is one record's key.
    let (docs, f) = read("aligned_key_cells_cut_by_a_narrow_column_and_a_page.txt");
    let controls: Vec<(Option<&str>, &str, Option<i64>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| {
            r.kontroller
                .iter()
                .map(move |k| (k.nummer.as_deref(), k.kontroll.as_str(), r.riskvarde))
        })
        .collect();
    assert_eq!(
        controls,
        [
            (Some("9.1"), "Kontroll av dubbelbetalningar", Some(12)),
            (Some("9.2"), "Granskning av attestlistor", Some(3)),
            (Some("9.3"), "Kontroll av attesträtter", Some(3)),
            (Some("9.4"), "Genomgång av rutinen", Some(4)),
            (Some("10.1"), "Genomgång av bisysslor", Some(6)),
            (Some("10.2"), "Uppföljning av registret", Some(2)),
            (Some("11."), "Kontroll av rapporter", Some(16)),
        ],
        "{f:#?}"
    );
}

#[test]
fn a_ref_column_numbers_the_risks_and_a_second_value_column_is_kept() {
    // "Ref" over 1, 1, 2, 3 numbers the risks; "Kod" over R1, R2 (codes, no risk values)
    // and "Bedömning" over numbers beside "Riskpoäng" (whose wording names the risk value)
    // are kept in extra, and the risk value is the worded column's.
    let (docs, _) = read("risk_codes_and_a_second_risk_value_by_content.csv");
    let risks = &docs[0].risker;
    let numbers: Vec<(Option<&str>, Option<i64>)> = risks
        .iter()
        .map(|r| (r.nummer.as_deref(), r.riskvarde))
        .collect();
    assert_eq!(
        numbers,
        [
            (Some("1"), Some(12)),
            (Some("2"), Some(6)),
            (Some("3"), Some(9))
        ]
    );
    let extra = &risks[1].kontroller[0].extra.0;
    assert!(
        extra.iter().any(|(k, v)| k == "Kod" && v == "R2")
            && extra.iter().any(|(k, v)| k == "Bedömning" && v == "6"),
        "{extra:?}"
    );
}

#[test]
fn a_risk_banner_opens_a_narrow_table_and_one_right_under_a_wrapped_header() {
    // Two columns (Kontrollmoment | Ansvarig) under banners that carry the risk's numbers.
    let (docs, f) = read("two_columns_under_risk_banners_with_values.csv");
    let risks: Vec<(&str, Option<i64>, usize)> = docs[0]
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.riskvarde, r.kontroller.len()))
        .collect();
    assert_eq!(
        risks,
        [
            ("Kränkande behandling", Some(15), 1),
            ("Lex Sarah-rapportering", Some(8), 2)
        ]
    );
    assert!(!codes(&f).contains(&"IK109"), "{f:#?}");
    // PDF text: the header's wrapped lines leave blank rows between it and the first banner.
    let (docs, f) = read("aligned_banner_right_under_a_wrapped_header.txt");
    let risks: Vec<(&str, Option<i64>, usize)> = docs[0]
        .risker
        .iter()
        .map(|r| (r.riskomrade.as_str(), r.riskvarde, r.kontroller.len()))
        .collect();
    assert_eq!(
        risks,
        [
            ("Felaktig löneutbetalning", Some(10), 2),
            ("Representation och gåvor", Some(5), 1)
        ]
    );
    assert!(!codes(&f).contains(&"IK109"), "{f:#?}");
}

#[test]
fn assessment_levels_under_a_merged_group_are_marked_with_a_cross() {
    // "Bedömning" merged over "Inga brister | Mindre brister | Väsentliga brister", the
    // other header cells merged down over both rows: the second row is the header's, and an
    // "X" gives its column's level.
    let (docs, _) = read("assessment_levels_marked_under_a_merged_group.xlsx");
    let risks = &docs[0].risker;
    assert_eq!(risks.len(), 3, "{risks:#?}");
    let levels: Vec<(Option<Status>, Option<Assessment>)> = risks
        .iter()
        .map(|r| {
            let u = &r.kontroller[0].uppfoljningar[0];
            (u.status, u.kontrollbedomning)
        })
        .collect();
    assert_eq!(
        levels,
        [
            (Some(Status::Genomford), Some(Assessment::IngaBrister)),
            (Some(Status::Genomford), Some(Assessment::MindreBrister)),
            (Some(Status::EjGenomford), None)
        ]
    );
}

#[test]
fn a_review_reports_owner_tested_and_recommendation_columns() {
    // An internal review's words: "Kontrollägare" is who is responsible, "Testad" (Ja/Nej)
    // the status, "Rekommendation" the new action; "Internkontrollgranskning 2015" titles it.
    let (docs, _) = read("review_report_words_owner_tested_recommendation.csv");
    let d = &docs[0];
    assert_eq!(d.titel.as_deref(), Some("Internkontrollgranskning 2015"));
    let k = &d.risker[1].kontroller[0];
    assert_eq!(k.ansvarig, ["Inköpschef"]);
    let u = &k.uppfoljningar[0];
    assert_eq!(u.status, Some(Status::Genomford));
    assert_eq!(u.ny_atgard.as_deref(), Some("Utbildning för beställare."));
    let u = &d.risker[2].kontroller[0].uppfoljningar[0];
    assert_eq!(u.status, Some(Status::EjGenomford));
}

#[test]
fn controls_as_word_list_items_with_their_facts_after_dashes() {
    // "Kontroller:" over one list item per control, "… – Ansvarig: … – Frekvens: …".
    let (docs, _) = read("docx_controls_as_list_items_with_inline_labels.docx");
    let controls: Vec<(&str, &[String], Option<&str>)> = docs[0]
        .risker
        .iter()
        .flat_map(|r| &r.kontroller)
        .map(|k| (k.kontroll.as_str(), &k.ansvarig[..], k.frekvens.as_deref()))
        .collect();
    assert_eq!(controls.len(), 4, "{controls:#?}");
    assert_eq!(
        controls[0],
        (
            "Stickprov av beviljade aktivitetsbidrag mot närvarolistor",
            &["Enhetschef bidrag".to_string()][..],
            Some("Två gånger per år")
        )
    );
    assert_eq!(
        controls[3],
        (
            "Genomgång av tillbud",
            &["Säkerhetssamordnare".to_string()][..],
            Some("Kvartalsvis")
        )
    );
}

#[test]
fn a_klart_date_in_a_table_of_one_row_is_the_last_day() {
    // One table per risk, each with one control: "Klart" over its one date is the day the
    // control is to be done by, as over dates on every row of a longer table.
    let (docs, _) = read("one_row_tables_per_risk_with_a_klart_date.csv");
    let days: Vec<Option<String>> = docs
        .iter()
        .flat_map(|d| &d.risker)
        .flat_map(|r| &r.kontroller)
        .map(|k| k.slutdatum.map(|d| d.to_string()))
        .collect();
    assert_eq!(
        days,
        [
            Some("2019-08-28".to_string()),
            Some("2019-06-28".to_string())
        ]
    );
}
