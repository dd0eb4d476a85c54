//! IK6xx, cells: what a single cell held. Assembly reports IK601 and IK602 (it sees the raw
//! cell); IK603 (a text too long for a workbook cell) runs over the model here.

use super::{DocCheck, RuleDoc};
use crate::field::EXCEL_CELL_CHARS;
use crate::model::{Finding, Provenance};

pub const DOCS: &[RuleDoc] = &[
    RuleDoc {
        code: "IK601",
        vad: "En cell som innehåller ett formelfel från kalkylprogrammet (#REF!, #N/A, #VÄRDEFEL!/#VALUE!, #DIV/0! …). Felet sparas i extra.",
        varfor: "Ett formelfel betyder att ett värde som borde finnas har gått förlorat, ofta ett riskvärde som räknas fram ur sannolikhet och konsekvens.",
        exempel: "Cellen F7 under \u{201d}Riskvärde\u{201d} visar #REF! efter att en kolumn tagits bort.",
        atgard: "Rätta formeln i källfilen (eller skriv in värdet) och kör ikplan igen.",
    },
    RuleDoc {
        code: "IK602",
        vad: "Ett tal eller datum som var lagrat som text i kalkylbladet lästes som tal eller datum.",
        varfor: "Text som ser ut som tal sorteras och filtreras fel i Excel och kan inte räknas med. Värdet i utdata är rätt, men källan bör rättas.",
        exempel: "Cellen D5 innehåller texten \u{201d}12\u{201d} (vänsterjusterad, med grön triangel i Excel) under \u{201d}Riskvärde\u{201d}.",
        atgard: "Omvandla cellerna till tal eller datum i källan (Excel: \u{201d}Konvertera till tal\u{201d}).",
    },
    RuleDoc {
        code: "IK603",
        vad: "En text som är längre än 32 767 tecken, det mesta en cell i Excel rymmer. I arbetsboken kortas den (med \u{2026} sist); JSON och CSV har hela texten.",
        varfor: "Den som bara läser arbetsboken ser inte hela texten och kan tro att den är hel.",
        exempel: "Ett resultat på 40 000 tecken, inklistrat från en rapport, i kolumnen Resultat.",
        atgard: "Läs hela texten i JSON eller CSV, eller korta texten i källan och hänvisa till rapporten.",
    },
];

/// IK603: the texts of a document's records that a workbook cell cannot hold whole.
pub(super) fn check(c: &DocCheck, out: &mut Vec<Finding>) {
    let long = |t: &str| t.len() > EXCEL_CELL_CHARS && t.chars().count() > EXCEL_CELL_CHARS;
    let mut flag = |kalla: &Provenance, post: &str, name: &str, text: &str| {
        if long(text) {
            out.push(c.finding(
                "IK603",
                format!(
                    "Texten i {name} har {} tecken, fler än en cell i Excel rymmer ({EXCEL_CELL_CHARS}); \
                     arbetsboken visar den kortad, JSON och CSV har hela texten",
                    text.chars().count()
                ),
                (kalla, None, None),
                post,
            ));
        }
    };
    let d = c.doc;
    if let Some(t) = &d.anteckningar {
        flag(&d.kalla, &d.dokument_id, "anteckningarna", t);
    }
    for r in &d.risker {
        let texts = [
            ("riskområdet", Some(&r.riskomrade)),
            ("riskbeskrivningen", r.riskbeskrivning.as_ref()),
            ("befintliga rutiner", r.befintliga_rutiner.as_ref()),
        ];
        for (name, t) in texts {
            if let Some(t) = t {
                flag(&r.kalla, &r.risk_id, name, t);
            }
        }
        for k in &r.kontroller {
            let texts = [
                ("kontrollen", Some(&k.kontroll)),
                ("beskrivningen", k.beskrivning.as_ref()),
                ("metoden", k.metod.as_ref()),
            ];
            for (name, t) in texts {
                if let Some(t) = t {
                    flag(&k.kalla, &k.kontroll_id, name, t);
                }
            }
            for u in &k.uppfoljningar {
                for (name, t) in [
                    ("resultatet", &u.resultat),
                    ("den nya åtgärden", &u.ny_atgard),
                ] {
                    if let Some(t) = t {
                        flag(&u.kalla, &u.uppfoljning_id, name, t);
                    }
                }
            }
        }
    }
}
