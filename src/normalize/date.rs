//! Dates: a small calendar date type, Excel serials, and parsing of the forms plans use.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

/// A calendar date (proleptic Gregorian), serialized as ISO `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Date {
    /// A valid date, or `None` (month 1–12, day within the month, leap years).
    pub fn new(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date { y, m, d })
    }
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// `YYYY-MM-DD` as bytes, for years 0–9999 (every date `Display` writes this way
    /// without a sign or a fifth digit); made without the formatting machinery, as every
    /// date of a plan is written several times.
    pub fn iso(&self) -> Option<[u8; 10]> {
        let y = u32::try_from(self.y).ok().filter(|y| *y <= 9999)?;
        if self.m > 99 || self.d > 99 {
            return None;
        }
        let digit = |n: u32| b'0' + (n % 10) as u8;
        Some([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(self.m / 10),
            digit(self.m),
            b'-',
            digit(self.d / 10),
            digit(self.d),
        ])
    }
}

impl Date {
    /// Days from 1970-01-01 (negative before it): a Parquet DATE.
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(self.y, self.m, self.d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.iso() {
            // Digits and dashes only: always UTF-8.
            Some(b) => f.write_str(std::str::from_utf8(&b).map_err(|_| fmt::Error)?),
            None => write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d),
        }
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not an ISO date: {s}")))
    }
}

/// Parses exactly `YYYY-MM-DD` in ASCII digits, a real date.
pub fn parse_iso(s: &str) -> Option<Date> {
    let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    Date::new(
        i32::try_from(number(&b[..4])?).ok()?,
        number(&b[5..7])?,
        number(&b[8..])?,
    )
}

/// Days from 1970-01-01 to a date (proleptic Gregorian); any field values are accepted
/// (an out-of-range month rolls over into the year, days simply add up).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let m0 = i64::from(m) - 1;
    let y = i64::from(y) + m0.div_euclid(12);
    let m = m0.rem_euclid(12) + 1;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `z` days after 1970-01-01, when its year fits the date type.
fn civil_from_days(z: i64) -> Option<Date> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(
        i32::try_from(y).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(d).ok()?,
    )
}

/// Excel's day 0 in the 1900 system for serials from 61 on (1899-12-30).
const EXCEL_EPOCH: (i32, u32, u32) = (1899, 12, 30);
/// The serial of 9999-12-31, the last day Excel knows.
const EXCEL_MAX: f64 = 2_958_465.0;

/// The date of an Excel serial number (1900 system, with Excel's 1900-02-29 quirk), the
/// fraction (time of day) ignored; `None` outside 1900–9999.
///
/// Serial 1 is 1900-01-01, 59 is 1900-02-28, 61 is 1900-03-01, 44927 is 2023-01-01. Serial 60
/// is Excel's fictitious 1900-02-29 and gives `None`, as do serials below 1 (a time of day
/// alone), NaN and infinities.
pub fn from_excel_serial(serial: f64) -> Option<Date> {
    if !serial.is_finite() {
        return None;
    }
    let days = serial.floor();
    if !(1.0..=EXCEL_MAX).contains(&days) {
        return None;
    }
    // Exact: `days` is a whole number between 1 and EXCEL_MAX.
    let n = days as i64;
    let offset = match n {
        60 => return None,
        ..60 => n + 1,
        _ => n,
    };
    let (y, m, d) = EXCEL_EPOCH;
    civil_from_days(days_from_civil(y, m, d) + offset)
}

/// The Excel serial number of a date (1900 system).
///
/// The inverse of [`from_excel_serial`]: 1900-01-01 → 1, 1900-02-28 → 59, 1900-03-01 → 61,
/// 2023-01-01 → 44927. Dates before 1900 give 0 or less (Excel has no serial for them).
pub fn to_excel_serial(d: Date) -> f64 {
    let (y, m, dd) = EXCEL_EPOCH;
    let days = days_from_civil(d.y, d.m, d.d) - days_from_civil(y, m, dd);
    let serial = if days <= 60 { days - 1 } else { days };
    serial as f64
}

/// Swedish month names and abbreviations, longest first so the alternation prefers them.
const MONTHS: &[(&str, u32)] = &[
    ("september", 9),
    ("november", 11),
    ("december", 12),
    ("februari", 2),
    ("augusti", 8),
    ("oktober", 10),
    ("januari", 1),
    ("april", 4),
    ("mars", 3),
    ("juni", 6),
    ("juli", 7),
    ("sept", 9),
    ("maj", 5),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("okt", 10),
    ("nov", 11),
    ("dec", 12),
];

/// The month number of a Swedish month name or abbreviation (any case, a trailing period
/// allowed): "december" → 12, "Sept." → 9.
pub fn month_number(name: &str) -> Option<u32> {
    let name = name.trim().trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// Optional time of day after an ISO date: " 00:00:00", "T12:30", "T00:00:00.000Z".
const TIME: &str = r"(?:(?:T|[ \t]+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?";

/// Year-month-day with `-`, `/` or `.` (the two separators alike), optionally a time.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(\d{{4}})([-/.])(\d{{1,2}})([-/.])(\d{{1,2}}){TIME}"
    ))
    .expect("valid ISO date pattern")
});

/// Year-month: "2022-05" (the first of the month).
static YEAR_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})-(\d{2})").expect("valid year-month pattern"));

/// Day, month name, year: "5 december 2022", "5 dec. 2022", "1:a maj 2023", "31 dec 2021".
static DAY_MONTH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    Regex::new(&format!(
        r"(?i)(\d{{1,2}})(?::[ae])?\.?\s*({})\b\.?,?\s*(\d{{4}})",
        names.join("|")
    ))
    .expect("valid month-name pattern")
});

/// Day/month then year: "31/12 2021", "31/12/2021", "31.12.2021", "31-12-2021", "31/12-21".
static DAY_MONTH_NUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,2})([/.\-])(\d{1,2})(?:[ \t]*([/.\-])[ \t]*|[ \t]+)(\d{4}|\d{2})")
        .expect("valid day/month pattern")
});

/// Eight digits: "20221231".
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})(\d{2})(\d{2})").expect("valid compact pattern"));

/// Years accepted where a number could be something else than a date (year-month, compact
/// and day/month forms).
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// A capture group as a number.
fn num<T: std::str::FromStr>(caps: &regex::Captures<'_>, i: usize) -> Option<T> {
    caps.get(i)?.as_str().parse().ok()
}

/// The date of one match of a pattern, `None` when the numbers make no date.
type Reader = fn(&regex::Captures<'_>) -> Option<Date>;

fn read_iso(c: &regex::Captures<'_>) -> Option<Date> {
    let (s1, s2) = (c.get(2)?.as_str(), c.get(4)?.as_str());
    let y: i32 = num(c, 1)?;
    if s1 != s2 || (s1 != "-" && !PLAUSIBLE_YEARS.contains(&y)) {
        return None;
    }
    Date::new(y, num(c, 3)?, num(c, 5)?)
}

fn read_year_month(c: &regex::Captures<'_>) -> Option<Date> {
    let y: i32 = num(c, 1)?;
    PLAUSIBLE_YEARS.contains(&y).then_some(())?;
    Date::new(y, num(c, 2)?, 1)
}

fn read_day_month_name(c: &regex::Captures<'_>) -> Option<Date> {
    Date::new(num(c, 3)?, month_number(c.get(2)?.as_str())?, num(c, 1)?)
}

fn read_day_month_num(c: &regex::Captures<'_>) -> Option<Date> {
    let sep1 = c.get(2)?.as_str();
    let sep2 = c.get(4).map_or(" ", |m| m.as_str());
    let year = c.get(5)?.as_str();
    let y: i32 = if year.len() == 2 {
        // "31/12-21": the Swedish short form, the only one read with a two-digit year.
        if sep1 != "/" || sep2 != "-" {
            return None;
        }
        2000 + year.parse::<i32>().ok()?
    } else {
        year.parse().ok()?
    };
    // "31/12 2021", "31/12/2021", "31/12-2021", "31.12.2021", "31-12-2021"; not "31/12.2021",
    // nor "1.5 2022" or "3-4 2022" (a version, a span of weeks).
    let ok = match sep1 {
        "/" => sep2 != ".",
        _ => sep2 == sep1,
    };
    if !ok || !PLAUSIBLE_YEARS.contains(&y) {
        return None;
    }
    Date::new(y, num(c, 3)?, num(c, 1)?)
}

fn read_compact(c: &regex::Captures<'_>) -> Option<Date> {
    let y: i32 = num(c, 1)?;
    PLAUSIBLE_YEARS.contains(&y).then_some(())?;
    Date::new(y, num(c, 2)?, num(c, 3)?)
}

/// The char before byte `i` and the one before that.
fn before(s: &str, i: usize) -> (Option<char>, Option<char>) {
    let mut it = s.get(..i).unwrap_or("").chars().rev();
    (it.next(), it.next())
}

/// The char at byte `i` and the one after it.
fn after(s: &str, i: usize) -> (Option<char>, Option<char>) {
    let mut it = s.get(i..).unwrap_or("").chars();
    (it.next(), it.next())
}

/// Whether a match at `range` stands alone: not glued to letters or digits (as inside
/// "2024SOCN18" or a longer run of digits) and, unless `joined_ok`, not part of a longer
/// numeric expression ("1.5 2022", "19800101-1234").
fn stands_alone(s: &str, range: &std::ops::Range<usize>, joined_ok: bool) -> bool {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let joiner = |c: Option<char>| matches!(c, Some('-' | '/' | '.'));
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let (p1, p2) = before(s, range.start);
    let (n1, n2) = after(s, range.end);
    let joined = (joiner(p1) && digit(p2)) || (joiner(n1) && digit(n2));
    !(glued(p1) || glued(n1) || (joined && !joined_ok))
}

/// Every date candidate of every form, overlapping ones resolved: at one start the longest
/// wins, and a candidate that overlaps an earlier one is dropped.
fn scan(s: &str) -> Vec<(Date, std::ops::Range<usize>)> {
    scan_forms(s, false)
}

/// [`scan`]; `every_form` runs every pattern, also those the digits rule out (for the test
/// that holds the shortcut to the patterns).
fn scan_forms(s: &str, every_form: bool) -> Vec<(Date, std::ops::Range<usize>)> {
    // Every form has its numbers in ASCII digits (a match in other digits never parses, so
    // never gives a date): the longest run of them rules out most forms without a regex.
    let mut run = 0;
    let mut longest = 0;
    for b in s.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest == 0 && !every_form {
        return Vec::new();
    }
    let separated = s.bytes().any(|b| matches!(b, b'/' | b'.' | b'-'));
    // The flag: a full year-month-day is unmistakable even joined in "2022-01-01-2022-12-31".
    // The digits each form needs in a row: a year's four, eight for the compact form, two
    // (a short year) and a separator for day/month.
    let forms: [(&Regex, Reader, bool, bool); 5] = [
        (&ISO, read_iso, true, longest >= 4),
        (&DAY_MONTH_NAME, read_day_month_name, false, longest >= 4),
        (
            &DAY_MONTH_NUM,
            read_day_month_num,
            false,
            longest >= 2 && separated,
        ),
        (&COMPACT, read_compact, false, longest >= 8),
        (&YEAR_MONTH, read_year_month, false, longest >= 4),
    ];
    let mut found: Vec<(Date, std::ops::Range<usize>)> = Vec::new();
    for (re, read, joined_ok, _) in forms.into_iter().filter(|f| f.3 || every_form) {
        let mut pos = 0;
        while pos <= s.len() {
            let Some(caps) = re.captures_at(s, pos) else {
                break;
            };
            let Some(m) = caps.get(0) else {
                break;
            };
            let range = m.range();
            match read(&caps).filter(|_| stands_alone(s, &range, joined_ok)) {
                Some(d) => {
                    pos = range.end.max(range.start + 1);
                    found.push((d, range));
                }
                // Retry just after the start: a shorter match may begin inside this one.
                None => {
                    pos = range.start
                        + s.get(range.start..)
                            .and_then(|t| t.chars().next())
                            .map_or(1, char::len_utf8);
                }
            }
        }
    }
    found.sort_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<(Date, std::ops::Range<usize>)> = Vec::new();
    for (d, r) in found {
        if out.last().is_none_or(|(_, last)| r.start >= last.end) {
            out.push((d, r));
        }
    }
    out
}

/// Parses one date written alone in a cell: ISO (`2022-12-31`, `2022-5-1`), `5 december 2022`,
/// `5 dec. 2022`, `31/12 2021`, `31/12/2021`, `31.12.2021`, `2022-05` (first of the month),
/// `20221231`. White space around is ignored. `None` when the text is not one date.
///
/// Also read: a leading "den" ("Den 5 december 2022"), a time after an ISO date
/// ("2021-12-31 00:00:00", the date is taken), a trailing period or comma, the short form
/// "31/12-21". Month names are Swedish, full or abbreviated, in any case.
pub fn parse_date(s: &str) -> Option<Date> {
    let mut t = s.trim().trim_end_matches(['.', ',', ';']).trim_end();
    if let Some((first, rest)) = t.split_once(char::is_whitespace)
        && first.eq_ignore_ascii_case("den")
    {
        t = rest.trim_start();
    }
    // `2022-12-31`, the commonest date cell by far, without the patterns.
    parse_iso(t).or_else(|| one_date(t))
}

/// The one date of every form that covers the whole text.
fn one_date(t: &str) -> Option<Date> {
    match scan(t).as_slice() {
        [(d, r)] if r.start == 0 && r.end == t.len() => Some(*d),
        _ => None,
    }
}

/// Every date written in a text, in order, with its byte range: for cells that hold several
/// dates ("2022-01-01 2022-05-01, 2022-09-01 2022-12-31") or a date inside a sentence
/// ("Den 5 december 2022").
///
/// The forms are those of [`parse_date`]; a range covers the date as written (from the day,
/// without "den"; with the time of an ISO date time). A date glued to letters or digits
/// ("2024SOCN18", "120221231") or part of a longer number ("19800101-1234") is not one.
pub fn find_dates(s: &str) -> Vec<(Date, std::ops::Range<usize>)> {
    scan(s)
}

/// The days of a text written only as day/month without a year ("31/8", "30/4, 31/8,
/// 31/12", "31/3 och 30/9"), the Swedish short form a plan uses within its own year, read in
/// `year`. Empty when anything else is written beside them (a year, a word, another number).
pub fn day_months_in_year(s: &str, year: i32) -> Vec<Date> {
    let mut out = Vec::new();
    for token in s
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty() && *t != "och")
    {
        let token = token.trim_end_matches('.');
        let Some((d, m)) = token.split_once('/') else {
            return Vec::new();
        };
        let short = |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        if !short(d) || !short(m) {
            return Vec::new();
        }
        let (Ok(d), Ok(m)) = (d.parse::<u32>(), m.parse::<u32>()) else {
            return Vec::new();
        };
        match Date::new(year, m, d) {
            Some(date) => out.push(date),
            None => return Vec::new(),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ISO shortcut of `parse_date` reads what the patterns read: on every shape of ten
    /// characters of digits and separators, and on real and impossible dates.
    #[test]
    fn parse_iso_is_what_the_patterns_read() {
        let mut rng = crate::test_rng(0x150_da7e);
        let mut texts: Vec<String> = [
            "2024-02-29",
            "2023-02-29",
            "2024-12-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "0000-01-01",
            "9999-12-31",
            "1899-06-30",
            "2024-1-031",
            "2024/03/31",
            "2024.03.31",
            "20240-3-31",
            "2024-03-3x",
            "٢٠٢٤-03-31",
        ]
        .map(String::from)
        .to_vec();
        let alphabet = b"0123456789-/. ";
        for _ in 0..20_000 {
            let mut t: Vec<u8> = (0..10)
                .map(|_| alphabet[(rng() % alphabet.len() as u64) as usize])
                .collect();
            if rng().is_multiple_of(2) {
                t[4] = b'-';
                t[7] = b'-';
            }
            texts.push(String::from_utf8(t).unwrap());
        }
        for y in [1900, 1999, 2000, 2023, 2024, 2100] {
            for m in 0..=13 {
                for d in 0..=32 {
                    texts.push(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
        let mut read = 0;
        for t in &texts {
            if let Some(d) = parse_iso(t) {
                assert_eq!(one_date(t), Some(d), "{t}");
                read += 1;
            }
        }
        assert!(read > 2_000, "{read} read plainly");
    }

    /// The digit-run shortcut skips only patterns that could not give a date: on random
    /// texts of digits (ASCII and others), separators, spaces and month names, the dates
    /// found are those of every pattern run.
    #[test]
    fn digit_runs_rule_out_only_impossible_forms() {
        // Numbers and what may stand between them, taken in turn (so that date shapes are
        // common).
        let numbers = [
            "0",
            "1",
            "5",
            "9",
            "12",
            "31",
            "13",
            "21",
            "2022",
            "1999",
            "1850",
            "20221231",
            "202212",
            "123",
            "\u{0663}",
            "\u{0662}\u{0660}\u{0662}\u{0662}",
            "\u{ff11}\u{ff12}",
            "december",
            "dec.",
            "maj",
            "x",
        ];
        let between = [
            "-", "/", ".", " ", "\t", ":", "T", " 00:00", ":a ", "", "–", ", ", "den ", "a",
        ];
        let mut next = crate::test_rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..50_000 {
            let n = 1 + (next() % 7) as usize;
            let text: String = (0..n)
                .map(|i| {
                    let parts: &[&str] = if i % 2 == 0 { &numbers } else { &between };
                    parts[(next() % parts.len() as u64) as usize]
                })
                .collect();
            assert_eq!(
                scan_forms(&text, false),
                scan_forms(&text, true),
                "{text:?}"
            );
        }
    }

    /// The hand-made ISO form equals the formatting machinery's, on the edges too.
    #[test]
    fn display_is_zero_padded_iso() {
        for (y, m, dd) in [
            (2023, 1, 9),
            (1900, 12, 31),
            (999, 5, 5),
            (0, 1, 1),
            (9999, 99, 99),
            (10000, 1, 1),
            (-5, 1, 1),
            (2024, 100, 7),
            (7, 3, 123),
        ] {
            let date = Date { y, m, d: dd };
            assert_eq!(date.to_string(), format!("{y:04}-{m:02}-{dd:02}"));
        }
        assert_eq!(
            Date {
                y: 2023,
                m: 1,
                d: 9
            }
            .to_string(),
            "2023-01-09"
        );
    }

    fn d(y: i32, m: u32, dd: u32) -> Date {
        Date::new(y, m, dd).expect("valid test date")
    }

    fn dates(s: &str) -> Vec<String> {
        find_dates(s)
            .into_iter()
            .map(|(d, _)| d.to_string())
            .collect()
    }

    #[test]
    fn new_checks_calendar() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2023, 13, 1).is_none());
        assert!(Date::new(2023, 4, 31).is_none());
        assert!(Date::new(2023, 1, 0).is_none());
    }

    #[test]
    fn excel_serials_exact() {
        assert_eq!(from_excel_serial(1.0), Some(d(1900, 1, 1)));
        assert_eq!(from_excel_serial(59.0), Some(d(1900, 2, 28)));
        assert_eq!(from_excel_serial(60.0), None);
        assert_eq!(from_excel_serial(61.0), Some(d(1900, 3, 1)));
        assert_eq!(from_excel_serial(44927.0), Some(d(2023, 1, 1)));
        assert_eq!(from_excel_serial(44927.75), Some(d(2023, 1, 1)));
        assert_eq!(from_excel_serial(45372.0), Some(d(2024, 3, 21)));
        assert_eq!(from_excel_serial(2_958_465.0), Some(d(9999, 12, 31)));
        assert_eq!(from_excel_serial(2_958_466.0), None);
        assert_eq!(from_excel_serial(0.0), None);
        assert_eq!(from_excel_serial(0.5), None);
        assert_eq!(from_excel_serial(-1.0), None);
        assert_eq!(from_excel_serial(f64::NAN), None);
        assert_eq!(from_excel_serial(f64::INFINITY), None);
        assert_eq!(from_excel_serial(1e300), None);
    }

    #[test]
    fn excel_serials_round_trip() {
        assert_eq!(to_excel_serial(d(1900, 1, 1)), 1.0);
        assert_eq!(to_excel_serial(d(1900, 2, 28)), 59.0);
        assert_eq!(to_excel_serial(d(1900, 3, 1)), 61.0);
        assert_eq!(to_excel_serial(d(2023, 1, 1)), 44927.0);
        assert_eq!(to_excel_serial(d(9999, 12, 31)), 2_958_465.0);
        for serial in (1..=70).chain(40_000..42_000).filter(|s| *s != 60) {
            let date = from_excel_serial(f64::from(serial)).expect("a date");
            assert_eq!(to_excel_serial(date), f64::from(serial), "{date}");
        }
        // Invalid field values (the fields are public) do not panic.
        let _ = to_excel_serial(Date {
            y: i32::MAX,
            m: 99,
            d: 99,
        });
        let _ = to_excel_serial(Date {
            y: i32::MIN,
            m: 0,
            d: 0,
        });
    }

    #[test]
    fn parse_date_iso_forms() {
        assert_eq!(parse_date("2022-12-31"), Some(d(2022, 12, 31)));
        assert_eq!(parse_date(" 2022-5-1 "), Some(d(2022, 5, 1)));
        assert_eq!(parse_date("2021-12-31 00:00:00"), Some(d(2021, 12, 31)));
        assert_eq!(
            parse_date("2021-12-31T13:45:00.000Z"),
            Some(d(2021, 12, 31))
        );
        assert_eq!(parse_date("2022/12/31"), Some(d(2022, 12, 31)));
        assert_eq!(parse_date("2022-05"), Some(d(2022, 5, 1)));
        assert_eq!(parse_date("20221231"), Some(d(2022, 12, 31)));
        assert_eq!(parse_date("2022-12-31."), Some(d(2022, 12, 31)));
    }

    #[test]
    fn parse_date_swedish_forms() {
        assert_eq!(parse_date("5 december 2022"), Some(d(2022, 12, 5)));
        assert_eq!(parse_date("Den 5 december 2022"), Some(d(2022, 12, 5)));
        assert_eq!(parse_date("den 11 januari 2023"), Some(d(2023, 1, 11)));
        assert_eq!(parse_date("5 dec. 2022"), Some(d(2022, 12, 5)));
        assert_eq!(parse_date("31 dec 2021"), Some(d(2021, 12, 31)));
        assert_eq!(parse_date("1 Sept. 2021"), Some(d(2021, 9, 1)));
        assert_eq!(parse_date("2 FEBRUARI 2023"), Some(d(2023, 2, 2)));
        assert_eq!(parse_date("1:a maj 2023"), Some(d(2023, 5, 1)));
        assert_eq!(parse_date("15 mars 2024"), Some(d(2024, 3, 15)));
        assert_eq!(parse_date("30 okt 2020"), Some(d(2020, 10, 30)));
        assert_eq!(parse_date("31/12 2021"), Some(d(2021, 12, 31)));
        assert_eq!(parse_date("31/12/2021"), Some(d(2021, 12, 31)));
        assert_eq!(parse_date("31.12.2021"), Some(d(2021, 12, 31)));
        assert_eq!(parse_date("1/5-2022"), Some(d(2022, 5, 1)));
        assert_eq!(parse_date("31/12-21"), Some(d(2021, 12, 31)));
    }

    #[test]
    fn parse_date_rejects_non_dates() {
        for s in [
            "",
            "   ",
            "2022",
            "12",
            "tolv",
            "2022-13-01",
            "2022-02-30",
            "2022-00",
            "31 februari 2022",
            "5 decembre 2022",
            "5 marsch 2022",
            "2024SOCN18",
            "2022-01-01 2022-05-01",
            "Datum 2024-03-21",
            "den",
            "31/12",
            "1.5 2022",
            "3-4 2022",
            "31.12/2021",
            "12345678",
            "2022-12-31-",
            "✔ 2022-12-31 ✔ 2023",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn find_dates_in_lists_and_sentences() {
        assert_eq!(
            dates("2022-01-01 2022-05-01, 2022-09-01 2022-12-31"),
            ["2022-01-01", "2022-05-01", "2022-09-01", "2022-12-31"]
        );
        assert_eq!(
            dates("2021-02-28, 2021-05-31,2021-08-31, 2022-11-30"),
            ["2021-02-28", "2021-05-31", "2021-08-31", "2022-11-30"]
        );
        assert_eq!(dates("Den 5 december 2022"), ["2022-12-05"]);
        assert_eq!(
            dates("Tjänsteskrivelse 21 mars 2024; möte 31/12 2021 och 2023-01-05."),
            ["2024-03-21", "2021-12-31", "2023-01-05"]
        );
        assert_eq!(dates("antaget 2018-04-17, § 41"), ["2018-04-17"]);
        assert_eq!(dates("2022-01-01-2022-12-31"), ["2022-01-01", "2022-12-31"]);
        assert_eq!(dates("2022-01-01–2022-12-31"), ["2022-01-01", "2022-12-31"]);
        assert_eq!(
            dates("start 2022-05, slut 2022-12"),
            ["2022-05-01", "2022-12-01"]
        );
    }

    #[test]
    fn find_dates_byte_ranges() {
        let s = "Den 5 december 2022 — åter 2023-01-02 00:00:00!";
        let found = find_dates(s);
        assert_eq!(found.len(), 2);
        assert_eq!(&s[found[0].1.clone()], "5 december 2022");
        assert_eq!(&s[found[1].1.clone()], "2023-01-02 00:00:00");
        assert_eq!(found[1].0, d(2023, 1, 2));
    }

    #[test]
    fn find_dates_skips_registry_numbers_and_digit_runs() {
        assert!(dates("2024SOCN18").is_empty());
        assert!(dates("Diarienummer 2024SOCN18 003").is_empty());
        assert!(dates("Dnr KS2022-05-01").is_empty());
        assert!(dates("tel 0702022123456").is_empty());
        assert!(dates("120221231").is_empty());
        assert!(dates("19800101-1234").is_empty());
        assert!(dates("SN 2021/45").is_empty());
        assert!(dates("riskvärde 1-25, 2022").is_empty());
        assert!(dates("version 1.5 2022").is_empty());
        assert!(dates("").is_empty());
        assert!(dates("ÅÄÖ ✔ 😀 – ingen").is_empty());
    }

    #[test]
    fn month_numbers() {
        assert_eq!(month_number("Maj"), Some(5));
        assert_eq!(month_number("sept."), Some(9));
        assert_eq!(month_number("okt"), Some(10));
        assert_eq!(month_number("october"), None);
    }

    #[test]
    fn serde_is_iso() {
        let v = serde_json::to_string(&d(2022, 5, 1)).expect("serializes");
        assert_eq!(v, "\"2022-05-01\"");
        let back: Date = serde_json::from_str(&v).expect("deserializes");
        assert_eq!(back, d(2022, 5, 1));
        assert!(serde_json::from_str::<Date>("\"2022-5-1\"").is_err());
    }

    #[test]
    fn day_months_are_read_in_the_plans_year_only_when_nothing_else_is_written() {
        let d = |m, day| Date::new(2021, m, day).unwrap();
        assert_eq!(day_months_in_year("31/8", 2021), vec![d(8, 31)]);
        assert_eq!(
            day_months_in_year("30/4, 31/8, 31/12", 2021),
            vec![d(4, 30), d(8, 31), d(12, 31)]
        );
        assert_eq!(
            day_months_in_year("31/3 och 30/9.", 2021),
            vec![d(3, 31), d(9, 30)]
        );
        for no in [
            "",
            "mars",
            "31/8 2020",
            "3/4 av enheterna",
            "31/2",
            "1/13",
            "123/4",
            "T2",
        ] {
            assert!(day_months_in_year(no, 2021).is_empty(), "{no:?}");
        }
    }
}
