//! An account password set (or removed) while building the image.

use crate::rules::prelude::*;
use crate::rules::support::run_scripts::{by_instruction, prev_in_pipeline};

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF107",
    name: "account-password-set",
    kind: Dockerfile,
    severity: Error,
    summary: "a build step sets or removes an account password",
    origins: [checkov("CKV2_DOCKER_17")],
};

const HELP: &str = "leave accounts without a usable password (`passwd -l`); use `docker exec` to get a shell, and pass real credentials at run time as secrets";

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let model = cx.model();
    let shipping = model.shipping(cx.df());
    for g in by_instruction(model) {
        // The password lands in `/etc/shadow` of the stage: it matters when
        // that file reaches the final image.
        let ships = g.onbuild
            || model
                .stage_of(g.instruction)
                .is_none_or(|s| shipping.ships(s.index, Some("/etc/shadow")));
        if !ships {
            continue;
        }
        for s in g.scripts {
            for (idx, cmd) in s.script.commands.iter().enumerate() {
                let v = cmd.effective();
                let (Some(name), Some(word)) = (v.name_str(), v.name) else {
                    continue;
                };
                let message = match name {
                    "chpasswd" | "chgpasswd" => {
                        format!("`{name}` sets a password that is stored, hashed, in the image")
                    }
                    "passwd" => {
                        if v.has_flag(&['d'], &["delete"]) {
                            "`passwd -d` removes the account's password, so it logs in without one".to_string()
                        } else if v.has_flag(&[], &["stdin"])
                            || prev_in_pipeline(&s.script, idx).is_some()
                        {
                            "`passwd` sets a password that is stored, hashed, in the image".to_string()
                        } else {
                            continue;
                        }
                    }
                    "useradd" | "usermod" | "adduser" => {
                        let mut args = v.args.iter();
                        let mut value = None;
                        while let Some(w) = args.next() {
                            if w.text == "-p" || w.text == "--password" {
                                value = args.next().map(|x| x.text.as_str());
                            } else if let Some(p) = w.text.strip_prefix("--password=") {
                                value = Some(p);
                            }
                        }
                        match value {
                            // `*` and `!` lock the account.
                            Some(p) if !p.is_empty() && !p.starts_with(['*', '!']) => {
                                format!("`{name} --password` sets a password that is stored in the image")
                            }
                            Some("") => format!("`{name} --password ''` leaves the account without a password"),
                            _ => continue,
                        }
                    }
                    _ => continue,
                };
                out.report(&META, word.span, message).help(HELP);
            }
        }
    }
}
