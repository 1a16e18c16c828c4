//! The YAML loader and the Compose model on arbitrary text: no panic, node
//! spans in bounds and nested in their parents, verbatim scalars matching the
//! file, model problems in bounds (`dockward::invariants::{yaml, compose}`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = dockward::invariants::yaml(&text).and_then(|()| dockward::invariants::compose(&text)) {
        panic!("{e}\ninput: {text:?}");
    }
});
