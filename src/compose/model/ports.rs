//! `ports`: the short syntax `[HOST_IP:][HOST[-HOST2]:]CONTAINER[-CONTAINER2][/PROTO]`
//! and the long syntax `{target, published, host_ip, protocol, mode, ...}`.
//!
//! The short syntax is split the way Docker splits it, from the right:
//! the last `:`-separated part is the container port, the one before it the
//! host port, and everything before that the host IP (IPv6 addresses may be
//! bracketed, `[::1]:80:80`, or not, `::1:80:80`). Interpolation happens
//! first, as in Compose; spans of the parts point through it.

use std::ops::Range;

use super::{Cx, Field, ProblemKind, has_unknown};
use crate::source::Span;
use crate::yaml::{Mapping, Node, Value};

/// One `ports` item.
#[derive(Clone, Debug, PartialEq)]
pub struct Port {
    /// The whole item.
    pub span: Span,
    /// Written in the long (mapping) syntax.
    pub long: bool,
    /// The host IP (brackets removed).
    pub host_ip: Option<Field>,
    /// The host port or range. `None` with a `target`: Docker publishes the
    /// container port on an ephemeral host port.
    pub published: Option<PortRange>,
    /// The container port or range.
    pub target: Option<PortRange>,
    pub protocol: Option<Field>,
    /// Long syntax only.
    pub mode: Option<Field>,
    pub name: Option<Field>,
    pub app_protocol: Option<Field>,
}

impl Port {
    /// The host IP when known and given (`None` means every interface, or
    /// unknown: see `host_ip`).
    pub fn host_ip_text(&self) -> Option<&str> {
        self.host_ip.as_ref()?.text()
    }
}

/// A port or a range `start-end` (`start == end` for a single port).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortRange {
    pub start: u16,
    pub end: u16,
    /// The exact characters of this part (`8080` in `127.0.0.1:8080:80`);
    /// for an interpolated value, its literal default when the scalar is
    /// verbatim, else the `${...}` or the whole item.
    pub span: Span,
    /// Depends on a variable that is unset and has no default; `start` and
    /// `end` are 0.
    pub unknown: bool,
}

impl PortRange {
    pub fn contains(&self, port: u16) -> bool {
        !self.unknown && self.start <= port && port <= self.end
    }

    /// How many ports the range holds.
    pub fn len(&self) -> u32 {
        if self.unknown {
            0
        } else {
            u32::from(self.end) - u32::from(self.start) + 1
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub(super) fn port(cx: &mut Cx<'_>, node: &Node) -> Option<Port> {
    match &node.value {
        Value::Map(m) => Some(long(cx, node, m)),
        Value::Scalar(_) => short(cx, node),
        Value::Null => {
            cx.problem(node.span, ProblemKind::Port, "empty port");
            None
        }
        Value::Seq(_) => {
            cx.wrong_type("ports", "a list of strings, numbers or mappings", node);
            None
        }
    }
}

/// Parse `range` of the field's text as a port or a port range.
fn range(f: &Field, r: Range<usize>) -> Result<PortRange, (Span, String)> {
    let text = &f.resolved_text()[r.clone()];
    let span = f.span_of(r);
    if has_unknown(text) {
        return Ok(PortRange {
            start: 0,
            end: 0,
            span,
            unknown: true,
        });
    }
    let (a, b) = match text.split_once('-') {
        Some((a, b)) => (a, b),
        None => (text, text),
    };
    let number = |s: &str| -> Result<u16, (Span, String)> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
            return Err((span, format!("`{text}` is not a port number")));
        }
        s.parse::<u16>()
            .map_err(|_| (span, format!("`{text}` is not a port number (0 to 65535)")))
    };
    let start = number(a)?;
    let end = number(b)?;
    if end < start {
        return Err((span, format!("the range `{text}` ends before it starts")));
    }
    Ok(PortRange {
        start,
        end,
        span,
        unknown: false,
    })
}

fn check_ip(cx: &mut Cx<'_>, ip: &Field, item: &str) {
    if let Some(v) = ip.text()
        && !v.is_empty()
        && v.parse::<std::net::IpAddr>().is_err()
    {
        cx.problem(
            ip.span,
            ProblemKind::Port,
            format!("invalid port `{item}`: `{v}` is not an IP address"),
        );
    }
}

fn check_protocol(cx: &mut Cx<'_>, proto: &Field, item: &str) {
    if let Some(v) = proto.text()
        && !["tcp", "udp", "sctp"]
            .iter()
            .any(|p| v.eq_ignore_ascii_case(p))
    {
        cx.problem(
            proto.span,
            ProblemKind::Port,
            format!(
                "invalid port `{item}`: unknown protocol `{v}`, expected `tcp`, `udp` or `sctp`"
            ),
        );
    }
}

fn short(cx: &mut Cx<'_>, node: &Node) -> Option<Port> {
    let f = cx.field(node, None, "ports")?;
    let item = f.raw.clone();
    let t = f.resolved_text().to_string();
    // Split at colons first, then the protocol off the container part, as
    // Docker does.
    let (ip, host, rest) = match t.rfind(':') {
        None => (None, None, 0..t.len()),
        Some(c2) => match t[..c2].rfind(':') {
            None => (None, Some(0..c2), c2 + 1..t.len()),
            Some(c1) => (Some(0..c1), Some(c1 + 1..c2), c2 + 1..t.len()),
        },
    };
    let (container, proto) = match t[rest.clone()].find('/') {
        Some(i) => (
            rest.start..rest.start + i,
            Some(rest.start + i + 1..rest.end),
        ),
        None => (rest, None),
    };
    let mut port = Port {
        span: f.span,
        long: false,
        host_ip: None,
        published: None,
        target: None,
        protocol: None,
        mode: None,
        name: None,
        app_protocol: None,
    };
    let fail = |cx: &mut Cx<'_>, (span, msg): (Span, String)| {
        cx.problem(
            span,
            ProblemKind::Port,
            format!("invalid port `{item}`: {msg}"),
        );
    };
    if let Some(mut r) = ip.filter(|r| !r.is_empty()) {
        let s = &t[r.clone()];
        if s.len() >= 2 && s.starts_with('[') && s.ends_with(']') {
            r = r.start + 1..r.end - 1;
        }
        let ip = f.part(r);
        check_ip(cx, &ip, &item);
        port.host_ip = Some(ip);
    }
    if let Some(r) = host.filter(|r| !r.is_empty()) {
        match range(&f, r) {
            Ok(p) => port.published = Some(p),
            Err(e) => fail(cx, e),
        }
    }
    if container.is_empty() {
        fail(cx, (f.span, "missing the container port".into()));
    } else {
        match range(&f, container) {
            Ok(p) => port.target = Some(p),
            Err(e) => fail(cx, e),
        }
    }
    if let (Some(h), Some(c)) = (&port.published, &port.target)
        && !h.unknown
        && !c.unknown
        && c.len() > 1
        && h.len() != c.len()
    {
        fail(
            cx,
            (
                f.span,
                "the host and container port ranges differ in size".into(),
            ),
        );
    }
    if let Some(r) = proto {
        let p = f.part(r);
        check_protocol(cx, &p, &item);
        port.protocol = Some(p);
    }
    Some(port)
}

fn long(cx: &mut Cx<'_>, node: &Node, m: &Mapping) -> Port {
    let item = "long syntax";
    let mut port = Port {
        span: node.span,
        long: true,
        host_ip: cx.scalar(m, "host_ip"),
        published: None,
        target: None,
        protocol: cx.scalar(m, "protocol"),
        mode: cx.scalar(m, "mode"),
        name: cx.scalar(m, "name"),
        app_protocol: cx.scalar(m, "app_protocol"),
    };
    let whole = |cx: &mut Cx<'_>, key: &str| -> Option<PortRange> {
        let f = cx.scalar(m, key)?;
        if f.is_null() || f.resolved_text().is_empty() {
            return None;
        }
        match range(&f, 0..f.resolved_text().len()) {
            Ok(p) => Some(p),
            Err((span, msg)) => {
                cx.problem(
                    span,
                    ProblemKind::Port,
                    format!("invalid `{key}` port: {msg}"),
                );
                None
            }
        }
    };
    port.target = whole(cx, "target");
    port.published = whole(cx, "published");
    if m.get("target").is_none() {
        cx.problem(
            node.span,
            ProblemKind::Port,
            "a port in the long syntax needs a `target`",
        );
    }
    if let Some(ip) = &port.host_ip {
        check_ip(cx, ip, item);
    }
    if let Some(p) = &port.protocol {
        check_protocol(cx, p, item);
    }
    port
}
