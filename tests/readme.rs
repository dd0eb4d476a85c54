//! README examples are real: the inspect example is what `ikplan inspect` prints today, and
//! the set-up commands are the ones `.ci/run` uses.

mod common;

use std::process::Command;

use common::{bin, root};

#[test]
fn readme_inspect_example_is_current() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let out = Command::new(bin())
        .args(["inspect", "fixtures/seeds/000_84152a127077ff70.txt"])
        .current_dir(root())
        .output()
        .unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        readme.contains(&printed),
        "README's inspect example differs from the output:\n{printed}"
    );
}

#[test]
fn readme_set_up_commands_and_ci_agree() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(readme.contains("cargo run --release -- convert fixtures/seeds -o out/"));
    assert!(readme.contains("\ncargo test\n"));
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs the README's test command"
    );
}
