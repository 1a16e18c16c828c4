//! Compatibility with other tools' suppression comments and configuration:
//! hadolint pragmas, BuildKit's `# check=skip=` directive, and other
//! tools' rule ids in `dockward.toml` and on the command line.

use std::path::{Path, PathBuf};

use dockward::config::{Config, Overrides};
use dockward::lint::lint_text;
use dockward::source::FileKind;

fn config(toml: &str) -> Config {
    Config::from_table(
        &toml::from_str(toml).unwrap(),
        PathBuf::from("/nonexistent"),
    )
    .unwrap()
}

/// `(line, rule name)` of every diagnostic.
fn lint(src: &str, cfg: &Config) -> Vec<(usize, String)> {
    let r = lint_text(
        Path::new("/nonexistent/Dockerfile"),
        FileKind::Dockerfile,
        src.to_string(),
        cfg,
    );
    r.diagnostics
        .iter()
        .map(|d| {
            (
                r.source.line_col(d.span.start).line as usize,
                d.rule.name.to_string(),
            )
        })
        .collect()
}

fn names(v: &[(usize, String)]) -> Vec<&str> {
    v.iter().map(|(_, n)| n.as_str()).collect()
}

#[test]
fn hadolint_pragma_suppresses_the_mapped_rule_on_the_next_line() {
    let cfg = config("");
    let src = "FROM alpine:3.20 AS a\n# hadolint ignore=DL3007\nFROM alpine:latest\nUSER 1000\n";
    assert!(lint(src, &cfg).is_empty(), "{:?}", lint(src, &cfg));
    // A code that maps to no rule reporting here: the pragma is unused.
    let src = "FROM alpine:3.20\n# hadolint ignore=DL3006\nFROM alpine:latest\nUSER 1000\n";
    let got = lint(src, &cfg);
    assert_eq!(names(&got), ["unused-suppression", "latest-base-image"]);
    // Codes of rules that did not run are not reported as unused.
    let src = "FROM alpine:3.20\n# hadolint ignore=DL3008,SC2086\nRUN apk add curl\nUSER 1000\n";
    assert!(!names(&lint(src, &cfg)).contains(&"unused-suppression"));
}

#[test]
fn hadolint_pragma_that_hadolint_would_not_apply_is_reported() {
    let cfg = config("");
    let src = "FROM alpine:3.20\n# hadolint ignore=DL3007\n\nFROM alpine:latest\nUSER 1000\n";
    let got = lint(src, &cfg);
    assert_eq!(
        names(&got),
        ["unused-suppression", "latest-base-image"],
        "{got:?}"
    );
    let src = "FROM alpine:3.20\n# hadolint ignore=DL3007 because it is fine\nFROM alpine:latest\nUSER 1000\n";
    let got = lint(src, &cfg);
    assert_eq!(
        names(&got),
        ["unused-suppression", "latest-base-image"],
        "{got:?}"
    );
}

#[test]
fn hadolint_global_and_stage_pragmas() {
    let cfg = config("");
    let src =
        "# hadolint global ignore=DL3007\nFROM alpine:latest AS a\nFROM alpine:latest\nUSER 1000\n";
    assert!(lint(src, &cfg).is_empty());
    let src = "FROM alpine:latest AS a\n# hadolint stage ignore=DL3007\nFROM alpine:latest AS b\nRUN true\nFROM alpine:latest\nUSER 1000\n";
    let got = lint(src, &cfg);
    assert_eq!(
        got,
        [
            (1, "latest-base-image".to_string()),
            (5, "latest-base-image".to_string())
        ]
    );
}

#[test]
fn buildkit_check_skip_turns_mapped_rules_off_for_the_file() {
    let cfg = config("");
    let src = "# check=skip=JSONArgsRecommended\nFROM alpine:3.20\nUSER 1000\nCMD echo hi\n";
    assert!(lint(src, &cfg).is_empty(), "{:?}", lint(src, &cfg));
    let src = "# check=skip=all\nFROM alpine:latest\nMAINTAINER me\nUSER 1000\nCMD echo hi\n";
    // latest-base-image has no BuildKit equivalent, so it stays.
    assert_eq!(names(&lint(src, &cfg)), ["latest-base-image"]);
    // A named check that matched nothing is reported.
    let src = "# check=skip=MaintainerDeprecated\nFROM alpine:3.20\nUSER 1000\n";
    assert_eq!(names(&lint(src, &cfg)), ["unused-suppression"]);
}

#[test]
fn configuration_accepts_other_tools_ids() {
    let src = "FROM alpine:latest\nMAINTAINER me\nUSER app\n";
    let base = names(&lint(src, &config(""))).len();
    assert_eq!(base, 2);
    let got = lint(
        src,
        &config("ignore = [\"DL3007\", \"MaintainerDeprecated\"]"),
    );
    assert!(got.is_empty(), "{got:?}");
    let got = lint(src, &config("select = [\"DL3066\"]"));
    assert!(names(&got).contains(&"non-numeric-user"));
    let got = lint(src, &config("[rules.DL4000]\nseverity = \"off\""));
    assert_eq!(names(&got), ["latest-base-image"]);
    // On the command line too.
    let cfg = Config::defaults(&Overrides {
        ignore: vec!["CKV_DOCKER_7".into()],
        ..Overrides::default()
    })
    .unwrap();
    assert_eq!(names(&lint(src, &cfg)), ["maintainer-instruction"]);
    // And in dockward's own comments.
    let src =
        "FROM alpine:3.20\n# dockward: ignore[DL4000] legacy image\nMAINTAINER me\nUSER 1000\n";
    assert!(lint(src, &config("")).is_empty());
}
