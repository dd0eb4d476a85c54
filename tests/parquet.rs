//! The Parquet folder (`-o ut.parquet/`) holds the CSV folder's tables: the same tables,
//! columns and rows, each column of the type `datapackage.json` declares (read back with
//! the parquet crate's reader), and it is never written over an input.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use parquet::basic::{LogicalType, Repetition, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::Value;

fn run(inputs: &[PathBuf], outputs: &[&Path], extra: &[&str]) -> Output {
    let mut cmd = Command::new(common::bin());
    cmd.args(["convert", "-q"]).args(inputs);
    for o in outputs {
        cmd.arg("-o").arg(o);
    }
    cmd.args(extra).output().unwrap()
}

fn seeds() -> Vec<PathBuf> {
    common::seeds().into_iter().map(|(p, _)| p).collect()
}

/// The file stems of a folder's files ending in `.ext`.
fn stems(dir: &Path, ext: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// A CSV file's header and records.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Converts `inputs` to a CSV folder and a Parquet folder in one run and checks that the
/// Parquet folder holds the CSV folder's tables, typed as its data package declares.
fn parquet_equals_csv(inputs: &[PathBuf], extra: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let csv_dir = tmp.path().join("csv");
    let pq_dir = tmp.path().join("ut.parquet");
    let ran = run(inputs, &[&csv_dir, &pq_dir], extra);
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string(csv_dir.join("datapackage.json")).unwrap())
            .unwrap();
    let csv_tables = stems(&csv_dir, "csv");
    assert_eq!(stems(&pq_dir, "parquet"), csv_tables, "the tables");
    // Nothing else in the folder.
    assert_eq!(
        std::fs::read_dir(&pq_dir).unwrap().count(),
        csv_tables.len()
    );
    let mut rows_seen = 0;
    for res in package["resources"].as_array().unwrap() {
        let name = res["name"].as_str().unwrap();
        let fields = res["schema"]["fields"].as_array().unwrap();
        let (header, csv_rows) = read_csv(&csv_dir.join(format!("{name}.csv")));
        let reader = SerializedFileReader::new(
            std::fs::File::open(pq_dir.join(format!("{name}.parquet"))).unwrap(),
        )
        .unwrap();
        let meta = reader.metadata().file_metadata();
        // The table's schema of the data package travels in the file.
        let kv = meta.key_value_metadata().expect("key-value metadata");
        let schema = kv
            .iter()
            .find(|k| k.key == "ikplan.schema")
            .and_then(|k| k.value.as_deref())
            .expect("ikplan.schema");
        assert_eq!(
            serde_json::from_str::<Value>(schema).unwrap(),
            res["schema"],
            "{name}: schema"
        );
        // Columns: the CSV's, in its order, each of its declared type.
        let descr = meta.schema_descr();
        let cols: Vec<String> = descr
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        assert_eq!(cols, header, "{name}: columns");
        for (c, f) in descr.columns().iter().zip(fields) {
            let ty = f["type"].as_str().unwrap();
            let want = match ty {
                "string" => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
                "integer" => (PhysicalType::INT64, None),
                "date" => (PhysicalType::INT32, Some(LogicalType::Date)),
                other => panic!("{name}.{}: type {other}", c.name()),
            };
            assert_eq!(
                (c.physical_type(), c.logical_type_ref().cloned()),
                want,
                "{name}.{}",
                c.name()
            );
            assert_eq!(
                c.self_type().get_basic_info().repetition(),
                Repetition::OPTIONAL
            );
        }
        // Rows: the CSV's, value by value.
        let pq_rows: Vec<Vec<Field>> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| {
                r.unwrap()
                    .get_column_iter()
                    .map(|(_, f)| f.clone())
                    .collect()
            })
            .collect();
        assert_eq!(pq_rows.len(), csv_rows.len(), "{name}: rows");
        rows_seen += pq_rows.len();
        for (i, (pq, csv)) in pq_rows.iter().zip(&csv_rows).enumerate() {
            for ((v, text), col) in pq.iter().zip(csv).zip(&header) {
                let same = match v {
                    Field::Null => text.is_empty(),
                    Field::Str(s) => s == text && !s.is_empty(),
                    Field::Long(n) => n.to_string() == *text,
                    // Shown by the reader (chrono) as YYYY-MM-DD.
                    Field::Date(_) => v.to_string() == *text,
                    other => panic!("{name}.{col}: value {other:?}"),
                };
                assert!(same, "{name} row {i} {col}: parquet {v:?}, CSV {text:?}");
            }
        }
    }
    assert!(rows_seen > 50, "{rows_seen} rows in all");
}

#[test]
fn seeds_in_parquet_equal_the_csv_folder() {
    parquet_equals_csv(&seeds(), &["--platt"]);
}

#[test]
fn years_in_parquet_equal_the_csv_folder() {
    parquet_equals_csv(&[common::root().join("fixtures/years")], &[]);
}

/// The one stderr line of a refused run, exit 2, naming `path`.
fn refused(ran: &Output, path: &Path, words: &[&str]) {
    let err = String::from_utf8_lossy(&ran.stderr);
    assert_eq!(ran.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("fel: "), "{err}");
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(err.contains(&*name), "{err}");
    for w in words {
        assert!(err.contains(w), "{w}: {err}");
    }
}

#[test]
fn a_parquet_folder_is_never_written_over_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("planer.parquet");
    std::fs::create_dir(&dir).unwrap();
    let seed = &seeds()[0];
    let input = dir.join(seed.file_name().unwrap());
    std::fs::copy(seed, &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    for out in [dir.clone(), tmp.path().join("planer.parquet/")] {
        for force in [&[][..], &["--skriv-over"][..]] {
            let ran = run(std::slice::from_ref(&dir), &[&out], force);
            refused(&ran, &input, &["Parquet-mappen", "planer.parquet"]);
            assert_eq!(std::fs::read(&input).unwrap(), before);
            assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        }
    }
    // The input named as the output itself.
    let ran = run(
        std::slice::from_ref(&input),
        &[&input],
        &["--format", "parquet"],
    );
    refused(&ran, &input, &["indatafil"]);
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn a_parquet_folder_is_replaced_only_when_told() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ut.parquet");
    let inputs = &seeds()[..1];
    assert!(run(inputs, &[&out], &[]).status.success());
    let risker = out.join("risker.parquet");
    let first = std::fs::read(&risker).unwrap();
    // An earlier output needs --skriv-over.
    let ran = run(inputs, &[&out], &[]);
    refused(&ran, &out, &["--skriv-over"]);
    assert_eq!(std::fs::read(&risker).unwrap(), first);
    // Written again the same (the files are deterministic), and with --platt a table more.
    assert!(
        run(inputs, &[&out], &["--skriv-over", "--platt"])
            .status
            .success()
    );
    assert_eq!(std::fs::read(&risker).unwrap(), first);
    assert!(out.join("platt.parquet").is_file());
    // A folder holding other files than ikplan's is not replaced.
    std::fs::write(out.join("egen.txt"), "min").unwrap();
    let ran = run(inputs, &[&out], &["--skriv-over"]);
    refused(&ran, &out, &["egen.txt"]);
    assert!(out.join("egen.txt").is_file() && risker.is_file());
}
