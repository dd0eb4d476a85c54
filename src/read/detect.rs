//! Format detection by content (the file name is only a hint) and text decoding.

use super::{Format, ReadError, Sheet};

/// Upper bound on the bytes of one input file; larger files are refused with a clear error.
pub const MAX_FILE_BYTES: usize = 512 * 1024 * 1024;

/// Upper bound on the bytes of a text or CSV input. Text is read line by line against the
/// header vocabulary, a few seconds a megabyte for lines that are no table: a plan as text
/// or CSV is well under one MiB (the largest export seen is a few), so a larger one is
/// garbage or a log and is refused at once rather than read for minutes.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// A short Swedish reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    #[cfg(unix)]
    if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
        return "länkar som pekar på varandra i en slinga".to_string();
    }
    match e.kind() {
        NotFound => "filen finns inte".to_string(),
        PermissionDenied => "behörighet saknas".to_string(),
        IsADirectory => "är en mapp".to_string(),
        // A folder on the way replaced by a file since the walk.
        NotADirectory => "en mapp på vägen är inte längre en mapp".to_string(),
        StorageFull => "disken är full".to_string(),
        ReadOnlyFilesystem => "filsystemet är skrivskyddat".to_string(),
        InvalidFilename => "namnet är för långt eller ogiltigt".to_string(),
        _ => e.to_string(),
    }
}

fn extension(name: &str) -> String {
    std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Decides the format of a file from its bytes, using the name's extension only to choose
/// between formats that look alike (xlsx/xlsm, csv/tsv/text).
pub fn detect(bytes: &[u8], name: &str) -> Result<Format, ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            file: name.to_string(),
            reason: format!("{} byte", bytes.len()),
        });
    }
    let ext = extension(name);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return detect_zip(bytes, name, &ext);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // OLE compound file: a BIFF workbook, or an encrypted OOXML package.
        if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
            return Err(ReadError::Encrypted {
                file: name.to_string(),
            });
        }
        if ext == "doc" {
            return Err(ReadError::invalid(
                name,
                "gamla Word-filer (.doc) kan inte läsas; spara som .docx",
            ));
        }
        return Ok(Format::Xls);
    }
    if bytes.starts_with(b"%PDF-") {
        return Err(ReadError::invalid(
            name,
            "PDF-filer kan inte läsas; kopiera texten ur PDF-filen till en textfil (.txt)",
        ));
    }
    if looks_binary(bytes) || (claims_binary(&ext) && !plainly_text(bytes)) {
        return Err(ReadError::invalid(
            name,
            "filen är binär och inte en arbetsbok, CSV, text eller Word-fil som kan läsas",
        ));
    }
    if super::html::looks_like_html(bytes) {
        // A web page saved under a workbook's name (old Excel, planning systems) or as .htm.
        return Ok(Format::Html);
    }
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(ReadError::TooLarge {
            file: name.to_string(),
            reason: format!(
                "{} MiB text; text och CSV över {} MiB läses inte, en plan som text är sällan \
                 över en MiB",
                bytes.len() >> 20,
                MAX_TEXT_BYTES >> 20
            ),
        });
    }
    Ok(match ext.as_str() {
        "csv" => Format::Csv,
        "tsv" | "tab" => Format::Tsv,
        // Text under a workbook's name is CSV that Excel saved (or a user renamed).
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Format::Csv,
        _ => Format::Text,
    })
}

fn detect_zip(bytes: &[u8], name: &str, ext: &str) -> Result<Format, ReadError> {
    let reader = std::io::Cursor::new(bytes);
    let archive = zip::ZipArchive::new(reader).map_err(|e| {
        ReadError::invalid(
            name,
            format!(
                "filen ser ut som en zip-fil (xlsx/docx/ods) men är trasig eller avkortad ({e})"
            ),
        )
    })?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("xl/workbook.xml") {
        if has("xl/vbaProject.bin") || ext == "xlsm" {
            return Ok(Format::Xlsm);
        }
        return Ok(Format::Xlsx);
    }
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if has("word/document.xml") {
        return Ok(Format::Docx);
    }
    if has("content.xml") {
        // An OpenDocument package says what it holds in its first entry, `mimetype`: a
        // Writer or Impress document is no workbook, whatever its name.
        let mut archive = archive;
        let mut mime = String::new();
        if let Ok(mut entry) = archive.by_name("mimetype") {
            use std::io::Read;
            let _ = (&mut entry).take(200).read_to_string(&mut mime);
        }
        let mime = mime.trim();
        if mime.starts_with("application/vnd.oasis.opendocument.")
            && !mime.starts_with("application/vnd.oasis.opendocument.spreadsheet")
        {
            let hint = if mime.starts_with("application/vnd.oasis.opendocument.text") {
                "OpenDocument-text (.odt) kan inte läsas; spara dokumentet som Word (.docx) i LibreOffice"
            } else {
                "filen är ett OpenDocument-dokument men inget kalkylark (.ods) och kan inte läsas"
            };
            return Err(ReadError::invalid(name, hint));
        }
        return Ok(Format::Ods);
    }
    Err(ReadError::invalid(
        name,
        "zip-filen innehåller varken en arbetsbok (xlsx, ods) eller ett Word-dokument (docx)",
    ))
}

/// Whether a name says the file is a binary format (a workbook, a Word document, a PDF):
/// text under such a name is read only when it is plainly text (see [`plainly_text`]).
fn claims_binary(ext: &str) -> bool {
    matches!(
        ext,
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "docx" | "doc" | "pdf"
    )
}

/// Whether bytes are plainly text: UTF-16 with a BOM, or no NUL, almost no control
/// characters, and either UTF-8 or few bytes above ASCII (Windows-1252 text is mostly
/// ASCII). Random bytes are none of these.
fn plainly_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if ctrl * 100 > sample.len() {
        return false;
    }
    let utf8 = match std::str::from_utf8(sample) {
        Ok(_) => true,
        // A sample cut inside a character is still UTF-8.
        Err(e) => e.error_len().is_none(),
    };
    let high = sample.iter().filter(|&&b| b >= 0x80).count();
    utf8 || high * 5 < sample.len()
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pat: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(pat.len()).any(|w| w == pat.as_slice())
}

/// Whether bytes are binary rather than text in some encoding: NUL bytes outside UTF-16, or
/// many control characters.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    if nul > 0 {
        // UTF-16 without BOM has NULs in every other byte; accept it as text.
        let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        let half = sample.len() / 2;
        let utf16 = (odd * 10 > half * 9 && even == 0) || (even * 10 > half * 9 && odd == 0);
        if utf16 {
            return false;
        }
        // A stray NUL in a text file (a bad export) does not make it binary; many NULs,
        // or NULs among control characters (random bytes), do.
        if nul * 50 > sample.len() {
            return true;
        }
    }
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    ctrl * 20 > sample.len()
}

/// Decodes text: UTF-8 (with or without BOM), UTF-16 with BOM (or recognisably without), and
/// otherwise Windows-1252, which Swedish Excel still writes. A UTF-8 file with some lines
/// in Windows-1252 (rows pasted from an older export) is decoded line by line, so one such
/// line does not turn every "ö" of the rest into "Ã¶". A UTF-16 BOM before a body with no
/// NUL (8-bit text after all) is taken as a stray BOM, and NULs never reach a value.
pub fn decode(bytes: &[u8]) -> String {
    let mut text = decode_raw(bytes);
    if text.contains('\0') {
        text.retain(|c| c != '\0');
    }
    text
}

fn decode_raw(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        let sixteen = enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE;
        if !(sixteen && body.len() >= 4 && !body[..body.len().min(4096)].contains(&0)) {
            let (s, _) = enc.decode_without_bom_handling(body);
            return s.into_owned();
        }
        // A UTF-16 BOM before 8-bit text: the body decides.
        return decode_8bit(body);
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let half = sample.len() / 2;
    // UTF-16 without BOM: NUL in (nearly) every other byte, not a stray NUL in text.
    if bytes.len() >= 4 && (odd_nul * 10 > half * 9 || even_nul * 10 > half * 9) {
        let enc = if odd_nul >= even_nul {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (s, _) = enc.decode_without_bom_handling(bytes);
        return s.into_owned();
    }
    decode_8bit(bytes)
}

/// UTF-8, or Windows-1252, or, for UTF-8 with some lines that are not, line by line.
fn decode_8bit(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    // Lines that are UTF-8 with letters beyond ASCII say the file is UTF-8; the lines
    // that are not are then Windows-1252 rows within it.
    let utf8_lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_ascii() && std::str::from_utf8(l).is_ok())
        .count();
    let other_lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| std::str::from_utf8(l).is_err())
        .count();
    if utf8_lines == 0 || utf8_lines < other_lines {
        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        return s.into_owned();
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match std::str::from_utf8(line) {
            Ok(s) => out.push_str(s),
            Err(_) => {
                let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(line);
                out.push_str(&s);
            }
        }
    }
    out
}

/// Reads the formats other than plain text: workbooks, CSV/TSV and Word documents.
///
/// # Errors
/// See [`super::workbook::read`], [`super::csv::read`] and [`super::docx::read`].
pub fn read_other(format: Format, bytes: &[u8], name: &str) -> Result<Vec<Sheet>, ReadError> {
    match format {
        Format::Xlsx | Format::Xlsm | Format::Xlsb | Format::Xls | Format::Ods | Format::Ikplan => {
            super::workbook::read(format, bytes, name)
        }
        Format::Csv | Format::Tsv => super::csv::read(format, bytes, name),
        Format::Docx => super::workbook::guarded(name, || super::docx::read(bytes, name)),
        Format::Html => super::html::read(bytes, name),
        Format::Text => super::text::read(bytes, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cp1252_line_in_utf8_is_decoded_on_its_own() {
        let mut bytes = "Risk;Kontroll\nFörskingring;Stickprov\n"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"Mutor;Granskning av \xf6verenskommelser\n");
        let text = decode(&bytes);
        assert!(text.contains("Förskingring"), "{text}");
        assert!(text.contains("överenskommelser"), "{text}");
    }

    #[test]
    fn cp1252_alone_is_cp1252() {
        assert_eq!(
            decode(b"F\xf6rskingring\n\xc5tg\xe4rd\n"),
            "Förskingring\nÅtgärd\n"
        );
    }

    #[test]
    fn a_bom_that_contradicts_the_body_leaves_no_nul() {
        // A UTF-16 BOM before UTF-8 text.
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend_from_slice("Risk;Kontroll\nFörskingring;Stickprov\n".as_bytes());
        assert_eq!(decode(&bytes), "Risk;Kontroll\nFörskingring;Stickprov\n");
        // A UTF-8 BOM before UTF-16 text.
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(
            "Risk;Kontroll\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        let text = decode(&bytes);
        assert!(!text.contains('\0'), "{text:?}");
        assert_eq!(text, "Risk;Kontroll\n");
    }

    /// A zip with `content.xml` and the given `mimetype`.
    fn open_document(mime: &str) -> Vec<u8> {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("mimetype", opts).unwrap();
        zip.write_all(mime.as_bytes()).unwrap();
        zip.start_file("content.xml", opts).unwrap();
        zip.write_all(b"<office:document-content/>").unwrap();
        zip.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn an_opendocument_text_is_refused_by_name_with_advice() {
        let odt = open_document("application/vnd.oasis.opendocument.text");
        for name in ["plan.odt", "plan.ods"] {
            let err = detect(&odt, name).unwrap_err().to_string();
            assert!(err.contains(name) && err.contains(".docx"), "{err}");
        }
        let ods = open_document("application/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(detect(&ods, "plan.ods").unwrap(), Format::Ods);
    }

    #[test]
    fn random_bytes_under_a_workbook_name_are_binary() {
        let mut x = 7u64;
        let bytes: Vec<u8> = (0..20_000)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                (x >> 33) as u8
            })
            .collect();
        for name in ["a.xlsx", "a.docx", "a.pdf", "a.csv"] {
            assert!(detect(&bytes, name).is_err(), "{name}");
        }
        assert_eq!(
            detect("Risk;Kontroll\n".as_bytes(), "a.xlsx").unwrap(),
            Format::Csv
        );
    }
}
