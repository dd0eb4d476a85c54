//! Person and role lists, and categories.

use std::collections::HashSet;

use crate::normalize::text::fold_ws;

/// Splits a list of persons or roles on commas, semicolons and line breaks only (never on
/// " och ", never on spaces: "Enhetschef stöd- och försörjning" is one role). Items trimmed,
/// empty items dropped, a trailing period removed.
///
/// White space inside an item is folded to one space and a leading list bullet ("- ", "• ")
/// is dropped. The trailing period of an abbreviation ("m.fl.", "bl.a.") stays.
///
/// A comma inside brackets separates nothing ("Jonas Ek (controller, Ekonomienheten)"), and
/// a lower-case item after a comma that describes the item before it stays with it: a
/// person's title ("Eva Lund, ekonomichef") or a role's unit ("Fritidskonsulent,
/// fritidsenheten"); a list of titles ("Förvaltningschef, ekonomichef") stays a list. In
/// such a "Name, title" list a title's " och " before the next person separates two people
/// ("Ola Berg, kanslichef och Eva Lund, ekonomichef").
pub fn split_people(s: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for piece in outside_brackets(s).into_iter().map(clean_item) {
        if piece.is_empty() {
            continue;
        }
        let Some(prev) = items.last_mut() else {
            items.push(piece);
            continue;
        };
        if !opens_lower(&piece) {
            items.push(piece);
            continue;
        }
        let person_before = is_person_name(prev);
        // "kanslichef och Eva Lund": the title of the person before, then the next person.
        let (describes, next) = match piece.split_once(" och ") {
            Some((title, next)) if person_before && is_person_name(next) => {
                (title.to_string(), Some(next.to_string()))
            }
            _ => (piece, None),
        };
        let words = describes.split(' ').count();
        let titled = describes.split(' ').next().is_some_and(is_title_word);
        let joins = (person_before && (words <= 3 || (titled && words <= 6)))
            || (words == 1 && prev.split(' ').count() == 1 && !is_title_word(&describes));
        if joins {
            prev.push_str(", ");
            prev.push_str(&describes);
        } else {
            items.push(describes);
        }
        items.extend(next);
    }
    items
}

/// `s` cut at list separators (commas, semicolons, line breaks) that stand outside brackets.
fn outside_brackets(s: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' | ';' | '\n' | '\r' if depth == 0 => {
                pieces.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push(&s[start..]);
    pieces
}

/// Whether the text's very first character is a lower-case letter. Unlike
/// `layout::starts_lower` (the first letter or digit), a piece that opens with a bracket or
/// a quote ("(ekonomi)") is no lower-case title of the item before it.
fn opens_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// "Förnamn Efternamn" or a three-word name, with no role word in it.
fn is_person_name(s: &str) -> bool {
    !s.split(' ').any(is_role_word) && shape_score(s, &HashSet::new()) >= 1.5
}

/// A person's title ("ekonomichef", "controller"), not an organisational unit
/// ("fritidsenheten", "nämnden").
fn is_title_word(w: &str) -> bool {
    const UNITS: [&str; 6] = [
        "nämnden",
        "förvaltningen",
        "enheten",
        "avdelningen",
        "funktionen",
        "ledningsgruppen",
    ];
    let lower = w.to_lowercase();
    is_role_word(w) && !UNITS.iter().any(|u| lower.ends_with(u))
}

/// [`split_people`] of a text no longer needed: one name that needs no cleaning (the common
/// cell) is moved, not copied.
pub fn split_people_owned(s: String) -> Vec<String> {
    let plain_one = !s.contains([',', ';', '\n', '\r'])
        && crate::normalize::text::is_folded(&s)
        && !s.ends_with('.')
        && !BULLETS.iter().any(|b| s.starts_with(b));
    match plain_one {
        true if s.is_empty() => Vec::new(),
        true => vec![s],
        false => split_people(&s),
    }
}

/// What opens a list item written as a bullet.
const BULLETS: [&str; 5] = ["- ", "– ", "• ", "* ", "· "];

/// One list item: folded, bullet and trailing period removed.
fn clean_item(p: &str) -> String {
    let mut t = fold_ws(p);
    for bullet in BULLETS {
        if let Some(rest) = t.strip_prefix(bullet) {
            t = rest.to_string();
            break;
        }
    }
    if let Some(rest) = t.strip_suffix('.') {
        let last_word = rest.rsplit(' ').next().unwrap_or("");
        if !last_word.contains('.') {
            t = rest.trim_end().to_string();
        }
    }
    t
}

/// Splits the cell of a combined column "Ansvarig + Rapporteringsansvarig" into its two
/// lists. The two lists are written one after the other with no separator between them
/// ("Agneta Söqvist Evelina Wigstrand, Agneta Söqvist" → [Agneta Söqvist] and
/// [Evelina Wigstrand, Agneta Söqvist]); a line break between them, when present, is the
/// boundary. `known` holds names seen whole elsewhere in the document and guides the cut.
/// Returns the two lists and whether the cut was a guess (several cuts were plausible and
/// nothing decided between them).
///
/// The boundary lies inside one comma-separated item, before one of its words. The cut is
/// chosen by, in order:
/// 1. a line break: with two lines, the break (not a guess); with more, the first break (a
///    guess);
/// 2. repetition: the one item written as the same name twice ("Agneta Söqvist Agneta
///    Söqvist");
/// 3. `known`: the one cut whose two new items are both known names;
/// 4. shape: each new item scored as a known name (best), a person "Förnamn Efternamn", a
///    role ("Enhetschef IFO", "Avdelningschef Barn och unga"), a three-word name, else
///    implausible; the cut must fall before a capitalised word or a role. The best total
///    wins; a tie is a guess (the first tied cut is taken).
///
/// With no plausible cut (one name alone), everything goes to the first list, the second is
/// empty, and it is a guess. An empty cell gives two empty lists, no guess. Comparisons
/// ignore case and white space.
pub fn split_combined_people(s: &str, known: &HashSet<String>) -> (Vec<String>, Vec<String>, bool) {
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() >= 2 {
        let first = split_people(lines[0]);
        let rest = split_people(&lines[1..].join("\n"));
        return (first, rest, lines.len() > 2);
    }
    let items = split_people(s);
    if items.is_empty() {
        return (Vec::new(), Vec::new(), false);
    }
    let known: HashSet<String> = known
        .iter()
        .map(|k| key(k))
        .filter(|k| !k.is_empty())
        .collect();
    let cuts = candidate_cuts(&items);
    let whole = |guessed| (items.clone(), Vec::new(), guessed);
    if cuts.is_empty() {
        return whole(true);
    }

    // 2. Repetition: the item is one name written twice.
    let repeated: Vec<&Cut> = cuts
        .iter()
        .filter(|c| key(&c.left) == key(&c.right))
        .collect();
    if let [only] = repeated.as_slice() {
        let (a, b) = only.lists(&items);
        return (a, b, false);
    }

    // 3. Both new items known.
    let both_known: Vec<&Cut> = cuts
        .iter()
        .filter(|c| known.contains(&key(&c.left)) && known.contains(&key(&c.right)))
        .collect();
    if let [only] = both_known.as_slice() {
        let (a, b) = only.lists(&items);
        return (a, b, false);
    }

    // 4. Shape.
    let scored: Vec<(f32, &Cut)> = cuts
        .iter()
        .filter_map(|c| {
            let l = shape_score(&c.left, &known);
            let r = shape_score(&c.right, &known);
            let starts_ok = starts_capitalised(&c.right) || is_role_word(first_word(&c.right));
            (l >= MIN_PLAUSIBLE && r >= MIN_PLAUSIBLE && starts_ok).then_some((l + r, c))
        })
        .collect();
    let best = scored.iter().map(|(s, _)| *s).fold(f32::MIN, f32::max);
    let mut top = scored.iter().filter(|(s, _)| *s == best).map(|(_, c)| *c);
    match (top.next(), top.next()) {
        (Some(c), second) => {
            let (a, b) = c.lists(&items);
            (a, b, second.is_some())
        }
        (None, _) => whole(true),
    }
}

/// A cut of item `item` before word `word`.
#[derive(Debug)]
struct Cut {
    item: usize,
    left: String,
    right: String,
}

impl Cut {
    /// The two lists this cut makes of `items`.
    fn lists(&self, items: &[String]) -> (Vec<String>, Vec<String>) {
        let mut a: Vec<String> = items.iter().take(self.item).cloned().collect();
        a.push(self.left.clone());
        let mut b = vec![self.right.clone()];
        b.extend(items.iter().skip(self.item + 1).cloned());
        (a, b)
    }
}

/// The most words an item may have and still be cut: longer ones are prose, not names.
const MAX_CUT_WORDS: usize = 24;

/// Every cut between two words of one item.
fn candidate_cuts(items: &[String]) -> Vec<Cut> {
    let mut cuts = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let words: Vec<&str> = item.split(' ').collect();
        if words.len() > MAX_CUT_WORDS {
            continue;
        }
        for j in 1..words.len() {
            cuts.push(Cut {
                item: i,
                left: words[..j].join(" "),
                right: words[j..].join(" "),
            });
        }
    }
    cuts
}

/// The comparison key of a name: folded white space, lowercase.
fn key(s: &str) -> String {
    fold_ws(s).to_lowercase()
}

/// The lowest score of an item that could stand alone in a list.
const MIN_PLAUSIBLE: f32 = 1.0;

/// How much an item looks like one person or role: 4 known; 2 "Förnamn Efternamn" or a role
/// heading its item ("Enhetschef IFO"); 1.5 a three-word name ("Anna Karin Svensson", "Jan
/// af Klint"); 1 a four-word name with a particle; 0 otherwise (a lone first name, an
/// abbreviation, two roles run together).
fn shape_score(item: &str, known: &HashSet<String>) -> f32 {
    if known.contains(&key(item)) {
        return 4.0;
    }
    let words: Vec<&str> = item.split(' ').collect();
    let roles = words.iter().filter(|w| is_role_word(w)).count();
    if roles > 0 {
        // A role heads its item and is the only role in it.
        let heads = words.first().is_some_and(|w| is_role_word(w));
        return if roles == 1 && heads && words.len() <= 6 {
            2.0
        } else {
            0.0
        };
    }
    let n = |w: &str| is_name_word(w);
    match words.as_slice() {
        [a, b] if n(a) && n(b) => 2.0,
        [a, b, c] if n(a) && (n(b) || is_particle(b)) && n(c) => 1.5,
        [a, b, p, c] if n(a) && n(b) && is_particle(p) && n(c) => 1.0,
        _ => 0.0,
    }
}

/// A capitalised word of letters (hyphens and apostrophes inside): "Söqvist", "Anna-Karin",
/// "O'Brien".
fn is_name_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}')
        && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !w.ends_with('-')
        && w.chars().skip(1).any(char::is_lowercase)
}

/// Name particles written in lowercase: "von", "af", "de" …
fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "von"
            | "van"
            | "af"
            | "av"
            | "de"
            | "del"
            | "der"
            | "den"
            | "di"
            | "da"
            | "la"
            | "le"
            | "du"
    )
}

/// Whether the text starts with an uppercase letter.
fn starts_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The first word of a text.
fn first_word(s: &str) -> &str {
    s.split(' ').next().unwrap_or("")
}

/// Endings of Swedish role titles: "Socialchef", "Enhetschef", "Nämndsekreterare",
/// "Systemförvaltare", "Dataskyddsredogörare", "Controller" …
const ROLE_ENDINGS: &[&str] = &[
    "chef",
    "chefer",
    "direktör",
    "ansvarig",
    "ansvariga",
    "samordnare",
    "sekreterare",
    "förvaltare",
    "redogörare",
    "handläggare",
    "strateg",
    "controller",
    "ekonom",
    "administratör",
    "ombud",
    "ledare",
    "utvecklare",
    "specialist",
    "jurist",
    "registrator",
    "arkivarie",
    "revisor",
    "föreståndare",
    "rektor",
    "koordinator",
    "konsult",
    "assistent",
    "sköterska",
    "samordnaren",
    "chefen",
    "strategen",
    "nämnden",
    "förvaltningen",
    "enheten",
    "avdelningen",
    "funktionen",
    "ledningsgrupp",
    "ledningsgruppen",
];

/// Whether a short text is a person or a role ("Anna
/// Svensson", "Ekonomichef", "Enhetschef, HR-chef").
pub fn is_people(t: &str) -> bool {
    if t.is_empty() || t.chars().count() > 80 {
        return false;
    }
    let parts: Vec<&str> = t
        .split([',', ';', '/', '\n'])
        .flat_map(|p| p.split(" och "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty()
        && parts.iter().all(|p| {
            let words: Vec<&str> = p.split_whitespace().collect();
            if words.is_empty() || words.len() > 4 {
                return false;
            }
            words.iter().any(|w| is_role_word(w))
                || (words.len() >= 2
                    && words.iter().all(|w| {
                        w.chars().next().is_some_and(char::is_uppercase)
                            && w.chars().all(|c| c.is_alphabetic() || c == '-')
                    }))
        })
}

/// Whether a word is a role title (by its ending, any case): "Enhetschef", "socialchef",
/// "HR-chef".
pub fn is_role_word(w: &str) -> bool {
    // Most words asked about are lowercase already: no copy for them.
    let unchanged = w.chars().all(|c| {
        let mut l = c.to_lowercase();
        l.next() == Some(c) && l.next().is_none()
    });
    let lower;
    let w = if unchanged {
        w
    } else {
        lower = w.to_lowercase();
        &lower
    };
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    w.chars().count() >= 4 && ROLE_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// Category words and their canonical spelling, multi-word ones first.
const CATEGORIES: &[&str] = &[
    "Finansiell rapportering",
    "Ekonomi",
    "Verksamhet",
    "Medborgare",
    "Invånare",
    "Medarbetare",
    "Kvalitet",
    "Miljö",
    "Juridik",
    "Information",
    "IT",
    "Säkerhet",
    "Arbetsmiljö",
    "Regelefterlevnad",
    "Omdöme",
    "Personal",
    "Brukare",
    "Kunder",
    "Förtroende",
    "Rättssäkerhet",
    "Kompetens",
    "Kommunikation",
    "Digitalisering",
    "Informationssäkerhet",
    "IT-säkerhet",
    "Dataskydd",
    "Styrning",
    "Oegentligheter",
    "Korruption",
];

/// Words that may join known categories in one part: "Verksamhet & ekonomi".
/// Words that join categories in a list. "Och" / "samt" do not: "IT och
/// informationssäkerhet" names one area, as "Miljö och hälsa" does.
const CATEGORY_JOINERS: &[&str] = &["&", "+"];

/// Splits a category cell into canonical categories: "Verksamhet invånare" → [Verksamhet,
/// Invånare]; "ekonomi, medarbetare" → [Ekonomi, Medarbetare]. Known category words
/// (Ekonomi, Verksamhet, Medborgare, Invånare, Medarbetare, Kvalitet, Miljö, Juridik,
/// Information, IT, Säkerhet, Arbetsmiljö, Regelefterlevnad, Omdöme, Finansiell rapportering…)
/// are capitalized; a cell whose words are not all known categories is split only on commas,
/// semicolons, slashes and line breaks and kept as written.
///
/// The rule holds per part between those separators: "Ekonomi, Intern styrning" →
/// [Ekonomi, Intern styrning]. "&" and "+" between known categories list them
/// ("Verksamhet & ekonomi" → [Verksamhet, Ekonomi]); "och" and "samt" keep the part whole
/// ("IT och informationssäkerhet"). Repeated categories are kept once.
pub fn split_categories(s: &str) -> Vec<String> {
    categories(s, true)
}

/// A heading's categories: split only where it lists them ("Ekonomi, Personal"), not at
/// "och" ("IT och informationssäkerhet" heads one group); a known category alone is
/// written as the built-in list writes it ("EKONOMI" → "Ekonomi").
pub fn heading_categories(s: &str) -> Vec<String> {
    categories(s, false)
}

/// The categories of a cell or heading, once each; `split_known` also splits a part made of
/// several known categories ("Verksamhet invånare"), which a heading keeps whole.
fn categories(s: &str, split_known: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split([',', ';', '/', '\n', '\r']).map(clean_item) {
        if part.is_empty() {
            continue;
        }
        let found = match known_categories(&part) {
            Some(known) if split_known || known.len() == 1 => known,
            _ => vec![part],
        };
        for c in found {
            if !out.iter().any(|o| o.to_lowercase() == c.to_lowercase()) {
                out.push(c);
            }
        }
    }
    out
}

/// The canonical categories of a part made only of known category words (and joiners);
/// `None` when any word is not one.
fn known_categories(part: &str) -> Option<Vec<String>> {
    let words: Vec<String> = part.split(' ').map(str::to_lowercase).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if CATEGORY_JOINERS.contains(&words[i].as_str()) && !out.is_empty() && i + 1 < words.len() {
            i += 1;
            continue;
        }
        let (name, n) = CATEGORIES.iter().find_map(|c| {
            let cw: Vec<String> = c.split(' ').map(str::to_lowercase).collect();
            let end = i + cw.len();
            (end <= words.len() && words[i..end] == cw[..]).then_some((*c, cw.len()))
        })?;
        out.push(name.to_string());
        i += n;
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell moved into [`split_people_owned`] splits as the borrowed one.
    #[test]
    fn owned_cells_split_as_borrowed() {
        for s in [
            "",
            " ",
            "Carina Holmqvist",
            "Carina Holmqvist.",
            "Enhetschef IFO",
            "- Carina",
            "– Carina",
            "• Carina",
            "* Carina",
            "· Carina",
            "-Carina",
            "Carina  Holmqvist",
            " Carina",
            "Carina\u{a0}Holmqvist",
            "Carina, Agneta",
            "Carina; Agneta",
            "Carina\nAgneta",
            "Carina\rAgneta",
            "Ek. chef",
            "A.B.",
        ] {
            assert_eq!(split_people_owned(s.to_string()), split_people(s), "{s:?}");
        }
    }

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn none() -> HashSet<String> {
        HashSet::new()
    }

    fn set(items: &[&str]) -> HashSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn split_people_on_separators_only() {
        assert_eq!(
            split_people("Anna Ek, Bo Ek; Cecilia  Berg\nEnhetschef stöd- och försörjning."),
            v(&[
                "Anna Ek",
                "Bo Ek",
                "Cecilia Berg",
                "Enhetschef stöd- och försörjning"
            ])
        );
        assert_eq!(
            split_people("Socialchef och enhetschef"),
            v(&["Socialchef och enhetschef"])
        );
        assert_eq!(split_people(" , ;\n\r\n "), Vec::<String>::new());
        assert_eq!(split_people(""), Vec::<String>::new());
        assert_eq!(
            split_people("- Socialchef\n• Controller"),
            v(&["Socialchef", "Controller"])
        );
        assert_eq!(
            split_people("Enhetschefer m.fl."),
            v(&["Enhetschefer m.fl."])
        );
        assert_eq!(split_people("Anna Ek."), v(&["Anna Ek"]));
    }

    #[test]
    fn split_people_keeps_a_title_or_unit_with_its_person_or_role() {
        assert_eq!(
            split_people("Jonas Ek (fastighetschef, Fastighetsenheten)"),
            v(&["Jonas Ek (fastighetschef, Fastighetsenheten)"])
        );
        assert_eq!(
            split_people("Eva Lund, ekonomichef"),
            v(&["Eva Lund, ekonomichef"])
        );
        assert_eq!(
            split_people("Ola Berg, kanslichef och Eva Lund, ekonomichef"),
            v(&["Ola Berg, kanslichef", "Eva Lund, ekonomichef"])
        );
        assert_eq!(
            split_people("Fritidskonsulent,\nfritidsenheten"),
            v(&["Fritidskonsulent, fritidsenheten"])
        );
        // A list of titles stays a list; so do people and capitalised roles.
        assert_eq!(
            split_people("Förvaltningschef, ekonomichef, controller"),
            v(&["Förvaltningschef", "ekonomichef", "controller"])
        );
        assert_eq!(
            split_people("Anna Ek, Bo Ek, Socialchef"),
            v(&["Anna Ek", "Bo Ek", "Socialchef"])
        );
        // " och " inside a role is no separator.
        assert_eq!(
            split_people("Anna Ek, enhetschef stöd- och försörjning"),
            v(&["Anna Ek, enhetschef stöd- och försörjning"])
        );
    }

    #[test]
    fn combined_required_cases() {
        let cases: [(&str, &[&str], &[&str]); 4] = [
            (
                "Agneta Söqvist Evelina Wigstrand, Agneta Söqvist",
                &["Agneta Söqvist"],
                &["Evelina Wigstrand", "Agneta Söqvist"],
            ),
            (
                "Carina Holmqvist, Tanja Mattsson Carina Holmqvist",
                &["Carina Holmqvist", "Tanja Mattsson"],
                &["Carina Holmqvist"],
            ),
            (
                "Agneta Söqvist Agneta Söqvist",
                &["Agneta Söqvist"],
                &["Agneta Söqvist"],
            ),
            (
                "Tanja Mattsson, Agneta Söqvist Agneta Söqvist",
                &["Tanja Mattsson", "Agneta Söqvist"],
                &["Agneta Söqvist"],
            ),
        ];
        for (cell, a, r) in cases {
            let (got_a, got_r, guessed) = split_combined_people(cell, &none());
            assert_eq!((got_a, got_r), (v(a), v(r)), "{cell}");
            assert!(!guessed, "{cell}");
        }
    }

    #[test]
    fn combined_line_break_is_the_boundary() {
        let (a, r, g) = split_combined_people("Anna Ek Bo\nCecilia Berg, Dan Ek", &none());
        assert_eq!(
            (a, r, g),
            (v(&["Anna Ek Bo"]), v(&["Cecilia Berg", "Dan Ek"]), false)
        );
        let (a, r, g) = split_combined_people("Anna Ek\r\nBo Ek\nCia Ek", &none());
        assert_eq!((a, r, g), (v(&["Anna Ek"]), v(&["Bo Ek", "Cia Ek"]), true));
    }

    #[test]
    fn combined_roles() {
        let (a, r, g) = split_combined_people("Socialchef Enhetschef IFO", &none());
        assert_eq!(
            (a, r, g),
            (v(&["Socialchef"]), v(&["Enhetschef IFO"]), false)
        );
        let (a, r, g) =
            split_combined_people("Avdelningschef Barn och unga Enhetschef IFO", &none());
        assert_eq!(
            (a, r, g),
            (
                v(&["Avdelningschef Barn och unga"]),
                v(&["Enhetschef IFO"]),
                false
            )
        );
        let (a, r, g) = split_combined_people("Tanja Mattsson Socialchef", &none());
        assert_eq!(
            (a, r, g),
            (v(&["Tanja Mattsson"]), v(&["Socialchef"]), false)
        );
        let (a, r, g) = split_combined_people("Enhetschef IFO Enhetschef IFO", &none());
        assert_eq!(
            (a, r, g),
            (v(&["Enhetschef IFO"]), v(&["Enhetschef IFO"]), false)
        );
    }

    #[test]
    fn combined_known_names_decide() {
        let cell = "Anna Karin Svensson Bo Ek";
        let (a, r, g) = split_combined_people(cell, &none());
        assert!(g, "two cuts equally plausible without known names");
        assert_eq!((a.len(), r.len()), (1, 1));
        let known = set(&["Anna Karin Svensson", "bo  ek"]);
        let (a, r, g) = split_combined_people(cell, &known);
        assert_eq!(
            (a, r, g),
            (v(&["Anna Karin Svensson"]), v(&["Bo Ek"]), false)
        );
        let known = set(&["Anna Karin Svensson"]);
        let (a, r, g) = split_combined_people(cell, &known);
        assert_eq!(
            (a, r, g),
            (v(&["Anna Karin Svensson"]), v(&["Bo Ek"]), false)
        );
    }

    #[test]
    fn combined_particles_and_hyphens() {
        let (a, r, g) = split_combined_people("Jan af Klint Anna-Karin Lind", &none());
        assert_eq!(
            (a, r, g),
            (v(&["Jan af Klint"]), v(&["Anna-Karin Lind"]), false)
        );
    }

    #[test]
    fn combined_without_plausible_cut() {
        for cell in [
            "Tanja Mattsson",
            "Socialchef",
            "Anna Ek IFO",
            "anna ek bo ek",
            "✔ 12",
        ] {
            let (a, r, g) = split_combined_people(cell, &none());
            assert_eq!(a, split_people(cell), "{cell}");
            assert!(r.is_empty(), "{cell}");
            assert!(g, "{cell}");
        }
        assert_eq!(
            split_combined_people("  ", &none()),
            (vec![], vec![], false)
        );
    }

    #[test]
    fn categories() {
        assert_eq!(
            split_categories("Verksamhet invånare"),
            v(&["Verksamhet", "Invånare"])
        );
        assert_eq!(
            split_categories("ekonomi, medarbetare"),
            v(&["Ekonomi", "Medarbetare"])
        );
        assert_eq!(
            split_categories("Medborgare/Invånare"),
            v(&["Medborgare", "Invånare"])
        );
        assert_eq!(
            heading_categories("IT och informationssäkerhet"),
            ["IT och informationssäkerhet"]
        );
        assert_eq!(heading_categories("EKONOMI"), ["Ekonomi"]);
        assert_eq!(
            split_categories("IT och informationssäkerhet"),
            v(&["IT och informationssäkerhet"])
        );
        assert_eq!(
            split_categories("Verksamhet & ekonomi"),
            v(&["Verksamhet", "Ekonomi"])
        );
        assert_eq!(
            split_categories("finansiell rapportering it"),
            v(&["Finansiell rapportering", "IT"])
        );
        assert_eq!(
            split_categories("Ekonomi; intern styrning och uppföljning"),
            v(&["Ekonomi", "intern styrning och uppföljning"])
        );
        assert_eq!(split_categories("Miljö och hälsa"), v(&["Miljö och hälsa"]));
        assert_eq!(
            split_categories("Verksamhet, verksamhet"),
            v(&["Verksamhet"])
        );
        assert_eq!(split_categories("och"), v(&["och"]));
        assert_eq!(split_categories("ekonomi och"), v(&["ekonomi och"]));
        assert!(split_categories("").is_empty());
        assert!(split_categories(" ,/; ").is_empty());
    }

    #[test]
    fn role_words() {
        assert!(is_role_word("Enhetschef"));
        assert!(is_role_word("HR-chef"));
        assert!(is_role_word("Nämndsekreterare"));
        assert!(!is_role_word("Söqvist"));
        assert!(is_role_word("Chef"));
        assert!(!is_role_word("Evelina"));
    }
}
