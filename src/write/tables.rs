//! The model as flat tables, one per entity: what CSV and the workbook both write.

use crate::model::{Extra, Finding, Output, Provenance};
use crate::normalize::date::Date;

/// The file stems of the CSV folder, in the order they are written.
pub const FILES: &[&str] = &[
    "dokument",
    "risker",
    "kontroller",
    "uppfoljningar",
    "anmarkningar",
    "extra",
];

/// One value of a flat table.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Empty,
    Text(String),
    Int(i64),
    Date(Date),
}

impl Field {
    /// The value as CSV text.
    pub fn as_text(&self) -> String {
        match self {
            Field::Empty => String::new(),
            Field::Text(s) => s.clone(),
            Field::Int(i) => i.to_string(),
            Field::Date(d) => d.to_string(),
        }
    }
}

/// A column: its key (CSV header) and its display label (workbook header).
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub key: &'static str,
    pub label: &'static str,
}

/// A flat table of one entity.
#[derive(Debug, Clone)]
pub struct FlatTable {
    /// File stem for CSV ("risker") and sheet name for the workbook ("Risker").
    pub file: &'static str,
    pub sheet: &'static str,
    pub cols: &'static [Col],
    pub rows: Vec<Vec<Field>>,
}

macro_rules! cols {
    ($($k:literal => $l:literal),* $(,)?) => { &[$(Col { key: $k, label: $l }),*] };
}

pub const DOKUMENT_COLS: &[Col] = cols![
    "dokument_id" => "Dokument-id", "kalla_fil" => "Källfil", "kalla_blad" => "Källblad",
    "kalla_format" => "Källformat", "titel" => "Titel", "kommun" => "Kommun", "namnd" => "Nämnd",
    "forvaltning" => "Förvaltning", "ar" => "År", "typ" => "Typ", "period" => "Period",
    "datum" => "Datum", "diarienummer" => "Diarienummer", "anteckningar" => "Anteckningar",
    "kalla" => "Källa",
];
pub const RISK_COLS: &[Col] = cols![
    "risk_id" => "Risk-id", "dokument_id" => "Dokument-id", "risk_nyckel" => "Risknyckel",
    "nummer" => "Nr", "riskomrade" => "Riskområde", "riskbeskrivning" => "Riskbeskrivning",
    "kategori" => "Kategori", "process" => "Process", "sannolikhet" => "Sannolikhet",
    "konsekvens" => "Konsekvens", "riskvarde" => "Riskvärde",
    "befintliga_rutiner" => "Befintliga rutiner", "kalla" => "Källa",
];
pub const KONTROLL_COLS: &[Col] = cols![
    "kontroll_id" => "Kontroll-id", "risk_id" => "Risk-id", "dokument_id" => "Dokument-id",
    "typ" => "Typ", "nummer" => "Nr", "kontroll" => "Kontroll", "beskrivning" => "Beskrivning",
    "metod" => "Metod", "frekvens" => "Frekvens", "ansvarig" => "Ansvarig",
    "rapporteringsansvarig" => "Rapporteringsansvarig", "startdatum" => "Startdatum",
    "avstamningsdatum" => "Avstämningsdatum", "slutdatum" => "Slutdatum",
    "uppfoljning_nar" => "Uppföljning när", "kalla" => "Källa",
];
pub const UPPFOLJNING_COLS: &[Col] = cols![
    "uppfoljning_id" => "Uppföljnings-id", "kontroll_id" => "Kontroll-id",
    "dokument_id" => "Dokument-id", "period" => "Period", "ar" => "År", "status" => "Status",
    "kontrollbedomning" => "Kontrollbedömning", "resultat" => "Resultat",
    "ny_atgard" => "Ny åtgärd", "status_kalla" => "Status (källa)",
    "kontrollbedomning_kalla" => "Bedömning (källa)", "kalla" => "Källa",
];
pub const ANMARKNING_COLS: &[Col] = cols![
    "kod" => "Kod", "allvarlighet" => "Allvarlighet", "meddelande" => "Meddelande",
    "fil" => "Fil", "blad" => "Blad", "cell" => "Cell", "rad" => "Rad", "post_id" => "Post",
];
pub const EXTRA_COLS: &[Col] = cols![
    "post_id" => "Post", "kolumn" => "Kolumn", "varde" => "Värde",
];

fn t(s: &str) -> Field {
    if s.is_empty() {
        Field::Empty
    } else {
        Field::Text(s.to_string())
    }
}

fn ot(s: &Option<String>) -> Field {
    s.as_deref().map(t).unwrap_or(Field::Empty)
}

fn oi<T: Into<i64> + Copy>(v: Option<T>) -> Field {
    v.map(|x| Field::Int(x.into())).unwrap_or(Field::Empty)
}

fn od(d: Option<Date>) -> Field {
    d.map(Field::Date).unwrap_or(Field::Empty)
}

fn list(v: &[String]) -> Field {
    t(&v.join("; "))
}

fn dates(v: &[Date]) -> Field {
    t(&v.iter().map(Date::to_string).collect::<Vec<_>>().join("; "))
}

fn kalla(p: &Provenance) -> Field {
    if p.fil.is_empty() { Field::Empty } else { t(&p.short()) }
}

fn extra_rows(out: &mut Vec<Vec<Field>>, id: &str, e: &Extra) {
    for (k, v) in &e.0 {
        out.push(vec![t(id), t(k), t(v)]);
    }
}

/// Every entity of the output as flat tables, in the order they are written.
pub fn flatten(out: &Output) -> Vec<FlatTable> {
    let mut docs = Vec::new();
    let mut risks = Vec::new();
    let mut controls = Vec::new();
    let mut follows = Vec::new();
    let mut extra = Vec::new();
    for d in &out.dokument {
        docs.push(vec![
            t(&d.dokument_id),
            t(&d.kalla_fil),
            ot(&d.kalla_blad),
            d.kalla_format.map(|f| t(f.as_str())).unwrap_or(Field::Empty),
            ot(&d.titel),
            ot(&d.kommun),
            ot(&d.namnd),
            ot(&d.forvaltning),
            oi(d.ar),
            t(d.typ.as_str()),
            d.period.map(|p| t(p.as_str())).unwrap_or(Field::Empty),
            od(d.datum),
            ot(&d.diarienummer),
            ot(&d.anteckningar),
            kalla(&d.kalla),
        ]);
        extra_rows(&mut extra, &d.dokument_id, &d.extra);
        for r in &d.risker {
            risks.push(vec![
                t(&r.risk_id),
                t(&r.dokument_id),
                t(&r.risk_nyckel),
                ot(&r.nummer),
                t(&r.riskomrade),
                ot(&r.riskbeskrivning),
                list(&r.kategori),
                ot(&r.process),
                oi(r.sannolikhet),
                oi(r.konsekvens),
                oi(r.riskvarde),
                ot(&r.befintliga_rutiner),
                kalla(&r.kalla),
            ]);
            extra_rows(&mut extra, &r.risk_id, &r.extra);
            for k in &r.kontroller {
                controls.push(vec![
                    t(&k.kontroll_id),
                    t(&k.risk_id),
                    t(&k.dokument_id),
                    t(k.typ.as_str()),
                    ot(&k.nummer),
                    t(&k.kontroll),
                    ot(&k.beskrivning),
                    ot(&k.metod),
                    ot(&k.frekvens),
                    list(&k.ansvarig),
                    list(&k.rapporteringsansvarig),
                    od(k.startdatum),
                    dates(&k.avstamningsdatum),
                    od(k.slutdatum),
                    ot(&k.uppfoljning_nar),
                    kalla(&k.kalla),
                ]);
                extra_rows(&mut extra, &k.kontroll_id, &k.extra);
                for u in &k.uppfoljningar {
                    follows.push(vec![
                        t(&u.uppfoljning_id),
                        t(&u.kontroll_id),
                        t(&u.dokument_id),
                        u.period.map(|p| t(p.as_str())).unwrap_or(Field::Empty),
                        oi(u.ar),
                        u.status.map(|s| t(s.as_str())).unwrap_or(Field::Empty),
                        u.kontrollbedomning
                            .map(|s| t(s.as_str()))
                            .unwrap_or(Field::Empty),
                        ot(&u.resultat),
                        ot(&u.ny_atgard),
                        ot(&u.status_kalla),
                        ot(&u.kontrollbedomning_kalla),
                        kalla(&u.kalla),
                    ]);
                    extra_rows(&mut extra, &u.uppfoljning_id, &u.extra);
                }
            }
        }
    }
    let findings = out.anmarkningar.iter().map(finding_row).collect();
    vec![
        FlatTable { file: "dokument", sheet: "Dokument", cols: DOKUMENT_COLS, rows: docs },
        FlatTable { file: "risker", sheet: "Risker", cols: RISK_COLS, rows: risks },
        FlatTable { file: "kontroller", sheet: "Kontroller", cols: KONTROLL_COLS, rows: controls },
        FlatTable { file: "uppfoljningar", sheet: "Uppföljningar", cols: UPPFOLJNING_COLS, rows: follows },
        FlatTable { file: "anmarkningar", sheet: "Anmärkningar", cols: ANMARKNING_COLS, rows: findings },
        FlatTable { file: "extra", sheet: "Extra", cols: EXTRA_COLS, rows: extra },
    ]
}

fn finding_row(f: &Finding) -> Vec<Field> {
    vec![
        t(&f.kod),
        t(f.allvarlighet.as_str()),
        t(&f.meddelande),
        ot(&f.fil),
        ot(&f.blad),
        ot(&f.cell),
        oi(f.rad),
        ot(&f.post_id),
    ]
}
