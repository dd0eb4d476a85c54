//! Layout: finds the tables in a sheet, the header row and each column's role, and each
//! row's role (data, repeated header, continuation of a cell split across a page, or a
//! member of a merged group whose risk cells were left blank).
//!
//! The result is format-blind: the same for text, CSV, Word and workbooks.

pub mod beside;
pub mod cards;
pub mod column_text;
pub mod evidence;
pub mod matrix;
pub mod outline;
pub mod probe;
pub mod records;
pub mod resolve;
pub mod stacked;
pub mod synonyms;
pub mod transposed;

pub use crate::field::{Combo, Level, Role};
use crate::finding::{Loc, finding};
pub use crate::finding::{a1, col_letters, col_name};
use crate::model::{Finding, Period};
use crate::normalize::number::{RiskNumbers, parse_risk};
use crate::normalize::text::ends_terminal;
use crate::normalize::text::fold_ws;
use crate::normalize::vocab::Vocab;
use crate::normalize::vocab::period_in;
use crate::read::{Cell, Format, Rich, Row, RowKind, Sheet, Source, Value};
pub use evidence::{Basis, Evidence, LayoutOptions};

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
    /// Filled cells the layout consumed: header rows (repeated ones and their group and
    /// sub rows too), which became column names, and section rows, which became context.
    pub header_cells: u32,
    /// On a sheet without a table, the row nearest to being a header (for `inspect` and
    /// IK108).
    pub nearest_header: Option<NearHeader>,
    /// The risk numbers a risk matrix on the sheet places (see [`matrix`]).
    pub matrix: Vec<matrix::Placed>,
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
        /// A row of two filled cells outside any table: their texts, for a legend table
        /// ("Grön | Kontrollen genomförd"); empty otherwise.
        parts: Vec<String>,
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
    /// Section rows ("Ekonomi", "STÖDPROCESSER" alone on a row): context of the rows below.
    pub sections: Vec<Section>,
}

/// A section row: its text is the kategori (or process) of the data rows below it.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub line: u32,
    pub text: String,
    /// The field the text fills in each risk below: kategori, process, or extra.
    pub role: Role,
    /// The number a heading gave the risk it names ("Risk 2: …").
    pub nummer: Option<String>,
    /// The risk's numbers a heading naming it gives ("… (riskvärde 12)").
    pub numbers: Option<RiskNumbers>,
    /// The text under a section that names a risk, before its rows: the risk's description.
    pub description: Option<String>,
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
    /// The number of that period ("Status tertial 2" → 2), decided with the periods by the
    /// resolver: follow-up columns of one period and number are one follow-up.
    pub number: Option<u8>,
    /// Why the role differs from what the wording alone says, for `inspect`.
    pub note: Option<String>,
    /// The fields the column could be, best first, with the evidence for each.
    pub candidates: Vec<Evidence>,
    /// How sure the layout is of `role` (0–1); the user's mapping is 1.
    pub confidence: f32,
}

impl Column {
    /// A column as its header's wording names it, before the resolver looks at its cells.
    fn new(index: usize, header: String, role: Role, period: Option<Period>) -> Column {
        Column {
            index,
            header,
            role,
            period,
            number: None,
            note: None,
            candidates: Vec::new(),
            confidence: 0.0,
        }
    }

    /// The column read as another field (its header, place and period kept, its evidence
    /// not): a row of an outline whose number makes it a control's row.
    pub fn with_role(&self, role: Role) -> Column {
        Column {
            note: None,
            candidates: Vec::new(),
            role,
            header: self.header.clone(),
            index: self.index,
            period: self.period,
            number: self.number,
            confidence: self.confidence,
        }
    }

    /// A decision on the column from more than its wording: `role` at `score`, its evidence
    /// put first among the candidates and its note shown by `inspect`.
    pub fn decide(&mut self, role: Role, score: f32, basis: Basis, note: &str) {
        self.candidates.insert(
            0,
            Evidence {
                role,
                score,
                basis,
                note: note.to_string(),
            },
        );
        self.role = role;
        self.confidence = score;
        self.note = Some(note.to_string());
    }

    /// The best candidate of another field than the chosen one.
    pub fn runner_up(&self) -> Option<&Evidence> {
        self.candidates.iter().find(|e| e.role != self.role)
    }
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
    /// The section (index into [`Table::sections`]) the row stands under.
    pub section: Option<usize>,
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
    /// A section row: context for the rows below (see [`Section`]).
    Section,
    /// The row of the document itself in a table of typed records ("Plan"): its title
    /// became prose above the table (see [`records::document_rows`]).
    Document,
    Blank,
}

impl Table {
    pub fn has_role(&self, pred: impl Fn(Role) -> bool) -> bool {
        self.columns.iter().any(|c| pred(c.role))
    }

    /// The index of the first column of `role`.
    pub fn column_of(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.role == role)
            .map(|c| c.index)
    }

    /// A table with a column that names its risks (a title, or a description).
    pub fn names_risk(&self) -> bool {
        self.has_role(is_risk_name)
    }

    /// A table that carries follow-up columns (status, assessment, result, new action).
    pub fn is_follow_up(&self) -> bool {
        self.has_role(|r| r.level() == Level::FollowUp)
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

/// Finds the layout of every sheet of a source (a copy of it: see [`layout_owned`]).
pub fn layout(source: &Source) -> Layout {
    layout_owned(source.clone())
}

/// Finds the layout of every sheet of a source, moving its cells into the tables instead of
/// copying them (the pipeline's way: a large workbook is held once, not twice).
pub fn layout_owned(source: Source) -> Layout {
    layout_with(source, &LayoutOptions::default(), &Vocab::default())
}

/// [`layout_owned`] with the user's decisions about columns and header rows, and the
/// vocabulary (with the user's words) that content evidence reads status words with.
pub fn layout_with(source: Source, opts: &LayoutOptions, vocab: &Vocab) -> Layout {
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
            let env = Env {
                ctx: &ctx,
                // Page breaks that split cells exist where tables were laid out on pages.
                paged: !format.is_grid(),
                lines_wrap: format == crate::read::Format::Text,
                opts,
                vocab,
            };
            // A PDF's table pulled out one cell per line is judged on the lines as read.
            let cell_per_line = (format == crate::read::Format::Text && opts.rubrikrad.is_none())
                .then(|| column_text::cell_per_line(&sheet.rows, opts))
                .flatten();
            let laid = layout_sheet(sheet, &env, &mut findings);
            if let Some(evidence) = &cell_per_line {
                column_text::finding_for(&file, &laid, evidence, &mut findings);
            }
            laid
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

/// What laying out one sheet needs besides its rows.
struct Env<'a> {
    ctx: &'a Ctx<'a>,
    paged: bool,
    /// A row's cells wrap onto the lines under it, as in a PDF's page pulled out as text.
    lines_wrap: bool,
    opts: &'a LayoutOptions,
    vocab: &'a Vocab,
}

/// IK108: a file in which no sheet has a table gives a document without risks. In a batch
/// over a shared folder that is usually a file that is not a plan (a cover letter, a
/// minute), or a plan laid out as prose.
fn no_table_finding(file: &str, sheets: &[SheetLayout], findings: &mut Vec<Finding>) {
    let any_table = sheets
        .iter()
        .any(|s| s.items.iter().any(|i| matches!(i, Item::Table(_))));
    if !any_table {
        let near = sheets
            .iter()
            .filter_map(|s| s.nearest_header.as_ref().map(|n| (s, n)))
            .max_by_key(|(_, n)| n.known);
        let hint = match near {
            Some((s, n)) => format!(
                "; närmast en rubrikrad var rad {}{} ({} av {} rubriker kända); ange den med \
                 rubrikrad i ikplan.toml eller kolumnernas fält med [kolumner] / --kolumn",
                n.line,
                s.name
                    .as_deref()
                    .map(|b| format!(" på bladet {b}"))
                    .unwrap_or_default(),
                n.known,
                n.filled
            ),
            None => String::new(),
        };
        let columns = column_by_column(sheets);
        let hint = match &columns {
            Some(heads) => format!(
                "{hint}; texten ser ut att vara en tabell utskriven kolumn för kolumn, som \
                 pdftotext utan -layout skriver en PDF:s tabell: rubrikerna {} står var för sig \
                 på egen rad med sina celler under (rad {}); ta fram texten med pdftotext \
                 -layout så att kolumnerna står bredvid varandra",
                heads
                    .iter()
                    .map(|(_, t)| format!("”{t}”"))
                    .collect::<Vec<_>>()
                    .join(", "),
                heads
                    .iter()
                    .map(|(l, _)| l.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => hint,
        };
        let line = near
            .map(|(_, n)| n.line)
            .or_else(|| columns.as_ref().map(|h| h[0].0));
        findings.push(finding(
            "IK108",
            format!(
                "Ingen tabell med risker eller kontroller hittades i filen; dokumentet blir utan \
                 risker och filens text sparas som anteckningar{hint}"
            ),
            Loc {
                fil: file.to_string(),
                blad: None,
                cell: None,
                rad: line,
            },
            None,
        ));
    }
}

/// A table written out column by column has at least this many headers alone on a line.
const COLUMN_BY_COLUMN_MIN_HEADERS: usize = 4;
/// A cell under a header of a table written out column by column is at most this many words.
const COLUMN_BY_COLUMN_CELL_WORDS: usize = 5;

/// A table written out column by column (`pdftotext` without `-layout` of a PDF's table):
/// lines that are each a header's whole wording ("Nr", "Risk", "Kontrollmoment",
/// "Ansvarig"), each with a short line right under it (its first cell), naming different
/// fields, one of them a risk's or a control's. Their lines and texts, when there are at
/// least [`COLUMN_BY_COLUMN_MIN_HEADERS`] of them.
fn column_by_column(sheets: &[SheetLayout]) -> Option<Vec<(u32, String)>> {
    let mut heads: Vec<(u32, String)> = Vec::new();
    let mut roles: Vec<Role> = Vec::new();
    for s in sheets {
        let prose: Vec<(u32, &str)> = s
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Prose { line, text, .. } => Some((*line, text.trim())),
                Item::Table(_) => None,
            })
            .collect();
        for pair in prose.windows(2) {
            let ((line, text), (next_line, cell)) = (pair[0], pair[1]);
            // The line under it first: a line of prose under prose is no cell, and spares
            // the vocabulary the look-up.
            if next_line != line + 1
                || cell.is_empty()
                || cell.split_whitespace().count() > COLUMN_BY_COLUMN_CELL_WORDS
                || ends_terminal(cell)
            {
                continue;
            }
            let Some(&(role, score)) = synonyms::wording_candidates(text).first() else {
                continue;
            };
            if role == Role::Okand
                || score < evidence::threshold::STRONG_WORDING
                || roles.contains(&role)
            {
                continue;
            }
            roles.push(role);
            heads.push((line, text.to_string()));
        }
    }
    (heads.len() >= COLUMN_BY_COLUMN_MIN_HEADERS
        && roles
            .iter()
            .any(|r| matches!(r.level(), Level::Risk | Level::Control)))
    .then_some(heads)
}

/// A row's reading as a header: the field each cell names and how many name one.
#[derive(Debug, Clone)]
struct HeaderScore {
    roles: Vec<Role>,
    /// Cells that name a field.
    known: usize,
    /// Of those, cells whose whole wording is a field's (not a leading word of a longer text).
    strong: usize,
    /// Filled cells of the row's own.
    filled: usize,
    /// A cell names a risk or control field (a follow-up alone is no table).
    structural: bool,
}

impl HeaderScore {
    /// Whether the row is a header: enough cells name a field. Unknown words lower the
    /// share; where fewer than half are known, the known ones must be whole wordings.
    fn is_header(&self) -> bool {
        use evidence::threshold::{HEADER_MIN_KNOWN, HEADER_MIN_KNOWN_SHARE};
        if self.known < HEADER_MIN_KNOWN || !self.structural {
            return false;
        }
        if self.known * 2 >= self.filled {
            return true;
        }
        self.strong >= HEADER_MIN_KNOWN
            && self.strong as f32 >= HEADER_MIN_KNOWN_SHARE * self.filled as f32
    }
}

/// How a row reads as a header; `None` for a row that cannot be one (numbers, dates, long
/// text, fewer than two filled cells).
fn header_score(cells: &[Cell], opts: &LayoutOptions) -> Option<HeaderScore> {
    // A header row holds only text; a number, a date or a very long text is never a header.
    let mut filled = 0;
    // A schedule's month columns ("Jan | Feb | … | Dec", marked "x" below) name no field
    // but do not make the row less of a header: three or more are left out of the count.
    let mut months = 0;
    for c in cells.iter().filter(|c| !c.merged) {
        match &c.value {
            Value::Empty => {}
            Value::Text(r) if r.is_empty() => {}
            Value::Text(r) if r.byte_len() > 480 => return None,
            Value::Text(r) => {
                // A number or a date written as text is a value, never a column name.
                let t = r.plain();
                if crate::normalize::number::parse_int(&t).is_some()
                    || crate::normalize::date::parse_iso(t.trim()).is_some()
                {
                    return None;
                }
                months += usize::from(is_month_word(&t));
                filled += 1
            }
            _ => return None,
        }
    }
    if filled < 2 {
        return None;
    }
    let mut score = HeaderScore {
        roles: Vec::with_capacity(cells.len()),
        known: 0,
        strong: 0,
        filled,
        structural: false,
    };
    // Cells named by the vocabulary (not the user), whose wording's strength is asked below.
    let mut worded: Vec<(String, Role)> = Vec::new();
    for c in cells {
        if c.merged {
            // A copy of a merged cell says nothing new about the header.
            score.roles.push(Role::Okand);
            continue;
        }
        let role = match &c.value {
            Value::Text(r) if !r.is_empty() => {
                let text = r.plain();
                if text.chars().count() > evidence::threshold::HEADER_MAX_CHARS {
                    Role::Okand
                } else {
                    let user = opts.role_for(&text);
                    let role = user.unwrap_or_else(|| synonyms::role_of(&text));
                    if user.is_some_and(|r| r != Role::Okand) {
                        score.known += 1;
                        score.strong += 1;
                        score.structural |= matches!(role.level(), Level::Risk | Level::Control);
                    } else if role != Role::Okand {
                        score.known += 1;
                        score.structural |= matches!(role.level(), Level::Risk | Level::Control);
                        worded.push((text, role));
                    }
                    role
                }
            }
            _ => Role::Okand,
        };
        score.roles.push(role);
    }
    if months >= 3 {
        score.filled -= months;
    }
    // Whole wordings only matter to a row that could be a header: most rows of data are
    // not, and are spared the vocabulary's scores.
    if score.known >= evidence::threshold::HEADER_MIN_KNOWN && score.structural {
        score.strong += worded
            .iter()
            .filter(|(text, role)| {
                synonyms::wording_candidates(text)
                    .first()
                    .is_some_and(|(r, s)| r == role && *s >= evidence::threshold::STRONG_WORDING)
            })
            .count();
    }
    Some(score)
}

/// A month's name or its short form, alone in a cell ("Jan", "februari", "Okt.").
fn is_month_word(text: &str) -> bool {
    use crate::normalize::vocab::FULL_MONTHS as MONTHS;
    let t = text.trim().trim_end_matches('.');
    // Lowercasing keeps an ASCII non-letter and never shortens a text in characters: a text
    // starting so, or longer than "september", names no month (most cells).
    if t.starts_with(|c: char| c.is_ascii() && !c.is_ascii_alphabetic())
        || t.chars().nth(9).is_some()
    {
        return false;
    }
    let t = t.to_lowercase();
    t.chars().count() >= 3
        && MONTHS
            .iter()
            .any(|m| *m == t || (t.chars().count() <= 4 && m.starts_with(t.as_str())))
}

/// The header roles of a row, when the row is a header row.
fn header_roles(cells: &[Cell], opts: &LayoutOptions) -> Option<Vec<Role>> {
    header_score(cells, opts)
        .filter(HeaderScore::is_header)
        .map(|s| s.roles)
}

fn header_text(cell: &Cell) -> String {
    crate::normalize::text::fold_ws(&cell.value.plain())
}

/// The row nearest to being a header on a sheet without a table, for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct NearHeader {
    pub line: u32,
    pub known: usize,
    pub filled: usize,
    /// Each filled cell's header and the field it names ("" for none).
    pub cells: Vec<(String, Option<Role>)>,
}

struct Open {
    table: Table,
    roles: Vec<Role>,
    pending_break: bool,
}

/// A header row's cells with the rows that complete it: a group row above ("Riskbedömning"
/// over "Sannolikhet | Konsekvens") and a sub row below ("Delår | Helår" under
/// "Uppföljning").
#[derive(Debug, Clone, Default)]
struct Stack {
    above: Option<usize>,
    below: Option<usize>,
}

fn layout_sheet(mut sheet: Sheet, env: &Env, findings: &mut Vec<Finding>) -> SheetLayout {
    fill_ditto_marks(&mut sheet.rows);
    let matrix = matrix::find(&sheet.rows);
    let mut out = sheet_items(sheet, env, findings);
    out.matrix = matrix;
    out
}

/// Ditto marks ("-\"-", "〃", "d:o", "dito") repeat the cell above: each becomes a copy of
/// it, as a merge over both would (so a row of ditto marks continues the risk above).
fn fill_ditto_marks(rows: &mut [Row]) {
    // Where each column's last filled cell is (row), and the marks to fill from it.
    let mut above: Vec<Option<usize>> = Vec::new();
    let mut marks: Vec<(usize, usize, usize)> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let RowKind::Cells(cells) = &row.kind else {
            continue;
        };
        for (i, cell) in cells.iter().enumerate() {
            if above.len() <= i {
                above.resize(i + 1, None);
            }
            if is_ditto(&cell.value)
                && let Some(src) = above[i]
            {
                marks.push((r, i, src));
            } else if !cell.value.is_empty() {
                above[i] = Some(r);
            }
        }
    }
    for (r, i, src) in marks {
        let RowKind::Cells(cells) = &rows[src].kind else {
            continue;
        };
        let value = cells[i].value.clone();
        if let RowKind::Cells(cells) = &mut rows[r].kind {
            cells[i] = Cell {
                value,
                merged: true,
            };
        }
    }
}

fn is_ditto(v: &Value) -> bool {
    // A lone quotation mark is also text of its own (a sheet of special characters);
    // only the marks that say "as above" and nothing else count.
    // The marks are a few bytes: longer texts are not asked for their plain text.
    matches!(v, Value::Text(t) if t.byte_len() <= 8)
        && matches!(
            v.plain().trim().to_lowercase().as_str(),
            "-\"-" | "- \" -" | "-”-" | "〃" | "d:o" | "d:o." | "dito"
        )
}

/// [`layout_sheet`] but for the matrix: the sheet's prose and tables.
fn sheet_items(sheet: Sheet, env: &Env, findings: &mut Vec<Finding>) -> SheetLayout {
    if env.opts.rubrikrad.is_none()
        && let Some(found) = cards::find_cards(&sheet.rows)
            .or_else(|| outline::find_outline(&sheet.rows))
            .or_else(|| outline::find_points(&sheet.rows))
            .or_else(|| outline::find_report(&sheet.rows))
    {
        return cards_sheet(sheet, found, env, findings);
    }
    // A block beside the table (a matrix, a legend): a region of its own, after the table.
    let mut sheet = sheet;
    if env.opts.rubrikrad.is_none()
        && let Some(block) = beside::split_off(&mut sheet.rows, env.opts)
    {
        let region = Sheet {
            name: sheet.name.clone(),
            hidden: sheet.hidden,
            rows: block,
        };
        let mut out = sheet_items(sheet, env, findings);
        let more = sheet_items(region, env, findings);
        out.items.extend(more.items);
        out.header_cells += more.header_cells;
        return out;
    }
    let ctx = env.ctx;
    let paged = env.paged;
    let lines_wrap = env.lines_wrap;
    let Sheet {
        name,
        hidden,
        mut rows,
    } = sheet;
    if env.opts.rubrikrad.is_none() {
        stacked::restack(&mut rows, env.opts);
        transposed::turn(&mut rows, env.opts);
    }
    let legend = sheet_legend(&rows, env.vocab);
    let mut items = Vec::new();
    let mut header_cells = 0;
    let mut open: Option<Open> = None;
    let close = |open: &mut Option<Open>,
                 items: &mut Vec<Item>,
                 header_cells: &mut u32,
                 findings: &mut Vec<Finding>| {
        if let Some(o) = open.take() {
            let mut table = o.table;
            let above = resolve::Above {
                follow_up_title: name.as_deref().is_some_and(names_follow_up)
                    || items.iter().any(|i| match i {
                        Item::Prose { text, .. } => {
                            (crate::normalize::facts::is_title(text) || names_follow_up(text))
                                && crate::normalize::facts::title_type(text)
                                    == crate::model::DocType::Uppfoljning
                        }
                        Item::Table(_) => false,
                    }),
                defined: items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Prose { text, .. } => Some(resolve::header_definitions(text)),
                        Item::Table(_) => None,
                    })
                    .flatten()
                    .collect(),
                grid: true,
                legend: legend.clone(),
            };
            let loose = finish_table(&mut table, env, &above, header_cells, findings);
            items.extend(records::document_rows(&mut table, env.vocab, header_cells));
            items.push(Item::Table(table));
            items.extend(loose);
        }
    };
    let mut seen = seen_rows(&rows, env.opts);
    // The last line of a page break found inside an open table (see [`page_break_ahead`]).
    let mut break_until = 0usize;
    if let Some(forced) = env.opts.rubrikrad {
        force_header(&rows, &mut seen, forced);
    }
    let stacks = header_stacks(&rows, &seen, env.vocab);
    let mut consumed: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for s in stacks.values() {
        consumed.extend(s.above);
        consumed.extend(s.below);
    }
    let nearest_header = nearest_header(&rows, &seen, env.opts);
    // Rows already taken into an item with the row above them.
    let mut skip: std::collections::HashSet<usize> = std::collections::HashSet::new();
    // Rows of cells that fell out of a table into notes: (count, first line).
    let mut fallen: (u32, Option<u32>) = (0, None);
    // Rows of one short text in the first column right under a table's rows, read as
    // prose (they could be risks without controls): their lines, and whether the run of
    // them goes on.
    let mut lone: Vec<u32> = Vec::new();
    let mut lone_run = false;
    let mut any_table = false;
    let mut pending_group: Vec<u32> = Vec::new();
    for index in 0..rows.len() {
        let line = rows[index].line;
        if skip.contains(&index) {
            continue;
        }
        // Right under the open table's repeated header (a page break), a weak header with
        // the row over it is the table's next rows: their lines are read as rows.
        let weak_after_repeat = |k: usize| {
            open.as_ref().is_some_and(just_repeated)
                && matches!(&rows[k].kind, RowKind::Cells(c) if !strong_header(c, env.opts))
        };
        if consumed.contains(&index)
            && !stacks
                .iter()
                .any(|(&k, s)| s.above == Some(index) && weak_after_repeat(k))
        {
            // A group or sub row of a header: its cells are part of the column names.
            if let RowKind::Cells(cells) = &rows[index].kind {
                header_cells += filled_cells(cells);
            }
            match open.as_mut() {
                Some(o) if stacks.contains_key(&(index.wrapping_sub(1))) => {
                    o.table.trace.push((line, RowRole::Header));
                }
                _ => pending_group.push(line),
            }
            continue;
        }
        let (roles, source_cells, used) = match &seen[index] {
            Seen::Blank => {
                if let Some(o) = open.as_mut() {
                    o.pending_break = true;
                    o.table.trace.push((line, RowRole::Blank));
                }
                continue;
            }
            Seen::Prose => {
                if let RowKind::Cells(cells) = &rows[index].kind {
                    // One cell's text wrapped onto the line right under a row (a PDF's
                    // table pulled out as text), in lower case or under a text that stops
                    // open ("… (framtagen i det" over "Systematiska brandskyddsarbetet)").
                    if let Some(o) = open.as_mut()
                        && paged
                        && o.table
                            .rows
                            .last()
                            .is_some_and(|r| cells.len() <= r.cells.len())
                        && join_wrapped(o, cells, line, filled_cells(cells), true, false)
                    {
                        continue;
                    }
                    // A label row under a table's rows, merged across ("Samlad bedömning:
                    // Mindre brister"): the table's (see [`label_row`]).
                    if let Some(o) = open.as_mut()
                        && !o.table.rows.is_empty()
                        && !o.pending_break
                        && label_row(cells, env.vocab).is_some()
                    {
                        let mut cells = cells.clone();
                        cells.resize(o.table.columns.len().max(cells.len()), Cell::default());
                        o.table.trace.push((line, RowRole::Data));
                        let section = o.table.sections.len().checked_sub(1);
                        o.table.rows.push(TableRow {
                            first_line: line,
                            last_line: line,
                            source_cells: filled_cells(&cells),
                            cells,
                            merged_group: false,
                            section,
                        });
                        continue;
                    }
                    // A short text alone on a row inside a table is a section.
                    if let Some(o) = open.as_mut()
                        && let Some(text) = section_text(cells, o.table.columns.len())
                        && let Some(ahead) = section_ahead(&rows, &seen, index, o)
                    {
                        header_cells += filled_cells(cells);
                        add_section(o, line, text);
                        header_cells += take_description(o, &rows, ahead, &mut skip);
                        continue;
                    }
                }
                // A title, heading or paragraph merged across the sheet's width.
                let under_rows = open.as_ref().is_some_and(|o| !o.table.rows.is_empty());
                close(&mut open, &mut items, &mut header_cells, findings);
                if let RowKind::Cells(cells) = &rows[index].kind {
                    if (under_rows || lone_run) && !is_spanning_text(cells) && is_short_label(cells)
                    {
                        lone.push(line);
                        lone_run = true;
                    } else {
                        lone_run = false;
                    }
                    items.push(prose_of_cells(line, cells));
                }
                continue;
            }
            Seen::Other {
                header,
                filled,
                used,
            } => (header.clone(), *filled, *used),
        };
        match std::mem::replace(&mut rows[index].kind, RowKind::Cells(Vec::new())) {
            RowKind::Text { text, heading } => {
                if let Some(o) = open.as_mut()
                    && (o.table.rows.is_empty() || index > break_until)
                    && let Some(t) = section_text(&[Cell::text(&text)], o.table.columns.len())
                    && next_is_data(&rows, &seen, index, &o.roles)
                {
                    header_cells += source_cells.max(1);
                    add_section(o, line, t);
                    continue;
                }
                // A page's footer or header ("Kommunen, Internkontrollplan 2016, sida 1 (2)")
                // between a table's rows and the rest of them on the next page, where the
                // header was not repeated: a note, and the table goes on.
                if let Some(o) = open.as_mut()
                    && heading == 0
                    && !o.table.rows.is_empty()
                    && (index <= break_until || {
                        let end = page_break_ahead(&rows, &seen, index, &text, o);
                        break_until = end.unwrap_or(0);
                        end.is_some()
                    })
                {
                    o.pending_break = true;
                    items.push(Item::Prose {
                        line,
                        text,
                        heading,
                        cells: 1,
                        parts: Vec::new(),
                    });
                    continue;
                }
                // A short label alone on a line right under a table's rows (or under such a
                // line): what a row holding only its first cell is on a sheet (IK116). Not
                // after blank lines: there a page's foot or a heading stands apart.
                let under_rows = open
                    .as_ref()
                    .is_some_and(|o| !o.table.rows.is_empty() && !o.pending_break);
                close(&mut open, &mut items, &mut header_cells, findings);
                if heading == 0 && (under_rows || lone_run) && is_short_label(&[Cell::text(&text)])
                {
                    lone.push(line);
                    lone_run = true;
                } else {
                    lone_run = false;
                }
                items.push(Item::Prose {
                    line,
                    text,
                    heading,
                    cells: 1,
                    parts: Vec::new(),
                });
            }
            RowKind::Cells(cells) => {
                // A weaker header right under a header that has no rows yet is a row of
                // data that happens to hold field words ("Klar", "Brister i …").
                let roles = roles.filter(|r| match open.as_ref() {
                    Some(o) if just_repeated(o) && !repeats_header(o, r, Some(&cells)) => {
                        strong_header(&cells, env.opts)
                    }
                    // Naming as many fields as the header, it must name them by whole
                    // wordings: a first row of data names fields by its leading words
                    // ("Avstämning mot tillsynsplan | Granskning av 10 slumpvis valda akter").
                    Some(o) if o.table.rows.is_empty() && !stacks.contains_key(&index) => {
                        let (new, open) = (known_roles(r), known_roles(&o.roles));
                        new > open || (new == open && strong_header(&cells, env.opts))
                    }
                    // Right under a row of data, with nothing between, a new header must be
                    // whole wordings, most of its cells: two tables are set apart by a blank
                    // row or a heading, and a repeated header names the same fields.
                    Some(o)
                        if !o.table.rows.is_empty()
                            && !o.pending_break
                            && !repeats_header(o, r, Some(&cells))
                            && !stacks.contains_key(&index) =>
                    {
                        strong_header(&cells, env.opts)
                    }
                    // After a blank row under a table's rows, a row holding a sentence
                    // ("Kontroll att redovisning lämnats i tid.") is the table's next row
                    // (a control of the risk above, set apart by a tall row's blank line)
                    // unless it is a header of whole wordings.
                    Some(o)
                        if !o.table.rows.is_empty()
                            && holds_sentence(&cells)
                            && !repeats_header(o, r, Some(&cells))
                            && !stacks.contains_key(&index) =>
                    {
                        strong_header(&cells, env.opts)
                    }
                    _ => true,
                });
                if let Some(roles) = roles {
                    let stack = stacks.get(&index).cloned().unwrap_or_default();
                    if stack.above.is_none()
                        && stack.below.is_none()
                        && let Some(o) = open.as_mut()
                        && repeats_header(o, &roles, Some(&cells))
                    {
                        header_cells += source_cells;
                        o.pending_break = true;
                        // Right under a section row (a risk's banner) the header is repeated for
                        // the section, not after a page break.
                        let under_section = o
                            .table
                            .trace
                            .iter()
                            .rev()
                            .find(|(_, r)| *r != RowRole::Blank)
                            .is_some_and(|(_, r)| *r == RowRole::Section);
                        o.table.trace.push((line, RowRole::RepeatedHeader));
                        let message = if under_section {
                            "Rubrikraden upprepad under en avsnittsrad hoppades över"
                        } else {
                            "Upprepad rubrikrad (sidbrytning) hoppades över"
                        };
                        findings.push(finding(
                            "IK102",
                            message.to_string(),
                            ctx.loc(line, Some(0)),
                            None,
                        ));
                        continue;
                    }
                    close(&mut open, &mut items, &mut header_cells, findings);
                    // A short label right over a table's header is the table's heading
                    // ("2. Verksamhet" over its own table), no risk without controls.
                    if lone_run {
                        lone.pop();
                        lone_run = false;
                    }
                    header_cells += source_cells;
                    any_table = true;
                    let columns = stacked_columns(&rows, &cells, &roles, &stack, env.vocab);
                    let roles = columns.iter().map(|c| c.role).collect();
                    let mut trace: Vec<(u32, RowRole)> = pending_group
                        .drain(..)
                        .map(|l| (l, RowRole::Header))
                        .collect();
                    trace.push((line, RowRole::Header));
                    open = Some(Open {
                        table: Table {
                            header_line: line,
                            columns,
                            rows: Vec::new(),
                            trace,
                            sections: Vec::new(),
                        },
                        roles,
                        pending_break: false,
                    });
                    continue;
                }
                let Some(o) = open.as_mut() else {
                    // A row of labels over its row of values ("Datum | Dnr | Sida" over
                    // "2023-02-14 | SN 2021/123 | 1"): one line "Datum: …; Dnr: …", which the
                    // document's facts read.
                    if let Some(next) = rows.get(index + 1)
                        && next.line == line + 1
                        && matches!(seen[index + 1], Seen::Other { header: None, .. })
                        && let Some(values) = cells_of(next)
                        && let Some(pairs) = label_value_lines(&cells, values)
                    {
                        for (text, n) in pairs {
                            items.push(Item::Prose {
                                line,
                                text,
                                heading: 0,
                                cells: n,
                                parts: Vec::new(),
                            });
                        }
                        skip.insert(index + 1);
                        continue;
                    }
                    if any_table && filled_cells(&cells) >= 2 {
                        fallen.0 += 1;
                        fallen.1.get_or_insert(line);
                    }
                    items.push(prose_of_cells(line, &cells));
                    continue;
                };
                let mut cells = cells;
                // A value right of the last header is kept: its column has no header.
                while o.table.columns.len() < used {
                    let index = o.table.columns.len();
                    o.table
                        .columns
                        .push(Column::new(index, String::new(), Role::Okand, None));
                    o.roles.push(Role::Okand);
                }
                let width = o.table.columns.len();
                if cells.len() < width {
                    cells.resize(width, Cell::default());
                }
                // Right under the header, a row of nothing but copies of merged cells: the
                // header's cells merged down over two rows, no data.
                if o.table.rows.is_empty()
                    && cells.iter().any(|c| c.merged)
                    && cells.iter().all(|c| c.merged || c.value.is_empty())
                {
                    o.table.trace.push((line, RowRole::Header));
                    continue;
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
                // A cell's text wrapped onto the next line (a PDF's table pulled out as
                // text).
                if !o.pending_break
                    && join_wrapped(o, &cells, line, source_cells, paged, lines_wrap)
                {
                    continue;
                }
                // A risk name's last wrapped line on the line where the risk's next control
                // starts: the name's words go up to the row above, the rest is a new row.
                let source_cells = if !o.pending_break && lines_wrap {
                    source_cells - split_risk_tail(o, &mut cells, line)
                } else {
                    source_cells
                };
                if let Some(text) = section_text(&without_unnamed_marks(&cells, &o.roles), width)
                    && let Some(ahead) = section_ahead(&rows, &seen, index, o)
                {
                    header_cells += source_cells;
                    add_section(o, line, text);
                    header_cells += take_description(o, &rows, ahead, &mut skip);
                    o.pending_break = false;
                    continue;
                }
                if o.pending_break && !paged && is_note_row(&cells, width) {
                    close(&mut open, &mut items, &mut header_cells, findings);
                    items.push(prose_of_cells(line, &cells));
                    continue;
                }
                if is_total_row(&cells) {
                    // "Summa | | | 32": the table's sum, a note, not a risk.
                    items.push(prose_of_cells(line, &cells));
                    continue;
                }
                o.pending_break = false;
                o.table.trace.push((line, RowRole::Data));
                let section = o.table.sections.len().checked_sub(1);
                o.table.rows.push(TableRow {
                    first_line: line,
                    last_line: line,
                    cells,
                    merged_group: false,
                    source_cells,
                    section,
                });
            }
        }
    }
    close(&mut open, &mut items, &mut header_cells, findings);
    heading_context(&mut items, &mut header_cells);
    risk_list_tables(&mut items);
    // A label that became a heading of the table below it (with its description between
    // them, see [`heading_context`]) is no note.
    lone.retain(|&l| {
        items
            .iter()
            .any(|i| matches!(i, Item::Prose { line, .. } if *line == l))
    });
    if let Some(&first) = lone.first() {
        let n = lone.len();
        findings.push(finding(
            "IK116",
            format!(
                "{n} rad{} med bara en kort text i första kolumnen direkt under tabellen sparades \
                 som anteckningar (första: rad {first}); är de risker utan kontroller, ange \
                 rubrikraden i ikplan.toml eller lägg till en kontroll",
                if n == 1 { "" } else { "er" }
            ),
            ctx.loc(first, Some(0)),
            None,
        ));
    }
    if let (n, Some(first)) = fallen {
        findings.push(finding(
            "IK110",
            format!(
                "{n} rad{} med flera ifyllda celler hamnade utanför tabellerna och sparades som \
                 anteckningar (första: rad {first}); kontrollera rubrikraden eller ange den i ikplan.toml",
                if n == 1 { "" } else { "er" }
            ),
            ctx.loc(first, Some(0)),
            None,
        ));
    }
    SheetLayout {
        name,
        hidden,
        items,
        header_cells,
        nearest_header,
        matrix: Vec::new(),
    }
}

/// Decides a table's columns (from its rows) and its rows' roles, and reports what reading
/// it noticed; the section rows that head no row come back as prose, their cells taken back
/// from `header_cells`.
/// The sheet's legends ("Teckenförklaring status: OK = Genomförd, (P) = Pågående"),
/// wherever they stand, added to the vocabulary: they tell which codes under a period's
/// header are statuses. Read from prose lines and rows of one or two filled cells.
fn sheet_legend(rows: &[Row], vocab: &Vocab) -> Option<Vocab> {
    let lines: Vec<String> = rows
        .iter()
        .filter_map(|r| match &r.kind {
            RowKind::Text { text, .. } => Some(text.clone()),
            RowKind::Cells(cells) => {
                let filled: Vec<String> = cells
                    .iter()
                    .filter(|c| !c.value.is_empty())
                    .map(|c| c.value.plain())
                    .collect();
                (filled.len() <= 2).then(|| filled.join(" "))
            }
        })
        .filter(|t| !t.trim().is_empty())
        .collect();
    vocab.with_legends(lines.iter().map(String::as_str))
}

fn finish_table(
    table: &mut Table,
    env: &Env,
    above: &resolve::Above,
    header_cells: &mut u32,
    findings: &mut Vec<Finding>,
) -> Vec<Item> {
    resolve::resolve(table, env.opts, env.vocab, above);
    let loose = settle_sections(table, header_cells);
    mark_merged_groups(table);
    table_findings(table, env.ctx, findings);
    loose
}

/// A sheet of cards or a planning system's export (see [`cards`]): its table of one row per
/// control, and its other lines as prose, in source order.
fn cards_sheet(
    sheet: Sheet,
    found: cards::CardTable,
    env: &Env,
    findings: &mut Vec<Finding>,
) -> SheetLayout {
    let Sheet { name, hidden, rows } = sheet;
    let columns: Vec<Column> = found
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            // A card's line per follow-up ("April: Genomförd. …", "Delår: …"): its result.
            match (
                synonyms::role_of(h),
                crate::normalize::vocab::period_label(h),
            ) {
                (Role::Okand, Some(p)) => Column::new(i, h.clone(), Role::Resultat, Some(p)),
                (role, _) => Column::new(i, h.clone(), role, period_in(h)),
            }
        })
        .collect();
    let first = found.lines.first().copied().unwrap_or(0);
    let mut trace: Vec<(u32, RowRole)> = vec![(first, RowRole::Header)];
    let table_rows: Vec<TableRow> = found
        .rows
        .into_iter()
        .map(|r| {
            trace.push((r.first_line, RowRole::Data));
            TableRow {
                first_line: r.first_line,
                last_line: r.last_line,
                cells: r.cells,
                merged_group: false,
                source_cells: r.source_cells,
                section: None,
            }
        })
        .collect();
    let mut table = Table {
        header_line: first,
        columns,
        rows: table_rows,
        trace,
        sections: Vec::new(),
    };
    let mut header_cells = found.label_cells;
    // A card table has no section rows: nothing comes back as prose.
    finish_table(
        &mut table,
        env,
        &resolve::Above::default(),
        &mut header_cells,
        findings,
    );
    findings.push(finding(
        "IK112",
        format!(
            "Filen lästes {}, inte som tabell: {}",
            found.read_as, found.note
        ),
        env.ctx.loc(first, None),
        None,
    ));
    let consumed: std::collections::HashSet<u32> = found.lines.iter().copied().collect();
    let mut items = Vec::new();
    let mut table = Some(table);
    for row in rows {
        if consumed.contains(&row.line) {
            if let Some(t) = table.take() {
                items.push(Item::Table(t));
            }
            continue;
        }
        match row.kind {
            RowKind::Text { text, heading } => {
                if !text.trim().is_empty() {
                    items.push(Item::Prose {
                        line: row.line,
                        text,
                        heading,
                        cells: 1,
                        parts: Vec::new(),
                    });
                }
            }
            RowKind::Cells(cells) => {
                if filled_cells(&cells) > 0 {
                    items.push(prose_of_cells(row.line, &cells));
                }
            }
        }
    }
    items.extend(table.map(Item::Table));
    SheetLayout {
        name,
        hidden,
        items,
        header_cells,
        nearest_header: None,
        matrix: Vec::new(),
    }
}

/// "Datum: 2023-02-14", "Dnr: SN 2021/123", "Sida: 1" (with the filled cells of each) for a
/// row of labels over its row of values, when the labels are ones the document's facts know.
fn label_value_lines(labels: &[Cell], values: &[Cell]) -> Option<Vec<(String, u32)>> {
    let width = labels.len().max(values.len());
    let text = |c: Option<&Cell>| c.filter(|c| !c.merged).map(header_text).unwrap_or_default();
    let l: Vec<String> = (0..width).map(|i| text(labels.get(i))).collect();
    let v: Vec<String> = (0..width).map(|i| text(values.get(i))).collect();
    if l.iter().filter(|x| !x.is_empty()).count() < 2
        || (0..width).any(|i| l[i].is_empty() && !v[i].is_empty())
    {
        return None;
    }
    // A text with no value under it ("ÖSTRA KOMMUN" beside "Datum | Dnr", a logo block's
    // name merged down over both rows) need not be a label: it stays a line of its own.
    let valued: Vec<String> = (0..width)
        .map(|i| {
            if v[i].is_empty() {
                String::new()
            } else {
                l[i].clone()
            }
        })
        .collect();
    crate::normalize::facts::label_value_facts(&valued, &v)?;
    Some(
        (0..width)
            .filter(|&i| !l[i].is_empty())
            .map(|i| {
                if v[i].is_empty() {
                    (l[i].clone(), 1)
                } else {
                    (format!("{}: {}", l[i], v[i]), 2)
                }
            })
            .collect(),
    )
}

/// The cells of a row of cells.
fn cells_of(row: &Row) -> Option<&[Cell]> {
    match &row.kind {
        RowKind::Cells(c) => Some(c),
        RowKind::Text { .. } => None,
    }
}

/// Makes the user's header row (`rubrikrad`) the sheet's only header: rows above it are
/// never a header, the row itself always is.
fn force_header(rows: &[Row], seen: &mut [Seen], line: u32) {
    for (row, s) in rows.iter().zip(seen.iter_mut()) {
        if row.line < line {
            if let Seen::Other { header, .. } = s {
                *header = None;
            }
        } else if row.line == line
            && let RowKind::Cells(cells) = &row.kind
        {
            let roles = cells
                .iter()
                .map(|c| {
                    if c.merged {
                        Role::Okand
                    } else {
                        synonyms::role_of(&c.value.plain())
                    }
                })
                .collect();
            *s = Seen::Other {
                header: Some(roles),
                filled: filled_cells(cells),
                used: cells
                    .iter()
                    .rposition(|c| !c.value.is_empty())
                    .map_or(0, |i| i + 1),
            };
        }
    }
}

/// The row that came nearest to being a header, on a sheet where none was found.
fn nearest_header(rows: &[Row], seen: &[Seen], opts: &LayoutOptions) -> Option<NearHeader> {
    if seen.iter().any(|s| {
        matches!(
            s,
            Seen::Other {
                header: Some(_),
                ..
            }
        )
    }) {
        return None;
    }
    rows.iter()
        .filter_map(|row| {
            let RowKind::Cells(cells) = &row.kind else {
                return None;
            };
            let s = header_score(cells, opts)?;
            (s.known >= 1).then(|| NearHeader {
                line: row.line,
                known: s.known,
                filled: s.filled,
                cells: cells
                    .iter()
                    .zip(&s.roles)
                    .filter(|(c, _)| !c.merged && !c.value.is_empty())
                    .map(|(c, r)| (header_text(c), (*r != Role::Okand).then_some(*r)))
                    .collect(),
            })
        })
        .max_by_key(|n| (n.known, std::cmp::Reverse(n.line)))
}

/// The group rows above and sub rows below each header row.
fn header_stacks(
    rows: &[Row],
    seen: &[Seen],
    vocab: &Vocab,
) -> std::collections::HashMap<usize, Stack> {
    let mut out = std::collections::HashMap::new();
    let mut taken: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for i in 0..rows.len() {
        let Seen::Other {
            header: Some(_), ..
        } = &seen[i]
        else {
            continue;
        };
        if taken.contains(&i) {
            continue;
        }
        let RowKind::Cells(head) = &rows[i].kind else {
            continue;
        };
        let mut stack = Stack::default();
        if let Some(RowKind::Cells(below)) = rows.get(i + 1).map(|r| &r.kind)
            && rows[i + 1].line == rows[i].line + 1
            && (is_sub_row(head, below, !under_data_row(rows, seen, i), vocab)
                || is_question_row(head, below))
        {
            stack.below = Some(i + 1);
        }
        if i > 0
            && !taken.contains(&(i - 1))
            && matches!(seen[i - 1], Seen::Other { header: None, .. })
            && rows[i - 1].line + 1 == rows[i].line
            && let RowKind::Cells(above) = &rows[i - 1].kind
            && is_group_row(above)
            && !wraps_row_above(rows, i - 1)
            && !under_data_row(rows, seen, i - 1)
        {
            stack.above = Some(i - 1);
        }
        if stack.above.is_some() || stack.below.is_some() {
            taken.extend(stack.above);
            taken.extend(stack.below);
            out.insert(i, stack);
        }
    }
    out
}

/// Whether a sheet's name or a short heading names a follow-up ("Uppföljning",
/// "Uppföljning delår"): a sheet of the follow-up beside the plan's.
fn names_follow_up(text: &str) -> bool {
    let t = text.trim();
    t.split_whitespace().count() <= 3
        && !t.ends_with('.')
        && crate::normalize::facts::title_type(t) == crate::model::DocType::Uppfoljning
}

/// Whether the row at `index` stands right under a row of cells (two filled or more, be
/// it data that holds field words or a header): a row of a table going on, whose first
/// cells are left blank under the risk above ("" | "" | "Ekonom" | "Kassainventering"),
/// never a group row over a new header. Two tables are set apart by a blank row or a
/// heading.
fn under_data_row(rows: &[Row], seen: &[Seen], index: usize) -> bool {
    index > 0
        && rows[index - 1].line + 1 == rows[index].line
        && matches!(seen[index - 1], Seen::Other { filled, .. } if filled >= 2)
}

/// Whether the row at `index` holds text wrapped from the row of cells on the line above it:
/// every text of it starts in lower case under a filled cell ("simhallen och" over
/// "biblioteken"), as a PDF's table pulled out as text breaks a cell's lines.
fn wraps_row_above(rows: &[Row], index: usize) -> bool {
    let (Some(above), Some(RowKind::Cells(cells))) = (
        index.checked_sub(1).map(|k| &rows[k]),
        rows.get(index).map(|r| &r.kind),
    ) else {
        return false;
    };
    let RowKind::Cells(prev) = &above.kind else {
        return false;
    };
    above.line + 1 == rows[index].line
        && cells.iter().enumerate().all(|(j, c)| {
            c.value.is_empty()
                || (starts_lower(&c.value.plain())
                    && prev.get(j).is_some_and(|p| !p.value.is_empty()))
        })
}

/// A short text of a header's stack: not a number or a date, a few words.
fn short_label(c: &Cell) -> Option<String> {
    let Value::Text(r) = &c.value else {
        return None;
    };
    let t = fold_ws(&r.plain());
    (!t.is_empty()
        && t.chars().count() <= 40
        && t.split_whitespace().count() <= 4
        && parse_risk(&t).is_none()
        && crate::normalize::date::parse_date(&t).is_none())
    .then_some(t)
}

/// A word that names a reporting period ("Delår", "Helår", "T2", "Kvartal 3").
fn is_period_word(t: &str) -> bool {
    let l = t.to_lowercase();
    period_in(t).is_some()
        || [
            "tertial", "kvartal", "halvår", "t1", "t2", "t3", "q1", "q2", "q3", "q4",
        ]
        .iter()
        .any(|w| l.split_whitespace().any(|x| x == *w) || l.starts_with(w))
}

/// A row right under a header that completes it: short labels only, each under a header
/// cell that is empty or merged over several columns, or naming a period (or anywhere, when
/// the header's cells are merged down into the row); at least one names a field, a period
/// or a month. A label may also stand under a filled header cell when it names a field of
/// its own and the header stands clear of rows of data (`fresh`): a CSV or text export has
/// lost the merges, so "Riskbedömning" over "Sannolikhet | Konsekvens" or "Uppföljning;
/// Uppföljning" over "Status | Brister" shows each group's word over a column it names
/// (see [`names_under_filled`]).
fn is_sub_row(head: &[Cell], below: &[Cell], fresh: bool, vocab: &Vocab) -> bool {
    let mut any = false;
    let mut names = false;
    // The labels standing under filled header cells: (the header cell's role, the label's).
    let mut under_filled: Vec<(Role, Role)> = Vec::new();
    let mut labels = 0usize;
    // The labels right under a filled header cell, and of those the ones whose whole
    // wording names a field, a period or a month.
    let (mut under_named, mut whole) = (0usize, 0usize);
    // Header cells merged down into the row (two or more): the row is the header's lower
    // half, and a label of it may stand under a filled header cell of its own ("Uppföljning"
    // over "Genomförd?", "Riskbedömning" over "Riskvärde": a group one column wide). Only
    // for a header standing clear of rows of data (`fresh`): a risk's row merged down over
    // its controls' rows looks the same.
    let copies: Vec<&Cell> = below
        .iter()
        .zip(head)
        .filter(|(b, h)| b.merged && !h.value.is_empty() && b.value == h.value)
        .map(|(_, h)| h)
        .collect();
    // The cells merged down are names too, no values (a risk's merged cells hold its
    // values: "6 (3x2)", "S=3, K=2").
    let named = |h: &Cell| match &h.value {
        Value::Text(r) => {
            let t = fold_ws(&r.plain());
            t.chars().count() <= 80 && parse_risk(&t).is_none() && !starts_digit(&t)
        }
        _ => false,
    };
    let merged_down = fresh && copies.len() >= 2 && copies.iter().all(|h| named(h));
    for (j, c) in below.iter().enumerate() {
        if c.merged || c.value.is_empty() {
            continue;
        }
        let Some(text) = short_label(c) else {
            return false;
        };
        // A sentence ("Uppföljningen fortsätter vid helår.", a cell's last paragraph
        // carried over a page break under the repeated header) names no column.
        if text.ends_with('.') && text.split_whitespace().count() >= 3 {
            return false;
        }
        any = true;
        labels += 1;
        let open = |k: usize| head.get(k).is_none_or(|h| h.value.is_empty() || h.merged);
        // Under an empty or merged header cell, or under a group label whose neighbour is
        // empty or merged (text pulled out of Word loses the merge, not the gap).
        let open_above = open(j) || open(j + 1);
        let above = head
            .get(j)
            .map_or(Role::Okand, |h| synonyms::role_of(&header_text(h)));
        // A period's word under a column of how often ("Varje tertial", "En gång per
        // kvartal" under "Hur ofta?") is its value, no period's column.
        if !open_above && above == Role::Frekvens && is_period_word(&text) {
            return false;
        }
        if !open_above && !merged_down && !is_period_word(&text) {
            match field_label(&text, above, vocab) {
                Some(role) if fresh => under_filled.push((above, role)),
                _ => return false,
            }
        }
        if head
            .get(j)
            .is_some_and(|h| !h.merged && !h.value.is_empty())
        {
            under_named += 1;
            whole += usize::from(
                names_field_whole(&text) || is_period_word(&text) || is_month_word(&text),
            );
        }
        // A month's name ("Jan" … "Dec" under "Kontrollen genomförs (månad)") names its
        // column of a schedule, as a period's word names a follow-up's.
        // Under a header merged down into the row, a field's name later in the label
        // counts too ("Riskbedömning" over "Bedömt riskvärde").
        // Under a group merged across ("Bedömning" over "Inga brister | Mindre brister |
        // Väsentliga brister"), a field's values name a column each, to be marked.
        names |= is_period_word(&text)
            || is_month_word(&text)
            || synonyms::role_of(&text) != Role::Okand
            || (merged_down && field_label(&text, Role::Okand, vocab).is_some())
            || (merged_down
                && open_above
                && (vocab.assessment(&text).is_some() || vocab.status(&text).is_some()));
    }
    // A label under every filled header cell, each a field's name by its leading words
    // only ("Kontroll av diarieföring | Jämförelse mot ekonomisystemet" under "Kontrollmoment
    // | Metod"): the table's first row of data. A header's lower half under a header as
    // wide names its fields whole.
    let head_filled = head
        .iter()
        .filter(|h| !h.merged && !h.value.is_empty())
        .count();
    let full = labels >= head_filled && under_named == labels;
    any && names && names_under_filled(&under_filled, labels) && !(full && whole < labels)
}

/// Whether the labels standing under filled header cells make the row a header's lower
/// half. Each must narrow the field of the header cell over it ("Riskbedömning" over
/// "Sannolikhet/Konsekvens", "Uppföljning" over "Status"), or stand under a word that
/// names no field: a header wrapped over two lines ("Riskbedömning" over "BEDÖMNING S",
/// a line of a broken header cell) names another field by chance. One label alone must
/// narrow a field: a row of one short text under a header is more often a section
/// ("Verksamhet", "Ekonomi") or a first row of data.
fn names_under_filled(under_filled: &[(Role, Role)], labels: usize) -> bool {
    match under_filled {
        [] => true,
        [(above, label)] if labels == 1 => narrows(*above, *label, false),
        _ => under_filled
            .iter()
            .all(|(above, label)| *above == Role::Okand || narrows(*above, *label, true)),
    }
}

/// Whether a label under a header cell names the header's field or a part of it: the same
/// field, one of the risk's scale fields under another ("Riskbedömning" over "Sannolikhet",
/// "RV"), a follow-up's field under a column of when it is followed up ("Uppföljning" over
/// "Status"), or, in a row of several labels (`level`), a field of the same level
/// ("Kontroll" over "Kontrollmoment | Metod"; a section row alone, "Process: Ekonomi" under
/// "Risk", is not).
fn narrows(above: Role, label: Role, level: bool) -> bool {
    let scale = |r: Role| {
        matches!(
            r,
            Role::Sannolikhet
                | Role::Konsekvens
                | Role::Riskvarde
                | Role::Combined(Combo::SannolikhetKonsekvens)
        )
    };
    above == label
        || (level && above.level() == label.level() && above.level() != Level::None)
        || (scale(above) && scale(label))
        || (above == Role::UppfoljningNar && label.level() == Level::FollowUp)
}

/// The field a short label under a filled header cell names, when it names one as a
/// column's name and not as a value: "Status", "Bedömt riskvärde", "Brister" name fields;
/// "Inga brister" and "Genomförd" are a follow-up's values, and name the status only as a
/// question or a word under a column of when it is followed up ("Uppföljning" over
/// "Genomförd?", "Utfört"), as [`under_follow_up_group`] reads them.
fn field_label(text: &str, above: Role, vocab: &Vocab) -> Option<Role> {
    let bare = text.trim_end_matches(['?', ':']).trim();
    let value = vocab.status(bare).is_some() || vocab.assessment(bare).is_some();
    if value {
        return (above == Role::UppfoljningNar && vocab.status(bare).is_some())
            .then_some(Role::Status);
    }
    // "Bedömt riskvärde": a field's name later in the label counts here, as the column's
    // reading takes it too.
    synonyms::wording_candidates(text)
        .first()
        .map(|(r, _)| *r)
        .filter(|r| *r != Role::Okand)
}

/// A guide row right under a header that asks what each column answers ("Mål 1) | VAD? |
/// VEM? | HUR? | NÄR?"): three questions or more under filled header cells, and at most
/// one other short text. It belongs to the header and names no field.
fn is_question_row(head: &[Cell], below: &[Cell]) -> bool {
    let (mut questions, mut others) = (0, 0);
    for (j, c) in below.iter().enumerate() {
        if c.merged || c.value.is_empty() {
            continue;
        }
        let Some(text) = short_label(c) else {
            return false;
        };
        if text.ends_with('?') && text.split_whitespace().count() <= 3 {
            if head.get(j).is_none_or(|h| h.value.is_empty()) {
                return false;
            }
            questions += 1;
        } else {
            others += 1;
        }
    }
    questions >= 3 && others <= 1
}

/// A row above a header that groups its columns: short labels, merged over several
/// columns, or standing clear of the first column.
fn is_group_row(above: &[Cell]) -> bool {
    let mut any = false;
    let mut spans = false;
    for (j, c) in above.iter().enumerate() {
        if c.merged {
            spans |= j > 0 && !above[j - 1].value.is_empty();
            continue;
        }
        if c.value.is_empty() {
            continue;
        }
        if short_label(c).is_none() {
            return false;
        }
        any = true;
    }
    any && (spans || above.first().is_none_or(|c| c.value.is_empty()))
}

/// The columns of a header row with its stack: each column's role is named by its
/// lowest text that names a field, else by its texts together; its period by any of them.
fn stacked_columns(
    rows: &[Row],
    cells: &[Cell],
    roles: &[Role],
    stack: &Stack,
    vocab: &Vocab,
) -> Vec<Column> {
    let level = |i: Option<usize>| -> &[Cell] { i.and_then(|i| cells_of(&rows[i])).unwrap_or(&[]) };
    // A guide row of questions under the header names nothing: the header alone does.
    let stack = &Stack {
        above: stack.above,
        below: stack
            .below
            .filter(|&i| !is_question_row(cells, level(Some(i)))),
    };
    let above = level(stack.above);
    let below = level(stack.below);
    let width = cells.len().max(above.len()).max(below.len());
    // A group label without merges applies to the unnamed columns to its right; a period's
    // label ("Delår" over "Status | Kommentar") also to the follow-up's columns to its right,
    // each field once.
    let mut group: Vec<String> = Vec::with_capacity(width);
    let mut carry = String::new();
    let mut carried: Vec<Role> = Vec::new();
    for j in 0..width {
        let own = above.get(j).map(header_text).unwrap_or_default();
        let role = roles.get(j).copied().unwrap_or(Role::Okand);
        let head_known = role != Role::Okand;
        let follows_period = role.level() == Level::FollowUp
            && !carried.contains(&role)
            && period_in(&carry).is_some();
        if !own.is_empty() {
            carry = own.clone();
            carried = vec![role];
            group.push(own);
        } else if !carry.is_empty() && (!head_known || follows_period) && stack.above.is_some() {
            carried.push(role);
            group.push(carry.clone());
        } else {
            carry.clear();
            group.push(String::new());
        }
    }
    // A header label over empty cells, with a sub row under them, groups those columns.
    let mut heads: Vec<String> = Vec::with_capacity(width);
    for j in 0..width {
        let own = cells.get(j).map(header_text).unwrap_or_default();
        let inherited = match heads.last() {
            Some(prev) if own.is_empty() && stack.below.is_some() && j > 0 => prev.clone(),
            _ => String::new(),
        };
        heads.push(if own.is_empty() { inherited } else { own });
    }
    (0..width)
        .map(|j| {
            let head = heads[j].clone();
            let sub = below
                .get(j)
                .filter(|c| !c.merged)
                .map(header_text)
                .unwrap_or_default();
            let mut texts: Vec<String> = Vec::new();
            for t in [group[j].clone(), head, sub] {
                if !t.is_empty() && texts.last() != Some(&t) {
                    texts.push(t);
                }
            }
            // "Uppföljning helår" over "Genomförd (Ja/Nej)": the group names the period,
            // the header under it the field, read by its own wording (and content).
            let group_period = period_group(&group[j]);
            if group_period.is_some()
                && texts.len() > 1
                && texts[1..]
                    .iter()
                    .all(|t| synonyms::role_of(t) == Role::Okand && period_in(t).is_none())
            {
                texts.remove(0);
                let own = texts.join(" ");
                return Column::new(j, own.clone(), synonyms::role_of(&own), group_period);
            }
            let own_role = roles.get(j).copied().unwrap_or(Role::Okand);
            let merged_head = cells.get(j).is_some_and(|c| c.merged);
            let role = if stack.above.is_none() && stack.below.is_none() {
                own_role
            } else {
                texts
                    .iter()
                    .rev()
                    .map(|t| synonyms::role_of(t))
                    .find(|r| *r != Role::Okand)
                    .filter(|_| !merged_head || texts.len() > 1)
                    .unwrap_or_else(|| synonyms::role_of(&texts.join(" ")))
            };
            let role = if texts.is_empty() { Role::Okand } else { role };
            let role = under_follow_up_group(&texts, role, vocab);
            let period = texts.iter().rev().find_map(|t| period_in(t));
            Column::new(j, texts.join(" "), role, period)
        })
        .collect()
}

/// A column under a follow-up's group label ("Uppföljning" over "Genomförd? | Utfall |
/// Vidtagna åtgärder"): a label that is a status word asks for the status ("Genomförd?",
/// "Utfört"), and measures named there are the follow-up's new ones, not the plan's; the
/// group's own field (when the follow-up is made) names none of its columns.
fn under_follow_up_group(texts: &[String], role: Role, vocab: &Vocab) -> Role {
    let Some((lowest, upper)) = texts.split_last() else {
        return role;
    };
    if upper.is_empty()
        || !upper
            .iter()
            .any(|t| synonyms::role_of(t) == Role::UppfoljningNar)
    {
        return role;
    }
    // "Genomförd årsbokslut": a status word with the period the column follows up.
    let bare: Vec<&str> = lowest
        .split_whitespace()
        .filter(|w| period_in(w).is_none())
        .collect();
    let bare = bare.join(" ");
    match synonyms::role_of(lowest) {
        Role::Atgard => Role::NyAtgard,
        Role::Okand
            if vocab
                .status(bare.trim_end_matches(['?', ':']).trim())
                .is_some() =>
        {
            Role::Status
        }
        _ => role,
    }
}

/// A group label that only names a follow-up's period ("Uppföljning helår", "Delår"):
/// that period.
fn period_group(text: &str) -> Option<Period> {
    let period = period_in(text)?;
    matches!(synonyms::role_of(text), Role::Okand | Role::UppfoljningNar).then_some(period)
}

/// The text of a section row: one short text alone on a row (in its first cell, or merged
/// across the table), in a table of three or more columns, or of two when the text says it
/// is one (a label, or a risk's name with its numbers).
fn section_text(cells: &[Cell], width: usize) -> Option<String> {
    use evidence::threshold::SECTION_MAX_WORDS;
    if width < 2 {
        return None;
    }
    let t = first_cell_text(cells)?;
    // A labelled section ("Riskområde: Tillförlitlig rapportering och information") or one
    // merged across the table may say more.
    let merged_across = cells.len() >= 3 && cells[1..].iter().all(|c| c.merged);
    let (value, max_words, max_chars, named) = match section_label(&t) {
        Some((_, v)) => (v, 2 * SECTION_MAX_WORDS, 120, true),
        None if let Some(h) = risk_heading(&t) => (h.title, 2 * SECTION_MAX_WORDS, 160, true),
        // A risk's name with its numbers after it ("Bisysslor (S 2 × K 5 = riskvärde 10)").
        None if let Some((title, _)) = trailing_risk_numbers(&t) => {
            (title, 2 * SECTION_MAX_WORDS, 160, true)
        }
        None if merged_across => (t.as_str(), 2 * SECTION_MAX_WORDS, 120, false),
        None => (t.as_str(), SECTION_MAX_WORDS, 60, false),
    };
    // In a table of two columns a first cell alone is as likely a row with its second cell
    // empty: a section there says it is one, by its label or a risk's numbers.
    if width < 3 && !named {
        return None;
    }
    // A section keeps its outline number ("1 Ekonomi", "2. Verksamhet"): its words start
    // after it.
    let (value, _) = section_number(value);
    let words = value.split_whitespace().count();
    let ok = (1..=max_words).contains(&words)
        && t.chars().count() <= max_chars
        && !t.ends_with('.')
        && value
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && c.is_uppercase())
        && parse_risk(&t).is_none()
        && crate::normalize::date::parse_date(&t).is_none();
    ok.then_some(t)
}

/// A row's cells with the wordless ones in columns no header names emptied ("K\\S 1 2 3",
/// "1, 3": a risk matrix printed beside the plan, a tick in an unnamed column): they do not
/// keep a section row's text from standing alone. The row itself when it has none.
fn without_unnamed_marks<'a>(cells: &'a [Cell], roles: &[Role]) -> std::borrow::Cow<'a, [Cell]> {
    let mark = |i: usize, c: &Cell| {
        i > 0
            && !c.value.is_empty()
            && roles.get(i).is_none_or(|r| *r == Role::Okand)
            && !c
                .value
                .plain_ref()
                .split(|ch: char| !ch.is_alphabetic())
                .any(|w| w.chars().count() >= 2)
    };
    if !cells.iter().enumerate().any(|(i, c)| mark(i, c)) {
        return std::borrow::Cow::Borrowed(cells);
    }
    cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if mark(i, c) {
                Cell::default()
            } else {
                c.clone()
            }
        })
        .collect()
}

/// A section row's outline number and the words after it: "1 Ekonomi" → ("Ekonomi",
/// "1"), "2.1. Personal" → ("Personal", "2.1"); a text with no such number is itself.
fn section_number(text: &str) -> (&str, Option<&str>) {
    let t = text.trim();
    let Some((lead, rest)) = t.split_once(char::is_whitespace) else {
        return (t, None);
    };
    let n = lead.trim_end_matches('.');
    // Parts of one or two digits: "2021 Uppföljning" starts with a year, not a number.
    let numbered = n
        .split('.')
        .all(|p| (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    if numbered && !rest.trim().is_empty() {
        (rest.trim(), Some(n))
    } else {
        (t, None)
    }
}

/// The next non-blank row after `index` is a row of data (two or more filled cells, not a
/// header): a section heads rows, it does not end a table.
/// A row that reads as a weaker header than the open table's (`open`) counts as data, unless
/// every one of its four or more cells names a field.
fn next_is_data(rows: &[Row], seen: &[Seen], index: usize, open: &[Role]) -> bool {
    let Some(k) = (index + 1..rows.len()).find(|&k| !matches!(seen[k], Seen::Blank)) else {
        return false;
    };
    match (&seen[k], &rows[k].kind) {
        (Seen::Other { header: None, .. }, RowKind::Cells(cells)) => filled_cells(cells) >= 2,
        (
            Seen::Other {
                header: Some(r), ..
            },
            RowKind::Cells(cells),
        ) => {
            let filled = filled_cells(cells) as usize;
            // Four cells or more, each naming a field: the header of a narrower table (the
            // follow-ups under a heading below the plan), not data holding field words.
            let whole = filled >= 4 && known_roles(r) == filled;
            filled >= 2 && known_roles(r) < known_roles(open) && !whole
        }
        _ => false,
    }
}

/// What stands between a section row and the rows of data it heads.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ahead {
    /// The data, or the table's header repeated over it (a header under each banner).
    Data,
    /// One text alone on its row (at this index), then the data: the description of the
    /// risk the section names.
    Description(usize),
}

/// Whether the row of cells at `index` heads rows of the open table `o` as a section, and
/// what stands between it and them (see [`Ahead`]).
fn section_ahead(rows: &[Row], seen: &[Seen], index: usize, o: &Open) -> Option<Ahead> {
    if next_is_data(rows, seen, index, &o.roles) {
        return Some(Ahead::Data);
    }
    // A banner naming the risk of the rows below it: a row of the table (no paragraph
    // between tables) where the columns name no risk, right under the table's rows (no
    // blank row: no heading set apart, no next document's title), with its description or
    // the header right under it.
    let blank = |i: usize| matches!(seen[i], Seen::Blank);
    let cells = |i: usize| matches!(rows[i].kind, RowKind::Cells(_));
    // (Blank lines between the header and its first banner set nothing apart: a reader
    // that joins a header's wrapped lines leaves them blank.)
    let set_apart = index == 0 || (blank(index - 1) && !o.table.rows.is_empty());
    if o.roles.iter().any(|&r| is_risk_name(r)) || set_apart || !cells(index) {
        return None;
    }
    // The data right below, or below the table's header written again.
    let data_below = |i: usize| {
        next_is_data(rows, seen, i, &o.roles)
            || (i + 1 < rows.len()
                && match (&seen[i + 1], &rows[i + 1].kind) {
                    (
                        Seen::Other {
                            header: Some(r), ..
                        },
                        RowKind::Cells(cells),
                    ) => {
                        repeats_header(o, r, Some(cells))
                            && next_is_data(rows, seen, i + 1, &o.roles)
                    }
                    _ => false,
                })
    };
    if data_below(index) {
        return Some(Ahead::Data);
    }
    let k = index + 1;
    if k >= rows.len() || blank(k) || !cells(k) {
        return None;
    }
    let words = lone_text(&rows[k])?.split_whitespace().count();
    (words >= 3 && data_below(k)).then_some(Ahead::Description(k))
}

/// The text of a row holding one text alone as a section row does: a line, or its first
/// cell (see [`first_cell_text`]).
fn lone_text(row: &Row) -> Option<String> {
    match &row.kind {
        RowKind::Text { text, .. } => Some(fold_ws(text)),
        RowKind::Cells(cells) => first_cell_text(cells),
    }
}

/// The text of a row whose only filled cell of its own is its first (one merged across the
/// row counts as the first's), folded.
fn first_cell_text(cells: &[Cell]) -> Option<String> {
    if !only_first_cell_filled(cells) {
        return None;
    }
    match &cells[0].value {
        Value::Text(r) => Some(fold_ws(&r.plain())),
        _ => None,
    }
}

/// Gives the section just added the description [`section_ahead`] found under it; the
/// description's row is then read (`skip`). The cells taken.
fn take_description(
    o: &mut Open,
    rows: &[Row],
    ahead: Ahead,
    skip: &mut std::collections::HashSet<usize>,
) -> u32 {
    let Ahead::Description(k) = ahead else {
        return 0;
    };
    let (Some(text), Some(section)) = (lone_text(&rows[k]), o.table.sections.last_mut()) else {
        return 0;
    };
    section.description = Some(text);
    o.table.trace.push((rows[k].line, RowRole::Section));
    skip.insert(k);
    1
}

/// A numbered list of risks written as lines above a table ("Risk 1: Felaktiga
/// löneutbetalningar (S 3, K 3)"), where the table's risk column holds only those numbers:
/// the list is the risks (a table of its own: number, title and the value written after
/// it) and the column their numbers, by which assembly joins the table's controls to them
/// (`join_tables`). A risk of the list that the table does not name stays a risk.
fn risk_list_tables(items: &mut Vec<Item>) {
    let mut i = 0;
    while i < items.len() {
        let mut entries: Vec<(u32, RiskListEntry)> = Vec::new();
        let mut j = i;
        while let Some(Item::Prose {
            line,
            text,
            heading: 0,
            ..
        }) = items.get(j)
            && let Some(e) = risk_list_entry(text)
        {
            entries.push((*line, e));
            j += 1;
        }
        let numbers: std::collections::HashSet<&str> =
            entries.iter().map(|(_, e)| e.nummer.as_str()).collect();
        if entries.len() < 2 || numbers.len() < entries.len() {
            i = j.max(i + 1);
            continue;
        }
        let referring = items[j..].iter().enumerate().find_map(|(k, it)| match it {
            Item::Table(t) => number_column(t, &numbers).map(|c| (j + k, c)),
            Item::Prose { .. } => None,
        });
        let Some((t, c)) = referring else {
            i = j;
            continue;
        };
        if let Item::Table(table) = &mut items[t] {
            let col = &mut table.columns[c];
            col.role = Role::RiskNummer;
            col.note = Some("kolumnen anger numren i risklistan ovanför tabellen".to_string());
        }
        let rows: Vec<TableRow> = entries
            .iter()
            .map(|(line, e)| TableRow {
                first_line: *line,
                last_line: *line,
                cells: vec![
                    Cell::text(&e.nummer),
                    Cell::text(&e.title),
                    e.value.as_deref().map(Cell::text).unwrap_or_default(),
                ],
                merged_group: false,
                source_cells: 1,
                section: None,
            })
            .collect();
        let column = |index: usize, header: &str, role: Role| Column {
            confidence: 1.0,
            note: Some("risklista skriven som rader".to_string()),
            ..Column::new(index, header.to_string(), role, None)
        };
        let list = Table {
            header_line: entries[0].0,
            columns: vec![
                column(0, "Nr", Role::RiskNummer),
                column(1, "Risk", Role::Riskomrade),
                column(2, "Riskbedömning", Role::Riskvarde),
            ],
            trace: rows.iter().map(|r| (r.first_line, RowRole::Data)).collect(),
            rows,
            sections: Vec::new(),
        };
        items.splice(i..j, [Item::Table(list)]);
        i += 1;
    }
}

/// One line of a risk list: "Risk 2: Bristande efterlevnad av attestreglementet (S 2, K 4)".
#[derive(Debug, Clone, PartialEq)]
struct RiskListEntry {
    nummer: String,
    title: String,
    /// The value written after the title ("S 2, K 4"), for the riskvärde column to read.
    value: Option<String>,
}

fn risk_list_entry(text: &str) -> Option<RiskListEntry> {
    static ENTRY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^\s*risk\s*(?:nr\.?\s*)?(\d{1,3})\s*[:.)–-]\s*(.+?)\s*$")
            .expect("risk list regex")
    });
    let c = ENTRY.captures(text)?;
    let (nummer, rest) = (c[1].to_string(), c[2].trim());
    let (title, value) = match rest.strip_suffix(')').and_then(|r| r.rsplit_once('(')) {
        Some((t, v)) if crate::normalize::number::parse_risk(v).is_some() => {
            (t.trim().to_string(), Some(v.trim().to_string()))
        }
        _ => (rest.to_string(), None),
    };
    let words = title.split_whitespace().count();
    ((1..=20).contains(&words) && !title.ends_with(':')).then_some(RiskListEntry {
        nummer,
        title,
        value,
    })
}

/// The column of a table that holds only numbers of the list (two or more), in a table with
/// no other column naming its risks.
fn number_column(table: &Table, numbers: &std::collections::HashSet<&str>) -> Option<usize> {
    table.columns.iter().position(|col| {
        let candidate = matches!(col.role, Role::RiskNummer | Role::Riskvarde | Role::Okand)
            || is_risk_name(col.role);
        let others_name = table
            .columns
            .iter()
            .any(|o| o.index != col.index && is_risk_name(o.role));
        if !candidate || others_name {
            return false;
        }
        let mut filled = 0;
        let all = table.rows.iter().all(|r| match r.cells.get(col.index) {
            None => true,
            Some(c) if c.value.is_empty() => true,
            Some(c) => {
                filled += 1;
                let v = c.value.plain();
                let v = v.trim();
                numbers.contains(v.strip_suffix(".0").unwrap_or(v))
            }
        });
        all && filled >= 2
    })
}

/// A field that names a risk: its title, or its description.
fn is_risk_name(role: Role) -> bool {
    matches!(
        role,
        Role::Riskomrade | Role::RiskTitelBeskrivning | Role::Riskbeskrivning
    )
}

/// A page's running header or footer: a short line with a page number ("sida 1 (2)",
/// "Sida 3 av 7", "2/5").
fn is_page_marker(text: &str) -> bool {
    static PAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)(\bsid(a|an)?\.?\s*\d+(\s*(\(\s*\d+\s*\)|av\s+\d+|/\s*\d+))?\s*$)|(^\s*\d+\s*(\(\s*\d+\s*\)|/\s*\d+|av\s+\d+)\s*$)|(^\s*\p{L}+\s+\d+\s*\(\s*\d+\s*\)\s*$)",
        )
        .expect("page marker regex")
    });
    text.split_whitespace().count() <= 15 && PAGE.is_match(text.trim())
}

/// Short lines between a table's rows and the rest of them on the next page, where the header
/// was not repeated: a page's footer and the next page's head ("Justerandes sign", "UMEÅ
/// KOMMUN", "PROTOKOLL 5 (35)", the committee and the date), at most [`PAGE_BREAK_LINES`]
/// of them, one of them naming the page; the row after them is data of the table. The index
/// of the region's last line, when the lines from `index` are such a region.
fn page_break_ahead(
    rows: &[Row],
    seen: &[Seen],
    index: usize,
    text: &str,
    open: &Open,
) -> Option<usize> {
    // A line of a page's foot or head: short, or the one naming the page.
    let break_line = |t: &str| t.split_whitespace().count() <= 8 || is_page_marker(t);
    // The line at `index` is being read (its text is `text`, taken out of `rows`).
    if !break_line(text) {
        return None;
    }
    let mut marker = is_page_marker(text);
    if marker && continues_table(rows, seen, index, open) {
        return Some(index);
    }
    let mut k = index + 1;
    let mut lines = 1;
    while k < rows.len() && lines < PAGE_BREAK_LINES {
        match (&seen[k], &rows[k].kind) {
            (Seen::Blank, _) => {}
            (_, RowKind::Text { text, heading: 0 }) if break_line(text) => {
                marker |= is_page_marker(text);
                lines += 1;
            }
            _ => break,
        }
        if marker && continues_table(rows, seen, k, open) {
            return Some(k);
        }
        k += 1;
    }
    None
}

/// A page's footer and the next page's head are at most this many lines.
const PAGE_BREAK_LINES: usize = 8;

/// The next row that is not blank is a row of data as wide as the open table (at most),
/// with two or more filled cells, the text of the last row's cells going on
/// ([`is_continuation`]) or the table's header repeated: the table goes on after a page's
/// header or footer.
fn continues_table(rows: &[Row], seen: &[Seen], index: usize, open: &Open) -> bool {
    let Some(k) = (index + 1..rows.len()).find(|&k| !matches!(seen[k], Seen::Blank)) else {
        return false;
    };
    matches!(
        (&seen[k], &rows[k].kind),
        (Seen::Other { header: None, used, .. }, RowKind::Cells(cells))
            if *used <= open.table.columns.len()
                && (filled_cells(cells) >= 2
                    || open
                        .table
                        .rows
                        .last()
                        .is_some_and(|prev| is_continuation(&open.roles, &prev.cells, cells)))
    ) || matches!(
        (&seen[k], &rows[k].kind),
        (Seen::Other { header: Some(roles), .. }, RowKind::Cells(cells))
            if repeats_header(open, roles, Some(cells))
    )
}

/// A section row's label and value: "Riskområde: Ändamålsenlig verksamhet" is the category
/// "Ändamålsenlig verksamhet", "Process: Upphandling" the process "Upphandling". Only labels
/// that name the field itself, or a category's word the vocabulary knows ("Perspektiv:
/// Ekonomi"); "Stödprocess: Ekonomi" keeps its words.
fn section_label(text: &str) -> Option<(Role, &str)> {
    let (label, value) = text.split_once(':')?;
    let role = match synonyms::header_key(label).as_str() {
        "riskområde" | "område" | "kategori" | "riskkategori" | "verksamhetsområde" | "avsnitt"
        | "granskningsområde" | "kontrollområde" => Role::Kategori,
        "process" | "processområde" | "huvudprocess" | "delprocess" => Role::Process,
        // Another short label the vocabulary knows for a category ("Perspektiv: Ekonomi");
        // processes only by the words above ("Stödprocess: Ekonomi" names no process).
        _ if label.split_whitespace().count() <= 2
            && synonyms::role_of(label) == Role::Kategori =>
        {
            Role::Kategori
        }
        _ => return None,
    };
    let value = value.trim();
    (!value.is_empty()).then_some((role, value))
}

/// A text ending in a bracket of risk numbers ("Felaktiga utbetalningar (riskvärde 12)",
/// "Otillåten gallring (S3 K4)"): the text before the bracket (its end trimmed), the
/// bracket's text and its numbers.
pub(crate) fn bracketed_risk_numbers(text: &str) -> Option<(&str, &str, RiskNumbers)> {
    let (title, inside) = text.strip_suffix(')')?.rsplit_once('(')?;
    Some((title.trim_end(), inside, parse_risk(inside)?))
}

/// A title followed by a bracket that names its risk numbers ("Felaktiga utbetalningar
/// (riskvärde 12)", "… (S3 K4)", "… (3x4)"); a bare number in brackets ("Bilaga (2)") is
/// no risk's.
fn titled_risk_numbers(text: &str) -> Option<(&str, RiskNumbers)> {
    let (title, inside, numbers) = bracketed_risk_numbers(text)?;
    let bare = inside.trim().chars().all(|c| c.is_ascii_digit());
    (!title.is_empty() && !bare).then_some((title, numbers))
}

/// A title followed by its risk's numbers, in a bracket (see [`titled_risk_numbers`]) or
/// after a dash ("Kränkande behandling – riskvärde 10", "Bisysslor - S 2 × K 5"): the title
/// and the numbers. After a dash the numbers are labelled: a bare number ends many titles.
fn trailing_risk_numbers(text: &str) -> Option<(&str, RiskNumbers)> {
    if let Some(found) = titled_risk_numbers(text) {
        return Some(found);
    }
    let (title, tail) = [" – ", " - ", " — "]
        .iter()
        .filter_map(|sep| text.rsplit_once(sep))
        .max_by_key(|(title, _)| title.len())?;
    let title = title.trim_end();
    if title.is_empty() || !tail.chars().any(char::is_alphabetic) {
        return None;
    }
    Some((title, parse_risk(tail)?))
}

/// A heading or section row naming a risk: its number, its title and the numbers a
/// parenthesis after the title gives.
#[derive(Debug, PartialEq)]
struct RiskHeading<'a> {
    nummer: Option<String>,
    title: &'a str,
    numbers: Option<RiskNumbers>,
}

/// "Risk 2: Felaktig ersättning till fristående skolor (riskvärde 9)" → number 2, the
/// title, riskvärde 9; "Risk: Otillåten gallring (S3 K4)". The label must name the risk
/// field; the parenthesis is taken only when it reads as risk numbers.
fn risk_heading(text: &str) -> Option<RiskHeading<'_>> {
    // The label ends at a colon or at a dash between spaces ("Risk 1 - Felaktiga
    // arvoden"), whichever comes first; a dash only after a number.
    let (at, sep, dashed) = [(":", false), (" - ", true), (" – ", true), (" — ", true)]
        .iter()
        .filter_map(|&(sep, dashed)| text.find(sep).map(|i| (i, sep, dashed)))
        .min_by_key(|&(i, ..)| i)?;
    let (label, value) = (&text[..at], &text[at + sep.len()..]);
    let mut words: Vec<&str> = label.split_whitespace().collect();
    let nummer = match words.last() {
        Some(n) if words.len() > 1 && n.chars().all(|c| c.is_ascii_digit() || c == '.') => {
            let n = n.trim_end_matches('.').to_string();
            words.pop();
            (!n.is_empty()).then_some(n)
        }
        _ => None,
    };
    if dashed && nummer.is_none() {
        return None;
    }
    if !matches!(
        synonyms::role_of(&words.join(" ")),
        Role::RiskTitelBeskrivning | Role::Riskomrade
    ) {
        return None;
    }
    let value = value.trim();
    let (title, numbers) = match bracketed_risk_numbers(value) {
        Some((title, _, n)) => (title, Some(n)),
        None => (value, None),
    };
    (!title.is_empty()).then_some(RiskHeading {
        nummer,
        title,
        numbers,
    })
}

/// A line giving a risk's numbers under its label, no colon: "Riskvärde 12 (sannolikhet 3,
/// konsekvens 4)", "Sannolikhet 3 Konsekvens 4". At least two of the three are read.
fn risk_numbers_line(text: &str) -> Option<RiskNumbers> {
    let t = fold_ws(text);
    let label = t.split(|c: char| c.is_ascii_digit()).next()?.trim();
    if t.split_whitespace().count() > 8
        || !matches!(
            synonyms::role_of(label),
            Role::Riskvarde | Role::Sannolikhet | Role::Konsekvens
        )
    {
        return None;
    }
    let n = parse_risk(&t)?;
    let parts = [n.value, n.sannolikhet, n.konsekvens]
        .iter()
        .filter(|v| v.is_some())
        .count();
    (parts >= 2).then_some(n)
}

fn add_section(o: &mut Open, line: u32, text: String) {
    o.table.trace.push((line, RowRole::Section));
    o.table.sections.push(Section {
        line,
        text,
        role: Role::Kategori,
        nummer: None,
        numbers: None,
        description: None,
    });
}

/// Decides what each section's text fills, now that the columns are known; a section with
/// no row under it is prose again (returned, its cells taken back from `header_cells`).
fn settle_sections(table: &mut Table, header_cells: &mut u32) -> Vec<Item> {
    let has = |r: Role| table.columns.iter().any(|c| c.role == r);
    let (kategori, process) = (has(Role::Kategori), has(Role::Process));
    let names_risk = table.names_risk();
    let used: std::collections::HashSet<usize> =
        table.rows.iter().filter_map(|r| r.section).collect();
    // The sections name processes when every one of them says so ("LEDNINGSPROCESSER",
    // "Stödprocess: Ekonomi"); otherwise they are categories.
    let processes = table
        .sections
        .iter()
        .all(|s| s.text.to_lowercase().contains("process"));
    let mut loose = Vec::new();
    for (i, s) in table.sections.iter_mut().enumerate() {
        // "Risk 1: … (riskvärde 12)" over the rows of a table whose columns name no risk.
        if !names_risk
            && used.contains(&i)
            && let Some(h) = risk_heading(&s.text)
        {
            s.role = Role::Riskomrade;
            s.nummer = h.nummer;
            s.numbers = h.numbers;
            s.text = h.title.to_string();
            continue;
        }
        // "1 Ekonomi": the number is the section's, its words the text.
        if let (text, Some(n)) = section_number(&s.text) {
            (s.nummer, s.text) = (Some(n.to_string()), text.to_string());
        }
        if let Some((role, value)) = section_label(&s.text) {
            s.role = match role {
                Role::Process if !process => Role::Process,
                Role::Kategori if !kategori => Role::Kategori,
                _ => Role::Okand,
            };
            if s.role != Role::Okand && used.contains(&i) {
                s.text = value.to_string();
                continue;
            }
        }
        s.role = if processes && !process {
            Role::Process
        } else if !names_risk {
            // A table whose columns name no risk ("Kontrollmoment | Metod | Status") under
            // area rows: each area is the risk of the rows below it, with the numbers the
            // row gives it ("Bisysslor (S 2 × K 5 = riskvärde 10)", "… – riskvärde 4").
            if used.contains(&i)
                && let Some((title, numbers)) = trailing_risk_numbers(&s.text)
            {
                (s.text, s.numbers) = (title.to_string(), Some(numbers));
            }
            Role::Riskomrade
        } else if !kategori {
            Role::Kategori
        } else if !process {
            Role::Process
        } else {
            Role::Okand
        };
        if !used.contains(&i) {
            *header_cells = header_cells.saturating_sub(1);
            loose.push(Item::Prose {
                line: s.line,
                text: s.text.clone(),
                heading: 0,
                cells: 1,
                parts: Vec::new(),
            });
        }
    }
    loose
}

/// A heading right above a table that says what the whole table is about becomes the
/// table's context, as a section row inside it would: "3.1 Process: Administrera ekonomi"
/// (a labelled heading naming the process, the risk or the category the table lacks), or
/// sibling headings "2.1 Ekonomi", "2.2 Personal" above two or more tables (their
/// categories). The heading's cells are then the table's.
fn heading_context(items: &mut Vec<Item>, header_cells: &mut u32) {
    /// The heading's text without its outline number, and whether it had one.
    fn unnumbered(text: &str) -> (&str, bool) {
        let t = text.trim();
        let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        let numbered = rest.len() < t.len() && rest.starts_with(char::is_whitespace);
        (if numbered { rest.trim() } else { t }, numbered)
    }
    /// The outline number a numbered heading starts with ("1." → "1", "2.1").
    fn outline_number(text: &str) -> String {
        text.split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_end_matches('.')
            .to_string()
    }
    // Each table's nearest heading above it (no table between them).
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut last_prose: Option<usize> = None;
    // (heading, the line of numbers under it, its numbers)
    let mut numbers_lines: Vec<(usize, usize, RiskNumbers)> = Vec::new();
    // (heading, the paragraph right under it): a risk's description when the heading
    // names the risk of the table below them.
    let mut descriptions: Vec<(usize, usize)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Prose {
                text, heading: 0, ..
            } if let Some(p) = last_prose
                && p + 1 == i
                && !descriptions.iter().any(|d| d.0 == p)
                && text.split_whitespace().count() >= 3
                && text.trim_end().ends_with(['.', '!', '?']) =>
            {
                descriptions.push((p, i));
            }
            // "Riskvärde 12 (sannolikhet 3, konsekvens 4)" right under a heading: the
            // numbers of the risk the heading names, read with it.
            Item::Prose { text, .. }
                if let Some(p) = last_prose
                    && !numbers_lines.iter().any(|n| n.0 == p)
                    && let Some(n) = risk_numbers_line(text) =>
            {
                numbers_lines.push((p, i, n));
            }
            Item::Prose { text, heading, .. } => {
                let (t, numbered) = unnumbered(text);
                // The risk's numbers after a title ("… (S 2 × K 5 = riskvärde 10)") are no
                // words of the heading.
                let title = trailing_risk_numbers(t).map_or(t, |(title, _)| title);
                let short = !t.is_empty()
                    && title.split_whitespace().count() <= 12
                    && !t.ends_with(['.', '?', '!']);
                // Text without heading styles (pulled out of Word or PDF): a short line that
                // reads as a heading.
                let plain_heading = t.split_whitespace().count() <= 6
                    && t.starts_with(char::is_uppercase)
                    && !t.chars().any(|c| c.is_ascii_digit());
                let names_risk = risk_heading(t).is_some() || trailing_risk_numbers(t).is_some();
                last_prose = (short && (numbered || *heading > 0 || plain_heading || names_risk))
                    .then_some(i);
            }
            Item::Table(_) => {
                if let Some(p) = last_prose.take() {
                    pairs.push((p, i));
                }
            }
        }
    }
    // A paragraph between a heading and its table: only a risk's description.
    let described = |p: usize| descriptions.iter().find(|d| d.0 == p).map(|d| d.1);
    let lacks = |t: &Table, role: Role| match role {
        Role::Riskomrade => !t.names_risk(),
        r => !t.has_role(|x| x == r),
    };
    // (heading, table, the field it gives, its text, the risk's number and numbers "Risk 2: …
    // (riskvärde 9)" gives)
    type Found = (
        usize,
        usize,
        Role,
        String,
        Option<String>,
        Option<RiskNumbers>,
    );
    let mut found: Vec<Found> = Vec::new();
    for &(p, t) in &pairs {
        let (Item::Prose { text, .. }, Item::Table(table)) = (&items[p], &items[t]) else {
            continue;
        };
        let (body, numbered) = unnumbered(text);
        // "Risk 1 - Felaktiga arvoden (riskvärde 12)": the number is the risk's, the words
        // after the dash its name.
        if !body.contains(':')
            && let Some(h) = risk_heading(body)
            && lacks(table, Role::Riskomrade)
        {
            let numbers = h.numbers.or_else(|| {
                let n = numbers_lines.iter().find(|n| n.0 == p && n.1 < t)?;
                Some(n.2)
            });
            let nummer = h.nummer.or_else(|| numbered.then(|| outline_number(text)));
            found.push((p, t, Role::Riskomrade, h.title.to_string(), nummer, numbers));
            continue;
        }
        // "1. Felaktiga utbetalningar (riskvärde 12)": a heading ending in a risk's numbers
        // names the risk, its outline number the risk's.
        if !body.contains(':')
            && let Some((title, numbers)) = trailing_risk_numbers(body)
            && lacks(table, Role::Riskomrade)
        {
            let nummer = numbered.then(|| outline_number(text));
            found.push((
                p,
                t,
                Role::Riskomrade,
                title.to_string(),
                nummer,
                Some(numbers),
            ));
            continue;
        }
        // Over a table whose later rows stand under sections naming their risks (a banner
        // over each risk's rows, the header written again under each): the heading names
        // the risk of the rows before the first section.
        if !body.contains(':')
            && table.rows.first().is_some_and(|r| r.section.is_none())
            && table.sections.iter().any(|s| s.role == Role::Riskomrade)
        {
            let (title, numbers) = match trailing_risk_numbers(body) {
                Some((title, numbers)) => (title, Some(numbers)),
                None => (body, None),
            };
            let nummer = numbered.then(|| outline_number(text));
            found.push((p, t, Role::Riskomrade, title.to_string(), nummer, numbers));
            continue;
        }
        if let Some((label, value)) = body.split_once(':') {
            let role = match synonyms::role_of(label) {
                Role::RiskTitelBeskrivning | Role::Riskomrade => Role::Riskomrade,
                r @ (Role::Process | Role::Kategori) if described(p).is_none() => r,
                _ => continue,
            };
            // "Risk 2: … (riskvärde 9)": the number and the numbers stay with the risk.
            let (value, nummer, numbers) = match risk_heading(body) {
                Some(h) if role == Role::Riskomrade => (h.title, h.nummer, h.numbers),
                _ => (value.trim(), None, None),
            };
            let numbers = numbers.or_else(|| {
                let n = numbers_lines.iter().find(|n| n.0 == p && n.1 < t)?;
                (role == Role::Riskomrade).then_some(n.2)
            });
            if !value.is_empty() && lacks(table, role) {
                found.push((p, t, role, value.to_string(), nummer, numbers));
            }
        }
    }
    // Sibling headings: short, naming no field, above two tables or more; their categories
    // ("2.1 Ekonomi", "2.2 Personal") or, when they are phrases, their processes ("Tillsyn
    // enligt miljöbalken", "Debitering av avgifter").
    let siblings: Vec<(usize, usize, String, Option<String>)> = pairs
        .iter()
        .filter(|(p, _)| !found.iter().any(|f| f.0 == *p))
        .filter_map(|&(p, t)| {
            let (Item::Prose { text, .. }, Item::Table(table)) = (&items[p], &items[t]) else {
                return None;
            };
            let (body, numbered) = unnumbered(text);
            // "1. Avvikelsehantering": the heading's own number.
            let number = numbered.then(|| outline_number(text));
            // A heading over a table whose columns name no risk names the risk of its rows,
            // however long ("3. Felaktiga ersättningar till förtroendevalda", "Felaktiga
            // utbetalningar av försörjningsstöd").
            let words = body.split_whitespace().count();
            let names_rows_risk = !table.names_risk();
            // Over a paragraph, only a heading naming its table's risk.
            let described = described(p).is_some() && table.names_risk();
            (!body.contains(':')
                && !described
                && (words <= 3 || names_rows_risk)
                && !body.chars().any(|c| c.is_ascii_digit())
                // (A heading that is a word for a category or a process, "Verksamhet"
                // among "Ekonomi" and "Medarbetare", is one of them.) Over a table that
                // names no risk, a field's leading word in a longer heading ("Brister i
                // dokumentation av insatser") does not make it a column's name.
                && (matches!(
                    synonyms::role_of(body),
                    Role::Okand | Role::Kategori | Role::Process
                ) || (names_rows_risk && !names_field_whole(body)))
                && !names_document_part(body)
                && (lacks(table, Role::Kategori) || lacks(table, Role::Process)))
            .then(|| (p, t, body.to_string(), number))
        })
        .collect();
    if siblings.len() >= 2 {
        let words: usize = siblings
            .iter()
            .map(|(_, _, s, _)| s.split_whitespace().count())
            .sum();
        // Phrases, or one of them naming a process ("1 Ekonomiprocessen"): processes.
        let phrases = words >= 2 * siblings.len()
            || siblings
                .iter()
                .any(|(_, _, s, _)| s.to_lowercase().contains("process"));
        for (p, t, text, number) in siblings {
            let Item::Table(table) = &items[t] else {
                continue;
            };
            // Over a table whose columns name no risk ("Kontrollmoment | Ansvarig |
            // Resultat"), the heading names the risk of its rows.
            let role = if !table.names_risk() {
                Role::Riskomrade
            } else if (phrases || !lacks(table, Role::Kategori)) && lacks(table, Role::Process) {
                Role::Process
            } else {
                Role::Kategori
            };
            // The heading's number numbers the risk it names.
            let nummer = number.filter(|_| role == Role::Riskomrade);
            found.push((p, t, role, text, nummer, None));
        }
    }
    if found.is_empty() {
        return;
    }
    let mut remove = Vec::new();
    for (p, t, role, text, nummer, numbers) in found {
        let (line, cells) = match &items[p] {
            Item::Prose { line, cells, .. } => (*line, *cells),
            Item::Table(_) => continue,
        };
        let Item::Table(table) = &mut items[t] else {
            continue;
        };
        let index = table.sections.len();
        table.sections.push(Section {
            line,
            text,
            role,
            nummer,
            numbers,
            description: None,
        });
        for row in table.rows.iter_mut().filter(|r| r.section.is_none()) {
            row.section = Some(index);
        }
        *header_cells += cells;
        remove.push(p);
        // The paragraph under a heading naming the risk: its description.
        if role == Role::Riskomrade
            && let Some(d) = described(p)
            && let Item::Prose { text, cells, .. } = &items[d]
        {
            let (text, cells) = (fold_ws(text), *cells);
            if let Item::Table(table) = &mut items[t] {
                table.sections[index].description = Some(text);
            }
            *header_cells += cells;
            remove.push(d);
        }
        // The line of numbers read with a heading naming the risk.
        if role == Role::Riskomrade
            && let Some(&(_, n, _)) = numbers_lines.iter().find(|n| n.0 == p && n.1 < t)
            && let Item::Prose { cells, .. } = &items[n]
        {
            *header_cells += cells;
            remove.push(n);
        }
    }
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        !remove.contains(&(i - 1))
    });
}

/// A text whose whole wording names a field ("Kontrollmoment", "Status"), not only its
/// leading words.
fn names_field_whole(text: &str) -> bool {
    synonyms::wording_candidates(text)
        .first()
        .is_some_and(|(r, s)| *r != Role::Okand && *s >= evidence::threshold::STRONG_WORDING)
}

/// Headings that name a part of the document rather than a category of risks.
fn names_document_part(heading: &str) -> bool {
    const PARTS: &[&str] = &[
        "uppföljning",
        "plan",
        "kontroll",
        "risk",
        "resultat",
        "bilaga",
        "åtgärd",
        "sammanfattning",
        "inledning",
        "bakgrund",
        "syfte",
        "metod",
        "bedömning",
        "intern",
    ];
    let l = heading.to_lowercase();
    // "Internkontrollplan", "Kontrollplan": the document's own kind.
    if l.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.ends_with("plan"))
    {
        return true;
    }
    // Whole words that open with a part ("Kontroller", "Riskbedömning"); a compound that
    // ends in one ("Livsmedelskontroll") names an activity.
    l.split(|c: char| !c.is_alphanumeric())
        .any(|w| PARTS.iter().any(|p| w.starts_with(p)))
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

/// [`Seen`] of every row: it depends only on the row and the rows after it.
fn seen_rows(rows: &[Row], opts: &LayoutOptions) -> Vec<Seen> {
    (0..rows.len())
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
            // With the user's header row, a lone text under it is the table's (a risk without
            // controls, or a section), not a heading between tables.
            if is_spanning_text(cells)
                || (opts.rubrikrad.is_none() && is_lone_text_before_break(rows, index, opts))
            {
                return Seen::Prose;
            }
            Seen::Other {
                header: header_roles(cells, opts),
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

/// A row that sums the table: "Summa", "Totalt", "Medelvärde" … first (alone or opening a
/// few words: "Summa genomförda kontroller"), numbers or counts ("5 av 6", "83 %") after;
/// a count may name what it counts in a word or two ("5 kontrollmoment", "4 genomförda").
fn is_total_row(cells: &[Cell]) -> bool {
    static COUNT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^\d+(?:\s*(?:av|/)\s*\d+)?\s*%?(?:\s+\p{L}+){0,2}$")
            .expect("count regex")
    });
    let mut filled = cells.iter().filter(|c| !c.merged && !c.value.is_empty());
    let Some(first) = filled.next() else {
        return false;
    };
    let label = first
        .value
        .plain()
        .trim()
        .trim_end_matches(':')
        .to_lowercase();
    let mut words = label.split_whitespace();
    let word = words.next().unwrap_or_default();
    matches!(
        word,
        "summa" | "totalt" | "total" | "summering" | "medelvärde" | "medel" | "genomsnitt"
    ) && words.count() <= 4
        && filled.all(|c| match &c.value {
            Value::Number(_) => true,
            v => {
                let t = v.plain();
                crate::normalize::number::parse_risk(&t).is_some() || COUNT.is_match(t.trim())
            }
        })
}

/// A label row of a table: a follow-up's field named and its value given, alone on the
/// row: "Bedömning | Mindre brister" (the value in the cell after the label, merged across
/// the cells after it or with them empty) under a risk's controls, or "Samlad bedömning:
/// Mindre brister" in one cell merged across under a table's rows. Its field and value,
/// when the value is a word of that field.
pub fn label_row(cells: &[Cell], vocab: &Vocab) -> Option<(Role, String)> {
    let text = |c: &Cell| fold_ws(&c.value.plain());
    let mut filled = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.merged && !c.value.is_empty());
    let (_, first) = filled.next()?;
    let (label, value) = match filled.next() {
        Some((at, value)) => {
            if filled.next().is_some() {
                return None;
            }
            let value = text(value);
            if cells[at + 1..].iter().any(|c| c.merged && text(c) != value) {
                return None;
            }
            (text(first), value)
        }
        None => {
            let all = text(first);
            let (label, value) = all.split_once(':')?;
            (label.trim().to_string(), value.trim().to_string())
        }
    };
    let role = synonyms::role_of(label.trim_end_matches(':'));
    let known = match role {
        Role::Kontrollbedomning => vocab.assessment(&value).is_some(),
        Role::Status => vocab.status(&value).is_some(),
        _ => false,
    };
    known.then_some((role, value))
}

/// The words a summary assessment's label starts with ("Sammanfattande bedömning",
/// "Samlad bedömning för processen", "Sammantagen bedömning:").
const SUMMARY_LABELS: [&str; 7] = [
    "sammanfattande bedömning",
    "samlad bedömning",
    "sammantagen bedömning",
    "sammanvägd bedömning",
    "övergripande bedömning",
    "helhetsbedömning",
    "total bedömning",
];

/// A summary row of a table: its first text a summary assessment's label, a few words
/// ("Sammanfattande bedömning för processen"), the assessment and its reasons in the
/// cells after it. Its label and the texts after it (merged copies left out).
/// Such a row sums up the controls above it: it is no risk and no control.
pub fn summary_row(cells: &[Cell]) -> Option<(String, Vec<String>)> {
    let mut filled = cells.iter().filter(|c| !c.merged && !c.value.is_empty());
    let label = fold_ws(&filled.next()?.value.plain());
    let lower = label.trim_end_matches(':').to_lowercase();
    let named = SUMMARY_LABELS.iter().any(|w| {
        lower
            .strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    });
    if !named || lower.split_whitespace().count() > 6 {
        return None;
    }
    let rest: Vec<String> = filled.map(|c| fold_ws(&c.value.plain())).collect();
    (!rest.is_empty()).then(|| (label.trim_end_matches(':').to_string(), rest))
}

/// A row of cells outside any table, as prose (its non-empty cells joined).
fn prose_of_cells(line: u32, cells: &[Cell]) -> Item {
    let texts = cells
        .iter()
        .filter(|c| !c.merged)
        .map(|c| crate::normalize::text::fold_ws(&c.value.plain()))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    let text = texts.join(" ");
    Item::Prose {
        line,
        text,
        heading: 0,
        cells: filled_cells(cells),
        parts: if texts.len() == 2 { texts } else { Vec::new() },
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
fn is_lone_text_before_break(rows: &[Row], index: usize, opts: &LayoutOptions) -> bool {
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
            RowKind::Cells(cells) => lone(next) || header_roles(cells, opts).is_some(),
        },
    }
}

/// One short text in the first cell (a risk's name, not a sentence or a footnote).
fn is_short_label(cells: &[Cell]) -> bool {
    let t = cells[0].value.plain();
    let t = t.trim();
    !t.is_empty()
        && t.split_whitespace().count() <= evidence::threshold::LABEL_MAX_WORDS
        && !t.ends_with(['.', ':'])
        && !t.starts_with(['*', '(', '¹', '†'])
}

/// A note under a table on a sheet: one cell in the first column, after a blank row.
fn is_note_row(cells: &[Cell], width: usize) -> bool {
    width >= 3
        && cells.iter().filter(|c| !c.value.is_empty()).count() == 1
        && !cells[0].value.is_empty()
        && cells[0].value.plain().split_whitespace().count() >= 6
}

/// Whether a header row with `roles` and `cells` repeats the open table's header.
fn repeats_header(o: &Open, roles: &[Role], cells: Option<&[Cell]>) -> bool {
    same_header(&o.roles, roles) && cells.is_some_and(|c| same_texts(&o.table.columns, c))
}

/// How many of a header row's cells name a field.
fn known_roles(roles: &[Role]) -> usize {
    roles.iter().filter(|r| **r != Role::Okand).count()
}

/// A row repeats the header's words (most of its filled cells are the header of their
/// column, as keys): "Risk 1 | Kontroll av …" names the same fields as "Risk | Kontroll"
/// but is a row of data.
fn same_texts(columns: &[Column], cells: &[Cell]) -> bool {
    let mut filled = 0;
    let mut same = 0;
    for (i, c) in cells.iter().enumerate() {
        if c.merged || c.value.is_empty() {
            continue;
        }
        filled += 1;
        let key = synonyms::header_key(&header_text(c));
        if columns
            .get(i)
            .is_some_and(|col| synonyms::header_key(&col.header) == key)
        {
            same += 1;
        }
    }
    filled > 0 && same * 2 >= filled
}

/// A header of whole wordings in most of its cells (two at least): one that may stand
/// right under rows of data or a repeated header.
fn strong_header(cells: &[Cell], opts: &LayoutOptions) -> bool {
    header_score(cells, opts).is_some_and(|h| h.strong >= 2 && h.strong * 2 >= h.filled)
}

/// A text of this many words or more ending in a full stop is a sentence, never a column's
/// name.
const SENTENCE_MIN_WORDS: usize = 4;

/// Whether a row holds a sentence: a text of [`SENTENCE_MIN_WORDS`] words or more ending in
/// a full stop (a method's, a result's), which no header cell is.
fn holds_sentence(cells: &[Cell]) -> bool {
    cells.iter().filter(|c| !c.merged).any(|c| match &c.value {
        Value::Text(r) => {
            let t = r.plain();
            let t = t.trim();
            t.ends_with('.')
                && !t.ends_with("..")
                && t.split_whitespace().count() >= SENTENCE_MIN_WORDS
        }
        _ => false,
    })
}

/// Whether the open table's header was just repeated (a page break), with only blank rows
/// since, or lines going on the last row's cells.
fn just_repeated(o: &Open) -> bool {
    !o.table.rows.is_empty()
        && o.table
            .trace
            .iter()
            .rev()
            .find(|(_, r)| !matches!(r, RowRole::Blank | RowRole::Continuation(_)))
            .is_some_and(|(_, r)| *r == RowRole::RepeatedHeader)
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

/// The first letter or digit of `s` is lowercase: a sentence that goes on.
pub(crate) fn starts_lower(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_lowercase())
}

/// The first non-blank character of `s` is a digit.
fn starts_digit(s: &str) -> bool {
    s.trim_start().starts_with(|c: char| c.is_ascii_digit())
}

/// Whether `next`, the first row after a page break, continues the cells of `prev`: it has
/// no short values (numbers, dates, statuses, names), every text it has continues a
/// non-empty cell above, and at least one of them visibly continues a sentence, or it fills
/// only text cells that name no row ([`names_no_row`]: a comment's second paragraph carried
/// over the break, with no control of its own).
fn is_continuation(roles: &[Role], prev: &[Cell], next: &[Cell]) -> bool {
    continues_cells(roles, prev, next, false)
        || names_no_row(roles, prev, next)
        || (all_lower(next) && continues_cells(roles, prev, next, true))
}

/// Every filled cell of `cells` goes on in lower case: a row cut in two by a page break
/// ("gstillägg | beviljade | avvikelser | granskades." under "Inackorderin | Stickprov av |
/// Inga | Femton beslut"), whose short values wrapped as on a page.
fn all_lower(cells: &[Cell]) -> bool {
    let mut filled = cells.iter().filter(|c| !c.value.is_empty()).peekable();
    filled.peek().is_some() && filled.all(|c| starts_lower(&c.value.plain()))
}

/// [`is_continuation`] for a line right under the row: there a short value too may wrap
/// onto the next line ("Delvis" over "genomförd", "Ej" over "genomförd"), when it goes on
/// in lower case from a text that has not ended.
fn continues_cells(roles: &[Role], prev: &[Cell], next: &[Cell], wrapped: bool) -> bool {
    let mut any = false;
    let mut evidence = false;
    for (i, cell) in next.iter().enumerate() {
        if cell.value.is_empty() {
            continue;
        }
        any = true;
        let role = roles.get(i).copied().unwrap_or(Role::Okand);
        let above = prev.get(i).map(|c| c.value.plain_ref()).unwrap_or_default();
        if above.trim().is_empty() {
            return false;
        }
        let text = cell.value.plain_ref();
        // "S=3, K=4" over "(12)": the value in brackets a narrow column wrapped under the
        // factors it is the product of.
        if wrapped && completes_risk_numbers(&above, &text) {
            evidence = true;
            continue;
        }
        // "2016-10-" over "31", "100" over "000 kr": a number or date the column's width
        // broke, whose tail stands alone on the next line.
        if wrapped && completes_broken_number(&above, &text) {
            evidence = true;
            continue;
        }
        let wrapped_word = wrapped
            && starts_lower(&text)
            && !ends_terminal(&above)
            && above.chars().any(char::is_alphabetic);
        if role.is_atomic() && !wrapped_word {
            return false;
        }
        if !matches!(cell.value, Value::Text(_)) || parse_risk(&text).is_some() {
            return false;
        }
        if starts_lower(&text)
            || ends_open(&above)
            || (!ends_terminal(&above) && above.split_whitespace().count() >= 8)
        {
            evidence = true;
        }
    }
    any && evidence
}

/// Whether `rest` is the tail of a number or date broken at the end of `above`: a date cut
/// after its dash or slash ("2016-10-" / "31", see [`cut_date_tail`]), or a number cut
/// before a group of thousands ("över 100" / "000 kr").
fn completes_broken_number(above: &str, rest: &str) -> bool {
    number_cut(above, rest).is_some_and(|(last, lead)| {
        is_date_cut(last, lead)
            || (lead.len() == 3
                && (1..=3).contains(&last.len())
                && last.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Whether `rest` is the day (or month) of a date cut after its dash or slash at the end
/// of `above` ("2016-10-" / "31"): joined without a space.
fn cut_date_tail(above: &str, rest: &str) -> bool {
    number_cut(above, rest).is_some_and(|(last, lead)| is_date_cut(last, lead))
}

/// A date's last word cut after its dash or slash ("2016-10-") and the one or two digits
/// that end it.
fn is_date_cut(last: &str, lead: &str) -> bool {
    (last.ends_with('-') || last.ends_with('/'))
        && last.len() >= 3
        && last[..last.len() - 1].ends_with(|c: char| c.is_ascii_digit())
        && lead.len() <= 2
}

/// The last word of `above` and the digits `rest` opens with, when they stand alone (no
/// letter or digit right after them).
fn number_cut<'a>(above: &'a str, rest: &'a str) -> Option<(&'a str, &'a str)> {
    let rest = rest.trim_start();
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (lead, after) = rest.split_at(digits);
    if lead.is_empty() || after.starts_with(char::is_alphanumeric) {
        return None;
    }
    Some((above.trim_end().rsplit(char::is_whitespace).next()?, lead))
}

/// Whether `rest` ("(12)") is the bracketed value of the factors `above` gives ("S=3, K=4"),
/// so that the two read together as one risk's numbers.
fn completes_risk_numbers(above: &str, rest: &str) -> bool {
    let factors = |n: &RiskNumbers| n.sannolikhet.is_some() && n.konsekvens.is_some();
    rest.trim().starts_with('(')
        && parse_risk(above).is_some_and(|n| factors(&n))
        && parse_risk(&format!("{above} {rest}")).is_some_and(|n| factors(&n) && n.value.is_some())
}

/// A cell's text that stops where no text ends: on a dash or a word that binds to what
/// follows ("… 2018-09-01 -", "Felaktiga beslut om").
fn ends_open(text: &str) -> bool {
    const BINDING: [&str; 23] = [
        "och", "att", "om", "i", "på", "av", "för", "med", "till", "samt", "eller", "som", "den",
        "det", "en", "ett", "enligt", "under", "över", "inom", "mot", "vid", "från",
    ];
    let t = text.trim_end();
    t.ends_with(['-', '–'])
        || t.rsplit(char::is_whitespace)
            .next()
            .is_some_and(|w| BINDING.contains(&w.to_lowercase().as_str()))
}

/// Joins a line right under the open table's last row into that row when it holds the row's
/// cells' text wrapped onto it: every filled cell goes on under a filled one, in lower case
/// or, with `open_ends`, under a cell that stops open ([`ends_open`]). With `lines_wrap`
/// (lines of a page) a short value may go on too, any text under one that has not ended, and a line that names no
/// row ([`names_no_row`]) always does. Whether it joined.
fn join_wrapped(
    o: &mut Open,
    cells: &[Cell],
    line: u32,
    source_cells: u32,
    open_ends: bool,
    lines_wrap: bool,
) -> bool {
    let Some(prev) = o.table.rows.last_mut() else {
        return false;
    };
    let adjacent = prev.last_line + 1 == line;
    let wraps = adjacent
        && continues_cells(&o.roles, &prev.cells, cells, lines_wrap)
        && cells.iter().enumerate().all(|(i, c)| {
            c.value.is_empty()
                || starts_lower(&c.value.plain_ref())
                || (open_ends
                    && prev.cells.get(i).is_some_and(|p| {
                        let above = p.value.plain_ref();
                        ends_open(&above)
                            // "Två felaktiga" over "OB-tillägg har", "… över" over
                            // "100 000 kronor": on a page's lines, a text that has not
                            // ended goes on; a new risk or control would start upper case.
                            || (lines_wrap
                                && !ends_terminal(&above)
                                && (!names_row(o.roles.get(i).copied().unwrap_or(Role::Okand))
                                    || starts_digit(&c.value.plain_ref())))
                    }))
        });
    // A page's line under a row that names neither a risk nor a control, each text under a
    // filled cell ("Inköparna har" under "… till avtal."), cannot be a row of its own: its
    // cells go on in the row's lower lines.
    let keyless = lines_wrap && adjacent && names_no_row(&o.roles, &prev.cells, cells);
    // A page's line whose risk or control text goes on in lower case from a text that has
    // not ended ("Kontroll av att fakturor är" over "attesterade av") is the row's next
    // line, though another cell starts a new sentence there ("Samtliga var attesterade").
    let named_on = lines_wrap
        && adjacent
        && continues_cells(&o.roles, &prev.cells, cells, lines_wrap)
        && continues_row_name(&o.roles, &prev.cells, cells);
    if !wraps && !keyless && !named_on {
        return false;
    }
    join_continuation(prev, cells, line);
    prev.source_cells += source_cells;
    let first = prev.first_line;
    o.table.trace.push((line, RowRole::Continuation(first)));
    true
}

/// On a page's line right under the open table's last row, the risk name's last wrapped
/// words beside the start of the risk's next control ("tillsynsplanen anger" beside
/// "Granskning av att" under "… i den omfattning"): every risk-name cell goes on in lower
/// case under a name that has not ended, some other cell is filled, and no cell gives a
/// risk's value (a new risk would). The name's words join the row above and are taken out
/// of `cells`, which stays a row of its own (a control under the same risk). How many
/// filled cells moved up.
fn split_risk_tail(o: &mut Open, cells: &mut [Cell], line: u32) -> u32 {
    let Some(prev) = o.table.rows.last_mut() else {
        return 0;
    };
    if prev.last_line + 1 != line {
        return 0;
    }
    let role = |i: usize| o.roles.get(i).copied().unwrap_or(Role::Okand);
    let mut tail = Vec::new();
    let mut others = 0;
    for (i, cell) in cells.iter().enumerate() {
        if cell.value.is_empty() {
            continue;
        }
        if is_risk_name(role(i)) {
            let above = prev
                .cells
                .get(i)
                .map(|c| c.value.plain())
                .unwrap_or_default();
            let text = cell.value.plain();
            if !starts_lower(&text) || above.trim().is_empty() || ends_terminal(&above) {
                return 0;
            }
            tail.push(i);
        } else if role(i).level() == Level::Risk {
            return 0;
        } else {
            others += 1;
        }
    }
    if tail.is_empty() || others == 0 {
        return 0;
    }
    let moved: Vec<Cell> = cells
        .iter_mut()
        .enumerate()
        .map(|(i, c)| {
            if tail.contains(&i) {
                std::mem::take(c)
            } else {
                Cell::default()
            }
        })
        .collect();
    let last = prev.last_line;
    join_continuation(prev, &moved, last);
    prev.source_cells += tail.len() as u32;
    tail.len() as u32
}

/// A field that names (or numbers) a risk or a control: a row of its own fills one.
fn names_row(role: Role) -> bool {
    is_risk_name(role)
        || matches!(
            role,
            Role::Kontroll | Role::Atgard | Role::RiskNummer | Role::KontrollNummer
        )
}

/// Whether `next` goes on the texts that name the row in `prev`: it fills one such cell at
/// least, each in lower case under a text that has not ended.
fn continues_row_name(roles: &[Role], prev: &[Cell], next: &[Cell]) -> bool {
    let mut any = false;
    for (i, cell) in next.iter().enumerate() {
        let role = roles.get(i).copied().unwrap_or(Role::Okand);
        if cell.value.is_empty() || !names_row(role) {
            continue;
        }
        let above = prev.get(i).map(|c| c.value.plain()).unwrap_or_default();
        if !starts_lower(&cell.value.plain()) || above.trim().is_empty() || ends_terminal(&above) {
            return false;
        }
        any = true;
    }
    any
}

/// Whether `next` fills only cells that neither name a risk nor a control (nor number
/// one), in a table that has such a column, each under a filled text cell of `prev`.
fn names_no_row(roles: &[Role], prev: &[Cell], next: &[Cell]) -> bool {
    let mut any = false;
    for (i, cell) in next.iter().enumerate() {
        if cell.value.is_empty() {
            continue;
        }
        let role = roles.get(i).copied().unwrap_or(Role::Okand);
        let above = prev.get(i).map(|c| c.value.plain()).unwrap_or_default();
        if names_row(role)
            || role.is_atomic()
            || above.trim().is_empty()
            || !matches!(cell.value, Value::Text(_))
        {
            return false;
        }
        any = true;
    }
    any && roles.iter().any(|&r| names_row(r))
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
        let more_text = more.plain();
        let inline = starts_lower(&more_text) || !ends_terminal(&above);
        let mut joined = match std::mem::take(&mut target.value) {
            Value::Text(r) => r,
            other => Rich::from_text(&other.plain()),
        }
        .into_paras();
        let mut paras = more.clone().into_paras();
        if inline && !joined.is_empty() && !paras.is_empty() {
            let first = paras.remove(0);
            let last = joined.last_mut().expect("non-empty");
            if !cut_date_tail(&above, &more_text) {
                last.runs.push(crate::read::Run {
                    text: " ".to_string(),
                    bold: false,
                });
            }
            last.runs.extend(first.runs);
        }
        joined.extend(paras);
        target.value = Value::Text(Rich::from_paras(joined));
    }
    prev.last_line = line;
}

/// Marks rows whose risk cells are all blank or covered by a merge. A row whose name is
/// blank but that gives a risk value of its own is a risk without a name (IK504), not a
/// control of the risk above.
fn mark_merged_groups(table: &mut Table) {
    let risk_cols: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| c.role.level() == Level::Risk)
        .map(|c| c.index)
        .collect();
    let mut seen_risk = false;
    let mut section = None;
    for (k, row) in table.rows.iter_mut().enumerate() {
        let blank = risk_cols.iter().all(|&i| {
            row.cells
                .get(i)
                .is_none_or(|c| c.value.is_empty() || c.merged)
        });
        // The first row under a section that names its risk begins that risk.
        let names_risk = row.section != section
            && row
                .section
                .and_then(|i| table.sections.get(i))
                .is_some_and(|s| s.role == Role::Riskomrade);
        section = row.section;
        row.merged_group = blank && !names_risk && (seen_risk || k > 0);
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
    if table.rows.is_empty() {
        findings.push(finding(
            "IK109",
            "Rubrikraden har inga datarader under sig; inget lästes från tabellen (kontrollera \
             att raderna under den inte tolkats som rubriker eller anteckningar)"
                .to_string(),
            ctx.loc(table.header_line, Some(0)),
            None,
        ));
    }
    for col in &table.columns {
        if col.role != Role::Okand
            && col.confidence < evidence::threshold::LOW_CONFIDENCE
            && !table.rows.is_empty()
        {
            let other = col
                .runner_up()
                .map(|e| format!("; näst bäst: {} ({:.2})", e.role, e.score))
                .unwrap_or_default();
            findings.push(finding(
                "IK111",
                format!(
                    "Kolumnen \u{201d}{}\u{201d} lästes som {} med låg säkerhet ({:.2}){other}; \
                     ange fältet under [kolumner] i ikplan.toml om det är fel",
                    col.header, col.role, col.confidence
                ),
                ctx.loc(table.header_line, Some(col.index)),
                None,
            ));
        }
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

    #[test]
    fn ditto_marks_repeat_the_cell_above() {
        let row = |line: u32, texts: &[&str]| Row {
            line,
            kind: RowKind::Cells(
                texts
                    .iter()
                    .map(|t| Cell::new(Value::Text(Rich::from_text(t))))
                    .collect(),
            ),
        };
        let mut rows = vec![
            row(1, &["Risk A", "Controller", "Årligen"]),
            row(2, &["-\"-", "d:o", "Kvartalsvis"]),
        ];
        fill_ditto_marks(&mut rows);
        let RowKind::Cells(cells) = &rows[1].kind else {
            panic!("cells")
        };
        assert_eq!(cells[0].value.plain(), "Risk A");
        assert!(cells[0].merged && cells[1].merged && !cells[2].merged);
        assert_eq!(cells[1].value.plain(), "Controller");
    }

    #[test]
    fn risk_headings() {
        let h = risk_heading("Risk 2: Felaktig ersättning till skolor (riskvärde 9)").unwrap();
        assert_eq!(h.nummer.as_deref(), Some("2"));
        assert_eq!(h.title, "Felaktig ersättning till skolor");
        assert_eq!(h.numbers.and_then(|n| n.value), Some(9));
        let h = risk_heading("Risk: Otillåten gallring (S3 K4)").unwrap();
        assert_eq!((h.nummer, h.title), (None, "Otillåten gallring"));
        assert_eq!(h.numbers.and_then(|n| n.value), Some(12));
        // A parenthesis that is no risk value stays in the title.
        let h = risk_heading("Risk 1: Löner (inklusive arvoden)").unwrap();
        assert_eq!((h.title, h.numbers), ("Löner (inklusive arvoden)", None));
        // A label that does not name the risk is no risk heading.
        // A dash after the risk's number ends the label as a colon does.
        let h = risk_heading("Risk 1 - Felaktiga arvoden (riskvärde 12)").unwrap();
        assert_eq!(
            (h.nummer.as_deref(), h.title),
            (Some("1"), "Felaktiga arvoden")
        );
        assert_eq!(h.numbers.and_then(|n| n.value), Some(12));
        let h = risk_heading("Risk 3 – Jäv: anmälan saknas").unwrap();
        assert_eq!(
            (h.nummer.as_deref(), h.title),
            (Some("3"), "Jäv: anmälan saknas")
        );
        assert_eq!(risk_heading("Risk - och väsentlighetsanalys"), None);
        assert_eq!(risk_heading("Ansvarig 2: Ekonomichef"), None);
        assert_eq!(risk_heading("Elever får stöd"), None);
    }

    #[test]
    fn a_number_or_date_broken_by_a_columns_width_goes_on_below() {
        assert!(completes_broken_number("Kontroll över 100", "000 kr"));
        assert!(completes_broken_number("2016-10-", "31"));
        assert!(cut_date_tail("2016-10-", "31"));
        assert!(!cut_date_tail("över 100", "000 kr"));
        assert!(!completes_broken_number("Avstämning 2016", "31 fakturor"));
        assert!(!completes_broken_number("Barn- och", "2 st"));
        assert!(!completes_broken_number("2016-10-", "31a"));
    }

    #[test]
    fn a_section_rows_label_names_its_field() {
        assert_eq!(
            section_label("Perspektiv: Ekonomi"),
            Some((Role::Kategori, "Ekonomi"))
        );
        assert_eq!(
            section_label("Process: Upphandling"),
            Some((Role::Process, "Upphandling"))
        );
        assert_eq!(section_label("Stödprocess: Ekonomi"), None);
        assert_eq!(section_label("Obs: läs instruktionen"), None);
    }

    #[test]
    fn section_rows_keep_their_outline_number_apart() {
        assert_eq!(section_number("1 Ekonomi"), ("Ekonomi", Some("1")));
        assert_eq!(
            section_number("2.1. Personal och lön"),
            ("Personal och lön", Some("2.1"))
        );
        assert_eq!(
            section_number("2021 Uppföljning"),
            ("2021 Uppföljning", None)
        );
        assert_eq!(section_number("Ekonomi"), ("Ekonomi", None));
        assert_eq!(section_number("3"), ("3", None));
        let merged = |t: &str| {
            let mut cells = vec![Cell::text(t), Cell::default(), Cell::default()];
            for c in &mut cells[1..] {
                c.merged = true;
            }
            cells
        };
        assert_eq!(
            section_text(&merged("1 Ekonomi"), 7).as_deref(),
            Some("1 Ekonomi")
        );
        assert_eq!(section_text(&merged("1 st per månad"), 7), None);
    }

    #[test]
    fn lines_of_risk_numbers_under_a_heading() {
        let n = risk_numbers_line("Riskvärde 12 (sannolikhet 3, konsekvens 4)").unwrap();
        assert_eq!(
            (n.value, n.sannolikhet, n.konsekvens),
            (Some(12), Some(3), Some(4))
        );
        let n = risk_numbers_line("Sannolikhet 2 Konsekvens 2").unwrap();
        assert_eq!(n.value, Some(4));
        assert_eq!(risk_numbers_line("Riskvärde 12"), None);
        assert_eq!(risk_numbers_line("Av 12 kontroller är 3 genomförda"), None);
    }

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
        let env = Env {
            ctx: &ctx,
            paged: true,
            lines_wrap: true,
            opts: &LayoutOptions::default(),
            vocab: &Vocab::default(),
        };
        let l = layout_sheet(sheet, &env, &mut f);
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
    fn a_risk_value_column_of_levels_is_no_risk_value() {
        let roles = |text: &str| {
            let (l, _) = lay(text);
            tables(&l)[0]
                .columns
                .iter()
                .map(|c| c.role)
                .collect::<Vec<_>>()
        };
        let levels = "Risk\tS\tK\tRiskvärde (färg)\n\
                      Hot\t3\t4\tRöd\n\
                      Brand\t2\t2\tGrön\n\
                      Fel\t2\t3\tGul\n";
        assert_eq!(roles(levels)[3], Role::Okand);
        // Levels written with their value are the value.
        let valued = "Risk\tS\tK\tRiskvärde\n\
                      Hot\t3\t4\tHög (12)\n\
                      Brand\t2\t2\tLåg (4)\n\
                      Fel\t2\t3\tMedel (6)\n";
        assert_eq!(roles(valued)[3], Role::Riskvarde);
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
        let ik102 = f.iter().find(|x| x.kod == "IK102").unwrap();
        assert!(
            ik102.meddelande.contains("sidbrytning"),
            "{}",
            ik102.meddelande
        );
    }

    #[test]
    fn a_header_repeated_under_a_risks_banner_says_so() {
        let text = "Internkontrollplan 2025;;;\n\
                    ;;;\n\
                    Otillåten direktupphandling;;;\n\
                    Kontrollmoment;Frekvens;Ansvarig;Rapportering\n\
                    Stickprov på inköp;Kvartalsvis;Upphandlare;Delår\n\
                    Brandskydd i lokaler;;;\n\
                    Kontrollmoment;Frekvens;Ansvarig;Rapportering\n\
                    Egenkontroll av brandskydd;Årligen;Fastighetschef;Helår\n";
        let sheets = crate::read::read_bytes(text.as_bytes(), "t.csv").unwrap();
        let l = layout_owned(sheets);
        let f = &l.findings;
        let ik102: Vec<&str> = f
            .iter()
            .filter(|x| x.kod == "IK102")
            .map(|x| x.meddelande.as_str())
            .collect();
        assert_eq!(
            ik102,
            ["Rubrikraden upprepad under en avsnittsrad hoppades över"]
        );
    }

    #[test]
    fn a_bracketed_value_under_its_factors_goes_on_in_the_row() {
        let text = "Process    Risk                 Riskvärde   Kontroll\n\
                    Bygglov    Bygglov handläggs    S=3, K=4    Uttag ur systemet\n\
                    \x20          inte i tid           (12)        av ärenden\n\
                    Ekonomi    Fel i inköp          S=2, K=3    Stickprov\n\
                    \x20          utan avtal           (6)         av fakturor\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        assert_eq!(t[0].rows.len(), 2, "{:?}", t[0].trace);
        assert_eq!(t[0].rows[0].cells[2].value.plain(), "S=3, K=4 (12)");
        assert!(completes_risk_numbers("S=3, K=4", "(12)"));
        assert!(!completes_risk_numbers("Hög", "(12)"));
    }

    #[test]
    fn a_first_cells_line_under_a_text_that_stops_open_goes_on_in_the_row() {
        let text = "Kontrollmoment                           Risk                  Ansvarig\n\
                    \n\
                    Kontrollera att rondering är             Brister i brandskydd  Chef\n\
                    utförd enligt checklista (framtagen i    i lokaler\n\
                    Systematiska brandskyddsarbetet) samt\n\
                    att brister åtgärdas\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        assert_eq!(t[0].rows.len(), 1, "{:?}", t[0].trace);
        assert_eq!(
            t[0].rows[0].cells[0].value.plain(),
            "Kontrollera att rondering är utförd enligt checklista (framtagen i \
             Systematiska brandskyddsarbetet) samt att brister åtgärdas"
        );
    }

    #[test]
    fn a_numbered_heading_ending_in_risk_numbers_names_the_risk_of_its_table() {
        let text = "## 1. Felaktiga utbetalningar av lön (riskvärde 12)\n\n\
                    Kontrollmoment\tAnsvarig\tFrekvens\n\
                    Stickprov av utbetalningar\tLönechef\tKvartalsvis\n\n\
                    ## 2. Brister i attest (S3 K2)\n\n\
                    Kontrollmoment\tAnsvarig\tFrekvens\n\
                    Genomgång av attestlista\tEkonomichef\tÅrligen\n\n\
                    ## Bilaga (2)\n\n\
                    Kontrollmoment\tAnsvarig\tFrekvens\n\
                    Avstämning\tController\tÅrligen\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        let s = &t[0].sections[0];
        assert_eq!(
            (s.role, s.text.as_str(), s.nummer.as_deref()),
            (
                Role::Riskomrade,
                "Felaktiga utbetalningar av lön",
                Some("1")
            )
        );
        assert_eq!(s.numbers.and_then(|n| n.value), Some(12));
        let n = t[1].sections[0].numbers.expect("numbers");
        assert_eq!((n.sannolikhet, n.konsekvens), (Some(3), Some(2)));
        // A bare number in brackets names no risk.
        assert!(t[2].sections.iter().all(|s| s.role != Role::Riskomrade));
    }

    #[test]
    fn numbered_headings_of_any_length_name_the_risks_of_tables_naming_none() {
        let text = "### 1. Direktupphandlingar dokumenteras inte\n\n\
                    Kontrollmoment\tAnsvarig\tStatus\n\
                    Stickprov av direktupphandlingar\tUpphandlingschef\tKlar\n\n\
                    ### 2. Bristande kontinuitetsplanering\n\n\
                    Kontrollmoment\tAnsvarig\tStatus\n\
                    Kontroll av kontinuitetsplaner\tSäkerhetssamordnare\tEj startad\n\n\
                    ### 3. Felaktiga ersättningar till förtroendevalda\n\n\
                    Kontrollmoment\tAnsvarig\tStatus\n\
                    Stickprov av arvoden\tNämndsekreterare\tKlar\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        assert_eq!(t.len(), 3);
        let s = &t[2].sections[0];
        assert_eq!(
            (s.role, s.text.as_str(), s.nummer.as_deref()),
            (
                Role::Riskomrade,
                "Felaktiga ersättningar till förtroendevalda",
                Some("3")
            )
        );
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
    fn a_line_going_on_the_control_in_lower_case_is_no_new_row() {
        // The first column has ended; the control goes on in lower case while the result
        // starts a new sentence: the row's next line, not a control of its own.
        let text = "Område\tKontrollmoment\tStatus\tResultat\n\
                    Fakturor\tKontroll av att fakturor är\tGenomförd\tStickprov om 40 fakturor.\n\
                    \tattesterade av behörig attestant\t\tSamtliga var attesterade\n\
                    Löner\tKontroll av ändringar\tGenomförd\tInga fel.\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(
            t[0].rows[0].cells[1].value.plain(),
            "Kontroll av att fakturor är attesterade av behörig attestant"
        );
    }

    #[test]
    fn rows_under_a_repeated_header_that_name_fields_by_chance_stay_rows() {
        // Page 2 repeats the header; the last row's text goes on under it and the next row
        // holds words a header could have ("Kontroll av att avtal", "Ej").
        let text = "Kontrollområde\tKontrollmoment\tStatus\tBedömning\tResultat\tÅtgärd\n\
                    Löner\tKontroll av löner\tGenomförd\tInga avvikelser\tAlla behörigheter var\t\n\
                    \n\
                    Sida 1 av 2\n\
                    \n\
                    Kontrollområde\tKontrollmoment\tStatus\tBedömning\tResultat\tÅtgärd\n\
                    \t\t\t\tborttagna inom en vecka.\t\n\
                    Avtal\tKontroll av att avtal\tEj\t\tKontrollen har inte\tKontrollen flyttas\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(
            t[0].rows[0].cells[4].value.plain(),
            "Alla behörigheter var borttagna inom en vecka."
        );
    }

    fn roles_of(t: &Table) -> Vec<Role> {
        t.columns.iter().map(|c| c.role).collect()
    }

    #[test]
    fn a_lower_header_row_names_fields_under_filled_cells_without_merges() {
        // A CSV export lost the merges: "Riskbedömning" stands over "Bedömt riskvärde" in
        // one column, and "Uppföljning" is written in each column of its group.
        let text = "Risk\tRiskbedömning\tKontroll\tUppföljning\tUppföljning\t\t\n\
                    \tBedömt riskvärde\t\t\tStatus\tBrister\tResultat\n\
                    Hot och våld\tLåg (2)\tAttestkontroll\tOktober\tGenomförd\tInga brister\tInga fel.\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0].rows.len(), 1, "{:#?}", t[0].rows);
        assert_eq!(
            roles_of(t[0]),
            vec![
                Role::RiskTitelBeskrivning,
                Role::Riskvarde,
                Role::Kontroll,
                Role::UppfoljningNar,
                Role::Status,
                Role::Kontrollbedomning,
                Role::Resultat
            ]
        );
    }

    #[test]
    fn one_label_under_a_group_word_narrows_its_field() {
        let text = "Riskbedömning\tRisk\tKontroll\tAnsvarig\n\
                    Sannolikhet/Konsekvens\t\t\t\n\
                    S=2, K=3\tFel lön\tStickprov\tLönechef\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        assert_eq!(t[0].rows.len(), 1, "{:#?}", t[0].rows);
        assert_eq!(
            t[0].columns[0].role,
            Role::Combined(Combo::SannolikhetKonsekvens)
        );
    }

    #[test]
    fn rows_of_values_under_a_header_stay_data() {
        // A control row with its risk cells left blank, whose cells are field words.
        let control = "Risk\tKontroll\tStatus\tBedömning\n\
                       \tAttestkontroll\tGenomförd\tInga brister\n\
                       Fel lön\tStickprov\tPågår\tMindre brister\n";
        let (l, _) = lay(control);
        assert_eq!(tables(&l)[0].rows.len(), 2);
        // Values alone that are field words: a status and an assessment.
        let values = "Risk\tKontroll\tUppföljning\tUppföljning\n\
                      \t\tGenomförd\tInga brister\n\
                      Fel lön\tStickprov\tPågår\tMindre brister\n";
        let (l, _) = lay(values);
        assert_eq!(tables(&l)[0].rows.len(), 2);
        // A section row naming a category under a filled header cell.
        let section = "Process\tRisk\tKontroll\tAnsvarig\n\
                       Verksamhet\t\t\t\n\
                       Ekonomi\tFel lön\tStickprov\tLönechef\n";
        let (l, _) = lay(section);
        let t = tables(&l);
        assert_eq!(t[0].columns[0].role, Role::Process, "{t:#?}");
    }

    #[test]
    fn a_last_wrapped_word_is_no_group_row_over_the_next_row() {
        // "biblioteken" ends the cell above; the row under it names fields by chance.
        let text = "Område\tKontrollmoment\tGenomförd\tResultat\tÅtgärd\n\
                    Kassa\tOanmäld inventering på\tJa\tKassorna stämde.\t\n\
                    \tsimhallen och\t\t\t\n\
                    \tbiblioteken\t\t\t\n\
                    Avtal\tUppföljning av driftavtal\tNej\tKontrollen har inte\tKontrollen flyttas\n";
        let (l, _) = lay(text);
        let t = tables(&l);
        assert_eq!(t.len(), 1, "{t:#?}");
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(
            t[0].rows[0].cells[1].value.plain(),
            "Oanmäld inventering på simhallen och biblioteken"
        );
    }

    #[test]
    fn a_table_written_out_column_by_column_is_told_apart_from_headings() {
        let dump = "Plan 2020\nNr\n1\n2\n\nRisk\nFel i\nlöner\nHot\n\nKontrollmoment\n\
                    Stickprov\nGenomgång av\nrutiner\n\nAnsvarig\nLönechef\nHR-chef\n";
        let (l, _) = lay(dump);
        let heads = column_by_column(std::slice::from_ref(&l)).expect("column by column");
        let texts: Vec<&str> = heads.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["Nr", "Risk", "Kontrollmoment", "Ansvarig"]);
        assert_eq!(heads[0].0, 2);
        // Headings over paragraphs are no columns.
        let prose = "Risk\nRisken är att fel uppstår i många av våra system.\n\
                     Ansvarig\nAnsvarig är den chef som äger processen enligt reglementet.\n\
                     Kontrollmoment\nKontrollerna beskrivs i bilagan till planen.\n\
                     Frekvens\nKontrollerna görs varje år.\n";
        let (l, _) = lay(prose);
        assert_eq!(column_by_column(std::slice::from_ref(&l)), None);
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
    fn label_rows_name_a_follow_up_field_and_its_word() {
        let vocab = Vocab::default();
        let merged = |t: &str, n: usize| {
            let mut cells = vec![Cell::text(t)];
            cells.extend((1..n).map(|_| Cell {
                value: Value::Text(Rich::from_text(t)),
                merged: true,
            }));
            cells
        };
        assert_eq!(
            label_row(&merged("Samlad bedömning: Mindre brister", 4), &vocab),
            Some((Role::Kontrollbedomning, "Mindre brister".to_string()))
        );
        assert_eq!(
            label_row(
                &[Cell::text("Bedömning"), Cell::text("Inga brister")],
                &vocab
            ),
            Some((Role::Kontrollbedomning, "Inga brister".to_string()))
        );
        // A comment or a control that says the words is no label row.
        assert_eq!(
            label_row(&merged("Kommentar: Inga brister", 4), &vocab),
            None
        );
        assert_eq!(
            label_row(&merged("Samlad bedömning: se bilaga", 4), &vocab),
            None
        );
        assert_eq!(
            label_row(&[Cell::text("Bedömning av attester")], &vocab),
            None
        );
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

    #[test]
    fn total_rows_say_what_they_sum() {
        let row = |v: &[&str]| v.iter().map(|t| Cell::text(t)).collect::<Vec<_>>();
        assert!(is_total_row(&row(&["Summa", "", "24"])));
        assert!(is_total_row(&row(&[
            "Summa genomförda kontroller",
            "",
            "5 av 6"
        ])));
        assert!(is_total_row(&row(&["Totalt:", "83 %"])));
        assert!(is_total_row(&row(&[
            "Summa",
            "5 kontrollmoment",
            "4 genomförda",
            "",
        ])));
        assert!(!is_total_row(&row(&[
            "Summa",
            "5 kontrollmoment per år görs"
        ])));
        // A risk or control that starts with the word, or a sum with text after it, is none.
        assert!(!is_total_row(&row(&["Summa", "Attest saknas", "12"])));
        assert!(!is_total_row(&row(&[
            "Totalt sett brister rutinerna för attest av leverantörsfakturor",
            "6"
        ])));
    }

    #[test]
    fn a_cell_that_stops_on_a_binding_word_or_a_dash_is_open() {
        assert!(ends_open("Kontrollera utfallet på 2018-09-01 -"));
        assert!(ends_open("Felaktiga beslut om"));
        assert!(!ends_open("Felaktiga beslut"));
        assert!(!ends_open("Inga avvikelser."));
        // A preposition binds to the next line's words ("… enligt" over "HSL rapporteras").
        assert!(ends_open("Kontroll av att avvikelser enligt"));
    }

    #[test]
    fn a_row_cut_by_a_page_break_goes_on_in_lower_case() {
        let text = |s: &str| Cell::new(Value::Text(Rich::from_text(s)));
        let roles = [
            Role::Riskomrade,
            Role::Kontroll,
            Role::Kontrollbedomning,
            Role::Resultat,
        ];
        let prev = [
            text("Inackorderin"),
            text("Stickprov av"),
            text("Inga"),
            text("Femton beslut"),
        ];
        let next = [
            text("gstillägg"),
            text("beviljade"),
            text("avvikelser"),
            text("granskades. Samtliga"),
        ];
        assert!(is_continuation(&roles, &prev, &next));
        // A new row starts in capitals.
        let new = [
            text("Ekonomi"),
            text("Avstämning av"),
            text("Mindre"),
            text("Tre"),
        ];
        assert!(!is_continuation(&roles, &prev, &new));
    }
}
