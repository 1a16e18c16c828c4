//! What rules ask of a command: its effective name behind wrappers such as
//! `sudo` and `env`, its flags and its positional arguments.

use super::lexer::is_name;
use super::{Command, Word, basename};

/// A command seen through its wrappers: `sudo -E apt-get install -y x` is
/// viewed as `apt-get` with arguments `install -y x`, wrapped by `sudo`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommandView<'a> {
    /// The command word after the wrappers. `None` only for a command without
    /// words.
    pub name: Option<&'a Word>,
    /// The arguments after the name.
    pub args: &'a [Word],
    /// The outermost wrapper word (`sudo`, `env`, ...), if any.
    pub wrapper: Option<&'a Word>,
    /// Every word before the name: the wrappers and their options.
    pub prefix: &'a [Word],
    /// Where the name's basename starts in its text: every rule asks for the
    /// basename, and finding the last `/` each time was 1% of a run.
    name_at: u32,
}

/// How a wrapper command's own arguments look.
struct Wrap {
    /// Short options that take a separate value (`-u USER`).
    short_val: &'static str,
    /// Long options (without dashes) that take a separate value.
    long_val: &'static [&'static str],
    /// `NAME=value` arguments may come before the command.
    assignments: bool,
    /// Positional arguments before the command (timeout's duration,
    /// chroot's directory, gosu's user).
    positionals: usize,
    /// It takes options at all.
    options: bool,
}

const fn wrap(short_val: &'static str, long_val: &'static [&'static str]) -> Wrap {
    Wrap {
        short_val,
        long_val,
        assignments: false,
        positionals: 0,
        options: true,
    }
}

fn wrapper_spec(name: &str) -> Option<Wrap> {
    Some(match name {
        "sudo" => Wrap {
            assignments: true,
            ..wrap(
                "ugCDhprtUTR",
                &[
                    "user",
                    "group",
                    "close-from",
                    "chdir",
                    "host",
                    "prompt",
                    "role",
                    "type",
                    "other-user",
                    "command-timeout",
                    "chroot",
                ],
            )
        },
        "doas" => wrap("uC", &[]),
        "env" => Wrap {
            assignments: true,
            ..wrap(
                "uCS",
                &[
                    "unset",
                    "chdir",
                    "split-string",
                    "block-signal",
                    "default-signal",
                    "ignore-signal",
                ],
            )
        },
        "nohup" | "builtin" | "unbuffer" | "eatmydata" | "setpriv" => wrap("", &[]),
        "exec" => wrap("a", &[]),
        "command" => wrap("", &[]),
        "time" => wrap("fo", &["format", "output"]),
        "nice" => wrap("n", &["adjustment"]),
        "ionice" => wrap("cnpPu", &["class", "classdata", "pid", "pgid", "uid"]),
        "timeout" => Wrap {
            positionals: 1,
            ..wrap("sk", &["signal", "kill-after"])
        },
        "stdbuf" => wrap("ioe", &["input", "output", "error"]),
        "xargs" => wrap(
            "adEILnPs",
            &[
                "arg-file",
                "delimiter",
                "max-args",
                "max-procs",
                "max-chars",
                "process-slot-var",
            ],
        ),
        "chroot" => Wrap {
            positionals: 1,
            ..wrap("", &["userspec", "groups"])
        },
        "gosu" | "su-exec" => Wrap {
            positionals: 1,
            options: false,
            ..wrap("", &[])
        },
        "busybox" => Wrap {
            options: false,
            ..wrap("", &[])
        },
        "fakeroot" => wrap("lsi", &["lib", "faked"]),
        "tini" => wrap("pe", &[]),
        "dumb-init" => wrap("", &["rewrite"]),
        _ => return None,
    })
}

/// `NAME=value`
pub(super) fn is_assignment_word(t: &str) -> bool {
    t.find('=')
        .is_some_and(|i| is_name(t[..i].strip_suffix('+').unwrap_or(&t[..i]).as_bytes()))
}

/// Where the wrapped command starts, if a command follows the wrapper's own
/// arguments from index `j` on.
fn skip_wrapper(name: &str, words: &[Word], mut j: usize, w: &Wrap) -> Option<usize> {
    if w.options {
        while let Some(word) = words.get(j) {
            let t = word.text.as_str();
            if t == "--" {
                j += 1;
                break;
            }
            if t == "-" && name == "env" {
                j += 1;
                continue;
            }
            if let Some(long) = t.strip_prefix("--") {
                if !long.contains('=') && w.long_val.contains(&long) {
                    j += 1;
                }
                j += 1;
                continue;
            }
            if t.len() > 1 && t.starts_with('-') {
                let flags = &t[1..];
                if name == "command" && flags.contains(['v', 'V']) {
                    // `command -v x` asks about x; it does not run it.
                    return None;
                }
                for (k, c) in flags.char_indices() {
                    if w.short_val.contains(c) {
                        if k + c.len_utf8() == flags.len() {
                            j += 1;
                        }
                        break;
                    }
                }
                j += 1;
                continue;
            }
            break;
        }
    }
    if w.assignments {
        while words.get(j).is_some_and(|x| is_assignment_word(&x.text)) {
            j += 1;
        }
    }
    j += w.positionals;
    (j < words.len()).then_some(j)
}

impl Command {
    /// The command behind its wrappers (`sudo`, `doas`, `env`, `nohup`,
    /// `time`, `nice`, `ionice`, `timeout`, `exec`, `command`, `builtin`,
    /// `stdbuf`, `xargs`, `chroot`, `gosu`, `su-exec`, `setpriv`,
    /// `eatmydata`, `fakeroot`, `busybox`, `tini`, `dumb-init`, ...), with the
    /// wrappers' own options skipped. A wrapper with nothing after its
    /// options (`sudo -v`, `env`) is itself the name.
    pub fn effective(&self) -> CommandView<'_> {
        let w = &self.words;
        if w.is_empty() {
            return CommandView::default();
        }
        if let Some(i) = self
            .effective_at
            .map(|i| i as usize)
            .filter(|&i| i < w.len())
        {
            return CommandView {
                name: Some(&w[i]),
                args: &w[i + 1..],
                wrapper: (i > 0).then(|| &w[0]),
                prefix: &w[..i],
                name_at: self.name_at,
            };
        }
        self.effective_uncached()
    }

    /// Computes [`effective_at`](Command::effective_at) for every command.
    pub(crate) fn index_effective(commands: &mut [Command]) {
        for c in commands {
            if c.words.is_empty() {
                continue;
            }
            let v = c.effective_uncached();
            let (at, name_at) = (c.words.len() - 1 - v.args.len(), v.name_at);
            c.effective_at = u32::try_from(at).ok();
            c.name_at = name_at;
        }
    }

    fn effective_uncached(&self) -> CommandView<'_> {
        let w = &self.words;
        let mut i = 0;
        let mut wrapper = None;
        while let Some(spec) = wrapper_spec(basename(&w[i].text)) {
            match skip_wrapper(basename(&w[i].text), w, i + 1, &spec) {
                Some(j) => {
                    wrapper.get_or_insert(&w[i]);
                    i = j;
                }
                None => break,
            }
        }
        CommandView {
            name: Some(&w[i]),
            args: &w[i + 1..],
            wrapper,
            prefix: &w[..i],
            name_at: basename_at(&w[i].text),
        }
    }
}

/// Where the basename of `s` starts (see [`basename`]).
fn basename_at(s: &str) -> u32 {
    u32::try_from(s.len() - basename(s).len()).unwrap_or(0)
}

impl<'a> CommandView<'a> {
    /// The basename of the effective command word.
    pub fn name_str(&self) -> Option<&'a str> {
        self.name
            .map(|w| w.text.get(self.name_at as usize..).unwrap_or(&w.text))
    }

    /// The view of the command that `words` make, keeping this one's
    /// wrapper and prefix: `find -exec chmod ...` seen as its `chmod`.
    pub fn with_words(self, words: &'a [Word]) -> CommandView<'a> {
        CommandView {
            name: words.first(),
            args: words.get(1..).unwrap_or(&[]),
            name_at: words.first().map_or(0, |w| basename_at(&w.text)),
            ..self
        }
    }

    /// This view with other arguments.
    pub fn with_args(self, args: &'a [Word]) -> CommandView<'a> {
        CommandView { args, ..self }
    }

    /// Whether one of the wrappers before the name is `name` (`sudo`, ...).
    pub fn has_wrapper(&self, name: &str) -> bool {
        self.prefix.iter().any(|w| basename(&w.text) == name)
    }

    /// Whether a flag is given: one of the `short` letters (also inside a
    /// combined `-qy`), or one of the `long` names (`"yes"` or `"--yes"`;
    /// `--yes=true` counts). Arguments after `--` are not flags.
    pub fn has_flag(&self, short: &[char], long: &[&str]) -> bool {
        for a in self.args {
            let t = a.text.as_str();
            if t == "--" {
                break;
            }
            if let Some(l) = t.strip_prefix("--") {
                let key = l.split('=').next().unwrap_or(l);
                if long.iter().any(|x| x.trim_start_matches('-') == key) {
                    return true;
                }
            } else if let Some(cluster) = t.strip_prefix('-') {
                // Stop at the first character that cannot be a flag letter,
                // so that `-oAPT::Get=x` does not count as `-G`.
                if cluster
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .any(|c| short.contains(&c))
                {
                    return true;
                }
            }
        }
        false
    }

    /// The arguments that are not options. After `--` every argument is
    /// positional. Options are assumed to take no value: see
    /// [`positional_with`](Self::positional_with).
    pub fn positional(&self) -> Positionals<'a, 'static> {
        self.positional_with(&[])
    }

    /// Like [`positional`](Self::positional), but the options in
    /// `takes_value` (written with their dashes: `"-o"`, `"--output"`) take
    /// the next argument as their value, which is then not positional.
    /// `-o value`, `-ovalue`, `-xo value` and `--output=value` are understood.
    pub fn positional_with<'b>(&self, takes_value: &'b [&'b str]) -> Positionals<'a, 'b> {
        Positionals {
            args: self.args,
            i: 0,
            after_dd: false,
            takes_value,
        }
    }

    /// The first positional argument (`install` in `apt-get -y install x`).
    pub fn subcommand(&self) -> Option<&'a Word> {
        self.positional().next()
    }

    /// The first positional argument, given the options that take a value.
    pub fn subcommand_with(&self, takes_value: &[&str]) -> Option<&'a Word> {
        self.positional_with(takes_value).next()
    }

    /// The value of the first of the options `names` (written with dashes:
    /// `"-o"`, `"--output"`) that is given: `--output=v`, `--output v`,
    /// `-o v` or `-ov`.
    pub fn option_value(&self, names: &[&str]) -> Option<&'a str> {
        let args = self.args;
        for (i, a) in args.iter().enumerate() {
            let t = a.text.as_str();
            if t == "--" {
                break;
            }
            if names.contains(&t) {
                return args.get(i + 1).map(|w| w.text.as_str());
            }
            if t.starts_with("--") {
                if let Some((k, v)) = t.split_once('=')
                    && names.contains(&k)
                {
                    return Some(v);
                }
            } else if t.len() > 2
                && t.starts_with('-')
                && t.is_char_boundary(2)
                && names.contains(&&t[..2])
            {
                return Some(&t[2..]);
            }
        }
        None
    }
}

/// Iterator over positional arguments; see [`CommandView::positional_with`].
#[derive(Clone, Debug)]
pub struct Positionals<'a, 'b> {
    args: &'a [Word],
    i: usize,
    after_dd: bool,
    takes_value: &'b [&'b str],
}

impl<'a> Positionals<'a, '_> {
    fn short_takes_value(&self, c: char) -> bool {
        // `-x` compared as bytes: every short option of every word of a
        // package manager's command comes through here.
        let mut buf = [0u8; 4];
        let c = c.encode_utf8(&mut buf).as_bytes();
        self.takes_value
            .iter()
            .any(|t| t.len() == 1 + c.len() && t.as_bytes()[0] == b'-' && &t.as_bytes()[1..] == c)
    }
}

impl<'a> Iterator for Positionals<'a, '_> {
    type Item = &'a Word;

    fn next(&mut self) -> Option<&'a Word> {
        while let Some(w) = self.args.get(self.i) {
            self.i += 1;
            let t = w.text.as_str();
            if self.after_dd {
                return Some(w);
            }
            if t == "--" {
                self.after_dd = true;
                continue;
            }
            if t.starts_with("--") {
                if !t.contains('=') && self.takes_value.contains(&t) {
                    self.i += 1;
                }
                continue;
            }
            if t.len() > 1 && t.starts_with('-') {
                let cluster = &t[1..];
                for (k, c) in cluster.char_indices() {
                    if self.short_takes_value(c) {
                        if k + c.len_utf8() == cluster.len() {
                            self.i += 1;
                        }
                        break;
                    }
                }
                continue;
            }
            return Some(w);
        }
        None
    }
}
