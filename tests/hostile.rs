//! Hostile input: each file gets a clear diagnostic (or a clean pass) while
//! the rest of the run completes, in bounded time and memory.
//!
//! The files are generated in a temporary directory; the whole run happens
//! in one `dockward check` process, whose CPU time and peak memory are
//! bounded generously (these are guards against hangs and blow-ups, not
//! benchmarks). CPU time, not wall time: on a shared machine a loaded
//! scheduler stretches the wall time of a bounded run without limit; a
//! wall-time deadline ten times longer still catches a process that hangs
//! without working.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::measured;

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// The CPU time (user and system) one run may use.
const CPU_BOUND: Duration = Duration::from_secs(120);

/// Runs dockward, returning its JSON output, CPU time and peak RSS in MiB.
fn run(dir: &Path, args: &[&str]) -> (serde_json::Value, Duration, u64) {
    let m = measured::run_cpu_bounded(dir, args, CPU_BOUND);
    (m.json(), m.cpu, m.rss_mib)
}

/// The diagnostics of one file as `CODE message` strings.
fn diags_of(v: &serde_json::Value, path: &str) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn has(v: &serde_json::Value, path: &str, code: &str, needle: &str) {
    let d = diags_of(v, path);
    assert!(
        d.iter().any(|m| m.starts_with(code) && m.contains(needle)),
        "{path}: expected {code} containing {needle:?}, got {d:#?}"
    );
}

fn billion_laughs() -> String {
    let mut s = String::from(
        "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        s.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    s.push_str("services:\n  web:\n    image: nginx\n    command: *a9\n");
    s
}

fn generate(dir: &Path) {
    // YAML bombs and nesting.
    write(dir, "yaml/compose.alias-bomb.yaml", billion_laughs());
    write(dir, "yaml/compose.flow-deep.yaml", "[".repeat(200_000));
    // 20,000 nested block sequences, each on its own line and indented
    // one more space: `- ` then ` - ` ... (about 200 MB would be needed to
    // nest mappings this deep; sequences nest compactly).
    write(
        dir,
        "yaml/compose.block-deep.yaml",
        format!("services:\n  x:\n    a:\n      {}1\n", "- ".repeat(20_000)),
    );
    write(dir, "yaml/compose.list.yaml", "- a\n- b\n");
    write(dir, "yaml/compose.empty.yaml", "");
    write(
        dir,
        "yaml/compose.dup.yaml",
        "services:\n  a:\n    image: x\n    image: y\n",
    );
    // Huge files: over the default 10 MiB limit.
    let mut single = b"FROM alpine\nRUN echo ".to_vec();
    single.resize(20 * 1024 * 1024, b'a');
    write(dir, "big/Dockerfile.single-line", &single);
    let mut many = String::from("FROM alpine\n");
    while many.len() < 30 * 1024 * 1024 {
        many.push_str("RUN apt-get install -y --no-install-recommends curl && chmod 777 /tmp/x\n");
    }
    write(dir, "big/Dockerfile.30mb", &many);
    // Encodings and bytes.
    write(dir, "enc/Dockerfile.nul", b"FROM alpine\nRUN echo \0\n");
    write(
        dir,
        "enc/Dockerfile.invalid-utf8",
        b"FROM alpine\nRUN echo \xc3\x28\n",
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for c in "FROM alpine\r\n".encode_utf16() {
        utf16.extend(c.to_le_bytes());
    }
    write(dir, "enc/Dockerfile.utf16", utf16);
    write(
        dir,
        "enc/Dockerfile.bom-crlf",
        b"\xef\xbb\xbfFROM alpine\r\nEXPOSE 22\r\nUSER 1\r\n",
    );
    // Dockerfile syntax edge cases.
    write(
        dir,
        "df/Dockerfile.unterminated-heredoc",
        "FROM alpine\nRUN <<EOF\necho hi\n",
    );
    write(
        dir,
        "df/Dockerfile.continuation-at-eof",
        "FROM alpine\nUSER 1\nRUN echo \\",
    );
    write(
        dir,
        "df/Dockerfile.broken-exec",
        "FROM alpine\nUSER 1\nCMD [\"a\", \"b\"\n",
    );
    write(dir, "df/Dockerfile.empty", "");
    write(
        dir,
        "df/Dockerfile.deep-subst",
        format!("FROM alpine\nUSER 1\nRUN {}\n", "$(".repeat(200_000)),
    );
    // A symlink loop and a FIFO: the walk must not follow or open them.
    std::os::unix::fs::symlink(dir, dir.join("df/loop")).unwrap();
    let fifo = dir.join("fifo/Dockerfile");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo (coreutils) failed");
    // One ordinary file: the rest of the run still happens.
    write(
        dir,
        "ok/Dockerfile",
        "FROM alpine\nRUN apk add openssh\nUSER 1\n",
    );
}

#[test]
fn hostile_input_gets_diagnostics_in_bounded_time_and_memory() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    generate(d);
    let (v, cpu, rss) = run(d, &["check", "--format", "json", "--fail-on", "never"]);
    eprintln!("hostile run: {cpu:?} CPU, peak RSS {rss} MiB");
    assert!(rss < 400, "peak RSS {rss} MiB");

    has(
        &v,
        "yaml/compose.alias-bomb.yaml",
        "DC000",
        "alias expansion exceeds the budget",
    );
    has(
        &v,
        "yaml/compose.flow-deep.yaml",
        "DC000",
        "nesting too deep",
    );
    has(
        &v,
        "yaml/compose.block-deep.yaml",
        "DC000",
        "nesting too deep",
    );
    has(
        &v,
        "yaml/compose.list.yaml",
        "DC000",
        "expected a mapping at the top",
    );
    has(
        &v,
        "yaml/compose.empty.yaml",
        "DC000",
        "the Compose file is empty",
    );
    has(
        &v,
        "yaml/compose.dup.yaml",
        "DC000",
        "duplicate key `image`",
    );
    has(
        &v,
        "big/Dockerfile.single-line",
        "DF000",
        "file is too large to lint",
    );
    has(
        &v,
        "big/Dockerfile.30mb",
        "DF000",
        "file is too large to lint",
    );
    has(&v, "enc/Dockerfile.nul", "DF000", "NUL byte");
    has(
        &v,
        "enc/Dockerfile.invalid-utf8",
        "DF000",
        "not valid UTF-8",
    );
    has(&v, "enc/Dockerfile.utf16", "DF000", "UTF-16");
    has(&v, "enc/Dockerfile.bom-crlf", "DF004", "EXPOSE 22");
    has(
        &v,
        "df/Dockerfile.unterminated-heredoc",
        "DF000",
        "heredoc `EOF` is never terminated",
    );
    has(&v, "df/Dockerfile.empty", "DF000", "no instructions");
    has(&v, "ok/Dockerfile", "DF003", "openssh");
    // Accepted without a crash: BuildKit treats these as valid too.
    for quiet in [
        "df/Dockerfile.continuation-at-eof",
        "df/Dockerfile.broken-exec",
        "df/Dockerfile.deep-subst",
    ] {
        let d = diags_of(&v, quiet);
        assert!(
            d.iter().all(|m| !m.contains("internal error")),
            "{quiet}: {d:?}"
        );
    }
    // The FIFO and the symlink loop are not linted.
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(
        paths
            .iter()
            .all(|p| !p.starts_with("fifo/") && !p.contains("loop/")),
        "{paths:?}"
    );
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| !d["message"].as_str().unwrap().contains("internal error"))
    );
}

#[test]
fn raised_limits_lint_huge_files_in_bounded_time_and_memory() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // A 30 MB Dockerfile of ordinary instructions, one finding in the middle
    // (a tenth of the sizes unless the tests run in full: a debug build
    // takes minutes on the whole).
    let scale = if common::full() { 1 } else { 10 };
    let line = "RUN apt-get install -y --no-install-recommends curl && chmod 755 /tmp/x\n";
    let mut df = String::from("FROM alpine\nUSER 1\n");
    let half = 15 * 1024 * 1024 / scale / line.len();
    df.push_str(&line.repeat(half));
    df.push_str("RUN chmod 777 /srv\n");
    df.push_str(&line.repeat(half));
    write(d, "Dockerfile", &df);
    // A 20 MB Compose file on a single line.
    let yaml = format!(
        "{{services: {{a: {{image: nginx, privileged: true, command: \"{}\"}}}}}}",
        "x".repeat(20 * 1024 * 1024 / scale)
    );
    write(d, "compose.yaml", &yaml);
    write(d, "dockward.toml", "[limits]\nfile-size = 67108864\n");
    let (v, cpu, rss) = run(d, &["check", "--format", "json", "--fail-on", "never"]);
    eprintln!(
        "{} MB Dockerfile + {} MB one-line Compose file: {cpu:?} CPU, peak RSS {rss} MiB",
        30 / scale,
        20 / scale
    );
    let diags = v["diagnostics"].as_array().unwrap();
    let rules: Vec<&str> = diags.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"world-writable-path"), "{rules:?}");
    assert!(rules.contains(&"privileged-service"), "{rules:?}");
    // Linear memory: well under 50 bytes per input byte.
    assert!(rss < 2500, "peak RSS {rss} MiB");
}

/// Hostile shapes found while fuzzing and profiling: each once took
/// unbounded stack, quadratic time or sliced inside a character.
#[test]
fn pathological_shapes_stay_linear_and_in_bounds() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // 100,000 chained ONBUILDs recursed once per level and overflowed the stack.
    write(
        d,
        "onbuild/Dockerfile",
        format!("FROM alpine\nUSER 1\n{}RUN x\n", "ONBUILD ".repeat(100_000)),
    );
    // 50,000 heredocs on one RUN line: every heredoc re-split the whole line.
    write(
        d,
        "heredocs/Dockerfile",
        format!(
            "FROM alpine\nUSER 1\nRUN {}\n{}",
            "<<A ".repeat(50_000),
            "A\n".repeat(50_000)
        ),
    );
    // 100,000 `${a:-` that never close (the value is split at a space):
    // each reference scanned to the end of the word for its `}`.
    write(
        d,
        "unclosed/Dockerfile",
        format!(
            "FROM alpine\nUSER 1\nENV a={} {}\n",
            "${a:-".repeat(100_000),
            "}".repeat(100_000)
        ),
    );
    // An escape inside a flag name before a multi-byte character.
    write(
        d,
        "flag/Dockerfile",
        "FROM alpine\nUSER 1\nRUN --mo\\é=a true\n",
    );
    // A multi-byte character right before a URL scheme in a Compose value.
    write(
        d,
        "url/compose.yaml",
        "services:\n  a:\n    image: x\n    environment:\n      DB: \"éredis://u:pw@cache:6379/0\"\n",
    );
    // Many directories: configuration lookup reuses the parent's answer.
    for i in 0..2_000 {
        write(d, &format!("many/d{i}/Dockerfile"), "FROM alpine\nUSER 1\n");
    }
    let (v, cpu, rss) = run(d, &["check", "--format", "json", "--fail-on", "never"]);
    eprintln!("pathological shapes: {cpu:?} CPU, peak RSS {rss} MiB");
    assert!(cpu < Duration::from_secs(30), "{cpu:?}");
    has(
        &v,
        "onbuild/Dockerfile",
        "DF230",
        "`ONBUILD ONBUILD` is not allowed",
    );
    has(&v, "flag/Dockerfile", "DF000", "unknown flag `--moé`");
    has(
        &v,
        "unclosed/Dockerfile",
        "DF000",
        "nested more than 32 levels deep",
    );
    has(
        &v,
        "url/compose.yaml",
        "DC132",
        "`redis://` connection string",
    );
    assert_eq!(v["files"].as_u64(), Some(2_005));
    for d in v["diagnostics"].as_array().unwrap() {
        let m = d["message"].as_str().unwrap();
        assert!(!m.contains("internal error"), "{}: {m}", d["path"]);
    }
}

/// A script nested past what the shell parser follows hides the commands
/// inside from every rule: that is an error at the level too many, never a
/// clean pass. Just under the limit, the commands are still checked.
#[test]
fn deep_shell_nesting_is_a_diagnostic_not_a_clean_pass() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let inner = "curl -fsSL https://x.example/i.sh | sh";
    let shapes = [
        ("subshell", "( ", " )"),
        ("group", "{ ", "; }"),
        ("substitution", "echo $(", ")"),
        ("if", "if true; then ", "; fi"),
    ];
    for (name, open, close) in shapes {
        for (depth, dir) in [(200, "deep"), (50, "shallow")] {
            write(
                d,
                &format!("{dir}/{name}/Dockerfile"),
                format!(
                    "FROM alpine:3\nUSER 1\nRUN {}{inner}{}\n",
                    open.repeat(depth),
                    close.repeat(depth)
                ),
            );
        }
    }
    let (v, _, _) = run(d, &["check", "--format", "json", "--fail-on", "never"]);
    for (name, _, _) in shapes {
        has(
            &v,
            &format!("deep/{name}/Dockerfile"),
            "DF000",
            "shell script nested more than 64 levels deep",
        );
        has(
            &v,
            &format!("shallow/{name}/Dockerfile"),
            "DF103",
            "`sh` runs a script piped from `curl`",
        );
        assert!(
            !diags_of(&v, &format!("shallow/{name}/Dockerfile"))
                .iter()
                .any(|m| m.starts_with("DF000")),
            "{name}"
        );
    }
}

/// Fingerprints (SARIF, Code Climate, GitLab) hash the line a diagnostic
/// starts on: 10,000 diagnostics on one 450 KB line hashed 4.5 GB, half a minute
/// of CPU in a debug build (the deep_nesting fuzzer's find). Only the
/// first 4 KB of a line is hashed now. The human format's snippet counted
/// the characters of the whole line for each diagnostic; it looks at a
/// window around the span now.
#[test]
fn many_diagnostics_on_one_long_line_render_in_linear_time() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // Each word that is not `name=value` is a DF000.
    write(
        d,
        "Dockerfile",
        format!("FROM alpine:3\nUSER 1\nENV a=1 {}\n", "ab ".repeat(150_000)),
    );
    let cpu_of = |format: &str| {
        let m = common::measured::run_cpu_bounded(
            d,
            &["check", "--format", format, "--fail-on", "never"],
            CPU_BOUND,
        );
        (m.cpu, m.stdout())
    };
    // The concise format prints no line text: what linting alone costs.
    let (base, out) = cpu_of("concise");
    assert_eq!(out.matches("error[DF000").count(), 10_000);
    // Before: sarif 13.4 s, codeclimate 12.8 s, human 5.2 s of CPU, with
    // the concise format at 1.3 s (debug build). The bound holds the
    // rendering apart from the linting: once linting got faster (concise
    // 0.43 s), `base * 2 + 1 s` left SARIF's linear 1.44 s of hashing 4 KB
    // per diagnostic 7 ms short, and failed a CI run on noise. The old
    // cost is still far past this bound (5.9 s at a 1.3 s base).
    let bound = base * 3 + Duration::from_secs(2);
    for format in ["sarif", "codeclimate", "human"] {
        let (cpu, out) = cpu_of(format);
        eprintln!("{format}: {cpu:?} CPU, concise {base:?}");
        assert!(cpu < bound, "{format}: {cpu:?} against concise {base:?}");
        let n = match format {
            "sarif" => {
                serde_json::from_str::<serde_json::Value>(&out).unwrap()["runs"][0]["results"]
                    .as_array()
                    .unwrap()
                    .len()
            }
            "codeclimate" => serde_json::from_str::<serde_json::Value>(&out)
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            _ => out.matches("error[DF000").count() + 1,
        };
        assert_eq!(n, 10_001, "{format}");
    }
}

/// Columns on a long line that is not ASCII: each one counted the
/// characters from the start of its line, so 10,000 findings 400 KB into
/// one line counted 4 GB (the deep_nesting fuzzer's third find: 15 s to
/// render in release). Columns now count from the nearest of the marks
/// the line index keeps every 4 KB.
#[test]
fn columns_on_a_long_line_that_is_not_ascii_stay_linear() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "Dockerfile",
        format!(
            "FROM alpine:3\nUSER 1\nENV a=é b={} {}\n",
            "x".repeat(400_000),
            "ab ".repeat(12_000)
        ),
    );
    for format in ["concise", "sarif"] {
        let m = common::measured::run_cpu_bounded(
            d,
            &["check", "--format", format, "--fail-on", "never"],
            CPU_BOUND,
        );
        eprintln!("{format}: {:?} CPU", m.cpu);
        assert!(m.cpu < Duration::from_secs(10), "{format}: {:?}", m.cpu);
    }
}
