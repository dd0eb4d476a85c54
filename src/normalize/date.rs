//! Dates: a small calendar date type, Excel serials, and parsing of the forms plans use.

use std::fmt;

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

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
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

/// Parses exactly `YYYY-MM-DD`.
pub fn parse_iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Date::new(s[0..4].parse().ok()?, s[5..7].parse().ok()?, s[8..10].parse().ok()?)
}

/// The date of an Excel serial number (1900 system, with Excel's 1900-02-29 quirk), the
/// fraction (time of day) ignored; `None` outside 1900–9999.
pub fn from_excel_serial(serial: f64) -> Option<Date> {
    let _ = serial;
    None
}

/// The Excel serial number of a date (1900 system).
pub fn to_excel_serial(d: Date) -> f64 {
    let _ = d;
    0.0
}

/// Parses one date written alone in a cell: ISO (`2022-12-31`, `2022-5-1`), `5 december 2022`,
/// `5 dec. 2022`, `31/12 2021`, `31/12/2021`, `31.12.2021`, `2022-05` (first of the month),
/// `20221231`. White space around is ignored. `None` when the text is not one date.
pub fn parse_date(s: &str) -> Option<Date> {
    parse_iso(s.trim())
}

/// Every date written in a text, in order, with its byte range: for cells that hold several
/// dates ("2022-01-01 2022-05-01, 2022-09-01 2022-12-31") or a date inside a sentence
/// ("Den 5 december 2022").
pub fn find_dates(s: &str) -> Vec<(Date, std::ops::Range<usize>)> {
    let _ = s;
    Vec::new()
}
