//! `yarn install` without `yarn cache clean` keeps yarn's cache in the image.

use crate::rules::prelude::*;
use crate::rules::support::caches::{
    append,CacheRule, check_cache, never, no_exemption};
use crate::shell::{Command, CommandView};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF129",
    name: "yarn-cache-kept",
    kind: Dockerfile,
    severity: Info,
    summary: "`yarn install` without `yarn cache clean` leaves yarn's cache in the image layer",
    origins: [hadolint("DL3060")],
    fixable: true,
};

/// Paths of yarn's cache.
fn is_yarn_cache_path(t: &str) -> bool {
    let t = t.trim_end_matches('*').trim_end_matches('/');
    t.ends_with(".cache/yarn") || t.ends_with("/.cache") || t.contains("yarn-cache") || t == "~/.cache"
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let fills = |cmd: &Command, v: &CommandView| {
        if v.name_str() != Some("yarn") {
            return None;
        }
        // `YARN_CACHE_FOLDER=/dev/shm/... yarn install` keeps it out of the layer.
        if cmd
            .assignments
            .iter()
            .any(|a| a.name == "YARN_CACHE_FOLDER" && a.value.text.starts_with("/dev/shm"))
        {
            return None;
        }
        let mut pos = v.positional_with(&["--cwd", "--cache-folder", "--modules-folder", "--network-timeout", "--mutex"]);
        let name = v.name?;
        let (span, what) = match pos.next() {
            None => (name.span, "yarn"),
            Some(sub) if sub.text == "install" => (name.span.cover(sub.span), "yarn install"),
            Some(sub) if sub.text == "add" => (name.span.cover(sub.span), "yarn add"),
            Some(sub) if sub.text == "global" => {
                let add = pos.next().filter(|w| w.text == "add")?;
                (name.span.cover(add.span), "yarn global add")
            }
            Some(_) => return None,
        };
        if v.args.iter().any(|w| w.text.starts_with("--cache-folder")) {
            return None;
        }
        Some((span, format!("`{what}` leaves yarn's package cache in the image layer")))
    };
    let empties = |v: &CommandView| match v.name_str() {
        Some("yarn") => {
            let mut pos = v.positional();
            pos.next().is_some_and(|w| w.text == "cache")
                && pos.next().is_some_and(|w| w.text == "clean")
        }
        Some("rm") => v.positional().any(|w| is_yarn_cache_path(&w.text)),
        _ => false,
    };
    check_cache(
        cx.df(),
        cx.model(),
        cx.text(),
        out,
        &CacheRule {
            meta: &META,
            run_by: Some(&["yarn"]),
            fills: &fills,
            empties: &empties,
            disables: &never,
            mount_covers: &|t| is_yarn_cache_path(t) || t.contains("yarn"),
            exempt: &no_exemption,
            help: "end this `RUN` with `yarn cache clean`, or mount a cache on `/usr/local/share/.cache/yarn`",
            fix: &|_, _| append("yarn cache clean"),
        },
    );
}
