//! An SSH server is installed or started in the image.

use crate::dockerfile::{Model, StageBase};
use crate::rules::prelude::*;
use crate::rules::support::run_scripts::by_instruction;
use crate::rules::support::{
    Action, Install, Manager, package_command, package_install, package_name,
};
use crate::shell::{CommandView, Word};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF003",
    name: "sshd-installed",
    kind: Dockerfile,
    severity: Error,
    summary: "an SSH server is installed or started in the image",
    origins: [],
};

const HELP: &str = "remove the SSH server; use `docker exec` to get a shell in a running container";

/// Whether the stage is built on VMware's Photon OS, whose `openssh`
/// package includes the server.
fn on_photon(model: &Model, instruction: usize) -> bool {
    let Some(stage) = model.stage_of(instruction) else {
        return false;
    };
    model.chain(stage.index).any(|s| match &s.base {
        StageBase::Image { resolved, .. } => {
            let name = resolved.split([':', '@']).next().unwrap_or("");
            name.rsplit('/').next() == Some("photon")
        }
        _ => false,
    })
}

/// The server binary a package installs, if it installs an SSH server with
/// this package manager.
fn ssh_server(install: &Install, name: &str, photon: bool) -> Option<&'static str> {
    let lower;
    let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = name.to_ascii_lowercase();
        lower.as_str()
    } else {
        name
    };
    match name {
        "openssh-server" | "openssh-server-pam" => Some("/usr/sbin/sshd"),
        "dropbear" | "dropbear-bin" | "dropbear-run" => Some("/usr/sbin/dropbear"),
        "tinysshd" | "tinyssh" => Some("/usr/sbin/tinysshd"),
        // `openssh` includes sshd on Alpine, Arch, openSUSE/SUSE (zypper)
        // and Photon OS (tdnf, or yum on a Photon base); on Fedora and
        // RHEL it is the common files only. Debian's `ssh` depends on
        // openssh-server.
        "openssh"
            if matches!(install.manager, Manager::Apk | Manager::Pacman | Manager::Zypper)
                || install.tool == "tdnf"
                || (photon && matches!(install.manager, Manager::Yum | Manager::Dnf)) =>
        {
            Some("/usr/sbin/sshd")
        }
        "ssh" if install.manager == Manager::Apt => Some("/usr/sbin/sshd"),
        _ => None,
    }
}

/// `sshd`, `service ssh start`, `systemctl start sshd`, `rc-update add sshd`,
/// `/etc/init.d/ssh start`, and phusion/baseimage's switch
/// `rm -f /etc/service/sshd/down`: the word that starts the SSH daemon, and
/// what it does.
fn starts_sshd<'a>(v: &CommandView<'a>) -> Option<(&'a Word, String)> {
    let name = v.name_str()?;
    let is_daemon = |s: &str| matches!(s, "ssh" | "sshd" | "dropbear" | "openssh");
    let w = match name {
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
        // phusion/baseimage ships sshd under runit, switched off by a
        // `down` file; removing it switches the server on.
        "rm" => {
            return v
                .positional()
                .find(|w| w.text.trim_end_matches('/').ends_with("/etc/service/sshd/down"))
                .map(|w| {
                    let m = format!("removing `{}` switches on the base image's SSH server", w.text);
                    (w, m)
                });
        }
        _ => None,
    }?;
    Some((w, format!("`{}` starts an SSH server in the container", w.text)))
}

/// What later commands of the same instruction remove: package names and
/// apk's virtual groups (`apk del .build-deps`). A package installed and
/// removed in one `RUN` is not in its layer.
fn removed_later<'a>(commands: impl Iterator<Item = &'a crate::shell::Command>) -> Vec<String> {
    let mut out = Vec::new();
    for c in commands {
        let v = c.effective();
        if let Some(pc) = package_command(&v)
            && pc.action == Action::Remove
        {
            out.extend(
                pc.operands()
                    .map(|w| package_name(pc.manager, &w.text).to_string()),
            );
        }
    }
    out
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    let shipping = model.shipping(df);
    for g in by_instruction(model) {
        let stage = model.stage_of(g.instruction).map(|st| st.index);
        // Starting a server matters where the stage's whole filesystem and
        // settings ship; an installed server wherever its binary ships.
        let ships_whole = g.onbuild || stage.is_none_or(|st| shipping.whole(st));
        for (k, cmd) in g.commands().enumerate() {
            let v = cmd.effective();
            if let Some(install) = package_install(&v) {
                // Looked at only when something installed could matter:
                // most installs hold no SSH server and name no group.
                let removed = std::cell::OnceCell::new();
                let removed = || removed.get_or_init(|| removed_later(g.commands().skip(k + 1)));
                let group = v.option_value(&["-t", "--virtual"]);
                if group.is_some_and(|grp| removed().iter().any(|r| r == grp)) {
                    continue;
                }
                let photon = install.manager != Manager::Apk && on_photon(model, g.instruction);
                for w in &install.packages {
                    let name = package_name(install.manager, &w.text);
                    let Some(binary) = ssh_server(&install, name, photon) else {
                        continue;
                    };
                    if removed().iter().any(|r| r == name)
                        || !(g.onbuild || stage.is_none_or(|st| shipping.ships(st, Some(binary))))
                    {
                        continue;
                    }
                    out.report(&META, w.span, format!("`{name}` installs an SSH server in the image"))
                        .help(HELP);
                }
            } else if let Some((w, what)) = starts_sshd(&v)
                && ships_whole
            {
                out.report(&META, w.span, what).help(HELP);
            }
        }
    }
}
