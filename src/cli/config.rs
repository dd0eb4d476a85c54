//! The settings of a run: `--ignore`, `--skala`, `--kolumn` and the project file
//! `ikplan.toml` (`--config`, else `./ikplan.toml`, else an `ikplan.toml` in an input
//! folder), shared by `check`, `convert` and `inspect`.
//!
//! ```toml
//! ignorera = ["IK305"]
//! skala = 4
//! [allvarlighet]
//! IK402 = "varning"
//! [kolumner]
//! "Åtgärd enligt plan" = "kontroll"
//! [ordlista.status]
//! "Grön" = "Genomförd"
//! [ordlista.kontrollbedomning]
//! "Röd" = "Väsentliga brister"
//! [ordlista.period]
//! "T2" = "delar"
//! [ordlista.typ]
//! "Å" = "åtgärd"
//! [[fil]]
//! glob = "bun/*.xlsx"
//! rubrikrad = 4
//! namnd = "Barn- och utbildningsnämnden"
//! ar = 2022
//! [fil.kolumner]
//! "Vad" = "kontroll"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::layout::LayoutOptions;
use crate::normalize::vocab::Vocab;
use crate::pipeline::FileSettings;
use crate::rules::{RuleOptions, Scale};

/// The project file looked for in the current folder (and in input folders).
pub const PROJECT_FILE: &str = "ikplan.toml";

/// A project file larger than this is not a settings file.
const MAX_PROJECT_FILE: u64 = 1024 * 1024;

/// Setting arguments, flattened into the subcommands that read files.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RuleArgs {
    /// Regler som inte ska rapporteras, t.ex. --ignorera IK305,IK101.
    #[arg(
        long = "ignorera",
        alias = "ignore",
        value_delimiter = ',',
        value_name = "KODER"
    )]
    pub ignore: Vec<String>,
    /// Skala för riskvärde: 4 (1–16) eller 5 (1–25). Utan den gäller den skala dokumentet
    /// anger, annars 5.
    #[arg(long, value_parser = clap::value_parser!(u8).range(4..=5))]
    pub skala: Option<u8>,
    /// Projektfil med inställningar (standard: ./ikplan.toml, annars ikplan.toml i en
    /// inläst mapp).
    #[arg(long = "konfig", alias = "config", value_name = "FIL")]
    pub config: Option<PathBuf>,
    /// Vilket fält en kolumn är, t.ex. --kolumn "Åtgärd enligt plan=kontroll" (går före
    /// ikplan.toml). Fältet "extra" behåller kolumnen i extra.
    #[arg(long = "kolumn", value_name = "RUBRIK=FÄLT")]
    pub kolumn: Vec<String>,
}

/// Everything a run was told: rules, layout, vocabulary and per-file settings.
#[derive(Debug, Clone, Default)]
pub struct Project {
    pub rules: RuleOptions,
    pub layout: LayoutOptions,
    pub vocab: Vocab,
    pub files: Vec<FileSettings>,
    /// The project file that was read, for messages.
    pub source: Option<PathBuf>,
}

impl RuleArgs {
    /// The rule options: the project file, with the command line on top.
    ///
    /// # Errors
    /// One line for the user: the project file cannot be read or holds an unknown setting,
    /// or `--ignore` names an unknown code.
    pub fn options(&self) -> Result<RuleOptions, String> {
        self.project(&[]).map(|p| p.rules)
    }

    /// All settings: the project file (see the module doc for where it is looked for), with
    /// the command line on top.
    ///
    /// # Errors
    /// One line naming the file (and line) or the flag that cannot be used.
    pub fn project(&self, inputs: &[PathBuf]) -> Result<Project, String> {
        let file = match &self.config {
            Some(p) => Some(p.clone()),
            None => Some(PathBuf::from(PROJECT_FILE))
                .filter(|p| p.is_file())
                .or_else(|| {
                    inputs
                        .iter()
                        .filter(|i| i.is_dir())
                        .map(|i| i.join(PROJECT_FILE))
                        .find(|p| p.is_file())
                }),
        };
        let mut project = match &file {
            Some(p) => load(p)?,
            None => Project::default(),
        };
        project.source = file;
        let mut cli = RuleOptions {
            skala: self.skala.and_then(|s| Scale::from_steps(i64::from(s))),
            ..Default::default()
        };
        cli.ignore(self.ignore.iter().map(String::as_str))
            .map_err(|e| format!("--ignorera: {e}"))?;
        project.rules = std::mem::take(&mut project.rules).overridden_by(cli);
        for k in &self.kolumn {
            let (header, field) = k
                .rsplit_once('=')
                .ok_or_else(|| format!("--kolumn \u{201d}{k}\u{201d}: skriv RUBRIK=FÄLT"))?;
            project
                .layout
                .map(header.trim(), field.trim())
                .map_err(|e| format!("--kolumn: {e}"))?;
        }
        Ok(project)
    }
}

/// Reads and parses a project file, refusing one that is not a small regular file.
fn load(path: &Path) -> Result<Project, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("{}: kan inte läsas ({e})", path.display()))?;
    if !meta.is_file() || meta.len() > MAX_PROJECT_FILE {
        return Err(format!(
            "{}: är ingen inställningsfil (en vanlig textfil på högst 1 MiB)",
            path.display()
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: kan inte läsas ({e})", path.display()))?;
    parse_project(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// " (rad N)" for a TOML error span.
fn span_line(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(s) => {
            let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
            format!(" (rad {line})")
        }
        None => String::new(),
    }
}

/// The whole project file: unknown keys are an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    #[serde(default)]
    ignorera: Vec<String>,
    skala: Option<i64>,
    #[serde(default)]
    allvarlighet: BTreeMap<String, String>,
    #[serde(default)]
    kolumner: BTreeMap<String, String>,
    #[serde(default)]
    ordlista: Ordlista,
    #[serde(default)]
    fil: Vec<FileSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ordlista {
    #[serde(default)]
    status: BTreeMap<String, String>,
    #[serde(default, alias = "kontrollbedömning")]
    kontrollbedomning: BTreeMap<String, String>,
    #[serde(default)]
    period: BTreeMap<String, String>,
    #[serde(default)]
    typ: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSection {
    glob: String,
    rubrikrad: Option<u32>,
    #[serde(default)]
    kolumner: BTreeMap<String, String>,
    #[serde(alias = "nämnd")]
    namnd: Option<String>,
    kommun: Option<String>,
    #[serde(alias = "år")]
    ar: Option<i32>,
}

/// Parses the text of a project file.
///
/// # Errors
/// The text is not TOML, has a key ikplan does not know (with its line), or a value that
/// names no rule, field, status or assessment.
pub fn parse_project(text: &str) -> Result<Project, String> {
    let file: ProjectFile = toml::from_str(text)
        .map_err(|e| format!("{}{}", e.message().trim(), span_line(text, e.span())))?;
    let rules = RuleOptions::from_settings(&file.ignorera, file.skala, &file.allvarlighet)
        .map_err(|e| e.to_string())?;
    let mut layout = LayoutOptions::default();
    for (header, field) in &file.kolumner {
        layout
            .map(header, field)
            .map_err(|e| format!("[kolumner]: {e}"))?;
    }
    let mut vocab = Vocab::default();
    let known = Vocab::default();
    for (word, target) in &file.ordlista.status {
        let status = known.status(target).ok_or_else(|| {
            format!(
                "[ordlista.status]: \u{201d}{target}\u{201d} är ingen status; använd Ej påbörjad, \
                 Pågående, Genomförd, Ej genomförd eller Inställd"
            )
        })?;
        vocab.extend_status(word, status);
    }
    for (word, target) in &file.ordlista.kontrollbedomning {
        let a = known.assessment(target).ok_or_else(|| {
            format!(
                "[ordlista.kontrollbedomning]: \u{201d}{target}\u{201d} är ingen bedömning; använd \
                 Inga brister, Mindre brister, Väsentliga brister, Allvarliga brister eller \
                 Ingen bedömning gjord"
            )
        })?;
        vocab.extend_assessment(word, a);
    }
    for (word, target) in &file.ordlista.period {
        let p = match target.trim().to_lowercase().as_str() {
            "delar" | "delår" => crate::model::Period::Delar,
            "helar" | "helår" => crate::model::Period::Helar,
            _ => {
                return Err(format!(
                    "[ordlista.period]: \u{201d}{target}\u{201d} är ingen period; använd delar \
                     (delår) eller helar (helår)"
                ));
            }
        };
        vocab.extend_period(word, p);
    }
    for (word, target) in &file.ordlista.typ {
        let t = known.control_type(target).ok_or_else(|| {
            format!(
                "[ordlista.typ]: \u{201d}{target}\u{201d} är ingen typ; använd kontroll eller \
                 åtgärd"
            )
        })?;
        vocab.extend_type(word, t);
    }
    let mut files = Vec::new();
    for (i, f) in file.fil.iter().enumerate() {
        let pattern = glob::Pattern::new(&f.glob)
            .map_err(|e| format!("[[fil]] nr {}: glob \u{201d}{}\u{201d}: {e}", i + 1, f.glob))?;
        let mut l = LayoutOptions {
            rubrikrad: f.rubrikrad,
            ..Default::default()
        };
        for (header, field) in &f.kolumner {
            l.map(header, field)
                .map_err(|e| format!("[[fil]] {}: {e}", f.glob))?;
        }
        files.push(FileSettings {
            glob: pattern,
            layout: l,
            namnd: f.namnd.clone(),
            kommun: f.kommun.clone(),
            ar: f.ar,
        });
    }
    Ok(Project {
        rules,
        layout,
        vocab,
        files,
        source: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Role;
    use crate::model::{Assessment, Status};

    #[test]
    fn columns_vocabulary_and_files() {
        let p = parse_project(
            "[kolumner]\n\"Åtgärd enligt plan\" = \"kontroll\"\n\"Signatur\" = \"extra\"\n\
             [ordlista.status]\n\"Grön\" = \"Genomförd\"\n\
             [ordlista.kontrollbedomning]\n\"Röd\" = \"Väsentliga brister\"\n\
             [[fil]]\nglob = \"bun/*.xlsx\"\nrubrikrad = 4\nnamnd = \"BUN\"\nar = 2022\n\
             [fil.kolumner]\n\"Vad\" = \"risk.riskomrade\"\n",
        )
        .unwrap();
        assert_eq!(
            p.layout.role_for("Åtgärd enligt plan"),
            Some(Role::Kontroll)
        );
        assert_eq!(
            p.layout.role_for("ÅTGÄRD ENLIGT PLAN"),
            Some(Role::Kontroll)
        );
        assert_eq!(p.layout.role_for("Signatur"), Some(Role::Okand));
        // The user's wording names a header that opens with it, as the vocabulary's do.
        assert_eq!(
            p.layout
                .role_for("Åtgärd enligt plan\n(beskriv kortfattat)"),
            Some(Role::Kontroll)
        );
        assert_eq!(p.layout.role_for("Åtgärd enligt"), None);
        assert_eq!(p.layout.role_for("Signaturer"), None);
        assert_eq!(p.vocab.status("grön"), Some(Status::Genomford));
        assert_eq!(
            p.vocab.assessment("Röd"),
            Some(Assessment::VasentligaBrister)
        );
        assert_eq!(p.files.len(), 1);
        assert!(p.files[0].glob.matches("bun/a.xlsx"));
        assert_eq!(p.files[0].layout.rubrikrad, Some(4));
        assert_eq!(p.files[0].layout.role_for("Vad"), Some(Role::Riskomrade));
        assert_eq!(p.files[0].ar, Some(2022));
        let p = parse_project("[ordlista.period]\n\"T2\" = \"delar\"\n\"Bokslut\" = \"helår\"\n")
            .unwrap();
        use crate::model::Period;
        assert_eq!(p.vocab.period_in("Status T2"), Some(Period::Delar));
        assert_eq!(
            p.vocab.period_in("Kommentar bokslut 2023"),
            Some(Period::Helar)
        );
        assert_eq!(p.vocab.period_in("Kommentar P3"), None);
        // The third tertial ends the year, without the user.
        assert_eq!(p.vocab.period_in("Kommentar T3"), Some(Period::Helar));
        assert!(parse_project("[ordlista.period]\n\"T2\" = \"vår\"\n").is_err());
        let p =
            parse_project("[ordlista.typ]\n\"Å\" = \"åtgärd\"\n\"Insats\" = \"atgard\"\n").unwrap();
        use crate::model::ControlType;
        assert_eq!(p.vocab.control_type("Insats"), Some(ControlType::Atgard));
        assert_eq!(
            p.vocab.control_type("Kontroll"),
            Some(ControlType::Kontroll)
        );
        assert_eq!(Vocab::default().control_type("Insats"), None);
        assert!(parse_project("[ordlista.typ]\n\"X\" = \"risk\"\n").is_err());
    }

    #[test]
    fn unknown_keys_and_values_are_errors_with_their_line() {
        let e = parse_project("skala = 5\n[kolumnr]\n\"A\" = \"kontroll\"\n").unwrap_err();
        assert!(e.contains("kolumnr") && e.contains("rad 2"), "{e}");
        let e = parse_project("[kolumner]\n\"A\" = \"kontrol\"\n").unwrap_err();
        assert!(e.contains("okänt fält") && e.contains("kontrol"), "{e}");
        let e = parse_project("[ordlista.status]\n\"Grön\" = \"Klart som fan\"\n").unwrap_err();
        assert!(e.contains("ingen status"), "{e}");
        let e = parse_project("[[fil]]\nglob = \"*.xlsx\"\nrubrkrad = 3\n").unwrap_err();
        assert!(e.contains("rubrkrad"), "{e}");
        let e = parse_project("ignorera = [\"IK999\"]\n").unwrap_err();
        assert!(e.contains("IK999"), "{e}");
    }
}
