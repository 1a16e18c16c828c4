//! `useradd` with a large UID and without `--no-log-init`.

use crate::rules::prelude::*;
use crate::dockerfile::expand::Var;
use crate::rules::support::run_scripts::run_commands;
use crate::rules::support::run_secrets::whole_variable;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF132",
    name: "useradd-without-no-log-init",
    kind: Dockerfile,
    severity: Info,
    summary: "`useradd` creates a user with a large UID without `--no-log-init`, which bloats the image",
    origins: [hadolint("DL3046")],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    if !cx.model().may_run(&["useradd"]) {
        return;
    }
    for (g, cmd) in run_commands(cx.model()) {
        let v = cmd.effective();
        if v.name_str() != Some("useradd") || v.has_flag(&['l'], &["no-log-init"]) {
            continue;
        }
        let mut args = v.args.iter();
        let mut uid = None;
        while let Some(w) = args.next() {
            let t = w.text.as_str();
            if t == "-u" || t == "--uid" {
                uid = args.next().map(|v| (v, v.text.as_str()));
            } else if let Some(u) = t.strip_prefix("--uid=") {
                uid = Some((w, u));
            } else if let Some(u) = t.strip_prefix("-u").filter(|u| !u.is_empty() && !t.starts_with("--")) {
                uid = Some((w, u));
            }
        }
        let Some((word, value)) = uid else {
            continue;
        };
        // `-u ${UID}`: the build argument's default, when it has one.
        let resolved;
        let value = match whole_variable(value) {
            Some(name) => {
                let scope = cx.model().scope_at(cx.df(), g.instruction);
                match scope.get(name) {
                    Var::Value(v) => {
                        resolved = v.to_string();
                        resolved.as_str()
                    }
                    _ => continue,
                }
            }
            None => value,
        };
        if value.len() > 5 && value.bytes().all(|b| b.is_ascii_digit()) {
            out.report(
                &META,
                word.span,
                format!("user ID `{value}` makes `useradd` write a sparse `/var/log/lastlog` and `faillog` that grow with the UID"),
            )
            .help("add `--no-log-init` (`-l`)")
            // The skipped log entries were never read in an image.
            .fix(Fix::safe(
                "add `--no-log-init`",
                vec![crate::dockerfile::edit::insert_word_after(
                    v.name.map_or(word.span, |n| n.span),
                    "--no-log-init",
                )],
            ));
        }
    }
}
