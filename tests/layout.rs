//! Layout: one case per kind of layout that real plans show (fixtures/layouts/), and the
//! vocabulary against the header wordings collected from real plans
//! (fixtures/layouts/wordings.toml).

mod common;

use ikplan::layout::Role;
use ikplan::layout::synonyms::role_of;

/// The roles a field's wording may name: the field itself, or a role that fills it.
fn accepts(field: &str, role: Role) -> bool {
    let own = Role::from_key(field);
    own == Some(role)
        || match field {
            // A process column is the risk where nothing else names it (the resolver).
            "riskomrade" => matches!(role, Role::RiskTitelBeskrivning | Role::Process),
            // "Riskkategori/Beskrivning": either.
            "riskbeskrivning" => role == Role::Kategori,
            // "Åtgärder för att minska risken" in a plan is its decided action.
            "ny_atgard" => role == Role::Atgard,
            // "Rapportering": the content decides between who and when (the resolver).
            "uppfoljning_nar" => role == Role::Rapporteringsansvarig,
            "riskvarde" => role == Role::RiskTitelBeskrivning,
            "kontroll" => role == Role::Atgard,
            _ => false,
        }
}

#[test]
fn every_collected_wording_names_its_field() {
    let text =
        std::fs::read_to_string(common::root().join("fixtures/layouts/wordings.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let fields = doc["fields"].as_table().unwrap();
    let mut missed = Vec::new();
    let mut n = 0;
    for (field, groups) in fields {
        for group in ["seen", "plausible"] {
            for w in groups[group].as_array().unwrap() {
                let w = w.as_str().unwrap();
                n += 1;
                let role = role_of(w);
                if !accepts(field, role) {
                    missed.push(format!("{w:?} ({group}) → {role}, not {field}"));
                }
            }
        }
    }
    assert!(n > 80, "the wordings file lists {n} wordings");
    assert!(
        missed.is_empty(),
        "{} of {n}:\n{}",
        missed.len(),
        missed.join("\n")
    );
}
