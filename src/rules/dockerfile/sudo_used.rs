//! `sudo` in a Dockerfile command.

use crate::rules::prelude::*;
use crate::rules::support::run_scripts::all_commands;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF100",
    name: "sudo-used",
    kind: Dockerfile,
    severity: Warning,
    summary: "a command runs through `sudo`",
    origins: [hadolint("DL3004"), trivy("DS-0010"), checkov("CKV2_DOCKER_1")],
    fixable: true,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    if !cx.model().may_run(&["sudo", "doas"]) {
        return;
    }
    let users = std::cell::OnceCell::new();
    for (g, cmd) in all_commands(cx.model()) {
        // The outermost word: `sudo apt-get ...`, or a wrapper around it
        // (`env X=1 sudo ...`).
        let v = cmd.effective();
        let sudo = v
            .prefix
            .iter()
            .chain(v.name)
            .find(|w| matches!(crate::shell::basename(&w.text), "sudo" | "doas"));
        let Some(sudo) = sudo else {
            continue;
        };
        let what = crate::shell::basename(&sudo.text);
        let msg = if g.keyword == crate::dockerfile::Keyword::Run {
            format!("`{what}` in `RUN` needs sudo installed and configured in the image; switch `USER` instead")
        } else {
            format!("`{what}` in `{}` needs sudo configured in the image, which lets its users become root", g.keyword)
        };
        let d = out.report(&META, sudo.span, msg);
        d.help("run root steps before `USER` switches to an unprivileged user (or switch back with `USER root`); to drop privileges at run time use `gosu` or `su-exec`");
        if g.keyword != crate::dockerfile::Keyword::Run || g.onbuild {
            continue;
        }
        // `sudo cmd` as root runs `cmd`: dropping `sudo` (and options that
        // change nothing for root) keeps the step. Safe when the
        // Dockerfile sets a root `USER`; unsafe when the user comes from
        // the base image, which may not be root.
        let user = user_in_effect(cx, users.get_or_init(|| last_users(cx)), g.instruction);
        let applicability = match user {
            User::Root => Applicability::Safe,
            User::FromBase => Applicability::Unsafe,
            User::Other => continue,
        };
        let Some(name) = v.name else { continue };
        let first = v.prefix.first().unwrap_or(sudo);
        let harmless = |w: &crate::shell::Word| {
            std::ptr::eq(w, sudo)
                || matches!(w.text.as_str(), "-E" | "-H" | "-n" | "-S" | "--preserve-env" | "--set-home" | "--non-interactive")
        };
        if !std::ptr::eq(first, sudo)
            || std::ptr::eq(name, sudo)
            || !v.prefix.iter().all(harmless)
            || !cmd.assignments.is_empty()
            || sudo.dynamic
        {
            continue;
        }
        d.fix(Fix::new(
            applicability,
            format!("remove `{what}`"),
            vec![Edit::delete(Span::new(sudo.span.start, name.span.start))],
        ));
    }
}

/// Who runs a `RUN`, as far as the Dockerfile says.
enum User {
    /// A `USER` before it (in its stage or a stage it builds on) is root.
    Root,
    /// No `USER` before it: the base image decides.
    FromBase,
    /// A `USER` before it names someone else (or an unknown value).
    Other,
}

/// For each instruction, the last `USER` before it in its stage (one pass).
fn last_users(cx: &DockerfileContext) -> Vec<Option<usize>> {
    let df = cx.df();
    let model = cx.model();
    let mut last: Option<usize> = None;
    df.instructions
        .iter()
        .enumerate()
        .map(|(i, ins)| {
            if model.stage_of(i).is_some_and(|s| s.from == i) {
                last = None;
            }
            let before = last;
            if ins.keyword == crate::dockerfile::Keyword::User {
                last = Some(i);
            }
            before
        })
        .collect()
}

fn user_in_effect(cx: &DockerfileContext, users: &[Option<usize>], instruction: usize) -> User {
    let df = cx.df();
    let model = cx.model();
    let Some(stage) = model.stage_of(instruction) else {
        return User::Other;
    };
    let mut found = users.get(instruction).copied().flatten();
    if found.is_none()
        && let crate::dockerfile::StageBase::Stage(b) = stage.base
    {
        found = model.last_inherited(df, b, crate::dockerfile::Keyword::User);
    }
    let Some(i) = found else {
        return User::FromBase;
    };
    let Some(word) = df.instructions[i].words().first() else {
        return User::Other;
    };
    let e = model.scope_at(df, i).expand(&word.value, df.escape);
    if !e.unknown && crate::rules::support::is_root_user(&e.value) {
        User::Root
    } else {
        User::Other
    }
}
