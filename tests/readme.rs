//! Every `console` example in the README is run and compared with its real
//! output. A line `...` stands for any number of lines left out; every
//! other line must appear, exactly and in order. No example is skipped.

use std::path::Path;
use std::process::Command;

/// (command line, expected output lines) of each console block.
fn examples(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut lines = readme.lines();
    while let Some(l) = lines.next() {
        if l.trim() != "```console" {
            continue;
        }
        let mut block: Vec<String> = Vec::new();
        for l in lines.by_ref() {
            if l.trim() == "```" {
                break;
            }
            block.push(l.to_string());
        }
        let mut current: Option<(String, Vec<String>)> = None;
        for l in block {
            if let Some(cmd) = l.strip_prefix("$ ") {
                out.extend(current.take());
                current = Some((cmd.to_string(), Vec::new()));
            } else if let Some((_, expected)) = current.as_mut() {
                expected.push(l);
            } else {
                panic!("README console block must start with `$ `: {l}");
            }
        }
        out.extend(current);
    }
    out
}

/// Whether `actual` matches `expected`, where `...` skips lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e == "..." => (0..=actual.len()).any(|i| matches(rest, &actual[i..])),
        Some((e, rest)) => actual
            .split_first()
            .is_some_and(|(a, tail)| a == e && matches(rest, tail)),
    }
}

#[test]
fn readme_console_examples_print_what_they_show() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let all = examples(&readme);
    assert!(all.len() >= 4, "found only {} console examples", all.len());
    for (cmd, expected) in all {
        let args: Vec<&str> = cmd.split_whitespace().collect();
        assert_eq!(
            args[0], "dockward",
            "README example runs something else: {cmd}"
        );
        let o = Command::new(env!("CARGO_BIN_EXE_dockward"))
            .current_dir(root)
            .args(&args[1..])
            .env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("GITHUB_OUTPUT")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&o.stdout);
        let actual: Vec<&str> = stdout.lines().collect();
        assert!(
            matches(&expected, &actual),
            "README example `{cmd}` does not match its output.\nREADME:\n{}\nactual:\n{stdout}",
            expected.join("\n")
        );
    }
}

#[test]
fn the_matcher_skips_only_where_told() {
    let e = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "...", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&e(&["a", "..."]), &["a"]));
    assert!(!matches(&e(&["a", "d"]), &["a", "b", "d"]));
    assert!(!matches(&e(&["found 21"]), &["found 30"]));
}
