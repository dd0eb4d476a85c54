//! Plans and follow-ups written as prose: a list announces the areas ("… innehåller
//! följande kontrollområden: - Direktupphandling - Skolpliktsbevakning …"), then each area
//! comes back as a heading over its paragraphs (what was checked, then what was found).
//! A tjänsteskrivelse reporting the follow-up is often written so. Read into the same card
//! table as a planning system's export ([`super::cards`]): one row per area, with its
//! control and its result.

use super::cards::{CardRow, CardTable};
use super::evidence::threshold::{LABEL_MAX_WORDS, POINT_WORDS};
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
    // (Asked last: the vocabulary is the costly part.)
    if has_header_row(rows) {
        return None;
    }
    Some(area_table(
        rows,
        &texts,
        &headings,
        &repeated,
        false,
        (
            "som löptext med ett avsnitt per kontrollområde",
            format!(
                "{} kontrollområden i löptext, ett avsnitt under varje rubrik",
                headings.len()
            ),
        ),
    ))
}

/// One row per area heading: the area, the paragraph under it that says what the control
/// checks (when the first one does), and the other paragraphs as its result, up to the next
/// heading. Lines `skip` says are no paragraph (a letterhead, a page's footer) and list
/// items are left out.
/// `report`: the paragraphs are what was found (none says what the control checks), and a
/// paragraph's lines are one text (a PDF's copy breaks them).
fn area_table(
    rows: &[Row],
    texts: &[Option<String>],
    headings: &[(usize, String)],
    skip: &dyn Fn(&str) -> bool,
    report: bool,
    (read_as, note): (&'static str, String),
) -> CardTable {
    let mut out = CardTable {
        headers: ["Kontrollområde", "Kontroll", "Resultat"]
            .map(String::from)
            .to_vec(),
        rows: Vec::new(),
        lines: Vec::new(),
        label_cells: 0,
        read_as,
        note,
    };
    for (k, (h, title)) in headings.iter().enumerate() {
        let end = headings.get(k + 1).map_or(rows.len(), |(n, _)| *n);
        let mut control: Option<(u32, String)> = None;
        let mut result: Vec<(u32, String)> = Vec::new();
        // `joined`: the line above was one of this paragraph's; `more`: the lines joined.
        let (mut joined, mut more) = (false, Vec::new());
        for i in h + 1..end {
            let Some(t) = texts[i].as_deref() else {
                joined = false;
                continue;
            };
            if skip(t) || list_item(t).is_some() {
                continue;
            }
            if !report && control.is_none() && result.is_empty() && describes_control(t) {
                control = Some((rows[i].line, t.to_string()));
            } else if let (true, Some((_, last))) = (report && joined, result.last_mut()) {
                last.push(' ');
                last.push_str(t);
                more.push(rows[i].line);
            } else {
                result.push((rows[i].line, t.to_string()));
            }
            joined = true;
        }
        let line = rows[*h].line;
        let mut lines = vec![line];
        lines.extend(control.iter().map(|(l, _)| *l));
        lines.extend(result.iter().map(|(l, _)| *l));
        lines.extend(more);
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
    out
}

/// A heading naming the internal control's part of a larger report ("Resultatöversikt
/// internkontroll", "Uppföljning av intern kontroll"): a few words, no sentence.
fn names_internal_control(t: &str) -> bool {
    let l = t.to_lowercase();
    t.split_whitespace().count() <= LABEL_MAX_WORDS
        && !t.ends_with(['.', ':', '!', '?', ','])
        // A plan's title ("Internkontrollplan 2014") heads a plan, not a report's section.
        && !l.contains("plan")
        && ["internkontroll", "intern kontroll", "interna kontroll"]
            .iter()
            .any(|w| l.contains(w))
}

/// A page's number written alone: "4", "Sida 4", "4 (12)", "Sida 4 av 12".
fn is_page_number(t: &str) -> bool {
    let t = t.to_lowercase();
    let t = t.strip_prefix("sida").unwrap_or(&t).trim();
    t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, ' ' | '(' | ')' | '/')
                || c.is_alphabetic() && "av".contains(c)
        })
}

/// A row of two cells whose last is a page's number ([`is_page_number`]).
fn is_page_foot(cells: &[Cell]) -> bool {
    let filled: Vec<String> = cells
        .iter()
        .filter(|c| !c.merged && !c.value.is_empty())
        .map(|c| fold_ws(&c.value.plain()))
        .collect();
    filled.len() == 2 && is_page_number(&filled[1])
}

/// Which lines are a page's head or foot: a line written again (with another page number),
/// or a page's number alone.
fn page_lines(texts: &[Option<String>]) -> impl Fn(&str) -> bool {
    let key = |t: &str| {
        t.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .to_string()
    };
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for t in texts.iter().flatten() {
        *seen.entry(key(t)).or_default() += 1;
    }
    move |t: &str| seen.get(&key(t)).is_some_and(|n| *n > 1) || is_page_number(t)
}

/// A report's section on the internal control written as prose (an årsredovisning's
/// "Resultatöversikt internkontroll"): after the heading naming it, each checked area is a
/// short line of its own (after a blank line or a finished sentence) over paragraphs of
/// what was found. Two areas or more, and nothing after the heading laid out as a table.
pub fn find_report(rows: &[Row]) -> Option<CardTable> {
    let texts: Vec<Option<String>> = rows.iter().map(lone_text).collect();
    let anchor = texts
        .iter()
        .position(|t| t.as_deref().is_some_and(names_internal_control))?;
    let page_line = page_lines(&texts);
    let short = |t: &str| {
        (1..=LABEL_MAX_WORDS).contains(&t.split_whitespace().count())
            && !t.ends_with(['.', ':', ';', '!', '?', ','])
            && t.starts_with(char::is_uppercase)
    };
    let mut headings: Vec<(usize, String)> = Vec::new();
    for i in anchor + 1..rows.len() {
        // Laid out in cells: a table, unless it is a page's foot or head ("Miljö- och
        // byggnämnden 2022 … 4": some text and the page's number).
        if super::filled_cells(rows[i].cells()) >= 2 && !is_page_foot(rows[i].cells()) {
            return None;
        }
        let Some(t) = texts[i].as_deref() else {
            continue;
        };
        if !short(t) || page_line(t) {
            continue;
        }
        // Not a paragraph's last line: the line above is blank or ends a sentence.
        let after_break = i == anchor + 1
            || texts[i - 1]
                .as_deref()
                .is_none_or(|p| p.ends_with(['.', '!', '?', ':']) || i - 1 == anchor);
        // A paragraph follows: its first line is no heading.
        let paragraph = (i + 1..rows.len())
            .find_map(|k| texts[k].as_deref())
            .is_some_and(|n| !short(n) && !page_line(n));
        if after_break && paragraph {
            headings.push((i, t.to_string()));
        }
    }
    if headings.len() < MIN_AREAS || has_header_row(rows) {
        return None;
    }
    let n = headings.len();
    let table = area_table(
        rows,
        &texts,
        &headings,
        &page_line,
        true,
        (
            "som löptext i en rapports avsnitt om intern kontroll, ett stycke per kontrollområde",
            format!("{n} kontrollområden i löptext under rubriken om intern kontroll"),
        ),
    );
    // What each area says is written in sentences (not a table's cells one per line).
    let sentences = table.rows.iter().all(|r| {
        let t = r.cells[2].value.plain();
        t.split_whitespace().count() >= 8 && (t.contains(". ") || t.trim_end().ends_with('.'))
    });
    sentences.then_some(table)
}

/// A row that names two fields is a table's header: the document is a table, not prose.
fn has_header_row(rows: &[Row]) -> bool {
    rows.iter().any(|row| {
        row.cells()
            .iter()
            .filter(|c| matches!(&c.value, Value::Text(r) if super::synonyms::role_of(&r.plain()) != crate::field::Role::Okand))
            .count()
            >= 2
    })
}

/// A numbered point of a prose follow-up: "3. Stickprov på loggar i verksamhetssystemet"
/// (a number, a full stop or parenthesis, a capital; not a sentence).
fn numbered_point(t: &str) -> Option<(u32, &str)> {
    let (number, rest) = super::cards::numbered_heading(t)?;
    if !t.trim_start()[number.len()..].starts_with(['.', ')']) {
        return None;
    }
    let number: u32 = number.parse().ok()?;
    let words = rest.split_whitespace().count();
    // A control is a phrase: "1. Sammanfattning", "2. Ärendet" are a document's sections.
    (POINT_WORDS.contains(&words) && rest.starts_with(char::is_uppercase) && !rest.ends_with('.'))
        .then_some((number, rest))
}

/// A control's point numbered under its risk's: "1.2 Granskning av …" (the risk's number,
/// the control's, a capital; a phrase, not a sentence).
fn sub_point(t: &str) -> Option<(u32, u32, &str)> {
    let (number, rest) = t.trim().split_once(' ')?;
    let number = number.strip_suffix('.').unwrap_or(number);
    let (risk, control) = number.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(risk) || !digits(control) {
        return None;
    }
    let rest = rest.trim();
    let words = rest.split_whitespace().count();
    (POINT_WORDS.contains(&words) && rest.starts_with(char::is_uppercase) && !rest.ends_with('.'))
        .then(|| Some((risk.parse().ok()?, control.parse().ok()?, rest)))
        .flatten()
}

/// A line starting with a label the vocabulary knows, then a colon and its value ("Status:
/// Genomförd", "Bedömning: Delvis tillfredsställande"): the label and the value.
fn known_label(t: &str) -> Option<(&str, &str)> {
    let (label, value) = t.split_once(':')?;
    let (label, value) = (label.trim(), value.trim());
    let short = (1..=4).contains(&label.split_whitespace().count());
    (short
        && !value.is_empty()
        && label.starts_with(char::is_uppercase)
        && super::synonyms::role_of(label) != crate::field::Role::Okand)
        .then_some((label, value))
}

/// One control of a follow-up written as prose under numbered risks.
#[derive(Default)]
struct ProseControl {
    number: String,
    text: String,
    /// Labelled values in order ("Status", "Genomförd"), each wrapped line joined.
    fields: Vec<(String, String)>,
    /// Unlabelled paragraphs: what was found.
    result: Vec<String>,
    lines: Vec<u32>,
}

/// One numbered risk with its controls.
struct ProseRisk {
    number: u32,
    name: String,
    lines: Vec<u32>,
    controls: Vec<ProseControl>,
}

/// Where a line under a control goes on: the value of its last label, or a paragraph of
/// the result.
enum Open {
    None,
    Field,
    Result,
}

/// A follow-up written as prose under numbered risks: a risk's heading "1. Tillsyn
/// genomförs inte …" (wrapped lines going on in lower case), its controls "1.1 Avstämning
/// av …", "1.2 …", and under each control its follow-up: lines "Status: Genomförd",
/// "Bedömning: …", "Fortsatt åtgärd: …" (a label the vocabulary knows, its value wrapping
/// on until a blank line) and unlabelled paragraphs (the result). Risks numbered 1, 2, 3 …
/// (two or more) in order, each with controls numbered under it. A short line after a
/// blank one that is no sentence ("Beslutsunderlag") ends the follow-up.
fn find_risk_points(rows: &[Row]) -> Option<CardTable> {
    let texts: Vec<Option<String>> = rows.iter().map(lone_text).collect();
    let first = texts.iter().position(|t| {
        t.as_deref()
            .and_then(numbered_point)
            .is_some_and(|(n, _)| n == 1)
    })?;
    let page_line = page_lines(&texts);
    let mut risks: Vec<ProseRisk> = Vec::new();
    let mut open = Open::None;
    let mut blank_before = true;
    for (i, row) in rows.iter().enumerate().skip(first) {
        let Some(t) = texts[i].as_deref() else {
            // A blank line ends a paragraph; a line of several cells (a page's head) is
            // page furniture.
            if super::filled_cells(row.cells()) == 0 {
                blank_before = true;
            } else if !is_page_foot(row.cells()) && super::filled_cells(row.cells()) > 2 {
                return None;
            }
            continue;
        };
        // A page's head or foot, not a label written again under another control.
        if page_line(t) && known_label(t).is_none() {
            continue;
        }
        let was_blank = std::mem::replace(&mut blank_before, false);
        if let Some((n, name)) = numbered_point(t)
            && n as usize == risks.len() + 1
        {
            risks.push(ProseRisk {
                number: n,
                name: name.to_string(),
                lines: vec![row.line],
                controls: Vec::new(),
            });
            open = Open::None;
            continue;
        }
        let risk = risks.last_mut()?;
        if let Some((r, c, text)) = sub_point(t) {
            if r != risk.number || c as usize != risk.controls.len() + 1 {
                return None;
            }
            risk.controls.push(ProseControl {
                number: format!("{r}.{c}"),
                text: text.to_string(),
                lines: vec![row.line],
                ..Default::default()
            });
            open = Open::None;
            continue;
        }
        let Some(control) = risk.controls.last_mut() else {
            // The risk's heading wrapped: its lines go on in lower case.
            if !was_blank && t.starts_with(char::is_lowercase) {
                risk.name.push(' ');
                risk.name.push_str(t);
                risk.lines.push(row.line);
                continue;
            }
            return None;
        };
        if let Some((label, value)) = known_label(t) {
            control.fields.push((label.to_string(), value.to_string()));
            control.lines.push(row.line);
            open = Open::Field;
            continue;
        }
        match open {
            Open::Field if !was_blank => {
                if let Some((_, v)) = control.fields.last_mut() {
                    v.push(' ');
                    v.push_str(t);
                }
            }
            Open::Result if !was_blank => {
                if let Some(p) = control.result.last_mut() {
                    p.push(' ');
                    p.push_str(t);
                }
            }
            _ => {
                // A section's heading after the follow-up ends it.
                let words = t.split_whitespace().count();
                if words <= LABEL_MAX_WORDS && !t.ends_with(['.', '!', '?', ',', ';']) {
                    break;
                }
                control.result.push(t.to_string());
                open = Open::Result;
            }
        }
        control.lines.push(row.line);
    }
    let controls: usize = risks.iter().map(|r| r.controls.len()).sum();
    let followed = risks
        .iter()
        .flat_map(|r| &r.controls)
        .all(|c| !c.fields.is_empty() || !c.result.is_empty());
    if risks.len() < MIN_AREAS
        || risks.iter().any(|r| r.controls.is_empty())
        || !followed
        || has_header_row(rows)
    {
        return None;
    }
    // The labels as first written, in the order they first come.
    let mut labels: Vec<String> = Vec::new();
    for (label, _) in risks
        .iter()
        .flat_map(|r| &r.controls)
        .flat_map(|c| &c.fields)
    {
        let key = label.to_lowercase();
        if !labels.iter().any(|l| l.to_lowercase() == key) {
            labels.push(label.clone());
        }
    }
    let mut headers: Vec<String> = [
        "Risknummer",
        "Riskområde",
        "Kontrollnummer",
        "Kontrollmoment",
    ]
    .map(String::from)
    .to_vec();
    headers.extend(labels.iter().cloned());
    headers.push("Resultat".to_string());
    let cell = |s: &str| Cell::new(Value::Text(Rich::from_text(s)));
    let mut out = CardTable {
        headers,
        rows: Vec::new(),
        lines: Vec::new(),
        label_cells: 0,
        read_as: "som löptext med numrerade risker och kontrollpunkter under dem",
        note: format!(
            "{} numrerade risker med {controls} kontrollpunkter i löptext",
            risks.len()
        ),
    };
    for risk in &risks {
        for (k, control) in risk.controls.iter().enumerate() {
            let mut cells = vec![
                Cell {
                    merged: k > 0,
                    ..cell(&risk.number.to_string())
                },
                Cell {
                    merged: k > 0,
                    ..cell(&risk.name)
                },
                cell(&control.number),
                cell(&control.text),
            ];
            for label in &labels {
                let key = label.to_lowercase();
                let values: Vec<&str> = control
                    .fields
                    .iter()
                    .filter(|(l, _)| l.to_lowercase() == key)
                    .map(|(_, v)| v.as_str())
                    .collect();
                cells.push(cell(&values.join("\n")));
            }
            cells.push(cell(&control.result.join("\n")));
            let mut lines = control.lines.clone();
            if k == 0 {
                lines.extend(&risk.lines);
            }
            out.rows.push(CardRow {
                first_line: lines.iter().copied().min().unwrap_or_default(),
                last_line: lines.iter().copied().max().unwrap_or_default(),
                source_cells: lines.len() as u32,
                cells,
            });
            out.lines.extend(lines);
        }
    }
    out.lines.sort_unstable();
    Some(out)
}

/// A follow-up written as prose with numbered points: an area's heading ("Ekonomiskt
/// bistånd") over its points ("1. Stickprov på …"), each point a control with the
/// paragraphs under it as its result. Points numbered 1, 2, 3 … (two or more) in order.
/// Points with controls numbered under them ("1.1 …") are risks ([`find_risk_points`]).
pub fn find_points(rows: &[Row]) -> Option<CardTable> {
    if let Some(table) = find_risk_points(rows) {
        return Some(table);
    }
    let texts: Vec<Option<String>> = rows.iter().map(lone_text).collect();
    let points: Vec<(usize, u32)> = texts
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, numbered_point(t.as_deref()?)?.0)))
        .collect();
    let in_order = points
        .iter()
        .enumerate()
        .all(|(k, (_, n))| *n as usize == k + 1);
    if points.len() < MIN_AREAS || !in_order {
        return None;
    }
    if has_header_row(rows) {
        return None;
    }
    // An area's heading: the text right before a point, short and no sentence.
    let heading_before = |p: usize| {
        let prev = (0..p).rev().find(|&i| texts[i].is_some())?;
        let t = texts[prev].as_deref()?;
        (numbered_point(t).is_none()
            && t.split_whitespace().count() <= LABEL_MAX_WORDS
            && !t.ends_with(['.', ':', '!', '?']))
        .then(|| (prev, t.to_string()))
    };
    let cell = |s: &str| Cell::new(Value::Text(Rich::from_text(s)));
    let mut out = CardTable {
        headers: ["Kontrollområde", "Kontroll nr", "Kontroll", "Resultat"]
            .map(String::from)
            .to_vec(),
        rows: Vec::new(),
        lines: Vec::new(),
        label_cells: 0,
        read_as: "som löptext med numrerade kontrollpunkter under sina områden",
        note: format!("{} numrerade kontrollpunkter i löptext", points.len()),
    };
    let mut area: Option<String> = None;
    for (k, &(p, n)) in points.iter().enumerate() {
        let mut cells = Vec::with_capacity(4);
        let mut lines: Vec<u32> = Vec::new();
        match heading_before(p) {
            Some((h, title)) => {
                cells.push(cell(&title));
                lines.push(rows[h].line);
                area = Some(title);
            }
            None => cells.push(Cell {
                merged: area.is_some(),
                ..cell(area.as_deref().unwrap_or_default())
            }),
        }
        let text = texts[p].as_deref().unwrap_or_default();
        let control = numbered_point(text).map_or("", |(_, c)| c);
        cells.push(cell(&n.to_string()));
        cells.push(cell(control));
        lines.push(rows[p].line);
        // The paragraphs up to the next point (or the heading above it).
        let next = points.get(k + 1).map(|&(q, _)| q);
        let end = match next {
            Some(q) => heading_before(q).map_or(q, |(h, _)| h),
            None => rows.len(),
        };
        let result: Vec<&str> = (p + 1..end)
            .filter_map(|i| {
                let t = texts[i].as_deref()?;
                lines.push(rows[i].line);
                Some(t)
            })
            .collect();
        // Each point has what was found under it.
        if result.is_empty() {
            return None;
        }
        cells.push(cell(&result.join("\n")));
        let first_line = rows[p].line.min(lines[0]);
        let last_line = lines.iter().copied().max().unwrap_or(first_line);
        out.rows.push(CardRow {
            first_line,
            last_line,
            cells,
            source_cells: lines.len() as u32,
        });
        out.lines.extend(lines);
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
    fn numbered_points_under_area_headings() {
        let rows = lines(
            "Uppföljning av internkontrollplan 2022\n\nEkonomiskt bistånd\n\n\
             1. Stickprov på anvisningar\n\nGranskning har inte kunnat göras.\n\n\
             2. Stickprov på handlingar\n\nAvvikelse i 20 procent.\n\n\
             Informationssäkerhet\n\n3. Stickprov på loggar\n\nIngen avvikelse.\n",
        );
        let t = find_points(&rows).expect("points");
        let text = |r: usize, c: usize| t.rows[r].cells[c].value.plain();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(text(0, 0), "Ekonomiskt bistånd");
        assert_eq!(text(0, 1), "1");
        assert_eq!(text(0, 2), "Stickprov på anvisningar");
        assert_eq!(text(0, 3), "Granskning har inte kunnat göras.");
        // The second point is under the same area (a merged copy of its heading).
        assert!(t.rows[1].cells[0].merged);
        assert_eq!(text(2, 0), "Informationssäkerhet");
        assert_eq!(text(2, 3), "Ingen avvikelse.");
        // Points out of order are no such document.
        let rows = lines("2. Stickprov på loggar\n\nIngen.\n\n1. Stickprov på avtal\n");
        assert_eq!(find_points(&rows), None);
    }

    #[test]
    fn numbered_risks_over_numbered_controls_with_labelled_follow_up() {
        let rows = lines(
            "Uppföljning av internkontrollplan 2019\n\n\
             1. Tillsyn genomförs inte i den omfattning\nplanen anger\n\
             1.1 Avstämning av tillsyner mot planen\n\nStatus: Genomförd\n\n\
             Bedömning: Delvis tillfredsställande\n\nAv 410 tillsyner genomfördes 352.\n\
             Underskottet beror på vakanser.\n\nFortsatt åtgärd: Planen anpassas\ntill bemanningen.\n\n\
             1.2 Granskning av protokoll med brister\n\nStatus: Genomförd\n\n\
             Samtliga protokoll innehöll föreläggande.\n\n\
             2. Direktupphandlingar dokumenteras inte\n\
             2.1 Granskning av direktupphandlingar över 100 000 kronor\n\nStatus: Ej genomförd\n\n\
             Fortsatt åtgärd: Granskningen görs 2020.\n\nBeslutsunderlag\n\n\
             Tjänsteskrivelse 2020-02-04, controller\n",
        );
        let t = find_points(&rows).expect("points");
        assert_eq!(
            t.headers,
            [
                "Risknummer",
                "Riskområde",
                "Kontrollnummer",
                "Kontrollmoment",
                "Status",
                "Bedömning",
                "Fortsatt åtgärd",
                "Resultat"
            ]
        );
        let text = |r: usize, c: usize| t.rows[r].cells[c].value.plain();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(
            text(0, 1),
            "Tillsyn genomförs inte i den omfattning planen anger"
        );
        assert_eq!(text(0, 2), "1.1");
        assert_eq!(text(0, 4), "Genomförd");
        assert_eq!(text(0, 5), "Delvis tillfredsställande");
        assert_eq!(text(0, 6), "Planen anpassas till bemanningen.");
        assert_eq!(
            text(0, 7),
            "Av 410 tillsyner genomfördes 352. Underskottet beror på vakanser."
        );
        // The second control is under the same risk (merged copies of its cells).
        assert!(t.rows[1].cells[1].merged);
        assert_eq!(text(2, 0), "2");
        // The section after the follow-up is no part of the last control.
        assert_eq!(text(2, 6), "Granskningen görs 2020.");
        assert_eq!(text(2, 7), "");
    }

    #[test]
    fn a_list_whose_items_do_not_come_back_is_no_outline() {
        let rows = lines(
            "Planen omfattar:\n- Direktupphandling\n- Representation\n\nInga avvikelser noterades.\n",
        );
        assert_eq!(find_outline(&rows), None);
    }
}
