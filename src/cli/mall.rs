//! `ikplan mall -o mall.xlsx [--ar 2025 --namnd Socialnämnden]`: an empty standardized
//! workbook to write next year's plan in.

use std::path::PathBuf;

use crate::write::template::{TemplateOptions, template};
use crate::write::{WriteError, write_atomic};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Arbetsboken som skrivs (.xlsx).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Planens år.
    #[arg(long)]
    pub ar: Option<i32>,
    /// Nämnden som planen gäller.
    #[arg(long)]
    pub namnd: Option<String>,
    /// Kommunen.
    #[arg(long)]
    pub kommun: Option<String>,
    /// Förvaltningen.
    #[arg(long)]
    pub forvaltning: Option<String>,
    /// Skriv över en befintlig fil.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args) -> u8 {
    if !args.force && args.output.exists() {
        eprintln!(
            "fel: {}: utdata finns redan; använd --force för att skriva över",
            args.output.display()
        );
        return super::EXIT_UNREADABLE;
    }
    let opts = TemplateOptions {
        ar: args.ar,
        namnd: args.namnd.clone(),
        kommun: args.kommun.clone(),
        forvaltning: args.forvaltning.clone(),
    };
    let result = template(&opts)
        .map_err(|e| WriteError::io(&args.output, e))
        .and_then(|b| write_atomic(&args.output, &b));
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("fel: {e}");
            super::EXIT_UNREADABLE
        }
    }
}
