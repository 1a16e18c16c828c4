//! An SSH server is installed or started in the image.

use crate::rules::prelude::*;
use crate::rules::support::{Manager, package_install, package_name};
use crate::shell::CommandView;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF003",
    name: "sshd-installed",
    kind: Dockerfile,
    severity: Error,
    summary: "an SSH server is installed or started in the image",
    origins: [],
};

/// Packages that install an SSH server, by package manager.
fn is_ssh_server(manager: Manager, name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    match name.as_str() {
        "openssh-server" | "openssh-server-pam" | "dropbear" | "dropbear-bin"
        | "dropbear-run" | "tinysshd" | "tinyssh" => true,
        // Alpine's and Arch's `openssh` include sshd; Debian's `ssh` depends
        // on openssh-server. Elsewhere these names are client packages.
        "openssh" => matches!(manager, Manager::Apk | Manager::Pacman),
        "ssh" => manager == Manager::Apt,
        _ => false,
    }
}

/// `sshd`, `service ssh start`, `systemctl start sshd`, `rc-update add sshd`,
/// `/etc/init.d/ssh start`: the word naming the SSH daemon.
fn starts_sshd<'a>(v: &CommandView<'a>) -> Option<&'a crate::shell::Word> {
    let name = v.name_str()?;
    let is_daemon = |s: &str| matches!(s, "ssh" | "sshd" | "dropbear" | "openssh");
    match name {
        "sshd" | "dropbear" | "tinysshd" => v.name,
        "ssh" | "openssh" | "sshd.service"
            if v.name.is_some_and(|w| w.text.starts_with("/etc/init.d/")) =>
        {
            v.name
        }
        "service" => v.args.first().filter(|w| is_daemon(&w.text)),
        "systemctl" => {
            let mut pos = v.positional_with(&[]);
            let sub = pos.next()?;
            if !matches!(sub.text.as_str(), "start" | "enable" | "restart") {
                return None;
            }
            pos.find(|w| is_daemon(w.text.trim_end_matches(".service")))
        }
        "rc-update" => v.args.iter().find(|w| is_daemon(&w.text)),
        "rc-service" => v.args.first().filter(|w| is_daemon(&w.text)),
        _ => None,
    }
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    for s in &cx.model().scripts {
        for cmd in &s.script.commands {
            let v = cmd.effective();
            if let Some(install) = package_install(&v) {
                for w in install.packages {
                    let name = package_name(install.manager, &w.text);
                    if is_ssh_server(install.manager, name) {
                        out.report(&META, w.span, format!("`{name}` installs an SSH server in the image"))
                            .help("remove the SSH server; use `docker exec` to get a shell in a running container");
                    }
                }
            } else if let Some(w) = starts_sshd(&v) {
                out.report(&META, w.span, format!("`{}` starts an SSH server in the container", w.text))
                    .help("remove the SSH server; use `docker exec` to get a shell in a running container");
            }
        }
    }
}
