//! Commands that do nothing useful while building an image.

use crate::rules::prelude::*;
use crate::rules::support::run_scripts::run_commands;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF102",
    name: "pointless-command-in-run",
    kind: Dockerfile,
    severity: Info,
    summary: "`RUN` calls an interactive or system-management command that has no effect on the image",
    origins: [hadolint("DL3001")],
};

/// Why each command is pointless in a build step.
fn reason(name: &str) -> Option<&'static str> {
    Some(match name {
        "ssh" => "opens a remote session",
        "vim" | "vi" | "nano" | "emacs" => "is an interactive editor",
        "top" | "htop" => "is an interactive process viewer",
        "ps" | "free" => "reports on the build container, which is gone when the step ends",
        "kill" => "signals processes of the build container, which is gone when the step ends",
        "shutdown" | "reboot" | "halt" | "poweroff" => "manages a machine, not an image",
        "service" => "starts services in the build container; nothing keeps running after the step",
        "mount" => "mounts into the build container; mounts are not part of the image",
        "ifconfig" => "configures the network of the build container, not the image",
        _ => return None,
    })
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for (_, cmd) in run_commands(cx.model()) {
        let v = cmd.effective();
        let (Some(name), Some(word)) = (v.name_str(), v.name) else {
            continue;
        };
        if let Some(why) = reason(name) {
            out.report(&META, word.span, format!("`{name}` {why}"))
                .help("remove it from the build; do this in a running container, or in `CMD`/`ENTRYPOINT`");
        }
    }
}
