//! IK6xx, cells: what a single cell held. Assembly reports these (it sees the raw cell);
//! this file holds their documentation.

use super::RuleDoc;

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
];
