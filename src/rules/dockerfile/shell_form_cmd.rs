//! `CMD` or `ENTRYPOINT` in shell form.

use crate::dockerfile::{Command, Keyword};
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF216",
    name: "shell-form-cmd",
    kind: Dockerfile,
    severity: Info,
    summary: "`CMD` or `ENTRYPOINT` uses shell form, so the program does not get signals",
    origins: [hadolint("DL3025"), buildkit("JSONArgsRecommended")],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    for (i, ins) in df.instructions.iter().enumerate() {
        if !matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint) {
            continue;
        }
        let Some(Command::Shell { text, .. }) = ins.command() else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        // A SHELL instruction makes the shell a deliberate choice.
        if model.shell(i).instruction.is_some() {
            continue;
        }
        let k = ins.keyword;
        let d = out.report(
            &META,
            ins.args_span,
            format!("`{k}` in shell form runs under `/bin/sh -c`, which does not pass signals such as `SIGTERM` on"),
        );
        let entrypoint_before = model
            .stage_of(i)
            .and_then(|s| model.last_inherited(df, s.index, Keyword::Entrypoint))
            .is_some_and(|e| e < i);
        if k == Keyword::Cmd && entrypoint_before {
            d.help("write it in exec form; with an `ENTRYPOINT`, a shell-form `CMD` is passed to it as `/bin/sh -c ...`");
        } else {
            d.help(format!("write it in exec form, such as `{k} [\"program\", \"arg\"]`, or `exec` the program"));
        }
        if let Some(words) = plain_words(text).filter(|_| ins.flags.is_empty()) {
            // A `CMD` alone is run the same way, minus the shell in
            // between. An `ENTRYPOINT` in exec form starts taking `CMD` and
            // `docker run` arguments, and a `CMD` after an `ENTRYPOINT`
            // reaches it as its own words instead of `/bin/sh -c ...`:
            // both change what runs, so they are unsafe.
            let applicability = if k == Keyword::Cmd && !entrypoint_before {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            let json: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
            d.fix(Fix::new(
                applicability,
                format!("write `{k}` in exec form"),
                vec![Edit::replace(ins.args_span, format!("[{}]", json.join(", ")))],
            ));
        }
    }
}

/// The words of a shell-form command that uses no shell syntax (no
/// quotes, expansions, globs, operators, redirections or comments), and
/// whose first word is a program, not a shell builtin or an assignment:
/// the command an exec-form array runs the same way. A leading `exec` is
/// dropped.
fn plain_words(text: &str) -> Option<Vec<&str>> {
    let plain = |w: &str| {
        !w.is_empty()
            && !w.starts_with('~')
            && w.bytes().all(|b| {
                b.is_ascii_alphanumeric() || b"_./:=,@%+-^".contains(&b)
            })
    };
    let mut words: Vec<&str> = text.split_ascii_whitespace().collect();
    if !words.iter().all(|w| plain(w)) {
        return None;
    }
    if words.first() == Some(&"exec") {
        words.remove(0);
    }
    let first = *words.first()?;
    const BUILTINS: &[&str] = &[
        ".", ":", "alias", "bg", "break", "cd", "command", "continue", "eval", "exec", "exit",
        "export", "fg", "getopts", "hash", "jobs", "let", "local", "read", "readonly", "return",
        "set", "shift", "source", "test", "times", "trap", "type", "ulimit", "umask", "unalias",
        "unset", "wait", "if", "then", "else", "fi", "for", "while", "until", "do", "done",
        "case", "esac", "function", "select", "time", "!",
    ];
    if BUILTINS.contains(&first) || first.contains('=') {
        return None;
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_words_only() {
        assert_eq!(super::plain_words("node server.js --port=80"), Some(vec!["node", "server.js", "--port=80"]));
        assert_eq!(super::plain_words("exec nginx -g daemon"), Some(vec!["nginx", "-g", "daemon"]));
        for shell in ["echo $HOME", "a && b", "a | b", "a > f", "cd /x", "'a'", "a *", "A=1 b", "a # c", "~/run"] {
            assert_eq!(super::plain_words(shell), None, "{shell}");
        }
    }
}
