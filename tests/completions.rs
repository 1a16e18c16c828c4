//! `dockward completions SHELL` loaded and queried by the real shells
//! (bash, zsh, fish, elvish), and `dockward man` rendered by groff and man.
//! PowerShell is not packaged for Debian: its script is only checked for
//! shape.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn script(shell: &str, dir: &Path) -> std::path::PathBuf {
    let o = run_in(dir, &["completions", shell], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!o.stdout.is_empty());
    let p = dir.join(format!("dockward.{shell}"));
    std::fs::write(&p, &o.stdout).unwrap();
    p
}

fn lines(o: &std::process::Output) -> Vec<String> {
    assert!(o.status.success(), "{}{}", stdout(o), stderr(o));
    stdout(o).lines().map(str::to_string).collect()
}

const FORMATS: [&str; 13] = [
    "human",
    "concise",
    "json",
    "sarif",
    "github",
    "checkstyle",
    "junit",
    "gitlab",
    "gnu",
    "codeclimate",
    "rdjson",
    "sonarqube",
    "azure",
];

#[test]
fn bash_completes_subcommands_flags_and_formats() {
    let bash = tool("bash");
    let dir = tempfile::tempdir().unwrap();
    let s = script("bash", dir.path());
    // Call the completion function as bash's `complete -F` would.
    let complete = |words: &[&str]| -> Vec<String> {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let code = format!(
            "source '{}'\ncomplete -p dockward >/dev/null\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n_dockward dockward '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            s.display(),
            quoted.join(" "),
            words.len() - 1,
            words.join(" "),
            words[words.len() - 1],
            words[words.len() - 2],
        );
        lines(
            &Command::new(&bash)
                .args(["--norc", "-c", &code])
                .output()
                .unwrap(),
        )
    };
    let subs = complete(&["dockward", ""]);
    for want in ["check", "rules", "explain", "completions", "man"] {
        assert!(subs.iter().any(|c| c == want), "{want} in {subs:?}");
    }
    let flags = complete(&["dockward", "check", "--st"]);
    assert!(flags.iter().any(|c| c == "--statistics"), "{flags:?}");
    assert!(flags.iter().any(|c| c == "--stdin-filename"), "{flags:?}");
    let formats = complete(&["dockward", "check", "--format", ""]);
    for f in FORMATS {
        assert!(formats.iter().any(|c| c == f), "{f} in {formats:?}");
    }
    let shells = complete(&["dockward", "completions", ""]);
    for sh in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert!(shells.iter().any(|c| c == sh), "{sh} in {shells:?}");
    }
}

#[test]
#[ignore = "needs `zsh` (scripts/install/shells.sh); scripts/test runs it"]
fn zsh_registers_the_completion_function() {
    let zsh = tool("zsh");
    let dir = tempfile::tempdir().unwrap();
    let s = script("zsh", dir.path());
    let code = format!(
        "autoload -Uz compinit && compinit -u -d '{}/zcompdump'\nsource '{}'\nprint -r -- $_comps[dockward]\nwhence -w _dockward\n",
        dir.path().display(),
        s.display()
    );
    let out = lines(
        &Command::new(zsh)
            .args(["-f", "-c", &code])
            .output()
            .unwrap(),
    );
    assert_eq!(out, ["_dockward", "_dockward: function"]);
    let text = std::fs::read_to_string(&s).unwrap();
    assert!(text.starts_with("#compdef dockward"));
    for f in FORMATS {
        assert!(text.contains(f), "{f}");
    }
}

#[test]
#[ignore = "needs `fish` (scripts/install/shells.sh); scripts/test runs it"]
fn fish_completes_subcommands_and_formats() {
    let fish = tool("fish");
    let dir = tempfile::tempdir().unwrap();
    let s = script("fish", dir.path());
    let complete = |line: &str| -> Vec<String> {
        let code = format!("source '{}'; complete -C '{line}'", s.display());
        lines(
            &Command::new(&fish)
                .args(["--no-config", "-c", &code])
                .env("HOME", dir.path())
                .output()
                .unwrap(),
        )
        .into_iter()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
    };
    let subs = complete("dockward ");
    for want in ["check", "rules", "explain", "completions", "man"] {
        assert!(subs.iter().any(|c| c == want), "{want} in {subs:?}");
    }
    let formats = complete("dockward check --format ");
    for f in FORMATS {
        assert!(formats.iter().any(|c| c == f), "{f} in {formats:?}");
    }
    let mut fail_on = complete("dockward check --fail-on ");
    fail_on.sort();
    assert_eq!(fail_on, ["error", "info", "never", "style", "warning"]);
}

#[test]
#[ignore = "needs `elvish` (scripts/install/shells.sh); scripts/test runs it"]
fn elvish_completes_subcommands_and_flags() {
    let (elvish, pty) = (tool("elvish"), tool("script"));
    let dir = tempfile::tempdir().unwrap();
    let s = script("elvish", dir.path());
    // `edit:` exists only in an interactive shell: run one on a terminal
    // with an rc file that loads the script, asks for completions and exits.
    let complete = |words: &str, name: &str| -> Vec<String> {
        let out = dir.path().join(name);
        let rc = dir.path().join(format!("{name}.rc.elv"));
        std::fs::write(
            &rc,
            format!(
                "eval (slurp < '{}')\n$edit:completion:arg-completer[dockward] {words} | each {{|c| echo $c[stem]}} > '{}'\nexit\n",
                s.display(),
                out.display()
            ),
        )
        .unwrap();
        let cmd = format!("{} -rc '{}'", elvish.display(), rc.display());
        let o = Command::new(&pty)
            .args(["-qec", &cmd, "/dev/null"])
            .env("HOME", dir.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let text = std::fs::read_to_string(&out).unwrap_or_else(|_| {
            panic!(
                "elvish wrote nothing: {}",
                String::from_utf8_lossy(&o.stdout)
            )
        });
        text.lines().map(str::to_string).collect()
    };
    let subs = complete("dockward ''", "subs");
    for want in ["check", "rules", "explain", "completions", "man"] {
        assert!(subs.iter().any(|c| c == want), "{want} in {subs:?}");
    }
    let flags = complete("dockward check ''", "flags");
    for want in [
        "--format",
        "--output",
        "--statistics",
        "--no-show-source",
        "--compose-context",
    ] {
        assert!(flags.iter().any(|c| c == want), "{want} in {flags:?}");
    }
}

#[test]
fn powershell_script_registers_a_completer() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(script("powershell", dir.path())).unwrap();
    assert!(text.contains("Register-ArgumentCompleter -Native -CommandName 'dockward'"));
    for want in ["'dockward;check'", "--statistics", "--output"] {
        assert!(text.contains(want), "{want}");
    }
}

#[test]
fn unknown_shell_is_an_argument_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["completions", "tcsh"], &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
#[ignore = "needs `groff` (scripts/install/shells.sh); scripts/test runs it"]
fn man_pages_render_without_warnings() {
    let groff = tool("groff");
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["man"], &[]);
    assert!(o.status.success());
    let main = dir.path().join("dockward.1");
    std::fs::write(&main, &o.stdout).unwrap();
    let pages = dir.path().join("pages");
    let o = run_in(dir.path(), &["man", "--dir", pages.to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // One page for the command and one per subcommand (but `help`).
    use clap::CommandFactory;
    let mut want: Vec<String> = dockward::cli::Cli::command()
        .get_subcommands()
        .map(|c| format!("dockward-{}.1", c.get_name()))
        .chain(["dockward.1".to_string()])
        .collect();
    want.sort();
    assert_eq!(names, want);
    for page in [
        "dockward-check.1",
        "dockward-completions.1",
        "dockward-man.1",
    ] {
        assert!(names.iter().any(|n| n == page), "{page}");
    }
    assert_eq!(
        std::fs::read(pages.join("dockward.1")).unwrap(),
        std::fs::read(&main).unwrap()
    );
    for name in &names {
        let page = pages.join(name);
        // -ww: all warnings; -z: no output, only diagnostics.
        let o = Command::new(&groff)
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&page)
            .output()
            .unwrap();
        assert!(
            o.status.success() && o.stderr.is_empty(),
            "{name}: {}",
            stderr(&o)
        );
        let o = Command::new(&groff)
            .args(["-man", "-Tascii", "-P-c", "-P-b", "-P-u"])
            .arg(&page)
            .output()
            .unwrap();
        let text = stdout(&o);
        assert!(text.contains("NAME"), "{name}: {text}");
    }
    let o = Command::new(&groff)
        .args(["-man", "-Tascii", "-P-c", "-P-b", "-P-u", "-rLL=200n"])
        .arg(pages.join("dockward-check.1"))
        .output()
        .unwrap();
    let text = stdout(&o);
    for want in [
        "dockward-check",
        "--format",
        "sarif",
        "--output",
        "--statistics",
        "--compose-context",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
}
