//! `ikplan inspect FILE`: shows why the output is what it is: the tables found, each
//! header and the field it maps to, each row's role, and the reading findings. A file is
//! read as `convert` reads it: ikplan's own workbook (or a filled template) by its sheets
//! and headers, anything else through the layout.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::layout::{Item, Layout, RowRole, layout_with};
use crate::normalize::text::shorten;
use crate::read::{read_bytes, read_file};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Filen att granska.
    #[arg(value_name = "FIL")]
    pub file: PathBuf,
    /// Skriv i stället det [kolumner]-block som läsningen använde, att redigera och lägga i
    /// ikplan.toml.
    #[arg(long)]
    pub toml: bool,
    #[command(flatten)]
    pub settings: super::config::RuleArgs,
}

pub fn run(args: &Args) -> u8 {
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| args.file.display().to_string());
    let project = match args.settings.project(std::slice::from_ref(&args.file)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("fel: {e}");
            return super::EXIT_UNREADABLE;
        }
    };
    let given = args.file.to_string_lossy().into_owned();
    let base = crate::normalize::assemble::Options {
        layout: project.layout.clone(),
        ..Default::default()
    };
    let opts = crate::pipeline::file_options(&base, &project.files, &given);
    let bytes = match read_file(&args.file, &name) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("fel: {}", super::inputs::escape(&e.to_string()));
            return super::EXIT_UNREADABLE;
        }
    };
    // As `convert` (pipeline::convert_file): ikplan's own workbook first.
    match crate::read::ikplan::read_ikplan(&bytes, &name) {
        Ok(Some(own)) => {
            if args.toml {
                println!(
                    "# {name} är ikplans egen arbetsbok: den läses efter sina rubriker och \
                     behöver inga [kolumner]."
                );
            } else {
                print!("{}", render_own(&name, &own));
            }
            return 0;
        }
        Ok(None) => {}
        Err(e) => {
            eprintln!("fel: {}", super::inputs::escape(&e.to_string()));
            return super::EXIT_UNREADABLE;
        }
    }
    match read_bytes(&bytes, &name) {
        Ok(source) => {
            let lay = layout_with(source, &opts.layout, &project.vocab);
            if args.toml {
                print!("{}", columns_toml(&lay));
            } else {
                print!("{}", render(&lay));
            }
            0
        }
        Err(e) => {
            eprintln!("fel: {}", super::inputs::escape(&e.to_string()));
            super::EXIT_UNREADABLE
        }
    }
}

/// How ikplan's own workbook was read: by its sheets and headers, with what each gave.
pub fn render_own(name: &str, own: &crate::model::Output) -> String {
    let risks = || own.dokument.iter().flat_map(|d| &d.risker);
    let controls = || risks().flat_map(|r| &r.kontroller);
    let mut s = String::new();
    let _ = writeln!(s, "{name} (ikplan)\n");
    let _ = writeln!(
        s,
        "ikplans egen arbetsbok (eller en ifylld mall): bladen Dokument, Risker, Kontroller, \
         Uppföljningar och Extra läses efter sina rubriker, som `ikplan convert` läser dem; \
         Översikt, Riskmatris, Platt och Instruktion hoppas över."
    );
    let _ = writeln!(s, "  Dokument: {}", own.dokument.len());
    let _ = writeln!(s, "  Risker: {}", risks().count());
    let _ = writeln!(s, "  Kontroller: {}", controls().count());
    let _ = writeln!(
        s,
        "  Uppföljningar: {}",
        controls().map(|k| k.uppfoljningar.len()).sum::<usize>()
    );
    let _ = writeln!(s, "  Anmärkningar: {}", own.anmarkningar.len());
    s
}

/// The `[kolumner]` block of every header the layout mapped, as ikplan.toml takes it: the
/// user edits a field and the next run reads the column so.
pub fn columns_toml(lay: &Layout) -> String {
    let mut s = String::from(
        "# Kolumnernas fält som ikplan läste dem; ändra ett fält och lägg blocket i ikplan.toml.\n\
         # Fält: risk, riskomrade, riskbeskrivning, kategori, process, sannolikhet, konsekvens,\n\
         # riskvarde, befintliga_rutiner, kontroll, atgard, metod, frekvens, ansvarig,\n\
         # rapporteringsansvarig, startdatum, avstamningsdatum, slutdatum, uppfoljning_nar,\n\
         # status, kontrollbedomning, resultat, ny_atgard, extra\n[kolumner]\n",
    );
    let mut seen = std::collections::HashSet::new();
    for sheet in &lay.sheets {
        for item in &sheet.items {
            let Item::Table(t) = item else { continue };
            for c in &t.columns {
                if c.header.is_empty() || !seen.insert(c.header.clone()) {
                    continue;
                }
                let Some(key) = c.role.user_key() else {
                    let _ = writeln!(
                        s,
                        "# {} = {} (delas av ikplan; kan inte anges)",
                        toml_string(&c.header),
                        c.role
                    );
                    continue;
                };
                let _ = writeln!(s, "{} = {}", toml_string(&c.header), toml_string(key));
            }
        }
    }
    s
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
                let note = c
                    .note
                    .as_ref()
                    .map(|n| format!("  ({n})"))
                    .unwrap_or_default();
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
                if !c.candidates.is_empty() {
                    let why = c
                        .candidates
                        .iter()
                        .take(4)
                        .map(|e| match e.basis {
                            crate::layout::Basis::Content if e.role == c.role && e.score < 0.5 => {
                                e.note.clone()
                            }
                            b => format!("{} {}: {} {:.2}", b.label(), e.note, e.role, e.score),
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    let _ = writeln!(s, "         säkerhet {:.2}; {why}", c.confidence);
                }
            }
            for sec in &t.sections {
                let _ = writeln!(
                    s,
                    "  Avsnitt rad {}: \u{201d}{}\u{201d} → {} för raderna under",
                    sec.line,
                    sec.text,
                    if sec.role == crate::layout::Role::Okand {
                        "extra".to_string()
                    } else {
                        sec.role.to_string()
                    }
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
                    RowRole::Section => {
                        "avsnittsrad (kategori eller process för raderna under)".to_string()
                    }
                    RowRole::Document => {
                        "dokumentets rad (rubrik, år och nämnd för hela dokumentet)".to_string()
                    }
                    RowRole::Blank => continue,
                };
                let _ = writeln!(s, "    rad {line:>4}: {what}");
            }
        }
        if n == 0 {
            let _ = writeln!(s, "\nIngen tabell hittades.");
            if let Some(near) = &sheet.nearest_header {
                let _ = writeln!(
                    s,
                    "Närmast en rubrikrad: rad {} ({} av {} celler namnger ett fält):",
                    near.line, near.known, near.filled
                );
                for (h, r) in &near.cells {
                    let _ = writeln!(
                        s,
                        "    {:<45} → {}",
                        shorten(h, 45),
                        r.map_or("inget fält".to_string(), |r| r.to_string())
                    );
                }
            } else {
                let _ = writeln!(
                    s,
                    "Ingen rad liknar en rubrikrad: ingen cell är en känd kolumnrubrik (som \
                     Riskområde, Kontroll, Ansvarig); ange kolumnernas fält med [kolumner] i \
                     ikplan.toml eller --kolumn"
                );
            }
        }
    }
    if !lay.findings.is_empty() {
        let _ = writeln!(s, "\nAnmärkningar vid läsningen:");
        for f in &lay.findings {
            let at = f
                .cell
                .clone()
                .or(f.rad.map(|r| format!("rad {r}")))
                .map(|at| format!("{at}: "))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  {at}{} {}: {}",
                f.kod,
                f.allvarlighet.as_str(),
                f.meddelande
            );
        }
    }
    s
}
