//! The command line: errors for unreadable input, deterministic output, every output format.

mod common;

use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use common::{bin, root};

fn run(args: &[&str], cwd: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `dokument_id` of every document of a JSON output, in order.
fn doc_ids(json: &[u8]) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(json).unwrap();
    json["dokument"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["dokument_id"].as_str().unwrap().to_string())
        .collect()
}

fn assert_one_line_error(stderr: &str, file: &str) {
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("fel:")).collect();
    assert_eq!(lines.len(), 1, "one error line expected: {stderr}");
    assert!(lines[0].contains(file), "error names the file: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn missing_empty_and_binary_files_give_one_line_swedish_errors_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tom.txt"), b"").unwrap();
    std::fs::write(
        dir.path().join("binar.txt"),
        [0u8, 1, 2, 3, 0, 0, 7, 200, 201, 0, 5, 6],
    )
    .unwrap();
    for (file, words) in [
        ("saknas.txt", "finns inte"),
        ("tom.txt", "tom"),
        ("binar.txt", "binär"),
    ] {
        let out = format!("{file}.json");
        let (code, _, err) = run(&["convert", file, "-o", &out], dir.path());
        assert_eq!(code, 2, "{file}: {err}");
        assert_one_line_error(&err, file);
        assert!(err.contains(words), "{file}: {err}");
    }
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/seeds/000_84152a127077ff70.txt"),
        dir.path().join("bra.txt"),
    )
    .unwrap();
    std::fs::write(dir.path().join("tom.txt"), b"").unwrap();
    let (code, _, err) = run(
        &["convert", "bra.txt", "tom.txt", "-o", "ut.json"],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert_one_line_error(&err, "tom.txt");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("ut.json")).unwrap())
            .unwrap();
    assert_eq!(json["dokument"].as_array().unwrap().len(), 1);
}

/// One file named three times (twice as given, once by another spelling) and inside a folder
/// given too is read once: its plan is not in the output four times.
#[test]
fn a_file_named_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("planer")).unwrap();
    std::fs::copy(
        root().join("fixtures/seeds/000_84152a127077ff70.txt"),
        dir.path().join("planer/bra.txt"),
    )
    .unwrap();
    let (code, _, err) = run(
        &[
            "convert",
            "planer/bra.txt",
            "planer/bra.txt",
            "./planer/../planer/bra.txt",
            "planer",
            "-o",
            "ut.json",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let json = std::fs::read(dir.path().join("ut.json")).unwrap();
    assert_eq!(doc_ids(&json).len(), 1, "{err}");
    // Said once, in Swedish, naming the file as first given: not silent.
    let notes: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("mer än en gång"))
        .collect();
    assert_eq!(notes.len(), 1, "{err}");
    assert!(notes[0].starts_with("obs: bra.txt: "), "{err}");
}

/// A web page in an input folder (a planning system's "Excel" export saved as .htm or .html)
/// is read like the other plan formats, as it is when named directly.
#[test]
fn a_folder_conversion_reads_web_pages() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("planer");
    std::fs::create_dir(&plans).unwrap();
    let page = "<html><body><table>\
        <tr><th>Process</th><th>Risk</th><th>Kontrollmoment</th><th>Ansvarig</th></tr>\
        <tr><td>Inköp</td><td>Inköp utan avtal</td><td>Stickprov på fakturor</td><td>Ekonomichef</td></tr>\
        </table></body></html>";
    std::fs::write(plans.join("plan.htm"), page).unwrap();
    std::fs::write(plans.join("export.html"), page).unwrap();
    let (code, _, err) = run(&["convert", "planer", "-o", "ut.json"], dir.path());
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("ut.json")).unwrap()).unwrap();
    let files: Vec<&str> = json["dokument"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kalla_fil"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["export.html", "plan.htm"], "{err}");
}

#[test]
fn same_input_twice_gives_identical_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = root().join("fixtures/seeds");
    let seeds = seeds.to_str().unwrap();
    for name in ["a", "b"] {
        let (code, _, err) = run(
            &["convert", seeds, "-o", &format!("{name}.json")],
            dir.path(),
        );
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = run(
            &["convert", seeds, "-o", &format!("{name}_csv")],
            dir.path(),
        );
        assert_eq!(code, 0, "{err}");
    }
    let read = |p: &str| std::fs::read(dir.path().join(p)).unwrap();
    assert_eq!(read("a.json"), read("b.json"));
    for f in [
        "dokument",
        "risker",
        "kontroller",
        "uppfoljningar",
        "anmarkningar",
        "extra",
    ] {
        assert_eq!(
            read(&format!("a_csv/{f}.csv")),
            read(&format!("b_csv/{f}.csv")),
            "{f}"
        );
    }
    let json = String::from_utf8(read("a.json")).unwrap();
    assert!(
        !json.contains(dir.path().to_str().unwrap()),
        "no absolute paths in JSON"
    );
}

#[test]
fn csv_folder_has_every_entity_with_model_keys() {
    let dir = tempfile::tempdir().unwrap();
    let seed = root().join("fixtures/seeds/001_95fb6c4a13f639a0.txt");
    let (code, _, err) = run(&["convert", seed.to_str().unwrap(), "-o", "ut"], dir.path());
    assert_eq!(code, 0, "{err}");
    let kontroller = std::fs::read_to_string(dir.path().join("ut/kontroller.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(kontroller.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "kontroll_id");
    assert!(headers.iter().any(|h| h == "avstamningsdatum"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 10);
    let first = &rows[0];
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&first[col("ansvarig")], "Agneta Söqvist");
    assert_eq!(
        &first[col("rapporteringsansvarig")],
        "Evelina Wigstrand; Agneta Söqvist"
    );
    assert_eq!(&first[col("avstamningsdatum")], "2022-05-01; 2022-09-01");
    assert_eq!(&first[col("kalla")], "rad 21");
    for f in [
        "dokument",
        "risker",
        "uppfoljningar",
        "anmarkningar",
        "extra",
    ] {
        assert!(dir.path().join(format!("ut/{f}.csv")).exists(), "{f}.csv");
    }
}

#[test]
fn workbook_has_a_sheet_per_entity_with_real_dates_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let seed = root().join("fixtures/seeds/001_95fb6c4a13f639a0.txt");
    let (code, _, err) = run(
        &["convert", seed.to_str().unwrap(), "-o", "ut.xlsx"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let mut wb = open_workbook_auto(dir.path().join("ut.xlsx")).unwrap();
    let names = wb.sheet_names();
    for s in [
        "Dokument",
        "Risker",
        "Kontroller",
        "Uppföljningar",
        "Anmärkningar",
        "Extra",
    ] {
        assert!(names.iter().any(|n| n == s), "sheet {s} in {names:?}");
    }
    let risker = wb.worksheet_range("Risker").unwrap();
    // Riskområde is the second column: the sheet opens with what people read (issue 23).
    assert_eq!(
        risker.get_value((0, 1)),
        Some(&Data::String("Riskområde".into()))
    );
    let rv_col = (0..risker.width())
        .find(|&c| risker.get_value((0, c as u32)) == Some(&Data::String("Riskvärde".into())))
        .unwrap() as u32;
    let values: Vec<&Data> = (1..risker.height() as u32)
        .filter_map(|r| risker.get_value((r, rv_col)))
        .filter(|d| !matches!(d, Data::Empty))
        .collect();
    assert_eq!(values, vec![&Data::Float(12.0), &Data::Float(9.0)]);
    let k = wb.worksheet_range("Kontroller").unwrap();
    let start_col = (0..k.width())
        .find(|&c| k.get_value((0, c as u32)) == Some(&Data::String("Startdatum".into())))
        .unwrap() as u32;
    match k.get_value((1, start_col)) {
        // 2022-01-01 is Excel serial 44562.
        Some(Data::DateTime(dt)) => assert_eq!(dt.as_f64(), 44562.0),
        other => panic!("startdatum is not a date cell: {other:?}"),
    }
}

#[test]
fn workbook_is_written_when_no_temporary_file_can_be_made() {
    // The entity sheets are written row by row through temporary files; without a usable
    // temporary folder they are ordinary sheets and the workbook says the same.
    let dir = tempfile::tempdir().unwrap();
    let seed = root().join("fixtures/seeds/001_95fb6c4a13f639a0.txt");
    let seed = seed.to_str().unwrap();
    let (code, _, err) = run(&["convert", seed, "-o", "vanlig.xlsx", "-q"], dir.path());
    assert_eq!(code, 0, "{err}");
    let out = Command::new(bin())
        .args(["convert", seed, "-o", "utan_tmp.xlsx", "-q"])
        .current_dir(dir.path())
        .env("TMPDIR", dir.path().join("finns-inte"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cells = |name: &str| {
        let mut wb = open_workbook_auto(dir.path().join(name)).unwrap();
        let mut all = Vec::new();
        for s in wb.sheet_names() {
            let range = wb.worksheet_range(&s).unwrap();
            all.push((s, range.rows().map(|r| r.to_vec()).collect::<Vec<_>>()));
        }
        all
    };
    let plain = cells("vanlig.xlsx");
    assert!(
        plain
            .iter()
            .any(|(s, rows)| s == "Kontroller" && rows.len() > 1)
    );
    assert_eq!(plain, cells("utan_tmp.xlsx"));
}

#[test]
fn several_outputs_in_one_run_equal_separate_runs() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = root().join("fixtures/seeds");
    let seeds = seeds.to_str().unwrap();
    let (code, _, err) = run(
        &[
            "convert", seeds, "-o", "en.xlsx", "-o", "en_csv", "-o", "en.json", "-q",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    for (one, separate) in [
        ("en.xlsx", "var.xlsx"),
        ("en_csv", "var_csv"),
        ("en.json", "var.json"),
    ] {
        let (code, _, err) = run(&["convert", seeds, "-o", separate, "-q"], dir.path());
        assert_eq!(code, 0, "{err}");
        let (a, b) = (dir.path().join(one), dir.path().join(separate));
        if a.is_dir() {
            let mut names: Vec<_> = std::fs::read_dir(&a)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            assert!(names.len() >= 6, "{names:?}");
            for n in names {
                assert_eq!(
                    std::fs::read(a.join(&n)).unwrap(),
                    std::fs::read(b.join(&n)).unwrap(),
                    "{n:?}"
                );
            }
        } else {
            assert_eq!(
                std::fs::read(a).unwrap(),
                std::fs::read(b).unwrap(),
                "{one}"
            );
        }
    }
    // The same output twice is refused before anything is read.
    let (code, _, err) = run(
        &["convert", seeds, "-o", "två.json", "-o", "./två.json"],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert_one_line_error(&err, "två.json");
    assert!(err.contains("två gånger"), "{err}");
    assert!(!dir.path().join("två.json").exists());
}

#[test]
fn patterns_are_expanded_by_ikplan_like_folders() {
    // Windows shells pass `planer\*.xlsx` on as it is; ikplan expands it.
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    let seeds = common::seeds();
    std::fs::copy(&seeds[0].0, tree.join("a.txt")).unwrap();
    std::fs::copy(&seeds[1].0, tree.join("sub/b.txt")).unwrap();
    std::fs::write(tree.join("~$lås.txt"), "Office lock file").unwrap();
    let ids = |out: &str| doc_ids(&std::fs::read(dir.path().join(out)).unwrap());
    for (pattern, out) in [("tree/**/*.txt", "p1.json"), ("tree", "p2.json")] {
        let (code, _, err) = run(&["convert", pattern, "-o", out, "-q"], dir.path());
        assert_eq!(code, 0, "{pattern}: {err}");
    }
    assert_eq!(ids("p1.json"), ids("p2.json"), "same ids as the folder");
    assert!(
        ids("p1.json").iter().any(|i| i.starts_with("b-")),
        "{:?}",
        ids("p1.json")
    );
    let (code, _, err) = run(
        &["convert", "tree/*.txt", "-o", "p3.json", "-q"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(ids("p3.json").len(), 1);
    assert!(ids("p3.json")[0].starts_with("a-"), "{:?}", ids("p3.json"));
    assert!(
        ids("p1.json").contains(&ids("p3.json")[0]),
        "same id as in the folder"
    );
    // A pattern that matches nothing: one line naming it, exit 2, nothing written.
    let (code, _, err) = run(&["convert", "tree/*.xlsx", "-o", "p4.json"], dir.path());
    assert_eq!(code, 2);
    assert_one_line_error(&err, "tree/*.xlsx");
    assert!(err.contains("inga filer matchar mönstret"), "{err}");
    assert!(!dir.path().join("p4.json").exists());
    // A folder whose name has brackets is taken as written, not as a character class, and
    // its files get the ids of the folder run.
    let drafts = dir.path().join("Plan [utkast]");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::copy(&seeds[0].0, drafts.join("c.txt")).unwrap();
    for (input, out) in [
        ("Plan [utkast]/*.txt", "p5.json"),
        ("Plan [utkast]", "p6.json"),
    ] {
        let (code, _, err) = run(&["convert", input, "-o", out, "-q"], dir.path());
        assert_eq!(code, 0, "{input}: {err}");
    }
    assert_eq!(ids("p5.json").len(), 1);
    assert!(ids("p5.json")[0].starts_with("c-"), "{:?}", ids("p5.json"));
    assert_eq!(ids("p5.json"), ids("p6.json"));
}

/// The ids of the documents of a JSON output, sorted.
fn sorted_ids(path: &std::path::Path) -> Vec<String> {
    let mut ids = doc_ids(&std::fs::read(path).unwrap());
    ids.sort();
    ids
}

#[test]
fn the_same_tree_gives_the_same_ids_however_it_is_named() {
    // Two years' plans under the same file name, and a follow-up one folder deeper.
    let dir = tempfile::tempdir().unwrap();
    let planer = dir.path().join("planer");
    std::fs::create_dir_all(planer.join("2021")).unwrap();
    std::fs::create_dir_all(planer.join("2022/uppf")).unwrap();
    let seeds = common::seeds();
    std::fs::copy(&seeds[1].0, planer.join("2021/plan.txt")).unwrap();
    std::fs::copy(&seeds[2].0, planer.join("2022/plan.txt")).unwrap();
    std::fs::copy(&seeds[0].0, planer.join("2022/uppf/uppfoljning.txt")).unwrap();
    let runs: [&[&str]; 4] = [
        &["planer"],
        &["planer/2021", "planer/2022"],
        &["planer/**/*.txt"],
        &[
            "planer/2022/uppf/uppfoljning.txt",
            "planer/2021/plan.txt",
            "planer/2022/plan.txt",
        ],
    ];
    let mut all = Vec::new();
    for (i, inputs) in runs.iter().enumerate() {
        let out = format!("ids{i}.json");
        let mut args = vec!["convert"];
        args.extend(inputs.iter());
        args.extend(["-o", &out, "-q"]);
        let (code, _, err) = run(&args, dir.path());
        assert_eq!(code, 0, "{inputs:?}: {err}");
        all.push(sorted_ids(&dir.path().join(&out)));
    }
    assert!(all[0].len() >= 3, "{:?}", all[0]);
    for (i, ids) in all.iter().enumerate() {
        assert_eq!(ids, &all[0], "run {i} {:?}", runs[i]);
    }
    // The two files named plan.txt get different ids, both made from the name and a hash
    // of the bytes.
    let hashes: std::collections::BTreeSet<_> = all[0]
        .iter()
        .filter_map(|i| i.strip_prefix("plan-"))
        .map(|h| &h[..8])
        .collect();
    assert_eq!(hashes.len(), 2, "{:?}", all[0]);
    // From the working folder of the file itself: the same id again.
    let (code, _, err) = run(
        &["convert", "plan.txt", "-o", "../../ids-own.json", "-q"],
        &planer.join("2021"),
    );
    assert_eq!(code, 0, "{err}");
    let own = sorted_ids(&dir.path().join("ids-own.json"));
    assert_eq!(own.len(), 1);
    assert!(all[0].contains(&own[0]), "{own:?} in {:?}", all[0]);
    // A copy of a file under another folder: its documents get their own ids.
    std::fs::copy(planer.join("2021/plan.txt"), planer.join("kopia.txt")).unwrap();
    std::fs::copy(
        planer.join("2021/plan.txt"),
        planer.join("2022/plan-2021.txt"),
    )
    .unwrap();
    std::fs::create_dir_all(planer.join("arkiv")).unwrap();
    std::fs::copy(planer.join("2021/plan.txt"), planer.join("arkiv/plan.txt")).unwrap();
    let (code, _, err) = run(
        &["convert", "planer", "-o", "kopior.json", "-q"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let ids = doc_ids(&std::fs::read(dir.path().join("kopior.json")).unwrap());
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
}

/// A workbook whose sheet names make the same id ("Plan 2021" and "Plan-2021"), and one
/// whose two sheets carry the very same name: every document gets its own id, and the
/// CSV folder's keys stay unique.
#[test]
fn sheets_of_the_same_name_never_share_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, risk) in [
        ("Plan 2021", "Hot och våld"),
        ("Plan-2021", "Felaktiga utbetalningar"),
    ] {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        for (c, h) in ["Riskområde", "Kontroll", "Ansvarig"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, risk).unwrap();
        ws.write_string(1, 1, "Stickprov varje kvartal").unwrap();
        ws.write_string(1, 2, "Enhetschef").unwrap();
    }
    wb.save(dir.path().join("nästan.xlsx")).unwrap();
    common::duplicate_sheet_names(
        &dir.path().join("nästan.xlsx"),
        &dir.path().join("samma.xlsx"),
    );
    for file in ["nästan.xlsx", "samma.xlsx"] {
        let (code, _, err) = run(
            &["convert", file, "-o", "ut.json", "--force", "-q"],
            dir.path(),
        );
        assert_eq!(code, 0, "{file}: {err}");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("ut.json")).unwrap()).unwrap();
        let docs = json["dokument"].as_array().unwrap();
        assert_eq!(docs.len(), 2, "{file}");
        assert_ne!(docs[0]["dokument_id"], docs[1]["dokument_id"], "{file}");
        let mut risk_ids = std::collections::HashSet::new();
        for d in docs {
            for r in d["risker"].as_array().unwrap() {
                assert_eq!(r["dokument_id"], d["dokument_id"]);
                assert!(risk_ids.insert(r["risk_id"].as_str().unwrap().to_string()));
            }
        }
        if file == "samma.xlsx" {
            assert_eq!(docs[0]["kalla_blad"], docs[1]["kalla_blad"]);
        }
    }
}

#[test]
fn nothing_read_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("tom")).unwrap();
    let (code, _, err) = run(&["convert", "tom", "-o", "ut.json"], dir.path());
    assert_eq!(code, 2);
    assert_one_line_error(&err, "tom");
    assert!(err.contains("inga filer att läsa"), "{err}");
    assert!(!dir.path().join("ut.json").exists());
    let (code, out, err) = run(&["check", "tom"], dir.path());
    assert_eq!(code, 2, "{out}");
    assert_one_line_error(&err, "tom");
    // Every file fails: the earlier output stays, even with --force.
    std::fs::create_dir_all(dir.path().join("trasiga")).unwrap();
    std::fs::write(dir.path().join("trasiga/a.xlsx"), b"PK\x03\x04 trasig").unwrap();
    std::fs::write(dir.path().join("trasiga/b.docx"), b"PK\x03\x04 trasig").unwrap();
    std::fs::write(dir.path().join("ut.json"), b"tidigare utdata").unwrap();
    let (code, _, err) = run(
        &["convert", "trasiga", "-o", "ut.json", "--force"],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("fel:")).count(),
        3,
        "{err}"
    );
    assert!(err.contains("ingen utdata skrevs"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("ut.json")).unwrap(),
        b"tidigare utdata"
    );
}

#[test]
fn one_thread_and_two_threads_give_identical_output() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("a/b")).unwrap();
    for (i, (seed, _)) in common::seeds().into_iter().enumerate() {
        let sub = if i % 2 == 0 { "a" } else { "a/b" };
        std::fs::copy(&seed, tree.join(sub).join(seed.file_name().unwrap())).unwrap();
    }
    std::fs::write(tree.join("a/trasig.xlsx"), b"PK\x03\x04 not really a zip").unwrap();
    for t in ["1", "2"] {
        let (code, _, err) = run(
            &[
                "convert",
                "tree",
                "-o",
                &format!("t{t}.json"),
                "--threads",
                t,
                "-q",
            ],
            dir.path(),
        );
        assert_eq!(code, 2, "the broken file makes the exit code 2: {err}");
        assert_one_line_error(&err, "trasig.xlsx");
    }
    let a = std::fs::read(dir.path().join("t1.json")).unwrap();
    let b = std::fs::read(dir.path().join("t2.json")).unwrap();
    assert_eq!(a, b);
    let ids = doc_ids(&a);
    assert_eq!(ids.len(), 5, "{ids:?}");
    // The workbook's sheets and the CSV files are also made in parallel: same bytes.
    for t in ["1", "2"] {
        for out in [format!("t{t}.xlsx"), format!("csv{t}")] {
            let (code, _, err) = run(
                &[
                    "convert",
                    "tree",
                    "-o",
                    &out,
                    "--threads",
                    t,
                    "-q",
                    "--platt",
                ],
                dir.path(),
            );
            assert_eq!(code, 2, "{err}");
        }
    }
    let x1 = std::fs::read(dir.path().join("t1.xlsx")).unwrap();
    let x2 = std::fs::read(dir.path().join("t2.xlsx")).unwrap();
    assert!(x1 == x2, "the workbooks differ between 1 and 2 threads");
    for f in ["dokument", "risker", "kontroller", "uppfoljningar", "platt"] {
        let a = std::fs::read(dir.path().join(format!("csv1/{f}.csv"))).unwrap();
        let b = std::fs::read(dir.path().join(format!("csv2/{f}.csv"))).unwrap();
        assert!(a == b, "{f}.csv differs between 1 and 2 threads");
    }
}

/// A large sheet, alone and in a batch, gives the same output on 1 and 2 threads.
#[test]
fn a_large_sheet_gives_the_same_output_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let head = [
        "Riskområde",
        "Riskbeskrivning",
        "Sannolikhet",
        "Konsekvens",
        "Kontroll",
        "Ansvarig",
        "Startdatum",
        "Status",
    ];
    ws.write_string(0, 0, "Internkontrollplan 2024").unwrap();
    for (c, h) in head.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for i in 0..12_000u32 {
        let r = i + 3;
        // A risk every third row; its other rows are merged cells in Excel, blank here.
        if i % 3 == 0 {
            ws.write_string(r, 0, format!("Risk {} för felaktiga utbetalningar", i / 3))
                .unwrap();
            ws.write_string(
                r,
                1,
                format!("Beskrivning av risk {} & dess följder", i / 3),
            )
            .unwrap();
            ws.write_number(r, 2, f64::from(i % 5 + 1)).unwrap();
            ws.write_number(r, 3, f64::from(i % 4 + 1)).unwrap();
        }
        ws.write_string(r, 4, format!("Stickprov nr {i} av attesterade fakturor"))
            .unwrap();
        ws.write_string(
            r,
            5,
            ["Ekonomichef", "Controller", "Enhetschef"][i as usize % 3],
        )
        .unwrap();
        ws.write_number_with_format(r, 6, 45_292.0 + f64::from(i % 300), &date)
            .unwrap();
        ws.write_string(
            r,
            7,
            ["Pågående", "Genomförd", "Ej påbörjad"][i as usize % 3],
        )
        .unwrap();
    }
    ws.merge_range(
        1,
        0,
        1,
        3,
        "Nämnd: Socialnämnden",
        &rust_xlsxwriter::Format::new(),
    )
    .unwrap();
    let path = dir.path().join("stor.xlsx");
    wb.save(&path).unwrap();
    // Converts `input` on one thread and on two; the two outputs are the same.
    let on_one_and_two_threads = |input: &str| {
        let [one, two] = ["1", "2"].map(|t| {
            let out = format!("{input}-{t}.json");
            let (code, _, err) = run(
                &["convert", input, "-o", &out, "--threads", t, "-q"],
                dir.path(),
            );
            assert_eq!(code, 0, "{err}");
            std::fs::read(dir.path().join(out)).unwrap()
        });
        assert!(one == two, "{input}: 1 and 2 threads differ");
        one
    };
    let a = on_one_and_two_threads("stor.xlsx");
    let v: serde_json::Value = serde_json::from_slice(&a).unwrap();
    let risks = v["dokument"][0]["risker"].as_array().unwrap();
    assert_eq!(risks.len(), 4_000);
    assert_eq!(risks[3_999]["kontroller"].as_array().unwrap().len(), 3);
    // In a batch each file is converted on a thread of the pool; the output is the same
    // with one thread as with two.
    let batch = dir.path().join("mapp");
    std::fs::create_dir(&batch).unwrap();
    std::fs::copy(&path, batch.join("a.xlsx")).unwrap();
    std::fs::copy(&path, batch.join("b.xlsx")).unwrap();
    let b = on_one_and_two_threads("mapp");
    let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
    let docs = v["dokument"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(
        docs.iter()
            .all(|d| d["risker"].as_array().unwrap().len() == 4_000)
    );
}

#[test]
fn excel_csv_neutralizes_formulas_and_the_workbook_writes_them_as_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plan.txt"),
        "Internkontrollplan 2024\n\nRiskområde\tKontroll\tAnsvarig\n=HYPERLINK(\"http://x\")\t+SUM(1;2)\t@Chef\n",
    )
    .unwrap();
    let (code, _, err) = run(&["convert", "plan.txt", "-o", "ut", "--excel"], dir.path());
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(dir.path().join("ut/risker.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "BOM for Swedish Excel"
    );
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains(";\"'=HYPERLINK(\"\"http://x\"\")\";"),
        "{text}"
    );
    let k = std::fs::read_to_string(dir.path().join("ut/kontroller.csv")).unwrap();
    assert!(k.contains("'+SUM(1;2)") && k.contains("'@Chef"), "{k}");
    let (code, _, err) = run(&["convert", "plan.txt", "-o", "ut.xlsx"], dir.path());
    assert_eq!(code, 0, "{err}");
    let mut wb = open_workbook_auto(dir.path().join("ut.xlsx")).unwrap();
    let r = wb.worksheet_range("Risker").unwrap();
    // Riskområde, the second column (issue 23's reading order).
    assert_eq!(
        r.get_value((1, 1)),
        Some(&Data::String("=HYPERLINK(\"http://x\")".into()))
    );
    let formulas = wb.worksheet_formula("Risker").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells written"
    );
}

/// `inspect` reads ikplan's own workbook as `convert` does (by its sheets and headers), not
/// through the layout of an unknown table: the counts it shows are those of the model
/// `convert` makes of the same file (issue 23).
#[test]
fn inspect_reads_our_own_workbook_as_convert_does() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("alla.xlsx");
    let json = dir.path().join("alla.json");
    let seeds = common::root().join("fixtures/seeds");
    for (input, out) in [(&seeds, &xlsx), (&xlsx, &json)] {
        let st = std::process::Command::new(common::bin())
            .args(["convert", "-q"])
            .arg(input)
            .arg("-o")
            .arg(out)
            .status()
            .unwrap();
        assert!(st.success());
    }
    let model: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let docs = model["dokument"].as_array().unwrap();
    let risks: usize = docs
        .iter()
        .map(|d| d["risker"].as_array().unwrap().len())
        .sum();
    let o = std::process::Command::new(common::bin())
        .arg("inspect")
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("alla.xlsx (ikplan)"), "{text}");
    assert!(
        text.contains(&format!("  Dokument: {}\n", docs.len())),
        "{text}"
    );
    assert!(text.contains(&format!("  Risker: {risks}\n")), "{text}");
    assert!(
        !text.contains("Tabell 1"),
        "not read as an unknown table: {text}"
    );
}

/// A folder conversion reads plan formats only: the folder's README.md is not a plan,
/// though a `.md` named as a file is read (issue 23).
#[test]
fn a_folder_conversion_reads_no_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("planer");
    std::fs::create_dir(&plans).unwrap();
    let seed = root().join("fixtures/seeds/000_84152a127077ff70.txt");
    std::fs::copy(&seed, plans.join("plan.txt")).unwrap();
    std::fs::copy(&seed, plans.join("README.md")).unwrap();
    let convert = |input: &std::path::Path, out: &str| {
        let o = Command::new(bin())
            .args(["convert", "-q"])
            .arg(input)
            .arg("-o")
            .arg(dir.path().join(out))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(out)).unwrap()).unwrap();
        v["dokument"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["kalla_fil"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(convert(&plans, "mapp.json"), ["plan.txt"]);
    assert_eq!(convert(&plans.join("README.md"), "fil.json"), ["README.md"]);
}

/// Every subcommand's help, and clap's own words (usage, headings, help and version
/// flags, errors), are Swedish; the English spelling of a flag is still accepted, and an
/// error is printed once (issue 23).
#[test]
fn help_and_errors_are_swedish() {
    for sub in ["convert", "check", "inspect", "mall", "regler", "serve"] {
        for flag in ["--hjälp", "-h", "--help"] {
            let o = Command::new(bin()).args([sub, flag]).output().unwrap();
            assert!(o.status.success(), "{sub} {flag}");
            let text = String::from_utf8(o.stdout).unwrap();
            assert!(text.contains("Användning: ikplan"), "{sub}: {text}");
            assert!(text.contains("Flaggor:"), "{sub}: {text}");
            for english in [
                "Usage:",
                "Options:",
                "Arguments:",
                "Print help",
                "[OPTIONS]",
                "possible values",
                "[default",
                "[alias",
            ] {
                assert!(!text.contains(english), "{sub} says {english}: {text}");
            }
        }
    }
    let o = Command::new(bin())
        .args(["convert", "--okand", "x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.starts_with("fel: okänd flagga"), "{err}");
    assert_eq!(err.matches("fel:").count(), 1, "{err}");
    assert!(!err.contains("error:") && !err.contains("Usage"), "{err}");
    // The English spelling of a flag that has one is still read.
    let dir = tempfile::tempdir().unwrap();
    let seed = root().join("fixtures/seeds/000_84152a127077ff70.txt");
    for (out, flags) in [
        ("a.json", ["--ut", "--tyst"]),
        ("b.json", ["--output", "--quiet"]),
    ] {
        let o = Command::new(bin())
            .arg("convert")
            .arg(&seed)
            .args([flags[0]])
            .arg(dir.path().join(out))
            .arg(flags[1])
            .output()
            .unwrap();
        assert!(o.status.success(), "{flags:?}");
        assert!(o.stderr.is_empty(), "{flags:?} is quiet");
    }
}

/// `--strikt` means the same in convert and check: a warning fails as an error does.
#[test]
fn strict_means_the_same_in_convert_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = root().join("fixtures/rules/IK304_triggers.txt");
    let check = |strict: bool| {
        let mut c = Command::new(bin());
        c.arg("check").arg(&file);
        if strict {
            c.arg("--strikt");
        }
        c.output().unwrap().status.code()
    };
    let convert = |strict: bool, out: &str| {
        let mut c = Command::new(bin());
        c.args(["convert", "-q"])
            .arg(&file)
            .arg("-o")
            .arg(dir.path().join(out));
        if strict {
            c.arg("--strikt");
        }
        c.output().unwrap().status.code()
    };
    assert_eq!((check(false), check(true)), (Some(0), Some(1)));
    assert_eq!(
        (convert(false, "a.json"), convert(true, "b.json")),
        (Some(0), Some(1))
    );
}
