//! IK7xx: checks across documents and years of one nämnd, over a whole run once its keys
//! are made ([`crate::link`]): plans against their follow-ups, and last year's plan against
//! this year's.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{Loc, RuleDoc, finding, first_row};
use crate::link::{Joined, Level, committee, timelines};
use crate::model::{Control, DocType, Document, Finding, Output, Provenance, Risk, Status};

pub const DOCS: &[RuleDoc] = &[
    RuleDoc {
        code: "IK701",
        vad: "En risk vars rubrik skiljer sig från en risk i ett tidigare dokument för samma nämnd följs ändå som samma risk (samma risk_serie), eftersom minst hälften av orden i de två rubrikerna är gemensamma (stoppord som \u{201d}och\u{201d}, \u{201d}mot\u{201d} räknas inte). Paret och hur många ord de delar anges.",
        varfor: "Att följa en risk över åren förutsätter att en omformulerad risk känns igen. En felaktig koppling ger en missvisande bild av hur risken utvecklats, så kopplingen redovisas för granskning.",
        exempel: "Planen 2021 har \u{201d}Hot och våld\u{201d}, planen 2022 \u{201d}Hot och våld mot personal\u{201d}: 2 av 3 ord gemensamma.",
        atgard: "Inget om kopplingen stämmer. Stämmer den inte: ge risken en tydligare egen rubrik.",
    },
    RuleDoc {
        code: "IK702",
        vad: "En kontroll vars text skiljer sig från en kontroll under samma risk i ett tidigare dokument följs ändå som samma kontroll (samma kontroll_nyckel), eftersom minst hälften av orden är gemensamma.",
        varfor: "En kontroll som förs över från ett år till nästa, eller som står med något annan ordalydelse i uppföljningen än i planen, ska kännas igen; kopplingen redovisas för granskning.",
        exempel: "Planen har \u{201d}Stickprov på utbetalningar\u{201d}, uppföljningen \u{201d}Stickprov på utbetalningar av bistånd\u{201d}.",
        atgard: "Inget om kopplingen stämmer. Stämmer den inte: skriv kontrollen så som i planen.",
    },
    RuleDoc {
        code: "IK703",
        vad: "En kontroll i planen som inte finns med i någon uppföljning för samma nämnd och år, när en sådan uppföljning finns bland filerna.",
        varfor: "Nämnden ska följa upp varje kontroll i planen (kommunallagen 6 kap. 6 §). En kontroll som saknas i uppföljningen har antingen inte genomförts eller inte rapporterats.",
        exempel: "Planen 2022 har kontrollen \u{201d}Kontroll av leverantörsregistret\u{201d}; helårsuppföljningen 2022 nämner den inte.",
        atgard: "Lägg till kontrollens resultat i uppföljningen, eller skriv där varför den inte genomfördes.",
    },
    RuleDoc {
        code: "IK704",
        vad: "En kontroll i en uppföljning som inte finns i planen för samma nämnd och år, när planen finns bland filerna.",
        varfor: "Det som följs upp ska vara det som nämnden beslutade. En kontroll utanför planen kan vara en omformulering som inte känns igen, eller en kontroll som lagts till utan beslut.",
        exempel: "Uppföljningen 2022 redovisar \u{201d}Genomgång av behörigheter\u{201d}, som inte står i planen 2022.",
        atgard: "Skriv kontrollen som i planen, eller ta med den i planen genom ett beslut.",
    },
    RuleDoc {
        code: "IK705",
        vad: "En risk i förra årets plan som inte finns i årets plan för samma nämnd, utan att någon uppföljning av förra året säger att den avslutats (status Inställd, eller ett resultat eller en ny åtgärd med orden avslutas, stängs, utgår, tas bort, upphör eller avskrivs).",
        varfor: "En risk som försvinner ur planen utan förklaring kan ha glömts bort; att den hanterats färdigt ska framgå av uppföljningen.",
        exempel: "Planen 2021 har risken \u{201d}Felaktiga utbetalningar\u{201d}; planen 2022 har den inte och uppföljningen 2021 säger inget om att den avslutats.",
        atgard: "Skriv i uppföljningen att risken avslutas och varför, eller ta med den i årets plan.",
    },
];

/// Whether a code is of this family (made over a run, not a file).
pub fn is_across(code: &str) -> bool {
    code.starts_with("IK7")
}

/// Words in a follow-up's result or new action that say a risk's control is closed.
pub const CLOSING_WORDS: &[&str] = &[
    "avslut", "stängs", "stängd", "utgår", "tas bort", "upphör", "avskriv",
];

fn loc(k: &Provenance) -> Loc {
    Loc {
        fil: k.fil.to_string(),
        blad: k.blad.as_deref().map(str::to_string),
        cell: None,
        rad: first_row(k),
    }
}

fn year(d: &Document) -> String {
    d.ar.map(|a| a.to_string()).unwrap_or_default()
}

/// The IK7xx findings of a linked run; `joined` are the joins of [`crate::link::link`].
pub fn check(out: &Output, joined: &[Joined]) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut kalla: HashMap<&str, &Provenance> = HashMap::new();
    // The sources of the records joined (none in a run of one document); of records of the
    // same id, the last.
    if !joined.is_empty() {
        let ids: HashSet<&str> = joined.iter().map(|j| j.id.as_str()).collect();
        for r in out.dokument.iter().flat_map(|d| &d.risker) {
            if ids.contains(r.risk_id.as_str()) {
                kalla.insert(&r.risk_id, &r.kalla);
            }
            for k in &r.kontroller {
                if ids.contains(k.kontroll_id.as_str()) {
                    kalla.insert(&k.kontroll_id, &k.kalla);
                }
            }
        }
    }
    for j in joined {
        let Some(k) = kalla.get(j.id.as_str()) else {
            continue;
        };
        let (code, what, same) = match j.level {
            Level::Risk => ("IK701", "Risken", "risk"),
            Level::Control => ("IK702", "Kontrollen", "kontroll"),
        };
        found.push(finding(
            code,
            format!(
                "{what} \u{201d}{}\u{201d} följs som samma {same} som \u{201d}{}\u{201d} ({}): {} av {} ord gemensamma",
                j.title, j.earlier_title, j.earlier_id, j.common, j.union
            ),
            loc(k),
            Some(j.id.clone()),
        ));
    }
    plans_and_follow_ups(&out.dokument, &mut found);
    dropped_risks(&out.dokument, &mut found);
    found
}

/// IK703 / IK704: the control of risk `r` in `here` (the plan, the follow-up) of year `ar`
/// is not in `there`.
fn missing(code: &str, r: &Risk, c: &Control, here: &str, there: &str, ar: i32) -> Finding {
    finding(
        code,
        format!(
            "Kontrollen \u{201d}{}\u{201d} (risk \u{201d}{}\u{201d}) i {here} för {ar} finns inte i {there} för {ar}",
            c.kontroll, r.riskomrade
        ),
        loc(&c.kalla),
        Some(c.kontroll_id.to_string()),
    )
}

/// IK703 and IK704: per nämnd and year with both a plan and a follow-up.
fn plans_and_follow_ups(docs: &[Document], found: &mut Vec<Finding>) {
    let key = |d: &Document| d.ar.map(|a| (committee(d), a));
    let mut followed: HashSet<&str> = HashSet::new();
    let mut with_follow_up: HashSet<(String, i32)> = HashSet::new();
    let mut with_plan: HashSet<(String, i32)> = HashSet::new();
    for d in docs {
        let Some(k) = key(d) else { continue };
        match d.typ {
            DocType::Uppfoljning => {
                with_follow_up.insert(k);
                for c in d.risker.iter().flat_map(|r| &r.kontroller) {
                    followed.extend(c.plan_kontroll_id.as_deref());
                }
            }
            DocType::Plan => {
                with_plan.insert(k);
            }
        }
    }
    for d in docs {
        let Some(k) = key(d) else { continue };
        let controls = d
            .risker
            .iter()
            .flat_map(|r| r.kontroller.iter().map(move |c| (r, c)));
        match d.typ {
            DocType::Plan if with_follow_up.contains(&k) => {
                for (r, c) in controls {
                    if c.uppfoljningar.is_empty() && !followed.contains(&*c.kontroll_id) {
                        found.push(missing("IK703", r, c, "planen", "någon uppföljning", k.1));
                    }
                }
            }
            DocType::Uppfoljning if with_plan.contains(&k) => {
                for (r, c) in controls {
                    if c.plan_kontroll_id.is_none() {
                        found.push(missing("IK704", r, c, "uppföljningen", "planen", k.1));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether a control's follow-up says it is closed.
fn closed(c: &Control) -> bool {
    c.uppfoljningar.iter().any(|u| {
        u.status == Some(Status::Installd)
            || [&u.resultat, &u.ny_atgard].into_iter().flatten().any(|t| {
                let t = t.to_lowercase();
                CLOSING_WORDS.iter().any(|w| t.contains(w))
            })
    })
}

/// IK705: a risk of the previous plan year's plans that is in no plan of the next plan year
/// of its nämnd, and whose series no follow-up of its year (nor its own follow-ups) says is
/// closed.
fn dropped_risks(docs: &[Document], found: &mut Vec<Finding>) {
    for idx in timelines(docs).into_values() {
        let plan_years: BTreeSet<i32> = idx
            .iter()
            .map(|&i| &docs[i])
            .filter(|d| d.typ == DocType::Plan)
            .filter_map(|d| d.ar)
            .collect();
        let years: Vec<i32> = plan_years.into_iter().collect();
        for pair in years.windows(2) {
            let (last, this) = (pair[0], pair[1]);
            let of_year = |y: i32, typ: Option<DocType>| {
                idx.iter()
                    .map(|&i| &docs[i])
                    .filter(move |d| d.ar == Some(y) && typ.is_none_or(|t| d.typ == t))
            };
            let kept: HashSet<&str> = of_year(this, Some(DocType::Plan))
                .flat_map(|d| &d.risker)
                .map(|r| r.risk_serie.as_str())
                .collect();
            let closed_series: HashSet<&str> = of_year(last, None)
                .flat_map(|d| &d.risker)
                .filter(|r| r.kontroller.iter().any(closed))
                .map(|r| r.risk_serie.as_str())
                .collect();
            for d in of_year(last, Some(DocType::Plan)) {
                for r in d.risker.iter().filter(|r| {
                    !kept.contains(r.risk_serie.as_str())
                        && !closed_series.contains(r.risk_serie.as_str())
                }) {
                    found.push(dropped(r, d, this));
                }
            }
        }
    }
}

fn dropped(r: &Risk, d: &Document, this: i32) -> Finding {
    finding(
        "IK705",
        format!(
            "Risken \u{201d}{}\u{201d} i planen för {} finns inte i planen för {this}, och ingen uppföljning för {} säger att den avslutats",
            r.riskomrade,
            year(d),
            year(d)
        ),
        loc(&r.kalla),
        Some(r.risk_id.to_string()),
    )
}
