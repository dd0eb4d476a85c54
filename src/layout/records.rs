//! Risks and controls as records of one table, told apart by a type column ("Typ": Risk /
//! Kontroll), as planning systems export them: one generic name column ("Namn",
//! "Benämning", "Rubrik") names the risk on a risk's row and the control on a control's.
//!
//! [`name_column`] finds that column; the layout makes it the risk's title, and assembly
//! gives a control's row its title as the control (see `normalize::assemble`, "Risks and
//! their controls as rows of one table").

use super::evidence::threshold::PROBE_ROWS;
use super::evidence::{Basis, weight};
use super::synonyms::header_key;
use super::{Item, Role, RowRole, Table};
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
/// and a control's type (Kontroll, Åtgärd) on others, these on most filled rows: the type
/// of each row. Made [`Role::Typ`] unless the user decided the column or the table already has a
/// type column. Returns whether a column was made so.
pub fn type_by_content(table: &mut Table, vocab: &Vocab) -> bool {
    if table.has_role(|r| r == Role::Typ) {
        return false;
    }
    // Judged on the filled cells the content probe looks at (a long export's first rows
    // show its kinds as well as all of them).
    let typed = |i: usize| {
        let (mut risks, mut controls, mut others) = (0, 0, 0);
        for row in &table.rows {
            let text = row
                .cells
                .get(i)
                .map(|c| c.value.plain())
                .unwrap_or_default();
            if text.trim().is_empty() {
                continue;
            }
            if risks + controls + others >= PROBE_ROWS {
                break;
            }
            if is_risk_word(&text) {
                risks += 1;
            } else if text.chars().count() <= TYPE_WORD_CHARS && vocab.control_type(&text).is_some()
            {
                controls += 1;
            } else {
                // A word the vocabulary does not know ("Delmål"), one a PDF's narrow column
                // broke ("Kontrolla ktivitet") or a row run together with the next: the type
                // words must still be most.
                others += 1;
            }
        }
        risks > 0 && controls > 0 && risks + controls >= MIN_TYPED_ROWS && others < risks + controls
    };
    let Some(col) = table
        .columns
        .iter()
        .position(|c| !c.candidates.iter().any(|e| e.basis == Basis::User) && typed(c.index))
    else {
        return false;
    };
    let col = &mut table.columns[col];
    col.decide(Role::Typ, weight::STRONG, Basis::Content, TYPE_NOTE);
    true
}

/// Whether the table's type column says "Risk" on some rows and a control's type
/// ("Kontroll", "Åtgärd") on others. Under a header that names the type ("Typ",
/// "Objekttyp") any other word on a row ("Kontro llmom ent", as a PDF's narrow column breaks
/// it, or a system's own "Delkontroll") says the row is no risk's: a control's.
pub fn typed_records(table: &Table, vocab: &Vocab) -> bool {
    let Some(typ) = table.columns.iter().find(|c| c.role == Role::Typ) else {
        return false;
    };
    let worded = typ
        .candidates
        .first()
        .is_some_and(|e| matches!(e.basis, Basis::User | Basis::Wording));
    let (mut risks, mut controls) = (0, 0);
    for row in &table.rows {
        let text = row
            .cells
            .get(typ.index)
            .map(|c| c.value.plain())
            .unwrap_or_default();
        if is_risk_word(&text) {
            risks += 1;
        } else if vocab.control_type(&text).is_some()
            || (worded && !text.trim().is_empty() && !is_document_word(&text))
        {
            controls += 1;
        }
    }
    risks > 0 && controls > 0
}

/// Whether the table's type column says "Risk" on some of its rows: records of two kinds,
/// each row's kind told by that column, so a row's number and name are the risk's on a
/// risk's row and the control's on any other (see `normalize::assemble`).
pub fn marks_risk_rows(table: &Table) -> bool {
    table.column_of(Role::Typ).is_some_and(|t| {
        table.rows.iter().any(|r| {
            r.cells
                .get(t)
                .is_some_and(|x| is_risk_word(&x.value.plain()))
        })
    })
}

/// Header words of a column naming the record a row belongs to ("Överordnad", "ParentID"):
/// `normalize::parent` places each control under the risk it names.
pub const PARENT_WORDS: &[&str] = &[
    "överordnad",
    "överordnat",
    "överordnad id",
    "överordnadid",
    "förälder",
    "förälder id",
    "förälderid",
    "föräldraid",
    "parent",
    "parent id",
    "parentid",
    "tillhör",
    "hör till",
    "tillhör risk",
    "risk id",
    "riskid",
];

/// Why a parent column is no field, for `inspect`.
pub const PARENT_NOTE: &str =
    "kolumnen pekar ut raden som raden hör till (id): sparas i extra och placerar kontrollerna";

/// A column headed by a parent word that names no field ("Parent-ID", "Förälder") holds
/// ids, whatever they look like: small ids are no risk values. Such a column chosen by its
/// content alone is made no field (kept in extra, where `normalize::parent` reads it).
fn parent_column(table: &mut Table) {
    for col in &mut table.columns {
        let decided = col
            .candidates
            .first()
            .is_some_and(|e| matches!(e.basis, Basis::User | Basis::Wording));
        if decided
            || col.role == Role::Okand
            || super::synonyms::role_of(&col.header) != Role::Okand
            || !PARENT_WORDS.contains(&header_key(&col.header).as_str())
        {
            continue;
        }
        col.decide(Role::Okand, weight::STRONG, Basis::Position, PARENT_NOTE);
    }
}

/// What `resolve` asks of a table once each column's wording and content are weighed: the
/// type column by content, a parent column that is no field, and a column that is the
/// risk's assessment on risk rows.
pub fn settle(table: &mut Table, vocab: &Vocab) {
    type_by_content(table, vocab);
    parent_column(table);
    risk_row_column(table, vocab);
    follow_up_action(table, vocab);
}

/// Why an action column of typed records is the follow-up's new action, for `inspect`.
pub const NEW_ACTION_NOTE: &str = "rader av två slag (Typ): namnet är kontrollens på kontrollrader, åtgärden bredvid uppföljningen är den nya åtgärden";

/// In a follow-up of typed records whose rows name themselves (a name column, or a risk
/// column that names the control on a control's row), an action column ("Planerade
/// åtgärder") empty on every risk row is no control of its own: the control's row is named
/// already, and the action beside its status and result is the follow-up's new action.
fn follow_up_action(table: &mut Table, vocab: &Vocab) {
    let Some(typ) = typed_column(table, vocab) else {
        return;
    };
    let follow_up =
        table.has_role(|r| matches!(r, Role::Status | Role::Kontrollbedomning | Role::Resultat));
    let named = table.has_role(|r| matches!(r, Role::Riskomrade | Role::RiskTitelBeskrivning))
        || table
            .columns
            .iter()
            .any(|c| c.role == Role::Okand && NAME_WORDS.contains(&header_key(&c.header).as_str()));
    if !follow_up || !named || table.has_role(|r| matches!(r, Role::NyAtgard | Role::Kontroll)) {
        return;
    }
    let actions: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.role == Role::Atgard)
        .map(|(i, _)| i)
        .collect();
    let [ci] = actions[..] else {
        return;
    };
    let col = &table.columns[ci];
    if col.candidates.iter().any(|e| e.basis == Basis::User) {
        return;
    }
    let on_risk_rows = table.rows.iter().any(|row| {
        let cell = |i: usize| {
            row.cells
                .get(i)
                .map(|c| c.value.plain())
                .unwrap_or_default()
        };
        is_risk_word(&cell(typ)) && !cell(col.index).trim().is_empty()
    });
    if on_risk_rows {
        return;
    }
    table.columns[ci].decide(
        Role::NyAtgard,
        weight::LIKELY,
        Basis::Position,
        NEW_ACTION_NOTE,
    );
}

/// Why a column is read one way on risk rows and another on control rows, for `inspect`;
/// assembly reads a risk row's cell of such a column as the risk's values.
pub const RISK_ROW_NOTE: &str = "rader av två slag (Typ): på riskrader riskens bedömning (S, K, riskvärde), på kontrollrader kontrollens";

/// Whether a column of the table holds the risk's assessment on its risk rows (see
/// [`risk_row_column`]).
pub fn risk_row_values(col: &super::Column) -> bool {
    col.note.as_deref() == Some(RISK_ROW_NOTE)
}

/// The type column's index when the table is of typed records (Risk / Kontroll rows).
fn typed_column(table: &Table, vocab: &Vocab) -> Option<usize> {
    typed_records(table, vocab)
        .then(|| table.column_of(Role::Typ))
        .flatten()
}

/// In a table of typed records, a column whose header names two fields ("Bedömning /
/// metod") and whose cells are the risk's assessment on every risk row ("S 3 × K 4 = 12")
/// and text on the control rows ("Stickprov"): on control rows it is the control's field
/// its header names among the two; assembly reads it on risk rows as the risk's values.
fn risk_row_column(table: &mut Table, vocab: &Vocab) {
    use crate::normalize::number::parse_risk;
    let Some(typ) = typed_column(table, vocab) else {
        return;
    };
    let text = |row: &super::TableRow, i: usize| {
        row.cells
            .get(i)
            .filter(|c| !c.merged)
            .map(|c| fold_ws(&c.value.plain()))
            .unwrap_or_default()
    };
    let assessed =
        |t: &str| parse_risk(t).is_some_and(|n| n.sannolikhet.is_some() && n.konsekvens.is_some());
    for ci in 0..table.columns.len() {
        let col = &table.columns[ci];
        if col.index == typ
            || col.role.level() == super::Level::Risk
            || col.candidates.iter().any(|e| e.basis == Basis::User)
        {
            continue;
        }
        // The control field among the header's parts ("Bedömning / metod" → metod).
        let Some(role) = col
            .header
            .split(['/', '&', '+'])
            .map(|part| super::synonyms::role_of(part.trim()))
            .find(|r| r.level() == super::Level::Control)
        else {
            continue;
        };
        let (mut risks, mut controls) = (0, 0);
        let mut fits = true;
        for row in &table.rows {
            let t = text(row, col.index);
            if t.is_empty() {
                continue;
            }
            if is_risk_word(&text(row, typ)) {
                fits &= assessed(&t);
                risks += 1;
            } else {
                fits &= !assessed(&t);
                controls += 1;
            }
        }
        if !fits || risks == 0 || controls == 0 {
            continue;
        }
        let col = &mut table.columns[ci];
        col.decide(role, weight::LIKELY, Basis::Content, RISK_ROW_NOTE);
    }
}

/// A type column's words for a row that is the document itself, the root of an exported
/// tree ("Typ": Plan / Risk / Kontrollmoment).
const DOCUMENT_WORDS: &[&str] = &[
    "plan",
    "dokument",
    "internkontrollplan",
    "kontrollplan",
    "plan för intern kontroll",
    "uppföljningsplan",
];

/// A type column's word for the row of the document itself ("Plan").
pub fn is_document_word(text: &str) -> bool {
    DOCUMENT_WORDS.contains(&fold_ws(text).to_lowercase().as_str())
}

/// The rows of a table of typed records whose type names the document itself, the root of
/// a planning system's tree (`1100,,1,Plan,Internkontrollplan 2015 - Kultur- och
/// fritidsnämnden`): no risk or control, but the document's title, which names its year
/// and nämnd. Each such row leaves the table; its title (and any other text it holds)
/// comes back as prose to stand above the table, and its other cells (its id, level and
/// type) count as consumed, as a header's do.
pub fn document_rows(table: &mut Table, vocab: &Vocab, header_cells: &mut u32) -> Vec<Item> {
    let Some(typ) = table.column_of(Role::Typ) else {
        return Vec::new();
    };
    if !typed_records(table, vocab) {
        return Vec::new();
    }
    let type_of =
        |cells: &[crate::read::Cell]| cells.get(typ).map(|c| c.value.plain()).unwrap_or_default();
    if !table
        .rows
        .iter()
        .any(|r| is_document_word(&type_of(&r.cells)))
    {
        return Vec::new();
    }
    // The columns whose text is prose of the document: its name first, then its texts.
    let mut text_columns: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Riskomrade | Role::RiskTitelBeskrivning))
        .map(|c| c.index)
        .collect();
    text_columns.extend(
        table
            .columns
            .iter()
            .filter(|c| {
                matches!(
                    c.role,
                    Role::Riskbeskrivning | Role::Kontroll | Role::KontrollBeskrivning
                )
            })
            .map(|c| c.index),
    );
    let mut out = Vec::new();
    let mut kept = Vec::with_capacity(table.rows.len());
    for row in std::mem::take(&mut table.rows) {
        if !is_document_word(&type_of(&row.cells)) {
            kept.push(row);
            continue;
        }
        let mut taken = 0;
        for &i in &text_columns {
            let Some(cell) = row.cells.get(i).filter(|c| !c.merged) else {
                continue;
            };
            let text = fold_ws(&cell.value.plain());
            if text.is_empty() {
                continue;
            }
            taken += 1;
            out.push(Item::Prose {
                line: row.first_line,
                text,
                heading: 0,
                cells: 1,
                parts: Vec::new(),
            });
        }
        *header_cells += row.source_cells.saturating_sub(taken);
        if let Some(t) = table
            .trace
            .iter_mut()
            .find(|(line, _)| *line == row.first_line)
        {
            t.1 = RowRole::Document;
        }
    }
    table.rows = kept;
    out
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
