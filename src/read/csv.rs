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
fn record_lengths(text: &[u8], delimiter: u8) -> RecordScan<'_> {
    RecordScan {
        text,
        delimiter,
        at: 0,
        unterminated: None,
    }
}

/// The records of a text, scanned (see [`record_lengths`]); after the last, where a quote
/// that is never closed opened, if one is.
struct RecordScan<'a> {
    text: &'a [u8],
    delimiter: u8,
    at: usize,
    /// The byte where a quoted field that runs to the end of the text opened.
    unterminated: Option<usize>,
}

impl Iterator for RecordScan<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let text = self.text;
        while text.get(self.at).is_some_and(|&c| c == b'\n' || c == b'\r') {
            self.at += 1;
        }
        if self.at == text.len() {
            return None;
        }
        let mut fields = 1;
        loop {
            // At the start of a field: a quoted part runs to a quote not doubled.
            if text.get(self.at) == Some(&b'"') {
                let opened = self.at;
                self.at += 1;
                loop {
                    let Some(i) = memchr::memchr(b'"', &text[self.at..]) else {
                        self.at = text.len();
                        self.unterminated = Some(opened);
                        return Some(fields);
                    };
                    self.at += i + 1;
                    if text.get(self.at) != Some(&b'"') {
                        break;
                    }
                    self.at += 1;
                }
            }
            // The rest of the field, quotes in it being text.
            let Some(i) = memchr::memchr3(self.delimiter, b'\n', b'\r', &text[self.at..]) else {
                self.at = text.len();
                return Some(fields);
            };
            self.at += i + 1;
            if text[self.at - 1] != self.delimiter {
                return Some(fields);
            }
            fields += 1;
        }
    }
}

/// IK115: a quote that opens a field and is never closed swallows the rest of the file into
/// one cell; the file is read as the csv crate reads it (nothing is lost: the cell holds
/// the rows), and the finding names the line where the quote opened. A quote left open on
/// the last line takes no other line and says nothing.
pub fn unclosed_quote(format: Format, bytes: &[u8], name: &str) -> Option<crate::model::Finding> {
    let text = decode(bytes);
    let (body, first_line, forced) = strip_sep_line(&text);
    let delimiter = forced.unwrap_or_else(|| sniff(body, format == Format::Tsv));
    let (line, swallowed) = open_quote(body, delimiter, first_line)?;
    Some(crate::finding::finding(
        "IK115",
        format!(
            "Citattecknet som inleder en cell på rad {line} avslutas aldrig, så de {swallowed} \
             raderna efter det lästes som en enda cell; rätta citattecknet i filen"
        ),
        crate::finding::Loc {
            fil: name.to_string(),
            rad: Some(line),
            ..Default::default()
        },
        None,
    ))
}

/// The line where a never-closed quote opens and the lines after it that it swallows.
fn open_quote(text: &str, delimiter: u8, first_line: u32) -> Option<(u32, usize)> {
    let mut scan = record_lengths(text.as_bytes(), delimiter);
    scan.by_ref().for_each(drop);
    let at = scan.unterminated?;
    let swallowed = text[at..].trim_end().matches('\n').count();
    if swallowed == 0 {
        return None;
    }
    let line = first_line + text[..at].matches('\n').count() as u32;
    Some((line, swallowed))
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

/// A field's cell: its line breaks are paragraphs, and HTML markup an export wrote into it
/// is read as HTML (see [`super::html::has_markup`]).
fn cell(field: &str) -> Cell {
    let field = if field.contains('\r') {
        field.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        field.to_string()
    };
    if super::html::has_markup(&field) {
        return Cell::new(super::text::html_lines_value(&field));
    }
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
    fn a_quote_never_closed_is_named_with_its_line() {
        let t = "Risk;Kontroll\nA;B\n\"C;D\nE;F\nG;H\n";
        assert_eq!(open_quote(t, b';', 1), Some((3, 2)));
        let f = unclosed_quote(Format::Csv, t.as_bytes(), "f.csv").unwrap();
        assert_eq!((f.kod.as_str(), f.rad), ("IK115", Some(3)));
        assert!(f.meddelande.contains("de 2 raderna"), "{}", f.meddelande);
        // Closed, or open on the last line only: read as it is.
        assert_eq!(open_quote("A;B\n\"C\nD\";E\n", b';', 1), None);
        assert_eq!(open_quote("A;B\n\"C;D\n", b';', 1), None);
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
