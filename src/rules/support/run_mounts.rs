//! `RUN --mount=...` flags: what each mount is and where it goes.

use crate::dockerfile::{Dockerfile, Instruction};
use crate::source::Span;

/// The mount types of `RUN --mount`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MountType {
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
    Other,
}

/// One `--mount` of a RUN instruction.
#[derive(Clone, Debug)]
pub struct RunMount<'a> {
    pub kind: MountType,
    /// `target`, `dst` or `destination`.
    pub target: Option<&'a str>,
    /// `id` (secrets, caches).
    pub id: Option<&'a str>,
    /// `env` (a secret exposed as an environment variable).
    pub env: Option<&'a str>,
    /// The flag as written.
    pub span: Span,
}

/// Parses a `--mount` value: comma-separated `key=value` fields.
pub fn parse_mount(value: &str, span: Span) -> RunMount<'_> {
    let mut m = RunMount {
        kind: MountType::Bind,
        target: None,
        id: None,
        env: None,
        span,
    };
    for field in value.split(',') {
        let (k, v) = field.split_once('=').unwrap_or((field, ""));
        let v = v.trim_matches(['"', '\'']);
        match k.trim().to_ascii_lowercase().as_str() {
            "type" => {
                m.kind = match v {
                    "bind" => MountType::Bind,
                    "cache" => MountType::Cache,
                    "tmpfs" => MountType::Tmpfs,
                    "secret" => MountType::Secret,
                    "ssh" => MountType::Ssh,
                    _ => MountType::Other,
                }
            }
            "target" | "dst" | "destination" => m.target = Some(v),
            "id" => m.id = Some(v),
            "env" => m.env = Some(v),
            _ => {}
        }
    }
    m
}

/// The RUN instruction behind a script's instruction index: the instruction
/// itself, or the one wrapped by `ONBUILD`.
pub fn run_instruction(df: &Dockerfile, instruction: usize, onbuild: bool) -> Option<&Instruction> {
    let ins = df.instructions.get(instruction)?;
    if onbuild {
        ins.onbuild_inner()
    } else {
        Some(ins)
    }
}

/// Every `--mount` of an instruction.
pub fn run_mounts(ins: &Instruction) -> impl Iterator<Item = RunMount<'_>> {
    ins.flags_named("mount")
        .filter_map(|f| f.value.as_ref().map(|v| parse_mount(&v.value, f.span)))
}

/// Whether the instruction mounts a cache or tmpfs over a directory that
/// `covers` accepts (the mount target, trailing slashes removed).
pub fn has_cache_mount(ins: &Instruction, covers: impl Fn(&str) -> bool) -> bool {
    run_mounts(ins).any(|m| {
        matches!(m.kind, MountType::Cache | MountType::Tmpfs)
            && m.target.is_some_and(|t| covers(t.trim_end_matches('/')))
    })
}

/// Whether a secret mount of the instruction exposes `name` as an
/// environment variable.
pub fn secret_env(ins: &Instruction, name: &str) -> bool {
    run_mounts(ins).any(|m| m.kind == MountType::Secret && m.env == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts() {
        let m = parse_mount(
            "type=cache,target=/var/cache/apt,sharing=locked",
            Span::default(),
        );
        assert_eq!(m.kind, MountType::Cache);
        assert_eq!(m.target, Some("/var/cache/apt"));
        let m = parse_mount("type=secret,id=npm,env=NPM_TOKEN", Span::default());
        assert_eq!((m.kind, m.env), (MountType::Secret, Some("NPM_TOKEN")));
        let m = parse_mount("dst=/src", Span::default());
        assert_eq!((m.kind, m.target), (MountType::Bind, Some("/src")));
    }
}
