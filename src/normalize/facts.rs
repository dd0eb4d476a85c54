//! Document facts from the prose around the tables: title, year, plan or follow-up,
//! period, nämnd, förvaltning, kommun, datum, diarienummer; what is left is notes.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{DocType, Period};
use crate::normalize::date::{Date, parse_date};
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
    let t = s.trim_start();
    t.starts_with("- ") || t.starts_with("• ") || t.starts_with("* ") || t.starts_with("– ")
}

/// Whether a line titles a plan or a follow-up ("Internkontrollplan 2019", "Uppföljning av
/// plan för intern kontroll 2023", "Socialnämndens plan för intern kontroll").
pub fn is_title(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || words(t) > 16 || is_list_item(t) || t.ends_with('.') {
        return false;
    }
    let l = t.to_lowercase();
    let ik = l.contains("intern kontroll") || l.contains("internkontroll");
    (ik && (l.contains("plan") || l.contains("uppföljning"))) || l.contains("kontrollplan")
}

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

/// A numbered section heading such as "2 Uppföljning kontroller" or "3.1 Avvikelser".
fn is_section_heading(text: &str) -> bool {
    static SEC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d+(\.\d+)*\.?\s+[A-ZÅÄÖ][^.!?]*$").expect("section regex"));
    words(text) <= 8 && SEC.is_match(text.trim())
}

fn label_value<'a>(text: &'a str, labels: &[&str]) -> Option<&'a str> {
    let t = text.trim();
    for label in labels {
        let Some(head) = t.get(..label.len()) else {
            continue;
        };
        if head.to_lowercase() == *label {
            let rest = &t[label.len()..];
            if rest.is_empty() || rest.starts_with([':', ' ', '.', '\t']) {
                return Some(rest.trim_start_matches([':', '.', ' ', '\t']).trim());
            }
        }
    }
    None
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A committee named alone on a line ("Socialnämnden", "Kultur- och fritidsnämnden").
fn committee_line(t: &str) -> Option<String> {
    let t = t.trim().trim_end_matches([',', '.']);
    let l = t.to_lowercase();
    let committee = l.ends_with("nämnden") || l.ends_with("nämnd") || l == "kommunstyrelsen";
    (committee && words(t) <= 6 && t.chars().next().is_some_and(char::is_uppercase))
        .then(|| t.to_string())
}

/// The committee named in the genitive in a title ("Socialnämndens plan" → Socialnämnden).
fn committee_in_title(title: &str) -> Option<String> {
    static GEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b([\wåäö-]*nämnden|kommunstyrelsen)s\b").expect("genitive regex")
    });
    GEN.captures(title)
        .map(|c| capitalize(&c[1].to_lowercase()))
}

/// Reads the facts of a document from its prose lines (those before its first table and
/// those between and after its tables, in order).
pub fn facts(lines: &[ProseLine]) -> Facts {
    let mut f = Facts::default();
    let mut i = 0;
    let mut periods: Vec<Period> = Vec::new();
    while i < lines.len() {
        let raw = fold_ws(&lines[i].text);
        let t = raw.as_str();
        let next = lines.get(i + 1).map(|l| fold_ws(&l.text));
        i += 1;
        if t.is_empty() {
            continue;
        }
        // Every line that is not blank lands somewhere (the ledger counts on it): a value
        // that differs from one already read is not dropped but falls through to the notes.
        let short = words(t) <= 12 && !is_list_item(t);
        if f.titel.is_none() && is_title(t) {
            f.titel = Some(t.to_string());
            f.typ_hint = Some(title_type(t));
            f.ar = f.ar.or(year_in(t));
            if let Some(p) = period_in(t) {
                periods.push(p);
            }
            continue;
        }
        if let Some(v) = label_value(t, &["diarienummer", "diarienr", "dnr"]) {
            let (v, used_next) = if v.is_empty() {
                (next.clone().unwrap_or_default(), true)
            } else {
                (v.to_string(), false)
            };
            if !v.is_empty() && f.diarienummer.as_ref().is_none_or(|d| *d == v) {
                f.diarienummer = Some(v);
                if used_next {
                    i += 1;
                }
                continue;
            }
            if v.is_empty() {
                // A label with nothing after it: kept as a note.
                f.notes.push(t.to_string());
                continue;
            }
        }
        if short && let Some(v) = label_value(t, &["datum", "den", "daterad"]) {
            let (v, used_next) = if v.is_empty() {
                (next.clone().unwrap_or_default(), true)
            } else {
                (v.to_string(), false)
            };
            if let Some(d) = parse_date(&v)
                && f.datum.is_none_or(|old| old == d)
            {
                if used_next {
                    i += 1;
                }
                f.datum = Some(d);
                continue;
            }
        }
        if short {
            let labelled: [(&[&str], &mut Option<String>); 3] = [
                (&["nämnd"], &mut f.namnd),
                (&["förvaltning"], &mut f.forvaltning),
                (&["kommun"], &mut f.kommun),
            ];
            let mut taken = false;
            for (labels, slot) in labelled {
                if let Some(v) = label_value(t, labels).filter(|v| !v.is_empty()) {
                    if slot.as_deref().is_none_or(|old| old == v) {
                        *slot = Some(v.to_string());
                        taken = true;
                    }
                    break;
                }
            }
            if taken {
                continue;
            }
            if f.namnd.is_none()
                && let Some(n) = committee_line(t)
            {
                f.namnd = Some(n);
                continue;
            }
        }
        if short && words(t) <= 5 {
            let l = t.to_lowercase();
            if l.ends_with("förvaltningen") && t.chars().next().is_some_and(char::is_uppercase) {
                if f.forvaltning.is_none() {
                    f.forvaltning = Some(t.to_string());
                    continue;
                }
            } else if l.ends_with(" kommun") && words(t) <= 3 && f.kommun.is_none() {
                f.kommun = Some(t.to_string());
                continue;
            }
        }
        if words(t) <= 4
            && let Some(d) = parse_date(t)
            && f.datum.is_none_or(|old| old == d)
        {
            f.datum = Some(d);
            continue;
        }
        if YEAR.is_match(t)
            && t.trim_matches(|c: char| !c.is_alphanumeric()).len() == 4
            && (f.ar.is_none() || f.ar == year_in(t))
        {
            // A year alone on a line (a cover page's "2023").
            f.ar = year_in(t);
            continue;
        }
        if short && !t.ends_with('.') {
            if let Some(p) = period_in(t) {
                periods.push(p);
            }
            if f.typ_hint.is_none() && t.to_lowercase().starts_with("uppföljning") {
                f.typ_hint = Some(DocType::Uppfoljning);
            }
        }
        if lines[i - 1].heading > 0 || is_section_heading(t) {
            f.headings.push(t.to_string());
            continue;
        }
        f.notes.push(t.to_string());
    }
    if f.namnd.is_none() {
        f.namnd = f.titel.as_deref().and_then(committee_in_title);
    }
    if f.titel.is_none() {
        f.titel = f.headings.first().cloned();
    }
    periods.dedup();
    if periods.len() == 1 {
        f.period = Some(periods[0]);
    } else if let Some(first) = periods.first() {
        f.period = Some(*first);
    }
    f
}

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
            })
            .collect()
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
}
