//! dockward: a security linter for Dockerfiles and Docker Compose files.
//!
//! The pipeline: [`discover`] finds files, [`lint`] parses them
//! ([`dockerfile`], [`compose`], [`shell`]) and runs the [`rules`], applying
//! [`suppress`]ions and [`config`]; [`render`] prints the result, and
//! [`fix`] applies the fixes rules attach (writing through [`writer`]).

pub mod cli;
pub mod compose;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod dockerfile;
pub mod escape;
pub mod fix;
pub mod git;
pub mod hadolint;
pub mod image;
pub mod init;
pub mod invariants;
pub mod lint;
pub mod meta;
pub mod outfile;
pub mod outline;
pub mod paths;
pub mod pragma;
pub mod reader;
pub mod redact;
pub mod related;
pub mod render;
pub mod rules;
pub mod server;
pub mod shell;
pub mod shellcheck;
pub mod source;
pub mod suggest;
pub mod suppress;
#[cfg(test)]
mod testutil;
pub mod yaml;
