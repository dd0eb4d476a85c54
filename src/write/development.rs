//! The sheet Utveckling: each nämnd's plans year over year (what `ikplan jämför` says), as a
//! table and a chart, in a workbook whose input spans more than one plan year.

use rust_xlsxwriter::{Chart, ChartType, Format, Worksheet, XlsxError};

use crate::compare::{Comparison, compare, spans_years};
use crate::model::Output;

/// The sheet's name.
pub const SHEET: &str = "Utveckling";

/// The table's headers.
const HEADERS: [&str; 12] = [
    "Nämnd",
    "År",
    "Jämfört med",
    "Risker",
    "Tillkomna",
    "Borttagna",
    "Omdöpta",
    "Riskvärde upp",
    "Riskvärde ned",
    "Kontroller",
    "Överförda kontroller",
    "Andel uppföljda",
];

/// Rows a chart takes (the charts stand under the table).
const CHART_ROWS: u32 = 16;

/// The sheet, or `None` when no nämnd has plans of more than one year.
///
/// # Errors
/// An [`XlsxError`] when rust_xlsxwriter refuses a value.
pub fn sheet(out: &Output) -> Result<Option<Worksheet>, XlsxError> {
    let c = compare(out);
    if !spans_years(&c) {
        return Ok(None);
    }
    write(&c).map(Some)
}

fn write(c: &Comparison) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEET)?;
    let bold = Format::new().set_bold();
    let share = Format::new().set_num_format("0 %");
    for (i, h) in HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)?;
        ws.set_column_width(i as u16, h.chars().count() as f64 + 3.0)?;
    }
    ws.set_column_width(0, 30)?;
    // The table and its charts on one printed page across.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_freeze_panes(1, 0)?;
    let mut row = 1u32;
    let years: usize = c.namnder.iter().map(|n| n.ar.len()).sum();
    let mut chart_row = years as u32 + 3;
    for n in &c.namnder {
        let first = row;
        for y in &n.ar {
            ws.write_string(row, 0, &n.namnd)?;
            ws.write_number(row, 1, f64::from(y.ar))?;
            if let Some(prev) = y.jamfort_med {
                ws.write_number(row, 2, f64::from(prev))?;
            }
            let counts = [
                y.risker,
                y.tillkomna.len(),
                y.borttagna.len(),
                y.omdopta.len(),
                y.riskvarde_upp.len(),
                y.riskvarde_ned.len(),
                y.kontroller,
                y.overforda,
            ];
            for (k, v) in counts.into_iter().enumerate() {
                ws.write_number(row, 3 + k as u16, v as f64)?;
            }
            ws.write_number_with_format(row, 11, y.andel_uppfoljda, &share)?;
            row += 1;
        }
        // A nämnd of one year has nothing to chart.
        if n.ar.len() > 1 {
            let last = row - 1;
            let mut chart = Chart::new(ChartType::Column);
            for (col, name) in [(3u16, "Risker"), (9u16, "Kontroller")] {
                chart
                    .add_series()
                    .set_name(name)
                    .set_categories((SHEET, first, 1, last, 1))
                    .set_values((SHEET, first, col, last, col));
            }
            chart
                .title()
                .set_name(&format!("{} – risker och kontroller per år", n.namnd));
            ws.insert_chart(chart_row, 0, &chart)?;
            chart_row += CHART_ROWS;
        }
    }
    Ok(ws)
}
