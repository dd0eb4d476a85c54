//! Writes a [`Grid`] as xlsx (rust_xlsxwriter, merged ranges kept), CSV (`;` or `,`) or text
//! (the form a Word table takes when pulled out: one line per row, cells separated by TAB).

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};

use super::{Case, Cell, Format, Grid};

/// Writes the case to `path` in its layout's format.
pub fn write(case: &Case, path: &Path) -> Result<(), String> {
    match case.layout.format {
        Format::Xlsx => xlsx(&case.grid, path),
        Format::Csv => {
            let bom = case.layout.features.csv_delimiter == b';' && case.index.is_multiple_of(2);
            let mut text = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            text.push_str(&csv(&case.grid, case.layout.features.csv_delimiter as char));
            std::fs::write(path, text).map_err(|e| e.to_string())
        }
        Format::Text => std::fs::write(path, text(&case.grid)).map_err(|e| e.to_string()),
    }
}

fn xlsx(g: &Grid, path: &Path) -> Result<(), String> {
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let date_fmt = XFormat::new().set_num_format("yyyy-mm-dd");
    let plain = XFormat::new();
    let ws = wb.add_worksheet();
    ws.set_name("Internkontrollplan").map_err(err)?;
    let mut covered = std::collections::HashSet::new();
    let mut merges = g.merges.clone();
    for &r in &g.wide_rows {
        if g.width > 1 {
            merges.push((r as u32, 0, r as u32, (g.width - 1) as u16));
        }
    }
    for &(r1, c1, r2, c2) in &merges {
        let text = g
            .rows
            .get(r1 as usize)
            .and_then(|row| row.get(c1 as usize))
            .map(Cell::as_text)
            .unwrap_or_default();
        ws.merge_range(r1, c1, r2, c2, &text, &plain).map_err(err)?;
        for r in r1..=r2 {
            for c in c1..=c2 {
                covered.insert((r, c));
            }
        }
    }
    for (r, row) in g.rows.iter().enumerate() {
        let r = r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            if covered.contains(&(r, c)) {
                continue;
            }
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    ws.write_string(r, c, s).map_err(err)?;
                }
                Cell::Num(n) => {
                    ws.write_number(r, c, *n).map_err(err)?;
                }
                Cell::Date((y, m, d)) => {
                    let dt = ExcelDateTime::from_ymd(*y as u16, *m as u8, *d as u8).map_err(err)?;
                    ws.write_datetime_with_format(r, c, &dt, &date_fmt)
                        .map_err(err)?;
                }
            }
        }
    }
    wb.save(path).map_err(err)
}

fn quote(s: &str, delim: char) -> String {
    if s.contains(delim) || s.contains('"') || s.contains('\n') || s.contains('\r') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV as Excel exports it: every table row as wide as the table, title lines one field.
pub fn csv(g: &Grid, delim: char) -> String {
    let mut out = String::new();
    for (i, row) in g.rows.iter().enumerate() {
        let mut fields: Vec<String> = row.iter().map(|c| quote(&c.as_text(), delim)).collect();
        if g.wide_rows.contains(&i) {
            fields.resize(g.width, String::new());
        }
        out.push_str(&fields.join(&delim.to_string()));
        out.push_str("\r\n");
    }
    out
}

/// Text as pulled out of Word: a line per row, TAB between cells.
pub fn text(g: &Grid) -> String {
    let mut out = String::new();
    for row in &g.rows {
        let cells: Vec<String> = row.iter().map(Cell::as_text).collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}
