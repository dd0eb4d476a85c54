//! A fast path for the common xlsx: the sheet XML is unpacked in pieces cut before a row,
//! and the pieces are scanned as bytes on the thread pool while the next is unpacked,
//! instead of read through calamine's event reader (which was most of the time a large
//! plan took to convert).
//!
//! It reads what Excel, LibreOffice, openpyxl and rust_xlsxwriter write: shared, inline and
//! formula strings, numbers, dates by their number format, booleans, formula errors and
//! merged regions. On
//! anything else (ISO dates, namespace prefixes, a cell without its reference, comments,
//! a part it cannot find or parse) it steps aside and the file is read by calamine, so its
//! cells are exactly calamine's. The test `fast_path_equals_calamine` holds the two paths
//! to that over every bundled workbook.
//!
//! The number-format test (`detect_custom_number_format`, `builtin_format_by_id`) and the
//! string rules follow calamine's `formats.rs` and `read_string_with_bufs` (MIT, Johann
//! Tuffe), which calamine does not export.

use std::io::{Cursor, Read};

use calamine::{CellErrorType, Dimensions, ExcelDateTime, ExcelDateTimeType};
use memchr::memmem;
use quick_xml::events::Event;
use rayon::prelude::*;

use super::{
    Cell, Grid, MAX_INFLATED_BYTES, MAX_SHEET_CELLS, ReadError, Sheet, Value, date_cell,
    error_text, excel_datetime, rich_value, text_value, xlsx_rich,
};

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The size of the pieces the sheet XML is unpacked and scanned in.
const CHUNK_BYTES: usize = 1 << 20;

/// Reads an xlsx, or `None` when the file has something the fast path leaves to calamine.
pub(super) fn read(bytes: &[u8], name: &str) -> Option<Result<Vec<Sheet>, ReadError>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    // The workbook must be where calamine would look first for it.
    let root = relationships(&part(&mut zip, "_rels/.rels")?)?;
    let mut offices = root.iter().filter(|r| r.typ.ends_with("/officeDocument"));
    let office = offices.next()?;
    if offices.next().is_some() {
        return None;
    }
    if office.target.trim_start_matches('/') != "xl/workbook.xml" {
        return None;
    }
    let rels = relationships(&part(&mut zip, "xl/_rels/workbook.xml.rels")?)?;
    let book = workbook(&part(&mut zip, "xl/workbook.xml")?)?;
    let formats = match optional_part(&mut zip, "xl/styles.xml")? {
        Some(xml) => styles(&xml)?,
        None => Vec::new(),
    };
    let strings = match optional_part(&mut zip, "xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let ctx = Ctx {
        strings: &strings,
        formats: &formats,
        is_1904: book.is_1904,
    };
    // calamine finds a sheet by its name: with two of a name it reads the first twice.
    let names: std::collections::HashSet<&str> =
        book.sheets.iter().map(|s| s.name.as_str()).collect();
    if names.len() != book.sheets.len() {
        return None;
    }
    let mut sheets = Vec::new();
    let mut budget = super::Budget::new(name);
    let mut parts_read = std::collections::HashSet::new();
    for s in &book.sheets {
        let rel = rels.iter().find(|r| r.id == s.rel_id)?;
        match rel.typ.rsplit('/').next() {
            Some("worksheet") => {}
            // A chart sheet holds no cells (calamine's path skips it too).
            Some("chartsheet") => continue,
            _ => return None,
        }
        let path = match rel.target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{}", rel.target),
        };
        // A part is read once: one listed many times would multiply the workbook.
        if !parts_read.insert(path.clone()) {
            return Some(Err(ReadError::invalid(
                name,
                format!("arbetsboken anger samma bladdel ({path}) för flera blad"),
            )));
        }
        let src = optional_entry(&mut zip, &path)??;
        let mut grid = Grid::new(name, &s.name);
        let merges = match read_sheet(src, &ctx, &mut grid) {
            Ok(merges) => merges,
            Err(Stop::Aside) => return None,
            Err(Stop::Error(e)) => return Some(Err(e)),
        };
        match grid
            .finish(&merges, s.hidden)
            .and_then(|sheet| budget.take(&sheet).map(|()| sheet))
        {
            Ok(sheet) => sheets.push(sheet),
            Err(e) => return Some(Err(e)),
        }
    }
    Some(Ok(sheets))
}

/// A part's bytes; `None` when it is missing or cannot be unpacked.
fn part(zip: &mut Zip<'_>, path: &str) -> Option<Vec<u8>> {
    optional_part(zip, path)?
}

/// `Some(None)` for a missing part, `None` for one that cannot be unpacked or that calamine
/// might find under another spelling (it matches names without case, `\\` as `/`).
fn optional_part(zip: &mut Zip<'_>, path: &str) -> Option<Option<Vec<u8>>> {
    let Some(mut src) = optional_entry(zip, path)? else {
        return Some(None);
    };
    let mut out = Vec::with_capacity(usize::try_from(src.limit()).ok()?);
    src.read_to_end(&mut out).ok()?;
    Some(Some(out))
}

/// A part's unpacking reader, as [`optional_part`] finds the part.
fn optional_entry<'z>(
    zip: &'z mut Zip<'_>,
    path: &str,
) -> Option<Option<std::io::Take<impl Read + 'z>>> {
    let spellings: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.len() == path.len() && n.replace('\\', "/").eq_ignore_ascii_case(path))
        .map(|n| n.into_owned())
        .collect();
    match spellings.as_slice() {
        [] => return Some(None),
        [only] if only == path => {}
        _ => return None,
    }
    let file = zip.by_name(path).ok()?;
    // The entry sizes were bounded by `check_zip` before this runs.
    let size = file.size().min(MAX_INFLATED_BYTES);
    Some(Some(file.take(size)))
}

fn xml_reader(xml: &[u8]) -> quick_xml::Reader<&[u8]> {
    // As calamine configures its reader, so that text and empty elements come alike.
    let mut r = quick_xml::Reader::from_reader(xml);
    let config = r.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    r
}

/// An attribute's unescaped value (`None` for a bad escape).
fn attr_value(a: &quick_xml::events::attributes::Attribute<'_>) -> Option<String> {
    let raw: &str = &a.value;
    Some(quick_xml::escape::unescape(raw).ok()?.into_owned())
}

struct Rel {
    id: String,
    typ: String,
    target: String,
}

fn relationships(xml: &[u8]) -> Option<Vec<Rel>> {
    let mut r = xml_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        buf.clear();
        match r.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let mut rel = Rel {
                    id: String::new(),
                    typ: String::new(),
                    target: String::new(),
                };
                for a in e.attributes() {
                    let a = a.ok()?;
                    // calamine takes these raw (no unescaping).
                    let v = a.value.to_string();
                    match a.key.as_ref() {
                        "Id" => rel.id = v,
                        "Type" => rel.typ = v,
                        "Target" => rel.target = v,
                        _ => {}
                    }
                }
                out.push(rel);
            }
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

struct BookSheet {
    name: String,
    rel_id: String,
    hidden: bool,
}

struct Book {
    sheets: Vec<BookSheet>,
    is_1904: bool,
}

fn workbook(xml: &[u8]) -> Option<Book> {
    let mut r = xml_reader(xml);
    let mut buf = Vec::new();
    let mut book = Book {
        sheets: Vec::new(),
        is_1904: false,
    };
    loop {
        buf.clear();
        match r.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.name().as_ref() == "sheet" => {
                let mut s = BookSheet {
                    name: String::new(),
                    rel_id: String::new(),
                    hidden: false,
                };
                for a in e.attributes() {
                    let a = a.ok()?;
                    match a.key.as_ref() {
                        "name" => s.name = attr_value(&a)?,
                        "state" => {
                            s.hidden = match a.value.as_ref() {
                                "visible" => false,
                                "hidden" | "veryHidden" => true,
                                _ => return None,
                            }
                        }
                        k if k.ends_with(":id") || k == "id" => s.rel_id = a.value.to_string(),
                        _ => {}
                    }
                }
                book.sheets.push(s);
            }
            // Also `<x15:workbookPr>` in an extension list, which never has `date1904`.
            Event::Start(e) if e.local_name().as_ref() == "workbookPr" => {
                if let Some(a) = e.try_get_attribute("date1904").ok()? {
                    book.is_1904 = matches!(a.value.as_ref(), "1" | "true");
                }
            }
            // A prefixed workbook (`<x:sheet>`): calamine's path.
            Event::Start(e)
                if e.local_name().as_ref() == "sheet" && e.name().as_ref() != "sheet" =>
            {
                return None;
            }
            Event::Eof => return Some(book),
            _ => {}
        }
    }
}

/// Whether a number format shows a date or a duration.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NumFormat {
    Other,
    DateTime,
    TimeDelta,
}

/// The number format of every cell format (`cellXfs`), as calamine decides it.
fn styles(xml: &[u8]) -> Option<Vec<NumFormat>> {
    let mut r = xml_reader(xml);
    let mut buf = Vec::new();
    let mut custom: Vec<(String, String)> = Vec::new();
    let mut formats = Vec::new();
    let (mut in_xfs, mut in_numfmts) = (false, false);
    loop {
        buf.clear();
        match r.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.name().as_ref() != e.local_name().as_ref() => {
                if matches!(
                    e.local_name().as_ref(),
                    "numFmt" | "xf" | "cellXfs" | "numFmts"
                ) {
                    return None;
                }
            }
            Event::Start(e) if e.name().as_ref() == "numFmts" => in_numfmts = true,
            Event::End(e) if e.name().as_ref() == "numFmts" => in_numfmts = false,
            Event::Start(e) if in_numfmts && e.name().as_ref() == "numFmt" => {
                let id = e.try_get_attribute("numFmtId").ok()?;
                let code = e.try_get_attribute("formatCode").ok()?;
                if let (Some(id), Some(code)) = (id, code) {
                    let id = &*id.value.to_string();
                    custom.push((id.to_string(), attr_value(&code)?));
                }
            }
            Event::Start(e) if e.name().as_ref() == "cellXfs" => in_xfs = true,
            Event::End(e) if e.name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Start(e) if in_xfs && e.name().as_ref() == "xf" => {
                let f = match e.try_get_attribute("numFmtId").ok()? {
                    None => NumFormat::Other,
                    Some(a) => {
                        let id = &*a.value;
                        // calamine keeps the last definition of an id.
                        match custom.iter().rev().find(|(i, _)| i == id) {
                            Some((_, code)) => custom_format(code),
                            None => builtin_format(id),
                        }
                    }
                };
                formats.push(f);
            }
            Event::Eof => return Some(formats),
            _ => {}
        }
    }
}

/// calamine's `detect_custom_number_format`.
fn custom_format(format: &str) -> NumFormat {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumFormat::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumFormat::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumFormat::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumFormat::DateTime;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumFormat::Other
}

/// calamine's `builtin_format_by_id`.
fn builtin_format(id: &str) -> NumFormat {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => {
            NumFormat::DateTime
        }
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => NumFormat::DateTime,
        "46" => NumFormat::TimeDelta,
        _ => NumFormat::Other,
    }
}

/// Every shared string as the value a cell holding it gets (bold runs kept as the
/// calamine path keeps them).
fn shared_strings(xml: &[u8]) -> Option<Vec<Value>> {
    let (texts, bold) = rayon::join(
        || si_texts_in_pieces(xml, STRING_PIECE_BYTES),
        || xlsx_rich::bold_strings_in(xml),
    );
    Some(
        texts?
            .par_iter()
            .map(|s| match bold.get(s) {
                Some(runs) => rich_value(runs),
                None => text_value(s),
            })
            .collect(),
    )
}

/// The shared strings' XML is read in pieces of about this size side by side, from twice
/// this size on (the 1.5 MB of strings of a 100,000-row plan took 13–20 ms on one core
/// while the other waited; 7–9 ms in pieces).
const STRING_PIECE_BYTES: usize = 32 << 10;

/// The texts of the `<si>` elements, read in pieces on the pool where the XML can be cut
/// into pieces that read as they read in the whole (see [`string_cuts`]), else in one.
fn si_texts_in_pieces(xml: &[u8], piece_bytes: usize) -> Option<Vec<String>> {
    let Some(cuts) = string_cuts(xml, piece_bytes) else {
        return si_texts(xml, false);
    };
    let pieces: Option<Vec<(Vec<String>, Depth)>> = cuts
        .par_windows(2)
        .map(|w| {
            let piece = &xml[w[0]..w[1]];
            let mut depth = Depth::default();
            if !each_plain_tag(piece, |tag| depth.add(tag)) {
                return None;
            }
            Some((si_texts(piece, true)?, depth))
        })
        .collect();
    // quick-xml refuses an end tag with no element open; a piece cannot know what the
    // pieces before it left open, so the whole is checked here.
    let mut open = 0;
    let closes_unopened = pieces.as_ref().is_some_and(|pieces| {
        pieces.iter().any(|(_, d)| {
            let unopened = open + d.lowest < 0;
            open += d.end;
            unopened
        })
    });
    match pieces {
        Some(p) if !closes_unopened => Some(p.into_iter().flat_map(|(texts, _)| texts).collect()),
        // A piece with a comment, a quote left open, an `<si>` cut apart, an end tag
        // without its start: the whole at once, as calamine reads it.
        _ => si_texts(xml, false),
    }
}

/// How a piece of XML changes the number of open elements, as quick-xml counts them: a
/// start tag opens one (`<a/>` opens and closes it), an end tag closes the last.
#[derive(Debug, Default)]
struct Depth {
    /// Open at the piece's end, from 0 at its start.
    end: i64,
    /// The fewest open after any of its tags (below 0: more closed than opened).
    lowest: i64,
}

impl Depth {
    /// Counts one tag, `<` to `>` (see [`each_plain_tag`]).
    fn add(&mut self, tag: &[u8]) {
        match tag.get(1) {
            Some(b'/') => {
                self.end -= 1;
                self.lowest = self.lowest.min(self.end);
            }
            Some(b'?') => {}
            _ if tag.ends_with(b"/>") => {}
            _ => self.end += 1,
        }
    }
}

/// Where the shared strings' XML may be cut: its start, before an `<si` after each
/// `piece_bytes`, and its end; `None` for XML too small to cut or whose text
/// quick-xml might not read as UTF-8 (an `encoding` other than UTF-8, a byte-order mark
/// other than UTF-8's, an `<?xml` after the start).
///
/// A piece read apart gives the same texts as in the whole when it starts where a `<si>`
/// starts outside any string: each cut is before a `<`, so the text and tags before it
/// end there in both readings, and the reader keeps no state between events besides its
/// decoder (the same UTF-8 in every piece) and the elements left open (see [`Depth`]).
/// That holds by induction when every piece reads as plain tags ([`tags_plain`]: no tag
/// runs past the cut) and every `<si>` in it ends in it ([`si_texts`] is `None`
/// otherwise), which is checked on each piece as it is read.
fn string_cuts(xml: &[u8], piece_bytes: usize) -> Option<Vec<usize>> {
    if xml.len() < 2 * piece_bytes {
        return None;
    }
    let body = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
    if body.first() != Some(&b'<') {
        return None;
    }
    let after_decl = if body.starts_with(b"<?xml") {
        let end = memmem::find(body, b"?>")?;
        let decl = &body[..end];
        if let Some(at) = memmem::find(decl, b"encoding") {
            let value = decl[at + 8..].split(|&b| b == b'"' || b == b'\'').nth(1)?;
            if !value.eq_ignore_ascii_case(b"utf-8") {
                return None;
            }
        }
        end + 2
    } else {
        0
    };
    if memmem::find(&body[after_decl..], b"<?").is_some() {
        return None;
    }
    let mut cuts = vec![0];
    let mut from = piece_bytes;
    let finder = memmem::Finder::new(b"<si");
    while from < xml.len() {
        let Some(at) = finder.find(&xml[from..]).map(|p| from + p) else {
            break;
        };
        if matches!(
            xml.get(at + 3),
            Some(b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
        ) {
            cuts.push(at);
            from = at + piece_bytes;
        } else {
            from = at + 3;
        }
    }
    cuts.push(xml.len());
    (cuts.len() > 2).then_some(cuts)
}

/// The texts of the `<si>` elements of shared strings' XML, as calamine reads them; a
/// piece of the XML (`piece`) may close elements opened before it.
fn si_texts(xml: &[u8], piece: bool) -> Option<Vec<String>> {
    let mut r = xml_reader(xml);
    r.config_mut().allow_unmatched_ends = piece;
    let mut buf = Vec::new();
    let mut texts = Vec::new();
    loop {
        buf.clear();
        match r.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                if e.name().as_ref() != "si" {
                    return None;
                }
                texts.push(string(&mut r, "si")?);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Some(texts)
}

/// The text of a string element (`<si>`, `<is>`) up to its end tag, as calamine's
/// `read_string_with_bufs` gives it: `<t>` texts joined, phonetic runs left out, ASCII
/// white space trimmed unless `xml:space="preserve"`, `_xHHHH_` escapes decoded.
fn string(r: &mut quick_xml::Reader<&[u8]>, closing: &str) -> Option<String> {
    let mut buf = Vec::new();
    let mut out: Option<String> = None;
    let mut phonetic = false;
    loop {
        buf.clear();
        match r.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "r" && out.is_none() => {
                out = Some(String::new());
            }
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.name().as_ref() == closing => {
                return Some(out.unwrap_or_default());
            }
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = e
                    .try_get_attribute("xml:space")
                    .ok()?
                    .is_some_and(|a| a.value.as_ref() == "preserve");
                let end = e.name().as_ref().to_string();
                let mut value = String::new();
                let mut inner = Vec::new();
                loop {
                    inner.clear();
                    match r.read_event_into(&mut inner).ok()? {
                        Event::Text(t) => value.push_str(&t.xml10_content()),
                        Event::CData(t) => value.push_str(&t.xml10_content()),
                        // An unknown entity is an error in calamine's path.
                        Event::GeneralRef(g) => value.push_str(&crate::read::xml_ref(&g)?),
                        Event::End(x) if x.name().as_ref() == end.as_str() => break,
                        Event::Eof => return None,
                        _ => {}
                    }
                }
                let value = if preserve {
                    xlsx_rich::unescape_x(&value)
                } else {
                    xlsx_rich::unescape_x(value.trim_matches([' ', '\t', '\r', '\n']))
                };
                match &mut out {
                    Some(s) => s.push_str(&value),
                    None => out = Some(value),
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

struct Ctx<'a> {
    strings: &'a [Value],
    formats: &'a [NumFormat],
    is_1904: bool,
}

type Cells = Vec<(u32, u32, Value)>;

/// Rows of a piece: (row, its cells at their columns).
type Rows = Vec<(u32, Vec<Cell>)>;

/// Why a sheet is not read on this path: the file goes to calamine, or it is refused.
enum Stop {
    Aside,
    Error(ReadError),
}

impl From<ReadError> for Stop {
    fn from(e: ReadError) -> Self {
        Stop::Error(e)
    }
}

trait OrAside<T> {
    fn or_aside(self) -> Result<T, Stop>;
}

impl<T> OrAside<T> for Option<T> {
    fn or_aside(self) -> Result<T, Stop> {
        self.ok_or(Stop::Aside)
    }
}

/// Reads one sheet part into `grid` as it is unpacked: the caller unpacks the XML and cuts
/// it after whole rows into pieces of about [`CHUNK_BYTES`], the pool scans the pieces,
/// and the caller places them in sheet order. Returns the merged regions.
fn read_sheet(src: impl Read, ctx: &Ctx<'_>, grid: &mut Grid<'_>) -> Result<Vec<Dimensions>, Stop> {
    let mut xml = SheetXml::new(src);
    let (open_end, empty) = xml.head()?;
    let head = &xml.buf[..open_end + usize::from(!empty)];
    // A prefixed sheet (`<x:worksheet>`) or one without the usual root: calamine's path.
    let root = memmem::find(head, b"<worksheet").or_aside()?;
    if !matches!(
        head.get(root + 10),
        Some(b' ' | b'>' | b'\t' | b'\r' | b'\n')
    ) {
        return Err(Stop::Aside);
    }
    // The sheet's XML up to the cells must read as the same tags for calamine, with
    // `<sheetData` the name of the first such tag (not `<sheetDataX`).
    let data_at = memmem::rfind(head, b"<sheetData").or_aside()?;
    if !is_name_end(head.get(data_at + 10)) || !tags_plain(&xml.buf[..=open_end]) {
        return Err(Stop::Aside);
    }
    let mut marks = Marks::outside(head).or_aside()?;
    let tail = if empty {
        // `<sheetData/>`: the rest is the tail.
        let mut tail = xml.buf.split_off(open_end);
        fill(&mut xml.src, &mut tail, usize::MAX)?;
        tail
    } else {
        xml.buf.drain(..=open_end);
        place_pieces(&mut xml, ctx, grid, &mut marks)?
    };
    if !tags_plain(&tail) {
        return Err(Stop::Aside);
    }
    marks.add(Marks::outside(&tail).or_aside()?);
    // The sheet's `<?xml …?>` and one more: calamine's path.
    if marks.instructions > 1 {
        return Err(Stop::Aside);
    }
    merges(&tail, &marks).or_aside()
}

/// Hands each piece of the cells to the pool (a few ahead of the grid), places the scanned
/// pieces in order, and returns the XML after the cells.
fn place_pieces<R: Read>(
    xml: &mut SheetXml<R>,
    ctx: &Ctx<'_>,
    grid: &mut Grid<'_>,
    marks: &mut Marks,
) -> Result<Vec<u8>, Stop> {
    // A few pieces per worker at a time: the cells scanned but not yet in the grid stay
    // few, and a sheet past the cell limit is refused soon after the limit.
    let window = rayon::current_num_threads().max(1) * 2;
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Option<Piece>)>();
    let mut order = Order {
        placed: 0,
        ready: std::collections::BTreeMap::new(),
    };
    let mut sent = 0;
    let tail = rayon::in_place_scope(|s| -> Result<Vec<u8>, Stop> {
        loop {
            let (body, tail) = xml.next_piece()?;
            while sent - order.placed >= window {
                order.ready.extend(rx.try_iter());
                order.place(grid, marks)?;
                if sent - order.placed < window {
                    break;
                }
                // Run a waiting job here (the pool may be busy with other files), or wait
                // for one that runs elsewhere.
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    order.ready.extend(rx.recv().ok());
                }
            }
            let i = sent;
            sent += 1;
            if tail.is_some() {
                // The last piece: scanned here, as this thread would wait anyway.
                order.ready.insert(i, scan_piece(&body, ctx));
                return tail.or_aside();
            }
            let tx = tx.clone();
            s.spawn(move |_| {
                // The receiver outlives the scope.
                let _ = tx.send((i, scan_piece(&body, ctx)));
            });
            order.ready.extend(rx.try_iter());
            order.place(grid, marks)?;
        }
    })?;
    drop(tx);
    order.ready.extend(rx.try_iter());
    order.place(grid, marks)?;
    debug_assert_eq!(order.placed, sent);
    Ok(tail)
}

/// Scanned pieces waiting for the ones before them.
struct Order {
    placed: usize,
    ready: std::collections::BTreeMap<usize, Option<Piece>>,
}

impl Order {
    fn place(&mut self, grid: &mut Grid<'_>, marks: &mut Marks) -> Result<(), Stop> {
        while let Some(piece) = self.ready.remove(&self.placed) {
            let piece = piece.or_aside()?;
            marks.merge_words += piece.merge_words;
            marks.merge_blocks += piece.merge_blocks;
            match piece.rows {
                PieceRows::Rows(rows) => {
                    for (r, cells) in rows {
                        grid.put_row(r, cells)?;
                    }
                }
                PieceRows::Cells(cells) => {
                    for (r, c, value) in cells {
                        grid.set(r, c, value)?;
                    }
                }
            }
            self.placed += 1;
        }
        Ok(())
    }
}

/// One piece of a sheet's cells, scanned.
struct Piece {
    rows: PieceRows,
    merge_words: usize,
    merge_blocks: usize,
}

enum PieceRows {
    /// Rows as the grid holds them: each cell at its column, the gaps empty.
    Rows(Rows),
    /// Cells whose rows would be far wider than the cells are many: the grid grows those
    /// rows itself, after checking its cell limit.
    Cells(Cells),
}

/// `None` on anything the fast path does not read.
fn scan_piece(body: &[u8], ctx: &Ctx<'_>) -> Option<Piece> {
    let rows = match rows_of(body, ctx)? {
        Some(rows) => PieceRows::Rows(rows),
        None => {
            let mut cells = Vec::with_capacity(body.len() / 40);
            scan_cells(body, ctx, |r, c, value| {
                cells.push((r, c, value));
                true
            })?;
            PieceRows::Cells(cells)
        }
    };
    let (merge_words, merge_blocks) = merge_words(body);
    Some(Piece {
        rows,
        merge_words,
        merge_blocks,
    })
}

/// A piece's cells as rows (runs of cells with one row number), each cell placed at its
/// column as it is read; `Some(None)` when the rows would be far wider than the cells are
/// many (sparse cells far to the right: the grid grows those rows itself after checking
/// its cell limit).
fn rows_of(body: &[u8], ctx: &Ctx<'_>) -> Option<Option<Rows>> {
    let mut rows: Rows = Vec::with_capacity(body.len() / 400);
    // The sum of the rows' widths, the current row's included.
    let mut width = 0;
    let within = scan_cells(body, ctx, |r, c, value| {
        let c = c as usize;
        if rows.last().is_none_or(|(last, _)| *last != r) {
            // Room for as many cells as the row before: rows of a sheet are alike, and a
            // row that grows by doubling holds room for cells it never gets.
            let room = rows.last().map_or(0, |(_, row)| row.len());
            rows.push((r, Vec::with_capacity(room)));
        }
        let row = &mut rows.last_mut().expect("a row").1;
        if c >= row.len() {
            width += c + 1 - row.len();
            if width > MAX_SHEET_CELLS / 8 {
                return false;
            }
            row.resize(c, Cell::default());
            row.push(Cell::new(value));
        } else {
            row[c] = Cell::new(value);
        }
        true
    })?;
    Some(within.then_some(rows))
}

/// What outside the cells decides between the paths.
#[derive(Default)]
struct Marks {
    /// `<?`, processing instructions (the sheet's `<?xml …?>` is one).
    instructions: usize,
    /// `mergeCell`, also counting each `mergeCells`.
    merge_words: usize,
    merge_blocks: usize,
}

impl Marks {
    /// The marks of XML before or after the cells; `None` for markup the byte scan does not
    /// follow (a comment may hold `<sheetData>`, CDATA may hold `</c>`) or a closing tag
    /// with white space.
    fn outside(xml: &[u8]) -> Option<Marks> {
        if memmem::find(xml, b"<!--").is_some()
            || memmem::find(xml, b"<![CDATA[").is_some()
            || [&b"</c "[..], b"</c\t", b"</c\r", b"</c\n"]
                .iter()
                .any(|t| memmem::find(xml, t).is_some())
        {
            return None;
        }
        let (merge_words, merge_blocks) = merge_words(xml);
        Some(Marks {
            instructions: memmem::find_iter(xml, b"<?").count(),
            merge_words,
            merge_blocks,
        })
    }

    fn add(&mut self, other: Marks) {
        self.instructions += other.instructions;
        self.merge_words += other.merge_words;
        self.merge_blocks += other.merge_blocks;
    }
}

/// How often `mergeCell` occurs in `xml`, and of those `mergeCells`.
fn merge_words(xml: &[u8]) -> (usize, usize) {
    let mut words = 0;
    let mut blocks = 0;
    for at in memmem::find_iter(xml, b"mergeCell") {
        words += 1;
        blocks += usize::from(xml.get(at + 9) == Some(&b's'));
    }
    (words, blocks)
}

/// Bytes unpacked per read.
const BLOCK: usize = 1 << 16;

/// A sheet part being unpacked; `buf` holds what is read and not yet handed on.
struct SheetXml<R> {
    src: R,
    buf: Vec<u8>,
    done: bool,
    /// `buf[..end_searched]` has no `</sheetData>`, `buf[..row_searched]` no `<row` after
    /// `last_row`.
    end_searched: usize,
    row_searched: usize,
    last_row: Option<usize>,
}

impl<R: Read> SheetXml<R> {
    fn new(src: R) -> Self {
        SheetXml {
            src,
            buf: Vec::with_capacity(CHUNK_BYTES + BLOCK),
            done: false,
            end_searched: 0,
            row_searched: 0,
            last_row: None,
        }
    }

    fn more(&mut self) -> Result<(), Stop> {
        let want = self.buf.len() + BLOCK;
        self.done = fill(&mut self.src, &mut self.buf, want)?;
        Ok(())
    }

    /// Reads up to the `<sheetData …>` tag: where its `>` is, and whether it is empty
    /// (`<sheetData/>`). Without one calamine takes the part for another kind of sheet, or
    /// broken.
    fn head(&mut self) -> Result<(usize, bool), Stop> {
        let mut from = 0;
        let start = loop {
            if let Some(p) = memmem::find(&self.buf[from..], b"<sheetData") {
                break from + p;
            }
            if self.done {
                return Err(Stop::Aside);
            }
            from = self.buf.len().saturating_sub(9);
            self.more()?;
        };
        let mut from = start;
        let open_end = loop {
            if let Some(p) = memchr::memchr(b'>', &self.buf[from..]) {
                break from + p;
            }
            if self.done {
                return Err(Stop::Aside);
            }
            from = self.buf.len();
            self.more()?;
        };
        Ok((open_end, self.buf[open_end - 1] == b'/'))
    }

    /// The next piece of the cells, cut before a `<row`; with the last piece, the XML after
    /// the cells (from `</sheetData>` on).
    fn next_piece(&mut self) -> Result<(Vec<u8>, Option<Vec<u8>>), Stop> {
        loop {
            if let Some(p) = memmem::find(&self.buf[self.end_searched..], b"</sheetData>") {
                let mut tail = self.buf.split_off(self.end_searched + p);
                fill(&mut self.src, &mut tail, usize::MAX)?;
                return Ok((std::mem::take(&mut self.buf), Some(tail)));
            }
            if self.done {
                return Err(Stop::Aside);
            }
            self.end_searched = self.buf.len().saturating_sub(11);
            let from = self.row_searched;
            if let Some(p) = memmem::rfind(&self.buf[from..], b"<row")
                && from + p > 0
            {
                self.last_row = Some(from + p);
            }
            self.row_searched = self.buf.len().saturating_sub(3);
            if self.buf.len() >= CHUNK_BYTES
                && let Some(cut) = self.last_row.take()
            {
                let mut rest = Vec::with_capacity(CHUNK_BYTES + BLOCK);
                rest.extend_from_slice(&self.buf[cut..]);
                self.buf.truncate(cut);
                self.end_searched = self.end_searched.saturating_sub(cut);
                self.row_searched = self.row_searched.saturating_sub(cut);
                return Ok((std::mem::replace(&mut self.buf, rest), None));
            }
            self.more()?;
        }
    }
}

/// Reads from `src` until `buf` holds `want` bytes; `true` when the part has ended.
fn fill(src: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> Result<bool, Stop> {
    while buf.len() < want {
        let len = buf.len();
        buf.resize(len + (want - len).min(BLOCK), 0);
        match src.read(&mut buf[len..]) {
            Ok(0) => {
                buf.truncate(len);
                return Ok(true);
            }
            Ok(n) => buf.truncate(len + n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(len),
            Err(_) => return Err(Stop::Aside),
        }
    }
    Ok(false)
}

/// The cells of a run of whole rows; `None` on anything the fast path does not read.
fn scan_cells(
    body: &[u8],
    ctx: &Ctx<'_>,
    mut out: impl FnMut(u32, u32, Value) -> bool,
) -> Option<bool> {
    let close_c = memmem::Finder::new(b"</c");
    let mut i = 0;
    // Tags follow each other without text between them in most sheets: the next `<` is
    // looked at first, and searched for only when it is not there.
    while let Some(at) = match body.get(i) {
        Some(b'<') => Some(i),
        _ => memchr::memchr(b'<', body.get(i..)?).map(|p| i + p),
    } {
        let rest = &body[at + 1..];
        let gt = at + find_byte_short(rest, b'>')? + 1;
        if rest.starts_with(b"/row>") {
            i = at + 6;
            continue;
        }
        if rest.starts_with(b"row") && is_name_end(rest.get(3)) {
            // Where quick-xml ends the tag: after a `>` inside a quoted value too.
            let end = at + 1 + quoted_tag_end(rest)?;
            if end != gt && memchr::memchr(b'<', &body[gt..end]).is_some() {
                return None;
            }
            i = end + 1;
            continue;
        }
        if !(rest.starts_with(b"c") && is_name_end(rest.get(1))) {
            return None;
        }
        let empty = body[gt - 1] == b'/';
        let attrs = Attrs::parse(&body[at + 2..if empty { gt - 1 } else { gt }])?;
        let (row, col) = cell_ref(attrs.r?)?;
        let inner = if empty {
            i = gt + 1;
            &body[0..0]
        } else {
            let end = gt + 1 + find_close_c(&body[gt + 1..], &close_c)?;
            // `</c >` (and any other tag starting `</c`): calamine's path.
            if body.get(end + 3) != Some(&b'>') {
                return None;
            }
            i = end + 4;
            &body[gt + 1..end]
        };
        // A comment, CDATA or processing instruction in a cell: calamine's path; and a tag
        // inside whose quotes do not close as quick-xml reads them.
        let marks = if inner.len() <= SHORT {
            inner
                .iter()
                .any(|&b| matches!(b, b'!' | b'?' | b'"' | b'\''))
        } else {
            memchr::memchr2(b'!', b'?', inner).is_some()
                || memchr::memchr2(b'"', b'\'', inner).is_some()
        };
        if marks
            && (find_short(inner, b"<!").is_some()
                || find_short(inner, b"<?").is_some()
                || !tags_plain(inner))
        {
            return None;
        }
        let value = value(inner, &attrs, ctx)?;
        if !value.is_empty() && !out(row, col, value) {
            return Some(false);
        }
    }
    Some(true)
}

fn is_name_end(b: Option<&u8>) -> bool {
    matches!(b, Some(b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n'))
}

/// The attributes of a `<c>` the value depends on.
#[derive(Default)]
struct Attrs<'a> {
    r: Option<&'a [u8]>,
    s: Option<&'a [u8]>,
    t: Option<&'a [u8]>,
}

impl<'a> Attrs<'a> {
    fn parse(b: &'a [u8]) -> Option<Self> {
        let mut a = Attrs::default();
        let mut at = 0;
        while let Some(attr) = next_attr(b, &mut at) {
            let (key, val) = attr?;
            let slot = match key {
                b"r" => &mut a.r,
                b"s" => &mut a.s,
                b"t" => &mut a.t,
                _ => continue,
            };
            // calamine takes the first of a repeated attribute: step aside; and an entity
            // in a reference, style or type.
            if val.contains(&b'&') || slot.replace(val).is_some() {
                return None;
            }
        }
        Some(a)
    }
}

/// The attributes in a tag's text after its name, as raw (key, value) pairs; an item is
/// `None` (and the last) where the text does not parse as quoted attributes.
fn raw_attrs(b: &[u8]) -> impl Iterator<Item = Option<(&[u8], &[u8])>> {
    let mut at = 0;
    std::iter::from_fn(move || next_attr(b, &mut at))
}

/// The attribute of a tag's text `b` from `*at` on, one pass over the bytes (every cell has
/// a tag): `None` at the end, `Some(None)` (and then the end) where the text does not parse
/// as quoted attributes or a name holds a quote (which quick-xml, calamine's reader, takes
/// for the start of a quoted text).
// Inlined: called for every attribute of every cell (a call each cost 1 % of a large
// workbook's instructions).
#[inline(always)]
fn next_attr<'a>(b: &'a [u8], at: &mut usize) -> Option<Option<(&'a [u8], &'a [u8])>> {
    let n = b.len();
    let mut i = *at;
    while i < n && b[i].is_ascii_whitespace() {
        i += 1;
    }
    if i == n {
        *at = n;
        return None;
    }
    // Whatever follows, a text that does not parse ends here.
    *at = n;
    let key_start = i;
    while i < n && b[i] != b'=' {
        i += 1;
    }
    if i == n {
        return Some(None);
    }
    let key = b[key_start..i].trim_ascii_end();
    if key.iter().any(|&c| c == b'"' || c == b'\'') {
        return Some(None);
    }
    i += 1;
    while i < n && b[i].is_ascii_whitespace() {
        i += 1;
    }
    let Some(&quote) = b.get(i).filter(|q| matches!(q, b'"' | b'\'')) else {
        return Some(None);
    };
    i += 1;
    let val_start = i;
    while i < n && b[i] != quote {
        i += 1;
    }
    if i == n {
        return Some(None);
    }
    *at = i + 1;
    Some(Some((key, &b[val_start..i])))
}

/// `B12` as 0-based (row, column), as calamine reads it; `None` for anything unusual.
fn cell_ref(r: &[u8]) -> Option<(u32, u32)> {
    // One pass: 1–3 letters, then 1–7 digits and nothing else.
    let mut col = 0u32;
    let mut i = 0;
    while let Some(b) = r.get(i).filter(|b| b.is_ascii_alphabetic()) {
        if i == 3 {
            return None;
        }
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
        i += 1;
    }
    let digits = &r[i..];
    if i == 0 || !(1..=7).contains(&digits.len()) {
        return None;
    }
    let mut row = 0u32;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        row = row * 10 + u32::from(b - b'0');
    }
    Some((row.checked_sub(1)?, col - 1))
}

/// Whether XML reads as the same tags plainly and as quick-xml (calamine's reader) reads
/// it: each `<` starts a tag whose end (the first `>` outside quoted text, or `?>` for a
/// processing instruction) comes before the next `<`. A quote left open in a tag makes
/// quick-xml read the text after it, tags included, as part of that tag. `<!` (comments,
/// CDATA, declarations) is left to quick-xml.
fn tags_plain(xml: &[u8]) -> bool {
    each_plain_tag(xml, |_| {})
}

/// [`tags_plain`], telling `each` every tag's text from its `<` to its `>`.
fn each_plain_tag(xml: &[u8], mut each: impl FnMut(&[u8])) -> bool {
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &xml[i..]) {
        let lt = i + p;
        let end = match xml.get(lt + 1) {
            Some(b'!') => return false,
            Some(b'?') => match memmem::find(&xml[lt + 2..], b"?>") {
                Some(q) => lt + 2 + q + 1,
                None => return false,
            },
            _ => match quoted_tag_end(&xml[lt + 1..]) {
                Some(q) => lt + 1 + q,
                None => return false,
            },
        };
        if memchr::memchr(b'<', &xml[lt + 1..end]).is_some() {
            return false;
        }
        each(&xml[lt..=end]);
        i = end + 1;
    }
    true
}

/// Where quick-xml ends a tag whose text (after `<`) is `tag`: the first `>` outside
/// single- or double-quoted text.
fn quoted_tag_end(tag: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in tag.iter().enumerate() {
        match quote {
            None if b == b'>' => return Some(i),
            None if b == b'"' || b == b'\'' => quote = Some(b),
            Some(q) if b == q => quote = None,
            _ => {}
        }
    }
    None
}

/// The first `byte` in `hay`: plainly in the first [`SHORT`] bytes (a tag, a cell's value),
/// then with `memchr`.
fn find_byte_short(hay: &[u8], byte: u8) -> Option<usize> {
    let head = &hay[..hay.len().min(SHORT)];
    match head.iter().position(|&b| b == byte) {
        Some(p) => Some(p),
        None => memchr::memchr(byte, &hay[head.len()..]).map(|p| head.len() + p),
    }
}

/// The first `</c` in `hay`: plainly in the first [`SHORT`] bytes (most cells' XML), then
/// with the sheet's searcher.
fn find_close_c(hay: &[u8], finder: &memmem::Finder<'_>) -> Option<usize> {
    let head = &hay[..hay.len().min(SHORT)];
    match head.windows(3).position(|w| w == b"</c") {
        Some(p) => Some(p),
        None => {
            // A match may begin in the head's last two bytes.
            let from = head.len().saturating_sub(2);
            finder.find(&hay[from..]).map(|p| from + p)
        }
    }
}

/// The length up to which text inside a cell is searched plainly: setting up `memchr` or
/// a `memmem` searcher costs more than such a search.
const SHORT: usize = 64;

/// The first `needle` in `hay`: a plain search in the short XML inside a cell, `memmem` in
/// longer text.
fn find_short(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() <= SHORT {
        hay.windows(needle.len()).position(|w| w == needle)
    } else {
        memmem::find(hay, needle)
    }
}

/// The value of one cell from its inner XML.
fn value(inner: &[u8], attrs: &Attrs<'_>, ctx: &Ctx<'_>) -> Option<Value> {
    if matches!(attrs.t, Some(b"inlineStr" | b"is")) || find_short(inner, b"<is").is_some() {
        let Some(at) = find_short(inner, b"<is") else {
            return Some(Value::Empty);
        };
        if !is_name_end(inner.get(at + 3)) || inner.get(at + 3) == Some(&b'/') {
            return None;
        }
        // calamine keeps the value of a cell's last child: nothing may follow `</is>`.
        let end = at + find_short(&inner[at..], b"</is>")?;
        if !inner[end + 5..].trim_ascii().is_empty() || find_short(&inner[..at], b"<v").is_some() {
            return None;
        }
        let mut r = xml_reader(&inner[at..]);
        let mut buf = Vec::new();
        match r.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.name().as_ref() == "is" => {}
            _ => return None,
        }
        return Some(text_value(&string(&mut r, "is")?));
    }
    let Some(v) = v_text(inner)? else {
        return Some(Value::Empty);
    };
    match attrs.t {
        Some(b"s") => {
            if v.is_empty() {
                return Some(Value::Empty);
            }
            if !v.iter().all(u8::is_ascii_digit) || v.len() > 9 {
                return None;
            }
            let idx = v.iter().fold(0usize, |n, b| n * 10 + usize::from(b - b'0'));
            ctx.strings.get(idx).cloned()
        }
        Some(b"b") => match v.trim_ascii() {
            b"" => Some(Value::Empty),
            b"0" => Some(Value::Bool(false)),
            b"1" => Some(Value::Bool(true)),
            other if other.eq_ignore_ascii_case(b"false") => Some(Value::Bool(false)),
            other if other.eq_ignore_ascii_case(b"true") => Some(Value::Bool(true)),
            _ => None,
        },
        Some(b"str") => {
            // Markup inside the value (a comment, CDATA) is left to an XML reader.
            if v.contains(&b'<') {
                return None;
            }
            let raw = std::str::from_utf8(v).ok()?;
            // An XML reader turns raw line ends into LF before entities are resolved.
            let raw = if raw.contains('\r') {
                std::borrow::Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
            } else {
                std::borrow::Cow::Borrowed(raw)
            };
            let text = quick_xml::escape::unescape(&raw).ok()?;
            Some(text_value(&xlsx_rich::unescape_x(&text)))
        }
        Some(b"n") | None => {
            if v.is_empty() {
                return Some(Value::Empty);
            }
            // Plain decimal notation only; anything else is left to calamine's parser.
            if !matches!(v[0], b'0'..=b'9' | b'-' | b'.')
                || !v
                    .iter()
                    .all(|b| matches!(b, b'0'..=b'9' | b'.' | b'-' | b'+' | b'e' | b'E'))
            {
                return None;
            }
            let n: f64 = std::str::from_utf8(v).ok()?.parse().ok()?;
            let format = match attrs.s {
                None => NumFormat::Other,
                Some(s) => {
                    let id = if s.iter().all(u8::is_ascii_digit) && !s.is_empty() && s.len() < 10 {
                        std::str::from_utf8(s).ok()?.parse::<usize>().ok()?
                    } else {
                        return None;
                    };
                    ctx.formats.get(id).copied().unwrap_or(NumFormat::Other)
                }
            };
            Some(match format {
                NumFormat::DateTime => date_cell(n, ctx.is_1904),
                NumFormat::TimeDelta => excel_datetime(&ExcelDateTime::new(
                    n,
                    ExcelDateTimeType::TimeDelta,
                    ctx.is_1904,
                )),
                NumFormat::Other => Value::Number(n),
            })
        }
        Some(b"e") => {
            let e: CellErrorType = std::str::from_utf8(v).ok()?.parse().ok()?;
            Some(Value::Error(error_text(&e).into()))
        }
        // ISO dates and the unknown: calamine's path.
        _ => None,
    }
}

/// The raw text of the cell's `<v>`: `Some(None)` when it has none, `None` when unsure.
/// calamine keeps the value of a cell's last child, so nothing may follow the `<v>`.
fn v_text(inner: &[u8]) -> Option<Option<&[u8]>> {
    let Some(at) = find_short(inner, b"<v") else {
        // A formula without a cached value.
        return Some(None);
    };
    let gt = at + memchr::memchr(b'>', &inner[at..])?;
    let after = |from: usize| inner[from..].trim_ascii().is_empty();
    // `<v>`, `<v xml:space="preserve">` (SheetJS), `<v/>` and openpyxl's `<v />`.
    let attrs = &inner[at + 2..gt];
    if !attrs.is_empty() && !matches!(attrs[0], b' ' | b'\t' | b'\r' | b'\n' | b'/') {
        return None;
    }
    if attrs.ends_with(b"/") {
        return after(gt + 1).then_some(None);
    }
    let end = gt + 1 + find_short(&inner[gt + 1..], b"</v>")?;
    after(end + 4).then_some(Some(&inner[gt + 1..end]))
}

/// The merged regions (`<mergeCell ref="A1:B2"/>`): the usual one `<mergeCells>` after the
/// cells, or `None` for anything else (calamine reads the first block wherever it is).
fn merges(tail: &[u8], marks: &Marks) -> Option<Vec<Dimensions>> {
    let mut out = Vec::new();
    let blocks = marks.merge_blocks;
    let cells = marks.merge_words - blocks;
    if blocks == 0 && cells == 0 {
        return Some(out);
    }
    // `<mergeCells …>` and `</mergeCells>` in the tail, and every `<mergeCell` between.
    let open = memmem::find(tail, b"<mergeCells")?;
    let close = open + memmem::find(&tail[open..], b"</mergeCells>")?;
    let block = &tail[open + 11..close];
    if blocks != 2 || memmem::find_iter(block, b"<mergeCell").count() != cells {
        return None;
    }
    for at in memmem::find_iter(block, b"<mergeCell") {
        let rest = &block[at + 10..];
        let gt = memchr::memchr(b'>', rest)?;
        let tag = rest[..gt].strip_suffix(b"/").unwrap_or(&rest[..gt]);
        let mut refs = raw_attrs(tag).filter(|a| a.is_none_or(|(k, _)| k == b"ref"));
        let Some(r) = refs.next() else {
            continue;
        };
        let (_, r) = r?;
        let mut parts = r.split(|&b| b == b':');
        let start = cell_ref(parts.next()?)?;
        let end = match parts.next() {
            Some(p) => cell_ref(p)?,
            None => start,
        };
        if parts.next().is_some() {
            return None;
        }
        out.push(Dimensions::new(start, end));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quote left open in a tag makes quick-xml (calamine's reader) take the tags after it
    /// as part of that tag: where that hides `<sheetData>`, a row's or a cell's end, or a
    /// merge, the fast path steps aside; a `>` inside a row's quoted value is read past as
    /// quick-xml does. Every sheet reads as calamine reads it, or steps aside.
    #[test]
    fn quotes_left_open_in_tags_read_as_calamine_or_step_aside() {
        let sheet = |before: &str, rows: &str, after: &str| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{before}<sheetData>{rows}</sheetData>{after}</worksheet>"#
            )
        };
        let cell = r#"<c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1"><v>2</v></c>"#;
        let row = format!(r#"<row r="1">{cell}</row>"#);
        let merge = r#"<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>"#;
        let cases = [
            // (sheet, whether the fast path must step aside)
            (sheet(r#"<cols><col" min="1"/></cols>"#, &row, ""), true),
            (sheet("<sheetPr a='x/>", &row, ""), true),
            (sheet("", &row, r#"<pageMargins left="0.7/>"#), true),
            (sheet("", &row, &format!(r#"<x y="1>{merge}"#)), true),
            (
                sheet("", &format!(r#"<row r="1" a'b="c">{cell}</row>"#), ""),
                true,
            ),
            (
                sheet("", r#"<row r="1"><c r="A1" a'b="c"><v>1</v></c></row>"#, ""),
                true,
            ),
            (
                sheet("", r#"<row r="1"><c r="A1"><v a="1>2</v></c></row>"#, ""),
                true,
            ),
            (
                sheet("", &format!(r#"<row r="1" x="a>b">{cell}</row>"#), merge),
                false,
            ),
            (
                sheet(
                    r#"<cols><col min="1" max="2" width="9"/></cols>"#,
                    &row,
                    merge,
                ),
                false,
            ),
        ];
        for (xml, aside) in cases {
            let bytes = super::super::xlsx_of_parts(xml.as_bytes());
            let (fast, slow) = super::super::xlsx_both_paths(&bytes, "x.xlsx");
            match fast {
                None => assert!(aside, "stepped aside: {xml}"),
                Some(fast) => {
                    assert!(!aside, "read: {xml}");
                    assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{xml}");
                }
            }
        }
    }

    /// Random tag texts and cell references from a small alphabet that makes every branch
    /// likely: the one-pass readers answer as the readers they replaced (the attributes as
    /// split by search and trim, with quick-xml's rule on quotes in names).
    /// Shared strings read in pieces give what the whole gives, on strings of every shape
    /// and on XML broken at random where pieces would be cut: a comment, a quote left open,
    /// a tag or an `<si>` cut apart, an instruction, another encoding.
    #[test]
    fn strings_read_in_pieces_equal_the_whole() {
        let kinds = [
            "<si><t>plain</t></si>",
            "<si><t xml:space=\"preserve\">  kept  </t></si>",
            "<si><t>  trimmed\n</t></si>",
            "<si><r><rPr><b/></rPr><t>bold</t></r><r><t> and not</t></r></si>",
            "<si><t>a</t><rPh sb=\"0\" eb=\"1\"><t>phonetic</t></rPh></si>",
            "<si><t>&amp;&lt;&#229;_x000D_x</t></si>",
            "<si/>",
            "<si ><t a=\"x>y\">quoted &gt;</t></si>",
            "<si>\n  <t>spaced</t>\n</si>",
        ];
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1d);
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
        );
        for i in 0..600 {
            xml.push_str(kinds[next() as usize % kinds.len()]);
            if i % 7 == 0 {
                xml.push_str(&format!("<si><t>text {i}</t></si>"));
            }
        }
        xml.push_str("</sst>");
        let xml = xml.into_bytes();
        let whole = si_texts(&xml, false).expect("the strings read");
        assert!(whole.len() > 600);
        for piece in [64, 200, 1000, 5000] {
            let cuts = string_cuts(&xml, piece).expect("cut");
            assert!(cuts.len() > 3, "{piece}: {} cuts", cuts.len());
            for w in cuts.windows(2) {
                let p = &xml[w[0]..w[1]];
                assert!(tags_plain(p), "{}", String::from_utf8_lossy(p));
                assert!(
                    si_texts(p, true).is_some(),
                    "{}",
                    String::from_utf8_lossy(p)
                );
            }
            assert_eq!(si_texts_in_pieces(&xml, piece).as_ref(), Some(&whole));
        }
        let breaks: [&[u8]; 13] = [
            b"</sst>",
            b"</x>",
            b"<!-- <si><t>in a comment</t></si> -->",
            b"<![CDATA[</si><si>]]>",
            b"<t a=\"",
            b"'",
            b"<si>",
            b"</si>",
            b"<",
            b"<?xml version=\"1.0\"?>",
            b"<x:si>",
            b"&unknown;",
            b"<t>",
        ];
        let mut pieces_read = 0;
        for round in 0..400 {
            let mut broken = xml.clone();
            for _ in 0..1 + round % 3 {
                let at = next() as usize % broken.len();
                let insert = breaks[next() as usize % breaks.len()];
                broken.splice(at..at, insert.iter().copied());
            }
            let piece = [64, 200, 1000][round % 3];
            let whole = si_texts(&broken, false);
            assert_eq!(si_texts_in_pieces(&broken, piece), whole, "round {round}");
            pieces_read += usize::from(string_cuts(&broken, piece).is_some_and(|c| {
                c.windows(2).all(|w| {
                    tags_plain(&broken[w[0]..w[1]]) && si_texts(&broken[w[0]..w[1]], true).is_some()
                })
            }));
        }
        // Some broken XML still reads in pieces (the break falls inside a string's text).
        assert!(pieces_read > 0, "{pieces_read}");
        // Another encoding, a byte-order mark other than UTF-8's: never cut.
        let latin = String::from_utf8(xml.clone())
            .unwrap()
            .replacen("UTF-8", "ISO-8859-1", 1)
            .into_bytes();
        assert_eq!(string_cuts(&latin, 64), None);
        let mut bom = vec![0xFF, 0xFE];
        bom.extend_from_slice(&xml);
        assert_eq!(string_cuts(&bom, 64), None);
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(&xml);
        assert!(string_cuts(&bom8, 64).is_some());
        assert_eq!(si_texts_in_pieces(&bom8, 64), si_texts(&bom8, false));
    }

    #[test]
    fn one_pass_attrs_and_refs_equal_the_plain_readers() {
        /// The reference, style and type attributes.
        type Three<'a> = (Option<&'a [u8]>, Option<&'a [u8]>, Option<&'a [u8]>);
        fn attrs_split(mut b: &[u8]) -> impl Iterator<Item = Option<(&[u8], &[u8])>> {
            std::iter::from_fn(move || {
                b = b.trim_ascii_start();
                if b.is_empty() {
                    return None;
                }
                let next = || {
                    let eq = b.iter().position(|&c| c == b'=')?;
                    let rest = b[eq + 1..].trim_ascii_start();
                    let quote = *rest.first().filter(|q| matches!(q, b'"' | b'\''))?;
                    let len = rest[1..].iter().position(|&c| c == quote)?;
                    Some((b[..eq].trim_ascii(), &rest[1..1 + len], &rest[len + 2..]))
                };
                Some(match next() {
                    Some((key, val, rest)) => {
                        b = rest;
                        Some((key, val))
                    }
                    None => {
                        b = &[];
                        None
                    }
                })
            })
        }
        fn attrs_by_raw(b: &[u8]) -> Option<Three<'_>> {
            let mut a = (None, None, None);
            for attr in attrs_split(b) {
                let (key, val) = attr?;
                if key.contains(&b'"') || key.contains(&b'\'') {
                    return None;
                }
                let slot = match key {
                    b"r" => &mut a.0,
                    b"s" => &mut a.1,
                    b"t" => &mut a.2,
                    _ => continue,
                };
                if val.contains(&b'&') || slot.replace(val).is_some() {
                    return None;
                }
            }
            Some(a)
        }
        fn ref_plain(r: &[u8]) -> Option<(u32, u32)> {
            let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let digits = &r[letters..];
            if !(1..=3).contains(&letters)
                || !(1..=7).contains(&digits.len())
                || !digits.iter().all(u8::is_ascii_digit)
            {
                return None;
            }
            let col = r[..letters].iter().fold(0u32, |c, b| {
                c * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
            });
            let row = digits
                .iter()
                .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
            Some((row.checked_sub(1)?, col - 1))
        }
        let mut next = crate::test_rng(0x853c_49e6_748f_ea9b);
        // Whole attributes, and the pieces that break them.
        let tag_parts: [&[u8]; 14] = [
            b" r=\"A1\"",
            b" s='3'",
            b" t=\"s\"",
            b" x=\"&amp;\"",
            b" t=\"&\"",
            b"\ts =\n\"7\"",
            b"=",
            b"\"",
            b"'",
            b" ",
            b"\t",
            b"r",
            b"t",
            b"x",
        ];
        let ref_bytes = b"AZaz0919 :";
        let (mut parsed, mut refs) = (0, 0);
        for _ in 0..200_000 {
            let len = (next() % 6) as usize;
            let tag: Vec<u8> = (0..len)
                .flat_map(|_| tag_parts[(next() % tag_parts.len() as u64) as usize])
                .copied()
                .collect();
            let fast = Attrs::parse(&tag).map(|a| (a.r, a.s, a.t));
            assert_eq!(
                fast,
                attrs_by_raw(&tag),
                "{:?}",
                String::from_utf8_lossy(&tag)
            );
            // The attributes as merges read them: split alike, a quote in a name ending them.
            let quoted_name = |a: &Option<(&[u8], &[u8])>| {
                a.is_some_and(|(k, _)| k.contains(&b'"') || k.contains(&b'\''))
            };
            let mut split: Vec<_> = attrs_split(&tag).collect();
            if let Some(at) = split.iter().position(quoted_name) {
                split[at] = None;
                split.truncate(at + 1);
            }
            assert_eq!(
                raw_attrs(&tag).collect::<Vec<_>>(),
                split,
                "{:?}",
                String::from_utf8_lossy(&tag)
            );
            parsed += usize::from(fast.is_some_and(|a| a != (None, None, None)));
            let len = (next() % 12) as usize;
            let r: Vec<u8> = (0..len)
                .map(|_| ref_bytes[(next() % ref_bytes.len() as u64) as usize])
                .collect();
            assert_eq!(
                cell_ref(&r),
                ref_plain(&r),
                "{:?}",
                String::from_utf8_lossy(&r)
            );
            refs += usize::from(cell_ref(&r).is_some());
        }
        // The texts reached the readers' answers, not only their refusals.
        assert!(parsed > 1_000 && refs > 1_000, "{parsed} {refs}");
        assert_eq!(
            Attrs::parse(br#" r="B12" s = '3' t="s""#).map(|a| (a.r, a.s, a.t)),
            Some((Some(&b"B12"[..]), Some(&b"3"[..]), Some(&b"s"[..])))
        );
        assert_eq!(cell_ref(b"XFD1048576"), Some((1_048_575, 16_383)));
    }

    /// The searches that look at a short head first find what a plain search finds, also
    /// where the match begins in the head and ends after it.
    #[test]
    fn short_head_searches_equal_plain_searches() {
        let finder = memmem::Finder::new(b"</c");
        for len in 0..(SHORT + 8) {
            for at in 0..len.saturating_sub(2) {
                let mut hay = vec![b'x'; len];
                hay[at..at + 3].copy_from_slice(b"</c");
                assert_eq!(find_close_c(&hay, &finder), Some(at), "{len} {at}");
                assert_eq!(find_byte_short(&hay, b'/'), Some(at + 1), "{len} {at}");
            }
            let hay = vec![b'x'; len];
            assert_eq!(find_close_c(&hay, &finder), None);
            assert_eq!(find_byte_short(&hay, b'>'), None);
        }
    }

    /// Rows given again or out of order, where the repeats fall in other pieces than the
    /// rows they repeat (the sheet is several of the reader's 1 MiB pieces): the grid holds
    /// what calamine's does, and the fast path reads it.
    #[test]
    fn repeated_rows_across_pieces_equal_calamine() {
        let cell = |r: u32, c: &str, v: String| {
            format!(r#"<c r="{c}{r}" t="inlineStr"><is><t>{v}</t></is></c>"#)
        };
        let mut rows: Vec<String> = (1..=20_000u32)
            .map(|i| {
                format!(
                    r#"<row r="{i}"><c r="A{i}"><v>{i}</v></c>{}</row>"#,
                    cell(i, "D", format!("text {i} {}", "y".repeat(60)))
                )
            })
            .collect();
        for i in [5u32, 9_000, 19_999, 15_000] {
            rows.push(format!(
                r#"<row r="{i}">{}<c r="A{i}"><v>-{i}</v></c></row>"#,
                cell(i, "B", format!("dup {i}"))
            ));
        }
        rows.insert(
            10_000,
            format!(r#"<row r="7">{}</row>"#, cell(7, "G", "late".into())),
        );
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData><mergeCells count="1"><mergeCell ref="D3:E3"/></mergeCells></worksheet>"#,
            rows.concat()
        );
        assert!(sheet.len() > 2 * CHUNK_BYTES);
        let bytes = super::super::xlsx_of_parts(sheet.as_bytes());
        let got = read(&bytes, "x.xlsx").expect("the fast path reads it");
        let want = super::super::read_xlsx_calamine(&bytes, "x.xlsx");
        assert_eq!(format!("{got:?}"), format!("{want:?}"));
        let sheets = got.expect("cells");
        let row5 = &sheets[0].rows[4];
        assert!(format!("{row5:?}").contains("dup 5"), "{row5:?}");
    }

    /// Rows with a cell in the last column (XFD) are 16,384 cells wide: a piece of a few
    /// dozen is handed to the grid as cells, not rows, and reads as calamine reads it; a
    /// piece of narrow rows, also out of order and repeated, is rows as written.
    #[test]
    fn sparse_wide_rows_are_cells_narrow_rows_are_rows() {
        let ctx = Ctx {
            strings: &[],
            formats: &[],
            is_1904: false,
        };
        let wide: String = (1..=40u32)
            .map(|i| {
                format!(
                    r#"<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="XFD{i}"><v>1</v></c></row>"#
                )
            })
            .collect();
        assert!(rows_of(wide.as_bytes(), &ctx).expect("readable").is_none());
        let narrow = r#"<row r="2"><c r="C2"><v>3</v></c><c r="A2"><v>1</v></c></row><row r="1"><c r="B1"><v>2</v></c></row><row r="2"><c r="C2"><v>4</v></c></row>"#;
        let rows = rows_of(narrow.as_bytes(), &ctx)
            .expect("readable")
            .expect("narrow rows");
        let shape: Vec<(u32, Vec<String>)> = rows
            .iter()
            .map(|(r, cells)| (*r, cells.iter().map(|c| c.value.plain()).collect()))
            .collect();
        let row = |r: u32, v: &[&str]| (r, v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            shape,
            vec![
                row(1, &["1", "", "3"]),
                row(0, &["", "2"]),
                row(1, &["", "", "4"])
            ]
        );
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{wide}</sheetData></worksheet>"#
        );
        let bytes = super::super::xlsx_of_parts(sheet.as_bytes());
        let got = read(&bytes, "x.xlsx").expect("the fast path reads it");
        let want = super::super::read_xlsx_calamine(&bytes, "x.xlsx");
        assert_eq!(format!("{got:?}"), format!("{want:?}"));
    }

    /// Every bundled xlsx: the fast path either steps aside or gives calamine's cells.
    #[test]
    fn fast_path_equals_calamine() {
        let mut files = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from("fixtures")];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).expect("fixtures folder") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "xlsx" || x == "xlsm") {
                    files.push(p);
                }
            }
        }
        files.sort();
        assert!(files.len() >= 70, "{files:?}");
        let mut fast = Vec::new();
        for f in &files {
            let bytes = std::fs::read(f).expect("fixture");
            let name = f.display().to_string();
            let Some(got) = read(&bytes, &name) else {
                continue;
            };
            fast.push(f.file_name().unwrap().to_string_lossy().to_string());
            let want = super::super::read_xlsx_calamine(&bytes, &name);
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "{name}");
        }
        // The workbooks Excel, LibreOffice, rust_xlsxwriter, openpyxl, XlsxWriter, SheetJS,
        // ExcelJS and Gnumeric write take the fast path (formula errors, `<v />`,
        // `<v xml:space="preserve">`, inline strings, the 1904 calendar, surrogate pairs).
        for f in [
            "lo_resaved_py_openpyxl_basic_0.xlsx",
            "lo_fods_types.xlsx",
            "lo_resaved_hand_date_formats_1904.xlsx",
            "js_sheetjs_noerr.xlsx",
            "js_exceljs_shared_1904.xlsx",
            "py_openpyxl_basic_2.xlsx",
            "py_xlsxwriter_features.xlsx",
            "gn_xlsx_lo_csv_unicode.xlsx",
            "gn_xlsx_hand_sst_variety.xlsx",
            "hand_xesc_sst_03.xlsx",
            "merged_cells.xlsx",
            "dates.xlsx",
            "rich_text.xlsx",
            "hidden_sheet.xlsx",
            "line_break.xlsx",
            "merge_cells.xlsx",
            "richtext-after-plain.xlsx",
            "has_x000D_.xlsx",
            "header-row.xlsx",
        ] {
            assert!(
                fast.iter().any(|x| x == f),
                "{f} not read by the fast path: {fast:?}"
            );
        }
    }
}
