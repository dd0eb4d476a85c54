//! Keys across documents, made over a whole run once every file is read: one risk followed
//! across the years and documents of its nämnd (`risk_serie`), one control likewise
//! (`kontroll_nyckel`), and a follow-up's controls pointing at the plan's
//! (`plan_kontroll_id`). docs/MODEL.md says how; the joins by similarity are returned so
//! that the rules can report them (IK701, IK702).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{DocType, Document, Output};
use crate::normalize::text::slug;

/// Two titles name the same risk (control) when at least this share of their words are
/// common to both: |A ∩ B| / |A ∪ B| of their word sets (Jaccard), without [`STOPWORDS`].
/// "Hot och våld" and "Hot och våld mot personal" share 2 of 3 words (0.67); "Ekonomi"
/// and "Ekonomi i projekt" 1 of 2 (0.5).
pub const SIMILAR: f64 = 0.5;

/// Words that say nothing of what a risk is (folded like a slug).
pub const STOPWORDS: &[&str] = &[
    "och", "i", "av", "for", "med", "till", "pa", "att", "en", "ett", "som", "om", "mot", "vid",
    "den", "det", "de", "inom", "samt", "eller", "fran", "ur", "under", "efter", "hos", "nar",
    "kring", "sin", "sina", "ej", "inte",
];

/// The words of a title that count for [`SIMILAR`]: its slug's words without stopwords
/// and numbers, sorted, each once.
pub fn words(title: &str) -> Vec<String> {
    slug_words(&slug(title))
}

/// [`words`] of a title's slug.
fn slug_words(slug: &str) -> Vec<String> {
    let mut w: Vec<String> = slug
        .split('-')
        .filter(|w| {
            !w.is_empty() && !STOPWORDS.contains(w) && !w.chars().all(|c| c.is_ascii_digit())
        })
        .map(str::to_string)
        .collect();
    w.sort();
    w.dedup();
    w
}

/// The words two sorted word sets share and the words of both together.
pub fn overlap(a: &[String], b: &[String]) -> (usize, usize) {
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    (common, a.len() + b.len() - common)
}

/// Whether `common` of `union` words is similar enough.
fn similar((common, union): (usize, usize)) -> bool {
    union > 0 && common as f64 >= SIMILAR * union as f64
}

/// Whether a risk or a control was joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Risk,
    Control,
}

/// A record joined by similarity to a series whose latest title differs.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    pub level: Level,
    /// The record joined and its title.
    pub id: String,
    pub title: String,
    /// The series' latest record before it, and its title.
    pub earlier_id: String,
    pub earlier_title: String,
    pub common: usize,
    pub union: usize,
}

/// The nämnd a document belongs to, as a key: the slugs of its kommun and nämnd
/// (`okand-namnd` when the document names none).
pub fn committee(d: &Document) -> String {
    let namnd = d.namnd.as_deref().map(slug).filter(|s| !s.is_empty());
    let namnd = namnd.unwrap_or_else(|| "okand-namnd".to_string());
    match d.kommun.as_deref().map(slug).filter(|s| !s.is_empty()) {
        Some(k) => format!("{k}/{namnd}"),
        None => namnd,
    }
}

/// The documents of each nämnd (by [`committee`]) in time order: year (documents without
/// one last), the plan before its follow-ups, delår before helår, then reading order.
pub fn timelines(docs: &[Document]) -> BTreeMap<String, Vec<usize>> {
    let mut by: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        by.entry(committee(d)).or_default().push(i);
    }
    for v in by.values_mut() {
        v.sort_by_key(|&i| {
            let d = &docs[i];
            (
                d.ar.is_none(),
                d.ar,
                d.typ == DocType::Uppfoljning,
                d.period,
                i,
            )
        });
    }
    by
}

/// One record to place in a series: its key in its document, its title's words, id and
/// title (borrowed from the record; copied only where a later document will need them).
struct Item<'a> {
    nyckel: Cow<'a, str>,
    words: Vec<String>,
    id: &'a str,
    title: &'a str,
}

/// A risk or control followed across documents.
struct Series {
    key: String,
    nycklar: HashSet<String>,
    /// The latest record's words, id and title.
    last: (Vec<String>, String, String),
}

/// The series of one nämnd's risks (or of one risk series' controls), with what finds them
/// without looking at every one: the series holding a key, the series whose title has had a
/// word (two titles are [`similar`] only when they share a word), and the keys in use.
#[derive(Default)]
struct Pool {
    series: Vec<Series>,
    by_nyckel: HashMap<String, Vec<usize>>,
    by_word: HashMap<String, Vec<usize>>,
    keys: HashSet<String>,
}

impl Pool {
    /// The first series not `taken` that holds `nyckel`.
    fn with_nyckel(&self, nyckel: &str, taken: &HashSet<usize>) -> Option<usize> {
        let at = self.by_nyckel.get(nyckel)?;
        at.iter().copied().filter(|s| !taken.contains(s)).min()
    }

    /// The series not `taken` that may be similar to `words` (they share a word).
    fn sharing(&self, words: &[String], taken: &HashSet<usize>) -> Vec<usize> {
        let mut at: Vec<usize> = words
            .iter()
            .filter_map(|w| self.by_word.get(w))
            .flatten()
            .copied()
            .filter(|s| !taken.contains(s))
            .collect();
        at.sort_unstable();
        at.dedup();
        at
    }

    /// A new series `<first>`, or `<first>-2`, `-3` … when that key is in use.
    fn open(&mut self, first: String) -> usize {
        let key = if self.keys.contains(&first) {
            (2..)
                .map(|n| format!("{first}-{n}"))
                .find(|k| !self.keys.contains(k))
                .expect("a free key")
        } else {
            first
        };
        self.keys.insert(key.clone());
        self.series.push(Series {
            key,
            nycklar: HashSet::new(),
            last: Default::default(),
        });
        self.series.len() - 1
    }

    /// `it` is the latest record of series `s`; `later`: a later document will look the
    /// series up (the last document's records need neither an index nor a latest record).
    fn extend(&mut self, s: usize, it: Item, later: bool) {
        if !later {
            return;
        }
        let se = &mut self.series[s];
        if !it.nyckel.is_empty() && se.nycklar.insert(it.nyckel.to_string()) {
            self.by_nyckel
                .entry(it.nyckel.into_owned())
                .or_default()
                .push(s);
        }
        for w in &it.words {
            let at = self.by_word.entry(w.clone()).or_default();
            if at.last() != Some(&s) {
                at.push(s);
            }
        }
        se.last = (it.words, it.id.to_string(), it.title.to_string());
    }
}

/// Places one document's records in `pool`: the same key first, then the most similar
/// series (one record per series and document, best pairs first), else a new series
/// `<prefix>/<key>`. Returns each record's series key; joins by similarity go to `joined`.
/// `later`: see [`Pool::extend`].
fn place(
    pool: &mut Pool,
    prefix: &str,
    (items, later): (Vec<Item>, bool),
    level: Level,
    joined: &mut Vec<Joined>,
) -> Vec<String> {
    let mut at: Vec<Option<usize>> = vec![None; items.len()];
    let mut taken: HashSet<usize> = HashSet::new();
    for (i, it) in items.iter().enumerate() {
        if it.nyckel.is_empty() {
            continue;
        }
        if let Some(s) = pool.with_nyckel(&it.nyckel, &taken) {
            at[i] = Some(s);
            taken.insert(s);
        }
    }
    let mut pairs = Vec::new();
    for (i, it) in items.iter().enumerate().filter(|(i, _)| at[*i].is_none()) {
        for s in pool.sharing(&it.words, &taken) {
            let o = overlap(&it.words, &pool.series[s].last.0);
            if similar(o) {
                pairs.push((o, i, s));
            }
        }
    }
    // Best share first (compared exactly as fractions), then reading order.
    pairs.sort_by(|(a, i, s), (b, j, t)| {
        (b.0 * a.1).cmp(&(a.0 * b.1)).then(i.cmp(j)).then(s.cmp(t))
    });
    for ((common, union), i, s) in pairs {
        if at[i].is_some() || taken.contains(&s) {
            continue;
        }
        at[i] = Some(s);
        taken.insert(s);
        let (_, earlier_id, earlier_title) = &pool.series[s].last;
        joined.push(Joined {
            level,
            id: items[i].id.to_string(),
            title: items[i].title.to_string(),
            earlier_id: earlier_id.clone(),
            earlier_title: earlier_title.clone(),
            common,
            union,
        });
    }
    let mut keys = Vec::with_capacity(items.len());
    for (it, s) in items.into_iter().zip(at) {
        let s = s.unwrap_or_else(|| pool.open(format!("{prefix}/{}", it.nyckel)));
        pool.extend(s, it, later);
        keys.push(pool.series[s].key.clone());
    }
    keys
}

/// Sets `risk_serie`, `kontroll_nyckel` and `plan_kontroll_id` on every risk and control of
/// the run; returns the records joined by similarity.
pub fn link(out: &mut Output) -> Vec<Joined> {
    let mut joined = Vec::new();
    for (committee, docs) in timelines(&out.dokument) {
        let mut risks = Pool::default();
        let mut controls: HashMap<String, Pool> = HashMap::new();
        let n = docs.len();
        for (at, i) in docs.into_iter().enumerate() {
            let later = at + 1 < n;
            let doc = &mut out.dokument[i];
            // Words are compared only with series of earlier documents or kept for later ones.
            let compare = later || !risks.series.is_empty();
            let items = doc
                .risker
                .iter()
                .map(|r| Item {
                    nyckel: Cow::Borrowed(&r.risk_nyckel),
                    words: if compare {
                        words(&r.riskomrade)
                    } else {
                        Vec::new()
                    },
                    id: &r.risk_id,
                    title: &r.riskomrade,
                })
                .collect();
            let keys = place(
                &mut risks,
                &committee,
                (items, later),
                Level::Risk,
                &mut joined,
            );
            for (r, key) in doc.risker.iter_mut().zip(keys) {
                r.risk_serie = key;
            }
            // A document's controls, per risk series (a risk named twice is two series).
            let mut per: BTreeMap<String, Vec<&mut crate::model::Control>> = BTreeMap::new();
            for r in &mut doc.risker {
                per.entry(r.risk_serie.clone())
                    .or_default()
                    .extend(r.kontroller.iter_mut());
            }
            for (serie, ks) in per {
                let compare = later || controls.contains_key(&serie);
                let items = ks
                    .iter()
                    .map(|k| {
                        let nyckel = slug(&k.kontroll);
                        Item {
                            words: if compare {
                                slug_words(&nyckel)
                            } else {
                                Vec::new()
                            },
                            nyckel: Cow::Owned(nyckel),
                            id: &k.kontroll_id,
                            title: &k.kontroll,
                        }
                    })
                    .collect();
                // The last document's series that no earlier one had: no pool to keep.
                let mut fresh = Pool::default();
                let series = match (later, controls.get_mut(&serie)) {
                    (_, Some(p)) => p,
                    (true, None) => controls.entry(serie.clone()).or_default(),
                    (false, None) => &mut fresh,
                };
                let keys = place(series, &serie, (items, later), Level::Control, &mut joined);
                for (k, key) in ks.into_iter().zip(keys) {
                    k.kontroll_nyckel = key;
                }
            }
        }
    }
    link_plans(&mut out.dokument);
    joined
}

/// A follow-up's control → the control of the same `kontroll_nyckel` in a plan of the same
/// nämnd and year (the first such plan in reading order).
fn link_plans(docs: &mut [Document]) {
    let mut planned: HashMap<(String, i32, &str), &str> = HashMap::new();
    for d in docs.iter().filter(|d| d.typ == DocType::Plan) {
        let Some(ar) = d.ar else { continue };
        for k in d.risker.iter().flat_map(|r| &r.kontroller) {
            planned
                .entry((committee(d), ar, k.kontroll_nyckel.as_str()))
                .or_insert(&k.kontroll_id);
        }
    }
    let links: Vec<(usize, usize, usize, String)> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.typ == DocType::Uppfoljning)
        .flat_map(|(di, d)| {
            let c = committee(d);
            let planned = &planned;
            d.risker.iter().enumerate().flat_map(move |(ri, r)| {
                let c = c.clone();
                r.kontroller.iter().enumerate().filter_map(move |(ki, k)| {
                    let id = planned.get(&(c.clone(), d.ar?, k.kontroll_nyckel.as_str()))?;
                    Some((di, ri, ki, id.to_string()))
                })
            })
        })
        .collect();
    for (di, ri, ki, id) in links {
        docs[di].risker[ri].kontroller[ki].plan_kontroll_id = Some(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_overlap() {
        assert_eq!(
            words("Hot och våld mot personal"),
            ["hot", "personal", "vald"]
        );
        assert_eq!(
            overlap(&words("Hot och våld"), &words("Hot och våld mot personal")),
            (2, 3)
        );
        assert!(similar((2, 3)));
        assert!(similar((1, 2)));
        assert!(!similar((1, 3)));
        assert!(!similar((0, 0)));
    }
}
