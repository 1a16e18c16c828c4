//! Docker Compose files: interpolation, the service model, the project
//! (`include`, `extends`, overrides) over the spanned YAML of [`crate::yaml`].
//!
//! - [`interpolate`]: `${VAR:-default}` and friends, with offsets;
//! - [`layers`]: which files `docker compose` merges into one project;
//! - [`model`]: the typed model of one Compose file.

pub mod dotenv;
pub mod edit;
pub mod interpolate;
pub mod layers;
pub mod merge;
pub mod model;
pub mod project;
pub mod spec;
pub mod validate;

/// The YAML tree moved to [`crate::yaml`]; this path is kept for branches
/// written before the move.
pub use crate::yaml;

pub use model::{ComposeFile, parse_file};
pub use yaml::{Limits, LoadError};
