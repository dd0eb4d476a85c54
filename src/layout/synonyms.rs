//! The header vocabulary: which header wordings name which field, kept as data.
//!
//! A new spelling is a line in `vocabulary.txt` ([`VOCABULARY`]), not a new `if`. Headers are compared after
//! [`header_key`] (lowercase, hyphens and punctuation removed, trailing years dropped), as a
//! whole, as a leading phrase (a header followed by its question, "Metod Hur ska kontrollen
//! genomföras?"), or with a small spelling distance ("Av-stämningdatum", "arbetsätt").

use crate::field::{Combo, Role};

/// The header vocabulary, kept as data in `vocabulary.txt` (one `wording = field` a line):
/// each wording as [`header_key`] leaves it and the role it names, in the file's order.
pub static VOCABULARY: std::sync::LazyLock<Vec<(&'static str, Role)>> =
    std::sync::LazyLock::new(|| parse_vocabulary(include_str!("vocabulary.txt")));

/// The lines of a vocabulary file. A line that names no field is a bug in the file: the
/// test `the_vocabulary_file_names_only_fields` keeps it out.
fn parse_vocabulary(text: &'static str) -> Vec<(&'static str, Role)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (w, f) = l.split_once('=')?;
            Some((w.trim(), Role::from_key(f.trim())?))
        })
        .collect()
}

/// The comparable form of a header: lowercase, line breaks and runs of white space folded,
/// hyphens inside words removed ("Rapportering-sansvarig" → "rapporteringsansvarig"),
/// punctuation dropped, trailing years and numbers removed ("Risk 2021" → "risk").
pub fn header_key(header: &str) -> String {
    let lower = header.to_lowercase();
    let lower = join_hyphenated(&lower);
    // The words are written into one string; `keep` is its length up to the last word
    // that is not a number (trailing numbers are dropped).
    let mut out = String::with_capacity(lower.len());
    let mut keep = 0;
    for raw in lower.split(|c: char| c.is_whitespace() || "/+&,;:?()[]\"'*.!".contains(c)) {
        let before = out.len();
        if before > 0 {
            out.push(' ');
        }
        let start = out.len();
        out.extend(raw.chars().filter(|c| c.is_alphanumeric()));
        if out.len() == start {
            out.truncate(before);
        } else if !out[start..].bytes().all(|b| b.is_ascii_digit()) {
            keep = out.len();
        }
    }
    out.truncate(keep);
    out
}

/// A word hyphenated at a line break in a narrow header ("Kontroll-⏎moment") joined
/// again; a hyphen before "och" / "eller" shortens a compound ("Risk- och
/// konsekvensanalys") and stays.
fn join_hyphenated(lower: &str) -> std::borrow::Cow<'_, str> {
    if !lower.contains("- ") && !lower.contains("-\n") {
        return std::borrow::Cow::Borrowed(lower);
    }
    let mut out = String::with_capacity(lower.len());
    let mut words = lower.split_whitespace().peekable();
    while let Some(w) = words.next() {
        out.push_str(w);
        let Some(next) = words.peek() else { break };
        let joins = w.len() > 1
            && w.ends_with('-')
            && !matches!(
                *next,
                "och" | "eller" | "samt" | "resp" | "respektive" | "&"
            );
        if !joins {
            out.push(' ');
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether the Levenshtein distance over chars of `a` and `b` is at most `limit`; stops
/// as soon as a whole row of the table exceeds it.
fn within_distance(a: &str, b: &str, limit: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        // A row's minimum never falls in later rows.
        if cur.iter().all(|&d| d > limit) {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= limit
}

/// Whether two words of the same length but for one character (`a` the longer or as long)
/// are one edit apart: one character changed, or one left out of `a`.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let mut ai = a.char_indices();
    let mut bi = b.char_indices();
    loop {
        match (ai.next(), bi.next()) {
            (Some((i, ca)), Some((j, cb))) if ca != cb => {
                // The rest after a changed character, or after one left out.
                let after_a = &a[i + ca.len_utf8()..];
                return after_a == &b[j + cb.len_utf8()..] || after_a == &b[j..];
            }
            (Some(_), Some(_)) => {}
            // One word is the other with one more character at its end (or the same).
            _ => return true,
        }
    }
}

/// Whether two words are the same allowing a typo: one edit for words of 6+ letters, two
/// for 12+. A header word that names a person's role ("Controller") is no misspelling of a
/// word that names none ("kontroller").
fn word_like(a: &str, b: &str) -> bool {
    a == b || word_like_counted(a, a.chars().count(), b, b.chars().count())
}

/// [`word_like`] of two different words whose lengths in characters are known. Asked of
/// every vocabulary first word for every text looked up, so the cheap tests (lengths, then
/// the distance) come before the role-word test.
fn word_like_counted(a: &str, la: usize, b: &str, lb: usize) -> bool {
    let n = la.min(lb);
    let allowed = if n >= 12 {
        2
    } else if n >= 6 {
        1
    } else {
        0
    };
    let close = match allowed {
        0 => false,
        _ if la.abs_diff(lb) > allowed => false,
        1 if la >= lb => one_edit_apart(a, b),
        1 => one_edit_apart(b, a),
        _ => within_distance(a, b, allowed),
    };
    close && (!crate::normalize::names::is_role_word(a) || crate::normalize::names::is_role_word(b))
}

/// One vocabulary wording split into words, its role, and its position in the vocabulary.
type Entry = (Vec<&'static str>, Role, usize);

/// The vocabulary split into words once, grouped by first word.
struct Index {
    /// First word, its length in characters (to skip the edit distance cheaply) → (words,
    /// role, position in the vocabulary) for deterministic ties.
    by_first: Vec<(&'static str, usize, Vec<Entry>)>,
    /// First word → its place in `by_first`.
    first_at: std::collections::HashMap<&'static str, usize>,
}

static INDEX: std::sync::LazyLock<Index> = std::sync::LazyLock::new(|| {
    let mut by_first: Vec<(&'static str, usize, Vec<Entry>)> = Vec::new();
    for (i, (wording, role)) in VOCABULARY.iter().enumerate() {
        let words: Vec<&'static str> = wording.split(' ').collect();
        match by_first.iter_mut().find(|(f, _, _)| *f == words[0]) {
            Some((_, _, v)) => v.push((words, *role, i)),
            None => by_first.push((words[0], words[0].chars().count(), vec![(words, *role, i)])),
        }
    }
    let first_at = by_first
        .iter()
        .enumerate()
        .map(|(i, (f, _, _))| (*f, i))
        .collect();
    Index { by_first, first_at }
});

/// How well a vocabulary wording matches a header key: `Some(score)` (higher is better).
fn match_score(key_words: &[&str], w: &[&str]) -> Option<usize> {
    if w.len() > key_words.len() {
        return None;
    }
    let exact_prefix = key_words[..w.len()] == w[..];
    let fuzzy_prefix = exact_prefix
        || key_words[..w.len()]
            .iter()
            .zip(w)
            .all(|(a, b)| word_like(a, b));
    if !exact_prefix && !fuzzy_prefix {
        return None;
    }
    let whole = w.len() == key_words.len();
    let letters: usize = w.iter().map(|x| x.len()).sum();
    Some(letters * 4 + usize::from(whole) * 2 + usize::from(exact_prefix))
}

/// The role a single header names, or `None`.
fn single_role(key: &str) -> Option<Role> {
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let first = *words.first()?;
    let len = first.chars().count();
    let best = |groups: &mut dyn Iterator<Item = &(&'static str, usize, Vec<Entry>)>| {
        groups
            .flat_map(|(_, _, entries)| entries)
            .filter_map(|(w, role, i)| {
                match_score(&words, w).map(|s| (s, std::cmp::Reverse(*i), *role))
            })
            .max_by_key(|(s, i, _)| (*s, *i))
            .map(|(_, _, r)| r)
    };
    // A first word the vocabulary knows is spelled right: it is no misspelling of another
    // ("Riskbedömning" is not "Bristbedömning") when one of its own wordings matches.
    let own = INDEX.first_at.get(first).map(|&g| &INDEX.by_first[g]);
    best(&mut own.into_iter()).or_else(|| {
        best(&mut INDEX.by_first.iter().filter(|(f, flen, _)| {
            *f != first
                && len >= 6
                && len.abs_diff(*flen) <= 2
                && word_like_counted(first, len, f, *flen)
        }))
    })
}

/// Every field a header's wording could name, best first, with a score (0–1): a whole
/// exact match scores 1, a leading phrase or a spelling variant less, and the fewer of the
/// header's words the wording covers, the lower the score.
pub fn wording_candidates(header: &str) -> Vec<(Role, f32)> {
    // Asked of every header cell and, while a header is looked for, of the text cells that
    // name a field: the same texts come back row after row and file after file.
    thread_local! {
        static SEEN: Remembered<Vec<(Role, f32)>> = Remembered::default();
    }
    remembered(&SEEN, header, wording_candidates_uncached)
}

/// A thread's answers for texts it has been asked about, emptied when it holds
/// [`REMEMBERED_TEXTS`] (a batch of many files meets ever new texts).
type Remembered<V> = std::cell::RefCell<std::collections::HashMap<String, V>>;

/// The most texts a thread's [`Remembered`] answers hold.
pub const REMEMBERED_TEXTS: usize = 20_000;

/// `answer(text)`, remembered in `seen`.
fn remembered<V: Clone>(
    seen: &'static std::thread::LocalKey<Remembered<V>>,
    text: &str,
    answer: fn(&str) -> V,
) -> V {
    if let Some(v) = seen.with(|m| m.borrow().get(text).cloned()) {
        return v;
    }
    let v = answer(text);
    seen.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= REMEMBERED_TEXTS {
            m.clear();
        }
        m.insert(text.to_string(), v.clone());
    });
    v
}

fn wording_candidates_uncached(header: &str) -> Vec<(Role, f32)> {
    if let Role::Combined(c) = role_of(header) {
        return vec![(Role::Combined(c), 0.9)];
    }
    let mut out = candidates_by_words(header);
    if let Some(role) = role_under_group_word(header, || out.first().map(|c| c.1)) {
        out.retain(|(r, _)| *r != role);
        out.insert(0, (role, crate::layout::evidence::weight::STRONG));
    }
    if asks_yes_or_no(header) {
        out.retain(|(r, _)| !names_a_text(*r));
    }
    out
}

/// A header that asks for a yes or a no ("Rutin finns (Ja/Nej)"): whatever field its first
/// word begins, its cells are no name, title or text of that field.
fn asks_yes_or_no(header: &str) -> bool {
    // No character lowercases to a bracket or a slash.
    if !header.contains('(') || !header.contains('/') {
        return false;
    }
    let folded: String = header
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    folded.contains("(ja/nej)") || folded.contains("(nej/ja)")
}

/// The fields whose value is a name, a title or a text, never a yes or a no.
fn names_a_text(role: Role) -> bool {
    matches!(
        role,
        Role::Process
            | Role::Riskomrade
            | Role::RiskTitelBeskrivning
            | Role::Riskbeskrivning
            | Role::Kategori
            | Role::Kontroll
            | Role::Metod
            | Role::Atgard
    )
}

/// Every field a header's words could name, with its score, best first.
fn scored_by_words(header: &str) -> Vec<(Role, f32)> {
    let key = lookup_key(header);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let Some(first) = words.first() else {
        return Vec::new();
    };
    let len = first.chars().count();
    let mut out: Vec<(Role, f32)> = Vec::new();
    // As in `single_role`: a known first word is read as a misspelling of another only when
    // none of its own wordings matches.
    let own_matches = INDEX.first_at.get(first).is_some_and(|&g| {
        INDEX.by_first[g]
            .2
            .iter()
            .any(|(w, _, _)| match_score(&words, w).is_some())
    });
    for (_, _, entries) in INDEX.by_first.iter().filter(|(f, flen, _)| {
        f == first
            || (!own_matches
                && len >= 6
                && len.abs_diff(*flen) <= 2
                && word_like_counted(first, len, f, *flen))
    }) {
        for (w, role, _) in entries {
            if match_score(&words, w).is_none() {
                continue;
            }
            let exact = words[..w.len()] == w[..];
            let whole = w.len() == words.len();
            let base = match (whole, exact) {
                (true, true) => 1.0,
                (true, false) => 0.8,
                (false, true) => 0.75,
                (false, false) => 0.6,
            };
            let covered = w.len() as f32 / words.len() as f32;
            let score = base * (0.7 + 0.3 * covered);
            match out.iter_mut().find(|(r, _)| r == role) {
                Some((_, s)) => *s = s.max(score),
                None => out.push((*role, score)),
            }
        }
    }
    if out.is_empty() {
        // A field's one-word name later in a long header ("Nämndens processer och rutiner
        // som omfattas"): weak evidence, reported when it decides.
        // A one-word wording equal to `w` is in the group whose first word is `w`.
        for w in words.iter().skip(1).filter(|w| w.chars().count() >= 5) {
            let Some(&g) = INDEX.first_at.get(w) else {
                continue;
            };
            for (entry, role, _) in &INDEX.by_first[g].2 {
                if entry.len() == 1 && !out.iter().any(|(r, _)| r == role) {
                    out.push((*role, 0.45));
                }
            }
        }
    }
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

/// [`scored_by_words`], the role `role_of` names first on a tie.
fn candidates_by_words(header: &str) -> Vec<(Role, f32)> {
    let mut out = scored_by_words(header);
    let named = role_of(header);
    if let Some(i) = out.iter().position(|(r, _)| *r == named)
        && i > 0
        && out[i].1 >= out[0].1
    {
        let e = out.remove(i);
        out.insert(0, e);
    }
    out
}

/// The role a header names from its wording alone. Content may still change it (see
/// `layout::refine_roles`). Headers naming several fields joined by "+", "/" or "&"
/// become [`Role::Combined`] when ikplan knows that combination.
pub fn role_of(header: &str) -> Role {
    // Header detection asks about the text cells of every row until a row fails; the same
    // texts (statuses, names, categories) come back on row after row.
    thread_local! {
        static SEEN: Remembered<Role> = Remembered::default();
    }
    remembered(&SEEN, header, role_of_uncached)
}

fn role_of_uncached(header: &str) -> Role {
    for sep in ['+', '&', '/'] {
        if let Some(role) = combined_role(header, sep) {
            return role;
        }
    }
    // "Riskbedömning (S/K)": the bracket spells out which fields the cell holds.
    if let Some(inner) = bracketed(header) {
        for sep in ['+', '&', '/'] {
            if let Some(role) = combined_role(inner, sep) {
                return role;
            }
        }
    }
    // "Status och kommentar": a status and its comment joined by a word, as by "/" (a
    // header of two scale fields joined so, "Sannolikhet och konsekvens", often holds their
    // product, and "Risk och beskrivning" stays one field).
    // Only a "/" or an " och " (in any case: no other character lowercases to these
    // letters) can make a combination here.
    if header.contains('/') || contains_och(header) {
        let joined = combined_role(&header.to_lowercase().replace(" och ", "/"), '/');
        if let Some(role @ Role::Combined(Combo::StatusResultat)) = joined {
            return role;
        }
    }
    if let Some(role) =
        role_under_group_word(header, || scored_by_words(header).first().map(|c| c.1))
    {
        return role;
    }
    let key = lookup_key(header);
    match single_role(&key) {
        Some(role) if asks_yes_or_no(header) && names_a_text(role) => Role::Okand,
        Some(role) => role,
        None => Role::Okand,
    }
}

/// Words that head a group of columns ("Riskbedömning" over "Sannolikhet | Konsekvens |
/// Riskvärde", "Tidplan" over "Start | Slut"), often written into each column's own header
/// when a two-row header is typed, exported or printed as one row.
const GROUP_WORDS: [&str; 9] = [
    "riskbedömning",
    "riskvärdering",
    "riskanalys",
    "riskvärde",
    "bedömning",
    "tidplan",
    "tidsplan",
    "tidpunkt",
    "uppföljning",
];

/// The field a header names after a group's word ("Riskbedömning Sannolikhet", "Tidplan
/// Slut"), as a sub-column's header under its group: when the header as a whole is no
/// wording (`whole`: its best candidate's score, asked only of a header starting with a
/// group's word) and the words after the group's are one, whole, that names no period (the
/// period of a follow-up's group is read apart).
fn role_under_group_word(header: &str, whole: impl FnOnce() -> Option<f32>) -> Option<Role> {
    /// A wording matched whole scores this or more (a leading phrase less).
    const WHOLE: f32 = 0.8;
    let key = lookup_key(header);
    let (first, rest) = key.split_once(' ')?;
    if !GROUP_WORDS.contains(&first) || rest.trim().is_empty() {
        return None;
    }
    if whole().is_some_and(|s| s >= WHOLE) {
        return None;
    }
    if crate::normalize::vocab::period_in(rest).is_some() {
        return None;
    }
    scored_by_words(rest)
        .first()
        .filter(|(_, s)| *s >= WHOLE)
        .map(|(r, _)| *r)
}

/// Whether " och " stands in a text, in any case.
fn contains_och(text: &str) -> bool {
    text.as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b" och "))
}

/// The key a header is looked up by: [`header_key`] of the header with its abbreviated
/// words written out ("Sannolikh." → "sannolikhet", "Ansv." → "ansvar"), and a lone "#"
/// read as "nr".
fn lookup_key(header: &str) -> String {
    if header.trim() == "#" {
        return "nr".to_string();
    }
    if !header.contains('.') {
        return header_key(header);
    }
    let expanded: Vec<String> = header
        .split_whitespace()
        .map(|w| expand_abbreviation(w).unwrap_or_else(|| w.to_string()))
        .collect();
    header_key(&expanded.join(" "))
}

/// A word cut short and marked with a full stop ("Sann.", "Kons."): the shortest one-word
/// wording of the vocabulary it begins, when it is no wording itself.
fn expand_abbreviation(word: &str) -> Option<String> {
    let stem = word.trim_end_matches(':').strip_suffix('.')?.to_lowercase();
    if stem.chars().count() < ABBREVIATION_MIN || !stem.chars().all(char::is_alphabetic) {
        return None;
    }
    if INDEX.first_at.contains_key(stem.as_str()) {
        return None;
    }
    INDEX
        .by_first
        .iter()
        .filter(|(f, _, _)| f.starts_with(stem.as_str()))
        .flat_map(|(_, _, entries)| entries)
        .filter(|(w, _, _)| w.len() == 1)
        .map(|(w, _, _)| w[0])
        .min_by_key(|w| (w.chars().count(), *w))
        .map(str::to_string)
}

/// An abbreviation is written out from this many letters on ("Ans." is too short to tell).
const ABBREVIATION_MIN: usize = 4;

/// The text in the one pair of brackets a header ends with ("Riskbedömning (S/K)" → "S/K").
fn bracketed(header: &str) -> Option<&str> {
    let inner = header.trim_end().strip_suffix(')')?;
    let (_, inner) = inner.rsplit_once('(')?;
    (!inner.contains(['(', ')'])).then_some(inner)
}

/// The combined role of a header whose parts, split on `sep`, name a known combination.
fn combined_role(header: &str, sep: char) -> Option<Role> {
    if !header.contains(sep) {
        return None;
    }
    let parts: Vec<String> = header
        .split(sep)
        .map(header_key)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() >= 2 {
        let roles: Vec<Option<Role>> = parts.iter().map(|p| single_role(p)).collect();
        use Role::*;
        match roles.as_slice() {
            [Some(Ansvarig), Some(Rapporteringsansvarig)] => {
                return Some(Combined(Combo::AnsvarigRapportering));
            }
            [Some(Startdatum), rest @ ..]
                if rest
                    .iter()
                    .all(|r| matches!(r, Some(Avstamningsdatum | Slutdatum))) =>
            {
                return Some(Combined(Combo::Datum));
            }
            [Some(Sannolikhet), Some(Konsekvens)] => {
                return Some(Combined(Combo::SannolikhetKonsekvens));
            }
            [Some(Ansvarig), Some(Frekvens)] => return Some(Combined(Combo::AnsvarigFrekvens)),
            [Some(Metod), Some(Frekvens)] => return Some(Combined(Combo::MetodFrekvens)),
            [Some(Status), Some(Resultat)] => return Some(Combined(Combo::StatusResultat)),
            [Some(Status), Some(Kontrollbedomning)] => {
                return Some(Combined(Combo::StatusBedomning));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_header_words_join() {
        assert_eq!(header_key("Kontroll-\nmoment"), "kontrollmoment");
        assert_eq!(header_key("Kontroll- metod"), "kontrollmetod");
        assert_eq!(
            header_key("Risk- och konsekvensanalys"),
            "risk och konsekvensanalys"
        );
        assert_eq!(role_of("Kontroll-\nmetod"), Role::Metod);
    }

    #[test]
    fn keys_fold_hyphens_case_and_years() {
        assert_eq!(
            header_key("Rapportering-sansvarig"),
            "rapporteringsansvarig"
        );
        assert_eq!(header_key("Risk 2021"), "risk");
        assert_eq!(
            header_key("Metod\nHur ska kontrollen genomföras?"),
            "metod hur ska kontrollen genomföras"
        );
    }

    #[test]
    fn spelling_variants_and_questions() {
        assert_eq!(
            role_of("Rapportering-sansvarig"),
            Role::Rapporteringsansvarig
        );
        assert_eq!(role_of("Av-stämningdatum"), Role::Avstamningsdatum);
        // A role in a data cell is no misspelt header: "Controller" is not "Kontroller".
        assert_eq!(role_of("Controller"), Role::Okand);
        assert_eq!(role_of("Kontroler"), Role::Kontroll);
        assert_eq!(role_of("Rapportringsansvarig"), Role::Rapporteringsansvarig);
        assert_eq!(role_of("Metod Hur ska kontrollen genomföras?"), Role::Metod);
        assert_eq!(
            role_of("Område ekonomi verksamhet medborgare medarbetare"),
            Role::Kategori
        );
        assert_eq!(role_of("Ansvarig Vem genomför kontrollen"), Role::Ansvarig);
        assert_eq!(role_of("Vad ska kontrolleras?"), Role::Kontroll);
        assert_eq!(
            role_of("Befintliga arbetsätt och rutiner för att hantera/minska risken"),
            Role::BefintligaRutiner
        );
        assert_eq!(role_of("Identifierad risk"), Role::Riskomrade);
        assert_eq!(role_of("Kommentar per delår 2022"), Role::Resultat);
        assert_eq!(role_of("Resultat av uppföljning"), Role::Resultat);
        assert_eq!(role_of("Ny uppföljning eller åtgärd"), Role::NyAtgard);
        assert_eq!(role_of("Förbättringsåtgärd"), Role::NyAtgard);
        assert_eq!(role_of("Fortsatt hantering"), Role::NyAtgard);
        assert_eq!(
            role_of("Uppföljning När följs kontrollen upp?"),
            Role::UppfoljningNar
        );
        assert_eq!(role_of("Beslut om åtgärd"), Role::Atgard);
        assert_eq!(role_of("Kontroll-ID"), Role::KontrollNummer);
        assert_eq!(role_of("Risk-ID"), Role::RiskNummer);
        assert_eq!(role_of("RISKVÄRDE"), Role::Riskvarde);
        assert_eq!(role_of("Kontrollbedömning"), Role::Kontrollbedomning);
        // Two wordings two edits apart: each header word the vocabulary knows is its own.
        assert_eq!(role_of("Bristbedömning"), Role::Kontrollbedomning);
        assert_eq!(role_of("Utvärdering"), Role::Kontrollbedomning);
        assert_eq!(role_of("Riskbedömning"), Role::Riskvarde);
        assert_eq!(
            scored_by_words("Riskbedömning").first().map(|c| c.0),
            Some(Role::Riskvarde)
        );
        assert!(
            !scored_by_words("Riskbedömning")
                .iter()
                .any(|c| c.0 == Role::Kontrollbedomning)
        );
    }

    #[test]
    fn abbreviated_words_are_written_out() {
        assert_eq!(role_of("Sann."), Role::Sannolikhet);
        assert_eq!(role_of("Sannolikh."), Role::Sannolikhet);
        assert_eq!(role_of("Kons."), Role::Konsekvens);
        assert_eq!(role_of("Ansv."), Role::Ansvarig);
        assert_eq!(role_of("Sann.:"), Role::Sannolikhet);
        assert_eq!(role_of("#"), Role::RiskNummer);
        // Too short to tell, or no wording begins so.
        assert_eq!(role_of("Ans."), Role::Okand);
        assert_eq!(role_of("Bilaga."), Role::Okand);
    }

    #[test]
    fn combined_columns() {
        assert_eq!(
            role_of("Ansvarig + Rapportering-sansvarig"),
            Role::Combined(Combo::AnsvarigRapportering)
        );
        assert_eq!(
            role_of("Startdatum + Av-stämningdatum + Slutdatum"),
            Role::Combined(Combo::Datum)
        );
        let combo = |h: &str| match role_of(h) {
            Role::Combined(c) => Some(c),
            _ => None,
        };
        assert_eq!(combo("S/K"), Some(Combo::SannolikhetKonsekvens));
        assert_eq!(
            combo("Riskbedömning (S/K)"),
            Some(Combo::SannolikhetKonsekvens)
        );
        assert_eq!(role_of("Risk (S x K)"), Role::Riskvarde);
        assert_eq!(role_of("Rutin finns (Ja/Nej)"), Role::Okand);
        assert!(wording_candidates("Rutin finns (Ja/Nej)").is_empty());
        assert_eq!(role_of("Genomförd (Ja/Nej)"), role_of("Genomförd"));
        assert_eq!(
            combo("Sannolikhet/ Konsekvens"),
            Some(Combo::SannolikhetKonsekvens)
        );
        assert_eq!(combo("Ansvarig + Frekvens"), Some(Combo::AnsvarigFrekvens));
        assert_eq!(combo("Kontrollmetod/frekvens"), Some(Combo::MetodFrekvens));
        assert_eq!(combo("Status/kommentar"), Some(Combo::StatusResultat));
        assert_eq!(combo("Status och kommentar"), Some(Combo::StatusResultat));
        assert_eq!(combo("Status / bedömning"), Some(Combo::StatusBedomning));
        assert_eq!(role_of("Risk och beskrivning"), Role::RiskTitelBeskrivning);
        assert_eq!(combo("Ansvarig"), None);
    }

    #[test]
    fn a_group_word_written_before_a_sub_columns_header_names_the_sub_column() {
        // A two-row header typed or printed as one row: each column's header starts with
        // its group's word.
        assert_eq!(role_of("Riskbedömning Sannolikhet"), Role::Sannolikhet);
        assert_eq!(role_of("Riskbedömning Konsekvens (1-5)"), Role::Konsekvens);
        assert_eq!(role_of("Riskbedömning Riskvärde"), Role::Riskvarde);
        assert_eq!(role_of("Tidplan Start"), Role::Startdatum);
        assert_eq!(role_of("Tidplan Slut"), Role::Slutdatum);
        assert_eq!(
            role_of("Tidplan Datum för avstämning"),
            Role::Avstamningsdatum
        );
        assert_eq!(
            wording_candidates("Riskbedömning Sannolikhet").first(),
            Some(&(Role::Sannolikhet, crate::layout::evidence::weight::STRONG))
        );
        // The group's word alone, a wording of its own, and a period after the group's
        // word keep what they named.
        assert_eq!(role_of("Riskbedömning"), Role::Riskvarde);
        assert_eq!(role_of("Riskbedömning S x K"), Role::Riskvarde);
        assert_eq!(role_of("Tidpunkt för uppföljning"), Role::UppfoljningNar);
        assert_ne!(role_of("Uppföljning delår"), role_of("Delår"));
        // Not after a word that heads no group: "Resultat kontroll" is no control.
        assert_ne!(role_of("Resultat kontroll"), Role::Kontroll);
    }

    #[test]
    fn one_edit_agrees_with_the_distance() {
        let words = [
            "kontroll",
            "kontrol",
            "kontrolll",
            "kontrpll",
            "åtgärden",
            "åtgärder",
            "atgärder",
            "åtgärd",
            "ansvarig",
            "ansvariga",
            "nsvarig",
            "ansvaig",
            "riskvärde",
            "riskvärdet",
        ];
        for a in words {
            for b in words {
                let (la, lb) = (a.chars().count(), b.chars().count());
                if la.abs_diff(lb) > 1 {
                    continue;
                }
                let one = if la >= lb {
                    one_edit_apart(a, b)
                } else {
                    one_edit_apart(b, a)
                };
                assert_eq!(one, within_distance(a, b, 1), "{a} {b}");
            }
        }
    }

    #[test]
    fn unknown_headers() {
        assert_eq!(role_of("Färgkod"), Role::Okand);
        assert_eq!(role_of(""), Role::Okand);
        assert_eq!(role_of("Ansvarsfördelning mellan enheter"), Role::Okand);
    }
}
#[cfg(test)]
mod wording_tests {
    use super::*;

    #[test]
    fn the_vocabulary_file_names_only_fields() {
        let text = include_str!("vocabulary.txt");
        let lines = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(VOCABULARY.len(), lines, "a line names no field");
        assert!(VOCABULARY.len() > 180);
        for (w, _) in VOCABULARY.iter() {
            assert_eq!(header_key(w), *w, "{w:?} is not as header_key leaves it");
        }
    }

    #[test]
    fn a_field_named_later_in_a_long_header_is_weak_evidence() {
        let c = wording_candidates("Nämndens processer och rutiner som omfattas av kontrollen");
        assert_eq!(c.first().map(|x| x.0), Some(Role::Process), "{c:?}");
        assert!(c[0].1 < 0.5);
        assert_eq!(
            wording_candidates("Riskområde"),
            vec![(Role::Riskomrade, 1.0)]
        );
    }
}
