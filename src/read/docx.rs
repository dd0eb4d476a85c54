//! Word documents (.docx): the body of `word/document.xml` in document order. A paragraph
//! is a line of prose (with its heading level); a table row is a row of cells, `gridSpan`
//! and `vMerge` unfolded into copies marked `merged`, nested tables flattened into the cell.
//!
//! `line` is a running counter over body paragraphs and table rows, so a location points to
//! "the 12th paragraph or row" of the document.

use std::collections::HashMap;
use std::io::BufReader;
use std::ops::ControlFlow;

use quick_xml::events::{BytesStart, Event};

use super::workbook::{MAX_INFLATED_BYTES, MAX_SHEET_CELLS, check_zip};
use super::{Cell, Para, Paras, ReadError, Rich, Row, RowKind, Run, Sheet, Value, lights};

/// The most bytes one part of the package may inflate to.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// The deepest element nesting accepted in `document.xml`.
pub const MAX_DEPTH: usize = 200;

/// Reads a .docx file into one sheet.
///
/// # Errors
/// [`ReadError::Invalid`] for a broken package or XML, [`ReadError::TooLarge`] for a part
/// above [`MAX_PART_BYTES`], XML nested deeper than [`MAX_DEPTH`] or more than
/// [`MAX_SHEET_CELLS`] cells.
pub fn read(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    let mut archive = check_zip(bytes, name, MAX_INFLATED_BYTES, MAX_PART_BYTES)?;
    let styles = match archive.by_name("word/styles.xml") {
        Ok(f) => heading_styles(BufReader::new(f)),
        Err(_) => HashMap::new(),
    };
    let doc = archive.by_name("word/document.xml").map_err(|e| {
        ReadError::invalid(
            name,
            format!("Word-filen saknar sitt dokument (word/document.xml: {e})"),
        )
    })?;
    let rows = Walker::new(styles, name).walk(BufReader::new(doc))?;
    Ok(vec![Sheet {
        name: None,
        hidden: false,
        rows,
    }])
}

/// The heading level of a paragraph style: Word's built-in "heading N" (style id HeadingN,
/// or RubrikN in a Swedish Word), "Title" (level 1), or an outline level set on the style.
fn heading_styles(r: impl std::io::BufRead) -> HashMap<String, u8> {
    let mut out = HashMap::new();
    let mut current: Option<(String, u8)> = None;
    super::each_xml_event(&mut quick_xml::Reader::from_reader(r), |ev| {
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "style" => {
                    if let Some(id) = attr(&e, "styleId") {
                        let level = level_of_name(&id);
                        current = Some((id, level));
                    }
                }
                "name" => {
                    if let (Some((_, level)), Some(n)) = (current.as_mut(), attr(&e, "val"))
                        && *level == 0
                    {
                        *level = level_of_name(&n);
                    }
                }
                "outlineLvl" => {
                    if let (Some((_, level)), Some(v)) = (current.as_mut(), attr(&e, "val"))
                        && *level == 0
                        && let Ok(n) = v.parse::<u8>()
                        && n < 6
                    {
                        *level = n + 1;
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, level)) = current.take()
                    && level > 0
                {
                    out.insert(id, level);
                }
            }
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
    out
}

/// "heading 2", "Heading2", "Rubrik 2", "Rubrik2" → 2; "Title", "Rubrik" → 1.
fn level_of_name(name: &str) -> u8 {
    let n: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if n == "title" || n == "rubrik" {
        return 1;
    }
    for prefix in ["heading", "rubrik"] {
        if let Some(d) = n.strip_prefix(prefix)
            && let Ok(level) = d.parse::<u8>()
            && (1..=6).contains(&level)
        {
            return level;
        }
    }
    0
}

/// An attribute by local name (`w:val` → "val"), unescaped.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.into_owned())
        })
    })
}

/// Whether an on/off property (`<w:b/>`, `<w:b w:val="false"/>`) is on.
fn on(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    R,
    RPr,
    T,
    Tbl,
    Tr,
    Tc,
    TcPr,
    /// A subtree whose text is not document text (mc:Fallback repeats mc:Choice).
    Skip,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

/// One `<w:tc>` being read.
struct TcBuf {
    paras: Paras,
    span: usize,
    vmerge: VMerge,
    hmerge_continue: bool,
    /// The word of the cell's traffic-light shading ([`lights`]).
    light: Option<&'static str>,
}

/// A table being read (nested tables are read on a stack, see [`Walker::end_table`]).
#[derive(Default)]
struct TableBuf {
    /// A nested table's rows, held until it is known whether it stands alone.
    out: Vec<Row>,
    /// A nested table's paragraphs in order, for when it is flattened into its cell.
    flat: Vec<Para>,
    /// The row counter when the table opened (a flattened table numbers no rows).
    counter_at_open: u32,
    /// Cells of the row above, for `vMerge` continuations.
    above: Vec<Cell>,
    row: Vec<TcBuf>,
    row_line: u32,
    grid_before: usize,
    cell: Option<TcBuf>,
}

/// The paragraph being read: its lines (split at `<w:br/>`) and heading level.
#[derive(Default)]
struct ParaBuf {
    lines: Vec<Para>,
    level: u8,
    /// Nesting of `w:p` (text boxes hold paragraphs inside a paragraph).
    depth: usize,
}

impl ParaBuf {
    fn push_text(&mut self, text: &str, bold: bool) {
        if text.is_empty() {
            return;
        }
        if self.lines.is_empty() {
            self.lines.push(Para::default());
        }
        let para = self.lines.last_mut().expect("one line");
        match para.runs.last_mut() {
            Some(r) if r.bold == bold => r.text.push_str(text),
            _ => para.runs.push(Run {
                text: text.to_string(),
                bold,
            }),
        }
    }

    fn line_break(&mut self) {
        if self.lines.is_empty() {
            self.lines.push(Para::default());
        }
        self.lines.push(Para::default());
    }
}

struct Walker<'a> {
    file: &'a str,
    styles: HashMap<String, u8>,
    rows: Vec<Row>,
    counter: u32,
    cells: usize,
    stack: Vec<Tag>,
    para: Option<ParaBuf>,
    bold: bool,
    /// The tables open, outermost first.
    tables: Vec<TableBuf>,
    /// Empty cells of outermost tables shaded a traffic-light colour: row in `rows`, column,
    /// word.
    lights: Vec<(usize, usize, &'static str)>,
}

impl<'a> Walker<'a> {
    fn new(styles: HashMap<String, u8>, file: &'a str) -> Self {
        Walker {
            file,
            styles,
            rows: Vec::new(),
            counter: 0,
            cells: 0,
            stack: Vec::new(),
            para: None,
            bold: false,
            tables: Vec::new(),
            lights: Vec::new(),
        }
    }

    fn invalid(&self, e: impl std::fmt::Display) -> ReadError {
        ReadError::invalid(
            self.file,
            format!("Word-filens XML är trasig och kan inte läsas ({e})"),
        )
    }

    fn skipping(&self) -> bool {
        self.stack.contains(&Tag::Skip)
    }

    /// Whether text now is document text: inside a `<w:t>`, outside skipped subtrees.
    fn in_text(&self) -> bool {
        self.stack.last() == Some(&Tag::T) && !self.skipping()
    }

    fn push_text(&mut self, text: &str) {
        let bold = self.bold;
        if let Some(p) = self.para.as_mut() {
            p.push_text(text, bold);
        }
    }

    /// The element below the top of the stack (the parent of the element just opened).
    fn parent(&self, up: usize) -> Option<Tag> {
        self.stack.len().checked_sub(up + 1).map(|i| self.stack[i])
    }

    fn walk(mut self, r: impl std::io::BufRead) -> Result<Vec<Row>, ReadError> {
        let mut reader = quick_xml::Reader::from_reader(r);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let ev = reader
                .read_event_into(&mut buf)
                .map_err(|e| self.invalid(e))?;
            match ev {
                Event::Start(e) => {
                    let tag = self.open(&e)?;
                    self.stack.push(tag);
                    if self.stack.len() > MAX_DEPTH {
                        return Err(ReadError::TooLarge {
                            file: self.file.to_string(),
                            reason: format!(
                                "Word-dokumentets XML är nästlat djupare än {MAX_DEPTH} nivåer"
                            ),
                        });
                    }
                }
                Event::Empty(e) => {
                    let tag = self.open(&e)?;
                    self.stack.push(tag);
                    self.close()?;
                }
                Event::End(_) => self.close()?,
                Event::Text(t) if self.in_text() => self.push_text(&t.xml10_content()),
                Event::CData(t) if self.in_text() => self.push_text(&t.xml10_content()),
                // An entity Word never writes is kept as written, not dropped unseen.
                Event::GeneralRef(e) if self.in_text() => self.push_text(
                    &crate::read::xml_ref(&e).unwrap_or_else(|| format!("&{};", e.xml10_content())),
                ),
                Event::Eof => break,
                _ => {}
            }
        }
        self.colour_words();
        Ok(self.rows)
    }

    /// Gives the shaded empty cells their colour's word when the document has a legend of
    /// them, in rows that hold text besides ([`lights::to_write`]).
    fn colour_words(&mut self) {
        let cells_of = |row: usize| match self.rows.get(row).map(|r| &r.kind) {
            Some(RowKind::Cells(cells)) => cells.as_slice(),
            _ => &[],
        };
        let word_at = |row: usize, col: usize| {
            cells_of(row)
                .get(col)
                .is_some_and(|c| c.value.plain().chars().any(char::is_alphabetic))
        };
        let row_has_text = |row: usize| cells_of(row).iter().any(|c| !c.value.is_empty());
        let lights = std::mem::take(&mut self.lights);
        for (row, col, word) in lights::to_write(lights, word_at, row_has_text) {
            if let Some(RowKind::Cells(cells)) = self.rows.get_mut(row).map(|r| &mut r.kind)
                && let Some(cell) = cells.get_mut(col)
                && cell.value.is_empty()
            {
                *cell = Cell::text(word);
            }
        }
    }

    /// Handles an opening tag; returns what to push on the stack.
    fn open(&mut self, e: &BytesStart<'_>) -> Result<Tag, ReadError> {
        if self.skipping() {
            return Ok(Tag::Other);
        }
        let local = e.local_name();
        Ok(match local.as_ref() {
            "Fallback" => Tag::Skip,
            "p" => {
                match self.para.as_mut() {
                    Some(p) => {
                        // A paragraph inside a paragraph (a text box): a new line.
                        p.depth += 1;
                        p.line_break();
                    }
                    None => {
                        if self.tables.is_empty() {
                            self.counter += 1;
                        }
                        self.para = Some(ParaBuf {
                            depth: 1,
                            ..ParaBuf::default()
                        });
                    }
                }
                Tag::P
            }
            "pStyle" => {
                if let (Some(p), Some(id)) = (self.para.as_mut(), attr(e, "val"))
                    && p.depth == 1
                {
                    p.level = self
                        .styles
                        .get(&id)
                        .copied()
                        .unwrap_or_else(|| level_of_name(&id));
                }
                Tag::Other
            }
            "outlineLvl" => {
                if let (Some(p), Some(v)) = (self.para.as_mut(), attr(e, "val"))
                    && p.depth == 1
                    && p.level == 0
                    && let Ok(n) = v.parse::<u8>()
                    && n < 6
                {
                    p.level = n + 1;
                }
                Tag::Other
            }
            "r" => {
                self.bold = false;
                Tag::R
            }
            "rPr" if self.parent(0) == Some(Tag::R) => Tag::RPr,
            "b" if self.parent(0) == Some(Tag::RPr) => {
                self.bold = on(e);
                Tag::Other
            }
            "t" if self.parent(0) == Some(Tag::R) => Tag::T,
            "tab" | "ptab" if self.parent(0) == Some(Tag::R) => {
                let bold = self.bold;
                if let Some(p) = self.para.as_mut() {
                    p.push_text(" ", bold);
                }
                Tag::Other
            }
            "noBreakHyphen" if self.parent(0) == Some(Tag::R) => {
                let bold = self.bold;
                if let Some(p) = self.para.as_mut() {
                    p.push_text("-", bold);
                }
                Tag::Other
            }
            "br" | "cr" if self.parent(0) == Some(Tag::R) => {
                if let Some(p) = self.para.as_mut() {
                    p.line_break();
                }
                Tag::Other
            }
            "tbl" => {
                self.tables.push(TableBuf {
                    counter_at_open: self.counter,
                    ..TableBuf::default()
                });
                Tag::Tbl
            }
            "tr" => {
                self.counter += 1;
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                    t.grid_before = 0;
                    t.row_line = self.counter;
                }
                Tag::Tr
            }
            "gridBefore" => {
                if let (Some(t), Some(v)) = (self.tables.last_mut(), attr(e, "val")) {
                    t.grid_before = v.parse::<usize>().unwrap_or(0).min(1000);
                }
                Tag::Other
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(TcBuf {
                        paras: Paras::new(),
                        span: 1,
                        vmerge: VMerge::None,
                        hmerge_continue: false,
                        light: None,
                    });
                }
                Tag::Tc
            }
            "gridSpan" => {
                if let (Some(c), Some(v)) = (self.cell_mut(), attr(e, "val")) {
                    c.span = v.parse::<usize>().unwrap_or(1).clamp(1, 1000);
                }
                Tag::Other
            }
            "vMerge" => {
                let restart = attr(e, "val").as_deref() == Some("restart");
                if let Some(c) = self.cell_mut() {
                    c.vmerge = if restart {
                        VMerge::Restart
                    } else {
                        VMerge::Continue
                    };
                }
                Tag::Other
            }
            // A cell's shading (`w:tcPr/w:shd`), not a paragraph's or a run's.
            "shd" if self.parent(0) == Some(Tag::TcPr) => {
                let light = attr(e, "fill").and_then(|f| lights::word_of_hex(&f));
                if let Some(c) = self.cell_mut() {
                    c.light = light;
                }
                Tag::Other
            }
            "tcPr" => Tag::TcPr,
            "hMerge" => {
                let restart = attr(e, "val").as_deref() == Some("restart");
                if let Some(c) = self.cell_mut() {
                    c.hmerge_continue = !restart;
                }
                Tag::Other
            }
            _ => Tag::Other,
        })
    }

    fn cell_mut(&mut self) -> Option<&mut TcBuf> {
        self.tables.last_mut()?.cell.as_mut()
    }

    /// Handles the end of the element on top of the stack.
    fn close(&mut self) -> Result<(), ReadError> {
        let Some(tag) = self.stack.pop() else {
            return Ok(());
        };
        if self.skipping() {
            return Ok(());
        }
        match tag {
            Tag::P => self.end_paragraph(),
            Tag::R => self.bold = false,
            Tag::Tc => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(c) = t.cell.take()
                {
                    t.row.push(c);
                }
            }
            Tag::Tr => self.end_row()?,
            Tag::Tbl => self.end_table(),
            _ => {}
        }
        Ok(())
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.para.as_mut() else {
            return;
        };
        if p.depth > 1 {
            p.depth -= 1;
            p.line_break();
            return;
        }
        let Some(p) = self.para.take() else {
            return;
        };
        let lines: Vec<Para> = p
            .lines
            .into_iter()
            .filter(|l| !l.plain().is_empty())
            .collect();
        // A paragraph in a table but outside any cell (malformed) is kept as prose.
        let nested = self.tables.len() > 1;
        if let Some(t) = self.tables.last_mut()
            && let Some(c) = t.cell.as_mut()
        {
            if nested {
                t.flat.extend(lines.iter().cloned());
            }
            c.paras.extend(lines);
            return;
        }
        for line in lines {
            self.rows.push(Row {
                line: self.counter,
                kind: RowKind::Text {
                    text: line.plain(),
                    heading: p.level,
                },
            });
        }
    }

    /// Closes the innermost table. A nested table that stands alone (two rows or more,
    /// three columns or more: a plan inside a one-cell frame, as Word templates put it) is
    /// read as a table of its own after the text its cell held above it; a small one is
    /// flattened into its cell's text.
    fn end_table(&mut self) {
        let Some(inner) = self.tables.pop() else {
            return;
        };
        let in_outermost = self.tables.len() == 1;
        let Some(outer) = self.tables.last_mut() else {
            return;
        };
        let wide = inner.out.iter().map(|r| r.cells().len()).max().unwrap_or(0) >= 3;
        if in_outermost && inner.out.len() >= 2 && wide {
            let line = outer.row_line;
            if let Some(c) = outer.cell.as_mut() {
                for p in c.paras.drain(..) {
                    self.rows.push(Row {
                        line,
                        kind: RowKind::Text {
                            text: p.plain(),
                            heading: 0,
                        },
                    });
                }
            }
            self.rows.extend(inner.out);
        } else {
            self.counter = inner.counter_at_open;
            if let Some(c) = outer.cell.as_mut() {
                c.paras.extend(inner.flat.iter().cloned());
            }
            outer.flat.extend(inner.flat);
        }
    }

    fn end_row(&mut self) -> Result<(), ReadError> {
        let outermost = self.tables.len() == 1;
        let Some(t) = self.tables.last_mut() else {
            return Ok(());
        };
        let mut cells: Vec<Cell> = vec![Cell::default(); t.grid_before];
        let mut row_lights = Vec::new();
        for tc in t.row.drain(..) {
            let col = cells.len();
            let light = tc.light.filter(|_| outermost);
            let own = {
                let rich = Rich::from_paras(tc.paras);
                if rich.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(rich)
                }
            };
            if let Some(word) = light.filter(|_| own.is_empty()) {
                row_lights.push((col, word));
            }
            let first = if tc.vmerge == VMerge::Continue && own.is_empty() {
                match t.above.get(col) {
                    Some(above) if !above.value.is_empty() => Cell {
                        value: above.value.clone(),
                        merged: true,
                    },
                    _ => Cell::default(),
                }
            } else if tc.hmerge_continue && own.is_empty() {
                match cells.last() {
                    Some(left) if !left.value.is_empty() => Cell {
                        value: left.value.clone(),
                        merged: true,
                    },
                    _ => Cell::default(),
                }
            } else {
                Cell::new(own)
            };
            if self.cells + cells.len() + tc.span > MAX_SHEET_CELLS {
                return Err(ReadError::TooLarge {
                    file: self.file.to_string(),
                    reason: format!(
                        "Word-dokumentets tabeller har fler än {MAX_SHEET_CELLS} celler"
                    ),
                });
            }
            for k in 0..tc.span {
                let mut c = first.clone();
                if k > 0 && !c.value.is_empty() {
                    c.merged = true;
                }
                cells.push(c);
            }
        }
        self.cells += cells.len() + 1;
        t.above = cells.clone();
        let row = Row {
            line: t.row_line,
            kind: RowKind::Cells(cells),
        };
        if outermost {
            // A frame's row whose cell held only a table read on its own is nothing.
            if row.cells().iter().all(|c| c.value.is_empty()) && t.row_line < self.counter {
                return Ok(());
            }
            let at = self.rows.len();
            self.lights
                .extend(row_lights.into_iter().map(|(col, word)| (at, col, word)));
            self.rows.push(row);
        } else {
            t.out.push(row);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn walk(body: &str) -> Vec<Row> {
        let xml = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
        let mut styles = HashMap::new();
        styles.insert("Rubrik2".to_string(), 2);
        Walker::new(styles, "t.docx").walk(xml.as_bytes()).unwrap()
    }

    #[test]
    fn levels_of_style_names() {
        assert_eq!(level_of_name("heading 3"), 3);
        assert_eq!(level_of_name("Heading1"), 1);
        assert_eq!(level_of_name("Rubrik 2"), 2);
        assert_eq!(level_of_name("Title"), 1);
        assert_eq!(level_of_name("Normal"), 0);
        assert_eq!(level_of_name("heading 9"), 0);
    }

    #[test]
    fn paragraphs_headings_breaks_and_counters() {
        let rows = walk(
            r#"<w:p><w:pPr><w:pStyle w:val="Rubrik2"/></w:pPr><w:r><w:t>Plan</w:t></w:r></w:p>
               <w:p/>
               <w:p><w:r><w:t>Datum</w:t><w:br/><w:t>2024-03-21</w:t></w:r></w:p>
               <w:p><w:r><w:t xml:space="preserve">A &amp; B</w:t><w:tab/><w:t>C</w:t></w:r></w:p>"#,
        );
        let got: Vec<(u32, String, u8)> = rows
            .iter()
            .map(|r| match &r.kind {
                RowKind::Text { text, heading } => (r.line, text.clone(), *heading),
                RowKind::Cells(_) => (r.line, "<cells>".into(), 0),
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "Plan".to_string(), 2),
                (3, "Datum".to_string(), 0),
                (3, "2024-03-21".to_string(), 0),
                (4, "A & B C".to_string(), 0),
            ]
        );
    }

    #[test]
    fn an_unknown_entity_is_kept_as_written() {
        let rows = walk(r#"<w:p><w:r><w:t>Risk &okand; kvar</w:t></w:r></w:p>"#);
        let got: Vec<String> = rows
            .iter()
            .filter_map(|r| match &r.kind {
                RowKind::Text { text, .. } => Some(text.clone()),
                RowKind::Cells(_) => None,
            })
            .collect();
        assert_eq!(got, vec!["Risk &okand; kvar".to_string()]);
    }

    #[test]
    fn bold_runs_and_paragraph_mark_bold_is_ignored() {
        let rows = walk(
            r#"<w:tbl><w:tr><w:tc><w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr>
               <w:r><w:rPr><w:b/></w:rPr><w:t>Titel</w:t></w:r>
               <w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t xml:space="preserve"> beskrivning</w:t></w:r>
               </w:p></w:tc></w:tr></w:tbl>"#,
        );
        let Value::Text(rich) = &rows[0].cells()[0].value else {
            panic!("text cell");
        };
        assert_eq!(
            rich.bold_lead(),
            Some(("Titel".to_string(), "beskrivning".to_string()))
        );
    }

    #[test]
    fn grid_span_and_vmerge_become_copies() {
        let rows = walk(
            r#"<w:tbl>
               <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Risk</w:t></w:r></w:p></w:tc>
                     <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>K1</w:t></w:r></w:p></w:tc></w:tr>
               <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                     <w:tc><w:p><w:r><w:t>K2</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
               </w:tbl>"#,
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 1);
        assert_eq!(rows[1].line, 2);
        let r0 = rows[0].cells();
        assert_eq!(r0.len(), 3);
        assert_eq!(r0[2].value.plain(), "K1");
        assert!(r0[2].merged && !r0[1].merged);
        let r1 = rows[1].cells();
        assert_eq!(r1[0].value.plain(), "Risk");
        assert!(r1[0].merged);
        assert_eq!(r1[1].value.plain(), "K2");
        assert!(r1[2].value.is_empty());
    }

    #[test]
    fn nested_tables_flatten_into_the_cell_and_fallback_is_skipped() {
        let rows = walk(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ute</w:t></w:r></w:p>
               <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Inne</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
               <w:p><w:r><mc:AlternateContent xmlns:mc="m"><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>X</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>X</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
               </w:tc></w:tr></w:tbl>
               <w:p><w:r><w:t>Efter</w:t></w:r></w:p>"#,
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cells()[0].value.plain(), "Ute\nInne\nX");
        assert_eq!(rows[1].line, 2);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let body = "<w:sdt>".repeat(300) + &"</w:sdt>".repeat(300);
        let xml = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
        let r = Walker::new(HashMap::new(), "t.docx").walk(xml.as_bytes());
        assert!(matches!(r, Err(ReadError::TooLarge { .. })));
    }
}
