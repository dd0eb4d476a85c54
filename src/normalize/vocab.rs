//! Status, assessment and period vocabularies, kept as data a user can extend.

use crate::model::{Assessment, Period, Status};

/// The words that map onto each canonical value. `Vocab::default()` holds the built-in
/// vocabulary; `extend_*` adds a user's words (from ikplan.toml).
#[derive(Debug, Clone)]
pub struct Vocab {
    pub status: Vec<(String, Status)>,
    pub assessment: Vec<(String, Assessment)>,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab { status: Vec::new(), assessment: Vec::new() }
    }
}

impl Vocab {
    /// The canonical status of a source label ("✔ Genomförd", " Pågående", "Klar", "Pågår",
    /// "Påbörjad", "Utförd", "Ej startad", "grön"…), icons and case ignored. `None` when
    /// the label maps to nothing (or is empty).
    pub fn status(&self, label: &str) -> Option<Status> {
        let _ = label;
        None
    }

    /// The canonical assessment of a source label ("◆ Mindre brister", "Inga brister",
    /// "Inga avvikelser", "Brister", "Ej bedömd"…). `None` when it maps to nothing.
    pub fn assessment(&self, label: &str) -> Option<Assessment> {
        let _ = label;
        None
    }

    pub fn extend_status(&mut self, word: &str, status: Status) {
        self.status.push((word.to_string(), status));
    }

    pub fn extend_assessment(&mut self, word: &str, a: Assessment) {
        self.assessment.push((word.to_string(), a));
    }
}

/// The follow-up period a text names: delår, delårsrapport, delårsbokslut, tertial,
/// "per augusti", vårbokslut → `Delar`; helår, årsbokslut, bokslut, årsredovisning,
/// årsskifte, "inför årsbokslutet", helårsuppföljning → `Helar`. `None` when neither.
pub fn period_in(text: &str) -> Option<Period> {
    let _ = text;
    None
}
