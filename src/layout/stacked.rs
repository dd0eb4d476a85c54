//! A table whose cells stand one under the other: what `pdftotext` (without `-layout`) and
//! some copy-and-paste out of PDF readers make of a table. The header's labels come first,
//! each on a line of its own ("Risk", "Kontrollmoment", "Ansvarig", …), then each row's
//! cells in the same order, a cell's wrapped text on lines right under each other and a
//! blank line between cells (or no blank lines at all, one line a cell).
//!
//! [`restack`] turns such a run of lines back into rows of cells, so the table is read like
//! any other grid.

use super::{LayoutOptions, Role, is_page_marker, synonyms};
use crate::normalize::text::fold_ws;
use crate::read::{Cell, Row, RowKind};

/// A stacked header names at least this many fields, one per line…
const MIN_LABELS: usize = 3;
/// …and the table under it has at least this many rows.
const MIN_ROWS: usize = 2;
/// A label line is at most this many characters.
const LABEL_MAX_CHARS: usize = 40;

/// A line of text, or `None` for a table row.
fn text_of(row: &Row) -> Option<&str> {
    match &row.kind {
        RowKind::Text { text, .. } => Some(text.as_str()),
        RowKind::Cells(_) => None,
    }
}

/// A blank line of text (a table row is never one here).
fn is_blank_text(row: &Row) -> bool {
    matches!(row.kind, RowKind::Text { .. }) && row.is_blank()
}

/// The field a line names when it is a header label alone: a short line whose whole
/// wording is a field's (the user's words first).
pub(super) fn label_role(text: &str, opts: &LayoutOptions) -> Option<Role> {
    let t = fold_ws(text);
    let t = t.strip_suffix(':').unwrap_or(&t).trim_end();
    if t.is_empty() || t.chars().count() > LABEL_MAX_CHARS {
        return None;
    }
    if let Some(r) = opts.role_for(t) {
        return (r != Role::Okand).then_some(r);
    }
    super::cards::is_vocabulary_label(t)
        .then(|| synonyms::role_of(t))
        .filter(|r| *r != Role::Okand)
}

/// One cell of a stacked table: its lines (rows indexes), first to last.
type Unit = Vec<usize>;

/// Rewrites the stacked tables of a sheet of text lines as rows of cells (see the module's
/// doc). A run of at least [`MIN_LABELS`] label lines naming distinct fields, one of them a
/// risk's or a control's, is the header; the lines under it, up to a heading or the end of
/// the sheet, are its cells, row by row. A page line and the header repeated after it are
/// left out. A number column (the risk's values) must hold numbers on every row: the first row
/// that does not, and what follows, is no longer the table. Returns whether it rewrote any.
pub fn restack(rows: &mut Vec<Row>, opts: &LayoutOptions) -> bool {
    let mut changed = false;
    let mut start = 0;
    while let Some((header, after)) = find_header(rows, start, opts) {
        let Some((new_rows, end)) = table_under(rows, &header, after) else {
            start = after;
            continue;
        };
        let first = header[0].0;
        let count = new_rows.len();
        rows.splice(first..end, new_rows);
        start = first + count;
        changed = true;
    }
    changed
}

/// The next stacked header at or after `start`: its label lines (index and field) and the
/// index right after its last label.
fn find_header(
    rows: &[Row],
    start: usize,
    opts: &LayoutOptions,
) -> Option<(Vec<(usize, Role)>, usize)> {
    let mut i = start;
    while i < rows.len() {
        let mut labels: Vec<(usize, Role)> = Vec::new();
        let mut j = i;
        while j < rows.len() {
            if is_blank_text(&rows[j]) {
                j += 1;
                continue;
            }
            match text_of(&rows[j]).and_then(|t| label_role(t, opts)) {
                Some(role) if !labels.iter().any(|(_, r)| *r == role) => {
                    labels.push((j, role));
                    j += 1;
                }
                _ => break,
            }
        }
        let structural = labels
            .iter()
            .any(|(_, r)| matches!(r.level(), super::Level::Risk | super::Level::Control));
        if labels.len() >= MIN_LABELS && structural {
            let after = labels.last().map_or(j, |(k, _)| k + 1);
            return Some((labels, after));
        }
        i = labels.last().map_or(i + 1, |(k, _)| k + 1).max(i + 1);
    }
    None
}

/// Whether the header's labels are set apart by blank lines (then a cell's wrapped text is
/// the lines between blank lines; otherwise each line is a cell).
fn blank_separated(rows: &[Row], header: &[(usize, Role)]) -> bool {
    header
        .windows(2)
        .any(|w| (w[0].0 + 1..w[1].0).any(|k| is_blank_text(&rows[k])))
}

/// The rows of cells made of the lines under a stacked header, and the index where the
/// table's lines end; `None` when fewer than [`MIN_ROWS`] rows fit.
fn table_under(rows: &[Row], header: &[(usize, Role)], after: usize) -> Option<(Vec<Row>, usize)> {
    let width = header.len();
    let by_blanks = blank_separated(rows, header);
    // The cells in order, each its lines; a page line and a repeated header are skipped.
    let mut units: Vec<Unit> = Vec::new();
    let mut current: Unit = Vec::new();
    let mut end = after;
    let mut k = after;
    while k < rows.len() {
        let row = &rows[k];
        let Some(text) = text_of(row) else { break };
        if matches!(row.kind, RowKind::Text { heading, .. } if heading > 0) {
            break;
        }
        k += 1;
        if text.trim().is_empty() {
            if !current.is_empty() {
                units.push(std::mem::take(&mut current));
            }
            continue;
        }
        end = k;
        if is_page_marker(text) {
            if !current.is_empty() {
                units.push(std::mem::take(&mut current));
            }
            continue;
        }
        current.push(k - 1);
        if !by_blanks {
            units.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        units.push(current);
    }
    // A header repeated after a page break: its labels in order.
    let labels: Vec<String> = header
        .iter()
        .map(|(i, _)| fold_ws(text_of(&rows[*i]).unwrap_or_default()))
        .collect();
    let unit_text = |u: &Unit| -> String {
        u.iter()
            .map(|&i| text_of(&rows[i]).unwrap_or_default().trim())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut texts: Vec<(u32, String)> = Vec::new();
    let mut last_line: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if i + width <= units.len()
            && (0..width).all(|c| fold_ws(&unit_text(&units[i + c])) == labels[c])
        {
            i += width;
            continue;
        }
        texts.push((rows[units[i][0]].line, unit_text(&units[i])));
        last_line.push(*units[i].last().expect("a unit has a line"));
        i += 1;
    }
    // Whole rows only; a number column holds a number on every row.
    // (A value column whose first row holds a number: "Gul" or "Hög" may stand for values.)
    let is_number = |s: &str| crate::normalize::number::parse_risk_or_scale(s).is_some();
    let numeric: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(c, (_, r))| {
            matches!(r, Role::Riskvarde | Role::Sannolikhet | Role::Konsekvens)
                && texts.get(*c).is_some_and(|(_, t)| is_number(t))
        })
        .map(|(c, _)| c)
        .collect();
    let mut n_rows = texts.len() / width;
    for r in 0..n_rows {
        if numeric.iter().any(|&c| !is_number(&texts[r * width + c].1)) {
            n_rows = r;
            break;
        }
    }
    if n_rows < MIN_ROWS {
        return None;
    }
    let mut out = Vec::with_capacity(n_rows + 1);
    out.push(Row {
        line: rows[header[0].0].line,
        kind: RowKind::Cells(labels.iter().map(|l| Cell::text(l)).collect()),
    });
    for r in 0..n_rows {
        let cells = &texts[r * width..(r + 1) * width];
        out.push(Row {
            line: cells[0].0,
            kind: RowKind::Cells(cells.iter().map(|(_, t)| Cell::text(t)).collect()),
        });
    }
    // The table's lines end after its last cell; what follows stays as it was.
    let used_end = if n_rows * width == texts.len() {
        end
    } else {
        last_line[n_rows * width - 1] + 1
    };
    Some((out, used_end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text::read_str;

    fn cells(rows: &[Row]) -> Vec<Vec<String>> {
        rows.iter()
            .filter_map(|r| match &r.kind {
                RowKind::Cells(c) => Some(c.iter().map(|c| c.value.plain()).collect()),
                RowKind::Text { .. } => None,
            })
            .collect()
    }

    #[test]
    fn cells_one_under_the_other_become_rows() {
        let mut rows = read_str(
            "Lomma kommun\n\nInternkontrollplan 2014\n\nRisk\n\nKontrollmoment\n\nAnsvarig\n\n\
             Riskvärde\n\nAttest\n\nStickprov av 25 fakturor mot\nattestförteckningen\n\n\
             Ekonomichef\n\n8\n\nDirektupphandling\n\nKontroll av dokumentation\n\n\
             Upphandlingschef\n\n9\n\nSida 1 av 1\n\u{c}\nBeslutad 2014-02-03\n",
        );
        assert!(restack(&mut rows, &LayoutOptions::default()));
        assert_eq!(
            cells(&rows),
            [
                vec!["Risk", "Kontrollmoment", "Ansvarig", "Riskvärde"],
                vec![
                    "Attest",
                    "Stickprov av 25 fakturor mot attestförteckningen",
                    "Ekonomichef",
                    "8"
                ],
                vec![
                    "Direktupphandling",
                    "Kontroll av dokumentation",
                    "Upphandlingschef",
                    "9"
                ],
            ]
        );
        // The lines above and below the table stay lines.
        assert!(
            rows.iter()
                .any(|r| text_of(r) == Some("Beslutad 2014-02-03"))
        );
        assert!(rows.iter().any(|r| text_of(r) == Some("Lomma kommun")));
    }

    #[test]
    fn without_blank_lines_each_line_is_a_cell_and_a_repeated_header_is_left_out() {
        let mut rows = read_str(
            "Risk\nKontroll\nAnsvarig\nA\nKontroll a\nChef\nB\nKontroll b\nChef\n\
             Sida 1 av 2\nRisk\nKontroll\nAnsvarig\nC\nKontroll c\nChef\n",
        );
        assert!(restack(&mut rows, &LayoutOptions::default()));
        let c = cells(&rows);
        assert_eq!(c.len(), 4, "{c:?}");
        assert_eq!(c[3], ["C", "Kontroll c", "Chef"]);
    }

    #[test]
    fn labels_with_values_between_them_are_no_stacked_header() {
        let mut rows = read_str(
            "Risk\nAttest\nKontrollmoment\nStickprov\nAnsvarig\nEkonomichef\n\
             Risk\nUpphandling\nKontrollmoment\nGenomgång\nAnsvarig\nChef\n",
        );
        assert!(!restack(&mut rows, &LayoutOptions::default()));
    }

    #[test]
    fn a_number_column_without_a_number_ends_the_table() {
        let mut rows = read_str(
            "Risk\nKontroll\nRiskvärde\nA\nKa\n6\nB\nKb\n4\nBeslutad av nämnden\nden 3 mars\nSlut\n",
        );
        assert!(restack(&mut rows, &LayoutOptions::default()));
        assert_eq!(cells(&rows).len(), 3);
        assert!(
            rows.iter()
                .any(|r| text_of(r) == Some("Beslutad av nämnden"))
        );
    }
}
