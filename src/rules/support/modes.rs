//! File modes: setuid, setgid, world-writable, sticky.

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
/// a script, or `--chmod` on `COPY`/`ADD`.
pub struct ModeSet<'a> {
    /// The mode as written (`4755`, `u+s`).
    pub mode: &'a str,
    pub span: crate::source::Span,
    pub effect: ModeEffect,
}

/// Every file mode a Dockerfile sets that can be interpreted.
pub fn modes_set<'a>(cx: &crate::rules::DockerfileContext<'a>) -> Vec<ModeSet<'a>> {
    use crate::dockerfile::Keyword;
    let mut out = Vec::new();
    for s in &cx.model().scripts {
        for cmd in &s.script.commands {
            let v = cmd.effective();
            let Some(w) = mode_word(&v) else {
                continue;
            };
            let mode = mode_text(w);
            if let Some(effect) = mode_effect(mode) {
                out.push(ModeSet {
                    mode,
                    span: w.span,
                    effect,
                });
            }
        }
    }
    for ins in &cx.df().instructions {
        if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
            continue;
        }
        for v in ins.flags_named("chmod").filter_map(|f| f.value.as_ref()) {
            if let Some(effect) = mode_effect(&v.value) {
                out.push(ModeSet {
                    mode: &v.value,
                    span: v.span,
                    effect,
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
