//! Risks and controls as records of one table, told apart by a type column ("Typ": Risk /
//! Kontroll), as planning systems export them: one generic name column ("Namn",
//! "Benämning", "Rubrik") names the risk on a risk's row and the control on a control's.
//!
//! [`name_column`] finds that column; the layout makes it the risk's title, and assembly
//! gives a control's row its title as the control (see `normalize::assemble`, "Risks and
//! their controls as rows of one table").

use super::evidence::{Basis, Evidence, weight};
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

/// Why a column is the rows' type though its header does not say so ("Nivå"), for `inspect`.
pub const TYPE_NOTE: &str = "varje rad säger Risk eller Kontroll/Åtgärd: radens slag";

/// Fewest filled rows for a column's content alone to make it the rows' type.
const MIN_TYPED_ROWS: usize = 3;

/// Longest cell still read as a type word ("Kontroll", "Beslut om åtgärd").
const TYPE_WORD_CHARS: usize = 20;

/// A column, whatever its header ("Nivå", "Objekt", "Typ"), that says Risk on some rows
/// and a control's type (Kontroll, Åtgärd) on every other filled row: the type of each
/// row. Made [`Role::Typ`] unless the user decided the column or the table already has a
/// type column. Returns whether a column was made so.
pub fn type_by_content(table: &mut Table, vocab: &Vocab) -> bool {
    if table.has_role(|r| r == Role::Typ) {
        return false;
    }
    let typed = |i: usize| {
        let (mut risks, mut controls) = (0, 0);
        for row in &table.rows {
            let text = row
                .cells
                .get(i)
                .map(|c| c.value.plain())
                .unwrap_or_default();
            if text.trim().is_empty() {
                continue;
            }
            if is_risk_word(&text) {
                risks += 1;
            } else if text.chars().count() <= TYPE_WORD_CHARS && vocab.control_type(&text).is_some()
            {
                controls += 1;
            } else {
                return false;
            }
        }
        risks > 0 && controls > 0 && risks + controls >= MIN_TYPED_ROWS
    };
    let Some(col) = table
        .columns
        .iter()
        .position(|c| !c.candidates.iter().any(|e| e.basis == Basis::User) && typed(c.index))
    else {
        return false;
    };
    let col = &mut table.columns[col];
    col.candidates.insert(
        0,
        Evidence {
            role: Role::Typ,
            score: weight::STRONG,
            basis: Basis::Content,
            note: TYPE_NOTE.to_string(),
        },
    );
    col.role = Role::Typ;
    col.confidence = weight::STRONG;
    col.note = Some(TYPE_NOTE.to_string());
    true
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
