//! Controls placed under the risk their parent column names: a planning system's export of
//! risk and control records in one table ("Typ" · "Id" · "Överordnad" …) lists each
//! control with the id of its risk, wherever the control's row stands (often after all the
//! risks). Read in table order, every such control would fall under the last risk above it;
//! [`place_by_parent`] moves each to the risk whose number its parent column gives.

use crate::layout::records::PARENT_WORDS;
use crate::layout::synonyms::header_key;
use crate::model::{Control, Document};
use std::collections::HashMap;

/// The parent column's value of a control, under the first parent header of its extra.
fn parent_of<'c>(c: &'c Control, keys: &[&str]) -> Option<&'c str> {
    c.extra
        .0
        .iter()
        .find(|(k, _)| keys.contains(&k.as_str()))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// The extra columns of the document's controls that name a parent, each asked once.
fn parent_keys(doc: &Document) -> Vec<String> {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for c in doc.risker.iter().flat_map(|r| &r.kontroller) {
        for (k, _) in &c.extra.0 {
            if seen.insert(k.as_str()) && PARENT_WORDS.contains(&header_key(k).as_str()) {
                out.push(k.clone());
            }
        }
    }
    out
}

/// Moves each control whose parent column names a risk's number to that risk, in the order
/// the controls were read. Nothing moves unless every control with a parent value names
/// exactly one risk of the document and at least one is not already under it (a parent that
/// names nothing leaves the document as it was read).
pub fn place_by_parent(doc: &mut Document) {
    let keys = parent_keys(doc);
    if keys.is_empty() {
        return;
    }
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let mut twice: Vec<&str> = Vec::new();
    for (i, r) in doc.risker.iter().enumerate() {
        if let Some(n) = r.nummer.as_deref().map(str::trim).filter(|n| !n.is_empty())
            && numbers.insert(n, i).is_some()
        {
            twice.push(n);
        }
    }
    // (risk, control) → the risk it goes to.
    let mut targets: Vec<((usize, usize), usize)> = Vec::new();
    let mut moves = false;
    for (ri, r) in doc.risker.iter().enumerate() {
        for (ci, c) in r.kontroller.iter().enumerate() {
            let Some(parent) = parent_of(c, &keys) else {
                continue;
            };
            match numbers.get(parent) {
                Some(&to) if !twice.contains(&parent) => {
                    moves |= to != ri;
                    targets.push(((ri, ci), to));
                }
                _ => return,
            }
        }
    }
    if !moves {
        return;
    }
    let target: HashMap<(usize, usize), usize> = targets.into_iter().collect();
    let mut taken: Vec<Vec<Control>> = doc
        .risker
        .iter_mut()
        .map(|r| std::mem::take(&mut r.kontroller))
        .collect();
    let mut placed: Vec<Vec<Control>> = vec![Vec::new(); doc.risker.len()];
    for (ri, controls) in taken.iter_mut().enumerate() {
        for (ci, c) in controls.drain(..).enumerate() {
            let to = target.get(&(ri, ci)).copied().unwrap_or(ri);
            placed[to].push(c);
        }
    }
    for (r, controls) in doc.risker.iter_mut().zip(placed) {
        r.kontroller = controls;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Extra, Risk};

    fn risk(nummer: &str, controls: Vec<Control>) -> Risk {
        Risk {
            nummer: Some(nummer.to_string()),
            riskomrade: format!("Risk {nummer}"),
            kontroller: controls,
            ..Default::default()
        }
    }

    fn control(name: &str, parent: &str) -> Control {
        Control {
            kontroll: name.to_string(),
            extra: Extra(vec![("Överordnad".to_string(), parent.to_string())]),
            ..Default::default()
        }
    }

    fn names(doc: &Document) -> Vec<Vec<&str>> {
        doc.risker
            .iter()
            .map(|r| r.kontroller.iter().map(|c| c.kontroll.as_str()).collect())
            .collect()
    }

    #[test]
    fn controls_listed_after_the_risks_go_to_their_parents() {
        let mut doc = Document {
            risker: vec![
                risk("R1", vec![]),
                risk(
                    "R2",
                    vec![control("a", "R1"), control("b", "R2"), control("c", "R1")],
                ),
            ],
            ..Default::default()
        };
        place_by_parent(&mut doc);
        assert_eq!(names(&doc), [vec!["a", "c"], vec!["b"]]);
    }

    #[test]
    fn a_parent_that_names_no_risk_moves_nothing() {
        let mut doc = Document {
            risker: vec![
                risk("R1", vec![]),
                risk("R2", vec![control("a", "R1"), control("b", "R9")]),
            ],
            ..Default::default()
        };
        place_by_parent(&mut doc);
        assert_eq!(names(&doc), [vec![], vec!["a", "b"]]);
    }

    #[test]
    fn a_parent_id_header_written_as_one_word_names_the_parent() {
        let mut doc = Document {
            risker: vec![
                risk("1201", vec![]),
                risk("1202", vec![control("a", "1201"), control("b", "1202")]),
            ],
            ..Default::default()
        };
        for r in &mut doc.risker {
            for c in &mut r.kontroller {
                c.extra.0[0].0 = "ParentID".to_string();
            }
        }
        place_by_parent(&mut doc);
        assert_eq!(names(&doc), [vec!["a"], vec!["b"]]);
    }
}
