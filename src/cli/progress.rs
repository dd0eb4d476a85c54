//! Progress on a terminal (files done, current file, rate) and the summary after a batch.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::model::{Output, Severity};

/// A progress bar on stderr when it is a terminal and not `--quiet`; otherwise silent.
pub struct Progress {
    bar: Option<ProgressBar>,
}

/// Whether progress is shown at all: on a terminal, without `--quiet`.
fn shown(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// A spinner while the outputs are written (a large workbook takes seconds after the last
/// file is read); cleared when dropped. Silent when progress is not shown.
pub struct Writing(Option<ProgressBar>);

impl Writing {
    pub fn new(targets: &[PathBuf], quiet: bool) -> Self {
        Writing(shown(quiet).then(|| {
            let names: Vec<String> = targets.iter().map(|t| t.display().to_string()).collect();
            let b = ProgressBar::new_spinner();
            b.set_message(format!("Skriver {}", names.join(", ")));
            b.enable_steady_tick(Duration::from_millis(120));
            b
        }))
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

impl Progress {
    pub fn new(total: usize, quiet: bool) -> Self {
        let show = shown(quiet) && total > 1;
        let bar = show.then(|| {
            let b = ProgressBar::new(total as u64);
            b.set_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} filer  {per_sec}  {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        });
        Progress { bar }
    }

    /// One more file is done.
    pub fn done(&self, file: &str) {
        if let Some(b) = &self.bar {
            b.set_message(file.to_string());
            b.inc(1);
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// The summary table printed after a conversion.
pub fn summary(
    out: &Output,
    files: usize,
    failures: &[String],
    elapsed: Duration,
    targets: &[PathBuf],
) -> String {
    let risks: usize = out.dokument.iter().map(|d| d.risker.len()).sum();
    let controls: usize = out
        .dokument
        .iter()
        .flat_map(|d| &d.risker)
        .map(|r| r.kontroller.len())
        .sum();
    let follow: usize = out
        .dokument
        .iter()
        .flat_map(|d| &d.risker)
        .flat_map(|r| &r.kontroller)
        .map(|k| k.uppfoljningar.len())
        .sum();
    let sev = |s: Severity| {
        out.anmarkningar
            .iter()
            .filter(|f| f.allvarlighet == s)
            .count()
    };
    let mut s = String::new();
    let _ = writeln!(s, "Filer lästa      {:>8}", files - failures.len());
    let _ = writeln!(s, "Filer med fel    {:>8}", failures.len());
    let _ = writeln!(s, "Dokument         {:>8}", out.dokument.len());
    let _ = writeln!(s, "Risker           {:>8}", risks);
    let _ = writeln!(s, "Kontroller       {:>8}", controls);
    let _ = writeln!(s, "Uppföljningar    {:>8}", follow);
    let _ = writeln!(
        s,
        "Anmärkningar     {:>8}  (fel {}, varning {}, info {})",
        out.anmarkningar.len(),
        sev(Severity::Fel),
        sev(Severity::Varning),
        sev(Severity::Info)
    );
    let _ = writeln!(s, "Tid              {:>7.2}s", elapsed.as_secs_f64());
    for target in targets {
        let _ = writeln!(s, "Utdata           {}", target.display());
    }
    // Each failure was printed on its own `fel:` line as it happened: counted here, not
    // printed twice.
    s
}
