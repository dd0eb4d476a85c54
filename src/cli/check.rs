//! `ikplan check INPUT...`: the rules over plans and follow-ups, reported like a linter.
//!
//! Exit codes: 0 no finding of severity `fel`; 1 at least one `fel` (or, with `--strict`,
//! any `varning`); 2 an input could not be read or the settings are wrong.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::config::RuleArgs;
use crate::model::{Finding, Severity};
use crate::normalize::assemble::Options;
use crate::pipeline::{batch_inputs, convert_batch_with};
use crate::report::{self, Style};

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CheckFormat {
    /// En rad per anmärkning, grupperat per fil, och en summering.
    #[default]
    Text,
    /// Anmärkningarna som JSON (anmarkning-poster enligt MODEL.md).
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Filer, mappar (läses rekursivt) eller mönster som "planer/**/*.xlsx" att granska.
    #[arg(required = true, value_name = "INDATA")]
    pub inputs: Vec<PathBuf>,
    /// Utdataformat.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Strikt: avsluta med kod 1 även när den allvarligaste anmärkningen är en varning
    /// (som `convert --strikt`).
    #[arg(long = "strikt", alias = "strict")]
    pub strict: bool,
    /// Följ länkar som pekar ut ur mapparna som läses (annars läses de inte).
    #[arg(long = "folj-lankar")]
    pub folj_lankar: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// A run read for a report: the output (keys and findings across documents made), the
/// files read and the inputs that could not be.
pub struct Read {
    pub out: crate::model::Output,
    pub files: usize,
    pub unreadable: usize,
}

/// Reads the inputs as `check` does (settings, expansion, the batch, the keys across
/// documents); each unreadable input is reported on its own line. `Err` is the exit code
/// when there is nothing to report on.
pub fn read_inputs(inputs: &[PathBuf], rules: &RuleArgs, follow_links: bool) -> Result<Read, u8> {
    let project = match rules.project(inputs) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fel: {e}");
            return Err(super::EXIT_UNREADABLE);
        }
    };
    let expanded = super::inputs::expand_with(
        inputs,
        &super::inputs::WalkOptions {
            follow_links,
            outputs: Vec::new(),
        },
    );
    for note in &expanded.notes {
        eprintln!("obs: {note}");
    }
    for r in &expanded.refused {
        eprintln!("fel: {r}");
    }
    let batch = batch_inputs(&expanded.files);
    if batch.is_empty() {
        if expanded.refused.is_empty() {
            eprintln!("{}", super::inputs::nothing_to_read(inputs));
        }
        return Err(super::EXIT_UNREADABLE);
    }
    let rules = project.rules.clone();
    let opts = Options {
        layout: project.layout.clone(),
        vocab: project.vocab.clone().into(),
        ..Default::default()
    };
    let results = convert_batch_with(&batch, &opts, &project.files, &rules, &|_| {});
    let mut parts = Vec::new();
    let mut unreadable = expanded.refused.len();
    for r in results {
        match r {
            Ok(c) => parts.push(c),
            Err(e) => {
                eprintln!("fel: {}", super::inputs::escape(&e.to_string()));
                unreadable += 1;
            }
        }
    }
    Ok(Read {
        out: crate::pipeline::output_with(parts, &rules),
        files: batch.len() + expanded.refused.len() - unreadable,
        unreadable,
    })
}

pub fn run(args: &Args) -> u8 {
    let read = match read_inputs(&args.inputs, &args.rules, args.folj_lankar) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let unreadable = read.unreadable;
    let (findings, docs): (Vec<Finding>, _) = (read.out.anmarkningar, read.out.dokument);
    let text = match args.format {
        CheckFormat::Text => {
            let style = Style::for_terminal(std::io::stdout().is_terminal());
            report::human(&findings, &docs, read.files, unreadable, style)
        }
        CheckFormat::Json => report::json(&findings),
    };
    // A reader that has had enough (`ikplan check … | head -1`) closes the pipe: the rest
    // is not written, and that is no error.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    exit_code(&findings, unreadable > 0, args.strict)
}

/// 2 when an input could not be read, else 1 for a `fel` (or a `varning` when strict), else 0.
pub fn exit_code(findings: &[Finding], unreadable: bool, strict: bool) -> u8 {
    let worst = findings.iter().map(|f| f.allvarlighet).min();
    match worst {
        _ if unreadable => super::EXIT_UNREADABLE,
        Some(Severity::Fel) => 1,
        Some(Severity::Varning) if strict => 1,
        _ => 0,
    }
}
