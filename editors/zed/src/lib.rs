//! Zed extension: starts `dockward server` (from `PATH`) for Dockerfiles
//! and YAML files; the server lints the YAML files that are Compose files.

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Dockward;

impl zed::Extension for Dockward {
    fn new() -> Self {
        Dockward
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree.which("dockward").ok_or_else(|| {
            "dockward is not on PATH: install it (cargo install --path . in the dockward repository)"
                .to_string()
        })?;
        Ok(zed::Command {
            command,
            args: vec!["server".into()],
            env: Vec::new(),
        })
    }
}

zed::register_extension!(Dockward);
