//! The rules: for each rule of IK2xx–IK5xx a fixture that triggers it (the exact code,
//! severity, row and record) and one that does not; the scale and the user's options; the
//! A1 cell on workbooks; and the documentation listing exactly the registered codes.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::root;
use ikplan::model::{Finding, Severity};
use ikplan::normalize::assemble::Options;
use ikplan::pipeline::{convert_source_with, id_base};
use ikplan::read::read_path;
use ikplan::rules::{REGISTRY, RuleOptions, Scale, docs};

/// The findings of a file with the given rule options.
fn findings_at(path: &Path, name: &str, rules: &RuleOptions) -> Vec<Finding> {
    let source = read_path(path, name).expect("fixture reads");
    let opts = Options {
        id_base: id_base(name),
        ..Default::default()
    };
    convert_source_with(&source, &opts, rules).findings
}

/// The findings of a fixture in fixtures/rules.
fn findings_with(fixture: &str, rules: &RuleOptions) -> Vec<Finding> {
    let name = format!("{fixture}.txt");
    findings_at(&root().join("fixtures/rules").join(&name), &name, rules)
}

fn findings(fixture: &str) -> Vec<Finding> {
    findings_with(fixture, &RuleOptions::default())
}

fn of<'a>(all: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    all.iter().filter(|f| f.kod == code).collect()
}

/// The fixture `IKnnn_triggers` gives exactly one finding of the code, at `rad`, about
/// `post` (the record id after the file's id base), with the registered severity.
fn assert_triggers(code: &str, severity: Severity, rad: u32, post: &str) -> Finding {
    let fixture = format!("{code}_triggers");
    let all = findings(&fixture);
    let hits = of(&all, code);
    assert_eq!(
        hits.len(),
        1,
        "{fixture}: one {code} expected, got {all:#?}"
    );
    let f = hits[0].clone();
    assert_eq!(f.allvarlighet, severity, "{fixture}");
    assert_eq!(f.rad, Some(rad), "{fixture}");
    assert_eq!(f.fil.as_deref(), Some(format!("{fixture}.txt").as_str()));
    assert_eq!(f.blad, None, "{fixture}");
    assert_eq!(f.cell, None, "text sources have lines, not cells");
    let expected_post = format!("{}:{post}", id_base(&format!("{fixture}.txt")));
    assert_eq!(
        f.post_id.as_deref(),
        Some(expected_post.as_str()),
        "{fixture}"
    );
    f
}

fn assert_clean(code: &str) {
    let fixture = format!("{code}_clean");
    let all = findings(&fixture);
    assert!(
        of(&all, code).is_empty(),
        "{fixture}: no {code} expected, got {all:#?}"
    );
}

macro_rules! rule_cases {
    ($($triggers:ident, $clean:ident: $code:literal, $sev:ident, rad $rad:literal, $post:literal, $msg:literal;)*) => {
        $(
            #[test]
            fn $triggers() {
                let f = assert_triggers($code, Severity::$sev, $rad, $post);
                assert_eq!(f.meddelande, $msg);
            }

            #[test]
            fn $clean() {
                assert_clean($code);
            }
        )*
    };
}

rule_cases! {
    ik201_triggers, ik201_clean: "IK201", Fel, rad 5, "R2",
        "\u{201d}hög\u{201d} i kolumnen \u{201d}Riskvärde\u{201d} är inte ett heltal; värdet sparas i extra";
    ik202_triggers, ik202_clean: "IK202", Fel, rad 7, "R2",
        "Riskvärdet 20 ligger utanför skalan 1–16 (fyrgradig skala enligt dokumentet)";
    ik203_triggers, ik203_clean: "IK203", Fel, rad 5, "R2",
        "Riskvärdet 16 är inte sannolikhet × konsekvens (3 × 4 = 12)";
    ik204_triggers, ik204_clean: "IK204", Varning, rad 5, "R2",
        "Risken saknar riskvärde fast tabellen har kolumnen \u{201d}Riskvärde\u{201d}";
    ik205_triggers, ik205_clean: "IK205", Info, rad 5, "R2",
        "Riskvärdet står inte i dokumentet; det har räknats som sannolikhet × konsekvens för 1 risk (första: \u{201d}Felaktiga utbetalningar\u{201d})";
    ik301_triggers, ik301_clean: "IK301", Fel, rad 5, "R2:K1",
        "\u{201d}vt 2022\u{201d} i kolumnen \u{201d}Slutdatum\u{201d} kan inte läsas som datum; värdet sparas i extra";
    ik302_triggers, ik302_clean: "IK302", Fel, rad 5, "R2:K1",
        "Slutdatum 2022-03-31 ligger före startdatum 2022-09-01";
    ik303_triggers, ik303_clean: "IK303", Varning, rad 5, "R2:K1",
        "Avstämningsdatum 2022-11-30 ligger efter slutdatum 2022-06-30";
    ik304_triggers, ik304_clean: "IK304", Varning, rad 5, "R2:K1",
        "Startdatum 2022-01-01 är angivet men slutdatum saknas";
    ik305_triggers, ik305_clean: "IK305", Info, rad 5, "R2:K1",
        "Startdatum 2020-01-01 och slutdatum 2020-12-31 ligger utanför planåret 2022 och året efter";
    ik401_triggers, ik401_clean: "IK401", Varning, rad 5, "R2:K1",
        "Kontrollen saknar ansvarig fast tabellen har kolumnen \u{201d}Ansvarig\u{201d}";
    ik402_triggers, ik402_clean: "IK402", Info, rad 5, "R2:K1",
        "Kontrollen saknar rapporteringsansvarig fast tabellen har kolumnen \u{201d}Rapporteringsansvarig\u{201d}";
    ik403_triggers, ik403_clean: "IK403", Varning, rad 5, "R2:K1:U1",
        "Statusen \u{201d}Delvis\u{201d} motsvarar ingen känd status (Ej påbörjad, Pågående, Genomförd, Ej genomförd, Inställd); den sparas som den står";
    ik404_triggers, ik404_clean: "IK404", Varning, rad 5, "R2:K1:U1",
        "Kontrollbedömningen \u{201d}Några avvikelser\u{201d} motsvarar ingen känd bedömning (Inga brister, Mindre brister, Väsentliga brister, Allvarliga brister, Ingen bedömning gjord); den sparas som den står";
    ik405_triggers, ik405_clean: "IK405", Varning, rad 5, "R2:K1:U1",
        "Status Genomförd men uppföljningen har inget resultat";
    ik501_triggers, ik501_clean: "IK501", Varning, rad 6, "R3",
        "Riskområdet \u{201d}hot och våld\u{201d} finns redan på rad 4";
    ik502_triggers, ik502_clean: "IK502", Varning, rad 5, "R2",
        "Risken \u{201d}Felaktiga utbetalningar\u{201d} har ingen kontroll eller åtgärd";
    ik503_triggers, ik503_clean: "IK503", Fel, rad 4, "R1:K1",
        "Raden har en kontroll men ingen risk att höra till";
    ik504_triggers, ik504_clean: "IK504", Varning, rad 5, "R2",
        "Risken har inget namn (riskområde); raden har uppgifter om risken men ingen titel";
}

/// IK105 and IK108 are about a table or a file, not a record: no post, and IK108 no line.
#[test]
fn ik105_a_table_without_risk_or_control_column() {
    let all = findings("IK105_triggers");
    let hits = of(&all, "IK105");
    assert_eq!(hits.len(), 1, "{all:#?}");
    assert_eq!(hits[0].allvarlighet, Severity::Varning);
    assert_eq!(hits[0].rad, Some(3), "the header line");
    assert_eq!(hits[0].post_id, None);
    assert!(of(&all, "IK108").is_empty(), "a table was found: {all:#?}");
    assert_clean("IK105");
}

#[test]
fn ik108_a_file_without_any_table() {
    let all = findings("IK108_triggers");
    let hits = of(&all, "IK108");
    assert_eq!(hits.len(), 1, "{all:#?}");
    let f = hits[0];
    assert_eq!(f.allvarlighet, Severity::Varning);
    assert_eq!(f.fil.as_deref(), Some("IK108_triggers.txt"));
    assert_eq!(
        (f.rad, f.cell.as_deref(), f.post_id.as_deref()),
        (None, None, None)
    );
    assert_eq!(
        f.meddelande,
        "Ingen tabell med risker eller kontroller hittades i filen; dokumentet blir utan \
         risker och filens text sparas som anteckningar"
    );
    // The text is not lost: it is the document's notes.
    let source = read_path(
        &root().join("fixtures/rules/IK108_triggers.txt"),
        "IK108_triggers.txt",
    )
    .unwrap();
    let conv = convert_source_with(&source, &Options::default(), &RuleOptions::default());
    let notes = conv.documents[0].anteckningar.clone().unwrap_or_default();
    assert!(notes.contains("följs upp i augusti"), "{notes:?}");
    assert!(conv.documents[0].risker.is_empty());
    assert_clean("IK108");
}

#[test]
fn every_model_rule_has_both_fixtures() {
    for r in REGISTRY
        .iter()
        .filter(|r| matches!(&r.code[2..3], "2" | "3" | "4" | "5"))
    {
        for kind in ["triggers", "clean"] {
            let p = root().join(format!("fixtures/rules/{}_{kind}.txt", r.code));
            assert!(p.is_file(), "{} has no fixture {}", r.code, p.display());
        }
    }
}

/// A riskvärde column of colours: the risk with both factors gets their product (the colour
/// stays in extra); the one with a factor missing none. A blank cell in a column of numbers
/// is not derived: IK204 says it is missing.
#[test]
fn riskvarde_is_the_product_only_where_no_number_is_written() {
    let read = |fixture: &str| {
        let name = format!("{fixture}.txt");
        let source = read_path(&root().join("fixtures/rules").join(&name), &name).unwrap();
        let conv = convert_source_with(&source, &Options::default(), &RuleOptions::default());
        let values: Vec<_> = conv.documents[0]
            .risker
            .iter()
            .map(|r| r.riskvarde)
            .collect();
        (values, conv)
    };
    let (values, _) = read("IK205_triggers");
    assert_eq!(values, [None, Some(12)]);
    let (values, conv) = read("IK205_clean");
    assert_eq!(values, [Some(9), None]);
    assert_eq!(of(&conv.findings, "IK204").len(), 1);
}

#[test]
fn an_unreadable_value_is_reported_once() {
    // "vt 2022" in Slutdatum is IK301; the empty slutdatum it leaves is not also IK304.
    assert!(of(&findings("IK301_triggers"), "IK304").is_empty());
    // "hög" in Riskvärde is IK201; the empty riskvärde is not also IK204.
    assert!(of(&findings("IK201_triggers"), "IK204").is_empty());
}

#[test]
fn the_scale_setting_overrides_the_document() {
    let five = RuleOptions {
        skala: Some(Scale::Five),
        ..Default::default()
    };
    assert!(of(&findings_with("IK202_triggers", &five), "IK202").is_empty());
    let four = RuleOptions {
        skala: Some(Scale::Four),
        ..Default::default()
    };
    let all = findings_with("IK204_clean", &four);
    assert!(of(&all, "IK202").is_empty(), "12 and 6 fit 1–16");
    let all = findings_with("IK203_clean", &four);
    assert!(of(&all, "IK202").is_empty(), "16 fits 1–16");
}

#[test]
fn without_a_word_on_the_scale_it_is_one_to_twenty_five() {
    // IK202_triggers without its sentence on the four-step scale.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("fixtures/rules/IK202_triggers.txt")).unwrap();
    let text = text.replace(
        "Riskerna bedöms på en fyrgradig skala, riskvärde mellan 1–16.",
        "",
    );
    let p = dir.path().join("plan.txt");
    std::fs::write(&p, text.replace("\t20\t", "\t26\t")).unwrap();
    let all = findings_at(&p, "plan.txt", &RuleOptions::default());
    let hits = of(&all, "IK202");
    assert_eq!(hits.len(), 1, "{all:#?}");
    assert_eq!(
        hits[0].meddelande,
        "Riskvärdet 26 ligger utanför skalan 1–25"
    );
}

#[test]
fn ignored_codes_and_own_severities_apply_to_every_finding() {
    let severities = [("IK304", "fel"), ("IK102", "varning")]
        .map(|(c, s)| (c.to_string(), s.to_string()))
        .into();
    let mut opts = RuleOptions::from_settings(&[], None, &severities).unwrap();
    let all = findings_with("IK304_triggers", &opts);
    assert_eq!(of(&all, "IK304")[0].allvarlighet, Severity::Fel);
    opts.ignore(["IK304"]).unwrap();
    assert!(of(&findings_with("IK304_triggers", &opts), "IK304").is_empty());
    // Findings of the layout stage too.
    let seed = root().join("fixtures/seeds/001_95fb6c4a13f639a0.txt");
    let all = findings_at(&seed, "001.txt", &opts);
    assert!(!of(&all, "IK102").is_empty());
    assert!(
        of(&all, "IK102")
            .iter()
            .all(|f| f.allvarlighet == Severity::Varning)
    );
    opts.ignore(["IK102"]).unwrap();
    assert!(of(&findings_at(&seed, "001.txt", &opts), "IK102").is_empty());
}

#[test]
fn on_a_workbook_a_finding_names_the_sheet_and_the_cell_of_its_column() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Blad1").unwrap();
    let rows: [&[&str]; 4] = [
        &["Plan för intern kontroll 2022"],
        &[
            "Riskområde",
            "Riskvärde",
            "Kontroll",
            "Ansvarig",
            "Startdatum",
            "Slutdatum",
        ],
        &[
            "Hot och våld",
            "12",
            "Genomgång av rutiner",
            "Enhetschef",
            "2022-01-01",
            "2022-12-31",
        ],
        &[
            "Felaktiga utbetalningar",
            "9",
            "Stickprov",
            "",
            "2022-09-01",
            "2022-03-31",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(&path).unwrap();
    let all = findings_at(&path, "plan.xlsx", &RuleOptions::default());
    let ik302 = of(&all, "IK302");
    assert_eq!(ik302.len(), 1, "{all:#?}");
    assert_eq!(ik302[0].blad.as_deref(), Some("Blad1"));
    assert_eq!(ik302[0].cell.as_deref(), Some("F4"));
    assert_eq!(ik302[0].rad, Some(4));
    let ik401 = of(&all, "IK401");
    assert_eq!(ik401.len(), 1, "{all:#?}");
    assert_eq!(ik401[0].cell.as_deref(), Some("D4"));
    assert_eq!(
        ikplan::report::line(ik302[0]),
        "plan.xlsx:Blad1!F4: IK302 fel: Slutdatum 2022-03-31 ligger före startdatum 2022-09-01"
    );
}

#[test]
fn the_documentation_lists_exactly_the_registered_codes() {
    let registered: Vec<&str> = REGISTRY.iter().map(|r| r.code).collect();
    let unique: BTreeSet<&str> = registered.iter().copied().collect();
    assert_eq!(unique.len(), registered.len(), "a code is registered twice");

    // Every code has its documentation, every documentation a code, in the same order.
    let documented: Vec<&str> = docs::all().map(|d| d.code).collect();
    assert_eq!(documented, registered);
    for d in docs::all() {
        for (part, text) in [
            ("vad", d.vad),
            ("varför", d.varfor),
            ("exempel", d.exempel),
            ("åtgärd", d.atgard),
        ] {
            assert!(text.trim().len() > 20, "{}: {part} is missing", d.code);
        }
    }

    // docs/RULES.md, the catalogue, has a row for each code and no other.
    let md = std::fs::read_to_string(root().join("docs/RULES.md")).unwrap();
    let in_md: BTreeSet<String> = md
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|rest| rest.split(' ').next())
        .filter(|code| code.starts_with("IK") && code[2..].chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    let unique: BTreeSet<String> = unique.into_iter().map(str::to_string).collect();
    assert_eq!(in_md, unique, "docs/RULES.md and the registry differ");
    for r in REGISTRY {
        let row = md
            .lines()
            .find(|l| l.starts_with(&format!("| {} |", r.code)))
            .unwrap();
        assert!(
            row.contains(&format!("| {} |", r.severity.as_str())),
            "{}: severity in docs/RULES.md",
            r.code
        );
    }
}

/// IK104 is about a column: one finding per combined column, on the first row whose split
/// was guessed, however many rows guess.
#[test]
fn ik104_a_combined_column_split_by_a_guess() {
    let all = findings("IK104_triggers");
    let hits = of(&all, "IK104");
    assert_eq!(hits.len(), 2, "one per combined column: {all:#?}");
    for f in &hits {
        assert_eq!(
            (f.rad, f.allvarlighet),
            (Some(4), Severity::Varning),
            "{f:#?}"
        );
    }
    assert!(
        hits[0]
            .meddelande
            .contains("gissning (\u{201d}Ekonomichef\u{201d})")
    );
    assert!(hits[1].meddelande.contains("har bara ett datum"));
    assert_clean("IK104");
}

/// A long table is read in chunks ahead of its rows being placed: the guesses of later
/// chunks still give one IK104, on the first guessing row, and the findings stay in order.
#[test]
fn ik104_once_in_a_table_read_in_chunks() {
    let mut text = String::from(
        "Internkontrollplan 2024\n\nRisk\tKontroll\tAnsvarig + Rapporteringsansvarig\n",
    );
    for i in 0..6000 {
        let people = if i < 3000 {
            "Controller<br>Ekonomichef"
        } else {
            "Ekonomichef"
        };
        text.push_str(&format!(
            "Felaktiga utbetalningar {i}\tStickprov av utbetalningar {i}\t{people}\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lang.txt");
    std::fs::write(&path, text).unwrap();
    let all = findings_at(&path, "lang.txt", &RuleOptions::default());
    let hits = of(&all, "IK104");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].rad, Some(3004), "the first row that guessed");
    let lines: Vec<u32> = all.iter().filter_map(|f| f.rad).collect();
    assert!(
        lines.windows(2).all(|w| w[0] <= w[1]),
        "findings in row order"
    );
}

/// IK603: a text longer than a workbook cell holds is named, once, at its record; a text
/// of exactly the limit is not.
#[test]
fn ik603_a_text_longer_than_a_workbook_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lang.txt");
    let long = "Lång text. ".repeat(3300); // 36,300 characters
    let exact = "x".repeat(32_767);
    std::fs::write(
        &path,
        format!(
            "Riskområde\tKontroll\tResultat\nHot och våld\tGenomgång av rutiner\t{long}\n\
             Felaktiga utbetalningar\tStickprov\t{exact}\n"
        ),
    )
    .unwrap();
    let all = findings_at(&path, "lang.txt", &RuleOptions::default());
    let hits = of(&all, "IK603");
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].rad, Some(2));
    assert_eq!(hits[0].allvarlighet, Severity::Info);
    assert!(
        hits[0].meddelande.contains("resultatet"),
        "{}",
        hits[0].meddelande
    );
}

/// The findings of a run over the files of a folder of fixtures/rules (IK7xx), as a run
/// over the folder makes them: each file's ids from its name and bytes, then the keys and
/// checks across documents.
fn run_findings(folder: &str) -> (Vec<Finding>, Vec<(String, String)>) {
    let dir = root().join("fixtures/rules").join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut parts = Vec::new();
    let mut ids = Vec::new();
    for p in files {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&p).unwrap();
        let id = ikplan::pipeline::stable_id_base(&name, &bytes);
        ids.push((name.clone(), id.clone()));
        let opts = Options {
            id_base: id,
            ..Default::default()
        };
        parts.push(
            ikplan::pipeline::convert_bytes(bytes, &name, &opts, &RuleOptions::default()).unwrap(),
        );
    }
    (ikplan::pipeline::output(parts).anmarkningar, ids)
}

/// Each IK7xx rule: its `_triggers` folder gives exactly one finding of the code, at the
/// file, line and record the fixture was written to trigger (read from the fixture); its
/// `_clean` folder none.
#[test]
fn rules_across_documents_trigger_once_and_not_on_clean_folders() {
    let cases = [
        // The renamed risk in 2022's plan, first data row (line 5).
        (
            "IK701",
            Severity::Info,
            "plan-2022.txt",
            5,
            ":R1",
            "2 av 3 ord gemensamma",
        ),
        // The reworded control under the same risk, 2 of its 3 words in common.
        (
            "IK702",
            Severity::Info,
            "plan-2022.txt",
            5,
            ":R1:K1",
            "2 av 3 ord gemensamma",
        ),
        // Felaktiga utbetalningar's control (line 6) is in no follow-up.
        (
            "IK703",
            Severity::Varning,
            "plan.txt",
            6,
            ":R2:K1",
            "Stickprov på utbetalningar",
        ),
        // The follow-up's second control (line 6) is not in the plan.
        (
            "IK704",
            Severity::Varning,
            "uppfoljning.txt",
            6,
            ":R2:K1",
            "Kontroll av behörigheter",
        ),
        // 2021's second risk (line 6) is gone from 2022 and no follow-up closed it.
        (
            "IK705",
            Severity::Varning,
            "plan-2021.txt",
            6,
            ":R2",
            "Felaktiga utbetalningar",
        ),
    ];
    for (code, severity, file, rad, post, words) in cases {
        let (all, ids) = run_findings(&format!("{code}_triggers"));
        let hits = of(&all, code);
        assert_eq!(hits.len(), 1, "{code}: {all:#?}");
        let f = hits[0];
        assert_eq!(f.allvarlighet, severity, "{code}");
        assert_eq!(f.fil.as_deref(), Some(file), "{code}");
        assert_eq!(f.rad, Some(rad), "{code}");
        let id = &ids.iter().find(|(n, _)| n == file).unwrap().1;
        assert_eq!(
            f.post_id.as_deref(),
            Some(format!("{id}{post}").as_str()),
            "{code}"
        );
        assert!(f.meddelande.contains(words), "{code}: {}", f.meddelande);
        assert!(
            all.iter()
                .all(|f| !f.kod.starts_with("IK7") || f.kod == code),
            "{code}: {all:#?}"
        );
        let (clean, _) = run_findings(&format!("{code}_clean"));
        assert!(of(&clean, code).is_empty(), "{code}_clean: {clean:#?}");
    }
}

/// Every model rule's trigger fixture, written as a workbook (the same lines as rows, the
/// same cells as columns), gives the same finding at the same row, naming its sheet and its
/// A1 cell: a finding on a grid is never only a row (IK205 and IK503 were).
#[test]
fn every_model_rule_on_a_workbook_names_its_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    for r in REGISTRY
        .iter()
        .filter(|r| matches!(&r.code[2..3], "2" | "3" | "4" | "5"))
    {
        let fixture = format!("{}_triggers", r.code);
        let text =
            std::fs::read_to_string(root().join(format!("fixtures/rules/{fixture}.txt"))).unwrap();
        let name = format!("{fixture}.xlsx");
        let path = dir.path().join(&name);
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Blad1").unwrap();
        for (i, line) in text.lines().enumerate() {
            for (j, cell) in line.split('\t').enumerate() {
                // A line break written "<br>" in the text is one in the cell.
                let cell = cell.replace("<br>", "\n");
                if !cell.is_empty() {
                    ws.write_string(i as u32, j as u16, &cell).unwrap();
                }
            }
        }
        wb.save(&path).unwrap();
        let on_text = of(&findings(&fixture), r.code)
            .first()
            .map(|f| f.rad)
            .unwrap();
        let all = findings_at(&path, &name, &RuleOptions::default());
        let hits = of(&all, r.code);
        assert_eq!(hits.len(), 1, "{name}: {all:#?}");
        assert_eq!(hits[0].blad.as_deref(), Some("Blad1"), "{name}");
        assert_eq!(hits[0].rad, on_text, "{name}: the text's row");
        let cell = hits[0].cell.as_deref();
        assert!(
            cell.is_some_and(|c| c.ends_with(&on_text.unwrap().to_string())),
            "{name}: a cell on its row, got {cell:?}"
        );
    }
}
