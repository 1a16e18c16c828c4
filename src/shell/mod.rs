//! Words and simple commands of shell scripts in RUN instructions.
//!
//! A small, hand-written, error-tolerant parser for POSIX sh and the parts of
//! bash that Dockerfiles use. It does not build a full syntax tree: it turns a
//! script into a flat list of simple commands (name, arguments, assignments,
//! redirections) with the structure rules ask about recorded on each command
//! (pipeline position, the connector that follows, whether it runs inside a
//! command substitution, a condition, or a `sh -c` string).
//!
//! Every span exposed here is a *file* span: the parser works on the text it is
//! given and maps offsets back to the file through an [`OffsetMap`].
//!
//! Guarantees: it never panics, runs in time linear in the input (times a
//! small constant bounded by [`MAX_DEPTH`]), and never recurses deeper than
//! [`MAX_DEPTH`] nested constructs; anything nested deeper is skipped as an
//! opaque word.
//!
//! Commands are listed in source order of their start, outer before inner: a
//! command comes before the commands of the substitutions in its words, and a
//! `sh -c '...'` command is followed by the commands of its string.
//!
//! Known limitations (best effort, by design):
//! - Heredoc bodies are skipped, not parsed, unless the command reading them
//!   is a shell (`bash <<EOF`, `sh -s <<EOF`); the `$(...)` of an unquoted
//!   heredoc body is not looked at. [`Redirect::body`] gives the body's span.
//! - Redirections of compound commands (`{ ...; } > f`, `done < f`) are not
//!   recorded; their targets are still scanned for substitutions and heredocs.
//! - Commands in function bodies are listed like any other command.
//! - After a compound command, the connector goes to its last command; every
//!   command of a compound pipeline element gets that element's position.
//! - `sh -c` strings are re-parsed when they are quoted or plain literals
//!   (not `$'...'`); expansions in them are kept as written. In a
//!   double-quoted string with escapes, a span that starts with an escaped
//!   character starts after its backslash. Syntax errors inside the string do
//!   not set [`Script::has_error`]. `eval`, `source`, `find -exec sh -c` and
//!   aliases are not followed.
//! - Not recognized: extended globs (`@(a|b)`), `{fd}>` redirections, `coproc`
//!   (a command like any other), `time` as a keyword (it is a wrapper for
//!   [`Command::effective`]).
//! - Spans rely on file offsets growing with local offsets, as they do for
//!   any text assembled from a file in order.

mod argv;
mod command;
mod lexer;
mod parser;

#[cfg(test)]
mod tests;

use crate::source::{OffsetMap, Span};

pub use command::{CommandView, Positionals};

/// How deeply constructs may nest (substitutions, compound commands,
/// subshells, `sh -c` strings) before the parser stops descending.
pub const MAX_DEPTH: u32 = 64;

/// Which shell reads the script, where the shells part ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// `/bin/sh`, dash, ash, busybox: `((cmd))` is two nested subshells
    /// that run `cmd` (Debian's and Alpine's `/bin/sh`, the default of
    /// `RUN`).
    #[default]
    Sh,
    /// bash, zsh, ksh: `(( expr ))` is an arithmetic command.
    Bash,
}

impl Dialect {
    /// The dialect of the shell named `name` (a basename).
    pub fn of(name: &str) -> Dialect {
        match name {
            "bash" | "zsh" | "ksh" | "mksh" => Dialect::Bash,
            _ => Dialect::Sh,
        }
    }
}

/// Parse a shell script as `/bin/sh` reads it ([`Dialect::Sh`]).
///
/// `text` is the script (a RUN's command text with its line continuations
/// removed, or a heredoc body) and `map` maps offsets in `text` to offsets in
/// the file. All spans in the result are file spans.
pub fn parse(text: &str, map: &OffsetMap) -> Script {
    parser::parse_script(text, map, Dialect::Sh)
}

/// [`parse`] for the shell of `dialect`.
pub fn parse_dialect(text: &str, map: &OffsetMap, dialect: Dialect) -> Script {
    parser::parse_script(text, map, dialect)
}

/// The simple commands of a script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// Every simple command, in source order (outer before inner).
    pub commands: Vec<Command>,
    /// The script is not well formed (unterminated quote or substitution,
    /// unbalanced parenthesis or keyword, missing heredoc target, ...). The
    /// command list is still the parser's best reading.
    pub has_error: bool,
    /// File span of the first construct nested deeper than [`MAX_DEPTH`]:
    /// what is inside it was skipped, not parsed, so no rule saw its
    /// commands.
    pub too_deep: Option<Span>,
}

/// A simple command: a command name with its arguments, assignments and
/// redirections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Command {
    /// The command name and its arguments (without assignments and
    /// redirections). Empty for a command made only of assignments or
    /// redirections (`FOO=bar`, `> file`).
    pub words: Vec<Word>,
    /// Leading `NAME=value` assignments.
    pub assignments: Vec<Assignment>,
    /// Redirections, in order.
    pub redirects: Vec<Redirect>,
    /// File span of the whole simple command.
    pub span: Span,
    /// Set when the command is part of a pipeline of two or more commands.
    pub pipeline: Option<PipelinePos>,
    /// What follows the command: `&&`, `||`, `;` or newline, `|`, `&`.
    /// `None` at the end of a list (end of script, before `)`, ...).
    pub next: Option<Connector>,
    /// Inside `$(...)`, `` `...` ``, `<(...)` or `>(...)`.
    pub in_substitution: bool,
    /// From the string of `sh -c '...'` (or a heredoc fed to a shell).
    pub via_shell_c: bool,
    /// The pipeline it belongs to is negated with `!`.
    pub negated: bool,
    /// Its failure does not stop the script: it is in an `if`/`elif`/
    /// `while`/`until` condition, or left of a `||` in its list. Best effort.
    pub condition: bool,
    /// Index in `words` of the command name behind its wrappers (see
    /// [`Command::effective`]), computed once when the script is parsed:
    /// every rule asks for it. `None` means not computed yet.
    pub effective_at: Option<u32>,
    /// Where the [basename](CommandView::name_str) of that word starts in
    /// its text, computed with it.
    pub name_at: u32,
}

/// A word after parsing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Word {
    /// The value after quote removal: quotes removed, `\x` unescaped, `$'..'`
    /// decoded; `$VAR`, `${...}`, `$(...)`, `` `...` `` and `$((...))` are kept
    /// verbatim.
    pub text: String,
    /// File span of the raw word.
    pub span: Span,
    /// Some part of the word was quoted.
    pub quoted: bool,
    /// The word holds an expansion that is not single-quoted: `$VAR`,
    /// `${...}`, `$(...)`, `` `...` ``, `$((...))`, `<(...)`.
    pub dynamic: bool,
}

/// A `NAME=value` assignment before a command name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assignment {
    /// The name (`NAME`; for `NAME+=v` and `NAME[i]=v`, still just `NAME`).
    pub name: String,
    /// The value, with the span of the text after `=`.
    pub value: Word,
    /// File span of the whole assignment.
    pub span: Span,
}

/// A redirection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redirect {
    /// The operator with its file descriptor, as written: `>`, `>>`, `2>`,
    /// `<`, `&>`, `&>>`, `>|`, `<>`, `<<`, `<<-`, `<<<`, `2>&` (for `2>&1`
    /// the target is `1`), `>&`, `<&`.
    pub op: String,
    /// The target word (file name, descriptor, heredoc delimiter), if any.
    pub target: Option<Word>,
    /// For a here-document (`<<`, `<<-`): the file span of its body lines.
    pub body: Option<Span>,
}

/// A command's place in a pipeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PipelinePos {
    /// Unique per script.
    pub id: u32,
    /// 0-based position in the pipeline.
    pub index: u32,
    /// Number of elements in the pipeline (at least 2).
    pub len: u32,
}

/// What follows a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Connector {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`, `;;` or a newline
    Seq,
    /// `|` or `|&`
    Pipe,
    /// `&`
    Background,
}

impl Script {
    /// The command that reads the output of command `idx` through a pipe.
    pub fn next_in_pipeline(&self, idx: usize) -> Option<&Command> {
        let pos = self.commands.get(idx)?.pipeline?;
        if pos.index + 1 >= pos.len {
            return None;
        }
        self.commands[idx + 1..].iter().find(|c| {
            c.pipeline
                .is_some_and(|p| p.id == pos.id && p.index == pos.index + 1)
        })
    }

    /// The commands of pipeline `id`, in order.
    pub fn pipeline(&self, id: u32) -> impl Iterator<Item = &Command> {
        self.commands
            .iter()
            .filter(move |c| c.pipeline.is_some_and(|p| p.id == id))
    }

    /// Commands whose name, or whose effective name behind wrappers such as
    /// `sudo` or `env` (see [`Command::effective`]), is `name`.
    pub fn commands_with_name<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Command> {
        self.commands
            .iter()
            .filter(move |c| c.name() == Some(name) || c.effective().name_str() == Some(name))
    }
}

impl Command {
    /// The basename of the command word: `/usr/bin/apt-get` -> `apt-get`.
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(|w| basename(&w.text))
    }
}

/// The last path component of a command word. Rules call this for every
/// command, and command words are short: a byte loop beats `rfind`'s
/// `memrchr` set-up by far here.
pub(crate) fn basename(s: &str) -> &str {
    match s.bytes().rposition(|b| b == b'/') {
        Some(i) if i + 1 < s.len() => &s[i + 1..],
        _ => s,
    }
}
