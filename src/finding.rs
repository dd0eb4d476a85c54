//! Findings and where they point, below every stage: the registry of rule codes, the
//! location of a finding (file, sheet, A1 cell, line), and A1 names. Reading, layout,
//! assembly and the rules all report through [`finding`].

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
#[rustfmt::skip]
pub const REGISTRY: &[Rule] = &[
    Rule { code: "IK101", severity: Severity::Info, title: "Kolumn utan motsvarande fält; cellerna sparas i extra" },
    Rule { code: "IK102", severity: Severity::Info, title: "Upprepad rubrikrad hoppades över" },
    Rule { code: "IK103", severity: Severity::Info, title: "Rad fogad till raden ovanför (cell delad av sidbrytning)" },
    Rule { code: "IK104", severity: Severity::Varning, title: "Kombinerad kolumn delad genom en gissning" },
    Rule { code: "IK105", severity: Severity::Varning, title: "Tabell utan kolumn för risk eller kontroll" },
    Rule { code: "IK106", severity: Severity::Info, title: "Kolumn som är tom på alla rader" },
    Rule { code: "IK107", severity: Severity::Fel, title: "Celler i källan som inte återfinns i utdata" },
    Rule { code: "IK108", severity: Severity::Varning, title: "Fil utan tabell med risker eller kontroller" },
    Rule { code: "IK109", severity: Severity::Fel, title: "Rubrikrad utan datarader" },
    Rule { code: "IK110", severity: Severity::Varning, title: "Rader med data utanför tabellerna sparades som anteckningar" },
    Rule { code: "IK111", severity: Severity::Varning, title: "Kolumnens fält valt med låg säkerhet" },
    Rule { code: "IK112", severity: Severity::Info, title: "Filen lästes som kort, export eller löptext, inte som tabell" },
    Rule { code: "IK113", severity: Severity::Info, title: "Blad utan plan bredvid blad med plan" },
    Rule { code: "IK114", severity: Severity::Varning, title: "Filen gav inga risker eller kontroller" },
    Rule { code: "IK115", severity: Severity::Varning, title: "Citattecken i CSV som aldrig avslutas" },
    Rule { code: "IK116", severity: Severity::Info, title: "Rader med bara första cellen under tabellen sparades som anteckningar" },
    Rule { code: "IK117", severity: Severity::Varning, title: "Formler utan uträknade värden" },
    Rule { code: "IK118", severity: Severity::Info, title: "Dolda kolumner lästes inte" },
    Rule { code: "IK119", severity: Severity::Info, title: "Dolda rader lästes" },
    Rule { code: "IK120", severity: Severity::Fel, title: "PDF-tabell uttagen utan layout: en cell per rad" },
    Rule { code: "IK201", severity: Severity::Fel, title: "Riskvärde, sannolikhet eller konsekvens är inte ett heltal" },
    Rule { code: "IK202", severity: Severity::Fel, title: "Riskvärde utanför skalan" },
    Rule { code: "IK203", severity: Severity::Fel, title: "Riskvärde ≠ sannolikhet × konsekvens" },
    Rule { code: "IK204", severity: Severity::Varning, title: "Risk utan riskvärde fast tabellen har en kolumn för det" },
    Rule { code: "IK205", severity: Severity::Info, title: "Riskvärdet räknat som sannolikhet × konsekvens" },
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
    Rule { code: "IK504", severity: Severity::Varning, title: "Risk utan namn" },
    Rule { code: "IK601", severity: Severity::Fel, title: "Cell med formelfel" },
    Rule { code: "IK602", severity: Severity::Info, title: "Tal eller datum lagrat som text lästes som värde" },
    Rule { code: "IK603", severity: Severity::Info, title: "Text för lång för en cell i arbetsboken" },
    Rule { code: "IK701", severity: Severity::Info, title: "Risk med ny rubrik följs som samma risk som tidigare" },
    Rule { code: "IK702", severity: Severity::Info, title: "Kontroll med ny text följs som samma kontroll som tidigare" },
    Rule { code: "IK703", severity: Severity::Varning, title: "Kontroll i planen som saknas i uppföljningen" },
    Rule { code: "IK704", severity: Severity::Varning, title: "Kontroll i uppföljningen som saknas i planen" },
    Rule { code: "IK705", severity: Severity::Varning, title: "Risk som försvann ur planen utan att ha avslutats" },
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
pub fn finding(code: &str, message: String, loc: Loc, post_id: Option<String>) -> Finding {
    Finding {
        kod: code.to_string(),
        allvarlighet: rule(code).map(|r| r.severity).unwrap_or(Severity::Info),
        meddelande: message,
        fil: Some(loc.fil),
        blad: loc.blad,
        cell: loc.cell,
        rad: loc.rad,
        post_id,
    }
}

/// The A1 name of a 0-based column and 1-based row.
pub fn a1(col: usize, row: u32) -> String {
    // Without `format!` or a string for the letters: one per finding on a grid.
    let mut s = String::with_capacity(16);
    push_col_name(&mut s, col);
    s.push_str(itoa::Buffer::new().format(row));
    s
}

/// The letters of a 0-based column index (0 → A, 26 → AA).
pub fn col_name(col: usize) -> String {
    let mut s = String::new();
    push_col_name(&mut s, col);
    s
}

/// [`col_name`] added to `s`.
fn push_col_name(s: &mut String, col: usize) {
    let (letters, at) = col_letters(col);
    s.extend(letters[at..].iter().map(|&b| char::from(b)));
}

/// The letters of a 0-based column index without allocating: `letters[at..]`.
pub fn col_letters(col: usize) -> ([u8; 14], usize) {
    // At most 14 letters for a 64-bit index.
    let mut letters = [0u8; 14];
    let mut at = letters.len();
    let mut n = col + 1;
    while n > 0 {
        at -= 1;
        letters[at] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    (letters, at)
}
