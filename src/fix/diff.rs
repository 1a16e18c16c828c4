//! Unified diffs of fixed files, for `--diff`.

/// The unified diff (three lines of context) between a file's text before
/// and after fixing, with `--- a/PATH` and `+++ b/PATH` headers.
pub fn unified(path: &str, before: &str, after: &str) -> String {
    let diff = similar::TextDiff::from_lines(before, after);
    diff.unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn shows_changed_lines_with_context() {
        let d = super::unified(
            "Dockerfile",
            "FROM a\nMAINTAINER x\nRUN b\n",
            "FROM a\nLABEL maintainer=\"x\"\nRUN b\n",
        );
        assert_eq!(
            d,
            "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n FROM a\n-MAINTAINER x\n+LABEL maintainer=\"x\"\n RUN b\n"
        );
    }
}
