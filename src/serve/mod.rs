//! `ikplan serve`: the whole of ikplan in a browser page on the user's own computer.
//!
//! A small HTTP server ([tiny_http], synchronous, a few worker threads) listens on
//! 127.0.0.1 only, so nothing on the network can reach it and it needs no login. It serves
//! one page whose HTML, CSS and script are embedded in the binary (`page/`), and a JSON
//! API under `/api/`:
//!
//! | request | what it does |
//! |---|---|
//! | `POST /api/filer` (body: the file, header `X-Ikplan-Namn`: its name, percent-encoded) | reads one file, answers how it was read |
//! | `GET /api/filer` | every file held, with the choices and their ikplan.toml |
//! | `DELETE /api/filer`, `DELETE /api/filer/ID` | forgets every file, or one |
//! | `POST /api/val` (`{"typ": "kolumn"\|"status"\|"kontrollbedomning", "ord": …, "varde": …}`) | records a choice, reads the files it changes again, answers them |
//! | `GET /api/toml`, `POST /api/toml` | the project file with the choices: downloaded, or written to the working folder |
//! | `GET /api/falt` | the fields, statuses and assessments a choice can name |
//! | `GET /api/ladda/ikplan.xlsx`, `ikplan-csv.zip`, `ikplan.json`, `anmarkningar.xlsx` | the outputs of every file read |
//!
//! Uploads are held in memory (at most [`state::MAX_FILE_BYTES`] each, [`state::MAX_FILES`]
//! files and [`state::MAX_TOTAL_BYTES`] in all); other request bodies are small. A request
//! must name this server as its host (a web page elsewhere cannot reach it through a name
//! that resolves to 127.0.0.1), and a request that changes anything must carry the header
//! `X-Ikplan`, which a page of another origin cannot send without the server's consent.

pub mod download;
pub mod state;
pub mod view;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Deserialize;
use serde_json::{Value, json};

use download::Download;
use state::{ChoiceKind, State, Upload};

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const STYLE_CSS: &str = include_str!("page/style.css");

/// Requests handled at once; more wait in line.
const WORKERS: usize = 4;
/// A request body other than an uploaded file is at most this large.
const MAX_SMALL_BODY: usize = 64 << 10;
/// A file name given with an upload is at most this long (characters).
const MAX_NAME_CHARS: usize = 1000;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// 0: a free port.
    pub port: u16,
    pub open_browser: bool,
    /// The project file read at start and written when the user asks (ikplan.toml in the
    /// working folder, or `--config`).
    pub project_file: PathBuf,
}

/// A bound server, ready to run.
pub struct Server {
    http: tiny_http::Server,
    port: u16,
    project_file: PathBuf,
    state: Mutex<State>,
}

/// A reply: status, media type, body, and a file name for a download.
struct Reply {
    status: u16,
    kind: &'static str,
    body: Vec<u8>,
    attachment: Option<&'static str>,
}

impl Reply {
    fn json(status: u16, v: &Value) -> Reply {
        Reply {
            status,
            kind: "application/json; charset=utf-8",
            body: serde_json::to_vec(v).unwrap_or_default(),
            attachment: None,
        }
    }

    fn error(status: u16, message: impl Into<String>) -> Reply {
        Reply::json(status, &json!({ "fel": message.into() }))
    }

    fn text(kind: &'static str, body: &str) -> Reply {
        Reply {
            status: 200,
            kind,
            body: body.as_bytes().to_vec(),
            attachment: None,
        }
    }
}

/// Runs `ikplan serve`; returns the exit code (it returns only when it cannot start).
pub fn run(opts: &ServeOptions) -> u8 {
    let server = match Server::bind(opts.port, &opts.project_file) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("fel: {e}");
            return crate::cli::EXIT_UNREADABLE;
        }
    };
    let url = server.url();
    // A closed standard output (a caller that read the address and went) must not stop
    // the server: what is printed is only said.
    let say = |line: &str| {
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}").and_then(|()| out.flush());
    };
    say(&format!("ikplan serve: {url}"));
    say(
        "Sidan finns bara på den här datorn (127.0.0.1): inget lämnar datorn och ingen \
         inloggning behövs. Avsluta med Ctrl+C.",
    );
    if opts.open_browser && !open_browser(&url) {
        say("Ingen webbläsare kunde öppnas; öppna adressen ovan själv.");
    }
    server.serve();
    0
}

impl Server {
    /// Binds 127.0.0.1:`port` (0: a free port) and reads the project file, if there is one.
    ///
    /// # Errors
    /// One line: the port is taken, or the project file is unreadable or invalid.
    pub fn bind(port: u16, project_file: &Path) -> Result<Server, String> {
        let base = if project_file.is_file() {
            let meta = std::fs::metadata(project_file)
                .map_err(|e| format!("{}: {e}", project_file.display()))?;
            if meta.len() > 1 << 20 {
                return Err(format!(
                    "{}: är ingen inställningsfil (högst 1 MiB)",
                    project_file.display()
                ));
            }
            std::fs::read_to_string(project_file)
                .map_err(|e| format!("{}: kan inte läsas ({e})", project_file.display()))?
        } else {
            String::new()
        };
        let state = State::new(base).map_err(|e| format!("{}: {e}", project_file.display()))?;
        let http = tiny_http::Server::http(("127.0.0.1", port))
            .map_err(|e| format!("kan inte lyssna på 127.0.0.1:{port} ({e})"))?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("servern fick ingen port")?;
        Ok(Server {
            http,
            port,
            project_file: project_file.to_path_buf(),
            state: Mutex::new(state),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Serves until the process ends, [`WORKERS`] requests at a time.
    pub fn serve(self: Arc<Self>) {
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let s = Arc::clone(&self);
                std::thread::spawn(move || {
                    while let Ok(req) = s.http.recv() {
                        s.handle(req);
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A worker that panicked left the state as it was between two whole steps.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn handle(&self, mut req: tiny_http::Request) {
        let reply = self.route(&mut req);
        // With its length, not chunked: a download shows its size.
        let mut resp = tiny_http::Response::from_data(reply.body)
            .with_status_code(reply.status)
            .with_chunked_threshold(usize::MAX);
        let mut headers = vec![
            ("Content-Type", reply.kind.to_string()),
            ("Cache-Control", "no-store".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
            ("X-Frame-Options", "DENY".to_string()),
            ("Referrer-Policy", "no-referrer".to_string()),
            (
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
                    .to_string(),
            ),
        ];
        if let Some(name) = reply.attachment {
            headers.push((
                "Content-Disposition",
                format!("attachment; filename=\"{name}\""),
            ));
        }
        for (k, v) in headers {
            if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                resp.add_header(h);
            }
        }
        let _ = req.respond(resp);
    }

    fn header<'a>(req: &'a tiny_http::Request, name: &str) -> Option<&'a str> {
        req.headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// Whether a request comes from this server's own page (see the module doc).
    fn admitted(&self, req: &tiny_http::Request, changes: bool) -> Result<(), Reply> {
        let ours = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        match Self::header(req, "Host") {
            Some(h) if ours.iter().any(|o| o.eq_ignore_ascii_case(h)) => {}
            _ => return Err(Reply::error(403, "okänd värd; öppna sidan på 127.0.0.1")),
        }
        if let Some(origin) = Self::header(req, "Origin")
            && !ours.iter().any(|o| origin == format!("http://{o}"))
        {
            return Err(Reply::error(403, "anropet kommer från en annan sida"));
        }
        if changes && Self::header(req, "X-Ikplan").is_none() {
            return Err(Reply::error(
                403,
                "anropet saknar rubriken X-Ikplan; använd sidan",
            ));
        }
        Ok(())
    }

    fn route(&self, req: &mut tiny_http::Request) -> Reply {
        use tiny_http::Method::{Delete, Get, Post};
        let method = req.method().clone();
        let url = req.url().to_string();
        let path = url.split('?').next().unwrap_or("");
        if let Err(r) = self.admitted(req, method != Get) {
            return r;
        }
        match (&method, path) {
            (Get, "/") | (Get, "/index.html") => {
                Reply::text("text/html; charset=utf-8", INDEX_HTML)
            }
            (Get, "/app.js") => Reply::text("text/javascript; charset=utf-8", APP_JS),
            (Get, "/style.css") => Reply::text("text/css; charset=utf-8", STYLE_CSS),
            (Get, "/api/falt") => Reply::json(200, &fields()),
            (Get, "/api/filer") => Reply::json(200, &self.everything()),
            (Post, "/api/filer") => self.upload(req),
            (Delete, "/api/filer") => {
                self.lock().files.clear();
                Reply::json(200, &self.everything())
            }
            (Delete, p) if p.starts_with("/api/filer/") => {
                match p["/api/filer/".len()..].parse::<u32>() {
                    Ok(id) => {
                        self.lock().files.retain(|u| u.id != id);
                        Reply::json(200, &self.everything())
                    }
                    Err(_) => Reply::error(404, "okänd fil"),
                }
            }
            (Post, "/api/val") => match small_body(req) {
                Ok(b) => self.choose(&b),
                Err(r) => r,
            },
            (Get, "/api/toml") => match self.project_text() {
                Ok(t) => Reply {
                    status: 200,
                    kind: "application/toml; charset=utf-8",
                    body: t.into_bytes(),
                    attachment: Some("ikplan.toml"),
                },
                Err(e) => Reply::error(500, e),
            },
            (Post, "/api/toml") => self.save_project(),
            (Get, p) if p.starts_with("/api/ladda/") => {
                match Download::from_name(&p["/api/ladda/".len()..]) {
                    Some(d) => self.download(d),
                    None => Reply::error(404, "okänd nedladdning"),
                }
            }
            _ => Reply::error(404, "finns inte"),
        }
    }

    /// Every file held, the choices, and the project file's block and place.
    fn everything(&self) -> Value {
        let s = self.lock();
        let files: Vec<&view::FileView> = s.sorted().iter().map(|u| &u.read.view).collect();
        json!({
            "filer": files,
            "val": choices_json(&s),
            "toml": s.choices.toml(),
            "projektfil": self.project_file.display().to_string(),
            "projektfil_finns": !s.base.is_empty(),
        })
    }

    fn upload(&self, req: &mut tiny_http::Request) -> Reply {
        let Some(name) = Self::header(req, "X-Ikplan-Namn").and_then(percent_decode) else {
            return Reply::error(400, "filens namn saknas (rubriken X-Ikplan-Namn)");
        };
        let name = crate::read::escape_name(&name.replace('\\', "/"));
        let name = name.trim_start_matches('/').to_string();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Reply::error(400, "filens namn är tomt eller för långt");
        }
        let too_large = || {
            Reply::error(
                413,
                format!(
                    "fel: {name}: filen är större än {} MiB, gränsen för sidan; läs den med ikplan convert",
                    state::MAX_FILE_BYTES >> 20
                ),
            )
        };
        if req.body_length().is_some_and(|n| n > state::MAX_FILE_BYTES) {
            return too_large();
        }
        let mut bytes = Vec::new();
        if let Err(e) = req
            .as_reader()
            .take(state::MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
        {
            return Reply::error(400, format!("filen kom inte fram ({e})"));
        }
        if bytes.len() > state::MAX_FILE_BYTES {
            return too_large();
        }
        let (id, id_base) = match self.lock().admit(&name, bytes.len()) {
            Ok(x) => x,
            Err(e) => return Reply::error(413, format!("fel: {name}: {e}")),
        };
        let bytes: Arc<[u8]> = bytes.into();
        loop {
            let (project, generation) = {
                let s = self.lock();
                (Arc::clone(&s.project), s.generation)
            };
            let read = state::read(id, &name, &bytes, &id_base, &project);
            let mut s = self.lock();
            if s.generation != generation {
                // A choice was made meanwhile: read the file with it.
                continue;
            }
            let view = serde_json::to_value(&read.view).unwrap_or_default();
            s.files.retain(|u| u.name != name);
            s.files.push(Upload {
                id,
                name,
                bytes,
                id_base,
                read,
            });
            return Reply::json(200, &view);
        }
    }

    fn choose(&self, body: &[u8]) -> Reply {
        #[derive(Deserialize)]
        struct Choice {
            typ: ChoiceKind,
            ord: String,
            #[serde(default)]
            varde: String,
        }
        let c: Choice = match serde_json::from_slice(body) {
            Ok(c) => c,
            Err(e) => return Reply::error(400, format!("valet kunde inte läsas ({e})")),
        };
        let started = std::time::Instant::now();
        let affected = match self.lock().choose(c.typ, &c.ord, &c.varde) {
            Ok(a) => a,
            Err(e) => return Reply::error(400, e),
        };
        let views = self.reread(&affected);
        let s = self.lock();
        Reply::json(
            200,
            &json!({
                "filer": views,
                "val": choices_json(&s),
                "toml": s.choices.toml(),
                "ms": started.elapsed().as_secs_f64() * 1000.0,
            }),
        )
    }

    /// Reads the files `ids` again with the present choices (side by side), and returns
    /// their views.
    fn reread(&self, ids: &[u32]) -> Vec<view::FileView> {
        use rayon::prelude::*;
        loop {
            let (project, generation, todo) = {
                let s = self.lock();
                let todo: Vec<(u32, String, Arc<[u8]>, String)> = s
                    .files
                    .iter()
                    .filter(|u| ids.contains(&u.id))
                    .map(|u| {
                        (
                            u.id,
                            u.name.clone(),
                            Arc::clone(&u.bytes),
                            u.id_base.clone(),
                        )
                    })
                    .collect();
                (Arc::clone(&s.project), s.generation, todo)
            };
            let reads: Vec<(u32, state::Reading)> = todo
                .par_iter()
                .map(|(id, name, bytes, base)| (*id, state::read(*id, name, bytes, base, &project)))
                .collect();
            let mut s = self.lock();
            if s.generation != generation {
                continue;
            }
            let mut views = Vec::with_capacity(reads.len());
            for (id, read) in reads {
                if let Some(u) = s.files.iter_mut().find(|u| u.id == id) {
                    views.push(read.view.clone());
                    u.read = read;
                }
            }
            return views;
        }
    }

    /// The project file as it would be written: the working folder's, with the choices in.
    fn project_text(&self) -> Result<String, String> {
        let s = self.lock();
        s.choices.merged_into(&s.base)
    }

    fn save_project(&self) -> Reply {
        let text = match self.project_text() {
            Ok(t) => t,
            Err(e) => return Reply::error(500, e),
        };
        let path = &self.project_file;
        let mut saved_old = None;
        if path.is_file() {
            let mut bak = path.as_os_str().to_owned();
            bak.push(".bak");
            let bak = PathBuf::from(bak);
            if let Err(e) = std::fs::copy(path, &bak) {
                return Reply::error(500, format!("{}: kunde inte kopieras ({e})", bak.display()));
            }
            saved_old = Some(bak.display().to_string());
        }
        match crate::write::write_atomic(path, text.as_bytes()) {
            Ok(()) => {
                let shown = std::fs::canonicalize(path)
                    .unwrap_or_else(|_| path.clone())
                    .display()
                    .to_string();
                Reply::json(200, &json!({ "sparad": shown, "tidigare": saved_old }))
            }
            Err(e) => Reply::error(500, crate::read::escape_name(&e.to_string())),
        }
    }

    fn download(&self, d: Download) -> Reply {
        let parts: Vec<crate::pipeline::Converted> = {
            let s = self.lock();
            s.sorted()
                .iter()
                .filter_map(|u| u.read.converted.clone())
                .collect()
        };
        if parts.is_empty() {
            return Reply::error(409, "ingen fil har lästs ännu");
        }
        let out = crate::pipeline::output(parts);
        let (name, kind) = d.file();
        match d.bytes(&out) {
            Ok(body) => Reply {
                status: 200,
                kind,
                body,
                attachment: Some(name),
            },
            Err(e) => Reply::error(500, e),
        }
    }
}

/// The choices as the page reads them.
fn choices_json(s: &State) -> Value {
    json!({
        "kolumn": s.choices.kolumner,
        "status": s.choices.status,
        "kontrollbedomning": s.choices.kontrollbedomning,
    })
}

/// The fields, statuses and assessments a choice names, for the page's lists.
fn fields() -> Value {
    let falt: Vec<Value> = crate::field::FIELDS
        .iter()
        .filter_map(|f| f.user_key.map(|k| json!({ "nyckel": k, "visas": f.shown })))
        .collect();
    json!({
        "falt": falt,
        "status": crate::model::Status::ALL.map(|s| s.as_str()),
        "kontrollbedomning": crate::model::Assessment::ALL.map(|a| a.as_str()),
    })
}

/// A body of at most [`MAX_SMALL_BODY`] bytes.
fn small_body(req: &mut tiny_http::Request) -> Result<Vec<u8>, Reply> {
    let mut b = Vec::new();
    req.as_reader()
        .take(MAX_SMALL_BODY as u64 + 1)
        .read_to_end(&mut b)
        .map_err(|e| Reply::error(400, format!("anropet kom inte fram ({e})")))?;
    if b.len() > MAX_SMALL_BODY {
        return Err(Reply::error(413, "anropet är för stort"));
    }
    Ok(b)
}

/// A percent-encoded UTF-8 text (as the page's `encodeURIComponent` writes it).
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(s.get(i + 1..i + 3)?, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Opens `url` in the default browser, where there is one; never waits for it.
fn open_browser(url: &str) -> bool {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        // Without a display xdg-open would start a text browser in this terminal.
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            return false;
        }
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match cmd.spawn() {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
            true
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_percent_decoded() {
        assert_eq!(
            percent_decode("planer%2F%C3%85rsplan%202023.xlsx").as_deref(),
            Some("planer/Årsplan 2023.xlsx")
        );
        assert_eq!(percent_decode("a%2"), None);
        assert_eq!(percent_decode("%FF"), None);
    }
}
