//! Evidence for the layout's decisions: why a column is a field, with a score and its
//! source, the thresholds that turn scores into decisions (named once, here), and what the
//! user decided beforehand (`ikplan.toml`, `--kolumn`).

use super::synonyms::header_key;
use crate::field::Role;

/// Where a piece of evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The header's wording, matched against the vocabulary.
    Wording,
    /// What the column's cells hold (numbers on the risk scale, dates, status words, prose).
    Content,
    /// Where the column stands, or what the other columns are (a process column is the
    /// risk when no other column names it).
    Position,
    /// The user's mapping: decides alone.
    User,
}

impl Basis {
    /// The Swedish word `inspect` shows.
    pub fn label(self) -> &'static str {
        match self {
            Basis::Wording => "ordalydelse",
            Basis::Content => "innehåll",
            Basis::Position => "sammanhang",
            Basis::User => "användarens val",
        }
    }
}

/// One candidate field of a column, with its score (0–1) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub role: Role,
    pub score: f32,
    pub basis: Basis,
    pub note: String,
}

/// The scores evidence gets, in one place: how much a kind of evidence is trusted.
pub mod weight {
    /// Content that leaves no doubt ("Risk" over numbers only: the risk value).
    pub const DECISIVE: f32 = 0.9;
    /// Content or a header row's decision that is rarely wrong.
    pub const STRONG: f32 = 0.8;
    /// Content or context that usually says so (prose in a "Status" column: a result).
    pub const LIKELY: f32 = 0.7;
    /// Context that says so when nothing else does.
    pub const PLAUSIBLE: f32 = 0.6;
    /// Content alone over an unknown header: just above the confidence that is reported.
    pub const WEAK: f32 = 0.55;
}

/// The thresholds of the layout's decisions, in one place.
pub mod threshold {
    /// Nearly every filled cell of a column (a "Typ" column's cells all say control or
    /// action).
    pub const ALL_BUT_A_FEW: f32 = 0.9;
    /// A header row needs at least this many cells that name a field.
    pub const HEADER_MIN_KNOWN: usize = 2;
    /// ... and at least this share of its filled cells naming a field (unknown words lower
    /// the confidence; they only veto a row where they are nearly everything).
    pub const HEADER_MIN_KNOWN_SHARE: f32 = 0.25;
    /// A header cell longer than this (characters) is prose, not a column name.
    pub const HEADER_MAX_CHARS: usize = 160;
    /// A lone text under a table this short (words) may be a risk's name (IK116); an area
    /// heading over a prose follow-up's numbered points is at most this long too.
    pub const LABEL_MAX_WORDS: usize = 8;
    /// A numbered point of a prose follow-up is a phrase of this many words.
    pub const POINT_WORDS: std::ops::RangeInclusive<usize> = 3..=20;
    /// The share of a column's filled cells that must agree for content to decide.
    pub const CONTENT_MAJORITY: f32 = 0.6;
    /// Content alone names an unheaded or unknown column only over at least this many cells.
    pub const MIN_CONTENT_ROWS: usize = 3;
    /// A share of a column's cells this small or smaller says the column is not of a kind
    /// (a "Status" column whose cells are rarely status words).
    pub const MINORITY: f32 = 0.3;
    /// A column of risk values has at most this share of cells that are not numbers.
    pub const FEW_NUMBERS: f32 = 0.2;
    /// Cells this long on average (characters) are text, not numbers or short labels.
    pub const TEXT_MEAN_CHARS: f32 = 25.0;
    /// Category cells are short: a column longer than this on average holds descriptions.
    pub const CATEGORY_MEAN_CHARS: f32 = 35.0;
    /// An area column beside a risk column whose cells are this short on average
    /// ("Ekonomi", "Personal") holds categories, not titles.
    pub const CATEGORY_WORD_CHARS: f32 = 16.0;
    /// A header cell whose wording scores this much is a whole wording (header detection
    /// trusts those where most cells are unknown).
    pub const STRONG_WORDING: f32 = 0.9;
    /// What content that agrees with the wording adds to the confidence.
    pub const AGREEMENT: f32 = 0.2;
    /// Below this confidence a column's field is reported (IK111) with its runner-up.
    pub const LOW_CONFIDENCE: f32 = 0.5;
    /// A section row's text is at most this many words.
    pub const SECTION_MAX_WORDS: usize = 6;
    /// Rows the content probe looks at per column.
    pub const PROBE_ROWS: usize = 400;
}

/// What the user decided about the layout before reading (ikplan.toml's `[kolumner]`,
/// `rubrikrad` of a `[[fil]]`, `--kolumn`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayoutOptions {
    /// Header (as [`header_key`] leaves it) → the field its column is.
    pub kolumner: Vec<(String, Role)>,
    /// The line (1-based row) of the header, where the user knows it.
    pub rubrikrad: Option<u32>,
}

impl LayoutOptions {
    /// Adds a mapping of a header to a field key ("kontroll", "risk.riskomrade", "extra").
    ///
    /// # Errors
    /// The field key names no field.
    pub fn map(&mut self, header: &str, field: &str) -> Result<(), String> {
        let role = Role::from_key(field).ok_or_else(|| {
            format!(
                "okänt fält \u{201d}{field}\u{201d} för kolumnen \u{201d}{header}\u{201d}; giltiga fält: {}",
                Role::field_keys().join(", ")
            )
        })?;
        let key = header_key(header);
        self.kolumner.retain(|(k, _)| *k != key);
        self.kolumner.push((key, role));
        Ok(())
    }

    /// The field the user gave a header, if any: the user's wording as the whole header
    /// or, as a wording of the vocabulary is, as its leading words ("Åtgärd enligt plan"
    /// names "Åtgärd enligt plan (beskriv kortfattat)" too; the longest such wording wins).
    /// Case, punctuation, line breaks and a trailing year do not matter ([`header_key`]).
    pub fn role_for(&self, header: &str) -> Option<Role> {
        if self.kolumner.is_empty() {
            return None;
        }
        let key = header_key(header);
        if let Some((_, r)) = self.kolumner.iter().find(|(k, _)| *k == key) {
            return Some(*r);
        }
        self.kolumner
            .iter()
            .filter(|(k, _)| {
                !k.is_empty()
                    && key.len() > k.len()
                    && key.starts_with(k.as_str())
                    && key[k.len()..].starts_with(' ')
            })
            .max_by_key(|(k, _)| k.len())
            .map(|(_, r)| *r)
    }

    /// These options with `over`'s on top (a file's own settings over the project's).
    pub fn overridden_by(&self, over: &LayoutOptions) -> LayoutOptions {
        let mut out = self.clone();
        for (k, r) in &over.kolumner {
            out.kolumner.retain(|(x, _)| x != k);
            out.kolumner.push((k.clone(), *r));
        }
        out.rubrikrad = over.rubrikrad.or(self.rubrikrad);
        out
    }
}
