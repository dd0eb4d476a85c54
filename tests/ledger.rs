//! IK107, the ledger that every conversion keeps: the filled cells of the source against the
//! cells accounted for. A layout that loses a row or counts one twice is reported as `fel`;
//! the bundled files, good and odd, are accounted for in full; and the places where assembly
//! used to overwrite or drop a second value now keep it.

mod common;

use common::root;
use ikplan::layout::{Item, layout};
use ikplan::model::{Document, Severity};
use ikplan::normalize::assemble::{Options, assemble_counted};
use ikplan::pipeline::{convert_source, id_base};
use ikplan::read::{read_bytes, read_path};
use ikplan::rules::ledger::{check, count, source_cells};

fn opts(name: &str) -> Options {
    Options {
        id_base: id_base(name),
        ..Default::default()
    }
}

fn seed(n: usize) -> (String, std::path::PathBuf) {
    let (path, _) = common::seeds().remove(n);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, path)
}

#[test]
fn a_row_lost_between_layout_and_output_is_an_error_naming_the_sheet_line_and_count() {
    let (name, path) = seed(2);
    let source = read_path(&path, &name).unwrap();
    let mut lay = layout(&source);
    // Drop the third data row of the first table, as a faulty layout would.
    let (line, lost) = lay.sheets[0]
        .items
        .iter_mut()
        .find_map(|i| match i {
            Item::Table(t) => {
                let r = t.rows.remove(2);
                t.trace.retain(|(l, _)| *l != r.first_line);
                Some((r.first_line, r.source_cells))
            }
            _ => None,
        })
        .unwrap();
    assert!(lost >= 2, "the dropped row held {lost} cells");
    let a = assemble_counted(&mut lay, &opts(&name));
    let f = check(&count(&source), &lay, &a.placed);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kod, "IK107");
    assert_eq!(f[0].allvarlighet, Severity::Fel);
    assert_eq!(f[0].fil.as_deref(), Some(name.as_str()));
    assert_eq!(f[0].rad, Some(line));
    let total = source_cells(&source.sheets[0]);
    assert!(
        f[0].meddelande
            .starts_with(&format!("{lost} av {total} ifyllda celler")),
        "{}",
        f[0].meddelande
    );
    assert!(
        f[0].meddelande
            .contains(&format!("första raden som saknas: {line}"))
    );
}

#[test]
fn a_cell_counted_twice_is_an_error_too() {
    let (name, path) = seed(0);
    let source = read_path(&path, &name).unwrap();
    let mut lay = layout(&source);
    lay.sheets[0].header_cells += 1;
    let a = assemble_counted(&mut lay, &opts(&name));
    let f = check(&count(&source), &lay, &a.placed);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].meddelande.contains("räknades in i utdata"),
        "{}",
        f[0].meddelande
    );
}

/// Every readable bundled file, in every format: nothing unaccounted for.
#[test]
fn every_bundled_file_is_accounted_for_in_full() {
    let mut files = 0;
    let mut cells = 0;
    for dir in ["seeds", "formats", "quirks", "office-made", "rules"] {
        let mut paths: Vec<_> = std::fs::read_dir(root().join("fixtures").join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let Ok(source) = read_path(&p, &name) else {
                continue;
            };
            files += 1;
            cells += source.sheets.iter().map(source_cells).sum::<u32>();
            let conv = convert_source(&source, &opts(&name));
            let ik107: Vec<_> = conv.findings.iter().filter(|f| f.kod == "IK107").collect();
            assert!(ik107.is_empty(), "{dir}/{name}: {ik107:?}");
        }
    }
    assert!(files >= 60, "only {files} files read");
    assert!(cells > 2_000, "only {cells} cells counted");
}

fn convert_text(text: &str) -> (Vec<Document>, Vec<String>) {
    let source = read_bytes(text.as_bytes(), "t.txt").unwrap();
    let conv = convert_source(&source, &opts("t.txt"));
    let codes = conv.findings.iter().map(|f| f.kod.clone()).collect();
    (conv.documents, codes)
}

#[test]
fn a_second_status_or_date_column_is_kept_in_extra_not_overwritten() {
    let (docs, codes) = convert_text(
        "Risk\tKontroll\tStartdatum\tStartdatum\tStatus\tStatus\n\
         Fel utbetalning\tAttestkontroll\t2023-01-01\t2023-02-01\tPågår\tKlar enligt plan\n",
    );
    assert!(!codes.contains(&"IK107".to_string()), "{codes:?}");
    let c = &docs[0].risker[0].kontroller[0];
    assert_eq!(
        c.startdatum.map(|d| d.to_string()).as_deref(),
        Some("2023-01-01")
    );
    assert!(
        c.extra.0.iter().any(|(_, v)| v == "2023-02-01"),
        "{:?}",
        c.extra
    );
    let u = &c.uppfoljningar[0];
    assert_eq!(u.status_kalla.as_deref(), Some("Pågår"));
    assert!(
        u.extra.0.iter().any(|(_, v)| v == "Klar enligt plan"),
        "{:?}",
        u.extra
    );
}

#[test]
fn a_risk_written_again_keeps_what_the_second_row_adds() {
    let (docs, _) = convert_text(
        "Risk\tProcess\tKontroll\n\
         Fel utbetalning\tEkonomi\tAttestkontroll\n\
         Fel utbetalning\tLön\tStickprov av löner\n",
    );
    let r = &docs[0].risker;
    assert_eq!(r.len(), 1, "the same risk twice is one risk");
    assert_eq!(r[0].process.as_deref(), Some("Ekonomi"));
    assert!(
        r[0].extra
            .0
            .iter()
            .any(|(k, v)| k == "Process" && v == "Lön"),
        "{:?}",
        r[0].extra
    );
    assert_eq!(r[0].kontroller.len(), 2);
}

#[test]
fn a_second_diarienummer_in_the_prose_goes_to_the_notes() {
    let (docs, _) = convert_text(
        "Plan för intern kontroll 2023\n\
         Diarienummer: KS 2023/10\n\
         Diarienummer: KS 2023/99\n\n\
         Risk\tKontroll\n\
         Fel utbetalning\tAttestkontroll\n",
    );
    assert_eq!(docs[0].diarienummer.as_deref(), Some("KS 2023/10"));
    let notes = docs[0].anteckningar.as_deref().unwrap_or_default();
    assert!(notes.contains("KS 2023/99"), "{notes:?}");
}
