//! Docker Compose files: spanned YAML, interpolation and the service model.

pub mod interpolate;
pub mod yaml;
