//! IK3xx, dates: a control's start, checkpoints and end in order, and within the plan year
//! and the year after. IK301 (a date that cannot be read) is reported by assembly.

use super::{DocCheck, Field, RuleDoc};
use crate::model::{Control, Finding};
use crate::normalize::date::Date;

pub const DOCS: &[RuleDoc] = &[
    RuleDoc {
        code: "IK301",
        vad: "En cell i en datumkolumn (startdatum, avstämningsdatum, slutdatum) som inte kan läsas som datum. Texten sparas i extra och fältet lämnas tomt.",
        varfor: "Ett datum som inte kan läsas kan inte bevakas: kontrollen hamnar inte i någon tidsplan och förseningar syns inte.",
        exempel: "\u{201d}Vt 2022\u{201d} eller \u{201d}2022-13-01\u{201d} under \u{201d}Slutdatum\u{201d}.",
        atgard: "Skriv datumet som ÅÅÅÅ-MM-DD (till exempel 2022-12-31) eller som ett datum i kalkylbladet.",
    },
    RuleDoc {
        code: "IK302",
        vad: "Kontroller vars slutdatum ligger före startdatum.",
        varfor: "En kontroll som slutar innan den börjar kan inte genomföras som planerat; oftast är ett år eller en månad fel, och uppföljningen kommer att mäta mot fel period.",
        exempel: "Startdatum 2022-09-01, slutdatum 2022-03-31.",
        atgard: "Rätta startdatum eller slutdatum.",
    },
    RuleDoc {
        code: "IK303",
        vad: "Avstämningsdatum som ligger före startdatum eller efter slutdatum.",
        varfor: "En avstämning utanför kontrollens period blir aldrig av eller stämmer av fel sak; ofta är datumet kvar från förra årets plan.",
        exempel: "Avstämningsdatum 2022-11-30 för en kontroll med slutdatum 2021-12-31.",
        atgard: "Flytta avstämningen in i perioden, eller rätta start- eller slutdatum.",
    },
    RuleDoc {
        code: "IK304",
        vad: "Kontroller som har startdatum men inget slutdatum.",
        varfor: "Utan slutdatum går det inte att säga när kontrollen ska vara klar och rapporterad, och därmed inte om den är försenad.",
        exempel: "Startdatum 2021-01-01 och tomt slutdatum.",
        atgard: "Fyll i slutdatum (oftast sista dagen av planåret eller dagen för rapporteringen).",
    },
    RuleDoc {
        code: "IK305",
        vad: "Datum för en kontroll (startdatum, avstämningsdatum, slutdatum) som ligger utanför dokumentets planår och året efter. Kontrollen görs bara när dokumentet anger sitt år.",
        varfor: "En plan gäller ett år och följs upp senast året efter. Datum utanför det är oftast kvar från en äldre plan eller har fel årtal.",
        exempel: "I uppföljningen av planen 2022 har en kontroll startdatum 2021-01-01.",
        atgard: "Rätta årtalen. Om kontrollen medvetet gäller en annan period kan regeln stängas av med `--ignorera IK305` eller i ikplan.toml.",
    },
];

pub(super) fn check(c: &DocCheck, out: &mut Vec<Finding>) {
    for k in c.doc.risker.iter().flat_map(|r| &r.kontroller) {
        order(c, k, out);
        if let Some(year) = c.doc.ar {
            outside_year(c, k, year, out);
        }
    }
}

/// IK302, IK303 and IK304: start, checkpoints and end in order.
fn order(c: &DocCheck, k: &Control, out: &mut Vec<Finding>) {
    let at = |f| (&k.kalla, Some(f), None);
    if let (Some(s), Some(e)) = (k.startdatum, k.slutdatum)
        && e < s
    {
        out.push(c.finding(
            "IK302",
            format!("Slutdatum {e} ligger före startdatum {s}"),
            at(Field::Slutdatum),
            &k.kontroll_id,
        ));
    }
    for a in &k.avstamningsdatum {
        let msg = match (k.startdatum, k.slutdatum) {
            (Some(s), _) if *a < s => format!("Avstämningsdatum {a} ligger före startdatum {s}"),
            (_, Some(e)) if *a > e => format!("Avstämningsdatum {a} ligger efter slutdatum {e}"),
            _ => continue,
        };
        out.push(c.finding("IK303", msg, at(Field::Avstamningsdatum), &k.kontroll_id));
    }
    let end_unreadable = || {
        super::unreadable(
            &k.extra,
            c.column(&k.kalla, Field::Slutdatum, None).as_ref(),
        )
    };
    if let (Some(s), None) = (k.startdatum, k.slutdatum)
        && !end_unreadable()
    {
        out.push(c.finding(
            "IK304",
            format!("Startdatum {s} är angivet men slutdatum saknas"),
            at(Field::Slutdatum),
            &k.kontroll_id,
        ));
    }
}

/// IK305: one finding per control naming every date outside the plan year and the next.
fn outside_year(c: &DocCheck, k: &Control, year: i32, out: &mut Vec<Finding>) {
    let outside = |d: &Date| d.y < year || d.y > year + 1;
    // Borrowed: every control of a plan is looked at, few have a date outside.
    let groups: [(&str, Field, &[Date]); 3] = [
        ("startdatum", Field::Startdatum, k.startdatum.as_slice()),
        (
            "avstämningsdatum",
            Field::Avstamningsdatum,
            &k.avstamningsdatum,
        ),
        ("slutdatum", Field::Slutdatum, k.slutdatum.as_slice()),
    ];
    let mut parts = Vec::new();
    let mut first_field = None;
    for (name, field, dates) in groups {
        let bad: Vec<String> = dates
            .iter()
            .filter(|d| outside(d))
            .map(Date::to_string)
            .collect();
        if bad.is_empty() {
            continue;
        }
        first_field.get_or_insert(field);
        parts.push(format!("{name} {}", bad.join(", ")));
    }
    let Some(field) = first_field else {
        return;
    };
    let mut msg = join_and(&parts);
    if let Some(first) = msg.get(..1) {
        msg = first.to_uppercase() + &msg[1..];
    }
    out.push(c.finding(
        "IK305",
        format!("{msg} ligger utanför planåret {year} och året efter"),
        (&k.kalla, Some(field), None),
        &k.kontroll_id,
    ));
}

/// "a", "a och b", "a, b och c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Provenance, Risk};

    fn d(s: &str) -> Date {
        crate::normalize::date::parse_iso(s).unwrap()
    }

    #[test]
    fn checkpoints_outside_start_and_end() {
        let k = Control {
            kontroll_id: "p:R1:K1".into(),
            startdatum: Some(d("2021-01-01")),
            avstamningsdatum: vec![d("2021-05-31"), d("2022-11-30"), d("2020-12-01")],
            slutdatum: Some(d("2021-12-31")),
            kalla: Provenance {
                fil: "p.txt".into(),
                rader: "34".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let doc = Document {
            ar: Some(2022),
            kolumner: vec![("avstamningsdatum".into(), 7)],
            risker: vec![Risk {
                riskomrade: "R".into(),
                kontroller: vec![k],
                ..Default::default()
            }],
            ..Default::default()
        };
        let out = crate::rules::check_text_doc(&doc, "p.txt");
        let msgs: Vec<(&str, &str)> = out
            .iter()
            .map(|f| (f.kod.as_str(), f.meddelande.as_str()))
            .collect();
        assert_eq!(
            msgs,
            vec![
                (
                    "IK303",
                    "Avstämningsdatum 2022-11-30 ligger efter slutdatum 2021-12-31"
                ),
                (
                    "IK303",
                    "Avstämningsdatum 2020-12-01 ligger före startdatum 2021-01-01"
                ),
                (
                    "IK305",
                    "Startdatum 2021-01-01, avstämningsdatum 2021-05-31, 2020-12-01 och slutdatum 2021-12-31 ligger utanför planåret 2022 och året efter"
                ),
            ]
        );
        assert!(
            out.iter()
                .all(|f| f.rad == Some(34) && f.post_id.as_deref() == Some("p:R1:K1"))
        );
    }
}
