//! A shared input folder written by anyone, and bad luck: links out of the folder, link
//! loops, FIFOs, sockets and devices, huge sparse files, outputs inside inputs, runs at
//! once, signals, random bytes under workbook names, names that forge lines (issue 20).
//!
//! Each test makes its hostile input at test time and asserts the exit code, the one-line
//! message naming the file, a time bound where a hang was the failure, and that the good
//! files of the batch are still converted.
#![cfg(unix)]

mod common;

use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::bin;

/// What a run gave: exit code, stdout, stderr, time taken.
struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs ikplan in `cwd`, killed (and the test failed) after `limit`.
fn run_within(args: &[&str], cwd: &Path, limit: Duration) -> Ran {
    run_cmd(Command::new(bin()).args(args).current_dir(cwd), limit)
}

fn run_cmd(cmd: &mut Command, limit: Duration) -> Ran {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let e = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "ikplan {:?} did not finish within {limit:?}",
                cmd.get_args()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ran {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&e.join().unwrap()).into_owned(),
        took: started.elapsed(),
    }
}

const LIMIT: Duration = Duration::from_secs(60);

/// A small plan as CSV whose risk is `marker`.
fn plan(marker: &str) -> String {
    format!("Risk;Kontroll;Ansvarig;Frekvens\n{marker};Stickprov av fakturor;Ekonomichef;Årligen\n")
}

/// The error lines of a run.
fn errors(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("fel:")).collect()
}

/// The one error line naming `file`, with every word of `words`.
fn assert_error(ran: &Ran, file: &str, words: &[&str]) {
    let lines: Vec<&str> = errors(&ran.stderr)
        .into_iter()
        .filter(|l| l.contains(file))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "one error line names {file}: {}",
        ran.stderr
    );
    for w in words {
        assert!(lines[0].contains(w), "{file}: {w:?} in {}", ran.stderr);
    }
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    assert!(!ran.stderr.contains("internt fel"), "{}", ran.stderr);
}

/// The risks (riskomrade) of a JSON output.
fn risks(json: &Path) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).expect("output written")).unwrap();
    v["dokument"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["risker"].as_array().unwrap().clone())
        .map(|r| r["riskomrade"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A temporary folder others can enter (for runs as another user).
fn folder() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn links_out_of_the_input_folder_are_not_followed_unless_asked() {
    let dir = folder();
    let secret = dir.path().join("annan/hemlig.csv");
    write(&secret, &plan("Hemlig risk"));
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    symlink(&secret, input.join("lank.csv")).unwrap();
    symlink(dir.path().join("annan"), input.join("lankmapp")).unwrap();
    // A link to a file inside the folder is read (once: it is the same file).
    symlink(input.join("bra.csv"), input.join("inne.csv")).unwrap();
    let ran = run_within(&["convert", "in", "-o", "ut.json", "-q"], dir.path(), LIMIT);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "lank.csv", &["utanför", "--folj-lankar"]);
    assert_error(&ran, "lankmapp", &["utanför"]);
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
    // `check` walks the same way.
    let ran = run_within(&["check", "in"], dir.path(), LIMIT);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "lank.csv", &["utanför"]);
    assert!(!ran.stdout.contains("Hemlig"), "{}", ran.stdout);
    // Asked to, ikplan follows them.
    let ran = run_within(
        &["convert", "in", "-o", "alla.json", "-q", "--folj-lankar"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let mut got = risks(&dir.path().join("alla.json"));
    got.sort();
    // The link and the folder link lead to one real file: it is read once.
    assert_eq!(got, vec!["Bra risk", "Hemlig risk"]);
}

#[test]
fn link_loops_walk_each_real_folder_once() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("sub/bra.csv"), &plan("Bra risk"));
    symlink(&input, input.join("sub/upp")).unwrap();
    symlink(input.join("sub"), input.join("sub/har")).unwrap();
    symlink(input.join("sub"), input.join("syster")).unwrap();
    let ran = run_within(&["convert", "in", "-o", "ut.json", "-q"], dir.path(), LIMIT);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
    // A pattern walks the same way.
    let ran = run_within(
        &["convert", "in/**/*.csv", "-o", "mönster.json", "-q"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(risks(&dir.path().join("mönster.json")), vec!["Bra risk"]);
}

#[test]
fn fifos_sockets_and_devices_are_refused_without_being_opened() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    let st = Command::new("mkfifo")
        .arg(input.join("ror.csv"))
        .status()
        .unwrap();
    assert!(st.success());
    let _socket = std::os::unix::net::UnixListener::bind(input.join("uttag.csv")).unwrap();
    let ran = run_within(&["convert", "in", "-o", "ut.json", "-q"], dir.path(), LIMIT);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "ror.csv", &["FIFO"]);
    assert_error(&ran, "uttag.csv", &["socket"]);
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
    // Given directly, or through a link the user asked to follow: the same.
    symlink("/dev/zero", input.join("noll.csv")).unwrap();
    let ran = run_within(
        &[
            "convert",
            "in/bra.csv",
            "in/ror.csv",
            "in/noll.csv",
            "-o",
            "direkt.json",
            "-q",
        ],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "ror.csv", &["FIFO"]);
    assert_error(&ran, "noll.csv", &["enhetsfil"]);
    assert_eq!(risks(&dir.path().join("direkt.json")), vec!["Bra risk"]);
    let ran = run_within(
        &["check", "in", "--folj-lankar"],
        dir.path(),
        Duration::from_secs(30),
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "noll.csv", &["enhetsfil"]);
}

#[test]
fn a_huge_sparse_file_is_refused_from_its_size_at_once() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    let f = std::fs::File::create(input.join("stor.csv")).unwrap();
    f.set_len(4 << 30).unwrap();
    drop(f);
    let ran = run_within(
        &["convert", "in", "-o", "ut.json", "-q"],
        dir.path(),
        Duration::from_secs(30),
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "stor.csv", &["för stor", "4096 MiB"]);
    assert!(ran.took < Duration::from_secs(10), "{:?}", ran.took);
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
}

#[test]
fn a_csv_folder_output_never_replaces_an_input() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("risker.csv"), &plan("Bra risk"));
    let ran = run_within(
        &["convert", "in", "-o", "in", "--force", "-q"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "risker.csv", &["CSV-mappen"]);
    assert_eq!(
        std::fs::read_to_string(input.join("risker.csv")).unwrap(),
        plan("Bra risk")
    );
}

#[test]
fn earlier_outputs_inside_an_input_folder_are_not_read_back() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    for _ in 0..2 {
        let ran = run_within(
            &[
                "convert",
                "in",
                "-o",
                "in/ut",
                "-o",
                "in/ut.xlsx",
                "--force",
            ],
            dir.path(),
            LIMIT,
        );
        assert_eq!(ran.code, 0, "{}", ran.stderr);
        let risker = std::fs::read_to_string(input.join("ut/risker.csv")).unwrap();
        assert_eq!(risker.lines().count(), 2, "one risk, not more: {risker}");
    }
    // An older output under another name is left out too, and said so.
    std::fs::rename(input.join("ut"), input.join("gammal")).unwrap();
    std::fs::rename(input.join("ut.xlsx"), input.join("gammal.xlsx")).unwrap();
    let ran = run_within(&["convert", "in", "-o", "ny.json"], dir.path(), LIMIT);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    for old in ["gammal", "gammal.xlsx"] {
        assert!(
            ran.stderr
                .lines()
                .any(|l| l.starts_with(&format!("obs: {old}:"))),
            "{}",
            ran.stderr
        );
    }
    assert!(!risks(&dir.path().join("ny.json")).is_empty());
    assert!(
        risks(&dir.path().join("ny.json"))
            .iter()
            .all(|r| r == "Bra risk")
    );
}

#[test]
fn a_csv_folder_is_replaced_whole() {
    let dir = folder();
    write(&dir.path().join("in/bra.csv"), &plan("Bra risk"));
    let ran = run_within(
        &["convert", "in", "-o", "ut", "--platt", "-q"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(dir.path().join("ut/platt.csv").exists());
    // The second run's folder is its own: no table of the first is left in it.
    let ran = run_within(
        &["convert", "in", "-o", "ut", "--force", "-q"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(!dir.path().join("ut/platt.csv").exists());
    assert!(dir.path().join("ut/risker.csv").exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // A folder holding other files than ikplan's is not replaced (they would be lost).
    write(&dir.path().join("annat/mitt.txt"), "mitt");
    let ran = run_within(
        &["convert", "in", "-o", "annat", "-o", "ok.json", "--force"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "annat", &["mitt.txt"]);
    assert!(dir.path().join("annat/mitt.txt").exists());
    // The summary lists the output written, not the one refused.
    let listed: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.starts_with("Utdata"))
        .collect();
    assert_eq!(listed.len(), 1, "{}", ran.stderr);
    assert!(listed[0].ends_with("ok.json"), "{}", ran.stderr);
}

#[test]
fn two_runs_do_not_write_one_output_at_once() {
    let dir = folder();
    write(&dir.path().join("in/bra.csv"), &plan("Bra risk"));
    // Another run holds the output's lock.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.path().join(".ut.json.ikplan-lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let ran = run_within(
        &["convert", "in", "-o", "ut.json", "--force", "-q"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "ut.json", &["en annan körning"]);
    assert!(!dir.path().join("ut.json").exists());
    drop(lock);
    let ran = run_within(&["convert", "in", "-o", "ut.json", "-q"], dir.path(), LIMIT);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(!dir.path().join(".ut.json.ikplan-lock").exists());
}

/// The entries of a folder whose name starts with `.ikplan-` or ends with `ikplan-lock`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".ikplan-") || n.ends_with("ikplan-lock"))
        .collect()
}

#[test]
fn sigterm_and_sigint_remove_the_temporary_files() {
    let dir = folder();
    // A plan large enough that the outputs take a while to write.
    let mut big = String::from("Risk;Kontroll;Ansvarig;Frekvens;Kommentar\n");
    for i in 0..60_000 {
        big.push_str(&format!(
            "Risk {i};Kontroll av fakturor nummer {i};Ekonomichef {};Årligen;En längre kommentar om kontroll {i} som tar plats\n",
            i % 7
        ));
    }
    write(&dir.path().join("in/stor.csv"), &big);
    for signal in ["TERM", "INT"] {
        let mut child = Command::new(bin())
            .args([
                "convert", "in", "-o", "ut", "-o", "ut.json", "--force", "-q",
            ])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Waits until the run has temporary files (a `.ikplan-*.tmp`) beside its outputs.
        let started = Instant::now();
        let mut seen = false;
        while started.elapsed() < Duration::from_secs(120) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if leftovers(dir.path()).iter().any(|n| n.ends_with(".tmp")) {
                seen = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(seen, "the run made no temporary file before it ended");
        let st = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(st.success());
        let status = child.wait().unwrap();
        assert!(!status.success(), "{signal}: {status:?}");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "{signal}");
    }
}

/// Bytes that look like nothing: a fixed pseudo-random sequence.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as u8
        })
        .collect()
}

#[test]
fn random_bytes_under_a_workbook_word_or_pdf_name_are_refused() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    std::fs::write(input.join("brus.xlsx"), noise(400_000, 1)).unwrap();
    std::fs::write(input.join("brus.docx"), noise(400_000, 2)).unwrap();
    std::fs::write(dir.path().join("brus.pdf"), noise(400_000, 3)).unwrap();
    let ran = run_within(
        &["convert", "in", "brus.pdf", "-o", "ut.json", "-q"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    for f in ["brus.xlsx", "brus.docx", "brus.pdf"] {
        assert_error(&ran, f, &["binär"]);
    }
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
    // Text that Excel saved under a workbook's name is still read.
    write(&input.join("text.xlsx"), &plan("Text risk"));
    let ran = run_within(
        &["convert", "in/text.xlsx", "-o", "text.json", "-q"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(risks(&dir.path().join("text.json")), vec!["Text risk"]);
}

#[test]
fn a_closed_stdout_ends_check_quietly() {
    let dir = folder();
    for i in 0..20 {
        write(
            &dir.path().join(format!("in/plan{i}.csv")),
            &plan(&format!("Risk {i}")),
        );
    }
    let mut child = Command::new(bin())
        .args(["check", "in"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away at once, as `head -1` does after its line.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_ne!(status.code(), Some(101), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("internt fel"), "{err}");
}

#[test]
fn threads_are_held_to_the_cores() {
    let dir = folder();
    write(&dir.path().join("in/bra.csv"), &plan("Bra risk"));
    let ran = run_within(
        &[
            "convert",
            "in",
            "-o",
            "ut.json",
            "-q",
            "--threads",
            "100000",
        ],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.took < Duration::from_secs(20), "{:?}", ran.took);
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
}

#[test]
fn a_line_break_in_a_file_name_cannot_forge_a_line() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    std::fs::write(input.join("a.csv\nfel: falsk.csv"), b"").unwrap();
    let ran = run_within(&["convert", "in", "-o", "ut.json", "-q"], dir.path(), LIMIT);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    let lines = errors(&ran.stderr);
    assert_eq!(lines.len(), 1, "{}", ran.stderr);
    assert!(
        lines[0].starts_with("fel: a.csv\\nfel: falsk.csv: "),
        "{}",
        ran.stderr
    );
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
}

/// A command running ikplan as the unprivileged user `nobody` when the tests run as root
/// (root reads every folder), or as the user the tests run as. As root, the binary is copied
/// into `dir` (world-readable), since `nobody` may not reach the build folder of a clone.
fn unprivileged(dir: &Path) -> Command {
    let uid = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Command::new(bin());
    }
    use std::os::unix::fs::PermissionsExt;
    let copy = dir.join("ikplan-bin");
    std::fs::copy(bin(), &copy).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(copy);
    c
}

#[test]
fn an_unreadable_subfolder_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut cmd = unprivileged(dir.path());
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    write(&input.join("last/dold.csv"), &plan("Dold risk"));
    std::fs::set_permissions(&input, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(
        input.join("bra.csv"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    std::fs::set_permissions(input.join("last"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let ran = run_cmd(
        cmd.args(["convert", "in", "-o", "ut.json", "-q"])
            .current_dir(dir.path()),
        LIMIT,
    );
    std::fs::set_permissions(input.join("last"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "last", &["mappen kan inte läsas"]);
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
}

#[test]
fn a_full_tmpdir_does_not_stop_the_workbook() {
    let dir = folder();
    let mut rows = String::from("Risk;Kontroll;Ansvarig;Frekvens\n");
    for i in 0..3000 {
        rows.push_str(&format!(
            "Felaktig utbetalning {i};Stickprov av fakturor {i};Ekonomichef;Årligen\n"
        ));
    }
    write(&dir.path().join("in/plan.csv"), &rows);
    let full = dir.path().join("full");
    std::fs::create_dir(&full).unwrap();
    // A 64 KiB temporary folder of its own, in a mount namespace of its own (root only).
    let script = format!(
        "mount -t tmpfs -o size=64k tmpfs '{}' || exit 77; TMPDIR='{}' exec '{}' convert in -o ut.xlsx -q",
        full.display(),
        full.display(),
        bin().display()
    );
    let ran = run_cmd(
        Command::new("unshare")
            .args(["-m", "sh", "-c", &script])
            .current_dir(dir.path()),
        LIMIT,
    );
    // The tests run as root (CI does): a tmpfs can always be mounted in a namespace.
    assert!(
        ran.code != 77 && !ran.stderr.contains("unshare:"),
        "no tmpfs could be mounted for the test: {}",
        ran.stderr
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(!ran.stderr.contains("internt fel"), "{}", ran.stderr);
    let ran = run_within(
        &["convert", "ut.xlsx", "-o", "tillbaka.json", "-q"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(risks(&dir.path().join("tillbaka.json")).len(), 3000);
}

#[test]
fn a_csv_quote_never_closed_is_named_with_its_line() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    write(
        &input.join("citat.csv"),
        "Risk;Kontroll;Ansvarig;Frekvens\nMutor;\"Stickprov av avtal;Ekonomichef;Årligen\nJäv;Granskning;Chef;Årligen\nBisysslor;Enkät;HR;Årligen\n",
    );
    let ran = run_within(&["convert", "in", "-o", "ut.json", "-q"], dir.path(), LIMIT);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    // The file is read as far as it can be, and a warning names the line of the quote.
    let out: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("ut.json")).unwrap())
            .unwrap();
    let ik115: Vec<&serde_json::Value> = out["anmarkningar"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kod"] == "IK115")
        .collect();
    assert_eq!(ik115.len(), 1, "{out:#}");
    assert_eq!(ik115[0]["fil"], "citat.csv");
    assert_eq!(ik115[0]["rad"], 2);
    assert_eq!(ik115[0]["allvarlighet"], "varning");
    assert!(risks(&dir.path().join("ut.json")).contains(&"Bra risk".to_string()));
    // `check` says it too.
    let ran = run_within(&["check", "in/citat.csv"], dir.path(), LIMIT);
    assert!(ran.stdout.contains("IK115"), "{}", ran.stdout);
}

#[test]
fn a_cp1252_row_in_a_utf8_file_spoils_no_other_row() {
    let dir = folder();
    let mut bytes = "Risk;Kontroll;Ansvarig;Frekvens\nFörskingring;Stickprov;Ekonomichef;Årligen\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"J\xe4v;Granskning;Chef;\xc5rligen\n");
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/blandad.csv"), bytes).unwrap();
    let ran = run_within(&["convert", "in", "-o", "ut.json", "-q"], dir.path(), LIMIT);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(
        risks(&dir.path().join("ut.json")),
        vec!["Förskingring", "Jäv"]
    );
}

/// An xlsx whose workbook lists one sheet part `listings` times, the sheet holding `rows`
/// rows of ten numbers.
fn workbook_listing_one_part(listings: usize, rows: usize) -> Vec<u8> {
    use std::io::Write;
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let root_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let mut sheets = String::new();
    let mut rels = String::new();
    for i in 1..=listings {
        sheets.push_str(&format!(
            r#"<sheet name="Blad{i}" sheetId="{i}" r:id="rId{i}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>"#
        ));
    }
    let book = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>"#
    );
    let book_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in 1..=rows {
        sheet.push_str(&format!("<row r=\"{r}\">"));
        for c in 0..10u8 {
            sheet.push_str(&format!(
                "<c r=\"{}{r}\"><v>{r}</v></c>",
                char::from(b'A' + c)
            ));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, body) in [
        ("_rels/.rels", root_rels.as_str()),
        ("xl/workbook.xml", book.as_str()),
        ("xl/_rels/workbook.xml.rels", book_rels.as_str()),
        ("xl/worksheets/sheet1.xml", sheet.as_str()),
    ] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn one_sheet_part_listed_many_times_is_refused() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    std::fs::write(
        input.join("manga.xlsx"),
        workbook_listing_one_part(500, 20_000),
    )
    .unwrap();
    let ran = run_within(&["convert", "in", "-o", "ut.json", "-q"], dir.path(), LIMIT);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "manga.xlsx", &["flera blad"]);
    assert!(ran.took < Duration::from_secs(30), "{:?}", ran.took);
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
}

#[test]
fn a_row_of_a_million_columns_is_refused_quickly() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    let header: Vec<String> = (0..1_000_000).map(|i| format!("K{i}")).collect();
    write(&input.join("bred.csv"), &format!("{}\n", header.join(";")));
    let ran = run_within(&["convert", "in", "-o", "ut.json", "-q"], dir.path(), LIMIT);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "bred.csv", &["rad 1", "1000000 kolumner", "16384"]);
    assert!(ran.took < Duration::from_secs(30), "{:?}", ran.took);
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
}

#[test]
fn an_output_that_is_a_link_or_a_device_is_refused() {
    let dir = folder();
    write(&dir.path().join("in/bra.csv"), &plan("Bra risk"));
    write(&dir.path().join("mål.json"), "{}");
    symlink(dir.path().join("mål.json"), dir.path().join("ut.json")).unwrap();
    let ran = run_within(
        &["convert", "in", "-o", "ut.json", "--force", "-q"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "ut.json", &["länk"]);
    let link = std::fs::symlink_metadata(dir.path().join("ut.json")).unwrap();
    assert!(link.file_type().is_symlink());
    // A device or FIFO (here a FIFO, not to touch the system's devices).
    let st = Command::new("mkfifo")
        .arg(dir.path().join("ror.json"))
        .status()
        .unwrap();
    assert!(st.success());
    let ran = run_within(
        &["convert", "in", "-o", "ror.json", "--force", "-q"],
        dir.path(),
        LIMIT,
    );
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(&ran, "ror.json", &["ingen vanlig fil"]);
    assert!(
        !std::fs::metadata(dir.path().join("ror.json"))
            .unwrap()
            .is_file()
    );
}

/// What a walked input reads as, through the same path a run takes: expanded from its
/// folder, then converted by the batch (`Err` is the one-line error).
fn convert_walked(
    files: &[ikplan::cli::inputs::Input],
) -> Vec<Result<ikplan::pipeline::Converted, ikplan::read::ReadError>> {
    let batch = ikplan::pipeline::batch_inputs(files);
    ikplan::pipeline::convert_batch(
        &batch,
        &ikplan::normalize::assemble::Options::default(),
        &ikplan::rules::RuleOptions::default(),
        &|_| {},
    )
}

fn titles(c: &ikplan::pipeline::Converted) -> Vec<String> {
    c.documents
        .iter()
        .flat_map(|d| &d.risker)
        .map(|r| r.riskomrade.clone())
        .collect()
}

#[test]
fn a_file_swapped_for_a_link_after_the_walk_is_not_followed() {
    // The race staged in order: the folder is walked, then a writer of the folder swaps a
    // file it listed for a link out of the folder (and a folder for a link to another),
    // then the batch reads.
    let dir = folder();
    let secret = dir.path().join("annan/hemlig.csv");
    write(&secret, &plan("Hemlig risk"));
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    write(&input.join("byts.csv"), &plan("Byts risk"));
    write(&input.join("under/mapp.csv"), &plan("Mapp risk"));
    let walked = ikplan::cli::inputs::expand_with(
        std::slice::from_ref(&input),
        &ikplan::cli::inputs::WalkOptions::default(),
    );
    let names: Vec<&str> = walked.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["bra.csv", "byts.csv", "under/mapp.csv"]);
    std::fs::remove_file(input.join("byts.csv")).unwrap();
    symlink(&secret, input.join("byts.csv")).unwrap();
    std::fs::rename(input.join("under"), input.join("gammal")).unwrap();
    symlink(dir.path().join("annan"), input.join("under")).unwrap();
    std::fs::copy(&secret, dir.path().join("annan/mapp.csv")).unwrap();
    let got = convert_walked(&walked.files);
    assert_eq!(titles(got[0].as_ref().unwrap()), ["Bra risk"]);
    for (i, file) in [(1, "byts.csv"), (2, "under/mapp.csv")] {
        let e = got[i]
            .as_ref()
            .expect_err("the link is refused")
            .to_string();
        assert!(e.starts_with(&format!("{file}: ")), "{e}");
        assert!(
            e.contains("länk") && e.contains("sedan mappen lästes"),
            "{e}"
        );
    }
    // Asked to follow links, the run reads where they lead, as before.
    let followed = ikplan::cli::inputs::expand_with(
        std::slice::from_ref(&input),
        &ikplan::cli::inputs::WalkOptions {
            follow_links: true,
            ..Default::default()
        },
    );
    assert!(followed.files.iter().all(|f| f.beneath.is_none()));
}

#[test]
fn opening_beneath_a_folder_follows_no_link_either_way() {
    use ikplan::read::{Beneath, open_beneath, open_beneath_stepwise};
    use rustix::fs::{Mode, OFlags};
    let dir = folder();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    let root = dir.path().join("in").canonicalize().unwrap();
    write(&root.join("a/fil.csv"), "inne");
    write(&dir.path().join("ute.csv"), "ute");
    symlink(dir.path().join("ute.csv"), root.join("lank.csv")).unwrap();
    symlink(root.join("a/fil.csv"), root.join("inlank.csv")).unwrap();
    symlink(root.join("a"), root.join("b")).unwrap();
    let read = |rel: &str| -> std::io::Result<String> {
        let b = Beneath {
            root: root.clone(),
            rel: rel.into(),
        };
        let mut s = String::new();
        open_beneath(&b)?.read_to_string(&mut s)?;
        Ok(s)
    };
    let stepwise = |rel: &str| -> std::io::Result<String> {
        let dir = rustix::fs::open(&root, OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty())?;
        let mut s = String::new();
        open_beneath_stepwise(dir, Path::new(rel), OFlags::RDONLY | OFlags::NONBLOCK)?
            .read_to_string(&mut s)?;
        Ok(s)
    };
    for open in [&read as &dyn Fn(&str) -> std::io::Result<String>, &stepwise] {
        assert_eq!(open("a/fil.csv").unwrap(), "inne");
        // A link, out of the folder or not, as the file or on the way, is not followed:
        // the walk gives the real path, so a link there was put in after it.
        for rel in [
            "lank.csv",
            "inlank.csv",
            "b/fil.csv",
            "../ute.csv",
            "a/../../ute.csv",
        ] {
            let e = open(rel).expect_err(rel);
            assert!(
                matches!(e.raw_os_error(), Some(libc::ELOOP | libc::EXDEV)),
                "{rel}: {e:?}"
            );
        }
    }
    // Through the reading function: one error naming the file, nothing of the target read.
    let b = Beneath {
        root: root.clone(),
        rel: "lank.csv".into(),
    };
    let e = ikplan::read::read_file_in(&root.join("lank.csv"), Some(&b), "lank.csv")
        .expect_err("a link is refused")
        .to_string();
    assert!(e.starts_with("lank.csv: ") && e.contains("länk"), "{e}");
}

#[test]
fn a_table_whose_controls_would_copy_its_rows_many_times_is_refused() {
    // Every tenth column a control: each control gets a copy of the row's other cells, so
    // the output would grow with the square of the columns (issue 20, item 5).
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    let words = [
        "Risk",
        "Kontrollmoment",
        "Ansvarig",
        "Frekvens",
        "Kommentar",
        "Metod",
        "Status",
        "Rapportering",
        "Riskbeskrivning",
        "Åtgärd",
    ];
    let n = 3000;
    let mut text = (0..n).map(|i| words[i % 10]).collect::<Vec<_>>().join(";") + "\n";
    for r in 0..10 {
        let row: Vec<String> = (0..n)
            .map(|i| format!("Text om risk {r} i kolumn {i}"))
            .collect();
        text += &(row.join(";") + "\n");
    }
    write(&input.join("kopior.csv"), &text);
    let ran = run_within(&["convert", "in", "-o", "ut.json", "-q"], dir.path(), LIMIT);
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert_error(
        &ran,
        "kopior.csv",
        &["rad 1", "300 kolumner med kontroller", "MiB"],
    );
    assert_eq!(risks(&dir.path().join("ut.json")), vec!["Bra risk"]);
}

#[test]
fn a_folder_swapped_for_a_file_after_the_walk_is_named_in_swedish() {
    let dir = folder();
    let input = dir.path().join("in");
    write(&input.join("bra.csv"), &plan("Bra risk"));
    write(&input.join("under/plan.csv"), &plan("Under risk"));
    let walked = ikplan::cli::inputs::expand_with(
        std::slice::from_ref(&input),
        &ikplan::cli::inputs::WalkOptions::default(),
    );
    std::fs::remove_dir_all(input.join("under")).unwrap();
    write(&input.join("under"), &plan("Fil risk"));
    let got = convert_walked(&walked.files);
    assert_eq!(titles(got[0].as_ref().unwrap()), ["Bra risk"]);
    let e = got[1].as_ref().expect_err("refused").to_string();
    assert!(
        e.starts_with("under/plan.csv: ") && e.contains("inte längre en mapp"),
        "{e}"
    );
}
