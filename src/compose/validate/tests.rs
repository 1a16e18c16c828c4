use super::*;
use crate::yaml::{Limits, load};

fn env(name: &str) -> Option<String> {
    (name == "POLICY").then(|| "alwayz".to_string())
}

/// (kind, covered text, message, help) of each problem.
fn problems(src: &str) -> Vec<(ProblemKind, String, String, String)> {
    let docs = load(src, &Limits::default()).unwrap();
    let mut out = Vec::new();
    for d in &docs {
        validate_document(d, &env, false, &mut out);
    }
    out.into_iter()
        .map(|p| {
            (
                p.kind,
                p.span.text(src).to_string(),
                p.message,
                p.help.unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn valid_files_have_no_problems() {
    let src = r#"
version: "3.8"
name: demo
x-common: &common
  restart: unless-stopped
  x-anything: [goes, here]
include:
  - other/compose.yaml
  - path: [a.yaml, b.yaml]
    env_file: a.env
services:
  web:
    <<: *common
    image: nginx:1.27
    x-meta: {owner: me}
    build:
      context: .
      args: [A=1]
      x-extra: 1
    ports: ["80:80", 443, {target: 80, published: "8080", protocol: tcp}]
    environment: {A: 1, B: true, C: null, D: "x"}
    healthcheck: {test: [CMD, "true"], interval: 30s, retries: 3}
    deploy:
      resources: {limits: {cpus: "0.5", memory: 512M, pids: 100}}
      restart_policy: {condition: on-failure, delay: 5s}
    depends_on: {db: {condition: service_healthy}}
    networks: {front: null, back: {aliases: [w]}}
    ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 65535}
    restart: "on-failure:3"
    pull_policy: ${POLICY_UNSET:-always}
    stop_grace_period: 1m30s
    volumes: [./a:/a, {type: bind, source: ., target: /b, bind: {propagation: rshared}}]
    user: "1000"
    command:
  db:
networks:
  front:
  back: {driver: bridge, ipam: {config: [{subnet: 10.0.0.0/24}]}}
volumes:
  data: {external: true}
secrets:
  s: {file: ./s.txt}
"#;
    assert_eq!(problems(src), vec![]);
}

#[test]
fn unknown_keys_with_suggestions() {
    let src = "servics:\n  a: {}\nservices:\n  web:\n    imgae: nginx\n    deploy:\n      resources:\n        limit: {memory: 1g}\n    foo_bar_baz: 1\n";
    let p = problems(src);
    assert_eq!(p.len(), 4, "{p:#?}");
    assert_eq!(p[0].0, ProblemKind::UnknownKey);
    assert_eq!(p[0].1, "servics");
    assert_eq!(p[0].2, "unknown top-level key `servics`");
    assert!(p[0].3.contains("did you mean `services`?"), "{}", p[0].3);
    assert_eq!(p[1].1, "imgae");
    assert_eq!(p[1].2, "unknown key `imgae` in service `web`");
    assert!(p[1].3.contains("`image`"));
    assert_eq!(p[2].1, "limit");
    assert_eq!(
        p[2].2,
        "unknown key `limit` in `deploy.resources` of service `web`"
    );
    assert!(p[2].3.contains("`limits`"));
    assert_eq!(p[3].1, "foo_bar_baz");
    assert!(p[3].3.starts_with("remove it, or prefix it with `x-`"));
}

#[test]
fn wrong_types_at_their_value() {
    let src = "services:\n  web:\n    user: 1000\n    ports: {a: 1}\n    cap_add: [[x]]\n    privileged: 1\n    healthcheck:\n      interval: 30\n    environment: {A: [1]}\n  bad: [x]\n";
    let p = problems(src);
    let got: Vec<(String, String)> = p.iter().map(|x| (x.1.clone(), x.2.clone())).collect();
    assert_eq!(
        got,
        vec![
            ("1000".into(), "`user` of service `web` must be a string, found an integer".into()),
            ("{a: 1}".into(), "`ports` of service `web` must be a list, found a mapping".into()),
            ("[x]".into(), "an item of `cap_add` of service `web` must be a string, found a sequence".into()),
            ("1".into(), "`privileged` of service `web` must be a boolean or a string, found an integer".into()),
            ("30".into(), "`healthcheck.interval` of service `web` must be a string, found an integer".into()),
            ("[1]".into(), "`environment.A` of service `web` must be a boolean, a number or a string, found a sequence".into()),
            (
                "[x]".into(),
                "`services.bad` must be a service definition (a mapping), found a sequence".into(),
            ),
        ]
    );
    assert_eq!(p[0].3, "quote the value: `\"1000\"`");
    assert!(p.iter().all(|x| x.0 == ProblemKind::Type));
}

#[test]
fn values_compose_rejects() {
    let src = "services:\n  web:\n    restart: alwayz\n    pull_policy: ${POLICY}\n    healthcheck: {timeout: 10}\n    stop_grace_period: \"10\"\n    volumes: [{type: bnd, target: /x}]\n    cgroup: ${UNKNOWN}\n";
    let p = problems(src);
    let got: Vec<(ProblemKind, String, String, String)> = p;
    assert_eq!(got.len(), 5, "{got:#?}");
    assert_eq!(got[0].0, ProblemKind::Value);
    assert_eq!(
        got[0].2,
        "`restart` of service `web` is `alwayz`, expected `no`, `always`, `on-failure[:N]` or `unless-stopped`"
    );
    assert_eq!(got[0].3, "use `always`");
    // Interpolated: judged by its value.
    assert_eq!(got[1].1, "${POLICY}");
    assert_eq!(got[1].3, "use `always`");
    assert_eq!(got[2].0, ProblemKind::Type);
    assert_eq!(got[3].0, ProblemKind::Value);
    assert!(got[3].2.contains("expected a duration with a unit"));
    assert_eq!(got[4].1, "bnd");
    assert_eq!(got[4].3, "use `bind`");
}

#[test]
fn legacy_format_accepts_its_own_keys() {
    let src =
        "web:\n  image: nginx\n  net: host\n  log_driver: syslog\n  imgae: x\ndb:\n  build: .\n";
    let p = problems(src);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!(p[0].2, "unknown key `imgae` in service `web`");
    let modern = problems("services:\n  web:\n    image: nginx\n    net: host\n");
    assert_eq!(
        modern[0].2,
        "unknown key `net` in service `web`: it belonged to the legacy Compose format"
    );
    assert_eq!(modern[0].3, "use `network_mode` instead");
}

#[test]
fn anchors_are_reported_once_where_written() {
    let src = "x-base: &base\n  imgae: a\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n  c: *base\n";
    let p = problems(src);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!(p[0].1, "imgae");
}

#[test]
fn odd_keys_do_not_panic() {
    let src = "? [a]\n: 1\nservices:\n  ? {x: 1}\n  : {}\n  web:\n    ? [k]\n    : v\n";
    let p = problems(src);
    assert!(p.iter().all(|x| x.0 == ProblemKind::Type), "{p:#?}");
    assert_eq!(p.len(), 3);
}

#[test]
fn corpus_files_validate() {
    let files = crate::testutil::corpus_compose_files();
    let mut counts = std::collections::BTreeMap::new();
    for (path, text) in &files {
        let Ok(docs) = load(text, &Limits::default()) else {
            continue;
        };
        let mut out = Vec::new();
        for d in &docs {
            validate_document(d, &|_| None, false, &mut out);
        }
        for p in out {
            assert!(text.get(p.span.range()).is_some());
            *counts.entry(format!("{:?}", p.kind)).or_insert(0) += 1;
            eprintln!(
                "{}: {} | {}",
                path.display(),
                p.message,
                p.help.unwrap_or_default()
            );
        }
    }
    eprintln!("corpus validation: {} files, {counts:?}", files.len());
}
