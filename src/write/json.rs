//! JSON output, exactly as MODEL.md says: `{"schema", "dokument", "anmarkningar"}`.

use crate::model::Output;

/// Writes the JSON of [`to_json`] into `w` as it is made.
pub fn write_json(out: &Output, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, out)?;
    w.write_all(b"\n")
}

/// The output as pretty-printed JSON (UTF-8, stable key order, trailing newline).
pub fn to_json(out: &Output) -> Vec<u8> {
    let mut v = Vec::new();
    // Writing into memory cannot fail, and the model always serializes.
    let _ = write_json(out, &mut v);
    v
}
