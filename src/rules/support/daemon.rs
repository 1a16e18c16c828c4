//! The Docker daemon: its socket and TCP listeners.

use crate::shell::{CommandView, Word};

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
