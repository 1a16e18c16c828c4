use super::*;

/// A project from in-memory files: `files` are (path, text); the first
/// `layers` of them are the layers, the rest can be read.
fn project(files: &[(&str, &str)], layers: usize) -> Project {
    let all: HashMap<PathBuf, String> = files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect();
    let read = move |p: &Path| -> Result<String, String> {
        all.get(p)
            .cloned()
            .ok_or_else(|| "no such file or directory".to_string())
    };
    let layers = files[..layers]
        .iter()
        .map(|(p, t)| Layer {
            path: PathBuf::from(p),
            text: t.to_string(),
        })
        .collect();
    load(layers, &read, &Limits::default())
}

#[test]
fn one_file_is_placed_at_zero() {
    let p = project(
        &[("p/compose.yaml", "services:\n  web:\n    image: a\n")],
        1,
    );
    assert_eq!(p.files.len(), 1);
    assert_eq!(p.files[0].base, 0);
    let web = p.compose.service("web").unwrap();
    assert_eq!(p.text(web.image.as_ref().unwrap().span), "a");
    assert_eq!(p.locate(web.name.span), (0, web.name.span));
}

#[test]
fn an_override_merges_and_points_into_its_file() {
    let p = project(
        &[
            (
                "p/compose.yaml",
                "services:\n  web:\n    image: a\n    privileged: true\n",
            ),
            (
                "p/compose.override.yaml",
                "services:\n  web:\n    privileged: false\n",
            ),
        ],
        2,
    );
    let web = p.compose.service("web").unwrap();
    let priv_ = web.privileged.as_ref().unwrap();
    assert_eq!(priv_.text(), Some("false"));
    let (file, local) = p.locate(priv_.span);
    assert_eq!(file, 1);
    assert_eq!(local.text(&p.files[1].source.text), "false");
    assert_eq!(p.locate(web.name.span).0, 0);
}

#[test]
fn dotenv_feeds_interpolation() {
    let p = project(
        &[
            (
                "p/compose.yaml",
                "services:\n  web:\n    image: app:${TAG}\n    user: ${RUN_AS:-root}\n    ports: [\"${PORT}:80\"]\n",
            ),
            ("p/.env", "TAG=1.4\nRUN_AS=app\n"),
        ],
        1,
    );
    let web = p.compose.service("web").unwrap();
    assert_eq!(web.image.as_ref().unwrap().text(), Some("app:1.4"));
    assert_eq!(web.user.as_ref().unwrap().text(), Some("app"));
    assert!(web.ports[0].published.unwrap().unknown);
}

#[test]
fn extends_in_the_same_file_and_another() {
    let p = project(
        &[
            (
                "p/compose.yaml",
                "services:\n  base:\n    image: a\n    user: root\n  web:\n    extends: base\n    user: app\n  api:\n    extends:\n      file: common/base.yaml\n      service: hardened\n",
            ),
            (
                "p/common/base.yaml",
                "services:\n  hardened:\n    image: b\n    read_only: true\n    build: ./ctx\n",
            ),
        ],
        1,
    );
    assert!(p.compose.problems.is_empty(), "{:?}", p.compose.problems);
    let web = p.compose.service("web").unwrap();
    assert_eq!(web.image.as_ref().unwrap().text(), Some("a"));
    assert_eq!(web.user.as_ref().unwrap().text(), Some("app"));
    assert!(!web.partial);
    let api = p.compose.service("api").unwrap();
    let ro = api.read_only.as_ref().unwrap();
    assert_eq!(
        p.files[p.file_of(ro.span.start)].source.path,
        Path::new("p/common/base.yaml")
    );
    assert_eq!(p.text(ro.span), "true");
    let ctx = api.build.as_ref().unwrap().context.as_ref().unwrap();
    assert_eq!(p.dir_at(ctx.span.start), Path::new("p/common"));
}

#[test]
fn extends_problems() {
    let p = project(
        &[(
            "p/compose.yaml",
            "services:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends: {file: missing.yaml, service: x}\n    image: c\n  d:\n    extends: nope\n",
        )],
        1,
    );
    let kinds: Vec<(ProblemKind, &str)> = p
        .compose
        .problems
        .iter()
        .map(|x| (x.kind, p.text(x.span)))
        .collect();
    assert!(
        kinds.contains(&(ProblemKind::Cycle, "extends")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(ProblemKind::MissingFile, "missing.yaml")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(ProblemKind::UndefinedService, "nope")),
        "{kinds:?}"
    );
    let c = p.compose.service("c").unwrap();
    assert!(c.partial);
    assert_eq!(c.image.as_ref().unwrap().text(), Some("c"));
    assert!(p.compose.service("d").unwrap().partial);
}

#[test]
fn include_loads_another_project_with_its_env() {
    let p = project(
        &[
            (
                "p/compose.yaml",
                "include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: a\n",
            ),
            (
                "p/sub/compose.yaml",
                "services:\n  db:\n    image: pg:${PG}\nvolumes:\n  data:\n",
            ),
            ("p/sub/.env", "PG=16\n"),
        ],
        1,
    );
    let db = p.compose.service("db").unwrap();
    assert_eq!(db.image.as_ref().unwrap().text(), Some("pg:16"));
    assert_eq!(p.files[p.file_of(db.name.span.start)].role, Role::Included);
    assert_eq!(p.compose.volumes.len(), 1);
}

#[test]
fn include_cycles_and_missing_files() {
    let p = project(
        &[
            (
                "p/compose.yaml",
                "include: [a.yaml, gone.yaml]\nservices: {}\n",
            ),
            (
                "p/a.yaml",
                "include: [compose.yaml]\nservices:\n  a: {image: x}\n",
            ),
        ],
        1,
    );
    let kinds: Vec<(ProblemKind, &str)> = p
        .compose
        .problems
        .iter()
        .map(|x| (x.kind, p.text(x.span)))
        .collect();
    assert!(
        kinds.contains(&(ProblemKind::MissingFile, "gone.yaml")),
        "{kinds:?}"
    );
    assert!(kinds.iter().any(|k| k.0 == ProblemKind::Cycle), "{kinds:?}");
    assert!(p.compose.service("a").is_some());
}

#[test]
fn a_broken_layer_does_not_hide_the_others() {
    let p = project(
        &[
            (
                "p/compose.yaml",
                "services:\n  web:\n    image: a\n    privileged: true\n",
            ),
            ("p/compose.override.yaml", "services: [\n"),
        ],
        2,
    );
    // The broken layer is a syntax problem in itself; the other layer is
    // still modelled, its services partial (the broken one may set what
    // they lack).
    assert!(!p.failed);
    assert_eq!(p.compose.problems.len(), 1);
    assert_eq!(p.compose.problems[0].kind, ProblemKind::Syntax);
    assert_eq!(p.file_of(p.compose.problems[0].span.start), 1);
    let web = p.compose.service("web").unwrap();
    assert!(web.partial);
    assert!(web.privileged.is_some());
    // No layer at all: the project fails.
    let p = project(&[("p/compose.yaml", "- a\n")], 1);
    assert!(p.failed);
    assert!(p.compose.services.is_empty());
}

#[test]
fn legacy_files_merge_like_current_ones() {
    let p = project(
        &[
            ("p/docker-compose.yml", "web:\n  image: a\n  command: [x]\n"),
            ("p/docker-compose.override.yml", "web:\n  command: [y]\n"),
        ],
        2,
    );
    assert!(p.compose.legacy);
    let web = p.compose.service("web").unwrap();
    let cmd = web.command.as_ref().unwrap();
    assert_eq!(cmd.args.len(), 1);
    assert_eq!(p.text(cmd.args[0].span), "y");
}

#[test]
fn documents_of_one_file_are_layers() {
    let p = project(
        &[(
            "p/compose.yaml",
            "services:\n  a:\n    image: x\n---\nservices:\n  a:\n    user: app\n---\n",
        )],
        1,
    );
    let a = p.compose.service("a").unwrap();
    assert_eq!(p.compose.services.len(), 1);
    assert_eq!(a.user.as_ref().unwrap().text(), Some("app"));
    assert_eq!(a.image.as_ref().unwrap().text(), Some("x"));
}

#[test]
fn v1_keys_get_their_current_names() {
    let p = project(
        &[(
            "p/docker-compose.yml",
            "web:\n  build: ./app\n  dockerfile: Dockerfile.dev\n  net: host\n  log_driver: none\n  log_opt:\n    tag: web\n",
        )],
        1,
    );
    assert!(p.compose.legacy);
    let web = p.compose.service("web").unwrap();
    let nm = web.network_mode.as_ref().unwrap();
    assert_eq!(nm.text(), Some("host"));
    assert_eq!(p.text(nm.key.unwrap()), "net");
    let b = web.build.as_ref().unwrap();
    assert_eq!(b.context.as_ref().unwrap().text(), Some("./app"));
    assert_eq!(
        b.dockerfile.as_ref().unwrap().text(),
        Some("Dockerfile.dev")
    );
    let l = web.logging.as_ref().unwrap();
    assert_eq!(l.driver.as_ref().unwrap().text(), Some("none"));
    assert_eq!(p.text(l.key), "log_driver");
    assert_eq!(l.options.len(), 1);
}

#[test]
fn remote_references_are_not_fetched_but_reported() {
    let p = project(
        &[(
            "p/compose.yaml",
            "include:\n  - oci://docker.io/example/app:1\n  - git@github.com:example/app.git\nservices:\n  web:\n    extends:\n      file: https://example.com/base.yaml\n      service: web\n",
        )],
        1,
    );
    // What dockward does not fetch is unknown, which is not clean.
    let kinds: Vec<ProblemKind> = p.compose.problems.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        vec![ProblemKind::MissingFile; 3],
        "{:?}",
        p.compose.problems
    );
    assert!(
        p.compose
            .problems
            .iter()
            .all(|p| p.message.contains("dockward does not fetch"))
    );
    assert!(p.compose.service("web").unwrap().partial);
    assert_eq!(p.files.len(), 1);
}
