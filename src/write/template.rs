//! The template (`ikplan mall`): an empty standardized workbook to write next year's plan
//! in, with the entity sheets' headers and validations, dropdowns of the ids to link a
//! control to its risk and a follow-up to its control, and a short instruction sheet.
//! A plan written in it reads back into the model (`read::ikplan`).

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::table_extent::widen_tables;
use super::tables::{
    DOKUMENT_COLS, Entity, FlatTable, KONTROLL_COLS, Kind, RISK_COLS, UPPFOLJNING_COLS, Vocab,
    doc_row,
};
use super::xlsx::{SheetPlan, entity_sheet, properties};
use crate::finding::col_name;
use crate::model::{DocType, Document};

/// What the template's document row is filled with.
#[derive(Debug, Clone, Default)]
pub struct TemplateOptions {
    pub ar: Option<i32>,
    pub namnd: Option<String>,
    pub kommun: Option<String>,
    pub forvaltning: Option<String>,
}

/// Form rows of each entity table in the template.
const FORM_ROWS: u32 = 30;

/// Columns a person writing a plan does not fill in (ikplan makes them).
const HIDDEN: &[&str] = &[
    "dokument_id",
    "kalla_fil",
    "kalla_blad",
    "kalla_format",
    "kalla",
    "risk_nyckel",
    "status_kalla",
    "kontrollbedomning_kalla",
];

/// The title of the template's plan: "Plan för intern kontroll 2025 – Socialnämnden".
fn title(opts: &TemplateOptions) -> String {
    let mut t = "Plan för intern kontroll".to_string();
    if let Some(ar) = opts.ar {
        t.push_str(&format!(" {ar}"));
    }
    if let Some(n) = opts.namnd.as_ref().or(opts.kommun.as_ref()) {
        t.push_str(&format!(" \u{2013} {n}"));
    }
    t
}

/// The id column of a sheet as a list formula for a dropdown: `=Risker!$A$2:$A$1001`.
fn id_list(sheet: &str, cols: &[super::tables::Col], key: &str) -> String {
    let c = cols.iter().position(|c| c.key == key).unwrap_or(0);
    let letter = col_name(c);
    format!("={sheet}!${letter}$2:${letter}${}", FORM_ROWS + 1001)
}

/// The template workbook as bytes (fixed creation time: the same options give the same
/// bytes).
///
/// # Errors
/// An [`XlsxError`] if rust_xlsxwriter refuses a value (it does not for any options).
pub fn template(opts: &TemplateOptions) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = title(opts);
    wb.set_properties(&properties(
        &title,
        "Mall för plan för intern kontroll (ikplan)",
    )?);
    instructions(&mut wb, &title)?;
    let doc = Document {
        titel: Some(title.clone()),
        typ: DocType::Plan,
        ar: opts.ar,
        namnd: opts.namnd.clone(),
        kommun: opts.kommun.clone(),
        forvaltning: opts.forvaltning.clone(),
        ..Default::default()
    };
    let sheets = [
        (Entity::Dokument, vec![doc_row(&doc).into()], vec![]),
        (Entity::Risker, vec![], vec![]),
        (
            Entity::Kontroller,
            vec![],
            vec![("risk_id", id_list("Risker", RISK_COLS, "risk_id"))],
        ),
        (
            Entity::Uppfoljningar,
            vec![],
            vec![(
                "kontroll_id",
                id_list("Kontroller", KONTROLL_COLS, "kontroll_id"),
            )],
        ),
    ];
    let mut tables = Vec::new();
    for (entity, rows, links) in sheets {
        let table = FlatTable {
            rows,
            ..entity.shape()
        };
        let plan = SheetPlan {
            blank_rows: FORM_ROWS,
            hidden: HIDDEN,
            links,
            risk_max: 25,
        };
        tables.push(entity_sheet(&mut wb, &table, &plan)?);
    }
    widen_tables(wb.save_to_buffer()?, &tables)
}

/// The instruction sheet: how to fill in each sheet, and the values the dropdowns hold.
/// One column as wide as a portrait A4 page.
fn instructions(wb: &mut Workbook, title: &str) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Instruktion")?;
    ws.set_active(true);
    let h1 = Format::new().set_bold().set_font_size(16);
    let h2 = Format::new().set_bold().set_font_size(12);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    const WIDTH: f64 = 72.0;
    let bold = Format::new().set_bold();
    let plain = Format::new();
    ws.set_column_width(0, WIDTH)?;
    ws.write_string_with_format(0, 0, title, &h1)?;
    let paragraphs: &[(&str, &str)] = &[
        (
            "Så fyller du i mallen",
            "Skriv planen på bladen Dokument, Risker, Kontroller och Uppföljningar, en rad per \
             post. Listor (kategori, ansvarig, avstämningsdatum) skrivs med \"; \" mellan \
             värdena. Datum skrivs som datum, ÅÅÅÅ-MM-DD. Kolumner du lägger till själv sparas \
             som extra uppgifter.",
        ),
        (
            "Dokument",
            "En rad för planen: titel, nämnd, år, typ (plan) och gärna datum och \
             diarienummer. Använder ni en fyrgradig skala (sannolikhet och konsekvens 1–4, \
             riskvärde 1–16), skriv \"fyrgradig skala\" i Anteckningar.",
        ),
        (
            "Risker",
            "En rad per risk. Ge varje risk ett kort id i Risk-id (R1, R2 …). Riskområde är \
             riskens korta namn; Kategori väljs i listan eller skrivs fritt. Sannolikhet och \
             konsekvens är heltal 1–5; riskvärde är sannolikhet × konsekvens.",
        ),
        (
            "Kontroller",
            "En rad per kontroll eller åtgärd. Välj risken i kolumnen Risk-id (samma id som på \
             bladet Risker) och typ: kontroll (något som ska kontrolleras) eller atgard (en \
             beslutad åtgärd). Ge gärna kontrollen ett id (K1, K2 …) så att uppföljningarna \
             kan hänvisa till den.",
        ),
        (
            "Uppföljningar",
            "Fylls i vid delår och helår: välj kontrollen i Kontroll-id, period (delar eller \
             helar), år, status och kontrollbedömning, och skriv resultatet och eventuell ny \
             åtgärd.",
        ),
        (
            "Läsa in planen",
            "ikplan convert plan.xlsx -o plan.json (eller -o plan.xlsx för en arbetsbok med \
             översikt och riskmatris). Tomma id:n får id efter filnamnet.",
        ),
    ];
    let mut r = 2;
    for (heading, body) in paragraphs {
        ws.write_string_with_format(r, 0, *heading, &h2)?;
        ws.write_string_with_format(r + 1, 0, *body, &text)?;
        let lines = super::xlsx::wrapped_lines(body, WIDTH);
        ws.set_row_height(r + 1, 15.0 * lines as f64)?;
        r += 3;
    }
    ws.write_string_with_format(r, 0, "Värden i listorna", &h2)?;
    let lists: Vec<(&str, Vocab)> = [DOKUMENT_COLS, RISK_COLS, KONTROLL_COLS, UPPFOLJNING_COLS]
        .iter()
        .flat_map(|cols| cols.iter())
        .filter_map(|c| match c.kind {
            Kind::Enum(v) | Kind::Suggest(v) if v != Vocab::Format => Some((c.label, v)),
            _ => None,
        })
        .fold(Vec::new(), |mut acc, (l, v)| {
            if !acc.iter().any(|(_, x)| *x == v) {
                acc.push((l, v));
            }
            acc
        });
    for (label, vocab) in lists {
        r += 1;
        let label = if vocab == Vocab::ControlType {
            "Typ (kontroll)"
        } else if vocab == Vocab::DocType {
            "Typ (dokument)"
        } else {
            label
        };
        let values = format!(": {}", vocab.values().join(", "));
        ws.write_rich_string_with_format(r, 0, &[(&bold, label), (&plain, &values)], &text)?;
        let lines = super::xlsx::wrapped_lines(&format!("{label}{values}"), WIDTH);
        ws.set_row_height(r, 15.0 * lines as f64)?;
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}
