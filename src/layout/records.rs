//! Risks and controls as records of one table, told apart by a type column ("Typ": Risk /
//! Kontroll), as planning systems export them: one generic name column ("Namn",
//! "Benämning", "Rubrik") names the risk on a risk's row and the control on a control's.
//!
//! [`name_column`] finds that column; the layout makes it the risk's title, and assembly
//! gives a control's row its title as the control (see `normalize::assemble`, "Risks and
//! their controls as rows of one table").

use super::synonyms::header_key;
use super::{Role, Table};
use crate::normalize::text::fold_ws;
use crate::normalize::vocab::Vocab;

/// Why the name column is the risk's title, for `inspect`.
pub const NAME_NOTE: &str =
    "rader av två slag (Typ): namnet är riskens på riskrader och kontrollens på kontrollrader";

/// Header words that name a record without saying which field ("Namn", "Benämning").
const NAME_WORDS: &[&str] = &["namn", "benämning", "rubrik", "titel", "name", "title"];

/// A type column's word for a risk's row.
pub fn is_risk_word(text: &str) -> bool {
    matches!(fold_ws(text).to_lowercase().as_str(), "risk" | "risker")
}

/// Whether the table's type column says "Risk" on some rows and a control's type
/// ("Kontroll", "Åtgärd") on others.
pub fn typed_records(table: &Table, vocab: &Vocab) -> bool {
    let Some(typ) = table.columns.iter().find(|c| c.role == Role::Typ) else {
        return false;
    };
    let (mut risks, mut controls) = (0, 0);
    for row in &table.rows {
        let text = row
            .cells
            .get(typ.index)
            .map(|c| c.value.plain())
            .unwrap_or_default();
        if is_risk_word(&text) {
            risks += 1;
        } else if vocab.control_type(&text).is_some() {
            controls += 1;
        }
    }
    risks > 0 && controls > 0
}

/// The generic name column of a table of typed records that no column names the risk or
/// the control in: the index of the first unknown column headed by a name word.
pub fn name_column(table: &Table, vocab: &Vocab) -> Option<usize> {
    let titled = table.has_role(|r| {
        matches!(
            r,
            Role::Riskomrade | Role::RiskTitelBeskrivning | Role::Kontroll | Role::Atgard
        )
    });
    if titled || !typed_records(table, vocab) {
        return None;
    }
    table
        .columns
        .iter()
        .position(|c| c.role == Role::Okand && NAME_WORDS.contains(&header_key(&c.header).as_str()))
}

/// Whether a column of the table was made the records' name by [`name_column`]: a control
/// column is then not missing (the name names the control on its rows).
pub fn names_records(table: &Table) -> bool {
    table
        .columns
        .iter()
        .any(|c| c.note.as_deref() == Some(NAME_NOTE))
}
