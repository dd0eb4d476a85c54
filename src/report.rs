//! How findings are shown to people (human lines) and machines (JSON).

use crate::model::Finding;

/// One finding as a linter line: `fil:Blad!F7: IK303 varning: meddelande`.
pub fn line(f: &Finding) -> String {
    let mut at = f.fil.clone().unwrap_or_default();
    match (&f.blad, &f.cell, f.rad) {
        (Some(b), Some(c), _) => at.push_str(&format!(":{b}!{c}")),
        (None, Some(c), _) => at.push_str(&format!(":{c}")),
        (_, None, Some(r)) => at.push_str(&format!(":{r}")),
        _ => {}
    }
    format!("{at}: {} {}: {}", f.kod, f.allvarlighet.as_str(), f.meddelande)
}
