//! The standardized workbook: one sheet per entity with Swedish display headers, real date
//! cells, numbers as numbers, a frozen header row and an Excel table with filters.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Table, TableColumn, Workbook, XlsxError,
};

use super::tables::{Field, FlatTable, flatten};
use crate::model::Output;

/// Excel's limit on the characters of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The workbook as bytes. The creation time is fixed so the same input gives the same file.
pub fn to_xlsx(out: &Output) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let props = DocProperties::new()
        .set_title("Intern kontroll – normaliserad")
        .set_subject("Planer för intern kontroll och uppföljningar")
        .set_author("ikplan")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    for table in flatten(out) {
        write_sheet(&mut wb, &table, &date_fmt, &wrap)?;
    }
    wb.save_to_buffer()
}

fn truncate(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        s.to_string()
    } else {
        s.chars().take(MAX_CELL_CHARS - 1).collect::<String>() + "…"
    }
}

fn write_sheet(
    wb: &mut Workbook,
    table: &FlatTable,
    date_fmt: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(table.sheet)?;
    let ncols = table.cols.len() as u16;
    for (r, row) in table.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (c, field) in row.iter().enumerate() {
            let c = c as u16;
            match field {
                Field::Empty => {}
                Field::Text(s) => {
                    ws.write_string_with_format(r, c, truncate(s), wrap)?;
                }
                Field::Int(i) => {
                    ws.write_number(r, c, *i as f64)?;
                }
                Field::Date(d) => {
                    let dt = u16::try_from(d.y)
                        .ok()
                        .and_then(|y| ExcelDateTime::from_ymd(y, d.m as u8, d.d as u8).ok());
                    match dt {
                        Some(dt) => {
                            ws.write_datetime_with_format(r, c, &dt, date_fmt)?;
                        }
                        None => {
                            ws.write_string(r, c, d.to_string())?;
                        }
                    }
                }
            }
        }
    }
    for (c, col) in table.cols.iter().enumerate() {
        let longest = table
            .rows
            .iter()
            .map(|row| row.get(c).map(|f| f.as_text().chars().count()).unwrap_or(0))
            .max()
            .unwrap_or(0)
            .max(col.label.chars().count() + 3);
        ws.set_column_width(c as u16, (longest as f64 + 2.0).clamp(8.0, 60.0))?;
    }
    let columns: Vec<TableColumn> = table
        .cols
        .iter()
        .map(|c| TableColumn::new().set_header(c.label))
        .collect();
    let last_row = table.rows.len().max(1) as u32;
    let name = format!("T_{}", table.file);
    ws.add_table(
        0,
        0,
        last_row,
        ncols - 1,
        &Table::new().set_columns(&columns).set_name(name),
    )?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
