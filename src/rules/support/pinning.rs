//! Reporting packages installed without a version, one diagnostic per
//! install command: the first unpinned package is the span, the others are
//! labels.

use crate::diagnostic::Diagnostics;
use crate::dockerfile::Model;
use crate::rules::RuleMeta;
use crate::shell::{CommandView, Word};

use super::lang_packages::{LangInstall, LangManager, judged, lang_install};
use super::packages::{Action, Manager, package_command_of, package_pinned};
use super::run_scripts::run_commands;

/// Reports the unpinned operands of one install command.
pub fn report_unpinned(
    out: &mut Diagnostics,
    meta: &'static RuleMeta,
    unpinned: &[&Word],
    help: String,
) {
    let Some((first, rest)) = unpinned.split_first() else {
        return;
    };
    let msg = match rest.len() {
        0 => format!("`{}` is installed without a pinned version", first.text),
        1 => format!(
            "`{}` and 1 other package are installed without a pinned version",
            first.text
        ),
        n => format!(
            "`{}` and {n} other packages are installed without a pinned version",
            first.text
        ),
    };
    let d = out.report(meta, first.span, msg);
    d.help(help);
    for w in rest {
        d.label(w.span, format!("`{}` is not pinned either", w.text));
    }
}

/// The OS package rules: `install` commands of the tools that `tools`
/// accepts, judged by [`package_pinned`].
pub fn check_os_packages(
    model: &Model,
    out: &mut Diagnostics,
    meta: &'static RuleMeta,
    manager: Manager,
    tools: &[&str],
    help: impl Fn(&CommandView, &str) -> String,
) {
    // Only installs by one of `tools` are reported.
    if !model.may_run(tools) {
        return;
    }
    for (_, cmd) in run_commands(model) {
        let v = cmd.effective();
        let Some(pc) = package_command_of(&v, manager) else {
            continue;
        };
        if pc.manager != manager || pc.action != Action::Install || !tools.contains(&pc.tool) {
            continue;
        }
        // Groups have no versions; local packages are one version.
        if matches!(
            pc.sub.text.as_str(),
            "groupinstall" | "localinstall" | "group" | "groups"
        ) {
            continue;
        }
        let unpinned: Vec<&Word> = pc
            .operands()
            .filter(|w| !package_pinned(manager, w))
            .collect();
        if let Some(first) = unpinned.first() {
            let h = help(&v, &first.text);
            report_unpinned(out, meta, &unpinned, h);
        }
    }
}

/// The language package rules: install commands of `manager`, judged by
/// `pinned`.
pub fn check_lang_packages(
    model: &Model,
    out: &mut Diagnostics,
    meta: &'static RuleMeta,
    manager: LangManager,
    pinned: fn(&str) -> bool,
    help: impl Fn(&LangInstall, &str) -> String,
) {
    for (_, cmd) in run_commands(model) {
        let v = cmd.effective();
        let Some(li) = lang_install(&v) else {
            continue;
        };
        if li.manager != manager || li.pinned_by_option {
            continue;
        }
        let unpinned: Vec<&Word> = li
            .packages
            .iter()
            .copied()
            .filter(|w| judged(w) && !pinned(&w.text))
            .collect();
        if let Some(first) = unpinned.first() {
            let h = help(&li, &first.text);
            report_unpinned(out, meta, &unpinned, h);
        }
    }
}
