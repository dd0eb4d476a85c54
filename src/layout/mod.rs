//! Layout: finds the tables in a sheet, the header row and each column's role, and each
//! row's role (data, repeated header, continuation of a cell split across a page, or a
//! member of a merged group whose risk cells were left blank).
//!
//! The result is format-blind: the same for text, CSV, Word and workbooks.

pub mod cards;
pub mod synonyms;

use crate::model::{Finding, Period};
use crate::normalize::number::parse_risk;
use crate::normalize::vocab::period_in;
use crate::read::{Cell, Format, Rich, Row, RowKind, Sheet, Source, Value};
use crate::rules::{Loc, finding};
pub use synonyms::{Combo, Level, Role};

/// The layout of one source file.
#[derive(Debug, Clone)]
pub struct Layout {
    pub file: String,
    pub format: Format,
    pub sheets: Vec<SheetLayout>,
    /// What reading the layout itself noticed (IK1xx).
    pub findings: Vec<Finding>,
}

/// The layout of one sheet: prose and tables in source order.
#[derive(Debug, Clone)]
pub struct SheetLayout {
    pub name: Option<String>,
    pub hidden: bool,
    pub items: Vec<Item>,
    /// Filled cells of the header rows (repeated ones too): they became column names.
    pub header_cells: u32,
}

/// A piece of a sheet.
#[derive(Debug, Clone)]
pub enum Item {
    /// A line of prose (or a table row outside any table, its cells joined).
    Prose {
        line: u32,
        text: String,
        heading: u8,
        /// The filled source cells joined into the text (1 for a line of text).
        cells: u32,
    },
    Table(Table),
}

/// One table: its header and its data rows, continuations already joined.
#[derive(Debug, Clone)]
pub struct Table {
    pub header_line: u32,
    pub columns: Vec<Column>,
    pub rows: Vec<TableRow>,
    /// Every row the layout looked at, with its role, for `inspect`.
    pub trace: Vec<(u32, RowRole)>,
}

/// A column of a table.
#[derive(Debug, Clone)]
pub struct Column {
    pub index: usize,
    /// The header as written (white space folded).
    pub header: String,
    pub role: Role,
    /// A period the header names ("Kommentar per delår 2022").
    pub period: Option<Period>,
    /// Why the role differs from what the wording alone says, for `inspect`.
    pub note: Option<&'static str>,
}

/// A data row, with the lines it spans after joining continuations.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub first_line: u32,
    pub last_line: u32,
    pub cells: Vec<Cell>,
    /// The risk cells are blank (merged in the source): the row belongs to the risk above.
    pub merged_group: bool,
    /// Filled source cells held by the row, those of joined continuation rows included
    /// (merged copies are not source cells).
    pub source_cells: u32,
}

/// What the layout decided a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRole {
    Header,
    Data,
    MergedGroup,
    RepeatedHeader,
    /// Joined into the data row that starts at the given line.
    Continuation(u32),
    Blank,
}

impl Table {
    pub fn has_role(&self, pred: impl Fn(Role) -> bool) -> bool {
        self.columns.iter().any(|c| pred(c.role))
    }

    /// A table that carries follow-up columns (status, assessment, result, new action).
    pub fn is_follow_up(&self) -> bool {
        self.has_role(|r| r.level() == synonyms::Level::FollowUp)
    }
}

/// Where rows of one sheet are, for findings.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub grid: bool,
}

impl Ctx<'_> {
    /// The location of a row (and a column, on grids).
    pub fn loc(&self, line: u32, col: Option<usize>) -> Loc {
        Loc {
            fil: self.file.to_string(),
            blad: self.sheet.map(str::to_string),
            cell: if self.grid {
                col.map(|c| a1(c, line))
            } else {
                None
            },
            rad: Some(line),
        }
    }
}

/// The A1 name of a 0-based column and 1-based row.
pub fn a1(col: usize, row: u32) -> String {
    // Without `format!` or a string for the letters: one per finding on a grid.
    let mut s = String::with_capacity(16);
    push_col_name(&mut s, col);
    s.push_str(itoa::Buffer::new().format(row));
    s
}

/// The letters of a 0-based column index (0 → A, 26 → AA).
pub fn col_name(col: usize) -> String {
    let mut s = String::new();
    push_col_name(&mut s, col);
    s
}

/// [`col_name`] added to `s`.
fn push_col_name(s: &mut String, col: usize) {
    let (letters, at) = col_letters(col);
    s.extend(letters[at..].iter().map(|&b| char::from(b)));
}

/// The letters of a 0-based column index without allocating: `letters[at..]`.
pub fn col_letters(col: usize) -> ([u8; 14], usize) {
    // At most 14 letters for a 64-bit index.
    let mut letters = [0u8; 14];
    let mut at = letters.len();
    let mut n = col + 1;
    while n > 0 {
        at -= 1;
        letters[at] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    (letters, at)
}

/// Finds the layout of every sheet of a source (a copy of it: see [`layout_owned`]).
pub fn layout(source: &Source) -> Layout {
    layout_owned(source.clone())
}

/// Finds the layout of every sheet of a source, moving its cells into the tables instead of
/// copying them (the pipeline's way: a large workbook is held once, not twice).
pub fn layout_owned(source: Source) -> Layout {
    let mut findings = Vec::new();
    let file = source.file;
    let format = source.format;
    let sheets = source
        .sheets
        .into_iter()
        .map(|sheet| {
            let name = sheet.name.clone();
            let ctx = Ctx {
                file: &file,
                sheet: name.as_deref(),
                grid: format.is_grid(),
            };
            // Page breaks that split cells exist where tables were laid out on pages.
            let paged = !format.is_grid();
            layout_sheet(sheet, &ctx, paged, &mut findings)
        })
        .collect::<Vec<_>>();
    no_table_finding(&file, &sheets, &mut findings);
    Layout {
        file,
        format,
        sheets,
        findings,
    }
}

/// IK108: a file in which no sheet has a table gives a document without risks. In a batch
/// over a shared folder that is usually a file that is not a plan (a cover letter, a
/// minute), or a plan laid out as prose.
fn no_table_finding(file: &str, sheets: &[SheetLayout], findings: &mut Vec<Finding>) {
    let any_table = sheets
        .iter()
        .any(|s| s.items.iter().any(|i| matches!(i, Item::Table(_))));
    if !any_table {
        findings.push(finding(
            "IK108",
            "Ingen tabell med risker eller kontroller hittades i filen; dokumentet blir utan \
             risker och filens text sparas som anteckningar"
                .to_string(),
            Loc {
                fil: file.to_string(),
                blad: None,
                cell: None,
                rad: None,
            },
            None,
        ));
    }
}

/// The header roles of a row, when the row is a header row.
fn header_roles(cells: &[Cell]) -> Option<Vec<Role>> {
    // A header row holds only text, and most of its cells name a field: give up as soon as
    // that can no longer hold (a data row usually fails on its first cells).
    // A first pass without allocating: a number, a date or a long text is never a header.
    let mut candidates = 0;
    for c in cells.iter().filter(|c| !c.merged) {
        match &c.value {
            Value::Empty => {}
            Value::Text(r) if r.is_empty() => {}
            Value::Text(r) if r.byte_len() > 480 => return None,
            Value::Text(_) => candidates += 1,
            _ => return None,
        }
    }
    if candidates < 2 {
        return None;
    }
    let mut known = 0;
    let mut unknown = 0;
    let mut structural = false;
    let mut roles = Vec::with_capacity(cells.len());
    for c in cells {
        if c.merged {
            // A copy of a merged cell says nothing new about the header.
            roles.push(Role::Okand);
            continue;
        }
        let role = match &c.value {
            Value::Empty => Role::Okand,
            Value::Text(r) => {
                let text = r.plain();
                if text.len() > 480 || text.chars().count() > 120 {
                    return None;
                }
                let role = synonyms::role_of(&text);
                if role == Role::Okand {
                    unknown += 1;
                    if unknown * 2 > candidates {
                        return None;
                    }
                } else {
                    known += 1;
                    structural |= matches!(role.level(), Level::Risk | Level::Control);
                }
                role
            }
            _ => return None,
        };
        roles.push(role);
    }
    (known >= 2 && structural).then_some(roles)
}

fn header_text(cell: &Cell) -> String {
    crate::normalize::text::fold_ws(&cell.value.plain())
}

struct Open {
    table: Table,
    roles: Vec<Role>,
    pending_break: bool,
}

fn layout_sheet(sheet: Sheet, ctx: &Ctx, paged: bool, findings: &mut Vec<Finding>) -> SheetLayout {
    let Sheet {
        name,
        hidden,
        mut rows,
    } = sheet;
    let mut items = Vec::new();
    let mut header_cells = 0;
    let mut open: Option<Open> = None;
    let close = |open: &mut Option<Open>, items: &mut Vec<Item>, findings: &mut Vec<Finding>| {
        if let Some(o) = open.take() {
            let mut table = o.table;
            refine_roles(&mut table);
            mark_merged_groups(&mut table);
            table_findings(&table, ctx, findings);
            items.push(Item::Table(table));
        }
    };
    let seen = seen_rows(&rows);
    for (index, seen) in seen.into_iter().enumerate() {
        let line = rows[index].line;
        let (roles, source_cells, used) = match seen {
            Seen::Blank => {
                if let Some(o) = open.as_mut() {
                    o.pending_break = true;
                    o.table.trace.push((line, RowRole::Blank));
                }
                continue;
            }
            Seen::Prose => {
                // A title, heading or paragraph merged across the sheet's width.
                close(&mut open, &mut items, findings);
                if let RowKind::Cells(cells) = &rows[index].kind {
                    items.push(prose_of_cells(line, cells));
                }
                continue;
            }
            Seen::Other {
                header,
                filled,
                used,
            } => (header, filled, used),
        };
        match std::mem::replace(&mut rows[index].kind, RowKind::Cells(Vec::new())) {
            RowKind::Text { text, heading } => {
                close(&mut open, &mut items, findings);
                items.push(Item::Prose {
                    line,
                    text,
                    heading,
                    cells: 1,
                });
            }
            RowKind::Cells(cells) => {
                if let Some(roles) = roles {
                    if let Some(o) = open.as_mut()
                        && same_header(&o.roles, &roles)
                    {
                        header_cells += source_cells;
                        o.pending_break = true;
                        o.table.trace.push((line, RowRole::RepeatedHeader));
                        findings.push(finding(
                            "IK102",
                            "Upprepad rubrikrad (sidbrytning) hoppades över".to_string(),
                            ctx.loc(line, Some(0)),
                            None,
                        ));
                        continue;
                    }
                    close(&mut open, &mut items, findings);
                    header_cells += source_cells;
                    let columns = cells
                        .iter()
                        .zip(&roles)
                        .enumerate()
                        .map(|(i, (c, r))| {
                            let header = header_text(c);
                            Column {
                                index: i,
                                period: period_in(&header),
                                header,
                                role: *r,
                                note: None,
                            }
                        })
                        .collect();
                    open = Some(Open {
                        table: Table {
                            header_line: line,
                            columns,
                            rows: Vec::new(),
                            trace: vec![(line, RowRole::Header)],
                        },
                        roles,
                        pending_break: false,
                    });
                    continue;
                }
                let Some(o) = open.as_mut() else {
                    items.push(prose_of_cells(line, &cells));
                    continue;
                };
                let mut cells = cells;
                // A value right of the last header is kept: its column has no header.
                while o.table.columns.len() < used {
                    let index = o.table.columns.len();
                    o.table.columns.push(Column {
                        index,
                        header: String::new(),
                        role: Role::Okand,
                        period: None,
                        note: None,
                    });
                    o.roles.push(Role::Okand);
                }
                let width = o.table.columns.len();
                if cells.len() < width {
                    cells.resize(width, Cell::default());
                }
                if o.pending_break
                    && paged
                    && let Some(prev) = o.table.rows.last_mut()
                    && is_continuation(&o.roles, &prev.cells, &cells)
                {
                    join_continuation(prev, &cells, line);
                    prev.source_cells += source_cells;
                    o.table
                        .trace
                        .push((line, RowRole::Continuation(prev.first_line)));
                    findings.push(finding(
                        "IK103",
                        format!(
                            "Raden fogades till raden ovanför (rad {}) som fortsättning på celler som delats av en sidbrytning",
                            prev.first_line
                        ),
                        ctx.loc(line, Some(0)),
                        None,
                    ));
                    o.pending_break = false;
                    continue;
                }
                if o.pending_break && !paged && is_note_row(&cells, width) {
                    close(&mut open, &mut items, findings);
                    items.push(prose_of_cells(line, &cells));
                    continue;
                }
                o.pending_break = false;
                o.table.trace.push((line, RowRole::Data));
                o.table.rows.push(TableRow {
                    first_line: line,
                    last_line: line,
                    cells,
                    merged_group: false,
                    source_cells,
                });
            }
        }
    }
    close(&mut open, &mut items, findings);
    SheetLayout {
        name,
        hidden,
        items,
        header_cells,
    }
}

/// What a row is, as far as it can be told from the row and the rows after it.
enum Seen {
    Blank,
    /// A title, heading or paragraph (see [`is_spanning_text`], [`is_lone_text_before_break`]).
    Prose,
    /// A line of text, a header (`header`: its roles) or a row of data.
    Other {
        header: Option<Vec<Role>>,
        /// [`filled_cells`].
        filled: u32,
        /// The width up to the last filled cell.
        used: usize,
    },
}

/// [`Seen`] of every row, told apart on every worker: it depends only on the row and the
/// rows after it (a large sheet's rows were looked at one after another, its cells brought
/// from memory on one core).
fn seen_rows(rows: &[Row]) -> Vec<Seen> {
    use rayon::prelude::*;
    (0..rows.len())
        .into_par_iter()
        .with_min_len(1024)
        .map(|index| {
            let row = &rows[index];
            if row.is_blank() {
                return Seen::Blank;
            }
            let RowKind::Cells(cells) = &row.kind else {
                return Seen::Other {
                    header: None,
                    filled: 0,
                    used: 0,
                };
            };
            if is_spanning_text(cells) || is_lone_text_before_break(rows, index) {
                return Seen::Prose;
            }
            Seen::Other {
                header: header_roles(cells),
                filled: filled_cells(cells),
                used: cells
                    .iter()
                    .rposition(|c| !c.value.is_empty())
                    .map_or(0, |i| i + 1),
            }
        })
        .collect()
}

/// The filled cells of a row that are its own (not copies of a merged range).
pub fn filled_cells(cells: &[Cell]) -> u32 {
    cells
        .iter()
        .filter(|c| !c.merged && !c.value.is_empty())
        .count() as u32
}

/// A row of cells outside any table, as prose (its non-empty cells joined).
fn prose_of_cells(line: u32, cells: &[Cell]) -> Item {
    let text = cells
        .iter()
        .filter(|c| !c.merged)
        .map(|c| crate::normalize::text::fold_ws(&c.value.plain()))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Item::Prose {
        line,
        text,
        heading: 0,
        cells: filled_cells(cells),
    }
}

/// A row with one value of its own, in the first column, merged across the columns to
/// its right: a title or a paragraph laid over a sheet, never a table row.
fn is_spanning_text(cells: &[Cell]) -> bool {
    only_first_cell_filled(cells)
        && cells
            .get(1)
            .is_some_and(|c| c.merged && c.value == cells[0].value)
}

/// The row's only filled cell of its own (not a merge's copy) is its first; stops at the
/// second filled cell (every row of a sheet is asked).
fn only_first_cell_filled(cells: &[Cell]) -> bool {
    let mut own = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.merged && !c.value.is_empty())
        .map(|(i, _)| i);
    own.next() == Some(0) && own.next().is_none()
}

/// A row with text in its first cell only, followed by a header row, prose, another such
/// row or the end of the sheet: a heading or paragraph between tables on a sheet that has no
/// merges to show it (CSV), not a risk of its own.
fn is_lone_text_before_break(rows: &[Row], index: usize) -> bool {
    let lone = |row: &Row| match &row.kind {
        RowKind::Cells(cells) => {
            only_first_cell_filled(cells) && matches!(cells[0].value, Value::Text(_))
        }
        RowKind::Text { .. } => false,
    };
    if !lone(&rows[index]) {
        return false;
    }
    match rows[index + 1..].iter().find(|r| !r.is_blank()) {
        None => true,
        Some(next) => match &next.kind {
            RowKind::Text { .. } => true,
            RowKind::Cells(cells) => lone(next) || header_roles(cells).is_some(),
        },
    }
}

/// A note under a table on a sheet: one cell in the first column, after a blank row.
fn is_note_row(cells: &[Cell], width: usize) -> bool {
    width >= 3
        && cells.iter().filter(|c| !c.value.is_empty()).count() == 1
        && !cells[0].value.is_empty()
        && cells[0].value.plain().split_whitespace().count() >= 6
}

/// Two header rows name the same columns (a header repeated after a page break may be
/// spelled differently, e.g. hyphenated).
fn same_header(a: &[Role], b: &[Role]) -> bool {
    let trim = |r: &[Role]| {
        let mut v = r.to_vec();
        while v.last() == Some(&Role::Okand) {
            v.pop();
        }
        v
    };
    trim(a) == trim(b)
}

fn starts_lower(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_lowercase())
}

fn ends_terminal(s: &str) -> bool {
    s.trim_end()
        .chars()
        .last()
        .is_some_and(|c| ".!?:;)\"”»".contains(c))
}

/// Whether `next`, the first row after a page break, continues the cells of `prev`: it has
/// no short values (numbers, dates, statuses, names), every text it has continues a
/// non-empty cell above, and at least one of them visibly continues a sentence.
fn is_continuation(roles: &[Role], prev: &[Cell], next: &[Cell]) -> bool {
    let mut any = false;
    let mut evidence = false;
    for (i, cell) in next.iter().enumerate() {
        if cell.value.is_empty() {
            continue;
        }
        any = true;
        let role = roles.get(i).copied().unwrap_or(Role::Okand);
        if role.is_atomic() {
            return false;
        }
        let above = prev.get(i).map(|c| c.value.plain()).unwrap_or_default();
        if above.trim().is_empty() {
            return false;
        }
        let text = cell.value.plain();
        if !matches!(cell.value, Value::Text(_)) || parse_risk(&text).is_some() {
            return false;
        }
        if starts_lower(&text) || (!ends_terminal(&above) && above.split_whitespace().count() >= 8)
        {
            evidence = true;
        }
    }
    any && evidence
}

/// Appends the continued text of each cell to the row above.
fn join_continuation(prev: &mut TableRow, next: &[Cell], line: u32) {
    for (i, cell) in next.iter().enumerate() {
        let Value::Text(more) = &cell.value else {
            continue;
        };
        if more.is_empty() {
            continue;
        }
        let Some(target) = prev.cells.get_mut(i) else {
            continue;
        };
        let above = target.value.plain();
        let inline = starts_lower(&more.plain()) || !ends_terminal(&above);
        let mut joined = match std::mem::take(&mut target.value) {
            Value::Text(r) => r,
            other => Rich::from_text(&other.plain()),
        }
        .into_paras();
        let mut paras = more.clone().into_paras();
        if inline && !joined.is_empty() && !paras.is_empty() {
            let first = paras.remove(0);
            let last = joined.last_mut().expect("non-empty");
            last.runs.push(crate::read::Run {
                text: " ".to_string(),
                bold: false,
            });
            last.runs.extend(first.runs);
        }
        joined.extend(paras);
        target.value = Value::Text(Rich::from_paras(joined));
    }
    prev.last_line = line;
}

/// Content decides what some headers mean: "Risk" holding numbers is the riskvärde;
/// "Uppföljning" holding prose is the result; a Metod column is the control when no
/// column names the control.
fn refine_roles(table: &mut Table) {
    let texts = |t: &Table, i: usize| -> Vec<String> {
        t.rows
            .iter()
            .map(|r| r.cells.get(i).map(|c| c.value.plain()).unwrap_or_default())
            .filter(|s| !s.trim().is_empty())
            .collect()
    };
    let has_title = |t: &Table, except: usize| {
        t.columns.iter().any(|c| {
            c.index != except && matches!(c.role, Role::Riskomrade | Role::RiskTitelBeskrivning)
        })
    };
    for i in 0..table.columns.len() {
        let role = table.columns[i].role;
        // Only two roles look at their column's text (collecting every column's text took
        // a tenth of the layout of a 100,000-row sheet).
        if !matches!(role, Role::RiskTitelBeskrivning | Role::UppfoljningNar) {
            continue;
        }
        let values = texts(table, i);
        match role {
            Role::RiskTitelBeskrivning => {
                let numeric = values
                    .iter()
                    .filter(|v| parse_risk(v).and_then(|r| r.value).is_some())
                    .count();
                if (!values.is_empty() && numeric * 10 >= values.len() * 6)
                    || (values.is_empty() && has_title(table, i))
                {
                    table.columns[i].role = Role::Riskvarde;
                    table.columns[i].note = Some("rubriken Risk med tal: riskvärde");
                }
            }
            Role::UppfoljningNar => {
                let long = values
                    .iter()
                    .filter(|v| v.chars().count() > 80 || v.matches(". ").count() >= 1)
                    .count();
                if !values.is_empty() && long * 2 >= values.len() {
                    table.columns[i].role = Role::Resultat;
                    table.columns[i].note = Some("kolumnen innehåller löptext: resultat");
                }
            }
            _ => {}
        }
    }
    let has_control = table.has_role(|r| matches!(r, Role::Kontroll | Role::Atgard));
    if !has_control && let Some(c) = table.columns.iter_mut().find(|c| c.role == Role::Metod) {
        c.role = Role::Kontroll;
        c.note = Some("ingen kolumn för kontroll: metoden är kontrollen");
    }
}

/// Marks rows whose risk cells are all blank or covered by a merge.
fn mark_merged_groups(table: &mut Table) {
    let risk_cols: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| c.role.level() == Level::Risk)
        .map(|c| c.index)
        .collect();
    let mut seen_risk = false;
    for (k, row) in table.rows.iter_mut().enumerate() {
        let blank = risk_cols.iter().all(|&i| {
            row.cells
                .get(i)
                .is_none_or(|c| c.value.is_empty() || c.merged)
        });
        row.merged_group = blank && (seen_risk || k > 0);
        seen_risk |= !blank;
    }
    let merged: std::collections::HashSet<u32> = table
        .rows
        .iter()
        .filter(|r| r.merged_group)
        .map(|r| r.first_line)
        .collect();
    for (line, role) in table.trace.iter_mut() {
        if *role == RowRole::Data && merged.contains(line) {
            *role = RowRole::MergedGroup;
        }
    }
}

/// IK101 (unmapped header), IK105 (nothing to read), IK106 (a named column always empty).
fn table_findings(table: &Table, ctx: &Ctx, findings: &mut Vec<Finding>) {
    let has_risk = table.has_role(|r| {
        matches!(
            r,
            Role::Riskomrade | Role::RiskTitelBeskrivning | Role::Riskbeskrivning
        )
    });
    let has_control = table.has_role(|r| matches!(r, Role::Kontroll | Role::Atgard));
    if !has_risk && !has_control {
        findings.push(finding(
            "IK105",
            "En tabell hittades men ingen kolumn innehåller risk eller kontroll; raderna sparas som anteckningar".to_string(),
            ctx.loc(table.header_line, Some(0)),
            None,
        ));
    }
    for col in &table.columns {
        let empty = table
            .rows
            .iter()
            .all(|r| r.cells.get(col.index).is_none_or(|c| c.value.is_empty()));
        if col.role == Role::Okand {
            if !col.header.is_empty() && !empty {
                findings.push(finding(
                    "IK101",
                    format!(
                        "Kolumnen \u{201d}{}\u{201d} motsvarar inget fält; cellerna sparas i extra",
                        col.header
                    ),
                    ctx.loc(table.header_line, Some(col.index)),
                    None,
                ));
            }
        } else if empty && !table.rows.is_empty() {
            findings.push(finding(
                "IK106",
                format!(
                    "Kolumnen \u{201d}{}\u{201d} är tom på alla rader",
                    col.header
                ),
                ctx.loc(table.header_line, Some(col.index)),
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text::read_str;

    fn lay(text: &str) -> (SheetLayout, Vec<Finding>) {
        let sheet = Sheet {
            name: None,
            hidden: false,
            rows: read_str(text),
        };
        let ctx = Ctx {
            file: "t.txt",
            sheet: None,
            grid: false,
        };
        let mut f = Vec::new();
        let l = layout_sheet(sheet, &ctx, true, &mut f);
        (l, f)
    }

    fn tables(l: &SheetLayout) -> Vec<&Table> {
        l.items
            .iter()
            .filter_map(|i| match i {
                Item::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn repeated_header_is_skipped_and_continuation_joined() {
        let text = "Risk\tKontroll\tStatus\tResultat\n\
                    Hot\tGranskning av rutiner för\tPågående\tArbetet har gått\n\
                    \n\
                    Risk\tKontroll\tStatus\tResultat\n\
                    \tmedarbetare.\t\tbra hittills.\n\
                    Brand\tÖvning\tGenomförd\tKlart.\n";
        let (l, f) = lay(text);
        let t = tables(&l);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(
            t[0].rows[0].cells[1].value.plain(),
            "Granskning av rutiner för medarbetare."
        );
        assert_eq!(t[0].rows[0].last_line, 5);
        let codes: Vec<(&str, Option<u32>)> = f.iter().map(|x| (x.kod.as_str(), x.rad)).collect();
        assert!(codes.contains(&("IK102", Some(4))));
        assert!(codes.contains(&("IK103", Some(5))));
    }

    #[test]
    fn new_row_after_page_break_is_not_joined() {
        let text = "Riskområde\tRiskvärde\tKontroll\n\
                    Hot\t12\tGranskning.\n\
                    \n\
                    Riskområde\tRiskvärde\tKontroll\n\
                    Brand\t9\tövning av utrymning\n";
        let (l, _) = lay(text);
        assert_eq!(tables(&l)[0].rows.len(), 2);
    }

    #[test]
    fn merged_risk_rows_form_a_group() {
        let text = "Risk\tKontroll\n<b>Hot</b> Risk för hot.\tA\n\tB\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        assert!(!t[0].rows[0].merged_group);
        assert!(t[0].rows[1].merged_group);
    }

    #[test]
    fn content_decides_risk_and_uppfoljning_columns() {
        let text = "Riskanalys\tRisk\tKontroll\tUppföljning\n\
                    Hot Risk för hot.\t12\tGranskning\tArbetet har genomförts under året. Inga avvikelser.\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        let roles: Vec<Role> = t[0].columns.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            vec![
                Role::RiskTitelBeskrivning,
                Role::Riskvarde,
                Role::Kontroll,
                Role::Resultat
            ]
        );
    }

    #[test]
    fn unknown_and_empty_columns_are_reported() {
        let text = "Riskområde\tKontroll\tFärg\tAnsvarig\nHot\tGranskning\tRöd\t\n";
        let (_, f) = lay(text);
        let codes: Vec<&str> = f.iter().map(|x| x.kod.as_str()).collect();
        assert!(codes.contains(&"IK101"));
        assert!(codes.contains(&"IK106"));
    }

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 1), "A1");
        assert_eq!(a1(25, 3), "Z3");
        assert_eq!(a1(26, 3), "AA3");
        assert_eq!(col_name(16383), "XFD");
        assert_eq!(col_name(701), "ZZ");
        assert_eq!(col_name(702), "AAA");
        // The widest index fits the letters' buffer (26^13 < 2^64 ≤ 26^14).
        let widest = col_name(usize::MAX - 1);
        assert_eq!(widest.len(), 14);
        assert!(widest.bytes().all(|b| b.is_ascii_uppercase()));
    }
}
