//! Base images and image references as stage rules see them.

use crate::dockerfile::{Dockerfile, Model, StageBase};
use crate::image::ImageRef;
use crate::source::Span;

/// A stage's base image, when it is an image (not `scratch`, not a stage).
#[derive(Clone, Copy, Debug)]
pub struct BaseImage<'a> {
    /// The FROM instruction.
    pub instruction: usize,
    /// The image word as written.
    pub raw: &'a str,
    /// With build arguments expanded to their defaults.
    pub resolved: &'a str,
    /// File span of the image word.
    pub span: Span,
}

impl BaseImage<'_> {
    /// `` `raw` `` or `` `raw` (`resolved`) `` when an argument was expanded.
    pub fn shown(&self) -> String {
        if self.raw == self.resolved {
            format!("`{}`", self.raw)
        } else {
            format!("`{}` (`{}`)", self.raw, self.resolved)
        }
    }
}

/// Every stage built on an image whose reference is known once build
/// arguments take their defaults.
pub fn base_images<'a>(df: &'a Dockerfile, model: &'a Model) -> Vec<BaseImage<'a>> {
    let mut out = Vec::new();
    for s in &model.stages {
        let StageBase::Image {
            raw,
            resolved,
            unknown,
        } = &s.base
        else {
            continue;
        };
        // An empty or invalid reference is `invalid-default-arg-in-from`'s.
        if *unknown || !is_valid_reference(resolved) {
            continue;
        }
        let Some(img) = df.instructions[s.from]
            .from()
            .and_then(|f| f.image.as_ref())
        else {
            continue;
        };
        out.push(BaseImage {
            instruction: s.from,
            raw,
            resolved,
            span: img.span,
        });
    }
    out
}

/// Whether an image reference is valid by the distribution grammar:
/// lowercase repository path components, an optional registry host, an
/// optional tag of at most 128 word characters, an optional digest.
pub fn is_valid_reference(s: &str) -> bool {
    if s.is_empty() || s.contains(char::is_whitespace) {
        return false;
    }
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        let Some((algo, hex)) = d.split_once(':') else {
            return false;
        };
        if algo.is_empty()
            || hex.len() < 32
            || !hex.bytes().all(|b| b.is_ascii_hexdigit())
            || !algo
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b))
        {
            return false;
        }
    }
    let r = ImageRef::parse(rest);
    if let Some(tag) = r.tag {
        let b = tag.as_bytes();
        if b.is_empty()
            || b.len() > 128
            || !(b[0].is_ascii_alphanumeric() || b[0] == b'_')
            || !b
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || b"_.-".contains(c))
        {
            return false;
        }
    }
    if let Some(host) = r.registry
        && (host.is_empty()
            || !host
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b".-:[]".contains(&c)))
    {
        return false;
    }
    !r.repository.is_empty()
        && r.repository.split('/').all(|part| {
            let b = part.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"._-".contains(c))
        })
}

/// A registry pattern of hadolint's `trustedRegistries`: exact, or with a
/// `*` at the start (`*.gcr.io`) or the end (`registry.example.*`).
pub fn registry_matches(pattern: &str, registry: &str) -> bool {
    let p = pattern.to_ascii_lowercase();
    let r = registry.to_ascii_lowercase();
    if p == "*" {
        return true;
    }
    if let Some(suffix) = p.strip_prefix('*') {
        return r.ends_with(suffix);
    }
    if let Some(prefix) = p.strip_suffix('*') {
        return r.starts_with(prefix);
    }
    p == r || (p == "docker.io" && r == "index.docker.io")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        for ok in [
            "alpine",
            "alpine:3.20",
            "ghcr.io/a/b:v1",
            "localhost:5000/x",
            "busybox:stable",
            "a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert!(is_valid_reference(ok), "{ok}");
        }
        for bad in [
            "",
            "busybox:",
            "Alpine",
            "a::b",
            "a/:x",
            "-x",
            "a b",
            "x@sha256:zz",
        ] {
            assert!(!is_valid_reference(bad), "{bad}");
        }
    }

    #[test]
    fn registry_patterns() {
        assert!(registry_matches("*.gcr.io", "eu.gcr.io"));
        assert!(registry_matches("docker.io", "docker.io"));
        assert!(registry_matches("registry.*", "registry.example.com"));
        assert!(!registry_matches("gcr.io", "ghcr.io"));
    }
}
