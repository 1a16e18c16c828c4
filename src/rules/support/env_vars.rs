//! Environment variables that `RUN` commands see, set by `ENV` and `ARG`
//! (inherited through `FROM <stage>`), in one pass over the file.

use crate::dockerfile::{Dockerfile, KeyValue, Keyword, Model, StageBase};

/// The value of one variable as each instruction sees it: `Some(value)`
/// once an `ENV` or an `ARG` with a default sets it in the stage or a stage
/// it builds on. Global `ARG`s (before the first `FROM`) are not in a RUN's
/// environment unless the stage declares them again.
pub fn var_at_each<'a>(df: &'a Dockerfile, model: &Model, name: &str) -> Vec<Option<&'a str>> {
    let n = df.instructions.len();
    let mut out = vec![None; n];
    let mut stage_end: Vec<Option<&'a str>> = Vec::with_capacity(model.stages.len());
    let mut global: Option<&'a str> = None;
    for ins in &df.instructions {
        if ins.keyword == Keyword::From {
            break;
        }
        if ins.keyword == Keyword::Arg
            && let Some(v) = value_of(ins.pairs(), name)
        {
            global = v;
        }
    }
    for s in &model.stages {
        let mut cur = match s.base {
            StageBase::Stage(b) if b < stage_end.len() => stage_end[b],
            _ => None,
        };
        for i in s.body() {
            let ins = &df.instructions[i];
            match ins.keyword {
                Keyword::Env => {
                    if let Some(v) = value_of(ins.pairs(), name) {
                        cur = v;
                    }
                }
                Keyword::Arg => {
                    if let Some(v) = value_of(ins.pairs(), name) {
                        // `ARG NAME` without a default takes the global default.
                        cur = v.or(global).or(cur);
                    }
                }
                _ => {}
            }
            out[i] = cur;
        }
        stage_end.push(cur);
    }
    out
}

/// `Some(Some(v))` when the pairs set `name` to `v`, `Some(None)` when they
/// declare it without a value.
fn value_of<'a>(pairs: &'a [KeyValue], name: &str) -> Option<Option<&'a str>> {
    pairs
        .iter()
        .rev()
        .find(|kv| kv.key.value == name)
        .map(|kv| kv.value.as_ref().map(|v| v.value.as_str()))
}

/// Whether a variable value means "on" (`1`, `true`, `yes`, `on`), as pip
/// and most tools read boolean environment variables.
pub fn truthy(v: &str) -> bool {
    matches!(
        v.trim_matches(['"', '\'']).to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    #[test]
    fn inherited_through_stages() {
        let src = "FROM python AS base\nENV PIP_NO_CACHE_DIR=1\nRUN a\nFROM base\nRUN b\nFROM python\nRUN c\nARG PIP_NO_CACHE_DIR=off\nRUN d\n";
        let df = parse(src);
        let m = Model::new(&df);
        let v = var_at_each(&df, &m, "PIP_NO_CACHE_DIR");
        assert_eq!(v[2], Some("1"));
        assert_eq!(v[4], Some("1"));
        assert_eq!(v[6], None);
        assert_eq!(v[8], Some("off"));
    }
}
