//! A literal credential in `environment` or on a command line.

use std::collections::BTreeMap;

use crate::compose::model::{EnvVar, Service};
use crate::rules::prelude::*;
use crate::rules::support::commands::{command_script, healthcheck_script};
use crate::rules::support::secrets::{
    is_credential_key, is_credential_value, literal_credential, variable_parts, variable_site,
};
use crate::shell::Script;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DC131",
    name: "hardcoded-secret",
    kind: Compose,
    severity: Error,
    summary: "a service has a literal credential in its environment or command line",
    origins: [compose_lint("CL-0020")],
};

/// Programs whose `-pSECRET` is a password.
const MYSQL: [&str; 10] = [
    "mysql", "mysqladmin", "mysqlcheck", "mysqldump", "mysqlsh", "mysqlshow", "mariadb",
    "mariadb-admin", "mariadb-check", "mariadb-dump",
];

/// Option names that take a password without saying so.
const PASSWORD_FLAGS: [&str; 2] = ["REQUIREPASS", "MASTERAUTH"];

/// A command-line value that is a literal: not empty, no variable, not a
/// path to a file holding the secret.
fn literal_arg(v: &str) -> bool {
    let v = v.trim();
    !v.is_empty()
        && !v.contains('$')
        && !v.contains(crate::compose::interpolate::UNKNOWN)
        && !["/", "./", "../", "~/"].iter().any(|p| v.starts_with(p))
        && !["yes", "no", "true", "false", "0", "1", "on", "off"]
            .iter()
            .any(|f| v.eq_ignore_ascii_case(f))
}

fn credential_flag(name: &str) -> bool {
    let k = name.trim_start_matches('-').replace(['-', '.'], "_").to_ascii_uppercase();
    is_credential_key(&k) || PASSWORD_FLAGS.iter().any(|p| k.contains(p))
}

/// A credential committed in a `.env` file, and the services that use it.
struct EnvCredential {
    file: String,
    var: String,
    /// (service, key, where the key's value is written)
    uses: Vec<(String, String, Span)>,
}

fn env(
    cx: &ComposeContext,
    svc: &Service,
    vars: &[EnvVar],
    what: &str,
    out: &mut Diagnostics,
    from_env: &mut BTreeMap<Span, EnvCredential>,
) {
    for e in vars {
        let Some(v) = &e.value else { continue };
        if !is_credential_key(&e.key.value) {
            continue;
        }
        if literal_credential(&e.key.value, v).is_some() {
            out.report(
                &META,
                v.span,
                format!("service `{}` sets `{}` to a literal credential in {what}", svc.name.value, e.key.value),
            )
            .help("pass it as a secret (`secrets:`, read from `/run/secrets/...`), or leave it to a variable without a default (`${DB_PASSWORD:?}`) set at deploy time");
        }
        // A part of the value that comes from the project's `.env`: if
        // that file commits a credential, the finding is there.
        let text = v.resolved_text();
        for (var, part, _) in variable_parts(v, 0..text.len()) {
            let value = &text[part];
            if !is_credential_value(&e.key.value, value) {
                continue;
            }
            let Some((site, file, var)) = variable_site(cx, &var, value, 0..value.len()) else {
                continue;
            };
            from_env
                .entry(site)
                .or_insert_with(|| EnvCredential {
                    file,
                    var,
                    uses: Vec::new(),
                })
                .uses
                .push((svc.name.value.clone(), e.key.value.clone(), v.span));
        }
    }
}

fn report_env(from_env: BTreeMap<Span, EnvCredential>, out: &mut Diagnostics) {
    for (site, c) in from_env {
        let (svc, key, _) = &c.uses[0];
        let d = out.report(
            &META,
            site,
            format!(
                "`{}` sets `{}` to a literal credential, which service `{svc}` uses as `{key}`",
                c.file, c.var
            ),
        );
        d.help(format!("keep `{}` out of the repository (commit an example without values), or pass the credential as a secret", c.file));
        for (svc, key, span) in &c.uses {
            d.label(*span, format!("service `{svc}` uses it as `{key}`"));
        }
    }
}

fn argv(svc: &Service, script: &Script, what: &str, out: &mut Diagnostics) {
    let mut report = |span: Span, name: &str| {
        out.report(
            &META,
            span,
            format!("service `{}` passes a literal credential (`{name}`) on the command line in `{what}`", svc.name.value),
        )
        .help("read it from a secret file or an environment variable set at deploy time; command lines are visible in `docker inspect` and `ps`");
    };
    for cmd in &script.commands {
        for a in &cmd.assignments {
            if is_credential_key(&a.name) && literal_arg(&a.value.text) {
                report(a.value.span, &a.name);
            }
        }
        let prog = cmd
            .words
            .first()
            .map(|w| w.text.rsplit('/').next().unwrap_or(""))
            .unwrap_or("");
        let mut words = cmd.words.iter().skip(1).peekable();
        while let Some(w) = words.next() {
            let t = w.text.as_str();
            if MYSQL.contains(&prog)
                && let Some(pw) = t.strip_prefix("-p")
                && !pw.starts_with('-')
                && literal_arg(pw)
            {
                report(w.span, "-p");
                continue;
            }
            if t.starts_with('-') {
                match t.split_once('=') {
                    Some((flag, value)) => {
                        if credential_flag(flag) && literal_arg(value) {
                            report(w.span, flag);
                        }
                    }
                    None => {
                        if credential_flag(t)
                            && let Some(next) = words.peek()
                            && !next.text.starts_with('-')
                            && literal_arg(&next.text)
                        {
                            report(next.span, t);
                            words.next();
                        }
                    }
                }
            } else if let Some((key, value)) = t.split_once('=')
                && !key.is_empty()
                && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && is_credential_key(key)
                && literal_arg(value)
            {
                report(w.span, key);
            }
        }
    }
}

pub fn check(cx: &ComposeContext, out: &mut Diagnostics) {
    let mut from_env = BTreeMap::new();
    for svc in &cx.compose.services {
        env(cx, svc, &svc.environment, "`environment`", out, &mut from_env);
        for h in svc.post_start.iter().chain(&svc.pre_stop) {
            env(
                cx,
                svc,
                &h.environment,
                "a lifecycle hook's `environment`",
                out,
                &mut from_env,
            );
            if let Some(c) = &h.command {
                argv(svc, &command_script(c), "hook command", out);
            }
        }
        if let Some(c) = &svc.command {
            argv(svc, &command_script(c), "command", out);
        }
        if let Some(c) = &svc.entrypoint {
            argv(svc, &command_script(c), "entrypoint", out);
        }
        if let Some(t) = svc.healthcheck.as_ref().and_then(|h| h.test.as_ref()) {
            argv(svc, &healthcheck_script(t), "healthcheck.test", out);
        }
    }
    report_env(from_env, out);
}
