//! Status, assessment and period vocabularies, kept as data a user can extend.
//!
//! A source label is compared after its icons, case and surrounding punctuation are
//! removed; user words (ikplan.toml) are tried before the built-in ones.

use crate::model::{Assessment, Period, Status};
use crate::normalize::text::strip_icons;

/// Built-in status words (compared lowercased, icons stripped).
pub const STATUS_WORDS: &[(&str, Status)] = &[
    ("ej påbörjad", Status::EjPaborjad),
    ("ej påbörjat", Status::EjPaborjad),
    ("inte påbörjad", Status::EjPaborjad),
    ("inte påbörjat", Status::EjPaborjad),
    ("ej startad", Status::EjPaborjad),
    ("ej startat", Status::EjPaborjad),
    ("inte startad", Status::EjPaborjad),
    ("ej inledd", Status::EjPaborjad),
    ("ej påbörjade", Status::EjPaborjad),
    ("pågående", Status::Pagaende),
    ("pågår", Status::Pagaende),
    ("påbörjad", Status::Pagaende),
    ("påbörjat", Status::Pagaende),
    ("startad", Status::Pagaende),
    ("under arbete", Status::Pagaende),
    ("delvis genomförd", Status::Pagaende),
    ("delvis genomfört", Status::Pagaende),
    ("pågående arbete", Status::Pagaende),
    ("genomförd", Status::Genomford),
    ("genomfört", Status::Genomford),
    ("genomförda", Status::Genomford),
    ("klar", Status::Genomford),
    ("klart", Status::Genomford),
    ("utförd", Status::Genomford),
    ("utfört", Status::Genomford),
    ("avslutad", Status::Genomford),
    ("avslutat", Status::Genomford),
    ("färdig", Status::Genomford),
    ("slutförd", Status::Genomford),
    ("slutfört", Status::Genomford),
    ("ja", Status::Genomford),
    ("ej genomförd", Status::EjGenomford),
    ("ej genomfört", Status::EjGenomford),
    ("inte genomförd", Status::EjGenomford),
    ("inte genomfört", Status::EjGenomford),
    ("ej utförd", Status::EjGenomford),
    ("ej utfört", Status::EjGenomford),
    ("nej", Status::EjGenomford),
    ("inställd", Status::Installd),
    ("inställt", Status::Installd),
    ("struken", Status::Installd),
    ("utgår", Status::Installd),
    ("avbruten", Status::Installd),
    ("avbrutet", Status::Installd),
];

/// Built-in assessment words (compared lowercased, icons stripped).
pub const ASSESSMENT_WORDS: &[(&str, Assessment)] = &[
    ("inga brister", Assessment::IngaBrister),
    ("inga avvikelser", Assessment::IngaBrister),
    ("utan anmärkning", Assessment::IngaBrister),
    ("ok", Assessment::IngaBrister),
    ("godkänd", Assessment::IngaBrister),
    ("grön", Assessment::IngaBrister),
    ("mindre brister", Assessment::MindreBrister),
    ("mindre brist", Assessment::MindreBrister),
    ("mindre avvikelser", Assessment::MindreBrister),
    ("smärre brister", Assessment::MindreBrister),
    ("gul", Assessment::MindreBrister),
    ("väsentliga brister", Assessment::VasentligaBrister),
    ("väsentlig brist", Assessment::VasentligaBrister),
    ("betydande brister", Assessment::VasentligaBrister),
    ("brister", Assessment::VasentligaBrister),
    ("röd", Assessment::VasentligaBrister),
    ("allvarliga brister", Assessment::AllvarligaBrister),
    ("allvarlig brist", Assessment::AllvarligaBrister),
    ("stora brister", Assessment::AllvarligaBrister),
    ("kritiska brister", Assessment::AllvarligaBrister),
    ("ingen bedömning gjord", Assessment::IngenBedomning),
    ("ingen bedömning", Assessment::IngenBedomning),
    ("ej bedömd", Assessment::IngenBedomning),
    ("ej bedömt", Assessment::IngenBedomning),
    ("inte bedömd", Assessment::IngenBedomning),
];

/// The words that map onto each canonical value. `Vocab::default()` holds no user words;
/// the built-in lists above always apply after them.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    pub status: Vec<(String, Status)>,
    pub assessment: Vec<(String, Assessment)>,
}

/// A label as compared: icons removed, lowercase, white space folded, surrounding
/// punctuation trimmed.
pub fn label_key(label: &str) -> String {
    strip_icons(label)
        .to_lowercase()
        .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .to_string()
}

fn lookup<T: Copy>(key: &str, user: &[(String, T)], builtin: &[(&str, T)]) -> Option<T> {
    if key.is_empty() {
        return None;
    }
    user.iter()
        .find(|(w, _)| label_key(w) == key)
        .map(|(_, v)| *v)
        .or_else(|| builtin.iter().find(|(w, _)| *w == key).map(|(_, v)| *v))
}

impl Vocab {
    /// The canonical status of a source label ("✔ Genomförd", " Pågående", "Klar", "Pågår",
    /// "Påbörjad", "Utförd", "Ej startad"), icons and case ignored. A label that starts with
    /// a known status followed by a comment ("Genomförd, se kommentar") maps to it too.
    /// `None` when the label maps to nothing (or is empty).
    pub fn status(&self, label: &str) -> Option<Status> {
        let key = label_key(label);
        lookup(&key, &self.status, STATUS_WORDS).or_else(|| {
            let head = key.split([',', '.', ';', '(', ':', '-']).next()?.trim();
            (head != key).then(|| lookup(head, &self.status, STATUS_WORDS))?
        })
    }

    /// The canonical assessment of a source label ("◆ Mindre brister", "Inga brister",
    /// "Inga avvikelser", "Brister", "Ej bedömd"). `None` when it maps to nothing.
    pub fn assessment(&self, label: &str) -> Option<Assessment> {
        let key = label_key(label);
        lookup(&key, &self.assessment, ASSESSMENT_WORDS).or_else(|| {
            let head = key.split([',', '.', ';', '(', ':', '-']).next()?.trim();
            (head != key).then(|| lookup(head, &self.assessment, ASSESSMENT_WORDS))?
        })
    }

    pub fn extend_status(&mut self, word: &str, status: Status) {
        self.status.push((word.to_string(), status));
    }

    pub fn extend_assessment(&mut self, word: &str, a: Assessment) {
        self.assessment.push((word.to_string(), a));
    }
}

/// Words naming the interim follow-up.
const DELAR: &[&str] = &[
    "delår",
    "delåret",
    "delårs",
    "delårsrapport",
    "delårsrapporten",
    "delårsbokslut",
    "delårsbokslutet",
    "delårsuppföljning",
    "delårsuppföljningen",
    "tertial",
    "tertialrapport",
    "tertialuppföljning",
    "vårbokslut",
    "vårbokslutet",
    "halvår",
    "halvårsuppföljning",
];

/// Words naming the year-end follow-up.
const HELAR: &[&str] = &[
    "helår",
    "helåret",
    "helårs",
    "helårsuppföljning",
    "helårsuppföljningen",
    "årsbokslut",
    "årsbokslutet",
    "bokslut",
    "bokslutet",
    "årsredovisning",
    "årsredovisningen",
    "årsskifte",
    "årsskiftet",
    "verksamhetsberättelse",
    "verksamhetsberättelsen",
];

/// The follow-up period a text names: delår, delårsrapport, delårsbokslut, tertial,
/// vårbokslut → `Delar`; helår, årsbokslut, bokslut, årsredovisning, årsskifte, "inför
/// årsbokslutet", helårsuppföljning → `Helar`. `None` when neither, or when the text names
/// both ("Delår och helår").
pub fn period_in(text: &str) -> Option<Period> {
    let lower = text.to_lowercase();
    let mut found: Option<Period> = None;
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        let p = if DELAR.contains(&word) {
            Period::Delar
        } else if HELAR.contains(&word) {
            Period::Helar
        } else {
            continue;
        };
        match found {
            Some(q) if q != p => return None,
            _ => found = Some(p),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_with_icons_case_and_synonyms() {
        let v = Vocab::default();
        assert_eq!(v.status("✔ Genomförd"), Some(Status::Genomford));
        assert_eq!(v.status(" Pågående"), Some(Status::Pagaende));
        assert_eq!(v.status("▶ Pågående"), Some(Status::Pagaende));
        assert_eq!(v.status("Klar"), Some(Status::Genomford));
        assert_eq!(v.status("KLART."), Some(Status::Genomford));
        assert_eq!(v.status("Pågår"), Some(Status::Pagaende));
        assert_eq!(v.status("Ej startad"), Some(Status::EjPaborjad));
        assert_eq!(v.status("Utförd"), Some(Status::Genomford));
        assert_eq!(v.status("Inställd"), Some(Status::Installd));
        assert_eq!(v.status("Genomförd, se kommentar"), Some(Status::Genomford));
        assert_eq!(v.status("Ej genomförd"), Some(Status::EjGenomford));
    }

    #[test]
    fn unknown_and_empty_statuses_map_to_nothing() {
        let v = Vocab::default();
        assert_eq!(v.status(""), None);
        assert_eq!(v.status("✔"), None);
        assert_eq!(v.status("grön"), None, "traffic lights are not statuses");
        assert_eq!(v.status("Se bilaga 3"), None);
    }

    #[test]
    fn assessments() {
        let v = Vocab::default();
        assert_eq!(
            v.assessment("◆ Mindre brister"),
            Some(Assessment::MindreBrister)
        );
        assert_eq!(v.assessment(" Inga brister"), Some(Assessment::IngaBrister));
        assert_eq!(
            v.assessment("Ingen bedömning gjord"),
            Some(Assessment::IngenBedomning)
        );
        assert_eq!(
            v.assessment("Inga avvikelser"),
            Some(Assessment::IngaBrister)
        );
        assert_eq!(v.assessment("röd"), Some(Assessment::VasentligaBrister));
        assert_eq!(v.assessment("Oklart"), None);
    }

    #[test]
    fn user_words_come_first() {
        let mut v = Vocab::default();
        v.extend_status("Grön bock", Status::Genomford);
        v.extend_assessment("Brister", Assessment::MindreBrister);
        assert_eq!(v.status("grön bock"), Some(Status::Genomford));
        assert_eq!(v.assessment("brister"), Some(Assessment::MindreBrister));
    }

    #[test]
    fn periods() {
        assert_eq!(
            period_in("Uppföljning inför årsbokslutet"),
            Some(Period::Helar)
        );
        assert_eq!(period_in("per delårsrapport 2022"), Some(Period::Delar));
        assert_eq!(period_in("Kommentar per delår 2022"), Some(Period::Delar));
        assert_eq!(period_in("Helår:"), Some(Period::Helar));
        assert_eq!(period_in("Delår och helår"), None);
        assert_eq!(period_in("Internkontrollplan 2019"), None);
        assert_eq!(period_in("Tertial 2"), Some(Period::Delar));
    }
}
