//! Ports: `EXPOSE` lists, ranges, approved lists.

use crate::dockerfile::Keyword;
use crate::rules::{DockerfileContext, OptionsLookup};
use crate::source::{FileKind, Span};

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
    let mut cursor = cx.model().scope_cursor(df);
    for (i, ins) in df.instructions.iter().enumerate() {
        let ins = match ins.onbuild_inner() {
            Some(inner) => inner,
            None => ins,
        };
        if ins.keyword != Keyword::Expose {
            continue;
        }
        for w in ins.words() {
            let value = if w.value.contains('$') {
                let scope = cursor.at(i);
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

/// The project's approved ports, when it configures them: the `allowed`
/// list of `unapproved-port-published` (Compose) or
/// `unapproved-port-exposed` (Dockerfiles), whether or not that rule is
/// enabled. The list is the project's decision, so the rules that report
/// privileged ports do not report a port on it.
pub fn approved_ports(options: &dyn OptionsLookup, kind: FileKind) -> Option<&AllowedPorts> {
    options
        .options(crate::rules::approved_ports_rule(kind))?
        .downcast_ref::<AllowedPorts>()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
