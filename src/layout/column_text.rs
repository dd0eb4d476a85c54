//! A PDF's table pulled out as plain text (`pdftotext` without `-layout`): one cell per
//! line, the header's labels alone on lines, often column after column. [`stacked`]
//! rebuilds such a table when its cells come row by row; when the reading that comes out
//! is not to be trusted (no table, a header without rows, a table of one row), IK120 says
//! what the text is and how to get one that reads.
//!
//! [`stacked`]: super::stacked

use super::{Item, LayoutOptions, Level, SheetLayout, stacked};
use crate::finding::{Loc, finding};
use crate::model::Finding;
use crate::read::{Row, RowKind};

/// A text of one cell per line has this many lines of text at least…
const MIN_LINES: usize = 30;
/// …of which this share at least are short (a cell's piece: at most [`SHORT_WORDS`] words)…
const MIN_SHORT_SHARE: f32 = 0.6;
const SHORT_WORDS: usize = 3;
/// …and this share at most are rows of two cells or more (aligned columns, tabs).
const MAX_ROW_SHARE: f32 = 0.1;
/// The header's labels alone on lines name at least this many distinct fields.
const MIN_LABELS: usize = 4;
/// A table read from such a text with at most this many rows is not to be trusted.
const MAX_TRUSTED_ROWS: usize = 1;

/// What a sheet's lines say of a text of one cell per line: the line of its first label
/// and the labels (distinct fields, one a risk's or a control's), when it is one.
#[derive(Debug, Clone)]
pub struct CellPerLine {
    pub first_line: u32,
    pub labels: Vec<String>,
}

/// Whether a sheet's rows (before layout) are a table pulled out one cell per line.
pub fn cell_per_line(rows: &[Row], opts: &LayoutOptions) -> Option<CellPerLine> {
    let mut texts = 0usize;
    let mut short = 0usize;
    let mut cell_rows = 0usize;
    let mut labels: Vec<(u32, String)> = Vec::new();
    let mut roles = Vec::new();
    for row in rows {
        match &row.kind {
            RowKind::Text { text, .. } if text.trim().is_empty() => {}
            RowKind::Text { text, .. } => {
                texts += 1;
                if text.split_whitespace().count() <= SHORT_WORDS {
                    short += 1;
                }
                if let Some(role) = stacked::label_role(text, opts)
                    && !roles.contains(&role)
                {
                    roles.push(role);
                    labels.push((row.line, text.trim().to_string()));
                }
            }
            RowKind::Cells(cells) => {
                if cells.iter().filter(|c| !c.value.is_empty()).count() >= 2 {
                    cell_rows += 1;
                }
                texts += 1;
            }
        }
    }
    let structural = roles
        .iter()
        .any(|r| matches!(r.level(), Level::Risk | Level::Control));
    (texts >= MIN_LINES
        && short as f32 >= MIN_SHORT_SHARE * texts as f32
        && cell_rows as f32 <= MAX_ROW_SHARE * texts as f32
        && labels.len() >= MIN_LABELS
        && structural)
        .then(|| CellPerLine {
            first_line: labels[0].0,
            labels: labels.into_iter().map(|(_, t)| t).collect(),
        })
}

/// IK120: a sheet of one cell per line whose reading is not to be trusted: no table, or
/// only tables of at most [`MAX_TRUSTED_ROWS`] rows.
pub fn finding_for(
    file: &str,
    sheet: &SheetLayout,
    evidence: &CellPerLine,
    findings: &mut Vec<Finding>,
) {
    let rows: Vec<usize> = sheet
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Table(t) => Some(t.rows.len()),
            Item::Prose { .. } => None,
        })
        .collect();
    if rows.iter().any(|&n| n > MAX_TRUSTED_ROWS) {
        return;
    }
    let labels = evidence
        .labels
        .iter()
        .map(|t| format!("”{t}”"))
        .collect::<Vec<_>>()
        .join(", ");
    findings.push(finding(
        "IK120",
        format!(
            "Texten ser ut att vara en PDF:s tabell uttagen utan layout (som pdftotext utan \
             -layout skriver den): en cell per rad, rubrikerna {labels} var för sig på egna \
             rader; tabellen kunde inte läsas säkert: det som lästes kan stå i fel fält och resten \
             sparades som anteckningar. \
             Ta fram texten med pdftotext -layout, eller öppna PDF-filen i Word och spara den \
             som docx, och kör ikplan igen"
        ),
        Loc {
            fil: file.to_string(),
            blad: sheet.name.clone(),
            cell: None,
            rad: Some(evidence.first_line),
        },
        None,
    ));
}
