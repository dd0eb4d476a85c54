//! The content probe: what a column's cells hold, as shares of its filled cells (numbers on
//! the risk scale, dates, people, status words, prose …), so that content can confirm or
//! overrule what the header's wording says.

use std::cell::RefCell;
use std::collections::HashMap;

use super::evidence::threshold::PROBE_ROWS;
use crate::normalize::names::is_people;
use crate::normalize::number::{ScaleField, parse_risk_or_scale, parse_scale_value};
use crate::normalize::vocab::Vocab;
use crate::read::{Cell, Value};

/// What one column's filled cells hold. Every share is of `filled`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Filled cells looked at.
    pub filled: usize,
    /// Whole numbers 1–5 (a step of sannolikhet or konsekvens), also written "3 – Möjlig".
    pub step: f32,
    /// A risk value: a number 1–25, "12 (3x4)", "S3 K4", "Hög (12)".
    pub risk_number: f32,
    /// Dates (date cells, ISO, "31/12 2022", "5 december 2022").
    pub date: f32,
    /// Prose: more than 80 characters, or a sentence followed by another.
    pub prose: f32,
    /// Status words the vocabulary knows ("Genomförd", "Pågår").
    pub status: f32,
    /// A status and nothing more: one sentence at most ("Kontrollen är genomförd.", not
    /// "Genomförd. Inga fel hittades.").
    pub status_alone: f32,
    /// Assessment words ("Inga brister").
    pub assessment: f32,
    /// When something is reported ("Delår och helår", "Vid årsbokslut", "Månadsvis").
    pub when: f32,
    /// When something is done, written any way: a when word or month, a date, a day/month
    /// without a year ("31/5"), a quarter or tertial code ("Q2", "T2 2021").
    pub timing: f32,
    /// Occasions a report is made at ("Delår", "Vid årsbokslut", "Till nämnden i juni"),
    /// as opposed to how often something is done ("Varje kvartal").
    pub report: f32,
    /// Words that say control or action ("Kontroll", "Åtgärd").
    pub control_type: f32,
    /// People and roles ("Ekonomichef", "Anna Svensson").
    pub people: f32,
    /// Bodies a report goes to ("Nämnden", "Kommunstyrelsen", "Förvaltningsledning").
    pub recipient: f32,
    /// Yes/no marks ("Ja", "Nej", "X").
    pub flag: f32,
    /// Counts written "n av m" ("18 av 20"): how many of those looked at, no risk value.
    pub count: f32,
    /// A risk's level alone, a word or a colour ("Hög", "Gul"): what a matrix colours, no
    /// number.
    pub level: f32,
    /// Mean length in characters.
    pub mean_chars: f32,
}

impl Profile {
    /// The profiles of the columns `0..columns` over `rows` (at most [`PROBE_ROWS`] of
    /// them).
    pub fn of_columns(rows: &[&[Cell]], columns: usize, vocab: &Vocab) -> Vec<Profile> {
        // Columns repeat their values (statuses, names, categories), and so do files: each
        // text is looked at once per thread.
        let mut remembered = REMEMBERED.take();
        if remembered.vocab.as_ref() != Some(vocab) {
            remembered = Remembered {
                vocab: Some(vocab.clone()),
                ..Default::default()
            };
        }
        let profiles = (0..columns)
            .map(|col| Profile::of(rows, col, vocab, &mut remembered))
            .collect();
        REMEMBERED.set(remembered);
        profiles
    }

    /// The profile of column `col`.
    fn of(rows: &[&[Cell]], col: usize, vocab: &Vocab, remembered: &mut Remembered) -> Profile {
        let mut p = Profile::default();
        let mut chars = 0usize;
        for cells in rows.iter().take(PROBE_ROWS) {
            let Some(cell) = cells.get(col) else { continue };
            if cell.value.is_empty() {
                continue;
            }
            p.filled += 1;
            let text = cell.value.plain_ref();
            let t = text.trim();
            let k = if matches!(cell.value, Value::Date(_)) {
                Kinds::of(t, true, vocab)
            } else {
                remembered.kinds(t, vocab)
            };
            chars += k.chars;
            let add = |share: &mut f32, yes: bool| {
                if yes {
                    *share += 1.0;
                }
            };
            add(&mut p.date, k.date);
            add(&mut p.step, k.step);
            add(&mut p.risk_number, k.risk_number);
            add(&mut p.prose, k.prose);
            add(&mut p.status, k.status);
            add(&mut p.status_alone, k.status_alone);
            add(&mut p.assessment, k.assessment);
            add(&mut p.when, k.when);
            add(&mut p.timing, k.timing);
            add(&mut p.report, k.report);
            add(&mut p.control_type, k.control_type);
            add(&mut p.people, k.people);
            add(&mut p.recipient, k.recipient);
            add(&mut p.flag, k.flag);
            add(&mut p.count, k.count);
            add(&mut p.level, k.level);
        }
        if p.filled > 0 {
            let n = p.filled as f32;
            for s in [
                &mut p.step,
                &mut p.risk_number,
                &mut p.date,
                &mut p.prose,
                &mut p.status,
                &mut p.status_alone,
                &mut p.assessment,
                &mut p.when,
                &mut p.timing,
                &mut p.report,
                &mut p.control_type,
                &mut p.people,
                &mut p.recipient,
                &mut p.flag,
                &mut p.count,
                &mut p.level,
            ] {
                *s /= n;
            }
            p.mean_chars = chars as f32 / n;
        }
        p
    }
}

thread_local! {
    static REMEMBERED: RefCell<Remembered> = RefCell::default();
}

/// The kinds of the text cells a thread has looked at, with the vocabulary they were looked
/// at with.
#[derive(Default)]
struct Remembered {
    vocab: Option<Vocab>,
    kinds: HashMap<String, Kinds>,
}

impl Remembered {
    /// [`Kinds::of`] a text cell, looked at once.
    fn kinds(&mut self, t: &str, vocab: &Vocab) -> Kinds {
        if let Some(k) = self.kinds.get(t) {
            return *k;
        }
        if self.kinds.len() >= super::synonyms::REMEMBERED_TEXTS {
            self.kinds.clear();
        }
        let k = Kinds::of(t, false, vocab);
        self.kinds.insert(t.to_string(), k);
        k
    }
}

/// A risk's code, "R1" or "r12": the letter joined to its number numbers the risk (a risk
/// value so labelled is written apart, "R 12", or among its factors, "S3 K4 R12").
fn is_risk_code(t: &str) -> bool {
    t.strip_prefix(['R', 'r'])
        .is_some_and(|n| !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// What one cell's text is (see [`Profile`]). The costly tests are asked only of texts
/// short enough to pass them.
#[derive(Debug, Clone, Copy, Default)]
struct Kinds {
    chars: usize,
    date: bool,
    step: bool,
    risk_number: bool,
    prose: bool,
    status: bool,
    status_alone: bool,
    assessment: bool,
    when: bool,
    timing: bool,
    report: bool,
    control_type: bool,
    people: bool,
    recipient: bool,
    flag: bool,
    count: bool,
    level: bool,
}

impl Kinds {
    fn of(t: &str, date_cell: bool, vocab: &Vocab) -> Kinds {
        let chars = t.chars().count();
        let words = t.split_whitespace().count();
        // Dates, numbers and scale words ("4 – Sannolik", "Hög (12)", "Sannolikhet 3
        // Konsekvens 2 Riskvärde 6") are a few words.
        let short = chars <= 48 && words <= 8;
        let date = date_cell || (short && crate::normalize::date::parse_date(t).is_some());
        let count = short && is_count(t);
        let number = (!date && short && !count)
            .then(|| parse_risk_or_scale(t))
            .flatten();
        let value = number.as_ref().and_then(|r| r.value);
        let step = !date
            && !count
            && short
            && [ScaleField::Sannolikhet, ScaleField::Konsekvens]
                .into_iter()
                .any(|f| parse_scale_value(t, f).is_some_and(|v| (1..=5).contains(&v)))
            && number.as_ref().is_none_or(|r| r.sannolikhet.is_none());
        let labelled = chars <= 80 && words <= 10;
        let phrase = words <= 8;
        let lower = if labelled || phrase {
            t.to_lowercase()
        } else {
            String::new()
        };
        let recipient = labelled && is_recipient(&lower);
        let status = labelled && vocab.status(t).is_some();
        let when = phrase && is_when(&lower);
        Kinds {
            chars,
            date,
            step,
            risk_number: value.is_some_and(|v| (0..=25).contains(&v)) && !is_risk_code(t),
            prose: is_prose(t),
            status,
            status_alone: status && !t.trim_end_matches(['.', ' ']).contains(['.', '\n']),
            assessment: labelled && vocab.assessment(t).is_some(),
            when,
            timing: when
                || date
                || (short
                    && (is_period_code(&lower)
                        || !crate::normalize::date::day_months_in_year(t, 2000).is_empty())),
            report: phrase && is_report_occasion(&lower),
            control_type: chars <= 20 && vocab.control_type(t).is_some(),
            people: labelled && !recipient && is_people(t),
            recipient: phrase && recipient,
            flag: chars <= 6 && is_flag(t),
            count,
            level: chars <= 20
                && value.is_none()
                && crate::normalize::scale_words::LEVEL_WORDS
                    .contains(&crate::normalize::scale_words::fold_word(t).as_str()),
        }
    }
}

/// A count of those looked at, "n av m" ("18 av 20", "3 av 25 ärenden"): no risk value.
fn is_count(t: &str) -> bool {
    let mut w = t.split_whitespace();
    let number = |x: Option<&str>| x.is_some_and(|x| x.chars().all(|c| c.is_ascii_digit()));
    number(w.next()) && w.next().is_some_and(|x| x.eq_ignore_ascii_case("av")) && number(w.next())
}

/// Running text: long, more than one sentence, or one whole sentence ("Paviljongerna togs
/// i bruk i augusti.").
pub fn is_prose(t: &str) -> bool {
    let words = t.split_whitespace().count();
    t.chars().count() > 80
        || t.matches(". ").count() >= 1
        || words > 14
        || (words >= 4 && t.ends_with('.') && t.starts_with(char::is_uppercase))
}

/// Words that say when something is reported or followed up (besides the months).
const WHEN_WORDS: &[&str] = &[
    "delår",
    "helår",
    "årsbokslut",
    "bokslut",
    "tertial",
    "kvartal",
    "månad",
    "månadsvis",
    "årsvis",
    "årligen",
    "löpande",
    "halvår",
    "vecka",
    "veckovis",
    "årsredovisning",
    "verksamhetsberättelse",
    "vår",
    "höst",
    "en gång",
    "varje",
    "per år",
    "ggr",
    "gånger",
];

/// Whether a short lowercase text says when (not who): "delår och helår", "vid årsbokslut".
/// "Vår" is a season only where it begins a word that is not "vård" ("Vård- och
/// omsorgsnämnden" names a body).
pub fn is_when(lower: &str) -> bool {
    let season = |w: &str| {
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|x| x.starts_with(w) && !x.starts_with("vård"))
    };
    lower.split_whitespace().count() <= 8
        && (WHEN_WORDS.iter().any(|w| {
            if *w == "vår" {
                season(w)
            } else {
                lower.contains(w)
            }
        }) || crate::normalize::vocab::FULL_MONTHS
            .iter()
            .any(|m| lower.contains(m)))
}

/// Whether a short lowercase text is a quarter's or tertial's code, with a year or not ("q2",
/// "t3 2021", "kv 1"): when in the year something is done.
pub fn is_period_code(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let code = |w: &str, letters: &str, last: u32| {
        w.strip_prefix(letters)
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| (1..=last).contains(&n))
    };
    let year = |w: &str| w.len() == 4 && w.parse::<u32>().is_ok();
    let is_code = |w: &str| code(w, "q", 4) || code(w, "kv", 4) || code(w, "t", 3);
    match words.as_slice() {
        [c] => is_code(c),
        [c, y] => (is_code(c) && year(y)) || (*c == "kv" && code(&format!("kv{y}"), "kv", 4)),
        [c, n, y] => *c == "kv" && code(&format!("kv{n}"), "kv", 4) && year(y),
        _ => false,
    }
}

/// Whether a short lowercase text names an occasion of reporting ("delår och helår", "vid
/// årsbokslut", "nämnden i juni"), not only a frequency or a month.
pub fn is_report_occasion(lower: &str) -> bool {
    const OCCASIONS: &[&str] = &[
        "delår",
        "helår",
        "bokslut",
        "tertialrapport",
        "årsredovisning",
        "verksamhetsberättelse",
        "rapport",
        "nämnd",
        "uppföljning",
    ];
    let words: Vec<&str> = lower.split_whitespace().collect();
    // "Tertial 2 2019": a numbered tertial is the report made at its end.
    let numbered_tertial = words
        .windows(2)
        .any(|w| w[0] == "tertial" && w[1].trim_end_matches([',', '.']).parse::<u8>().is_ok());
    words.len() <= 8 && (numbered_tertial || OCCASIONS.iter().any(|w| lower.contains(w)))
}

/// Bodies that receive a report rather than people who write it.
const RECIPIENTS: &[&str] = &[
    "nämnden",
    "nämnd",
    "kommunstyrelsen",
    "styrelsen",
    "förvaltningsledning",
    "förvaltningsledningen",
    "ledningsgrupp",
    "ledningsgruppen",
    "presidiet",
    "revisionen",
    "revisorerna",
    "kommunfullmäktige",
    "utskottet",
];

/// Whether a short lowercase text names a body a report goes to ("nämnden", "till
/// kommunstyrelsen").
pub fn is_recipient(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.len() <= 5
        && words
            .iter()
            .any(|w| RECIPIENTS.contains(w) || w.ends_with("nämnden"))
}

/// Whether a text is a yes/no mark.
pub fn is_flag(t: &str) -> bool {
    matches!(
        t.to_lowercase().as_str(),
        "ja" | "nej" | "j" | "n" | "x" | "sant" | "falskt" | "true" | "false" | "✓" | "✔" | "-"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(values: &[&str]) -> Profile {
        let cells: Vec<Vec<Cell>> = values.iter().map(|v| vec![Cell::text(v)]).collect();
        let rows: Vec<&[Cell]> = cells.iter().map(Vec::as_slice).collect();
        Profile::of_columns(&rows, 1, &Vocab::default()).remove(0)
    }

    #[test]
    fn shares_of_what_cells_hold() {
        let p = col(&["3", "4", "2", ""]);
        assert_eq!(p.filled, 3);
        assert_eq!(p.step, 1.0);
        let p = col(&["12", "16", "9"]);
        assert_eq!(p.risk_number, 1.0);
        // "18 av 20": a count, no risk value.
        let p = col(&["18 av 20", "0", "3"]);
        assert!((p.count - 1.0 / 3.0).abs() < 1e-6);
        assert!(p.risk_number < 0.7);
        assert!(p.step < 0.5);
        let p = col(&["Vid delår och helår", "Årsbokslut", "Månadsvis"]);
        assert_eq!(p.when, 1.0);
        let p = col(&["Q2", "T2", "31/5", "mars", "2019-10-31", "Kv 3 2021"]);
        assert_eq!(p.timing, 1.0);
        assert_eq!(p.report, 0.0);
        let p = col(&["T4", "Q5", "Team 2"]);
        assert_eq!(p.timing, 0.0);
        let p = col(&["Tertial 2 2019", "Årsbokslut 2019"]);
        assert_eq!(p.report, 1.0);
        let p = col(&["Varje tertial", "Per tertial"]);
        assert_eq!(p.report, 0.0);
        let p = col(&["Vård- och omsorgsnämnden", "Vårdnämnden"]);
        assert_eq!(p.when, 0.0);
        assert_eq!(p.recipient, 1.0);
        let p = col(&["Under våren", "Vår och höst"]);
        assert_eq!(p.when, 1.0);
        let p = col(&["Nämnden", "Kommunstyrelsen"]);
        assert_eq!(p.recipient, 1.0);
        assert_eq!(p.people, 0.0);
        let p = col(&["Ekonomichef", "Anna Svensson", "Enhetschef, HR-chef"]);
        assert_eq!(p.people, 1.0);
        let p = col(&[
            "Risk för att fakturor betalas utan attest. Det kan leda till förluster.",
            "Brister i rutiner för inköp kan leda till att avtal inte följs och att kommunen förlorar pengar.",
        ]);
        assert_eq!(p.prose, 1.0);
        let p = col(&["Genomförd", "Pågående"]);
        assert_eq!(p.status, 1.0);
        let p = col(&["2022-03-01", "31/12 2022"]);
        assert_eq!(p.date, 1.0);
        assert_eq!(p.step, 0.0);
    }
}
