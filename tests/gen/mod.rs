//! A seeded generator of internal-control plans in random plausible layouts, and the measure of
//! how well ikplan reads them back (tests/generated_layouts.rs, examples/layout_report.rs).
//!
//! A [`Plan`] is made first (risks, controls, follow-ups with Swedish texts), then a [`Layout`]
//! (header wordings from fixtures/layouts/wordings.toml, column order, extra columns, title
//! lines, section rows, merged or repeated or blank risk cells, written risk values, follow-up
//! columns, two tables, two-row headers), which [`grid`] turns into rows of cells and
//! [`render`] into xlsx, CSV or text. [`compare`] reads the file through the library and counts
//! each field matched or not.
#![allow(dead_code)]

pub mod compare;
pub mod render;
pub mod wordings;

use wordings::Wordings;

/// A tiny deterministic generator (xorshift64*), so the layouts need no crate and never vary.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so neighbouring seeds start far apart and never at zero.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The model fields the comparison counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Riskomrade,
    Riskbeskrivning,
    Kategori,
    Process,
    Sannolikhet,
    Konsekvens,
    Riskvarde,
    Kontroll,
    Metod,
    Frekvens,
    Ansvarig,
    Rapporteringsansvarig,
    Startdatum,
    Slutdatum,
    Status,
    Kontrollbedomning,
    Resultat,
}

impl Field {
    pub const ALL: [Field; 17] = [
        Field::Riskomrade,
        Field::Riskbeskrivning,
        Field::Kategori,
        Field::Process,
        Field::Sannolikhet,
        Field::Konsekvens,
        Field::Riskvarde,
        Field::Kontroll,
        Field::Metod,
        Field::Frekvens,
        Field::Ansvarig,
        Field::Rapporteringsansvarig,
        Field::Startdatum,
        Field::Slutdatum,
        Field::Status,
        Field::Kontrollbedomning,
        Field::Resultat,
    ];

    /// The model key (MODEL.md), also the `[fields.*]` table of wordings.toml.
    pub fn key(self) -> &'static str {
        match self {
            Field::Riskomrade => "riskomrade",
            Field::Riskbeskrivning => "riskbeskrivning",
            Field::Kategori => "kategori",
            Field::Process => "process",
            Field::Sannolikhet => "sannolikhet",
            Field::Konsekvens => "konsekvens",
            Field::Riskvarde => "riskvarde",
            Field::Kontroll => "kontroll",
            Field::Metod => "metod",
            Field::Frekvens => "frekvens",
            Field::Ansvarig => "ansvarig",
            Field::Rapporteringsansvarig => "rapporteringsansvarig",
            Field::Startdatum => "startdatum",
            Field::Slutdatum => "slutdatum",
            Field::Status => "status",
            Field::Kontrollbedomning => "kontrollbedomning",
            Field::Resultat => "resultat",
        }
    }

    pub fn is_risk(self) -> bool {
        (self as usize) <= Field::Riskvarde as usize
    }

    pub fn is_followup(self) -> bool {
        matches!(
            self,
            Field::Status | Field::Kontrollbedomning | Field::Resultat
        )
    }
}

/// A date as (year, month, day).
pub type Ymd = (i32, u32, u32);

/// A generated plan: what the file says, and what reading it should give.
#[derive(Debug, Clone)]
pub struct Plan {
    pub namnd: String,
    pub ar: i32,
    /// 4 or 5: the scale of sannolikhet and konsekvens.
    pub scale: i64,
    pub risks: Vec<Risk>,
}

#[derive(Debug, Clone)]
pub struct Risk {
    pub riskomrade: String,
    pub riskbeskrivning: String,
    pub kategori: String,
    pub process: String,
    pub sannolikhet: i64,
    pub konsekvens: i64,
    pub controls: Vec<Control>,
}

impl Risk {
    pub fn riskvarde(&self) -> i64 {
        self.sannolikhet * self.konsekvens
    }
}

#[derive(Debug, Clone)]
pub struct Control {
    pub kontroll: String,
    pub metod: String,
    pub frekvens: String,
    pub ansvarig: Vec<String>,
    pub rapporteringsansvarig: Vec<String>,
    pub startdatum: Ymd,
    pub slutdatum: Ymd,
    pub status: String,
    pub kontrollbedomning: String,
    pub resultat: String,
}

/// Draws `n` distinct items (fewer when the list is shorter).
fn distinct(rng: &mut Rng, items: &[(&str, bool)], n: usize) -> Vec<String> {
    let mut pool: Vec<&str> = items.iter().map(|(s, _)| *s).collect();
    rng.shuffle(&mut pool);
    pool.into_iter().take(n).map(str::to_string).collect()
}

fn people(rng: &mut Rng, w: &Wordings) -> Vec<String> {
    let all = w.text("people").all();
    let n = if rng.chance(0.2) { 2 } else { 1 };
    distinct(rng, &all, n)
}

/// A random plan: 3–15 risks, 1–3 controls each.
pub fn plan(rng: &mut Rng, w: &Wordings) -> Plan {
    let ar = 2019 + rng.below(7) as i32;
    let namnd = rng.pick(&w.namnder.all()).0.to_string();
    let scale = if rng.chance(0.5) { 4 } else { 5 };
    let n = rng.range(3, 15);
    let titles = distinct(rng, &w.text("risk_titles").all(), n);
    let n_cats = rng.range(2, 3);
    let cats = distinct(rng, &w.sections.all(), n_cats);
    let descriptions = w.text("descriptions").all();
    let processes = w.text("processes").all();
    let mut risks = Vec::new();
    for riskomrade in titles {
        let nc = rng.range(1, 3);
        let controls = distinct(rng, &w.text("controls").all(), nc)
            .into_iter()
            .map(|kontroll| {
                let sm = rng.range(1, 9) as u32;
                let em = rng.range(sm as usize + 1, 12) as u32;
                Control {
                    kontroll,
                    metod: rng.pick(&w.text("methods").all()).0.to_string(),
                    frekvens: rng.pick(&w.text("frequencies").all()).0.to_string(),
                    ansvarig: people(rng, w),
                    rapporteringsansvarig: people(rng, w),
                    startdatum: (ar, sm, rng.range(1, 28) as u32),
                    slutdatum: (ar, em, rng.range(1, 28) as u32),
                    status: rng.pick(&w.value("status").all()).0.to_string(),
                    kontrollbedomning: rng.pick(&w.value("kontrollbedomning").all()).0.to_string(),
                    resultat: rng.pick(&w.text("results").all()).0.to_string(),
                }
            })
            .collect();
        risks.push(Risk {
            riskomrade,
            riskbeskrivning: rng.pick(&descriptions).0.to_string(),
            kategori: rng.pick(&cats).clone(),
            process: rng.pick(&processes).0.to_string(),
            sannolikhet: rng.range(1, scale as usize) as i64,
            konsekvens: rng.range(1, scale as usize) as i64,
            controls,
        });
    }
    Plan {
        namnd,
        ar,
        scale,
        risks,
    }
}

/// The output format of one layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
    Text,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Xlsx, Format::Csv, Format::Text];
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Text => "text",
        }
    }
    pub fn ext(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Text => "txt",
        }
    }
    fn salt(self) -> u64 {
        match self {
            Format::Xlsx => 0x1111_0000,
            Format::Csv => 0x2222_0000,
            Format::Text => 0x3333_0000,
        }
    }
}

/// How the risk cells of a risk with several controls are written on the later rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskCells {
    /// One merged cell over the risk's rows (xlsx only).
    Merged,
    /// The risk's values on every row.
    Repeated,
    /// Only on the first row; the later rows leave them empty.
    Blank,
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Field(Field),
    /// A column that maps to no field.
    Extra,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub kind: Kind,
    pub header: String,
    /// The group header above it, in a two-row header.
    pub group: Option<String>,
}

/// The features of one layout, each toggled at random and recorded.
#[derive(Debug, Clone)]
pub struct Features {
    pub shuffled: bool,
    pub extra_cols: usize,
    pub title_meta: bool,
    pub sections: bool,
    pub risk_cells: RiskCells,
    pub sk_written: bool,
    pub followup: bool,
    pub two_tables: bool,
    pub two_row_header: bool,
    pub plausible_header: bool,
    pub date_cells: bool,
    pub csv_delimiter: u8,
}

/// The feature names reported per layout, in report order.
pub const FEATURES: [&str; 13] = [
    "column order shuffled",
    "unknown extra columns",
    "title and meta lines",
    "section rows",
    "risk cells merged",
    "risk cells repeated",
    "risk cells blank",
    "S/K/riskvärde written",
    "follow-up columns",
    "two tables in one sheet",
    "two-row header",
    "most headers from the plausible list",
    "dates as date cells",
];

impl Features {
    pub fn flags(&self) -> [bool; 13] {
        [
            self.shuffled,
            self.extra_cols > 0,
            self.title_meta,
            self.sections,
            self.risk_cells == RiskCells::Merged,
            self.risk_cells == RiskCells::Repeated,
            self.risk_cells == RiskCells::Blank,
            self.sk_written,
            self.followup,
            self.two_tables,
            self.two_row_header,
            self.plausible_header,
            self.date_cells,
        ]
    }
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub format: Format,
    pub columns: Vec<Column>,
    pub features: Features,
    pub title: Option<String>,
    pub meta: Vec<String>,
    /// The written forms of sannolikhet/konsekvens and riskvärde.
    pub sk_form: String,
    pub rv_form: String,
    pub sk_words: Vec<String>,
    pub rv_levels: Vec<String>,
    /// Where the risks split into the second table.
    pub split: usize,
}

impl Layout {
    pub fn has(&self, f: Field) -> bool {
        self.columns.iter().any(|c| c.kind == Kind::Field(f))
    }
}

fn fill(template: &str, plan: &Plan, date: Ymd, dnr: &str) -> String {
    template
        .replace("{namnd}", &plan.namnd)
        .replace("{ar}", &plan.ar.to_string())
        .replace("{date}", &iso(date))
        .replace("{dnr}", dnr)
}

pub fn iso((y, m, d): Ymd) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// A random plausible layout for `plan` in `format`.
pub fn layout(rng: &mut Rng, w: &Wordings, plan: &Plan, format: Format) -> Layout {
    let followup = rng.chance(0.5);
    let sections = rng.chance(0.35);
    let mut fields = vec![Field::Riskomrade];
    let maybe = |fields: &mut Vec<Field>, f: Field, p: f64, rng: &mut Rng| {
        if rng.chance(p) {
            fields.push(f);
        }
    };
    maybe(&mut fields, Field::Riskbeskrivning, 0.7, rng);
    maybe(
        &mut fields,
        Field::Kategori,
        if sections { 0.3 } else { 0.5 },
        rng,
    );
    maybe(&mut fields, Field::Process, 0.35, rng);
    let sk = rng.chance(0.6);
    if sk {
        fields.push(Field::Sannolikhet);
        fields.push(Field::Konsekvens);
    }
    maybe(
        &mut fields,
        Field::Riskvarde,
        if sk { 0.8 } else { 0.6 },
        rng,
    );
    fields.push(Field::Kontroll);
    maybe(&mut fields, Field::Metod, 0.6, rng);
    maybe(&mut fields, Field::Frekvens, 0.5, rng);
    maybe(&mut fields, Field::Ansvarig, 0.8, rng);
    maybe(&mut fields, Field::Rapporteringsansvarig, 0.4, rng);
    maybe(&mut fields, Field::Startdatum, 0.4, rng);
    maybe(&mut fields, Field::Slutdatum, 0.5, rng);
    if followup {
        maybe(&mut fields, Field::Status, 0.9, rng);
        maybe(&mut fields, Field::Kontrollbedomning, 0.6, rng);
        if !fields.iter().any(|f| f.is_followup()) || rng.chance(0.9) {
            fields.push(Field::Resultat);
        }
    }

    // Headers, distinct within the layout.
    let mut used: Vec<String> = Vec::new();
    let mut plausible_headers = 0;
    let mut columns = Vec::new();
    for f in fields {
        let options = w.field(f.key()).all();
        let mut choice = *rng.pick(&options);
        for _ in 0..20 {
            if !used.iter().any(|u| u.eq_ignore_ascii_case(choice.0)) {
                break;
            }
            choice = *rng.pick(&options);
        }
        plausible_headers += usize::from(!choice.1);
        used.push(choice.0.to_string());
        columns.push(Column {
            kind: Kind::Field(f),
            header: choice.0.to_string(),
            group: None,
        });
    }
    let plausible_header = 2 * plausible_headers > columns.len();
    let shuffled = rng.chance(0.5);
    if shuffled {
        rng.shuffle(&mut columns);
    }
    let extra_cols = [0, 0, 1, 2, 3][rng.below(5)];
    let extras = distinct(rng, &w.extra_columns.all(), extra_cols);
    let extra_cols = extras.len();
    for header in extras {
        let at = rng.below(columns.len() + 1);
        columns.insert(
            at,
            Column {
                kind: Kind::Extra,
                header,
                group: None,
            },
        );
    }

    // A two-row header: a group over the risk values or the follow-up, its columns together.
    let mut two_row_header = false;
    if rng.chance(0.3) {
        type Member = fn(Field) -> bool;
        let groups: [(&str, Member); 2] = [
            ("risk", |f| {
                matches!(f, Field::Sannolikhet | Field::Konsekvens | Field::Riskvarde)
            }),
            ("uppfoljning", Field::is_followup),
        ];
        for (key, member) in groups {
            let idx: Vec<usize> = columns
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c.kind, Kind::Field(f) if member(f)))
                .map(|(i, _)| i)
                .collect();
            if idx.len() < 2 {
                continue;
            }
            two_row_header = true;
            let text = rng.pick(&w.group_headers[key].all()).0.to_string();
            let first = idx[0];
            let mut moved: Vec<Column> = Vec::new();
            for &i in idx.iter().rev() {
                moved.insert(0, columns.remove(i));
            }
            for (j, mut c) in moved.into_iter().enumerate() {
                c.group = Some(text.clone());
                columns.insert(first + j, c);
            }
        }
    }

    let has_values = columns.iter().any(|c| {
        matches!(
            c.kind,
            Kind::Field(Field::Sannolikhet | Field::Konsekvens | Field::Riskvarde)
        )
    });
    let sk_written = has_values && rng.chance(0.4);
    let pick_form = |rng: &mut Rng, g: &wordings::Group, plain: &str| -> String {
        let forms: Vec<(&str, bool)> = g.all().into_iter().filter(|(f, _)| *f != plain).collect();
        rng.pick(&forms).0.to_string()
    };
    let (sk_form, rv_form) = if sk_written {
        (
            pick_form(rng, &w.sk_forms, "{n}"),
            pick_form(rng, &w.riskvarde_forms, "{v}"),
        )
    } else {
        ("{n}".to_string(), "{v}".to_string())
    };

    let risk_cells = match (format, rng.below(3)) {
        (Format::Xlsx, 0) => RiskCells::Merged,
        (_, 1) => RiskCells::Blank,
        _ => RiskCells::Repeated,
    };
    let title_meta = rng.chance(0.5);
    let (title, meta) = if title_meta {
        let date = (
            plan.ar - 1,
            rng.range(9, 12) as u32,
            rng.range(1, 28) as u32,
        );
        let dnr = format!("{}/{}", plan.ar - 1, rng.range(10, 400));
        let title = fill(rng.pick(&w.titles.all()).0, plan, date, &dnr);
        let n_meta = rng.range(0, 2);
        let meta = distinct(rng, &w.meta_lines.all(), n_meta)
            .into_iter()
            .map(|m| fill(&m, plan, date, &dnr))
            .collect();
        (Some(title), meta)
    } else {
        (None, Vec::new())
    };
    let two_tables = plan.risks.len() >= 4 && rng.chance(0.25);
    let split = if two_tables {
        plan.risks.len() / 2
    } else {
        plan.risks.len()
    };
    let date_cells = format == Format::Xlsx
        && columns
            .iter()
            .any(|c| matches!(c.kind, Kind::Field(Field::Startdatum | Field::Slutdatum)))
        && rng.chance(0.5);
    let csv_delimiter = if rng.chance(0.5) { b';' } else { b',' };
    Layout {
        format,
        columns,
        features: Features {
            shuffled,
            extra_cols,
            title_meta,
            sections,
            risk_cells,
            sk_written,
            followup,
            two_tables,
            two_row_header,
            plausible_header,
            date_cells,
            csv_delimiter,
        },
        title,
        meta,
        sk_form,
        rv_form,
        sk_words: w.sk_forms.words.clone(),
        rv_levels: w.riskvarde_forms.levels.clone(),
        split,
    }
}

/// One cell of the generated sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Num(f64),
    Date(Ymd),
}

impl Cell {
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Num(n) => format!("{n}"),
            Cell::Date(d) => iso(*d),
        }
    }
}

/// The sheet as rows of cells, before a format writes it.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub rows: Vec<Vec<Cell>>,
    /// Merged ranges (first row, first col, last row, last col), for xlsx.
    pub merges: Vec<(u32, u16, u32, u16)>,
    /// Rows that hold one text across the table (sections), by index.
    pub wide_rows: Vec<usize>,
    pub width: usize,
}

fn written_one(l: &Layout, n: i64) -> Cell {
    if l.sk_form == "{n}" {
        return Cell::Num(n as f64);
    }
    let word = l
        .sk_words
        .get((n - 1).max(0) as usize)
        .cloned()
        .unwrap_or_default();
    Cell::Text(
        l.sk_form
            .replace("{n}", &n.to_string())
            .replace("{word}", &word),
    )
}

fn written_value(l: &Layout, r: &Risk) -> Cell {
    let v = r.riskvarde();
    if l.rv_form == "{v}" {
        return Cell::Num(v as f64);
    }
    let level = match v {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    };
    let level = l.rv_levels.get(level).cloned().unwrap_or_default();
    Cell::Text(
        l.rv_form
            .replace("{v}", &v.to_string())
            .replace("{s}", &r.sannolikhet.to_string())
            .replace("{k}", &r.konsekvens.to_string())
            .replace("{level}", &level),
    )
}

fn field_cell(l: &Layout, r: &Risk, c: &Control, f: Field) -> Cell {
    let date = |d: Ymd| {
        if l.features.date_cells {
            Cell::Date(d)
        } else {
            Cell::Text(iso(d))
        }
    };
    match f {
        Field::Riskomrade => Cell::Text(r.riskomrade.clone()),
        Field::Riskbeskrivning => Cell::Text(r.riskbeskrivning.clone()),
        Field::Kategori => Cell::Text(r.kategori.clone()),
        Field::Process => Cell::Text(r.process.clone()),
        Field::Sannolikhet => written_one(l, r.sannolikhet),
        Field::Konsekvens => written_one(l, r.konsekvens),
        Field::Riskvarde => written_value(l, r),
        Field::Kontroll => Cell::Text(c.kontroll.clone()),
        Field::Metod => Cell::Text(c.metod.clone()),
        Field::Frekvens => Cell::Text(c.frekvens.clone()),
        Field::Ansvarig => Cell::Text(c.ansvarig.join(", ")),
        Field::Rapporteringsansvarig => Cell::Text(c.rapporteringsansvarig.join(", ")),
        Field::Startdatum => date(c.startdatum),
        Field::Slutdatum => date(c.slutdatum),
        Field::Status => Cell::Text(c.status.clone()),
        Field::Kontrollbedomning => Cell::Text(c.kontrollbedomning.clone()),
        Field::Resultat => Cell::Text(c.resultat.clone()),
    }
}

const EXTRA_VALUES: [&str; 9] = [
    "ja",
    "nej",
    "x",
    "Klar",
    "AS",
    "https://intranat.example.se/ik/123",
    "Se bilaga",
    "",
    "",
];

/// The sheet's rows: title and meta lines, then the table or tables.
pub fn grid(rng: &mut Rng, plan: &Plan, l: &Layout) -> Grid {
    let width = l.columns.len();
    let mut g = Grid {
        width,
        ..Default::default()
    };
    if let Some(t) = &l.title {
        g.rows.push(vec![Cell::Text(t.clone())]);
        for m in &l.meta {
            g.rows.push(vec![Cell::Text(m.clone())]);
        }
        g.rows.push(Vec::new());
    }
    let parts: Vec<&[Risk]> = if l.features.two_tables {
        vec![&plan.risks[..l.split], &plan.risks[l.split..]]
    } else {
        vec![&plan.risks[..]]
    };
    for (pi, risks) in parts.into_iter().enumerate() {
        if pi > 0 {
            g.rows.push(Vec::new());
            g.rows.push(Vec::new());
        }
        table(rng, &mut g, risks, l);
    }
    g
}

fn table(rng: &mut Rng, g: &mut Grid, risks: &[Risk], l: &Layout) {
    let width = l.columns.len();
    // Header row(s).
    if l.features.two_row_header {
        let r = g.rows.len() as u32;
        let mut top = Vec::new();
        let mut bottom = Vec::new();
        let mut c = 0;
        while c < width {
            let col = &l.columns[c];
            if let Some(group) = &col.group {
                let mut end = c;
                while end + 1 < width && l.columns[end + 1].group.as_ref() == Some(group) {
                    end += 1;
                }
                for (i, cc) in l.columns[c..=end].iter().enumerate() {
                    top.push(if i == 0 {
                        Cell::Text(group.clone())
                    } else {
                        Cell::Empty
                    });
                    bottom.push(Cell::Text(cc.header.clone()));
                }
                g.merges.push((r, c as u16, r, end as u16));
                c = end + 1;
            } else {
                top.push(Cell::Text(col.header.clone()));
                bottom.push(Cell::Empty);
                g.merges.push((r, c as u16, r + 1, c as u16));
                c += 1;
            }
        }
        g.rows.push(top);
        g.rows.push(bottom);
    } else {
        g.rows.push(
            l.columns
                .iter()
                .map(|c| Cell::Text(c.header.clone()))
                .collect(),
        );
    }
    // Data rows, with a section row before each category when the layout has them.
    let mut order: Vec<&Risk> = risks.iter().collect();
    if l.features.sections {
        let mut cats: Vec<&str> = Vec::new();
        for r in risks {
            if !cats.contains(&r.kategori.as_str()) {
                cats.push(&r.kategori);
            }
        }
        order.sort_by_key(|r| cats.iter().position(|c| *c == r.kategori));
    }
    let mut section: Option<&str> = None;
    for r in order {
        if l.features.sections && section != Some(r.kategori.as_str()) {
            section = Some(&r.kategori);
            g.wide_rows.push(g.rows.len());
            g.rows.push(vec![Cell::Text(r.kategori.clone())]);
        }
        let first = g.rows.len() as u32;
        for (j, c) in r.controls.iter().enumerate() {
            let row = l
                .columns
                .iter()
                .map(|col| match col.kind {
                    Kind::Extra => Cell::Text(rng.pick(&EXTRA_VALUES).to_string()),
                    Kind::Field(f) if f.is_risk() && j > 0 => match l.features.risk_cells {
                        RiskCells::Repeated => field_cell(l, r, c, f),
                        RiskCells::Merged | RiskCells::Blank => Cell::Empty,
                    },
                    Kind::Field(f) => field_cell(l, r, c, f),
                })
                .collect();
            g.rows.push(row);
        }
        if l.features.risk_cells == RiskCells::Merged && r.controls.len() > 1 {
            let last = first + r.controls.len() as u32 - 1;
            for (ci, col) in l.columns.iter().enumerate() {
                if matches!(col.kind, Kind::Field(f) if f.is_risk()) {
                    g.merges.push((first, ci as u16, last, ci as u16));
                }
            }
        }
    }
}

/// The seed of layout `index` of `format` in a run seeded `seed`.
pub fn layout_seed(seed: u64, format: Format, index: usize) -> u64 {
    seed ^ format.salt() ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Everything about one generated case.
#[derive(Debug, Clone)]
pub struct Case {
    pub index: usize,
    pub seed: u64,
    pub plan: Plan,
    pub layout: Layout,
    pub grid: Grid,
}

/// Generates case `index` of `format` (deterministic in `seed`, `format` and `index`).
pub fn case(w: &Wordings, seed: u64, format: Format, index: usize) -> Case {
    let s = layout_seed(seed, format, index);
    let mut rng = Rng::new(s);
    let plan = plan(&mut rng, w);
    let layout = layout(&mut rng, w, &plan, format);
    let grid = grid(&mut rng, &plan, &layout);
    Case {
        index,
        seed: s,
        plan,
        layout,
        grid,
    }
}
