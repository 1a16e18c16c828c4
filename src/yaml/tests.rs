use super::*;
use crate::testutil::corpus_compose_files;

fn doc(src: &str) -> Node {
    let mut docs = load(src, &Limits::default()).unwrap_or_else(|e| panic!("{e}: {src:?}"));
    assert_eq!(docs.len(), 1, "{src:?}");
    docs.pop().unwrap()
}

fn at<'a>(src: &'a str, n: &Node) -> &'a str {
    n.span.text(src)
}

fn load_err(src: &str) -> LoadError {
    load(src, &Limits::default()).expect_err(src)
}

#[test]
fn scalar_spans_cover_their_source_text() {
    let src = "a: plain\n\"b\": 'single'\nc: \"dou\\\"ble\" # comment\nd: |\n  lit\n  eral\n\ne: >-\n  fol\n  ded\nf: multi\n  line plain\ng: 'it''s'   # c\n";
    let root = doc(src);
    let m = root.as_map().unwrap();
    let keys: Vec<&str> = m.iter().map(|e| at(src, &e.key)).collect();
    assert_eq!(keys, ["a", "\"b\"", "c", "d", "e", "f", "g"]);
    let vals: Vec<&str> = m.iter().map(|e| at(src, &e.value)).collect();
    assert_eq!(
        vals,
        [
            "plain",
            "'single'",
            "\"dou\\\"ble\"",
            "|\n  lit\n  eral",
            ">-\n  fol\n  ded",
            "multi\n  line plain",
            "'it''s'"
        ]
    );
    assert_eq!(m.get_value("c").unwrap().as_str(), Some("dou\"ble"));
    assert_eq!(m.get_value("d").unwrap().as_str(), Some("lit\neral\n"));
    assert_eq!(m.get_value("e").unwrap().as_str(), Some("fol ded"));
    assert_eq!(m.get_value("g").unwrap().as_str(), Some("it's"));
    // The whole mapping: first key to last value.
    assert_eq!(at(src, &root), &src[..src.find("   # c").unwrap()]);
}

#[test]
fn styles_and_verbatim() {
    let src = "- plain\n- 'sq'\n- \"dq\"\n- \"esc\\t\"\n- 'it''s'\n- |\n  one\n- >\n  two\n  lines\n- multi\n  line\n";
    let root = doc(src);
    let items = root.as_seq().unwrap();
    let got: Vec<(ScalarStyle, Option<&str>)> = items
        .iter()
        .map(|n| {
            let s = n.as_scalar().unwrap();
            let v = s
                .verbatim
                .map(|o| &src[o as usize..o as usize + s.text.len()]);
            (s.style, v)
        })
        .collect();
    use ScalarStyle::*;
    assert_eq!(
        got,
        [
            (Plain, Some("plain")),
            (SingleQuoted, Some("sq")),
            (DoubleQuoted, Some("dq")),
            (DoubleQuoted, None),
            (SingleQuoted, None),
            (Literal, Some("one\n")),
            (Folded, None),
            (Plain, None),
        ]
    );
    // span_of maps sub-ranges of verbatim text, else falls back.
    assert_eq!(items[0].span_of(1..3).text(src), "la");
    assert_eq!(items[3].span_of(0..1).text(src), "\"esc\\t\"");
}

#[test]
fn collection_spans() {
    let src = "f:\n  - x\n  - {k: v, m: [1, 2]}\n  - [a: b, {c: d}]\ng:\n  h: 1\n  i:\n    - j\n";
    let root = doc(src);
    let f = root.get("f").unwrap();
    assert_eq!(at(src, f), "- x\n  - {k: v, m: [1, 2]}\n  - [a: b, {c: d}]");
    let items = f.as_seq().unwrap();
    assert_eq!(at(src, &items[1]), "{k: v, m: [1, 2]}");
    assert_eq!(at(src, items[1].get("m").unwrap()), "[1, 2]");
    let pairs = items[2].as_seq().unwrap();
    assert_eq!(at(src, &pairs[0]), "a: b");
    assert_eq!(at(src, &pairs[1]), "{c: d}");
    let g = root.get("g").unwrap();
    assert_eq!(at(src, g), "h: 1\n  i:\n    - j");
    assert_eq!(at(src, &root), src.trim_end());
    let e = root.as_map().unwrap().get("g").unwrap();
    assert_eq!(e.span().text(src), "g:\n  h: 1\n  i:\n    - j");
}

#[test]
fn indentless_sequences_start_at_the_dash() {
    let src = "a:\n- x\n- y\nb:\n-   z\n";
    let root = doc(src);
    assert_eq!(at(src, root.get("a").unwrap()), "- x\n- y");
    assert_eq!(at(src, root.get("b").unwrap()), "-   z");
}

#[test]
fn compact_nested_sequences() {
    let src = "- - - x\n    - y\n  - z\n";
    let root = doc(src);
    assert_eq!(at(src, &root), src.trim_end());
    let inner = &root.as_seq().unwrap()[0];
    assert_eq!(at(src, inner), "- - x\n    - y\n  - z");
    assert_eq!(at(src, &inner.as_seq().unwrap()[0]), "- x\n    - y");
}

#[test]
fn properties_are_not_part_of_the_span() {
    let src = "a: &x val\nb: !t \"q\"\nc: &m !u\n  k: v\nd: !reset\ne: &l [1]\nf: !t |\n  blk\ng: &e\nh: !!str null\ni: !!str 12\n";
    let root = doc(src);
    let m = root.as_map().unwrap();
    let v = |k: &str| m.get_value(k).unwrap();
    assert_eq!(at(src, v("a")), "val");
    assert_eq!(at(src, v("b")), "\"q\"");
    assert_eq!(v("b").tag.as_deref(), Some("!t"));
    assert_eq!(at(src, v("c")), "k: v");
    assert_eq!(v("c").tag.as_deref(), Some("!u"));
    assert!(v("d").is_null());
    assert_eq!(v("d").tag.as_deref(), Some("!reset"));
    assert_eq!(at(src, v("e")), "[1]");
    assert_eq!(at(src, v("f")), "|\n  blk");
    assert_eq!(
        v("f").as_scalar().unwrap().verbatim,
        Some(src.find("blk").unwrap() as u32)
    );
    assert!(v("g").is_null());
    assert_eq!(v("h").as_str(), Some("null"));
    assert_eq!(v("h").tag.as_deref(), Some("!!str"));
    assert_eq!(v("i").as_str(), Some("12"));
}

#[test]
fn nulls_keep_their_span() {
    let src = "a: null\nb: ~\nc: Null\nd: NULL\ne:\nf: 'null'\ng: nil\n";
    let root = doc(src);
    let m = root.as_map().unwrap();
    for k in ["a", "b", "c", "d"] {
        let n = m.get_value(k).unwrap();
        assert!(n.is_null(), "{k}");
        assert!(!n.span.is_empty());
    }
    let e = m.get_value("e").unwrap();
    assert!(e.is_null() && e.span.is_empty());
    assert_eq!(m.get_value("f").unwrap().as_str(), Some("null"));
    assert_eq!(m.get_value("g").unwrap().as_str(), Some("nil"));
}

#[test]
fn empty_block_scalars_and_keep_chomping() {
    let src = "- >-\n\n- |+\n  x\n\n# c\n- |2\n    y\n";
    let root = doc(src);
    let items = root.as_seq().unwrap();
    assert_eq!(at(src, &items[0]), ">-");
    assert_eq!(items[0].as_str(), Some(""));
    assert_eq!(at(src, &items[1]), "|+\n  x");
    assert_eq!(items[1].as_str(), Some("x\n\n"));
    assert_eq!(at(src, &items[2]), "|2\n    y");
    assert_eq!(items[2].as_str(), Some("  y\n"));
}

#[test]
fn block_scalar_after_a_comment_with_indicators() {
    let src = "a: # not | this\n  |\n  text\n\"k|>\": >\n  folded\n";
    let root = doc(src);
    assert_eq!(at(src, root.get("a").unwrap()), "|\n  text");
    assert_eq!(at(src, root.get("k|>").unwrap()), ">\n  folded");
}

#[test]
fn non_ascii_offsets_are_bytes() {
    let src = "# héllo wörld 😀\nname: \"ünï\" # ç\nx: [é, 'ß', ok]\ny: |\n  ç\nz: val\n";
    let root = doc(src);
    assert_eq!(at(src, root.get("name").unwrap()), "\"ünï\"");
    let x = root.get("x").unwrap();
    assert_eq!(at(src, x), "[é, 'ß', ok]");
    let xs: Vec<&str> = x.as_seq().unwrap().iter().map(|n| at(src, n)).collect();
    assert_eq!(xs, ["é", "'ß'", "ok"]);
    assert_eq!(at(src, root.get("y").unwrap()), "|\n  ç");
    assert_eq!(at(src, root.get("z").unwrap()), "val");
    let name = root.get("name").unwrap().as_scalar().unwrap();
    assert_eq!(name.verbatim, Some(src.find("ünï").unwrap() as u32));
}

#[test]
fn crlf_and_bom() {
    let src = "\u{feff}services:\r\n  web:\r\n    image: \"nginx\"\r\n    ports:\r\n      - 80:80\r\n    command: |\r\n      run\r\n";
    let root = doc(src);
    let web = root.get("services").unwrap().get("web").unwrap();
    assert_eq!(at(src, web.get("image").unwrap()), "\"nginx\"");
    let p = &web.get("ports").unwrap().as_seq().unwrap()[0];
    assert_eq!(at(src, p), "80:80");
    assert_eq!(
        p.as_scalar().unwrap().verbatim,
        Some(src.find("80:80").unwrap() as u32)
    );
    assert_eq!(at(src, web.get("command").unwrap()), "|\r\n      run");
    let key = &root.as_map().unwrap().entries[0].key;
    assert_eq!(key.span.start, 3);
    assert_eq!(at(src, key), "services");
}

#[test]
fn documents_and_empty_streams() {
    assert!(load("", &Limits::default()).unwrap().is_empty());
    assert!(
        load("# only a comment\n", &Limits::default())
            .unwrap()
            .is_empty()
    );
    let docs = load("a: 1\n---\nb: 2\n...\n---\n", &Limits::default()).unwrap();
    assert_eq!(docs.len(), 3);
    assert!(docs[2].is_null());
    assert_eq!(docs[1].get("b").unwrap().as_str(), Some("2"));
}

#[test]
fn aliases_clone_with_the_alias_site() {
    let src = "x: &a\n  k: v\n  l: [1]\ny: *a\nz: &s scalar\nw: *s\n";
    let root = doc(src);
    let y = root.get("y").unwrap();
    assert_eq!(at(src, y), "k: v\n  l: [1]");
    assert_eq!(y.alias.map(|s| s.text(src)), Some("*a"));
    let l = y.get("l").unwrap();
    assert_eq!(l.alias.map(|s| s.text(src)), Some("*a"));
    assert_eq!(at(src, l), "[1]");
    assert!(root.get("x").unwrap().alias.is_none());
    let w = root.get("w").unwrap();
    assert_eq!(w.as_str(), Some("scalar"));
    assert_eq!(w.alias.map(|s| s.text(src)), Some("*s"));
    // The entry of an aliased value spans only its key.
    let e = root.as_map().unwrap().get("y").unwrap();
    assert_eq!(e.span().text(src), "y");
}

#[test]
fn merge_keys_with_provenance() {
    let src = "\
base: &base
  image: base
  user: root
  cap_add: [NET_ADMIN]
other: &other
  user: other
  read_only: true
svc:
  image: mine
  <<: [*base, *other]
  env: x
inline:
  <<: {a: 1, b: 2}
  b: 3
single:
  <<: *other
";
    let root = doc(src);
    let svc = root.get("svc").unwrap().as_map().unwrap();
    let keys: Vec<&str> = svc.iter().map(|e| e.key.as_str().unwrap()).collect();
    assert_eq!(keys, ["image", "user", "cap_add", "read_only", "env"]);
    assert_eq!(svc.get_value("image").unwrap().as_str(), Some("mine"));
    assert!(svc.get("image").unwrap().merged_from.is_none());
    let user = svc.get("user").unwrap();
    assert_eq!(user.value.as_str(), Some("root"), "earlier source wins");
    assert_eq!(user.merged_from.map(|s| s.text(src)), Some("*base"));
    let at_base = src.find("root").unwrap() as u32;
    assert_eq!(
        user.value.span.start, at_base,
        "span stays at the definition"
    );
    let ro = svc.get("read_only").unwrap();
    let other_site = src.find("*other").unwrap() as u32;
    assert_eq!(ro.merged_from.map(|s| s.start), Some(other_site));

    let inline = root.get("inline").unwrap().as_map().unwrap();
    assert_eq!(inline.get_value("b").unwrap().as_str(), Some("3"));
    assert_eq!(inline.get_value("a").unwrap().as_str(), Some("1"));
    assert_eq!(
        inline.get("a").unwrap().merged_from.map(|s| s.text(src)),
        Some("{a: 1, b: 2}")
    );
    let single = root.get("single").unwrap();
    assert_eq!(single.get("user").unwrap().as_str(), Some("other"));
}

#[test]
fn quoted_merge_key_is_an_ordinary_key() {
    let root = doc("a: &a {x: 1}\nb:\n  \"<<\": *a\n");
    let b = root.get("b").unwrap();
    assert!(b.get("<<").is_some());
    assert!(b.get("x").is_none());
}

#[test]
fn bad_merge_values_are_errors() {
    let e = load_err("a:\n  <<: scalar\n");
    assert!(e.message.contains("merge key"), "{}", e.message);
    let e = load_err("x: &x [1]\na:\n  <<: [*x]\n");
    assert!(e.message.contains("found a sequence"), "{}", e.message);
}

#[test]
fn duplicate_keys() {
    let src = "a: 1\nb: 2\na: 3\n";
    let e = load_err(src);
    assert_eq!(e.message, "duplicate key `a` (first defined on line 1)");
    assert_eq!(e.span, Span::new(10, 11));
    let loaded = load_with_warnings(src, &Limits::default()).unwrap();
    assert_eq!(loaded.warnings.len(), 1);
    let m = loaded.docs[0].as_map().unwrap();
    assert_eq!(m.len(), 3);
    assert_eq!(m.get_value("a").unwrap().as_str(), Some("1"));
    // Many keys take the hashed path.
    let mut big = String::new();
    for i in 0..40 {
        big.push_str(&format!("k{i}: v\n"));
    }
    big.push_str("k7: again\n");
    let e = load_err(&big);
    assert!(e.message.starts_with("duplicate key `k7`"), "{}", e.message);
    // Merged keys are not duplicates of explicit ones.
    doc("a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n");
}

#[test]
fn recursive_and_unknown_aliases_are_errors() {
    let e = load_err("a: &a [*a]\n");
    assert!(e.message.contains("contains it"), "{}", e.message);
    let e = load_err("a: *nope\n");
    assert!(e.message.contains("unknown anchor"), "{}", e.message);
    // Anchors do not cross documents.
    assert!(load("a: &a 1\n---\nb: *a\n", &Limits::default()).is_err());
}

#[test]
fn scan_errors_point_at_bytes() {
    let src = "é: \"unterminated\n";
    let e = load_err(src);
    assert!(e.span.start as usize <= src.len());
    assert!(src.is_char_boundary(e.span.start as usize));
    assert!(!e.message.ends_with('.'));
    let e = load_err("a: b\n c: d\n");
    assert!(e.span.start > 0);
}

fn billion_laughs(levels: usize) -> String {
    let mut s = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..levels {
        let p = i - 1;
        s.push_str(&format!(
            "l{i}: &l{i} [*l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}]\n"
        ));
    }
    s
}

#[test]
fn billion_laughs_fails_fast() {
    let src = billion_laughs(10);
    let t = std::time::Instant::now();
    let e = load_err(&src);
    assert_eq!(
        e.message,
        "alias expansion exceeds the budget of 100000 nodes"
    );
    assert!(t.elapsed().as_secs() < 2, "{:?}", t.elapsed());
    // A small explicit budget.
    let small = Limits {
        alias_budget: 50,
        ..Limits::default()
    };
    let e = load(&billion_laughs(3), &small).unwrap_err();
    assert_eq!(e.message, "alias expansion exceeds the budget of 50 nodes");
    // Within the budget, it loads.
    let docs = load(&billion_laughs(3), &Limits::default()).unwrap();
    let l2 = docs[0].get("l2").unwrap().as_seq().unwrap();
    assert_eq!(l2.len(), 10);
}

#[test]
fn budget_scales_with_input() {
    let l = Limits::default();
    assert_eq!(l.effective_alias_budget(10), 100_000);
    assert_eq!(l.effective_alias_budget(1_000_000), 4_000_000);
    let fixed = Limits {
        alias_budget: 7,
        ..l
    };
    assert_eq!(fixed.effective_alias_budget(1_000_000), 7);
}

/// Run `f` on a thread with a 2 MiB stack, as rayon and test threads have.
fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn deep_block_nesting_is_a_clean_error() {
    let e = small_stack(|| {
        let src = "- ".repeat(20_000) + "x\n";
        load(&src, &Limits::default()).unwrap_err()
    });
    assert_eq!(e.message, "nesting too deep: more than 512 levels");
    // Indented block mappings, 2,000 deep.
    let e = small_stack(|| {
        let mut src = String::new();
        for i in 0..2_000 {
            src.push_str(&" ".repeat(i));
            src.push_str("k:\n");
        }
        load(&src, &Limits::default()).unwrap_err()
    });
    assert_eq!(e.message, "nesting too deep: more than 512 levels");
    // Just under the limit loads, and cloning, comparing, printing and
    // dropping the tree (all recursive) do not overflow.
    small_stack(|| {
        let src = "- ".repeat(511) + "x\n";
        let docs = load(&src, &Limits::default()).unwrap();
        let copy = docs.clone();
        assert_eq!(copy, docs);
        assert!(format!("{docs:?}").len() > 511);
        drop(docs);
    });
}

#[test]
fn deep_flow_nesting_is_a_clean_error() {
    let e = small_stack(|| {
        let src = "[".repeat(200_000) + &"]".repeat(200_000);
        load(&src, &Limits::default()).unwrap_err()
    });
    assert!(e.message.starts_with("nesting too deep"), "{}", e.message);
    let e = small_stack(|| {
        let src = "a: ".to_string() + &"{b: ".repeat(200_000);
        load(&src, &Limits::default()).unwrap_err()
    });
    assert!(e.message.starts_with("nesting too deep"), "{}", e.message);
    let shallow = Limits {
        max_depth: 10,
        ..Limits::default()
    };
    let e = load(&("[".repeat(50) + &"]".repeat(50)), &shallow).unwrap_err();
    assert_eq!(e.message, "nesting too deep: more than 10 levels");
}

#[test]
fn alias_expansion_respects_max_depth() {
    let limits = Limits {
        max_depth: 8,
        ..Limits::default()
    };
    let src = "a: &a [[[[[1]]]]]\nb: [[[[*a]]]]\n";
    let e = load(src, &limits).unwrap_err();
    assert!(e.message.contains("expanding `*a`"), "{}", e.message);
    assert!(load("a: &a [[1]]\nb: [*a]\n", &limits).is_ok());
}

#[test]
fn null_words_as_keys_stay_strings() {
    let root = doc("null: a\n~: b\n: c\nk: null\n");
    let m = root.as_map().unwrap();
    assert_eq!(m.get_value("null").unwrap().as_str(), Some("a"));
    assert_eq!(m.get_value("~").unwrap().as_str(), Some("b"));
    assert!(m.entries[2].key.is_null());
    assert!(m.get_value("k").unwrap().is_null());
}

/// Check every node's span against the source, without recursion.
fn check_spans(src: &str, root: &Node, path: &std::path::Path) {
    let mut todo = vec![root];
    while let Some(n) = todo.pop() {
        let r = n.span.range();
        assert!(
            r.end <= src.len() && src.is_char_boundary(r.start) && src.is_char_boundary(r.end),
            "{}: bad span {r:?}",
            path.display()
        );
        let text = &src[r];
        if let Value::Scalar(s) = &n.value {
            match s.style {
                ScalarStyle::SingleQuoted => assert!(
                    text.len() >= 2 && text.starts_with('\'') && text.ends_with('\''),
                    "{}: {text:?}",
                    path.display()
                ),
                ScalarStyle::DoubleQuoted => assert!(
                    text.len() >= 2 && text.starts_with('"') && text.ends_with('"'),
                    "{}: {text:?}",
                    path.display()
                ),
                ScalarStyle::Literal => assert!(text.starts_with('|'), "{text:?}"),
                ScalarStyle::Folded => assert!(text.starts_with('>'), "{text:?}"),
                ScalarStyle::Plain => {
                    if !s.text.contains('\n') {
                        assert_eq!(text, s.text, "{}", path.display());
                        assert_eq!(s.verbatim, Some(n.span.start));
                    }
                }
            }
            if let Some(v) = s.verbatim {
                assert_eq!(&src[v as usize..v as usize + s.text.len()], s.text);
            }
        }
        match &n.value {
            Value::Seq(items) => {
                if !text.starts_with('[') {
                    assert!(text.starts_with('-') || items.is_empty(), "{text:?}");
                } else {
                    assert!(text.ends_with(']'), "{text:?}");
                }
                todo.extend(items);
            }
            Value::Map(m) => {
                if text.starts_with('{') {
                    assert!(text.ends_with('}'), "{text:?}");
                }
                for e in &m.entries {
                    if e.merged_from.is_none() && n.alias.is_none() {
                        assert!(n.span.contains_span(e.key.span), "{}", path.display());
                        if e.value.alias.is_none() {
                            assert!(n.span.contains_span(e.value.span), "{}", path.display());
                        }
                    }
                    todo.push(&e.key);
                    todo.push(&e.value);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn corpus_spans_are_consistent() {
    let files = corpus_compose_files();
    let mut loaded = 0;
    for (path, src) in &files {
        match load_with_warnings(src, &Limits::default()) {
            Ok(l) => {
                loaded += 1;
                for d in &l.docs {
                    check_spans(src, d, path);
                }
            }
            Err(e) => eprintln!("{}: {e}", path.display()),
        }
    }
    eprintln!("checked spans of {loaded} of {} files", files.len());
}

#[test]
fn many_duplicate_keys_stay_linear() {
    let mut src = String::new();
    for _ in 0..50_000 {
        src.push_str("k: v\n");
    }
    let t = std::time::Instant::now();
    let loaded = load_with_warnings(&src, &Limits::default()).unwrap();
    assert_eq!(loaded.warnings.len(), 49_999);
    assert_eq!(
        loaded.warnings[1].message,
        "duplicate key `k` (first defined on line 1)"
    );
    assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
}

#[test]
fn a_top_level_block_scalar_spans_from_its_indicator() {
    // Found by fuzzing: the implicit document start moved the indicator
    // search past `>`, and `->` in the content was taken for the indicator.
    for (src, text) in [
        (">\n->\n", ">\n->"),
        ("|\n->\n", "|\n->"),
        ("|-\n a>\n", "|-\n a>"),
    ] {
        let n = doc(src);
        assert_eq!(at(src, &n), text, "{src:?}");
    }
    // After an explicit start the search still begins past `---`.
    let src = "--- >\n->\n";
    assert_eq!(at(src, &doc(src)), ">\n->");
}
