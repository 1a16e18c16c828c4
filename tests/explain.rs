//! `dockward explain RULE`: the page rendered for a terminal, paged when
//! stdout is one (a pseudo-terminal from util-linux's `script`), plain
//! text when it is not, the Markdown source with `--markdown`.

mod common;

use std::process::Command;

use common::*;
use dockward::render::page::{PageStyle, terminal};
use dockward::rules::RULES;

const PLAIN: PageStyle = PageStyle {
    color: false,
    width: 80,
};

/// The Markdown syntax a reader should never see: fences, heading marks,
/// emphasis stars, link brackets, table pipes.
fn assert_no_markdown(code: &str, text: &str) {
    for line in text.lines() {
        let t = line.trim_start();
        // Examples are indented by four or more; their lines are as written.
        if line.len() - t.len() >= 4 {
            continue;
        }
        assert!(!t.starts_with("```"), "{code}: a fence: {line}");
        assert!(
            !t.starts_with("# ") && !t.starts_with("## "),
            "{code}: a heading mark: {line}"
        );
        assert!(!t.starts_with('|'), "{code}: a table row: {line}");
        // Outside code spans (`**` is a glob in DF239's page).
        let prose: String = line.split('`').step_by(2).collect();
        assert!(!prose.contains("**"), "{code}: strong marks: {line}");
        assert!(!prose.contains("]("), "{code}: a link: {line}");
    }
}

/// Every rule page: no Markdown syntax left; each example's lines appear
/// verbatim, indented under a label saying bad or good; every link's
/// address is printed (relative ones made absolute or turned into the
/// `explain` command); no prose line is longer than the width unless it
/// is one word.
#[test]
fn every_rule_page_renders_without_markdown_syntax() {
    for r in RULES {
        let m = r.meta;
        let text = terminal(m.doc, PLAIN);
        assert_no_markdown(m.code, &text);
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(format!("{} ({})", m.name, m.code).as_str())
        );
        assert!(lines.next().unwrap().chars().all(|c| c == '='));
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words(&text).contains(&words(m.summary)),
            "{}: the summary",
            m.code
        );
        // Examples: each fenced line, indented.
        let mut in_code = false;
        let mut bad = 0;
        let mut good = 0;
        for l in m.doc.lines() {
            if let Some(info) = l.strip_prefix("```") {
                in_code = !in_code;
                bad += usize::from(info.ends_with(" bad"));
                good += usize::from(info.ends_with(" good"));
                continue;
            }
            if in_code && !l.is_empty() {
                assert!(
                    text.lines().any(|t| t
                        .strip_suffix(l)
                        .is_some_and(|pre| { pre.len() >= 4 && pre.chars().all(|c| c == ' ') })),
                    "{}: example line `{l}` is not shown as written",
                    m.code
                );
            }
        }
        assert_eq!(text.matches("✗ bad ").count(), bad, "{}", m.code);
        assert_eq!(text.matches("✓ good ").count(), good, "{}", m.code);
        assert!(text.contains("Severity class: "), "{}", m.code);
        assert!(
            text.contains("/blob/main/docs/severity.md#"),
            "{}: the class link made absolute",
            m.code
        );
        for line in text.lines() {
            if !line.starts_with("    ") && line.trim().contains(' ') {
                assert!(
                    line.chars().count() <= 80 || line.split(' ').any(|w| w.chars().count() > 60),
                    "{}: `{line}` is wider than 80",
                    m.code
                );
            }
        }
    }
}

/// A page written to show every construct, rendered exactly.
#[test]
fn constructs_render_exactly() {
    let md = "# some-rule (DF999)\n\nfirst paragraph with `code`, **strong** and a \
              [link](DF002-root-user.md) and [another](https://example.com/x).\n\n\
              ## Examples\n\n```dockerfile bad\nFROM a\n\nRUN b\n```\n\n\
              - one\n- two, long enough to wrap at forty columns of text here\n  \
              - nested\n\n| a | bb |\n|---|---|\n| ccc | d |\n";
    let got = terminal(
        md,
        PageStyle {
            color: false,
            width: 40,
        },
    );
    let want = "\
some-rule (DF999)
=================

first paragraph with `code`, strong and
a link (dockward explain DF002) and
another (https://example.com/x).

Examples
--------

  ✗ bad Dockerfile:
    FROM a

    RUN b

  - one
  - two, long enough to wrap at forty
    columns of text here
    - nested

  a    bb
  -------
  ccc  d
";
    assert_eq!(got, want, "\n{got}");
    // With colour: escapes, and code without its backticks.
    let colored = terminal(
        md,
        PageStyle {
            color: true,
            width: 40,
        },
    );
    assert!(colored.contains("\x1b[36mcode\x1b[0m"), "{colored}");
    assert!(!colored.contains('`'), "{colored}");
}

#[test]
fn explain_prints_plain_text_when_piped_and_markdown_on_request() {
    let o = run_in(&root(), &["explain", "DF002"], &[]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.starts_with("root-user (DF002)\n================="),
        "{text}"
    );
    assert!(!text.contains('\x1b'));
    assert_no_markdown("DF002", &text);
    let o = run_in(&root(), &["explain", "--markdown", "DL3002"], &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("# root-user (DF002)\n"));
    let o = run_in(&root(), &["explain", "root-usr"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `root-user`"));
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('\x1b') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find('m').map_or(after.len(), |e| e + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Runs `dockward ARGS` on a pseudo-terminal (util-linux `script`),
/// returning what reached the terminal.
fn on_a_terminal(args: &str, env: &[(&str, &str)]) -> String {
    let script = tool("script");
    let mut c = Command::new(script);
    c.args(["-qec"])
        .arg(format!("{} {args}", dockward().display()))
        .arg("/dev/null")
        .env_remove("NO_COLOR")
        .env_remove("LESS")
        .env_remove("DOCKWARD_PAGER")
        .env_remove("PAGER")
        .env("COLUMNS", "80");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("script runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).replace("\r\n", "\n")
}

/// On a terminal the page goes through the pager (`DOCKWARD_PAGER` before
/// `PAGER`), in colour, with `LESS=FRX` when `LESS` is unset; `--no-pager`
/// and an empty pager print it directly; a pager that cannot be run is
/// replaced by printing.
#[test]
#[ignore = "needs `script` (util-linux, for a pseudo-terminal)"]
fn explain_pages_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let paged = dir.path().join("paged");
    let pager = format!("echo \"LESS=$LESS\" > '{0}'; cat >> '{0}'", paged.display());
    let screen = on_a_terminal("explain DF002", &[("DOCKWARD_PAGER", &pager)]);
    assert_eq!(screen, "", "everything went to the pager");
    let got = std::fs::read_to_string(&paged).unwrap();
    assert!(got.starts_with("LESS=FRX\n"), "{got}");
    assert!(got.contains("\x1b["), "coloured on a terminal");
    let plain = strip_ansi(&got);
    assert!(
        plain.contains("root-user (DF002)\n================="),
        "{plain}"
    );
    assert_no_markdown("DF002", &plain);

    // PAGER is used when DOCKWARD_PAGER is not set.
    std::fs::remove_file(&paged).unwrap();
    on_a_terminal("explain DF002", &[("PAGER", &pager), ("LESS", "R")]);
    assert!(
        std::fs::read_to_string(&paged)
            .unwrap()
            .starts_with("LESS=R\n")
    );

    // No pager: printed to the terminal.
    std::fs::remove_file(&paged).unwrap();
    for (args, env) in [
        ("explain --no-pager DF002", vec![("PAGER", pager.as_str())]),
        ("explain DF002", vec![("PAGER", "")]),
        ("explain DF002", vec![("PAGER", "cat")]),
        (
            "explain DF002",
            vec![("DOCKWARD_PAGER", "/nonexistent/pager")],
        ),
    ] {
        let screen = strip_ansi(&on_a_terminal(args, &env));
        assert!(
            screen.contains("root-user (DF002)"),
            "{args} {env:?}: {screen}"
        );
        assert!(
            screen.contains("Why is this bad?"),
            "{args} {env:?}: the whole page"
        );
        assert!(!paged.exists(), "{args} {env:?}");
    }
    // NO_COLOR on a terminal.
    let screen = on_a_terminal("explain --no-pager DF002", &[("NO_COLOR", "1")]);
    assert!(!screen.contains('\x1b'), "{screen}");
}
