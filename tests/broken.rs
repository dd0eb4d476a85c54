//! Hostile and broken input made on the fly: each gives a correct read or a clear one-line
//! Swedish error naming the file (exit 2), never a panic. (Files that need an office program
//! live in fixtures/quirks and are tested in formats_read.rs.)

mod common;

use std::io::Write;
use std::process::Command;

use common::bin;

/// Runs convert on one file written into a temp dir; returns (exit code, stderr, JSON).
fn convert(name: &str, bytes: &[u8]) -> (i32, String, Option<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let out = Command::new(bin())
        .args(["convert", name, "-o", "ut.json", "-q"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    let json = std::fs::read(dir.path().join("ut.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    (out.status.code().unwrap_or(-1), stderr, json)
}

/// The one risk "Hot", with the value of column XFD kept in its control's extra.
fn assert_last_column_kept(json: &serde_json::Value) {
    assert_eq!(risks(json), vec!["Hot"]);
    let extra = &json["dokument"][0]["risker"][0]["kontroller"][0]["extra"];
    assert_eq!(extra["Kolumn XFD"], "sista", "{extra}");
}

/// The first control's text is whole: `len` bytes.
fn assert_first_control_len(json: &serde_json::Value, len: usize) {
    let k = json["dokument"][0]["risker"][0]["kontroller"][0]["kontroll"]
        .as_str()
        .unwrap();
    assert_eq!(k.len(), len);
}

fn risks(json: &serde_json::Value) -> Vec<String> {
    json["dokument"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["risker"].as_array().cloned().unwrap_or_default())
        .map(|r| r["riskomrade"].as_str().unwrap_or_default().to_string())
        .collect()
}

const PLAN: &str = "Internkontrollplan 2024\n\nRiskområde\tKontroll\tAnsvarig\nHot\tGranskning\tChef\nBrand\tÖvning\tChef\n";

#[test]
fn nul_bytes_and_mixed_line_endings_in_text() {
    let text = PLAN
        .replace("Hot\t", "H\0ot\t")
        .replace('\n', "\r\n")
        .replacen("\r\n", "\r", 2);
    let (code, err, json) = convert("plan.txt", text.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert_eq!(risks(&json.unwrap()), vec!["Hot", "Brand"]);
}

#[test]
fn invalid_utf8_is_read_as_windows_1252() {
    let mut bytes = PLAN.replace("Brand", "Br\u{e4}nd").into_bytes();
    // Replace the UTF-8 "ä" (C3 A4) by Windows-1252 E4 so the file is not valid UTF-8.
    let at = bytes.windows(2).position(|w| w == [0xC3, 0xA4]).unwrap();
    bytes.splice(at..at + 2, [0xE4]);
    let (code, err, json) = convert("plan.txt", &bytes);
    assert_eq!(code, 0, "{err}");
    assert_eq!(risks(&json.unwrap()), vec!["Hot", "Bränd"]);
}

#[test]
fn sixteen_thousand_columns() {
    // Excel's widest sheet: a value in the last column (XFD) is kept in extra.
    let mut csv = String::from("Riskområde;Kontroll");
    csv.push_str(&";".repeat(16_382));
    csv.push_str("\nHot;Granskning");
    csv.push_str(&";".repeat(16_382));
    csv.push_str("sista\n");
    let (code, err, json) = convert("bred.csv", csv.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert_last_column_kept(&json.unwrap());
}

#[test]
fn a_million_empty_rows() {
    let mut csv = String::from("Riskområde;Kontroll\nHot;Granskning\n");
    csv.push_str(&"\n".repeat(1_000_000));
    csv.push_str("Brand;Övning\n");
    let (code, err, json) = convert("tom.csv", csv.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert_eq!(risks(&json.unwrap()), vec!["Hot", "Brand"]);
}

#[test]
fn a_ten_megabyte_cell_is_kept_whole_in_json_and_cut_in_the_workbook() {
    let big = "lång text ".repeat(1_000_000);
    let text = format!("Riskområde\tKontroll\nHot\t{big}\n");
    let (code, err, json) = convert("stor.txt", text.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert_first_control_len(&json.unwrap(), big.trim_end().len());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("stor.txt"), text).unwrap();
    let st = Command::new(bin())
        .args(["convert", "stor.txt", "-o", "ut.xlsx", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(
        st.success(),
        "the workbook is written with the cell cut to Excel's limit"
    );
}

#[test]
fn deeply_nested_docx_xml_is_refused_clearly() {
    let mut doc = String::from(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
    );
    for _ in 0..5_000 {
        doc.push_str("<w:tbl><w:tr><w:tc>");
    }
    doc.push_str("</w:body></w:document>");
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("word/document.xml", o).unwrap();
        z.write_all(doc.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    let (code, err, _) = convert("djup.docx", &buf.into_inner());
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("fel:")).count(),
        1,
        "{err}"
    );
    assert!(err.contains("djup.docx"), "{err}");
}

/// A minimal xlsx package around one sheet's XML (inline strings, no shared strings), the
/// way a script or a small tool writes one.
fn xlsx_with_sheet(sheet_xml: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, body) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    zip.write_all(
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_xml}</sheetData></worksheet>"#
        )
        .as_bytes(),
    )
    .unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

const XLSX_HEADER: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Riskområde</t></is></c><c r="B1" t="inlineStr"><is><t>Kontroll</t></is></c></row>"#;

#[test]
fn a_zero_byte_xlsx_is_one_line_naming_the_file() {
    let (code, err, _) = convert("tom.xlsx", b"");
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.trim_end(), "fel: tom.xlsx: filen är tom");
}

#[test]
fn an_xlsx_with_a_ten_megabyte_cell_keeps_it_whole() {
    let big = "lång text ".repeat(1_000_000);
    let sheet = format!(
        r#"{XLSX_HEADER}<row r="2">{}{}</row>"#,
        inline("A2", "Hot"),
        inline("B2", big.trim_end())
    );
    let (code, err, json) = convert("stor.xlsx", &xlsx_with_sheet(&sheet));
    assert_eq!(code, 0, "{err}");
    assert_first_control_len(&json.unwrap(), big.trim_end().len());
}

#[test]
fn an_xlsx_with_a_value_in_column_xfd_keeps_it_in_extra() {
    let sheet = format!(
        r#"{XLSX_HEADER}<row r="2">{}{}{}</row>"#,
        inline("A2", "Hot"),
        inline("B2", "Granskning"),
        inline("XFD2", "sista")
    );
    let (code, err, json) = convert("bred.xlsx", &xlsx_with_sheet(&sheet));
    assert_eq!(code, 0, "{err}");
    assert_last_column_kept(&json.unwrap());
}

#[test]
fn an_xlsx_with_a_million_empty_rows_between_two_risks() {
    let sheet = format!(
        r#"{XLSX_HEADER}<row r="2">{}{}</row><row r="1000002">{}{}</row>"#,
        inline("A2", "Hot"),
        inline("B2", "Granskning"),
        inline("A1000002", "Brand"),
        inline("B1000002", "Övning")
    );
    let (code, err, json) = convert("glest.xlsx", &xlsx_with_sheet(&sheet));
    assert_eq!(code, 0, "{err}");
    assert_eq!(risks(&json.unwrap()), vec!["Hot", "Brand"]);
}

#[test]
fn an_xlsx_with_a_cell_past_excels_last_row_is_refused_clearly() {
    // Two million rows plus a cell exceed the cells-plus-rows limit of one sheet.
    let sheet = format!(
        r#"{XLSX_HEADER}<row r="2500000">{}</row>"#,
        inline("A2500000", "x")
    );
    let (code, err, _) = convert("lang.xlsx", &xlsx_with_sheet(&sheet));
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("fel: lang.xlsx: "), "{err}");
}

/// An "Excel" file that is a web page (old Excel versions and planning systems save one):
/// its table is read, with the title above it, a `rowspan` and entities.
#[test]
fn an_xls_that_is_a_web_page_is_read_as_its_table() {
    let html = "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head><meta \
                charset=\"utf-8\"><style>td {mso-number-format:\\@;}</style></head><body>\
                <p>Internkontrollplan 2024</p><table border=1>\
                <tr><th>Riskomr&aring;de</th><th>Kontroll</th><th>Ansvarig</th></tr>\
                <tr><td rowspan=\"2\">Hot &amp; v&#229;ld</td><td>Granskning</td><td>Chef</td></tr>\
                <tr><td>Övning</td><td>Chef</td></tr>\
                <tr><td>Brand</td><td>Utrymning<br>och larm</td><td>Chef</td></tr>\
                </table></body></html>";
    let (code, err, json) = convert("plan.xls", html.as_bytes());
    assert_eq!(code, 0, "{err}");
    let json = json.unwrap();
    assert_eq!(risks(&json), vec!["Hot & våld", "Brand"]);
    assert_eq!(json["dokument"][0]["kalla_format"], "html");
    assert_eq!(json["dokument"][0]["ar"], 2024);
    let controls: Vec<&str> = json["dokument"][0]["risker"][0]["kontroller"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kontroll"].as_str().unwrap())
        .collect();
    assert_eq!(controls, vec!["Granskning", "Övning"]);
}

/// A large text file is refused at once from its size, with a one-line error naming it,
/// rather than read line by line for minutes; the other files of the batch are converted.
#[test]
fn a_text_file_of_garbage_over_the_text_limit_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let line = "qZ3xw9Lk0pR7mVb2Yt8sNc4Hd6Jf1Ga5Ue0Io9Py2Tr7Ew3Qa8Sd1Fg6Hj4Kl\n";
    let garbage = line.repeat((ikplan::read::detect::MAX_TEXT_BYTES / line.len()) + 1);
    std::fs::write(dir.path().join("skrap.txt"), garbage).unwrap();
    std::fs::write(dir.path().join("plan.txt"), PLAN).unwrap();
    let start = std::time::Instant::now();
    let out = Command::new(bin())
        .args(["convert", "skrap.txt", "plan.txt", "-o", "ut.json", "-q"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("fel: skrap.txt: filen är för stor"),
        "{stderr}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("ut.json")).unwrap()).unwrap();
    assert_eq!(risks(&json), vec!["Hot", "Brand"]);
}

/// A workbook of instructions only: IK108, and `inspect` says that no row looks like a
/// header row (rather than nothing); a finding without a place has no empty ": " before it.
#[test]
fn inspect_says_when_no_row_looks_like_a_header() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "Instruktioner\n\nFyll i planen i bladet Plan.\nKontakta ekonomienheten vid frågor.\n";
    std::fs::write(dir.path().join("instruktioner.txt"), text).unwrap();
    let out = Command::new(bin())
        .args(["inspect", "instruktioner.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Ingen tabell hittades."), "{stdout}");
    assert!(stdout.contains("Ingen rad liknar en rubrikrad"), "{stdout}");
    assert!(stdout.contains("\n  IK108 varning: "), "{stdout}");
}

/// IK117: a sheet of formulas that a script wrote without computing them reads as blank;
/// the finding names the sheet, the first formula's cell and the count. The same sheet
/// with the values computed (as Excel saves it) reads as a plan, without IK117.
#[test]
fn ik117_formulas_without_computed_values() {
    let formulas = |value: bool| -> String {
        let cell = |r: &str, f: &str, v: &str| {
            if value {
                format!(r#"<c r="{r}" t="str"><f>{f}</f><v>{v}</v></c>"#)
            } else {
                format!(r#"<c r="{r}"><f>{f}</f></c>"#)
            }
        };
        format!(
            r#"<row r="2">{}{}</row><row r="3">{}{}</row>"#,
            cell("B2", "Underlag!A1", "Riskområde"),
            cell("C2", "Underlag!B1", "Kontroll"),
            cell("B3", "Underlag!A2", "Hot"),
            cell("C3", "Underlag!B2", "Granskning"),
        )
    };
    let (code, err, json) = convert("skript.xlsx", &xlsx_with_sheet(&formulas(false)));
    assert_eq!(code, 0, "{err}");
    let json = json.unwrap();
    let found: Vec<&serde_json::Value> = json["anmarkningar"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kod"] == "IK117")
        .collect();
    assert_eq!(found.len(), 1, "{json}");
    assert_eq!(found[0]["blad"], "Plan");
    assert_eq!(found[0]["cell"], "B2");
    assert_eq!(found[0]["allvarlighet"], "varning");
    let message = found[0]["meddelande"].as_str().unwrap();
    assert!(message.starts_with("Bladet har 4 formler"), "{message}");
    assert!(message.contains("=Underlag!A1"), "{message}");

    let (code, err, json) = convert("räknad.xlsx", &xlsx_with_sheet(&formulas(true)));
    assert_eq!(code, 0, "{err}");
    let json = json.unwrap();
    assert_eq!(risks(&json), vec!["Hot"]);
    assert!(
        !json["anmarkningar"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kod"] == "IK117"),
        "{json}"
    );
}
