//! A credential written into a build command instead of passed as a build
//! secret.

use crate::dockerfile::expand::Var;
use crate::dockerfile::Scope;
use crate::rules::prelude::*;
use crate::rules::support::file_writes::{file_write, may_write_files};
use crate::rules::support::run_mounts::{run_instruction, secret_env};
use crate::rules::support::run_scripts::by_instruction;
use crate::rules::support::run_secrets::{
    is_known_token, is_local_host, is_placeholder, is_secret_name, url_credentials, whole_variable,
};
use crate::shell::{CommandView, Word};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF106",
    name: "secret-in-run",
    kind: Dockerfile,
    severity: Error,
    summary: "a command passes a credential written in the Dockerfile or taken from a build argument",
    origins: [],
};

const HELP: &str = "mount it as a build secret: `RUN --mount=type=secret,id=token,env=TOKEN ...` with `docker build --secret id=token,env=TOKEN`";

/// Where a credential's value comes from.
enum Source {
    Literal,
    /// A build argument or `ENV` variable (recorded in the image).
    Variable(String),
}

/// Judges values for one instruction, resolving variables lazily.
struct Judge<'a> {
    cx: &'a DockerfileContext<'a>,
    instruction: usize,
    onbuild: bool,
    scope: Option<Scope>,
}

impl Judge<'_> {
    fn source(&mut self, value: &str, literal_ok: bool) -> Option<Source> {
        let value = value.trim_matches(['"', '\'']);
        if let Some(name) = whole_variable(value) {
            if let Some(ins) = run_instruction(self.cx.df(), self.instruction, self.onbuild)
                && secret_env(ins, name)
            {
                return None;
            }
            let scope = self
                .scope
                .get_or_insert_with(|| self.cx.model().scope_at(self.cx.df(), self.instruction));
            return match scope.get(name) {
                Var::Undefined => None,
                _ => Some(Source::Variable(name.to_string())),
            };
        }
        if !literal_ok || value.contains(['$', '`']) {
            return None;
        }
        (is_known_token(value) || !is_placeholder(value)).then_some(Source::Literal)
    }
}

struct Finding {
    span: Span,
    /// What holds the credential: "the password in this URL".
    what: String,
}

/// The span of `part` inside `w` when the word is written as its text
/// (unquoted, no escapes); the whole word otherwise.
fn sub_span(w: &Word, part: &str) -> Span {
    let off = (part.as_ptr() as usize).checked_sub(w.text.as_ptr() as usize);
    match off {
        Some(off)
            if !part.is_empty()
                && w.span.len() as usize == w.text.len()
                && off + part.len() <= w.text.len() =>
        {
            w.span.slice(off..off + part.len())
        }
        _ => w.span,
    }
}

/// Credentials in URLs inside a word: `https://user:pass@host`,
/// `https://ghp_...@github.com`.
fn url_findings(w: &Word, judge: &mut Judge, out: &mut Vec<(Finding, Source)>) {
    // Byte scans first: a credential in a URL needs `://` and an `@`
    // after it, which few words have.
    let b = w.text.as_bytes();
    let Some(scheme_end) = memchr::memchr_iter(b':', b).find(|&i| b[i + 1..].starts_with(b"//")) else {
        return;
    };
    if memchr::memchr(b'@', &b[scheme_end..]).is_none() {
        return;
    }
    for part in w.text.split([' ', '=', '"', '\'', ',', ';', '(', ')', '\n', '\t']) {
        let Some((user, secret, host)) = url_credentials(part) else {
            continue;
        };
        if is_local_host(host) || secret.is_empty() || user == Some(secret) {
            continue;
        }
        let source = match user {
            Some(_) => judge.source(secret, true),
            None if is_known_token(secret) => Some(Source::Literal),
            None => match whole_variable(secret) {
                Some(v) if is_secret_name(v) => judge.source(secret, false),
                _ => None,
            },
        };
        if let Some(s) = source {
            let what = if user.is_some() { "the password in this URL" } else { "the token in this URL" };
            out.push((Finding { span: sub_span(w, secret), what: what.into() }, s));
        }
    }
}

/// The values of options: `-o VALUE` (for `short`), `-oVALUE` (for
/// `short` and `attached`), `--opt VALUE` and `--opt=VALUE` (for `long`).
fn option_values<'a>(
    args: &'a [Word],
    short: &[&str],
    attached: &[&str],
    long: &[&str],
) -> Vec<(&'a Word, &'a str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(w) = args.get(i) {
        i += 1;
        let t = w.text.as_str();
        if t == "--" {
            break;
        }
        if short.contains(&t) || long.contains(&t) {
            if let Some(v) = args.get(i) {
                out.push((v, v.text.as_str()));
                i += 1;
            }
            continue;
        }
        if let Some((k, v)) = t.split_once('=')
            && long.contains(&k)
        {
            out.push((w, v));
            continue;
        }
        if !t.starts_with("--") {
            for s in short.iter().chain(attached) {
                if let Some(v) = t.strip_prefix(s).filter(|v| !v.is_empty()) {
                    out.push((w, v));
                }
            }
        }
    }
    out
}

const AUTH_HEADERS: &[&str] = &[
    "authorization",
    "private-token",
    "x-api-key",
    "api-key",
    "x-auth-token",
    "x-jfrog-art-api",
];

fn command_findings(v: &CommandView, judge: &mut Judge, out: &mut Vec<(Finding, Source)>) {
    let Some(name) = v.name_str() else {
        return;
    };
    let mut push = |w: &Word, value: &str, what: String, literal_ok: bool, judge: &mut Judge| {
        if let Some(s) = judge.source(value, literal_ok) {
            out.push((Finding { span: sub_span(w, value), what }, s));
        }
    };
    match name {
        "docker" | "podman" | "buildah" | "skopeo" | "nerdctl" | "oras" | "helm" | "crane" | "regctl"
            if v.args.iter().any(|w| w.text == "login") =>
        {
            for (w, val) in option_values(v.args, &["-p"], &[], &["--password"]) {
                push(w, val, format!("the password given to `{name} login`"), true, judge);
            }
        }
        "mysql" | "mysqladmin" | "mysqldump" | "mariadb" | "mysqlimport" | "mysqlshow" => {
            for (w, val) in option_values(v.args, &[], &["-p"], &["--password"]) {
                push(w, val, format!("the password given to `{name}`"), true, judge);
            }
        }
        "curl" => {
            for (w, val) in option_values(v.args, &["-u"], &[], &["--user", "--proxy-user"]) {
                if let Some((_, pass)) = val.split_once(':') {
                    push(w, pass, "the password given to `curl --user`".into(), true, judge);
                }
            }
            for (w, val) in option_values(v.args, &["-H"], &[], &["--header"]) {
                header(w, val, judge, &mut push);
            }
        }
        "svn" => {
            for (w, val) in option_values(v.args, &[], &[], &["--password"]) {
                push(w, val, "the password given to `svn`".into(), true, judge);
            }
        }
        "wget" => {
            for (w, val) in option_values(v.args, &[], &[], &["--password", "--http-password", "--ftp-password"]) {
                push(w, val, "the password given to `wget`".into(), true, judge);
            }
            for (w, val) in option_values(v.args, &[], &[], &["--header"]) {
                header(w, val, judge, &mut push);
            }
        }
        "npm" | "yarn" | "pnpm" => {
            let pos: Vec<&Word> = v.positional().collect();
            let at = match pos.first().map(|w| w.text.as_str()) {
                Some("set") => 1,
                Some("config" | "c") if pos.get(1).is_some_and(|w| w.text == "set") => 2,
                _ => usize::MAX,
            };
            if let Some(key) = pos.get(at) {
                let (k, val, w) = match key.text.split_once('=') {
                    Some((k, val)) => (k, Some(val), *key),
                    None => (key.text.as_str(), pos.get(at + 1).map(|w| w.text.as_str()), pos.get(at + 1).copied().unwrap_or(*key)),
                };
                if (k.ends_with("_authToken") || k.ends_with("_auth") || k.ends_with("_password"))
                    && let Some(val) = val
                {
                    push(w, val, format!("the registry credential set with `{name} config set`"), true, judge);
                }
            }
        }
        _ => {}
    }
    // Secret-named variables given a literal value: `export GITHUB_TOKEN=...`,
    // `env API_KEY=... cmd`.
    let assigned = v.prefix.iter().chain(if name == "export" { v.args } else { &[] });
    for w in assigned {
        if let Some((k, val)) = w.text.split_once('=')
            && (is_secret_name(k) || is_known_token(val))
        {
            push(w, val, format!("the value of `{k}`"), true, judge);
        }
    }
}

fn header(w: &Word, val: &str, judge: &mut Judge, push: &mut impl FnMut(&Word, &str, String, bool, &mut Judge)) {
    let Some((k, v)) = val.split_once(':') else {
        return;
    };
    let key = k.trim().to_ascii_lowercase();
    if !AUTH_HEADERS.contains(&key.as_str()) {
        return;
    }
    let v = v.trim();
    // `Bearer xyz`, `token xyz`, `Basic xyz`: the credential is the last word.
    let cred = v.rsplit(' ').next().unwrap_or(v);
    push(w, cred, format!("the `{}` header", k.trim()), true, judge);
}

/// Credentials written into files tools read them from.
fn file_findings(targets: &[&Word]) -> Vec<&'static str> {
    let ends = |s: &[&str]| targets.iter().any(|t| s.iter().any(|x| t.text.ends_with(x)));
    let mut keys = Vec::new();
    if ends(&[".npmrc", "npmrc", ".yarnrc", ".yarnrc.yml"]) {
        keys.extend(["_authToken", "_auth", "_password", "npmAuthToken"]);
    }
    if ends(&[".netrc", "_netrc"]) {
        keys.push("password");
    }
    if ends(&[".pypirc"]) {
        keys.push("password");
    }
    if targets.iter().any(|t| t.text.ends_with("config.json") && t.text.contains(".docker")) {
        keys.push("\"auth\"");
    }
    keys
}

/// The value after `key` in written text: `key=VALUE`, `key VALUE`,
/// `key: VALUE`, `"key": "VALUE"`.
fn value_after<'t>(text: &'t str, key: &str) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(key) {
        let after = &rest[i + key.len()..];
        let v = after.trim_start_matches(['=', ':', ' ', '"', '\t']);
        let end = v.find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ',').unwrap_or(v.len());
        if end > 0 {
            out.push(&v[..end]);
        }
        rest = after;
    }
    out
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let writes = may_write_files(cx.model());
    for g in by_instruction(cx.model()) {
        let mut judge = Judge {
            cx,
            instruction: g.instruction,
            onbuild: g.onbuild,
            scope: None,
        };
        let mut found: Vec<(Finding, Source)> = Vec::new();
        for s in g.scripts {
            for (idx, cmd) in s.script.commands.iter().enumerate() {
                for w in &cmd.words {
                    url_findings(w, &mut judge, &mut found);
                }
                for a in &cmd.assignments {
                    url_findings(&a.value, &mut judge, &mut found);
                    if (is_secret_name(&a.name) || is_known_token(&a.value.text))
                        && let Some(src @ Source::Literal) = judge.source(&a.value.text, true)
                    {
                        let span = if a.value.span.is_empty() {
                            a.span
                        } else {
                            a.value.span
                        };
                        let what = format!("the value of `{}`", a.name);
                        found.push((Finding { span, what }, src));
                    }
                }
                let v = cmd.effective();
                command_findings(&v, &mut judge, &mut found);
                if writes
                    && let Some(wr) = file_write(&s.script, idx, cx.text()) {
                    for key in file_findings(&wr.targets) {
                        for val in value_after(&wr.text, key) {
                            if let Some(src) = judge.source(val, true) {
                                found.push((Finding { span: wr.span, what: format!("the `{}` written to `{}`", key.trim_matches('"'), wr.targets[0].text) }, src));
                            }
                        }
                    }
                }
            }
        }
        let mut last: Option<Span> = None;
        for (f, src) in found {
            if last == Some(f.span) {
                continue;
            }
            last = Some(f.span);
            let msg = match src {
                Source::Literal => format!("{} is written in the Dockerfile, so it is stored in the image history", f.what),
                Source::Variable(v) => format!("{} comes from `${v}`, a build argument or `ENV` whose value is stored in the image", f.what),
            };
            out.report(&META, f.span, msg).help(HELP);
        }
    }
}
