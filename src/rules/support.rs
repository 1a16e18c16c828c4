//! Knowledge several rules share: users, ports, file modes, package managers.

use crate::dockerfile::Keyword;
use crate::rules::DockerfileContext;
use crate::shell::{CommandView, Word};
use crate::source::Span;

/// A port of an `EXPOSE` instruction, with build arguments expanded.
#[derive(Clone, Debug)]
pub struct ExposedPort {
    /// As written (`$PORT`, `80/tcp`).
    pub word: String,
    pub range: PortRange,
    pub span: Span,
    pub instruction: usize,
}

/// Every port of every `EXPOSE` (including `ONBUILD EXPOSE`) that can be
/// read as a port or range once variables are expanded.
pub fn exposed_ports(cx: &DockerfileContext) -> Vec<ExposedPort> {
    let df = cx.df();
    let mut out = Vec::new();
    for (i, ins) in df.instructions.iter().enumerate() {
        let ins = match ins.onbuild_inner() {
            Some(inner) => inner,
            None => ins,
        };
        if ins.keyword != Keyword::Expose {
            continue;
        }
        let mut scope = None;
        for w in ins.words() {
            let value = if w.value.contains('$') {
                let scope = scope.get_or_insert_with(|| cx.model().scope_at(df, i));
                let e = scope.expand(&w.value, df.escape);
                if e.unknown {
                    continue;
                }
                e.value
            } else {
                w.value.clone()
            };
            for part in value.split_whitespace() {
                if let Some(range) = parse_port_range(part) {
                    out.push(ExposedPort {
                        word: w.value.clone(),
                        range,
                        span: w.span,
                        instruction: i,
                    });
                }
            }
        }
    }
    out
}

/// `root`, `0`, `root:group`, `0:group` (surrounding whitespace and quotes
/// ignored).
pub fn is_root_user(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    let user = v.split(':').next().unwrap_or("").trim();
    user == "root" || user == "0" || (user.len() > 1 && user.bytes().all(|b| b == b'0'))
}

/// A port or port range with an optional protocol, as in `EXPOSE 8000-8010/udp`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortRange {
    pub start: u16,
    pub end: u16,
    pub protocol: Option<String>,
}

impl PortRange {
    pub fn contains(&self, port: u16) -> bool {
        self.start <= port && port <= self.end
    }
}

/// Parses `80`, `80/tcp`, `8000-8010`, `8000-8010/udp`. `None` for anything
/// else (a variable, an IP mapping).
pub fn parse_port_range(s: &str) -> Option<PortRange> {
    let (ports, protocol) = match s.split_once('/') {
        Some((p, proto)) => (p, Some(proto.to_string())),
        None => (s, None),
    };
    let (a, b) = match ports.split_once('-') {
        Some((a, b)) => (a, b),
        None => (ports, ports),
    };
    let start: u16 = a.parse().ok()?;
    let end: u16 = b.parse().ok()?;
    (start <= end).then_some(PortRange {
        start,
        end,
        protocol,
    })
}

/// A configured list of approved ports: integers and `"a-b"` ranges.
#[derive(Clone, Debug, Default)]
pub struct AllowedPorts {
    pub ranges: Vec<(u16, u16)>,
}

impl AllowedPorts {
    /// Parses `allowed = [80, 443, "8000-8100"]` from a rule's options table.
    pub fn from_options(t: &toml::Table) -> Result<AllowedPorts, String> {
        let mut out = AllowedPorts::default();
        for (k, v) in t {
            if k != "allowed" {
                return Err(format!("unknown option `{k}`; this rule takes `allowed`"));
            }
            let list = v
                .as_array()
                .ok_or("`allowed` must be an array of ports, such as `[80, 443, \"8000-8100\"]`")?;
            for item in list {
                let range = match item {
                    toml::Value::Integer(n) => u16::try_from(*n).ok().map(|p| (p, p)),
                    toml::Value::String(s) => parse_port_range(s).map(|r| (r.start, r.end)),
                    _ => None,
                };
                out.ranges.push(range.ok_or_else(|| {
                    format!("`{item}` in `allowed` is not a port or a `\"start-end\"` range")
                })?);
            }
        }
        Ok(out)
    }

    /// Every port of `start..=end` is approved.
    pub fn allows(&self, start: u16, end: u16) -> bool {
        // Ranges may overlap or abut; walk the ports in order.
        let mut next = start as u32;
        while next <= end as u32 {
            match self
                .ranges
                .iter()
                .filter(|(a, b)| (*a as u32) <= next && next <= *b as u32)
                .map(|(_, b)| *b as u32)
                .max()
            {
                Some(b) => next = b + 1,
                None => return false,
            }
        }
        true
    }
}

/// What a `chmod`-style mode does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModeEffect {
    pub setuid: bool,
    pub setgid: bool,
    /// Others may write.
    pub world_writable: bool,
    pub sticky: bool,
}

/// Interprets an octal (`4755`, `0777`) or symbolic (`u+s,o+w`, `a=rwxt`)
/// mode. `None` when it is neither (a variable, a `--reference`).
pub fn mode_effect(mode: &str) -> Option<ModeEffect> {
    if mode.is_empty() {
        return None;
    }
    if mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let n = u32::from_str_radix(mode, 8).ok()?;
        // chmod treats up to 4 significant digits; 5+ with leading zeros are fine.
        if n > 0o7777 {
            return None;
        }
        return Some(ModeEffect {
            setuid: n & 0o4000 != 0,
            setgid: n & 0o2000 != 0,
            world_writable: n & 0o002 != 0,
            sticky: n & 0o1000 != 0,
        });
    }
    let mut e = ModeEffect::default();
    for clause in mode.split(',') {
        let who_len = clause
            .bytes()
            .take_while(|b| matches!(b, b'u' | b'g' | b'o' | b'a'))
            .count();
        let who = &clause[..who_len];
        let mut rest = &clause[who_len..];
        if rest.is_empty() {
            return None;
        }
        while !rest.is_empty() {
            let op = rest.as_bytes()[0];
            if !matches!(op, b'+' | b'-' | b'=') {
                return None;
            }
            let perm_len = rest[1..]
                .bytes()
                .take_while(|b| {
                    matches!(
                        b,
                        b'r' | b'w' | b'x' | b'X' | b's' | b't' | b'u' | b'g' | b'o'
                    )
                })
                .count();
            let perms = &rest[1..1 + perm_len];
            rest = &rest[1 + perm_len..];
            if op == b'-' {
                continue;
            }
            let all = who.is_empty() || who.contains('a');
            if perms.contains('s') {
                e.setuid |= all || who.contains('u');
                e.setgid |= all || who.contains('g');
            }
            // Without a `who`, the umask (typically 022) keeps others from
            // gaining write access, so only explicit `o` or `a` count.
            if perms.contains('w') && (who.contains('o') || who.contains('a')) {
                e.world_writable = true;
            }
            if perms.contains('t') {
                e.sticky = true;
            }
        }
    }
    Some(e)
}

/// The mode argument of a command that sets file modes: `chmod MODE`,
/// `install -m MODE`, `mkdir -m MODE`.
pub fn mode_word<'a>(v: &CommandView<'a>) -> Option<&'a Word> {
    match v.name_str()? {
        "chmod" => v
            .args
            .iter()
            .find(|w| !w.text.starts_with('-') || mode_effect(&w.text).is_some()),
        "install" | "mkdir" => {
            let mut it = v.args.iter();
            while let Some(w) = it.next() {
                if w.text == "-m" || w.text == "--mode" {
                    return it.next();
                }
                if let Some(m) = w.text.strip_prefix("--mode=") {
                    let _ = m;
                    return Some(w);
                }
                if w.text.starts_with("-m") && w.text.len() > 2 && !w.text.starts_with("--") {
                    return Some(w);
                }
            }
            None
        }
        _ => None,
    }
}

/// The mode text inside a mode word (`--mode=4755` gives `4755`).
pub fn mode_text(w: &Word) -> &str {
    let t = w.text.as_str();
    t.strip_prefix("--mode=")
        .or_else(|| t.strip_prefix("-m").filter(|r| !r.is_empty()))
        .unwrap_or(t)
}

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

/// The `tcp://` address a Docker daemon is told to listen on:
/// `dockerd -H tcp://0.0.0.0:2375`, `--host=tcp://...`, `docker daemon -H ...`.
pub fn dockerd_tcp_host<'a>(v: &CommandView<'a>) -> Option<&'a Word> {
    let name = v.name_str()?;
    let daemon = name == "dockerd"
        || (name == "docker"
            && v.args
                .iter()
                .any(|w| w.text == "daemon" || w.text == "-d" || w.text == "--daemon"));
    if !daemon {
        return None;
    }
    let is_tcp = |s: &str| {
        s.trim_matches(['"', '\''])
            .to_ascii_lowercase()
            .starts_with("tcp://")
    };
    let mut it = v.args.iter().peekable();
    while let Some(w) = it.next() {
        let t = w.text.as_str();
        if t == "-H" || t == "--host" {
            if let Some(next) = it.peek()
                && is_tcp(&next.text)
            {
                return Some(next);
            }
            continue;
        }
        let value = t
            .strip_prefix("--host=")
            .or_else(|| t.strip_prefix("-H="))
            .or_else(|| t.strip_prefix("-H").filter(|r| !r.starts_with('-')));
        if value.is_some_and(is_tcp) {
            return Some(w);
        }
    }
    None
}

/// A byte size as Compose writes it: `536870912`, `512m`, `1g`, `1.5GB`,
/// `256MiB`. Negative values are kept (`-1` means unlimited).
pub fn parse_bytes(s: &str) -> Option<i64> {
    let t = s.trim().to_ascii_lowercase();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match unit.trim() {
        "" | "b" => 1.0,
        "k" | "kb" | "kib" => 1024.0,
        "m" | "mb" | "mib" => 1024.0 * 1024.0,
        "g" | "gb" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "t" | "tb" | "tib" => 1024.0f64.powi(4),
        _ => return None,
    };
    let v = n * mult;
    v.is_finite().then_some(v as i64)
}

/// A path that is, or contains, the Docker daemon's socket.
pub fn is_docker_socket(path: &str) -> bool {
    let p = path.trim().trim_end_matches('/');
    let p = p
        .strip_prefix("//")
        .map(|r| format!("/{r}"))
        .unwrap_or_else(|| p.to_string());
    matches!(
        p.as_str(),
        "/var/run/docker.sock" | "/run/docker.sock" | "/var/run/docker" | "/run/docker"
    ) || p.eq_ignore_ascii_case("\\\\.\\pipe\\docker_engine")
        || p.eq_ignore_ascii_case("//./pipe/docker_engine")
        || p.eq_ignore_ascii_case("/./pipe/docker_engine")
}

/// How a resource limit of a service is set.
pub enum Limit<'a> {
    /// A real limit is set.
    Set,
    /// Set to a value meaning "no limit".
    Unlimited(&'a crate::compose::model::Field),
    /// Depends on a variable without a default.
    Unknown,
    Absent,
}

/// Judges the fields that can limit one resource: any real limit wins; an
/// unlimited value is reported only when nothing else sets a limit.
pub fn judge_limit<'a>(
    fields: impl IntoIterator<Item = &'a crate::compose::model::Field>,
    unlimited: impl Fn(&str) -> Option<bool>,
) -> Limit<'a> {
    let mut result = Limit::Absent;
    for f in fields {
        if f.is_null() {
            continue;
        }
        let Some(text) = f.text() else {
            result = match result {
                Limit::Unlimited(_) | Limit::Absent => Limit::Unknown,
                r => r,
            };
            continue;
        };
        match unlimited(text) {
            Some(false) => return Limit::Set,
            Some(true) => {
                if matches!(result, Limit::Absent) {
                    result = Limit::Unlimited(f);
                }
            }
            // Not a value Compose accepts; another rule reports the shape.
            None => {
                if matches!(result, Limit::Absent) {
                    result = Limit::Unknown;
                }
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_users() {
        for u in ["root", "0", "root:root", "0:0", " root ", "\"root\"", "00"] {
            assert!(is_root_user(u), "{u}");
        }
        for u in ["app", "1000", "1000:0", "rooty", ""] {
            assert!(!is_root_user(u), "{u}");
        }
    }

    #[test]
    fn modes() {
        assert!(mode_effect("4755").unwrap().setuid);
        assert!(mode_effect("2755").unwrap().setgid);
        assert!(mode_effect("u+s").unwrap().setuid);
        assert!(mode_effect("+s").unwrap().setgid);
        assert!(!mode_effect("u-s").unwrap().setuid);
        assert!(mode_effect("777").unwrap().world_writable);
        let e = mode_effect("1777").unwrap();
        assert!(e.world_writable && e.sticky);
        assert!(mode_effect("a+rwx").unwrap().world_writable);
        assert!(!mode_effect("+w").unwrap().world_writable);
        assert!(mode_effect("o+w,+t").unwrap().sticky);
        assert!(mode_effect("$MODE").is_none());
        assert!(mode_effect("0755").is_some_and(|e| e == ModeEffect::default()));
    }

    #[test]
    fn ports() {
        assert_eq!(parse_port_range("80/tcp").unwrap().start, 80);
        let r = parse_port_range("8000-8010").unwrap();
        assert!(r.contains(8005));
        assert!(parse_port_range("abc").is_none());
        let a = AllowedPorts {
            ranges: vec![(80, 80), (8000, 8050), (8051, 8100)],
        };
        assert!(a.allows(8000, 8100));
        assert!(!a.allows(79, 80));
    }

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
