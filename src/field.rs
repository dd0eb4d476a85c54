//! The fields of the normalized model's entities, described once: each column's key (JSON
//! and CSV), Swedish label (workbook header) and what it holds. Every writer and the reader
//! of ikplan's own workbook use these tables (docs/MODEL.md is their prose).

/// The most characters Excel holds in one cell: longer text is cut in the workbook (JSON and
/// CSV keep it whole, and IK603 says so).
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// What a column holds. One declaration serves every writer and the reader: the workbook's
/// cell types and validations, the data package's field types and constraints, and how
/// `read::ikplan` turns a cell back into a model value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A record id (the primary key of its table, or a reference to another table's).
    Id,
    /// Free text.
    Text,
    /// A whole number; `min..=max` is what the workbook's validation accepts for new input
    /// (the data package does not constrain it: a source may hold a value off the scale).
    Int { min: i64, max: i64 },
    /// One date.
    Date,
    /// A list of text joined by "; ".
    List,
    /// A list of dates joined by "; ".
    Dates,
    /// One value of a closed vocabulary.
    Enum(Vocab),
    /// A list of text with suggested values (other text is allowed).
    Suggest(Vocab),
    /// The provenance in its one-cell form ("Blad1!A5:H7", "rad 12–14").
    Source,
}

/// The vocabularies of enum and suggestion columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocab {
    DocType,
    Period,
    Status,
    Assessment,
    ControlType,
    Format,
    Severity,
    Category,
    /// A person's role in `kontroll_personer`: `ansvarig` or `rapporteringsansvarig`.
    Role,
}

impl Vocab {
    /// The values in their serialized spelling: the keys of JSON and CSV (and the display
    /// spelling where it is the key, as for status and assessment).
    pub fn values(self) -> Vec<&'static str> {
        use crate::model::{Assessment, ControlType, DocType, Period, Severity, Status};
        use crate::read::Format as F;
        match self {
            Vocab::DocType => [DocType::Plan, DocType::Uppfoljning]
                .map(DocType::as_str)
                .to_vec(),
            Vocab::Period => [Period::Delar, Period::Helar].map(Period::as_str).to_vec(),
            Vocab::Status => Status::ALL.map(Status::as_str).to_vec(),
            Vocab::Assessment => Assessment::ALL.map(Assessment::as_str).to_vec(),
            Vocab::ControlType => [ControlType::Kontroll, ControlType::Atgard]
                .map(ControlType::as_str)
                .to_vec(),
            Vocab::Format => [
                F::Xlsx,
                F::Xlsm,
                F::Xlsb,
                F::Xls,
                F::Ods,
                F::Csv,
                F::Tsv,
                F::Text,
                F::Docx,
                F::Html,
                F::Ikplan,
            ]
            .map(F::as_str)
            .to_vec(),
            Vocab::Severity => [Severity::Fel, Severity::Varning, Severity::Info]
                .map(Severity::as_str)
                .to_vec(),
            Vocab::Role => vec!["ansvarig", "rapporteringsansvarig"],
            Vocab::Category => {
                vec![
                    "Ekonomi",
                    "Verksamhet",
                    "Medborgare",
                    "Invånare",
                    "Medarbetare",
                ]
            }
        }
    }

    /// The values as the workbook shows them and its dropdowns offer them, in the order of
    /// [`Vocab::values`]: Swedish words where the key is folded to ASCII ("Delår" for
    /// `delar`, "Åtgärd" for `atgard`), the key itself elsewhere. `read::ikplan` reads either.
    pub fn labels(self) -> Vec<&'static str> {
        match self {
            Vocab::DocType => vec!["Plan", "Uppföljning"],
            Vocab::Period => vec!["Delår", "Helår"],
            Vocab::ControlType => vec!["Kontroll", "Åtgärd"],
            _ => self.values(),
        }
    }

    /// The label of a value (see [`Vocab::labels`]); `None` for a value not in the vocabulary.
    pub fn label(self, value: &str) -> Option<&'static str> {
        let i = self.values().iter().position(|v| *v == value)?;
        self.labels().get(i).copied()
    }

    /// The value a key or a label names (exactly as written, or in any case).
    pub fn value_of(self, written: &str) -> Option<&'static str> {
        let low = written.trim().to_lowercase();
        self.values()
            .into_iter()
            .zip(self.labels())
            .find(|(v, l)| v.to_lowercase() == low || l.to_lowercase() == low)
            .map(|(v, _)| v)
    }
}

impl Vocab {
    /// The Swedish label of a value (`koder.csv`): the value itself where it is already
    /// written as people read it (statuses, assessments, categories).
    pub fn code_label(self, value: &str) -> &str {
        match (self, value) {
            (Vocab::DocType, "plan") => "Plan",
            (Vocab::DocType, "uppfoljning") => "Uppföljning",
            (Vocab::Period, "delar") => "Delår",
            (Vocab::Period, "helar") => "Helår",
            (Vocab::ControlType, "kontroll") => "Kontroll",
            (Vocab::ControlType, "atgard") => "Åtgärd",
            (Vocab::Severity, "fel") => "Fel",
            (Vocab::Severity, "varning") => "Varning",
            (Vocab::Severity, "info") => "Info",
            (Vocab::Role, "ansvarig") => "Ansvarig",
            (Vocab::Role, "rapporteringsansvarig") => "Rapporteringsansvarig",
            (Vocab::Format, "xlsx") => "Excel-arbetsbok (xlsx)",
            (Vocab::Format, "xlsm") => "Excel-arbetsbok med makron (xlsm)",
            (Vocab::Format, "xlsb") => "Binär Excel-arbetsbok (xlsb)",
            (Vocab::Format, "xls") => "Excel 97–2003 (xls)",
            (Vocab::Format, "ods") => "OpenDocument-kalkylblad (ods)",
            (Vocab::Format, "csv") => "CSV-fil",
            (Vocab::Format, "tsv") => "Tabbavgränsad text (tsv)",
            (Vocab::Format, "text") => "Text",
            (Vocab::Format, "docx") => "Word-dokument (docx)",
            (Vocab::Format, "html") => "Webbsida med tabell (html, xls sparad som webbsida)",
            (Vocab::Format, "ikplan") => "ikplans egen arbetsbok",
            _ => value,
        }
    }
}

/// A column: its key (CSV header), its display label (workbook header) and what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

macro_rules! cols {
    ($($k:literal => $l:literal : $kind:expr),* $(,)?) => {
        &[$(Col { key: $k, label: $l, kind: $kind }),*]
    };
}

use Kind::{Date as D, Dates, Enum, Id, List, Source as Src, Suggest, Text as T};

const YEAR: Kind = Kind::Int {
    min: 1900,
    max: 2100,
};
const STEP: Kind = Kind::Int { min: 1, max: 5 };
const VALUE: Kind = Kind::Int { min: 1, max: 25 };
const LINE: Kind = Kind::Int {
    min: 1,
    max: i32::MAX as i64,
};

pub const DOKUMENT_COLS: &[Col] = cols![
    "dokument_id" => "Dokument-id": Id, "kalla_fil" => "Källfil": T, "kalla_blad" => "Källblad": T,
    "kalla_format" => "Källformat": Enum(Vocab::Format), "titel" => "Titel": T,
    "kommun" => "Kommun": T, "namnd" => "Nämnd": T, "forvaltning" => "Förvaltning": T,
    "ar" => "År": YEAR, "typ" => "Typ": Enum(Vocab::DocType),
    "period" => "Period": Enum(Vocab::Period), "datum" => "Datum": D,
    "diarienummer" => "Diarienummer": T, "anteckningar" => "Anteckningar": T,
    "kalla" => "Källa": Src,
];
pub const RISK_COLS: &[Col] = cols![
    "risk_id" => "Risk-id": Id, "dokument_id" => "Dokument-id": Id,
    "risk_nyckel" => "Risknyckel": T, "risk_serie" => "Riskserie": T, "nummer" => "Nr": T, "riskomrade" => "Riskområde": T,
    "riskbeskrivning" => "Riskbeskrivning": T, "kategori" => "Kategori": Suggest(Vocab::Category),
    "process" => "Process": T, "sannolikhet" => "Sannolikhet": STEP,
    "konsekvens" => "Konsekvens": STEP, "riskvarde" => "Riskvärde": VALUE,
    "befintliga_rutiner" => "Befintliga rutiner": T, "kalla" => "Källa": Src,
];
pub const KONTROLL_COLS: &[Col] = cols![
    "kontroll_id" => "Kontroll-id": Id, "risk_id" => "Risk-id": Id,
    "dokument_id" => "Dokument-id": Id, "kontroll_nyckel" => "Kontrollnyckel": T,
    "plan_kontroll_id" => "Plankontroll-id": Id, "typ" => "Typ": Enum(Vocab::ControlType),
    "nummer" => "Nr": T, "kontroll" => "Kontroll": T, "beskrivning" => "Beskrivning": T,
    "metod" => "Metod": T, "frekvens" => "Frekvens": T, "ansvarig" => "Ansvarig": List,
    "rapporteringsansvarig" => "Rapporteringsansvarig": List, "startdatum" => "Startdatum": D,
    "avstamningsdatum" => "Avstämningsdatum": Dates, "slutdatum" => "Slutdatum": D,
    "uppfoljning_nar" => "Uppföljning när": T, "kalla" => "Källa": Src,
];
pub const UPPFOLJNING_COLS: &[Col] = cols![
    "uppfoljning_id" => "Uppföljnings-id": Id, "kontroll_id" => "Kontroll-id": Id,
    "dokument_id" => "Dokument-id": Id, "period" => "Period": Enum(Vocab::Period),
    "ar" => "År": YEAR, "status" => "Status": Enum(Vocab::Status),
    "kontrollbedomning" => "Kontrollbedömning": Enum(Vocab::Assessment),
    "resultat" => "Resultat": T, "ny_atgard" => "Ny åtgärd": T,
    "status_kalla" => "Status (källa)": T, "kontrollbedomning_kalla" => "Bedömning (källa)": T,
    "kalla" => "Källa": Src,
];
pub const ANMARKNING_COLS: &[Col] = cols![
    "kod" => "Kod": T, "allvarlighet" => "Allvarlighet": Enum(Vocab::Severity),
    "meddelande" => "Meddelande": T, "fil" => "Fil": T, "blad" => "Blad": T, "cell" => "Cell": T,
    "rad" => "Rad": LINE, "post_id" => "Post": T,
];
pub const EXTRA_COLS: &[Col] = cols![
    "post_id" => "Post": Id, "kolumn" => "Kolumn": T, "varde" => "Värde": T,
];

/// The bridge tables: one row per value of a list field (the list's place in `ordning`,
/// from 1), for BI tools that should not split "; " themselves.
const ORDER: Kind = Kind::Int {
    min: 1,
    max: i32::MAX as i64,
};
pub const RISK_KATEGORI_COLS: &[Col] = cols![
    "risk_id" => "Risk-id": Id, "ordning" => "Ordning": ORDER, "kategori" => "Kategori": T,
];
pub const KONTROLL_PERSON_COLS: &[Col] = cols![
    "kontroll_id" => "Kontroll-id": Id, "roll" => "Roll": Enum(Vocab::Role),
    "ordning" => "Ordning": ORDER, "namn" => "Namn": T,
];
pub const KONTROLL_AVSTAMNING_COLS: &[Col] = cols![
    "kontroll_id" => "Kontroll-id": Id, "ordning" => "Ordning": ORDER, "datum" => "Datum": D,
];
/// The code table: every enum column's values (`falt` is `<table>.<column>`) with their
/// Swedish labels.
pub const KOD_COLS: &[Col] = cols![
    "falt" => "Fält": T, "kod" => "Kod": T, "etikett" => "Etikett": T,
];

/// Columns ikplan's workbook shows beside a record's own, made from other records so a
/// person reads a row without looking elsewhere: a risk's level (from its riskvärde), a
/// follow-up's risk and control. They are not part of the model: `read::ikplan` skips them.
pub const SHOWN_COLS: &[Col] = cols![
    "riskniva" => "Risknivå": T, "risk_text" => "Risk": T, "kontroll_text" => "Kontroll": T,
];

/// The column order of each entity sheet of the workbook (keys of the entity's columns and of
/// [`SHOWN_COLS`]): what people read first (risk, control, status), sources and ids at the
/// right. CSV keeps the order of the entity tables above.
pub const DOKUMENT_SHEET: &[&str] = &[
    "titel",
    "namnd",
    "ar",
    "typ",
    "period",
    "datum",
    "kommun",
    "forvaltning",
    "diarienummer",
    "anteckningar",
    "kalla_fil",
    "kalla_blad",
    "kalla_format",
    "kalla",
    "dokument_id",
];
pub const RISK_SHEET: &[&str] = &[
    "nummer",
    "riskomrade",
    "riskbeskrivning",
    "kategori",
    "process",
    "sannolikhet",
    "konsekvens",
    "riskvarde",
    "riskniva",
    "befintliga_rutiner",
    "kalla",
    "risk_nyckel",
    "risk_serie",
    "risk_id",
    "dokument_id",
];
pub const KONTROLL_SHEET: &[&str] = &[
    "nummer",
    "kontroll",
    "typ",
    "beskrivning",
    "metod",
    "frekvens",
    "ansvarig",
    "rapporteringsansvarig",
    "startdatum",
    "avstamningsdatum",
    "slutdatum",
    "uppfoljning_nar",
    "kalla",
    "kontroll_nyckel",
    "plan_kontroll_id",
    "kontroll_id",
    "risk_id",
    "dokument_id",
];
pub const UPPFOLJNING_SHEET: &[&str] = &[
    "risk_text",
    "kontroll_text",
    "period",
    "ar",
    "status",
    "kontrollbedomning",
    "resultat",
    "ny_atgard",
    "status_kalla",
    "kontrollbedomning_kalla",
    "kalla",
    "uppfoljning_id",
    "kontroll_id",
    "dokument_id",
];

/// What a source column holds: the field (or fields) of the model it fills. Each is
/// described once, in [`FIELDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    // Risk level.
    RiskNummer,
    Riskomrade,
    Riskbeskrivning,
    /// A cell holding the risk's title and its description ("Risk", "Riskanalys").
    RiskTitelBeskrivning,
    Kategori,
    Process,
    Sannolikhet,
    Konsekvens,
    Riskvarde,
    BefintligaRutiner,
    // Control level.
    KontrollNummer,
    Kontroll,
    /// A decided action ("Beslut om åtgärd"): a control of type `atgard`.
    Atgard,
    /// A column describing the control beside the one naming it ("Kontrollbeskrivning").
    KontrollBeskrivning,
    /// Whether the row's control is a control or an action ("Typ": Kontroll / Åtgärd).
    Typ,
    Metod,
    Frekvens,
    Ansvarig,
    Rapporteringsansvarig,
    Startdatum,
    Avstamningsdatum,
    Slutdatum,
    UppfoljningNar,
    // Follow-up level.
    Status,
    Kontrollbedomning,
    Resultat,
    NyAtgard,
    /// Several fields in one column ("Ansvarig + Rapporteringsansvarig").
    Combined(Combo),
    /// A header that names no field: its cells go to `extra`.
    Okand,
}

/// The combined columns ikplan knows how to split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Combo {
    /// Ansvarig followed by rapporteringsansvarig.
    AnsvarigRapportering,
    /// Startdatum, avstämningsdatum (any number), slutdatum.
    Datum,
    /// Sannolikhet and konsekvens in one cell ("S/K": "3/4").
    SannolikhetKonsekvens,
    /// Ansvarig over frekvens, a paragraph each ("Ansvarig + Frekvens").
    AnsvarigFrekvens,
    /// Metod over frekvens, a paragraph each ("Metod/frekvens").
    MetodFrekvens,
    /// A follow-up's status and its comment ("Status/kommentar": "Genomförd. Inga fel.").
    StatusResultat,
    /// Words that give both the status and the assessment ("Utfört utan anmärkning").
    StatusBedomning,
}

/// The level of the model a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Risk,
    Control,
    FollowUp,
    None,
}

/// One field a source column can fill, described once: the key a user names it by
/// (`[kolumner]`, `--kolumn`), its level, whether its values are atomic, and the columns of
/// the model's tables it fills (their labels and kinds are in [`RISK_COLS`],
/// [`KONTROLL_COLS`], [`UPPFOLJNING_COLS`]).
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    pub role: Role,
    /// What the user writes for it; `None` for the combined columns, which the user does
    /// not choose.
    pub user_key: Option<&'static str>,
    /// How `inspect` names it.
    pub shown: &'static str,
    pub level: Level,
    /// Short values that a page break never splits: a row that continues a cell across a
    /// page has none of them.
    pub atomic: bool,
    /// The keys of the model's columns it fills, in the table of its level.
    pub fills: &'static [&'static str],
}

macro_rules! fields {
    ($($role:expr, $user:expr, $shown:literal, $level:ident, $atomic:literal, [$($fill:literal),*];)*) => {
        &[$(FieldDef {
            role: $role,
            user_key: $user,
            shown: $shown,
            level: Level::$level,
            atomic: $atomic,
            fills: &[$($fill),*],
        }),*]
    };
}

/// Every field a column can fill.
pub const FIELDS: &[FieldDef] = fields![
    Role::RiskNummer, Some("risk.nummer"), "risk.nummer", Risk, true, ["nummer"];
    Role::Riskomrade, Some("riskomrade"), "risk.riskomrade", Risk, false, ["riskomrade"];
    Role::Riskbeskrivning, Some("riskbeskrivning"), "risk.riskbeskrivning", Risk, false, ["riskbeskrivning"];
    Role::RiskTitelBeskrivning, Some("risk"), "risk.riskomrade + riskbeskrivning", Risk, false, ["riskomrade", "riskbeskrivning"];
    Role::Kategori, Some("kategori"), "risk.kategori", Risk, true, ["kategori"];
    Role::Process, Some("process"), "risk.process", Risk, false, ["process"];
    Role::Sannolikhet, Some("sannolikhet"), "risk.sannolikhet", Risk, true, ["sannolikhet"];
    Role::Konsekvens, Some("konsekvens"), "risk.konsekvens", Risk, true, ["konsekvens"];
    Role::Riskvarde, Some("riskvarde"), "risk.riskvarde", Risk, true, ["riskvarde"];
    Role::BefintligaRutiner, Some("befintliga_rutiner"), "risk.befintliga_rutiner", Risk, false, ["befintliga_rutiner"];
    Role::KontrollNummer, Some("kontroll.nummer"), "kontroll.nummer", Control, true, ["nummer"];
    Role::Kontroll, Some("kontroll"), "kontroll.kontroll", Control, false, ["kontroll"];
    Role::Atgard, Some("atgard"), "kontroll.kontroll (typ atgard)", Control, false, ["kontroll"];
    Role::KontrollBeskrivning, Some("kontroll.beskrivning"), "kontroll.beskrivning", Control, false, ["beskrivning"];
    Role::Typ, Some("typ"), "kontroll.typ", Control, true, ["typ"];
    Role::Metod, Some("metod"), "kontroll.metod", Control, false, ["metod"];
    Role::Frekvens, Some("frekvens"), "kontroll.frekvens", Control, false, ["frekvens"];
    Role::Ansvarig, Some("ansvarig"), "kontroll.ansvarig", Control, true, ["ansvarig"];
    Role::Rapporteringsansvarig, Some("rapporteringsansvarig"), "kontroll.rapporteringsansvarig", Control, true, ["rapporteringsansvarig"];
    Role::Startdatum, Some("startdatum"), "kontroll.startdatum", Control, true, ["startdatum"];
    Role::Avstamningsdatum, Some("avstamningsdatum"), "kontroll.avstamningsdatum", Control, true, ["avstamningsdatum"];
    Role::Slutdatum, Some("slutdatum"), "kontroll.slutdatum", Control, true, ["slutdatum"];
    Role::UppfoljningNar, Some("uppfoljning_nar"), "kontroll.uppfoljning_nar", Control, false, ["uppfoljning_nar"];
    Role::Combined(Combo::AnsvarigRapportering), None, "kontroll.ansvarig + rapporteringsansvarig (delas)", Control, true, ["ansvarig", "rapporteringsansvarig"];
    Role::Combined(Combo::Datum), None, "kontroll.startdatum + avstamningsdatum + slutdatum (delas)", Control, true, ["startdatum", "avstamningsdatum", "slutdatum"];
    Role::Combined(Combo::SannolikhetKonsekvens), None, "risk.sannolikhet + konsekvens (delas)", Risk, true, ["sannolikhet", "konsekvens"];
    Role::Combined(Combo::AnsvarigFrekvens), None, "kontroll.ansvarig + frekvens (delas)", Control, false, ["ansvarig", "frekvens"];
    Role::Combined(Combo::MetodFrekvens), None, "kontroll.metod + frekvens (delas)", Control, false, ["metod", "frekvens"];
    Role::Status, Some("status"), "uppfoljning.status", FollowUp, true, ["status"];
    Role::Kontrollbedomning, Some("kontrollbedomning"), "uppfoljning.kontrollbedomning", FollowUp, true, ["kontrollbedomning"];
    Role::Resultat, Some("resultat"), "uppfoljning.resultat", FollowUp, false, ["resultat"];
    Role::NyAtgard, Some("ny_atgard"), "uppfoljning.ny_atgard", FollowUp, false, ["ny_atgard"];
    Role::Combined(Combo::StatusResultat), None, "uppfoljning.status + resultat (delas)", FollowUp, false, ["status", "resultat"];
    Role::Combined(Combo::StatusBedomning), None, "uppfoljning.status + kontrollbedomning", FollowUp, true, ["status", "kontrollbedomning"];
    Role::Okand, Some("extra"), "extra", None, false, [];
];

impl Role {
    /// The role's description in [`FIELDS`].
    pub fn def(self) -> &'static FieldDef {
        FIELDS
            .iter()
            .find(|f| f.role == self)
            .expect("every role is in FIELDS")
    }

    pub fn level(self) -> Level {
        self.def().level
    }

    /// See [`FieldDef::atomic`].
    pub fn is_atomic(self) -> bool {
        self.def().atomic
    }

    /// How `inspect` names the field.
    pub fn key(self) -> &'static str {
        self.def().shown
    }

    /// The short field key of the role, as a user writes it in `[kolumner]`.
    pub fn user_key(self) -> Option<&'static str> {
        self.def().user_key
    }

    /// The model columns the role fills, as the rules name them in
    /// [`crate::model::Document::kolumner`] (a number with its level: "risk.nummer").
    pub fn model_keys(self) -> impl Iterator<Item = &'static str> {
        let def = self.def();
        def.fills.iter().map(move |k| match (*k, def.level) {
            ("nummer", Level::Risk) => "risk.nummer",
            ("nummer", _) => "kontroll.nummer",
            (k, _) => k,
        })
    }

    /// The model columns (label and kind) the role fills.
    pub fn columns(self) -> impl Iterator<Item = &'static Col> {
        let def = self.def();
        let table = match def.level {
            Level::Risk => RISK_COLS,
            Level::Control => KONTROLL_COLS,
            Level::FollowUp => UPPFOLJNING_COLS,
            Level::None => &[],
        };
        def.fills
            .iter()
            .filter_map(move |k| table.iter().find(|c| c.key == *k))
    }

    /// The role a user's field key names: "kontroll", "risk.riskomrade", "Riskområde",
    /// "extra" (keep the column in extra). Case, å/ä/ö and a level prefix do not matter.
    pub fn from_key(key: &str) -> Option<Role> {
        let folded: String = key
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'å' | 'ä' => 'a',
                'ö' => 'o',
                ' ' | '-' => '_',
                c => c,
            })
            .collect();
        let find = |k: &str| FIELDS.iter().find(|f| f.user_key == Some(k));
        let short = || {
            let rest = folded
                .strip_prefix("risk.")
                .or_else(|| folded.strip_prefix("kontroll."))
                .or_else(|| folded.strip_prefix("uppfoljning."))
                .or_else(|| folded.strip_prefix("dokument."))?;
            find(rest)
        };
        find(&folded)
            .or_else(short)
            .map(|f| f.role)
            .or(match folded.as_str() {
                "ignorera" | "okand" => Some(Role::Okand),
                _ => None,
            })
    }

    /// The field keys [`Role::from_key`] reads, for messages.
    pub fn field_keys() -> Vec<&'static str> {
        FIELDS.iter().filter_map(|f| f.user_key).collect()
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each workbook sheet shows every column of its entity once, plus only columns made
    /// for reading; a label of those is no label of the entity's own.
    #[test]
    fn sheet_orders_show_every_column_once() {
        for (order, cols) in [
            (DOKUMENT_SHEET, DOKUMENT_COLS),
            (RISK_SHEET, RISK_COLS),
            (KONTROLL_SHEET, KONTROLL_COLS),
            (UPPFOLJNING_SHEET, UPPFOLJNING_COLS),
        ] {
            for c in cols {
                assert_eq!(
                    order.iter().filter(|k| **k == c.key).count(),
                    1,
                    "{}",
                    c.key
                );
            }
            for k in order.iter().filter(|k| !cols.iter().any(|c| c.key == **k)) {
                let shown = SHOWN_COLS.iter().find(|c| c.key == *k);
                assert!(shown.is_some(), "{k}");
                assert!(!cols.iter().any(|c| Some(c.label) == shown.map(|s| s.label)));
            }
        }
        assert_eq!(Vocab::Period.label("delar"), Some("Delår"));
        assert_eq!(Vocab::ControlType.value_of("Åtgärd"), Some("atgard"));
        assert_eq!(Vocab::ControlType.value_of("atgard"), Some("atgard"));
        assert_eq!(Vocab::Status.label("Genomförd"), Some("Genomförd"));
    }

    #[test]
    fn every_field_fills_columns_of_its_level_and_is_named_once() {
        for f in FIELDS {
            assert_eq!(
                f.role.columns().count(),
                f.fills.len(),
                "{:?} fills a column its level's table lacks",
                f.role
            );
            assert_eq!(
                FIELDS.iter().filter(|g| g.role == f.role).count(),
                1,
                "{:?}",
                f.role
            );
            if let Some(k) = f.user_key {
                assert_eq!(Role::from_key(k), Some(f.role), "{k}");
            }
        }
        assert_eq!(Role::from_key("Riskområde"), Some(Role::Riskomrade));
        assert_eq!(Role::from_key("kontroll.metod"), Some(Role::Metod));
        assert_eq!(Role::from_key("ignorera"), Some(Role::Okand));
        assert_eq!(Role::from_key("nummer"), None);
        assert_eq!(
            Role::Combined(Combo::Datum)
                .model_keys()
                .collect::<Vec<_>>(),
            ["startdatum", "avstamningsdatum", "slutdatum"]
        );
        assert_eq!(
            Role::KontrollNummer.columns().next().map(|c| c.label),
            Some("Nr")
        );
    }
}
