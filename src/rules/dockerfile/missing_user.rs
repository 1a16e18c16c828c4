//! The final stage never sets `USER`.

use crate::dockerfile::Keyword;
use crate::dockerfile::edit::{file_cased, insert_line_after};
use crate::rules::prelude::*;
use crate::rules::support::image_users::stage_non_root_base;
use crate::rules::support::fix_value;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF001",
    name: "missing-user",
    kind: Dockerfile,
    severity: Warning,
    summary: "the final stage never sets `USER`, so the container runs as root",
    origins: [trivy("DS-0002"), checkov("CKV_DOCKER_3")],
    fixable: true,
    options: Some(|t| fix_value::parse(t, check_user)),
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let model = cx.model();
    let Some(last) = model.final_stage() else {
        return;
    };
    if model.last_inherited(cx.df(), last.index, Keyword::User).is_some() {
        return;
    }
    // A base image documented to run as a non-root user.
    if stage_non_root_base(model, last.index).is_some() {
        return;
    }
    let from = &cx.df().instructions[last.from];
    let inherited = model.chain(last.index).count() > 1;
    let msg = if inherited {
        "the final stage and the stages it builds on never set `USER`, so the container runs as root"
    } else {
        "the final stage never sets `USER`, so the container runs as root"
    };
    let d = out.report(&META, from.span, msg);
    d.help("create an unprivileged user and add `USER <name>` after the steps that need root");
    if let Some(fix) = user_fix(cx, last) {
        d.fix(fix);
    }
}

/// The user the fix sets when `fix-value` is not configured: a numeric
/// user and group that no distribution allocates.
pub const DEFAULT_USER: &str = "10001:10001";

fn check_user(v: &str) -> Result<(), String> {
    let user = v.split(':').next().unwrap_or("");
    if user.is_empty() || !v.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return Err("expected a numeric `UID` or `UID:GID`".into());
    }
    if crate::rules::support::is_root_user(v) {
        return Err("that is root".into());
    }
    Ok(())
}

/// Commands in `CMD` or `ENTRYPOINT` that need to start as root (to drop
/// privileges, change ownership or run system daemons).
const NEEDS_ROOT: &[&str] = &[
    "gosu", "su-exec", "su", "sudo", "setpriv", "runuser", "chroot", "chown", "service",
    "systemctl", "cron", "crond", "sshd", "supervisord", "init", "s6-svscan", "runsvdir",
];

/// `USER <uid>:<gid>` after the last `RUN` of the final stage (or after
/// its `FROM`), so every build step keeps running as before and only the
/// container changes user. Unsafe: the program may need root at run time
/// (to bind a port below 1024 without the capability, to write files
/// owned by root). Not offered for Windows images, or when `CMD` or
/// `ENTRYPOINT` visibly starts as root to drop privileges itself.
fn user_fix(cx: &DockerfileContext, last: &crate::dockerfile::Stage) -> Option<Fix> {
    let df = cx.df();
    let model = cx.model();
    if last.windows {
        return None;
    }
    for s in model.chain(last.index) {
        for i in s.body() {
            if !matches!(df.instructions[i].keyword, Keyword::Cmd | Keyword::Entrypoint) {
                continue;
            }
            let starts_as_root = model.scripts_of(i).any(|sc| {
                sc.script.commands.iter().any(|c| {
                    c.effective()
                        .name_str()
                        .is_some_and(|n| NEEDS_ROOT.contains(&crate::shell::basename(n)))
                        || c.words
                            .iter()
                            .any(|w| NEEDS_ROOT.contains(&crate::shell::basename(&w.text)))
                })
            });
            let exec_root = df.instructions[i]
                .words()
                .first()
                .is_some_and(|w| NEEDS_ROOT.contains(&crate::shell::basename(&w.value)));
            if starts_as_root || exec_root {
                return None;
            }
        }
    }
    let after = last
        .body()
        .rev()
        .find(|&i| df.instructions[i].keyword == Keyword::Run)
        .unwrap_or(last.from);
    let user = fix_value::get(cx.options, &META, DEFAULT_USER);
    let line = format!("{} {user}", file_cased(df, cx.text(), "USER"));
    Some(Fix::unsafe_edit(
        format!("run the container as `{user}`"),
        vec![insert_line_after(cx.text(), &df.instructions[after], &line)],
    ))
}
