//! `ikplan regler [KOD]`: lists every rule, or explains one (what it checks, why it matters,
//! an example, how to fix it).

use std::fmt::Write as _;

use crate::rules::{REGISTRY, Rule, RuleDoc, docs};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Regelkod att förklara, t.ex. IK303.
    pub kod: Option<String>,
}

pub fn run(args: &Args) -> u8 {
    match &args.kod {
        None => {
            print!("{}", list());
            0
        }
        Some(code) => match explain(code) {
            Some(text) => {
                print!("{text}");
                0
            }
            None => {
                eprintln!("fel: okänd regelkod {code} (se `ikplan regler`)");
                super::EXIT_UNREADABLE
            }
        },
    }
}

/// Every rule, grouped by family: code, severity, title.
pub fn list() -> String {
    let mut s = String::new();
    let mut family = "";
    for r in REGISTRY {
        let f = docs::family(r.code);
        if f != family {
            if !family.is_empty() {
                s.push('\n');
            }
            let _ = writeln!(s, "{f}");
            family = f;
        }
        let _ = writeln!(s, "  {}  {:<7}  {}", r.code, r.severity.as_str(), r.title);
    }
    let _ = writeln!(s, "\nFörklaring av en regel: ikplan regler IK303");
    s
}

/// The explanation of one rule, or `None` for an unknown code.
pub fn explain(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    let rule: &Rule = REGISTRY.iter().find(|r| r.code == code)?;
    let doc: &RuleDoc = docs::doc(&code)?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}: {}",
        rule.code,
        rule.severity.as_str(),
        rule.title
    );
    let _ = writeln!(s, "{}", docs::family(rule.code));
    for (heading, text) in [
        ("Vad regeln kontrollerar", doc.vad),
        ("Varför det spelar roll", doc.varfor),
        ("Exempel", doc.exempel),
        ("Så åtgärdar du", doc.atgard),
    ] {
        let _ = writeln!(s, "\n{heading}");
        for l in wrap(text, 86) {
            let _ = writeln!(s, "  {l}");
        }
    }
    Some(s)
}

/// Words filled into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}
