//! ODS through calamine, with a pass over `content.xml` for what calamine's ODS reader
//! leaves out (merged regions, which cells are formula errors, the traffic-light fills of
//! empty cells) and for how many cells each
//! table would expand to once repeated rows and columns are unfolded, so that a small file
//! cannot make calamine allocate gigabytes (calamine reads every table when it opens the
//! file).

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use calamine::{Dimensions, Ods, OdsError, Reader};
use quick_xml::events::{BytesStart, Event};

use super::{Book, Grid, MAX_SHEET_CELLS, value_of};
use crate::read::{ReadError, Value, lights};

impl<'a> Book<'a> for Ods<Cursor<&'a [u8]>> {
    /// Each table's scan, by its name.
    type Extra = HashMap<String, TableScan>;

    fn extra(bytes: &'a [u8], name: &str) -> Result<Self::Extra, ReadError> {
        Ok(scan(bytes, name)?.into_iter().collect())
    }

    fn encrypted(e: &OdsError) -> bool {
        matches!(e, OdsError::Password)
    }

    fn cells(
        &mut self,
        sheet: &str,
        extra: &mut Self::Extra,
        grid: &mut Grid<'_>,
    ) -> Result<bool, ReadError> {
        let range = self.worksheet_range(sheet).map_err(|e| grid.broken(&e))?;
        let errors = extra.get(sheet).map(|s| &s.errors);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, data) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            let mut value = value_of(data);
            // calamine gives an ODS error cell as its text ("#REF!", "Err:502").
            if errors.is_some_and(|e| e.contains(&(row, col)))
                && let Value::Text(t) = &value
            {
                value = Value::Error(t.plain().into());
            }
            grid.set(row, col, value)?;
        }
        if let Some(s) = extra.get_mut(sheet) {
            grid.write_lights(std::mem::take(&mut s.lights))?;
        }
        Ok(true)
    }

    fn merges(
        &mut self,
        sheet: &str,
        extra: &mut Self::Extra,
    ) -> Result<Vec<Dimensions>, OdsError> {
        Ok(extra.remove(sheet).map(|s| s.merges).unwrap_or_default())
    }
}

#[derive(Debug, Default)]
pub(super) struct TableScan {
    pub merges: Vec<Dimensions>,
    pub errors: HashSet<(u32, u32)>,
    /// Empty cells filled with a traffic-light colour: (row, column, the colour's word).
    pub lights: Vec<(usize, usize, &'static str)>,
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

fn attr_text(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.try_get_attribute(key).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
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
    /// A cell; `fills`: the traffic-light word of each cell style that has one.
    fn cell(&mut self, e: &BytesStart<'_>, content: bool, fills: &HashMap<String, &'static str>) {
        let repeat = attr_u64(e, "table:number-columns-repeated");
        let content = content || has_attr(e, "office:value-type") || has_attr(e, "table:formula");
        let (r, c) = (self.row, self.col);
        if !content && let Some(word) = attr_text(e, "table:style-name").and_then(|n| fills.get(&n))
        {
            // A coloured band is a few cells wide; a whole row's repeat is no answer.
            for k in 0..repeat.min(64) {
                if self.scan.lights.len() < MAX_MARKS
                    && let (Ok(r0), Ok(c0)) = (usize::try_from(r), usize::try_from(c + k))
                {
                    self.scan.lights.push((r0, c0, word));
                }
            }
        }
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

/// Records the traffic-light word of the cell style `style` when its properties `e` give
/// a background of that colour.
fn background(fills: &mut HashMap<String, &'static str>, style: Option<&str>, e: &BytesStart<'_>) {
    if let Some(name) = style
        && let Some(word) = attr_text(e, "fo:background-color")
            .and_then(|c| lights::word_of_hex(c.trim_start_matches('#')))
    {
        fills.insert(name.to_string(), word);
    }
}

/// Scans every top-level table of `content.xml`.
///
/// # Errors
/// [`ReadError::TooLarge`] when a table would expand above [`MAX_SHEET_CELLS`]. A file
/// this pass cannot parse gives no error here: calamine reports it.
fn scan(bytes: &[u8], name: &str) -> Result<Vec<(String, TableScan)>, ReadError> {
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
    // The cell styles (before the tables) with a traffic-light background, by name.
    let mut fills: HashMap<String, &'static str> = HashMap::new();
    let mut style: Option<String> = None;
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
                            t.cell(&e, true, &fills);
                        }
                    }
                    "style:style" if depth == 0 => {
                        style = attr_is(&e, "style:family", "table-cell")
                            .then(|| attr_text(&e, "style:name"))
                            .flatten();
                    }
                    "style:table-cell-properties" if depth == 0 => {
                        background(&mut fills, style.as_deref(), &e)
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" if depth == 1 => {
                    if let Some(t) = table.as_mut() {
                        t.cell(&e, false, &fills);
                    }
                }
                "style:table-cell-properties" if depth == 0 => {
                    background(&mut fills, style.as_deref(), &e)
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
                "style:style" => style = None,
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
