//! CSV and TSV: decoded (UTF-8, UTF-16, Windows-1252), the separator sniffed among `;`, `,`
//! and tab, read with the csv crate into one sheet whose rows carry the physical line where
//! each record starts. Cells stay text; normalization parses numbers and dates.

use super::detect::decode;
use super::workbook::MAX_SHEET_CELLS;
use super::{Cell, Format, ReadError, Row, RowKind, Sheet, Value};

/// Records looked at to choose the separator.
const SNIFF_RECORDS: usize = 50;

/// Reads a CSV (or TSV) file into one sheet.
///
/// # Errors
/// [`ReadError::Empty`] for a file with no text, [`ReadError::TooLarge`] above
/// [`MAX_SHEET_CELLS`] cells.
pub fn read(format: Format, bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    let text = decode(bytes);
    if text.trim().is_empty() {
        return Err(ReadError::Empty {
            file: name.to_string(),
        });
    }
    let (body, first_line, forced) = strip_sep_line(&text);
    let delimiter = forced.unwrap_or_else(|| sniff(body, format == Format::Tsv));
    let rows = read_records(body, delimiter, first_line, name)?;
    Ok(vec![Sheet {
        name: None,
        hidden: false,
        rows,
    }])
}

/// Excel's `sep=;` first line names the separator; it is not data.
fn strip_sep_line(text: &str) -> (&str, u32, Option<u8>) {
    let end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..end].trim_end_matches(['\r', '\n']);
    if let Some(sep) = first.strip_prefix("sep=")
        && sep.len() == 1
        && sep.is_ascii()
    {
        return (&text[end..], 2, Some(sep.as_bytes()[0]));
    }
    (text, 1, None)
}

/// The separator whose field counts are most consistent over the first records: the largest
/// share of records with the commonest count (above one field), then the larger count.
/// Quotes are respected, so a separator inside a quoted cell does not count, and the share
/// (not the number) of records is compared because each separator splits the text into a
/// different number of records once quotes are read with it.
pub fn sniff(text: &str, tab_first: bool) -> u8 {
    let candidates: [u8; 3] = if tab_first {
        [b'\t', b';', b',']
    } else {
        [b';', b'\t', b',']
    };
    // (separator, records with the commonest count, records read, that count)
    let mut best: Option<(u8, usize, usize, usize)> = None;
    for &d in &candidates {
        let mut freq: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        let mut total = 0usize;
        for len in record_lengths(text.as_bytes(), d).take(SNIFF_RECORDS) {
            *freq.entry(len).or_default() += 1;
            total += 1;
        }
        let Some((&count, &n)) = freq
            .iter()
            .filter(|&(&c, _)| c > 1)
            .max_by_key(|&(&c, &n)| (n, c))
        else {
            continue;
        };
        let better = match best {
            None => true,
            // n / total > bn / bt, compared without division; then the larger count.
            Some((_, bn, bt, bc)) => {
                let (a, b) = (n * bt, bn * total);
                a > b || (a == b && count > bc)
            }
        };
        if better {
            best = Some((d, n, total, count));
        }
    }
    best.map_or(candidates[0], |b| b.0)
}

/// The number of fields of each record, as the csv crate reads them with [`builder`]'s
/// settings (quotes open a field only at its start, `""` inside one is a quote, a line
/// break outside quotes ends the record, blank lines are no records), without the crate:
/// building its reader costs more than reading the records a sniff looks at, and a sniff
/// builds one per separator.
fn record_lengths(text: &[u8], delimiter: u8) -> impl Iterator<Item = usize> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while text.get(at).is_some_and(|&c| c == b'\n' || c == b'\r') {
            at += 1;
        }
        if at == text.len() {
            return None;
        }
        let mut fields = 1;
        loop {
            // At the start of a field: a quoted part runs to a quote not doubled.
            if text.get(at) == Some(&b'"') {
                at += 1;
                loop {
                    let Some(i) = memchr::memchr(b'"', &text[at..]) else {
                        at = text.len();
                        return Some(fields);
                    };
                    at += i + 1;
                    if text.get(at) != Some(&b'"') {
                        break;
                    }
                    at += 1;
                }
            }
            // The rest of the field, quotes in it being text.
            let Some(i) = memchr::memchr3(delimiter, b'\n', b'\r', &text[at..]) else {
                at = text.len();
                return Some(fields);
            };
            at += i + 1;
            if text[at - 1] != delimiter {
                return Some(fields);
            }
            fields += 1;
        }
    })
}

fn builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .quoting(true)
        .double_quote(true);
    b
}

fn read_records(
    text: &str,
    delimiter: u8,
    first_line: u32,
    name: &str,
) -> Result<Vec<Row>, ReadError> {
    let mut rdr = builder(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut next_line = first_line;
    let mut cells_total = 0usize;
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ReadError::invalid(
                    name,
                    format!("CSV-filen kan inte läsas ({e})"),
                ));
            }
        }
        // The record's position is where reading began, before the empty lines that the csv
        // crate skips: count those to find the line the record starts on.
        let line = record.position().map_or(next_line, |p| {
            let skipped = text
                .as_bytes()
                .get(usize::try_from(p.byte()).unwrap_or(usize::MAX)..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .filter(|&&b| b == b'\n')
                .count();
            line_u32(p.line())
                .saturating_add(line_u32(skipped as u64))
                .saturating_add(first_line - 1)
        });
        // The csv crate skips empty lines; keep them as blank rows (they separate tables).
        while next_line < line {
            rows.push(blank(next_line));
            next_line += 1;
            cells_total += 1;
        }
        let mut cells: Vec<Cell> = record.iter().map(cell).collect();
        while cells.last().is_some_and(|c| c.value.is_empty()) {
            cells.pop();
        }
        let breaks: usize = record.iter().map(|f| f.matches('\n').count()).sum();
        next_line = line
            .saturating_add(line_u32(breaks as u64))
            .saturating_add(1);
        cells_total += cells.len() + 1;
        if cells_total > MAX_SHEET_CELLS {
            return Err(ReadError::TooLarge {
                file: name.to_string(),
                reason: format!("fler än {MAX_SHEET_CELLS} celler"),
            });
        }
        rows.push(Row {
            line,
            kind: RowKind::Cells(cells),
        });
    }
    Ok(rows)
}

fn line_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn blank(line: u32) -> Row {
    Row {
        line,
        kind: RowKind::Cells(Vec::new()),
    }
}

fn cell(field: &str) -> Cell {
    let field = if field.contains('\r') {
        field.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        field.to_string()
    };
    let c = Cell::text(&field);
    if c.value.is_empty() {
        Cell::new(Value::Empty)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Row]) -> Vec<(u32, Vec<String>)> {
        rows.iter()
            .map(|r| (r.line, r.cells().iter().map(|c| c.value.plain()).collect()))
            .collect()
    }

    /// The records' field counts are the csv crate's, on random texts of separators,
    /// quotes, line breaks and letters.
    #[test]
    fn record_lengths_are_the_csv_crates() {
        let mut rng = crate::test_rng(0xc5f_5eed);
        let alphabet = b"ab ,;\t\"\"\n\r";
        for round in 0..5_000 {
            let len = (rng() % 40) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[(rng() % alphabet.len() as u64) as usize])
                .collect();
            for d in [b',', b';', b'\t'] {
                let want: Vec<usize> = builder(d)
                    .from_reader(text.as_slice())
                    .byte_records()
                    .map(|r| r.unwrap().len())
                    .collect();
                let got: Vec<usize> = record_lengths(&text, d).collect();
                assert_eq!(
                    got,
                    want,
                    "round {round}: {:?}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
    }

    #[test]
    fn sniffs_semicolon_with_commas_in_text() {
        let t = "Risk;Kontroll;Ansvarig\nA, B;C;D, E\nF;G;H\n";
        assert_eq!(sniff(t, false), b';');
    }

    #[test]
    fn sniffs_comma_and_tab() {
        assert_eq!(sniff("a,b,c\n1,2,3\n", false), b',');
        assert_eq!(sniff("a\tb;x\tc\n1\t2\t3\n", false), b'\t');
    }

    #[test]
    fn quoted_separators_do_not_count() {
        let t = "\"a;b\",c\n\"d;e\",f\n";
        assert_eq!(sniff(t, false), b',');
    }

    #[test]
    fn lines_count_quoted_breaks_and_blank_lines() {
        let t = "Titel\n\nA;B\n\"x\ny\";z\n1;2\n";
        let rows = read_records(t, b';', 1, "f.csv").unwrap();
        assert_eq!(
            texts(&rows),
            vec![
                (1, vec!["Titel".to_string()]),
                (2, vec![]),
                (3, vec!["A".to_string(), "B".to_string()]),
                (4, vec!["x\ny".to_string(), "z".to_string()]),
                (6, vec!["1".to_string(), "2".to_string()]),
            ]
        );
    }

    #[test]
    fn sep_line_is_honoured() {
        let (body, first, sep) = strip_sep_line("sep=,\r\na;b,c\r\n");
        assert_eq!((first, sep), (2, Some(b',')));
        let rows = read_records(body, b',', first, "f.csv").unwrap();
        assert_eq!(
            texts(&rows),
            vec![(2, vec!["a;b".to_string(), "c".to_string()])]
        );
    }
}
