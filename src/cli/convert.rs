//! `ikplan convert INPUT... -o OUT`: the main job.

use std::path::{Path, PathBuf};

use crate::normalize::assemble::Options;
use crate::pipeline::{Converted, convert_path, id_base, output};
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
    /// Filer eller mappar att läsa (mappar läses rekursivt).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Utdata: fil.json, fil.xlsx eller en mapp för CSV.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Format, om det inte framgår av utdatans namn.
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
    /// Skriv inget på standard error utom fel.
    #[arg(short, long)]
    pub quiet: bool,
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
    let inputs = super::inputs::expand(&args.inputs);
    let out_abs = absolute(&args.output);
    if let Some(clash) = inputs.iter().find(|i| absolute(&i.path) == out_abs) {
        eprintln!(
            "fel: {}: utdata skulle skriva över en indatafil; välj ett annat namn",
            clash.path.display()
        );
        return super::EXIT_UNREADABLE;
    }
    let mut failed = 0usize;
    let mut parts: Vec<Converted> = Vec::new();
    let mut used_ids = std::collections::HashSet::new();
    for input in &inputs {
        let mut base = id_base(&input.name);
        let mut n = 2;
        while !used_ids.insert(base.clone()) {
            base = format!("{}-{n}", id_base(&input.name));
            n += 1;
        }
        let opts = Options {
            kommun: args.kommun.clone(),
            namnd: args.namnd.clone(),
            id_base: base,
            ..Default::default()
        };
        match convert_path(&input.path, &input.name, &opts) {
            Ok(c) => parts.push(c),
            Err(e) => {
                failed += 1;
                eprintln!("fel: {e}");
            }
        }
    }
    let out = output(parts);
    let result = match format_of(&args.output, args.format) {
        OutFormat::Json => write::write_atomic(&args.output, &write::json::to_json(&out)),
        OutFormat::Xlsx => write::xlsx::to_xlsx(&out)
            .map_err(|e| WriteError::io(&args.output, e))
            .and_then(|b| write::write_atomic(&args.output, &b)),
        OutFormat::Csv => write::csv::write_folder(
            &out,
            &args.output,
            write::csv::CsvOptions { excel: args.excel },
        ),
    };
    if let Err(e) = result {
        eprintln!("fel: {e}");
        return super::EXIT_UNREADABLE;
    }
    if !args.quiet {
        let risks: usize = out.dokument.iter().map(|d| d.risker.len()).sum();
        let controls: usize = out
            .dokument
            .iter()
            .flat_map(|d| &d.risker)
            .map(|r| r.kontroller.len())
            .sum();
        eprintln!(
            "{} filer lästa, {} misslyckades: {} dokument, {} risker, {} kontroller, {} anmärkningar → {}",
            inputs.len() - failed,
            failed,
            out.dokument.len(),
            risks,
            controls,
            out.anmarkningar.len(),
            args.output.display()
        );
    }
    if failed > 0 { super::EXIT_UNREADABLE } else { 0 }
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}
