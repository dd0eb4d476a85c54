//! A wide sheet printed as it is: each PDF page (`\f` in `pdftotext -layout` text) holds a
//! slice of the columns, and the pages are stitched back into full lines before the table
//! is read.
//!
//! A spreadsheet wider than the paper prints as a grid of pages: column bands (A–F, G–K, …)
//! times row bands (rows 1–40, 41–80, …), "over then down" (every column band of the first
//! rows, then the next rows) or "down then over". A column band's first page opens with its
//! own header, the later row bands' pages with data (or with the header again, when the
//! sheet repeats its header rows). The pages of one row band stand side by side: their
//! records start at the same height, which `pdftotext` keeps only roughly (the blank lines
//! between records differ by a line or two from page to page), so records are matched by
//! where they start, not line by line.

use std::collections::HashMap;

/// A record's start cut out of a slice's lines is looked for this many lines either side
/// of where its neighbours put it.
const SNAP_LINES: usize = 1;
/// Spaces put between two stitched slices.
const SLICE_GAP: usize = 4;
/// A header's cell has at most this many words.
const HEADER_CELL_MAX_WORDS: usize = 4;
/// A header's further line (a sub-header, a wrapped name) has at most this many words a cell.
const HEADER_SUB_MAX_WORDS: usize = 2;
/// A header runs over at most this many lines.
const HEADER_MAX_LINES: usize = 3;
/// A slice's rows span this share of the first slice's at least (and its inverse at most),
/// and it shows this share of the most record starts of its row band at least.
const SPAN_RATIO: f64 = 0.5;

/// Stitches a wide sheet's pages of column slices back into full lines (see the module
/// doc); any other text comes back as it was. `numbers` are the lines' numbers in the file.
pub(super) fn stitch_page_slices(lines: Vec<String>, numbers: Vec<u32>) -> (Vec<String>, Vec<u32>) {
    match stitched(&lines, &numbers) {
        Some(out) => out,
        None => (lines, numbers),
    }
}

/// A page: its lines `start..end`, where its table's header starts and ends (`head..body`),
/// when it opens with one, and its header's words.
struct Page {
    start: usize,
    end: usize,
    head: Option<(usize, usize)>,
    key: Option<String>,
}

fn plain(line: &str) -> String {
    line.replace('\u{c}', "")
}

/// A line's texts set apart by two spaces or more, with where each starts, as the text
/// reader splits a line into cells (see [`super::text::chunks`]).
fn parts(line: &str) -> Vec<(usize, String)> {
    super::text::chunks(&plain(line))
}

fn normal(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a line could name columns: short texts starting with a capital, none a number,
/// a date or a sentence, and none written as a cell more often than the line stands at a
/// page's top (a column's values repeat; its name stands once, or once per page it heads).
fn header_like(line: &str, counts: &HashMap<String, usize>, tops: &HashMap<String, usize>) -> bool {
    let ps = parts(line);
    let allowed = tops.get(&normal(&plain(line))).copied().unwrap_or(0).max(1);
    !ps.is_empty()
        && ps.iter().all(|(_, t)| {
            t.chars().next().is_some_and(char::is_alphabetic)
                && t.chars().next().is_some_and(|c| !c.is_lowercase())
                && t.split_whitespace().count() <= HEADER_CELL_MAX_WORDS
                && !t.ends_with(['.', ',', ':'])
                && !t.chars().any(|c| c.is_ascii_digit())
                && counts.get(&normal(t)).copied().unwrap_or(0) <= allowed
        })
}

/// Where a header starting at `i` ends (the first line of the rows under it): a further
/// line of the header is header-like too, of short texts, and no text wraps from it onto
/// the line below (a cell's first line, "Dokumentation saknades för tre" over
/// "upphandlingar."); a row must follow.
fn header_end(
    lines: &[String],
    i: usize,
    end: usize,
    counts: &HashMap<String, usize>,
    tops: &HashMap<String, usize>,
) -> Option<usize> {
    if !header_like(&lines[i], counts, tops) {
        return None;
    }
    let further = |k: usize| {
        header_like(&lines[k], counts, tops)
            && parts(&lines[k])
                .iter()
                .all(|(_, t)| t.split_whitespace().count() <= HEADER_SUB_MAX_WORDS)
            && !lines
                .get(k + 1)
                .and_then(|l| l.trim().chars().next())
                .is_some_and(char::is_lowercase)
    };
    let mut k = i + 1;
    while k < end && k < i + HEADER_MAX_LINES && !lines[k].trim().is_empty() && further(k) {
        k += 1;
    }
    // A row must follow the header: when the lines taken as more header end the page or
    // stand over a blank line ("Frekvens" over "Årligen", a one-column slice of short
    // values), the last of them is the first row.
    while k > i + 1 && (k >= end || lines[k].trim().is_empty()) {
        k -= 1;
    }
    (k < end && !lines[k].trim().is_empty()).then_some(k)
}

fn stitched(lines: &[String], numbers: &[u32]) -> Option<(Vec<String>, Vec<u32>)> {
    if lines.iter().any(|l| l.contains('\t')) {
        return None;
    }
    let mut starts: Vec<usize> = vec![0];
    starts.extend((1..lines.len()).filter(|&i| lines[i].starts_with('\u{c}')));
    if starts.len() < 3 {
        return None;
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for l in lines {
        for (_, t) in parts(l) {
            *counts.entry(normal(&t)).or_default() += 1;
        }
    }
    // How often each line stands among a page's first lines (a header repeated per page).
    let mut tops: HashMap<String, usize> = HashMap::new();
    for (n, &s) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        for k in (s..end)
            .filter(|&k| !plain(&lines[k]).trim().is_empty())
            .take(HEADER_MAX_LINES)
        {
            *tops.entry(normal(&plain(&lines[k]))).or_default() += 1;
        }
    }
    let mut pages: Vec<Page> = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        if (s..end).all(|k| plain(&lines[k]).trim().is_empty()) {
            continue;
        }
        let first = (s..end).find(|&k| !plain(&lines[k]).trim().is_empty())?;
        // The first page's table starts at its first header of two cells or more; a
        // later page's header is its first line.
        let head = if pages.is_empty() {
            (first..end)
                .filter(|&k| parts(&lines[k]).len() >= 2)
                .find_map(|k| header_end(lines, k, end, &counts, &tops).map(|b| (k, b)))
        } else {
            header_end(lines, first, end, &counts, &tops).map(|b| (first, b))
        };
        let key = head.map(|(h, b)| {
            (h..b)
                .map(|k| normal(&plain(&lines[k])))
                .collect::<Vec<_>>()
                .join(" / ")
        });
        pages.push(Page {
            start: s,
            end,
            head,
            key,
        });
    }
    pages.first()?.key.as_ref()?;
    // Column bands: each header names one; pages without a header go on a band's rows.
    let mut keys: Vec<String> = Vec::new();
    for p in &pages {
        if let Some(k) = &p.key
            && !keys.contains(k)
        {
            keys.push(k.clone());
        }
    }
    let c = keys.len();
    if c < 2 {
        return None;
    }
    let over = pages.len() >= c && (0..c).all(|i| pages[i].key.as_ref() == Some(&keys[i]));
    // The longest run of pages from the first that makes a full grid of bands.
    let mut band_of: Vec<usize> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let band = match &p.key {
            Some(k) => keys.iter().position(|x| x == k)?,
            None if over => i % c,
            None => *band_of.last()?,
        };
        if over && band != i % c {
            break;
        }
        band_of.push(band);
    }
    let used = (1..=band_of.len())
        .rev()
        .find(|&n| {
            let per: Vec<usize> = (0..c)
                .map(|b| band_of[..n].iter().filter(|&&x| x == b).count())
                .collect();
            per.iter().all(|&x| x == per[0] && x > 0)
        })
        .filter(|&n| n >= 2)?;
    let mut c = c;
    let mut used = used;
    let mut grid = grid_of(&band_of[..used], c);
    // A later column band whose rows are not the first band's (a sheet of its own, a
    // risk matrix printed after the plan) ends the grid before it, where that leaves the
    // pages of the bands before it whole.
    let first_row: Vec<Slice> = grid[0]
        .iter()
        .map(|&i| Slice::of(&pages[i], lines, numbers))
        .collect();
    if let Some(b) = (1..c).find(|&b| !fits(&first_row, b)) {
        if over && grid.len() > 1 {
            return None;
        }
        used = band_of[..used].iter().position(|&x| x >= b).unwrap_or(used);
        c = b;
        if c < 2 {
            return None;
        }
        grid = grid_of(&band_of[..used], c);
    }
    // Each band's width over all its pages, so later row bands keep the columns.
    let mut width = vec![0usize; c];
    for (i, &b) in band_of[..used].iter().enumerate() {
        let p = &pages[i];
        let from = p.head.map_or(p.start, |h| h.0);
        for l in &lines[from..p.end] {
            width[b] = width[b].max(plain(l).trim_end().chars().count());
        }
    }
    let offsets: Vec<usize> = (0..c)
        .map(|b| width[..b].iter().map(|w| w + SLICE_GAP).sum())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut out_numbers: Vec<u32> = Vec::new();
    // What stands above the first page's table stays.
    let first = &pages[0];
    let top = first.head?.0;
    for k in 0..top {
        out.push(lines[k].clone());
        out_numbers.push(numbers[k]);
    }
    for (r, row) in grid.iter().enumerate() {
        let slices: Vec<Slice> = row
            .iter()
            .map(|&i| Slice::of(&pages[i], lines, numbers))
            .collect();
        if (1..slices.len()).any(|b| !fits(&slices, b)) {
            return None;
        }
        let mut block: Vec<(String, u32)> = Vec::new();
        // Headers stand on their last lines together.
        let head_lines = slices.iter().map(|s| s.head.len()).max().unwrap_or(0);
        for j in 0..head_lines {
            let cells: Vec<Option<&(String, u32)>> = slices
                .iter()
                .map(|s| {
                    let shift = head_lines - s.head.len();
                    j.checked_sub(shift).and_then(|x| s.head.get(x))
                })
                .collect();
            block.push(join(&cells, &offsets));
        }
        let records = match_records(&slices);
        for (n, rec) in records.iter().enumerate() {
            if n > 0 {
                block.push((String::new(), block.last().map_or(0, |b| b.1)));
            }
            let height = rec.iter().map(Vec::len).max().unwrap_or(0);
            for j in 0..height {
                let cells: Vec<Option<&(String, u32)>> = rec.iter().map(|x| x.get(j)).collect();
                block.push(join(&cells, &offsets));
            }
        }
        for (n, (l, num)) in block.into_iter().enumerate() {
            out.push(if n == 0 && r > 0 {
                format!("\u{c}{l}")
            } else {
                l
            });
            out_numbers.push(num);
        }
    }
    // The pages after the grid stay as they were.
    if let Some(next) = pages.get(used) {
        for k in next.start..lines.len() {
            out.push(lines[k].clone());
            out_numbers.push(numbers[k]);
        }
    }
    Some((out, out_numbers))
}

/// The pages of each row band in order of their column bands: `grid[r][b]`.
fn grid_of(band_of: &[usize], c: usize) -> Vec<Vec<usize>> {
    let rows = band_of.len() / c;
    let mut grid: Vec<Vec<usize>> = vec![Vec::new(); rows];
    let mut seen = vec![0usize; c];
    for (i, &b) in band_of.iter().enumerate() {
        if let Some(row) = grid.get_mut(seen[b]) {
            row.push(i);
        }
        seen[b] += 1;
    }
    for row in &mut grid {
        row.sort_by_key(|&i| band_of[i]);
    }
    grid
}

/// Whether the slice of column band `b` holds the rows of the band's first slice: its
/// rows span about as many lines, and it shows about as many record starts as the slice
/// with the most.
fn fits(slices: &[Slice], b: usize) -> bool {
    let s = &slices[b];
    if s.body.is_empty() {
        return true;
    }
    let (a, x) = (slices[0].span().max(1) as f64, s.span().max(1) as f64);
    let most = slices.iter().map(Slice::records).max().unwrap_or(0) as f64;
    x >= a * SPAN_RATIO && x <= a / SPAN_RATIO && s.records() as f64 >= most * SPAN_RATIO
}

/// One page's slice of the table: its header lines and the lines under it (trailing blank
/// lines dropped), each with its number in the file.
struct Slice {
    head: Vec<(String, u32)>,
    body: Vec<(String, u32)>,
}

impl Slice {
    fn of(p: &Page, lines: &[String], numbers: &[u32]) -> Slice {
        let take = |a: usize, b: usize| -> Vec<(String, u32)> {
            (a..b)
                .map(|k| (plain(&lines[k]).trim_end().to_string(), numbers[k]))
                .collect()
        };
        let (head, from) = match p.head {
            Some((h, b)) => (take(h, b), b),
            None => (
                Vec::new(),
                (p.start..p.end)
                    .find(|&k| !plain(&lines[k]).trim().is_empty())
                    .unwrap_or(p.end),
            ),
        };
        let mut body = take(from, p.end);
        while body.last().is_some_and(|l| l.0.trim().is_empty()) {
            body.pop();
        }
        Slice { head, body }
    }

    fn span(&self) -> usize {
        self.body.len()
    }

    /// How many records the slice shows at least: its starts after blank lines, or its
    /// lines of the most cells (two or more), each a record's first line where records
    /// stand without blank lines between them.
    fn records(&self) -> usize {
        let cells: Vec<usize> = self.body.iter().map(|l| parts(&l.0).len()).collect();
        let most = cells.iter().copied().max().unwrap_or(0);
        let full = if most >= 2 {
            cells.iter().filter(|&&n| n == most).count()
        } else {
            0
        };
        self.starts().len().max(full)
    }

    /// Where the slice's records start: its first line and each line of text after a
    /// blank one.
    fn starts(&self) -> Vec<usize> {
        (0..self.body.len())
            .filter(|&j| {
                !self.body[j].0.trim().is_empty()
                    && (j == 0 || self.body[j - 1].0.trim().is_empty())
            })
            .collect()
    }
}

/// The records of a row band: per record, each slice's lines. The slice with the most
/// record starts sets the records; another slice's starts are matched to the nearest in
/// order, and a record it holds no start for is cut out of the lines it runs on (a record
/// with no blank line above it), at the line as far between its matched neighbours as the
/// record's start is between theirs.
fn match_records(slices: &[Slice]) -> Vec<Vec<Vec<(String, u32)>>> {
    let anchor = (0..slices.len())
        .max_by_key(|&i| (slices[i].starts().len(), usize::MAX - i))
        .unwrap_or(0);
    let grid = slices[anchor].starts();
    let n = grid.len();
    let mut per_slice: Vec<Vec<Option<usize>>> = Vec::new();
    for (i, s) in slices.iter().enumerate() {
        if i == anchor {
            per_slice.push(grid.iter().map(|&g| Some(g)).collect());
            continue;
        }
        let own = s.starts();
        let scale = slices[anchor].span().max(1) as f64 / s.span().max(1) as f64;
        let pairs = align(&grid, &own, scale);
        let mut at: Vec<Option<usize>> = vec![None; n];
        for &(g, o) in &pairs {
            at[g] = Some(own[o]);
        }
        // Starts of records the slice shows no blank line above, by interpolation.
        for g in 0..n {
            if at[g].is_some() {
                continue;
            }
            let before = (0..g).rev().find_map(|x| at[x].map(|o| (grid[x], o)));
            let after = (g + 1..n).find_map(|x| at[x].map(|o| (grid[x], o)));
            let exact = match (before, after) {
                (Some((ga, oa)), Some((gb, ob))) if gb > ga => {
                    let t = (grid[g] - ga) as f64 / (gb - ga) as f64;
                    oa as f64 + t * (ob as f64 - oa as f64)
                }
                (Some((ga, oa)), _) => (oa + (grid[g] - ga)) as f64,
                _ => continue,
            };
            let guess = exact.round() as usize;
            let lo = before
                .map_or(0, |b| b.1 + 1)
                .max(guess.saturating_sub(SNAP_LINES));
            let hi = after
                .map_or(s.body.len(), |a| a.1)
                .min(guess + SNAP_LINES + 1);
            // The line near the guess most like a record's first: one opening with a
            // capital or a number (a wrapped cell's line goes on in lower case), then the
            // nearest (the earlier of two as near). A record's first cell may be blank
            // (a risk merged over its controls), so the count of cells does not decide.
            at[g] = (lo..hi)
                .filter(|&j| {
                    j > 0 && !s.body[j].0.trim().is_empty() && !s.body[j - 1].0.trim().is_empty()
                })
                .max_by_key(|&j| {
                    let line = &s.body[j].0;
                    (
                        line.trim()
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()),
                        std::cmp::Reverse(((j as f64 - exact).abs() * 100.0) as u64),
                        std::cmp::Reverse(j),
                    )
                });
        }
        per_slice.push(at);
    }
    let mut records = Vec::new();
    for g in 0..n {
        let rec: Vec<Vec<(String, u32)>> = slices
            .iter()
            .zip(&per_slice)
            .map(|(s, at)| {
                let Some(from) = at[g] else {
                    return Vec::new();
                };
                let to = (g + 1..n).find_map(|x| at[x]).unwrap_or(s.body.len());
                let mut ls: Vec<(String, u32)> = s.body[from..to].to_vec();
                while ls.last().is_some_and(|l| l.0.trim().is_empty()) {
                    ls.pop();
                }
                ls
            })
            .collect();
        records.push(rec);
    }
    // Lines of a slice above its first matched start belong to the first record.
    records
}

/// Matches two rising lists of line offsets in order, each at most once, keeping the sum
/// of distances least (an edit distance whose skips cost a fixed amount). `b`'s offsets are
/// first scaled by `scale` (the slices' spans differ where `pdftotext` set fewer blank
/// lines on one page).
fn align(a: &[usize], b: &[usize], scale: f64) -> Vec<(usize, usize)> {
    const SKIP: f64 = 3.0;
    let (n, m) = (a.len(), b.len());
    let d = |i: usize, j: usize| (a[i] as f64 - b[j] as f64 * scale).abs();
    let mut cost = vec![vec![0f64; m + 1]; n + 1];
    for i in 0..=n {
        for j in 0..=m {
            cost[i][j] = match (i, j) {
                (0, 0) => 0.0,
                (0, _) => cost[0][j - 1] + SKIP,
                (_, 0) => cost[i - 1][0] + SKIP,
                _ => (cost[i - 1][j - 1] + d(i - 1, j - 1))
                    .min(cost[i - 1][j] + SKIP)
                    .min(cost[i][j - 1] + SKIP),
            };
        }
    }
    let (mut i, mut j) = (n, m);
    let mut pairs = Vec::new();
    while i > 0 && j > 0 {
        if cost[i][j] == cost[i - 1][j - 1] + d(i - 1, j - 1) {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if cost[i][j] == cost[i - 1][j] + SKIP {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// One stitched line: each slice's line at its band's offset; numbered as its first text.
fn join(cells: &[Option<&(String, u32)>], offsets: &[usize]) -> (String, u32) {
    let mut s = String::new();
    let mut number = None;
    for (cell, &off) in cells.iter().zip(offsets) {
        let Some((text, num)) = cell else { continue };
        if text.trim().is_empty() {
            continue;
        }
        number.get_or_insert(*num);
        let len = s.chars().count();
        if len < off {
            s.push_str(&" ".repeat(off - len));
        } else if !s.is_empty() {
            s.push_str(&" ".repeat(SLICE_GAP));
        }
        s.push_str(text);
    }
    let number = number.or_else(|| cells.iter().flatten().next().map(|c| c.1));
    (s, number.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<String> {
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let numbers = (1..=lines.len() as u32).collect();
        stitch_page_slices(lines, numbers).0
    }

    #[test]
    fn column_slices_on_pages_are_one_table() {
        let text = "Plan 2024\n\nNr  Risk\n1   Fel lön\n\n2   Jäv\n\u{c}Kontroll     Ansvarig\nStickprov    Lönechef\nav listor\n\nGenomgång    Kanslichef\n\u{c}Frekvens\nÅrligen\n\nMånadsvis\n";
        let out = run(text);
        assert_eq!(out[0], "Plan 2024");
        assert!(out[2].starts_with("Nr  Risk"), "{out:#?}");
        assert!(
            out[2].contains("Kontroll") && out[2].contains("Frekvens"),
            "{out:#?}"
        );
        assert!(out[3].starts_with("1   Fel lön") && out[3].contains("Stickprov"));
        assert!(out[3].contains("Årligen"), "{out:#?}");
        assert_eq!(out[4].trim(), "av listor");
        assert!(
            out[6].starts_with("2   Jäv") && out[6].contains("Månadsvis"),
            "{out:#?}"
        );
    }

    #[test]
    fn a_table_with_its_header_repeated_on_each_page_is_left_alone() {
        let text = "Nr  Risk\n1   Fel lön\n\u{c}Nr  Risk\n2   Jäv\n\u{c}Nr  Risk\n3   Brand\n";
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        assert_eq!(run(text), lines);
    }
}
