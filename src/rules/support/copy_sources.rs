//! The sources and destination of `COPY` and `ADD`.

use crate::dockerfile::{Instruction, Keyword};
use crate::source::Spanned;

/// A `COPY` or `ADD` split into its parts. Borrowed from the instruction:
/// several rules walk the transfers of every file, and building lists for
/// each of them was 1.3% of a run.
#[derive(Clone, Copy, Debug)]
pub struct Transfer<'a> {
    pub instruction: usize,
    pub ins: &'a Instruction,
    /// The sources, heredoc markers (`<<EOF`) excluded.
    pub sources: Sources<'a>,
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

/// The source words of a transfer, without its heredoc markers.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    words: &'a [Spanned<String>],
    ins: &'a Instruction,
    len: usize,
}

impl<'a> Sources<'a> {
    pub fn iter(&self) -> SourceIter<'a> {
        SourceIter {
            words: self.words.iter(),
            ins: self.ins,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<'a> IntoIterator for &Sources<'a> {
    type Item = &'a Spanned<String>;
    type IntoIter = SourceIter<'a>;

    fn into_iter(self) -> SourceIter<'a> {
        self.iter()
    }
}

/// The iterator over [`Sources`].
#[derive(Clone, Debug)]
pub struct SourceIter<'a> {
    words: std::slice::Iter<'a, Spanned<String>>,
    ins: &'a Instruction,
}

impl<'a> Iterator for SourceIter<'a> {
    type Item = &'a Spanned<String>;

    fn next(&mut self) -> Option<&'a Spanned<String>> {
        let ins = self.ins;
        self.words.find(|w| !is_marker(ins, w))
    }
}

/// A source word that is one of the instruction's heredoc markers.
fn is_marker(ins: &Instruction, w: &Spanned<String>) -> bool {
    w.value.starts_with("<<") && ins.heredocs.iter().any(|h| w.value.contains(&h.delimiter))
}

/// Every `COPY` and `ADD` (also inside `ONBUILD`) with a destination.
pub fn transfers(instructions: &[Instruction]) -> impl Iterator<Item = Transfer<'_>> {
    instructions.iter().enumerate().filter_map(|(i, top)| {
        let (ins, onbuild) = match top.onbuild_inner() {
            Some(inner) => (inner, true),
            None => (top, false),
        };
        if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
            return None;
        }
        let (dest, words) = ins.words().split_last()?;
        if words.is_empty() {
            return None;
        }
        let heredoc_sources = words.iter().filter(|w| is_marker(ins, w)).count();
        Some(Transfer {
            instruction: i,
            ins,
            sources: Sources {
                words,
                ins,
                len: words.len() - heredoc_sources,
            },
            heredoc_sources,
            dest,
            onbuild,
        })
    })
}

/// A source that the builder downloads: `http://`, `https://`.
pub fn is_url(s: &str) -> bool {
    let starts = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    starts("http://") || starts("https://")
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

/// A file `ADD` extracts: a local tar archive, compressed or not. `ADD`
/// looks at the content: a compressed file is unpacked only when a tar is
/// inside, so `dump.sql.bz2` or `data.json.gz` (another format under the
/// compression) is copied as it is, while `data.gz` may hold a tar.
pub fn is_archive(s: &str) -> bool {
    const TAR: [&str; 12] = [
        ".tar", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".tzst", ".taz",
        ".tz",
    ];
    const COMPRESSED: [&str; 7] = [".Z", ".bz2", ".gz", ".lz", ".lzma", ".xz", ".zst"];
    let s = s.trim_matches(['"', '\'']);
    let name = s.rsplit('/').next().unwrap_or(s);
    if TAR.iter().any(|e| name.ends_with(e)) {
        return true;
    }
    let Some(stem) = COMPRESSED
        .iter()
        .chain(&[".lz4"])
        .find_map(|e| name.strip_suffix(e))
    else {
        return false;
    };
    // `x.tar.gz` is a tar; `dump.sql.bz2` is not; `data.gz` may be.
    match stem.rsplit_once('.') {
        Some((_, ext)) => ext == "tar",
        None => true,
    }
}

/// A source with variables whose value is unknown, but which is plainly a
/// local path whatever they hold: it starts with literal text, names no
/// scheme, and its literal ending is not an archive's
/// (`config/${ENV}/app.json`). `${SRC}` or `app-${V}.tar.gz` are not.
pub fn is_plainly_local(raw: &str) -> bool {
    let raw = raw.trim_matches(['"', '\'']);
    // `$APP_HOME/conf`, `${SRC_DIR}/x`: a leading variable whose name says
    // it holds a directory is a local path prefix.
    let raw = match leading_directory_variable(raw) {
        Some(rest) => rest,
        None => raw,
    };
    let ends_in_variable = raw.ends_with('}')
        || raw
            .rsplit_once('$')
            .is_some_and(|(_, tail)| tail.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    !raw.starts_with('$')
        && !raw.contains("://")
        && !is_git(raw)
        && !ends_in_variable
        && !is_archive(raw)
}

/// What follows a leading `$NAME/` or `${NAME}/` whose name ends in a part
/// that names a directory (`HOME`, `DIR`, `PATH`, `ROOT`, `FOLDER`).
fn leading_directory_variable(raw: &str) -> Option<&str> {
    let rest = raw.strip_prefix('$')?;
    let (name, after) = match rest.strip_prefix('{') {
        Some(r) => {
            let end = r.find('}')?;
            (&r[..end], &r[end + 1..])
        }
        None => {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        }
    };
    let last = name.rsplit('_').next().unwrap_or(name).to_ascii_uppercase();
    let dir = matches!(last.as_str(), "HOME" | "DIR" | "PATH" | "ROOT" | "FOLDER");
    (dir && after.starts_with('/')).then_some(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives() {
        for a in [
            "app.tar",
            "app.tar.gz",
            "app.tgz",
            "x/app.tar.bz2",
            "data.gz",
            "a.txz",
        ] {
            assert!(is_archive(a), "{a}");
        }
        for a in [
            "dump.sql.bz2",
            "data.json.gz",
            "app.jar",
            "readme.md",
            "x.zip",
        ] {
            assert!(!is_archive(a), "{a}");
        }
    }

    #[test]
    fn plainly_local() {
        assert!(is_plainly_local("config/${ENV}/app.json"));
        assert!(is_plainly_local("./bin/$ARCH/tool.sh"));
        assert!(!is_plainly_local("${SRC}"));
        assert!(!is_plainly_local("app-${V}.tar.gz"));
        assert!(!is_plainly_local("https://example.com/${V}/x"));
        assert!(!is_plainly_local("dist/app-$VERSION"));
        assert!(is_plainly_local("$WILLUMP_HOME/tests"));
        assert!(is_plainly_local("${SRC_DIR}/conf/app.ini"));
        assert!(!is_plainly_local("${DOWNLOAD_URL}/tool"));
        assert!(!is_plainly_local("$APP_HOME/dist/app.tar.gz"));
    }
}
