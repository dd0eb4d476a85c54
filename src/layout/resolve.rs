//! The resolver: decides each column's field from the evidence of its header's wording, its
//! content and the other columns, under named constraints, with the user's mapping as a
//! hard decision. Every decision keeps its candidates and reasons for `inspect`.

use super::evidence::threshold::{
    AGREEMENT, ALL_BUT_A_FEW, CATEGORY_MEAN_CHARS, CATEGORY_WORD_CHARS, CONTENT_MAJORITY,
    FEW_NUMBERS, MIN_CONTENT_ROWS, MINORITY, TEXT_MEAN_CHARS,
};
use super::evidence::{Basis, Evidence, LayoutOptions, weight};
use super::probe::Profile;
use super::synonyms::{header_key, wording_candidates};
use super::{Column, Table};
use crate::field::{Level, Role};
use crate::normalize::vocab::Vocab;

/// Decides the field of every column of `table` (whose rows are already collected).
/// `follow_up_title`: a title above the table names a follow-up ("Uppföljning av …").
pub fn resolve(table: &mut Table, opts: &LayoutOptions, vocab: &Vocab, above: &Above) {
    let rows: Vec<&[crate::read::Cell]> = table.rows.iter().map(|r| r.cells.as_slice()).collect();
    let profiles = Profile::of_columns(&rows, table.columns.len(), vocab);
    let follow_up_title = above.follow_up_title;
    for (col, profile) in table.columns.iter_mut().zip(&profiles) {
        decide(col, profile, opts, vocab);
        defined_above(col, &above.defined);
        // The user's period words ("T2" = "delar") name a header's period too.
        if let Some(p) = vocab.period_in(&col.header) {
            col.period = Some(p);
        }
    }
    period_status(table, &profiles, vocab, above.legend.as_ref());
    // Typed records (Typ: Risk / Kontroll): a generic name column names both.
    super::records::settle(table, vocab);
    if let Some(i) = super::records::name_column(table, vocab) {
        position(
            &mut table.columns[i],
            Role::Riskomrade,
            super::records::NAME_NOTE,
        );
    }
    constraints(table, &profiles, above.grid);
    factor_pairs_beside_a_value(table);
    comments_in_a_plan(table, follow_up_title);
    one_period(table);
    period_numbers(table);
}

/// "Kvartal 1 | Q2 | Kv3", "T1", "Delår" over status words, or over symbols, codes or
/// colours the sheet's legend names as statuses ("Teckenförklaring: ✓ = Genomförd, (P) =
/// Pågående"): the status of that period. Not over anything else: "Q1 | Q2" over "ja",
/// "x", "Se bilaga" are columns of the kommun's own, kept in extra. Such columns side by
/// side are judged together, so a small table (one per risk) needs only a filled cell in
/// each.
fn period_status(table: &mut Table, profiles: &[Profile], vocab: &Vocab, legend: Option<&Vocab>) {
    const NOTE: &str = "rubriken anger en period och cellerna en status";
    // Unknown by its wording, or read as the status or the assessment by its content
    // (colour words, "Röd", "Grön", are both): a period's header alone names neither.
    let named = |c: &Column| {
        let by_content = |role: Role| {
            c.role == role
                && c.candidates
                    .first()
                    .is_some_and(|e| e.basis == Basis::Content)
        };
        (c.role == Role::Okand || by_content(Role::Kontrollbedomning) || by_content(Role::Status))
            && !user(c)
            && crate::normalize::vocab::period_header(&c.header).is_some()
    };
    // The share of a column's filled cells that are statuses, by the legend when the sheet
    // has one: a yes or no the vocabulary reads as a status ("Ja", "Nej") is none here.
    let words = legend.unwrap_or(vocab);
    let share = |index: usize| -> (usize, f32) {
        let (mut filled, mut known) = (0usize, 0usize);
        for c in table
            .rows
            .iter()
            .filter_map(|r| r.cells.get(index).filter(|c| !c.value.is_empty()))
        {
            filled += 1;
            let t = c.value.plain();
            let t = t.trim();
            if words.status(t).is_some() && !(super::probe::is_flag(t) && vocab.status(t).is_some())
            {
                known += 1;
            }
        }
        (
            filled,
            if filled == 0 {
                0.0
            } else {
                known as f32 / filled as f32
            },
        )
    };
    let shares: Vec<Option<(usize, f32)>> = table
        .columns
        .iter()
        .zip(profiles)
        .map(|(c, p)| (named(c) && p.prose < MINORITY).then(|| share(c.index)))
        .collect();
    // Such columns side by side are judged together: two cells at least in all.
    let filled: usize = shares.iter().flatten().map(|(n, _)| n).sum();
    let statuses: Vec<usize> = shares
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            // Traffic lights ("Röd", "Grön") too, with or without a legend.
            s.is_some_and(|(n, sh)| {
                n >= 1 && (sh >= CONTENT_MAJORITY || profiles[*i].level >= CONTENT_MAJORITY)
            }) && filled >= 2
        })
        .map(|(i, _)| i)
        .collect();
    for i in statuses {
        let c = &mut table.columns[i];
        c.decide(Role::Status, weight::LIKELY, Basis::Content, NOTE);
        c.period = c
            .period
            .or_else(|| crate::normalize::vocab::period_header(&c.header));
    }
}

/// "Status delår | Kommentar": when the follow-up columns that name a period all name the
/// same one, the others belong to it too (one follow-up, not two). When they name several
/// ("Status tertial 1 | Status tertial 2 | Kommentar"), a column without a period whose
/// field the period to its left lacks belongs to that period: the comment is written beside
/// the latest status, not as a follow-up of no period.
fn one_period(table: &mut Table) {
    let follow_up = |c: &Column| c.role.level() == Level::FollowUp;
    let mut periods = table
        .columns
        .iter()
        .filter(|c| follow_up(c))
        .filter_map(|c| c.period);
    let Some(first) = periods.next() else {
        return;
    };
    if periods.any(|p| p != first) {
        beside_the_last_period(table);
        return;
    }
    for c in table.columns.iter_mut() {
        if follow_up(c) && c.period.is_none() {
            c.period = Some(first);
        }
    }
}

/// See [`one_period`]: the columns without a period after the follow-up columns that name
/// several, each joining the period written last before it when that period has no column
/// of its field.
fn beside_the_last_period(table: &mut Table) {
    let follow_up = |c: &Column| c.role.level() == Level::FollowUp;
    let mut order: Vec<&Column> = table.columns.iter().collect();
    order.sort_by_key(|c| c.index);
    let mut last = None;
    let mut joins = Vec::new();
    for c in order.iter().filter(|c| follow_up(c)) {
        match (c.period, last) {
            (Some(p), _) => last = Some(p),
            (None, Some(p)) => {
                let taken = table
                    .columns
                    .iter()
                    .any(|o| o.period == Some(p) && o.role == c.role);
                if !taken {
                    joins.push((c.index, p));
                }
            }
            (None, None) => {}
        }
    }
    for (index, p) in joins {
        if let Some(c) = table.columns.iter_mut().find(|c| c.index == index) {
            c.period = Some(p);
        }
    }
}

/// The number of the period each column's header names ("Tertial 2" → 2). A follow-up
/// column naming none, after columns of its period that name several numbers, is written
/// beside the latest of them ("Status: Tertial 1 | Tertial 2 | Kommentar"): it takes the
/// number of the numbered column nearest to its left when that one has no column of its
/// field (as [`beside_the_last_period`] does for periods).
fn period_numbers(table: &mut Table) {
    for c in table.columns.iter_mut() {
        c.number = crate::normalize::vocab::period_number(&c.header);
    }
    let follow_up = |c: &Column| c.role.level() == Level::FollowUp;
    one_number(table);
    let mut order: Vec<usize> = (0..table.columns.len()).collect();
    order.sort_by_key(|&i| table.columns[i].index);
    let mut last: Option<usize> = None;
    for i in order {
        let c = &table.columns[i];
        if !follow_up(c) {
            continue;
        }
        if c.number.is_some() {
            last = Some(i);
            continue;
        }
        let Some(l) = last else { continue };
        let (period, number) = (table.columns[l].period, table.columns[l].number);
        let several = table.columns.iter().any(|o| {
            follow_up(o) && o.period == period && o.number.is_some_and(|n| Some(n) != number)
        });
        let taken = table
            .columns
            .iter()
            .any(|o| o.period == period && o.number == number && o.role == c.role);
        if several && c.period == period && !taken {
            table.columns[i].number = number;
        }
    }
}

/// "Status | Kommentar T2": when the follow-up columns of a period that name a number all
/// name the same one, the others of that period take it (one follow-up, not one of no
/// number beside one of tertial 2), unless a numbered column already has the field of one
/// of them (as [`one_period`] does for periods): then the unnumbered ones are a follow-up
/// of their own, all of them.
fn one_number(table: &mut Table) {
    let follow_up = |c: &Column| c.role.level() == Level::FollowUp;
    let mut periods = Vec::new();
    for c in &table.columns {
        if !periods.contains(&c.period) {
            periods.push(c.period);
        }
    }
    for period in periods {
        let of_period = |c: &&Column| follow_up(c) && c.period == period;
        let mut numbers = table
            .columns
            .iter()
            .filter(of_period)
            .filter_map(|c| c.number);
        let Some(first) = numbers.next() else {
            continue;
        };
        if !numbers.all(|n| n == first) {
            continue;
        }
        let open: Vec<usize> = (0..table.columns.len())
            .filter(|&i| of_period(&&table.columns[i]) && table.columns[i].number.is_none())
            .collect();
        let taken = open.iter().any(|&i| {
            table
                .columns
                .iter()
                .filter(of_period)
                .any(|o| o.number.is_some() && o.role == table.columns[i].role)
        });
        if !taken {
            for i in open {
                table.columns[i].number = Some(first);
            }
        }
    }
}

/// What the lines above a table say about it.
#[derive(Debug, Clone, Default)]
pub struct Above {
    /// A title above it names a follow-up.
    pub follow_up_title: bool,
    /// Headers the document defines ([`header_definitions`]), as [`header_key`] leaves them.
    pub defined: Vec<(String, Role)>,
    /// The table is a grid of the sheet's own (not made of cards: a card's labelled area over
    /// its "Risk:" names the risk, which the risk line describes).
    pub grid: bool,
    /// The vocabulary with the sheet's legends, when it has any (see [`period_status`]).
    pub legend: Option<Vocab>,
}

/// The headers a line defines as a scale's fields: "Väsentlighet = konsekvens om fel
/// inträffar (1-4). Risk = sannolikhet att fel inträffar (1-4)." gives Väsentlighet →
/// konsekvens and Risk → sannolikhet. Each definition is a header of a few words, "=", and a
/// text whose first words name sannolikhet, konsekvens or riskvärde (not a product:
/// "Riskvärde = sannolikhet x konsekvens" defines nothing).
pub fn header_definitions(line: &str) -> Vec<(String, Role)> {
    use super::synonyms::{header_key, role_of};
    if !line.contains('=') || line.len() > 400 {
        return Vec::new();
    }
    line.split(['.', ';'])
        .filter_map(|part| {
            let (head, def) = part.split_once('=')?;
            let head = head.trim();
            let def = def.trim().to_lowercase();
            if head.is_empty() || head.split_whitespace().count() > 3 {
                return None;
            }
            let product = def.contains(" x ")
                || def.contains('×')
                || def.contains('*')
                || def.contains("gånger");
            let words: Vec<&str> = def.split_whitespace().collect();
            let role = (1..=words.len().min(2))
                .rev()
                .map(|n| role_of(&words[..n].join(" ")))
                .find(|r| *r != Role::Okand)?;
            // Legends explain a scale's columns; "Status = Åtgärd sker enligt plan" explains
            // a status value, not a column.
            let scale = matches!(role, Role::Sannolikhet | Role::Konsekvens | Role::Riskvarde);
            (scale && !product).then(|| (header_key(head), role))
        })
        .collect()
}

/// A header the document defines above the table ([`header_definitions`]) is that field.
fn defined_above(col: &mut Column, defined: &[(String, Role)]) {
    if user(col) {
        return;
    }
    let key = super::synonyms::header_key(&col.header);
    if let Some((_, role)) = defined.iter().find(|(k, _)| *k == key) {
        decided_by(
            col,
            *role,
            weight::DECISIVE,
            "dokumentets förklaring ovanför tabellen",
        );
    }
}

/// A "Kommentar" column alone does not make a plan a follow-up: without a status or an
/// assessment column, and with no title naming a follow-up, its cells are the plan's own
/// comments (kept in extra).
fn comments_in_a_plan(table: &mut Table, follow_up_title: bool) {
    use super::synonyms::header_key;
    if follow_up_title
        || table.has_role(|r| matches!(r, Role::Status | Role::Kontrollbedomning | Role::NyAtgard))
    {
        return;
    }
    for c in table.columns.iter_mut().filter(|c| {
        c.role == Role::Resultat
            && c.period.is_none()
            && !user(c)
            && header_key(&c.header).starts_with("kommentar")
    }) {
        decided_by(
            c,
            Role::Okand,
            weight::PLAUSIBLE,
            "en kommentar i en plan utan status eller bedömning: ingen uppföljning",
        );
    }
}

/// Longer than a control type's word ("Kontroll", "Åtgärd", "Kontrollmoment") on average.
const TYPE_WORD_CHARS: f32 = 20.0;

/// The evidence for one column and the field it points to, before the constraints that
/// look at the other columns.
fn decide(col: &mut Column, p: &Profile, opts: &LayoutOptions, vocab: &Vocab) {
    let mut cands: Vec<Evidence> = Vec::new();
    if let Some(role) = opts
        .role_for(&col.header)
        .filter(|_| !col.header.is_empty())
    {
        cands.push(Evidence {
            role,
            score: 1.0,
            basis: Basis::User,
            note: "ikplan.toml / --kolumn".to_string(),
        });
        col.role = role;
        col.candidates = cands;
        col.confidence = 1.0;
        return;
    }
    for (role, score) in wording_candidates(&col.header) {
        cands.push(Evidence {
            role,
            score,
            basis: Basis::Wording,
            note: format!("rubriken \u{201d}{}\u{201d}", col.header),
        });
    }
    // The header row's decision (which may have come from a repeated or two-row header)
    // leads when the wording alone names nothing better.
    if col.role != Role::Okand && !cands.iter().any(|e| e.role == col.role) {
        cands.insert(
            0,
            Evidence {
                role: col.role,
                score: weight::STRONG,
                basis: Basis::Wording,
                note: format!("rubriken \u{201d}{}\u{201d}", col.header),
            },
        );
    }
    let worded = cands.first().map(|e| e.role).unwrap_or(Role::Okand);
    let weak_wording = cands
        .first()
        .is_some_and(|e| e.basis == Basis::Wording && e.score < weight::WEAK);
    let content = |role: Role, score: f32, note: &str| Evidence {
        role,
        score,
        basis: Basis::Content,
        note: note.to_string(),
    };
    let major = |share: f32| p.filled > 0 && share >= CONTENT_MAJORITY;
    // What the content says against (or beside) the wording.
    let over: Option<Evidence> = match worded {
        // "Genomfört (%)" over 1, 0,5, 0: the share of the control done is its status.
        Role::Okand | Role::Status | Role::Riskvarde
            if col.header.contains('%') && asks_done(&col.header, vocab) =>
        {
            Some(content(
                Role::Status,
                weight::DECISIVE,
                "andel genomfört i procent: status",
            ))
        }
        // "Rutin finns (Ja/Nej)" read as the process by its first word, over "Ja" / "Nej":
        // a yes/no answer names no process or risk (a category column of marks, "Område
        // Ekonomi" over "X", is its category's, read in assembly).
        Role::Process | Role::Riskomrade if p.filled >= 2 && p.flag >= ALL_BUT_A_FEW => {
            Some(content(
                Role::Okand,
                weight::LIKELY,
                "kolumnen innehåller bara ja/nej",
            ))
        }
        // A question read as the method by its first word ("Hur troligt? (1-4)") over the
        // steps of a risk scale: numbers are no method.
        Role::Metod if p.filled >= 2 && major(p.step) && !major(p.prose) => Some(content(
            Role::Okand,
            weight::LIKELY,
            "kolumnen innehåller steg på en riskskala, inte metoder",
        )),
        Role::RiskTitelBeskrivning if major(p.risk_number) && !major(p.prose) => Some(content(
            Role::Riskvarde,
            weight::DECISIVE,
            "rubriken Risk med tal: riskvärde",
        )),
        // "Riskvärde (färg)" over "Röd", "Gul", "Grön": the risk's level, which its value
        // gives, not the value (the value is then sannolikhet × konsekvens where both are
        // written).
        Role::Riskvarde if p.filled >= 2 && major(p.level) && p.risk_number < FEW_NUMBERS => {
            Some(content(
                Role::Okand,
                weight::LIKELY,
                "kolumnen anger riskens nivå (ord eller färg), inte riskvärdet",
            ))
        }
        Role::Sannolikhet | Role::Konsekvens | Role::Riskvarde
            if major(p.prose)
                || (p.filled > 0
                    && p.risk_number < FEW_NUMBERS
                    && p.mean_chars > TEXT_MEAN_CHARS) =>
        {
            Some(content(
                if worded == Role::Konsekvens {
                    Role::Riskbeskrivning
                } else {
                    Role::Okand
                },
                weight::LIKELY,
                "kolumnen innehåller text, inte tal",
            ))
        }
        // "Kontrollmiljö/ Rapportering" over the risks' names: a people field named only by
        // a later word of the header, over cells that name no one, is not that field.
        Role::Ansvarig | Role::Rapporteringsansvarig
            if weak_wording
                && p.filled >= 2
                && p.people < MINORITY
                && p.recipient < MINORITY
                && p.when < MINORITY =>
        {
            Some(content(
                Role::Okand,
                weight::LIKELY,
                "rubriken nämner fältet bara i förbigående och cellerna namnger ingen",
            ))
        }
        // "Rapportering" over "Årsbokslut", "Q1", "T2", "mars": when, not who.
        Role::Rapporteringsansvarig if major(p.timing) && !major(p.people) => Some(content(
            Role::UppfoljningNar,
            weight::STRONG,
            "kolumnen anger när det rapporteras",
        )),
        Role::Rapporteringsansvarig if major(p.recipient) => Some(content(
            Role::Okand,
            weight::LIKELY,
            "kolumnen anger vem som tar emot rapporten, inte vem som rapporterar",
        )),
        // "När" / "Tidpunkt" / "Tidplan" over "Varje kvartal", "Juni och december", "Q2",
        // "31/5", "2019-10-31" (a few "Vid bokslut" among them): how often or when the control
        // is done, as written, not when it is reported ("Delår", "Helår" in most cells); so
        // are moments of the work's own year with hardly a report occasion among them
        // ("Valdagen", "Onsdagen efter valet", "September").
        Role::UppfoljningNar
            if names_a_time_only(&col.header)
                && ((major(p.timing) && !major(p.report))
                    || (p.filled >= MIN_CONTENT_ROWS
                        && p.report < MINORITY
                        && p.prose < MINORITY)) =>
        {
            Some(content(
                Role::Frekvens,
                weight::LIKELY,
                "kolumnen anger hur ofta kontrollen görs, inte när den rapporteras",
            ))
        }
        // "Trend/ åtgärd" over "Grön", "Gul", "Röd" (a traffic light's fill read as its
        // colour) or over status words: a column holding only such words is no control (one
        // asking whether the control was done is its status, below).
        Role::Kontroll | Role::Atgard
            if p.filled >= 2
                && p.status.max(p.assessment) >= ALL_BUT_A_FEW
                && p.mean_chars <= 12.0
                && p.control_type < MINORITY
                && !asks_done(&col.header, vocab) =>
        {
            Some(content(
                Role::Okand,
                weight::LIKELY,
                "kolumnen innehåller bara status- eller färgord, inga kontroller",
            ))
        }
        // "Riskhantering" over sentences on how the risk is met: no kind of control.
        Role::Typ if major(p.prose) => Some(content(
            Role::Okand,
            weight::LIKELY,
            "kolumnen innehåller löptext, inte kontroll eller åtgärd",
        )),
        // "Kontroll" / "Åtgärd" in every cell: the kind of each row's control.
        _ if p.filled >= MIN_CONTENT_ROWS
            && p.control_type >= ALL_BUT_A_FEW
            && p.mean_chars <= 12.0
            && worded != Role::Typ =>
        {
            Some(content(
                Role::Typ,
                weight::STRONG,
                "kolumnen anger om raden är en kontroll eller en åtgärd",
            ))
        }
        Role::UppfoljningNar if p.filled > 0 && p.prose * 2.0 >= 1.0 => Some(content(
            Role::Resultat,
            weight::STRONG,
            "kolumnen innehåller löptext: resultat",
        )),
        Role::UppfoljningNar if major(p.people) && !major(p.when) => Some(content(
            Role::Rapporteringsansvarig,
            weight::LIKELY,
            "kolumnen innehåller personer eller roller",
        )),
        Role::Status if major(p.prose) && p.status < MINORITY => Some(content(
            Role::Resultat,
            weight::LIKELY,
            "kolumnen innehåller löptext, inte statusord",
        )),
        // "Resultat föregående år": last year's follow-up, kept beside this year's plan.
        Role::Resultat | Role::Status | Role::Kontrollbedomning
            if ["föregående", "förra", "fjolårets"]
                .iter()
                .any(|w| col.header.to_lowercase().contains(w)) =>
        {
            Some(content(
                Role::Okand,
                weight::LIKELY,
                "rubriken gäller föregående år, inte denna plan",
            ))
        }
        // A date header over Ja / Nej ("Till internkontrollplan"): a flag, no date.
        Role::Startdatum | Role::Slutdatum | Role::Avstamningsdatum
            if p.filled >= 2 && major(p.flag) && p.date < MINORITY =>
        {
            Some(content(
                Role::Okand,
                weight::LIKELY,
                "kolumnen innehåller ja/nej, inte datum",
            ))
        }
        // "Antal avvikelser", "Andel fel (%)": a count or share of the follow-up, no
        // assessment or risk value, however small its numbers.
        Role::Kontrollbedomning | Role::Status | Role::Okand if is_count_header(&col.header) => {
            Some(content(
                Role::Okand,
                weight::LIKELY,
                "rubriken anger ett antal eller en andel",
            ))
        }
        // "Avvikelser" over "18 av 20", "0", "3": a count written "n av m" beside numbers.
        Role::Kontrollbedomning | Role::Status | Role::Okand
            if p.count > 0.0 && major(p.count + p.risk_number) =>
        {
            Some(content(
                Role::Okand,
                weight::LIKELY,
                "kolumnen anger antal (\u{201d}n av m\u{201d}), inte riskvärden",
            ))
        }
        // "Bedömning (S x K)", "Risk" or a status-like header over risk values.
        Role::Kontrollbedomning | Role::Status | Role::Okand
            if major(p.risk_number) && p.step < 0.5 && p.filled >= 2 =>
        {
            Some(content(
                Role::Riskvarde,
                weight::PLAUSIBLE,
                "kolumnen innehåller riskvärden",
            ))
        }
        Role::Kategori if major(p.prose) || p.mean_chars > CATEGORY_MEAN_CHARS => Some(content(
            Role::Riskbeskrivning,
            weight::LIKELY,
            "kolumnen innehåller löptext, inte kategorier",
        )),
        // "Kontroll eller åtgärd" (a header naming both types) over the controls' texts.
        Role::Typ
            if p.filled >= 2 && p.control_type < MINORITY && p.mean_chars > TYPE_WORD_CHARS =>
        {
            Some(content(
                Role::Kontroll,
                weight::LIKELY,
                "kolumnen innehåller kontroller, inte typord",
            ))
        }
        // "Utfall" over "Utfört utan anmärkning", "Utfört med anmärkning", "Ej utfört":
        // whether the control was done and how it went, in a few words each.
        Role::Resultat | Role::Okand
            if p.filled >= 2 && major(p.status) && p.assessment >= MINORITY && !major(p.prose) =>
        {
            Some(content(
                Role::Combined(crate::field::Combo::StatusBedomning),
                weight::LIKELY,
                "kolumnen anger både status och bedömning",
            ))
        }
        // "Utfall helår" over "Kontrollen är genomförd.", "Kontrollen pågår.": a result
        // column whose cells are each a status and nothing more is the status (not a yes or
        // no, which a comment column may hold).
        Role::Resultat
            if p.filled >= 2
                && major(p.status_alone)
                && p.assessment < MINORITY
                && p.flag < MINORITY =>
        {
            Some(content(
                Role::Status,
                weight::LIKELY,
                "kolumnen anger status, inte resultat",
            ))
        }
        // "Resultat av bedömning" over "Inga brister", "Väsentliga brister": the assessment
        // in its own words, not the result's text (a result column where some cells say
        // "Inga avvikelser." stays the result).
        Role::Resultat
            if p.filled >= 2
                && p.assessment >= ALL_BUT_A_FEW
                && !major(p.prose)
                && p.status < MINORITY =>
        {
            Some(content(
                Role::Kontrollbedomning,
                weight::LIKELY,
                "kolumnen innehåller bedömningsord, inte löptext",
            ))
        }
        Role::Kontrollbedomning if major(p.prose) && p.assessment < MINORITY => Some(content(
            Role::Resultat,
            weight::LIKELY,
            "kolumnen innehåller löptext, inte bedömningsord",
        )),
        // "Genomfört" over Ja / Nej, over the date it was done or a status word, or over a
        // traffic light ("Röd", "Grön"): whether the control was done.
        Role::Okand | Role::Kontroll
            if (p.filled >= 2 || (p.filled == 1 && says_yes_no(&col.header)))
                && major(p.flag.max(p.date + p.status).max(p.level))
                && asks_done(&col.header, vocab)
                // "Klart" over nothing but dates: the day it is to be done by (below).
                && !(names_a_deadline(&col.header) && p.date >= ALL_BUT_A_FEW) =>
        {
            Some(content(
                Role::Status,
                weight::LIKELY,
                "ja/nej, datum, statusord eller färger under en rubrik som frågar om kontrollen är genomförd",
            ))
        }
        // "Senast" over dates: by when the control is to be done. (The word alone is no
        // header in the vocabulary: a data cell "Senast 2018-04-30" would read as one.) A
        // table of one row (one table per risk) has one date to show.
        Role::Okand
            if ((p.filled >= 2 && major(p.date)) || (p.filled == 1 && p.date >= 1.0))
                && names_a_deadline(&col.header) =>
        {
            Some(content(
                Role::Slutdatum,
                weight::LIKELY,
                "datum under en rubrik som anger en sista dag",
            ))
        }
        // "Datum för genomförande" over dates: the day the control is done by, though its
        // "genomförande" alone names the method.
        Role::Metod | Role::Kontroll
            if p.filled >= 2
                && major(p.date)
                && header_key(&col.header)
                    .split(' ')
                    .any(|w| w.starts_with("datum") || w.ends_with("datum")) =>
        {
            Some(content(
                Role::Slutdatum,
                weight::LIKELY,
                "datum under en rubrik som anger ett datum",
            ))
        }
        // An unknown header over "Delår", "Helår", "Vid årsbokslut": when it is reported.
        Role::Okand if p.filled >= MIN_CONTENT_ROWS && major(p.report) && major(p.when) => {
            Some(content(
                Role::UppfoljningNar,
                weight::WEAK,
                "kolumnen anger när det rapporteras",
            ))
        }
        Role::Okand if p.filled >= MIN_CONTENT_ROWS && major(p.status) && !major(p.flag) => Some(
            content(Role::Status, weight::WEAK, "kolumnen innehåller statusord"),
        ),
        Role::Okand if p.filled >= MIN_CONTENT_ROWS && major(p.assessment) && !major(p.flag) => {
            Some(content(
                Role::Kontrollbedomning,
                weight::WEAK,
                "kolumnen innehåller bedömningsord",
            ))
        }
        _ => None,
    };
    // Content that agrees with the wording raises the confidence.
    let agrees = match worded {
        Role::Sannolikhet | Role::Konsekvens => major(p.step),
        Role::Riskvarde => major(p.risk_number),
        Role::Startdatum | Role::Slutdatum | Role::Avstamningsdatum => major(p.date),
        Role::Ansvarig | Role::Rapporteringsansvarig => major(p.people),
        Role::Status => major(p.status),
        Role::Kontrollbedomning => major(p.assessment),
        Role::UppfoljningNar | Role::Frekvens => major(p.timing),
        Role::Resultat | Role::Riskbeskrivning => major(p.prose),
        Role::Typ => major(p.control_type),
        _ => false,
    };
    let (role, confidence, note) = match over {
        Some(e) => {
            let r = (e.role, e.score, e.note.clone());
            cands.insert(0, e);
            r
        }
        None => {
            let s = cands.first().map(|e| e.score).unwrap_or(0.0);
            if agrees && let Some(first) = cands.first() {
                cands.push(Evidence {
                    role: first.role,
                    score: AGREEMENT,
                    basis: Basis::Content,
                    note: "innehållet stämmer med rubriken".to_string(),
                });
            }
            (
                worded,
                if agrees { (s + AGREEMENT).min(1.0) } else { s },
                String::new(),
            )
        }
    };
    col.role = role;
    col.confidence = if role == Role::Okand && note.is_empty() {
        0.0
    } else {
        confidence
    };
    if !note.is_empty() {
        col.note = Some(note);
    }
    col.candidates = cands;
}

/// Some value of the column stands on two rows or more (merged copies not counted).
fn shared_values(table: &Table, col: usize) -> bool {
    let mut seen = std::collections::HashSet::new();
    table
        .rows
        .iter()
        .filter_map(|r| r.cells.get(col))
        .filter(|c| !c.merged && !c.value.is_empty())
        .any(|c| !seen.insert(c.value.plain().trim().to_lowercase()))
}

/// The constraints over the whole table: a risk needs a title, a control needs a column,
/// one title column. `grid`: see [`Above::grid`].
fn constraints(table: &mut Table, profiles: &[Profile], grid: bool) {
    let titles = |t: &Table| {
        t.columns
            .iter()
            .filter(|c| matches!(c.role, Role::Riskomrade | Role::RiskTitelBeskrivning))
            .count()
    };
    // A risk needs a title: a process column names the risk when nothing else does, or
    // when nothing else names its title and its own wording also names the risk
    // ("Rutin/process/system", "Rutin").
    let has_title = titles(table) > 0;
    if !has_title
        && let Some(c) = table.columns.iter_mut().find(|c| {
            c.role == Role::Process
                && !user(c)
                && (c.candidates.iter().any(|e| e.role == Role::Riskomrade)
                    || header_key(&c.header).starts_with("rutin"))
        })
    {
        position(
            c,
            Role::Riskomrade,
            "ingen kolumn namnger risken; rubriken nämner också risken",
        );
    }
    if !table.names_risk()
        && let Some(c) = table
            .columns
            .iter_mut()
            .find(|c| c.role == Role::Process && !user(c))
    {
        position(
            c,
            Role::Riskomrade,
            "ingen kolumn namnger risken: processen är risken",
        );
    }
    // "Riskområde" beside "Risk": when the area holds short words shared by several risks
    // ("Ekonomi", "Ekonomi", "Personal") and the risk column the risks' sentences, the area
    // is the risks' category; in a grid an area column ("Kontrollområde") is so too when
    // each risk has an area of its own (in cards such an area is the title).
    let area = table
        .columns
        .iter()
        .position(|c| c.role == Role::Riskomrade && !user(c));
    let risk = table
        .columns
        .iter()
        .position(|c| c.role == Role::RiskTitelBeskrivning);
    if let (Some(a), Some(r)) = (area, risk)
        && !table.has_role(|r| r == Role::Kategori)
        && let (Some(pa), Some(pr)) = (
            profiles.get(table.columns[a].index),
            profiles.get(table.columns[r].index),
        )
        && pa.filled > 0
        && pa.mean_chars <= CATEGORY_WORD_CHARS
        && pa.prose < MINORITY
        && pr.mean_chars >= 2.0 * pa.mean_chars
        && (shared_values(table, table.columns[a].index)
            || grid && header_key(&table.columns[a].header).contains("område"))
    {
        position(
            &mut table.columns[a],
            Role::Kategori,
            "området har korta ord och riskkolumnen riskerna: området är kategorin",
        );
    }
    // "Rutin" beside "Risk": the routine is where the risk lies, its process, and the risk
    // column names the risk.
    if risk.is_some()
        && let Some(a) = table.columns.iter().position(|c| {
            c.role == Role::Riskomrade
                && !user(c)
                && header_key(&c.header)
                    .split(' ')
                    .any(|w| matches!(w, "rutin" | "rutiner" | "process" | "system"))
        })
        && !table.has_role(|r| r == Role::Process)
    {
        position(
            &mut table.columns[a],
            Role::Process,
            "rutinen bredvid en riskkolumn: riskens process",
        );
    }
    // "Tidplan" over "Augusti", "Q3 och Q4" reads as how often the control is done when
    // nothing else says so; beside a column that says how often in its own wording ("Hur
    // ofta?", "Frekvens") it is when the control is reported, as its wording says.
    let worded = |c: &Column| {
        c.candidates
            .iter()
            .find(|e| e.basis == Basis::Wording)
            .map(|e| e.role)
    };
    // The column holding `role` because its own wording says so.
    let worded_as = |t: &Table, role: Role| {
        t.columns
            .iter()
            .find(|c| c.role == role && worded(c) == Some(role))
            .map(|c| c.index)
    };
    if worded_as(table, Role::UppfoljningNar).is_none()
        && let Some(other) = worded_as(table, Role::Frekvens)
        && let Some(c) = table.columns.iter_mut().find(|c| {
            c.role == Role::Frekvens
                && c.index != other
                && !user(c)
                && worded(c) == Some(Role::UppfoljningNar)
        })
    {
        position(
            c,
            Role::UppfoljningNar,
            "en annan kolumn anger hur ofta: tiden är när det rapporteras",
        );
    }
    // "Rapporteras till och när" over "Nämnden vid delår", read as when it is reported by
    // its content, beside a column that says so in its wording ("När följs kontrollen
    // upp?"): the worded column is the field, and the other is kept in extra.
    if let Some(w) = worded_as(table, Role::UppfoljningNar) {
        for c in table.columns.iter_mut().filter(|c| {
            c.role == Role::UppfoljningNar
                && c.index != w
                && !user(c)
                && worded(c) != Some(Role::UppfoljningNar)
        }) {
            position(
                c,
                Role::Okand,
                "en annan kolumn anger när det rapporteras i sin rubrik",
            );
        }
    }
    // Nothing else names the risk of a table of controls: its area ("Område") does.
    if !table.names_risk()
        && table.has_role(|r| matches!(r, Role::Kontroll | Role::Atgard | Role::Metod))
        && let Some(c) = table
            .columns
            .iter_mut()
            .find(|c| c.role == Role::Kategori && !user(c))
    {
        position(
            c,
            Role::Riskomrade,
            "ingen kolumn namnger risken: området är risken",
        );
    }
    // A description column and no title: a text column with a header of its own left of
    // the description, its cells shorter and not all the same ("Kontrollmiljö" |
    // "Riskbeskrivning"), names the risk that the description describes.
    let description = table.column_of(Role::Riskbeskrivning);
    if titles(table) == 0
        && let Some(d) = description
        && let Some(pd) = profiles.get(d)
        && let Some(i) = table.columns.iter().position(|c| {
            c.role == Role::Okand
                && c.index < d
                && !c.header.is_empty()
                && !user(c)
                && profiles.get(c.index).is_some_and(|p| {
                    p.filled >= 2
                        && p.mean_chars < pd.mean_chars
                        && p.date < MINORITY
                        && p.risk_number < MINORITY
                        && p.people < MINORITY
                        && p.recipient < MINORITY
                })
                && !same_everywhere(table, c.index)
        })
    {
        position(
            &mut table.columns[i],
            Role::Riskomrade,
            "ingen kolumn namnger risken: textkolumnen före beskrivningen",
        );
    }
    // "S | K | RV": the abbreviation beside the scale's columns is the risk value, over
    // numbers or empty cells.
    let scale_at = |t: &Table, i: usize| {
        t.columns
            .iter()
            .any(|c| c.index == i && matches!(c.role, Role::Sannolikhet | Role::Konsekvens))
    };
    let beside_scale: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.role == Role::Okand
                && !user(c)
                && RISK_VALUE_ABBREVIATIONS.contains(&header_key(&c.header).as_str())
                && ((c.index > 0 && scale_at(table, c.index - 1)) || scale_at(table, c.index + 1))
                && profiles.get(c.index).is_some_and(|p| {
                    p.filled == 0 || (p.risk_number >= CONTENT_MAJORITY && p.prose < MINORITY)
                })
        })
        .map(|(i, _)| i)
        .collect();
    if !table.has_role(|r| r == Role::Riskvarde) {
        for i in beside_scale {
            decided_by(
                &mut table.columns[i],
                Role::Riskvarde,
                weight::STRONG,
                "rubriken RV bredvid sannolikhet och konsekvens: riskvärde",
            );
        }
    }
    // Each field once: a column read as a risk value by its numbers alone ("Bedömning" or
    // an unknown header over 12, 6, 9) beside one whose wording names the risk value
    // ("Riskpoäng") is not the risk value; it is kept in extra (only one column fills the
    // field, and it would be the first).
    for role in [Role::Riskvarde, Role::Sannolikhet, Role::Konsekvens] {
        let basis = |c: &Column| c.candidates.first().map(|e| e.basis);
        let worded = table
            .columns
            .iter()
            .any(|c| c.role == role && matches!(basis(c), Some(Basis::Wording | Basis::User)));
        if !worded {
            continue;
        }
        for c in table.columns.iter_mut() {
            if c.role == role && basis(c) == Some(Basis::Content) {
                position(
                    c,
                    Role::Okand,
                    "en annan kolumn namnger fältet i sin rubrik: den här sparas i extra",
                );
            }
        }
    }
    // Each field once: of two control columns ("Kontrollaktiviteter" | "Kontroll-moment"),
    // when one reads as checks ("Kontroll av att …") and the other does not, the first is
    // the control and the other is kept in extra.
    let controls: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.role == Role::Kontroll && !user(c))
        .map(|(i, _)| i)
        .collect();
    // A control column of codes only ("Kontroll": 1a, 1b, 2a beside "Kontrollmoment"):
    // the controls' numbers.
    if controls.len() >= 2 && !table.has_role(|r| r == Role::KontrollNummer) {
        let coded: Vec<usize> = controls
            .iter()
            .copied()
            .filter(|&i| holds_codes(table, table.columns[i].index))
            .collect();
        if coded.len() == 1 {
            position(
                &mut table.columns[coded[0]],
                Role::KontrollNummer,
                "kolumnen innehåller bara korta koder (1a, 1b) bredvid kontrollerna: deras nummer",
            );
        }
    }
    let controls: Vec<usize> = controls
        .into_iter()
        .filter(|&i| table.columns[i].role == Role::Kontroll)
        .collect();
    if controls.len() >= 2 {
        let reads: Vec<bool> = controls
            .iter()
            .map(|&i| reads_as_controls(table, table.columns[i].index))
            .collect();
        if reads.iter().filter(|r| **r).count() == 1 {
            for (&i, _) in controls.iter().zip(&reads).filter(|(_, r)| !**r) {
                position(
                    &mut table.columns[i],
                    Role::Okand,
                    "en annan kolumn anger kontrollerna: den här sparas i extra",
                );
            }
        }
    }
    // Each field once: of two columns of one field (and one period), one holding only
    // yes/no marks beside one that holds the field ("Kontrollbedömning" beside "Avvikelser
    // (ja/nej)", "Rutin" beside "Rutin finns (Ja/Nej)"): the marks answer a question about
    // the field, not the field, and are kept in extra. A status or assessment column holds
    // its field when it has the field's words.
    for role in [
        Role::Status,
        Role::Kontrollbedomning,
        Role::Kategori,
        Role::Process,
        Role::BefintligaRutiner,
        Role::Kontroll,
        Role::Metod,
    ] {
        let follow_up = role.level() == Level::FollowUp;
        let words = |p: &Profile| {
            p.filled > 0
                && if role == Role::Status {
                    p.status
                } else {
                    p.assessment
                } >= CONTENT_MAJORITY
        };
        let marks =
            |p: &Profile| p.filled > 0 && p.flag >= CONTENT_MAJORITY && !(follow_up && words(p));
        let holds = |p: &Profile| {
            if follow_up {
                words(p) && p.flag < MINORITY
            } else {
                !marks(p)
            }
        };
        let profile = |c: &Column| profiles.get(c.index);
        let same: Vec<usize> = (0..table.columns.len())
            .filter(|&i| table.columns[i].role == role && !user(&table.columns[i]))
            .collect();
        let Some(&field) = same
            .iter()
            .find(|&&i| profile(&table.columns[i]).is_some_and(holds))
        else {
            continue;
        };
        // Follow-up columns of another period or number are another follow-up's.
        let of_period =
            follow_up.then(|| (table.columns[field].period, table.columns[field].number));
        for i in same {
            let c = &table.columns[i];
            if of_period.is_none_or(|pn| (c.period, c.number) == pn)
                && profile(c).is_some_and(marks)
            {
                position(
                    &mut table.columns[i],
                    Role::Okand,
                    "en annan kolumn har fältet; den här bara ja/nej: den sparas i extra",
                );
            }
        }
    }
    // Nothing names the risk of a table of controls: its first text column with a header
    // of its own, left of the controls, is what they are about ("Uppdrag" | "Aktivitet").
    let first_control = table
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Kontroll | Role::Atgard))
        .map(|c| c.index)
        .min();
    if !table.names_risk()
        && let Some(first) = first_control
        && let Some(i) = table.columns.iter().position(|c| {
            c.role == Role::Okand
                && c.index < first
                && !c.header.is_empty()
                && !user(c)
                && profiles.get(c.index).is_some_and(|p| {
                    p.filled > 0
                        && p.date < MINORITY
                        && p.risk_number < MINORITY
                        && p.people < MINORITY
                })
        })
    {
        position(
            &mut table.columns[i],
            Role::Riskomrade,
            "ingen kolumn namnger risken: den första textkolumnen före kontrollerna",
        );
    }
    // Each field once: a second number column ("Nr" by the risk, "Nr" by its controls)
    // numbers the controls.
    let numbers: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.role == Role::RiskNummer)
        .map(|(i, _)| i)
        .collect();
    if let [first, second, ..] = numbers[..]
        && !table.has_role(|r| r == Role::KontrollNummer)
    {
        // The one of child numbers only ("1.1", "1.2" beside "1"), wherever it stands;
        // else the second.
        let cells: Vec<&[crate::read::Cell]> =
            table.rows.iter().map(|r| r.cells.as_slice()).collect();
        let (control, note) = if child_numbers_only(&cells, table.columns[first].index)
            && !child_numbers_only(&cells, table.columns[second].index)
        {
            (
                first,
                "två nummerkolumner, den här med bara undernummer (1.1, 1.2): kontrollens nummer",
            )
        } else {
            (second, "en andra nummerkolumn: kontrollens nummer")
        };
        if !user(&table.columns[control]) {
            position(&mut table.columns[control], Role::KontrollNummer, note);
        }
    }
    // A table of risks with their values and no control: its "Bedömning" (often a colour)
    // judges the risk, not a control's follow-up.
    if !table.has_role(|r| r.level() == Level::Control)
        && table.has_role(|r| matches!(r, Role::Riskvarde | Role::Sannolikhet | Role::Konsekvens))
        && !table.has_role(|r| matches!(r, Role::Resultat | Role::NyAtgard))
    {
        for c in table
            .columns
            .iter_mut()
            .filter(|c| matches!(c.role, Role::Kontrollbedomning | Role::Status) && !user(c))
        {
            position(
                c,
                Role::Okand,
                "en bedömning i en risktabell utan kontroller: riskens, inte en kontrolls",
            );
        }
    }
    // An action column after the follow-up's columns, beside a control column: the new
    // action the follow-up decided.
    let first_follow_up = table
        .columns
        .iter()
        .filter(|c| {
            matches!(
                c.role,
                Role::Status | Role::Kontrollbedomning | Role::Resultat
            )
        })
        .map(|c| c.index)
        .min();
    if let Some(first) = first_follow_up
        && table.has_role(|r| r == Role::Kontroll)
    {
        for c in table
            .columns
            .iter_mut()
            .filter(|c| c.role == Role::Atgard && c.index > first && !user(c))
        {
            position(
                c,
                Role::NyAtgard,
                "åtgärdskolumn efter uppföljningens kolumner: ny åtgärd",
            );
        }
    }
    points_beside_an_area(table, profiles);
    consequence_text_beside_a_description(table);
    // A table without a control column: the method is the control; without a method, a
    // description column that reads as controls ("Kontroll av att …", "Stickprov av …")
    // beside the risk's title.
    // A column whose header names no field, of outline numbers ("Ref": 1, 1.1, 1.2, 2, each
    // child under its parent): the numbers of the risks and their controls.
    let rows: Vec<&[crate::read::Cell]> = table.rows.iter().map(|r| r.cells.as_slice()).collect();
    if !table.has_role(|r| matches!(r, Role::RiskNummer | Role::KontrollNummer))
        && let Some(i) = table.columns.iter().position(|c| {
            c.role == Role::Okand
                && !c.header.is_empty()
                && !user(c)
                && outline_in(table, &rows, c.index)
        })
    {
        position(
            &mut table.columns[i],
            Role::RiskNummer,
            "kolumnen innehåller dispositionsnummer (1, 1.1, 1.2): riskernas och kontrollernas nummer",
        );
    }
    // "Ref" over 1, 1, 1, 2, 3, 3 (or R1, R1, R2): a column whose header names no field, of
    // whole numbers that count up from one (each the row above's or the next), numbers the
    // risks. Risk values (products of two steps) do not run so. A number column beside it
    // holding only child numbers ("Nr": 1.1, 1.2, 2.1) then numbers the controls.
    let child_numbers = table
        .columns
        .iter()
        .position(|c| c.role == Role::RiskNummer && !user(c) && child_numbers_only(&rows, c.index));
    if (child_numbers.is_some() || !table.has_role(|r| r == Role::RiskNummer))
        && let Some(i) = table.columns.iter().position(|c| {
            let by_content = c
                .candidates
                .first()
                .is_none_or(|e| e.basis == Basis::Content);
            matches!(c.role, Role::Okand | Role::Riskvarde)
                && by_content
                && !c.header.is_empty()
                && !user(c)
                && counts_up(&rows, c.index)
        })
    {
        position(
            &mut table.columns[i],
            Role::RiskNummer,
            "heltal som räknar upp från 1 i ordning: riskernas nummer",
        );
        if let Some(k) = child_numbers {
            position(
                &mut table.columns[k],
                Role::KontrollNummer,
                "bara undernummer (1.1, 1.2) bredvid riskernas nummer: kontrollernas nummer",
            );
        }
    }
    // "Ref" over 1, 1, 2 beside "Löpnr kontroll" over 1.1, 1.2, 2.1: a column whose header
    // names no field, of whole numbers that begin the same rows' control numbers, numbers
    // the risks.
    if !table.has_role(|r| r == Role::RiskNummer)
        && let Some(k) = table
            .columns
            .iter()
            .find(|c| c.role == Role::KontrollNummer)
            .map(|c| c.index)
        && let Some(i) = table.columns.iter().position(|c| {
            c.role == Role::Okand
                && !c.header.is_empty()
                && !user(c)
                && begins_numbers(&rows, c.index, k)
        })
    {
        position(
            &mut table.columns[i],
            Role::RiskNummer,
            "heltal som inleder kontrollnumren på samma rader: riskernas nummer",
        );
    }
    // In such an outline, a control column filled on the risks' rows ("1") and never on
    // the controls' ("1.1") is the risks': its text describes them (the controls are in
    // the title column).
    if let Some(nr) = shared_outline(table, &rows) {
        let child = |r: &[crate::read::Cell]| outline_child_row(nr, r);
        let filled = |r: &[crate::read::Cell], j: usize| {
            r.get(j).is_some_and(|c| !c.value.is_empty() && !c.merged)
        };
        for i in 0..table.columns.len() {
            let (j, role) = (table.columns[i].index, table.columns[i].role);
            if role != Role::Kontroll || user(&table.columns[i]) {
                continue;
            }
            let on_risks = rows.iter().filter(|r| !child(r) && filled(r, j)).count();
            let on_controls = rows.iter().filter(|r| child(r) && filled(r, j)).count();
            if on_risks >= 2 && on_controls == 0 {
                let described = table.has_role(|r| r == Role::Riskbeskrivning);
                position(
                    &mut table.columns[i],
                    if described {
                        Role::Okand
                    } else {
                        Role::Riskbeskrivning
                    },
                    "kontrollkolumn ifylld bara på riskernas rader i en disposition: riskens",
                );
            }
        }
    }
    // An outline of risks and their controls in the same columns ("1 | Risk", "1.1 |
    // control"), or typed records (a "Typ" column saying Risk on the risks' rows), has its
    // controls in the title column: the method stays the method.
    if !table.has_role(|r| matches!(r, Role::Kontroll | Role::Atgard))
        && !super::records::names_records(table)
        && !super::records::marks_risk_rows(table)
        && shared_outline(table, &rows).is_none()
    {
        if let Some(c) = table
            .columns
            .iter()
            .position(|c| c.role == Role::Metod && !user(c))
        {
            position(
                &mut table.columns[c],
                Role::Kontroll,
                "ingen kolumn för kontroll: metoden är kontrollen",
            );
        } else if titles(table) > 0
            && let Some(i) = table.columns.iter().position(|c| {
                matches!(c.role, Role::Riskbeskrivning | Role::KontrollBeskrivning)
                    && !user(c)
                    && reads_as_controls(table, c.index)
            })
        {
            position(
                &mut table.columns[i],
                Role::Kontroll,
                "ingen kolumn för kontroll: beskrivningen anger kontrollerna",
            );
        } else if let Some(t) = table.columns.iter().position(|c| {
            c.role == Role::Riskomrade && !user(c) && reads_as_controls(table, c.index)
        }) && titles(table) == 1
            && let Some(a) = table
                .columns
                .iter()
                .position(|c| c.role == Role::Kategori && !user(c))
        {
            // "Område | Kontrollpunkt" over "Kontroll av att …": the points are the
            // controls and the area names their risk.
            position(
                &mut table.columns[t],
                Role::Kontroll,
                "ingen kolumn för kontroll: kolumnen anger kontroller",
            );
            position(
                &mut table.columns[a],
                Role::Riskomrade,
                "området namnger risken när kontrollpunkterna är kontroller",
            );
        }
    }
    // A number column filled on rows whose risk title is blank (the risk's further
    // controls) numbers the controls, not the risks.
    let title_cols: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| {
            matches!(
                c.role,
                Role::Riskomrade | Role::RiskTitelBeskrivning | Role::Riskbeskrivning
            )
        })
        .map(|c| c.index)
        .collect();
    // Typed records ("Typ": Risk / Kontroll) say each row's kind: the number is the risk's
    // on a risk's row and the control's on a control's (see `normalize::assemble`).
    let typed = super::records::marks_risk_rows(table);
    if !title_cols.is_empty()
        && !typed
        && let Some(c) = table
            .columns
            .iter()
            .position(|c| c.role == Role::RiskNummer && !user(c))
    {
        let filled = |cells: &[crate::read::Cell], i: usize| {
            cells
                .get(i)
                .is_some_and(|x| !x.value.is_empty() && !x.merged)
        };
        // Outline numbers ("1" on the risk's row, "1.1", "1.2" on its controls' rows) number
        // both: the column stays the risk's, and assembly gives a child number to the control.
        let under_blank_title = table
            .rows
            .iter()
            .filter(|r| {
                filled(&r.cells, c)
                    && !title_cols.iter().any(|&t| filled(&r.cells, t))
                    && !crate::normalize::text::is_outline_child(&r.cells[c].value.plain())
            })
            .count();
        // "1.1", "1.2" beside the same risk written again on the next row: the rows of one
        // risk each carry their own number, which numbers the controls.
        let title = |cells: &[crate::read::Cell]| {
            title_cols
                .iter()
                .map(|&t| cells.get(t).map(|x| x.value.plain()).unwrap_or_default())
                .collect::<Vec<_>>()
        };
        let number = |cells: &[crate::read::Cell]| {
            cells
                .get(c)
                .filter(|x| !x.value.is_empty())
                .map(|x| x.value.plain().trim().trim_end_matches('.').to_string())
        };
        let within_a_repeated_risk = table
            .rows
            .windows(2)
            .filter(|w| {
                let (a, b) = (&w[0].cells, &w[1].cells);
                let named = title(a);
                match (number(a), number(b)) {
                    (Some(x), Some(y)) => {
                        named.iter().any(|t| !t.trim().is_empty())
                            && named == title(b)
                            && x != y
                            && !y.starts_with(&format!("{x}."))
                    }
                    _ => false,
                }
            })
            .count();
        if under_blank_title > 0 {
            position(
                &mut table.columns[c],
                Role::KontrollNummer,
                "numret står också på rader utan risk: kontrollens nummer",
            );
        } else if within_a_repeated_risk > 0 {
            position(
                &mut table.columns[c],
                Role::KontrollNummer,
                "numret skiftar inom samma risk, skriven på varje rad: kontrollens nummer",
            );
        }
    }
    // "Kontroll utförd datum" beside "Status": a column read as the status from its
    // content (a date or yes / no under a header asking whether it was done) yields to
    // the one whose header names the status for the same period.
    let named_status = |c: &Column| {
        c.role == Role::Status
            && c.candidates
                .iter()
                .any(|e| e.role == Role::Status && e.basis == Basis::Wording && e.score >= 0.9)
    };
    let named: Vec<Option<crate::model::Period>> = table
        .columns
        .iter()
        .filter(|c| named_status(c))
        .map(|c| c.period)
        .collect();
    for c in table.columns.iter_mut() {
        if c.role == Role::Status
            && !user(c)
            && !named_status(c)
            && (named.contains(&c.period) || (c.period.is_none() && !named.is_empty()))
        {
            // A result column read as the status from its content stays the result.
            if c.candidates
                .iter()
                .any(|e| e.role == Role::Resultat && e.basis == Basis::Wording)
            {
                position(
                    c,
                    Role::Resultat,
                    "en annan kolumn heter status: den här är resultatet",
                );
            } else {
                position(
                    c,
                    Role::Okand,
                    "en annan kolumn heter status: den här sparas i extra",
                );
            }
        }
    }
    // "Risk" with numbers beside a title column, but too few numbers to say so by itself.
    for (i, profile) in profiles.iter().enumerate() {
        if table.columns[i].role == Role::RiskTitelBeskrivning
            && !user(&table.columns[i])
            && titles(table) > 1
            && profile.filled == 0
        {
            position(
                &mut table.columns[i],
                Role::Riskvarde,
                "rubriken Risk bredvid en annan riskkolumn: riskvärde",
            );
        }
    }
}

/// "Kontrollområde | Kontrollpunkt" with no control column: both headers name a risk's
/// title by their wording, but of two such columns the later one is the control when its
/// header names a point or a step ("-punkt", "-moment") (and, beside an area read as the
/// category, its cells read as checks), while
/// the earlier names the area: a value written again over rows, or a header naming an area
/// ("-område"), with shorter cells. The area stays the risk's title.
fn points_beside_an_area(table: &mut Table, profiles: &[Profile]) {
    if table.has_role(|r| matches!(r, Role::Kontroll | Role::Atgard))
        || super::records::names_records(table)
    {
        return;
    }
    let last_word = |c: &Column| header_key(&c.header).rsplit(' ').next().map(str::to_string);
    let names_area = |c: &Column| last_word(c).is_some_and(|w| w.ends_with("område"));
    let titles: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.role == Role::Riskomrade && !user(c))
        .map(|(i, _)| i)
        .collect();
    // The area is a second title column, or an area read as the category ("Område").
    let (a, p) = match titles[..] {
        [x, y] if table.columns[x].index < table.columns[y].index => (x, y),
        [x, y] => (y, x),
        [p] => match table.columns.iter().position(|c| {
            c.role == Role::Kategori
                && !user(c)
                && names_area(c)
                && c.index < table.columns[p].index
        }) {
            Some(a) => (a, p),
            None => return,
        },
        _ => return,
    };
    let (ia, ip) = (table.columns[a].index, table.columns[p].index);
    let (Some(pa), Some(pp)) = (profiles.get(ia), profiles.get(ip)) else {
        return;
    };
    let names_point = last_word(&table.columns[p]).is_some_and(|w| {
        ["punkt", "punkter", "moment"]
            .iter()
            .any(|end| w.ends_with(end))
    });
    let category = table.columns[a].role == Role::Kategori;
    // Beside an area read as the category, the points are controls only when they read as
    // checks ("Verksamhetsområde | Kontrollpunkt" over risks' names is an area and its risks).
    let point_reads = names_point && (!category || reads_as_controls(table, ip));
    let area_reads = names_area(&table.columns[a]) || shared_values(table, ia);
    if pa.filled >= 2
        && pp.filled >= 2
        && point_reads
        && area_reads
        && !shared_values(table, ip)
        && pp.mean_chars > pa.mean_chars
    {
        position(
            &mut table.columns[p],
            Role::Kontroll,
            "kontrollpunkterna bredvid ett område: kolumnen anger kontrollerna",
        );
        if category {
            position(
                &mut table.columns[a],
                Role::Riskomrade,
                "området namnger risken när kontrollpunkterna är kontroller",
            );
        }
    }
}

/// "Riskbeskrivning | Konsekvens | … | Konsekvens (1-4)": a consequence header over text
/// was read as the risk's description by its content; beside a column whose header names
/// the description, it is what the risk leads to, no part of the description (kept in
/// extra).
fn consequence_text_beside_a_description(table: &mut Table) {
    let worded = |c: &Column, role: Role| {
        c.candidates
            .iter()
            .any(|e| e.role == role && e.basis == Basis::Wording)
    };
    let described = table
        .columns
        .iter()
        .any(|c| c.role == Role::Riskbeskrivning && worded(c, Role::Riskbeskrivning));
    if !described {
        return;
    }
    for c in table.columns.iter_mut().filter(|c| {
        c.role == Role::Riskbeskrivning
            && !user(c)
            && worded(c, Role::Konsekvens)
            && !worded(c, Role::Riskbeskrivning)
    }) {
        position(
            c,
            Role::Okand,
            "konsekvensen i text bredvid en riskbeskrivning: sparas i extra",
        );
    }
}

/// Abbreviations of the risk value that name it only beside the scale's columns ("S | K |
/// RV"), as [`header_key`] leaves them.
const RISK_VALUE_ABBREVIATIONS: [&str; 2] = ["rv", "r v"];

/// Every filled cell of the column holds the same text (a "Nämnd" written on each row).
fn same_everywhere(table: &Table, col: usize) -> bool {
    let mut values = table
        .rows
        .iter()
        .filter_map(|r| r.cells.get(col))
        .filter(|c| !c.merged && !c.value.is_empty())
        .map(|c| c.value.plain().trim().to_lowercase());
    let first = values.next();
    values.all(|v| Some(&v) == first.as_ref())
}

/// Whether most filled cells of a column open with a word for a check ("Kontroll av att …",
/// "Stickprov av 20 fakturor", "Avstämning mot …").
/// "Riskvärde S×K | Bedömning S och K" over "16 | S=4, K=4": of two columns worded as the
/// risk value, one whose cells each write the two factors and no product holds sannolikhet
/// and konsekvens.
fn factor_pairs_beside_a_value(table: &mut Table) {
    let valued: Vec<usize> = (0..table.columns.len())
        .filter(|&i| table.columns[i].role == Role::Riskvarde && !user(&table.columns[i]))
        .collect();
    if valued.len() != 2 {
        return;
    }
    let pairs: Vec<usize> = valued
        .iter()
        .copied()
        .filter(|&i| holds_factor_pairs(table, table.columns[i].index))
        .collect();
    if let [i] = pairs[..] {
        position(
            &mut table.columns[i],
            Role::Combined(crate::field::Combo::SannolikhetKonsekvens),
            "cellerna anger sannolikhet och konsekvens, inget riskvärde; riskvärdet står i en annan kolumn",
        );
    }
}

/// Whether a column's filled cells (at least two) each write a sannolikhet and a konsekvens
/// and no third number ("S=4, K=4", "S3 K2", "3/4").
fn holds_factor_pairs(table: &Table, col: usize) -> bool {
    every_filled(table, col, |t| {
        let numbers = t
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .count();
        numbers == 2
            && crate::normalize::number::parse_risk(t)
                .is_some_and(|v| v.sannolikhet.is_some() && v.konsekvens.is_some())
    })
}

/// Whether a column has two filled cells at least (merged ones not counted) and `holds`
/// says yes of each one's text.
fn every_filled(table: &Table, col: usize, holds: impl Fn(&str) -> bool) -> bool {
    let mut n = 0;
    for r in &table.rows {
        let Some(c) = r
            .cells
            .get(col)
            .filter(|c| !c.value.is_empty() && !c.merged)
        else {
            continue;
        };
        if !holds(&c.value.plain()) {
            return false;
        }
        n += 1;
    }
    n >= 2
}

/// Whether a column's filled cells are all short codes that number something ("1a", "2 b",
/// "1.2", "K3", "4b)"), at least two of them.
fn holds_codes(table: &Table, col: usize) -> bool {
    static CODE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\p{Lu}{0,2}\s?\d{1,2}(?:[.:]\d{1,2})*\s?\p{Ll}?\)?$")
            .expect("code regex")
    });
    every_filled(table, col, |t| CODE.is_match(t.trim()))
}

fn reads_as_controls(table: &Table, col: usize) -> bool {
    const CHECKS: [&str; 14] = [
        "kontroll",
        "kontrollera",
        "kontroller",
        "stickprov",
        "stickprovskontroll",
        "avstämning",
        "genomgång",
        "granskning",
        "uppföljning",
        "översyn",
        "inventering",
        "uttag",
        "verifiering",
        "jämförelse",
    ];
    let (mut filled, mut checks) = (0usize, 0usize);
    for r in &table.rows {
        let Some(c) = r
            .cells
            .get(col)
            .filter(|c| !c.value.is_empty() && !c.merged)
        else {
            continue;
        };
        filled += 1;
        let t = c.value.plain().to_lowercase();
        let first = t
            .split(|ch: char| !ch.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or_default();
        checks += usize::from(CHECKS.contains(&first));
    }
    filled >= 2 && checks * 5 >= filled * 3
}

/// Whether `table`'s number column is an outline of risks and their controls written in the
/// same columns ("1" a risk, "1.1" and "1.2" its controls, "Nr | Risk / kontrollmoment"):
/// every child number ("1.2") comes under the row of its parent ("1") or a sibling, a child
/// row gives no risk values (S, K, RV), and some parent has a child. The number column when
/// it is.
pub fn shared_outline<R: AsRef<[crate::read::Cell]>>(table: &Table, rows: &[R]) -> Option<usize> {
    let nr = table.column_of(Role::RiskNummer)?;
    outline_in(table, rows, nr).then_some(nr)
}

/// Whether a row's number (in column `nr`) is an outline child ("1.2").
pub fn outline_child_row(nr: usize, row: &[crate::read::Cell]) -> bool {
    row.get(nr).is_some_and(|c| {
        crate::normalize::text::is_outline_child(&crate::normalize::text::fold_ws(&c.value.plain()))
    })
}

/// Whether column `nr` of `table` numbers an outline of risks and their controls (see
/// [`shared_outline`]).
fn outline_in<R: AsRef<[crate::read::Cell]>>(table: &Table, rows: &[R], nr: usize) -> bool {
    use crate::normalize::text::{fold_ws, is_outline_child};
    let values: Vec<usize> = table
        .columns
        .iter()
        .filter(|c| {
            matches!(
                c.role,
                Role::Sannolikhet
                    | Role::Konsekvens
                    | Role::Riskvarde
                    | Role::Combined(crate::field::Combo::SannolikhetKonsekvens)
            )
        })
        .map(|c| c.index)
        .collect();
    let mut parent: Option<String> = None;
    let mut children = 0;
    for row in rows {
        let row = row.as_ref();
        let n = row
            .get(nr)
            .map(|c| fold_ws(&c.value.plain()))
            .unwrap_or_default();
        let n = n.trim().trim_end_matches('.');
        if n.is_empty() {
            continue;
        }
        if is_outline_child(n) {
            let of = n.split(['.', ':']).next().unwrap_or_default();
            let valued = values
                .iter()
                .any(|&j| row.get(j).is_some_and(|c| !c.value.is_empty()));
            if parent.as_deref() != Some(of) || valued {
                return false;
            }
            children += 1;
        } else if n.bytes().all(|b| b.is_ascii_digit()) {
            parent = Some(n.to_string());
        } else {
            return false;
        }
    }
    children > 0
}

/// Whether column `col` holds outline child numbers ("1.1", "2.3") on every filled row,
/// and some.
fn child_numbers_only(rows: &[&[crate::read::Cell]], col: usize) -> bool {
    let mut any = false;
    for r in rows {
        let t = r
            .get(col)
            .map(|c| crate::normalize::text::fold_ws(&c.value.plain()))
            .unwrap_or_default();
        if t.is_empty() {
            continue;
        }
        if !crate::normalize::text::is_outline_child(&t) {
            return false;
        }
        any = true;
    }
    any
}

/// Fewest distinct numbers for a column counting up from one to number the risks.
const MIN_COUNTED: usize = 3;

/// Whether column `col` holds whole numbers on its filled rows that count up from one in
/// order, each the number above it or the next (1, 1, 2, 3, 3, 4, or R1, R1, R2 with the
/// same letters before each), with at least [`MIN_COUNTED`] distinct numbers.
fn counts_up(rows: &[&[crate::read::Cell]], col: usize) -> bool {
    let mut last = 0u32;
    let mut prefix: Option<String> = None;
    for r in rows {
        let Some(t) = r
            .get(col)
            .filter(|c| !c.merged)
            .map(|c| c.value.plain().trim().to_string())
            .filter(|t| !t.is_empty())
        else {
            continue;
        };
        // A letter or two before the number ("R1", "R2"), the same on every row; not a
        // period's ("T1", "Q2").
        if crate::normalize::vocab::period_header(&t).is_some() {
            return false;
        }
        let digits = t.trim_start_matches(|c: char| c.is_alphabetic());
        let lead = &t[..t.len() - digits.len()];
        if lead.chars().count() > 2 || prefix.get_or_insert_with(|| lead.to_string()) != lead {
            return false;
        }
        let Some(n) = (!digits.is_empty() && digits.len() <= 3)
            .then(|| digits.parse::<u32>().ok())
            .flatten()
        else {
            return false;
        };
        if n == 0 || (n != last && n != last + 1) {
            return false;
        }
        last = n;
    }
    last as usize >= MIN_COUNTED
}

/// Whether column `col` holds whole numbers that begin the control numbers of column
/// `nr` on the same rows ("1" beside "1.2"), on at least two rows and every row where both
/// are filled.
fn begins_numbers(rows: &[&[crate::read::Cell]], col: usize, nr: usize) -> bool {
    let text = |r: &[crate::read::Cell], j: usize| {
        r.get(j)
            .map(|c| c.value.plain().trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let mut agree = 0;
    for r in rows {
        let (Some(a), Some(b)) = (text(r, col), text(r, nr)) else {
            continue;
        };
        let whole = !a.is_empty() && a.len() <= 3 && a.chars().all(|c| c.is_ascii_digit());
        let begins = b
            .split_once(['.', ':'])
            .is_some_and(|(head, _)| head.trim() == a);
        if !(whole && begins) {
            return false;
        }
        agree += 1;
    }
    agree >= 2
}

/// The user decided this column's field: no evidence overrules it.
fn user(c: &Column) -> bool {
    c.candidates.first().is_some_and(|e| e.basis == Basis::User)
}

/// The other columns decide: `role`, with the evidence for it first.
fn position(col: &mut Column, role: Role, note: &str) {
    decided_by(col, role, weight::LIKELY, note);
}

/// A decision from the column's position among the others, at `score`, put first among its
/// candidates and shown by `inspect`.
fn decided_by(col: &mut Column, role: Role, score: f32, note: &str) {
    col.decide(role, score, Basis::Position, note);
}

/// A header that asks whether the control was done: a status word for done ("Genomförd",
/// "Utfört"), alone or among a few words ("Kontrollen genomförd (Ja/Nej)").
fn asks_done(header: &str, vocab: &Vocab) -> bool {
    let key = super::synonyms::header_key(header);
    vocab.status(header) == Some(crate::model::Status::Genomford)
        || (key.split(' ').count() <= 4
            && key.split(' ').any(|w| {
                matches!(
                    w,
                    "genomförd" | "genomfört" | "genomförts" | "utförd" | "utfört"
                )
            }))
}

/// A header that says its answers are yes or no: "Genomförd (ja/nej)", "Utförd Ja/Nej"
/// (one row is then enough to tell the column by its content).
fn says_yes_no(header: &str) -> bool {
    header_key(header).ends_with("ja nej")
}

/// A short header that names a last day: "Senast", "Färdigt", "Klar senast", "Klart" (over
/// dates on every row: a plan's day to be done by, as "Färdigt"; over yes or no or status
/// words it asks whether the control is done).
fn names_a_deadline(header: &str) -> bool {
    let key = header_key(header);
    key.split(' ').count() <= 3
        && key
            .split(' ')
            .any(|w| matches!(w, "senast" | "färdigt" | "färdig" | "klart" | "klar"))
}

/// A header that names a time and no report: "När", "Tidpunkt", "Kontroll När", "Tidplan",
/// not "Rapport när" or "Uppföljning tidpunkt".
fn names_a_time_only(header: &str) -> bool {
    let key = header_key(header);
    matches!(key.rsplit(' ').next(), Some("när" | "tidpunkt" | "tidplan"))
        && !key.split(' ').any(|w| {
            ["rapport", "uppfölj", "redovis", "återrapport"]
                .iter()
                .any(|r| w.starts_with(r))
        })
}

/// A header that counts or measures ("Antal avvikelser", "Andel fel", "Procent").
fn is_count_header(header: &str) -> bool {
    let h = header.trim().to_lowercase();
    let first = h.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    matches!(first, "antal" | "andel" | "procent" | "summa" | "totalt") || h.ends_with('%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_legend_defines_a_scales_columns() {
        let d = header_definitions(
            "Väsentlighet = konsekvens om fel inträffar (1-4). Risk = sannolikhet att fel inträffar (1-4).",
        );
        assert_eq!(
            d,
            [
                ("väsentlighet".to_string(), Role::Konsekvens),
                ("risk".to_string(), Role::Sannolikhet)
            ]
        );
        assert!(header_definitions("Riskvärde = sannolikhet x konsekvens").is_empty());
        assert!(header_definitions("Status = Åtgärd sker enligt plan").is_empty());
    }

    #[test]
    fn a_deadline_header_names_a_last_day() {
        for h in [
            "Senast",
            "Färdigt",
            "Färdigt senast",
            "Klar senast",
            "Klart",
        ] {
            assert!(names_a_deadline(h), "{h}");
        }
        for h in ["Senast reviderad rutin för attest", "Utförd", "Genomförd"] {
            assert!(!names_a_deadline(h), "{h}");
        }
    }

    #[test]
    fn a_bare_time_header_names_no_report() {
        for h in ["Tidpunkt", "När", "Kontroll När", "Tidplan"] {
            assert!(names_a_time_only(h), "{h}");
        }
        for h in [
            "Rapport när",
            "Uppföljning tidpunkt",
            "Tidpunkt för rapportering",
        ] {
            assert!(!names_a_time_only(h), "{h}");
        }
    }
}
