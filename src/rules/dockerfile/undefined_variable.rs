//! A variable used before anything defines it.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::dockerfile::expand::references;
use crate::dockerfile::{Instruction, Keyword, PLATFORM_ARGS, StageBase};
use crate::rules::prelude::*;
use crate::rules::support::var_refs::reference_span;
use crate::suggest::{did_you_mean, edit_distance};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF237",
    name: "undefined-variable",
    kind: Dockerfile,
    severity: Info,
    summary: "an instruction uses a variable that no `ARG` or `ENV` defines before it",
    origins: [buildkit("UndefinedVar")],
};

/// Set in practically every base image, or by the builder.
const WELL_KNOWN: [&str; 14] = [
    "PATH", "HOME", "HOSTNAME", "TERM", "PWD", "SHELL", "USER", "LANG", "HTTP_PROXY",
    "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY", "LC_ALL",
];

/// Instructions the builder expands variables in (shell-form commands are
/// expanded by the shell instead, exec form not at all).
fn expanded_words(ins: &Instruction) -> Vec<&Spanned<String>> {
    let mut out: Vec<&Spanned<String>> = Vec::new();
    match ins.keyword {
        Keyword::Add
        | Keyword::Copy
        | Keyword::Expose
        | Keyword::User
        | Keyword::Workdir
        | Keyword::Volume
        | Keyword::Stopsignal => {
            out.extend(ins.words());
            for f in &ins.flags {
                if matches!(f.name.value.as_str(), "chown" | "chmod" | "from")
                    && let Some(v) = &f.value
                {
                    out.push(v);
                }
            }
        }
        Keyword::Env | Keyword::Label | Keyword::Arg => {
            out.extend(ins.pairs().iter().filter_map(|kv| kv.value.as_ref()));
        }
        _ => {}
    }
    out
}

/// A defined name that `name` is probably a misspelling of: one edit away
/// (two for long names), and not a name that merely contains the other
/// (`GOPATH` is not a typo of `PATH`) unless they differ by one character
/// at an end (`DIR_ASSET` for `DIR_ASSETS`, a dropped suffix).
fn likely_typo<'a>(name: &str, defined: &'a HashSet<String>) -> Option<&'a str> {
    let limit = if name.len() >= 10 { 2 } else { 1 };
    let candidates = defined.iter().map(String::as_str).chain(WELL_KNOWN);
    let best = did_you_mean(name, candidates.filter(|c| {
        let nested = c.contains(name) || name.contains(*c);
        *c != name && (!nested || c.len().abs_diff(name.len()) == 1)
    }))?;
    (edit_distance(&name.to_ascii_lowercase(), &best.to_ascii_lowercase()) <= limit).then_some(best)
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    let text = cx.text();
    let uses_variables = df.instructions.iter().any(|ins| {
        !matches!(ins.keyword, Keyword::Run | Keyword::Cmd | Keyword::Entrypoint)
            && ins.args_text.contains('$')
    });
    if !uses_variables {
        return;
    }
    // Names defined at the end of each stage, for stages built on it.
    let mut at_end: Vec<HashSet<String>> = Vec::with_capacity(model.stages.len());
    for s in &model.stages {
        let (mut defined, rooted_in_scratch) = match s.base {
            StageBase::Stage(b) if b < at_end.len() => {
                let root_scratch = model
                    .chain(s.index)
                    .last()
                    .is_some_and(|r| r.base == StageBase::Scratch);
                (at_end[b].clone(), root_scratch)
            }
            StageBase::Scratch => (HashSet::new(), true),
            _ => (HashSet::new(), false),
        };
        let mut reported: HashMap<String, ()> = HashMap::new();
        for i in s.body() {
            let top = &df.instructions[i];
            let ins = top.onbuild_inner().unwrap_or(top);
            if top.onbuild_inner().is_none() {
                for w in expanded_words(ins) {
                    for r in references(&w.value, df.escape) {
                        if r.has_fallback
                            || defined.contains(&r.name)
                            || WELL_KNOWN.contains(&r.name.as_str())
                            || reported.contains_key(&r.name)
                        {
                            continue;
                        }
                        let global = model.global_args.contains_key(&r.name);
                        let platform = PLATFORM_ARGS.contains(&r.name.as_str());
                        let typo = likely_typo(&r.name, &defined);
                        // With an image base, the image may define it.
                        if !(global || platform || typo.is_some() || rooted_in_scratch) {
                            continue;
                        }
                        reported.insert(r.name.clone(), ());
                        let span = reference_span(text, w, &r.range);
                        let d = if global || platform {
                            let what = if platform {
                                "a platform argument"
                            } else {
                                "declared before the first `FROM`"
                            };
                            let d = out.report(
                                &META,
                                span,
                                format!("`${}` is {what} but not in this stage, so it is empty here", r.name),
                            );
                            d.help(format!("add `ARG {}` in the stage, before its first use", r.name));
                            d
                        } else {
                            out.report(
                                &META,
                                span,
                                format!("`${}` is not defined by any `ARG` or `ENV` before this use", r.name),
                            )
                        };
                        match typo {
                            Some(t) => {
                                d.help(format!("did you mean `${t}`?"));
                            }
                            None if !(global || platform) => {
                                d.help(format!("declare `ARG {}` or set `ENV {}` before using it", r.name, r.name));
                            }
                            None => {}
                        }
                    }
                }
            }
            if matches!(ins.keyword, Keyword::Arg | Keyword::Env) && top.onbuild_inner().is_none() {
                for kv in ins.pairs() {
                    defined.insert(kv.key.value.clone());
                }
            }
        }
        at_end.push(defined);
    }
}
