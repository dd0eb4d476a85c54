//! The words plans write on their risk scales ("Möjlig", "Kännbar", "Hög"): which step of
//! which scale each word is, as data.
//!
//! Swedish municipalities mostly grade sannolikhet and konsekvens on four or five steps
//! (SKR's and the common kommun templates: Osannolik, Mindre sannolik, Möjlig, Sannolik,
//! (Mycket sannolik); Försumbar, Lindrig, Kännbar, Allvarlig, (Mycket allvarlig)), some on
//! other words (Mycket liten … Mycket stor; Mindre, Måttlig, Betydande, Katastrofal) or on
//! levels (Låg, Medel, Hög). The same word can be another step on another scale ("Lindrig"
//! is 2 after "Försumbar" but 1 before "Måttlig"; "Hög" is 3 of 3 or 4 of 5): a word alone
//! is read only when every scale that has it agrees, or on the scale a column was found to
//! use ([`scale_of`]). A level of the risk value ("Hög") is never a number.

/// The risk number a cell is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScaleField {
    Sannolikhet,
    Konsekvens,
    Riskvarde,
}

/// One graded scale: step n (from 1) is `steps[n - 1]`, each the spellings of one step
/// (lowercase, the neuter "-t" form is read too).
#[derive(Debug)]
pub struct Scale {
    pub name: &'static str,
    /// The fields that are graded on this scale.
    pub fields: &'static [ScaleField],
    pub steps: &'static [&'static [&'static str]],
}

const S: &[ScaleField] = &[ScaleField::Sannolikhet];
const K: &[ScaleField] = &[ScaleField::Konsekvens];
const SK: &[ScaleField] = &[ScaleField::Sannolikhet, ScaleField::Konsekvens];

/// The known scales, smallest first.
pub static SCALES: &[Scale] = &[
    Scale {
        name: "sannolikhet 4 (osannolik–sannolik)",
        fields: S,
        steps: &[
            &["osannolik", "mycket osannolik"],
            &["mindre sannolik", "mindre osannolik"],
            &["möjlig"],
            &["sannolik", "trolig"],
        ],
    },
    Scale {
        name: "sannolikhet 5 (osannolik–mycket sannolik)",
        fields: S,
        steps: &[
            &["osannolik", "mycket osannolik"],
            &["mindre sannolik", "mindre osannolik"],
            &["möjlig"],
            &["sannolik", "trolig"],
            &["mycket sannolik", "mycket trolig", "säker", "nästan säker"],
        ],
    },
    Scale {
        name: "sannolikhet 4 (mycket liten–mycket stor)",
        fields: S,
        steps: &[&["mycket liten"], &["liten"], &["stor"], &["mycket stor"]],
    },
    Scale {
        name: "konsekvens 4 (försumbar–allvarlig)",
        fields: K,
        steps: &[&["försumbar"], &["lindrig"], &["kännbar"], &["allvarlig"]],
    },
    Scale {
        name: "konsekvens 4 (lindrig–allvarlig)",
        fields: K,
        steps: &[&["lindrig"], &["måttlig"], &["kännbar"], &["allvarlig"]],
    },
    Scale {
        name: "konsekvens 5 (försumbar–mycket allvarlig)",
        fields: K,
        steps: &[
            &["försumbar", "lindrig"],
            &["måttlig"],
            &["kännbar"],
            &["allvarlig"],
            &["mycket allvarlig"],
        ],
    },
    Scale {
        name: "konsekvens 4 (mindre–katastrofal)",
        fields: K,
        steps: &[
            &["mindre", "begränsad"],
            &["måttlig"],
            &["betydande"],
            &["katastrofal", "allvarlig/katastrofal"],
        ],
    },
    Scale {
        name: "nivå 3 (låg–hög)",
        fields: SK,
        steps: &[&["låg"], &["medel", "medelhög"], &["hög"]],
    },
    Scale {
        name: "nivå 4 (låg–mycket hög)",
        fields: SK,
        steps: &[&["låg"], &["medel", "medelhög"], &["hög"], &["mycket hög"]],
    },
    Scale {
        name: "nivå 5 (mycket låg–mycket hög)",
        fields: SK,
        steps: &[
            &["mycket låg"],
            &["låg"],
            &["medel", "medelhög"],
            &["hög"],
            &["mycket hög"],
        ],
    },
];

/// Levels of a risk value (what a riskmatris colours): words, never numbers.
pub static LEVEL_WORDS: &[&str] = &[
    "mycket låg",
    "låg",
    "medel",
    "medelhög",
    "måttlig",
    "hög",
    "mycket hög",
    "kritisk",
    "extrem",
    "acceptabel",
    "oacceptabel",
    "grön",
    "gul",
    "orange",
    "röd",
];

/// A word as the tables spell it: lowercase, single spaces, no surrounding punctuation, a
/// trailing "risk" dropped ("Hög risk" → "hög").
pub fn fold_word(s: &str) -> String {
    let t = crate::normalize::text::fold_ws(s).to_lowercase();
    let t = t.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
    let t = t.strip_suffix(" risk").unwrap_or(t);
    t.replace(" / ", "/")
}

/// The step of a folded word on one scale (also its neuter form: "möjligt", "kännbart").
fn step_on(scale: &Scale, word: &str) -> Option<i64> {
    let find = |w: &str| {
        scale
            .steps
            .iter()
            .position(|spellings| spellings.contains(&w))
            .map(|i| i as i64 + 1)
    };
    find(word).or_else(|| word.strip_suffix('t').and_then(find))
}

fn scales_for(field: ScaleField) -> impl Iterator<Item = &'static Scale> {
    SCALES.iter().filter(move |s| s.fields.contains(&field))
}

/// The step a scale word alone gives for a field: `None` when no scale of that field has
/// it, or when the scales that have it disagree ("Lindrig", "Hög"). A risk value is never
/// read from a word.
pub fn word_step(word: &str, field: ScaleField) -> Option<i64> {
    let w = fold_word(word);
    let mut steps = scales_for(field).filter_map(|s| step_on(s, &w));
    let first = steps.next()?;
    steps.all(|s| s == first).then_some(first)
}

/// The step of a word on a given scale, `None` when the scale does not have it.
pub fn word_step_on(word: &str, scale: &Scale) -> Option<i64> {
    step_on(scale, &fold_word(word))
}

/// Whether a text is a word of some scale or a risk level ("Sannolik", "Kännbar", "Hög").
pub fn is_scale_word(word: &str) -> bool {
    let w = fold_word(word);
    let level = |w: &str| LEVEL_WORDS.contains(&w);
    level(&w)
        || w.strip_suffix('t').is_some_and(level)
        || SCALES.iter().any(|s| step_on(s, &w).is_some())
}

/// The scale a column of one field is written on, from its words (other texts, numbers
/// among them, are ignored): the smallest scale that has every word, when no other scale
/// that has them all reads one of them as another step. `None` when no word is known or the
/// words do not tell the scales apart. Different words are taken to be different steps.
pub fn scale_of<'a>(
    values: impl IntoIterator<Item = &'a str>,
    field: ScaleField,
) -> Option<&'static Scale> {
    let words: Vec<String> = values
        .into_iter()
        .map(fold_word)
        .filter(|w| scales_for(field).any(|s| step_on(s, w).is_some()))
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut distinct: Vec<&String> = words.iter().collect();
    distinct.sort();
    distinct.dedup();
    // A scale fits when it has every word, each different word on its own step (a column
    // that writes both "Försumbar" and "Lindrig" does not use them as one step).
    let fits_all = |s: &&Scale| {
        let mut steps: Vec<i64> = Vec::with_capacity(distinct.len());
        for w in &distinct {
            match step_on(s, w) {
                Some(n) if !steps.contains(&n) => steps.push(n),
                _ => return false,
            }
        }
        true
    };
    let mut fits = scales_for(field).filter(fits_all);
    let first = fits.next()?;
    fits.all(|other| words.iter().all(|w| step_on(other, w) == step_on(first, w)))
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ScaleField::*;

    #[test]
    fn words_every_scale_agrees_on() {
        assert_eq!(word_step("Osannolik", Sannolikhet), Some(1));
        assert_eq!(word_step("Mindre sannolik", Sannolikhet), Some(2));
        assert_eq!(word_step("Möjlig", Sannolikhet), Some(3));
        assert_eq!(word_step("möjligt", Sannolikhet), Some(3));
        assert_eq!(word_step("Sannolik", Sannolikhet), Some(4));
        assert_eq!(word_step("Mycket sannolik", Sannolikhet), Some(5));
        assert_eq!(word_step("Liten", Sannolikhet), Some(2));
        assert_eq!(word_step("Försumbar", Konsekvens), Some(1));
        assert_eq!(word_step("Måttlig", Konsekvens), Some(2));
        assert_eq!(word_step("Kännbar", Konsekvens), Some(3));
        assert_eq!(word_step("KÄNNBART", Konsekvens), Some(3));
        assert_eq!(word_step("Allvarlig", Konsekvens), Some(4));
        assert_eq!(word_step("Mycket allvarlig", Konsekvens), Some(5));
        assert_eq!(word_step("Mycket låg", Konsekvens), Some(1));
    }

    #[test]
    fn words_the_scales_disagree_on_or_do_not_have() {
        assert_eq!(word_step("Lindrig", Konsekvens), None);
        assert_eq!(word_step("Hög", Sannolikhet), None);
        assert_eq!(word_step("Medel", Konsekvens), None);
        assert_eq!(word_step("Kännbar", Sannolikhet), None);
        assert_eq!(word_step("Sannolik", Konsekvens), None);
        assert_eq!(word_step("Möjlig", Riskvarde), None);
        assert_eq!(word_step("Hög", Riskvarde), None);
        assert_eq!(word_step("Ekonomi", Sannolikhet), None);
    }

    #[test]
    fn a_column_tells_its_scale() {
        let s = scale_of(["Lindrig", "Måttlig", "Kännbar"], Konsekvens).expect("scale");
        assert_eq!(word_step_on("Lindrig", s), Some(1));
        let s = scale_of(["Försumbar", "Lindrig", "3"], Konsekvens).expect("scale");
        assert_eq!(word_step_on("Lindrig", s), Some(2));
        let s = scale_of(["Mycket låg", "Hög"], Sannolikhet).expect("scale");
        assert_eq!(word_step_on("Hög", s), Some(4));
        let s = scale_of(["Möjlig", "Sannolik"], Sannolikhet).expect("scale");
        assert_eq!(word_step_on("Sannolik", s), Some(4));
        assert!(scale_of(["Hög", "Låg"], Sannolikhet).is_none());
        assert!(scale_of(["Lindrig"], Konsekvens).is_none());
        assert!(scale_of(["12", "x"], Konsekvens).is_none());
        assert!(scale_of(["Möjlig"], Riskvarde).is_none());
    }

    #[test]
    fn scale_and_level_words() {
        assert!(is_scale_word("Hög"));
        assert!(is_scale_word("Hög risk"));
        assert!(is_scale_word("Mycket sannolikt"));
        assert!(is_scale_word("röd"));
        assert!(!is_scale_word("Ekonomi"));
        assert!(!is_scale_word("se bilaga"));
    }
}
