//! The output formats, each checked against what its consumer needs:
//! SARIF validated by SARIF Multitool (the SARIF rules and GitHub's
//! ingestion rules), GitHub workflow commands parsed the way the runner
//! parses them, JUnit read by junitparser, checkstyle and JUnit read back as
//! XML, GitLab Code Quality fingerprints, `--output` with several formats in
//! one run, `--statistics`, `--show-source`, the JSON contract, and the
//! progress indicator on a terminal.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use common::*;
use dockward::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use dockward::lint::{FileReport, RunReport};
use dockward::render::{self, Format, Style};
use dockward::source::{FileKind, SourceFile, Span};
use serde_json::Value;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), PROJECT);
    dir
}

fn json_report(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = run_in(dir, &all, &[]);
    serde_json::from_str(&stdout(&o)).expect("json output")
}

// ---------------------------------------------------------------- SARIF

/// Runs `sarif-multitool validate` with one rule kind and returns the
/// (level, rule id, message) of every finding at warning level or above.
fn multitool(tool: &Path, sarif: &Path, rule_kind: &str) -> Vec<(String, String, String)> {
    multitool_levels(tool, sarif, rule_kind, "Error;Warning;Note")
}

fn multitool_levels(
    tool: &Path,
    sarif: &Path,
    rule_kind: &str,
    levels: &str,
) -> Vec<(String, String, String)> {
    let out = sarif.with_extension(format!("{rule_kind}.validation.sarif"));
    let _ = std::fs::remove_file(&out);
    // The npm wrapper runs the tool through a shell: quote the lists.
    let o = Command::new(tool)
        .arg("validate")
        .args(["--rule-kind", rule_kind])
        .args(["--level", &format!("\"{levels}\"")])
        .arg("-o")
        .arg(&out)
        .arg(sarif)
        .output()
        .expect("sarif-multitool runs");
    let text = std::fs::read_to_string(&out).unwrap_or_else(|_| {
        panic!(
            "sarif-multitool wrote no log: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let log: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
    let run = &log["runs"][0];
    assert!(
        run["tool"]["driver"]["name"]
            .as_str()
            .unwrap()
            .contains("Multitool"),
        "{text}"
    );
    let mut found = Vec::new();
    for r in run["results"].as_array().into_iter().flatten() {
        let level = r["level"].as_str().unwrap_or("warning").to_string();
        if level == "note" || level == "none" {
            continue;
        }
        let args: Vec<String> = r["message"]["arguments"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| a.as_str().unwrap_or("").to_string())
            .collect();
        found.push((
            level,
            r["ruleId"].as_str().unwrap_or("").to_string(),
            args.join(" | "),
        ));
    }
    found
}

/// A report built by hand: a diagnostic with a fix, and one on a line with
/// characters outside the BMP, so fixes and UTF-16 columns are exercised
/// whatever the current rules emit.
fn handmade_report(dir: &Path) -> RunReport {
    let text = "FROM debian:12\nRUN echo \"é😀\" && chmod 4755 /usr/bin/x\n".to_string();
    let path = dir.join("handmade/Dockerfile");
    let source = Arc::new(SourceFile::new(&path, FileKind::Dockerfile, text));
    let mode = source.text.find("4755").unwrap() as u32;
    let meta = dockward::rules::find("setuid-bit").unwrap().meta;
    let mut d = Diagnostic::new(
        meta,
        Span::new(mode, mode + 4),
        "mode `4755` sets the setuid bit",
    );
    d.help("drop the `s` bit");
    d.fix(Fix {
        message: "use mode `0755`".into(),
        edits: vec![Edit::replace(Span::new(mode, mode + 4), "0755")],
        applicability: Applicability::Unsafe,
    });
    d.label(Span::new(0, 4), "the stage starts here");
    RunReport {
        files: vec![FileReport {
            source,
            diagnostics: vec![d],
        }],
        ..RunReport::default()
    }
}

#[test]
#[ignore = "needs `sarif-multitool` (scripts/install/sarif-multitool.sh); scripts/test runs it"]
fn sarif_validates_with_sarif_multitool() {
    let tool = tool("sarif-multitool");
    let dir = project();
    let o = run_in(dir.path(), &["check", "--format", "sarif"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let from_cli = dir.path().join("cli.sarif");
    std::fs::write(&from_cli, &o.stdout).unwrap();

    let style = Style {
        cwd: Some(dir.path().to_path_buf()),
        ..Style::default()
    };
    let mut buf = Vec::new();
    render::render(
        Format::Sarif,
        &handmade_report(dir.path()),
        &style,
        &mut buf,
    )
    .unwrap();
    let handmade = dir.path().join("handmade.sarif");
    std::fs::write(&handmade, &buf).unwrap();

    for file in [&from_cli, &handmade] {
        for kind in ["Sarif", "Gh"] {
            let found = multitool(&tool, file, kind);
            assert!(
                found.is_empty(),
                "{} ({kind} rules): {found:#?}",
                file.display()
            );
        }
    }

    // The validator is live: a result without locations breaks GitHub's
    // ingestion rules.
    let mut broken: Value = serde_json::from_slice(&o.stdout).unwrap();
    broken["runs"][0]["results"][0]["locations"] = Value::Array(vec![]);
    let bad = dir.path().join("broken.sarif");
    std::fs::write(&bad, serde_json::to_vec(&broken).unwrap()).unwrap();
    let found = multitool(&tool, &bad, "Gh");
    assert!(
        found.iter().any(|(level, ..)| level == "error"),
        "{found:#?}"
    );
}

/// The SARIF of the whole corpus (thousands of real files, odd text
/// included) passes both rule sets too.
#[test]
#[ignore = "needs `sarif-multitool` (scripts/install/sarif-multitool.sh); scripts/test runs it"]
fn sarif_of_the_corpus_validates() {
    corpus_root();
    let tool = tool("sarif-multitool");
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(
        &root().join("../shared"),
        &["check", "-q", "--format", "sarif", "corpus"],
        &[],
    );
    assert!(o.status.code() == Some(1), "{}", stderr(&o));
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap().len();
    assert!(results > 1000, "{results} results");
    let file = dir.path().join("corpus.sarif");
    std::fs::write(&file, &o.stdout).unwrap();
    for kind in ["Sarif", "Gh"] {
        let found = multitool(&tool, &file, kind);
        assert!(
            found.is_empty(),
            "{kind} rules: {:#?}",
            &found[..found.len().min(20)]
        );
    }
}

fn utf16_col(line: &str, needle: &str) -> u64 {
    let i = line.find(needle).unwrap();
    line[..i].encode_utf16().count() as u64 + 1
}

#[test]
fn sarif_regions_rules_related_locations_and_fixes() {
    let dir = project();
    let o = run_in(dir.path(), &["check", "--format", "sarif"], &[]);
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let root = format!("file://{}/", dir.path().display());
    assert_eq!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], root.as_str());

    // The rules table is the registry, with pages as help.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), dockward::rules::RULES.len());
    let sshd = rules.iter().find(|r| r["id"] == "DF003").unwrap();
    assert_eq!(sshd["name"], "SshdInstalled");
    assert_eq!(
        sshd["shortDescription"]["text"],
        "an SSH server is installed or started in the image"
    );
    assert!(sshd["fullDescription"]["text"].as_str().unwrap().len() > 40);
    let page = dockward::rules::find("DF003").unwrap().meta.doc;
    assert_eq!(sshd["help"]["markdown"], page);
    assert!(
        sshd["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("DF003-sshd-installed.md")
    );
    assert_eq!(sshd["properties"]["security-severity"], "8.0");
    assert_eq!(sshd["defaultConfiguration"]["level"], "error");
    let syntax = rules.iter().find(|r| r["id"] == "DF000").unwrap();
    assert!(syntax["properties"].get("security-severity").is_none());

    let results = run["results"].as_array().unwrap();
    let find = |rule: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {results:#?}"))
    };
    // DF003 on `openssh-server`: a precise one-line region.
    let r = find("DF003");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "app/Dockerfile");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let line = "RUN apt-get install -y openssh-server";
    assert_eq!(loc["region"]["startLine"], 3);
    assert_eq!(loc["region"]["endLine"], 3);
    assert_eq!(
        loc["region"]["startColumn"],
        utf16_col(line, "openssh-server")
    );
    assert_eq!(
        loc["region"]["endColumn"],
        utf16_col(line, "openssh-server") + 14
    );
    assert_eq!(loc["region"]["snippet"]["text"], "openssh-server");
    assert!(
        loc["contextRegion"]["snippet"]["text"]
            .as_str()
            .unwrap()
            .contains("café")
    );
    let rule_index = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[rule_index]["id"], "DF003");
    assert_eq!(r["level"], "error");
    let print = r["partialFingerprints"]["dockward/v1"].as_str().unwrap();
    assert_eq!(print.len(), 32);

    // DC009 points into the Dockerfile the service builds.
    let r = find("DC009");
    let related = &r["relatedLocations"][0];
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "app/Dockerfile"
    );
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 1);
    assert!(!related["message"]["text"].as_str().unwrap().is_empty());

    // Fingerprints survive lines inserted above the problem.
    let df = dir.path().join("app/Dockerfile");
    let text = std::fs::read_to_string(&df).unwrap();
    std::fs::write(
        &df,
        text.replace("FROM debian:12\n", "FROM debian:12\n\n# moved\n"),
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", "--format", "sarif"], &[]);
    let moved: Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = moved["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "DF003")
        .unwrap();
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );
    assert_eq!(r["partialFingerprints"]["dockward/v1"], print);
}

#[test]
fn sarif_fixes_and_utf16_columns() {
    let dir = tempfile::tempdir().unwrap();
    let style = Style {
        cwd: Some(dir.path().to_path_buf()),
        ..Style::default()
    };
    let mut buf = Vec::new();
    render::render(
        Format::Sarif,
        &handmade_report(dir.path()),
        &style,
        &mut buf,
    )
    .unwrap();
    let log: Value = serde_json::from_slice(&buf).unwrap();
    let r = &log["runs"][0]["results"][0];
    let line = "RUN echo \"é😀\" && chmod 4755 /usr/bin/x";
    let col = utf16_col(line, "4755");
    // `é` is one unit, `😀` two: the UTF-16 column is one more than the
    // count of characters.
    assert_eq!(
        col,
        line[..line.find("4755").unwrap()].chars().count() as u64 + 2
    );
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], col);
    assert_eq!(region["endColumn"], col + 4);
    let fix = &r["fixes"][0];
    assert_eq!(fix["description"]["text"], "use mode `0755`");
    let change = &fix["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "handmade/Dockerfile");
    let rep = &change["replacements"][0];
    assert_eq!(rep["deletedRegion"]["startColumn"], col);
    assert_eq!(rep["deletedRegion"]["endColumn"], col + 4);
    assert_eq!(rep["insertedContent"]["text"], "0755");
    // A label in the same file is a related location too.
    assert_eq!(
        r["relatedLocations"][0]["message"]["text"],
        "the stage starts here"
    );
}

// ---------------------------------------------------------------- GitHub

/// A workflow command parsed as the Actions runner does: `::name k=v,k=v::data`,
/// with `%0D`, `%0A`, `%3A`, `%2C` and `%25` decoded.
fn parse_command(line: &str) -> (String, HashMap<String, String>, String) {
    let rest = line.strip_prefix("::").expect("a workflow command");
    let (head, data) = rest.split_once("::").expect("data separator");
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    let unescape = |s: &str| {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    let data = data
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%");
    (name.to_string(), props, data)
}

#[test]
fn github_annotations_summary_and_outputs() {
    let ws = tempfile::tempdir().unwrap();
    // A directory name that needs escaping in a property.
    let dir = ws.path().join("svc,a:b 50%");
    write_files(&dir, PROJECT);
    let summary = ws.path().join("summary.md");
    let outputs = ws.path().join("outputs.txt");
    std::fs::write(&summary, "previous step\n").unwrap();
    let ws_s = ws.path().to_str().unwrap();
    let env = [
        ("GITHUB_WORKSPACE", ws_s),
        ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ("GITHUB_OUTPUT", outputs.to_str().unwrap()),
        ("GITHUB_SERVER_URL", "https://github.example"),
        ("GITHUB_REPOSITORY", "acme/app"),
        ("GITHUB_SHA", "0123abc"),
    ];
    let o = run_in(&dir, &["check", "--format", "github"], &env);
    assert_eq!(o.status.code(), Some(1));
    let expected = json_report(&dir, &[]);
    let diags = expected["diagnostics"].as_array().unwrap();
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), diags.len());
    for (line, d) in lines.iter().zip(diags) {
        let (name, props, data) = parse_command(line);
        let sev = d["severity"].as_str().unwrap();
        let want = match sev {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert_eq!(name, want);
        assert_eq!(
            props["file"],
            format!("svc,a:b 50%/{}", d["path"].as_str().unwrap())
        );
        let range = &d["range"];
        assert_eq!(props["line"], range["start"]["line"].to_string());
        assert_eq!(props["endLine"], range["end"]["line"].to_string());
        if range["start"]["line"] == range["end"]["line"] {
            assert_eq!(props["col"], range["start"]["column"].to_string());
            assert_eq!(props["endColumn"], range["end"]["column"].to_string());
        }
        assert_eq!(
            props["title"],
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["rule"].as_str().unwrap()
            )
        );
        let mut want_data = d["message"].as_str().unwrap().to_string();
        if let Some(h) = d["help"].as_str() {
            want_data.push_str(&format!("\nhelp: {h}"));
        }
        want_data.push_str(&format!("\nsee {}", d["url"].as_str().unwrap()));
        assert_eq!(data, want_data);
        assert!(!line.contains('\n'));
    }

    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("previous step\n## dockward\n"), "{md}");
    let errors = diags.iter().filter(|d| d["severity"] == "error").count();
    assert!(md.contains(&format!("| error | {errors} |")), "{md}");
    assert!(md.contains("| [DC001 privileged-service]("), "{md}");
    assert!(
        md.contains(
            "(https://github.example/acme/app/blob/0123abc/svc%2Ca%3Ab%2050%25/app/Dockerfile#L3)"
        ),
        "{md}"
    );
    let outs = std::fs::read_to_string(&outputs).unwrap();
    let n = diags.len();
    assert!(outs.contains(&format!("diagnostics={n}\n")), "{outs}");
    assert!(outs.contains(&format!("errors={errors}\n")), "{outs}");
    assert!(outs.contains("files=2\n"), "{outs}");

    // Without GITHUB_STEP_SUMMARY nothing is written anywhere else.
    let o = run_in(&dir, &["check", "--format", "github"], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("::"));
}

// ---------------------------------------------------------------- XML

/// Elements and their attributes, in document order.
fn xml_elements(xml: &str) -> Vec<(String, HashMap<String, String>)> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            a.key.as_ref().to_string(),
                            a.normalized_value(quick_xml::XmlVersion::default())
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push((name, attrs));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn checkstyle_lists_every_file_and_diagnostic() {
    let dir = project();
    write_files(
        dir.path(),
        &[("clean/Dockerfile", "FROM scratch\nUSER 10001\n")],
    );
    let o = run_in(dir.path(), &["check", "--format", "checkstyle"], &[]);
    let xml = stdout(&o);
    let expected = json_report(dir.path(), &[]);
    let diags = expected["diagnostics"].as_array().unwrap();
    let els = xml_elements(&xml);
    assert_eq!(els[0].0, "checkstyle");
    let files: Vec<&str> = els
        .iter()
        .filter(|(n, _)| n == "file")
        .map(|(_, a)| a["name"].as_str())
        .collect();
    assert_eq!(
        files,
        ["app/Dockerfile", "clean/Dockerfile", "compose.yaml"]
    );
    let errors: Vec<_> = els.iter().filter(|(n, _)| n == "error").collect();
    assert_eq!(errors.len(), diags.len());
    for ((_, a), d) in errors.iter().zip(diags) {
        assert_eq!(a["line"], d["range"]["start"]["line"].to_string());
        assert_eq!(a["column"], d["range"]["start"]["column"].to_string());
        assert_eq!(a["severity"], d["severity"].as_str().unwrap());
        assert!(a["message"].starts_with(d["message"].as_str().unwrap()));
        assert_eq!(
            a["source"],
            format!(
                "dockward.{}.{}",
                d["code"].as_str().unwrap(),
                d["rule"].as_str().unwrap()
            )
        );
    }
}

/// One JUnit document for the project's report, and its number of
/// diagnostics.
fn junit_of_project() -> (tempfile::TempDir, String, usize) {
    let dir = project();
    write_files(
        dir.path(),
        &[("clean/Dockerfile", "FROM scratch\nUSER 10001\n")],
    );
    let o = run_in(dir.path(), &["check", "--format", "junit"], &[]);
    let xml = stdout(&o);
    let expected = json_report(dir.path(), &[]);
    let n = expected["diagnostics"].as_array().unwrap().len();
    let els = xml_elements(&xml);
    let suites: Vec<_> = els.iter().filter(|(e, _)| e == "testsuite").collect();
    assert_eq!(suites.len(), 3);
    let cases = els.iter().filter(|(e, _)| e == "testcase").count();
    assert_eq!(
        cases,
        n + 1,
        "one case per diagnostic, one for the clean file"
    );
    (dir, xml, n)
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_diagnostic() {
    junit_of_project();
}

#[test]
#[ignore = "needs `junitparser` (scripts/install/pre-commit.sh); scripts/test runs it"]
fn junit_is_read_by_junitparser() {
    let (dir, xml, n) = junit_of_project();
    let python = venv_python("junitparser");
    let report = dir.path().join("report.xml");
    std::fs::write(&report, &xml).unwrap();
    let script = "import sys\nfrom junitparser import JUnitXml, Failure\nx = JUnitXml.fromfile(sys.argv[1])\nfailures = 0\ncases = 0\nfor suite in x:\n    for case in suite:\n        cases += 1\n        failures += sum(1 for r in case.result if isinstance(r, Failure))\nprint(cases, failures, x.tests, x.failures)\n";
    let o = Command::new(&python)
        .args(["-c", script])
        .arg(&report)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), format!("{} {n} {} {n}", n + 1, n + 1));
}

// ---------------------------------------------------------------- GitLab

#[test]
fn gitlab_code_quality_fingerprints_are_unique_and_stable() {
    let dir = project();
    // Two identical problems in one file still get distinct fingerprints.
    write_files(
        dir.path(),
        &[("twice/Dockerfile", "FROM debian:12\nEXPOSE 22\nEXPOSE 22\n")],
    );
    let run = |dir: &Path| -> Vec<Value> {
        let o = run_in(
            dir,
            &["check", "--format", "gitlab"],
            &[("CI_PROJECT_DIR", dir.parent().unwrap().to_str().unwrap())],
        );
        serde_json::from_slice::<Value>(&o.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let issues = run(dir.path());
    let expected = json_report(dir.path(), &[]);
    assert_eq!(
        issues.len(),
        expected["diagnostics"].as_array().unwrap().len()
    );
    let prints: HashSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), issues.len(), "fingerprints are unique");
    let dir_name = dir.path().file_name().unwrap().to_str().unwrap();
    for i in &issues {
        assert!(!i["description"].as_str().unwrap().is_empty());
        assert!(!i["check_name"].as_str().unwrap().is_empty());
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap())
        );
        let path = i["location"]["path"].as_str().unwrap();
        assert!(path.starts_with(&format!("{dir_name}/")), "{path}");
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    // Inserting lines keeps every fingerprint.
    let df = dir.path().join("twice/Dockerfile");
    std::fs::write(&df, "FROM debian:12\n\n\nEXPOSE 22\nEXPOSE 22\n").unwrap();
    let again: HashSet<String> = run(dir.path())
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(again, prints.iter().map(|s| s.to_string()).collect());
}

// ---------------------------------------------------------------- --output

#[test]
fn several_outputs_in_one_run_keep_the_human_report_on_the_terminal() {
    let dir = project();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--output",
            "sarif=out/report.sarif",
            "-o",
            "json=report.json",
            "--output",
            "junit=report.xml",
            "--output",
            "checkstyle=checkstyle.xml",
            "--output",
            "gitlab=gl.json",
            "--output",
            "concise=report.txt",
        ],
        &[],
    );
    // `out/` does not exist: that output fails, the others are written.
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("out/report.sarif"), "{}", stderr(&o));
    let human = stdout(&o);
    assert!(human.contains("--> app/Dockerfile:3:24"), "{human}");
    assert!(human.contains("found "), "{human}");
    let json_alone = run_in(dir.path(), &["check", "--format", "json"], &[]);
    assert_eq!(
        std::fs::read(dir.path().join("report.json")).unwrap(),
        json_alone.stdout
    );
    let concise = run_in(dir.path(), &["check", "--format", "concise"], &[]);
    assert_eq!(
        std::fs::read(dir.path().join("report.txt")).unwrap(),
        concise.stdout
    );
    for f in ["report.xml", "checkstyle.xml"] {
        let x = std::fs::read_to_string(dir.path().join(f)).unwrap();
        assert!(!xml_elements(&x).is_empty());
    }
    let gl: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("gl.json")).unwrap()).unwrap();
    assert!(gl.as_array().unwrap().len() > 3);

    std::fs::create_dir(dir.path().join("out")).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "-q",
            "--format",
            "concise",
            "-o",
            "sarif=out/report.sarif",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/report.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");

    for bad in ["sarif", "xml=x", "sarif="] {
        let o = run_in(dir.path(), &["check", "--output", bad], &[]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
}

// ---------------------------------------------------------------- JSON contract

#[test]
fn json_contract_is_unchanged() {
    let dir = project();
    let v = json_report(dir.path(), &[]);
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["diagnostics", "files", "tool", "version"]);
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"], 2);
    let d = &v["diagnostics"][0];
    assert_eq!(
        keys(d),
        [
            "code", "fix", "help", "labels", "message", "path", "range", "rule", "severity", "url"
        ]
    );
    assert_eq!(keys(&d["range"]), ["end", "start"]);
    assert_eq!(keys(&d["range"]["start"]), ["column", "line"]);
    let dc009 = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "DC009")
        .unwrap();
    assert_eq!(keys(&dc009["labels"][0]), ["message", "path", "range"]);
    assert_eq!(dc009["labels"][0]["path"], "app/Dockerfile");
}

// ---------------------------------------------------------------- statistics

#[test]
fn statistics_count_per_rule() {
    let dir = project();
    write_files(
        dir.path(),
        &[(
            "b/Dockerfile",
            "FROM debian:12\nRUN apt-get install -y openssh-server\n",
        )],
    );
    let expected = json_report(dir.path(), &[]);
    let mut want: HashMap<String, usize> = HashMap::new();
    for d in expected["diagnostics"].as_array().unwrap() {
        *want
            .entry(d["code"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(want["DF003"], 2);

    let o = run_in(
        dir.path(),
        &["check", "--statistics", "--format", "json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let rows: Value = serde_json::from_slice(&o.stdout).unwrap();
    let got: HashMap<String, usize> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(got, want);
    // Most frequent first.
    let counts: Vec<u64> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));

    let o = run_in(dir.path(), &["check", "--statistics"], &[]);
    let text = stdout(&o);
    let line = text.lines().find(|l| l.contains("DF003")).unwrap();
    assert!(
        line.trim_start().starts_with("2  DF003  sshd-installed"),
        "{line}"
    );
    assert!(
        text.trim_end().lines().last().is_some_and(
            |l| l.starts_with("found 17 diagnostics") && l.contains(" in 3 of 3 files; ")
        ),
        "{text}"
    );
    assert!(!text.contains("-->"));

    let o = run_in(
        dir.path(),
        &["check", "--statistics", "--format", "sarif"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
}

// ---------------------------------------------------------------- --show-source

#[test]
fn show_source_on_and_off() {
    let dir = project();
    let with = stdout(&run_in(
        dir.path(),
        &["check", "--show-source", "app/Dockerfile"],
        &[],
    ));
    assert!(with.contains("--> app/Dockerfile:3:24"), "{with}");
    assert!(with.contains("openssh-server"));
    let without = stdout(&run_in(dir.path(), &["check", "--no-show-source"], &[]));
    assert!(!without.contains(" | "), "{without}");
    assert!(without.contains(
        "error[DF003 sshd-installed]: `openssh-server` installs an SSH server in the image\n --> app/Dockerfile:3:24\n"
    ), "{without}");
    assert!(
        without.contains("= note: app/Dockerfile:1:1: "),
        "the cross-file label: {without}"
    );
    assert!(without.contains("  see https://"), "{without}");
    // The last flag wins.
    let last = stdout(&run_in(
        dir.path(),
        &["check", "--no-show-source", "--show-source"],
        &[],
    ));
    assert!(last.contains(" | "));
}

// ---------------------------------------------------------------- progress

/// Runs a shell command under a pseudo-terminal (util-linux `script`) and
/// returns what the terminal showed.
fn on_terminal(dir: &Path, cmd: &str) -> String {
    let script = tool("script");
    let o = Command::new(script)
        .current_dir(dir)
        .args(["-qec", cmd, "/dev/null"])
        .env("DOCKWARD_PROGRESS_DELAY_MS", "0")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn progress_only_on_a_terminal_for_people() {
    let dir = project();
    let exe = dockward();
    let exe = exe.to_str().unwrap();
    // stdout goes to a file: the terminal shows stderr only.
    let shown = on_terminal(dir.path(), &format!("{exe} check . > human.txt"));
    // Drawn at once (no delay), redrawn in place: `looking for files`
    // while walking, `linting N/M files (P%)` after.
    assert!(shown.starts_with("\r\x1b[2Kdockward: "), "{shown:?}");
    assert!(
        shown.contains("dockward: looking for files") || shown.contains("dockward: linting "),
        "{shown:?}"
    );
    // The line is erased at the end.
    assert!(shown.ends_with("\r\x1b[2K"), "{shown:?}");
    let human = std::fs::read_to_string(dir.path().join("human.txt")).unwrap();
    assert!(!human.contains("linting"));

    for machine in ["json", "sarif", "github"] {
        let shown = on_terminal(
            dir.path(),
            &format!("{exe} check --format {machine} . > out.txt"),
        );
        assert!(!shown.contains("linting"), "{machine}: {shown:?}");
    }
    let quiet = on_terminal(dir.path(), &format!("{exe} check -q . > out.txt"));
    assert!(!quiet.contains("linting"), "{quiet:?}");

    // stderr not a terminal: nothing.
    let o = Command::new(exe)
        .current_dir(dir.path())
        .args(["check", "."])
        .env("DOCKWARD_PROGRESS_DELAY_MS", "0")
        .output()
        .unwrap();
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

/// When the findings go to the terminal the indicator draws on, it is
/// erased before the first finding and never drawn again; a run with
/// nothing to print keeps it to the end.
#[test]
fn progress_gives_way_to_findings_on_the_same_terminal() {
    let dir = project();
    let exe = dockward();
    let exe = exe.to_str().unwrap();
    for format in ["human", "concise"] {
        let shown = on_terminal(
            dir.path(),
            &format!("{exe} check --format {format} --no-show-source ."),
        );
        assert!(
            shown.starts_with("\r\x1b[2Kdockward: "),
            "{format}: {shown:?}"
        );
        let first = shown
            .find("Dockerfile")
            .filter(|&i| !shown[..i].ends_with("dockward: linting "))
            .unwrap_or_else(|| panic!("{format}: no finding shown: {shown:?}"));
        let erased = shown.rfind("\r\x1b[2K").unwrap();
        assert!(erased < first, "{format}: drawn after a finding: {shown:?}");
        assert!(shown.contains("found "), "{format}: {shown:?}");
    }
    let clean = tempfile::tempdir().unwrap();
    std::fs::write(
        clean.path().join("Dockerfile"),
        "FROM alpine:3.20\nUSER 10001\n",
    )
    .unwrap();
    let shown = on_terminal(clean.path(), &format!("{exe} check --select DF003 ."));
    assert!(shown.starts_with("\r\x1b[2Kdockward: "), "{shown:?}");
    let summary = shown.find("no problems found in 1 file").unwrap();
    assert!(shown[..summary].ends_with("\r\x1b[2K\x1b[1m"), "{shown:?}");
}

/// Every machine format of the whole corpus is well formed: XML parses,
/// every GitHub line is one workflow command, GitLab fingerprints are
/// unique, and each format reports every diagnostic.
#[test]
fn machine_formats_of_the_corpus_are_well_formed() {
    corpus_root();
    let shared = root().join("../shared");
    let run = |format: &str| -> String {
        let o = run_in(&shared, &["check", "-q", "--format", format, "corpus"], &[]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        stdout(&o)
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let n = json["diagnostics"].as_array().unwrap().len();
    let files = json["files"].as_u64().unwrap() as usize;

    let checkstyle = xml_elements(&run("checkstyle"));
    assert_eq!(checkstyle.iter().filter(|(e, _)| e == "error").count(), n);
    assert_eq!(
        checkstyle.iter().filter(|(e, _)| e == "file").count(),
        files
    );

    let junit = xml_elements(&run("junit"));
    assert_eq!(junit.iter().filter(|(e, _)| e == "failure").count(), n);
    assert_eq!(
        junit.iter().filter(|(e, _)| e == "testsuite").count(),
        files
    );

    let github = run("github");
    assert_eq!(github.lines().count(), n);
    for line in github.lines() {
        let (name, props, _) = parse_command(line);
        assert!(
            ["error", "warning", "notice"].contains(&name.as_str()),
            "{line}"
        );
        assert!(
            props.contains_key("file") && props.contains_key("line"),
            "{line}"
        );
    }

    let gitlab: Value = serde_json::from_str(&run("gitlab")).unwrap();
    let prints: HashSet<&str> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), n);
}

/// The README's console examples of these formats are real output: every
/// line shown (between `...` elisions) is a line dockward prints, up to
/// runs of spaces (table columns widen as rules are added).
#[test]
fn readme_examples_are_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut checked = 0;
    let mut lines = readme.lines();
    while let Some(l) = lines.next() {
        let Some(cmd) = l.strip_prefix("$ dockward ") else {
            continue;
        };
        let args: Vec<&str> = cmd.split_whitespace().collect();
        let is_mine = args.iter().any(|a| {
            [
                "--statistics",
                "github",
                "--no-show-source",
                "checkstyle",
                "junit",
                "gitlab",
                "--diff",
            ]
            .contains(a)
        });
        if !is_mine {
            continue;
        }
        let o = run_in(&root(), &args, &[]);
        let actual = stdout(&o);
        for shown in lines.by_ref().take_while(|l| !l.starts_with("```")) {
            if shown == "..." {
                continue;
            }
            let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                actual.lines().any(|a| words(a) == words(shown)),
                "README line not in the output of `dockward {cmd}`:\n{shown}\n---\n{actual}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "{checked} README lines checked");
}
