//! The wordings of fixtures/layouts/wordings.toml: header spellings, section rows, written
//! risk values and plan texts, each group split into what was seen in real plans and what
//! was added as plausible.

use std::collections::BTreeMap;

use serde::Deserialize;

const TEXT: &str = include_str!("../../fixtures/layouts/wordings.toml");

/// One group of wordings.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Group {
    #[serde(default)]
    pub seen: Vec<String>,
    #[serde(default)]
    pub plausible: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub levels: Vec<String>,
}

impl Group {
    /// Every wording, the seen ones first, with whether it was seen.
    pub fn all(&self) -> Vec<(&str, bool)> {
        self.seen
            .iter()
            .map(|s| (s.as_str(), true))
            .chain(self.plausible.iter().map(|s| (s.as_str(), false)))
            .collect()
    }
}

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
pub struct Wordings {
    pub fields: BTreeMap<String, Group>,
    pub extra_columns: Group,
    pub group_headers: BTreeMap<String, Group>,
    pub sections: Group,
    pub sk_forms: Group,
    pub riskvarde_forms: Group,
    pub titles: Group,
    pub meta_lines: Group,
    pub namnder: Group,
    pub texts: BTreeMap<String, Group>,
    pub values: BTreeMap<String, Group>,
}

impl Wordings {
    pub fn load() -> Wordings {
        toml::from_str(TEXT).expect("fixtures/layouts/wordings.toml")
    }

    pub fn field(&self, key: &str) -> &Group {
        self.fields
            .get(key)
            .unwrap_or_else(|| panic!("wordings.toml has no [fields.{key}]"))
    }

    pub fn text(&self, key: &str) -> &Group {
        self.texts
            .get(key)
            .unwrap_or_else(|| panic!("wordings.toml has no [texts.{key}]"))
    }

    pub fn value(&self, key: &str) -> &Group {
        self.values
            .get(key)
            .unwrap_or_else(|| panic!("wordings.toml has no [values.{key}]"))
    }
}
