//! The sources and destination of `COPY` and `ADD`.

use crate::dockerfile::{Instruction, Keyword};
use crate::source::Spanned;

/// A `COPY` or `ADD` split into its parts.
#[derive(Debug)]
pub struct Transfer<'a> {
    pub instruction: usize,
    pub ins: &'a Instruction,
    /// The sources, heredoc markers (`<<EOF`) excluded.
    pub sources: Vec<&'a Spanned<String>>,
    /// Sources that are heredocs.
    pub heredoc_sources: usize,
    pub dest: &'a Spanned<String>,
    /// Inside `ONBUILD`.
    pub onbuild: bool,
}

impl Transfer<'_> {
    pub fn is_add(&self) -> bool {
        self.ins.keyword == Keyword::Add
    }

    /// The `--from` value, if any.
    pub fn from(&self) -> Option<&Spanned<String>> {
        self.ins.flag("from").and_then(|f| f.value.as_ref())
    }
}

/// Every `COPY` and `ADD` (also inside `ONBUILD`) with a destination.
pub fn transfers(instructions: &[Instruction]) -> Vec<Transfer<'_>> {
    let mut out = Vec::new();
    for (i, top) in instructions.iter().enumerate() {
        let (ins, onbuild) = match top.onbuild_inner() {
            Some(inner) => (inner, true),
            None => (top, false),
        };
        if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
            continue;
        }
        let words = ins.words();
        let Some((dest, sources)) = words.split_last() else {
            continue;
        };
        if sources.is_empty() {
            continue;
        }
        let is_marker = |w: &Spanned<String>| {
            w.value.starts_with("<<") && ins.heredocs.iter().any(|h| w.value.contains(&h.delimiter))
        };
        let heredoc_sources = sources.iter().filter(|w| is_marker(w)).count();
        out.push(Transfer {
            instruction: i,
            ins,
            sources: sources.iter().filter(|w| !is_marker(w)).collect(),
            heredoc_sources,
            dest,
            onbuild,
        });
    }
    out
}

/// A source that the builder downloads: `http://`, `https://`.
pub fn is_url(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// A git source of `ADD`: `git@host:repo`, `git://`, `ssh://`, or an
/// HTTP(S) URL of a `.git` repository (optionally with `#ref`).
pub fn is_git(s: &str) -> bool {
    let base = s.split('#').next().unwrap_or(s);
    s.starts_with("git@")
        || s.starts_with("git://")
        || s.starts_with("ssh://")
        || (is_url(s) && base.ends_with(".git"))
}

/// A file `ADD` extracts: a local tar archive, compressed or not.
pub fn is_archive(s: &str) -> bool {
    const EXT: [&str; 18] = [
        ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz",
        ".tlz", ".tpz", ".txz", ".xz", ".zst", ".tzst", ".lz4",
    ];
    let s = s.trim_matches(['"', '\'']);
    EXT.iter().any(|e| s.ends_with(e))
}
