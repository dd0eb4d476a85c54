//! A risk matrix whose cells hold the risks' numbers: the row a number stands in is its
//! risk's sannolikhet, the column its konsekvens (or the other way round, as the corner and
//! the labels say).
//!
//! ```text
//! Sannolikhet / Konsekvens | Försumbar 1 | Lindrig 2 | Kännbar 3 | Allvarlig 4
//! Sannolik 3               |             | 3         | 1         |
//! Möjlig 2                 |             |           | 4         | 2
//! ```
//!
//! Plans put such a matrix under the plan or on a sheet of its own, instead of S and K
//! columns. A matrix whose cells hold the products of their row and column (the template's
//! risk values) places no risk.

use crate::normalize::number::{ScaleField, parse_int};
use crate::normalize::scale_words::word_step;
use crate::normalize::text::fold_ws;
use crate::read::{Cell, Row, RowKind, Value};

/// One risk number placed in the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub nummer: String,
    pub sannolikhet: i64,
    pub konsekvens: i64,
    /// The row it stands in.
    pub line: u32,
}

fn text(c: &Cell) -> String {
    match &c.value {
        Value::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
        v => fold_ws(&v.plain()),
    }
}

/// An axis label's step: "Lindrig 2", "2 Lindrig", "2 - Lindrig", "2", or a scale word the
/// scales agree on ("Kännbar").
fn step(label: &str, field: ScaleField) -> Option<i64> {
    let t = label.trim();
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '(' | ')' | ':' | '='))
        .filter(|w| !w.is_empty())
        .collect();
    let numbers: Vec<i64> = words.iter().filter_map(|w| parse_int(w)).collect();
    match numbers[..] {
        [n] if (1..=10).contains(&n) => Some(n),
        [] => word_step(t, field),
        _ => None,
    }
}

/// The numbers written in a cell of the matrix ("3", "1, 5", "R2"): `None` when the cell
/// holds anything else.
fn numbers(cell: &str) -> Option<Vec<String>> {
    let out: Vec<String> = cell
        .split([',', ';', '\n', ' ', '/'])
        .map(|w| {
            w.trim()
                .trim_start_matches(['R', 'r'])
                .trim_end_matches('.')
        })
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    out.iter()
        .all(|w| {
            w.len() <= 6
                && w.starts_with(|c: char| c.is_ascii_digit())
                && w.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
        .then_some(out)
}

/// The risk numbers the sheet's matrices place, in reading order. A number placed twice
/// is left out (the matrix does not say which place is its).
pub fn find(rows: &[Row]) -> Vec<Placed> {
    let mut out: Vec<Placed> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        match matrix_at(rows, i) {
            Some((placed, next)) => {
                out.extend(placed);
                i = next;
            }
            None => i += 1,
        }
    }
    let mut seen = std::collections::HashMap::new();
    for p in &out {
        *seen.entry(p.nummer.clone()).or_insert(0) += 1;
    }
    out.retain(|p| seen[&p.nummer] == 1);
    out
}

/// The matrix whose corner is row `i`, and the row after it.
fn matrix_at(rows: &[Row], i: usize) -> Option<(Vec<Placed>, usize)> {
    let RowKind::Cells(head) = &rows[i].kind else {
        return None;
    };
    let corner = text(head.first()?).to_lowercase();
    let (s_at, k_at) = (corner.find("sannolikhet"), corner.find("konsekvens"));
    if s_at.is_none() && k_at.is_none() {
        return None;
    }
    // The axis the corner names first runs down the rows ("Sannolikhet / Konsekvens").
    let rows_are_s = match (s_at, k_at) {
        (Some(s), Some(k)) => s < k,
        (Some(_), None) => true,
        _ => false,
    };
    let (row_field, col_field) = if rows_are_s {
        (ScaleField::Sannolikhet, ScaleField::Konsekvens)
    } else {
        (ScaleField::Konsekvens, ScaleField::Sannolikhet)
    };
    let cols: Vec<(usize, i64)> = head
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(j, c)| step(&text(c), col_field).map(|n| (j, n)))
        .collect();
    let filled = head.iter().skip(1).filter(|c| !text(c).is_empty()).count();
    if cols.len() < 3 || cols.len() < filled {
        return None;
    }
    let mut placed = Vec::new();
    let mut products = true;
    let mut k = i + 1;
    while let Some(RowKind::Cells(cells)) = rows.get(k).map(|r| &r.kind) {
        let Some(row_step) = cells.first().and_then(|c| step(&text(c), row_field)) else {
            break;
        };
        for &(j, col_step) in &cols {
            let Some(t) = cells.get(j).map(text).filter(|t| !t.is_empty()) else {
                continue;
            };
            let numbers = numbers(&t)?;
            let product = (row_step * col_step).to_string();
            products &= numbers.iter().all(|n| *n == product);
            let (s, kv) = if rows_are_s {
                (row_step, col_step)
            } else {
                (col_step, row_step)
            };
            placed.extend(numbers.into_iter().map(|nummer| Placed {
                nummer,
                sannolikhet: s,
                konsekvens: kv,
                line: rows[k].line,
            }));
        }
        k += 1;
    }
    (k - i > 2 && !placed.is_empty() && !products).then_some((placed, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u32, cells: &[&str]) -> Row {
        Row {
            line,
            kind: RowKind::Cells(cells.iter().map(|t| Cell::text(t)).collect()),
        }
    }

    fn grid(cells: &[&[&str]]) -> Vec<Row> {
        cells
            .iter()
            .enumerate()
            .map(|(i, r)| row(i as u32 + 1, r))
            .collect()
    }

    #[test]
    fn risk_numbers_in_the_cells_give_their_risks_s_and_k() {
        let rows = grid(&[
            &["Riskmatris", "", "", "", ""],
            &[
                "Sannolikhet / Konsekvens",
                "Försumbar 1",
                "Lindrig 2",
                "Kännbar 3",
                "Allvarlig 4",
            ],
            &["Mycket sannolik 4", "", "", "", ""],
            &["Sannolik 3", "", "3", "1, 5", ""],
            &["Möjlig 2", "", "", "4", "2"],
            &["Osannolik 1", "", "", "", ""],
            &["Kommentar", "text", "", "", ""],
        ]);
        let p = find(&rows);
        let get = |n: &str| {
            p.iter()
                .find(|x| x.nummer == n)
                .map(|x| (x.sannolikhet, x.konsekvens))
        };
        assert_eq!(get("1"), Some((3, 3)));
        assert_eq!(get("5"), Some((3, 3)));
        assert_eq!(get("3"), Some((3, 2)));
        assert_eq!(get("2"), Some((2, 4)));
        assert_eq!(p.len(), 5);
    }

    #[test]
    fn konsekvens_down_the_rows_and_plain_numbers() {
        let rows = grid(&[
            &["Konsekvens \\ Sannolikhet", "1", "2", "3", "4"],
            &["4", "", "R7", "", ""],
            &["3", "", "", "", "8"],
        ]);
        let p = find(&rows);
        assert_eq!(
            (p[0].nummer.as_str(), p[0].sannolikhet, p[0].konsekvens),
            ("7", 2, 4)
        );
        assert_eq!(
            (p[1].nummer.as_str(), p[1].sannolikhet, p[1].konsekvens),
            ("8", 4, 3)
        );
    }

    #[test]
    fn a_template_of_products_and_prose_place_nothing() {
        let products = grid(&[
            &["Sannolikhet / Konsekvens", "1", "2", "3", "4"],
            &["4", "4", "8", "12", "16"],
            &["3", "3", "6", "9", "12"],
        ]);
        assert!(find(&products).is_empty());
        let prose = grid(&[
            &["Sannolikhet / Konsekvens", "1", "2", "3", "4"],
            &["4", "Hög risk", "", "", ""],
            &["3", "", "", "", ""],
        ]);
        assert!(find(&prose).is_empty());
        // A number placed twice is left out.
        let twice = grid(&[
            &["Sannolikhet", "1", "2", "3", "4"],
            &["4", "1", "", "", "2"],
            &["3", "", "", "1", ""],
        ]);
        let p = find(&twice);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].nummer, "2");
    }
}
