//! Command-line interface: one file per subcommand, its arguments beside its `run()`.

pub mod check;
pub mod config;
pub mod convert;
pub mod inputs;
pub mod inspect;
pub mod jamfor;
pub mod mall;
pub mod progress;
pub mod regler;
pub mod serve;

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};

/// ikplan: läser planer för intern kontroll och uppföljningar i alla format och skriver
/// en normaliserad modell som JSON, CSV, Parquet eller arbetsbok.
#[derive(Debug, Parser)]
#[command(name = "ikplan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Konvertera planer och uppföljningar till JSON, CSV-mapp, Parquet-mapp eller arbetsbok (xlsx).
    Convert(convert::Args),
    /// Granska planer och uppföljningar mot reglerna och visa anmärkningarna.
    Check(check::Args),
    /// Visa hur en fil lästes: tabeller, rubriker och fält, radernas roller.
    Inspect(inspect::Args),
    /// Skriv en tom standardiserad arbetsbok (mall) att skriva nästa års plan i.
    Mall(mall::Args),
    /// Lista reglerna, eller förklara en regel (t.ex. ikplan regler IK303).
    Regler(regler::Args),
    /// Öppna ikplan som en sida i webbläsaren: släpp filer, se hur de lästes, ändra och ladda ner.
    ///
    /// Servern lyssnar bara på den här datorn (127.0.0.1), så ingen annan kan nå sidan och
    /// ingen inloggning behövs; inget lämnar datorn. Filerna hålls i minnet tills ikplan
    /// avslutas (Ctrl+C). Adressen skrivs ut, och sidan öppnas i standardwebbläsaren när det
    /// finns en.
    Serve(serve::Args),
    /// Jämför planer och uppföljningar år för år per nämnd: risker som tillkom, försvann
    /// eller bytte namn, riskvärden, överförda kontroller och andel uppföljda.
    #[command(name = "jämför", alias = "jamfor")]
    Jamfor(jamfor::Args),
}

/// Exit code for an input that could not be read.
pub const EXIT_UNREADABLE: u8 = 2;

/// Help in Swedish: clap's headings ("Usage:", "Options:") replaced by our own words.
const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}";

/// A command (and its subcommands) with every text clap writes itself in Swedish: the help
/// template and headings, `-h`/`--hjälp` (also `--help`) and `-V`/`--version`, and a usage
/// line that says FLAGGOR and KOMMANDO.
pub fn swedish(cmd: clap::Command) -> clap::Command {
    fn each(cmd: clap::Command, root: bool) -> clap::Command {
        let mut cmd = cmd
            .help_template(HELP_TEMPLATE)
            .subcommand_help_heading("Kommandon")
            .subcommand_value_name("KOMMANDO")
            .disable_help_subcommand(true)
            .disable_help_flag(true)
            .disable_version_flag(true)
            .mut_args(|a| {
                // clap's "[possible values: …]" and "[alias: …]" said in Swedish.
                let mut notes = Vec::new();
                let takes = a.get_action().takes_values();
                let values: Vec<String> = a
                    .get_possible_values()
                    .iter()
                    .filter(|_| takes)
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_string())
                    .collect();
                if !values.is_empty() {
                    notes.push(format!("värden: {}", values.join(", ")));
                }
                let defaults: Vec<String> = a
                    .get_default_values()
                    .iter()
                    .filter(|_| takes)
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                if !defaults.is_empty() {
                    notes.push(format!("standard: {}", defaults.join(", ")));
                }
                if let Some(aliases) = a.get_all_aliases() {
                    let aliases: Vec<String> = aliases.iter().map(|x| format!("--{x}")).collect();
                    notes.push(format!("även {}", aliases.join(", ")));
                }
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                let a = match (notes.is_empty(), values.is_empty()) {
                    (true, _) => a,
                    (false, true) => a.help(format!("{help} [{}]", notes.join("; "))),
                    (false, false) => a
                        .help(format!("{help} [{}]", notes.join("; ")))
                        .hide_possible_values(true),
                };
                let a = if defaults.is_empty() {
                    a
                } else {
                    a.hide_default_value(true)
                };
                if a.is_positional() {
                    a.help_heading("Argument")
                } else {
                    a.help_heading("Flaggor")
                }
            })
            .arg(
                Arg::new("hjalp")
                    .short('h')
                    .long("hjälp")
                    .alias("help")
                    .action(ArgAction::Help)
                    .help("Visa den här hjälpen [även --help]")
                    .help_heading("Flaggor"),
            );
        if root {
            cmd = cmd.arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("Visa versionen")
                    .help_heading("Flaggor"),
            );
        }
        cmd.mut_subcommands(|s| each(s, false))
    }
    let mut cmd = each(cmd, true);
    cmd.build();
    // The usage lines clap makes, with its English placeholders in Swedish.
    let usage = |c: &mut clap::Command| {
        c.render_usage()
            .to_string()
            .trim_start_matches("Usage: ")
            .replace("[OPTIONS]", "[FLAGGOR]")
            .replace("[COMMAND]", "[KOMMANDO]")
            .replace("<COMMAND>", "<KOMMANDO>")
    };
    let root = usage(&mut cmd);
    let subs: Vec<(String, String)> = cmd
        .get_subcommands_mut()
        .map(|s| (s.get_name().to_string(), usage(s)))
        .collect();
    let mut cmd = cmd.override_usage(root);
    for (name, u) in subs {
        cmd = cmd.mut_subcommand(name, |s| s.override_usage(u));
    }
    cmd
}

/// A command-line error of clap's in Swedish, on one line and a hint, printed once; returns
/// the exit code (0 for help and version, which are printed as they are).
fn report(e: &clap::Error) -> u8 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return EXIT_UNREADABLE;
        }
        _ => {}
    }
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let arg = ctx(ContextKind::InvalidArg);
    let mut msg = match e.kind() {
        ErrorKind::UnknownArgument => {
            format!("okänd flagga eller okänt argument \u{201d}{arg}\u{201d}")
        }
        ErrorKind::InvalidSubcommand => format!(
            "okänt kommando \u{201d}{}\u{201d}",
            ctx(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "ogiltigt värde \u{201d}{}\u{201d} för {arg}",
            ctx(ContextKind::InvalidValue)
        ),
        ErrorKind::MissingRequiredArgument => format!("saknas: {arg}"),
        ErrorKind::MissingSubcommand => "inget kommando angavs".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "{arg} kan inte användas tillsammans med {}",
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("fel antal värden för {arg}")
        }
        _ => "argumenten kan inte tolkas".to_string(),
    };
    if let Some(reason) = std::error::Error::source(e) {
        msg.push_str(&format!(": {reason}"));
    }
    let valid = ctx(ContextKind::ValidValue);
    if !valid.is_empty() {
        msg.push_str(&format!(" (möjliga värden: {valid})"));
    }
    let suggested = ctx(ContextKind::SuggestedArg) + &ctx(ContextKind::SuggestedSubcommand);
    if !suggested.is_empty() {
        msg.push_str(&format!("; menade du {suggested}?"));
    }
    eprintln!("fel: {msg}\nSe ikplan --hjälp, eller ikplan KOMMANDO --hjälp.");
    EXIT_UNREADABLE
}

/// Runs the command line; returns the process exit code.
pub fn main() -> u8 {
    let cli = match swedish(Cli::command())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => return report(&e),
    };
    match cli.command {
        Command::Convert(a) => convert::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Inspect(a) => inspect::run(&a),
        Command::Mall(a) => mall::run(&a),
        Command::Regler(a) => regler::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Jamfor(a) => jamfor::run(&a),
    }
}
