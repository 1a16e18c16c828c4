//! Adopting dockward on an existing repository: the human report's exact
//! shape, baselines across edits, rule selection, exit codes, broken
//! pipes, standard input and error messages.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dockward() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dockward"));
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("DOCKWARD_") {
            c.env_remove(k);
        }
    }
    c.env_remove("NO_COLOR").env_remove("GITHUB_ACTIONS");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    dockward().current_dir(dir).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

fn repo() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join(".git")).unwrap();
    t
}

const COMPOSE: &str = "services:
  web:
    image: nginx:1.27
    privileged: true
    mem_limit: 512m
    cpus: \"1.0\"
    pids_limit: 100
    read_only: true
    cap_drop: [ALL]
    security_opt: [\"no-new-privileges:true\"]
  db:
    image: postgres:16
    mem_limit: 512m
    cpus: \"1.0\"
    pids_limit: 100
    cap_drop: [ALL]
    security_opt: [\"no-new-privileges:true\"]
";

#[test]
fn human_report_exact() {
    let t = repo();
    write(t.path(), "compose.yaml", COMPOSE);
    write(
        t.path(),
        "Dockerfile",
        "FROM alpine:3.20\nRUN chmod 4755 /usr/bin/x && \\\n    chmod 4755 /usr/bin/y\n",
    );
    let o = run_in(t.path(), &["check", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let expected = "\
Dockerfile
warning[DF001 missing-user]: the final stage never sets `USER`, so the container runs as root
 --> Dockerfile:1:1
  |
1 | FROM alpine:3.20
  | ^^^^^^^^^^^^^^^^
  = help: create an unprivileged user and add `USER <name>` after the steps that need root
    see https://github.com/dockward/dockward/blob/main/lints/DF001-missing-user.md

error[DF007 setuid-bit]: mode `4755` sets the setuid bit, so the program runs with its owner's privileges
 --> Dockerfile:2:11
  |
2 | RUN chmod 4755 /usr/bin/x && \\
  |           ^^^^
  = help: drop the `s` bit; grant the one capability the program needs instead (`setcap`)
    see https://github.com/dockward/dockward/blob/main/lints/DF007-setuid-bit.md

error[DF007 setuid-bit]: mode `4755` sets the setuid bit, so the program runs with its owner's privileges
 --> Dockerfile:3:11
  |
3 |     chmod 4755 /usr/bin/y
  |           ^^^^

compose.yaml — service `web`
error[DC001 privileged-service]: service `web` runs privileged: it has every capability and access to all host devices
 --> compose.yaml:4:17
  |
4 |     privileged: true
  |                 ^^^^
  = help: remove `privileged: true`; add only the capabilities (`cap_add`) or devices (`devices`) the service needs
    see https://github.com/dockward/dockward/blob/main/lints/DC001-privileged-service.md

compose.yaml — service `db`
warning[DC007 writable-rootfs]: service `db` has a writable root filesystem
  --> compose.yaml:11:3
   |
11 |   db:
   |   ^^
   = help: add `read_only: true` and mount `tmpfs` or volumes for the paths the service writes
     see https://github.com/dockward/dockward/blob/main/lints/DC007-writable-rootfs.md

found 5 diagnostics (3 errors, 2 warnings) in 2 of 2 files; 3 fixable with `dockward check --fix --unsafe-fixes`
";
    assert_eq!(stdout(&o), expected);
    // --verbose repeats help and URL on the second setuid finding.
    let v = stdout(&run_in(
        t.path(),
        &["check", "--color", "never", "--verbose"],
    ));
    assert_eq!(v.matches("DF007-setuid-bit.md").count(), 2);
}

#[test]
fn ten_plain_services_fit_in_300_lines_with_every_snippet() {
    let t = repo();
    let mut compose = String::from("services:\n");
    for i in 0..10 {
        compose.push_str(&format!(
            "  app{i}:\n    image: example/app{i}:1.0\n    ports:\n      - \"80{i:02}:8080\"\n"
        ));
    }
    write(t.path(), "compose.yaml", &compose);
    let o = run_in(t.path(), &["check", "--color", "never"]);
    let out = stdout(&o);
    let lines = out.lines().count();
    assert!(lines <= 300, "{lines} lines:\n{out}");
    assert!(out.contains("found 70 diagnostics"), "{out}");
    // Every finding is under a snippet of its own line.
    for i in 0..10 {
        assert!(out.contains(&format!("|   app{i}:\n")), "app{i}");
        assert!(
            out.contains(&format!("|       - \"80{i:02}:8080\"\n")),
            "port of app{i}"
        );
    }
    assert_eq!(out.matches("see https://").count(), 7, "one URL per rule");
    // Outside a terminal, nothing is wrapped whatever COLUMNS says.
    let narrow = dockward()
        .current_dir(t.path())
        .env("COLUMNS", "40")
        .args(["check", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(stdout(&narrow), out);
}

#[test]
fn baseline_across_edits() {
    let t = repo();
    write(t.path(), "compose.yaml", COMPOSE);
    write(
        t.path(),
        "app/Dockerfile",
        "FROM alpine:3.20\nRUN chmod 4755 /x\n",
    );
    let w = run_in(
        t.path(),
        &["check", "--write-baseline", "dockward-baseline.json"],
    );
    assert_eq!(w.status.code(), Some(0), "{}", stderr(&w));
    assert!(
        stderr(&w).contains("wrote 4 baseline entries"),
        "{}",
        stderr(&w)
    );
    let text = std::fs::read_to_string(t.path().join("dockward-baseline.json")).unwrap();
    assert!(
        text.contains("{\"path\":\"app/Dockerfile\",\"rule\":\"DF001\""),
        "{text}"
    );
    assert!(!text.contains("\"line\""), "no line numbers: {text}");
    // Clean against its own baseline.
    let o = run_in(t.path(), &["check", "--baseline", "dockward-baseline.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("no new problems found in 2 files; 4 in the baseline"));

    // Lines added above, the service reformatted, one new problem.
    let edited = format!(
        "# our services\n\n{}",
        COMPOSE
            .replace("privileged: true", "privileged:    true   # legacy")
            .replace(
                "  db:\n    image: postgres:16\n",
                "  db:\n    image: postgres:16\n    pid: host\n"
            )
    );
    write(t.path(), "compose.yaml", &edited);
    write(
        t.path(),
        "dockward.toml",
        "baseline = \"dockward-baseline.json\"\n",
    );
    let o = run_in(t.path(), &["check", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "compose.yaml:15:10: error[DC100 host-pid-namespace] service `db` sees and can signal every process on the host (`pid: host`)\n\
         found 1 new diagnostic (1 error) in 1 of 2 files; 4 in the baseline\n"
    );
    // Every format counts only the new finding.
    let json: serde_json::Value =
        serde_json::from_slice(&run_in(t.path(), &["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1);
    let sarif: serde_json::Value =
        serde_json::from_slice(&run_in(t.path(), &["check", "--format", "sarif"]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["baselineState"], "new");
    // --no-baseline shows everything.
    let all = run_in(t.path(), &["check", "--format", "concise", "--no-baseline"]);
    assert!(
        stdout(&all).starts_with("app/Dockerfile"),
        "{}",
        stdout(&all)
    );

    // Fix one baselined finding: one stale line at the end, not a failure.
    write(
        t.path(),
        "app/Dockerfile",
        "FROM alpine:3.20\nRUN chmod 755 /x\n",
    );
    let o = run_in(t.path(), &["check", "--ignore", "DC100"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("1 baseline entry in dockward-baseline.json no longer matches anything"),
        "{err}"
    );
    // --write-baseline on the existing file prunes it and records the new one.
    let w = run_in(
        t.path(),
        &["check", "--write-baseline", "dockward-baseline.json"],
    );
    assert!(
        stderr(&w).contains("wrote 4 baseline entries to dockward-baseline.json (1 stale removed)"),
        "{}",
        stderr(&w)
    );
    let o = run_in(t.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stderr(&o), "");
    // A run over one file keeps the other files' entries.
    let w = run_in(
        t.path(),
        &[
            "check",
            "--write-baseline",
            "dockward-baseline.json",
            "app/Dockerfile",
        ],
    );
    assert_eq!(w.status.code(), Some(0));
    let text = std::fs::read_to_string(t.path().join("dockward-baseline.json")).unwrap();
    assert!(text.contains("\"path\":\"compose.yaml\""), "{text}");
    // A missing or broken baseline is an error, never a silent full pass.
    let o = run_in(t.path(), &["check", "--baseline", "missing.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--write-baseline"), "{}", stderr(&o));
}

#[test]
fn select_extend_select_and_exit_zero() {
    let t = repo();
    write(
        t.path(),
        "Dockerfile",
        "FROM alpine\nRUN pip install --no-cache-dir flask\n",
    );
    let codes = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["check", "--format", "concise", "-q"];
        a.extend_from_slice(args);
        stdout(&run_in(t.path(), &a))
            .lines()
            .filter_map(|l| Some(l.split_once("[")?.1.split_once(' ')?.0.to_string()))
            .collect()
    };
    assert_eq!(codes(&[]), ["DF001", "DF200"]);
    assert_eq!(codes(&["--select", "DF200"]), ["DF200"]);
    assert_eq!(codes(&["--select", "DF001, DF200"]), ["DF001", "DF200"]);
    assert_eq!(
        codes(&["--extend-select", "unpinned-pip-package"]),
        ["DF001", "DF200", "DF126"]
    );
    // A prefix selects every DF2xx rule, off-by-default ones included.
    let prefix = codes(&["--select", "DF2"]);
    assert!(prefix.iter().all(|c| c.starts_with("DF2")), "{prefix:?}");
    assert!(
        prefix.iter().any(|c| c == "DF200") && prefix.iter().any(|c| c == "DF202"),
        "{prefix:?}"
    );
    // (`shellcheck` needs the tool on PATH.)
    assert!(!codes(&["--select", "ALL", "--ignore", "shellcheck"]).is_empty());
    let env = dockward()
        .current_dir(t.path())
        .env("DOCKWARD_SELECT", "DF200")
        .env("DOCKWARD_FORMAT", "concise")
        .args(["check", "-q"])
        .output()
        .unwrap();
    assert_eq!(stdout(&env).lines().count(), 1, "{}", stdout(&env));
    assert_eq!(run_in(t.path(), &["check"]).status.code(), Some(1));
    assert_eq!(
        run_in(t.path(), &["check", "--exit-zero"]).status.code(),
        Some(0)
    );
    assert_eq!(
        run_in(t.path(), &["check", "--exit-zero", "--select", "nope"])
            .status
            .code(),
        Some(2)
    );
    let help = stdout(&run_in(t.path(), &["check", "--help"]));
    for var in [
        "DOCKWARD_CONFIG",
        "DOCKWARD_FORMAT",
        "DOCKWARD_FAIL_ON",
        "DOCKWARD_BASELINE",
        "DOCKWARD_SELECT",
    ] {
        assert!(help.contains(var), "{var} not in --help");
    }
}

#[test]
fn broken_pipe_keeps_the_exit_code_and_the_output_files() {
    let t = repo();
    let mut compose = String::from("services:\n");
    for i in 0..200 {
        compose.push_str(&format!("  s{i}:\n    image: x/s{i}:1\n"));
    }
    write(t.path(), "compose.yaml", &compose);
    let bin = env!("CARGO_BIN_EXE_dockward");
    let o = Command::new("bash")
        .current_dir(t.path())
        .args([
            "-c",
            &format!(
                "set -o pipefail; '{bin}' check -o json=out.json . | head -1; echo \"status=$?\""
            ),
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.ends_with("status=1\n"), "{out}\n{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1200);
    // `-o FMT=-` writes to standard output.
    let o = run_in(
        t.path(),
        &["check", "--format", "concise", "-q", "-o", "json=-"],
    );
    assert!(stdout(&o).contains("\"diagnostics\""), "{}", stdout(&o));
}

#[test]
fn standard_input_and_messages() {
    let t = repo();
    let stdin = |args: &[&str], input: &str| -> Output {
        use std::io::Write;
        let mut c = dockward()
            .current_dir(t.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        c.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        c.wait_with_output().unwrap()
    };
    // Compose on stdin without a name is linted as Compose.
    let o = stdin(
        &["check", "--format", "concise", "-"],
        "# app\nservices:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
    );
    assert!(
        stdout(&o).contains("DC001 privileged-service"),
        "{}",
        stdout(&o)
    );
    let o = stdin(
        &["check", "--format", "concise", "-"],
        "FROM alpine:3.20\nUSER 1000\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // --stdin-filename without `-` is an error.
    let o = run_in(t.path(), &["check", "--stdin-filename", "compose.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("add `-`"), "{}", stderr(&o));
    // Nothing to lint: a warning, exit 0.
    let o = run_in(t.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("no Dockerfile or Compose file under ."),
        "{}",
        stderr(&o)
    );
    // TOML errors give line and column.
    write(t.path(), "Dockerfile", "FROM alpine:3.20\n");
    write(
        t.path(),
        "dockward.toml",
        "fail-on = \"error\"\nignore = [\"DF001\"\n",
    );
    let o = run_in(t.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 2, column"), "{}", stderr(&o));
    std::fs::remove_file(t.path().join("dockward.toml")).unwrap();
    // The .hadolint.yaml notice respects -q.
    write(t.path(), ".hadolint.yaml", "ignored: [DL3007]\n");
    assert!(stderr(&run_in(t.path(), &["check"])).contains("hadolint configuration"));
    assert_eq!(stderr(&run_in(t.path(), &["check", "-q"])), "");
}

/// `--format gnu`: `FILE:LINE:COLUMN: SEVERITY: MESSAGE [CODE NAME]`, and
/// the project holding it.
fn gnu_report() -> (tempfile::TempDir, String) {
    let t = repo();
    write(t.path(), "compose.yaml", COMPOSE);
    let o = run_in(t.path(), &["check", "--format", "gnu"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("compose.yaml:4:17: error: service `web` runs privileged: it has every capability and access to all host devices [DC001 privileged-service]\n"),
        "{out}"
    );
    (t, out)
}

#[test]
fn gnu_format_has_file_line_column_severity_message() {
    gnu_report();
}

/// `--format gnu` as its consumer reads it: Neovim's default
/// `errorformat` (the one `:make` and `:cfile` use) turns each line into a
/// quickfix entry with the file, line, column and text.
#[test]
#[ignore = "needs `nvim` (scripts/install/neovim.sh); scripts/test runs it"]
fn gnu_format_is_read_by_the_editors_quickfix() {
    let (t, out) = gnu_report();
    let nvim = common::tool("nvim");
    std::fs::write(t.path().join("report.txt"), &out).unwrap();
    let q = Command::new(nvim)
        .current_dir(t.path())
        .args([
            "--headless",
            "--clean",
            "-c",
            "cgetfile report.txt",
            "-c",
            "lua io.stdout:write(vim.json.encode(vim.tbl_map(function(e) return {file = vim.fn.bufname(e.bufnr), lnum = e.lnum, col = e.col, valid = e.valid, text = e.text} end, vim.fn.getqflist())))",
            "-c",
            "qa!",
        ])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&q.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&q.stdout)));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), out.lines().count());
    for e in list {
        assert_eq!(e["valid"], 1, "{e}");
        assert_eq!(e["file"], "compose.yaml", "{e}");
    }
    let first = &list[0];
    assert_eq!(
        (first["lnum"].as_u64(), first["col"].as_u64()),
        (Some(4), Some(17))
    );
    assert!(
        first["text"].as_str().unwrap().contains("runs privileged"),
        "{first}"
    );
}

/// The summary's fixable count is the number of findings with a safe fix
/// (and, apart, unsafe ones), it names the command that applies them, and
/// running that command leaves none of those safe fixes behind.
#[test]
fn summary_counts_what_the_fix_command_fixes() {
    let Some(command) = dockward::render::FIX_COMMAND else {
        panic!("render::FIX_COMMAND is set once --fix exists");
    };
    let t = repo();
    let dir = t.path();
    write(
        dir,
        "Dockerfile",
        "FROM debian:12\nMAINTAINER someone@example.com\nRUN apt-get update && apt-get install -y curl\nexpose 8080/TCP\nUSER app\nCMD python app.py\n",
    );
    let json = |dir: &Path| -> Vec<serde_json::Value> {
        let o = run_in(dir, &["check", "--format", "json", "--fail-on", "never"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["diagnostics"].as_array().unwrap().clone()
    };
    let count = |ds: &[serde_json::Value], a: &str| {
        ds.iter().filter(|d| d["fix"]["applicability"] == a).count()
    };
    let before = json(dir);
    let (safe, unsafe_) = (count(&before, "safe"), count(&before, "unsafe"));
    assert!(safe >= 2 && unsafe_ >= 1, "{before:#?}");
    let o = run_in(dir, &["check", "--no-color"]);
    let last = stdout(&o).lines().last().unwrap_or("").to_string();
    assert!(
        last.ends_with(&format!(
            "; {safe} fixable with `{command}` ({unsafe_} more with `--unsafe-fixes`)"
        )),
        "{last}"
    );
    let concise = run_in(dir, &["check", "--format", "concise"]);
    assert!(stdout(&concise).contains(&format!("{safe} fixable with `{command}`")));
    // The command does what the line says.
    let mut words = command.split_whitespace();
    assert_eq!(words.next(), Some("dockward"));
    let args: Vec<&str> = words.collect();
    let o = run_in(dir, &args);
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    let after = json(dir);
    assert_eq!(count(&after, "safe"), 0, "{after:#?}");
    let o = run_in(dir, &["check", "--no-color"]);
    let last = stdout(&o).lines().last().unwrap_or("").to_string();
    assert!(
        last.ends_with(&format!(
            "; {} fixable with `{command} --unsafe-fixes`",
            count(&after, "unsafe")
        )),
        "{last}"
    );
}
