//! `ikplan check` and `ikplan regler`: exit codes, the settings (flags and ikplan.toml), JSON,
//! the same findings in convert's outputs, and snapshots of what a person reads on the seeds.

mod common;

use std::path::Path;
use std::process::Command;

use common::{bin, root};

fn run_in(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs in a fresh folder (so no ikplan.toml is picked up by accident).
fn run(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    run_in(args, dir.path())
}

fn fixture(name: &str) -> String {
    root()
        .join("fixtures/rules")
        .join(format!("{name}.txt"))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn no_fel_exits_0() {
    let (code, out, _) = run(&["check", &fixture("IK204_clean")]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, "Inga anmärkningar i 1 fil\n");
}

#[test]
fn a_fel_exits_1() {
    let (code, out, _) = run(&["check", &fixture("IK302_triggers")]);
    assert_eq!(code, 1);
    assert!(
        out.contains("IK302_triggers.txt:5: IK302 fel: Slutdatum 2022-03-31 ligger före startdatum 2022-09-01  (Felaktiga utbetalningar › Stickprov på utbetalningar)"),
        "{out}"
    );
    assert!(out.contains("1 fel, 0 varningar, 0 info i 1 fil"), "{out}");
}

#[test]
fn a_varning_exits_0_and_1_with_strict() {
    assert_eq!(run(&["check", &fixture("IK304_triggers")]).0, 0);
    assert_eq!(run(&["check", "--strict", &fixture("IK304_triggers")]).0, 1);
    // Info alone is never a failure.
    assert_eq!(run(&["check", "--strict", &fixture("IK402_triggers")]).0, 0);
}

#[test]
fn an_unreadable_input_exits_2_and_the_others_are_still_checked() {
    let (code, out, err) = run(&["check", &fixture("IK302_triggers"), "saknas.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        err.lines()
            .any(|l| l.starts_with("fel:") && l.contains("saknas.xlsx")),
        "{err}"
    );
    assert!(out.contains("IK302"), "{out}");
    assert!(out.contains("i 1 fil; 1 fil kunde inte läsas"), "{out}");
}

#[test]
fn ignore_and_scale_flags() {
    assert_eq!(
        run(&["check", "--ignore", "IK302", &fixture("IK302_triggers")]).0,
        0
    );
    assert_eq!(
        run(&[
            "check",
            "--ignore",
            "ik101,IK302",
            &fixture("IK302_triggers")
        ])
        .0,
        0
    );
    assert_eq!(run(&["check", &fixture("IK202_triggers")]).0, 1);
    assert_eq!(
        run(&["check", "--skala", "5", &fixture("IK202_triggers")]).0,
        0
    );
    let (code, _, err) = run(&["check", "--ignore", "IK999", &fixture("IK302_triggers")]);
    assert_eq!(code, 2);
    assert!(err.contains("okänd regelkod IK999"), "{err}");
    assert_eq!(
        run(&["check", "--skala", "3", &fixture("IK302_triggers")]).0,
        2
    );
}

#[test]
fn the_project_file_in_the_current_folder_or_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("IK304_triggers"), dir.path().join("plan.txt")).unwrap();
    assert_eq!(run_in(&["check", "plan.txt"], dir.path()).0, 0);
    std::fs::write(
        dir.path().join("ikplan.toml"),
        "[allvarlighet]\nIK304 = \"fel\"\n",
    )
    .unwrap();
    let (code, out, _) = run_in(&["check", "plan.txt"], dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("IK304 fel:"), "{out}");
    // The command line adds to the file.
    assert_eq!(
        run_in(&["check", "--ignore", "IK304", "plan.txt"], dir.path()).0,
        0
    );
    std::fs::write(dir.path().join("egen.toml"), "ignorera = [\"IK304\"]\n").unwrap();
    let (code, out, _) = run_in(&["check", "--config", "egen.toml", "plan.txt"], dir.path());
    assert_eq!(code, 0);
    assert_eq!(out, "Inga anmärkningar i 1 fil\n");
    std::fs::write(
        dir.path().join("fel.toml"),
        "[allvarlighet]\nIK304 = \"hög\"\n",
    )
    .unwrap();
    let (code, _, err) = run_in(&["check", "--config", "fel.toml", "plan.txt"], dir.path());
    assert_eq!(code, 2);
    assert!(
        err.starts_with("fel: fel.toml: okänd allvarlighet"),
        "{err}"
    );
    let (code, _, err) = run_in(
        &["check", "--config", "saknas.toml", "plan.txt"],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("saknas.toml"), "{err}");
}

/// The id of IK302_triggers.txt's document: its name and the hash of its bytes.
fn ik302_id() -> String {
    let bytes = std::fs::read(fixture("IK302_triggers")).unwrap();
    let id = ikplan::pipeline::stable_id_base("IK302_triggers.txt", &bytes);
    assert!(id.starts_with("ik302-triggers-"), "{id}");
    id
}

#[test]
fn json_gives_anmarkning_records() {
    let (code, out, _) = run(&[
        "check",
        "--format",
        "json",
        &fixture("IK303_triggers"),
        &fixture("IK302_triggers"),
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let arr = v.as_array().unwrap();
    let f = arr.iter().find(|f| f["kod"] == "IK302").unwrap();
    assert_eq!(f["allvarlighet"], "fel");
    assert_eq!(f["fil"], "IK302_triggers.txt");
    assert_eq!(f["rad"], 5);
    assert_eq!(f["cell"], serde_json::Value::Null);
    assert_eq!(f["post_id"], format!("{}:R2:K1", ik302_id()));
    for key in [
        "kod",
        "allvarlighet",
        "meddelande",
        "fil",
        "blad",
        "cell",
        "rad",
        "post_id",
    ] {
        assert!(f.get(key).is_some(), "{key}");
    }
}

#[test]
fn no_colour_when_piped_or_with_no_color() {
    let out = Command::new(bin())
        .args(["check", &fixture("IK302_triggers")])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn convert_writes_the_same_findings_and_takes_the_same_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(
        &["convert", "-q", &fixture("IK302_triggers"), "-o", "ut"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read_to_string(dir.path().join("ut/anmarkningar.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    for col in [
        "kod",
        "allvarlighet",
        "meddelande",
        "fil",
        "blad",
        "cell",
        "rad",
        "post_id",
    ] {
        assert!(header.split(',').any(|h| h == col), "{header}");
    }
    assert!(
        lines.any(|l| l.starts_with("IK302,fel,")
            && l.contains("IK302_triggers.txt")
            && l.contains(&format!(",5,{}:R2:K1", ik302_id()))),
        "{csv}"
    );
    let (code, _, err) = run_in(
        &[
            "convert",
            "-q",
            "--ignore",
            "IK302",
            &fixture("IK302_triggers"),
            "-o",
            "ut.json",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("ut.json")).unwrap())
            .unwrap();
    let codes: Vec<&str> = json["anmarkningar"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["kod"].as_str())
        .collect();
    assert!(!codes.contains(&"IK302"), "{codes:?}");
}

#[test]
fn regler_lists_every_rule_and_explains_one() {
    let (code, out, _) = run(&["regler"]);
    assert_eq!(code, 0);
    for r in ikplan::rules::REGISTRY {
        assert!(
            out.contains(&format!(
                "  {}  {:<7}  {}",
                r.code,
                r.severity.as_str(),
                r.title
            )),
            "{}",
            r.code
        );
    }
    let (code, out, _) = run(&["regler", "ik303"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("IK303 varning: Avstämningsdatum utanför start–slut\n"),
        "{out}"
    );
    for heading in [
        "Vad regeln kontrollerar",
        "Varför det spelar roll",
        "Exempel",
        "Så åtgärdar du",
    ] {
        assert!(out.contains(&format!("\n{heading}\n")), "{heading}: {out}");
    }
    let (code, _, err) = run(&["regler", "IK999"]);
    assert_eq!(code, 2);
    assert!(err.contains("okänd regelkod IK999"), "{err}");
}

#[test]
fn regler_ik303_snapshot() {
    insta::assert_snapshot!(run(&["regler", "IK303"]).1);
}

/// What a controller reads for each seed, colour off.
#[test]
fn seeds_human_output() {
    for (seed, _) in common::seeds() {
        let stem = seed.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = seed.parent().unwrap();
        let name = seed.file_name().unwrap().to_string_lossy().into_owned();
        let (_, out, err) = run_in(&["check", &name], dir);
        assert!(err.is_empty(), "{err}");
        insta::assert_snapshot!(format!("check_{}", &stem[..3]), out);
    }
}
