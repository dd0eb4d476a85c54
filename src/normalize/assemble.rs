//! Assembly: the layout's tables and prose → the model's documents, risks, controls and
//! follow-ups, with ids, provenance and `extra` for every cell that maps to no field.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::date::{Date, day_months_in_year, find_dates, from_excel_serial, parse_date};
use super::facts::{ProseLine, committee_in, facts, is_title, name_facts, title_type, year_in};
use super::names::{
    heading_categories, split_categories, split_combined_people, split_people, split_people_owned,
};
use super::number::parse_int;
use super::text::{fold_ws, fold_ws_owned, slug, strip_icons, take_labelled_paragraphs};
use super::vocab::{Vocab, period_in};
use crate::finding::finding;
use crate::layout::{
    Column, Combo, Ctx, Item, Layout, Level, Role, Table, TableRow, col_letters, col_name,
};
use crate::model::{
    Assessment, Control, ControlType, DocType, Document, Extra, Finding, FollowUp, Period,
    Provenance, Risk, Shared, Status,
};
use crate::read::{Cell, Rich, Value};

/// What the user adds to what the files say.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub kommun: Option<String>,
    pub namnd: Option<String>,
    /// Shared by the files of a run (each file's options are a copy of the run's).
    pub vocab: std::sync::Arc<Vocab>,
    /// The id the documents of this file start from (derived from its relative path).
    pub id_base: String,
    /// What the user decided about the layout (`[kolumner]`, `rubrikrad`, `--kolumn`).
    pub layout: crate::layout::LayoutOptions,
    /// Facts the user set for this file (`[[fil]]` in ikplan.toml): they win over what
    /// the file says.
    pub force_namnd: Option<String>,
    pub force_kommun: Option<String>,
    pub force_ar: Option<i32>,
}

/// A document being gathered: its prose and its tables.
struct Draft<'a> {
    prose: Vec<ProseLine>,
    tables: Vec<&'a mut Table>,
    title: Option<(DocType, Option<i32>)>,
    /// The committee the nearest title above its first table names.
    committee: Option<String>,
}

/// Builds the documents of one source's layout.
pub fn assemble(layout: &mut Layout, opts: &Options) -> (Vec<Document>, Vec<Finding>) {
    let a = assemble_counted(layout, opts);
    (a.documents, a.findings)
}

/// What assembly made of a layout, with the ledger of source cells it placed.
pub struct Assembled {
    pub documents: Vec<Document>,
    pub findings: Vec<Finding>,
    /// Per sheet of the layout: the filled source cells that landed in a field, `extra` or
    /// the notes (header cells, counted by the layout, not included).
    pub placed: Vec<u32>,
}

/// Assembles the documents and counts, per sheet, the source cells placed.
///
/// The cells of the tables' rows are moved into the model (their text is not copied); the
/// layout keeps everything else (columns, rows' lines, the trace) for the rules.
pub fn assemble_counted(layout: &mut Layout, opts: &Options) -> Assembled {
    let mut docs = Vec::new();
    let mut findings = Vec::new();
    let mut placed = Vec::with_capacity(layout.sheets.len());
    let many_sheets = layout.sheets.len() > 1;
    // Header lines of tables of keyed follow-ups joined within their document: their
    // IK105 (rows kept as notes) no longer holds.
    let mut joined_here: Vec<(Option<String>, u32)> = Vec::new();
    // A legend on one sheet ("Status: Grön = genomförd, …" above the plan) defines the words
    // of a sheet that has none of its own (the follow-ups on the next sheet).
    let file_legend = if many_sheets {
        opts.vocab
            .with_legends(
                layout
                    .sheets
                    .iter()
                    .flat_map(|s| &s.items)
                    .filter_map(|i| match i {
                        Item::Prose { text, .. } => Some(text.as_str()),
                        Item::Table(_) => None,
                    }),
            )
    } else {
        None
    };
    for sheet in layout.sheets.iter_mut() {
        let ctx = Ctx {
            file: &layout.file,
            sheet: sheet.name.as_deref(),
            grid: layout.format.is_grid(),
        };
        let drafts = segment(&mut sheet.items);
        let n = drafts.len();
        let mut sheet_placed = 0;
        let mut prev_namnd: Option<String> = None;
        for (k, mut draft) in drafts.into_iter().enumerate() {
            let mut id = opts.id_base.clone();
            if many_sheets && let Some(name) = &sheet.name {
                id = format!("{id}-{}", slug(name));
            }
            if n > 1 {
                id = format!("{id}-{}", k + 1);
            }
            let mut b = Builder {
                ctx: &ctx,
                vocab: &opts.vocab,
                legend: None,
                file_legend: file_legend.as_ref(),
                findings: &mut findings,
                doc: Document::default(),
                known_people: HashSet::new(),
                guessed_combined: HashSet::new(),
                risk_rows: (0, 0),
                risk_width: 0,
                placed: 0,
                fil: Shared::from(ctx.file),
                blad: ctx.sheet.map(Arc::from),
                earlier: &docs,
                keyed_follow_ups: false,
                keyed_here: Vec::new(),
            };
            b.doc.dokument_id = id;
            b.doc.kalla_fil = layout.file.clone();
            b.doc.kalla_blad = sheet.name.clone();
            b.doc.kalla_format = Some(layout.format);
            b.document(&mut draft, opts, &mut prev_namnd);
            if sheet.hidden {
                b.doc.extra.push("Dolt blad", "ja");
            }
            sheet_placed += b.placed;
            joined_here.extend(b.keyed_here.iter().map(|&l| (sheet.name.clone(), l)));
            docs.push(b.doc);
        }
        placed.push(sheet_placed);
    }
    let in_matrix: Vec<&crate::layout::matrix::Placed> =
        layout.sheets.iter().flat_map(|s| &s.matrix).collect();
    if !in_matrix.is_empty() {
        place_from_matrix(&mut docs, &in_matrix, &mut findings, &layout.file);
    }
    layout.findings.retain(|f| {
        !(f.kod == "IK105"
            && f.rad
                .is_some_and(|r| joined_here.contains(&(f.blad.clone(), r))))
    });
    join_controls_by_number(&mut docs);
    join_follow_ups_by_number(&mut docs, &mut layout.findings);
    fold_sheets_without_plan(&mut docs, &mut findings, &layout.file);
    join_sheets_of_one_risk(&mut docs, &opts.id_base);
    Assembled {
        documents: docs,
        findings,
        placed,
    }
}

/// A process written on its group's first row only, a risk column beside it: a risk of a
/// later row of the group (same section, its process cell blank) is under that process, as
/// if the cell were merged down. `carried` is the last process written, with its section.
fn carry_process(carried: &mut Option<(Option<usize>, String)>, row: &TableRow, p: &mut RowParts) {
    match &p.process {
        Some(own) => *carried = Some((row.section, own.clone())),
        None if p.title.is_some() || p.desc.is_some() => {
            if let Some((section, process)) = carried.as_ref()
                && *section == row.section
            {
                p.process = Some(process.clone());
            }
        }
        None => {}
    }
}

/// Whether a process column beside the risk's is written on its groups' first rows only:
/// of the rows that name a risk, as many leave the process blank as fill it (a process
/// column filled on almost every row, one left blank, is blank there on purpose).
fn groups_processes(table: &Table, cells: &[Vec<Cell>]) -> bool {
    let Some(process) = table.column_of(Role::Process) else {
        return false;
    };
    let risk: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Riskomrade | Role::RiskTitelBeskrivning))
        .map(|c| c.index)
        .collect();
    let filled = |row: &[Cell], j: usize| row.get(j).is_some_and(|c| !c.value.is_empty());
    let (mut written, mut blank) = (0, 0);
    // Each process written once, on its group's first row: the first row's cell is
    // written and no process is written again on the row right under it (a column
    // filled on almost every row, one left blank, is blank there on purpose).
    let (mut first_written, mut repeated) = (None, false);
    let mut above: Option<String> = None;
    for row in cells.iter().filter(|r| risk.iter().any(|&j| filled(r, j))) {
        let own = filled(row, process).then(|| fold_ws(&row[process].value.plain()));
        first_written.get_or_insert(own.is_some());
        if own.is_some() {
            written += 1;
            repeated |= above.is_some() && above == own;
        } else {
            blank += 1;
        }
        above = own;
    }
    // Groups of two or one ("Bygglov" over two risks, "Exploatering" over one): as many
    // blank cells as written ones but the last group's.
    written > 0
        && (blank >= written || (blank + 1 >= written && first_written == Some(true) && !repeated))
}

/// Whether a row's filled cells all stand in columns that name no field (kept in extra),
/// while the table has columns that do.
fn only_unnamed(table: &Table, cells: &[Cell]) -> bool {
    let mut any = false;
    for (j, c) in cells.iter().enumerate() {
        if c.merged || c.value.is_empty() {
            continue;
        }
        if table
            .columns
            .get(j)
            .is_some_and(|col| col.role != Role::Okand)
        {
            return false;
        }
        any = true;
    }
    any && table.has_role(|r| matches!(r.level(), Level::Risk | Level::Control))
}

/// The table's risks are named by an area column ("Kontrollområde", "Område", "Process"),
/// not by a risk's own title: rows that repeat the area are one risk, whatever value each
/// row gives (the row's value is then its control's).
fn names_areas(table: &Table) -> bool {
    table.columns.iter().any(|c| {
        let h = c.header.to_lowercase();
        c.role == Role::Riskomrade && (h.contains("område") || h.contains("process"))
    })
}

/// A line that defines the risk value as the product: "Riskvärde = S x K", "RV = sannolikhet
/// × konsekvens", "riskvärdet (sannolikhet * konsekvens)".
fn defines_product(line: &str) -> bool {
    static PRODUCT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?:riskvärde\w*|rv)\s*[=:(]\s*(?:s|sannolikhet(?:en)?)\s*[x×*]\s*(?:k|konsekvens(?:en)?)\b",
        )
        .expect("product regex")
    });
    line.len() <= 400 && PRODUCT.is_match(line)
}

/// Riskvärde is sannolikhet × konsekvens (MODEL.md): a risk with both factors written but
/// no riskvärde number gets their product, when its document writes no riskvärde number at
/// all (its riskvärde column holds a level or a colour, "Gul", "Hög", or there is no such
/// column), or when it says so above the table ("Riskvärde = S x K"). A blank cell in a
/// column of numbers stays blank (IK204 says so). Returns IK205 (one per document), with
/// the count and the first such risk, at that risk's first row and, on grids, the cell of its
/// riskvärde column (else of its sannolikhet) on that row.
fn derive_products(
    doc: &mut Document,
    product_said: bool,
    ctx: &crate::layout::Ctx,
) -> Option<Finding> {
    let numbers_written = doc.risker.iter().any(|r| r.riskvarde.is_some());
    if numbers_written && !product_said {
        return None;
    }
    let mut derived = 0usize;
    let mut first: Option<(u32, String)> = None;
    for r in &mut doc.risker {
        let (None, Some(s), Some(k)) = (r.riskvarde, r.sannolikhet, r.konsekvens) else {
            continue;
        };
        r.riskvarde = s.checked_mul(k);
        if r.riskvarde.is_none() {
            continue;
        }
        derived += 1;
        if first.is_none() {
            let name = match (r.riskomrade.trim(), r.riskbeskrivning.as_deref()) {
                ("", Some(d)) => super::text::shorten(d, 60),
                (t, _) => super::text::shorten(t, 60),
            };
            first = Some((crate::rules::first_row(&r.kalla).unwrap_or(0), name));
        }
    }
    let (line, name) = first?;
    let risks = if derived == 1 { "risk" } else { "risker" };
    let msg = format!(
        "Riskvärdet står inte i dokumentet; det har räknats som sannolikhet \u{d7} \
         konsekvens för {derived} {risks} (första: \u{201d}{name}\u{201d})"
    );
    let column = ["riskvarde", "sannolikhet"]
        .iter()
        .find_map(|key| doc.kolumner.iter().find(|(k, _)| k == key))
        .map(|(_, i)| *i);
    let mut loc = ctx.loc(line, column.filter(|_| line > 0));
    loc.rad = (line > 0).then_some(line);
    Some(finding("IK205", msg, loc, None))
}

/// A risk matrix of the file that holds risk numbers gives each risk of that number its
/// sannolikhet and konsekvens, when the risk has neither and its number is its own in its
/// document.
fn place_from_matrix(
    docs: &mut [Document],
    placed: &[&crate::layout::matrix::Placed],
    findings: &mut Vec<Finding>,
    file: &str,
) {
    for d in docs.iter_mut() {
        let mut count: HashMap<String, usize> = HashMap::new();
        for n in d.risker.iter().filter_map(|r| r.nummer.clone()) {
            *count.entry(n).or_default() += 1;
        }
        for r in &mut d.risker {
            let Some(n) = r.nummer.as_deref() else {
                continue;
            };
            if count.get(n) != Some(&1) || r.sannolikhet.is_some() || r.konsekvens.is_some() {
                continue;
            }
            if let Some(p) = placed.iter().find(|p| p.nummer == n) {
                r.sannolikhet = Some(p.sannolikhet);
                r.konsekvens = Some(p.konsekvens);
            }
        }
        let blad = d.kalla_blad.clone();
        let ctx = crate::layout::Ctx {
            file,
            sheet: blad.as_deref(),
            grid: d.kalla_format.is_some_and(|f| f.is_grid()),
        };
        findings.extend(derive_products(d, false, &ctx));
    }
}

/// A sheet without a plan (instructions, a risk matrix, a summary) beside sheets that have
/// one is no document of its own: its text goes to the notes of the file's first document
/// with risks, under the sheet's name, and IK113 says so.
fn fold_sheets_without_plan(docs: &mut Vec<Document>, findings: &mut Vec<Finding>, file: &str) {
    let Some(host) = docs.iter().position(|d| !d.risker.is_empty()) else {
        return;
    };
    let host_id = docs[host].dokument_id.clone();
    let mut moved: Vec<(Option<String>, Option<String>)> = Vec::new();
    docs.retain(|d| {
        let keep = !d.risker.is_empty() || d.kalla_blad.is_none();
        if !keep {
            moved.push((d.kalla_blad.clone(), d.anteckningar.clone()));
        }
        keep
    });
    let host = docs
        .iter_mut()
        .find(|d| d.dokument_id == host_id)
        .expect("the host document is kept");
    for (sheet, notes) in moved {
        let name = sheet.clone().unwrap_or_default();
        if let Some(text) = notes.filter(|t| !t.trim().is_empty()) {
            keep_sheet_notes(host, &name, &text);
        }
        findings.push(finding(
            "IK113",
            format!(
                "Bladet \u{201d}{name}\u{201d} har ingen plan (till exempel instruktioner, \
                 riskmatris eller sammanställning); dess text sparas i anteckningarna till \
                 dokumentet {host_id}"
            ),
            crate::finding::Loc {
                fil: file.to_string(),
                blad: sheet,
                cell: None,
                rad: None,
            },
            None,
        ));
    }
}

/// A workbook of one risk per sheet ("Risk 1", "Risk 2", … each the same card or table) is
/// one plan: one document holding each sheet's risk, in sheet order, not a document per
/// sheet. Joined only when every document is a sheet's only one and holds one risk, every
/// sheet reads the same fields, no sheet names another nämnd, year, kind or period, and the
/// sheets are named alike and numbered apart ("Risk 1", "Risk 2") or each for its risk. A
/// risk without a number takes its sheet's ("Risk 2" → 2).
fn join_sheets_of_one_risk(docs: &mut Vec<Document>, id_base: &str) {
    if docs.len() < 2 {
        return;
    }
    let sheets: HashSet<Option<&str>> = docs.iter().map(|d| d.kalla_blad.as_deref()).collect();
    if sheets.len() != docs.len() || sheets.contains(&None) {
        return;
    }
    let one_risk =
        |d: &Document| matches!(d.risker.as_slice(), [r] if !r.riskomrade.trim().is_empty());
    fn fields(d: &Document) -> Vec<&str> {
        let mut keys: Vec<&str> = d.kolumner.iter().map(|(k, _)| k.as_str()).collect();
        keys.sort_unstable();
        keys
    }
    fn agree<T: PartialEq>(values: impl Iterator<Item = Option<T>>) -> bool {
        let mut values = values.flatten();
        let first = values.next();
        values.all(|v| first.as_ref() == Some(&v))
    }
    if !docs.iter().all(one_risk)
        || !docs.iter().all(|d| fields(d) == fields(&docs[0]))
        || !agree(docs.iter().map(|d| d.namnd.as_deref()))
        || !agree(docs.iter().map(|d| d.forvaltning.as_deref()))
        || !agree(docs.iter().map(|d| d.ar))
        || !agree(docs.iter().map(|d| Some(d.typ)))
        || !agree(docs.iter().map(|d| d.period))
    {
        return;
    }
    // "Risk 1" → ("risk", Some("1")).
    let parts = |name: &str| {
        let stem: String = name
            .chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect();
        let digits: String = name.chars().filter(char::is_ascii_digit).collect();
        (stem, (!digits.is_empty()).then_some(digits))
    };
    let named: Vec<(String, Option<String>)> = docs
        .iter()
        .map(|d| parts(d.kalla_blad.as_deref().unwrap_or_default()))
        .collect();
    // Named alike and numbered apart, by small numbers ("Risk 1", "Risk 2"; a year, as in
    // "Plan 2021" and "Plan-2021", numbers no risk).
    let numbers: HashSet<&Option<String>> = named.iter().map(|(_, n)| n).collect();
    let alike = !named[0].0.is_empty()
        && named
            .iter()
            .all(|(stem, n)| *stem == named[0].0 && n.as_ref().is_some_and(|n| n.len() <= 3))
        && numbers.len() == docs.len();
    let for_their_risk = docs.iter().all(|d| {
        let sheet = fold_ws(&d.kalla_blad.clone().unwrap_or_default()).to_lowercase();
        let risk = fold_ws(&d.risker[0].riskomrade).to_lowercase();
        !sheet.is_empty() && (risk.starts_with(&sheet) || sheet.starts_with(&risk))
    });
    if !(alike || for_their_risk) {
        return;
    }
    let mut rest = docs.split_off(1);
    let host = &mut docs[0];
    // The document is the workbook's, not its first sheet's.
    host.dokument_id = id_base.to_string();
    host.kalla_blad = None;
    host.kalla.blad = None;
    host.kalla.omrade = None;
    for (d, (_, number)) in std::iter::once(&mut *host)
        .chain(rest.iter_mut())
        .zip(&named)
    {
        if alike && d.risker[0].nummer.is_none() {
            d.risker[0].nummer = number.clone();
        }
    }
    for d in rest {
        host.titel = host.titel.take().or(d.titel);
        host.kommun = host.kommun.take().or(d.kommun);
        host.namnd = host.namnd.take().or(d.namnd);
        host.forvaltning = host.forvaltning.take().or(d.forvaltning);
        host.ar = host.ar.or(d.ar);
        host.period = host.period.or(d.period);
        host.datum = host.datum.take().or(d.datum);
        host.diarienummer = host.diarienummer.take().or(d.diarienummer);
        if let Some(text) = d.anteckningar.filter(|t| !t.trim().is_empty())
            && host.anteckningar.as_deref() != Some(text.as_str())
        {
            keep_sheet_notes(host, d.kalla_blad.as_deref().unwrap_or_default(), &text);
        }
        host.risker.extend(d.risker);
    }
    assign_ids(host);
}

/// A folded sheet's text in the notes of the document it went to, under the sheet's name.
fn keep_sheet_notes(host: &mut Document, sheet: &str, text: &str) {
    push_paragraph(&mut host.anteckningar, &format!("[Bladet {sheet}]\n{text}"));
}

/// Splits a sheet's items into documents: a new document starts at a table whose preceding
/// prose holds a title naming another kind of document or another year.
fn segment(items: &mut [Item]) -> Vec<Draft<'_>> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut pending: Vec<ProseLine> = Vec::new();
    for item in items {
        match item {
            Item::Prose {
                line,
                text,
                heading,
                cells,
                parts,
            } => pending.push(ProseLine {
                line: *line,
                text: text.clone(),
                heading: *heading,
                cells: *cells,
                parts: parts.clone(),
            }),
            Item::Table(t) => {
                let title_at = pending.iter().position(|l| is_title(&l.text));
                let title = title_at.map(|i| {
                    let t = &pending[i].text;
                    (title_type(t), year_in(t))
                });
                // Several plans on one sheet, each under a title naming its committee
                // ("Internkontrollplan 2016 Kulturnämnden"): a title naming another
                // committee than the document's starts a new one.
                let named = pending
                    .iter()
                    .enumerate()
                    .rev()
                    .filter(|(_, l)| is_title(&l.text))
                    .find_map(|(i, l)| committee_in(&l.text).map(|c| (i, c)));
                let other_committee = match (drafts.last(), &named) {
                    (Some(cur), Some((_, c))) => cur.committee.as_ref().is_some_and(|x| x != c),
                    _ => false,
                };
                let title_at = match &named {
                    Some((i, _)) if other_committee => Some(*i),
                    _ => title_at,
                };
                let starts_new = other_committee
                    || match (drafts.last(), title) {
                        (None, _) => true,
                        (Some(cur), Some((typ, year))) => match cur.title {
                            Some((ctyp, cyear)) => {
                                ctyp != typ || (year.is_some() && cyear.is_some() && year != cyear)
                            }
                            None => true,
                        },
                        (Some(_), None) => false,
                    };
                if starts_new {
                    let cut = if drafts.is_empty() {
                        0
                    } else {
                        title_at.unwrap_or(0)
                    };
                    if let Some(cur) = drafts.last_mut() {
                        cur.prose.extend(pending.drain(..cut));
                    }
                    drafts.push(Draft {
                        prose: std::mem::take(&mut pending),
                        tables: vec![t],
                        title,
                        committee: named.map(|(_, c)| c),
                    });
                } else if let Some(cur) = drafts.last_mut() {
                    cur.prose.append(&mut pending);
                    cur.tables.push(t);
                }
            }
        }
    }
    match drafts.last_mut() {
        Some(cur) => cur.prose.append(&mut pending),
        None if pending.iter().any(|l| !l.text.trim().is_empty()) => drafts.push(Draft {
            title: None,
            committee: None,
            prose: pending,
            tables: Vec::new(),
        }),
        None => {}
    }
    drafts
}

struct Builder<'a, 'c> {
    ctx: &'a Ctx<'c>,
    vocab: &'a Vocab,
    /// The vocabulary with the words the document's legend defines, when it has one.
    legend: Option<Vocab>,
    /// The legend of the file's sheets, for a document without one of its own.
    file_legend: Option<&'a Vocab>,
    findings: &'a mut Vec<Finding>,
    doc: Document,
    known_people: HashSet<String>,
    guessed_combined: HashSet<usize>,
    /// First and last source row of the current risk, and the width of its last row's
    /// table: its provenance, set when the risk is complete (`finish_risk`).
    risk_rows: (u32, u32),
    risk_width: usize,
    /// Filled source cells placed so far (the ledger).
    placed: u32,
    /// The file and sheet of every record's provenance, shared.
    fil: Shared,
    blad: Option<Arc<str>>,
    /// The file's documents read before this one: a table of follow-ups keyed by their
    /// controls' numbers (no risk or control column) is read as records when the numbers
    /// name their controls, joined to them afterwards ([`join_follow_ups_by_number`]).
    earlier: &'a [Document],
    /// Such a table is being read: its rows' controls stand under an untitled risk, made
    /// without a finding, until they are joined.
    keyed_follow_ups: bool,
    /// Header lines of this document's tables of follow-ups keyed by its own controls'
    /// numbers, joined to them ([`Builder::keyed_table_here`]).
    keyed_here: Vec<u32>,
}

/// The parts of one row, by level.
#[derive(Default)]
struct RowParts {
    /// Values of grouped control columns: (group, role, text).
    grouped: Vec<(u8, Role, String)>,
    risk_nummer: Option<String>,
    title: Option<String>,
    /// The title is a copy of a cell merged down from the row above.
    title_merged: bool,
    desc: Option<String>,
    kategori: Vec<String>,
    process: Option<String>,
    sannolikhet: Option<i64>,
    konsekvens: Option<i64>,
    riskvarde: Option<i64>,
    befintliga: Option<String>,
    risk_extra: Extra,
    control_cells: Vec<(Rich, ControlType)>,
    /// A control description column's text ("Kontrollbeskrivning").
    control_desc: Vec<(String, String)>,
    control_nummer: Option<String>,
    metod: Option<String>,
    frekvens: Option<String>,
    ansvarig: Vec<String>,
    rapp: Vec<String>,
    start: Option<Date>,
    avst: Vec<Date>,
    slut: Option<Date>,
    nar: Option<String>,
    /// A "Typ" column's word for the row's controls.
    typ: Option<ControlType>,
    /// The period a row of a follow-up names in a column of its own ("Delår"), with the
    /// column's label and the text.
    row_period: Option<(Period, String, String)>,
    control_extra: Extra,
    follow: Vec<(Option<Period>, FollowParts)>,
    row_extra: Extra,
    found: Found,
    // Made by `prepare` from the fields above, when the row is read.
    /// The slug of the risk's title (or description).
    risk_nyckel: String,
    has_control: bool,
    // Made by `RowReader::controls`, when the row is read.
    /// The row's controls with their follow-ups, numbered by their items' labels (the
    /// risk's number is put before them when placed).
    controls: Vec<Control>,
}

/// A result's text split by the period tags in it ("Delår: …, Helår: …").
type PeriodParts = Vec<(Option<Period>, String)>;

/// A row's controls before they are made: one item per control of its control cells (at
/// least one), and per entry of `follow`, per item, the item's part of the result split by
/// period tags (empty for a follow-up without content).
type Items = (Vec<ControlItem>, Vec<Vec<Option<PeriodParts>>>);

impl RowParts {
    /// What placing needs that depends only on the row, made when the row is read. For a
    /// row with a control, its items (see [`RowReader::controls`]).
    fn prepare(&mut self, plan_table: bool, outline_controls: bool) -> Option<Items> {
        merge_unperiodized(&mut self.follow);
        // An outline child number ("1.2") on a row without a risk numbers the row's control;
        // on a risk's row too ("1.1") when the table numbers its controls so: the risk's
        // number is then the outline's parent ("1").
        let child = self
            .risk_nummer
            .as_deref()
            .is_some_and(crate::normalize::text::is_outline_child);
        if child && self.control_nummer.is_none() {
            if self.title.is_none() && self.desc.is_none() {
                self.control_nummer = self.risk_nummer.take();
            } else if outline_controls && !self.control_cells.is_empty() {
                let n = self.risk_nummer.take().unwrap_or_default();
                self.risk_nummer = n.split(['.', ':']).next().map(str::to_string);
                self.control_nummer = Some(n);
            }
        }
        self.risk_nyckel = slug(
            self.title
                .as_deref()
                .or(self.desc.as_deref())
                .unwrap_or_default(),
        );
        self.has_control = !self.control_cells.is_empty()
            || self.metod.is_some()
            || !self.ansvarig.is_empty()
            || !self.rapp.is_empty()
            || self.start.is_some()
            || self.slut.is_some()
            || !self.avst.is_empty()
            || self.frekvens.is_some()
            || self.nar.is_some()
            || self.control_nummer.is_some()
            || !self.control_desc.is_empty()
            || !self.control_extra.is_empty()
            || self.follow.iter().any(|(_, f)| !f.is_empty());
        // A risk's row with nothing of a control but cells of unknown columns: they are the
        // risk's, not an empty control's.
        if !self.has_control && !self.row_extra.is_empty() {
            if self.title.is_some() {
                for (k, v) in std::mem::take(&mut self.row_extra).0 {
                    self.risk_extra.push(&k, &v);
                }
            } else {
                self.has_control = true;
            }
        }
        if !self.has_control {
            return None;
        }
        let mut items: Vec<ControlItem> = Vec::new();
        for (rich, typ) in std::mem::take(&mut self.control_cells) {
            // "Kontroll: Avstämning …⏎Metod: …": the cell's own label goes.
            let rich = match strip_own_labels(&rich.plain(), |r| {
                matches!(r, Role::Kontroll | Role::Atgard)
            }) {
                Some(t) => Rich::from_text(&t),
                None => rich,
            };
            // "Metod: uttag ur ärendesystemet" under the control: its method.
            let (rich, methods) = take_labelled_paragraphs(rich, |label| {
                crate::layout::synonyms::role_of(label) == Role::Metod
            });
            methods
                .into_iter()
                .for_each(|m| join_opt(&mut self.metod, m));
            let mut more = control_items(rich, plan_table);
            let typ = self.typ.unwrap_or(typ);
            more.iter_mut().for_each(|it| it.typ = typ);
            append(&mut items, more);
        }
        if items.is_empty() {
            items.push(ControlItem {
                typ: ControlType::Kontroll,
                ..Default::default()
            });
        }
        // A description column describes the row's one control; beside several, whose it is
        // is not known and it stays in extra.
        for (label, desc) in std::mem::take(&mut self.control_desc) {
            match items.as_mut_slice() {
                [one] => join_opt(&mut one.desc, desc),
                _ => self.control_extra.push(&label, &desc),
            }
        }
        // Results labelled "1 a)" go to their item.
        let results = self
            .follow
            .iter_mut()
            .map(|(_, f)| {
                if f.is_empty() {
                    return Vec::new();
                }
                match &mut f.resultat {
                    // Taken, leaving an empty text: from here on only whether the period
                    // has a result counts (`FollowParts::is_empty`).
                    Some(r) => item_results_owned(std::mem::take(r), &items),
                    None => vec![None; items.len()],
                }
            })
            .collect();
        Some((items, results))
    }
}

#[derive(Default, Clone)]
struct FollowParts {
    /// The number of its period ("T2"), when the headers number them.
    number: Option<u8>,
    /// The year the row's period names ("Delår 1 2016"), for a document without one.
    year: Option<i32>,
    status: Option<String>,
    /// The status is a share done ("Genomfört (%)": 1, 0,5, 0).
    status_share: bool,
    assessment: Option<String>,
    /// What the assessment column asks about ("Avvikelse": Ja / Nej; "Brister
    /// (inga/mindre/väsentliga)"): its noun, to read answers that leave it out.
    asks_about: Option<&'static str>,
    resultat: Option<String>,
    ny: Option<String>,
    extra: Extra,
}

impl FollowParts {
    fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.assessment.is_none()
            && self.resultat.is_none()
            && self.ny.is_none()
    }
}

/// A header that asks which period a row follows up ("Period", "Uppföljningsperiod",
/// "Avser"), not when the control is reported ("Rapporteras").
fn names_period(header: &str) -> bool {
    let h = fold_ws(header).to_lowercase();
    let first = h.split(' ').next().unwrap_or("");
    first.ends_with("period") || matches!(first, "avser" | "tertial" | "delår/helår")
}

/// A period and its year, and nothing else ("Delår 2 2022", "Helår 2022", "Tertial 1
/// 2019"): the period a row follows up, not when it is reported ("Delår och helår").
fn is_period_and_year(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() <= 4
        && year_in(text).is_some()
        && period_in(text).is_some()
        && words
            .iter()
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .count()
            == 1
}

/// A header naming the risk and its consequence together ("Risk och konsekvens"): its
/// cells are the risk's name in a first sentence and what follows from it.
fn names_risk_and_consequence(header: &str) -> bool {
    let h = fold_ws(header).to_lowercase();
    let words: Vec<&str> = h.split(|c: char| !c.is_alphanumeric()).collect();
    words.iter().any(|w| *w == "risk" || *w == "risker")
        && words.iter().any(|w| w.starts_with("konsekvens"))
}

/// A short first sentence and the sentences after it ("Planerad tid utförs inte. Brukare
/// får inte …" → the name without its full stop, and the rest).
fn first_sentence_and_rest(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let end = text.find(". ")?;
    let (first, rest) = (&text[..end], text[end + 1..].trim());
    let starts_sentence = rest.chars().next().is_some_and(char::is_uppercase);
    (starts_sentence && (1..=15).contains(&first.split_whitespace().count()))
        .then(|| (first.to_string(), rest.to_string()))
}

/// A header that defines its scale in a parenthesis, "Bedömning (1 = inga brister, 2 =
/// mindre brister, 3 = väsentliga brister)", as the legend line "Bedömning: 1 = inga
/// brister, …".
fn header_legend(header: &str) -> Option<String> {
    let (label, rest) = header.split_once('(')?;
    let inner = rest.rsplit_once(')').map_or(rest, |(inner, _)| inner);
    (inner.matches('=').count() >= 2 && !label.trim().is_empty())
        .then(|| format!("{}: {}", label.trim(), inner.trim()))
}

/// The one value all of `values` have, when they have one.
fn only_value<T: Copy + PartialEq>(mut values: Vec<Option<T>>) -> Option<T> {
    values.dedup();
    match values.as_slice() {
        [Some(v)] => Some(*v),
        _ => None,
    }
}

/// The same control written again for another period: the same name, method and people,
/// and follow-ups only of periods the first has none of.
fn same_control(first: &Control, again: &Control) -> bool {
    !first.kontroll.is_empty()
        && first.kontroll == again.kontroll
        && first.metod == again.metod
        && first.ansvarig == again.ansvarig
        && first.frekvens == again.frekvens
        && !again.uppfoljningar.is_empty()
        && again.uppfoljningar.iter().all(|u| {
            u.period.is_some()
                && !first
                    .uppfoljningar
                    .iter()
                    .any(|f| f.period == u.period && f.extra == u.extra)
        })
}

/// A control or action cell that says there is none: "Risken accepteras", "Ingen åtgärd
/// krävs", "Ej aktuellt".
fn is_no_action(text: &str) -> bool {
    let t = fold_ws(text)
        .trim_end_matches(['.', '!'])
        .trim()
        .to_lowercase();
    t.starts_with("risken accepteras")
        || matches!(
            t.as_str(),
            "accepteras"
                | "accepterad risk"
                | "ingen åtgärd"
                | "ingen åtgärd krävs"
                | "ingen åtgärd behövs"
                | "inga åtgärder"
                | "inga åtgärder krävs"
                | "inga åtgärder behövs"
                | "ingen kontroll"
                | "ej aktuellt"
                | "ej aktuell"
                | "inte aktuellt"
        )
}

/// A risk cell's title field: "Risk", "Riskområde".
fn is_title_role(role: Role) -> bool {
    matches!(role, Role::Riskomrade | Role::RiskTitelBeskrivning)
}

/// A cell whose paragraphs carry the labels of the fields they hold ("Risk: Biljettintäkter
/// redovisas fel⏎Beskrivning: Försäljningen stäms inte av."): the text without the first
/// paragraph's label, when `own` accepts its field (the column's own), and without the
/// description labels of the paragraphs after it. Other labels ("Metod:") stay for their
/// fields; a cell whose first paragraph has no label of its own is left as it is (None).
fn strip_own_labels(text: &str, own: impl Fn(Role) -> bool) -> Option<String> {
    fn label_of(para: &str) -> Option<(Role, &str)> {
        let (label, rest) = para.split_once(':')?;
        let (label, rest) = (label.trim(), rest.trim());
        (!rest.is_empty()
            && !label.is_empty()
            && label.split_whitespace().count() <= 2
            && label
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '-'))
        .then(|| (crate::layout::synonyms::role_of(label), rest))
    }
    let mut paras = text.split('\n');
    let (role, first) = label_of(paras.next()?)?;
    if !own(role) {
        return None;
    }
    let mut out = vec![first.to_string()];
    for para in paras {
        match label_of(para) {
            Some((Role::Riskbeskrivning | Role::KontrollBeskrivning, rest)) => {
                out.push(rest.to_string())
            }
            _ => out.push(para.to_string()),
        }
    }
    Some(out.join("\n"))
}

/// `items` after those in `list`: moved whole into an empty list.
fn append<T>(list: &mut Vec<T>, mut items: Vec<T>) {
    if list.is_empty() {
        *list = items;
    } else {
        list.append(&mut items);
    }
}

/// Notes with one more paragraph (paragraphs are set apart by a blank line).
fn push_paragraph(notes: &mut Option<String>, text: &str) {
    let all = notes.get_or_insert_with(String::new);
    if !all.is_empty() {
        all.push_str("\n\n");
    }
    all.push_str(text);
}

fn join_opt(slot: &mut Option<String>, text: String) {
    match slot {
        Some(s) => {
            s.push('\n');
            s.push_str(&text);
        }
        None => *slot = Some(text),
    }
}

/// Keeps a second value of a risk field: in the field when it was empty, in `extra` when
/// it differs from the first.
fn keep_more(slot: &mut Option<String>, more: &Option<String>, key: &str, extra: &mut Extra) {
    match (slot.as_ref(), more) {
        (_, None) => {}
        (None, Some(m)) => *slot = Some(m.clone()),
        (Some(old), Some(m)) if old != m => extra.push(key, m),
        _ => {}
    }
}

/// A field of a row that each of its controls gets: a copy, or the field itself for the
/// last one.
/// The status a share done gives ("1", "100 %" done; "0" not begun; between, in progress).
fn done_share(text: &str) -> Option<Status> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let v: f64 = t.parse().ok()?;
    let whole = if text.contains('%') || v > 1.0 {
        100.0
    } else {
        1.0
    };
    Some(if v <= 0.0 {
        Status::EjPaborjad
    } else if v >= whole {
        Status::Genomford
    } else {
        Status::Pagaende
    })
}

/// The fields a grouped control column fills: metod, frekvens, ansvarig,
/// rapporteringsansvarig, uppföljning när.
type ControlTexts<'a> = (
    &'a mut Option<String>,
    &'a mut Option<String>,
    &'a mut Vec<String>,
    &'a mut Vec<String>,
    &'a mut Option<String>,
);

/// A grouped control column's text into the field its role fills, as the row's own
/// columns fill them (see `RowReader::parts`).
fn put_control_text(
    role: Role,
    text: String,
    (metod, frekvens, ansvarig, rapp, nar): ControlTexts,
) {
    match role {
        Role::Metod => join_opt(metod, text),
        Role::Frekvens => join_opt(frekvens, text),
        Role::Ansvarig => append(ansvarig, split_people_owned(text)),
        Role::Rapporteringsansvarig => append(rapp, split_people_owned(text)),
        _ => join_opt(nar, text),
    }
}

/// Per column, the control group its header names, when two or more groups of control
/// columns stand side by side ("Kontroll 1 Kontrollmoment", "Kontroll 1 Ansvarig",
/// "Kontroll 2 Kontrollmoment", …): each group describes one control of the row.
fn control_groups(table: &Table) -> Vec<Option<u8>> {
    static GROUP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:kontroll|kontrollmoment|åtgärd|kontrollpunkt)\s*(\d{1,2})\b")
            .expect("control group")
    });
    let mut out = vec![None; table.columns.iter().map(|c| c.index + 1).max().unwrap_or(0)];
    let mut kontroll_groups = Vec::new();
    for c in &table.columns {
        // The group is a number: a header without a digit is not asked (most headers).
        let g = (c.header.contains(char::is_numeric))
            .then(|| GROUP.captures(&c.header))
            .flatten()
            .and_then(|m| m[1].parse::<u8>().ok());
        if let Some(g) = g {
            out[c.index] = Some(g);
            if matches!(c.role, Role::Kontroll | Role::Atgard) {
                kontroll_groups.push(g);
            }
        }
    }
    kontroll_groups.sort_unstable();
    kontroll_groups.dedup();
    if kontroll_groups.len() < 2 {
        return Vec::new();
    }
    out
}

/// A text listing one value per control of a row ("1) Månadsvis⏎2) Två gånger per år"):
/// its values without their marks, taken from `text`, when it has as many marked
/// paragraphs as there are controls (more than one).
fn listed_per_item(text: &mut Option<String>, n: usize) -> Option<Vec<Option<String>>> {
    static MARK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:\d{1,2}|[a-zA-Z])\s?[).:]\s+|^\s*[-•–]\s+").expect("list mark")
    });
    let t = text.as_deref().filter(|t| n >= 2 && t.contains('\n'))?;
    let lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() != n || !lines.iter().all(|l| MARK.is_match(l)) {
        return None;
    }
    let each = lines
        .iter()
        .map(|l| non_empty(MARK.replace(l, "").into_owned()))
        .collect();
    *text = None;
    Some(each)
}

fn share<T: Clone + Default>(v: &mut T, last: bool) -> T {
    if last { std::mem::take(v) } else { v.clone() }
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl Builder<'_, '_> {
    fn document(&mut self, draft: &mut Draft, opts: &Options, prev_namnd: &mut Option<String>) {
        let mut f = facts(&draft.prose);
        // An export's columns that repeat the committee and the year on every row.
        f.merge(super::column_facts::column_facts(
            draft.tables.iter().map(|t| &**t),
        ));
        // A legend above the table ("Status: Grön = kontrollen genomförd, …") defines the
        // document's own words.
        // A scale defined in a column's header ("Bedömning (1 = inga brister, 2 = mindre
        // brister)") is a labelled legend of that column's words.
        let header_legends: Vec<String> = draft
            .tables
            .iter()
            .flat_map(|t| &t.columns)
            .filter_map(|c| header_legend(&c.header))
            .collect();
        self.legend = self
            .vocab
            .with_legends(
                draft.prose.iter().map(|l| l.text.as_str()).chain(
                    super::facts::sentence_legends(&draft.prose)
                        .iter()
                        .chain(&super::facts::table_legends(&draft.prose))
                        .chain(&header_legends)
                        .map(String::as_str),
                ),
            )
            .or_else(|| self.file_legend.cloned());
        // `facts` keeps every line that is not blank.
        self.placed += draft.prose.iter().map(|l| l.cells).sum::<u32>();
        let follow_up_tables = draft.tables.iter().any(|t| t.is_follow_up());
        // What the sheet's name, then the file's, says of the year, nämnd and period
        // ("IK-plan Kommunstyrelsen 2020.xlsx"), for a document whose text does not.
        let mut named = self.ctx.sheet.map(name_facts).unwrap_or_default();
        named.merge(name_facts(self.ctx.file));
        let doc = &mut self.doc;
        doc.titel = f.titel.clone();
        doc.ar = opts.force_ar.or(f.ar).or(named.ar);
        doc.typ = if follow_up_tables || f.typ_hint == Some(DocType::Uppfoljning) {
            DocType::Uppfoljning
        } else {
            DocType::Plan
        };
        doc.datum = f.datum;
        doc.diarienummer = f.diarienummer.clone();
        doc.namnd = opts
            .force_namnd
            .clone()
            .or(f.namnd.clone())
            .or(named.namnd.clone())
            .or(opts.namnd.clone())
            .or(prev_namnd.clone());
        *prev_namnd = doc.namnd.clone();
        doc.forvaltning = f.forvaltning.clone();
        doc.kommun = opts
            .force_kommun
            .clone()
            .or(f.kommun.clone())
            .or(opts.kommun.clone());
        if doc.typ == DocType::Uppfoljning {
            let header_period = draft
                .tables
                .iter()
                .flat_map(|t| t.columns.iter())
                .filter(|c| c.role.level() == crate::layout::Level::FollowUp)
                .find_map(|c| c.period);
            let by_date = match (doc.datum, doc.ar) {
                (Some(d), Some(y)) if d.y > y => Some(Period::Helar),
                _ => None,
            };
            // The user's period words ([ordlista.period]) name a title's period too
            // ("Uppföljning T2 2023").
            let user_title_period = f
                .titel
                .as_deref()
                .filter(|_| f.period.is_none())
                .and_then(|t| self.vocab.period_in(t));
            // A sheet named for its period ("Uppföljning helår", "Delår 2") names the period
            // of a follow-up whose title and headers do not.
            let sheet_period = self.ctx.sheet.and_then(|name| self.vocab.period_in(name));
            doc.period = f
                .period
                .or(user_title_period)
                .or(header_period)
                .or(sheet_period)
                .or(named.period)
                .or(by_date);
        }
        let notes = f.notes.join("\n\n");
        doc.anteckningar = (!notes.is_empty()).then_some(notes);
        for h in &f.headings {
            doc.extra.push("Rubrik", h);
        }
        let first = draft.prose.first().map(|l| l.line);
        let last = draft.prose.last().map(|l| l.line);
        let mut lines: Vec<u32> = first.into_iter().chain(last).collect();
        for t in &draft.tables {
            lines.push(t.header_line);
            if let Some(r) = t.rows.last() {
                lines.push(r.last_line);
            }
        }
        self.doc.kalla = self.provenance(
            lines.iter().min().copied().unwrap_or(1),
            lines.iter().max().copied().unwrap_or(1),
            None,
        );
        // Names written alone in person columns guide the split of combined columns.
        let combined = draft
            .tables
            .iter()
            .any(|t| t.has_role(|r| r == Role::Combined(Combo::AnsvarigRapportering)));
        for t in draft.tables.iter().filter(|_| combined) {
            for c in t
                .columns
                .iter()
                .filter(|c| matches!(c.role, Role::Ansvarig | Role::Rapporteringsansvarig))
            {
                for r in &t.rows {
                    if let Some(cell) = r.cells.get(c.index) {
                        self.known_people.extend(split_people(&cell.value.plain()));
                    }
                }
            }
        }
        for t in &draft.tables {
            for c in &t.columns {
                for key in c.role.model_keys() {
                    if !self.doc.kolumner.iter().any(|(k, _)| k == key) {
                        self.doc.kolumner.push((key.to_string(), c.index));
                    }
                }
            }
        }
        let mut first_risk_of_table = Vec::with_capacity(draft.tables.len());
        for t in draft.tables.iter_mut() {
            self.finish_risk();
            first_risk_of_table.push(self.doc.risker.len());
            self.table(t);
        }
        self.finish_risk();
        join_tables(&mut self.doc.risker, &first_risk_of_table);
        super::parent::place_by_parent(&mut self.doc);
        self.derive_products(draft.prose.iter().any(|l| defines_product(&l.text)));
        self.period_from_follow_ups();
        assign_ids(&mut self.doc);
    }

    /// IK205 for the risks given their riskvärde by [`derive_products`].
    fn derive_products(&mut self, product_said: bool) {
        let found = derive_products(&mut self.doc, product_said, self.ctx);
        self.findings.extend(found);
    }

    /// The current risk's provenance: all the rows it was placed from.
    fn finish_risk(&mut self) {
        let (first, last) = self.risk_rows;
        let kalla = self.provenance(first, last, Some(self.risk_width));
        if let Some(r) = self.doc.risker.last_mut() {
            r.kalla = kalla;
        }
    }

    fn provenance(&self, first: u32, last: u32, width: Option<usize>) -> Provenance {
        provenance(&self.fil, &self.blad, self.ctx.grid, (first, last), width)
    }

    /// Whether a table without a risk or control column is follow-ups keyed by control
    /// number ("Nr | Utfört | Resultat | Bedömning" on a sheet of its own): a number column
    /// and a follow-up column, and every row's number names exactly one control of the
    /// file's earlier documents.
    fn follow_ups_by_number(&self, table: &Table) -> bool {
        let Some(nr) = keyed_number_column(table) else {
            return false;
        };
        let known = numbers_of_one_control(self.earlier);
        table.rows.iter().all(|row| {
            row.cells
                .get(nr)
                .and_then(|c| known.get(fold_ws(&c.value.plain()).as_str()))
                .is_some_and(|text| names_same_control(table, row, text))
        })
    }

    /// Whether a table without a risk or control column is follow-ups keyed by the numbers
    /// of controls read above it in the same document (a plan, then under it "Kontroll nr |
    /// Status | Resultat"): every numbered row names exactly one of them, and a row without
    /// a number is a note written in its first cell alone.
    fn follow_ups_by_number_here(&self, table: &Table) -> bool {
        let Some(nr) = keyed_number_column(table) else {
            return false;
        };
        if self.doc.risker.is_empty() {
            return false;
        }
        let known = numbers_of_one_control(std::slice::from_ref(&self.doc));
        let mut numbered = 0;
        let all = table.rows.iter().all(|row| {
            let text = row
                .cells
                .get(nr)
                .map(|c| fold_ws(&c.value.plain()))
                .unwrap_or_default();
            if let Some(control) = known.get(text.as_str()) {
                numbered += 1;
                return names_same_control(table, row, control);
            }
            !text.starts_with(|c: char| c.is_ascii_digit())
                && crate::layout::filled_cells(&row.cells) <= 1
        });
        all && numbered > 0
    }

    /// Reads a table of follow-ups keyed by the numbers of the document's own controls
    /// (see [`Self::follow_ups_by_number_here`]) and gives each row's follow-ups to the
    /// control of its number; a row without a number goes to the notes.
    fn keyed_table_here(&mut self, table: &mut Table) {
        let host = std::mem::take(&mut self.doc.risker);
        let rows = self.risk_rows;
        self.keyed_follow_ups = true;
        self.read_rows(table);
        self.keyed_follow_ups = false;
        let keyed = std::mem::replace(&mut self.doc.risker, host);
        self.risk_rows = rows;
        let mut joined = false;
        // A keyed row under a risk's number ("Nr" over "1", "2") numbers the one control
        // of the risk of that number.
        let numbered = keyed.into_iter().flat_map(|r| {
            let nummer = r.nummer;
            r.kontroller.into_iter().map(move |mut k| {
                if k.nummer.is_none() {
                    k.nummer.clone_from(&nummer);
                }
                k
            })
        });
        for k in numbered {
            let at = k.nummer.as_deref().and_then(|_| {
                self.doc.risker.iter().enumerate().find_map(|(ri, r)| {
                    r.kontroller
                        .iter()
                        .position(|c| keyed_to(&k, r, c))
                        .map(|ki| (ri, ki))
                })
            });
            let target = at.map(|(ri, ki)| &mut self.doc.risker[ri].kontroller[ki]);
            match target {
                Some(c) if !k.uppfoljningar.is_empty() => {
                    c.uppfoljningar.extend(k.uppfoljningar);
                    joined = true;
                }
                _ => {
                    let text = [k.nummer.as_deref(), Some(k.kontroll.as_str())]
                        .into_iter()
                        .flatten()
                        .filter(|t| !t.trim().is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    if !text.is_empty() {
                        push_paragraph(&mut self.doc.anteckningar, &text);
                    }
                }
            }
        }
        if joined {
            self.doc.typ = DocType::Uppfoljning;
            self.keyed_here.push(table.header_line);
        }
    }

    fn finding_at(&mut self, code: &str, msg: String, line: u32, col: Option<usize>) {
        self.findings
            .push(finding(code, msg, self.ctx.loc(line, col), None));
    }

    fn table(&mut self, table: &mut Table) {
        let has_subject = table.has_role(|r| {
            matches!(
                r,
                Role::Riskomrade
                    | Role::RiskTitelBeskrivning
                    | Role::Riskbeskrivning
                    | Role::Kontroll
                    | Role::Atgard
            )
        });
        // A follow-up table naming its controls by number and text ("Nr | Kontrollmoment |
        // Status"), no risk: it may be keyed to the plan's controls as one without a text.
        let control_only = has_subject
            && !table.has_role(|r| {
                matches!(
                    r,
                    Role::Riskomrade
                        | Role::RiskTitelBeskrivning
                        | Role::Riskbeskrivning
                        | Role::Atgard
                )
            });
        let keyable = !has_subject || control_only;
        if keyable && self.follow_ups_by_number_here(table) {
            self.keyed_table_here(table);
            return;
        }
        self.keyed_follow_ups = keyable && self.follow_ups_by_number(table);
        if !has_subject && !self.keyed_follow_ups {
            // IK105 was reported by the layout; keep the rows as notes.
            for row in &table.rows {
                let text = table
                    .columns
                    .iter()
                    .filter_map(|c| {
                        let v = fold_ws(&row.cells.get(c.index)?.value.plain());
                        (!v.is_empty()).then(|| format!("{}: {v}", c.header))
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                if !text.is_empty() {
                    push_paragraph(&mut self.doc.anteckningar, &text);
                    self.placed += row.source_cells;
                }
            }
            return;
        }
        self.read_rows(table);
    }

    /// Reads a table's rows into the document's risks and controls.
    fn read_rows(&mut self, table: &mut Table) {
        // The rows' cells are moved into the rows' parts: their text is not copied.
        let cells: Vec<Vec<Cell>> = table
            .rows
            .iter_mut()
            .map(|r| std::mem::take(&mut r.cells))
            .collect();
        let table: &Table = table;
        // At most one risk per row: room for them at once instead of the vector being
        // copied as it doubles (only the pages used are touched).
        self.doc.risker.reserve(table.rows.len());
        // The people and names outlive the borrow of `self` that placing needs.
        let known = std::mem::take(&mut self.known_people);
        let legend = self.legend.take();
        let (fil, blad) = (self.fil.clone(), self.blad.clone());
        let follow_up = table.is_follow_up();
        let reader = RowReader {
            ctx: self.ctx,
            known_people: &known,
            vocab: legend.as_ref().unwrap_or(self.vocab),
            doc_period: self.doc.period,
            doc_year: self.doc.ar,
            fil: &fil,
            blad: blad.as_deref(),
            has_desc_col: table.has_role(|r| r == Role::Riskbeskrivning),
            period_columns: table
                .columns
                .iter()
                .map(|c| follow_up && names_period(&c.header))
                .collect(),
            risks_only: !table.has_role(|r| matches!(r.level(), Level::Control | Level::FollowUp)),
            outline_controls: outline_numbers_controls(table, &cells),
            outline_parents: outline_parents(table, &cells),
            typed_rows: crate::layout::records::marks_risk_rows(table),
            control_groups: control_groups(table),
        };
        let mut job = ReadJob::new(&reader);
        // A label row that ends the table, its only one ("Samlad bedömning: Mindre
        // brister"), assesses the table's follow-ups; others their risk's.
        let mut labels: Vec<Option<(Role, String)>> = cells
            .iter()
            .map(|c| crate::layout::label_row(c, reader.vocab))
            .collect();
        let closing = labels.last().is_some_and(Option::is_some)
            && labels.iter().filter(|l| l.is_some()).count() == 1;
        // The table's first control: the last risk's next one (a table may go on under it).
        let table_start = (
            self.doc.risker.len().saturating_sub(1),
            self.doc.risker.last().map_or(0, |r| r.kontroller.len()),
        );
        let last = cells.len().saturating_sub(1);
        // Summary rows ("Sammanfattande bedömning för processen | Delvis godtagbar. …") at
        // the foot of the table or of a group of it (a section's last rows).
        let mut summaries: Vec<Option<(String, Vec<String>)>> = vec![None; cells.len()];
        for i in (0..cells.len()).rev() {
            let at_foot = i == last
                || table.rows[i + 1].section != table.rows[i].section
                || summaries[i + 1].is_some();
            if labels[i].is_none() && at_foot {
                summaries[i] = crate::layout::summary_row(&cells[i]);
            }
        }
        // Rows at the table's foot filled only in columns that name no field (a legend
        // line under a riskmatris beside the table): notes, not a control.
        let mut foot = cells.len();
        while foot > 0 && only_unnamed(table, &cells[foot - 1]) {
            foot -= 1;
        }
        let assessed = table.column_of(Role::Kontrollbedomning);
        // The process of the row above, where a process column stands beside the risk's.
        let mut carried: Option<(Option<usize>, String)> = None;
        let carries = groups_processes(table, &cells);
        let mut group_start = table_start;
        for (i, (row, cells)) in table.rows.iter().zip(cells).enumerate() {
            if i > 0 && row.section != table.rows[i - 1].section {
                group_start = (
                    self.doc.risker.len().saturating_sub(1),
                    self.doc.risker.last().map_or(0, |r| r.kontroller.len()),
                );
            }
            if let Some((role, text)) = labels[i].take() {
                if closing && i == last {
                    self.assess_from(table_start, role, &text);
                } else {
                    self.assess_risk(role, &text);
                }
                self.placed += row.source_cells;
                continue;
            }
            if i >= foot {
                let text = table
                    .columns
                    .iter()
                    .filter_map(|c| {
                        let v = fold_ws(&cells.get(c.index)?.value.plain());
                        (!v.is_empty()).then_some(v)
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                push_paragraph(&mut self.doc.anteckningar, &text);
                self.placed += row.source_cells;
                continue;
            }
            if let Some((label, rest)) = summaries[i].take() {
                self.summary(&label, &rest, assessed, group_start);
                self.placed += row.source_cells;
                continue;
            }
            let mut p = reader.parts(table, row, cells, &mut job);
            if carries {
                carry_process(&mut carried, row, &mut p);
            }
            self.take_row(table, row, p);
        }
        self.known_people = known;
        self.legend = legend;
    }

    /// A summary row at the foot of a table or group (see [`crate::layout::summary_row`]):
    /// kept in the notes as written. Where the controls have no assessment column of their
    /// own, an assessment word right after the label assesses the group's follow-ups, as a
    /// closing label row does; where they have one, a control left unassessed stays so.
    fn summary(
        &mut self,
        label: &str,
        rest: &[String],
        assessed: Option<usize>,
        from: (usize, usize),
    ) {
        push_paragraph(
            &mut self.doc.anteckningar,
            &format!("{label}: {}", rest.join(" ")),
        );
        if assessed.is_some() {
            return;
        }
        let vocab = self.legend.as_ref().unwrap_or(self.vocab);
        if let Some(value) = rest.first()
            && vocab.assessment(value).is_some()
        {
            let value = value.clone();
            self.assess_from(from, Role::Kontrollbedomning, &value);
        }
    }

    /// A table's label row ("Bedömning | Mindre brister" merged across, under a risk's
    /// controls): the assessment of each follow-up of the current risk that has none.
    fn assess_risk(&mut self, role: Role, text: &str) {
        let start = self.doc.risker.len().saturating_sub(1);
        self.assess_from((start, 0), role, text);
    }

    /// The assessment or status `text` for each follow-up without one of the controls from
    /// risk `from.0`'s control `from.1` on. The label row that ends a table ("Samlad
    /// bedömning: Mindre brister" merged across under its rows) assesses the controls placed
    /// since the table began.
    fn assess_from(&mut self, from: (usize, usize), role: Role, text: &str) {
        let vocab = self.legend.as_ref().unwrap_or(self.vocab);
        let status = looked_up(text, |t| vocab.status(t));
        let assessment = looked_up(text, |t| vocab.assessment(t));
        let Some(risks) = self.doc.risker.get_mut(from.0..) else {
            return;
        };
        for fu in risks
            .iter_mut()
            .enumerate()
            .flat_map(|(i, r)| {
                r.kontroller
                    .iter_mut()
                    .skip(if i == 0 { from.1 } else { 0 })
            })
            .flat_map(|k| k.uppfoljningar.iter_mut())
        {
            match role {
                Role::Kontrollbedomning if fu.kontrollbedomning_kalla.is_none() => {
                    (fu.kontrollbedomning, fu.kontrollbedomning_kalla) = assessment.clone();
                }
                Role::Status if fu.status_kalla.is_none() => {
                    (fu.status, fu.status_kalla) = status.clone();
                }
                _ => {}
            }
        }
    }

    /// Places a row read by [`RowReader::parts`], its findings first.
    fn take_row(&mut self, table: &Table, row: &TableRow, mut p: RowParts) {
        for (guess, f) in std::mem::take(&mut p.found) {
            if guess.is_none_or(|c| self.guessed_combined.insert(c)) {
                self.findings.push(f);
            }
        }
        self.place(table, row, p);
        self.placed += row.source_cells;
    }

    /// Places one row's parts: a new risk or the current one, its controls and follow-ups.
    fn place(&mut self, table: &Table, row: &TableRow, mut p: RowParts) {
        let width = table.columns.len();
        // A heading that names the risk of a table without a risk column.
        if p.title.is_none()
            && p.desc.is_none()
            && let Some(sec) = row.section.and_then(|i| table.sections.get(i))
            && sec.role == Role::Riskomrade
        {
            p.title = Some(sec.text.clone());
            p.desc.clone_from(&sec.description);
            p.risk_nyckel = slug(&sec.text);
            // The row's own number, under a heading that names the risk, numbers its
            // control ("Nr" 1, 2 under the area row "Arbetsmiljö"; 1.1 under "1 Ekonomi").
            let child = |n: &str, s: &str| {
                n.strip_prefix(s)
                    .is_some_and(|r| r.starts_with('.') && r.len() > 1)
            };
            if let [control] = p.controls.as_mut_slice()
                && control.nummer.is_none()
                && match (&sec.nummer, &p.risk_nummer) {
                    (None, _) => true,
                    (Some(s), Some(n)) => child(n, s),
                    (Some(_), None) => false,
                }
            {
                control.nummer = p.risk_nummer.take();
            }
            if p.risk_nummer.is_none() {
                p.risk_nummer = sec.nummer.clone();
            }
            if let Some(n) = sec.numbers
                && p.riskvarde.is_none()
                && p.sannolikhet.is_none()
                && p.konsekvens.is_none()
            {
                p.riskvarde = n.value;
                p.sannolikhet = n.sannolikhet;
                p.konsekvens = n.konsekvens;
            }
        }
        let risk_present = !row.merged_group
            && (p.title.is_some()
                || p.desc.is_some()
                || p.risk_nummer.is_some()
                || p.riskvarde.is_some()
                || p.befintliga.is_some()
                || !p.kategori.is_empty()
                || p.process.is_some());
        // The risk's title and description as a new risk would get them (a description
        // alone is the title).
        let (title, desc) = match &p.title {
            Some(t) => (Some(t), p.desc.as_ref()),
            None => (p.desc.as_ref(), None),
        };
        // The same risk written again; a title merged down over rows of other values is one
        // risk whose rows value their controls differently.
        let same_as_current = risk_present
            && self.doc.risker.last().is_some_and(|r| {
                Some(&r.riskomrade) == title
                    && r.riskbeskrivning.as_ref() == desc
                    && (r.riskvarde == p.riskvarde || p.title_merged || names_areas(table))
            });
        if risk_present && !same_as_current {
            self.finish_risk();
            // The risk's fields are not needed from the row after this: moved, not copied.
            let (title, desc) = match p.title.take() {
                Some(t) => (t, p.desc.take()),
                None => (p.desc.take().unwrap_or_default(), None),
            };
            let risk = Risk {
                risk_nyckel: std::mem::take(&mut p.risk_nyckel),
                nummer: p.risk_nummer.clone(),
                riskomrade: title,
                riskbeskrivning: desc,
                kategori: std::mem::take(&mut p.kategori),
                process: p.process.take(),
                sannolikhet: p.sannolikhet,
                konsekvens: p.konsekvens,
                riskvarde: p.riskvarde,
                befintliga_rutiner: p.befintliga.take(),
                extra: std::mem::take(&mut p.risk_extra),
                ..Default::default()
            };
            self.doc.risker.push(risk);
            if let Some(sec) = row.section.and_then(|i| table.sections.get(i))
                && let Some(r) = self.doc.risker.last_mut()
            {
                apply_section(r, sec);
            }
        } else if self.doc.risker.is_empty() && self.keyed_follow_ups {
            // Follow-ups keyed by their controls' numbers: held here until joined.
            self.doc.risker.push(Risk::default());
        } else if self.doc.risker.is_empty() {
            // At the control's cell, so that the user finds it on a grid.
            let control_col = table
                .columns
                .iter()
                .find(|c| matches!(c.role, Role::Kontroll | Role::Atgard))
                .map(|c| c.index);
            self.finding_at(
                "IK503",
                "Raden har en kontroll men ingen risk att höra till".to_string(),
                row.first_line,
                control_col,
            );
            self.doc.risker.push(Risk::default());
        } else if let Some(r) = self.doc.risker.last_mut() {
            for (k, v) in &p.risk_extra.0 {
                r.extra.push(k, v);
            }
            if same_as_current {
                // The risk written again: what this row says beyond it is kept.
                keep_more(&mut r.nummer, &p.risk_nummer, "Nummer", &mut r.extra);
                keep_more(&mut r.process, &p.process, "Process", &mut r.extra);
                keep_more(
                    &mut r.befintliga_rutiner,
                    &p.befintliga,
                    "Befintliga rutiner",
                    &mut r.extra,
                );
                for k in &p.kategori {
                    if !r.kategori.contains(k) {
                        r.kategori.push(k.clone());
                    }
                }
                // A value of the row's own under a merged title: its control's.
                for (label, v, old) in [
                    ("Sannolikhet", p.sannolikhet, r.sannolikhet),
                    ("Konsekvens", p.konsekvens, r.konsekvens),
                    ("Riskvärde", p.riskvarde, r.riskvarde),
                ] {
                    if let Some(v) = v.filter(|v| Some(*v) != old) {
                        match p.controls.first_mut() {
                            Some(c) => c.extra.push(label, &v.to_string()),
                            None => r.extra.push(label, &v.to_string()),
                        }
                    }
                }
            }
        }
        if risk_present && !same_as_current || self.risk_rows.0 == 0 {
            self.risk_rows = (row.first_line, row.last_line);
        } else {
            self.risk_rows.1 = self.risk_rows.1.max(row.last_line);
        }
        self.risk_width = width;
        let risk = self.doc.risker.last_mut().expect("a risk exists");
        if !p.has_control {
            return;
        }
        // An item's letter is numbered within its risk: "a)" under risk 1 is "1 a". A number
        // ("2)") is the document's own number of the control and stays as written.
        if p.control_nummer.is_none()
            && let Some(r) = &risk.nummer
        {
            for c in &mut p.controls {
                if let Some(l) = &mut c.nummer
                    && !l.starts_with(r.as_str())
                    && !l.chars().all(|ch| ch.is_ascii_digit())
                {
                    *l = format!("{r} {l}");
                }
            }
        }
        // A table with a row per control and period repeats the control on each: a row
        // whose one control is the risk's last, followed up for other periods, adds its
        // follow-ups to it.
        if let [c] = p.controls.as_slice()
            && let Some(last) = risk.kontroller.last_mut()
            && same_control(last, c)
        {
            let c = p.controls.pop().expect("one control");
            last.uppfoljningar.extend(c.uppfoljningar);
            return;
        }
        // The row's controls are moved in (a risk's first row: the vector itself).
        if risk.kontroller.is_empty() {
            risk.kontroller = std::mem::take(&mut p.controls);
        } else {
            risk.kontroller.append(&mut p.controls);
        }
    }

    /// A follow-up whose title and headers name no period or year, whose rows all name the
    /// same ("Delår 1 2016" in a period column): the document's.
    fn period_from_follow_ups(&mut self) {
        let doc = &mut self.doc;
        if doc.typ != DocType::Uppfoljning || (doc.period.is_some() && doc.ar.is_some()) {
            return;
        }
        let follow_ups = || {
            doc.risker
                .iter()
                .flat_map(|r| &r.kontroller)
                .flat_map(|k| &k.uppfoljningar)
        };
        let period = only_value(follow_ups().map(|u| u.period).collect());
        let year = only_value(follow_ups().map(|u| u.ar).collect());
        doc.period = doc.period.or(period);
        doc.ar = doc.ar.or(year);
    }
}

/// Ids: `<doc>:R1`, `<doc>:R1:K2`, `<doc>:R1:K2:U1`. A record's parents' ids are shared,
/// not copied.
fn assign_ids(doc: &mut Document) {
    let doc_id = Shared::from(doc.dokument_id.as_str());
    let buf = &mut String::new();
    for (ri, risk) in doc.risker.iter_mut().enumerate() {
        risk.dokument_id = doc_id.clone();
        risk.risk_id = child_id(buf, &doc_id, 'R', ri + 1);
        for (ki, k) in risk.kontroller.iter_mut().enumerate() {
            k.dokument_id = doc_id.clone();
            k.risk_id = risk.risk_id.clone();
            k.kontroll_id = child_id(buf, &risk.risk_id, 'K', ki + 1);
            for (ui, u) in k.uppfoljningar.iter_mut().enumerate() {
                u.dokument_id = doc_id.clone();
                u.kontroll_id = k.kontroll_id.clone();
                u.uppfoljning_id = child_id(buf, &k.kontroll_id, 'U', ui + 1);
            }
        }
    }
}

/// Controls listed apart from their risks, joined by the risk's number: a risk analysis
/// ("Risknr | Riskområde | … | S | K | RV", no controls) and a control list ("Risknr |
/// Kontrollmoment | …", no risk titles) on two sheets, or as two tables of one sheet. Each
/// untitled numbered risk's controls go to the one titled risk of that number; a document
/// left without risks is folded into the first document it gave controls to (its notes
/// kept). Nothing is joined unless every such number names exactly one titled risk without
/// controls, and the documents involved hold nothing else.
fn join_controls_by_number(docs: &mut Vec<Document>) {
    let source = |r: &Risk| {
        r.riskomrade.is_empty()
            && r.riskbeskrivning.is_none()
            && r.nummer.is_some()
            && !r.kontroller.is_empty()
    };
    let target =
        |r: &Risk| !r.riskomrade.is_empty() && r.nummer.is_some() && r.kontroller.is_empty();
    if !docs.iter().flat_map(|d| &d.risker).any(source) {
        return;
    }
    let mut targets: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (di, d) in docs.iter().enumerate() {
        for (ri, r) in d.risker.iter().enumerate().filter(|(_, r)| target(r)) {
            targets
                .entry(r.nummer.as_deref().unwrap_or_default())
                .or_default()
                .push((di, ri));
        }
    }
    let mut moves: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        for (ri, r) in d.risker.iter().enumerate() {
            if source(r) {
                match targets
                    .get(r.nummer.as_deref().unwrap_or_default())
                    .map(Vec::as_slice)
                {
                    Some([t]) => moves.push(((di, ri), *t)),
                    _ => return,
                }
            } else if !target(r) {
                // A risk of its own in a document involved: leave the file as it was read.
                let involved = d.risker.iter().any(source);
                if involved {
                    return;
                }
            }
        }
    }
    let mut into: Vec<Option<usize>> = vec![None; docs.len()];
    let moved: HashSet<(usize, usize)> = moves.iter().map(|(s, _)| *s).collect();
    for ((sd, sr), (td, tr)) in moves {
        let controls = std::mem::take(&mut docs[sd].risker[sr].kontroller);
        docs[td].risker[tr].kontroller.extend(controls);
        into[sd].get_or_insert(td);
    }
    for (di, d) in docs.iter_mut().enumerate() {
        let mut ri = 0;
        d.risker.retain(|_| {
            ri += 1;
            !moved.contains(&(di, ri - 1))
        });
    }
    // Documents left without risks: their notes go to the document they gave to.
    let mut gone = Vec::new();
    for (di, to) in into.iter().enumerate() {
        if let Some(to) = *to
            && to != di
            && docs[di].risker.is_empty()
        {
            let name = docs[di].kalla_blad.clone().unwrap_or_default();
            if let Some(text) = docs[di]
                .anteckningar
                .take()
                .filter(|t| !t.trim().is_empty())
            {
                keep_sheet_notes(&mut docs[to], &name, &text);
            }
            gone.push(di);
        }
    }
    let mut i = 0;
    docs.retain(|_| {
        i += 1;
        !gone.contains(&(i - 1))
    });
    docs.iter_mut().for_each(assign_ids);
}

/// The number column of a table that may be follow-ups keyed by control number: it has
/// rows and a follow-up column.
fn keyed_number_column(table: &Table) -> Option<usize> {
    let nr = table
        .columns
        .iter()
        .find(|c| matches!(c.role, Role::RiskNummer | Role::KontrollNummer))?;
    (!table.rows.is_empty() && table.has_role(|r| r.level() == Level::FollowUp)).then_some(nr.index)
}

/// The numbers of controls (with a text) that name exactly one control in `docs`, each
/// with that control's text.
fn numbers_of_one_control(docs: &[Document]) -> HashMap<String, &str> {
    let mut count: HashMap<&str, (usize, &str)> = HashMap::new();
    for (r, k) in docs
        .iter()
        .flat_map(|d| &d.risker)
        .flat_map(|r| r.kontroller.iter().map(move |k| (r, k)))
    {
        if let Some(n) = control_number(r, k).filter(|_| !k.kontroll.is_empty()) {
            let e = count.entry(n).or_insert((0, &k.kontroll));
            e.0 += 1;
        }
    }
    count
        .into_iter()
        .filter(|(_, (n, _))| *n == 1)
        .map(|(k, (_, text))| (k.to_string(), text))
        .collect()
}

/// The number of control `k` of risk `r`: its own, or, for the one control of a numbered
/// risk ("2.1" in a "Risknr" column of a section's table of one row each, "2" beside a risk
/// with one control), the risk's number, which numbers its control as well.
fn control_number<'a>(r: &'a Risk, k: &'a Control) -> Option<&'a str> {
    k.nummer
        .as_deref()
        .or_else(|| r.nummer.as_deref().filter(|_| r.kontroller.len() == 1))
}

/// Whether `c`, a control of a plan (of risk `r`), is the one a keyed follow-up's control
/// `k` names: the same number, and no other text.
fn keyed_to(k: &Control, r: &Risk, c: &Control) -> bool {
    !c.kontroll.is_empty()
        && control_number(r, c).is_some()
        && control_number(r, c) == k.nummer.as_deref()
        && same_control_text(&k.kontroll, &c.kontroll)
}

/// Whether a keyed row names the same control as the one its number names: it writes no
/// control's text, or the same text (a follow-up table repeating "Nr | Kontrollmoment" beside
/// its status); a row of the same number and another text is a control of its own.
fn names_same_control(table: &Table, row: &TableRow, control: &str) -> bool {
    let Some(k) = table.column_of(Role::Kontroll) else {
        return true;
    };
    let text = row
        .cells
        .get(k)
        .map(|c| c.value.plain())
        .unwrap_or_default();
    same_control_text(&text, control)
}

/// Whether two texts of a control are the same one: equal but for case, white space and
/// punctuation, or one the other cut short (at least 12 letters kept); an empty text
/// names no other control.
fn same_control_text(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (key(a), key(b));
    if a.is_empty() || a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short.chars().count() >= 12 && long.starts_with(short.as_str())
}

/// Follow-ups on a sheet of their own, keyed by their controls' numbers ("Nr | Utfört |
/// Resultat | Bedömning" beside the plan's sheet): each goes to the control of that number
/// in another document of the file, which becomes a follow-up; the keyed sheet's notes go
/// with them under its name, and its IK105 (rows kept as notes) no longer holds. A document
/// is joined only when it holds nothing but such follow-ups and each number names exactly
/// one control elsewhere.
fn join_follow_ups_by_number(docs: &mut Vec<Document>, findings: &mut Vec<Finding>) {
    // A sheet keyed by risks' numbers ("Nr" over "1", "2", beside status and result) reads
    // as risks without a title, each with one control: the number is its control's key.
    for d in docs.iter_mut() {
        let by_risk = |r: &Risk| {
            r.riskomrade.is_empty()
                && r.riskbeskrivning.is_none()
                && r.nummer.is_some()
                && matches!(r.kontroller.as_slice(),
                    [k] if k.nummer.is_none() && k.kontroll.is_empty() && !k.uppfoljningar.is_empty())
        };
        if !d.risker.is_empty() && d.risker.iter().all(by_risk) {
            for r in &mut d.risker {
                r.kontroller[0].nummer = r.nummer.take();
            }
        }
    }
    let keyed = |d: &Document| {
        !d.risker.is_empty()
            && d.risker.iter().all(|r| {
                r.riskomrade.is_empty()
                    && r.riskbeskrivning.is_none()
                    && r.nummer.is_none()
                    && !r.kontroller.is_empty()
                    && r.kontroller
                        .iter()
                        .all(|k| k.nummer.is_some() && !k.uppfoljningar.is_empty())
            })
    };
    let mut di = 0;
    while di < docs.len() {
        if !keyed(&docs[di]) {
            di += 1;
            continue;
        }
        // Where each keyed control's follow-ups go: (document, risk, control).
        let mut targets = Vec::new();
        for k in docs[di].risker.iter().flat_map(|r| &r.kontroller) {
            let mut found = docs
                .iter()
                .enumerate()
                .filter(|(t, _)| *t != di)
                .flat_map(|(t, d)| {
                    d.risker.iter().enumerate().flat_map(move |(ri, r)| {
                        r.kontroller
                            .iter()
                            .enumerate()
                            .filter(|(_, c)| keyed_to(k, r, c))
                            .map(move |(ki, _)| (t, ri, ki))
                    })
                });
            match (found.next(), found.next()) {
                (Some(t), None) => targets.push(t),
                _ => break,
            }
        }
        let count: usize = docs[di].risker.iter().map(|r| r.kontroller.len()).sum();
        if targets.len() != count {
            di += 1;
            continue;
        }
        let source = docs.remove(di);
        let host = targets[0].0 - usize::from(targets[0].0 > di);
        let controls = source.risker.into_iter().flat_map(|r| r.kontroller);
        let mut touched = Vec::new();
        for (k, (t, ri, ki)) in controls.zip(targets) {
            let t = t - usize::from(t > di);
            if !touched.contains(&t) {
                touched.push(t);
            }
            let d = &mut docs[t];
            d.typ = DocType::Uppfoljning;
            d.period = d.period.or(source.period);
            // A follow-up that names no period or year follows up the document's, as one
            // read in the document's own table does.
            let (period, ar) = (d.period, d.ar.or(source.ar));
            d.risker[ri].kontroller[ki]
                .uppfoljningar
                .extend(k.uppfoljningar.into_iter().map(|mut u| {
                    u.period = u.period.or(period);
                    u.ar = u.ar.or(ar);
                    u
                }));
        }
        // The keyed sheet's title and notes go with its follow-ups; facts the host lacks
        // are taken, others differing are kept in the notes.
        let name = source.kalla_blad.clone().unwrap_or_default();
        let h = &mut docs[host];
        let mut lines: Vec<String> = Vec::new();
        if let Some(t) = source.titel.filter(|t| h.titel.as_ref() != Some(t)) {
            lines.push(t);
        }
        h.ar = h.ar.or(source.ar);
        h.datum = h.datum.or(source.datum);
        for (slot, value) in [
            (&mut h.diarienummer, source.diarienummer),
            (&mut h.namnd, source.namnd),
            (&mut h.forvaltning, source.forvaltning),
            (&mut h.kommun, source.kommun),
        ] {
            match (slot.as_ref(), value) {
                (None, v) => *slot = v,
                (Some(old), Some(v)) if *old != v => lines.push(v),
                _ => {}
            }
        }
        for (k, v) in &source.extra.0 {
            h.extra.push(k, v);
        }
        lines.extend(source.anteckningar.filter(|t| !t.trim().is_empty()));
        if !lines.is_empty() {
            keep_sheet_notes(h, &name, &lines.join("\n"));
        }
        findings.retain(|f| !(f.kod == "IK105" && f.blad == source.kalla_blad));
        touched.into_iter().for_each(|t| assign_ids(&mut docs[t]));
    }
}

/// What a row's cells say, read apart from the rows around it: its findings travel with it.
struct RowReader<'a, 'c> {
    ctx: &'a Ctx<'c>,
    known_people: &'a HashSet<String>,
    vocab: &'a Vocab,
    /// The document's period and year: its follow-ups' unless a result says otherwise.
    doc_period: Option<Period>,
    doc_year: Option<i32>,
    /// The file's and sheet's names, which a [`ReadJob`] shares with the records it makes.
    fil: &'a str,
    blad: Option<&'a str>,
    /// The table has a description column (a risk column's second paragraph is then no
    /// description).
    has_desc_col: bool,
    /// A list of risks without controls: a cell that names no field is the risk's.
    risks_only: bool,
    /// The number column's outline numbers ("1.1", "1.2") number the controls: a row of the
    /// same risk without its title has one (see [`outline_numbers_controls`]).
    outline_controls: bool,
    /// The number column's outline makes its child rows ("1.1", "1.2") the controls of the
    /// risk row above them ("1"), written in the risk's columns: the number column, when it
    /// does (see [`outline_parents`]).
    outline_parents: Option<usize>,
    /// The table's type column says Risk on the risks' rows: each other row with a word
    /// in it is a control's (see `layout::records::marks_risk_rows`).
    typed_rows: bool,
    /// Per column, the control group its header names ("Kontroll 2 Ansvarig"), when the
    /// table sets controls side by side in groups (see [`control_groups`]).
    control_groups: Vec<Option<u8>>,
    /// Per column, whether it names the period each row of a follow-up follows up
    /// ("Period": Delår / Helår; see [`names_period`]).
    period_columns: Vec<bool>,
}

/// What reading a table's rows keeps: the file's and sheet's names, which the records it
/// makes share, and the status and assessment labels it has looked up (a document repeats a
/// handful of them on every row): the label → (the value, the label without icons).
struct ReadJob {
    fil: Shared,
    blad: Option<Arc<str>>,
    statuses: HashMap<String, (Option<Status>, Option<String>)>,
    assessments: HashMap<String, (Option<Assessment>, Option<String>)>,
}

impl ReadJob {
    fn new(reader: &RowReader) -> Self {
        ReadJob {
            fil: Shared::from(reader.fil),
            blad: reader.blad.map(Arc::from),
            statuses: HashMap::new(),
            assessments: HashMap::new(),
        }
    }
}

/// A row's findings, each with the column of an IK104 guess (reported once per column).
type Found = Vec<(Option<usize>, Finding)>;

impl RowReader<'_, '_> {
    fn finding_at(
        &self,
        found: &mut Found,
        code: &str,
        msg: String,
        line: u32,
        col: Option<usize>,
    ) {
        found.push((None, finding(code, msg, self.ctx.loc(line, col), None)));
    }

    /// IK104 for a column split by a guess; only the column's first such row reports it.
    fn guessed(&self, found: &mut Found, msg: String, line: u32, col: Option<usize>) {
        let at = col.expect("a guess has a column");
        found.push((
            Some(at),
            finding("IK104", msg, self.ctx.loc(line, col), None),
        ));
    }

    /// Reads one row's cells (taken from the layout's row) by their columns' roles.
    fn parts(
        &self,
        table: &Table,
        row: &TableRow,
        mut cells: Vec<Cell>,
        job: &mut ReadJob,
    ) -> RowParts {
        let mut p = RowParts::default();
        let child = self
            .outline_parents
            .is_some_and(|nr| crate::layout::resolve::outline_child_row(nr, &cells));
        // A risk's row of typed records ("Typ": Risk): a column that is the control's on
        // control rows is the risk's assessment here ("S 3 × K 4 = 12").
        let risk_row = table
            .column_of(Role::Typ)
            .and_then(|i| cells.get(i))
            .is_some_and(|c| crate::layout::records::is_risk_word(&c.value.plain()));
        for col in &table.columns {
            let Some(cell) = cells.get_mut(col.index) else {
                continue;
            };
            // A control's row of an outline, in the risk's columns: its title is the
            // control, its description the control's, its number the control's.
            let as_control;
            let col = match (child, col.role) {
                _ if risk_row && crate::layout::records::risk_row_values(col) => {
                    as_control = col.with_role(Role::Riskvarde);
                    &as_control
                }
                (true, Role::Riskomrade | Role::RiskTitelBeskrivning) => {
                    as_control = col.with_role(Role::Kontroll);
                    &as_control
                }
                (true, Role::Riskbeskrivning) => {
                    as_control = col.with_role(Role::KontrollBeskrivning);
                    &as_control
                }
                (true, Role::RiskNummer) => {
                    as_control = col.with_role(Role::KontrollNummer);
                    &as_control
                }
                _ => col,
            };
            if cell.value.is_empty() {
                continue;
            }
            if let Value::Error(e) = &cell.value {
                self.finding_at(
                    &mut p.found,
                    "IK601",
                    format!("Cellen innehåller formelfelet {e}"),
                    row.first_line,
                    Some(col.index),
                );
                self.extra_for(col, &mut p, &cell.value.plain());
                continue;
            }
            if cell.merged && matches!(col.role, Role::Riskomrade | Role::RiskTitelBeskrivning) {
                p.title_merged = true;
            }
            // Paragraphs as lines, white space inside each folded (what `plain` gives):
            // moved out of the cell where the role needs nothing else of it.
            // Numbers and dates need it only when they are not read: made then.
            let text = match col.role {
                Role::Kontroll
                | Role::Atgard
                | Role::Sannolikhet
                | Role::Konsekvens
                | Role::Riskvarde
                | Role::Startdatum
                | Role::Slutdatum
                | Role::Avstamningsdatum => String::new(),
                Role::RiskTitelBeskrivning | Role::Combined(Combo::Datum) => cell.value.plain(),
                _ => std::mem::take(&mut cell.value).into_plain(),
            };
            if let Some(Some(g)) = self.control_groups.get(col.index)
                && matches!(
                    col.role,
                    Role::Metod
                        | Role::Frekvens
                        | Role::Ansvarig
                        | Role::Rapporteringsansvarig
                        | Role::UppfoljningNar
                )
            {
                p.grouped.push((*g, col.role, text));
                continue;
            }
            match col.role {
                Role::RiskNummer if p.risk_nummer.is_some() => {
                    p.risk_extra.push(&col_label(col), &text)
                }
                Role::RiskNummer => p.risk_nummer = Some(text),
                Role::Riskomrade if p.title.is_some() => {
                    // A second risk column: its text describes the risk.
                    if p.risk_nummer.is_none() {
                        p.risk_nummer = leading_number(&text).0;
                    }
                    join_opt(&mut p.desc, text);
                }
                Role::Riskomrade => {
                    // "Risk: Biljettintäkter …⏎Beskrivning: …": the cell's own labels go.
                    let text = strip_own_labels(&text, is_title_role).unwrap_or(text);
                    let lines = text.contains('\n');
                    let (nr, rest) = leading_number_owned(text);
                    if p.risk_nummer.is_none() {
                        p.risk_nummer = nr;
                    }
                    if !self.has_desc_col && lines {
                        // More than one paragraph (`plain` joins the non-empty ones).
                        let (t, d) = split_title(&Rich::from_text(&rest), false);
                        p.title = Some(t);
                        if let Some(d) = d {
                            join_opt(&mut p.desc, d);
                        }
                    } else {
                        p.title = Some(fold_ws_owned(rest));
                    }
                }
                Role::Riskbeskrivning => join_opt(&mut p.desc, text),
                Role::RiskTitelBeskrivning => {
                    let rich = take_rich(cell);
                    let (rich, text) = match strip_own_labels(&text, is_title_role) {
                        Some(t) => (Rich::from_text(&t), t),
                        None => (rich, text),
                    };
                    let (nr, _) = leading_number(&text);
                    let (t, d) = match first_sentence_and_rest(&text)
                        .filter(|_| names_risk_and_consequence(&col.header))
                    {
                        Some((t, d)) => (t, Some(d)),
                        None => split_title(&rich, true),
                    };
                    let (_, t) = leading_number(&t);
                    if p.risk_nummer.is_none() {
                        p.risk_nummer = nr;
                    }
                    if p.title.is_some() {
                        join_opt(&mut p.desc, text);
                    } else {
                        p.title = Some(t);
                        if let Some(d) = d {
                            join_opt(&mut p.desc, d);
                        }
                    }
                }
                // "X" under "Område" / "Ekonomi": the column names the category.
                Role::Kategori if is_mark(&text) => p.kategori.push(marked_category(&col.header)),
                // "E" under "Kat." beside the legend "Kategori: E = Ekonomi, …": its category.
                Role::Kategori => p.kategori.extend(
                    split_categories(&text)
                        .into_iter()
                        .map(|c| self.vocab.category(&c).unwrap_or(c)),
                ),
                Role::Process => join_opt(&mut p.process, text),
                Role::Sannolikhet | Role::Konsekvens => {
                    let slot = if col.role == Role::Sannolikhet {
                        &p.sannolikhet
                    } else {
                        &p.konsekvens
                    };
                    match (
                        slot.is_some(),
                        self.int_value(&mut p.found, cell, row.first_line, col),
                    ) {
                        (false, Some(v)) if col.role == Role::Sannolikhet => {
                            p.sannolikhet = Some(v)
                        }
                        (false, Some(v)) => p.konsekvens = Some(v),
                        _ => p.risk_extra.push(&col_label(col), &cell.value.plain()),
                    }
                }
                Role::Riskvarde if p.riskvarde.is_some() => {
                    p.risk_extra.push(&col_label(col), &cell.value.plain())
                }
                Role::Riskvarde => match self.risk_value(&mut p.found, cell, row.first_line, col) {
                    Some(r) => {
                        p.riskvarde = r.value;
                        p.sannolikhet = p.sannolikhet.or(r.sannolikhet);
                        p.konsekvens = p.konsekvens.or(r.konsekvens);
                    }
                    None => p.risk_extra.push(&col_label(col), &cell.value.plain()),
                },
                Role::BefintligaRutiner => join_opt(&mut p.befintliga, text),
                Role::KontrollNummer if p.control_nummer.is_some() => {
                    p.control_extra.push(&col_label(col), &text)
                }
                Role::KontrollNummer => p.control_nummer = Some(text),
                // "Risken accepteras", "Ingen åtgärd": the risk has no control; the words
                // are kept on the risk.
                Role::Kontroll | Role::Atgard if is_no_action(&cell.value.plain()) => {
                    p.risk_extra.push(&col_label(col), &cell.value.plain())
                }
                Role::Kontroll => p
                    .control_cells
                    .push((take_rich(cell), ControlType::Kontroll)),
                Role::Atgard => p.control_cells.push((take_rich(cell), ControlType::Atgard)),
                Role::KontrollBeskrivning => p.control_desc.push((col_label(col), text)),
                Role::Typ => match self.vocab.control_type(&text) {
                    Some(t) if p.typ.is_none() => p.typ = Some(t),
                    // "Risk" in a "Typ" column: the row is a risk's (see below).
                    None if crate::layout::records::is_risk_word(&text)
                        || crate::normalize::vocab::accepts_risk(&text) =>
                    {
                        p.risk_extra.push(&col_label(col), &text)
                    }
                    // Records told apart by the column (Risk on the risks' rows): any
                    // other word ("Kontro llmom ent" as a narrow column broke it, a
                    // system's own "Delkontroll") makes the row a control's, of the
                    // default type; the word is kept.
                    None if self.typed_rows && p.typ.is_none() => {
                        p.typ = Some(ControlType::Kontroll);
                        p.control_extra.push(&col_label(col), &text)
                    }
                    _ => p.control_extra.push(&col_label(col), &text),
                },
                Role::Metod => join_opt(&mut p.metod, text),
                Role::Frekvens => join_opt(&mut p.frekvens, text),
                Role::Ansvarig => append(&mut p.ansvarig, split_people_owned(text)),
                Role::Rapporteringsansvarig => append(&mut p.rapp, split_people_owned(text)),
                Role::Startdatum | Role::Slutdatum => {
                    let filled = if col.role == Role::Startdatum {
                        p.start.is_some()
                    } else {
                        p.slut.is_some()
                    };
                    match self.date_value(&mut p.found, cell, row.first_line, col) {
                        Some(d) if !filled && col.role == Role::Startdatum => p.start = Some(d),
                        Some(d) if !filled => p.slut = Some(d),
                        _ => p.control_extra.push(&col_label(col), &cell.value.plain()),
                    }
                }
                Role::Avstamningsdatum => {
                    match self.date_list(&mut p.found, cell, row.first_line, col) {
                        Some(ds) => p.avst.extend(ds),
                        None => p.control_extra.push(&col_label(col), &cell.value.plain()),
                    }
                }
                // "Delår" / "Helår" on each row of a follow-up: the period the row follows up
                // (a table with a row per control and period).
                // "Delår 2 2022" under "Uppföljning": a period and its year name the period
                // followed up, whatever the header.
                Role::UppfoljningNar
                    if (self.period_columns.get(col.index) == Some(&true)
                        || is_period_and_year(&text))
                        && p.row_period.is_none()
                        && text.split_whitespace().count() <= 4
                        && let Some(period) = self.vocab.period_in(&text) =>
                {
                    p.row_period = Some((period, col_label(col), text));
                }
                Role::UppfoljningNar => join_opt(&mut p.nar, text),
                Role::Combined(Combo::AnsvarigRapportering) => {
                    let (a, r, guessed) = split_combined_people(&text, self.known_people);
                    if guessed {
                        self.guessed(
                            &mut p.found,
                            format!(
                                "Kolumnen \u{201d}{}\u{201d} delades i ansvarig och rapporteringsansvarig genom en gissning (\u{201d}{}\u{201d}); kontrollera",
                                col.header, text
                            ),
                            row.first_line,
                            Some(col.index),
                        );
                    }
                    p.ansvarig.extend(a);
                    p.rapp.extend(r);
                }
                Role::Combined(Combo::SannolikhetKonsekvens) => match sk_pair(&text) {
                    Some((s, k)) if p.sannolikhet.is_none() && p.konsekvens.is_none() => {
                        p.sannolikhet = Some(s);
                        p.konsekvens = Some(k);
                    }
                    _ => p.risk_extra.push(&col_label(col), &text),
                },
                Role::Combined(Combo::AnsvarigFrekvens) => {
                    let (a, f) = split_two(text, is_when_text);
                    if let Some(a) = a {
                        append(&mut p.ansvarig, split_people_owned(a));
                    }
                    if let Some(f) = f {
                        join_opt(&mut p.frekvens, f);
                    }
                }
                Role::Combined(Combo::MetodFrekvens) => {
                    let (m, f) = split_two(text, is_when_text);
                    if let Some(m) = m {
                        join_opt(&mut p.metod, m);
                    }
                    if let Some(f) = f {
                        join_opt(&mut p.frekvens, f);
                    }
                }
                Role::Combined(Combo::StatusBedomning) => {
                    // "Genomförd – inga brister": the status, a dash, the assessment.
                    let apart = self.status_then_assessment(&text);
                    let f = self.follow(&mut p, col);
                    if let Some((status, assessment)) = apart {
                        match f.status {
                            None => f.status = Some(status),
                            Some(_) => f.extra.push(&col_label(col), &status),
                        }
                        match f.assessment {
                            None => f.assessment = Some(assessment),
                            Some(_) => f.extra.push(&col_label(col), &assessment),
                        }
                    } else {
                        if f.status.is_none() && self.vocab.status(&text).is_some() {
                            f.status = Some(text.clone());
                        }
                        if f.assessment.is_none() && self.vocab.assessment(&text).is_some() {
                            f.assessment = Some(text.clone());
                        }
                        if f.status.as_ref() != Some(&text) && f.assessment.as_ref() != Some(&text)
                        {
                            f.extra.push(&col_label(col), &text);
                        }
                    }
                }
                Role::Combined(Combo::StatusResultat) => {
                    let (status, resultat) = self.status_and_comment(text);
                    let f = self.follow(&mut p, col);
                    if let Some(status) = status {
                        if f.status.is_some() {
                            f.extra.push(&col_label(col), &status);
                        } else {
                            f.status = Some(status);
                        }
                    }
                    if let Some(r) = resultat {
                        join_opt(&mut f.resultat, r);
                    }
                }
                Role::Combined(Combo::Datum) => {
                    let dates: Vec<Date> = match &cell.value {
                        Value::Date(d) => vec![*d],
                        _ => find_dates(&text).into_iter().map(|(d, _)| d).collect(),
                    };
                    match dates.as_slice() {
                        _ if p.start.is_some() || p.slut.is_some() => {
                            p.control_extra.push(&col_label(col), &text)
                        }
                        [] => p.control_extra.push(&col_label(col), &text),
                        [only] => {
                            p.start = Some(*only);
                            {
                                self.guessed(
                                    &mut p.found,
                                    format!(
                                        "Kolumnen \u{201d}{}\u{201d} har bara ett datum; det lästes som startdatum",
                                        col.header
                                    ),
                                    row.first_line,
                                    Some(col.index),
                                );
                            }
                        }
                        [first, middle @ .., last] => {
                            p.start = Some(*first);
                            p.avst.extend(middle.iter().copied());
                            p.slut = Some(*last);
                        }
                    }
                }
                Role::Status => {
                    let share = col.header.contains('%');
                    // "X" under "Status (markera med X)" › "Pågår": the column's status.
                    let text = crossed(text, &col.header, |w| self.vocab.status(w).is_some());
                    let f = self.follow(&mut p, col);
                    if f.status.is_some() {
                        f.extra.push(&col_label(col), &text);
                    } else {
                        f.status_share = share;
                        f.status = Some(text);
                    }
                }
                Role::Kontrollbedomning => {
                    // "X" under "Bedömning" › "Mindre brister": the column's assessment.
                    let text = crossed(text, &col.header, |w| self.vocab.assessment(w).is_some());
                    let f = self.follow(&mut p, col);
                    if f.assessment.is_some() {
                        f.extra.push(&col_label(col), &text);
                    } else {
                        let h = col.header.to_lowercase();
                        f.asks_about = [
                            ("avvikel", "avvikelser"),
                            ("brist", "brister"),
                            ("anmärk", "anmärkningar"),
                        ]
                        .into_iter()
                        .find(|(stem, _)| h.contains(stem))
                        .map(|(_, noun)| noun);
                        f.assessment = Some(text);
                    }
                }
                Role::Resultat => {
                    let f = self.follow(&mut p, col);
                    match labelled_follow_up(&text) {
                        // "Status: Genomförd⏎Kommentar: Inga fel.": each label its field.
                        Some(parts) => {
                            for (role, t) in parts {
                                match role {
                                    Role::Status if f.status.is_none() => f.status = Some(t),
                                    Role::Kontrollbedomning if f.assessment.is_none() => {
                                        f.assessment = Some(t)
                                    }
                                    Role::NyAtgard => join_opt(&mut f.ny, t),
                                    _ => join_opt(&mut f.resultat, t),
                                }
                            }
                        }
                        // "Genomförd⏎Inga avvikelser.": a status word alone on the first
                        // line is the status, the rest the result.
                        None => match self.status_line_first(&text) {
                            Some((status, rest)) if f.status.is_none() => {
                                f.status = Some(status);
                                join_opt(&mut f.resultat, rest);
                            }
                            _ => join_opt(&mut f.resultat, text),
                        },
                    }
                }
                Role::NyAtgard => {
                    let f = self.follow(&mut p, col);
                    // A dash alone ("-", "–") says there is no new action.
                    if !text.trim().chars().all(|c| matches!(c, '-' | '–' | '—')) {
                        join_opt(&mut f.ny, text);
                    }
                }
                Role::Okand if self.risks_only => p.risk_extra.push(&col_label(col), &text),
                Role::Okand => p.row_extra.push(&col_label(col), &text),
            }
        }
        // The row's period is that of its follow-ups without one of their own.
        if let Some((period, label, text)) = p.row_period.take() {
            if p.follow.iter().any(|(k, f)| k.is_none() && !f.is_empty()) {
                for (k, f) in &mut p.follow {
                    if k.is_none() {
                        *k = Some(period);
                        f.year = year_in(&text);
                        f.extra.push(&label, &text);
                    }
                }
            } else {
                join_opt(&mut p.nar, text);
            }
        }
        // Risks and their controls as rows of one table, told apart by a "Typ" column (Risk /
        // Kontroll), as a planning system exports them: a control's row names its control
        // (and numbers it) where a risk's row names its risk.
        if let Some(typ) = p.typ
            && p.control_cells.is_empty()
            && let Some(title) = p.title.take()
        {
            p.control_cells.push((Rich::from_text(&title), typ));
            if let Some(desc) = p.desc.take() {
                p.control_desc.push(("Beskrivning".to_string(), desc));
            }
            if p.control_nummer.is_none() {
                p.control_nummer = p.risk_nummer.take();
            }
        }
        // "Genomförd. 12 ärenden kontrollerade, inga avvikelser.": a result that opens with
        // the status as a sentence of its own, in a follow-up without a status column.
        for (_, f) in &mut p.follow {
            if f.status.is_none()
                && let Some(r) = &f.resultat
                && let Some((head, rest)) = r.split_once(". ")
                && head.split_whitespace().count() <= 3
                && self.vocab.status(head).is_some()
            {
                let rest = rest.trim().to_string();
                f.status = Some(head.to_string());
                f.resultat = (!rest.is_empty()).then_some(rest);
            }
        }
        if let Some(items) = p.prepare(!table.is_follow_up(), self.outline_controls) {
            let kalla = provenance(
                &job.fil,
                &job.blad,
                self.ctx.grid,
                (row.first_line, row.last_line),
                Some(table.columns.len()),
            );
            p.controls = self.controls(&mut p, items, &kalla, job);
        }
        p
    }

    /// The controls of a row that has one, one per item, with their follow-ups (one per
    /// period column; results labelled "1 a)" go to their item): what placing makes of a
    /// row that depends only on the row, made when the row is read.
    fn controls(
        &self,
        p: &mut RowParts,
        (items, results): Items,
        kalla: &Provenance,
        job: &mut ReadJob,
    ) -> Vec<Control> {
        // Room for exactly the follow-ups a row can give each item (a vector's first push
        // makes room for four, and a follow-up is some 300 bytes).
        let periods = p.follow.iter().filter(|(_, f)| !f.is_empty()).count();
        let mut per_item: Vec<Vec<FollowUp>> = (0..items.len())
            .map(|_| Vec::with_capacity(periods))
            .collect();
        for ((period, f), results) in p.follow.iter().zip(results) {
            if f.is_empty() {
                continue;
            }
            for (i, res) in results.into_iter().enumerate() {
                // Status and assessment of a row with several items belong to each.
                if res.is_none()
                    && i > 0
                    && f.status.is_none()
                    && f.assessment.is_none()
                    && f.ny.is_none()
                {
                    continue;
                }
                let parts = res.unwrap_or_else(|| vec![(None, String::new())]);
                let n = parts.len();
                for (j, (tag, text)) in parts.into_iter().enumerate() {
                    let mut fu = FollowUp {
                        period: tag.or(*period).or(self.doc_period),
                        ar: self.doc_year.or(f.year),
                        resultat: non_empty(text),
                        kalla: kalla.clone(),
                        ..Default::default()
                    };
                    if j + 1 == n {
                        if let Some(s) = &f.status
                            && f.status_share
                            && let Some(status) = done_share(s)
                        {
                            (fu.status, fu.status_kalla) = (Some(status), Some(s.clone()));
                        } else if let Some(s) = &f.status {
                            let (status, kalla) = memo(&mut job.statuses, s, |s| {
                                // A date alone in the status column: the day it was done.
                                self.vocab
                                    .status(s)
                                    .or_else(|| parse_date(s).map(|_| Status::Genomford))
                            });
                            (fu.status, fu.status_kalla) = (status, kalla);
                        }
                        if let Some(a) = &f.assessment {
                            let (mut a, kalla) =
                                memo(&mut job.assessments, a, |a| self.vocab.assessment(a));
                            if let (None, Some(noun), Some(k)) = (a, f.asks_about, &kalla) {
                                let k = k.trim();
                                if k.eq_ignore_ascii_case("nej") {
                                    // "Avvikelse: Nej": no deviations, no shortcomings.
                                    a = Some(Assessment::IngaBrister);
                                } else if k.split_whitespace().count() == 1 {
                                    // "mindre" under "Brister (inga/mindre/väsentliga)".
                                    a = self.vocab.assessment(&format!("{k} {noun}"));
                                }
                            }
                            (fu.kontrollbedomning, fu.kontrollbedomning_kalla) = (a, kalla);
                        }
                        fu.ny_atgard = f.ny.clone();
                        fu.extra = f.extra.clone();
                    }
                    per_item[i].push(fu);
                }
            }
        }
        for (k, v) in &p.row_extra.0 {
            p.control_extra.push(k, v);
        }
        let last = items.len() - 1;
        // Controls side by side in column groups: each group's values to its control;
        // when the groups do not match the controls, the values are shared as usual.
        let grouped = std::mem::take(&mut p.grouped);
        let mut groups: Vec<u8> = grouped.iter().map(|(g, _, _)| *g).collect();
        groups.sort_unstable();
        groups.dedup();
        let per_group = !groups.is_empty() && groups.len() == items.len();
        let mut own: Vec<Vec<(Role, String)>> = vec![Vec::new(); items.len()];
        for (g, role, text) in grouped {
            match groups.iter().position(|x| *x == g) {
                Some(i) if per_group => own[i].push((role, text)),
                _ => put_control_text(
                    role,
                    text,
                    (
                        &mut p.metod,
                        &mut p.frekvens,
                        &mut p.ansvarig,
                        &mut p.rapp,
                        &mut p.nar,
                    ),
                ),
            }
        }
        // "1) Månadsvis⏎2) Två gånger per år" beside two numbered controls: one each.
        let mut metod = listed_per_item(&mut p.metod, items.len());
        let mut frekvens = listed_per_item(&mut p.frekvens, items.len());
        let mut controls = Vec::with_capacity(items.len());
        for (i, it) in items.into_iter().enumerate() {
            let is_last = i == last;
            controls.push(Control {
                typ: it.typ,
                nummer: p.control_nummer.clone().or(it.label),
                kontroll: it.title,
                beskrivning: it.desc,
                metod: match &mut metod {
                    Some(each) => each[i].take(),
                    None => share(&mut p.metod, is_last),
                },
                frekvens: match &mut frekvens {
                    Some(each) => each[i].take(),
                    None => share(&mut p.frekvens, is_last),
                },
                ansvarig: share(&mut p.ansvarig, is_last),
                rapporteringsansvarig: share(&mut p.rapp, is_last),
                startdatum: p.start,
                avstamningsdatum: share(&mut p.avst, is_last),
                slutdatum: p.slut,
                uppfoljning_nar: share(&mut p.nar, is_last),
                extra: share(&mut p.control_extra, is_last),
                kalla: kalla.clone(),
                uppfoljningar: std::mem::take(&mut per_item[i]),
                ..Default::default()
            });
            let c = controls.last_mut().expect("just pushed");
            for (role, text) in std::mem::take(&mut own[i]) {
                put_control_text(
                    role,
                    text,
                    (
                        &mut c.metod,
                        &mut c.frekvens,
                        &mut c.ansvarig,
                        &mut c.rapporteringsansvarig,
                        &mut c.uppfoljning_nar,
                    ),
                );
            }
        }
        controls
    }

    /// The follow-up a column's cell goes to: one per period the headers name.
    fn follow<'p>(&self, p: &'p mut RowParts, col: &Column) -> &'p mut FollowParts {
        let period = col.period;
        let number = col.number;
        if let Some(i) = p
            .follow
            .iter()
            .position(|(k, f)| *k == period && f.number == number)
        {
            return &mut p.follow[i].1;
        }
        p.follow.push((
            period,
            FollowParts {
                number,
                ..Default::default()
            },
        ));
        &mut p.follow.last_mut().expect("just pushed").1
    }

    fn extra_for(&self, col: &Column, p: &mut RowParts, text: &str) {
        match col.role.level() {
            crate::layout::Level::Risk => p.risk_extra.push(&col_label(col), text),
            _ => p.row_extra.push(&col_label(col), text),
        }
    }

    /// A "Status/kommentar" cell: its first paragraph is the status when it is a status
    /// word ("Genomförd⏎Inga avvikelser"), the rest the comment; a status word alone is
    /// the status; anything else the comment (a status opening its first sentence is
    /// taken from the result later, as for a result column).
    fn status_and_comment(&self, text: String) -> (Option<String>, Option<String>) {
        if self.vocab.status(&text).is_some() {
            return (Some(text), None);
        }
        match self.status_line_first(&text) {
            Some((status, rest)) => (Some(status), Some(rest)),
            None => (None, Some(text)),
        }
    }

    /// A cell of a combined status and assessment column written as the two apart
    /// ("Genomförd – inga brister", "Genomförd, mindre brister"): the status and the
    /// assessment, each as written.
    fn status_then_assessment(&self, text: &str) -> Option<(String, String)> {
        const APART: [&str; 6] = [" – ", " - ", " — ", ", ", "; ", " / "];
        APART.iter().find_map(|sep| {
            let (status, assessment) = text.split_once(sep)?;
            let (status, assessment) = (status.trim(), assessment.trim());
            (self.vocab.status(status).is_some() && self.vocab.assessment(assessment).is_some())
                .then(|| (status.to_string(), assessment.to_string()))
        })
    }

    /// A cell whose first line (paragraph) is a status word alone and whose further lines
    /// say more ("Genomförd⏎Inga avvikelser."): the status and the rest.
    fn status_line_first(&self, text: &str) -> Option<(String, String)> {
        let (head, rest) = text.split_once('\n')?;
        let (head, rest) = (head.trim(), rest.trim());
        (!head.is_empty() && !rest.is_empty() && self.vocab.status(head).is_some())
            .then(|| (head.to_string(), rest.to_string()))
    }

    fn int_value(&self, found: &mut Found, cell: &Cell, line: u32, col: &Column) -> Option<i64> {
        let v = match &cell.value {
            Value::Number(n) if n.fract() == 0.0 => Some(*n as i64),
            Value::Text(t) => {
                let text = t.plain();
                let v = parse_int(&text);
                if v.is_some() && self.ctx.grid {
                    self.ik602(found, line, col);
                }
                // A step written with its scale word: "4 – Sannolik", "2 (Liten)", "Kännbar".
                let field = if col.role == Role::Sannolikhet {
                    super::number::ScaleField::Sannolikhet
                } else {
                    super::number::ScaleField::Konsekvens
                };
                // The document's legend decides its words ("Sannolik = 3").
                v.or_else(|| self.vocab.scale_step(&text, field))
                    .or_else(|| super::number::parse_scale_value(&text, field))
            }
            _ => None,
        };
        if v.is_none() {
            self.not_whole(found, cell, line, col);
        }
        v
    }

    fn risk_value(
        &self,
        found: &mut Found,
        cell: &Cell,
        line: u32,
        col: &Column,
    ) -> Option<super::number::RiskNumbers> {
        let v = match &cell.value {
            Value::Number(n) if n.fract() == 0.0 => Some(super::number::RiskNumbers {
                value: Some(*n as i64),
                ..Default::default()
            }),
            Value::Text(t) => {
                let v = super::number::parse_risk_or_scale(&t.plain());
                if v.is_some() && self.ctx.grid && parse_int(&t.plain()).is_some() {
                    self.ik602(found, line, col);
                }
                v
            }
            _ => None,
        };
        if v.is_none() {
            self.not_whole(found, cell, line, col);
        }
        v
    }

    fn ik602(&self, found: &mut Found, line: u32, col: &Column) {
        self.finding_at(
            found,
            "IK602",
            format!(
                "Talet i kolumnen \u{201d}{}\u{201d} var lagrat som text och lästes som tal",
                col.header
            ),
            line,
            Some(col.index),
        );
    }

    fn not_whole(&self, found: &mut Found, cell: &Cell, line: u32, col: &Column) {
        self.finding_at(
            found,
            "IK201",
            format!(
                "\u{201d}{}\u{201d} i kolumnen \u{201d}{}\u{201d} är inte ett heltal; värdet sparas i extra",
                fold_ws(&cell.value.plain()),
                col.header
            ),
            line,
            Some(col.index),
        );
    }

    /// Day/month dates without a year ("31/8"), in the document's year when it has one.
    fn day_months(&self, text: &str) -> Vec<Date> {
        self.doc_year
            .map(|y| day_months_in_year(text, y))
            .unwrap_or_default()
    }

    fn date_value(&self, found: &mut Found, cell: &Cell, line: u32, col: &Column) -> Option<Date> {
        let d = match &cell.value {
            Value::Date(d) => Some(*d),
            Value::Number(n) => from_excel_serial(*n),
            Value::Text(t) => {
                let text = t.plain();
                let d = parse_date(&text).or_else(|| match self.day_months(&text).as_slice() {
                    [only] => Some(*only),
                    _ => None,
                });
                if d.is_some() && self.ctx.grid {
                    self.finding_at(
            found,
                        "IK602",
                        format!(
                            "Datumet i kolumnen \u{201d}{}\u{201d} var lagrat som text och lästes som datum",
                            col.header
                        ),
                        line,
                        Some(col.index),
                    );
                }
                d
            }
            _ => None,
        };
        if d.is_none() {
            self.bad_date(found, cell, line, col);
        }
        d
    }

    fn date_list(
        &self,
        found: &mut Found,
        cell: &Cell,
        line: u32,
        col: &Column,
    ) -> Option<Vec<Date>> {
        let ds = match &cell.value {
            Value::Date(d) => vec![*d],
            Value::Number(n) => from_excel_serial(*n).into_iter().collect(),
            Value::Text(t) => {
                let text = t.plain();
                let ds: Vec<Date> = find_dates(&text).into_iter().map(|(d, _)| d).collect();
                if ds.is_empty() {
                    self.day_months(&text)
                } else {
                    ds
                }
            }
            _ => Vec::new(),
        };
        if ds.is_empty() {
            self.bad_date(found, cell, line, col);
            return None;
        }
        Some(ds)
    }

    fn bad_date(&self, found: &mut Found, cell: &Cell, line: u32, col: &Column) {
        self.finding_at(
            found,
            "IK301",
            format!(
                "\u{201d}{}\u{201d} i kolumnen \u{201d}{}\u{201d} kan inte läsas som datum; värdet sparas i extra",
                fold_ws(&cell.value.plain()),
                col.header
            ),
            line,
            Some(col.index),
        );
    }
}

/// A short ASCII text made on the stack (a provenance's rows or range: at most 36 bytes).
struct StackText {
    buf: [u8; 48],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            buf: [0; 48],
            len: 0,
        }
    }
}

impl StackText {
    fn push(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        self.buf[self.len..end].copy_from_slice(bytes);
        self.len = end;
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

/// The same risks in two tables of one document (a summary of the risks with their values,
/// then their actions and controls): a risk of a later table with the title and number of
/// an earlier table's risk, and no value that differs, is that risk; its controls join it.
/// `first` holds the index of each table's first risk.
fn join_tables(risks: &mut Vec<Risk>, first: &[usize]) {
    if first.len() < 2 {
        return;
    }
    let keys: Vec<String> = risks
        .iter()
        .map(|r| fold_ws(&r.riskomrade).to_lowercase())
        .collect();
    let fits = |a: &Option<i64>, b: &Option<i64>| a.is_none() || b.is_none() || a == b;
    let table_of = |i: usize| first.iter().rposition(|&f| f <= i).unwrap_or(0);
    let mut joined = vec![false; risks.len()];
    for later in 0..risks.len() {
        let t = table_of(later);
        // A risk named only by its number (a table that refers to a list of risks above it).
        let by_number = risks[later].riskomrade.trim().is_empty() && risks[later].nummer.is_some();
        if t == 0 || (risks[later].riskomrade.trim().is_empty() && !by_number) {
            continue;
        }
        let r = &risks[later];
        let earlier = (0..first[t]).find(|&e| {
            let x = &risks[e];
            let same = if by_number {
                x.nummer == r.nummer && !x.riskomrade.trim().is_empty()
            } else {
                keys[e] == keys[later]
            };
            !joined[e]
                && same
                && (x.nummer.is_none() || r.nummer.is_none() || x.nummer == r.nummer)
                && fits(&x.riskvarde, &r.riskvarde)
                && fits(&x.sannolikhet, &r.sannolikhet)
                && fits(&x.konsekvens, &r.konsekvens)
                && (x.riskbeskrivning.is_none()
                    || r.riskbeskrivning.is_none()
                    || x.riskbeskrivning == r.riskbeskrivning)
        });
        let Some(e) = earlier else { continue };
        joined[later] = true;
        let r = std::mem::take(&mut risks[later]);
        let x = &mut risks[e];
        x.kontroller.extend(r.kontroller);
        x.nummer = x.nummer.take().or(r.nummer);
        x.riskbeskrivning = x.riskbeskrivning.take().or(r.riskbeskrivning);
        x.process = x.process.take().or(r.process);
        x.sannolikhet = x.sannolikhet.or(r.sannolikhet);
        x.konsekvens = x.konsekvens.or(r.konsekvens);
        x.riskvarde = x.riskvarde.or(r.riskvarde);
        x.befintliga_rutiner = x.befintliga_rutiner.take().or(r.befintliga_rutiner);
        for k in r.kategori {
            if !x.kategori.contains(&k) {
                x.kategori.push(k);
            }
        }
        for (k, v) in &r.extra.0 {
            x.extra.push(k, v);
        }
    }
    let mut i = 0;
    risks.retain(|_| {
        i += 1;
        !joined[i - 1]
    });
}

/// A section row's text in the risk under it: a category, its process, or kept in extra.
fn apply_section(r: &mut Risk, sec: &crate::layout::Section) {
    match sec.role {
        Role::Kategori => {
            // As a category column's cells are read: "EKONOMI" is the category Ekonomi.
            for (i, k) in heading_categories(&sec.text).into_iter().enumerate() {
                if !r
                    .kategori
                    .iter()
                    .any(|x| x.to_lowercase() == k.to_lowercase())
                {
                    r.kategori.insert(i, k);
                }
            }
        }
        Role::Process if r.process.is_none() => r.process = Some(sec.text.clone()),
        // The risk's title (see `place`).
        Role::Riskomrade if r.riskomrade == sec.text => {}
        _ => r.extra.push("Avsnitt", &sec.text),
    }
}

/// Whether a table's number column numbers its controls: some row of it holds an outline
/// child number ("1.2") under the number of the row above ("1.1", the same parent) and names
/// no risk of its own, or every risk's row opens its own outline at one ("1.1", "2.1",
/// "3.1": a risk to each parent, its first control the child). Its risk rows' numbers
/// ("1.1") are then their first control's.
fn outline_numbers_controls(table: &Table, cells: &[Vec<Cell>]) -> bool {
    let Some(nr) = table.column_of(Role::RiskNummer) else {
        return false;
    };
    let titles: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Riskomrade | Role::RiskTitelBeskrivning))
        .map(|c| c.index)
        .collect();
    let text = |row: &[Cell], j: usize| row.get(j).map(|c| fold_ws(&c.value.plain()));
    let parent = |n: &str| n.split(['.', ':']).next().map(str::to_string);
    let mut above: Option<String> = None;
    // The numbers of the rows that name a risk, and whether each opens its outline at one.
    let (mut opened, mut parents) = (true, Vec::new());
    for row in cells {
        let all = text(row, nr).filter(|n| !n.is_empty());
        let n = all
            .clone()
            .filter(|n| crate::normalize::text::is_outline_child(n));
        let untitled = titles.iter().all(|&j| {
            row.get(j)
                .is_none_or(|c| c.merged || fold_ws(&c.value.plain()).is_empty())
        });
        if let (Some(n), Some(a)) = (&n, &above)
            && untitled
            && parent(n) == parent(a)
        {
            return true;
        }
        if !untitled && let Some(all) = &all {
            opened &= n.as_ref().is_some_and(|n| n.ends_with(".1"));
            parents.push(parent(all));
        }
        above = n;
    }
    opened && parents.len() >= 2 && parents.windows(2).all(|w| w[0] != w[1])
}

/// Whether a table's number column is an outline of risks and their controls written in the
/// same columns ("1" a risk, "1.1" and "1.2" its controls, "Nummer | Rubrik | Beskrivning"):
/// the table has no control column, every child number ("1.2") comes under the row of its
/// parent ("1") or a sibling, a child row gives no risk values (S, K, RV), and some parent
/// has a child. The number column when it is.
fn outline_parents(table: &Table, cells: &[Vec<Cell>]) -> Option<usize> {
    if table.has_role(|r| matches!(r, Role::Kontroll | Role::Atgard)) {
        return None;
    }
    crate::layout::resolve::shared_outline(table, cells)
}

/// The provenance of rows `first..=last` of a file's sheet (on a grid, `width` columns
/// wide), written on the stack without `format!`: one is made per record.
fn provenance(
    fil: &Shared,
    blad: &Option<Arc<str>>,
    grid: bool,
    (first, last): (u32, u32),
    width: Option<usize>,
) -> Provenance {
    let mut n = itoa::Buffer::new();
    let mut rader = StackText::default();
    rader.push(n.format(first).as_bytes());
    if first != last {
        rader.push("\u{2013}".as_bytes());
        rader.push(n.format(last).as_bytes());
    }
    let omrade = if grid {
        width.map(|w| {
            let mut o = StackText::default();
            o.push(b"A");
            o.push(n.format(first).as_bytes());
            o.push(b":");
            let (letters, at) = col_letters(w.saturating_sub(1));
            o.push(&letters[at..]);
            o.push(n.format(last).as_bytes());
            Arc::from(o.text())
        })
    } else {
        None
    };
    Provenance {
        fil: fil.clone(),
        blad: blad.clone(),
        rader: Shared::from(rader.text()),
        omrade,
    }
}

/// The id of a parent's `n`th child, `parent:<tag><n>` (`doc:R1`, `doc:R1:K2`), made in `buf`
/// and copied once into the shared id.
pub(crate) fn child_id(buf: &mut String, parent: &str, tag: char, n: usize) -> Shared {
    let mut digits = itoa::Buffer::new();
    buf.clear();
    buf.push_str(parent);
    buf.push(':');
    buf.push(tag);
    buf.push_str(digits.format(n));
    Shared::from(buf.as_str())
}

/// Follow-up columns without a period of their own ("Status") belong with the columns of
/// the one period the row names ("Kommentar per delår"); with several periods they stay apart.
fn merge_unperiodized(follow: &mut Vec<(Option<Period>, FollowParts)>) {
    let periods = follow.iter().filter(|(k, _)| k.is_some()).count();
    let Some(none_at) = follow.iter().position(|(k, _)| k.is_none()) else {
        return;
    };
    if periods != 1 {
        return;
    }
    let (_, plain) = follow.remove(none_at);
    let (_, target) = follow
        .iter_mut()
        .find(|(k, _)| k.is_some())
        .expect("one period group");
    for (slot, value) in [
        (&mut target.status, plain.status),
        (&mut target.assessment, plain.assessment),
        (&mut target.resultat, plain.resultat),
        (&mut target.ny, plain.ny),
    ] {
        if let Some(v) = value {
            join_opt(slot, v);
        }
    }
    for (k, v) in &plain.extra.0 {
        target.extra.push(k, v);
    }
}

fn col_label(col: &Column) -> String {
    if col.header.is_empty() {
        format!("Kolumn {}", col_name(col.index))
    } else {
        col.header.clone()
    }
}

/// The cell's text with its paragraphs and bold runs, taken out of the cell.
fn take_rich(cell: &mut Cell) -> Rich {
    match std::mem::take(&mut cell.value) {
        Value::Text(r) => r,
        other => Rich::from_text(&other.plain()),
    }
}

/// A number that opens a title ("1. Hot och våld", "4 Ej tillsatta…"): `(Some("1"), rest)`;
/// the rest may run over several lines (a title with its description under it).
pub fn leading_number(s: &str) -> (Option<String>, String) {
    static NR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)^\s*(\d{1,3}(?:\.\d{1,3})*)[.)]?\s+(\S.*)$").expect("number regex")
    });
    let s_line = s.trim();
    // `\d` is a Unicode digit, every one of them numeric: the regex only where one opens.
    if !s_line.starts_with(char::is_numeric) {
        return (None, s_line.to_string());
    }
    match NR.captures(s_line) {
        Some(c) if !c[2].starts_with(|ch: char| ch.is_ascii_digit()) => {
            (Some(c[1].to_string()), c[2].to_string())
        }
        _ => (None, s_line.to_string()),
    }
}

/// [`leading_number`] of a text no longer needed: moved when it opens with no number and
/// has nothing to trim (most titles).
fn leading_number_owned(s: String) -> (Option<String>, String) {
    if s.trim().len() == s.len() && !s.starts_with(char::is_numeric) {
        return (None, s);
    }
    leading_number(&s)
}

/// Splits a cell holding a title and a description: the bold lead, else the first paragraph,
/// else (when `conservative` allows) before a description opener such as "Risk för" or
/// "Risken finns", or where a new sentence starts after a short title.
pub fn split_title(rich: &Rich, conservative: bool) -> (String, Option<String>) {
    split_title_parts(rich.bold_lead(), rich.paragraphs(), conservative)
}

/// [`split_title`] with the cell's [`Rich::bold_lead`] and [`Rich::paragraphs`] made.
fn split_title_parts(
    bold: Option<(String, String)>,
    paras: Vec<String>,
    conservative: bool,
) -> (String, Option<String>) {
    if let Some((t, d)) = bold {
        return (t, non_empty(d));
    }
    let mut paras = paras.into_iter();
    let text = paras.next().unwrap_or_default();
    let rest: Vec<String> = paras.collect();
    if !rest.is_empty() {
        return (text, non_empty(rest.join("\n")));
    }
    if conservative && let Some((t, d)) = split_sentence_title(&text) {
        return (t, Some(d));
    }
    (text, None)
}

/// The conservative single-paragraph split of a risk cell.
fn split_sentence_title(text: &str) -> Option<(String, String)> {
    static OPENER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s(Risk(?:en)? (?:för|finns|att|är|kan)|Det finns (?:en )?risk)\b")
            .expect("opener regex")
    });
    if let Some(m) = OPENER.find(text) {
        let t = text[..m.start()].trim();
        if !t.is_empty() && t.split_whitespace().count() <= 12 && !t.ends_with(['.', ',']) {
            return Some((t.to_string(), text[m.start()..].trim().to_string()));
        }
    }
    // A short title without a period followed by a sentence: "Behörighetstilldelning
    // Anställda kan ha …", "Rättsäker myndighetsutövning Utredningstiden …".
    let words: Vec<&str> = text.split(' ').collect();
    for i in 1..words.len().min(7) {
        let prev = words[i - 1];
        let w = words[i];
        let starts_upper = w.chars().next().is_some_and(char::is_uppercase);
        let all_caps = w
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        let prev_ok = !prev.ends_with([',', '.', ':', ';']) && !prev.ends_with('-');
        if starts_upper && !all_caps && prev_ok && w.chars().count() > 2 {
            let rest = words[i..].join(" ");
            if rest.split_whitespace().count() >= 5 && rest.trim_end().ends_with(['.', '!']) {
                return Some((words[..i].join(" "), rest));
            }
            return None;
        }
    }
    None
}

/// One control read from a control cell.
#[derive(Debug, Clone, Default)]
struct ControlItem {
    label: Option<String>,
    title: String,
    desc: Option<String>,
    typ: ControlType,
}

static ITEM_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(\d{1,2})\s*)?([a-zåäö])\)\s*(.*)$").expect("item label regex")
});

/// The controls of one control cell: labelled sub-items "a) b) c)" are one control each; in
/// a plan, several paragraphs are several controls; otherwise the cell is a title (bold or
/// first paragraph) and a description.
fn control_items(rich: Rich, plan: bool) -> Vec<ControlItem> {
    // What the cell says in bold before its paragraphs take its text (one plain run, most
    // cells, is moved into them).
    let bold = rich.bold_lead();
    let paras = rich.into_paragraphs();
    // A label has its `)`: most cells have none, and need no regex.
    let is_label = |p: &String| p.contains(')') && ITEM_LABEL.is_match(p);
    let labelled =
        paras.first().is_some_and(is_label) && paras.iter().filter(|p| is_label(p)).count() >= 2;
    if labelled {
        let mut items: Vec<ControlItem> = Vec::new();
        for p in &paras {
            if let Some(c) = ITEM_LABEL.captures(p) {
                let label = match c.get(1) {
                    Some(n) => format!("{} {}", n.as_str(), &c[2]),
                    None => c[2].to_string(),
                };
                items.push(ControlItem {
                    label: Some(label),
                    title: c[3].trim().to_string(),
                    ..Default::default()
                });
            } else if let Some(last) = items.last_mut() {
                let d = last.desc.get_or_insert_with(String::new);
                if !d.is_empty() {
                    d.push('\n');
                }
                d.push_str(p);
            }
        }
        return items;
    }
    // "Mätning av handläggningstid" over "Uttag av samtliga beslut ur ärendesystemet.": a
    // short title without a full stop over sentences is one control and its description.
    let titled = paras.len() > 1
        && !paras.iter().any(|p| strip_list_mark(p).is_some())
        && !paras[0].trim_end().ends_with(['.', '!', '?', ':', ';'])
        && paras[0].split_whitespace().count() <= 12
        && paras[1..].iter().all(|p| p.trim_end().ends_with('.'));
    if plan && paras.len() > 1 && bold.is_none() && !titled {
        // One control per paragraph, its list mark ("• ", "- ") dropped; paragraphs
        // numbered 1, 2, 3 … ("1. Stickprov …") are numbered so.
        let numbered = paras
            .iter()
            .enumerate()
            .all(|(i, p)| leading_number(p).0 == Some((i + 1).to_string()));
        return paras
            .into_iter()
            .map(|p| {
                if numbered {
                    let (label, title) = leading_number_owned(p);
                    return ControlItem {
                        label,
                        title,
                        ..Default::default()
                    };
                }
                ControlItem {
                    title: match strip_list_mark(&p) {
                        Some(rest) => rest.to_string(),
                        None => p,
                    },
                    ..Default::default()
                }
            })
            .collect();
    }
    let (title, desc) = split_title_parts(bold, paras, false);
    vec![ControlItem {
        title,
        desc,
        ..Default::default()
    }]
}

/// A paragraph's text after its list mark ("• Stickprov", "- Stickprov", "– Stickprov").
fn strip_list_mark(p: &str) -> Option<&str> {
    let t = p.trim_start();
    let mut chars = t.chars();
    let mark = chars.next()?;
    let rest = chars.as_str();
    (matches!(
        mark,
        '•' | '·' | '▪' | '◦' | '-' | '–' | '—' | '*' | '\u{f0b7}'
    ) && rest.starts_with(char::is_whitespace)
        && !rest.trim().is_empty())
    .then(|| rest.trim())
}

static RESULT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{1,2})?\s*([a-zåäö])?\)\s*(.*)$").expect("result label regex")
});

/// Distributes a result cell over the items of its row: paragraphs labelled "1 a)" go to
/// item "a", "2)" to a row with one item; unlabelled text continues the paragraph before.
fn distribute(result: &str, items: &[ControlItem]) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = vec![None; items.len()];
    let letters: Vec<Option<String>> = items
        .iter()
        .map(|it| {
            it.label
                .as_ref()
                .and_then(|l| l.chars().last())
                .map(|c| c.to_string())
        })
        .collect();
    let mut current = 0usize;
    for para in result.split('\n').map(fold_ws).filter(|p| !p.is_empty()) {
        let mut text = para.clone();
        if para.contains(')')
            && let Some(c) = RESULT_LABEL.captures(&para)
            && (c.get(1).is_some() || c.get(2).is_some())
        {
            if let Some(letter) = c.get(2)
                && let Some(i) = letters
                    .iter()
                    .position(|l| l.as_deref() == Some(letter.as_str()))
            {
                current = i;
            }
            text = c[3].to_string();
        }
        let slot = &mut out[current.min(items.len().saturating_sub(1))];
        match slot {
            Some(s) => {
                s.push(' ');
                s.push_str(&text);
            }
            None => *slot = Some(text),
        }
    }
    out
}

/// A result's part for each item of its row, split by period tags.
fn item_results_owned(result: String, items: &[ControlItem]) -> Vec<Option<PeriodParts>> {
    if items.len() == 1 && !result.contains(')') {
        // One item and no labels (most rows): the paragraphs joined by spaces, which is
        // the result folded, moved when it is already folded.
        let text = fold_ws_owned(result);
        return vec![(!text.is_empty()).then(|| folded_period_parts(text))];
    }
    distribute(&result, items)
        .into_iter()
        .map(|res| res.map(|text| period_parts(&text)))
        .collect()
}

/// Splits a result by its period tags ("Delår: … Helår: …"); a leading "Resultat" word
/// before a tag is dropped. Untagged text gives one part with no period.
fn period_parts(text: &str) -> PeriodParts {
    folded_period_parts(fold_ws(text))
}

/// [`period_parts`] of a text already folded.
fn folded_period_parts(mut s: String) -> PeriodParts {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(delår|helår|delårsrapport|delårsbokslut|årsbokslut|bokslut)\s*([:,])")
            .expect("period tag regex")
    });
    // Every tag ends in `:` or `,`: most results have neither, and need no regex.
    if !s.contains([':', ',']) {
        return vec![(None, s)];
    }
    static RES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^resultat\s*:?\s+").expect("resultat regex"));
    if let Some(m) = RES.find(&s)
        && TAG.find(&s[m.end()..]).is_some_and(|t| t.start() == 0)
    {
        s = s[m.end()..].to_string();
    }
    let mut cuts: Vec<(usize, usize, Period)> = Vec::new();
    for m in TAG.captures_iter(&s) {
        let whole = m.get(0).expect("match");
        let before = s[..whole.start()].trim_end();
        let at_start = before.is_empty();
        let after_sentence = before.ends_with(['.', '!', '?']);
        let colon = &m[2] == ":";
        if (at_start || (after_sentence && colon))
            && let Some(p) = period_in(&m[1])
        {
            cuts.push((whole.start(), whole.end(), p));
        }
    }
    if cuts.is_empty() {
        return vec![(None, s)];
    }
    let mut parts = Vec::new();
    let head = s[..cuts[0].0].trim();
    if !head.is_empty() {
        parts.push((None, head.to_string()));
    }
    for (k, (_, end, p)) in cuts.iter().enumerate() {
        let stop = cuts.get(k + 1).map(|c| c.0).unwrap_or(s.len());
        parts.push((Some(*p), s[*end..stop].trim().to_string()));
    }
    parts
}

/// A label's vocabulary value and its text without icons, looked up once per document.
fn memo<T: Copy>(
    seen: &mut HashMap<String, (Option<T>, Option<String>)>,
    label: &str,
    lookup: impl Fn(&str) -> Option<T>,
) -> (Option<T>, Option<String>) {
    if let Some(hit) = seen.get(label) {
        return hit.clone();
    }
    let got = looked_up(label, lookup);
    seen.insert(label.to_string(), got.clone());
    got
}

/// A label's value by `lookup` and its source wording (without icons; a symbol the legend
/// defines, "✓", is its own wording).
fn looked_up<T>(label: &str, lookup: impl Fn(&str) -> Option<T>) -> (Option<T>, Option<String>) {
    let value = lookup(label);
    let kalla =
        non_empty(strip_icons(label)).or_else(|| value.is_some().then(|| label.trim().to_string()));
    (value, kalla)
}

/// Sannolikhet and konsekvens written in one cell: "3/4", "3 / 4", "S3 K4", "S=3, K=4",
/// also followed by their product ("3/4 (12)").
fn sk_pair(text: &str) -> Option<(i64, i64)> {
    let nums: Vec<i64> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|t| t.parse().ok())
        .collect();
    let step = |n: &i64| (1..=10).contains(n);
    match nums.as_slice() {
        [s, k] if step(s) && step(k) => Some((*s, *k)),
        [s, k, v] if step(s) && step(k) && s * k == *v => Some((*s, *k)),
        _ => None,
    }
}

/// The two fields of a combined column, a paragraph each ("Redovisningsekonom⏎Varje
/// kvartal") or set apart by a slash as its header is ("Bygglovschef / två gånger per år"
/// under "Ansvarig / frekvens", when `second` knows the part after it and not the part
/// before it); a single field is the first field's unless `second` says it is the
/// second's ("Varje kvartal" alone).
fn split_two(text: String, second: fn(&str) -> bool) -> (Option<String>, Option<String>) {
    let slashed = text
        .split_once(" / ")
        .filter(|(a, b)| !a.contains('\n') && second(b.trim()) && !second(a.trim()));
    // On one line without a mark between them ("Assistent Två gånger per år"): the second
    // part starts with the last word in capitals whose tail the second field takes.
    let capital_tail = || {
        text.char_indices()
            .filter(|&(i, c)| i > 0 && c.is_uppercase() && text[..i].ends_with(' '))
            .map(|(i, _)| i)
            .rev()
            .find(|&i| second(&text[i..]) && !second(text[..i].trim()))
            .map(|i| text.split_at(i))
    };
    match slashed
        .or_else(|| text.split_once('\n'))
        .or_else(capital_tail)
    {
        Some((a, b)) => (
            non_empty(a.trim().to_string()),
            non_empty(b.trim().to_string()),
        ),
        None if second(&text) => (None, Some(text)),
        None => (Some(text), None),
    }
}

/// Whether a text says when something is done ("Varje kvartal", "Vid delår").
fn is_when_text(text: &str) -> bool {
    crate::layout::probe::is_when(&text.to_lowercase())
}

/// A cell that only marks its column: "X", "✓", "Ja".
fn is_mark(text: &str) -> bool {
    matches!(
        text.trim(),
        "x" | "X" | "✓" | "✔" | "☑" | "☒" | "•" | "●" | "ja" | "Ja" | "JA"
    )
}

/// What a cross ("X", "✓") says in a column whose header ends with a known word: the
/// longest such word ("Status (markera med X) Ej påbörjad" → "Ej påbörjad", "Bedömning
/// Mindre brister" → "Mindre brister"). Any other text, or a cross under no such header,
/// is itself.
fn crossed(text: String, header: &str, known: impl Fn(&str) -> bool) -> String {
    if !is_cross(&text) {
        return text;
    }
    let words: Vec<&str> = header.split_whitespace().collect();
    (0..words.len())
        .map(|k| words[k..].join(" "))
        .find(|tail| known(tail))
        .unwrap_or(text)
}

/// A cell that only crosses its column ("X", "✓"): a mark that is no answer (not "Ja").
fn is_cross(text: &str) -> bool {
    is_mark(text) && !text.trim().eq_ignore_ascii_case("ja")
}

/// The category a marked column names: its header without the group word over it
/// ("Område Ekonomi" → "Ekonomi").
fn marked_category(header: &str) -> String {
    const GROUP_WORDS: &[&str] = &[
        "område",
        "områden",
        "riskområde",
        "kategori",
        "kategorier",
        "riskkategori",
        "perspektiv",
    ];
    let header = header.trim();
    match header.split_once(char::is_whitespace) {
        Some((first, rest)) if GROUP_WORDS.contains(&first.to_lowercase().as_str()) => {
            rest.trim().to_string()
        }
        _ => header.to_string(),
    }
}

/// A follow-up cell written as labelled paragraphs ("Status: Genomförd", "Kommentar: …",
/// "Bedömning: …", "Åtgärd: …"), each label's text with the follow-up field it names;
/// `None` unless the first paragraph is so labelled and every label names a follow-up
/// field. A paragraph without a label continues the one before it.
fn labelled_follow_up(text: &str) -> Option<Vec<(Role, String)>> {
    let mut out: Vec<(Role, String)> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let labelled = line.split_once(':').and_then(|(label, rest)| {
            if label.split_whitespace().count() > 3 {
                return None;
            }
            let role = match crate::layout::synonyms::role_of(label) {
                Role::Atgard => Role::NyAtgard,
                r if r.level() == Level::FollowUp && !matches!(r, Role::Combined(_)) => r,
                _ => return None,
            };
            Some((role, rest.trim().to_string()))
        });
        match (labelled, out.last_mut()) {
            (Some(part), _) => out.push(part),
            (None, Some((_, t))) => {
                t.push('\n');
                t.push_str(line);
            }
            (None, None) => return None,
        }
    }
    (out.iter().any(|(r, _)| *r != Role::Resultat)).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_defining_its_scale_is_a_legend() {
        assert_eq!(
            header_legend(
                "Bedömning (1 = inga brister, 2 = mindre brister, 3 = väsentliga brister)"
            )
            .as_deref(),
            Some("Bedömning: 1 = inga brister, 2 = mindre brister, 3 = väsentliga brister")
        );
        assert_eq!(header_legend("Sannolikhet (1-4)"), None);
        assert_eq!(header_legend("Status (1 = klar)"), None);
    }

    #[test]
    fn a_cells_own_labels_are_no_part_of_its_fields() {
        assert_eq!(
            strip_own_labels(
                "Risk: Biljettintäkter redovisas fel\nBeskrivning: Ingen avstämning.",
                is_title_role
            )
            .as_deref(),
            Some("Biljettintäkter redovisas fel\nIngen avstämning.")
        );
        // Another field's label stays for that field; no label of its own, no change.
        assert_eq!(
            strip_own_labels("Kontroll: Avstämning\nMetod: Stickprov", |r| r
                == Role::Kontroll)
            .as_deref(),
            Some("Avstämning\nMetod: Stickprov")
        );
        assert_eq!(
            strip_own_labels("Ekonomi: fel i fakturor", is_title_role),
            None
        );
        assert_eq!(strip_own_labels("Felaktiga fakturor", is_title_role), None);
    }

    #[test]
    fn a_period_with_its_year_is_the_period_followed_up() {
        assert!(is_period_and_year("Delår 2 2022"));
        assert!(is_period_and_year("Helår 2022"));
        assert!(!is_period_and_year("Delår och helår"));
        assert!(!is_period_and_year("Helår"));
        assert!(!is_period_and_year("Till nämnden vid delår 2022"));
    }

    #[test]
    fn a_risk_and_its_consequence_in_one_cell() {
        assert!(names_risk_and_consequence("Risk och konsekvens"));
        assert!(!names_risk_and_consequence("Risk (S*K)"));
        assert!(!names_risk_and_consequence("Konsekvens"));
        assert_eq!(
            first_sentence_and_rest(
                "Planerad tid utförs inte. Brukare får inte beviljade insatser."
            ),
            Some((
                "Planerad tid utförs inte".to_string(),
                "Brukare får inte beviljade insatser.".to_string()
            ))
        );
        assert_eq!(first_sentence_and_rest("Planerad tid utförs inte."), None);
    }

    #[test]
    fn labelled_follow_up_cells() {
        let parts = labelled_follow_up("Status: Påbörjad\nKommentar: Rutinen är ny.").unwrap();
        assert_eq!(
            parts,
            [
                (Role::Status, "Påbörjad".to_string()),
                (Role::Resultat, "Rutinen är ny.".to_string())
            ]
        );
        assert_eq!(labelled_follow_up("Inga fel: allt stämde."), None);
        assert_eq!(labelled_follow_up("Kommentar: allt stämde."), None);
    }

    #[test]
    fn values_listed_per_control() {
        let mut t = Some("1) Månadsvis\n2) Två gånger per år".to_string());
        assert_eq!(
            listed_per_item(&mut t, 2),
            Some(vec![
                Some("Månadsvis".to_string()),
                Some("Två gånger per år".to_string())
            ])
        );
        assert_eq!(t, None);
        let mut one = Some("Månadsvis".to_string());
        assert_eq!(listed_per_item(&mut one, 2), None);
        assert_eq!(one.as_deref(), Some("Månadsvis"));
    }

    #[test]
    fn shares_done() {
        assert_eq!(done_share("1"), Some(Status::Genomford));
        assert_eq!(done_share("0,5"), Some(Status::Pagaende));
        assert_eq!(done_share("100 %"), Some(Status::Genomford));
        assert_eq!(done_share("0"), Some(Status::EjPaborjad));
        assert_eq!(done_share("Klar"), None);
    }

    #[test]
    fn marked_categories() {
        assert!(is_mark(" X "));
        assert!(!is_mark("Ekonomi"));
        assert_eq!(marked_category("Område Ekonomi"), "Ekonomi");
        assert_eq!(marked_category("Medarbetare"), "Medarbetare");
    }

    #[test]
    fn combined_columns_split() {
        assert_eq!(sk_pair("3/4"), Some((3, 4)));
        assert_eq!(sk_pair("S3 K4"), Some((3, 4)));
        assert_eq!(sk_pair("S=2, K=4 (8)"), Some((2, 4)));
        assert_eq!(sk_pair("2/4 (9)"), None);
        assert_eq!(sk_pair("12"), None);
        assert_eq!(
            split_two("Ekonom\nVarje kvartal".into(), is_when_text),
            (Some("Ekonom".into()), Some("Varje kvartal".into()))
        );
        assert_eq!(
            split_two("Varje kvartal".into(), is_when_text),
            (None, Some("Varje kvartal".into()))
        );
        assert_eq!(
            split_two("Ekonomichef".into(), is_when_text),
            (Some("Ekonomichef".into()), None)
        );
        assert_eq!(
            split_two("Administratör / kvartalsvis".into(), is_when_text),
            (Some("Administratör".into()), Some("kvartalsvis".into()))
        );
        // A slash inside the when-text is no boundary.
        assert_eq!(
            split_two("Varje månad / kvartal".into(), is_when_text),
            (None, Some("Varje månad / kvartal".into()))
        );
        // On one line: the when-text from its capital on; a when-text alone stays whole.
        assert_eq!(
            split_two("HR-konsult Två gånger per år".into(), is_when_text),
            (Some("HR-konsult".into()), Some("Två gånger per år".into()))
        );
        assert_eq!(
            split_two("Två gånger per år".into(), is_when_text),
            (None, Some("Två gånger per år".into()))
        );
        assert_eq!(
            split_two("Varje månad Januari".into(), is_when_text),
            (None, Some("Varje månad Januari".into()))
        );
    }
    use crate::read::text::html_rich;

    #[test]
    fn lines_that_define_the_risk_value_as_the_product() {
        assert!(defines_product(
            "S = sannolikhet 1-5, K = konsekvens 1-5, Riskvärde = S x K: Grön 1-6"
        ));
        assert!(defines_product(
            "Riskvärde = sannolikhet x konsekvens (1-4)."
        ));
        assert!(defines_product("RV = S*K"));
        assert!(!defines_product("Riskvärde enligt riskmatrisen"));
        assert!(!defines_product("S = sannolikhet, K = konsekvens"));
    }

    #[test]
    fn leading_numbers() {
        assert_eq!(
            leading_number("1. Hot och våld"),
            (Some("1".into()), "Hot och våld".into())
        );
        assert_eq!(
            leading_number("4 Ej tillsatta"),
            (Some("4".into()), "Ej tillsatta".into())
        );
        assert_eq!(
            leading_number("2024 års plan"),
            (None, "2024 års plan".into())
        );
        assert_eq!(leading_number("Hot"), (None, "Hot".into()));
        // A title over its description in one cell.
        assert_eq!(
            leading_number("2. Bygglov\nRisk att bygglov beviljas fel."),
            (
                Some("2".into()),
                "Bygglov\nRisk att bygglov beviljas fel.".into()
            )
        );
    }

    /// A title moved into [`leading_number_owned`] reads as the borrowed one.
    #[test]
    fn leading_numbers_of_owned_titles() {
        for s in [
            "",
            " ",
            "Hot",
            " Hot ",
            "Hot\u{a0}",
            "1. Hot och våld",
            "1.\nHot",
            "12) Hot",
            "٣ Hot",
            "2024 års plan",
            "Hot\noch våld",
        ] {
            assert_eq!(
                leading_number_owned(s.to_string()),
                leading_number(s),
                "{s:?}"
            );
        }
    }

    #[test]
    fn title_splits() {
        let r = html_rich("<p><b>Hot</b> Risk att något sker.</p>");
        assert_eq!(
            split_title(&r, true),
            ("Hot".into(), Some("Risk att något sker.".into()))
        );
        let r = html_rich("IT-säkerhet Risk för bristande IT-säkerhet.");
        assert_eq!(
            split_title(&r, true),
            (
                "IT-säkerhet".into(),
                Some("Risk för bristande IT-säkerhet.".into())
            )
        );
        let r =
            html_rich("Behörighetstilldelning Anställda kan ha mer behörighet än vad som krävs.");
        assert_eq!(split_title(&r, true).0, "Behörighetstilldelning");
        let r = html_rich("Ej tillsatta vakanser/svårt att hitta vikarier, utbildad personal");
        assert_eq!(split_title(&r, true).1, None);
        let r = html_rich("<p>Titel</p><p>Beskrivning här.</p>");
        assert_eq!(
            split_title(&r, false),
            ("Titel".into(), Some("Beskrivning här.".into()))
        );
    }

    #[test]
    fn labelled_items_and_results() {
        let r = html_rich("<p>a) Uppdatera plan</p> <p>b) Ta upp plan</p>");
        let items = control_items(r.clone(), false);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].label.as_deref(), Some("b"));
        assert_eq!(items[1].title, "Ta upp plan");
        let res = distribute(
            "1 b) Resultat Helår: klart\n1 a) Resultat Delår: inget",
            &items,
        );
        assert_eq!(res[0].as_deref(), Some("Resultat Delår: inget"));
        assert_eq!(res[1].as_deref(), Some("Resultat Helår: klart"));
    }

    #[test]
    fn plan_paragraphs_are_controls_follow_up_paragraphs_are_title_and_description() {
        let r = html_rich("<p>Första.</p><p>Andra.</p>");
        assert_eq!(control_items(r.clone(), true).len(), 2);
        let one = control_items(r.clone(), false);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].desc.as_deref(), Some("Andra."));
    }

    #[test]
    fn numbered_plan_paragraphs_are_numbered_controls() {
        let r = html_rich("<p>1. Kontroll av anmälan</p><p>2. Stickprov av utredningar</p>");
        let items = control_items(r, true);
        let got: Vec<(Option<&str>, &str)> = items
            .iter()
            .map(|i| (i.label.as_deref(), i.title.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("1"), "Kontroll av anmälan"),
                (Some("2"), "Stickprov av utredningar")
            ]
        );
        // Numbers out of order are part of the text.
        let r = html_rich("<p>2 fakturor per månad</p><p>1 gång per år</p>");
        assert!(control_items(r, true).iter().all(|i| i.label.is_none()));
    }

    #[test]
    fn child_ids() {
        let mut buf = "left over".to_string();
        assert_eq!(&*child_id(&mut buf, "doc", 'R', 1), "doc:R1");
        assert_eq!(&*child_id(&mut buf, "doc:R1", 'K', 10), "doc:R1:K10");
        assert_eq!(&*child_id(&mut buf, "d", 'U', 1_234_567), "d:U1234567");
        assert_eq!(&*child_id(&mut buf, "d", 'U', 0), "d:U0");
    }

    /// The short way for one item gives what distributing and splitting give (also for a
    /// folded text, which is moved).
    #[test]
    fn one_item_results_as_distributed() {
        let one = [ControlItem::default()];
        for r in [
            "",
            "\n \n",
            "Klart.",
            "  Klart,  inga   fel. ",
            "Delår: inget.\nHelår: två fall.",
            "Resultat\n\nHelår, klart\u{a0}nu",
            "rad ett\r\nrad två\u{2003}tre",
            "Folded already, one line",
            "Helår: folded, with a tag",
        ] {
            let general: Vec<Option<PeriodParts>> = distribute(r, &one)
                .into_iter()
                .map(|res| res.map(|t| period_parts(&t)))
                .collect();
            assert_eq!(item_results_owned(r.to_string(), &one), general, "{r:?}");
        }
    }

    #[test]
    fn period_tags() {
        assert_eq!(
            period_parts("Resultat Delår: Inga rapporter. Helår: Två fall."),
            vec![
                (Some(Period::Delar), "Inga rapporter.".to_string()),
                (Some(Period::Helar), "Två fall.".to_string())
            ]
        );
        assert_eq!(
            period_parts("Resultat Helår, ingen kontroll."),
            vec![(Some(Period::Helar), "ingen kontroll.".to_string())]
        );
        assert_eq!(
            period_parts("Arbetet inför helår: klart."),
            vec![(None, "Arbetet inför helår: klart.".to_string())]
        );
        // Without `:` or `,` no tag: the text folded, as it is.
        assert_eq!(
            period_parts(" Delår  inga\navvikelser "),
            vec![(None, "Delår inga avvikelser".to_string())]
        );
    }
}
