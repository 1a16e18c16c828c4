use super::*;

fn env(name: &str) -> Option<String> {
    match name {
        "SET" => Some("value".into()),
        "EMPTY" => Some(String::new()),
        "PORT" => Some("8080".into()),
        "COLON" => Some("1:2".into()),
        _ => None,
    }
}

fn value(text: &str) -> Option<String> {
    interpolate(text, &env).unwrap().value
}

#[test]
fn parses_pieces_with_offsets() {
    let text = "a$$b$SET/${X}-${Y:-d}";
    let p = parse(text).unwrap();
    assert_eq!(p.len(), 8);
    assert_eq!(
        p[0],
        Piece::Literal {
            text: "a".into(),
            span: 0..1
        }
    );
    assert_eq!(p[1], Piece::Escape { span: 1..3 });
    let Piece::Var(v) = &p[3] else { panic!() };
    assert_eq!(
        (v.name.as_str(), v.span.clone(), v.braced),
        ("SET", 4..8, false)
    );
    let Piece::Var(v) = &p[5] else { panic!() };
    assert_eq!(&text[v.span.clone()], "${X}");
    assert_eq!(&text[v.name_span.clone()], "X");
    let Piece::Var(v) = &p[7] else { panic!() };
    let m = v.modifier.as_ref().unwrap();
    assert_eq!(m.op, Op::DefaultIfEmpty);
    assert_eq!(&text[m.arg_span.clone()], "d");
}

#[test]
fn every_operator_parses() {
    for (text, op) in [
        ("${V:-x}", Op::DefaultIfEmpty),
        ("${V-x}", Op::DefaultIfUnset),
        ("${V:?x}", Op::RequiredNonEmpty),
        ("${V?x}", Op::Required),
        ("${V:+x}", Op::AltIfNonEmpty),
        ("${V+x}", Op::AltIfSet),
    ] {
        let p = parse(text).unwrap();
        let [Piece::Var(v)] = p.as_slice() else {
            panic!("{text}")
        };
        assert_eq!(v.modifier.as_ref().unwrap().op, op, "{text}");
        assert_eq!(v.span, 0..text.len());
    }
}

#[test]
fn nested_defaults() {
    let text = "${A:-${B:-x}}";
    let p = parse(text).unwrap();
    let [Piece::Var(a)] = p.as_slice() else {
        panic!()
    };
    let m = a.modifier.as_ref().unwrap();
    let [Piece::Var(b)] = m.arg.as_slice() else {
        panic!()
    };
    assert_eq!(&text[b.span.clone()], "${B:-x}");
    assert_eq!(value(text).as_deref(), Some("x"));
    assert_eq!(value("${A:-${SET:-x}}").as_deref(), Some("value"));
    assert_eq!(
        value("${A:-pre-${PORT}-post}").as_deref(),
        Some("pre-8080-post")
    );
    assert_eq!(value("${A?$SET}"), None);
}

#[test]
fn literal_dollars() {
    assert_eq!(
        value("cost $5 and $ and $-").as_deref(),
        Some("cost $5 and $ and $-")
    );
    assert_eq!(value("$$SET").as_deref(), Some("$SET"));
    assert_eq!(value("a$").as_deref(), Some("a$"));
    assert_eq!(value("{}}").as_deref(), Some("{}}"));
    assert_eq!(value("${A:-{x}").as_deref(), Some("{x"));
}

#[test]
fn invalid_syntax_has_offsets() {
    let e = parse("ab${").unwrap_err();
    assert_eq!(e.offset, 2);
    assert!(e.message.contains("not closed"), "{}", e.message);
    let e = parse("${VAR").unwrap_err();
    assert_eq!(e.offset, 0);
    assert_eq!(e.message, "invalid interpolation: `${VAR` is not closed");
    let e = parse("x ${:-x}").unwrap_err();
    assert_eq!(e.offset, 4);
    assert_eq!(
        e.message,
        "invalid interpolation: expected a variable name after `${`"
    );
    let e = parse("${}").unwrap_err();
    assert_eq!(e.offset, 2);
    let e = parse("${VAR/a/b}").unwrap_err();
    assert_eq!(e.offset, 5);
    assert_eq!(
        e.message,
        "invalid interpolation: unexpected `/` after `${VAR`"
    );
    let e = parse("${A:x}").unwrap_err();
    assert_eq!(e.offset, 3);
    let e = parse("${A:-${B}").unwrap_err();
    assert_eq!(e.offset, 0);
    let e = parse("${1}").unwrap_err();
    assert_eq!(e.offset, 2);
    let deep = "${A:-".repeat(100) + &"}".repeat(100);
    let e = parse(&deep).unwrap_err();
    assert!(e.message.contains("nested more than"), "{}", e.message);
    // A deep nesting within the limit resolves.
    let ok = "${A:-".repeat(20) + "z" + &"}".repeat(20);
    assert_eq!(value(&ok).as_deref(), Some("z"));
}

#[test]
fn resolution_semantics() {
    let cases: &[(&str, Option<&str>, bool)] = &[
        ("$SET", Some("value"), false),
        ("${SET}", Some("value"), false),
        ("$UNSET", None, false),
        ("${EMPTY}", Some(""), false),
        ("${UNSET:-d}", Some("d"), true),
        ("${EMPTY:-d}", Some("d"), true),
        ("${SET:-d}", Some("value"), false),
        ("${UNSET-d}", Some("d"), true),
        ("${EMPTY-d}", Some(""), false),
        ("${UNSET:?err}", None, false),
        ("${EMPTY:?err}", None, false),
        ("${SET:?err}", Some("value"), false),
        ("${UNSET?err}", None, false),
        ("${EMPTY?err}", Some(""), false),
        ("${UNSET:+alt}", Some(""), false),
        ("${EMPTY:+alt}", Some(""), false),
        ("${SET:+alt}", Some("alt"), false),
        ("${UNSET+alt}", Some(""), false),
        ("${EMPTY+alt}", Some("alt"), false),
        ("${UNSET:-}", Some(""), true),
    ];
    for &(text, want, defaulted) in cases {
        let r = interpolate(text, &env).unwrap();
        assert_eq!(r.value.as_deref(), want, "{text}");
        assert_eq!(r.defaulted, defaulted, "{text}");
        assert_eq!(r.unknown_vars.is_empty(), want.is_some(), "{text}");
    }
}

#[test]
fn unknown_parts_are_marked() {
    let r = interpolate("${HOST}:${PORT}:${HOST}:80", &env).unwrap();
    assert_eq!(r.value, None);
    assert_eq!(r.unknown_vars, ["HOST"]);
    let u = UNKNOWN.to_string();
    assert_eq!(r.text, format!("{u}:8080:{u}:80"));
    let colon = r.text.find(':').unwrap();
    assert!(r.is_unknown(0..colon));
    assert!(!r.is_unknown(colon + 1..colon + 5));
}

#[test]
fn maps_output_back_to_source() {
    let text = "${WEB_PORT:-80}:80";
    let r = interpolate(text, &env).unwrap();
    assert_eq!(r.value.as_deref(), Some("80:80"));
    // The published "80" comes from the default literal.
    let src = r.src_range(0..2).unwrap();
    assert_eq!(&text[src], "80");
    assert_eq!(text.find("80"), Some(12));
    let tail = r.src_range(3..5).unwrap();
    assert_eq!(&text[tail], "80");
    assert_eq!(r.src_range(3..5), Some(16..18));
    // A substituted value maps to the whole reference.
    let text = "${PORT}:80";
    let r = interpolate(text, &env).unwrap();
    assert_eq!(&text[r.src_range(0..4).unwrap()], "${PORT}");
    assert_eq!(&text[r.src_range(1..2).unwrap()], "${PORT}");
    // Across segments: the cover.
    assert_eq!(&text[r.src_range(0..6).unwrap()], "${PORT}:8");
    // Escapes map to `$$`.
    let text = "a$$b";
    let r = interpolate(text, &env).unwrap();
    assert_eq!(r.value.as_deref(), Some("a$b"));
    assert_eq!(&text[r.src_range(1..2).unwrap()], "$$");
    assert_eq!(&text[r.src_range(2..3).unwrap()], "b");
    // Empty ranges map to a position.
    let r = interpolate("ab", &env).unwrap();
    assert_eq!(r.src_range(1..1), Some(1..1));
    assert_eq!(r.src_range(2..2), Some(2..2));
}

#[test]
fn map_offset_uses_verbatim_scalars() {
    let src = "ports:\n  - \"${PORT:-80}:80\"\n  - \"esc\\u0041${PORT:-80}\"\n";
    let docs = crate::yaml::load(src, &Default::default()).unwrap();
    let items = docs[0].get("ports").unwrap().as_seq().unwrap();
    let s = items[0].as_scalar().unwrap();
    let r = interpolate(&s.text, &|_| None).unwrap();
    let rel = r.src_range(0..2).unwrap();
    let span = map_offset(s, items[0].span, rel);
    assert_eq!(span.text(src), "80");
    assert_eq!(span.start as usize, src.find("80}").unwrap());
    // Not verbatim (an escape): the whole node.
    let s = items[1].as_scalar().unwrap();
    assert_eq!(s.verbatim, None);
    let span = map_offset(s, items[1].span, 0..1);
    assert_eq!(span, items[1].span);
}

#[test]
fn slices_keep_their_mapping() {
    let text = "${IP:-127.0.0.1}:${HOST}:80";
    let r = interpolate(text, &env).unwrap();
    let u = UNKNOWN.len_utf8();
    assert_eq!(r.text.len(), 9 + 1 + u + 3);
    let ip = r.slice(0..9);
    assert_eq!(ip.value.as_deref(), Some("127.0.0.1"));
    assert!(ip.defaulted);
    assert!(ip.unknown_vars.is_empty());
    assert_eq!(&text[ip.src_range(0..3).unwrap()], "127");
    let host = r.slice(10..10 + u);
    assert_eq!(host.value, None);
    assert_eq!(host.unknown_vars, ["HOST"]);
    assert!(!host.defaulted);
    assert_eq!(&text[host.src_range(0..u).unwrap()], "${HOST}");
    let port = r.slice(11 + u..13 + u);
    assert_eq!(port.value.as_deref(), Some("80"));
    assert_eq!(port.src_range(0..2), Some(25..27));
}

#[test]
fn unknown_result_maps_to_everything() {
    let r = Resolved::unknown(7);
    assert_eq!(r.value, None);
    assert!(r.is_unknown(0..r.text.len()));
    assert_eq!(r.src_range(0..1), Some(0..7));
}

#[test]
fn many_unknown_variables_stay_linear() {
    let text: String = (0..50_000).map(|i| format!("$V{i} $V{i} ")).collect();
    let t = std::time::Instant::now();
    let r = interpolate(&text, &env).unwrap();
    assert_eq!(r.unknown_vars.len(), 50_000);
    assert_eq!(r.unknown_vars[1], "V1");
    let s = r.slice(0..r.text.len());
    assert_eq!(s.unknown_vars.len(), 50_000);
    assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
}
