//! Exec-form commands (`["sh", "-c", "..."]`, Compose command lists): an argv
//! that no shell splits, turned into the same [`Script`] shape.

use super::{Command, Script, Word, basename, parse};
use crate::source::{OffsetMap, Span, Spanned};

impl Script {
    /// The script of an argv: one command with these words, followed by the
    /// commands of the string when it runs a shell with `-c`.
    pub fn from_argv(argv: &[Spanned<String>]) -> Script {
        let words: Vec<Word> = argv
            .iter()
            .map(|a| Word {
                text: a.value.clone(),
                span: a.span,
                quoted: true,
                dynamic: false,
            })
            .collect();
        let span = match (argv.first(), argv.last()) {
            (Some(f), Some(l)) => f.span.cover(l.span),
            _ => Span::default(),
        };
        let mut script = Script {
            commands: vec![Command {
                words,
                span,
                ..Command::default()
            }],
            has_error: false,
            too_deep: None,
        };
        Command::index_effective(&mut script.commands);
        if let Some(arg) = shell_c_argument(argv) {
            // The JSON string maps to the file one to one when it has no
            // escapes; otherwise every word points at the whole string.
            let exact = arg.span.len() as usize == arg.value.len() + 2;
            let map = OffsetMap::contiguous(if exact { arg.span.start + 1 } else { 0 });
            let mut inner = parse(&arg.value, &map);
            for c in &mut inner.commands {
                c.via_shell_c = true;
                if !exact {
                    c.span = arg.span;
                    for w in &mut c.words {
                        w.span = arg.span;
                    }
                }
            }
            script.has_error |= inner.has_error;
            script.too_deep = inner.too_deep.map(|s| if exact { s } else { arg.span });
            script.commands.extend(inner.commands);
        }
        script
    }
}

/// The script argument of `sh -c SCRIPT`, `bash -ec SCRIPT`, `/bin/sh -c`.
fn shell_c_argument(argv: &[Spanned<String>]) -> Option<&Spanned<String>> {
    let name = basename(&argv.first()?.value);
    if !matches!(
        name,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh"
    ) {
        return None;
    }
    let mut dash_c = false;
    for a in &argv[1..] {
        let t = a.value.as_str();
        if dash_c && !t.starts_with('-') {
            return Some(a);
        }
        if t.starts_with('-') && !t.starts_with("--") && t[1..].contains('c') {
            dash_c = true;
        } else if !t.starts_with(['-', '+']) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_form_with_shell_c() {
        // File text: ["sh", "-c", "apt-get install -y x"]
        let file = r#"["sh", "-c", "apt-get install -y x"]"#;
        let at = |s: &str| file.find(s).unwrap() as u32;
        let argv = vec![
            Spanned::new("sh".to_string(), Span::new(at("\"sh\""), at("\"sh\"") + 4)),
            Spanned::new("-c".to_string(), Span::new(at("\"-c\""), at("\"-c\"") + 4)),
            Spanned::new(
                "apt-get install -y x".to_string(),
                Span::new(at("\"apt-get"), file.len() as u32 - 1),
            ),
        ];
        let s = Script::from_argv(&argv);
        assert_eq!(s.commands.len(), 2);
        let inner = &s.commands[1];
        assert!(inner.via_shell_c);
        assert_eq!(inner.name(), Some("apt-get"));
        let x = inner.words.last().unwrap();
        assert_eq!(&file[x.span.range()], "x");
    }

    #[test]
    fn plain_exec_form() {
        let argv = vec![Spanned::new("/usr/sbin/sshd".to_string(), Span::new(1, 16))];
        let s = Script::from_argv(&argv);
        assert_eq!(s.commands.len(), 1);
        assert_eq!(s.commands[0].name(), Some("sshd"));
    }
}
