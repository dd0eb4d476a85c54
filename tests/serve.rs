//! `ikplan serve` over HTTP, as the page uses it: the binary is started on a free port of
//! 127.0.0.1, the seeds and a broken file are uploaded, a column's field is changed and the
//! file read again, and the downloads are checked.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// The server, stopped when the test ends (also when it fails).
struct Serve {
    child: Child,
    port: u16,
    _work: tempfile::TempDir,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Serve {
    let work = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ikplan"))
        .args(["serve", "--port", "0", "--ingen-webblasare"])
        .current_dir(work.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    out.read_line(&mut line).unwrap();
    // The rest of what it prints is not needed; reading it keeps the pipe open.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let port = line
        .trim()
        .strip_prefix("ikplan serve: http://127.0.0.1:")
        .and_then(|p| p.strip_suffix('/'))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address printed: {line:?}"));
    Serve {
        child,
        port,
        _work: work,
    }
}

/// A response: status, headers (lowercase names), body.
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Serve {
    /// One HTTP/1.1 request on its own connection.
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of head");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Resp {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    fn get(&self, path: &str) -> Resp {
        self.request("GET", path, &[], b"")
    }

    fn upload(&self, name: &str, bytes: &[u8]) -> Resp {
        self.request(
            "POST",
            "/api/filer",
            &[("X-Ikplan", "1"), ("X-Ikplan-Namn", name)],
            bytes,
        )
    }

    fn choose(&self, kind: &str, word: &str, value: &str) -> Resp {
        let body = serde_json::json!({ "typ": kind, "ord": word, "varde": value }).to_string();
        self.request(
            "POST",
            "/api/val",
            &[("X-Ikplan", "1"), ("Content-Type", "application/json")],
            body.as_bytes(),
        )
    }
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// The column of a file's view with this header.
fn column<'a>(view: &'a Value, header: &str) -> &'a Value {
    view["tabeller"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["kolumner"].as_array().unwrap())
        .find(|c| c["rubrik"] == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

#[test]
fn serve_reads_uploads_rereads_on_a_choice_and_downloads() {
    let s = start();
    let page = s.get("/");
    assert_eq!(page.status, 200, "{}", String::from_utf8_lossy(&page.body));
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("127.0.0.1") && html.contains("lang=\"sv\""));
    // Nothing from outside: the policy allows this server only.
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert_eq!(s.get("/app.js").status, 200);

    // The seeds and a broken file: the broken one gets its one-line error, the others go on.
    let mut views = Vec::new();
    for (name, bytes) in seeds() {
        let r = s.upload(&name, &bytes);
        assert_eq!(r.status, 200);
        let v = r.json();
        assert!(v["fel"].is_null(), "{name}: {}", v["fel"]);
        assert!(v["antal"]["risker"].as_u64().unwrap() > 0, "{name}");
        views.push(v);
    }
    let broken = s.upload("mapp%2Ftrasig.xlsx", b"PK\x03\x04 inte en arbetsbok");
    assert_eq!(broken.status, 200);
    let broken = broken.json();
    assert_eq!(broken["namn"], "mapp/trasig.xlsx");
    let error = broken["fel"].as_str().unwrap();
    assert!(
        error.starts_with("mapp/trasig.xlsx: ") && !error.contains('\n'),
        "{error}"
    );
    let all = s.get("/api/filer").json();
    assert_eq!(all["filer"].as_array().unwrap().len(), 5);

    // Seed 000's "Metod" is read as the control; its runner-up is the method.
    let seed = &views[0];
    let metod = column(seed, "Metod");
    assert_eq!(metod["falt"], "kontroll");
    assert_eq!(metod["tvaa"]["falt"], "metod");
    assert!(metod["sakerhet"].as_f64().unwrap() < 1.0);
    assert!(!seed["tabeller"][0]["rader"].as_array().unwrap().is_empty());
    assert!(
        seed["anmarkningar"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kod"] == "IK103" && f["plats"] == "rad 15")
    );

    // Choosing its field reads the files with that header again, at once.
    let r = s.choose("kolumn", "Metod", "metod");
    assert_eq!(r.status, 200);
    let r = r.json();
    assert_eq!(r["val"]["kolumn"]["Metod"], "metod");
    assert!(
        r["toml"]
            .as_str()
            .unwrap()
            .contains("[kolumner]\nMetod = \"metod\""),
        "{}",
        r["toml"]
    );
    let reread = r["filer"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == seed["id"])
        .expect("seed 000 read again");
    let metod = column(reread, "Metod");
    assert_eq!(metod["falt"], "metod");
    assert_eq!(metod["anvandarval"], true);
    assert_eq!(metod["sakerhet"], 1.0);
    // The same choice through the project file reads the same way.
    let toml = s.get("/api/toml");
    assert_eq!(
        toml.header("content-disposition"),
        Some("attachment; filename=\"ikplan.toml\"")
    );
    assert!(ikplan::cli::config::parse_project(&String::from_utf8_lossy(&toml.body)).is_ok());
    // A field that does not exist is refused and changes nothing.
    let bad = s.choose("kolumn", "Metod", "metodik");
    assert_eq!(bad.status, 400);
    assert!(bad.json()["fel"].as_str().unwrap().contains("okänt fält"));
    // A status word's meaning.
    assert_eq!(s.choose("status", "Grön", "Genomförd").status, 200);
    assert_eq!(s.choose("status", "Grön", "Blå").status, 400);

    // The workbook, read back as ikplan's own: the re-read is in it.
    let wb = s.get("/api/ladda/ikplan.xlsx");
    assert_eq!(wb.status, 200);
    assert_eq!(
        wb.header("content-disposition"),
        Some("attachment; filename=\"ikplan.xlsx\"")
    );
    let own = ikplan::read::ikplan::read_ikplan(&wb.body, "ikplan.xlsx")
        .unwrap()
        .expect("ikplan's workbook");
    let documents: u64 = views
        .iter()
        .map(|v| v["antal"]["dokument"].as_u64().unwrap())
        .sum();
    assert_eq!(own.dokument.len() as u64, documents);
    let controls: usize = own
        .dokument
        .iter()
        .flat_map(|d| &d.risker)
        .map(|r| r.kontroller.len())
        .sum();
    assert!(controls > 0);
    let zip = s.get("/api/ladda/ikplan-csv.zip");
    assert_eq!(zip.status, 200);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    for f in ["ikplan-csv/kontroller.csv", "ikplan-csv/datapackage.json"] {
        assert!(names.iter().any(|n| n == f), "{names:?}");
    }
    let mut risks = String::new();
    archive
        .by_name("ikplan-csv/risker.csv")
        .unwrap()
        .read_to_string(&mut risks)
        .unwrap();
    assert!(risks.starts_with("risk_id,"));
    let json: Value = serde_json::from_slice(&s.get("/api/ladda/ikplan.json").body).unwrap();
    assert_eq!(json["dokument"].as_array().unwrap().len() as u64, documents);
    let findings = s.get("/api/ladda/anmarkningar.xlsx");
    assert_eq!(findings.status, 200);
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(findings.body)).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names(), ["Anmärkningar"]);
    let rows = wb.worksheet_range("Anmärkningar").unwrap().rows().count();
    assert_eq!(rows, json["anmarkningar"].as_array().unwrap().len() + 1);

    // Forgetting the files leaves nothing to download.
    let r = s.request("DELETE", "/api/filer", &[("X-Ikplan", "1")], b"");
    assert_eq!(r.json()["filer"].as_array().unwrap().len(), 0);
    assert_eq!(s.get("/api/ladda/ikplan.xlsx").status, 409);
}

#[test]
fn serve_refuses_other_hosts_other_origins_and_large_bodies() {
    let s = start();
    // A page elsewhere reaching this port through a name of its own (DNS rebinding).
    let mut raw = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    raw.write_all(b"GET /api/filer HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut text = String::new();
    raw.read_to_string(&mut text).unwrap();
    assert!(text.starts_with("HTTP/1.1 403"), "{text}");
    // A change without the page's header (a form posted from another site).
    let r = s.request(
        "POST",
        "/api/filer",
        &[("X-Ikplan-Namn", "a.csv")],
        b"a,b\n",
    );
    assert_eq!(r.status, 403);
    let r = s.request(
        "POST",
        "/api/toml",
        &[("X-Ikplan", "1"), ("Origin", "http://evil.example")],
        b"",
    );
    assert_eq!(r.status, 403);
    // A choice's body is small.
    let big = vec![b' '; 100 << 10];
    let r = s.request("POST", "/api/val", &[("X-Ikplan", "1")], &big);
    assert_eq!(r.status, 413);
    // An upload declared larger than the limit is refused before it is read.
    let mut raw = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let head = format!(
        "POST /api/filer HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Ikplan: 1\r\nX-Ikplan-Namn: stor.xlsx\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        s.port,
        ikplan::serve::state::MAX_FILE_BYTES + 1
    );
    raw.write_all(head.as_bytes()).unwrap();
    let mut reply = [0u8; 12];
    raw.read_exact(&mut reply).unwrap();
    assert_eq!(&reply, b"HTTP/1.1 413");
}
