//! Host paths that services bind-mount, and what each path hands over.
//!
//! A service reaches a host path through a bind in `volumes` (short or long
//! syntax), through a named volume whose top-level definition binds a host
//! directory (`driver_opts: {type: none, o: bind, device: /path}`), or
//! through a top-level secret or config read from an absolute `file`. Paths
//! are compared after the cleaning Docker applies (`//`, `.`, `..`, a
//! trailing `/`). Relative sources (`./data`) are never judged: where they
//! land depends on where the project is checked out.

use crate::compose::model::{ComposeFile, EnvVar, Resource, Service, VolumeKind};
use crate::source::Span;

/// One host path a service mounts.
#[derive(Clone, Debug)]
pub struct HostMount {
    /// The cleaned absolute path (or `~`, `~/x`).
    pub path: String,
    /// The path as written.
    pub written: String,
    /// What to underline: the source in the service.
    pub span: Span,
    pub read_only: bool,
    /// How the path is reached, for messages: `None` for a direct bind,
    /// else "volume `x`", "secret `x`", "config `x`".
    pub via: Option<String>,
}

/// Cleans a path the way Docker does. `None` for a path that is not
/// absolute (and does not start with `~`).
pub fn clean_path(p: &str) -> Option<String> {
    let p = p.trim();
    let (root, rest) = if let Some(r) = p.strip_prefix('~') {
        if !(r.is_empty() || r.starts_with('/')) {
            return None; // `~user` is left alone
        }
        ("~", r)
    } else if p.starts_with('/') {
        ("", p)
    } else {
        return None;
    };
    Some(crate::paths::clean_slashed(root, &[rest]))
}

/// `path` is `dir` or below it.
pub fn under(path: &str, dir: &str) -> bool {
    if dir == "/" {
        return path.starts_with('/');
    }
    path == dir
        || (path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/')
}

fn opt<'a>(opts: &'a [EnvVar], key: &str) -> Option<&'a str> {
    opts.iter()
        .find(|e| e.key.value == key)
        .and_then(|e| e.value.as_ref())
        .and_then(|v| v.text())
}

/// The host path behind a top-level named volume and whether it is bound
/// read-only: the local driver with `type: none` (or `o: bind`/`rbind`) and
/// an absolute `device`.
pub fn volume_binding(r: &Resource) -> Option<(String, bool)> {
    if r.external.as_ref().and_then(|f| f.as_bool()) == Some(true) {
        return None;
    }
    if let Some(d) = r.driver.as_ref().and_then(|f| f.text())
        && d != "local"
    {
        return None;
    }
    let device = opt(&r.driver_opts, "device")?;
    let o = opt(&r.driver_opts, "o").unwrap_or("").to_ascii_lowercase();
    let flags: Vec<&str> = o.split(',').map(str::trim).collect();
    let ty_none =
        opt(&r.driver_opts, "type").is_some_and(|t| t.trim().eq_ignore_ascii_case("none"));
    if !(ty_none || flags.iter().any(|f| *f == "bind" || *f == "rbind")) {
        return None;
    }
    let path = clean_path(device)?;
    Some((path, flags.contains(&"ro")))
}

/// Every host path the service mounts, in file order: `volumes` first,
/// then secrets and configs read from absolute files.
pub fn host_mounts(file: &ComposeFile, svc: &Service) -> Vec<HostMount> {
    let mut out = Vec::new();
    for v in &svc.volumes {
        let Some(src) = &v.source else { continue };
        let Some(text) = src.text() else { continue };
        match v.kind {
            VolumeKind::Bind => {
                if let Some(path) = clean_path(text) {
                    out.push(HostMount {
                        path,
                        written: text.to_string(),
                        span: src.span,
                        read_only: v.read_only,
                        via: None,
                    });
                }
            }
            VolumeKind::Volume => {
                let Some(r) = file.volumes.iter().find(|r| r.name.value == text) else {
                    continue;
                };
                if let Some((path, ro)) = volume_binding(r) {
                    out.push(HostMount {
                        written: path.clone(),
                        path,
                        span: src.span,
                        read_only: ro || v.read_only,
                        via: Some(format!("volume `{text}`")),
                    });
                }
            }
            _ => {}
        }
    }
    for (refs, defs, what) in [
        (&svc.secrets, &file.secrets, "secret"),
        (&svc.configs, &file.configs, "config"),
    ] {
        for r in refs {
            let Some(src) = &r.source else { continue };
            let Some(name) = src.text() else { continue };
            let Some(def) = defs.iter().find(|d| d.name.value == name) else {
                continue;
            };
            if def.external.as_ref().and_then(|f| f.as_bool()) == Some(true) {
                continue;
            }
            let Some(path) = def
                .file
                .as_ref()
                .and_then(|f| f.text())
                .and_then(clean_path)
            else {
                continue;
            };
            out.push(HostMount {
                written: path.clone(),
                path,
                span: src.span,
                read_only: true,
                via: Some(format!("{what} `{name}`")),
            });
        }
    }
    out
}

/// Control sockets by file name, and the runtime they control.
const SOCKETS: [(&str, &str); 5] = [
    ("docker.sock", "Docker"),
    ("containerd.sock", "containerd"),
    ("crio.sock", "CRI-O"),
    ("podman.sock", "Podman"),
    ("systemd/private", "systemd"),
];

/// Directories that hold control sockets.
/// The first directory inside the mounted path names what it hands over,
/// so the directories that hold several sockets come first.
const SOCKET_DIRS: [(&str, &str); 5] = [
    ("/var/run", "the Docker and containerd sockets"),
    ("/run", "the Docker and containerd sockets"),
    ("/run/containerd", "the containerd socket"),
    ("/run/systemd", "systemd's private socket"),
    ("/var/run/docker", "the Docker socket"),
];

/// What control socket a mounted path exposes: a socket by name, or a
/// directory that is (or contains) a socket directory. `/` contains them all.
pub fn control_socket(path: &str) -> Option<&'static str> {
    if let Some((_, runtime)) = SOCKETS.iter().find(|(name, _)| path.contains(name)) {
        return Some(runtime);
    }
    if path == "/" {
        return Some("the Docker and containerd sockets");
    }
    SOCKET_DIRS
        .iter()
        .find(|(dir, _)| under(dir, path))
        .map(|(_, what)| *what)
}

/// Paths where write access is host root, matched with everything below.
const ROOT_EQUIVALENT: [(&str, &str); 14] = [
    (
        "/etc",
        "cron, sudoers, `ld.so.preload` and the password files",
    ),
    ("/root", "root's SSH keys and shell start-up files"),
    ("/boot", "the kernel and initramfs the host boots"),
    (
        "/var/lib/docker",
        "every container's filesystem and image layers",
    ),
    (
        "/var/lib/containerd",
        "every container's filesystem snapshots",
    ),
    ("/proc", "`core_pattern` and other kernel settings"),
    ("/usr/bin", "programs on root's `PATH`"),
    ("/usr/sbin", "programs on root's `PATH`"),
    ("/usr/local/bin", "programs on root's `PATH`"),
    ("/usr/local/sbin", "programs on root's `PATH`"),
    ("/bin", "programs on root's `PATH`"),
    ("/sbin", "programs on root's `PATH`"),
    ("/lib/modules", "kernel modules the host loads"),
    ("/usr/lib/modules", "kernel modules the host loads"),
];

/// Paths that are root-equivalent for what they contain, matched exactly
/// (`/var/lib/mysql` is not `/var/lib/docker`).
const ROOT_EQUIVALENT_EXACT: [(&str, &str); 5] = [
    (
        "/var/lib",
        "`/var/lib/docker` with every container's filesystem",
    ),
    ("/usr", "programs on root's `PATH`"),
    ("/usr/lib", "libraries and system units that root runs"),
    ("/lib", "libraries and system units that root runs"),
    ("/lib64", "libraries that root runs"),
];

/// Root-equivalent paths whose files are world-readable anyway: mounting
/// them read-only discloses nothing.
const WRITE_ONLY_GRANT: [&str; 12] = [
    "/usr",
    "/usr/bin",
    "/usr/sbin",
    "/usr/local/bin",
    "/usr/local/sbin",
    "/bin",
    "/sbin",
    "/lib/modules",
    "/usr/lib/modules",
    "/usr/lib",
    "/lib",
    "/lib64",
];

/// The timezone files: under `/etc`, but harmless read-only and not host
/// root when writable.
pub const TIMEZONE_FILES: [&str; 2] = ["/etc/localtime", "/etc/timezone"];

/// The root-equivalent path a mount lands on, and what writing there gives.
pub fn root_equivalent(path: &str) -> Option<(&'static str, &'static str)> {
    if TIMEZONE_FILES.contains(&path) {
        return None;
    }
    ROOT_EQUIVALENT
        .iter()
        .find(|(dir, _)| under(path, dir))
        .or_else(|| ROOT_EQUIVALENT_EXACT.iter().find(|(dir, _)| path == *dir))
        .copied()
}

/// Device nodes that expose nothing.
const INERT_DEVICES: [&str; 5] = [
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/random",
    "/dev/urandom",
];

/// Credential directories inside a home directory.
const HOME_CREDENTIALS: [&str; 5] = [".ssh", ".docker", ".aws", ".kube", ".gnupg"];

/// Why a mounted path is sensitive even when it does not hand over root:
/// kernel interfaces, devices, home directories, runtime state, or a
/// root-equivalent path mounted read-only. `None` for paths that
/// [`control_socket`] or (writable) [`root_equivalent`] own, and for
/// everything else.
pub fn sensitive(path: &str, read_only: bool) -> Option<&'static str> {
    if INERT_DEVICES.contains(&path) || control_socket(path).is_some() {
        return None;
    }
    if under(path, "/sys") {
        return Some("kernel interfaces");
    }
    if under(path, "/dev") {
        return Some("host devices");
    }
    if path == "/home" || path == "~" {
        return Some("users' home directories");
    }
    for home in ["/home/", "~/"] {
        if let Some(rest) = path.strip_prefix(home) {
            let mut parts = rest.split('/');
            let first = parts.next().unwrap_or("");
            if home == "/home/" {
                match parts.next() {
                    None => return Some("a user's home directory"),
                    Some(d) if HOME_CREDENTIALS.contains(&d) => {
                        return Some("a user's credentials");
                    }
                    _ => return None,
                }
            }
            return HOME_CREDENTIALS
                .contains(&first)
                .then_some("a user's credentials");
        }
    }
    if under(path, "/run") || under(path, "/var/run") {
        return Some("host services' runtime state and sockets");
    }
    if TIMEZONE_FILES.contains(&path) {
        return (!read_only).then_some("the host's timezone setting, writable");
    }
    let (dir, _) = root_equivalent(path)?;
    if !read_only {
        return None; // writable: root-equivalent, a stronger finding
    }
    if WRITE_ONLY_GRANT.contains(&dir) {
        return None;
    }
    Some("host configuration and credentials")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning() {
        assert_eq!(clean_path("/").as_deref(), Some("/"));
        assert_eq!(clean_path("/.").as_deref(), Some("/"));
        assert_eq!(clean_path("//etc/../").as_deref(), Some("/"));
        assert_eq!(clean_path("/var/run/").as_deref(), Some("/var/run"));
        assert_eq!(clean_path("~/.ssh").as_deref(), Some("~/.ssh"));
        assert_eq!(clean_path("./data"), None);
        assert_eq!(clean_path("~bob/x"), None);
    }

    #[test]
    fn classes() {
        assert_eq!(
            control_socket("/var/run"),
            Some("the Docker and containerd sockets")
        );
        assert_eq!(
            control_socket("/var"),
            Some("the Docker and containerd sockets")
        );
        assert!(control_socket("/run/user/1000/podman/podman.sock").is_some());
        assert!(control_socket("/run/dbus").is_none());
        assert!(root_equivalent("/etc/nginx").is_some());
        assert!(root_equivalent("/var/lib/mysql").is_none());
        assert!(root_equivalent("/var/lib").is_some());
        assert!(root_equivalent("/etc/localtime").is_none());
        assert!(sensitive("/etc/localtime", true).is_none());
        assert!(sensitive("/etc/localtime", false).is_some());
        assert!(sensitive("/etc/ssl", true).is_some());
        assert!(sensitive("/etc/ssl", false).is_none());
        assert!(sensitive("/usr/bin", true).is_none());
        assert!(sensitive("/dev/null", false).is_none());
        assert!(sensitive("/dev/ttyUSB0", false).is_some());
        assert!(sensitive("/home/alice", true).is_some());
        assert!(sensitive("/home/alice/app/data", false).is_none());
        assert!(sensitive("/home/alice/.ssh/id_rsa", true).is_some());
        assert!(sensitive("~/.aws", true).is_some());
        assert!(sensitive("/run/dbus", true).is_some());
        assert!(sensitive("/srv/data", false).is_none());
    }
}
