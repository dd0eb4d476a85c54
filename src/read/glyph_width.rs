//! How wide a text prints in a proportional font: `pdftotext -layout` sets a PDF's text on
//! a grid of equal characters, so a column's characters say little about how much of the
//! column a line fills ("Uppföljninge" and "behörigheter" hold twelve characters each, the
//! first fills its column, the second leaves room). The widths here are those of the common
//! sans-serif faces (Arial, Liberation Sans, Helvetica; Calibri and Carlito are narrower
//! alike), in thousandths of an em: near enough to compare two lines of one column.

/// The width of `text` in thousandths of an em.
pub fn print_width(text: &str) -> usize {
    text.chars().map(glyph).sum()
}

/// A character's width in thousandths of an em (Arial's advance widths, letters with
/// diacritics as their base letter).
fn glyph(c: char) -> usize {
    match c {
        'i' | 'j' | 'l' | 'í' | 'ï' => 222,
        ' ' | 'f' | 't' | 'I' | '.' | ',' | ':' | ';' | '!' | '/' | '\'' => 278,
        'r' | '-' | '(' | ')' | '–' => 333,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 500,
        'm' => 833,
        'w' => 722,
        'M' => 833,
        'W' => 944,
        'F' | 'T' | 'Z' => 611,
        'L' => 556,
        'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722,
        'G' | 'O' | 'Q' | 'Ö' => 778,
        c if c.is_uppercase() => 667,
        _ => 556,
    }
}

/// How much wider a header's bold text prints than the same text in the body, in
/// hundredths (Arial Bold over Arial: about a tenth).
pub const BOLD_PERCENT: usize = 110;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_letters_print_narrower_than_wide_ones() {
        assert!(print_width("illi") < print_width("momo"));
        assert_eq!(print_width("Ab"), 667 + 556);
    }
}
