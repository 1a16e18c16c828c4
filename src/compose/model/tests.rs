use super::*;

fn no_env(_: &str) -> Option<String> {
    None
}

#[test]
fn corpus_compose_files_load() {
    let files = crate::testutil::corpus_compose_files();
    let (mut ok, mut failed, mut problems) = (0, Vec::new(), 0);
    for (path, text) in &files {
        match parse_file(text, &Limits::default(), &no_env) {
            Ok(f) => {
                ok += 1;
                for p in &f.problems {
                    problems += 1;
                    eprintln!("problem: {}: {} ({:?})", path.display(), p.message, p.kind);
                    assert!(text.get(p.span.range()).is_some());
                }
            }
            Err(e) => failed.push(format!("{}: {}", path.display(), e)),
        }
    }
    for f in &failed {
        eprintln!("failed: {f}");
    }
    eprintln!(
        "corpus: {} compose files, {ok} loaded, {} failed, {problems} problems",
        files.len(),
        failed.len()
    );
    // Every corpus file is valid Compose today; a failure is printed above
    // and is a bug to look at, but the corpus may grow broken files on
    // purpose, so only a total failure fails the test.
    assert!(ok > 0);
}

fn env(name: &str) -> Option<String> {
    match name {
        "WEB_PORT" => Some("8081".into()),
        "DATA" => Some("/srv/data".into()),
        "TAG" => Some("1.2".into()),
        "EMPTY" => Some(String::new()),
        _ => None,
    }
}

fn parse(src: &str) -> ComposeFile {
    parse_file(src, &Limits::default(), &env).unwrap_or_else(|e| panic!("{e}\n{src}"))
}

fn svc<'a>(f: &'a ComposeFile, name: &str) -> &'a Service {
    f.service(name)
        .unwrap_or_else(|| panic!("no service {name}"))
}

fn text(src: &str, span: Span) -> &str {
    span.text(src)
}

#[test]
fn empty_and_comment_only_files() {
    for src in ["", "# nothing\n", "---\n", "services:\n"] {
        let f = parse(src);
        assert!(f.services.is_empty(), "{src:?}");
        assert!(f.problems.is_empty(), "{src:?}");
    }
}

#[test]
fn top_level_must_be_a_mapping() {
    let e = parse_file("- a\n- b\n", &Limits::default(), &env).unwrap_err();
    assert_eq!(
        e.message,
        "expected a mapping at the top of a Compose file, found a sequence"
    );
    assert_eq!(e.span, Span::new(0, 7));
    let e = parse_file("just a string\n", &Limits::default(), &env).unwrap_err();
    assert!(e.message.ends_with("found a scalar"), "{}", e.message);
    let e = parse_file("services: [\n", &Limits::default(), &env).unwrap_err();
    assert!(!e.message.is_empty());
}

#[test]
fn services_in_file_order_with_spans() {
    let src = "\
version: '3.8'
name: proj
services:
  web:
    image: nginx:${TAG}
    user: root
    privileged: true
    read_only: 'no'
  db:
    image: postgres
";
    let f = parse(src);
    assert!(!f.legacy);
    assert_eq!(f.version.as_ref().unwrap().text(), Some("3.8"));
    assert_eq!(f.name.as_ref().unwrap().text(), Some("proj"));
    let names: Vec<&str> = f.services.iter().map(|s| s.name.value.as_str()).collect();
    assert_eq!(names, ["web", "db"]);
    let web = svc(&f, "web");
    assert_eq!(text(src, web.name.span), "web");
    assert!(text(src, web.span).starts_with("image: nginx"));
    assert!(text(src, web.span).ends_with("read_only: 'no'"));
    let image = web.image.as_ref().unwrap();
    assert_eq!(image.raw, "nginx:${TAG}");
    assert_eq!(image.text(), Some("nginx:1.2"));
    assert_eq!(text(src, image.span), "nginx:${TAG}");
    assert_eq!(text(src, image.key.unwrap()), "image");
    assert_eq!(web.privileged.as_ref().unwrap().as_bool(), Some(true));
    assert_eq!(web.read_only.as_ref().unwrap().as_bool(), Some(false));
    assert_eq!(web.user.as_ref().unwrap().text(), Some("root"));
    assert_eq!(web.get("user").unwrap().as_str(), Some("root"));
}

#[test]
fn field_conversions() {
    let src = "services:\n  a:\n    privileged: \"${PRIV}\"\n    read_only: YES\n    cpus: 0.5\n    pids_limit: -1\n    mem_limit: 512m\n    oom_kill_disable: Off\n    cpu_shares: '+10'\n    user:\n";
    let f = parse(src);
    let a = svc(&f, "a");
    let p = a.privileged.as_ref().unwrap();
    assert!(p.is_unknown());
    assert_eq!(p.unknown_vars, ["PRIV"]);
    assert_eq!(p.as_bool(), None);
    assert_eq!(a.read_only.as_ref().unwrap().as_bool(), Some(true));
    assert_eq!(a.cpus.as_ref().unwrap().as_f64(), Some(0.5));
    assert_eq!(a.pids_limit.as_ref().unwrap().as_i64(), Some(-1));
    assert_eq!(a.mem_limit.as_ref().unwrap().as_i64(), None);
    assert_eq!(a.oom_kill_disable.as_ref().unwrap().as_bool(), Some(false));
    assert_eq!(a.cpu_shares.as_ref().unwrap().as_i64(), Some(10));
    let user = a.user.as_ref().unwrap();
    assert!(user.is_null() && !user.is_unknown());
}

#[test]
fn ports_short_syntax() {
    let src = "\
services:
  web:
    ports:
      - 80
      - 8080:80
      - 22:22
      - \"127.0.0.1:8443:443\"
      - \"3000-3005\"
      - \"9090-9091:8080-8081\"
      - \"[::1]:6001:6001\"
      - \"::1:6000:6000/udp\"
      - \"${WEB_PORT:-80}:80\"
      - \"${OTHER_PORT:-81}:80\"
      - \"${UNSET_PORT}:80\"
      - \"127.0.0.1::5000\"
      - 6060:6060/udp
";
    let f = parse(src);
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let ports = &svc(&f, "web").ports;
    assert_eq!(ports.len(), 13);
    let pr = |p: &Option<PortRange>| p.map(|r| (r.start, r.end, r.unknown));
    // - 80: container only (ephemeral host port).
    assert_eq!(pr(&ports[0].published), None);
    assert_eq!(pr(&ports[0].target), Some((80, 80, false)));
    assert_eq!(text(src, ports[0].target.unwrap().span), "80");
    // - 8080:80
    assert_eq!(pr(&ports[1].published), Some((8080, 8080, false)));
    assert_eq!(text(src, ports[1].published.unwrap().span), "8080");
    assert_eq!(text(src, ports[1].span), "8080:80");
    assert_eq!(pr(&ports[2].published), Some((22, 22, false)));
    // host IP
    let p = &ports[3];
    assert_eq!(p.host_ip_text(), Some("127.0.0.1"));
    assert_eq!(text(src, p.host_ip.as_ref().unwrap().span), "127.0.0.1");
    assert_eq!(text(src, p.published.unwrap().span), "8443");
    assert_eq!(text(src, p.target.unwrap().span), "443");
    // ranges
    assert_eq!(pr(&ports[4].target), Some((3000, 3005, false)));
    assert_eq!(ports[4].target.unwrap().len(), 6);
    assert_eq!(pr(&ports[5].published), Some((9090, 9091, false)));
    assert_eq!(text(src, ports[5].published.unwrap().span), "9090-9091");
    // IPv6
    assert_eq!(ports[6].host_ip_text(), Some("::1"));
    assert_eq!(text(src, ports[6].host_ip.as_ref().unwrap().span), "::1");
    assert_eq!(pr(&ports[6].published), Some((6001, 6001, false)));
    assert_eq!(ports[7].host_ip_text(), Some("::1"));
    assert_eq!(ports[7].protocol.as_ref().unwrap().text(), Some("udp"));
    assert_eq!(pr(&ports[7].target), Some((6000, 6000, false)));
    // interpolated: a set variable points at the reference ...
    let p = ports[8].published.unwrap();
    assert_eq!((p.start, p.unknown), (8081, false));
    assert_eq!(text(src, p.span), "${WEB_PORT:-80}");
    // ... a default at the default's characters ...
    let p = ports[9].published.unwrap();
    assert_eq!((p.start, p.unknown), (81, false));
    assert_eq!(text(src, p.span), "81");
    assert_eq!(text(src, ports[9].target.unwrap().span), "80");
    // ... an unset variable without default is unknown.
    let p = ports[10].published.unwrap();
    assert!(p.unknown);
    assert_eq!(text(src, p.span), "${UNSET_PORT}");
    assert_eq!(pr(&ports[10].target), Some((80, 80, false)));
    // empty host port: an ephemeral port on that IP
    assert_eq!(ports[11].host_ip_text(), Some("127.0.0.1"));
    assert_eq!(pr(&ports[11].published), None);
    assert_eq!(pr(&ports[11].target), Some((5000, 5000, false)));
    assert_eq!(ports[12].protocol.as_ref().unwrap().text(), Some("udp"));
    assert_eq!(text(src, ports[12].protocol.as_ref().unwrap().span), "udp");
}

#[test]
fn ports_long_syntax() {
    let src = "\
services:
  web:
    ports:
      - target: 80
        published: 8080
        host_ip: 0.0.0.0
        protocol: tcp
        mode: host
      - target: \"443\"
        published: \"8000-8010\"
        name: https
        app_protocol: https
      - {target: 53, published: \"${DNS:-53}\", protocol: udp}
";
    let f = parse(src);
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let ports = &svc(&f, "web").ports;
    let p = &ports[0];
    assert!(p.long);
    assert_eq!(p.target.unwrap().start, 80);
    assert_eq!(p.published.unwrap().start, 8080);
    assert_eq!(text(src, p.published.unwrap().span), "8080");
    assert_eq!(p.host_ip_text(), Some("0.0.0.0"));
    assert_eq!(p.mode.as_ref().unwrap().text(), Some("host"));
    let p = &ports[1];
    assert_eq!(p.published.map(|r| (r.start, r.end)), Some((8000, 8010)));
    assert_eq!(text(src, p.published.unwrap().span), "8000-8010");
    assert_eq!(p.name.as_ref().unwrap().text(), Some("https"));
    let p = &ports[2];
    assert_eq!(p.published.unwrap().start, 53);
    assert_eq!(text(src, p.published.unwrap().span), "53");
    assert_eq!(
        text(src, p.span),
        "{target: 53, published: \"${DNS:-53}\", protocol: udp}"
    );
}

#[test]
fn port_errors_are_problems() {
    let src = "\
services:
  web:
    ports:
      - \"80:abc\"
      - \"70000:80\"
      - \"90-80:80\"
      - \"8000-8002:80-81\"
      - \"1.2.3:80:80\"
      - \"80:80/xyz\"
      - \"80:\"
      - {published: 80}
      - \"${BAD:80\"
      - 8080:8080
";
    let f = parse(src);
    let msgs: Vec<&str> = f.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "invalid port `80:abc`: `abc` is not a port number",
            "invalid port `70000:80`: `70000` is not a port number (0 to 65535)",
            "invalid port `90-80:80`: the range `90-80` ends before it starts",
            "invalid port `8000-8002:80-81`: the host and container port ranges differ in size",
            "invalid port `1.2.3:80:80`: `1.2.3` is not an IP address",
            "invalid port `80:80/xyz`: unknown protocol `xyz`, expected `tcp`, `udp` or `sctp`",
            "invalid port `80:`: missing the container port",
            "a port in the long syntax needs a `target`",
            "invalid interpolation: unexpected `:` after `${BAD` in `ports`",
        ]
    );
    assert_eq!(text(src, f.problems[0].span), "abc");
    assert_eq!(text(src, f.problems[4].span), "1.2.3");
    assert_eq!(text(src, f.problems[8].span), "");
    assert_eq!(
        f.problems[8].span.start as usize,
        src.find("${BAD").unwrap() + 5
    );
    assert!(f.problems.iter().all(|p| p.kind != ProblemKind::Type));
    // The file is still modelled: the last port is there.
    let ports = &svc(&f, "web").ports;
    assert_eq!(ports.last().unwrap().published.unwrap().start, 8080);
    // "80:abc" keeps its host port.
    assert_eq!(ports[0].published.unwrap().start, 80);
    assert!(ports[0].target.is_none());
}

#[test]
fn volumes_short_syntax() {
    let src = "\
services:
  app:
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - ./data:/data:ro
      - ~/.ssh:/root/.ssh:ro,z
      - named:/srv
      - /anonymous
      - \"${DATA}/x:/x\"
      - \"${HOME}/.aws:/root/.aws\"
      - \"${VOL}:/v\"
      - 'C:\\Users\\me:/data:rw'
      - ../up:/up
      - '\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine'
";
    let f = parse(src);
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let v = &svc(&f, "app").volumes;
    assert_eq!(v.len(), 11);
    let kinds: Vec<VolumeKind> = v.iter().map(|v| v.kind).collect();
    use VolumeKind::*;
    assert_eq!(
        kinds,
        [
            Bind, Bind, Bind, Volume, Volume, Bind, Bind, Unknown, Bind, Bind, Bind
        ]
    );
    assert_eq!(v[0].source_text(), Some("/var/run/docker.sock"));
    assert_eq!(
        text(src, v[0].source.as_ref().unwrap().span),
        "/var/run/docker.sock"
    );
    assert_eq!(
        text(src, v[0].span),
        "/var/run/docker.sock:/var/run/docker.sock"
    );
    assert!(v[1].read_only);
    assert_eq!(text(src, v[1].mode.as_ref().unwrap().span), "ro");
    assert_eq!(text(src, v[1].target.as_ref().unwrap().span), "/data");
    assert!(v[2].read_only);
    assert_eq!(v[2].mode.as_ref().unwrap().text(), Some("ro,z"));
    assert_eq!(v[3].source_text(), Some("named"));
    assert!(v[4].is_anonymous());
    assert_eq!(v[4].target_text(), Some("/anonymous"));
    assert!(v[4].source.is_none());
    assert_eq!(v[5].source_text(), Some("/srv/data/x"));
    assert_eq!(text(src, v[5].source.as_ref().unwrap().span), "${DATA}/x");
    assert_eq!(v[6].source.as_ref().unwrap().unknown_vars, ["HOME"]);
    assert_eq!(v[6].source_text(), None);
    assert_eq!(v[6].target_text(), Some("/root/.aws"));
    assert_eq!(v[8].source_text(), Some("C:\\Users\\me"));
    assert_eq!(v[8].target_text(), Some("/data"));
    assert!(!v[8].read_only);
    assert_eq!(v[10].source_text(), Some("\\\\.\\pipe\\docker_engine"));
}

#[test]
fn volumes_long_syntax_and_errors() {
    let src = "\
services:
  app:
    volumes:
      - type: bind
        source: /etc
        target: /host-etc
        read_only: true
        bind:
          propagation: rshared
          create_host_path: true
          selinux: z
      - type: volume
        source: cache
        target: /cache
        volume:
          nocopy: true
          subpath: sub
      - type: tmpfs
        target: /tmp
        tmpfs:
          size: 100m
          mode: 1777
      - source: /proc
        target: /host-proc
      - type: weird
        target: /w
      - /a::b
      - /a:/b:ro:x
      - a:/windows-drive-quirk
      -
";
    let f = parse(src);
    let v = &svc(&f, "app").volumes;
    assert_eq!(v.len(), 6);
    assert!(v[0].long && v[0].read_only);
    assert_eq!(v[0].kind, VolumeKind::Bind);
    assert_eq!(text(src, v[0].source.as_ref().unwrap().span), "/etc");
    assert_eq!(v[0].propagation.as_ref().unwrap().text(), Some("rshared"));
    assert_eq!(
        v[0].create_host_path.as_ref().unwrap().as_bool(),
        Some(true)
    );
    assert_eq!(v[0].selinux.as_ref().unwrap().text(), Some("z"));
    assert_eq!(v[1].kind, VolumeKind::Volume);
    assert_eq!(v[1].nocopy.as_ref().unwrap().as_bool(), Some(true));
    assert_eq!(v[1].subpath.as_ref().unwrap().text(), Some("sub"));
    assert_eq!(v[2].kind, VolumeKind::Tmpfs);
    assert_eq!(v[2].tmpfs_size.as_ref().unwrap().text(), Some("100m"));
    assert_eq!(v[3].kind, VolumeKind::Bind, "inferred from the source");
    assert_eq!(v[4].kind, VolumeKind::Unknown);
    // Like Compose, a single letter before `:` is a Windows drive.
    assert!(v[5].is_anonymous());
    assert_eq!(v[5].target_text(), Some("a:/windows-drive-quirk"));
    let msgs: Vec<&str> = f.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "invalid volume `/a::b`: empty section between colons",
            "invalid volume `/a:/b:ro:x`: too many colons",
            "empty volume",
        ]
    );
}

#[test]
fn environment_both_syntaxes() {
    let src = "\
services:
  list:
    environment:
      - PLAIN=value
      - FROM_SHELL
      - PORT=${WEB_PORT}
      - EMPTY=
      - EQ=a=b
      - KEY_${TAG}=x
  map:
    environment:
      PASSWORD: secret
      NUMBER: 5
      UNSET:
      NULL: null
      ~: tilde
      INTERP: \"${MISSING:-fallback}\"
";
    let f = parse(src);
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let env = &svc(&f, "list").environment;
    let kv: Vec<(&str, Option<&str>)> = env
        .iter()
        .map(|e| {
            (
                e.key.value.as_str(),
                e.value.as_ref().and_then(|v| v.text()),
            )
        })
        .collect();
    assert_eq!(
        kv,
        [
            ("PLAIN", Some("value")),
            ("FROM_SHELL", None),
            ("PORT", Some("8081")),
            ("EMPTY", Some("")),
            ("EQ", Some("a=b")),
            ("KEY_1.2", Some("x")),
        ]
    );
    assert_eq!(text(src, env[0].key.span), "PLAIN");
    assert_eq!(text(src, env[0].value.as_ref().unwrap().span), "value");
    assert_eq!(text(src, env[0].span), "PLAIN=value");
    assert!(env[1].value.is_none());
    assert_eq!(
        text(src, env[2].value.as_ref().unwrap().span),
        "${WEB_PORT}"
    );
    assert_eq!(text(src, env[4].value.as_ref().unwrap().span), "a=b");
    // Parts of interpolated items keep their own raw text and spans.
    let port = env[2].value.as_ref().unwrap();
    assert_eq!(port.raw, "${WEB_PORT}");
    assert_eq!(port.resolved_text(), "8081");
    assert_eq!(text(src, port.span_of(1..3)), "${WEB_PORT}");
    let x = env[5].value.as_ref().unwrap();
    assert_eq!((x.raw.as_str(), text(src, x.span)), ("x", "x"));
    assert_eq!(text(src, env[5].key.span), "KEY_${TAG}");
    let sub = x.part(0..1);
    assert_eq!(text(src, sub.span), "x");
    let env = &svc(&f, "map").environment;
    let kv: Vec<(&str, Option<&str>)> = env
        .iter()
        .map(|e| {
            (
                e.key.value.as_str(),
                e.value.as_ref().and_then(|v| v.text()),
            )
        })
        .collect();
    assert_eq!(
        kv,
        [
            ("PASSWORD", Some("secret")),
            ("NUMBER", Some("5")),
            ("UNSET", None),
            ("NULL", None),
            ("~", Some("tilde")),
            ("INTERP", Some("fallback")),
        ]
    );
    assert_eq!(text(src, env[0].key.span), "PASSWORD");
    assert_eq!(text(src, env[0].value.as_ref().unwrap().span), "secret");
    assert_eq!(text(src, env[0].span), "PASSWORD: secret");
    assert!(env[5].value.as_ref().unwrap().defaulted);
}

#[test]
fn legacy_v1_services_at_the_top_level() {
    let src = "\
web:
  image: nginx
  ports:
    - \"80:80\"
  links:
    - db
db:
  build: ./db
  privileged: true
";
    let f = parse(src);
    assert!(f.legacy);
    let names: Vec<&str> = f.services.iter().map(|s| s.name.value.as_str()).collect();
    assert_eq!(names, ["web", "db"]);
    assert_eq!(svc(&f, "web").ports[0].published.unwrap().start, 80);
    let db = svc(&f, "db");
    assert!(db.build.as_ref().unwrap().short);
    assert_eq!(
        db.build.as_ref().unwrap().context.as_ref().unwrap().text(),
        Some("./db")
    );
    assert_eq!(db.privileged.as_ref().unwrap().as_bool(), Some(true));
    // A v2/v3 file is not legacy.
    let f = parse("version: '2'\nservices:\n  a:\n    image: x\n");
    assert!(!f.legacy);
    // Neither is a file of extension fields only.
    let f = parse("x-common:\n  image: x\nversion: '3'\n");
    assert!(!f.legacy);
    assert!(f.services.is_empty());
}

#[test]
fn merge_keys_feed_services() {
    let src = "\
x-defaults: &defaults
  privileged: true
  cap_add: [SYS_ADMIN]
  restart: always
services:
  a:
    <<: *defaults
    restart: \"no\"
  b: *defaults
";
    let f = parse(src);
    let a = svc(&f, "a");
    let p = a.privileged.as_ref().unwrap();
    assert_eq!(p.as_bool(), Some(true));
    // The value is where it is defined; the alias says how it got here.
    assert_eq!(p.span.start as usize, src.find("true").unwrap());
    assert_eq!(p.alias.map(|s| text(src, s)), Some("*defaults"));
    let e = a.node.as_map().unwrap().get("privileged").unwrap();
    assert_eq!(e.merged_from.map(|s| text(src, s)), Some("*defaults"));
    assert_eq!(a.restart.as_ref().unwrap().text(), Some("no"));
    assert_eq!(
        a.cap_add.as_ref().unwrap().find("sys_admin").unwrap().raw,
        "SYS_ADMIN"
    );
    let b = svc(&f, "b");
    assert_eq!(b.restart.as_ref().unwrap().text(), Some("always"));
    assert_eq!(b.node.alias.map(|s| text(src, s)), Some("*defaults"));
}

#[test]
fn many_service_keys() {
    let src = r#"
services:
  app:
    build:
      context: .
      dockerfile: Dockerfile.dev
      target: dev
      args:
        - VERSION=1
      privileged: true
      entitlements: [network.host]
      network: host
      secrets: [npmrc]
    network_mode: host
    pid: host
    ipc: "host"
    uts: host
    userns_mode: host
    cgroup: host
    cap_add: ALL
    cap_drop:
      - ALL
    security_opt:
      - seccomp:unconfined
      - no-new-privileges:true
    devices:
      - /dev/sda:/dev/xvda:rwm
      - source: /dev/fuse
        target: /dev/fuse
    command: ["npm", "start"]
    entrypoint: /bin/sh -c 'run'
    env_file:
      - .env
      - path: ./extra.env
        required: false
    deploy:
      resources:
        limits:
          cpus: '0.5'
          memory: 512M
          pids: 100
        reservations:
          memory: 128M
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
      interval: 30s
    logging:
      driver: none
      options:
        max-size: 10m
    tmpfs: /run
    sysctls:
      net.core.somaxconn: 1024
    ulimits:
      nproc: 65535
      nofile:
        soft: 20000
        hard: 40000
    profiles: [debug]
    extends:
      file: common.yml
      service: base
    depends_on:
      db:
        condition: service_healthy
    labels:
      - "a=b"
    secrets:
      - db_password
      - source: api_key
        target: /run/secrets/key
        mode: 0400
    configs: [conf]
    networks:
      front:
        ipv4_address: 10.0.0.2
        aliases: [web]
    use_api_socket: true
    volumes_from: [other:ro]
    container_name: app
    expose: ["3000", 4000]
    gpus: all
    device_cgroup_rules: ['c 1:3 mr']
    post_start:
      - command: ./setup.sh
        user: root
        privileged: true
    pre_stop:
      - command: ["./stop.sh"]
  db:
    image: postgres
    depends_on: [cache]
    networks: [back]
    extends: base
    healthcheck:
      disable: true
networks:
  front:
    driver: bridge
  back:
    internal: true
  outside:
    external: true
volumes:
  data:
    driver_opts:
      type: none
      o: bind
      device: /srv
secrets:
  db_password:
    file: ./pw.txt
  api_key:
    environment: API_KEY
configs:
  conf:
    content: hello
include:
  - other.yml
  - path: [a.yml, b.yml]
    env_file: a.env
    project_directory: ..
"#;
    let f = parse(src);
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let app = svc(&f, "app");
    let b = app.build.as_ref().unwrap();
    assert!(!b.short);
    assert_eq!(b.context.as_ref().unwrap().text(), Some("."));
    assert_eq!(
        b.dockerfile.as_ref().unwrap().text(),
        Some("Dockerfile.dev")
    );
    assert_eq!(b.target.as_ref().unwrap().text(), Some("dev"));
    assert_eq!(b.args[0].key.value, "VERSION");
    assert_eq!(b.privileged.as_ref().unwrap().as_bool(), Some(true));
    assert!(
        b.entitlements
            .as_ref()
            .unwrap()
            .find("network.host")
            .is_some()
    );
    assert_eq!(b.network.as_ref().unwrap().text(), Some("host"));
    assert_eq!(b.secrets[0].source.as_ref().unwrap().text(), Some("npmrc"));
    for f in [
        &app.network_mode,
        &app.pid,
        &app.ipc,
        &app.uts,
        &app.userns_mode,
        &app.cgroup,
    ] {
        assert_eq!(f.as_ref().unwrap().text(), Some("host"));
    }
    assert_eq!(app.cap_add.as_ref().unwrap().items.len(), 1);
    assert!(app.cap_drop.as_ref().unwrap().find("ALL").is_some());
    assert_eq!(text(src, app.cap_drop.as_ref().unwrap().key), "cap_drop");
    let so = app.security_opt.as_ref().unwrap();
    assert_eq!(so.items[0].text(), Some("seccomp:unconfined"));
    assert_eq!(app.devices.len(), 2);
    assert_eq!(
        app.devices[0].source.as_ref().unwrap().text(),
        Some("/dev/sda")
    );
    assert_eq!(
        text(src, app.devices[0].target.as_ref().unwrap().span),
        "/dev/xvda"
    );
    assert_eq!(
        app.devices[0].permissions.as_ref().unwrap().text(),
        Some("rwm")
    );
    assert!(app.devices[1].long);
    let cmd = app.command.as_ref().unwrap();
    assert!(!cmd.shell_form);
    assert_eq!(cmd.args.len(), 2);
    assert_eq!(text(src, cmd.span), r#"["npm", "start"]"#);
    let ep = app.entrypoint.as_ref().unwrap();
    assert!(ep.shell_form);
    assert_eq!(ep.args[0].text(), Some("/bin/sh -c 'run'"));
    assert_eq!(app.env_file.len(), 2);
    assert_eq!(
        app.env_file[1].required.as_ref().unwrap().as_bool(),
        Some(false)
    );
    let d = app.deploy.as_ref().unwrap();
    let l = d.limits.as_ref().unwrap();
    assert_eq!(l.cpus.as_ref().unwrap().as_f64(), Some(0.5));
    assert_eq!(l.memory.as_ref().unwrap().text(), Some("512M"));
    assert_eq!(l.pids.as_ref().unwrap().as_i64(), Some(100));
    assert!(d.reservations.as_ref().unwrap().memory.is_some());
    let h = app.healthcheck.as_ref().unwrap();
    assert_eq!(h.test.as_ref().unwrap().args[0].text(), Some("CMD"));
    assert_eq!(h.interval.as_ref().unwrap().text(), Some("30s"));
    let lg = app.logging.as_ref().unwrap();
    assert_eq!(lg.driver.as_ref().unwrap().text(), Some("none"));
    assert_eq!(lg.options[0].key.value, "max-size");
    assert_eq!(app.tmpfs.as_ref().unwrap().items[0].text(), Some("/run"));
    assert_eq!(app.sysctls[0].key.value, "net.core.somaxconn");
    assert_eq!(app.ulimits.len(), 2);
    assert_eq!(app.ulimits[0].value.as_ref().unwrap().as_i64(), Some(65535));
    assert_eq!(app.ulimits[1].hard.as_ref().unwrap().as_i64(), Some(40000));
    assert!(app.profiles.as_ref().unwrap().find("debug").is_some());
    let x = app.extends.as_ref().unwrap();
    assert_eq!(x.service.as_ref().unwrap().text(), Some("base"));
    assert_eq!(x.file.as_ref().unwrap().text(), Some("common.yml"));
    assert_eq!(app.depends_on[0].name.value, "db");
    assert_eq!(
        app.depends_on[0].condition.as_ref().unwrap().text(),
        Some("service_healthy")
    );
    assert_eq!(app.labels[0].key.value, "a");
    assert_eq!(app.secrets.len(), 2);
    assert!(app.secrets[1].long);
    assert_eq!(app.secrets[1].mode.as_ref().unwrap().raw, "0400");
    assert_eq!(app.configs[0].source.as_ref().unwrap().text(), Some("conf"));
    assert_eq!(app.networks[0].name.value, "front");
    assert_eq!(
        app.networks[0].ipv4_address.as_ref().unwrap().text(),
        Some("10.0.0.2")
    );
    assert_eq!(app.use_api_socket.as_ref().unwrap().as_bool(), Some(true));
    assert_eq!(app.volumes_from.as_ref().unwrap().items.len(), 1);
    assert_eq!(app.container_name.as_ref().unwrap().text(), Some("app"));
    assert_eq!(app.expose.as_ref().unwrap().items.len(), 2);
    assert_eq!(text(src, app.gpus.unwrap().span), "all");
    assert_eq!(app.device_cgroup_rules.as_ref().unwrap().items.len(), 1);
    let hook = &app.post_start[0];
    assert_eq!(hook.user.as_ref().unwrap().text(), Some("root"));
    assert_eq!(hook.privileged.as_ref().unwrap().as_bool(), Some(true));
    assert!(hook.command.as_ref().unwrap().shell_form);
    assert!(!app.pre_stop[0].command.as_ref().unwrap().shell_form);

    let db = svc(&f, "db");
    assert_eq!(db.depends_on[0].name.value, "cache");
    assert_eq!(db.networks[0].name.value, "back");
    assert_eq!(
        db.extends
            .as_ref()
            .unwrap()
            .service
            .as_ref()
            .unwrap()
            .text(),
        Some("base")
    );
    assert_eq!(
        db.healthcheck
            .as_ref()
            .unwrap()
            .disable
            .as_ref()
            .unwrap()
            .as_bool(),
        Some(true)
    );

    let nets: Vec<&str> = f.networks.iter().map(|n| n.name.value.as_str()).collect();
    assert_eq!(nets, ["front", "back", "outside"]);
    assert_eq!(
        f.networks[1].internal.as_ref().unwrap().as_bool(),
        Some(true)
    );
    assert_eq!(
        f.networks[2].external.as_ref().unwrap().as_bool(),
        Some(true)
    );
    assert_eq!(f.volumes[0].driver_opts.len(), 3);
    assert_eq!(f.secrets[0].file.as_ref().unwrap().text(), Some("./pw.txt"));
    assert_eq!(
        f.secrets[1].environment.as_ref().unwrap().text(),
        Some("API_KEY")
    );
    assert_eq!(f.configs[0].content.as_ref().unwrap().text(), Some("hello"));
    assert_eq!(f.include.len(), 2);
    assert_eq!(f.include[0].path[0].text(), Some("other.yml"));
    assert_eq!(f.include[1].path.len(), 2);
    assert_eq!(f.include[1].env_file[0].text(), Some("a.env"));
}

#[test]
fn wrong_shapes_are_problems() {
    let src = "\
services:
  a:
    user: [root]
    cap_add: {x: y}
    environment: FOO=bar
    deploy: 5
  b: just-a-string
";
    let f = parse(src);
    let msgs: Vec<&str> = f.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "`services.b` must be a mapping, found a scalar",
            "`user` must be a string, found a sequence",
            "`cap_add` must be a list of strings, found a mapping",
            "`environment` must be a list or a mapping, found a scalar",
            "`deploy` must be a mapping, found a scalar",
        ]
        .iter()
        .copied()
        .filter(|m| !m.starts_with("`services.b`"))
        .chain(["`services.b` must be a mapping, found a scalar"])
        .collect::<Vec<_>>()
    );
    // `b` is a type error, not a service: no rule judges what it lacks.
    assert_eq!(f.services.len(), 1);
    assert_eq!(f.invalid_services.len(), 1);
    assert_eq!(f.invalid_services[0].value, "b");
    assert!(f.problems.iter().all(|p| p.kind == ProblemKind::Type));
}

#[test]
fn duplicate_keys_are_problems_and_loading_goes_on() {
    let src = "services:\n  a:\n    image: x\n    image: y\n    privileged: true\n";
    let f = parse(src);
    assert_eq!(f.problems.len(), 1);
    assert_eq!(f.problems[0].kind, ProblemKind::DuplicateKey);
    assert_eq!(text(src, f.problems[0].span), "image");
    assert_eq!(
        f.problems[0].span.start as usize,
        src.rfind("image").unwrap()
    );
    let a = svc(&f, "a");
    assert_eq!(a.image.as_ref().unwrap().text(), Some("x"));
    assert!(a.privileged.is_some());
}

#[test]
fn crlf_and_bom_files() {
    let src = "\u{feff}services:\r\n  web:\r\n    image: \"nginx\"\r\n    ports:\r\n      - \"127.0.0.1:8080:80\"\r\n    environment:\r\n      - A=b\r\n";
    let f = parse(src);
    let web = svc(&f, "web");
    assert_eq!(text(src, web.name.span), "web");
    assert_eq!(text(src, web.image.as_ref().unwrap().span), "\"nginx\"");
    let p = &web.ports[0];
    assert_eq!(text(src, p.published.unwrap().span), "8080");
    assert_eq!(text(src, p.host_ip.as_ref().unwrap().span), "127.0.0.1");
    assert_eq!(
        text(src, web.environment[0].value.as_ref().unwrap().span),
        "b"
    );
}

#[test]
fn non_ascii_before_fields() {
    let src = "# Ünïcødé 😀 comment\nservices:\n  wéb:\n    image: \"ñginx\"\n    ports: [\"127.0.0.1:8080:80\"]\n";
    let f = parse(src);
    let web = svc(&f, "wéb");
    assert_eq!(text(src, web.name.span), "wéb");
    assert_eq!(text(src, web.image.as_ref().unwrap().span), "\"ñginx\"");
    assert_eq!(text(src, web.ports[0].published.unwrap().span), "8080");
}

#[test]
fn multi_document_files() {
    let src = "services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n";
    let f = parse(src);
    assert_eq!(f.extra_documents.len(), 1);
    let names: Vec<&str> = f.services.iter().map(|s| s.name.value.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
}

#[test]
fn tags_are_kept() {
    let src = "services:\n  a:\n    ports: !reset []\n    user: !override root\n";
    let f = parse(src);
    let a = svc(&f, "a");
    assert!(a.ports.is_empty());
    assert!(a.get("ports").unwrap().has_tag("!reset"));
    assert_eq!(a.user.as_ref().unwrap().tag.as_deref(), Some("!override"));
}

#[test]
fn field_parts_without_verbatim_fall_back_to_the_node() {
    // An escape makes the scalar non-verbatim: parts point at the whole item.
    let src = "services:\n  a:\n    ports:\n      - \"127.0.0.1:80\\u0038:80\"\n";
    let f = parse(src);
    let p = &svc(&f, "a").ports[0];
    assert_eq!(p.published.unwrap().start, 808);
    assert_eq!(
        text(src, p.published.unwrap().span),
        "\"127.0.0.1:80\\u0038:80\""
    );
}

/// `cargo test --release --lib measure_model_throughput -- --ignored --nocapture`
#[test]
#[ignore = "a measurement, not a test: run it in release with --ignored --nocapture"]
fn measure_model_throughput() {
    let mut src = String::from(
        "x-common: &common\n  restart: unless-stopped\n  logging:\n    driver: json-file\n    options:\n      max-size: 10m\nservices:\n",
    );
    let mut i = 0;
    while src.len() < 8 << 20 {
        src.push_str(&format!(
            "  svc{i}:\n    <<: *common\n    image: \"registry.example.com/team/app-{i}:${{TAG:-1.0}}\"\n    user: \"1000:1000\"\n    ports:\n      - \"127.0.0.1:{p}:80\"\n      - target: 443\n        published: {q}\n    volumes:\n      - ./data/{i}:/data:ro\n      - type: volume\n        source: cache{i}\n        target: /cache\n    environment:\n      - MODE=production\n      - PORT=${{PORT:-8080}}\n    labels:\n      com.example.description: 'service number {i} — ünïcode'\n    command: [\"serve\", \"--port\", \"8080\"]\n    deploy:\n      resources:\n        limits: {{cpus: '0.5', memory: 256M}}\n",
            p = 10000 + i % 50000,
            q = 20000 + i % 40000,
        ));
        i += 1;
    }
    let mb = src.len() as f64 / (1 << 20) as f64;
    let time = |f: &dyn Fn()| {
        let t = std::time::Instant::now();
        for _ in 0..3 {
            f();
        }
        t.elapsed().as_secs_f64() / 3.0
    };
    let events = time(&|| {
        let mut p = saphyr_parser::Parser::new_from_str(&src);
        let mut n = 0usize;
        while let Some(e) = p.next_event() {
            e.unwrap();
            n += 1;
        }
        assert!(n > 0);
    });
    let load = time(&|| {
        crate::yaml::load(&src, &Limits::default()).unwrap();
    });
    let model = time(&|| {
        let f = parse_file(&src, &Limits::default(), &no_env).unwrap();
        assert_eq!(f.services.len(), i);
    });
    {
        let files = crate::testutil::corpus_compose_files();
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        let secs = time(&|| {
            for (_, text) in &files {
                let _ = parse_file(text, &Limits::default(), &no_env);
            }
        });
        eprintln!(
            "corpus: {} files, {:.0} KB, parse_file {:.1} MB/s ({:.0} µs per file)",
            files.len(),
            bytes as f64 / 1024.0,
            bytes as f64 / (1 << 20) as f64 / secs,
            secs * 1e6 / files.len() as f64
        );
    }
    eprintln!(
        "{mb:.1} MB, {i} services: saphyr events {:.1} MB/s, yaml::load {:.1} MB/s, parse_file {:.1} MB/s",
        mb / events,
        mb / load,
        mb / model
    );
}

// YAML and model together on damaged corpus files.

#[test]
fn corpus_prefixes_never_panic() {
    let files = crate::testutil::corpus_compose_files();
    for (_, src) in files.iter().take(80) {
        let step = (src.len() / 23).max(1);
        let mut cut = 0;
        while cut < src.len() {
            let at = crate::source::floor_char_boundary(src, cut);
            let _ = yaml::load_with_warnings(&src[..at], &Limits::default());
            let _ = parse_file(&src[..at], &Limits::default(), &|_| None);
            cut += step;
        }
    }
}

#[test]
fn mutated_corpus_never_panics() {
    let files = crate::testutil::corpus_compose_files();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut rand = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    const BITS: [&str; 24] = [
        ":", "-", "[", "]", "{", "}", "&a", "*a", "<<: *a", "!t", "'", "\"", "|", ">", "#", "\n",
        "\r\n", "  ", "\t", "é", "${", "${X:-", "$$", "?",
    ];
    for _ in 0..3000 {
        let (_, src) = &files[rand(files.len())];
        let mut s = src.clone();
        for _ in 0..1 + rand(4) {
            let at = crate::source::floor_char_boundary(&s, rand(s.len() + 1));
            if rand(3) == 0 && at < s.len() {
                let end = crate::source::floor_char_boundary(&s, at + rand(8));
                s.replace_range(at..end.max(at), "");
            } else {
                s.insert_str(at, BITS[rand(BITS.len())]);
            }
        }
        if let Ok(l) = yaml::load_with_warnings(&s, &Limits::default()) {
            for d in &l.docs {
                let mut todo = vec![d];
                while let Some(n) = todo.pop() {
                    assert!(n.span.end as usize <= s.len());
                    assert!(s.is_char_boundary(n.span.start as usize));
                    assert!(s.is_char_boundary(n.span.end as usize));
                    match &n.value {
                        Value::Seq(items) => todo.extend(items),
                        Value::Map(m) => {
                            for e in &m.entries {
                                todo.push(&e.key);
                                todo.push(&e.value);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        if let Ok(f) = parse_file(&s, &Limits::default(), &|_| None) {
            for p in &f.problems {
                assert!(s.get(p.span.range()).is_some(), "{p:?}");
            }
        }
    }
}
