//! Consistency rules: one registry of codes (never reused), findings with locations.
//!
//! Reading and layout report the IK1xx family themselves (they see what was skipped or
//! joined); the other families run over the finished model.

use crate::model::{Finding, Severity};

/// One registered rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// What the rule checks, in one Swedish line.
    pub title: &'static str,
}

/// Every rule code ikplan knows, with its default severity. Codes never change meaning.
pub const REGISTRY: &[Rule] = &[
    Rule { code: "IK101", severity: Severity::Info, title: "Kolumn utan motsvarande fält; cellerna sparas i extra" },
    Rule { code: "IK102", severity: Severity::Info, title: "Upprepad rubrikrad (sidbrytning) hoppades över" },
    Rule { code: "IK103", severity: Severity::Info, title: "Rad fogad till raden ovanför (cell delad av sidbrytning)" },
    Rule { code: "IK104", severity: Severity::Varning, title: "Kombinerad kolumn delad genom en gissning" },
    Rule { code: "IK105", severity: Severity::Varning, title: "Tabell utan kolumn för risk eller kontroll" },
    Rule { code: "IK106", severity: Severity::Info, title: "Kolumn som är tom på alla rader" },
    Rule { code: "IK201", severity: Severity::Fel, title: "Riskvärde, sannolikhet eller konsekvens är inte ett heltal" },
    Rule { code: "IK202", severity: Severity::Fel, title: "Riskvärde utanför skalan" },
    Rule { code: "IK203", severity: Severity::Fel, title: "Riskvärde ≠ sannolikhet × konsekvens" },
    Rule { code: "IK204", severity: Severity::Varning, title: "Risk utan riskvärde fast tabellen har en kolumn för det" },
    Rule { code: "IK301", severity: Severity::Fel, title: "Datum som inte kan läsas" },
    Rule { code: "IK302", severity: Severity::Fel, title: "Slutdatum före startdatum" },
    Rule { code: "IK303", severity: Severity::Varning, title: "Avstämningsdatum utanför start–slut" },
    Rule { code: "IK304", severity: Severity::Varning, title: "Startdatum utan slutdatum" },
    Rule { code: "IK305", severity: Severity::Info, title: "Datum utanför planåret och året efter" },
    Rule { code: "IK401", severity: Severity::Varning, title: "Kontroll utan ansvarig" },
    Rule { code: "IK402", severity: Severity::Info, title: "Kontroll utan rapporteringsansvarig" },
    Rule { code: "IK403", severity: Severity::Varning, title: "Okänd status (sparas ordagrant)" },
    Rule { code: "IK404", severity: Severity::Varning, title: "Okänd kontrollbedömning (sparas ordagrant)" },
    Rule { code: "IK405", severity: Severity::Varning, title: "Status Genomförd men inget resultat" },
    Rule { code: "IK501", severity: Severity::Varning, title: "Samma riskområde två gånger i ett dokument" },
    Rule { code: "IK502", severity: Severity::Varning, title: "Risk utan kontroll eller åtgärd" },
    Rule { code: "IK503", severity: Severity::Fel, title: "Kontroll som inte hör till någon risk" },
    Rule { code: "IK601", severity: Severity::Fel, title: "Cell med formelfel" },
    Rule { code: "IK602", severity: Severity::Info, title: "Tal eller datum lagrat som text lästes som värde" },
];

/// The registered rule of a code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    REGISTRY.iter().find(|r| r.code == code)
}

/// Where a finding points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loc {
    pub fil: String,
    pub blad: Option<String>,
    pub cell: Option<String>,
    pub rad: Option<u32>,
}

/// A finding of a registered code at a location, with its default severity.
pub fn finding(code: &str, message: String, loc: &Loc, post_id: Option<String>) -> Finding {
    Finding {
        kod: code.to_string(),
        allvarlighet: rule(code).map(|r| r.severity).unwrap_or(Severity::Info),
        meddelande: message,
        fil: Some(loc.fil.clone()),
        blad: loc.blad.clone(),
        cell: loc.cell.clone(),
        rad: loc.rad,
        post_id,
    }
}

/// The model-level rules (IK2xx–IK5xx) over one file's documents.
pub fn check(docs: &[crate::model::Document], layout: &crate::layout::Layout) -> Vec<Finding> {
    let _ = (docs, layout);
    Vec::new()
}
