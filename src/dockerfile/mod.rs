//! Dockerfiles: a lossless, error-tolerant parser and the stage model.
//!
//! The parser follows BuildKit's grammar (parser directives, the escape
//! character, line continuations with comments and blank lines inside them,
//! heredocs, exec and shell forms, flags) and keeps a byte span on every
//! piece. A malformed instruction becomes a [`SyntaxError`] and parsing goes
//! on with the next one.

mod args;
mod command_names;
pub mod edit;
pub mod expand;
mod lines;
mod model;
mod parse;
mod print;
pub mod shipping;

pub use command_names::CommandNames;
pub use lines::directive_name;
pub use model::{
    Model, PLATFORM_ARGS, Scope, ScopeCursor, ScriptSource, Shell, ShellKind, Stage, StageBase,
    StageRef, StageScript, shell_kind_of,
};
pub use parse::parse;
pub use print::{Piece, PrintError};

use crate::source::{OffsetMap, Span, Spanned};

/// A parsed Dockerfile.
#[derive(Debug, Default)]
pub struct Dockerfile {
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`) from the top.
    pub directives: Vec<Directive>,
    /// The escape character: `\` unless `# escape=` says otherwise.
    pub escape: char,
    pub instructions: Vec<Instruction>,
    /// Every comment line, including those inside continued instructions.
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
    /// Lines that were empty inside a continued instruction (BuildKit warns).
    pub empty_continuation_lines: Vec<Span>,
    /// Every instruction's logical line as read, in file order, including
    /// lines that are not instructions (reported in `errors`): with
    /// `comments` they account for every non-blank character of the file
    /// (see [`Dockerfile::print`]).
    pub logical_lines: Vec<LogicalLine>,
}

/// An instruction's lines joined: continuations removed, comment and blank
/// lines inside it skipped.
#[derive(Clone, Debug, Default)]
pub struct LogicalLine {
    /// From the first character to the end of its last line (heredoc bodies
    /// and terminators included).
    pub span: Span,
    /// The joined text, from the keyword on.
    pub text: String,
    /// Maps offsets in `text` to the file: one segment per physical line.
    pub map: OffsetMap,
    /// The escape characters that continued its lines.
    pub escapes: Vec<Span>,
    /// Its index in `Dockerfile::instructions`; `None` when the line is not
    /// an instruction.
    pub instruction: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The directive name as written (`syntax`, `escape`, `check`).
    pub name: Spanned<String>,
    pub value: Spanned<String>,
    /// The whole comment line.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From `#` to the end of the line.
    pub span: Span,
    /// The text after `#`, trimmed.
    pub text: String,
    /// Where `text` is in the file.
    pub text_span: Span,
    /// The comment sits inside a continued instruction.
    pub inside_instruction: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// The instruction keywords BuildKit knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
        }
    }

    pub fn from_str_ci(s: &str) -> Option<Keyword> {
        Keyword::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    /// Instructions whose arguments may carry heredocs.
    pub fn allows_heredoc(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

impl std::fmt::Display for Keyword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One instruction, with every part spanned.
#[derive(Clone, Debug)]
pub struct Instruction {
    /// From the keyword to the end of its last line, heredoc bodies included.
    pub span: Span,
    pub keyword: Keyword,
    /// The keyword as written (its casing matters to some rules).
    pub keyword_span: Span,
    pub flags: Vec<Flag>,
    /// The arguments after the flags, continuations removed.
    pub args_text: String,
    /// Maps offsets in `args_text` to the file.
    pub args_map: OffsetMap,
    /// File span of the arguments after the flags (empty when there are none).
    pub args_span: Span,
    pub args: Args,
    pub heredocs: Vec<Heredoc>,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name.value == name)
    }

    /// Each `--name=value` flag with this name (RUN can have several `--mount`).
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name.value == name)
    }

    /// The instruction wrapped by `ONBUILD`, if this is one.
    pub fn onbuild_inner(&self) -> Option<&Instruction> {
        match &self.args {
            Args::Onbuild(Some(inner)) => Some(inner),
            _ => None,
        }
    }

    /// The words of the arguments (exec-form strings for commands; shell-form
    /// commands have none here: their words come from the shell model).
    pub fn words(&self) -> &[Spanned<String>] {
        match &self.args {
            Args::Words(w) | Args::From(From { words: w, .. }) => w,
            Args::Command(Command::Exec(w, _)) => w,
            _ => &[],
        }
    }

    pub fn command(&self) -> Option<&Command> {
        match &self.args {
            Args::Command(c) => Some(c),
            Args::Healthcheck(Healthcheck::Cmd(c)) => Some(c),
            _ => None,
        }
    }

    pub fn pairs(&self) -> &[KeyValue] {
        match &self.args {
            Args::KeyValues(kv) => kv,
            _ => &[],
        }
    }

    pub fn from(&self) -> Option<&From> {
        match &self.args {
            Args::From(f) => Some(f),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// The name without the leading `--`.
    pub name: Spanned<String>,
    /// The value after `=`, unquoted; `None` for a bare `--link`.
    pub value: Option<Spanned<String>>,
    /// `--name=value` as written.
    pub span: Span,
}

impl Flag {
    pub fn value_str(&self) -> &str {
        self.value.as_ref().map_or("", |v| v.value.as_str())
    }
}

/// Arguments, shaped by the instruction.
#[derive(Clone, Debug)]
pub enum Args {
    /// `FROM [--platform=..] image [AS name]`.
    From(From),
    /// RUN, CMD, ENTRYPOINT, SHELL, and the command of HEALTHCHECK.
    Command(Command),
    /// ENV, LABEL, ARG.
    KeyValues(Vec<KeyValue>),
    /// COPY, ADD, EXPOSE, VOLUME, USER, WORKDIR, STOPSIGNAL, MAINTAINER:
    /// whitespace-separated words (exec-form strings for COPY/ADD/VOLUME).
    Words(Vec<Spanned<String>>),
    Healthcheck(Healthcheck),
    /// The wrapped instruction; `None` when it is missing or malformed.
    Onbuild(Option<Box<Instruction>>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct From {
    pub words: Vec<Spanned<String>>,
    pub image: Option<Spanned<String>>,
    /// The `AS` keyword as written.
    pub as_keyword: Option<Spanned<String>>,
    pub alias: Option<Spanned<String>>,
}

/// Shell form (run by the stage's shell) or exec form (a JSON array).
#[derive(Clone, Debug)]
pub enum Command {
    /// The JSON strings and the span of the whole array.
    Exec(Vec<Spanned<String>>, Span),
    Shell {
        /// The command text, continuations removed (same as `args_text`).
        text: String,
        map: OffsetMap,
    },
}

impl Command {
    pub fn is_exec(&self) -> bool {
        matches!(self, Command::Exec(..))
    }
}

#[derive(Clone, Debug)]
pub enum Healthcheck {
    None,
    Cmd(Command),
}

/// One `key=value` (or legacy `key value`) pair of ENV, LABEL or ARG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Spanned<String>,
    /// The unquoted value; `None` for `ARG NAME` without a default.
    pub value: Option<Spanned<String>>,
    /// The whole pair as written.
    pub span: Span,
    /// Written as `ENV key value` rather than `key=value`.
    pub legacy: bool,
}

/// A heredoc attached to RUN, COPY or ADD.
#[derive(Clone, Debug)]
pub struct Heredoc {
    /// The delimiter word, without quotes or `-`.
    pub delimiter: String,
    /// `<<-EOF`: leading tabs are stripped from the body.
    pub strip_tabs: bool,
    /// The delimiter was quoted: no variable expansion in the body.
    pub quoted: bool,
    /// The `<<EOF` marker in the instruction line.
    pub marker: Span,
    /// The body lines, without the terminator line.
    pub body_span: Span,
    /// The body as the builder sees it (tabs stripped for `<<-`).
    pub body: String,
    pub body_map: OffsetMap,
    /// The terminator line, if the heredoc was closed.
    pub terminator: Option<Span>,
}

impl Dockerfile {
    /// The value of a parser directive, by case-insensitive name.
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives
            .iter()
            .find(|d| d.name.value.eq_ignore_ascii_case(name))
    }
}
