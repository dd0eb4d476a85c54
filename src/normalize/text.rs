//! Text cleaning: white space folding, HTML entities, icons, slugs.

/// Folds every run of white space (line breaks included) to one space and trims the ends.
pub fn fold_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes HTML character references (`&amp;`, `&nbsp;`, `&#229;`, `&#xE5;`, the named
/// Latin-1 entities such as `&aring;` `&auml;` `&ouml;`); unknown references stay as written.
pub fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Removes status icons (✔ ✓ ▶ ◆ ● ■ ★ ✖ ✗ …, private-use glyphs, emoji) and surrounding
/// white space from a short label, keeping its words: "✔ Genomförd" → "Genomförd".
pub fn strip_icons(s: &str) -> String {
    fold_ws(&s.chars().filter(|c| c.is_alphanumeric() || c.is_whitespace() || ",.-/()".contains(*c)).collect::<String>())
}

/// A slug: lowercase, ASCII-folded (å,ä→a, ö→o, é→e …), words joined by hyphens.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
