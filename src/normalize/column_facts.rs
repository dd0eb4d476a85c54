//! Document facts from columns: an export repeats the document's committee and year on
//! every row ("Organisation": Kommunstyrelsen, "År": 2021). A column that names no field of
//! the model, whose header is a fact's label and whose rows all hold the same value, gives
//! that fact (the cells stay in `extra` too).

use super::facts::{Facts, label_value_facts};
use crate::layout::{Role, Table};
use crate::normalize::text::fold_ws;

/// A column gives a fact only over at least this many rows.
const MIN_ROWS: usize = 2;

/// The facts of the tables' unknown columns whose every row holds one value, read as a
/// label over its value (see [`label_value_facts`]); a label whose value reads as no fact
/// gives nothing.
pub fn column_facts<'t>(tables: impl IntoIterator<Item = &'t Table>) -> Facts {
    let mut out = Facts::default();
    for t in tables {
        if t.rows.len() < MIN_ROWS {
            continue;
        }
        for c in t.columns.iter().filter(|c| c.role == Role::Okand) {
            let mut values = t.rows.iter().map(|r| {
                r.cells
                    .get(c.index)
                    .map(|x| fold_ws(&x.value.plain()))
                    .unwrap_or_default()
            });
            let Some(first) = values.next().filter(|v| !v.is_empty()) else {
                continue;
            };
            if values.any(|v| v != first) {
                continue;
            }
            if let Some(f) = label_value_facts(std::slice::from_ref(&c.header), &[first]) {
                out.merge(f);
            }
        }
    }
    out
}
