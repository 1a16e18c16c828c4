//! Hostile input that used to end the whole run: a stack overflow aborts
//! the process, and every other file's result is lost with it (and the
//! language server dies). Each case here aborted on the main branch before
//! the fix it guards.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::measured::{self, Measured};

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// `CODE message` of each diagnostic of `path`.
fn diags_of(v: &serde_json::Value, path: &str) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| format!("{} {}", d["code"].as_str().unwrap(), d["message"]))
        .collect()
}

fn assert_has(v: &serde_json::Value, path: &str, needle: &str) {
    let d = diags_of(v, path);
    assert!(
        d.iter().any(|m| m.contains(needle)),
        "{path}: expected {needle:?} in {d:#?}"
    );
}

fn no_internal_errors(m: &Measured) {
    assert!(m.code.is_some(), "killed by a signal: {}", m.stderr());
    assert!(!m.stdout().contains("internal error"), "{}", m.stdout());
    assert!(!m.stderr().contains("overflow"), "{}", m.stderr());
}

/// `${a:-` nested `n` deep around `x`.
fn nested(n: usize) -> String {
    format!("{}x{}", "${a:-".repeat(n), "}".repeat(n))
}

const DEEP: usize = 30_000;

/// Every instruction the builder expands, 30,000 levels deep: each is one
/// diagnostic at the level too many, and the run goes on.
#[test]
fn deep_variable_expansion_is_a_diagnostic_in_every_instruction() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let deep = nested(DEEP);
    let cases = [
        ("env", format!("ENV b={deep}")),
        ("arg", format!("ARG b={deep}")),
        ("label", format!("LABEL b={deep}")),
        ("workdir", format!("WORKDIR {deep}")),
        ("user", format!("USER {deep}")),
        ("expose", format!("EXPOSE {deep}")),
        ("copy", format!("COPY {deep} /x")),
        ("copy-flag", format!("COPY --chown={deep} a /x")),
        ("volume", format!("VOLUME {deep}")),
        ("stopsignal", format!("STOPSIGNAL {deep}")),
        ("add", format!("ADD {deep} /x")),
        ("onbuild", format!("ONBUILD ENV b={deep}")),
    ];
    for (name, line) in &cases {
        write(
            d,
            &format!("{name}/Dockerfile"),
            format!("FROM alpine\n{line}\n"),
        );
    }
    write(d, "from/Dockerfile", format!("FROM {deep}\nUSER 1\n"));
    // A Compose service that builds one of them: the Compose rules read the
    // Dockerfile's USER through the same expansion.
    write(
        d,
        "compose/compose.yaml",
        "services:\n  app:\n    build: ../user\n",
    );
    write(
        d,
        "ok/Dockerfile",
        "FROM alpine\nRUN apk add openssh\nUSER 1\n",
    );
    let m = measured::run(d, &["check", "--format", "json"]);
    no_internal_errors(&m);
    assert_eq!(m.code, Some(1), "{}", m.stderr());
    let v = m.json();
    for name in cases.iter().map(|(n, _)| *n).chain(["from"]) {
        assert_has(
            &v,
            &format!("{name}/Dockerfile"),
            "DF000 \"variable expansion nested more than 32 levels deep\"",
        );
    }
    assert_has(&v, "ok/Dockerfile", "DF003");
    assert_has(&v, "compose/compose.yaml", "DC");
}

/// A mapping `levels` deep under `key` at indentation `indent`.
fn deep_mapping(indent: usize, key: &str, levels: usize) -> String {
    let mut s = format!("{}{key}:\n", " ".repeat(indent));
    for i in 1..levels {
        s.push_str(&format!("{}a:\n", " ".repeat(indent + 2 * i)));
    }
    s.push_str(&format!("{}a: 1\n", " ".repeat(indent + 2 * levels)));
    s
}

/// A Compose project at exactly the hard cap on nesting (1024), through
/// every walk over the tree: validation, override merge, anchors and
/// aliases, `extends`, `include`, modelling, dropping.
fn project_at_depth(d: &Path, levels: usize) {
    // root(1) > services(2) > web(3) > x-deep's mapping(4) ... : a
    // mapping of `levels` levels under a service key ends at depth
    // 3 + levels.
    let mut base = String::from("include:\n  - inc.yaml\n");
    base.push_str("x-anchor: &deep\n");
    for i in 1..=levels {
        base.push_str(&format!("{}a:\n", " ".repeat(2 * i)));
    }
    base.push_str(&format!("{}1\n", " ".repeat(2 * levels + 2)));
    base.push_str("services:\n  web:\n    image: nginx\n    x-alias: *deep\n");
    base.push_str(&deep_mapping(4, "x-deep", levels));
    base.push_str("  other:\n    extends: web\n");
    write(d, "compose.yaml", base);
    write(
        d,
        "compose.override.yaml",
        format!("services:\n  web:\n{}", deep_mapping(4, "x-deep", levels)),
    );
    write(
        d,
        "inc.yaml",
        format!(
            "services:\n  inc:\n    image: nginx\n{}",
            deep_mapping(4, "x-deep", levels)
        ),
    );
}

#[test]
fn configuration_cannot_raise_a_depth_past_what_the_code_survives() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // A planted configuration that lifts the limit: refused, not obeyed.
    write(
        d,
        "planted/dockward.toml",
        "[limits]\nyaml-depth = 100000000\n",
    );
    write(
        d,
        "planted/compose.yaml",
        format!(
            "services:\n  x:\n    image: a\n    labels:\n      {}1\n",
            "- ".repeat(50_000)
        ),
    );
    let m = measured::run(&d.join("planted"), &["check", "--format", "json"]);
    no_internal_errors(&m);
    assert_eq!(m.code, Some(2), "{}", m.stderr());
    assert!(
        m.stderr()
            .contains("`limits.yaml-depth` must be at most 1024"),
        "{}",
        m.stderr()
    );
    // The same file with the default limit: a clean error.
    std::fs::remove_file(d.join("planted/dockward.toml")).unwrap();
    let m = measured::run(&d.join("planted"), &["check", "--format", "json"]);
    no_internal_errors(&m);
    assert_has(
        &m.json(),
        "compose.yaml",
        "nesting too deep: more than 512 levels",
    );

    // At the hard cap, in several projects at once (rayon's workers), with
    // a main-thread stack far below the usual 8 MiB: every walk survives.
    for p in ["p1", "p2", "p3"] {
        project_at_depth(&d.join(p), 1024 - 3);
        write(
            d,
            &format!("{p}/dockward.toml"),
            "[limits]\nyaml-depth = 1024\n",
        );
    }
    // One level more is refused with a diagnostic.
    project_at_depth(&d.join("over"), 1024 - 2);
    write(d, "over/dockward.toml", "[limits]\nyaml-depth = 1024\n");
    let mut cmd = Command::new("sh");
    cmd.current_dir(d).arg("-c").arg(format!(
        "ulimit -s 256 && exec '{}' check --format json p1 p2 p3 over",
        common::dockward().display()
    ));
    let m = measured::run_command(cmd, None, Duration::from_secs(120));
    no_internal_errors(&m);
    let v = m.json();
    for p in ["p1", "p2", "p3"] {
        let d = diags_of(&v, &format!("{p}/compose.yaml"));
        assert!(d.iter().all(|m| !m.starts_with("DC000")), "{p}: {d:#?}");
        assert!(!d.is_empty(), "{p}: no diagnostics at all");
    }
    assert_has(&v, "over/compose.yaml", "DC000 \"nesting too deep");
    assert_has(&v, "over/compose.yaml", "1024 levels");
}

/// Frames `body` for the language server.
fn frame(body: &serde_json::Value) -> Vec<u8> {
    let body = body.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// A whole session: initialize, open `text` as a Dockerfile, shut down.
fn session(text: &str) -> Vec<u8> {
    let mut input = Vec::new();
    let msgs = [
        serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
        serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": "file:///tmp/hostile/Dockerfile", "languageId": "dockerfile",
                "version": 1, "text": text}}}),
        serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        serde_json::json!({"jsonrpc": "2.0", "method": "exit"}),
    ];
    for m in &msgs {
        input.extend(frame(m));
    }
    input
}

/// Runs the server on `junk` bytes of a header line without an end (made
/// as they are written), then `input`.
fn server(junk: usize, input: Vec<u8>) -> Measured {
    let mut cmd = Command::new(common::dockward());
    cmd.arg("server");
    let feed: measured::Feed = Box::new(move |w| {
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..junk / chunk.len() {
            w.write_all(&chunk)?;
        }
        if junk > 0 {
            w.write_all(b"\r\n\r\n")?;
        }
        w.write_all(&input)
    });
    measured::run_command(cmd, Some(feed), Duration::from_secs(120))
}

#[test]
fn the_language_server_survives_deep_expansion() {
    let text = format!("FROM alpine\nUSER {}\n", nested(DEEP));
    let m = server(0, session(&text));
    assert_eq!(m.code, Some(0), "{}", m.stderr());
    let out = m.stdout();
    assert!(
        out.contains("variable expansion nested more than 32 levels deep"),
        "{}",
        &out[..out.len().min(2000)]
    );
}

#[test]
fn the_language_server_does_not_keep_an_endless_header_line() {
    // 256 MiB of header without a line end, then a normal session.
    let m = server(256 << 20, session("FROM alpine\nUSER 1\n"));
    eprintln!("endless header line: peak RSS {} MiB", m.rss_mib);
    assert_eq!(m.code, Some(0), "{}", m.stderr());
    assert!(m.stdout().contains("publishDiagnostics"), "{}", m.stdout());
    assert!(m.rss_mib < 64, "peak RSS {} MiB", m.rss_mib);
}

/// The recursion audit's parsers of other input: a planted `dockward.toml`
/// 100,000 arrays or inline tables deep is a configuration error (the toml
/// parser has its own depth limit), never a crash, and the files are still
/// linted.
#[test]
fn a_deep_configuration_is_an_error_not_a_crash() {
    let n = 100_000;
    for deep in [
        format!("x = {}{}\n", "[".repeat(n), "]".repeat(n)),
        format!("x = {}1{}\n", "{a=".repeat(n), "}".repeat(n)),
    ] {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        write(d, "dockward.toml", &deep);
        write(d, "Dockerfile", "FROM alpine\n");
        let m = measured::run(d, &["check", "--format", "json", "--fail-on", "never"]);
        no_internal_errors(&m);
        assert_eq!(m.code, Some(2), "{}", m.stderr());
        assert!(m.stderr().contains("dockward.toml"), "{}", m.stderr());
        assert_has(&m.json(), "Dockerfile", "DF001");
    }
}

/// A JSON-RPC body nested 100,000 deep is a malformed message (serde_json
/// stops at 128 levels): the server answers what follows.
#[test]
fn the_language_server_survives_a_deeply_nested_message() {
    let n = 100_000;
    let body = format!(
        "{{\"jsonrpc\": \"2.0\", \"method\": \"x\", \"params\": {}{}}}",
        "[".repeat(n),
        "]".repeat(n)
    );
    let mut input = format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
    input.extend(session("FROM alpine\nUSER 1\n"));
    let m = server(0, input);
    assert_eq!(m.code, Some(0), "{}", m.stderr());
    assert!(m.stdout().contains("publishDiagnostics"), "{}", m.stdout());
}
