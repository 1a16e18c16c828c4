//! Docker Compose files: spanned YAML, interpolation and the service model.
//!
//! - [`yaml`]: a spanned YAML tree with merge keys resolved, bounded alias
//!   expansion and nesting;
//! - [`interpolate`]: `${VAR:-default}` and friends, with offsets;
//! - [`model`]: the typed model of one Compose file.

pub mod dotenv;
pub mod interpolate;
pub mod merge;
pub mod model;
pub mod project;
pub mod spec;
pub mod validate;
pub mod yaml;

#[cfg(test)]
mod testutil;

pub use model::{ComposeFile, parse_file};
pub use yaml::{Limits, LoadError};
