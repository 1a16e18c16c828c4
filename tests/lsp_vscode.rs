//! The VS Code extension (`editors/vscode`) compiles with `tsc` and packages
//! into a `.vsix` with `@vscode/vsce`, and its document selector hands the
//! server the files it lints.
//!
//! Needs `npm` and the extension's dependencies
//! (`scripts/install/vscode-extension.sh`): ignored with `needs `vsce``,
//! run by scripts/test (tests/common).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// Both tests run npm scripts that write `out/`: one at a time.
static NPM: Mutex<()> = Mutex::new(());

fn extension_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode")
}

/// npm and the extension's dependencies, or a failure saying how to get
/// them.
fn require_npm_and_dependencies() {
    let npm = Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let deps = extension_dir().join("node_modules/.bin/vsce").exists()
        && extension_dir().join("node_modules/.bin/tsc").exists();
    assert!(
        npm && deps,
        "npm and editors/vscode/node_modules are needed (scripts/install/vscode-extension.sh installs them)"
    );
}

#[test]
#[ignore = "needs `vsce` (scripts/install/vscode-extension.sh); scripts/test runs it"]
fn vscode_extension_compiles_and_packages() {
    require_npm_and_dependencies();
    let _npm = NPM.lock().unwrap_or_else(|e| e.into_inner());
    let dir = extension_dir();
    let vsix = dir.join("dockward-0.1.0.vsix");
    let _ = std::fs::remove_file(&vsix);
    let out = Command::new("npm")
        .args(["run", "--silent", "package"])
        .current_dir(&dir)
        .output()
        .expect("run npm");
    assert!(
        out.status.success(),
        "npm run package failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&vsix).expect("the .vsix was written");
    // Zip entry names are stored as plain text.
    let has = |name: &str| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    for entry in [
        "extension/package.json",
        "extension/out/extension.js",
        "extension/out/selector.js",
        "extension/node_modules/vscode-languageclient/package.json",
        "extension.vsixmanifest",
    ] {
        assert!(has(entry), "{entry} missing from the .vsix");
    }
    assert!(!has("extension/src/extension.ts"), "sources are packaged");

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("package.json")).unwrap()).unwrap();
    let events = manifest["activationEvents"].to_string();
    assert!(events.contains("onLanguage:dockerfile"), "{events}");
    assert!(events.contains("onLanguage:dockercompose"), "{events}");
}

#[test]
#[ignore = "needs `vsce` (scripts/install/vscode-extension.sh); scripts/test runs it"]
fn vscode_selector_matches_what_the_server_lints() {
    require_npm_and_dependencies();
    let _npm = NPM.lock().unwrap_or_else(|e| e.into_inner());
    let dir = extension_dir();
    let compiled = Command::new("npm")
        .args(["run", "--silent", "compile"])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(compiled.success());
    // VS Code matches patterns against the whole path, with braces.
    let script = r#"
const { minimatch } = require('minimatch');
const { documentSelector } = require('./out/selector.js');
const names = process.argv.slice(1);
const picked = names.filter((n) => documentSelector.some((f) =>
  f.pattern && minimatch('/home/u/project/sub/' + n, f.pattern, { dot: true })));
console.log(JSON.stringify(picked));
"#;
    let linted = [
        "Dockerfile",
        "dockerfile",
        "Dockerfile.dev",
        "Dockerfile-prod",
        "api.Dockerfile",
        "Containerfile",
        "compose.yaml",
        "compose.yml",
        "docker-compose.yml",
        "docker-compose.prod.yml",
        "compose-dev.yaml",
        "dockward.toml",
        ".dockward.toml",
    ];
    let others = [
        "values.yaml",
        "composer.yml",
        "Makefile",
        "pyproject.toml",
        "Dockerfiles.md",
    ];
    let out = Command::new("node")
        .args(["-e", script, "--"])
        .args(linted)
        .args(others)
        .current_dir(&dir)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let picked: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(picked, linted, "selected: {picked:?}");
}
