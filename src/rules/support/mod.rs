//! Knowledge several rules share, one topic per module. Rules import from
//! `crate::rules::support` directly; the topics are re-exported here.

pub mod caches;
pub mod daemon;
pub mod downloads;
pub mod env_vars;
pub mod file_writes;
pub mod lang_packages;
pub mod limits;
pub mod modes;
pub mod packages;
pub mod pinning;
pub mod ports;
pub mod prompts;
pub mod run_mounts;
pub mod run_scripts;
pub mod secrets;
pub mod users;

pub use daemon::{dockerd_tcp_host, is_docker_socket};
pub use limits::{Limit, judge_limit, parse_bytes};
pub use modes::{ModeEffect, mode_effect, mode_text, mode_word};
pub use packages::{
    Action, Install, Manager, PackageCommand, package_command, package_command_of, package_install,
    package_name, package_pinned,
};
pub use ports::{AllowedPorts, ExposedPort, PortRange, exposed_ports, parse_port_range};
pub use users::is_root_user;
