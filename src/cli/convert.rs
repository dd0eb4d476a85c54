//! `ikplan convert INPUT... -o OUT`: the main job.

use std::path::{Path, PathBuf};

use crate::normalize::assemble::Options;
use crate::pipeline::{Converted, batch_inputs, convert_batch_with, output_with};
use crate::write::{self, WriteError};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Json,
    Xlsx,
    Csv,
    Parquet,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Filer, mappar (läses rekursivt) eller mönster som "planer/**/*.xlsx" att läsa.
    #[arg(required = true, value_name = "INDATA")]
    pub inputs: Vec<PathBuf>,
    /// Utdata: fil.json, fil.xlsx, en mapp som slutar på .parquet för Parquet (en fil per
    /// tabell, t.ex. ut.parquet/) eller annars en mapp för CSV. Kan anges flera gånger,
    /// t.ex. `-o plan.xlsx -o csv/ -o ut.parquet/`: filerna läses en gång och skrivs i
    /// varje format.
    #[arg(
        short = 'o',
        long = "ut",
        alias = "output",
        value_name = "UT",
        required = true
    )]
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
    /// Skriv också en bred tabell för pivottabeller (platt.csv / platt.parquet / bladet
    /// Platt): en rad per kontroll med dess dokument, risk och senaste uppföljning.
    #[arg(long)]
    pub platt: bool,
    /// Skriv inget på standard error utom fel (ingen förloppsindikator, ingen summering).
    #[arg(short = 'q', long = "tyst", alias = "quiet")]
    pub quiet: bool,
    /// Skriv över en befintlig utdata.
    #[arg(long = "skriv-over", alias = "force")]
    pub force: bool,
    /// Antal trådar (standard: en per kärna; högst en per kärna).
    #[arg(long = "tradar", alias = "threads", value_name = "ANTAL")]
    pub threads: Option<usize>,
    /// Följ länkar som pekar ut ur mapparna som läses (annars läses de inte).
    #[arg(long = "folj-lankar")]
    pub folj_lankar: bool,
    /// Strikt: avsluta med kod 1 när någon anmärkning är ett fel eller en varning (som
    /// `check --strikt`; utdata skrivs ändå).
    #[arg(long = "strikt", alias = "strict")]
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
        Some("parquet") => OutFormat::Parquet,
        _ => OutFormat::Csv,
    }
}

pub fn run(args: &Args) -> u8 {
    let started = std::time::Instant::now();
    let outputs: Vec<PathBuf> = args.output.iter().map(|o| absolute(o)).collect();
    let expanded = super::inputs::expand_with(
        &args.inputs,
        &super::inputs::WalkOptions {
            follow_links: args.folj_lankar,
            outputs: outputs.clone(),
        },
    );
    let inputs = expanded.files;
    // Each input's real path, made once: every output is checked against all of them.
    let inputs_abs: Vec<PathBuf> = if args.output.is_empty() {
        Vec::new()
    } else {
        inputs.iter().map(|i| absolute(&i.path)).collect()
    };
    let mut seen: Vec<&PathBuf> = Vec::with_capacity(args.output.len());
    for (output, out_abs) in args.output.iter().zip(&outputs) {
        let format = format_of(output, args.format);
        if let Some((clash, _)) = inputs.iter().zip(&inputs_abs).find(|(_, a)| *a == out_abs) {
            eprintln!(
                "fel: {}: utdata skulle skriva över en indatafil; välj ett annat namn",
                show(&clash.path)
            );
            return super::EXIT_UNREADABLE;
        }
        // A CSV or Parquet folder is replaced whole: no input may be inside it.
        if let Some(folder) = folder_name(format)
            && let Some((inside, _)) = inputs
                .iter()
                .zip(&inputs_abs)
                .find(|(_, a)| a.starts_with(out_abs))
        {
            eprintln!(
                "fel: {}: indatafilen ligger i {folder} {} som skulle skrivas; välj en annan utdatamapp",
                show(&inside.path),
                show(output)
            );
            return super::EXIT_UNREADABLE;
        }
        // An output put in place by renaming would replace a link, not what it points to
        // (`-o /dev/stdout` run as root would replace the device's link).
        if std::fs::symlink_metadata(output).is_ok_and(|m| m.file_type().is_symlink()) {
            eprintln!(
                "fel: {}: utdata är en länk och ersätts inte; ange filen eller mappen den pekar på",
                show(output)
            );
            return super::EXIT_UNREADABLE;
        }
        if let Ok(m) = std::fs::metadata(output)
            && !m.is_file()
            && !m.is_dir()
        {
            eprintln!(
                "fel: {}: utdata är ingen vanlig fil eller mapp; välj en fil eller mapp",
                show(output)
            );
            return super::EXIT_UNREADABLE;
        }
        if seen.contains(&out_abs) {
            eprintln!("fel: {}: samma utdata anges två gånger", show(output));
            return super::EXIT_UNREADABLE;
        }
        seen.push(out_abs);
    }
    // Each output is locked for the run, and only then checked for an earlier one: two
    // runs at once do not both write it.
    let mut locks = Vec::with_capacity(args.output.len());
    for output in &args.output {
        match write::lock_output(output) {
            Ok(l) => locks.push(l),
            Err(e) => {
                eprintln!("fel: {}", super::inputs::escape(&e.to_string()));
                return super::EXIT_UNREADABLE;
            }
        }
        if !args.force
            && let Some(existing) = existing_output(output, format_of(output, args.format))
        {
            eprintln!(
                "fel: {}: utdata finns redan; använd --skriv-over för att skriva över",
                show(&existing)
            );
            return super::EXIT_UNREADABLE;
        }
    }
    if !args.quiet {
        for note in &expanded.notes {
            eprintln!("obs: {note}");
        }
    }
    let refused: Vec<String> = expanded.refused.iter().map(|r| r.to_string()).collect();
    for r in &refused {
        eprintln!("fel: {r}");
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
        if refused.is_empty() {
            eprintln!("{}", super::inputs::nothing_to_read(&args.inputs));
        } else if refused.len() > 1 {
            eprintln!(
                "fel: ingen av de {} filerna kunde läsas; ingen utdata skrevs",
                refused.len()
            );
        }
        return super::EXIT_UNREADABLE;
    }
    let rules = project.rules.clone();
    let opts = Options {
        kommun: args.kommun.clone(),
        namnd: args.namnd.clone(),
        layout: project.layout.clone(),
        vocab: project.vocab.clone().into(),
        ..Default::default()
    };
    let progress = super::progress::Progress::new(batch.len(), args.quiet);
    let convert =
        || convert_batch_with(&batch, &opts, &project.files, &rules, &|f| progress.done(f));
    let results = match args.threads {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.clamp(1, cores()))
            .build()
        {
            Ok(pool) => pool.install(convert),
            Err(_) => convert(),
        },
        None => convert(),
    };
    progress.finish();
    let mut failures: Vec<String> = refused;
    let mut parts: Vec<Converted> = Vec::new();
    for r in results {
        match r {
            Ok(c) => parts.push(c),
            Err(e) => {
                let e = super::inputs::escape(&e.to_string());
                eprintln!("fel: {e}");
                failures.push(e);
            }
        }
    }
    if parts.is_empty() {
        // Nothing was read: an empty output would replace a good one (with --force) and
        // look like a result. One file has said why on its one line; a batch also says
        // that nothing was written.
        if failures.len() > 1 {
            eprintln!(
                "fel: ingen av de {} filerna kunde läsas; ingen utdata skrevs",
                failures.len()
            );
        }
        return super::EXIT_UNREADABLE;
    }
    let out = output_with(parts, &rules);
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
    let mut done: Vec<PathBuf> = Vec::with_capacity(written.len());
    for (w, path) in written.into_iter().zip(&args.output) {
        match w {
            Ok(()) => done.push(path.clone()),
            Err(e) => {
                eprintln!("fel: {}", super::inputs::escape(&e.to_string()));
                write_failed = true;
            }
        }
    }
    drop(locks);
    if !args.quiet {
        eprint!(
            "{}",
            super::progress::summary(
                &out,
                batch.len() + expanded.refused.len(),
                &failures,
                started.elapsed(),
                &done
            )
        );
    }
    // `--strikt` means what it means to `check`: a warning fails as an error does.
    let fel = out.anmarkningar.iter().any(|f| {
        matches!(
            f.allvarlighet,
            crate::model::Severity::Fel | crate::model::Severity::Varning
        )
    });
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
        OutFormat::Json => {
            write::write_output_with(path, args.force, |w| write::json::write_json(out, w))
        }
        OutFormat::Xlsx => {
            write::xlsx::to_xlsx_with(out, write::xlsx::XlsxOptions { platt: args.platt })
                .map_err(|e| WriteError::io(path, e))
                .and_then(|b| write::write_output_with(path, args.force, |w| w.write_all(&b)))
        }
        OutFormat::Csv => write::csv::write_folder_with(
            out,
            path,
            write::csv::CsvOptions {
                excel: args.excel,
                platt: args.platt,
            },
            args.force,
        ),
        OutFormat::Parquet => write::parquet::write_folder_with(
            out,
            path,
            write::parquet::ParquetOptions { platt: args.platt },
            args.force,
        ),
    }
}

/// What a folder output is called in messages ("CSV-mappen"); `None` for a file.
fn folder_name(format: OutFormat) -> Option<&'static str> {
    match format {
        OutFormat::Csv => Some("CSV-mappen"),
        OutFormat::Parquet => Some("Parquet-mappen"),
        OutFormat::Json | OutFormat::Xlsx => None,
    }
}

/// The output file (or, for a CSV or Parquet folder, the first of its files) that already
/// exists.
fn existing_output(path: &Path, format: OutFormat) -> Option<PathBuf> {
    let ext = match format {
        OutFormat::Json | OutFormat::Xlsx => return path.exists().then(|| path.to_path_buf()),
        OutFormat::Csv => "csv",
        OutFormat::Parquet => "parquet",
    };
    if path.is_file() {
        return Some(path.to_path_buf());
    }
    write::tables::Entity::ALL
        .iter()
        .map(|e| path.join(format!("{}.{ext}", e.shape().file)))
        .find(|p| p.exists())
}

/// A path made absolute with its links resolved, as far as it exists (an output not yet
/// made: its folder resolved, its name added).
fn absolute(p: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(p) {
        return real;
    }
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let (Ok(dir), Some(name)) = (std::fs::canonicalize(parent), p.file_name()) {
        return dir.join(name);
    }
    std::env::current_dir()
        .map(|d| d.join(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// A path for a message: on one line whatever its name holds.
fn show(p: &Path) -> String {
    super::inputs::escape(&p.display().to_string())
}

/// The number of cores: `--threads` is held to it (thousands of threads help nothing and
/// can exhaust the system).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
