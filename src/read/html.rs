//! HTML tables: what planning systems and old Excel versions save as "Excel" (`.xls`, `.htm`)
//! is often a web page holding one `<table>`. It is read into one sheet: each `<tr>` a row,
//! each `<td>`/`<th>` a cell (`colspan` and `rowspan` copied as merged cells, `<br>` and
//! paragraphs as line breaks), and text outside the tables a row of one cell, so nothing is
//! lost. Rows are numbered in order, as Excel numbers them when it opens the page.

use super::detect::decode;
use super::workbook::MAX_SHEET_CELLS;
use super::{Cell, ReadError, Row, RowKind, Sheet};
use crate::normalize::text::decode_entities;
use regex::Regex;
use std::sync::LazyLock;

/// Whether the bytes are an HTML page: after a byte-order mark and white space they open
/// with a doctype, `<html`, an XML declaration of an Office HTML page, or `<table`.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = decode(&bytes[..bytes.len().min(2048)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let lower = head
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<table")
        || (lower.starts_with("<?xml") && lower.contains("<html"))
        || (lower.starts_with("<!--") && lower.contains("<html"))
}

/// Whether a cell's text holds the HTML markup planning systems write into exported cells
/// ("<p>…</p>", "a<br>b", "<b>Titel</b>", "<ul><li>…</li></ul>"). Such a cell of a CSV file or a
/// workbook is read as the text reader reads its cells: paragraphs, bold runs, entities. A
/// text merely holding "<" and ">" ("värde < 5 och > 2") is no markup.
pub fn has_markup(s: &str) -> bool {
    static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</?(?:p|br|b|strong|i|em|u|ul|ol|li|div|span|font)\b[^<>]*>")
            .expect("markup regex")
    });
    s.contains('<') && MARKUP.is_match(s)
}

/// Reads an HTML page into one sheet.
///
/// # Errors
/// [`ReadError::Empty`] when the page has no text at all, [`ReadError::TooLarge`] when its
/// tables (their spans copied) hold more than [`MAX_SHEET_CELLS`] cells.
pub fn read(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    let text = decode(bytes);
    let mut b = Builder::default();
    let mut rest = text.as_str();
    while let Some(lt) = rest.find('<') {
        b.text(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            b.text(rest);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(t) => (true, t),
            None => (false, tag),
        };
        let tag_name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if !closing && (tag_name == "script" || tag_name == "style" || tag_name == "head") {
            // Their text is no content: skip to the closing tag.
            let end = format!("</{tag_name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&end) {
                Some(e) => rest[e..].find('>').map_or("", |g| &rest[e + g + 1..]),
                None => "",
            };
            continue;
        }
        b.tag(&tag_name, closing, tag);
        if b.cells > MAX_SHEET_CELLS {
            return Err(ReadError::TooLarge {
                file: name.to_string(),
                reason: format!("tabellerna har fler än {MAX_SHEET_CELLS} celler"),
            });
        }
    }
    b.text(rest);
    b.end_block();
    b.end_row();
    if b.rows.iter().all(Row::is_blank) {
        return Err(ReadError::Empty {
            file: name.to_string(),
        });
    }
    Ok(vec![Sheet {
        name: None,
        hidden: false,
        rows: b.rows,
    }])
}

/// Builds the rows while the tags are walked.
#[derive(Default)]
struct Builder {
    rows: Vec<Row>,
    /// The cells of the open `<tr>`, if one is open.
    row: Option<Vec<Cell>>,
    /// The text of the open cell, and its colspan and rowspan.
    cell: Option<(String, usize, usize)>,
    /// Text outside any cell (a title above the table), flushed as a row of one cell.
    loose: String,
    /// Per column: rows still covered by a `rowspan` from above, and its text.
    spans: Vec<(usize, String)>,
    /// Cells made so far, spans included, against [`MAX_SHEET_CELLS`].
    cells: usize,
}

impl Builder {
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let text = decode_entities(raw);
        let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded.is_empty() {
            // White space between words of one cell still separates them.
            if let Some((t, _, _)) = &mut self.cell
                && !t.is_empty()
                && !t.ends_with([' ', '\n'])
            {
                t.push(' ');
            }
            return;
        }
        let target = match &mut self.cell {
            Some((t, _, _)) => t,
            None => &mut self.loose,
        };
        if !target.is_empty()
            && !target.ends_with([' ', '\n'])
            && text.starts_with(char::is_whitespace)
        {
            target.push(' ');
        }
        target.push_str(&folded);
        if text.ends_with(char::is_whitespace) {
            target.push(' ');
        }
    }

    fn tag(&mut self, name: &str, closing: bool, raw: &str) {
        match (name, closing) {
            ("tr", false) => {
                self.end_block();
                self.end_row();
                self.row = Some(Vec::new());
            }
            ("tr", true) => self.end_row(),
            ("td" | "th", false) => {
                self.end_cell();
                self.end_block();
                if self.row.is_none() {
                    self.row = Some(Vec::new());
                }
                let span = |a: &str| attribute(raw, a).and_then(|v| v.parse().ok()).unwrap_or(1);
                self.cell = Some((String::new(), span("colspan"), span("rowspan")));
            }
            ("td" | "th", true) => self.end_cell(),
            ("table", _) => {
                self.end_block();
                self.end_row();
                self.spans.clear();
            }
            ("br", _) => self.line_break(),
            ("p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _) => {
                if self.cell.is_some() {
                    self.line_break();
                } else {
                    self.end_block();
                }
            }
            _ => {}
        }
    }

    fn line_break(&mut self) {
        match &mut self.cell {
            Some((t, _, _)) => {
                let kept = t.trim_end().len();
                t.truncate(kept);
                if !t.is_empty() {
                    t.push('\n');
                }
            }
            None => self.end_block(),
        }
    }

    /// Text outside the cells becomes a row of its own.
    fn end_block(&mut self) {
        let text = std::mem::take(&mut self.loose);
        let text = text.trim();
        if !text.is_empty() && self.row.is_none() {
            self.push_row(vec![Cell::text(text)]);
        } else if !text.is_empty() {
            // Text between the cells of a row: a cell of its own, so it is not lost.
            if let Some(r) = &mut self.row {
                r.push(Cell::text(text));
            }
        }
    }

    fn end_cell(&mut self) {
        let Some((text, colspan, rowspan)) = self.cell.take() else {
            return;
        };
        let row = self.row.get_or_insert_with(Vec::new);
        self.cells += Self::fill_spans(&mut self.spans, row);
        let text = text.trim().to_string();
        let col = row.len();
        row.push(Cell::text(&text));
        let colspan = colspan.clamp(1, 256);
        self.cells += colspan;
        for _ in 1..colspan {
            row.push(Cell {
                merged: true,
                ..Cell::text(&text)
            });
        }
        let rowspan = rowspan.clamp(1, 65_536);
        if rowspan > 1 {
            if self.spans.len() < col + colspan {
                self.spans.resize(col + colspan, (0, String::new()));
            }
            for s in &mut self.spans[col..col + colspan] {
                *s = (rowspan - 1, text.clone());
            }
        }
    }

    /// Cells covered by a `rowspan` from a row above, at the row's next column; how many.
    fn fill_spans(spans: &mut [(usize, String)], row: &mut Vec<Cell>) -> usize {
        let mut added = 0;
        while let Some((left, text)) = spans.get_mut(row.len())
            && *left > 0
        {
            *left -= 1;
            added += 1;
            row.push(Cell {
                merged: true,
                ..Cell::text(text)
            });
        }
        added
    }

    fn end_row(&mut self) {
        self.end_cell();
        if let Some(mut row) = self.row.take() {
            self.cells += Self::fill_spans(&mut self.spans, &mut row);
            self.push_row(row);
        }
    }

    fn push_row(&mut self, cells: Vec<Cell>) {
        self.cells += 1;
        let line = self.rows.len() as u32 + 1;
        self.rows.push(Row {
            line,
            kind: RowKind::Cells(cells),
        });
    }
}

/// The value of attribute `name` of a tag, quoted or not.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_at = tag.len() - after.len() + 1;
        let value = tag[value_at..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(html: &str) -> Vec<Vec<String>> {
        read(html.as_bytes(), "t.xls").unwrap()[0]
            .rows
            .iter()
            .map(|r| r.cells().iter().map(|c| c.value.plain()).collect())
            .collect()
    }

    #[test]
    fn markup_is_known_tags_only() {
        for t in [
            "a<br>b",
            "a<br/>b",
            "<p>Titel</p>",
            "<P class=\"x\">Titel</P>",
            "<ul><li>Ekonomichef</li></ul>",
            "Stickprov av <b>20</b> fakturor",
            "<span style=\"color:red\">Röd</span>",
        ] {
            assert!(has_markup(t), "{t:?}");
        }
        for t in [
            "värde < 5 och > 2",
            "<Ansvarig>",
            "Risk <12 >",
            "a <bra> b",
            "Kontroll av <pre>",
            "",
        ] {
            assert!(!has_markup(t), "{t:?}");
        }
    }

    #[test]
    fn an_excel_html_export_is_a_table_with_its_title() {
        let html = "<html><head><style>td{x}</style></head><body><h1>Intern&nbsp;kontroll</h1>\
                    <table><tr><th>Riskomr&aring;de</th><th>Kontroll</th></tr>\n\
                    <tr><td rowspan=2>Hot &amp; v&#229;ld</td><td>Rutin<br>och  \n plan</td></tr>\
                    <tr><td colspan=\"2\">Utbildning</td></tr></table><!-- <tr> --></body></html>";
        assert_eq!(
            grid(html),
            vec![
                vec!["Intern kontroll"],
                vec!["Riskområde", "Kontroll"],
                vec!["Hot & våld", "Rutin\noch plan"],
                vec!["Hot & våld", "Utbildning", "Utbildning"],
            ]
        );
    }

    #[test]
    fn html_is_told_from_csv_by_its_opening() {
        assert!(looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>"));
        assert!(looks_like_html(
            b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
        ));
        assert!(looks_like_html(b"<table><tr><td>a</td></tr></table>"));
        assert!(!looks_like_html(b"Riskomr\xc3\xa5de;Kontroll\n<b>;x\n"));
    }

    #[test]
    fn a_page_without_text_is_empty() {
        assert!(matches!(
            read(b"<html><body></body></html>", "t.xls"),
            Err(ReadError::Empty { .. })
        ));
    }
}
