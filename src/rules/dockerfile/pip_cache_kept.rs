//! `pip install` without `--no-cache-dir` keeps pip's cache in the image.

use crate::rules::prelude::*;
use crate::rules::support::caches::{
    CacheFix,CacheRule, check_cache, name_to};
use crate::rules::support::env_vars::{truthy, var_at_each};
use crate::rules::support::lang_packages::{LangManager, lang_install};
use crate::shell::{Command, CommandView, Word};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF127",
    name: "pip-cache-kept",
    kind: Dockerfile,
    severity: Info,
    summary: "`pip install` runs without `--no-cache-dir`, so pip's cache stays in the image layer",
    origins: [hadolint("DL3042")],
    fixable: true,
};

/// `PIP_NO_CACHE_DIR=1` as an assignment before the command, as an `env`
/// argument, or exported.
fn sets_no_cache(cmd: &Command) -> bool {
    let assigned = cmd
        .assignments
        .iter()
        .any(|a| a.name == "PIP_NO_CACHE_DIR" && truthy(&a.value.text));
    let v = cmd.effective();
    let words = v.prefix.iter().chain(match v.name_str() {
        Some("export") => v.args,
        _ => &[],
    });
    assigned || words.clone().any(is_no_cache_assignment)
}

fn is_no_cache_assignment(w: &Word) -> bool {
    w.text
        .strip_prefix("PIP_NO_CACHE_DIR=")
        .is_some_and(truthy)
}

/// Paths of pip's cache: `~/.cache/pip`, `/root/.cache`, `$HOME/.cache`.
fn is_pip_cache_path(t: &str) -> bool {
    let t = t.trim_end_matches('*').trim_end_matches('/');
    t.ends_with(".cache/pip") || t.ends_with("/.cache") || t == "~/.cache"
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let env = var_at_each(cx.df(), cx.model(), "PIP_NO_CACHE_DIR");
    let fills = |cmd: &Command, v: &CommandView| {
        let li = lang_install(v)?;
        if li.manager != LangManager::Pip || li.tool.contains("pipx") || sets_no_cache(cmd) {
            return None;
        }
        let no_cache = li.args.iter().any(|w| {
            matches!(w.text.as_str(), "--no-cache-dir" | "--no-cache")
                || w.text.starts_with("--no-cache-dir=")
        });
        (!no_cache).then(|| {
            (
                name_to(v, li.sub),
                format!("`{} install` keeps downloaded packages in pip's cache, in the image layer", li.tool),
            )
        })
    };
    let empties = |v: &CommandView| match v.name_str() {
        Some("rm") => v.positional().any(|w| is_pip_cache_path(&w.text)),
        Some(n) if n.starts_with("pip") => {
            let mut pos = v.positional();
            pos.next().is_some_and(|w| w.text == "cache")
                && pos.next().is_some_and(|w| matches!(w.text.as_str(), "purge" | "remove"))
        }
        _ => false,
    };
    let disables = |cmd: &Command| {
        let v = cmd.effective();
        (v.name_str() == Some("export") && v.args.iter().any(is_no_cache_assignment))
            || (v.name.is_none() && cmd.assignments.iter().any(|a| a.name == "PIP_NO_CACHE_DIR" && truthy(&a.value.text)))
    };
    let exempt = |i: usize| env.get(i).copied().flatten().is_some_and(truthy);
    check_cache(
        cx.df(),
        cx.model(),
        cx.text(),
        out,
        &CacheRule {
            meta: &META,
            run_by: None,
            fills: &fills,
            empties: &empties,
            disables: &disables,
            mount_covers: &|t| is_pip_cache_path(t) || t.contains("pip"),
            exempt: &exempt,
            help: "add `--no-cache-dir`, set `ENV PIP_NO_CACHE_DIR=1`, or mount a cache on `/root/.cache/pip`",
            fix: &|_, _| CacheFix::Option("--no-cache-dir"),
        },
    );
}
