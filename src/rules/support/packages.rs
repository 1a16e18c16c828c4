//! Package managers: what a command installs.

use crate::shell::{CommandView, Word};

/// A package manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Manager {
    Apt,
    Apk,
    Yum,
    Dnf,
    Zypper,
    Pacman,
}

/// The packages a command installs.
#[derive(Debug)]
pub struct Install<'a> {
    pub manager: Manager,
    /// The command as named (`apt-get`, `tdnf`, ...).
    pub tool: &'a str,
    /// The words naming packages (versions included as written).
    pub packages: Vec<&'a Word>,
}

/// Options of a package manager that take a separate value, so that the
/// value is not taken for a subcommand or a package.
fn takes_value(manager: Manager) -> &'static [&'static str] {
    match manager {
        Manager::Apt => &[
            "-o",
            "--option",
            "-t",
            "--target-release",
            "--default-release",
            "-c",
            "--config-file",
            "-a",
            "--host-architecture",
            "--solver",
            "--planner",
            // aptitude
            "-F",
            "--display-format",
            "-w",
            "--width",
        ],
        Manager::Apk => &[
            "-t",
            "--virtual",
            "-X",
            "--repository",
            "--root",
            "-p",
            "--arch",
            "--keys-dir",
            "--repositories-file",
            "--cache-dir",
            "--cache-max-age",
            "--progress-fd",
            "--wait",
            "--timeout",
            "--from",
        ],
        Manager::Yum | Manager::Dnf => &[
            "--setopt",
            "--enablerepo",
            "--disablerepo",
            "--repo",
            "--repoid",
            "--repofrompath",
            "-c",
            "--config",
            "--installroot",
            "--releasever",
            "-x",
            "--exclude",
            "-d",
            "--debuglevel",
            "-e",
            "--errorlevel",
            "--rpmverbosity",
            "--forcearch",
            "--downloaddir",
            "--destdir",
            "--setopts",
            "--disableexcludes",
            "--color",
            "--comment",
            "-R",
            "--randomwait",
            "--enableplugin",
            "--disableplugin",
            "--advisory",
            "--advisories",
            "--bz",
            "--bzs",
            "--cve",
            "--cves",
            "--sec-severity",
            "--secseverity",
            "--excludepkgs",
            "--from-repo",
            "--platform-id",
        ],
        Manager::Zypper => &[
            "-r",
            "--repo",
            "-t",
            "--type",
            "--from",
            "-R",
            "--root",
            "-c",
            "--config",
            "-D",
            "--reposd-dir",
            "-C",
            "--cache-dir",
            "--raw-cache-dir",
            "--solv-cache-dir",
            "--pkg-cache-dir",
            "--userdata",
            "--installroot",
            "--download",
        ],
        Manager::Pacman => &["--root", "-r", "--dbpath", "-b", "--cachedir", "--config"],
    }
}

/// What a package manager command does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Installs packages (`apt-get install`, `apk add`, `yum install`, ...).
    Install,
    /// Refreshes the package index (`apt-get update`, `apk update`, `zypper
    /// refresh`, `dnf makecache`).
    IndexUpdate,
    /// Upgrades installed packages within the release (`apt-get upgrade`,
    /// `apk upgrade`, `yum update`, `zypper update|patch`, `pacman -Su`).
    Upgrade,
    /// Upgrades or switches the distribution (`apt-get dist-upgrade`,
    /// `full-upgrade`, `zypper dist-upgrade`, `dnf distro-sync`).
    DistUpgrade,
    /// Cleans the package cache (`apt-get clean`, `yum clean`, `zypper
    /// clean`, `apk cache clean`).
    Clean,
    Remove,
    Other,
}

/// A package manager command: the manager, its subcommand and its operands.
#[derive(Clone, Debug)]
pub struct PackageCommand<'a> {
    pub manager: Manager,
    /// The command as named (`apt-get`, `apt`, `aptitude`, `microdnf`, ...).
    pub tool: &'a str,
    pub view: CommandView<'a>,
    /// The subcommand word (`install`); for pacman, the operation flag word
    /// (`-Syu`).
    pub sub: &'a Word,
    pub action: Action,
    /// The arguments after the subcommand (after the second word of `dnf
    /// group install`, `apk cache clean`).
    rest: &'a [Word],
}

impl<'a> PackageCommand<'a> {
    /// Whether a flag is given (see [`CommandView::has_flag`]).
    pub fn has_flag(&self, short: &[char], long: &[&str]) -> bool {
        self.view.has_flag(short, long)
    }

    /// The operands after the subcommand (package names as written),
    /// option values excluded.
    pub fn operands(&self) -> impl Iterator<Item = &'a Word> + use<'a> {
        let rest = self.view.with_args(self.rest);
        let pacman = self.manager == Manager::Pacman;
        rest.positional_with(takes_value(self.manager))
            .filter(move |w| !pacman || !w.text.starts_with('-'))
    }
}

/// The commands each package manager runs as.
pub fn tools_of(manager: Manager) -> &'static [&'static str] {
    match manager {
        Manager::Apt => &["apt-get", "apt", "aptitude"],
        Manager::Apk => &["apk"],
        Manager::Yum => &["yum"],
        Manager::Dnf => &["dnf", "dnf5", "dnf-3", "microdnf", "tdnf"],
        Manager::Zypper => &["zypper"],
        Manager::Pacman => &["pacman"],
    }
}

const MANAGERS: [Manager; 6] = [
    Manager::Apt,
    Manager::Apk,
    Manager::Yum,
    Manager::Dnf,
    Manager::Zypper,
    Manager::Pacman,
];

fn manager_of(tool: &str) -> Option<Manager> {
    MANAGERS.into_iter().find(|m| tools_of(*m).contains(&tool))
}

fn action_of(manager: Manager, sub: &str, next: Option<&str>) -> Action {
    match manager {
        Manager::Apt => match sub {
            "install" | "reinstall" => Action::Install,
            "update" => Action::IndexUpdate,
            "upgrade" | "safe-upgrade" => Action::Upgrade,
            "dist-upgrade" | "full-upgrade" => Action::DistUpgrade,
            "clean" | "autoclean" => Action::Clean,
            "remove" | "purge" | "autoremove" => Action::Remove,
            _ => Action::Other,
        },
        Manager::Apk => match sub {
            "add" => Action::Install,
            "update" => Action::IndexUpdate,
            "upgrade" => Action::Upgrade,
            "del" => Action::Remove,
            "cache" if matches!(next, Some("clean" | "purge")) => Action::Clean,
            _ => Action::Other,
        },
        // dnf's aliases: `in`, `rei`, `rm`, `up`, `up-min`, `mc`, `dsync`, `grp`...
        Manager::Yum | Manager::Dnf => match sub {
            "install" | "groupinstall" | "localinstall" | "reinstall" | "in" | "rei" => {
                Action::Install
            }
            "group" | "groups" | "grp" | "module" if next == Some("install") => Action::Install,
            "makecache" | "mc" | "check-update" | "check-upgrade" => Action::IndexUpdate,
            "update" | "upgrade" | "update-minimal" | "upgrade-minimal" | "up" | "up-min"
            | "update-to" | "upgrade-to" | "localupdate" | "groupupdate" => Action::Upgrade,
            "distro-sync" | "distrosync" | "dsync" | "distribution-synchronization" => {
                Action::DistUpgrade
            }
            "clean" => Action::Clean,
            "remove" | "erase" | "autoremove" | "rm" => Action::Remove,
            _ => Action::Other,
        },
        Manager::Zypper => match sub {
            "install" | "in" => Action::Install,
            "refresh" | "ref" => Action::IndexUpdate,
            "update" | "up" | "patch" => Action::Upgrade,
            "dist-upgrade" | "dup" => Action::DistUpgrade,
            "clean" | "cc" => Action::Clean,
            "remove" | "rm" => Action::Remove,
            _ => Action::Other,
        },
        Manager::Pacman => Action::Other,
    }
}

/// Recognises a package manager command: `apt-get`, `apt`, `aptitude`,
/// `apk`, `yum`, `dnf`, `microdnf`, `tdnf`, `zypper` with their subcommand,
/// and pacman's `-S` family.
pub fn package_command<'a>(v: &CommandView<'a>) -> Option<PackageCommand<'a>> {
    let tool = v.name_str()?;
    let manager = manager_of(tool)?;
    if manager == Manager::Pacman {
        let (sub, action) = pacman_operation(v)?;
        return Some(PackageCommand {
            manager,
            tool,
            view: *v,
            sub,
            action,
            rest: v.args,
        });
    }
    let mut pos = v.positional_with(takes_value(manager));
    let sub = pos.next()?;
    let second = pos.next();
    let action = action_of(manager, &sub.text, second.map(|w| w.text.as_str()));
    // `dnf group install x`, `apk cache clean`: operands follow the second word.
    let after = match (manager, sub.text.as_str(), second) {
        (Manager::Yum | Manager::Dnf, "group" | "groups" | "grp" | "module", Some(w))
        | (Manager::Apk, "cache", Some(w)) => w,
        _ => sub,
    };
    let at = v
        .args
        .iter()
        .position(|w| std::ptr::eq(w, after))
        .map_or(v.args.len(), |i| i + 1);
    Some(PackageCommand {
        manager,
        tool,
        view: *v,
        sub,
        action,
        rest: &v.args[at..],
    })
}

/// [`package_command`] for one manager: other commands are turned away
/// by name, before any argument is looked at.
pub fn package_command_of<'a>(v: &CommandView<'a>, manager: Manager) -> Option<PackageCommand<'a>> {
    if manager_of(v.name_str()?)? != manager {
        return None;
    }
    package_command(v)
}

/// pacman's operation: `-S` installs, `-Sy` also refreshes, `-Su`
/// upgrades, `-Sc` cleans.
fn pacman_operation<'a>(v: &CommandView<'a>) -> Option<(&'a Word, Action)> {
    for w in v.args {
        let t = w.text.as_str();
        if t == "--sync" {
            return Some((w, Action::Install));
        }
        if let Some(letters) = t.strip_prefix('-')
            && !letters.starts_with('-')
            && letters.starts_with('S')
        {
            let action = if letters.contains('u') {
                Action::Upgrade
            } else if letters.contains('c') {
                Action::Clean
            } else {
                Action::Install
            };
            return Some((w, action));
        }
    }
    None
}

/// Recognises package installation: `apt-get install`, `apt install`,
/// `aptitude install`, `apk add`, `yum install`, `dnf install`, `microdnf
/// install`, `zypper install|in`, `pacman -S`.
pub fn package_install<'a>(v: &CommandView<'a>) -> Option<Install<'a>> {
    let pc = package_command(v)?;
    let installs = match pc.manager {
        Manager::Pacman => matches!(pc.action, Action::Install | Action::Upgrade),
        _ => pc.action == Action::Install,
    };
    if !installs {
        return None;
    }
    Some(Install {
        manager: pc.manager,
        tool: pc.tool,
        packages: pc.operands().collect(),
    })
}

/// Whether a package operand names a version (or a file, which is one
/// version): `curl=8.5.0-2`, `musl~1.2`, `bash-5.1.8-6.el9`, `x.deb`,
/// `nodejs:18` (a dnf module stream). Group names (`@core`) and
/// expansions (`$PKGS`) cannot be judged and count as pinned.
pub fn package_pinned(manager: Manager, w: &Word) -> bool {
    let t = w.text.as_str();
    if w.dynamic || t.is_empty() {
        return true;
    }
    let path_or_url = t.contains('/');
    match manager {
        Manager::Apt => t.contains('=') || path_or_url || t.ends_with(".deb"),
        Manager::Apk => t.contains(['=', '~', '<', '>']) || path_or_url || t.ends_with(".apk"),
        Manager::Yum | Manager::Dnf => {
            if path_or_url || t.ends_with(".rpm") || t.starts_with('@') || t.contains(':') {
                return true;
            }
            // `name-version[-release][.arch]`: the last dash-separated part
            // starts with a digit (`java-11-openjdk` is a name).
            t.rsplit_once('-').is_some_and(|(name, v)| {
                !name.is_empty() && v.starts_with(|c: char| c.is_ascii_digit())
            })
        }
        Manager::Zypper => t.contains(['=', '<', '>']) || path_or_url || t.ends_with(".rpm"),
        Manager::Pacman => true,
    }
}

/// A package word without its version: `openssh-server=1:9.2` and
/// `openssh-server-9.2p1` both give `openssh-server`.
pub fn package_name(manager: Manager, word: &str) -> &str {
    let end = match manager {
        Manager::Apt => word.find(['=', '/']),
        Manager::Apk => word.find(['=', '~', '>', '<']),
        Manager::Zypper => word.find(['=', '>', '<']),
        Manager::Yum | Manager::Dnf | Manager::Pacman => {
            // `name-1.2.3`: a `-` followed by a digit starts the version.
            let b = word.as_bytes();
            (1..b.len())
                .find(|&i| b[i - 1] == b'-' && b[i].is_ascii_digit())
                .map(|i| i - 1)
        }
    };
    &word[..end.unwrap_or(word.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        assert_eq!(
            package_name(Manager::Apt, "openssh-server=1:9.2"),
            "openssh-server"
        );
        assert_eq!(
            package_name(Manager::Yum, "openssh-server-8.0p1"),
            "openssh-server"
        );
        assert_eq!(package_name(Manager::Apk, "openssh~9"), "openssh");
        assert_eq!(package_name(Manager::Dnf, "python3-pip"), "python3-pip");
    }
}
