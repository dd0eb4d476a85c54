//! Inputs the fuzzers found (fixtures/fuzz, kept by scripts/fuzz.sh runs): each is read
//! again on every `cargo test`, by the library under every file name and by the binary,
//! which must answer with one Swedish line naming the file and exit 2 (or convert it), and
//! never print a panic.

mod common;

use std::process::Command;

use common::{bin, root};
use ikplan::pipeline::convert_source;

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("fixtures/fuzz"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    v.sort();
    v
}

#[test]
fn there_are_regression_inputs() {
    assert!(!fixtures().is_empty());
}

#[test]
fn the_library_reads_or_refuses_each_under_every_name() {
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        for name in ["f.txt", "f.csv", "f.xlsx", "f.xls", "f.ods", "f.docx", "f"] {
            if let Ok(source) = ikplan::read::read_bytes(&bytes, name) {
                let opts = ikplan::normalize::assemble::Options {
                    id_base: "f".into(),
                    ..Default::default()
                };
                let conv = convert_source(&source, &opts);
                assert!(
                    conv.findings.iter().all(|f| f.kod != "IK107"),
                    "{}: {:?}",
                    path.display(),
                    conv.findings
                );
            }
        }
    }
}

#[test]
fn the_binary_answers_with_one_line_and_exit_2() {
    for path in fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&path, dir.path().join(&name)).unwrap();
        let out = Command::new(bin())
            .args(["convert", &name, "-o", "ut.json", "-q"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        match out.status.code() {
            Some(0) => assert!(dir.path().join("ut.json").exists()),
            Some(2) => {
                assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
                assert!(stderr.starts_with(&format!("fel: {name}: ")), "{stderr}");
            }
            other => panic!("{name}: exit {other:?}: {stderr}"),
        }
    }
}

/// The first crasher: a mutated xls whose sector table sends calamine's CFB reader out of
/// its slice. calamine panics; ikplan reports a broken file.
#[test]
fn the_xls_sector_slice_crasher_is_a_broken_file() {
    let bytes = std::fs::read(root().join("fixtures/fuzz/xls-cfb-slice-panic.bin")).unwrap();
    let err = ikplan::read::read_bytes(&bytes, "x.xls").unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("x.xls: filen är skadad"), "{msg}");
}
