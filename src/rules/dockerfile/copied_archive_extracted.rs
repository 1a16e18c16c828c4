//! A tar archive copied into the image and extracted by a later `RUN`.

use foldhash::{HashMap, HashMapExt};

use crate::dockerfile::Keyword;
use crate::rules::prelude::*;
use crate::rules::support::run_scripts::runs;
use crate::shell::CommandView;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF138",
    name: "copied-archive-extracted",
    kind: Dockerfile,
    severity: Info,
    summary: "a tar archive is copied into the image and then extracted, so the archive stays in a layer",
    origins: [hadolint("DL3010")],
};

const TAR_SUFFIXES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst",
];

fn base(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

fn is_tar(name: &str) -> bool {
    TAR_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// The archive operands of `tar` when it extracts (`tar -xzf a.tgz`, `tar xf
/// a.tar`, `tar --extract --file=a.tar`).
fn extracted<'a>(v: &CommandView<'a>) -> Vec<&'a str> {
    if v.name_str() != Some("tar") {
        return Vec::new();
    }
    let first = v.args.first().map_or("", |w| w.text.as_str());
    let extract = v.args.iter().any(|w| {
        let t = w.text.as_str();
        t == "--extract" || t == "--get" || (t.starts_with('-') && !t.starts_with("--") && t.contains('x'))
    }) || (!first.starts_with('-') && first.contains('x'));
    if !extract {
        return Vec::new();
    }
    v.args
        .iter()
        .map(|w| w.text.as_str())
        .map(|t| t.strip_prefix("--file=").unwrap_or(t))
        .filter(|t| is_tar(t))
        .map(base)
        .collect()
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    let model = cx.model();
    // Only `tar` extracting is reported.
    if !model.may_run(&["tar"]) {
        return;
    }
    // Per stage: archive basename as it lands in the image -> the source word.
    let mut copied: Vec<HashMap<&str, (Span, String)>> = vec![HashMap::new(); model.stages.len()];
    let mut groups = runs(model).peekable();
    for (i, ins) in df.instructions.iter().enumerate() {
        let Some(stage) = model.stage_of(i) else {
            continue;
        };
        if ins.keyword == Keyword::Copy && ins.flag("from").is_none() {
            let words = ins.words();
            if let Some((dest, sources)) = words.split_last() {
                for src in sources {
                    let name = base(&src.value);
                    if !is_tar(name) || src.value.contains("://") {
                        continue;
                    }
                    let landed = if sources.len() == 1 && !dest.value.ends_with('/') && is_tar(base(&dest.value)) {
                        base(&dest.value)
                    } else {
                        name
                    };
                    copied[stage.index].insert(landed, (src.span, src.value.clone()));
                }
            }
        }
        while let Some(g) = groups.peek() {
            if g.instruction > i {
                break;
            }
            let g = groups.next().expect("peeked");
            if g.instruction < i || g.onbuild {
                continue;
            }
            for cmd in g.commands() {
                for name in extracted(&cmd.effective()) {
                    if let Some((span, src)) = copied[stage.index].remove(name) {
                        out.report(
                            &META,
                            span,
                            format!("`{src}` is copied into a layer and extracted by a later `RUN`, so the image keeps both"),
                        )
                        .label(cmd.span, "extracted here")
                        .help("extract it without keeping it: `RUN --mount=type=bind,source=<archive>,target=/tmp/<archive> tar -x...`, or `ADD` it to have it extracted");
                    }
                }
            }
        }
    }
}
