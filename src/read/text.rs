//! Text documents as tables come out of Word and PDF: tab-separated cells with HTML
//! fragments, Markdown headings and prose between tables, separator rows of dashes.

use std::sync::LazyLock;

use regex::Regex;

use super::detect::decode;
use super::glyph_width::{BOLD_PERCENT, print_width};
use super::{Cell, Para, Paras, ReadError, Rich, Row, RowKind, Run, Sheet, Value};
use crate::normalize::names::{is_people, is_role_word};
use crate::normalize::text::{decode_entities, ends_terminal};

/// Reads a text document into one sheet: a line with a tab is a table row, any other line
/// is prose. Separator rows (dashes only) are dropped.
pub fn read(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    let text = decode(bytes);
    if text.trim().is_empty() {
        return Err(ReadError::Empty {
            file: name.to_string(),
        });
    }
    Ok(vec![Sheet {
        name: None,
        hidden: false,
        rows: read_str(&text),
    }])
}

/// Splits decoded text into rows; see [`read`]. Besides tab-separated rows, two other
/// ways text holds a table are read as rows of cells: a Markdown pipe table ("| Risk |
/// Kontroll |") and columns aligned with spaces, as `pdftotext -layout` writes a PDF's table
/// (see [`aligned_blocks`]).
pub fn read_str(text: &str) -> Vec<Row> {
    let (lines, numbers) = page_split_lines(text);
    let (lines, numbers) = super::text_pages::stitch_page_slices(lines, numbers);
    let tabs = lines.iter().any(|l| l.contains('\t'));
    let aligned = if tabs {
        vec![None; lines.len()]
    } else {
        // A card's label lines first: an aligned table is not to take them for its rows.
        let mut pairs = label_pair_lines(&lines);
        let rest: Vec<String> = lines
            .iter()
            .zip(&pairs)
            .map(|(l, p)| match p {
                Some(_) if l.contains('\u{c}') => "\u{c}".to_string(),
                Some(_) => String::new(),
                None => l.clone(),
            })
            .collect();
        for (pair, cells) in pairs.iter_mut().zip(aligned_blocks(&rest)) {
            if pair.is_none() {
                *pair = cells;
            }
        }
        pairs
    };
    // A page's running head repeated on later pages says nothing new: the first stays
    // (the document's facts), the others are no rows, nor sections of the table.
    let repeated_head: Vec<bool> = if tabs {
        vec![false; lines.len()]
    } else {
        let (plain, new_page) = page_starts(&lines);
        let mut running = running_heads(&plain, &new_page);
        if let Some(first) = running.iter().position(|r| *r) {
            running[first] = false;
        }
        running
    };
    let mut rows = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        let line_no = numbers[i];
        if repeated_head[i] {
            continue;
        }
        if let Some(cells) = &aligned[i] {
            // A line whose texts joined a record above it is no row (nor a blank between
            // rows: the record's next line is no row cut by a page break).
            if !cells.is_empty() && cells.iter().all(String::is_empty) {
                continue;
            }
            rows.push(Row {
                line: line_no,
                kind: RowKind::Cells(
                    cells
                        .iter()
                        .map(|c| Cell::new(html_lines_value(c)))
                        .collect(),
                ),
            });
            continue;
        }
        if let Some(cells) = pipe_cells(&line) {
            if !is_separator(&line) {
                push_table_row(&mut rows, line_no, &cells);
            }
            continue;
        }
        // A page's head as a PDF lays it out ("Kommunstyrelsen        Sammanträdesdatum
        // 2020-02-26"): the parts set far apart are lines of their own.
        if let Some(parts) = spaced_parts(&line, tabs) {
            for part in parts {
                rows.push(Row {
                    line: line_no,
                    kind: RowKind::Text {
                        text: part,
                        heading: 0,
                    },
                });
            }
            continue;
        }
        if line.contains('\t') {
            if is_separator(&line) {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            push_table_row(&mut rows, line_no, &cells);
        } else {
            let (text, heading) = prose(&line);
            rows.push(Row {
                line: line_no,
                kind: RowKind::Text { text, heading },
            });
        }
    }
    rows
}

/// Pushes a table row of a text (tab cells or a Markdown pipe table's cells, as written):
/// Markdown's bold markers read as bold, and a row whose cells hold parallel lists (see
/// [`parallel_list_rows`]) as one row per item.
fn push_table_row(rows: &mut Vec<Row>, line: u32, raw: &[&str]) {
    let raw: Vec<String> = raw.iter().map(|c| markdown_bold(c)).collect();
    for cells in parallel_list_rows(&raw) {
        rows.push(Row {
            line,
            kind: RowKind::Cells(cells),
        });
    }
}

/// A cell's Markdown bold (`**Risk**`, `__Risk__`) as HTML bold, so that
/// "**title**<br>description" reads as "<b>title</b><br>description" does.
fn markdown_bold(cell: &str) -> String {
    static STARS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*").expect("bold regex"));
    static UNDERSCORES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(^|[^\w])__([^_\s](?:[^_]*[^_\s])?)__([^\w]|$)").expect("bold regex")
    });
    if !cell.contains("**") && !cell.contains("__") {
        return cell.to_string();
    }
    let s = STARS.replace_all(cell, "<b>$1</b>");
    UNDERSCORES.replace_all(&s, "$1<b>$2</b>$3").into_owned()
}

/// The items of a cell written as a list: an HTML list (`<ul><li>A</li><li>B</li></ul>`,
/// `<ol>`) or paragraphs numbered 1, 2, 3 … ("<p>1. A</p><p>2. B</p>", the numbers being
/// the list's marks); each item as a value.
/// `None` for any other cell, and for a list of one item.
fn list_items(cell: &str) -> Option<Vec<Value>> {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)^\s*<(ul|ol)\b[^<>]*>(.*)</(?:ul|ol)>\s*$").expect("list regex")
    });
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<li\b[^<>]*>(.*?)</li>").expect("item regex"));
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2})[.)]\s").expect("numbered regex"));
    if !cell.contains('<') {
        return None;
    }
    if let Some(list) = LIST.captures(cell) {
        let inner = &list[2];
        let items: Vec<&str> = ITEM
            .captures_iter(inner)
            .map(|c| c.get(1).map_or("", |m| m.as_str()))
            .collect();
        // Only items at the top: nothing between them, no list inside one.
        let nested = items.iter().any(|i| {
            let l = i.to_ascii_lowercase();
            l.contains("<li") || l.contains("<ul") || l.contains("<ol")
        });
        let between = ITEM.replace_all(inner, "");
        if nested || !between.trim().is_empty() || items.len() < 2 {
            return None;
        }
        return Some(items.into_iter().map(html_value).collect());
    }
    // A list numbered from 1 has its first mark (most cells with tags have none, and are
    // not parsed twice).
    if !cell.contains("1.") && !cell.contains("1)") {
        return None;
    }
    let paras = html_rich(cell).into_paras();
    let numbered = paras.len() >= 2
        && paras.iter().enumerate().all(|(i, p)| {
            NUMBERED
                .captures(&p.plain())
                .is_some_and(|c| c[1] == (i + 1).to_string())
        });
    numbered.then(|| {
        paras
            .into_iter()
            .map(|mut p| {
                // The number is the list's mark, as a bullet is: the item is what follows.
                if let Some(run) = p.runs.first_mut()
                    && let Some(m) = NUMBERED.find(run.text.trim_start())
                {
                    run.text = run.text.trim_start()[m.end()..].trim_start().to_string();
                }
                p.runs.retain(|r| !r.text.is_empty());
                Value::Text(Rich::from_paras(smallvec::smallvec![p]))
            })
            .collect()
    })
}

/// A row whose cells hold lists of the same length in two cells or more (the controls of a
/// risk as `<li>` items beside their statuses and comments as items): one row per item, each
/// cell of such a list giving its item; the other cells are the first row's and are covered
/// on the others, as a cell merged down over the rows would be. Any other row is one row.
fn parallel_list_rows(raw: &[String]) -> Vec<Vec<Cell>> {
    let lists: Vec<Option<Vec<Value>>> = raw.iter().map(|c| list_items(c)).collect();
    // A list of people ("Nämndsekreterare", "Vård- och omsorgschef") names who does one
    // control; two such lists of one length (responsible and reporting) are no rows.
    let mut lengths: Vec<usize> = lists
        .iter()
        .flatten()
        .filter(|items| !items.iter().all(|v| is_people(&v.plain())))
        .map(Vec::len)
        .collect();
    lengths.sort_unstable();
    // The length most lists share, when two share it.
    let n = lengths
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() >= 2)
        .max_by_key(|run| run.len())
        .map(|run| run[0]);
    let Some(n) = n else {
        return vec![raw.iter().map(|c| Cell::new(html_value(c))).collect()];
    };
    let mut rows: Vec<Vec<Cell>> = vec![Vec::with_capacity(raw.len()); n];
    for (c, list) in raw.iter().zip(lists) {
        match list {
            Some(items) if items.len() == n => {
                for (row, item) in rows.iter_mut().zip(items) {
                    row.push(Cell::new(item));
                }
            }
            _ => {
                let value = html_value(c);
                let merged = !value.is_empty();
                for (k, row) in rows.iter_mut().enumerate() {
                    row.push(Cell {
                        value: value.clone(),
                        merged: merged && k > 0,
                    });
                }
            }
        }
    }
    rows
}

/// The cells of a Markdown pipe table's row: "| a | b | c |" (three cells or more).
fn pipe_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?.strip_suffix('|')?;
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    (cells.len() >= 3 && !line.contains('\t')).then_some(cells)
}

/// The chunks of a line split at runs of two or more spaces, each with the column (in
/// characters) it starts at.
pub(super) fn chunks(line: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut spaces = 0;
    for (col, c) in line.chars().enumerate() {
        if c == ' ' || c == '\u{a0}' {
            spaces += 1;
            continue;
        }
        match &mut current {
            Some((_, text)) if spaces < 2 => {
                text.extend(std::iter::repeat_n(' ', spaces));
                text.push(c);
            }
            _ => {
                out.extend(current.take());
                current = Some((col, c.to_string()));
            }
        }
        spaces = 0;
    }
    out.extend(current);
    out
}

/// A part of a page head set far apart is a short text, at most this many words.
const SPACED_PART_MAX_WORDS: usize = 8;
/// Parts of a line set this many spaces apart or more are texts of their own.
const SPACED_PARTS_GAP: usize = 4;

/// The parts of a line of a file without tabs whose two or three short texts stand far
/// apart (a PDF's page head: the organ left, the date right); `None` for any other line.
fn spaced_parts(line: &str, tabs: bool) -> Option<Vec<String>> {
    if tabs || !line.trim().contains(&" ".repeat(SPACED_PARTS_GAP)[..]) {
        return None;
    }
    let parts: Vec<String> = line
        .split(&" ".repeat(SPACED_PARTS_GAP)[..])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| prose(p).0)
        .collect();
    ((2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.split_whitespace().count() <= SPACED_PART_MAX_WORDS))
    .then_some(parts)
}

/// A line that names its page ("Sida 2 (2)", "Sida 1 av 3", "PROTOKOLL 5 (35)" at its end,
/// "2 (2)" set apart at its end, not "2/3": a cell can hold a count), is a form feed alone
/// or is a protocol's foot of signatures ("Justerandes sign    Utdragsbestyrkande").
fn is_page_line(line: &str) -> bool {
    static PAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bsid(a|an)?\.?\s*\d+\b|\b\p{L}+\s+\d+\s*\(\s*\d+\s*\)\s*$")
            .expect("page regex")
    });
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d+\s*\(\s*\d+\s*\)$").expect("page number regex"));
    static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(justerandes?\s+sign(atur)?|justerandenas\s+sign(atur)?|ordförandes\s+sign(atur)?|utdragsbestyrkande|justerare)$",
        )
        .expect("signature regex")
    });
    let parts = chunks(line);
    (line.contains('\u{c}') && line.trim().is_empty())
        || PAGE.is_match(line)
        || (!parts.is_empty() && parts.iter().all(|(_, t)| SIGNATURE.is_match(t.trim())))
        || parts
            .split_last()
            .is_some_and(|(last, rest)| !rest.is_empty() && NUMBER.is_match(&last.1))
}

/// The lines of a text without the form feeds `pdftotext` writes before a page's first
/// line, and per line whether a page starts at it.
fn page_starts(lines: &[String]) -> (Vec<String>, Vec<bool>) {
    lines
        .iter()
        .map(|l| match l.strip_prefix('\u{c}') {
            Some(rest) if !rest.trim().is_empty() => (rest.replace('\u{c}', ""), true),
            _ => (l.clone(), l.contains('\u{c}')),
        })
        .unzip()
}

/// A page's running head is this many texts set apart at most.
const RUNNING_HEAD_PARTS: usize = 3;

/// Per line, whether it is a page's running head: the document's first line written alike
/// as the first line of a later page ("Ale kommun        Barn- och utbildningsnämnden" on
/// every page), a few texts set apart, which is no row of a table. (A table's header
/// repeated at the top of each page is no first line of the document, which opens with
/// its title.)
fn running_heads(lines: &[String], new_page: &[bool]) -> Vec<bool> {
    let normal = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let firsts: Vec<usize> = (0..lines.len())
        .filter(|&i| i == 0 || new_page[i])
        .filter_map(|i| (i..lines.len()).find(|&k| !lines[k].trim().is_empty()))
        .collect();
    let mut out = vec![false; lines.len()];
    let Some(&top) = firsts.first() else {
        return out;
    };
    let head = normal(&lines[top]);
    if chunks(&lines[top]).len() > RUNNING_HEAD_PARTS {
        return out;
    }
    let alike: Vec<usize> = firsts
        .iter()
        .copied()
        .filter(|&k| normal(&lines[k]) == head)
        .collect();
    if alike.len() >= 2 {
        for k in alike {
            out[k] = true;
        }
    }
    out
}

/// How far (in characters) a page may set a table's columns from where the page before
/// set them.
const PAGE_DRIFT_MAX: usize = 6;

/// The columns of a table going on at line `from` of a new page, where `pdftotext` set them
/// apart from the page before (`starts`): the starts of the page's first row with a text in
/// every column (anywhere on the page: narrow columns wrap one row over dozens of lines), in
/// the same order, its first within [`PAGE_DRIFT_MAX`] of the first column's (the table's
/// left edge). The others may stand farther off: `pdftotext` lays
/// each page out anew and narrows the columns a page leaves empty or short. `None` when
/// such a row stands where the columns were (or none shows).
fn page_columns(
    lines: &[String],
    new_page: &[bool],
    starts: &[usize],
    from: usize,
    fills: &[Vec<bool>],
) -> Option<Vec<usize>> {
    for k in from..lines.len() {
        if k > from && new_page[k] {
            break;
        }
        let parts = chunks(&lines[k]);
        if parts.len() != starts.len()
            || parts
                .first()
                .zip(starts.first())
                .is_none_or(|((at, _), s)| at.abs_diff(*s) > PAGE_DRIFT_MAX)
        {
            continue;
        }
        // Texts that each stand where a column started show the columns unmoved (a blank
        // cell, a cell of two texts), whatever their count.
        if parts
            .iter()
            .all(|(at, _)| starts.iter().any(|s| s.abs_diff(*at) <= ALIGN_SLACK))
        {
            return None;
        }
        // Columns set farther off than a drift keep their order and each its text.
        if parts
            .iter()
            .zip(starts)
            .any(|((at, _), s)| at.abs_diff(*s) > PAGE_DRIFT_MAX)
            && !narrowed(&parts, starts)
        {
            continue;
        }
        let moved: Vec<usize> = parts.iter().map(|(at, _)| *at).collect();
        return moved
            .iter()
            .zip(starts)
            .any(|(a, s)| a.abs_diff(*s) > ALIGN_SLACK)
            .then_some(moved);
    }
    page_column_starts(lines, new_page, starts, from, fills)
}

/// The columns of a new page from where its texts start, when no row of the page has a text
/// in every column (the last column left empty on every full row): the starts of all the
/// page's chunks, those within [`ALIGN_SLACK`] of each other one column, when they make as
/// many columns as `starts`, in the same order, each no farther right than the page before
/// set it (see [`narrowed`]). A start under another column's text that never stands on a
/// line with it is that column's text indented ("1.1 |    Granskning"), no column.
/// `None` when they make another count (a note or another table on the page) or stand where
/// the columns were.
fn page_column_starts(
    lines: &[String],
    new_page: &[bool],
    starts: &[usize],
    from: usize,
    fills: &[Vec<bool>],
) -> Option<Vec<usize>> {
    let page: Vec<usize> = (from..lines.len())
        .take_while(|&k| k == from || !new_page[k])
        .collect();
    let at = text_columns(lines, &page);
    if at.len() < starts.len() {
        // (Only rows count then: the page's first lines may go on the cells of the row the
        // page cut, each text alone on its line and set from the page's left edge.)
        let rows: Vec<usize> = page
            .into_iter()
            .filter(|&k| chunks(&lines[k]).len() >= 2)
            .collect();
        return page_column_run(&text_columns(lines, &rows), starts, fills);
    }
    let parts: Vec<(usize, String)> = at.iter().map(|a| (*a, String::new())).collect();
    (at.len() == starts.len()
        && at[0].abs_diff(starts[0]) <= PAGE_DRIFT_MAX
        && narrowed(&parts, starts)
        && at
            .iter()
            .zip(starts)
            .any(|(a, s)| a.abs_diff(*s) > ALIGN_SLACK))
    .then_some(at)
}

/// Where the columns of lines `on` start, from their texts' starts: starts within
/// [`ALIGN_SLACK`] of each other are one column; a start under another column's text on
/// lines of its own is that column's text indented, no column (a column's texts do not run
/// into the next column).
fn text_columns(lines: &[String], on: &[usize]) -> Vec<usize> {
    let mut at: Vec<(usize, usize, usize)> = on
        .iter()
        .flat_map(|&k| {
            chunks(&lines[k])
                .into_iter()
                .map(move |(at, text)| (at, at + text.chars().count(), k))
        })
        .collect();
    at.sort_unstable();
    // Each column: its first start, how far its texts reach, the lines they stand on.
    let mut columns: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut last = None;
    for (a, end, k) in at {
        match columns.last_mut() {
            Some((_, reach, on)) if last.is_some_and(|l: usize| a <= l + ALIGN_SLACK) => {
                *reach = (*reach).max(end);
                on.push(k);
            }
            _ => columns.push((a, end, vec![k])),
        }
        last = Some(a);
    }
    let mut merged: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for (b, reach_b, on_b) in columns {
        match merged.last_mut() {
            Some((_, reach_a, on_a)) if b < *reach_a && !on_b.iter().any(|k| on_a.contains(k)) => {
                *reach_a = (*reach_a).max(reach_b);
                on_a.extend(on_b);
            }
            _ => merged.push((b, reach_b, on_b)),
        }
    }
    merged.into_iter().map(|(a, ..)| a).collect()
}

/// How far the gaps between a page's columns may differ, in all, from the gaps between the
/// table's columns they are taken for (see [`page_column_run`]).
const PAGE_RUN_SLACK: usize = 2;

/// The columns of a new page that fills fewer columns than the table has (`at`, its texts'
/// starts): `pdftotext` leaves out the columns a page leaves empty (a risk's further
/// controls, its risk columns blank), and sets the rest closer. They are the columns most
/// lines above that fill as many fill (`fills`, per line in the table's order; of sets alike
/// as often, the later: a risk's further controls fill what its other controls filled), or
/// else the run of adjacent columns whose gaps the page's repeat, when one run does so
/// clearly better than any other.
/// Each taken column stands no farther right than the page before set it (see
/// [`narrowed`]). A column left out gets the start of the next column taken (a text there
/// belongs to that one) or, past the last, one no text reaches.
fn page_column_run(at: &[usize], starts: &[usize], fills: &[Vec<bool>]) -> Option<Vec<usize>> {
    let m = at.len();
    if m < 3 {
        return None;
    }
    let fits = |taken: &[usize]| {
        taken
            .iter()
            .zip(at)
            .all(|(&c, a)| *a <= starts[c] + PAGE_DRIFT_MAX)
    };
    // The columns most lines above fill that fill as many as the page (of those alike, the
    // later's).
    let sets: Vec<Vec<usize>> = fills
        .iter()
        .map(|fill| {
            (0..starts.len())
                .filter(|&c| fill.get(c).copied().unwrap_or(false))
                .collect::<Vec<_>>()
        })
        .filter(|taken| taken.len() == m && fits(taken))
        .collect();
    let above = sets
        .iter()
        .enumerate()
        .max_by_key(|(i, set)| (sets.iter().filter(|s| s == set).count(), *i))
        .map(|(_, set)| set.clone());
    let taken: Vec<usize> = match above {
        Some(taken) => taken,
        None => match adjacent_runs(at, starts).as_slice() {
            [one] if fits(one) => one.clone(),
            _ => return None,
        },
    };
    if taken
        .iter()
        .zip(at)
        .all(|(&c, a)| a.abs_diff(starts[c]) <= ALIGN_SLACK)
    {
        return None;
    }
    let far = at[m - 1] + 10 * starts[starts.len() - 1].max(1);
    Some(
        (0..starts.len())
            .map(|c| match taken.iter().position(|&t| t >= c) {
                Some(i) => at[i],
                None => far + c,
            })
            .collect(),
    )
}

/// The runs of adjacent columns of the table (`starts`) whose gaps a page's columns (`at`)
/// repeat best, alike within [`PAGE_RUN_SLACK`] (see [`page_column_run`]).
fn adjacent_runs(at: &[usize], starts: &[usize]) -> Vec<Vec<usize>> {
    let m = at.len();
    let gaps = |v: &[usize]| -> Vec<usize> { v.windows(2).map(|w| w[1] - w[0]).collect() };
    let page = gaps(at);
    let costs: Vec<usize> = (0..=starts.len() - m)
        .map(|j| {
            let table = gaps(&starts[j..j + m]);
            page.iter().zip(&table).map(|(a, b)| a.abs_diff(*b)).sum()
        })
        .collect();
    let Some(best) = costs.iter().copied().min() else {
        return Vec::new();
    };
    if best > PAGE_RUN_SLACK * (m - 1) {
        return Vec::new();
    }
    (0..costs.len())
        .filter(|&j| costs[j] <= best + PAGE_RUN_SLACK)
        .map(|j| (j..j + m).collect())
        .collect()
}

/// Whether a page's row (`parts`) sets the table's columns (`starts`) closer together, each
/// no farther right than the page before set it: `pdftotext` narrows the columns a page
/// leaves empty or short, it does not widen a column past the next's start.
fn narrowed(parts: &[(usize, String)], starts: &[usize]) -> bool {
    parts
        .iter()
        .zip(starts)
        .all(|((at, _), s)| *at <= s + PAGE_DRIFT_MAX)
}

/// Which columns each row of two texts or more in `block` fills.
fn row_fills(block: &[(usize, Vec<String>)]) -> Vec<Vec<bool>> {
    block
        .iter()
        .map(|(_, cells)| cells)
        .filter(|cells| cells.iter().filter(|t| !t.is_empty()).count() >= 2)
        .map(|cells| cells.iter().map(|t| !t.is_empty()).collect())
        .collect()
}

/// A line's words, whatever spaces stand between them.
fn words_of(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

/// How many lines a risk's banner (its title, a description) may take over the first row
/// under it.
const BANNER_LINES: usize = 3;

/// Whether line `i` is a text across the table under its first column (a risk's banner
/// row, "Bristande attestrutiner – riskvärde 4") with, right under it and its other lines
/// (at most [`BANNER_LINES`], no blank line), a row with a text where each of its texts
/// starts a column: the table goes on under it on a new page.
fn banner_over_row(lines: &[String], i: usize, starts: &[usize]) -> bool {
    let lone = |k: usize| {
        let parts = chunks(&lines[k]);
        parts.len() == 1
            && starts
                .first()
                .is_some_and(|s| parts[0].0 <= s + ALIGN_SLACK)
    };
    if !lone(i) {
        return false;
    }
    (i + 1..lines.len().min(i + 1 + BANNER_LINES))
        .take_while(|&k| !lines[k].trim().is_empty())
        .find(|&k| !lone(k))
        .is_some_and(|k| {
            let parts = chunks(&lines[k]);
            parts.len() >= 2
                && parts
                    .iter()
                    .all(|(at, _)| starts.iter().any(|s| s.abs_diff(*at) <= ALIGN_SLACK))
        })
}

/// Blank lines an aligned table's rows may stand apart by.
const MAX_BLANK_LINES: usize = 2;
/// Tall rows (a Word table's cells with room below their text) leave up to this many blank
/// lines between rows; a row after more than [`MAX_BLANK_LINES`] must have every text
/// where a column starts (but a right-aligned number).
const TALL_ROW_BLANK_LINES: usize = 4;
/// How far (in characters) a cell may start left or right of its column's header.
const ALIGN_SLACK: usize = 2;
/// A header of an aligned table has this many chunks at least…
const ALIGNED_MIN_COLUMNS: usize = 3;
/// …and this many rows under it with two chunks or more that fall in its columns.
const ALIGNED_MIN_ROWS: usize = 2;
/// A header's text goes on over at most this many lines below its first.
const HEADER_EXTRA_LINES: usize = 2;
/// A header a blank line closes goes on over at most this many lines below its first
/// (its words wrapped over three lines, then sub-columns named under a group and their
/// words wrapped).
const HEADER_BAND_LINES: usize = 8;

/// Tables whose columns are aligned with spaces (a PDF's table as `pdftotext -layout` gives
/// it): a line of three or more chunks set apart by two spaces or more, and the lines
/// right under it whose chunks each start at one of its columns (a chunk alone on its line
/// under a later column is a cell's text wrapped onto the next line). Per line, its cells
/// when it is part of such a table. (Files with tabs are not asked: their tabs are the cells.)
fn aligned_blocks(lines: &[String]) -> Vec<Option<Vec<String>>> {
    let (lines, new_page) = page_starts(lines);
    let lines = &lines[..];
    let running = running_heads(lines, &new_page);
    let words = inner_words(lines);
    let mut out: Vec<Option<Vec<String>>> = vec![None; lines.len()];
    // The columns of the last table and the line after its rows: rows on the next page, under
    // a page's foot and head but no header, go on in its columns.
    let mut carried: Option<(Vec<usize>, usize)> = None;
    // The texts of the last table's header line as written (before lines below it named
    // sub-columns or completed its words), and how many lines its header took: the header
    // repeated on a new page is read as a header again, not as a row in the sub-columns,
    // and over no more lines than the first time (the lines under it go on with the cells
    // the page break cut, whatever case they start with).
    let mut last_header: Option<(Vec<String>, usize)> = None;
    // The words of the last table's header line: the same line on a new page is the header
    // repeated, wherever the page sets its texts.
    let mut last_head_words: Option<Vec<String>> = None;
    // The last table's rows (mended): a table going on over a page break is one table, whose
    // words on the earlier page tell a wrapped word from a broken one on the later.
    let mut last_block: Vec<(usize, Vec<String>)> = Vec::new();
    // The last table's last record, when its rows were joined as records.
    let mut last_record: Option<LastRecord> = None;
    // How wide the last table's columns print (see [`widest_printed`]).
    let mut last_printed: Option<Vec<usize>> = None;
    let mut i = 0;
    while i < lines.len() {
        let head = chunks(&lines[i]);
        if running[i] {
            i += 1;
            continue;
        }
        // A new page may set the same columns a few characters apart (`pdftotext` lays
        // each page out anew): the page's own starts, when a row of its shows them.
        // (Only within the lines the table may go on after: the page is not read again for
        // every line of a document's prose after a table.)
        let carried_here = carried
            .as_ref()
            .filter(|(_, end)| i >= *end && i - *end <= CARRY_LINES)
            .map(|(starts, end)| {
                let moved = (*end..=i.min(lines.len() - 1))
                    .any(|k| new_page[k])
                    .then(|| page_columns(lines, &new_page, starts, i, &row_fills(&last_block)))
                    .flatten();
                (moved.unwrap_or_else(|| starts.clone()), *end)
            });
        if let Some((starts, end)) = &carried_here
            // (Or the rows stopped at the new page's first line.)
            && (i > *end || (i == *end && new_page[i]))
            && i - *end <= CARRY_LINES
            && (*end..=i).any(|k| new_page[k] || is_page_line(&lines[k]))
            // (Below the page's head, after a blank line, or the page's first line.)
            && (lines[i - 1].trim().is_empty() || new_page[i])
            // A row, or the text of the last row's cells wrapped past the page's end (under
            // a column right of the first)…
            && (head.len() >= 2
                || head.first().is_some_and(|h| h.0 > starts[0] + ALIGN_SLACK)
                || banner_over_row(lines, i, starts))
            // …each text where a column starts (a header repeated in other columns is a
            // table of its own).
            && head
                .iter()
                .all(|(at, _)| starts.iter().any(|s| s.abs_diff(*at) <= ALIGN_SLACK))
            && last_header
                .as_ref()
                .is_none_or(|(texts, _)| head.iter().map(|(_, t)| t).ne(texts.iter()))
            && last_head_words
                .as_ref()
                .is_none_or(|words| *words != words_of(&lines[i]))
        {
            let starts = starts.clone();
            let (mut block, rows, j) = rows_under(lines, &new_page, &starts, i);
            if rows >= 1 && block.first().is_some_and(|(k, _)| *k == i) {
                // A risk's banner opening the page starts anew: no cell goes on over it.
                let banner = head.len() == 1 && banner_over_row(lines, i, &starts);
                let cut = last_record
                    .as_ref()
                    .filter(|_| !banner)
                    .map(|r| r.key.as_slice());
                let key = join_block(&mut block, &starts, &mut last_block, &words, cut);
                if !banner {
                    carry_record(&mut out, last_record.as_ref(), &mut block);
                }
                last_record = last_record_of(&block, key);
                for (k, cells) in block {
                    out[k] = Some(cells);
                }
                carried = Some((starts, j));
                i = j;
                continue;
            }
        }
        if head.len() < ALIGNED_MIN_COLUMNS
            || head.iter().any(|(_, t)| ends_sentence(t))
            || is_page_line(&lines[i])
        {
            i += 1;
            continue;
        }
        let head = split_header_abbreviations(head, lines.get(i + 1));
        let mut starts: Vec<usize> = head.iter().map(|(s, _)| *s).collect();
        let mut header: Vec<String> = head.into_iter().map(|(_, t)| t).collect();
        let head_line = header.clone();
        // The same header again (repeated on a new page): the lines its header took the
        // first time.
        let repeat = last_header
            .as_ref()
            .filter(|(texts, _)| *texts == head_line)
            .map(|(_, n)| *n);
        let header_last = repeat.map_or(lines.len(), |n| i + n);
        // A group header over sub-columns ("Status" over "Tertial 1 · Tertial 2"): the
        // sub-columns are the table's columns, each named by both lines.
        // (Not when their words go on over more lines above the first row: the header's
        // band reads them, see [`header_band`].)
        let mut from = i + 1;
        if let Some(next) = lines.get(i + 1)
            && header_record_end(lines, &starts, i, &words).is_none_or(|b| b <= i + 2)
            && let Some((sub_starts, mut sub_header)) = sub_columns(&starts, &header, &chunks(next))
        {
            let below = sub_header_lines(lines, i + 2, header_last, &sub_starts, &mut sub_header);
            let (_, rows, _) = rows_under(lines, &new_page, &sub_starts, below);
            if rows >= ALIGNED_MIN_ROWS {
                starts = sub_starts;
                header = sub_header;
                for line in &mut out[i + 1..below] {
                    *line = read_into_header();
                }
                from = below;
            }
        }
        let (mut block, rows, mut j) = rows_under(lines, &new_page, &starts, from);
        // Rows that fall in the columns only once sub-columns named after a blank line
        // under the header split them (see [`sub_header_after_gap`]).
        let gap_rows = || {
            let e = gap_band_end(lines, &starts, &header, i, &words)?;
            let band = header_band(lines, &starts, &header, i, e, &words)?;
            Some(rows_under(lines, &new_page, &band.starts, e).1)
        };
        // Rows that fall in the columns only once sub-columns named on the header's lines
        // split them ("Riskbedömning" over "Sannolikhet · Konsekvens · Riskvärde", the
        // values under each): the band those lines make (see [`header_band`]).
        let band_rows = || {
            let b = header_closed_at(lines, &starts, i)
                .or_else(|| header_record_end(lines, &starts, i, &words))?;
            let band = header_band(lines, &starts, &header, i, b, &words)?;
            Some(rows_under(lines, &new_page, &band.starts, b).1)
        };
        // The same header as the table's above (a small table per risk, under each risk's
        // heading) needs one row only.
        let min_rows = if repeat.is_some() {
            1
        } else {
            ALIGNED_MIN_ROWS
        };
        if rows < min_rows
            && (from != i + 1
                || (gap_rows().is_none_or(|r| r < ALIGNED_MIN_ROWS)
                    && band_rows().is_none_or(|r| r < ALIGNED_MIN_ROWS)))
        {
            i += 1;
            continue;
        }
        // The same header again that was written on one line the first time: the lower-case
        // line under it goes on with a cell the page break cut.
        let repeated_one_line = repeat == Some(1);
        // The same header again, under a new page's head: the table goes on.
        let continued = repeat.is_some();
        if !continued {
            last_block.clear();
        }
        // A header written on two or three lines ("Kontroll-" over "ansvarig", "Risk-" over
        // "värde", "R" over "V" in a narrow column, "Utfört" over "(ja/nej)", "Kontroll" over
        // "genomför" over "d (ja/nej)"): a line whose every text starts in lower case, is a
        // note in brackets or ends an abbreviation in capitals, right under the header's last
        // line, completes it. Each column's last piece decides whether its word was broken.
        // Lines under the header that a blank line closes, the rows below it, and none
        // with a text under the first column ("(S x K" over "= RV)") complete it whatever
        // they start with; so do the lines above the first row when that row starts where
        // the header's lines end (see [`header_record_end`]).
        let closed = header_closed_at(lines, &starts, i);
        let mut band_rows_at: Option<(Vec<String>, Vec<String>)> = None;
        // Such lines naming sub-columns under a group's text ("Tidplan" over "Datum start ·
        // Färdigdatum"): each sub-column is a column of its own. A header whose lines the
        // first row follows right under them ends where that row starts.
        let record_end = header_record_end(lines, &starts, i, &words);
        let band_end = closed.or(record_end);
        // Sub-columns named on a line of their own after a blank line under the group's
        // text (a Word table's two header rows printed apart): the band ends under them.
        let band_end = gap_band_end(lines, &starts, &header, i, &words).or(band_end);
        if let Some(b) = band_end
            && !repeated_one_line
            && from == i + 1
            && let Some(band) = header_band(lines, &starts, &header, i, b, &words)
        {
            let (band_block, band_rows, band_j) = rows_under(lines, &new_page, &band.starts, b);
            if band_rows >= ALIGNED_MIN_ROWS {
                for line in &mut out[i + 1..b] {
                    *line = read_into_header();
                }
                starts = band.starts;
                header = band.header;
                band_rows_at = Some((band.top, band.sub));
                block = band_block;
                j = band_j;
            }
        }
        let mut pieces = header.clone();
        let mut next_line = i + 1;
        // (The same header again decides its broken words as the first time did.)
        let printed = match last_printed.take() {
            Some(widths) if continued && widths.len() == header.len() => widths,
            _ => widest_printed(
                &header,
                &block,
                band_end.unwrap_or(i + 1 + HEADER_EXTRA_LINES),
            ),
        };
        last_printed = Some(printed.clone());
        while let Some((k, cells)) = block.first()
            && next_line < header_last
            && from == i + 1
            && *k == next_line
            && (next_line <= i + HEADER_EXTRA_LINES || band_end.is_some_and(|b| next_line < b))
            && cells.iter().any(|c| !c.is_empty())
            && (closed.is_some_and(|b| {
                next_line < b && (cells[0].is_empty() || cells[0].starts_with(char::is_lowercase))
            }) || (closed.is_none()
                && band_end == record_end
                && record_end.is_some_and(|b| next_line < b))
                || cells.iter().zip(&pieces).all(|(c, h)| {
                    c.is_empty() || continues_header(h, c, &pieces) || capitals_broken(h, c, &words)
                }))
        {
            let longest = longest_words(&block[1..], starts.len());
            for (col, ((h, piece), c)) in header.iter_mut().zip(&mut pieces).zip(cells).enumerate()
            {
                if c.is_empty() {
                    continue;
                }
                let room = starts
                    .get(col + 1)
                    .map(|next| next.saturating_sub(starts[col] + 2));
                let (first, after) = c.split_once(' ').unwrap_or((c.as_str(), ""));
                match h.strip_suffix('-') {
                    _ if broken_range(h) => h.push_str(c),
                    Some(stem) => *h = format!("{stem}{c}"),
                    None if broken_abbreviation(piece, c) => h.push_str(c),
                    None if header_word_broken(last_word(h), first, &words).unwrap_or_else(
                        || {
                            broken_header_word(piece, first, room, longest[col])
                                || header_word_fills(piece, first, printed[col], &words)
                        },
                    ) =>
                    {
                        h.push_str(first);
                        if !after.is_empty() {
                            h.push(' ');
                            h.push_str(after);
                        }
                    }
                    // "Granskningsområde/" over "risk"; a lone full stop ending an
                    // abbreviation ("Ko" / "ns" / ".").
                    None if h.ends_with('/') || !c.chars().any(char::is_alphanumeric) => {
                        h.push_str(c)
                    }
                    None => {
                        h.push(' ');
                        h.push_str(c);
                    }
                }
                *piece = c.clone();
            }
            out[*k] = read_into_header();
            block.remove(0);
            next_line += 1;
        }
        let first_row = block.first().map_or(j, |(k, _)| *k);
        last_header = Some((head_line.clone(), first_row.saturating_sub(i).max(1)));
        last_head_words = Some(words_of(&lines[i]));
        let cut = last_record
            .as_ref()
            .filter(|_| continued)
            .map(|r| r.key.as_slice());
        let key = join_block(&mut block, &starts, &mut last_block, &words, cut);
        if continued {
            carry_record(&mut out, last_record.as_ref(), &mut block);
        }
        last_record = last_record_of(&block, key);
        // A header naming sub-columns is written as two rows on the band's last two
        // lines, the group's texts over the sub-columns' names, as a spreadsheet's
        // two-row header: the names are read each on its own.
        match (band_rows_at.take(), band_end) {
            (Some((top, sub)), Some(b)) if b >= i + 2 => {
                out[i] = Some(Vec::new());
                out[b - 2] = Some(top);
                out[b - 1] = Some(sub);
            }
            _ => out[i] = Some(header),
        }
        for (k, cells) in block {
            out[k] = Some(cells);
        }
        carried = Some((starts, j));
        i = j;
    }
    out
}

/// A line of a table's header read into the header's cells: no row of its own, so that
/// what stands under the header (a risk's banner and its description, then the rows) stands
/// right under it, as in a spreadsheet, not after blank rows.
fn read_into_header() -> Option<Vec<String>> {
    Some(vec![String::new()])
}

/// Mends and joins the lines of an aligned table's block (see [`mend_broken_words`] and the
/// joins after it), leaving each record's text on its first line. `last_block`: the same
/// table's rows on the page before; it becomes this block's rows as mended. `words`: the
/// document's words written whole (see [`inner_words`]). `cut`: the key columns of the
/// table's last record above a page break the block goes on past (see
/// [`join_wrapped_records`]).
fn join_block(
    block: &mut [(usize, Vec<String>)],
    starts: &[usize],
    last_block: &mut Vec<(usize, Vec<String>)>,
    words: &std::collections::HashSet<String>,
    cut: Option<&[bool]>,
) -> Option<Vec<bool>> {
    let shape = block_shape(block);
    mend_broken_words(block, starts, last_block);
    last_block.clear();
    last_block.extend(block.iter().cloned());
    // (After mending: a section's joined text is no line that shows the first column's
    // width.)
    join_section_lines(block, words);
    join_number_lines(block);
    join_labelled_paragraphs(block);
    join_capital_wraps(block);
    join_record_blocks(block);
    join_wrapped_records(block, &shape, &room_of(starts), cut)
}

/// Joins a section's text wrapped over lines of its own under the first column, right over
/// a row ("VERKSAMH" over "ET", "IT OCH" over "INFORMATI" over "ONSSÄKERH" over "ET" in a
/// narrow first column; "Område:" over "Medborgare"): lines right under each other with
/// text in the first column only, none in lower case first nor ending a sentence, the
/// line right under them a row of two texts or more, and the line right above them (if
/// any) no text in the first column (else they go on with that row's first cell). Left
/// apart, each would read as a lone line and the table would end at the first. A piece
/// that ends a word a narrow column broke joins without a space (see
/// [`capitals_broken`]). The joined lines are left empty.
fn join_section_lines(
    block: &mut [(usize, Vec<String>)],
    words: &std::collections::HashSet<String>,
) {
    let lone = |cells: &[String]| {
        cells.first().is_some_and(|t| {
            !t.is_empty() && !t.starts_with(char::is_lowercase) && !t.ends_with('.')
        }) && cells.iter().skip(1).all(String::is_empty)
    };
    let mut k = 0;
    while k < block.len() {
        let above_free = k == 0
            || block[k].0 != block[k - 1].0 + 1
            || block[k - 1].1.first().is_none_or(String::is_empty);
        let mut end = k;
        while end < block.len()
            && lone(&block[end].1)
            && (end == k || block[end].0 == block[end - 1].0 + 1)
        {
            end += 1;
        }
        let row_below = block.get(end).is_some_and(|(n, cells)| {
            end > k
                && *n == block[end - 1].0 + 1
                && cells.iter().filter(|t| !t.is_empty()).count() >= 2
        });
        if !above_free || end < k + 2 || !row_below {
            k = end.max(k + 1);
            continue;
        }
        for n in k + 1..end {
            let piece = std::mem::take(&mut block[n].1[0]);
            let text = &mut block[k].1[0];
            if !capitals_broken(text, &piece, words) {
                text.push(' ');
            }
            text.push_str(&piece);
        }
        k = end;
    }
}

/// The longest word a header abbreviates with a full stop ("Nr.", "Sann.", "Sannolikh.").
const ABBREVIATED_MAX: usize = 12;

/// Whether a chunk of a line ends a sentence, so the line is a row of text, not a header: it
/// ends with a full stop and is no single short word abbreviated ("Nr.", "Sannolikh.").
fn ends_sentence(chunk: &str) -> bool {
    chunk.ends_with('.')
        && (chunk.contains(' ')
            || chunk.chars().count() > ABBREVIATED_MAX
            || !chunk.chars().any(char::is_alphabetic))
}

/// The blank line that closes the lines of a header starting at line `i` (its words wrapped
/// over up to [`HEADER_BAND_LINES`] lines below it, none under its first column but
/// its words in lower case), when
/// a row of two texts or more follows it.
fn header_closed_at(lines: &[String], starts: &[usize], i: usize) -> Option<usize> {
    let b = (i + 1..lines.len().min(i + 2 + HEADER_BAND_LINES))
        .find(|&n| lines[n].trim().is_empty())?;
    // Nothing under the first column but its header's words wrapped in lower case.
    let first_empty = |n: usize| {
        chunks(&lines[n]).iter().all(|(at, text)| {
            starts.get(1).is_some_and(|s| at + ALIGN_SLACK >= *s)
                || text.starts_with(char::is_lowercase)
        })
    };
    // A section's line may stand first under the header; the row under it falls in the
    // columns the header's lines name (sub-columns under a group's text too).
    let mut band_starts: Vec<usize> = starts.to_vec();
    for line in &lines[i + 1..b] {
        band_starts.extend(chunks(line).into_iter().map(|(at, _)| at));
    }
    band_starts.sort_unstable();
    band_starts.dedup();
    let row_below = (b + 1..lines.len().min(b + 2 + MAX_BLANK_LINES))
        .find(|&n| !lines[n].trim().is_empty())
        .is_some_and(|n| chunks(&lines[n]).len() >= 2 || section_line(lines, n, &band_starts));
    (b > i + 1 && (i + 1..b).all(first_empty) && row_below).then_some(b)
}

/// Where the first row starts under a header written on several lines with no blank line
/// under it (a Word table's header row, its words wrapped and broken, sub-columns named
/// under a group's text, then the first row): the first line below the header's first line
/// with a text under the blank of the line right above where the header's lines had text
/// (a cell's text goes on from the top of its row, the row below starts anew: "1. Hantering
/// av" under the blank first column of the header's last line), or with a text under the
/// first column that does not go on with the first column's header text (the first row's
/// key, a section's name: "1.1" or "JURIDIK" under "#", over which the other columns'
/// words were broken over many lines). Only within [`HEADER_BAND_LINES`], over lines with
/// no text that ends a sentence or starts with a digit (a row's), but for a short piece of
/// a header's scale ("Sannoli" / "khet 1–" / "5", "Q" / "2"), or a lone full stop ending
/// an abbreviation broken over lines ("Ko" / "ns" / ".").
fn header_record_end(
    lines: &[String],
    starts: &[usize],
    i: usize,
    words: &std::collections::HashSet<String>,
) -> Option<usize> {
    let spans = |line: &str| -> Vec<(usize, usize)> {
        chunks(line)
            .into_iter()
            .map(|(at, t)| (at, at + t.chars().count()))
            .collect()
    };
    let overlaps =
        |a: (usize, usize), b: &[(usize, usize)]| b.iter().any(|s| a.0 < s.1 && s.0 < a.1);
    let mut above: Vec<(usize, usize)> = spans(&lines[i]);
    let mut seen = above.clone();
    // The first column's header text so far (its pieces broken over the lines below).
    let first_column_end = starts
        .get(1)
        .map_or(usize::MAX, |s| s.saturating_sub(ALIGN_SLACK));
    let mut first_text: String = chunks(&lines[i])
        .into_iter()
        .find(|(at, _)| *at < first_column_end)
        .map(|(_, t)| t)
        .unwrap_or_default();
    // Whether the first column's header is one text broken over lines. A text right under
    // it that does not go on with it ("Sannolikhet/" under "Riskbedömning", "KONTROLLEN?"
    // under "VEM GENOMFÖR") names a sub-column or is the first row's: the first column then
    // ends nothing, the other tests below still do.
    let mut first_column_whole = true;
    let end = lines.len().min(i + 2 + HEADER_BAND_LINES);
    for (n, line) in lines.iter().enumerate().take(end).skip(i + 1) {
        if line.trim().is_empty() || is_page_line(line) {
            return None;
        }
        let parts = chunks(line);
        let first_piece = parts
            .iter()
            .find(|(at, _)| *at < first_column_end)
            .map(|(_, t)| t);
        if first_column_whole
            && let Some(piece) = first_piece
            && !continues_header(&first_text, piece, &[])
            && !capitals_broken(&first_text, piece, words)
        {
            // Right under the header's first line, two texts under the first column's
            // ("Sannol.   Konsekve" under "Riskbedömning") name its sub-columns, a text in
            // capitals under one in capitals goes on with it; a row's number or text ("1",
            // "Felaktig attest") is the first row's: the header is one line.
            let under_first = parts
                .iter()
                .filter(|(at, _)| *at < first_column_end)
                .count();
            let capitals =
                |t: &str| t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase);
            let sub_columns = under_first > 1 || (capitals(piece) && capitals(&first_text));
            if n > i + 1 || !sub_columns {
                return (n > i + 1).then_some(n);
            }
            first_column_whole = false;
        }
        let now = spans(line);
        // Texts naming sub-columns under a group's text (two or more on this line between
        // the group's start and the next column's: "Genomförd" · "Bedömning" ·
        // "Redovisning" under "Delår") are the header's second row, no row's text.
        let naming_sub_columns = |c: (usize, usize)| {
            let Some(g) = starts.iter().rposition(|&s| s <= c.0 + ALIGN_SLACK) else {
                return false;
            };
            let end = starts
                .get(g + 1)
                .map_or(usize::MAX, |s| s.saturating_sub(ALIGN_SLACK));
            first_piece.is_none()
                && now
                    .iter()
                    .filter(|o| o.0 + ALIGN_SLACK >= starts[g] && o.0 < end)
                    .count()
                    >= 2
        };
        let resumes = now
            .iter()
            .any(|&c| !overlaps(c, &above) && overlaps(c, &seen) && !naming_sub_columns(c));
        if resumes {
            return (n > i + 1).then_some(n);
        }
        // (A lone full stop, "Ko" / "ns" / ".", ends a header's word a narrow column broke,
        // no sentence.)
        if parts.iter().any(|(_, t)| {
            (ends_sentence(t) && t.chars().any(char::is_alphanumeric))
                || (t.starts_with(|c: char| c.is_ascii_digit())
                    && t.chars().count() > HEADER_NUMBER_PIECE_MAX)
        }) {
            return None;
        }
        if let Some(piece) = first_piece {
            first_text = piece.clone();
        }
        seen.extend(now.iter().copied());
        above = now;
    }
    None
}

/// Splits a header's text whose first word is a short abbreviation a narrow column broke,
/// one space from the next column's name ("N Risker" over "r": "Nr" and "Risker"): the
/// line below has a text starting under that word and ending before the next word starts,
/// in lower case or capitals, together at most [`ABBREVIATION_MAX`] letters. The two words
/// are then two columns, the second starting past the first's slack.
fn split_header_abbreviations(
    head: Vec<(usize, String)>,
    below: Option<&String>,
) -> Vec<(usize, String)> {
    let Some(below) = below else {
        return head;
    };
    let below = chunks(below);
    let mut out = Vec::with_capacity(head.len());
    for (at, text) in head {
        let split = text.split_once(' ').filter(|(first, _)| {
            let len = first.chars().count();
            let second_at = at + len + 1;
            first.chars().all(char::is_uppercase)
                && below.iter().any(|(b, t)| {
                    *b == at
                        && b + t.chars().count() < second_at
                        && t.chars().all(char::is_alphabetic)
                        && len + t.chars().count() <= ABBREVIATION_MAX
                })
        });
        match split {
            Some((first, rest)) => {
                // (Far enough right that a text under the abbreviation stays in its column.)
                let second_at = (at + first.chars().count() + 1).max(at + ALIGN_SLACK + 1);
                out.push((at, first.to_string()));
                out.push((second_at, rest.to_string()));
            }
            None => out.push((at, text)),
        }
    }
    out
}

/// The longest piece starting with a digit a header broken over lines may hold (the end of
/// its scale: "Sannoli" / "khet 1–" / "5", "Konsek" / "vens (1-" / "5)", "Q" / "2").
const HEADER_NUMBER_PIECE_MAX: usize = 3;

/// A sub-header line makes at most this many words per text.
const SUB_HEADER_MAX_WORDS: usize = 4;

/// Where a header band ends whose sub-columns are named on one line after the blank line
/// `b` that closes the group's lines ("Riskbedömning" over a blank line over "Sannolikhet
/// Konsekvens Riskvärde"): the line after that one, when it has two texts or more, none
/// under the first column, none starting with a digit or ending a sentence, each a few
/// words, at least one starting where no column of the header does (a sub-column), and
/// the next line is blank or a row of two texts or more.
fn sub_header_after_gap(lines: &[String], starts: &[usize], b: usize) -> Option<usize> {
    let n = b + 1;
    let line = lines.get(n)?;
    if !lines[b].trim().is_empty() || is_page_line(line) {
        return None;
    }
    let parts = chunks(line);
    let second = *starts.get(1)?;
    let header_like = parts.len() >= 2
        && parts.iter().all(|(at, text)| {
            at + ALIGN_SLACK >= second
                && !text.starts_with(|c: char| c.is_ascii_digit())
                && !ends_sentence(text)
                && text.split_whitespace().count() <= SUB_HEADER_MAX_WORDS
        })
        && parts
            .iter()
            .any(|(at, _)| starts.iter().all(|s| s.abs_diff(*at) > ALIGN_SLACK));
    let below = lines
        .get(n + 1)
        .is_some_and(|l| l.trim().is_empty() || chunks(l).len() >= 2);
    (header_like && below).then_some(n + 1)
}

/// Where the band of the header at line `i` ends when its sub-columns are named after the
/// blank line that closes its lines (or right under it): only when its lines above that
/// blank name no sub-column yet (else the line after it is a row). See
/// [`sub_header_after_gap`].
fn gap_band_end(
    lines: &[String],
    starts: &[usize],
    header: &[String],
    i: usize,
    words: &std::collections::HashSet<String>,
) -> Option<usize> {
    let b = header_closed_at(lines, starts, i).or_else(|| {
        lines
            .get(i + 1)
            .is_some_and(|l| l.trim().is_empty())
            .then_some(i + 1)
    })?;
    if header_band(lines, starts, header, i, b, words).is_some() {
        return None;
    }
    sub_header_after_gap(lines, starts, b)
}

/// Lines from `n` on that go on with a sub-columns' header (see [`sub_columns`]) above the
/// first row: each text under a column's start and going on with its name ("(S/K)" under
/// "Riskbedömning", "brist" under "Åtgärd vid"; see [`continues_header`]), joined to it,
/// before line `last` (a header repeated on a new page). The line after them.
fn sub_header_lines(
    lines: &[String],
    mut n: usize,
    last: usize,
    starts: &[usize],
    header: &mut [String],
) -> usize {
    let end = lines.len().min(n + HEADER_BAND_LINES).min(last);
    while n < end && !lines[n].trim().is_empty() && !is_page_line(&lines[n]) {
        let parts = chunks(&lines[n]);
        let columns: Option<Vec<usize>> = parts
            .iter()
            .map(|(at, text)| {
                let c = starts.iter().position(|s| s.abs_diff(*at) <= ALIGN_SLACK)?;
                continues_header(&header[c], text, header).then_some(c)
            })
            .collect();
        let Some(columns) = columns else {
            break;
        };
        for ((_, text), c) in parts.into_iter().zip(columns) {
            let h = &mut header[c];
            match h.strip_suffix('-') {
                Some(stem) if text.starts_with(char::is_lowercase) => *h = format!("{stem}{text}"),
                _ if h.ends_with('/') => h.push_str(&text),
                _ => {
                    h.push(' ');
                    h.push_str(&text);
                }
            }
        }
        n += 1;
    }
    n
}

/// The columns of a header whose lines, from `i` up to the blank line `b`, name sub-columns
/// under a group's text: a text under a column's start goes on with its header ("När följs"
/// over "kontrollen"), a text starting elsewhere is a sub-column named by the first line's
/// text it stands under ("Tidplan" over "Datum start" and "Färdigdatum": "Tidplan
/// Färdigdatum"). `None` when no line names a sub-column.
fn header_band(
    lines: &[String],
    starts: &[usize],
    header: &[String],
    i: usize,
    b: usize,
    words: &std::collections::HashSet<String>,
) -> Option<Band> {
    // Per column: where it starts, the header column it stands under, whether a sub-column
    // put it there, and its texts below the first line with their lines.
    struct Col {
        at: usize,
        group: usize,
        inserted: bool,
        texts: Vec<(usize, String)>,
    }
    let mut columns: Vec<Col> = starts
        .iter()
        .enumerate()
        .map(|(g, &at)| Col {
            at,
            group: g,
            inserted: false,
            texts: Vec::new(),
        })
        .collect();
    // Per header column, the first line naming a sub-column under it.
    let mut first_sub: Vec<Option<usize>> = vec![None; starts.len()];
    for (n, line) in lines.iter().enumerate().take(b).skip(i + 1) {
        for (at, text) in chunks(line) {
            if let Some(c) = columns
                .iter_mut()
                .find(|c| c.at.abs_diff(at) <= ALIGN_SLACK)
            {
                c.texts.push((n, text));
                continue;
            }
            let group = starts.iter().rposition(|&s| s < at)?;
            let left = columns.iter().rposition(|c| c.at < at)?;
            columns.insert(
                left + 1,
                Col {
                    at,
                    group,
                    inserted: true,
                    texts: vec![(n, text)],
                },
            );
            first_sub[group] = Some(first_sub[group].map_or(n, |f| f.min(n)));
        }
    }
    if first_sub.iter().all(Option::is_none) {
        return None;
    }
    // A word broken at the column's edge ("Kontrollområd" over "e", "Konsekv" over "ens")
    // joins without a space: a piece of one word that (nearly) fills the room up to the
    // next column, and the rest in lower case.
    let join = |head: &str, texts: &[&String], room: Option<usize>| -> String {
        let mut h = head.to_string();
        let mut piece = head.to_string();
        for text in texts {
            let first = text.split(' ').next().unwrap_or_default();
            let broken = header_word_broken(last_word(&h), first, words).unwrap_or_else(|| {
                text.starts_with(char::is_lowercase)
                    && !piece.contains(' ')
                    && piece.chars().last().is_some_and(char::is_alphabetic)
                    && room.is_some_and(|r| piece.chars().count() + BROKEN_HEADER_SLACK >= r)
            });
            match h.strip_suffix('-') {
                _ if broken_range(&h) => h.push_str(text),
                Some(stem) => h = format!("{stem}{text}"),
                // ("Risk/" over "händelse": one name, as "Ja/" over "Nej".)
                None if h.ends_with('/') => h.push_str(text),
                // (A lone full stop ends an abbreviation: "Ko" / "ns" / ".".)
                None if h.is_empty() || broken || !text.chars().any(char::is_alphanumeric) => {
                    h.push_str(text)
                }
                None => {
                    h.push(' ');
                    h.push_str(text);
                }
            }
            piece.clone_from(text);
        }
        h
    };
    let mut band = Band::default();
    let rooms: Vec<Option<usize>> = (0..columns.len())
        .map(|k| {
            columns
                .get(k + 1)
                .map(|next| next.at.saturating_sub(columns[k].at + 2))
        })
        .collect();
    for (c, &room) in columns.iter().zip(&rooms) {
        let split = first_sub[c.group].unwrap_or(usize::MAX);
        let upper: Vec<&String> = c
            .texts
            .iter()
            .filter(|t| t.0 < split)
            .map(|t| &t.1)
            .collect();
        let lower: Vec<&String> = c
            .texts
            .iter()
            .filter(|t| t.0 >= split)
            .map(|t| &t.1)
            .collect();
        let group_text = join(
            &header[c.group],
            if c.inserted { &[] } else { &upper[..] },
            room,
        );
        let (top, sub) = if c.inserted {
            (String::new(), join("", &lower, room))
        } else {
            (group_text.clone(), join("", &lower, room))
        };
        let name = if sub.is_empty() {
            top.clone()
        } else {
            format!("{group_text} {sub}")
        };
        band.starts.push(c.at);
        band.header.push(name);
        band.top.push(top);
        band.sub.push(sub);
    }
    Some(band)
}

/// A header's word that ends this few characters or fewer before the room up to the next
/// column may have been broken there (see [`header_band`]).
const BROKEN_HEADER_SLACK: usize = 4;

/// A header's lines naming sub-columns under a group's text (see [`header_band`]): per
/// column, where it starts, its whole name (the group's text and the sub-column's), and the
/// two rows it is written as: the group's text over its first column (a column with no
/// sub-columns keeps its whole text there), and the sub-columns' names under it.
#[derive(Default)]
struct Band {
    starts: Vec<usize>,
    header: Vec<String>,
    top: Vec<String>,
    sub: Vec<String>,
}

/// Whether `rest`, under the header text `head` on the line right below it, goes on with
/// it: in lower case ("ansvarig", the end of a broken word "mning"), a note in brackets
/// ("(ja/nej)"), a lone full stop ("Nr" over "."), the end of an abbreviation in capitals ("R" over "V") or a number telling
/// apart the columns of a text the header repeats ("Kv Kv Kv Kv" over "1 2 3 4"); or
/// anything under a text that stops open ("Ja/" over "Nej", "Process-" over "ägare",
/// "Riskvärde (S x" over "K)").
fn continues_header(head: &str, rest: &str, header: &[String]) -> bool {
    let open = head.ends_with(['/', '-']) || head.matches('(').count() > head.matches(')').count();
    if open {
        return true;
    }
    let note = rest.starts_with('(') && rest.ends_with(')');
    let numbers_repeated = rest.len() <= 2
        && rest.chars().all(|c| c.is_ascii_digit())
        && header.iter().filter(|h| *h == head).count() >= 2;
    // (A lone full stop ends an abbreviation: "Nr" over ".".)
    let full_stop = rest == ".";
    rest.starts_with(char::is_lowercase)
        || note
        || full_stop
        || broken_abbreviation(head, rest)
        || numbers_repeated
}

/// The columns of a header whose line below names sub-columns under some of its texts
/// ("Status" over "Tertial 1" and "Tertial 2"): each header text with two sub-texts or more
/// under it, the first where the text starts, becomes one column per sub-text, named by the
/// text and the sub-text ("Status Tertial 1"). `None` unless the line holds only such
/// sub-texts, none of them in lower case (a header's word wrapped onto the line).
fn sub_columns(
    starts: &[usize],
    header: &[String],
    sub: &[(usize, String)],
) -> Option<(Vec<usize>, Vec<String>)> {
    if sub.len() < 2 || sub.iter().any(|(_, t)| t.starts_with(char::is_lowercase)) {
        return None;
    }
    let mut under: Vec<Vec<&(usize, String)>> = vec![Vec::new(); starts.len()];
    for part in sub {
        let c = starts.iter().rposition(|&s| s <= part.0 + ALIGN_SLACK)?;
        under[c].push(part);
    }
    let mut new_starts = Vec::new();
    let mut new_header = Vec::new();
    for ((&at, text), parts) in starts.iter().zip(header).zip(&under) {
        match parts.as_slice() {
            [] => {
                new_starts.push(at);
                new_header.push(text.clone());
            }
            [first, _, ..] if first.0.abs_diff(at) <= ALIGN_SLACK => {
                for (k, (sub_at, sub_text)) in parts.iter().map(|p| (&p.0, &p.1)).enumerate() {
                    new_starts.push(if k == 0 { at.min(*sub_at) } else { *sub_at });
                    new_header.push(format!("{text} {sub_text}"));
                }
            }
            _ => return None,
        }
    }
    Some((new_starts, new_header))
}

/// The words of the header vocabulary (the layout's data file, read here as a word list
/// only): a header's piece that begins one of them and is no word of its own was broken by
/// its column's edge ("Uppf" over "öljnin" over "g").
static HEADER_WORDS: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    include_str!("../layout/vocabulary.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(w, _)| w))
        .flat_map(|w| w.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
});

/// The shortest piece of a header word [`header_word_broken`] asks the vocabulary about.
const HEADER_PIECE_MIN: usize = 2;

/// Words written whole in a text: each word inside a chunk of a line, neither its first
/// nor its last (those may be pieces of a word a column's edge broke), in lower case.
fn inner_words(lines: &[String]) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for line in lines {
        for (_, chunk) in chunks(line) {
            let words: Vec<&str> = chunk.split(' ').collect();
            for w in words.iter().skip(1).take(words.len().saturating_sub(2)) {
                let w: String = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
                if w.chars().count() >= HEADER_PIECE_MIN && w.chars().all(char::is_alphabetic) {
                    out.insert(w);
                }
            }
        }
    }
    out
}

/// Whether a header's word so far (`partial`, the last word of the column's text above)
/// and the first word of the column's text on the line below (`next`) are one word a
/// narrow column broke (`Some(true)`: "Bed" · "öm" · "nin" · "g", "Internkon" ·
/// "trollpunkt"), two words (`Some(false)`: "Kontroll" · "av", "Status" · "delår"), or
/// whether the words alone cannot tell (`None`, the column's geometry decides). Words
/// are known from the header vocabulary and from `words`, the document's words written
/// whole; a piece in lower case (or in capitals under capitals) that, joined, makes a
/// known word or begins one, or whose word above begins one without being one, is broken.
fn header_word_broken(
    partial: &str,
    next: &str,
    words: &std::collections::HashSet<String>,
) -> Option<bool> {
    let letters = |s: &str| !s.is_empty() && s.chars().all(char::is_alphabetic);
    // A piece in lower case may end in a question's or a list's sign ("genomfö" over
    // "ras?", "Omfattnin" over "g/frekvens"): its letters before the sign are the word's
    // rest. (Not in capitals: "(S X" over "K)" is a formula's.)
    let next = match next.find(|c: char| !c.is_alphabetic()) {
        Some(at)
            if next.starts_with(char::is_lowercase)
                && next[at..].starts_with(HEADER_WORD_SIGNS) =>
        {
            &next[..at]
        }
        _ => next,
    };
    let capitals = partial.chars().all(char::is_uppercase) && next.chars().all(char::is_uppercase);
    if !letters(partial) || !letters(next) || !(next.starts_with(char::is_lowercase) || capitals) {
        return None;
    }
    let (partial, next) = (partial.to_lowercase(), next.to_lowercase());
    let known =
        |w: &str| HEADER_WORDS.contains(w) || words.contains(w) || BINDING_WORDS.contains(&w);
    let begins = |w: &str| {
        w.chars().count() >= HEADER_PIECE_MIN
            && HEADER_WORDS
                .iter()
                .any(|v| v.len() > w.len() && v.starts_with(w))
    };
    let joined = format!("{partial}{next}");
    if BINDING_WORDS.contains(&next.as_str()) {
        return Some(false);
    }
    if HEADER_WORDS.contains(&joined) || (begins(&joined) && !known(&next)) {
        return Some(true);
    }
    if known(&partial) && known(&next) {
        return Some(false);
    }
    if begins(&partial) && !known(&partial) {
        return Some(true);
    }
    if !known(&next) && next.chars().count() <= 2 {
        return Some(true);
    }
    None
}

/// Signs that may follow a header word's last letters ("genomföras?", "Omfattning/frekvens").
const HEADER_WORD_SIGNS: [char; 7] = ['?', ':', '/', ')', '.', ',', ';'];

/// Whether a header's text so far ends a scale's range broken after its dash ("Konsekvens
/// (1-" over "5)", "Sannolikhet 1–" over "5"): the rest joins it without a space, the dash
/// kept.
fn broken_range(h: &str) -> bool {
    h.strip_suffix(['-', '–'])
        .is_some_and(|stem| stem.ends_with(|c: char| c.is_ascii_digit()))
}

/// The last word of a header's text so far.
fn last_word(h: &str) -> &str {
    h.rsplit(' ').next().unwrap_or_default()
}

/// Whether `rest`, in capitals under the header text `head` in capitals, ends a word a
/// narrow column broke ("RISKIDENTIFI" over "ERING"; see [`header_word_broken`]).
fn capitals_broken(head: &str, rest: &str, words: &std::collections::HashSet<String>) -> bool {
    let first = rest.split(' ').next().unwrap_or_default();
    header_word_broken(last_word(head), first, words) == Some(true)
}

/// The longest abbreviation in capitals a narrow column's header may break ("RV" printed
/// "R" over "V").
const ABBREVIATION_MAX: usize = 3;

/// Whether `rest`, alone under the header text `head`, ends an abbreviation in capitals that
/// a narrow column broke ("R" over "V"): both capital letters only, together short.
fn broken_abbreviation(head: &str, rest: &str) -> bool {
    let capitals = |s: &str| !s.is_empty() && s.chars().all(char::is_uppercase);
    capitals(head)
        && capitals(rest)
        && head.chars().count() + rest.chars().count() <= ABBREVIATION_MAX
}

/// Whether `rest`, alone under the header text `head`, ends a word that a narrow column
/// broke at its edge ("Genomför" over "d" in a column of "Ja" / "Nej", "Kontrollbedö" over
/// "mning" in a column of "Mindre brister"): the header is one word that fills the room up
/// to the next column, longer than every word under it (no line could have held it), and
/// the rest is a piece of small letters. A word merely wrapped ("Status" over "delår" in a
/// column of "Pågående") stands over words as long as it or longer. The last column's room
/// is not known.
fn broken_header_word(head: &str, rest: &str, room: Option<usize>, longest_below: usize) -> bool {
    let len = head.chars().count();
    room.is_some_and(|room| len + FILLS_ROOM_SLACK >= room)
        && len > longest_below
        && !head.contains(' ')
        && head.chars().last().is_some_and(char::is_alphabetic)
        && !rest.is_empty()
        && rest.chars().all(char::is_lowercase)
        && rest.chars().count() < len
}

/// Whether `rest`, under the header text `head` in the same column, ends a word that the
/// column's edge broke, told by how wide the texts print (see [`print_width`]): `head` is
/// one word, and with the first letter of `rest` it would print wider than any line of the
/// column, header or rows (`widest`, see [`widest_printed`]): no renderer would have moved
/// that letter to the next line had it fitted ("Benä" over "mning" in a column whose
/// widest line is "delsver"). A word that merely wrapped leaves room on its line
/// ("Status" over "delår" over a row's "Ej påbörjad"), and a word known whole is no piece.
fn header_word_fills(
    head: &str,
    rest: &str,
    widest: usize,
    words: &std::collections::HashSet<String>,
) -> bool {
    let Some(next) = rest.chars().next() else {
        return false;
    };
    // (A word of its own, in the vocabulary or written whole in the document, wrapped:
    // "Status" over "del" over "år" in a column of "Gul".)
    let whole = |w: &str| HEADER_WORDS.contains(w) || words.contains(w);
    !head.contains(' ')
        && !whole(&head.to_lowercase())
        && head.chars().count() >= FILLING_PIECE_MIN
        && head.chars().all(char::is_alphabetic)
        && next.is_lowercase()
        && bold_width(&format!("{head}{next}")) > widest
}

/// The shortest piece of a header word [`header_word_fills`] weighs: in a column of three
/// letters' width the widths tell too little ("Sta" over "tus" over "del" over "år").
const FILLING_PIECE_MIN: usize = 4;

/// How wide a header's text prints, bold.
fn bold_width(text: &str) -> usize {
    print_width(text) * BOLD_PERCENT / 100
}

/// Per column, how wide its widest text prints (see [`print_width`]): the header's first
/// line (`header`) and the block's lines before `rows_from` in bold (the header's other
/// lines), the rows' lines as they are.
fn widest_printed(
    header: &[String],
    block: &[(usize, Vec<String>)],
    rows_from: usize,
) -> Vec<usize> {
    let mut out: Vec<usize> = header.iter().map(|h| bold_width(h)).collect();
    for (k, cells) in block {
        for (c, text) in cells.iter().enumerate().take(out.len()) {
            let width = if *k < rows_from {
                bold_width(text)
            } else {
                print_width(text)
            };
            out[c] = out[c].max(width);
        }
    }
    out
}

/// A cell's line this close to its column's widest line (in hundredths) fills the column…
const FILLS_COLUMN_PERCENT: usize = 80;
/// …and it ends this few characters or fewer before the room up to the next column's gap.
const FILLS_ROOM_SLACK: usize = 3;
/// Lines broken at a column's edge end within this many characters of each other.
const EDGE_SLACK: usize = 1;

/// Mends words that a narrow column broke inside ("Leverantörsfaktur" over "or",
/// "Kommunsekr" over "eterare"): a word longer than its column stands alone on its line,
/// filling the column, and its rest starts the same column's next line in lower case. The
/// rest joins the word, without a space, on the line above; a word that merely wrapped
/// ("Delvis" over "genomförd") leaves room in its line and is left alone. A word fills its
/// column when it is near the column's widest line and either reaches the room up to the
/// next column or ends where another such broken word ends (the column's edge, when the
/// header's gap leaves more room than the text used: "Ekonomidirek" / "tör" and
/// "Upphandlings" / "chef" in one column). A code broken after its hyphen ("RS-" over "10")
/// goes on with its rest, the hyphen kept. `earlier`: the same table's rows on the page
/// before (its header repeated), whose words and whole words in each column count too, so
/// both pages decide alike ("Mindre" over "brister" on the first page, "Väsentliga" over
/// "brister" on the second, where no wider line shows the column's room).
fn mend_broken_words(
    block: &mut [(usize, Vec<String>)],
    starts: &[usize],
    earlier: &[(usize, Vec<String>)],
) {
    let columns = block.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    // The characters a column's line may hold: up to two spaces before the next column.
    let room = |c: usize| {
        starts
            .get(c + 1)
            .zip(starts.get(c))
            .map(|(next, at)| next.saturating_sub(at + 2))
    };
    let widest = widest_lines(block, columns);
    // (Each word once: one word written on several rows ends at the same place wherever
    // the column's edge is.)
    let mut edges: Vec<Vec<(usize, &str)>> = vec![Vec::new(); columns];
    for k in 1..block.len() {
        if block[k].0 != block[k - 1].0 + 1 {
            continue;
        }
        for (c, &width) in widest.iter().enumerate() {
            if let (Some(word), Some(rest)) = (block[k - 1].1.get(c), block[k].1.get(c))
                && looks_broken(word, rest, width)
                && !edges[c].iter().any(|(_, w)| *w == word.as_str())
            {
                edges[c].push((word.chars().count(), word.as_str()));
            }
        }
    }
    let edges: Vec<Vec<usize>> = edges
        .into_iter()
        .map(|e| e.into_iter().map(|(len, _)| len).collect())
        .collect();
    let mut whole = whole_words(block, columns);
    let mut words = block_words(block);
    if earlier.iter().all(|(_, cells)| cells.len() == columns) {
        for (c, more) in whole_words(earlier, columns).into_iter().enumerate() {
            whole[c].extend(more);
        }
        for (w, n) in block_words(earlier) {
            *words.entry(w).or_insert(0) += n;
        }
    }
    // Per column, a word mended so far whose last piece was the whole of its line: the line
    // that holds the word, that piece and where the column's edge broke the word's first
    // line. A word broken over three lines or more ("Patientsäkerh" / "etssamordnar" / "e")
    // goes on where a piece ends at that edge too.
    let mut open: Vec<Option<(usize, String, usize)>> = vec![None; columns];
    for k in 1..block.len() {
        if block[k].0 != block[k - 1].0 + 1 {
            open.fill(None);
            continue;
        }
        for (c, &width) in widest.iter().enumerate() {
            let held = open[c]
                .take()
                .filter(|_| block[k - 1].1.get(c).is_some_and(String::is_empty));
            let (Some(upper), Some(rest)) = (block[k - 1].1.get(c), block[k].1.get(c)) else {
                continue;
            };
            let rest = rest.clone();
            let (holder, word, edge) = match held {
                Some((holder, piece, edge)) => (holder, piece, Some(edge)),
                None => (k - 1, upper.clone(), None),
            };
            let len = word.chars().count();
            let at_edge = edges[c]
                .iter()
                .filter(|&&e| e.abs_diff(len) <= EDGE_SLACK)
                .count()
                >= 2;
            let fills = match (edge, room(c)) {
                (Some(edge), _) => len + EDGE_SLACK >= edge,
                (None, Some(room)) => {
                    len * 100 >= width * FILLS_COLUMN_PERCENT
                        && (len + FILLS_ROOM_SLACK >= room || at_edge)
                }
                // The last column's room is not known: a word broken in it is as long as its
                // widest line ("gånger" over "per år" beside "kvartal" is two words), or ends
                // at the column's edge and its rest makes it a role title ("Ekonomidirektö"
                // over "r" beside "Redovisningsch" over "ef").
                (None, None) => len >= width || (at_edge && completes_role(&word, &rest)),
            };
            let piece = rest.split(' ').next().unwrap_or_default();
            let join = hyphen_broken(&word, &rest)
                || (fills
                    && looks_broken(&word, &rest, width)
                    && !whole[c].iter().any(|w| w == piece)
                    && !whole_role_over_word(&block[holder].1[c], &rest)
                    && !two_words(&words, &word, piece)
                    && !starts_with_whole_word(&rest));
            if !join {
                continue;
            }
            let (piece, tail) = rest.split_once(' ').unwrap_or((rest.as_str(), ""));
            block[holder].1[c].push_str(piece);
            if tail.is_empty() {
                open[c] = Some((holder, piece.to_string(), edge.unwrap_or(len)));
            }
            block[k].1[c] = tail.trim_start().to_string();
        }
    }
}

/// Whether a lone word on its line looks broken by its column (of the given widest line):
/// near the widest line, a letter last, the next line going on in lower case.
fn looks_broken(word: &str, rest: &str, width: usize) -> bool {
    let len = word.chars().count();
    len * 100 >= width * FILLS_COLUMN_PERCENT
        && !word.contains(' ')
        && word.chars().last().is_some_and(char::is_alphabetic)
        && rest.chars().next().is_some_and(char::is_lowercase)
}

/// Per column, the words that start a line under a text that did not fill the column
/// ("avvikelser" under "Inga"): whole words, which no broken word ends with.
fn whole_words(block: &[(usize, Vec<String>)], columns: usize) -> Vec<Vec<String>> {
    let widest = widest_lines(block, columns);
    let mut whole: Vec<Vec<String>> = vec![Vec::new(); columns];
    for k in 1..block.len() {
        if block[k].0 != block[k - 1].0 + 1 {
            continue;
        }
        for (c, &width) in widest.iter().enumerate() {
            if let (Some(upper), Some(rest)) = (block[k - 1].1.get(c), block[k].1.get(c))
                && !upper.is_empty()
                && !looks_broken(upper, rest, width)
                && let Some(word) = rest.split(' ').next()
                && word.starts_with(char::is_lowercase)
            {
                whole[c].push(word.to_string());
            }
        }
    }
    whole
}

/// Words that never end a broken word: a line that starts with one wrapped after a whole
/// word ("direktupphandlingar" over "över 100 000 kronor", "Kontrollen" over "är").
const BINDING_WORDS: [&str; 25] = [
    "av", "att", "och", "om", "i", "på", "för", "med", "till", "samt", "eller", "som", "över",
    "under", "efter", "inom", "mot", "vid", "från", "enligt", "inte", "per", "är", "har", "utan",
];

/// How many times each word (in lower case, without punctuation) is written in a block
/// beside other words in its cell's line (a word alone on its line may be a broken one's
/// first piece, broken alike on every row).
fn block_words(block: &[(usize, Vec<String>)]) -> std::collections::HashMap<String, usize> {
    let mut words = std::collections::HashMap::new();
    for w in block
        .iter()
        .flat_map(|(_, cells)| cells)
        .filter(|c| c.contains(' '))
        .flat_map(|c| c.split(' '))
    {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if !w.is_empty() {
            *words.entry(w).or_insert(0) += 1;
        }
    }
    words
}

/// Whether a lone word filling its column and the piece starting the next line are two whole
/// words, not one word broken at the column's edge: the piece is a word that binds
/// ("över"), the word is written elsewhere in the block ("Direktupphandlingar" over
/// "dokumenteras", "direktupphandlingar" in a control), or it ends with a word of five
/// letters or more written alone elsewhere ("Brandskyddskontroll" over "utförs" beside
/// "Kontroll av …").
fn two_words(words: &std::collections::HashMap<String, usize>, word: &str, piece: &str) -> bool {
    const WORD_END_MIN: usize = 5;
    let word = word.to_lowercase();
    let seen = |w: &str| words.get(w).copied().unwrap_or(0);
    if BINDING_WORDS.contains(&piece) || seen(&word) >= 1 {
        return true;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    (1..chars.len().saturating_sub(WORD_END_MIN - 1))
        .map(|k| &word[chars[k].0..])
        .any(|end| seen(end) >= 1)
}

/// A line that starts with a word this long, other words after it, starts a text wrapped
/// at a space rather than a broken word's tail.
const WRAPPED_WORD_MIN: usize = 5;

/// Whether the line under a lone word that fills its column starts with a whole word of its
/// own: a word of [`WRAPPED_WORD_MIN`] letters or more with other words after it on the line
/// ("rehabiliteringsutredning" over "startas efter 14 dagar", "belastningsregistret" over
/// "finns vid"). A broken word's tail is short, or stands alone on its line
/// ("Kommunsekret" over "erare", "Regiondirektö" over "rens stab").
fn starts_with_whole_word(rest: &str) -> bool {
    let mut words = rest.split(' ');
    let first = words.next().unwrap_or_default();
    words.next().is_some()
        && first.chars().count() >= WRAPPED_WORD_MIN
        && first.chars().all(char::is_alphabetic)
}

/// Whether `rest` ends `word` as a role title that `word` alone is not ("Ekonomidirektö"
/// over "r").
fn completes_role(word: &str, rest: &str) -> bool {
    let piece = rest.split(' ').next().unwrap_or_default();
    !is_role_word(word) && is_role_word(&format!("{word}{piece}"))
}

/// Whether `word` is a whole role title and `rest` starts a word of its own after it
/// ("Avdelningschef" over "förebyggande": a role wrapped in a narrow column), not the
/// ending of the title ("Enhetschef" over "en" is "Enhetschefen", a role too).
fn whole_role_over_word(word: &str, rest: &str) -> bool {
    let piece = rest.split(' ').next().unwrap_or_default();
    is_role_word(word) && !is_role_word(&format!("{word}{piece}"))
}

/// Moves a labelled paragraph of a cell ("Metod: uttag ur ärendesystemet" under "Kontroll
/// av handläggningstid för" / "bygglov") into its cell as a paragraph of its own: a line
/// that starts no row (its first column empty), whose one text starting in capitals is a
/// label and its text, the others going on in lower case, under a line of the same row
/// with text in that column. Lines right under it that go on in lower case in that column
/// alone go on with it. Left where it stands, it would read as a new row's cell, or join
/// the cell's last line as one sentence.
fn join_labelled_paragraphs(block: &mut [(usize, Vec<String>)]) {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{Lu}\p{Ll}+(?: \p{Ll}+)?: \S").expect("paragraph label regex")
    });
    for k in 1..block.len() {
        let cells = &block[k].1;
        if cells.first().is_none_or(|c| !c.is_empty()) {
            continue;
        }
        let filled: Vec<usize> = (0..cells.len()).filter(|&c| !cells[c].is_empty()).collect();
        let labelled: Vec<usize> = filled
            .iter()
            .copied()
            .filter(|&c| LABEL.is_match(&cells[c]))
            .collect();
        let [col] = labelled[..] else {
            continue;
        };
        if !filled
            .iter()
            .all(|&c| c == col || cells[c].starts_with(char::is_lowercase))
        {
            continue;
        }
        // The line of the same row above with text in the column: up through the row's
        // lines, each right under the one above, to the line that starts the row.
        let mut above = None;
        for u in (0..k).rev() {
            if block[u + 1].0 != block[u].0 + 1 {
                break;
            }
            if block[u].1.get(col).is_some_and(|t| !t.is_empty()) {
                above = Some(u);
                break;
            }
            if block[u].1.first().is_some_and(|c| !c.is_empty()) {
                break;
            }
        }
        let Some(u) = above else {
            continue;
        };
        let mut text = std::mem::take(&mut block[k].1[col]);
        // The label's paragraph wrapped onto the next lines of its column.
        let mut n = k + 1;
        while n < block.len()
            && block[n].0 == block[n - 1].0 + 1
            && block[n].1.first().is_some_and(String::is_empty)
            && block[n]
                .1
                .iter()
                .enumerate()
                .all(|(c, t)| (c == col) != t.is_empty())
            && block[n].1[col].starts_with(char::is_lowercase)
        {
            text.push(' ');
            text.push_str(&std::mem::take(&mut block[n].1[col]));
            n += 1;
        }
        let cell = &mut block[u].1[col];
        cell.push_str("<br>");
        cell.push_str(&text);
    }
}

/// Joins a line whose texts each go on, with a number and its unit ("100 000 kronor",
/// "30 dagar"), a text on the line right above that stopped on a word ("Granskning av
/// direktupphandlingar över"), in no column but the first: a row's text wrapped before its
/// number, which no later stage could tell from a new row's number. The line is left empty.
fn join_number_lines(block: &mut [(usize, Vec<String>)]) {
    static NUMBER_AND_WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d+(?: \d{3})*(?:,\d+)? \p{L}").expect("number regex"));
    for k in 1..block.len() {
        if block[k].0 != block[k - 1].0 + 1 {
            continue;
        }
        let (above, below) = block.split_at_mut(k);
        let (upper, lower) = (&mut above[k - 1].1, &mut below[0].1);
        let goes_on = |c: usize| {
            let text = &lower[c];
            c > 0
                && NUMBER_AND_WORD.is_match(text)
                && upper.get(c).is_some_and(|u| {
                    u.chars().last().is_some_and(char::is_alphabetic)
                        && u.chars().filter(|c| c.is_alphabetic()).count() > 1
                })
        };
        let filled: Vec<usize> = (0..lower.len()).filter(|&c| !lower[c].is_empty()).collect();
        if filled.is_empty() || !filled.iter().all(|&c| goes_on(c)) {
            continue;
        }
        for c in filled {
            let text = std::mem::take(&mut lower[c]);
            if !closes_text(&upper[c], &text) {
                upper[c].push(' ');
            }
            upper[c].push_str(&text);
        }
    }
}

/// Per column, the characters of its longest word in the block.
fn longest_words(block: &[(usize, Vec<String>)], columns: usize) -> Vec<usize> {
    widest(block, columns, |t| {
        t.split(' ').map(|w| w.chars().count()).max().unwrap_or(0)
    })
}

/// Per column, the characters of its widest line in the block.
fn widest_lines(block: &[(usize, Vec<String>)], columns: usize) -> Vec<usize> {
    widest(block, columns, |t| t.chars().count())
}

/// Per column, the largest `width` of its texts in the block.
fn widest(
    block: &[(usize, Vec<String>)],
    columns: usize,
    width: impl Fn(&str) -> usize,
) -> Vec<usize> {
    (0..columns)
        .map(|c| {
            block
                .iter()
                .filter_map(|(_, cells)| cells.get(c))
                .map(|t| width(t))
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// Joins a line whose every text goes on a text of the line right above that has not ended,
/// in lower case or with a word too long to have fitted at the end of that text in its
/// column (wider than the column's widest line): the column wrapped it, though a text starts
/// in capitals ("… projektmedel från" over "EU" beside "… mot beviljad" over "budget"),
/// which no later stage could tell from a new row's first line. Only in a table whose first
/// row fills its first column (rows start there), for a row's last line that leaves it
/// empty; lines all in lower case are left to the later stages. The joined line is left
/// empty.
fn join_capital_wraps(block: &mut [(usize, Vec<String>)]) {
    let columns = block.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    let widest = widest_lines(block, columns);
    let rows_keyed = block
        .first()
        .is_some_and(|(_, cells)| cells.first().is_some_and(|c| !c.is_empty()));
    for k in 1..block.len() {
        // The row's last line: the next line starts a row (or is no line of this row), so
        // that the later stages join no line under the emptied one.
        let last_of_row = block.get(k + 1).is_none_or(|(n, cells)| {
            *n != block[k].0 + 1 || cells.first().is_some_and(|c| !c.is_empty())
        });
        if block[k].0 != block[k - 1].0 + 1 || !last_of_row {
            continue;
        }
        let (above, below) = block.split_at_mut(k);
        let (upper, lower) = (&mut above[k - 1].1, &mut below[0].1);
        let wrapped = |c: usize| {
            let text = &lower[c];
            let Some(up) = upper.get(c).filter(|u| !u.is_empty()) else {
                return false;
            };
            let word = text.split(' ').next().unwrap_or_default();
            up.chars().last().is_some_and(char::is_alphabetic)
                && (text.starts_with(char::is_lowercase)
                    || up.chars().count() + 1 + word.chars().count() > widest[c])
        };
        let filled: Vec<usize> = (0..lower.len()).filter(|&c| !lower[c].is_empty()).collect();
        let capital = filled
            .iter()
            .any(|&c| !lower[c].starts_with(char::is_lowercase));
        // Rows start in the first column (a number or a name), the wrapped line does not.
        let first_empty = filled.first().is_some_and(|&c| c > 0) && rows_keyed;
        if !capital || !first_empty || !filled.iter().all(|&c| wrapped(c)) {
            continue;
        }
        for c in filled {
            let text = std::mem::take(&mut lower[c]);
            if !closes_text(&upper[c], &text) {
                upper[c].push(' ');
            }
            upper[c].push_str(&text);
        }
    }
}

/// Blank lines a table's rows stand apart by, at least this many times, show rows as
/// blocks of wrapped lines (see [`join_record_blocks`]).
const RECORD_GAPS_MIN: usize = 2;

/// Joins a table's records written as blocks of wrapped lines (a PDF's table whose rows
/// stand apart by blank lines, each cell's text wrapped over the row's lines from its top):
/// a line right under another goes on with the record above when each of its texts stands
/// under a text of the line right above (a cell's lines follow each other from the record's
/// first line; a text under a blank starts a new record: "2.2" under the last line of
/// "2.1"'s description) and it leaves blank a column the record's first line fills (the
/// number, a date, a value: a line of its own fills them). Its texts go on in their cells,
/// whatever case they start with ("Information och" over "IT"); the joined line is left
/// empty. Only in a table whose rows stand apart by blank lines: a table of one-line rows
/// without them keeps its lines, whose blank cells are no sign of a wrap.
fn join_record_blocks(block: &mut [(usize, Vec<String>)]) {
    let gaps = block.windows(2).filter(|w| w[1].0 > w[0].0 + 1).count();
    if gaps < RECORD_GAPS_MIN {
        return;
    }
    let filled = |cells: &[String]| -> Vec<bool> { cells.iter().map(|c| !c.is_empty()).collect() };
    // The record's first line (its index in the block), the line right above (its filled
    // columns) and that line's number.
    let mut start: Option<usize> = None;
    let mut above: Vec<bool> = Vec::new();
    let mut last_line: Option<usize> = None;
    for k in 0..block.len() {
        let line = block[k].0;
        let now = filled(&block[k].1);
        let adjacent = last_line.is_some_and(|l| l + 1 == line);
        last_line = Some(line);
        if !now.iter().any(|f| *f) {
            // A line an earlier join emptied: the record's lines go on past it.
            continue;
        }
        let under_above = now
            .iter()
            .enumerate()
            .all(|(c, f)| !f || above.get(c).copied().unwrap_or(false));
        let first_fills_more = start.is_some_and(|s| {
            block[s]
                .1
                .iter()
                .zip(&now)
                .any(|(t, f)| !t.is_empty() && !f)
        });
        above = now;
        match start {
            Some(s) if adjacent && under_above && first_fills_more => {
                let (upper, lower) = block.split_at_mut(k);
                for (target, text) in upper[s].1.iter_mut().zip(lower[0].1.iter_mut()) {
                    let text = std::mem::take(text);
                    if text.is_empty() {
                        continue;
                    }
                    if !target.is_empty() {
                        let inline = text.starts_with(char::is_lowercase)
                            || !target
                                .chars()
                                .last()
                                .is_some_and(|c| ".!?:;)\"”»".contains(c));
                        target.push(if inline { ' ' } else { '\n' });
                    }
                    target.push_str(&text);
                }
            }
            _ => start = Some(k),
        }
    }
}

/// The last record of a table whose lines were joined as records (see
/// [`join_wrapped_records`]): the line it stands on, per column the line that holds the
/// column's last text (the record's own, or a cell merged down beside it whose text went on
/// the record above: a risk's description beside its second control), and the table's key
/// columns.
struct LastRecord {
    line: usize,
    tails: Vec<Option<usize>>,
    key: Vec<bool>,
}

/// The last record of a block whose lines were joined as records with the key columns
/// `key`: its last line that holds text, and per column the last line with text in it.
fn last_record_of(block: &[(usize, Vec<String>)], key: Option<Vec<bool>>) -> Option<LastRecord> {
    let key = key?;
    let (line, _) = block
        .iter()
        .rev()
        .find(|(_, cells)| cells.iter().any(|c| !c.is_empty()))?;
    let columns = block.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    let tails = (0..columns)
        .map(|c| {
            block
                .iter()
                .rev()
                .find(|(_, cells)| cells.get(c).is_some_and(|t| !t.is_empty()))
                .map(|(k, _)| *k)
        })
        .collect();
    Some(LastRecord {
        line: *line,
        tails,
        key,
    })
}

/// Joins the first record of a block that goes on a table past a page break (its header
/// repeated, or none) to the table's last record above the break, when it fills no key
/// column and each of its texts goes on the record's text: the record's lower lines that
/// the break cut off ("verksamhetssystem" under "Loggkontroll i"). A text in a column the
/// record leaves blank goes on the column's last text above, a cell merged down beside the
/// record ("n." under "verksamhete" in a risk's description beside its second control),
/// when it plainly does (see [`wraps_onto`]). A word the break cut ("Pågåend" over "e") is
/// mended. The block's first line is left empty.
fn carry_record(
    out: &mut [Option<Vec<String>>],
    last: Option<&LastRecord>,
    block: &mut [(usize, Vec<String>)],
) {
    let (Some(last), Some((_, first))) = (last, block.first_mut()) else {
        return;
    };
    let width = |k: usize| out.get(k).and_then(Option::as_ref).map(Vec::len);
    if width(last.line) != Some(first.len()) || first.iter().all(String::is_empty) {
        return;
    }
    let keyed = first
        .iter()
        .zip(&last.key)
        .enumerate()
        .any(|(c, (t, key))| {
            let above = out[last.line].as_ref().and_then(|r| r.get(c));
            *key && !t.is_empty() && !key_goes_on(above.map_or("", String::as_str), t)
        });
    // Per text, the line it goes on.
    let target = |c: usize, t: &str| -> Option<usize> {
        let k = (*last.tails.get(c)?)?;
        let above = out.get(k)?.as_ref()?.get(c)?;
        let goes = if k == last.line {
            goes_on(above, 0, t, 0)
        } else {
            width(k) == Some(first.len()) && wraps_onto(above, t)
        };
        goes.then_some(k)
    };
    let targets: Vec<Option<usize>> = first
        .iter()
        .enumerate()
        .map(|(c, t)| if t.is_empty() { None } else { target(c, t) })
        .collect();
    let goes = first
        .iter()
        .zip(&targets)
        .all(|(t, k)| t.is_empty() || k.is_some());
    if keyed || !goes {
        return;
    }
    for (c, (text, k)) in first.iter_mut().zip(targets).enumerate() {
        let Some(cells) = k.and_then(|k| out[k].as_mut()) else {
            continue;
        };
        join_cell_text(&mut cells[c], &std::mem::take(text));
    }
}

/// Whether `text`, on a record's lower line in a key column (see [`key_columns`]), goes on
/// the key's text `above` instead of starting a record of its own: it starts in lower
/// case, it opens a bracket under a text that closed none ("Medel" over "(6)"), or it ends
/// a word or a number the column's edge cut ("10." over "1", see [`cut_word_tail`]).
fn key_goes_on(above: &str, text: &str) -> bool {
    let above = above.trim_end();
    text.starts_with(char::is_lowercase)
        || (!above.is_empty()
            && ((text.starts_with('(') && !above.ends_with(')')) || cut_word_tail(above, text)))
}

/// Whether `piece`, on a record's lower line, ends a word that the column's edge or a page
/// break cut at the end of `above` ("Pågåend" over "e", "decembe" over "r", "Ne" over "j",
/// "anmärknin" over "g.")
/// where the mending by the column's room could not tell (see [`mend_broken_words`]): one
/// small letter that is no word of its own, under a word of two letters or more, or two
/// such letters under a word of five or more; or the digits that end an outline number cut
/// after its full stop in a narrow column ("10." over "1", the cell's whole text).
fn cut_word_tail(above: &str, piece: &str) -> bool {
    const SHORT_WORDS: [&str; 27] = [
        "i", "å", "ö", "på", "av", "om", "en", "ej", "år", "är", "ny", "nu", "så", "se", "ta",
        "må", "ur", "ut", "in", "då", "de", "vi", "ni", "du", "ju", "nå", "ca",
    ];
    let last = above.rsplit(char::is_whitespace).next().unwrap_or_default();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let outline = above
        .trim()
        .strip_suffix('.')
        .is_some_and(|stem| stem.split('.').all(digits));
    if outline {
        return digits(piece);
    }
    // (The tail may end the sentence: "anmärkni" over "ng.".)
    let piece = piece.trim_end_matches(['.', ',', ';', ':']);
    let letters = piece.chars().count();
    let above_letters = last.chars().count();
    letters > 0
        && piece.chars().all(char::is_lowercase)
        && !SHORT_WORDS.contains(&piece)
        && last.chars().all(char::is_alphabetic)
        && ((letters == 1 && above_letters >= 2) || (letters == 2 && above_letters >= 5))
}

/// A column is a record's key (its number, its risk value, a short date) when, in the
/// records of more lines than one that fill it, its text stands on the first line alone at
/// least this share of times (in hundredths)…
const KEY_COLUMN_PERCENT: usize = 80;
/// …in this many such records at least…
const KEY_COLUMN_MIN_RECORDS: usize = 2;
/// …and each of its texts on a first line is this many words at most.
const KEY_COLUMN_MAX_WORDS: usize = 3;

/// Per line of a block, the characters each of its cells holds as written (before any
/// mending moved a word's pieces up): which columns a line fills, and how wide.
fn block_shape(block: &[(usize, Vec<String>)]) -> Vec<Vec<usize>> {
    block
        .iter()
        .map(|(_, cells)| cells.iter().map(|c| c.chars().count()).collect())
        .collect()
}

/// Joins the lines of a table whose records follow each other without blank lines, each
/// cell's text wrapped over the record's lines from its top (a Word table turned into a PDF
/// and back into text): the geometry of the block tells where a record starts, whatever
/// case its texts start with ("Controller" under "Avdelningschef,"). A line starts a new
/// record when it stands after a blank line, when one of its texts stands under a blank of
/// the line right above (a cell's text is contiguous from the record's first line down:
/// "1.2" under the blank first column of 1.1's wrapped lines), when it fills every column
/// the record's first line fills (nothing wrapped), when a key column (see
/// [`key_columns`]) has a text on it, or when one of its texts cannot go on the text above
/// it (see [`goes_on`]). Only in a block where such records show a key column: without one,
/// a blank cell under a filled one may be a merged cell, and the lines are left to the
/// later stages. The record's lines join per column into its first line; the joined lines
/// are left empty. `shape`: the block as written (see [`block_shape`]). `cut`: the key
/// columns of the table's last record above a page break, when the block goes on the table
/// past it: a first line that fills none of them is the rest of that record (see
/// [`carry_record`]), whose lines fill only the columns the break cut, and a line under it
/// that fills them too starts no record of its own for that.
fn join_wrapped_records(
    block: &mut [(usize, Vec<String>)],
    shape: &[Vec<usize>],
    room: &[usize],
    cut: Option<&[bool]>,
) -> Option<Vec<bool>> {
    let columns = block.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    if block.len() < 2 || columns == 0 || shape.len() != block.len() {
        return None;
    }
    let width: Vec<usize> = (0..columns)
        .map(|c| {
            shape
                .iter()
                .filter_map(|l| l.get(c).copied())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let rest = cut.is_some_and(|key| {
        block[0]
            .1
            .iter()
            .zip(key)
            .all(|(t, key)| !*key || t.is_empty() || t.starts_with(char::is_lowercase))
    });
    let geometric = record_starts(block, shape, &[], None, room, rest);
    let key = key_columns(block, &geometric);
    if !key.iter().any(|k| *k) && !has_lead_column(block, &geometric) {
        return None;
    }
    let starts = record_starts(block, shape, &key, Some(&width), room, rest);
    let mut first = 0;
    // The record above and the columns whose text goes on the record above's text beside
    // this record's lines: a cell merged over this record's rows (a risk's description
    // beside its second control: "kommunen" over "saknar avtal med." beside "Ny kontroll").
    let mut above: Option<usize> = None;
    let mut tail = vec![false; columns];
    for k in 0..block.len() {
        if starts[k] {
            let adjacent = k > 0 && block[k].0 == block[k - 1].0 + 1;
            above = adjacent.then_some(first);
            first = k;
            let cells = &block[k].1;
            let own = (0..cells.len()).any(|c| {
                !cells[c].is_empty()
                    && shape[k - usize::from(adjacent)]
                        .get(c)
                        .is_none_or(|n| *n == 0)
            });
            for (c, is_tail) in tail.iter_mut().enumerate() {
                *is_tail = adjacent
                    && own
                    && !key.get(c).copied().unwrap_or(false)
                    && shape[k - 1].get(c).is_some_and(|n| *n > 0)
                    && cells
                        .get(c)
                        .is_some_and(|t| t.starts_with(char::is_lowercase));
            }
        }
        let Some(a) = above.filter(|_| tail.iter().any(|t| *t)) else {
            if starts[k] {
                continue;
            }
            let (upper, lower) = block.split_at_mut(k);
            for (c, (target, text)) in upper[first]
                .1
                .iter_mut()
                .zip(lower[0].1.iter_mut())
                .enumerate()
            {
                let text = std::mem::take(text);
                if !text.is_empty() {
                    let above = shape[k - 1].get(c).copied().unwrap_or(0);
                    join_record_line(target, &text, above, width[c]);
                }
            }
            continue;
        };
        let (upper, lower) = block.split_at_mut(k);
        for (c, text) in lower[0].1.iter_mut().enumerate() {
            if text.is_empty() {
                tail[c] = false;
                continue;
            }
            if tail[c] {
                let text = std::mem::take(text);
                join_cell_text(&mut upper[a].1[c], &text);
            } else if !starts[k] {
                let text = std::mem::take(text);
                let above = shape[k - 1].get(c).copied().unwrap_or(0);
                join_record_line(&mut upper[first].1[c], &text, above, width[c]);
            }
        }
    }
    Some(key)
}

/// Joins a record's text on a lower line to its cell (see [`join_cell_text`]), as a
/// paragraph of its own when it starts in capitals and its first word would have fitted
/// after the line above in its column (`above_width` characters wide, in a column of
/// `width`): no wrap broke that line, the cell did ("Sjukfrånvaro" over "Risk att hög
/// sjukfrånvaro …": a risk's title over its description; see [`goes_on`]).
fn join_record_line(target: &mut String, text: &str, above_width: usize, width: usize) {
    let last_line = target.rsplit('\n').next().unwrap_or_default();
    if !target.is_empty()
        && text.starts_with(char::is_uppercase)
        && above_width > 0
        && !goes_on(last_line, above_width, text, width)
    {
        target.push('\n');
        target.push_str(text);
        return;
    }
    join_cell_text(target, text);
}

/// Joins a record's text on a lower line to its cell: on the same line when it starts in
/// lower case or the cell's text has not ended, as a paragraph of its own otherwise and
/// for a list of people one per line ("Rektor" over "Controller").
fn join_cell_text(target: &mut String, text: &str) {
    let (piece, rest) = text.split_once(' ').unwrap_or((text, ""));
    let last = target
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    if cut_word_tail(target, piece) || hyphen_broken(last, text) || closes_text(target, piece) {
        target.push_str(piece);
        if !rest.is_empty() {
            join_cell_text(target, rest);
        }
        return;
    }
    if !target.is_empty() {
        let last_line = target.rsplit('\n').next().unwrap_or_default();
        let list = is_people(last_line)
            && is_people(text)
            && !last_line.ends_with(',')
            && !text.starts_with(char::is_lowercase);
        // (A row's number goes on with the name it numbers: "3." over "Livsmedelskontroll".)
        let number = target.chars().all(|c| c.is_ascii_digit() || c == '.');
        let inline =
            !list && (text.starts_with(char::is_lowercase) || !ends_terminal(target) || number);
        target.push(if inline { ' ' } else { '\n' });
    }
    target.push_str(text);
}

/// Whether `piece`, on a cell's lower line, is punctuation alone that ends the cell's text
/// above ("ledningsgruppen" over "."): a column's edge left no room for it beside its word.
fn closes_text(target: &str, piece: &str) -> bool {
    !target.is_empty()
        && !piece.is_empty()
        && piece
            .chars()
            .all(|c| matches!(c, '.' | ',' | ';' | ':' | ')' | '!' | '?'))
}

/// How wide each column of a table whose columns start at `starts` is, up to the next
/// column's start (the last: without end).
fn room_of(starts: &[usize]) -> Vec<usize> {
    starts
        .iter()
        .enumerate()
        .map(|(c, s)| {
            starts
                .get(c + 1)
                .map_or(usize::MAX, |next| next.saturating_sub(*s))
        })
        .collect()
}

/// Per line of a block, whether it starts a record (see [`join_wrapped_records`]): by the
/// geometry alone when `key` is empty and `width` is `None`, else by the key columns too and
/// by whether each text goes on the text above it in a column of that `width`. `rest`: the
/// block's first record is the rest of a record a page break cut.
fn record_starts(
    block: &[(usize, Vec<String>)],
    shape: &[Vec<usize>],
    key: &[bool],
    width: Option<&[usize]>,
    room: &[usize],
    rest: bool,
) -> Vec<bool> {
    let filled = |k: usize, c: usize| shape[k].get(c).is_some_and(|n| *n > 0);
    let mut out = vec![false; block.len()];
    let mut first: Option<usize> = None;
    for k in 0..block.len() {
        let cells = &block[k].1;
        let Some(f) = first else {
            out[k] = true;
            first = Some(k);
            continue;
        };
        // A line an earlier join emptied goes on with the record it joined.
        if cells.iter().all(String::is_empty) && block[k].0 == block[k - 1].0 + 1 {
            continue;
        }
        let columns = shape[k].len();
        let gap = block[k].0 != block[k - 1].0 + 1;
        let under_blank = (0..columns).any(|c| filled(k, c) && !filled(k - 1, c));
        // (A label's value goes on under it though: "Område:" over "Medborgare"; and so
        // does a line each of whose texts plainly goes on the text right above it, in a
        // table whose every cell wraps: "utbetalningar" under "Stickprov av", "FÖRD" under
        // "GENOM".)
        let full = !(rest && f == 0)
            && (0..shape[f].len()).all(|c| !filled(f, c) || filled(k, c))
            && !cells.iter().enumerate().all(|(c, t)| {
                t.is_empty() || block[k - 1].1.get(c).is_some_and(|a| wraps_onto(a, t))
            });
        let above_text = |c: usize| {
            block[f..k]
                .iter()
                .rev()
                .filter_map(|(_, cells)| cells.get(c))
                .find(|t| !t.is_empty())
                .map_or("", String::as_str)
        };
        let keyed_by = |word: bool| {
            key.iter().enumerate().any(|(c, is)| {
                *is && cells.get(c).is_some_and(|t| {
                    !t.is_empty()
                        && t.starts_with(char::is_alphabetic) == word
                        && !key_goes_on(above_text(c), t)
                })
            })
        };
        // A text that plainly goes on the one above (lower case under a text that has not
        // ended, or under one that stops open) keeps the line in its record, though
        // another column starts a sentence there ("Orsaken är …" under "… 25 brukare.").
        let plainly_goes_on = cells.iter().enumerate().any(|(c, t)| {
            let above = above_text(c);
            !t.is_empty()
                && !above.is_empty()
                && (stops_open(above)
                    || (t.starts_with(char::is_lowercase) && !ends_terminal(above)))
        });
        // (A line of one text under a record is that cell's next paragraph: a record of
        // its own fills more.)
        let texts = cells.iter().filter(|t| !t.is_empty()).count();
        // A line that leaves blank every key column the record's first line fills, each of
        // its texts starting a sentence under one that ended, goes on the record's long
        // texts ("Granskningen omfattar …" under "… dokumenteras." beside the same under
        // the method): a record of its own fills its key. (A text under one that has not
        // ended and would have fitted after it starts a cell of its own: a risk's second
        // control, "Kontroll av behörigheter" under "Kontroll av fakturerade resor".)
        // (The rest of a record the page break cut is such a record: its keys stand above the
        // break.)
        let keyless = {
            let keys = |n: usize| {
                (0..columns).any(|c| key.get(c).copied().unwrap_or(false) && filled(n, c))
            };
            (keys(f) || (rest && f == 0))
                && !keys(k)
                && cells
                    .iter()
                    .enumerate()
                    .all(|(c, t)| t.is_empty() || ends_terminal(above_text(c)))
        };
        // A word in a key column (a person's title: "Controller" under "Kvalitetsutvecklare",
        // a list written one to a line) on a line whose other texts plainly go on the record's
        // is the next item of that cell; a number there starts a record whatever.
        let keyed = keyed_by(false) || (keyed_by(true) && !plainly_goes_on);
        let stops = !plainly_goes_on
            && !keyless
            && texts >= 2
            && width.is_some_and(|width| {
                cells.iter().enumerate().any(|(c, t)| {
                    if t.is_empty() {
                        return false;
                    }
                    let above_width = shape[k - 1].get(c).copied().unwrap_or(0);
                    !goes_on(
                        above_text(c),
                        above_width,
                        t,
                        width.get(c).copied().unwrap_or(0),
                    )
                })
            });
        // A text alone on its line that runs past its column's room into the next column's
        // is a cell merged across the table: a risk's banner ("Hot och våld mot medarbetare"
        // under a control's wrapped first cell), no line of the record above.
        let across = texts == 1
            && shape[k]
                .iter()
                .zip(room)
                .any(|(w, r)| *w > r.saturating_add(ALIGN_SLACK));
        // A cell whose text starts a line late (indented with spaces that wrapped: "1.1"
        // over "Granskning av inköp" beside "Rapport ur" over "HR-systemet") under a blank
        // that stays blank on every line of the record, on a line that plainly goes on the
        // record's other texts and fills no key: the record's, in a table with a key.
        let late = under_blank
            && !keyed
            && plainly_goes_on
            && key.iter().any(|k| *k)
            && (0..columns)
                .filter(|&c| filled(k, c) && !filled(k - 1, c))
                .all(|c| (f..k).all(|n| !filled(n, c)));
        let under_blank = under_blank && !late;
        if gap || under_blank || full || keyed || stops || across {
            out[k] = true;
            first = Some(k);
        }
    }
    out
}

/// Per column, whether it is a record's key: its text stands on the record's first line
/// only (see [`KEY_COLUMN_PERCENT`]), in records told apart by `starts`.
fn key_columns(block: &[(usize, Vec<String>)], starts: &[bool]) -> Vec<bool> {
    let columns = block.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    let mut only = vec![0usize; columns];
    let mut wraps = vec![0usize; columns];
    let mut long = vec![false; columns];
    let mut k = 0;
    while k < block.len() {
        let end = (k + 1..block.len())
            .find(|&n| starts[n])
            .unwrap_or(block.len());
        let lines = &block[k..end];
        if lines.len() >= 2 {
            for c in 0..columns {
                let Some(text) = lines[0].1.get(c).filter(|t| !t.is_empty()) else {
                    continue;
                };
                long[c] |= text.split_whitespace().count() > KEY_COLUMN_MAX_WORDS;
                if lines[1..]
                    .iter()
                    .any(|(_, cells)| cells.get(c).is_some_and(|t| !t.is_empty()))
                {
                    wraps[c] += 1;
                } else {
                    only[c] += 1;
                }
            }
        }
        k = end;
    }
    (0..columns)
        .map(|c| {
            !long[c]
                && only[c] >= KEY_COLUMN_MIN_RECORDS
                && only[c] * 100 >= (only[c] + wraps[c]) * KEY_COLUMN_PERCENT
        })
        .collect()
}

/// Whether a block whose records show no key column still tells its records apart by a
/// lead column (a control's title): in the records of more lines than one, the column's
/// text on their lower lines plainly goes on the line right above it ("kontrollplan" under
/// "Uppföljning av") at least [`KEY_COLUMN_PERCENT`] of times, in
/// [`KEY_COLUMN_MIN_RECORDS`] records at least. (A column merged over a record's rows, a
/// risk beside its controls, leaves its lower lines blank; a list of items one per line
/// starts each in capitals. A section's lines between the rows, under the first column
/// alone, are no record it leads.)
fn has_lead_column(block: &[(usize, Vec<String>)], starts: &[bool]) -> bool {
    let columns = block.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    let mut goes = vec![0usize; columns];
    let mut stands = vec![0usize; columns];
    for k in 1..block.len() {
        if starts[k] {
            continue;
        }
        for c in 0..columns {
            let Some(text) = block[k].1.get(c).filter(|t| !t.is_empty()) else {
                continue;
            };
            let above = block[k - 1].1.get(c).map_or("", String::as_str);
            if wraps_onto(above, text) {
                goes[c] += 1;
            } else {
                stands[c] += 1;
            }
        }
    }
    // A section's record (its lines fill the first column only: "Område:" over
    // "Medborgare" between the rows) has no lead text; the rows under it do.
    let section: Vec<bool> = (0..block.len())
        .map(|k| {
            let end = (k + 1..block.len())
                .find(|&n| starts[n])
                .unwrap_or(block.len());
            block[k].1.first().is_some_and(|t| !t.is_empty())
                && block[k..end]
                    .iter()
                    .all(|(_, cells)| cells.iter().skip(1).all(String::is_empty))
        })
        .collect();
    (0..columns).any(|c| {
        goes[c] >= KEY_COLUMN_MIN_RECORDS
            && goes[c] * 100 >= (goes[c] + stands[c]) * KEY_COLUMN_PERCENT
            && block
                .iter()
                .zip(starts)
                .zip(&section)
                .filter(|((_, s), in_section)| **s && !**in_section)
                .all(|(((_, cells), _), _)| cells.get(c).is_some_and(|t| !t.is_empty()))
    })
}

/// Whether `text`, on a record's line under `above` (the record's text in its column so
/// far, whose last line was `above_width` characters wide, in a column of `width`), goes on
/// it: it starts in lower case, with a digit or a bracket, the text above stops open (a
/// comma, a dash, a word that binds), or the text above has not ended and the first word
/// below would not have fitted after it (the column wrapped it: "Administrativ" under
/// "Upphandlare," and "Kontroll 2" under "Kontroll 1" differ so).
fn goes_on(above: &str, above_width: usize, text: &str, width: usize) -> bool {
    let above = above.trim_end();
    // A list's number ("2. Stickprov") starts an item of its own; other digits go on ("100
    // 000 kronor" under "… över").
    let listed = {
        let digits = text
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit());
        digits.len() < text.trim_start().len()
            && (digits.starts_with(". ") || digits.starts_with(") "))
    };
    if above.is_empty()
        || (!listed
            && text.starts_with(|c: char| {
                c.is_lowercase() || c.is_ascii_digit() || "([/&-–".contains(c)
            }))
        || stops_open(above)
    {
        return true;
    }
    // A row's number ("5.") over the name it numbers.
    if above.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return true;
    }
    let word = text.split_whitespace().next().unwrap_or_default();
    !ends_terminal(above) && above_width + 1 + word.chars().count() > width
}

/// Whether `text`, on the line right under `above` in its column, plainly goes on it: the
/// text above stops open, or has not ended and the text below starts in lower case or, under
/// a word in capitals, goes on in capitals ("GENOM" over "FÖRD"); or the text above is a
/// row's number ("3." over "Livsmedelskontroll").
fn wraps_onto(above: &str, text: &str) -> bool {
    let capitals =
        |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    let last = above.rsplit(char::is_whitespace).next().unwrap_or_default();
    let first = text.split_whitespace().next().unwrap_or_default();
    let number =
        !above.trim().is_empty() && above.trim().chars().all(|c| c.is_ascii_digit() || c == '.');
    stops_open(above)
        || number
        || (!above.trim().is_empty()
            && !ends_terminal(above)
            && (text.starts_with(char::is_lowercase) || (capitals(last) && capitals(first))))
}

/// Whether a cell's text stops where no text ends: a comma, a semicolon, a dash, a colon (a
/// label: "Område:" over "Medborgare"), or a word that binds to what follows.
fn stops_open(above: &str) -> bool {
    const BINDING: [&str; 16] = [
        "och", "att", "om", "i", "på", "av", "för", "med", "till", "samt", "eller", "som",
        "enligt", "över", "vid", "från",
    ];
    let above = above.trim_end();
    let last = above.rsplit(char::is_whitespace).next().unwrap_or_default();
    above.ends_with([',', ';', ':', '-', '–', '/', '&'])
        || BINDING.contains(&last.to_lowercase().as_str())
}

/// Whether `word`, alone on its line, is a code broken after its hyphen ("RS-" over "10",
/// "IT-" over "säkerhet"): letters then a hyphen, and the line below goes on with a digit,
/// or, after an abbreviation in capitals, in lower case (not with a word of its own such as
/// "och": "IT-" over "och HR-frågor" is a list of compounds). A word of small letters
/// broken at a hyphen ("Kontroll-" over "moment") may have lost a soft hyphen and is left
/// to the later stages.
fn hyphen_broken(word: &str, rest: &str) -> bool {
    const BINDING: [&str; 4] = ["och", "eller", "samt", "resp"];
    let Some(stem) = word.strip_suffix('-') else {
        return false;
    };
    let first = rest.split_whitespace().next().unwrap_or_default();
    let code = !stem.is_empty()
        && stem.chars().all(char::is_alphanumeric)
        && stem.chars().any(char::is_alphabetic);
    let capitals = stem.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    code && match first.chars().next() {
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if c.is_lowercase() => {
            capitals && !BINDING.contains(&first.trim_end_matches([',', '.']))
        }
        _ => false,
    }
}

/// A table's rows on the next page may stand this many lines below its last row.
const CARRY_LINES: usize = 12;

/// The rows of an aligned table from line `from` on, in the columns that start at `starts`:
/// per line its cells, how many lines are rows of two cells or more, and the line where
/// the rows end (at the latest where `new_page` says a page starts). See [`aligned_blocks`].
fn rows_under(
    lines: &[String],
    new_page: &[bool],
    starts: &[usize],
    from: usize,
) -> (Vec<(usize, Vec<String>)>, usize, usize) {
    let column_of = |at: usize| -> Option<usize> {
        let i = starts.iter().rposition(|&s| s <= at + ALIGN_SLACK)?;
        // Not past the middle of the gap to the next column.
        (starts
            .get(i + 1)
            .is_none_or(|&next| at + ALIGN_SLACK < next))
        .then_some(i)
    };
    let mut block: Vec<(usize, Vec<String>)> = Vec::new();
    let mut rows = 0;
    let mut j = from;
    while j < lines.len() {
        // Blank lines between rows (a PDF's spacing) when a row follows them.
        if lines[j].trim().is_empty() {
            let next = (j + 1..lines.len().min(j + 1 + TALL_ROW_BLANK_LINES))
                .find(|&k| !lines[k].trim().is_empty());
            let fits = |k: usize| {
                let parts = chunks(&lines[k]);
                // (A right-aligned number stands anywhere in its column.)
                parts.len() >= 2
                    && parts.iter().all(|(at, text)| {
                        starts.iter().any(|s| s.abs_diff(*at) <= ALIGN_SLACK)
                            || (text.len() <= JOINED_NUMBER_MAX
                                && text.chars().all(|c| c.is_ascii_digit()))
                    })
            };
            match next {
                Some(k)
                    if (k - j <= MAX_BLANK_LINES
                        && (chunks(&lines[k]).len() >= 2 || section_line(lines, k, starts)))
                        || (!new_page[k] && !is_page_line(&lines[k]) && fits(k)) =>
                {
                    j = k;
                }
                _ => break,
            }
        }
        // A page's head or foot ("Sida 2 (2)", after a form feed) ends the rows; the
        // header repeated under it starts them again.
        if is_page_line(&lines[j]) || (j > from && new_page[j]) {
            break;
        }
        let parts = split_joined_cells(chunks(&lines[j]), starts);
        let mut cells = vec![String::new(); starts.len()];
        let placed = parts.iter().all(|(at, text)| match column_of(*at) {
            Some(c) => {
                if !cells[c].is_empty() {
                    cells[c].push(' ');
                }
                cells[c].push_str(text);
                true
            }
            None => false,
        });
        // A wrapped line stands under a column right of the first, or under the first
        // right below a row's line or the header's (no blank line between).
        let wrapped = parts.len() == 1
            && (parts[0].0 > starts[0] + ALIGN_SLACK || (j > 0 && !lines[j - 1].trim().is_empty()));
        if !placed || (parts.len() < 2 && !wrapped && !section_line(lines, j, starts)) {
            break;
        }
        rows += usize::from(parts.len() >= 2);
        block.push((j, cells));
        j += 1;
    }
    (block, rows, j)
}

/// The longest number [`split_joined_cells`] takes for a right-aligned cell of its own.
const JOINED_NUMBER_MAX: usize = 3;

/// The chunks of a table's line with two cells set only one space apart told apart by the
/// columns' edges (`starts`, from the header): a cell that fills its width and ends one
/// space before the next column's text ("Genomgång av användare med IT-säkerhetschef", the
/// last word the next column's) is split at its last space before the next column's
/// start; a right-aligned number one space before the next column's text ("1 Felaktiga
/// utbetalningar", "12 Kontroll av …"), standing left of that column's edge, is the
/// column's to the left when nothing else on the line is. A piece moved to a column is
/// given that column's start. Lines of one chunk (a section's or a note's text across the
/// table) are left whole.
fn split_joined_cells(parts: Vec<(usize, String)>, starts: &[usize]) -> Vec<(usize, String)> {
    if parts.len() < 2 {
        return parts;
    }
    let column = |at: usize| starts.iter().rposition(|&s| s <= at + ALIGN_SLACK);
    let taken: Vec<Option<usize>> = parts.iter().map(|(at, _)| column(*at)).collect();
    let mut out = Vec::new();
    for (n, (at, text)) in parts.into_iter().enumerate() {
        let (mut at, mut text) = (at, text);
        // A number left of its chunk's column's edge.
        if let Some(c) = column(at).filter(|&c| c > 0 && at < starts[c])
            && let Some((number, rest)) = text.split_once(' ')
            && number.len() <= JOINED_NUMBER_MAX
            && number.chars().all(|ch| ch.is_ascii_digit())
            && rest.starts_with(char::is_alphabetic)
            && at + number.chars().count() + 1 >= starts[c]
            && !taken
                .iter()
                .enumerate()
                .any(|(m, t)| m != n && *t == Some(c - 1))
        {
            out.push((starts[c - 1], number.to_string()));
            at += number.chars().count() + 1;
            text = rest.to_string();
        }
        // A text running over the next column's edge.
        while let Some(c) = column(at)
            && let Some(&next) = starts.get(c + 1)
            && at + text.chars().count() > next + ALIGN_SLACK
        {
            let spaces: Vec<usize> = text
                .char_indices()
                .enumerate()
                .filter(|(i, (_, ch))| *ch == ' ' && at + i < next + ALIGN_SLACK)
                .map(|(i, _)| i)
                .collect();
            let Some(&i) = spaces
                .iter()
                .find(|&&i| (at + i + 1).abs_diff(next) <= ALIGN_SLACK)
                .or(spaces.last())
            else {
                break;
            };
            let (left, rest): (String, String) = {
                let chars: Vec<char> = text.chars().collect();
                (chars[..i].iter().collect(), chars[i + 1..].iter().collect())
            };
            if left.trim().is_empty() || rest.trim().is_empty() {
                break;
            }
            out.push((at, left));
            at = (at + i + 1).max(next);
            text = rest;
        }
        out.push((at, text));
    }
    out
}

/// How many lines apart two lines of one label table may stand (a card's two rows with a
/// wrapped value and blank lines between).
const PAIR_LINES_APART: usize = 6;
/// A label of a label table's line is at most this many words.
const PAIR_LABEL_WORDS: usize = 3;

/// Lines of a borderless label table with two label columns ("Kontrollmoment   Kontroll av
/// …   Ansvarig   Valsamordnare" over "Kontrollmetod   Stickprov   Frekvens   Valdagen"), as
/// `pdftotext -layout` prints a planning system's cards: a line of four texts (label, value,
/// label, value; each label a short text starting in capitals) is a row of four cells, so
/// the two pairs stand apart, when its two labels stand so on another line too (every card
/// repeats them) and a line near it holding two other such labels shares its four columns
/// (the card's other row). A value's text wrapped onto the lines right under it, in its
/// column, is joined to it (those lines are left empty): alone, a wrapped line could not
/// tell which pair it goes on. Per line, its cells (see [`aligned_blocks`]). Which texts are
/// labels the vocabulary decides later; the rows only keep the columns apart.
fn label_pair_lines(lines: &[String]) -> Vec<Option<Vec<String>>> {
    let (lines, _) = page_starts(lines);
    let mut out: Vec<Option<Vec<String>>> = vec![None; lines.len()];
    let is_label = |t: &str| {
        let t = t.strip_suffix(':').unwrap_or(t);
        t.starts_with(char::is_uppercase)
            && t.split(' ').count() <= PAIR_LABEL_WORDS
            && !t.chars().any(|c| c.is_ascii_digit())
            && !t.ends_with(['.', ','])
    };
    let four: Vec<Option<Vec<(usize, String)>>> = lines
        .iter()
        .map(|l| {
            let parts = chunks(l);
            (parts.len() == 4 && is_label(&parts[0].1) && is_label(&parts[2].1) && !is_page_line(l))
                .then_some(parts)
        })
        .collect();
    let key = |p: &[(usize, String)]| (p[0].1.to_lowercase(), p[2].1.to_lowercase());
    let mut keys: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    for p in four.iter().flatten() {
        *keys.entry(key(p)).or_insert(0) += 1;
    }
    let repeated = |p: &[(usize, String)]| keys.get(&key(p)).is_some_and(|&n| n >= 2);
    let same_columns = |a: &[(usize, String)], b: &[(usize, String)]| {
        a.iter()
            .zip(b)
            .all(|((x, _), (y, _))| x.abs_diff(*y) <= ALIGN_SLACK)
    };
    for i in 0..lines.len() {
        let Some(parts) = four[i].as_ref().filter(|p| repeated(p)) else {
            continue;
        };
        let from = i.saturating_sub(PAIR_LINES_APART);
        let to = (i + PAIR_LINES_APART).min(lines.len() - 1);
        let card = (from..=to).filter(|&k| k != i).any(|k| {
            four[k]
                .as_ref()
                .is_some_and(|p| repeated(p) && key(p) != key(parts) && same_columns(parts, p))
        });
        if !card || in_wider_table(&lines, i) {
            continue;
        }
        let mut cells: Vec<String> = parts.iter().map(|(_, t)| t.clone()).collect();
        // The values wrapped onto the lines right under, each text under a value's column.
        let mut k = i + 1;
        while k < lines.len() && four[k].is_none() {
            let below = chunks(&lines[k]);
            let columns: Option<Vec<usize>> = below
                .iter()
                .map(|(at, _)| {
                    [1, 3]
                        .into_iter()
                        .find(|&c| parts[c].0.abs_diff(*at) <= ALIGN_SLACK)
                })
                .collect();
            let Some(columns) = columns.filter(|c| !c.is_empty()) else {
                break;
            };
            for (c, (_, text)) in columns.into_iter().zip(below) {
                cells[c].push(' ');
                cells[c].push_str(&text);
            }
            out[k] = Some(Vec::new());
            k += 1;
        }
        out[i] = Some(cells);
    }
    out
}

/// Whether line `i` stands among lines of more than four texts, with no blank line between
/// (within [`PAIR_LINES_APART`]): a wider table's, whose header broken into pieces on every
/// page ("LEN   TROL   LEN   TROL" under "KON" over "DELÅ   L   HELÅ   L") is no card's.
fn in_wider_table(lines: &[String], i: usize) -> bool {
    let wide = |n: &usize| chunks(&lines[*n]).len() > 4;
    let up = (i.saturating_sub(PAIR_LINES_APART)..i)
        .rev()
        .take_while(|&n| !lines[n].trim().is_empty());
    let down = (i + 1..lines.len().min(i + 1 + PAIR_LINES_APART))
        .take_while(|&n| !lines[n].trim().is_empty());
    up.chain(down).any(|n| wide(&n))
}

/// A section row has at most this many words.
const SECTION_MAX_WORDS: usize = 8;

/// Whether line `k` is a section row inside an aligned table ("Information och IT" between
/// the rows): one short text under the first column after a blank line, with a row of two
/// cells or more below it (after at most [`MAX_BLANK_LINES`] blank lines). It is the
/// section's first cell, the rows under it go on in the table.
fn section_line(lines: &[String], k: usize, starts: &[usize]) -> bool {
    let parts = chunks(&lines[k]);
    let [(at, text)] = parts.as_slice() else {
        return false;
    };
    let row_below = (k + 1..lines.len().min(k + 2 + MAX_BLANK_LINES))
        .find(|&n| !lines[n].trim().is_empty())
        .is_some_and(|n| {
            let parts = chunks(&lines[n]);
            // Each of its texts where a column starts (not another table's header).
            parts.len() >= 2
                && !is_page_line(&lines[n])
                && parts
                    .iter()
                    .all(|(at, _)| starts.iter().any(|s| s.abs_diff(*at) <= ALIGN_SLACK))
        });
    k > 0
        && lines[k - 1].trim().is_empty()
        && starts.first().is_some_and(|s| *at <= s + ALIGN_SLACK)
        && text.split_whitespace().count() <= SECTION_MAX_WORDS
        && !text.ends_with('.')
        && !is_page_line(&lines[k])
        && row_below
}

/// Lines split on "\n", "\r\n" and lone "\r".
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|l| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        l.split('\r')
    })
}

/// The lines of a text (without NUL characters), each with its number, a line that holds a
/// form feed after some text split there: a page's foot and the next page's first line that
/// `pdftotext` ran together ("Sida 1 av 5\fLöpnr  Beskrivning …") are two lines, the second
/// starting with the form feed (a page's first line), both numbered as the line was.
fn page_split_lines(text: &str) -> (Vec<String>, Vec<u32>) {
    let mut lines = Vec::new();
    let mut numbers = Vec::new();
    for (i, line) in split_lines(text).enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = line.replace('\0', "");
        let mut parts = line.split('\u{c}');
        let first = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        if rest.is_empty() || first.trim().is_empty() {
            lines.push(line.clone());
            numbers.push(number);
            continue;
        }
        lines.push(first.to_string());
        numbers.push(number);
        for part in rest {
            lines.push(format!("\u{c}{part}"));
            numbers.push(number);
        }
    }
    (lines, numbers)
}

/// A row of only dashes, pipes, colons and blanks (Markdown's table rule).
fn is_separator(line: &str) -> bool {
    line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '-' | '|' | ':' | '\t' | ' ' | '—' | '–'))
}

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*?/?>").expect("tag regex"));

/// A prose line: Markdown heading level and emphasis markers removed, HTML stripped.
fn prose(line: &str) -> (String, u8) {
    let t = line.trim();
    let hashes = t.chars().take_while(|&c| c == '#').count();
    let (heading, body) = if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        (hashes as u8, &t[hashes..])
    } else {
        (0, t)
    };
    let body = html_value(body).plain();
    let body = strip_emphasis(&body);
    (body, heading)
}

/// Removes Markdown emphasis markers (`*x*`, `**x**`, `***x***`, `_x_` at word edges).
fn strip_emphasis(s: &str) -> String {
    let trimmed = s.trim();
    let inner = trimmed.trim_matches('*');
    if inner.len() + 2 <= trimmed.len() && !inner.contains('*') {
        return inner.trim().to_string();
    }
    static EMPH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\*{1,3}([^*]+?)\*{1,3}").expect("emphasis regex"));
    EMPH.replace_all(s, "$1").into_owned()
}

/// A cell whose lines ("\n": an aligned table's record joined, a CSV cell's line breaks)
/// are paragraphs, each read as [`html_value`] reads a cell.
pub(super) fn html_lines_value(cell: &str) -> Value {
    if !cell.contains('\n') {
        return html_value(cell);
    }
    let paras: Paras = cell
        .split('\n')
        .flat_map(|p| html_rich(p).into_paras())
        .collect();
    if paras.is_empty() {
        Value::Empty
    } else {
        Value::Text(Rich::from_paras(paras))
    }
}

/// Parses one cell's HTML fragment into paragraphs and bold runs.
pub fn html_value(cell: &str) -> Value {
    let rich = html_rich(cell);
    if rich.is_empty() {
        Value::Empty
    } else {
        Value::Text(rich)
    }
}

/// Parses an HTML fragment (`<p>`, `<br>`, `<b>`, `<strong>`, `<i>`, entities) into [`Rich`].
pub fn html_rich(s: &str) -> Rich {
    if s.contains('<') {
        tagged_rich(s)
    } else {
        untagged_rich(s)
    }
}

/// [`html_rich`] of a text without tags (most cells): one plain run, as [`tagged_rich`]
/// reads it, without the tag pattern.
fn untagged_rich(s: &str) -> Rich {
    let text = decode_entities(s).replace('\u{a0}', " ");
    if text.trim().is_empty() {
        return Rich::default();
    }
    Rich::from_paras(smallvec::smallvec![Para::plain_run(text)])
}

/// [`html_rich`] by its tags.
fn tagged_rich(s: &str) -> Rich {
    let mut paras: Paras = smallvec::smallvec![Para::default()];
    let mut bold = 0usize;
    let mut pos = 0;
    let push_text = |paras: &mut Paras, text: &str, bold: bool| {
        if text.is_empty() {
            return;
        }
        let text = decode_entities(text).replace('\u{a0}', " ");
        let para = paras.last_mut().expect("at least one paragraph");
        match para.runs.last_mut() {
            Some(r) if r.bold == bold => r.text.push_str(&text),
            _ => para.runs.push(Run { text, bold }),
        }
    };
    for m in TAG.captures_iter(s) {
        let whole = m.get(0).expect("match");
        push_text(&mut paras, &s[pos..whole.start()], bold > 0);
        pos = whole.end();
        let tag = m[1].to_ascii_lowercase();
        let closing = whole.as_str().starts_with("</");
        match tag.as_str() {
            "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "br" => {
                if paras.last().is_some_and(|p| !p.plain().is_empty()) {
                    paras.push(Para::default());
                } else if let Some(p) = paras.last_mut() {
                    p.runs.clear();
                }
            }
            "b" | "strong" => {
                if closing {
                    bold = bold.saturating_sub(1);
                } else {
                    bold += 1;
                }
            }
            _ => {}
        }
    }
    push_text(&mut paras, &s[pos..], bold > 0);
    paras.retain(|p| !p.plain().is_empty());
    Rich::from_paras(paras)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(row: &Row) -> Vec<String> {
        match &row.kind {
            RowKind::Cells(c) => c.iter().map(|c| c.value.plain()).collect(),
            RowKind::Text { text, .. } => vec![format!("text: {text}")],
        }
    }

    /// Each line's cells (index 0 is line 1): a line read into the header above makes no
    /// row and reads empty.
    fn by_line(rows: &[Row]) -> Vec<Vec<String>> {
        let lines = rows.iter().map(|r| r.line as usize).max().unwrap_or(0);
        let mut out = vec![Vec::new(); lines];
        for row in rows {
            let line = &mut out[row.line as usize - 1];
            if line.is_empty() {
                *line = cells(row);
            }
        }
        out
    }

    #[test]
    fn columns_aligned_with_spaces_are_cells_and_a_wrapped_line_stays_in_its_column() {
        let text = "LYSEKILS KOMMUN        PROTOKOLL\n\n\
                    Område        Kontrollmoment           Ansvarig      Utfört\n\
                    Ekonomi       Attest av fakturor       Ekonomichef   Ja\n\
                    \n\
                    Kansli        Delegationsbeslut        Sekreterare   Nej\n\
                    \x20             anmäls i tid\n\
                    \n\
                    En mening efter tabellen.\n";
        let rows = read_str(text);
        let got: Vec<Vec<String>> = rows.iter().map(cells).collect();
        // The page head's two parts, set far apart, are lines of their own.
        assert_eq!(got[0], ["text: LYSEKILS KOMMUN"]);
        assert_eq!(got[1], ["text: PROTOKOLL"]);
        assert_eq!(got[3], ["Område", "Kontrollmoment", "Ansvarig", "Utfört"]);
        assert_eq!(
            got[4],
            ["Ekonomi", "Attest av fakturor", "Ekonomichef", "Ja"]
        );
        assert_eq!(
            got[6],
            ["Kansli", "Delegationsbeslut", "Sekreterare", "Nej"]
        );
        assert_eq!(got[7], ["", "anmäls i tid", "", ""]);
        assert_eq!(got[9], ["text: En mening efter tabellen."]);
    }

    #[test]
    fn a_cards_lines_of_two_label_columns_are_four_cells_with_their_wrapped_values() {
        let card = "Kontrollmoment   Kontroll av attest mot         Ansvarig   Ekonom\n\
                    \x20                attestlista                           \n\
                    \n\
                    Kontrollmetod    Stickprov                      Frekvens   Två gånger per\n\
                    \x20                och kvittenser                          år\n\
                    \n\n\n";
        let text = format!("Risk att fakturor betalas två gånger.\n\n{card}{card}");
        let got: Vec<Vec<String>> = read_str(&text).iter().map(cells).collect();
        assert_eq!(
            got[2],
            [
                "Kontrollmoment",
                "Kontroll av attest mot attestlista",
                "Ansvarig",
                "Ekonom"
            ]
        );
        assert!(got[3].is_empty(), "{:?}", got[3]);
        assert_eq!(
            got[5],
            [
                "Kontrollmetod",
                "Stickprov och kvittenser",
                "Frekvens",
                "Två gånger per år"
            ]
        );
        assert!(got[6].is_empty(), "{:?}", got[6]);
        // A table's rows, whose first texts differ row by row, stay the table's.
        let table = "Område    Kontrollmoment        Ansvarig      Utfört\n\
                     Ekonomi   Attest av fakturor    Ekonomichef   Ja\n\
                     Kansli    Delegationsbeslut     Sekreterare   Nej\n";
        let got: Vec<Vec<String>> = read_str(table).iter().map(cells).collect();
        assert_eq!(
            got[1],
            ["Ekonomi", "Attest av fakturor", "Ekonomichef", "Ja"]
        );
    }

    #[test]
    fn a_new_pages_columns_are_found_from_its_texts_when_no_row_fills_them_all() {
        // `pdftotext` set the second page's columns closer; no row of it has a text in every
        // column, but its texts together start five columns.
        let text = "Nr    Risk          Kontroll        Ansvarig      Kommentar\n\
                    R1    Fakturor      Stickprov       Ekonomichef   Inga fel\n\
                    \x20                   Attest          Controller    Se bilaga\n\
                    \n\
                    Sida 1 av 2\n\
                    \u{c}R2  Avtal       Genomgång     Controller\n\
                    \x20               Attest        Lönechef     Se bilaga\n\
                    \n\
                    Sida 2 av 2\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        let r2 = got.iter().position(|r| r[0] == "R2");
        let r2 = r2.unwrap_or_else(|| panic!("{got:?}"));
        assert_eq!(
            got[r2],
            ["R2", "Avtal", "Genomgång", "Controller", ""],
            "{got:?}"
        );
        assert_eq!(
            got[r2 + 1],
            ["", "", "Attest", "Lönechef", "Se bilaga"],
            "{got:?}"
        );
    }

    #[test]
    fn a_text_running_past_its_column_under_a_wrapped_row_is_a_banner() {
        // "Inventarieförteckning saknas" under the first column's wrapped "utrustning" is
        // wider than the column: a risk's banner merged across the table, no line of the
        // control above.
        let text = "Kontrollmoment         Metod                  Frekvens\n\
                    Hot och våld mot medarbetare\n\
                    Inventering av         Rapport ur HR-         Varje tertial\n\
                    utrustning             systemet\n\
                    Inventarieförteckning saknas\n\
                    Uppföljning av rutin   Enkät till samtliga    En gång per termin\n\
                    för loggkontroll       chefer\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert!(
            got.contains(&vec![
                "Inventering av utrustning".to_string(),
                "Rapport ur HR-systemet".to_string(),
                "Varje tertial".to_string()
            ]),
            "{got:?}"
        );
        assert!(
            got.iter().any(|r| r[0] == "Inventarieförteckning saknas"),
            "{got:?}"
        );
    }

    #[test]
    fn a_page_that_leaves_the_first_columns_out_goes_on_in_the_columns_its_rows_fill() {
        // The second page holds a risk's further controls only: `pdftotext` left out its
        // empty risk columns and set the control columns from the page's left edge. Their
        // gaps repeat the table's last four columns (and, as the columns are alike, the
        // middle ones too): the run a row above filled decides.
        let text = "Nr   Risk          Kontroll     Metod        Ansvarig     Frekvens\n\
                    R1   Fakturor      Stickprov    Rapport      Controller   Årligen\n\
                    \x20                  Attest       Enkät        Lönechef     Månadsvis\n\
                    \n\
                    Sida 1 av 2\n\
                    \u{c}Avstämning   Analys       Rektor       Löpande\n\
                    Genomgång    Intervju     Controller   Årligen\n\
                    \n\
                    Sida 2 av 2\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert!(
            got.contains(&vec![
                String::new(),
                String::new(),
                "Avstämning".to_string(),
                "Analys".to_string(),
                "Rektor".to_string(),
                "Löpande".to_string()
            ]),
            "{got:?}"
        );
    }

    #[test]
    fn a_page_that_leaves_middle_columns_out_goes_on_in_the_columns_a_row_above_filled() {
        // The risk's values (S, K) are blank on every row of the second page: `pdftotext`
        // left their columns out. A control's row above filled Ref, the title, Metod and
        // Ansvarig: the page's four columns are those.
        let text = "Ref   Risk / kontroll      S     K     Metod            Ansvarig\n\
                    1     Fakturor             3     2\n\
                    1.1   Stickprov                        Rapport          Controller\n\
                    \n\
                    Sida 1 av 2\n\
                    \u{c}1.2   Attest         Enkät        Lönechef\n\
                    1.3   Avstämning     Intervju     Rektor\n\
                    \n\
                    Sida 2 av 2\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert!(
            got.contains(&vec![
                "1.2".to_string(),
                "Attest".to_string(),
                String::new(),
                String::new(),
                "Enkät".to_string(),
                "Lönechef".to_string()
            ]),
            "{got:?}"
        );
    }

    #[test]
    fn a_table_of_one_row_under_the_header_of_the_table_above_is_a_table() {
        // A small table per risk under its heading: the second risk's has one control.
        let text = "Fakturor – riskvärde 4\n\
                    Fakturor attesteras inte i tid.\n\
                    \n\
                    Kontroll             Metod                 Ansvarig      Redovisas\n\
                    Attest av fakturor   Stickprov             Ekonomichef   Tertial 2\n\
                    Avtalstrohet         Genomgång av 20       Controller    Delår\n\
                    \x20                    avtal\n\
                    \n\
                    \n\
                    \n\
                    Kompetens – riskvärde 12\n\
                    Svårt att rekrytera legitimerad personal.\n\
                    \n\
                    Kontroll             Metod                 Ansvarig      Redovisas\n\
                    Rekrytering          Enkät till chefer     HR-chef       Tertial 2\n\
                    \n\
                    \n\
                    \n\
                    Lön – riskvärde 3\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert!(
            got.contains(&vec![
                "Rekrytering".to_string(),
                "Enkät till chefer".to_string(),
                "HR-chef".to_string(),
                "Tertial 2".to_string()
            ]),
            "{got:?}"
        );
    }

    #[test]
    fn a_word_wrapped_on_the_next_page_is_read_as_on_the_first() {
        // Under the repeated header no wider line shows the column's room, but the first
        // page wrapped "Mindre" over "brister": "Väsentliga" over "brister" is two words too.
        let text = "Område     Kontroll        Bedömning   Resultat\n\
                    Fakturor   Stickprov       Inga brister  Inga fel\n\
                    Avtal      Genomgång       Mindre      Två fel\n\
                    \x20                          brister\n\
                    \u{c}PROTOKOLL                                Sida 2(2)\n\
                    \n\
                    Område     Kontroll     Bedömning   Resultat\n\
                    Lön        Stickprov    Väsentliga  Sju fel\n\
                    \x20                       brister\n\
                    Konton     Genomgång    Klar        Inga fel\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        let row = got
            .iter()
            .find(|r| r.first().is_some_and(|c| c == "Lön"))
            .expect("row");
        assert_eq!(row[2], "Väsentliga", "{got:?}");
        assert!(got.iter().any(|r| r.get(2).is_some_and(|c| c == "brister")));
    }

    #[test]
    fn a_word_broken_inside_a_narrow_column_is_mended_and_a_wrapped_one_is_not() {
        let text = "Område             Kontroll          Ansvarig   Status\n\
                    Leverantörsfaktur  Stickprov av      Ekonomichef  Delvis\n\
                    or                 fakturor          Kommunsekr   genomförd\n\
                    Bisysslor          Genomgång         eterare      Ej\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        // "Delvis" leaves room in its column: "genomförd" is a word of its own. (Mended,
        // the second line goes on every cell of the first, "Kommunsekreterare" too long to
        // have fitted after "Ekonomichef": it joins the row.)
        assert_eq!(
            got[1],
            [
                "Leverantörsfakturor",
                "Stickprov av fakturor",
                "Ekonomichef Kommunsekreterare",
                "Delvis genomförd"
            ]
        );
        // The record's second line is joined: the next row is the next record.
        assert_eq!(got[2], ["Bisysslor", "Genomgång", "", "Ej"]);
    }

    #[test]
    fn words_broken_at_a_columns_edge_short_of_its_room_are_mended() {
        // The header leaves more room than the column's lines use: the broken words end
        // together, short of the next column, and a whole word under a shorter one is kept.
        let text = "Nr    Risk            Ansvarig              Frekvens\n\
                    R-1   Fel i lön       Ekonomidirek          Varje\n\
                    \x20     utbetalning     tör                   månad\n\
                    R-2   Otillräcklig    Upphandlings          En gång\n\
                    \x20     kontroll        chef                  per år\n\
                    R-3   Sena beslut     Ekonomichef           Varje\n\
                    \x20                     kollektivtrafik       kvartal\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        // (Each record's lines are joined into one row.)
        assert_eq!(got[1][2], "Ekonomidirektör");
        assert_eq!(got[2][2], "Upphandlingschef");
        assert_eq!(got[3][2], "Ekonomichef kollektivtrafik");
    }

    #[test]
    fn role_titles_broken_at_the_last_columns_edge_are_mended() {
        // The last column's room is unknown: words that end at one edge and whose rests make
        // them role titles are mended, though a wider line stands in the column; a word
        // that wrapped there ("gånger" over "per år") is kept apart.
        let text = "Risk            Kontroll          Ansvarig\n\
                    Fel i lön       Stickprov         Ekonomidirektö\n\
                    \x20               av löner          r\n\
                    Sena beslut     Genomgång         Redovisningsch\n\
                    \x20               av beslut         ef\n\
                    Brist i avtal   Analys            Hälso- och\n\
                    \x20                                 sjukvårdsdirekt\n\
                    \x20                                 ör\n\
                    Fel i attest    Kontroll          Två gånger\n\
                    \x20               av attest         per år\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        // (Each record's lines are joined into one row.)
        assert_eq!(got[1][2], "Ekonomidirektör");
        assert_eq!(got[2][2], "Redovisningschef");
        assert_eq!(got[3][2], "Hälso- och sjukvårdsdirektör");
        assert_eq!(got[4][2], "Två gånger per år");
    }

    #[test]
    fn a_word_wrapped_whole_elsewhere_in_its_column_is_no_broken_word() {
        // "avvikelser" starts a line under "Inga" (which leaves room): a word of its own,
        // so "Väsentliga" over it, filling the column, is not mended with it.
        let text = "Område     Status     Bedömning    Resultat\n\
                    Löner      Genomför   Inga         Stickprov\n\
                    \x20          d          avvikelser   gjordes\n\
                    Avtal      Genomför   Väsentliga   Tre saknades\n\
                    \x20          d          avvikelser   helt\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        // (Each record's lines are joined into one row.)
        assert_eq!(got[1][1], "Genomförd");
        assert_eq!(got[2][1], "Genomförd");
        assert_eq!(got[2][2], "Väsentliga avvikelser");
    }

    #[test]
    fn two_whole_words_in_a_full_narrow_line_are_not_joined() {
        let block = vec![
            (
                1,
                vec![
                    "Direktupphandlingar".to_string(),
                    "Kontroll av att".to_string(),
                ],
            ),
            (
                2,
                vec![
                    "Genomför".to_string(),
                    "direktupphandlingar över".to_string(),
                ],
            ),
        ];
        let words = block_words(&block);
        // Written elsewhere beside other words, or ending with such a word.
        assert!(two_words(&words, "Direktupphandlingar", "dokumenteras"));
        assert!(two_words(&words, "Brandskyddskontroll", "utförs"));
        // A piece that binds is a word of its own.
        assert!(two_words(&words, "Elevhälsans", "över"));
        // A line starting with a long word and going on is text wrapped at a space.
        assert!(starts_with_whole_word("startas efter 14 dagar"));
        assert!(!starts_with_whole_word("rens stab"));
        assert!(!starts_with_whole_word("sarbetet"));
        // A word alone on its line may be broken alike on every row.
        assert!(!two_words(&words, "Genomför", "d"));
        assert!(!two_words(&words, "Sotningsansvari", "g"));
    }

    #[test]
    fn a_code_broken_after_its_hyphen_goes_on_and_a_word_list_does_not() {
        let text = "Nr     Risk                 Kontroll            Ansvarig\n\
                    RS-    Bristande            Kontroll av att     IT-\n\
                    10     krisberedskap        planer finns        och HR-chef\n\
                    RS-9   Sena beslut          Genomgång           Kontroll-\n\
                    \x20      i nämnden            av beslut           moment\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        // (Each record's lines are joined into one row: the rest "10" goes on "RS-".)
        assert_eq!(got[1][0], "RS-10");
        assert_eq!(got[2][0], "RS-9");
        // "IT-" over "och …" lists compounds; a word of small letters may have had a soft
        // hyphen: both are left as written.
        assert_eq!(got[1][3], "IT- och HR-chef");
        assert_eq!(got[2][3], "Kontroll- moment");
    }

    #[test]
    fn a_number_that_goes_on_with_a_text_above_joins_it() {
        let text = "Risk              Kontrollmoment                Ansvarig\n\
                    Upphandlingar     Granskning av                 Inköpschef\n\
                    \x20                 direktupphandlingar över\n\
                    \x20                 100 000 kronor\n\
                    Lager             Inventering                   Förrådschef\n\
                    \x20                 2. Stickprov                  Controller\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        // (Each record's lines are joined into one row.)
        assert_eq!(
            got[1][1],
            "Granskning av direktupphandlingar över 100 000 kronor"
        );
        // A list's number and a line with a cell of its own start a row of their own.
        assert_eq!(got[2], ["Lager", "Inventering", "Förrådschef"]);
        assert_eq!(got[3], ["", "2. Stickprov", "Controller"]);
    }

    #[test]
    fn a_cell_cut_by_the_page_under_the_repeated_header_is_no_header_line() {
        let text = "Nr     Risk           Kontrollmoment             Ansvarig\n\
                    R-1    Fel i lön      Kontroll av                Lönechef\n\
                    \x20                     utbetalningar\n\
                    R-2    Sena beslut    Uppföljning av projekt     Controller\n\
                    \n\
                    Sida 1 av 2\n\
                    Nr    Risk          Kontrollmoment          Ansvarig\n\
                    \x20                   över 5 miljoner kronor\n\
                    R-3   Fel i avtal   Granskning av avtal     Jurist\n\
                    R-4   Fel i kassa   Kassainventering        Kassör\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert_eq!(got[6], ["Nr", "Risk", "Kontrollmoment", "Ansvarig"]);
        assert_eq!(got[7], ["", "", "över 5 miljoner kronor", ""]);
    }

    #[test]
    fn whole_words_in_the_last_column_are_not_joined() {
        // "gånger" is shorter than the column's widest line: "per år" wrapped under it.
        let text = "Område     Kontroll          Tidplan\n\
                    Bygglov    Stickprov av      Varje\n\
                    \x20          beslut            kvartal\n\
                    Avgifter   Stickprov av      Två\n\
                    \x20          fakturor          gånger\n\
                    \x20                            per år\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        // (Each record's lines are joined into one row.)
        assert_eq!(
            got[2],
            ["Avgifter", "Stickprov av fakturor", "Två gånger per år"]
        );
    }

    #[test]
    fn parallel_lists_in_a_row_are_one_row_per_item() {
        let rows = read_str(
            "Nr\tRisk\tKontroll\tAnsvarig\tStatus\n\
             1\tBistånd\t<ul><li>Stickprov</li><li>Kontroll av <b>SSBTEK</b></li></ul>\tChef\t\
             <ul><li>✔ Genomförd</li><li>▶ Pågående</li></ul>\n",
        );
        let cells = table_cells(&rows);
        assert_eq!(cells.len(), 3, "{cells:?}");
        assert_eq!(
            cells[1],
            ["1", "Bistånd", "Stickprov", "Chef", "✔ Genomförd"]
        );
        assert_eq!(
            cells[2],
            ["1", "Bistånd", "Kontroll av SSBTEK", "Chef", "▶ Pågående"]
        );
        // The cells that are not lists are covered on the item's row, as by a merge.
        let second = rows[2].cells();
        assert!(second[0].merged && second[1].merged && second[3].merged);
        assert!(!second[2].merged && !second[4].merged);
        assert_eq!(rows[1].line, rows[2].line);
    }

    #[test]
    fn two_lists_of_people_in_a_row_are_one_row() {
        // Who does the control and who reports it, two of each: one control, no two rows.
        let cells = table_cells(&read_str(
            "Kontroll\tAnsvarig\tRapporterar\n\
             Granskning av listor\t<ul><li>Nämndsekreterare</li><li>Vård- och omsorgschef</li></ul>\t\
             <ul><li>Verksamhetschef</li><li>Anna Berg</li></ul>\n",
        ));
        assert_eq!(cells.len(), 2, "{cells:?}");
        assert_eq!(cells[1][0], "Granskning av listor");
        assert!(cells[1][1].contains("Nämndsekreterare") && cells[1][1].contains("omsorgschef"));
    }

    #[test]
    fn numbered_paragraphs_beside_a_list_are_items_and_a_lone_list_is_one_cell() {
        let cells = table_cells(&read_str(
            "Kontroll\tKommentar\n\
             <p>1. Stickprov</p><p>2. Avstämning</p>\t<ul><li>Inga fel.</li><li>Två fel.</li></ul>\n\
             <ul><li>Stickprov</li><li>Avstämning</li></ul>\t<p>Inga fel.</p><p>Klart.</p>\n\
             <p>a) Stickprov</p><p>b) Avstämning</p>\t<p>1 a) Inga fel.</p><p>1 b) Klart.</p>\n",
        ));
        assert_eq!(cells.len(), 5, "{cells:?}");
        assert_eq!(cells[1], ["Stickprov", "Inga fel."]);
        assert_eq!(cells[2], ["Avstämning", "Två fel."]);
        // Paragraphs that are not numbered are no list: the row stays one row.
        assert_eq!(cells[3], ["Stickprov\nAvstämning", "Inga fel.\nKlart."]);
        assert_eq!(
            cells[4],
            ["a) Stickprov\nb) Avstämning", "1 a) Inga fel.\n1 b) Klart."]
        );
    }

    #[test]
    fn markdown_bold_in_a_cell_is_bold() {
        let rows = read_str(
            "| Nr | Risk | Kontroll |\n|---|---|---|\n\
             | 1 | **Jäv**<br>Handläggare bedömer egna ärenden. | __Genomgång__ av 2*3 |\n",
        );
        let cell = &rows[1].cells()[1];
        let Value::Text(rich) = &cell.value else {
            panic!("text: {cell:?}");
        };
        assert_eq!(
            rich.bold_lead(),
            Some((
                "Jäv".to_string(),
                "Handläggare bedömer egna ärenden.".to_string()
            ))
        );
        assert_eq!(rows[1].cells()[2].value.plain(), "Genomgång av 2*3");
    }

    #[test]
    fn a_header_of_words_abbreviated_with_a_full_stop_is_a_header() {
        let text = "Nr.  Risk     Sannolikh.  Kontroll\n\
                    1    Jäv      2           Stickprov av beslut\n\
                    2    Mutor    3           Genomgång av avtal\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert_eq!(got[0], ["Nr.", "Risk", "Sannolikh.", "Kontroll"]);
        assert_eq!(got[2], ["2", "Mutor", "3", "Genomgång av avtal"]);
        // A line whose text ends a sentence is a row, not a header.
        assert!(ends_sentence("Inga fel."));
        assert!(ends_sentence("Genomgångarna."));
        assert!(!ends_sentence("Ansv."));
    }

    #[test]
    fn a_section_row_between_an_aligned_tables_rows_is_one_of_its_rows() {
        let text = "Nr   Risk          Kontroll           Ansvarig\n\
                    \n\
                    Information och IT\n\
                    \n\
                    1.1  Otillbörlig   Loggkontroll i     Ekonom\n\
                    \x20    åtkomst       systemet\n\
                    \n\
                    Ekonomi\n\
                    \n\
                    2.1  Felaktig      Stickprov          Controller\n\
                    \x20    lön\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert_eq!(got[0], ["Nr", "Risk", "Kontroll", "Ansvarig"]);
        assert_eq!(got[2], ["Information och IT", "", "", ""]);
        assert_eq!(
            (&got[4][0], &got[4][3]),
            (&"1.1".to_string(), &"Ekonom".to_string())
        );
        assert_eq!(got[6], ["Ekonomi", "", "", ""]);
        // The rows stand apart by blank lines: their wrapped lines are joined.
        assert_eq!(got[8], ["2.1", "Felaktig lön", "Stickprov", "Controller"]);
    }

    #[test]
    fn a_header_wrapped_over_lines_a_blank_line_closes_is_one_header() {
        let text = "Nr.  Risk        Risk (S x   Kontroll          När följs\n\
                    \x20                K)          genomförs av      kontrollen\n\
                    \x20                = RV        Ekonom            upp?\n\
                    \n\
                    1    Jäv         8           Stickprov         Delår\n\
                    2    Mutor       6           Genomgång         Helår\n";
        let got = by_line(&read_str(text));
        assert_eq!(
            got[0],
            [
                "Nr.",
                "Risk",
                "Risk (S x K) = RV",
                "Kontroll genomförs av Ekonom",
                "När följs kontrollen upp?"
            ]
        );
        assert!(got[1].is_empty() && got[2].is_empty(), "{got:?}");
        assert_eq!(got[4], ["1", "Jäv", "8", "Stickprov", "Delår"]);
        // The first column's header wrapped too ("Ansvarig för" over "rapportering").
        let text = "Ansvarig för   Risk     Iakttagelser\n\
                    rapportering            Delår\n\
                    \n\
                    Ekonom         Jäv      Inga fel\n\
                    Chef           Mutor    Två fel\n";
        let got = by_line(&read_str(text));
        assert_eq!(
            got[0],
            ["Ansvarig för rapportering", "Risk", "Iakttagelser Delår"]
        );
        assert_eq!(got[3], ["Ekonom", "Jäv", "Inga fel"]);
    }

    #[test]
    fn a_lone_line_over_another_tables_header_is_no_section_row() {
        let text = "Nivå   Sannolikhet   Konsekvens\n\
                    1      Liten         Försumbar\n\
                    2      Stor          Allvarlig\n\
                    \n\
                    Risker och kontroller\n\
                    \n\
                    Risk        S   Kontroll     Ansvarig\n\
                    Jäv         2   Stickprov    Chef\n\
                    Mutor       3   Genomgång    Ekonom\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert_eq!(got[4], ["text: Risker och kontroller"]);
        assert_eq!(got[6], ["Risk", "S", "Kontroll", "Ansvarig"]);
    }

    #[test]
    fn sub_columns_named_under_a_group_in_a_closed_header_are_columns() {
        let text = "Risk    När följs    Tidplan                    Kommentar\n\
                    \x20       kontrollen\n\
                    \x20                    Datum start  Färdigdatum\n\
                    \n\
                    Jäv     Delår        2021-03-01   2021-12-31    Inga fel\n\
                    Mutor   Helår        2021-04-01   2021-11-30    Två fel\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert!(got[0].is_empty(), "{got:?}");
        assert_eq!(
            got[1],
            ["Risk", "När följs kontrollen", "Tidplan", "", "Kommentar"]
        );
        assert_eq!(got[2], ["", "", "Datum start", "Färdigdatum", ""]);
        assert_eq!(
            got[4],
            ["Jäv", "Delår", "2021-03-01", "2021-12-31", "Inga fel"]
        );
    }

    #[test]
    fn sub_columns_of_a_closed_header_hold_when_a_section_stands_first_under_it() {
        let text = "Risk     Riskbedömning         Kontroll     Ansvarig\n\
                    \x20        Sannolikhet  K    RV\n\
                    \n\
                    Ekonomi\n\
                    \n\
                    Jäv      2            3    6    Stickprov    Chef\n\
                    Mutor    3            4    12   Genomgång    Ekonom\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        // The sub-columns under the group's text (a header of two lines: the group's text
        // joined to each sub-column's name).
        assert_eq!(
            got[0],
            [
                "Risk",
                "Riskbedömning Sannolikhet",
                "Riskbedömning K",
                "Riskbedömning RV",
                "Kontroll",
                "Ansvarig"
            ]
        );
        let jav = got
            .iter()
            .position(|r| r.first().is_some_and(|c| c == "Jäv"));
        assert_eq!(
            jav.map(|k| &got[k][..]),
            Some(&["Jäv", "2", "3", "6", "Stickprov", "Chef"].map(String::from)[..]),
            "{got:?}"
        );
    }

    #[test]
    fn sub_columns_named_after_a_blank_line_under_the_group_are_columns() {
        let text = "Nr   Risk         Riskbedömning                 Kontroll     Ansvarig\n\
                    \n\
                    \x20                 Sannolikhet  Konsekvens  RV\n\
                    1    Jäv          2            3           6    Stickprov    Chef\n\
                    2    Mutor        3            4           12   Genomgång    Ekonom\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        let header = got
            .iter()
            .find(|r| r.len() == 7 && r[2].contains("Sannolikhet"));
        assert!(header.is_some(), "{got:?}");
        let jav = got.iter().find(|r| r.first().is_some_and(|c| c == "1"));
        assert_eq!(
            jav.map(|r| &r[..]),
            Some(&["1", "Jäv", "2", "3", "6", "Stickprov", "Chef"].map(String::from)[..]),
            "{got:?}"
        );
    }

    #[test]
    fn sub_columns_after_a_blank_line_hold_when_a_section_stands_first_under_them() {
        let text = "Nr.   Risk          Riskbedömning                           Kontroll      Vem genomför\n\
                    \x20                                                                         kontrollen?\n\
                    \n\
                    \x20                   Sannolikhet (S)  Konsekvens  Riskvärde\n\
                    \n\
                    Ekonomi\n\
                    \n\
                    1.1   Inköp         4                4           16         Inventering   Chef\n\
                    \n\
                    1.2   Avtal         2                1           2          Avstämning    Ekonom\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        let row = got.iter().find(|r| r.first().is_some_and(|c| c == "1.1"));
        assert_eq!(
            row.map(|r| &r[..]),
            Some(&["1.1", "Inköp", "4", "4", "16", "Inventering", "Chef"].map(String::from)[..]),
            "{got:?}"
        );
    }

    #[test]
    fn a_header_naming_sub_columns_repeated_on_a_new_page_is_a_header_again() {
        let text = "Risk     Riskbedömning         Kontroll     Ansvarig\n\
                    \x20                              utförs\n\
                    \x20        Sannolikhet  K    RV\n\
                    \n\
                    Jäv      2            3    6    Stickprov    Chef\n\
                    Mutor    3            4    12   Genomgång    Ekonom\n\
                    \n\
                    \x20                                Sida 1 (2)\n\
                    \x0cRisk     Riskbedömning         Kontroll     Ansvarig\n\
                    \x20                              utförs\n\
                    \x20        Sannolikhet  K    RV\n\
                    \n\
                    Fusk     1            3    3    Kontroll     Chef\n\
                    Brand    2            2    4    Rond         Ekonom\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert_eq!(got[1], got[9]);
        assert_eq!(got[10], ["", "Sannolikhet", "K", "RV", "", ""]);
        assert_eq!(got[12], ["Fusk", "1", "3", "3", "Kontroll", "Chef"]);
    }

    #[test]
    fn a_header_written_on_two_lines_is_one_header() {
        let text = "Område   Kontroll-   Risk-\n\
                    \x20        ansvarig    värde\n\
                    \n\
                    Ekonomi  Lönechef    12\n\
                    Kansli   Sekreterare 6\n";
        let got = by_line(&read_str(text));
        assert_eq!(got[0], ["Område", "Kontrollansvarig", "Riskvärde"]);
        assert!(got[1].is_empty(), "{got:?}");
        assert_eq!(got[3], ["Ekonomi", "Lönechef", "12"]);
    }

    #[test]
    fn a_header_broken_over_three_lines_in_narrow_columns_is_one_header() {
        let text = "Område     Kontrollmoment      Kontroll     Avvikelse    Kommentar\n\
                    \x20                              genomför     r (ja/nej)\n\
                    \x20                              d (ja/nej)\n\
                    Bistånd    Stickprov av tio    Ja           Nej          Inga avvikelser.\n\
                    Hemtjänst  Kontroll av tid     Ja           Ja           Sex av 25 brukare.\n";
        let got = by_line(&read_str(text));
        assert_eq!(
            got[0],
            [
                "Område",
                "Kontrollmoment",
                "Kontroll genomförd (ja/nej)",
                "Avvikelser (ja/nej)",
                "Kommentar"
            ]
        );
        assert_eq!(got[3][0], "Bistånd");
    }

    #[test]
    fn a_lone_full_stop_under_an_abbreviation_broken_in_a_narrow_header_column_ends_it() {
        let text = "Risk         Sannol   Ko   Riskv   Kontroll\n\
                    \x20            ikhet    ns   ärde\n\
                    \x20                     .\n\
                    Felaktig     3        4    12      Stickprov av fakturor\n\
                    Jäv          2        2    4       Granskning av beslut\n";
        let got = by_line(&read_str(text));
        assert_eq!(
            got[0],
            ["Risk", "Sannolikhet", "Kons.", "Riskvärde", "Kontroll"]
        );
        assert_eq!(got[3][2], "4");
    }

    #[test]
    fn a_lone_full_stop_under_the_first_columns_header_completes_the_header() {
        let text = "Nr   Risk             Konsekve   Riskvär   Kontroll\n\
                    .                     ns (1-5)   de S×K\n\
                    1    Felaktiga        2          10        Stickprov av fakturor\n\
                    2    Jäv              3          12        Granskning av beslut\n";
        let got = by_line(&read_str(text));
        assert_eq!(
            got[0],
            [
                "Nr.",
                "Risk",
                "Konsekvens (1-5)",
                "Riskvärde S×K",
                "Kontroll"
            ]
        );
        assert_eq!(got[2][0], "1");
    }

    #[test]
    fn numbers_under_a_repeated_header_text_and_a_broken_word_complete_the_header() {
        let text = "Process    Risk              Riskvär   Kontrollmoment       Kv    Kv    Kv\n\
                    \x20                            de                             1     2     3\n\
                    Tillsyn    Sen granskning    12        Uppföljning av       X           X\n\
                    Arvoden    Fel arvoden       6         Stickprov                  X\n";
        let got = by_line(&read_str(text));
        assert_eq!(
            got[0],
            [
                "Process",
                "Risk",
                "Riskvärde",
                "Kontrollmoment",
                "Kv 1",
                "Kv 2",
                "Kv 3"
            ]
        );
        assert_eq!(got[2][0], "Tillsyn");
        // A number under a text the header does not repeat is a row's.
        assert!(!continues_header("Nr", "1", &["Nr".into(), "Risk".into()]));
    }

    #[test]
    fn an_abbreviation_broken_in_a_narrow_header_column_is_one_header() {
        let text = "Nr   Risk           S   R    Kontroll\n\
                    \x20                       V\n\
                    1    Fel lön        3   12   Stickprov\n\
                    2    Brist          2   6    Avstämning\n";
        let got = by_line(&read_str(text));
        assert_eq!(got[0], ["Nr", "Risk", "S", "RV", "Kontroll"]);
        assert!(got[1].is_empty(), "{got:?}");
        assert_eq!(got[2], ["1", "Fel lön", "3", "12", "Stickprov"]);
        // A word in capitals under a longer header is a row's cell.
        assert!(!broken_abbreviation("Risk", "EU"));
        assert!(!broken_abbreviation("RV", "IT"));
        assert!(broken_abbreviation("R", "V"));
    }

    #[test]
    fn a_header_word_broken_at_a_narrow_columns_edge_is_one_word() {
        let text = "Område      Kontroll       Genomför   Status\n\
                    \x20                          d          delår\n\
                    Ekonomi     Attest         Ja         Pågående\n\
                    Kansli      Diarium        Nej        Genomförd\n";
        let got = by_line(&read_str(text));
        // "Status" over "delår" stands over lines as wide as it: a wrapped header.
        assert_eq!(got[0], ["Område", "Kontroll", "Genomförd", "Status delår"]);
        assert_eq!(got[2], ["Ekonomi", "Attest", "Ja", "Pågående"]);
    }

    #[test]
    fn a_header_line_of_notes_and_word_ends_completes_the_header() {
        let text = "Risk        Kontroll          Utfört     Kontrollbedö     Resultat\n\
                    \x20                             (ja/nej)   mning\n\
                    Avtal       Analys av inköp   Ja         Väsentliga       Elva procent\n\
                    \x20                                        brister\n\
                    Fakturor    Avstämning        Nej        Inga brister     Inga avvikelser\n";
        let got = by_line(&read_str(text));
        // "Kontrollbedö" is longer than every word under it: a word broken at the edge.
        assert_eq!(
            got[0],
            [
                "Risk",
                "Kontroll",
                "Utfört (ja/nej)",
                "Kontrollbedömning",
                "Resultat"
            ]
        );
        assert!(got[1].is_empty(), "{got:?}");
        assert_eq!(got[2][0], "Avtal");
        assert_eq!(
            got[4],
            [
                "Fakturor",
                "Avstämning",
                "Nej",
                "Inga brister",
                "Inga avvikelser"
            ]
        );
    }

    #[test]
    fn a_word_broken_over_three_lines_of_a_narrow_column_is_one_word() {
        let text = "Risk          Frekvens     Ansvarig\n\
                    Avvikelser    Kvartalsvi   Patientsäkerh\n\
                    \x20             s            etssamordnar\n\
                    \x20                          e\n\
                    Avtal         Årligen      Avtalsansvari\n\
                    \x20                          g\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert_eq!(
            got[1],
            ["Avvikelser", "Kvartalsvis", "Patientsäkerhetssamordnare"]
        );
        // The record's lines are joined: the next row is the next record.
        assert_eq!(got[2], ["Avtal", "Årligen", "Avtalsansvarig"]);
    }

    #[test]
    fn a_whole_role_wrapped_in_a_narrow_column_is_not_joined_to_the_next_word() {
        let text = "Nr   Kontrollmoment          Ansvarig            Frekvens\n\
                    1    Uppföljning av tillsyn  Avdelningschef      Tertialvis\n\
                    \x20    mot planen              förebyggande\n\
                    2    Stickprov               Avdelningschef      Varje år\n\
                    \x20                            räddning\n\
                    3    Attest                  Enhetschef          Varje år\n\
                    \x20                            en\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        // (Each record's lines are joined into one row, the words apart.)
        assert_eq!(got[1][2], "Avdelningschef förebyggande");
        assert_eq!(got[2][2], "Avdelningschef räddning");
    }

    #[test]
    fn a_labelled_line_under_a_cells_text_is_a_paragraph_of_that_cell() {
        let text = "Nr   Risk                  Kontroll och metod           Ansvarig\n\
                    1    Bygglov inte inom     Kontroll av handläggning     Bygglovschef\n\
                    \x20    lagstadgad tid        av bygglov\n\
                    \x20                          Metod: uttag ur systemet\n\
                    2    Avgifter enligt       Stickprov av ärenden         Administratör\n\
                    \x20    taxa                  Metod: jämförelse med\n\
                    \x20                          taxan\n\
                    3    Delegation            Genomgång av beslut          Sekreterare\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        // The label starts a paragraph of its own.
        // (Each record's lines are joined into one row.)
        assert_eq!(
            got[1][2],
            "Kontroll av handläggning av bygglov\nMetod: uttag ur systemet"
        );
        assert_eq!(
            got[2][2],
            "Stickprov av ärenden\nMetod: jämförelse med taxan"
        );
        assert_eq!(got[2][1], "Avgifter enligt taxa");
        assert_eq!(got[3][2], "Genomgång av beslut");
    }

    #[test]
    fn a_wrapped_line_starting_in_capitals_that_could_not_fit_above_joins_it() {
        let text = "Nr   Risk                   Kontrollmoment\n\
                    1a   Felaktig redovisning   Avstämning av\n\
                    \x20    av projektmedel från   konton mot beviljad\n\
                    \x20    EU                     budget\n\
                    1b   Sen betalning          Kontroll av att\n\
                    \x20    Bank                   fakturor\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert_eq!(
            got[1],
            [
                "1a",
                "Felaktig redovisning av projektmedel från EU",
                "Avstämning av konton mot beviljad budget"
            ]
        );
        // "Bank" would have fitted after "Sen betalning", but "fakturor" beside it goes on
        // its cell in lower case: the line is the record's ("Bank" a line of its own in
        // the cell, as no wrap put it there).
        assert_eq!(
            got[2],
            ["1b", "Sen betalning\nBank", "Kontroll av att fakturor"]
        );
    }

    #[test]
    fn a_group_header_over_sub_columns_is_one_column_per_sub_column() {
        let text = "Område     Ansvarig   Status                  Kommentar\n\
                    \x20                     Tertial 1   Tertial 2\n\
                    Avgifter   Ekonom     Genomför    Genomför    Inga fel.\n\
                    \x20                     d           d\n\
                    Bygglov    Chef       Ej          Pågående    Fel delegat.\n";
        let got = by_line(&read_str(text));
        assert_eq!(
            got[0],
            [
                "Område",
                "Ansvarig",
                "Status Tertial 1",
                "Status Tertial 2",
                "Kommentar"
            ]
        );
        assert!(got[1].is_empty(), "{got:?}");
        // A status broken inside its word in the narrow sub-column is mended.
        assert_eq!(
            got[2],
            ["Avgifter", "Ekonom", "Genomförd", "Genomförd", "Inga fel."]
        );
        assert_eq!(
            got[4],
            ["Bygglov", "Chef", "Ej", "Pågående", "Fel delegat."]
        );
        // A header's word wrapped onto the next line is no sub-column.
        let starts = [0, 11, 22];
        let header = ["Område", "Kontroll-", "Status"].map(String::from);
        assert!(
            sub_columns(&starts, &header, &[(11, "ansvar".into()), (22, "X".into())]).is_none()
        );
    }

    #[test]
    fn a_header_wrapped_under_its_first_column_is_one_header() {
        let text = "Riskområde/   S   Kontroll\n\
                    risk\n\
                    Fel           3   Stickprov\n\
                    Brist         2   Avstämning\n";
        let got = by_line(&read_str(text));
        assert_eq!(got[0], ["Riskområde/risk", "S", "Kontroll"]);
        assert!(got[1].is_empty(), "{got:?}");
        assert_eq!(got[2], ["Fel", "3", "Stickprov"]);
    }

    #[test]
    fn a_cells_text_wrapped_past_the_page_goes_on_in_the_tables_columns() {
        let rows = read_str(
            "Risk          S   Kontroll              Ansvarig\n\
             Fel           3   Stickprov av          Chef\n\
             Brist         2   Genomgång av\n\n\n\n\
             Sida 1 av 2\n\
             Kommunen                                Plan\n\n\
             \x20                  rutinerna\n\
             \x20                  Kontroll av att       Strateg\n",
        );
        let cells = table_cells(&rows);
        assert_eq!(cells.len(), 5, "{cells:?}");
        assert_eq!(cells[3], ["", "", "rutinerna", ""]);
        assert_eq!(cells[4], ["", "", "Kontroll av att", "Strateg"]);
    }

    #[test]
    fn a_header_repeated_on_a_new_page_in_other_columns_is_a_header() {
        // pdftotext writes a form feed before the page's first line; the columns moved.
        let rows = read_str(
            "Område      Kontroll          Utfört   Kommentar\n\
             Ekonomi     Attest            Ja       Inga fel.\n\
             Kansli      Diarium           Ja       Rätt.\n\n\n\n\
             Kommunen                               1 (2)\n\
             \u{c}Område   Kontroll       Utfört   Kommentar\n\
             Personal    Lön            Nej      Flyttas.\n\
             Skola       Frånvaro       Ja       Inga fel.\n",
        );
        let cells = table_cells(&rows);
        assert_eq!(cells.len(), 6, "{cells:?}");
        assert_eq!(cells[3], ["Område", "Kontroll", "Utfört", "Kommentar"]);
        assert_eq!(cells[4], ["Personal", "Lön", "Nej", "Flyttas."]);
        // The page's foot with its number set apart is no row.
        assert!(!cells.iter().any(|c| c[0] == "Kommunen"));
    }

    #[test]
    fn a_markdown_pipe_table_is_cells_without_its_rule() {
        let rows =
            read_str("| Risk | Kontroll | Ansvarig |\n|---|---|---|\n| Fel | Stickprov | Chef |\n");
        let got: Vec<Vec<String>> = rows.iter().map(cells).collect();
        assert_eq!(
            got[..2],
            [
                vec!["Risk", "Kontroll", "Ansvarig"],
                vec!["Fel", "Stickprov", "Chef"]
            ]
        );
        // The rule row is dropped: what follows is the file's last, empty line.
        assert_eq!(got[2], ["text: "]);
    }

    #[test]
    fn prose_with_single_spaces_and_tab_files_are_left_alone() {
        let rows = read_str("Kommunstyrelsen beslutade om fyra kontrollmoment.\n");
        assert_eq!(
            cells(&rows[0]),
            ["text: Kommunstyrelsen beslutade om fyra kontrollmoment."]
        );
        let rows = read_str("A\tB\tC\nÄrende    med    luft\n");
        assert_eq!(cells(&rows[1]), ["text: Ärende med luft"]);
    }

    #[test]
    fn html_paragraphs_and_bold() {
        let r =
            html_rich("<p><b>Hot och våld</b> Risk att något sker.</p> <p>Andra &amp; tredje</p>");
        assert_eq!(
            r.paragraphs(),
            vec!["Hot och våld Risk att något sker.", "Andra & tredje"]
        );
        assert_eq!(
            r.bold_lead(),
            Some((
                "Hot och våld".to_string(),
                "Risk att något sker.\nAndra & tredje".to_string()
            ))
        );
    }

    #[test]
    fn br_splits_paragraphs_and_blank_cells_are_empty() {
        let r = html_rich("a<br>b<br/>c");
        assert_eq!(r.paragraphs(), vec!["a", "b", "c"]);
        assert_eq!(html_value("  "), Value::Empty);
        assert_eq!(html_value("<p> </p>"), Value::Empty);
    }

    /// A text without tags reads the same without the tag pattern: entities, no-break
    /// spaces, line breaks, white space alone, empty.
    #[test]
    fn untagged_text_reads_as_by_its_tags() {
        let mut rng = crate::test_rng(0x7a9_1e55);
        let pieces = [
            "a",
            "Hot",
            "å",
            " ",
            "  ",
            "\t",
            "\n",
            "\u{a0}",
            "&amp;",
            "&nbsp;",
            "&#229;",
            "&lt;p&gt;",
            "&",
            ";",
            "*",
            "x&y",
        ];
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..3_000 {
            let n = rng() % 6;
            texts.push(
                (0..n)
                    .map(|_| pieces[(rng() % pieces.len() as u64) as usize])
                    .collect(),
            );
        }
        for t in &texts {
            assert_eq!(untagged_rich(t), tagged_rich(t), "{t:?}");
        }
    }

    #[test]
    fn plain_text_without_tags_is_one_paragraph() {
        let r = html_rich("Att samverkan fungerar");
        assert_eq!(r.plain(), "Att samverkan fungerar");
        assert_eq!(r.bold_lead(), None);
    }

    #[test]
    fn lines_tables_prose_and_separators() {
        let rows = read_str("# Titel 2020\n\nA\tB\n1\t<p>x</p>\n--\t---\n**2023**\r\nSlut");
        assert_eq!(rows.len(), 6);
        assert!(
            matches!(&rows[0].kind, RowKind::Text { text, heading: 1 } if text == "Titel 2020")
        );
        assert_eq!(rows[2].cells().len(), 2);
        assert_eq!(rows[3].line, 4);
        assert!(matches!(&rows[4].kind, RowKind::Text { text, .. } if text == "2023"));
        assert_eq!(rows[5].line, 7);
    }

    #[test]
    fn unknown_angle_text_is_kept() {
        let r = html_rich("värde < 5 och > 2");
        assert_eq!(r.plain(), "värde < 5 och > 2");
    }

    /// The texts of the rows that are table rows.
    fn table_cells(rows: &[Row]) -> Vec<Vec<String>> {
        rows.iter()
            .filter(|r| !r.cells().is_empty())
            .map(|r| r.cells().iter().map(|c| c.value.plain()).collect())
            .collect()
    }

    #[test]
    fn records_written_as_blocks_of_wrapped_lines_are_one_row_each() {
        let rows = read_str(
            "Nr    Kategori      Kontroll          Ansvarig   Frekvens\n\n\
             1.1   Information   Loggkontroll i    HR-chef    Kvartalsvis\n      \
             och IT        Verksamhetssystem\n\n\
             1.2                 Redovisning av    Ekonom     Årligen\n                    \
             statsbidrag\n\
             2.1   Ekonomi       Kassainventering  Ekonom     Årligen\n\n\
             2.2                 Attestkontroll    Ekonom     Årligen\n",
        );
        let cells = table_cells(&rows);
        let filled: Vec<&Vec<String>> = cells
            .iter()
            .filter(|c| c.iter().any(|t| !t.is_empty()))
            .collect();
        assert_eq!(filled.len(), 5, "{cells:?}");
        // Capitals on a block's second line go on in their cells.
        assert_eq!(filled[1][1], "Information och IT");
        assert_eq!(filled[1][2], "Loggkontroll i Verksamhetssystem");
        assert_eq!(filled[2][2], "Redovisning av statsbidrag");
        // A line under a blank cell of the line above starts a record, blank line or not.
        assert_eq!(filled[3][0], "2.1");
        assert_eq!(filled[4][0], "2.2");
    }

    #[test]
    fn one_line_rows_without_blank_lines_keep_their_lines() {
        let rows = read_str(
            "Risk        Kontroll          Ansvarig   Kommentar\n\
             Jäv         Stickprov         Ekonom     Klar\n\
             Bisysslor   Enkät             Chef\n\
             Inköp       Avtalskontroll    Ekonom     Klar\n",
        );
        let cells = table_cells(&rows);
        assert_eq!(cells.len(), 4, "{cells:?}");
        assert_eq!(cells[2][0], "Bisysslor");
    }

    #[test]
    fn a_first_columns_wrapped_line_stays_in_the_aligned_table() {
        let rows = read_str(
            "  Kontrollmoment                 Risk                 Ansvarig\n\n  \
             Kontroll att samtliga inköp    Inköp utanför avtal  Ekonomichef\n  \
             faller inom avtal\n\n  \
             Kontroll av avtal              Intäkter uteblir     Trafikingenjör\n",
        );
        let cells = table_cells(&rows);
        assert_eq!(cells.len(), 4, "{cells:?}");
        assert_eq!(cells[2][0], "faller inom avtal");
        assert_eq!(cells[3][2], "Trafikingenjör");
    }

    #[test]
    fn a_protocols_signature_foot_ends_the_rows() {
        let rows = read_str(
            "Risk            Kontrollmoment      Status   Kommentar\n\
             Sjukfrånvaro    Kontroll av att     Klar     Inga brister.\n\
             Arkiv           Diarieföring        Klar     Inga brister.\n\n\n\
             Justerandes sign                    Utdragsbestyrkande\n",
        );
        let cells = table_cells(&rows);
        assert_eq!(cells.len(), 3, "{cells:?}");
        assert!(is_page_line("Justerandes sign      Utdragsbestyrkande"));
        assert!(!is_page_line("Justerare         Sekreterare       Klar"));
    }

    #[test]
    fn rows_on_the_next_page_go_on_in_the_last_tables_columns() {
        let rows = read_str(
            "  Område      Kontrollmoment        Utfört   Kommentar\n\n  \
             Ekonomi     Attest av fakturor    Ja       Inga avvikelser.\n\n  \
             Ekonomi     Kassahantering        Ja       Kassan stämde.\n\n\n  \
             Justerandes sign\n\n  \
             UMEÅ KOMMUN                                PROTOKOLL 5 (35)\n  \
             Sävar kommundelsnämnd          2011-03-08\n\n  \
             Personal    Sjukfrånvaro          Nej      Görs våren 2011.\n",
        );
        let cells = table_cells(&rows);
        assert_eq!(cells.len(), 4, "{cells:?}");
        assert_eq!(
            cells[3],
            ["Personal", "Sjukfrånvaro", "Nej", "Görs våren 2011."]
        );
        // The page's head is no row.
        assert!(!cells.iter().any(|c| c[0].contains("Sävar")));
    }

    #[test]
    fn records_without_blank_lines_are_told_apart_by_the_geometry() {
        let rows = read_str(
            "Nr    Risk            Kontroll          Ansvarig          Status\n\
             1.1   Hot och våld    Inventering av    Avdelningschef,   Genomförd\n\
             \x20     utsätts för     utrustning        Controller\n\
             1.2                   Kontroll av       Rektor            Pågående\n\
             \x20                     Rapporter\n\
             1.3                   Mätning           Registrator       Ej påbörjad\n\
             2.1   Inköp           Granskning av     Controller        Genomförd\n\
             \x20                     Fakturor\n",
        );
        let cells: Vec<Vec<String>> = table_cells(&rows)
            .into_iter()
            .filter(|c| c.iter().any(|t| !t.is_empty()))
            .collect();
        assert_eq!(cells.len(), 5, "{cells:?}");
        assert_eq!(
            cells[1],
            [
                "1.1",
                "Hot och våld utsätts för",
                "Inventering av utrustning",
                "Avdelningschef, Controller",
                "Genomförd"
            ]
        );
        // "Rapporter" in capitals goes on its record; "1.3" right under a one-line record
        // starts one (the number column is the records' key).
        assert_eq!(cells[2][2], "Kontroll av Rapporter");
        assert_eq!(cells[3][0], "1.3");
        assert_eq!(cells[4][2], "Granskning av Fakturor");
    }

    #[test]
    fn a_records_new_sentences_without_its_key_and_a_title_over_its_description() {
        let rows = read_str(include_str!(
            "../../fixtures/layouts/aligned_records_title_over_description_and_new_sentences.txt"
        ));
        let cells: Vec<Vec<String>> = table_cells(&rows)
            .into_iter()
            .filter(|c| c.iter().any(|t| !t.is_empty()))
            .collect();
        assert_eq!(cells.len(), 4, "{cells:?}");
        // The title over its description is a paragraph of its own ("Risk" would have
        // fitted after "Sjukfrånvaro"); a wrap that could not fit goes on the line.
        assert_eq!(
            cells[1],
            [
                "1.1",
                "Sjukfrånvaro\nRisk att hög sjukfrånvaro påverkar verksamheten.",
                "3",
                "Uppföljning av frånvaro",
                "Statistik granskas.\nAvvikelser följs upp.",
                "Controller"
            ]
        );
        // New sentences in two long cells, the key columns blank: the same record.
        assert_eq!(
            cells[2][1],
            "Färdtjänst\nRisk att resor debiteras fel.\nGranskningen omfattar alla resor."
        );
        assert_eq!(
            cells[2][4],
            "Resor granskas.\nUrvalet är stort.\nAvvikelser följs upp."
        );
        assert_eq!(cells[3][1], "Inköp\nRisk att avtal inte följs.");
    }

    #[test]
    fn a_second_control_under_an_unfinished_control_starts_a_record_without_a_key() {
        let lines = [
            "Nr  Risk          S   Kontroll                  Metod               Ansvarig",
            "1   Utbetalning   3   Kontroll av resor         Resor jämförs.      Controller",
            "                      Kontroll av behörigheter  Stickprov           Rektor",
            "2   Inköp         2   Granskning av             Urval av            Ekonom",
            "    utanför avtal     fakturor                  fakturor.",
        ];
        let rows = read_str(&lines.join("\n"));
        let cells: Vec<Vec<String>> = table_cells(&rows)
            .into_iter()
            .filter(|c| c.iter().any(|t| !t.is_empty()))
            .collect();
        // "Kontroll av behörigheter" would have fitted after "Kontroll av resor": a cell of
        // its own, the risk's second control, though the number and S are blank.
        assert_eq!(cells.len(), 4, "{cells:?}");
        assert_eq!(cells[1][3], "Kontroll av resor");
        assert_eq!(cells[2][3], "Kontroll av behörigheter");
        assert_eq!(cells[3][3], "Granskning av fakturor");
    }

    #[test]
    fn a_capital_word_that_would_have_fitted_above_starts_a_paragraph() {
        let mut cell = "Sjukfrånvaro".to_string();
        join_record_line(&mut cell, "Risk att hög", 12, 30);
        assert_eq!(cell, "Sjukfrånvaro\nRisk att hög");
        // (Too long for the line above: the column wrapped it.)
        let mut cell = "Kontroll av".to_string();
        join_record_line(&mut cell, "Rapporter", 11, 14);
        assert_eq!(cell, "Kontroll av Rapporter");
        let mut cell = "Uppföljning av".to_string();
        join_record_line(&mut cell, "frånvaro", 14, 30);
        assert_eq!(cell, "Uppföljning av frånvaro");
    }

    #[test]
    fn a_form_feed_inside_a_line_starts_the_next_page_there() {
        let (lines, numbers) = page_split_lines("Sida 1 av 5\u{c}Nr  Risk\nnext\n");
        assert_eq!(lines, ["Sida 1 av 5", "\u{c}Nr  Risk", "next", ""]);
        assert_eq!(numbers, [1, 1, 2, 3]);
    }

    #[test]
    fn header_pieces_that_make_or_begin_a_known_word_join() {
        let words = std::collections::HashSet::new();
        // Pieces of one word broken by a narrow column.
        assert_eq!(header_word_broken("Bed", "öm", &words), Some(true));
        assert_eq!(header_word_broken("uppföljnin", "g", &words), Some(true));
        assert_eq!(
            header_word_broken("RISKIDENTIFI", "ERING", &words),
            Some(true)
        );
        // Two words wrapped at a space.
        assert_eq!(header_word_broken("Kontroll", "av", &words), Some(false));
        assert_eq!(header_word_broken("Ansvarig", "för", &words), Some(false));
        // A piece in capitals under a word in lower case, or a number, is not asked.
        assert_eq!(header_word_broken("Status", "Delår", &words), None);
        assert_eq!(header_word_broken("Risk", "2", &words), None);
        // A piece ending in a sign: its letters decide.
        assert_eq!(
            header_word_broken("Omfattnin", "g/frekvens", &words),
            Some(true)
        );
        assert_eq!(header_word_broken("genomfö", "ras?", &words), Some(true));
        assert_eq!(header_word_broken("X", "K)", &words), None);
    }

    #[test]
    fn a_tall_header_of_broken_words_reads_whole_and_its_rows_under_it() {
        let text = "\
Riskiden    Riskbesk     Sannolik   Konsekv   Kontroll    Bedömni
tifiering   rivning      het        ens       moment      ng av
                                                          kontroll
Inköp       Risk att     3          2         Stickprov   Mindre
utanför     inköp                                         brister
avtal       görs.
Felaktiga   Risk att     2          4         Kontroll    Inga
löner       lön fel.                          av listor   brister
";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let out = aligned_blocks(&lines);
        assert_eq!(
            out[0].as_deref().unwrap(),
            [
                "Riskidentifiering",
                "Riskbeskrivning",
                "Sannolikhet",
                "Konsekvens",
                "Kontrollmoment",
                "Bedömning av kontroll"
            ]
        );
        let rows: Vec<&Vec<String>> = out[3..]
            .iter()
            .flatten()
            .filter(|c| c.iter().any(|t| !t.is_empty()))
            .collect();
        assert_eq!(rows.len(), 2, "{out:#?}");
        assert_eq!(rows[0][0], "Inköp utanför avtal");
        assert_eq!(rows[1][4], "Kontroll av listor");
    }

    #[test]
    fn cells_one_space_apart_are_split_at_the_columns_edges() {
        let starts = [0, 30, 63, 77];
        let line =
            "Behörigheter i                Genomgång av användare med IT-säkerhetschef    Pågående";
        let parts = split_joined_cells(chunks(line), &starts);
        let texts: Vec<&str> = parts.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Behörigheter i",
                "Genomgång av användare med",
                "IT-säkerhetschef",
                "Pågående"
            ]
        );
        assert_eq!(parts[2].0, 63);
        // A section's text across the table stays whole.
        let one = split_joined_cells(
            chunks("Ekonomi och personal i hela nämndens verksamhet"),
            &[0, 10, 20],
        );
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn a_right_aligned_number_one_space_before_the_next_text_is_its_columns() {
        // "Nr" at 0, "Risk" at 33: the number stands left of Risk's edge.
        let starts = [0, 33, 63];
        let line = format!(
            "{}1 Felaktiga utbetalningar      Risk att bistånd",
            " ".repeat(32)
        );
        let parts = split_joined_cells(chunks(&line), &starts);
        let texts: Vec<(usize, &str)> = parts.iter().map(|(a, t)| (*a, t.as_str())).collect();
        assert_eq!(
            texts,
            [
                (0, "1"),
                (34, "Felaktiga utbetalningar"),
                (63, "Risk att bistånd")
            ]
        );
        // A cell's own number at the column's edge stays ("2 ggr per år").
        let line = format!("Kontroll{}2 ggr per år  Ekonomichef", " ".repeat(25));
        let parts = split_joined_cells(chunks(&line), &starts);
        assert_eq!(parts[1].1, "2 ggr per år");
    }

    #[test]
    fn a_tall_header_with_no_blank_line_ends_where_the_first_column_has_a_key() {
        let text = "\
#      Risk             Riskbedömning       Kontroll
                        Sannoli   Konsekv
                        khet 1–   ens 1–
                        5         5
EKONOMI
1.1    Felaktiga        3         4         Stickprov
";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let starts = [0, 7, 24, 44];
        let words = inner_words(&lines);
        // The section's name under "#" ends the header; the scale's "5" is no row's.
        assert_eq!(header_record_end(&lines, &starts, 0, &words), Some(4));
        // A row right under the header, its key under the first column, is no header line.
        let row = [
            "Nr   Risk       Kontroll     Ansvarig",
            "1    Mutor      Stickprov    Rektor",
        ];
        let row: Vec<String> = row.iter().map(|l| l.to_string()).collect();
        assert_eq!(header_record_end(&row, &[0, 5, 16, 29], 0, &words), None);
    }

    #[test]
    fn a_header_word_ending_in_a_slash_goes_on_without_a_space_in_a_band() {
        let text = "Risk/          Riskbedömning               Kontroll\n\
                    händelse       Sannolikhet    Konsekvens\n\
                    Fel i lön      3              4            Stickprov\n\
                    Sen attest     2              2            Genomgång\n";
        let got: Vec<Vec<String>> = read_str(text).iter().map(cells).collect();
        assert_eq!(got[0][0], "Risk/händelse");
        // (The band is written as its two rows: the group over its sub-columns.)
        assert_eq!(got[1], ["", "Sannolikhet", "Konsekvens", ""]);
        assert_eq!(got[2], ["Fel i lön", "3", "4", "Stickprov"]);
    }

    #[test]
    fn a_first_column_group_over_sub_columns_ends_no_header() {
        // "Sannol." under "Riskbedömning" names a sub-column: the header goes on, the
        // first row (under the blank first column above) ends it.
        let text = "\
Riskbedömning            Risk                Kontrollåtgärd
Sannol.      Konsekve
             ns 1–5
3            4           Felaktiga           Stickprov av
";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let words = inner_words(&lines);
        assert_eq!(header_record_end(&lines, &[0, 25, 45], 0, &words), Some(3));
    }

    #[test]
    fn a_short_abbreviation_beside_a_name_is_split_from_it() {
        let head = chunks("N Risker          Kontroll");
        let below = "r                 Metod".to_string();
        let split = split_header_abbreviations(head.clone(), Some(&below));
        assert_eq!(
            split,
            [
                (0, "N".to_string()),
                (3, "Risker".to_string()),
                (18, "Kontroll".to_string())
            ]
        );
        // Nothing under the first word alone: the text stays whole.
        let below = "  avser           Metod".to_string();
        assert_eq!(split_header_abbreviations(head, Some(&below)).len(), 2);
    }

    #[test]
    fn four_pieces_among_a_wider_headers_lines_are_no_card() {
        let text = "\
ANSVARIG     RISK            KONTROLL          STAT   BED    STAT   BED
                                               US     ÖMN    US     ÖMN
                                               DELÅ   ING    HELÅ   ING
";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        assert!(in_wider_table(&lines, 1));
        assert!(in_wider_table(&lines, 2));
        let card = ["Kontrollmoment   Stickprov   Ansvarig   Rektor".to_string()];
        assert!(!in_wider_table(&card, 0));
    }

    #[test]
    fn a_tall_header_in_capitals_with_no_sub_columns_reads_whole() {
        let text = "\
Nr   Risk       METOD FÖR   Sannoli   Ansvarig
                KONTROLL    khet 1–
                            5
1    Mutor      Granskning  4         Ekonomichef
2    Jäv        Kontroll    3         Rektor
";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let out = aligned_blocks(&lines);
        assert_eq!(
            out[0].as_deref().unwrap(),
            [
                "Nr",
                "Risk",
                "METOD FÖR KONTROLL",
                "Sannolikhet 1–5",
                "Ansvarig"
            ],
            "{out:#?}"
        );
        assert_eq!(out[3].as_deref().unwrap()[1], "Mutor");
        assert_eq!(out[4].as_deref().unwrap()[4], "Rektor");
    }

    #[test]
    fn a_scale_broken_after_its_dash_joins_without_a_space() {
        assert!(broken_range("Konsekvens (1-"));
        assert!(broken_range("Sannolikhet 1–"));
        assert!(!broken_range("Risk-"));
    }

    #[test]
    fn a_header_text_that_stops_open_goes_on_below() {
        let header = ["Ja/".to_string(), "Process/".to_string()];
        assert!(continues_header("Ja/", "Nej", &header));
        assert!(continues_header("Riskvärde (S x", "K)", &header));
        assert!(!continues_header("Risk", "Kontroll", &header));
    }
}
