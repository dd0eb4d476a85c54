//! `ikplan inspect FILE`: shows why the output is what it is: the tables found, each
//! header and the field it maps to, each row's role, and the reading findings.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::layout::{Item, Layout, RowRole, layout};
use crate::read::read_path;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Filen att granska.
    pub file: PathBuf,
}

pub fn run(args: &Args) -> u8 {
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| args.file.display().to_string());
    match read_path(&args.file, &name) {
        Ok(source) => {
            print!("{}", render(&layout(&source)));
            0
        }
        Err(e) => {
            eprintln!("fel: {e}");
            super::EXIT_UNREADABLE
        }
    }
}

/// The inspect report as text.
pub fn render(lay: &Layout) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({})", lay.file, lay.format);
    for sheet in &lay.sheets {
        if let Some(name) = &sheet.name {
            let hidden = if sheet.hidden { " (dolt)" } else { "" };
            let _ = writeln!(s, "\nBlad {name}{hidden}");
        }
        let mut n = 0;
        for item in &sheet.items {
            let Item::Table(t) = item else { continue };
            n += 1;
            let kind = if t.is_follow_up() {
                "uppföljning"
            } else {
                "plan"
            };
            let _ = writeln!(
                s,
                "\nTabell {n} ({kind}), rubrikrad {}, {} datarader",
                t.header_line,
                t.rows.len()
            );
            for c in &t.columns {
                let note = c.note.map(|n| format!("  ({n})")).unwrap_or_default();
                let period = c
                    .period
                    .map(|p| format!("  [period {}]", p.as_str()))
                    .unwrap_or_default();
                let _ = writeln!(
                    s,
                    "  {:>3}  {:<45} → {}{}{}",
                    crate::layout::col_name(c.index),
                    shorten(&c.header, 45),
                    c.role,
                    period,
                    note
                );
            }
            let _ = writeln!(s, "  Rader:");
            for (line, role) in &t.trace {
                let what = match role {
                    RowRole::Header => "rubrikrad".to_string(),
                    RowRole::Data => "data".to_string(),
                    RowRole::MergedGroup => "data (samma risk som ovan, sammanslagen)".to_string(),
                    RowRole::RepeatedHeader => "upprepad rubrikrad, hoppas över".to_string(),
                    RowRole::Continuation(to) => format!("fortsättning, fogas till rad {to}"),
                    RowRole::Blank => continue,
                };
                let _ = writeln!(s, "    rad {line:>4}: {what}");
            }
        }
        if n == 0 {
            let _ = writeln!(s, "\nIngen tabell hittades.");
        }
    }
    if !lay.findings.is_empty() {
        let _ = writeln!(s, "\nAnmärkningar vid läsningen:");
        for f in &lay.findings {
            let at = f
                .cell
                .clone()
                .or(f.rad.map(|r| format!("rad {r}")))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  {at}: {} {}: {}",
                f.kod,
                f.allvarlighet.as_str(),
                f.meddelande
            );
        }
    }
    s
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
