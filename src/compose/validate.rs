//! Structure validation: walks one file's YAML with the specification model
//! ([`crate::compose::spec`]) and reports unknown keys, values of the wrong
//! type and values Compose does not accept, each at its exact position.
//!
//! `x-` keys are extensions and are never reported. Values are judged the
//! way Compose judges them: by the scalar's YAML type (`user: 1000` is an
//! integer where a string belongs) and, for words like `restart`, by the
//! interpolated text; a value that depends on an unknown variable is not
//! judged. A missing value (`key:`) is left alone.

use foldhash::{HashSet, HashSetExt};

use crate::compose::interpolate;
use crate::compose::model::{Env, Problem, ProblemKind, is_legacy, is_top_level_key};
use crate::compose::spec::{
    Check, Kinds, OBSOLETE_SERVICE_KEYS, Obj, SERVICE, TOP_LEVEL, Ty, describe, kind,
};
use crate::source::Span;
use crate::suggest::did_you_mean;
use crate::yaml::{Mapping, Node, ScalarKind, Value};

/// Validate one document (the top-level mapping of a file). `legacy`: the
/// file is known to be in the legacy v1 format (an override of a legacy
/// file), even when it does not look like one on its own.
pub fn validate_document(root: &Node, env: Env<'_>, legacy: bool, out: &mut Vec<Problem>) {
    let Value::Map(m) = &root.value else {
        return;
    };
    let mut v = Validator {
        env,
        out,
        seen: HashSet::new(),
        legacy: false,
    };
    if (legacy && m.get("services").is_none()) || is_legacy(m) {
        v.legacy = true;
        for e in m.iter() {
            let Some(name) = e.key.as_str() else { continue };
            if is_top_level_key(name) {
                continue;
            }
            let mut loc = Loc::owner(format!("service `{name}`"));
            v.check(&e.value, &Ty::Object(&SERVICE), &mut loc);
        }
        return;
    }
    for e in m.iter() {
        let Some(key) = v.key(&e.key, &Loc::top()) else {
            continue;
        };
        if key.starts_with("x-") {
            continue;
        }
        let Some(ty) = TOP_LEVEL.get(key) else {
            v.unknown_key(&e.key, key, &TOP_LEVEL, &Loc::top());
            continue;
        };
        let what = match key {
            "services" => Some("service"),
            "networks" => Some("network"),
            "volumes" => Some("volume"),
            "secrets" => Some("secret"),
            "configs" => Some("config"),
            "models" => Some("model"),
            _ => None,
        };
        match (what, ty, &e.value.value) {
            (Some(what), Ty::Dict(item), Value::Map(items)) => {
                for item_entry in items.iter() {
                    let Some(name) = v.key(&item_entry.key, &Loc::field(key)) else {
                        continue;
                    };
                    let value = &item_entry.value;
                    if what == "service" && !matches!(value.value, Value::Map(_) | Value::Null) {
                        v.not_a_service(name, value);
                        continue;
                    }
                    let mut loc = Loc::owner(format!("{what} `{name}`"));
                    v.check(value, item, &mut loc);
                }
            }
            _ => v.check(&e.value, ty, &mut Loc::field(key)),
        }
    }
}

/// Where a value is, for messages: `owner` is "service `web`", "network
/// `front`" or nothing (the top level); `path` the keys below it.
#[derive(Clone, Debug, Default)]
struct Loc {
    owner: Option<String>,
    path: Vec<String>,
    /// The value is an item of the list at `path`.
    item: bool,
}

impl Loc {
    fn top() -> Loc {
        Loc::default()
    }

    fn owner(owner: String) -> Loc {
        Loc {
            owner: Some(owner),
            ..Loc::default()
        }
    }

    fn field(key: &str) -> Loc {
        Loc {
            path: vec![key.to_string()],
            ..Loc::default()
        }
    }

    /// "`healthcheck.interval` of service `web`", "service `web`", "`include`".
    fn describe(&self) -> String {
        let field = (!self.path.is_empty()).then(|| format!("`{}`", self.path.join(".")));
        let base = match (&field, &self.owner) {
            (Some(f), Some(o)) => format!("{f} of {o}"),
            (Some(f), None) => f.clone(),
            (None, Some(o)) => o.clone(),
            (None, None) => "the top level".to_string(),
        };
        if self.item {
            format!("an item of {base}")
        } else {
            base
        }
    }

    /// Where a key sits: "service `web`", "`deploy.resources` of service `web`".
    fn container(&self) -> String {
        if self.path.is_empty() && self.owner.is_none() {
            return "the top level".into();
        }
        self.describe()
    }
}

struct Validator<'a, 'e> {
    env: Env<'e>,
    out: &'a mut Vec<Problem>,
    /// (kind, span) already reported: a node copied by several aliases is
    /// reported once, where it is written.
    seen: HashSet<(ProblemKind, Span)>,
    legacy: bool,
}

impl Validator<'_, '_> {
    fn report(&mut self, p: Problem) {
        if self.seen.insert((p.kind, p.span)) {
            self.out.push(p);
        }
    }

    /// The text of a mapping key; other keys are reported.
    fn key<'n>(&mut self, key: &'n Node, loc: &Loc) -> Option<&'n str> {
        match &key.value {
            Value::Scalar(s) => Some(&s.text),
            Value::Null => None,
            _ => {
                let p = Problem::new(
                    key.span,
                    ProblemKind::Type,
                    format!(
                        "keys of {} must be strings, found {}",
                        loc.container(),
                        key.kind_name()
                    ),
                )
                .with_help("write the key as a plain name");
                self.report(p);
                None
            }
        }
    }

    /// A key under `services:` whose value is not a definition: most
    /// often a service's key indented one level too far left.
    fn not_a_service(&mut self, name: &str, value: &Node) {
        let found = match value.scalar_kind() {
            Some(k) => k.name().to_string(),
            None => value.kind_name().to_string(),
        };
        let help = if SERVICE.get(name).is_some() {
            format!("`{name}` is a key of a service: indent it under the service it belongs to")
        } else {
            "write the service as a mapping of its keys (`image: ...`)".to_string()
        };
        let p = Problem::new(
            value.span,
            ProblemKind::Type,
            format!("`services.{name}` must be a service definition (a mapping), found {found}"),
        )
        .with_help(help);
        self.report(p);
    }

    fn unknown_key(&mut self, key_node: &Node, key: &str, obj: &Obj, loc: &Loc) {
        let is_service = std::ptr::eq(obj, &SERVICE);
        if is_service
            && let Some((_, instead)) = OBSOLETE_SERVICE_KEYS.iter().find(|(k, _)| *k == key)
        {
            if self.legacy {
                return;
            }
            let p = Problem::new(
                key_node.span,
                ProblemKind::UnknownKey,
                format!(
                    "unknown key `{key}` in {}: it belonged to the legacy Compose format",
                    loc.container()
                ),
            )
            .with_help(format!("use {instead} instead"));
            self.report(p);
            return;
        }
        let help = match did_you_mean(key, obj.names()) {
            Some(s) => {
                format!("did you mean `{s}`? rename the key, or prefix a custom key with `x-`")
            }
            None => "remove it, or prefix it with `x-` to keep it as an extension".to_string(),
        };
        let message = if loc.owner.is_none() && loc.path.is_empty() {
            format!("unknown top-level key `{key}`")
        } else {
            format!("unknown key `{key}` in {}", loc.container())
        };
        self.report(Problem::new(key_node.span, ProblemKind::UnknownKey, message).with_help(help));
    }

    fn wrong_type(&mut self, node: &Node, ty: &Ty, loc: &Loc) {
        let found = match node.scalar_kind() {
            Some(k) => k.name().to_string(),
            None => node.kind_name().to_string(),
        };
        let expected = describe(ty);
        let help = match (ty, node.scalar_kind()) {
            (
                Ty::Scalar(k) | Ty::Checked(k, _),
                Some(ScalarKind::Int | ScalarKind::Float | ScalarKind::Bool),
            ) if k & kind::STR != 0 => {
                format!("quote the value: `\"{}\"`", node.as_str().unwrap_or(""))
            }
            _ => format!("write {} as {expected}", loc.short()),
        };
        let p = Problem::new(
            node.span,
            ProblemKind::Type,
            format!("{} must be {expected}, found {found}", loc.describe()),
        )
        .with_help(help);
        self.report(p);
    }

    fn check(&mut self, node: &Node, ty: &Ty, loc: &mut Loc) {
        match ty {
            Ty::Any => {}
            Ty::Scalar(kinds) => {
                self.scalar(node, *kinds, ty, loc);
            }
            Ty::Checked(kinds, check) => {
                if self.scalar(node, *kinds, ty, loc) {
                    self.value(node, *check, loc);
                }
            }
            Ty::List(item) => match &node.value {
                Value::Seq(items) => {
                    let was = std::mem::replace(&mut loc.item, true);
                    for i in items {
                        self.check(i, item, loc);
                    }
                    loc.item = was;
                }
                Value::Null => {}
                _ => self.wrong_type(node, ty, loc),
            },
            Ty::Object(obj) => match &node.value {
                Value::Map(m) => self.object(m, obj, loc),
                Value::Null => {}
                _ => self.wrong_type(node, ty, loc),
            },
            Ty::Dict(value) => match &node.value {
                Value::Map(m) => {
                    for e in m.iter() {
                        let Some(k) = self.key(&e.key, loc) else {
                            continue;
                        };
                        let mut inner = loc.clone();
                        inner.item = false;
                        inner.path.push(k.to_string());
                        self.check(&e.value, value, &mut inner);
                    }
                }
                Value::Null => {}
                _ => self.wrong_type(node, ty, loc),
            },
            Ty::OneOf(alts) => {
                let pick = alts.iter().find(|a| shape_fits(a, node));
                match pick {
                    Some(a) => self.check(node, a, loc),
                    None if node.is_null() => {}
                    None => self.wrong_type(node, ty, loc),
                }
            }
        }
    }

    fn object(&mut self, m: &Mapping, obj: &'static Obj, loc: &mut Loc) {
        for e in m.iter() {
            let Some(k) = self.key(&e.key, loc) else {
                continue;
            };
            if k.starts_with("x-") {
                continue;
            }
            match obj.get(k) {
                Some(ty) => {
                    let mut inner = loc.clone();
                    inner.item = false;
                    inner.path.push(k.to_string());
                    self.check(&e.value, ty, &mut inner);
                }
                None => {
                    let mut at = loc.clone();
                    at.item = false;
                    self.unknown_key(&e.key, k, obj, &at);
                }
            }
        }
    }

    /// Check a scalar's YAML type; `true` when it is a scalar worth
    /// checking further.
    fn scalar(&mut self, node: &Node, kinds: Kinds, ty: &Ty, loc: &Loc) -> bool {
        let Some(k) = node.scalar_kind() else {
            self.wrong_type(node, ty, loc);
            return false;
        };
        let bit = match k {
            ScalarKind::Null => return false,
            ScalarKind::Bool => kind::BOOL,
            ScalarKind::Int => kind::INT,
            ScalarKind::Float => kind::FLOAT,
            ScalarKind::Str => kind::STR,
        };
        if kinds & bit == 0 {
            self.wrong_type(node, ty, loc);
            return false;
        }
        true
    }

    /// Check the interpolated text of a scalar.
    fn value(&mut self, node: &Node, check: Check, loc: &Loc) {
        let Some(raw) = node.as_str() else { return };
        // YAML numbers are numbers; only strings are converted by Compose.
        if check.numeric() && node.scalar_kind() != Some(ScalarKind::Str) {
            return;
        }
        let text = if raw.contains('$') {
            let Ok(pieces) = interpolate::parse(raw) else {
                return;
            };
            match interpolate::resolve(&pieces, self.env).value {
                Some(t) => t,
                None => return,
            }
        } else {
            raw.to_string()
        };
        let Err(expected) = check.check(&text) else {
            return;
        };
        let help = match did_you_mean(&text, check.words().iter().copied()) {
            Some(s) => format!("use `{s}`"),
            None => format!("use {expected}"),
        };
        let p = Problem::new(
            node.span,
            ProblemKind::Value,
            format!("{} is `{text}`, expected {expected}", loc.describe()),
        )
        .with_help(help);
        self.report(p);
    }
}

impl Loc {
    /// The field alone, for help lines: "`user`", "the value".
    fn short(&self) -> String {
        match self.path.last() {
            Some(k) if self.item => format!("each item of `{k}`"),
            Some(k) => format!("`{k}`"),
            None => "the value".into(),
        }
    }
}

/// Whether a value's shape is the one an alternative describes.
fn shape_fits(ty: &Ty, node: &Node) -> bool {
    match (&node.value, ty) {
        (_, Ty::Any) => true,
        (Value::Scalar(_) | Value::Null, Ty::Scalar(_) | Ty::Checked(..)) => true,
        (Value::Seq(_), Ty::List(_)) => true,
        (Value::Map(_), Ty::Object(_) | Ty::Dict(_)) => true,
        (_, Ty::OneOf(alts)) => alts.iter().any(|a| shape_fits(a, node)),
        _ => false,
    }
}

#[cfg(test)]
mod tests;
