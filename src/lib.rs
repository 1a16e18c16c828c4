//! dockward: a security linter for Dockerfiles and Docker Compose files.

pub mod compose;
pub mod dockerfile;
pub mod shell;
pub mod source;
pub mod suggest;
