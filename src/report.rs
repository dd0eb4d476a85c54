//! How findings are shown to people (linter lines grouped per file, then a summary) and to
//! machines (JSON: MODEL.md's anmarkning records).

pub use crate::normalize::text::{shorten, shortened};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::model::{Document, Finding, Severity, Shared};

/// Plain ANSI styling, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour when the stream is a terminal and `NO_COLOR` is not set (no-color.org).
    pub fn for_terminal(is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: is_terminal && !no_color,
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    fn severity(self, s: Severity) -> String {
        let code = match s {
            Severity::Fel => "1;31",
            Severity::Varning => "33",
            Severity::Info => "36",
        };
        self.paint(code, s.as_str())
    }
}

/// Where a finding points: `fil:Blad!F7`, `fil:F7`, `fil:34`, or the file alone.
pub fn location(f: &Finding) -> String {
    let mut at = f.fil.clone().unwrap_or_default();
    match (&f.blad, &f.cell, f.rad) {
        (Some(b), Some(c), _) => at.push_str(&format!(":{b}!{c}")),
        (None, Some(c), _) => at.push_str(&format!(":{c}")),
        (Some(b), None, Some(r)) => at.push_str(&format!(":{b}:{r}")),
        (None, None, Some(r)) => at.push_str(&format!(":{r}")),
        (Some(b), None, None) => at.push_str(&format!(":{b}")),
        (None, None, None) => {}
    }
    at
}

/// One finding as a linter line: `fil:Blad!F7: IK303 varning: meddelande`.
pub fn line(f: &Finding) -> String {
    format!(
        "{}: {} {}: {}",
        location(f),
        f.kod,
        f.allvarlighet.as_str(),
        f.meddelande
    )
}

/// The records of documents by id, as people name them: "Risk › Kontroll", titles shortened.
pub fn record_names(docs: &[Document]) -> HashMap<Shared, String> {
    const MAX: usize = 40;
    let mut names = HashMap::new();
    for d in docs {
        for r in &d.risker {
            let risk = shorten(&r.riskomrade, MAX);
            names.insert(r.risk_id.clone(), risk.clone());
            for k in &r.kontroller {
                let name = if risk.is_empty() {
                    shorten(&k.kontroll, MAX)
                } else {
                    format!("{risk} \u{203a} {}", shorten(&k.kontroll, MAX))
                };
                for u in &k.uppfoljningar {
                    names.insert(u.uppfoljning_id.clone(), name.clone());
                }
                names.insert(k.kontroll_id.clone(), name);
            }
        }
    }
    names
}

/// Findings for people: one line each, grouped per file (a blank line between files), each
/// with the record it concerns, then the summary.
pub fn human(
    findings: &[Finding],
    docs: &[Document],
    files: usize,
    unreadable: usize,
    style: Style,
) -> String {
    let names = record_names(docs);
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        let fil = f.fil.as_deref().unwrap_or("");
        match groups.iter_mut().find(|(g, _)| *g == fil) {
            Some((_, v)) => v.push(f),
            None => groups.push((fil, vec![f])),
        }
    }
    let mut s = String::new();
    for (i, (_, group)) in groups.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        for f in group {
            let record = f
                .post_id
                .as_ref()
                .and_then(|id| names.get(id.as_str()))
                .filter(|n| !n.is_empty())
                .map(|n| format!("  {}", style.dim(&format!("({n})"))))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "{}: {} {}: {}{record}",
                style.bold(&location(f)),
                style.bold(&f.kod),
                style.severity(f.allvarlighet),
                f.meddelande
            );
        }
    }
    if !groups.is_empty() {
        s.push('\n');
    }
    s.push_str(&summary(findings, files, unreadable, style));
    s
}

/// Counts per severity, then per code with the rule's title.
pub fn summary(findings: &[Finding], files: usize, unreadable: usize, style: Style) -> String {
    let mut s = String::new();
    let count = |sev: Severity| findings.iter().filter(|f| f.allvarlighet == sev).count();
    let filer = |n: usize| {
        if n == 1 {
            "1 fil".to_string()
        } else {
            format!("{n} filer")
        }
    };
    if findings.is_empty() {
        let _ = write!(s, "Inga anmärkningar i {}", filer(files));
    } else {
        let (fel, varning, info) = (
            count(Severity::Fel),
            count(Severity::Varning),
            count(Severity::Info),
        );
        let varningar = if varning == 1 { "varning" } else { "varningar" };
        let _ = write!(
            s,
            "{} fel, {} {varningar}, {} info i {}",
            style.paint(if fel > 0 { "1;31" } else { "0" }, &fel.to_string()),
            style.paint(if varning > 0 { "33" } else { "0" }, &varning.to_string()),
            info,
            filer(files)
        );
    }
    if unreadable > 0 {
        let _ = write!(s, "; {} kunde inte läsas", filer(unreadable));
    }
    s.push('\n');
    let mut per_code: BTreeMap<&str, (Severity, usize)> = BTreeMap::new();
    for f in findings {
        let e = per_code.entry(&f.kod).or_insert((f.allvarlighet, 0));
        e.0 = e.0.min(f.allvarlighet);
        e.1 += 1;
    }
    for (code, (sev, n)) in per_code {
        let title = crate::rules::rule(code).map(|r| r.title).unwrap_or("");
        let pad = " ".repeat(7usize.saturating_sub(sev.as_str().len()));
        let _ = writeln!(s, "  {code}  {}{pad} {n:>4}  {title}", style.severity(sev));
    }
    s
}

/// Findings as JSON: an array of MODEL.md's anmarkning records.
pub fn json(findings: &[Finding]) -> String {
    let mut s = serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(fil: &str, blad: Option<&str>, cell: Option<&str>, rad: Option<u32>) -> Finding {
        Finding {
            kod: "IK303".into(),
            allvarlighet: Severity::Varning,
            meddelande: "Avstämningsdatum 2022-11-30 ligger efter slutdatum 2021-12-31".into(),
            fil: Some(fil.into()),
            blad: blad.map(Into::into),
            cell: cell.map(Into::into),
            rad,
            post_id: None,
        }
    }

    #[test]
    fn lines() {
        assert_eq!(
            line(&f("fil.xlsx", Some("Blad1"), Some("F7"), Some(7))),
            "fil.xlsx:Blad1!F7: IK303 varning: Avstämningsdatum 2022-11-30 ligger efter slutdatum 2021-12-31"
        );
        assert_eq!(
            location(&f("plan.txt", None, None, Some(34))),
            "plan.txt:34"
        );
        assert_eq!(
            location(&f("plan.xlsx", Some("Blad1"), None, Some(3))),
            "plan.xlsx:Blad1:3"
        );
    }

    #[test]
    fn shortened() {
        assert_eq!(shorten("Kort  titel", 40), "Kort titel");
        assert_eq!(
            shorten("Stickprov, Socialnämndens utskott och barn och unga", 30),
            "Stickprov, Socialnämndens…"
        );
        assert_eq!(shorten("abcdefghijklmnopqrstuvwxyz", 10), "abcdefghi…");
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = human(
            &[f("a.txt", None, None, Some(1))],
            &[],
            1,
            0,
            Style { color: false },
        );
        assert!(!plain.contains('\x1b'));
        let col = human(
            &[f("a.txt", None, None, Some(1))],
            &[],
            1,
            0,
            Style { color: true },
        );
        assert!(col.contains("\x1b[33mvarning\x1b[0m"));
        assert!(
            plain.contains("0 fel, 1 varning, 0 info i 1 fil"),
            "{plain}"
        );
    }
}
