//! A pipe in `RUN` without `pipefail`: only the last command's failure
//! fails the step.

use crate::dockerfile::{ScriptSource, ShellKind};
use crate::rules::prelude::*;
use crate::rules::support::downloads::is_shell;
use crate::rules::support::run_scripts::runs;
use crate::shell::{Command, Script, Word};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF136",
    name: "pipe-without-pipefail",
    kind: Dockerfile,
    severity: Info,
    summary: "a `RUN` pipeline hides the failure of its first commands because `pipefail` is not set",
    origins: [hadolint("DL4006"), trivy("DS-0032")],
    fixable: true,
};

/// `-o pipefail` (also inside a cluster such as `-euxo pipefail`).
fn sets_pipefail(args: &[Word]) -> bool {
    args.windows(2).any(|w| {
        w[1].text == "pipefail"
            && w[0]
                .text
                .strip_prefix('-')
                .is_some_and(|c| !c.starts_with('-') && c.ends_with('o'))
    }) || args.iter().any(|w| w.text == "-opipefail")
}

/// Commands whose failure a pipe cannot hide: they print their arguments
/// (`echo`, `printf`, `yes`) or copy a heredoc (`cat` without operands).
fn cannot_fail(c: &Command) -> bool {
    let v = c.effective();
    match v.name_str() {
        Some("echo" | "printf" | "yes" | "true" | ":") => true,
        Some("cat") => v.positional().next().is_none(),
        _ => false,
    }
}

/// The first pipeline of a script that matters: some command before the
/// last can fail. Returns its span.
fn first_risky_pipeline(script: &Script, mut pipefail: bool) -> Option<Span> {
    for (i, c) in script.commands.iter().enumerate() {
        let v = c.effective();
        if v.name_str() == Some("set") || v.name_str().is_some_and(is_shell) {
            pipefail |= sets_pipefail(v.args);
        }
        let Some(pos) = c.pipeline else {
            continue;
        };
        if pos.index != 0 || pipefail {
            continue;
        }
        let members: Vec<&Command> = script.commands[i..]
            .iter()
            .filter(|m| m.pipeline.is_some_and(|p| p.id == pos.id))
            .collect();
        let (last, before) = members.split_last()?;
        if before.iter().all(|m| cannot_fail(m)) {
            continue;
        }
        return Some(c.span.cover(last.span));
    }
    None
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let model = cx.model();
    // The first reported `RUN` of each stage: the one `SHELL` goes before.
    let mut first_in_stage: Vec<Option<usize>> = vec![None; model.stages.len()];
    let keyword = std::cell::OnceCell::new();
    for g in runs(model) {
        let shell = model.shell(g.instruction);
        if shell.kind != ShellKind::Posix {
            continue;
        }
        let shell_pipefail = shell
            .argv
            .iter()
            .position(|a| a == "pipefail")
            .is_some_and(|i| {
                i > 0
                    && shell.argv[i - 1]
                        .strip_prefix('-')
                        .is_some_and(|c| !c.starts_with('-') && c.ends_with('o'))
            });
        for s in g.scripts {
            let initial = match s.source {
                ScriptSource::ExecForm => false,
                _ => shell_pipefail,
            };
            if let Some(span) = first_risky_pipeline(&s.script, initial) {
                let d = out.report(
                    &META,
                    span,
                    "this pipeline fails only when its last command fails; errors before the last `|` go unnoticed",
                );
                d.help(
                    "set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this `RUN` (`/bin/ash` on Alpine), or start the script with `set -o pipefail`",
                );
                if !g.onbuild
                    && let Some(stage) = model.stage_of(g.instruction)
                {
                    let first = *first_in_stage[stage.index].get_or_insert(g.instruction);
                    let keyword = keyword.get_or_init(|| {
                        crate::dockerfile::edit::file_cased(cx.df(), cx.text(), "SHELL")
                    });
                    if let Some(fix) = shell_fix(cx, stage.index, first, keyword) {
                        d.fix(fix);
                    }
                }
                break;
            }
        }
    }
}

/// Images known to ship bash as `/bin/bash` (Debian, Ubuntu, the RPM
/// distributions, and the official language images built on Debian).
const BASH_IMAGES: &[&str] = &[
    "debian", "ubuntu", "buildpack-deps", "python", "node", "golang", "ruby", "php", "perl",
    "rust", "openjdk", "eclipse-temurin", "amazoncorretto", "maven", "gradle", "centos",
    "fedora", "rockylinux", "almalinux", "amazonlinux", "oraclelinux", "r-base", "elixir",
    "erlang", "haskell", "julia", "swift", "gcc", "clojure", "mono", "neurodebian", "jenkins",
];

/// The shell to set: bash where the base image has it, busybox ash on
/// Alpine; `None` when the image is unknown.
fn pipefail_shell(cx: &DockerfileContext, stage: usize) -> Option<&'static str> {
    let model = cx.model();
    let root = model.chain(stage).last()?;
    let crate::dockerfile::StageBase::Image { resolved, unknown: false, .. } = &root.base else {
        return None;
    };
    let image = crate::image::ImageRef::parse(resolved);
    let name = image.repository.rsplit('/').next().unwrap_or(image.repository);
    let official = image.registry.is_none() && !image.repository.contains('/')
        || image.repository.starts_with("library/");
    let tag = image.tag.unwrap_or("");
    if name == "alpine" || tag.contains("alpine") {
        return official.then_some("/bin/ash");
    }
    if tag.contains("busybox") || name == "busybox" || tag.contains("distroless") {
        return None;
    }
    (official && BASH_IMAGES.contains(&name)).then_some("/bin/bash")
}

/// `SHELL [..., "-o", "pipefail", "-c"]` before the stage's first `RUN`
/// with a risky pipeline: every later `RUN` of the stage gets `pipefail`
/// (and runs under that shell, which is why the fix is unsafe). For an
/// image dockward does not know, the bash line is shown, not applied.
fn shell_fix(cx: &DockerfileContext, stage: usize, first_run: usize, keyword: &str) -> Option<Fix> {
    let ins = &cx.df().instructions[first_run];
    let text = cx.text();
    let start = text[..ins.span.start as usize].rfind('\n').map_or(0, |i| i + 1);
    if !text[start..ins.span.start as usize].trim().is_empty() {
        return None;
    }
    let nl = crate::dockerfile::edit::line_end_at(text, start);
    let (shell, applicability) = match pipefail_shell(cx, stage) {
        Some(sh) => (sh, Applicability::Unsafe),
        None => ("/bin/bash", Applicability::DisplayOnly),
    };
    let line = format!("{keyword} [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]");
    Some(Fix::new(
        applicability,
        format!("set `{line}` before the stage's first pipeline"),
        vec![Edit::insert(start as u32, format!("{line}{nl}"))],
    ))
}
