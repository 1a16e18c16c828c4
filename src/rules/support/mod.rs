//! Knowledge several rules share, one topic per module. Rules import from
//! `crate::rules::support` directly; the topics are re-exported here.

pub mod base_images;
pub mod caches;
pub mod capabilities;
pub mod commands;
pub mod copy_sources;
pub mod daemon;
pub mod dockerignore;
pub mod downloads;
pub mod env_vars;
pub mod expose_words;
pub mod file_writes;
pub mod fix_value;
pub mod host_paths;
pub mod image_paths;
pub mod image_tags;
pub mod image_users;
pub mod label_schema;
pub mod lang_packages;
pub mod limits;
pub mod modes;
pub mod ordering;
pub mod packages;
pub mod pinning;
pub mod placeholders;
pub mod ports;
pub mod problems;
pub mod prompts;
pub mod run_mounts;
pub mod run_scripts;
pub mod run_secrets;
pub mod secret_names;
pub mod secrets;
pub mod service_fixes;
pub mod settings;
pub mod users;
pub mod var_refs;

pub use daemon::{dockerd_tcp_host, is_docker_socket};
pub use limits::{Limit, judge_limit, parse_bytes};
pub use modes::{ModeEffect, mode_effect, mode_text, mode_word};
pub use packages::{
    Action, Install, Manager, PackageCommand, package_command, package_command_of, package_install,
    package_name, package_pinned, tools_of,
};
pub use ports::{
    AllowedPorts, ExposedPort, PortRange, approved_ports, exposed_ports, parse_port_range,
};
pub use problems::report_problems;
pub use users::is_root_user;
