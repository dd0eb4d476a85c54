//! Outputs are written atomically: an interrupted run (kill -9 mid-write) leaves the old
//! output or a complete new one, never half a file; existing outputs need --force.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::bin;

/// A text plan big enough that converting and writing it takes a noticeable time.
fn big_plan(rows: usize) -> String {
    let mut s = String::from("Internkontrollplan 2024\n\nRiskområde\tRiskvärde\tKontroll\tAnsvarig\tStartdatum\tSlutdatum\n");
    for i in 0..rows {
        s.push_str(&format!(
            "Risk nummer {i} med en lång beskrivning av vad som kan hända\t{}\tKontroll {i}: stickprov på ärenden och genomgång av rutiner\tPerson {}\t2024-01-01\t2024-12-31\n",
            1 + i % 25,
            i % 7
        ));
    }
    s
}

#[test]
fn kill_9_mid_write_leaves_the_old_output_or_a_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.txt"), big_plan(60_000)).unwrap();
    let out = dir.path().join("ut.json");
    let mut outcomes = (0, 0);
    for delay_ms in [50u64, 150, 300, 500, 800, 1200] {
        std::fs::write(&out, b"OLD").unwrap();
        let mut child = Command::new(bin())
            .args(["convert", "plan.txt", "-o", "ut.json", "--force", "-q"])
            .current_dir(dir.path())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let bytes = std::fs::read(&out).unwrap();
        if bytes == b"OLD" {
            outcomes.0 += 1;
        } else {
            let v: serde_json::Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("half-written output after {delay_ms} ms: {e}"));
            assert_eq!(v["dokument"][0]["risker"].as_array().unwrap().len(), 60_000);
            outcomes.1 += 1;
        }
    }
    assert!(outcomes.0 > 0, "at least one kill landed before the rename: {outcomes:?}");
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
    assert!(String::from_utf8_lossy(&st.stderr).contains("--force"));
    assert_eq!(std::fs::read(dir.path().join("ut.json")).unwrap(), b"OLD");
}

#[test]
fn output_over_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.txt"), big_plan(3)).unwrap();
    let st = Command::new(bin())
        .args(["convert", "plan.txt", "-o", "plan.txt", "--format", "json", "--force"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(dir.path().join("plan.txt")).unwrap(), big_plan(3));
}
