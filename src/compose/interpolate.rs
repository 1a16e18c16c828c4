//! Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`,
//! `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`,
//! `${VAR+alt}`, `$$`, with nesting inside the argument
//! (`${A:-${B:-x}}`).
//!
//! [`parse`] splits a scalar's text into [`Piece`]s with byte ranges relative
//! to the text; [`resolve`] evaluates them against an environment. The
//! result keeps a map from its own bytes back to the text's bytes, so that a
//! rule can point at the default `80` inside `"${PORT:-80}:80"`.
//!
//! Semantics follow Compose: a `$` followed by neither `$`, `{` nor a name
//! (`[_A-Za-z][_A-Za-z0-9]*`) is a literal `$`; a malformed `${...}` is an
//! error. Where Compose would substitute an empty string for an unset
//! variable (with a warning), or fail (`?`), the result here is *unknown*:
//! the variable is probably set where the file is deployed, so a linter must
//! not guess its value.

use std::ops::Range;

use crate::source::Span;
use crate::yaml::Scalar;

/// Stands for the value of an unknown variable in [`Resolved::text`].
pub const UNKNOWN: char = '\u{E000}';

/// How deeply `${...}` may nest inside arguments.
pub const MAX_NESTING: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text taken as is; `span` is its byte range in the scalar text.
    Literal {
        text: String,
        span: Range<usize>,
    },
    /// `$$`, which yields one `$`.
    Escape {
        span: Range<usize>,
    },
    Var(Var),
}

/// `$NAME` or `${NAME...}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    pub name: String,
    /// The whole reference, `$` through `}`.
    pub span: Range<usize>,
    pub name_span: Range<usize>,
    pub braced: bool,
    pub modifier: Option<Modifier>,
}

/// What follows the name in `${NAME:-arg}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modifier {
    pub op: Op,
    pub arg: Vec<Piece>,
    /// The argument's byte range (between the operator and `}`).
    pub arg_span: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// `:-` the argument if the variable is unset or empty.
    DefaultIfEmpty,
    /// `-` the argument if the variable is unset.
    DefaultIfUnset,
    /// `:?` an error if the variable is unset or empty.
    RequiredNonEmpty,
    /// `?` an error if the variable is unset.
    Required,
    /// `:+` the argument if the variable is set and not empty, else empty.
    AltIfNonEmpty,
    /// `+` the argument if the variable is set, else empty.
    AltIfSet,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::DefaultIfEmpty => ":-",
            Op::DefaultIfUnset => "-",
            Op::RequiredNonEmpty => ":?",
            Op::Required => "?",
            Op::AltIfNonEmpty => ":+",
            Op::AltIfSet => "+",
        }
    }
}

/// A syntax error in an interpolation, at a byte offset of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterpError {
    pub offset: usize,
    /// Lowercase, no trailing period.
    pub message: String,
}

impl std::fmt::Display for InterpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at offset {}", self.message, self.offset)
    }
}

impl std::error::Error for InterpError {}

fn is_name_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic()
}

fn is_name_char(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

/// Split `text` into literals, escapes and variable references.
pub fn parse(text: &str) -> Result<Vec<Piece>, InterpError> {
    let (pieces, end) = parse_seq(text, 0, 0, false)?;
    debug_assert_eq!(end, text.len());
    Ok(pieces)
}

/// Parse from `i` to the end of the text, or (when `nested`) to the `}` that
/// closes the enclosing `${`, whose offset is returned.
fn parse_seq(
    text: &str,
    mut i: usize,
    depth: usize,
    nested: bool,
) -> Result<(Vec<Piece>, usize), InterpError> {
    let b = text.as_bytes();
    let mut pieces = Vec::new();
    let mut lit = i;
    let flush = |pieces: &mut Vec<Piece>, from: usize, to: usize| {
        if to > from {
            pieces.push(Piece::Literal {
                text: text[from..to].to_string(),
                span: from..to,
            });
        }
    };
    while i < b.len() {
        match b[i] {
            b'}' if nested => {
                flush(&mut pieces, lit, i);
                return Ok((pieces, i));
            }
            b'$' => match b.get(i + 1) {
                Some(b'$') => {
                    flush(&mut pieces, lit, i);
                    pieces.push(Piece::Escape { span: i..i + 2 });
                    i += 2;
                    lit = i;
                }
                Some(b'{') => {
                    flush(&mut pieces, lit, i);
                    let (var, next) = parse_braced(text, i, depth)?;
                    pieces.push(Piece::Var(var));
                    i = next;
                    lit = i;
                }
                Some(&c) if is_name_start(c) => {
                    flush(&mut pieces, lit, i);
                    let mut e = i + 1;
                    while e < b.len() && is_name_char(b[e]) {
                        e += 1;
                    }
                    pieces.push(Piece::Var(Var {
                        name: text[i + 1..e].to_string(),
                        span: i..e,
                        name_span: i + 1..e,
                        braced: false,
                        modifier: None,
                    }));
                    i = e;
                    lit = i;
                }
                _ => i += 1,
            },
            _ => i += 1,
        }
    }
    flush(&mut pieces, lit, i);
    Ok((pieces, i))
}

/// Parse `${...}` starting at the `$` at `at`; returns the offset after `}`.
fn parse_braced(text: &str, at: usize, depth: usize) -> Result<(Var, usize), InterpError> {
    let b = text.as_bytes();
    let error = |offset: usize, message: String| Err(InterpError { offset, message });
    if depth >= MAX_NESTING {
        return error(
            at,
            format!("invalid interpolation: nested more than {MAX_NESTING} levels"),
        );
    }
    let name_start = at + 2;
    let mut i = name_start;
    if i < b.len() && is_name_start(b[i]) {
        i += 1;
        while i < b.len() && is_name_char(b[i]) {
            i += 1;
        }
    }
    if i == name_start {
        if i >= b.len() {
            return error(at, "invalid interpolation: `${` is not closed".into());
        }
        return error(
            i,
            "invalid interpolation: expected a variable name after `${`".into(),
        );
    }
    let name = text[name_start..i].to_string();
    let Some(&c) = b.get(i) else {
        return error(
            at,
            format!("invalid interpolation: `${{{name}` is not closed"),
        );
    };
    let op = match (c, b.get(i + 1)) {
        (b'}', _) => {
            let var = Var {
                name,
                span: at..i + 1,
                name_span: name_start..i,
                braced: true,
                modifier: None,
            };
            return Ok((var, i + 1));
        }
        (b':', Some(b'-')) => Op::DefaultIfEmpty,
        (b':', Some(b'?')) => Op::RequiredNonEmpty,
        (b':', Some(b'+')) => Op::AltIfNonEmpty,
        (b'-', _) => Op::DefaultIfUnset,
        (b'?', _) => Op::Required,
        (b'+', _) => Op::AltIfSet,
        _ => {
            let ch = text[i..].chars().next().unwrap_or(' ');
            return error(
                i,
                format!("invalid interpolation: unexpected `{ch}` after `${{{name}`"),
            );
        }
    };
    let arg_start = i + op.as_str().len();
    let (arg, end) = parse_seq(text, arg_start, depth + 1, true)?;
    if end >= b.len() {
        return error(
            at,
            format!("invalid interpolation: `${{{name}` is not closed"),
        );
    }
    let var = Var {
        name,
        span: at..end + 1,
        name_span: name_start..i,
        braced: true,
        modifier: Some(Modifier {
            op,
            arg,
            arg_span: arg_start..end,
        }),
    };
    Ok((var, end + 1))
}

/// A piece of the resolved text and where it came from in the scalar text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in [`Resolved::text`].
    pub out: Range<usize>,
    /// Byte range in the scalar text.
    pub src: Range<usize>,
    /// The output bytes are the source bytes (literal text, including
    /// literal defaults); otherwise `src` is the whole `${...}` or `$$` that
    /// produced them.
    pub exact: bool,
    /// The bytes come from a default (`:-`, `-`) argument.
    pub default: bool,
    /// This segment is the [`UNKNOWN`] marker standing for this variable.
    pub unknown: Option<String>,
    /// The bytes are this variable's value, taken from the environment
    /// (the project's `.env`): they are not written in the scalar.
    pub var: Option<String>,
}

/// The result of interpolating one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    /// The value, or `None` when it depends on a variable that is unset (or
    /// empty, for `:?`) and has no default.
    pub value: Option<String>,
    /// Variables whose value is unknown, in order of appearance, once each.
    pub unknown_vars: Vec<String>,
    /// A default (`:-`, `-`) was used.
    pub defaulted: bool,
    /// The value with [`UNKNOWN`] standing for each unknown part; equal to
    /// `value` when that is known.
    pub text: String,
    pub segments: Vec<Segment>,
}

impl Resolved {
    /// A text without interpolation.
    pub fn identity(text: &str) -> Resolved {
        let segments = if text.is_empty() {
            Vec::new()
        } else {
            vec![Segment {
                out: 0..text.len(),
                src: 0..text.len(),
                exact: true,
                default: false,
                unknown: None,
                var: None,
            }]
        };
        Resolved {
            value: Some(text.to_string()),
            unknown_vars: Vec::new(),
            defaulted: false,
            text: text.to_string(),
            segments,
        }
    }

    /// A result that is entirely unknown (the text failed to parse), mapped
    /// to the whole source text of `src_len` bytes.
    pub fn unknown(src_len: usize) -> Resolved {
        let text = UNKNOWN.to_string();
        Resolved {
            value: None,
            unknown_vars: Vec::new(),
            defaulted: false,
            segments: vec![Segment {
                out: 0..text.len(),
                src: 0..src_len,
                exact: false,
                default: false,
                unknown: None,
                var: None,
            }],
            text,
        }
    }

    /// The part `range` of [`Resolved::text`] as a result of its own, its
    /// segments still mapping into the same source text. `range` must fall on
    /// character boundaries.
    pub fn slice(&self, range: Range<usize>) -> Resolved {
        let text = self.text.get(range.clone()).unwrap_or("").to_string();
        let mut unknown_vars: Vec<String> = Vec::new();
        let mut defaulted = false;
        let mut segments = Vec::new();
        for s in &self.segments {
            let a = s.out.start.max(range.start);
            let b = s.out.end.min(range.end);
            if a >= b {
                continue;
            }
            let src = if s.exact {
                s.src.start + (a - s.out.start)..s.src.start + (b - s.out.start)
            } else {
                s.src.clone()
            };
            if let Some(v) = &s.unknown {
                unknown_vars.push(v.clone());
            }
            defaulted |= s.default;
            segments.push(Segment {
                out: a - range.start..b - range.start,
                src,
                exact: s.exact,
                default: s.default,
                unknown: s.unknown.clone(),
                var: s.var.clone(),
            });
        }
        dedup_in_order(&mut unknown_vars);
        Resolved {
            value: (!text.contains(UNKNOWN)).then(|| text.clone()),
            unknown_vars,
            defaulted,
            text,
            segments,
        }
    }

    /// Whether `range` of [`Resolved::text`] depends on an unknown variable.
    pub fn is_unknown(&self, range: Range<usize>) -> bool {
        self.text.get(range).is_some_and(|s| s.contains(UNKNOWN))
    }

    /// The byte range in the scalar text that produced `out` (a range of
    /// [`Resolved::text`]): exact inside one literal segment, else the cover
    /// of the segments involved. `None` when nothing maps (an empty result).
    pub fn src_range(&self, out: Range<usize>) -> Option<Range<usize>> {
        let map = |seg: &Segment, at: usize| seg.src.start + (at - seg.out.start);
        if out.is_empty() {
            let pos = out.start;
            let seg = self
                .segments
                .iter()
                .find(|s| s.out.start <= pos && pos < s.out.end)
                .or_else(|| self.segments.iter().find(|s| s.out.end == pos))?;
            let at = if seg.exact {
                map(seg, pos)
            } else if pos == seg.out.end {
                seg.src.end
            } else {
                seg.src.start
            };
            return Some(at..at);
        }
        let mut hit = self
            .segments
            .iter()
            .filter(|s| s.out.start < out.end && out.start < s.out.end);
        let first = hit.next()?;
        match hit.next() {
            None if first.exact => {
                let start = map(first, out.start.max(first.out.start));
                let end = map(first, out.end.min(first.out.end));
                Some(start..end)
            }
            second => {
                let last = second.into_iter().chain(hit).last().unwrap_or(first);
                let start = if first.exact {
                    map(first, out.start.max(first.out.start))
                } else {
                    first.src.start
                };
                let end = if last.exact {
                    map(last, out.end.min(last.out.end))
                } else {
                    last.src.end
                };
                Some(start..end.max(start))
            }
        }
    }
}

/// Evaluate pieces with an environment (`.env` values, say).
pub fn resolve(pieces: &[Piece], env: &dyn Fn(&str) -> Option<String>) -> Resolved {
    let mut r = Resolved::default();
    let mut known = true;
    resolve_into(pieces, env, &mut r, &mut known, false);
    dedup_in_order(&mut r.unknown_vars);
    if known {
        r.value = Some(r.text.clone());
    }
    r
}

/// Parse and resolve; texts without `$` take a fast path.
pub fn interpolate(
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Resolved, InterpError> {
    if !text.contains('$') {
        return Ok(Resolved::identity(text));
    }
    Ok(resolve(&parse(text)?, env))
}

/// Remove repeated names, keeping the first of each, in linear time.
fn dedup_in_order(names: &mut Vec<String>) {
    if names.len() > 1 {
        let mut seen = foldhash::HashSet::with_capacity_and_hasher(names.len(), Default::default());
        names.retain(|n| seen.insert(n.clone()));
    }
}

struct Origin {
    src: Range<usize>,
    exact: bool,
    default: bool,
    unknown: Option<String>,
    var: Option<String>,
}

fn push(r: &mut Resolved, s: &str, o: Origin) {
    if s.is_empty() {
        return;
    }
    let start = r.text.len();
    r.text.push_str(s);
    r.segments.push(Segment {
        out: start..r.text.len(),
        src: o.src,
        exact: o.exact,
        default: o.default,
        unknown: o.unknown,
        var: o.var,
    });
}

fn resolve_into(
    pieces: &[Piece],
    env: &dyn Fn(&str) -> Option<String>,
    r: &mut Resolved,
    known: &mut bool,
    in_default: bool,
) {
    let origin = |src: &Range<usize>, exact: bool| Origin {
        src: src.clone(),
        exact,
        default: in_default,
        unknown: None,
        var: None,
    };
    for piece in pieces {
        match piece {
            Piece::Literal { text, span } => push(r, text, origin(span, true)),
            Piece::Escape { span } => push(r, "$", origin(span, false)),
            Piece::Var(v) => {
                let val = env(&v.name);
                let set = val.is_some();
                let non_empty = val.as_deref().is_some_and(|s| !s.is_empty());
                let substitute = |r: &mut Resolved| {
                    let o = Origin {
                        var: Some(v.name.clone()),
                        ..origin(&v.span, false)
                    };
                    push(r, val.as_deref().unwrap_or(""), o)
                };
                let unknown = |r: &mut Resolved, known: &mut bool| {
                    *known = false;
                    r.unknown_vars.push(v.name.clone());
                    let o = Origin {
                        unknown: Some(v.name.clone()),
                        ..origin(&v.span, false)
                    };
                    push(r, UNKNOWN.encode_utf8(&mut [0; 4]), o);
                };
                match &v.modifier {
                    None if set => substitute(r),
                    None => unknown(r, known),
                    Some(m) => match m.op {
                        Op::DefaultIfEmpty | Op::DefaultIfUnset => {
                            let use_value = if m.op == Op::DefaultIfEmpty {
                                non_empty
                            } else {
                                set
                            };
                            if use_value {
                                substitute(r);
                            } else {
                                r.defaulted = true;
                                resolve_into(&m.arg, env, r, known, true);
                            }
                        }
                        Op::RequiredNonEmpty | Op::Required => {
                            let ok = if m.op == Op::RequiredNonEmpty {
                                non_empty
                            } else {
                                set
                            };
                            if ok {
                                substitute(r);
                            } else {
                                unknown(r, known);
                            }
                        }
                        Op::AltIfNonEmpty | Op::AltIfSet => {
                            let alt = if m.op == Op::AltIfNonEmpty {
                                non_empty
                            } else {
                                set
                            };
                            if alt {
                                resolve_into(&m.arg, env, r, known, in_default);
                            }
                        }
                    },
                }
            }
        }
    }
}

/// The file span of `rel`, a byte range of `scalar.text`: exact when the
/// scalar is verbatim, else `node_span`.
pub fn map_offset(scalar: &Scalar, node_span: Span, rel: Range<usize>) -> Span {
    scalar.span_of(node_span, rel)
}

#[cfg(test)]
mod tests;
