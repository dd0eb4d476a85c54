//! Whole numbers and risk values as plans write them.

use std::sync::LazyLock;

use regex::{Captures, Regex};

pub use crate::normalize::scale_words::{Scale, ScaleField, scale_of};
use crate::normalize::scale_words::{is_scale_word, word_step, word_step_on};

/// Risk numbers read from one cell: "12" → value 12; "12 (3x4)" → value 12, s 3, k 4;
/// "S3 K4" / "S=3, K=4" → s 3, k 4, value 12; "3*4" / "3 x 4" → s 3, k 4, value 12.
///
/// The value is computed (s × k) only when the cell does not write it; a written value is
/// kept as written even when it is not the product (the rules report that).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RiskNumbers {
    pub value: Option<i64>,
    pub sannolikhet: Option<i64>,
    pub konsekvens: Option<i64>,
}

/// Parses a whole number written alone: "12", " 12 ", "12,0", "12.0", "+12". `None` for
/// anything else ("12,5", "tolv", "12 (3x4)").
///
/// Also read: a minus sign ("-3", "−3"), non-breaking and thin spaces around the number or
/// as thousands separators ("1 000"), any number of zero decimals ("12,00"). `None` on
/// overflow.
pub fn parse_int(s: &str) -> Option<i64> {
    let t = s.trim();
    let (neg, t) = match t.chars().next()? {
        '+' => (false, &t[1..]),
        '-' => (true, &t[1..]),
        '\u{2212}' => (true, &t['\u{2212}'.len_utf8()..]),
        _ => (false, t),
    };
    let t = match t.rfind([',', '.']) {
        Some(i) => {
            let decimals = &t[i + 1..];
            if decimals.is_empty() || !decimals.bytes().all(|b| b == b'0') {
                return None;
            }
            &t[..i]
        }
        None => t,
    };
    let digits = join_digit_groups(t)?;
    let n: i64 = digits.parse().ok()?;
    Some(if neg { -n } else { n })
}

/// The digits of a whole number, thousands groups ("1 000 000", with any space between
/// them) joined; `None` when it is anything else.
fn join_digit_groups(t: &str) -> Option<String> {
    let groups: Vec<&str> = t.split(char::is_whitespace).collect();
    let (first, rest) = groups.split_first()?;
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(first) {
        return None;
    }
    if !rest.is_empty() && (first.len() > 3 || rest.iter().any(|g| g.len() != 3 || !all_digits(g)))
    {
        return None;
    }
    Some(groups.concat())
}

/// A number inside a composite risk cell: up to three digits, optionally with zero
/// decimals ("4,0").
const NUM: &str = r"\d{1,3}(?:[.,]0+)?";

/// A value label: "R", "RV", "Riskvärde" (with an optional ":" or "=").
const VALUE_LABEL: &str = r"(?:riskvärde|rv|r)\s*[:=]?\s*";

/// A multiplication sign.
const TIMES: &str = r"[x×*·]";

/// "3x4", "3 × 4": s, k.
static PRODUCT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^({NUM})\s*{TIMES}\s*({NUM})$")).expect("valid product pattern")
});

/// "S3", "S = 3", "Sannolikhet: 3" / the same for K; one group each.
fn label(long: &str, short: &str) -> String {
    format!(r"(?:{long}|{short})\s*[:=]?\s*({NUM})")
}

/// What may stand between the S and K labels: "S3 K4", "S3, K4", "S3/K4", "S3 x K4".
const LABEL_SEP: &str = r"\s*(?:[,;/]|[x×*·]|och)?\s*";

/// "S3 K4", "Sannolikhet 3 Konsekvens 4": s, k.
static S_THEN_K: LazyLock<Regex> = LazyLock::new(|| {
    let (s, k) = (label("sannolikhet", "s"), label("konsekvens", "k"));
    Regex::new(&format!(r"(?i)^{s}{LABEL_SEP}{k}$")).expect("valid S-K pattern")
});

/// "K4 S3": k, s.
static K_THEN_S: LazyLock<Regex> = LazyLock::new(|| {
    let (s, k) = (label("sannolikhet", "s"), label("konsekvens", "k"));
    Regex::new(&format!(r"(?i)^{k}{LABEL_SEP}{s}$")).expect("valid K-S pattern")
});

/// Any pair, without groups, to be read again by [`read_pair`].
static PAIR: LazyLock<String> = LazyLock::new(|| {
    let (s, k) = (
        r"(?:sannolikhet|s)\s*[:=]?\s*\d{1,3}(?:[.,]0+)?",
        r"(?:konsekvens|k)\s*[:=]?\s*\d{1,3}(?:[.,]0+)?",
    );
    format!(r"(?:{NUM}\s*{TIMES}\s*{NUM}|{s}{LABEL_SEP}{k}|{k}{LABEL_SEP}{s})")
});

/// The composite forms: value then pair ("12 (3x4)", "12 = 3*4", "12 (S3, K4)") with
/// groups value, pair; pair then value ("3x4 = 12", "3x4 (12)", "S3 K4 R12") with groups
/// pair, value.
static VALUE_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    let pair = &*PAIR;
    Regex::new(&format!(
        r"(?i)^(?:{VALUE_LABEL})?({NUM})\s*(?:[,;:]\s*)?(?:[(\[]\s*({pair})\s*[)\]]|=\s*({pair}))$"
    ))
    .expect("valid value-pair pattern")
});

static PAIR_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    let pair = &*PAIR;
    Regex::new(&format!(
        r"(?i)^({pair})\s*(?:=\s*(?:{VALUE_LABEL})?|[,;]?\s*{VALUE_LABEL}|[,;]?\s*[(\[]\s*(?:{VALUE_LABEL})?)({NUM})\s*[)\]]?$"
    ))
    .expect("valid pair-value pattern")
});

/// A value with its label alone: "R12", "RV = 12", "Riskvärde: 12".
static LABELLED_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^{VALUE_LABEL}({NUM})$")).expect("valid labelled-value pattern")
});

/// One labelled factor alone: "S3", "Konsekvens 4".
static ONE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let (s, k) = (label("sannolikhet", "s"), label("konsekvens", "k"));
    Regex::new(&format!(r"(?i)^(?:{s}|{k})$")).expect("valid one-label pattern")
});

/// Sannolikhet and konsekvens of a pair written alone ("3x4", "S3 K4", "K4 S3").
fn read_pair(t: &str) -> Option<(i64, i64)> {
    let int = |c: &Captures<'_>, i: usize| c.get(i).and_then(|m| parse_int(m.as_str()));
    if let Some(c) = PRODUCT.captures(t).or_else(|| S_THEN_K.captures(t)) {
        return Some((int(&c, 1)?, int(&c, 2)?));
    }
    let c = K_THEN_S.captures(t)?;
    Some((int(&c, 2)?, int(&c, 1)?))
}

/// Parses a risk-value cell; see [`RiskNumbers`]. `None` when the cell holds no number
/// in any of the known forms.
///
/// Read: "12", "12,0", "12 (3x4)", "12 (3×4)", "12 (S3, K4)", "12 = 3*4", "3x4", "3 x 4",
/// "3*4", "3x4 = 12", "3x4 (12)", "S3 K4", "S=3 K=4", "S3, K4", "S: 3 / K: 4", "K4 S3",
/// "Sannolikhet 3 Konsekvens 4", "S3 K4 R12", "R 12"; one factor alone ("S3") gives that
/// factor only. Case and spacing are free. Anything else, also a number followed by words
/// ("12 hög", "Risk 2021"), is `None`.
pub fn parse_risk(s: &str) -> Option<RiskNumbers> {
    // Every form has a digit (`\d` is a Unicode digit, which `char::is_numeric` covers).
    if !s.contains(char::is_numeric) {
        return None;
    }
    let t = crate::normalize::text::fold_ws(s);
    let int = |c: &Captures<'_>, i: usize| c.get(i).and_then(|m| parse_int(m.as_str()));
    let with_pair = |value: Option<i64>, (sv, kv): (i64, i64)| RiskNumbers {
        value: value.or_else(|| sv.checked_mul(kv)),
        sannolikhet: Some(sv),
        konsekvens: Some(kv),
    };
    if let Some(v) = parse_int(&t) {
        return Some(RiskNumbers {
            value: Some(v),
            ..Default::default()
        });
    }
    if let Some(pair) = read_pair(&t) {
        return Some(with_pair(None, pair));
    }
    if let Some(c) = VALUE_PAIR.captures(&t) {
        let pair = c
            .get(2)
            .or_else(|| c.get(3))
            .and_then(|m| read_pair(m.as_str()))?;
        return Some(with_pair(Some(int(&c, 1)?), pair));
    }
    if let Some(c) = PAIR_VALUE.captures(&t) {
        let pair = read_pair(c.get(1)?.as_str())?;
        return Some(with_pair(Some(int(&c, 2)?), pair));
    }
    if let Some(c) = LABELLED_VALUE.captures(&t) {
        return Some(RiskNumbers {
            value: Some(int(&c, 1)?),
            ..Default::default()
        });
    }
    let c = ONE_LABEL.captures(&t)?;
    Some(RiskNumbers {
        sannolikhet: int(&c, 1),
        konsekvens: int(&c, 2),
        value: None,
    })
}

/// The greatest sannolikhet or konsekvens read (scales run to 4 or 5; 10 leaves room).
const MAX_FACTOR: i64 = 10;

/// The greatest risk value read (5 × 5 = 25; 100 leaves room for other products).
const MAX_VALUE: i64 = 100;

/// The scale sizes an "n/m" or "n av m" sannolikhet or konsekvens is written on.
const FACTOR_OF: std::ops::RangeInclusive<i64> = 3..=10;

/// The matrix sizes an "n/m" risk value is written on (3 × 3, 4 × 4, 5 × 5, 4 × 5).
const VALUE_OF: &[i64] = &[9, 16, 20, 25];

fn in_range(n: i64, field: ScaleField) -> bool {
    let max = match field {
        ScaleField::Riskvarde => MAX_VALUE,
        _ => MAX_FACTOR,
    };
    (0..=max).contains(&n)
}

/// "4/5", "3 av 5": the number and the size of its scale.
static OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d{1,3})\s*(?:/|av)\s*(\d{1,3})$").expect("valid of pattern")
});

/// Words on a scale: letters, spaces, hyphens and one slash, up to four words.
const WORDS: &str = r"\p{L}[\p{L}/-]*(?:\s+\p{L}[\p{L}/-]*){0,3}";

/// "4 – Sannolik", "3 (Möjlig)", "12 = Hög", "4. Sannolik": number, words.
static NUM_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^({NUM})\s*(?:[-–—:=.,]\s*)?(?:[(\[]\s*({WORDS})\s*[)\]]|({WORDS}))$"
    ))
    .expect("valid number-words pattern")
});

/// "Hög (12)", "Mycket sannolik (4)", "Sannolik – 4", "Kännbar: 3": words, number.
static WORDS_NUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^({WORDS})\s*(?:[-–—:=,]\s*)?(?:[(\[]\s*({NUM})\s*[)\]]|({NUM}))$"
    ))
    .expect("valid words-number pattern")
});

/// A field's name before its value: "Sannolikhet: Möjlig", "Konsekvens 3 (Kännbar)",
/// "Riskvärde: Hög (12)"; the short forms need ":" or "=" ("S: Möjlig").
static FIELD_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(sannolikhet(?:en)?|konsekvens(?:en)?|riskvärde(?:t)?)\s*[:=]?|(s|k|rv|r)\s*[:=])\s*(.+)$",
    )
    .expect("valid field-label pattern")
});

fn label_field(label: &str) -> ScaleField {
    match label.to_lowercase().chars().next() {
        Some('s') => ScaleField::Sannolikhet,
        Some('k') => ScaleField::Konsekvens,
        _ => ScaleField::Riskvarde,
    }
}

/// Reads a sannolikhet, konsekvens or risk value written with or as a scale word; see
/// [`parse_scale_value_on`], here without a known scale for the column.
///
/// # Examples
///
/// ```
/// use ikplan::normalize::number::{ScaleField, parse_scale_value};
///
/// assert_eq!(parse_scale_value("4 – Sannolik", ScaleField::Sannolikhet), Some(4));
/// assert_eq!(parse_scale_value("Sannolik", ScaleField::Sannolikhet), Some(4));
/// assert_eq!(parse_scale_value("Hög (12)", ScaleField::Riskvarde), Some(12));
/// assert_eq!(parse_scale_value("Hög", ScaleField::Riskvarde), None);
/// assert_eq!(parse_scale_value("3*4", ScaleField::Riskvarde), Some(12));
/// assert_eq!(parse_scale_value("4/5", ScaleField::Sannolikhet), Some(4));
/// ```
pub fn parse_scale_value(s: &str, field: ScaleField) -> Option<i64> {
    parse_scale_value_on(s, field, None)
}

/// Reads one cell of a sannolikhet, konsekvens or riskvärde column as an integer.
///
/// Read, where the number is written (the written number is kept even when the word is
/// another step): "3", "4 – Sannolik", "3 - Kännbar", "3 (Möjlig)", "2 (Liten)",
/// "Mycket sannolik (4)", "Hög (12)", "12 – Hög risk", "4/5" and "3 av 5" (the step of a
/// scale of 3 to 10 steps; a risk value of a 9-, 16-, 20- or 25-cell matrix), every form of
/// [`parse_risk`] ("S3 K4", "S=3, K=4", "Sannolikhet 3", "12 (3x4)", "3*4": the field's own
/// part of it, so "3*4" is 12 as riskvärde and 3 as sannolikhet), and a field label before
/// any of these ("Sannolikhet: Möjlig (3)"; a label of another field gives `None`).
///
/// A scale word alone ("Sannolik", "Kännbar") is read on `scale` when given and the word is
/// on it (see [`scale_of`](crate::normalize::scale_words::scale_of)), otherwise when every
/// known scale agrees on its step ([`word_step`]). A risk value is never read from a word
/// alone ("Hög" is a level). `None` for anything else, also numbers out of range
/// ("2022", more than 10 for a factor, more than 100 for a value), dates and sentences.
pub fn parse_scale_value_on(s: &str, field: ScaleField, scale: Option<&Scale>) -> Option<i64> {
    // A risk value is never a word alone, and every written number has a digit.
    if field == ScaleField::Riskvarde && !s.contains(char::is_numeric) {
        return None;
    }
    let t = crate::normalize::text::fold_ws(s);
    if t.is_empty() || t.chars().count() > 60 {
        return None;
    }
    if let Some(c) = FIELD_LABEL.captures(&t)
        && !is_scale_word(&t)
    {
        let label = c.get(1).or_else(|| c.get(2))?.as_str();
        if label_field(label) == field
            && let Some(n) = c.get(3).and_then(|m| unlabelled(m.as_str(), field, scale))
        {
            return Some(n);
        }
    }
    unlabelled(&t, field, scale)
}

/// [`parse_scale_value_on`] of a folded text without a field label.
fn unlabelled(t: &str, field: ScaleField, scale: Option<&Scale>) -> Option<i64> {
    // Every written number has a digit; without one only a scale word is left.
    if t.contains(char::is_numeric) {
        if let Some(n) = parse_int(t) {
            return in_range(n, field).then_some(n);
        }
        if let Some(r) = parse_risk(t) {
            let n = match field {
                ScaleField::Sannolikhet => r.sannolikhet,
                ScaleField::Konsekvens => r.konsekvens,
                ScaleField::Riskvarde => r.value,
            }?;
            return in_range(n, field).then_some(n);
        }
        if let Some(c) = OF.captures(t) {
            let (n, of) = (c[1].parse::<i64>().ok()?, c[2].parse::<i64>().ok()?);
            let known = match field {
                ScaleField::Riskvarde => VALUE_OF.contains(&of),
                _ => FACTOR_OF.contains(&of),
            };
            return (known && (1..=of).contains(&n)).then_some(n);
        }
        let written = |num: Option<regex::Match<'_>>, words: Option<regex::Match<'_>>| {
            let n = parse_int(num?.as_str())?;
            // "5 = Förväntad" defines the step by its number whatever the word.
            let defined = t.contains('=');
            ((defined || is_scale_word(words?.as_str())) && in_range(n, field)).then_some(n)
        };
        // The pattern opens with a digit: a text that does not is spared it (and a run
        // whose texts never do, its compiling).
        if t.starts_with(char::is_numeric)
            && let Some(c) = NUM_WORDS.captures(t)
        {
            return written(c.get(1), c.get(2).or_else(|| c.get(3)));
        }
        if let Some(c) = WORDS_NUM.captures(t) {
            return written(c.get(2).or_else(|| c.get(3)), c.get(1));
        }
    }
    match field {
        ScaleField::Riskvarde => None,
        _ => scale
            .filter(|sc| sc.fields.contains(&field))
            .and_then(|sc| word_step_on(t, sc))
            .or_else(|| word_step(t, field)),
    }
}

/// [`parse_risk`] for a risk-value cell, and when it reads nothing, a value written with a
/// level word ("Hög (12)", "12 – Hög", "12/25") as the value alone.
pub fn parse_risk_or_scale(s: &str) -> Option<RiskNumbers> {
    parse_risk(s).or_else(|| {
        parse_scale_value(s, ScaleField::Riskvarde).map(|v| RiskNumbers {
            value: Some(v),
            ..Default::default()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_defined_by_its_number() {
        assert_eq!(
            parse_scale_value("5 = Förväntad", ScaleField::Konsekvens),
            Some(5)
        );
        assert_eq!(
            parse_scale_value("3 (se bilaga)", ScaleField::Konsekvens),
            None
        );
    }

    fn risk(v: Option<i64>, s: Option<i64>, k: Option<i64>) -> Option<RiskNumbers> {
        Some(RiskNumbers {
            value: v,
            sannolikhet: s,
            konsekvens: k,
        })
    }

    #[test]
    fn parse_int_accepts_whole_numbers() {
        assert_eq!(parse_int("12"), Some(12));
        assert_eq!(parse_int(" 12 "), Some(12));
        assert_eq!(parse_int("\u{a0}12\u{a0}"), Some(12));
        assert_eq!(parse_int("12,0"), Some(12));
        assert_eq!(parse_int("12.0"), Some(12));
        assert_eq!(parse_int("12,00"), Some(12));
        assert_eq!(parse_int("+12"), Some(12));
        assert_eq!(parse_int("-3"), Some(-3));
        assert_eq!(parse_int("\u{2212}3"), Some(-3));
        assert_eq!(parse_int("1 000"), Some(1000));
        assert_eq!(parse_int("1\u{a0}000\u{a0}000"), Some(1_000_000));
        assert_eq!(parse_int("0"), Some(0));
    }

    #[test]
    fn parse_int_rejects_the_rest() {
        for s in [
            "",
            " ",
            "+",
            "-",
            "12,5",
            "12.05",
            "12.",
            ",0",
            "tolv",
            "12 (3x4)",
            "1 2",
            "12 00",
            "1234 567",
            "12a",
            "0x10",
            "1e3",
            "99999999999999999999",
            "١٢",
            "１２",
            "12,0,0",
        ] {
            assert_eq!(parse_int(s), None, "{s:?}");
        }
    }

    #[test]
    fn parse_risk_value_alone() {
        assert_eq!(parse_risk("12"), risk(Some(12), None, None));
        assert_eq!(parse_risk(" 9,0 "), risk(Some(9), None, None));
        assert_eq!(parse_risk("R12"), risk(Some(12), None, None));
        assert_eq!(parse_risk("Riskvärde: 16"), risk(Some(16), None, None));
    }

    #[test]
    fn parse_risk_value_and_pair() {
        let full = risk(Some(12), Some(3), Some(4));
        for s in [
            "12 (3x4)",
            "12 (3×4)",
            "12 (3 X 4)",
            "12(3*4)",
            "12 ( 3 x 4 )",
            "12 [3x4]",
            "12 = 3x4",
            "12 (S3, K4)",
            "12 (S=3 K=4)",
            "12, (3x4)",
            "3x4 = 12",
            "S 3 × K 4 = riskvärde 12",
            "3 x 4 (12)",
            "S3 K4 R12",
            "S3, K4, RV 12",
            "Riskvärde 12 (Sannolikhet 3, Konsekvens 4)",
        ] {
            assert_eq!(parse_risk(s), full, "{s:?}");
        }
    }

    #[test]
    fn parse_risk_pair_alone_computes_value() {
        let full = risk(Some(12), Some(3), Some(4));
        for s in [
            "3x4",
            "3 x 4",
            "3*4",
            "3 × 4",
            "S3 K4",
            "s3 k4",
            "S=3 K=4",
            "S = 3, K = 4",
            "S3, K4",
            "S3/K4",
            "S3 x K4",
            "S: 3; K: 4",
            "K4 S3",
            "Sannolikhet 3 Konsekvens 4",
            "sannolikhet: 3, konsekvens: 4",
            "S3\u{a0}K4",
        ] {
            assert_eq!(parse_risk(s), full, "{s:?}");
        }
    }

    #[test]
    fn parse_risk_keeps_inconsistent_numbers() {
        assert_eq!(parse_risk("12 (3x5)"), risk(Some(12), Some(3), Some(5)));
        assert_eq!(parse_risk("3x5 = 12"), risk(Some(12), Some(3), Some(5)));
    }

    #[test]
    fn parse_risk_one_factor() {
        assert_eq!(parse_risk("S3"), risk(None, Some(3), None));
        assert_eq!(parse_risk("Konsekvens 4"), risk(None, None, Some(4)));
    }

    #[test]
    fn parse_risk_rejects_other_text() {
        for s in [
            "",
            "   ",
            "tolv",
            "hög",
            "12 hög",
            "Risk 2021",
            "Risk",
            "12 (hög)",
            "3x",
            "x4",
            "S K",
            "S3 K4 K5",
            "12 (3x4",
            "Riskanalys",
            "✔",
            "3x4x5",
        ] {
            assert_eq!(parse_risk(s), None, "{s:?}");
        }
    }

    use ScaleField::{Konsekvens, Riskvarde, Sannolikhet};

    #[test]
    fn scale_value_number_with_words() {
        for (s, field, want) in [
            ("4 – Sannolik", Sannolikhet, 4),
            ("4 - sannolik", Sannolikhet, 4),
            ("4 Sannolik", Sannolikhet, 4),
            ("4. Sannolik", Sannolikhet, 4),
            ("3 - Kännbar", Konsekvens, 3),
            ("3 – Kännbart", Konsekvens, 3),
            ("3 (Möjlig)", Sannolikhet, 3),
            ("2 (Liten)", Sannolikhet, 2),
            ("2 (Lindrig)", Konsekvens, 2),
            ("Mycket sannolik (4)", Sannolikhet, 4),
            ("Sannolik – 4", Sannolikhet, 4),
            ("Kännbar: 3", Konsekvens, 3),
            ("Hög (12)", Riskvarde, 12),
            ("Hög risk (12)", Riskvarde, 12),
            ("12 (Hög)", Riskvarde, 12),
            ("12 – Hög", Riskvarde, 12),
            ("Röd 16", Riskvarde, 16),
            ("Låg (2)", Sannolikhet, 2),
        ] {
            assert_eq!(parse_scale_value(s, field), Some(want), "{s:?} {field:?}");
        }
    }

    #[test]
    fn scale_value_labels_pairs_and_fractions() {
        for (s, field, want) in [
            ("3", Sannolikhet, 3),
            (" 4,0 ", Konsekvens, 4),
            ("S3 K4", Sannolikhet, 3),
            ("S3 K4", Konsekvens, 4),
            ("S3 K4", Riskvarde, 12),
            ("S=3, K=4", Sannolikhet, 3),
            ("S=3, K=4", Konsekvens, 4),
            ("S=3, K=4", Riskvarde, 12),
            ("Sannolikhet 3", Sannolikhet, 3),
            ("Sannolikhet: 3", Sannolikhet, 3),
            ("Sannolikhet: Möjlig", Sannolikhet, 3),
            ("Sannolikhet: Möjlig (3)", Sannolikhet, 3),
            ("Konsekvens 3 (Kännbar)", Konsekvens, 3),
            ("K: Allvarlig", Konsekvens, 4),
            ("Riskvärde: Hög (12)", Riskvarde, 12),
            ("3*4", Riskvarde, 12),
            ("3x4", Riskvarde, 12),
            ("3x4", Sannolikhet, 3),
            ("12 (3x4)", Riskvarde, 12),
            ("12 (3x4)", Konsekvens, 4),
            ("4/5", Sannolikhet, 4),
            ("4 / 5", Konsekvens, 4),
            ("3 av 5", Sannolikhet, 3),
            ("3 av 4", Konsekvens, 3),
            ("12/25", Riskvarde, 12),
            ("9 av 16", Riskvarde, 9),
        ] {
            assert_eq!(parse_scale_value(s, field), Some(want), "{s:?} {field:?}");
        }
    }

    #[test]
    fn scale_value_words_alone() {
        for (s, field, want) in [
            ("Osannolik", Sannolikhet, Some(1)),
            ("Mindre sannolik", Sannolikhet, Some(2)),
            ("Möjlig", Sannolikhet, Some(3)),
            ("Sannolik", Sannolikhet, Some(4)),
            ("sannolikt", Sannolikhet, Some(4)),
            ("Mycket sannolik", Sannolikhet, Some(5)),
            ("Försumbar", Konsekvens, Some(1)),
            ("Måttlig", Konsekvens, Some(2)),
            ("Kännbar", Konsekvens, Some(3)),
            ("Allvarlig", Konsekvens, Some(4)),
            ("Mycket allvarlig", Konsekvens, Some(5)),
            // Steps that differ between scales, and words of another field.
            ("Lindrig", Konsekvens, None),
            ("Hög", Sannolikhet, None),
            ("Kännbar", Sannolikhet, None),
            ("Sannolik", Konsekvens, None),
            // A level is not a risk value.
            ("Hög", Riskvarde, None),
            ("Låg", Riskvarde, None),
            ("Mycket hög", Riskvarde, None),
            ("Sannolik", Riskvarde, None),
        ] {
            assert_eq!(parse_scale_value(s, field), want, "{s:?} {field:?}");
        }
    }

    #[test]
    fn scale_value_on_a_column_scale() {
        let col = ["Lindrig", "Måttlig", "Allvarlig"];
        let scale = scale_of(col, Konsekvens);
        assert_eq!(parse_scale_value_on("Lindrig", Konsekvens, scale), Some(1));
        let col = ["Försumbar", "Lindrig"];
        let scale = scale_of(col, Konsekvens);
        assert_eq!(parse_scale_value_on("Lindrig", Konsekvens, scale), Some(2));
        let scale = scale_of(["Mycket låg", "Hög"], Sannolikhet);
        assert_eq!(parse_scale_value_on("Hög", Sannolikhet, scale), Some(4));
        // A scale of another field is not used.
        assert_eq!(parse_scale_value_on("Hög", Riskvarde, scale), None);
        // A written number wins over the word.
        assert_eq!(parse_scale_value_on("2 – Hög", Sannolikhet, scale), Some(2));
    }

    #[test]
    fn scale_value_rejects_the_rest() {
        for (s, field) in [
            ("", Sannolikhet),
            ("2022", Sannolikhet),
            ("2022", Riskvarde),
            ("11", Konsekvens),
            ("2023-02-14", Sannolikhet),
            ("14 februari 2023", Sannolikhet),
            ("5 december", Konsekvens),
            ("31/12", Sannolikhet),
            ("1/12", Riskvarde),
            ("6/5", Sannolikhet),
            ("4/2", Sannolikhet),
            ("Risk 2021", Riskvarde),
            ("3 (se bilaga)", Sannolikhet),
            ("Ekonomi", Sannolikhet),
            ("tolv", Riskvarde),
            ("Sannolikhet 3", Konsekvens),
            ("Konsekvens: Kännbar", Sannolikhet),
            ("R12", Sannolikhet),
            (
                "Det är sannolikt att risken inträffar under året",
                Sannolikhet,
            ),
            (
                "Risken bedöms som hög eftersom 12 ärenden av 25 saknade beslut",
                Riskvarde,
            ),
            ("4 – Sannolik – 5", Sannolikhet),
        ] {
            assert_eq!(parse_scale_value(s, field), None, "{s:?} {field:?}");
        }
    }

    #[test]
    fn parse_risk_or_scale_reads_level_words_with_a_value() {
        assert_eq!(parse_risk_or_scale("Hög (12)"), risk(Some(12), None, None));
        assert_eq!(parse_risk_or_scale("12 (3x4)"), parse_risk("12 (3x4)"));
        assert_eq!(parse_risk_or_scale("Hög"), None);
        assert_eq!(parse_risk_or_scale("12 (hög)"), risk(Some(12), None, None));
    }
}
