//! The rule settings of a run: `--ignore`, `--skala` and the project file `ikplan.toml`
//! (`--config`, or `./ikplan.toml` when it exists), shared by `check` and `convert`.

use std::path::{Path, PathBuf};

use crate::rules::{RuleOptions, Scale};

/// The project file looked for in the current folder.
pub const PROJECT_FILE: &str = "ikplan.toml";

/// Rule arguments, flattened into the subcommands that run the rules.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RuleArgs {
    /// Regler som inte ska rapporteras, t.ex. --ignore IK305,IK101.
    #[arg(long, value_delimiter = ',', value_name = "KODER")]
    pub ignore: Vec<String>,
    /// Skala för riskvärde: 4 (1–16) eller 5 (1–25). Utan den gäller den skala dokumentet
    /// anger, annars 5.
    #[arg(long, value_parser = clap::value_parser!(u8).range(4..=5))]
    pub skala: Option<u8>,
    /// Projektfil med regelinställningar (standard: ./ikplan.toml om den finns).
    #[arg(long, value_name = "FIL")]
    pub config: Option<PathBuf>,
}

impl RuleArgs {
    /// The rule options: the project file, with the command line on top.
    ///
    /// # Errors
    /// One line for the user: the project file cannot be read or holds an unknown setting,
    /// or `--ignore` names an unknown code.
    pub fn options(&self) -> Result<RuleOptions, String> {
        let file = match &self.config {
            Some(p) => Some(p.clone()),
            None => Some(PathBuf::from(PROJECT_FILE)).filter(|p| p.is_file()),
        };
        let base = match &file {
            Some(p) => load(p)?,
            None => RuleOptions::default(),
        };
        let mut cli = RuleOptions {
            skala: self.skala.and_then(|s| Scale::from_steps(i64::from(s))),
            ..Default::default()
        };
        cli.ignore(self.ignore.iter().map(String::as_str))
            .map_err(|e| format!("--ignore: {e}"))?;
        Ok(base.overridden_by(cli))
    }
}

/// Reads and parses a project file.
fn load(path: &Path) -> Result<RuleOptions, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: kan inte läsas ({e})", path.display()))?;
    RuleOptions::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
}
