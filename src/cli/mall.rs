//! `ikplan mall -o mall.xlsx [--ar 2025 --namnd Socialnämnden]`: an empty standardized
//! workbook to write next year's plan in; `ikplan mall --fran plan.xlsx -o uppf.xlsx`: the
//! plan's follow-up sheet, prefilled with every control.

use std::path::PathBuf;

use crate::model::Period;
use crate::write::template::{FollowUpOptions, TemplateOptions, follow_up_template, template};
use crate::write::{WriteError, write_atomic};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Arbetsboken som skrivs (.xlsx).
    #[arg(short = 'o', long = "ut", alias = "output", value_name = "UT")]
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
    #[arg(long = "skriv-over", alias = "force")]
    pub force: bool,
    /// Gör i stället nästa uppföljning av den här planen: en rad per kontroll med risk och
    /// text, tomma kolumner för status, bedömning och resultat.
    #[arg(long = "fran", alias = "från", value_name = "PLAN")]
    pub fran: Option<PathBuf>,
    /// Perioden som följs upp (med --fran): delår eller helår.
    #[arg(long, value_parser = parse_period, value_name = "PERIOD")]
    pub period: Option<Period>,
}

/// A period as a user writes it: "delår", "Helår", "delar", "helar".
fn parse_period(s: &str) -> Result<Period, String> {
    match crate::field::Vocab::Period.value_of(s) {
        Some("delar") => Ok(Period::Delar),
        Some(_) => Ok(Period::Helar),
        None => Err("skriv delår eller helår".to_string()),
    }
}

pub fn run(args: &Args) -> u8 {
    if !args.force && args.output.exists() {
        eprintln!(
            "fel: {}: utdata finns redan; använd --skriv-over för att skriva över",
            args.output.display()
        );
        return super::EXIT_UNREADABLE;
    }
    let bytes = match &args.fran {
        Some(plan) => {
            let name = plan
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| plan.display().to_string());
            let read = crate::pipeline::convert_path(
                plan,
                &name,
                &crate::normalize::assemble::Options {
                    id_base: crate::pipeline::id_base(&name),
                    ..Default::default()
                },
                &crate::rules::RuleOptions::default(),
            );
            let converted = match read {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("fel: {}", super::inputs::escape(&e.to_string()));
                    return super::EXIT_UNREADABLE;
                }
            };
            let controls = converted
                .documents
                .iter()
                .flat_map(|d| &d.risker)
                .map(|r| r.kontroller.len())
                .sum::<usize>();
            if controls == 0 {
                eprintln!(
                    "fel: {}: planen har inga kontroller att följa upp",
                    super::inputs::escape(&name)
                );
                return super::EXIT_UNREADABLE;
            }
            let plan = crate::pipeline::output(vec![converted]);
            follow_up_template(
                &plan,
                &FollowUpOptions {
                    period: args.period,
                    ar: args.ar,
                },
            )
        }
        None => template(&TemplateOptions {
            ar: args.ar,
            namnd: args.namnd.clone(),
            kommun: args.kommun.clone(),
            forvaltning: args.forvaltning.clone(),
        }),
    };
    let result = bytes
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
