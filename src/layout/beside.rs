//! A block of cells set beside a table, apart from it by an empty column, with a header of
//! its own: a risk matrix or a legend next to the plan, in the same sheet rows.
//!
//! ```text
//! Nr | Risk          | … | Frekvens |   | Riskmatris
//! Regionövergripande kontroller     |   | K \ S | 1 | 2 | 3 | 4
//! 1  | Felaktiga …   | … | Tertial  |   | 4     |   | 1, 3
//! ```
//!
//! The block's cells are none of the table's: read with it, the row that holds only a
//! section's text in the table's columns would be a row of data. The block is taken off the
//! sheet's rows and laid out as a region of its own, after the table.

use super::LayoutOptions;
use crate::normalize::text::fold_ws;
use crate::read::{Cell, Row, RowKind, Value};

/// Rows a block headed by a caption alone needs (the caption and two of its own).
const CAPTION_BLOCK_ROWS: usize = 3;
/// Words a caption may have ("Riskmatris", "Bedömning:", "Teckenförklaring").
const CAPTION_MAX_WORDS: usize = 4;

fn filled(c: &Cell) -> bool {
    !c.value.is_empty()
}

/// The cells of a row from column `from` on that are filled.
fn filled_from(row: &Row, from: usize) -> bool {
    row.cells().iter().skip(from).any(filled)
}

/// The filled cells of a row left of column `before`.
fn filled_before(row: &Row, before: usize) -> usize {
    row.cells()
        .iter()
        .take(before)
        .filter(|c| filled(c))
        .count()
}

/// A caption alone on the block's first row: one short text without digits.
fn is_caption(cells: &[Cell]) -> bool {
    let mut texts = cells.iter().filter(|c| filled(c));
    let (Some(one), None) = (texts.next(), texts.next()) else {
        return false;
    };
    let Value::Text(r) = &one.value else {
        return false;
    };
    let t = fold_ws(&r.plain());
    t.split_whitespace().count() <= CAPTION_MAX_WORDS && !t.chars().any(|c| c.is_ascii_digit())
}

/// Whether a cell of the block names a field of the model (its column would be the table's).
fn names_field(c: &Cell) -> bool {
    match &c.value {
        Value::Text(r) => {
            super::synonyms::role_of(fold_ws(&r.plain()).trim_end_matches(':'))
                != super::Role::Okand
        }
        _ => false,
    }
}

/// The rows `first..=last` and the column `gap` of a block beside a table: every row of
/// them has cells right of the gap, none in it; the table's rows go on above or below them
/// (the block is not as tall as the table); and the block has a header of its own: it
/// starts on or above the table's header row with no field named in its cells there, or
/// under a caption of its own.
fn block_at(rows: &[Row], gap: usize, opts: &LayoutOptions) -> Option<(usize, usize)> {
    let right: Vec<usize> = (0..rows.len())
        .filter(|&i| filled_from(&rows[i], gap + 1))
        .collect();
    let (&first, &last) = (right.first()?, right.last()?);
    if right.len() != last - first + 1 {
        return None;
    }
    let block = &rows[first..=last];
    if block
        .iter()
        .any(|r| !matches!(r.kind, RowKind::Cells(_)) || r.cells().get(gap).is_some_and(filled))
        || block.iter().all(|r| filled_before(r, gap) == 0)
    {
        return None;
    }
    // The table goes on beyond the block: a row of two or more of its cells next to it.
    let table_row = |i: usize| {
        rows.get(i)
            .is_some_and(|r| matches!(r.kind, RowKind::Cells(_)) && filled_before(r, gap) >= 2)
    };
    if !(table_row(last + 1) || first.checked_sub(1).is_some_and(table_row)) {
        return None;
    }
    let header = block.iter().position(|r| {
        let cells = r.cells();
        super::header_roles(&cells[..gap.min(cells.len())], opts).is_some()
    });
    let own_header = match header {
        Some(h) => !block[h].cells().iter().skip(gap + 1).any(names_field),
        None => false,
    };
    let captioned = block.len() >= CAPTION_BLOCK_ROWS
        && header != Some(0)
        && is_caption(&block[0].cells()[gap + 1..]);
    (own_header || captioned).then_some((first, last))
}

/// Takes the first block beside a table off the rows (see the module's doc): its rows,
/// each with the block's cells in their own columns (the table's left empty).
pub fn split_off(rows: &mut [Row], opts: &LayoutOptions) -> Option<Vec<Row>> {
    let width = rows.iter().map(|r| r.cells().len()).max()?;
    let (gap, first, last) = (1..width.saturating_sub(1))
        .find_map(|gap| block_at(rows, gap, opts).map(|(f, l)| (gap, f, l)))?;
    let mut block = Vec::with_capacity(last - first + 1);
    for row in &mut rows[first..=last] {
        let RowKind::Cells(cells) = &mut row.kind else {
            continue;
        };
        let mut own: Vec<Cell> = vec![Cell::default(); gap + 1];
        own.extend(cells.drain(gap + 1..));
        cells.truncate(gap);
        block.push(Row {
            line: row.line,
            kind: RowKind::Cells(own),
        });
    }
    Some(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u32, cells: &[&str]) -> Row {
        Row {
            line,
            kind: RowKind::Cells(
                cells
                    .iter()
                    .map(|t| {
                        if t.is_empty() {
                            Cell::default()
                        } else {
                            Cell::text(t)
                        }
                    })
                    .collect(),
            ),
        }
    }

    fn texts(r: &Row) -> Vec<String> {
        r.cells().iter().map(|c| c.value.plain()).collect()
    }

    #[test]
    fn a_matrix_beside_the_table_is_taken_off() {
        let mut rows = vec![
            row(1, &["Internkontrollplan 2022"]),
            row(2, &["Nr", "Risk", "Kontrollmoment", "", "Riskmatris"]),
            row(
                3,
                &["Övergripande kontroller", "", "", "", "K \\ S", "1", "2"],
            ),
            row(4, &["1", "Fel", "Avstämning", "", "2", "1, 3", ""]),
            row(5, &["2", "Brist", "Granskning", "", "1", "", "2"]),
            row(6, &["3", "Åtkomst", "Loggkontroll"]),
        ];
        let block = split_off(&mut rows, &LayoutOptions::default()).expect("a block");
        assert_eq!(block.len(), 4);
        assert_eq!(block[0].line, 2);
        assert_eq!(texts(&block[1])[4..], ["K \\ S", "1", "2"]);
        assert_eq!(texts(&rows[2]), ["Övergripande kontroller", "", ""]);
        assert_eq!(texts(&rows[1]), ["Nr", "Risk", "Kontrollmoment"]);
    }

    #[test]
    fn a_column_of_the_table_after_an_empty_one_stays() {
        // "Kommentar" names a field: the column is the table's, though apart.
        let mut rows = vec![
            row(1, &["Nr", "Risk", "Kontrollmoment", "", "Kommentar"]),
            row(2, &["1", "Fel", "Avstämning", "", "Klart"]),
            row(3, &["2", "Brist", "Granskning", "", "Pågår"]),
            row(4, &["3", "Åtkomst", "Loggkontroll"]),
        ];
        assert!(split_off(&mut rows, &LayoutOptions::default()).is_none());
        // As tall as the table: its last column, not a block beside it.
        let mut rows = vec![
            row(1, &["Nr", "Risk", "Kontrollmoment", "", "Not"]),
            row(2, &["1", "Fel", "Avstämning", "", "a"]),
            row(3, &["2", "Brist", "Granskning", "", "b"]),
        ];
        assert!(split_off(&mut rows, &LayoutOptions::default()).is_none());
    }
}
