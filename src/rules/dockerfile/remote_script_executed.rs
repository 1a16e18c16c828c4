//! A script downloaded and run in one go (`curl ... | sh`).

use crate::rules::prelude::*;
use crate::rules::support::downloads::{
    downloader, is_script_interpreter, is_shell, runs_stdin, writes_stdout,
};
use crate::rules::support::run_scripts::by_instruction;
use crate::shell::{Command, Script};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF103",
    name: "remote-script-executed",
    kind: Dockerfile,
    severity: Warning,
    summary: "a downloaded script is run without being checked (`curl ... | sh`)",
    origins: [],
};

const HELP: &str = "download the script to a file, check it against a known checksum (`sha256sum -c`), then run it; or `ADD --checksum=sha256:... <url>`";

/// Filters a download may pass through before it reaches the interpreter.
fn is_filter(c: &Command) -> bool {
    let v = c.effective();
    match v.name_str() {
        Some("gunzip" | "zcat" | "xzcat" | "bzcat" | "tee" | "cat") => true,
        Some("gzip" | "xz" | "bzip2" | "base64") => v.has_flag(&['d'], &["decompress", "decode"]),
        _ => false,
    }
}

/// The download command (and its tool name) inside a word's substitution.
fn downloads_in(script: &Script, span: Span) -> Option<(&Command, &str)> {
    script.commands.iter().find_map(|c| {
        if !c.in_substitution || c.span.start < span.start || c.span.end > span.end {
            return None;
        }
        let v = c.effective();
        downloader(&v).map(|_| (c, v.name_str().unwrap_or_default()))
    })
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for g in by_instruction(cx.model()) {
        for s in g.scripts {
            let script = &s.script;
            for (idx, cmd) in script.commands.iter().enumerate() {
                let v = cmd.effective();
                // `curl url | sh`, `wget -qO- url | gunzip | bash -s -- x`
                if let Some(kind) = downloader(&v)
                    && writes_stdout(kind, &v)
                {
                    let mut cur = idx;
                    let mut next = script.next_in_pipeline(cur);
                    while let Some(n) = next {
                        if !is_filter(n) {
                            break;
                        }
                        cur = script.commands[cur + 1..]
                            .iter()
                            .position(|c| std::ptr::eq(c, n))
                            .map_or(cur, |p| cur + 1 + p);
                        next = script.next_in_pipeline(cur);
                    }
                    if let Some(n) = next {
                        let nv = n.effective();
                        if let Some(interp) = nv.name_str().filter(|i| is_script_interpreter(i))
                            && runs_stdin(&nv)
                        {
                            let tool = v.name_str().unwrap_or_default();
                            out.report(
                                &META,
                                n.span,
                                format!("`{interp}` runs a script piped from `{tool}` without checking what was downloaded"),
                            )
                            .label(cmd.span, "downloaded here")
                            .help(HELP);
                        }
                    }
                    continue;
                }
                // `sh -c "$(curl url)"`, `bash <(curl url)`, `eval "$(wget -O- url)"`,
                // `source <(curl url)`.
                let Some(name) = v.name_str() else {
                    continue;
                };
                let runs_code = is_script_interpreter(name) || matches!(name, "eval" | "source" | ".");
                if !runs_code {
                    continue;
                }
                let mut after_c = false;
                for w in v.args {
                    let code = if w.text.starts_with("<(") {
                        true
                    } else if name == "eval" {
                        w.text.contains("$(") || w.text.contains('`')
                    } else if after_c {
                        w.text.starts_with("$(") || w.text.starts_with('`')
                    } else {
                        false
                    };
                    after_c = (is_shell(name) || name.starts_with("python"))
                        && w.text.starts_with('-')
                        && !w.text.starts_with("--")
                        && w.text.contains('c')
                        || (!is_shell(name) && matches!(w.text.as_str(), "-e" | "-c"));
                    if !code || !w.dynamic {
                        continue;
                    }
                    if let Some((d, tool)) = downloads_in(script, w.span) {
                        let dv = d.effective();
                        if downloader(&dv).is_some_and(|k| writes_stdout(k, &dv)) {
                            out.report(
                                &META,
                                w.span,
                                format!("`{name}` runs a script downloaded by `{tool}` without checking it"),
                            )
                            .help(HELP);
                        }
                    }
                }
            }
        }
    }
}
