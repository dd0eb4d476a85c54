//! Cards: plans that are not a grid. A planning system's export (Stratsys, Hypergene …) or a
//! plan kept as key/value cards writes each risk as a process heading, a title, a description
//! and "Label: value" lines; [`find_cards`] reads such a sheet into one flat table, a row per
//! control, whose headers the vocabulary (`synonyms::role_of`) maps like any other table's.
//!
//! What a line is:
//! - a *pair*: "Label: value" in one line or cell; a label cell and a value cell (two
//!   columns), or several such pairs side by side in one row; "Label:" (or a label the
//!   vocabulary knows, alone on its line) with its value on the lines below; "Sannolikhet 3
//!   Konsekvens 2 Riskvärde 6" (read as a riskvärde);
//! - a *plain* line: a process heading, a risk title, a description, or the continuation of
//!   the value above, told apart by where it stands: the last group of plain lines before
//!   a risk's or control's label is the risk's title and description, a short line in the
//!   group before that a process heading, a line right under a value that starts in lower
//!   case (or runs on before a control's label) the rest of that value;
//! - a blank line, or another row of three or more cells (a grid's, never a card's).
//!
//! Which record a pair belongs to follows from the level of its field (risk, control,
//! follow-up): a label already filled in the current control starts the next control, a
//! title when the risk has one starts the next risk, and so on. Risk cells are written on
//! the first row of a risk and left blank below, so the layout's merged-group rule reads the
//! rows below as more controls of the same risk.
//!
//! Nothing is lost: each filled source cell of a consumed line is a value in exactly one
//! output cell ([`CardRow::source_cells`]) or a label that became a header
//! ([`CardTable::label_cells`]); lines not consumed (the document's title and facts above
//! the cards, a signature below) are left to the layout as prose.
//!
//! Not recognized: a card whose labels all stand in one cell, one per paragraph (the cell
//! would have to be split); exports that list risks, controls and follow-ups in separate
//! sections tied by name (Stratsys' "Riskmatris / Åtgärder / Kontroller / Kontroll
//! uppföljning"); a process heading written right above a risk title without a blank line
//! or a heading level to tell them apart (read as title and description).

use super::starts_lower;
use crate::normalize::text::ends_terminal;
use std::collections::{HashMap, HashSet};

use super::filled_cells;
use super::synonyms::{VOCABULARY, header_key, role_of};
use crate::field::{Level, Role};
use crate::normalize::number::parse_risk;
use crate::normalize::text::fold_ws;
use crate::read::{Cell, Para, Rich, Row, RowKind, Run, Value};

/// A card layout read as a flat table, one row per control.
#[derive(Debug, Clone, PartialEq)]
pub struct CardTable {
    /// Column headers: each label as first written (white space folded, the colon removed),
    /// or, for values written without a label, the field they are: "Process" (a heading
    /// above risks), "Riskområde" (a risk title line), "Riskbeskrivning" (the lines under
    /// it), "Riskvärde" ("Sannolikhet 3 Konsekvens 2 Riskvärde 6").
    pub headers: Vec<String>,
    pub rows: Vec<CardRow>,
    /// The source lines whose filled cells all landed in the table, as values or labels,
    /// in order. Lines not listed (titles above the cards, prose) are left to the layout.
    pub lines: Vec<u32>,
    /// Filled source cells that were only a label (a label cell, or a label on its own
    /// line): like header cells, they named a column.
    pub label_cells: u32,
    /// What was recognized, in Swedish, for `inspect`.
    pub note: String,
    /// How the file was read, in Swedish, for the finding (IK112).
    pub read_as: &'static str,
}

/// One control (or a risk without controls) as a table row.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRow {
    pub first_line: u32,
    pub last_line: u32,
    /// One cell per header. A process heading shared by several risks is held by the first
    /// risk's row and copied, marked `merged`, to the first row of each later risk.
    pub cells: Vec<Cell>,
    /// Filled source cells whose values are in this row (merged copies not counted).
    pub source_cells: u32,
}

/// Known labels a sheet needs before it is read as cards at all.
pub const MIN_KNOWN_PAIRS: usize = 6;
/// Rows (controls) that must each hold this many known labels…
pub const MIN_KNOWN_PER_ROW: usize = 3;
/// …and how many such rows: evidence that the sheet is cards and not a grid.
pub const MIN_EVIDENT_ROWS: usize = 2;
/// Cards name a few dozen fields at most; more labels than this are no cards (and would
/// make a very wide table).
pub const MAX_COLUMNS: usize = 200;
/// The column of the parts listed under a process heading (kept in extra).
const SUBPROCESS_HEADER: &str = "Delprocesser";
/// The header of a control's number given by a counting heading ("Kontrollrapport 3").
const CONTROL_NUMBER_HEADER: &str = "Kontrollnummer";
/// A process heading may list this many parts (sub-processes) on the lines under it.
const MAX_SUBPROCESSES: usize = 8;
/// A line this short (in words), without a closing full stop, can be a heading.
const HEADING_WORDS: usize = 12;
/// A label is at most this many words…
const LABEL_WORDS: usize = 6;
/// …and a label known to the vocabulary when written in one line with its value at most
/// this many (a sentence with a colon is not a label).
const KNOWN_LABEL_WORDS: usize = 4;

/// Reads a sheet laid out as cards or as a planning system's export into a flat table, or
/// `None` when the sheet is not laid out so (an ordinary grid, prose, a table with a few
/// "Label: value" cells): at least [`MIN_EVIDENT_ROWS`] controls must each hold
/// [`MIN_KNOWN_PER_ROW`] labels the vocabulary knows, one of them a control's field.
///
/// # Examples
/// ```
/// use ikplan::layout::cards::find_cards;
/// use ikplan::read::text::read_str;
/// let rows = read_str(
///     "Hot och våld\nKontrollmoment: Tillbudsrapporter\nAnsvarig: Rektor\nStatus: Pågående\n\
///      Kontrollmoment: Larmrutiner\nAnsvarig: Rektor\nStatus: Genomförd\n",
/// );
/// let t = find_cards(&rows).expect("cards");
/// assert_eq!(t.headers, ["Riskområde", "Kontrollmoment", "Ansvarig", "Status"]);
/// assert_eq!(t.rows.len(), 2);
/// ```
pub fn find_cards(rows: &[Row]) -> Option<CardTable> {
    // Cheap first: lines and rows of one or two cells. The rows of a grid (three or more
    // cells) are read for labels side by side only when some label was found elsewhere.
    let narrow = |r: &&Row| match &r.kind {
        RowKind::Text { .. } => true,
        RowKind::Cells(c) => c
            .iter()
            .filter(|c| !c.merged && !c.value.is_empty())
            .nth(2)
            .is_none(),
    };
    let mut candidates = 0;
    for row in rows.iter().filter(narrow) {
        candidates += labels_held(row);
        if candidates >= MIN_KNOWN_PAIRS {
            break;
        }
    }
    if candidates == 0 {
        return None;
    }
    for row in rows.iter().filter(|r| !narrow(r)) {
        if candidates >= MIN_KNOWN_PAIRS {
            break;
        }
        candidates += labels_held(row).max(grid_header(row).map_or(0, |h| h.len()));
    }
    if candidates < MIN_KNOWN_PAIRS {
        return None;
    }
    let mut lines = classify_rows(rows);
    open_labels_alone(&mut lines);
    labels_run_in(&mut lines);
    inline_labels(&mut lines);
    running_lines(&mut lines);
    accept_unknown_labels(&mut lines);
    let gaps = line_gaps(&lines);
    order_card_levels(&mut lines, &gaps);
    let events = walk(&lines, &gaps);
    let mut built = build(&lines, &events);
    built.trim_weak(&lines);
    let evident = built.evident_rows();
    if evident < MIN_EVIDENT_ROWS || built.columns.len() > MAX_COLUMNS {
        return None;
    }
    built.into_table(&lines, evident)
}

/// For each line (in source order), whether source lines are missing right above it: an
/// empty paragraph or row the reader left out, which parts two cards as a blank line does
/// (Word's blank paragraph between one card's table and the next). Lines keep these places
/// when [`order_card_levels`] sorts a block's pairs, as no block runs over a gap.
fn line_gaps(lines: &[Line]) -> Vec<bool> {
    (0..lines.len())
        .map(|i| i > 0 && lines[i].line > lines[i - 1].line + 1)
        .collect()
}

/// A row as the card reader sees it (a row of label and value pairs side by side is one
/// line per pair, each with the row's line number).
#[derive(Debug, Clone)]
struct Line {
    line: u32,
    kind: Kind,
    /// The line's text when it is one text (a line of prose or a row of one cell), to read
    /// it as plain again when its label is not taken.
    raw: Option<String>,
    /// Filled source cells of the row, or of the pair (1 for a line of text), as the
    /// ledger counts them.
    cells: u32,
    /// For the first value of a grid under a card: the line of the grid's header row, whose
    /// label cells the value's pair counts (see [`classify_rows`]).
    header_at: Option<usize>,
}

/// Sorts the rows into card lines. A planning system's export may list a risk's controls
/// as a small grid under its card (a header row "Kontrollmoment | Ansvarig | Metod" and a
/// row of values per control): after a risk's card (a risk label the vocabulary knows),
/// such a header row and the rows below it become pairs, one per value under its header,
/// so each grid row is a control of that risk. A grid that comes before any risk card (or
/// under a title line alone) is a grid of the plan itself and stays as other rows.
fn classify_rows(rows: &[Row]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::with_capacity(rows.len());
    let mut grid: Option<GridHead> = None;
    let mut risk_card = false;
    for (r, row) in rows.iter().enumerate() {
        if let Some(head) = &mut grid {
            if grid_row(row, head, &mut lines) {
                continue;
            }
            grid = None;
        }
        // A header with no row of values under it ("Status | Pågående | Kommentar") is none.
        let values_below = |cells: &[(usize, String, Role)]| {
            let mut probe = GridHead {
                cells: cells.to_vec(),
                at: 0,
                counted: true,
            };
            rows.get(r + 1)
                .is_some_and(|next| grid_row(next, &mut probe, &mut Vec::new()))
        };
        if risk_card
            && let Some(cells) = grid_header(row)
            && values_below(&cells)
        {
            lines.push(Line {
                line: row.line,
                kind: Kind::Blank,
                raw: None,
                cells: cells.len() as u32,
                header_at: None,
            });
            grid = Some(GridHead {
                cells,
                at: lines.len() - 1,
                counted: false,
            });
            risk_card = false;
            continue;
        }
        let before = lines.len();
        classify(row, &mut lines);
        // A risk's card: a risk's value, category or description under a label (a title
        // line alone, "Risk 1: Felaktiga utbetalningar", is a heading over a table).
        risk_card |= lines[before..].iter().any(|l| {
            matches!(&l.kind, Kind::Pair(p)
                if p.known
                    && p.role.level() == Level::Risk
                    && !matches!(p.role, Role::Process | Role::Riskomrade | Role::RiskTitelBeskrivning))
        });
    }
    empty_label_rows(rows, &mut lines);
    page_furniture(&mut lines);
    lines
}

/// A page's footer or head between a card's lines ("Höörs kommun   Sida 1 av 2"): no
/// record and no break in the card. Every plain line of a source line that names its page
/// is read as blank (left to the layout, as lines outside the cards are).
fn page_furniture(lines: &mut [Line]) {
    let marked: HashSet<u32> = lines
        .iter()
        .filter(|l| matches!(&l.kind, Kind::Plain { text, .. } if super::is_page_marker(text)))
        .map(|l| l.line)
        .collect();
    for l in lines.iter_mut() {
        if marked.contains(&l.line) && matches!(l.kind, Kind::Plain { .. }) {
            l.kind = Kind::Blank;
        }
    }
}

/// A label table's row whose value cell is empty ("Bedömning | "), among rows of label
/// and value: a pair without a value, not a plain line (a title or heading). Its label
/// cell is a known label followed by an empty cell in the same row (or, where the reader
/// drops a row's empty cells, a label the vocabulary knows word for word), and the line
/// above or below is a pair in two cells.
fn empty_label_rows(rows: &[Row], lines: &mut [Line]) {
    let by_line: HashMap<u32, &Row> = rows.iter().map(|r| (r.line, r)).collect();
    let two_columns =
        |l: Option<&Line>| matches!(l.map(|l| &l.kind), Some(Kind::Pair(p)) if p.two_columns);
    for i in 0..lines.len() {
        let Kind::Plain { text, heading: 0 } = &lines[i].kind else {
            continue;
        };
        let Some(RowKind::Cells(cells)) = by_line.get(&lines[i].line).map(|r| &r.kind) else {
            continue;
        };
        let Some(at) = cells.iter().position(|c| !c.merged && !c.value.is_empty()) else {
            continue;
        };
        let empty_beside = cells[at + 1..]
            .iter()
            .any(|c| !c.merged && c.value.is_empty());
        let neighbour = two_columns(i.checked_sub(1).and_then(|j| lines.get(j)))
            || two_columns(lines.get(i + 1));
        let Some(label) = label_text(text) else {
            continue;
        };
        let role = known_role(&label);
        let label_alone = at + 1 == cells.len() && is_vocabulary_label(&label);
        if (empty_beside || label_alone) && neighbour && role != Role::Okand {
            lines[i].kind = Kind::Pair(Pair {
                header: label,
                role,
                known: true,
                value: Value::Empty,
                label_cells: 1,
                open: false,
                two_columns: true,
            });
        }
    }
}

/// The header row of a grid under a card: its label cells by column.
struct GridHead {
    /// (column, header, field) of each filled cell.
    cells: Vec<(usize, String, Role)>,
    /// The header row's line.
    at: usize,
    /// Its cells are counted by a value's pair already.
    counted: bool,
}

/// A row of three or more label cells, most of them fields the vocabulary knows (no two
/// the same), one of them a control's and none a risk's (a grid with the risks' columns is
/// the plan's own grid): the header row of a grid of a risk's controls.
fn grid_header(row: &Row) -> Option<Vec<(usize, String, Role)>> {
    let RowKind::Cells(cells) = &row.kind else {
        return None;
    };
    let mut out = Vec::new();
    for (col, cell) in cells.iter().enumerate() {
        if cell.merged || cell.value.is_empty() {
            continue;
        }
        let label = cell_label(cell)?;
        let role = known_role(&label);
        let repeated = out.iter().any(|(_, _, r)| *r == role);
        if role != Role::Okand && (repeated || role.level() == Level::Risk) {
            return None;
        }
        out.push((col, label, role));
    }
    let known = out.iter().filter(|(_, _, r)| *r != Role::Okand).count();
    let control = out.iter().any(|(_, _, r)| {
        matches!(r.level(), Level::Control | Level::FollowUp) && *r != Role::Okand
    });
    (out.len() >= 3 && known * 3 >= out.len() * 2 && control).then_some(out)
}

/// A row of values under a grid's header: two or more filled cells, each under a header.
/// Its values become pairs; the first pair of the first row also counts the header's cells.
fn grid_row(row: &Row, head: &mut GridHead, out: &mut Vec<Line>) -> bool {
    let RowKind::Cells(cells) = &row.kind else {
        return false;
    };
    let filled: Vec<(usize, &Cell)> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.merged && !c.value.is_empty())
        .collect();
    let header_of = |col: usize| head.cells.iter().find(|(c, _, _)| *c == col);
    if filled.len() < 2 || filled.iter().any(|(col, _)| header_of(*col).is_none()) {
        return false;
    }
    if grid_header(row).is_some() {
        return false;
    }
    // A follow-up's cell merged down over several controls ("Kommentar" spanning two
    // rows) is each control's: its copy is a value too, of no source cell of its own.
    // A copy beside the same value is a span across (a label row's value), not one down.
    let across = |col: usize, c: &Cell| {
        col > 0
            && cells
                .get(col - 1)
                .is_some_and(|l| l.value.plain() == c.value.plain())
    };
    let copies = cells.iter().enumerate().filter(|(col, c)| {
        c.merged
            && !c.value.is_empty()
            && !across(*col, c)
            && header_of(*col).is_some_and(|(_, _, r)| r.level() == Level::FollowUp)
    });
    let mut values: Vec<(usize, &Cell, bool)> = filled
        .into_iter()
        .map(|(col, c)| (col, c, true))
        .chain(copies.map(|(col, c)| (col, c, false)))
        .collect();
    values.sort_by_key(|v| v.0);
    for (col, cell, own) in values {
        let Some((_, header, role)) = header_of(col) else {
            continue;
        };
        if !own {
            out.push(Line {
                line: row.line,
                kind: Kind::Pair(Pair {
                    header: header.clone(),
                    role: *role,
                    known: *role != Role::Okand,
                    value: cell.value.clone(),
                    label_cells: 0,
                    open: false,
                    two_columns: true,
                }),
                raw: None,
                cells: 0,
                header_at: None,
            });
            continue;
        }
        let label_cells = if head.counted {
            0
        } else {
            head.counted = true;
            head.cells.len() as u32
        };
        out.push(Line {
            line: row.line,
            kind: Kind::Pair(Pair {
                header: header.clone(),
                role: *role,
                known: *role != Role::Okand,
                value: cell.value.clone(),
                label_cells,
                open: false,
                two_columns: true,
            }),
            raw: None,
            cells: 1 + label_cells,
            header_at: (label_cells > 0).then_some(head.at),
        });
    }
    true
}

#[derive(Debug, Clone)]
enum Kind {
    Blank,
    Pair(Pair),
    Plain {
        text: String,
        heading: u8,
    },
    /// A row of three or more cells, or two that are no label and value.
    Other,
}

/// A label and its value.
#[derive(Debug, Clone)]
struct Pair {
    /// The header text: the label as written, or the field of a value without one.
    header: String,
    role: Role,
    /// The label is one the vocabulary knows (not made up for a value without a label).
    known: bool,
    value: Value,
    /// Source cells the label alone took (its own cell or line): 0 or 1.
    label_cells: u32,
    /// The value follows on the lines below ("Kontrollmoment:" alone).
    open: bool,
    /// Label and value in two cells.
    two_columns: bool,
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Sorts a row into blank, pair(s), plain or other, as lines added to `out`.
fn classify(row: &Row, out: &mut Vec<Line>) {
    let mut push = |kind: Kind, raw: Option<String>, cells: u32| {
        out.push(Line {
            line: row.line,
            kind,
            raw,
            cells,
            header_at: None,
        })
    };
    let cells = match &row.kind {
        RowKind::Text { text, heading } => {
            if is_blank(text) {
                return push(Kind::Blank, None, 0);
            }
            let kind = parse_line(text, *heading);
            // "Kontrollområde 1: Bygglovsavgifter": the label's number is the risk's;
            // "Kontrollmoment 1: Stickprov …" the control's (after it: the control it
            // numbers begins with its own label).
            if let Kind::Pair(pair) = &kind
                && let Some((label, number, role)) = counted_label(&pair.header)
            {
                let number = Kind::Pair(Pair {
                    header: if role == Role::RiskNummer {
                        "Nr"
                    } else {
                        "Kontrollnummer"
                    }
                    .to_string(),
                    role,
                    known: true,
                    value: text_value(number),
                    label_cells: 0,
                    open: false,
                    two_columns: false,
                });
                let mut pair = pair.clone();
                pair.header = label.to_string();
                if role == Role::RiskNummer {
                    push(number, None, 0);
                    return push(Kind::Pair(pair), None, 1);
                }
                push(Kind::Pair(pair), None, 1);
                return push(number, None, 0);
            }
            return push(kind, Some(text.trim().to_string()), 1);
        }
        RowKind::Cells(cells) => cells,
    };
    let mut own = cells.iter().filter(|c| !c.merged && !c.value.is_empty());
    let (first, second, third) = (own.next(), own.next(), own.next());
    let Some(first) = first else {
        return push(Kind::Blank, None, 0);
    };
    if third.is_some() {
        return match side_by_side(cells) {
            Some(pairs) => {
                for (pair, cells) in pairs {
                    push(Kind::Pair(pair), None, cells);
                }
            }
            None => push(Kind::Other, None, filled_cells(cells)),
        };
    }
    let Some(second) = second else {
        let text = first.value.plain();
        let kind = match &first.value {
            Value::Text(_) => parse_line(&text, 0),
            _ => Kind::Plain {
                text: text.clone(),
                heading: 0,
            },
        };
        return push(kind, Some(text), 1);
    };
    let kind = match cell_label(first) {
        Some(label) => {
            let role = known_role(&label);
            Kind::Pair(Pair {
                known: role != Role::Okand,
                header: label,
                role,
                value: second.value.clone(),
                label_cells: 1,
                open: false,
                two_columns: true,
            })
        }
        None => Kind::Other,
    };
    push(kind, None, 2)
}

/// A risk's title label or a control's label with its number ("Kontrollområde 1", "Risk
/// 2", "Kontrollmoment 1"): the label, the number, and whose number it is.
fn counted_label(header: &str) -> Option<(&str, &str, Role)> {
    let (label, number) = header.trim().rsplit_once(' ')?;
    if !is_dotted_number(number) {
        return None;
    }
    let role = role_of(label);
    if is_title(role) {
        Some((label.trim(), number, Role::RiskNummer))
    } else if role == Role::Kontroll {
        Some((label.trim(), number, Role::KontrollNummer))
    } else {
        None
    }
}

/// The label of a label cell.
fn cell_label(cell: &Cell) -> Option<String> {
    match &cell.value {
        Value::Text(r) => label_text(&r.plain()),
        _ => None,
    }
}

/// The role of a label: the vocabulary's, when the label is short enough to be one (a
/// longer text that starts with a header word, "Kontroll av attester i ekonomisystemet",
/// is no label) or asks a question ("Metod Hur ska kontrollen genomföras?"). A label that
/// asks for a yes or a no ("Rutin finns (Ja/Nej)") names no process or title (see
/// `synonyms::role_of`).
fn known_role(label: &str) -> Role {
    let words = header_key(label).split(' ').count();
    if words > KNOWN_LABEL_WORDS && !(label.trim_end().ends_with('?') && words <= LABEL_WORDS) {
        return Role::Okand;
    }
    role_of(label)
}

/// A row of label and value cells side by side ("Ansvarig | Ekonomichef | Frekvens |
/// Månadsvis"): every label one the vocabulary knows, no value one (a grid's header row
/// names a field in every cell), at least two labels, half of them with a value. Each pair comes
/// with the filled cells it holds.
fn side_by_side(cells: &[Cell]) -> Option<Vec<(Pair, u32)>> {
    let own: Vec<&Cell> = cells
        .iter()
        .filter(|c| !c.merged && !c.value.is_empty())
        .collect();
    let is_label = |c: &Cell| cell_label(c).is_some_and(|l| known_role(&l) != Role::Okand);
    // Label, value, label, value with each label a header word for word: a value between
    // them that only starts like one ("Kontrollmetod | Avstämning mot följesedlar |
    // Frekvens | …") is a value (a grid's header row names a field in every cell).
    let word_for_word = |c: &Cell| cell_label(c).is_some_and(|l| is_vocabulary_label(&l));
    let alternating = own.len() >= 4
        && own.len().is_multiple_of(2)
        && own.iter().step_by(2).all(|c| word_for_word(c))
        && own.iter().skip(1).step_by(2).all(|c| !word_for_word(c))
        && own.iter().skip(1).step_by(2).any(|c| !is_label(c));
    let is_label = |c: &Cell| !alternating && is_label(c);
    let mut pairs: Vec<(Pair, u32)> = Vec::new();
    let mut i = 0;
    while i < own.len() {
        let label = cell_label(own[i])?;
        let role = known_role(&label);
        if role == Role::Okand {
            return None;
        }
        let value = own.get(i + 1).filter(|v| !is_label(v));
        pairs.push((
            Pair {
                header: label,
                role,
                known: true,
                value: value.map_or(Value::Empty, |v| v.value.clone()),
                label_cells: 1,
                open: false,
                two_columns: true,
            },
            1 + u32::from(value.is_some()),
        ));
        i += 1 + usize::from(value.is_some());
    }
    let with_value = pairs.iter().filter(|(_, n)| *n == 2).count();
    (pairs.len() >= 2 && with_value * 2 >= pairs.len()).then_some(pairs)
}

/// How many labels the vocabulary knows a row holds (a riskvärde written with its
/// factors counts three), counting a line that may be a label alone.
fn labels_held(row: &Row) -> usize {
    let mut lines = Vec::new();
    classify(row, &mut lines);
    lines
        .into_iter()
        .map(|l| match l.kind {
            Kind::Pair(p) if p.known => 1 + 2 * usize::from(has_factors(p.role, &p.value)),
            Kind::Plain { text, heading: 0 } => usize::from(is_vocabulary_label(&text)),
            _ => 0,
        })
        .sum()
}

/// A riskvärde written with its factors ("6 (Sannolikhet: 3, Konsekvens: 2)").
fn has_factors(role: Role, value: &Value) -> bool {
    role == Role::Riskvarde
        && parse_risk(&value.plain())
            .is_some_and(|n| n.value.is_some() && n.sannolikhet.is_some() && n.konsekvens.is_some())
}

/// A line that is word for word a header of the vocabulary ("Kontrollmoment").
pub(crate) fn is_vocabulary_label(text: &str) -> bool {
    let key = header_key(text);
    !key.is_empty() && VOCABULARY.iter().any(|(w, _)| *w == key)
}

/// The label of a label cell or of the part before a colon: folded, the colon removed, at
/// most [`LABEL_WORDS`] words, starting with a letter (or a lone "#", a number's label)
/// and not ending a sentence.
fn label_text(s: &str) -> Option<String> {
    let t = fold_ws(s);
    let t = t.strip_suffix(':').unwrap_or(&t).trim_end();
    let words = t.split(' ').count();
    let starts_letter = t.chars().next().is_some_and(char::is_alphabetic) || t == "#";
    let ends_sentence = t.ends_with(['.', '!', ';', ',']) && !is_abbreviated_label(t);
    (starts_letter && !ends_sentence && words <= LABEL_WORDS && t.chars().count() <= 60)
        .then(|| t.to_string())
}

/// A label whose last word is cut short with a full stop ("Sann.", "Sannolikh.", "Ansv.",
/// "Bedömd kons."): a few words the vocabulary knows once the word is written out, not a
/// sentence's end.
fn is_abbreviated_label(t: &str) -> bool {
    let Some(stem) = t.strip_suffix('.') else {
        return false;
    };
    let last = stem.rsplit(' ').next().unwrap_or(stem);
    t.split(' ').count() <= 3
        && !last.is_empty()
        && last.chars().all(char::is_alphabetic)
        && known_role(t) != Role::Okand
}

/// One line of text: a "Label: value" pair, a riskvärde written in words, or plain.
fn parse_line(text: &str, heading: u8) -> Kind {
    let t = text.trim();
    let plain = || Kind::Plain {
        text: fold_ws(t),
        heading,
    };
    // A list's bullet before a label is part of the label's text.
    let bulleted = t
        .trim_start_matches(['-', '–', '•', '·', '*', '▪', '◦'])
        .trim_start();
    if let Some(at) = bulleted.find(':')
        && let Some(label) = label_text(&bulleted[..at])
    {
        let t = bulleted;
        let rest = t[at + 1..].trim();
        // "Status: Grön = kontrollen genomförd, Gul = …": the document's legend, no card's
        // value (left to the layout, whose prose gives the words their meaning).
        if is_legend(rest) {
            return Kind::Other;
        }
        let role = known_role(&label);
        // A heading is a pair only with a label the vocabulary knows ("## Process: Ekonomi").
        if !rest.starts_with("//") && (heading == 0 || role != Role::Okand) {
            return Kind::Pair(Pair {
                header: label,
                role,
                known: role != Role::Okand,
                value: text_value(rest),
                label_cells: u32::from(rest.is_empty()),
                open: rest.is_empty(),
                two_columns: false,
            });
        }
    }
    if heading > 0 {
        return plain();
    }
    risk_numbers(bulleted).unwrap_or_else(plain)
}

/// A legend's entries after its label ("Grön = låg risk, Gul = medelhög risk", "1 =
/// Osannolik; 2 = Mindre sannolik"): two entries or more apart by "," or ";", each a word or
/// a few (or a number) and "=" and a meaning in words, the first entry first. "S=3, K=4"
/// gives numbers, no meanings: a value.
fn is_legend(s: &str) -> bool {
    let entry = |part: &str| {
        part.split_once('=').is_some_and(|(word, meaning)| {
            let word = word.trim();
            !word.is_empty()
                && word.split_whitespace().count() <= 4
                && !meaning.contains('=')
                && meaning
                    .split_whitespace()
                    .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        })
    };
    let parts: Vec<&str> = s
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // A meaning may hold a comma of its own ("Röd = ej genomförd, åtgärd krävs").
    parts.first().is_some_and(|p| entry(p)) && parts.iter().filter(|p| entry(p)).count() >= 2
}

fn text_value(s: &str) -> Value {
    if is_blank(s) {
        Value::Empty
    } else {
        Value::Text(Rich::from_text(s))
    }
}

/// "Sannolikhet 3 Konsekvens 2 Riskvärde 6" (a riskvärde with its factors, no colon) or
/// "Sannolikhet 3" (one factor after its label).
fn risk_numbers(t: &str) -> Option<Kind> {
    let first_digit = t.find(|c: char| c.is_ascii_digit())?;
    if !t.chars().any(char::is_alphabetic) {
        return None;
    }
    let numbers = parse_risk(t)?;
    let parts = [numbers.value, numbers.sannolikhet, numbers.konsekvens]
        .iter()
        .filter(|v| v.is_some())
        .count();
    let written = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .count();
    if parts >= 2 && written >= 2 {
        return Some(Kind::Pair(Pair {
            header: "Riskvärde".to_string(),
            role: Role::Riskvarde,
            known: false,
            value: text_value(t),
            label_cells: 0,
            open: false,
            two_columns: false,
        }));
    }
    let label = t[..first_digit].trim_end_matches([' ', ':', '=']);
    let role = role_of(label);
    let factor = matches!(role, Role::Sannolikhet | Role::Konsekvens | Role::Riskvarde);
    (factor && label.chars().filter(|c| c.is_alphabetic()).count() >= 3).then(|| {
        Kind::Pair(Pair {
            header: label.to_string(),
            role,
            known: true,
            value: text_value(&t[first_digit..]),
            label_cells: 0,
            open: false,
            two_columns: false,
        })
    })
}

/// A line alone between blank lines among the cards that repeats a line above the first
/// card ("Strömstads kommun" under "STRÖMSTADS KOMMUN") is the page's running foot or head
/// that text pulled out of a PDF sets among the values: no title, no value. A page head
/// whose parts stand far apart on one source line ("Lunds kommun   Internkontrollplan 2024
/// - Valnämnden") is such a line when every part repeats one.
fn running_lines(lines: &mut [Line]) {
    let Some(first) = lines.iter().position(|l| matches!(l.kind, Kind::Pair(_))) else {
        return;
    };
    let head: HashSet<String> = lines[..first]
        .iter()
        .filter_map(|l| match &l.kind {
            Kind::Plain { text, .. } if !text.trim().is_empty() => Some(text.to_lowercase()),
            _ => None,
        })
        .collect();
    let apart = |l: Option<&Line>| l.is_none_or(|l| matches!(l.kind, Kind::Blank));
    let repeats = |l: &Line| {
        matches!(&l.kind, Kind::Plain { text, heading: 0 }
            if head.contains(&text.to_lowercase()))
    };
    let mut i = first + 1;
    while i < lines.len() {
        // The parts of one source line.
        let end = (i..lines.len())
            .take_while(|&k| lines[k].line == lines[i].line)
            .last()
            .map_or(i + 1, |k| k + 1);
        if lines[i..end].iter().all(repeats) && apart(lines.get(i - 1)) && apart(lines.get(end)) {
            for l in &mut lines[i..end] {
                l.kind = Kind::Other;
            }
        }
        i = end;
    }
}

/// A label the vocabulary knows word for word, alone on its line ("Kontrollmoment"),
/// with its value on the next line (and the lines that go on in lower case) and no more text
/// after that (another label, a blank line, a heading or the end), is a label whose value
/// follows.
fn open_labels_alone(lines: &mut [Line]) {
    for i in (0..lines.len()).rev() {
        let Kind::Plain { text, heading: 0 } = &lines[i].kind else {
            continue;
        };
        if !is_vocabulary_label(text) {
            continue;
        }
        let value_below = matches!(
            lines.get(i + 1).map(|l| &l.kind),
            Some(Kind::Plain { heading: 0, text }) if !is_vocabulary_label(text)
        );
        // The value may run over lines that go on in lower case ("Avstämning av
        // debiterade abonnemang" over "mot anslutna fastigheter").
        let mut after = i + 2;
        while let Some(Kind::Plain { heading: 0, text }) = lines.get(after).map(|l| &l.kind)
            && starts_lower(text)
            && !is_vocabulary_label(text)
        {
            after += 1;
        }
        let label_after = match lines.get(after).map(|l| &l.kind) {
            Some(Kind::Plain { heading: 0, text }) => is_vocabulary_label(text),
            _ => true,
        };
        if value_below && label_after {
            let header = text.clone();
            lines[i].kind = Kind::Pair(Pair {
                role: role_of(&header),
                header,
                known: true,
                value: Value::Empty,
                label_cells: 1,
                open: true,
                two_columns: false,
            });
        }
    }
}

/// A line that names a control and then its facts after dashes, each with its label
/// ("Stickprov av närvarolistor – Ansvarig: Enhetschef bidrag – Frekvens: Två gånger per
/// år", an item of a Word list under "Kontroller:"): the control and each fact as pairs of
/// their own, one line each.
fn inline_labels(lines: &mut Vec<Line>) {
    if !lines.iter().any(|l| match &l.kind {
        Kind::Plain { text, heading: 0 } => text.contains(": "),
        Kind::Pair(p) => p.header.contains(" – "),
        _ => false,
    }) {
        return;
    }
    let mut out = Vec::with_capacity(lines.len());
    for l in lines.drain(..) {
        // (A short control's text before its first label reads as that label's:
        // "Genomgång av tillbudsrapporter – Ansvarig:".)
        let parts = match (&l.kind, &l.raw) {
            (Kind::Plain { text, heading: 0 }, _) => split_inline_labels(text),
            (Kind::Pair(p), Some(raw)) if p.header.contains(" – ") => split_inline_labels(raw),
            _ => None,
        };
        let Some((control, facts)) = parts else {
            out.push(l);
            continue;
        };
        let pair = |header: String, role: Role, known: bool, value: &str| Pair {
            header,
            role,
            known,
            value: text_value(value),
            label_cells: 0,
            open: false,
            two_columns: false,
        };
        out.push(Line {
            kind: Kind::Pair(pair(
                "Kontroll".to_string(),
                Role::Kontroll,
                false,
                &control,
            )),
            raw: None,
            ..l
        });
        for (label, role, value) in facts {
            out.push(Line {
                line: l.line,
                kind: Kind::Pair(pair(label, role, true, &value)),
                raw: None,
                cells: 0,
                header_at: None,
            });
        }
    }
    *lines = out;
}

/// A fact after a control's text: its label as written, its field, its value.
type InlineFact = (String, Role, String);

/// A control's text and the labelled facts after it, split at " – " (see
/// [`inline_labels`]): every part after the first is "Label: value" with a label the
/// vocabulary knows for a control's field; `None` for anything else.
fn split_inline_labels(text: &str) -> Option<(String, Vec<InlineFact>)> {
    let parts = text.replace(" — ", " – ").replace(" - ", " – ");
    let mut pieces = parts.split(" – ");
    let control = pieces.next()?.trim().to_string();
    if control.is_empty() || control.contains(": ") {
        return None;
    }
    let mut facts = Vec::new();
    for piece in pieces {
        let (label, value) = piece.split_once(':')?;
        let label = label_text(label)?;
        let role = known_role(&label);
        let value = value.trim();
        if role.level() != crate::field::Level::Control || value.is_empty() {
            return None;
        }
        facts.push((label, role, value.to_string()));
    }
    (!facts.is_empty()).then_some((control, facts))
}

/// Words a label set before its value on the same line may have.
const RUN_IN_LABEL_WORDS: usize = 3;

/// A line of prose that starts with a label the vocabulary knows word for word and goes on
/// with its value in capitals ("Kontrollmoment Kontroll av att …", "Resultat Avtalsansvarig
/// saknades …": a label column set beside a long value, as `pdftotext -layout` writes a
/// card, the gap lost; "Hur ska kontrollen genomföras? Stickprov …": a question's label), next to a card's pairs (one of the two nearest lines above or below
/// that are not blank is a pair): that label and its value.
fn labels_run_in(lines: &mut [Line]) {
    let near_pair = |lines: &[Line], i: usize| {
        let is_pair = |l: &&Line| matches!(l.kind, Kind::Pair(_));
        let filled = |l: &&Line| !matches!(l.kind, Kind::Blank);
        lines[..i]
            .iter()
            .rev()
            .filter(filled)
            .take(2)
            .any(|l| is_pair(&l))
            || lines[i + 1..]
                .iter()
                .filter(filled)
                .take(2)
                .any(|l| is_pair(&l))
    };
    for i in 0..lines.len() {
        let Kind::Plain { text, heading: 0 } = &lines[i].kind else {
            continue;
        };
        let spaced = question_spaced(text);
        let words: Vec<&str> = spaced.split(' ').collect();
        let capital = |w: &str| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        // A label asked as a question ends at its question mark, however long ("Hur ska
        // kontrollen genomföras? Stickprov …", "Metod Hur ska kontrollen genomföras? …",
        // the label in bold in Word): a label the vocabulary knows word for word, or by
        // its leading words. Its value may begin in lower case ("När följs kontrollen upp?
        // mars").
        let question = (1..words.len().min(LABEL_WORDS + 1)).find(|&n| {
            let label = words[..n].join(" ");
            words[n - 1].ends_with('?')
                && (is_vocabulary_label(&label) || role_of(&label) != Role::Okand)
        });
        let split = question.or_else(|| {
            (1..=RUN_IN_LABEL_WORDS.min(words.len().saturating_sub(1)))
                .rev()
                .find(|&n| capital(words[n]) && is_vocabulary_label(&words[..n].join(" ")))
        });
        let Some(n) = split else {
            continue;
        };
        if !near_pair(lines, i) {
            continue;
        }
        let header = words[..n].join(" ");
        let value = words[n..].join(" ");
        lines[i].kind = Kind::Pair(Pair {
            role: role_of(&header),
            header,
            known: true,
            value: text_value(&value),
            label_cells: 0,
            open: false,
            two_columns: false,
        });
    }
}

/// A question's label glued to its value ("Metod Hur ska kontrollen genomföras?Stickprov …",
/// the gap lost when the label's column was as wide as the label): the text with a space
/// after the first question mark that a capital or a digit follows right away, so the
/// question ends a word of its own.
fn question_spaced(text: &str) -> std::borrow::Cow<'_, str> {
    let glued = text.char_indices().find(|&(at, c)| {
        c == '?'
            && text[at + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit())
    });
    match glued {
        Some((at, _)) => format!("{} {}", &text[..=at], &text[at + 1..]).into(),
        None => text.into(),
    }
}

/// A card whose fields are listed in an order of its own, a control's before its risk's
/// ("Utförare", "Kontrollaktivitet", then "Vad kan gå fel?", "Sannolikhet"): a block of
/// pairs between blank or plain lines in which no label comes twice, written in the same
/// order in another block too (the cards' template), is one card, so its risk's pairs are
/// read first (its number, process and category, then its title, then the rest), the
/// other pairs after them in their written order (a follow-up's "Åtgärd" stays after its
/// "Resultat"; a card that lists its risk's pairs first keeps its order). A block where a
/// label comes back holds several cards and keeps its order, and so does a block of its
/// own order (the end of one card run on into the next), unless most cards are written
/// each in an order of its own (then each such block is one card).
fn order_card_levels(lines: &mut [Line], gaps: &[bool]) {
    let rank = |l: &Line| match &l.kind {
        Kind::Pair(p) if (p.known || p.role != Role::Okand) && p.role.level() == Level::Risk => {
            if matches!(p.role, Role::RiskNummer | Role::Process | Role::Kategori) {
                0u8
            } else if is_title(p.role) {
                1
            } else {
                2
            }
        }
        _ => 3,
    };
    // The blocks of pairs: (start, end, the pairs as (start, end) of their lines, their
    // labels in order). A pair is its line, and for a label whose value follows (a label
    // set apart from its value in aligned text: "Utförare:      Kanslichef") the value's
    // lines under it, which move with it.
    type Block = (usize, usize, Vec<(usize, usize)>, Vec<String>);
    let mut blocks: Vec<Block> = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        let mut units = Vec::new();
        while end < lines.len()
            && let Kind::Pair(p) = &lines[end].kind
            && lines[end].header_at.is_none()
            && (end == start || !gaps[end])
        {
            let mut after = end + 1;
            if p.open {
                while after < lines.len()
                    && !gaps[after]
                    && matches!(lines[after].kind, Kind::Plain { heading: 0, .. })
                {
                    after += 1;
                }
            }
            units.push((end, after));
            end = after;
        }
        if end == start {
            start += 1;
            continue;
        }
        let keys: Vec<String> = units
            .iter()
            .map(|&(u, _)| match &lines[u].kind {
                Kind::Pair(p) => header_key(&p.header),
                _ => String::new(),
            })
            .collect();
        blocks.push((start, end, units, keys));
        start = end;
    }
    let mut template: HashMap<&[String], usize> = HashMap::new();
    for (_, _, _, keys) in &blocks {
        *template.entry(keys.as_slice()).or_default() += 1;
    }
    let is_titled = |units: &[(usize, usize)]| {
        units
            .iter()
            .any(|&(u, _)| matches!(&lines[u].kind, Kind::Pair(p) if is_title(p.role)))
    };
    // A card (in one block, no label twice, a risk's title among them) whose risk's pairs
    // come after a control's.
    let shuffled = |(_, _, units, keys): &Block| {
        let unique = keys.iter().collect::<HashSet<_>>().len() == keys.len();
        let ranks: Vec<u8> = units.iter().map(|&(u, _)| rank(&lines[u])).collect();
        units.len() >= 3
            && unique
            && is_titled(units)
            && ranks.iter().skip_while(|&&r| r < 3).any(|&r| r < 3)
    };
    let eligible: Vec<bool> = blocks.iter().map(shuffled).collect();
    // Cards that each list their labels in an order of their own (a label left out here,
    // another added there): when most titled cards are so shuffled, every such block is a
    // card, with or without a twin of the same order.
    let titled_blocks = blocks
        .iter()
        .filter(|(_, _, units, _)| units.len() >= 3 && is_titled(units))
        .count();
    let shuffled_cards = eligible.iter().filter(|&&e| e).count();
    let all_shuffled = shuffled_cards >= MIN_EVIDENT_ROWS && shuffled_cards * 2 > titled_blocks;
    for ((start, end, units, keys), eligible) in blocks.iter().zip(eligible) {
        let twin = template.get(keys.as_slice()).copied().unwrap_or(0) >= 2;
        if !eligible || !(twin || all_shuffled) {
            continue;
        }
        let mut order = units.clone();
        order.sort_by_key(|&(u, _)| rank(&lines[u]));
        let sorted: Vec<Line> = order
            .iter()
            .flat_map(|&(u, after)| lines[u..after].iter().cloned())
            .collect();
        lines[*start..*end].clone_from_slice(&sorted);
    }
}

/// A label the vocabulary does not know is taken only within a block (lines without a
/// blank between them) that holds a known one; elsewhere its line is plain text ("Datum:
/// 2024-03-21" above the cards) or, for two cells, no card line.
fn accept_unknown_labels(lines: &mut [Line]) {
    document_head(lines);
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        while end < lines.len() && !matches!(lines[end].kind, Kind::Blank | Kind::Other) {
            end += 1;
        }
        let block = &mut lines[start..end];
        let has_known = block
            .iter()
            .any(|l| matches!(&l.kind, Kind::Pair(p) if p.known || p.role != Role::Okand));
        if !has_known {
            for l in block.iter_mut() {
                if matches!(&l.kind, Kind::Pair(p) if p.role == Role::Okand) {
                    l.kind = match &l.raw {
                        Some(text) => Kind::Plain {
                            text: fold_ws(text),
                            heading: 0,
                        },
                        None => Kind::Other,
                    };
                }
            }
        }
        start = end.max(start + 1);
    }
}

/// Above the first card (the first pair of a label the vocabulary knows that names no fact
/// of a document's head), the lines of the document's head are the document's, whatever
/// block they stand in: no card line, left to the layout's prose. They are a label of the
/// head with its value ("Datum: 2024-03-21", "Ansvarig nämnd: Kultur- och fritidsnämnden"),
/// such a label run in before its value ("Dnr BUN 2022/120", "Beslutad 2024-12-16"), and the
/// plan's title ("Internkontrollplan 2022"), which is no process heading nor risk title.
/// The first card's own block keeps its lines but a label of the head the vocabulary does
/// not know.
fn document_head(lines: &mut [Line]) {
    use crate::normalize::facts;
    let fact_pair = |p: &Pair| facts::is_fact_label(&p.header);
    let first_card = lines
        .iter()
        .position(|l| {
            matches!(&l.kind, Kind::Pair(p) if (p.known || p.role != Role::Okand) && !fact_pair(p))
        })
        .unwrap_or(lines.len());
    // The first card's block (its lines up to a blank line above) is the card's, fact
    // labels and all ("Verksamhet: Hemtjänst" as its first line).
    let mut head_end = first_card;
    while head_end > 0 && !matches!(lines[head_end - 1].kind, Kind::Blank) {
        head_end -= 1;
    }
    // "Dnr BUN 2022/120": a label of the head, then a value holding a digit.
    let run_in_fact = |text: &str| {
        let words: Vec<&str> = text.split_whitespace().collect();
        (1..words.len().min(3)).any(|n| {
            facts::is_fact_label(&words[..n].join(" "))
                && words[n..]
                    .iter()
                    .any(|w| w.chars().any(|c| c.is_ascii_digit()))
        })
    };
    for (i, l) in lines[..first_card].iter_mut().enumerate() {
        let head = match &l.kind {
            Kind::Pair(p) => fact_pair(p) && (i < head_end || !p.known),
            Kind::Plain { text, .. } if i < head_end => facts::is_title(text) || run_in_fact(text),
            _ => false,
        };
        if head {
            l.kind = Kind::Other;
        }
    }
}

/// What the walk over the lines found, in order; [`build`] makes the records of it.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    /// A label and its value (the index of its line).
    Pair(usize),
    /// A plain line that continues the value above, or is the value of an open label.
    Append(usize),
    /// A line after a line break in the paragraph of the pair above ("Utförare: Controller",
    /// a `<w:br/>`, "Enhetschef"): the value's next line, kept as a line of its own.
    Break(usize),
    /// A risk's title line and its description lines.
    Title(Vec<usize>),
    /// A heading above risks; `sure` when a record came before it, or when it is a
    /// heading of a higher level than the title below it (else it may be the document's
    /// title and is taken only if another process heading follows). `sub`: the short lines
    /// right under it that list its parts (a planning system prints a process with its
    /// sub-processes).
    Process {
        at: usize,
        sure: bool,
        sub: Vec<usize>,
    },
    /// Prose right under a risk's number, value or category (or sentences after a blank
    /// line): the risk's description.
    Describe(Vec<usize>),
    /// A heading that counts the cards ("Kontrollpunkt 1"): a new risk and its number.
    Counter(usize),
    /// A numbered heading over a card without a control's label ("1. Stickprov av 30
    /// fakturor"): a new risk, its number and its control.
    NumberedControl(usize),
    /// Sentences right under a control's short value ("Ansvarig: Ekonomichef", then
    /// "Ekonomienheten har gjort stickprov …"), which no sentence continues: the control's
    /// result in a follow-up, its description in a plan.
    Remark(Vec<usize>),
}

/// Plain lines between two blank lines (a heading line starts a group of its own).
#[derive(Debug, Clone, Default)]
struct Group {
    lines: Vec<usize>,
    /// No blank line between the pair above and the group.
    adjacent: bool,
}

/// Walks the lines, deciding what each plain line is.
fn walk(lines: &[Line], gaps: &[bool]) -> Vec<Event> {
    let mut events = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut after_pair = false;
    let mut in_group = false;
    let mut first = true;
    // Labels read since the last title: a label again starts a new record, so a short
    // line right above it is that record's title, not the end of the value before.
    let mut keys: HashSet<String> = HashSet::new();
    let titled = titled_ahead(lines, gaps);
    let controlled = controlled_ahead(lines);
    // The field of the last pair, for the prose right under it.
    let mut above: Option<Role> = None;
    let mut i = 0;
    while i < lines.len() {
        match &lines[i].kind {
            Kind::Blank | Kind::Other => {
                in_group = false;
                after_pair = false;
            }
            Kind::Plain { heading, .. } => {
                match groups.last_mut() {
                    Some(g) if in_group && *heading == 0 => g.lines.push(i),
                    _ => groups.push(Group {
                        lines: vec![i],
                        adjacent: after_pair,
                    }),
                }
                in_group = true;
                after_pair = false;
            }
            Kind::Pair(pair) => {
                let key = header_key(&pair.header);
                let before = events.len();
                resolve_plain(
                    lines,
                    std::mem::take(&mut groups),
                    (next_of(lines, i, &titled), above, controlled[i]),
                    first,
                    keys.contains(&key),
                    &mut events,
                );
                above = Some(pair.role);
                if events[before..]
                    .iter()
                    .any(|e| matches!(e, Event::Title(_)))
                {
                    keys.clear();
                }
                keys.insert(key);
                events.push(Event::Pair(i));
                first = false;
                if pair.open {
                    while let Some(Kind::Plain { heading: 0, .. }) =
                        lines.get(i + 1).map(|l| &l.kind)
                    {
                        i += 1;
                        events.push(Event::Append(i));
                    }
                } else {
                    while lines
                        .get(i + 1)
                        .is_some_and(|l| same_paragraph(&lines[i], l))
                    {
                        i += 1;
                        events.push(Event::Break(i));
                    }
                }
                after_pair = true;
                in_group = false;
            }
        }
        i += 1;
    }
    resolve_plain(
        lines,
        groups,
        (Next::End, above, false),
        false,
        false,
        &mut events,
    );
    events
}

/// Whether `next` is a plain line of the same paragraph of prose as `line`, after a line
/// break in it: the reader gives each line of a paragraph its own row with the paragraph's
/// line number (a row of cells has one line, and a text file's lines each their own).
fn same_paragraph(line: &Line, next: &Line) -> bool {
    next.line == line.line
        && line.raw.is_some()
        && next.raw.is_some()
        && matches!(next.kind, Kind::Plain { heading: 0, .. })
}

/// How the pair after a run of plain lines bears on them.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Next {
    /// Labels with a risk's title among them: the lines above are not its title.
    Title,
    /// A process: the lines above are neither title nor heading of what follows.
    Process,
    /// A number, riskvärde, category or description of a risk: the lines above are likely
    /// its title.
    RiskField,
    /// A control's or follow-up's field, or an unknown label.
    Field,
    /// The end of the sheet.
    End,
}

/// What the pair at `i` is to the plain lines above it; `titled[i]`: a risk's title label
/// follows among the labels from `i` on (before a blank or plain line).
fn next_of(lines: &[Line], i: usize, titled: &[bool]) -> Next {
    let Kind::Pair(pair) = &lines[i].kind else {
        return Next::End;
    };
    match pair.role {
        Role::Process => Next::Process,
        _ if titled[i] => Next::Title,
        r if r.level() == Level::Risk => Next::RiskField,
        _ => Next::Field,
    }
}

fn is_title(role: Role) -> bool {
    matches!(role, Role::Riskomrade | Role::RiskTitelBeskrivning)
}

/// For each line, whether a control's label (Kontrollmoment, Åtgärd) is among the pairs from
/// it to the next plain line (blank lines between the pairs of one card are passed).
fn controlled_ahead(lines: &[Line]) -> Vec<bool> {
    let mut controlled = vec![false; lines.len() + 1];
    for i in (0..lines.len()).rev() {
        controlled[i] = match &lines[i].kind {
            Kind::Pair(p) => matches!(p.role, Role::Kontroll | Role::Atgard) || controlled[i + 1],
            Kind::Blank | Kind::Other => controlled[i + 1],
            Kind::Plain { .. } => false,
        };
    }
    controlled
}

/// For each line, whether a risk's title label is among the pairs of its card: from it to
/// the next line that is not a pair, a label read again (the next card's), or a jump in the
/// source lines (an empty paragraph or row the reader left out: Word's blank paragraph
/// between one card's table and the next), at most [`MAX_COLUMNS`] pairs on.
fn titled_ahead(lines: &[Line], gaps: &[bool]) -> Vec<bool> {
    (0..lines.len())
        .map(|i| {
            let mut seen: HashSet<String> = HashSet::new();
            // A card names at most MAX_COLUMNS fields.
            for j in i..lines.len().min(i + MAX_COLUMNS) {
                let Kind::Pair(p) = &lines[j].kind else {
                    return false;
                };
                if j > i && gaps[j] {
                    return false;
                }
                if is_title(p.role) {
                    return true;
                }
                if !seen.insert(header_key(&p.header)) {
                    return false;
                }
            }
            false
        })
        .collect()
}

/// Decides what the plain lines between two pairs are: the continuation of the value
/// above (adjacent to it and starting in lower case, or running on as a sentence), the
/// title and description of the next risk (the last group before a pair that is not itself
/// a title), a process heading (one short line in the group before that), or nothing the
/// cards take (titles and prose above them). `around`: the pair after the lines and the
/// field of the pair before them. Prose right under a risk's number, value or category
/// (which no sentence continues) is the risk's description. `first`: no pair came before;
/// `repeat`: the next pair's label was read since the last title (it begins a new record).
fn resolve_plain(
    lines: &[Line],
    mut groups: Vec<Group>,
    (next, above, controlled): (Next, Option<Role>, bool),
    first: bool,
    repeat: bool,
    events: &mut Vec<Event>,
) {
    let text = |i: usize| match &lines[i].kind {
        Kind::Plain { text, .. } => text.as_str(),
        _ => "",
    };
    let level = |i: usize| match &lines[i].kind {
        Kind::Plain { heading, .. } => *heading,
        _ => 0,
    };
    let heading = |i: usize| level(i) > 0;
    let closed = matches!(
        above,
        Some(
            Role::Riskvarde
                | Role::Sannolikhet
                | Role::Konsekvens
                | Role::Kategori
                | Role::RiskNummer
        )
    );
    // A control's field whose value is a name, a word or a date: what a sentence under it
    // says is no more of it.
    let short_valued = matches!(
        above,
        Some(
            Role::Ansvarig
                | Role::Rapporteringsansvarig
                | Role::Frekvens
                | Role::Startdatum
                | Role::Slutdatum
                | Role::Avstamningsdatum
                | Role::Status
                | Role::Kontrollbedomning
                | Role::UppfoljningNar
                | Role::KontrollNummer
        )
    );
    // A blank line between them too when the lines read as sentences (a planning system
    // prints "Riskvärde: 9 (…)", a blank line, then the risk's description).
    if let Some(g) = groups.first()
        && (g.adjacent || is_sentence(&wrapped_paragraph(&g.lines, text)))
        && closed
        && !heading(g.lines[0])
        && !starts_lower(text(g.lines[0]))
        && !is_short(&wrapped_paragraph(&g.lines, text))
    {
        let g = groups.remove(0);
        events.push(Event::Describe(g.lines));
    } else if let Some(g) = groups.first()
        && short_valued
        && !matches!(next, Next::Title | Next::RiskField)
        && !heading(g.lines[0])
        && !starts_lower(text(g.lines[0]))
        && is_sentence(&wrapped_paragraph(&g.lines, text))
    {
        // The sentences; a short line after them begins what follows (the next title).
        let g = &mut groups[0];
        let cut = (1..g.lines.len())
            .find(|&k| is_short(text(g.lines[k])) && !starts_lower(text(g.lines[k])))
            .unwrap_or(g.lines.len());
        let rest = g.lines.split_off(cut);
        let g = groups.remove(0);
        events.push(Event::Remark(g.lines));
        if !rest.is_empty() {
            groups.insert(
                0,
                Group {
                    lines: rest,
                    adjacent: false,
                },
            );
        }
    } else if let Some(g) = groups.first()
        && g.adjacent
        && !heading(g.lines[0])
    {
        let lone = groups.len() == 1;
        let short = g.lines.len() == 1 && is_short(text(g.lines[0]));
        let continues = starts_lower(text(g.lines[0]))
            || match next {
                Next::End => false,
                _ if !lone => !short,
                Next::Title | Next::Process => !short,
                Next::RiskField => false,
                Next::Field => !(repeat && short),
            };
        if continues {
            let g = groups.remove(0);
            events.extend(g.lines.into_iter().map(Event::Append));
        }
    }
    // One short line, or a few short lines of which the first is the process and the rest
    // its parts (none a sentence, none a heading below the first).
    // A line that titles the document ("Uppföljning av intern kontroll 2020 - helår") is
    // no process.
    let process_line = |g: &Group| {
        if crate::normalize::facts::is_title(text(g.lines[0])) {
            return None;
        }
        let all_short = g.lines.len() <= MAX_SUBPROCESSES + 1
            && g.lines.iter().all(|&i| is_short(text(i)))
            && g.lines[1..].iter().all(|&i| !heading(i));
        (all_short && !is_counter(text(g.lines[0]))).then(|| (g.lines[0], g.lines[1..].to_vec()))
    };
    match next {
        Next::End | Next::Process => {}
        Next::Title => {
            // "Kontrollpunkt 1" over a card whose labels name the risk: the card's number.
            if let Some(g) = groups.last()
                && let [only] = g.lines[..]
                && is_counter(text(only))
            {
                events.push(Event::Counter(only));
                return;
            }
            // "1. Stickprov av 30 fakturor" over a card without a control's label: the
            // card's control, numbered.
            if let Some(g) = groups.last()
                && let [only] = g.lines[..]
                && !controlled
                && numbered_heading(text(only)).is_some()
            {
                events.push(Event::NumberedControl(only));
                return;
            }
            if let Some((at, sub)) = groups.last().and_then(process_line) {
                events.push(Event::Process {
                    at,
                    sure: !first,
                    sub,
                });
            }
        }
        Next::RiskField | Next::Field => {
            let Some(title) = groups.pop() else {
                return;
            };
            // "Kontrollpunkt 1" over a card whose labels name the risk: the card's number.
            if let [only] = title.lines[..]
                && is_counter(text(only))
                && matches!(next, Next::RiskField)
            {
                events.push(Event::Counter(only));
                return;
            }
            if let Some((at, sub)) = groups.last().and_then(process_line) {
                let above = level(at) > 0 && level(at) < level(title.lines[0]);
                events.push(Event::Process {
                    at,
                    sure: !first || above,
                    sub,
                });
            }
            events.push(Event::Title(title.lines));
        }
    }
}

/// A heading that only counts the cards ("Risk 1", "Kontroll 2.1", "Område 3"): no process.
fn is_counter(s: &str) -> bool {
    let mut words = s.split_whitespace();
    let (Some(word), Some(number), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    (counts_controls(word)
        || matches!(
            word.to_lowercase().as_str(),
            "risk"
                | "kontroll"
                | "område"
                | "riskområde"
                | "kontrollmoment"
                | "nr"
                | "punkt"
                | "kontrollpunkt"
                | "kontrollområde"
                | "granskningsområde"
        ))
        && is_dotted_number(number.trim_end_matches([':', '.']))
}

/// A counting heading's word that numbers a control's report ("Kontrollrapport 3"), not
/// a risk: one report per control, so several may name the same risk.
fn counts_controls(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "kontrollrapport" | "rapport")
}

/// A number with its outline parts: "2", "2.1".
fn is_dotted_number(s: &str) -> bool {
    s.split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A heading with its outline number ("1. Stickprov av fakturor", "2 Avstämning"): the number
/// and the text.
pub(super) fn numbered_heading(s: &str) -> Option<(&str, &str)> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 2 {
        return None;
    }
    let (number, rest) = t.split_at(digits);
    let rest = rest.strip_prefix(['.', ')']).unwrap_or(rest);
    (rest.starts_with(' ') && rest.trim_start().starts_with(char::is_uppercase))
        .then(|| (number, rest.trim()))
}

/// The first line of a group with the lines that go on in lower case under it: a
/// paragraph wrapped over several lines ("… Besluten var i" over "övrigt fattade …").
fn wrapped_paragraph<'a>(group: &[usize], text: impl Fn(usize) -> &'a str) -> String {
    let mut lines = group.iter().map(|&i| text(i));
    let mut out = lines.next().unwrap_or_default().to_string();
    for line in lines.take_while(|l| starts_lower(l)) {
        out.push(' ');
        out.push_str(line);
    }
    out
}

/// A line written as a sentence: several words ending with a full stop (or many words).
fn is_sentence(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (words >= 4 && s.trim_end().ends_with(['.', '!'])) || words > 2 * HEADING_WORDS
}

/// A line that can be a heading: a few words, not a sentence.
fn is_short(s: &str) -> bool {
    s.split_whitespace().count() <= HEADING_WORDS && !s.trim_end().ends_with(['.', ':', ';', ','])
}

/// One value of a record and where it came from.
#[derive(Debug, Clone)]
struct Field {
    col: usize,
    value: Value,
    /// Source cells whose values are in `value`.
    cells: u32,
    /// The lines (indices into the card lines) of those cells and of the field's label.
    items: Vec<usize>,
    /// Named by a label the vocabulary knows.
    known: bool,
    role: Role,
    /// Source cells that were the field's label alone (counted where the field lands).
    label_cells: u32,
}

#[derive(Debug, Clone, Default)]
struct Control {
    fields: Vec<Field>,
}

#[derive(Debug, Clone, Default)]
struct RiskRec {
    process: Option<usize>,
    /// The process came from a heading above (not from the risk's own card).
    inherited: bool,
    fields: Vec<Field>,
    controls: Vec<Control>,
    titled: bool,
}

/// A record: a risk's own fields (`None`) or one of its controls, by index.
type Record = (usize, Option<usize>);

/// Where the last value went, for the lines that continue it.
#[derive(Debug, Clone, Copy)]
enum Target {
    Process(usize),
    Risk(usize),
    Control(usize),
}

#[derive(Debug, Default)]
struct Built {
    /// (key, header) of each column.
    columns: Vec<(String, String)>,
    /// Column by key.
    column_of: HashMap<String, usize>,
    processes: Vec<Field>,
    /// The parts listed under a process heading, by the process's index.
    subprocesses: HashMap<usize, Field>,
    risks: Vec<RiskRec>,
    /// Risk titles and process headings written as plain lines (for the note).
    plain_titles: usize,
    plain_processes: usize,
    /// Label lines read, and those in two cells (for the note).
    pairs: usize,
    two_column_pairs: usize,
}

impl Built {
    fn column(&mut self, header: &str) -> usize {
        let key = header_key(header);
        if let Some(&i) = self.column_of.get(&key) {
            return i;
        }
        self.column_of.insert(key.clone(), self.columns.len());
        self.columns.push((key, header.to_string()));
        self.columns.len() - 1
    }

    fn risk(&mut self, current: &mut Option<usize>, process: Option<usize>) -> usize {
        if let Some(r) = *current {
            return r;
        }
        self.risks.push(RiskRec {
            process,
            inherited: process.is_some(),
            ..Default::default()
        });
        *current = Some(self.risks.len() - 1);
        self.risks.len() - 1
    }

    /// Leaves out records that are a document's facts rather than cards: leading risks
    /// and trailing controls with no title, control or method of their own and fewer than
    /// [`MIN_KNOWN_PER_ROW`] known labels ("Nämnd: … / Ansvarig: Förvaltningschef" above
    /// the cards, a signature below them). Their lines are left to the layout.
    /// A record is left out only when no line it holds also holds a field of a record that
    /// stays (pairs side by side in one row may belong to two records).
    fn trim_weak(&mut self, lines: &[Line]) {
        // A title line that is the document's own ("Intern kontrollplan 2009") names no card.
        let named = |fields: &[Field]| {
            fields.iter().any(|f| {
                matches!(
                    f.role,
                    Role::Riskomrade
                        | Role::RiskTitelBeskrivning
                        | Role::Kontroll
                        | Role::Atgard
                        | Role::Metod
                ) && !(f.role == Role::Riskomrade
                    && !f.known
                    && crate::normalize::facts::is_title(&f.value.plain()))
            })
        };
        let known = |fields: &[Field]| fields.iter().filter(|f| f.known).count();
        let weak_control = |c: &Control| !named(&c.fields) && known(&c.fields) < MIN_KNOWN_PER_ROW;
        let weak_risk = |r: &RiskRec| {
            !named(&r.fields)
                && r.controls.iter().all(weak_control)
                && known(&r.fields) + r.controls.iter().map(|c| known(&c.fields)).sum::<usize>()
                    < MIN_KNOWN_PER_ROW
        };
        // Which records (risk, control) hold a field on each line.
        let mut owners: HashMap<u32, Vec<Record>> = HashMap::new();
        let mut own = |fields: &[Field], owner: Record| {
            for f in fields {
                for &i in &f.items {
                    let o = owners.entry(lines[i].line).or_default();
                    if !o.contains(&owner) {
                        o.push(owner);
                    }
                }
            }
        };
        for (r, risk) in self.risks.iter().enumerate() {
            own(&risk.fields, (r, None));
            for (c, control) in risk.controls.iter().enumerate() {
                own(&control.fields, (r, Some(c)));
            }
        }
        let alone = |fields: &[Field], ok: &dyn Fn(&Record) -> bool| {
            fields
                .iter()
                .flat_map(|f| &f.items)
                .all(|&i| owners[&lines[i].line].iter().all(ok))
        };
        let risk_alone = |r: usize, risk: &RiskRec| {
            alone(&risk.fields, &|o| o.0 == r)
                && risk
                    .controls
                    .iter()
                    .all(|c| alone(&c.fields, &|o| o.0 == r))
        };
        let lead = self
            .risks
            .iter()
            .enumerate()
            .take_while(|(r, risk)| weak_risk(risk) && risk_alone(*r, risk))
            .count();
        let mut end = self.risks.len();
        while end > lead {
            let r = end - 1;
            let risk = &mut self.risks[r];
            while let Some(c) = risk.controls.len().checked_sub(1)
                && weak_control(&risk.controls[c])
                && alone(&risk.controls[c].fields, &|o| *o == (r, Some(c)))
            {
                risk.controls.pop();
            }
            if risk.controls.is_empty() && weak_risk(risk) && risk_alone(r, risk) {
                end -= 1;
            } else {
                break;
            }
        }
        self.risks.truncate(end);
        self.risks.drain(..lead);
    }

    /// The evidence that the sheet is cards: the rows that hold [`MIN_KNOWN_PER_ROW`]
    /// known labels (none unless one of the labels names a control's field).
    fn evident_rows(&self) -> usize {
        let mut evident = 0;
        let mut control = false;
        for risk in &self.risks {
            let known = |fields: &[Field]| fields.iter().map(known_weight).sum::<usize>();
            let risk_known = known(&risk.fields);
            control |= risk
                .controls
                .iter()
                .flat_map(|c| &c.fields)
                .any(|f| f.known && f.role.level() == Level::Control);
            if risk.controls.is_empty() {
                evident += usize::from(risk_known >= MIN_KNOWN_PER_ROW);
            }
            for (k, c) in risk.controls.iter().enumerate() {
                let n = known(&c.fields) + if k == 0 { risk_known } else { 0 };
                evident += usize::from(n >= MIN_KNOWN_PER_ROW);
            }
        }
        if control { evident } else { 0 }
    }

    fn into_table(self, lines: &[Line], evident: usize) -> Option<CardTable> {
        let width = self.columns.len();
        let mut out = Vec::new();
        let mut consumed: Vec<u32> = Vec::new();
        let mut placed: HashSet<usize> = HashSet::new();
        let mut used = vec![false; width];
        let mut label_cells = 0;
        let mut process_used = vec![false; self.processes.len()];
        for risk in &self.risks {
            let n = risk.controls.len().max(1);
            for k in 0..n {
                let mut cells = vec![Cell::default(); width];
                let mut row_lines: Vec<u32> = Vec::new();
                let mut row_items: Vec<usize> = Vec::new();
                let mut source = 0;
                let mut put = |f: &Field, cells: &mut Vec<Cell>| {
                    let cell = &mut cells[f.col];
                    if cell.value.is_empty() {
                        cell.value = f.value.clone();
                        // A value of no source cell: a merged cell's copy.
                        cell.merged = f.cells == 0 && !f.value.is_empty();
                    } else if !f.value.is_empty() {
                        append_value(&mut cell.value, &f.value.plain());
                    }
                    source += f.cells;
                    label_cells += f.label_cells;
                    row_lines.extend(f.items.iter().map(|&i| lines[i].line));
                    row_items.extend(&f.items);
                    used[f.col] = true;
                };
                let mut copy = None;
                if let Some(p) = risk.process
                    && k == 0
                {
                    if process_used[p] {
                        copy = Some(&self.processes[p]);
                    } else {
                        process_used[p] = true;
                        put(&self.processes[p], &mut cells);
                        if let Some(sub) = self.subprocesses.get(&p) {
                            put(sub, &mut cells);
                        }
                    }
                }
                if k == 0 {
                    for f in &risk.fields {
                        put(f, &mut cells);
                    }
                }
                if let Some(c) = risk.controls.get(k) {
                    for f in &c.fields {
                        put(f, &mut cells);
                    }
                }
                if let Some(p) = copy
                    && cells[p.col].value.is_empty()
                {
                    cells[p.col] = Cell {
                        value: p.value.clone(),
                        merged: true,
                    };
                }
                let (Some(&first), Some(&last)) = (row_lines.iter().min(), row_lines.iter().max())
                else {
                    continue;
                };
                consumed.extend(&row_lines);
                placed.extend(row_items);
                out.push(CardRow {
                    first_line: first,
                    last_line: last,
                    cells,
                    source_cells: source,
                });
            }
        }
        consumed.sort_unstable();
        consumed.dedup();
        // Each line consumed is consumed whole (never one pair of a row and not the other).
        let whole = lines.iter().enumerate().all(|(i, l)| {
            l.cells == 0 || placed.contains(&i) || consumed.binary_search(&l.line).is_err()
        });
        if !whole {
            return None;
        }
        // Columns only records left out had are dropped.
        for row in &mut out {
            let mut c = 0;
            row.cells.retain(|_| {
                c += 1;
                used[c - 1]
            });
        }
        let headers = self
            .columns
            .into_iter()
            .zip(&used)
            .filter(|(_, u)| **u)
            .map(|((_, h), _)| h)
            .collect();
        // Other rows among the cards mean a grid with a few label cells, not cards.
        let (first, last) = (*consumed.first()?, *consumed.last()?);
        let others = lines
            .iter()
            .filter(|l| l.line > first && l.line < last && matches!(l.kind, Kind::Other))
            .count();
        if others * 10 > self.pairs {
            return None;
        }
        let controls: usize = self.risks.iter().map(|r| r.controls.len()).sum();
        let mut note = format!(
            "kort: {} risker, {} kontroller, {} etikettrader; {evident} rader med minst \
             {MIN_KNOWN_PER_ROW} kända etiketter",
            self.risks.len(),
            controls,
            self.pairs
        );
        if self.two_column_pairs > 0 {
            note.push_str(&format!(
                " ({} med etikett och värde i två kolumner)",
                self.two_column_pairs
            ));
        }
        if self.plain_titles > 0 {
            note.push_str(&format!(", {} risktitlar som rader", self.plain_titles));
        }
        if self.plain_processes > 0 {
            note.push_str(&format!(", {} processrubriker", self.plain_processes));
        }
        Some(CardTable {
            headers,
            rows: out,
            lines: consumed,
            label_cells,
            note,
            read_as: "som kort eller export från ett planeringssystem (etikett: värde)",
        })
    }
}

/// `s` opens a bracket it does not close.
fn open_bracket(s: &str) -> bool {
    s.matches('(').count() > s.matches(')').count()
}

/// A plain line added to a field's value (as a line of its own when `own_line`), its cells
/// and its line counted.
fn grow(f: &mut Field, lines: &[Line], i: usize, own_line: bool) {
    if let Kind::Plain { text, .. } = &lines[i].kind {
        if own_line {
            append_line(&mut f.value, text);
        } else {
            append_value(&mut f.value, text);
        }
    }
    f.cells += lines[i].cells;
    f.items.push(i);
}

/// How many known labels a field counts as: a riskvärde written with its factors
/// ("Riskvärde: 6 (Sannolikhet: 3, Konsekvens: 2)") names three fields.
fn known_weight(f: &Field) -> usize {
    if !f.known {
        return 0;
    }
    if has_factors(f.role, &f.value) { 3 } else { 1 }
}

/// Makes the records of the walk's events.
fn build(lines: &[Line], events: &[Event]) -> Built {
    let processes = events
        .iter()
        .filter(|e| matches!(e, Event::Process { .. }))
        .count();
    let follow_up = lines
        .iter()
        .any(|l| matches!(&l.kind, Kind::Pair(p) if p.role.level() == Level::FollowUp));
    let mut b = Builder {
        lines,
        built: Built::default(),
        current: None,
        process: None,
        target: None,
        level: Level::Risk,
        preamble_ok: processes >= 2,
        control_number: None,
    };
    for event in events {
        match event {
            Event::Process { at, sure, sub } => b.process_heading(*at, *sure, sub),
            Event::Describe(group) => b.describe(group),
            Event::Counter(at) => b.counter(*at),
            Event::NumberedControl(at) => b.numbered_control(*at),
            Event::Remark(group) => b.remark(group, follow_up),
            Event::Title(group) => b.title(group),
            Event::Append(i) => b.append(*i, false),
            Event::Break(i) => b.append(*i, true),
            Event::Pair(i) => b.pair(*i),
        }
    }
    b.built
}

/// The records being made, and where the walk over the events stands.
struct Builder<'a> {
    lines: &'a [Line],
    built: Built,
    /// The risk the next fields go to.
    current: Option<usize>,
    /// The process heading over the risks that follow.
    process: Option<usize>,
    /// The field the next continued line goes to.
    target: Option<Target>,
    /// The level the last pair went to, for labels the vocabulary does not know.
    level: Level,
    /// A process heading above the first record is taken (another one follows).
    preamble_ok: bool,
    /// The number a counting heading gave the next control ("Kontrollrapport 3").
    control_number: Option<Field>,
}

impl Builder<'_> {
    fn text(&self, i: usize) -> String {
        match &self.lines[i].kind {
            Kind::Plain { text, .. } => text.clone(),
            _ => String::new(),
        }
    }

    /// A field made of a plain line, under a header named for its field.
    fn plain_field(&mut self, i: usize, header: &str, role: Role) -> Field {
        Field {
            col: self.built.column(header),
            value: text_value(&self.text(i)),
            cells: self.lines[i].cells,
            items: vec![i],
            known: false,
            role,
            label_cells: 0,
        }
    }

    /// Closes the current risk when it has a title or controls: what follows is another.
    fn close_begun_risk(&mut self) {
        let risks = &self.built.risks;
        if self
            .current
            .is_some_and(|r| risks[r].titled || !risks[r].controls.is_empty())
        {
            self.current = None;
        }
    }

    fn process_heading(&mut self, at: usize, sure: bool, sub: &[usize]) {
        if !sure && !self.preamble_ok {
            return;
        }
        let field = self.plain_field(at, "Process", Role::Process);
        self.built.processes.push(field);
        let p = self.built.processes.len() - 1;
        if let Some((&first, more)) = sub.split_first() {
            let mut f = self.plain_field(first, SUBPROCESS_HEADER, Role::Okand);
            more.iter()
                .for_each(|&d| grow(&mut f, self.lines, d, false));
            self.built.subprocesses.insert(p, f);
        }
        self.process = Some(p);
        self.target = Some(Target::Process(p));
        self.close_begun_risk();
        self.built.plain_processes += 1;
    }

    /// A numbered heading naming the card's control: the next risk begins, numbered by it,
    /// with the control.
    fn numbered_control(&mut self, at: usize) {
        let text = self.text(at);
        let Some((number, rest)) = numbered_heading(&text) else {
            return;
        };
        let (number, rest) = (number.to_string(), rest.to_string());
        // The line's one cell is counted by the control's field.
        let r = self.numbered_risk(at, &number, 0);
        let mut control = self.plain_field(at, "Kontroll", Role::Kontroll);
        control.value = text_value(&rest);
        self.built.risks[r].controls.push(Control {
            fields: vec![control],
        });
        self.target = Some(Target::Control(r));
        self.level = Level::Control;
    }

    /// A counting heading: the next risk begins, numbered by it.
    fn counter(&mut self, at: usize) {
        let text = self.text(at);
        let number = text.split_whitespace().last().unwrap_or_default();
        let cells = self.lines[at].cells;
        // "Kontrollrapport 3": the number of the control its card reports on.
        if text.split_whitespace().next().is_some_and(counts_controls) {
            let mut nr = self.plain_field(at, CONTROL_NUMBER_HEADER, Role::KontrollNummer);
            nr.value = text_value(number.trim_end_matches([':', '.']));
            self.control_number = Some(nr);
            return;
        }
        self.numbered_risk(at, number.trim_end_matches([':', '.']), cells);
        self.target = None;
        self.level = Level::Risk;
    }

    /// A new risk numbered by the heading at `at` (whose `cells` source cells its number
    /// field counts).
    fn numbered_risk(&mut self, at: usize, number: &str, cells: u32) -> usize {
        self.close_begun_risk();
        self.current = None;
        let r = self.built.risk(&mut self.current, self.process);
        let mut nr = self.plain_field(at, "Nr", Role::RiskNummer);
        nr.value = text_value(number);
        nr.cells = cells;
        self.built.risks[r].fields.push(nr);
        r
    }

    /// Prose under a risk's pairs: its description, or more of it. The description is the
    /// risk's last field then, for a line that continues it.
    fn describe(&mut self, group: &[usize]) {
        let Some(r) = self.current else {
            return group.iter().for_each(|&i| self.append(i, false));
        };
        let col = self.built.column("Riskbeskrivning");
        let fields = &mut self.built.risks[r].fields;
        let (mut f, more) = match fields.iter().position(|f| f.col == col) {
            Some(at) => (fields.remove(at), group),
            None => (
                self.plain_field(group[0], "Riskbeskrivning", Role::Riskbeskrivning),
                &group[1..],
            ),
        };
        more.iter()
            .for_each(|&i| grow(&mut f, self.lines, i, false));
        self.built.risks[r].fields.push(f);
        self.target = Some(Target::Risk(r));
    }

    /// Sentences under a control's short value: its result in a follow-up, else its
    /// description (see [`Event::Remark`]).
    fn remark(&mut self, group: &[usize], follow_up: bool) {
        let (header, role) = if follow_up {
            ("Resultat", Role::Resultat)
        } else {
            ("Kontrollbeskrivning", Role::KontrollBeskrivning)
        };
        let Some(r) = self.current else {
            return group.iter().for_each(|&i| self.append(i, false));
        };
        let col = self.built.column(header);
        let Some(control) = self.built.risks[r].controls.last_mut() else {
            return group.iter().for_each(|&i| self.append(i, false));
        };
        // A second remark (a summary under the last card) is no more of the control: the
        // lines stay the document's notes.
        if control.fields.iter().any(|f| f.col == col) {
            return;
        }
        let (&first, more) = group.split_first().expect("a remark has a line");
        let mut f = self.plain_field(first, header, role);
        more.iter()
            .for_each(|&i| grow(&mut f, self.lines, i, false));
        self.built.risks[r]
            .controls
            .last_mut()
            .expect("a control")
            .fields
            .push(f);
        self.target = Some(Target::Control(r));
    }

    fn title(&mut self, group: &[usize]) {
        self.close_begun_risk();
        let r = self.built.risk(&mut self.current, self.process);
        let (&head, mut desc) = group.split_first().expect("a title group has a line");
        let mut title = self.plain_field(head, "Riskområde", Role::Riskomrade);
        // A title wrapped inside its bracket ("… Badanstalt (riskvärde" over "8)") goes on
        // in the next line.
        if let Some((&next, rest)) = desc.split_first()
            && open_bracket(&title.value.plain())
        {
            grow(&mut title, self.lines, next, false);
            desc = rest;
        }
        let value = self.bracketed_numbers(&mut title, head);
        self.built.risks[r].fields.push(title);
        self.built.risks[r].fields.extend(value);
        self.built.risks[r].titled = true;
        if let Some((&first, more)) = desc.split_first() {
            let mut f = self.plain_field(first, "Riskbeskrivning", Role::Riskbeskrivning);
            more.iter()
                .for_each(|&d| grow(&mut f, self.lines, d, false));
            self.built.risks[r].fields.push(f);
        }
        self.target = Some(Target::Risk(r));
        self.level = Level::Risk;
        self.built.plain_titles += 1;
    }

    /// "… (riskvärde 12)" at the end of a risk's title (line `at`): the bracket's risk
    /// numbers are the risk's, not its title's. The title loses the bracket; the numbers'
    /// field is returned.
    fn bracketed_numbers(&mut self, title: &mut Field, at: usize) -> Option<Field> {
        let text = title.value.plain();
        let (name, inside, _) = super::bracketed_risk_numbers(text.trim_end())?;
        if name.trim().is_empty() {
            return None;
        }
        title.value = text_value(name);
        Some(Field {
            col: self.built.column("Riskvärde"),
            value: text_value(inside.trim()),
            cells: 0,
            items: vec![at],
            known: false,
            role: Role::Riskvarde,
            label_cells: 0,
        })
    }

    /// A plain line that continues the last value.
    /// Adds the plain line `i` to the field being filled; `own_line`: as a line of its own
    /// (it came after a line break), else as the rest of a sentence where it reads so.
    fn append(&mut self, i: usize, own_line: bool) {
        let lines = self.lines;
        let b = &mut self.built;
        let field = match self.target {
            None => return,
            Some(Target::Process(p)) => &mut b.processes[p],
            Some(Target::Risk(r)) => b.risks[r].fields.last_mut().expect("target field"),
            Some(Target::Control(r)) => b.risks[r]
                .controls
                .last_mut()
                .and_then(|c| c.fields.last_mut())
                .expect("target field"),
        };
        grow(field, lines, i, own_line);
    }

    fn pair(&mut self, i: usize) {
        let Kind::Pair(pair) = &self.lines[i].kind else {
            return;
        };
        self.built.pairs += 1;
        self.built.two_column_pairs += usize::from(pair.two_columns);
        let field = Field {
            col: self.built.column(&pair.header),
            value: pair.value.clone(),
            cells: self.lines[i].cells - pair.label_cells,
            items: std::iter::once(i).chain(self.lines[i].header_at).collect(),
            known: pair.known,
            role: pair.role,
            label_cells: pair.label_cells,
        };
        let level = match pair.role {
            Role::Okand => self.level,
            r => r.level(),
        };
        // "Bedömning | " left empty in a label table: the label's column, no new record.
        if pair.value.is_empty() && !pair.open {
            return self.empty_pair(field, level);
        }
        match (pair.role, level) {
            (Role::Process, _) => {
                let after_blank = i > 0 && matches!(self.lines[i - 1].kind, Kind::Blank);
                self.process_pair(field, after_blank)
            }
            // "Risk 1: Avgifter debiteras fel (riskvärde 12)": the title's bracket gives the
            // risk's numbers.
            (role, Level::Risk) if is_title(role) => {
                let mut field = field;
                let numbers = self.bracketed_numbers(&mut field, i);
                self.risk_pair(field);
                if let (Some(numbers), Some(r)) = (numbers, self.current) {
                    self.built.risks[r].fields.push(numbers);
                }
            }
            (_, Level::Risk) => self.risk_pair(field),
            _ => self.control_pair(field),
        }
    }

    /// A label without a value: its column in the current record (its control, for a
    /// control's or follow-up's label), never a record of its own.
    fn empty_pair(&mut self, field: Field, level: Level) {
        let Some(r) = self.current else {
            return;
        };
        let risk = &mut self.built.risks[r];
        let fields = match level {
            Level::Risk => &mut risk.fields,
            _ => match risk.controls.last_mut() {
                Some(c) => &mut c.fields,
                None => return,
            },
        };
        if !fields.iter().any(|f| f.col == field.col) {
            fields.push(field);
        }
    }

    /// A process label: a heading for the risks below, and the process of the risk begun
    /// above it when that one has no controls yet. After a blank line, below a risk whose
    /// value or description was given (a risk printed without controls), it heads what
    /// follows only.
    fn process_pair(&mut self, field: Field, after_blank: bool) {
        let b = &mut self.built;
        b.processes.push(field);
        let p = b.processes.len() - 1;
        self.process = Some(p);
        self.target = Some(Target::Process(p));
        let valued = |r: usize| {
            b.risks[r].fields.iter().any(|f| {
                matches!(
                    f.role,
                    Role::Riskvarde | Role::Sannolikhet | Role::Konsekvens | Role::Riskbeskrivning
                )
            })
        };
        match self.current {
            Some(r) if !b.risks[r].controls.is_empty() => self.current = None,
            Some(r) if after_blank && valued(r) => self.current = None,
            Some(r) if b.risks[r].inherited || b.risks[r].process.is_none() => {
                b.risks[r].process = Some(p);
                b.risks[r].inherited = false;
            }
            _ => {}
        }
        self.level = Level::Risk;
    }

    /// A risk's field: a new risk when the current one has it already (or has a title and
    /// this is one, or has controls and this is a number).
    fn risk_pair(&mut self, field: Field) {
        let b = &mut self.built;
        if let Some(r) = self.current {
            // The numbers a title's bracket gave give way to the card's own line of them.
            b.risks[r]
                .fields
                .retain(|f| f.col != field.col || f.known || f.cells > 0 || f.label_cells > 0);
            let risk = &b.risks[r];
            // "Risk: …" under a card's title ("Kontrollområde: Tillsyn") describes it.
            let describes = field.role == Role::RiskTitelBeskrivning
                && risk.controls.is_empty()
                && risk.fields.iter().any(|f| f.role == Role::Riskomrade)
                && !risk
                    .fields
                    .iter()
                    .any(|f| matches!(f.role, Role::RiskTitelBeskrivning | Role::Riskbeskrivning));
            let again = risk.fields.iter().any(|f| f.col == field.col)
                || (is_title(field.role) && risk.titled && !describes)
                || (field.role == Role::RiskNummer && !risk.controls.is_empty());
            if again {
                self.current = None;
            }
        }
        let r = b.risk(&mut self.current, self.process);
        b.risks[r].titled |= is_title(field.role);
        b.risks[r].fields.push(field);
        self.target = Some(Target::Risk(r));
        self.level = Level::Risk;
    }

    /// A control's or follow-up's field: a new control when the current one has it
    /// already (or names its control and this names one too).
    fn control_pair(&mut self, mut field: Field) {
        let numbered = self.control_number.take();
        let b = &mut self.built;
        let r = b.risk(&mut self.current, self.process);
        let risk = &mut b.risks[r];
        // "Åtgärd:" after the control's follow-up ("Resultat: …") is the action the
        // follow-up decides, not a new action of the plan; so is "Åtgärd helår" after
        // "Åtgärd delår" (one per period the card follows up).
        let columns = &b.columns;
        let period = |f: &Field| crate::normalize::vocab::period_in(&columns[f.col].1);
        if field.role == Role::Atgard
            && risk.controls.last().is_some_and(|c| {
                c.fields.iter().any(|f| f.role.level() == Level::FollowUp)
                    && !c
                        .fields
                        .iter()
                        .any(|f| f.role == Role::NyAtgard && period(f) == period(&field))
            })
        {
            field.role = Role::NyAtgard;
        }
        let names = |role: Role| matches!(role, Role::Kontroll | Role::Atgard);
        let new = numbered.is_some()
            || risk.controls.last().is_none_or(|c| {
                c.fields.iter().any(|f| f.col == field.col)
                    || (names(field.role) && c.fields.iter().any(|f| names(f.role)))
                    || (field.role == Role::KontrollNummer
                        && c.fields.iter().any(|f| f.role == field.role))
            });
        if new {
            risk.controls.push(Control {
                fields: numbered.into_iter().collect(),
            });
        }
        risk.controls
            .last_mut()
            .expect("a control")
            .fields
            .push(field);
        self.target = Some(Target::Control(r));
        self.level = Level::Control;
    }
}

/// Adds a line to a value as a paragraph of its own.
fn append_line(value: &mut Value, more: &str) {
    let more = fold_ws(more);
    if more.is_empty() {
        return;
    }
    if value.is_empty() {
        *value = text_value(&more);
        return;
    }
    let mut paras = match std::mem::take(value) {
        Value::Text(r) => r.into_paras(),
        other => Rich::from_text(&other.plain()).into_paras(),
    };
    paras.push(Para::plain_run(more));
    *value = Value::Text(Rich::from_paras(paras));
}

/// Adds a line to a value: on the same paragraph when it continues a sentence (starts in
/// lower case, or the text above does not end one), else as a paragraph of its own.
fn append_value(value: &mut Value, more: &str) {
    let more = fold_ws(more);
    if more.is_empty() {
        return;
    }
    if value.is_empty() {
        *value = text_value(&more);
        return;
    }
    let above = value.plain();
    let inline = starts_lower(&more) || !ends_terminal(&above);
    let mut paras = match std::mem::take(value) {
        Value::Text(r) => r.into_paras(),
        other => Rich::from_text(&other.plain()).into_paras(),
    };
    match paras.last_mut() {
        Some(last) if inline => last.runs.push(Run {
            text: format!(" {more}"),
            bold: false,
        }),
        _ => paras.push(Para::plain_run(more)),
    }
    *value = Value::Text(Rich::from_paras(paras));
}

/// The fixtures in `fixtures/layouts/` (`export_*`, `cards_*`) are made up, in the shapes
/// published plans take when they come out of a planning system or were kept as cards:
/// Word and PDF exports with a process heading, a risk title and description, then
/// "Riskvärde: 12 (Sannolikhet: 3, Konsekvens: 4)", "Kategori", and controls as
/// "Kontrollmoment / Metod / Ansvarig / Frekvens / Rapporteras" with "Status / Kommentar"
/// (as in municipal plans exported from Stratsys, e.g. Mellerud's "Intern kontrollplan År:
/// 2019", and Stockholm's card-per-risk plans: title, "Beskrivning av risk", "Riskansvarig",
/// "Granskning"); two columns of label and value (Hypergene-style report tables, and a CSV
/// of `label;value`); key/value blocks separated by blank lines or by a repeated first
/// label; labels side by side in one table row.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text::read_str;

    fn fixture(name: &str) -> String {
        let path = format!("{}/fixtures/layouts/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn a_card_listing_its_control_before_its_risk_is_one_card() {
        let rows = read_str(
            "Utförare: Ekonom\nKontrollmoment: Attestkontroll\nSannolikhet: 3\n\
             Riskområde: Felaktiga utbetalningar\nStatus: Pågående\n\n\
             Utförare: Controller\nKontrollmoment: Stickprov\nSannolikhet: 2\n\
             Riskområde: Jäv\nStatus: Genomförd\n\n\
             Utförare: Rektor\nKontrollmoment: Loggkontroll\nStatus: Ej påbörjad\n",
        );
        let t = find_cards(&rows).expect("cards");
        assert_eq!(t.rows.len(), 3);
        let col = |h: &str| t.headers.iter().position(|x| x == h).expect(h);
        let (risk, control) = (col("Riskområde"), col("Kontrollmoment"));
        let cell = |r: usize, c: usize| t.rows[r].cells[c].value.plain();
        assert_eq!(cell(0, risk), "Felaktiga utbetalningar");
        assert_eq!(cell(0, control), "Attestkontroll");
        assert_eq!(cell(1, risk), "Jäv");
        assert_eq!(cell(1, control), "Stickprov");
        assert_eq!(cell(2, control), "Loggkontroll");
        let s = col("Sannolikhet");
        assert_eq!((cell(0, s), cell(1, s)), ("3".into(), "2".into()));
    }

    #[test]
    fn abbreviated_labels_with_a_full_stop_are_labels_not_sentences() {
        assert_eq!(label_text("Sann.:").as_deref(), Some("Sann."));
        assert_eq!(label_text("Ansv.").as_deref(), Some("Ansv."));
        assert_eq!(label_text("Sannolikh.:").as_deref(), Some("Sannolikh."));
        // A sentence still ends with its full stop.
        assert_eq!(label_text("Stickprov görs varje månad."), None);
        let rows = read_str(
            "Vad kan gå fel?\tFelaktiga utbetalningar\nSann.:\t4\nKons.:\t3\n\
             Kontrollmoment:\tAttestkontroll\nAnsv.:\tEkonom\n\n\
             Vad kan gå fel?\tJäv\nSann.:\t2\nKons.:\t5\n\
             Kontrollmoment:\tStickprov\nAnsv.:\tController\n",
        );
        let t = find_cards(&rows).expect("cards");
        assert_eq!(
            t.headers,
            [
                "Vad kan gå fel?",
                "Sann.",
                "Kons.",
                "Kontrollmoment",
                "Ansv."
            ]
        );
        assert_eq!(t.rows.len(), 2);
    }

    #[test]
    fn a_counted_control_label_numbers_its_control_and_the_head_stays_the_documents() {
        let rows = read_str(
            "Uppföljning av intern kontroll 2021 - delår\nDatum: 2021-09-01\n\n\
             Risk: Felaktiga utbetalningar\nKontrollmoment 1: Stickprov av fakturor\n\
             Ansvarig: Ekonom\nStatus: Genomförd\nKontrollmoment 2: Avstämning av konton\n\
             Ansvarig: Controller\nStatus: Pågående\n",
        );
        let t = find_cards(&rows).expect("cards");
        assert!(!t.headers.iter().any(|h| h == "Datum"), "{:?}", t.headers);
        let nr = t
            .headers
            .iter()
            .position(|h| h == "Kontrollnummer")
            .expect("the controls' numbers");
        let numbers: Vec<String> = t
            .rows
            .iter()
            .map(|r| r.cells.get(nr).map(|c| c.value.plain()).unwrap_or_default())
            .collect();
        assert_eq!(numbers, ["1", "2"]);
        // The title and the date are lines left to the layout (the document's head).
        assert!(
            !t.lines.contains(&1) && !t.lines.contains(&2),
            "{:?}",
            t.lines
        );
    }

    fn cards(name: &str) -> (Vec<Row>, CardTable) {
        let rows = read_str(&fixture(name));
        let t = find_cards(&rows).unwrap_or_else(|| panic!("{name}: no cards"));
        assert_ledger(&rows, &t);
        (rows, t)
    }

    /// Every filled cell of a consumed line is in one output cell or is a label.
    fn assert_ledger(rows: &[Row], t: &CardTable) {
        let read: u32 = rows
            .iter()
            .filter(|r| t.lines.contains(&r.line))
            .map(|r| match &r.kind {
                RowKind::Cells(c) => filled_cells(c),
                RowKind::Text { text, .. } => u32::from(!text.trim().is_empty()),
            })
            .sum();
        let placed: u32 = t.rows.iter().map(|r| r.source_cells).sum::<u32>() + t.label_cells;
        let dump = || {
            let mut out = format!("{:?}, {} label cells\n", t.headers, t.label_cells);
            for r in rows {
                let mark = if t.lines.contains(&r.line) { '*' } else { ' ' };
                out.push_str(&format!("{:3}{mark} {:?}\n", r.line, r.kind));
            }
            for r in &t.rows {
                let cells: Vec<String> = r.cells.iter().map(|c| c.value.plain()).collect();
                out.push_str(&format!(
                    "{}-{} ({}) {cells:?}\n",
                    r.first_line, r.last_line, r.source_cells
                ));
            }
            out
        };
        assert_eq!(read, placed, "{}", dump());
        for r in &t.rows {
            assert_eq!(r.cells.len(), t.headers.len());
            let own = r
                .cells
                .iter()
                .filter(|c| !c.merged && !c.value.is_empty())
                .count() as u32;
            assert!(own <= r.source_cells, "{r:?}");
        }
    }

    /// The text of a row's cell under a header.
    fn cell(t: &CardTable, row: usize, header: &str) -> String {
        let col = t
            .headers
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no header {header}: {:?}", t.headers));
        t.rows[row].cells[col].value.plain()
    }

    #[test]
    fn sentences_under_a_controls_short_value_are_its_result_or_description() {
        let follow_up = "1. Attest\nKontrollmoment: Attest av fakturor\nAnsvarig: Ekonomichef\n\
                         Stickprov på 40 fakturor. Två saknade attest.\nStatus: Genomförd\n\
                         2. Delegation\nKontrollmoment: Anmälan av beslut\nAnsvarig: Kanslichef\n\
                         Samtliga beslut har anmälts.\nStatus: Genomförd\n";
        let t = find_cards(&read_str(follow_up)).expect("cards");
        assert_eq!(cell(&t, 0, "Ansvarig"), "Ekonomichef");
        assert_eq!(
            cell(&t, 0, "Resultat"),
            "Stickprov på 40 fakturor. Två saknade attest."
        );
        assert_eq!(cell(&t, 1, "Resultat"), "Samtliga beslut har anmälts.");
        let plan = "1. Attest\nKontrollmoment: Attest av fakturor\nFrekvens: Halvår\n\
                    Ansvarig: Ekonomichef\nStickprov på 40 fakturor per halvår.\n\
                    2. Delegation\nKontrollmoment: Anmälan av beslut\nFrekvens: Årligen\n\
                    Ansvarig: Kanslichef\n";
        let t = find_cards(&read_str(plan)).expect("cards");
        assert_eq!(cell(&t, 0, "Ansvarig"), "Ekonomichef");
        assert_eq!(
            cell(&t, 0, "Kontrollbeskrivning"),
            "Stickprov på 40 fakturor per halvår."
        );
    }

    #[test]
    fn a_labelled_risk_title_ending_in_its_numbers_gives_them() {
        let text = "Risk 1: Avgifter debiteras fel (riskvärde 12)\n\
                    Kontrollmoment: Stickprov av avgiftsbeslut\nStatus: Klar\n\n\
                    Risk 2: Brister i läkemedelshanteringen (S3 K4)\nRiskvärde: 12\n\
                    Kontrollmoment: Egenkontroll av förråd\nStatus: Påbörjad\n";
        // (One line gives the number, the title and the numbers: no ledger of cells.)
        let t = find_cards(&read_str(text)).expect("cards");
        assert_eq!(t.rows.len(), 2, "{:?}", t.headers);
        let title = t
            .headers
            .iter()
            .position(|h| {
                role_of(h) == Role::RiskTitelBeskrivning || role_of(h) == Role::Riskomrade
            })
            .expect("a title column");
        assert_eq!(
            t.rows[0].cells[title].value.plain(),
            "Avgifter debiteras fel"
        );
        assert_eq!(cell(&t, 0, "Riskvärde"), "riskvärde 12");
        assert_eq!(
            t.rows[1].cells[title].value.plain(),
            "Brister i läkemedelshanteringen"
        );
        // The card's own line of numbers stands for the bracket's.
        assert_eq!(cell(&t, 1, "Riskvärde"), "12");
    }

    fn roles(t: &CardTable) -> Vec<Role> {
        t.headers.iter().map(|h| role_of(h)).collect()
    }

    #[test]
    fn descriptions_after_blank_lines_and_a_risk_without_controls() {
        let (_, t) = cards("export_stratsys_blankrader.txt");
        assert_eq!(t.rows.len(), 3);
        // The sentence after the value's blank line describes the risk; no risk of its own.
        assert_eq!(cell(&t, 0, "Riskområde"), "Felaktig kontering");
        assert!(cell(&t, 0, "Riskbeskrivning").starts_with("Kostnader bokförs"));
        assert_eq!(cell(&t, 1, "Riskområde"), "Sena leverantörsbetalningar");
        assert!(cell(&t, 1, "Riskbeskrivning").starts_with("Fakturor betalas"));
        assert_eq!(cell(&t, 1, "Kontroll"), "");
        // The next process heads what follows, not the risk without controls above it.
        assert_ne!(cell(&t, 1, "Process"), "Personal");
        assert_eq!(cell(&t, 2, "Process"), "Personal");
        assert_eq!(cell(&t, 2, "Kontroll"), "Uppföljning av skyddsronder");
    }

    #[test]
    fn stratsys_hierarchy_with_process_headings() {
        let (_, t) = cards("export_stratsys_hierarki.txt");
        assert_eq!(
            t.headers,
            [
                "Process",
                "Riskområde",
                "Riskbeskrivning",
                "Riskvärde",
                "Kategori",
                "Kontrollmoment",
                "Metod",
                "Ansvarig",
                "Frekvens",
                "Rapporteras",
                "Status",
                "Kommentar",
            ]
        );
        assert_eq!(t.rows.len(), 4);
        assert_eq!(cell(&t, 0, "Process"), "Ekonomiadministration");
        assert_eq!(
            cell(&t, 0, "Riskområde"),
            "Felaktiga utbetalningar till leverantörer"
        );
        assert_eq!(
            cell(&t, 0, "Riskvärde"),
            "12 (Sannolikhet: 3, Konsekvens: 4)"
        );
        assert_eq!(
            cell(&t, 1, "Kontrollmoment"),
            "Kontroll av dubbelbetalningar"
        );
        // The second control of a risk leaves the risk's cells blank: a merged group.
        assert_eq!(cell(&t, 1, "Riskområde"), "");
        assert_eq!(cell(&t, 1, "Process"), "");
        // The second risk under the same heading holds a copy of it.
        assert_eq!(cell(&t, 2, "Process"), "Ekonomiadministration");
        assert!(t.rows[2].cells[0].merged);
        assert_eq!(cell(&t, 3, "Process"), "Personal");
        assert!(!t.rows[3].cells[0].merged);
        assert_eq!(cell(&t, 3, "Status"), "Genomförd");
        // The document's title lines stay outside the cards.
        assert!(!t.lines.contains(&1) && !t.lines.contains(&3));
        assert_eq!(role_of("Rapporteras"), Role::Okand);
    }

    #[test]
    fn two_columns_and_risk_value_in_words() {
        let (_, t) = cards("export_hypergene_tva_kolumner.txt");
        assert_eq!(
            t.headers,
            [
                "Process",
                "Riskområde",
                "Riskbeskrivning",
                "Riskvärde",
                "Riskkategori",
                "Kontroll",
                "Metod",
                "Ansvarig",
                "Frekvens",
                "Status",
                "Resultat",
                "Bedömning",
            ]
        );
        assert_eq!(
            roles(&t),
            [
                Role::Process,
                Role::Riskomrade,
                Role::Riskbeskrivning,
                Role::Riskvarde,
                Role::Kategori,
                Role::Kontroll,
                Role::Metod,
                Role::Ansvarig,
                Role::Frekvens,
                Role::Status,
                Role::Resultat,
                Role::Kontrollbedomning,
            ]
        );
        assert_eq!(t.rows.len(), 4);
        assert_eq!(
            cell(&t, 0, "Riskvärde"),
            "Sannolikhet 3 Konsekvens 2 Riskvärde 6"
        );
        assert_eq!(cell(&t, 1, "Bedömning"), "Inga brister");
        assert_eq!(cell(&t, 2, "Process"), "Myndighetsutövning");
        assert_eq!(cell(&t, 3, "Process"), "Ekonomi");
        assert_eq!(
            cell(&t, 3, "Riskområde"),
            "Felaktig hantering av privata medel"
        );
        assert!(t.label_cells > 0);
        assert!(t.note.contains("två kolumner"), "{}", t.note);
    }

    #[test]
    fn key_value_cards_separated_by_blank_lines() {
        let (_, t) = cards("cards_nyckel_varde_block.txt");
        assert_eq!(t.rows.len(), 3);
        assert_eq!(
            t.headers,
            [
                "Riskområde",
                "Riskbeskrivning",
                "Sannolikhet",
                "Konsekvens",
                "Riskvärde",
                "Kontrollmoment",
                "Ansvarig",
                "Frekvens",
                "Enhet",
                "Status",
                "Kommentar",
            ]
        );
        assert_eq!(role_of("Enhet"), Role::Okand);
        assert_eq!(cell(&t, 1, "Riskområde"), "Säkerhet vid arrangemang");
        assert_eq!(cell(&t, 1, "Konsekvens"), "5");
        assert_eq!(cell(&t, 2, "Enhet"), "Fritidsenheten");
        assert_eq!(cell(&t, 2, "Kommentar"), "Inga differenser.");
        assert_eq!(t.label_cells, 0);
        assert!(!t.lines.contains(&1));
    }

    #[test]
    fn labels_on_their_own_line_and_wrapped_values() {
        let (_, t) = cards("export_pdf_etikett_rad.txt");
        assert_eq!(t.rows.len(), 4);
        assert_eq!(
            cell(&t, 0, "Kontrollmoment"),
            "Jämförelse mellan underhållsplan och utfört underhåll"
        );
        assert_eq!(
            cell(&t, 0, "Kommentar"),
            "Underhållsplanen är uppdaterad för 2025. Utfallet per fastighet sammanställs inför bokslutet."
        );
        assert_eq!(cell(&t, 0, "Process"), "Fastighetsförvaltning");
        assert_eq!(cell(&t, 2, "Riskområde"), "");
        assert_eq!(
            cell(&t, 2, "Kontrollmoment"),
            "Uppföljning av åtgärder efter tillsyn från räddningstjänsten"
        );
        assert_eq!(cell(&t, 3, "Process"), "Gata och park");
        assert_eq!(cell(&t, 3, "Kategori"), "Medborgare");
        assert!(!t.lines.contains(&1) && !t.lines.contains(&2));
    }

    #[test]
    fn pairs_side_by_side_in_a_word_export() {
        let (_, t) = cards("export_word_sida_vid_sida.txt");
        assert_eq!(
            t.headers,
            [
                "Process",
                "Riskområde",
                "Riskbeskrivning",
                "Sannolikhet",
                "Konsekvens",
                "Riskvärde",
                "Kategori",
                "Kontrollmoment",
                "Metod",
                "Ansvarig",
                "Frekvens",
                "Status",
                "Kommentar",
            ]
        );
        assert_eq!(t.rows.len(), 4);
        assert_eq!(cell(&t, 0, "Process"), "Styrning och ledning");
        assert_eq!(
            cell(&t, 0, "Riskområde"),
            "Bristande efterlevnad av delegationsordningen"
        );
        assert_eq!(cell(&t, 0, "Riskvärde"), "12");
        assert_eq!(cell(&t, 0, "Frekvens"), "Halvår");
        assert_eq!(cell(&t, 1, "Frekvens"), "Varje sammanträde");
        assert_eq!(cell(&t, 1, "Kommentar"), "");
        assert_eq!(cell(&t, 2, "Process"), "Styrning och ledning");
        assert!(t.rows[2].cells[0].merged);
        assert_eq!(cell(&t, 3, "Process"), "Ekonomi");
        assert_eq!(cell(&t, 3, "Kommentar"), "Inga avvikelser.");
        assert!(!t.lines.contains(&1) && !t.lines.contains(&3));
    }

    #[test]
    fn cards_split_by_a_repeated_first_label() {
        let (_, t) = cards("cards_upprepad_etikett.txt");
        assert_eq!(
            t.headers,
            [
                "Nr",
                "Riskområde",
                "Kontroll",
                "Ansvarig",
                "Frekvens",
                "Status",
                "Kommentar"
            ]
        );
        assert_eq!(t.rows.len(), 3);
        assert_eq!(cell(&t, 1, "Nr"), "2");
        assert_eq!(
            cell(&t, 1, "Kommentar"),
            "Tre av tjugo reseräkningar saknade kvitton."
        );
        assert_eq!(cell(&t, 2, "Kommentar"), "");
        assert_eq!(t.label_cells, 19);
    }

    #[test]
    fn csv_with_label_and_value_columns() {
        let bytes = fixture("cards_tva_kolumner.csv");
        let source =
            crate::read::read_bytes(bytes.as_bytes(), "cards_tva_kolumner.csv").expect("readable");
        let rows = &source.sheets[0].rows;
        let t = find_cards(rows).expect("cards");
        assert_ledger(rows, &t);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.headers[0], "Process");
        assert_eq!(cell(&t, 0, "Riskområde"), "Läkemedelshantering");
        assert_eq!(
            cell(&t, 1, "Kontrollmoment"),
            "Kontroll av signeringslistor"
        );
        assert_eq!(cell(&t, 1, "Riskområde"), "");
        assert_eq!(cell(&t, 2, "Process"), "Hemtjänst");
        assert_eq!(cell(&t, 2, "Uppföljning"), "Delår och helår");
        assert_eq!(role_of("Uppföljning"), Role::UppfoljningNar);
    }

    #[test]
    fn seeds_are_not_cards() {
        let dir = format!("{}/fixtures/seeds", env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).expect("seeds") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).expect("text");
                assert_eq!(find_cards(&read_str(&text)), None, "{path:?}");
                n += 1;
            }
        }
        assert!(n >= 4);
    }

    /// No bundled grid, in any format, is read as cards.
    #[test]
    fn bundled_grids_are_not_cards() {
        let root = format!("{}/fixtures", env!("CARGO_MANIFEST_DIR"));
        let mut sheets = 0;
        for dir in ["seeds", "formats", "quirks", "office-made", "rules"] {
            for entry in std::fs::read_dir(format!("{root}/{dir}")).expect("fixtures") {
                let path = entry.expect("entry").path();
                let name = path
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                let Ok(source) = crate::read::read_path(&path, &name) else {
                    continue;
                };
                for sheet in &source.sheets {
                    sheets += 1;
                    let t = find_cards(&sheet.rows);
                    assert!(t.is_none(), "{dir}/{name}: {:?}", t.map(|t| t.note));
                }
            }
        }
        assert!(sheets > 60, "{sheets}");
    }

    /// A follow-up cell merged down over two controls of a grid under a risk's card is the
    /// result of both; its copy is no source cell of its own.
    #[test]
    fn a_comment_merged_down_over_two_controls_is_each_ones() {
        let text = "Risk: Kränkande behandling anmäls inte
Riskvärde: 6

                    Kontrollmoment\tAnsvarig\tStatus\tKommentar
                    Jämförelse av rapporter mot anmälningar\tRektor\tGenomförd\tAnmälan saknades i fyra fall.
                    Kontroll av att utredningar påbörjas\tRektor\tGenomförd\t-

                    Risk: Felaktig ersättning för tilläggsbelopp
Riskvärde: 9

                    Kontrollmoment\tAnsvarig\tStatus\tKommentar
                    Granskning av beslut\tController\tPågående\tHälften är granskade.
";
        let mut rows = read_str(text);
        // The second control's Kommentar cell continues the one above (Word's vMerge).
        let merged = rows
            .iter_mut()
            .find_map(|r| match &mut r.kind {
                RowKind::Cells(c) if c.len() == 4 && c[3].value.plain() == "-" => Some(&mut c[3]),
                _ => None,
            })
            .expect("row");
        *merged = Cell {
            value: Value::Text(Rich::from_text("Anmälan saknades i fyra fall.")),
            merged: true,
        };
        let t = find_cards(&rows).expect("cards");
        assert_ledger(&rows, &t);
        assert_eq!(cell(&t, 0, "Kommentar"), "Anmälan saknades i fyra fall.");
        assert_eq!(
            cell(&t, 1, "Kontrollmoment"),
            "Kontroll av att utredningar påbörjas"
        );
        assert_eq!(cell(&t, 1, "Kommentar"), "Anmälan saknades i fyra fall.");
        assert_eq!(cell(&t, 2, "Kommentar"), "Hälften är granskade.");
    }

    #[test]
    fn a_grid_with_label_cells_is_not_cards() {
        let grid = "Riskområde\tKontroll\tAnsvarig\tStatus\n\
                    Hot och våld\tTillbudsrapporter\tRektor\tStatus: Pågående\n\
                    Brand\tBrandrond\tVaktmästare\tGenomförd\n\
                    Ekonomi\tAttest\tEkonomichef\tEj påbörjad\n";
        assert_eq!(find_cards(&read_str(grid)), None);
        // A title page of facts ("Datum: …") above a grid neither.
        let facts = "Nämnd: Socialnämnden\nDatum: 2024-03-21\nDiarienummer: 2024SOCN18\n\
                     Status: Antagen\nAnsvarig: Förvaltningschef\n\n"
            .to_string()
            + grid;
        assert_eq!(find_cards(&read_str(&facts)), None);
        // One card is not enough evidence.
        let one = "Riskområde: Hot\nKontroll: Tillbud\nAnsvarig: Rektor\nStatus: Pågående\n\
                   Frekvens: Årligen\nMetod: Stickprov\n";
        assert_eq!(find_cards(&read_str(one)), None);
    }

    /// Markdown headings without blank lines (process, then risk), and labels alone on
    /// their line with the value on the next.
    #[test]
    fn headings_and_labels_alone() {
        let text = "## Ekonomi\n### Felaktiga utbetalningar\nRisk för dubbelbetalning.\n\
                    Kontrollmoment\nStickprov på fakturor\nAnsvarig\nEkonomichef\n\
                    Status\nPågående\n### Avtalstrohet\nKontrollmoment\nInköpsanalys\n\
                    Ansvarig\nUpphandlare\nStatus\nGenomförd\n";
        let rows = read_str(text);
        let t = find_cards(&rows).expect("cards");
        assert_ledger(&rows, &t);
        assert_eq!(
            t.headers,
            [
                "Process",
                "Riskområde",
                "Riskbeskrivning",
                "Kontrollmoment",
                "Ansvarig",
                "Status"
            ]
        );
        assert_eq!(t.rows.len(), 2);
        assert_eq!(cell(&t, 0, "Process"), "Ekonomi");
        assert_eq!(cell(&t, 0, "Riskbeskrivning"), "Risk för dubbelbetalning.");
        assert_eq!(cell(&t, 1, "Riskområde"), "Avtalstrohet");
        assert_eq!(cell(&t, 1, "Process"), "Ekonomi");
        assert!(t.rows[1].cells[0].merged);
        assert_eq!(cell(&t, 1, "Ansvarig"), "Upphandlare");
        assert_eq!(t.label_cells, 6);
    }

    /// A heading that is a label the vocabulary knows is read as one; others stay headings.
    #[test]
    fn heading_with_a_label() {
        let text = "# Plan: 2024\n\n## Process: Ekonomi\n\nAttest\nKontrollmoment: Stickprov\n\
                    Ansvarig: Ekonomichef\nStatus: Pågående\n\nInköp\n\
                    Kontrollmoment: Avtalstrohet\nAnsvarig: Upphandlare\nStatus: Genomförd\n";
        let rows = read_str(text);
        let t = find_cards(&rows).expect("cards");
        assert_ledger(&rows, &t);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(cell(&t, 0, "Process"), "Ekonomi");
        assert_eq!(cell(&t, 1, "Process"), "Ekonomi");
        assert_eq!(cell(&t, 1, "Riskområde"), "Inköp");
        assert!(!t.lines.contains(&1));
        assert!(t.note.contains("2 rader med minst 3"), "{}", t.note);
    }

    /// Cards without blank lines: a short line right above a label read again is the
    /// next risk's title, a line in lower case the rest of the value above.
    #[test]
    fn titles_without_blank_lines() {
        let text = "Hot och våld\nKontrollmoment: Tillbud\nAnsvarig: Rektor\n\
                    Kommentar: Rapporterna gås igenom\nvarje månad.\nStatus: Pågående\n\
                    Brand\nKontrollmoment: Brandrond\nAnsvarig: Vaktmästare\nStatus: Klar\n";
        let rows = read_str(text);
        let t = find_cards(&rows).expect("cards");
        assert_ledger(&rows, &t);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(cell(&t, 0, "Status"), "Pågående");
        assert_eq!(
            cell(&t, 0, "Kommentar"),
            "Rapporterna gås igenom varje månad."
        );
        assert_eq!(cell(&t, 1, "Riskområde"), "Brand");
    }

    /// A title line above a risk's number is the title; a heading above a card whose
    /// title is a label is a process.
    #[test]
    fn title_lines_above_numbers_and_title_labels() {
        let numbered = "Felaktiga utbetalningar\nNr: 3\nRiskvärde: 12\nKontrollmoment: Stickprov\n\
                        Ansvarig: Ekonomichef\nStatus: Pågående\n\nBrand\nNr: 4\nRiskvärde: 6\n\
                        Kontrollmoment: Brandrond\nAnsvarig: Vaktmästare\nStatus: Klar\n";
        let rows = read_str(numbered);
        let t = find_cards(&rows).expect("cards");
        assert_ledger(&rows, &t);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(cell(&t, 0, "Riskområde"), "Felaktiga utbetalningar");
        assert_eq!(cell(&t, 1, "Nr"), "4");
        assert!(!t.headers.contains(&"Process".to_string()));
        let titled = "Ekonomi\nKontroll: Attest\nRiskområde: Fakturor\nAnsvarig: A\nStatus: Klar\n\n\
                      Personal\nKontroll: Lön\nRiskområde: Löner\nAnsvarig: B\nStatus: Klar\n";
        let rows = read_str(titled);
        let t = find_cards(&rows).expect("cards");
        assert_ledger(&rows, &t);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(cell(&t, 0, "Process"), "Ekonomi");
        assert_eq!(cell(&t, 1, "Process"), "Personal");
        assert_eq!(cell(&t, 1, "Riskområde"), "Löner");
    }

    /// Labels in a bulleted list.
    #[test]
    fn bulleted_labels() {
        let text = "Hot och våld\n- Kontrollmoment: Tillbud\n- Ansvarig: Rektor\n• Status: Pågående\n\n\
                    Brand\n- Kontrollmoment: Brandrond\n- Ansvarig: Vaktmästare\n• Status: Klar\n";
        let rows = read_str(text);
        let t = find_cards(&rows).expect("cards");
        assert_ledger(&rows, &t);
        assert_eq!(
            t.headers,
            ["Riskområde", "Kontrollmoment", "Ansvarig", "Status"]
        );
        assert_eq!(cell(&t, 1, "Status"), "Klar");
    }

    /// A document's facts above the cards and a signature below them are left out.
    #[test]
    fn facts_above_and_signature_below_are_left_out() {
        let text = "Nämnd: Socialnämnden\nDatum: 2024-03-21\nAnsvarig: Förvaltningschef\n\n\
                    Hot och våld\nKontrollmoment: Tillbud\nAnsvarig: Rektor\nStatus: Pågående\n\n\
                    Brand\nKontrollmoment: Brandrond\nAnsvarig: Vaktmästare\nStatus: Klar\n\n\
                    Ansvarig: Anna Andersson\nDatum: 2024-03-22\n";
        let rows = read_str(text);
        let t = find_cards(&rows).expect("cards");
        assert_ledger(&rows, &t);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.lines, (5..=8).chain(10..=13).collect::<Vec<u32>>());
        assert!(!t.headers.contains(&"Nämnd".to_string()));
    }

    /// Any mix of card lines, plain lines, headings and grid rows: no panic, and when the
    /// sheet is read as cards every filled cell of a consumed line is accounted for.
    #[test]
    fn any_mix_keeps_the_ledger() {
        let pool = [
            "Riskområde: Hot och våld",
            "Riskbeskrivning: Risk för hot.",
            "Kontrollmoment: Stickprov",
            "Kontroll\tGranskning",
            "Ansvarig: Rektor",
            "Ansvarig\tEnhetschef",
            "Status: Pågående",
            "Kommentar: Arbetet pågår.",
            "Process\tEkonomi",
            "Process: Personal",
            "Sannolikhet 3 Konsekvens 2 Riskvärde 6",
            "Riskvärde: 6 (Sannolikhet: 3, Konsekvens: 2)",
            "Sannolikhet 3",
            "Enhet: Fritid",
            "Kontrollmoment:",
            "Kontrollmoment",
            "Metod",
            "ett värde på raden",
            "Felaktiga utbetalningar",
            "Ett längre stycke som slutar med en punkt och har många ord i sig.",
            "",
            "",
            "## Ekonomi",
            "### Brand",
            "a\tb\tc",
            "Nr:\t1",
            "Datum: 2024-01-01",
            "Status:\t",
            "\tensam",
            "1\tHot",
            "Ansvarig\tRektor\tFrekvens\tÅrligen",
            "Status\tPågående\tKommentar\t",
            "Risk\tKontroll\tStatus",
        ];
        let mut rng = crate::test_rng(0xca4d5);
        let mut found = 0;
        for _ in 0..2_500 {
            let n = 5 + (rng() % 40) as usize;
            let text: Vec<&str> = (0..n)
                .map(|_| pool[(rng() % pool.len() as u64) as usize])
                .collect();
            let rows = read_str(&text.join("\n"));
            if let Some(t) = find_cards(&rows) {
                assert_ledger(&rows, &t);
                found += 1;
            }
        }
        assert!(found > 100, "{found}");
    }

    /// The table as the layout would hold it (a sketch of the wiring): lines not consumed
    /// as prose, the cards as one table whose rows with blank risk cells are merged
    /// groups, label cells counted as header cells.
    /// The cards' sheet laid out as the pipeline does it.
    fn as_layout(rows: &[Row], _t: &CardTable) -> crate::layout::Layout {
        crate::layout::layout_owned(crate::read::Source {
            file: "kort.txt".to_string(),
            format: crate::read::Format::Text,
            sheets: vec![crate::read::Sheet {
                name: None,
                hidden: false,
                rows: rows.to_vec(),
            }],
            notices: Vec::new(),
        })
    }

    /// Wired as a table, the cards give the model: risks with their controls, factors read
    /// from the riskvärde, statuses mapped, unknown labels in extra, the ledger whole.
    #[test]
    fn cards_assemble_into_the_model() {
        use crate::model::{Assessment, Status};
        use crate::normalize::assemble::{Options, assemble_counted};
        for (name, risks, controls) in [
            ("export_stratsys_hierarki.txt", 3, 4),
            ("export_hypergene_tva_kolumner.txt", 3, 4),
            ("cards_nyckel_varde_block.txt", 3, 3),
            ("export_pdf_etikett_rad.txt", 3, 4),
            ("export_word_sida_vid_sida.txt", 3, 4),
            ("cards_upprepad_etikett.txt", 3, 3),
            ("cards_tva_kolumner.csv", 2, 3),
        ] {
            let (rows, t) = if name.ends_with(".csv") {
                let source =
                    crate::read::read_bytes(fixture(name).as_bytes(), name).expect("readable");
                let rows = source.sheets.into_iter().next().expect("a sheet").rows;
                let t = find_cards(&rows).expect("cards");
                (rows, t)
            } else {
                cards(name)
            };
            let mut layout = as_layout(&rows, &t);
            let laid_out = layout.sheets[0].header_cells;
            assert_eq!(
                laid_out, t.label_cells,
                "{name}: the labels are the header cells"
            );
            let a = assemble_counted(&mut layout, &Options::default());
            let read: u32 = rows
                .iter()
                .map(|r| match &r.kind {
                    RowKind::Cells(c) => filled_cells(c),
                    RowKind::Text { text, .. } => u32::from(!text.trim().is_empty()),
                })
                .sum();
            assert_eq!(a.placed[0] + t.label_cells, read, "{name}: ledger");
            let risker: Vec<_> = a.documents.iter().flat_map(|d| &d.risker).collect();
            assert_eq!(risker.len(), risks, "{name}: {risker:#?}");
            let n: usize = risker.iter().map(|r| r.kontroller.len()).sum();
            assert_eq!(n, controls, "{name}");
            let first = &risker[0];
            assert!(!first.riskomrade.is_empty(), "{name}");
            assert!(!first.kontroller[0].kontroll.is_empty(), "{name}");
            assert!(
                first.kontroller[0].uppfoljningar[0].status.is_some(),
                "{name}: {:?}",
                first.kontroller[0].uppfoljningar
            );
            if name == "export_hypergene_tva_kolumner.txt" {
                assert_eq!(first.process.as_deref(), Some("Myndighetsutövning"));
                assert_eq!(
                    (first.sannolikhet, first.konsekvens, first.riskvarde),
                    (Some(3), Some(2), Some(6))
                );
                assert_eq!(first.kategori, ["Verksamhet"]);
                let u = &first.kontroller[0].uppfoljningar[0];
                assert_eq!(u.status, Some(Status::Genomford));
                assert_eq!(u.kontrollbedomning, Some(Assessment::MindreBrister));
                assert_eq!(risker[2].process.as_deref(), Some("Ekonomi"));
                assert_eq!(risker[1].process.as_deref(), Some("Myndighetsutövning"));
            }
            if name == "export_stratsys_hierarki.txt" {
                assert_eq!(first.kontroller.len(), 2);
                assert_eq!(
                    (first.sannolikhet, first.konsekvens, first.riskvarde),
                    (Some(3), Some(4), Some(12))
                );
                assert_eq!(first.process.as_deref(), Some("Ekonomiadministration"));
                assert_eq!(risker[1].process.as_deref(), Some("Ekonomiadministration"));
                let k = &first.kontroller[1];
                assert_eq!(k.kontroll, "Kontroll av dubbelbetalningar");
                assert_eq!(k.frekvens.as_deref(), Some("Månadsvis"));
                // "Rapporteras: Helår" says when it is reported (by its content).
                assert_eq!(k.uppfoljning_nar.as_deref(), Some("Helår"), "{k:?}");
            }
        }
    }

    #[test]
    fn appended_lines_join_sentences() {
        let mut v = text_value("Utfallet per fastighet");
        append_value(&mut v, "sammanställs i bokslutet.");
        append_value(&mut v, "Ny mening.");
        assert_eq!(
            v.plain(),
            "Utfallet per fastighet sammanställs i bokslutet.\nNy mening."
        );
    }
}
