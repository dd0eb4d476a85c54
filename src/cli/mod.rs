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

use clap::{Parser, Subcommand};

/// ikplan: läser planer för intern kontroll och uppföljningar i alla format och skriver
/// en normaliserad modell som JSON, CSV eller arbetsbok.
#[derive(Debug, Parser)]
#[command(name = "ikplan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Konvertera planer och uppföljningar till JSON, CSV-mapp eller arbetsbok (xlsx).
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

/// Runs the command line; returns the process exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_UNREADABLE } else { 0 };
            let _ = e.print();
            return code;
        }
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
