//! Merging Compose YAML trees the way `docker compose` does, for override
//! files (`compose.yaml` + `compose.override.yaml`, later documents of one
//! file) and for `extends`.
//!
//! The rules follow compose-go's `override` package:
//!
//! - mappings merge key by key, the later value winning; sequences append;
//!   scalars are replaced;
//! - `command`, `entrypoint` and `healthcheck.test` are replaced whole;
//! - `environment`, `labels`, `annotations`, `sysctls`, `build.args`, ...
//!   merge by variable name, whether written as a list (`KEY=VALUE`) or a
//!   mapping;
//! - `ports`, `volumes`, `devices`, `secrets`, `configs`, `cap_add`,
//!   `expose`, `profiles`, ... append and then keep one item per key (the
//!   mount target, the port binding, the value), the later item taking the
//!   earlier one's place;
//! - `depends_on`, `networks` and `models` merge as mappings whether written
//!   as lists or mappings; `build: ./dir` merges as `{context: ./dir}`;
//! - `logging` merges only when both sides use the same driver;
//! - a value tagged `!reset` removes the key, `!override` replaces the
//!   value without merging.
//!
//! Every node keeps the span it was read from, so after a merge each value
//! still points into the file that supplied it. A merged mapping keeps the
//! span of the earlier (base) mapping.

use foldhash::{HashMap, HashMapExt};

use crate::compose::interpolate;
use crate::compose::model::Env;
use crate::source::Span;
use crate::yaml::{Entry, Mapping, Node, Scalar, Value};

/// How a sequence or mapping at a given path merges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Mappings merge, sequences append, scalars replace.
    Default,
    /// The later value replaces the earlier one.
    Replace,
    /// `KEY=VALUE` lists or `KEY: VALUE` mappings, merged by key.
    KeyValue,
    /// A string or a list of strings; appended, one item per value.
    Strings,
    /// Lists or mappings of names, merged as mappings.
    NameMap,
    /// `build`: a string means `{context: ...}`.
    Build,
    /// `logging`: merged when the drivers agree, else replaced.
    Logging,
    /// A sequence appended with one item per key.
    Unique(Key),
}

/// What identifies an item of a sequence, for de-duplication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Value,
    /// `KEY` of `KEY=VALUE`.
    Name,
    Port,
    Volume,
    Device,
    Mount(&'static str),
    EnvFile,
    Subnet,
}

/// The merge rule at `path` (keys from the root; service names are `*`).
fn rule_at(path: &[&str]) -> Rule {
    match path {
        ["services", _, rest @ ..] => match rest {
            ["command"] | ["entrypoint"] | ["healthcheck", "test"] | ["ulimits", _] => {
                Rule::Replace
            }
            ["environment"] | ["labels"] | ["annotations"] | ["sysctls"] => Rule::KeyValue,
            ["build", "args" | "labels" | "additional_contexts"] | ["deploy", "labels"] => {
                Rule::KeyValue
            }
            ["dns" | "dns_opt" | "dns_search" | "tmpfs" | "extra_hosts" | "label_file"] => {
                Rule::Strings
            }
            ["build", "extra_hosts" | "tags" | "platforms"] => Rule::Strings,
            ["env_file"] => Rule::Unique(Key::EnvFile),
            ["depends_on"] | ["networks"] | ["models"] => Rule::NameMap,
            ["build"] => Rule::Build,
            ["logging"] => Rule::Logging,
            ["ports"] => Rule::Unique(Key::Port),
            ["volumes"] => Rule::Unique(Key::Volume),
            ["devices"] => Rule::Unique(Key::Device),
            ["secrets"] => Rule::Unique(Key::Mount("/run/secrets/")),
            ["configs"] => Rule::Unique(Key::Mount("/")),
            ["cap_add" | "cap_drop" | "expose" | "links" | "profiles"] => Rule::Unique(Key::Value),
            ["networks", _, "aliases" | "link_local_ips"] => Rule::Unique(Key::Value),
            _ => Rule::Default,
        },
        ["networks" | "volumes", _, "labels"] => Rule::KeyValue,
        ["networks", _, "ipam", "config"] => Rule::Unique(Key::Subnet),
        _ => Rule::Default,
    }
}

/// Merges Compose trees; `env` interpolates the values that identify
/// sequence items (`"${PORT}:80"`), as Compose interpolates before merging.
pub struct Merger<'e> {
    env: Env<'e>,
}

impl<'e> Merger<'e> {
    pub fn new(env: Env<'e>) -> Merger<'e> {
        Merger { env }
    }

    /// Merge a later top-level document (an override file) into `base`.
    pub fn merge_root(&self, base: Node, over: Node) -> Node {
        let mut path = Vec::new();
        self.merge(base, over, &mut path)
    }

    /// Merge a service definition over the one it `extends`.
    pub fn extend_service(&self, base: Node, local: Node) -> Node {
        let mut path = vec!["services", "*"];
        self.merge(base, local, &mut path)
    }

    fn merge(&self, base: Node, over: Node, path: &mut Vec<&'static str>) -> Node {
        if over.has_tag("!override") {
            return over;
        }
        if over.is_null() && !base.is_null() {
            // compose-go: a null override leaves the value alone.
            return base;
        }
        let rule = rule_at(path);
        match rule {
            Rule::Replace => over,
            Rule::KeyValue => self.key_values(base, over),
            Rule::Strings => self.append_unique(as_list(base), as_list(over), Key::Value),
            Rule::NameMap => self.mappings(names_to_map(base), names_to_map(over), Some(path)),
            Rule::Build => self.mappings(build_to_map(base), build_to_map(over), Some(path)),
            Rule::Logging => {
                let driver =
                    |n: &Node| n.get("driver").and_then(|d| d.as_str().map(str::to_string));
                match (driver(&base), driver(&over)) {
                    (Some(a), Some(b)) if a != b => over,
                    _ => self.mappings(base, over, Some(path)),
                }
            }
            Rule::Unique(key) => match (&base.value, &over.value) {
                (Value::Seq(_), Value::Seq(_)) => self.append_unique(base, over, key),
                _ => over,
            },
            Rule::Default => match (&base.value, &over.value) {
                (Value::Map(_), Value::Map(_)) => self.mappings(base, over, Some(path)),
                (Value::Seq(_), Value::Seq(_)) => append(base, over),
                _ => over,
            },
        }
    }

    /// Merge two mappings key by key (anything else: the later wins). With
    /// a path, values present on both sides are merged below it; without
    /// one the later entry replaces the earlier (environment values are
    /// scalars).
    fn mappings(&self, base: Node, over: Node, mut path: Option<&mut Vec<&'static str>>) -> Node {
        let Node {
            span,
            value,
            tag,
            alias,
        } = base;
        let (Value::Map(mut m), Value::Map(o)) = (value, over.value) else {
            unreachable_merge();
            return Node::null(span);
        };
        let mut index = KeyIndex::new(&m);
        for e in o.entries {
            let Some(k) = e.key.as_str().map(str::to_string) else {
                m.entries.push(e);
                continue;
            };
            let reset = e.value.has_tag("!reset");
            match index.find(&m, &k) {
                Some(i) if reset => {
                    m.entries.remove(i);
                    index = KeyIndex::new(&m);
                }
                None if reset => {}
                Some(i) => match path.as_deref_mut() {
                    None => m.entries[i] = e,
                    Some(path) => {
                        let old = std::mem::replace(&mut m.entries[i].value, Node::null(span));
                        path.push(segment(path.len(), &k));
                        let merged = self.merge(old, e.value, path);
                        path.pop();
                        m.entries[i].value = merged;
                        // A key written again keeps its first position; the
                        // merge source of an overridden entry no longer applies.
                        m.entries[i].merged_from = None;
                    }
                },
                None => {
                    index.add(&k, m.entries.len());
                    m.entries.push(e);
                }
            }
        }
        Node {
            span,
            value: Value::Map(m),
            tag: tag.filter(|t| &**t != "!reset" && &**t != "!override"),
            alias,
        }
    }

    /// `KEY=VALUE` lists and `KEY: VALUE` mappings, merged by key.
    fn key_values(&self, base: Node, over: Node) -> Node {
        match (&base.value, &over.value) {
            (Value::Seq(_), Value::Seq(_)) => self.append_unique(base, over, Key::Name),
            (Value::Map(_) | Value::Seq(_), Value::Map(_) | Value::Seq(_)) => {
                self.mappings(key_values_to_map(base), key_values_to_map(over), None)
            }
            _ => over,
        }
    }

    /// Append, then keep one item per key: a later item takes the place of
    /// the first one with its key.
    fn append_unique(&self, base: Node, over: Node, key: Key) -> Node {
        let merged = append(base, over);
        let Node {
            span,
            value,
            tag,
            alias,
        } = merged;
        let Value::Seq(items) = value else {
            return Node {
                span,
                value,
                tag,
                alias,
            };
        };
        let mut out: Vec<Node> = Vec::with_capacity(items.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for item in items {
            match self.item_key(&item, key) {
                Some(k) => match seen.get(&k) {
                    Some(&i) => out[i] = item,
                    None => {
                        seen.insert(k, out.len());
                        out.push(item);
                    }
                },
                None => out.push(item),
            }
        }
        Node {
            span,
            value: Value::Seq(out),
            tag,
            alias,
        }
    }

    /// The interpolated text of a scalar, when known.
    fn text(&self, n: &Node) -> Option<String> {
        let t = n.as_str()?;
        if !t.contains('$') {
            return Some(t.to_string());
        }
        let pieces = interpolate::parse(t).ok()?;
        interpolate::resolve(&pieces, self.env).value
    }

    fn field(&self, n: &Node, key: &str) -> Option<String> {
        n.get(key).and_then(|v| self.text(v))
    }

    /// The identity of a sequence item; `None` keeps it unconditionally.
    fn item_key(&self, item: &Node, key: Key) -> Option<String> {
        match key {
            Key::Value => self.text(item),
            Key::Name => {
                let t = item.as_str()?;
                Some(t.split_once('=').map_or(t, |(k, _)| k).to_string())
            }
            Key::Mount(prefix) => match &item.value {
                Value::Map(_) => match self.field(item, "target") {
                    Some(t) => Some(t),
                    None => self.field(item, "source").map(|s| format!("{prefix}{s}")),
                },
                _ => self.text(item).map(|s| format!("{prefix}{s}")),
            },
            Key::EnvFile => match &item.value {
                Value::Map(_) => self.field(item, "path"),
                _ => self.text(item),
            },
            Key::Subnet => self.field(item, "subnet"),
            Key::Volume => match &item.value {
                Value::Map(_) => self.field(item, "target"),
                _ => self.text(item).map(|t| volume_target(&t).to_string()),
            },
            Key::Device => match &item.value {
                Value::Map(_) => self.field(item, "target"),
                _ => self.text(item).map(|t| {
                    let mut parts = t.split(':');
                    let first = parts.next().unwrap_or("");
                    parts.next().unwrap_or(first).to_string()
                }),
            },
            Key::Port => match &item.value {
                Value::Map(_) => {
                    let get =
                        |k: &str, d: &str| self.field(item, k).unwrap_or_else(|| d.to_string());
                    Some(format!(
                        "{}|{}|{}|{}",
                        get("host_ip", ""),
                        get("published", ""),
                        get("target", ""),
                        get("protocol", "tcp")
                    ))
                }
                _ => self.text(item).map(|t| port_key(&t)),
            },
        }
    }
}

/// The rest of a merge when the shapes were checked by the caller.
fn unreachable_merge() {
    debug_assert!(false, "merge of non-mappings");
}

/// Path segments are only compared against patterns, where any service or
/// resource name matches `*`: names are replaced by `*` so the path can
/// borrow static strings.
fn segment(depth: usize, key: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "services",
        "networks",
        "volumes",
        "command",
        "entrypoint",
        "healthcheck",
        "test",
        "ulimits",
        "environment",
        "labels",
        "annotations",
        "sysctls",
        "build",
        "args",
        "additional_contexts",
        "deploy",
        "dns",
        "dns_opt",
        "dns_search",
        "tmpfs",
        "extra_hosts",
        "label_file",
        "tags",
        "platforms",
        "env_file",
        "depends_on",
        "models",
        "logging",
        "ports",
        "devices",
        "secrets",
        "configs",
        "cap_add",
        "cap_drop",
        "expose",
        "links",
        "profiles",
        "aliases",
        "link_local_ips",
        "ipam",
        "config",
    ];
    if depth == 1 {
        // services.NAME, networks.NAME, volumes.NAME
        return "*";
    }
    KNOWN.iter().find(|k| **k == key).copied().unwrap_or("*")
}

/// Find entries by key: a linear scan for small mappings, a hash map for
/// large ones (a `services` mapping with hundreds of services).
struct KeyIndex {
    map: Option<HashMap<String, usize>>,
}

impl KeyIndex {
    fn new(m: &Mapping) -> KeyIndex {
        if m.entries.len() <= 16 {
            return KeyIndex { map: None };
        }
        let mut map = HashMap::with_capacity(m.entries.len());
        for (i, e) in m.entries.iter().enumerate() {
            if let Some(k) = e.key.as_str() {
                map.entry(k.to_string()).or_insert(i);
            }
        }
        KeyIndex { map: Some(map) }
    }

    fn find(&self, m: &Mapping, key: &str) -> Option<usize> {
        match &self.map {
            Some(map) => map.get(key).copied(),
            None => m.entries.iter().position(|e| e.key.as_str() == Some(key)),
        }
    }

    fn add(&mut self, key: &str, i: usize) {
        if let Some(map) = &mut self.map {
            map.entry(key.to_string()).or_insert(i);
        }
    }
}

/// Append two sequences (the base keeps its span).
fn append(base: Node, over: Node) -> Node {
    let Node {
        span,
        value,
        tag,
        alias,
    } = base;
    match (value, over.value) {
        (Value::Seq(mut a), Value::Seq(b)) => {
            a.extend(b);
            Node {
                span,
                value: Value::Seq(a),
                tag,
                alias,
            }
        }
        (_, other) => Node {
            span: over.span,
            value: other,
            tag: over.tag,
            alias: over.alias,
        },
    }
}

/// A string as a one-item list.
fn as_list(n: Node) -> Node {
    match n.value {
        Value::Scalar(_) => Node {
            span: n.span,
            tag: None,
            alias: n.alias,
            value: Value::Seq(vec![n]),
        },
        _ => n,
    }
}

/// `[a, b]` as `{a: null, b: null}` (depends_on, networks, models).
fn names_to_map(n: Node) -> Node {
    let Node {
        span,
        value,
        tag,
        alias,
    } = n;
    match value {
        Value::Seq(items) => {
            let entries = items
                .into_iter()
                .map(|item| {
                    let at = Span::empty(item.span.end);
                    Entry {
                        key: item,
                        value: Node::null(at),
                        merged_from: None,
                    }
                })
                .collect();
            Node {
                span,
                value: Value::Map(Mapping { entries }),
                tag,
                alias,
            }
        }
        value => Node {
            span,
            value,
            tag,
            alias,
        },
    }
}

/// `build: ./dir` as `build: {context: ./dir}`.
fn build_to_map(n: Node) -> Node {
    match n.value {
        Value::Scalar(_) => {
            let span = n.span;
            let key = Node {
                span: Span::empty(span.start),
                value: Value::Scalar(Scalar {
                    text: "context".into(),
                    style: crate::yaml::ScalarStyle::Plain,
                    verbatim: None,
                }),
                tag: None,
                alias: n.alias,
            };
            let alias = n.alias;
            Node {
                span,
                value: Value::Map(Mapping {
                    entries: vec![Entry {
                        key,
                        value: n,
                        merged_from: None,
                    }],
                }),
                tag: None,
                alias,
            }
        }
        _ => n,
    }
}

/// A `KEY=VALUE` list as a `KEY: VALUE` mapping whose keys and values keep
/// the exact spans of their parts (for verbatim scalars).
fn key_values_to_map(n: Node) -> Node {
    let Node {
        span,
        value,
        tag,
        alias,
    } = n;
    let Value::Seq(items) = value else {
        return Node {
            span,
            value,
            tag,
            alias,
        };
    };
    let mut entries = Vec::with_capacity(items.len());
    for item in items {
        let Value::Scalar(s) = &item.value else {
            continue;
        };
        let part = |range: std::ops::Range<usize>| -> Node {
            let text = s.text[range.clone()].to_string();
            Node {
                span: item.span_of(range.clone()),
                value: Value::Scalar(Scalar {
                    text,
                    style: s.style,
                    verbatim: s.verbatim.map(|o| o + range.start as u32),
                }),
                tag: None,
                alias: item.alias,
            }
        };
        let (key, value) = match s.text.find('=') {
            Some(eq) => (part(0..eq), part(eq + 1..s.text.len())),
            None => {
                let k = part(0..s.text.len());
                let at = Span::empty(k.span.end);
                (k, Node::null(at))
            }
        };
        entries.push(Entry {
            key,
            value,
            merged_from: None,
        });
    }
    Node {
        span,
        value: Value::Map(Mapping { entries }),
        tag,
        alias,
    }
}

/// The container path of a short-syntax volume (`src:dst[:mode]`, or `dst`).
fn volume_target(t: &str) -> &str {
    let b = t.as_bytes();
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
    match sections.len() {
        0 | 1 => t,
        _ => &t[sections[1].clone()],
    }
}

/// `[ip:][host:]container[/proto]` normalised to `ip|host|container|proto`.
fn port_key(t: &str) -> String {
    let (main, proto) = match t.rsplit_once('/') {
        Some((m, p)) => (m, p),
        None => (t, "tcp"),
    };
    let (rest, container) = match main.rsplit_once(':') {
        Some((r, c)) => (Some(r), c),
        None => (None, main),
    };
    let (ip, host) = match rest {
        None => ("", ""),
        Some(r) => match r.rsplit_once(':') {
            Some((ip, h)) => (ip.trim_start_matches('[').trim_end_matches(']'), h),
            None => ("", r),
        },
    };
    format!("{ip}|{host}|{container}|{}", proto.to_ascii_lowercase())
}

#[cfg(test)]
mod tests;
