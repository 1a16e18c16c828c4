//! Inputs the fuzzers (`fuzz/`) once failed on, as named cases: each runs
//! through the same invariants as the fuzz target that found it
//! (`dockward::invariants`), so the bug stays fixed without a corpus (the
//! fuzz corpus is not in git: `fuzz/README.md`). Add a case here for every
//! fuzzer finding, then fix it.

use dockward::invariants;
use dockward::source::FileKind;

/// What the `compose_load` target checks: YAML node spans nested in their
/// parents, verbatim scalars, model problems in bounds.
fn compose_load(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    invariants::yaml(&text)
        .and_then(|()| invariants::compose(&text))
        .unwrap_or_else(|e| panic!("{e}\ninput: {text:?}"));
}

/// What the `lint_file` target checks: the whole lint with every rule on
/// but `shellcheck` (`invariants::fuzz_config`, as the target), as a
/// Dockerfile and as a Compose file, every output format rendering.
fn lint_file(bytes: &[u8]) {
    let config = invariants::fuzz_config();
    let text = match dockward::lint::decode(bytes.to_vec()) {
        Ok(text) => text,
        Err(_) => String::from_utf8_lossy(bytes).replace('\0', " "),
    };
    for kind in [FileKind::Dockerfile, FileKind::Compose] {
        invariants::lint_rendering(&text, kind, &config, invariants::Rendering::Whole)
            .unwrap_or_else(|e| panic!("{kind:?}: {e}\ninput: {text:?}"));
    }
}

/// `crash-93daee0d4972bd3a3f2a29906214122b7056f8e4` (compose_load): a `%`
/// directive line with characters that are not ASCII (here invalid UTF-8,
/// replaced by U+FFFD) shifted every later span, because saphyr skips
/// directive characters as bytes.
#[test]
fn non_ascii_yaml_directive_keeps_spans() {
    let input = b"%\xf2\xe0\n---\n! ::\n! :";
    compose_load(input);
    lint_file(input);
}

/// The same shape with valid multi-byte text on the directive line.
#[test]
fn multibyte_yaml_directive_keeps_spans() {
    compose_load("%YAML é 1.2\n---\nservices:\n  web: {image: nginx}\n".as_bytes());
    lint_file("%TAG ! tag:é,2000:\n---\nservices:\n  web:\n    image: nginx\n".as_bytes());
}
