//! The readers for workbooks (xlsx, xls, xlsb, ods), CSV and Word: each test is named after
//! its fixture (fixtures/quirks/, made by fixtures/quirks/make.py; fixtures/office-made/,
//! files saved by Excel and LibreOffice from calamine's test suite; fixtures/formats/, the
//! seeds saved by LibreOffice) and says what the reader gives for it.

use std::path::PathBuf;

use ikplan::read::{Format, ReadError, Row, RowKind, Sheet, Source, Value, read_bytes};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn try_read(rel: &str) -> Result<Source, ReadError> {
    let path = fixture(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_str().unwrap().to_string();
    read_bytes(&bytes, &name)
}

fn read(rel: &str) -> Source {
    try_read(rel).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn sheet<'a>(src: &'a Source, name: &str) -> &'a Sheet {
    src.sheets
        .iter()
        .find(|s| s.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

/// The row with this line (sheet row, CSV line, docx counter).
fn row(sheet: &Sheet, line: u32) -> &Row {
    sheet
        .rows
        .iter()
        .find(|r| r.line == line)
        .unwrap_or_else(|| panic!("no row {line}"))
}

/// Plain text of the cell at 1-based `line` and 0-based column.
fn text(sheet: &Sheet, line: u32, col: usize) -> String {
    row(sheet, line)
        .cells()
        .get(col)
        .map(|c| c.value.plain())
        .unwrap_or_default()
}

fn value(sheet: &Sheet, line: u32, col: usize) -> Value {
    row(sheet, line)
        .cells()
        .get(col)
        .map(|c| c.value.clone())
        .unwrap_or_default()
}

fn merged(sheet: &Sheet, line: u32, col: usize) -> bool {
    row(sheet, line).cells().get(col).is_some_and(|c| c.merged)
}

fn date(y: i32, m: u32, d: u32) -> Value {
    Value::Date(ikplan::normalize::date::Date::new(y, m, d).unwrap())
}

fn paragraphs(v: &Value) -> Vec<String> {
    match v {
        Value::Text(r) => r.paragraphs(),
        other => panic!("not text: {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// fixtures/quirks

#[test]
fn merged_cells_xlsx() {
    let src = read("quirks/merged_cells.xlsx");
    assert_eq!(src.format, Format::Xlsx);
    let s = sheet(&src, "Plan");
    // B1:D1, a title: the top-left keeps its value, the covered cells get copies.
    assert_eq!(text(s, 1, 0), "");
    assert_eq!(text(s, 1, 1), "Internkontrollplan 2024");
    assert!(!merged(s, 1, 1));
    for col in 2..=3 {
        assert_eq!(text(s, 1, col), "Internkontrollplan 2024");
        assert!(merged(s, 1, col));
    }
    // A3:A5, a risk over its three controls.
    assert!(!merged(s, 3, 0));
    for line in 4..=5 {
        assert_eq!(text(s, line, 0), "Felaktiga utbetalningar");
        assert!(merged(s, line, 0));
    }
    // C3:C4
    assert_eq!(text(s, 4, 2), "Ekonom");
    assert!(merged(s, 4, 2));
    assert_eq!(text(s, 5, 2), "");
    assert!(!merged(s, 4, 1));
}

#[test]
fn title_above_table_xlsx() {
    let src = read("quirks/title_above_table.xlsx");
    let s = sheet(&src, "Blad1");
    let lines: Vec<u32> = s.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![1, 2, 3, 4, 5, 6], "every sheet row from 1");
    assert_eq!(text(s, 1, 0), "Plan för intern kontroll 2024");
    assert!(row(s, 2).is_blank());
    assert!(row(s, 4).is_blank());
    // The header is in row 5 and starts in column B: column A is an empty cell.
    assert_eq!(row(s, 5).cells().len(), 4);
    assert!(row(s, 5).cells()[0].value.is_empty());
    assert_eq!(text(s, 5, 1), "Risk");
    assert_eq!(text(s, 6, 3), "Enhetschef");
}

#[test]
fn two_tables_xlsx() {
    let src = read("quirks/two_tables.xlsx");
    let s = &src.sheets[0];
    // Styled empty cells below the data (A10, C12) make no rows.
    assert_eq!(s.rows.len(), 6);
    assert_eq!(text(s, 1, 0), "Åtgärd");
    assert!(row(s, 3).is_blank() && row(s, 4).is_blank());
    assert_eq!(text(s, 5, 2), "Ansvarig");
    assert_eq!(text(s, 6, 2), "Controller");
}

#[test]
fn dates_xlsx() {
    let src = read("quirks/dates.xlsx");
    let s = &src.sheets[0];
    assert_eq!(value(s, 2, 0), date(2024, 3, 21), "date cell");
    assert_eq!(
        value(s, 2, 1),
        Value::Number(45372.0),
        "serial without a date format"
    );
    assert_eq!(
        paragraphs(&value(s, 2, 2)),
        vec!["2024-03-21"],
        "date as text"
    );
    assert_eq!(value(s, 2, 3), date(2024, 3, 21), "date and time: the date");
}

#[test]
fn number_as_text_xlsx() {
    let src = read("quirks/number_as_text.xlsx");
    let s = &src.sheets[0];
    assert_eq!(paragraphs(&value(s, 2, 0)), vec!["12"]);
    assert_eq!(value(s, 2, 1), Value::Number(12.0));
}

#[test]
fn formulas_and_errors_xlsx() {
    let src = read("quirks/formulas_and_errors.xlsx");
    let s = sheet(&src, "Blad1");
    assert_eq!(value(s, 2, 2), Value::Number(12.0), "cached value of A2*B2");
    assert_eq!(value(s, 2, 3), Value::Error("#REF!".into()));
    assert_eq!(value(s, 2, 4), Value::Error("#N/A".into()));
    assert_eq!(
        paragraphs(&value(s, 2, 5)),
        vec!["Hög"],
        "cached text of IF()"
    );
}

#[test]
fn line_break_xlsx() {
    let src = read("quirks/line_break.xlsx");
    let s = &src.sheets[0];
    assert_eq!(
        paragraphs(&value(s, 2, 0)),
        vec!["Hot och våld", "Risk att personal utsätts för hot"]
    );
    // CR LF is stored as "_x000D_\n"; neither the escape nor the CR survives.
    assert_eq!(
        paragraphs(&value(s, 3, 0)),
        vec!["Första raden", "Andra raden"]
    );
}

#[test]
fn rich_text_xlsx() {
    let src = read("quirks/rich_text.xlsx");
    let s = &src.sheets[0];
    let Value::Text(risk) = value(s, 2, 0) else {
        panic!("text")
    };
    // The bold run survives from sharedStrings.xml; `_x000D_` + LF is one line break.
    assert_eq!(
        risk.bold_lead(),
        Some((
            "Hot och våld".to_string(),
            "Risk att personal utsätts\nför hot".to_string()
        ))
    );
    assert_eq!(risk.paragraphs().len(), 2);
    let Value::Text(plain) = value(s, 3, 0) else {
        panic!("text")
    };
    assert_eq!(plain.bold_lead(), None, "<b val=\"0\"/> is not bold");
    assert_eq!(text(s, 4, 0), "Vanlig text");
}

#[test]
fn hidden_sheet_xlsx() {
    let src = read("quirks/hidden_sheet.xlsx");
    let names: Vec<(&str, bool)> = src
        .sheets
        .iter()
        .map(|s| (s.name.as_deref().unwrap(), s.hidden))
        .collect();
    assert_eq!(
        names,
        vec![("Plan", false), ("Listor", true), ("Uppföljning", false)]
    );
    assert_eq!(text(sheet(&src, "Listor"), 1, 0), "Dold lista");
}

/// The rows of the two CSV fixtures, which hold the same table.
fn check_csv_table(src: &Source) {
    assert_eq!(src.sheets.len(), 1);
    let s = &src.sheets[0];
    assert_eq!(s.name, None);
    assert_eq!(text(s, 1, 0), "Plan för intern kontroll 2024");
    assert_eq!(row(s, 1).cells().len(), 1, "trailing empty fields dropped");
    assert!(row(s, 2).is_blank());
    assert_eq!(text(s, 3, 1), "Kontroll");
    assert_eq!(text(s, 4, 0), "Hot och våld; personal");
    assert_eq!(text(s, 4, 1), "Stickprov, två gånger");
    assert_eq!(paragraphs(&value(s, 5, 1)), vec!["Attest", "Avstämning"]);
    assert_eq!(text(s, 5, 2), "Ekonom");
}

#[test]
fn cp1252_semicolon_csv() {
    let src = read("quirks/cp1252_semicolon.csv");
    assert_eq!(src.format, Format::Csv);
    check_csv_table(&src);
}

#[test]
fn utf16_bom_csv() {
    let src = read("quirks/utf16_bom.csv");
    check_csv_table(&src);
}

#[test]
fn quoted_breaks_csv() {
    let src = read("quirks/quoted_breaks.csv");
    let s = &src.sheets[0];
    let lines: Vec<u32> = s.rows.iter().map(|r| r.line).collect();
    // Record 2 spans lines 2–3; line 4 is empty; record 3 starts on line 5.
    assert_eq!(lines, vec![1, 2, 4, 5]);
    assert_eq!(text(s, 2, 0), "Hot, våld");
    assert_eq!(paragraphs(&value(s, 2, 1)), vec!["Stickprov", "på enheten"]);
    assert!(row(s, 4).is_blank());
    assert_eq!(
        paragraphs(&value(s, 5, 1)),
        vec!["Avtal", "Kontroll av \"ramavtal\""]
    );
    // Cells stay text: normalization parses numbers and dates.
    assert!(matches!(value(s, 5, 2), Value::Text(_)));
}

#[test]
fn merged_table_docx() {
    let src = read("quirks/merged_table.docx");
    assert_eq!(src.format, Format::Docx);
    let s = &src.sheets[0];
    let prose: Vec<(u32, String, u8)> = s
        .rows
        .iter()
        .filter_map(|r| match &r.kind {
            RowKind::Text { text, heading } => Some((r.line, text.clone(), *heading)),
            RowKind::Cells(_) => None,
        })
        .collect();
    assert_eq!(
        prose,
        vec![
            (1, "Plan för intern kontroll 2024".to_string(), 1),
            // Paragraph 2 is empty: skipped, but counted.
            (3, "Datum".to_string(), 0),
            (3, "2024-03-21".to_string(), 0),
            (7, "Beslutad av nämnden".to_string(), 2),
        ]
    );
    assert_eq!(text(s, 4, 0), "Risk");
    assert_eq!(row(s, 4).cells().len(), 4);
    // Row 5: the risk cell has a bold lead; gridSpan=2 covers Kontroll and Metod.
    let Value::Text(risk) = value(s, 5, 0) else {
        panic!("risk is text")
    };
    assert_eq!(
        risk.bold_lead(),
        Some((
            "Hot och våld".to_string(),
            "Risk att personal utsätts\nför hot".to_string()
        ))
    );
    assert_eq!(text(s, 5, 1), "Kontroll av rutiner och uppföljning");
    assert!(!merged(s, 5, 1));
    assert_eq!(text(s, 5, 2), "Kontroll av rutiner och uppföljning");
    assert!(merged(s, 5, 2));
    assert_eq!(
        paragraphs(&value(s, 5, 3)),
        vec!["Enhetschef", "Controller"],
        "<w:br/> is a paragraph break"
    );
    // Row 6: vMerge continue copies the risk from above.
    assert_eq!(value(s, 6, 0), value(s, 5, 0));
    assert!(merged(s, 6, 0));
    assert_eq!(text(s, 6, 1), "Stickprov");
    assert!(!merged(s, 6, 1));
}

#[test]
fn truncated_xlsx() {
    let err = try_read("quirks/truncated.xlsx").unwrap_err();
    assert!(matches!(err, ReadError::Invalid { .. }), "{err:?}");
    assert!(err.to_string().starts_with("truncated.xlsx: "), "{err}");
}

#[test]
fn csv_text_xlsx() {
    // Not a zip: the content decides; text under a workbook's name is CSV Excel saved.
    let src = read("quirks/csv_text.xlsx");
    assert_eq!(src.format, Format::Csv);
    let first = src.sheets[0]
        .rows
        .iter()
        .find(|r| !r.cells().is_empty())
        .unwrap();
    assert!(
        first.cells().len() > 1,
        "the delimiter was sniffed: {first:?}"
    );
}

#[test]
fn really_xlsx_xls() {
    let src = read("quirks/really_xlsx.xls");
    assert_eq!(src.format, Format::Xlsx);
    assert_eq!(text(sheet(&src, "Plan"), 5, 0), "Felaktiga utbetalningar");
}

fn assert_too_large(rel: &str) {
    match try_read(rel) {
        Err(ReadError::TooLarge { file, reason }) => {
            assert!(rel.ends_with(&file), "{file}");
            assert!(!reason.is_empty());
        }
        other => panic!("{rel}: expected TooLarge, got {other:?}"),
    }
}

#[test]
fn zip_bomb_xlsx() {
    assert_too_large("quirks/zip_bomb.xlsx");
}

#[test]
fn xls_dimensions_bomb_xls() {
    // calamine itself would reserve 343 GB for this 5.6 KB file and abort the process.
    assert_too_large("quirks/xls_dimensions_bomb.xls");
}

#[test]
fn xls_far_cell_xls() {
    assert_too_large("quirks/xls_far_cell.xls");
}

#[test]
fn xls_sector_loop_xls() {
    // A loop in the compound file's sector chain: calamine alone grows to 7.8 GB in 10 s.
    let err = try_read("quirks/xls_sector_loop.xls").unwrap_err();
    assert!(matches!(err, ReadError::Invalid { .. }), "{err:?}");
}

#[test]
fn ods_repeat_bomb_ods() {
    // 805 bytes; calamine alone takes 6 GB and 20 s to unfold it.
    assert_too_large("quirks/ods_repeat_bomb.ods");
}

// ---------------------------------------------------------------------------------------
// fixtures/workbooks (hand-edited xlsx with what a user's file can hold)

/// Every cell of every file in fixtures/workbooks, as `file!sheet A1 value`, with `(merged)`
/// for a cell filled from a merge and `**…**` around bold runs.
#[test]
fn workbooks_read_as_their_snapshot() {
    let mut names: Vec<String> = std::fs::read_dir(fixture("workbooks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    names.sort();
    let mut out = String::new();
    for name in &names {
        let src = read(&format!("workbooks/{name}"));
        for s in &src.sheets {
            let sheet = s.name.as_deref().unwrap_or_default();
            out.push_str(&format!(
                "{name}!{sheet}{}\n",
                if s.hidden { " (dold)" } else { "" }
            ));
            for r in &s.rows {
                for (c, cell) in r.cells().iter().enumerate() {
                    if cell.value.is_empty() {
                        continue;
                    }
                    let shown = match &cell.value {
                        Value::Text(t) => format!(
                            "{:?}",
                            t.clone()
                                .into_paras()
                                .iter()
                                .map(|p| {
                                    p.runs
                                        .iter()
                                        .map(|run| match run.bold {
                                            true => format!("**{}**", run.text),
                                            false => run.text.clone(),
                                        })
                                        .collect::<String>()
                                })
                                .collect::<Vec<_>>()
                                .join("\n")
                        ),
                        other => format!("{other:?}"),
                    };
                    let merged = if cell.merged { " (merged)" } else { "" };
                    out.push_str(&format!(
                        "  {}{} {shown}{merged}\n",
                        ikplan::finding::col_name(c),
                        r.line
                    ));
                }
            }
        }
    }
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------------------
// fixtures/office-made (Excel and LibreOffice files from calamine's tests)

#[test]
fn office_made_every_file_reads_without_panic() {
    let dir = fixture("office-made");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".md") {
            continue;
        }
        n += 1;
        let result = read_bytes(&std::fs::read(&path).unwrap(), &name);
        if name.starts_with("pass_protected") {
            assert!(matches!(result, Err(ReadError::Encrypted { .. })), "{name}");
        } else {
            let src = result.unwrap_or_else(|e| panic!("{e}"));
            assert!(!src.sheets.is_empty(), "{name}");
        }
    }
    assert_eq!(n, 22);
}

#[test]
fn merge_cells_xlsx() {
    let src = read("office-made/merge_cells.xlsx");
    let s = sheet(&src, "Sheet1");
    assert_eq!(text(s, 1, 1), "Row Merge");
    assert!(merged(s, 1, 1));
    assert_eq!(text(s, 1, 2), "Not Merged");
    assert!(!merged(s, 1, 2));
    assert_eq!(text(s, 4, 0), "Column Merge");
    assert!(merged(s, 4, 0));
    assert_eq!(text(s, 4, 3), "Chunk Merged");
    assert!(merged(s, 4, 3));
}

#[test]
fn merge_cells_xls() {
    // The BIFF8 file of the same workbook gives the same grid.
    let xls = read("office-made/merge_cells.xls");
    let xlsx = read("office-made/merge_cells.xlsx");
    assert_eq!(grid(&xls.sheets[0]), grid(&xlsx.sheets[0]));
}

/// Every cell as (plain text, merged), row by row.
fn grid(s: &Sheet) -> Vec<(u32, Vec<(String, bool)>)> {
    s.rows
        .iter()
        .map(|r| {
            (
                r.line,
                r.cells()
                    .iter()
                    .map(|c| (c.value.plain(), c.merged))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn merged_range_xlsx() {
    let src = read("office-made/merged_range.xlsx");
    let s = sheet(&src, "Sheet2");
    // A1:A4, C1:D2, C3:D4, F1:H4
    for line in 2..=4 {
        assert_eq!(text(s, line, 0), "A1");
        assert!(merged(s, line, 0));
    }
    assert_eq!(text(s, 2, 3), "C1");
    assert_eq!(text(s, 4, 2), "C3");
    assert_eq!(text(s, 4, 7), "F1");
    assert!(merged(s, 4, 7));
    assert_eq!(text(s, 3, 1), "B3");
    assert!(!merged(s, 3, 1));
    let xls = read("office-made/merged_range.xls");
    assert_eq!(grid(sheet(&xls, "Sheet2")), grid(s));
}

#[test]
fn merged_cells_ods() {
    let src = read("office-made/merged_cells.ods");
    let s = sheet(&src, "Sheet1");
    // A2:A3 (table:number-rows-spanned="2"), which calamine does not report.
    assert_eq!(text(s, 3, 0), "A");
    assert!(merged(s, 3, 0));
    assert!(!merged(s, 2, 0));
    assert_eq!(text(s, 3, 1), "");
    assert_eq!(text(s, 3, 2), "C");
}

#[test]
fn covered_ods() {
    // A2:A3 merged, but the covered cell A3 still holds its own (hidden) text: it is kept.
    let src = read("office-made/covered.ods");
    let s = &src.sheets[0];
    assert_eq!(text(s, 2, 0), "a2");
    assert_eq!(text(s, 3, 0), "a3");
    assert!(!merged(s, 3, 0));
}

#[test]
fn date_xls() {
    let src = read("office-made/date.xls");
    let s = &src.sheets[0];
    assert_eq!(value(s, 1, 0), date(2021, 1, 1));
    assert_eq!(value(s, 2, 0), date(2021, 1, 2));
    // A duration format ([h]:mm:ss) is not a date.
    assert_eq!(text(s, 3, 0), "255:10:10");
    assert_eq!(value(s, 1, 1), Value::Number(15.0));
}

#[test]
fn date_xlsb() {
    let src = read("office-made/date.xlsb");
    assert_eq!(src.format, Format::Xlsb);
    let s = &src.sheets[0];
    assert_eq!(value(s, 1, 0), date(2021, 1, 1));
    assert_eq!(value(s, 2, 0), date(2021, 1, 2));
    assert_eq!(text(s, 3, 0), "255:10:10");
}

#[test]
fn date_ods() {
    let src = read("office-made/date.ods");
    let s = &src.sheets[0];
    assert_eq!(value(s, 1, 0), date(2021, 1, 1));
    // office:date-value="2021-01-01T10:10:10": the date.
    assert_eq!(value(s, 2, 0), date(2021, 1, 1));
    // office:time-value="PT10H10M10S".
    assert_eq!(text(s, 3, 0), "10:10:10");
}

#[test]
fn date_iso_xlsx() {
    let src = read("office-made/date_iso.xlsx");
    let s = &src.sheets[0];
    assert_eq!(value(s, 1, 0), date(2021, 1, 1));
    assert_eq!(value(s, 2, 0), date(2021, 1, 1));
}

#[test]
fn errors_xlsx() {
    let src = read("office-made/errors.xlsx");
    let s = sheet(&src, "Feuil1");
    let errors: Vec<Value> = (1..=7).map(|l| value(s, l, 0)).collect();
    let expected: Vec<Value> = [
        "#DIV/0!", "#NAME?", "#VALUE!", "#NULL!", "#REF!", "#NUM!", "#N/A",
    ]
    .iter()
    .map(|&e| Value::Error(e.into()))
    .collect();
    assert_eq!(errors, expected);
}

#[test]
fn header_row_xlsx() {
    let src = read("office-made/header-row.xlsx");
    let s = &src.sheets[0];
    assert!(row(s, 1).is_blank() && row(s, 2).is_blank());
    assert_eq!(text(s, 3, 2), "Note 1");
    assert_eq!(text(s, 9, 0), "Columns");
    assert_eq!(text(s, 9, 3), "Column C");
    assert_eq!(value(s, 10, 1), Value::Number(1.0));
}

#[test]
fn richtext_after_plain_xlsx() {
    let src = read("office-made/richtext-after-plain.xlsx");
    let s = sheet(&src, "Sheet1");
    // Rich-text runs are joined into one text ("<t>tval</t><r>rval1</r><r>rval2</r>").
    assert_eq!(text(s, 1, 0), "abcd");
    assert_eq!(text(s, 1, 3), "abcd");
    assert_eq!(text(s, 2, 0), "tvalrval1rval2");
}

#[test]
fn has_x000d_xlsx() {
    let src = read("office-made/has_x000D_.xlsx");
    let v = value(&src.sheets[0], 1, 0);
    assert_eq!(paragraphs(&v), vec!["ABC", "DEF"]);
    assert!(!v.plain().contains("_x000D_") && !v.plain().contains('\r'));
}

#[test]
fn any_sheets_xlsx() {
    let src = read("office-made/any_sheets.xlsx");
    let names: Vec<(&str, bool)> = src
        .sheets
        .iter()
        .map(|s| (s.name.as_deref().unwrap(), s.hidden))
        .collect();
    // Visible, hidden and very hidden sheets are read; the chart sheet is skipped.
    assert_eq!(
        names,
        vec![("Visible", false), ("Hidden", true), ("VeryHidden", true)]
    );
    let s = sheet(&src, "Visible");
    assert_eq!(value(s, 3, 1), Value::Number(6.0));
}

#[test]
fn pass_protected_xlsx() {
    let err = try_read("office-made/pass_protected.xlsx").unwrap_err();
    assert!(matches!(err, ReadError::Encrypted { .. }), "{err:?}");
    assert!(err.to_string().contains("lösenordsskyddad"));
}

#[test]
fn pass_protected_xlsb() {
    let err = try_read("office-made/pass_protected.xlsb").unwrap_err();
    assert!(matches!(err, ReadError::Encrypted { .. }), "{err:?}");
}

#[test]
fn pass_protected_ods() {
    let err = try_read("office-made/pass_protected.ods").unwrap_err();
    assert!(matches!(err, ReadError::Encrypted { .. }), "{err:?}");
}

#[test]
fn issues_xlsx_xlsb_ods_xls() {
    for f in ["issues.xlsx", "issues.xlsb", "issues.ods", "issues.xls"] {
        let src = read(&format!("office-made/{f}"));
        assert!(src.sheets.len() >= 5, "{f}");
    }
}

// ---------------------------------------------------------------------------------------
// fixtures/formats (the seeds saved by LibreOffice 7.4)

const SEEDS: [&str; 4] = [
    "000_84152a127077ff70",
    "001_95fb6c4a13f639a0",
    "002_8a63876615782a7f",
    "003_12e58b92ca394d76",
];

#[test]
fn formats_xlsx_xls_ods_give_the_same_grid() {
    for seed in SEEDS {
        let xlsx = read(&format!("formats/{seed}.xlsx"));
        let xls = read(&format!("formats/{seed}.xls"));
        let ods = read(&format!("formats/{seed}.ods"));
        assert_eq!(xlsx.format, Format::Xlsx);
        assert_eq!(xls.format, Format::Xls);
        assert_eq!(ods.format, Format::Ods);
        let g = grid(sheet(&xlsx, "Sheet1"));
        assert_eq!(grid(sheet(&xls, "Sheet1")), g, "{seed} xls");
        assert_eq!(grid(sheet(&ods, "Sheet1")), g, "{seed} ods");
    }
}

#[test]
fn formats_001_xlsx() {
    let src = read("formats/001_95fb6c4a13f639a0.xlsx");
    let s = sheet(&src, "Sheet1");
    assert_eq!(s.rows.len(), 23, "used range A1:I23");
    assert_eq!(text(s, 4, 0), "Riskanalys");
    // rowspan=2 saved as the merge A9:A10.
    assert!(merged(s, 10, 0));
    assert_eq!(text(s, 10, 0), text(s, 9, 0));
    // Dates are date cells.
    assert!(
        row(s, 14)
            .cells()
            .iter()
            .any(|c| c.value == date(2021, 1, 1))
    );
}

#[test]
fn formats_001_docx() {
    let src = read("formats/001_95fb6c4a13f639a0.docx");
    let s = &src.sheets[0];
    assert_eq!(heading(row(s, 1)), Some(1));
    assert_eq!(text(s, 4, 0), "Riskanalys");
    assert!(merged(s, 10, 0));
    assert_eq!(text(s, 10, 0), text(s, 9, 0));
    assert_eq!(text(s, 14, 1), "12", "Word has no numbers: text");
}

fn heading(r: &Row) -> Option<u8> {
    match &r.kind {
        RowKind::Text { heading, .. } => Some(*heading),
        RowKind::Cells(_) => None,
    }
}

/// Non-blank rows as plain cells, trailing empty cells dropped; merged copies blanked (a
/// CSV holds a merged value once).
fn records(s: &Sheet) -> Vec<Vec<String>> {
    s.rows
        .iter()
        .filter(|r| !r.is_blank())
        .map(|r| {
            let mut cells: Vec<String> = r
                .cells()
                .iter()
                .map(|c| {
                    if c.merged {
                        String::new()
                    } else {
                        c.value.plain()
                    }
                })
                .collect();
            while cells.last().is_some_and(|c| c.is_empty()) {
                cells.pop();
            }
            cells
        })
        .collect()
}

#[test]
fn formats_csv_equal_the_first_rows_of_the_xlsx() {
    for seed in SEEDS {
        let xlsx = records(&read(&format!("formats/{seed}.xlsx")).sheets[0]);
        let utf16 = read(&format!("formats/{seed}.utf16.csv"));
        let cp1252 = read(&format!("formats/{seed}.cp1252.csv"));
        assert_eq!(utf16.format, Format::Csv);
        let u = records(&utf16.sheets[0]);
        assert_eq!(u, xlsx[..u.len()], "{seed} utf16");
        // Windows-1252 has no ✔ ▶ ◆: Excel writes "?".
        let lossy: Vec<Vec<String>> = u
            .iter()
            .map(|r| r.iter().map(|c| c.replace(['✔', '▶', '◆'], "?")).collect())
            .collect();
        assert_eq!(records(&cp1252.sheets[0]), lossy, "{seed} cp1252");
    }
}

#[test]
fn formats_every_file_reads() {
    for entry in std::fs::read_dir(fixture("formats")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("xlsx" | "xls" | "ods" | "docx" | "csv")
        ) {
            continue;
        }
        let src =
            read_bytes(&std::fs::read(&path).unwrap(), &name).unwrap_or_else(|e| panic!("{e}"));
        assert!(src.sheets.iter().any(|s| !s.rows.is_empty()), "{name}");
    }
}
