//! Edits of Dockerfile text for fixes, in the file's own style: keywords
//! in the case the file uses, its line ends, its escape character, and the
//! layout of continued instructions (operators at the start or at the end
//! of continuation lines, their indentation).

use crate::diagnostic::Edit;
use crate::source::Span;

use super::{Command, Dockerfile, Instruction};

/// `keyword` cased like `written`: lowercase when `written` is all
/// lowercase, uppercase otherwise.
pub fn cased_like(written: &str, keyword: &str) -> String {
    if !written.is_empty() && written.chars().all(|c| !c.is_ascii_uppercase()) {
        keyword.to_ascii_lowercase()
    } else {
        keyword.to_ascii_uppercase()
    }
}

/// `keyword` in the case most instruction keywords of the file use.
pub fn file_cased(df: &Dockerfile, text: &str, keyword: &str) -> String {
    let lower = df
        .instructions
        .iter()
        .filter(|i| {
            let k = i.keyword_span.text(text);
            k.chars().all(|c| !c.is_ascii_uppercase())
        })
        .count();
    if lower * 2 > df.instructions.len() {
        keyword.to_ascii_lowercase()
    } else {
        keyword.to_ascii_uppercase()
    }
}

/// The line end used by the line holding `offset` (`\r\n` or `\n`); the
/// file's first line end when that line has none.
pub fn line_end_at(text: &str, offset: usize) -> &'static str {
    let rest = text.get(offset..).unwrap_or("");
    let line = match rest.find('\n') {
        Some(i) => &text[offset..offset + i + 1],
        None => match text.find('\n') {
            Some(i) => &text[..i + 1],
            None => return "\n",
        },
    };
    if line.ends_with("\r\n") { "\r\n" } else { "\n" }
}

/// Start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The local offset in a shell script where an unquoted `#` comment
/// starts, if any.
fn shell_comment_start(script: &str) -> Option<usize> {
    let b = script.as_bytes();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if single {
            single = c != b'\'';
        } else if c == b'\\' {
            i += 1;
        } else if double {
            double = c != b'"';
        } else if c == b'\'' {
            single = true;
        } else if c == b'"' {
            double = true;
        } else if c == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace()) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Where a command appended to a shell-form `RUN` goes (the file offset
/// after the script's last character, before a trailing comment), or
/// `None` when appending is not safe: exec form, heredocs, or a script
/// that ends in an operator (`;`, `&`, `|`, `&&`, a dangling escape).
pub fn run_script_end(ins: &Instruction) -> Option<u32> {
    let Some(Command::Shell { text, map }) = ins.command() else {
        return None;
    };
    if !ins.heredocs.is_empty() {
        return None;
    }
    let code = match shell_comment_start(text) {
        Some(c) => &text[..c],
        None => text.as_str(),
    };
    let code = code.trim_end();
    if code.is_empty() || code.ends_with([';', '&', '|', '\\', '`', '(', '{']) {
        return None;
    }
    let last = code.char_indices().next_back()?;
    Some(map.to_file(last.0 as u32) + last.1.len_utf8() as u32)
}

/// Appends `&& command` to a shell-form `RUN`, laid out like the
/// instruction's own continuation lines:
///
/// - one line: `RUN a && command`;
/// - operators leading continuation lines (`    && b`): a new line
///   `    && command`;
/// - operators ending lines (`a && \`): `&& \` on the last line and a new
///   line `    command`.
///
/// The edit can join other appends at the same point (see
/// [`Edit::join`]).
pub fn append_command(
    df: &Dockerfile,
    text: &str,
    ins: &Instruction,
    command: &str,
) -> Option<Edit> {
    let at = run_script_end(ins)? as usize;
    let first_line = line_start(text, ins.span.start as usize);
    let this_line = line_start(text, at);
    let edit = if this_line == first_line || this_line <= ins.keyword_span.start as usize {
        Edit::insert(at as u32, format!(" && {command}"))
    } else {
        let line = &text[this_line..at];
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let body = line[indent.len()..].trim_start();
        let nl = line_end_at(text, this_line);
        let esc = df.escape;
        if ["&&", "||", "|", ";"].iter().any(|op| body.starts_with(op)) {
            Edit::insert(at as u32, format!(" {esc}{nl}{indent}&& {command}"))
        } else {
            Edit::insert(at as u32, format!(" && {esc}{nl}{indent}{command}"))
        }
    };
    Some(edit.joinable(format!("append {command}")))
}

/// Inserts ` word` after a word of a command (a flag after `install`).
/// Joinable with other words inserted at the same point.
pub fn insert_word_after(word: Span, inserted: &str) -> Edit {
    Edit::insert(word.end, format!(" {inserted}")).joinable(format!("word {inserted}"))
}

/// Deletes a word of a command with the blanks before it; a word alone on
/// a continuation line (`    --flag \`) goes with its whole line.
pub fn delete_word(text: &str, word: Span, escape: char) -> Edit {
    let (start, end) = (word.start as usize, word.end as usize);
    let ls = line_start(text, start);
    let le = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let before = &text[ls..start];
    let after = text[end..le].trim_end_matches(['\n', '\r']);
    if ls > 0 && before.trim().is_empty() && after.trim() == escape.to_string() {
        return Edit::delete(Span::new(ls as u32, le as u32));
    }
    let blanks = before.len() - before.trim_end_matches([' ', '\t']).len();
    if blanks > 0 {
        return Edit::delete(Span::new((start - blanks) as u32, word.end));
    }
    let trailing = after.len() - after.trim_start_matches([' ', '\t']).len();
    Edit::delete(Span::new(word.start, (end + trailing) as u32))
}

/// The offset just after an instruction: after its last line's end (and
/// after its heredoc bodies), where a new line can be inserted. `None`
/// when the instruction ends the file without a line end.
pub fn after_instruction(text: &str, ins: &Instruction) -> Option<usize> {
    let end = ins.span.end as usize;
    let rest = text.get(end..)?;
    rest.find('\n').map(|i| end + i + 1)
}

/// Inserts a new line with `line` after instruction `ins` (`line` without
/// its line end). At the end of a file without a final line end, the new
/// line is added after a line end and keeps the file without one.
pub fn insert_line_after(text: &str, ins: &Instruction, line: &str) -> Edit {
    let nl = line_end_at(text, ins.span.start as usize);
    match after_instruction(text, ins) {
        Some(at) => Edit::insert(at as u32, format!("{line}{nl}")),
        None => Edit::insert(ins.span.end.max(text.len() as u32), format!("{nl}{line}")),
    }
}

/// Deletes an instruction with its line end (and the comment lines and
/// blank lines inside it).
pub fn delete_instruction(text: &str, ins: &Instruction) -> Edit {
    let start = line_start(text, ins.span.start as usize);
    let end = after_instruction(text, ins).unwrap_or(text.len());
    Edit::delete(Span::new(start as u32, end as u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;

    fn apply(text: &str, e: &Edit) -> String {
        crate::diagnostic::apply_edits(text, [e])
    }

    #[test]
    fn appends_in_the_instruction_style() {
        let cases = [
            (
                "FROM a\nRUN apt-get update\n",
                "FROM a\nRUN apt-get update && x\n",
            ),
            (
                "FROM a\nRUN apt-get update # refresh\n",
                "FROM a\nRUN apt-get update && x # refresh\n",
            ),
            (
                "FROM a\nRUN apt-get update \\\n    && apt-get install -y b\n",
                "FROM a\nRUN apt-get update \\\n    && apt-get install -y b \\\n    && x\n",
            ),
            (
                "FROM a\nRUN apt-get update && \\\n\tapt-get install -y b\r\nCMD c\n",
                "FROM a\nRUN apt-get update && \\\n\tapt-get install -y b && \\\r\n\tx\r\nCMD c\n",
            ),
            (
                "# escape=`\nFROM a\nRUN apt-get update `\n  && apt-get install -y b",
                "# escape=`\nFROM a\nRUN apt-get update `\n  && apt-get install -y b `\n  && x",
            ),
        ];
        for (before, after) in cases {
            let df = crate::dockerfile::parse(before);
            let ins = df
                .instructions
                .iter()
                .find(|i| i.keyword == crate::dockerfile::Keyword::Run)
                .unwrap();
            let e = append_command(&df, before, ins, "x").unwrap();
            assert_eq!(apply(before, &e), after, "{before:?}");
        }
        for refused in [
            "FROM a\nRUN a;\n",
            "FROM a\nRUN [\"a\"]\n",
            "FROM a\nRUN a &\n",
            "FROM a\nRUN <<EOF\na\nEOF\n",
        ] {
            let df = crate::dockerfile::parse(refused);
            let ins = df
                .instructions
                .iter()
                .find(|i| i.keyword == crate::dockerfile::Keyword::Run)
                .unwrap();
            assert!(
                append_command(&df, refused, ins, "x").is_none(),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn deletes_words_with_their_blanks() {
        let text = "RUN apt-get install --force-yes -y x\n";
        let at = text.find("--force-yes").unwrap() as u32;
        let e = delete_word(text, Span::new(at, at + 11), '\\');
        assert_eq!(apply(text, &e), "RUN apt-get install -y x\n");
        let text = "RUN apt-get install \\\n    --force-yes \\\n    x\n";
        let at = text.find("--force-yes").unwrap() as u32;
        let e = delete_word(text, Span::new(at, at + 11), '\\');
        assert_eq!(apply(text, &e), "RUN apt-get install \\\n    x\n");
    }

    #[test]
    fn inserts_lines_after_instructions() {
        let text = "FROM a\nRUN b";
        let df = crate::dockerfile::parse(text);
        let e = insert_line_after(text, &df.instructions[1], "USER 1");
        assert_eq!(apply(text, &e), "FROM a\nRUN b\nUSER 1");
        let text = "FROM a\r\nRUN b\r\nCMD c\r\n";
        let df = crate::dockerfile::parse(text);
        let e = insert_line_after(text, &df.instructions[1], "USER 1");
        assert_eq!(apply(text, &e), "FROM a\r\nRUN b\r\nUSER 1\r\nCMD c\r\n");
    }
}
