//! Edge cases of the Dockerfile stage rules that pages do not show: no
//! panic on odd input, with every rule enabled.

use std::path::{Path, PathBuf};

use dockward::config::Config;
use dockward::lint::lint_text;
use dockward::source::FileKind;

fn all_rules() -> Config {
    Config::from_table(
        &toml::from_str("select = [\"all\"]").unwrap(),
        PathBuf::from("/nonexistent"),
    )
    .unwrap()
}

fn lint(src: &str) -> Vec<String> {
    let r = lint_text(
        Path::new("/nonexistent/Dockerfile"),
        FileKind::Dockerfile,
        src.to_string(),
        &all_rules(),
    );
    r.diagnostics
        .iter()
        .map(|d| format!("{} {}", d.rule.name, d.message))
        .collect()
}

#[test]
fn instructions_without_any_stage_do_not_panic() {
    for src in [
        "WORKDIR app\nCMD echo hi\nCOPY a b c\nEXPOSE 99999\nUSER app\n",
        "ARG X\nENV A=$X B=$A\nLABEL k=$Y\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n",
        "ONBUILD FROM x\nONBUILD COPY --from=nowhere / /\nADD $U /x\n",
        "",
        "# only a comment\n",
    ] {
        let got = lint(src);
        assert!(
            got.iter().all(|m| !m.contains("internal error")),
            "{src:?}: {got:?}"
        );
    }
}

#[test]
fn each_rule_reports_once_per_problem() {
    let got = lint("WORKDIR app\nFROM alpine:3.20\nUSER 1000\n");
    let before: Vec<_> = got
        .iter()
        .filter(|m| m.starts_with("instruction-before-from"))
        .collect();
    assert_eq!(before.len(), 1, "{got:?}");
    assert!(
        got.iter().any(|m| m.starts_with("relative-workdir")),
        "{got:?}"
    );
}
