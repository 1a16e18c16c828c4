//! The builder's variable expansion (`$VAR`, `${VAR:-default}`, ...) as
//! BuildKit applies it to FROM, USER, ENV, EXPOSE and the other non-RUN
//! instructions.
//!
//! Expansion recurses into the arguments of `${NAME:-...}` forms, so it is
//! bounded: nesting deeper than [`MAX_NESTING`] is not followed (the value
//! is unknown), and the parser reports such a word ([`too_deep`]).

use std::ops::Range;

/// How deeply `${...}` forms may nest inside each other's arguments (the
/// same bound as Compose interpolation). Each level is one stack frame of
/// [`expand`] and one more scan of the word, so this bounds both the stack
/// and the time (`MAX_NESTING` passes over the word at most).
pub const MAX_NESTING: usize = 32;

/// What a lookup knows of a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Var<'a> {
    /// Not declared in the Dockerfile. The base image's environment may
    /// still set it, so a plain `$NAME` of it is unknown, not empty; a
    /// reference with its own fallback (`${NAME:-x}`) takes the fallback.
    Undefined,
    /// Declared without a value we can know (an `ARG` with no default, a
    /// build platform variable).
    Unknown,
    Value(&'a str),
}

/// The result of expanding a word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    pub value: String,
    /// Some part depended on a variable whose value is unknown, or nested
    /// deeper than [`MAX_NESTING`].
    pub unknown: bool,
}

/// A variable reference found in a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    /// The whole `$NAME` or `${NAME...}` in the word.
    pub range: Range<usize>,
    /// The reference supplies its own fallback (`${X:-d}`, `${X-d}`,
    /// `${X:+a}`, `${X+a}`, `${X:?e}`), so an undefined variable is fine.
    pub has_fallback: bool,
}

/// Expands variables in `word` with `lookup`. Quotes are left as they are;
/// the escape character protects a following `$`.
pub fn expand<'a>(word: &str, escape: char, lookup: &dyn Fn(&str) -> Var<'a>) -> Expanded {
    expand_at(word, escape, lookup, 0)
}

fn expand_at<'a>(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Var<'a>,
    depth: usize,
) -> Expanded {
    let mut out = Expanded::default();
    let mut braces = Braces::default();
    let mut i = 0;
    let b = word.as_bytes();
    while i < b.len() {
        let c = word[i..].chars().next().unwrap_or('\0');
        if c == escape && word[i + 1..].starts_with('$') {
            out.value.push('$');
            i += 2;
            continue;
        }
        if c != '$' {
            out.value.push(c);
            i += c.len_utf8();
            continue;
        }
        match parse_ref(word, i, &mut braces) {
            Some(r) => {
                let name = &word[r.name.clone()];
                let v = lookup(name);
                let (set, nonempty, val) = match v {
                    Var::Undefined => (false, false, ""),
                    Var::Unknown => (true, true, ""),
                    Var::Value(s) => (true, !s.is_empty(), s),
                };
                let unknown = matches!(v, Var::Unknown);
                let arg = r.arg.clone().map(|a| &word[a]);
                let nested = |s: &str, out: &mut Expanded| {
                    if depth + 1 > MAX_NESTING {
                        out.unknown = true;
                        return;
                    }
                    let e = expand_at(s, escape, lookup, depth + 1);
                    out.value.push_str(&e.value);
                    out.unknown |= e.unknown;
                };
                match (r.op.as_deref(), arg) {
                    (None, _) => {
                        out.value.push_str(val);
                        out.unknown |= unknown || matches!(v, Var::Undefined);
                    }
                    (Some(":-"), Some(a)) => {
                        if unknown {
                            out.unknown = true;
                        } else if nonempty {
                            out.value.push_str(val);
                        } else {
                            nested(a, &mut out);
                        }
                    }
                    (Some("-"), Some(a)) => {
                        if unknown {
                            out.unknown = true;
                        } else if set {
                            out.value.push_str(val);
                        } else {
                            nested(a, &mut out);
                        }
                    }
                    (Some(":+"), Some(a)) => {
                        if unknown {
                            out.unknown = true;
                        } else if nonempty {
                            nested(a, &mut out);
                        }
                    }
                    (Some("+"), Some(a)) => {
                        if unknown {
                            out.unknown = true;
                        } else if set {
                            nested(a, &mut out);
                        }
                    }
                    (Some(":?" | "?"), _) => {
                        out.value.push_str(val);
                        out.unknown |= unknown || !set;
                    }
                    // Pattern removal and substitution: the value is not
                    // worth modelling; it depends on the variable.
                    _ => {
                        out.unknown |= set || unknown;
                    }
                }
                i = r.range.end;
            }
            None => {
                out.value.push('$');
                i += 1;
            }
        }
    }
    out
}

/// Every variable reference in `word`, in order (references nested deeper
/// than [`MAX_NESTING`] are not listed).
pub fn references(word: &str, escape: char) -> Vec<Reference> {
    let mut out = Vec::new();
    references_at(word, escape, 0, &mut out);
    out
}

fn references_at(word: &str, escape: char, depth: usize, out: &mut Vec<Reference>) {
    let mut braces = Braces::default();
    let mut i = 0;
    let b = word.as_bytes();
    while i < b.len() {
        let c = word[i..].chars().next().unwrap_or('\0');
        if c == escape && word[i + 1..].starts_with('$') {
            i += 2;
            continue;
        }
        if c != '$' {
            i += c.len_utf8();
            continue;
        }
        match parse_ref(word, i, &mut braces) {
            Some(r) => {
                out.push(Reference {
                    name: word[r.name.clone()].to_string(),
                    range: r.range.clone(),
                    has_fallback: r
                        .op
                        .as_deref()
                        .is_some_and(|o| matches!(o, ":-" | "-" | ":+" | "+" | ":?" | "?")),
                });
                if let Some(a) = r.arg
                    && depth + 1 < MAX_NESTING
                {
                    let from = out.len();
                    references_at(&word[a.clone()], escape, depth + 1, out);
                    for inner in &mut out[from..] {
                        inner.range = inner.range.start + a.start..inner.range.end + a.start;
                    }
                }
                i = r.range.end;
            }
            None => i += 1,
        }
    }
}

/// Where `word` first nests `${` deeper than [`MAX_NESTING`]: the byte
/// offset of the `$` that opens the level too many. One pass, no recursion;
/// it counts every unescaped `${` still open, which is at least the depth
/// [`expand`] would reach.
pub fn too_deep(word: &str, escape: char) -> Option<usize> {
    let b = word.as_bytes();
    // A word with no more `${` than the limit cannot nest past it.
    let opens = memchr::memchr_iter(b'$', b)
        .filter(|&i| b.get(i + 1) == Some(&b'{'))
        .take(MAX_NESTING + 1)
        .count();
    if opens <= MAX_NESTING {
        return None;
    }
    let mut open = 0usize;
    let mut i = 0;
    while i < b.len() {
        let c = word[i..].chars().next().unwrap_or('\0');
        if c == escape && word[i + 1..].starts_with('$') {
            i += 2;
            continue;
        }
        match c {
            '$' if b.get(i + 1) == Some(&b'{') => {
                open += 1;
                if open > MAX_NESTING {
                    return Some(i);
                }
                i += 2;
                continue;
            }
            '}' => open = open.saturating_sub(1),
            _ => {}
        }
        i += c.len_utf8();
    }
    None
}

struct RawRef {
    range: Range<usize>,
    name: Range<usize>,
    op: Option<String>,
    arg: Option<Range<usize>>,
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Where each `{` of one word closes. Most words need only the forward
/// scan from their opening brace; the first scan that finds no closing
/// brace builds the table of every match in one pass, so a word of
/// thousands of unclosed `${` (a value split at a space) costs linear time
/// instead of one scan to its end per `$`.
#[derive(Default)]
struct Braces {
    table: Option<Vec<usize>>,
}

impl Braces {
    /// The offset of the `}` matching the `{` at `open` in `b`.
    fn close(&mut self, b: &[u8], open: usize) -> Option<usize> {
        if let Some(table) = &self.table {
            return table.get(open).copied().filter(|&k| k != usize::MAX);
        }
        let mut depth = 0usize;
        for (k, &c) in b.iter().enumerate().skip(open) {
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(k);
                    }
                }
                _ => {}
            }
        }
        let mut table = vec![usize::MAX; b.len()];
        let mut open_at = Vec::new();
        for (k, &c) in b.iter().enumerate() {
            match c {
                b'{' => open_at.push(k),
                b'}' => {
                    if let Some(o) = open_at.pop() {
                        table[o] = k;
                    }
                }
                _ => {}
            }
        }
        self.table = Some(table);
        None
    }
}

/// A reference starting at the `$` at `i`.
fn parse_ref(word: &str, i: usize, braces: &mut Braces) -> Option<RawRef> {
    let b = word.as_bytes();
    let j = i + 1;
    match b.get(j) {
        Some(&c) if is_name_start(c) => {
            let end = j + b[j..].iter().take_while(|&&c| is_name(c)).count();
            Some(RawRef {
                range: i..end,
                name: j..end,
                op: None,
                arg: None,
            })
        }
        Some(b'{') => {
            let ns = j + 1;
            if !b.get(ns).is_some_and(|&c| is_name_start(c)) {
                return None;
            }
            let ne = ns + b[ns..].iter().take_while(|&&c| is_name(c)).count();
            // The matching `}`, allowing nested `${...}`.
            let k = braces.close(b, j)?;
            let inner = &word[ne..k];
            let op_len = [
                "::", ":-", ":+", ":?", "##", "%%", "-", "+", "?", "#", "%", "/",
            ]
            .iter()
            .find(|o| inner.starts_with(**o))
            .map_or(0, |o| o.len());
            if op_len == 0 && !inner.is_empty() {
                return None;
            }
            let op = (op_len > 0).then(|| inner[..op_len].to_string());
            let arg = (op_len > 0).then(|| ne + op_len..k);
            Some(RawRef {
                range: i..k + 1,
                name: ns..ne,
                op,
                arg,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Var<'static> {
        match name {
            "A" => Var::Value("alpha"),
            "E" => Var::Value(""),
            "U" => Var::Unknown,
            _ => Var::Undefined,
        }
    }

    #[test]
    fn unclosed_braces_leave_the_closed_ones_inside_them() {
        let names =
            |s| -> Vec<String> { references(s, '\\').into_iter().map(|r| r.name).collect() };
        // The outer `${` never closes; the scan that finds that builds the
        // table the later references are matched with.
        assert_eq!(names("${a:-${b}"), ["b"]);
        assert_eq!(names("${a:-${b:-${c}} ${d"), ["b", "c"]);
        assert_eq!(names("${x:-${a:-${b}"), ["b"]);
        let e = expand("${a:-${N:-d}", '\\', &env);
        assert_eq!(e.value, "${a:-d");
        // A word of many unclosed references (a value split at a space)
        // has none.
        let word = "${a:-".repeat(20_000);
        assert!(references(&word, '\\').is_empty());
        assert_eq!(expand(&word, '\\', &env).value, word);
    }

    #[test]
    fn expands_forms() {
        let e = |s| expand(s, '\\', &env);
        assert_eq!(e("$A-x").value, "alpha-x");
        assert_eq!(e("${A}x").value, "alphax");
        assert_eq!(e("${N:-def}").value, "def");
        assert_eq!(e("${E:-def}").value, "def");
        assert_eq!(e("${E-def}").value, "");
        assert_eq!(e("${A:+yes}").value, "yes");
        assert_eq!(e("${N:-${A}}").value, "alpha");
        assert_eq!(e("\\$A").value, "$A");
        assert!(e("$U").unknown);
        // Undeclared: the base image may set it.
        assert!(e("$N").unknown && e("${N}/tcp").unknown);
        assert!(!e("${N:-root}").unknown);
        assert_eq!(e("a$").value, "a$");
    }

    #[test]
    fn deep_nesting_is_unknown_and_found() {
        let deep = |n: usize| format!("{}x{}", "${N:-".repeat(n), "}".repeat(n));
        let e = |s: &str| expand(s, '\\', &env);
        let ok = e(&deep(MAX_NESTING));
        assert_eq!((ok.value.as_str(), ok.unknown), ("x", false));
        assert!(e(&deep(MAX_NESTING + 1)).unknown);
        assert_eq!(too_deep(&deep(MAX_NESTING), '\\'), None);
        assert_eq!(
            too_deep(&deep(MAX_NESTING + 1), '\\'),
            Some(5 * MAX_NESTING)
        );
        // Far deeper than any stack: bounded, and references stop too.
        let huge = deep(100_000);
        assert!(e(&huge).unknown);
        assert_eq!(references(&huge, '\\').len(), MAX_NESTING);
        assert_eq!(too_deep("\\${N:-${N:-x}}", '\\'), None);
    }

    #[test]
    fn finds_references() {
        let r = references("${A:-$B} $C \\$D", '\\');
        let names: Vec<_> = r.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert!(r[0].has_fallback);
        assert_eq!(r[1].range, 5..7);
    }
}
