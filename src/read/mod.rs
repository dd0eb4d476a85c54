//! Reading: bytes of one input file → sheets of rows of cells, each with its location.
//!
//! Every input format ends here as the same [`Source`]: a list of [`Sheet`]s, each a list of
//! [`Row`]s in source order. A row is either a table row of [`Cell`]s or a line of prose
//! (title rows, headings, text between tables). Format quirks (HTML in text cells, merged
//! cells, encodings, XML) are resolved in this module; every later stage is format-blind.

pub mod csv;
pub mod detect;
pub mod docx;
mod glyph_width;
pub mod html;
pub mod ikplan;
pub mod lights;
pub mod text;
mod text_pages;
pub mod workbook;

use std::fmt;

use crate::normalize::date::Date;

/// The kind of file a [`Source`] was read from (serialized as MODEL.md's `kalla_format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    Csv,
    Tsv,
    Text,
    Docx,
    /// A web page holding a table, as old Excel versions and planning systems save "Excel".
    Html,
    Ikplan,
}

impl Format {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Ikplan => "ikplan",
        }
    }

    /// Whether locations in this format are A1 cells on a grid (workbooks) rather than lines.
    pub fn is_grid(self) -> bool {
        matches!(
            self,
            Format::Xlsx | Format::Xlsm | Format::Xlsb | Format::Xls | Format::Ods | Format::Ikplan
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One input file, read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name as given by the user (relative path), used in every location.
    pub file: String,
    pub format: Format,
    pub sheets: Vec<Sheet>,
    /// What reading noticed that does not stop it (IK115), located in the file.
    pub notices: Vec<crate::model::Finding>,
}

/// One sheet of a workbook, or the whole body of a text, CSV or Word document.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Sheet name for workbooks; `None` for single-body formats.
    pub name: Option<String>,
    /// A sheet hidden in the workbook: read, but marked.
    pub hidden: bool,
    pub rows: Vec<Row>,
}

/// One row of a sheet: a table row or a line of prose.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line (text, CSV) or sheet row number (workbooks), or a paragraph counter (docx).
    pub line: u32,
    pub kind: RowKind,
}

#[derive(Debug, Clone)]
pub enum RowKind {
    /// Cells of a table row; `cells[i]` is column `i` (0-based), dense.
    Cells(Vec<Cell>),
    /// A line of prose; `heading` is its Markdown/Word heading level (0 for body text).
    Text { text: String, heading: u8 },
}

impl Row {
    /// The cells of a table row, or an empty slice for prose.
    pub fn cells(&self) -> &[Cell] {
        match &self.kind {
            RowKind::Cells(c) => c,
            RowKind::Text { .. } => &[],
        }
    }

    /// Whether every cell of the row is empty (a prose row is empty when its text is blank).
    pub fn is_blank(&self) -> bool {
        match &self.kind {
            RowKind::Cells(c) => c.iter().all(|c| c.value.is_empty()),
            RowKind::Text { text, .. } => is_blank_text(text),
        }
    }
}

/// One cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub value: Value,
    /// The cell is covered by a merge that starts in another cell; `value` is a copy of the
    /// merge's value (so a value merged over several rows belongs to every row it covers).
    pub merged: bool,
}

impl Cell {
    pub fn new(value: Value) -> Self {
        Cell {
            value,
            merged: false,
        }
    }

    pub fn text(s: &str) -> Self {
        Cell::new(Value::Text(Rich::from_text(s)))
    }
}

/// A cell's value, as typed by the source.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Value {
    #[default]
    Empty,
    Text(Rich),
    Number(f64),
    Date(Date),
    Bool(bool),
    /// A formula error such as `#REF!` or `#N/A`, as written.
    Error(Box<str>),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(r) => r.is_empty(),
            _ => false,
        }
    }

    /// The value as plain text: paragraphs joined by "\n", numbers without a trailing ".0",
    /// dates in ISO form.
    pub fn plain(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(r) => r.plain(),
            Value::Number(n) => format_number(*n),
            Value::Date(d) => d.to_string(),
            Value::Bool(b) => if *b { "SANT" } else { "FALSKT" }.to_string(),
            Value::Error(e) => e.to_string(),
        }
    }

    /// [`Value::plain`] borrowed where it can be: the text of a cell of one run whose white
    /// space is already folded (most cells) is not copied.
    pub fn plain_ref(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Value::Text(Rich(Repr::One(t))) if crate::normalize::text::is_folded(t) => {
                std::borrow::Cow::Borrowed(t)
            }
            other => std::borrow::Cow::Owned(other.plain()),
        }
    }

    /// [`Value::plain`] of a value that is no longer needed: the text of a cell of one run
    /// whose white space is already folded (most cells) is moved, not copied.
    pub fn into_plain(self) -> String {
        match self {
            Value::Text(r) => r.into_plain(),
            Value::Error(e) => e.into_string(),
            other => other.plain(),
        }
    }
}

/// Formats a number as a person wrote it: integers without decimals.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        itoa::Buffer::new().format(n as i64).to_string()
    } else {
        format!("{n}")
    }
}

/// Text with paragraphs and bold runs (what survives of Word/HTML formatting).
///
/// Most cells are one paragraph of one plain run that is not blank: such a text is held as
/// its string alone, so a cell is 32 bytes and a copy of a shared string one allocation.
/// Anything else (several paragraphs or runs, bold, blank, no paragraph) is held as its
/// paragraphs. The form is chosen
/// when the text is made ([`Rich::from_paras`]), so equal texts compare equal.
#[derive(Debug, Clone, PartialEq)]
pub struct Rich(Repr);

#[derive(Debug, Clone, PartialEq)]
enum Repr {
    /// One paragraph of one run that is not bold.
    One(String),
    /// Any other text (no paragraph, several, several runs, bold).
    Paras(Box<[Para]>),
}

impl Default for Rich {
    fn default() -> Self {
        Rich(Repr::Paras(Box::default()))
    }
}

/// The paragraphs of a [`Rich`] text.
pub type Paras = smallvec::SmallVec<[Para; 1]>;

/// The runs of a [`Para`].
pub type Runs = smallvec::SmallVec<[Run; 1]>;

/// One paragraph of a [`Rich`] text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    pub runs: Runs,
}

/// A run of text with one formatting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
}

impl Para {
    /// A paragraph of one run that is not bold.
    pub fn plain_run(text: String) -> Self {
        Para {
            runs: smallvec::smallvec![Run { text, bold: false }],
        }
    }

    /// The paragraph's text with runs concatenated and white space folded.
    pub fn plain(&self) -> String {
        let mut out = String::new();
        self.plain_into(&mut out);
        out
    }

    /// Appends [`Para::plain`] to `out` (one allocation at most, none for a single run that
    /// fits).
    fn plain_into(&self, out: &mut String) {
        use crate::normalize::text::fold_ws_into;
        match self.runs.as_slice() {
            [] => {}
            [one] => fold_ws_into(out, &one.text),
            runs => {
                let s: String = runs.iter().map(|r| r.text.as_str()).collect();
                fold_ws_into(out, &s);
            }
        }
    }

    /// Whether the paragraph holds only white space.
    pub fn is_blank(&self) -> bool {
        self.runs.iter().all(|r| is_blank_text(&r.text))
    }
}

/// `s.trim().is_empty()`, answered by the first byte when it is ASCII (every filled cell
/// is asked, several times, and every line of text).
fn is_blank_text(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(&b) if b.is_ascii() && !char::from(b).is_whitespace() => false,
        _ => s.trim().is_empty(),
    }
}

impl Rich {
    /// Plain text split into paragraphs on line breaks (blank lines left out).
    pub fn from_text(s: &str) -> Self {
        // One line, the common cell, is held as its string.
        if !s.contains('\n') {
            return if is_blank_text(s) {
                Rich::default()
            } else {
                Rich(Repr::One(s.to_string()))
            };
        }
        Rich::from_paras(
            s.split('\n')
                .filter(|l| !is_blank_text(l))
                .map(|l| Para::plain_run(l.to_string()))
                .collect(),
        )
    }

    /// A text from its paragraphs.
    pub fn from_paras(mut paras: Paras) -> Self {
        // A blank run stays in paragraphs, so that one run held alone is never blank and
        // `is_empty` answers it without reading the text.
        if let [para] = paras.as_slice()
            && let [run] = para.runs.as_slice()
            && !run.bold
            && !is_blank_text(&run.text)
        {
            let mut para = paras.pop().expect("one paragraph");
            return Rich(Repr::One(para.runs.pop().expect("one run").text));
        }
        Rich(Repr::Paras(paras.into_vec().into_boxed_slice()))
    }

    /// The text's paragraphs, to be changed and made into a text again.
    pub fn into_paras(self) -> Paras {
        match self.0 {
            Repr::One(text) => smallvec::smallvec![Para::plain_run(text)],
            Repr::Paras(p) => p.into_vec().into(),
        }
    }

    /// The text held as paragraphs, `None` for one plain run.
    fn paras(&self) -> Option<&[Para]> {
        match &self.0 {
            Repr::One(_) => None,
            Repr::Paras(p) => Some(p),
        }
    }

    /// The bytes of text in the runs (paragraph breaks not counted), without allocating.
    pub fn byte_len(&self) -> usize {
        match &self.0 {
            Repr::One(t) => t.len(),
            Repr::Paras(p) => p.iter().flat_map(|p| &p.runs).map(|r| r.text.len()).sum(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.0 {
            // Never blank (see `from_text` and `from_paras`).
            Repr::One(_) => false,
            Repr::Paras(p) => p.iter().all(Para::is_blank),
        }
    }

    /// Non-empty paragraphs as plain text.
    pub fn paragraphs(&self) -> Vec<String> {
        match &self.0 {
            Repr::One(t) => {
                let t = crate::normalize::text::fold_ws(t);
                if t.is_empty() { Vec::new() } else { vec![t] }
            }
            Repr::Paras(p) => p
                .iter()
                .map(Para::plain)
                .filter(|p| !p.is_empty())
                .collect(),
        }
    }

    /// [`Rich::paragraphs`] of a text that is no longer needed: one run already folded is
    /// moved.
    pub fn into_paragraphs(self) -> Vec<String> {
        match self.0 {
            Repr::One(t) if t.is_empty() => Vec::new(),
            Repr::One(t) if crate::normalize::text::is_folded(&t) => vec![t],
            _ => self.paragraphs(),
        }
    }

    /// [`Rich::plain`] of a text that is no longer needed: one run already folded is moved.
    pub fn into_plain(self) -> String {
        match self.0 {
            Repr::One(t) if crate::normalize::text::is_folded(&t) => t,
            _ => self.plain(),
        }
    }

    /// Paragraphs joined by "\n".
    pub fn plain(&self) -> String {
        let paras = match &self.0 {
            Repr::One(t) => return crate::normalize::text::fold_ws(t),
            Repr::Paras(p) => p,
        };
        let mut out = String::with_capacity(self.byte_len());
        for p in paras.iter() {
            let before = out.len();
            if before > 0 {
                out.push('\n');
            }
            p.plain_into(&mut out);
            if out.len() == before + usize::from(before > 0) {
                // An empty paragraph: take back its line break.
                out.truncate(before);
            }
        }
        out
    }

    /// The bold text that opens the cell, when the cell starts with a bold run and has more
    /// text after it: `(title, rest)`.
    pub fn bold_lead(&self) -> Option<(String, String)> {
        // Without a bold run the lead could only be white space: none (most cells).
        let paras = self.paras()?;
        if !paras.iter().flat_map(|p| &p.runs).any(|r| r.bold) {
            return None;
        }
        let first = paras.iter().position(|p| !p.plain().is_empty())?;
        let para = &paras[first];
        let mut lead = String::new();
        let mut rest = String::new();
        let mut in_lead = true;
        for run in &para.runs {
            if in_lead && (run.bold || run.text.trim().is_empty()) {
                lead.push_str(&run.text);
            } else {
                in_lead = false;
                rest.push_str(&run.text);
            }
        }
        let lead = crate::normalize::text::fold_ws(&lead);
        if lead.is_empty() {
            return None;
        }
        let mut rest_paras = vec![crate::normalize::text::fold_ws(&rest)];
        rest_paras.extend(paras[first + 1..].iter().map(Para::plain));
        let rest = rest_paras
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        Some((lead, rest))
    }
}

/// Calls `each` with the events of an XML part in order, until the part ends, `each` breaks
/// (its value is returned) or the XML is broken: a part is read as far as it is well formed.
pub(crate) fn each_xml_event<R: std::io::BufRead, B>(
    reader: &mut quick_xml::Reader<R>,
    mut each: impl FnMut(quick_xml::events::Event<'_>) -> std::ops::ControlFlow<B>,
) -> Option<B> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
            Ok(ev) => {
                if let std::ops::ControlFlow::Break(b) = each(ev) {
                    return Some(b);
                }
            }
        }
    }
}

/// The text of an XML entity or character reference (`&amp;`, `&#229;`) in OOXML parts;
/// an unknown reference gives nothing.
pub(crate) fn xml_ref_text(e: &quick_xml::events::BytesRef) -> String {
    xml_ref(e).unwrap_or_default()
}

/// The text of an XML entity or character reference, `None` for an unknown one.
pub(crate) fn xml_ref(e: &quick_xml::events::BytesRef) -> Option<String> {
    let name = e.xml10_content();
    match quick_xml::escape::resolve_xml_entity(&name) {
        Some(s) => Some(s.to_string()),
        None => e.resolve_char_ref().ok().flatten().map(String::from),
    }
}

/// Why a file could not be read at all. Data problems inside a readable file are findings,
/// never errors.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: filen finns inte eller kan inte öppnas ({reason})")]
    Open { file: String, reason: String },
    #[error("{file}: filen är tom")]
    Empty { file: String },
    #[error("{file}: {reason}")]
    Invalid { file: String, reason: String },
    #[error(
        "{file}: filen är lösenordsskyddad (krypterad) och kan inte läsas; spara en kopia utan \
         lösenord"
    )]
    Encrypted { file: String },
    #[error("{file}: filen är för stor eller packas upp till för mycket data ({reason})")]
    TooLarge { file: String, reason: String },
}

impl ReadError {
    pub fn invalid(file: &str, reason: impl Into<String>) -> Self {
        ReadError::Invalid {
            file: file.to_string(),
            reason: reason.into(),
        }
    }
}

/// Reads one file from disk, detecting its format from the content (and the name as a hint).
/// `name` is the file name to use in locations (as the user gave it).
pub fn read_path(path: &std::path::Path, name: &str) -> Result<Source, ReadError> {
    let bytes = read_file(path, name)?;
    read_bytes(&bytes, name)
}

/// A name with its control characters escaped (`\n`, `\r`, `\t`, `\u{1b}`), so that a
/// file name can never break a message's one line nor forge another.
pub fn escape_name(name: &str) -> String {
    if !name.chars().any(char::is_control) {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Why a file of this type is not read, `None` for a regular file: only regular files are
/// read, so that a FIFO cannot hang the batch nor a device fill the memory.
pub fn special_file(ft: &std::fs::FileType) -> Option<String> {
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("är en mapp".to_string());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some(
                "är en namngiven rörledning (FIFO), inte en vanlig fil, och läses inte".into(),
            );
        }
        if ft.is_socket() {
            return Some("är en socket, inte en vanlig fil, och läses inte".into());
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("är en enhetsfil, inte en vanlig fil, och läses inte".into());
        }
    }
    Some("är inte en vanlig fil och läses inte".into())
}

/// The bytes of one input file, bounded: only a regular file is read (its type is checked
/// before it is opened, and again on the opened file, which is opened without waiting, so
/// a FIFO put in its place cannot hang the run), its size is checked from its metadata
/// before reading, and at most [`detect::MAX_FILE_BYTES`] are read whatever it claims.
///
/// # Errors
/// [`ReadError::Open`] when it cannot be opened, [`ReadError::Invalid`] for anything but a
/// regular file, [`ReadError::TooLarge`] past the limit.
pub fn read_file(path: &std::path::Path, name: &str) -> Result<Vec<u8>, ReadError> {
    read_file_in(path, None, name)
}

/// [`read_file`] for a file that a folder walk found: opened through its folder, `beneath`,
/// so that it cannot be swapped for a link out of the folder between the walk and the read
/// (see [`open_regular_in`]). `None` opens `path` as named.
///
/// # Errors
/// As [`read_file`].
pub fn read_file_in(
    path: &std::path::Path,
    beneath: Option<&Beneath>,
    name: &str,
) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let (file, len) = open_regular_in(path, beneath, name)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(detect::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Open {
            file: name.to_string(),
            reason: detect::io_reason(&e),
        })?;
    if bytes.len() > detect::MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    Ok(bytes)
}

/// Where a file that a folder walk found lies: the folder given, resolved (`root`), and the
/// file's real path below it (`rel`, no `..` and, when the walk saw it, no link).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Beneath {
    pub root: std::path::PathBuf,
    pub rel: std::path::PathBuf,
}

impl Beneath {
    /// `real` below `root`, or `None` when it lies elsewhere.
    pub fn of(root: &std::path::Path, real: &std::path::Path) -> Option<Beneath> {
        let rel = real.strip_prefix(root).ok()?;
        (rel.components().count() > 0).then(|| Beneath {
            root: root.to_path_buf(),
            rel: rel.to_path_buf(),
        })
    }
}

/// The reason for a file that became a link (or went through one) after the folder walk.
pub const SWAPPED_FOR_LINK: &str =
    "har bytts mot en länk (eller ligger under en) sedan mappen lästes och läses inte";

/// Opens an input for reading as [`read_file`] does (a regular file within the size limit,
/// opened without waiting), with its size.
///
/// # Errors
/// As [`read_file`].
pub fn open_regular(path: &std::path::Path, name: &str) -> Result<(std::fs::File, u64), ReadError> {
    open_regular_in(path, None, name)
}

/// [`open_regular`] beneath a folder: with `beneath`, the file is opened from its folder
/// given without following any link (see [`open_beneath`]), so a file swapped for a link
/// (to `/etc/shadow`, to another förvaltning's folder) after the walk is refused instead
/// of read; `path` then only names it. `None` opens `path` as named.
///
/// # Errors
/// As [`read_file`]; a file that became a link, or lies below one that did, is
/// [`ReadError::Invalid`] ([`SWAPPED_FOR_LINK`]).
pub fn open_regular_in(
    path: &std::path::Path,
    beneath: Option<&Beneath>,
    name: &str,
) -> Result<(std::fs::File, u64), ReadError> {
    let open = |e: std::io::Error| ReadError::Open {
        file: name.to_string(),
        reason: detect::io_reason(&e),
    };
    let check = |meta: &std::fs::Metadata| -> Result<(), ReadError> {
        if let Some(reason) = special_file(&meta.file_type()) {
            return Err(ReadError::invalid(name, reason));
        }
        if meta.len() > detect::MAX_FILE_BYTES as u64 {
            return Err(too_large(name, meta.len()));
        }
        Ok(())
    };
    let file = match beneath {
        Some(b) => {
            let at = b.root.join(&b.rel);
            let meta = std::fs::symlink_metadata(&at).map_err(open)?;
            if meta.file_type().is_symlink() {
                return Err(ReadError::invalid(name, SWAPPED_FOR_LINK));
            }
            check(&meta)?;
            open_beneath(b).map_err(|e| {
                if is_link_refusal(&e) {
                    ReadError::invalid(name, SWAPPED_FOR_LINK)
                } else {
                    open(e)
                }
            })?
        }
        None => {
            check(&std::fs::metadata(path).map_err(open)?)?;
            let mut options = std::fs::OpenOptions::new();
            options.read(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.custom_flags(libc::O_NONBLOCK);
            }
            options.open(path).map_err(open)?
        }
    };
    let meta = file.metadata().map_err(open)?;
    check(&meta)?;
    Ok((file, meta.len()))
}

/// Whether an open failed because a link stood in the way (or would lead out of the folder).
fn is_link_refusal(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(e.raw_os_error(), Some(libc::ELOOP) | Some(libc::EXDEV))
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Opens `b.rel` below `b.root` for reading, without waiting (`O_NONBLOCK`) and following
/// no link on the way: the file read is the one the walk saw, or the open fails (`ELOOP`
/// for a link, `EXDEV` for a way out of the folder).
///
/// On Linux 5.6 and later this is one `openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`:
/// the kernel resolves the whole path below the folder. Where `openat2` is missing (older
/// kernels, or a sandbox that forbids it) and on other Unix systems, each folder on the way
/// is opened from the one before with `O_NOFOLLOW | O_DIRECTORY`, and the file itself with
/// `O_NOFOLLOW`: the same rule, one step at a time. Both go through `rustix`, so that no
/// `unsafe` code of ours calls the system. Elsewhere the path is opened as named (after the
/// check of its metadata).
pub fn open_beneath(b: &Beneath) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use rustix::fs::{Mode, OFlags};
        let dir = rustix::fs::open(
            &b.root,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::ResolveFlags;
            use rustix::io::Errno;
            match rustix::fs::openat2(
                &dir,
                &b.rel,
                flags,
                Mode::empty(),
                ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS,
            ) {
                Ok(fd) => return Ok(fd.into()),
                // No openat2 here (before Linux 5.6, or a seccomp filter): step by step.
                Err(Errno::NOSYS | Errno::PERM) => {}
                Err(e) => return Err(e.into()),
            }
        }
        open_beneath_stepwise(dir, &b.rel, flags)
    }
    #[cfg(not(unix))]
    {
        std::fs::File::open(b.root.join(&b.rel))
    }
}

/// The step-by-step way of [`open_beneath`]: each component of `rel` opened from the folder
/// before it, never following a link; `..`, an absolute part or an empty path is refused.
#[cfg(unix)]
pub fn open_beneath_stepwise(
    mut dir: rustix::fd::OwnedFd,
    rel: &std::path::Path,
    flags: rustix::fs::OFlags,
) -> std::io::Result<std::fs::File> {
    use rustix::fs::{Mode, OFlags};
    use std::path::Component;
    let parts: Vec<_> = rel.components().collect();
    let refused = || std::io::Error::from_raw_os_error(libc::EXDEV);
    for (i, part) in parts.iter().enumerate() {
        let Component::Normal(part) = part else {
            return Err(refused());
        };
        if i + 1 == parts.len() {
            return Ok(
                rustix::fs::openat(&dir, *part, flags | OFlags::NOFOLLOW, Mode::empty())?.into(),
            );
        }
        dir = match rustix::fs::openat(
            &dir,
            *part,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        ) {
            Ok(next) => next,
            // A link where a folder was is refused as "not a folder": say it is a link.
            Err(rustix::io::Errno::NOTDIR)
                if rustix::fs::statat(&dir, *part, rustix::fs::AtFlags::SYMLINK_NOFOLLOW)
                    .is_ok_and(|st| {
                        rustix::fs::FileType::from_raw_mode(st.st_mode)
                            == rustix::fs::FileType::Symlink
                    }) =>
            {
                return Err(std::io::Error::from_raw_os_error(libc::ELOOP));
            }
            Err(e) => return Err(e.into()),
        };
    }
    Err(refused())
}

fn too_large(name: &str, len: u64) -> ReadError {
    ReadError::TooLarge {
        file: name.to_string(),
        reason: format!(
            "{} MiB, gränsen är {} MiB",
            len.div_ceil(1 << 20),
            detect::MAX_FILE_BYTES >> 20
        ),
    }
}

/// The most columns a row may have: Excel's own limit (column XFD). Every later stage is
/// then bounded in the columns of a table, whatever the format.
pub const MAX_COLUMNS: usize = 16_384;

/// Refuses a file with a row wider than [`MAX_COLUMNS`], naming the sheet and line.
fn check_columns(sheets: &[Sheet], name: &str) -> Result<(), ReadError> {
    for sheet in sheets {
        if let Some(row) = sheet.rows.iter().find(|r| r.cells().len() > MAX_COLUMNS) {
            let sheet = sheet
                .name
                .as_deref()
                .map(|s| format!("bladet \"{}\", ", escape_name(s)))
                .unwrap_or_default();
            return Err(ReadError::TooLarge {
                file: name.to_string(),
                reason: format!(
                    "{sheet}rad {} har {} kolumner; gränsen är {MAX_COLUMNS}, som i Excel",
                    row.line,
                    row.cells().len()
                ),
            });
        }
    }
    Ok(())
}

/// The id a file's documents start from: the slug of its file name without folders or
/// extension ([`crate::normalize::text::id_base`]) and eight hex digits of a hash of its
/// bytes (FNV-1a, 64 bits folded to 32), so that the same file gets the same ids however
/// it was named on the command line (a folder, a subfolder, the file itself, a pattern),
/// and two files of the same name in different folders get different ones. The id changes
/// when the file's name or any byte of it changes.
pub fn stable_id_base(name: &str, bytes: &[u8]) -> String {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let folded = (h >> 32) as u32 ^ h as u32;
    format!("{}-{folded:08x}", crate::normalize::text::id_base(file))
}

/// The formula errors a spreadsheet writes into a CSV it saves, in English and Swedish
/// Excel and in LibreOffice: a cell holding exactly one of them is that error (IK601), as
/// in the workbook it came from, not a text that fails as a number or a date.
const FORMULA_ERRORS: &[&str] = &[
    "#REF!",
    "#N/A",
    "#VALUE!",
    "#DIV/0!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#REFERENS!",
    "#SAKNAS!",
    "#VÄRDEFEL!",
    "#DIVISION/0!",
    "#NAMN?",
    "#OGILTIGT!",
    "#SKÄRNING!",
    "#BERÄKNING!",
    "Err:502",
    "Err:504",
    "Err:522",
];

/// Marks the CSV cells that hold exactly a formula error (see [`FORMULA_ERRORS`]).
fn formula_errors_as_errors(sheets: &mut [Sheet]) {
    for row in sheets.iter_mut().flat_map(|s| s.rows.iter_mut()) {
        if let RowKind::Cells(cells) = &mut row.kind {
            for cell in cells.iter_mut() {
                let Value::Text(r) = &cell.value else {
                    continue;
                };
                let text = r.plain();
                let text = text.trim();
                if text.starts_with(['#', 'E'])
                    && FORMULA_ERRORS.iter().any(|e| e.eq_ignore_ascii_case(text))
                {
                    cell.value = Value::Error(text.into());
                }
            }
        }
    }
}

/// IK117: the sheets of an xlsx that read as blank but hold formulas: a program that writes
/// formulas without computing them (a script, a report generator) saved no values, so the
/// sheet gives nothing until Excel or LibreOffice computes and saves it. Only blank sheets
/// are asked (the workbook is opened a second time for them), with the count of formulas
/// and the first one.
fn uncomputed_formulas(bytes: &[u8], name: &str, sheets: &[Sheet]) -> Vec<crate::model::Finding> {
    use calamine::Reader;
    let blank: Vec<&str> = sheets
        .iter()
        .filter(|s| s.rows.iter().all(Row::is_blank))
        .filter_map(|s| s.name.as_deref())
        .collect();
    if blank.is_empty() {
        return Vec::new();
    }
    let found = workbook::guarded(name, || {
        let Ok(mut book) = calamine::Xlsx::new(std::io::Cursor::new(bytes)) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for sheet in blank {
            let Ok(formulas) = book.worksheet_formula(sheet) else {
                continue;
            };
            let mut filled = formulas.cells().filter(|(_, _, f)| !f.trim().is_empty());
            let Some((row, col, first)) = filled.next() else {
                continue;
            };
            let count = 1 + filled.count();
            let (top, left) = formulas.start().unwrap_or((0, 0));
            let cell = crate::finding::a1(left as usize + col, top + row as u32 + 1);
            let first: String = first.chars().take(60).collect();
            out.push(crate::finding::finding(
                "IK117",
                format!(
                    "Bladet har {count} formler men inga uträknade värden (först {cell}: ={first}); \
                     filen sparades av ett program som inte räknar ut formler, så bladet gav \
                     ingenting: öppna och spara den i Excel eller LibreOffice och läs den igen"
                ),
                crate::finding::Loc {
                    fil: name.to_string(),
                    blad: Some(sheet.to_string()),
                    cell: Some(cell),
                    rad: Some(top + row as u32 + 1),
                },
                None,
            ));
        }
        Ok(out)
    });
    found.unwrap_or_default()
}

/// Reads one file's bytes; see [`read_path`].
pub fn read_bytes(bytes: &[u8], name: &str) -> Result<Source, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty {
            file: name.to_string(),
        });
    }
    let format = detect::detect(bytes, name)?;
    let mut sheets = match format {
        Format::Text => text::read(bytes, name)?,
        other => detect::read_other(other, bytes, name)?,
    };
    if matches!(format, Format::Csv | Format::Tsv) {
        formula_errors_as_errors(&mut sheets);
    }
    check_columns(&sheets, name)?;
    let notices = match format {
        Format::Csv | Format::Tsv => csv::unclosed_quote(format, bytes, name)
            .into_iter()
            .collect(),
        Format::Xlsx | Format::Xlsm => {
            let hidden = workbook::hidden_lines(bytes, name, &mut sheets);
            crate::rules::concat([hidden, uncomputed_formulas(bytes, name, &sheets)])
        }
        _ => Vec::new(),
    };
    Ok(Source {
        file: name.to_string(),
        format,
        sheets,
        notices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CSV saved from a spreadsheet writes a formula error as its text: a cell holding
    /// exactly one is that error; a text that only mentions one stays text.
    #[test]
    fn formula_errors_in_a_csv_are_errors() {
        let csv = "Riskområde;Riskvärde;Kontroll\nHot;#REF!;Se #N/A\nBrand; #saknas! ;Övning\n";
        let source = read_bytes(csv.as_bytes(), "plan.csv").unwrap();
        let values: Vec<Vec<Value>> = source.sheets[0]
            .rows
            .iter()
            .map(|r| r.cells().iter().map(|c| c.value.clone()).collect())
            .collect();
        assert_eq!(values[1][1], Value::Error("#REF!".into()));
        assert_eq!(values[1][2].plain(), "Se #N/A");
        assert_eq!(values[2][1], Value::Error("#saknas!".into()));
    }

    /// The allocation-saving `plain` agrees with its definition: non-empty paragraphs, runs
    /// concatenated, white space folded, joined by line breaks.
    #[test]
    fn plain_is_folded_non_empty_paragraphs() {
        let run = |t: &str| Run {
            text: t.to_string(),
            bold: false,
        };
        let cases = vec![
            Rich::default(),
            Rich::from_text("  en  cell \t med   mellanrum "),
            Rich::from_text("\n\nförsta\n \n andra  rad\n\n"),
            Rich::from_text("ensam"),
            Rich::from_paras(smallvec::smallvec![Para {
                runs: smallvec::smallvec![run("  ensam \t ")],
            }]),
            Rich::from_paras(smallvec::smallvec![Para {
                runs: smallvec::smallvec![Run {
                    text: "Fet ensam".into(),
                    bold: true,
                }],
            }]),
            Rich::from_paras(smallvec::smallvec![
                Para {
                    runs: smallvec::smallvec![]
                },
                Para {
                    runs: smallvec::smallvec![run(" Fet"), run("stil "), run(" och  mer")],
                },
                Para {
                    runs: smallvec::smallvec![run("  "), run("\u{a0}")],
                },
                Para {
                    runs: smallvec::smallvec![run("sist")],
                },
            ]),
        ];
        for r in cases {
            let want = r
                .clone()
                .into_paras()
                .iter()
                .map(|p| {
                    let s: String = p.runs.iter().map(|r| r.text.as_str()).collect();
                    s.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(r.plain(), want, "{r:?}");
            assert_eq!(r.is_empty(), want.is_empty());
            let paragraphs: Vec<&str> = want.split('\n').filter(|p| !p.is_empty()).collect();
            assert_eq!(r.paragraphs(), paragraphs, "{r:?}");
            let bytes: usize = r
                .clone()
                .into_paras()
                .iter()
                .flat_map(|p| &p.runs)
                .map(|r| r.text.len())
                .sum();
            assert_eq!(r.byte_len(), bytes, "{r:?}");
            assert_eq!(Value::Text(r.clone()).into_plain(), want, "{r:?}");
            assert_eq!(r.clone(), r);
        }
    }

    /// A text is held in one form whichever way it is made: one plain run as its string
    /// (a cell stays 32 bytes), everything else as paragraphs that keep their runs and bold.
    #[test]
    fn texts_are_held_in_one_form() {
        assert_eq!(std::mem::size_of::<Cell>(), 32);
        let run = |t: &str, bold: bool| Run {
            text: t.to_string(),
            bold,
        };
        let one = |r: Run| {
            Rich::from_paras(smallvec::smallvec![Para {
                runs: smallvec::smallvec![r]
            }])
        };
        assert_eq!(one(run("rad", false)), Rich::from_text("rad"));
        assert_eq!(one(run("rad", false)).0, Repr::One("rad".to_string()));
        assert_eq!(Rich::from_text("rad\n\n"), Rich::from_text("rad"));
        assert_eq!(Rich::from_paras(Paras::new()), Rich::default());
        assert_eq!(Rich::from_text(" \t"), Rich::default());
        let bold = one(run("Fet", true));
        assert_ne!(bold, Rich::from_text("Fet"));
        assert!(matches!(bold.0, Repr::Paras(_)));
        assert_eq!(bold.bold_lead(), Some(("Fet".to_string(), String::new())));
        let texts = [
            Rich::from_text("ett"),
            Rich::from_text("ett\ntvå"),
            bold,
            Rich::from_paras(smallvec::smallvec![Para {
                runs: smallvec::smallvec![run("Fet", true), run(" sedan", false)],
            }]),
            Rich::default(),
        ];
        for r in texts {
            let paras = r.clone().into_paras();
            assert_eq!(Rich::from_paras(paras.clone()), r, "{r:?}");
            assert_eq!(Rich::from_paras(paras).into_paras(), r.clone().into_paras());
        }
        assert_eq!(
            Rich::from_paras(smallvec::smallvec![Para {
                runs: smallvec::smallvec![run("Fet", true), run(" sedan", false)],
            }])
            .bold_lead(),
            Some(("Fet".to_string(), "sedan".to_string()))
        );
    }

    /// A text given up for its paragraphs has the paragraphs it lends, in every form (one
    /// run folded or not, several paragraphs, bold runs, blank).
    #[test]
    fn owned_paragraphs_are_the_paragraphs() {
        let bold = Rich::from_paras(smallvec::smallvec![Para {
            runs: smallvec::smallvec![
                Run {
                    text: "Fet ".to_string(),
                    bold: true,
                },
                Run {
                    text: "sedan".to_string(),
                    bold: false,
                },
            ],
        }]);
        let texts = [
            Rich::default(),
            Rich::from_text("ett"),
            Rich::from_text("ett  två"),
            Rich::from_text(" ett"),
            Rich::from_text("ett\u{a0}två"),
            Rich::from_text("ett\ntvå"),
            Rich::from_text("ett\n\n  två "),
            bold,
        ];
        for r in texts {
            assert_eq!(r.clone().into_paragraphs(), r.paragraphs(), "{r:?}");
        }
    }

    /// The first-byte answer agrees with trimming, for every ASCII byte first (vertical tab
    /// and the separators U+001C–U+001F included) and for non-ASCII white space.
    #[test]
    fn blank_text_is_trimmed_text() {
        let mut texts: Vec<String> = (0u8..128)
            .flat_map(|b| {
                let c = char::from(b);
                [
                    c.to_string(),
                    format!("{c}x"),
                    format!("{c} "),
                    format!("{c}\u{a0}"),
                ]
            })
            .collect();
        texts.extend(["", "\u{a0}", "\u{2003}x", "\u{3000}", "å", " \u{85}"].map(String::from));
        for t in &texts {
            assert_eq!(is_blank_text(t), t.trim().is_empty(), "{t:?}");
        }
    }

    /// `into_plain` gives what `plain` gives, for every kind of value, and moves the text of a
    /// folded one-run cell instead of copying it.
    #[test]
    fn into_plain_is_plain() {
        let texts = [
            "",
            "ett",
            "ett två",
            " ett",
            "ett ",
            "ett  två",
            "a\tb",
            "a\u{a0}b",
            "a\nb",
            "\n",
        ];
        let mut values: Vec<Value> = texts
            .iter()
            .map(|t| Value::Text(Rich::from_text(t)))
            .collect();
        values.extend([
            Value::Empty,
            Value::Number(3.0),
            Value::Number(2.5),
            Value::Bool(true),
            Value::Error("#REF!".into()),
            Value::Date(crate::normalize::date::Date {
                y: 2024,
                m: 2,
                d: 29,
            }),
        ]);
        for v in values {
            assert_eq!(v.clone().into_plain(), v.plain(), "{v:?}");
        }
        let rich = Rich::from_text("redan vikt text");
        let Repr::One(text) = &rich.0 else {
            panic!("one run held as its string")
        };
        let at = text.as_ptr();
        let plain = rich.into_plain();
        assert_eq!(plain.as_ptr(), at, "moved, not copied");
    }

    /// FNV-1a's published 64-bit values (the empty input, "a"), folded to 32 bits, after
    /// the file name's slug; folders and case of the name do not count.
    #[test]
    fn stable_ids_are_the_name_and_a_hash_of_the_bytes() {
        assert_eq!(stable_id_base("a.txt", b""), "a-4fd0bfc1");
        assert_eq!(stable_id_base("Plan 2021.xlsx", b"a"), "plan-2021-296230c0");
        assert_eq!(
            stable_id_base("planer/2021/Plan 2021.xlsx", b"a"),
            "plan-2021-296230c0"
        );
        assert_eq!(
            stable_id_base("planer\\Plan 2021.xlsx", b"a"),
            "plan-2021-296230c0"
        );
        assert_ne!(stable_id_base("a.txt", b"a"), stable_id_base("a.txt", b"b"));
    }
}
