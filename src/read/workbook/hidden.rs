//! Hidden columns and rows of an xlsx sheet, which calamine does not give: read from the
//! sheet parts' `<col hidden>` and `<row hidden>`.
//!
//! What a controller expects of them, as the plan is printed and shown:
//! - A column or row folded in a collapsed outline group is detail of the plan shown with a
//!   click ("S" and "K" folded beside "RV"): read as any other, and not reported.
//! - A hidden column is no field of the plan: it holds a database key ("ID"), a lookup or a
//!   helper formula, and read as a field it takes the place of the plan's own (an "ID" of
//!   keys read as the risks' numbers). Its cells are not read, and IK118 names each such
//!   column and its first text, so that nothing goes silently.
//! - A hidden row is read (often an old risk kept out of print, sometimes a risk hidden by
//!   a filter), and IK119 says how many and where the first is, so that the user can see
//!   why the output holds a risk the printed plan does not.

use std::collections::{BTreeSet, HashMap};
use std::io::{Cursor, Read};
use std::ops::ControlFlow;

use quick_xml::events::Event;

use super::MAX_INFLATED_BYTES;
use crate::finding::{Loc, a1, finding};
use crate::model::Finding;
use crate::read::{Cell, RowKind, Sheet, each_xml_event};

/// The hidden columns (0-based) and rows (1-based) of one sheet part.
#[derive(Debug, Default, PartialEq)]
struct Hidden {
    columns: Vec<(u32, u32)>,
    rows: BTreeSet<u32>,
}

impl Hidden {
    fn column(&self, col: usize) -> bool {
        let col = col as u32;
        self.columns.iter().any(|(a, b)| (*a..=*b).contains(&col))
    }
}

/// Clears the cells of hidden columns (IK118, per sheet) and reports the hidden rows that
/// were read (IK119, per sheet). A workbook that cannot be unpacked here is left whole
/// (calamine read it; what is hidden is then not known).
pub(crate) fn hidden_lines(bytes: &[u8], name: &str, sheets: &mut [Sheet]) -> Vec<Finding> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut part = |path: &str| -> Option<Vec<u8>> {
        let entry = zip.by_name(path).ok()?;
        let mut out = Vec::new();
        entry.take(MAX_INFLATED_BYTES).read_to_end(&mut out).ok()?;
        Some(out)
    };
    let parts = match (part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels")) {
        (Some(book), Some(rels)) => sheet_parts(&book, &rels),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for sheet in sheets.iter_mut() {
        let Some(path) = sheet.name.as_ref().and_then(|n| parts.get(n)) else {
            continue;
        };
        let Some(xml) = part(path) else {
            continue;
        };
        // Most sheets hide nothing: a byte search spares them the parse.
        if memchr::memmem::find(&xml, b"hidden").is_none() {
            continue;
        }
        let hidden = hidden_of(&xml);
        out.extend(clear_hidden_columns(sheet, &hidden, name));
        out.extend(hidden_rows(sheet, &hidden, name));
    }
    out
}

/// Sheet name → its part's path in the package ("xl/worksheets/sheet1.xml").
fn sheet_parts(book: &[u8], rels: &[u8]) -> HashMap<String, String> {
    let mut targets: HashMap<String, String> = HashMap::new();
    let mut reader = quick_xml::Reader::from_reader(rels);
    each_xml_event::<_, ()>(&mut reader, |ev| {
        if let Event::Empty(e) | Event::Start(e) = ev
            && e.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target"))
        {
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, path);
        }
        ControlFlow::Continue(())
    });
    let mut out = HashMap::new();
    let mut reader = quick_xml::Reader::from_reader(book);
    each_xml_event::<_, ()>(&mut reader, |ev| {
        if let Event::Empty(e) | Event::Start(e) = ev
            && e.local_name().as_ref() == "sheet"
            && let (Some(name), Some(id)) = (attr(&e, "name"), relationship_id(&e))
            && let Some(path) = targets.get(&id)
        {
            out.insert(name, path.clone());
        }
        ControlFlow::Continue(())
    });
    out
}

/// An attribute's unescaped value.
fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    let a = e.try_get_attribute(key).ok().flatten()?;
    Some(value(&a))
}

fn value(a: &quick_xml::events::attributes::Attribute) -> String {
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| a.value.clone().into_owned())
}

/// A sheet's relationship id (`r:id`, whatever the namespace's prefix).
fn relationship_id(e: &quick_xml::events::BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "id" && a.key.prefix().is_some())
        .map(|a| value(&a))
}

fn is_true(v: Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true"))
}

/// Whether a `<col>` or `<row>` is hidden out of the plan: hidden, and not folded in an
/// outline group (a group the author collapsed, "S" and "K" folded beside "RV", is detail
/// of the plan shown with a click: read as any other).
fn hidden_out(e: &quick_xml::events::BytesStart) -> bool {
    is_true(attr(e, "hidden"))
        && attr(e, "outlineLevel")
            .and_then(|v| v.parse::<u32>().ok())
            .is_none_or(|level| level == 0)
}

/// The hidden columns and rows of a sheet part.
fn hidden_of(xml: &[u8]) -> Hidden {
    let mut hidden = Hidden::default();
    let mut row = 0u32;
    let mut reader = quick_xml::Reader::from_reader(xml);
    each_xml_event::<_, ()>(&mut reader, |ev| {
        let (Event::Empty(e) | Event::Start(e)) = ev else {
            return ControlFlow::Continue(());
        };
        match e.local_name().as_ref() {
            "col" if hidden_out(&e) => {
                let num = |k| attr(&e, k).and_then(|v| v.parse::<u32>().ok());
                if let (Some(min), Some(max)) = (num("min"), num("max"))
                    && min >= 1
                    && max >= min
                {
                    hidden.columns.push((min - 1, max - 1));
                }
            }
            "row" => {
                // A row without its number follows the one before.
                row = attr(&e, "r")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(row + 1);
                if hidden_out(&e) {
                    hidden.rows.insert(row);
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    });
    hidden
}

/// IK118: clears the cells of the sheet's hidden columns on rows that show a cell too,
/// naming each column that held text and its first text. A row of hidden cells only (a
/// title in A1 over a hidden column A) is kept: it is no column's field.
fn clear_hidden_columns(sheet: &mut Sheet, hidden: &Hidden, file: &str) -> Option<Finding> {
    if hidden.columns.is_empty() {
        return None;
    }
    let shows = |cells: &[Cell]| {
        cells
            .iter()
            .enumerate()
            .any(|(i, c)| !hidden.column(i) && !c.value.is_empty())
    };
    // (column, first row, first text) of each hidden column that holds anything on a row
    // that shows something.
    let mut held: Vec<(usize, u32, String)> = Vec::new();
    for row in &sheet.rows {
        let RowKind::Cells(cells) = &row.kind else {
            continue;
        };
        if !shows(cells) {
            continue;
        }
        for (i, c) in cells.iter().enumerate() {
            if hidden.column(i) && !c.value.is_empty() && !held.iter().any(|(k, _, _)| *k == i) {
                held.push((i, row.line, c.value.plain().trim().to_string()));
            }
        }
    }
    if held.is_empty() {
        return None;
    }
    for row in &mut sheet.rows {
        if let RowKind::Cells(cells) = &mut row.kind
            && shows(cells)
        {
            for (i, c) in cells.iter_mut().enumerate() {
                if hidden.column(i) {
                    *c = Cell::default();
                }
            }
        }
    }
    held.sort();
    let (first_col, first_row, _) = held[0].clone();
    let named: Vec<String> = held
        .iter()
        .map(|(col, _, text)| {
            let letter = a1(*col, 1).trim_end_matches('1').to_string();
            let text: String = text.chars().take(40).collect();
            format!("{letter} \u{201d}{text}\u{201d}")
        })
        .collect();
    let (some, them) = if held.len() == 1 {
        ("en dold kolumn", "kolumnen i Excel om den")
    } else {
        ("dolda kolumner", "kolumnerna i Excel om de")
    };
    Some(finding(
        "IK118",
        format!(
            "Bladet har {some} som inte lästes: {}; dolda kolumner syns inte i den utskrivna \
             planen och är inga av dess fält (visa {them} ska läsas)",
            named.join(", ")
        ),
        Loc {
            fil: file.to_string(),
            blad: sheet.name.clone(),
            cell: Some(a1(first_col, first_row)),
            rad: Some(first_row),
        },
        None,
    ))
}

/// IK119: the hidden rows with text that were read, with their count and the first.
fn hidden_rows(sheet: &Sheet, hidden: &Hidden, file: &str) -> Option<Finding> {
    if hidden.rows.is_empty() {
        return None;
    }
    let mut count = 0usize;
    let mut first: Option<(u32, usize)> = None;
    for row in &sheet.rows {
        if !hidden.rows.contains(&row.line) || row.is_blank() {
            continue;
        }
        count += 1;
        let col = row.cells().iter().position(|c| !c.value.is_empty());
        first.get_or_insert((row.line, col.unwrap_or(0)));
    }
    let (line, col) = first?;
    let rows = if count == 1 {
        "dold rad"
    } else {
        "dolda rader"
    };
    Some(finding(
        "IK119",
        format!(
            "Bladet har {count} {rows} som lästes (första: rad {line}); de syns inte i den \
             utskrivna planen: är de gamla risker som inte ska vara med, ta bort dem ur filen"
        ),
        Loc {
            fil: file.to_string(),
            blad: sheet.name.clone(),
            cell: Some(a1(col, line)),
            rad: Some(line),
        },
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_columns_and_rows_are_read_from_the_sheet_part() {
        // Columns G:H and row 7 are folded in outline groups: not hidden out.
        let xml = br#"<worksheet><cols><col min="1" max="1" width="4" hidden="1"/>
            <col min="3" max="5" hidden="true"/><col min="6" max="6" width="9"/>
            <col min="7" max="8" hidden="1" outlineLevel="1"/></cols>
            <sheetData><row r="1"><c r="A1"/></row><row r="4" hidden="1"/><row hidden="1"/>
            <row r="7" hidden="1" outlineLevel="2"/></sheetData></worksheet>"#;
        let h = hidden_of(xml);
        assert_eq!(h.columns, vec![(0, 0), (2, 4)]);
        assert_eq!(h.rows.iter().copied().collect::<Vec<_>>(), vec![4, 5]);
        assert!(h.column(0) && !h.column(1) && h.column(4) && !h.column(5) && !h.column(6));
    }

    #[test]
    fn sheet_names_lead_to_their_parts() {
        let book = br#"<workbook xmlns:r="x"><sheets><sheet name="Plan &amp; risker" sheetId="1" r:id="rId2"/>
            <sheet name="B" sheetId="2" r:id="rId3"/></sheets></workbook>"#;
        let rels = br#"<Relationships><Relationship Id="rId2" Type="t/worksheet" Target="worksheets/sheet1.xml"/>
            <Relationship Id="rId3" Type="t/worksheet" Target="/xl/worksheets/b.xml"/></Relationships>"#;
        let parts = sheet_parts(book, rels);
        assert_eq!(parts["Plan & risker"], "xl/worksheets/sheet1.xml");
        assert_eq!(parts["B"], "xl/worksheets/b.xml");
    }
}
