//! Outputs are written atomically: an interrupted run (kill -9 mid-write) leaves the old
//! output or a complete new one, never half a file; existing outputs need --force.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::bin;

/// A text plan big enough that converting and writing it takes a noticeable time.
fn big_plan(rows: usize) -> String {
    let mut s = String::from(
        "Internkontrollplan 2024\n\nRiskområde\tRiskvärde\tKontroll\tAnsvarig\tStartdatum\tSlutdatum\n",
    );
    for i in 0..rows {
        s.push_str(&format!(
            "Risk nummer {i} med en lång beskrivning av vad som kan hända\t{}\tKontroll {i}: stickprov på ärenden och genomgång av rutiner\tPerson {}\t2024-01-01\t2024-12-31\n",
            1 + i % 25,
            i % 7
        ));
    }
    s
}

fn temp_file_in(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with(".ikplan-"))
}

#[test]
fn kill_9_mid_write_leaves_the_old_output_or_a_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let rows = 5_000;
    std::fs::write(dir.path().join("plan.txt"), big_plan(rows)).unwrap();
    let out = dir.path().join("ut.json");
    let mut killed_mid_write = 0;
    for _ in 0..3 {
        std::fs::write(&out, b"OLD").unwrap();
        let mut child = Command::new(bin())
            .args(["convert", "plan.txt", "-o", "ut.json", "--force", "-q"])
            .current_dir(dir.path())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the writer has created its temporary file, then kill it at once.
        let started = std::time::Instant::now();
        while !temp_file_in(dir.path()) && started.elapsed() < Duration::from_secs(300) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        if temp_file_in(dir.path()) {
            killed_mid_write += 1;
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let bytes = std::fs::read(&out).unwrap();
        if bytes != b"OLD" {
            let v: serde_json::Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("half-written output: {e}"));
            assert_eq!(v["dokument"][0]["risker"].as_array().unwrap().len(), rows);
        }
        for e in std::fs::read_dir(dir.path()).unwrap().flatten() {
            if e.file_name().to_string_lossy().starts_with(".ikplan-") {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
    }
    assert!(
        killed_mid_write > 0,
        "no kill landed while the output was being written"
    );
}

#[test]
fn existing_output_is_kept_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.txt"), big_plan(3)).unwrap();
    std::fs::write(dir.path().join("ut.json"), b"OLD").unwrap();
    let st = Command::new(bin())
        .args(["convert", "plan.txt", "-o", "ut.json", "-q"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    // Named by its Swedish flag (issue 23); `--force` is still read.
    assert!(String::from_utf8_lossy(&st.stderr).contains("--skriv-over"));
    assert_eq!(std::fs::read(dir.path().join("ut.json")).unwrap(), b"OLD");
}

#[test]
fn output_over_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.txt"), big_plan(3)).unwrap();
    let st = Command::new(bin())
        .args([
            "convert", "plan.txt", "-o", "plan.txt", "--format", "json", "--force",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.txt")).unwrap(),
        big_plan(3)
    );
}
