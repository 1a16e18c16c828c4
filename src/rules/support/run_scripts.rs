//! The scripts of a Dockerfile grouped by instruction, for rules that judge
//! a whole `RUN` (its shell-form text, heredoc bodies and `sh -c` strings
//! together): "does this RUN clean up after installing".

use crate::dockerfile::{Dockerfile, Instruction, Keyword, Model, StageScript};
use crate::shell::{Command, Script};

use super::run_mounts::run_instruction;

/// The scripts of one instruction.
#[derive(Clone, Copy, Debug)]
pub struct InstructionScripts<'a> {
    /// The top-level instruction index (the `ONBUILD` for `ONBUILD RUN`).
    pub instruction: usize,
    pub onbuild: bool,
    pub keyword: Keyword,
    pub scripts: &'a [StageScript],
}

impl<'a> InstructionScripts<'a> {
    /// Every command of every script of the instruction, in order.
    pub fn commands(self) -> impl Iterator<Item = &'a Command> + 'a {
        self.scripts.iter().flat_map(|s| s.script.commands.iter())
    }

    /// The instruction that carries the flags (`--mount`): the RUN itself or
    /// the one inside `ONBUILD`.
    pub fn run_instruction(&self, df: &'a Dockerfile) -> Option<&'a Instruction> {
        run_instruction(df, self.instruction, self.onbuild)
    }
}

/// Scripts grouped by instruction, in file order. The model lists scripts in
/// instruction order, so this is one pass.
pub fn by_instruction(model: &Model) -> impl Iterator<Item = InstructionScripts<'_>> {
    model
        .scripts
        .chunk_by(|a, b| a.instruction == b.instruction && a.onbuild == b.onbuild)
        .map(|g| InstructionScripts {
            instruction: g[0].instruction,
            onbuild: g[0].onbuild,
            keyword: g[0].keyword,
            scripts: g,
        })
}

/// The scripts of `RUN` instructions (including `ONBUILD RUN`), grouped.
pub fn runs(model: &Model) -> impl Iterator<Item = InstructionScripts<'_>> {
    by_instruction(model).filter(|g| g.keyword == Keyword::Run)
}

/// Every command of every `RUN` script, with its group.
pub fn run_commands(model: &Model) -> impl Iterator<Item = (InstructionScripts<'_>, &Command)> {
    runs(model).flat_map(|g| g.commands().map(move |c| (g, c)))
}

/// Every command of every script (`RUN`, `CMD`, `ENTRYPOINT`,
/// `HEALTHCHECK`), with its group.
pub fn all_commands(model: &Model) -> impl Iterator<Item = (InstructionScripts<'_>, &Command)> {
    by_instruction(model).flat_map(|g| g.commands().map(move |c| (g, c)))
}

/// Whether the files an instruction of a script group leaves behind reach
/// the final image: its stage ships whole, or everything in it may be
/// copied out (see [`crate::dockerfile::shipping`]). `ONBUILD` triggers run
/// in a child image, so they always count.
pub fn in_shipped_stage(df: &Dockerfile, model: &Model, g: &InstructionScripts) -> bool {
    g.onbuild
        || model
            .stage_of(g.instruction)
            .is_none_or(|s| model.shipping(df).whole(s.index))
}

/// The command that feeds command `idx` through a pipe, if any.
pub fn prev_in_pipeline(script: &Script, idx: usize) -> Option<&Command> {
    let pos = script.commands.get(idx)?.pipeline?;
    if pos.index == 0 {
        return None;
    }
    script.commands[..idx].iter().rev().find(|c| {
        c.pipeline
            .is_some_and(|p| p.id == pos.id && p.index + 1 == pos.index)
    })
}

/// Whether command `idx` reads the answers of `yes` (`yes | apt-get install x`).
pub fn answered_by_yes(script: &Script, idx: usize) -> bool {
    prev_in_pipeline(script, idx).is_some_and(|c| c.effective().name_str() == Some("yes"))
}
