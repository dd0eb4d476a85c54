//! xls through calamine, after a pass over the file's BIFF records that refuses a sheet
//! whose declared dimensions or whose cells' extent is above [`MAX_SHEET_CELLS`]. calamine
//! reserves memory for the declared dimensions and lays the cells out densely, so a small
//! malicious file could otherwise ask for hundreds of gigabytes (an allocation failure
//! aborts the process; it cannot be caught). The compound-file layer follows calamine's
//! `cfb.rs`. The same pass reads the traffic-light fills of empty cells, which calamine
//! does not give.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Dimensions, Reader, Xls, XlsError};

use super::{Book, Grid, MAX_SHEET_CELLS, value_of};
use crate::read::{ReadError, lights};

/// Per sheet name, its empty cells filled with a traffic-light colour: (row, column, word).
type Lights = HashMap<String, Vec<(usize, usize, &'static str)>>;

impl<'a> Book<'a> for Xls<Cursor<&'a [u8]>> {
    type Extra = Lights;

    fn extra(bytes: &'a [u8], name: &str) -> Result<Lights, ReadError> {
        check(bytes, name)?;
        Ok(fills(bytes))
    }

    fn encrypted(e: &XlsError) -> bool {
        matches!(e, XlsError::Password)
    }

    fn cells(
        &mut self,
        sheet: &str,
        extra: &mut Lights,
        grid: &mut Grid<'_>,
    ) -> Result<bool, ReadError> {
        let range = self.worksheet_range(sheet).map_err(|e| grid.broken(&e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, data) in range.used_cells() {
            grid.set(r0 + r as u32, c0 + c as u32, value_of(data))?;
        }
        if let Some(lights) = extra.remove(sheet) {
            grid.write_lights(lights)?;
        }
        Ok(true)
    }

    fn merges(&mut self, sheet: &str, _: &mut Lights) -> Result<Vec<Dimensions>, XlsError> {
        self.merge_cells_by_sheet_name(sheet)
    }
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const MAXREGSECT: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
}

/// Why a sector chain could not be followed.
enum Chain {
    /// Not as calamine would read it either; calamine reports it.
    Broken,
    /// The chain loops and asks for more bytes than the file has: calamine would follow
    /// the loop, growing its buffer until memory runs out.
    Runaway,
}

/// Follows a chain of `size`-byte sectors through `fat` as calamine's `get_chain`
/// does (until ENDOFCHAIN or `len` bytes), `get` giving a sector's bytes.
fn chain<'s>(
    start: u32,
    fat: &[u32],
    get: impl Fn(u32) -> Option<Cow<'s, [u8]>>,
    len: usize,
    file_len: usize,
) -> Result<Vec<u8>, Chain> {
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0usize;
    while id != ENDOFCHAIN {
        steps += 1;
        if steps > fat.len() + 1 {
            return Err(if len > file_len {
                Chain::Runaway
            } else {
                Chain::Broken
            });
        }
        let sector = get(id).ok_or(Chain::Broken)?;
        let take = sector.len().min(len - out.len());
        out.extend_from_slice(&sector[..take]);
        if out.len() >= len {
            break;
        }
        id = *fat.get(id as usize).ok_or(Chain::Broken)?;
    }
    Ok(out)
}

/// Sector `id` (numbered from after the header), zero-padded at the end of the file;
/// `None` above `maxid`.
fn sector_at(bytes: &[u8], size: usize, id: u32, maxid: usize) -> Option<Cow<'_, [u8]>> {
    let id = id as usize;
    if id > maxid {
        return None;
    }
    let start = (id + 1).checked_mul(size)?;
    let end = start.checked_add(size)?;
    match bytes.get(start..end) {
        Some(s) => Some(Cow::Borrowed(s)),
        None => {
            let mut v = bytes
                .get(start.min(bytes.len())..)
                .unwrap_or_default()
                .to_vec();
            v.resize(size, 0);
            Some(Cow::Owned(v))
        }
    }
}

/// The `Workbook` (or BIFF5 `Book`) stream, found as calamine's `cfb.rs` finds it.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, Chain> {
    let sector = match u16_at(bytes, 0x1E) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Err(Chain::Broken),
    };
    let n = bytes.len();
    // Sector `id` follows the header. calamine reads sectors up to `len / sector` and,
    // once it has read past the end of a short file, sees zeros there: pad likewise.
    let get = |id: u32| sector_at(bytes, sector, id, n / sector);
    // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
    let mut difat: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .collect();
    let mut next = u32_at(bytes, 0x44).ok_or(Chain::Broken)?;
    let mut guard = 0usize;
    while next < MAXREGSECT {
        guard += 1;
        if guard > n / sector + 1 {
            return Err(Chain::Broken);
        }
        let s = get(next).ok_or(Chain::Broken)?;
        difat.extend((0..s.len() / 4).filter_map(|i| u32_at(&s, 4 * i)));
        next = difat.pop().ok_or(Chain::Broken)?;
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < DIFSECT) {
        let s = get(id).ok_or(Chain::Broken)?;
        fat.extend((0..s.len() / 4).filter_map(|i| u32_at(&s, 4 * i)));
    }
    let dir_start = u32_at(bytes, 0x30).ok_or(Chain::Broken)?;
    let dirs = chain(dir_start, &fat, get, usize::MAX, n)?;
    // (name, start, len) of each directory entry, as calamine decodes them.
    let entries: Vec<(String, u32, usize)> = dirs
        .chunks_exact(128)
        .filter_map(|e| {
            let units: Vec<u16> = (0..32)
                .filter_map(|i| u16_at(e, 2 * i))
                .take_while(|&u| u != 0)
                .collect();
            let len = if sector == 512 {
                u64::from(u32_at(e, 120)?)
            } else {
                u64_at(e, 120)?
            };
            Some((
                String::from_utf16_lossy(&units),
                u32_at(e, 116)?,
                usize::try_from(len).ok()?,
            ))
        })
        .collect();
    let root = entries.first().ok_or(Chain::Broken)?;
    let mini_fat_len = u32_at(bytes, 0x40).ok_or(Chain::Broken)? as usize;
    let (ministream, minifat) = if mini_fat_len > 0 {
        let ministream = chain(root.1, &fat, get, root.2, n)?;
        let minifat_start = u32_at(bytes, 0x3C).ok_or(Chain::Broken)?;
        let minifat_bytes = chain(
            minifat_start,
            &fat,
            get,
            mini_fat_len.saturating_mul(sector),
            n,
        )?;
        let minifat: Vec<u32> = minifat_bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        (ministream, minifat)
    } else {
        (Vec::new(), Vec::new())
    };
    let find = |want: &str| {
        entries
            .iter()
            .find(|(name, ..)| name.eq_ignore_ascii_case(want))
    };
    let (_, start, len) = find("Workbook")
        .or_else(|| find("Book"))
        .ok_or(Chain::Broken)?;
    if *len < 4096 {
        let mini = |id: u32| {
            let start = (id as usize).checked_mul(64)?;
            let s = ministream.get(start..start.checked_add(64)?.min(ministream.len()))?;
            Some(Cow::Borrowed(s))
        };
        chain(*start, &minifat, mini, *len, n)
    } else {
        chain(*start, &fat, get, *len, n)
    }
}

/// BIFF records from `pos`: (type, data), CONTINUE records not joined.
fn records(stream: &[u8], pos: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = pos;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

/// The records of the sheet whose BOF is at `pos`, up to its EOF: the BOF itself and the
/// records of a substream embedded in it (a chart's BOF … EOF) left out.
fn sheet_records(stream: &[u8], pos: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut all = records(stream, pos);
    let mut seen_bof = false;
    std::iter::from_fn(move || {
        let mut depth = 0usize;
        loop {
            let (typ, data) = all.next()?;
            match (typ, depth) {
                (0x0809, _) if !seen_bof => seen_bof = true,
                (0x0809, _) => depth += 1,
                (0x000A, 0) => return None,
                (0x000A, _) => depth -= 1,
                (_, 0) => return Some((typ, data)),
                _ => {}
            }
        }
    })
}

/// Refuses an xls whose sheets would be too large for calamine to lay out. Anything this
/// pass cannot parse is left to calamine to report.
///
/// # Errors
/// [`ReadError::TooLarge`].
fn check(bytes: &[u8], name: &str) -> Result<(), ReadError> {
    let stream = match workbook_stream(bytes) {
        Ok(s) => s,
        Err(Chain::Broken) => return Ok(()),
        Err(Chain::Runaway) => {
            return Err(ReadError::invalid(
                name,
                "xls-filen är skadad: dess sektorkedjor går i cirkel",
            ));
        }
    };
    let mut sheet_pos = Vec::new();
    for (typ, data) in records(&stream, 0) {
        match typ {
            0x0085 => sheet_pos.extend(u32_at(data, 0).map(|p| p as usize)),
            0x000A => break,
            _ => {}
        }
    }
    let too_large = |what: String| ReadError::TooLarge {
        file: name.to_string(),
        reason: format!("{what}; gränsen är {MAX_SHEET_CELLS} celler per blad"),
    };
    for (i, pos) in sheet_pos.into_iter().enumerate() {
        let mut rows = (u32::MAX, 0u32);
        let mut cols = (u32::MAX, 0u32);
        let mut cells = 0usize;
        for (typ, data) in sheet_records(&stream, pos) {
            let mut at = |r: u32, c: u32| {
                rows = (rows.0.min(r), rows.1.max(r));
                cols = (cols.0.min(c), cols.1.max(c));
                cells += 1;
            };
            match typ {
                0x0200 => {
                    // Dimensions, as calamine reads them (u32 rows in BIFF8).
                    let (rf, rl, cf, cl) = match data.len() {
                        10 => (
                            u32::from(u16_at(data, 0).unwrap_or(0)),
                            u32::from(u16_at(data, 2).unwrap_or(0)),
                            u32::from(u16_at(data, 4).unwrap_or(0)),
                            u32::from(u16_at(data, 6).unwrap_or(0)),
                        ),
                        14 | 16 => (
                            u32_at(data, 0).unwrap_or(0),
                            u32_at(data, 4).unwrap_or(0),
                            u32::from(u16_at(data, 8).unwrap_or(0)),
                            u32::from(u16_at(data, 10).unwrap_or(0)),
                        ),
                        _ => continue,
                    };
                    // calamine: end = (rl - 1, cl - 1) when both are at least 1,
                    // else the start; then it reserves (end - start + 1) rows times
                    // columns, in u32 arithmetic that wraps in a release build, so
                    // rl < rf asks for about 4 billion rows.
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    let (er, ec) = if rl >= 1 && cl >= 1 {
                        (rl - 1, cl - 1)
                    } else {
                        (rf, cf)
                    };
                    let rows = er.wrapping_sub(rf).wrapping_add(1);
                    let cols = ec.wrapping_sub(cf).wrapping_add(1);
                    let area = u64::from(rows).saturating_mul(u64::from(cols));
                    if area > MAX_SHEET_CELLS as u64 {
                        return Err(too_large(format!(
                            "blad {} anger sig ha {area} celler",
                            i + 1
                        )));
                    }
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                        at(u32::from(r), u32::from(c));
                    }
                }
                0x00BD if data.len() >= 6 => {
                    // MulRk: row, first column, …, last column.
                    if let (Some(r), Some(c0), Some(c1)) = (
                        u16_at(data, 0),
                        u16_at(data, 2),
                        u16_at(data, data.len() - 2),
                    ) {
                        at(u32::from(r), u32::from(c0));
                        at(u32::from(r), u32::from(c1.max(c0)));
                    }
                }
                _ => {}
            }
        }
        if cells > 0 {
            let area = (u64::from(rows.1 - rows.0) + 1) * (u64::from(cols.1 - cols.0) + 1);
            if area > MAX_SHEET_CELLS as u64 {
                return Err(too_large(format!(
                    "blad {} breder ut sig över {area} celler",
                    i + 1
                )));
            }
        }
    }
    Ok(())
}

/// Most lit cells recorded per sheet (more are ignored).
const MAX_LIGHTS: usize = 100_000;

/// BIFF8's default palette: the colours of indexes 8 to 63, as 0xRRGGBB.
const DEFAULT_PALETTE: [u32; 56] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x800000,
    0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, 0x9999FF, 0x993366,
    0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, 0x000080, 0xFF00FF, 0xFFFF00,
    0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF, 0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99,
    0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99, 0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900,
    0xFF6600, 0x666699, 0x969696, 0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366,
    0x333399, 0x333333,
];

/// The empty cells (BLANK and MULBLANK records) whose format fills them solid with a
/// traffic-light colour, per sheet name. Anything this pass cannot parse gives none.
fn fills(bytes: &[u8]) -> Lights {
    let mut out = Lights::new();
    let Ok(stream) = workbook_stream(bytes) else {
        return out;
    };
    let mut palette = DEFAULT_PALETTE;
    // Per format (XF) index: its solid fill's colour index, if solid.
    let mut xf_fill: Vec<Option<u16>> = Vec::new();
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for (typ, data) in records(&stream, 0) {
        match typ {
            0x0085 => {
                if let (Some(pos), Some(name)) = (u32_at(data, 0), sheet_name(data)) {
                    sheets.push((pos as usize, name));
                }
            }
            0x00E0 if data.len() >= 20 => {
                // BIFF8 XF: the fill pattern in the top six bits at 14, the pattern's
                // foreground colour index in the low seven bits at 18.
                let pattern = u32_at(data, 14).map_or(0, |v| v >> 26);
                let fore = u16_at(data, 18).map(|v| v & 0x7F);
                xf_fill.push(fore.filter(|_| pattern == 1));
            }
            0x00E0 => xf_fill.push(None),
            0x0092 => {
                let n = u16_at(data, 0).map_or(0, usize::from);
                for (k, slot) in palette.iter_mut().enumerate().take(n) {
                    if let Some(rgb) = data.get(2 + 4 * k..5 + 4 * k) {
                        *slot =
                            u32::from(rgb[0]) << 16 | u32::from(rgb[1]) << 8 | u32::from(rgb[2]);
                    }
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let word_of_xf = |xf: u16| -> Option<&'static str> {
        let icv = xf_fill.get(usize::from(xf)).copied().flatten()?;
        // Indexes 0–7 repeat 8–15; 64 and up are the system's colours.
        let rgb = *palette.get(usize::from(if icv < 8 { icv + 8 } else { icv }).checked_sub(8)?)?;
        let [_, r, g, b] = rgb.to_be_bytes();
        lights::word_of_rgb(r, g, b)
    };
    for (pos, name) in sheets {
        let mut lit = Vec::new();
        for (typ, data) in sheet_records(&stream, pos) {
            let mut light = |row: u16, col: u16, xf: u16| {
                if lit.len() < MAX_LIGHTS
                    && let Some(word) = word_of_xf(xf)
                {
                    lit.push((usize::from(row), usize::from(col), word));
                }
            };
            match typ {
                // Blank: row, column, format.
                0x0201 => {
                    if let (Some(r), Some(c), Some(xf)) =
                        (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4))
                    {
                        light(r, c, xf);
                    }
                }
                // MulBlank: row, first column, a format per column, last column.
                0x00BE if data.len() >= 6 => {
                    if let (Some(r), Some(c0)) = (u16_at(data, 0), u16_at(data, 2)) {
                        for k in 0..(data.len() - 6) / 2 {
                            if let Some(xf) = u16_at(data, 4 + 2 * k) {
                                light(r, c0.saturating_add(k as u16), xf);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if !lit.is_empty() {
            out.entry(name).or_default().extend(lit);
        }
    }
    out
}

/// A BOUNDSHEET record's sheet name (a short unicode string after the stream position and
/// two flag bytes).
fn sheet_name(data: &[u8]) -> Option<String> {
    let n = usize::from(*data.get(6)?);
    let wide = data.get(7)? & 1 == 1;
    let chars = data.get(8..)?;
    Some(if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(n)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(n).map(|&b| char::from(b)).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_finds_the_workbook_stream_of_real_files() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for f in [
            "office-made/date.xls",
            "office-made/issues.xls",
            "office-made/merged_range.xls",
            "formats/001_95fb6c4a13f639a0.xls",
        ] {
            let bytes = std::fs::read(dir.join(f)).unwrap();
            let Ok(stream) = workbook_stream(&bytes) else {
                panic!("{f}: no Workbook stream");
            };
            // A BIFF stream opens with a BOF record.
            assert_eq!(&stream[..2], &[0x09, 0x08], "{f}");
            assert!(check(&bytes, f).is_ok(), "{f}");
        }
    }
}
