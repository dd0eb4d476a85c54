//! Benchmark corpus generator: from the bundled fixtures, N documents with varied layouts,
//! sizes and formats, a kommun-wide plan of 10,000 control rows (`medium.xlsx`), and one
//! large workbook of 100,000 (`large.xlsx`).
//!
//! ```sh
//! cargo run --release --example gen_corpus -- OUT_DIR [N] [LARGE_ROWS]
//! ```
//! Deterministic: the same arguments give the same files.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A tiny deterministic generator (xorshift) so the corpus needs no crate and never varies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const RISKS: &[&str] = &[
    "Hot och otillbörlig påverkan",
    "Kompetensförsörjning",
    "IT-säkerhet",
    "Inköp och upphandling",
    "Felaktiga utbetalningar",
    "Behörighetstilldelning",
    "Bristande dokumentation",
    "Delegationsordning följs inte",
];
const CONTROLS: &[&str] = &[
    "Stickprov på tio ärenden per kvartal",
    "Granskning av attestlistor",
    "Uppföljning av loggar i verksamhetssystemet",
    "Kontroll av att avtal följs vid inköp",
    "Genomgång av behörigheter med systemförvaltare",
];
const PEOPLE: &[&str] = &[
    "Agneta Söqvist",
    "Carina Holmqvist",
    "Tanja Mattsson",
    "Enhetschef IFO",
];
const STATUS: &[&str] = &["Genomförd", "Pågående", "Ej påbörjad", "✔ Klar", "▶ Pågår"];

/// Header spellings a förvaltning might use, per field.
const HEADERS: &[&[&str]] = &[
    &["Riskområde", "Identifierad risk", "Risk"],
    &["Riskbeskrivning", "Beskrivning av risk"],
    &["Sannolikhet", "Sannolikhet (S)"],
    &["Konsekvens", "Konsekvens (K)"],
    &["Riskvärde", "RISKVÄRDE", "Riskvärde S x K"],
    &["Kontroll", "Kontrollmoment", "Vad ska kontrolleras?"],
    &["Metod", "Metod Hur ska kontrollen genomföras?"],
    &["Ansvarig", "Kontrollansvarig"],
    &["Startdatum"],
    &["Slutdatum", "Klart senast"],
    &["Status"],
    &["Resultat", "Kommentar"],
];

struct Row {
    cells: Vec<String>,
    date_cols: [usize; 2],
}

fn rows(rng: &mut Rng, n: usize) -> Vec<Row> {
    let mut out = Vec::with_capacity(n);
    let mut risk = 0;
    for i in 0..n {
        if i % 3 == 0 {
            risk = rng.below(RISKS.len());
        }
        let s = 1 + rng.below(5);
        let k = 1 + rng.below(5);
        let month = 1 + rng.below(12);
        out.push(Row {
            cells: vec![
                format!("{} {}", RISKS[risk], i / 3 + 1),
                format!("Risk för att {} brister.", RISKS[risk].to_lowercase()),
                s.to_string(),
                k.to_string(),
                (s * k).to_string(),
                CONTROLS[rng.below(CONTROLS.len())].to_string(),
                "Stickprov och genomgång med ansvarig chef.".to_string(),
                PEOPLE[rng.below(PEOPLE.len())].to_string(),
                "2024-01-01".to_string(),
                format!("2024-{month:02}-28"),
                STATUS[rng.below(STATUS.len())].to_string(),
                "Kontrollen är genomförd utan anmärkning. Rutinen fungerar.".to_string(),
            ],
            date_cols: [8, 9],
        });
    }
    out
}

fn headers(rng: &mut Rng) -> Vec<String> {
    HEADERS
        .iter()
        .map(|v| v[rng.below(v.len())].to_string())
        .collect()
}

fn write_text(path: &Path, title: &str, head: &[String], rows: &[Row], sep: char) {
    let mut s = format!("{title}\n\nSocialnämnden\n\n");
    s.push_str(&head.join(&sep.to_string()));
    s.push('\n');
    for r in rows {
        let cells: Vec<String> = if sep == '\t' {
            r.cells.clone()
        } else {
            r.cells
                .iter()
                .map(|c| {
                    if c.contains(sep) || c.contains('"') {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect()
        };
        s.push_str(&cells.join(&sep.to_string()));
        s.push('\n');
    }
    std::fs::write(path, s).expect("write corpus file");
}

fn write_xlsx(path: &Path, title: &str, head: &[String], rows: &[Row]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, title).expect("title");
    ws.write_string(1, 0, "Nämnd: Socialnämnden")
        .expect("nämnd");
    for (c, h) in head.iter().enumerate() {
        ws.write_string(3, c as u16, h).expect("header");
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 4 + i as u32;
        for (c, v) in r.cells.iter().enumerate() {
            let c16 = c as u16;
            if r.date_cols.contains(&c) {
                let p: Vec<u16> = v.split('-').filter_map(|x| x.parse().ok()).collect();
                let dt = ExcelDateTime::from_ymd(p[0], p[1] as u8, p[2] as u8).expect("date");
                ws.write_datetime_with_format(row, c16, &dt, &date)
                    .expect("date cell");
            } else if let Ok(n) = v.parse::<f64>() {
                ws.write_number(row, c16, n).expect("number");
            } else {
                ws.write_string(row, c16, v).expect("string");
            }
        }
    }
    wb.save(path).expect("save workbook");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = PathBuf::from(args.get(1).map(String::as_str).unwrap_or("target/corpus"));
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let large: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let mixed = out.join("mixed");
    std::fs::create_dir_all(&mixed).expect("corpus dir");
    let mut rng = Rng(0x1c9_2024);
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut copies: Vec<PathBuf> = Vec::new();
    for dir in ["seeds", "formats"] {
        if let Ok(rd) = std::fs::read_dir(seeds.join(dir)) {
            let mut v: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            v.sort();
            copies.extend(v.into_iter().filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("txt" | "xlsx" | "xls" | "ods" | "docx" | "csv")
                )
            }));
        }
    }
    for i in 0..n {
        let kind = rng.below(5);
        let year = 2019 + rng.below(5);
        let title = format!("Internkontrollplan {year}");
        let name = format!("f{:02}/doc{i:05}", i % 40);
        std::fs::create_dir_all(mixed.join(format!("f{:02}", i % 40))).expect("sub dir");
        match kind {
            0 if !copies.is_empty() => {
                let src = &copies[rng.below(copies.len())];
                let ext = src.extension().and_then(|e| e.to_str()).unwrap_or("txt");
                std::fs::copy(src, mixed.join(format!("{name}.{ext}"))).expect("copy fixture");
            }
            1 => {
                let len = 5 + rng.below(40);
                let r = rows(&mut rng, len);
                let h = headers(&mut rng);
                write_xlsx(&mixed.join(format!("{name}.xlsx")), &title, &h, &r);
            }
            2 => {
                let len = 5 + rng.below(40);
                let r = rows(&mut rng, len);
                let h = headers(&mut rng);
                write_text(&mixed.join(format!("{name}.csv")), &title, &h, &r, ';');
            }
            _ => {
                let len = 5 + rng.below(40);
                let r = rows(&mut rng, len);
                let h = headers(&mut rng);
                write_text(&mixed.join(format!("{name}.txt")), &title, &h, &r, '\t');
            }
        }
    }
    let h: Vec<String> = HEADERS.iter().map(|v| v[0].to_string()).collect();
    for (file, len) in [("medium.xlsx", 10_000), ("large.xlsx", large)] {
        let r = rows(&mut rng, len);
        write_xlsx(&out.join(file), "Internkontrollplan 2024", &h, &r);
    }
    eprintln!(
        "{n} dokument i {}, medium.xlsx (10000 rader) och large.xlsx ({large} rader)",
        mixed.display()
    );
}
