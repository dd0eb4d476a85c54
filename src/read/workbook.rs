//! Workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine: every sheet in workbook order,
//! each cell at its true sheet position, merged regions copied into the cells they cover.
//! One loop reads every format ([`read_book`]); a format's own code (what calamine does
//! not give, and the guards in front of it) is in its module: `xlsx`, `ods`, `xls`.
//!
//! Before calamine sees a file, its size is bounded: the zip entries' uncompressed sizes
//! (zip bomb), the cells an ODS table would expand to, and the cell area an xls sheet
//! declares. calamine panics on some malformed files; every call into it runs under
//! [`std::panic::catch_unwind`], so a bad file is an error, never a crash.

use std::io::Cursor;

use calamine::{
    CellErrorType, DataType, Dimensions, ExcelDateTime, Ods, Reader, SheetType, SheetVisible, Xls,
    Xlsb, XlsbError, Xlsx,
};

use super::{Cell, Format, ReadError, Rich, Row, RowKind, Sheet, Value, lights};
use crate::normalize::date::{Date, parse_iso};

mod hidden;
mod ods;
mod xls;
mod xlsx;

pub(crate) use hidden::hidden_lines;

/// The most cells (plus rows) one sheet may expand to; larger sheets are refused.
pub const MAX_SHEET_CELLS: usize = 2_000_000;

/// The most cells (plus rows) all sheets of one workbook may expand to together: a sheet
/// part listed many times in the workbook (or many large sheets) is refused, not read until
/// the memory runs out.
pub const MAX_BOOK_CELLS: usize = 2 * MAX_SHEET_CELLS;

/// The cells of a workbook read so far, against [`MAX_BOOK_CELLS`].
struct Budget<'a> {
    file: &'a str,
    used: usize,
}

impl<'a> Budget<'a> {
    fn new(file: &'a str) -> Self {
        Budget { file, used: 0 }
    }

    /// Counts a sheet read; an error once the workbook is past the limit.
    fn take(&mut self, sheet: &Sheet) -> Result<(), ReadError> {
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
    if format != Format::Xls {
        check_zip(bytes, name, MAX_INFLATED_BYTES, MAX_INFLATED_BYTES)?;
    }
    guarded(name, || match format {
        Format::Xlsx | Format::Xlsm | Format::Ikplan => read_book::<Xlsx<_>>(bytes, name),
        Format::Xlsb => read_book::<Xlsb<_>>(bytes, name),
        Format::Xls => read_book::<Xls<_>>(bytes, name),
        Format::Ods => read_book::<Ods<_>>(bytes, name),
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

/// One part of a zip package, unpacked whole but no further than `max` bytes; `None` when
/// the package or the part cannot be read.
pub(crate) fn zip_part<R: std::io::Read + std::io::Seek>(
    package: R,
    path: &str,
    max: u64,
) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(package).ok()?;
    let entry = zip.by_name(path).ok()?;
    let mut out = Vec::new();
    entry.take(max).read_to_end(&mut out).ok()?;
    Some(out)
}

// ---------------------------------------------------------------------------------------
// One loop for every format

/// A calamine workbook type and what ikplan reads of it besides [`Reader`]: a sheet's cells
/// one at a time into a [`Grid`] (which bounds them), its merged regions, and what the
/// format needs from the file before calamine opens it.
trait Book<'a>: Reader<Cursor<&'a [u8]>, Error: std::fmt::Display> {
    /// What is read from the file besides calamine's cells (bold runs, ODS merges).
    type Extra;

    /// Reads [`Self::Extra`] before calamine opens the file, or refuses the file.
    fn extra(bytes: &'a [u8], name: &str) -> Result<Self::Extra, ReadError>;

    /// Whether opening failed because the workbook is password-protected.
    fn encrypted(e: &Self::Error) -> bool;

    /// Puts a sheet's cells into `grid`; `Ok(false)` for a sheet that is not a grid.
    fn cells(
        &mut self,
        sheet: &str,
        extra: &mut Self::Extra,
        grid: &mut Grid<'_>,
    ) -> Result<bool, ReadError>;

    /// A sheet's merged regions.
    fn merges(
        &mut self,
        sheet: &str,
        extra: &mut Self::Extra,
    ) -> Result<Vec<Dimensions>, Self::Error>;
}

/// Reads a workbook: open → sheets → grid → merges, each sheet counted against the
/// workbook's limit.
fn read_book<'a, B: Book<'a>>(bytes: &'a [u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    let mut extra = B::extra(bytes, name)?;
    let mut wb = B::new(Cursor::new(bytes)).map_err(|e| book_error(name, B::encrypted(&e), &e))?;
    let metas = wb.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    let mut budget = Budget::new(name);
    // Chart sheets and VBA modules hold no cells.
    for meta in metas
        .iter()
        .filter(|m| !matches!(m.typ, SheetType::ChartSheet | SheetType::Vba))
    {
        let mut grid = Grid::new(name, &meta.name);
        if !wb.cells(&meta.name, &mut extra, &mut grid)? {
            continue;
        }
        let merges = wb
            .merges(&meta.name, &mut extra)
            .map_err(|e| grid.broken(&e))?;
        let sheet = grid.finish(&merges, !matches!(meta.visible, SheetVisible::Visible))?;
        budget.take(&sheet)?;
        sheets.push(sheet);
    }
    Ok(sheets)
}

impl<'a> Book<'a> for Xlsb<Cursor<&'a [u8]>> {
    type Extra = ();

    fn extra(_: &'a [u8], _: &str) -> Result<(), ReadError> {
        Ok(())
    }

    fn encrypted(e: &XlsbError) -> bool {
        matches!(e, XlsbError::Password)
    }

    fn cells(&mut self, sheet: &str, _: &mut (), grid: &mut Grid<'_>) -> Result<bool, ReadError> {
        let mut reader = self
            .worksheet_cells_reader(sheet)
            .map_err(|e| grid.broken(&e))?;
        while let Some(cell) = reader.next_cell().map_err(|e| grid.broken(&e))? {
            let (row, col) = cell.get_position();
            grid.set(row, col, value_of(cell.get_value()))?;
        }
        Ok(true)
    }

    /// calamine reads no merged regions from xlsb.
    fn merges(&mut self, _: &str, _: &mut ()) -> Result<Vec<Dimensions>, XlsbError> {
        Ok(Vec::new())
    }
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

// ---------------------------------------------------------------------------------------
// Values

/// A cell's value, from calamine's owned (`Data`) or borrowed (`DataRef`) form.
fn value_of(d: &impl DataType) -> Value {
    if let Some(s) = d.get_string() {
        text_value(s)
    } else if let Some(f) = d.get_float() {
        Value::Number(f)
    } else if let Some(i) = d.get_int() {
        Value::Number(i as f64)
    } else if let Some(dt) = d.get_datetime() {
        excel_datetime(&dt)
    } else if let Some(b) = d.get_bool() {
        Value::Bool(b)
    } else if let Some(s) = d.get_datetime_iso() {
        iso_datetime(s)
    } else if let Some(s) = d.get_duration_iso() {
        iso_duration(s)
    } else if let Some(e) = d.get_error() {
        Value::Error(error_text(e).into())
    } else {
        Value::Empty
    }
}

/// A text cell: line breaks (LF, CRLF, and the CR that xlsx stores as `_x000D_`) become
/// paragraphs; HTML markup a planning system exported into the cell is read as HTML
/// ([`super::html::has_markup`]).
fn text_value(s: &str) -> Value {
    // Only a text with carriage returns is copied before splitting; `from_text` copies
    // each line once.
    let s: std::borrow::Cow<'_, str> = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        s.into()
    };
    if super::html::has_markup(&s) {
        return super::text::html_lines_value(&s);
    }
    let rich = Rich::from_text(&s);
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

    /// The sheet cannot be read: calamine's error `e`.
    fn broken(&self, e: &dyn std::fmt::Display) -> ReadError {
        ReadError::invalid(
            self.file,
            format!(
                "bladet \"{}\" är skadat och kan inte läsas ({e})",
                self.sheet
            ),
        )
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

    fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.rows.get(row as usize)?.get(col as usize)
    }

    /// Writes the words of traffic-light fills `lights` (row, column, word) of empty cells
    /// into those cells, when the sheet explains its colours ([`lights::to_write`]).
    fn write_lights(&mut self, lights: Vec<(usize, usize, &'static str)>) -> Result<(), ReadError> {
        let word_at = |row: usize, col: usize| {
            self.get(row as u32, col as u32)
                .is_some_and(|c| c.value.plain().chars().any(char::is_alphabetic))
        };
        let write = lights::to_write(lights, word_at, |row| self.row_filled(row));
        for (row, col, word) in write {
            let (row, col) = (row as u32, col as u32);
            if self.get(row, col).is_none_or(|c| c.value.is_empty()) {
                self.set(row, col, text_value(word))?;
            }
        }
        Ok(())
    }

    /// Whether the sheet row (0-based) has a filled cell.
    fn row_filled(&self, row: usize) -> bool {
        self.rows
            .get(row)
            .is_some_and(|r| r.iter().any(|c| !c.value.is_empty()))
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
