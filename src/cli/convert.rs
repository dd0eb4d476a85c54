//! `ikplan convert INPUT... -o OUT`: the main job.

use std::path::{Path, PathBuf};

use crate::normalize::assemble::Options;
use crate::pipeline::{Converted, batch_inputs, convert_batch_with, output};
use crate::write::{self, WriteError};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Json,
    Xlsx,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Filer, mappar (läses rekursivt) eller mönster som "planer/**/*.xlsx" att läsa.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Utdata: fil.json, fil.xlsx eller en mapp för CSV. Kan anges flera gånger, t.ex.
    /// `-o plan.xlsx -o csv/`: filerna läses en gång och skrivs i varje format.
    #[arg(short, long, required = true)]
    pub output: Vec<PathBuf>,
    /// Format, om det inte framgår av utdatans namn (gäller varje utdata).
    #[arg(long, value_enum)]
    pub format: Option<OutFormat>,
    /// Kommun, när filerna inte anger den.
    #[arg(long)]
    pub kommun: Option<String>,
    /// Nämnd, när filerna inte anger den.
    #[arg(long)]
    pub namnd: Option<String>,
    /// CSV för svenskt Excel: UTF-8 med BOM och semikolon.
    #[arg(long)]
    pub excel: bool,
    /// Skriv också en bred tabell för pivottabeller (platt.csv / bladet Platt): en rad per
    /// kontroll med dess dokument, risk och senaste uppföljning.
    #[arg(long)]
    pub platt: bool,
    /// Skriv inget på standard error utom fel (ingen förloppsindikator, ingen summering).
    #[arg(short, long)]
    pub quiet: bool,
    /// Skriv över en befintlig utdata.
    #[arg(long)]
    pub force: bool,
    /// Antal trådar (standard: en per kärna).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Avsluta med kod 1 om någon anmärkning har allvarlighet fel.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub rules: super::config::RuleArgs,
}

/// The format an output path asks for.
pub fn format_of(path: &Path, explicit: Option<OutFormat>) -> OutFormat {
    if let Some(f) = explicit {
        return f;
    }
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("json") => OutFormat::Json,
        Some("xlsx") => OutFormat::Xlsx,
        _ => OutFormat::Csv,
    }
}

pub fn run(args: &Args) -> u8 {
    let started = std::time::Instant::now();
    let inputs = super::inputs::expand(&args.inputs);
    let mut seen: Vec<PathBuf> = Vec::with_capacity(args.output.len());
    for output in &args.output {
        let out_abs = absolute(output);
        if let Some(clash) = inputs.iter().find(|i| absolute(&i.path) == out_abs) {
            eprintln!(
                "fel: {}: utdata skulle skriva över en indatafil; välj ett annat namn",
                clash.path.display()
            );
            return super::EXIT_UNREADABLE;
        }
        if seen.contains(&out_abs) {
            eprintln!("fel: {}: samma utdata anges två gånger", output.display());
            return super::EXIT_UNREADABLE;
        }
        seen.push(out_abs);
        if !args.force
            && let Some(existing) = existing_output(output, format_of(output, args.format))
        {
            eprintln!(
                "fel: {}: utdata finns redan; använd --force för att skriva över",
                existing.display()
            );
            return super::EXIT_UNREADABLE;
        }
    }
    let project = match args.rules.project(&args.inputs) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fel: {e}");
            return super::EXIT_UNREADABLE;
        }
    };
    let batch = batch_inputs(&inputs);
    if batch.is_empty() {
        eprintln!("{}", super::inputs::nothing_to_read(&args.inputs));
        return super::EXIT_UNREADABLE;
    }
    let rules = project.rules.clone();
    let opts = Options {
        kommun: args.kommun.clone(),
        namnd: args.namnd.clone(),
        layout: project.layout.clone(),
        vocab: project.vocab.clone(),
        ..Default::default()
    };
    let progress = super::progress::Progress::new(batch.len(), args.quiet);
    let convert =
        || convert_batch_with(&batch, &opts, &project.files, &rules, &|f| progress.done(f));
    let results = match args.threads {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(convert),
            Err(_) => convert(),
        },
        None => convert(),
    };
    progress.finish();
    let mut failures: Vec<String> = Vec::new();
    let mut parts: Vec<Converted> = Vec::new();
    for r in results {
        match r {
            Ok(c) => parts.push(c),
            Err(e) => {
                eprintln!("fel: {e}");
                failures.push(e.to_string());
            }
        }
    }
    if parts.is_empty() {
        // Nothing was read: an empty output would replace a good one (with --force) and
        // look like a result. One file has said why on its one line; a batch also says
        // that nothing was written.
        if batch.len() > 1 {
            eprintln!(
                "fel: ingen av de {} filerna kunde läsas; ingen utdata skrevs",
                batch.len()
            );
        }
        return super::EXIT_UNREADABLE;
    }
    let out = output(parts);
    // Each output from the same model; written side by side (the workbook's packing runs on
    // one thread, the CSV files beside it).
    use rayon::prelude::*;
    let writing = super::progress::Writing::new(&args.output, args.quiet);
    let written: Vec<Result<(), WriteError>> = args
        .output
        .par_iter()
        .map(|path| write_output(&out, path, format_of(path, args.format), args))
        .collect();
    drop(writing);
    let mut write_failed = false;
    for e in written.into_iter().filter_map(Result::err) {
        eprintln!("fel: {e}");
        write_failed = true;
    }
    if !args.quiet {
        eprint!(
            "{}",
            super::progress::summary(
                &out,
                batch.len(),
                &failures,
                started.elapsed(),
                &args.output
            )
        );
    }
    let fel = out
        .anmarkningar
        .iter()
        .any(|f| f.allvarlighet == crate::model::Severity::Fel);
    // The process ends right after: freeing every record one by one (a few percent of a
    // large run) is left to the operating system.
    std::mem::forget(out);
    if !failures.is_empty() || write_failed {
        return super::EXIT_UNREADABLE;
    }
    if args.strict && fel { 1 } else { 0 }
}

/// Writes one output of a conversion.
fn write_output(
    out: &crate::model::Output,
    path: &Path,
    format: OutFormat,
    args: &Args,
) -> Result<(), WriteError> {
    match format {
        OutFormat::Json => write::write_atomic_with(path, |w| write::json::write_json(out, w)),
        OutFormat::Xlsx => {
            write::xlsx::to_xlsx_with(out, write::xlsx::XlsxOptions { platt: args.platt })
                .map_err(|e| WriteError::io(path, e))
                .and_then(|b| write::write_atomic(path, &b))
        }
        OutFormat::Csv => write::csv::write_folder(
            out,
            path,
            write::csv::CsvOptions {
                excel: args.excel,
                platt: args.platt,
            },
        ),
    }
}

/// The output file (or, for a CSV folder, the first of its files) that already exists.
fn existing_output(path: &Path, format: OutFormat) -> Option<PathBuf> {
    match format {
        OutFormat::Json | OutFormat::Xlsx => path.exists().then(|| path.to_path_buf()),
        OutFormat::Csv => {
            if path.is_file() {
                return Some(path.to_path_buf());
            }
            write::tables::Entity::ALL
                .iter()
                .map(|e| path.join(format!("{}.csv", e.shape().file)))
                .find(|p| p.exists())
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}
