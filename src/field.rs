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
}

impl Vocab {
    /// The values in their serialized (display) spelling.
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
                F::Ikplan,
            ]
            .map(F::as_str)
            .to_vec(),
            Vocab::Severity => [Severity::Fel, Severity::Varning, Severity::Info]
                .map(Severity::as_str)
                .to_vec(),
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
    "risk_nyckel" => "Risknyckel": T, "nummer" => "Nr": T, "riskomrade" => "Riskområde": T,
    "riskbeskrivning" => "Riskbeskrivning": T, "kategori" => "Kategori": Suggest(Vocab::Category),
    "process" => "Process": T, "sannolikhet" => "Sannolikhet": STEP,
    "konsekvens" => "Konsekvens": STEP, "riskvarde" => "Riskvärde": VALUE,
    "befintliga_rutiner" => "Befintliga rutiner": T, "kalla" => "Källa": Src,
];
pub const KONTROLL_COLS: &[Col] = cols![
    "kontroll_id" => "Kontroll-id": Id, "risk_id" => "Risk-id": Id,
    "dokument_id" => "Dokument-id": Id, "typ" => "Typ": Enum(Vocab::ControlType),
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
