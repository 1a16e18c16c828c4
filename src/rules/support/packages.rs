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
    /// The words naming packages (versions included as written).
    pub packages: Vec<&'a Word>,
}

/// Recognises package installation: `apt-get install`, `apt install`,
/// `aptitude install`, `apk add`, `yum install`, `dnf install`, `microdnf
/// install`, `zypper install|in`, `pacman -S`.
pub fn package_install<'a>(v: &CommandView<'a>) -> Option<Install<'a>> {
    let name = v.name_str()?;
    let (manager, sub, takes_value): (Manager, &[&str], &[&str]) = match name {
        "apt-get" | "apt" | "aptitude" => (
            Manager::Apt,
            &["install"],
            &[
                "-o",
                "--option",
                "-t",
                "--target-release",
                "-c",
                "--config-file",
            ],
        ),
        "apk" => (
            Manager::Apk,
            &["add"],
            &[
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
            ],
        ),
        "yum" => (
            Manager::Yum,
            &["install", "groupinstall", "localinstall", "reinstall"],
            &[
                "--setopt",
                "--enablerepo",
                "--disablerepo",
                "-c",
                "--config",
                "--installroot",
                "--releasever",
                "-x",
                "--exclude",
            ],
        ),
        "dnf" | "dnf5" | "microdnf" | "tdnf" => (
            Manager::Dnf,
            &["install", "groupinstall", "localinstall", "reinstall"],
            &[
                "--setopt",
                "--enablerepo",
                "--disablerepo",
                "-c",
                "--config",
                "--installroot",
                "--releasever",
                "-x",
                "--exclude",
                "--repo",
            ],
        ),
        "zypper" => (
            Manager::Zypper,
            &["install", "in"],
            &["-r", "--repo", "-t", "--type", "--from"],
        ),
        "pacman" => {
            let sync = v.args.iter().any(|w| {
                w.text == "--sync" || (w.text.starts_with("-S") && !w.text.starts_with("--"))
            });
            if !sync {
                return None;
            }
            let packages = v.args.iter().filter(|w| !w.text.starts_with('-')).collect();
            return Some(Install {
                manager: Manager::Pacman,
                packages,
            });
        }
        _ => return None,
    };
    let positional: Vec<&Word> = v.positional_with(takes_value).collect();
    let (first, rest) = positional.split_first()?;
    if !sub.contains(&first.text.as_str()) {
        return None;
    }
    Some(Install {
        manager,
        packages: rest.to_vec(),
    })
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
