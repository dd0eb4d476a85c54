//! The standardized workbook: an overview, a risk matrix, and one sheet per entity with
//! Swedish display headers, real date cells, numbers as numbers, a frozen header row, an
//! Excel table with filters, and validation for every column that has a closed form.
//!
//! Sheets, in order: Översikt ([`super::overview`]), Utveckling ([`super::development`], when
//! the input spans more than one plan year), Riskmatris ([`super::matrix`]),
//! Dokument, Risker, Kontroller, Uppföljningar, Anmärkningar, Extra, and with
//! [`XlsxOptions::platt`] the wide sheet Platt. `read::ikplan` reads the entity sheets back
//! into the same model; the overview, the matrix and the wide sheet are derived and ignored
//! when reading.

use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatText,
    ConditionalFormatTextRule, DataValidation, DataValidationErrorStyle, DataValidationRule,
    DocProperties, ExcelDateTime, Format, FormatAlign, IgnoreError, Table, TableColumn, Workbook,
    Worksheet, XlsxError,
};

use std::borrow::Cow;

use super::table_extent::{DECLARED_LAST_ROW, TableExtent, widen_tables};
use super::tables::{Col, Entity, Field, FlatTable, Kind, platt};
use crate::model::Output;

/// The title of the workbook `convert` writes (its document properties): how a walk of an
/// input folder knows an earlier output (a template, `mall`, has another).
pub const CONVERTED_TITLE: &str = "Intern kontroll – normaliserad";

/// Excel's limit on the characters of one cell.
pub const MAX_CELL_CHARS: usize = crate::field::EXCEL_CELL_CHARS;

/// The last row index (0-based) of a worksheet.
const MAX_ROW: u32 = 1_048_575;

/// Rows below the data that still carry the validations, so a row typed in later is checked.
const SPARE_ROWS: u32 = 1000;

/// What goes into the workbook besides the entity sheets.
#[derive(Debug, Clone, Copy, Default)]
pub struct XlsxOptions {
    /// Add the wide sheet Platt: one row per control with its document, risk and latest
    /// follow-up, for pivot tables.
    pub platt: bool,
}

/// The workbook as bytes, with the default options. The creation time is fixed so the
/// same input gives the same file.
///
/// # Errors
/// An [`XlsxError`] when rust_xlsxwriter refuses a value (it does not for any model).
pub fn to_xlsx(out: &Output) -> Result<Vec<u8>, XlsxError> {
    to_xlsx_with(out, XlsxOptions::default())
}

/// While the workbook is built through temporary files: rust_xlsxwriter panics when one
/// cannot be written (a full `TMPDIR`), and the panic is caught and the workbook built in
/// memory instead, so the process's panic hook stays quiet meanwhile.
static BUILDING_THROUGH_FILES: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

/// Whether a workbook is being built through temporary files now (see
/// [`to_xlsx_with`]): a panic then is caught by the writer, not a bug to print.
pub fn in_guarded_write() -> bool {
    BUILDING_THROUGH_FILES.load(std::sync::atomic::Ordering::SeqCst) > 0
}

/// The workbook as bytes; see [`to_xlsx`].
///
/// The entity sheets are written through temporary files in `TMPDIR`; when one cannot be
/// written (the folder is full), the workbook is built again in memory, with the same
/// cells.
///
/// # Errors
/// As [`to_xlsx`].
pub fn to_xlsx_with(out: &Output, opts: XlsxOptions) -> Result<Vec<u8>, XlsxError> {
    use std::sync::atomic::Ordering;
    BUILDING_THROUGH_FILES.fetch_add(1, Ordering::SeqCst);
    let through_files =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(out, opts, true)));
    BUILDING_THROUGH_FILES.fetch_sub(1, Ordering::SeqCst);
    match through_files {
        Ok(r) => r,
        Err(_) => build(out, opts, false),
    }
}

/// The workbook, its entity sheets through temporary files (`temp_files`) or in memory.
fn build(out: &Output, opts: XlsxOptions, temp_files: bool) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // Deflate level 2: the workbook is a fifth larger than at the default 6, and packed in a
    // fraction of the time.
    wb.set_zip_compression_level(2);
    wb.set_properties(&properties(
        CONVERTED_TITLE,
        "Planer för intern kontroll och uppföljningar",
    )?);
    let scale = super::matrix::workbook_scale(out);
    let plan = SheetPlan {
        scale,
        ..SheetPlan::default()
    };
    // The entity sheets are rust_xlsxwriter's constant-memory sheets: each row is written
    // out as XML as the sheet is filled, strings inline, instead of every cell being kept
    // until the workbook is saved. Where no temporary file can be made, a sheet is an
    // ordinary one. Formats get their workbook-wide numbers when first used; the three the
    // entity sheets use are registered here, in order.
    for f in [date_format(), wrap_format(), top_format()] {
        wb.register_format(&f);
    }
    let mut jobs: Vec<SheetJob> = vec![SheetJob::Overview, SheetJob::Matrix];
    jobs.extend(Entity::ALL.map(SheetJob::Entity));
    if opts.platt {
        jobs.push(SheetJob::Wide);
    }
    let jobs: Vec<(SheetJob, Option<Worksheet>)> = jobs
        .into_iter()
        .map(|job| {
            let ws = matches!(job, SheetJob::Entity(_) | SheetJob::Wide).then(|| {
                if temp_files {
                    wb.new_worksheet_with_constant_memory()
                        .unwrap_or_else(|_| Worksheet::new())
                } else {
                    Worksheet::new()
                }
            });
            (job, ws)
        })
        .collect();
    // The sheets are independent until the workbook is packed, and when the workbook is
    // written the batch's files are done: the sheets are built side by side (the same
    // bytes, as the entity sheets' formats are registered above) and added in order.
    use rayon::prelude::*;
    let built: Vec<_> = jobs
        .into_par_iter()
        .map(|(job, ws)| job.build(out, ws, &plan))
        .collect();
    // Each nämnd's years side by side, right after the overview, when the input spans
    // more than one plan year.
    let mut development = super::development::sheet(out)?;
    let mut tables = Vec::new();
    for sheet in built {
        let (sheet, table) = sheet?;
        wb.push_worksheet(sheet);
        if let Some(ws) = development.take() {
            wb.push_worksheet(ws);
        }
        tables.extend(table);
    }
    widen_tables(wb.save_to_buffer()?, &tables)
}

/// A sheet of the workbook.
#[derive(Debug, Clone, Copy)]
enum SheetJob {
    Overview,
    Matrix,
    Entity(Entity),
    Wide,
}

impl SheetJob {
    /// The sheet and its table; `ws` is the constant-memory sheet made for an entity or the
    /// wide table.
    fn build(
        self,
        out: &Output,
        ws: Option<Worksheet>,
        plan: &SheetPlan,
    ) -> Result<(Worksheet, Option<TableExtent>), XlsxError> {
        let fill = |table: FlatTable| {
            let mut ws = ws.unwrap_or_default();
            fill_entity_worksheet(&mut ws, &table, plan).map(|t| (ws, Some(t)))
        };
        match self {
            SheetJob::Overview => super::overview::sheet(out).map(|ws| (ws, None)),
            SheetJob::Matrix => super::matrix::sheet(out).map(|ws| (ws, None)),
            SheetJob::Entity(e) => fill(e.sheet_table(out, plan.scale)),
            SheetJob::Wide => fill(platt(out)),
        }
    }
}

/// Document properties: title, subject, creator "ikplan", and a fixed creation time (no
/// volatile timestamp, so the same input gives the same bytes).
pub(crate) fn properties(title: &str, subject: &str) -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_subject(subject)
        .set_author("ikplan")
        .set_keywords("intern kontroll, ikplan")
        .set_comment("Skapad av ikplan; läs tillbaka med `ikplan convert`.")
        .set_creation_datetime(&created))
}

/// How an entity sheet is laid out beyond its data.
#[derive(Debug, Clone, Default)]
pub(crate) struct SheetPlan {
    /// Empty table rows to add when there is no data (a template's form rows).
    pub blank_rows: u32,
    /// Column keys to hide.
    pub hidden: &'static [&'static str],
    /// Hide the columns shown for reading too ([`crate::field::SHOWN_COLS`]).
    pub hide_shown: bool,
    /// Dropdowns of ids from another sheet: (column key, list formula such as
    /// `=Risker!$A$2:$A$500`).
    pub links: Vec<(&'static str, String)>,
    /// The steps of the risk scale (5, or 4) whose levels colour riskvärde and Risknivå.
    pub scale: i64,
}

/// The text as a cell can hold it: cut to Excel's limit, with an ellipsis.
fn truncate(s: Cow<'_, str>) -> Cow<'_, str> {
    // A string of no more bytes than the limit has no more characters either.
    if s.len() <= MAX_CELL_CHARS || s.chars().count() <= MAX_CELL_CHARS {
        s
    } else {
        Cow::Owned(s.chars().take(MAX_CELL_CHARS - 1).collect::<String>() + "…")
    }
}

/// The date cell value of a model date, when Excel can hold it (1900–9999).
pub(crate) fn excel_date(d: crate::normalize::date::Date) -> Option<ExcelDateTime> {
    u16::try_from(d.y)
        .ok()
        .and_then(|y| ExcelDateTime::from_ymd(y, d.m as u8, d.d as u8).ok())
}

/// Long prose that is not wrapped (it would make the row as tall as a page); the cell
/// shows its first line and the whole text in the formula bar.
const UNWRAPPED: &[&str] = &["anteckningar"];

fn date_format() -> Format {
    Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left)
}

fn wrap_format() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
}

fn top_format() -> Format {
    Format::new().set_align(FormatAlign::Top)
}

/// Writes one flat table as a sheet: header, typed cells, widths, table, validations. The
/// workbook is to be saved through [`widen_tables`] with the returned table.
pub(crate) fn entity_sheet(
    wb: &mut Workbook,
    table: &FlatTable,
    plan: &SheetPlan,
) -> Result<TableExtent, XlsxError> {
    let mut sheet = Worksheet::new();
    let extent = fill_entity_worksheet(&mut sheet, table, plan)?;
    wb.push_worksheet(sheet);
    Ok(extent)
}

/// Fills an entity sheet. Everything is written in row order (the table and its header
/// first, then each row's height before its cells), so the sheet may be one of
/// rust_xlsxwriter's constant-memory sheets, which write a row out as soon as the next
/// one starts.
pub(crate) fn fill_entity_worksheet(
    ws: &mut Worksheet,
    table: &FlatTable,
    plan: &SheetPlan,
) -> Result<TableExtent, XlsxError> {
    ws.set_name(table.sheet)?;
    let date_fmt = date_format();
    let wrap = wrap_format();
    let top = top_format();
    let ncols = table.cols.len() as u16;
    let data_rows = (table.rows.len() as u32).max(plan.blank_rows).max(1);
    let widths: Vec<f64> = table
        .cols
        .iter()
        .enumerate()
        .map(|(c, col)| column_width(table, c, col))
        .collect();
    // Each column's format is set once and cells that look like their column are written
    // without one (rust_xlsxwriter hashes a cell's Format on every write). Only a cell that
    // differs from its column carries a format.
    // Text is wrapped except in the long-prose columns; a column's own format is its
    // text's, but for dates and numbers.
    let text_formats: Vec<&Format> = table
        .cols
        .iter()
        .map(|col| {
            if UNWRAPPED.contains(&col.key) {
                &top
            } else {
                &wrap
            }
        })
        .collect();
    let col_formats: Vec<&Format> = table
        .cols
        .iter()
        .zip(&text_formats)
        .map(|(col, text)| match col.kind {
            Kind::Date => &date_fmt,
            Kind::Int { .. } => &top,
            _ => *text,
        })
        .collect();
    for (c, fmt) in col_formats.iter().enumerate() {
        ws.set_column_width(c as u16, widths[c])?;
        ws.set_column_format(c as u16, fmt)?;
    }
    let columns: Vec<TableColumn> = table
        .cols
        .iter()
        .map(|c| TableColumn::new().set_header(c.label))
        .collect();
    // Declared over the header and first row, widened after saving (see `table_extent`).
    let extent = TableExtent {
        name: format!("T_{}", table.file),
        last_row: data_rows,
        last_col: ncols - 1,
    };
    ws.add_table(
        0,
        0,
        DECLARED_LAST_ROW.min(data_rows),
        ncols - 1,
        &Table::new().set_columns(&columns).set_name(&extent.name),
    )?;
    // A row's texts, made once for its height and its cells (a source cell's text is
    // made from its parts).
    let mut texts: Vec<Option<Cow<str>>> = Vec::with_capacity(table.cols.len());
    for (r, row) in table.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        texts.clear();
        texts.extend(row.iter().map(Field::text));
        // Row heights for wrapped text: LibreOffice does not fit them when it opens the
        // file, and Excel only sometimes.
        let lines = texts
            .iter()
            .zip(&text_formats)
            .zip(&widths)
            .map(|((s, fmt), w)| match s {
                Some(s) if std::ptr::eq(*fmt, &wrap) => wrapped_lines(s, *w),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(r, (15.0 * lines as f64).min(409.0))?;
        }
        for (c, (field, text)) in row.iter().zip(texts.drain(..)).enumerate() {
            let (col_fmt, fmt) = (col_formats[c], text_formats[c]);
            let c = c as u16;
            match field {
                Field::Empty => {}
                Field::Text(_) | Field::Kalla(_) => {
                    let s = match table.cols[c as usize].kind {
                        // An enum's key ("delar", "atgard") as its label ("Delår", "Åtgärd").
                        Kind::Enum(v) => match text.as_deref().and_then(|t| v.label(t)) {
                            Some(label) => Cow::Borrowed(label),
                            None => truncate(text.unwrap_or_default()),
                        },
                        _ => truncate(text.unwrap_or_default()),
                    };
                    if std::ptr::eq(fmt, col_fmt) {
                        ws.write_string(r, c, s)?;
                    } else {
                        ws.write_string_with_format(r, c, s, fmt)?;
                    }
                }
                Field::Int(i) => {
                    if std::ptr::eq(&top, col_fmt) {
                        ws.write_number(r, c, *i as f64)?;
                    } else {
                        ws.write_number_with_format(r, c, *i as f64, &top)?;
                    }
                }
                Field::Date(d) => match excel_date(*d) {
                    Some(dt) if std::ptr::eq(&date_fmt, col_fmt) => {
                        ws.write_datetime(r, c, &dt)?;
                    }
                    Some(dt) => {
                        ws.write_datetime_with_format(r, c, &dt, &date_fmt)?;
                    }
                    None => {
                        ws.write_string_with_format(r, c, d.to_string(), &top)?;
                    }
                },
            }
        }
    }
    let last_valid = (data_rows + SPARE_ROWS).min(MAX_ROW);
    for (c, col) in table.cols.iter().enumerate() {
        let c16 = c as u16;
        if let Some(v) = validation(col)? {
            ws.add_data_validation(1, c16, last_valid, c16, &v)?;
        }
        if let Some((_, formula)) = plan.links.iter().find(|(k, _)| *k == col.key) {
            let v = DataValidation::new()
                .allow_list_formula(formula.as_str().into())
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("Okänt id")?
                .set_error_message("Välj ett id som finns på bladet det hör till.")?;
            ws.add_data_validation(1, c16, last_valid, c16, &v)?;
        }
        if matches!(col.key, "riskvarde" | "riskniva") && plan.scale > 1 {
            risk_colours(ws, c16, last_valid, plan.scale, col.key == "riskniva")?;
        }
        if plan.hidden.contains(&col.key)
            || (plan.hide_shown && crate::field::SHOWN_COLS.iter().any(|c| c.key == col.key))
        {
            ws.set_column_hidden(c16)?;
        }
    }
    // Numbers kept as text on purpose ("Nr" 1, 2 …) are not errors.
    ws.ignore_error_range(1, 0, data_rows, ncols - 1, IgnoreError::NumberStoredAsText)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(extent)
}

/// The risk levels' colours on the riskvärde column (by value) or the Risknivå column (by
/// level word): the fills of the Riskmatris sheet and its legend ([`super::matrix::Level`]),
/// so a value has one colour and one level word on every sheet.
pub(crate) fn risk_colours(
    ws: &mut Worksheet,
    col: u16,
    last_row: u32,
    scale: i64,
    words: bool,
) -> Result<(), XlsxError> {
    use super::matrix::{Level, bounds};
    for level in Level::ALL {
        let fill = Format::new().set_background_color(Color::RGB(level.colour()));
        if words {
            // "Hög" is not the start of "Mycket hög": each word its own rule.
            let cf = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(
                    level.label().to_string(),
                ))
                .set_format(fill);
            ws.add_conditional_format(1, col, last_row, col, &cf)?;
            continue;
        }
        let rule = match bounds(level, scale) {
            (None, Some(hi)) => ConditionalFormatCellRule::LessThanOrEqualTo(hi as i32),
            (Some(lo), None) => ConditionalFormatCellRule::GreaterThanOrEqualTo(lo as i32),
            (Some(lo), Some(hi)) => ConditionalFormatCellRule::Between(lo as i32, hi as i32),
            (None, None) => continue,
        };
        let cf = ConditionalFormatCell::new().set_rule(rule).set_format(fill);
        ws.add_conditional_format(1, col, last_row, col, &cf)?;
    }
    Ok(())
}

/// The validation of a column, from its kind: a dropdown for enums (other text refused),
/// a dropdown that allows other text for suggestions, dates, and whole numbers in range.
pub(crate) fn validation(col: &Col) -> Result<Option<DataValidation>, XlsxError> {
    Ok(Some(match col.kind {
        Kind::Enum(vocab) => {
            let values = vocab.labels();
            DataValidation::new()
                .allow_list_strings(&values)?
                .set_error_title(format!("Ogiltig {}", col.label.to_lowercase()))?
                .set_error_message(format!("Välj ett av: {}.", values.join(", ")))?
        }
        Kind::Suggest(vocab) => DataValidation::new()
            .allow_list_strings(&vocab.values())?
            .set_error_style(DataValidationErrorStyle::Information)
            .set_error_title(format!("Egen {}", col.label.to_lowercase()))?
            .set_error_message(
                "Värdet finns inte i listan men sparas som det är skrivet. \
                 Flera värden skrivs med \"; \" emellan.",
            )?,
        Kind::Int { min, max } => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(min as i32, max as i32))
            .set_error_title("Inte ett heltal")?
            .set_error_message(format!("Skriv ett heltal från {min} till {max}."))?,
        Kind::Date => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(1900, 1, 1)?,
                ExcelDateTime::from_ymd(2100, 12, 31)?,
            ))
            .set_error_title("Inte ett datum")?
            .set_error_message("Skriv ett datum som ÅÅÅÅ-MM-DD.")?,
        Kind::Id | Kind::Text | Kind::List | Kind::Dates | Kind::Source => return Ok(None),
    }))
}

/// The lines a text takes in a wrapped cell `width` characters wide (an estimate: words
/// are not split, a character is about as wide as the width unit).
pub(crate) fn wrapped_lines(s: &str, width: f64) -> usize {
    let cap = (width - 1.0).max(1.0) as usize;
    // Most cells are one short line: no more bytes than fit, and no line break.
    if s.len() <= cap && !s.contains('\n') {
        return 1;
    }
    s.split('\n')
        .map(|para| {
            let mut lines = 1;
            let mut used = 0;
            for word in para.split(' ') {
                let n = word.chars().count();
                if used > 0 && used + 1 + n > cap {
                    lines += 1;
                    used = n;
                } else {
                    used += n + usize::from(used > 0);
                }
            }
            lines + used / (cap + 1)
        })
        .sum()
}

/// A width that shows the header (with its filter button) and most of the content; long
/// text wraps at 60 characters.
fn column_width(table: &FlatTable, c: usize, col: &Col) -> f64 {
    let label = col.label.chars().count() + 4;
    // The longest value in characters, counted until it reaches `cap`, past which the
    // width does not grow.
    let longest = |cap: usize| {
        let mut longest = 0;
        for row in &table.rows {
            longest = longest.max(row.get(c).map(Field::char_len).unwrap_or(0));
            if longest >= cap {
                break;
            }
        }
        longest
    };
    let w = match col.kind {
        Kind::Date => 12,
        Kind::Int { .. } => 8,
        Kind::Enum(v) => {
            v.labels()
                .iter()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(8)
                + 3
        }
        Kind::Id => longest(30).clamp(12, 30),
        Kind::Source => longest(24).clamp(10, 24),
        Kind::Text | Kind::List | Kind::Dates | Kind::Suggest(_) => {
            let longest = longest(51);
            if longest > 50 { 60 } else { longest.max(10) }
        }
    };
    w.max(label) as f64
}
