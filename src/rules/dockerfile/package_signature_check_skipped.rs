//! A package manager told to install packages without checking their
//! signatures.

use crate::rules::prelude::*;
use crate::rules::support::file_writes::{file_write, may_write_files};
use crate::rules::support::run_scripts::by_instruction;
use crate::shell::{CommandView, Word};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF105",
    name: "package-signature-check-skipped",
    kind: Dockerfile,
    severity: Warning,
    summary: "a package manager installs packages without checking their signatures",
    origins: [
        checkov("CKV2_DOCKER_7"),
        checkov("CKV2_DOCKER_8"),
        checkov("CKV2_DOCKER_9"),
        checkov("CKV2_DOCKER_10"),
        checkov("CKV2_DOCKER_11"),
    ],
    fixable: true,
};

fn off(v: &str) -> bool {
    matches!(
        v.trim_matches(['"', '\'', ' ']).to_ascii_lowercase().as_str(),
        "0" | "false" | "no" | "off"
    )
}

fn on(v: &str) -> bool {
    matches!(
        v.trim_matches(['"', '\'', ' ']).to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

/// `key=value` with the last dotted part of `key` equal to `name`.
fn setting<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let (k, v) = text.split_once('=')?;
    let last = k.rsplit(['.', ':']).next().unwrap_or(k);
    last.eq_ignore_ascii_case(name).then_some(v)
}

/// The word of a command that skips signature checks, with what it does.
fn skips<'a>(v: &CommandView<'a>) -> Option<(&'a Word, &'static str)> {
    let name = v.name_str()?;
    let find = |flags: &[&str]| {
        v.args
            .iter()
            .take_while(|w| w.text != "--")
            .find(|w| flags.iter().any(|f| w.text == *f || w.text.strip_prefix(f).is_some_and(|r| r.starts_with('='))))
    };
    match name {
        "apk" => {
            // A local `.apk` is not verified either: it may come from
            // anywhere before it is installed.
            find(&["--allow-untrusted"]).map(|w| (w, "installs packages whose signature apk cannot verify"))
        }
        "apt-get" | "apt" | "aptitude" => {
            if let Some(w) = find(&["--allow-unauthenticated", "--allow-insecure-repositories", "--force-yes"]) {
                return Some((w, "lets apt install packages that fail authentication"));
            }
            v.args
                .iter()
                .find(|w| {
                    // A setting has an `=`; most words do not, and the
                    // trims below cost more than this look.
                    if !w.text.contains('=') {
                        return false;
                    }
                    let t = w.text.trim_start_matches("-o").trim_start_matches("--option=");
                    setting(t, "AllowUnauthenticated").is_some_and(on)
                        || setting(t, "AllowInsecureRepositories").is_some_and(on)
                })
                .map(|w| (w, "lets apt install packages that fail authentication"))
        }
        "yum" | "dnf" | "dnf5" | "microdnf" | "tdnf" | "yum-config-manager" => {
            if let Some(w) = find(&["--nogpgcheck", "--no-gpgchecks"]) {
                return Some((w, "installs packages without checking their GPG signatures"));
            }
            v.args
                .iter()
                .find(|w| {
                    let t = w.text.strip_prefix("--setopt=").unwrap_or(&w.text);
                    setting(t, "gpgcheck").is_some_and(off) || setting(t, "localpkg_gpgcheck").is_some_and(off)
                })
                .map(|w| (w, "turns off GPG signature checks for packages"))
        }
        "rpm" => find(&["--nodigest", "--nosignature", "--noverify", "--nofiledigest"])
            .map(|w| (w, "installs or checks packages without verifying their digests or signatures")),
        "zypper" => find(&["--no-gpg-checks", "--no-gpgcheck"])
            .map(|w| (w, "installs packages without checking their GPG signatures")),
        _ => None,
    }
}

/// Repository definitions written into files that disable signature checks.
fn repo_write_skips(text: &str, targets: &[&Word]) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let ends = |s: &[&str]| targets.iter().any(|t| s.iter().any(|x| t.text.ends_with(x)));
    if ends(&[".repo", "yum.conf", "dnf.conf"])
        && lower
            .lines()
            .flat_map(|l| l.split([' ', ';']))
            .any(|l| setting(l, "gpgcheck").is_some_and(off))
    {
        return Some("turns off GPG signature checks for the repository");
    }
    // A local repository (`file:`, `copy:`) holds packages built in this
    // build; there is no download to authenticate.
    if targets.iter().any(|t| t.text.contains("sources.list"))
        && (lower.contains("trusted=yes") || lower.contains("allow-insecure=yes"))
        && !lower.contains("file:/")
        && !lower.contains("copy:/")
    {
        return Some("marks the apt repository as trusted, so its packages are not authenticated");
    }
    if targets.iter().any(|t| t.text.contains("apt.conf"))
        && (lower.contains("allowunauthenticated") || lower.contains("allowinsecurerepositories"))
        && lower.contains("true")
    {
        return Some("lets apt install packages that fail authentication");
    }
    None
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let writes = may_write_files(cx.model());
    for g in by_instruction(cx.model()) {
        for s in g.scripts {
            for (idx, cmd) in s.script.commands.iter().enumerate() {
                let v = cmd.effective();
                if let Some((w, what)) = skips(&v) {
                    let tool = v.name_str().unwrap_or_default();
                    let d = out.report(&META, w.span, format!("`{tool} {}` {what}", w.text));
                    d.help("remove the option and import the repository's signing key; for a local package, sign it or verify its checksum before installing");
                    // An option that stands alone is removed; the install
                    // then fails if the packages are not signed (unsafe).
                    let alone = w.text.starts_with("--")
                        && !w.dynamic
                        && !w.quoted
                        && (!w.text.contains('=') || w.text.starts_with("--setopt="));
                    if alone {
                        d.fix(Fix::unsafe_edit(
                            format!("remove `{}`", w.text),
                            vec![crate::dockerfile::edit::delete_word(cx.text(), w.span, cx.df().escape)],
                        ));
                    }
                }
                if writes
                    && let Some(w) = file_write(&s.script, idx, cx.text())
                    && let Some(what) = repo_write_skips(&w.text, &w.targets)
                {
                    out.report(&META, w.span, format!("this repository definition {what}"))
                        .help("remove the setting and import the repository's signing key");
                }
            }
        }
    }
}
