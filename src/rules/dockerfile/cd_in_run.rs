//! `cd` in `RUN` instead of `WORKDIR`.

use crate::rules::prelude::*;
use crate::rules::support::run_scripts::runs;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF101",
    name: "cd-in-run",
    kind: Dockerfile,
    severity: Style,
    summary: "`RUN` changes directory with `cd` instead of `WORKDIR`",
    origins: [hadolint("DL3003"), trivy("DS-0013")],
    fixable: true,
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for g in runs(cx.model()) {
        let Some(cd) = g
            .commands()
            .find(|c| !c.in_substitution && c.effective().name_str() == Some("cd"))
        else {
            continue;
        };
        let Some(word) = cd.effective().name else {
            continue;
        };
        let d = out.report(
            &META,
            word.span,
            "`cd` in `RUN` only lasts for this instruction; `WORKDIR` sets the directory for the ones after it",
        );
        d.help("set the directory with `WORKDIR`, or use the command's own option (`make -C dir`, `git -C dir`)");
        if let Some(fix) = workdir_fix(cx, g, cd) {
            d.fix(fix);
        }
    }
}

/// `RUN cd /dir && rest` becomes `WORKDIR /dir` and `RUN rest`, when the
/// `cd` to an absolute, literal directory starts the script and `&&`
/// follows it. Unsafe: the directory then holds for every later
/// instruction of the stage, not only this `RUN`.
fn workdir_fix(
    cx: &DockerfileContext,
    g: crate::rules::support::run_scripts::InstructionScripts,
    cd: &crate::shell::Command,
) -> Option<Fix> {
    if g.onbuild || g.scripts.len() != 1 {
        return None;
    }
    let ins = &cx.df().instructions[g.instruction];
    if !ins.heredocs.is_empty() || !matches!(ins.command(), Some(crate::dockerfile::Command::Shell { .. })) {
        return None;
    }
    let script = &g.scripts[0].script;
    let first = script.commands.first()?;
    if !std::ptr::eq(first, cd) || cd.next != Some(crate::shell::Connector::And) || cd.pipeline.is_some() {
        return None;
    }
    let v = cd.effective();
    let [dir] = v.args else { return None };
    if v.wrapper.is_some() || dir.dynamic || dir.quoted || !dir.text.starts_with('/') {
        return None;
    }
    let rest = script.commands.get(1)?;
    let text = cx.text();
    // Only `&&`, blanks and line continuations between the two commands
    // (not a `(` or `{` that the deletion would take away).
    let between: String = text
        .get(cd.span.end as usize..rest.span.start as usize)?
        .chars()
        .filter(|c| !c.is_whitespace() && *c != cx.df().escape)
        .collect();
    if between != "&&" || rest.in_substitution {
        return None;
    }
    let line_start = text[..ins.span.start as usize].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..ins.span.start as usize].trim().is_empty() {
        return None;
    }
    let nl = crate::dockerfile::edit::line_end_at(text, line_start);
    let keyword = crate::dockerfile::edit::cased_like(ins.keyword_span.text(text), "WORKDIR");
    Some(Fix::unsafe_edit(
        format!("set `WORKDIR {}` before the `RUN`", dir.text),
        vec![
            Edit::insert(line_start as u32, format!("{keyword} {}{nl}", dir.text)),
            Edit::delete(Span::new(cd.span.start, rest.span.start)),
        ],
    ))
}
