//! The whole lint of one file, with every rule on but `shellcheck`
//! (`dockward::invariants::fuzz_config`): arbitrary bytes decoded the way
//! files are read, then linted as a Dockerfile and as a Compose file. No
//! panic (caught or not), every diagnostic, label and fix in bounds and on
//! character boundaries, every output format renders (SARIF without its
//! constant rule table) (`dockward::invariants::lint_rendering`).
#![no_main]

use std::sync::OnceLock;

use dockward::config::Config;
use dockward::source::FileKind;
use libfuzzer_sys::fuzz_target;

static CONFIG: OnceLock<Config> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let config = CONFIG.get_or_init(dockward::invariants::fuzz_config);
    let text = match dockward::lint::decode(data.to_vec()) {
        Ok(text) => text,
        Err(problem) => {
            // What could be recovered, and the offending byte, are in bounds.
            assert!(dockward::invariants::span_ok(&problem.text, problem.span) || problem.text.is_empty());
            String::from_utf8_lossy(data).replace('\0', " ")
        }
    };
    for kind in [FileKind::Dockerfile, FileKind::Compose] {
        let rendering = dockward::invariants::Rendering::InputDependent;
        if let Err(e) = dockward::invariants::lint_rendering(&text, kind, config, rendering) {
            panic!("{kind:?}: {e}\ninput: {text:?}");
        }
    }
});
