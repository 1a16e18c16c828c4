//! The Dockerfile parser on arbitrary text: no panic, every span in bounds,
//! and parse -> print gives the input back (`dockward::invariants::dockerfile`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = dockward::invariants::dockerfile(&text) {
        panic!("{e}\ninput: {text:?}");
    }
});
