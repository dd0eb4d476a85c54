//! The Översikt sheet: per document the number of risks, controls, actions and follow-ups,
//! follow-ups by status and by kontrollbedömning, the converter's findings by severity, a
//! total row, and a chart of the statuses.

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartLegendPosition, ChartSolidFill, ChartType, Color, Format,
    FormatAlign, FormatBorder, Worksheet, XlsxError,
};

use std::collections::{HashMap, HashSet};

use crate::model::{Assessment, ControlType, DocType, Document, Output, Period, Severity, Status};

/// A short name of a document for people: "Socialnämnden: Uppföljning helår 2023".
pub fn short_label(d: &Document) -> String {
    let mut what = match d.typ {
        DocType::Plan => "Plan".to_string(),
        DocType::Uppfoljning => "Uppföljning".to_string(),
    };
    match d.period {
        Some(Period::Delar) => what.push_str(" delår"),
        Some(Period::Helar) => what.push_str(" helår"),
        None => {}
    }
    if let Some(ar) = d.ar {
        what.push_str(&format!(" {ar}"));
    }
    match d
        .namnd
        .as_ref()
        .or(d.kommun.as_ref())
        .or(d.forvaltning.as_ref())
    {
        Some(who) => format!("{who}: {what}"),
        None => what,
    }
}

/// The counts of one document (or of all).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub risker: usize,
    pub kontroller: usize,
    pub atgarder: usize,
    pub uppfoljningar: usize,
    /// Risks by level ([`super::matrix::Level::ALL`] on the workbook's scale), then those
    /// with no value.
    pub nivaer: [usize; 5],
    /// By [`Status::ALL`], then those without a status.
    pub status: [usize; 6],
    /// By [`Assessment::ALL`], then those without an assessment.
    pub bedomning: [usize; 6],
    /// fel, varning, info.
    pub anmarkningar: [usize; 3],
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.risker += o.risker;
        self.kontroller += o.kontroller;
        self.atgarder += o.atgarder;
        self.uppfoljningar += o.uppfoljningar;
        for i in 0..5 {
            self.nivaer[i] += o.nivaer[i];
        }
        for i in 0..6 {
            self.status[i] += o.status[i];
            self.bedomning[i] += o.bedomning[i];
        }
        for i in 0..3 {
            self.anmarkningar[i] += o.anmarkningar[i];
        }
    }

    fn values(&self) -> Vec<usize> {
        let mut v = vec![
            self.risker,
            self.kontroller,
            self.atgarder,
            self.uppfoljningar,
        ];
        v.extend(self.nivaer);
        v.extend(self.status);
        v.extend(self.bedomning);
        v.extend(self.anmarkningar);
        v
    }
}

/// The counts of each document, in order. A finding belongs to the document its `post_id`
/// names (or starts with), else to the first document of its file.
pub fn counts(out: &Output) -> Vec<Counts> {
    let scale = super::matrix::workbook_scale(out);
    let mut all: Vec<Counts> = out
        .dokument
        .iter()
        .map(|d| {
            let mut c = Counts {
                risker: d.risker.len(),
                ..Default::default()
            };
            for r in &d.risker {
                let i = super::matrix::risk_value(r)
                    .map_or(4, |v| super::matrix::level(v, scale) as usize);
                c.nivaer[i] += 1;
            }
            for k in d.risker.iter().flat_map(|r| &r.kontroller) {
                match k.typ {
                    ControlType::Kontroll => c.kontroller += 1,
                    ControlType::Atgard => c.atgarder += 1,
                }
                for u in &k.uppfoljningar {
                    c.uppfoljningar += 1;
                    let s = u
                        .status
                        .and_then(|s| Status::ALL.iter().position(|x| *x == s));
                    c.status[s.unwrap_or(5)] += 1;
                    let a = u
                        .kontrollbedomning
                        .and_then(|a| Assessment::ALL.iter().position(|x| *x == a));
                    c.bedomning[a.unwrap_or(5)] += 1;
                }
            }
            c
        })
        .collect();
    // Documents by id and the first document of each file, so a finding is placed without
    // scanning every document.
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(out.dokument.len());
    let mut by_fil: HashMap<&str, usize> = HashMap::with_capacity(out.dokument.len());
    for (i, d) in out.dokument.iter().enumerate() {
        by_id.entry(d.dokument_id.as_str()).or_insert(i);
        by_fil.entry(d.kalla_fil.as_str()).or_insert(i);
    }
    for f in &out.anmarkningar {
        // The id itself, else the longest prefix ending before a ':' ("dok:r3:k1").
        let by_post = f.post_id.as_deref().and_then(|p| {
            by_id.get(p).copied().or_else(|| {
                p.rmatch_indices(':')
                    .find_map(|(at, _)| by_id.get(&p[..at]).copied())
            })
        });
        let by_file = || f.fil.as_deref().and_then(|fil| by_fil.get(fil).copied());
        if let Some(i) = by_post.or_else(by_file) {
            let sev = match f.allvarlighet {
                Severity::Fel => 0,
                Severity::Varning => 1,
                Severity::Info => 2,
            };
            all[i].anmarkningar[sev] += 1;
        }
    }
    all
}

/// The column headers after the four describing columns, with their groups.
fn headers() -> Vec<(&'static str, String)> {
    let mut h: Vec<(&'static str, String)> = ["Risker", "Kontroller", "Åtgärder", "Uppföljningar"]
        .into_iter()
        .map(|s| ("Antal", s.to_string()))
        .collect();
    h.extend(
        super::matrix::Level::ALL
            .iter()
            .map(|l| ("Risker per risknivå", l.label().to_string())),
    );
    h.push(("Risker per risknivå", "Utan riskvärde".to_string()));
    h.extend(
        Status::ALL
            .iter()
            .map(|s| ("Uppföljningar per status", s.as_str().to_string())),
    );
    h.push(("Uppföljningar per status", "Utan status".to_string()));
    h.extend(Assessment::ALL.iter().map(|a| {
        (
            "Uppföljningar per kontrollbedömning",
            a.as_str().to_string(),
        )
    }));
    h.push((
        "Uppföljningar per kontrollbedömning",
        "Utan bedömning".to_string(),
    ));
    h.extend(["Fel", "Varning", "Info"].map(|s| ("Anmärkningar", s.to_string())));
    h
}

/// The colours of the status series, in [`Status::ALL`] order, then "Utan status".
const STATUS_COLOURS: [u32; 6] = [0xA6A6A6, 0xFFC000, 0x70AD47, 0xC00000, 0x595959, 0xD9D9D9];

const HEAD_ROW: u32 = 4;
const FIRST_COUNT_COL: u16 = 4;

/// The Översikt sheet, built apart from its workbook.
pub fn sheet(out: &Output) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    let ws = &mut sheet;
    ws.set_name("Översikt")?;
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(0xBFBFBF);
    let title = Format::new().set_bold().set_font_size(16);
    let note = Format::new().set_italic().set_font_color(0x595959);
    let group = border(
        Format::new()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(0xB4C6E7),
    );
    let head = border(
        Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(0xD9E1F2),
    );
    let text = border(Format::new().set_text_wrap().set_align(FormatAlign::Top));
    let num = border(Format::new().set_align(FormatAlign::Top));
    let zero = border(
        Format::new()
            .set_font_color(0xBFBFBF)
            .set_align(FormatAlign::Top),
    );
    let total_text = border(Format::new().set_bold().set_background_color(0xF2F2F2));
    let total_num = border(Format::new().set_bold().set_background_color(0xF2F2F2));

    let files = {
        let mut f: Vec<&str> = out.dokument.iter().map(|d| d.kalla_fil.as_str()).collect();
        f.sort_unstable();
        f.dedup();
        f.len()
    };
    ws.write_string_with_format(0, 0, "Översikt", &title)?;
    ws.write_string_with_format(
        1,
        0,
        format!(
            "{} dokument från {} {}. Anmärkningar är ikplans egna iakttagelser om \
             källfilerna (se bladet Anmärkningar).",
            out.dokument.len(),
            files,
            if files == 1 { "fil" } else { "filer" }
        ),
        &note,
    )?;

    let describe = ["Dokument", "Dokument-id", "Typ", "År"];
    let heads = headers();
    for (c, h) in describe.iter().enumerate() {
        ws.merge_range(HEAD_ROW - 1, c as u16, HEAD_ROW, c as u16, h, &head)?;
    }
    let mut c = FIRST_COUNT_COL;
    while (c - FIRST_COUNT_COL) < heads.len() as u16 {
        let g = heads[(c - FIRST_COUNT_COL) as usize].0;
        let span = heads[(c - FIRST_COUNT_COL) as usize..]
            .iter()
            .take_while(|(x, _)| *x == g)
            .count() as u16;
        if span > 1 {
            ws.merge_range(HEAD_ROW - 1, c, HEAD_ROW - 1, c + span - 1, g, &group)?;
        } else {
            ws.write_string_with_format(HEAD_ROW - 1, c, g, &group)?;
        }
        c += span;
    }
    // A level's header has the level's colour, as in Risker and Riskmatris.
    let level_heads: Vec<Format> = super::matrix::Level::ALL
        .iter()
        .map(|l| head.clone().set_background_color(Color::RGB(l.colour())))
        .collect();
    for (i, (_, h)) in heads.iter().enumerate() {
        let level = super::matrix::Level::ALL
            .iter()
            .position(|l| l.label() == h);
        let f = level.map_or(&head, |l| &level_heads[l]);
        ws.write_string_with_format(HEAD_ROW, FIRST_COUNT_COL + i as u16, h, f)?;
    }
    ws.set_row_height(HEAD_ROW, 45)?;

    let per_doc = counts(out);
    // Labels made unique with " (2)", " (3)" …; the next number to try is kept per base
    // label, so 2,000 documents of one committee do not try every number again.
    let mut labels: Vec<String> = Vec::with_capacity(out.dokument.len());
    let mut taken: HashSet<String> = HashSet::with_capacity(out.dokument.len());
    let mut next: HashMap<String, usize> = HashMap::new();
    for d in &out.dokument {
        let base = short_label(d);
        let mut label = base.clone();
        if taken.contains(&label) {
            let n = next.entry(base.clone()).or_insert(2);
            loop {
                label = format!("{base} ({n})");
                *n += 1;
                if !taken.contains(&label) {
                    break;
                }
            }
        }
        taken.insert(label.clone());
        labels.push(label);
    }
    let mut total = Counts::default();
    for (i, (d, c)) in out.dokument.iter().zip(&per_doc).enumerate() {
        let r = HEAD_ROW + 1 + i as u32;
        ws.write_string_with_format(r, 0, &labels[i], &text)?;
        ws.write_string_with_format(r, 1, &d.dokument_id, &text)?;
        let typ = match d.typ {
            DocType::Plan => "plan",
            DocType::Uppfoljning => "uppföljning",
        };
        ws.write_string_with_format(r, 2, typ, &text)?;
        match d.ar {
            Some(ar) => ws.write_number_with_format(r, 3, ar as f64, &num)?,
            None => ws.write_blank(r, 3, &num)?,
        };
        for (j, v) in c.values().into_iter().enumerate() {
            let f = if v == 0 { &zero } else { &num };
            ws.write_number_with_format(r, FIRST_COUNT_COL + j as u16, v as f64, f)?;
        }
        total.add(c);
    }
    let n = out.dokument.len() as u32;
    let tr = HEAD_ROW + 1 + n;
    ws.write_string_with_format(tr, 0, "Totalt", &total_text)?;
    for c in 1..FIRST_COUNT_COL {
        ws.write_blank(tr, c, &total_text)?;
    }
    for (j, v) in total.values().into_iter().enumerate() {
        ws.write_number_with_format(tr, FIRST_COUNT_COL + j as u16, v as f64, &total_num)?;
    }

    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 24)?;
    ws.set_column_width(2, 12)?;
    ws.set_column_width(3, 6)?;
    for (i, (_, h)) in heads.iter().enumerate() {
        let longest_word = h.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
        let w = (longest_word as f64 + 2.0).clamp(8.0, 15.0);
        ws.set_column_width(FIRST_COUNT_COL + i as u16, w)?;
    }
    ws.set_freeze_panes(HEAD_ROW + 1, 1)?;

    if n > 0 {
        let mut chart = Chart::new(ChartType::BarStacked);
        chart.title().set_name("Uppföljningar per status");
        let first = HEAD_ROW + 1;
        let last = HEAD_ROW + n;
        for (i, colour) in STATUS_COLOURS.iter().enumerate() {
            // After the four counts and the five risk levels.
            let col = FIRST_COUNT_COL + 9 + i as u16;
            chart
                .add_series()
                .set_name(("Översikt", HEAD_ROW, col))
                .set_categories(("Översikt", first, 0, last, 0))
                .set_values(("Översikt", first, col, last, col))
                .set_format(ChartSolidFill::new().set_color(Color::RGB(*colour)))
                .set_gap(60);
        }
        // In a bar chart the category axis is the vertical one (y); first document on top.
        chart
            .y_axis()
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max);
        chart.x_axis().set_name("Antal uppföljningar");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(900);
        chart.set_height((160 + 36 * n).min(1600));
        chart.set_alt_text("Uppföljningar per status och dokument");
        ws.insert_chart(tr + 2, 0, &chart)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_active(true);
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Control, Finding, FollowUp, Risk};

    #[test]
    fn counts_follow_ups_and_findings_per_document() {
        let fu = |s: Option<Status>| FollowUp {
            status: s,
            ..Default::default()
        };
        let doc = Document {
            dokument_id: "d".into(),
            kalla_fil: "a.txt".into(),
            risker: vec![Risk {
                kontroller: vec![
                    Control {
                        uppfoljningar: vec![fu(Some(Status::Genomford)), fu(None)],
                        ..Default::default()
                    },
                    Control {
                        typ: ControlType::Atgard,
                        ..Default::default()
                    },
                ],
                ..Default::default()
            }],
            ..Default::default()
        };
        let out = Output {
            dokument: vec![doc],
            anmarkningar: vec![
                Finding {
                    allvarlighet: Severity::Fel,
                    post_id: Some("d:R1".into()),
                    ..Default::default()
                },
                Finding {
                    fil: Some("a.txt".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let c = &counts(&out)[0];
        assert_eq!(
            (c.risker, c.kontroller, c.atgarder, c.uppfoljningar),
            (1, 1, 1, 2)
        );
        assert_eq!(c.status, [0, 0, 1, 0, 0, 1]);
        assert_eq!(c.bedomning[5], 2);
        assert_eq!(c.anmarkningar, [1, 0, 1]);
    }
}
