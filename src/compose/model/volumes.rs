//! `volumes` of a service: the short syntax `SOURCE:TARGET[:MODE]` (or
//! `TARGET` alone, an anonymous volume) and the long syntax
//! `{type, source, target, read_only, bind, volume, tmpfs, ...}`.
//!
//! The short syntax is split the way Compose splits it: at `:`, except a
//! colon right after a single letter (a Windows drive, `C:\data:/data`);
//! specs of one or two bytes are a target. A source that starts with `/`,
//! `.`, `~`, `\\` or a drive letter is a bind mount, anything else names a
//! volume. A source that starts with an unknown variable is a bind mount if
//! a `/` follows the variable (`${DATA}/x`), else of unknown kind.

use super::{Cx, Field, ProblemKind};
use crate::compose::interpolate::UNKNOWN;
use crate::source::Span;
use crate::yaml::{Mapping, Node, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VolumeKind {
    Bind,
    Volume,
    Tmpfs,
    Npipe,
    Cluster,
    Image,
    /// A `type` this model does not know, or a source that depends on an
    /// unknown variable.
    Unknown,
}

/// One `volumes` item of a service.
#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    /// The whole item.
    pub span: Span,
    /// Written in the long (mapping) syntax.
    pub long: bool,
    pub kind: VolumeKind,
    /// The host path or volume name: in the short syntax, exactly the source
    /// part (its span is that part's when the scalar is verbatim).
    pub source: Option<Field>,
    pub target: Option<Field>,
    /// `:ro` in the short syntax, `read_only: true` in the long one.
    pub read_only: bool,
    /// Short syntax: the mode part (`ro,z`).
    pub mode: Option<Field>,
    /// Long syntax: `read_only`.
    pub read_only_field: Option<Field>,
    /// Long syntax: `bind.propagation`, `bind.create_host_path`, `bind.selinux`.
    pub propagation: Option<Field>,
    pub create_host_path: Option<Field>,
    pub selinux: Option<Field>,
    /// Long syntax: `volume.nocopy`, `volume.subpath`.
    pub nocopy: Option<Field>,
    pub subpath: Option<Field>,
    /// Long syntax: `tmpfs.size`, `tmpfs.mode`.
    pub tmpfs_size: Option<Field>,
    pub tmpfs_mode: Option<Field>,
}

impl Volume {
    /// A volume without a source (Compose creates an anonymous volume).
    pub fn is_anonymous(&self) -> bool {
        self.kind == VolumeKind::Volume && self.source.as_ref().is_none_or(|s| s.raw.is_empty())
    }

    /// The interpolated source, when known.
    pub fn source_text(&self) -> Option<&str> {
        self.source.as_ref()?.text()
    }

    /// The interpolated target, when known.
    pub fn target_text(&self) -> Option<&str> {
        self.target.as_ref()?.text()
    }
}

/// Whether a (resolved) source names a host path.
pub(super) fn source_kind(s: &str) -> VolumeKind {
    let rest = s.trim_start_matches(UNKNOWN);
    if rest.len() < s.len() {
        return if rest.starts_with('/') || rest.starts_with('\\') {
            VolumeKind::Bind
        } else {
            VolumeKind::Unknown
        };
    }
    let b = s.as_bytes();
    let path = matches!(b.first(), Some(b'.' | b'/' | b'~'))
        || s.starts_with("\\\\")
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':');
    if path {
        VolumeKind::Bind
    } else {
        VolumeKind::Volume
    }
}

fn empty(span: Span, long: bool, kind: VolumeKind) -> Volume {
    Volume {
        span,
        long,
        kind,
        source: None,
        target: None,
        read_only: false,
        mode: None,
        read_only_field: None,
        propagation: None,
        create_host_path: None,
        selinux: None,
        nocopy: None,
        subpath: None,
        tmpfs_size: None,
        tmpfs_mode: None,
    }
}

pub(super) fn volume(cx: &mut Cx<'_>, node: &Node) -> Option<Volume> {
    match &node.value {
        Value::Map(m) => Some(long(cx, node, m)),
        Value::Scalar(_) => short(cx, node),
        Value::Null => {
            cx.problem(node.span, ProblemKind::Volume, "empty volume");
            None
        }
        Value::Seq(_) => {
            cx.wrong_type("volumes", "a list of strings or mappings", node);
            None
        }
    }
}

fn short(cx: &mut Cx<'_>, node: &Node) -> Option<Volume> {
    let f = cx.field(node, None, "volumes")?;
    let t = f.resolved_text().to_string();
    let b = t.as_bytes();
    if t.is_empty() {
        cx.problem(f.span, ProblemKind::Volume, "empty volume");
        return None;
    }
    let mut v = empty(f.span, false, VolumeKind::Volume);
    if t.len() <= 2 {
        v.target = Some(f.part(0..t.len()));
        return Some(v);
    }
    let mut sections = Vec::new();
    let mut start = 0;
    for i in 0..=b.len() {
        if i < b.len() && b[i] != b':' {
            continue;
        }
        if i < b.len() && i - start == 1 && b[start].is_ascii_alphabetic() {
            continue; // a Windows drive letter
        }
        sections.push(start..i);
        start = i + 1;
    }
    let problem = |cx: &mut Cx<'_>, msg: &str| {
        cx.problem(
            f.span,
            ProblemKind::Volume,
            format!("invalid volume `{}`: {msg}", f.raw),
        );
    };
    if sections.iter().any(|r| r.is_empty()) {
        problem(cx, "empty section between colons");
        return None;
    }
    match sections.len() {
        1 => v.target = Some(f.part(sections[0].clone())),
        2 | 3 => {
            let source = f.part(sections[0].clone());
            v.kind = source_kind(source.resolved_text());
            v.source = Some(source);
            v.target = Some(f.part(sections[1].clone()));
            if let Some(r) = sections.get(2) {
                let mode = f.part(r.clone());
                for opt in mode.resolved_text().split(',') {
                    match opt {
                        "ro" => v.read_only = true,
                        "rw" => v.read_only = false,
                        _ => {}
                    }
                }
                v.mode = Some(mode);
            }
        }
        _ => {
            problem(cx, "too many colons");
            return None;
        }
    }
    Some(v)
}

fn long(cx: &mut Cx<'_>, node: &Node, m: &Mapping) -> Volume {
    let ty = cx.scalar(m, "type");
    let source = cx.scalar(m, "source");
    let kind = match ty.as_ref().and_then(|t| t.text()) {
        Some("bind") => VolumeKind::Bind,
        Some("volume") => VolumeKind::Volume,
        Some("tmpfs") => VolumeKind::Tmpfs,
        Some("npipe") => VolumeKind::Npipe,
        Some("cluster") => VolumeKind::Cluster,
        Some("image") => VolumeKind::Image,
        Some(_) => VolumeKind::Unknown,
        None if ty.as_ref().is_some_and(|t| t.is_unknown()) => VolumeKind::Unknown,
        // No `type` (Compose requires one): infer it from the source.
        None => match &source {
            Some(s) if !s.raw.is_empty() => source_kind(s.resolved_text()),
            _ => VolumeKind::Volume,
        },
    };
    let mut v = empty(node.span, true, kind);
    v.source = source;
    v.target = cx.scalar(m, "target");
    v.read_only_field = cx.scalar(m, "read_only");
    v.read_only = v
        .read_only_field
        .as_ref()
        .and_then(|f| f.as_bool())
        .unwrap_or(false);
    if let Some((_, bm)) = cx.map_in(m, "bind") {
        v.propagation = cx.scalar(bm, "propagation");
        v.create_host_path = cx.scalar(bm, "create_host_path");
        v.selinux = cx.scalar(bm, "selinux");
    }
    if let Some((_, vm)) = cx.map_in(m, "volume") {
        v.nocopy = cx.scalar(vm, "nocopy");
        v.subpath = cx.scalar(vm, "subpath");
    }
    if let Some((_, tm)) = cx.map_in(m, "tmpfs") {
        v.tmpfs_size = cx.scalar(tm, "size");
        v.tmpfs_mode = cx.scalar(tm, "mode");
    }
    v
}
