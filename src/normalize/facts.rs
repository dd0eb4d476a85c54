//! Document facts from the prose around the tables: title, year, plan or follow-up,
//! period, nämnd, förvaltning, kommun, datum, diarienummer; what is left is notes.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{DocType, Period};
use crate::normalize::date::{Date, find_dates, parse_date};
use crate::normalize::text::fold_ws;
use crate::normalize::vocab::period_in;

/// A line of prose with its source line.
#[derive(Debug, Clone)]
pub struct ProseLine {
    pub line: u32,
    pub text: String,
    pub heading: u8,
    /// The filled source cells behind the line (1 for a line of text).
    pub cells: u32,
    /// The texts of a row of two cells outside any table ([`crate::layout::Item::Prose`]).
    pub parts: Vec<String>,
}

/// The facts found in a document's prose, and the lines that were not facts.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub titel: Option<String>,
    pub ar: Option<i32>,
    pub typ_hint: Option<DocType>,
    pub period: Option<Period>,
    pub datum: Option<Date>,
    pub diarienummer: Option<String>,
    pub namnd: Option<String>,
    pub forvaltning: Option<String>,
    pub kommun: Option<String>,
    /// Lines that are notes (anteckningar), in order.
    pub notes: Vec<String>,
    /// Section headings (kept in `extra`, not in the notes).
    pub headings: Vec<String>,
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19[5-9]\d|20\d\d)\b").expect("year regex"));

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn is_list_item(s: &str) -> bool {
    list_item_rest(s).is_some()
}

/// The text of a list item after its mark ("- ", "• ", "* ", "– ").
fn list_item_rest(s: &str) -> Option<&str> {
    let t = s.trim_start();
    ["- ", "• ", "* ", "– "]
        .iter()
        .find_map(|mark| t.strip_prefix(mark))
        .map(str::trim_start)
}

/// Whether a line titles a plan or a follow-up ("Internkontrollplan 2019", "Uppföljning av
/// plan för intern kontroll 2023", "Socialnämndens plan för intern kontroll", "Tekniska
/// nämnden – Internkontroll 2022", "Internkontroll 2021").
pub fn is_title(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || words(t) > 16 || is_list_item(t) || t.ends_with('.') {
        return false;
    }
    let l = t.to_lowercase();
    let ik = l.contains("intern kontroll") || l.contains("internkontroll");
    // "Redovisning av interna kontrollarbetet 2010", "Internkontrollrapport 2020",
    // "Bruttorisklista 2013", "Riskhanteringsplan 2017 - uppföljning",
    // "Internkontrollgranskning 2015",
    // "Uppföljningsrapport 2 januari - augusti 2016": a plan, report or risk list of a year.
    // A short title with its year.
    let dated = words(t) <= 8 && year_in(t).is_some();
    let report = (l.contains("interna kontroll")
        || ik
        || l.contains("intern styrning")
        || l.contains("risk")
        || l.contains("uppföljning"))
        && (l.contains("rapport")
            || l.contains("redovisning")
            || l.contains("granskning")
            || l.contains("risk")
            || l.contains("uppföljning")
            || l.split(|c: char| !c.is_alphanumeric())
                .any(|w| w.ends_with("plan")))
        && dated;
    // "Intern styrning och kontroll 2019": the name some kommuner give the plan.
    let styrning = l.contains("intern styrning och kontroll") && dated;
    // "Årsredovisning 2019", "Verksamhetsberättelse 2020": a report whose section follows
    // up the internal control.
    let annual = [
        "årsredovisning",
        "verksamhetsberättelse",
        "årsrapport",
        "delårsrapport",
        "delårsbokslut",
    ]
    .iter()
    .any(|w| l.starts_with(w))
        && dated
        && words(t) <= 4;
    (ik && (l.contains("plan") || l.contains("uppföljning")))
        || styrning
        || annual
        || l.contains("kontrollplan")
        || (ik && IK_YEAR.is_match(t))
        || report
}

/// Whether a line is (part of) a sentence of prose rather than a heading: it says who
/// decided ([`committee_in_sentence`]), or one sentence ends inside it (after a word or a
/// year: "… internkontrollplan för 2022. Två kontroller är") and the next begins.
fn is_sentence(t: &str) -> bool {
    static INNER_END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:\p{Ll}{2}|\b(?:19|20)\d\d)[.!?]\s+\p{Lu}").expect("sentence end regex")
    });
    committee_in_sentence(t).is_some() || INNER_END.is_match(t)
}

/// A scale defined in a sentence of prose ("Varje kontroll bedöms i tre steg:
/// tillfredsställande (inga brister), delvis tillfredsställande (mindre brister) och ej
/// tillfredsställande (väsentliga brister)."), possibly wrapped over lines, as legend lines
/// ("tillfredsställande = inga brister, delvis tillfredsställande = mindre brister, …")
/// for [`crate::normalize::vocab::Vocab::with_legends`]: after a colon, two or more words
/// (one or two each), each with its meaning in brackets, apart by commas, "och" or
/// "eller". Lines that follow each other are one paragraph.
pub fn sentence_legends(lines: &[ProseLine]) -> Vec<String> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*(?:,\s*)?(?:(?:och|eller|samt)\s+)?(\p{L}+(?:\s\p{L}+)?)\s*\(([^()]{1,60})\)",
        )
        .expect("legend item regex")
    });
    let mut paragraphs: Vec<String> = Vec::new();
    let mut last: Option<u32> = None;
    for l in lines {
        let text = fold_ws(&l.text);
        match paragraphs.last_mut() {
            Some(p) if l.heading == 0 && last.is_some_and(|n| n + 1 == l.line) => {
                p.push(' ');
                p.push_str(&text);
            }
            _ => paragraphs.push(text),
        }
        last = Some(l.line);
    }
    let mut out = Vec::new();
    for p in &paragraphs {
        for (colon, _) in p.match_indices(':') {
            let mut rest = &p[colon + 1..];
            let mut entries: Vec<String> = Vec::new();
            while let Some(c) = ITEM.captures(rest) {
                entries.push(format!("{} = {}", &c[1], c[2].trim()));
                rest = &rest[c.get(0).map_or(rest.len(), |m| m.end())..];
            }
            if entries.len() >= 2 {
                out.push(entries.join(", "));
            }
        }
    }
    out
}

/// A table of two columns that pairs words with their meaning, as a text gives it (each
/// row's two cells set far apart, read as two lines with the row's line number: "Bedömning
/// | Innebörd", "Tillfredsställande | Inga brister", "Delvis tillfredsställande | Mindre
/// brister"), as legend lines for [`crate::normalize::vocab::Vocab::with_legends`]: the rows
/// that follow each other, two or more, as one line ("Tillfredsställande = Inga brister,
/// …"), and again with the first row as the label of the rest ("Bedömning: …"), for a
/// header that names the kind. Lines that are no legend are left out there.
pub fn table_legends(lines: &[ProseLine]) -> Vec<String> {
    // The rows: per source line, its parts.
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    for l in lines {
        // A workbook's or Word table's row of two cells comes as one line with its parts.
        if l.parts.len() == 2 {
            rows.push((l.line, l.parts.clone()));
            continue;
        }
        let text = fold_ws(&l.text);
        match rows.last_mut() {
            Some((n, parts)) if *n == l.line => parts.push(text),
            _ => rows.push((l.line, vec![text])),
        }
    }
    let mut out = Vec::new();
    let mut run: Vec<(String, String)> = Vec::new();
    let mut last: Option<u32> = None;
    let mut flush = |run: &mut Vec<(String, String)>| {
        let entries = |r: &[(String, String)]| {
            r.iter()
                .map(|(w, m)| format!("{w} = {m}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if run.len() >= 2 {
            out.push(entries(run));
        }
        if let [(label, _), rest @ ..] = run.as_slice()
            && rest.len() >= 2
        {
            out.push(format!("{label}: {}", entries(rest)));
        }
        run.clear();
    };
    for (n, parts) in rows {
        if last.is_none_or(|l| l + 1 != n) {
            flush(&mut run);
        }
        last = Some(n);
        match <[String; 2]>::try_from(parts) {
            Ok([word, meaning]) if !word.contains(['=', ',', ';']) => run.push((word, meaning)),
            _ => {
                flush(&mut run);
                last = None;
            }
        }
    }
    flush(&mut run);
    out
}

/// A line numbered as an item of a list or agenda: "8. Granskningsplan …", "3) …".
fn agenda_item(t: &str) -> bool {
    let rest = t
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < t.trim_start().len() && (rest.starts_with(". ") || rest.starts_with(") "))
}

/// "Internkontroll 2021", "Intern kontroll år 2021", "Tekniska nämnden – Internkontroll
/// 2022", "Emmaboda kommun - Kommunstyrelsen - Internkontroll 2017": the words and the year
/// alone, after a municipality and a committee at most (a heading such as
/// "Resultat intern kontroll 2022" is no title).
static IK_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:\p{{Lu}}[\p{{L}}-]*\s+(?:kommun|stad)\s*[-–—,:|]\s*)?(?:{COMMITTEE}\s*(?:[-–—,:|]\s*)?)?intern\s*kontroll\s*(?:år\s*)?(?:19|20)\d\d$"
    ))
    .expect("ik-year regex")
});

/// The kind of document a title names: a follow-up when it says so.
pub fn title_type(text: &str) -> DocType {
    let l = text.to_lowercase();
    if l.contains("uppföljning") || l.contains("uppfoljning") {
        DocType::Uppfoljning
    } else {
        DocType::Plan
    }
}

/// The year a text names (the first plausible year).
pub fn year_in(text: &str) -> Option<i32> {
    YEAR.captures(text).and_then(|c| c[1].parse().ok())
}

/// The year of a plan's title: the one that follows the plan's name when the title names
/// two ("Riskanalys 2017 till miljönämndens internkontroll 2018" → 2018), else the first.
fn title_year(t: &str) -> Option<i32> {
    static PLAN_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:intern\s*kontroll|kontrollplan|plan)\p{L}*\s+(?:för\s+|år\s+)?(19[5-9]\d|20\d\d)\b")
            .expect("plan year regex")
    });
    let years: Vec<&str> = YEAR.find_iter(t).map(|m| m.as_str()).collect();
    if years.iter().any(|y| *y != years[0])
        && let Some(c) = PLAN_YEAR.captures(t)
    {
        return c[1].parse().ok();
    }
    year_in(t)
}

/// A year written alone ("2023", "År 2023" after its label): the year.
fn year_alone(text: &str) -> Option<i32> {
    let t = text.trim_matches(|c: char| !c.is_alphanumeric());
    (t.len() == 4 && YEAR.is_match(t))
        .then(|| year_in(t))
        .flatten()
}

/// The year a labelled year's value starts with, words after it ("2018 Intern kontroll
/// Inmatning", as a planning system writes the year and the plan's phase).
fn leading_year(text: &str) -> Option<i32> {
    let t = text.trim_start();
    let head = t.get(..4)?;
    let rest = &t[4..];
    (rest.starts_with([' ', ',', '\t']) && YEAR.is_match(head))
        .then(|| year_in(head))
        .flatten()
}

/// A numbered section heading such as "2 Uppföljning kontroller" or "3.1 Avvikelser".
fn is_section_heading(text: &str) -> bool {
    static SEC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d+(\.\d+)*\.?\s+[A-ZÅÄÖ][^.!?]*$").expect("section regex"));
    words(text) <= 8 && SEC.is_match(text.trim())
}

/// What a label in a title block names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Diarienummer,
    Datum,
    /// A decision ("Beslutad", "Antagen av nämnden"): its date is the datum, a committee
    /// named in it the nämnd.
    Beslut,
    Namnd,
    Forvaltning,
    Kommun,
    Ar,
    /// An organ whose value tells what it is ("Enhet: Kulturnämnden").
    Organ,
    /// A label of no fact ("Sida", "Handläggare"): its value is kept as a note.
    Ovrigt,
}

/// The labels of a title block (lowercase), as data.
static LABELS: &[(&str, Slot)] = &[
    ("diarienummer", Slot::Diarienummer),
    ("diarienr", Slot::Diarienummer),
    ("dnr", Slot::Diarienummer),
    ("d nr", Slot::Diarienummer),
    ("vårt dnr", Slot::Diarienummer),
    ("ärendenummer", Slot::Diarienummer),
    ("ärendenr", Slot::Diarienummer),
    ("ärende nr", Slot::Diarienummer),
    ("ärendebeteckning", Slot::Diarienummer),
    ("vår beteckning", Slot::Diarienummer),
    ("beteckning", Slot::Diarienummer),
    ("datum", Slot::Datum),
    ("senast uppdaterad", Slot::Datum),
    ("uppdaterad", Slot::Datum),
    ("upprättad", Slot::Datum),
    ("export", Slot::Datum),
    ("exporterad", Slot::Datum),
    ("utskriven", Slot::Datum),
    ("utskriftsdatum", Slot::Datum),
    ("rapportdatum", Slot::Datum),
    ("den", Slot::Datum),
    ("daterad", Slot::Datum),
    ("beslutsdatum", Slot::Datum),
    ("sammanträdesdatum", Slot::Datum),
    ("beslutad", Slot::Beslut),
    ("beslutat", Slot::Beslut),
    ("beslutad av", Slot::Beslut),
    ("beslutat av", Slot::Beslut),
    ("antagen", Slot::Beslut),
    ("antaget", Slot::Beslut),
    ("antagen av", Slot::Beslut),
    ("antaget av", Slot::Beslut),
    ("fastställd", Slot::Beslut),
    ("fastställt", Slot::Beslut),
    ("fastställd av", Slot::Beslut),
    ("fastställt av", Slot::Beslut),
    ("godkänd", Slot::Beslut),
    ("godkänd av", Slot::Beslut),
    ("behandlad", Slot::Beslut),
    ("behandlat", Slot::Beslut),
    ("behandlad av", Slot::Beslut),
    ("behandlat av", Slot::Beslut),
    ("nämnd", Slot::Namnd),
    ("ansvarig nämnd", Slot::Namnd),
    ("styrelse/nämnd", Slot::Namnd),
    ("nämnd/styrelse", Slot::Namnd),
    ("förvaltning", Slot::Forvaltning),
    ("ansvarig förvaltning", Slot::Forvaltning),
    ("kommun", Slot::Kommun),
    ("år", Slot::Ar),
    ("verksamhetsår", Slot::Ar),
    ("planår", Slot::Ar),
    ("budgetår", Slot::Ar),
    ("år och fas", Slot::Ar),
    ("enhet", Slot::Organ),
    ("organisationsenhet", Slot::Organ),
    ("organisatorisk enhet", Slot::Organ),
    ("ansvarig enhet", Slot::Organ),
    ("nämnd/förvaltning", Slot::Organ),
    ("förvaltning/nämnd", Slot::Organ),
    ("organisation", Slot::Organ),
    ("verksamhet", Slot::Organ),
    ("beslutsinstans", Slot::Organ),
    ("beslutande organ", Slot::Organ),
    ("sida", Slot::Ovrigt),
    ("sid", Slot::Ovrigt),
    ("handläggare", Slot::Ovrigt),
    ("version", Slot::Ovrigt),
    ("dokumentansvarig", Slot::Ovrigt),
    ("dokumenttyp", Slot::Ovrigt),
    ("dokumentägare", Slot::Ovrigt),
    ("giltighetstid", Slot::Ovrigt),
    ("gäller för", Slot::Ovrigt),
    ("gäller till", Slot::Ovrigt),
];

/// The labels, longest first (so "antagen av" is tried before "antagen").
static LABELS_LONGEST_FIRST: LazyLock<Vec<(&str, Slot)>> = LazyLock::new(|| {
    let mut v = LABELS.to_vec();
    v.sort_by_key(|(l, _)| std::cmp::Reverse(l.chars().count()));
    v
});

/// The slot a whole cell or word names ("Datum", "Dnr:", "Sida").
fn label_slot(cell: &str) -> Option<Slot> {
    let l = fold_ws(cell)
        .trim_end_matches([':', '.'])
        .trim()
        .to_lowercase();
    LABELS
        .iter()
        .find(|(label, _)| *label == l)
        .map(|(_, s)| *s)
}

/// Whether a label names a fact of a document's head (Datum, Dnr, Beslutad, Nämnd …), as
/// opposed to a field of its records.
pub fn is_fact_label(label: &str) -> bool {
    label_slot(label).is_some_and(|s| s != Slot::Ovrigt)
}

/// A label at the start of a line and what follows it: the slot, whether a colon (or "=")
/// follows the label, and the value.
fn label_prefix(text: &str) -> Option<(Slot, bool, &str)> {
    let t = text.trim();
    for (label, slot) in LABELS_LONGEST_FIRST.iter() {
        let Some(head) = t.get(..label.len()) else {
            continue;
        };
        // `head.to_lowercase() == label`, compared char by char without making the
        // lowercase text (every line of a document's head is asked of every label).
        if !head.chars().flat_map(char::to_lowercase).eq(label.chars()) {
            continue;
        }
        let rest = &t[label.len()..];
        if rest.is_empty() || rest.starts_with([':', ' ', '.', '\t', '=']) {
            let colon = rest.trim_start().starts_with([':', '=']);
            return Some((
                *slot,
                colon,
                rest.trim_start_matches([':', '.', ' ', '\t', '=']).trim(),
            ));
        }
    }
    None
}

/// The rest of a line of minutes after its paragraph mark ("§ 23   Dnr KS 2021/0031"
/// gives "Dnr KS 2021/0031"); `None` for a line without one.
fn after_paragraph_mark(text: &str) -> Option<&str> {
    static MARK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^§\s*\d+\s+(\S.*)$").expect("paragraph mark regex"));
    MARK.captures(text.trim())
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// Several labelled values on one line ("Nämnd: Byggnadsnämnden Fastställd: 2019-09-25"):
/// each label followed by a colon, with its value up to the next one. `None` unless the
/// line starts with a label and holds at least two.
fn labelled_values(text: &str) -> Option<Vec<(Slot, String)>> {
    static AT: LazyLock<Regex> = LazyLock::new(|| {
        let alts: Vec<String> = LABELS_LONGEST_FIRST
            .iter()
            .map(|(l, _)| regex::escape(l))
            .collect();
        Regex::new(&format!(r"(?i)(?:^|\s)({})\s*:", alts.join("|"))).expect("labels regex")
    });
    let t = text.trim();
    let found: Vec<(usize, usize, Slot)> = AT
        .captures_iter(t)
        .filter_map(|c| {
            let m = c.get(1)?;
            Some((m.start(), c.get(0)?.end(), label_slot(m.as_str())?))
        })
        .collect();
    if found.len() < 2 || found[0].0 != 0 {
        return None;
    }
    Some(
        found
            .iter()
            .enumerate()
            .map(|(i, &(_, value_at, slot))| {
                let end = found.get(i + 1).map_or(t.len(), |n| n.0);
                (slot, t[value_at..end].trim().to_string())
            })
            .collect(),
    )
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A name as the model keeps it: as written, except that a name in capitals
/// ("SOCIALNÄMNDEN") is written as a name ("Socialnämnden").
fn name_case(s: &str) -> String {
    let s = s.trim().trim_end_matches([',', '.', ';', ':']).trim();
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && !s.chars().any(char::is_lowercase) {
        capitalize(&s.to_lowercase())
    } else {
        s.to_string()
    }
}

/// A committee's name: one word ending in -nämnd(en) ("Socialnämnden", "Kultur- och
/// fritidsnämnden"), a capitalized adjective before "nämnden" ("Tekniska nämnden"), or
/// Kommunstyrelsen; in the genitive too (group 2 holds the "s"). "Nämnden" alone is none.
const COMMITTEE: &str = r"((?:(?:\p{L}+-,\s+)*\p{L}+-\s+(?i:och|&)\s+)?\p{L}+(?i:nämnd)(?i:en)?|\p{Lu}\p{L}*[aA]\s+(?i:nämnd)(?i:en)?|(?i:kommunstyrelsen|regionstyrelsen|landstingsstyrelsen|förbundsstyrelsen|förbundsdirektionen|direktionen))(s?)\b";

/// Adjectives that stand before "nämnden" in sentences without naming one.
const NOT_A_NAME: &[&str] = &[
    "hela",
    "nya",
    "samma",
    "berörda",
    "ansvariga",
    "respektive",
    "varje",
    "denna",
    "dessa",
    "övriga",
    "alla",
    "andra",
    "olika",
    "politiska",
    "gamla",
    "enskilda",
    "samtliga",
    "sådana",
];

/// Whether a committee match names one (not "Hela nämnden").
fn names_committee(m: &str) -> bool {
    let first = m
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    !NOT_A_NAME.contains(&first.as_str())
}

/// The committee named by a whole text ("Socialnämnden", "BARN- OCH
/// UTBILDNINGSNÄMNDEN"), as the model keeps it.
fn committee_line(t: &str) -> Option<String> {
    static WHOLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"^{COMMITTEE}$")).expect("committee regex"));
    // A district committee with its district: "Stadsdelsnämnden Centrum".
    static DISTRICT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"^{COMMITTEE}(?:\s+\p{{Lu}}\p{{L}}*(?:\s+(?:och|&)\s+\p{{Lu}}\p{{L}}*)?){{1,2}}$"
        ))
        .expect("district regex")
    });
    // A joint committee named by its municipalities: "Nyköping-Oxelösunds
    // överförmyndarnämnd".
    // A district committee named by its district, in the genitive or not:
    // "Hässelby-Vällingby stadsdelsnämnd".
    static OWNED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{Lu}[\p{L}-]*(?:s\s+\p{Ll}+|\s+(?:stadsdels|kommundels))nämnd(?:en)?$")
            .expect("owned committee regex")
    });
    let t = t.trim().trim_end_matches([',', '.']).trim();
    // "Kommunstyrelsen, personalavdelningen", "Socialnämnden – Individ- och familjeomsorgen":
    // the committee, then the part of its administration the document is from.
    for sep in [", ", " – ", " - "] {
        if let Some((head, tail)) = t.split_once(sep)
            && words(tail) <= 4
            && (administration_line(tail).is_some() || is_unit(tail))
            && let Some(c) = committee_line(head)
        {
            return Some(c);
        }
    }
    // "Medelpads räddningstjänstförbund, direktionen", "Gnosjö kommun, kommunstyrelsen":
    // the organisation, then its committee.
    if let Some((head, tail)) = t.split_once(", ")
        && words(tail) <= 4
        && is_organisation(head)
        && let Some(c) = committee_line(&capitalize(tail.trim()))
    {
        return Some(c);
    }
    // "Samverkansnämnden för Sydöstra sjukvårdsregionen": a committee named with the area
    // it serves (not its owner: "Socialnämnden för Gnosjö kommun" is Socialnämnden).
    if let Some((head, area)) = t.split_once(" för ")
        && words(t) <= 8
        && area.starts_with(char::is_uppercase)
        && !area.chars().any(|c| c.is_ascii_digit())
        && !is_organisation(area)
        && head.to_lowercase().ends_with("nämnden")
        && committee_line(head).is_some()
    {
        return Some(t.to_string());
    }
    // "Nämnden för trafik, infrastruktur och miljö": a committee named by its remit.
    if let Some(rest) = t.strip_prefix("Nämnden för ")
        && words(t) <= 8
        && rest.starts_with(char::is_lowercase)
    {
        return Some(t.to_string());
    }
    // Both need white space after the committee's first word: a one-word committee
    // ("Socialnämnden") is spared them (and a run of such, their compiling).
    let spaced = t.contains(char::is_whitespace);
    if spaced && OWNED.is_match(t) && words(t) <= 3 {
        return Some(t.to_string());
    }
    if spaced
        && let Some(c) = DISTRICT.captures(t)
        && c[2].is_empty()
        && names_committee(&c[1])
        && c[1].starts_with(char::is_uppercase)
    {
        return Some(t.to_string());
    }
    // "Styrelsen" alone on its line: a company's (or a förbund's) board.
    if t.to_lowercase() == "styrelsen" {
        return Some("Styrelsen".to_string());
    }
    let c = WHOLE.captures(t)?;
    (c[2].is_empty() && names_committee(t) && t.chars().next().is_some_and(char::is_uppercase))
        .then(|| name_case(t))
}

/// An organisation named by a whole text: a municipality ("Gnosjö kommun", "Malmö stad"), a
/// region ("Region Västmanland") or a kommunalförbund ("Medelpads räddningstjänstförbund").
fn is_organisation(t: &str) -> bool {
    let t = t.trim();
    let l = t.to_lowercase();
    words(t) <= 5
        && t.starts_with(char::is_uppercase)
        && (municipality_line(t).is_some()
            || l.starts_with("region ")
            || l.ends_with("förbund")
            || l.ends_with("förbundet")
            || l.ends_with(" landsting"))
}

/// A unit of an administration named by its kind: "personalavdelningen", "Ekonomienheten",
/// "Kulturförvaltningen", "Miljökontoret", "Ledningsstaben".
fn is_unit(t: &str) -> bool {
    let l = t.trim().to_lowercase();
    [
        "avdelningen",
        "enheten",
        "förvaltningen",
        "kontoret",
        "staben",
        "sektionen",
    ]
    .iter()
    .any(|w| l.ends_with(w))
}

/// The first committee named inside a text (a title), in the nominative or the genitive
/// ("Socialnämndens plan" → Socialnämnden, "Tekniska nämnden – Internkontroll 2022" →
/// Tekniska nämnden).
pub fn committee_in(text: &str) -> Option<String> {
    static ANY: LazyLock<Regex> = LazyLock::new(|| Regex::new(COMMITTEE).expect("committee regex"));
    ANY.captures_iter(text)
        .map(|c| c.get(1).map_or("", |m| m.as_str()).to_string())
        .find(|m| names_committee(m))
        .map(|m| capitalize(&m.to_lowercase()))
}

/// The committee a sentence says decided the plan ("Planen antogs av socialnämnden den
/// 14 februari 2023." → Socialnämnden; "Barn- och utbildningsnämnden antog 2018-12-13 …").
fn committee_in_sentence(text: &str) -> Option<String> {
    // Every pattern holds COMMITTEE, which names a nämnd, a styrelse or a direktion: a text
    // without one of these is spared the patterns (and a run without one, their compiling).
    let lower = text.to_lowercase();
    if !["nämnd", "tyrel", "tionen"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return None;
    }
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i:\b(?:antogs|antagen|antaget|antagits|beslutad|beslutades|beslutats|fastställd|fastställdes|fastställts|godkänd|godkändes|godkänts)\s+(?:av|i)\s+){COMMITTEE}"
        ))
        .expect("decided-by regex")
    });
    static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"{COMMITTEE}(?i:\s+(?:har\s+)?(?:antog|antagit|antar|beslutade|beslutat|beslutar|fastställde|fastställt|fastställer|godkände|godkänt|godkänner)\b)"
        ))
        .expect("committee-decides regex")
    });
    // "Bildningsnämnden - Intern kontroll ska genomföras av …": the committee heads the line.
    static HEADS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"^{COMMITTEE}\s*[-–—:]\s")).expect("heads regex"));
    [&*BY, &*SUBJECT, &*HEADS].iter().find_map(|re| {
        re.captures_iter(text)
            .filter(|c| c[2].is_empty())
            .map(|c| c[1].to_string())
            .find(|m| names_committee(m))
            .map(|m| capitalize(&m.to_lowercase()))
    })
}

/// An administration named by a whole text ("Socialförvaltningen",
/// "Stadsledningskontoret").
fn administration_line(t: &str) -> Option<String> {
    let t = t.trim().trim_end_matches([',', '.']).trim();
    let l = t.to_lowercase();
    // "Socialförvaltningen", "Miljökontoret", "Hälso- och sjukvårdsnämndens förvaltning".
    let admin = l.ends_with("förvaltningen")
        || l.ends_with("kontoret")
        || l.ends_with("nämndens förvaltning")
        || l.ends_with("styrelsens förvaltning");
    (admin && words(t) <= 5 && t.chars().next().is_some_and(char::is_uppercase))
        .then(|| name_case(t))
}

/// A municipality named by a whole text ("Ålidens kommun", "Malmö stad"), kept as written.
fn municipality_line(t: &str) -> Option<String> {
    static KOMMUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)?\s+(?i:kommun|stad)$")
            .expect("kommun regex")
    });
    let t = t.trim().trim_end_matches([',', '.']).trim();
    KOMMUN.is_match(t).then(|| t.to_string())
}

/// A registry number: has a digit, is short ("SN 2021/123", "2024SOCN18 003").
fn registry_number(v: &str) -> Option<String> {
    // Two numbers side by side ("MN0199 Dnr 2013-KS0247 / 003"): the first.
    static NEXT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s+(?:dnr|diarienummer)\b").expect("next dnr regex"));
    let v = NEXT.find(v).map_or(v, |m| &v[..m.start()]);
    let v = v.trim().trim_end_matches([',', ';']).trim();
    (!v.is_empty() && v.chars().any(|c| c.is_ascii_digit()) && words(v) <= 5).then(|| v.to_string())
}

/// A registry number as registrars write it: the registry's letters, then numbers joined
/// by "/" or "-" ("KS 2022/45", "BUN-2018-122", "HSN 0910-1326").
static REGISTRY_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}{2,6}[ .-]?\d{2,4}[/.-]\d{1,5}(?:[/.-]\d{1,5})?$").expect("registry regex")
});

/// A registry number alone on its line, or after the short label "Nr" that only such a
/// number makes a registry's ("Nr KFN.2015.52"; "Nr 3" is no registry number).
fn registry_alone(t: &str) -> Option<&str> {
    let bare = ["Nr:", "Nr.", "Nr ", "NR "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .map_or(t, str::trim);
    REGISTRY_ALONE.is_match(bare).then_some(bare)
}

/// A registry number inside a title ("… internkontrollplan 2017 Dnr BUN16/123").
fn registry_in_title(title: &str) -> Option<String> {
    static DNR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:dnr|d nr|diarienummer|diarienr)\b[.:]?\s*(\S.*)$")
            .expect("title dnr regex")
    });
    DNR.captures(title).and_then(|c| registry_number(&c[1]))
}

/// One fact a line or cell gives.
#[derive(Debug, Clone, PartialEq)]
enum Fact {
    Diarienummer(String),
    Datum(Date),
    Namnd(String),
    Forvaltning(String),
    Kommun(String),
    Ar(i32),
}

/// What a part of a meta line names by itself ("Barn- och utbildningsnämnden", "Ålidens
/// kommun", "2023", "2023-02-14").
fn fact_of_part(part: &str) -> Option<Fact> {
    let t = part.trim();
    committee_line(t)
        .map(Fact::Namnd)
        .or_else(|| administration_line(t).map(Fact::Forvaltning))
        .or_else(|| municipality_line(t).map(Fact::Kommun))
        .or_else(|| year_alone(t).filter(|_| t.len() <= 6).map(Fact::Ar))
        .or_else(|| {
            (words(t) <= 4)
                .then(|| parse_date(t))
                .flatten()
                .map(Fact::Datum)
        })
}

/// The facts of one labelled value; empty when the value is not one for its label. With a
/// colon after the label any short value is taken for a name; without one it must look
/// like one ("Nämnd och förvaltning ansvarar …" is no name).
fn facts_of_value(slot: Slot, colon: bool, value: &str) -> Vec<Fact> {
    let v = value.trim();
    let short_name = |v: &str| colon && !v.is_empty() && words(v) <= 6 && !v.ends_with('.');
    match slot {
        Slot::Diarienummer => registry_number(v)
            .map(Fact::Diarienummer)
            .into_iter()
            .collect(),
        Slot::Datum => parse_date(v).map(Fact::Datum).into_iter().collect(),
        Slot::Beslut => {
            // "… 2019-01-21 § 9. Riskvärde = …": the first sentence is the decision's.
            // "… 2019-12-10, § 58. Dnr 2019/0412", "… § 231, dnr 2019/0688": the decision's
            // registry number.
            let dnr = registry_in_title(v);
            let v = match v.find(". ") {
                Some(i) if v[i + 2..].starts_with(char::is_uppercase) => &v[..=i],
                _ => v,
            };
            let v = match v.strip_suffix('.') {
                Some(first) if first.contains('§') => first,
                _ => v,
            };
            if v.ends_with('.') || words(v) > 12 {
                return Vec::new();
            }
            let mut out: Vec<Fact> = find_dates(v)
                .first()
                .map(|(d, _)| Fact::Datum(*d))
                .into_iter()
                .collect();
            if !out.is_empty()
                && let Some(n) = committee_in(v)
            {
                out.push(Fact::Namnd(n));
            }
            if !out.is_empty()
                && let Some(dnr) = dnr
            {
                out.push(Fact::Diarienummer(dnr));
            }
            out
        }
        Slot::Namnd => committee_line(v)
            .or_else(|| short_name(v).then(|| name_case(v)))
            .map(Fact::Namnd)
            .into_iter()
            .collect(),
        Slot::Forvaltning => administration_line(v)
            .or_else(|| short_name(v).then(|| name_case(v)))
            .map(Fact::Forvaltning)
            .into_iter()
            .collect(),
        Slot::Kommun => municipality_line(v)
            .or_else(|| short_name(v).then(|| v.to_string()))
            .map(Fact::Kommun)
            .into_iter()
            .collect(),
        Slot::Ar => year_alone(v)
            .or_else(|| leading_year(v))
            .map(Fact::Ar)
            .into_iter()
            .collect(),
        Slot::Organ => fact_of_part(v)
            .filter(|f| matches!(f, Fact::Namnd(_) | Fact::Forvaltning(_) | Fact::Kommun(_)))
            .into_iter()
            .collect(),
        Slot::Ovrigt => Vec::new(),
    }
}

impl Facts {
    /// Takes a fact when its field is empty or already holds the same value; `false` when
    /// it holds another (the caller keeps the line as a note).
    fn take(&mut self, fact: Fact) -> bool {
        fn put<T: PartialEq>(slot: &mut Option<T>, v: T) -> bool {
            match slot {
                Some(old) => *old == v,
                None => {
                    *slot = Some(v);
                    true
                }
            }
        }
        match fact {
            Fact::Diarienummer(v) => put(&mut self.diarienummer, v),
            Fact::Datum(d) => put(&mut self.datum, d),
            Fact::Namnd(v) => put(&mut self.namnd, v),
            Fact::Forvaltning(v) => put(&mut self.forvaltning, v),
            Fact::Kommun(v) => put(&mut self.kommun, v),
            Fact::Ar(y) => put(&mut self.ar, y),
        }
    }

    /// Whether every fact can be taken (no field holds another value).
    fn fits(&self, facts: &[Fact]) -> bool {
        let mut probe = self.clone();
        facts.iter().all(|f| probe.take(f.clone()))
    }

    /// Fills the fields this has not found from `other` and appends its notes and headings:
    /// for facts read elsewhere (a label row above a table, see [`label_value_facts`]).
    pub fn merge(&mut self, other: Facts) {
        self.titel = self.titel.take().or(other.titel);
        self.ar = self.ar.or(other.ar);
        self.typ_hint = self.typ_hint.or(other.typ_hint);
        self.period = self.period.or(other.period);
        self.datum = self.datum.or(other.datum);
        self.diarienummer = self.diarienummer.take().or(other.diarienummer);
        self.namnd = self.namnd.take().or(other.namnd);
        self.forvaltning = self.forvaltning.take().or(other.forvaltning);
        self.kommun = self.kommun.take().or(other.kommun);
        self.notes.extend(other.notes);
        self.headings.extend(other.headings);
    }
}

/// The facts of a row of labels and the row of values under it, cell by cell: "Datum | Dnr
/// | Sida" over "2023-02-14 | SN 2021/123 | 1" gives datum and diarienummer. `None` unless
/// every filled label is a known label of a title block (Datum, Dnr, Diarienummer, Nämnd,
/// Förvaltning, Kommun, År, Beslutad, Fastställd, Antagen, Enhet, Sida, Handläggare …),
/// at least one value is a fact, and every value of a fact's label reads as one. Values of
/// labels that name no fact ("Sida", "Handläggare") come back as notes ("Handläggare: Lars
/// Wedlin"), so nothing is lost.
///
/// # Examples
///
/// ```
/// use ikplan::normalize::facts::label_value_facts;
///
/// let labels = ["Datum", "Dnr", "Sida"].map(String::from);
/// let values = ["2023-02-14", "SN 2021/123", "1"].map(String::from);
/// let f = label_value_facts(&labels, &values).unwrap();
/// assert_eq!(f.diarienummer.as_deref(), Some("SN 2021/123"));
/// assert_eq!(f.datum.map(|d| d.to_string()).as_deref(), Some("2023-02-14"));
/// ```
pub fn label_value_facts(labels: &[String], values: &[String]) -> Option<Facts> {
    let (found, notes) = label_value_pairs(labels, values)?;
    let mut f = Facts {
        notes,
        ..Default::default()
    };
    for fact in found {
        f.take(fact);
    }
    Some(f)
}

/// The facts of labels over values, and the notes of labels that name no fact; see
/// [`label_value_facts`].
fn label_value_pairs(labels: &[String], values: &[String]) -> Option<(Vec<Fact>, Vec<String>)> {
    let mut found: Vec<Fact> = Vec::new();
    let mut notes = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        if label.trim().is_empty() {
            continue;
        }
        let slot = label_slot(label)?;
        let value = fold_ws(values.get(i).map_or("", String::as_str));
        if value.is_empty() {
            continue;
        }
        if slot == Slot::Ovrigt {
            notes.push(format!("{}: {value}", fold_ws(label).trim_end_matches(':')));
            continue;
        }
        let more = facts_of_value(slot, true, &value);
        if more.is_empty() {
            return None;
        }
        found.extend(more);
    }
    (!found.is_empty() && Facts::default().fits(&found)).then_some((found, notes))
}

/// A line of labels and the line of values under it, as text ("Datum Diarienummer" over
/// "2015-12-16 2015-5613"): the values split at spaces, the surplus words given to the one
/// label that names no fact ("Handläggare", "Sida") when there is one.
fn label_line_facts(labels: &str, values: &str) -> Option<(Vec<Fact>, Vec<String>)> {
    let labels: Vec<String> = labels.split_whitespace().map(String::from).collect();
    if labels.len() < 2 || labels.iter().any(|l| label_slot(l).is_none()) {
        return None;
    }
    let tokens: Vec<&str> = values.split_whitespace().collect();
    let surplus = tokens.len().checked_sub(labels.len())?;
    let wide: Vec<usize> = labels
        .iter()
        .enumerate()
        .filter(|(_, l)| label_slot(l) == Some(Slot::Ovrigt))
        .map(|(i, _)| i)
        .collect();
    if surplus > 0 && wide.len() != 1 {
        return None;
    }
    let mut cells = Vec::with_capacity(labels.len());
    let mut at = 0;
    for i in 0..labels.len() {
        let n = if surplus > 0 && wide[0] == i {
            surplus + 1
        } else {
            1
        };
        cells.push(tokens[at..at + n].join(" "));
        at += n;
    }
    label_value_pairs(&labels, &cells)
}

/// The facts a file's or a sheet's name gives, read as a title line is: "IK-plan
/// Kommunstyrelsen 2020.xlsx", "Internkontrollplan_2021_Socialnämnden.csv", a sheet
/// "Uppföljning delår 2021". Only the year, the kind, the period and the nämnd are taken
/// (for a document whose own text does not say them); a name such as "Blad1" gives nothing.
pub fn name_facts(name: &str) -> Facts {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && (1..=5).contains(&ext.len()) => stem,
        _ => file,
    };
    let text = stem.replace('_', " ");
    let f = facts(&[ProseLine {
        line: 0,
        text,
        heading: 0,
        cells: 1,
        parts: Vec::new(),
    }]);
    Facts {
        ar: f.ar,
        typ_hint: f.typ_hint,
        period: f.period,
        namnd: f.namnd,
        ..Facts::default()
    }
}

/// Reads the facts of a document from its prose lines (those before its first table and
/// those between and after its tables, in order).
///
/// Read: a title ([`is_title`]) with the year, kind, period, committee ("Tekniska nämnden
/// – Internkontroll 2022", "Socialnämndens plan …") and registry number ("… Dnr BUN
/// 2018/12") in it; labelled lines ("Dnr SN 2021/123", "Diarienummer: KS 2022/45",
/// "Datum: 2023-02-14", "Beslutad 2023-02-14", "Antagen av nämnden 2023-02-14", "Nämnd:
/// Byggnadsnämnden", "Enhet: Kulturnämnden", "Förvaltning: Socialförvaltningen", "År:
/// 2019"), several on one line ("Nämnd: Byggnadsnämnden Fastställd: 2019-09-25"), a label
/// alone with its value on the next line, a line of labels over a line of values; lines
/// that name a committee, administration or municipality, alone or together ("Barn- och
/// utbildningsnämnden, Ålidens kommun"); a date or a year alone. When no line names the
/// committee, a sentence that says it decided the plan does ("Planen antogs av
/// socialnämnden den 14 februari 2023."); the sentence stays a note. Years and dates inside
/// other sentences are not facts.
pub fn facts(lines: &[ProseLine]) -> Facts {
    let mut f = Facts::default();
    // Lines of body text written more than once (a page's running head: "Internkontrollplan
    // 2024 - Valnämnden" at the top of every page; a title repeated as a heading is none).
    let mut seen: HashMap<String, usize> = HashMap::new();
    for l in lines.iter().filter(|l| l.heading == 0) {
        *seen.entry(fold_ws(&l.text).to_lowercase()).or_insert(0) += 1;
    }
    let running = |t: &str| seen.get(&t.to_lowercase()).is_some_and(|&n| n >= 2);
    let mut i = 0;
    let mut periods: Vec<Period> = Vec::new();
    while i < lines.len() {
        let raw = fold_ws(&lines[i].text);
        // "- Nämnd: Miljönämnden" (a Markdown list of labelled values): the labelled line.
        let t = match list_item_rest(&raw) {
            Some(rest) if matches!(label_prefix(rest), Some((_, true, _))) => rest,
            _ => raw.as_str(),
        };
        let next = lines.get(i + 1).map(|l| fold_ws(&l.text));
        i += 1;
        if t.is_empty() {
            continue;
        }
        // Every line that is not blank lands somewhere (the ledger counts on it): a value
        // that differs from one already read is not dropped but falls through to the notes.
        let short = words(t) <= 12 && !is_list_item(t);
        // "Dokumenttyp: Internkontrollplan" (a document head's label) is no title.
        let title = is_title(t) && !matches!(label_prefix(t), Some((Slot::Ovrigt, _, _)));
        // A general title over a plan's own ("Internkontrollplaner 2016", then
        // "Internkontrollplan 2016 Kulturnämnden"): the one naming the committee is the title.
        // An agenda's numbered item ("8. Granskningsplan för intern kontroll …") gives way to
        // the document's own title below it.
        // A sentence of the text that names the committee ("Kommunstyrelsen antog i december
        // 2018 en plan för intern kontroll för 2019. Uppföljningen avser") is no title.
        // A page's running head gives way to the title written once below it.
        if title
            && !is_sentence(t)
            && !running(t)
            && let Some(old) = f.titel.take_if(|old| {
                (committee_in(old).is_none() && committee_in(t).is_some())
                    || (agenda_item(old) && !agenda_item(t))
                    || running(old)
            })
        {
            f.notes.push(old);
            f.typ_hint = None;
        }
        // A later title line gives the year the title lacks ("Kontrollplan 2013" under
        // "Internkontrollplan, Miljönämnden"); the line stays a note.
        if title
            && f.titel.is_some()
            && f.ar.is_none()
            && let Some(year) = title_year(t)
        {
            f.ar = Some(year);
            f.notes.push(t.to_string());
            continue;
        }
        if f.titel.is_none() && title {
            // "Period: Uppföljning intern kontroll 2018": a label before the title.
            let t = match t.split_once(':') {
                Some((label, rest)) if label.split_whitespace().count() <= 2 && is_title(rest) => {
                    rest.trim()
                }
                _ => t,
            };
            // A title wrapped onto the next line: "Uppföljning av plan för intern kontroll
            // 2019 -" / "tertialrapport 2", "… internkontrollplan" / "2018 per 31 augusti".
            let wrapped = next.as_deref().filter(|nv| title_goes_on(t, nv));
            let t = match wrapped {
                Some(nv) => {
                    i += 1;
                    format!("{t} {nv}")
                }
                None => t.to_string(),
            };
            let t = t.as_str();
            f.titel = Some(t.to_string());
            f.typ_hint = Some(title_type(t));
            f.ar = f.ar.or(title_year(t));
            if let Some(p) = period_in(t) {
                periods.push(p);
            }
            if f.diarienummer.is_none() {
                f.diarienummer = registry_in_title(t);
            }
            // "Riskrapport 2017 - Kultur, idrott och fritidsförvaltningen": the part after a
            // dash names the administration.
            if f.forvaltning.is_none() {
                f.forvaltning = t
                    .replace(" – ", " - ")
                    .replace(" — ", " - ")
                    .split(" - ")
                    .skip(1)
                    .find_map(administration_line);
            }
            continue;
        }
        if short && let Some(pairs) = labelled_values(t) {
            let found: Vec<Fact> = pairs
                .iter()
                .flat_map(|(slot, v)| facts_of_value(*slot, true, v))
                .collect();
            let all_read = pairs.iter().all(|(slot, v)| {
                v.is_empty() || *slot == Slot::Ovrigt || !facts_of_value(*slot, true, v).is_empty()
            });
            if all_read && !found.is_empty() && f.fits(&found) {
                for fact in found {
                    f.take(fact);
                }
                continue;
            }
        }
        // "Helårsuppföljning, behandlad av kommunstyrelsen 2017-02-15, § 21.": the kind of
        // document, naming its period, before the clause of its decision (or its date:
        // "Helårsuppföljning, datum 2019-02-14").
        if short
            && let Some((head, rest)) = t.split_once(", ")
            && words(head) <= 2
            && let Some(p) = period_in(head)
            && let Some((slot @ (Slot::Beslut | Slot::Datum), colon, v)) = label_prefix(rest)
        {
            let found = facts_of_value(slot, colon, v);
            if !found.is_empty() && f.fits(&found) {
                for fact in found {
                    f.take(fact);
                }
                periods.push(p);
                if f.typ_hint.is_none() && head.to_lowercase().contains("uppföljning") {
                    f.typ_hint = Some(DocType::Uppfoljning);
                }
                continue;
            }
        }
        // "Antagen av socialnämnden 2023-01-26." is the labelled line with its full stop.
        let labelled = match t.strip_suffix('.') {
            Some(bare) if words(t) <= 8 && !bare.ends_with('.') => bare,
            _ => t,
        };
        if let Some((slot, colon, v)) =
            label_prefix(labelled).or_else(|| label_prefix(after_paragraph_mark(labelled)?))
        {
            let takes_next = matches!(slot, Slot::Diarienummer | Slot::Datum);
            if v.is_empty() && takes_next {
                let nv = next.clone().unwrap_or_default();
                let found = facts_of_value(slot, true, &nv);
                if !found.is_empty() && f.fits(&found) {
                    found.into_iter().for_each(|x| {
                        f.take(x);
                    });
                    i += 1;
                    continue;
                }
                if slot == Slot::Diarienummer {
                    // A label with nothing after it: kept as a note.
                    f.notes.push(t.to_string());
                    continue;
                }
            } else if slot == Slot::Diarienummer || short {
                let found = facts_of_value(slot, colon, v);
                if !found.is_empty() && f.fits(&found) {
                    found.into_iter().for_each(|x| {
                        f.take(x);
                    });
                    continue;
                }
                // A decision by a committee named otherwise than the document's
                // ("Beslutad av överförmyndarnämnden …" in "Södertörns överförmyndarnämnd"'s
                // plan): its date is still the decision's; the line stays a note.
                if slot == Slot::Beslut
                    && f.datum.is_none()
                    && let Some(Fact::Datum(d)) = found.first()
                {
                    f.datum = Some(*d);
                }
            }
        }
        if short && !t.ends_with('.') {
            let parts: Vec<&str> = META_SEPARATOR.split(t).collect();
            if parts.len() >= 2 {
                let found: Option<Vec<Fact>> = parts.iter().map(|p| fact_of_part(p)).collect();
                if let Some(found) = found
                    && f.fits(&found)
                {
                    found.into_iter().for_each(|x| {
                        f.take(x);
                    });
                    continue;
                }
            }
        }
        if short {
            if f.namnd.is_none()
                && let Some(n) = committee_line(t)
            {
                f.namnd = Some(n);
                continue;
            }
            // "Direktionen 2023-05-25": the committee and the day of its meeting.
            if f.namnd.is_none()
                && f.datum.is_none()
                && let Some((head, last)) = t.rsplit_once(' ')
                && let Some(d) = parse_date(last)
                && let Some(n) = committee_line(head)
            {
                f.namnd = Some(n);
                f.datum = Some(d);
                continue;
            }
            if words(t) <= 5 {
                if let Some(a) = administration_line(t) {
                    if f.forvaltning.is_none() {
                        f.forvaltning = Some(a);
                        continue;
                    }
                } else if let Some(k) = municipality_line(t).filter(|_| words(t) <= 3)
                    && f.kommun.is_none()
                {
                    f.kommun = Some(k);
                    continue;
                }
            }
        }
        // A registry number alone on its line, without its label: "HSN 0910-1326",
        // "KS2016/810/01", "LOC 1706-0751".
        if f.diarienummer.is_none()
            && let Some(dnr) = registry_alone(t)
        {
            f.diarienummer = Some(dnr.to_string());
            continue;
        }
        // A date heading a short line: "2019-02-20 ÄRENDE 09" (the rest is a note).
        if f.datum.is_none()
            && words(t) <= 6
            && let Some((first, rest)) = t.split_once(' ')
            && first.len() == 10
            && let Some(d) = parse_date(first)
        {
            f.datum = Some(d);
            f.notes.push(rest.trim().to_string());
            continue;
        }
        if words(t) <= 4
            && let Some(d) = parse_date(t)
            && f.datum.is_none_or(|old| old == d)
        {
            f.datum = Some(d);
            continue;
        }
        if let Some(y) = year_alone(t)
            && f.ar.is_none_or(|old| old == y)
        {
            // A year alone on a line (a cover page's "2023").
            f.ar = Some(y);
            continue;
        }
        if short
            && let Some(nv) = &next
            && let Some((found, notes)) = label_line_facts(t, nv)
            && f.fits(&found)
        {
            found.into_iter().for_each(|x| {
                f.take(x);
            });
            f.notes.extend(notes);
            i += 1;
            continue;
        }
        if short && !t.ends_with('.') {
            if let Some(p) = period_in(t) {
                periods.push(p);
            }
            if f.typ_hint.is_none() && t.to_lowercase().starts_with("uppföljning") {
                f.typ_hint = Some(DocType::Uppfoljning);
            }
        } else if let Some(p) = follow_up_sentence(t) {
            // "Uppföljning helår 2019. Rapporten sammanställer …": a line opening with a
            // follow-up and its period as a sentence of its own.
            periods.push(p);
            if f.typ_hint.is_none() {
                f.typ_hint = Some(DocType::Uppfoljning);
            }
        }
        if lines[i - 1].heading > 0 || is_section_heading(t) {
            f.headings.push(t.to_string());
            continue;
        }
        f.notes.push(t.to_string());
    }
    if f.titel.is_none() {
        // The document's first line, short and naming a year, when it is no fact and no
        // heading: the title ("Redovisning 2010"); otherwise the first heading that is not
        // a numbered section.
        let first = lines
            .iter()
            .map(|l| fold_ws(&l.text))
            .find(|t| !t.is_empty());
        if let Some(first) = first
            && words(&first) <= 10
            && !first.ends_with('.')
            && year_in(&first).is_some()
            && let Some(i) = f.notes.iter().position(|n| *n == first)
        {
            let t = f.notes.remove(i);
            f.ar = f.ar.or(title_year(&t));
            f.typ_hint = f.typ_hint.or(Some(title_type(&t)));
            f.titel = Some(t);
        } else {
            f.titel = f
                .headings
                .iter()
                .find(|h| !is_section_heading(h))
                .or(f.headings.first())
                .cloned();
            // A heading that names the internal control and a year ("Utförd internkontroll
            // 2015") gives the year.
            if let Some(t) = &f.titel
                && t.to_lowercase().contains("kontroll")
            {
                f.ar = f.ar.or(title_year(t));
            }
        }
    }
    // "Redovisningen avser helåret 2015.": a sentence that says which period it covers.
    if periods.is_empty() {
        static COVERS: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)\b(?:avser|gäller|omfattar)\s+([^.;]{1,60})").expect("covers regex")
        });
        periods.extend(
            f.notes
                .iter()
                .filter_map(|n| COVERS.captures(n))
                .filter_map(|c| period_in(&c[1]))
                .take(1),
        );
    }
    if f.namnd.is_none() {
        f.namnd = f.titel.as_deref().and_then(committee_in);
    }
    if f.namnd.is_none() {
        f.namnd = f.notes.iter().find_map(|n| committee_in_sentence(n));
    }
    periods.dedup();
    if periods.len() == 1 {
        f.period = Some(periods[0]);
    } else if let Some(first) = periods.first() {
        f.period = Some(*first);
    }
    f
}

/// Words the line under a title may have to go on with it.
const TITLE_WRAP_MAX_WORDS: usize = 5;

/// Whether the line `next` under the title `title` is the rest of it, wrapped by the page's
/// width: short, no sentence and no labelled fact, and either the title ends on a dash
/// ("… 2019 -" over "tertialrapport 2") or the line starts in lower case, or with the year
/// a title without one lacks ("… internkontrollplan" over "2018 per 31 augusti").
fn title_goes_on(title: &str, next: &str) -> bool {
    let next = next.trim();
    let first = next.split_whitespace().next().unwrap_or_default();
    let year_first = title_year(title).is_none()
        && words(next) >= 2
        && first.len() == 4
        && year_alone(first).is_some();
    !next.is_empty()
        && words(next) <= TITLE_WRAP_MAX_WORDS
        && !next.ends_with('.')
        && label_prefix(next).is_none()
        && parse_date(first).is_none()
        && (title.ends_with(" -")
            || title.ends_with(" –")
            || next.starts_with(char::is_lowercase)
            || year_first)
}

/// Words a line's first sentence may have to name a follow-up and its period.
const FOLLOW_UP_SENTENCE_WORDS: usize = 4;

/// The period of a line whose first sentence is a follow-up named with its period and
/// nothing else ("Uppföljning helår 2019.", "Delårsuppföljning per augusti.").
fn follow_up_sentence(line: &str) -> Option<Period> {
    let first = line.split_once(". ").map_or(line, |(s, _)| s);
    let first = first.trim_end_matches('.');
    (words(first) <= FOLLOW_UP_SENTENCE_WORDS
        && first
            .split_whitespace()
            .next()
            .is_some_and(|w| w.to_lowercase().contains("uppföljning")))
    .then(|| period_in(first))
    .flatten()
}

/// What separates the parts of a meta line ("Barn- och utbildningsnämnden, Ålidens
/// kommun", "Socialnämnden – Socialförvaltningen | 2023").
static META_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:,|;|\|)\s*|\s+[-–—/]\s+").expect("separator regex"));

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<ProseLine> {
        v.iter()
            .enumerate()
            .map(|(i, t)| ProseLine {
                line: i as u32 + 1,
                text: t.to_string(),
                heading: 0,
                cells: 1,
                parts: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_decision_line_with_a_registry_number_after_its_paragraph() {
        let f = facts(&lines(&[
            "Internkontrollplan 2020",
            "Fastställd av förbundsdirektionen 2019-12-10, § 58. Dnr 2019/0412",
        ]));
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2019-12-10")
        );
        assert_eq!(f.diarienummer.as_deref(), Some("2019/0412"));
    }

    #[test]
    fn a_decision_line_with_a_lower_case_registry_number_after_a_comma() {
        let f = facts(&lines(&[
            "Internkontrollplan 2020",
            "Antagen av kommunstyrelsen 2019-11-26 § 231, dnr 2019/0688",
        ]));
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2019-11-26")
        );
        assert_eq!(f.diarienummer.as_deref(), Some("2019/0688"));
        assert_eq!(f.namnd.as_deref(), Some("Kommunstyrelsen"));
    }

    #[test]
    fn a_decision_by_a_committee_with_its_paragraph_gives_the_date() {
        let f = facts(&lines(&[
            "Internkontrollplan 2023",
            "Beslutad av överförmyndarnämnden 2022-12-14, § 112",
        ]));
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2022-12-14")
        );
    }

    #[test]
    fn a_decision_by_a_committee_named_otherwise_gives_its_date() {
        let f = facts(&lines(&[
            "Södertörns överförmyndarnämnd",
            "Internkontrollplan 2023",
            "Beslutad av överförmyndarnämnden 2022-12-14, § 112",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Södertörns överförmyndarnämnd"));
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2022-12-14")
        );
        assert!(f.notes.iter().any(|n| n.starts_with("Beslutad av")));
    }

    #[test]
    fn a_registry_number_labelled_nr() {
        let f = facts(&lines(&["Internkontrollplan 2016", "Nr KFN.2015.52"]));
        assert_eq!(f.diarienummer.as_deref(), Some("KFN.2015.52"));
    }

    #[test]
    fn a_board_and_its_meeting_date_on_one_line() {
        let f = facts(&lines(&[
            "Uppföljning av internkontrollplan 2023 - delår 1",
            "Direktionen 2023-05-25",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Direktionen"));
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2023-05-25")
        );
    }

    #[test]
    fn a_period_before_a_decision_clause_gives_the_period_and_the_date() {
        let f = facts(&lines(&[
            "Uppföljning av intern kontroll 2016",
            "Helårsuppföljning, behandlad av kommunstyrelsen 2017-02-15, § 21.",
        ]));
        assert_eq!(f.period, Some(Period::Helar));
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2017-02-15")
        );
        assert_eq!(f.namnd.as_deref(), Some("Kommunstyrelsen"));
        assert!(f.notes.is_empty(), "{:?}", f.notes);
        // A sentence that only names a period before a comma stays a note.
        let f = facts(&lines(&["Helårsuppföljning, se bilaga 2."]));
        assert_eq!(f.datum, None);
        assert_eq!(f.notes, ["Helårsuppföljning, se bilaga 2."]);
    }

    #[test]
    fn a_pages_running_head_gives_way_to_the_title_written_once() {
        let f = facts(&lines(&[
            "Lunds kommun",
            "Internkontrollplan 2024 - Valnämnden",
            "Lunds kommun",
            "Internkontrollplan 2024",
            "Valnämnden",
            "Fastställd av valnämnden 2024-02-13 § 4",
            "Lunds kommun",
            "Internkontrollplan 2024 - Valnämnden",
        ]));
        assert_eq!(f.titel.as_deref(), Some("Internkontrollplan 2024"), "{f:?}");
        assert_eq!(f.namnd.as_deref(), Some("Valnämnden"));
        assert_eq!(f.ar, Some(2024));
    }

    #[test]
    fn a_minutes_paragraph_mark_before_the_registry_number_is_passed_over() {
        let f = facts(&lines(&["§ 23   Dnr KS 2021/0031", "§ 24 Ärendet"]));
        assert_eq!(f.diarienummer.as_deref(), Some("KS 2021/0031"));
        assert!(f.notes.iter().any(|n| n == "§ 24 Ärendet"), "{:?}", f.notes);
    }

    #[test]
    fn a_title_wrapped_onto_the_next_line_and_a_district_committee_in_the_nominative() {
        let f = facts(&lines(&[
            "Hässelby-Vällingby stadsdelsnämnd",
            "Uppföljning av plan för intern kontroll 2019 -",
            "tertialrapport 2",
        ]));
        assert_eq!(
            f.titel.as_deref(),
            Some("Uppföljning av plan för intern kontroll 2019 - tertialrapport 2")
        );
        assert_eq!(
            f.namnd.as_deref(),
            Some("Hässelby-Vällingby stadsdelsnämnd")
        );
        let f = facts(&lines(&[
            "Uppföljning av kommunstyrelsens internkontrollplan",
            "2018 per 31 augusti",
        ]));
        assert_eq!(f.ar, Some(2018));
        // A date or a labelled fact under the title is no part of it.
        let f = facts(&lines(&["Internkontrollplan", "2019-02-14"]));
        assert_eq!(f.titel.as_deref(), Some("Internkontrollplan"));
        assert!(!title_goes_on("Internkontrollplan 2020", "Dnr 2019/12"));
    }

    #[test]
    fn a_sentence_naming_the_committee_does_not_displace_the_title() {
        let f = facts(&lines(&[
            "§ 18",
            "Uppföljning av intern kontroll 2019",
            "Dnr KS 2019/0032",
            "Kommunstyrelsen antog i december 2018 en plan för intern kontroll för 2019. Uppföljningen avser",
        ]));
        assert_eq!(
            f.titel.as_deref(),
            Some("Uppföljning av intern kontroll 2019")
        );
        // A sentence ending on a year is a sentence too.
        let f = facts(&lines(&[
            "Uppföljning av intern kontroll 2022 - helår",
            "Beslut",
            "Kommunkontoret har följt upp kommunstyrelsens internkontrollplan för 2022. Två kontroller är",
        ]));
        assert_eq!(
            f.titel.as_deref(),
            Some("Uppföljning av intern kontroll 2022 - helår")
        );
        // A title naming the committee still displaces a general one.
        let f = facts(&lines(&[
            "Internkontrollplaner 2016",
            "Internkontrollplan 2016 Kulturnämnden",
        ]));
        assert_eq!(
            f.titel.as_deref(),
            Some("Internkontrollplan 2016 Kulturnämnden")
        );
    }

    #[test]
    fn a_two_column_table_of_words_and_meanings_gives_legend_lines() {
        let at = |line: u32, text: &str| ProseLine {
            line,
            text: text.to_string(),
            heading: 0,
            cells: 1,
            parts: Vec::new(),
        };
        let lines = [
            at(16, "Bedömningsskala"),
            at(18, "Bedömning"),
            at(18, "Innebörd"),
            at(19, "Tillfredsställande"),
            at(19, "Inga brister"),
            at(20, "Delvis tillfredsställande"),
            at(20, "Mindre brister"),
            at(22, "Kommunstyrelsen"),
            at(22, "2020-02-26"),
        ];
        assert_eq!(
            table_legends(&lines),
            [
                "Bedömning = Innebörd, Tillfredsställande = Inga brister, \
                 Delvis tillfredsställande = Mindre brister",
                "Bedömning: Tillfredsställande = Inga brister, \
                 Delvis tillfredsställande = Mindre brister",
            ]
        );
        let vocab = crate::normalize::vocab::Vocab::default();
        let legends = table_legends(&lines);
        let v = vocab
            .with_legends(legends.iter().map(String::as_str))
            .expect("a legend");
        assert_eq!(
            v.assessment("Delvis tillfredsställande"),
            Some(crate::model::Assessment::MindreBrister)
        );
    }

    #[test]
    fn a_grid_legend_table_comes_as_rows_of_two_parts() {
        let row = |line: u32, a: &str, b: &str| ProseLine {
            line,
            text: format!("{a} {b}"),
            heading: 0,
            cells: 2,
            parts: vec![a.to_string(), b.to_string()],
        };
        let lines = [
            row(3, "Grön", "Genomförd"),
            row(4, "Gul", "Pågående"),
            row(5, "Röd", "Ej påbörjad"),
        ];
        // Also tried with the first row as the label of the rest (a header row).
        assert_eq!(
            table_legends(&lines),
            [
                "Grön = Genomförd, Gul = Pågående, Röd = Ej påbörjad",
                "Grön: Gul = Pågående, Röd = Ej påbörjad"
            ]
        );
        let v = crate::normalize::vocab::Vocab::default()
            .with_legends(table_legends(&lines).iter().map(String::as_str))
            .expect("a legend");
        assert_eq!(v.status("Gul"), Some(crate::model::Status::Pagaende));
    }

    #[test]
    fn a_board_alone_on_its_line_and_a_date_after_the_documents_kind() {
        let f = facts(&lines(&[
            "Ramunderstaden AB",
            "Uppföljning av internkontrollplan 2018",
            "Styrelsen",
            "Helårsuppföljning, datum 2019-02-14",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Styrelsen"));
        assert_eq!(date(&f).as_deref(), Some("2019-02-14"));
    }

    #[test]
    fn a_scale_defined_in_a_sentence_gives_legend_lines() {
        let l = lines(&[
            "Kommunstyrelsen antog en plan. Varje kontroll bedöms i tre steg: tillfredsställande",
            "(inga brister), delvis tillfredsställande (mindre brister) och ej",
            "tillfredsställande (väsentliga brister).",
            "Kontrollerna: se tabellen (bilaga 1).",
        ]);
        assert_eq!(
            sentence_legends(&l),
            [
                "tillfredsställande = inga brister, delvis tillfredsställande = mindre brister, \
                 ej tillfredsställande = väsentliga brister"
            ]
        );
        assert!(sentence_legends(&lines(&["Se bilaga: rutiner (2019)."])).is_empty());
    }

    #[test]
    fn titles() {
        assert!(is_title("Internkontrollplan 2019"));
        assert!(is_title(
            "Uppföljning av Internkontroll, per delårsrapport 2022"
        ));
        assert!(is_title("Socialnämndens plan för intern kontroll"));
        assert!(!is_title("Kommunens arbete med intern kontroll"));
        assert!(!is_title("- Socialnämndens plan för intern kontroll 2023"));
        assert!(!is_title("2 Uppföljning kontroller"));
        assert!(is_title(
            "Emmaboda kommun - Kommunstyrelsen - Internkontroll 2017"
        ));
    }

    #[test]
    fn an_agenda_item_gives_way_to_the_documents_title_and_annual_reports_are_titles() {
        let f = facts(&lines(&[
            "Föredragningslista",
            "8. Granskningsplan för intern kontroll för hälso- och sjukvårdsnämnden",
            "Granskningsplan för intern kontroll 2019",
        ]));
        assert_eq!(
            f.titel.as_deref(),
            Some("Granskningsplan för intern kontroll 2019")
        );
        assert_eq!(f.ar, Some(2019));
        assert!(is_title("Årsredovisning 2019"));
        assert!(is_title("Verksamhetsberättelse 2022"));
        assert!(!is_title("Årsredovisning"));
        assert!(!is_title(
            "Årsredovisning för Miljö- och byggnämnden i Ålidens kommun 2019"
        ));
    }

    #[test]
    fn a_markdown_list_of_labelled_values_gives_its_facts() {
        let f = facts(&lines(&[
            "Internkontrollplan 2022",
            "- Nämnd: Miljö- och hälsoskyddsnämnden",
            "- Diarienummer: MHN 2021/87",
            "- Beslutad: 2021-12-08 § 112",
            "- Stickprov av fakturor",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Miljö- och hälsoskyddsnämnden"));
        assert_eq!(f.diarienummer.as_deref(), Some("MHN 2021/87"));
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2021-12-08")
        );
        // A list item without a label stays a note as written.
        assert_eq!(f.notes, ["- Stickprov av fakturor"]);
    }

    #[test]
    fn a_committee_named_by_three_remits_and_a_report_date() {
        let f = facts(&lines(&[
            "Teknik-, fritid- och kulturnämnden",
            "Rapportdatum: 2022-09-15",
        ]));
        assert_eq!(
            f.namnd.as_deref(),
            Some("Teknik-, fritid- och kulturnämnden")
        );
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2022-09-15")
        );
        assert!(f.notes.is_empty(), "{:?}", f.notes);
    }

    #[test]
    fn a_committee_with_its_unit() {
        assert_eq!(
            committee_line("Kommunstyrelsen, personalavdelningen").as_deref(),
            Some("Kommunstyrelsen")
        );
        assert_eq!(
            committee_line("Socialnämnden – Individ- och familjeomsorgen"),
            None,
            "a unit not named by its kind is left"
        );
        assert_eq!(committee_line("Kommunstyrelsen, protokoll"), None);
        assert_eq!(
            committee_line("Medelpads räddningstjänstförbund, direktionen").as_deref(),
            Some("Direktionen")
        );
        assert_eq!(
            committee_line("Gnosjö kommun, kommunstyrelsen").as_deref(),
            Some("Kommunstyrelsen")
        );
        assert_eq!(
            committee_line("Samverkansnämnden för Sydöstra sjukvårdsregionen").as_deref(),
            Some("Samverkansnämnden för Sydöstra sjukvårdsregionen")
        );
        assert_eq!(
            committee_line("Socialnämnden för Gnosjö kommun").as_deref(),
            None
        );
        assert_eq!(
            committee_line("Socialnämnden för kännedom").as_deref(),
            None
        );
    }

    #[test]
    fn an_adoption_lines_first_sentence_dates_the_plan() {
        let f = facts(&lines(&[
            "Internkontrollplan 2019",
            "Antagen av kommunstyrelsen 2019-01-21 § 9. Riskvärde = sannolikhet x konsekvens (1-4).",
        ]));
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2019-01-21")
        );
    }

    #[test]
    fn committee_from_line_label_and_title() {
        let f = facts(&lines(&[
            "Internkontrollplan 2021",
            "Nämnd: Kultur- och fritidsnämnden",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Kultur- och fritidsnämnden"));
        let f = facts(&lines(&["Socialnämndens plan för intern kontroll", "2023"]));
        assert_eq!(f.namnd.as_deref(), Some("Socialnämnden"));
        assert_eq!(f.ar, Some(2023));
        assert_eq!(f.typ_hint, Some(DocType::Plan));
    }

    #[test]
    fn labels_on_their_own_line_take_the_next_line() {
        let f = facts(&lines(&[
            "Datum",
            "2024-03-21",
            "Diarienummer",
            "2024SOCN18 003",
            "Text här.",
        ]));
        assert_eq!(f.diarienummer.as_deref(), Some("2024SOCN18 003"));
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2024-03-21")
        );
        assert_eq!(f.notes, vec!["Text här."]);
    }

    #[test]
    fn section_headings_are_not_notes() {
        let f = facts(&lines(&[
            "2 Uppföljning kontroller",
            "Egenkontroll sker.",
            "Tanja Mattsson",
            "Socialchef",
        ]));
        assert_eq!(f.headings, vec!["2 Uppföljning kontroller"]);
        assert_eq!(
            f.notes,
            vec!["Egenkontroll sker.", "Tanja Mattsson", "Socialchef"]
        );
    }

    fn date(f: &Facts) -> Option<String> {
        f.datum.map(|d| d.to_string())
    }

    #[test]
    fn title_with_committee_and_year() {
        let f = facts(&lines(&["Tekniska nämnden – Internkontroll 2022"]));
        assert_eq!(f.namnd.as_deref(), Some("Tekniska nämnden"));
        assert_eq!(f.ar, Some(2022));
        assert_eq!(
            f.titel.as_deref(),
            Some("Tekniska nämnden – Internkontroll 2022")
        );
        let f = facts(&lines(&["Internkontroll 2021"]));
        assert_eq!(f.ar, Some(2021));
        assert!(is_title("Intern kontroll år 2021"));
        assert!(is_title("Socialnämnden, internkontroll 2021"));
        assert!(!is_title("Resultat intern kontroll 2022"));
        assert!(!is_title("Internkontroll"));
        assert_eq!(f.typ_hint, Some(DocType::Plan));
        let f = facts(&lines(&[
            "Internkontrollplan för Grund- och förskolenämnden 2024",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Grund- och förskolenämnden"));
        let f = facts(&lines(&[
            "Uppföljning av Barn- och utbildningsnämndens internkontrollplan 2017 Dnr BUN16/123",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Barn- och utbildningsnämnden"));
        assert_eq!(f.diarienummer.as_deref(), Some("BUN16/123"));
        assert_eq!(f.ar, Some(2017));
        assert_eq!(f.typ_hint, Some(DocType::Uppfoljning));
    }

    #[test]
    fn committee_and_municipality_on_one_line() {
        let f = facts(&lines(&[
            "Internkontrollplan 2023",
            "Barn- och utbildningsnämnden, Ålidens kommun",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Barn- och utbildningsnämnden"));
        assert_eq!(f.kommun.as_deref(), Some("Ålidens kommun"));
        assert!(f.notes.is_empty(), "{:?}", f.notes);
        let f = facts(&lines(&["Socialnämnden | Socialförvaltningen | 2023"]));
        assert_eq!(f.namnd.as_deref(), Some("Socialnämnden"));
        assert_eq!(f.forvaltning.as_deref(), Some("Socialförvaltningen"));
        assert_eq!(f.ar, Some(2023));
        let f = facts(&lines(&["Ålidens kommun"]));
        assert_eq!(f.kommun.as_deref(), Some("Ålidens kommun"));
    }

    #[test]
    fn facts_met_in_real_plans() {
        // A decision line with its full stop, a registry number and a date without labels.
        let f = facts(&lines(&[
            "2019-02-20 ÄRENDE 09",
            "HSN 0910-1326",
            "Riskanalys 2017 till miljönämndens internkontroll 2018",
            "Antagen av miljönämnden 2018-01-26.",
            "Hälso- och sjukvårdsnämndens förvaltning",
        ]));
        assert_eq!(f.diarienummer.as_deref(), Some("HSN 0910-1326"));
        assert_eq!(f.ar, Some(2018), "the plan's year, not the analysis's");
        assert_eq!(
            f.datum.map(|d| d.to_string()).as_deref(),
            Some("2019-02-20")
        );
        assert_eq!(
            f.forvaltning.as_deref(),
            Some("Hälso- och sjukvårdsnämndens förvaltning")
        );
        assert_eq!(f.namnd.as_deref(), Some("Miljönämnden"));
        // A second, different date is not dropped: it stays a note.
        assert_eq!(
            f.notes,
            ["ÄRENDE 09", "Antagen av miljönämnden 2018-01-26."]
        );
        // A district committee; a committee heading a sentence.
        let f = facts(&lines(&[
            "Stadsdelsnämnden Centrum",
            "Plan för intern kontroll 2017",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Stadsdelsnämnden Centrum"));
        // Joint committees: named by the municipalities they serve.
        let f = facts(&lines(&["Miljönämnden Habo och Mullsjö"]));
        assert_eq!(f.namnd.as_deref(), Some("Miljönämnden Habo och Mullsjö"));
        let f = facts(&lines(&["Nyköping-Oxelösunds överförmyndarnämnd"]));
        assert_eq!(
            f.namnd.as_deref(),
            Some("Nyköping-Oxelösunds överförmyndarnämnd")
        );
        let f = facts(&lines(&["Nämnden för trafik, infrastruktur och miljö"]));
        assert_eq!(
            f.namnd.as_deref(),
            Some("Nämnden för trafik, infrastruktur och miljö")
        );
        let f = facts(&lines(&[
            "Uppföljning av intern kontroll 2019",
            "Bildningsnämnden - Intern kontroll ska genomföras av följande processer:",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Bildningsnämnden"));
        // Titles of reports and risk lists with a year, and a month range's period.
        for (t, year) in [
            ("Bruttorisklista 2013", 2013),
            ("Redovisning av interna kontrollarbetet 2010", 2010),
            ("Riskhanteringsplan 2017 - uppföljning", 2017),
        ] {
            let f = facts(&lines(&[t]));
            assert_eq!(f.titel.as_deref(), Some(t));
            assert_eq!(f.ar, Some(year), "{t}");
        }
        let f = facts(&lines(&["Uppföljningsrapport 2 januari - augusti 2016"]));
        assert_eq!(f.period, Some(Period::Delar));
    }

    #[test]
    fn registry_numbers() {
        for line in [
            "Dnr SN 2021/123",
            "Dnr: SN 2021/123",
            "Diarienummer SN 2021/123",
            "D nr SN 2021/123",
        ] {
            let f = facts(&lines(&[line]));
            assert_eq!(f.diarienummer.as_deref(), Some("SN 2021/123"), "{line:?}");
        }
        let f = facts(&lines(&["Diarienummer: KS 2022/45"]));
        assert_eq!(f.diarienummer.as_deref(), Some("KS 2022/45"));
        let f = facts(&lines(&["Ärendenummer: BUN-2018-122"]));
        assert_eq!(f.diarienummer.as_deref(), Some("BUN-2018-122"));
    }

    #[test]
    fn dates_of_the_document() {
        for line in [
            "Beslutad 2023-02-14",
            "Antagen av nämnden 2023-02-14",
            "Datum: 2023-02-14",
            "Datum 2023-02-14",
            "Fastställd: 2023-02-14",
            "Beslutsdatum 2023-02-14",
            "Den 14 februari 2023",
            "2023-02-14",
        ] {
            let f = facts(&lines(&[line]));
            assert_eq!(date(&f).as_deref(), Some("2023-02-14"), "{line:?}");
            assert!(f.notes.is_empty(), "{line:?}: {:?}", f.notes);
            assert_eq!(f.namnd, None, "{line:?}");
        }
        let f = facts(&lines(&["Antagen av socialnämnden 2023-02-14, § 12"]));
        assert_eq!(date(&f).as_deref(), Some("2023-02-14"));
        assert_eq!(f.namnd.as_deref(), Some("Socialnämnden"));
    }

    #[test]
    fn labels_are_stripped() {
        let f = facts(&lines(&["Enhet: Kulturnämnden"]));
        assert_eq!(f.namnd.as_deref(), Some("Kulturnämnden"));
        let f = facts(&lines(&["Nämnd: Byggnadsnämnden"]));
        assert_eq!(f.namnd.as_deref(), Some("Byggnadsnämnden"));
        let f = facts(&lines(&["Förvaltning: Socialförvaltningen"]));
        assert_eq!(f.forvaltning.as_deref(), Some("Socialförvaltningen"));
        let f = facts(&lines(&["Kommun: Åliden"]));
        assert_eq!(f.kommun.as_deref(), Some("Åliden"));
        let f = facts(&lines(&["År: 2019"]));
        assert_eq!(f.ar, Some(2019));
        let f = facts(&lines(&["SOCIALNÄMNDEN"]));
        assert_eq!(f.namnd.as_deref(), Some("Socialnämnden"));
    }

    #[test]
    fn several_labels_on_one_line() {
        let f = facts(&lines(&[
            "Intern kontrollplan År:2019",
            "Nämnd: Byggnadsnämnden Fastställd: 2019-09-25",
        ]));
        assert_eq!(f.ar, Some(2019));
        assert_eq!(f.namnd.as_deref(), Some("Byggnadsnämnden"));
        assert_eq!(date(&f).as_deref(), Some("2019-09-25"));
        assert!(f.notes.is_empty(), "{:?}", f.notes);
        let f = facts(&lines(&["Datum: 2023-02-14 Dnr: SN 2021/123"]));
        assert_eq!(date(&f).as_deref(), Some("2023-02-14"));
        assert_eq!(f.diarienummer.as_deref(), Some("SN 2021/123"));
    }

    #[test]
    fn committee_from_a_sentence() {
        let f = facts(&lines(&[
            "Internkontrollplan 2023",
            "Planen antogs av socialnämnden den 14 februari 2023.",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Socialnämnden"));
        assert_eq!(f.datum, None, "a date in a sentence is not the document's");
        assert_eq!(f.notes.len(), 1, "the sentence stays a note");
        let f = facts(&lines(&[
            "Barn- och utbildningsnämnden antog 2018-12-13 den interna kontrollplanen för 2019.",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Barn- och utbildningsnämnden"));
        // A line that names the committee wins over a sentence.
        let f = facts(&lines(&[
            "Planen antogs av socialnämnden den 14 februari 2023.",
            "Kulturnämnden",
        ]));
        assert_eq!(f.namnd.as_deref(), Some("Kulturnämnden"));
    }

    #[test]
    fn sentences_give_no_false_facts() {
        let f = facts(&lines(&[
            "Planen antogs av nämnden den 14 februari 2023.",
            "Risk för att fakturor från 2021 inte betalas i tid.",
            "Nämnden",
            "Hela nämnden beslutade att anta planen.",
            "Nämnd och förvaltning ansvarar gemensamt för den interna kontrollen",
            "Kommunfullmäktige antog reglementet 2016-09-06.",
            "Fastställt av: Kommunfullmäktige",
            "Datum för uppföljning är oklart",
        ]));
        assert_eq!(f.namnd, None);
        assert_eq!(f.ar, None);
        assert_eq!(f.datum, None);
        assert_eq!(f.forvaltning, None);
        assert_eq!(f.notes.len(), 8, "{:?}", f.notes);
    }

    #[test]
    fn a_line_of_labels_over_a_line_of_values() {
        let f = facts(&lines(&[
            "Handläggare Datum Diarienummer",
            "Lars Wedlin 2015-11-30 2015-5613",
        ]));
        assert_eq!(date(&f).as_deref(), Some("2015-11-30"));
        assert_eq!(f.diarienummer.as_deref(), Some("2015-5613"));
        assert_eq!(f.notes, vec!["Handläggare: Lars Wedlin"]);
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn label_row_and_value_row() {
        let f = label_value_facts(
            &strings(&["Datum", "Dnr", "Sida"]),
            &strings(&["2023-02-14", "SN 2021/123", "1"]),
        )
        .expect("facts");
        assert_eq!(date(&f).as_deref(), Some("2023-02-14"));
        assert_eq!(f.diarienummer.as_deref(), Some("SN 2021/123"));
        assert_eq!(f.notes, vec!["Sida: 1"]);
        let f = label_value_facts(
            &strings(&["Nämnd:", "År", "Fastställd"]),
            &strings(&["Byggnadsnämnden", "2019", "2019-09-25"]),
        )
        .expect("facts");
        assert_eq!(f.namnd.as_deref(), Some("Byggnadsnämnden"));
        assert_eq!(f.ar, Some(2019));
        assert_eq!(date(&f).as_deref(), Some("2019-09-25"));
    }

    #[test]
    fn label_row_negatives() {
        // A table header over a data row.
        assert!(
            label_value_facts(
                &strings(&["Risk", "Kontroll"]),
                &strings(&["Fel utbetalning", "Attest"])
            )
            .is_none()
        );
        // A label whose value is not one.
        assert!(
            label_value_facts(
                &strings(&["Datum", "Dnr"]),
                &strings(&["i höst", "SN 2021/123"])
            )
            .is_none()
        );
        // Labels of no fact only.
        assert!(label_value_facts(&strings(&["Sida"]), &strings(&["1"])).is_none());
    }

    #[test]
    fn merge_fills_what_is_missing() {
        let mut f = facts(&lines(&["Internkontrollplan 2023", "Socialnämnden"]));
        let g = label_value_facts(
            &strings(&["Datum", "Nämnd"]),
            &strings(&["2023-02-14", "Kulturnämnden"]),
        )
        .expect("facts");
        f.merge(g);
        assert_eq!(f.namnd.as_deref(), Some("Socialnämnden"));
        assert_eq!(date(&f).as_deref(), Some("2023-02-14"));
        assert_eq!(f.ar, Some(2023));
    }

    #[test]
    fn a_label_before_the_title_is_no_part_of_it() {
        let f = facts(&lines(&[
            "Enhet: Kommunstyrelsen",
            "Period: Uppföljning intern kontroll 2018 – delår augusti",
        ]));
        assert_eq!(
            f.titel.as_deref(),
            Some("Uppföljning intern kontroll 2018 – delår augusti")
        );
        assert_eq!(f.ar, Some(2018));
        assert_eq!(f.namnd.as_deref(), Some("Kommunstyrelsen"));
    }

    #[test]
    fn a_heading_naming_the_control_gives_the_year_and_a_sentence_the_period() {
        let mut l = lines(&[
            "TROSA KOMMUN",
            "Utförd internkontroll 2015",
            "Här redovisas kontrollerna. Redovisningen avser helåret 2015.",
        ]);
        l[1].heading = 1;
        let f = facts(&l);
        assert_eq!(f.titel.as_deref(), Some("Utförd internkontroll 2015"));
        assert_eq!(f.ar, Some(2015));
        assert_eq!(f.period, Some(Period::Helar));
        // A sentence that names a period without saying it covers it gives none.
        let f = facts(&lines(&[
            "Internkontrollplan 2015",
            "Delåret visade brister.",
        ]));
        assert_eq!(f.period, None);
    }

    #[test]
    fn a_line_opening_with_a_follow_up_and_its_period_gives_the_period() {
        let f = facts(&lines(&[
            "Internkontrollrapport 2019",
            "Uppföljning helår 2019. Rapporten sammanställer förvaltningarnas kontroller.",
        ]));
        assert_eq!(f.period, Some(Period::Helar));
        // A longer sentence that only mentions a follow-up of a period gives none.
        let f = facts(&lines(&[
            "Internkontrollplan 2019",
            "Uppföljning sker vid delåret och i bokslutet. Planen antas årligen.",
        ]));
        assert_eq!(f.period, None);
    }
}
