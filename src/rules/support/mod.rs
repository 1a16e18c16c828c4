//! Knowledge several rules share, one topic per module. Rules import from
//! `crate::rules::support` directly; the topics are re-exported here.

pub mod capabilities;
pub mod commands;
pub mod daemon;
pub mod host_paths;
pub mod limits;
pub mod modes;
pub mod ordering;
pub mod packages;
pub mod ports;
pub mod problems;
pub mod secrets;
pub mod settings;
pub mod users;

pub use daemon::{dockerd_tcp_host, is_docker_socket};
pub use limits::{Limit, judge_limit, parse_bytes};
pub use modes::{ModeEffect, mode_effect, mode_text, mode_word};
pub use packages::{Install, Manager, package_install, package_name};
pub use ports::{AllowedPorts, ExposedPort, PortRange, exposed_ports, parse_port_range};
pub use problems::report_problems;
pub use users::is_root_user;

// Dockerfile instruction, stage and BuildKit rules (df-stage).
pub mod base_images;
pub mod copy_sources;
pub mod dockerignore;
pub mod expose_words;
pub mod image_paths;
pub mod label_schema;
pub mod secret_names;
pub mod var_refs;
