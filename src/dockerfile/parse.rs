//! Logical lines to typed instructions.

use super::args::{Words, json_array, json_non_string, split_words, unquote};
use super::expand;
use super::lines::{RawInstruction, lex};
use super::{
    Args, Command, Dockerfile, Flag, From, Healthcheck, Instruction, KeyValue, Keyword,
    LogicalLine, SyntaxError,
};
use crate::source::{OffsetMap, Span, Spanned, TrimLead};
use crate::suggest::did_you_mean;

/// Parses a Dockerfile. Never fails: problems are in `Dockerfile::errors`.
pub fn parse(src: &str) -> Dockerfile {
    let lexed = lex(src);
    let mut errors = lexed.errors;
    let escape = lexed.escape;
    let mut instructions = Vec::with_capacity(lexed.instructions.len());
    let mut logical_lines = Vec::with_capacity(lexed.instructions.len());
    let mut unknown: Vec<SyntaxError> = Vec::new();
    for raw in lexed.instructions {
        let RawInstruction {
            text,
            map,
            span,
            heredocs,
            escapes,
        } = raw;
        let instruction = match parse_instruction(&text, &map, span, escape, &mut errors) {
            Some(mut ins) => {
                ins.heredocs = heredocs;
                instructions.push(ins);
                Some(instructions.len() - 1)
            }
            // The error for an unknown instruction is the last one pushed.
            None => {
                unknown.extend(errors.pop());
                None
            }
        };
        logical_lines.push(LogicalLine {
            span,
            text,
            map,
            escapes,
            instruction,
        });
    }
    errors.extend(collapse_unknown(unknown, instructions.len()));
    if instructions.is_empty() && errors.is_empty() {
        errors.push(SyntaxError {
            span: Span::empty(0),
            message: "the Dockerfile has no instructions".into(),
            help: Some(
                "a Dockerfile starts with `FROM`; `docker build` rejects an empty one".into(),
            ),
        });
    }
    errors.sort_by_key(|e| e.span);
    Dockerfile {
        directives: lexed.directives,
        escape,
        instructions,
        comments: lexed.comments,
        errors,
        empty_continuation_lines: lexed.empty_continuation_lines,
        logical_lines,
    }
}

/// Many lines that are not instructions mean the file is not a Dockerfile (a
/// template, a script): one diagnostic says so instead of one per line.
fn collapse_unknown(unknown: Vec<SyntaxError>, parsed: usize) -> Vec<SyntaxError> {
    const MANY: usize = 10;
    if unknown.len() < MANY || unknown.len() <= parsed {
        return unknown;
    }
    let first = &unknown[0];
    vec![SyntaxError {
        span: first.span,
        message: format!(
            "this does not look like a Dockerfile: {} lines start with something that is not an instruction, the first being {}",
            unknown.len(),
            first.message.trim_start_matches("unknown instruction ")
        ),
        help: Some("if this is a template, lint the Dockerfile it generates instead".into()),
    }]
}

fn parse_instruction(
    text: &str,
    map: &OffsetMap,
    span: Span,
    escape: char,
    errors: &mut Vec<SyntaxError>,
) -> Option<Instruction> {
    // A first line holding only the escape character leaves the next line's
    // indentation in front: BuildKit trims the whole logical line.
    let lead = text.len() - text.trim_lead().len();
    let kw_len = lead
        + text[lead..]
            .find(|c: char| c.is_whitespace())
            .unwrap_or(text.len() - lead);
    let kw_text = &text[lead..kw_len];
    let keyword_span = map.span_to_file(Span::new(lead as u32, kw_len as u32));
    let Some(keyword) = Keyword::from_str_ci(kw_text) else {
        let names: Vec<&str> = Keyword::ALL.iter().map(|k| k.as_str()).collect();
        let upper = kw_text.to_ascii_uppercase();
        let help = match did_you_mean(&upper, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "a line must start with an instruction such as `RUN` or `COPY`, or with `#` for a comment".into(),
        };
        errors.push(SyntaxError {
            span: keyword_span,
            message: format!(
                "unknown instruction `{}`",
                crate::redact::quoted_token(kw_text)
            ),
            help: Some(help),
        });
        return None;
    };
    let rest_start = kw_len + (text[kw_len..].len() - text[kw_len..].trim_lead().len());
    let rest = text[rest_start..].trim_end();

    let mut pos = rest_start;
    let mut flags = Vec::new();
    if takes_flags(keyword) {
        let mut words = Words::new(rest, escape);
        // A word whose first character is not `-`, a quote or the escape
        // character cannot unquote to a flag: the loop stops without
        // building it (the first word of every `RUN` is a command).
        while words
            .rest()
            .trim_lead()
            .starts_with(['-', '"', '\'', escape])
            && let Some((r, value)) = words.next()
        {
            if !value.starts_with("--") || value.len() <= 2 {
                break;
            }
            let abs = Span::new((rest_start + r.start) as u32, (rest_start + r.end) as u32);
            flags.push(flag(&value, text, abs, map));
            pos = rest_start + r.end;
        }
        check_flags(keyword, &flags, errors);
    }
    let args_start = pos + (text[pos..].len() - text[pos..].trim_lead().len());
    let args_end = args_start.max(rest_start + rest.len());
    // Flags, and the arguments of instructions the builder expands, are
    // expanded by rules too: nesting deeper than `expand` follows is
    // reported here, once.
    let expanded_end = if expands_arguments(keyword) {
        args_end
    } else {
        pos
    };
    if let Some(at) = expand::too_deep(&text[rest_start..expanded_end], escape) {
        let at = (rest_start + at) as u32;
        errors.push(SyntaxError {
            span: map.span_to_file(Span::new(at, at + 2)),
            message: format!(
                "variable expansion nested more than {} levels deep",
                expand::MAX_NESTING
            ),
            help: Some(
                "use fewer nested `${VAR:-...}` defaults; dockward treats the value as unknown"
                    .into(),
            ),
        });
    }
    let args_text = &text[args_start..args_end];
    let args_map = map.slice(args_start as u32);
    let args_span = if args_text.is_empty() {
        Span::empty(map.to_file(args_start as u32))
    } else {
        args_map.span_to_file(Span::new(0, args_text.len() as u32))
    };
    let ctx = ArgCtx {
        text: args_text,
        map: &args_map,
        escape,
        keyword,
        keyword_span,
        span,
    };
    let args = match keyword {
        Keyword::From => Args::From(parse_from(&ctx, errors)),
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint => {
            if keyword == Keyword::Run && args_text.is_empty() {
                errors.push(ctx.missing("a command"));
            }
            Args::Command(parse_command(&ctx, errors))
        }
        Keyword::Shell => {
            let c = parse_command(&ctx, errors);
            if !c.is_exec() {
                errors.push(SyntaxError {
                    span: if args_text.is_empty() {
                        keyword_span
                    } else {
                        args_span
                    },
                    message: "`SHELL` needs a JSON array, such as `[\"/bin/bash\", \"-c\"]`".into(),
                    help: Some(
                        "write the shell and its arguments as a JSON array of strings".into(),
                    ),
                });
            }
            Args::Command(c)
        }
        Keyword::Env | Keyword::Label => Args::KeyValues(parse_pairs(&ctx, errors, true)),
        Keyword::Arg => Args::KeyValues(parse_pairs(&ctx, errors, false)),
        Keyword::Copy | Keyword::Add | Keyword::Volume => {
            if args_text.is_empty() {
                errors.push(ctx.missing("arguments"));
            }
            if check_json_strings(&ctx, errors) {
                return Some(Instruction {
                    span,
                    keyword,
                    keyword_span,
                    flags,
                    args_text: args_text.to_string(),
                    args_map,
                    args_span,
                    args: Args::Words(Vec::new()),
                    heredocs: Vec::new(),
                });
            }
            Args::Words(match json_array(args_text) {
                Some(items) => items
                    .into_iter()
                    .map(|(r, v)| Spanned::new(v, ctx.file(r.start, r.end)))
                    .collect(),
                None => ctx.words(),
            })
        }
        Keyword::Expose => {
            if args_text.is_empty() {
                errors.push(ctx.missing("a port"));
            }
            Args::Words(ctx.words())
        }
        Keyword::User | Keyword::Workdir | Keyword::Stopsignal | Keyword::Maintainer => {
            if args_text.is_empty() {
                errors.push(ctx.missing("a value"));
                Args::Words(Vec::new())
            } else {
                Args::Words(vec![Spanned::new(unquote(args_text, escape), args_span)])
            }
        }
        Keyword::Healthcheck => Args::Healthcheck(parse_healthcheck(&ctx, errors)),
        Keyword::Onbuild => Args::Onbuild(parse_onbuild(&ctx, errors)),
    };
    Some(Instruction {
        span,
        keyword,
        keyword_span,
        flags,
        args_text: args_text.to_string(),
        args_map,
        args_span,
        args,
        heredocs: Vec::new(),
    })
}

/// Instructions whose arguments BuildKit expands (`$VAR`, `${VAR:-d}`).
fn expands_arguments(k: Keyword) -> bool {
    matches!(
        k,
        Keyword::Add
            | Keyword::Arg
            | Keyword::Copy
            | Keyword::Env
            | Keyword::Expose
            | Keyword::From
            | Keyword::Label
            | Keyword::Stopsignal
            | Keyword::User
            | Keyword::Volume
            | Keyword::Workdir
    )
}

/// Every instruction reads leading `--name` words as flags, as BuildKit
/// does (and rejects those it does not know: `CMD --port 80` fails to
/// build). `ONBUILD`'s flags would come before the wrapped instruction.
fn takes_flags(k: Keyword) -> bool {
    k != Keyword::Onbuild
}

fn known_flags(k: Keyword) -> &'static [&'static str] {
    match k {
        Keyword::From => &["platform"],
        Keyword::Run => &["mount", "network", "security", "device"],
        Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
        Keyword::Add => &[
            "chown",
            "chmod",
            "link",
            "checksum",
            "keep-git-dir",
            "exclude",
            "parents",
            "unpack",
        ],
        Keyword::Healthcheck => &[
            "interval",
            "timeout",
            "start-period",
            "start-interval",
            "retries",
        ],
        _ => &[],
    }
}

fn check_flags(k: Keyword, flags: &[Flag], errors: &mut Vec<SyntaxError>) {
    let known = known_flags(k);
    for f in flags {
        if !known.contains(&f.name.value.as_str()) {
            let help = match did_you_mean(&f.name.value, known.iter().copied()) {
                Some(s) => format!("did you mean `--{s}`?"),
                None => format!(
                    "`{k}` accepts {}",
                    known
                        .iter()
                        .map(|n| format!("`--{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let help = if known.is_empty() {
                format!(
                    "`{k}` takes no flags; arguments that start with `--` belong after the program, in exec form (`[\"app\", \"--{}\"]`)",
                    f.name.value
                )
            } else {
                help
            };
            errors.push(SyntaxError {
                span: f.span,
                message: format!("unknown flag `--{}` for `{k}`", f.name.value),
                help: Some(help),
            });
        }
    }
}

fn flag(value: &str, text: &str, abs: Span, map: &OffsetMap) -> Flag {
    // `value` is unquoted; find name/value boundaries in the raw text.
    let raw = &text[abs.range()];
    let body = &value[2..];
    let (name, val) = match body.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (body, None),
    };
    // Spans come from the raw text: unquoting may have shortened the name.
    let raw_eq = raw.find('=');
    let name_end = abs.start + raw_eq.unwrap_or(raw.len()) as u32;
    let name_span = Span::new((abs.start + 2).min(name_end), name_end);
    let value = val.map(|v| {
        let eq = raw_eq.map_or(raw.len(), |i| i + 1) as u32;
        let vspan = Span::new(abs.start + eq, abs.end);
        Spanned::new(v.to_string(), map.span_to_file(vspan))
    });
    Flag {
        name: Spanned::new(name.to_string(), map.span_to_file(name_span)),
        value,
        span: map.span_to_file(abs),
    }
}

struct ArgCtx<'a> {
    text: &'a str,
    map: &'a OffsetMap,
    escape: char,
    keyword: Keyword,
    keyword_span: Span,
    span: Span,
}

impl ArgCtx<'_> {
    fn file(&self, start: usize, end: usize) -> Span {
        self.map.span_to_file(Span::new(start as u32, end as u32))
    }

    fn words(&self) -> Vec<Spanned<String>> {
        split_words(self.text, self.escape)
            .into_iter()
            .map(|(r, v)| Spanned::new(v, self.file(r.start, r.end)))
            .collect()
    }

    fn missing(&self, what: &str) -> SyntaxError {
        SyntaxError {
            span: self.keyword_span,
            message: format!("`{}` needs {what}", self.keyword),
            help: None,
        }
    }
}

fn parse_from(ctx: &ArgCtx, errors: &mut Vec<SyntaxError>) -> From {
    let words = ctx.words();
    let mut from = From {
        words: words.clone(),
        image: words.first().cloned(),
        as_keyword: None,
        alias: None,
    };
    match words.len() {
        0 => errors.push(ctx.missing("a base image")),
        1 => {}
        3 if words[1].value.eq_ignore_ascii_case("as") => {
            from.as_keyword = Some(words[1].clone());
            from.alias = Some(words[2].clone());
        }
        _ => errors.push(SyntaxError {
            span: words[1].span.cover(words[words.len() - 1].span),
            message: "`FROM` takes an image and an optional `AS name`".into(),
            help: Some("write `FROM image[:tag] [AS name]`".into()),
        }),
    }
    from
}

/// A JSON array with an element that is not a string (`["sh", ["-c"]]`):
/// BuildKit refuses it instead of falling back to shell form.
fn check_json_strings(ctx: &ArgCtx, errors: &mut Vec<SyntaxError>) -> bool {
    let Some((r, what)) = json_non_string(ctx.text) else {
        return false;
    };
    errors.push(SyntaxError {
        span: ctx.file(r.start, r.end),
        message: format!(
            "`{}` in exec form takes a JSON array of strings, and this is {what}",
            ctx.keyword
        ),
        help: Some(
            "write every element as a string, such as `[\"sh\", \"-c\", \"echo hi\"]`".into(),
        ),
    });
    true
}

fn parse_command(ctx: &ArgCtx, errors: &mut Vec<SyntaxError>) -> Command {
    if check_json_strings(ctx, errors) {
        return Command::Exec(Vec::new(), ctx.file(0, ctx.text.len()));
    }
    if let Some(items) = json_array(ctx.text) {
        let whole = ctx.file(0, ctx.text.len());
        return Command::Exec(
            items
                .into_iter()
                .map(|(r, v)| Spanned::new(v, ctx.file(r.start, r.end)))
                .collect(),
            whole,
        );
    }
    Command::Shell {
        text: ctx.text.to_string(),
        map: ctx.map.clone(),
    }
}

fn parse_healthcheck(ctx: &ArgCtx, errors: &mut Vec<SyntaxError>) -> Healthcheck {
    let first_len = ctx.text.find(char::is_whitespace).unwrap_or(ctx.text.len());
    let first = &ctx.text[..first_len];
    if first.eq_ignore_ascii_case("NONE") {
        if ctx.text[first_len..].trim().is_empty() {
            return Healthcheck::None;
        }
        errors.push(SyntaxError {
            span: ctx.file(0, ctx.text.len()),
            message: "`HEALTHCHECK NONE` takes no arguments".into(),
            help: None,
        });
        return Healthcheck::None;
    }
    if !first.eq_ignore_ascii_case("CMD") {
        errors.push(SyntaxError {
            span: if ctx.text.is_empty() {
                ctx.keyword_span
            } else {
                ctx.file(0, first_len)
            },
            message: "`HEALTHCHECK` needs `CMD <command>` or `NONE`".into(),
            help: None,
        });
        return Healthcheck::None;
    }
    let rest_off =
        first_len + (ctx.text[first_len..].len() - ctx.text[first_len..].trim_lead().len());
    let sub_map = ctx.map.slice(rest_off as u32);
    let sub = ArgCtx {
        text: &ctx.text[rest_off..],
        map: &sub_map,
        ..*ctx
    };
    if sub.text.is_empty() {
        errors.push(SyntaxError {
            span: ctx.file(0, first_len),
            message: "`HEALTHCHECK CMD` needs a command".into(),
            help: None,
        });
    }
    Healthcheck::Cmd(parse_command(&sub, errors))
}

fn parse_onbuild(ctx: &ArgCtx, errors: &mut Vec<SyntaxError>) -> Option<Box<Instruction>> {
    if ctx.text.is_empty() {
        errors.push(ctx.missing("an instruction"));
        return None;
    }
    // `ONBUILD ONBUILD ...` is refused by the builder (DF230 reports it).
    // The nested trigger is kept as a bare `ONBUILD` without parsing what
    // follows, so a long chain of them cannot recurse deeply.
    let first = ctx.text.split(char::is_whitespace).next().unwrap_or("");
    if first.eq_ignore_ascii_case(Keyword::Onbuild.as_str()) {
        let span = ctx.file(0, first.len());
        let mut nested_errors = Vec::new();
        let inner = parse_instruction(first, ctx.map, span, ctx.escape, &mut nested_errors)?;
        return Some(Box::new(inner));
    }
    let inner_span = Span::new(ctx.map.to_file(0), ctx.span.end);
    let inner = parse_instruction(ctx.text, ctx.map, inner_span, ctx.escape, errors)?;
    Some(Box::new(inner))
}

/// ENV and LABEL (`key=value ...` or legacy `key value`), ARG (`name[=value] ...`).
fn parse_pairs(ctx: &ArgCtx, errors: &mut Vec<SyntaxError>, env_like: bool) -> Vec<KeyValue> {
    let raw_words = split_words(ctx.text, ctx.escape);
    if raw_words.is_empty() {
        errors.push(ctx.missing(if env_like {
            "`key=value` pairs"
        } else {
            "a name"
        }));
        return Vec::new();
    }
    // Legacy `ENV key value`: the first word has no `=`.
    if env_like && !raw_words[0].1.contains('=') {
        let (kr, key) = &raw_words[0];
        let key_span = ctx.file(kr.start, kr.end);
        let rest = &ctx.text[kr.end..];
        let lead = rest.len() - rest.trim_lead().len();
        let vstart = kr.end + lead;
        if vstart >= ctx.text.len() {
            errors.push(SyntaxError {
                span: key_span,
                message: format!("`{}` needs a value for `{key}`", ctx.keyword),
                help: Some(format!("write `{} {key}=value`", ctx.keyword)),
            });
            return vec![KeyValue {
                key: Spanned::new(key.clone(), key_span),
                value: None,
                span: key_span,
                legacy: true,
            }];
        }
        let vspan = ctx.file(vstart, ctx.text.len());
        return vec![KeyValue {
            key: Spanned::new(key.clone(), key_span),
            value: Some(Spanned::new(
                unquote(&ctx.text[vstart..], ctx.escape),
                vspan,
            )),
            span: key_span.cover(vspan),
            legacy: true,
        }];
    }
    let mut out = Vec::with_capacity(raw_words.len());
    for (r, _) in raw_words {
        let raw = &ctx.text[r.clone()];
        let span = ctx.file(r.start, r.end);
        match raw.find('=') {
            Some(eq) => {
                let key_raw = &raw[..eq];
                let key = unquote(key_raw, ctx.escape);
                if key.is_empty() {
                    errors.push(SyntaxError {
                        span,
                        message: format!("`{}` has a value without a name", ctx.keyword),
                        help: Some("write `name=value`".into()),
                    });
                    continue;
                }
                let vraw = &raw[eq + 1..];
                out.push(KeyValue {
                    key: Spanned::new(key, ctx.file(r.start, r.start + eq)),
                    value: Some(Spanned::new(
                        unquote(vraw, ctx.escape),
                        ctx.file(r.start + eq + 1, r.end),
                    )),
                    span,
                    legacy: false,
                });
            }
            None if !env_like => out.push(KeyValue {
                key: Spanned::new(unquote(raw, ctx.escape), span),
                value: None,
                span,
                legacy: false,
            }),
            None => errors.push(SyntaxError {
                span,
                message: format!("`{raw}` is not of the form `name=value`"),
                help: Some(format!(
                    "`{}` takes `name=value` pairs; quote values with spaces",
                    ctx.keyword
                )),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(src: &str) -> Instruction {
        let d = parse(src);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        d.instructions.into_iter().last().unwrap()
    }

    #[test]
    fn from_with_alias_and_platform() {
        let src = "from --platform=$BUILDPLATFORM golang:1.22 As build\n";
        let i = one(src);
        assert_eq!(i.keyword, Keyword::From);
        assert_eq!(&src[i.keyword_span.range()], "from");
        let f = i.from().unwrap();
        assert_eq!(f.image.as_ref().unwrap().value, "golang:1.22");
        assert_eq!(f.alias.as_ref().unwrap().value, "build");
        assert_eq!(&src[f.as_keyword.as_ref().unwrap().span.range()], "As");
        assert_eq!(i.flag("platform").unwrap().value_str(), "$BUILDPLATFORM");
        assert_eq!(
            &src[i.flags[0].value.as_ref().unwrap().span.range()],
            "$BUILDPLATFORM"
        );
    }

    #[test]
    fn exec_and_shell_forms() {
        let src = "CMD [\"nginx\", \"-g\", \"daemon off;\"]\nRUN echo \\\n  hi\n";
        let d = parse(src);
        let Some(Command::Exec(w, _)) = d.instructions[0].command() else {
            panic!()
        };
        assert_eq!(w[2].value, "daemon off;");
        assert_eq!(&src[w[2].span.range()], "\"daemon off;\"");
        let Some(Command::Shell { text, map }) = d.instructions[1].command() else {
            panic!()
        };
        assert_eq!(text, "echo   hi");
        assert_eq!(&src[map.to_file(7) as usize..][..2], "hi");
    }

    #[test]
    fn env_pairs_and_legacy() {
        let src = "ENV A=1 B=\"two words\"\nENV C three words\nARG X Y=2\n";
        let d = parse(src);
        let p = d.instructions[0].pairs();
        assert_eq!(p[1].value.as_ref().unwrap().value, "two words");
        assert_eq!(&src[p[1].key.span.range()], "B");
        let l = d.instructions[1].pairs();
        assert!(l[0].legacy);
        assert_eq!(l[0].value.as_ref().unwrap().value, "three words");
        let a = d.instructions[2].pairs();
        assert_eq!(a.len(), 2);
        assert!(a[0].value.is_none());
    }

    #[test]
    fn unknown_instruction_and_flag() {
        let d = parse("FROM x\nRUNN echo\nCOPY --form=a b c\nUSER u\n");
        assert_eq!(d.instructions.len(), 3);
        assert_eq!(d.errors.len(), 2);
        assert!(d.errors[0].help.as_ref().unwrap().contains("RUN"));
        assert!(d.errors[1].help.as_ref().unwrap().contains("--from"));
    }

    #[test]
    fn onbuild_and_healthcheck() {
        let d = parse(
            "ONBUILD RUN make\nHEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1\nHEALTHCHECK NONE\n",
        );
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(
            d.instructions[0].onbuild_inner().unwrap().keyword,
            Keyword::Run
        );
        assert!(matches!(
            d.instructions[1].command(),
            Some(Command::Shell { .. })
        ));
        assert!(matches!(
            d.instructions[2].args,
            Args::Healthcheck(Healthcheck::None)
        ));
    }

    #[test]
    fn flag_spans_come_from_the_raw_text() {
        // Found by fuzzing: an escape inside the name made the name span
        // end inside a multi-byte character.
        let src = "FROM x\nRUN --mo\\é=a true\n";
        let d = parse(src);
        let f = &d.instructions[1].flags[0];
        assert_eq!(f.name.value, "moé");
        assert_eq!(&src[f.name.span.range()], "mo\\é");
        assert_eq!(&src[f.value.as_ref().unwrap().span.range()], "a");
    }

    #[test]
    fn onbuild_chains_do_not_recurse() {
        let src = format!(
            "FROM x\n{}RUN y\nONBUILD from z\n",
            "ONBUILD ".repeat(200_000)
        );
        let d = parse(&src);
        assert_eq!(d.instructions.len(), 3);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let nested = d.instructions[1].onbuild_inner().unwrap();
        assert_eq!(nested.keyword, Keyword::Onbuild);
        assert_eq!(nested.keyword_span, Span::new(15, 22));
        assert!(nested.onbuild_inner().is_none());
        let from = d.instructions[2].onbuild_inner().unwrap();
        assert_eq!(from.keyword, Keyword::From);
    }

    #[test]
    fn a_lone_escape_line_starts_an_instruction() {
        let src = "FROM x\n\\\n\tRUN true\n";
        let d = parse(src);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.instructions[1].keyword, Keyword::Run);
        assert_eq!(&src[d.instructions[1].keyword_span.range()], "RUN");
    }

    #[test]
    fn a_template_is_one_error() {
        let mut src = String::from("FROM x\n");
        for i in 0..20 {
            src.push_str(&format!("{{{{ def x{i} }}}}\n"));
        }
        let d = parse(&src);
        assert_eq!(d.errors.len(), 1);
        assert!(
            d.errors[0].message.contains("20 lines"),
            "{}",
            d.errors[0].message
        );
        assert_eq!(d.errors[0].span.start, 7);
    }

    #[test]
    fn workdir_is_one_string() {
        let i = one("WORKDIR /my dir\n");
        assert_eq!(i.words()[0].value, "/my dir");
    }

    #[test]
    fn deep_expansion_is_one_error_at_the_level_too_many() {
        let deep = |n: usize| format!("{}x{}", "${a:-".repeat(n), "}".repeat(n));
        for kw in ["ENV b=", "USER ", "EXPOSE ", "LABEL a="] {
            let ok = parse(&format!("FROM a\n{kw}{}\n", deep(32)));
            assert!(ok.errors.is_empty(), "{kw}: {:?}", ok.errors);
            let d = parse(&format!("FROM a\n{kw}{}\n", deep(40)));
            assert_eq!(d.errors.len(), 1, "{kw}: {:?}", d.errors);
            let e = &d.errors[0];
            assert_eq!(
                e.message,
                "variable expansion nested more than 32 levels deep"
            );
            let at = 7 + kw.len() + 5 * 32;
            assert_eq!((e.span.start as usize, e.span.end as usize), (at, at + 2));
        }
        // A flag is expanded too.
        let d = parse(&format!("FROM a\nCOPY --chown={} a /b\n", deep(40)));
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
        // RUN's shell text is the shell parser's, bounded on its own.
        assert!(
            parse(&format!("FROM a\nRUN {}\n", deep(40)))
                .errors
                .is_empty()
        );
    }
}
