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
use crate::model::{Control, DocType, Document, FollowUp, Output, Period, Risk};

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

/// The id column of an entity's sheet as a list formula for a dropdown:
/// `=Risker!$M$2:$M$1031`.
fn id_list(entity: Entity, key: &str) -> String {
    let sheet = entity.shape().sheet;
    let c = entity
        .sheet_cols()
        .iter()
        .position(|c| c.key == key)
        .unwrap_or(0);
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
        (
            Entity::Dokument,
            vec![Entity::Dokument.sheet_row(&mut doc_row(&doc), |_| Default::default())],
            vec![],
        ),
        (Entity::Risker, vec![], vec![]),
        (
            Entity::Kontroller,
            vec![],
            vec![("risk_id", id_list(Entity::Risker, "risk_id"))],
        ),
        (
            Entity::Uppfoljningar,
            vec![],
            vec![("kontroll_id", id_list(Entity::Kontroller, "kontroll_id"))],
        ),
    ];
    let mut tables = Vec::new();
    for (entity, rows, links) in sheets {
        let table = FlatTable {
            rows,
            cols: entity.sheet_cols(),
            ..entity.shape()
        };
        let plan = SheetPlan {
            blank_rows: FORM_ROWS,
            hidden: HIDDEN,
            // The columns made for reading (a risk's level, a follow-up's risk and control)
            // have nothing to show in an empty template.
            hide_shown: true,
            links,
            scale: 5,
        };
        tables.push(entity_sheet(&mut wb, &table, &plan)?);
    }
    widen_tables(wb.save_to_buffer()?, &tables)
}

/// How to fill in the empty template.
const PLAN_STEPS: &[(&str, &str)] = &[
    (
        "Så fyller du i mallen",
        "Skriv planen på bladen Dokument, Risker, Kontroller och Uppföljningar, en rad per \
         post. Listor (kategori, ansvarig, avstämningsdatum) skrivs med \"; \" mellan \
         värdena. Datum skrivs som datum, ÅÅÅÅ-MM-DD. Kolumner du lägger till själv sparas \
         som extra uppgifter.",
    ),
    (
        "Dokument",
        "En rad för planen: titel, nämnd, år, typ (Plan) och gärna datum och \
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
         bladet Risker) och typ: Kontroll (något som ska kontrolleras) eller Åtgärd (en \
         beslutad åtgärd). Ge gärna kontrollen ett id (K1, K2 …) så att uppföljningarna \
         kan hänvisa till den.",
    ),
    (
        "Uppföljningar",
        "Fylls i vid delår och helår: välj kontrollen i Kontroll-id, period (Delår eller \
         Helår), år, status och kontrollbedömning, och skriv resultatet och eventuell ny \
         åtgärd.",
    ),
    (
        "Läsa in planen",
        "ikplan convert plan.xlsx -o plan.json (eller -o plan.xlsx för en arbetsbok med \
         översikt och riskmatris). Tomma id:n får id efter filnamnet.",
    ),
];

/// The instruction sheet: how to fill in each sheet, and the values the dropdowns hold.
/// One column as wide as a portrait A4 page.
fn instructions(wb: &mut Workbook, title: &str) -> Result<(), XlsxError> {
    instruction_sheet(wb, title, PLAN_STEPS)
}

/// The instruction sheet with its paragraphs (heading, text).
fn instruction_sheet(
    wb: &mut Workbook,
    title: &str,
    paragraphs: &[(&str, &str)],
) -> Result<(), XlsxError> {
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
        let values = format!(": {}", vocab.labels().join(", "));
        ws.write_rich_string_with_format(r, 0, &[(&bold, label), (&plain, &values)], &text)?;
        let lines = super::xlsx::wrapped_lines(&format!("{label}{values}"), WIDTH);
        ws.set_row_height(r, 15.0 * lines as f64)?;
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// What the follow-up template (`ikplan mall --fran plan.xlsx`) is made for.
#[derive(Debug, Clone, Default)]
pub struct FollowUpOptions {
    /// The period followed up; blank (to choose in the dropdown) when `None`.
    pub period: Option<Period>,
    /// The year followed up; the plan's year when `None`.
    pub ar: Option<i32>,
}

/// How to fill in the follow-up template.
const FOLLOW_UP_STEPS: &[(&str, &str)] = &[
    (
        "Så fyller du i uppföljningen",
        "Bladet Uppföljningar har en rad för varje kontroll och åtgärd i planen, med risken \
         och kontrollens text. Välj status och kontrollbedömning i listorna och skriv \
         resultatet och eventuell ny åtgärd. Id-kolumnerna längst till höger fyller ikplan \
         i; ändra dem inte.",
    ),
    (
        "Planen",
        "Bladen Risker och Kontroller är planen som uppföljningen gäller, som ikplan läste \
         den. En kontroll som följs upp två gånger (delår och helår) får en rad till: kopiera \
         raden och ändra period.",
    ),
    (
        "Läsa in uppföljningen",
        "ikplan convert uppfoljning.xlsx -o uppfoljning.json (eller -o en arbetsbok). \
         Uppföljningarna hör till planens kontroller.",
    ),
];

/// The id of a record of `doc` moved to the document `new`: `plan:R1:K2` → `new:R1:K2`.
fn moved(id: &str, old: &str, new: &str) -> String {
    match id.strip_prefix(old) {
        Some(rest) if rest.is_empty() || rest.starts_with(':') => format!("{new}{rest}"),
        _ => format!("{new}:{id}"),
    }
}

/// The follow-up of a plan as a model: each document of the plan as a follow-up document
/// (its own id, typ uppföljning, the period and year), its risks and controls as they are,
/// and one empty follow-up per control. Sources and findings are left out: the filled
/// workbook is its own source.
pub fn follow_up_of(plan: &Output, opts: &FollowUpOptions) -> Output {
    let mut out = Output {
        schema: plan.schema.clone(),
        ..Default::default()
    };
    for d in &plan.dokument {
        let old = d.dokument_id.clone();
        let suffix = opts.period.map_or("uppfoljning", Period::as_str);
        let new = format!("{old}-{suffix}");
        let ar = opts.ar.or(d.ar);
        let mut doc = Document {
            dokument_id: new.clone(),
            titel: Some(match &d.titel {
                Some(t) if t.to_lowercase().starts_with("uppföljning") => t.clone(),
                Some(t) => format!("Uppföljning av {t}"),
                None => "Uppföljning".to_string(),
            }),
            kommun: d.kommun.clone(),
            namnd: d.namnd.clone(),
            forvaltning: d.forvaltning.clone(),
            ar,
            typ: DocType::Uppfoljning,
            period: opts.period,
            diarienummer: d.diarienummer.clone(),
            ..Default::default()
        };
        for r in &d.risker {
            let risk_id = moved(&r.risk_id, &old, &new);
            let mut risk = Risk {
                risk_id: risk_id.as_str().into(),
                dokument_id: new.as_str().into(),
                kontroller: Vec::new(),
                extra: Default::default(),
                kalla: Default::default(),
                ..r.clone()
            };
            for k in &r.kontroller {
                let kontroll_id = moved(&k.kontroll_id, &old, &new);
                risk.kontroller.push(Control {
                    kontroll_id: kontroll_id.as_str().into(),
                    risk_id: risk_id.as_str().into(),
                    dokument_id: new.as_str().into(),
                    uppfoljningar: vec![FollowUp {
                        kontroll_id: kontroll_id.as_str().into(),
                        dokument_id: new.as_str().into(),
                        period: opts.period,
                        ar,
                        ..Default::default()
                    }],
                    extra: Default::default(),
                    kalla: Default::default(),
                    ..k.clone()
                });
            }
            doc.risker.push(risk);
        }
        out.dokument.push(doc);
    }
    out
}

/// The follow-up template of a plan (`ikplan mall --fran plan.xlsx`): the plan's risks and
/// controls, and on the sheet Uppföljningar a row per control with its risk and text beside
/// empty status, assessment and result columns (dropdowns), its ids filled in, so the
/// filled workbook reads back as the plan's follow-up.
///
/// # Errors
/// An [`XlsxError`] if rust_xlsxwriter refuses a value.
pub fn follow_up_template(plan: &Output, opts: &FollowUpOptions) -> Result<Vec<u8>, XlsxError> {
    let out = follow_up_of(plan, opts);
    let mut wb = Workbook::new();
    let title = out
        .dokument
        .first()
        .and_then(|d| d.titel.clone())
        .unwrap_or_else(|| "Uppföljning".to_string());
    wb.set_properties(&properties(
        &title,
        "Mall för uppföljning av plan för intern kontroll (ikplan)",
    )?);
    instruction_sheet(&mut wb, &title, FOLLOW_UP_STEPS)?;
    let scale = super::matrix::workbook_scale(plan);
    let mut tables = Vec::new();
    for entity in [
        Entity::Dokument,
        Entity::Risker,
        Entity::Kontroller,
        Entity::Uppfoljningar,
    ] {
        let links = match entity {
            Entity::Kontroller => vec![("risk_id", id_list(Entity::Risker, "risk_id"))],
            Entity::Uppfoljningar => {
                vec![("kontroll_id", id_list(Entity::Kontroller, "kontroll_id"))]
            }
            _ => vec![],
        };
        let plan = SheetPlan {
            blank_rows: 0,
            hidden: HIDDEN,
            hide_shown: false,
            links,
            scale,
        };
        tables.push(entity_sheet(
            &mut wb,
            &entity.sheet_table(&out, scale),
            &plan,
        )?);
    }
    widen_tables(wb.save_to_buffer()?, &tables)
}
