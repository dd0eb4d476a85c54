//! Plans and follow-ups written as prose: a list announces the areas ("… innehåller
//! följande kontrollområden: - Direktupphandling - Skolpliktsbevakning …"), then each area
//! comes back as a heading over its paragraphs (what was checked, then what was found).
//! A tjänsteskrivelse reporting the follow-up is often written so. Read into the same card
//! table as a planning system's export ([`super::cards`]): one row per area, with its
//! control and its result.

use super::cards::{CardRow, CardTable};
use crate::normalize::text::fold_ws;
use crate::read::{Cell, Rich, Row, RowKind, Value};

/// Items an announcing list needs, and how many of them must come back as headings.
const MIN_AREAS: usize = 2;

/// The text of a row that holds one text alone (a line, or a row with one filled cell).
fn lone_text(row: &Row) -> Option<String> {
    match &row.kind {
        RowKind::Text { text, .. } => Some(fold_ws(text)),
        RowKind::Cells(cells) => {
            let mut filled = cells.iter().filter(|c| !c.merged && !c.value.is_empty());
            let first = filled.next()?;
            if filled.next().is_some() {
                return None;
            }
            match &first.value {
                Value::Text(r) => Some(fold_ws(&r.plain())),
                _ => None,
            }
        }
    }
    .filter(|t| !t.is_empty())
}

/// A list item's text without its mark ("- Direktupphandling" → "Direktupphandling").
fn list_item(t: &str) -> Option<&str> {
    let rest = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("• "))
        .or_else(|| t.strip_prefix("– "))
        .or_else(|| t.strip_prefix("* "))?
        .trim();
    (!rest.is_empty() && rest.split_whitespace().count() <= 8 && !rest.ends_with('.'))
        .then_some(rest)
}

/// Whether a paragraph says what the control checks ("Vid granskningen kontrolleras att …").
fn describes_control(t: &str) -> bool {
    let l = t.to_lowercase();
    [
        "kontrolleras",
        "granskas",
        "granskningen",
        "kontrollen",
        "kontrollmoment",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// The areas of a prose plan or follow-up, one row each, when a list announces them and
/// at least two come back, in order, as lines of their own with paragraphs under them.
pub fn find_outline(rows: &[Row]) -> Option<CardTable> {
    let texts: Vec<Option<String>> = rows.iter().map(lone_text).collect();
    // The announcing list: the first run of two or more list items.
    let mut items: Vec<(usize, String)> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        match t.as_deref().and_then(list_item) {
            Some(item) => items.push((i, item.to_string())),
            None if t.is_some() && items.len() >= MIN_AREAS => break,
            None if t.is_some() => items.clear(),
            None => {}
        }
    }
    if items.len() < MIN_AREAS {
        return None;
    }
    let after_list = items.last()?.0 + 1;
    // Lines written more than once (a letterhead repeated on every page) are no paragraph.
    let mut seen = std::collections::HashMap::<&str, usize>::new();
    for t in texts.iter().flatten() {
        *seen.entry(t.as_str()).or_default() += 1;
    }
    let repeated = |t: &str| seen.get(t).is_some_and(|n| *n > 1);
    // Each area's heading, in the list's order.
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut from = after_list;
    for (_, item) in &items {
        let found = (from..rows.len()).find(|&i| {
            texts[i]
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(item))
        });
        if let Some(i) = found {
            headings.push((i, item.clone()));
            from = i + 1;
        }
    }
    if headings.len() < MIN_AREAS || headings.len() * 5 < items.len() * 3 {
        return None;
    }
    // A row that names two fields is a table's header: the document is a table, not prose.
    let header_like = |row: &Row| {
        row.cells()
            .iter()
            .filter(|c| matches!(&c.value, Value::Text(r) if super::synonyms::role_of(&r.plain()) != crate::field::Role::Okand))
            .count()
            >= 2
    };
    // (Asked last: the vocabulary is the costly part.)
    if rows.iter().any(header_like) {
        return None;
    }
    let mut out = CardTable {
        headers: ["Kontrollområde", "Kontroll", "Resultat"]
            .map(String::from)
            .to_vec(),
        rows: Vec::new(),
        lines: Vec::new(),
        label_cells: 0,
        read_as: "som löptext med ett avsnitt per kontrollområde",
        note: format!(
            "{} kontrollområden i löptext, ett avsnitt under varje rubrik",
            headings.len()
        ),
    };
    for (k, (h, title)) in headings.iter().enumerate() {
        let end = headings.get(k + 1).map_or(rows.len(), |(n, _)| *n);
        let mut control: Option<(u32, String)> = None;
        let mut result: Vec<(u32, String)> = Vec::new();
        for i in h + 1..end {
            let Some(t) = texts[i].as_deref() else {
                continue;
            };
            if repeated(t) || list_item(t).is_some() {
                continue;
            }
            if control.is_none() && result.is_empty() && describes_control(t) {
                control = Some((rows[i].line, t.to_string()));
            } else {
                result.push((rows[i].line, t.to_string()));
            }
        }
        let line = rows[*h].line;
        let mut lines = vec![line];
        lines.extend(control.iter().map(|(l, _)| *l));
        lines.extend(result.iter().map(|(l, _)| *l));
        let last_line = lines.iter().copied().max().unwrap_or(line);
        let cell = |s: String| Cell::new(Value::Text(Rich::from_text(&s)));
        let control_text = control.map(|(_, t)| t).unwrap_or_default();
        let result_text = result
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n");
        let source_cells = lines.len() as u32;
        out.lines.extend(lines);
        out.rows.push(CardRow {
            first_line: line,
            last_line,
            cells: vec![cell(title.clone()), cell(control_text), cell(result_text)],
            source_cells,
        });
    }
    out.lines.sort_unstable();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Row> {
        text.lines()
            .enumerate()
            .map(|(i, l)| Row {
                line: i as u32 + 1,
                kind: RowKind::Text {
                    text: l.to_string(),
                    heading: 0,
                },
            })
            .collect()
    }

    #[test]
    fn areas_announced_then_written_under_their_headings() {
        let rows = lines(
            "TJÄNSTESKRIVELSE\nUppföljning av intern kontrollplan 2019\n\
             Planen innehåller följande kontrollområden:\n- Direktupphandling\n- Representation\n\n\
             Direktupphandling\nVid granskningen kontrolleras att avtal följs.\n\
             Sju procent av fakturorna avser inköp utanför avtal.\nTJÄNSTESKRIVELSE\n\
             Representation\nVid granskningen kontrolleras att syfte anges.\n\
             Fem av 40 verifikationer saknade deltagare.\nInga fler avvikelser.\n",
        );
        let t = find_outline(&rows).expect("outline");
        assert_eq!(t.rows.len(), 2);
        let text = |r: usize, c: usize| t.rows[r].cells[c].value.plain();
        assert_eq!(text(0, 0), "Direktupphandling");
        assert_eq!(text(0, 1), "Vid granskningen kontrolleras att avtal följs.");
        assert_eq!(
            text(0, 2),
            "Sju procent av fakturorna avser inköp utanför avtal."
        );
        assert_eq!(
            text(1, 2),
            "Fem av 40 verifikationer saknade deltagare.\nInga fler avvikelser."
        );
        // The letterhead repeated on a later page is no part of an area.
        assert!(
            !t.lines.contains(&1) && !t.lines.contains(&10),
            "{:?}",
            t.lines
        );
    }

    #[test]
    fn a_list_whose_items_do_not_come_back_is_no_outline() {
        let rows = lines(
            "Planen omfattar:\n- Direktupphandling\n- Representation\n\nInga avvikelser noterades.\n",
        );
        assert_eq!(find_outline(&rows), None);
    }
}
