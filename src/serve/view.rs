//! How one file was read, as the page shows it (JSON): what `ikplan inspect` shows (tables,
//! every column with its field, confidence and runner-up, the rows' roles) and the file's
//! findings, located, with the status and assessment words its follow-ups used.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::finding::{a1, col_name};
use crate::layout::{Basis, Evidence, Item, Layout, RowRole};
use crate::model::Finding;
use crate::pipeline::Converted;

/// One file on the page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileView {
    pub id: u32,
    pub namn: String,
    pub storlek: usize,
    /// How long reading took, in milliseconds.
    pub ms: f64,
    /// The one-line error of a file that could not be read.
    pub fel: Option<String>,
    pub format: String,
    pub tabeller: Vec<TableView>,
    /// Sheets where no table was found, with the row nearest to a header.
    pub utan_tabell: Vec<NoTable>,
    pub anmarkningar: Vec<FindingView>,
    pub ord: Words,
    pub antal: Counts,
}

/// What the layout found in a file.
#[derive(Debug, Clone, Default)]
pub struct LayoutView {
    pub format: String,
    pub tabeller: Vec<TableView>,
    pub utan_tabell: Vec<NoTable>,
}

impl LayoutView {
    pub fn iter(&self) -> impl Iterator<Item = &TableView> {
        self.tabeller.iter()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TableView {
    pub blad: Option<String>,
    /// The table's number on its sheet (1, 2 …).
    pub nr: usize,
    /// "plan" or "uppföljning".
    pub typ: &'static str,
    pub rubrikrad: u32,
    pub datarader: usize,
    pub kolumner: Vec<ColumnView>,
    /// The rows' roles, consecutive rows of one role as one run.
    pub rader: Vec<RowRun>,
    pub avsnitt: Vec<SectionView>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ColumnView {
    /// Column letter (A, B …).
    pub kol: String,
    /// Where the header stands: "Blad1!B4" on a sheet, "rad 4" in text.
    pub plats: String,
    pub rubrik: String,
    /// The field key the user writes for the chosen field; `None` for a combined column
    /// ikplan splits itself.
    pub falt: Option<&'static str>,
    /// How the field is shown ("kontroll.kontroll").
    pub visas: &'static str,
    pub sakerhet: f32,
    pub tvaa: Option<Candidate>,
    pub skal: Vec<Candidate>,
    pub anvandarval: bool,
    pub not: Option<String>,
    pub period: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub falt: Option<&'static str>,
    pub visas: &'static str,
    pub poang: f32,
    pub grund: &'static str,
    pub varfor: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowRun {
    pub fran: u32,
    pub till: u32,
    pub roll: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub rad: u32,
    pub text: String,
    pub visas: &'static str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NoTable {
    pub blad: Option<String>,
    /// The row nearest to a header, with each cell's field (or `None`).
    pub narmast_rad: Option<u32>,
    pub narmast: Vec<(String, Option<&'static str>)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub kod: String,
    pub allvarlighet: &'static str,
    pub meddelande: String,
    pub regel: &'static str,
    /// "Blad1!F7", "F7", "rad 12", or "" for the whole file.
    pub plats: String,
}

/// The words of the file's status and assessment cells, with what each became.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Words {
    pub status: Vec<Word>,
    pub kontrollbedomning: Vec<Word>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Word {
    pub ord: String,
    /// What it was read as; `None`: not recognised.
    pub varde: Option<&'static str>,
    pub antal: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub dokument: usize,
    pub risker: usize,
    pub kontroller: usize,
    pub uppfoljningar: usize,
}

/// A status or assessment cell longer than this is prose, not a word to give a meaning.
const MAX_WORD_CHARS: usize = 60;
/// At most this many distinct words are listed per kind.
const MAX_WORDS: usize = 60;

fn candidate(e: &Evidence) -> Candidate {
    Candidate {
        falt: e.role.user_key(),
        visas: e.role.key(),
        poang: e.score,
        grund: e.basis.label(),
        varfor: e.note.clone(),
    }
}

fn role_word(role: RowRole) -> Option<String> {
    Some(match role {
        RowRole::Header => "rubrikrad".into(),
        RowRole::Data => "data".into(),
        RowRole::MergedGroup => "data (samma risk som ovan, sammanslagen)".into(),
        RowRole::RepeatedHeader => "upprepad rubrikrad, hoppas över".into(),
        RowRole::Continuation(to) => format!("fortsättning, fogas till rad {to}"),
        RowRole::Section => "avsnittsrad (kategori eller process för raderna under)".into(),
        RowRole::Document => "dokumentets rad (rubrik, år och nämnd för hela dokumentet)".into(),
        RowRole::Blank => return None,
    })
}

/// Consecutive rows of one role as runs.
fn runs(trace: &[(u32, RowRole)]) -> Vec<RowRun> {
    let mut out: Vec<RowRun> = Vec::new();
    for (line, role) in trace {
        let Some(roll) = role_word(*role) else {
            continue;
        };
        match out.last_mut() {
            Some(last) if last.roll == roll && last.till + 1 == *line => last.till = *line,
            _ => out.push(RowRun {
                fran: *line,
                till: *line,
                roll,
            }),
        }
    }
    out
}

/// The tables of a layout as the page shows them (called on the layout before it is
/// assembled; see [`crate::pipeline::convert_bytes_seen`]).
pub fn tables(lay: &Layout) -> LayoutView {
    let grid = lay.format.is_grid();
    let mut view = LayoutView {
        format: lay.format.to_string(),
        ..Default::default()
    };
    for sheet in &lay.sheets {
        let mut n = 0;
        for item in &sheet.items {
            let Item::Table(t) = item else { continue };
            n += 1;
            let plats = |col: usize| match (&sheet.name, grid) {
                (Some(s), true) => format!("{s}!{}", a1(col, t.header_line)),
                (None, true) => a1(col, t.header_line),
                _ => format!("rad {}", t.header_line),
            };
            let kolumner = t
                .columns
                .iter()
                .map(|c| ColumnView {
                    kol: col_name(c.index),
                    plats: plats(c.index),
                    rubrik: c.header.clone(),
                    falt: c.role.user_key(),
                    visas: c.role.key(),
                    sakerhet: c.confidence,
                    tvaa: c.runner_up().map(candidate),
                    skal: c.candidates.iter().take(4).map(candidate).collect(),
                    anvandarval: c.candidates.iter().any(|e| e.basis == Basis::User),
                    not: c.note.clone(),
                    period: c.period.map(|p| p.as_str()),
                })
                .collect();
            view.tabeller.push(TableView {
                blad: sheet.name.clone(),
                nr: n,
                typ: if t.is_follow_up() {
                    "uppföljning"
                } else {
                    "plan"
                },
                rubrikrad: t.header_line,
                datarader: t.rows.len(),
                kolumner,
                rader: runs(&t.trace),
                avsnitt: t
                    .sections
                    .iter()
                    .map(|s| SectionView {
                        rad: s.line,
                        text: s.text.clone(),
                        visas: s.role.key(),
                    })
                    .collect(),
            });
        }
        if n == 0 {
            let near = sheet.nearest_header.as_ref();
            view.utan_tabell.push(NoTable {
                blad: sheet.name.clone(),
                narmast_rad: near.map(|n| n.line),
                narmast: near
                    .map(|n| {
                        n.cells
                            .iter()
                            .map(|(h, r)| (h.clone(), r.map(|r| r.key())))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
    }
    view
}

/// Where a finding points, as the page shows it.
fn place(f: &Finding) -> String {
    match (&f.blad, &f.cell, f.rad) {
        (Some(b), Some(c), _) => format!("{b}!{c}"),
        (None, Some(c), _) => c.clone(),
        (Some(b), None, Some(r)) => format!("{b}, rad {r}"),
        (None, None, Some(r)) => format!("rad {r}"),
        (Some(b), None, None) => b.clone(),
        (None, None, None) => String::new(),
    }
}

/// The page's view of a file that was read, and the status and assessment words it used.
pub fn file_view(
    id: u32,
    name: &str,
    size: usize,
    layout: LayoutView,
    converted: &Converted,
    ms: f64,
) -> (FileView, Vec<String>) {
    let mut counts = Counts {
        dokument: converted.documents.len(),
        ..Default::default()
    };
    let mut status: BTreeMap<&str, (Option<&'static str>, usize)> = BTreeMap::new();
    let mut bedomning: BTreeMap<&str, (Option<&'static str>, usize)> = BTreeMap::new();
    for d in &converted.documents {
        counts.risker += d.risker.len();
        for k in d.risker.iter().flat_map(|r| &r.kontroller) {
            counts.kontroller += 1;
            for u in &k.uppfoljningar {
                counts.uppfoljningar += 1;
                if let Some(w) = u.status_kalla.as_deref() {
                    let e = status.entry(w).or_insert((u.status.map(|s| s.as_str()), 0));
                    e.1 += 1;
                }
                if let Some(w) = u.kontrollbedomning_kalla.as_deref() {
                    let e = bedomning
                        .entry(w)
                        .or_insert((u.kontrollbedomning.map(|s| s.as_str()), 0));
                    e.1 += 1;
                }
            }
        }
    }
    let listed = |m: BTreeMap<&str, (Option<&'static str>, usize)>| -> Vec<Word> {
        m.into_iter()
            .filter(|(w, _)| !w.trim().is_empty() && w.chars().count() <= MAX_WORD_CHARS)
            .take(MAX_WORDS)
            .map(|(w, (v, n))| Word {
                ord: w.to_string(),
                varde: v,
                antal: n,
            })
            .collect()
    };
    let ord = Words {
        status: listed(status),
        kontrollbedomning: listed(bedomning),
    };
    let words = ord
        .status
        .iter()
        .chain(&ord.kontrollbedomning)
        .map(|w| w.ord.clone())
        .collect();
    let view = FileView {
        id,
        namn: name.to_string(),
        storlek: size,
        ms,
        fel: None,
        format: if layout.format.is_empty() {
            "ikplan".into()
        } else {
            layout.format
        },
        tabeller: layout.tabeller,
        utan_tabell: layout.utan_tabell,
        anmarkningar: converted
            .findings
            .iter()
            .map(|f| FindingView {
                kod: f.kod.clone(),
                allvarlighet: f.allvarlighet.as_str(),
                meddelande: f.meddelande.clone(),
                regel: crate::finding::rule(&f.kod).map_or("", |r| r.title),
                plats: place(f),
            })
            .collect(),
        ord,
        antal: counts,
    };
    (view, words)
}

/// The page's view of a file that could not be read: its one-line error.
pub fn failed(id: u32, name: &str, size: usize, error: String, ms: f64) -> FileView {
    FileView {
        id,
        namn: name.to_string(),
        storlek: size,
        ms,
        fel: Some(error),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_one_role_are_one_run() {
        let trace = [
            (7, RowRole::Header),
            (8, RowRole::Data),
            (9, RowRole::Data),
            (10, RowRole::Blank),
            (11, RowRole::Data),
            (12, RowRole::Continuation(11)),
        ];
        let r = runs(&trace);
        let shown: Vec<(u32, u32, &str)> = r
            .iter()
            .map(|r| (r.fran, r.till, r.roll.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (7, 7, "rubrikrad"),
                (8, 9, "data"),
                (11, 11, "data"),
                (12, 12, "fortsättning, fogas till rad 11")
            ]
        );
    }
}
