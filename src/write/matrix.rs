//! The Riskmatris sheet: sannolikhet × konsekvens grids (5×5, or 4×4 on a four-step scale)
//! with the number of risks in each cell, coloured by risk level; one grid for all
//! documents and one per document, each with the risks that only have a riskvärde listed
//! beside it.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::model::{Document, Output, Risk};

/// A risk level, by the product sannolikhet × konsekvens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Low, Level::Medium, Level::High, Level::VeryHigh];

    /// The Swedish name shown in the workbook.
    pub fn label(self) -> &'static str {
        match self {
            Level::Low => "Låg",
            Level::Medium => "Medel",
            Level::High => "Hög",
            Level::VeryHigh => "Mycket hög",
        }
    }

    /// The fill colour (green, yellow, orange, red).
    pub fn colour(self) -> u32 {
        match self {
            Level::Low => 0x92D050,
            Level::Medium => 0xFFE766,
            Level::High => 0xFFB347,
            Level::VeryHigh => 0xFF6B6B,
        }
    }

    /// The values of this level on a scale, as "1–4".
    pub fn range(self, scale: i64) -> String {
        let vals: Vec<i64> = (1..=scale)
            .flat_map(|s| (1..=scale).map(move |k| s * k))
            .filter(|&v| level(v, scale) == self)
            .collect();
        match (vals.iter().min(), vals.iter().max()) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a}\u{2013}{b}"),
            _ => String::new(),
        }
    }
}

/// The level of a risk value on a 5-step (1–25) or 4-step (1–16) scale.
pub fn level(value: i64, scale: i64) -> Level {
    let bounds: [i64; 3] = if scale == 4 { [3, 6, 9] } else { [4, 9, 16] };
    if value <= bounds[0] {
        Level::Low
    } else if value <= bounds[1] {
        Level::Medium
    } else if value <= bounds[2] {
        Level::High
    } else {
        Level::VeryHigh
    }
}

/// The values of a level on a scale, as the bounds a conditional format tests:
/// `(Some(1), Some(4))` for 1–4, `(Some(20), None)` for "20 and above" (a value off the
/// scale is still very high). A blank cell (0 to Excel) is below every level.
pub fn bounds(level: Level, scale: i64) -> (Option<i64>, Option<i64>) {
    let values = (1..=scale * scale).filter(|v| self::level(*v, scale) == level);
    let (lo, hi) = (values.clone().min(), values.max());
    match level {
        Level::VeryHigh => (lo, None),
        _ => (lo, hi),
    }
}

/// The value a risk is coloured and levelled by: its riskvärde, else sannolikhet ×
/// konsekvens.
pub fn risk_value(r: &Risk) -> Option<i64> {
    r.riskvarde.or(match (r.sannolikhet, r.konsekvens) {
        (Some(s), Some(k)) => Some(s * k),
        _ => None,
    })
}

/// The steps of a document's risk scale: 4 when the document says so ("fyrgradig",
/// "4-gradig", "1–16": [`crate::rules::options::scale_in`]) and every risk's values fit
/// 1–4 (riskvärde 1–16), otherwise 5.
pub fn scale_of(doc: &Document) -> i64 {
    let fits = doc.risker.iter().all(|r| {
        r.sannolikhet.is_none_or(|v| v <= 4)
            && r.konsekvens.is_none_or(|v| v <= 4)
            && r.riskvarde.is_none_or(|v| v <= 16)
    });
    match crate::rules::options::scale_in(doc) {
        Some(crate::rules::Scale::Four) if fits => 4,
        _ => 5,
    }
}

/// The scale of the whole workbook: 4 when every document is on a four-step scale.
pub fn workbook_scale(out: &Output) -> i64 {
    if !out.dokument.is_empty() && out.dokument.iter().all(|d| scale_of(d) == 4) {
        4
    } else {
        5
    }
}

/// A risk the grid cannot place, listed beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub dokument: String,
    pub nummer: String,
    pub riskomrade: String,
    pub riskvarde: i64,
    /// Why it is listed rather than placed.
    pub note: &'static str,
}

/// One grid: counts by sannolikhet (row) and konsekvens (column), and the listed risks.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub scale: i64,
    /// `counts[s-1][k-1]`.
    pub counts: Vec<Vec<u32>>,
    pub listed: Vec<Listed>,
    /// Risks with neither sannolikhet × konsekvens nor riskvärde.
    pub without: usize,
}

impl Grid {
    /// The grid of some documents' risks on a scale.
    pub fn of<'a>(docs: impl IntoIterator<Item = &'a Document>, scale: i64) -> Grid {
        let n = scale as usize;
        let mut g = Grid {
            scale,
            counts: vec![vec![0; n]; n],
            listed: Vec::new(),
            without: 0,
        };
        for d in docs {
            for r in &d.risker {
                g.place(d, r);
            }
        }
        g.listed.sort_by_key(|r| std::cmp::Reverse(r.riskvarde));
        g
    }

    fn place(&mut self, d: &Document, r: &Risk) {
        let on = |v: i64| (1..=self.scale).contains(&v);
        let listed = |value: i64, note| Listed {
            dokument: super::overview::short_label(d),
            nummer: r.nummer.clone().unwrap_or_default(),
            riskomrade: r.riskomrade.clone(),
            riskvarde: value,
            note,
        };
        match (r.sannolikhet, r.konsekvens, r.riskvarde) {
            (Some(s), Some(k), _) if on(s) && on(k) => {
                self.counts[s as usize - 1][k as usize - 1] += 1;
            }
            (Some(s), Some(k), v) => {
                self.listed.push(listed(
                    v.unwrap_or(s * k),
                    "sannolikhet/konsekvens utanför skalan",
                ));
            }
            (_, _, Some(v)) => self.listed.push(listed(v, "bara riskvärde")),
            _ => self.without += 1,
        }
    }

    /// The number of risks placed in the grid.
    pub fn placed(&self) -> u32 {
        self.counts.iter().flatten().sum()
    }
}

const GRID_COL: u16 = 2;
const LIST_COL: u16 = 8;
/// The widths of the list's columns: Nr, Riskområde, Riskvärde, Nivå, Dokument.
const LIST_WIDTHS: [f64; 5] = [8.0, 45.0, 10.0, 12.0, 30.0];

struct Styles {
    title: Format,
    block: Format,
    note: Format,
    axis: Format,
    axis_vertical: Format,
    head: Format,
    text: Format,
    /// A grid cell's format per level, in [`Level::ALL`]'s order.
    cells: [Format; 4],
    /// A listed value's (and the legend's) format per level.
    values: [Format; 4],
}

impl Styles {
    fn new() -> Self {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(0xBFBFBF);
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            block: Format::new().set_bold().set_font_size(12),
            note: Format::new().set_italic().set_font_color(0x595959),
            axis: Format::new().set_bold().set_align(FormatAlign::Center),
            axis_vertical: Format::new()
                .set_bold()
                .set_rotation(90)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            head: border(
                Format::new()
                    .set_bold()
                    .set_align(FormatAlign::VerticalCenter)
                    .set_background_color(0xD9E1F2),
            ),
            text: border(
                Format::new()
                    .set_text_wrap()
                    .set_align(FormatAlign::VerticalCenter),
            ),
            cells: Level::ALL.map(Self::cell_format),
            values: Level::ALL.map(Self::value_format),
        }
    }

    fn cell(&self, level: Level) -> &Format {
        &self.cells[level as usize]
    }

    fn value(&self, level: Level) -> &Format {
        &self.values[level as usize]
    }

    fn cell_format(level: Level) -> Format {
        Format::new()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(level.colour()))
            .set_border(FormatBorder::Thin)
            .set_border_color(0xFFFFFF)
    }

    fn value_format(level: Level) -> Format {
        Format::new()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(level.colour()))
            .set_border(FormatBorder::Thin)
            .set_border_color(0xBFBFBF)
    }
}

/// The Riskmatris sheet, built apart from its workbook: a legend, the grid of all documents,
/// and (when there are several) one grid per document.
pub fn sheet(out: &Output) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    let ws = &mut sheet;
    ws.set_name("Riskmatris")?;
    let st = Styles::new();
    ws.set_column_width(0, 4)?;
    ws.set_column_width(1, 5)?;
    for c in GRID_COL..GRID_COL + 5 {
        ws.set_column_width(c, 10)?;
    }
    ws.set_column_width(7, 3)?;
    for (i, w) in LIST_WIDTHS.iter().enumerate() {
        ws.set_column_width(LIST_COL + i as u16, *w)?;
    }
    ws.write_string_with_format(0, 0, "Riskmatris", &st.title)?;
    ws.write_string_with_format(
        1,
        0,
        "Antal risker per sannolikhet (rader) och konsekvens (kolumner), färgat efter \
         risknivå. Risker som bara har ett riskvärde listas till höger om matrisen.",
        &st.note,
    )?;
    let scale = workbook_scale(out);
    ws.write_string(2, 0, "Risknivå")?;
    for (i, l) in Level::ALL.iter().enumerate() {
        let c = GRID_COL + i as u16;
        ws.write_string_with_format(2, c, l.label(), st.value(*l))?;
        ws.write_string_with_format(3, c, l.range(scale), st.value(*l))?;
    }
    let mut row = 5;
    // Each grid starts a printed page (the first under the legend), so no grid is split.
    let mut breaks = Vec::new();
    let total = Grid::of(&out.dokument, scale);
    let heading = format!(
        "Alla dokument ({} dokument, {} risker)",
        out.dokument.len(),
        out.dokument.iter().map(|d| d.risker.len()).sum::<usize>()
    );
    row = write_block(
        ws,
        &st,
        row,
        &heading,
        &total,
        scale,
        out.dokument.len() > 1,
    )?;
    if out.dokument.len() > 1 {
        for d in &out.dokument {
            let grid = Grid::of([d], scale_of(d));
            let heading = format!("{} ({})", super::overview::short_label(d), d.dokument_id);
            breaks.push(row);
            row = write_block(ws, &st, row, &heading, &grid, scale, false)?;
        }
    }
    let _ = row;
    // Excel holds at most 1,023 manual breaks.
    breaks.truncate(1023);
    ws.set_page_breaks(&breaks)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(sheet)
}

/// Writes one grid with its heading and list from `row`, coloured by the levels of the
/// workbook's scale `colours` (so a value has one colour on every sheet); returns the row
/// after it.
fn write_block(
    ws: &mut Worksheet,
    st: &Styles,
    row: u32,
    heading: &str,
    g: &Grid,
    colours: i64,
    with_doc: bool,
) -> Result<u32, XlsxError> {
    let n = g.scale as u32;
    ws.write_string_with_format(row, 0, heading, &st.block)?;
    let mut summary = format!(
        "Skala 1\u{2013}{} ({}×{}): {} i matrisen, {} med bara riskvärde",
        g.scale,
        g.scale,
        g.scale,
        g.placed(),
        g.listed.len()
    );
    if g.without > 0 {
        summary.push_str(&format!(", {} utan värden", g.without));
    }
    ws.write_string_with_format(row + 1, 0, summary, &st.note)?;
    let top = row + 2;
    // The grid: sannolikhet from the top (highest) down, konsekvens left to right.
    ws.merge_range(top, 0, top + n - 1, 0, "Sannolikhet", &st.axis_vertical)?;
    for i in 0..n {
        let s = g.scale - i as i64;
        let r = top + i;
        ws.set_row_height(r, 30)?;
        ws.write_number_with_format(r, 1, s as f64, &st.axis)?;
        for k in 1..=g.scale {
            let c = GRID_COL + (k - 1) as u16;
            let f = st.cell(level(s * k, colours));
            let count = g.counts[(s - 1) as usize][(k - 1) as usize];
            if count > 0 {
                ws.write_number_with_format(r, c, count as f64, f)?;
            } else {
                ws.write_blank(r, c, f)?;
            }
        }
    }
    for k in 1..=g.scale {
        ws.write_number_with_format(top + n, GRID_COL + (k - 1) as u16, k as f64, &st.axis)?;
    }
    let last = GRID_COL + n as u16 - 1;
    ws.merge_range(
        top + n + 1,
        GRID_COL,
        top + n + 1,
        last,
        "Konsekvens",
        &st.axis,
    )?;
    // The list beside it.
    let mut lr = top;
    if !g.listed.is_empty() {
        let mut heads = vec!["Nr", "Riskområde", "Riskvärde", "Nivå"];
        if with_doc {
            heads.push("Dokument");
        }
        for (i, h) in heads.iter().enumerate() {
            ws.write_string_with_format(lr, LIST_COL + i as u16, *h, &st.head)?;
        }
        for l in &g.listed {
            lr += 1;
            let lv = level(l.riskvarde, colours);
            ws.write_string_with_format(lr, LIST_COL, &l.nummer, &st.text)?;
            let what = if l.note == "bara riskvärde" {
                l.riskomrade.clone()
            } else {
                format!("{} ({})", l.riskomrade, l.note)
            };
            ws.write_string_with_format(lr, LIST_COL + 1, &what, &st.text)?;
            ws.write_number_with_format(lr, LIST_COL + 2, l.riskvarde as f64, st.value(lv))?;
            ws.write_string_with_format(lr, LIST_COL + 3, lv.label(), st.value(lv))?;
            if with_doc {
                ws.write_string_with_format(lr, LIST_COL + 4, &l.dokument, &st.text)?;
            }
            // The row as tall as its wrapped text (a grid row is 30 points already), so
            // no text runs into the row below.
            let lines = super::xlsx::wrapped_lines(&what, LIST_WIDTHS[1]).max(if with_doc {
                super::xlsx::wrapped_lines(&l.dokument, LIST_WIDTHS[4])
            } else {
                1
            });
            let grid_row = lr < top + n;
            let height = (15.0 * lines as f64).max(if grid_row { 30.0 } else { 15.0 });
            if lines > 1 || grid_row {
                ws.set_row_height(lr, height.min(409.0))?;
            }
        }
    }
    Ok((top + n + 2).max(lr + 1) + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn risk(s: Option<i64>, k: Option<i64>, v: Option<i64>) -> Risk {
        Risk {
            riskomrade: "R".into(),
            sannolikhet: s,
            konsekvens: k,
            riskvarde: v,
            ..Default::default()
        }
    }

    #[test]
    fn levels_cover_both_scales() {
        assert_eq!(level(4, 5), Level::Low);
        assert_eq!(level(5, 5), Level::Medium);
        assert_eq!(level(16, 5), Level::High);
        assert_eq!(level(20, 5), Level::VeryHigh);
        assert_eq!(level(16, 4), Level::VeryHigh);
        assert_eq!(Level::Low.range(5), "1\u{2013}4");
        assert_eq!(Level::VeryHigh.range(4), "12\u{2013}16");
    }

    /// The conditional formats' bounds meet without a gap, start at 1 (a blank cell is no
    /// level) and leave the top open.
    #[test]
    fn level_bounds_cover_every_value_once() {
        assert_eq!(bounds(Level::Low, 5), (Some(1), Some(4)));
        assert_eq!(bounds(Level::Medium, 5), (Some(5), Some(9)));
        assert_eq!(bounds(Level::High, 5), (Some(10), Some(16)));
        assert_eq!(bounds(Level::VeryHigh, 5), (Some(17), None));
        assert_eq!(bounds(Level::High, 4), (Some(7), Some(9)));
        assert_eq!(bounds(Level::VeryHigh, 4), (Some(10), None));
        let r = |s, k, v| Risk {
            sannolikhet: s,
            konsekvens: k,
            riskvarde: v,
            ..Default::default()
        };
        assert_eq!(risk_value(&r(Some(3), Some(4), None)), Some(12));
        assert_eq!(risk_value(&r(Some(3), Some(4), Some(9))), Some(9));
        assert_eq!(risk_value(&r(Some(3), None, None)), None);
    }

    #[test]
    fn four_step_scale_needs_words_and_values() {
        let mut d = Document {
            titel: Some("Plan, fyrgradig skala".into()),
            risker: vec![risk(Some(4), Some(4), Some(16))],
            ..Default::default()
        };
        assert_eq!(scale_of(&d), 4);
        d.risker.push(risk(None, None, Some(20)));
        assert_eq!(scale_of(&d), 5);
        d.risker.pop();
        d.titel = Some("Plan".into());
        assert_eq!(scale_of(&d), 5);
    }

    #[test]
    fn grid_places_pairs_and_lists_values() {
        let d = Document {
            risker: vec![
                risk(Some(3), Some(4), Some(12)),
                risk(Some(3), Some(4), None),
                risk(None, None, Some(9)),
                risk(Some(6), Some(2), None),
                risk(None, None, None),
            ],
            ..Default::default()
        };
        let g = Grid::of([&d], 5);
        assert_eq!(g.counts[2][3], 2);
        assert_eq!(g.placed(), 2);
        assert_eq!(g.listed.len(), 2);
        assert_eq!(g.listed[0].riskvarde, 12);
        assert_eq!(g.without, 1);
    }
}
