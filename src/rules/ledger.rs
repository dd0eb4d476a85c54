//! IK107, the ledger: every filled source cell must land somewhere. The reader's cells are
//! counted, and so are the cells the layout took as headers and the cells assembly placed in
//! a field, `extra` or the notes; a difference is an error, never a silent loss.

use std::collections::HashSet;

use super::{Loc, finding};
use crate::layout::{Item, Layout, filled_cells};
use crate::model::Finding;
use crate::read::{Row, RowKind, Sheet, Source};

/// The filled cells of a row as read: its own cells (not merged copies), or 1 for a line
/// of text that is not blank.
fn row_cells(row: &Row) -> u32 {
    match &row.kind {
        RowKind::Cells(cells) => filled_cells(cells),
        RowKind::Text { text, .. } => u32::from(!text.trim().is_empty()),
    }
}

/// The filled cells of a sheet as read (see `row_cells`).
pub fn source_cells(sheet: &Sheet) -> u32 {
    sheet.rows.iter().map(row_cells).sum()
}

/// What the ledger keeps of a source before the layout takes its cells.
#[derive(Debug, Clone)]
pub struct Counts {
    pub file: String,
    pub sheets: Vec<SheetCount>,
}

#[derive(Debug, Clone)]
pub struct SheetCount {
    pub name: Option<String>,
    /// Filled cells (see [`source_cells`]).
    pub cells: u32,
    /// The lines that hold them, in order.
    pub lines: Vec<u32>,
}

/// Counts the filled cells of every sheet of a source, in one pass over its rows.
pub fn count(source: &Source) -> Counts {
    let sheets = source
        .sheets
        .iter()
        .map(|sheet| {
            let mut c = SheetCount {
                name: sheet.name.clone(),
                cells: 0,
                lines: Vec::new(),
            };
            for row in &sheet.rows {
                let n = row_cells(row);
                if n > 0 {
                    c.cells += n;
                    c.lines.push(row.line);
                }
            }
            c
        })
        .collect();
    Counts {
        file: source.file.clone(),
        sheets,
    }
}

/// Compares, sheet by sheet, the filled cells of the source with those accounted for
/// (`placed`: per sheet of the layout, as assembly counted them).
pub fn check(counts: &Counts, layout: &Layout, placed: &[u32]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, sheet) in counts.sheets.iter().enumerate() {
        let expected = sheet.cells;
        let lay = layout.sheets.get(i);
        let accounted = lay.map_or(0, |l| l.header_cells) + placed.get(i).copied().unwrap_or(0);
        if expected == accounted {
            continue;
        }
        let line = lay.and_then(|l| first_line_not_laid_out(&sheet.lines, &l.items));
        let where_ = line.map_or(String::new(), |l| {
            format!(" (första raden som saknas: {l})")
        });
        let message = if accounted < expected {
            format!(
                "{} av {expected} ifyllda celler i källan återfinns inte i något fält, i extra eller i anteckningarna{where_}; jämför utdata med källan",
                expected - accounted
            )
        } else {
            format!(
                "Källan har {expected} ifyllda celler men {accounted} räknades in i utdata; kontrollera att inget lästes två gånger"
            )
        };
        let loc = Loc {
            fil: counts.file.clone(),
            blad: sheet.name.clone(),
            cell: None,
            rad: line,
        };
        out.push(finding("IK107", message, loc, None));
    }
    out
}

/// The first line with filled cells that no table or prose item of the layout covers.
fn first_line_not_laid_out(lines: &[u32], items: &[Item]) -> Option<u32> {
    let mut seen: HashSet<u32> = HashSet::new();
    for item in items {
        match item {
            Item::Prose { line, .. } => {
                seen.insert(*line);
            }
            Item::Table(t) => seen.extend(t.trace.iter().map(|(l, _)| *l)),
        }
    }
    lines.iter().find(|l| !seen.contains(l)).copied()
}
