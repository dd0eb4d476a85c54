//! The model as flat tables, one per entity: what CSV and the workbook both write.

pub use crate::field::{
    ANMARKNING_COLS, Col, DOKUMENT_COLS, EXTRA_COLS, KOD_COLS, KONTROLL_AVSTAMNING_COLS,
    KONTROLL_COLS, KONTROLL_PERSON_COLS, Kind, RISK_COLS, RISK_KATEGORI_COLS, SHOWN_COLS,
    UPPFOLJNING_COLS, Vocab,
};
use std::borrow::Cow;

use crate::model::{Control, Document, Extra, Finding, FollowUp, Output, Provenance, Risk};
use crate::normalize::date::Date;

/// One value of a flat table.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Field<'a> {
    #[default]
    Empty,
    /// Borrowed from the model where the text is the model's own; owned where it is made
    /// (lists, dates, provenance), so flattening copies no text.
    Text(Cow<'a, str>),
    Int(i64),
    Date(Date),
    /// A record's provenance in its one-cell form ([`Provenance::short`]): made as it is
    /// written, so a CSV row makes no string for it.
    Kalla(&'a Provenance),
}

impl Field<'_> {
    /// The value as CSV text.
    pub fn as_text(&self) -> String {
        match self {
            Field::Empty => String::new(),
            Field::Text(s) => s.to_string(),
            Field::Int(i) => i.to_string(),
            Field::Date(d) => d.to_string(),
            Field::Kalla(p) => p.short(),
        }
    }

    /// The text of a text value (`Text` or `Kalla`), borrowed where it is held.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Field::Text(s) => Some(Cow::Borrowed(s)),
            Field::Kalla(p) => Some(Cow::Owned(p.short())),
            _ => None,
        }
    }

    /// The length of [`Field::as_text`] in characters, without building the text.
    pub fn char_len(&self) -> usize {
        match self {
            Field::Empty => 0,
            Field::Text(s) => s.chars().count(),
            Field::Int(i) => i.to_string().len(),
            Field::Date(d) => d.to_string().chars().count(),
            Field::Kalla(p) => p.short_parts().iter().map(|s| s.chars().count()).sum(),
        }
    }
}

/// A flat table of one entity.
#[derive(Debug, Clone)]
pub struct FlatTable<'a> {
    /// File stem for CSV ("risker") and sheet name for the workbook ("Risker").
    pub file: &'static str,
    pub sheet: &'static str,
    pub cols: &'static [Col],
    pub rows: Vec<Vec<Field<'a>>>,
}

impl FlatTable<'_> {
    /// The index of the column with this key.
    pub fn col(&self, key: &str) -> Option<usize> {
        self.cols.iter().position(|c| c.key == key)
    }
}

/// A text field: borrowed from the model (`&str`) or made here (`String`); empty text is
/// an empty field.
fn t<'a>(s: impl Into<Cow<'a, str>>) -> Field<'a> {
    let s = s.into();
    if s.is_empty() {
        Field::Empty
    } else {
        Field::Text(s)
    }
}

fn ot(s: &Option<String>) -> Field<'_> {
    s.as_deref().map(t).unwrap_or(Field::Empty)
}

fn oi<T: Into<i64> + Copy>(v: Option<T>) -> Field<'static> {
    v.map(|x| Field::Int(x.into())).unwrap_or(Field::Empty)
}

fn od(d: Option<Date>) -> Field<'static> {
    d.map(Field::Date).unwrap_or(Field::Empty)
}

fn list(v: &[String]) -> Field<'_> {
    match v {
        [one] => t(one),
        _ => t(v.join("; ")),
    }
}

fn dates(v: &[Date]) -> Field<'static> {
    t(v.iter().map(Date::to_string).collect::<Vec<_>>().join("; "))
}

fn kalla(p: &Provenance) -> Field<'_> {
    // Empty as an empty text is (a provenance read back may name an empty range).
    if p.fil.is_empty() || p.short_parts().iter().all(|s| s.is_empty()) {
        Field::Empty
    } else {
        Field::Kalla(p)
    }
}

/// A document's row of [`DOKUMENT_COLS`].
pub fn doc_row(d: &Document) -> [Field<'_>; 15] {
    [
        t(&d.dokument_id),
        t(&d.kalla_fil),
        ot(&d.kalla_blad),
        d.kalla_format
            .map(|f| t(f.as_str()))
            .unwrap_or(Field::Empty),
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
    ]
}

/// A risk's row of [`RISK_COLS`].
pub fn risk_row(r: &Risk) -> [Field<'_>; 14] {
    [
        t(&*r.risk_id),
        t(&*r.dokument_id),
        t(&r.risk_nyckel),
        t(&r.risk_serie),
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
    ]
}

/// A control's row of [`KONTROLL_COLS`].
pub fn control_row(k: &Control) -> [Field<'_>; 18] {
    [
        t(&*k.kontroll_id),
        t(&*k.risk_id),
        t(&*k.dokument_id),
        t(&k.kontroll_nyckel),
        ot(&k.plan_kontroll_id),
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
    ]
}

/// A follow-up's row of [`UPPFOLJNING_COLS`].
pub fn follow_row(u: &FollowUp) -> [Field<'_>; 12] {
    [
        t(&*u.uppfoljning_id),
        t(&*u.kontroll_id),
        t(&*u.dokument_id),
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
    ]
}

/// One entity table of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Dokument,
    Risker,
    Kontroller,
    Uppfoljningar,
    Anmarkningar,
    Extra,
    /// Bridge tables of the list fields and the code table: written in the CSV folder (and
    /// its data package) only, beside the joined columns people read.
    RiskKategorier,
    KontrollPersoner,
    KontrollAvstamningar,
    Koder,
}

impl Entity {
    /// In the order they are written.
    pub const ALL: [Entity; 6] = [
        Entity::Dokument,
        Entity::Risker,
        Entity::Kontroller,
        Entity::Uppfoljningar,
        Entity::Anmarkningar,
        Entity::Extra,
    ];

    /// The tables a BI tool loads instead of splitting lists, in the order they are written.
    pub const BRIDGES: [Entity; 4] = [
        Entity::RiskKategorier,
        Entity::KontrollPersoner,
        Entity::KontrollAvstamningar,
        Entity::Koder,
    ];

    /// The table's file stem, sheet name and columns, without rows.
    pub fn shape<'a>(self) -> FlatTable<'a> {
        let (file, sheet, cols) = match self {
            Entity::Dokument => ("dokument", "Dokument", DOKUMENT_COLS),
            Entity::Risker => ("risker", "Risker", RISK_COLS),
            Entity::Kontroller => ("kontroller", "Kontroller", KONTROLL_COLS),
            Entity::Uppfoljningar => ("uppfoljningar", "Uppföljningar", UPPFOLJNING_COLS),
            Entity::Anmarkningar => ("anmarkningar", "Anmärkningar", ANMARKNING_COLS),
            Entity::Extra => ("extra", "Extra", EXTRA_COLS),
            Entity::RiskKategorier => ("risk_kategorier", "Riskkategorier", RISK_KATEGORI_COLS),
            Entity::KontrollPersoner => (
                "kontroll_personer",
                "Kontrollpersoner",
                KONTROLL_PERSON_COLS,
            ),
            Entity::KontrollAvstamningar => (
                "kontroll_avstamningar",
                "Avstämningsdatum",
                KONTROLL_AVSTAMNING_COLS,
            ),
            Entity::Koder => ("koder", "Koder", KOD_COLS),
        };
        FlatTable {
            file,
            sheet,
            cols,
            rows: Vec::new(),
        }
    }

    /// Calls `row` with each row of the table in order, made as it is needed (so a large
    /// output can be written without holding its tables); stops at the first error. A row
    /// is made on the stack: `row` may take its fields (leaving them empty), or only read
    /// them (no allocation per row, as for CSV).
    pub fn each_row<'a, E>(
        self,
        out: &'a Output,
        mut row: impl FnMut(&mut [Field<'a>]) -> Result<(), E>,
    ) -> Result<(), E> {
        let risks = || out.dokument.iter().flat_map(|d| &d.risker);
        let controls = || risks().flat_map(|r| &r.kontroller);
        match self {
            Entity::Dokument => out.dokument.iter().try_for_each(|d| row(&mut doc_row(d))),
            Entity::Risker => risks().try_for_each(|r| row(&mut risk_row(r))),
            Entity::Kontroller => controls().try_for_each(|k| row(&mut control_row(k))),
            Entity::Uppfoljningar => controls()
                .flat_map(|k| &k.uppfoljningar)
                .try_for_each(|u| row(&mut follow_row(u))),
            Entity::Anmarkningar => out
                .anmarkningar
                .iter()
                .try_for_each(|f| row(&mut finding_row(f))),
            Entity::Extra => {
                // Each record's cells, records in the order of the model (a document's own
                // before its risks').
                let mut extra = |id: &'a str, e: &'a Extra| {
                    e.0.iter()
                        .try_for_each(|(k, v)| row(&mut [t(id), t(k.as_str()), t(v.as_str())]))
                };
                for d in &out.dokument {
                    extra(&d.dokument_id, &d.extra)?;
                    for r in &d.risker {
                        extra(&r.risk_id, &r.extra)?;
                        for k in &r.kontroller {
                            extra(&k.kontroll_id, &k.extra)?;
                            for u in &k.uppfoljningar {
                                extra(&u.uppfoljning_id, &u.extra)?;
                            }
                        }
                    }
                }
                Ok(())
            }
            Entity::RiskKategorier => risks().try_for_each(|r| {
                numbered(&r.kategori).try_for_each(|(n, k)| row(&mut [t(&*r.risk_id), n, t(k)]))
            }),
            Entity::KontrollPersoner => controls().try_for_each(|k| {
                [
                    ("ansvarig", &k.ansvarig),
                    ("rapporteringsansvarig", &k.rapporteringsansvarig),
                ]
                .into_iter()
                .try_for_each(|(role, people)| {
                    numbered(people)
                        .try_for_each(|(n, p)| row(&mut [t(&*k.kontroll_id), t(role), n, t(p)]))
                })
            }),
            Entity::KontrollAvstamningar => controls().try_for_each(|k| {
                numbered(&k.avstamningsdatum)
                    .try_for_each(|(n, d)| row(&mut [t(&*k.kontroll_id), n, Field::Date(*d)]))
            }),
            Entity::Koder => Entity::ALL
                .iter()
                .chain(&Entity::BRIDGES)
                .map(|e| e.shape())
                .flat_map(|table| table.cols.iter().map(move |c| (table.file, c)))
                .filter_map(|(file, c)| match c.kind {
                    Kind::Enum(v) => Some((format!("{file}.{}", c.key), v)),
                    _ => None,
                })
                .try_for_each(|(falt, v)| {
                    v.values().into_iter().try_for_each(|kod| {
                        row(&mut [t(falt.clone()), t(kod), t(v.code_label(kod))])
                    })
                }),
        }
    }
}

/// A list's values with their place in it (from 1), for the bridge tables.
fn numbered<T>(values: &[T]) -> impl Iterator<Item = (Field<'static>, &T)> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (Field::Int(i as i64 + 1), v))
}

/// Every entity of the output as flat tables, in the order they are written.
pub fn flatten(out: &Output) -> Vec<FlatTable<'_>> {
    Entity::ALL.iter().map(|e| e.table(out)).collect()
}

impl Entity {
    /// The entity's table of `out`, every row made.
    pub fn table(self, out: &Output) -> FlatTable<'_> {
        let mut rows = Vec::new();
        let _ = self.each_row(out, |r| -> Result<(), std::convert::Infallible> {
            rows.push(r.iter_mut().map(std::mem::take).collect());
            Ok(())
        });
        FlatTable {
            rows,
            ..self.shape()
        }
    }
}

/// Where a column of a workbook sheet comes from: the entity's row, or [`SHOWN_COLS`].
#[derive(Debug, Clone, Copy)]
enum From {
    Own(usize),
    Shown,
}

/// A workbook sheet's columns in reading order ([`crate::field::RISK_SHEET`] …) and where
/// each comes from.
struct SheetCols {
    cols: Vec<Col>,
    from: Vec<From>,
}

fn sheet_layout(e: Entity) -> &'static SheetCols {
    use std::sync::OnceLock;
    static LAYOUTS: [OnceLock<SheetCols>; 10] = [const { OnceLock::new() }; 10];
    let i = e as usize;
    LAYOUTS[i].get_or_init(|| {
        let own = e.shape().cols;
        let order: Vec<&str> = match e {
            Entity::Dokument => crate::field::DOKUMENT_SHEET.to_vec(),
            Entity::Risker => crate::field::RISK_SHEET.to_vec(),
            Entity::Kontroller => crate::field::KONTROLL_SHEET.to_vec(),
            Entity::Uppfoljningar => crate::field::UPPFOLJNING_SHEET.to_vec(),
            Entity::Anmarkningar
            | Entity::Extra
            | Entity::RiskKategorier
            | Entity::KontrollPersoner
            | Entity::KontrollAvstamningar
            | Entity::Koder => own.iter().map(|c| c.key).collect(),
        };
        let (cols, from) = order
            .iter()
            .filter_map(|k| match own.iter().position(|c| c.key == *k) {
                Some(i) => Some((own[i], From::Own(i))),
                None => SHOWN_COLS
                    .iter()
                    .find(|c| c.key == *k)
                    .map(|c| (*c, From::Shown)),
            })
            .unzip();
        SheetCols { cols, from }
    })
}

impl Entity {
    /// The columns of the entity's workbook sheet, in reading order: the entity's own and
    /// the [`SHOWN_COLS`] made for reading.
    pub fn sheet_cols(self) -> &'static [Col] {
        &sheet_layout(self).cols
    }

    /// A row of the entity's table arranged as its workbook sheet; `shown` gives the value
    /// of a [`SHOWN_COLS`] column by its key.
    pub fn sheet_row<'a>(
        self,
        row: &mut [Field<'a>],
        shown: impl Fn(&str) -> Field<'a>,
    ) -> Vec<Field<'a>> {
        let l = sheet_layout(self);
        l.cols
            .iter()
            .zip(&l.from)
            .map(|(c, f)| match f {
                From::Own(i) => row.get_mut(*i).map(std::mem::take).unwrap_or_default(),
                From::Shown => shown(c.key),
            })
            .collect()
    }

    /// The entity's workbook sheet: its table in reading order, with a risk's level (on the
    /// workbook's risk scale `scale`) and a follow-up's risk and control beside the ids.
    pub fn sheet_table(self, out: &Output, scale: i64) -> FlatTable<'_> {
        let mut rows = Vec::new();
        match self {
            Entity::Risker => {
                for r in out.dokument.iter().flat_map(|d| &d.risker) {
                    let level = super::matrix::risk_value(r)
                        .map(|v| t(super::matrix::level(v, scale).label()))
                        .unwrap_or(Field::Empty);
                    rows.push(self.sheet_row(&mut risk_row(r), |_| level.clone()));
                }
            }
            Entity::Uppfoljningar => {
                for r in out.dokument.iter().flat_map(|d| &d.risker) {
                    for k in &r.kontroller {
                        for u in &k.uppfoljningar {
                            rows.push(self.sheet_row(&mut follow_row(u), |key| match key {
                                "risk_text" => t(&r.riskomrade),
                                "kontroll_text" => t(&k.kontroll),
                                _ => Field::Empty,
                            }));
                        }
                    }
                }
            }
            _ => {
                let _ = self.each_row(out, |r| -> Result<(), std::convert::Infallible> {
                    rows.push(self.sheet_row(r, |_| Field::Empty));
                    Ok(())
                });
            }
        }
        FlatTable {
            cols: self.sheet_cols(),
            rows,
            ..self.shape()
        }
    }
}

/// One column of the wide table: a column of an entity table under a key that is unique in
/// the wide table.
#[derive(Debug, Clone, Copy)]
pub struct WideCol {
    /// The entity table it comes from ("dokument", "risker", "kontroller", "uppfoljningar").
    pub from: &'static str,
    /// The column's key in that table.
    pub src: &'static str,
    pub col: Col,
}

macro_rules! wide {
    ($($from:literal . $src:literal => $k:literal, $l:literal),* $(,)?) => {
        &[$(WideCol { from: $from, src: $src, col: Col { key: $k, label: $l, kind: Kind::Text } }),*]
    };
}

/// The columns of the wide table (`--platt`), in order. Kinds are taken from the entity
/// column each comes from (see [`platt_cols`]).
const WIDE: &[WideCol] = wide![
    "dokument"."dokument_id" => "dokument_id", "Dokument-id",
    "dokument"."titel" => "titel", "Titel",
    "dokument"."kommun" => "kommun", "Kommun",
    "dokument"."namnd" => "namnd", "Nämnd",
    "dokument"."forvaltning" => "forvaltning", "Förvaltning",
    "dokument"."ar" => "ar", "År",
    "dokument"."typ" => "dokument_typ", "Dokumenttyp",
    "dokument"."period" => "dokument_period", "Dokumentets period",
    "dokument"."datum" => "datum", "Datum",
    "risker"."risk_id" => "risk_id", "Risk-id",
    "risker"."nummer" => "risk_nr", "Risk nr",
    "risker"."riskomrade" => "riskomrade", "Riskområde",
    "risker"."riskbeskrivning" => "riskbeskrivning", "Riskbeskrivning",
    "risker"."kategori" => "kategori", "Kategori",
    "risker"."process" => "process", "Process",
    "risker"."sannolikhet" => "sannolikhet", "Sannolikhet",
    "risker"."konsekvens" => "konsekvens", "Konsekvens",
    "risker"."riskvarde" => "riskvarde", "Riskvärde",
    "kontroller"."kontroll_id" => "kontroll_id", "Kontroll-id",
    "kontroller"."typ" => "kontroll_typ", "Kontrolltyp",
    "kontroller"."nummer" => "kontroll_nr", "Kontroll nr",
    "kontroller"."kontroll" => "kontroll", "Kontroll",
    "kontroller"."metod" => "metod", "Metod",
    "kontroller"."frekvens" => "frekvens", "Frekvens",
    "kontroller"."ansvarig" => "ansvarig", "Ansvarig",
    "kontroller"."rapporteringsansvarig" => "rapporteringsansvarig", "Rapporteringsansvarig",
    "kontroller"."startdatum" => "startdatum", "Startdatum",
    "kontroller"."slutdatum" => "slutdatum", "Slutdatum",
    "uppfoljningar"."uppfoljning_id" => "uppfoljning_id", "Uppföljnings-id",
    "uppfoljningar"."period" => "uppfoljning_period", "Uppföljningsperiod",
    "uppfoljningar"."ar" => "uppfoljning_ar", "Uppföljningsår",
    "uppfoljningar"."status" => "status", "Status",
    "uppfoljningar"."kontrollbedomning" => "kontrollbedomning", "Kontrollbedömning",
    "uppfoljningar"."resultat" => "resultat", "Resultat",
    "uppfoljningar"."ny_atgard" => "ny_atgard", "Ny åtgärd",
];

fn entity_cols(file: &str) -> &'static [Col] {
    match file {
        "dokument" => DOKUMENT_COLS,
        "risker" => RISK_COLS,
        "kontroller" => KONTROLL_COLS,
        _ => UPPFOLJNING_COLS,
    }
}

/// The columns of the wide table with the kind of the entity column each comes from.
pub fn platt_cols() -> &'static [Col] {
    static COLS: std::sync::OnceLock<Vec<Col>> = std::sync::OnceLock::new();
    COLS.get_or_init(|| {
        WIDE.iter()
            .map(|w| {
                let kind = entity_cols(w.from)
                    .iter()
                    .find(|c| c.key == w.src)
                    .map(|c| c.kind)
                    .unwrap_or(Kind::Text);
                Col { kind, ..w.col }
            })
            .collect()
    })
}

/// The follow-up a wide row shows: the latest by year, then helår after delår, then the
/// last written.
pub fn latest(fus: &[FollowUp]) -> Option<&FollowUp> {
    fus.iter()
        .enumerate()
        .max_by_key(|(i, u)| (u.ar, u.period, *i))
        .map(|(_, u)| u)
}

/// The wide table for pivot tables (`--platt`): one row per control with its document, its
/// risk and its latest follow-up; a risk without controls gets one row of its own, so every
/// risk is counted.
pub fn platt<'a>(out: &'a Output) -> FlatTable<'a> {
    fn pick<'a>(from: &str, row: &[Field<'a>], src: &str) -> Field<'a> {
        entity_cols(from)
            .iter()
            .position(|c| c.key == src)
            .and_then(|i| row.get(i).cloned())
            .unwrap_or(Field::Empty)
    }
    let mut rows = Vec::new();
    for d in &out.dokument {
        let drow = doc_row(d);
        for r in &d.risker {
            let rrow = risk_row(r);
            let mut push = |k: Option<&'a Control>| {
                let krow: Vec<Field> = k.map_or_else(Vec::new, |k| control_row(k).into());
                let urow: Vec<Field> = k
                    .and_then(|k| latest(&k.uppfoljningar))
                    .map_or_else(Vec::new, |u| follow_row(u).into());
                rows.push(
                    WIDE.iter()
                        .map(|w| {
                            let row: &[Field] = match w.from {
                                "dokument" => &drow,
                                "risker" => &rrow,
                                "kontroller" => &krow,
                                _ => &urow,
                            };
                            pick(w.from, row, w.src)
                        })
                        .collect(),
                );
            };
            if r.kontroller.is_empty() {
                push(None);
            }
            for k in &r.kontroller {
                push(Some(k));
            }
        }
    }
    FlatTable {
        file: "platt",
        sheet: "Platt",
        cols: platt_cols(),
        rows,
    }
}

fn finding_row(f: &Finding) -> [Field<'_>; 8] {
    [
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A record's provenance is an empty field where its one-cell form is empty (as the
    /// text it replaced was), else that form.
    #[test]
    fn provenance_fields_are_their_short_form() {
        let p = |blad: Option<&str>, omrade: Option<&str>| Provenance {
            fil: "f.xlsx".into(),
            blad: blad.map(Into::into),
            rader: "5".into(),
            omrade: omrade.map(Into::into),
        };
        assert_eq!(kalla(&p(None, Some(""))), Field::Empty);
        assert_eq!(kalla(&Provenance::default()), Field::Empty);
        for k in [
            p(None, None),
            p(Some("Blad1"), None),
            p(None, Some("A5:H5")),
            p(Some("Blad1"), Some("A5:H5")),
        ] {
            let f = kalla(&k);
            assert!(matches!(f, Field::Kalla(_)));
            assert_eq!(f.as_text(), k.short());
            assert_eq!(f.char_len(), k.short().chars().count());
            assert_eq!(f.text().as_deref(), Some(k.short().as_str()));
        }
    }
}
