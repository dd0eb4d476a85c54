//! JSON output, exactly as MODEL.md says: `{"schema", "dokument", "anmarkningar"}`.

use crate::model::Output;

/// Writes the JSON of [`to_json`] into `w` as it is made.
pub fn write_json(out: &Output, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, out)?;
    w.write_all(b"\n")
}

/// The output as pretty-printed JSON (UTF-8, stable key order, trailing newline).
pub fn to_json(out: &Output) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(out).unwrap_or_default();
    v.push(b'\n');
    v
}
