//! Language package managers: what `pip`, `npm`, `gem` and `go` install,
//! and whether each operand names a version.

use crate::shell::{CommandView, Word};

/// A language package manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangManager {
    /// `pip`, `pip3`, `pip3.12`, `python -m pip`, `pipx`.
    Pip,
    /// `npm install|i|add`.
    Npm,
    /// `yarn add`, `yarn global add`.
    Yarn,
    /// `gem install`.
    Gem,
    /// `go install|get|run`.
    Go,
}

/// An install command of a language package manager.
#[derive(Clone, Debug)]
pub struct LangInstall<'a> {
    pub manager: LangManager,
    /// How the tool is invoked: `pip3`, `python3 -m pip`, `npm`, ...
    pub tool: String,
    pub view: CommandView<'a>,
    /// The subcommand word (`install`).
    pub sub: &'a Word,
    /// Arguments after the subcommand (options included), for flag checks.
    pub args: &'a [Word],
    /// Operands naming packages, option values excluded.
    pub packages: Vec<&'a Word>,
    /// Every operand is pinned by other means (`pip -c constraints.txt`,
    /// `gem install -v 1.2`).
    pub pinned_by_option: bool,
}

const PIP_VALUE_OPTS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--no-binary",
    "--only-binary",
    "--progress-bar",
    "--proxy",
    "--trusted-host",
    "--upgrade-strategy",
    "-b",
    "--build",
    "--cert",
    "--client-cert",
    "--cache-dir",
    "--log",
    "--timeout",
    "--retries",
    "--exists-action",
    "-C",
    "--config-settings",
    "--global-option",
    "--install-option",
    "--report",
    "--python",
    "--keyring-provider",
    "--use-feature",
    "--use-deprecated",
    "--root-user-action",
    "--log-file",
    "--local-log",
    "--group",
    "--resume-retries",
    "-d",
    "--dest",
];

const NPM_VALUE_OPTS: &[&str] = &[
    "--prefix",
    "--registry",
    "--cache",
    "-w",
    "--workspace",
    "--tag",
    "--userconfig",
    "--globalconfig",
    "--loglevel",
    "--omit",
    "--include",
    "--install-strategy",
    "--location",
    "--before",
    "--cwd",
    "--modules-folder",
    "--network-timeout",
    "--mutex",
    "--cache-folder",
    "--save-prefix",
    "--cpu",
    "--os",
    "--libc",
    "--script-shell",
    "--fetch-retries",
    "--fetch-timeout",
    "--fetch-retry-mintimeout",
    "--fetch-retry-maxtimeout",
    "--maxsockets",
    "--proxy",
    "--https-proxy",
    "--noproxy",
    "--ca",
    "--cafile",
    "--cert",
    "--key",
    "--scope",
    "--otp",
    "--auth-type",
    "--audit-level",
    "--node-options",
    "--lockfile-version",
    "--network-concurrency",
    "--preferred-cache-folder",
    "--global-folder",
    "--link-folder",
    "--use-yarnrc",
];

const GEM_VALUE_OPTS: &[&str] = &[
    "-v",
    "--version",
    "-s",
    "--source",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "-P",
    "--trust-policy",
    "--platform",
    "-p",
    "--http-proxy",
    "-g",
    "--file",
    "--build-root",
    "--target-rbconfig",
    "--without",
    "--config-file",
    "-B",
    "--bulk-threshold",
    "--extension-dir",
];

const GO_VALUE_OPTS: &[&str] = &[
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-gccgoflags",
    "-tags",
    "-o",
    "-mod",
    "-modfile",
    "-p",
    "-pkgdir",
    "-buildmode",
    "-compiler",
    "-installsuffix",
    "-overlay",
    "-pgo",
    "-exec",
    "-toolexec",
    "-C",
    "-covermode",
    "-coverpkg",
];

/// `pip`, `pip3`, `pip3.12`.
fn is_pip_name(name: &str) -> bool {
    name.strip_prefix("pip")
        .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// `python`, `python3`, `python3.12`.
fn is_python_name(name: &str) -> bool {
    name.strip_prefix("python")
        .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// The words of a pip invocation after `pip`: `pip3 install x` and
/// `python3 -m pip install x` both give `install x`.
fn pip_args<'a>(v: &CommandView<'a>) -> Option<(String, &'a [Word])> {
    let name = v.name_str()?;
    if is_pip_name(name) || name == "pipx" {
        return Some((name.to_string(), v.args));
    }
    if is_python_name(name) {
        let i = v.args.iter().position(|w| w.text == "-m")?;
        // Only interpreter flags may come before `-m`.
        if !v.args[..i].iter().all(|w| w.text.starts_with('-')) {
            return None;
        }
        let module = v.args.get(i + 1)?;
        if module.text == "pip" || module.text == "pipx" {
            return Some((format!("{name} -m {}", module.text), &v.args[i + 2..]));
        }
    }
    None
}

/// The arguments of a command after skipping leading options, as
/// `(subcommand index, subcommand word)`.
fn first_operand<'a>(args: &'a [Word], takes_value: &[&str]) -> Option<(usize, &'a Word)> {
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let t = w.text.as_str();
        if !t.starts_with('-') || t == "-" {
            return Some((i, w));
        }
        i += 1;
        if !t.contains('=') && takes_value.contains(&t) {
            i += 1;
        }
    }
    None
}

/// Operands of `args`, skipping options and the values of `takes_value`
/// options (`--opt value`; `--opt=value` and `-ovalue` are one word).
/// After `--`, words are operands, or with `build_flags_after_dd` (`gem
/// install x -- --with-pg-config=...`) the build flags of what is installed.
fn operands<'a>(
    args: &'a [Word],
    takes_value: &[&str],
    build_flags_after_dd: bool,
) -> Vec<&'a Word> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut after_dd = false;
    while let Some(w) = args.get(i) {
        i += 1;
        let t = w.text.as_str();
        if after_dd {
            out.push(w);
            continue;
        }
        if t == "--" {
            if build_flags_after_dd {
                break;
            }
            after_dd = true;
            continue;
        }
        if t.starts_with('-') && t.len() > 1 {
            if !t.contains('=') && takes_value.contains(&t) {
                i += 1;
            }
            continue;
        }
        out.push(w);
    }
    out
}

fn has_any(args: &[Word], names: &[&str]) -> bool {
    args.iter().any(|w| {
        let t = w.text.as_str();
        names
            .iter()
            .any(|n| t == *n || (t.starts_with(n) && t[n.len()..].starts_with('=')))
    })
}

/// Recognises `pip install`, `npm install`, `yarn add`, `gem install` and
/// `go install|get|run`.
pub fn lang_install<'a>(v: &CommandView<'a>) -> Option<LangInstall<'a>> {
    let name = v.name_str()?;
    if !matches!(name.as_bytes().first(), Some(b'p' | b'n' | b'y' | b'g')) {
        return None;
    }
    if let Some((tool, args)) = pip_args(v) {
        let (i, sub) = first_operand(args, PIP_VALUE_OPTS)?;
        if sub.text != "install" {
            return None;
        }
        let rest = &args[i + 1..];
        return Some(LangInstall {
            manager: LangManager::Pip,
            tool,
            view: *v,
            sub,
            args: rest,
            packages: operands(rest, PIP_VALUE_OPTS, false),
            pinned_by_option: has_any(rest, &["-c", "--constraint"]),
        });
    }
    let (manager, value_opts, subs): (LangManager, &[&str], &[&str]) = match name {
        "npm" => (
            LangManager::Npm,
            NPM_VALUE_OPTS,
            &["install", "i", "add", "isntall"],
        ),
        "yarn" => (LangManager::Yarn, NPM_VALUE_OPTS, &["add"]),
        "gem" => (LangManager::Gem, GEM_VALUE_OPTS, &["install", "i"]),
        "go" => (LangManager::Go, GO_VALUE_OPTS, &["install", "get", "run"]),
        _ => return None,
    };
    let (mut i, mut sub) = first_operand(v.args, value_opts)?;
    if manager == LangManager::Yarn && sub.text == "global" {
        let (j, s) = first_operand(&v.args[i + 1..], value_opts)?;
        i += 1 + j;
        sub = s;
    }
    if !subs.contains(&sub.text.as_str()) {
        return None;
    }
    let rest = &v.args[i + 1..];
    let mut packages = operands(rest, value_opts, manager == LangManager::Gem);
    if manager == LangManager::Go && sub.text == "run" {
        // `go run pkg@v args...`: only the first operand is a package.
        packages.truncate(1);
    }
    let pinned_by_option = manager == LangManager::Gem && has_any(rest, &["-v", "--version"]);
    Some(LangInstall {
        manager,
        tool: name.to_string(),
        view: *v,
        sub,
        args: rest,
        packages,
        pinned_by_option,
    })
}

const VCS_PREFIXES: &[&str] = &["git+", "hg+", "svn+", "bzr+", "git://"];

/// Whether a pip requirement names a version: a specifier (`==`, `>=`,
/// `~=`, `<`, ...), a VCS URL with `@ref`, a local path or archive.
pub fn pip_pinned(t: &str) -> bool {
    if VCS_PREFIXES.iter().any(|p| t.starts_with(p)) {
        let last = t.rsplit('/').next().unwrap_or(t);
        return last.contains('@');
    }
    if t.contains(['=', '<', '>', '@']) {
        return true;
    }
    // Local projects, paths, archives and URLs name one version.
    t.starts_with(['.', '/', '~'])
        || t.contains('/')
        || [".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2"]
            .iter()
            .any(|s| t.ends_with(s))
}

/// Whether an npm package spec names a version: `name@1.2.3`, `@scope/name@^2`,
/// a git URL with `#ref`, a tarball or a folder. Dist-tags such as
/// `@latest` move, so they are not versions.
pub fn npm_pinned(t: &str) -> bool {
    if ["git:", "git+", "github:", "gitlab:", "bitbucket:"]
        .iter()
        .any(|p| t.starts_with(p))
    {
        return t.contains('#');
    }
    if [".tgz", ".tar", ".tar.gz"].iter().any(|s| t.ends_with(s))
        || ["/", "./", "../", "~/", "file:", "http:", "https:"]
            .iter()
            .any(|p| t.starts_with(p))
    {
        return true;
    }
    let unscoped = match t.strip_prefix('@') {
        Some(r) => r.split_once('/').map_or(r, |(_, n)| n),
        None => t,
    };
    match unscoped.split_once('@') {
        Some((_, v)) => is_version_range(v),
        // `user/repo` is a GitHub shorthand without a ref.
        None => false,
    }
}

/// A semver version or range (`1.2.3`, `^1`, `~1.2`, `>=1 <2`, `1.x`,
/// `v2`), as opposed to a dist-tag (`latest`, `next`) or `*`.
fn is_version_range(v: &str) -> bool {
    let v = v.trim_start_matches(['=', 'v', ' ']);
    v.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '^' | '~' | '<' | '>'))
}

/// Whether a gem operand names a version: `rails:7.1.0`.
pub fn gem_pinned(t: &str) -> bool {
    t.contains(':') || t.ends_with(".gem") || t.starts_with(['.', '/'])
}

/// Whether a go package operand names a version: `pkg@v1.2.3` (not a
/// moving query such as `@latest` or `@none`), or is local (`./cmd`, `.`,
/// `main.go`, or a path whose first element has no dot: the standard
/// library or the main module).
pub fn go_pinned(t: &str) -> bool {
    if t.starts_with(['.', '/']) || t.ends_with(".go") {
        return true;
    }
    let (path, version) = match t.rsplit_once('@') {
        Some((p, v)) => (p, Some(v)),
        None => (t, None),
    };
    if !first_elem_has_dot(path) {
        return true;
    }
    version.is_some_and(|v| {
        !matches!(
            v,
            "latest" | "none" | "upgrade" | "patch" | "master" | "main" | "HEAD"
        )
    })
}

fn first_elem_has_dot(t: &str) -> bool {
    t.split('/').next().is_some_and(|e| e.contains('.'))
}

/// Whether the operand should be judged at all: not an expansion.
pub fn judged(w: &Word) -> bool {
    !w.dynamic && !w.text.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pip_specs() {
        for t in [
            "foo==1",
            "foo>=1",
            "foo~=1.2",
            "./x.whl",
            ".",
            ".[dev]",
            "git+https://github.com/a/b@v1",
            "/src/pkg",
            "https://x/y.tar.gz",
        ] {
            assert!(pip_pinned(t), "{t}");
        }
        for t in [
            "foo",
            "foo[bar]",
            "git+https://github.com/a/b",
            "git+ssh://git@github.com/a/b",
        ] {
            assert!(!pip_pinned(t), "{t}");
        }
    }

    #[test]
    fn npm_specs() {
        for t in [
            "foo@1.2.3",
            "@s/foo@^2",
            "foo@~1",
            "git+https://x/y#v1",
            "./dir",
            "x.tgz",
            "foo@v2",
        ] {
            assert!(npm_pinned(t), "{t}");
        }
        for t in [
            "foo",
            "@s/foo",
            "foo@latest",
            "npm@next",
            "git+https://x/y",
            "a/b",
            "foo@*",
        ] {
            assert!(!npm_pinned(t), "{t}");
        }
    }

    #[test]
    fn go_specs() {
        for t in [
            "github.com/a/b@v1.2.3",
            "./cmd/...",
            ".",
            "main.go",
            "cmd/tool",
        ] {
            assert!(go_pinned(t), "{t}");
        }
        for t in [
            "github.com/a/b",
            "github.com/a/b@latest",
            "golang.org/x/tools/cmd/goimports@none",
        ] {
            assert!(!go_pinned(t), "{t}");
        }
    }
}
