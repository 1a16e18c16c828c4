//! The module graph follows the data flow, and this test keeps it so.
//!
//! `LAYERS` lists every top-level module of `src/`, lowest first. A module
//! may use (`crate::…`, `super::…`) only modules listed before it: no upward
//! import, and so no cycle. Two more rules hold inside modules:
//! - sibling submodules of one module form no cycle;
//! - a rule never uses another rule (shared knowledge goes in
//!   `rules/support`).
//!
//! `cargo test --test layering -- --nocapture` prints the dependency list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every top-level module, in data-flow order (lowest first), by stage.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "basics",
        &[
            "escape",
            "source",
            "redact",
            "suggest",
            "paths",
            "testutil",
            "meta",
            "diagnostic",
        ],
    ),
    ("read", &["reader", "git"]),
    ("write", &["outfile"]),
    ("discover", &["discover"]),
    (
        "parse",
        &[
            "image",
            "shell",
            "shellcheck",
            "dockerfile",
            "yaml",
            "outline",
            "compose",
            "pragma",
        ],
    ),
    ("rules", &["rules"]),
    ("configuration", &["hadolint", "config"]),
    ("suppress", &["suppress"]),
    ("pipeline", &["lint", "related"]),
    ("fix", &["fix"]),
    ("render", &["render"]),
    ("checks", &["invariants"]),
    ("front ends", &["init", "server", "cli"]),
];

/// A module path (`["compose", "project"]`) and the module paths it uses.
type Graph = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

fn order() -> Vec<&'static str> {
    LAYERS.iter().flat_map(|(_, m)| m.iter().copied()).collect()
}

fn rank(module: &str) -> Option<usize> {
    order().iter().position(|m| *m == module)
}

#[test]
fn no_module_uses_a_module_above_it() {
    let graph = graph();
    let mut failures = Vec::new();
    for top in top_modules() {
        if rank(&top).is_none() {
            failures.push(format!(
                "src/{top}: not in LAYERS (tests/layering.rs); place it in the data flow"
            ));
        }
    }
    for (from, to) in top_edges(&graph) {
        let (Some(a), Some(b)) = (rank(&from), rank(&to)) else {
            continue;
        };
        if b >= a {
            let via: Vec<String> = graph
                .iter()
                .filter(|(m, _)| m[0] == from)
                .flat_map(|(m, uses)| {
                    uses.iter()
                        .filter(|u| u[0] == to)
                        .map(move |u| format!("{} -> {}", m.join("::"), u.join("::")))
                })
                .collect();
            failures.push(format!(
                "`{from}` uses `{to}`, which is not below it: {}",
                via.join(", ")
            ));
        }
    }
    println!("{}", dependency_list(&graph));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sibling_submodules_form_no_cycle() {
    let graph = graph();
    // parent -> (child -> children it uses)
    let mut siblings: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (m, uses) in &graph {
        for depth in 1..m.len() {
            let parent = m[..depth].to_vec();
            let child = m[depth].clone();
            let entry = siblings
                .entry(parent.clone())
                .or_default()
                .entry(child.clone())
                .or_default();
            for u in uses {
                if u.len() > depth && u[..depth] == parent[..] && u[depth] != child {
                    entry.insert(u[depth].clone());
                }
            }
        }
    }
    let mut failures = Vec::new();
    for (parent, edges) in &siblings {
        if let Some(cycle) = find_cycle(edges) {
            failures.push(format!(
                "submodules of `{}` form a cycle: {}",
                parent.join("::"),
                cycle.join(" -> ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_rule_uses_another_rule() {
    let graph = graph();
    let kinds = ["builtin", "dockerfile", "compose"];
    let is_rule = |m: &[String]| m.len() >= 3 && m[0] == "rules" && kinds.contains(&m[1].as_str());
    let mut failures = Vec::new();
    for (m, uses) in &graph {
        if !is_rule(m) {
            continue;
        }
        for u in uses {
            if is_rule(u) && u[..3] != m[..3] {
                failures.push(format!(
                    "rule `{}` uses rule `{}`: move what they share into rules/support",
                    m[..3].join("::"),
                    u[..3].join("::")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The check itself: an upward import, a sibling cycle and a rule-to-rule
/// import in sample sources are all found.
#[test]
fn the_checks_find_what_they_look_for() {
    let uses = |path: &str, text: &str| {
        let mut g = Graph::new();
        scan_file(&mut g, Path::new(path), text);
        g
    };
    let g = uses(
        "diagnostic.rs",
        "use crate::{source::Span, rules::{RuleMeta, Tool}};\nfn f() { crate::lint::x(); }\n// crate::render::y\nconst S: &str = \"crate::cli\";\n",
    );
    let edges = top_edges(&g);
    assert!(edges.contains(&("diagnostic".into(), "rules".into())));
    assert!(edges.contains(&("diagnostic".into(), "lint".into())));
    assert!(!edges.iter().any(|(_, t)| t == "render" || t == "cli"));
    let g = uses(
        "rules/compose/a.rs",
        "use super::b::thing;\nmod tests { use super::super::c; }\n",
    );
    let used: Vec<_> = g.values().flatten().map(|u| u.join("::")).collect();
    assert!(
        used.contains(&"rules::compose::b::thing".to_string()),
        "{used:?}"
    );
    assert!(used.contains(&"rules::compose::c".to_string()), "{used:?}");
    let mut cyc = BTreeMap::new();
    cyc.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    cyc.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert!(find_cycle(&cyc).is_some());
    cyc.remove("b");
    assert!(find_cycle(&cyc).is_none());
}

// ---- the module graph, from the sources ----

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn top_modules() -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(src()).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        let module = p.is_dir() || p.extension().is_some_and(|x| x == "rs");
        if module && name != "lib" && name != "main" {
            out.push(name);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn graph() -> Graph {
    let mut g = Graph::new();
    let mut dirs = vec![src()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(src()).unwrap().to_path_buf();
                scan_file(&mut g, &rel, &std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    g
}

/// Top-level module edges (`from`, `to`), `from != to`.
fn top_edges(g: &Graph) -> BTreeSet<(String, String)> {
    let known: BTreeSet<String> = order().iter().map(|s| s.to_string()).collect();
    g.iter()
        .flat_map(|(m, uses)| uses.iter().map(move |u| (m[0].clone(), u[0].clone())))
        .filter(|(a, b)| a != b && known.contains(b))
        .collect()
}

fn dependency_list(g: &Graph) -> String {
    let edges = top_edges(g);
    let mut s =
        String::from("module dependencies (data-flow order; each uses only modules above it):\n");
    for (layer, modules) in LAYERS {
        s.push_str(&format!("[{layer}]\n"));
        for m in *modules {
            let uses: Vec<&str> = order()
                .into_iter()
                .filter(|t| edges.contains(&(m.to_string(), t.to_string())))
                .collect();
            s.push_str(&format!("  {m:<11} -> {}\n", uses.join(", ")));
        }
    }
    s
}

/// The module path of a file: `compose/project.rs` and
/// `compose/project/mod.rs` are `compose::project`; `lib.rs` is the root.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Records the `crate::` and `super::` paths a file uses (in `use` items
/// and in expressions), resolved to absolute module paths. Comments and
/// string literals are skipped; inline `mod name { … }` blocks are tracked
/// so that `super` resolves as the compiler does.
fn scan_file(g: &mut Graph, rel: &Path, text: &str) {
    let file_module = module_of(rel);
    let tokens = tokens(text);
    // Stack of (module path, brace depth at which it closes).
    let mut stack: Vec<(Vec<String>, usize)> = vec![(file_module.clone(), 0)];
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        match t {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if stack.len() > 1 && stack.last().unwrap().1 == depth {
                    stack.pop();
                }
            }
            "mod" if i + 2 < tokens.len() && tokens[i + 2] == "{" => {
                let mut m = stack.last().unwrap().0.clone();
                m.push(tokens[i + 1].clone());
                stack.push((m, depth));
            }
            "use" => {
                let end = tokens[i..]
                    .iter()
                    .position(|t| t == ";")
                    .map_or(tokens.len(), |e| i + e);
                let current = stack.last().unwrap().0.clone();
                for path in expand_use(&tokens[i + 1..end]) {
                    record(g, &current, &path);
                }
                i = end;
            }
            "crate" | "super" if i == 0 || tokens[i - 1] != "::" => {
                let mut path = vec![t.to_string()];
                let mut j = i + 1;
                while j + 1 < tokens.len() && tokens[j] == "::" && is_ident(&tokens[j + 1]) {
                    path.push(tokens[j + 1].clone());
                    j += 2;
                }
                let current = stack.last().unwrap().0.clone();
                record(g, &current, &path);
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

fn record(g: &mut Graph, current: &[String], path: &[String]) {
    let mut target: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("super") | Some("self") => current.to_vec(),
        _ => return,
    };
    let mut rest = path;
    if rest[0] == "crate" {
        rest = &rest[1..];
    }
    for (k, seg) in rest.iter().enumerate() {
        match seg.as_str() {
            "super" if target.pop().is_some() => {}
            "self" if k == 0 => {}
            "self" => break,
            _ => target.push(seg.clone()),
        }
    }
    if target.is_empty() {
        return;
    }
    g.entry(current.to_vec()).or_default().insert(target);
}

/// The paths of a `use` tree: `crate::{a::b, c::{d, e}}` gives
/// `crate::a::b`, `crate::c::d`, `crate::c::e`.
fn expand_use(tokens: &[String]) -> Vec<Vec<String>> {
    fn walk(t: &[String], i: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
        let mut cur = prefix.to_vec();
        while *i < t.len() {
            match t[*i].as_str() {
                "{" => {
                    *i += 1;
                    walk(t, i, &cur, out);
                }
                "}" => {
                    *i += 1;
                    if cur.len() > prefix.len() {
                        out.push(cur);
                    }
                    return;
                }
                "," => {
                    if cur.len() > prefix.len() {
                        out.push(cur);
                    }
                    cur = prefix.to_vec();
                    *i += 1;
                }
                "as" => *i += 2,
                "::" | "*" => *i += 1,
                seg => {
                    cur.push(seg.to_string());
                    *i += 1;
                }
            }
        }
        if cur.len() > prefix.len() {
            out.push(cur);
        }
    }
    let mut out = Vec::new();
    let start = usize::from(tokens.first().is_some_and(|t| t == "pub"));
    let mut i = start;
    // `pub(crate) use`: skip the visibility group.
    if tokens.get(i).is_some_and(|t| t == "(") {
        while i < tokens.len() && tokens[i] != ")" {
            i += 1;
        }
        i += 1;
    }
    walk(&tokens[i..], &mut 0, &[], &mut out);
    out
}

/// Identifiers, `::` and single punctuation; comments, strings and
/// character literals dropped.
fn tokens(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut nest = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    nest += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    nest -= 1;
                    i += 2;
                    if nest == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if (c == b'r' || c == b'b')
            && raw_string_start(b, i).is_some()
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            let (hashes, body) = raw_string_start(b, i).unwrap();
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            i = body;
            while i < b.len() && !b[i..].starts_with(&close) {
                i += 1;
            }
            i += close.len();
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == b'\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            let lit = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&x| x == b'\'')
                    .map(|p| i + 3 + p)
            } else {
                let ch_len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch_len) == Some(&b'\'')).then_some(i + 2 + ch_len)
            };
            match lit {
                Some(end) => i = end,
                None => i += 1,
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(text[start..i].to_string());
        } else if c == b':' && b.get(i + 1) == Some(&b':') {
            out.push("::".into());
            i += 2;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push(text[i..i + len].to_string());
            i += len;
        }
    }
    out
}

/// `r"`, `r#"`, `br"`, … at `i`: the number of `#` and where the body starts.
fn raw_string_start(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if b[j] == b'b' {
        j += 1;
    }
    if b.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let hashes = b[j..].iter().take_while(|&&x| x == b'#').count();
    (b.get(j + hashes) == Some(&b'"')).then_some((hashes, j + hashes + 1))
}

/// A cycle in a directed graph, if any, as the nodes along it.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(2) => return None,
            Some(1) => {
                let start = path.iter().position(|p| p == n).unwrap();
                let mut c = path[start..].to_vec();
                c.push(n.to_string());
                return Some(c);
            }
            _ => {}
        }
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, edges, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if let Some(c) = visit(n, edges, &mut state, &mut Vec::new()) {
            return Some(c);
        }
    }
    None
}
