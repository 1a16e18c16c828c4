//! Spec cases of the Dockerfile accuracy work (issue 15) that rule pages
//! cannot show: parser behaviour held against BuildKit (continuations,
//! directives) and BuildKit's `# check=skip=` comments above instructions.

use std::path::{Path, PathBuf};

use dockward::config::Config;
use dockward::lint::lint_text;
use dockward::source::FileKind;

fn lint(src: &str) -> Vec<String> {
    let cfg = Config::from_table(
        &toml::from_str("select = [\"all\"]").unwrap(),
        PathBuf::from("/nonexistent"),
    )
    .unwrap();
    let r = lint_text(
        Path::new("/nonexistent/Dockerfile"),
        FileKind::Dockerfile,
        src.to_string(),
        &cfg,
    );
    r.diagnostics
        .iter()
        .map(|d| {
            let line = src[..d.span.start as usize].matches('\n').count() + 1;
            format!("{line} {}", d.rule.name)
        })
        .collect()
}

fn has(got: &[String], want: &str) -> bool {
    got.iter().any(|g| g == want)
}

#[test]
fn an_escaped_escape_ends_the_line() {
    // `\\` at the end is an escaped backslash: the next line is an
    // instruction of its own (BuildKit's parser tests cover this).
    let got = lint("FROM alpine:3.20\nENV DIR=C:\\\\\nRUN apt-get install -y curl\n");
    assert!(has(&got, "3 unpinned-apt-package"), "{got:?}");
    // A single escape still continues.
    let got = lint("FROM alpine:3.20\nENV DIR=x \\\n  OTHER=y\nRUN apt-get install -y curl\n");
    assert!(has(&got, "4 unpinned-apt-package"), "{got:?}");
    assert!(!got.iter().any(|g| g.contains("syntax-error")), "{got:?}");
    // With the backtick escape, the same holds for a doubled backtick.
    let got = lint("# escape=`\nFROM alpine:3.20\nENV DIR=x``\nRUN apt-get install -y curl\n");
    assert!(has(&got, "4 unpinned-apt-package"), "{got:?}");
}

#[test]
fn an_invalid_escape_directive_keeps_the_instructions() {
    for src in [
        "# escape=x\nFROM alpine:3.20\nRUN apt-get install -y curl\n",
        "# escape=\\\\\nFROM alpine:3.20\nRUN apt-get install -y curl\n",
        "# escape=``\nFROM alpine:3.20\nRUN apt-get install -y curl\n",
    ] {
        let got = lint(src);
        assert!(has(&got, "1 dockerfile-syntax-error"), "{src:?}: {got:?}");
        assert!(has(&got, "3 unpinned-apt-package"), "{src:?}: {got:?}");
        assert!(has(&got, "2 missing-user"), "{src:?}: {got:?}");
    }
}

#[test]
fn check_skip_above_an_instruction_applies_to_it() {
    let src =
        "FROM alpine:3.20 AS build\n# check=skip=JSONArgsRecommended\nCMD echo a\nCMD echo b\n";
    let got = lint(src);
    assert!(!has(&got, "3 shell-form-cmd"), "{got:?}");
    assert!(has(&got, "4 shell-form-cmd"), "{got:?}");
}

#[test]
fn check_skip_above_a_from_applies_to_its_stage() {
    let src = "FROM alpine:3.20 AS build\nCMD echo a\n\n# a note\n# check=skip=JSONArgsRecommended,StageNameCasing\n\nFROM alpine:3.20 AS Final\nCMD echo b\nUSER 1000\n";
    let got = lint(src);
    assert!(has(&got, "2 shell-form-cmd"), "{got:?}");
    assert!(!has(&got, "8 shell-form-cmd"), "{got:?}");
    assert!(!has(&got, "7 uppercase-stage-name"), "{got:?}");
    // It names checks that did not fire elsewhere: nothing else is hidden.
    assert!(
        !got.iter().any(|g| g.contains("unused-suppression")),
        "{got:?}"
    );
}

#[test]
fn check_skip_at_the_top_still_applies_to_the_file() {
    let src = "# check=skip=JSONArgsRecommended\nFROM alpine:3.20\nCMD echo a\nFROM alpine:3.20\nCMD echo b\n";
    let got = lint(src);
    assert!(
        !got.iter().any(|g| g.ends_with("shell-form-cmd")),
        "{got:?}"
    );
}

#[test]
fn flags_and_exec_forms_buildkit_refuses() {
    let got = lint("FROM alpine:3.20\nUSER 1000\nENTRYPOINT --init [\"app\"]\n");
    assert!(has(&got, "3 dockerfile-syntax-error"), "{got:?}");
    let got = lint("FROM alpine:3.20\nUSER 1000\nRUN [\"apt-get\", 1]\nCOPY [\"a\", [\"b\"]]\n");
    assert!(has(&got, "3 dockerfile-syntax-error"), "{got:?}");
    assert!(has(&got, "4 dockerfile-syntax-error"), "{got:?}");
    // Not JSON at all: shell form, as BuildKit reads it.
    let got = lint("FROM alpine:3.20\nUSER 1000\nRUN [ -f /x ] || apt-get install -y curl\n");
    assert!(!got.iter().any(|g| g.contains("syntax-error")), "{got:?}");
    assert!(has(&got, "3 unpinned-apt-package"), "{got:?}");
}
