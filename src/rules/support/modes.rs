//! File modes: setuid, setgid, world-writable, sticky.

use foldhash::{HashSet, HashSetExt};

use crate::dockerfile::shipping::resolve;
use crate::dockerfile::{Keyword, StageBase};
use crate::shell::{CommandView, Word};

/// What a `chmod`-style mode does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModeEffect {
    pub setuid: bool,
    pub setgid: bool,
    /// Others may write.
    pub world_writable: bool,
    pub sticky: bool,
}

/// Interprets an octal (`4755`, `0777`) or symbolic (`u+s,o+w`, `a=rwxt`)
/// mode. `None` when it is neither (a variable, a `--reference`).
pub fn mode_effect(mode: &str) -> Option<ModeEffect> {
    if mode.is_empty() {
        return None;
    }
    if mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let n = u32::from_str_radix(mode, 8).ok()?;
        // chmod treats up to 4 significant digits; 5+ with leading zeros are fine.
        if n > 0o7777 {
            return None;
        }
        return Some(ModeEffect {
            setuid: n & 0o4000 != 0,
            setgid: n & 0o2000 != 0,
            world_writable: n & 0o002 != 0,
            sticky: n & 0o1000 != 0,
        });
    }
    let mut e = ModeEffect::default();
    for clause in mode.split(',') {
        let who_len = clause
            .bytes()
            .take_while(|b| matches!(b, b'u' | b'g' | b'o' | b'a'))
            .count();
        let who = &clause[..who_len];
        let mut rest = &clause[who_len..];
        if rest.is_empty() {
            return None;
        }
        while !rest.is_empty() {
            let op = rest.as_bytes()[0];
            if !matches!(op, b'+' | b'-' | b'=') {
                return None;
            }
            let perm_len = rest[1..]
                .bytes()
                .take_while(|b| {
                    matches!(
                        b,
                        b'r' | b'w' | b'x' | b'X' | b's' | b't' | b'u' | b'g' | b'o'
                    )
                })
                .count();
            let perms = &rest[1..1 + perm_len];
            rest = &rest[1 + perm_len..];
            if op == b'-' {
                continue;
            }
            let all = who.is_empty() || who.contains('a');
            if perms.contains('s') {
                e.setuid |= all || who.contains('u');
                e.setgid |= all || who.contains('g');
            }
            // Without a `who`, the umask (typically 022) keeps others from
            // gaining write access, so only explicit `o` or `a` count.
            if perms.contains('w') && (who.contains('o') || who.contains('a')) {
                e.world_writable = true;
            }
            if perms.contains('t') {
                e.sticky = true;
            }
        }
    }
    Some(e)
}

/// The mode argument of a command that sets file modes: `chmod MODE`,
/// `install -m MODE`, `mkdir -m MODE`.
pub fn mode_word<'a>(v: &CommandView<'a>) -> Option<&'a Word> {
    match v.name_str()? {
        "chmod" => v
            .args
            .iter()
            .find(|w| !w.text.starts_with('-') || mode_effect(&w.text).is_some()),
        "install" | "mkdir" => {
            let mut it = v.args.iter();
            while let Some(w) = it.next() {
                if w.text == "-m" || w.text == "--mode" {
                    return it.next();
                }
                if let Some(m) = w.text.strip_prefix("--mode=") {
                    let _ = m;
                    return Some(w);
                }
                if w.text.starts_with("-m") && w.text.len() > 2 && !w.text.starts_with("--") {
                    return Some(w);
                }
            }
            None
        }
        _ => None,
    }
}

/// The mode text inside a mode word (`--mode=4755` gives `4755`).
pub fn mode_text(w: &Word) -> &str {
    let t = w.text.as_str();
    t.strip_prefix("--mode=")
        .or_else(|| t.strip_prefix("-m").filter(|r| !r.is_empty()))
        .unwrap_or(t)
}

/// A file mode the Dockerfile sets: a `chmod`/`install -m`/`mkdir -m` mode in
/// a script (also `find ... -exec chmod`), or `--chmod` on `COPY`/`ADD`.
#[derive(Debug)]
pub struct ModeSet {
    /// The mode as written (`4755`, `u+s`).
    pub mode: String,
    pub span: crate::source::Span,
    pub effect: ModeEffect,
    /// Every path it applies to is a directory (`mkdir -m`, `install -d -m`,
    /// a directory made earlier in the stage, `find -type d`), where the
    /// setuid and setgid bits run nothing: setgid only makes new files
    /// inherit the group.
    pub dirs_only: bool,
    /// The mode reaches the final image (see
    /// [`crate::dockerfile::shipping`]): its stage ships, or the files it
    /// applies to are copied out of it with their modes.
    pub ships: bool,
}

/// Directories a stage is known to have, by path (absolute, or as written
/// when the working directory is unknown).
type Dirs = HashSet<String>;

fn path_key(dir: Option<&str>, p: &str) -> String {
    resolve(dir, p).unwrap_or_else(|| p.trim_end_matches('/').to_string())
}

/// `$APP_HOME`, `${DATA_DIR}`: a whole word that is one variable whose name
/// says it holds a directory.
fn directory_variable(t: &str) -> bool {
    let name = t
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| t.strip_prefix('$'))
        .unwrap_or("");
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return false;
    }
    let last = name.rsplit('_').next().unwrap_or(name).to_ascii_uppercase();
    matches!(last.as_str(), "HOME" | "DIR" | "ROOT" | "FOLDER")
}

/// The home directory `useradd -m`/`adduser` creates for an account.
fn home_made(v: &CommandView) -> Option<String> {
    let name = v.name_str()?;
    if !matches!(name, "useradd" | "adduser") {
        return None;
    }
    if let Some(h) = v.option_value(&["-d", "--home-dir", "--home"]) {
        return Some(h.to_string());
    }
    let creates = name == "adduser" || v.has_flag(&['m'], &["create-home"]);
    let user = v.args.iter().rev().find(|w| !w.text.starts_with('-'))?;
    creates.then(|| format!("/home/{}", user.text))
}

/// Operands of a command, skipping options and the values of `takes_value`.
fn operands<'a>(args: &'a [Word], takes_value: &[&str]) -> Vec<&'a Word> {
    let mut out = Vec::new();
    let mut it = args.iter();
    let mut after_dd = false;
    while let Some(w) = it.next() {
        let t = w.text.as_str();
        if after_dd || !t.starts_with('-') || t == "-" {
            out.push(w);
        } else if t == "--" {
            after_dd = true;
        } else if takes_value.contains(&t) {
            it.next();
        }
    }
    out
}

const INSTALL_VALUES: &[&str] = &[
    "-m",
    "--mode",
    "-o",
    "--owner",
    "-g",
    "--group",
    "-t",
    "--target-directory",
    "-S",
    "--suffix",
];

/// The paths a mode command applies to, and whether they are all
/// directories. `None` paths cannot be known.
fn targets<'a>(
    v: &CommandView<'a>,
    mode: &'a Word,
    dir: Option<&str>,
    dirs: &Dirs,
) -> (Vec<Option<String>>, bool) {
    let key = |w: &Word| (!w.dynamic).then(|| path_key(dir, &w.text));
    match v.name_str() {
        Some("mkdir") => {
            let t: Vec<_> = operands(v.args, &["-m", "--mode", "-Z", "--context"])
                .into_iter()
                .map(key)
                .collect();
            (t, true)
        }
        Some("install") => {
            let ops = operands(v.args, INSTALL_VALUES);
            if v.has_flag(&['d'], &["directory"]) {
                return (ops.into_iter().map(key).collect(), true);
            }
            if let Some(t) = v.option_value(&["-t", "--target-directory"]) {
                return (vec![(!t.contains('$')).then(|| path_key(dir, t))], false);
            }
            (ops.last().map(|w| key(w)).into_iter().collect(), false)
        }
        _ => {
            // chmod: the operands after the mode.
            let after = v
                .args
                .iter()
                .position(|w| std::ptr::eq(w, mode))
                .map_or(&v.args[..0], |i| &v.args[i + 1..]);
            let ops = operands(after, &["--reference"]);
            let all_dirs = !ops.is_empty()
                && ops.iter().all(|w| {
                    directory_variable(&w.text) || key(w).is_some_and(|p| dirs.contains(&p))
                });
            let t: Vec<_> = ops.into_iter().map(key).collect();
            (t, all_dirs)
        }
    }
}

/// `find ... -type d ...`: what `find` selects is only directories.
fn finds_dirs_only(args: &[Word]) -> bool {
    let mut it = args.iter();
    let mut dirs = false;
    while let Some(w) = it.next() {
        if w.text == "-type" || w.text == "-xtype" {
            match it.next().map(|t| t.text.as_str()) {
                Some("d") => dirs = true,
                _ => return false,
            }
        }
    }
    dirs
}

/// `find ... -exec chmod MODE {} ;`: the `chmod` words (up to `;` or `+`).
fn find_exec_chmod(args: &[Word]) -> Option<&[Word]> {
    let at = args
        .iter()
        .position(|w| matches!(w.text.as_str(), "-exec" | "-execdir" | "-ok" | "-okdir"))?;
    let rest = &args[at + 1..];
    if rest
        .first()
        .map(|w| w.text.rsplit('/').next().unwrap_or(&w.text))
        != Some("chmod")
    {
        return None;
    }
    let end = rest
        .iter()
        .position(|w| w.text == ";" || w.text == "+")
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Every file mode a Dockerfile sets that can be interpreted, with the
/// paths it applies to judged against the stage model.
///
/// Computed once per file ([`crate::rules::ParsedDockerfile`] keeps it):
/// the setuid and the world-writable rules both ask.
pub fn modes_set<'a>(cx: &crate::rules::DockerfileContext<'a>) -> &'a [ModeSet] {
    cx.file.modes.get_or_init(|| find_modes(cx))
}

fn find_modes(cx: &crate::rules::DockerfileContext<'_>) -> Vec<ModeSet> {
    let df = cx.df();
    let model = cx.model();
    let shipping = model.shipping(df);
    let mut out = Vec::new();
    let mut at_end: Vec<Dirs> = Vec::with_capacity(model.stages.len());
    let mut dirs = Dirs::new();
    let mut scripts = model.scripts.iter().peekable();
    for (i, top) in df.instructions.iter().enumerate() {
        let stage = model.stage_of(i);
        if top.keyword == Keyword::From
            && let Some(s) = stage
        {
            // Stages come in order: the previous stage ends here.
            if s.index > 0 {
                at_end.push(std::mem::take(&mut dirs));
            }
            dirs = match s.base {
                StageBase::Stage(b) => at_end.get(b).cloned().unwrap_or_default(),
                _ => Dirs::new(),
            };
        }
        let dir = shipping.workdir(i);
        let ships_at = |onbuild: bool, paths: &[Option<String>]| {
            onbuild
                || stage.is_none_or(|s| {
                    if paths.is_empty() {
                        shipping.ships_mode(s.index, None)
                    } else {
                        // Relative paths under an unknown working directory
                        // cannot be placed.
                        paths.iter().any(|p| {
                            let abs = p.as_deref().filter(|p| p.starts_with('/'));
                            shipping.ships_mode(s.index, abs)
                        })
                    }
                })
        };
        let (ins, onbuild) = match top.onbuild_inner() {
            Some(inner) => (inner, true),
            None => (top, false),
        };
        match ins.keyword {
            Keyword::Workdir if !onbuild => {
                if let Some(w) = ins.words().first().filter(|w| !w.value.contains('$')) {
                    dirs.insert(path_key(dir, &w.value));
                }
            }
            Keyword::Copy | Keyword::Add => {
                let dest = ins
                    .words()
                    .last()
                    .filter(|w| !w.value.contains('$'))
                    .map(|w| path_key(dir, &w.value));
                for v in ins.flags_named("chmod").filter_map(|f| f.value.as_ref()) {
                    if let Some(effect) = mode_effect(&v.value) {
                        out.push(ModeSet {
                            mode: v.value.clone(),
                            span: v.span,
                            effect,
                            dirs_only: false,
                            ships: ships_at(onbuild, std::slice::from_ref(&dest)),
                        });
                    }
                }
            }
            _ => {}
        }
        while let Some(s) = scripts.next_if(|s| s.instruction <= i) {
            for (idx, cmd) in s.script.commands.iter().enumerate() {
                let v = cmd.effective();
                let (v, from_find) = match v.name_str() {
                    Some("find") => match find_exec_chmod(v.args) {
                        Some(words) => (v.with_words(words), finds_dirs_only(v.args)),
                        None => continue,
                    },
                    _ => (v, false),
                };
                if let Some(home) = home_made(&v) {
                    dirs.insert(path_key(dir, &home));
                }
                let name = v.name_str();
                if matches!(name, Some("mkdir"))
                    || (name == Some("install") && v.has_flag(&['d'], &["directory"]))
                {
                    let values: &[&str] = if name == Some("mkdir") {
                        &["-m", "--mode", "-Z", "--context"]
                    } else {
                        INSTALL_VALUES
                    };
                    for w in operands(v.args, values) {
                        if !w.dynamic {
                            dirs.insert(path_key(dir, &w.text));
                        }
                    }
                }
                let Some(w) = mode_word(&v) else {
                    continue;
                };
                let mode = mode_text(w);
                let Some(effect) = mode_effect(mode) else {
                    continue;
                };
                let (paths, mut dirs_only) = targets(&v, w, dir, &dirs);
                // `find -type d | xargs chmod g+s`
                dirs_only |= from_find
                    || (paths.is_empty()
                        && super::run_scripts::prev_in_pipeline(&s.script, idx).is_some_and(|p| {
                            let pv = p.effective();
                            pv.name_str() == Some("find") && finds_dirs_only(pv.args)
                        }));
                out.push(ModeSet {
                    mode: mode.to_string(),
                    span: w.span,
                    effect,
                    dirs_only,
                    ships: ships_at(s.onbuild, &paths),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert!(mode_effect("4755").unwrap().setuid);
        assert!(mode_effect("2755").unwrap().setgid);
        assert!(mode_effect("u+s").unwrap().setuid);
        assert!(mode_effect("+s").unwrap().setgid);
        assert!(!mode_effect("u-s").unwrap().setuid);
        assert!(mode_effect("777").unwrap().world_writable);
        let e = mode_effect("1777").unwrap();
        assert!(e.world_writable && e.sticky);
        assert!(mode_effect("a+rwx").unwrap().world_writable);
        assert!(!mode_effect("+w").unwrap().world_writable);
        assert!(mode_effect("o+w,+t").unwrap().sticky);
        assert!(mode_effect("$MODE").is_none());
        assert!(mode_effect("0755").is_some_and(|e| e == ModeEffect::default()));
    }
}
