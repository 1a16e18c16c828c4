//! A download or package manager with TLS certificate verification turned off for a download tool or package
//! manager.

use crate::dockerfile::Keyword;
use crate::dockerfile::edit::delete_word;
use crate::rules::prelude::*;
use crate::rules::support::downloads::{CURL_SHORT_VALUE, find_option};
use crate::rules::support::file_writes::{file_write, may_write_files};
use crate::rules::support::run_scripts::by_instruction;
use crate::shell::{CommandView, Word};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF104",
    name: "tls-verification-disabled",
    kind: Dockerfile,
    severity: Warning,
    summary: "a download or package manager runs with TLS certificate verification turned off",
    origins: [
        checkov("CKV2_DOCKER_2"),
        checkov("CKV2_DOCKER_3"),
        checkov("CKV2_DOCKER_4"),
        checkov("CKV2_DOCKER_5"),
        checkov("CKV2_DOCKER_6"),
        checkov("CKV2_DOCKER_12"),
        checkov("CKV2_DOCKER_13"),
        checkov("CKV2_DOCKER_14"),
        checkov("CKV2_DOCKER_15"),
        checkov("CKV2_DOCKER_16"),
    ],
    fixable: true,
};

const HELP_CA: &str = "keep verification on; for a server with a private CA, install the CA certificate (`update-ca-certificates`) or pass it to the tool";

/// An environment variable that turns verification off with this value.
fn env_disables(name: &str, value: &str) -> Option<&'static str> {
    let v = value.trim_matches(['"', '\'']);
    match name {
        "PYTHONHTTPSVERIFY" if v == "0" => Some("Python's `ssl` module"),
        "NODE_TLS_REJECT_UNAUTHORIZED" if v == "0" => Some("Node.js"),
        n if n.eq_ignore_ascii_case("NPM_CONFIG_STRICT_SSL")
            && ["false", "0", "no"].iter().any(|o| v.eq_ignore_ascii_case(o)) =>
        {
            Some("npm")
        }
        "GIT_SSL_NO_VERIFY" if !v.is_empty() => Some("git"),
        "PIP_TRUSTED_HOST" if !v.is_empty() => Some("pip, for the hosts it names"),
        "GOINSECURE" if !v.is_empty() => Some("the Go module fetcher, for the modules it names"),
        _ => None,
    }
}

/// `0`, `false`, `no`, `off`, quoted or not.
fn is_off(v: &str) -> bool {
    let v = v.trim_matches(['"', '\'', ' ']);
    ["0", "false", "no", "off"]
        .iter()
        .any(|o| v.eq_ignore_ascii_case(o))
}

/// A `sslverify=0`-style setting: `key` (case-insensitive, possibly
/// prefixed with `section.`) set to an off value.
fn setting_off(text: &str, key: &str) -> bool {
    let Some((k, v)) = text.split_once('=') else {
        return false;
    };
    let k = k.trim().trim_matches(['"', '\'']);
    let last = k.rsplit('.').next().unwrap_or(k);
    last.eq_ignore_ascii_case(key) && is_off(v)
}

struct Finding {
    span: Span,
    message: String,
    help: &'static str,
    /// What to remove: whole words, or one letter of an option cluster.
    removal: Option<Removal>,
}

enum Removal {
    /// Delete these words (an option and its value).
    Words(Span, Option<Span>),
    /// Rewrite a cluster without one letter (`-fsSLk` to `-fsSL`).
    Letter(Span, String),
}

fn finding(w: &Word, message: String, help: &'static str) -> Finding {
    Finding {
        span: w.span,
        message,
        help,
        removal: None,
    }
}

/// The option word removed: alone it goes, in a cluster its letter does.
fn option_removal(w: &Word, letter: char) -> Option<Removal> {
    if w.dynamic || w.quoted {
        return None;
    }
    let t = w.text.as_str();
    if t.starts_with("--") || t.len() == 2 {
        return Some(Removal::Words(w.span, None));
    }
    let rest: String = t[1..].chars().filter(|&c| c != letter).collect();
    Some(Removal::Letter(w.span, format!("-{rest}")))
}

/// Findings in one command.
fn command_findings(v: &CommandView, out: &mut Vec<Finding>) {
    let Some(name) = v.name_str() else {
        return;
    };
    match name {
        "curl" => {
            if let Some(w) = find_option(v.args, Some('k'), &["insecure"], CURL_SHORT_VALUE) {
                let mut f = finding(
                    w,
                    format!("`curl {}` does not verify the server's TLS certificate", w.text),
                    HELP_CA,
                );
                f.removal = option_removal(w, 'k');
                out.push(f);
            }
        }
        "wget" => {
            if let Some(w) = v.args.iter().find(|w| w.text == "--no-check-certificate") {
                let mut f = finding(
                    w,
                    "`wget --no-check-certificate` does not verify the server's TLS certificate".into(),
                    HELP_CA,
                );
                f.removal = option_removal(w, ' ');
                out.push(f);
            }
        }
        n if n.starts_with("pip") || n.starts_with("python") => {
            if let Some(i) = v
                .args
                .iter()
                .position(|w| w.text == "--trusted-host" || w.text.starts_with("--trusted-host="))
            {
                let w = &v.args[i];
                let mut f = finding(
                    w,
                    "`pip --trusted-host` accepts the host without a valid TLS certificate".into(),
                    "remove `--trusted-host`; for a private index with its own CA, pass `--cert` or install the CA certificate",
                );
                let value = (w.text == "--trusted-host").then(|| v.args.get(i + 1)).flatten();
                if !w.quoted && (w.text != "--trusted-host" || value.is_some()) {
                    f.removal = Some(Removal::Words(w.span, value.map(|x| x.span)));
                }
                out.push(f);
            }
            let pos: Vec<&Word> = v.positional().collect();
            if pos.len() >= 3
                && pos[0].text == "config"
                && pos[1].text == "set"
                && pos[2].text.ends_with("trusted-host")
            {
                out.push(finding(
                    pos[2],
                    "`pip config set ... trusted-host` accepts hosts without a valid TLS certificate".into(),
                    "remove the setting; for a private index with its own CA, set `global.cert` instead",
                ));
            }
        }
        "git" => {
            let mut args = v.args.iter().peekable();
            while let Some(w) = args.next() {
                if w.text == "-c"
                    && let Some(kv) = args.peek()
                    && setting_off(&kv.text, "sslverify")
                {
                    out.push(finding(
                        kv,
                        format!("`git -c {}` does not verify the server's TLS certificate", kv.text),
                        HELP_CA,
                    ));
                }
            }
            let pos: Vec<&Word> = v.positional().collect();
            if pos.len() >= 3
                && pos[0].text == "config"
                && pos[1].text.to_ascii_lowercase().ends_with("sslverify")
                && is_off(&pos[2].text)
            {
                out.push(finding(
                    pos[1],
                    format!("`git config {} {}` turns off TLS certificate verification", pos[1].text, pos[2].text),
                    HELP_CA,
                ));
            }
        }
        "npm" | "yarn" | "pnpm" => {
            let pos: Vec<&Word> = v.positional().collect();
            let set_at = match pos.first().map(|w| w.text.as_str()) {
                Some("set") => Some(1),
                Some("config" | "c") if pos.get(1).is_some_and(|w| w.text == "set") => Some(2),
                _ => None,
            };
            if let Some(i) = set_at
                && let Some(key) = pos.get(i)
            {
                let off = if key.text.contains('=') {
                    setting_off(&key.text, "strict-ssl")
                } else {
                    key.text == "strict-ssl" && pos.get(i + 1).is_some_and(|v| is_off(&v.text))
                };
                if off {
                    out.push(finding(
                        key,
                        format!("`{name} config set strict-ssl false` turns off TLS certificate verification"),
                        "keep `strict-ssl` on; for a registry with a private CA, set `cafile` instead",
                    ));
                }
            }
            if let Some(w) = v.args.iter().find(|w| {
                w.text
                    .strip_prefix("--strict-ssl=")
                    .is_some_and(is_off)
            }) {
                out.push(finding(
                    w,
                    format!("`{name} {}` turns off TLS certificate verification", w.text),
                    "keep `strict-ssl` on; for a registry with a private CA, set `cafile` instead",
                ));
            }
        }
        "yum" | "dnf" | "dnf5" | "microdnf" | "tdnf" | "yum-config-manager" => {
            if let Some(w) = v.args.iter().find(|w| {
                w.text
                    .strip_prefix("--setopt=")
                    .is_some_and(|o| setting_off(o, "sslverify"))
                    || (setting_off(&w.text, "sslverify") && !w.text.starts_with('-'))
            }) {
                out.push(finding(
                    w,
                    format!("`{}` turns off TLS certificate verification for package repositories", w.text),
                    "keep `sslverify` on; for a repository with a private CA, set `sslcacert` to its certificate",
                ));
            }
        }
        "apt-get" | "apt" => {
            if let Some(w) = v.args.iter().find(|w| {
                // The setting is `Acquire::https::Verify-Peer=false`: no
                // `::` or `=`, nothing to lower-case.
                if !(w.text.contains("::") && w.text.contains('=')) {
                    return false;
                }
                let t = w.text.to_ascii_lowercase();
                (t.contains("acquire::https::verify-peer=") || t.contains("acquire::https::verify-host="))
                    && is_off(t.rsplit('=').next().unwrap_or(""))
            }) {
                out.push(finding(
                    w,
                    format!("`{}` turns off TLS certificate verification for apt", w.text),
                    HELP_CA,
                ));
            }
        }
        _ => {}
    }
    // Assignments passed through `env` or `export`.
    let assigned = v.prefix.iter().chain(if name == "export" { v.args } else { &[] });
    for w in assigned {
        if let Some((k, val)) = w.text.split_once('=')
            && let Some(tool) = env_disables(k, val)
        {
            out.push(env_finding(w.span, k, val, tool));
        }
    }
}

fn env_finding(span: Span, name: &str, value: &str, tool: &str) -> Finding {
    Finding {
        span,
        message: format!("`{name}={value}` turns off TLS certificate verification in {tool}"),
        help: "remove the variable; for a server with a private CA, install the CA certificate instead",
        removal: None,
    }
}

/// Settings written into tools' configuration files.
fn config_write_disables(text: &str, targets: &[&Word]) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let ends = |s: &[&str]| targets.iter().any(|t| s.iter().any(|x| t.text.ends_with(x)));
    let line_off = |key: &str| lower.lines().flat_map(|l| l.split(['\n', ';'])).any(|l| setting_off(l, key));
    if (ends(&["yum.conf", "dnf.conf", ".repo"])) && line_off("sslverify") {
        return Some("yum and dnf");
    }
    if ends(&["wgetrc"]) && line_off("check_certificate") {
        return Some("wget");
    }
    if ends(&[".curlrc"]) && lower.lines().any(|l| matches!(l.trim(), "insecure" | "-k" | "--insecure")) {
        return Some("curl");
    }
    if ends(&[".npmrc", "npmrc"]) && line_off("strict-ssl") {
        return Some("npm");
    }
    if ends(&[".gemrc"]) && lower.contains("ssl_verify_mode: 0") {
        return Some("RubyGems");
    }
    if ends(&["pip.conf", "pip.ini"]) && lower.contains("trusted-host") {
        return Some("pip");
    }
    if ends(&[".gitconfig"]) && line_off("sslverify") {
        return Some("git");
    }
    if targets.iter().any(|t| t.text.contains("apt.conf"))
        && (lower.contains("verify-peer") || lower.contains("verify-host"))
        && lower.contains("false")
    {
        return Some("apt");
    }
    None
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let writes = may_write_files(cx.model());
    let mut found = Vec::new();
    for g in by_instruction(cx.model()) {
        for s in g.scripts {
            for (idx, cmd) in s.script.commands.iter().enumerate() {
                let v = cmd.effective();
                command_findings(&v, &mut found);
                for a in &cmd.assignments {
                    if let Some(tool) = env_disables(&a.name, &a.value.text) {
                        found.push(env_finding(a.span, &a.name, &a.value.text, tool));
                    }
                }
                if writes
                    && let Some(w) = file_write(&s.script, idx, cx.text())
                    && let Some(tool) = config_write_disables(&w.text, &w.targets)
                {
                    found.push(Finding {
                        span: w.span,
                        message: format!("this writes a setting that turns off TLS certificate verification for {tool}"),
                        help: HELP_CA,
                        removal: None,
                    });
                }
            }
        }
    }
    for ins in &cx.df().instructions {
        if !matches!(ins.keyword, Keyword::Env | Keyword::Arg) {
            continue;
        }
        for kv in ins.pairs() {
            if let Some(v) = &kv.value
                && let Some(tool) = env_disables(&kv.key.value, &v.value)
            {
                found.push(env_finding(kv.span, &kv.key.value, &v.value, tool));
            }
        }
    }
    let text = cx.text();
    let escape = cx.df().escape;
    for f in found {
        let d = out.report(&META, f.span, f.message);
        d.help(f.help);
        // Unsafe: the download fails if the certificate does not verify.
        let edits = match f.removal {
            None => continue,
            Some(Removal::Letter(span, rest)) => vec![Edit::replace(span, rest)],
            Some(Removal::Words(option, value)) => {
                let mut e = vec![delete_word(text, option, escape)];
                e.extend(value.map(|v| delete_word(text, v, escape)));
                e
            }
        };
        d.fix(Fix::unsafe_edit("turn certificate verification back on", edits));
    }
}
