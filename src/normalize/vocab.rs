//! Status, assessment and period vocabularies, kept as data a user can extend.

use crate::model::{Assessment, ControlType, Period, Status};
use crate::normalize::number::parse_int;
use crate::normalize::scale_words::{ScaleField, fold_word};
use crate::normalize::text::strip_icons;
use regex::Regex;
use std::sync::LazyLock;

/// The built-in status words. Traffic lights (grön/gul/röd) are deliberately absent: they
/// are an assessment scale.
const STATUS_WORDS: &[(&str, Status)] = &[
    ("ej påbörjad", Status::EjPaborjad),
    ("ej påbörjat", Status::EjPaborjad),
    ("ej startad", Status::EjPaborjad),
    ("ej startat", Status::EjPaborjad),
    ("ej inledd", Status::EjPaborjad),
    ("ej inlett", Status::EjPaborjad),
    ("inte påbörjad", Status::EjPaborjad),
    ("inte påbörjat", Status::EjPaborjad),
    ("inte startad", Status::EjPaborjad),
    ("inte startat", Status::EjPaborjad),
    ("pågående", Status::Pagaende),
    ("pågår", Status::Pagaende),
    ("påbörjad", Status::Pagaende),
    ("påbörjat", Status::Pagaende),
    ("startad", Status::Pagaende),
    ("startat", Status::Pagaende),
    ("under arbete", Status::Pagaende),
    ("delvis utförd", Status::Pagaende),
    ("delvis utfört", Status::Pagaende),
    ("delvis klar", Status::Pagaende),
    ("delvis klart", Status::Pagaende),
    ("pågående arbete", Status::Pagaende),
    ("genomförd", Status::Genomford),
    ("genomfört", Status::Genomford),
    ("genomförda", Status::Genomford),
    ("klar", Status::Genomford),
    ("klart", Status::Genomford),
    ("utförd", Status::Genomford),
    ("utfört", Status::Genomford),
    ("avslutad", Status::Genomford),
    ("avslutat", Status::Genomford),
    ("färdig", Status::Genomford),
    ("färdigt", Status::Genomford),
    ("slutförd", Status::Genomford),
    ("slutfört", Status::Genomford),
    ("åtgärdad", Status::Genomford),
    ("åtgärdat", Status::Genomford),
    ("ja", Status::Genomford),
    // "Genomförd (J/N)": the letters of yes and no.
    ("j", Status::Genomford),
    // "… enligt plan": done, or going on, as the plan said.
    ("genomförd enligt plan", Status::Genomford),
    ("genomfört enligt plan", Status::Genomford),
    ("genomförd enligt planen", Status::Genomford),
    ("genomfört enligt planen", Status::Genomford),
    ("genomförd enligt tidplan", Status::Genomford),
    ("genomfört enligt tidplan", Status::Genomford),
    ("utförd enligt plan", Status::Genomford),
    ("utfört enligt plan", Status::Genomford),
    ("klar enligt plan", Status::Genomford),
    ("klart enligt plan", Status::Genomford),
    ("pågår enligt plan", Status::Pagaende),
    ("pågående enligt plan", Status::Pagaende),
    ("påbörjad enligt plan", Status::Pagaende),
    ("påbörjat enligt plan", Status::Pagaende),
    ("ej genomförd enligt plan", Status::EjGenomford),
    ("ej genomfört enligt plan", Status::EjGenomford),
    ("inte genomförd enligt plan", Status::EjGenomford),
    ("inte genomfört enligt plan", Status::EjGenomford),
    ("ej genomförd", Status::EjGenomford),
    ("ej genomfört", Status::EjGenomford),
    ("inte genomförd", Status::EjGenomford),
    ("inte genomfört", Status::EjGenomford),
    ("ej utförd", Status::EjGenomford),
    ("ej utfört", Status::EjGenomford),
    ("inte utförd", Status::EjGenomford),
    ("inte utfört", Status::EjGenomford),
    ("nej", Status::EjGenomford),
    ("n", Status::EjGenomford),
    ("inställd", Status::Installd),
    ("inställt", Status::Installd),
    ("struken", Status::Installd),
    ("struket", Status::Installd),
    ("stryks", Status::Installd),
    ("utgår", Status::Installd),
    ("utgått", Status::Installd),
    ("avbruten", Status::Installd),
    ("avbrutet", Status::Installd),
    ("ej aktuell", Status::Installd),
    ("ej aktuellt", Status::Installd),
    ("inte aktuell", Status::Installd),
    ("inte aktuellt", Status::Installd),
];

/// The built-in assessment words, traffic lights included.
const ASSESSMENT_WORDS: &[(&str, Assessment)] = &[
    ("inga brister", Assessment::IngaBrister),
    ("ingen brist", Assessment::IngaBrister),
    ("inga avvikelser", Assessment::IngaBrister),
    ("ingen avvikelse", Assessment::IngaBrister),
    ("inga anmärkningar", Assessment::IngaBrister),
    ("utan anmärkning", Assessment::IngaBrister),
    ("utan anmärkningar", Assessment::IngaBrister),
    ("ok", Assessment::IngaBrister),
    ("godkänd", Assessment::IngaBrister),
    ("godkänt", Assessment::IngaBrister),
    ("grön", Assessment::IngaBrister),
    ("grönt", Assessment::IngaBrister),
    ("mindre brister", Assessment::MindreBrister),
    ("mindre brist", Assessment::MindreBrister),
    ("mindre avvikelser", Assessment::MindreBrister),
    ("mindre avvikelse", Assessment::MindreBrister),
    ("smärre brister", Assessment::MindreBrister),
    ("avvikelse av mindre betydelse", Assessment::MindreBrister),
    ("avvikelser av mindre betydelse", Assessment::MindreBrister),
    ("vissa brister", Assessment::MindreBrister),
    ("gul", Assessment::MindreBrister),
    ("gult", Assessment::MindreBrister),
    ("väsentliga brister", Assessment::VasentligaBrister),
    ("väsentlig brist", Assessment::VasentligaBrister),
    ("betydande brister", Assessment::VasentligaBrister),
    ("väsentliga avvikelser", Assessment::VasentligaBrister),
    ("väsentlig avvikelse", Assessment::VasentligaBrister),
    ("betydande avvikelser", Assessment::VasentligaBrister),
    ("större avvikelser", Assessment::VasentligaBrister),
    ("större avvikelse", Assessment::VasentligaBrister),
    ("röd", Assessment::VasentligaBrister),
    ("rött", Assessment::VasentligaBrister),
    ("allvarliga brister", Assessment::AllvarligaBrister),
    ("allvarlig brist", Assessment::AllvarligaBrister),
    ("mycket allvarliga brister", Assessment::AllvarligaBrister),
    ("stora brister", Assessment::AllvarligaBrister),
    ("kritiska brister", Assessment::AllvarligaBrister),
    ("utan anmärkning", Assessment::IngaBrister),
    ("utan anmärkningar", Assessment::IngaBrister),
    ("med viss anmärkning", Assessment::MindreBrister),
    ("med anmärkning", Assessment::MindreBrister),
    ("med anmärkningar", Assessment::MindreBrister),
    ("med allvarlig anmärkning", Assessment::VasentligaBrister),
    ("godkänd med anmärkning", Assessment::MindreBrister),
    ("godkänd med anmärkningar", Assessment::MindreBrister),
    ("ej godkänd", Assessment::VasentligaBrister),
    ("inte godkänd", Assessment::VasentligaBrister),
    ("allvarliga avvikelser", Assessment::AllvarligaBrister),
    ("allvarlig avvikelse", Assessment::AllvarligaBrister),
    ("ingen bedömning gjord", Assessment::IngenBedomning),
    ("ingen bedömning", Assessment::IngenBedomning),
    ("ej bedömd", Assessment::IngenBedomning),
    ("ej bedömt", Assessment::IngenBedomning),
    ("inte bedömd", Assessment::IngenBedomning),
    ("inte bedömt", Assessment::IngenBedomning),
    ("bedömning saknas", Assessment::IngenBedomning),
];

/// Words in a column that says whether a row is a control or an action.
const TYPE_WORDS: &[(&str, ControlType)] = &[
    ("kontroll", ControlType::Kontroll),
    ("kontrollmoment", ControlType::Kontroll),
    ("kontrollaktivitet", ControlType::Kontroll),
    ("granskning", ControlType::Kontroll),
    ("uppföljning", ControlType::Kontroll),
    ("k", ControlType::Kontroll),
    ("åtgärd", ControlType::Atgard),
    ("åtgärder", ControlType::Atgard),
    ("aktivitet", ControlType::Atgard),
    ("förbättringsåtgärd", ControlType::Atgard),
    ("riskreducerande åtgärd", ControlType::Atgard),
    ("å", ControlType::Atgard),
];

/// Words of a risk-treatment column ("Riskhantering": Kontroll / Åtgärd / Accepteras) that
/// accept the risk, ASCII-folded: the row is the risk's, with no control.
const ACCEPT_WORDS: &[&str] = &[
    "accepteras",
    "acceptera",
    "accepterad",
    "accepterat",
    "godtas",
    "tolereras",
];

/// Whether a label accepts the risk rather than naming a control or an action
/// ("Accepteras", "Acceptera risken").
pub fn accepts_risk(label: &str) -> bool {
    let w = words_of(&strip_icons(label)).words;
    w.len() <= 3
        && w.first()
            .is_some_and(|f| ACCEPT_WORDS.contains(&f.as_str()))
}

/// Words that only match a whole label, never its start: "Ja, delvis" is no status.
/// (ASCII-folded, as labels are compared.)
const WHOLE_ONLY: &[&str] = &["ja", "nej", "j", "n", "ok", "brister", "k", "a"];

/// The subjects a status sentence opens with ("Kontrollen är genomförd."), ASCII-folded.
const SENTENCE_SUBJECTS: &[&str] = &[
    "kontrollen",
    "kontrollerna",
    "kontrollmomentet",
    "momentet",
    "granskningen",
    "uppfoljningen",
    "atgarden",
    "atgarderna",
    "aktiviteten",
    "arbetet",
];

/// The words that map onto each canonical value. `Vocab::default()` holds the built-in
/// vocabulary; `extend_*` adds a user's words (from ikplan.toml).
///
/// A label matches a word when, icons, case, diacritics and punctuation at the ends ignored,
/// they are the same words ("✔ Genomförd." = "genomförd", "Ej-påbörjad" = "ej påbörjad"),
/// or — a safe prefix form — when the label starts with the word followed by punctuation
/// or a number ("Genomförd, se kommentar", "Klar 2022-06-30", "Mindre brister/avvikelser";
/// not "Genomförd delvis", and never for "ja", "nej", "ok", "brister"). Whole matches win
/// over prefix forms, a longer prefix over a shorter, and a later entry over an earlier one,
/// so a user's words (added after the built-ins) take precedence.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    status: Vec<(Vec<String>, Status)>,
    /// Words that say a row is a control or an action (a "Typ" column).
    typ: Vec<(Vec<String>, ControlType)>,
    assessment: Vec<(Vec<String>, Assessment)>,
    /// A user's words for a period ("T2" → delår), matched as whole words of a header.
    period: Vec<(Vec<String>, Period)>,
    /// A document's steps of a risk scale ("Sannolikhet: Osannolik = 1, Möjlig = 2, …"):
    /// the field, the word as [`fold_word`] spells it, its step.
    scale: Vec<(ScaleField, String, i64)>,
    /// Symbols a document's legend defines ("✓ = Genomförd"): matched as the whole label.
    symbols: Vec<(String, Legend)>,
}

/// A category's code in a legend is this many characters at most ("E", "EK", "VHT").
const CODE_MAX_CHARS: usize = 3;

/// What a word of a document's legend means.
#[derive(Debug, Clone, PartialEq)]
enum Legend {
    Status(Status),
    Assessment(Assessment),
    /// A category a code stands for ("Kategori: E = Ekonomi, V = Verksamhet").
    Category(String),
    /// A step of the field's scale.
    Step(ScaleField, i64),
}

/// What a legend's meaning maps to: the whole meaning, else its last words ("kontrollen ej
/// genomförd" → "ej genomförd"), in its first clause ("påbörjad men inte klar" is
/// "påbörjad") and never words a negation denies or a degree limits ("inte klar" is not
/// "klar", "delvis genomförd" not "genomförd").
fn meaning_of<T>(m: &str, map: impl Fn(&str) -> Option<T>) -> Option<T> {
    const NEGATIONS: [&str; 4] = ["inte", "ej", "icke", "delvis"];
    let first = m.split([',', ';']).next().unwrap_or(m);
    let words: Vec<&str> = first.split_whitespace().collect();
    let words = match words.iter().position(|w| *w == "men") {
        Some(k) if k > 0 => &words[..k],
        _ => &words[..],
    };
    (0..words.len().min(6))
        .filter(|&k| k == 0 || !NEGATIONS.contains(&words[k - 1].to_lowercase().as_str()))
        .find_map(|k| map(&words[k..].join(" ")))
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            status: STATUS_WORDS
                .iter()
                .map(|(w, s)| (words_of(w).words, *s))
                .collect(),
            typ: TYPE_WORDS
                .iter()
                .map(|(w, t)| (words_of(w).words, *t))
                .collect(),
            assessment: ASSESSMENT_WORDS
                .iter()
                .map(|(w, a)| (words_of(w).words, *a))
                .collect(),
            period: Vec::new(),
            scale: Vec::new(),
            symbols: Vec::new(),
        }
    }
}

impl Vocab {
    /// The canonical status of a source label ("✔ Genomförd", " Pågående", "Klar", "Pågår",
    /// "Påbörjad", "Utförd", "Ej startad", "grön"…), icons and case ignored. `None` when
    /// the label maps to nothing (or is empty).
    ///
    /// Traffic lights ("grön") map to no status unless the user adds them.
    pub fn status(&self, label: &str) -> Option<Status> {
        match self.symbol(label) {
            Some(Legend::Status(s)) => Some(s),
            _ => lookup(&self.status, label)
                .or_else(|| self.verdict(label).map(|(s, _)| s))
                .or_else(|| self.answer_or_sentence(label)),
        }
    }

    /// A status written as a short sentence or an answer: "Kontrollen är genomförd.",
    /// "Kontrollen pågår.", "Kontrollen har inte genomförts." (a subject, a verb of being, and
    /// a status word, negation included; the passive "genomförts" is "genomfört"), or a yes
    /// followed by when ("Ja, oktober 2014"). "Kontrollen är delvis genomförd." and "Ja,
    /// delvis" say no canonical status.
    fn answer_or_sentence(&self, label: &str) -> Option<Status> {
        if label.len() > 80 {
            return None;
        }
        let l = words_of(&strip_icons(label));
        let w = &l.words;
        if w.len() < 2 || w.len() > 6 {
            return None;
        }
        if w[0] == "ja" {
            let when = |x: &String| {
                x.chars().all(|c| c.is_ascii_digit())
                    || FULL_MONTHS.contains(&x.as_str())
                    || matches!(x.as_str(), "i" | "under" | "per" | "den" | "vecka" | "v")
            };
            return w[1..].iter().all(when).then_some(Status::Genomford);
        }
        if !SENTENCE_SUBJECTS.contains(&w[0].as_str()) {
            return None;
        }
        let mut rest: Vec<String> = w[1..].to_vec();
        if rest
            .first()
            .is_some_and(|x| matches!(x.as_str(), "ar" | "har" | "blev" | "blir"))
        {
            rest.remove(0);
        }
        if let Some(last) = rest.last_mut()
            && last.len() > 3
            && last.ends_with("ts")
        {
            last.pop();
        }
        if rest.is_empty() || rest.len() > 3 {
            return None;
        }
        exact(&self.status, &rest)
    }

    /// A status followed by an assessment, nothing else: "Utfört utan anmärkning",
    /// "Genomförd, mindre brister".
    pub fn verdict(&self, label: &str) -> Option<(Status, Assessment)> {
        // Two to six words: asked of every unknown status and assessment, so the words
        // are made only for short texts with a space.
        if label.len() > 80 || !label.trim().contains(' ') {
            return None;
        }
        let l = words_of(&strip_icons(label));
        if l.words.len() < 2 || l.words.len() > 6 {
            return None;
        }
        (1..l.words.len()).find_map(|n| {
            let (head, tail) = l.words.split_at(n);
            Some((exact(&self.status, head)?, exact(&self.assessment, tail)?))
        })
    }

    /// What a symbol the document's legend defines means, when the label is that symbol.
    fn symbol(&self, label: &str) -> Option<Legend> {
        if self.symbols.is_empty() {
            return None;
        }
        let t = label.trim();
        self.symbols
            .iter()
            .rev()
            .find(|(w, _)| w == t || w.to_lowercase() == t.to_lowercase())
            .map(|(_, m)| m.clone())
    }

    /// The canonical assessment of a source label ("◆ Mindre brister", "Inga brister",
    /// "Inga avvikelser", "Större avvikelser", "Ej bedömd"…). `None` when it maps to
    /// nothing, as for a bare "Brister", which names no degree.
    ///
    /// Traffic lights map: grön → Inga brister, gul → Mindre brister, röd → Väsentliga
    /// brister.
    pub fn assessment(&self, label: &str) -> Option<Assessment> {
        match self.symbol(label) {
            Some(Legend::Assessment(a)) => Some(a),
            _ => lookup(&self.assessment, label)
                .or_else(|| self.verdict(label).map(|(_, a)| a))
                .or_else(|| self.assessment_sentence(label)),
        }
    }

    /// An assessment written as a short sentence: a subject, a verb of showing and an
    /// assessment ("Kontrollen visar mindre brister.", "Granskningen har visat inga
    /// brister."), or an assessment and a verb of finding ("Inga brister noterades.", "Inga
    /// brister har upptäckts."), either followed by where it was found ("… vid kontrollen",
    /// "… i enstaka ärenden").
    fn assessment_sentence(&self, label: &str) -> Option<Assessment> {
        const SHOWING: [&str; 10] = [
            "visar",
            "visade",
            "visat",
            "pavisar",
            "pavisade",
            "pavisat",
            "uppvisar",
            "uppvisade",
            "gav",
            "ger",
        ];
        const FOUND: [&str; 9] = [
            "noterades",
            "noterats",
            "konstaterades",
            "konstaterats",
            "upptacktes",
            "upptackts",
            "hittades",
            "observerades",
            "pavisades",
        ];
        // Where the finding was made, after it: "… vid kontrollen", "… i enstaka ärenden".
        const PLACES: [&str; 7] = ["vid", "i", "under", "inom", "hos", "bland", "pa"];
        let place = |tail: &[String]| {
            tail.is_empty() || (tail.len() <= 3 && PLACES.contains(&tail[0].as_str()))
        };
        if label.len() > 80 {
            return None;
        }
        let l = words_of(&strip_icons(label));
        let w = &l.words;
        if w.len() < 2 || w.len() > 7 {
            return None;
        }
        if SENTENCE_SUBJECTS.contains(&w[0].as_str()) {
            let mut r = &w[1..];
            if r.first().is_some_and(|x| x == "har") {
                r = &r[1..];
            }
            let r = match r.split_first() {
                Some((verb, r)) if SHOWING.contains(&verb.as_str()) => r,
                _ => return None,
            };
            (1..=r.len().min(3))
                .rev()
                .find_map(|n| exact(&self.assessment, &r[..n]).filter(|_| place(&r[n..])))
        } else {
            let verb = w.iter().position(|x| FOUND.contains(&x.as_str()))?;
            let (mut head, tail) = (&w[..verb], &w[verb + 1..]);
            // The perfect's auxiliary before the verb: "Inga brister har upptäckts."
            if let [rest @ .., aux] = head
                && matches!(aux.as_str(), "har" | "hade")
            {
                head = rest;
            }
            if head.is_empty() || head.len() > 3 || !place(tail) {
                return None;
            }
            exact(&self.assessment, head)
        }
    }

    /// Whether a label says control or action ("Kontroll", "Åtgärd", "K", "Å"). `None`
    /// when it says neither.
    pub fn control_type(&self, label: &str) -> Option<ControlType> {
        lookup(&self.typ, label)
    }

    /// Adds a user's word for a control type; it takes precedence over the built-ins.
    pub fn extend_type(&mut self, word: &str, t: ControlType) {
        self.typ.push((words_of(word).words, t));
    }

    /// Adds a user's status word; it takes precedence over the built-ins.
    pub fn extend_status(&mut self, word: &str, status: Status) {
        self.status.push((words_of(word).words, status));
    }

    /// Adds a user's assessment word; it takes precedence over the built-ins.
    pub fn extend_assessment(&mut self, word: &str, a: Assessment) {
        self.assessment.push((words_of(word).words, a));
    }

    /// Adds a user's period word ("T2", "Uppföljning 1"); it takes precedence over the
    /// built-in period words.
    pub fn extend_period(&mut self, word: &str, p: Period) {
        self.period.push((words_of(word).words, p));
    }

    /// The vocabulary with the words a document's legend defines ("Status: Grön =
    /// kontrollen genomförd, Gul = kontrollen pågår, Röd = kontrollen ej genomförd"), or
    /// `None` when no line is such a legend. A legend has two entries or more, each a word or
    /// up to three, "=" and a meaning that is a status or an assessment (its last words are enough:
    /// "kontrollen genomförd" is "genomförd"); the label before the first entry, when there
    /// is one, decides which. The document's legend goes before the user's words.
    ///
    /// A legend wrapped over lines, its line ending inside the list ("…, Fungerar inte =" /
    /// "väsentliga brister."), goes on with the next line. A code of one letter ("A =
    /// Ingen avvikelse") is, like a symbol, matched as the whole label.
    pub fn with_legends<'a>(&self, lines: impl Iterator<Item = &'a str>) -> Option<Vocab> {
        let lines: Vec<&str> = lines.collect();
        let mut out: Option<Vocab> = None;
        let mut k = 0;
        while k < lines.len() {
            let (entries, used) = self.wrapped_legend(&lines[k..]);
            k += used;
            let Some(entries) = entries else {
                continue;
            };
            let v = out.get_or_insert_with(|| self.clone());
            for (word, meaning) in entries {
                let w = word.trim();
                match meaning {
                    Legend::Category(_) => v.symbols.push((w.to_string(), meaning)),
                    _ if words_of(w).words.is_empty()
                        || w.starts_with('(')
                        || (w.chars().count() == 1
                            && w.chars().all(char::is_alphabetic)
                            && !matches!(meaning, Legend::Step(..))) =>
                    {
                        v.symbols.push((word.trim().to_string(), meaning));
                    }
                    Legend::Status(s) => v.extend_status(&word, s),
                    Legend::Assessment(a) => v.extend_assessment(&word, a),
                    Legend::Step(f, n) => v.scale.push((f, fold_word(&word), n)),
                }
            }
        }
        out
    }

    /// The legend that starts at `lines[0]`, and how many lines it takes: a line that ends
    /// inside its list (on "=", "," or ";") goes on with the next, up to three lines, when
    /// the lines together are a legend.
    fn wrapped_legend(&self, lines: &[&str]) -> (Option<Vec<(String, Legend)>>, usize) {
        let mut joined = lines.first().map_or("", |l| l.trim()).to_string();
        let mut best = (self.legend(&joined), 1);
        for (n, next) in lines.iter().enumerate().skip(1).take(2) {
            if !joined.contains('=') || !joined.ends_with(['=', ',', ';']) {
                break;
            }
            joined.push(' ');
            joined.push_str(next.trim());
            if let Some(entries) = self.legend(&joined) {
                best = (Some(entries), n + 1);
            }
        }
        best
    }

    /// A legend line's (word, what it means) entries; see [`Vocab::with_legends`].
    fn legend(&self, line: &str) -> Option<Vec<(String, Legend)>> {
        // A word or up to four ("I allt väsentligt = inga brister", "Avvikelse av mindre
        // betydelse = mindre brister"), or a symbol ("✓ = Genomförd", "(P) = Pågående"), "=",
        // and its meaning.
        static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"^\s*(\p{L}+(?:\s\p{L}+){0,3}|\p{N}{1,2}|\(\p{L}{1,2}\)|[^\s\p{L}\p{N}=,;:]{1,3})\s*=\s*(\S.*?)\s*$",
            )
            .expect("legend entry regex")
        });
        // Entries apart: "," or ";", a wide gap, or a symbol's entry after another's.
        static APART: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"\s*[,;]\s*|\s{2,}|\s+([^\s\p{L}\p{N}=,;:]{1,3}\s*=)")
                .expect("legend separator regex")
        });
        let line = line.trim();
        if line.len() > 400 {
            return None;
        }
        if !line.contains('=') {
            return self.symbol_legend(line);
        }
        // "Status: Grön = …": the label before the first entry, a word or two, or a short
        // clause that names the kind ("Bedömningen görs i tre steg: Ingen avvikelse = …").
        let (label, body) = match line.split_once(':') {
            Some((l, rest))
                if rest.contains('=') && !l.contains('=') && l.split_whitespace().count() <= 6 =>
            {
                (Some(l.trim().to_lowercase()), rest)
            }
            _ => (None, line),
        };
        let mut parts: Vec<&str> = Vec::new();
        let mut from = 0;
        for c in APART.captures_iter(body) {
            let (whole, next) = (c.get(0).expect("match"), c.get(1));
            parts.push(&body[from..whole.start()]);
            from = next.map_or(whole.end(), |m| m.start());
        }
        parts.push(&body[from..]);
        let entries: Vec<(String, String)> = parts
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .map(|part| {
                ENTRY
                    .captures(part)
                    .map(|c| (c[1].to_string(), c[2].trim_end_matches('.').to_string()))
            })
            .collect::<Option<_>>()?;
        // Numbers stand for words only under a label that says what they grade
        // ("Bedömning: 1 = Inga brister, 2 = …"); unlabelled, "1 = …" is a scale's.
        if entries.len() < 2
            || (label.is_none() && entries.iter().any(|(w, _)| w.chars().all(char::is_numeric)))
        {
            return None;
        }
        // "Kategori: E = Ekonomi, V = Verksamhet": the codes of a category column.
        if label
            .as_deref()
            .is_some_and(|l| crate::layout::synonyms::role_of(l) == crate::field::Role::Kategori)
            && entries
                .iter()
                .all(|(w, m)| w.chars().count() <= CODE_MAX_CHARS && !m.is_empty() && m.len() <= 60)
        {
            return Some(
                entries
                    .into_iter()
                    .map(|(w, m)| (w, Legend::Category(m)))
                    .collect(),
            );
        }
        self.legend_meanings(label.as_deref(), entries, false)
    }

    /// The category a code of the document's legend stands for ("E" → "Ekonomi").
    pub fn category(&self, code: &str) -> Option<String> {
        match self.symbol(code) {
            Some(Legend::Category(c)) => Some(c),
            _ => None,
        }
    }

    /// A legend of symbols each followed by its meaning, without "=" ("Status: ● Genomförd
    /// ◐ Delvis genomförd ○ Ej genomförd"): two symbols or more, each different, each with
    /// one to four words. A symbol whose words mean no canonical value means nothing; two
    /// must mean one.
    fn symbol_legend(&self, line: &str) -> Option<Vec<(String, Legend)>> {
        let is_symbol = |t: &str| {
            t.chars().count() <= 3
                && t.chars()
                    .all(|c| !c.is_alphanumeric() && !c.is_ascii() && !"–—‘’“”«»…•·".contains(c))
        };
        let (label, body) = match line.split_once(':') {
            Some((l, rest)) if l.split_whitespace().count() <= 3 => {
                (Some(l.trim().to_lowercase()), rest)
            }
            _ => (None, line),
        };
        let mut entries: Vec<(String, String)> = Vec::new();
        for token in body.split_whitespace() {
            if is_symbol(token) {
                entries.push((token.to_string(), String::new()));
                continue;
            }
            let (_, meaning) = entries.last_mut()?;
            if !token.chars().all(char::is_alphabetic) {
                return None;
            }
            if !meaning.is_empty() {
                meaning.push(' ');
            }
            meaning.push_str(token);
        }
        let distinct = entries
            .iter()
            .enumerate()
            .all(|(i, (w, _))| entries[..i].iter().all(|(o, _)| o != w));
        let worded = entries
            .iter()
            .all(|(_, m)| (1..=4).contains(&m.split_whitespace().count()));
        if entries.len() < 2 || !distinct || !worded {
            return None;
        }
        self.legend_meanings(label.as_deref(), entries, true)
    }

    /// What each entry of a legend means, by its label ("Status", "Bedömning", a scale's
    /// field) or else the scale its meanings are on. Every entry must mean a value, unless
    /// `partial`, when those that mean none are left out and two must remain.
    fn legend_meanings(
        &self,
        label: Option<&str>,
        entries: Vec<(String, String)>,
        partial: bool,
    ) -> Option<Vec<(String, Legend)>> {
        // "Sannolikhet: Osannolik = 1, Möjlig = 2, …": the document's own scale.
        let field = match label.map(|l| l.split_whitespace().next()) {
            Some(Some("sannolikhet")) => Some(ScaleField::Sannolikhet),
            Some(Some("konsekvens")) => Some(ScaleField::Konsekvens),
            _ => None,
        };
        // The step on either side: "Lindrig = 1" or "1 = Lindrig".
        if let Some(field) = field {
            let step = |x: &str| parse_int(x).filter(|n| (1..=10).contains(n));
            let word = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_alphabetic() || c == ' ');
            let steps: Option<Vec<(String, i64)>> = entries
                .iter()
                .map(|(w, m)| match (step(m), step(w)) {
                    (Some(n), _) => Some((w.clone(), n)),
                    (None, Some(n)) if word(m) => Some((m.clone(), n)),
                    _ => None,
                })
                .collect();
            return steps.map(|steps| {
                steps
                    .into_iter()
                    .map(|(w, n)| (w, Legend::Step(field, n)))
                    .collect()
            });
        }
        // Each entry's meaning; `None` for all when one means nothing (unless `partial`).
        let all = |m: Vec<Option<Legend>>| -> Option<Vec<Option<Legend>>> {
            let n = m.iter().flatten().count();
            ((partial && n >= 2) || n == m.len()).then_some(m)
        };
        let statuses = all(entries
            .iter()
            .map(|(_, m)| meaning_of(m, |x| self.status(x)).map(Legend::Status))
            .collect());
        let assessments = all(entries
            .iter()
            .map(|(_, m)| meaning_of(m, |x| self.assessment(x)).map(Legend::Assessment))
            .collect());
        // The label names the kind ("Status:", "Bedömning:"); without one, the scale the
        // meanings are on.
        let assessment_label = label.map(|l| l.contains("bedöm") || l.contains("brist"));
        let meanings: Vec<Option<Legend>> = match (assessment_label, statuses, assessments) {
            (Some(false) | None, Some(s), _) => s,
            (Some(true) | None, _, Some(a)) => a,
            _ => return None,
        };
        Some(
            entries
                .into_iter()
                .map(|(word, _)| word)
                .zip(meanings)
                .filter_map(|(w, m)| Some((w, m?)))
                .collect(),
        )
    }

    /// The step a document's legend gives a scale word of `field` ("Sannolik" is 3 under
    /// "Sannolikhet: Osannolik = 1, Möjlig = 2, Sannolik = 3, …"); a later legend wins.
    pub fn scale_step(&self, word: &str, field: ScaleField) -> Option<i64> {
        if self.scale.is_empty() {
            return None;
        }
        let w = fold_word(word);
        self.scale
            .iter()
            .rev()
            .find(|(f, x, _)| *f == field && *x == w)
            .map(|(_, _, n)| *n)
    }

    /// The period a header names: a user's period word (its words in a row among the
    /// header's), else [`period_in`].
    pub fn period_in(&self, text: &str) -> Option<Period> {
        let words = words_of(text).words;
        self.period
            .iter()
            .rev()
            .find(|(w, _)| !w.is_empty() && words.windows(w.len()).any(|x| x == &w[..]))
            .map(|(_, p)| *p)
            .or_else(|| period_in(text))
    }
}

/// A lowercase, ASCII-folded text cut into words, with whether more than white space stood
/// between them.
struct Words {
    words: Vec<String>,
    /// `marked[i]`: something other than white space stands between word `i` and word
    /// `i + 1` (a comma, a dash, an icon).
    marked: Vec<bool>,
}

/// Cuts a text into words (runs of letters and digits), lowercase and ASCII-folded. Icons
/// have no letters or digits, so they only ever mark a gap.
fn words_of(s: &str) -> Words {
    let mut words = Vec::new();
    let mut marked = Vec::new();
    let mut word = String::new();
    let (mut gap, mut mark) = (false, false);
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if gap {
                words.push(std::mem::take(&mut word));
                marked.push(mark);
                (gap, mark) = (false, false);
            }
            word.push(fold(c));
        } else if !word.is_empty() {
            gap = true;
            mark |= !c.is_whitespace();
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    Words { words, marked }
}

/// Swedish and common diacritics folded to ASCII: å, ä → a; ö → o; é → e …
fn fold(c: char) -> char {
    match c {
        'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
        'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ü' | 'ú' | 'ù' => 'u',
        c => c,
    }
}

/// The value of the entry that best matches `label`; see [`Vocab`].
/// `entries` hold each vocabulary word already cut by [`words_of`].
/// The value of the entry that is exactly these words (a later entry wins).
fn exact<T: Copy>(entries: &[(Vec<String>, T)], words: &[String]) -> Option<T> {
    entries
        .iter()
        .rev()
        .find(|(w, _)| w[..] == words[..])
        .map(|(_, v)| *v)
}

fn lookup<T: Copy>(entries: &[(Vec<String>, T)], label: &str) -> Option<T> {
    let l = words_of(&strip_icons(label));
    if l.words.is_empty() {
        return None;
    }
    let mut best: Option<(usize, T)> = None;
    for (w, value) in entries.iter().rev() {
        let n = w.len();
        if n == 0 || n > l.words.len() || l.words[..n] != w[..] {
            continue;
        }
        if n == l.words.len() {
            return Some(*value);
        }
        let whole_only = n == 1 && WHOLE_ONLY.contains(&w[0].as_str());
        let marked = l.marked.get(n - 1).copied().unwrap_or(false);
        let next_is_number = l
            .words
            .get(n)
            .is_some_and(|x| x.starts_with(|c: char| c.is_ascii_digit()));
        let separated = marked || next_is_number;
        if !whole_only && separated && best.is_none_or(|(len, _)| n > len) {
            best = Some((n, *value));
        }
    }
    best.map(|(_, v)| v)
}

/// Word stems that name the interim period when followed by a period suffix.
const DELAR_STEMS: &[&str] = &["delår", "halvår", "tertial"];
/// Word stems that name the year-end when followed by a period suffix.
const HELAR_STEMS: &[&str] = &["helår", "bokslut"];
/// Words that start with these name the interim period whatever follows.
const DELAR_PREFIXES: &[&str] = &["vårbokslut", "tertialrapport", "tertialuppföljning"];
/// Words that start with these name the year-end whatever follows.
const HELAR_PREFIXES: &[&str] = &[
    "årsbokslut",
    "årsredovisning",
    "årsskifte",
    "årsuppföljning",
    "årsrapport",
    "årsresultat",
    "helårsuppföljning",
    "verksamhetsberättelse",
];
/// What may follow a stem: its inflections, or "s" and a report word ("delårsrapport",
/// "helårsuppföljningen"). Not "mål", "prognos", "effekt": "delårsmål" names no period.
const STEM_ENDINGS: &[&str] = &["", "et", "en", "ets", "ens"];
const REPORT_WORDS: &[&str] = &[
    "rapport",
    "rapporten",
    "rapportering",
    "rapporteringen",
    "bokslut",
    "bokslutet",
    "uppföljning",
    "uppföljningen",
    "redovisning",
    "redovisningen",
    "avstämning",
    "avstämningen",
    "analys",
    "analysen",
    "dialog",
    "dialogen",
];

/// The period a single word names, if any.
fn period_of_word(w: &str) -> Option<Period> {
    let by_stem = |stems: &[&str]| {
        stems.iter().any(|stem| {
            w.strip_prefix(stem).is_some_and(|rest| {
                STEM_ENDINGS.contains(&rest)
                    || rest
                        .strip_prefix('s')
                        .is_some_and(|r| REPORT_WORDS.contains(&r))
                    || (*stem == "tertial" && REPORT_WORDS.contains(&rest))
            })
        })
    };
    let by_prefix = |prefixes: &[&str]| prefixes.iter().any(|p| w.starts_with(p));
    if by_stem(DELAR_STEMS) || by_prefix(DELAR_PREFIXES) {
        Some(Period::Delar)
    } else if by_stem(HELAR_STEMS) || by_prefix(HELAR_PREFIXES) {
        Some(Period::Helar)
    } else {
        None
    }
}

/// The follow-up period a text names: delår, delårsrapport, delårsbokslut, tertial,
/// "per augusti", vårbokslut → `Delar`; helår, årsbokslut, bokslut, årsredovisning,
/// årsskifte, "inför årsbokslutet", helårsuppföljning → `Helar`. `None` when neither.
///
/// Word-based and case-insensitive: "Kommentar per delår 2022" → `Delar`; "delårsmål"
/// names no period. Also read: halvår (`Delar`), "per [den] [31] <month>" (December →
/// `Helar`, another month → `Delar`), årsuppföljning, verksamhetsberättelse (`Helar`). A
/// text that names both ("Delår och helår") gives `None`.
pub fn period_in(text: &str) -> Option<Period> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut found: Option<Period> = None;
    let mut note = |p: Period| -> bool {
        match found {
            Some(f) if f != p => false,
            _ => {
                found = Some(p);
                true
            }
        }
    };
    for (i, w) in words.iter().enumerate() {
        let mut p = period_of_word(w);
        // The third tertial ("Tertial 3", "T3") ends the year; the first two are delår.
        let tertial = match (*w, words.get(i + 1)) {
            ("tertial", Some(n)) => Some(*n),
            (t, _) if t.len() == 2 && t.starts_with('t') => Some(&t[1..]),
            _ => None,
        };
        match tertial {
            Some("3") => p = Some(Period::Helar),
            Some("1" | "2") => p = Some(Period::Delar),
            _ => {}
        }
        if *w == "per" {
            p = month_after_per(&words[i + 1..]).map(period_of_month);
        }
        // "Januari – augusti 2016", "januari t.o.m. december": the months the report covers.
        if *w == "januari" {
            p = words[i + 1..]
                .iter()
                .find(|x| !matches!(**x, "till" | "tom" | "t" | "o" | "m" | "med"))
                .and_then(|x| FULL_MONTHS.iter().position(|m| m == x))
                .filter(|&m| m > 0)
                .map(|m| period_of_month(m + 1));
        }
        // "Uppföljning december 2017": a follow-up named by its month.
        if matches!(*w, "uppföljning" | "uppföljningen" | "uppföljningsrapport") {
            p = p.or_else(|| {
                words
                    .get(i + 1)
                    .and_then(|x| FULL_MONTHS.iter().position(|m| m == x))
                    .map(|m| period_of_month(m + 1))
            });
        }
        if let Some(p) = p
            && !note(p)
        {
            return None;
        }
    }
    found
}

/// The quarter (1–4) a word names, with the word after it: "kvartal 2", "kv 2", "kv2",
/// "q2".
fn quarter_number(w: &str, next: Option<&str>) -> Option<u8> {
    let digit = |s: &str| {
        (s.len() == 1)
            .then(|| s.parse::<u8>().ok())
            .flatten()
            .filter(|n| (1..=4).contains(n))
    };
    match w {
        "kvartal" | "kv" => next.and_then(digit),
        _ => w
            .strip_prefix("kv")
            .or_else(|| w.strip_prefix('q'))
            .and_then(digit),
    }
}

/// The follow-up period a card's label alone names: a month ("April", December ends the
/// year) or a period word ("Delår", "T2", "Helår").
///
/// Not a quarter: a card's "Q3: X" marks when the control is done, no follow-up (a column
/// under a quarter's header is told by its cells, see [`period_header`]).
pub fn period_label(label: &str) -> Option<Period> {
    if let Some(m) = month_label(label) {
        return Some(period_of_month(m));
    }
    let t = label.trim().trim_end_matches(['.', ':']).to_lowercase();
    (t.split_whitespace().count() <= 2)
        .then(|| period_in(&t))
        .flatten()
}

/// The period a header names when it names nothing else ("Kvartal 1", "Q2", "T1",
/// "Delår", "April"): a few words at most.
///
/// A quarter too ("Kvartal 4", "Q4", "Kv4" end the year; the first three are delår), which
/// [`period_in`] leaves alone: "Q1 | Q2" over marks are when a control is done, and only
/// the cells under such a header tell a follow-up.
pub fn period_header(header: &str) -> Option<Period> {
    let t = header.trim().trim_end_matches(['.', ':']).to_lowercase();
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let quarter = match words.as_slice() {
        [w] => quarter_number(w, None),
        [w, n] => quarter_number(w, Some(n)),
        _ => None,
    };
    match quarter {
        Some(4) => Some(Period::Helar),
        Some(_) => Some(Period::Delar),
        None => period_label(header),
    }
}

/// The month (1–12) a label alone names ("April", "December:").
fn month_label(label: &str) -> Option<usize> {
    let t = label.trim().trim_end_matches(['.', ':']).to_lowercase();
    FULL_MONTHS.iter().position(|m| *m == t).map(|m| m + 1)
}

/// The period a report at the end of a month (1–12) follows up: December's ends the year.
fn period_of_month(m: usize) -> Period {
    if m == 12 {
        Period::Helar
    } else {
        Period::Delar
    }
}

/// The number of the period a header names: "Kommentar T2", "Tertial 1 Status", "Delår 2",
/// "Kvartal 3", "Q3"; a month's header ("April") its month, from 101 on.
pub fn period_number(header: &str) -> Option<u8> {
    if let Some(m) = month_label(header) {
        return u8::try_from(m + 100).ok();
    }
    let lower = header.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().find_map(|(i, w)| {
        let digit = |s: &str| {
            (s.len() == 1)
                .then(|| s.parse::<u8>().ok())
                .flatten()
                .filter(|n| (1..=4).contains(n))
        };
        match *w {
            "tertial" | "delår" | "delårsrapport" => words.get(i + 1).and_then(|n| digit(n)),
            w if w.len() == 2 && w.starts_with('t') => digit(&w[1..]),
            _ => quarter_number(w, words.get(i + 1).copied()),
        }
    })
}

/// The month names "per" is read with (abbreviations are too easily something else).
pub const FULL_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The month of "[den] [31] <month>" at the start of `rest` (the words after "per").
fn month_after_per(rest: &[&str]) -> Option<usize> {
    let mut it = rest.iter().copied().peekable();
    if it.peek() == Some(&"den") {
        it.next();
    }
    if it
        .peek()
        .is_some_and(|w| w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()))
    {
        it.next();
    }
    let month = it.next()?;
    FULL_MONTHS.iter().position(|m| *m == month).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_periods_and_month_labels() {
        assert_eq!(period_in("Tertial 3 Status"), Some(Period::Helar));
        assert_eq!(period_in("Kommentar T2"), Some(Period::Delar));
        assert_eq!(period_in("Bedömning T3"), Some(Period::Helar));
        assert_eq!(period_number("Kommentar T2"), Some(2));
        assert_eq!(period_number("Tertial 1 Status"), Some(1));
        assert_eq!(period_number("Delår 2"), Some(2));
        assert_eq!(period_number("Status"), None);
        assert_eq!(period_number("Typ"), None);
        assert_eq!(period_number("April"), Some(104));
        assert_eq!(period_label("April"), Some(Period::Delar));
        assert_eq!(period_label("December"), Some(Period::Helar));
        assert_eq!(period_label("Ansvarig"), None);
        // Quarters: a header naming one alone; the fourth ends the year.
        assert_eq!(period_header("Kvartal 1"), Some(Period::Delar));
        assert_eq!(period_header("Q3"), Some(Period::Delar));
        assert_eq!(period_header("Kv4"), Some(Period::Helar));
        assert_eq!(period_header("Delår"), Some(Period::Delar));
        assert_eq!(period_header("Kommentar"), None);
        assert_eq!(period_in("Q3"), None);
        assert_eq!(period_in("Varje kvartal"), None);
        assert_eq!(period_number("Kv3"), Some(3));
        assert_eq!(period_number("Kvartal 2"), Some(2));
        assert_eq!(period_number("Q4"), Some(4));
        assert_eq!(period_number("Kv 5"), None);
        assert_eq!(period_header("Kv2"), Some(Period::Delar));
        assert_eq!(period_label("Q3"), None);
    }

    #[test]
    fn status_builtins() {
        let v = Vocab::default();
        let cases = [
            ("✔ Genomförd", Status::Genomford),
            (" Pågående", Status::Pagaende),
            ("▶ Pågående", Status::Pagaende),
            ("Klar", Status::Genomford),
            ("KLART.", Status::Genomford),
            ("Pågår", Status::Pagaende),
            ("Påbörjad", Status::Pagaende),
            ("Utförd", Status::Genomford),
            ("Avslutad", Status::Genomford),
            ("Ja", Status::Genomford),
            ("Ej startad", Status::EjPaborjad),
            ("Ej påbörjad", Status::EjPaborjad),
            ("inte påbörjad", Status::EjPaborjad),
            ("Ej inledd", Status::EjPaborjad),
            ("Ej genomförd", Status::EjGenomford),
            ("Inte genomfört", Status::EjGenomford),
            ("Nej", Status::EjGenomford),
            ("Under arbete", Status::Pagaende),
            ("Pågående arbete", Status::Pagaende),
            ("Inställd", Status::Installd),
            ("Utgår", Status::Installd),
            ("Avbruten", Status::Installd),
            ("Ej-påbörjad", Status::EjPaborjad),
            ("Pagaende", Status::Pagaende),
            ("  genomförd  ", Status::Genomford),
            ("\u{f0fc}Genomförd", Status::Genomford),
            ("Genomförd enligt plan", Status::Genomford),
            ("Pågår enligt plan", Status::Pagaende),
            ("Ej genomförd enligt plan", Status::EjGenomford),
        ];
        for (label, want) in cases {
            assert_eq!(v.status(label), Some(want), "{label:?}");
        }
    }

    #[test]
    fn a_risk_treatment_word_accepts_the_risk() {
        assert!(accepts_risk("Accepteras"));
        assert!(accepts_risk("Acceptera risken"));
        assert!(!accepts_risk("Åtgärd"));
        assert!(!accepts_risk(
            "Kontroll av att accepterade avvikelser följs upp"
        ));
    }

    #[test]
    fn status_prefix_forms() {
        let v = Vocab::default();
        assert_eq!(v.status("Genomförd, se kommentar"), Some(Status::Genomford));
        assert_eq!(v.status("Klar 2022-06-30"), Some(Status::Genomford));
        assert_eq!(
            v.status("Pågående (klart i december)"),
            Some(Status::Pagaende)
        );
        assert_eq!(
            v.status("Ej genomförd – flyttas till 2024"),
            Some(Status::EjGenomford)
        );
        assert_eq!(v.status("Genomförd delvis"), None);
        assert_eq!(v.status("Delvis genomförd enligt plan"), None);
        assert_eq!(v.status("Påbörjad men ej klar"), None);
        assert_eq!(v.status("Ja, delvis"), None);
        assert_eq!(v.status("Nej, inte ännu"), None);
    }

    #[test]
    fn assessment_sentences() {
        let v = Vocab::default();
        for (label, want) in [
            (
                "Kontrollen visar mindre brister.",
                Some(Assessment::MindreBrister),
            ),
            (
                "Kontrollen visar inga brister.",
                Some(Assessment::IngaBrister),
            ),
            (
                "Granskningen har visat väsentliga brister.",
                Some(Assessment::VasentligaBrister),
            ),
            ("Inga brister noterades.", Some(Assessment::IngaBrister)),
            (
                "Väsentliga brister har upptäckts.",
                Some(Assessment::VasentligaBrister),
            ),
            ("Inga brister har upptäckts.", Some(Assessment::IngaBrister)),
            (
                "Mindre brister hade noterats.",
                Some(Assessment::MindreBrister),
            ),
            ("Brister har upptäckts.", None),
            (
                "Inga brister noterades vid kontrollen.",
                Some(Assessment::IngaBrister),
            ),
            (
                "Mindre brister noterades i enstaka ärenden.",
                Some(Assessment::MindreBrister),
            ),
            (
                "Kontrollen visade mindre brister i två ärenden.",
                Some(Assessment::MindreBrister),
            ),
            ("Mindre brister noterades och åtgärdades.", None),
            ("Kontrollen visar inga brister och rutinen följs.", None),
            ("Ingen avvikelse", Some(Assessment::IngaBrister)),
            ("Kontrollen visar att rutinen följs.", None),
            ("Mindre brister i attesten noterades.", None),
            ("Inga fel.", None),
        ] {
            assert_eq!(v.assessment(label), want, "{label}");
        }
    }

    #[test]
    fn status_sentences_and_answers() {
        let v = Vocab::default();
        let cases = [
            ("Kontrollen är genomförd.", Some(Status::Genomford)),
            ("Kontrollen pågår.", Some(Status::Pagaende)),
            ("Kontrollen har inte genomförts.", Some(Status::EjGenomford)),
            ("Kontrollen har genomförts", Some(Status::Genomford)),
            ("Kontrollen är ej påbörjad.", Some(Status::EjPaborjad)),
            ("Kontrollen är delvis genomförd.", None),
            ("Kontrollen är bra.", None),
            ("Kontrollen har visat att rutinen följs.", None),
            ("Ja, oktober 2014", Some(Status::Genomford)),
            ("Ja, i november", Some(Status::Genomford)),
            ("Ja, delvis", None),
            ("Delvis, 6 av 10 ärenden", None),
            ("Delvis genomförd", None),
        ];
        for (label, want) in cases {
            assert_eq!(v.status(label), want, "{label:?}");
        }
    }

    #[test]
    fn status_unknown_traffic_lights_and_garbage() {
        let v = Vocab::default();
        for label in [
            "grön",
            "Gul",
            "RÖD",
            "",
            "   ",
            "✔",
            "◆ ●",
            "12",
            "Genomförande",
            "klarhet",
            "Se bilaga 3",
            "ej",
        ] {
            assert_eq!(v.status(label), None, "{label:?}");
        }
    }

    #[test]
    fn assessment_builtins() {
        let v = Vocab::default();
        let cases = [
            ("◆ Mindre brister", Assessment::MindreBrister),
            (" Mindre brister", Assessment::MindreBrister),
            ("Mindre brister/avvikelser", Assessment::MindreBrister),
            ("Inga brister", Assessment::IngaBrister),
            ("Inga avvikelser", Assessment::IngaBrister),
            ("Utan anmärkning", Assessment::IngaBrister),
            ("OK", Assessment::IngaBrister),
            ("Godkänd", Assessment::IngaBrister),
            ("Smärre brister", Assessment::MindreBrister),
            ("Större avvikelser", Assessment::VasentligaBrister),
            ("Väsentliga brister", Assessment::VasentligaBrister),
            ("Betydande brister", Assessment::VasentligaBrister),
            ("Allvarliga brister", Assessment::AllvarligaBrister),
            ("Stora brister", Assessment::AllvarligaBrister),
            ("Kritiska brister", Assessment::AllvarligaBrister),
            ("Ingen bedömning gjord", Assessment::IngenBedomning),
            ("Ej bedömd", Assessment::IngenBedomning),
            ("ej bedömt", Assessment::IngenBedomning),
            ("Ingen bedömning", Assessment::IngenBedomning),
            ("🟢 Grön", Assessment::IngaBrister),
            ("gul", Assessment::MindreBrister),
            ("Röd", Assessment::VasentligaBrister),
        ];
        for (label, want) in cases {
            assert_eq!(v.assessment(label), Some(want), "{label:?}");
        }
        for label in [
            "",
            "Brister i rutinen",
            // A bare "Brister" names no degree.
            "Brister",
            "Ok, men",
            "Genomförd",
            "okänd",
            "Oklart",
            "🟢",
        ] {
            assert_eq!(v.assessment(label), None, "{label:?}");
        }
    }

    #[test]
    fn user_words_take_precedence() {
        let mut v = Vocab::default();
        v.extend_status("Grön", Status::Genomford);
        v.extend_status("klar", Status::Pagaende);
        v.extend_status("Åtgärd vidtagen", Status::Genomford);
        v.extend_status("Grön bock", Status::Genomford);
        v.extend_assessment("Brister", Assessment::MindreBrister);
        assert_eq!(v.status("✔ grön"), Some(Status::Genomford));
        assert_eq!(v.status("Klar"), Some(Status::Pagaende));
        assert_eq!(v.status("Klar, 2022"), Some(Status::Pagaende));
        assert_eq!(v.status("åtgärd vidtagen"), Some(Status::Genomford));
        assert_eq!(v.status("grön bock"), Some(Status::Genomford));
        assert_eq!(v.status("Genomförd"), Some(Status::Genomford));
        assert_eq!(v.assessment("brister"), Some(Assessment::MindreBrister));
        assert_eq!(
            v.assessment("Väsentliga brister"),
            Some(Assessment::VasentligaBrister)
        );
    }

    #[test]
    fn period_words() {
        let cases = [
            (
                "Uppföljning av Internkontroll, per delårsrapport 2022",
                Some(Period::Delar),
            ),
            ("Kommentar per delår 2022", Some(Period::Delar)),
            ("Resultat delåret", Some(Period::Delar)),
            ("Delårsbokslut", Some(Period::Delar)),
            ("Tertial 2", Some(Period::Delar)),
            ("Tertialrapport 1", Some(Period::Delar)),
            ("Uppföljning per augusti", Some(Period::Delar)),
            ("Uppföljning per den 31 augusti 2023", Some(Period::Delar)),
            ("inför vårbokslutet", Some(Period::Delar)),
            ("Halvårsuppföljning", Some(Period::Delar)),
            ("Helår", Some(Period::Helar)),
            ("Helår:", Some(Period::Helar)),
            ("Internkontrollplan 2019", None),
            ("HELÅRSUPPFÖLJNING", Some(Period::Helar)),
            ("Uppföljning inför årsbokslutet", Some(Period::Helar)),
            ("Bokslut 2023", Some(Period::Helar)),
            ("Årsredovisning", Some(Period::Helar)),
            ("vid årsskiftet", Some(Period::Helar)),
            ("Status per 31 december", Some(Period::Helar)),
            ("Delår och helår", None),
            ("Delårsrapport samt årsbokslut", None),
            ("Uppföljning av plan för intern kontroll 2023", None),
            ("Delårsmål för verksamheten", None),
            ("bokslutsprognos", None),
            ("per capita", None),
            ("per mar", None),
            ("", None),
            ("✔ 😀", None),
        ];
        for (text, want) in cases {
            assert_eq!(period_in(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_status_and_an_assessment_in_one() {
        let v = Vocab::default();
        assert_eq!(
            v.verdict("Utfört utan anmärkning"),
            Some((Status::Genomford, Assessment::IngaBrister))
        );
        assert_eq!(v.status("Utfört med anmärkning"), Some(Status::Genomford));
        assert_eq!(
            v.assessment("Genomförd, mindre brister"),
            Some(Assessment::MindreBrister)
        );
        assert_eq!(v.verdict("Ej utfört"), None);
    }

    #[test]
    fn a_legend_under_a_clause_of_longer_words() {
        let v = Vocab::default()
            .with_legends(
                ["Bedömningen görs i tre steg: Ingen avvikelse = inga brister, Avvikelse av mindre betydelse = mindre brister, Avvikelse av större betydelse = väsentliga brister."]
                    .into_iter(),
            )
            .expect("a legend");
        assert_eq!(
            v.assessment("Avvikelse av mindre betydelse"),
            Some(Assessment::MindreBrister)
        );
        assert_eq!(
            v.assessment("Avvikelse av större betydelse"),
            Some(Assessment::VasentligaBrister)
        );
        assert_eq!(
            v.assessment("Ingen avvikelse"),
            Some(Assessment::IngaBrister)
        );
    }

    #[test]
    fn a_legend_wrapped_over_two_lines() {
        // The third entry's meaning is on the next line.
        let v = Vocab::default()
            .with_legends(
                [
                    "Bedömning av kontrollen: Fungerar väl = inga brister, Fungerar delvis = mindre brister, Fungerar inte =",
                    "väsentliga brister.",
                ]
                .into_iter(),
            )
            .expect("a legend");
        assert_eq!(v.assessment("Fungerar väl"), Some(Assessment::IngaBrister));
        assert_eq!(
            v.assessment("Fungerar delvis"),
            Some(Assessment::MindreBrister)
        );
        assert_eq!(
            v.assessment("Fungerar inte"),
            Some(Assessment::VasentligaBrister)
        );
        // Entries wrapped after a comma.
        let v = Vocab::default()
            .with_legends(
                [
                    "Status: Grön = genomförd, Gul = pågår,",
                    "Röd = ej genomförd",
                ]
                .into_iter(),
            )
            .expect("a legend");
        assert_eq!(v.status("Röd"), Some(Status::EjGenomford));
        assert_eq!(v.status("Gul"), Some(Status::Pagaende));
    }

    #[test]
    fn a_labelled_legend_of_letters() {
        let v = Vocab::default()
            .with_legends(
                ["Bedömning: A = Ingen avvikelse, B = Avvikelse av mindre betydelse, C = Allvarlig avvikelse"]
                    .into_iter(),
            )
            .expect("a legend");
        assert_eq!(v.assessment("A"), Some(Assessment::IngaBrister));
        assert_eq!(v.assessment("B"), Some(Assessment::MindreBrister));
        assert_eq!(v.assessment(" C "), Some(Assessment::AllvarligaBrister));
        // A letter is the whole label, never a label's first word.
        assert_eq!(v.assessment("A. Se kommentar"), None);
        assert_eq!(Vocab::default().assessment("B"), None);
    }

    #[test]
    fn a_legend_of_letters_and_bracketed_letters() {
        let v = Vocab::default()
            .with_legends(
                [
                    "Teckenförklaring status: OK = Genomförd, (P) = Pågående, X = Ej genomförd, \
                  O = Ej påbörjad, – = Inställd",
                ]
                .into_iter(),
            )
            .expect("a legend");
        assert_eq!(v.status("OK"), Some(Status::Genomford));
        assert_eq!(v.status("(P)"), Some(Status::Pagaende));
        assert_eq!(v.status("X"), Some(Status::EjGenomford));
        assert_eq!(v.status("O"), Some(Status::EjPaborjad));
        assert_eq!(v.status("–"), Some(Status::Installd));
        // The bracketed letter is the whole label, never a word of one.
        assert_eq!(v.status("P"), None);
    }

    #[test]
    fn a_legend_of_symbols_without_equals_signs() {
        let v = Vocab::default()
            .with_legends(["Status: ● Genomförd ◐ Delvis genomförd ○ Ej genomförd"].into_iter())
            .expect("a legend");
        assert_eq!(v.status("●"), Some(Status::Genomford));
        assert_eq!(v.status("○"), Some(Status::EjGenomford));
        // A meaning no canonical status ("Delvis genomförd") gives its symbol none.
        assert_eq!(v.status("◐"), None);
        // Bullets of one kind, and symbols before prose, are no legend.
        let base = Vocab::default();
        assert!(
            base.with_legends(["• Genomförd • Ej genomförd"].into_iter())
                .is_none()
        );
        assert!(
            base.with_legends(["Åtgärder: ● Se över rutiner 2023 ○ Utbilda"].into_iter())
                .is_none()
        );
    }

    #[test]
    fn a_labelled_legend_of_numbers() {
        let v = Vocab::default()
            .with_legends(
                ["Bedömning: 1 = Inga brister, 2 = Mindre brister, 3 = Väsentliga brister"]
                    .into_iter(),
            )
            .expect("a legend");
        assert_eq!(v.assessment("2"), Some(Assessment::MindreBrister));
        assert_eq!(v.assessment("3"), Some(Assessment::VasentligaBrister));
        // Unlabelled, numbers are a scale's steps, not words.
        assert!(
            Vocab::default()
                .with_legends(["1 = Inga brister, 2 = Mindre brister"].into_iter())
                .is_none()
        );
        assert_eq!(
            Vocab::default().assessment("Godkänd med anmärkning"),
            Some(Assessment::MindreBrister)
        );
    }

    #[test]
    fn a_legend_of_symbols_set_apart_by_wide_gaps() {
        let v = Vocab::default()
            .with_legends(
                ["Status: ✓ = Genomförd   ◐ = Pågående   ○ = Ej påbörjad   ✗ = Ej genomförd"]
                    .into_iter(),
            )
            .expect("a legend");
        assert_eq!(v.status("✓"), Some(Status::Genomford));
        assert_eq!(v.status(" ◐ "), Some(Status::Pagaende));
        assert_eq!(v.status("○"), Some(Status::EjPaborjad));
        assert_eq!(v.status("✗"), Some(Status::EjGenomford));
        // The words keep their meaning; a symbol the legend does not name means nothing.
        assert_eq!(v.status("Genomförd"), Some(Status::Genomford));
        assert_eq!(v.status("●"), None);
        assert_eq!(Vocab::default().status("✓"), None);
        // Symbols one space apart.
        let v = Vocab::default()
            .with_legends(["✓ = Inga brister ! = Mindre brister"].into_iter())
            .expect("a legend");
        assert_eq!(v.assessment("!"), Some(Assessment::MindreBrister));
    }

    #[test]
    fn a_documents_legend_defines_its_scale() {
        let v = Vocab::default()
            .with_legends(
                [
                    "Sannolikhet: Osannolik = 1, Möjlig = 2, Sannolik = 3, Mycket sannolik = 4",
                    "Konsekvens: Lindrig = 1, Kännbar = 2, Allvarlig = 3, Mycket allvarlig = 4",
                    "Risknivå: Låg (grön) = 1-4, Medel (gul) = 5-8",
                ]
                .into_iter(),
            )
            .expect("a legend");
        assert_eq!(v.scale_step("Sannolik", ScaleField::Sannolikhet), Some(3));
        assert_eq!(
            v.scale_step("MYCKET SANNOLIK", ScaleField::Sannolikhet),
            Some(4)
        );
        assert_eq!(v.scale_step("Kännbar", ScaleField::Konsekvens), Some(2));
        // Each field its own words; words the legend does not name are left to the scales.
        assert_eq!(v.scale_step("Kännbar", ScaleField::Sannolikhet), None);
        assert_eq!(v.scale_step("Försumbar", ScaleField::Konsekvens), None);
        assert_eq!(
            Vocab::default().scale_step("Sannolik", ScaleField::Sannolikhet),
            None
        );
        // The step before its word.
        let v = Vocab::default()
            .with_legends(
                ["Konsekvens: 1 = Försumbar, 2 = Lindrig, 3 = Kännbar, 4 = Allvarlig"].into_iter(),
            )
            .expect("a legend");
        assert_eq!(v.scale_step("Lindrig", ScaleField::Konsekvens), Some(2));
        assert_eq!(v.scale_step("Allvarlig", ScaleField::Konsekvens), Some(4));
        // A scale legend must give every word a step.
        assert!(
            Vocab::default()
                .with_legends(["Sannolikhet: Låg = liten, Hög = stor"].into_iter())
                .is_none()
        );
    }

    #[test]
    fn a_documents_legend_defines_its_words() {
        let base = Vocab::default();
        assert_eq!(base.status("Gul"), None);
        let v = base
            .with_legends(
                [
                    "Mjölby kommun",
                    "Status: Grön = kontrollen genomförd, Gul = kontrollen pågår, Röd = kontrollen ej genomförd",
                ]
                .into_iter(),
            )
            .expect("a legend");
        assert_eq!(v.status("Grön"), Some(Status::Genomford));
        assert_eq!(v.status("gul"), Some(Status::Pagaende));
        assert_eq!(v.status("Röd"), Some(Status::EjGenomford));
        // A meaning denied ("inte klar") or after "men" is not what the word means.
        let v = base
            .with_legends(
                ["Status: Klar = kontrollen är genomförd, Pågår = kontrollen är påbörjad men inte klar."]
                    .into_iter(),
            )
            .expect("a legend");
        assert_eq!(v.status("Pågår"), Some(Status::Pagaende));
        assert_eq!(v.status("Klar"), Some(Status::Genomford));
        // An assessment legend without a label.
        let v = base
            .with_legends(["Grönt = inga brister; Rött = väsentliga brister"].into_iter())
            .expect("a legend");
        assert_eq!(v.assessment("Rött"), Some(Assessment::VasentligaBrister));
        // Words of three, meanings in lower case, a bare "Nej" among them.
        let v = base
            .with_legends(
                ["Bedömning: I allt väsentligt = inga brister, Endast delvis = mindre brister, Nej = väsentliga brister"]
                    .into_iter(),
            )
            .expect("a legend");
        assert_eq!(
            v.assessment("I allt väsentligt"),
            Some(Assessment::IngaBrister)
        );
        assert_eq!(
            v.assessment("Endast delvis"),
            Some(Assessment::MindreBrister)
        );
        assert_eq!(v.assessment("Nej"), Some(Assessment::VasentligaBrister));
        // A risk level's legend, and sentences with "=", are none.
        assert!(
            base.with_legends(
                [
                    "Riskbedömning: Grön = låg risk, Gul = medelhög risk, Röd = hög risk",
                    "Riskvärde = sannolikhet x konsekvens",
                ]
                .into_iter()
            )
            .is_none()
        );
    }
}
