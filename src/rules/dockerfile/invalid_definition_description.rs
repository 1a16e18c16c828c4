//! A comment right above `FROM ... AS` or `ARG` that is not a description.

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF240",
    name: "invalid-definition-description",
    kind: Dockerfile,
    severity: Style,
    summary: "a comment right above a stage or an `ARG` does not start with its name",
    origins: [buildkit("InvalidDefinitionDescription")],
    default_enabled: false,
};

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let src = &cx.file.source;
    let text = cx.text();
    // Comments by the line they are on.
    let comments: Vec<(usize, &crate::dockerfile::Comment)> = df
        .comments
        .iter()
        .filter(|c| !c.inside_instruction)
        .map(|c| (src.index.line_of(c.span.start), c))
        .collect();
    for ins in &df.instructions {
        let (what, name) = match ins.keyword {
            Keyword::From => match ins.from().and_then(|f| f.alias.as_ref()) {
                Some(a) => ("stage", a.value.as_str()),
                None => continue,
            },
            Keyword::Arg if ins.pairs().len() == 1 => ("argument", ins.pairs()[0].key.value.as_str()),
            _ => continue,
        };
        let line = src.index.line_of(ins.span.start);
        // The block of comment lines directly above, bottom up.
        let mut block = Vec::new();
        let mut l = line;
        while l > 0 {
            match comments.binary_search_by_key(&(l - 1), |(n, _)| *n) {
                Ok(k) => {
                    block.push(comments[k].1);
                    l -= 1;
                }
                Err(_) => break,
            }
        }
        // An empty `#` separates like an empty line: BuildKit forgets the
        // comments before it, so a block ending in one describes nothing.
        if let Some(k) = block.iter().position(|c| c.text.is_empty()) {
            block.truncate(k);
        }
        // Parser directives (`# syntax=`, `# check=`) and suppression
        // comments are not descriptions; the description is the top of
        // what remains.
        let Some(c) = block.iter().rev().copied().find(|c| {
            let ctext = &text[c.span.range()];
            crate::dockerfile::directive_name(ctext).is_none()
                && crate::pragma::parse_comment(ctext).is_none()
        }) else {
            continue;
        };
        let first = c.text.split_whitespace().next().unwrap_or("");
        if first == name {
            continue;
        }
        out.report(
            &META,
            c.span,
            format!("the comment above {what} `{name}` is read as its description but does not start with `{name}`"),
        )
        .help(format!("start it with `# {name} `, or separate it from the instruction with an empty line"));
    }
}
