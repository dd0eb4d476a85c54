//! A transposed table: the field labels stand down its first column (Kontrollmoment ·
//! Ansvarig · Status · Kommentar …) and each further column is one record ("Kontroll 1",
//! "Kontroll 2" over them, or nothing), as Word follow-ups lay out one small table per risk.
//!
//! [`turn`] rewrites such a run of rows as the table it is when turned: the labels become the
//! header row and each column a row, so it is read like any other grid (a risk heading above
//! it then names the risk of its rows, as it does over any table).
//!
//! The decision is evidence, never a file: several distinct fields named down the first
//! column, and fewer named across the first row than down the column.

use super::stacked::label_role;
use super::{LayoutOptions, Level, Role};
use crate::read::{Cell, Row, RowKind, Value};

/// The first column names at least this many distinct fields of risks, controls or
/// follow-ups.
const MIN_LABELS: usize = 3;

/// A run of rows read as a transposed table.
#[derive(Debug, PartialEq)]
struct Found {
    /// The row over the labels whose first cell is empty and whose other cells head the
    /// records ("Kontroll 1", "Kontroll 2"), when there is one.
    corner: Option<usize>,
    /// The label rows, first to last (consecutive).
    labels: std::ops::Range<usize>,
    /// The number of columns, the labels' included.
    width: usize,
}

/// The cells of a table row, `None` for prose.
fn cells_of(row: &Row) -> Option<&[Cell]> {
    match &row.kind {
        RowKind::Cells(c) => Some(c),
        RowKind::Text { .. } => None,
    }
}

/// The field a row's first cell names when it is a label alone, with the level of a record
/// (risk, control, follow-up).
fn row_label(row: &Row, opts: &LayoutOptions) -> Option<Role> {
    let first = cells_of(row)?.first()?;
    // A label is a few words: longer texts are not asked.
    let Value::Text(t) = &first.value else {
        return None;
    };
    if t.byte_len() > 80 {
        return None;
    }
    label_role(&first.value.plain(), opts)
        .filter(|r| matches!(r.level(), Level::Risk | Level::Control | Level::FollowUp))
}

/// Whether some [`MIN_LABELS`] rows in a row have a first cell that could be a label (a text
/// of a few words in a table row): the cheap test before any row is looked up in the
/// vocabulary. Prose and sheets of long texts have none.
fn has_label_run(rows: &[Row]) -> bool {
    let mut run = 0;
    for row in rows {
        let short = cells_of(row)
            .and_then(<[Cell]>::first)
            .is_some_and(|c| matches!(&c.value, Value::Text(t) if t.byte_len() <= 80));
        run = if short { run + 1 } else { 0 };
        if run >= MIN_LABELS {
            return true;
        }
    }
    false
}

/// The index one past the last filled cell of a row.
fn filled_width(cells: &[Cell]) -> usize {
    cells
        .iter()
        .rposition(|c| !c.value.is_empty())
        .map_or(0, |i| i + 1)
}

/// The distinct fields the cells after the first name as labels (a header across).
fn labels_across(cells: &[Cell], opts: &LayoutOptions) -> usize {
    let mut roles: Vec<Role> = cells
        .iter()
        .skip(1)
        .filter_map(|c| label_role(&c.value.plain(), opts))
        .filter(|r| *r != Role::Okand)
        .collect();
    roles.sort_by_key(|r| r.key());
    roles.dedup();
    roles.len()
}

/// Whether a first cell's words stand twice down a run of label rows. A transposed table
/// names each field once down its first column; "Risk, Kontroll, Kontroll, Risk, Åtgärd …"
/// is a type column's values (each row's kind, in a typed export whose header across is
/// wrapped over several lines, or lost), not labels.
fn repeats_a_label(label_rows: &[Row]) -> bool {
    let mut seen: Vec<String> = Vec::new();
    for row in label_rows {
        let Some(first) = cells_of(row).and_then(<[Cell]>::first) else {
            continue;
        };
        let text = crate::normalize::text::fold_ws(&first.value.plain()).to_lowercase();
        let text = text.trim_end_matches(':').trim_end().to_string();
        if seen.contains(&text) {
            return true;
        }
        seen.push(text);
    }
    false
}

/// The transposed table starting at `start` (its corner row or its first label row).
fn find(
    rows: &[Row],
    labels: &[Option<Role>],
    start: usize,
    opts: &LayoutOptions,
) -> Option<Found> {
    let first_cells = cells_of(&rows[start])?;
    let corner = (first_cells.first().is_none_or(|c| c.value.is_empty())
        && filled_width(first_cells) > 1
        && rows
            .get(start + 1)
            .and_then(|_| labels[start + 1])
            .is_some())
    .then_some(start);
    let from = corner.map_or(start, |c| c + 1);
    // The label rows follow right after a row that is not one of them.
    if corner.is_none() && start > 0 && labels[start - 1].is_some() {
        return None;
    }
    let mut roles: Vec<Role> = Vec::new();
    let mut end = from;
    while end < rows.len()
        && let Some(role) = labels[end]
    {
        if !roles.contains(&role) {
            roles.push(role);
        }
        end += 1;
    }
    if roles.len() < MIN_LABELS || repeats_a_label(&rows[from..end]) {
        return None;
    }
    // Right under a header across that names several fields ("Typ | Nr | Namn | Ansvarig"),
    // the words down the first column are that column's values (Risk, Kontroll, Åtgärd: each
    // row's kind), not labels.
    if corner.is_none()
        && start > 0
        && cells_of(&rows[start - 1]).is_some_and(|c| labels_across(c, opts) >= MIN_LABELS)
    {
        return None;
    }
    let label_rows = &rows[from..end];
    let width = label_rows
        .iter()
        .chain(corner.map(|c| &rows[c]))
        .filter_map(cells_of)
        .map(filled_width)
        .max()
        .unwrap_or(0);
    // Values to turn: some label row has a cell beside its label.
    if width < 2 {
        return None;
    }
    // A header across names fewer fields than the column down (counted in the corner row
    // and the first label row).
    let across = corner
        .iter()
        .chain(std::iter::once(&from))
        .filter_map(|&i| cells_of(&rows[i]))
        .map(|c| labels_across(c, opts))
        .max()
        .unwrap_or(0);
    if 2 * across >= roles.len() {
        return None;
    }
    Some(Found {
        corner,
        labels: from..end,
        width,
    })
}

/// The rows of the turned table: the header (the labels) and one row per column that holds
/// a value. A row's line is that of a source row of the table, in order.
fn turned(rows: &[Row], f: &Found) -> Vec<Row> {
    let cell = |i: usize, c: usize| -> Cell {
        cells_of(&rows[i])
            .and_then(|cells| cells.get(c))
            .cloned()
            .unwrap_or_else(|| Cell::new(Value::Empty))
    };
    let sources: Vec<usize> = f.corner.into_iter().chain(f.labels.clone()).collect();
    let first = sources.first().copied().unwrap_or(f.labels.start);
    let last = sources.last().copied().unwrap_or(first);
    let mut out = vec![Row {
        line: rows[first].line,
        kind: RowKind::Cells(sources.iter().map(|&i| cell(i, 0)).collect()),
    }];
    for c in 1..f.width {
        let cells: Vec<Cell> = sources.iter().map(|&i| cell(i, c)).collect();
        if cells.iter().all(|x| x.value.is_empty()) {
            continue;
        }
        let at = (first + out.len()).min(last);
        out.push(Row {
            line: rows[at].line,
            kind: RowKind::Cells(cells),
        });
    }
    out
}

/// Rewrites each transposed table of a sheet as the table it is when turned (see the
/// module's doc). Returns whether it rewrote any.
pub fn turn(rows: &mut Vec<Row>, opts: &LayoutOptions) -> bool {
    if !has_label_run(rows) {
        return false;
    }
    let mut changed = false;
    // Each row's label, asked once (a sheet may have many thousands of rows).
    let label_of =
        |rows: &[Row]| -> Vec<Option<Role>> { rows.iter().map(|r| row_label(r, opts)).collect() };
    let mut labels = label_of(rows);
    let mut i = 0;
    while i < rows.len() {
        let Some(found) = find(rows, &labels, i, opts) else {
            i += 1;
            continue;
        };
        let new_rows = turned(rows, &found);
        let start = found.corner.unwrap_or(found.labels.start);
        let count = new_rows.len();
        rows.splice(start..found.labels.end, new_rows);
        labels = label_of(rows);
        i = start + count;
        changed = true;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: u32, texts: &[&str]) -> Row {
        Row {
            line,
            kind: RowKind::Cells(
                texts
                    .iter()
                    .map(|t| {
                        if t.is_empty() {
                            Cell::new(Value::Empty)
                        } else {
                            Cell::text(t)
                        }
                    })
                    .collect(),
            ),
        }
    }

    fn text(line: u32, t: &str) -> Row {
        Row {
            line,
            kind: RowKind::Text {
                text: t.to_string(),
                heading: 0,
            },
        }
    }

    fn texts(row: &Row) -> Vec<String> {
        row.cells().iter().map(|c| c.value.plain()).collect()
    }

    #[test]
    fn labels_down_the_first_column_become_the_header() {
        let mut rows = vec![
            text(1, "Risk 1: Felaktiga utbetalningar"),
            cells(2, &["", "Kontroll 1", "Kontroll 2"]),
            cells(
                3,
                &["Kontrollmoment", "Stickprov av fakturor", "Avstämning"],
            ),
            cells(4, &["Ansvarig", "Ekonomichef", "Controller"]),
            cells(5, &["Status", "Genomförd", "Pågående"]),
            cells(6, &["Kommentar", "Inga fel.", ""]),
            text(7, "Risk 2: Bristande arkivering"),
        ];
        assert!(turn(&mut rows, &LayoutOptions::default()));
        assert_eq!(rows.len(), 5);
        assert_eq!(
            texts(&rows[1]),
            ["", "Kontrollmoment", "Ansvarig", "Status", "Kommentar"]
        );
        assert_eq!(
            texts(&rows[2]),
            [
                "Kontroll 1",
                "Stickprov av fakturor",
                "Ekonomichef",
                "Genomförd",
                "Inga fel."
            ]
        );
        assert_eq!(
            texts(&rows[3]),
            ["Kontroll 2", "Avstämning", "Controller", "Pågående", ""]
        );
        assert_eq!((rows[1].line, rows[2].line, rows[3].line), (2, 3, 4));
    }

    #[test]
    fn one_record_without_a_corner_row_is_turned_too() {
        let mut rows = vec![
            cells(1, &["Kontrollmoment", "Analys av inköp utanför avtal"]),
            cells(2, &["Ansvarig", "Upphandlingschef"]),
            cells(3, &["Status", "Genomförd"]),
        ];
        assert!(turn(&mut rows, &LayoutOptions::default()));
        assert_eq!(rows.len(), 2);
        assert_eq!(texts(&rows[0]), ["Kontrollmoment", "Ansvarig", "Status"]);
        assert_eq!(
            texts(&rows[1]),
            [
                "Analys av inköp utanför avtal",
                "Upphandlingschef",
                "Genomförd"
            ]
        );
    }

    #[test]
    fn a_header_across_and_data_down_is_left_as_it_is() {
        let mut rows = vec![
            cells(1, &["Kontrollmoment", "Ansvarig", "Status", "Kommentar"]),
            cells(2, &["Stickprov", "Ekonomichef", "Genomförd", "Inga fel."]),
            cells(3, &["Avstämning", "Controller", "Pågående", ""]),
        ];
        assert!(!turn(&mut rows, &LayoutOptions::default()));
        // Labels down the first column under a header across that names as many fields.
        let mut rows = vec![
            cells(1, &["Status", "Ansvarig", "Kommentar", "Metod"]),
            cells(2, &["Ansvarig", "Ekonomichef", "", ""]),
            cells(3, &["Kommentar", "Controller", "", ""]),
        ];
        assert!(!turn(&mut rows, &LayoutOptions::default()));
    }

    #[test]
    fn a_type_columns_words_repeated_down_the_rows_are_no_labels() {
        // A typed export whose header across is wrapped onto a second line: "Risk",
        // "Kontroll", "Åtgärd" stand down the first column again and again.
        let mut rows = vec![
            cells(1, &["Objekt", "Nr", "Benämning", "Ansvarig"]),
            cells(2, &["typ", "", "", ""]),
            cells(3, &["Risk", "1", "Felaktiga utbetalningar", ""]),
            cells(4, &["Kontroll", "1.1", "Stickprov", "Ekonomichef"]),
            cells(5, &["Åtgärd", "1.2", "Ny rutin", "Ekonom"]),
            cells(6, &["Risk", "2", "Bristande arkivering", ""]),
            cells(7, &["Kontroll", "2.1", "Genomgång", "Registrator"]),
        ];
        assert!(!turn(&mut rows, &LayoutOptions::default()));
    }

    #[test]
    fn two_labels_or_labels_without_values_are_not_a_table() {
        let mut rows = vec![
            cells(1, &["Kontrollmoment", "Stickprov"]),
            cells(2, &["Ansvarig", "Ekonomichef"]),
        ];
        assert!(!turn(&mut rows, &LayoutOptions::default()));
        let mut rows = vec![
            cells(1, &["Kontrollmoment"]),
            cells(2, &["Ansvarig"]),
            cells(3, &["Status"]),
        ];
        assert!(!turn(&mut rows, &LayoutOptions::default()));
    }
}
