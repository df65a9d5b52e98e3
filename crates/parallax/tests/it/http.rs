//! A small HTTP/1.1 client over a plain socket, a `parallax serve` child process, and a check of
//! JSON bodies against the schemas of openapi.json (the subset of JSON Schema that document uses:
//! type, nullable, required, properties, items, enum, allOf, $ref).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::Scratch;

/// A response: status, lower-cased headers and body.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {}: body is not JSON ({e}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request (`Connection: close`) and reads the whole reply.
pub(crate) fn request(
    addr: &str,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> std::io::Result<Reply> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(300)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    if method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    // A server may answer (413) before reading all of a large body, then close.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no header end"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 4 + n..];
    }
    out
}

/// `parallax serve` on a free port of the loopback, killed when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) addr: String,
}

impl Server {
    pub(crate) fn start(s: &Scratch, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
            .arg("--db")
            .arg(s.db())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .env("PARALLAX_NO_PROGRESS", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let addr = loop {
            line.clear();
            if stderr.read_line(&mut line).unwrap() == 0 {
                panic!("parallax serve exited before listening: {:?}", child.wait());
            }
            if let Some(at) = line.find("http://") {
                break line[at + 7..].trim().trim_end_matches('/').to_string();
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while stderr.read_line(&mut sink).unwrap_or(0) > 0 {
                sink.clear();
            }
        });
        Self { child, addr }
    }

    pub(crate) fn get(&self, path: &str) -> Reply {
        request(&self.addr, "GET", path, None, b"").unwrap()
    }

    pub(crate) fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Reply {
        request(&self.addr, "POST", path, Some(content_type), body).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// openapi.json as the server embeds it.
pub(crate) fn openapi() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/serve/openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Checks `reply` against the schema openapi.json gives for this operation and status; panics
/// with every mismatch.
pub(crate) fn conforms(doc: &Value, template: &str, method: &str, reply: &Reply) {
    let op = &doc["paths"][template][method];
    assert!(op.is_object(), "openapi.json has no {method} {template}");
    let r = &op["responses"][reply.status.to_string()];
    assert!(
        r.is_object(),
        "openapi.json documents no {} for {method} {template}",
        reply.status
    );
    let schema = &r["content"]["application/json"]["schema"];
    let mut errors = Vec::new();
    check(doc, schema, &reply.json(), "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{method} {template} {}: {errors:#?}",
        reply.status
    );
}

fn check(doc: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        let target = &doc["components"]["schemas"][name];
        assert!(target.is_object(), "dangling $ref {r}");
        return check(doc, target, v, at, errors);
    }
    if v.is_null() && schema["nullable"] == true {
        return; // a nullable `allOf` wrapper admits null whatever it wraps
    }
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            check(doc, s, v, at, errors);
        }
        return;
    }
    if v.is_null() {
        if schema["nullable"] != true {
            errors.push(format!("{at}: null where not nullable"));
        }
        return;
    }
    let ok = match schema["type"].as_str() {
        Some("object") => v.is_object(),
        Some("array") => v.is_array(),
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        _ => true,
    };
    if !ok {
        errors.push(format!("{at}: expected {}, got {v}", schema["type"]));
        return;
    }
    if let Some(values) = schema["enum"].as_array() {
        if !values.contains(v) {
            errors.push(format!("{at}: {v} not in {values:?}"));
        }
    }
    if let Some(req) = schema["required"].as_array() {
        for k in req {
            if v.get(k.as_str().unwrap()).is_none() {
                errors.push(format!("{at}: missing {k}"));
            }
        }
    }
    if let (Some(props), Some(obj)) = (schema["properties"].as_object(), v.as_object()) {
        for (k, s) in props {
            if let Some(x) = obj.get(k) {
                check(doc, s, x, &format!("{at}.{k}"), errors);
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            check(doc, items, x, &format!("{at}[{i}]"), errors);
        }
    }
}

/// The in-repo fixture of the web tests.
pub(crate) fn web_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
