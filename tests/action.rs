//! The GitHub Action, run locally: a small runner reads `action.yml`,
//! evaluates its `${{ inputs.* }}` / `${{ steps.*.outputs.* }}` expressions
//! and `if:` conditions, runs each shell step with bash in a simulated
//! `GITHUB_*` environment (per-step `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`,
//! `GITHUB_PATH` files, `GITHUB_ACTION_PATH`, `RUNNER_TEMP`), records `uses:`
//! steps instead of running them, and resolves the action's outputs. The
//! tests check the annotations, the job summary, the outputs, the SARIF
//! handed to the upload step, and the job's result.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

/// action.yml as JSON, read with dockward's own YAML loader (scalars
/// resolved by the YAML 1.2 core schema, as GitHub reads them).
fn action() -> Value {
    use dockward::yaml::{Limits, Node, ScalarKind, load};
    fn json(n: &Node) -> Value {
        if let Some(seq) = n.as_seq() {
            return Value::Array(seq.iter().map(json).collect());
        }
        if let Some(map) = n.as_map() {
            return Value::Object(
                map.iter()
                    .map(|e| {
                        (
                            e.key.as_str().unwrap_or_default().to_string(),
                            json(&e.value),
                        )
                    })
                    .collect(),
            );
        }
        let text = n.as_str().unwrap_or_default();
        match n.scalar_kind() {
            Some(ScalarKind::Null) | None => Value::Null,
            Some(ScalarKind::Bool) => Value::Bool(text.eq_ignore_ascii_case("true")),
            Some(ScalarKind::Int | ScalarKind::Float) => {
                serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into()))
            }
            Some(ScalarKind::Str) => Value::String(text.into()),
        }
    }
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let docs = load(&text, &Limits::default()).expect("action.yml is YAML");
    json(&docs[0])
}

struct Step {
    id: String,
    ran: bool,
    code: i32,
    log: String,
    outputs: HashMap<String, String>,
    summary: String,
    /// `with:` of a `uses:` step, evaluated.
    with: HashMap<String, String>,
}

struct Job {
    steps: Vec<Step>,
    outputs: HashMap<String, String>,
    /// The job summary: every step's summary, in order.
    summary: String,
    failed: bool,
}

impl Job {
    fn step(&self, name_or_id: &str) -> &Step {
        self.steps
            .iter()
            .find(|s| s.id == name_or_id)
            .unwrap_or_else(|| panic!("no step {name_or_id}"))
    }
}

struct Runner<'a> {
    action: &'a Value,
    /// `github.action_ref`: empty, as in the composite steps of a local
    /// action.
    action_ref: String,
    inputs: HashMap<String, String>,
    outputs: HashMap<String, HashMap<String, String>>,
}

impl Runner<'_> {
    fn value(&self, expr: &str) -> String {
        let e = expr.trim();
        if let Some(name) = e.strip_prefix("inputs.") {
            return self.inputs.get(name).cloned().unwrap_or_default();
        }
        if let Some(rest) = e.strip_prefix("steps.") {
            let (id, rest) = rest.split_once('.').unwrap();
            let name = rest.strip_prefix("outputs.").unwrap();
            return self
                .outputs
                .get(id)
                .and_then(|o| o.get(name))
                .cloned()
                .unwrap_or_default();
        }
        if e == "github.action_ref" {
            return self.action_ref.clone();
        }
        if let Some(lit) = e.strip_prefix('\'').and_then(|e| e.strip_suffix('\'')) {
            return lit.to_string();
        }
        panic!("unsupported expression `{e}`");
    }

    /// `a == 'x' && b != ''`.
    fn condition(&self, expr: &str) -> bool {
        let e = expr.trim();
        let e = e
            .strip_prefix("${{")
            .and_then(|e| e.strip_suffix("}}"))
            .unwrap_or(e);
        e.split("&&").all(|clause| {
            if let Some((l, r)) = clause.split_once("!=") {
                self.value(l) != self.value(r)
            } else if let Some((l, r)) = clause.split_once("==") {
                self.value(l) == self.value(r)
            } else {
                panic!("unsupported condition `{clause}`")
            }
        })
    }

    fn template(&self, s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("${{") {
            out.push_str(&rest[..i]);
            let end = rest[i..].find("}}").unwrap() + i;
            out.push_str(&self.value(&rest[i + 3..end]));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }
}

/// `name=value` lines and `name<<DELIM` heredocs.
fn parse_outputs(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut lines = text.lines();
    while let Some(l) = lines.next() {
        if let Some((k, delim)) = l.split_once("<<") {
            let mut v = Vec::new();
            for l in lines.by_ref() {
                if l == delim {
                    break;
                }
                v.push(l);
            }
            out.insert(k.to_string(), v.join("\n"));
        } else if let Some((k, v)) = l.split_once('=') {
            out.insert(k.to_string(), v.to_string());
        }
    }
    out
}

/// Runs the action's steps in `workspace` with `inputs`, with `path` as
/// the runner's PATH and `env` on top of the simulated variables.
fn run_action(
    action: &Value,
    workspace: &Path,
    inputs: &[(&str, &str)],
    path: &std::ffi::OsStr,
    env: &[(&str, &std::ffi::OsStr)],
) -> Job {
    let mut runner = Runner {
        action,
        action_ref: String::new(),
        inputs: HashMap::new(),
        outputs: HashMap::new(),
    };
    for (k, v) in action["inputs"].as_object().unwrap() {
        let default = v.get("default").map(|d| match d {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        runner.inputs.insert(k.clone(), default.unwrap_or_default());
    }
    for (k, v) in inputs {
        assert!(
            runner.inputs.contains_key(*k),
            "no input `{k}` in action.yml"
        );
        runner.inputs.insert(k.to_string(), v.to_string());
    }
    let runner_dir = tempfile::tempdir().unwrap();
    let temp = runner_dir.path().join("temp");
    std::fs::create_dir(&temp).unwrap();
    // The tool cache outlives a job (and is what actions/cache restores):
    // a test may hand one in through `env`.
    let tool_cache = runner_dir.path().join("toolcache");
    std::fs::create_dir(&tool_cache).unwrap();
    let mut extra_path: Vec<PathBuf> = Vec::new();
    let mut steps = Vec::new();
    let mut failed = false;
    let mut summary = String::new();
    assert_eq!(runner.action["runs"]["using"], "composite");
    for (n, s) in runner.action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let id = s["id"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| s["name"].as_str().unwrap().to_string());
        let mut step = Step {
            id: id.clone(),
            ran: false,
            code: 0,
            log: String::new(),
            outputs: HashMap::new(),
            summary: String::new(),
            with: HashMap::new(),
        };
        let wanted = s
            .get("if")
            .and_then(Value::as_str)
            .is_none_or(|c| runner.condition(c));
        if failed || !wanted {
            steps.push(step);
            continue;
        }
        step.ran = true;
        if let Some(uses) = s.get("uses") {
            let uses = uses.as_str().unwrap();
            assert!(
                uses.starts_with("github/codeql-action/upload-sarif@")
                    || uses.starts_with("actions/cache@"),
                "{uses}"
            );
            for (k, v) in s["with"].as_object().unwrap() {
                step.with
                    .insert(k.clone(), runner.template(v.as_str().unwrap()));
            }
            steps.push(step);
            continue;
        }
        assert_eq!(s["shell"], "bash");
        let files = runner_dir.path().join(format!("step{n}"));
        std::fs::create_dir(&files).unwrap();
        let output_file = files.join("output");
        let summary_file = files.join("summary");
        let path_file = files.join("path");
        for f in [&output_file, &summary_file, &path_file] {
            std::fs::write(f, "").unwrap();
        }
        let dir = match s.get("working-directory") {
            Some(w) => workspace.join(runner.template(w.as_str().unwrap())),
            None => workspace.to_path_buf(),
        };
        let mut paths: Vec<PathBuf> = extra_path.iter().rev().cloned().collect();
        paths.extend(std::env::split_paths(path));
        let mut c = Command::new("bash");
        c.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(s["run"].as_str().unwrap())
            .current_dir(&dir)
            .env_clear()
            .env("PATH", std::env::join_paths(paths).unwrap())
            .env("HOME", std::env::var_os("HOME").unwrap_or_default())
            .envs(
                ["CARGO_HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN"]
                    .iter()
                    .filter_map(|k| Some((k, std::env::var_os(k)?))),
            )
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", root())
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", &summary_file)
            .env("GITHUB_PATH", &path_file)
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_REPOSITORY", "acme/shop")
            .env("GITHUB_SHA", "1234567890abcdef")
            .env("RUNNER_TEMP", &temp)
            .env("RUNNER_TOOL_CACHE", &tool_cache)
            .env("RUNNER_OS", runner_os())
            .env("RUNNER_ARCH", runner_arch());
        for (k, v) in env {
            c.env(k, v);
        }
        if let Some(e) = s.get("env").and_then(Value::as_object) {
            for (k, v) in e {
                c.env(k, runner.template(v.as_str().unwrap()));
            }
        }
        let o = c.output().unwrap();
        step.code = o.status.code().unwrap_or(-1);
        step.log = format!("{}{}", stdout(&o), stderr(&o));
        step.outputs = parse_outputs(&std::fs::read_to_string(&output_file).unwrap());
        step.summary = std::fs::read_to_string(&summary_file).unwrap();
        summary.push_str(&step.summary);
        for l in std::fs::read_to_string(&path_file).unwrap().lines() {
            extra_path.push(PathBuf::from(l));
        }
        runner.outputs.insert(id.clone(), step.outputs.clone());
        failed = step.code != 0;
        steps.push(step);
    }
    let mut outputs = HashMap::new();
    for (k, v) in runner.action["outputs"].as_object().unwrap() {
        outputs.insert(k.clone(), runner.template(v["value"].as_str().unwrap()));
    }
    Job {
        steps,
        outputs,
        summary,
        failed,
    }
}

fn runner_os() -> &'static str {
    if cfg!(windows) {
        "Windows"
    } else if cfg!(target_os = "macos") {
        "macOS"
    } else {
        "Linux"
    }
}

fn runner_arch() -> &'static str {
    if cfg!(target_arch = "aarch64") {
        "ARM64"
    } else {
        "X64"
    }
}

fn path_with_dockward() -> std::ffi::OsString {
    let mut dirs = vec![dockward().parent().unwrap().to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

fn expected(dir: &Path) -> Value {
    let o = run_in(dir, &["check", "--format", "json"], &[]);
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn action_inputs_are_all_passed_to_the_script() {
    let action = action();
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    for name in action["inputs"].as_object().unwrap().keys() {
        assert!(
            text.contains(&format!("${{{{ inputs.{name} }}}}")),
            "input `{name}` is never used"
        );
    }
    let script = std::fs::read_to_string(root().join("scripts/action/run.sh")).unwrap();
    for step in action["runs"]["steps"].as_array().unwrap() {
        for var in step
            .get("env")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            assert!(script.contains(var), "the script never reads `{var}`");
        }
    }
    for (name, o) in action["outputs"].as_object().unwrap() {
        assert_eq!(
            o["value"],
            format!("${{{{ steps.check.outputs.{name} }}}}"),
            "output `{name}`"
        );
    }
}

#[test]
fn action_annotates_summarizes_uploads_and_fails() {
    let action = action();
    let ws = tempfile::tempdir().unwrap();
    let repo = ws.path();
    write_files(repo, PROJECT);
    let want = expected(repo);
    let diags = want["diagnostics"].as_array().unwrap();
    let count = |sev: &str| diags.iter().filter(|d| d["severity"] == sev).count();

    let path = path_with_dockward();
    let job = run_action(
        &action,
        repo,
        &[
            ("version", "installed"),
            ("upload-sarif", "true"),
            ("formats", "junit=reports/dockward.xml\ngitlab=gl.json"),
        ],
        &path,
        &[],
    );
    assert!(job.failed, "problems fail the job");
    let install = job.step("Install dockward");
    assert_eq!(install.code, 0, "{}", install.log);
    assert!(
        install
            .log
            .contains(&format!("dockward {}", env!("CARGO_PKG_VERSION")))
    );

    let check = job.step("check");
    assert_eq!(
        check.code, 0,
        "findings do not fail this step: {}",
        check.log
    );
    // Annotations: one workflow command per diagnostic.
    let annotations: Vec<&str> = check
        .log
        .lines()
        .filter(|l| {
            l.starts_with("::error file=")
                || l.starts_with("::warning file=")
                || l.starts_with("::notice file=")
        })
        .collect();
    assert_eq!(annotations.len(), diags.len(), "{}", check.log);
    assert!(
        annotations
            .iter()
            .any(|a| a.starts_with("::error file=app/Dockerfile,line=3,endLine=3,col=24,endColumn=38,title=DF003 sshd-installed::")),
        "{annotations:#?}"
    );
    // The human report is in the log, folded.
    assert!(check.log.contains("::group::dockward report"));
    assert!(
        check.log.contains("--> app/Dockerfile:3:24"),
        "{}",
        check.log
    );

    // Outputs.
    assert_eq!(job.outputs["diagnostics"], diags.len().to_string());
    assert_eq!(job.outputs["errors"], count("error").to_string());
    assert_eq!(job.outputs["warnings"], count("warning").to_string());
    assert_eq!(job.outputs["info"], count("info").to_string());
    assert_eq!(job.outputs["files"], "2");
    assert_eq!(job.outputs["exit-code"], "1");
    assert_eq!(job.outputs["sarif-file"], "dockward.sarif");

    // The job summary.
    assert!(job.summary.starts_with("## dockward\n"), "{}", job.summary);
    assert!(
        job.summary
            .contains(&format!("| error | {} |", count("error")))
    );
    assert!(
        job.summary
            .contains("(https://github.com/acme/shop/blob/1234567890abcdef/app/Dockerfile#L3)"),
        "{}",
        job.summary
    );

    // The upload step got a SARIF log; the extra formats were written.
    let upload = job.step("Upload SARIF to code scanning");
    assert!(upload.ran);
    assert_eq!(upload.with["category"], "dockward");
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(repo.join(&upload.with["sarif_file"])).unwrap())
            .unwrap();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        diags.len()
    );
    assert_eq!(
        sarif["runs"][0]["versionControlProvenance"][0]["revisionId"],
        "1234567890abcdef"
    );
    assert!(repo.join("reports/dockward.xml").is_file());
    assert!(repo.join("gl.json").is_file());

    // The last step fails the job, with a message.
    let result = job.step("Result");
    assert_eq!(result.code, 1);
    assert!(
        result
            .log
            .contains("::error title=dockward::dockward found problems")
    );
}

#[test]
fn action_passes_on_a_clean_tree_and_honours_fail_on() {
    let action = action();
    let ws = tempfile::tempdir().unwrap();
    let repo = ws.path();
    write_files(
        repo,
        &[
            ("clean/Dockerfile", "FROM scratch\nUSER 10001\n"),
            ("messy/Dockerfile", "FROM debian:12\nEXPOSE 80\n"),
        ],
    );
    let path = path_with_dockward();
    let job = run_action(
        &action,
        repo,
        &[
            ("version", "installed"),
            ("paths", "clean"),
            ("sarif-file", ""),
        ],
        &path,
        &[],
    );
    assert!(!job.failed, "{}", job.step("Result").log);
    assert_eq!(job.outputs["diagnostics"], "0");
    assert_eq!(job.outputs["files"], "1");
    assert_eq!(job.outputs["sarif-file"], "");
    assert!(!job.step("Upload SARIF to code scanning").ran);
    assert!(job.summary.contains("no problems found in 1 file"));

    // Warnings only, with fail-on error: reported, not failing; no
    // annotations asked for, no summary.
    let job = run_action(
        &action,
        repo,
        &[
            ("version", "installed"),
            ("paths", "clean messy"),
            ("fail-on", "error"),
            ("annotations", "false"),
            ("summary", "false"),
            ("working-directory", "."),
        ],
        &path,
        &[],
    );
    assert!(!job.failed, "{}", job.step("check").log);
    assert_eq!(job.outputs["exit-code"], "0");
    assert_eq!(job.outputs["files"], "2");
    assert_ne!(job.outputs["warnings"], "0");
    assert!(!job.step("check").log.contains("::warning file="));
    assert!(
        job.step("check")
            .log
            .contains("messy/Dockerfile:2:8: warning[DF005")
    );
    assert!(job.summary.is_empty(), "{}", job.summary);

    // A broken configuration: the job fails with exit code 2.
    std::fs::write(repo.join("dockward.toml"), "no-such-key = 1\n").unwrap();
    let job = run_action(
        &action,
        repo,
        &[("version", "installed"), ("config", "dockward.toml")],
        &path,
        &[],
    );
    assert!(job.failed);
    assert_eq!(job.outputs["exit-code"], "2");
    assert_eq!(job.step("Result").code, 2);
}

#[test]
fn action_builds_from_its_own_source() {
    let action = action();
    let ws = tempfile::tempdir().unwrap();
    write_files(ws.path(), PROJECT);
    // The same quick profile and target directory as the pre-commit rust
    // hook test, so one build serves both; PATH has no dockward.
    let target = root().join("target/pre-commit-hook");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let env: Vec<(&str, &std::ffi::OsStr)> = vec![
        ("CARGO_TARGET_DIR", target.as_os_str()),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0".as_ref()),
        ("CARGO_PROFILE_RELEASE_LTO", "false".as_ref()),
        ("CARGO_PROFILE_RELEASE_DEBUG", "false".as_ref()),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16".as_ref()),
        ("CARGO_PROFILE_RELEASE_INCREMENTAL", "true".as_ref()),
        ("CARGO_NET_OFFLINE", "true".as_ref()),
        ("CARGO_TERM_COLOR", "never".as_ref()),
    ];
    let job = run_action(&action, ws.path(), &[("version", "source")], &path, &env);
    let install = job.step("Install dockward");
    assert_eq!(install.code, 0, "{}", install.log);
    assert!(install.log.contains("::group::build dockward from"));
    assert_eq!(job.outputs["exit-code"], "1", "{}", job.step("check").log);
    let want = expected(ws.path());
    assert_eq!(
        job.outputs["diagnostics"],
        want["diagnostics"].as_array().unwrap().len().to_string()
    );
}

/// A release layout like GitHub's (`<base>/v<version>/<archive>` and its
/// `.sha256`) from the local cargo-dist build, served on 127.0.0.1; with
/// `tamper`, the archive has one byte changed and the checksum is the
/// release's.
fn release_server(tamper: bool) -> (tempfile::TempDir, common::http::Server) {
    let ship = ship_dir();
    let (archive, sum) = release_archive(&ship);
    let dir = tempfile::tempdir().unwrap();
    let release = dir.path().join(format!("v{}", env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&release).unwrap();
    let mut bytes = std::fs::read(&archive).unwrap();
    if tamper {
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x01;
    }
    std::fs::write(release.join(archive.file_name().unwrap()), bytes).unwrap();
    std::fs::copy(&sum, release.join(sum.file_name().unwrap())).unwrap();
    let server = common::http::Server::serve(dir.path());
    (dir, server)
}

#[test]
#[ignore = "needs the release artifacts (scripts/ship/build); scripts/test builds them"]
fn action_installs_the_verified_release_and_caches_it() {
    let action = action();
    let (_dir, server) = release_server(false);
    let ws = tempfile::tempdir().unwrap();
    write_files(ws.path(), PROJECT);
    let cache = tempfile::tempdir().unwrap();
    // No dockward and no Rust toolchain on PATH.
    let path = path_without_rust();
    let env: Vec<(&str, &std::ffi::OsStr)> = vec![
        ("DOCKWARD_RELEASE_URL", server.url.as_ref()),
        ("RUNNER_TOOL_CACHE", cache.path().as_os_str()),
    ];
    // `version` left empty: the version of the Action's own checkout.
    let job = run_action(&action, ws.path(), &[], &path, &env);
    let resolve = job.step("resolve");
    assert_eq!(
        resolve.outputs["version"],
        env!("CARGO_PKG_VERSION"),
        "{}",
        resolve.log
    );
    let key = &resolve.outputs["cache-key"];
    assert_eq!(
        key,
        &format!("dockward-{}-{}", env!("CARGO_PKG_VERSION"), host_target())
    );
    let cache_step = job.step("Cache the dockward release");
    assert!(cache_step.ran);
    assert_eq!(cache_step.with["key"], *key);
    assert_eq!(cache_step.with["path"], resolve.outputs["cache-dir"]);

    let install = job.step("Install dockward");
    assert_eq!(install.code, 0, "{}", install.log);
    assert!(
        install.log.contains("verified dockward-"),
        "{}",
        install.log
    );
    assert!(
        install
            .log
            .contains(concat!("dockward ", env!("CARGO_PKG_VERSION"))),
        "{}",
        install.log
    );
    let archive = format!(
        "/v{}/dockward-{}.tar.gz",
        env!("CARGO_PKG_VERSION"),
        host_target()
    );
    assert_eq!(server.hits(&archive), 1);
    assert_eq!(server.hits(&format!("{archive}.sha256")), 1);
    // The installed release did the linting.
    assert_eq!(job.outputs["exit-code"], "1", "{}", job.step("check").log);
    let want = expected(ws.path());
    assert_eq!(
        job.outputs["diagnostics"],
        want["diagnostics"].as_array().unwrap().len().to_string()
    );
    assert!(job.failed);
    assert!(
        Path::new(&resolve.outputs["cache-dir"])
            .join("dockward")
            .is_file()
    );

    // The next job with the same tool cache downloads nothing.
    let job = run_action(&action, ws.path(), &[("version", "0.1.0")], &path, &env);
    let install = job.step("Install dockward");
    assert_eq!(install.code, 0, "{}", install.log);
    assert!(install.log.contains("from the cache"), "{}", install.log);
    assert_eq!(server.hits(&archive), 1);
    assert_eq!(job.outputs["exit-code"], "1");

    // A cached binary that changed is not trusted: it is downloaded again.
    let cached = Path::new(&resolve.outputs["cache-dir"]).join("dockward");
    let mut bytes = std::fs::read(&cached).unwrap();
    bytes.push(0);
    std::fs::write(&cached, bytes).unwrap();
    let job = run_action(&action, ws.path(), &[], &path, &env);
    let install = job.step("Install dockward");
    assert_eq!(install.code, 0, "{}", install.log);
    assert!(!install.log.contains("from the cache"), "{}", install.log);
    assert_eq!(server.hits(&archive), 2);
}

#[test]
#[ignore = "needs the release artifacts (scripts/ship/build); scripts/test builds them"]
fn action_refuses_a_tampered_or_unverifiable_release() {
    let action = action();
    let (dir, server) = release_server(true);
    let ws = tempfile::tempdir().unwrap();
    write_files(ws.path(), PROJECT);
    let cache = tempfile::tempdir().unwrap();
    let path = path_without_rust();
    let env: Vec<(&str, &std::ffi::OsStr)> = vec![
        ("DOCKWARD_RELEASE_URL", server.url.as_ref()),
        ("RUNNER_TOOL_CACHE", cache.path().as_os_str()),
    ];
    let job = run_action(&action, ws.path(), &[], &path, &env);
    let install = job.step("Install dockward");
    assert_eq!(install.code, 2, "{}", install.log);
    assert!(
        install
            .log
            .contains("::error title=dockward::SHA-256 mismatch for dockward-"),
        "{}",
        install.log
    );
    assert!(job.failed);
    assert!(
        !job.step("check").ran,
        "nothing runs after a refused install"
    );
    let installed: Vec<_> = walk(cache.path())
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "dockward"))
        .collect();
    assert!(installed.is_empty(), "{installed:?}");

    // No checksum file: refused too, never installed unverified.
    let release = dir.path().join(format!("v{}", env!("CARGO_PKG_VERSION")));
    for f in std::fs::read_dir(&release).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_some_and(|e| e == "sha256") {
            std::fs::remove_file(f).unwrap();
        }
    }
    let job = run_action(&action, ws.path(), &[], &path, &env);
    let install = job.step("Install dockward");
    assert_eq!(install.code, 2, "{}", install.log);
    assert!(
        install.log.contains("refusing an unverified binary"),
        "{}",
        install.log
    );
    assert!(job.failed);

    // An unreleased version: a clear error.
    let job = run_action(&action, ws.path(), &[("version", "9.9.9")], &path, &env);
    let install = job.step("Install dockward");
    assert_eq!(install.code, 2, "{}", install.log);
    assert!(install.log.contains("cannot download"), "{}", install.log);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The human report in the log quotes files a pull request's author wrote:
/// it is printed between `::stop-commands::TOKEN` and `::TOKEN::`, with a
/// fresh token each run, so no line of it can run a workflow command.
#[test]
fn action_pauses_workflow_commands_around_the_printed_report() {
    let action = action();
    let path = path_with_dockward();
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let ws = tempfile::tempdir().unwrap();
        std::fs::write(
            ws.path().join("compose.yaml"),
            "services:\n  \"w\\n::warning::injected\":\n    image: nginx\n    privileged: true\n",
        )
        .unwrap();
        let job = run_action(&action, ws.path(), &[("version", "installed")], &path, &[]);
        let log = &job.step("check").log;
        let lines: Vec<&str> = log.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with("::stop-commands::"))
            .unwrap_or_else(|| panic!("no ::stop-commands:: in {log}"));
        let token = lines[start].trim_start_matches("::stop-commands::");
        assert_eq!(token.len(), 32, "{token}");
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
        let end = lines
            .iter()
            .position(|l| *l == format!("::{token}::"))
            .unwrap_or_else(|| panic!("no ::{token}:: in {log}"));
        assert_eq!(lines[start - 1], "::group::dockward report", "{log}");
        assert_eq!(lines[end + 1], "::endgroup::", "{log}");
        let report = &lines[start + 1..end];
        assert!(
            report.iter().any(|l| l.contains("privileged-service")),
            "{log}"
        );
        // Inside, the service name is escaped as well.
        assert!(
            report
                .iter()
                .all(|l| !l.trim_start().starts_with("::warning::injected")),
            "{log}"
        );
        tokens.push(token.to_string());
    }
    assert_ne!(tokens[0], tokens[1]);
}
