//! What a user or a förvaltning decides about the rules: the riskvärde scale, codes to
//! ignore and severities of their own (`--skala`, `--ignore`, `ikplan.toml`).
//!
//! Parsing the project file is pure (a string in, options out); reading it is the CLI's job.

use std::collections::{BTreeMap, BTreeSet};

use super::rule;
use crate::model::{Document, Severity};

/// The riskvärde scale: sannolikhet and konsekvens in 1–4 (riskvärde 1–16) or 1–5 (1–25).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    Four,
    #[default]
    Five,
}

impl Scale {
    /// The scale of a step count (4 or 5).
    pub fn from_steps(steps: i64) -> Option<Scale> {
        match steps {
            4 => Some(Scale::Four),
            5 => Some(Scale::Five),
            _ => None,
        }
    }

    /// Steps of sannolikhet and konsekvens.
    pub fn steps(self) -> i64 {
        match self {
            Scale::Four => 4,
            Scale::Five => 5,
        }
    }

    /// The highest riskvärde: steps².
    pub fn max(self) -> i64 {
        self.steps() * self.steps()
    }

    /// "femgradig" or "fyrgradig", for messages.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Four => "fyrgradig",
            Scale::Five => "femgradig",
        }
    }
}

/// Where the scale used for a document came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleSource {
    /// `--skala` or `skala` in ikplan.toml.
    Setting,
    /// The document's own text says so.
    Document,
    /// Nothing said: 1–25.
    Default,
}

/// The scale a document's text names ("femgradig skala … riskvärde mellan 1-25", "4-gradig",
/// "1–16"), looked for in its title, notes and headings. `None` when it names none; when it
/// names both, the five-step scale (which reports fewer values as off the scale).
pub fn scale_in(doc: &Document) -> Option<Scale> {
    use std::sync::LazyLock;
    static FIVE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:femgradig|5\s*-?\s*gradig|1\s*[-–—]\s*25\b)")
            .expect("five-step regex")
    });
    static FOUR: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(?:fyrgradig|4\s*-?\s*gradig|1\s*[-–—]\s*16\b)")
            .expect("four-step regex")
    });
    let texts = doc
        .titel
        .iter()
        .chain(doc.anteckningar.iter())
        .map(String::as_str)
        .chain(
            doc.extra
                .0
                .iter()
                .filter(|(k, _)| k == "Rubrik")
                .map(|(_, v)| v.as_str()),
        );
    let (mut four, mut five) = (false, false);
    for t in texts {
        five |= FIVE.is_match(t);
        four |= FOUR.is_match(t);
    }
    match (four, five) {
        (_, true) => Some(Scale::Five),
        (true, false) => Some(Scale::Four),
        _ => None,
    }
}

/// The user's decisions about the rules. `Default` is every rule at its registered severity
/// and the scale taken from each document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleOptions {
    /// The scale to use whatever the documents say.
    pub skala: Option<Scale>,
    /// Codes whose findings are left out.
    pub ignorera: BTreeSet<String>,
    /// Severities that replace a code's registered one.
    pub allvarlighet: BTreeMap<String, Severity>,
}

/// A setting that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    #[error("okänd regelkod {0} (se `ikplan regler`)")]
    UnknownCode(String),
    #[error(
        "okänd allvarlighet \u{201d}{value}\u{201d} för {code}; använd fel, varning eller info"
    )]
    Severity { code: String, value: String },
    #[error("skalan måste vara 4 eller 5, inte {0}")]
    Scale(i64),
}

impl RuleOptions {
    /// The rule settings as a project file writes them: codes to ignore, the scale's steps,
    /// severities by code.
    ///
    /// # Errors
    /// An unknown code, severity or scale.
    pub fn from_settings(
        ignorera: &[String],
        skala: Option<i64>,
        allvarlighet: &BTreeMap<String, String>,
    ) -> Result<RuleOptions, OptionsError> {
        let mut opts = RuleOptions {
            skala: skala
                .map(|s| Scale::from_steps(s).ok_or(OptionsError::Scale(s)))
                .transpose()?,
            ..Default::default()
        };
        opts.ignore(ignorera.iter().map(String::as_str))?;
        for (code, value) in allvarlighet {
            let code = known_code(code)?;
            let sev = parse_severity(value).ok_or_else(|| OptionsError::Severity {
                code: code.clone(),
                value: value.clone(),
            })?;
            opts.allvarlighet.insert(code, sev);
        }
        Ok(opts)
    }

    /// Adds codes to ignore ("IK305", "ik101").
    ///
    /// # Errors
    /// A code that is not registered.
    pub fn ignore<'a>(
        &mut self,
        codes: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), OptionsError> {
        for c in codes {
            let c = c.trim();
            if !c.is_empty() {
                self.ignorera.insert(known_code(c)?);
            }
        }
        Ok(())
    }

    /// These options with `over`'s settings on top (the command line over the project file):
    /// its scale wins, its ignored codes and severities are added.
    pub fn overridden_by(mut self, over: RuleOptions) -> RuleOptions {
        self.skala = over.skala.or(self.skala);
        self.ignorera.extend(over.ignorera);
        self.allvarlighet.extend(over.allvarlighet);
        self
    }

    /// The severity a code's findings get.
    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.allvarlighet
            .get(code)
            .copied()
            .or_else(|| rule(code).map(|r| r.severity))
    }
}

fn known_code(code: &str) -> Result<String, OptionsError> {
    let c = code.trim().to_ascii_uppercase();
    match rule(&c) {
        Some(r) => Ok(r.code.to_string()),
        None => Err(OptionsError::UnknownCode(code.trim().to_string())),
    }
}

fn parse_severity(s: &str) -> Option<Severity> {
    match s.trim().to_lowercase().as_str() {
        "fel" => Some(Severity::Fel),
        "varning" => Some(Severity::Varning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_file_settings() {
        let o = RuleOptions::from_settings(
            &["ik305".to_string()],
            Some(4),
            &BTreeMap::from([("IK402".to_string(), "Varning".to_string())]),
        )
        .unwrap();
        assert_eq!(o.skala, Some(Scale::Four));
        assert!(o.ignorera.contains("IK305"));
        assert_eq!(o.severity("IK402"), Some(Severity::Varning));
        assert_eq!(o.severity("IK401"), Some(Severity::Varning));
        assert_eq!(
            RuleOptions::from_settings(&["IK999".to_string()], None, &BTreeMap::new()),
            Err(OptionsError::UnknownCode("IK999".into()))
        );
        assert!(matches!(
            RuleOptions::from_settings(&[], Some(3), &BTreeMap::new()),
            Err(OptionsError::Scale(3))
        ));
        assert!(matches!(
            RuleOptions::from_settings(
                &[],
                None,
                &BTreeMap::from([("IK305".to_string(), "hög".to_string())])
            ),
            Err(OptionsError::Severity { .. })
        ));
    }

    #[test]
    fn command_line_over_project_file() {
        let file =
            RuleOptions::from_settings(&["IK305".to_string()], Some(4), &BTreeMap::new()).unwrap();
        let mut cli = RuleOptions {
            skala: Some(Scale::Five),
            ..Default::default()
        };
        cli.ignore(["IK101"]).unwrap();
        let o = file.overridden_by(cli);
        assert_eq!(o.skala, Some(Scale::Five));
        assert_eq!(o.ignorera.len(), 2);
    }

    #[test]
    fn scale_named_in_text() {
        let doc = |t: &str| Document {
            anteckningar: Some(t.to_string()),
            ..Default::default()
        };
        assert_eq!(
            scale_in(&doc("En femgradig skala ger riskvärde mellan 1-25.")),
            Some(Scale::Five)
        );
        assert_eq!(
            scale_in(&doc("Riskvärde 1–16 (4-gradig skala)")),
            Some(Scale::Four)
        );
        assert_eq!(scale_in(&doc("fyrgradiga skalor")), Some(Scale::Four));
        assert_eq!(scale_in(&doc("Riskvärde 1-250")), None);
        assert_eq!(scale_in(&doc("Inget om skalan")), None);
    }
}
