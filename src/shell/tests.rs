//! Tests of the shell parser.

use super::*;

mod corpus;

/// Parse text that is the whole file.
fn p(text: &str) -> Script {
    parse(text, &OffsetMap::contiguous(0))
}

/// Assemble a script from `file[start..]` the way the Dockerfile parser does:
/// line continuations (`\` newline) are removed, and so are comment lines
/// inside a continued instruction. Returns the text and its map.
pub(super) fn assemble(file: &str, start: usize) -> (String, OffsetMap) {
    let b = file.as_bytes();
    let mut text = String::with_capacity(file.len() - start);
    let mut map = OffsetMap::default();
    map.push(0, start as u32);
    let mut i = start;
    let mut seg = start;
    while i < b.len() {
        // `\` then blanks to the end of the line, as BuildKit reads it.
        let cont = if b[i] == b'\\' {
            let mut j = i + 1;
            while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r') {
                j += 1;
            }
            (j < b.len() && b[j] == b'\n').then(|| j + 1 - i)
        } else {
            None
        };
        if let Some(n) = cont {
            text.push_str(&file[seg..i]);
            i += n;
            // Skip comment lines and empty lines inside the continuation.
            loop {
                let line_end = file[i..].find('\n').map_or(file.len(), |e| i + e);
                let line = file[i..line_end].trim_start();
                if (line.starts_with('#') || line.trim().is_empty()) && line_end < file.len() {
                    i = line_end + 1;
                } else {
                    break;
                }
            }
            seg = i;
            map.push(text.len() as u32, i as u32);
            continue;
        }
        if b[i] == b'\n' {
            break;
        }
        i += 1;
    }
    text.push_str(&file[seg..i]);
    (text, map)
}

fn names(s: &Script) -> Vec<&str> {
    s.commands.iter().map(|c| c.name().unwrap_or("")).collect()
}

fn texts(c: &Command) -> Vec<&str> {
    c.words.iter().map(|w| w.text.as_str()).collect()
}

fn only(s: &Script) -> &Command {
    assert_eq!(s.commands.len(), 1, "{:#?}", s.commands);
    &s.commands[0]
}

// ----- words and spans -------------------------------------------------------

#[test]
fn words_spans_with_offset_start() {
    let file = "RUN apt-get install -y 'a b' \"c$HOME\" d\\ e\n";
    let (text, map) = assemble(file, 4);
    let s = parse(&text, &map);
    assert!(!s.has_error);
    let c = only(&s);
    assert_eq!(
        texts(c),
        ["apt-get", "install", "-y", "a b", "c$HOME", "d e"]
    );
    let raws: Vec<&str> = c.words.iter().map(|w| w.span.text(file)).collect();
    assert_eq!(
        raws,
        ["apt-get", "install", "-y", "'a b'", "\"c$HOME\"", "d\\ e"]
    );
    assert_eq!(
        c.span.text(file),
        "apt-get install -y 'a b' \"c$HOME\" d\\ e"
    );
    let flags: Vec<(bool, bool)> = c.words.iter().map(|w| (w.quoted, w.dynamic)).collect();
    assert_eq!(
        flags,
        [
            (false, false),
            (false, false),
            (false, false),
            (true, false),
            (true, true),
            (false, false)
        ]
    );
}

#[test]
fn spans_across_removed_continuations() {
    let file = "FROM x\nRUN apt-get update && \\\n    apt-get install \\\n# a comment\n      curl && ec\\\nho done\n";
    let start = file.find("apt-get").unwrap();
    let (text, map) = assemble(file, start);
    assert_eq!(
        text,
        "apt-get update &&     apt-get install       curl && echo done"
    );
    let s = parse(&text, &map);
    assert!(!s.has_error);
    assert_eq!(names(&s), ["apt-get", "apt-get", "echo"]);
    let c = &s.commands[1];
    let raws: Vec<&str> = c.words.iter().map(|w| w.span.text(file)).collect();
    assert_eq!(raws, ["apt-get", "install", "curl"]);
    // The command span covers the removed text in between.
    assert_eq!(
        c.span.text(file),
        "apt-get install \\\n# a comment\n      curl"
    );
    // A word split by a continuation maps to the whole raw word.
    let echo = &s.commands[2].words[0];
    assert_eq!(echo.text, "echo");
    assert_eq!(echo.span.text(file), "ec\\\nho");
}

#[test]
fn quoting_and_escapes() {
    let s = p(r#"echo 'it''s' "a \"b\" \$c \\ \x" $'tab\there\n' a\"b "" '' $"loc""#);
    assert!(!s.has_error);
    let c = only(&s);
    assert_eq!(
        texts(c),
        [
            "echo",
            "its",
            "a \"b\" $c \\ \\x",
            "tab\there\n",
            "a\"b",
            "",
            "",
            "loc"
        ]
    );
    assert!(c.words[1..].iter().all(|w| w.quoted || w.text == "a\"b"));
    // Escaped `$` is not an expansion; single quotes are not either.
    assert!(c.words.iter().all(|w| !w.dynamic));
}

#[test]
fn expansions_are_kept_verbatim() {
    let s = p(
        r#"echo $HOME ${A:-"x y"} "${B%%.*}" $(id -u) `whoami` $((1 + 2)) $1 $@ $? pre${X}post '$NOT'"#,
    );
    assert!(!s.has_error);
    let c = &s.commands[0];
    assert_eq!(
        texts(c),
        [
            "echo",
            "$HOME",
            "${A:-\"x y\"}",
            "${B%%.*}",
            "$(id -u)",
            "`whoami`",
            "$((1 + 2))",
            "$1",
            "$@",
            "$?",
            "pre${X}post",
            "$NOT"
        ]
    );
    let dynamic: Vec<bool> = c.words.iter().map(|w| w.dynamic).collect();
    assert_eq!(
        dynamic,
        [
            false, true, true, true, true, true, true, true, true, true, true, false
        ]
    );
    assert_eq!(names(&s), ["echo", "id", "whoami"]);
}

#[test]
fn non_ascii_words() {
    let file = "RUN echo héllo 'wörld' \"日本\" a\\é\n";
    let (text, map) = assemble(file, 4);
    let s = parse(&text, &map);
    let c = only(&s);
    assert_eq!(texts(c), ["echo", "héllo", "wörld", "日本", "aé"]);
    assert_eq!(c.words[3].span.text(file), "\"日本\"");
    assert_eq!(c.words[4].span.text(file), "a\\é");
}

#[test]
fn crlf_line_endings() {
    let s = p("apt-get update \r\napt-get install -y x\r\n");
    assert!(!s.has_error);
    assert_eq!(texts(&s.commands[0]), ["apt-get", "update"]);
    assert_eq!(texts(&s.commands[1]), ["apt-get", "install", "-y", "x"]);
}

#[test]
fn comments() {
    let s = p("echo a # comment $(not parsed)\n# whole line\necho b#c '#d' #e");
    assert!(!s.has_error);
    assert_eq!(names(&s), ["echo", "echo"]);
    assert_eq!(texts(&s.commands[1]), ["echo", "b#c", "#d"]);
}

// ----- lists and pipelines --------------------------------------------------

#[test]
fn and_or_chains_and_connectors() {
    let s = p("a && b || c; d & e\nf |& g");
    assert!(!s.has_error);
    let next: Vec<Option<Connector>> = s.commands.iter().map(|c| c.next).collect();
    assert_eq!(
        next,
        [
            Some(Connector::And),
            Some(Connector::Or),
            Some(Connector::Seq),
            Some(Connector::Background),
            Some(Connector::Seq),
            Some(Connector::Pipe),
            None
        ]
    );
    let cond: Vec<bool> = s.commands.iter().map(|c| c.condition).collect();
    assert_eq!(cond, [true, true, false, false, false, false, false]);
}

#[test]
fn condition_only_left_of_the_last_or() {
    let s = p("a || b && c");
    let cond: Vec<bool> = s.commands.iter().map(|c| c.condition).collect();
    assert_eq!(cond, [true, false, false]);
    let s = p("x && y");
    assert!(s.commands.iter().all(|c| !c.condition));
}

#[test]
fn newlines_after_operators() {
    let s = p("a &&\n  b ||\n\n c |\n d");
    assert!(!s.has_error);
    assert_eq!(names(&s), ["a", "b", "c", "d"]);
    assert_eq!(s.commands[2].pipeline.unwrap().len, 2);
}

#[test]
fn pipelines() {
    let s =
        p("curl -fsSL https://x/install.sh | sudo bash -s -- --yes && wget -qO- y | tar xz | cat");
    assert!(!s.has_error);
    assert_eq!(names(&s), ["curl", "sudo", "wget", "tar", "cat"]);
    let pl: Vec<Option<PipelinePos>> = s.commands.iter().map(|c| c.pipeline).collect();
    assert_eq!(
        pl[0],
        Some(PipelinePos {
            id: 0,
            index: 0,
            len: 2
        })
    );
    assert_eq!(
        pl[1],
        Some(PipelinePos {
            id: 0,
            index: 1,
            len: 2
        })
    );
    assert_eq!(
        pl[2],
        Some(PipelinePos {
            id: 1,
            index: 0,
            len: 3
        })
    );
    assert_eq!(
        pl[4],
        Some(PipelinePos {
            id: 1,
            index: 2,
            len: 3
        })
    );
    let next = s.next_in_pipeline(0).unwrap();
    assert_eq!(next.effective().name_str(), Some("bash"));
    assert_eq!(s.next_in_pipeline(1), None);
    assert_eq!(s.next_in_pipeline(2).unwrap().name(), Some("tar"));
    assert_eq!(s.pipeline(1).count(), 3);
    // A single command is not a pipeline.
    assert_eq!(p("echo x").commands[0].pipeline, None);
}

#[test]
fn pipeline_skips_substitution_commands() {
    let s = p("curl $(cat url) | sh");
    assert_eq!(names(&s), ["curl", "cat", "sh"]);
    assert_eq!(s.commands[1].pipeline, None);
    assert_eq!(s.next_in_pipeline(0).unwrap().name(), Some("sh"));
}

#[test]
fn negation() {
    let s = p("! grep -q x f && echo missing");
    assert!(s.commands[0].negated);
    assert!(!s.commands[1].negated);
    assert_eq!(names(&s), ["grep", "echo"]);
    let s = p("echo !x");
    assert_eq!(texts(only(&s)), ["echo", "!x"]);
}

// ----- substitutions --------------------------------------------------------

#[test]
fn substitutions_are_parsed_with_file_spans() {
    let file = "RUN echo \"$(dpkg --print-architecture | cut -d- -f1)\" `uname -m` <(curl -s x) $(a $(b c))\n";
    let (text, map) = assemble(file, 4);
    let s = parse(&text, &map);
    assert!(!s.has_error);
    assert_eq!(
        names(&s),
        ["echo", "dpkg", "cut", "uname", "curl", "a", "b"]
    );
    assert!(!s.commands[0].in_substitution);
    assert!(s.commands[1..].iter().all(|c| c.in_substitution));
    let spans: Vec<&str> = s.commands.iter().map(|c| c.span.text(file)).collect();
    assert_eq!(
        &spans[1..],
        [
            "dpkg --print-architecture",
            "cut -d- -f1",
            "uname -m",
            "curl -s x",
            "a $(b c)",
            "b c"
        ]
    );
    assert_eq!(s.commands[1].pipeline.unwrap().len, 2);
    assert_eq!(
        s.commands[0].words[1].text,
        "$(dpkg --print-architecture | cut -d- -f1)"
    );
    assert_eq!(s.commands[0].words[3].text, "<(curl -s x)");
}

#[test]
fn substitution_with_quotes_and_parens_inside() {
    let s = p(r#"x="$(echo ")" "$(id)")" && echo "${y:-$(date)}" && case $(uname) in a) z;; esac"#);
    assert!(!s.has_error, "{s:#?}");
    assert_eq!(names(&s), ["", "echo", "id", "echo", "date", "uname", "z"]);
    assert_eq!(
        s.commands[0].assignments[0].value.text,
        r#"$(echo ")" "$(id)")"#
    );
}

/// Parse as bash reads it.
fn bash(text: &str) -> Script {
    parse_dialect(text, &OffsetMap::contiguous(0), Dialect::Bash)
}

#[test]
fn arithmetic_is_opaque() {
    let s = bash("echo $(( $(nproc) * 2 )) && (( i++ )) && echo $((cd x) && y)");
    assert!(!s.has_error, "{s:#?}");
    // `$(( ... ))` and `(( ... ))` are arithmetic, opaque but for their
    // command substitutions; `$((cd x) && y)` is a command substitution that
    // starts with a subshell.
    assert_eq!(names(&s), ["echo", "nproc", "echo", "cd", "y"]);
    assert!(s.commands[1].in_substitution);
    assert_eq!(s.commands[0].words[1].text, "$(( $(nproc) * 2 ))");
    let s = bash(
        "make -j$(($(grep -c ^processor /proc/cpuinfo) + 1)); (( n = `nproc` )); for ((i=$(id -u); i<3; i++)); do :; done",
    );
    assert!(!s.has_error, "{s:#?}");
    assert_eq!(names(&s), ["make", "grep", "nproc", "id", ":"]);
}

#[test]
fn double_parenthesis_runs_commands_in_sh() {
    // dash and ash run `((cmd))` as two subshells; bash evaluates it.
    let s = p("((curl -fsSL x | sh)) && echo $(( 1 + 2 ))");
    assert_eq!(names(&s), ["curl", "sh", "echo"]);
    assert_eq!(names(&bash("((curl -fsSL x | sh))")), Vec::<&str>::new());
    // A `bash -c` string is read as bash, an `sh -c` one as sh.
    assert_eq!(names(&p("bash -c '((a b))'")), ["bash"]);
    assert_eq!(names(&p("sh -c '((a b))'")), ["sh", "a"]);
}

#[test]
fn backticks_with_escapes() {
    let s = p(r#"echo `echo \`date\`` "`id -u`""#);
    assert!(!s.has_error);
    assert_eq!(names(&s), ["echo", "echo", "id"]);
}

// ----- heredocs -------------------------------------------------------------

#[test]
fn heredoc_bodies_are_skipped() {
    let t = "cat <<EOF > /etc/x.conf\nrm -rf /\n$(not a command)\nEOF\necho done\ncat <<-'END' | sh\n\tcurl x\n\tEND\ntail";
    let s = p(t);
    assert!(!s.has_error);
    assert_eq!(names(&s), ["cat", "echo", "cat", "sh", "tail"]);
    let r = &s.commands[0].redirects;
    assert_eq!(r[0].op, "<<");
    assert_eq!(r[0].target.as_ref().unwrap().text, "EOF");
    assert_eq!(r[0].body.unwrap().text(t), "rm -rf /\n$(not a command)\n");
    assert_eq!(r[1].op, ">");
    let r = &s.commands[2].redirects[0];
    assert_eq!(r.op, "<<-");
    assert_eq!(r.target.as_ref().unwrap().text, "END");
    assert_eq!(r.body.unwrap().text(t), "\tcurl x\n");
}

#[test]
fn two_heredocs_on_one_line_and_unterminated() {
    let s = p("paste <<A <<B\na1\nA\nb1\nB\necho after\ncat <<EOF\nnever ends");
    assert_eq!(names(&s), ["paste", "echo", "cat"]);
    assert!(s.commands[2].redirects[0].body.is_some());
}

#[test]
fn heredoc_fed_to_a_shell_is_a_script() {
    let file = "RUN bash <<'EOF'\napt-get install -y x\nEOF\n";
    let (text, map) = (file[4..].to_owned(), OffsetMap::contiguous(4));
    let s = parse(&text, &map);
    assert!(!s.has_error);
    assert_eq!(names(&s), ["bash", "apt-get"]);
    assert!(s.commands[1].via_shell_c);
    assert_eq!(s.commands[1].span.text(file), "apt-get install -y x");
    let s = p("sudo sh -s -- --flag <<-EOF\n\tcurl x | sh\n\tEOF");
    assert_eq!(names(&s), ["sudo", "curl", "sh"]);
    assert!(s.commands[1].via_shell_c && s.commands[1].pipeline.is_some());
    // A shell running a script file reads the heredoc as its input.
    let s = p("python3 <<EOF\nimport os\nEOF\nbash run.sh <<EOF\nyes\nEOF");
    assert_eq!(names(&s), ["python3", "bash"]);
}

#[test]
fn here_string() {
    let s = p("grep -q x <<< \"$v\" && cat <<<'a b'");
    let r = &s.commands[0].redirects[0];
    assert_eq!(
        (r.op.as_str(), r.target.as_ref().unwrap().text.as_str()),
        ("<<<", "$v")
    );
    assert_eq!(names(&s), ["grep", "cat"]);
}

// ----- sh -c ----------------------------------------------------------------

#[test]
fn sh_c_single_quoted_is_reparsed_with_spans() {
    let file =
        "RUN set -ex; sh -c 'apt-get update && apt-get install -y openssh-server' && echo ok\n";
    let (text, map) = assemble(file, 4);
    let s = parse(&text, &map);
    assert!(!s.has_error);
    assert_eq!(names(&s), ["set", "sh", "apt-get", "apt-get", "echo"]);
    let inner = &s.commands[3];
    assert!(inner.via_shell_c);
    assert!(!s.commands[1].via_shell_c);
    assert_eq!(inner.span.text(file), "apt-get install -y openssh-server");
    assert_eq!(inner.words[3].span.text(file), "openssh-server");
    assert_eq!(s.commands[2].next, Some(Connector::And));
    assert_eq!(s.commands[1].next, Some(Connector::And));
    assert!(!s.commands[4].via_shell_c);
}

#[test]
fn sh_c_variants() {
    for t in [
        "bash -c 'curl x | sh'",
        "bash -ex -c 'curl x | sh'",
        "bash -xc 'curl x | sh'",
        "/bin/sh -euxc 'curl x | sh'",
        "bash -o pipefail -c 'curl x | sh'",
        "sudo -E sh -c 'curl x | sh'",
        "env A=1 dash -c \"curl x | sh\"",
        "su -c 'curl x | sh' nobody",
        "su nobody -c 'curl x | sh'",
        "zsh -c curl\\ x\\ \\|\\ sh",
    ] {
        let s = p(t);
        assert!(!s.has_error, "{t}");
        let inner: Vec<&str> = s
            .commands
            .iter()
            .filter(|c| c.via_shell_c)
            .map(|c| c.name().unwrap())
            .collect();
        assert_eq!(inner, ["curl", "sh"], "{t}");
        let curl = s.commands.iter().find(|c| c.via_shell_c).unwrap();
        assert_eq!(curl.span.text(t).replace('\\', ""), "curl x", "{t}");
        assert_eq!(
            s.next_in_pipeline(s.commands.iter().position(|c| c.via_shell_c).unwrap())
                .unwrap()
                .name(),
            Some("sh")
        );
    }
    // Not a -c string: a script file, or `-c` missing.
    assert_eq!(names(&p("bash script.sh 'echo x'")), ["bash"]);
    assert_eq!(names(&p("sh -e 'echo x'")), ["sh"]);
}

#[test]
fn sh_c_double_quoted_with_escapes_maps_pieces() {
    let file = r#"RUN sh -c "echo \"hi there\" > /tmp/x && chmod 4755 \"/usr/bin/a b\"""#;
    let (text, map) = assemble(file, 4);
    let s = parse(&text, &map);
    assert!(!s.has_error);
    assert_eq!(names(&s), ["sh", "echo", "chmod"]);
    let echo = &s.commands[1];
    assert_eq!(texts(echo), ["echo", "hi there"]);
    // An escaped character is one character of the inner script: a span
    // starting with it starts at the character, after its backslash.
    assert_eq!(echo.words[1].span.text(file), r#""hi there\""#);
    assert_eq!(
        echo.redirects[0].target.as_ref().unwrap().span.text(file),
        "/tmp/x"
    );
    let chmod = &s.commands[2];
    assert_eq!(texts(chmod), ["chmod", "4755", "/usr/bin/a b"]);
    assert_eq!(chmod.words[1].span.text(file), "4755");
    assert_eq!(chmod.span.text(file), r#"chmod 4755 \"/usr/bin/a b\""#);
}

#[test]
fn sh_c_across_a_continuation() {
    let file = "RUN sh -c 'apt-get update && \\\n    apt-get install -y x'\n";
    let (text, map) = assemble(file, 4);
    let s = parse(&text, &map);
    assert_eq!(names(&s), ["sh", "apt-get", "apt-get"]);
    assert_eq!(s.commands[2].span.text(file), "apt-get install -y x");
    assert_eq!(s.commands[2].words[0].span.text(file), "apt-get");
}

#[test]
fn sh_c_concatenated_quotes() {
    let file = r#"RUN sh -c 'echo '"'"'a'"'"' && id'"#;
    let (text, map) = assemble(file, 4);
    let s = parse(&text, &map);
    assert_eq!(names(&s), ["sh", "echo", "id"]);
    assert_eq!(texts(&s.commands[1]), ["echo", "a"]);
    assert_eq!(s.commands[2].span.text(file), "id");
}

#[test]
fn sh_c_does_not_repeat_substitutions() {
    let s = p(r#"sh -c "apt-get install $(cat list) && echo \$(id)""#);
    assert_eq!(names(&s), ["sh", "cat", "apt-get", "echo", "id"]);
    let cat: Vec<&Command> = s.commands_with_name("cat").collect();
    assert_eq!(cat.len(), 1);
    assert!(!cat[0].via_shell_c);
    let id = s.commands_with_name("id").next().unwrap();
    assert!(id.via_shell_c && id.in_substitution);
}

#[test]
fn sh_c_nested_and_errors_inside_are_not_the_outer_scripts() {
    let s = p(r#"sh -c 'bash -c "echo deep"' && sh -c 'echo "unterminated'"#);
    assert!(!s.has_error);
    assert_eq!(names(&s), ["sh", "bash", "echo", "sh", "echo"]);
    assert!(s.commands[2].via_shell_c);
}

// ----- compound commands ------------------------------------------------------

#[test]
fn if_elif_else() {
    let s = p("if [ -f /x ]; then\n  rm /x\nelif test -d y; then :; else\n  echo no\nfi; after");
    assert!(!s.has_error);
    assert_eq!(names(&s), ["[", "rm", "test", ":", "echo", "after"]);
    let cond: Vec<bool> = s.commands.iter().map(|c| c.condition).collect();
    assert_eq!(cond, [true, false, true, false, false, false]);
    assert_eq!(texts(&s.commands[0]), ["[", "-f", "/x", "]"]);
}

#[test]
fn for_loops() {
    let s = p(
        "for f in a b \"$(ls /x)\"; do\n rm -f $f\ndone\nfor ((i=0; i<3; i++)); do echo $i; done; for x do y; done; for z\ndo w; done",
    );
    assert!(!s.has_error, "{s:#?}");
    assert_eq!(names(&s), ["ls", "rm", "echo", "y", "w"]);
    assert!(s.commands[0].in_substitution);
}

#[test]
fn while_until() {
    let s = p(
        "while read -r line; do echo \"$line\"; done < file && until curl -f x; do sleep 1; done",
    );
    assert!(!s.has_error);
    assert_eq!(names(&s), ["read", "echo", "curl", "sleep"]);
    let cond: Vec<bool> = s.commands.iter().map(|c| c.condition).collect();
    assert_eq!(cond, [true, false, true, false]);
}

#[test]
fn while_with_process_substitution_input() {
    let s = p("while read x; do apt-get install $x; done < <(cat pkgs)");
    assert!(!s.has_error);
    assert_eq!(names(&s), ["read", "apt-get", "cat"]);
    assert!(s.commands[2].in_substitution);
}

#[test]
fn case_patterns_are_not_commands() {
    let t = "case \"$(dpkg --print-architecture)\" in\n  amd64|x86_64) arch=x64 ;;\n  (arm64) arch=arm64; echo a ;;\n  *) echo \"unsupported\"; exit 1 ;;\nesac";
    let s = p(t);
    assert!(!s.has_error);
    assert_eq!(names(&s), ["dpkg", "", "", "echo", "echo", "exit"]);
    assert_eq!(s.commands[1].assignments[0].name, "arch");
    let s = p("case x in a) ;; esac; case y in\nesac\necho z");
    assert!(!s.has_error);
    assert_eq!(names(&s), ["echo"]);
}

#[test]
fn groups_and_subshells() {
    let t = "{ echo a; echo b; } > /etc/f && (cd /tmp && make) | tee log";
    let s = p(t);
    assert!(!s.has_error);
    assert_eq!(names(&s), ["echo", "echo", "cd", "make", "tee"]);
    assert_eq!(s.commands[1].next, Some(Connector::And));
    assert_eq!(s.commands[2].pipeline.map(|p| p.index), Some(0));
    assert_eq!(s.commands[3].pipeline.map(|p| p.index), Some(0));
    assert_eq!(s.commands[4].pipeline.map(|p| p.index), Some(1));
    assert_eq!(s.commands[3].next, Some(Connector::Pipe));
}

#[test]
fn function_definitions() {
    let s = p("f() { apt-get install x; }\nfunction g { echo g; }\nfunction h() (echo h)\nf; g");
    assert!(!s.has_error);
    assert_eq!(names(&s), ["apt-get", "echo", "echo", "f", "g"]);
}

#[test]
fn double_bracket_test() {
    let s = p("[[ -n $x && ( $y < 3 || $z =~ ^v(1|2)$ ) ]] || exit 1");
    assert!(!s.has_error);
    let c = &s.commands[0];
    assert_eq!(c.name(), Some("[["));
    assert_eq!(
        texts(c),
        [
            "[[", "-n", "$x", "&&", "(", "$y", "<", "3", "||", "$z", "=~", "^v(1|2)$", ")", "]]"
        ]
    );
    assert!(c.condition);
    assert_eq!(names(&s), ["[[", "exit"]);
    let s = p("[[ -f x &&\n -f y ]] && echo ok");
    assert!(!s.has_error);
    assert_eq!(names(&s), ["[[", "echo"]);
}

#[test]
fn keywords_only_in_command_position() {
    let s = p("echo if then fi do done { } case esac for in; echo ]]");
    assert!(!s.has_error);
    assert_eq!(
        texts(&s.commands[0]),
        [
            "echo", "if", "then", "fi", "do", "done", "{", "}", "case", "esac", "for", "in"
        ]
    );
    assert_eq!(names(&p("{a,b} x; in; done_x")), ["{a,b}", "in", "done_x"]);
}

// ----- assignments and redirections -----------------------------------------

#[test]
fn assignments() {
    let file = "RUN A=1 B=\"x y\" C= D+=z E[1]=v F=(1 \"2 3\") cmd X=notassign\n";
    let (text, map) = assemble(file, 4);
    let s = parse(&text, &map);
    assert!(!s.has_error);
    let c = only(&s);
    let a: Vec<(&str, &str, &str)> = c
        .assignments
        .iter()
        .map(|a| (a.name.as_str(), a.value.text.as_str(), a.span.text(file)))
        .collect();
    assert_eq!(
        a,
        [
            ("A", "1", "A=1"),
            ("B", "x y", "B=\"x y\""),
            ("C", "", "C="),
            ("D", "z", "D+=z"),
            ("E", "v", "E[1]=v"),
            ("F", "(1 \"2 3\")", "F=(1 \"2 3\")")
        ]
    );
    assert_eq!(c.assignments[1].value.span.text(file), "\"x y\"");
    assert_eq!(texts(c), ["cmd", "X=notassign"]);
    let s = p("export PATH=/x:$PATH; declare -a arr=(a b); FOO=bar");
    assert_eq!(texts(&s.commands[0]), ["export", "PATH=/x:$PATH"]);
    assert_eq!(texts(&s.commands[1]), ["declare", "-a", "arr=(a b)"]);
    assert_eq!(s.commands[2].name(), None);
    assert_eq!(s.commands[2].assignments[0].name, "FOO");
}

#[test]
fn redirections() {
    let file = "RUN cmd >out 2>>err 2>&1 &>all &>>both >|clob <in 3<>rw 1>&- <&0 >&2 n>x 9> nine 2> /dev/null\n";
    let (text, map) = assemble(file, 4);
    let s = parse(&text, &map);
    assert!(!s.has_error);
    let c = only(&s);
    let r: Vec<(&str, &str)> = c
        .redirects
        .iter()
        .map(|r| {
            (
                r.op.as_str(),
                r.target.as_ref().map_or("", |w| w.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        r,
        [
            (">", "out"),
            ("2>>", "err"),
            ("2>&", "1"),
            ("&>", "all"),
            ("&>>", "both"),
            (">|", "clob"),
            ("<", "in"),
            ("3<>", "rw"),
            ("1>&", "-"),
            ("<&", "0"),
            (">&", "2"),
            (">", "x"),
            ("9>", "nine"),
            ("2>", "/dev/null"),
        ]
    );
    // `n>x`: the `n` is a word, not a descriptor.
    assert_eq!(texts(c), ["cmd", "n"]);
    assert_eq!(
        c.redirects[13].target.as_ref().unwrap().span.text(file),
        "/dev/null"
    );
    let s = p("> /etc/motd; echo x>y");
    assert_eq!(s.commands[0].name(), None);
    assert_eq!(s.commands[0].redirects[0].op, ">");
    assert_eq!(texts(&s.commands[1]), ["echo", "x"]);
}

// ----- wrappers and flags ---------------------------------------------------

fn view_of(t: &str) -> (Option<String>, Vec<String>, Option<String>) {
    let s = p(t);
    let v = s.commands[0].effective();
    (
        v.name_str().map(str::to_owned),
        v.args.iter().map(|w| w.text.clone()).collect(),
        v.wrapper.map(|w| w.text.clone()),
    )
}

#[test]
fn effective_skips_wrappers() {
    let cases: &[(&str, &str, &[&str], Option<&str>)] = &[
        (
            "sudo -E apt-get install -y x",
            "apt-get",
            &["install", "-y", "x"],
            Some("sudo"),
        ),
        ("sudo -u www-data -H -- php x", "php", &["x"], Some("sudo")),
        (
            "sudo DEBIAN_FRONTEND=noninteractive apt-get -y upgrade",
            "apt-get",
            &["-y", "upgrade"],
            Some("sudo"),
        ),
        (
            "env DEBIAN_FRONTEND=noninteractive apt-get install -y x",
            "apt-get",
            &["install", "-y", "x"],
            Some("env"),
        ),
        (
            "env -i -u HOME PATH=/bin sh -c x",
            "sh",
            &["-c", "x"],
            Some("env"),
        ),
        (
            "xargs -r apt-get purge",
            "apt-get",
            &["purge"],
            Some("xargs"),
        ),
        (
            "xargs -n 1 -I {} --max-procs 4 curl -O {}",
            "curl",
            &["-O", "{}"],
            Some("xargs"),
        ),
        ("timeout 10 curl x", "curl", &["x"], Some("timeout")),
        (
            "timeout -s KILL --kill-after=5 30s wget x",
            "wget",
            &["x"],
            Some("timeout"),
        ),
        (
            "nice -n 19 ionice -c3 make -j4",
            "make",
            &["-j4"],
            Some("nice"),
        ),
        (
            "nohup time -p /usr/bin/node app.js",
            "node",
            &["app.js"],
            Some("nohup"),
        ),
        (
            "exec gosu app:app redis-server",
            "redis-server",
            &[],
            Some("exec"),
        ),
        ("su-exec nobody true", "true", &[], Some("su-exec")),
        ("chroot /mnt /bin/bash -l", "bash", &["-l"], Some("chroot")),
        (
            "stdbuf -oL -e 0 tail -f x",
            "tail",
            &["-f", "x"],
            Some("stdbuf"),
        ),
        ("command -p ls", "ls", &[], Some("command")),
        ("builtin echo x", "echo", &["x"], Some("builtin")),
        ("doas -u root apk add x", "apk", &["add", "x"], Some("doas")),
        (
            "eatmydata apt-get install x",
            "apt-get",
            &["install", "x"],
            Some("eatmydata"),
        ),
        ("busybox wget x", "wget", &["x"], Some("busybox")),
        // Not wrappers, or wrappers with nothing to wrap.
        ("command -v curl", "command", &["-v", "curl"], None),
        ("sudo -v", "sudo", &["-v"], None),
        ("env", "env", &[], None),
        ("exec 3>&1", "exec", &[], None),
        (
            "/usr/bin/apt-get install x",
            "apt-get",
            &["install", "x"],
            None,
        ),
    ];
    for (t, name, args, wrapper) in cases {
        let (n, a, w) = view_of(t);
        assert_eq!(n.as_deref(), Some(*name), "{t}");
        assert_eq!(a, *args, "{t}");
        assert_eq!(w.as_deref(), *wrapper, "{t}");
    }
    let s = p("sudo env X=1 nice apt-get update");
    let v = s.commands[0].effective();
    assert!(v.has_wrapper("sudo") && v.has_wrapper("env") && v.has_wrapper("nice"));
    assert!(!v.has_wrapper("doas"));
    assert_eq!(v.prefix.len(), 4);
    assert_eq!(Command::default().effective(), CommandView::default());
}

#[test]
fn flag_helpers() {
    let s = p(
        "apt-get -qq -o Dpkg::Options::=--force-confnew install --no-install-recommends -y=true curl -- -notaflag",
    );
    let v = s.commands[0].effective();
    assert!(v.has_flag(&['q'], &[]));
    assert!(v.has_flag(&['y'], &["yes", "assume-yes"]));
    assert!(v.has_flag(&[], &["--no-install-recommends"]));
    assert!(!v.has_flag(&['n'], &["force-yes"]));
    assert!(
        !v.has_flag(&['F'], &[]),
        "-o value letters after `:` are not flags"
    );
    let pos: Vec<&str> = v.positional().map(|w| w.text.as_str()).collect();
    assert_eq!(
        pos,
        [
            "Dpkg::Options::=--force-confnew",
            "install",
            "curl",
            "-notaflag"
        ]
    );
    let pos: Vec<&str> = v
        .positional_with(&["-o"])
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(pos, ["install", "curl", "-notaflag"]);
    assert_eq!(
        v.subcommand().unwrap().text,
        "Dpkg::Options::=--force-confnew"
    );
    assert_eq!(v.subcommand_with(&["-o"]).unwrap().text, "install");
    assert_eq!(
        v.option_value(&["-o"]),
        Some("Dpkg::Options::=--force-confnew")
    );

    let s = p("apk add -qy --virtual .deps --repository=http://x gcc");
    let v = s.commands[0].effective();
    assert!(v.has_flag(&['y'], &[]) && v.has_flag(&['q'], &[]));
    assert!(v.has_flag(&[], &["repository"]));
    let pos: Vec<&str> = v
        .positional_with(&["--virtual", "-t"])
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(pos, ["add", "gcc"]);
    assert_eq!(v.option_value(&["--repository"]), Some("http://x"));
    assert_eq!(v.option_value(&["--virtual", "-t"]), Some(".deps"));

    let s = p("tar -xzf archive.tgz -C /opt dir && curl -fsSLo out https://x");
    let tar = s.commands[0].effective();
    let pos: Vec<&str> = tar
        .positional_with(&["-f", "-C"])
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(pos, ["dir"]);
    let curl = s.commands[1].effective();
    assert!(curl.has_flag(&['L'], &[]));
    let pos: Vec<&str> = curl
        .positional_with(&["-o"])
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(pos, ["https://x"]);
    let useradd = p("useradd -u1000 -m app");
    let pos: Vec<&str> = useradd.commands[0]
        .effective()
        .positional_with(&["-u"])
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(pos, ["app"]);
    assert_eq!(
        p("useradd -u1000 app").commands[0]
            .effective()
            .option_value(&["-u"]),
        Some("1000")
    );
}

#[test]
fn name_and_commands_with_name() {
    let s =
        p("/usr/bin/apt-get update && sudo apt-get install x && apt-get clean && \"/bin/rm\" -f y");
    assert_eq!(names(&s), ["apt-get", "sudo", "apt-get", "rm"]);
    assert_eq!(s.commands_with_name("apt-get").count(), 3);
    assert_eq!(s.commands_with_name("sudo").count(), 1);
    assert_eq!(s.commands_with_name("rm").count(), 1);
    assert_eq!(Command::default().name(), None);
}

// ----- error tolerance ------------------------------------------------------

#[test]
fn unterminated_quotes_keep_the_command() {
    for t in [
        "echo 'abc",
        "echo \"abc $x",
        "echo $(id",
        "echo `id",
        "echo ${x",
        "echo $'a",
    ] {
        let s = p(t);
        assert!(s.has_error, "{t}");
        assert_eq!(s.commands[0].name(), Some("echo"), "{t}");
    }
    let s = p("apt-get install 'x && rm -rf /");
    assert!(s.has_error);
    assert_eq!(names(&s), ["apt-get"]);
}

#[test]
fn stray_tokens_are_tolerated() {
    for (t, want) in [
        ("echo a ) echo b", vec!["echo", "echo"]),
        ("fi; echo b", vec!["echo"]),
        (
            "if true; then echo a; done; echo b",
            vec!["true", "echo", "echo"],
        ),
        ("&& echo a || ; echo b", vec!["echo", "echo"]),
        ("echo a (b) c", vec!["echo", "b", "c"]),
        ("echo a |", vec!["echo"]),
        ("while true; do echo; ", vec!["true", "echo"]),
        ("case x in a) echo;; ", vec!["echo"]),
        ("for x in a b", vec![]),
        ("{ echo a", vec!["echo"]),
        ("( echo a", vec!["echo"]),
        ("echo a;; echo b", vec!["echo", "echo"]),
        ("[[ -f x ", vec!["[["]),
        ("echo >", vec!["echo"]),
        ("f() ", vec![]),
        ("function", vec![]),
    ] {
        let s = p(t);
        assert!(s.has_error, "{t}");
        assert_eq!(names(&s), want, "{t}");
    }
}

#[test]
fn empty_and_blank_scripts() {
    for t in ["", " ", "\n\n", "# just a comment", ";", "\\\n"] {
        let s = p(t);
        assert!(s.commands.is_empty(), "{t:?}");
    }
}

/// Every span is inside `file` and on char boundaries.
fn check_spans(file: &str, s: &Script) {
    let ok = |sp: Span| sp.start <= sp.end && file.get(sp.range()).is_some();
    for c in &s.commands {
        assert!(ok(c.span), "{c:?}");
        let targets = c.redirects.iter().filter_map(|r| r.target.as_ref());
        for w in c.words.iter().chain(targets) {
            assert!(ok(w.span), "{w:?}");
        }
        for a in &c.assignments {
            assert!(ok(a.span) && ok(a.value.span), "{a:?}");
        }
        for r in &c.redirects {
            assert!(r.body.is_none_or(ok), "{r:?}");
        }
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    const N: usize = 200_000;
    let cases: Vec<String> = vec![
        "$(".repeat(N),
        format!("echo {}x{}", "$(".repeat(N), ")".repeat(N)),
        "(".repeat(N),
        format!("{}x{}", "(".repeat(N), ")".repeat(N)),
        "((".repeat(N),
        "$((".repeat(N),
        "${".repeat(N),
        format!("{}{}", "${a:-".repeat(N), "}".repeat(N)),
        "\"$(".repeat(N),
        "`".repeat(N),
        "<(".repeat(N),
        "{ ".repeat(N),
        "if ".repeat(N),
        "while ".repeat(N),
        "if a; then ".repeat(N),
        "case x in x) ".repeat(N),
        "f() ".repeat(N),
        "function f ".repeat(N),
        "a=(".repeat(N),
        "sh -c '".repeat(N),
        "bash -c \"".repeat(N),
        format!("{}x", "sh -c \\\"".repeat(N)),
        "[[ ( ".repeat(N),
        "! ".repeat(N),
        "for x in $(".repeat(N),
        "cat <<E\n".repeat(N),
        "bash <<E\n".repeat(N),
    ];
    for t in &cases {
        let start = std::time::Instant::now();
        let s = p(t);
        check_spans(t, &s);
        eprintln!(
            "{:?}...: {} bytes, {:?}",
            &t[..t.len().min(12)],
            t.len(),
            start.elapsed()
        );
    }
}

#[test]
fn deep_but_allowed_nesting_is_parsed() {
    let t = format!("{}id{}", "echo $(".repeat(20), ")".repeat(20));
    let s = p(&t);
    assert!(!s.has_error);
    assert_eq!(s.commands.len(), 21);
    assert_eq!(s.commands[20].name(), Some("id"));
    let t = format!("{}id{}", "( ".repeat(30), " )".repeat(30));
    let s = p(&t);
    assert!(!s.has_error);
    assert_eq!(names(&s), ["id"]);
}

/// Random scripts made of shell-significant pieces must not panic and must
/// give spans inside the file.
#[test]
fn random_scripts_do_not_panic() {
    let pieces = [
        "a",
        "b c",
        " ",
        "\n",
        "'",
        "\"",
        "\\",
        "$",
        "(",
        ")",
        "{",
        "}",
        "`",
        ";",
        "&",
        "|",
        "<",
        ">",
        "<<",
        "EOF",
        "\nEOF\n",
        "#",
        "=",
        "[[",
        "]]",
        "if ",
        "then ",
        "fi",
        "case ",
        " in ",
        "esac",
        "do ",
        "done",
        "for ",
        "sh -c ",
        "${",
        "$(",
        "$((",
        "é",
        "\t",
        "2>&1",
        "!",
        ";;",
        "<(",
        "-c",
        "bash <<X\n",
        "\nX\n",
        "f()",
        "function ",
        "x=(",
        "$'",
        "\r",
        "\\\"",
        "'\\''",
        "\\$(",
        "sh -c \"",
        "<<-",
        "\tX\n",
        "$'\\x",
        "su -c ",
        "[",
        "]",
        "*",
        "=~",
        "((",
        "))",
        "\\\n",
    ];
    // SHELL_FUZZ_SEED=n for other inputs.
    let mut seed: u64 = std::env::var("SHELL_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15)
        | 1;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // SHELL_FUZZ_ITERS=1000000 for a longer run.
    let iters = std::env::var("SHELL_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    for _ in 0..iters {
        let n = (next() % 40) as usize;
        let mut t = String::new();
        for _ in 0..n {
            t.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        let file = format!("RUN {t}");
        let s = parse(&t, &OffsetMap::contiguous(4));
        check_spans(&file, &s);
        // The same text read as an instruction with continuations.
        let (text, map) = assemble(&file, 4);
        let s = parse(&text, &map);
        check_spans(&file, &s);
        for c in &s.commands {
            let _ = c.effective().positional().count();
        }
    }
}
