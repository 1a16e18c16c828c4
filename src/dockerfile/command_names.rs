//! Which commands a Dockerfile's scripts run, by name, as a small filter:
//! a rule about `zypper` need not walk a file that never runs it.

use crate::shell::{Script, basename};

/// A 256-bit filter over command names. A name that was added is always
/// found; one that was not is found now and then (a shared bit), which
/// only costs the walk the filter would have saved. So "not found" is
/// certain and "found" means "look".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandNames([u64; 4]);

impl CommandNames {
    /// The names every command of the scripts runs under, as basenames:
    /// the effective command's and every word before it (the wrappers
    /// such as `sudo` and `env`, with their options).
    pub fn of<'a>(scripts: impl Iterator<Item = &'a Script>) -> CommandNames {
        let mut names = CommandNames::default();
        for s in scripts {
            for c in &s.commands {
                let v = c.effective();
                for w in v.prefix.iter().chain(v.name) {
                    names.add(basename(&w.text));
                }
            }
        }
        names
    }

    fn add(&mut self, name: &str) {
        let (word, bit) = slot(name);
        self.0[word] |= bit;
    }

    /// Whether some command may be named `name`: `false` is certain.
    pub fn may_hold(&self, name: &str) -> bool {
        let (word, bit) = slot(name);
        self.0[word] & bit != 0
    }
}

/// The filter's bit for a name (FNV-1a).
fn slot(name: &str) -> (usize, u64) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (((h >> 6) & 3) as usize, 1 << (h & 63))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::OffsetMap;

    fn names(script: &str) -> CommandNames {
        let s = crate::shell::parse(script, &OffsetMap::contiguous(0));
        CommandNames::of(std::iter::once(&s))
    }

    #[test]
    fn every_name_run_is_found() {
        let n = names(
            "sudo -E apt-get install -y x && /usr/bin/zypper in y; (cd /a && yarn) | env A=1 doas dnf5 up",
        );
        for name in [
            "sudo", "apt-get", "zypper", "cd", "yarn", "env", "doas", "dnf5",
        ] {
            assert!(n.may_hold(name), "{name}");
        }
    }

    #[test]
    fn names_not_run_are_mostly_absent() {
        let n = names("apt-get update && apt-get install -y curl");
        let absent = [
            "yum", "dnf", "zypper", "apk", "pacman", "yarn", "tdnf", "microdnf",
        ];
        // Shared bits are possible, but not for all of these at once.
        assert!(absent.iter().filter(|a| n.may_hold(a)).count() < absent.len() / 2);
        assert_eq!(names(""), CommandNames::default());
    }
}
