//! `ikplan jämför INPUT...`: plans and follow-ups year over year per nämnd
//! ([`crate::compare`]), as text or JSON.

use std::io::Write;
use std::path::PathBuf;

use super::config::RuleArgs;

/// How the comparison is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CompareFormat {
    /// Text per nämnd och år.
    #[default]
    Text,
    /// Jämförelsen som JSON.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Filer, mappar (läses rekursivt) eller mönster med planer och uppföljningar för flera år.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Utdataformat.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
    /// Följ länkar som pekar ut ur mapparna som läses (annars läses de inte).
    #[arg(long = "folj-lankar")]
    pub folj_lankar: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// Exit code 0, or 2 when an input could not be read.
pub fn run(args: &Args) -> u8 {
    let read = match super::check::read_inputs(&args.inputs, &args.rules, args.folj_lankar) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let c = crate::compare::compare(&read.out);
    let text = match args.format {
        CompareFormat::Text => crate::compare::human(&c),
        CompareFormat::Json => {
            let mut s = serde_json::to_string_pretty(&c).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    if read.unreadable > 0 {
        super::EXIT_UNREADABLE
    } else {
        0
    }
}
