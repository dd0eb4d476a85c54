//! IK4xx, responsibility and vocabulary: who performs and reports a control, status and
//! assessment words that map to nothing, and a control reported done without a result.

use super::{DocCheck, Field, RuleDoc, column_phrase};
use crate::model::{Assessment, Control, Finding, FollowUp, Status};
use crate::normalize::text::shorten;

pub const DOCS: &[RuleDoc] = &[
    RuleDoc {
        code: "IK401",
        vad: "Kontroller utan ansvarig i en tabell som har en kolumn för ansvarig.",
        varfor: "En kontroll utan ansvarig blir inte gjord: reglementet kräver att det framgår vem som genomför varje kontroll.",
        exempel: "Kolumnen \u{201d}Ansvarig\u{201d} är tom för kontrollen \u{201d}Stickprov leverantörsfakturor\u{201d}.",
        atgard: "Ange en person eller en roll (till exempel \u{201d}Ekonomichef\u{201d}) som ansvarig.",
    },
    RuleDoc {
        code: "IK402",
        vad: "Kontroller utan rapporteringsansvarig i en tabell som har en kolumn för rapporteringsansvarig.",
        varfor: "Resultatet av kontrollen ska nå nämnden. Utan rapporteringsansvarig är det oklart vem som sammanställer och rapporterar det.",
        exempel: "Kolumnen \u{201d}Rapporteringsansvarig\u{201d} är tom för kontrollen \u{201d}Stickprov\u{201d}.",
        atgard: "Ange vem som rapporterar resultatet, även om det är samma person som genomför kontrollen.",
    },
    RuleDoc {
        code: "IK403",
        vad: "En status som inte motsvarar någon känd status (Ej påbörjad, Pågående, Genomförd, Ej genomförd, Inställd). Texten sparas som den står i status (källa) och fältet status lämnas tomt.",
        varfor: "Status är det nämnden och revisorerna filtrerar på. En okänd status räknas varken som genomförd eller som ej genomförd.",
        exempel: "Statusen \u{201d}Delvis\u{201d} eller \u{201d}Se kommentar\u{201d}.",
        atgard: "Använd en av de kända statusarna i källan, eller lägg till ordet i kommunens ordlista i ikplan.toml om det är ett vedertaget ord hos er.",
    },
    RuleDoc {
        code: "IK404",
        vad: "En kontrollbedömning som inte motsvarar någon känd bedömning (Inga brister, Mindre brister, Väsentliga brister, Allvarliga brister, Ingen bedömning gjord). Texten sparas i bedömning (källa) och fältet lämnas tomt.",
        varfor: "Bedömningen avgör om brister ska åtgärdas och rapporteras vidare. En okänd bedömning kan inte sammanställas eller jämföras mellan nämnder.",
        exempel: "Bedömningen \u{201d}OK\u{201d} eller \u{201d}Några avvikelser\u{201d}.",
        atgard: "Använd en av de kända bedömningarna, eller lägg till ordet i ordlistan i ikplan.toml.",
    },
    RuleDoc {
        code: "IK405",
        vad: "Uppföljningar med status Genomförd men utan resultattext.",
        varfor: "En genomförd kontroll ska redovisa vad den visade. Utan resultat går det inte att bedöma om det finns brister, och revisorerna kan inte pröva nämndens bedömning.",
        exempel: "Status \u{201d}✔ Genomförd\u{201d} och ingen text i kolumnen för resultat, eller en tabell helt utan resultatkolumn.",
        atgard: "Skriv vad kontrollen visade (antal granskade, avvikelser, slutsats) i resultatet för perioden.",
    },
];

pub(super) fn check(c: &DocCheck, out: &mut Vec<Finding>) {
    for k in c.doc.risker.iter().flat_map(|r| &r.kontroller) {
        people(c, k, out);
        for u in &k.uppfoljningar {
            follow_up(c, u, out);
        }
    }
}

/// IK401 and IK402.
fn people(c: &DocCheck, k: &Control, out: &mut Vec<Finding>) {
    let checks = [
        ("IK401", Field::Ansvarig, &k.ansvarig, "ansvarig"),
        (
            "IK402",
            Field::Rapporteringsansvarig,
            &k.rapporteringsansvarig,
            "rapporteringsansvarig",
        ),
    ];
    for (code, field, names, word) in checks {
        if !names.is_empty() {
            continue;
        }
        if let Some(col) = c.column(&k.kalla, field, None) {
            out.push(c.finding(
                code,
                format!(
                    "Kontrollen saknar {word} fast {}",
                    column_phrase(&col, word)
                ),
                (&k.kalla, Some(field), None),
                &k.kontroll_id,
            ));
        }
    }
}

/// IK403, IK404 and IK405 for one follow-up.
fn follow_up(c: &DocCheck, u: &FollowUp, out: &mut Vec<Finding>) {
    let at = |f| (&u.kalla, Some(f), u.period);
    if u.status.is_none()
        && let Some(src) = &u.status_kalla
    {
        let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        out.push(c.finding(
            "IK403",
            format!(
                "Statusen \u{201d}{}\u{201d} motsvarar ingen känd status ({}); den sparas som den står",
                shorten(src, 40),
                known.join(", ")
            ),
            at(Field::Status),
            &u.uppfoljning_id,
        ));
    }
    if u.kontrollbedomning.is_none()
        && let Some(src) = &u.kontrollbedomning_kalla
    {
        let known: Vec<&str> = Assessment::ALL.iter().map(|a| a.as_str()).collect();
        out.push(c.finding(
            "IK404",
            format!(
                "Kontrollbedömningen \u{201d}{}\u{201d} motsvarar ingen känd bedömning ({}); den sparas som den står",
                shorten(src, 40),
                known.join(", ")
            ),
            at(Field::Kontrollbedomning),
            &u.uppfoljning_id,
        ));
    }
    let no_result = u.resultat.as_deref().is_none_or(|r| r.trim().is_empty());
    if u.status == Some(Status::Genomford) && no_result {
        let field = if c.column(&u.kalla, Field::Resultat, u.period).is_some() {
            Field::Resultat
        } else {
            Field::Status
        };
        let period = match u.period {
            Some(crate::model::Period::Delar) => " vid delåret",
            Some(crate::model::Period::Helar) => " vid helåret",
            None => "",
        };
        out.push(c.finding(
            "IK405",
            format!("Status Genomförd men uppföljningen{period} har inget resultat"),
            at(field),
            &u.uppfoljning_id,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Control, Document, FollowUp, Period, Provenance, Risk, Status};

    fn follow(
        id: &str,
        status: Option<Status>,
        kalla: Option<&str>,
        resultat: Option<&str>,
    ) -> FollowUp {
        FollowUp {
            uppfoljning_id: id.into(),
            period: Some(Period::Delar),
            status,
            status_kalla: kalla.map(Into::into),
            resultat: resultat.map(Into::into),
            kalla: Provenance {
                fil: "u.txt".into(),
                rader: "40".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn unknown_words_and_done_without_result() {
        let k = Control {
            kontroll_id: "u:R1:K1".into(),
            ansvarig: vec!["Enhetschef".into()],
            uppfoljningar: vec![
                follow(
                    "u:R1:K1:U1",
                    Some(Status::Genomford),
                    Some("✔ Genomförd"),
                    None,
                ),
                follow("u:R1:K1:U2", None, Some("Delvis"), Some("Hälften klart.")),
                follow(
                    "u:R1:K1:U3",
                    Some(Status::Genomford),
                    Some("Klar"),
                    Some("Inga fel."),
                ),
            ],
            kalla: Provenance {
                fil: "u.txt".into(),
                rader: "40".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let doc = Document {
            kolumner: vec![("ansvarig".into(), 4), ("rapporteringsansvarig".into(), 5)],
            risker: vec![Risk {
                riskomrade: "R".into(),
                kontroller: vec![k],
                ..Default::default()
            }],
            ..Default::default()
        };
        let out = crate::rules::check_text_doc(&doc, "u.txt");
        let got: Vec<(&str, Option<&str>)> = out
            .iter()
            .map(|f| (f.kod.as_str(), f.post_id.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("IK402", Some("u:R1:K1")),
                ("IK405", Some("u:R1:K1:U1")),
                ("IK403", Some("u:R1:K1:U2")),
            ]
        );
        assert_eq!(
            out[1].meddelande,
            "Status Genomförd men uppföljningen vid delåret har inget resultat"
        );
        assert_eq!(
            out[0].meddelande,
            "Kontrollen saknar rapporteringsansvarig fast dokumentet har en kolumn för rapporteringsansvarig"
        );
    }
}
