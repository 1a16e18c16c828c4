//! Image tags that move: `latest`, `stable`, ... (the `mutable-tags` option
//! of `unpinned-image-tag`, which `image-without-digest` honours too, so a
//! tag is reported by one of them, never both).

use crate::rules::ComposeContext;

/// Tags that name whatever was pushed last.
pub struct MutableTags(Vec<String>);

const DEFAULT_TAGS: [&str; 9] = [
    "latest", "stable", "edge", "test", "nightly", "dev", "beta", "canary", "lts",
];

/// The rule whose options hold the configured list.
const OWNER: &str = "unpinned-image-tag";

impl MutableTags {
    pub fn from_options(t: &toml::Table) -> Result<MutableTags, String> {
        let mut tags = Vec::new();
        for (k, v) in t {
            if k != "mutable-tags" {
                return Err(format!(
                    "unknown option `{k}`; this rule takes `mutable-tags`"
                ));
            }
            let list = v
                .as_array()
                .ok_or("`mutable-tags` must be an array of strings")?;
            for item in list {
                let s = item
                    .as_str()
                    .ok_or("`mutable-tags` must be an array of strings")?;
                tags.push(s.to_ascii_lowercase());
            }
        }
        Ok(MutableTags(tags))
    }

    fn contains(&self, tag: &str) -> bool {
        self.0.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }
}

/// Whether `tag` is mutable under the configured (or default) list.
pub fn is_mutable_tag(cx: &ComposeContext, tag: &str) -> bool {
    let owner = crate::rules::find(OWNER).expect("the rule that owns `mutable-tags`");
    match cx.options::<MutableTags>(owner.meta) {
        Some(m) => m.contains(tag),
        None => DEFAULT_TAGS.iter().any(|t| t.eq_ignore_ascii_case(tag)),
    }
}
