//! `FROM --platform=` with a constant value.

use crate::rules::prelude::*;

pub static META: RuleMeta = crate::rule_meta! {
    code: "DF204",
    name: "constant-platform-flag",
    kind: Dockerfile,
    severity: Info,
    summary: "`FROM --platform` is set to a constant platform",
    origins: [hadolint("DL3029"), buildkit("FromPlatformFlagConstDisallowed")],
};

/// The OS and architecture of a platform string, normalized the way
/// containerd's `platforms.Parse` does (`x86_64` is `amd64`, `aarch64` is
/// `arm64`; an architecture alone means Linux; an OS alone leaves the
/// architecture empty). `None` for several platforms or a value that is
/// not one.
fn platform_parts(p: &str) -> Option<(&'static str, String)> {
    if p.contains(',') {
        return None;
    }
    let parts: Vec<String> = p.split('/').map(str::to_ascii_lowercase).collect();
    const OSES: [&str; 12] = [
        "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos",
        "android", "ios", "aix", "plan9",
    ];
    let os_of = |s: &str| OSES.iter().copied().find(|o| *o == s);
    let (os, arch) = match parts.as_slice() {
        [one] => match os_of(one) {
            Some(os) => (os, String::new()),
            None => ("linux", one.clone()),
        },
        [os, arch, ..] => (os_of(os)?, arch.clone()),
        [] => return None,
    };
    let arch = match arch.as_str() {
        "x86_64" | "x86-64" => "amd64".into(),
        "aarch64" | "armv8" => "arm64".into(),
        "armhf" | "armel" | "armv7" | "armv7l" | "armv6" | "armv6l" => "arm".into(),
        "i386" | "i686" | "x86" => "386".into(),
        a => a.to_string(),
    };
    Some((os, arch))
}

pub fn check(cx: &DockerfileContext, out: &mut Diagnostics) {
    let df = cx.df();
    for s in &cx.model().stages {
        let ins = &df.instructions[s.from];
        let Some(v) = ins.flag("platform").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        if v.value.contains('$') || v.value.is_empty() {
            continue;
        }
        // A stage whose name holds the platform's OS or architecture
        // (`AS build-arm64`, `AS linux-tools`) is deliberate, as BuildKit
        // judges it.
        let named_for_it = s.name.as_ref().is_some_and(|n| {
            let n = n.value.to_ascii_lowercase();
            platform_parts(&v.value)
                .is_some_and(|(os, arch)| n.contains(os) || (!arch.is_empty() && n.contains(&arch)))
        });
        if named_for_it {
            continue;
        }
        out.report(
            &META,
            v.span,
            format!(
                "`--platform={}` pins the stage to one platform, so multi-platform builds run it emulated",
                v.value
            ),
        )
        .help("use `--platform=$BUILDPLATFORM` for build tools, or drop the flag to build for the target platform");
    }
}
