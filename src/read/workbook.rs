//! Workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine: every sheet in workbook order,
//! each cell at its true sheet position, merged regions copied into the cells they cover.
//! The common xlsx takes a faster path with the same cells (module `xlsx_fast`).
//!
//! Before calamine sees a file, its size is bounded: the zip entries' uncompressed sizes
//! (zip bomb), the cells an ODS table would expand to, and the cell area an xls sheet
//! declares. calamine panics on some malformed files; every call into it runs under
//! [`std::panic::catch_unwind`], so a bad file is an error, never a crash.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use calamine::{
    CellErrorType, Data, DataRef, Dimensions, ExcelDateTime, ExcelDateTimeType, Ods, Reader,
    SheetType, SheetVisible, Xls, Xlsb, Xlsx,
};

use super::{Cell, Format, Para, ReadError, Rich, Row, RowKind, Run, Sheet, Value};
use crate::normalize::date::{Date, parse_iso};

/// The most cells (plus rows) one sheet may expand to; larger sheets are refused.
pub const MAX_SHEET_CELLS: usize = 2_000_000;

/// The most cells (plus rows) all sheets of one workbook may expand to together: a sheet
/// part listed many times in the workbook (or many large sheets) is refused, not read until
/// the memory runs out.
pub const MAX_BOOK_CELLS: usize = 2 * MAX_SHEET_CELLS;

/// The cells of a workbook read so far, against [`MAX_BOOK_CELLS`].
pub(super) struct Budget<'a> {
    file: &'a str,
    used: usize,
}

impl<'a> Budget<'a> {
    pub(super) fn new(file: &'a str) -> Self {
        Budget { file, used: 0 }
    }

    /// Counts a sheet read; an error once the workbook is past the limit.
    pub(super) fn take(&mut self, sheet: &Sheet) -> Result<(), ReadError> {
        self.used += sheet.rows.len() + sheet.rows.iter().map(|r| r.cells().len()).sum::<usize>();
        if self.used > MAX_BOOK_CELLS {
            return Err(ReadError::TooLarge {
                file: self.file.to_string(),
                reason: format!(
                    "arbetsbokens blad har tillsammans fler än {MAX_BOOK_CELLS} celler"
                ),
            });
        }
        Ok(())
    }
}

/// The most bytes the entries of a zip-based workbook may inflate to, together.
pub const MAX_INFLATED_BYTES: u64 = 1 << 30;

/// Reads a workbook of the given format (one of xlsx, xlsm, xlsb, xls, ods).
///
/// # Errors
/// [`ReadError::Encrypted`] for a password-protected workbook, [`ReadError::TooLarge`] for a
/// sheet above [`MAX_SHEET_CELLS`] or a package inflating above [`MAX_INFLATED_BYTES`], and
/// [`ReadError::Invalid`] for anything calamine cannot read (or panics on).
pub fn read(format: Format, bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    match format {
        Format::Xls => xls_guard::check(bytes, name)?,
        _ => {
            check_zip(bytes, name, MAX_INFLATED_BYTES, MAX_INFLATED_BYTES)?;
        }
    }
    guarded(name, || match format {
        Format::Xlsx | Format::Xlsm | Format::Ikplan => read_xlsx(bytes, name),
        Format::Xlsb => read_xlsb(bytes, name),
        Format::Xls => read_xls(bytes, name),
        Format::Ods => read_ods(bytes, name),
        other => Err(ReadError::invalid(
            name,
            format!("formatet {other} är ingen arbetsbok"),
        )),
    })
}

thread_local! {
    /// How many [`guarded`] calls are running on this thread: a panic there is an
    /// expected way for a reader to reject a file, reported as an error, not printed.
    static GUARDED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Whether the current thread is inside [`guarded`] (for the panic hook in `main`).
pub fn in_guarded_read() -> bool {
    GUARDED.with(|g| g.get() > 0)
}

/// For harnesses whose panic hook aborts (libfuzzer-sys): puts a hook in front of it that
/// lets a panic inside a guarded read unwind to ikplan, which reports a broken file, and
/// passes every other panic on.
pub fn let_guarded_reads_catch_their_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !in_guarded_read() {
            previous(info);
        }
    }));
}

/// Runs `f`, turning a panic inside it (calamine on a malformed file) into
/// [`ReadError::Invalid`].
pub(super) fn guarded<T>(
    name: &str,
    f: impl FnOnce() -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get() - 1));
    match result {
        Ok(r) => r,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(ReadError::invalid(
                name,
                format!("filen är skadad och kan inte läsas (läsaren gav upp: {detail})"),
            ))
        }
    }
}

/// Opens a zip package after checking, from its central directory, that no entry inflates
/// above `max_entry` bytes and all of them together not above `max_total`. The zip crate
/// refuses to inflate an entry past its declared size, so the declared sizes are a bound.
///
/// # Errors
/// [`ReadError::Invalid`] for a broken zip, [`ReadError::TooLarge`] above the limits.
pub(super) fn check_zip<'a>(
    bytes: &'a [u8],
    name: &str,
    max_total: u64,
    max_entry: u64,
) -> Result<zip::ZipArchive<Cursor<&'a [u8]>>, ReadError> {
    let broken = |e: &dyn std::fmt::Display| {
        ReadError::invalid(
            name,
            format!("zip-paketet (xlsx/ods/docx) är trasigt eller avkortat ({e})"),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| broken(&e))?;
        let size = entry.size();
        total = total.saturating_add(size);
        if size > max_entry || total > max_total {
            return Err(ReadError::TooLarge {
                file: name.to_string(),
                reason: format!(
                    "delen {} packas upp till {} byte; gränsen är {} byte per del och {} byte totalt",
                    entry.name().unwrap_or_default(),
                    size,
                    max_entry,
                    max_total
                ),
            });
        }
    }
    Ok(archive)
}

// ---------------------------------------------------------------------------------------
// Formats

mod xlsx_fast;

fn read_xlsx(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    match xlsx_fast::read(bytes, name) {
        Some(sheets) => sheets,
        None => read_xlsx_calamine(bytes, name),
    }
}

/// What reading a workbook gives.
pub type SheetsRead = Result<Vec<Sheet>, ReadError>;

/// An xlsx through both readers: the fast path (`None` when it steps aside) and calamine's,
/// each under the panic guard. For the differential fuzz target and checks; `read` uses the
/// fast path whenever it gives a result.
#[doc(hidden)]
pub fn xlsx_both_paths(bytes: &[u8], name: &str) -> (Option<SheetsRead>, SheetsRead) {
    let fast = guarded(name, || Ok(xlsx_fast::read(bytes, name))).unwrap_or_else(|e| Some(Err(e)));
    let slow = guarded(name, || read_xlsx_calamine(bytes, name));
    (fast, slow)
}

/// A minimal xlsx around parts given as one buffer: a sheet's XML, then (after a NUL byte)
/// the shared strings and (after another) the styles. For the differential fuzz target and
/// the replay of what it finds.
#[doc(hidden)]
pub fn xlsx_of_parts(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let root_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let book = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let book_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>"#
    );
    let mut parts = data.splitn(3, |&b| b == 0);
    let sheet = parts.next().unwrap_or_default();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut add = |name: &str, body: &[u8]| {
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file(name, opts).expect("a zip entry in memory");
        zip.write_all(body).expect("a zip entry in memory");
    };
    add("_rels/.rels", root_rels.as_bytes());
    add("xl/workbook.xml", book.as_bytes());
    add("xl/_rels/workbook.xml.rels", book_rels.as_bytes());
    add("xl/worksheets/sheet1.xml", sheet);
    for (name, body) in ["xl/sharedStrings.xml", "xl/styles.xml"]
        .into_iter()
        .zip(parts)
    {
        add(name, body);
    }
    zip.finish().expect("a zip in memory").into_inner()
}

fn read_xlsx_calamine(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        let password = matches!(e, calamine::XlsxError::Password);
        book_error(name, password, &e)
    })?;
    let bold = xlsx_rich::bold_strings(bytes);
    let any_merges = xlsx_has_merges(bytes);
    let metas = wb.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    let mut budget = Budget::new(name);
    for meta in metas {
        if skipped(meta.typ) {
            continue;
        }
        let mut grid = Grid::new(name, &meta.name);
        match wb.worksheet_cells_reader(&meta.name) {
            Ok(mut reader) => {
                while let Some(cell) = reader
                    .next_cell()
                    .map_err(|e| sheet_error(name, &meta.name, &e))?
                {
                    let (row, col) = cell.get_position();
                    let value = match cell.get_value() {
                        DataRef::SharedString(s) if !bold.is_empty() => match bold.get(*s) {
                            Some(runs) => rich_value(runs),
                            None => text_value(s),
                        },
                        other => value_of_ref(other),
                    };
                    grid.set(row, col, value)?;
                }
            }
            // A dialog or macro sheet that is not a grid: nothing to read.
            Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(sheet_error(name, &meta.name, &e)),
        }
        // calamine parses the whole sheet again to find its merges: only when there are any.
        let merges = if any_merges {
            wb.merge_cells_by_sheet_name(&meta.name)
                .map_err(|e| sheet_error(name, &meta.name, &e))?
        } else {
            Vec::new()
        };
        let sheet = grid.finish(&merges, hidden(meta.visible))?;
        budget.take(&sheet)?;
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Whether any worksheet of an xlsx names a merged range (a byte search over the unpacked
/// sheets, much cheaper than parsing them). `true` when unsure.
fn xlsx_has_merges(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return true;
    };
    let finder = memchr::memmem::Finder::new(b"mergeCell");
    let mut buf = Vec::new();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            return true;
        };
        let Ok(entry_name) = entry.name() else {
            return true;
        };
        // Any XML part but the shared strings: a sheet may be stored under any name.
        let lower = entry_name.to_ascii_lowercase();
        if !lower.ends_with(".xml") || lower.ends_with("sharedstrings.xml") {
            continue;
        }
        buf.clear();
        // The entry sizes were bounded by `check_zip` before calamine opened the book.
        if entry
            .take(MAX_INFLATED_BYTES)
            .read_to_end(&mut buf)
            .is_err()
        {
            return true;
        }
        if finder.find(&buf).is_some() {
            return true;
        }
    }
    false
}

fn read_xlsb(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(|e| {
        let password = matches!(e, calamine::XlsbError::Password);
        book_error(name, password, &e)
    })?;
    let metas = wb.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    let mut budget = Budget::new(name);
    for meta in metas {
        if skipped(meta.typ) {
            continue;
        }
        let mut grid = Grid::new(name, &meta.name);
        let mut reader = wb
            .worksheet_cells_reader(&meta.name)
            .map_err(|e| sheet_error(name, &meta.name, &e))?;
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| sheet_error(name, &meta.name, &e))?
        {
            let (row, col) = cell.get_position();
            grid.set(row, col, value_of_ref(cell.get_value()))?;
        }
        // calamine reads no merged regions from xlsb.
        let sheet = grid.finish(&[], hidden(meta.visible))?;
        budget.take(&sheet)?;
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn read_xls(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| {
        let password = matches!(e, calamine::XlsError::Password);
        book_error(name, password, &e)
    })?;
    let metas = wb.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    let mut budget = Budget::new(name);
    for meta in metas {
        if skipped(meta.typ) {
            continue;
        }
        let range = wb
            .worksheet_range(&meta.name)
            .map_err(|e| sheet_error(name, &meta.name, &e))?;
        let mut grid = Grid::new(name, &meta.name);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, data) in range.used_cells() {
            grid.set(r0 + r as u32, c0 + c as u32, value_of_data(data))?;
        }
        let merges = wb
            .merge_cells_by_sheet_name(&meta.name)
            .map_err(|e| sheet_error(name, &meta.name, &e))?;
        let sheet = grid.finish(&merges, hidden(meta.visible))?;
        budget.take(&sheet)?;
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn read_ods(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    let mut scans: HashMap<String, ods_scan::TableScan> =
        ods_scan::scan(bytes, name)?.into_iter().collect();
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| {
        let password = matches!(e, calamine::OdsError::Password);
        book_error(name, password, &e)
    })?;
    let metas = wb.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    let mut budget = Budget::new(name);
    for meta in metas {
        if skipped(meta.typ) {
            continue;
        }
        let range = wb
            .worksheet_range(&meta.name)
            .map_err(|e| sheet_error(name, &meta.name, &e))?;
        let scan = scans.remove(&meta.name).unwrap_or_default();
        let mut grid = Grid::new(name, &meta.name);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, data) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            let mut value = value_of_data(data);
            // calamine gives an ODS error cell as its text ("#REF!", "Err:502").
            if scan.errors.contains(&(row, col))
                && let Value::Text(t) = &value
            {
                value = Value::Error(t.plain().into());
            }
            grid.set(row, col, value)?;
        }
        let sheet = grid.finish(&scan.merges, hidden(meta.visible))?;
        budget.take(&sheet)?;
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Chart sheets and VBA modules hold no cells.
fn skipped(typ: SheetType) -> bool {
    matches!(typ, SheetType::ChartSheet | SheetType::Vba)
}

fn hidden(v: SheetVisible) -> bool {
    !matches!(v, SheetVisible::Visible)
}

fn book_error(name: &str, password: bool, e: &dyn std::fmt::Display) -> ReadError {
    if password {
        return ReadError::Encrypted {
            file: name.to_string(),
        };
    }
    ReadError::invalid(
        name,
        format!("arbetsboken är skadad eller inte i det format filen säger ({e})"),
    )
}

fn sheet_error(name: &str, sheet: &str, e: &dyn std::fmt::Display) -> ReadError {
    ReadError::invalid(
        name,
        format!("bladet \"{sheet}\" är skadat och kan inte läsas ({e})"),
    )
}

// ---------------------------------------------------------------------------------------
// Values

fn value_of_data(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => text_value(s),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => excel_datetime(dt),
        Data::DateTimeIso(s) => iso_datetime(s),
        Data::DurationIso(s) => iso_duration(s),
        Data::Error(e) => Value::Error(error_text(e).into()),
    }
}

fn value_of_ref(d: &DataRef<'_>) -> Value {
    match d {
        DataRef::Empty => Value::Empty,
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => text_value(s),
        DataRef::SharedString(s) => text_value(s),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => excel_datetime(dt),
        DataRef::DateTimeIso(s) => iso_datetime(s),
        DataRef::DurationIso(s) => iso_duration(s),
        DataRef::Error(e) => Value::Error(error_text(e).into()),
    }
}

/// A text cell: line breaks (LF, CRLF, and the CR that xlsx stores as `_x000D_`) become
/// paragraphs.
fn text_value(s: &str) -> Value {
    // Only a text with carriage returns is copied before splitting; `from_text` copies
    // each line once.
    let s: std::borrow::Cow<'_, str> = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        s.into()
    };
    let rich = Rich::from_text(&s);
    if rich.is_empty() {
        Value::Empty
    } else {
        Value::Text(rich)
    }
}

/// A text cell from runs: line breaks split it into paragraphs, each run keeping its bold.
fn rich_value(runs: &[Run]) -> Value {
    let mut paras: crate::read::Paras = smallvec::smallvec![Para::default()];
    for run in runs {
        let text = run.text.replace("\r\n", "\n").replace('\r', "\n");
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                paras.push(Para::default());
            }
            if !piece.is_empty() {
                paras.last_mut().expect("one paragraph").runs.push(Run {
                    text: piece.to_string(),
                    bold: run.bold,
                });
            }
        }
    }
    paras.retain(|p| !p.plain().is_empty());
    let rich = Rich::from_paras(paras);
    if rich.is_empty() {
        Value::Empty
    } else {
        Value::Text(rich)
    }
}

/// The error as Excel spells it.
fn error_text(e: &CellErrorType) -> String {
    match e {
        CellErrorType::GettingData => "#GETTING_DATA".to_string(),
        other => other.to_string(),
    }
}

/// A date-formatted number: the date (time of day dropped); a time of day or a duration as
/// text `H:MM`; a serial outside Excel's calendar stays a number.
fn excel_datetime(dt: &ExcelDateTime) -> Value {
    let serial = dt.as_f64();
    if !serial.is_finite() {
        return Value::Number(serial);
    }
    if dt.is_duration() || (0.0..1.0).contains(&serial) {
        return Value::Text(Rich::from_text(&clock(serial)));
    }
    // Excel's calendar: serial 1 is 1900-01-01 (1904-01-02 in the 1904 system) and the last
    // day is 9999-12-31 (2958465 in the 1900 system, less in the 1904 one).
    if !(1.0..2_958_466.0).contains(&serial) {
        return Value::Number(serial);
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    match Date::new(i32::from(y), u32::from(m), u32::from(d)) {
        Some(date) => Value::Date(date),
        // 1900-02-29, the day Excel has and the calendar does not.
        None => Value::Number(serial),
    }
}

/// A date-formatted number read by the xlsx scanner: [`excel_datetime`], with the common
/// whole-day serial of the 1900 system read without calamine's general conversion (which
/// also works out the time of day).
pub(super) fn date_cell(serial: f64, is_1904: bool) -> Value {
    if !is_1904 && serial.fract() == 0.0 && (1.0..2_958_466.0).contains(&serial) {
        return match crate::normalize::date::from_excel_serial(serial) {
            Some(date) => Value::Date(date),
            // 1900-02-29, the day Excel has and the calendar does not.
            None => Value::Number(serial),
        };
    }
    excel_datetime(&ExcelDateTime::new(
        serial,
        ExcelDateTimeType::DateTime,
        is_1904,
    ))
}

/// `days` as `H:MM` (or `H:MM:SS`), hours counting past 24 for durations.
fn clock(days: f64) -> String {
    let secs = (days * 86_400.0).round().abs() as u64;
    let sign = if days < 0.0 { "-" } else { "" };
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if s == 0 {
        format!("{sign}{h}:{m:02}")
    } else {
        format!("{sign}{h}:{m:02}:{s:02}")
    }
}

/// An ODS date value, `2021-01-01` or `2021-01-01T10:00:00`.
fn iso_datetime(s: &str) -> Value {
    s.get(..10)
        .and_then(parse_iso)
        .filter(|_| s.len() == 10 || s[10..].starts_with('T'))
        .map_or_else(|| text_value(s), Value::Date)
}

/// An ODS time value, `PT10H30M00S`, as `10:30`.
fn iso_duration(s: &str) -> Value {
    let parse = || -> Option<f64> {
        let rest = s.strip_prefix("-").unwrap_or(s).strip_prefix("PT")?;
        let mut secs = 0.0;
        let mut num = String::new();
        for ch in rest.chars() {
            match ch {
                '0'..='9' | '.' => num.push(ch),
                'H' | 'M' | 'S' => {
                    let n: f64 = num.parse().ok()?;
                    secs += n * match ch {
                        'H' => 3600.0,
                        'M' => 60.0,
                        _ => 1.0,
                    };
                    num.clear();
                }
                _ => return None,
            }
        }
        num.is_empty().then_some(secs / 86_400.0)
    };
    match parse() {
        Some(days) => Value::Text(Rich::from_text(&clock(days))),
        None => text_value(s),
    }
}

// ---------------------------------------------------------------------------------------
// The grid of one sheet

/// Cells of one sheet collected by position, with the size bound.
struct Grid<'a> {
    file: &'a str,
    sheet: String,
    /// Indexed by 0-based sheet row; workbooks give rows in order, so this grows at the end
    /// (its length is bounded with the cells, see `put`).
    rows: Vec<Vec<Cell>>,
    /// Cells held (row lengths summed).
    cells: usize,
}

impl<'a> Grid<'a> {
    fn new(file: &'a str, sheet: &str) -> Self {
        Grid {
            file,
            sheet: sheet.to_string(),
            rows: Vec::new(),
            cells: 0,
        }
    }

    fn too_large(&self, what: String) -> ReadError {
        ReadError::TooLarge {
            file: self.file.to_string(),
            reason: format!(
                "bladet \"{}\" {what}; gränsen är {MAX_SHEET_CELLS} celler per blad",
                self.sheet
            ),
        }
    }

    /// Sets a cell (0-based row and column); empty values are not stored.
    fn set(&mut self, row: u32, col: u32, value: Value) -> Result<(), ReadError> {
        if value.is_empty() {
            return Ok(());
        }
        self.put(row, col, Cell::new(value))
    }

    fn put(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), ReadError> {
        let col = col as usize;
        let r = row as usize;
        if r >= self.rows.len() {
            // Every row up to this one becomes a (maybe empty) row of the sheet.
            if self.cells + r + 1 > MAX_SHEET_CELLS {
                return Err(self.too_large(format!(
                    "har {} rader och {} celler",
                    u64::from(row) + 1,
                    self.cells
                )));
            }
            self.rows.resize_with(r + 1, Vec::new);
        }
        let len = self.rows[r].len();
        if col >= len {
            let grow = col + 1 - len;
            if self.cells + grow + self.rows.len() > MAX_SHEET_CELLS {
                return Err(self.too_large(format!(
                    "har fler än {MAX_SHEET_CELLS} celler (rad {}, kolumn {})",
                    u64::from(row) + 1,
                    col + 1
                )));
            }
            self.cells += grow;
            self.rows[r].resize(col + 1, Cell::default());
        }
        self.rows[r][col] = cell;
        Ok(())
    }

    /// Places a row built from one run of a row's cells (each at its column, the gaps
    /// empty): as `put` of each cell would, without growing the row cell by cell.
    fn put_row(&mut self, row: u32, cells: Vec<Cell>) -> Result<(), ReadError> {
        let r = row as usize;
        let rows_after = self.rows.len().max(r + 1);
        if self.rows.get(r).is_none_or(Vec::is_empty)
            && self.cells + cells.len() + rows_after <= MAX_SHEET_CELLS
        {
            if r >= self.rows.len() {
                self.rows.resize_with(r + 1, Vec::new);
            }
            self.cells += cells.len();
            self.rows[r] = cells;
            return Ok(());
        }
        // The row has cells already, or the limit is near: cell by cell, for `put`'s checks.
        for (c, cell) in cells.into_iter().enumerate() {
            if !cell.value.is_empty() {
                self.put(row, u32::try_from(c).unwrap_or(u32::MAX), cell)?;
            }
        }
        Ok(())
    }

    fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.rows.get(row as usize)?.get(col as usize)
    }

    /// Copies each merge's top-left value into the empty cells it covers (marked `merged`),
    /// and lays the rows out from sheet row 1 to the last non-empty row.
    fn finish(mut self, merges: &[Dimensions], hidden: bool) -> Result<Sheet, ReadError> {
        let mut visited: u64 = 0;
        for m in merges {
            let (r0, c0) = m.start;
            let (r1, c1) = m.end;
            if r1 < r0 || c1 < c0 {
                continue;
            }
            let Some(top) = self.get(r0, c0).filter(|c| !c.value.is_empty()).cloned() else {
                continue;
            };
            let area = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
            // Overlapping merges visit the same cells again: bound the visits too.
            visited = visited.saturating_add(area);
            if area > MAX_SHEET_CELLS as u64 || visited > 4 * MAX_SHEET_CELLS as u64 {
                return Err(self.too_large(format!(
                    "har sammanfogade områden på sammanlagt {visited} celler"
                )));
            }
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) == (r0, c0) || self.get(r, c).is_some_and(|x| !x.value.is_empty()) {
                        continue;
                    }
                    self.put(
                        r,
                        c,
                        Cell {
                            value: top.value.clone(),
                            merged: true,
                        },
                    )?;
                }
            }
        }
        let n_rows = self.rows.len();
        if self.cells + n_rows > MAX_SHEET_CELLS {
            return Err(self.too_large(format!("har {n_rows} rader och {} celler", self.cells)));
        }
        let rows = std::mem::take(&mut self.rows)
            .into_iter()
            .enumerate()
            .map(|(r, cells)| Row {
                line: u32::try_from(r + 1).unwrap_or(u32::MAX),
                kind: RowKind::Cells(cells),
            })
            .collect();
        Ok(Sheet {
            name: Some(self.sheet),
            hidden,
            rows,
        })
    }
}

// ---------------------------------------------------------------------------------------
// xlsx: bold runs

/// The bold runs of xlsx shared strings, which calamine flattens to plain text. Each shared
/// string with a bold run is kept, keyed by its text as calamine gives it, so that a cell
/// "**Hot och våld** Risk att …" keeps its bold lead (the risk's name). Excel writes such
/// runs; LibreOffice bolds the whole cell instead (a cell style, not read here).
mod xlsx_rich {
    use std::collections::HashMap;
    use std::io::Cursor;

    use quick_xml::events::Event;

    use super::Run;

    /// Shared strings with a bold run, by their plain text. A file this pass cannot parse
    /// gives an empty map (the text still comes from calamine).
    pub(super) fn bold_strings(bytes: &[u8]) -> HashMap<String, Vec<Run>> {
        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return HashMap::new();
        };
        let Ok(mut file) = archive.by_name("xl/sharedStrings.xml") else {
            return HashMap::new();
        };
        // No more than the part says it holds (the sizes were checked against the limits
        // before calamine read the file).
        let size = file.size();
        let mut xml = Vec::with_capacity(size.min(1 << 26) as usize);
        if std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, size), &mut xml).is_err()
        {
            return HashMap::new();
        }
        bold_strings_in(&xml)
    }

    /// The same from the part's XML already unpacked.
    pub(super) fn bold_strings_in(xml: &[u8]) -> HashMap<String, Vec<Run>> {
        let mut out = HashMap::new();
        // A bold run sits in a run's properties (`<rPr><b/>`); most workbooks have none,
        // and then the strings need not be parsed a second time.
        if memchr::memmem::find(xml, b"rPr").is_none() {
            return out;
        }
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        let mut runs: Vec<Run> = Vec::new();
        let (mut in_r, mut in_rpr, mut in_t, mut bold) = (false, false, false, false);
        let mut skip = 0usize;
        loop {
            buf.clear();
            let ev = match reader.read_event_into(&mut buf) {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(e) => match e.local_name().as_ref() {
                    // Phonetic guides are not part of the text.
                    "rPh" | "phoneticPr" => skip += 1,
                    "si" => runs.clear(),
                    "r" => (in_r, bold) = (true, false),
                    "rPr" if in_r => in_rpr = true,
                    "t" if skip == 0 => in_t = true,
                    "b" if in_rpr => bold = on(&e),
                    _ => {}
                },
                Event::Empty(e) if in_rpr && e.local_name().as_ref() == "b" => bold = on(&e),
                Event::End(e) => match e.local_name().as_ref() {
                    "rPh" | "phoneticPr" => skip = skip.saturating_sub(1),
                    "r" => (in_r, bold) = (false, false),
                    "rPr" => in_rpr = false,
                    "t" => in_t = false,
                    "si" if runs.iter().any(|r| r.bold && !r.text.trim().is_empty()) => {
                        let runs: Vec<Run> = std::mem::take(&mut runs)
                            .into_iter()
                            .map(|r| Run {
                                text: unescape_x(&r.text),
                                bold: r.bold,
                            })
                            .collect();
                        let key: String = runs.iter().map(|r| r.text.as_str()).collect();
                        out.entry(key).or_insert(runs);
                    }
                    _ => {}
                },
                Event::Text(t) if in_t => push(&mut runs, &t.xml10_content(), in_r && bold),
                Event::GeneralRef(e) if in_t => {
                    push(&mut runs, &crate::read::xml_ref_text(&e), in_r && bold)
                }
                _ => {}
            }
        }
        out
    }

    fn on(e: &quick_xml::events::BytesStart<'_>) -> bool {
        !e.attributes().flatten().any(|a| {
            a.key.local_name().as_ref() == "val" && matches!(a.value.as_ref(), "0" | "false")
        })
    }

    fn push(runs: &mut Vec<Run>, text: &str, bold: bool) {
        match runs.last_mut() {
            Some(r) if r.bold == bold => r.text.push_str(text),
            _ => runs.push(Run {
                text: text.to_string(),
                bold,
            }),
        }
    }

    /// OOXML's `_xHHHH_` escapes (`_x000D_` is a CR; a character beyond the BMP is a
    /// surrogate pair, `_xD83D__xDE00_`), decoded as calamine's `unescape_xml` decodes them.
    pub(super) fn unescape_x(s: &str) -> String {
        fn unit_at(s: &str, i: usize) -> Option<u16> {
            let b = s.as_bytes().get(i..i + 7)?;
            if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' {
                return None;
            }
            let hex = std::str::from_utf8(&b[2..6]).ok()?;
            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                return None;
            }
            u16::from_str_radix(hex, 16).ok()
        }
        if !s.contains("_x") {
            return s.to_string();
        }
        let mut out = String::with_capacity(s.len());
        let mut copied = 0;
        let mut i = 0;
        while let Some(off) = s[i..].find('_') {
            let at = i + off;
            let Some(unit) = unit_at(s, at) else {
                i = at + 1;
                continue;
            };
            out.push_str(&s[copied..at]);
            let mut next = at + 7;
            let ch = match unit {
                0xD800..=0xDBFF => match unit_at(s, next) {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        next += 7;
                        let c = 0x10000
                            + ((u32::from(unit) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER)
                    }
                    _ => char::REPLACEMENT_CHARACTER,
                },
                0xDC00..=0xDFFF => char::REPLACEMENT_CHARACTER,
                u => char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER),
            };
            out.push(ch);
            copied = next;
            i = next;
        }
        out.push_str(&s[copied..]);
        out
    }
}

// ---------------------------------------------------------------------------------------
// ODS: what calamine does not tell

/// A pass over an ODS `content.xml` for what calamine's ODS reader leaves out (merged
/// regions, which cells are formula errors) and for how many cells each table would expand
/// to once repeated rows and columns are unfolded, so that a small file cannot make
/// calamine allocate gigabytes.
mod ods_scan {
    use super::*;
    use quick_xml::events::{BytesStart, Event};

    #[derive(Debug, Default)]
    pub(super) struct TableScan {
        pub merges: Vec<Dimensions>,
        pub errors: HashSet<(u32, u32)>,
    }

    /// Most merges or error cells recorded per table (more are ignored).
    const MAX_MARKS: usize = 100_000;

    fn attr_u64(e: &BytesStart<'_>, key: &str) -> u64 {
        e.try_get_attribute(key)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
            .max(1)
    }

    fn attr_is(e: &BytesStart<'_>, key: &str, val: &str) -> bool {
        e.try_get_attribute(key)
            .ok()
            .flatten()
            .is_some_and(|a| a.value == val)
    }

    fn has_attr(e: &BytesStart<'_>, key: &str) -> bool {
        e.try_get_attribute(key).ok().flatten().is_some()
    }

    #[derive(Default)]
    struct Table {
        name: String,
        row: u64,
        row_repeat: u64,
        col: u64,
        /// Last column (exclusive) with content in the current row.
        row_end: u64,
        row_start: u64,
        rows: Option<(u64, u64)>,
        cols: Option<(u64, u64)>,
        /// Cells calamine stores before unfolding repeated rows.
        stored: u64,
        scan: TableScan,
    }

    impl Table {
        fn cell(&mut self, e: &BytesStart<'_>, content: bool) {
            let repeat = attr_u64(e, "table:number-columns-repeated");
            let content =
                content || has_attr(e, "office:value-type") || has_attr(e, "table:formula");
            let (r, c) = (self.row, self.col);
            if content {
                if self.row_end == 0 {
                    self.row_start = c;
                }
                self.row_end = c.saturating_add(repeat);
            }
            let rs = attr_u64(e, "table:number-rows-spanned");
            let cs = attr_u64(e, "table:number-columns-spanned");
            let fits = |x: u64| u32::try_from(x).ok();
            if (rs > 1 || cs > 1) && self.scan.merges.len() < MAX_MARKS {
                let end = (r.saturating_add(rs - 1), c.saturating_add(cs - 1));
                if let (Some(r0), Some(c0), Some(r1), Some(c1)) =
                    (fits(r), fits(c), fits(end.0), fits(end.1))
                {
                    self.scan.merges.push(Dimensions::new((r0, c0), (r1, c1)));
                }
            }
            if attr_is(e, "calcext:value-type", "error") && self.scan.errors.len() < MAX_MARKS {
                for k in 0..repeat.min(1024) {
                    if let (Some(r0), Some(c0)) = (fits(r), fits(c + k)) {
                        self.scan.errors.insert((r0, c0));
                    }
                }
            }
            self.col = c.saturating_add(repeat);
        }

        fn end_row(&mut self) {
            if self.row_end > 0 {
                let last = self.row.saturating_add(self.row_repeat - 1);
                self.rows = Some(match self.rows {
                    None => (self.row, last),
                    Some((a, _)) => (a, last),
                });
                self.cols = Some(match self.cols {
                    None => (self.row_start, self.row_end - 1),
                    Some((a, b)) => (a.min(self.row_start), b.max(self.row_end - 1)),
                });
                self.stored = self.stored.saturating_add(self.row_end.min(16_384));
            }
            self.row = self.row.saturating_add(self.row_repeat);
            self.col = 0;
            self.row_end = 0;
        }

        /// Refuses a table above the limits: its unfolded extent, or the cells calamine
        /// stores before unfolding repeated rows.
        fn check(&self, file: &str) -> Result<(), ReadError> {
            if self.area() > MAX_SHEET_CELLS as u64 || self.stored > 4 * MAX_SHEET_CELLS as u64 {
                return Err(ReadError::TooLarge {
                    file: file.to_string(),
                    reason: format!(
                        "bladet \"{}\" breder ut sig över {} celler; gränsen är {MAX_SHEET_CELLS} celler per blad",
                        self.name,
                        self.area().max(self.stored)
                    ),
                });
            }
            Ok(())
        }

        fn area(&self) -> u64 {
            match (self.rows, self.cols) {
                (Some((r0, r1)), Some((c0, c1))) => {
                    (r1 - r0 + 1).saturating_mul(c1.saturating_sub(c0) + 1)
                }
                _ => 0,
            }
        }
    }

    /// Scans every top-level table of `content.xml`.
    ///
    /// # Errors
    /// [`ReadError::TooLarge`] when a table would expand above [`MAX_SHEET_CELLS`]. A file
    /// this pass cannot parse gives no error here: calamine reports it.
    pub(super) fn scan(bytes: &[u8], name: &str) -> Result<Vec<(String, TableScan)>, ReadError> {
        let mut out = Vec::new();
        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return Ok(out);
        };
        let Ok(file) = archive.by_name("content.xml") else {
            return Ok(out);
        };
        let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
        let mut buf = Vec::new();
        let mut depth = 0usize;
        let mut table: Option<Table> = None;
        loop {
            buf.clear();
            let ev = match reader.read_event_into(&mut buf) {
                Ok(ev) => ev,
                Err(_) => break,
            };
            match ev {
                Event::Start(e) => {
                    match e.name().as_ref() {
                        "table:table" => {
                            depth += 1;
                            if depth == 1 {
                                let name = e
                                    .try_get_attribute("table:name")
                                    .ok()
                                    .flatten()
                                    .and_then(|a| {
                                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                            .ok()
                                            .map(|v| v.into_owned())
                                    })
                                    .unwrap_or_default();
                                table = Some(Table {
                                    name,
                                    ..Table::default()
                                });
                            }
                        }
                        "table:table-row" if depth == 1 => {
                            if let Some(t) = table.as_mut() {
                                t.row_repeat = attr_u64(&e, "table:number-rows-repeated");
                            }
                        }
                        "table:table-cell" | "table:covered-table-cell" if depth == 1 => {
                            if let Some(t) = table.as_mut() {
                                // A cell with children holds text (or an annotation).
                                t.cell(&e, true);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Empty(e) => match e.name().as_ref() {
                    "table:table-cell" | "table:covered-table-cell" if depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.cell(&e, false);
                        }
                    }
                    "table:table-row" if depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.row = t
                                .row
                                .saturating_add(attr_u64(&e, "table:number-rows-repeated"));
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.name().as_ref() {
                    "table:table" => {
                        if depth == 1
                            && let Some(t) = table.take()
                        {
                            t.check(name)?;
                            out.push((t.name, t.scan));
                        }
                        depth = depth.saturating_sub(1);
                    }
                    "table:table-row" if depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.end_row();
                            // Checked row by row: calamine holds every row element's cells
                            // before it sees the end of the table (or an XML error).
                            t.check(name)?;
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }
}

// ---------------------------------------------------------------------------------------
// xls: what calamine would allocate

/// A pass over an xls file's BIFF records, before calamine, that refuses a sheet whose
/// declared dimensions or whose cells' extent is above [`MAX_SHEET_CELLS`]. calamine reserves
/// memory for the declared dimensions and lays the cells out densely, so a small malicious
/// file could otherwise ask for hundreds of gigabytes (an allocation failure aborts the
/// process; it cannot be caught). The compound-file layer follows calamine's `cfb.rs`.
mod xls_guard {
    use std::borrow::Cow;

    use super::{MAX_SHEET_CELLS, ReadError};

    const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
    const MAXREGSECT: u32 = 0xFFFF_FFFA;
    const DIFSECT: u32 = 0xFFFF_FFFC;

    fn u16_at(b: &[u8], i: usize) -> Option<u16> {
        Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
    }

    fn u32_at(b: &[u8], i: usize) -> Option<u32> {
        Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
    }

    fn u64_at(b: &[u8], i: usize) -> Option<u64> {
        Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
    }

    /// Why a sector chain could not be followed.
    pub(super) enum Chain {
        /// Not as calamine would read it either; calamine reports it.
        Broken,
        /// The chain loops and asks for more bytes than the file has: calamine would follow
        /// the loop, growing its buffer until memory runs out.
        Runaway,
    }

    /// Follows a chain of `size`-byte sectors through `fat` as calamine's `get_chain`
    /// does (until ENDOFCHAIN or `len` bytes), `get` giving a sector's bytes.
    fn chain<'s>(
        start: u32,
        fat: &[u32],
        get: impl Fn(u32) -> Option<Cow<'s, [u8]>>,
        len: usize,
        file_len: usize,
    ) -> Result<Vec<u8>, Chain> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > fat.len() + 1 {
                return Err(if len > file_len {
                    Chain::Runaway
                } else {
                    Chain::Broken
                });
            }
            let sector = get(id).ok_or(Chain::Broken)?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(&sector[..take]);
            if out.len() >= len {
                break;
            }
            id = *fat.get(id as usize).ok_or(Chain::Broken)?;
        }
        Ok(out)
    }

    /// Sector `id` (numbered from after the header), zero-padded at the end of the file;
    /// `None` above `maxid`.
    fn sector_at(bytes: &[u8], size: usize, id: u32, maxid: usize) -> Option<Cow<'_, [u8]>> {
        let id = id as usize;
        if id > maxid {
            return None;
        }
        let start = (id + 1).checked_mul(size)?;
        let end = start.checked_add(size)?;
        match bytes.get(start..end) {
            Some(s) => Some(Cow::Borrowed(s)),
            None => {
                let mut v = bytes
                    .get(start.min(bytes.len())..)
                    .unwrap_or_default()
                    .to_vec();
                v.resize(size, 0);
                Some(Cow::Owned(v))
            }
        }
    }

    /// The `Workbook` (or BIFF5 `Book`) stream, found as calamine's `cfb.rs` finds it.
    pub(super) fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, Chain> {
        let sector = match u16_at(bytes, 0x1E) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Err(Chain::Broken),
        };
        let n = bytes.len();
        // Sector `id` follows the header. calamine reads sectors up to `len / sector` and,
        // once it has read past the end of a short file, sees zeros there: pad likewise.
        let get = |id: u32| sector_at(bytes, sector, id, n / sector);
        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
        let mut difat: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .collect();
        let mut next = u32_at(bytes, 0x44).ok_or(Chain::Broken)?;
        let mut guard = 0usize;
        while next < MAXREGSECT {
            guard += 1;
            if guard > n / sector + 1 {
                return Err(Chain::Broken);
            }
            let s = get(next).ok_or(Chain::Broken)?;
            difat.extend((0..s.len() / 4).filter_map(|i| u32_at(&s, 4 * i)));
            next = difat.pop().ok_or(Chain::Broken)?;
        }
        let mut fat = Vec::new();
        for id in difat.into_iter().filter(|&id| id < DIFSECT) {
            let s = get(id).ok_or(Chain::Broken)?;
            fat.extend((0..s.len() / 4).filter_map(|i| u32_at(&s, 4 * i)));
        }
        let dir_start = u32_at(bytes, 0x30).ok_or(Chain::Broken)?;
        let dirs = chain(dir_start, &fat, get, usize::MAX, n)?;
        // (name, start, len) of each directory entry, as calamine decodes them.
        let entries: Vec<(String, u32, usize)> = dirs
            .chunks_exact(128)
            .filter_map(|e| {
                let units: Vec<u16> = (0..32)
                    .filter_map(|i| u16_at(e, 2 * i))
                    .take_while(|&u| u != 0)
                    .collect();
                let len = if sector == 512 {
                    u64::from(u32_at(e, 120)?)
                } else {
                    u64_at(e, 120)?
                };
                Some((
                    String::from_utf16_lossy(&units),
                    u32_at(e, 116)?,
                    usize::try_from(len).ok()?,
                ))
            })
            .collect();
        let root = entries.first().ok_or(Chain::Broken)?;
        let mini_fat_len = u32_at(bytes, 0x40).ok_or(Chain::Broken)? as usize;
        let (ministream, minifat) = if mini_fat_len > 0 {
            let ministream = chain(root.1, &fat, get, root.2, n)?;
            let minifat_start = u32_at(bytes, 0x3C).ok_or(Chain::Broken)?;
            let minifat_bytes = chain(
                minifat_start,
                &fat,
                get,
                mini_fat_len.saturating_mul(sector),
                n,
            )?;
            let minifat: Vec<u32> = minifat_bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            (ministream, minifat)
        } else {
            (Vec::new(), Vec::new())
        };
        let find = |want: &str| {
            entries
                .iter()
                .find(|(name, ..)| name.eq_ignore_ascii_case(want))
        };
        let (_, start, len) = find("Workbook")
            .or_else(|| find("Book"))
            .ok_or(Chain::Broken)?;
        if *len < 4096 {
            let mini = |id: u32| {
                let start = (id as usize).checked_mul(64)?;
                let s = ministream.get(start..start.checked_add(64)?.min(ministream.len()))?;
                Some(Cow::Borrowed(s))
            };
            chain(*start, &minifat, mini, *len, n)
        } else {
            chain(*start, &fat, get, *len, n)
        }
    }

    /// BIFF records from `pos`: (type, data), CONTINUE records not joined.
    fn records(stream: &[u8], pos: usize) -> impl Iterator<Item = (u16, &[u8])> {
        let mut at = pos;
        std::iter::from_fn(move || {
            let typ = u16_at(stream, at)?;
            let len = u16_at(stream, at + 2)? as usize;
            let data = stream.get(at + 4..at + 4 + len)?;
            at += 4 + len;
            Some((typ, data))
        })
    }

    /// Refuses an xls whose sheets would be too large for calamine to lay out. Anything this
    /// pass cannot parse is left to calamine to report.
    ///
    /// # Errors
    /// [`ReadError::TooLarge`].
    pub(super) fn check(bytes: &[u8], name: &str) -> Result<(), ReadError> {
        let stream = match workbook_stream(bytes) {
            Ok(s) => s,
            Err(Chain::Broken) => return Ok(()),
            Err(Chain::Runaway) => {
                return Err(ReadError::invalid(
                    name,
                    "xls-filen är skadad: dess sektorkedjor går i cirkel",
                ));
            }
        };
        let mut sheet_pos = Vec::new();
        for (typ, data) in records(&stream, 0) {
            match typ {
                0x0085 => sheet_pos.extend(u32_at(data, 0).map(|p| p as usize)),
                0x000A => break,
                _ => {}
            }
        }
        let too_large = |what: String| ReadError::TooLarge {
            file: name.to_string(),
            reason: format!("{what}; gränsen är {MAX_SHEET_CELLS} celler per blad"),
        };
        for (i, pos) in sheet_pos.into_iter().enumerate() {
            let mut rows = (u32::MAX, 0u32);
            let mut cols = (u32::MAX, 0u32);
            let mut cells = 0usize;
            let mut seen_bof = false;
            let mut depth = 0usize;
            for (typ, data) in records(&stream, pos) {
                if depth > 0 {
                    match typ {
                        0x0809 => depth += 1,
                        0x000A => depth -= 1,
                        _ => {}
                    }
                    continue;
                }
                let mut at = |r: u32, c: u32| {
                    rows = (rows.0.min(r), rows.1.max(r));
                    cols = (cols.0.min(c), cols.1.max(c));
                    cells += 1;
                };
                match typ {
                    0x0809 if seen_bof => depth += 1,
                    0x0809 => seen_bof = true,
                    0x000A => break,
                    0x0200 => {
                        // Dimensions, as calamine reads them (u32 rows in BIFF8).
                        let (rf, rl, cf, cl) = match data.len() {
                            10 => (
                                u32::from(u16_at(data, 0).unwrap_or(0)),
                                u32::from(u16_at(data, 2).unwrap_or(0)),
                                u32::from(u16_at(data, 4).unwrap_or(0)),
                                u32::from(u16_at(data, 6).unwrap_or(0)),
                            ),
                            14 | 16 => (
                                u32_at(data, 0).unwrap_or(0),
                                u32_at(data, 4).unwrap_or(0),
                                u32::from(u16_at(data, 8).unwrap_or(0)),
                                u32::from(u16_at(data, 10).unwrap_or(0)),
                            ),
                            _ => continue,
                        };
                        // calamine: end = (rl - 1, cl - 1) when both are at least 1,
                        // else the start; then it reserves (end - start + 1) rows times
                        // columns, in u32 arithmetic that wraps in a release build, so
                        // rl < rf asks for about 4 billion rows.
                        let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                        let (er, ec) = if rl >= 1 && cl >= 1 {
                            (rl - 1, cl - 1)
                        } else {
                            (rf, cf)
                        };
                        let rows = er.wrapping_sub(rf).wrapping_add(1);
                        let cols = ec.wrapping_sub(cf).wrapping_add(1);
                        let area = u64::from(rows).saturating_mul(u64::from(cols));
                        if area > MAX_SHEET_CELLS as u64 {
                            return Err(too_large(format!(
                                "blad {} anger sig ha {area} celler",
                                i + 1
                            )));
                        }
                    }
                    0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                        if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                            at(u32::from(r), u32::from(c));
                        }
                    }
                    0x00BD if data.len() >= 6 => {
                        // MulRk: row, first column, …, last column.
                        if let (Some(r), Some(c0), Some(c1)) = (
                            u16_at(data, 0),
                            u16_at(data, 2),
                            u16_at(data, data.len() - 2),
                        ) {
                            at(u32::from(r), u32::from(c0));
                            at(u32::from(r), u32::from(c1.max(c0)));
                        }
                    }
                    _ => {}
                }
            }
            if cells > 0 {
                let area = (u64::from(rows.1 - rows.0) + 1) * (u64::from(cols.1 - cols.0) + 1);
                if area > MAX_SHEET_CELLS as u64 {
                    return Err(too_large(format!(
                        "blad {} breder ut sig över {area} celler",
                        i + 1
                    )));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sheets are counted against the workbook's limit together, so one part listed many
    /// times (read by calamine, which finds sheets by name) stops at the limit.
    #[test]
    fn the_workbook_limit_holds_over_all_sheets() {
        let row = Row {
            line: 1,
            kind: RowKind::Cells(vec![Cell::text("x"); 999]),
        };
        let sheet = Sheet {
            rows: vec![row; 1000],
            ..Sheet::default()
        };
        let mut budget = Budget::new("f.xlsx");
        for _ in 0..MAX_BOOK_CELLS / 1_000_000 {
            budget.take(&sheet).unwrap();
        }
        let e = budget.take(&sheet).unwrap_err().to_string();
        assert!(e.contains("tillsammans"), "{e}");
    }

    /// Whole-day serials of the 1900 system read as calamine's general conversion reads them,
    /// each one from 1900-01-01 to 9999-12-31 (Excel's 1900-02-29 included); other serials go
    /// to it.
    #[test]
    fn whole_day_serials_read_as_calamine_reads_them() {
        let general = |n: f64, is_1904| {
            excel_datetime(&ExcelDateTime::new(n, ExcelDateTimeType::DateTime, is_1904))
        };
        for day in 1..=2_958_465u32 {
            let n = f64::from(day);
            assert_eq!(date_cell(n, false), general(n, false), "serial {day}");
        }
        for n in [
            0.0,
            0.5,
            1.5,
            45_000.25,
            -1.0,
            2_958_466.0,
            1e12,
            f64::NAN,
            f64::INFINITY,
        ] {
            assert_eq!(
                format!("{:?}", date_cell(n, false)),
                format!("{:?}", general(n, false)),
                "serial {n}"
            );
        }
        for n in [1.0, 60.0, 45_000.0, 2_957_003.0] {
            assert_eq!(date_cell(n, true), general(n, true), "1904: serial {n}");
        }
    }

    #[test]
    fn xls_guard_finds_the_workbook_stream_of_real_files() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for f in [
            "office-made/date.xls",
            "office-made/issues.xls",
            "office-made/merged_range.xls",
            "formats/001_95fb6c4a13f639a0.xls",
        ] {
            let bytes = std::fs::read(dir.join(f)).unwrap();
            let Ok(stream) = xls_guard::workbook_stream(&bytes) else {
                panic!("{f}: no Workbook stream");
            };
            // A BIFF stream opens with a BOF record.
            assert_eq!(&stream[..2], &[0x09, 0x08], "{f}");
            assert!(xls_guard::check(&bytes, f).is_ok(), "{f}");
        }
    }

    #[test]
    fn ooxml_surrogate_pairs_join() {
        use super::xlsx_rich::unescape_x;
        assert_eq!(unescape_x("a_xD83D__xDE00_b"), "a\u{1F600}b");
        assert_eq!(unescape_x("_xD801__xDC37_"), "\u{10437}");
        assert_eq!(unescape_x("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape_x("_xDE00_"), "\u{FFFD}");
        assert_eq!(unescape_x("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_x("x_x000D_y"), "x\ry");
    }

    #[test]
    fn ooxml_escapes() {
        assert_eq!(xlsx_rich::unescape_x("a_x000D_b"), "a\rb");
        assert_eq!(xlsx_rich::unescape_x("_x_x00e5_"), "_xå");
        assert_eq!(xlsx_rich::unescape_x("_x00"), "_x00");
    }

    #[test]
    fn clock_formats_hours_and_minutes() {
        assert_eq!(clock(0.5), "12:00");
        assert_eq!(clock(1.25), "30:00");
        assert_eq!(clock(10.0 / 24.0 + 30.0 / 1440.0), "10:30");
    }

    #[test]
    fn iso_values() {
        assert_eq!(
            iso_datetime("2021-01-01"),
            Value::Date(Date::new(2021, 1, 1).unwrap())
        );
        assert_eq!(
            iso_datetime("2021-01-01T10:00:00"),
            Value::Date(Date::new(2021, 1, 1).unwrap())
        );
        assert_eq!(iso_duration("PT10H30M00S").plain(), "10:30");
        assert_eq!(iso_duration("nonsense").plain(), "nonsense");
    }

    #[test]
    fn text_cells_split_on_every_line_break() {
        assert_eq!(text_value("a\r\nb\rc\nd").plain(), "a\nb\nc\nd");
        assert_eq!(text_value("  "), Value::Empty);
    }

    #[test]
    fn grid_copies_merges_and_counts_rows_from_one() {
        let mut g = Grid::new("f.xlsx", "Blad1");
        g.set(2, 1, Value::Text(Rich::from_text("Risk"))).unwrap();
        let sheet = g.finish(&[Dimensions::new((2, 1), (3, 2))], false).unwrap();
        assert_eq!(sheet.rows.len(), 4);
        assert_eq!(sheet.rows[2].line, 3);
        let below = &sheet.rows[3].cells()[1];
        assert!(below.merged);
        assert_eq!(below.value.plain(), "Risk");
        assert!(sheet.rows[2].cells()[2].merged);
        assert!(!sheet.rows[2].cells()[1].merged);
        assert!(sheet.rows[0].is_blank());
    }

    #[test]
    fn grid_refuses_a_cell_far_away() {
        let mut g = Grid::new("f.xlsx", "Blad1");
        g.set(0, 0, Value::Number(1.0)).unwrap();
        assert!(matches!(
            g.set(1_048_575, 16_383, Value::Number(1.0))
                .and_then(|_| g.finish(&[], false).map(|_| ())),
            Ok(()) | Err(ReadError::TooLarge { .. })
        ));
        let mut g = Grid::new("f.xlsx", "Blad1");
        assert!(matches!(
            g.set(0, 3_000_000, Value::Number(1.0)),
            Err(ReadError::TooLarge { .. })
        ));
    }
}
