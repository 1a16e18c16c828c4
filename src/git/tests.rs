use super::*;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn ls_files_of(dir: &Path) -> Vec<Vec<u8>> {
    let mut v = ls_files(dir).unwrap();
    v.sort();
    v.dedup();
    v
}

/// A repository with nested, long and shared-prefix names, one intent to
/// add (an extended flag), a link and a submodule-like gitlink.
fn repo(args: &[&str]) -> Option<tempfile::TempDir> {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let mut init = vec!["init", "-q"];
    init.extend_from_slice(args);
    if !git(d, &init) {
        return None;
    }
    for f in [
        "Dockerfile",
        "a/compose.yaml",
        "a/compose.override.yaml",
        "a/b/c/Dockerfile.dev",
        &format!("long/{0}/{0}/{0}", "x".repeat(250)),
        "z",
    ] {
        let p = d.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "x").unwrap();
    }
    std::os::unix::fs::symlink("Dockerfile", d.join("link")).unwrap();
    assert!(git(d, &["add", "."]));
    std::fs::write(d.join("later"), "x").unwrap();
    assert!(git(d, &["add", "-N", "later"]));
    Some(t)
}

fn check(args: &[&str], version: Option<&str>) {
    let Some(t) = repo(args) else {
        eprintln!("skipped: git cannot make this repository ({args:?})");
        return;
    };
    let d = t.path();
    if let Some(v) = version {
        assert!(git(d, &["update-index", "--index-version", v]));
    }
    let bytes = std::fs::read(d.join(".git/index")).unwrap();
    let mut ours = parse_index(&bytes).unwrap();
    ours.sort();
    assert_eq!(ours, ls_files_of(d), "{args:?} {version:?}");
}

#[test]
fn parses_every_index_version() {
    if !git(Path::new("."), &["--version"]) {
        eprintln!("skipped: no git");
        return;
    }
    check(&[], Some("2"));
    check(&[], Some("3"));
    check(&[], Some("4"));
    check(&["--object-format=sha256"], Some("2"));
    check(&["--object-format=sha256"], Some("4"));
}

#[test]
fn refuses_damaged_or_split_indexes() {
    assert!(parse_index(b"DIRC").is_err());
    assert!(parse_index(b"nope").is_err());
    let mut v = b"DIRC\0\0\0\x02\0\0\0\x05".to_vec();
    v.extend_from_slice(&[0; 30]);
    assert!(parse_index(&v).is_err());
}

#[test]
fn drops_paths_that_leave_the_tree() {
    let t = tracked_from(vec![
        b"../x".to_vec(),
        b"/etc/passwd".to_vec(),
        b"a/./b".to_vec(),
        b"ok/Dockerfile".to_vec(),
    ]);
    let v: Vec<&Path> = t.iter().collect();
    assert_eq!(v, vec![Path::new("a/./b"), Path::new("ok/Dockerfile")]);
}

#[test]
fn the_tracked_files_under_a_directory_are_its_own() {
    // Out of order on purpose, with names that sort between a directory's
    // entries by bytes (`-`, `.` before `/`; `c` after).
    let names = [
        "z",
        "a/b/c/compose.yaml",
        "a/bc",
        "a/b-c/x",
        "a/b.d",
        "a/b/Dockerfile",
        "a/b",
    ];
    let t = tracked_from(names.iter().map(|n| n.as_bytes().to_vec()).collect());
    let under = |d: &str| {
        t.under(Path::new(d))
            .map(|p| p.to_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(under("a/b"), ["a/b/Dockerfile", "a/b/c/compose.yaml"]);
    assert_eq!(under("a/b/c"), ["a/b/c/compose.yaml"]);
    assert_eq!(under("a/b/Dockerfile"), Vec::<String>::new());
    assert_eq!(under("nope"), Vec::<String>::new());
    assert_eq!(under("").len(), names.len());
}
