//! Download tools (`curl`, `wget`) and shells that run what they read.

use crate::shell::{CommandView, Word};

/// A download tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Downloader {
    Curl,
    Wget,
}

pub fn downloader(v: &CommandView) -> Option<Downloader> {
    match v.name_str()? {
        "curl" => Some(Downloader::Curl),
        "wget" => Some(Downloader::Wget),
        _ => None,
    }
}

/// curl's short options that take a value: a cluster like `-sSLo` ends with
/// one of them, and the next word is its value. `-O` (`--remote-name`) and
/// `-h` take none, so `-LOk` is `-L -O -k`.
pub const CURL_SHORT_VALUE: &str = "oHdDuUxXeAbcCEFKmrTwyYzQtP";
/// wget's short options that take a value (`-b`, background, takes none).
pub const WGET_SHORT_VALUE: &str = "OoaPUeDIXAtTwlQYBi";

/// Whether a short-option cluster (`-fsSLk`) holds `flag` before any option
/// that takes a value (so that `-ok` is `-o k`, not `-k`).
pub fn cluster_has(t: &str, flag: char, value_letters: &str) -> bool {
    let Some(cluster) = t.strip_prefix('-') else {
        return false;
    };
    if cluster.starts_with('-') {
        return false;
    }
    for c in cluster.chars() {
        if c == flag {
            return true;
        }
        if value_letters.contains(c) || !c.is_ascii_alphanumeric() {
            return false;
        }
    }
    false
}

/// The word that gives a short or long option (not its value), if present
/// before `--`. `value_letters` are the short options that take a value.
pub fn find_option<'a>(
    args: &'a [Word],
    short: Option<char>,
    long: &[&str],
    value_letters: &str,
) -> Option<&'a Word> {
    let mut skip = false;
    for w in args {
        if skip {
            skip = false;
            continue;
        }
        let t = w.text.as_str();
        if t == "--" {
            break;
        }
        if let Some(l) = t.strip_prefix("--") {
            let key = l.split('=').next().unwrap_or(l);
            if long.contains(&key) {
                return Some(w);
            }
            continue;
        }
        if let Some(c) = short
            && cluster_has(t, c, value_letters)
        {
            return Some(w);
        }
        // A cluster ending in a value option consumes the next word.
        if let Some(cluster) = t.strip_prefix('-')
            && let Some(last) = cluster.chars().last()
            && !cluster.is_empty()
            && value_letters.contains(last)
            && cluster.chars().all(|c| c.is_ascii_alphanumeric())
        {
            skip = true;
        }
    }
    None
}

/// Whether a download command writes what it fetches to standard output:
/// curl without `-o`/`-O`/`--output`/`--remote-name`, wget with `-O -`
/// (`-qO-`, `--output-document=-`).
pub fn writes_stdout(kind: Downloader, v: &CommandView) -> bool {
    let args = v.args;
    match kind {
        Downloader::Curl => {
            let mut i = 0;
            while let Some(w) = args.get(i) {
                i += 1;
                let t = w.text.as_str();
                if t == "--" {
                    break;
                }
                if let Some(l) = t.strip_prefix("--") {
                    match l.split('=').next().unwrap_or(l) {
                        "output" => {
                            let value = l.split_once('=').map(|(_, v)| v).or_else(|| {
                                let v = args.get(i).map(|w| w.text.as_str());
                                i += 1;
                                v
                            });
                            if value != Some("-") {
                                return false;
                            }
                        }
                        "remote-name" | "remote-name-all" | "output-dir" => return false,
                        _ => {}
                    }
                    continue;
                }
                if let Some(cluster) = t.strip_prefix('-') {
                    for (k, c) in cluster.char_indices() {
                        if c == 'O' {
                            return false;
                        }
                        if c == 'o' {
                            let rest = &cluster[k + 1..];
                            let value = if rest.is_empty() {
                                let v = args.get(i).map(|w| w.text.as_str());
                                i += 1;
                                v
                            } else {
                                Some(rest)
                            };
                            if value != Some("-") {
                                return false;
                            }
                            break;
                        }
                        if CURL_SHORT_VALUE.contains(c) {
                            if k + 1 == cluster.len() {
                                i += 1;
                            }
                            break;
                        }
                    }
                }
            }
            true
        }
        Downloader::Wget => {
            let mut i = 0;
            while let Some(w) = args.get(i) {
                i += 1;
                let t = w.text.as_str();
                if let Some(v) = t.strip_prefix("--output-document=") {
                    return v == "-";
                }
                if t == "--output-document" {
                    return args.get(i).is_some_and(|w| w.text == "-");
                }
                if let Some(cluster) = t.strip_prefix('-')
                    && !cluster.starts_with('-')
                    && let Some(k) = cluster.find('O')
                {
                    let rest = &cluster[k + 1..];
                    return if rest.is_empty() {
                        args.get(i).is_some_and(|w| w.text == "-")
                    } else {
                        rest == "-"
                    };
                }
            }
            false
        }
    }
}

/// Interpreters that run a script read from standard input when given no
/// script operand.
pub fn is_script_interpreter(name: &str) -> bool {
    is_shell(name)
        || matches!(name, "perl" | "ruby" | "node" | "php")
        || name
            .strip_prefix("python")
            .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// POSIX-family shells.
pub fn is_shell(name: &str) -> bool {
    matches!(
        name,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox"
    )
}

/// Whether an interpreter command runs its standard input as a script: no
/// script operand (`sh`, `bash -s -- --flag`, `bash -`, `python3 -`), and no
/// `-c`/`-e`/`-m` code or module option.
pub fn runs_stdin(v: &CommandView) -> bool {
    let Some(name) = v.name_str() else {
        return false;
    };
    let mut args = v.args.iter();
    let shell = if name == "busybox" {
        // `busybox sh`
        match args.next() {
            Some(w) if is_shell(&w.text) => true,
            _ => return false,
        }
    } else {
        is_shell(name)
    };
    // Options whose value is the next word, and options that give the code.
    let (value_opts, code_opts): (&str, &str) = if shell {
        ("oO", "c")
    } else if name.starts_with("python") {
        ("WXQ", "cm")
    } else {
        ("IrM", "eEpr")
    };
    while let Some(w) = args.next() {
        let t = w.text.as_str();
        if t == "-" {
            return true;
        }
        if t == "--" {
            // Options end; an operand after them is a script file.
            return args.next().is_none();
        }
        let cluster = t
            .strip_prefix('-')
            .or_else(|| t.strip_prefix('+').filter(|_| shell));
        match cluster {
            Some(c) if c.starts_with('-') => {}
            Some(c) => {
                if shell && c.contains('s') {
                    return true;
                }
                if c.contains(|ch| code_opts.contains(ch)) {
                    return false;
                }
                if c.chars().last().is_some_and(|ch| value_opts.contains(ch)) {
                    args.next();
                }
            }
            // A script file operand.
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters() {
        assert!(cluster_has("-fsSLk", 'k', CURL_SHORT_VALUE));
        assert!(!cluster_has("-ok", 'k', CURL_SHORT_VALUE));
        assert!(!cluster_has("--insecure", 'k', CURL_SHORT_VALUE));
    }
}
