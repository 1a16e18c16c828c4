//! Multi-file Compose projects on disk: `include` (short and long form,
//! `env_file`, `project_directory`), `extends` across files, `env_file`,
//! `.env` and `COMPOSE_FILE`, override layers, builds, and symbolic links
//! out of the repository (`dockward::invariants::project`).
//!
//! The input is split into files at lines `#@<b>`, where the byte `b`
//! picks a name from `PROJECT_NAMES`; text before the first marker is
//! `compose.yaml`. A line `#>L<b><t>` makes the name `b` picks a symbolic
//! link: `t` picks the outside `.env`, the outside YAML file,
//! `/proc/self/environ` (which holds the canary too), or another name of
//! the project. Holds: no panic, diagnostics in bounds, every format
//! renders, and nothing outside the repository is ever printed.
#![no_main]

use std::sync::OnceLock;

use dockward::invariants::{OUTSIDE_CANARY, PROJECT_NAMES, project};
use libfuzzer_sys::fuzz_target;

static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();

fn dir() -> &'static std::path::Path {
    DIR.get_or_init(|| {
        // The environment holds the canary too: a link to
        // `/proc/self/environ` that were read would print it.
        // SAFETY: set once, before any thread of the target reads it.
        unsafe { std::env::set_var("DOCKWARD_FUZZ_CANARY", OUTSIDE_CANARY) };
        tempfile::tempdir().expect("a temporary directory")
    })
    .path()
}

fuzz_target!(|data: &[u8]| {
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut links: Vec<(&str, String)> = Vec::new();
    let mut current = PROJECT_NAMES[0];
    let mut text = Vec::new();
    for line in data.split_inclusive(|b| *b == b'\n') {
        if let [b'#', b'@', b, ..] = line {
            files.push((current, std::mem::take(&mut text)));
            current = PROJECT_NAMES[*b as usize % PROJECT_NAMES.len()];
            continue;
        }
        if let [b'#', b'>', b'L', b, t, ..] = line {
            let name = PROJECT_NAMES[*b as usize % PROJECT_NAMES.len()];
            let target = match t % 8 {
                0 => "../outside.env".to_string(),
                1 => "../outside.yaml".to_string(),
                2 => "/proc/self/environ".to_string(),
                n => {
                    let other = PROJECT_NAMES[(n as usize * 7 + *b as usize) % PROJECT_NAMES.len()];
                    if name.starts_with("sub/") {
                        format!("../{other}")
                    } else {
                        other.to_string()
                    }
                }
            };
            links.push((name, target));
            continue;
        }
        text.extend_from_slice(line);
    }
    files.push((current, text));
    // A link replaces a file of the same name (the last word wins).
    files.retain(|(n, _)| !links.iter().any(|(l, _)| l == n));
    links.dedup_by(|a, b| a.0 == b.0);
    let links: Vec<(&str, &str)> = links.iter().map(|(n, t)| (*n, t.as_str())).collect();
    if let Err(e) = project(dir(), &files, &links) {
        panic!("{e}\ninput: {:?}", String::from_utf8_lossy(data));
    }
});
