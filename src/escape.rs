//! How values taken from the input are shown in every output: messages,
//! help, labels and file names, in every format and on stderr.
//!
//! A Compose key, a YAML value or a directory name can hold a line break,
//! a carriage return, an ANSI escape sequence or a bidirectional override.
//! Printed raw, a line break starts a new line in a CI log, where a line
//! beginning with `::` is a workflow command (`::stop-commands::`,
//! `::add-mask::`); an escape sequence repaints a terminal; an override
//! reorders what a reviewer reads. So each such character is written as a
//! visible escape. Two sequences are escaped too: the Azure Pipelines
//! agent runs a logging command (`##vso[task.setvariable ...]`) found
//! anywhere in a line of stdout or stderr, and TeamCity reads a service
//! message (`##teamcity[setParameter ...]`) the same way, so the `[` of
//! `##vso[` and `##teamcity[` is written `\u{5b}` (`\x5b` in a file name,
//! `\u005b` in JSON).
//!
//! - [`text`] escapes a message, a help line or a label: `\n`, `\r`, `\t`,
//!   and `\u{1b}` for the other [special] characters. The pipeline applies
//!   it once to every diagnostic when a file's report is final
//!   ([`crate::diagnostic::escape`]), so every renderer, present and
//!   future, receives text that is safe to print, and fingerprints stay
//!   stable.
//! - [`path`] shows a file name: as is when it is plain, else in double
//!   quotes with C-style escapes (`"a\nb"`, `"caf\xe9"` for a name that is
//!   not UTF-8), the way git quotes paths. Two different names never show
//!   the same.
//! - [`write_json`] writes JSON with the same characters as `\uXXXX`.
//! - [`needs_escape`] and [`push_escaped`] escape source text character by
//!   character (the human format's snippets).
//! - [`command`] encodes values inside the CI log commands of GitHub
//!   Actions and Azure Pipelines, on top of the above.
//!
//! [special]: is_special

pub mod command;

use std::borrow::Cow;
use std::path::Path;

/// Characters never printed raw: C0 controls (tab included), DEL, C1
/// controls, the Unicode line and paragraph separators, bidirectional
/// formatting characters, zero-width characters and the BOM.
pub fn is_special(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}')
}

/// What a CI system reads as the start of a command when a `[` follows,
/// anywhere in a line: Azure Pipelines' logging commands and TeamCity's
/// service messages.
pub const LOG_COMMANDS: [&str; 2] = ["##vso", "##teamcity"];

/// Whether a `[` written after `before` would complete the start of a CI
/// command ([`LOG_COMMANDS`]).
fn opens_command(before: &str) -> bool {
    LOG_COMMANDS.iter().any(|p| before.ends_with(p))
}

/// Whether `c`, written after `before`, is escaped: a [special](is_special)
/// character, or the `[` that would complete `##vso[` or `##teamcity[`.
pub fn needs_escape(before: &str, c: char) -> bool {
    is_special(c) || (c == '[' && opens_command(before))
}

/// The byte offset of the first character that [needs an
/// escape](needs_escape). Scans bytes: a special character starts with a
/// control byte or with one of the three lead bytes of its multi-byte
/// ranges (`0xC2` for C1, `0xE2` for U+2000..U+2FFF, `0xEF` for the BOM),
/// so plain text is skipped eight bytes at a time ([`maybe_special`]):
/// every message and help of a run goes through here.
pub fn first_special(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    // Sixteen bytes at a time first, in a loop with no early exit that the
    // compiler turns into vector compares: on the corpus's messages this
    // scan took 8.2M instructions against 18.3M word at a time.
    while let Some(chunk) = b.get(i..i + 16) {
        let mut any = false;
        for &c in chunk {
            any |= !(0x20..0x7f).contains(&c) | (c == b'[');
        }
        if any {
            break;
        }
        i += 16;
    }
    while i < b.len() {
        if let Some(word) = b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok())
            && !maybe_special(u64::from_le_bytes(word))
        {
            i += 8;
            continue;
        }
        match b[i] {
            0x00..=0x1f | 0x7f => return Some(i),
            0xc2 | 0xe2 | 0xef if s[i..].chars().next().is_some_and(is_special) => {
                return Some(i);
            }
            b'[' if opens_command(&s[..i]) => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether any of the eight bytes of `w` is a control byte, DEL, a byte of
/// a multi-byte character or `[`: the bytes [`first_special`] looks at one
/// by one. Each test is exact about whether such a byte is present.
fn maybe_special(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `n` (n <= 0x80) sets its high bit in `x - n` where it
    // was clear in `x`.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH != 0;
    w & HIGH != 0
        || below(w, 0x20)
        || below(w ^ (ONES * 0x7f), 1)
        || below(w ^ (ONES * u64::from(b'[')), 1)
}

/// Writes the escape of `c`: `\n`, `\r`, `\t`, else `\u{hex}`.
pub fn push_escaped(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `s` with every [special](is_special) character escaped; borrowed when
/// there is none (nearly always).
pub fn text(s: &str) -> Cow<'_, str> {
    let Some(first) = first_special(s) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        if needs_escape(&out, c) {
            push_escaped(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Escapes `s` in place when it needs it.
pub fn text_in_place(s: &mut String) {
    if let Cow::Owned(e) = text(s) {
        *s = e;
    }
}

/// Writes one line on stderr with its [special](is_special) characters
/// escaped: the way every message of dockward reaches stderr, since most
/// name a path or quote a value from the input. A message of several lines
/// (a TOML error with its snippet) stays on one line.
pub fn stderr_line(line: &str) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(text(line).as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// A file name as every output shows it: `/` separators, no leading `./`,
/// and quoted with escapes when it holds a special character, a byte that
/// is not UTF-8, a double quote, a backslash (on Unix, where a backslash
/// is an ordinary character of a name) or the start of a CI command
/// (`##vso[`, `##teamcity[`).
pub fn path(p: &Path) -> String {
    let bytes = path_bytes(p);
    // With no special character (which `first_special` finds by bytes),
    // what is left to look for is a quote or a backslash: memchr, not a
    // test per char (that test was almost half of the concise writer's
    // instructions on the corpus).
    let quoted = |s: &str| match cfg!(unix) {
        true => memchr::memchr2(b'"', b'\\', s.as_bytes()).is_some(),
        false => memchr::memchr(b'"', s.as_bytes()).is_some(),
    };
    let plain = match std::str::from_utf8(&bytes) {
        Ok(s) if first_special(s).is_none() && !quoted(s) => Some(s),
        _ => None,
    };
    if let Some(s) = plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '[' if opens_command(&out) => out.push_str("\\x5b"),
                c if is_special(c) => push_escaped(c, &mut out),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            use std::fmt::Write as _;
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('"');
    out
}

/// A path's bytes for a URI (to be percent-encoded): without a leading
/// `./`, with `/` separators, every byte of the name kept.
pub fn path_bytes(p: &Path) -> Vec<u8> {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = p.to_string_lossy().replace('\\', "/").into_bytes();
    match bytes.strip_prefix(b"./") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    }
}

/// Writes `value` as JSON (indented when `pretty`) with every [special]
/// character of its strings written as a `\uXXXX` escape: the decoded
/// values are unchanged, and the bytes hold no line separator, override or
/// control character (serde_json leaves U+2028, DEL and C1 raw). Every JSON
/// format (json, sarif, gitlab, statistics) writes through this.
///
/// [special]: is_special
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
    pretty: bool,
) -> std::io::Result<()> {
    let result = if pretty {
        let f = JsonEscapes(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, f))
    } else {
        let f = JsonEscapes(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, f))
    };
    result.map_err(std::io::Error::from)
}

/// A JSON formatter that escapes [special](is_special) characters in
/// strings and leaves everything else to the formatter it wraps.
struct JsonEscapes<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for JsonEscapes<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(i) = first_special(rest) {
            w.write_all(&rest.as_bytes()[..i])?;
            let c = rest[i..].chars().next().unwrap_or_default();
            // Every special character is in the Basic Multilingual Plane.
            write!(w, "\\u{:04x}", c as u32)?;
            rest = &rest[i + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn text_escapes_what_could_start_a_line_or_repaint() {
        assert!(matches!(text("service `web`"), Cow::Borrowed(_)));
        assert_eq!(text("w\n::stop-commands::x"), "w\\n::stop-commands::x");
        assert_eq!(text("a\r\nb\tc"), "a\\r\\nb\\tc");
        assert_eq!(text("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(
            text("x\u{85}y\u{2028}z\u{202e}"),
            "x\\u{85}y\\u{2028}z\\u{202e}"
        );
        assert_eq!(text("café ✓ 日本"), "café ✓ 日本");
        // Azure Pipelines runs `##vso[` anywhere in a line.
        assert_eq!(
            text("x ##vso[task.setvariable variable=a]b"),
            "x ##vso\\u{5b}task.setvariable variable=a]b"
        );
        // TeamCity reads `##teamcity[` service messages the same way.
        assert_eq!(
            text("s ##teamcity[setParameter name='a' value='b']"),
            "s ##teamcity\\u{5b}setParameter name='a' value='b']"
        );
        assert_eq!(
            path(Path::new("##teamcity[x]/Dockerfile")),
            "\"##teamcity\\x5bx]/Dockerfile\""
        );
        let mut json = Vec::new();
        write_json(&mut json, &"##teamcity[x]", false).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), "\"##teamcity\\u005bx]\"");
        assert!(matches!(text("##vs[o] #vso[ ##VSO["), Cow::Borrowed(_)));
        assert_eq!(
            path(Path::new("a/##vso[x]/Dockerfile")),
            "\"a/##vso\\x5bx]/Dockerfile\""
        );
        let mut json = Vec::new();
        write_json(&mut json, &"##vso[x]", false).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), "\"##vso\\u005bx]\"");
    }

    #[test]
    fn the_byte_scan_finds_what_the_char_test_finds() {
        for s in [
            "",
            "plain",
            "a\u{1b}b",
            "é\u{85}",
            "✓\u{2028}",
            "\u{feff}x",
            "日本\u{7f}",
            "€ ™ ￿",
        ] {
            assert_eq!(first_special(s), s.find(is_special), "{s:?}");
        }
    }

    /// The sixteen- and eight-byte skips find what the byte-by-byte scan
    /// finds, at every offset in and across chunks and words.
    #[test]
    fn words_of_plain_text_are_skipped_exactly() {
        for v in 0..=255u8 {
            let wanted = v < 0x20 || v == 0x7f || v >= 0x80 || v == b'[';
            for at in 0..8 {
                let mut w = *b"abcdefgh";
                w[at] = v;
                assert_eq!(
                    maybe_special(u64::from_le_bytes(w)),
                    wanted,
                    "{v:#x} at {at}"
                );
            }
        }
        for special in [
            "\u{1b}", "\u{7f}", "\u{85}", "\u{200b}", "\u{feff}", "##vso[", "é", "[",
        ] {
            for at in 0..40 {
                let s = format!("{}{special}{}", "x".repeat(at), "y".repeat(39 - at));
                let slow = s
                    .char_indices()
                    .find(|&(i, c)| needs_escape(&s[..i], c))
                    .map(|(i, _)| i);
                assert_eq!(first_special(&s), slow, "{s:?}");
            }
        }
    }

    #[test]
    fn paths_are_quoted_only_when_they_need_it() {
        assert_eq!(path(Path::new("./app/Dockerfile")), "app/Dockerfile");
        assert_eq!(path(Path::new("a b/é/Dockerfile")), "a b/é/Dockerfile");
        assert_eq!(
            path(Path::new("x\n::warning::y/Dockerfile")),
            "\"x\\n::warning::y/Dockerfile\""
        );
        assert_eq!(
            path(Path::new("say \"hi\"/Dockerfile")),
            "\"say \\\"hi\\\"/Dockerfile\""
        );
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_escaped_and_never_collide() {
        use std::os::unix::ffi::OsStrExt;
        let p = |b: &[u8]| PathBuf::from(std::ffi::OsStr::from_bytes(b));
        let invalid = p(b"caf\xe9/Dockerfile");
        assert_eq!(path(&invalid), "\"caf\\xe9/Dockerfile\"");
        // Names that look like the escape or like the lossy form differ.
        let names: Vec<PathBuf> = vec![
            invalid,
            p(b"caf\xef\xbf\xbd/Dockerfile"),
            p(b"caf\\xe9/Dockerfile"),
            p("caf\u{10fee9}/Dockerfile".as_bytes()),
            p(b"caf\xe9\xe9/Dockerfile"),
            p(b"caf\xc3\xa9/Dockerfile"),
        ];
        let shown: foldhash::HashSet<String> = names.iter().map(|n| path(n)).collect();
        assert_eq!(shown.len(), names.len(), "{shown:?}");
    }

    #[test]
    fn json_holds_no_raw_special_character_and_decodes_the_same() {
        let value = serde_json::json!({"a\u{2028}": ["x\u{85}\u{202e}\u{7f}\n\u{1b}é"]});
        for pretty in [false, true] {
            let mut out = Vec::new();
            write_json(&mut out, &value, pretty).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(
                !text.contains(|c: char| is_special(c) && c != '\n'),
                "{text}"
            );
            assert!(text.contains("\\u2028"), "{text}");
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, value);
        }
    }
}
