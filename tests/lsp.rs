//! Protocol tests: the real `dockward server` binary driven over stdio with
//! JSON-RPC, as an editor would.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: mpsc::Receiver<Value>,
    /// Messages read while waiting for something else.
    backlog: Vec<Value>,
    next_id: i64,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dockward"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dockward server");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_message(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            rx,
            backlog: Vec::new(),
            next_id: 0,
        }
    }

    /// Starts and initializes a server; `caps` are the client capabilities.
    fn initialized(caps: Value, root: &Path) -> (Client, Value) {
        let mut c = Client::start();
        let result = c.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(root), "capabilities": caps}),
        );
        c.notify("initialized", json!({}));
        (c, result)
    }

    fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        self.write(&frame(&body));
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its whole response.
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Sends a request and returns its result; panics on an error.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.checked_duration_since(Instant::now())?;
        let m = self.rx.recv_timeout(left).ok()?;
        // Answer the server's own requests (watcher registration).
        if m.get("id").is_some()
            && let Some(method) = m.get("method")
        {
            assert_eq!(method, "client/registerCapability", "{m}");
            let id = m["id"].clone();
            self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
        }
        Some(m)
    }

    /// The first message (from the backlog, then new ones) that matches.
    fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        while let Some(m) = self.recv(deadline) {
            if pred(&m) {
                return m;
            }
            self.backlog.push(m);
        }
        panic!("timed out; received: {:#?}", self.backlog);
    }

    /// The next diagnostics published for `uri` that satisfy `pred`;
    /// earlier ones for that document are dropped.
    fn diagnostics_where(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        let is_for = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        loop {
            let found = if let Some(i) = self.backlog.iter().position(is_for) {
                self.backlog.remove(i)
            } else {
                match self.recv(deadline) {
                    Some(m) if is_for(&m) => m,
                    Some(m) => {
                        self.backlog.push(m);
                        continue;
                    }
                    None => panic!(
                        "no matching diagnostics for {uri}; backlog: {:#?}",
                        self.backlog
                    ),
                }
            };
            let list = found["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if pred(&list) {
                return found["params"].clone();
            }
        }
    }

    /// Every publication for `uri` within `window`.
    fn publications(&mut self, uri: &str, window: Duration) -> Vec<Value> {
        let deadline = Instant::now() + window;
        let mut out: Vec<Value> = Vec::new();
        let is_for = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        let mut rest = Vec::new();
        for m in self.backlog.drain(..) {
            if is_for(&m) {
                out.push(m["params"].clone());
            } else {
                rest.push(m);
            }
        }
        self.backlog = rest;
        while let Some(m) = self.recv(deadline) {
            if is_for(&m) {
                out.push(m["params"].clone());
            } else {
                self.backlog.push(m);
            }
        }
        out
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    fn change_full(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// Shuts down and exits; returns the exit code.
    fn shutdown(mut self) -> i32 {
        let r = self.request_raw("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.exit_code()
    }

    fn exit_code(mut self) -> i32 {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(p: &Path) -> String {
    let mut s = String::from("file://");
    for &b in p.to_str().unwrap().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn codes(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn has(list: &[Value], code: &str) -> bool {
    list.iter().any(|d| d["code"] == code)
}

fn find<'a>(list: &'a [Value], code: &str) -> &'a Value {
    list.iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {list:#?}"))
}

const BAD_DOCKERFILE: &str = "FROM alpine:3.20\nRUN apk add --no-cache openssh-server\nEXPOSE 22\n";

#[test]
fn diagnostics_on_open_change_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, BAD_DOCKERFILE).unwrap();
    let u = uri(&path);
    let (mut c, init) = Client::initialized(json!({}), dir.path());
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "dockward");

    c.open(&u, "dockerfile", BAD_DOCKERFILE);
    let p = c.diagnostics_where(&u, |l| !l.is_empty());
    assert_eq!(p["version"], 1);
    let list = p["diagnostics"].as_array().unwrap();
    assert!(
        has(list, "DF001") && has(list, "DF003") && has(list, "DF004"),
        "{:?}",
        codes(list)
    );
    let d = find(list, "DF004");
    assert_eq!(d["source"], "dockward");
    assert_eq!(d["severity"], 1);
    assert_eq!(
        d["range"],
        json!({"start": {"line": 2, "character": 7}, "end": {"line": 2, "character": 9}})
    );
    assert!(
        d["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/lints/DF004-ssh-port-exposed.md"),
        "{d}"
    );
    assert_eq!(find(list, "DF001")["severity"], 2);

    // An incremental change: `EXPOSE 22` becomes `EXPOSE 8080`.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": 7}, "end": {"line": 2, "character": 9}}, "text": "8080"}
        ]}),
    );
    let p = c.diagnostics_where(&u, |l| !has(l, "DF004"));
    assert_eq!(p["version"], 2);
    assert!(has(p["diagnostics"].as_array().unwrap(), "DF003"));

    // A burst of changes is linted once, at its last version.
    let mut burst = Vec::new();
    for v in 3..=7 {
        let text = format!("FROM alpine:3.20\nEXPOSE {}\n", 20 + v);
        let msg = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params":
            {"textDocument": {"uri": u, "version": v}, "contentChanges": [{"text": text}]}});
        burst.extend(frame(&msg.to_string()));
    }
    c.write(&burst);
    let pubs = c.publications(&u, Duration::from_millis(1500));
    let versions: Vec<&Value> = pubs.iter().map(|p| &p["version"]).collect();
    assert_eq!(versions, vec![&json!(7)], "{pubs:#?}");
    // Version 7 exposes port 27: privileged, not SSH.
    let list = pubs[0]["diagnostics"].as_array().unwrap();
    assert!(
        has(list, "DF005") && !has(list, "DF004"),
        "{:?}",
        codes(list)
    );

    // Saving lints at once.
    c.change_full(&u, 8, "FROM alpine:3.20\nEXPOSE 22\n");
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": u}}));
    let p = c.diagnostics_where(&u, |l| has(l, "DF004"));
    assert_eq!(p["version"], 8);

    // Closing clears the document's diagnostics.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    c.diagnostics_where(&u, |l| l.is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn language_ids_do_not_matter_file_names_do() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, _) = Client::initialized(json!({}), dir.path());
    // A Compose file opened as plain YAML.
    let compose = uri(&dir.path().join("docker-compose.prod.yml"));
    c.open(
        &compose,
        "yaml",
        "services:\n  web:\n    image: nginx\n    privileged: true\n",
    );
    let p = c.diagnostics_where(&compose, |l| !l.is_empty());
    assert!(has(p["diagnostics"].as_array().unwrap(), "DC001"));
    // A Dockerfile the editor calls something else.
    let df = uri(&dir.path().join("api.Dockerfile"));
    c.open(&df, "plaintext", "FROM alpine\nEXPOSE 22\n");
    let p = c.diagnostics_where(&df, |l| !l.is_empty());
    assert!(has(p["diagnostics"].as_array().unwrap(), "DF004"));
    // An unknown name falls back on the language id.
    let other = uri(&dir.path().join("build.docker"));
    c.open(&other, "dockerfile", "FROM alpine\nEXPOSE 22\n");
    let p = c.diagnostics_where(&other, |l| !l.is_empty());
    assert!(has(p["diagnostics"].as_array().unwrap(), "DF004"));
    // Other YAML is not linted: nothing is published for it.
    let plain = uri(&dir.path().join("values.yaml"));
    c.open(&plain, "yaml", "services:\n  web:\n    privileged: true\n");
    let pubs = c.publications(&plain, Duration::from_millis(400));
    assert!(pubs.is_empty(), "{pubs:#?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn utf8_is_used_when_offered() {
    let dir = tempfile::tempdir().unwrap();
    let text = "services:\n  wéb😀:\n    image: nginx\n";
    let path = dir.path().join("compose.yaml");
    for (offered, encoding, end) in [
        (json!(["utf-8", "utf-16"]), "utf-8", 2 + 8),
        (json!(["utf-16"]), "utf-16", 2 + 5),
    ] {
        let caps = json!({"general": {"positionEncodings": offered}});
        let (mut c, init) = Client::initialized(caps, dir.path());
        assert_eq!(init["capabilities"]["positionEncoding"], encoding);
        c.open(&uri(&path), "dockercompose", text);
        let p = c.diagnostics_where(&uri(&path), |l| has(l, "DC004"));
        let d = find(p["diagnostics"].as_array().unwrap(), "DC004");
        assert_eq!(
            d["range"]["start"],
            json!({"line": 1, "character": 2}),
            "{encoding}"
        );
        assert_eq!(
            d["range"]["end"],
            json!({"line": 1, "character": end}),
            "{encoding}"
        );
        // An edit in the same encoding: replace the name.
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&path), "version": 2}, "contentChanges": [
                {"range": d["range"].clone(), "text": "api"}
            ]}),
        );
        let p = c.diagnostics_where(&uri(&path), |l| {
            l.iter()
                .any(|d| d["message"].as_str().unwrap().contains("`api`"))
        });
        assert_eq!(p["version"], 2);
        assert_eq!(c.shutdown(), 0);
    }
}

/// Applies a code action's edits for `uri` to `text` (edits given in UTF-16
/// positions on ASCII text).
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let edits = action["edit"]["changes"][uri].as_array().expect("edits");
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let col = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + col
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, t);
    }
    out
}

fn action<'a>(actions: &'a Value, title: &str) -> &'a Value {
    actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:#}"))
}

#[test]
fn code_actions_suppress_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("compose.yaml");
    let u = uri(&path);
    let text = "services:\n  web:\n    image: nginx\n    privileged: true\n";
    let (mut c, init) = Client::initialized(json!({}), dir.path());
    let kinds = &init["capabilities"]["codeActionProvider"]["codeActionKinds"];
    assert!(
        kinds.as_array().unwrap().contains(&json!("quickfix")),
        "{kinds}"
    );
    c.open(&u, "yaml", text);
    let p = c.diagnostics_where(&u, |l| has(l, "DC001"));
    let d = find(p["diagnostics"].as_array().unwrap(), "DC001").clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let here = action(&actions, "Suppress `privileged-service` for this key");
    assert_eq!(here["kind"], "quickfix");
    assert_eq!(here["diagnostics"][0]["code"], "DC001");
    let edited = apply(text, here, &u);
    assert_eq!(
        edited,
        "services:\n  web:\n    image: nginx\n    # dockward: ignore[privileged-service]\n    privileged: true\n"
    );
    let file = action(&actions, "Suppress `privileged-service` in this file");
    assert!(apply(text, file, &u).starts_with("# dockward: ignore-file[privileged-service]\n"));

    // Applying the suppression removes the diagnostic.
    c.change_full(&u, 2, &edited);
    let p = c.diagnostics_where(&u, |l| !has(l, "DC001"));
    assert_eq!(p["version"], 2);

    // A stale suppression gets a safe fix, and hover explains the rule.
    let stale = "services:\n  web:\n    image: nginx\n    # dockward: ignore[host-network-mode]\n    read_only: true\n";
    c.change_full(&u, 3, stale);
    let p = c.diagnostics_where(&u, |l| has(l, "DC900"));
    let d = find(p["diagnostics"].as_array().unwrap(), "DC900").clone();
    assert_eq!(
        d["tags"],
        json!([1]),
        "unused suppressions are marked unnecessary"
    );
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let fix = action(&actions, "Remove the unused suppression comment");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(
        apply(stale, fix, &u),
        "services:\n  web:\n    image: nginx\n    read_only: true\n"
    );
    // `only` filters by kind.
    let only = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d["range"],
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let titles: Vec<&Value> = only
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["title"])
        .collect();
    assert_eq!(titles, vec!["Fix all safely fixable dockward problems"]);

    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 3, "character": 25}}),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("# host-network-mode (DC011)"), "{md}");
    assert_eq!(hover["range"]["start"], json!({"line": 3, "character": 23}));
    // Hover elsewhere: nothing.
    let none = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 2, "character": 6}}),
    );
    assert_eq!(none, Value::Null);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn dockerfile_suppressions_go_after_parser_directives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    let u = uri(&path);
    let text = "# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:3.20\n    EXPOSE 22\n";
    let (mut c, _) = Client::initialized(json!({}), dir.path());
    c.open(&u, "dockerfile", text);
    let p = c.diagnostics_where(&u, |l| has(l, "DF004"));
    let d = find(p["diagnostics"].as_array().unwrap(), "DF004").clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let here = action(&actions, "Suppress `ssh-port-exposed` for this instruction");
    assert_eq!(
        apply(text, here, &u),
        "# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:3.20\n    # dockward: ignore[ssh-port-exposed]\n    EXPOSE 22\n"
    );
    let file = action(&actions, "Suppress `ssh-port-exposed` in this file");
    assert_eq!(
        apply(text, file, &u),
        "# syntax=docker/dockerfile:1\n# escape=\\\n# dockward: ignore-file[ssh-port-exposed]\nFROM alpine:3.20\n    EXPOSE 22\n"
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn configuration_changes_relint_open_documents() {
    let dir = tempfile::tempdir().unwrap();
    // A repository root, so the search for dockward.toml stops here.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let sub = dir.path().join("svc");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("Dockerfile");
    let u = uri(&path);
    let caps = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let (mut c, _) = Client::initialized(caps, dir.path());
    // The server asks to watch configuration files.
    let reg = c.wait_for(|m| m["method"] == "client/registerCapability");
    let watchers = reg["params"]["registrations"][0]["registerOptions"]["watchers"].to_string();
    assert!(watchers.contains("**/dockward.toml"), "{watchers}");

    c.open(&u, "dockerfile", BAD_DOCKERFILE);
    c.diagnostics_where(&u, |l| has(l, "DF001"));

    // A new configuration in a parent directory, reported by the watcher.
    let config = dir.path().join("dockward.toml");
    std::fs::write(&config, "ignore = [\"missing-user\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 1}]}),
    );
    let p = c.diagnostics_where(&u, |l| !has(l, "DF001"));
    assert!(has(p["diagnostics"].as_array().unwrap(), "DF004"));

    // The configuration saved from the editor: severities change.
    let text = "ignore = [\"missing-user\"]\n[rules.ssh-port-exposed]\nseverity = \"info\"\n";
    std::fs::write(&config, text).unwrap();
    c.open(&uri(&config), "toml", text);
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&config)}}),
    );
    let p = c.diagnostics_where(&u, |l| {
        l.iter().any(|d| d["code"] == "DF004" && d["severity"] == 3)
    });
    assert!(!has(p["diagnostics"].as_array().unwrap(), "DF001"));

    // A broken configuration: a message, a diagnostic in the file, and the
    // defaults meanwhile.
    std::fs::write(&config, "fial-on = \"error\"\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&config)}}),
    );
    let msg = c.wait_for(|m| m["method"] == "window/showMessage");
    assert!(
        msg["params"]["message"]
            .as_str()
            .unwrap()
            .contains("fail-on"),
        "{msg}"
    );
    let p = c.diagnostics_where(&uri(&config), |l| !l.is_empty());
    let d = &p["diagnostics"][0];
    assert_eq!(d["range"]["start"], json!({"line": 0, "character": 0}));
    assert_eq!(d["range"]["end"], json!({"line": 0, "character": 7}));
    c.diagnostics_where(&u, |l| has(l, "DF001"));

    // Fixed again: the configuration's diagnostics are cleared.
    std::fs::write(&config, "fail-on = \"error\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    c.diagnostics_where(&uri(&config), |l| l.is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn compose_files_follow_the_dockerfiles_they_build() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir(&app).unwrap();
    let dockerfile = app.join("Dockerfile");
    let on_disk = "FROM python:3.12-slim\nCMD [\"python\"]\n";
    std::fs::write(&dockerfile, on_disk).unwrap();
    let compose = dir.path().join("compose.yaml");
    let compose_text = "services:\n  app:\n    build: ./app\n";
    std::fs::write(&compose, compose_text).unwrap();
    let (cu, du) = (uri(&compose), uri(&dockerfile));

    let (mut c, _) = Client::initialized(json!({}), dir.path());
    c.open(&cu, "dockercompose", compose_text);
    let p = c.diagnostics_where(&cu, |l| has(l, "DC009"));
    let d = find(p["diagnostics"].as_array().unwrap(), "DC009");
    // The label in the Dockerfile is related information.
    assert_eq!(d["relatedInformation"][0]["location"]["uri"], du, "{d}");

    // The Dockerfile opened and edited, not saved: the buffer wins.
    c.open(&du, "dockerfile", on_disk);
    c.change_full(
        &du,
        2,
        "FROM python:3.12-slim\nUSER 10001\nCMD [\"python\"]\n",
    );
    c.diagnostics_where(&cu, |l| !has(l, "DC009"));
    // Closed without saving: the file on disk counts again.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": du}}),
    );
    c.diagnostics_where(&cu, |l| has(l, "DC009"));
    // Changed on disk, reported by a watcher.
    std::fs::write(&dockerfile, "FROM python:3.12-slim\nUSER app\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": du, "type": 2}]}),
    );
    c.diagnostics_where(&cu, |l| !has(l, "DC009"));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn bad_input_never_kills_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let (mut c, _) = Client::initialized(json!({}), dir.path());
    // Not JSON; a frame without a length; JSON that is no message.
    c.write(&frame("{not json"));
    c.write(b"X-Nonsense: 1\r\n\r\n");
    c.write(&frame(r#"{"jsonrpc":"2.0","id":41,"params":[]}"#));
    let r = c.wait_for(|m| m["id"] == 41);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    // Bad parameters; an unknown method; a document that is not open.
    let r = c.request_raw("textDocument/codeAction", json!({"textDocument": 5}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request_raw("textDocument/definition", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere/Dockerfile"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r, Value::Null);
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nowhere/Dockerfile", "version": 2}, "contentChanges": [{"text": "x"}]}));
    c.notify("textDocument/didOpen", json!({"textDocument": 1}));

    // Hostile documents: binary content, deep nesting, positions out of range.
    let u = uri(&dir.path().join("Dockerfile"));
    c.open(&u, "dockerfile", "FROM a\0b\nRUN \\\n");
    let p = c.diagnostics_where(&u, |l| !l.is_empty());
    assert!(has(p["diagnostics"].as_array().unwrap(), "DF000"), "{p}");
    let cu = uri(&dir.path().join("compose.yml"));
    let deep = format!("services: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    c.open(&cu, "yaml", &deep);
    let p = c.diagnostics_where(&cu, |l| !l.is_empty());
    assert!(has(p["diagnostics"].as_array().unwrap(), "DC000"), "{p}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": cu, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 99, "character": 5}, "end": {"line": 2, "character": 999}}, "text": "x"}
        ]}),
    );
    c.diagnostics_where(&cu, |_| true);
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": cu}, "range": {"start": {"line": 1000, "character": 0}, "end": {"line": 0, "character": 1000}}, "context": {"diagnostics": []}}),
    );
    assert!(r.is_array(), "{r}");

    // Still answering.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r, Value::Null);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn shutdown_and_exit_follow_the_protocol() {
    let dir = tempfile::tempdir().unwrap();
    // Requests before initialize are refused.
    let mut c = Client::start();
    let r = c.request_raw("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), 1);

    // After shutdown, requests are refused, and exit ends with 0.
    let (mut c, _) = Client::initialized(json!({}), dir.path());
    let r = c.request_raw("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    let r = c.request_raw("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), 0);

    // Exit without shutdown: 1. End of input: the server ends too.
    let (mut c, _) = Client::initialized(json!({}), dir.path());
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), 1);
    let (c, _) = Client::initialized(json!({}), dir.path());
    assert_eq!(c.exit_code(), 1);
}

fn corpus() -> std::path::PathBuf {
    common::corpus_root().canonicalize().unwrap()
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            walk(&p, out);
        } else if t.is_file()
            && dockward::discover::classify(&e.file_name().to_string_lossy()).is_some()
        {
            out.push(p);
        }
    }
}

/// Every corpus file opened in one server, as an editor would open them:
/// each gets its diagnostics, none an internal error, and the server stays
/// fast with thousands of documents open.
#[test]
fn every_corpus_file_through_the_server() {
    let root = corpus();
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    assert!(files.len() > 3000, "{}", files.len());
    let (mut c, _) = Client::initialized(json!({}), &root);
    let start = Instant::now();
    let mut slowest = (Duration::ZERO, String::new());
    let mut total_diagnostics = 0;
    for f in &files {
        let text = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
        let u = uri(f);
        let t = Instant::now();
        c.open(&u, "plaintext", &text);
        let p = c.diagnostics_where(&u, |_| true);
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, f.display().to_string());
        }
        let list = p["diagnostics"].as_array().unwrap();
        total_diagnostics += list.len();
        for d in list {
            let m = d["message"].as_str().unwrap();
            assert!(!m.contains("internal error"), "{}: {m}", f.display());
        }
    }
    let elapsed = start.elapsed();
    eprintln!(
        "{} files, {total_diagnostics} diagnostics, {:?} in all, slowest {:?} ({})",
        files.len(),
        elapsed,
        slowest.0,
        slowest.1
    );
    // Generous for a loaded 2-core CI machine; a run takes a few seconds.
    assert!(elapsed < Duration::from_secs(120), "{elapsed:?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn fixes_are_code_actions_and_fix_all_settles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    let u = uri(&path);
    let text = "FROM alpine:3.20\nMAINTAINER ops\nRUN apk add curl\nADD app /app\nCMD app\n";
    let (mut c, _) = Client::initialized(json!({}), dir.path());
    c.open(&u, "dockerfile", text);
    let p = c.diagnostics_where(&u, |l| has(l, "DF217") && has(l, "DF001"));
    let list = p["diagnostics"].as_array().unwrap();
    // A safe fix is the preferred action.
    let d = find(list, "DF217").clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let fix = action(
        &actions,
        "Replace `MAINTAINER` with the `org.opencontainers.image.authors` label",
    );
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(
        apply(text, fix, &u),
        text.replace(
            "MAINTAINER ops",
            "LABEL org.opencontainers.image.authors=\"ops\""
        )
    );
    // An unsafe fix is offered, marked, and not preferred.
    let d = find(list, "DF001").clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let fix = action(&actions, "Run the container as `10001:10001` (unsafe fix)");
    assert!(fix["isPreferred"].is_null(), "{fix}");
    // Fix all applies every safe fix, pass after pass, and no unsafe one.
    let all = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d["range"],
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let fix = action(&all, "Fix all safely fixable dockward problems");
    assert_eq!(
        apply(text, fix, &u),
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"ops\"\nRUN apk add --no-cache curl\nCOPY app /app\nCMD [\"app\"]\n"
    );
    assert_eq!(c.shutdown(), 0);
}
