//! Whole numbers and risk values as plans write them.

use std::sync::LazyLock;

use regex::{Captures, Regex};

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
        r"(?i)^({pair})\s*(?:=\s*|[,;]?\s*{VALUE_LABEL}|[,;]?\s*[(\[]\s*(?:{VALUE_LABEL})?)({NUM})\s*[)\]]?$"
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
