//! The normalized model of an internal-control plan (MODEL.md): plain serde types, no I/O.
//!
//! Code names are English; every serialized name is MODEL.md's Swedish key.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::normalize::date::Date;
use crate::read::Format;

/// The whole output of one run: documents and the converter's findings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Output {
    pub schema: String,
    pub dokument: Vec<Document>,
    pub anmarkningar: Vec<Finding>,
}

pub const SCHEMA: &str = "ikplan/1";

/// `plan` or `uppfoljning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocType {
    #[default]
    Plan,
    Uppfoljning,
}

impl DocType {
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Plan => "plan",
            DocType::Uppfoljning => "uppfoljning",
        }
    }
}

/// `delar` (delår, tertial) or `helar` (helår, årsbokslut).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Delar,
    Helar,
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Delar => "delar",
            Period::Helar => "helar",
        }
    }
}

/// `kontroll` (a check) or `atgard` (a decided action).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ControlType {
    #[default]
    Kontroll,
    Atgard,
}

impl ControlType {
    pub fn as_str(self) -> &'static str {
        match self {
            ControlType::Kontroll => "kontroll",
            ControlType::Atgard => "atgard",
        }
    }
}

/// The canonical follow-up statuses, serialized in their display spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    #[serde(rename = "Ej påbörjad")]
    EjPaborjad,
    #[serde(rename = "Pågående")]
    Pagaende,
    #[serde(rename = "Genomförd")]
    Genomford,
    #[serde(rename = "Ej genomförd")]
    EjGenomford,
    #[serde(rename = "Inställd")]
    Installd,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::EjPaborjad,
        Status::Pagaende,
        Status::Genomford,
        Status::EjGenomford,
        Status::Installd,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::EjPaborjad => "Ej påbörjad",
            Status::Pagaende => "Pågående",
            Status::Genomford => "Genomförd",
            Status::EjGenomford => "Ej genomförd",
            Status::Installd => "Inställd",
        }
    }
}

/// The canonical control assessments, serialized in their display spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Assessment {
    #[serde(rename = "Inga brister")]
    IngaBrister,
    #[serde(rename = "Mindre brister")]
    MindreBrister,
    #[serde(rename = "Väsentliga brister")]
    VasentligaBrister,
    #[serde(rename = "Allvarliga brister")]
    AllvarligaBrister,
    #[serde(rename = "Ingen bedömning gjord")]
    IngenBedomning,
}

impl Assessment {
    pub const ALL: [Assessment; 5] = [
        Assessment::IngaBrister,
        Assessment::MindreBrister,
        Assessment::VasentligaBrister,
        Assessment::AllvarligaBrister,
        Assessment::IngenBedomning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Assessment::IngaBrister => "Inga brister",
            Assessment::MindreBrister => "Mindre brister",
            Assessment::VasentligaBrister => "Väsentliga brister",
            Assessment::AllvarligaBrister => "Allvarliga brister",
            Assessment::IngenBedomning => "Ingen bedömning gjord",
        }
    }
}

/// Finding severity.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Fel,
    Varning,
    #[default]
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Fel => "fel",
            Severity::Varning => "varning",
            Severity::Info => "info",
        }
    }
}

/// Text shared by records rather than copied: ids (`risk_id`, `kontroll_id`,
/// `uppfoljning_id` and the parents' ids a record carries) and a provenance's file and
/// rows. The empty text holds nothing (`None`, not an empty `Arc<str>`), so records made
/// with `..Default::default()` share no reference count.
#[derive(Clone, Default)]
pub struct Shared(Option<Arc<str>>);

impl Shared {
    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }
}

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Self {
        Shared((!s.is_empty()).then(|| Arc::from(s)))
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Self {
        Shared((!s.is_empty()).then(|| Arc::from(s)))
    }
}

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Shared {}

impl std::hash::Hash for Shared {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Shared::from(String::deserialize(d)?))
    }
}

/// Where a record came from: file, sheet, and the rows (lines) it spans. Shared text: a
/// row's provenance is the same for its risk, every control and every follow-up, and
/// its file and sheet for every row of a document (cloned, not copied).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub fil: Shared,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blad: Option<Arc<str>>,
    /// "12" or "12–14": source lines (text, CSV, docx) or sheet rows (workbooks).
    pub rader: Shared,
    /// The A1 range on a workbook sheet, e.g. "A5:H7".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub omrade: Option<Arc<str>>,
}

impl Provenance {
    /// The one-cell form used in CSV and the workbook: "Blad1!A5:H7" or "rad 12–14".
    pub fn short(&self) -> String {
        self.short_parts().concat()
    }

    /// [`Provenance::short`] in the pieces it is joined from (empty pieces at the end).
    pub fn short_parts(&self) -> [&str; 3] {
        match (&self.blad, &self.omrade) {
            (Some(b), Some(o)) => [b, "!", o],
            (None, Some(o)) => [o, "", ""],
            (Some(b), None) => [b, " rad ", &self.rader],
            (None, None) => ["rad ", &self.rader, ""],
        }
    }
}

/// Cells that map to no field, as `{header: value}` in source order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra(pub Vec<(String, String)>);

impl Extra {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn push(&mut self, header: &str, value: &str) {
        if let Some((_, v)) = self.0.iter_mut().find(|(h, _)| h == header) {
            v.push('\n');
            v.push_str(value);
        } else {
            self.0.push((header.to_string(), value.to_string()));
        }
    }
}

impl Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Extra;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of strings")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Extra, A::Error> {
                let mut v = Vec::new();
                while let Some((k, val)) = a.next_entry::<String, String>()? {
                    v.push((k, val));
                }
                Ok(Extra(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// A document: one plan or one follow-up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub dokument_id: String,
    pub kalla_fil: String,
    pub kalla_blad: Option<String>,
    pub kalla_format: Option<Format>,
    pub titel: Option<String>,
    pub kommun: Option<String>,
    pub namnd: Option<String>,
    pub forvaltning: Option<String>,
    pub ar: Option<i32>,
    pub typ: DocType,
    pub period: Option<Period>,
    pub datum: Option<Date>,
    pub diarienummer: Option<String>,
    pub anteckningar: Option<String>,
    #[serde(default)]
    pub extra: Extra,
    #[serde(default)]
    pub kalla: Provenance,
    #[serde(default)]
    pub risker: Vec<Risk>,
    /// The model fields that had a column in this document's tables, with the (0-based)
    /// column index of the first such column: what the rules need to know of the layout
    /// ("the layout has a riskvärde column"). Not serialized.
    #[serde(skip)]
    pub kolumner: Vec<(String, usize)>,
}

/// A risk of a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Risk {
    pub risk_id: Shared,
    pub dokument_id: Shared,
    pub risk_nyckel: String,
    /// The risk followed across the documents and years of its nämnd (see `link`).
    #[serde(default)]
    pub risk_serie: String,
    pub nummer: Option<String>,
    pub riskomrade: String,
    pub riskbeskrivning: Option<String>,
    #[serde(default)]
    pub kategori: Vec<String>,
    pub process: Option<String>,
    pub sannolikhet: Option<i64>,
    pub konsekvens: Option<i64>,
    pub riskvarde: Option<i64>,
    pub befintliga_rutiner: Option<String>,
    #[serde(default)]
    pub extra: Extra,
    #[serde(default)]
    pub kalla: Provenance,
    #[serde(default)]
    pub kontroller: Vec<Control>,
}

/// A control or action against a risk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Control {
    pub kontroll_id: Shared,
    pub risk_id: Shared,
    pub dokument_id: Shared,
    /// The control followed across the documents and years of its nämnd (see `link`).
    #[serde(default)]
    pub kontroll_nyckel: String,
    /// For a follow-up's control: the control it follows up in the plan of the same nämnd
    /// and year, when that plan is in the run.
    #[serde(default)]
    pub plan_kontroll_id: Option<String>,
    pub typ: ControlType,
    pub nummer: Option<String>,
    pub kontroll: String,
    pub beskrivning: Option<String>,
    pub metod: Option<String>,
    pub frekvens: Option<String>,
    #[serde(default)]
    pub ansvarig: Vec<String>,
    #[serde(default)]
    pub rapporteringsansvarig: Vec<String>,
    pub startdatum: Option<Date>,
    #[serde(default)]
    pub avstamningsdatum: Vec<Date>,
    pub slutdatum: Option<Date>,
    pub uppfoljning_nar: Option<String>,
    #[serde(default)]
    pub extra: Extra,
    #[serde(default)]
    pub kalla: Provenance,
    #[serde(default)]
    pub uppfoljningar: Vec<FollowUp>,
}

/// The follow-up of a control for one period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub uppfoljning_id: Shared,
    pub kontroll_id: Shared,
    pub dokument_id: Shared,
    pub period: Option<Period>,
    pub ar: Option<i32>,
    pub status: Option<Status>,
    pub kontrollbedomning: Option<Assessment>,
    pub resultat: Option<String>,
    pub ny_atgard: Option<String>,
    pub status_kalla: Option<String>,
    pub kontrollbedomning_kalla: Option<String>,
    #[serde(default)]
    pub extra: Extra,
    #[serde(default)]
    pub kalla: Provenance,
}

/// A finding of the converter (a rule that fired).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kod: String,
    pub allvarlighet: Severity,
    pub meddelande: String,
    pub fil: Option<String>,
    pub blad: Option<String>,
    pub cell: Option<String>,
    pub rad: Option<u32>,
    pub post_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The empty text and a made one read, compare, hash and serialize as their text, so
    /// that a map keyed by ids is looked up by `&str` and JSON holds plain strings.
    #[test]
    fn shared_text_behaves_as_its_text() {
        let empty = Shared::default();
        assert_eq!(empty.as_str(), "");
        assert_eq!(empty, Shared::from(""));
        assert_eq!(empty, Shared::from(String::new()));
        let id = Shared::from("doc:R1");
        assert_eq!(&*id, "doc:R1");
        assert_eq!(id, Shared::from("doc:R1".to_string()));
        assert_ne!(id, empty);
        assert_eq!(id.to_string(), "doc:R1");
        assert_eq!(format!("{id:?}"), "\"doc:R1\"");

        let mut names = std::collections::HashMap::new();
        names.insert(id.clone(), 1);
        names.insert(empty.clone(), 2);
        assert_eq!(names.get("doc:R1"), Some(&1));
        assert_eq!(names.get(""), Some(&2));

        assert_eq!(serde_json::to_string(&id).unwrap(), "\"doc:R1\"");
        assert_eq!(serde_json::to_string(&empty).unwrap(), "\"\"");
        let back: Shared = serde_json::from_str("\"doc:R1:K2\"").unwrap();
        assert_eq!(&*back, "doc:R1:K2");
        let back: Shared = serde_json::from_str("\"\"").unwrap();
        assert_eq!(back, empty);
        assert!(serde_json::from_str::<Shared>("3").is_err());
    }
}
