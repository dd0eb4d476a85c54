//! IK5xx, references: a riskområde named twice in one document, a risk without any
//! control, a risk without a name. IK503 (a control before any risk) is reported by assembly, which sees the row.

use std::collections::HashMap;

use super::{DocCheck, Field, RuleDoc, first_row, is_placeholder};
use crate::model::{Finding, Risk};
use crate::normalize::text::shortened;
use crate::normalize::text::slug;

pub const DOCS: &[RuleDoc] = &[
    RuleDoc {
        code: "IK501",
        vad: "Samma riskområde två gånger i ett dokument (jämfört utan hänsyn till stora och små bokstäver, blanksteg och skiljetecken).",
        varfor: "Två risker med samma namn räknas dubbelt i sammanställningen och i riskmatrisen, och det är oklart vilken bedömning som gäller.",
        exempel: "\u{201d}Hot och våld\u{201d} på rad 5 och \u{201d}Hot och våld\u{201d} igen på rad 12 med en annan beskrivning.",
        atgard: "Slå ihop riskerna till en risk med flera kontroller, eller ge dem namn som skiljer dem åt.",
    },
    RuleDoc {
        code: "IK502",
        vad: "Risker som inte har någon kontroll eller åtgärd.",
        varfor: "En risk som nämnden har tagit med i planen ska hanteras: antingen med en kontroll eller med ett beslut om åtgärd. Annars ger planen ingen rimlig säkerhet för den risken.",
        exempel: "Risken \u{201d}Bristande informationssäkerhet\u{201d} har tom kontrollkolumn och inga fler rader.",
        atgard: "Lägg till en kontroll eller åtgärd för risken, eller ta bort den ur planen om den inte längre är aktuell.",
    },
    RuleDoc {
        code: "IK503",
        vad: "En rad med en kontroll före den första risken i tabellen, så att kontrollen inte hör till någon risk. Kontrollen läggs under en risk utan namn.",
        varfor: "Varje kontroll ska motiveras av en risk i riskanalysen. En kontroll utan risk går inte att följa upp mot något.",
        exempel: "Tabellens första rad har text i kolumnen Kontroll men tom kolumn för riskområde.",
        atgard: "Fyll i riskområdet på raden, eller flytta kontrollen till den risk den hör till.",
    },
    RuleDoc {
        code: "IK504",
        vad: "En risk utan namn: raden har uppgifter om risken (beskrivning saknas också, men till exempel riskvärde, kategori eller process finns) men inget riskområde eller annan titel.",
        varfor: "En risk utan namn går inte att känna igen i sammanställningen, i riskmatrisen eller nästa år; ofta betyder det att kolumnen med riskens namn lästes som något annat.",
        exempel: "En rad med Riskvärde 12 och Kategori Ekonomi men tom kolumn för riskområde.",
        atgard: "Fyll i riskens namn i källan. Om namnet finns i en kolumn som lästes fel: kontrollera med `ikplan inspect FIL` och ange kolumnens fält under [kolumner] i ikplan.toml.",
    },
];

pub(super) fn check(c: &DocCheck, out: &mut Vec<Finding>) {
    let risks: Vec<&Risk> = c.doc.risker.iter().filter(|r| !is_placeholder(r)).collect();
    let keys: Vec<String> = risks.iter().map(|r| slug(&r.riskomrade)).collect();
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
    // Per risk: `None` for a name that compares empty (no finding), else the index of the
    // first risk of the name when it is not this one.
    let earlier: Vec<Option<Option<usize>>> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            if key.is_empty() {
                return None;
            }
            let at = *first.entry(key.as_str()).or_insert(i);
            Some((at != i).then_some(at))
        })
        .collect();
    // At most two findings per risk, made without a vector per risk.
    let found: Vec<Finding> = risks
        .iter()
        .zip(earlier)
        .flat_map(|(r, earlier)| {
            let Some(earlier) = earlier else {
                return [None, None].into_iter().flatten();
            };
            let name = || shortened(&r.riskomrade, 60);
            let twice = earlier.map(|i| {
                let first = risks[i];
                let message = match first_row(&first.kalla) {
                    Some(row) => format!(
                        "Riskområdet \u{201d}{}\u{201d} finns redan på rad {row}",
                        name()
                    ),
                    None => format!(
                        "Riskområdet \u{201d}{}\u{201d} finns redan på {}",
                        name(),
                        first.risk_id
                    ),
                };
                c.finding(
                    "IK501",
                    message,
                    (&r.kalla, Some(Field::Riskomrade), None),
                    &r.risk_id,
                )
            });
            let uncontrolled = r.kontroller.is_empty().then(|| {
                c.finding(
                    "IK502",
                    format!(
                        "Risken \u{201d}{}\u{201d} har ingen kontroll eller åtgärd",
                        name()
                    ),
                    (&r.kalla, Some(Field::Kontroll), None),
                    &r.risk_id,
                )
            });
            [twice, uncontrolled].into_iter().flatten()
        })
        .collect();
    // A risk without a name whose row still says something of the risk (the placeholder
    // of IK503 says nothing).
    let untitled = c
        .doc
        .risker
        .iter()
        .filter(|r| is_placeholder(r) && has_risk_values(r))
        .map(|r| {
            c.finding(
                "IK504",
                "Risken har inget namn (riskområde); raden har uppgifter om risken men ingen \
                 titel"
                    .to_string(),
                (&r.kalla, Some(Field::Riskomrade), None),
                &r.risk_id,
            )
        })
        .collect::<Vec<_>>();
    *out = super::concat([std::mem::take(out), found, untitled]);
}

/// Whether a risk holds anything besides its controls.
fn has_risk_values(r: &Risk) -> bool {
    r.riskvarde.is_some()
        || r.sannolikhet.is_some()
        || r.konsekvens.is_some()
        || !r.kategori.is_empty()
        || r.process.is_some()
        || r.nummer.is_some()
        || r.riskbeskrivning.is_some()
        || r.befintliga_rutiner.is_some()
}
