//! The stage model of a Dockerfile: stages and their bases, the shell in
//! effect for each instruction, ARG/ENV scopes, and the parsed shell scripts
//! of RUN, CMD, ENTRYPOINT and HEALTHCHECK.

use foldhash::{HashMap, HashMapExt};

use super::expand::{Expanded, Var, expand};
use super::{Command, Dockerfile, Instruction, Keyword};
use crate::image::ImageRef;
use crate::shell::{self, Script};
use crate::source::Spanned;

/// Build arguments BuildKit defines without a declaration in FROM lines.
pub const PLATFORM_ARGS: [&str; 8] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// What kind of shell runs shell-form commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShellKind {
    /// sh, bash, ash, dash, zsh, ksh, busybox.
    Posix,
    PowerShell,
    Cmd,
    Other,
}

/// The shell in effect: its kind and its argv (`["/bin/sh", "-c"]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shell {
    pub kind: ShellKind,
    pub argv: Vec<String>,
    /// The SHELL instruction that set it, if any.
    pub instruction: Option<usize>,
}

impl Shell {
    fn default_for(windows: bool) -> Shell {
        if windows {
            Shell {
                kind: ShellKind::Cmd,
                argv: vec!["cmd".into(), "/S".into(), "/C".into()],
                instruction: None,
            }
        } else {
            Shell {
                kind: ShellKind::Posix,
                argv: vec!["/bin/sh".into(), "-c".into()],
                instruction: None,
            }
        }
    }

    fn from_argv(argv: &[Spanned<String>], instruction: usize) -> Shell {
        let argv: Vec<String> = argv.iter().map(|a| a.value.clone()).collect();
        let kind = argv
            .first()
            .map_or(ShellKind::Other, |exe| shell_kind_of(exe));
        Shell {
            kind,
            argv,
            instruction: Some(instruction),
        }
    }

    /// The shell's basename (`bash` for `/bin/bash`).
    pub fn name(&self) -> &str {
        self.argv.first().map_or("", |a| basename(a))
    }
}

fn basename(p: &str) -> &str {
    let b = p.rsplit(['/', '\\']).next().unwrap_or(p);
    b.strip_suffix(".exe").unwrap_or(b)
}

/// Classifies an executable by name.
pub fn shell_kind_of(exe: &str) -> ShellKind {
    match basename(exe).to_ascii_lowercase().as_str() {
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox" => ShellKind::Posix,
        "powershell" | "pwsh" => ShellKind::PowerShell,
        "cmd" => ShellKind::Cmd,
        _ => ShellKind::Other,
    }
}

/// What a stage is built on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageBase {
    Scratch,
    /// An earlier stage, by index.
    Stage(usize),
    /// An image; `resolved` has build arguments expanded with their defaults.
    Image {
        raw: String,
        resolved: String,
        /// The reference depends on a build argument without a default.
        unknown: bool,
    },
    /// FROM without an image (a syntax error was reported).
    Missing,
}

/// One build stage: its FROM and the instructions up to the next FROM.
#[derive(Clone, Debug)]
pub struct Stage {
    pub index: usize,
    /// Index of the FROM instruction.
    pub from: usize,
    /// One past the stage's last instruction.
    pub end: usize,
    /// The `AS` name as written.
    pub name: Option<Spanned<String>>,
    pub base: StageBase,
    /// The base is a Windows image (or a stage built on one).
    pub windows: bool,
}

impl Stage {
    /// Instruction indices of the stage, FROM excluded.
    pub fn body(&self) -> std::ops::Range<usize> {
        self.from + 1..self.end
    }

    pub fn has_name(&self, name: &str) -> bool {
        self.name
            .as_ref()
            .is_some_and(|n| n.value.eq_ignore_ascii_case(name))
    }
}

/// Where a parsed script came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptSource {
    /// The shell-form text of the instruction.
    ShellForm,
    /// The exec-form array (one command, or the script of `sh -c`).
    ExecForm,
    /// The body of the instruction's heredoc with this index.
    Heredoc(usize),
}

/// A parsed script of one instruction.
#[derive(Debug)]
pub struct StageScript {
    /// The top-level instruction (for ONBUILD, the ONBUILD instruction).
    pub instruction: usize,
    /// Inside `ONBUILD`: runs in images built from this one.
    pub onbuild: bool,
    pub keyword: Keyword,
    pub source: ScriptSource,
    pub script: Script,
}

/// A reference to a stage, as written in `COPY --from` or `FROM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageRef {
    Stage(usize),
    /// Not a stage: an image reference.
    Image,
}

/// The semantic view of a Dockerfile, computed once after parsing.
#[derive(Debug, Default)]
pub struct Model {
    pub stages: Vec<Stage>,
    /// The stage of each instruction; `None` before the first FROM.
    pub stage_of: Vec<Option<usize>>,
    /// The shell in effect at each instruction.
    pub shell_at: Vec<usize>,
    pub shells: Vec<Shell>,
    pub scripts: Vec<StageScript>,
    /// Build arguments declared before the first FROM (BuildKit's meta
    /// arguments), with their defaults expanded; `None` when a default is
    /// absent or unknown.
    pub global_args: HashMap<String, Option<String>>,
    /// What reaches the final image, computed on first use.
    shipping: std::sync::OnceLock<super::shipping::Shipping>,
    /// The names the scripts' commands run under, computed on first use.
    command_names: std::sync::OnceLock<super::CommandNames>,
}

impl Model {
    pub fn new(df: &Dockerfile) -> Model {
        let n = df.instructions.len();
        let mut m = Model {
            stage_of: vec![None; n],
            shell_at: vec![0; n],
            shells: vec![Shell::default_for(false)],
            ..Model::default()
        };
        let globals = GlobalArgs::new(df);
        m.global_args = globals.vars.clone();
        // Each stage's shell at its end, for stages built on it.
        let mut stage_end_shell: Vec<usize> = Vec::new();
        let mut current_shell = 0usize;
        // `# hadolint shell=powershell` declares the shell of the base
        // images that follow it (and of the current stage).
        let mut declared_shell: Option<usize> = None;
        let mut comments = df
            .comments
            .iter()
            .filter(|c| !c.inside_instruction)
            .peekable();
        for (i, ins) in df.instructions.iter().enumerate() {
            while let Some(c) = comments.next_if(|c| c.span.start < ins.span.start) {
                if let Some(name) = shell_pragma(&c.text) {
                    m.shells.push(Shell {
                        kind: shell_kind_of(name),
                        argv: vec![name.to_string()],
                        instruction: None,
                    });
                    declared_shell = Some(m.shells.len() - 1);
                    current_shell = m.shells.len() - 1;
                }
            }
            if ins.keyword == Keyword::From {
                if let Some(last) = m.stages.last_mut() {
                    last.end = i;
                    stage_end_shell.push(current_shell);
                }
                let from = ins.from();
                let name = from.and_then(|f| f.alias.clone());
                let (base, windows) = match from.and_then(|f| f.image.as_ref()) {
                    None => (StageBase::Missing, false),
                    Some(img) => {
                        let e = globals.expand(&img.value, df.escape);
                        if let Some(s) = m.stages.iter().rposition(|s| s.has_name(&e.value)) {
                            (StageBase::Stage(s), m.stages[s].windows)
                        } else if ImageRef::parse(&e.value).is_scratch() {
                            (StageBase::Scratch, false)
                        } else {
                            let w = ImageRef::parse(&e.value).is_windows();
                            (
                                StageBase::Image {
                                    raw: img.value.clone(),
                                    resolved: e.value,
                                    unknown: e.unknown,
                                },
                                w,
                            )
                        }
                    }
                };
                current_shell = match base {
                    StageBase::Stage(s) => stage_end_shell[s],
                    StageBase::Image { .. } if declared_shell.is_some() => {
                        declared_shell.unwrap_or(0)
                    }
                    _ if windows => {
                        m.shells.push(Shell::default_for(true));
                        m.shells.len() - 1
                    }
                    _ => 0,
                };
                m.stages.push(Stage {
                    index: m.stages.len(),
                    from: i,
                    end: n,
                    name,
                    base,
                    windows,
                });
            }
            if let Some(s) = m.stages.last() {
                m.stage_of[i] = Some(s.index);
            }
            if ins.keyword == Keyword::Shell
                && let Some(Command::Exec(argv, _)) = ins.command()
                && !argv.is_empty()
            {
                m.shells.push(Shell::from_argv(argv, i));
                current_shell = m.shells.len() - 1;
            }
            m.shell_at[i] = current_shell;
            m.collect_scripts(df, i, ins, false);
            if let Some(inner) = ins.onbuild_inner() {
                m.collect_scripts(df, i, inner, true);
            }
        }
        m
    }

    fn collect_scripts(&mut self, df: &Dockerfile, i: usize, ins: &Instruction, onbuild: bool) {
        let Some(cmd) = ins.command() else {
            return;
        };
        if ins.keyword == Keyword::Shell {
            return;
        }
        let posix = self.shell(i).kind == ShellKind::Posix;
        let push = |m: &mut Model, source, script| {
            m.scripts.push(StageScript {
                instruction: i,
                onbuild,
                keyword: ins.keyword,
                source,
                script,
            })
        };
        match cmd {
            Command::Exec(argv, _) => {
                push(self, ScriptSource::ExecForm, shell::Script::from_argv(argv));
            }
            Command::Shell { text, map } => {
                if posix {
                    let dialect = shell::Dialect::of(self.shell(i).name());
                    push(
                        self,
                        ScriptSource::ShellForm,
                        shell::parse_dialect(text, map, dialect),
                    );
                }
            }
        }
        // Heredoc bodies that the shell runs as scripts.
        if ins.keyword != Keyword::Run || ins.heredocs.is_empty() {
            return;
        }
        let Command::Shell { text, .. } = cmd else {
            return;
        };
        let line = HeredocLine::new(text, df.escape);
        for (h, doc) in ins.heredocs.iter().enumerate() {
            if line.is_script(doc, posix) {
                push(
                    self,
                    ScriptSource::Heredoc(h),
                    shell::parse_dialect(
                        &doc.body,
                        &doc.body_map,
                        shell::Dialect::of(self.shell(i).name()),
                    ),
                );
            }
        }
    }

    pub fn shell(&self, instruction: usize) -> &Shell {
        &self.shells[self.shell_at.get(instruction).copied().unwrap_or(0)]
    }

    /// What of each stage reaches the final image (see
    /// [`super::shipping`]), computed once on first use.
    pub fn shipping(&self, df: &Dockerfile) -> &super::shipping::Shipping {
        self.shipping
            .get_or_init(|| super::shipping::Shipping::new(df, self))
    }

    /// Whether some script may run a command named one of `names` (a
    /// basename: the effective command's, or a word before it, such as the
    /// wrapper `sudo`). `false` is certain: a rule that looks only at
    /// commands of these names has nothing to look at.
    pub fn may_run(&self, names: &[&str]) -> bool {
        let known = self
            .command_names
            .get_or_init(|| super::CommandNames::of(self.scripts.iter().map(|s| &s.script)));
        names.iter().any(|n| known.may_hold(n))
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    pub fn stage_of(&self, instruction: usize) -> Option<&Stage> {
        self.stage_of
            .get(instruction)
            .copied()
            .flatten()
            .map(|s| &self.stages[s])
    }

    /// The stage and the stages it is built on, nearest first.
    pub fn chain(&self, stage: usize) -> impl Iterator<Item = &Stage> + '_ {
        let mut next = Some(stage);
        std::iter::from_fn(move || {
            let s = &self.stages[next?];
            next = match s.base {
                // A base stage always comes earlier, so this ends.
                StageBase::Stage(b) if b < s.index => Some(b),
                _ => None,
            };
            Some(s)
        })
    }

    /// The last instruction with this keyword in the stage or, failing that,
    /// in the stages it inherits from.
    pub fn last_inherited(&self, df: &Dockerfile, stage: usize, kw: Keyword) -> Option<usize> {
        self.chain(stage)
            .find_map(|s| s.body().rev().find(|&i| df.instructions[i].keyword == kw))
    }

    /// A stage by `--from` value: a name or an index.
    pub fn resolve_stage(&self, name: &str, before: usize) -> StageRef {
        if let Some(s) = self.stages[..before.min(self.stages.len())]
            .iter()
            .rposition(|s| s.has_name(name))
        {
            return StageRef::Stage(s);
        }
        match name.parse::<usize>() {
            Ok(n) if n < before => StageRef::Stage(n),
            _ => StageRef::Image,
        }
    }

    /// Scripts of one instruction.
    pub fn scripts_of(&self, instruction: usize) -> impl Iterator<Item = &StageScript> + '_ {
        self.scripts
            .iter()
            .filter(move |s| s.instruction == instruction)
    }

    /// The variables in scope at an instruction, for expanding its words.
    /// Costs a walk of the stage chain; to visit many instructions in
    /// order, use [`Model::scope_cursor`].
    pub fn scope_at(&self, df: &Dockerfile, instruction: usize) -> Scope {
        self.scope_cursor(df).at(instruction).clone()
    }

    /// A cursor giving the scope at instructions visited in increasing
    /// order in time linear in the file overall.
    pub fn scope_cursor<'a>(&'a self, df: &'a Dockerfile) -> ScopeCursor<'a> {
        ScopeCursor {
            model: self,
            df,
            stage: None,
            next: 0,
            scope: Scope::default(),
        }
    }

    /// Applies instruction `i` (an `ENV`, or an `ARG` of the current stage)
    /// to a scope.
    fn apply(&self, df: &Dockerfile, scope: &mut Scope, i: usize, args: bool) {
        let ins = &df.instructions[i];
        match ins.keyword {
            Keyword::Env => {
                for kv in ins.pairs() {
                    let v = kv.value.as_ref().map(|v| {
                        let e = scope.expand(&v.value, df.escape);
                        if e.unknown { None } else { Some(e.value) }
                    });
                    scope.vars.insert(kv.key.value.clone(), v.flatten());
                }
            }
            Keyword::Arg if args => {
                for kv in ins.pairs() {
                    let v = match &kv.value {
                        Some(v) => {
                            let e = scope.expand(&v.value, df.escape);
                            (!e.unknown).then_some(e.value)
                        }
                        None => self.global_args.get(&kv.key.value).cloned().flatten(),
                    };
                    scope.vars.insert(kv.key.value.clone(), v);
                }
            }
            _ => {}
        }
    }
}

/// See [`Model::scope_cursor`].
pub struct ScopeCursor<'a> {
    model: &'a Model,
    df: &'a Dockerfile,
    /// The stage `scope` belongs to, and the first instruction not applied.
    stage: Option<usize>,
    next: usize,
    scope: Scope,
}

impl ScopeCursor<'_> {
    /// The scope at an instruction (before it takes effect). Moving
    /// backwards, or to a FROM, recomputes from the stage's start.
    pub fn at(&mut self, instruction: usize) -> &Scope {
        let (m, df) = (self.model, self.df);
        let Some(stage) = m.stage_of(instruction) else {
            self.stage = None;
            self.scope.vars = m.global_args.clone();
            self.scope.closed = true;
            return &self.scope;
        };
        if df.instructions[instruction].keyword == Keyword::From {
            self.stage = None;
            self.scope.vars = m.global_args.clone();
            self.scope.closed = true;
            for p in PLATFORM_ARGS {
                self.scope.vars.entry(p.to_string()).or_insert(None);
            }
            return &self.scope;
        }
        if self.stage != Some(stage.index) || self.next > instruction {
            // ENV is inherited from base stages, oldest first; their ARGs
            // count while their ENV values are computed, but are not
            // inherited themselves.
            self.scope = Scope {
                // Without an image at the root, nothing but the Dockerfile
                // sets variables.
                closed: m
                    .chain(stage.index)
                    .last()
                    .is_some_and(|r| r.base == StageBase::Scratch),
                ..Scope::default()
            };
            let chain: Vec<&Stage> = m.chain(stage.index).skip(1).collect();
            for s in chain.iter().rev() {
                let mut own = self.scope.clone();
                for i in s.from + 1..s.end {
                    m.apply(df, &mut own, i, true);
                    if df.instructions[i].keyword == Keyword::Env {
                        for kv in df.instructions[i].pairs() {
                            let v = own.vars.get(&kv.key.value).cloned().flatten();
                            self.scope.vars.insert(kv.key.value.clone(), v);
                        }
                    }
                }
            }
            self.stage = Some(stage.index);
            self.next = stage.from + 1;
        }
        for i in self.next..instruction {
            m.apply(df, &mut self.scope, i, true);
        }
        self.next = self.next.max(instruction);
        &self.scope
    }
}

/// Variables and their values; `None` is declared but unknown.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub vars: HashMap<String, Option<String>>,
    /// No base image environment applies (before the first stage, in
    /// `FROM` lines, in stages rooted in `scratch`): an undeclared name
    /// expands to nothing instead of to an unknown value.
    pub closed: bool,
}

impl Scope {
    pub fn get(&self, name: &str) -> Var<'_> {
        match self.vars.get(name) {
            None => Var::Undefined,
            Some(None) => Var::Unknown,
            Some(Some(v)) => Var::Value(v),
        }
    }

    pub fn expand(&self, word: &str, escape: char) -> Expanded {
        expand(word, escape, &|n| match self.get(n) {
            Var::Undefined if self.closed => Var::Value(""),
            v => v,
        })
    }
}

/// ARGs declared before the first FROM, with their defaults.
struct GlobalArgs {
    vars: HashMap<String, Option<String>>,
}

impl GlobalArgs {
    fn new(df: &Dockerfile) -> GlobalArgs {
        let mut scope = Scope {
            closed: true,
            ..Scope::default()
        };
        for ins in &df.instructions {
            if ins.keyword == Keyword::From {
                break;
            }
            if ins.keyword == Keyword::Arg {
                for kv in ins.pairs() {
                    let v = kv.value.as_ref().and_then(|v| {
                        let e = scope.expand(&v.value, df.escape);
                        (!e.unknown).then_some(e.value)
                    });
                    scope.vars.insert(kv.key.value.clone(), v);
                }
            }
        }
        GlobalArgs { vars: scope.vars }
    }

    fn expand(&self, word: &str, escape: char) -> Expanded {
        // Before a stage there is no image environment: an undeclared
        // name is empty, as BuildKit expands it.
        expand(word, escape, &|n| match self.vars.get(n) {
            Some(Some(v)) => Var::Value(v),
            Some(None) => Var::Unknown,
            None if PLATFORM_ARGS.contains(&n) => Var::Unknown,
            None => Var::Value(""),
        })
    }
}

/// The shell named by hadolint's `# hadolint shell=<name>` pragma (the
/// comment's text after `#`).
fn shell_pragma(text: &str) -> Option<&str> {
    let r = text.strip_prefix("hadolint")?;
    if !r.starts_with([' ', '\t']) {
        return None;
    }
    let r = r.trim_start().strip_prefix("shell")?.trim_start();
    let name = r.strip_prefix('=')?.split_whitespace().next()?;
    Some(name)
}

/// The words of a RUN line that carries heredocs, indexed once so that a
/// line with thousands of markers costs linear time.
struct HeredocLine {
    words: Vec<String>,
    /// Delimiter -> index of the first marker word naming it.
    first_marker: HashMap<String, usize>,
    /// Words that do not start with `<<`.
    plain: usize,
    /// For each word, the nearest earlier word not starting with `-`.
    cmd_before: Vec<Option<usize>>,
}

impl HeredocLine {
    fn new(text: &str, escape: char) -> HeredocLine {
        let words: Vec<String> = super::args::split_words(text, escape)
            .into_iter()
            .map(|w| w.1)
            .collect();
        let mut first_marker = HashMap::new();
        let mut cmd_before = Vec::with_capacity(words.len());
        let mut last_cmd = None;
        for (i, w) in words.iter().enumerate() {
            cmd_before.push(last_cmd);
            if !w.starts_with('-') {
                last_cmd = Some(i);
            }
            let t = w.trim_start_matches(|c: char| c.is_ascii_digit());
            if let Some(r) = t.strip_prefix("<<") {
                let name = r.trim_start_matches('-').trim_matches(['"', '\'']);
                first_marker.entry(name.to_string()).or_insert(i);
            }
        }
        let plain = words.iter().filter(|w| !w.starts_with("<<")).count();
        HeredocLine {
            words,
            first_marker,
            plain,
            cmd_before,
        }
    }

    /// Whether a RUN heredoc body is a shell script: `RUN <<EOF` alone
    /// (unless a shebang names another interpreter), or the heredoc feeds a
    /// shell (`RUN bash <<EOF`).
    fn is_script(&self, doc: &super::Heredoc, posix: bool) -> bool {
        if let Some(first) = doc.body.lines().next()
            && let Some(shebang) = first.strip_prefix("#!")
        {
            let mut parts = shebang.split_whitespace();
            let exe = parts.next().unwrap_or("");
            let exe = if basename(exe) == "env" {
                parts.find(|p| !p.starts_with('-')).unwrap_or("")
            } else {
                exe
            };
            return shell_kind_of(exe) == ShellKind::Posix;
        }
        let Some(&at) = self.first_marker.get(doc.delimiter.as_str()) else {
            return false;
        };
        // Words other than the marker that are not markers themselves.
        let others = self.plain - usize::from(!self.words[at].starts_with("<<"));
        if others == 0 {
            return posix;
        }
        // `bash <<EOF`, `sh -e <<EOF`, `set -e; bash <<EOF` is rare enough.
        let cmd = self.cmd_before[at].map_or("", |i| self.words[i].as_str());
        shell_kind_of(cmd) == ShellKind::Posix
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    #[test]
    fn stages_and_inheritance() {
        let src = "ARG BASE=debian\nFROM ${BASE} AS base\nUSER app\nFROM base AS build\nRUN make\nFROM scratch\n";
        let df = parse(src);
        let m = Model::new(&df);
        assert_eq!(m.stages.len(), 3);
        assert!(
            matches!(&m.stages[0].base, StageBase::Image { resolved, .. } if resolved == "debian")
        );
        assert_eq!(m.stages[1].base, StageBase::Stage(0));
        assert_eq!(m.stages[2].base, StageBase::Scratch);
        assert_eq!(m.last_inherited(&df, 1, Keyword::User), Some(2));
        assert_eq!(m.last_inherited(&df, 2, Keyword::User), None);
    }

    #[test]
    fn windows_shell_and_shell_instruction() {
        let src = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Item x\nFROM alpine\nRUN ls\n";
        let df = parse(src);
        let m = Model::new(&df);
        assert_eq!(m.shell(1).kind, ShellKind::Cmd);
        assert_eq!(m.shell(3).kind, ShellKind::PowerShell);
        assert_eq!(m.shell(5).kind, ShellKind::Posix);
        // Only the POSIX RUN is parsed as a script.
        assert_eq!(m.scripts.len(), 1);
        assert_eq!(m.scripts[0].instruction, 5);
    }

    #[test]
    fn hadolint_shell_pragma_declares_the_base_shell() {
        let src = "# hadolint shell=powershell\nFROM example/win-base:1\nRUN Get-Item x\nFROM example/win-base:1 AS two\nRUN Get-Item y\nFROM two\nRUN z\n";
        let df = parse(src);
        let m = Model::new(&df);
        assert_eq!(m.shell(1).kind, ShellKind::PowerShell);
        assert_eq!(m.shell(3).kind, ShellKind::PowerShell);
        assert_eq!(m.shell(5).kind, ShellKind::PowerShell);
        assert!(m.scripts.is_empty());
        let df = parse("FROM alpine\n# hadolint shell=bash\nRUN ls\n");
        assert_eq!(Model::new(&df).shell(1).kind, ShellKind::Posix);
        assert_eq!(shell_pragma("hadolint shell = pwsh # c"), Some("pwsh"));
        assert_eq!(shell_pragma("hadolint ignore=DL3000"), None);
    }

    #[test]
    fn scope_cursor_matches_scope_at() {
        let src = "ARG G=g\nFROM alpine AS a\nENV A=1\nARG G\nENV B=$A$G\nFROM a\nARG X=$B\nENV C=$X\nUSER $C\nFROM scratch\nENV D=$A\n";
        let df = parse(src);
        let m = Model::new(&df);
        let mut c = m.scope_cursor(&df);
        for i in 0..df.instructions.len() {
            let mut want: Vec<_> = m.scope_at(&df, i).vars.into_iter().collect();
            let mut got: Vec<_> = c.at(i).vars.clone().into_iter().collect();
            want.sort();
            got.sort();
            assert_eq!(want, got, "instruction {i}");
        }
        assert_eq!(m.scope_at(&df, 8).expand("$C", '\\').value, "1g");
        // Going back works too.
        assert_eq!(c.at(4).get("B"), Var::Undefined);
    }

    #[test]
    fn scope_resolves_args_and_env() {
        let src = "ARG U=root\nFROM alpine\nARG U\nENV HOME=/home/$U\nUSER $U\n";
        let df = parse(src);
        let m = Model::new(&df);
        let s = m.scope_at(&df, 4);
        assert_eq!(s.expand("$U", '\\').value, "root");
        assert_eq!(s.expand("$HOME", '\\').value, "/home/root");
        // Without redeclaration a global ARG is not visible in the stage.
        let df = parse("ARG U=root\nFROM alpine\nUSER $U\n");
        let m = Model::new(&df);
        let s = m.scope_at(&df, 2);
        assert_eq!(s.get("U"), Var::Undefined);
    }

    #[test]
    fn many_heredocs_on_one_line_take_linear_time() {
        let n = 20_000;
        let src = format!("FROM x\nRUN {}\n{}", "<<A ".repeat(n), "A\n".repeat(n));
        let df = crate::dockerfile::parse(&src);
        let t = std::time::Instant::now();
        let m = Model::new(&df);
        // Quadratic work here took seconds (minutes in debug builds).
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        assert_eq!(m.scripts.len(), 1 + n);
    }

    #[test]
    fn heredoc_scripts() {
        let src = "FROM alpine\nRUN <<EOF\napk add openssh\nEOF\nRUN python3 <<EOF\nprint(1)\nEOF\nRUN bash <<EOF\nls\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nprint(2)\nEOF\n";
        let df = parse(src);
        let m = Model::new(&df);
        let heredoc_scripts: Vec<_> = m
            .scripts
            .iter()
            .filter(|s| matches!(s.source, ScriptSource::Heredoc(_)))
            .map(|s| s.instruction)
            .collect();
        assert_eq!(heredoc_scripts, [1, 3]);
    }
}
