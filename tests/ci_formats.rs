//! The CI formats, each read by its consumer or checked against its
//! published definition (`scripts/install/format-consumers.sh` installs
//! them):
//! - `codeclimate` and `gitlab`: type-checked by TypeScript against
//!   `codeclimate-types` (the Code Climate issue specification as types),
//!   plus the fields GitLab requires;
//! - `rdjson`: `rdformat-validator`, strict and without extra fields;
//! - `sonarqube`: ajv against a schema written from SonarQube's
//!   documentation (SonarSource publishes none), plus the checks SonarQube
//!   makes against the file: rules exist, ranges in the lines;
//! - `azure`: every line read back by the Azure Pipelines task library's
//!   command parser, values decoded exactly, and hostile names that try to
//!   close a command or start another.
//!
//! Each validator is also shown a broken document, so a validator that
//! accepts everything fails the test. The checks that need a validator are
//! tests of their own, ignored with the reason `needs `TOOL``: plain
//! `cargo test` lists them as ignored, scripts/test runs them (see
//! tests/common); the checks of the formats' own fields always run.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value;

fn node(script: &str, args: &[&Path], stdin: Option<&str>) -> std::process::Output {
    use std::io::Write;
    let mut c = Command::new("node");
    c.arg(root().join("tests/consumers").join(script))
        .args(args)
        .env("NODE_PATH", root().join(".tools/node_modules"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().expect("node runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// A project with a Compose file, a Dockerfile it builds, findings with
/// labels (an overridden `CMD`) and a line with characters of one, two,
/// three and four UTF-8 bytes (and a UTF-16 surrogate pair) before a
/// finding.
const FIXTURE: &[(&str, &str)] = &[
    (
        "app/Dockerfile",
        "FROM debian:12\nRUN echo \"é€😀\" && chmod 4755 /usr/bin/x\nCMD [\"a\"]\nCMD [\"b\"]\n",
    ),
    (
        "compose.yaml",
        "services:\n  web:\n    build: ./app\n    privileged: true\n    ports:\n      - \"80:8080\"\n",
    ),
];

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), FIXTURE);
    dir
}

fn check(dir: &Path, format: &str) -> String {
    let o = run_in(dir, &["check", "--format", format], &[]);
    assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
    stdout(&o)
}

/// The JSON format's diagnostics: (path, code, start, end, message) and
/// the number of labels of each.
fn expected(dir: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&check(dir, "json")).unwrap();
    v["diagnostics"].as_array().unwrap().clone()
}

fn lines_of(dir: &Path) -> BTreeMap<String, Vec<String>> {
    FIXTURE
        .iter()
        .map(|(p, _)| {
            let text = std::fs::read_to_string(dir.join(p)).unwrap();
            (p.to_string(), text.lines().map(str::to_string).collect())
        })
        .collect()
}

// ------------------------------------------------------------ Code Climate

/// Type-checks `issues` as `Issue[]` of codeclimate-types with tsc
/// (strict; an object literal with a field the type lacks is an error).
fn typecheck_issues(json: &str) -> Result<(), String> {
    let types = npm_package("codeclimate-types");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("issues.ts"),
        format!(
            "import type {{ Issue }} from 'codeclimate-types';\n\
             export const issues: Issue[] = {json};\n"
        ),
    )
    .unwrap();
    let config = serde_json::json!({
        "compilerOptions": {
            "strict": true,
            "noEmit": true,
            "module": "commonjs",
            "target": "es2020",
            "types": [],
            "baseUrl": ".",
            "paths": {"codeclimate-types": [types.join("index.d.ts")]},
        },
        "files": ["issues.ts"],
    });
    std::fs::write(dir.path().join("tsconfig.json"), config.to_string()).unwrap();
    let o = Command::new(tool("tsc"))
        .args(["-p", "."])
        .current_dir(dir.path())
        .output()
        .expect("tsc runs");
    if o.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&o.stdout).into_owned())
    }
}

#[test]
fn codeclimate_issues_are_code_climate_issues_that_gitlab_reads() {
    let dir = fixture();
    let expected = expected(dir.path());
    for format in ["codeclimate", "gitlab"] {
        let out = check(dir.path(), format);
        let issues: Vec<Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(issues.len(), expected.len(), "{format}");
        let prints: HashSet<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert_eq!(prints.len(), issues.len(), "{format}: unique fingerprints");
        for (i, e) in issues.iter().zip(&expected) {
            // What GitLab requires of each issue.
            assert_eq!(i["description"], e["message"], "{format}");
            assert_eq!(
                i["check_name"].as_str().unwrap(),
                format!(
                    "{} {}",
                    e["code"].as_str().unwrap(),
                    e["rule"].as_str().unwrap()
                )
            );
            assert!(
                ["info", "minor", "major", "critical"].contains(&i["severity"].as_str().unwrap())
            );
            assert_eq!(i["location"]["path"], e["path"]);
            let start = &e["range"]["start"];
            let end = &e["range"]["end"];
            if format == "gitlab" {
                assert_eq!(i["location"]["lines"]["begin"], start["line"]);
                assert_eq!(i["location"]["lines"]["end"], end["line"]);
            } else {
                let p = &i["location"]["positions"];
                assert_eq!(p["begin"]["line"], start["line"]);
                assert_eq!(p["begin"]["column"], start["column"]);
                assert_eq!(p["end"]["line"], end["line"]);
                assert_eq!(p["end"]["column"], end["column"]);
                let labels = e["labels"].as_array().map_or(0, Vec::len);
                let others = i["other_locations"].as_array().map_or(0, Vec::len);
                assert_eq!(others, labels, "{i}");
            }
            assert!(
                i["content"]["body"]
                    .as_str()
                    .unwrap()
                    .contains(e["url"].as_str().unwrap())
            );
        }
        if format == "codeclimate" {
            assert!(
                issues.iter().any(|i| i["other_locations"].is_array()),
                "the fixture has labels"
            );
            let cats: HashSet<&str> = issues
                .iter()
                .map(|i| i["categories"][0].as_str().unwrap())
                .collect();
            assert!(
                cats.contains("Security") && cats.contains("Bug Risk"),
                "{cats:?}"
            );
        }
    }
}

#[test]
#[ignore = "needs `tsc` and `codeclimate-types` (scripts/install/format-consumers.sh); scripts/test runs it"]
fn codeclimate_and_gitlab_type_check_as_code_climate_issues() {
    let dir = fixture();
    for format in ["codeclimate", "gitlab"] {
        let out = check(dir.path(), format);
        if let Err(e) = typecheck_issues(&out) {
            panic!("{format}: not Code Climate issues:\n{e}\n{out}");
        }
    }
    // The check can fail: a severity outside the specification, a field it
    // does not define.
    let bad = r#"[{"type": "issue", "check_name": "x", "description": "d", "categories": ["Security"], "location": {"path": "a", "lines": {"begin": 1, "end": 1}}, "severity": "severe"}]"#;
    assert!(typecheck_issues(bad).is_err());
    let extra = r#"[{"type": "issue", "check_name": "x", "description": "d", "categories": ["Security"], "location": {"path": "a", "lines": {"begin": 1, "end": 1}}, "level": "error"}]"#;
    assert!(typecheck_issues(extra).is_err());
}

// ------------------------------------------------------------ reviewdog

fn rdformat_validator(doc: &str) -> Result<(), String> {
    let tool = tool("rdformat-validator");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    std::fs::write(&file, doc).unwrap();
    let o = Command::new(tool)
        .args(["--strict", "--no-extra-fields", "--format", "json"])
        .arg(&file)
        .output()
        .expect("rdformat-validator runs");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let result: Value = serde_json::from_str(&text).unwrap_or_else(|_| {
        panic!(
            "validator output: {text}{}",
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let valid = result["success"] == true && result["fileResults"][0]["valid"] == true;
    if valid && o.status.success() {
        Ok(())
    } else {
        Err(text)
    }
}

#[test]
fn rdjson_is_valid_reviewdog_diagnostic_format() {
    let dir = fixture();
    let expected = expected(dir.path());
    let out = check(dir.path(), "rdjson");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["source"]["name"], "dockward");
    let diags = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), expected.len());
    let lines = lines_of(dir.path());
    // Columns are 1-based UTF-8 byte offsets: the text between the line's
    // start and the column is the text before the span.
    let mut wide = 0;
    for (d, e) in diags.iter().zip(&expected) {
        assert_eq!(d["code"]["value"], e["code"]);
        assert_eq!(d["location"]["path"], e["path"]);
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .starts_with(e["message"].as_str().unwrap())
        );
        let start = &d["location"]["range"]["start"];
        assert_eq!(start["line"], e["range"]["start"]["line"]);
        let line =
            &lines[e["path"].as_str().unwrap()][start["line"].as_u64().unwrap() as usize - 1];
        let bytes = start["column"].as_u64().unwrap() as usize - 1;
        let chars = e["range"]["start"]["column"].as_u64().unwrap() as usize - 1;
        assert_eq!(line[..bytes].chars().count(), chars, "{line}");
        if bytes != chars {
            wide += 1;
        }
        let sev = d["severity"].as_str().unwrap();
        let want = match e["severity"].as_str().unwrap() {
            "error" => "ERROR",
            "warning" => "WARNING",
            _ => "INFO",
        };
        assert_eq!(sev, want);
        let labels = e["labels"].as_array().map_or(0, Vec::len);
        assert_eq!(
            d["related_locations"].as_array().map_or(0, Vec::len),
            labels
        );
    }
    assert!(wide > 0, "a finding after multi-byte characters");
}

#[test]
#[ignore = "needs `rdformat-validator` (scripts/install/format-consumers.sh); scripts/test runs it"]
fn rdjson_passes_the_reviewdog_validator() {
    let dir = fixture();
    let out = check(dir.path(), "rdjson");
    if let Err(e) = rdformat_validator(&out) {
        panic!("rdjson rejected:\n{e}\n{out}");
    }
    // The validator can fail.
    let broken = r#"{"diagnostics": [{"message": "m", "location": {"path": "a", "range": {"start": {"line": 0}}}, "severity": "FATAL"}]}"#;
    assert!(
        rdformat_validator(broken).is_err(),
        "a broken document is rejected"
    );
}

// ------------------------------------------------------------ SonarQube

fn sonar_schema_check(doc: &str) -> Result<(), String> {
    npm_package("ajv");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    std::fs::write(&file, doc).unwrap();
    let schema = root().join("tests/consumers/sonarqube-generic-issues.schema.json");
    let o = node("json-schema.js", &[&schema, &file], None);
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ))
    }
}

/// What SonarQube checks when it imports a report, besides the schema:
/// every issue's rule is in `rules` (once), and every text range lies in
/// the file: lines that exist, columns within the line (UTF-16 code
/// units, 0-based), start before end.
fn sonar_semantics(doc: &Value, base: &Path) {
    let rules: Vec<&str> = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let unique: HashSet<&&str> = rules.iter().collect();
    assert_eq!(unique.len(), rules.len(), "rule ids are unique");
    let mut files: BTreeMap<String, Vec<Vec<u16>>> = BTreeMap::new();
    let mut check_range = |loc: &Value| {
        let path = loc["filePath"].as_str().unwrap().to_string();
        let lines = files.entry(path.clone()).or_insert_with(|| {
            let text = std::fs::read_to_string(base.join(&path)).unwrap();
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            // SonarQube counts the empty line after a final line break.
            text.split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l).encode_utf16().collect())
                .collect()
        });
        let r = &loc["textRange"];
        let sl = r["startLine"].as_u64().unwrap() as usize;
        let el = r["endLine"].as_u64().unwrap_or(sl as u64) as usize;
        assert!(sl >= 1 && sl <= el && el <= lines.len(), "{path}: {r}");
        if let (Some(sc), Some(ec)) = (r["startColumn"].as_u64(), r["endColumn"].as_u64()) {
            assert!(sc as usize <= lines[sl - 1].len(), "{path}: {r}");
            assert!(ec as usize <= lines[el - 1].len(), "{path}: {r}");
            assert!((sl, sc) < (el, ec), "{path}: start before end: {r}");
        }
    };
    for i in doc["issues"].as_array().unwrap() {
        assert!(rules.contains(&i["ruleId"].as_str().unwrap()), "{i}");
        check_range(&i["primaryLocation"]);
        for s in i["secondaryLocations"].as_array().into_iter().flatten() {
            check_range(s);
        }
    }
}

#[test]
fn sonarqube_report_follows_the_generic_issue_format() {
    let dir = fixture();
    let expected = expected(dir.path());
    let out = check(dir.path(), "sonarqube");
    let doc: Value = serde_json::from_str(&out).unwrap();
    sonar_semantics(&doc, dir.path());
    let issues = doc["issues"].as_array().unwrap();
    assert_eq!(issues.len(), expected.len());
    let lines = lines_of(dir.path());
    let mut wide = 0;
    for (i, e) in issues.iter().zip(&expected) {
        assert_eq!(i["ruleId"], e["code"]);
        let p = &i["primaryLocation"];
        assert_eq!(p["message"], e["message"]);
        assert_eq!(p["filePath"], e["path"]);
        let r = &p["textRange"];
        assert_eq!(r["startLine"], e["range"]["start"]["line"]);
        if let Some(sc) = r["startColumn"].as_u64() {
            let line =
                &lines[e["path"].as_str().unwrap()][r["startLine"].as_u64().unwrap() as usize - 1];
            let chars = e["range"]["start"]["column"].as_u64().unwrap() as usize - 1;
            let units: usize = line.chars().take(chars).map(char::len_utf16).sum();
            assert_eq!(sc as usize, units, "{line}");
            if units != chars {
                wide += 1;
            }
        }
        let labels = e["labels"].as_array().map_or(0, Vec::len);
        assert_eq!(
            i["secondaryLocations"].as_array().map_or(0, Vec::len),
            labels
        );
    }
    assert!(wide > 0, "a finding after a surrogate pair");
    let privileged = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "DC001")
        .unwrap();
    assert_eq!(privileged["engineId"], "dockward");
    assert_eq!(privileged["impacts"][0]["softwareQuality"], "SECURITY");
    assert_eq!(privileged["impacts"][0]["severity"], "HIGH");
}

/// The fixture's report and the one of awkward ranges below match the
/// schema.
#[test]
#[ignore = "needs `node` and `ajv` (scripts/install/format-consumers.sh); scripts/test runs it"]
fn sonarqube_reports_match_the_schema() {
    let dir = fixture();
    let out = check(dir.path(), "sonarqube");
    if let Err(e) = sonar_schema_check(&out) {
        panic!("sonarqube report does not match the schema:\n{e}\n{out}");
    }
    let (_dir, out) = awkward_ranges_report();
    if let Err(e) = sonar_schema_check(std::str::from_utf8(&out).unwrap()) {
        panic!("{e}");
    }
    // The schema check can fail.
    let broken = r#"{"rules": [{"id": "r", "name": "n", "engineId": "e", "impacts": []}], "issues": [{"ruleId": "r", "primaryLocation": {"message": "m", "filePath": "f"}}]}"#;
    assert!(
        sonar_schema_check(broken).is_err(),
        "a broken document is rejected"
    );
}

/// A report of spans SonarQube would refuse as they are: zero-width,
/// ending on the `\r` of a CRLF line break or after it, covering a whole
/// empty file; and the directory of their files.
fn awkward_ranges_report() -> (tempfile::TempDir, Vec<u8>) {
    use dockward::diagnostic::Diagnostic;
    use dockward::lint::{FileReport, RunReport};
    use dockward::render::{Format, Style};
    use dockward::source::{FileKind, SourceFile, Span};
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let text = "FROM debian:12\r\nUSER 0\r\n";
    write_files(
        dir.path(),
        &[("Dockerfile", text), ("empty/Dockerfile", "")],
    );
    let meta = dockward::rules::find("root-user").unwrap().meta;
    let user = text.find("USER").unwrap() as u32;
    let cr = text.rfind('\r').unwrap() as u32;
    let spans = [
        Span::new(user, user),
        Span::new(user, cr + 1),
        Span::new(user, cr + 2),
        Span::new(cr, cr + 2),
    ];
    let file = |p: &str, t: &str| Arc::new(SourceFile::new(p, FileKind::Dockerfile, t.into()));
    let report = RunReport {
        files: vec![
            FileReport {
                source: file("Dockerfile", text),
                diagnostics: spans
                    .iter()
                    .map(|&s| Diagnostic::new(meta, s, "the container runs as root"))
                    .collect(),
            },
            FileReport {
                source: file("empty/Dockerfile", ""),
                diagnostics: vec![Diagnostic::new(meta, Span::new(0, 0), "empty")],
            },
        ],
        ..RunReport::default()
    };
    let mut out = Vec::new();
    let style = Style {
        cwd: Some(dir.path().to_path_buf()),
        ..Style::default()
    };
    dockward::render::render(Format::Sonarqube, &report, &style, &mut out).unwrap();
    (dir, out)
}

/// Each range of [`awkward_ranges_report`] stays inside its lines, start
/// before end.
#[test]
fn sonarqube_ranges_stay_inside_lines() {
    let (dir, out) = awkward_ranges_report();
    let doc: Value = serde_json::from_slice(&out).unwrap();
    sonar_semantics(&doc, dir.path());
    let ranges: Vec<&Value> = doc["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["primaryLocation"]["textRange"])
        .collect();
    let range = |sl: u32, el: u32, cols: Option<(u32, u32)>| {
        let mut r = serde_json::json!({"startLine": sl, "endLine": el});
        if let Some((sc, ec)) = cols {
            r["startColumn"] = sc.into();
            r["endColumn"] = ec.into();
        }
        r
    };
    assert_eq!(*ranges[0], range(2, 2, None), "zero-width: the line");
    assert_eq!(*ranges[1], range(2, 2, Some((0, 6))), "not into the \\r");
    assert_eq!(*ranges[2], range(2, 3, Some((0, 0))));
    assert_eq!(*ranges[3], range(2, 3, Some((6, 0))));
    assert_eq!(*ranges[4], range(1, 1, None));
}

// ------------------------------------------------------------ Azure

/// Each line as the task library's parser reads it.
fn azure_parse(out: &str) -> Vec<Value> {
    npm_package("azure-pipelines-task-lib");
    let o = node("azure-parse.js", &[], Some(out));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice::<Vec<Value>>(&o.stdout).unwrap()
}

/// Checks what a line of the azure format is to the agent, which reads a
/// command from the first `##vso[` of a line to the first `]` after it:
/// the line starts with our command, the properties are exactly ours, and
/// the decoded values are the original ones.
fn assert_logissue(parsed: &Value, line: &str, path: &str, e: &Value) {
    assert!(line.starts_with("##vso[task.logissue "), "{line}");
    assert!(!line.contains('\r'), "{line:?}");
    assert_eq!(parsed["command"], "task.logissue", "{line}");
    let props = parsed["properties"].as_object().unwrap();
    let keys: Vec<&str> = props.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["type", "sourcepath", "linenumber", "columnnumber", "code"],
        "{line}"
    );
    let want_type = if e["severity"] == "error" {
        "error"
    } else {
        "warning"
    };
    assert_eq!(props["type"], want_type);
    assert_eq!(props["sourcepath"], path, "{line}");
    assert_eq!(props["linenumber"], e["range"]["start"]["line"].to_string());
    assert_eq!(
        props["columnnumber"],
        e["range"]["start"]["column"].to_string()
    );
    assert_eq!(props["code"], e["code"]);
    let message = parsed["message"].as_str().unwrap();
    let head = format!(
        "{} [{} {}]",
        e["message"].as_str().unwrap(),
        e["code"].as_str().unwrap(),
        e["rule"].as_str().unwrap()
    );
    assert!(message.starts_with(&head), "{message:?}\n{head:?}");
}

#[test]
fn azure_writes_one_logging_command_per_finding() {
    let dir = fixture();
    let expected = expected(dir.path());
    let out = check(dir.path(), "azure");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{out}");
    for (line, e) in lines.iter().zip(&expected) {
        assert!(line.starts_with("##vso[task.logissue type="), "{line}");
        assert!(
            line.contains(&format!(";code={};]", e["code"].as_str().unwrap())),
            "{line}"
        );
    }
}

#[test]
#[ignore = "needs `node` and `azure-pipelines-task-lib` (scripts/install/format-consumers.sh); scripts/test runs it"]
fn azure_logging_commands_read_back_exactly() {
    let dir = fixture();
    let expected = expected(dir.path());
    let out = check(dir.path(), "azure");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{out}");
    let parsed = azure_parse(&out);
    let base = dir.path().canonicalize().unwrap();
    for ((p, line), e) in parsed.iter().zip(&lines).zip(&expected) {
        let path = base.join(e["path"].as_str().unwrap());
        assert_logissue(p, line, path.to_str().unwrap(), e);
    }
    // The parser decodes: a property with a `;` and a `]` written raw
    // would not read back.
    let raw = azure_parse("##vso[task.logissue type=error;sourcepath=a;b]c;]m\n");
    assert_ne!(raw[0]["properties"]["sourcepath"], "a;b]c");
}

/// A directory whose name has `;`, `]`, `%`, `##vso[` and a line break.
const EVIL_DIR: &str =
    "d;sourcepath=/etc/passwd]x%0A%AZP25 ##vso[task.setvariable variable=PATH]y\nz";

/// Names from the input that hold the command syntax: [`EVIL_DIR`] and
/// Compose service names with the same; the directory, the azure output
/// and the JSON diagnostics.
fn hostile_azure() -> (tempfile::TempDir, String, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let evil = EVIL_DIR;
    let compose = "services:\n  \"w]; ##vso[task.complete result=Succeeded;]done\":\n    image: \"nginx:1;]%3B\"\n    privileged: true\n  \"n\\nl\\r##vso[task.setvariable variable=X]1\":\n    image: nginx:1\n    privileged: true\n";
    write_files(
        dir.path(),
        &[
            (&format!("{evil}/Dockerfile"), "FROM debian:12\nUSER 0\n"),
            ("compose.yaml", compose),
        ],
    );
    let out = check(dir.path(), "azure");
    let expected = expected(dir.path());
    (dir, out, expected)
}

/// None of the hostile names may end the command, add a property or start
/// a second command.
#[test]
fn azure_hostile_names_never_start_or_close_a_command() {
    let (_dir, out, expected) = hostile_azure();
    assert_eq!(
        out.lines().count(),
        expected.len(),
        "one line per finding:\n{out}"
    );
    for line in out.lines() {
        // Our command ends at the first `]`, before any value's text.
        let first = line.find(']').unwrap();
        assert_eq!(line.find("##vso["), Some(0), "{line}");
        let props = &line["##vso[task.logissue ".len()..first];
        assert_eq!(props.matches(';').count(), 5, "{line}");
    }
    assert!(
        expected
            .iter()
            .any(|e| e["message"].as_str().unwrap().contains("##vso\\u{5b}")),
        "a message quotes a hostile service name (its `##vso[` escaped, crate::escape)"
    );
}

/// Every value of the hostile names' commands reads back as it was.
#[test]
#[ignore = "needs `node` and `azure-pipelines-task-lib` (scripts/install/format-consumers.sh); scripts/test runs it"]
fn azure_hostile_names_read_back_exactly() {
    let (dir, out, expected) = hostile_azure();
    let parsed = azure_parse(&out);
    let base = dir.path().canonicalize().unwrap();
    let mut evil_paths = 0;
    for ((p, line), e) in parsed.iter().zip(out.lines()).zip(&expected) {
        // The hostile name is shown the way every output shows a file
        // name (`source::display_path`), and reads back as that.
        let shown = e["path"].as_str().unwrap();
        let raw = if shown.trim_start_matches('"').starts_with("d;") {
            evil_paths += 1;
            format!("{EVIL_DIR}/Dockerfile")
        } else {
            shown.to_string()
        };
        let path = dockward::source::display_path(&base.join(raw));
        assert_logissue(p, line, &path, e);
    }
    assert!(evil_paths > 0, "the hostile directory was linted");
}

// ------------------------------------------------------------ corpus

/// Every CI format of the whole corpus, from one run: as many entries as
/// the JSON format has diagnostics, each validator satisfied. One test, so
/// that the corpus is linted once.
#[test]
#[ignore = "needs `rdformat-validator`, `node`, `ajv` and `azure-pipelines-task-lib` (scripts/install/format-consumers.sh); scripts/test runs it"]
fn ci_formats_of_the_corpus_are_valid() {
    let corpus = corpus_root();
    let shared = corpus.parent().unwrap().to_path_buf();
    let out = tempfile::tempdir().unwrap();
    let file = |f: &str| out.path().join(f);
    let mut args = vec![
        "check".to_string(),
        "-q".into(),
        "--format".into(),
        "json".into(),
    ];
    for f in ["codeclimate", "rdjson", "sonarqube", "azure"] {
        args.push("-o".into());
        args.push(format!("{f}={}", file(f).display()));
    }
    args.push("corpus".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run_in(&shared, &args, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = json["diagnostics"].as_array().unwrap().len();
    let read = |f: &str| std::fs::read_to_string(file(f)).unwrap();

    let cc: Vec<Value> = serde_json::from_str(&read("codeclimate")).unwrap();
    assert_eq!(cc.len(), n);
    let prints: HashSet<&str> = cc
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), n);

    let rd = read("rdjson");
    assert_eq!(
        serde_json::from_str::<Value>(&rd).unwrap()["diagnostics"]
            .as_array()
            .unwrap()
            .len(),
        n
    );
    if let Err(e) = rdformat_validator(&rd) {
        panic!("{}", &e[..e.len().min(4000)]);
    }

    let sq = read("sonarqube");
    let doc: Value = serde_json::from_str(&sq).unwrap();
    assert_eq!(doc["issues"].as_array().unwrap().len(), n);
    sonar_semantics(&doc, &shared);
    if let Err(e) = sonar_schema_check(&sq) {
        panic!("{}", &e[..e.len().min(4000)]);
    }

    let az = read("azure");
    assert_eq!(az.lines().count(), n);
    let parsed = azure_parse(&az);
    assert_eq!(parsed.len(), n);
    for (p, line) in parsed.iter().zip(az.lines()) {
        assert_eq!(p["command"], "task.logissue", "{line}");
        let keys = p["properties"].as_object().unwrap().len();
        assert_eq!(keys, 5, "{line}");
    }
}

// ------------------------------------------------------------ listings

/// Every format is offered wherever formats are listed: `check --help`,
/// the README's usage and format table, and the Action's `formats` input.
#[test]
fn every_format_is_listed_where_formats_are_listed() {
    let help = stdout(&run_in(&root(), &["check", "--help"], &[]));
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let usage = readme
        .split("--format FORMAT")
        .nth(1)
        .and_then(|s| s.split("[env: DOCKWARD_FORMAT]").next())
        .expect("the README's usage lists the formats");
    let action_list = action
        .split("Formats: ")
        .nth(1)
        .and_then(|s| s.split('.').next())
        .expect("the Action lists the formats");
    for f in dockward::render::Format::ALL {
        let name = f.as_str();
        let word = |text: &str| {
            text.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == name)
        };
        assert!(word(&help), "`check --help` lacks {name}");
        assert!(word(usage), "README usage lacks {name}");
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "README table lacks {name}"
        );
        assert!(word(action_list), "action.yml lacks {name}");
    }
}
