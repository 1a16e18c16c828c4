use super::*;
use crate::yaml::{Limits, load};

fn no_env(_: &str) -> Option<String> {
    None
}

fn env(name: &str) -> Option<String> {
    (name == "PORT").then(|| "8080".to_string())
}

/// Merge `over` into `base` (two files in one offset space: `over` is
/// shifted past `base`), returning the merged tree and the joined text.
fn merged(base: &str, over: &str) -> (Node, String) {
    let mut a = load(base, &Limits::default()).unwrap().remove(0);
    let mut b = load(over, &Limits::default()).unwrap().remove(0);
    let shift = base.len() as u32 + 1;
    b.shift(shift);
    a.shift(0);
    let text = format!("{base}\n{over}");
    (Merger::new(&env).merge_root(a, b), text)
}

fn at<'a>(n: &'a Node, path: &str) -> &'a Node {
    let mut cur = n;
    for k in path.split('.') {
        cur = match k.parse::<usize>() {
            Ok(i) => &cur.as_seq().unwrap()[i],
            Err(_) => cur.get(k).unwrap_or_else(|| panic!("no {k} in {path}")),
        };
    }
    cur
}

fn src<'a>(text: &'a str, n: &Node) -> &'a str {
    n.span.text(text)
}

fn seq_texts(text: &str, n: &Node) -> Vec<String> {
    n.as_seq()
        .unwrap()
        .iter()
        .map(|i| src(text, i).to_string())
        .collect()
}

#[test]
fn mappings_merge_and_scalars_keep_their_file() {
    let (m, t) = merged(
        "services:\n  web:\n    image: a:1\n    privileged: true\n",
        "services:\n  web:\n    privileged: false\n  db:\n    image: pg\n",
    );
    let web = at(&m, "services.web");
    assert_eq!(src(&t, at(web, "image")), "a:1");
    let p = at(web, "privileged");
    assert_eq!(p.as_str(), Some("false"));
    // The value points into the override (after the base's text).
    assert!(p.span.start as usize > 60);
    assert_eq!(src(&t, p), "false");
    assert_eq!(at(&m, "services.db.image").as_str(), Some("pg"));
    // Service order: base first, new services after.
    let names: Vec<_> = at(&m, "services")
        .as_map()
        .unwrap()
        .iter()
        .map(|e| e.key.as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["web", "db"]);
}

#[test]
fn command_and_entrypoint_are_replaced_sequences_append() {
    let (m, t) = merged(
        "services:\n  a:\n    command: [x, y]\n    entrypoint: sh\n    dns: [1.1.1.1]\n    security_opt: [a]\n    healthcheck:\n      test: [CMD, a]\n      retries: 3\n",
        "services:\n  a:\n    command: [z]\n    entrypoint: [bash]\n    dns: 8.8.8.8\n    security_opt: [b]\n    healthcheck:\n      test: [CMD, b]\n",
    );
    assert_eq!(seq_texts(&t, at(&m, "services.a.command")), ["z"]);
    assert_eq!(seq_texts(&t, at(&m, "services.a.entrypoint")), ["bash"]);
    assert_eq!(
        seq_texts(&t, at(&m, "services.a.dns")),
        ["1.1.1.1", "8.8.8.8"]
    );
    assert_eq!(seq_texts(&t, at(&m, "services.a.security_opt")), ["a", "b"]);
    assert_eq!(
        seq_texts(&t, at(&m, "services.a.healthcheck.test")),
        ["CMD", "b"]
    );
    assert_eq!(at(&m, "services.a.healthcheck.retries").as_str(), Some("3"));
}

#[test]
fn ports_and_volumes_deduplicate_by_key() {
    let (m, t) = merged(
        "services:\n  a:\n    ports: [\"80:80\", \"127.0.0.1:443:443\", \"${PORT}:8080\"]\n    volumes: [./a:/data, /logs]\n    cap_add: [NET_ADMIN]\n",
        "services:\n  a:\n    ports: [\"80:80\", \"8443:443\", \"8080:8080\", {target: 443, published: \"443\", host_ip: 127.0.0.1}]\n    volumes: [./b:/data:ro, {type: tmpfs, target: /tmp}]\n    cap_add: [NET_ADMIN, SYS_TIME]\n",
    );
    assert_eq!(
        seq_texts(&t, at(&m, "services.a.ports")),
        [
            "\"80:80\"",
            "{target: 443, published: \"443\", host_ip: 127.0.0.1}",
            "\"8080:8080\"",
            "\"8443:443\""
        ]
    );
    assert_eq!(
        seq_texts(&t, at(&m, "services.a.volumes")),
        ["./b:/data:ro", "/logs", "{type: tmpfs, target: /tmp}"]
    );
    assert_eq!(
        seq_texts(&t, at(&m, "services.a.cap_add")),
        ["NET_ADMIN", "SYS_TIME"]
    );
}

#[test]
fn environment_merges_by_name_across_syntaxes() {
    let (m, t) = merged(
        "services:\n  a:\n    environment:\n      - A=1\n      - B=2\n    labels: {x: 1}\n",
        "services:\n  a:\n    environment:\n      B: 3\n      C: 4\n    labels: [y=2, x=3]\n",
    );
    let env = at(&m, "services.a.environment").as_map().unwrap();
    let pairs: Vec<(String, String)> = env
        .iter()
        .map(|e| (src(&t, &e.key).to_string(), src(&t, &e.value).to_string()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("A".into(), "1".into()),
            ("B".into(), "3".into()),
            ("C".into(), "4".into())
        ]
    );
    let labels = at(&m, "services.a.labels").as_map().unwrap();
    assert_eq!(labels.get_value("x").unwrap().as_str(), Some("3"));
    assert_eq!(labels.get_value("y").unwrap().as_str(), Some("2"));
}

#[test]
fn reset_and_override_tags() {
    let (m, t) = merged(
        "services:\n  a:\n    ports: [\"80:80\"]\n    environment: {A: 1, B: 2}\n    deploy:\n      resources: {limits: {memory: 1g}}\n",
        "services:\n  a:\n    ports: !reset []\n    environment:\n      A: !reset null\n    deploy: !override\n      replicas: 2\n",
    );
    let a = at(&m, "services.a");
    assert!(a.get("ports").is_none());
    let env = at(a, "environment").as_map().unwrap();
    assert!(env.get("A").is_none());
    assert!(env.get("B").is_some());
    assert!(at(a, "deploy").get("resources").is_none());
    assert_eq!(src(&t, at(a, "deploy.replicas")), "2");
}

#[test]
fn names_and_build_merge_as_mappings() {
    let (m, _) = merged(
        "services:\n  a:\n    build: ./app\n    depends_on: [db]\n    networks: [front]\n",
        "services:\n  a:\n    build:\n      dockerfile: Dockerfile.dev\n    depends_on:\n      cache: {condition: service_started}\n    networks:\n      back: {}\n",
    );
    let b = at(&m, "services.a.build");
    assert_eq!(at(b, "context").as_str(), Some("./app"));
    assert_eq!(at(b, "dockerfile").as_str(), Some("Dockerfile.dev"));
    let deps: Vec<_> = at(&m, "services.a.depends_on")
        .as_map()
        .unwrap()
        .iter()
        .map(|e| e.key.as_str().unwrap().to_string())
        .collect();
    assert_eq!(deps, ["db", "cache"]);
    assert!(at(&m, "services.a.networks").get("front").is_some());
    assert!(at(&m, "services.a.networks").get("back").is_some());
}

#[test]
fn logging_merges_only_with_the_same_driver() {
    let (m, _) = merged(
        "services:\n  a:\n    logging: {driver: json-file, options: {max-size: 1m}}\n  b:\n    logging: {driver: json-file, options: {max-size: 1m}}\n",
        "services:\n  a:\n    logging: {options: {max-file: '3'}}\n  b:\n    logging: {driver: syslog}\n",
    );
    assert!(
        at(&m, "services.a.logging.options")
            .get("max-size")
            .is_some()
    );
    assert!(
        at(&m, "services.a.logging.options")
            .get("max-file")
            .is_some()
    );
    assert!(at(&m, "services.b.logging").get("options").is_none());
}

#[test]
fn extends_merges_a_service_over_its_base() {
    let base = load(
        "image: a\nports: [\"80:80\"]\nuser: root\n",
        &Limits::default(),
    )
    .unwrap()
    .remove(0);
    let local = load("user: app\nports: [\"81:81\"]\n", &Limits::default())
        .unwrap()
        .remove(0);
    let m = Merger::new(&no_env).extend_service(base, local);
    assert_eq!(m.get("user").unwrap().as_str(), Some("app"));
    assert_eq!(m.get("image").unwrap().as_str(), Some("a"));
    assert_eq!(m.get("ports").unwrap().as_seq().unwrap().len(), 2);
}

#[test]
fn keys_of_short_syntax_items() {
    assert_eq!(port_key("80"), "||80|tcp");
    assert_eq!(port_key("8080:80/UDP"), "|8080|80|udp");
    assert_eq!(port_key("[::1]:80:80"), "::1|80|80|tcp");
    assert_eq!(volume_target("C:\\data:/data:ro"), "/data");
    assert_eq!(volume_target("/anon"), "/anon");
}
