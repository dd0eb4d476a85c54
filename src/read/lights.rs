//! Traffic-light fills: status and assessment cells are often only coloured. An empty cell
//! filled green, yellow or red reads as its colour's word when the document explains its
//! colours with a legend of coloured cells beside their words; without one a fill is
//! decoration (a band over a section, cells marked for input) and stays unread.

/// The word of a fill colour ("Grön", "Gul", "Röd", "Orange"). Light tints count (Excel's
/// "Bra" / "Neutral" / "Dålig" styles); grey, blue, white and black do not.
pub fn word_of_rgb(red: u8, green: u8, blue: u8) -> Option<&'static str> {
    let (r, g, b) = (f32::from(red), f32::from(green), f32::from(blue));
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let d = max - min;
    if max < 90.0 || d < 0.15 * max {
        return None;
    }
    let hue = if max == r {
        (60.0 * (g - b) / d).rem_euclid(360.0)
    } else if max == g {
        60.0 * (b - r) / d + 120.0
    } else {
        60.0 * (r - g) / d + 240.0
    };
    match hue {
        h if !(15.0..330.0).contains(&h) => Some("Röd"),
        h if h < 38.0 => Some("Orange"),
        h if h < 70.0 => Some("Gul"),
        h if h < 170.0 => Some("Grön"),
        _ => None,
    }
}

/// [`word_of_rgb`] of a colour written as six hex digits ("00B050"; "auto" is none).
pub fn word_of_hex(hex: &str) -> Option<&'static str> {
    let hex = hex.get(hex.len().checked_sub(6)?..)?;
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    word_of_rgb(byte(0)?, byte(2)?, byte(4)?)
}

/// Whether the coloured empty cells `lights` (row, column, word) are explained: at least two
/// colours each in a cell with a word just to its right ("[grön] Inga brister").
pub fn explained(lights: &[(usize, usize, &str)], word_at: impl Fn(usize, usize) -> bool) -> bool {
    let mut words: Vec<&str> = lights
        .iter()
        .filter(|(row, col, _)| word_at(*row, col + 1))
        .map(|(_, _, word)| *word)
        .collect();
    words.sort_unstable();
    words.dedup();
    words.len() >= 2
}

/// The coloured empty cells `lights` (row, column, word) to write their words into: none
/// unless the document [`explained`] its colours, else those in rows holding text besides
/// (`row_has_text`): a coloured row of nothing but colour is a band, not an answer.
pub fn to_write(
    lights: Vec<(usize, usize, &'static str)>,
    word_at: impl Fn(usize, usize) -> bool,
    row_has_text: impl Fn(usize) -> bool,
) -> Vec<(usize, usize, &'static str)> {
    if !explained(&lights, word_at) {
        return Vec::new();
    }
    lights
        .into_iter()
        .filter(|(row, _, _)| row_has_text(*row))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_name_their_traffic_light() {
        assert_eq!(word_of_hex("00B050"), Some("Grön"));
        assert_eq!(word_of_hex("FF00B050"), Some("Grön"));
        assert_eq!(word_of_hex("C6EFCE"), Some("Grön"));
        assert_eq!(word_of_hex("FFFF00"), Some("Gul"));
        assert_eq!(word_of_hex("FFC000"), Some("Gul"));
        assert_eq!(word_of_hex("FFEB9C"), Some("Gul"));
        assert_eq!(word_of_hex("FF0000"), Some("Röd"));
        assert_eq!(word_of_hex("FFC7CE"), Some("Röd"));
        assert_eq!(word_of_hex("C00000"), Some("Röd"));
        assert_eq!(word_of_hex("FF9900"), Some("Orange"));
        for none in [
            "FFFFFF", "D9D9D9", "000000", "DDEBF7", "4472C4", "auto", "", "zz0000",
        ] {
            assert_eq!(word_of_hex(none), None, "{none}");
        }
    }

    #[test]
    fn colours_need_a_legend_of_two() {
        let lights = [(0, 0, "Grön"), (0, 2, "Röd"), (5, 3, "Gul")];
        assert!(explained(&lights, |r, c| r == 0 && (c == 1 || c == 3)));
        assert!(!explained(&lights, |r, c| r == 0 && c == 1));
        assert!(!explained(&lights, |_, _| false));
        let legend = |r: usize, c: usize| r == 0 && (c == 1 || c == 3);
        assert_eq!(
            to_write(lights.to_vec(), legend, |r| r == 0),
            [(0, 0, "Grön"), (0, 2, "Röd")]
        );
        assert!(to_write(lights.to_vec(), |_, _| false, |_| true).is_empty());
    }
}
