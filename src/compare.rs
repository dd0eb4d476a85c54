//! Year over year per nämnd (`ikplan jämför`, the workbook's Utveckling sheet): which risks
//! came, went and were renamed, how riskvärde moved, which controls were carried over, and
//! how many of each year's planned controls were followed up, with their statuses. Made
//! from a linked output ([`crate::link`]): a year is a plan year of the nämnd.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::link::timelines;
use crate::model::{Control, DocType, Document, Output, Risk};

/// The comparison of every nämnd of a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comparison {
    pub namnder: Vec<Committee>,
}

/// One nämnd's plan years in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Committee {
    /// The nämnd as the documents write it (its key when none does).
    pub namnd: String,
    pub nyckel: String,
    pub ar: Vec<Year>,
}

/// One plan year against the nämnd's previous plan year in the run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Year {
    pub ar: i32,
    /// The previous plan year compared with (none for the first).
    pub jamfort_med: Option<i32>,
    pub risker: usize,
    pub tillkomna: Vec<String>,
    pub borttagna: Vec<String>,
    pub omdopta: Vec<Renamed>,
    pub riskvarde_upp: Vec<ValueChange>,
    pub riskvarde_ned: Vec<ValueChange>,
    pub kontroller: usize,
    /// Controls whose `kontroll_nyckel` was in the previous year's plan.
    pub overforda: usize,
    /// Planned controls with a follow-up (their own, or a follow-up's control linked to
    /// them).
    pub uppfoljda: usize,
    /// uppfoljda / kontroller, 0–1 (0 without controls).
    pub andel_uppfoljda: f64,
    /// The latest status of each followed-up control ("Ingen status" when it has none).
    pub statusar: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renamed {
    pub fran: String,
    pub till: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueChange {
    pub risk: String,
    pub fran: i64,
    pub till: i64,
}

/// A year's plans: its risks by series (first in reading order), and its controls.
struct PlanYear<'a> {
    risks: Vec<&'a Risk>,
    controls: Vec<&'a Control>,
}

impl<'a> PlanYear<'a> {
    fn of(docs: impl Iterator<Item = &'a Document>) -> Self {
        let mut seen = HashSet::new();
        let mut risks = Vec::new();
        let mut controls = Vec::new();
        for r in docs.flat_map(|d| &d.risker) {
            controls.extend(&r.kontroller);
            if seen.insert(r.risk_serie.as_str()) {
                risks.push(r);
            }
        }
        PlanYear { risks, controls }
    }

    fn series(&self) -> HashMap<&'a str, &'a Risk> {
        self.risks
            .iter()
            .map(|r| (r.risk_serie.as_str(), *r))
            .collect()
    }
}

/// The comparison of a linked output.
pub fn compare(out: &Output) -> Comparison {
    let docs = &out.dokument;
    // A planned control's follow-ups: its own and those of the controls linked to it.
    let mut follow_ups: HashMap<&str, Vec<&crate::model::FollowUp>> = HashMap::new();
    for k in docs
        .iter()
        .flat_map(|d| &d.risker)
        .flat_map(|r| &r.kontroller)
    {
        let target = k.plan_kontroll_id.as_deref().unwrap_or(&k.kontroll_id);
        follow_ups
            .entry(target)
            .or_default()
            .extend(&k.uppfoljningar);
    }
    let mut namnder = Vec::new();
    for (nyckel, idx) in timelines(docs) {
        let plans: Vec<&Document> = idx
            .iter()
            .map(|&i| &docs[i])
            .filter(|d| d.typ == DocType::Plan && d.ar.is_some())
            .collect();
        if plans.is_empty() {
            continue;
        }
        let namnd = idx
            .iter()
            .find_map(|&i| docs[i].namnd.clone())
            .unwrap_or_else(|| nyckel.clone());
        let mut years: Vec<i32> = plans.iter().filter_map(|d| d.ar).collect();
        years.dedup();
        let of = |y: i32| PlanYear::of(plans.iter().copied().filter(move |d| d.ar == Some(y)));
        let mut ar = Vec::new();
        let mut prev: Option<(i32, PlanYear)> = None;
        for y in years {
            let now = of(y);
            let mut year = Year {
                ar: y,
                jamfort_med: prev.as_ref().map(|p| p.0),
                risker: now.risks.len(),
                kontroller: now.controls.len(),
                ..Default::default()
            };
            for k in &now.controls {
                let Some(fs) = follow_ups.get(&*k.kontroll_id).filter(|f| !f.is_empty()) else {
                    continue;
                };
                year.uppfoljda += 1;
                let latest = fs.iter().max_by_key(|u| u.period).expect("not empty");
                let status = latest.status.map(|s| s.as_str()).unwrap_or("Ingen status");
                *year.statusar.entry(status.to_string()).or_default() += 1;
            }
            if year.kontroller > 0 {
                year.andel_uppfoljda = year.uppfoljda as f64 / year.kontroller as f64;
            }
            if let Some((_, before)) = &prev {
                compare_years(before, &now, &mut year);
            }
            ar.push(year);
            prev = Some((y, now));
        }
        namnder.push(Committee { namnd, nyckel, ar });
    }
    Comparison { namnder }
}

/// What changed from one plan year to the next.
fn compare_years(before: &PlanYear, now: &PlanYear, year: &mut Year) {
    let (b, n) = (before.series(), now.series());
    year.tillkomna = now
        .risks
        .iter()
        .filter(|r| !b.contains_key(r.risk_serie.as_str()))
        .map(|r| r.riskomrade.clone())
        .collect();
    year.borttagna = before
        .risks
        .iter()
        .filter(|r| !n.contains_key(r.risk_serie.as_str()))
        .map(|r| r.riskomrade.clone())
        .collect();
    for r in &now.risks {
        let Some(old) = b.get(r.risk_serie.as_str()) else {
            continue;
        };
        if old.riskomrade != r.riskomrade {
            year.omdopta.push(Renamed {
                fran: old.riskomrade.clone(),
                till: r.riskomrade.clone(),
            });
        }
        if let (Some(fran), Some(till)) = (old.riskvarde, r.riskvarde) {
            let change = ValueChange {
                risk: r.riskomrade.clone(),
                fran,
                till,
            };
            if till > fran {
                year.riskvarde_upp.push(change);
            } else if till < fran {
                year.riskvarde_ned.push(change);
            }
        }
    }
    let carried: HashSet<&str> = before
        .controls
        .iter()
        .map(|k| k.kontroll_nyckel.as_str())
        .collect();
    year.overforda = now
        .controls
        .iter()
        .filter(|k| carried.contains(k.kontroll_nyckel.as_str()))
        .count();
}

/// The comparison as Swedish text for people.
pub fn human(c: &Comparison) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    if c.namnder.is_empty() {
        s.push_str("Inga planer med år att jämföra.\n");
    }
    for n in &c.namnder {
        let _ = writeln!(s, "{}", n.namnd);
        for y in &n.ar {
            let _ = write!(
                s,
                "  {}: {} risker, {} kontroller",
                y.ar, y.risker, y.kontroller
            );
            if let Some(p) = y.jamfort_med {
                let _ = write!(s, " ({} överförda från {p})", y.overforda);
            }
            let _ = write!(
                s,
                "; uppföljda {} av {} ({:.0} %)",
                y.uppfoljda,
                y.kontroller,
                y.andel_uppfoljda * 100.0
            );
            let statuses: Vec<String> =
                y.statusar.iter().map(|(k, v)| format!("{k} {v}")).collect();
            if !statuses.is_empty() {
                let _ = write!(s, ": {}", statuses.join(", "));
            }
            s.push('\n');
            let list = |s: &mut String, label: &str, items: Vec<String>| {
                if !items.is_empty() {
                    let _ = writeln!(s, "    {label}: {}", items.join("; "));
                }
            };
            list(&mut s, "tillkom", y.tillkomna.clone());
            list(&mut s, "försvann", y.borttagna.clone());
            list(
                &mut s,
                "bytte namn",
                y.omdopta
                    .iter()
                    .map(|r| format!("{} → {}", r.fran, r.till))
                    .collect(),
            );
            let moved = |v: &[ValueChange]| {
                v.iter()
                    .map(|c| format!("{} {} → {}", c.risk, c.fran, c.till))
                    .collect()
            };
            list(&mut s, "riskvärde upp", moved(&y.riskvarde_upp));
            list(&mut s, "riskvärde ned", moved(&y.riskvarde_ned));
        }
    }
    s
}

/// Whether the output spans more than one plan year of some nämnd (the workbook then gets
/// its Utveckling sheet).
pub fn spans_years(c: &Comparison) -> bool {
    c.namnder.iter().any(|n| n.ar.len() > 1)
}
