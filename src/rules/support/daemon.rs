//! The Docker daemon: its socket, its TCP listeners, and the settings that
//! point a program at it.
//!
//! One question is answered here for every place a daemon address can be
//! written: the `DOCKER_HOST` family of variables (in `ENV`, `environment`,
//! or a shell assignment), `dockerd -H`, the docker client's own `-H`,
//! watchtower's `--host`, and traefik's `--providers.docker.endpoint`. An
//! address reaches the daemon over TCP when its scheme is `tcp`, `http` or
//! `https`, when it has no scheme but a port (`docker:2375`), or when it
//! names the daemon's ports 2375/2376 whatever its scheme. `unix://`,
//! `npipe://`, `fd://` and `ssh://` do not.

use crate::shell::{Command, CommandView, Word};

use super::host_paths::clean_path;

/// The Docker daemon's ports: 2375 plain, 2376 TLS.
pub const DAEMON_PORTS: [u16; 2] = [2375, 2376];

/// Variables that hold the address of the Docker daemon a program talks
/// to: the Docker client's and traefik's (v2/v3 and v1).
const ENDPOINT_VARS: [&str; 4] = [
    "DOCKER_HOST",
    "TRAEFIK_PROVIDERS_DOCKER_ENDPOINT",
    "TRAEFIK_PROVIDERS_SWARM_ENDPOINT",
    "TRAEFIK_DOCKER_ENDPOINT",
];

/// Options whose value is a daemon address for whatever program takes
/// them (traefik's; its image runs them without naming `traefik`).
const ENDPOINT_OPTIONS: [&str; 3] = [
    "--providers.docker.endpoint",
    "--providers.swarm.endpoint",
    "--docker.endpoint",
];

/// A variable that holds a Docker daemon address.
pub fn is_endpoint_var(name: &str) -> bool {
    ENDPOINT_VARS.iter().any(|v| name.eq_ignore_ascii_case(v))
}

/// Whether a daemon address is reached over TCP (see the module
/// documentation).
pub fn is_tcp_endpoint(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    let (scheme, rest) = match v.split_once("://") {
        Some((s, r)) => (Some(s), r),
        None => (None, v.as_str()),
    };
    let authority = rest.split('/').next().unwrap_or("");
    let port = authority
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse::<u16>().ok());
    if port.is_some_and(|p| DAEMON_PORTS.contains(&p)) {
        return true;
    }
    match scheme {
        Some(s) => matches!(s, "tcp" | "http" | "https"),
        // `host:port` without a scheme is how the client reads a TCP host.
        None => !authority.is_empty() && !rest.starts_with('/') && port.is_some(),
    }
}

/// The host an address names (`socket-proxy` in `tcp://socket-proxy:2375`).
pub fn endpoint_host(value: &str) -> &str {
    let v = value.trim().trim_matches(['"', '\'']);
    let rest = v.split_once("://").map_or(v, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match authority.rsplit_once(':') {
        Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => authority,
    }
}

/// A daemon address given to a program in a command.
#[derive(Clone, Copy, Debug)]
pub struct Endpoint<'a> {
    /// The word to report: the value, or `--opt=value`.
    pub word: &'a Word,
    /// The address itself.
    pub value: &'a str,
    /// The program is the daemon, told to listen there (`dockerd -H`);
    /// otherwise a client told to connect there.
    pub listens: bool,
}

/// The programs whose `-H`/`--host` is a daemon address: whether it is the
/// daemon itself (listening) or a client.
fn host_flag_program(v: &CommandView<'_>, implied: Option<&str>) -> Option<bool> {
    let name = match v.name {
        Some(w) if !w.text.starts_with('-') => v.name_str()?,
        // Only options: the image's entrypoint runs them.
        _ => implied?,
    };
    match name {
        "dockerd" | "dockerd-entrypoint.sh" => Some(true),
        "docker" => Some(
            v.args
                .iter()
                .any(|w| w.text == "daemon" || w.text == "-d" || w.text == "--daemon"),
        ),
        "watchtower" => Some(false),
        _ => None,
    }
}

/// The daemon addresses a command gives: `-H`/`--host` of `dockerd`, the
/// docker client and watchtower, traefik's endpoint options for any
/// program, and `DOCKER_HOST=...` assignments before it. `implied` names
/// the program when the command is only options (a Compose `command` run by
/// the image's entrypoint): `dockerd` for a `docker:dind` image, say.
pub fn endpoints<'a>(cmd: &'a Command, implied: Option<&str>) -> Vec<Endpoint<'a>> {
    let mut out = Vec::new();
    for a in &cmd.assignments {
        if is_endpoint_var(&a.name) {
            out.push(Endpoint {
                word: &a.value,
                value: &a.value.text,
                listens: false,
            });
        }
    }
    let v = cmd.effective();
    // With only options, they are all arguments of the implied program.
    let args: &[Word] = match v.name {
        Some(n) if n.text.starts_with('-') => &cmd.words[cmd.words.len() - v.args.len() - 1..],
        _ => v.args,
    };
    let host_flag = host_flag_program(&v, implied);
    // Most commands are neither a daemon nor one of its clients.
    if host_flag.is_none()
        && !args
            .iter()
            .any(|w| ENDPOINT_OPTIONS.iter().any(|o| w.text.starts_with(o)))
    {
        return out;
    }
    let is_client = host_flag == Some(false) && v.name_str() == Some("docker");
    let mut it = args.iter().peekable();
    while let Some(w) = it.next() {
        let t = w.text.as_str();
        if t == "--" {
            break;
        }
        // The docker client takes its global options before the
        // subcommand; a later `-H` belongs to the subcommand.
        if is_client && !t.starts_with('-') {
            break;
        }
        let (name, inline) = match t.split_once('=') {
            Some((n, val)) if n.starts_with('-') => (n, Some(val)),
            _ => (t, None),
        };
        let listens = if ENDPOINT_OPTIONS.contains(&name) {
            false
        } else if let Some(l) = host_flag {
            if name == "-H" || name == "--host" {
                l
            } else if inline.is_none() && t.len() > 2 && t.starts_with("-H") {
                // `-Htcp://...`
                out.push(Endpoint {
                    word: w,
                    value: &t[2..],
                    listens: l,
                });
                continue;
            } else {
                continue;
            }
        } else {
            continue;
        };
        match inline {
            Some(val) => out.push(Endpoint {
                word: w,
                value: val,
                listens,
            }),
            None => {
                if let Some(next) = it.next_if(|n| !n.text.starts_with('-')) {
                    out.push(Endpoint {
                        word: next,
                        value: &next.text,
                        listens,
                    });
                }
            }
        }
    }
    out
}

/// The program a Compose service's image runs when its `command` is only
/// options: `dockerd` for the Docker-in-Docker images, `watchtower` for
/// watchtower's.
pub fn image_program(image: &str) -> Option<&'static str> {
    let (repo, tag) = match image.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r, t),
        _ => (image, ""),
    };
    let name = repo.rsplit('/').next().unwrap_or(repo);
    match name {
        "docker" if tag.contains("dind") => Some("dockerd"),
        "watchtower" => Some("watchtower"),
        _ => None,
    }
}

/// Images of Docker socket proxies: services that hold the socket and
/// forward only the API calls they are configured to allow. Talking to one
/// over the project's network is the documented mitigation for mounting
/// the socket, so it is not a daemon over TCP.
const SOCKET_PROXY_IMAGES: [&str; 4] = [
    "tecnativa/docker-socket-proxy",
    "linuxserver/socket-proxy",
    "wollomatic/socket-proxy",
    "11notes/socket-proxy",
];

/// Whether an image reference is a known Docker socket proxy (any
/// registry, tag or digest).
pub fn is_socket_proxy_image(image: &str) -> bool {
    let no_digest = image.split('@').next().unwrap_or(image);
    let repo = match no_digest.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => r,
        _ => no_digest,
    };
    let repo = repo.to_ascii_lowercase();
    SOCKET_PROXY_IMAGES
        .iter()
        .any(|p| repo == *p || repo.ends_with(&format!("/{p}")))
}

/// Directories that hold the Docker socket when bound whole: binding
/// `/run` or `/var/run` hands over `docker.sock` with everything else.
const SOCKET_DIRS: [&str; 4] = ["/run", "/var/run", "/run/docker", "/var/run/docker"];

/// A host path that is, or contains, the Docker daemon's socket: the
/// socket itself (`/var/run/docker.sock`, `/run/docker.sock`), a directory
/// that holds it bound whole (`/run`, `/var/run`), or Windows' named pipe.
/// Paths are compared after Docker's cleaning (`//`, `..`, trailing `/`).
pub fn is_docker_socket(path: &str) -> bool {
    let raw = path.trim();
    if [
        "\\\\.\\pipe\\docker_engine",
        "//./pipe/docker_engine",
        "/./pipe/docker_engine",
    ]
    .iter()
    .any(|p| raw.eq_ignore_ascii_case(p))
    {
        return true;
    }
    let Some(p) = clean_path(raw) else {
        return false;
    };
    matches!(p.as_str(), "/var/run/docker.sock" | "/run/docker.sock")
        || SOCKET_DIRS.contains(&p.as_str())
}

/// `dockerd -H tcp://...` and its kin: the address a Docker daemon is told
/// to listen on over TCP.
pub fn dockerd_tcp_host(cmd: &Command) -> Option<&Word> {
    endpoints(cmd, None)
        .into_iter()
        .find(|e| e.listens && is_tcp_endpoint(e.value))
        .map(|e| e.word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;
    use crate::source::OffsetMap;

    fn cmd(s: &str) -> Command {
        shell::parse(s, &OffsetMap::contiguous(0))
            .commands
            .into_iter()
            .next()
            .unwrap()
    }

    #[test]
    fn tcp_endpoints() {
        for yes in [
            "tcp://0.0.0.0:2375",
            "tcp://docker",
            "http://docker:2375",
            "https://docker:2376",
            "docker:2375",
            "'tcp://x:1234'",
            "foo://x:2376",
        ] {
            assert!(is_tcp_endpoint(yes), "{yes}");
        }
        for no in [
            "unix:///var/run/docker.sock",
            "ssh://me@host",
            "npipe:////./pipe/docker_engine",
            "fd://",
            "/var/run/docker.sock",
            "",
        ] {
            assert!(!is_tcp_endpoint(no), "{no}");
        }
        assert_eq!(endpoint_host("tcp://socket-proxy:2375"), "socket-proxy");
        assert_eq!(
            endpoint_host("http://u:p@dockerproxy:2375/v1"),
            "dockerproxy"
        );
        assert_eq!(endpoint_host("docker"), "docker");
    }

    #[test]
    fn command_endpoints() {
        let c = cmd("dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375");
        assert_eq!(dockerd_tcp_host(&c).unwrap().text, "tcp://0.0.0.0:2375");
        let c = cmd("dockerd --host=tcp://0.0.0.0:2375");
        assert!(dockerd_tcp_host(&c).is_some());
        let c = cmd("dockerd -Htcp://0.0.0.0:2375");
        assert!(dockerd_tcp_host(&c).is_some());
        // The client's global -H connects; a subcommand's -H is its own.
        let c = cmd("docker -H tcp://d:2375 ps");
        let e = endpoints(&c, None);
        assert_eq!(e.len(), 1);
        assert!(!e[0].listens);
        assert!(endpoints(&cmd("docker run -H x alpine"), None).is_empty());
        let c = cmd("traefik --providers.docker.endpoint=tcp://proxy:2375");
        assert_eq!(endpoints(&c, None)[0].value, "tcp://proxy:2375");
        let c = cmd("--providers.docker.endpoint=tcp://proxy:2375");
        assert_eq!(endpoints(&c, None).len(), 1);
        let c = cmd("--host=tcp://0.0.0.0:2375 --tls=false");
        assert!(endpoints(&c, None).is_empty());
        assert!(endpoints(&c, Some("dockerd"))[0].listens);
        let c = cmd("DOCKER_HOST=http://d:2375 docker ps");
        assert_eq!(endpoints(&c, None)[0].value, "http://d:2375");
        assert!(endpoints(&cmd("ls -H tcp://x"), None).is_empty());
    }

    #[test]
    fn sockets() {
        for yes in [
            "/var/run/docker.sock",
            "//var/run/docker.sock",
            "/run/docker.sock",
            "/var/run",
            "/run/",
            "/var/run/../run",
            "\\\\.\\pipe\\docker_engine",
        ] {
            assert!(is_docker_socket(yes), "{yes}");
        }
        for no in ["/run/dbus", "/var/run/postgresql", "./run", "/var", "/"] {
            assert!(!is_docker_socket(no), "{no}");
        }
        assert!(is_socket_proxy_image("tecnativa/docker-socket-proxy:0.3"));
        assert!(is_socket_proxy_image(
            "ghcr.io/tecnativa/docker-socket-proxy@sha256:ab"
        ));
        assert!(is_socket_proxy_image(
            "lscr.io/linuxserver/socket-proxy:latest"
        ));
        assert!(!is_socket_proxy_image("nginx:1.27"));
        assert_eq!(image_program("docker:27-dind"), Some("dockerd"));
        assert_eq!(image_program("containrrr/watchtower"), Some("watchtower"));
        assert_eq!(image_program("docker:27-cli"), None);
    }
}
