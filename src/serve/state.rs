//! What `ikplan serve` holds: the uploaded files (in memory), how each was read, and the
//! user's choices, which are the `[kolumner]` and `[ordlista]` entries of `ikplan.toml`
//! and are applied by reading that text with [`crate::cli::config::parse_project`], the
//! same way a batch run reads the file.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::cli::config::{Project, parse_project};
use crate::layout::{LayoutOptions, synonyms::header_key};
use crate::normalize::assemble::Options;
use crate::pipeline::{Converted, convert_bytes_seen};

use super::view::{self, FileView};

/// At most this many files are held at once.
pub const MAX_FILES: usize = 5_000;
/// One uploaded file is at most this large.
pub const MAX_FILE_BYTES: usize = 64 << 20;
/// All uploaded files together are at most this large.
pub const MAX_TOTAL_BYTES: usize = 1 << 30;

/// One uploaded file and how it was read.
pub struct Upload {
    pub id: u32,
    /// The name it was given (a folder's files: the path below the dropped folder).
    pub name: String,
    pub bytes: Arc<[u8]>,
    /// The id base of its records, unique among the uploads.
    pub id_base: String,
    pub read: Reading,
}

/// The outcome of reading one upload with the choices of one generation.
pub struct Reading {
    pub view: FileView,
    /// The converted file; `None` when it could not be read (the view holds the error).
    pub converted: Option<Converted>,
    /// The header keys of its columns, to find the files a column choice changes.
    pub headers: Vec<String>,
    /// The status and assessment words of its follow-ups, as written.
    pub words: Vec<String>,
}

/// The user's choices: header → field key, status word → status, assessment word →
/// assessment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choices {
    pub kolumner: BTreeMap<String, String>,
    pub status: BTreeMap<String, String>,
    pub kontrollbedomning: BTreeMap<String, String>,
}

/// What one choice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChoiceKind {
    Kolumn,
    Status,
    Kontrollbedomning,
}

impl Choices {
    fn map(&mut self, kind: ChoiceKind) -> &mut BTreeMap<String, String> {
        match kind {
            ChoiceKind::Kolumn => &mut self.kolumner,
            ChoiceKind::Status => &mut self.status,
            ChoiceKind::Kontrollbedomning => &mut self.kontrollbedomning,
        }
    }

    /// The choices as the blocks of ikplan.toml they are (empty when there are none).
    pub fn toml(&self) -> String {
        let mut t = toml::Table::new();
        let table = |m: &BTreeMap<String, String>| {
            m.iter()
                .map(|(k, v)| (k.clone(), toml::Value::String(v.clone())))
                .collect::<toml::Table>()
        };
        if !self.kolumner.is_empty() {
            t.insert("kolumner".into(), table(&self.kolumner).into());
        }
        let mut ordlista = toml::Table::new();
        if !self.status.is_empty() {
            ordlista.insert("status".into(), table(&self.status).into());
        }
        if !self.kontrollbedomning.is_empty() {
            ordlista.insert(
                "kontrollbedomning".into(),
                table(&self.kontrollbedomning).into(),
            );
        }
        if !ordlista.is_empty() {
            t.insert("ordlista".into(), ordlista.into());
        }
        if t.is_empty() {
            String::new()
        } else {
            t.to_string()
        }
    }

    /// The project file `base` with these choices put in (a choice replaces the entry of
    /// the same word there); `base` is the text of an ikplan.toml, or empty.
    ///
    /// # Errors
    /// `base` is not TOML.
    pub fn merged_into(&self, base: &str) -> Result<String, String> {
        let mut t: toml::Table = toml::from_str(base).map_err(|e| e.message().to_string())?;
        let mut put = |path: &[&str], m: &BTreeMap<String, String>| {
            if m.is_empty() {
                return;
            }
            let mut at = &mut t;
            for p in path {
                let v = at
                    .entry(p.to_string())
                    .or_insert_with(|| toml::Table::new().into());
                if !v.is_table() {
                    *v = toml::Table::new().into();
                }
                at = v.as_table_mut().expect("made a table above");
            }
            for (k, v) in m {
                at.insert(k.clone(), toml::Value::String(v.clone()));
            }
        };
        put(&["kolumner"], &self.kolumner);
        put(&["ordlista", "status"], &self.status);
        put(&["ordlista", "kontrollbedomning"], &self.kontrollbedomning);
        Ok(t.to_string())
    }
}

/// Everything the server holds; behind one lock, taken briefly (files are read outside it).
pub struct State {
    /// The working folder's ikplan.toml as it was when the server started ("" without one).
    pub base: String,
    pub choices: Choices,
    /// The settings of `base` with the choices in, as a batch run would read them.
    pub project: Arc<Project>,
    /// Counts changes of the choices: a file read with an older generation is read again.
    pub generation: u64,
    pub files: Vec<Upload>,
    next_id: u32,
}

impl State {
    /// The state for a working folder whose ikplan.toml holds `base`.
    ///
    /// # Errors
    /// `base` is no valid project file (the message names what is wrong).
    pub fn new(base: String) -> Result<State, String> {
        let project = Arc::new(parse_project(&base)?);
        Ok(State {
            base,
            choices: Choices::default(),
            project,
            generation: 0,
            files: Vec::new(),
            next_id: 1,
        })
    }

    /// Records a choice (an empty `value` takes it back) and returns the files it may
    /// change, by id.
    ///
    /// # Errors
    /// The choice names no field, status or assessment (the project file would not be
    /// read); the choices are then left as they were.
    pub fn choose(
        &mut self,
        kind: ChoiceKind,
        word: &str,
        value: &str,
    ) -> Result<Vec<u32>, String> {
        let word = word.trim();
        if word.is_empty() {
            return Err("ange en rubrik eller ett ord".into());
        }
        let mut choices = self.choices.clone();
        if value.trim().is_empty() {
            choices.map(kind).remove(word);
        } else {
            choices
                .map(kind)
                .insert(word.to_string(), value.trim().to_string());
        }
        let project = parse_project(&choices.merged_into(&self.base)?)?;
        self.choices = choices;
        self.project = Arc::new(project);
        self.generation += 1;
        let affected = |u: &Upload| match kind {
            ChoiceKind::Kolumn => {
                let mut one = LayoutOptions::default();
                // A key the user can write maps; the header alone is what matters here.
                let _ = one.map(word, "extra");
                u.read.headers.iter().any(|h| one.role_for(h).is_some())
            }
            ChoiceKind::Status | ChoiceKind::Kontrollbedomning => {
                let w = header_key(word);
                u.read.words.iter().any(|x| header_key(x) == w)
            }
        };
        Ok(self
            .files
            .iter()
            .filter(|u| affected(u))
            .map(|u| u.id)
            .collect())
    }

    /// Makes room for a file named `name` of `len` bytes: its id and id base, or why it is
    /// refused. A file of the same name is replaced.
    ///
    /// # Errors
    /// Too many files, or too many bytes held.
    pub fn admit(&mut self, name: &str, len: usize) -> Result<(u32, String), String> {
        self.files.retain(|u| u.name != name);
        if self.files.len() >= MAX_FILES {
            return Err(format!(
                "högst {MAX_FILES} filer hålls samtidigt; töm listan först"
            ));
        }
        let held: usize = self.files.iter().map(|u| u.bytes.len()).sum();
        if held + len > MAX_TOTAL_BYTES {
            return Err(format!(
                "filerna blir tillsammans större än {} MiB; töm listan först",
                MAX_TOTAL_BYTES >> 20
            ));
        }
        let id = self.next_id;
        self.next_id += 1;
        let first = crate::pipeline::id_base(name);
        let mut base = first.clone();
        let mut n = 2;
        while self.files.iter().any(|u| u.id_base == base) {
            base = format!("{first}-{n}");
            n += 1;
        }
        Ok((id, base))
    }

    /// The uploads in name order (a folder comes out the same whatever order its files
    /// arrived in).
    pub fn sorted(&self) -> Vec<&Upload> {
        let mut v: Vec<&Upload> = self.files.iter().collect();
        v.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        v
    }
}

/// Reads one upload with a project's settings: its view for the page, its conversion, and
/// what later choices are matched against.
pub fn read(id: u32, name: &str, bytes: &[u8], id_base: &str, project: &Project) -> Reading {
    let started = std::time::Instant::now();
    let base = Options {
        layout: project.layout.clone(),
        vocab: project.vocab.clone().into(),
        ..Default::default()
    };
    let opts = Options {
        id_base: id_base.to_string(),
        ..crate::pipeline::file_options(&base, &project.files, name)
    };
    let result = convert_bytes_seen(bytes, name, &opts, &project.rules, view::tables);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok((converted, tables)) => {
            let tables = tables.unwrap_or_default();
            let headers = tables
                .iter()
                .flat_map(|t| t.kolumner.iter().map(|c| c.rubrik.clone()))
                .collect();
            let (view, words) = view::file_view(id, name, bytes.len(), tables, &converted, ms);
            Reading {
                view,
                converted: Some(converted),
                headers,
                words,
            }
        }
        Err(e) => Reading {
            view: view::failed(
                id,
                name,
                bytes.len(),
                crate::cli::inputs::escape(&e.to_string()),
                ms,
            ),
            converted: None,
            headers: Vec::new(),
            words: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_ikplan_toml_entries() {
        let mut c = Choices::default();
        assert_eq!(c.toml(), "");
        c.kolumner
            .insert("Åtgärd enligt plan".into(), "kontroll".into());
        c.status.insert("Grön".into(), "Genomförd".into());
        let text = c.toml();
        let p = parse_project(&text).unwrap();
        assert_eq!(
            p.layout.role_for("Åtgärd enligt plan"),
            Some(crate::field::Role::Kontroll)
        );
        assert_eq!(
            p.vocab.status("Grön"),
            Some(crate::model::Status::Genomford)
        );
        // Put into a project file, a choice replaces the entry of the same header and the
        // file's other settings stay.
        let base =
            "skala = 4\n[kolumner]\n\"Åtgärd enligt plan\" = \"atgard\"\n\"Vad\" = \"risk\"\n";
        let merged = c.merged_into(base).unwrap();
        let p = parse_project(&merged).unwrap();
        assert_eq!(
            p.layout.role_for("Åtgärd enligt plan"),
            Some(crate::field::Role::Kontroll)
        );
        assert_eq!(
            p.layout.role_for("Vad"),
            Some(crate::field::Role::RiskTitelBeskrivning)
        );
        assert!(merged.contains("skala = 4"), "{merged}");
    }

    #[test]
    fn a_choice_that_names_no_field_changes_nothing() {
        let mut s = State::new(String::new()).unwrap();
        let e = s.choose(ChoiceKind::Kolumn, "Vad", "kontrol").unwrap_err();
        assert!(e.contains("okänt fält"), "{e}");
        assert_eq!(s.choices, Choices::default());
        assert_eq!(s.generation, 0);
        let e = s.choose(ChoiceKind::Status, "Grön", "Blå").unwrap_err();
        assert!(e.contains("ingen status"), "{e}");
        s.choose(ChoiceKind::Status, "Grön", "Genomförd").unwrap();
        assert_eq!(s.generation, 1);
        s.choose(ChoiceKind::Status, "Grön", "").unwrap();
        assert_eq!(s.choices, Choices::default());
    }
}
