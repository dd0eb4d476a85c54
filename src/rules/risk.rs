//! IK2xx, risk values: the riskvärde against its scale and against sannolikhet × konsekvens,
//! and a riskvärde missing where the table has a column for it. IK201 (not a whole number)
//! is reported by assembly, which sees the raw cell.

use super::{DocCheck, Field, RuleDoc, ScaleSource, column_phrase};
use crate::model::{Finding, Risk};

pub const DOCS: &[RuleDoc] = &[
    RuleDoc {
        code: "IK201",
        vad: "Riskvärde, sannolikhet eller konsekvens som inte är ett heltal. Cellens text sparas i extra och fältet lämnas tomt.",
        varfor: "Riskvärdet styr vilka risker nämnden prioriterar. Ett värde som inte går att läsa kan inte sorteras, jämföras eller visas i riskmatrisen.",
        exempel: "Kolumnen \u{201d}Riskvärde\u{201d} innehåller \u{201d}hög\u{201d} eller \u{201d}3,5\u{201d}.",
        atgard: "Skriv riskvärdet som ett heltal (till exempel 12, eller 12 (3x4)) enligt kommunens riskmatris.",
    },
    RuleDoc {
        code: "IK202",
        vad: "Riskvärde utanför skalan: 1–25 på en femgradig skala (sannolikhet och konsekvens 1–5), 1–16 när dokumentet anger en fyrgradig skala (\u{201d}fyrgradig\u{201d}, \u{201d}4-gradig\u{201d}, \u{201d}1–16\u{201d}). `--skala 4|5` eller `skala` i ikplan.toml bestämmer skalan för alla dokument.",
        varfor: "Ett värde utanför skalan kan inte komma ur riskmatrisen; det är nästan alltid ett skrivfel eller en blandning av två skalor, och risken hamnar då fel i prioriteringen.",
        exempel: "Riskvärde 30 i en plan med femgradig skala, eller 20 i en plan som säger \u{201d}riskvärde mellan 1–16\u{201d}.",
        atgard: "Räkna om riskvärdet som sannolikhet × konsekvens på den skala planen använder. Om dokumentet använder en annan skala än ikplan gissat: ange `--skala`.",
    },
    RuleDoc {
        code: "IK203",
        vad: "Risker där sannolikhet, konsekvens och riskvärde alla är angivna men riskvärdet inte är sannolikhet × konsekvens.",
        varfor: "Riskvärdet ska gå att härleda ur bedömningen. Stämmer det inte vet man inte vilken siffra nämnden har tagit ställning till.",
        exempel: "Sannolikhet 3, konsekvens 4, riskvärde 16.",
        atgard: "Rätta sannolikhet, konsekvens eller riskvärde så att riskvärdet blir produkten.",
    },
    RuleDoc {
        code: "IK204",
        vad: "Risker utan riskvärde i en tabell som har en kolumn för riskvärde. (Ett värde som inte kunde läsas ger IK201 i stället.)",
        varfor: "Alla risker i planen ska vara värderade, annars går det inte att visa att urvalet av kontroller bygger på en riskanalys.",
        exempel: "Kolumnen \u{201d}Riskvärde\u{201d} är ifylld för fem risker men tom för den sjätte.",
        atgard: "Bedöm risken och fyll i riskvärdet (och gärna sannolikhet och konsekvens).",
    },
    RuleDoc {
        code: "IK205",
        vad: "Risker med sannolikhet och konsekvens men inget riskvärde som tal (kolumnen saknas eller anger en nivå eller färg, \u{201d}Gul\u{201d}, \u{201d}Hög\u{201d}): riskvärdet räknas som sannolikhet \u{d7} konsekvens. En anmärkning per dokument med antalet och den första risken; nivåordet sparas i extra.",
        varfor: "Riskvärdet är produkten av de två faktorerna; med det som tal kan riskerna sorteras och jämföras år för år. Läsaren ska ändå veta att talet inte står i dokumentet.",
        exempel: "Kolumnerna \u{201d}S\u{201d} och \u{201d}K\u{201d} har 3 och 4, kolumnen \u{201d}Riskvärde (färg)\u{201d} har \u{201d}Röd\u{201d}: riskvärdet blir 12.",
        atgard: "Inget behöver göras om produkten är kommunens riskvärde. Skriv annars riskvärdet som tal i planen.",
    },
];

pub(super) fn check(c: &DocCheck, out: &mut Vec<Finding>) {
    for r in c.doc.risker.iter().filter(|r| !super::is_placeholder(r)) {
        match r.riskvarde {
            Some(v) => value(c, r, v, out),
            None => missing(c, r, out),
        }
    }
}

/// IK202 and IK203 for a risk with a riskvärde.
fn value(c: &DocCheck, r: &Risk, v: i64, out: &mut Vec<Finding>) {
    let at = (&r.kalla, Some(Field::Riskvarde), None);
    let max = c.scale.max();
    if !(1..=max).contains(&v) {
        let why = match c.scale_source {
            ScaleSource::Default => String::new(),
            ScaleSource::Document => format!(" ({} skala enligt dokumentet)", c.scale.name()),
            ScaleSource::Setting => format!(" ({} skala enligt inställningen)", c.scale.name()),
        };
        out.push(c.finding(
            "IK202",
            format!("Riskvärdet {v} ligger utanför skalan 1\u{2013}{max}{why}"),
            at,
            &r.risk_id,
        ));
    }
    if let (Some(s), Some(k)) = (r.sannolikhet, r.konsekvens)
        && s * k != v
    {
        out.push(c.finding(
            "IK203",
            format!(
                "Riskvärdet {v} är inte sannolikhet \u{d7} konsekvens ({s} \u{d7} {k} = {})",
                s * k
            ),
            at,
            &r.risk_id,
        ));
    }
}

/// IK204 for a risk without a riskvärde.
fn missing(c: &DocCheck, r: &Risk, out: &mut Vec<Finding>) {
    let Some(col) = c.column(&r.kalla, Field::Riskvarde, None) else {
        return;
    };
    // A value that could not be read is in extra under the column's header: IK201 said so.
    if super::unreadable(&r.extra, Some(&col)) {
        return;
    }
    let hint = match (r.sannolikhet, r.konsekvens) {
        (Some(s), Some(k)) => format!(" (sannolikhet \u{d7} konsekvens = {})", s * k),
        _ => String::new(),
    };
    out.push(c.finding(
        "IK204",
        format!(
            "Risken saknar riskvärde fast {}{hint}",
            column_phrase(&col, "riskvärde")
        ),
        (&r.kalla, Some(Field::Riskvarde), None),
        &r.risk_id,
    ));
}
