//! The documentation of every rule, in Swedish for `ikplan regler`: what it checks, why it
//! matters for internal control, an example that triggers it, and how to fix it. Each family
//! file holds the documentation of its codes beside the code that reports them.

use super::{REGISTRY, Rule, cells, dates, references, responsibility, risk, structure, years};

/// The documentation of one rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    pub code: &'static str,
    /// Vad regeln kontrollerar.
    pub vad: &'static str,
    /// Varför det spelar roll för den interna kontrollen.
    pub varfor: &'static str,
    /// Ett exempel som utlöser regeln.
    pub exempel: &'static str,
    /// Så åtgärdar man det.
    pub atgard: &'static str,
}

/// Every family's documentation, in code order.
pub fn all() -> impl Iterator<Item = &'static RuleDoc> {
    [
        structure::DOCS,
        risk::DOCS,
        dates::DOCS,
        responsibility::DOCS,
        references::DOCS,
        cells::DOCS,
        years::DOCS,
    ]
    .into_iter()
    .flatten()
}

/// The documentation of a code.
pub fn doc(code: &str) -> Option<&'static RuleDoc> {
    all().find(|d| d.code == code)
}

/// The family heading of a code ("IK3xx Datum").
pub fn family(code: &str) -> &'static str {
    match code.get(..3) {
        Some("IK1") => "IK1xx Struktur: hur tabellen lästes",
        Some("IK2") => "IK2xx Riskvärden",
        Some("IK3") => "IK3xx Datum",
        Some("IK4") => "IK4xx Ansvar och ordlistor",
        Some("IK5") => "IK5xx Hänvisningar",
        Some("IK6") => "IK6xx Celler",
        Some("IK7") => "IK7xx År och dokument: planer, uppföljningar och förra året",
        _ => "Övrigt",
    }
}

/// The registered rules with their documentation, in registry order.
pub fn documented() -> impl Iterator<Item = (&'static Rule, Option<&'static RuleDoc>)> {
    REGISTRY.iter().map(|r| (r, doc(r.code)))
}
