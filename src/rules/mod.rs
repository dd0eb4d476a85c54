//! Consistency rules: one registry of codes (never reused), findings with locations.
//!
//! Reading and layout report the IK1xx family themselves (they see what was skipped or
//! joined), and assembly the rules that need the raw cell (IK104, IK201, IK301, IK503,
//! IK601, IK602); the families here run over the finished model, one file per family:
//!
//! | family | file | |
//! |---|---|---|
//! | IK1xx | [`structure`] | how the table was read (documentation only) |
//! | IK2xx | [`risk`] | risk values and the scale |
//! | IK3xx | [`dates`] | dates of a control |
//! | IK4xx | [`responsibility`] | who is responsible, status and assessment words |
//! | IK5xx | [`references`] | risks, controls and how they refer to each other |
//! | IK6xx | [`cells`] | cells (documentation only) |
//! | IK7xx | [`years`] | across documents and years of a nämnd (over the whole run) |
//!
//! [`settle`] applies the user's [`RuleOptions`] (ignored codes, severities) to every
//! finding of a file, whoever made it, so that `check` and `convert` report the same.

pub mod cells;
pub mod dates;
pub mod docs;
pub mod ledger;
pub mod options;
pub mod references;
pub mod responsibility;
pub mod risk;
pub mod structure;
pub mod years;

use std::sync::Arc;

pub use crate::finding::{Loc, REGISTRY, Rule, a1, finding, rule};
use crate::layout::{Layout, Role, Table};
use crate::model::{Document, Finding, Period, Provenance, Shared};
pub use docs::RuleDoc;
pub use options::{RuleOptions, Scale, ScaleSource};

/// Vectors joined in order. While nothing is joined yet, a part is moved rather than
/// copied, so joining one large vector with empty ones copies nothing.
pub fn concat<T>(parts: impl IntoIterator<Item = Vec<T>>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for mut v in parts {
        if out.is_empty() && v.len() >= out.capacity() {
            out = v;
        } else {
            out.append(&mut v);
        }
    }
    out
}

/// The model-level rules (IK2xx–IK5xx) over one file's documents.
pub fn check(docs: &[Document], layout: &Layout, opts: &RuleOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    for doc in docs {
        let c = DocCheck::new(doc, layout, opts);
        for family in [
            risk::check,
            dates::check,
            responsibility::check,
            references::check,
            cells::check,
        ] {
            family(&c, &mut out);
        }
    }
    out
}

/// The one place where the user's options meet the findings of a file: findings of ignored
/// codes are dropped, severities replaced, and a finding that names a row but no record gets
/// the record of that row (the control, else the risk), so every stage's findings point the
/// same way.
pub fn settle(findings: &mut Vec<Finding>, docs: &[Document], opts: &RuleOptions) {
    findings.retain(|f| !opts.ignorera.contains(&f.kod));
    let mut index: Option<RecordIndex> = None;
    for f in findings.iter_mut() {
        if let Some(s) = opts.allvarlighet.get(&f.kod) {
            f.allvarlighet = *s;
        }
        if f.post_id.is_none()
            && !ABOUT_TABLES.contains(&f.kod.as_str())
            && let Some(rad) = f.rad
        {
            let risk_first = f.kod.starts_with("IK2");
            let index = index.get_or_insert_with(|| RecordIndex::new(docs));
            f.post_id = index.record_at(f, rad, risk_first);
        }
    }
}

/// The records of a file by source row: the first risk and the first control that span each
/// (sheet, row), built once per file.
/// (file, sheet, row) → (risk id, control id).
type RowRecords =
    std::collections::HashMap<(Shared, Option<Arc<str>>, u32), (Option<String>, Option<String>)>;

struct RecordIndex {
    rows: RowRecords,
}

impl RecordIndex {
    fn new(docs: &[Document]) -> Self {
        let mut rows = std::collections::HashMap::new();
        for r in docs.iter().flat_map(|d| &d.risker) {
            if !is_placeholder(r) {
                for row in rows_of(&r.kalla) {
                    let e: &mut (Option<String>, Option<String>) = rows
                        .entry((r.kalla.fil.clone(), r.kalla.blad.clone(), row))
                        .or_default();
                    e.0.get_or_insert_with(|| r.risk_id.to_string());
                }
            }
            for k in &r.kontroller {
                for row in rows_of(&k.kalla) {
                    let e = rows
                        .entry((k.kalla.fil.clone(), k.kalla.blad.clone(), row))
                        .or_default();
                    e.1.get_or_insert_with(|| k.kontroll_id.to_string());
                }
            }
            if is_placeholder(r) {
                for row in rows_of(&r.kalla) {
                    let e = rows
                        .entry((r.kalla.fil.clone(), r.kalla.blad.clone(), row))
                        .or_default();
                    e.1.get_or_insert_with(|| r.risk_id.to_string());
                }
            }
        }
        RecordIndex { rows }
    }

    /// The id of the record whose source rows hold `rad`: the control (or, for a finding
    /// about a risk value, the risk) first.
    fn record_at(&self, f: &Finding, rad: u32, risk_first: bool) -> Option<String> {
        let key = (
            f.fil.as_deref().unwrap_or_default().into(),
            f.blad.as_deref().map(Into::into),
            rad,
        );
        let (risk, control) = self.rows.get(&key)?;
        if risk_first {
            risk.clone().or(control.clone())
        } else {
            control.clone().or(risk.clone())
        }
    }
}

/// Codes about a table or its header rather than a record: they get no record.
const ABOUT_TABLES: &[&str] = &["IK102", "IK105", "IK106"];

/// Whether a record's cell under `col` could not be read and went to `extra` (the stage
/// that read it reported that, so a rule about the empty field would say it twice).
pub fn unreadable(extra: &crate::model::Extra, col: Option<&ColumnAt>) -> bool {
    col.and_then(|c| c.header)
        .is_some_and(|h| extra.0.iter().any(|(k, _)| k == h))
}

/// The nameless risk that assembly makes for controls that belong to no risk (IK503):
/// not a risk of the plan, so the risk rules leave it alone.
pub fn is_placeholder(r: &crate::model::Risk) -> bool {
    r.riskomrade.trim().is_empty()
}

/// The rows of a provenance: "34" or "34–36".
pub fn rows_of(k: &Provenance) -> std::ops::RangeInclusive<u32> {
    let mut nums = k
        .rader
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse::<u32>().ok());
    let first = nums.next().unwrap_or(0);
    let last = nums.next().unwrap_or(first);
    first..=last
}

/// The first row of a record.
pub fn first_row(k: &Provenance) -> Option<u32> {
    let r = rows_of(k);
    (*r.start() > 0).then_some(*r.start())
}

/// A model field that rules point at: its key in [`Document::kolumner`] and the column
/// roles that fill it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Riskomrade,
    Sannolikhet,
    Konsekvens,
    Riskvarde,
    Kontroll,
    Ansvarig,
    Rapporteringsansvarig,
    Startdatum,
    Avstamningsdatum,
    Slutdatum,
    Status,
    Kontrollbedomning,
    Resultat,
}

impl Field {
    /// The key used in [`Document::kolumner`].
    pub fn key(self) -> &'static str {
        match self {
            Field::Riskomrade => "riskomrade",
            Field::Sannolikhet => "sannolikhet",
            Field::Konsekvens => "konsekvens",
            Field::Riskvarde => "riskvarde",
            Field::Kontroll => "kontroll",
            Field::Ansvarig => "ansvarig",
            Field::Rapporteringsansvarig => "rapporteringsansvarig",
            Field::Startdatum => "startdatum",
            Field::Avstamningsdatum => "avstamningsdatum",
            Field::Slutdatum => "slutdatum",
            Field::Status => "status",
            Field::Kontrollbedomning => "kontrollbedomning",
            Field::Resultat => "resultat",
        }
    }

    /// Whether a column of this role fills the field.
    pub fn filled_by(self, role: Role) -> bool {
        role.model_keys().any(|k| k == self.key())
    }
}

/// The column of a field where a record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnAt<'a> {
    pub index: usize,
    /// The header as written, when the record's table is known.
    pub header: Option<&'a str>,
}

/// One document under check, with what the rules need of its layout.
pub struct DocCheck<'a> {
    pub doc: &'a Document,
    pub layout: &'a Layout,
    pub scale: Scale,
    pub scale_source: ScaleSource,
    grid: bool,
    /// Every table of the layout with its sheet and the span of its data rows, sorted, so
    /// a record's table is found by binary search (plans have 100,000 rows).
    spans: Vec<(Option<&'a str>, u32, u32, &'a Table)>,
}

impl<'a> DocCheck<'a> {
    pub fn new(doc: &'a Document, layout: &'a Layout, opts: &RuleOptions) -> Self {
        let (scale, scale_source) = match (opts.skala, options::scale_in(doc)) {
            (Some(s), _) => (s, ScaleSource::Setting),
            (None, Some(s)) => (s, ScaleSource::Document),
            (None, None) => (Scale::default(), ScaleSource::Default),
        };
        let grid = doc
            .kalla_format
            .map(|f| f.is_grid())
            .unwrap_or_else(|| layout.format.is_grid());
        let mut spans: Vec<(Option<&'a str>, u32, u32, &'a Table)> = layout
            .sheets
            .iter()
            .flat_map(|s| {
                s.items.iter().filter_map(move |i| match i {
                    crate::layout::Item::Table(t) => {
                        let first = t.rows.first()?.first_line;
                        let last = t.rows.iter().map(|r| r.last_line).max()?;
                        Some((s.name.as_deref(), first, last, t))
                    }
                    _ => None,
                })
            })
            .collect();
        spans.sort_by_key(|(sheet, first, _, _)| (*sheet, *first));
        DocCheck {
            doc,
            layout,
            scale,
            scale_source,
            grid,
            spans,
        }
    }

    /// The table of the layout that a record's first row belongs to.
    pub fn table(&self, kalla: &Provenance) -> Option<&'a Table> {
        let row = first_row(kalla)?;
        let sheet = kalla.blad.as_deref();
        let at = self
            .spans
            .partition_point(|(s, first, _, _)| (*s, *first) <= (sheet, row));
        let (s, first, last, t) = self.spans.get(at.checked_sub(1)?)?;
        (*s == sheet && (*first..=*last).contains(&row)).then_some(*t)
    }

    /// The column of `field` in the record's table (for a follow-up, the column of its
    /// period first); when the table is not known, the document's column of that field.
    pub fn column(
        &self,
        kalla: &Provenance,
        field: Field,
        period: Option<Period>,
    ) -> Option<ColumnAt<'a>> {
        match self.table(kalla) {
            Some(t) => {
                // The column of the period, else the first that fills the field (looked up
                // for every finding and date: without collecting the columns).
                let filled = || t.columns.iter().filter(|c| field.filled_by(c.role));
                let c = period
                    .and_then(|_| filled().find(|c| c.period == period))
                    .or_else(|| filled().next())?;
                Some(ColumnAt {
                    index: c.index,
                    header: Some(c.header.as_str()),
                })
            }
            None => self
                .doc
                .kolumner
                .iter()
                .find(|(k, _)| k == field.key())
                .map(|(_, i)| ColumnAt {
                    index: *i,
                    header: None,
                }),
        }
    }

    /// The location of a record's field: file, sheet, first row, and its A1 cell on grids.
    pub fn loc(&self, kalla: &Provenance, field: Option<Field>, period: Option<Period>) -> Loc {
        let rad = first_row(kalla);
        let cell = match (self.grid, rad, field) {
            (true, Some(r), Some(f)) => self.column(kalla, f, period).map(|c| a1(c.index, r)),
            _ => None,
        };
        Loc {
            fil: kalla.fil.to_string(),
            blad: kalla.blad.as_deref().map(str::to_string),
            cell,
            rad,
        }
    }

    /// A finding about one record, located at its field (for a follow-up, the column of
    /// its period).
    pub fn finding(
        &self,
        code: &str,
        message: String,
        at: (&Provenance, Option<Field>, Option<Period>),
        post_id: &str,
    ) -> Finding {
        let (kalla, field, period) = at;
        finding(
            code,
            message,
            self.loc(kalla, field, period),
            Some(post_id.to_string()),
        )
    }
}

/// "tabellen har kolumnen ”Ansvarig”", or "dokumentet har en kolumn för ansvarig" when the
/// record's table (and so the header) is not known.
pub fn column_phrase(col: &ColumnAt, field_name: &str) -> String {
    match col.header {
        Some(h) if !h.is_empty() => format!("tabellen har kolumnen \u{201d}{h}\u{201d}"),
        Some(_) => format!("tabellen har en kolumn för {field_name}"),
        None => format!("dokumentet har en kolumn för {field_name}"),
    }
}

/// The findings of the rules for one document of a text file, with default options (for
/// the rule families' unit tests).
#[cfg(test)]
pub(crate) fn check_text_doc(doc: &Document, file: &str) -> Vec<Finding> {
    let lay = Layout {
        file: file.into(),
        format: crate::read::Format::Text,
        sheets: vec![],
        findings: vec![],
    };
    check(std::slice::from_ref(doc), &lay, &RuleOptions::default())
}

#[cfg(test)]
mod tests {
    use super::concat;

    /// Joined in order; the one vector holding anything is moved, not copied.
    #[test]
    fn concat_joins_in_order_and_moves_a_lone_vector() {
        let big: Vec<u32> = (0..1000).collect();
        let at = big.as_ptr();
        let joined = concat([Vec::new(), big, Vec::new()]);
        assert_eq!(joined.as_ptr(), at);
        assert_eq!(joined, (0..1000).collect::<Vec<_>>());
        assert_eq!(
            concat([vec![1], vec![], vec![2, 3], vec![4]]),
            vec![1, 2, 3, 4]
        );
        assert_eq!(concat([vec![], vec![5, 6]]), vec![5, 6]);
        assert_eq!(concat(Vec::<Vec<u8>>::new()), Vec::<u8>::new());
        assert_eq!(concat([vec![7, 8], vec![]]), vec![7, 8]);
    }
}
