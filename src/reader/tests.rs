use super::*;
use std::os::unix::fs::symlink;

fn tree() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let base = std::fs::canonicalize(t.path()).unwrap();
    let repo = base.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("a/b")).unwrap();
    std::fs::write(repo.join("a/b/Dockerfile"), "FROM x\n").unwrap();
    std::fs::write(base.join("secret"), "TOKEN=1\n").unwrap();
    std::fs::create_dir_all(base.join("outdir")).unwrap();
    std::fs::write(base.join("outdir/f"), "x").unwrap();
    (t, repo)
}

#[test]
fn reads_inside_and_refuses_outside() {
    let (_t, repo) = tree();
    let r = Reader::new();
    let root = r.root_of(&repo.join("a/b/Dockerfile"));
    assert_eq!(root.path(), repo.as_path());
    assert!(root.is_git());
    assert_eq!(
        r.read(&root, &repo.join("a/b/Dockerfile"), 100).unwrap(),
        b"FROM x\n"
    );
    // `..` out of the root, whether the target exists or not.
    assert_eq!(
        r.read(&root, &repo.join("a/../../secret"), 100),
        Err(ReadError::Outside)
    );
    assert_eq!(
        r.read(&root, &repo.join("../nope/x"), 100),
        Err(ReadError::Outside)
    );
    assert_eq!(
        r.read(&root, Path::new("/etc/passwd"), 100),
        Err(ReadError::Outside)
    );
    assert_eq!(
        r.read(&root, &repo.join("a/missing"), 100),
        Err(ReadError::NotFound)
    );
    assert_eq!(
        r.read(&root, &repo.join("a/nodir/missing"), 100),
        Err(ReadError::NotFound)
    );
    assert_eq!(
        r.read(&root, &repo.join("a"), 100),
        Err(ReadError::NotRegular)
    );
}

#[test]
fn symlinks_are_followed_only_inside() {
    let (t, repo) = tree();
    let base = t.path().canonicalize().unwrap();
    symlink(base.join("secret"), repo.join("Dockerfile")).unwrap();
    symlink("../secret", repo.join("rel")).unwrap();
    symlink("a/b/Dockerfile", repo.join("inside")).unwrap();
    symlink(repo.join("a/b/Dockerfile"), repo.join("inside-abs")).unwrap();
    symlink(base.join("outdir"), repo.join("dirlink")).unwrap();
    symlink("a", repo.join("adir")).unwrap();
    symlink("/nonexistent/x", repo.join("dangling-out")).unwrap();
    symlink("a/none", repo.join("dangling-in")).unwrap();
    symlink("/proc/self/environ", repo.join("environ")).unwrap();
    let r = Reader::new();
    let root = r.root_of(&repo);
    for outside in ["Dockerfile", "rel", "dirlink/f", "dangling-out", "environ"] {
        assert_eq!(
            r.read(&root, &repo.join(outside), 1000),
            Err(ReadError::Outside),
            "{outside}"
        );
    }
    assert_eq!(
        r.read(&root, &repo.join("inside"), 100).unwrap(),
        b"FROM x\n"
    );
    assert_eq!(
        r.read(&root, &repo.join("inside-abs"), 100).unwrap(),
        b"FROM x\n"
    );
    assert_eq!(
        r.read(&root, &repo.join("adir/b/Dockerfile"), 100).unwrap(),
        b"FROM x\n"
    );
    assert_eq!(
        r.read(&root, &repo.join("dangling-in"), 100),
        Err(ReadError::NotFound)
    );
    assert!(r.is_present(&root, &repo.join("Dockerfile")));
    assert!(!r.is_present(&root, &repo.join("dangling-in")));
}

#[test]
fn reads_are_bounded_while_reading() {
    let (_t, repo) = tree();
    std::fs::write(repo.join("big"), vec![b'x'; 5000]).unwrap();
    let r = Reader::new();
    let root = r.root_of(&repo);
    assert_eq!(
        r.read(&root, &repo.join("big"), 4999),
        Err(ReadError::TooLarge { limit: 4999 })
    );
    assert_eq!(r.read(&root, &repo.join("big"), 5000).unwrap().len(), 5000);
}

#[test]
fn procfs_sizes_are_not_trusted() {
    // `/proc/self/pagemap` says 0 bytes and never ends: the read stops at
    // the limit. Its own root is `/proc/self`, as for a path named on the
    // command line.
    let r = Reader::new();
    let p = Path::new("/proc/self/pagemap");
    if std::fs::metadata(p).is_err() {
        return;
    }
    let root = r.root_of(p);
    match r.read(&root, p, 1 << 16) {
        Err(ReadError::TooLarge { .. }) | Err(ReadError::Io(_)) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn fifos_are_never_opened() {
    let (_t, repo) = tree();
    let fifo = repo.join("compose.yaml");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let r = Reader::new();
    let root = r.root_of(&repo);
    assert_eq!(r.read(&root, &fifo, 100), Err(ReadError::NotRegular));
}

#[test]
fn roots_without_git_are_the_directory() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().canonicalize().unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/Dockerfile"), "FROM x\n").unwrap();
    std::fs::write(dir.join("up"), "x").unwrap();
    let r = Reader::new();
    let root = r.root_of(&dir.join("sub"));
    assert!(!root.is_git());
    assert_eq!(root.path(), dir.join("sub"));
    // A file's root is its directory.
    assert_eq!(
        r.root_of(&dir.join("sub/Dockerfile")).path(),
        dir.join("sub")
    );
    assert_eq!(
        r.read(&root, &dir.join("sub/../up"), 10),
        Err(ReadError::Outside)
    );
    assert!(r.registered_root(&dir.join("sub")).is_some());
    assert!(r.registered_root(&dir).is_none());
}

#[test]
fn lists_directories_inside_only() {
    let (t, repo) = tree();
    let r = Reader::new();
    let root = r.root_of(&repo);
    let names = r.list_dir(&root, &repo.join("a/b")).unwrap();
    assert_eq!(names, vec![OsString::from("Dockerfile")]);
    assert_eq!(
        r.list_dir(&root, &t.path().join("outdir")),
        Err(ReadError::Outside)
    );
}

#[test]
fn the_walks_entries_stay_inside_and_leave_the_listing() {
    let (t, repo) = tree();
    std::fs::write(repo.join("a/.ignore"), "*.tmp\n").unwrap();
    std::os::unix::fs::symlink(t.path().join("outdir"), repo.join("a/out")).unwrap();
    let r = Reader::new();
    let root = r.root_of(&repo);
    let mut items = r.entries(&root, &repo.join("a")).unwrap();
    items.sort_by(|x, y| x.name.cmp(&y.name));
    let seen: Vec<(&str, bool, bool)> = items
        .iter()
        .map(|i| {
            let ft = i.kind.as_ref().unwrap();
            (i.name.to_str().unwrap(), ft.is_dir(), ft.is_symlink())
        })
        .collect();
    assert_eq!(
        seen,
        [
            (".ignore", false, false),
            ("b", true, false),
            ("out", false, true)
        ]
    );
    // The link to a directory out of the root is not walked into.
    assert_eq!(
        r.entries(&root, &repo.join("a/out")).map(|_| ()),
        Err(ReadError::Outside)
    );
    // The directory's listing comes from the same read.
    let listing = r.listing(&root, &repo.join("a")).unwrap();
    assert!(listing.may_hold(".ignore"));
    assert!(!listing.may_hold(".gitignore"));
    // The subdirectory is known to be one, and inside.
    assert_eq!(
        r.list_dir(&root, &repo.join("a/b")).unwrap(),
        ["Dockerfile"]
    );
}

#[test]
fn the_innermost_registered_root_holds_a_directory() {
    let t = tempfile::tempdir().unwrap();
    let base = std::fs::canonicalize(t.path()).unwrap();
    for d in [
        "outer/inner/deep",
        "outer/other",
        "outer-sibling",
        "elsewhere",
    ] {
        std::fs::create_dir_all(base.join(d)).unwrap();
    }
    let r = Reader::new();
    // Directories named on the command line, outside any work tree: each
    // is its own root, nested or not.
    let outer = r.root_of(&base.join("outer"));
    let inner = r.root_of(&base.join("outer/inner"));
    r.root_of(&base.join("outer-sibling"));
    let held = |d: &str| {
        r.root_holding(&base.join(d))
            .map(|root| root.path().to_path_buf())
    };
    assert_eq!(held("outer/inner/deep"), Some(inner.path().to_path_buf()));
    assert_eq!(held("outer/inner"), Some(inner.path().to_path_buf()));
    assert_eq!(held("outer/other"), Some(outer.path().to_path_buf()));
    // A name that only starts like a root is not inside it.
    assert_eq!(held("outer-sibling"), Some(base.join("outer-sibling")));
    assert_eq!(held("elsewhere"), None);
}
