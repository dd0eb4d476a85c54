//! xlsx through calamine, with what calamine does not give: the bold runs of shared
//! strings, a refusal of a workbook that lists one sheet part for several sheets, and the
//! words of traffic-light fills in empty cells where the sheet has a legend of them.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::ops::ControlFlow;

use calamine::{Color, DataRef, Dimensions, FillPattern, Style, Xlsx, XlsxError};
use quick_xml::events::Event;

use super::{Book, Grid, MAX_INFLATED_BYTES, text_value, value_of, zip_part};
use crate::read::{Para, ReadError, Rich, Run, Value, each_xml_event, lights};

/// What is read of an xlsx besides calamine's cells.
pub(super) struct Extra {
    /// Shared strings with a bold run, by their plain text (see [`bold_strings`]).
    bold: HashMap<String, Vec<Run>>,
    /// Whether any sheet may have merged regions: calamine finds a sheet's merges by
    /// parsing the whole sheet a second time, which is skipped when there are none.
    any_merges: bool,
}

impl<'a> Book<'a> for Xlsx<Cursor<&'a [u8]>> {
    type Extra = Extra;

    fn extra(bytes: &'a [u8], name: &str) -> Result<Extra, ReadError> {
        refuse_shared_parts(bytes, name)?;
        Ok(Extra {
            bold: bold_strings(bytes),
            any_merges: has_merges(bytes),
        })
    }

    fn encrypted(e: &XlsxError) -> bool {
        matches!(e, XlsxError::Password)
    }

    fn cells(
        &mut self,
        sheet: &str,
        extra: &mut Extra,
        grid: &mut Grid<'_>,
    ) -> Result<bool, ReadError> {
        let mut reader = match self.worksheet_cells_reader(sheet) {
            Ok(reader) => reader,
            // A dialog or macro sheet that is not a grid: nothing to read.
            Err(XlsxError::NotAWorksheet(_)) => return Ok(false),
            Err(e) => return Err(grid.broken(&e)),
        };
        let mut lights = Vec::new();
        while let Some((cell, style)) = reader
            .next_cell_with_style_id()
            .map_err(|e| grid.broken(&e))?
        {
            let (row, col) = cell.get_position();
            let value = match cell.get_value() {
                DataRef::SharedString(s) => match extra.bold.get(*s) {
                    Some(runs) => rich_value(runs),
                    None => text_value(s),
                },
                DataRef::Empty => {
                    if let Some(word) = reader.styles().get(style).and_then(light_word) {
                        lights.push((row as usize, col as usize, word));
                    }
                    continue;
                }
                other => value_of(other),
            };
            grid.set(row, col, value)?;
        }
        grid.write_lights(lights)?;
        Ok(true)
    }

    fn merges(&mut self, sheet: &str, extra: &mut Extra) -> Result<Vec<Dimensions>, XlsxError> {
        if !extra.any_merges {
            return Ok(Vec::new());
        }
        self.merge_cells_by_sheet_name(sheet)
    }
}

/// The word of an empty cell's traffic-light fill ([`lights`]).
fn light_word(style: &Style) -> Option<&'static str> {
    let fill = style.fill.as_ref()?;
    if fill.pattern != FillPattern::Solid {
        return None;
    }
    let Color {
        red, green, blue, ..
    } = fill.get_color()?;
    lights::word_of_rgb(red, green, blue)
}

/// A part of the package, within [`MAX_INFLATED_BYTES`].
fn part(bytes: &[u8], path: &str) -> Option<Vec<u8>> {
    zip_part(Cursor::new(bytes), path, MAX_INFLATED_BYTES)
}

/// Refuses a workbook whose relationships point several sheets at one part: calamine
/// would read the part once per sheet, and a small file could list it thousands of times.
fn refuse_shared_parts(bytes: &[u8], name: &str) -> Result<(), ReadError> {
    let Some(xml) = part(bytes, "xl/_rels/workbook.xml.rels") else {
        return Ok(());
    };
    let mut seen = std::collections::HashSet::new();
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let shared = each_xml_event(&mut reader, |ev| {
        let (Event::Empty(e) | Event::Start(e)) = ev else {
            return ControlFlow::Continue(());
        };
        if e.local_name().as_ref() != "Relationship" {
            return ControlFlow::Continue(());
        }
        let attr = |key: &str| {
            e.try_get_attribute(key)
                .ok()
                .flatten()
                .map(|a| a.value.into_owned())
        };
        match (attr("Type"), attr("Target")) {
            (Some(typ), Some(target))
                if typ.ends_with("/worksheet") && !seen.insert(target.clone()) =>
            {
                ControlFlow::Break(target)
            }
            _ => ControlFlow::Continue(()),
        }
    });
    match shared {
        Some(target) => Err(ReadError::invalid(
            name,
            format!("arbetsboken anger samma bladdel ({target}) för flera blad"),
        )),
        None => Ok(()),
    }
}

/// Whether any part of the package names a merged range: a byte search as the parts are
/// unpacked, much cheaper than parsing the sheets. `true` when unsure.
fn has_merges(bytes: &[u8]) -> bool {
    const NEEDLE: &[u8] = b"mergeCell";
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return true;
    };
    let finder = memchr::memmem::Finder::new(NEEDLE);
    // A window of the part: what is left of the last read (less than the needle) and the
    // next piece, so a name cut between two pieces is still found.
    let mut buf = vec![0u8; 1 << 16];
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            return true;
        };
        // Any XML part but the shared strings: a sheet may be stored under any name.
        let Ok(lower) = entry.name().map(|n| n.to_ascii_lowercase()) else {
            return true;
        };
        if !lower.ends_with(".xml") || lower.ends_with("sharedstrings.xml") {
            continue;
        }
        let mut kept = 0;
        loop {
            match entry.read(&mut buf[kept..]) {
                Ok(0) => break,
                Ok(n) => {
                    let end = kept + n;
                    if finder.find(&buf[..end]).is_some() {
                        return true;
                    }
                    kept = (NEEDLE.len() - 1).min(end);
                    buf.copy_within(end - kept..end, 0);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return true,
            }
        }
    }
    false
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

// ---------------------------------------------------------------------------------------
// Bold runs

/// The bold runs of xlsx shared strings, which calamine flattens to plain text. Each shared
/// string with a bold run is kept, keyed by its text as calamine gives it, so that a cell
/// "**Hot och våld** Risk att …" keeps its bold lead (the risk's name). Excel writes such
/// runs; LibreOffice bolds the whole cell instead (a cell style, not read here).
///
/// A file this pass cannot parse gives an empty map (the text still comes from calamine).
fn bold_strings(bytes: &[u8]) -> HashMap<String, Vec<Run>> {
    let Some(xml) = part(bytes, "xl/sharedStrings.xml") else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    // A bold run sits in a run's properties (`<rPr><b/>`); most workbooks have none,
    // and then the strings need not be parsed a second time.
    if memchr::memmem::find(&xml, b"rPr").is_none() {
        return out;
    }
    let mut runs: Vec<Run> = Vec::new();
    let (mut in_r, mut in_rpr, mut in_t, mut bold) = (false, false, false, false);
    let mut skip = 0usize;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    each_xml_event(&mut reader, |ev| {
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
        ControlFlow::<()>::Continue(())
    });
    out
}

fn on(e: &quick_xml::events::BytesStart<'_>) -> bool {
    !e.attributes()
        .flatten()
        .any(|a| a.key.local_name().as_ref() == "val" && matches!(a.value.as_ref(), "0" | "false"))
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
fn unescape_x(s: &str) -> String {
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
                    let c =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
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

#[cfg(test)]
mod tests {
    use super::unescape_x;

    #[test]
    fn ooxml_surrogate_pairs_join() {
        assert_eq!(unescape_x("a_xD83D__xDE00_b"), "a\u{1F600}b");
        assert_eq!(unescape_x("_xD801__xDC37_"), "\u{10437}");
        assert_eq!(unescape_x("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape_x("_xDE00_"), "\u{FFFD}");
        assert_eq!(unescape_x("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_x("x_x000D_y"), "x\ry");
    }

    #[test]
    fn ooxml_escapes() {
        assert_eq!(unescape_x("a_x000D_b"), "a\rb");
        assert_eq!(unescape_x("_x_x00e5_"), "_xå");
        assert_eq!(unescape_x("_x00"), "_x00");
    }
}
